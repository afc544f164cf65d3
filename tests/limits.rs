//! No input exhausts memory or time (issue #19 §2): every limit refused with its
//! diagnostic through the real binary, exit 1, and the previous output untouched.
//! How fast and how small each hostile input is handled is measured by
//! `bench/hostile.sh`, never timed here.

mod common;

use common::{SiteCopy, gongshi};
use std::fs;

const NOTICE: &str = "content/notices/hh-first.md";
const TITLE: &str = "title: 长沟村2014年度贫困户识别结果公示(第一次)";

/// Builds a good site, then `spoil`s it: the build must fail with `code` (exit 1)
/// and leave the first build's output as it was.
fn refused(spoil: impl FnOnce(&SiteCopy), code: &str) -> String {
    let site = SiteCopy::of("good");
    let out = site.path("public");
    let first = site.build();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = common::snapshot(&out);
    spoil(&site);
    let run = site.build();
    assert_eq!(run.code, 1, "{code}: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("[{code}]")),
        "{code} not in: {}",
        run.stderr.chars().take(3000).collect::<String>()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(common::snapshot(&out) == before, "{code}: output changed");
    run.stderr
}

#[test]
fn a_title_too_long_for_a_notice_board_is_an_error_not_a_crash() {
    // 360 characters used to make the sheets' layout allocate without bound; in large
    // print landscape 150 were enough.
    for (chars, print) in [
        (360, ""),
        (
            150,
            "print: { orientation: landscape, large_print: true }\n",
        ),
    ] {
        let stderr = refused(
            |site| {
                let title = format!("title: {}\n{print}", "贫".repeat(chars));
                site.edit(NOTICE, &format!("{TITLE}\n"), &title);
            },
            "title-too-long",
        );
        assert!(
            stderr.contains(&format!("标题有 {chars} 个字，超过了 80 个字的上限")),
            "{stderr}"
        );
        assert!(
            stderr.contains("content/notices/hh-first.md:2:"),
            "{stderr}"
        );
    }
}

#[test]
fn a_title_at_the_limit_prints_on_every_paper() {
    let site = SiteCopy::of("good");
    site.edit(
        NOTICE,
        &format!("{TITLE}\n"),
        &format!(
            "title: {}\nprint: {{ orientation: landscape, large_print: true }}\n",
            "贫".repeat(80)
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = site.read("public/notices/hh-first/print/index.html");
    assert!(
        sheets.contains(&"贫".repeat(26)),
        "the title wraps onto lines"
    );
    assert!(!sheets.contains('…'), "nothing of it is cut");
}

#[test]
fn an_issuer_too_long_is_an_error_in_the_notice_and_in_the_settings() {
    let stderr = refused(
        |site| {
            site.edit(
                NOTICE,
                "issuer: 长沟村村民委员会",
                &format!("issuer: {}", "长沟村村民委员会".repeat(45)),
            )
        },
        "issuer-too-long",
    );
    assert!(
        stderr.contains("发布单位有 360 个字，超过了 40 个字的上限"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/notices/hh-first.md:6:"),
        "{stderr}"
    );
    let stderr = refused(
        |site| {
            site.edit(
                "site.yaml",
                "issuer: 测试县扶贫开发领导小组办公室",
                &format!("issuer: {}", "扶".repeat(41)),
            )
        },
        "issuer-too-long",
    );
    assert!(stderr.contains("site.yaml:2:"), "{stderr}");
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    // Sparse: 65 MB on paper, nothing on disk; refused before it is read.
    refused(
        |site| {
            let file = fs::File::create(site.path("content/records/households/big.yaml")).unwrap();
            file.set_len(65 << 20).unwrap();
        },
        "file-too-large",
    );
    // The limit is the site's to set.
    let stderr = refused(
        |site| {
            site.edit(
                "site.yaml",
                "regions:",
                "limits: { max_file_mb: 1 }\nregions:",
            );
            let row = "  - { head: 张三, id_number: \"53062319700312001X\", region: \"530623101201\", size: 3, income: 2000, category: 一般贫困户 }\n";
            site.write(
                "content/records/households/big.yaml",
                format!(
                    "kind: households\nyear: 2015\nrows:\n{}",
                    row.repeat(15_000)
                ),
            );
        },
        "file-too-large",
    );
    assert!(
        stderr.contains("content/records/households/big.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("超过了 1 MB 的上限"), "{stderr}");
}

#[test]
fn a_line_over_the_length_limit_is_refused() {
    let stderr = refused(
        |site| {
            site.edit(
                "content/records/households/hh.yaml",
                "group: 三组",
                &format!("group: {}", "三".repeat(20_000)),
            )
        },
        "line-too-long",
    );
    assert!(
        stderr.contains("content/records/households/hh.yaml:7:10001"),
        "{stderr}"
    );
    assert!(
        stderr.contains("第 7 行有 20011 个字符，超过了每行 10000 个字符的上限"),
        "{stderr}"
    );
    // Not the 20,000 characters again.
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());

    // A Markdown body of one line of 100,000 `>` took 107 s.
    refused(
        |site| {
            let text = fs::read_to_string(site.path(NOTICE)).unwrap();
            site.write(NOTICE, format!("{text}\n{}\n", ">".repeat(100_000)));
        },
        "line-too-long",
    );
}

#[test]
fn quotes_and_lists_nested_too_deep_are_refused() {
    for deep in [">".repeat(17), "> - ".repeat(9), "1. > ".repeat(9)] {
        let stderr = refused(
            |site| {
                let text = fs::read_to_string(site.path(NOTICE)).unwrap();
                site.write(NOTICE, format!("{text}\n{deep}引用\n"));
            },
            "markdown-too-deep",
        );
        assert!(stderr.contains("超过了 16 层"), "{stderr}");
        assert!(
            stderr.contains("content/notices/hh-first.md:16:"),
            "{stderr}"
        );
    }
    // Sixteen levels are allowed.
    let site = SiteCopy::of("good");
    let text = fs::read_to_string(site.path(NOTICE)).unwrap();
    site.write(NOTICE, format!("{text}\n{}引用\n", ">".repeat(16)));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn thousands_of_diagnostics_print_a_hundred_of_each_code_and_count_the_rest() {
    let site = SiteCopy::of("good");
    let row = |i: usize, id: &str| {
        format!(
            "  - {{ head: 户主{i}, id_number: \"{id}\", region: \"530623101201\", size: 3, income: 2000, category: 一般贫困户 }}\n"
        )
    };
    // A thousand numbers born in a thirteenth month, and one person listed 500 times.
    let rows: String = (0..1_000)
        .map(|i| row(i, &format!("53062319701332{i:04}")))
        .chain((1_000..1_500).map(|i| row(i, "53062319700312001X")))
        .collect();
    site.write(
        "content/records/households/many.yaml",
        format!("kind: households\nyear: 2015\nrows:\n{rows}"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let tail = &run.stderr[run.stderr.len().saturating_sub(1000)..];
    let count = |code: &str| run.stderr.matches(&format!("错误[{code}]: ")).count();
    assert_eq!(count("id-number-invalid"), 100, "{tail}");
    assert_eq!(count("id-number-duplicate"), 100, "{tail}");
    assert!(
        tail.contains("另有 900 个错误[id-number-invalid] 未列出（同一种问题只列出前 100 个）"),
        "{tail}"
    );
    assert!(
        tail.contains("另有 399 个错误[id-number-duplicate] 未列出"),
        "{tail}"
    );
    assert!(tail.contains("共 1499 个错误，"), "{tail}");
}

#[test]
fn import_refuses_what_would_take_gigabytes() {
    let dir = tempfile::tempdir().unwrap();
    let run_import = |input: &std::path::Path| {
        gongshi(&[
            "import",
            input.to_str().unwrap(),
            "--kind",
            "households",
            "--year",
            "2014",
            "--output",
            dir.path().join("out.yaml").to_str().unwrap(),
        ])
    };

    // A workbook whose shared strings unpack to 300 MB: 300 KB packed.
    let book = dir.path().join("huge.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(fs::File::create(&book).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        let chunk = "贫".repeat(1 << 20);
        for _ in 0..100 {
            zip.write_all(chunk.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    let run = run_import(&book);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("[import-workbook-too-large]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("xl/sharedStrings.xml 解压后有 300 MB"),
        "{}",
        run.stderr
    );

    // A cell of 20,000 characters.
    let csv = dir.path().join("long.csv");
    fs::write(
        &csv,
        format!("户主姓名,身份证号\n张三,{}\n", "1".repeat(20_000)),
    )
    .unwrap();
    let run = run_import(&csv);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("[import-cell-too-long]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("第 2 行 B 列有 20000 个字"),
        "{}",
        run.stderr
    );

    // 65 MB, sparse: refused by its size.
    let big = dir.path().join("big.csv");
    fs::File::create(&big).unwrap().set_len(65 << 20).unwrap();
    let run = run_import(&big);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[file-too-large]"), "{}", run.stderr);
    assert!(!dir.path().join("out.yaml").exists());
}
