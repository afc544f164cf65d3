//! The data flows one way: load (`content`) → `model` → `check` → `render` → `output`,
//! with `serve` and `import` on top. Rust allows cycles between the modules of one
//! crate, so this test is what forbids them: it reads every `crate::NAME` path outside
//! `#[cfg(test)]` code and fails on any cycle between top-level modules, naming it.
//! (One crate rather than a workspace: `cargo install --path .` and the embedded
//! theme stay one step, and this test runs on every `cargo test`.)

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Top-level modules of `src/` and the other top-level modules each one names.
fn module_graph(src: &Path) -> Graph {
    let mut files: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let all = walkdir::WalkDir::new(&path)
                .into_iter()
                .map(|e| e.unwrap().into_path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"));
            files.entry(name).or_default().extend(all);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !["lib", "main"].contains(&name.as_str())
        {
            files.entry(name).or_default().push(path);
        }
    }
    let names: BTreeSet<String> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(module, paths)| {
            let mut uses = BTreeSet::new();
            for path in paths {
                let text = fs::read_to_string(path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                for name in named_modules(code) {
                    if names.contains(&name) && &name != module {
                        uses.insert(name);
                    }
                }
            }
            (module.clone(), uses)
        })
        .collect()
}

/// `X` of every `crate::X` and of every `crate::{X, Y::…}`.
fn named_modules(code: &str) -> Vec<String> {
    let ident = |s: &str| {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(group.split(',').map(|g| ident(g.trim())));
        } else {
            out.push(ident(rest));
        }
    }
    out
}

/// Every cycle, as the sorted modules of a strongly connected component.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    // Two modules are in one cycle when each reaches the other.
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, r) in &reaches {
        if !r.contains(*m) {
            continue;
        }
        let component: Vec<String> = r
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        found.insert(component);
    }
    found.into_iter().collect()
}

#[test]
fn no_module_of_the_crate_depends_on_itself_through_others() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.contains_key("model") && graph.contains_key("render"));
    assert!(graph["render"].contains("model"), "{graph:?}");
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles between modules: {found:?}");
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let code = "use crate::{model::x, check};\nfn f() { crate::render::g(); }";
    assert_eq!(named_modules(code), ["model", "check", "render"]);
    let graph: Graph = [
        ("config", vec!["model"]),
        ("content", vec!["config", "model"]),
        ("model", vec!["content"]),
        ("render", vec!["model"]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_string(), uses.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&graph), vec![vec!["config", "content", "model"]]);
}
