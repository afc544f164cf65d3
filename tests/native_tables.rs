//! With the built-in templates, tables and sheets are written by Rust
//! (`render::native`) instead of through their partials. A site whose theme carries its
//! own copy of the partials takes the template path; both must give the same site, byte
//! for byte, and a theme's own partial must still be what its tables and sheets are
//! rendered with.

mod common;

use common::{SiteCopy, assert_same_output, copy_tree, gongshi};
use std::fs;
use std::path::Path;

const PARTIALS: [&str; 3] = [
    "partials/table.html",
    "partials/sheet.html",
    "partials/sheet_table.html",
];

fn builtin(partial: &str) -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(repo.join("themes/default/templates").join(partial)).unwrap()
}

/// Builds `root` as it is and again with the table partials overridden by `override`
/// of the built-in text; returns both outputs.
fn build_both_ways(
    root: &Path,
    change: impl Fn(&str) -> String,
) -> (tempfile::TempDir, tempfile::TempDir) {
    let (plain, overridden) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let site = tempfile::tempdir().unwrap();
    for part in ["content", "static", "site.yaml"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_tree(&from, &site.path().join(part));
        } else if from.is_file() {
            fs::copy(&from, site.path().join(part)).unwrap();
        }
    }
    let templates = site.path().join("themes/default/templates");
    fs::create_dir_all(templates.join("partials")).unwrap();
    for (dir, out) in [(root, &plain), (site.path(), &overridden)] {
        if dir == site.path() {
            for partial in PARTIALS {
                fs::write(templates.join(partial), change(&builtin(partial))).unwrap();
            }
        }
        let run = gongshi(&[
            "build",
            "--root",
            dir.to_str().unwrap(),
            "--output",
            out.path().join("public").to_str().unwrap(),
            "--today",
            "2014-03-22",
            "--single-file",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    (plain, overridden)
}

/// A Tera comment: the theme's partial is no longer the built-in text, and renders the
/// same.
fn same_but_own(text: &str) -> String {
    format!("{{# 本站自己的副本 #}}{text}")
}

fn assert_same_either_way(root: &Path) {
    let (native, templated) = build_both_ways(root, same_but_own);
    assert_same_output(
        &native.path().join("public"),
        &templated.path().join("public"),
        "with tables written by Rust and by the partials",
    );
}

#[test]
fn the_sample_county_is_the_same_with_tables_written_by_rust_or_templates() {
    assert_same_either_way(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn the_fixture_site_is_the_same_with_tables_written_by_rust_or_templates() {
    assert_same_either_way(SiteCopy::of("good").root());
}

#[test]
fn a_theme_that_overrides_a_table_or_sheet_partial_gets_its_own() {
    let marked = |text: &str| {
        text.replacen("<table class=", "<table data-own=\"1\" class=", 1)
            .replacen("<section class=", "<section data-own=\"1\" class=", 1)
    };
    let (native, own) = build_both_ways(SiteCopy::of("good").root(), marked);
    let page = "public/notices/hh-first/index.html";
    let sheet = "public/notices/hh-first/print/index.html";
    for (dir, marks) in [(&native, 0), (&own, 1)] {
        for file in [page, sheet] {
            let html = fs::read_to_string(dir.path().join(file)).unwrap();
            assert!(html.contains("<table"), "{file}");
            assert_eq!(html.matches("data-own").count().min(1), marks, "{file}");
        }
    }
}
