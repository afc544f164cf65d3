//! Runs the fuzz target's check on stable Rust over files and folders of inputs
//! (by default `seeds/plain_yaml`, `corpus/plain_yaml` and `artifacts/plain_yaml`,
//! those that exist): `cargo run --bin replay [PATH…]` in `fuzz/`.

use std::path::{Path, PathBuf};

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        paths = ["seeds", "corpus", "artifacts"]
            .iter()
            .map(|dir| here.join(dir).join("plain_yaml"))
            .filter(|dir| dir.is_dir())
            .collect();
    }
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files);
    }
    files.sort();
    for file in &files {
        let data =
            std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        if let Err(panic) = std::panic::catch_unwind(|| gongshi_fuzz::check(&data)) {
            eprintln!("failed on {}", file.display());
            std::panic::resume_unwind(panic);
        }
    }
    println!("{} inputs checked", files.len());
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()));
        for entry in entries {
            collect(&entry.expect("a folder entry").path(), files);
        }
    } else {
        files.push(path.to_path_buf());
    }
}
