//! Every page type of the default theme passes axe-core (WCAG 2 A/AA rules) in real
//! headless Chromium, at normal size and at 200% text. axe-core comes from npm:
//! `npm ci --prefix tests/browser`. `tests/run` installs it and Chromium (Debian package
//! chromium) before running `cargo test`.

mod common;

use common::chromium;
use std::path::Path;

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} missing ({e}): run tests/run, or `npm ci --prefix tests/browser`",
            path.display()
        )
    })
}

/// Runs axe on the loaded page; returns "rule: target …" lines for each violation.
fn violations(tab: &headless_chrome::Tab, axe: &str) -> Vec<String> {
    tab.evaluate(axe, false).expect("inject axe-core");
    let script = r#"
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
          .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
    "#;
    let value = tab
        .evaluate(script, true)
        .expect("run axe")
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("axe result");
    serde_json::from_str(&value).expect("violations JSON")
}

#[test]
fn every_page_type_passes_axe_core() {
    let out = common::build_sample(&["--today", "2014-03-22", "--include-future"]);
    let axe = axe_source();
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(
        profile.path(),
        (1280, 1000),
        &["--allow-file-access-from-files"],
    );
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for page in [
        "index.html",
        "notices/changgou-2014-second/index.html",
        "notices/villages-2014-publicity/index.html",
        "notices/projects-2014-publicity/index.html",
        "regions/530623101201/index.html",
        "regions/530623101000/index.html",
        "projects/2014-001/index.html",
        "funds/index.html",
        "notices/index.html",
        "sitemap/index.html",
        "notices/changgou-2014-first/print/index.html",
        // Objections received and their results, an exit list's criteria.
        "notices/changgou-2015-exit-second/index.html",
        "notices/changgou-2016-adjustment-announcement/index.html",
    ] {
        let url = format!("file://{}/{page}", out.path().display());
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        failures.extend(
            violations_at_both_sizes(&tab, &axe)
                .into_iter()
                .map(|v| format!("{page} at {v}")),
        );
    }
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// Keyboard use: the first Tab lands on the skip link, every link can be reached, and
/// the focused element shows a visible outline.
#[test]
fn pages_work_from_the_keyboard() {
    let out = common::build_sample(&["--today", "2014-03-22", "--include-future"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(
        profile.path(),
        (1280, 1000),
        &["--allow-file-access-from-files"],
    );
    let tab = browser.new_tab().unwrap();
    let url = format!(
        "file://{}/notices/changgou-2014-second/index.html",
        out.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let read = |expr: &str| {
        tab.evaluate(expr, false)
            .unwrap()
            .value
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    tab.press_key("Tab").unwrap();
    assert_eq!(read("document.activeElement.textContent"), "\"跳到正文\"");
    assert_ne!(
        read("getComputedStyle(document.activeElement).outlineStyle"),
        "\"none\""
    );
    // Tab through the page: every visible link and focusable table region is reached.
    let focusable: usize = read(
        "(function(){var n=0;document.querySelectorAll('a[href], [tabindex=\"0\"]').forEach(function(e){if(e.getClientRects().length){e.dataset.k=n++;}});return n;})()",
    )
    .parse()
    .unwrap();
    assert!(focusable > 10);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..focusable + 2 {
        seen.insert(read("document.activeElement.dataset.k || ''"));
        tab.press_key("Tab").unwrap();
    }
    seen.remove("\"\"");
    seen.remove("null");
    assert_eq!(seen.len(), focusable, "reached {seen:?}");
}

/// The pager of a long region list, and the board that links to it, pass too.
#[test]
fn paginated_region_pages_pass_axe_core() {
    let site = common::SiteCopy::of("good");
    site.add_announcements(60);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let axe = axe_source();
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(
        profile.path(),
        (1280, 1000),
        &["--allow-file-access-from-files"],
    );
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for page in [
        "index.html",
        "regions/530623101201/index.html",
        "regions/530623101201/page/2/index.html",
    ] {
        let url = format!("file://{}/public/{page}", site.root().display());
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        for v in violations(&tab, &axe) {
            failures.push(format!("{page}: {v}"));
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// The search box and its open results panel (filters, status, result links) pass
/// too, at normal size and at 200% text.
#[test]
fn the_search_box_and_its_results_pass_axe_core() {
    let out = common::build_sample(&["--today", "2014-03-22", "--include-future"]);
    let axe = axe_source();
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    let url = format!(
        "file://{}/notices/changgou-2014-first/index.html?q=%E9%95%BF%E6%B2%9F",
        out.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let started = std::time::Instant::now();
    while tab
        .evaluate("document.querySelectorAll('.search-hit').length", false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_u64())
        .unwrap_or(0)
        == 0
    {
        assert!(started.elapsed().as_secs() < 15, "no results for 长沟");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let failures = violations_at_both_sizes(&tab, &axe);
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// axe-core's violations on the open page at normal text size and with text enlarged
/// to 200% (not page zoom: nothing may be clipped into illegibility, no contrast
/// lost), each prefixed with its size.
fn violations_at_both_sizes(tab: &headless_chrome::Tab, axe: &str) -> Vec<String> {
    let mut out = Vec::new();
    for zoom in ["100%", "200%"] {
        tab.evaluate(
            &format!("document.documentElement.style.fontSize = '{zoom}'"),
            false,
        )
        .unwrap();
        out.extend(
            violations(tab, axe)
                .into_iter()
                .map(|v| format!("{zoom}: {v}")),
        );
    }
    out
}
