//! What changed between rounds is the first thing a reader sees (issue #14 §2): a
//! later round says, before its table and on its sheets, how many households it adds
//! and drops against the first round, names each dropped one (masked) with the reason
//! the content records, and marks the added ones in the table; a round a later one
//! replaced says so at its top. A drop without a recorded reason is a warning.

mod common;

use common::SiteCopy;

/// The good fixture with the second round given a list of its own: 李秀英 dropped,
/// 王天才 added.
fn site_with_changed_second_round() -> SiteCopy {
    let site = SiteCopy::of("good");
    let list = site.read("content/records/households/hh.yaml");
    let first_only = list.split("  - head: 李秀英").next().unwrap().to_string();
    let added = "  - head: 王天才\n    id_number: \"530623196102201937\"\n    region: \"530623101201\"\n    group: 三组\n    size: 5\n    income: 1980\n    category: 一般贫困户\n    causes: [因灾]\n";
    site.write(
        "content/records/households/hh-2.yaml",
        format!("{first_only}{added}"),
    );
    site.edit(
        "content/notices/hh-second.md",
        "records: households/hh.yaml",
        "records: households/hh-2.yaml",
    );
    site
}

const REASON: &str = "经乡镇审核，家庭人均纯收入超过扶贫标准";

fn record_reason(site: &SiteCopy) {
    site.edit(
        "content/notices/hh-second.md",
        "follows: hh-first\n",
        &format!(
            "follows: hh-first\nchanges:\n  - id_number: \"530623197511200024\"\n    reason: {REASON}\n"
        ),
    );
}

fn build(site: &SiteCopy, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--today", "2014-03-28"];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn a_drop_without_a_reason_is_a_warning_and_denied_with_deny_warnings() {
    let site = site_with_changed_second_round();
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("round-removal-unexplained"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/notices/hh-second.md"));
    assert!(run.stderr.contains("李秀英"), "{}", run.stderr);
    assert!(!run.stderr.contains("530623197511200024"), "{}", run.stderr);
    let page = site.read("public/notices/hh-second/index.html");
    assert!(page.contains("移出：李秀英（530623********0024），原因：（未写明原因）"));

    let denied = build(&site, &["--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);

    record_reason(&site);
    let run = build(&site, &["--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("round-removal-unexplained"));
}

#[test]
fn a_recorded_change_that_names_no_changed_household_is_a_warning() {
    let site = site_with_changed_second_round();
    record_reason(&site);
    site.edit(
        "content/notices/hh-second.md",
        "changes:\n",
        "changes:\n  - id_number: \"53062319700312001X\"\n    reason: 抄错了\n",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("round-change-unmatched"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hh-second.md:"), "{}", run.stderr);
}

#[test]
fn a_later_round_shows_its_changes_before_the_table_on_the_page_and_the_sheets() {
    let site = site_with_changed_second_round();
    record_reason(&site);
    let run = build(&site, &["--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let page = site.read("public/notices/hh-second/index.html");
    let summary = page
        .find("与第一次公示相比：新增 1 户、移出 1 户")
        .expect("the summary");
    let table = page.find("<table class=data>").expect("the table");
    assert!(summary < table, "the summary comes before the table");
    let removed = format!("移出：李秀英（530623********0024），原因：{REASON}");
    let at = page.find(&removed).expect("the dropped household and why");
    assert!(at < table);
    // The added household is marked in the table itself.
    let rows = &page[table..];
    assert!(rows.contains("<th scope=col>变动</th>"), "{rows}");
    let wang = rows.find("王天才").unwrap();
    let row_end = rows[wang..].find("</tr>").unwrap() + wang;
    assert!(
        rows[wang..row_end].contains("新增"),
        "{}",
        &rows[wang..row_end]
    );
    let zhang = rows.find("张元义").unwrap();
    let row_end = rows[zhang..].find("</tr>").unwrap() + zhang;
    assert!(!rows[zhang..row_end].contains("新增"));

    // The sheets say the same before their table (in lines gongshi broke).
    let sheets = site
        .read("public/notices/hh-second/print/index.html")
        .replace("<br>", "");
    let summary = sheets
        .find("与第一次公示相比：新增 1 户、移出 1 户")
        .unwrap();
    let removed_at = sheets.find(&removed).unwrap();
    let table = sheets.find("<table class=sheet-table>").unwrap();
    assert!(summary < table && removed_at < table);
    assert!(sheets.contains("变动"));

    // The data files carry the mark as a column.
    let csv = site.read("public/notices/hh-second/data.csv");
    assert!(csv.contains("变动"), "{csv}");

    // The first round says it was replaced, and links forward.
    let first = site.read("public/notices/hh-first/index.html");
    let banner = first.find("replaced-banner").expect("the banner");
    let title = first.find("<h1>").unwrap();
    assert!(banner < title, "at the top");
    assert!(first[banner..].contains("../../notices/hh-second/index.html"));
    // The first round itself shows no changes.
    assert!(!first.contains("与第一次公示相比"));
}
