//! On a phone (a 390 px wide screen, in real headless Chromium): the objection box is
//! on the first screen, and a wide list keeps its name column and its header in view
//! while it scrolls. Chromium comes from `tests/run` (Debian package chromium).

mod common;

use common::chromium;

fn number(tab: &headless_chrome::Tab, script: &str) -> f64 {
    tab.evaluate(script, false)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .value
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{script}: not a number"))
}

fn text(tab: &headless_chrome::Tab, script: &str) -> String {
    tab.evaluate(script, false)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("{script}: not a string"))
}

/// A new tab with a phone's screen: 390 CSS pixels wide (a window cannot be made that
/// narrow).
fn phone_tab(browser: &headless_chrome::Browser) -> std::sync::Arc<headless_chrome::Tab> {
    let tab = browser.new_tab().unwrap();
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
            width: 390,
            height: 844,
            device_scale_factor: 3.0,
            mobile: true,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        },
    )
    .expect("emulate a phone screen");
    tab
}

fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
}

/// The charts of the funds page and of a project (#14 §4): on a 390 px screen every
/// caption, name and figure is at least 12 CSS px, and every row fits the screen.
#[test]
fn on_a_phone_chart_labels_and_figures_are_at_least_12_px() {
    let out = common::build_sample(&["--today", "2014-09-05"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (800, 900), &["--hide-scrollbars"]);
    let tab = phone_tab(&browser);
    for page in ["funds/index.html", "projects/2014-001/index.html"] {
        open(&tab, &format!("file://{}/{page}", out.path().display()));
        assert!(number(&tab, "window.innerWidth") <= 400.0);
        // [count, smallest font size, widest right edge, page width, zero-size texts]
        let found = text(
            &tab,
            r#"(() => {
                const texts = [...document.querySelectorAll(
                    '.chart-figure figcaption, .chart-label, .chart-value')];
                const sizes = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
                const rights = texts.map(e => e.getBoundingClientRect().right);
                const empty = texts.filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.width === 0 || r.height === 0;
                }).length;
                const bars = [...document.querySelectorAll('.chart-bar')]
                    .filter(b => b.getBoundingClientRect().height < 10).length;
                // As drawn, too: a scaled drawing keeps its computed size but shrinks.
                const drawn = texts.map(e => e.getBoundingClientRect().height);
                return JSON.stringify([texts.length, Math.min(...sizes), Math.max(...rights),
                    document.documentElement.clientWidth, empty, bars, Math.min(...drawn)]);
            })()"#,
        );
        let [count, smallest, right, width, empty, thin, drawn]: [f64; 7] =
            serde_json::from_str(&found).unwrap();
        assert!(
            drawn >= 12.0,
            "{page}: a chart text is drawn {drawn}px high"
        );
        assert!(count >= 9.0, "{page}: only {count} chart texts");
        assert!(smallest >= 12.0, "{page}: a chart text is {smallest}px");
        assert!(
            right <= width + 0.5,
            "{page}: a chart text ends at {right} of {width}px"
        );
        assert_eq!(empty, 0.0, "{page}: a chart text takes no room");
        assert_eq!(thin, 0.0, "{page}: a bar is thinner than 10px");
    }
}

/// 大字·高对比 stays on from page to page (static/a11y.js remembers it), and 标准显示
/// turns it off for the pages after too. With scripts off the switch still works on
/// its own page (:target).
#[test]
fn large_text_stays_on_across_links_until_standard_is_chosen() {
    let out = common::build_sample(&["--today", "2014-09-05"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (800, 900), &["--hide-scrollbars"]);
    let tab = phone_tab(&browser);
    let size = |tab: &headless_chrome::Tab| {
        number(
            tab,
            "parseFloat(getComputedStyle(document.querySelector('main p, main h1')).fontSize)",
        )
    };
    let page = |rel: &str| format!("file://{}/{rel}", out.path().display());
    // Until `done` holds (a script returning true), for up to ten seconds.
    let until = |tab: &headless_chrome::Tab, done: &str| {
        for _ in 0..100 {
            let value = tab.evaluate(done, false).ok().and_then(|r| r.value);
            if value.and_then(|v| v.as_bool()) == Some(true) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("never: {done}");
    };
    // A reader's click on the link (the element's activation: its listeners run and
    // the link is followed).
    let click = |tab: &headless_chrome::Tab, selector: &str| {
        tab.evaluate(
            &format!("document.querySelector({selector:?}).click(); true"),
            false,
        )
        .unwrap();
    };
    // A link to another page: that page, loaded, its deferred script run.
    let follow = |tab: &headless_chrome::Tab, selector: &str, to: &str| {
        let from = text(tab, "location.pathname");
        click(tab, selector);
        until(
            tab,
            &format!(
                "location.pathname !== {from:?} && location.pathname.endsWith({to:?}) \
                 && document.readyState === 'complete'"
            ),
        );
    };
    // A link within the page (#a11y-large, #main).
    let switch = |tab: &headless_chrome::Tab, selector: &str, hash: &str| {
        click(tab, selector);
        until(tab, &format!("location.hash === {hash:?}"));
    };
    let wait_for_script =
        |tab: &headless_chrome::Tab| until(tab, "document.readyState === 'complete'");

    open(&tab, &page("index.html"));
    wait_for_script(&tab);
    let standard = size(&tab);
    assert!(standard > 0.0);

    // Switched on here: this page grows.
    switch(&tab, ".a11y-switch .a11y-on", "#a11y-large");
    let large = size(&tab);
    assert!(large > standard * 1.15, "{large} vs {standard}");
    // Following a link: the next page is in large text too, and offers 标准显示.
    follow(
        &tab,
        ".site-nav a[href$='funds/index.html']",
        "/funds/index.html",
    );
    let next = size(&tab);
    assert!(next > standard * 1.15, "next page {next} vs {standard}");
    assert!(number(&tab, "document.querySelector('.a11y-off').offsetHeight") > 0.0);
    // And the one after.
    follow(&tab, ".site-title a", "/index.html");
    assert!(size(&tab) > standard * 1.15);

    // Switched off: this page and the next are standard again.
    switch(&tab, ".a11y-switch .a11y-off", "#main");
    assert!(
        (size(&tab) - standard).abs() < 0.5,
        "{} vs {standard}",
        size(&tab)
    );
    follow(
        &tab,
        ".site-nav a[href$='funds/index.html']",
        "/funds/index.html",
    );
    let after = size(&tab);
    assert!((after - standard).abs() < 0.5, "{after} vs {standard}");
    assert!(number(&tab, "document.querySelector('.a11y-on').offsetHeight") > 0.0);

    // Scripts off: the link still switches its own page (:target).
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true },
    )
    .unwrap();
    open(&tab, &page("index.html"));
    switch(&tab, ".a11y-switch .a11y-on", "#a11y-large");
    assert!(
        size(&tab) > standard * 1.15,
        "without scripts: {}",
        size(&tab)
    );
    switch(&tab, ".a11y-switch .a11y-off", "#main");
    assert!((size(&tab) - standard).abs() < 0.5);
}

#[test]
fn on_a_phone_the_objection_box_comes_first_and_wide_lists_keep_the_name_in_view() {
    let out = common::build_sample(&["--today", "2014-03-29", "--include-future"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (800, 900), &["--hide-scrollbars"]);
    let tab = phone_tab(&browser);
    let url = format!(
        "file://{}/notices/changgou-2014-second/index.html",
        out.path().display()
    );
    open(&tab, &url);
    assert!(number(&tab, "window.innerWidth") <= 400.0);

    // The deadline and the channel are on the first screen.
    let screen = number(&tab, "window.innerHeight");
    let objection = number(
        &tab,
        "document.querySelector('.supervision').getBoundingClientRect().bottom",
    );
    assert!(
        objection <= screen,
        "the objection box ends at {objection}px of {screen}px"
    );
    let text = tab
        .evaluate("document.querySelector('.supervision').innerText", false)
        .unwrap()
        .value
        .unwrap();
    assert!(
        text.as_str().unwrap().contains(
            "如有异议，请于2014年4月3日前向某某乡人民政府扶贫工作站（电话：0870-1234101）反映"
        ),
        "{text}"
    );

    // The list is wider than the screen and scrolls sideways inside its frame.
    let wrap = "document.querySelector('.table-wrap')";
    let (scroll, client) = (
        number(&tab, &format!("{wrap}.scrollWidth")),
        number(&tab, &format!("{wrap}.clientWidth")),
    );
    assert!(
        scroll > client + 50.0,
        "not wider than the screen: {scroll} vs {client}"
    );
    let name = "document.querySelector('table.data tbody tr td')";
    let second = "document.querySelector('table.data tbody tr td:nth-child(2)')";
    let name_left = number(&tab, &format!("{name}.getBoundingClientRect().left"));
    let second_left = number(&tab, &format!("{second}.getBoundingClientRect().left"));
    number(&tab, &format!("{wrap}.scrollLeft = 150"));
    assert!(number(&tab, &format!("{wrap}.scrollLeft")) > 100.0);
    // The other columns move; the name stays where it was, in view.
    let moved = number(&tab, &format!("{second}.getBoundingClientRect().left"));
    assert!(moved < second_left - 100.0, "{moved} vs {second_left}");
    let after = number(&tab, &format!("{name}.getBoundingClientRect().left"));
    assert!(
        (after - name_left).abs() < 1.0,
        "the name column moved: {name_left} → {after}"
    );

    // Scrolled down inside its frame, the header stays on top of the frame.
    let header = "document.querySelector('table.data thead th:nth-child(2)')";
    let frame_top = number(&tab, &format!("{wrap}.getBoundingClientRect().top"));
    number(&tab, &format!("{wrap}.scrollTop = 200"));
    if number(&tab, &format!("{wrap}.scrollTop")) > 50.0 {
        let top = number(&tab, &format!("{header}.getBoundingClientRect().top"));
        assert!(
            top >= frame_top - 1.0,
            "the header scrolled away: {top} vs {frame_top}"
        );
    }
}

/// On a phone the search box and its results, filters included, fit the screen: the
/// page never scrolls sideways.
#[test]
fn on_a_phone_the_search_box_and_its_results_fit_the_screen() {
    let out = common::build_sample(&["--today", "2014-03-29", "--include-future"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (800, 900), &["--hide-scrollbars"]);
    let tab = phone_tab(&browser);
    open(
        &tab,
        &format!("file://{}/index.html?q=2014", out.path().display()),
    );
    let started = std::time::Instant::now();
    while number(&tab, "document.querySelectorAll('.search-hit').length") == 0.0 {
        assert!(started.elapsed().as_secs() < 15, "no results for 2014");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let width = number(&tab, "window.innerWidth");
    assert!(width <= 400.0);
    let page = number(&tab, "document.documentElement.scrollWidth");
    assert!(
        page <= width,
        "the page is {page}px wide on a {width}px screen"
    );
    for part in [
        "#site-search-q",
        ".search-panel",
        ".search-filters",
        ".search-list",
    ] {
        let right = number(
            &tab,
            &format!("document.querySelector('{part}').getBoundingClientRect().right"),
        );
        assert!(right <= width, "{part} ends at {right}px of {width}px");
    }
    let box_width = number(
        &tab,
        "document.getElementById('site-search-q').getBoundingClientRect().width",
    );
    assert!(box_width >= 150.0, "the box is {box_width}px wide");
    assert!(text(&tab, "document.querySelector('.search-status').textContent").starts_with("找到"));
}
