//! `gongshi serve` rebuilds only what a change affects: after each saved change the
//! preview's folder holds exactly what a fresh `gongshi build` of the changed site
//! writes, the pages the change does not touch are not written again, and a bad
//! save writes nothing until it is fixed.

mod common;
mod serve_support;

use common::{SiteCopy, snapshot};
use serve_support::{Server, rename_edit};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

const NOTICE: &str = "/notices/hh-first/index.html";
const HOUSEHOLDS: &str = "content/records/households/hh.yaml";
const PROJECTS: &str = "content/records/projects/2014.yaml";
const FUNDS: &str = "content/records/funds/2014.yaml";

/// A preview of a copy of the sample site, built into a folder the test can see.
struct Preview {
    site: SiteCopy,
    server: Server,
    out: tempfile::TempDir,
    /// Small rebuilds announced so far.
    small: usize,
}

impl Preview {
    fn start() -> Preview {
        Preview::start_with(|_| {})
    }

    /// A preview of the sample site after `prepare` has added to it.
    fn start_with(prepare: impl FnOnce(&SiteCopy)) -> Preview {
        let site = SiteCopy::of("good");
        prepare(&site);
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("preview");
        let server = Server::start(site.root(), &["--output", output.to_str().unwrap()]);
        Preview {
            site,
            server,
            out,
            small: 0,
        }
    }

    fn output(&self) -> std::path::PathBuf {
        self.out.path().join("preview")
    }

    /// Rename-saves an edit and waits for the small rebuild it causes.
    fn edit(&mut self, rel: &str, from: &str, to: &str) {
        rename_edit(&self.site.path(rel), from, to);
        self.small += 1;
        self.server
            .wait_for_output("已重新生成（增量）", self.small);
    }

    /// The preview's folder must be byte for byte what `gongshi build` writes now.
    fn assert_matches_a_full_build(&self, after: &str) {
        let full = self.out.path().join(format!("full-{}", self.small));
        let run = self.site.run(&[
            "build",
            "--today",
            "2014-03-22",
            "--include-future",
            "--output",
            full.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let preview = snapshot(&self.output());
        let built = snapshot(&full);
        let names = |s: &BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&preview),
            names(&built),
            "after {after}: the same files"
        );
        for (rel, bytes) in &built {
            assert!(
                preview[rel] == *bytes,
                "after {after}: {rel} differs from a full build"
            );
        }
    }
}

/// Every file in `dir` with its inode and modification time: a file written again
/// (a new file renamed over the old one) changes both.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

fn rewritten(
    before: &BTreeMap<String, (u64, i64, i64)>,
    after: &BTreeMap<String, (u64, i64, i64)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(rel, stamp)| before.get(*rel) != Some(*stamp))
        .map(|(rel, _)| rel.clone())
        .collect()
}

#[test]
fn a_record_change_rewrites_only_its_pages_and_matches_a_full_build() {
    let mut p = Preview::start();
    let before = stamps(&p.output());
    assert!(p.server.get(NOTICE).body.contains("张元义"));

    p.edit(HOUSEHOLDS, "张元义", "张元礼");
    p.server
        .poll(NOTICE, "the new name", |r| r.body.contains("张元礼"));
    p.assert_matches_a_full_build("a household list changed");

    // Written again: the two rounds that publish the list (the second shows what
    // changed since the first) and the print page of their village's board.
    let written = rewritten(&before, &stamps(&p.output()));
    let may = |rel: &str| {
        rel.starts_with("notices/hh-first/")
            || rel.starts_with("notices/hh-second/")
            || rel == "regions/530623101201/print/index.html"
    };
    assert!(written.iter().all(|rel| may(rel)), "{written:?}");
    assert!(written.contains(&"notices/hh-first/index.html".to_string()));
    assert!(written.contains(&"notices/hh-first/data.csv".to_string()));
    // Not written again: the board, other notices, regions, projects, funds, static.
    for rel in [
        "index.html",
        "notices/yulu/index.html",
        "notices/projects-2014/index.html",
        "regions/530623101201/index.html",
        "regions/530623000000/index.html",
        "funds/index.html",
        "static/style.css",
    ] {
        assert!(before.contains_key(rel), "{rel} exists");
        assert!(
            !written.contains(&rel.to_string()),
            "{rel} was written again"
        );
    }
    assert!(
        p.server.output().contains("已重新生成（增量） 5 个页面"),
        "{}",
        p.server.output()
    );
}

#[test]
fn changes_to_projects_funds_and_notices_match_a_full_build() {
    let mut p = Preview::start();
    // A project: its page, its region pages, the fund summary, the ledger tables.
    p.edit(PROJECTS, "河口村核桃种植", "河口村核桃林");
    p.assert_matches_a_full_build("a project renamed");
    p.edit(PROJECTS, "status: 在建", "status: 已完工");
    p.assert_matches_a_full_build("a project status changed");
    // A disbursement: the fund summary and the project's ledger.
    p.edit(FUNDS, "disbursed: 10.2万元", "disbursed: 10.3万元");
    p.assert_matches_a_full_build("a disbursement changed");
    // A notice's title and date: its card on the board, in its regions, in the
    // history of the other round, in the feed.
    p.edit("content/notices/hh-first.md", "(第一次)", "(第1次)");
    p.assert_matches_a_full_build("a notice title changed");
    p.edit(
        "content/notices/hh-second.md",
        "date: 2014-03-28",
        "date: 2014-03-27",
    );
    p.assert_matches_a_full_build("a notice date changed");
    // Its period: it leaves the board (and its region's print page).
    p.edit(
        "content/notices/hh-first.md",
        "period: { from: 2014-03-20",
        "period: { from: 2014-03-14",
    );
    p.edit(
        "content/notices/hh-first.md",
        "to: 2014-03-26",
        "to: 2014-03-21",
    );
    p.assert_matches_a_full_build("a notice ended");

    // Rounds with lists of their own: the second round's page shows who left since
    // the first, so a change to the first round's list changes the second's page.
    let list = p.site.read(HOUSEHOLDS);
    let first_only = list.split("  - head: 李秀英").next().unwrap().to_string();
    p.site
        .write("content/records/households/hh-2.yaml", first_only);
    // Not yet attached: the same people on two lists, which fails the check.
    p.server.wait_for_output("生成失败", 1);
    p.edit(
        "content/notices/hh-second.md",
        "records: households/hh.yaml",
        "records: households/hh-2.yaml",
    );
    p.assert_matches_a_full_build("the second round given a list of its own");
    let second = "/notices/hh-second/index.html";
    assert!(p.server.get(second).body.contains("李秀英"));
    p.edit(HOUSEHOLDS, "李秀英", "李秀芳");
    p.server
        .poll(second, "the history", |r| r.body.contains("李秀芳"));
    p.assert_matches_a_full_build("the first round's list changed");
    assert!(
        !p.server.output().contains("（全量）"),
        "{}",
        p.server.output()
    );

    // Moving a notice to another region changes the region pages: a full rebuild.
    rename_edit(
        &p.site.path("content/notices/weifang.md"),
        "region: \"530623000000\"",
        "region: \"530623101000\"",
    );
    p.server.wait_for_output("已重新生成（全量）", 1);
    p.assert_matches_a_full_build("a notice moved");
    // After which small rebuilds go on.
    p.edit(HOUSEHOLDS, "张元义", "张元礼");
    p.assert_matches_a_full_build("a household list changed after a full rebuild");
}

#[test]
fn a_bad_save_writes_nothing_and_the_fix_brings_every_change_since() {
    let mut p = Preview::start();
    let good = snapshot(&p.output());
    let before = stamps(&p.output());

    // A wrong check digit: the check fails, nothing is written.
    rename_edit(
        &p.site.path(HOUSEHOLDS),
        "53062319700312001X",
        "530623197003120011",
    );
    p.server.wait_for_output("生成失败", 1);
    let page = p.server.poll(NOTICE, "the overlay", |r| {
        r.body.contains("gongshi-overlay")
    });
    assert!(page.body.contains("id-number-invalid"), "{}", page.body);
    assert!(page.body.contains("张元义"), "the last good page stays");
    // Another change while the list is still wrong: still nothing written.
    rename_edit(&p.site.path(PROJECTS), "河口村核桃种植", "河口村核桃林");
    p.server.wait_for_output("生成失败", 2);
    assert_eq!(snapshot(&p.output()), good, "nothing written while failing");
    assert!(rewritten(&before, &stamps(&p.output())).is_empty());

    // Fixed: the pages of both changes are written, as a full build writes them.
    p.edit(HOUSEHOLDS, "530623197003120011", "53062319700312001X");
    p.server.poll(NOTICE, "the overlay to go", |r| {
        !r.body.contains("gongshi-overlay")
    });
    p.assert_matches_a_full_build("the fix");
    let written = rewritten(&before, &stamps(&p.output()));
    assert!(
        written.iter().any(|rel| rel.starts_with("projects/")),
        "{written:?}"
    );
    assert!(!written.contains(&"notices/yulu/index.html".to_string()));

    // Broken YAML in a list: shown, nothing written, then fixed.
    let now = snapshot(&p.output());
    rename_edit(&p.site.path(HOUSEHOLDS), "rows:", "rows: [");
    p.server.wait_for_output("生成失败", 3);
    p.server.poll(NOTICE, "the overlay", |r| {
        r.body.contains("content/records/households/hh.yaml:")
    });
    assert_eq!(snapshot(&p.output()), now);
    p.edit(HOUSEHOLDS, "rows: [", "rows:");
    p.assert_matches_a_full_build("the YAML fixed");

    // A full identity number in a notice's text: the leak guard scans the pages of
    // a small rebuild too, and stops it before anything is written.
    let now = snapshot(&p.output());
    rename_edit(
        &p.site.path("content/notices/hh-first.md"),
        "现将拟确定的贫困户名单公示如下。",
        "现将拟确定的贫困户名单公示如下。联系人身份证号 530623197511200024。",
    );
    p.server.wait_for_output("生成失败", 4);
    let page = p.server.poll(NOTICE, "the overlay", |r| {
        r.body.contains("gongshi-overlay")
    });
    assert!(page.body.contains("leak-id-number"), "{}", page.body);
    assert_eq!(snapshot(&p.output()), now, "nothing written");
    let on_disk = std::fs::read_to_string(p.output().join("notices/hh-first/index.html"));
    assert!(!on_disk.unwrap().contains("530623197511200024"));
}

/// A notice's card is on one page of each region list up its lineage: editing it
/// renders those pages, and moving it (a new date) the pages it moves across; the
/// result is still what a full build writes.
#[test]
fn a_notice_edit_in_a_long_region_list_matches_a_full_build() {
    let mut p = Preview::start_with(|site| {
        site.add_announcements(130);
    });
    let page3 = "/regions/530623101201/page/3/index.html";
    assert!(p.server.get(page3).body.contains("第 3 页，共 3 页"));

    // A title on page 2 of the village's list (and page 1 of the county's).
    p.edit(
        "content/notices/extra-010.md",
        "长沟村第10号公告",
        "长沟村第10号公告（更正）",
    );
    p.assert_matches_a_full_build("a title changed");

    // The newest card moves to the end of the list: every page between changes.
    p.edit(
        "content/notices/extra-027.md",
        "date: 2014-05-28",
        "date: 2014-01-02",
    );
    p.assert_matches_a_full_build("a card moved across pages");
    assert!(p.server.get(page3).body.contains("长沟村第27号公告"));
}

/// Pages record what they read while rendering; a small rebuild renders the pages
/// that read what changed, whatever the change.
#[test]
fn a_change_renders_only_the_pages_that_read_it() {
    let mut p = Preview::start_with(|site| {
        // A list no notice publishes yet.
        site.write(
            "content/records/tables/spare.yaml",
            "kind: table\ntitle: 备用表\ncolumns:\n  - { key: name, title: 名称 }\nrows:\n  - { name: 甲 }\n",
        );
    });
    let before = stamps(&p.output());
    // A notice's body: its own pages and the search index, which holds its words;
    // nothing else (yulu is not on any board today, and no other page shows its body).
    p.edit(
        "content/notices/yulu.md",
        "现将雨露计划培训学员名单公示如下。",
        "现将雨露计划培训学员名单公示如下，请相互转告。",
    );
    p.assert_matches_a_full_build("a body changed");
    let written = rewritten(&before, &stamps(&p.output()));
    assert_own_pages_and_the_index(&written, "notices/yulu/");
    // A list no page shows: checked, nothing rendered.
    let before = stamps(&p.output());
    p.edit("content/records/tables/spare.yaml", "name: 甲", "name: 乙");
    assert!(rewritten(&before, &stamps(&p.output())).is_empty());
    assert!(
        p.server.output().contains("已重新生成（增量） 0 个页面"),
        "{}",
        p.server.output()
    );
}

/// The list of every notice and the site map show every notice's card: a new notice
/// (a full rebuild) and an edited title (a small one) reach both, as a full build
/// writes them.
#[test]
fn the_all_notices_page_and_the_site_map_follow_notices() {
    let mut p = Preview::start();
    let (all, map) = ("/notices/index.html", "/sitemap/index.html");
    assert!(!p.server.get(all).body.contains("新增的公告"));

    p.site.write(
        "content/notices/added.md",
        "---\ntitle: 新增的公告\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: 2014-03-21\n---\n公告正文。\n",
    );
    p.server.wait_for_output("已重新生成（全量）", 1);
    p.server.poll(all, "the new notice listed", |r| {
        r.body.contains("新增的公告")
    });
    assert!(p.server.get(map).body.contains("notices/added/index.html"));
    p.assert_matches_a_full_build("a notice added");

    let before = stamps(&p.output());
    p.edit(
        "content/notices/added.md",
        "新增的公告",
        "新增的公告（更正）",
    );
    p.server.poll(map, "the new title", |r| {
        r.body.contains("新增的公告（更正）")
    });
    assert!(p.server.get(all).body.contains("新增的公告（更正）"));
    p.assert_matches_a_full_build("the added notice's title changed");
    let written = rewritten(&before, &stamps(&p.output()));
    for rel in ["notices/index.html", "sitemap/index.html", "index.html"] {
        assert!(
            written.contains(&rel.to_string()),
            "{rel} not written: {written:?}"
        );
    }
    // A notice's body is on neither.
    let before = stamps(&p.output());
    p.edit(
        "content/notices/added.md",
        "公告正文。",
        "公告正文，请周知。",
    );
    p.assert_matches_a_full_build("the added notice's body changed");
    let written = rewritten(&before, &stamps(&p.output()));
    assert_own_pages_and_the_index(&written, "notices/added/");
}

/// `written` is the notice's own pages under `dir` and the search index (its words
/// changed), and holds both.
fn assert_own_pages_and_the_index(written: &[String], dir: &str) {
    assert!(
        written
            .iter()
            .all(|rel| rel.starts_with(dir) || rel.starts_with("search/")),
        "{written:?}"
    );
    assert!(
        written.contains(&format!("{dir}index.html"))
            && written.contains(&"search/meta.js".to_string()),
        "{written:?}"
    );
}
