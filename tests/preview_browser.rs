//! End to end, as a clerk sees it: the real `gongshi serve`, a real headless
//! Chromium driven over the DevTools protocol, and files saved the way editors save
//! them. Nothing here reloads the page: every change must arrive by itself.

mod common;
mod serve_support;

use common::SiteCopy;
use headless_chrome::Tab;
use serve_support::{Server, WAIT, rename_edit};
use std::time::{Duration, Instant};

/// Evaluates `expr` in the page; `None` while the page is between documents.
fn eval_text(tab: &Tab, expr: &str) -> Option<String> {
    let value = tab.evaluate(expr, false).ok()?.value?;
    value.as_str().map(str::to_string)
}

/// What the page shows, polled until `pred` holds (bounded by [`WAIT`]).
fn wait_for_page(tab: &Tab, server: &Server, what: &str, pred: impl Fn(&Shown) -> bool) -> Shown {
    let started = Instant::now();
    let mut last = None;
    loop {
        if let Some(shown) = Shown::read(tab) {
            if pred(&shown) {
                return shown;
            }
            last = Some(shown);
        }
        assert!(
            started.elapsed() < WAIT,
            "waited for {what}; the page showed {last:#?}\nserver said:\n{}",
            server.output()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[derive(Debug)]
struct Shown {
    /// The text of the page without the overlay.
    page: String,
    /// The overlay's text, if it is shown.
    overlay: Option<String>,
    /// Set once in the first document: gone when the page reloads.
    marked: bool,
}

impl Shown {
    fn read(tab: &Tab) -> Option<Shown> {
        let page = eval_text(
            tab,
            "(function(){var b=document.body;if(!b)return null;var c=b.cloneNode(true);\
             var o=c.querySelector('#gongshi-overlay');if(o)o.remove();return c.innerText;})()",
        )?;
        let overlay = eval_text(
            tab,
            "(function(){var o=document.getElementById('gongshi-overlay');\
             return o?o.innerText:'<none>';})()",
        )?;
        let marked = eval_text(tab, "window.__firstDocument ? 'yes' : 'no'")? == "yes";
        Some(Shown {
            page,
            overlay: (overlay != "<none>").then_some(overlay),
            marked,
        })
    }
}

#[test]
fn saved_changes_and_problems_reach_the_open_page_by_themselves() {
    let site = SiteCopy::of("good");
    let mut server = Server::start(site.root(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/notices/hh-first/index.html"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let shown = wait_for_page(&tab, &server, "the notice", |s| s.page.contains("张元义"));
    assert!(shown.overlay.is_none());
    assert!(shown.page.contains("长沟村2014年度贫困户识别结果公示"));
    // A mark in this document: a reload (by the page itself) clears it.
    tab.evaluate("window.__firstDocument = true", false)
        .unwrap();

    // 1. A rename-save of the record file the notice attaches.
    rename_edit(
        &site.path("content/records/households/hh.yaml"),
        "张元义",
        "张元礼",
    );
    let shown = wait_for_page(&tab, &server, "the new name", |s| s.page.contains("张元礼"));
    assert!(!shown.page.contains("张元义"));
    assert!(!shown.marked, "the page reloaded itself");
    assert!(shown.overlay.is_none());

    // 2. A broken save: the sum of fund sources no longer matches the total.
    rename_edit(
        &site.path("content/records/projects/2014.yaml"),
        "total: 79.72万元",
        "total: 79.73万元",
    );
    let shown = wait_for_page(&tab, &server, "the overlay", |s| s.overlay.is_some());
    let overlay = shown.overlay.unwrap();
    assert!(
        overlay.contains("content/records/projects/2014.yaml:"),
        "{overlay}"
    );
    assert!(overlay.contains("funds-sum-mismatch"), "{overlay}");
    assert!(overlay.contains("预览未更新"), "{overlay}");
    assert!(shown.page.contains("张元礼"), "the last good page stays");

    // 3. Fixed: the overlay goes by itself.
    rename_edit(
        &site.path("content/records/projects/2014.yaml"),
        "total: 79.73万元",
        "total: 79.72万元",
    );
    // Waits for the page as well: the overlay is also gone while the reload is under way.
    wait_for_page(&tab, &server, "the overlay to go", |s| {
        s.overlay.is_none() && s.page.contains("张元礼")
    });

    // 4. Broken YAML in the record file itself, then fixed again.
    rename_edit(
        &site.path("content/records/households/hh.yaml"),
        "rows:",
        "rows: [",
    );
    let shown = wait_for_page(&tab, &server, "the YAML problem", |s| {
        s.overlay
            .as_deref()
            .is_some_and(|o| o.contains("content/records/households/hh.yaml"))
    });
    assert!(shown.page.contains("张元礼"));
    rename_edit(
        &site.path("content/records/households/hh.yaml"),
        "rows: [",
        "rows:",
    );
    wait_for_page(&tab, &server, "the overlay to go", |s| s.overlay.is_none());

    drop(tab);
    drop(browser);
    let status = server.interrupt();
    assert!(status.success(), "{status}:\n{}", server.output());
    assert!(
        server.leftovers().is_empty(),
        "temporary folders left: {:?}",
        server.leftovers()
    );
}
