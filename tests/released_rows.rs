//! `gongshi build` and `gongshi check` load a site once: each household list is checked
//! as it is read and its rows are let go, and pages read them from the file again
//! (`Site::load_once`). That must find and render exactly what a site kept whole (the
//! preview's way, `Site::load`) does.

mod common;

use common::{SiteCopy, assert_same_output};
use gongshi::content::RecordFile;
use gongshi::model::date::Day;
use gongshi::model::records::RecordSet;
use gongshi::{BuildFailure, BuildOptions, Site};
use std::path::Path;

fn options(output: &Path) -> BuildOptions {
    BuildOptions {
        output: output.to_path_buf(),
        today: Day::parse("2014-03-22").unwrap(),
        base_url: None,
        deny_warnings: false,
    }
}

fn households(site: &Site) -> Vec<&RecordFile> {
    site.content
        .records
        .values()
        .filter(|rf| matches!(rf.set, RecordSet::Households(_)))
        .collect()
}

fn released(rf: &RecordFile) -> bool {
    matches!(&rf.set, RecordSet::Households(l) if l.rows_released() && l.rows.is_empty())
}

fn assert_same_either_way(root: &Path) {
    let kept = Site::load(root).unwrap();
    let once = Site::load_once(root).unwrap();
    assert!(!households(&once).is_empty());
    assert!(households(&once).into_iter().all(released));
    assert!(!households(&kept).into_iter().any(released));
    assert_eq!(format!("{:?}", kept.check()), format!("{:?}", once.check()));

    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("kept"), out.path().join("once"));
    kept.build(&options(&a)).unwrap();
    once.build(&options(&b)).unwrap();
    assert_same_output(&a, &b, "with rows released");
}

#[test]
fn the_sample_county_renders_the_same_with_rows_released() {
    assert_same_either_way(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn the_fixture_site_renders_the_same_with_rows_released() {
    assert_same_either_way(SiteCopy::of("good").root());
}

#[test]
fn the_rules_within_a_list_find_the_same_with_rows_released() {
    let site = SiteCopy::of("good");
    let hh = "content/records/households/hh.yaml";
    site.edit(hh, "53062319700312001X", "530623197003120010");
    site.edit(hh, "category: 一般贫困户", "category: 贫困户");
    site.edit(hh, "size: 4", "size: 0");
    site.edit(hh, "[因病, 缺技术]", "[因病, 懒]");
    site.edit(hh, "\"13800001234\"", "\"1380000\"");
    let kept = Site::load(site.root()).unwrap().check();
    let once = Site::load_once(site.root()).unwrap().check();
    let codes: Vec<&str> = once.iter().map(|d| d.code).collect();
    for code in [
        "id-number-invalid",
        "category-unknown",
        "household-size-invalid",
        "cause-unknown",
        "phone-invalid",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(format!("{kept:?}"), format!("{once:?}"));
}

#[test]
fn a_list_changed_after_it_was_checked_is_not_rendered() {
    // A new person, and only a name: neither was seen by the rules.
    for (from, to) in [
        ("53062319700312001X", "530623197003120010"),
        ("张元义", "张元仪"),
    ] {
        assert_refused_after_edit(from, to);
    }
}

fn assert_refused_after_edit(from: &str, to: &str) {
    let site = SiteCopy::of("good");
    let loaded = Site::load_once(site.root()).unwrap();
    assert!(
        loaded
            .check()
            .iter()
            .all(|d| d.severity != gongshi::diagnostic::Severity::Error)
    );
    site.edit("content/records/households/hh.yaml", from, to);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    match loaded.build(&options(&target)) {
        Err(BuildFailure::Content(diags)) => {
            assert!(
                diags.iter().any(|d| d.code == "changed-while-building"
                    && d.file.ends_with("households/hh.yaml")),
                "{diags:?}"
            );
        }
        other => panic!("built from a list no rule has seen: {other:?}"),
    }
    assert!(!target.exists());
}
