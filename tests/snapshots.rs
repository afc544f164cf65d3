//! Snapshot tests (issue #15 §5): what the repository's sample county (`content/`)
//! builds into — pages, print sheets, data files, feed, sitemap and the list of every
//! output file with its size — is pinned in `tests/snapshots/*.snap`, reviewed like code.
//!
//! The sample is built as of 2014-09-05 without `--include-future`: on that day the
//! project list is 公示中 on its last day (今日截止), the funds notice 公示中 with days
//! left, the household rounds, the village list and the 危房改造 list have ended, two
//! announcements stand, and the 雨露计划 list (dated 2014-09-10) is not yet issued, so it
//! must be missing from every page and from the file list. No sample notice is issued
//! before its period starts, so no day of the sample shows 即将公示; the `good` fixture,
//! built as of 2014-03-22 with `--include-future` like most tests build it, shows that
//! state. `--base-url` is fixed, so the QR codes on the sheets are fixed too.
//!
//! What is stored is the output itself, with two changes made only to be readable: a
//! line break before the start tag of every block element of a (minified) page, and the
//! invisible bytes spelled out (`<U+FEFF>` for a byte-order mark, `<CR>` for a carriage
//! return: insta would otherwise take CRLF and LF as the same). Nothing is filtered: the
//! build is byte-identical from run to run and from folder to folder; should that ever
//! change, filter the varying part with an insta filter and say why here.
//!
//! Reviewing and accepting a change. Run
//!
//!     cargo test --test snapshots
//!
//! Each snapshot that changed fails its own test with a diff, and (outside CI) insta
//! writes the new output beside the old one as `tests/snapshots/NAME.snap.new`
//! (ignored by git). Read every diff as you would read code: is each changed line
//! meant, and is the page still right on that day? Then accept them all with
//!
//!     INSTA_UPDATE=always cargo test --test snapshots
//!
//! (or `cargo insta review` where cargo-insta is installed), look at `git diff
//! tests/snapshots`, and commit the `.snap` files with the change that caused them, so
//! that the reviewer of the change reads the output diff too. A new snapshot is written
//! the same way. In CI nothing is written: insta's default `INSTA_UPDATE=auto` writes no
//! file when the `CI` variable is set (`.ci/run` runs with `CI=true`), so a changed or
//! missing snapshot fails the run.

mod common;

use common::{SiteCopy, copy_tree, snapshot};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

/// The address the sheets' QR codes point at.
const BASE_URL: &str = "https://www.example.gov.cn/fpgk/";

/// The sample's as-of day (see the header).
const SAMPLE_DAY: &str = "2014-09-05";

/// The `good` fixture's as-of day, as `SiteCopy::build` uses it.
const GOOD_DAY: &str = "2014-03-22";

/// Every output file by relative path, with its bytes.
type Output = BTreeMap<String, Vec<u8>>;

/// The repository's sample county, copied to a temporary folder and built once for all
/// the tests here.
static SAMPLE: LazyLock<Output> = LazyLock::new(|| {
    let site = SiteCopy {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &site.path("content"));
    build(&site, &["--today", SAMPLE_DAY, "--base-url", BASE_URL])
});

/// The `tests/fixtures/good` site, built as most tests build it.
static GOOD: LazyLock<Output> = LazyLock::new(|| {
    let site = SiteCopy::of("good");
    build(
        &site,
        &[
            "--today",
            GOOD_DAY,
            "--include-future",
            "--base-url",
            BASE_URL,
        ],
    )
});

fn build(site: &SiteCopy, args: &[&str]) -> Output {
    let mut all = vec!["build", "--quiet"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let files = snapshot(&site.path("public"));
    assert!(files.len() > 20, "only {} files", files.len());
    files
}

/// Elements whose start tag begins a line in a stored page.
const BLOCK_TAGS: &[&str] = &[
    "section", "header", "footer", "main", "nav", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "table", "caption", "thead", "tbody", "tfoot", "tr", "dl", "dt", "dd",
    "article", "style", "script", "svg", "link", "meta", "title",
];

/// `html` with a line break before each start tag of a block element (`<p>`, `<p
/// class=x>`, not `</p>`, `<path>` or `<pre>`), unless a line already starts there.
fn break_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at + 1..];
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        let name_ends = tag[name_len..]
            .chars()
            .next()
            .is_none_or(|c| c == '>' || c == '/' || c.is_ascii_whitespace());
        let block = name_ends && BLOCK_TAGS.iter().any(|b| b.eq_ignore_ascii_case(name));
        if block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = tag;
    }
    out.push_str(rest);
    out
}

/// The bytes insta would not show or would not compare, spelled out.
fn show_invisible(text: &str) -> String {
    text.replace('\u{feff}', "<U+FEFF>").replace('\r', "<CR>")
}

/// The file `rel` of `output` as stored: pages broken into lines, the rest as it is.
fn view(output: &Output, rel: &str) -> String {
    let bytes = output
        .get(rel)
        .unwrap_or_else(|| panic!("{rel} was not built"));
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let text = show_invisible(text);
    if rel.ends_with(".html") {
        break_blocks(&text)
    } else {
        text
    }
}

/// Stores `text` as the snapshot `name`, described by what it is a view of.
fn check(name: &str, description: String, text: String) {
    insta::with_settings!({
        description => description,
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// One test per stored file, so a change shows every snapshot it touches at once.
macro_rules! file_snapshots {
    ($site:ident, $day:ident, $how:literal: $($test:ident => $rel:literal,)+) => {
        $(
            #[test]
            fn $test() {
                check(
                    stringify!($test),
                    format!("{} as of {} {}", $rel, $day, $how),
                    view(&$site, $rel),
                );
            }
        )+
    };
}

file_snapshots! { SAMPLE, SAMPLE_DAY, "(content/, the sample county)":
    sample_board => "index.html",
    sample_notice_household_round1 => "notices/changgou-2014-first/index.html",
    sample_notice_household_round2 => "notices/changgou-2014-second/index.html",
    sample_notice_announcement => "notices/changgou-2014-announcement/index.html",
    sample_notice_projects => "notices/projects-2014-publicity/index.html",
    sample_notice_funds => "notices/funds-2014-publicity/index.html",
    sample_notice_subsidies => "notices/weifang-2014-publicity/index.html",
    sample_region_village => "regions/530623101201/index.html",
    sample_region_county => "regions/530623000000/index.html",
    sample_project => "projects/2014-002/index.html",
    sample_funds => "funds/index.html",
    sample_notice_print => "notices/changgou-2014-second/print/index.html",
    sample_region_print => "regions/530623000000/print/index.html",
    sample_notice_csv => "notices/changgou-2014-second/data.csv",
    sample_notice_json => "notices/changgou-2014-second/data.json",
    sample_feed => "feed.xml",
    sample_sitemap => "sitemap.xml",
}

file_snapshots! { GOOD, GOOD_DAY, "with --include-future (tests/fixtures/good)":
    good_board => "index.html",
    good_notice_hh_first => "notices/hh-first/index.html",
    good_notice_hh_first_print => "notices/hh-first/print/index.html",
}

/// Every output file with its size in bytes, so a file that appears or vanishes (or
/// changes in a way the other snapshots do not show) is seen.
#[test]
fn sample_file_list() {
    let list: String = SAMPLE
        .iter()
        .map(|(rel, bytes)| format!("{:>8}  {}\n", bytes.len(), rel.replace('\\', "/")))
        .collect();
    check(
        "sample_file_list",
        format!("size in bytes and path of every output file as of {SAMPLE_DAY} (content/)"),
        list,
    );
}

#[test]
fn block_start_tags_begin_lines_and_nothing_else_does() {
    assert_eq!(
        break_blocks("<html><p>a<path d=x/></p><pre>b</pre><li class=c>d<link href=e><tr>"),
        "<html>\n<p>a<path d=x/></p><pre>b</pre>\n<li class=c>d\n<link href=e>\n<tr>"
    );
    assert_eq!(break_blocks("<p>\n<p>"), "<p>\n<p>");
    assert_eq!(
        show_invisible("\u{feff}a,b\r\n"),
        "<U+FEFF>a,b<CR>\n".to_string()
    );
}
