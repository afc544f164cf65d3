//! `gongshi build` and `gongshi check` load a site once: each household list is checked
//! as it is read and its rows are packed, and pages unpack them (`Site::load_once`).
//! That must find and render exactly what a site kept whole (the preview's way,
//! `Site::load`) does.

mod common;

use common::{SiteCopy, assert_same_output};
use gongshi::content::RecordFile;
use gongshi::model::date::Day;
use gongshi::model::records::RecordSet;
use gongshi::{BuildOptions, Site};
use std::path::Path;

fn options(output: &Path) -> BuildOptions {
    BuildOptions {
        output: output.to_path_buf(),
        today: Day::parse("2014-03-22").unwrap(),
        base_url: None,
        deny_warnings: false,
        // Every fixture notice, whatever its date: these test other things.
        include_future: true,
    }
}

fn households(site: &Site) -> Vec<&RecordFile> {
    site.content
        .records
        .values()
        .filter(|rf| matches!(rf.set, RecordSet::Households(_)))
        .collect()
}

fn packed(rf: &RecordFile) -> bool {
    matches!(&rf.set, RecordSet::Households(l) if l.rows_packed() && l.rows.is_empty())
}

fn assert_same_either_way(root: &Path) {
    let mut kept = Site::load(root).unwrap();
    let mut once = Site::load_once(root).unwrap();
    assert!(!households(&once).is_empty());
    assert!(households(&once).into_iter().all(packed));
    assert!(!households(&kept).into_iter().any(packed));
    assert_eq!(format!("{:?}", kept.check()), format!("{:?}", once.check()));

    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("kept"), out.path().join("once"));
    kept.build(&options(&a)).unwrap();
    once.build(&options(&b)).unwrap();
    assert_same_output(&a, &b, "with rows packed");
}

#[test]
fn the_sample_county_renders_the_same_with_rows_packed() {
    assert_same_either_way(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn the_fixture_site_renders_the_same_with_rows_packed() {
    assert_same_either_way(SiteCopy::of("good").root());
}

#[test]
fn the_rules_within_a_list_find_the_same_with_rows_packed() {
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
fn pages_show_the_list_the_rules_saw_even_if_the_file_changes_after() {
    let site = SiteCopy::of("good");
    let mut loaded = Site::load_once(site.root()).unwrap();
    // Saved while building: a new name and a number no rule has seen.
    site.edit("content/records/households/hh.yaml", "张元义", "张元仪");
    site.edit(
        "content/records/households/hh.yaml",
        "\"13800001234\"",
        "\"13811112222\"",
    );
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    loaded.build(&options(&target)).unwrap();
    let page = std::fs::read_to_string(target.join("notices/hh-first/index.html")).unwrap();
    assert!(page.contains("张元义"), "the checked name is missing");
    assert!(!page.contains("张元仪"));
    assert!(page.contains("138****1234"));
    assert!(!page.contains("138****2222"));
}
