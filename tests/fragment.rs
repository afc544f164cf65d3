//! The CMS fragment of a notice (`notices/SLUG/fragment.html`) and its metadata
//! (`meta.json`): pasted into a bare page that has none of the site's styles, the
//! fragment shows the same table as the notice page, styled, with no request to any
//! file or host, every link absolute; the build's leak guard has read it.

mod common;

use common::SiteCopy;

fn js(tab: &headless_chrome::Tab, script: &str) -> serde_json::Value {
    let v = tab
        .evaluate(script, false)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .value
        .unwrap_or_else(|| panic!("{script}: no value"));
    match v.as_str() {
        Some(s) => serde_json::from_str(s).unwrap(),
        None => v,
    }
}

/// Every row of the page's data table, cell texts.
const TABLE_CELLS: &str = "JSON.stringify([...document.querySelector('table').rows].map(r => [...r.cells].map(c => c.innerText.trim())))";

#[test]
fn a_fragment_pasted_into_a_bare_page_shows_the_same_table_and_fetches_nothing() {
    let site = SiteCopy::of("good");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fragment = site.read("public/notices/hh-first/fragment.html");
    for forbidden in [
        "<script", "<link", "<style", "<img", "<iframe", " src=", "url(", "@import",
    ] {
        assert!(!fragment.contains(forbidden), "{forbidden} in the fragment");
    }
    // Links absolute from base_url.
    for href in fragment.split("href=\"").skip(1) {
        assert!(
            href.starts_with("https://fupin.example-county.test/fpgk/"),
            "{}",
            &href[..href.find('"').unwrap()]
        );
    }
    // Masked, like the page; the objection channel first.
    assert!(fragment.contains("530623********001X"));
    assert!(!fragment.contains("53062319700312001X"));
    assert!(fragment.find("如有异议").unwrap() < fragment.find("<table").unwrap());

    let bare = tempfile::tempdir().unwrap();
    let page = bare.path().join("cms.html");
    std::fs::write(
        &page,
        format!("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>CMS</title></head><body>{fragment}</body></html>"),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("file://{}", page.display()))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let pasted = js(&tab, TABLE_CELLS);
    assert_eq!(
        js(&tab, "performance.getEntriesByType('resource').length"),
        0,
        "the fragment fetched something"
    );
    let border = js(
        &tab,
        "parseFloat(getComputedStyle(document.querySelector('td')).borderTopWidth)",
    );
    assert!(border.as_f64().unwrap() >= 1.0, "cells drawn with a grid");

    tab.navigate_to(&format!(
        "file://{}",
        site.path("public/notices/hh-first/index.html").display()
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    let on_page = js(&tab, TABLE_CELLS);
    assert_eq!(pasted, on_page, "the same table as the notice page");
    assert!(pasted.as_array().unwrap().len() >= 3);
}

#[test]
fn a_table_in_the_body_keeps_its_grid_in_the_fragment() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/notices/hh-first.md",
        "经村民代表大会民主评议，现将拟确定的贫困户名单公示如下。",
        "经村民代表大会民主评议，现将拟确定的贫困户名单公示如下。\n\n| 类别 | 标准 |\n|---|--:|\n| 一般户 | 3000 |\n",
    );
    assert_eq!(site.build().code, 0);
    let fragment = site.read("public/notices/hh-first/fragment.html");
    assert!(
        !fragment.contains("<table>"),
        "a body table without its grid"
    );
    assert_eq!(
        fragment.matches("<table border=1 ").count(),
        2,
        "body and record tables"
    );
}

#[test]
fn the_metadata_file_fills_a_cms_form() {
    let site = SiteCopy::of("good");
    assert_eq!(site.build().code, 0);
    let meta: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/hh-first/meta.json")).unwrap();
    assert_eq!(meta["title"], "长沟村2014年度贫困户识别结果公示(第一次)");
    assert_eq!(
        meta["url"],
        "https://fupin.example-county.test/fpgk/notices/hh-first/"
    );
    assert_eq!(meta["period"]["from"], "2014-03-20");
    assert_eq!(meta["period"]["to"], "2014-03-26");
    assert_eq!(meta["information_index"]["issuer"], "长沟村村民委员会");
    assert_eq!(meta["information_index"]["issued_date"], "2014-03-20");
    let page = site.read("public/notices/hh-first/index.html");
    let number = meta["information_index"]["index_number"].as_str().unwrap();
    assert!(page.contains(&format!("<dd>{number}</dd>")));

    // Without base_url there is no absolute address: no fragment, no metadata.
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/\n",
        "",
    );
    assert_eq!(site.build().code, 0);
    assert!(!site.path("public/notices/hh-first/fragment.html").exists());
    assert!(!site.path("public/notices/hh-first/meta.json").exists());
}
