//! `gongshi import` end to end: the real binary on the spreadsheets made by
//! tests/fixtures/import/make_fixtures.py, imported into copies of the good site, then
//! checked and built.

mod common;

use common::{Run, SiteCopy, fixture};
use gongshi::content::records::parse_record_file;
use gongshi::model::records::RecordSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sheet(name: &str) -> String {
    fixture("import").join(name).to_string_lossy().into_owned()
}

/// Runs `gongshi ARGS` in `dir`.
fn gongshi_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gongshi");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

/// The spreadsheet row numbers recorded above each record.
fn row_numbers(yaml: &str) -> Vec<u32> {
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix("# 表中第 "))
        .map(|l| l.trim_end_matches(" 行").parse().unwrap())
        .collect()
}

/// The ID numbers written, without quotes.
fn id_numbers(yaml: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix("id_number: "))
        .map(|v| v.trim_matches('"').to_string())
        .collect()
}

fn parsed(yaml: &str) -> RecordSet {
    parse_record_file(yaml, Path::new("imported.yaml")).expect("imported file parses")
}

/// Attaches `records` (under content/records/) to a new publicity notice.
fn attach(site: &SiteCopy, slug: &str, records: &str, columns: &str) {
    site.write(
        &format!("content/notices/{slug}.md"),
        format!(
            "---\ntitle: 导入测试{slug}\nkind: publicity\nstage: county\nregion: \"530623000000\"\ndate: 2014-09-01\nperiod: {{ from: 2014-09-01, to: 2014-09-10 }}\nrecords: {records}\n{columns}---\n从表格导入的名单。\n"
        ),
    );
}

#[test]
fn households_xlsx_with_title_row_imports_checks_and_builds() {
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "import",
        &sheet("households.xlsx"),
        "--kind",
        "households",
        "--year",
        "2014",
    ]);
    assert_ok(&run, "import");
    // Title on row 3 (a title and a unit line above it); one blank row, a 合计 row and
    // the signature line below the table are skipped and said so.
    for text in [
        "读取 4 户（工作表“贫困户名单”，标题在第 3 行）",
        "跳过 1 个空行",
        "跳过 1 个合计行",
        "跳过 1 个表格下方的说明行",
        "records: households/households.yaml",
    ] {
        assert!(
            run.stdout.contains(text),
            "stdout lacks {text}:\n{}",
            run.stdout
        );
    }
    // The 备注 column is not a household field: named, with its letter, not ignored.
    assert!(
        run.stderr
            .contains("第 3 行 M 列：不认识的列标题“备注”，这一列没有导入"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("第 9 行是“合计”行，没有导入"));
    assert!(
        run.stderr
            .contains("第 10 行是表格下方的说明（“填表人：张某某”）")
    );

    let yaml = site.read("content/records/households/households.yaml");
    assert_eq!(row_numbers(&yaml), [4, 5, 7, 8], "{yaml}");
    let RecordSet::Households(list) = parsed(&yaml) else {
        panic!("not households")
    };
    let rows = list.households();
    assert_eq!(list.year.value, 2014);
    let heads: Vec<&str> = rows.iter().map(|h| h.head.value.as_str()).collect();
    assert_eq!(heads, ["赵德明", "钱芳", "孙立新", "李桂兰"]);
    // Village names became codes; the merged 长沟村 cell covers both of its rows.
    let regions: Vec<&str> = rows.iter().map(|h| h.region.value.as_str()).collect();
    assert_eq!(
        regions,
        [
            "530623101201",
            "530623101201",
            "530623101202",
            "530623102201"
        ]
    );
    // A phone typed as a number is still exact; income keeps its decimals.
    assert_eq!(rows[0].phone.as_ref().unwrap().value, "13800002345");
    assert_eq!(rows[1].income.value.to_string(), "2310.5元");
    let causes: Vec<&str> = rows[2].causes.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(causes, ["因学", "缺资金"]);
    assert!(yaml.contains("id_number: \"") && yaml.contains("phone: \"13800002345\""));

    attach(
        &site,
        "imported-xlsx",
        "households/households.yaml",
        "columns: [head, id_number, region, size, category, causes, phone]\n",
    );
    assert_ok(&site.run(&["check"]), "check");
    assert_ok(&site.build(), "build");
    let page = site.read("public/notices/imported-xlsx/index.html");
    for name in heads {
        assert!(page.contains(name), "page lacks {name}");
    }
    for id in id_numbers(&yaml) {
        assert!(!page.contains(&id), "full ID {id} on the page");
        let masked = format!("{}********{}", &id[..6], &id[14..]);
        assert!(page.contains(&masked), "page lacks {masked}");
    }
    assert!(!page.contains("13800002345") && page.contains("138****2345"));
}

#[test]
fn gb18030_csv_round_trips_chinese_text_exactly() {
    let site = SiteCopy::of("good");
    // The file really is GB18030 and uses characters outside GB2312.
    let bytes = fs::read(sheet("households-gbk.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let out = site.path("content/records/households/gbk.yaml");
    let run = site.run(&[
        "import",
        &sheet("households-gbk.csv"),
        "--kind",
        "贫困户",
        "--year",
        "2014",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_ok(&run, "import");
    assert!(run.stdout.contains("GB18030/GBK 编码"), "{}", run.stdout);
    assert!(run.stdout.contains("读取 3 户"), "{}", run.stdout);
    let yaml = fs::read_to_string(&out).unwrap();
    let RecordSet::Households(list) = parsed(&yaml) else {
        panic!("not households")
    };
    let rows = list.households();
    let heads: Vec<&str> = rows.iter().map(|h| h.head.value.as_str()).collect();
    assert_eq!(heads, ["王堃", "李喆", "张镕"]);
    assert_eq!(
        rows[0].measures,
        ["产业扶持", "小额信贷"],
        "a quoted comma stays inside its cell"
    );
    assert_eq!(
        rows[2].measures,
        ["易地搬迁", "\"两不愁三保障\""],
        "doubled quotes inside a quoted cell"
    );
    assert_eq!(rows[1].income.value.to_string(), "1950.50元");
    let causes =
        |i: usize| -> Vec<String> { rows[i].causes.iter().map(|c| c.value.to_string()).collect() };
    assert_eq!(causes(0), ["因病", "缺水"]);
    assert_eq!(causes(1), ["因灾", "缺土地"]);
    assert_eq!(causes(2), ["交通条件落后", "自身发展动力不足"]);
    assert_eq!(rows[0].group.as_deref(), Some("四组"));

    attach(&site, "imported-gbk", "households/gbk.yaml", "");
    assert_ok(&site.run(&["check"]), "check");
    assert_ok(&site.build(), "build");
    let page = site.read("public/notices/imported-gbk/index.html");
    for text in ["王堃", "李喆", "张镕", "交通条件落后"] {
        assert!(page.contains(text), "page lacks {text}");
    }
}

#[test]
fn utf8_bom_csv_with_english_titles() {
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "import",
        &sheet("households-bom.csv"),
        "--kind",
        "households",
        "--year",
        "2014",
    ]);
    assert_ok(&run, "import");
    assert!(run.stdout.contains("UTF-8（带 BOM）"), "{}", run.stdout);
    let yaml = site.read("content/records/households/households-bom.yaml");
    assert_eq!(row_numbers(&yaml), [2, 3]);
    assert!(yaml.contains("income: \"2050元\""), "{yaml}");
    let RecordSet::Households(list) = parsed(&yaml) else {
        panic!("not households")
    };
    let rows = list.households();
    assert_eq!(
        rows[0].head.value, "周小龙",
        "the BOM is not part of a title"
    );
    assert_eq!(rows[1].causes.len(), 2);
    attach(&site, "imported-bom", "households/households-bom.yaml", "");
    assert_ok(&site.run(&["check"]), "check");
    assert_ok(&site.build(), "build");
    assert!(
        site.read("public/notices/imported-bom/index.html")
            .contains("吴秀珍")
    );
}

#[test]
fn bad_rows_are_listed_with_row_and_column_and_nothing_is_written() {
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "import",
        &sheet("households-bad.xlsx"),
        "--kind",
        "households",
        "--year",
        "2014",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let err = &run.stderr;
    for text in [
        "第 4 行 C 列（身份证号）：身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为文本后重新输入",
        "households-bad.xlsx:4:3",
        "第 5 行 G 列（贫困户属性）：贫困户属性“贫困户”不在规定范围内",
        "可选：一般贫困户、低保贫困户、特困供养户",
        "第 6 行 B 列（户主姓名）：缺少户主姓名",
        "第 7 行 C 列（身份证号）：身份证号校验码错误",
        "households-bad.xlsx:7:3",
        "第 8 行 H 列（致贫原因）：致贫原因“懒惰”不在规定范围内",
        "共 5 个错误",
        "读取 6 户",
        "其中 5 行有错误",
        "没有写入任何文件",
    ] {
        assert!(err.contains(text), "stderr lacks {text}:\n{err}");
    }
    // Row 3 is fine and is not reported.
    assert!(!err.contains("第 3 行"), "{err}");
    assert!(
        !site
            .path("content/records/households/households-bad.yaml")
            .exists()
    );
    // Every problem is in the diagnostics' stable codes.
    for code in [
        "import-number-lost-digits",
        "category-unknown",
        "import-missing-value",
        "id-number-invalid",
        "cause-unknown",
    ] {
        assert!(err.contains(&format!("错误[{code}]")), "lacks {code}");
    }
}

#[test]
fn projects_funds_villages_and_beneficiaries_import_check_and_build() {
    let site = SiteCopy::of("good");
    let imports: [(&str, &[&str]); 4] = [
        ("projects.xlsx", &["--kind", "projects", "--year", "2014"]),
        ("funds.xls", &["--kind", "funds", "--year", "2014"]),
        ("villages.csv", &["--kind", "villages", "--year", "2015"]),
        (
            "beneficiaries.xlsx",
            &[
                "--kind",
                "beneficiaries",
                "--program",
                "雨露计划",
                "--standard",
                "3000元/人",
            ],
        ),
    ];
    for (file, args) in imports {
        let path = sheet(file);
        let all = [&["import", path.as_str()][..], args].concat();
        assert_ok(&site.run(&all), file);
    }
    let projects = site.read("content/records/projects/projects.yaml");
    let RecordSet::Projects(list) = parsed(&projects) else {
        panic!("not projects")
    };
    assert_eq!(list.rows.len(), 2);
    let p = &list.rows[0];
    assert_eq!(p.code.value, "2014-101");
    assert_eq!(p.period.value.from.value.iso(), "2014-04-01");
    let funds: Vec<String> = p
        .funds
        .iter()
        .map(|f| format!("{}:{}", f.source, f.amount.value))
        .collect();
    assert_eq!(funds, ["省级财政扶贫资金:15万元", "群众自筹:4.5万元"]);
    assert_eq!(p.total.value.to_string(), "19.5万元", "unit from the title");
    assert_eq!(p.beneficiaries.unwrap().people, 480);
    // 另一镇河口村: township and village named together.
    assert_eq!(list.rows[1].region.value, "530623102201");
    // One source without an amount takes the whole total.
    assert_eq!(list.rows[1].funds[0].amount.value.to_string(), "36万元");

    let funds = site.read("content/records/funds/funds.yaml");
    let RecordSet::Funds(ledger) = parsed(&funds) else {
        panic!("not funds")
    };
    assert_eq!(
        ledger.rows[0].date.value.iso(),
        "2014-04-20",
        "an .xls date cell"
    );
    assert_eq!(ledger.rows[0].disbursed.value.to_string(), "10.2万元");
    assert_eq!(
        ledger.rows[1].document.as_deref(),
        Some("某财农指〔2014〕41号")
    );

    let villages = site.read("content/records/villages/villages.yaml");
    let RecordSet::Villages(v) = parsed(&villages) else {
        panic!("not villages")
    };
    assert_eq!(v.rows[0].region.value, "530623101201");
    assert_eq!(v.rows[1].collective_income.value.to_string(), "0元");

    let people = site.read("content/records/beneficiaries/beneficiaries.yaml");
    let RecordSet::Beneficiaries(b) = parsed(&people) else {
        panic!("not beneficiaries")
    };
    assert_eq!(b.program, "雨露计划");
    assert_eq!(
        b.rows[0].bank_account.as_ref().unwrap().value,
        "6228480011112222333"
    );
    assert_eq!(b.rows[1].amount.value.to_string(), "3000元");

    attach(&site, "imported-projects", "projects/projects.yaml", "");
    attach(
        &site,
        "imported-people",
        "beneficiaries/beneficiaries.yaml",
        "",
    );
    assert_ok(&site.run(&["check"]), "check");
    assert_ok(&site.build(), "build");
    let project = site.read("public/projects/2014-101/index.html");
    assert!(project.contains("长沟村人畜饮水工程") && project.contains("19.50万元"));
    let people = site.read("public/notices/imported-people/index.html");
    assert!(people.contains("郑某某") && !people.contains("6228480011112222333"));
}

#[test]
fn usage_problems_exit_2_and_nothing_is_overwritten() {
    let site = SiteCopy::of("good");
    let households = sheet("households-bom.csv");
    let base = ["import", households.as_str(), "--kind", "households"];
    // No year for a kind that needs one.
    let run = site.run(&base);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--year"), "{}", run.stderr);
    // No such file; a file type that is not a sheet.
    let run = site.run(&[
        "import",
        "无此文件.xlsx",
        "--kind",
        "households",
        "--year",
        "2014",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("找不到文件"), "{}", run.stderr);
    site.write("名单.docx", "x");
    let docx = site.path("名单.docx");
    let run = site.run(&[
        "import",
        docx.to_str().unwrap(),
        "--kind",
        "villages",
        "--year",
        "2014",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不支持 .docx 文件"), "{}", run.stderr);
    // Beneficiaries need a program.
    let run = site.run(&[
        "import",
        &sheet("beneficiaries.xlsx"),
        "--kind",
        "beneficiaries",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--program"), "{}", run.stderr);
    // The output exists: kept unless --force.
    let with_year = [&base[..], &["--year", "2014"]].concat();
    assert_ok(&site.run(&with_year), "first import");
    let out = "content/records/households/households-bom.yaml";
    site.write(out, "kind: households\nyear: 2014\nrows: []\n");
    let run = site.run(&with_year);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("已存在") && run.stderr.contains("--force"));
    assert_eq!(site.read(out), "kind: households\nyear: 2014\nrows: []\n");
    let forced = [&with_year[..], &["--force"]].concat();
    assert_ok(&site.run(&forced), "forced import");
    assert!(site.read(out).contains("周小龙"));
    // A missing sheet names the sheets there are.
    let run = site.run(&[
        "import",
        &sheet("households.xlsx"),
        "--kind",
        "households",
        "--year",
        "2014",
        "--sheet",
        "Sheet9",
        "-o",
        "-",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("贫困户名单"), "{}", run.stderr);
}

#[test]
fn outside_a_site_codes_are_required_and_dash_prints_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // Without a site there is no default place to write.
    let run = gongshi_in(
        dir.path(),
        &[
            "import",
            &sheet("households-bom.csv"),
            "--kind",
            "households",
            "--year",
            "2014",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
    // Region codes need no site; `-o -` prints the record file.
    let run = gongshi_in(
        dir.path(),
        &[
            "import",
            &sheet("households-bom.csv"),
            "--kind",
            "households",
            "--year",
            "2014",
            "-o",
            "-",
        ],
    );
    assert_ok(&run, "import to stdout");
    assert!(run.stdout.starts_with("# 由 gongshi import"));
    assert_eq!(row_numbers(&run.stdout), [2, 3]);
    // Village names do.
    let run = gongshi_in(
        dir.path(),
        &[
            "import",
            &sheet("households.xlsx"),
            "--kind",
            "households",
            "--year",
            "2014",
            "-o",
            "x.yaml",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("错误[import-region-needs-site]"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x.yaml").exists());
}

#[test]
fn the_wrong_kind_is_recognised() {
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "import",
        &sheet("projects.xlsx"),
        "--kind",
        "funds",
        "--year",
        "2014",
        "-o",
        "-",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("警告[import-wrong-kind]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("是否应该用 --kind projects"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("表中没有“下达金额”一列"),
        "{}",
        run.stderr
    );
    // A sheet with no title row a kind knows at all.
    let run = site.run(&[
        "import",
        &sheet("villages.csv"),
        "--kind",
        "funds",
        "--year",
        "2014",
        "-o",
        "-",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("找不到标题行"), "{}", run.stderr);
    assert!(run.stderr.contains("--kind villages"), "{}", run.stderr);
}

#[test]
fn village_names_can_be_given_once_for_a_sheet_without_them() {
    let site = SiteCopy::of("good");
    let csv = "户主姓名,身份证号,家庭人口,人均纯收入,贫困户属性\r\n何某某,530623196001010015,2,1900,一般贫困户\r\n";
    site.write("单村.csv", csv);
    let path: PathBuf = site.path("单村.csv");
    let run = site.run(&[
        "import",
        path.to_str().unwrap(),
        "--kind",
        "households",
        "--year",
        "2014",
        "--region",
        "河口村",
        "-o",
        "-",
    ]);
    assert_ok(&run, "import with --region");
    assert!(
        run.stdout.contains("region: \"530623102201\""),
        "{}",
        run.stdout
    );
}

/// Imports `name` as a households list of 2014 into a copy of the good site.
fn import_households(site: &SiteCopy, name: &str) -> Run {
    site.run(&[
        "import",
        &sheet(name),
        "--kind",
        "households",
        "--year",
        "2014",
    ])
}

#[test]
fn big5_csv_is_refused_with_its_encoding_named() {
    let site = SiteCopy::of("good");
    let run = import_households(&site, "households-big5.csv");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    for text in [
        "错误[import-big5]",
        "繁体中文 Big5 编码",
        "“陳國強”会变成“朝瓣眏”",
        "没有写入任何文件",
    ] {
        assert!(
            run.stderr.contains(text),
            "stderr lacks {text}:\n{}",
            run.stderr
        );
    }
    assert!(
        !site
            .path("content/records/households/households-big5.yaml")
            .exists()
    );
    // The same list in GB18030, rare name characters and all, still imports.
    let run = import_households(&site, "households-gbk.csv");
    assert_ok(&run, "GB18030 import");
    assert!(run.stdout.contains("GB18030/GBK 编码"), "{}", run.stdout);
}

#[test]
fn rows_hidden_by_a_filter_are_reported_and_nothing_is_written() {
    let site = SiteCopy::of("good");
    let run = import_households(&site, "households-filtered.xlsx");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    for text in [
        "错误[import-hidden-rows]",
        "households-filtered.xlsx:3:1",
        "表中有 1 行数据是隐藏的（被筛选或隐藏）：第 3 行",
        "取消筛选",
    ] {
        assert!(
            run.stderr.contains(text),
            "stderr lacks {text}:\n{}",
            run.stderr
        );
    }
    // Rows 2 and 4 are in view and are not named.
    assert!(!run.stderr.contains("第 2 行"), "{}", run.stderr);
    assert!(
        !site
            .path("content/records/households/households-filtered.yaml")
            .exists()
    );
}

#[test]
fn a_two_row_header_is_refused_with_both_rows_named() {
    let site = SiteCopy::of("good");
    let run = import_households(&site, "households-two-row-header.xlsx");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    for text in [
        "错误[import-two-row-header]",
        "households-two-row-header.xlsx:2:3",
        "第 1–2 行是两行的标题（“家庭成员”下的“姓名”、“家庭成员”下的“身份证号”）",
        "取消合并单元格",
    ] {
        assert!(
            run.stderr.contains(text),
            "stderr lacks {text}:\n{}",
            run.stderr
        );
    }
    // Only that: the row under the titles is not also reported as a bad household.
    assert!(run.stderr.contains("共 1 个错误"), "{}", run.stderr);
}

/// An exit list and an adjustment list as a clerk keeps them in Excel (village names,
/// 是/√ for 两不愁三保障, a 变动类型 column, a 备注 left out) import as the lists the
/// three-year fixture publishes: `procedure:` from the columns, every criterion and
/// adjustment read, and the site checks and builds with them, history included.
#[test]
fn exit_and_adjustment_lists_import_with_their_criteria_and_procedure() {
    let site = SiteCopy::of("three_years");
    let exit_csv = site.path("exit.csv");
    fs::write(
        &exit_csv,
        "序号,户主姓名,身份证号,所在村,村民小组,家庭人口,人均纯收入,贫困户属性,不愁吃,不愁穿,义务教育有保障,基本医疗有保障,住房安全有保障,备注\n\
         1,张元义,530623196205140356,长沟村,三组,4,3650,一般贫困户,是,是,√,是,是,种植核桃8亩\n\
         2,李正华,530623195811021213,长沟村,一组,5,3020,一般贫困户,√,√,√,√,√,\n",
    )
    .unwrap();
    let target = "content/records/households/2015-exit-village.yaml";
    let run = gongshi_in(
        site.root(),
        &[
            "import",
            "exit.csv",
            "--kind",
            "贫困户",
            "--year",
            "2015",
            "-o",
            target,
            "--force",
        ],
    );
    assert_ok(&run, "import of the exit list");
    let yaml = site.read(target);
    assert!(yaml.contains("procedure: exit"), "{yaml}");
    let RecordSet::Households(list) = parsed(&yaml) else {
        panic!("not households: {yaml}")
    };
    assert_eq!(list.procedure(), gongshi::model::procedure::Procedure::Exit);
    let rows = list.households();
    assert_eq!(rows.len(), 2);
    for h in rows.iter() {
        for c in [&h.food, &h.clothing, &h.education, &h.medical, &h.housing] {
            assert_eq!(c.as_ref().map(|s| s.value), Some(true), "{yaml}");
        }
    }
    // 备注 is not imported: a workbook's remarks are not all for the public.
    assert!(rows.iter().all(|h| h.note.is_none()), "{yaml}");
    assert!(
        run.stderr.contains("不认识的列标题“备注”"),
        "{}",
        run.stderr
    );

    let adjustment_csv = site.path("adjustment.csv");
    fs::write(
        &adjustment_csv,
        "户主姓名,身份证号,所在村,村民小组,家庭人口,人均纯收入,贫困户属性,致贫原因,变动类型,备注\n\
         张元义,530623196205140356,长沟村,三组,4,2210,一般贫困户,因病,返贫,2016年户主患病住院，家庭收入下降\n\
         赵新民,530623198002140013,长沟村,五组,3,2390,一般贫困户,因灾,新识别,\n\
         王德明,530623194908230519,长沟村,二组,1,1650,低保贫困户,,自然减少,2016年6月去世，单人户\n",
    )
    .unwrap();
    let target = "content/records/households/2016-adjustment.yaml";
    let run = gongshi_in(
        site.root(),
        &[
            "import",
            "adjustment.csv",
            "--kind",
            "households",
            "--year",
            "2016",
            "-o",
            target,
            "--force",
        ],
    );
    assert_ok(&run, "import of the adjustment list");
    let yaml = site.read(target);
    assert!(yaml.contains("procedure: adjustment"), "{yaml}");
    let adjustments: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("adjustment: "))
        .collect();
    assert_eq!(adjustments, ["返贫", "新识别", "自然减少"], "{yaml}");

    fs::remove_file(exit_csv).unwrap();
    fs::remove_file(adjustment_csv).unwrap();
    let check = site.run(&["check", "--today", "2017-12-31"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = site.run(&["build", "--today", "2017-12-31"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let village = site.read("public/regions/530623101201/index.html");
    assert!(village.contains("返贫") && village.contains("自然减少"));

    // A criterion written some other way is refused at its cell.
    fs::write(
        site.path("bad.csv"),
        "户主姓名,身份证号,所在村,家庭人口,人均纯收入,贫困户属性,不愁吃\n张元义,530623196205140356,长沟村,4,3650,一般贫困户,基本达标\n",
    )
    .unwrap();
    let run = gongshi_in(
        site.root(),
        &[
            "import",
            "bad.csv",
            "--kind",
            "households",
            "--year",
            "2015",
            "-o",
            "-",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("import-yes-no-invalid") && run.stderr.contains("bad.csv:2:7"),
        "{}",
        run.stderr
    );
}
