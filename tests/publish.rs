//! `gongshi publish` on a real fixture site: the bundle holds exactly the files whose
//! bytes changed since the last publication (checked against two real builds hashed
//! here), nothing when nothing changed, deleted files are listed, the bundle unpacked
//! over the previous output gives the new one, and a failed build publishes nothing.

mod common;

use common::{SiteCopy, copy_tree, snapshot};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const MARKER: &str = ".gongshi-output";

fn publish(site: &SiteCopy) -> common::Run {
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 0, "publish failed:\n{}{}", run.stdout, run.stderr);
    run
}

/// Edits a published notice's body (`from` → `to`) with the correction a published
/// notice needs to change (see tests/ledger.rs).
fn correct(site: &SiteCopy, notice: &str, from: &str, to: &str) {
    let rel = format!("content/notices/{notice}.md");
    site.edit(&rel, from, to);
    site.edit(
        &rel,
        "---\ntitle:",
        "---\ncorrections:\n  - { date: 2014-12-31, what: 正文修改, why: 文字有误, approved_by: 某某乡人民政府 }\ntitle:",
    );
}

/// The output's files and their bytes, without gongshi's marker.
fn output_files(site: &SiteCopy) -> BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(&site.path("public"));
    files.remove(MARKER);
    assert!(files.len() > 10);
    files
}

/// Paths whose bytes differ between two outputs, or that only `new` has.
fn upload_set(old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    new.iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

fn deleted_set(old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    old.keys()
        .filter(|p| !new.contains_key(*p))
        .cloned()
        .collect()
}

/// Every entry of a zip: name and bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name = entry.name().unwrap().to_string();
        assert!(
            entries.insert(name.clone(), bytes).is_none(),
            "{name} twice"
        );
    }
    entries
}

/// The names of the zip's entries in the order they are stored.
fn zip_order(path: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect()
}

fn log_lines(site: &SiteCopy) -> Vec<Vec<String>> {
    site.read("publish/log.tsv")
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn publish_dir(site: &SiteCopy) -> BTreeSet<String> {
    fs::read_dir(site.path("publish"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn bundle(site: &SiteCopy, name: &str) -> PathBuf {
    site.path(&format!("publish/更新包-{name}.zip"))
}

/// The deleted list: UTF-8 with a BOM, one path a line, CRLF.
fn deleted_list(site: &SiteCopy, name: &str) -> Vec<String> {
    let bytes = fs::read(site.path(&format!("publish/删除清单-{name}.txt"))).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    text.split_terminator("\r\n").map(str::to_string).collect()
}

/// The manifest's lines, parsed, against the output as hashed here.
fn assert_manifest_matches(site: &SiteCopy, files: &BTreeMap<String, Vec<u8>>) {
    let text = site.read("publish/manifest.tsv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("路径\t字节数\tSHA-256"));
    let listed: Vec<(String, usize, String)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{l}");
            (f[0].to_string(), f[1].parse().unwrap(), f[2].to_string())
        })
        .collect();
    assert_eq!(
        listed.iter().map(|l| &l.0).collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>(),
        "the manifest lists every output file, sorted, the marker left out"
    );
    for (path, size, sha) in &listed {
        assert_eq!(*size, files[path].len(), "{path}");
        assert_eq!(*sha, sha256_hex(&files[path]), "{path}");
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn first_publish_bundles_every_file_and_records_it() {
    let site = SiteCopy::of("good");
    let run = publish(&site);
    let files = output_files(&site);
    assert_eq!(unzip(&bundle(&site, "2014-03-22-1")), files);
    let order = zip_order(&bundle(&site, "2014-03-22-1"));
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "entries sorted by path");
    assert_manifest_matches(&site, &files);
    assert_eq!(
        publish_dir(&site),
        BTreeSet::from(["log.tsv", "manifest.tsv", "更新包-2014-03-22-1.zip"].map(String::from)),
        "no list of deleted files, no lock or temporary file left"
    );
    let log = log_lines(&site);
    assert_eq!(log.len(), 2, "header and one publication");
    assert_eq!(log[0][0], "发布时间");
    let line = &log[1];
    assert_eq!(line[1], "2014-03-22");
    assert_eq!(
        line[2..6],
        [files.len().to_string(), "0".into(), "0".into(), "0".into()]
    );
    assert_eq!(line[6], "更新包-2014-03-22-1.zip");
    assert_eq!(line[7], "-");
    assert_eq!(
        line[8],
        sha256_hex(site.read("publish/manifest.tsv").as_bytes())
    );
    assert_eq!(line[9], "首次发布（全部文件）");
    assert!(
        run.stderr.contains(&format!(
            "首次发布：网站的全部 {} 个文件都在更新包里",
            files.len()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("更新包-2014-03-22-1.zip"),
        "{}",
        run.stderr
    );
}

#[test]
fn publishing_again_without_an_edit_bundles_nothing() {
    let site = SiteCopy::of("good");
    publish(&site);
    let manifest = site.read("publish/manifest.tsv");
    let run = publish(&site);
    assert!(
        run.stderr.contains("没有变化，不需要上传"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("publish/manifest.tsv"), manifest);
    assert_eq!(
        publish_dir(&site),
        BTreeSet::from(["log.tsv", "manifest.tsv", "更新包-2014-03-22-1.zip"].map(String::from)),
        "no second bundle"
    );
    let log = log_lines(&site);
    assert_eq!(log.len(), 3);
    let files = output_files(&site).len().to_string();
    assert_eq!(log[2][2..8], ["0", "0", "0", files.as_str(), "-", "-"]);
    assert_eq!(log[2][8], log[1][8], "the same manifest");
    assert_eq!(log[2][9], "没有变化，不需要上传");
}

#[test]
fn an_edit_bundles_exactly_the_changed_files_and_the_bundle_completes_the_old_output() {
    let site = SiteCopy::of("good");
    publish(&site);
    let before = output_files(&site);
    let old_output = tempfile::tempdir().unwrap();
    copy_tree(&site.path("public"), old_output.path());

    correct(&site, "hh-first", "经村民代表大会", "经村民代表大会认真");
    let dry = site.run(&[
        "publish",
        "--today",
        "2014-03-22",
        "--include-future",
        "--dry-run",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        output_files(&site),
        before,
        "a dry run leaves the output alone"
    );
    assert!(!site.path("publish/更新包-2014-03-22-2.zip").exists());

    publish(&site);
    let after = output_files(&site);
    let expected = upload_set(&before, &after);
    assert!(expected.contains(&"notices/hh-first/index.html".to_string()));
    assert!(expected.len() < after.len() / 2, "{expected:?}");
    assert!(deleted_set(&before, &after).is_empty());
    let zipped = unzip(&bundle(&site, "2014-03-22-2"));
    assert_eq!(zipped.keys().cloned().collect::<Vec<_>>(), expected);
    for (path, bytes) in &zipped {
        assert!(
            bytes == &after[path],
            "{path} in the bundle is the new file"
        );
    }
    assert!(!site.path("publish/删除清单-2014-03-22-2.txt").exists());
    // The corrected notice's first version gets a page of its own: the one new file.
    let mut dry_listed: Vec<String> = dry
        .stdout
        .lines()
        .map(|l| {
            l.strip_prefix("修改\t")
                .or_else(|| {
                    l.strip_prefix("新增\t")
                        .filter(|p| *p == "notices/hh-first/v1/index.html")
                })
                .expect(l)
                .to_string()
        })
        .collect();
    dry_listed.sort();
    assert_eq!(dry_listed, expected, "the dry run listed the same files");
    assert_manifest_matches(&site, &after);
    let log = log_lines(&site);
    assert_eq!(log.len(), 3);
    assert_eq!(log[2][2], "1", "the first version's page is new");
    assert_eq!(log[2][3], (expected.len() - 1).to_string());
    assert_eq!(log[2][6], "更新包-2014-03-22-2.zip");

    // Unpacked over the previous output, the bundle gives the new one.
    unpack_over(&bundle(&site, "2014-03-22-2"), old_output.path(), &[]);
    let mut rebuilt = snapshot(old_output.path());
    rebuilt.remove(MARKER);
    assert_eq!(rebuilt, after);
}

#[test]
fn a_deleted_file_is_listed_and_not_bundled() {
    let site = SiteCopy::of("good");
    // Two files of the site's own static/, copied to the output as they are.
    site.write("static/files/申请表.txt", "扶贫小额信贷申请表\n");
    site.write("static/files/说明.txt", "填表说明\n");
    publish(&site);
    let before = output_files(&site);
    let old_output = tempfile::tempdir().unwrap();
    copy_tree(&site.path("public"), old_output.path());

    // A file the clerk took out of static/ is deleted from the portal too; one edited
    // is bundled.
    fs::remove_file(site.path("static/files/申请表.txt")).unwrap();
    site.write("static/files/说明.txt", "填表说明（修订）\n");
    let run = publish(&site);
    let after = output_files(&site);
    let deleted = deleted_list(&site, "2014-03-22-2");
    assert_eq!(deleted, deleted_set(&before, &after));
    assert_eq!(deleted, ["files/申请表.txt"]);
    let zipped = unzip(&bundle(&site, "2014-03-22-2"));
    assert_eq!(
        zipped.keys().cloned().collect::<Vec<_>>(),
        upload_set(&before, &after)
    );
    assert!(zipped.contains_key("files/说明.txt") && !zipped.contains_key("files/申请表.txt"));
    assert!(
        run.stderr.contains(&format!("删除 {} 个", deleted.len())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("删除清单-2014-03-22-2.txt"),
        "{}",
        run.stderr
    );
    let log = log_lines(&site);
    assert_eq!(log[2][4], deleted.len().to_string());
    assert_eq!(log[2][7], "删除清单-2014-03-22-2.txt");

    unpack_over(&bundle(&site, "2014-03-22-2"), old_output.path(), &deleted);
    let mut rebuilt = snapshot(old_output.path());
    rebuilt.remove(MARKER);
    assert_eq!(rebuilt, after, "bundle plus deletions give the new output");
}

/// Extracts every entry of `zip` into `dir`, overwriting, then removes `deleted`.
fn unpack_over(zip: &Path, dir: &Path, deleted: &[String]) {
    for (name, bytes) in unzip(zip) {
        let path = dir.join(&name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    for name in deleted {
        fs::remove_file(dir.join(name)).unwrap();
    }
}

#[test]
fn the_same_changes_give_the_same_bundle_bytes() {
    let site = SiteCopy::of("good");
    publish(&site);
    let manifest = site.read("publish/manifest.tsv");
    correct(&site, "yulu", "现将", "现将2014年");
    publish(&site);
    // Forget the second publication's manifest: the same changes are bundled again.
    fs::write(site.path("publish/manifest.tsv"), &manifest).unwrap();
    publish(&site);
    let second = fs::read(bundle(&site, "2014-03-22-2")).unwrap();
    let third = fs::read(bundle(&site, "2014-03-22-3")).unwrap();
    assert!(second == third, "byte-identical bundles");
    assert_eq!(log_lines(&site).len(), 4);
}

#[test]
fn a_failed_build_publishes_nothing() {
    let site = SiteCopy::of("good");
    publish(&site);
    correct(&site, "hh-first", "经村民代表大会", "改过的正文");
    publish(&site);
    let dir_before = publish_dir(&site);
    let versions = snapshot(&site.path("content/published"));
    let manifest = fs::read(site.path("publish/manifest.tsv")).unwrap();
    let log = fs::read(site.path("publish/log.tsv")).unwrap();
    let output = output_files(&site);

    site.edit(
        "content/notices/yulu.md",
        "kind: publicity",
        "kind: 不存在的类型",
    );
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("没有发布"), "{}", run.stderr);
    assert_eq!(
        publish_dir(&site),
        dir_before,
        "no bundle, lock or temporary file"
    );
    assert!(fs::read(site.path("publish/manifest.tsv")).unwrap() == manifest);
    assert!(fs::read(site.path("publish/log.tsv")).unwrap() == log);
    assert!(
        snapshot(&site.path("content/published")) == versions,
        "no version recorded"
    );
    assert_eq!(output_files(&site), output, "the output is untouched too");
}

#[test]
fn a_damaged_manifest_stops_before_anything_is_built() {
    let site = SiteCopy::of("good");
    site.write(
        "publish/manifest.tsv",
        "路径\t字节数\tSHA-256\nindex.html\t12\tnot-a-hash\n",
    );
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("第 2 行"), "{}", run.stderr);
    assert!(!site.path("public").exists());
    assert_eq!(
        publish_dir(&site),
        BTreeSet::from(["manifest.tsv"].map(String::from))
    );
}

#[test]
fn a_second_publish_waits_for_the_first_and_a_dead_ones_lock_is_taken_over() {
    let site = SiteCopy::of("good");
    // This test process is alive: its id in the lock is a publication under way.
    site.write(
        "publish/.gongshi-publish.lock",
        std::process::id().to_string(),
    );
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("正在发布这个站点"), "{}", run.stderr);
    assert!(!site.path("public").exists(), "nothing built");

    // A process that has ended, and the temporary file it left.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    site.write("publish/.gongshi-publish.lock", pid.to_string());
    site.write("publish/.gongshi-tmp-left", "half a zip");
    publish(&site);
    assert_eq!(
        publish_dir(&site),
        BTreeSet::from(["log.tsv", "manifest.tsv", "更新包-2014-03-22-1.zip"].map(String::from))
    );
}

#[test]
fn a_failed_first_publication_leaves_no_publish_folder() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/notices/yulu.md",
        "kind: publicity",
        "kind: 不存在的类型",
    );
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.path("publish").exists());
}

/// A published notice is corrected, never taken down: deleting it together with its
/// version record gets past `check`, but `publish` refuses to hand over the deletion
/// and changes nothing in publish/ or content/published/.
#[test]
fn a_published_notice_cannot_be_taken_down() {
    let site = SiteCopy::of("good");
    publish(&site);
    let publish_before = snapshot(&site.path("publish"));
    fs::remove_file(site.path("content/notices/weifang.md")).unwrap();
    fs::remove_file(site.path("content/published/weifang.json")).unwrap();
    let ledger_before = snapshot(&site.path("content/published"));
    let check = site.run(&["check", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    let dry = site.run(&[
        "publish",
        "--dry-run",
        "--today",
        "2014-03-22",
        "--include-future",
    ]);
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(
        dry.stderr
            .contains("（试运行）发布时会被拒绝：上次发布过的 1 份公示公告"),
        "{}",
        dry.stderr
    );
    let run = site.run(&["publish", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("没有发布：上次发布过的 1 份公示公告在这次生成的网站里没有了：weifang")
            && run.stderr.contains("已发布的公示公告不能撤下"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.path("publish")), publish_before);
    assert_eq!(snapshot(&site.path("content/published")), ledger_before);
}
