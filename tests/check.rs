//! `gongshi check` and `build` on broken sites: every bad input gives exit 1 and a
//! diagnostic with its rule code, file and line, and `build` writes nothing.

mod common;

use common::{SiteCopy, gongshi};

/// (file, text to replace, replacement, rule code, line reported)
const BROKEN: &[(&str, &str, &str, &str, u32)] = &[
    (
        "content/records/households/hh.yaml",
        "- head: 张元义\n",
        "- head: [张元义\n",
        "yaml-syntax",
        4,
    ),
    (
        "content/records/households/hh.yaml",
        "    helper: 王某某\n    phone: \"13800001234\"",
        "    helpr: 王某某\n    phone: \"13800001234\"",
        "unknown-field",
        13,
    ),
    (
        "content/records/households/hh.yaml",
        "    size: 4\n",
        "",
        "missing-field",
        13,
    ),
    (
        "content/records/households/hh.yaml",
        "size: 4",
        "size: 四",
        "wrong-type",
        8,
    ),
    (
        "content/records/households/hh.yaml",
        "\"53062319700312001X\"",
        "\"530623197003120011\"",
        "id-number-invalid",
        5,
    ),
    (
        "content/records/households/hh.yaml",
        "\"53062319700312001X\"",
        "\"5306231970031200\"",
        "id-number-invalid",
        5,
    ),
    (
        "content/records/households/hh.yaml",
        "\"530623197511200024\"",
        "\"53062319700312001X\"",
        "id-number-duplicate",
        16,
    ),
    (
        "content/records/households/hh.yaml",
        "region: \"530623101201\"",
        "region: \"530623101299\"",
        "region-unknown",
        6,
    ),
    (
        "content/records/households/hh.yaml",
        "category: 一般贫困户",
        "category: 一般户",
        "category-unknown",
        10,
    ),
    (
        "content/records/households/hh.yaml",
        "causes: [因病, 缺技术]",
        "causes: [因病, 缺钱]",
        "cause-unknown",
        11,
    ),
    (
        "content/records/households/hh.yaml",
        "\"13800001234\"",
        "\"1380000123\"",
        "phone-invalid",
        14,
    ),
    (
        "content/records/households/hh.yaml",
        "income: 2150",
        "income: 2150块",
        "invalid-value",
        9,
    ),
    (
        "content/records/projects/2014.yaml",
        "total: 79.72万元",
        "total: 79.7万元",
        "funds-sum-mismatch",
        19,
    ),
    (
        "content/records/projects/2014.yaml",
        "amount: 4800.50 }",
        "amount: 4800.5 }\n      - { source: 其他, amount: 0.01 }",
        "funds-sum-mismatch",
        35,
    ),
    (
        "content/records/projects/2014.yaml",
        "status: 在建",
        "status: 施工中",
        "project-status-unknown",
        30,
    ),
    (
        "content/records/projects/2014.yaml",
        "code: \"2014-002\"",
        "code: \"2014-001\"",
        "project-code-duplicate",
        23,
    ),
    (
        "content/records/funds/2014.yaml",
        "disbursed: 36万元",
        "disbursed: 36.01万元",
        "disbursed-over-allocated",
        7,
    ),
    // An entry of no project stands alone, under the same rule.
    (
        "content/records/funds/2014.yaml",
        "project: \"2014-001\", allocated: 15万元, disbursed: 10.2万元",
        "allocated: 15万元, disbursed: 10.2万元, spent: 10.3万元",
        "spent-over-disbursed",
        5,
    ),
    (
        "content/records/villages/2014.yaml",
        "poor_population: 120",
        "poor_population: 1200",
        "poor-population-exceeds-population",
        6,
    ),
    (
        "content/records/tables/yulu.yaml",
        "course: 厨师 }",
        "course: 厨师, age: 30 }",
        "table-column-unknown",
        6,
    ),
    (
        "content/records/tables/yulu.yaml",
        "kind: table",
        "kind: tabel",
        "unknown-record-kind",
        1,
    ),
    (
        "content/notices/hh-first.md",
        "region: \"530623101201\"",
        "region: \"530623101299\"",
        "region-unknown",
        5,
    ),
    (
        "content/notices/hh-first.md",
        "kind: publicity",
        "kind: gongshi",
        "invalid-value",
        3,
    ),
    (
        "content/notices/hh-first.md",
        "to: 2014-03-26",
        "to: 2014-03-25",
        "period-too-short",
        8,
    ),
    (
        "content/notices/hh-first.md",
        "to: 2014-03-26",
        "to: 2014-03-19",
        "period-reversed",
        8,
    ),
    (
        "content/notices/hh-first.md",
        "to: 2014-03-26",
        "to: 2014-02-30",
        "invalid-value",
        8,
    ),
    (
        "content/notices/hh-first.md",
        "period: { from: 2014-03-20, to: 2014-03-26 }\n",
        "",
        "period-missing",
        3,
    ),
    (
        "content/notices/hh-first.md",
        "records: households/hh.yaml",
        "records: ../../site.yaml",
        "records-outside",
        9,
    ),
    (
        "content/notices/hh-first.md",
        "records: households/hh.yaml",
        "records: /etc/passwd",
        "records-outside",
        9,
    ),
    (
        "content/notices/hh-first.md",
        "records: households/hh.yaml",
        "records: households/nope.yaml",
        "records-not-found",
        9,
    ),
    (
        "content/notices/hh-first.md",
        "columns: [head,",
        "columns: [name,",
        "column-unknown",
        10,
    ),
    (
        "content/notices/hh-first.md",
        "title: 长沟村",
        "titel: 长沟村",
        "unknown-field",
        2,
    ),
    (
        "content/notices/hh-second.md",
        "follows: hh-first",
        "follows: hh-frist",
        "follows-unknown",
        10,
    ),
    (
        "content/notices/projects-2014.md",
        "to: 2014-04-10",
        "to: 2014-04-09",
        "period-too-short",
        7,
    ),
    (
        "content/notices/funds-2014.md",
        "to: 2014-07-10",
        "to: 2014-07-08",
        "period-too-short",
        7,
    ),
    (
        "content/notices/hh-first.md",
        "region: \"530623101201\"\n",
        "region: \"530623101201\"\nfollows: hh-second\n",
        "follows-cycle",
        6,
    ),
    (
        "content/notices/hh-second.md",
        "follows: hh-first",
        "follows: projects-2014",
        "round-stage-order",
        4,
    ),
    (
        "content/notices/hh-second.md",
        "from: 2014-03-28",
        "from: 2014-03-26",
        "round-overlap",
        8,
    ),
    (
        "content/notices/yulu.md",
        "records: tables/yulu.yaml",
        "records: tables/yulu.yaml\nfollows: villages-2014",
        "round-after-announcement",
        9,
    ),
    (
        "site.yaml",
        "- { code: \"530623102201\"",
        "- { code: \"53062310220\"",
        "region-code-invalid",
        20,
    ),
    // The objection contact is printed on every sheet: an office landline only.
    (
        "site.yaml",
        "{ code: \"530623101202\", name: 那迁村 }",
        "{ code: \"530623101202\", name: 那迁村, contact: { office: 那迁村村委会, phone: \"139 1234 5678\" } }",
        "contact-phone-personal",
        16,
    ),
    (
        "content/notices/hh-second.md",
        "follows: hh-first\n",
        "follows: hh-first\ncontact: { office: 某某乡扶贫工作站, phone: \"12345\" }\n",
        "contact-phone-invalid",
        11,
    ),
];

#[test]
fn every_broken_input_is_reported_with_its_code_and_line() {
    let mut failures = Vec::new();
    for &(file, from, to, code, line) in BROKEN {
        let site = SiteCopy::of("good");
        site.edit(file, from, to);
        let run = site.run(&["check"]);
        let location = format!("{file}:{line}:");
        let ok = run.code == 1
            && run.stderr.contains(&format!("错误[{code}]"))
            && run.stderr.contains(&location);
        if !ok {
            failures.push(format!(
                "{file}: {from:?} → {to:?}: wanted exit 1, [{code}] at {location}; got exit {}:\n{}",
                run.code, run.stderr
            ));
        }
        // build refuses too, and writes nothing
        let run = site.build();
        if run.code != 1 || site.path("public").exists() {
            failures.push(format!("{file}: build did not refuse ({})", run.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn reports_every_problem_at_once_in_a_stable_order() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/projects/2014.yaml",
        "total: 79.72万元",
        "total: 79.7万元",
    );
    site.edit(
        "content/notices/hh-second.md",
        "follows: hh-first",
        "follows: hh-frist",
    );
    site.edit(
        "content/records/households/hh.yaml",
        "category: 一般贫困户",
        "category: 一般户",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let a = run.stderr.find("content/notices/hh-second.md:10:").unwrap();
    let b = run
        .stderr
        .find("content/records/households/hh.yaml:10:")
        .unwrap();
    let c = run
        .stderr
        .find("content/records/projects/2014.yaml:19:")
        .unwrap();
    assert!(a < b && b < c, "{}", run.stderr);
    assert!(run.stderr.contains("共 3 个错误，0 个警告"));
    // The offending line is quoted with a marker under the value.
    assert!(run.stderr.contains("19 |     total: 79.7万元"));
    assert_eq!(run.stderr, site.run(&["check"]).stderr);
}

#[test]
fn non_utf8_and_empty_files_get_diagnostics_not_panics() {
    let site = SiteCopy::of("good");
    site.write(
        "content/records/tables/gbk.yaml",
        b"kind: table\ntitle: \xd6\xd0\xce\xc4\n",
    );
    site.write("content/records/empty.yaml", "");
    site.write("content/notices/half.md", "---\ntitle: 半截");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("错误[not-utf8]"));
    assert!(
        run.stderr.contains("content/records/tables/gbk.yaml:2:8"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/records/empty.yaml"));
    assert!(run.stderr.contains("错误[front-matter-missing]"));
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn warnings_pass_unless_denied() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/funds/2014.yaml",
        "allocated: 36万元, disbursed: 36万元",
        "allocated: 37万元, disbursed: 36万元",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("警告[allocated-over-investment]"));
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1);
}

#[test]
fn usage_problems_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let run = gongshi(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是 gongshi 站点"));
    let site = SiteCopy::of("good");
    let run = site.run(&["build", "--today", "2014-13-01"]);
    assert_eq!(run.code, 2);
    let run = gongshi(&["frobnicate"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_clean_site_checks_clean() {
    let site = SiteCopy::of("good");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_fork_in_the_rounds_is_reported() {
    let site = SiteCopy::of("good");
    let second = site.read("content/notices/hh-second.md");
    site.write(
        "content/notices/hh-third.md",
        second.replace("(第二次)", "(另一份)"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("错误[follows-fork]"), "{}", run.stderr);
    assert!(run.stderr.contains("content/notices/hh-third.md:10:"));
}

#[test]
fn one_person_cannot_be_enrolled_in_two_lists_of_a_year() {
    let site = SiteCopy::of("good");
    // A second list that no notice chains to the first, sharing 李秀英's number.
    site.write(
        "content/records/households/other.yaml",
        "kind: households\nyear: 2014\nrows:\n  - { head: 李秀英, id_number: \"530623197511200024\", region: \"530623102201\", size: 3, income: 2000, category: 一般贫困户 }\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("错误[enrolled-twice]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/records/households/other.yaml:4:")
    );
    assert!(run.stderr.contains("content/records/households/hh.yaml:16"));

    // The same list in another year is a different enrolment.
    site.edit(
        "content/records/households/other.yaml",
        "year: 2014",
        "year: 2015",
    );
    assert_eq!(site.run(&["check"]).code, 0);

    // Rounds of one chain may share people: the township round attaches its own list.
    site.edit(
        "content/records/households/other.yaml",
        "year: 2015",
        "year: 2014",
    );
    site.edit(
        "content/notices/hh-second.md",
        "records: households/hh.yaml",
        "records: households/other.yaml",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_person_on_three_lists_is_reported_once_on_each_later_list() {
    let site = SiteCopy::of("good");
    // 李秀英 is on hh.yaml; twice more on other.yaml, once on third.yaml.
    let row = "  - { head: 李秀英, id_number: \"530623197511200024\", region: \"530623102201\", size: 3, income: 2000, category: 一般贫困户 }\n";
    let other = format!("kind: households\nyear: 2014\nrows:\n{row}{row}");
    site.write("content/records/households/other.yaml", other);
    site.write(
        "content/records/households/third.yaml",
        format!("kind: households\nyear: 2014\nrows:\n{row}"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let twice: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("--> content/records/households/"))
        .collect();
    let reported = run.stderr.matches("错误[enrolled-twice]").count();
    assert_eq!(reported, 2, "{}", run.stderr);
    // Each later list names the first one, hh.yaml.
    assert_eq!(
        run.stderr
            .matches("已列入 content/records/households/hh.yaml:16")
            .count(),
        2
    );
    assert!(
        twice.iter().any(|l| l.contains("other.yaml:4:")),
        "{twice:?}"
    );
    assert!(
        twice.iter().any(|l| l.contains("third.yaml:4:")),
        "{twice:?}"
    );
}

#[test]
fn beneficiaries_of_one_program_are_listed_once() {
    let site = SiteCopy::of("good");
    site.write(
        "content/records/beneficiaries/again.yaml",
        "kind: beneficiaries\nprogram: 农村危房改造\nrows:\n  - { name: 李某某, id_number: \"530623198205050034\", amount: 10000元 }\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("错误[enrolled-twice]"),
        "{}",
        run.stderr
    );
    // Reported on the later file in path order, naming the earlier one.
    assert!(
        run.stderr
            .contains("content/records/beneficiaries/weifang.yaml:5:")
    );
    assert!(
        run.stderr
            .contains("content/records/beneficiaries/again.yaml:4")
    );
}

#[test]
fn income_and_village_warnings() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/households/hh.yaml",
        "income: 2150",
        "income: 2800",
    );
    site.edit(
        "content/records/villages/2014.yaml",
        "population: 860, poor_population: 120, income: 3900, collective_income: 0",
        "population: 860, poor_population: 120, income: 5900, collective_income: 20000",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("警告[income-above-poverty-line]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/records/households/hh.yaml:9:"));
    assert!(run.stderr.contains("警告[village-meets-no-criterion]"));
    assert!(run.stderr.contains("content/records/villages/2014.yaml:6:"));
    assert!(run.stderr.contains("共 0 个错误，2 个警告"));
    let run = site.run(&["build", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 1);
    assert!(!site.path("public").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_pull_files_from_outside_content() {
    let site = SiteCopy::of("good");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "kind: table\ncolumns: []\nrows: []\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/records/secret.yaml")).unwrap();
    site.edit(
        "content/notices/yulu.md",
        "records: tables/yulu.yaml",
        "records: ./secret.yaml",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("警告[symlink-ignored]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("错误[records-not-found]"));
    assert!(run.stderr.contains("content/notices/yulu.md:8:"));
}

#[test]
fn file_names_that_cannot_be_urls_are_rejected() {
    let site = SiteCopy::of("good");
    let text = site.read("content/notices/yulu.md");
    site.write("content/notices/雨露 计划.md", &text);
    site.write("content/notices/sub/yulu.md", &text);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("错误[slug-invalid]"), "{}", run.stderr);
    assert!(run.stderr.contains("content/notices/雨露 计划.md"));
    assert!(run.stderr.contains("错误[slug-duplicate]"));
}

#[cfg(unix)]
#[test]
fn editor_lock_and_backup_files_are_not_content() {
    let site = SiteCopy::of("good");
    // Emacs lock files are dangling symlinks named .#file; backups end in ~.
    std::os::unix::fs::symlink(
        "user@host.123",
        site.path("content/records/households/.#hh.yaml"),
    )
    .unwrap();
    site.write("content/notices/hh-first.md~", "not a notice");
    site.write("content/records/households/.hh.yaml.swp", "binary");
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_county_wide_list_of_twenty_thousand_households_loads() {
    use gongshi::privacy::id_number::check_character;
    use std::fmt::Write as _;
    let site = SiteCopy::of("good");
    let mut list = String::from("kind: households\nyear: 2013\nrows:\n");
    for n in 0..20_000usize {
        let first17 = format!(
            "530623{}{:02}{:02}{:03}",
            1940 + n / 300,
            1 + n % 12,
            1 + n % 28,
            n % 1000
        );
        let id = format!("{first17}{}", check_character(first17.as_bytes()));
        let _ = writeln!(
            list,
            "  - {{ head: 户{n}, id_number: \"{id}\", region: \"530623101201\", size: 3, income: 2000, category: 一般贫困户, causes: [因病] }}"
        );
    }
    site.write("content/records/households/county-2013.yaml", list);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn allocations_beyond_a_projects_investment_are_a_warning() {
    let site = SiteCopy::of("good");
    // 2014-002 costs 364800.50元; 36万元 is within it, 37万元 is not.
    let run = site.run(&["check", "--today", "2014-03-22"]);
    assert!(
        !run.stderr.contains("allocated-over-investment"),
        "{}",
        run.stderr
    );
    site.edit(
        "content/records/funds/2014.yaml",
        "allocated: 36万元, disbursed: 36万元",
        "allocated: 37万元, disbursed: 36万元",
    );
    let run = site.run(&["check", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "a warning: {}", run.stderr);
    assert!(
        run.stderr.contains("allocated-over-investment"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/records/funds/2014.yaml:7:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("37万元") && run.stderr.contains("364800.50元"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_base_url_given_on_the_command_line_counts_as_set() {
    let site = SiteCopy::of("good");
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/\n",
        "",
    );
    let run = site.run(&["check", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("base-url-missing"), "{}", run.stderr);
    for command in ["check", "build"] {
        let run = site.run(&[
            command,
            "--today",
            "2014-03-22",
            "--deny-warnings",
            "--base-url",
            "https://fp.example.org/",
        ]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(!run.stderr.contains("base-url-missing"), "{}", run.stderr);
    }
    // The sheets carry the QR code of the address given.
    assert!(
        site.read("public/notices/hh-first/print/index.html")
            .contains("<svg")
    );
}

/// The address `gongshi init` writes is an example: left in place, every sheet's QR
/// code would point at it. `check` says so at the value, in file:line:column.
#[test]
fn the_init_example_base_url_warns_and_another_address_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("county");
    let run = gongshi(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.to_str().unwrap();
    let settings = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    let (line, text) = settings
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("base_url:"))
        .expect("init writes a base_url");
    assert!(text.contains("https://www.example.gov.cn/fpgk/"), "{text}");
    let at = format!("site.yaml:{}:11", line + 1);

    let run = gongshi(&["check", "--root", root, "--today", "2014-03-21"]);
    assert_eq!(run.code, 0, "only a warning: {}", run.stderr);
    let mut lines = run.stderr.lines();
    let said = lines
        .find(|l| l.contains("base-url-example"))
        .unwrap_or_else(|| panic!("no base-url-example warning: {}", run.stderr));
    assert!(
        said.starts_with("警告[base-url-example]: base_url“https://www.example.gov.cn/fpgk/”还是 gongshi init 写入的示例地址"),
        "{said}"
    );
    let place = lines.next().unwrap();
    assert!(
        place.starts_with("  --> ") && place.ends_with(&at),
        "{place} (expected {at})"
    );
    assert!(
        run.stderr
            .contains("提示：改成本县门户网站上公示栏目的真实地址"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("共 0 个错误，1 个警告"),
        "{}",
        run.stderr
    );

    let run = gongshi(&[
        "check",
        "--root",
        root,
        "--today",
        "2014-03-21",
        "--deny-warnings",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("base-url-example"), "{}", run.stderr);
    let run = gongshi(&[
        "build",
        "--root",
        root,
        "--today",
        "2014-03-21",
        "--deny-warnings",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!dir.join("public").exists());

    // The example given on the command line is no better (it has no place in a file).
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "check",
        "--today",
        "2014-03-22",
        "--base-url",
        "https://fp.example.gov.cn/x/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "警告[base-url-example]: 生成时用 --base-url 指定的网站地址“https://fp.example.gov.cn/x/”"
        ),
        "{}",
        run.stderr
    );

    // Any other address: no warning, and --deny-warnings passes.
    std::fs::write(
        dir.join("site.yaml"),
        settings.replace(
            "https://www.example.gov.cn/fpgk/",
            "https://fupin.example-county.test/fpgk/",
        ),
    )
    .unwrap();
    for command in ["check", "build"] {
        let run = gongshi(&[
            command,
            "--root",
            root,
            "--today",
            "2014-03-21",
            "--deny-warnings",
        ]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(!run.stderr.contains("base-url-example"), "{}", run.stderr);
    }
    let run = site.run(&["check", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("base-url-example"), "{}", run.stderr);
}
