//! A record file is compiled as it is read, by build, check and the preview alike:
//! the rules within it run on its rows as parsed, household rows are then packed, and
//! pages unpack them. The rules must find every problem in a list, and pages must show
//! the very rows the rules saw.

mod common;

use common::SiteCopy;
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
    matches!(&rf.set, RecordSet::Households(l) if l.rows_packed())
}

fn assert_packed_and_built(root: &Path) {
    let mut site = Site::load(root).unwrap();
    assert!(!households(&site).is_empty());
    assert!(households(&site).into_iter().all(packed));
    let out = tempfile::tempdir().unwrap();
    let report = site.build(&options(&out.path().join("public"))).unwrap();
    assert!(report.pages > 0);
}

#[test]
fn the_sample_county_keeps_every_list_packed() {
    assert_packed_and_built(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn the_fixture_site_keeps_every_list_packed() {
    assert_packed_and_built(SiteCopy::of("good").root());
}

#[test]
fn the_rules_within_a_list_find_every_problem_before_its_rows_are_packed() {
    let site = SiteCopy::of("good");
    let hh = "content/records/households/hh.yaml";
    site.edit(hh, "53062319700312001X", "530623197003120010");
    site.edit(hh, "category: 一般贫困户", "category: 贫困户");
    site.edit(hh, "size: 4", "size: 0");
    site.edit(hh, "[因病, 缺技术]", "[因病, 懒]");
    site.edit(hh, "\"13800001234\"", "\"1380000\"");
    let found = Site::load(site.root()).unwrap().check();
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    for code in [
        "id-number-invalid",
        "category-unknown",
        "household-size-invalid",
        "cause-unknown",
        "phone-invalid",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn pages_show_the_list_the_rules_saw_even_if_the_file_changes_after() {
    let site = SiteCopy::of("good");
    let mut loaded = Site::load(site.root()).unwrap();
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
