//! The publication ledger end to end, on a copy of the `good` fixture run through the
//! real binary: `gongshi publish` records what it hands over; a published notice
//! changed without a correction fails the build (and `check`) and leaves the old
//! output; with a correction both versions are served and the earlier one shows the
//! change; a sheet's QR code (read back from the printed PDF) carries the address and
//! the digest, and the page tells a reader whether the sheet is current;
//! `gongshi verify` passes on a good build and fails once an output file is altered.

mod common;
mod serve_support;

use common::{SiteCopy, snapshot};
use std::fs;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2014-03-22";
const MARKER: &str = ".gongshi-output";

fn run_ok(site: &SiteCopy, args: &[&str]) -> common::Run {
    let run = site.run(args);
    assert_eq!(
        run.code, 0,
        "{args:?} failed:\n{}{}",
        run.stdout, run.stderr
    );
    run
}

/// A copy of the fixture, published once (every notice recorded as its first version).
fn published_site() -> SiteCopy {
    let site = SiteCopy::of("good");
    let run = run_ok(&site, &["publish", "--today", TODAY, "--include-future"]);
    assert!(
        run.stderr.contains("版本记录：新记下 7 份公示公告"),
        "{}",
        run.stderr
    );
    site
}

fn record(site: &SiteCopy, slug: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(&format!("content/published/{slug}.json"))).unwrap()
}

fn data(site: &SiteCopy, slug: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(&format!("public/notices/{slug}/data.json"))).unwrap()
}

/// 张元义's household grows from 4 to 5 people: both household rounds list it.
fn change_a_household(site: &SiteCopy) {
    site.edit(
        "content/records/households/hh.yaml",
        "    group: 三组\n    size: 4",
        "    group: 三组\n    size: 5",
    );
}

/// A correction dated `date` (not before the notice's own date).
fn add_correction(site: &SiteCopy, notice: &str, date: &str) {
    site.edit(
        &format!("content/notices/{notice}.md"),
        "records: households/hh.yaml\n",
        &format!("records: households/hh.yaml\ncorrections:\n  - date: {date}\n    what: 张元义户家庭人口由4人更正为5人\n    why: 漏登新生儿，经核对户口簿更正\n    approved_by: 某某乡人民政府\n"),
    );
}

#[test]
fn publishing_records_each_notice_with_the_digest_of_its_public_data() {
    let site = published_site();
    let rec = record(&site, "hh-first");
    assert_eq!(rec["notice"], "hh-first");
    let v1 = &rec["versions"][0];
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["recorded"], TODAY);
    // What was recorded is what the output's data.json says, masked.
    let data = data(&site, "hh-first");
    assert_eq!(v1["digest"], data["version"]["digest"]);
    assert_eq!(v1["content"]["tables"], data["tables"]);
    let ledger = site.read("content/published/hh-first.json");
    assert!(ledger.contains("530623********001X"), "{ledger}");
    assert!(
        !ledger.contains("53062319700312001X"),
        "an ID number unmasked"
    );
    assert!(!ledger.contains("13800001234"), "a phone unmasked");
    // Publishing again records nothing new.
    let again = run_ok(&site, &["publish", "--today", TODAY, "--include-future"]);
    assert!(!again.stderr.contains("版本记录"), "{}", again.stderr);
}

#[test]
fn a_published_notice_changed_without_a_correction_fails_and_leaves_the_old_output() {
    let site = published_site();
    let before = snapshot(&site.path("public"));
    change_a_household(&site);
    let build = site.run(&["build", "--today", TODAY, "--include-future"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    // Both rounds list the household: both are reported, each at its title.
    for notice in ["hh-first", "hh-second"] {
        let at = format!("content/notices/{notice}.md:2:8");
        assert!(
            build.stderr.contains(&at),
            "{notice} not reported:\n{}",
            build.stderr
        );
    }
    assert!(
        build.stderr.contains("错误[published-notice-changed]")
            && build
                .stderr
                .contains("现在内容变了却没有更正说明：表格：改 1 行（张元义：家庭人口 4→5）"),
        "{}",
        build.stderr
    );
    // And where the published version is recorded.
    assert!(
        build
            .stderr
            .contains("::: content/published/hh-first.json:1:1  第 1 版发布时的内容记在这里"),
        "{}",
        build.stderr
    );
    let mut after = snapshot(&site.path("public"));
    let mut before = before;
    before.remove(MARKER);
    after.remove(MARKER);
    assert!(before == after, "the failed build changed the old output");
    // `check` says the same without building.
    let check = site.run(&["check", "--today", TODAY, "--include-future"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("published-notice-changed"),
        "{}",
        check.stderr
    );
    // Changed back, it builds again.
    site.edit(
        "content/records/households/hh.yaml",
        "    group: 三组\n    size: 5",
        "    group: 三组\n    size: 4",
    );
    run_ok(&site, &["build", "--today", TODAY, "--include-future"]);
}

#[test]
fn a_correction_serves_both_versions_and_the_earlier_one_shows_what_changed() {
    let site = published_site();
    let v1_digest = record(&site, "hh-first")["versions"][0]["digest"]
        .as_str()
        .unwrap()
        .to_string();
    change_a_household(&site);
    add_correction(&site, "hh-first", "2014-03-22");
    add_correction(&site, "hh-second", "2014-03-28");
    // Built but not yet published: verify says the new version is not recorded yet.
    run_ok(&site, &["build", "--today", TODAY, "--include-future"]);
    let early = site.run(&["verify"]);
    assert_eq!(early.code, 1, "{}", early.stderr);
    assert!(
        early.stderr.contains("网站上的内容（第 2 版")
            && early.stderr.contains("还没有记入版本记录"),
        "{}",
        early.stderr
    );
    let run = run_ok(&site, &["publish", "--today", TODAY, "--include-future"]);
    assert!(
        run.stderr.contains("hh-first 更正为第 2 版"),
        "{}",
        run.stderr
    );

    // The ledger keeps both versions, the second with its correction.
    let rec = record(&site, "hh-first");
    let versions = rec["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["digest"], v1_digest.as_str());
    assert_eq!(
        versions[1]["correction"]["what"],
        "张元义户家庭人口由4人更正为5人"
    );
    assert_eq!(versions[1]["correction"]["date"], "2014-03-22");
    let data = data(&site, "hh-first");
    assert_eq!(data["version"]["number"], 2);
    assert_eq!(data["version"]["digest"], versions[1]["digest"]);
    let ok = run_ok(&site, &["verify"]);
    assert!(ok.stderr.contains("一致"), "{}", ok.stderr);

    // So does the copy pasted into the portal's CMS, with its version.
    let fragment = site.read("public/notices/hh-first/fragment.html");
    assert!(
        fragment.contains("更正说明")
            && fragment.contains("更正，成为第 2 版。")
            && fragment.contains("张元义户家庭人口由4人更正为5人")
            && fragment.contains("/notices/hh-first/v1/index.html\">查看更正前的原文和改动")
            && fragment.contains(&format!("（第 2 版　摘要 {}）", short_of(&versions[1]))),
        "{fragment}"
    );

    // The current page says it was corrected and links the first version.
    let page = site.read("public/notices/hh-first/index.html");
    assert!(page.contains("更正说明") && page.contains("张元义户家庭人口由4人更正为5人"));
    assert!(page.contains("漏登新生儿，经核对户口簿更正") && page.contains("某某乡人民政府"));
    assert!(page.contains("notices/hh-first/v1/index.html"));
    // The first version is served as it was, with the change from it.
    let v1 = site.read("public/notices/hh-first/v1/index.html");
    assert!(v1.contains("第 1 版与第 2 版的不同"), "{v1}");
    let short = format!("{}-{}", &v1_digest[..4], &v1_digest[4..8]).to_uppercase();
    assert!(!v1_digest.contains('-'));
    assert!(
        v1.contains(&short),
        "the first version's digest {short} is not on its page"
    );
    let changed_row = v1
        .split("<tr")
        .filter(|row| row.contains("张元义"))
        .collect::<Vec<_>>();
    // In the diff: the row before (4, struck out) and after (5, inserted); then the
    // first version's own table, with 4.
    assert!(
        changed_row
            .iter()
            .any(|r| r.contains("更正前") && r.contains("<del>4</del>")),
        "{changed_row:?}"
    );
    assert!(
        changed_row
            .iter()
            .any(|r| r.contains("更正后") && r.contains("<ins>5</ins>")),
        "{changed_row:?}"
    );
    let original_table = v1.split("第 1 版原文").nth(1).unwrap();
    assert!(original_table.contains("张元义"));
    assert!(
        !original_table.contains(">5<"),
        "the original shows the corrected size"
    );

    // A recorded correction cannot be rewritten afterwards.
    site.edit(
        "content/notices/hh-first.md",
        "why: 漏登新生儿",
        "why: 漏登了新生儿",
    );
    let build = site.run(&["build", "--today", TODAY, "--include-future"]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("correction-rewritten"),
        "{}",
        build.stderr
    );
}

#[test]
fn verify_passes_on_the_published_output_and_fails_once_a_file_is_altered() {
    let site = published_site();
    let ok = run_ok(&site, &["verify"]);
    assert!(
        ok.stderr.contains("一致：网站与版本记录相符"),
        "{}",
        ok.stderr
    );
    assert!(
        ok.stderr.contains("核对了 7 份发布过的公示公告"),
        "{}",
        ok.stderr
    );

    // A sheet altered by hand: not as published.
    let sheet = "public/notices/hh-first/print/index.html";
    site.edit(sheet, "（盖章）", "（签字）");
    let run = site.run(&["verify"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[verify-file-changed]")
            && run.stderr.contains("notices/hh-first/print/index.html"),
        "{}",
        run.stderr
    );

    // A row of the data altered: its digest no longer matches the ledger.
    site.edit(sheet, "（签字）", "（盖章）");
    site.edit("public/notices/hh-first/data.json", "\"4\"", "\"6\"");
    let run = site.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("verify-digest-mismatch"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("表格：改 1 行"), "{}", run.stderr);

    // A published notice gone from the output.
    run_ok(&site, &["build", "--today", TODAY, "--include-future"]);
    fs::remove_dir_all(site.path("public/notices/yulu")).unwrap();
    let run = site.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("verify-notice-missing"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_ledger_edited_by_hand_or_a_published_notice_deleted_is_an_error() {
    let site = published_site();
    let text = site.read("content/published/weifang.json");
    let first_cell = text.find("[\"").unwrap() + 2;
    let mut altered = text.clone();
    altered.insert(first_cell, '某');
    site.write("content/published/weifang.json", altered);
    let check = site.run(&["check", "--today", TODAY, "--include-future"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("错误[ledger-damaged]")
            && check.stderr.contains("content/published/weifang.json"),
        "{}",
        check.stderr
    );
    site.write("content/published/weifang.json", text);
    fs::remove_file(site.path("content/notices/yulu.md")).unwrap();
    let check = site.run(&["check", "--today", TODAY, "--include-future"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("错误[published-notice-missing]")
            && check.stderr.contains("content/published/yulu.json"),
        "{}",
        check.stderr
    );
}

/// The printed sheet, read back by poppler: its QR code decodes to the notice's
/// address with the version and digest, and the foot prints the same digest.
#[test]
fn the_sheets_qr_code_carries_the_address_and_the_digest() {
    let site = published_site();
    let data = data(&site, "hh-first");
    let digest = data["version"]["digest"].as_str().unwrap();
    let short = digest[..8].to_uppercase();
    let pdf = site.path("sheet.pdf");
    common::chromium_pdf(&site.path("public/notices/hh-first/print/index.html"), &pdf);
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext: run tests/run (it installs poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    let printed = format!("第 1 版　摘要 {}-{}", &short[..4], &short[4..]);
    assert!(
        text.replace(' ', "")
            .contains(&printed.replace([' ', '　'], "")),
        "{printed} not on the sheet:\n{text}"
    );
    // The first page as a grey image, 300 dpi, then the QR code in it.
    let prefix = site.path("sheet");
    let ok = Command::new("pdftoppm")
        .args(["-gray", "-r", "300", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm: run tests/run (it installs poppler-utils)");
    assert!(ok.success());
    let (width, height, pixels) = read_pgm(&site.path("sheet.pgm"));
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the sheet");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(
        content,
        format!("https://fupin.example-county.test/fpgk/notices/hh-first/?v=1&digest={short}")
    );
}

/// A binary PGM (P5, 8-bit) as pdftoppm writes it.
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// The page a sheet's QR code opens says, in Chromium, whether that sheet is the
/// current version, an earlier one, or none that was published.
#[test]
fn the_page_tells_whether_the_scanned_sheet_is_current() {
    let site = published_site();
    let v1 = data(&site, "hh-first")["version"]["digest"]
        .as_str()
        .unwrap()[..8]
        .to_uppercase();
    change_a_household(&site);
    add_correction(&site, "hh-first", "2014-03-22");
    add_correction(&site, "hh-second", "2014-03-28");
    run_ok(&site, &["build", "--today", TODAY, "--include-future"]);
    let v2 = data(&site, "hh-first")["version"]["digest"]
        .as_str()
        .unwrap()[..8]
        .to_uppercase();
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1000, 900), &[]);
    let tab = browser.new_tab().unwrap();
    let page = site.path("public/notices/hh-first/index.html");
    let said = |query: &str| -> String {
        tab.navigate_to(&format!("file://{}{query}", page.display()))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        // The script is deferred: wait for it to have run.
        for _ in 0..50 {
            let v = tab
                .evaluate(
                    "(() => { const e = document.getElementById('version-check'); return e.hidden ? '' : e.textContent; })()",
                    false,
                )
                .unwrap()
                .value
                .unwrap();
            let text = v.as_str().unwrap_or_default().to_string();
            if !text.is_empty() || query.is_empty() {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        String::new()
    };
    assert_eq!(said(""), "", "nothing is said without a scanned sheet");
    let current = said(&format!("?v=2&digest={v2}"));
    assert!(current.contains("与网上的当前版本一致"), "{current}");
    let earlier = said(&format!("?v=1&digest={v1}"));
    assert!(
        earlier.contains("第 1 版") && earlier.contains("已经更正") && earlier.contains("第 2 版"),
        "{earlier}"
    );
    for forged in [
        "?v=2&digest=AAAAAAAA",
        "?v=2&digest=00000000",
        "?v=3&digest={v2}",
    ] {
        let said = said(&forged.replace("{v2}", &v2));
        assert!(said.contains("都不符"), "{forged}: {said}");
    }
}

/// In the preview, a published notice changed without a correction shows the
/// problem over the last good page; the correction makes the next version at once.
#[test]
fn the_preview_shows_a_silent_change_and_takes_the_correction() {
    let site = published_site();
    let server = serve_support::Server::start(site.root(), &[]);
    let page = "/notices/hh-first/index.html";
    server.poll(page, "the first build", |r| {
        r.body.contains("本页是第 1 版")
    });
    change_a_household(&site);
    let failed = server.poll(page, "the overlay", |r| {
        r.body.contains("gongshi-overlay") && r.body.contains("published-notice-changed")
    });
    assert!(
        failed.body.contains("content/notices/hh-first.md:2:8"),
        "{}",
        failed.body
    );
    assert!(
        failed.body.contains("本页是第 1 版"),
        "the last good page stays"
    );
    add_correction(&site, "hh-first", "2014-03-22");
    add_correction(&site, "hh-second", "2014-03-28");
    let corrected = server.poll(page, "the second version", |r| {
        !r.body.contains("gongshi-overlay") && r.body.contains("本页是第 2 版")
    });
    assert!(corrected.body.contains("张元义户家庭人口由4人更正为5人"));
    assert_eq!(server.get("/notices/hh-first/v1/index.html").status, 200);
}

/// `XXXX-XXXX` of a recorded version.
fn short_of(version: &serde_json::Value) -> String {
    let d = version["digest"].as_str().unwrap().to_uppercase();
    format!("{}-{}", &d[..4], &d[4..8])
}
