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

#[test]
fn on_a_phone_the_objection_box_comes_first_and_wide_lists_keep_the_name_in_view() {
    let out = common::build_sample(&["--today", "2014-03-29", "--include-future"]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chromium(profile.path(), (800, 900), &["--hide-scrollbars"]);
    let tab = browser.new_tab().unwrap();
    // A phone's screen: 390 CSS pixels wide (a window cannot be made that narrow).
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
    let url = format!(
        "file://{}/notices/changgou-2014-second/index.html",
        out.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
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
