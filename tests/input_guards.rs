//! Inputs that used to slip through: formula-like cells in the open data, a script
//! address given as --base-url, `init` into a full folder, slugs that differ only by
//! case, NUL characters, hidden and linked content. The real binary on the good site.

mod common;

use common::{SiteCopy, gongshi};
use std::fs;

#[test]
fn open_data_csv_guards_cells_starting_with_tab_or_carriage_return() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/tables/yulu.yaml",
        "{ name: 钱某某, course: 厨师 }",
        "{ name: \"\\t=cmd|' /C calc'!A0\", course: \"\\r@SUM(1)\" }",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = site.read("public/notices/yulu/data.csv");
    assert!(
        csv.contains("\r\n\"'\t=cmd|' /C calc'!A0\",\"'\r@SUM(1)\",\r\n"),
        "{csv:?}"
    );
}

#[test]
fn a_base_url_flag_that_is_no_web_address_is_refused_like_site_yaml() {
    let site = SiteCopy::of("good");
    for command in ["build", "check"] {
        let run = site.run(&[
            command,
            "--today",
            "2014-03-22",
            "--base-url",
            "javascript:alert(1)",
        ]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("--base-url 网站地址“javascript:alert(1)”应以 http:// 或 https:// 开头"),
            "{}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
    // The same address in site.yaml: the same words, as a located diagnostic.
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/",
        "base_url: \"javascript:alert(1)\"",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[base-url-invalid]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("网站地址“javascript:alert(1)”应以 http:// 或 https:// 开头"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_refuses_a_folder_with_other_things_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("etc");
    fs::create_dir_all(full.join("ssh")).unwrap();
    fs::write(full.join("hosts"), "127.0.0.1 localhost\n").unwrap();
    let run = gongshi(&["init", full.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("不是空目录，也不是 gongshi 站点"),
        "{}",
        run.stderr
    );
    let mut names: Vec<_> = fs::read_dir(&full)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["hosts", "ssh"]);
    // A folder holding only a Git repository is as good as empty.
    let repo = tmp.path().join("county");
    fs::create_dir_all(repo.join(".git")).unwrap();
    let run = gongshi(&["init", repo.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.join("site.yaml").is_file());
}

#[test]
fn slugs_differing_only_by_case_are_an_error_naming_both_files() {
    let site = SiteCopy::of("good");
    site.write(
        "content/notices/YuLu.md",
        site.read("content/notices/yulu.md"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[slug-case-collision]: 文件名“yulu”与 content/notices/YuLu.md 的“YuLu”只有大小写不同"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/notices/yulu.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_nul_character_is_refused_where_it_is() {
    let site = SiteCopy::of("good");
    site.edit("content/records/tables/yulu.yaml", "钱某某", "钱某\0某");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("错误[nul-character]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/records/tables/yulu.yaml:6:15"),
        "{}",
        run.stderr
    );

    // Written as an escape in a double-quoted YAML value.
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/tables/yulu.yaml",
        "course: 厨师",
        "course: \"厨\\0师\"",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/records/tables/yulu.yaml:6:28"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
    // The same letters unquoted are a backslash and a zero: plain text.
    site.edit(
        "content/records/tables/yulu.yaml",
        "course: \"厨\\0师\"",
        "course: 厨\\0师",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // In a notice's front matter, the line is counted from the top of the file.
    let site = SiteCopy::of("good");
    site.edit(
        "content/notices/yulu.md",
        "title: 2014年雨露计划培训学员公示",
        "title: \"2014年雨露\\x00计划\"",
    );
    let run = site.run(&["check"]);
    assert!(run.stderr.contains("错误[nul-character]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/notices/yulu.md:2:16"),
        "{}",
        run.stderr
    );
}

#[test]
fn hidden_and_linked_content_is_reported_not_skipped_silently() {
    let site = SiteCopy::of("good");
    site.write(
        "content/notices/.draft.md",
        site.read("content/notices/yulu.md"),
    );
    site.write(
        "content/records/.old/yulu.yaml",
        site.read("content/records/tables/yulu.yaml"),
    );
    // Editors' files and hidden files that would not be content anyway stay quiet.
    site.write("content/records/.DS_Store", "");
    site.write("content/notices/yulu.md~", "");
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("yulu.yaml"),
        site.read("content/records/tables/yulu.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path("content/records/shared")).unwrap();

    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let err = &run.stderr;
    for text in [
        "警告[hidden-ignored]: 文件名以“.”开头，是隐藏文件，没有读取\n  --> content/notices/.draft.md",
        "警告[hidden-ignored]: 文件夹名以“.”开头，是隐藏文件夹，其中的 1 个 .yaml 文件没有读取\n  --> content/records/.old",
        "警告[symlink-ignored]: 这是一个指向文件夹的符号链接（快捷方式），其中的文件没有读取\n  --> content/records/shared",
        "共 0 个错误，3 个警告",
    ] {
        assert!(err.contains(text), "stderr lacks {text}:\n{err}");
    }
    // Nothing in them was read: the hidden folder's list is not loaded either.
    let run = site.run(&["build", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("public/notices/.draft").exists());
}
