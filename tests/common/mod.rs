//! Helpers shared by the integration tests: copies of fixture sites in temporary
//! folders, and the real `gongshi` binary run on them.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture site, so a test may edit it.
pub struct SiteCopy {
    pub dir: tempfile::TempDir,
}

impl SiteCopy {
    pub fn of(name: &str) -> SiteCopy {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture(name), dir.path());
        SiteCopy { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Replaces `from` (which must occur) with `to` in `rel`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = fs::read_to_string(&path).expect("read fixture file");
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write fixture file");
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Adds `count` county announcements about 长沟村 (`长沟村第{i}号公告`, dated
    /// 2014-05-01 to 05-28 in turn): enough of them split its region list over pages.
    pub fn add_announcements(&self, count: usize) {
        for i in 0..count {
            self.write(
                &format!("content/notices/extra-{i:03}.md"),
                format!(
                    "---\ntitle: 长沟村第{i}号公告\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: 2014-05-{:02}\n---\n公告正文。\n",
                    1 + i % 28
                ),
            );
        }
    }

    /// Runs `gongshi ARGS --root <copy>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap().to_string();
        all.push("--root");
        all.push(&root);
        gongshi(&all)
    }

    /// Builds as of 2014-03-22 with every fixture notice, whatever its date (the
    /// fixture's later rounds are dated after it; `tests/as_of.rs` tests leaving them out).
    pub fn build(&self) -> Run {
        self.run(&["build", "--today", "2014-03-22", "--include-future"])
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn gongshi(args: &[&str]) -> Run {
    gongshi_with_env(args, &[])
}

pub fn gongshi_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run gongshi");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Two output folders hold the same files, byte for byte (and more than a handful:
/// an empty build is not a pass). `how` names the difference being ruled out.
pub fn assert_same_output(a: &Path, b: &Path, how: &str) {
    let (a, b) = (snapshot(a), snapshot(b));
    assert!(a.len() > 10);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs {how}");
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Runs the independent leak scanner `../shared/tools/scan_pii.py` over `dir` and
/// asserts it finds nothing. Beside a developer's checkout it may be missing (the
/// test then says so and goes on); in CI (`CI=true`) it must be there.
pub fn assert_independent_scanner_finds_nothing(dir: &Path) {
    let scanner = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/scan_pii.py");
    if !scanner.is_file() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is missing",
            scanner.display()
        );
        eprintln!(
            "note: {} not found; only gongshi's own scanner was run",
            scanner.display()
        );
        return;
    }
    let out = Command::new("python3")
        .arg(&scanner)
        .arg(dir)
        .output()
        .expect("run python3 scan_pii.py");
    assert!(
        out.status.success(),
        "scan_pii.py found unmasked numbers:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Headless Chromium as every browser test starts it (the flags of the repository's
/// rules, a fresh `profile`), with its window `size` and `extra` flags.
pub fn chromium(profile: &Path, size: (u32, u32), extra: &[&str]) -> headless_chrome::Browser {
    let mut args: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    headless_chrome::Browser::new(headless_chrome::LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(PathBuf::from("/usr/bin/chromium")),
        user_data_dir: Some(profile.to_path_buf()),
        args,
        window_size: Some(size),
        idle_browser_timeout: std::time::Duration::from_secs(120),
        ..headless_chrome::LaunchOptions::default()
    })
    .unwrap_or_else(|e| {
        panic!(
            "could not start /usr/bin/chromium ({e}): run tests/run (it installs chromium) \
             or apt-get install chromium"
        )
    })
}

/// Builds the repository's sample county (`content/`) into a fresh folder with
/// `build --root <repo> --output <folder> ARGS`, which must succeed; returns the folder.
pub fn build_sample(args: &[&str]) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut all = vec![
        "build",
        "--root",
        repo.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let run = gongshi(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

/// Prints `html` to `pdf` with headless Chromium, as `gongshi build --pdf` prints it.
pub fn chromium_pdf(html: &Path, pdf: &Path) {
    gongshi::pdf::print_to_pdf(Path::new("chromium"), html, pdf).unwrap_or_else(|e| {
        panic!("{e}: run tests/run (it installs chromium) or apt-get install chromium")
    });
}

/// `html` without its tags, entities of the data tables decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .trim()
        .to_string()
}
