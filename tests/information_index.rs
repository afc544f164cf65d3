//! The information index (信息索引) of every notice, as county portals carry it: on the
//! page above the title, in `data.json`, and the 文号 on the printed sheets; generated
//! 索引号 that never change when the site is rebuilt or grows.

mod common;

use common::SiteCopy;
use std::collections::BTreeMap;

const NOTICE: &str = "content/notices/hh-first.md";

fn with_index_fields() -> SiteCopy {
    let site = SiteCopy::of("good");
    site.edit(
        NOTICE,
        "columns: [head,",
        "document_number: 测扶组办〔2014〕5号\nwritten_date: 2014-03-19\ntopic: 农业、林业、水利\ncolumns: [head,",
    );
    site
}

/// Every notice's 索引号, from its page.
fn index_numbers(site: &SiteCopy) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(site.path("public/notices")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(page) = std::fs::read_to_string(dir.join("index.html")) else {
            continue;
        };
        let slug = dir.file_name().unwrap().to_string_lossy().to_string();
        let at = page
            .find("<dt>索引号</dt><dd>")
            .expect("索引号 on every notice page");
        let rest = &page[at + "<dt>索引号</dt><dd>".len()..];
        out.insert(slug, rest[..rest.find("</dd>").unwrap()].to_string());
    }
    out
}

#[test]
fn the_index_is_on_the_page_in_the_data_and_the_sheets() {
    let site = with_index_fields();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/notices/hh-first/index.html");
    let index = page.find("class=info-index").expect("the 信息索引 block");
    assert!(index < page.find("<h1>").unwrap(), "above the title");
    for (label, value) in [
        ("主题分类", "农业、林业、水利"),
        ("发布机构", "长沟村村民委员会"),
        ("成文日期", "2014年3月19日"),
        ("发布日期", "2014年3月20日"),
        ("文号", "测扶组办〔2014〕5号"),
        ("公开方式", "主动公开"),
        ("公开范围", "面向社会"),
    ] {
        assert!(
            page.contains(&format!("<dt>{label}</dt><dd>{value}</dd>")),
            "{label}: {value}"
        );
    }
    // Generated: the county's code, the year, the date and a number of its own.
    let numbers = index_numbers(&site);
    let first = &numbers["hh-first"];
    let (code, rest) = first.split_once('/').unwrap();
    assert_eq!(code, "530623000000");
    assert!(
        rest.starts_with("2014-0320-") && rest.len() == "2014-0320-".len() + 8,
        "{first}"
    );
    // A notice without 文号 or 成文日期 shows neither.
    let second = site.read("public/notices/hh-second/index.html");
    assert!(!second.contains("<dt>文号</dt>") && !second.contains("<dt>成文日期</dt>"));

    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/hh-first/data.json")).unwrap();
    let ix = &json["information_index"];
    assert_eq!(ix["index_number"], first.as_str());
    assert_eq!(ix["document_number"], "测扶组办〔2014〕5号");
    assert_eq!(ix["written_date"], "2014-03-19");
    assert_eq!(ix["issued_date"], "2014-03-20");
    assert_eq!(ix["topic"], "农业、林业、水利");

    // The sheets print the 文号 under the title, on every sheet.
    let sheets = site.read("public/notices/hh-first/print/index.html");
    let count = sheets.matches("<section ").count();
    assert!(count >= 1);
    assert_eq!(
        sheets
            .matches("class=sheet-docno>测扶组办〔2014〕5号</p>")
            .count(),
        count
    );
    let h1 = sheets.find("</h1>").unwrap();
    let docno = sheets.find("class=sheet-docno").unwrap();
    let deadline = sheets.find("class=sheet-deadline").unwrap();
    assert!(h1 < docno && docno < deadline);
}

#[test]
fn generated_index_numbers_stay_when_the_site_is_rebuilt_or_grows() {
    let site = SiteCopy::of("good");
    assert_eq!(site.build().code, 0);
    let before = index_numbers(&site);
    assert!(before.len() >= 5);
    let values: std::collections::BTreeSet<&String> = before.values().collect();
    assert_eq!(
        values.len(),
        before.len(),
        "each notice its own: {before:?}"
    );
    assert_eq!(site.build().code, 0);
    assert_eq!(index_numbers(&site), before, "the same on a rebuild");
    // Thirty more notices, some on the same days as the old ones.
    site.add_announcements(30);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = index_numbers(&site);
    assert_eq!(after.len(), before.len() + 30);
    for (slug, number) in &before {
        assert_eq!(&after[slug], number, "{slug} kept its 索引号");
    }
    // An explicit one is used as written.
    site.edit(
        NOTICE,
        "columns: [head,",
        "index_number: 530623000000/2014-00001\ncolumns: [head,",
    );
    assert_eq!(site.build().code, 0);
    assert_eq!(index_numbers(&site)["hh-first"], "530623000000/2014-00001");
}

#[test]
fn the_same_index_number_twice_and_a_late_written_date_are_errors() {
    let site = SiteCopy::of("good");
    for notice in [NOTICE, "content/notices/hh-second.md"] {
        site.edit(
            notice,
            "\n---\n",
            "\nindex_number: 530623000000/2014-00001\n---\n",
        );
    }
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[index-number-duplicate]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/notices/hh-second.md:"),
        "{}",
        run.stderr
    );

    let site = SiteCopy::of("good");
    site.edit(
        NOTICE,
        "columns: [head,",
        "written_date: 2014-03-21\ncolumns: [head,",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[written-date-after-date]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/notices/hh-first.md:10:"),
        "{}",
        run.stderr
    );
}
