//! The life of a record across years (issue #18 §1–2), on `tests/fixtures/three_years`:
//! 长沟村 households identified in 2014, an exit round in 2015 with objections, a
//! return, a new identification and a death in 2016, and the village's exit. Each
//! rule across years names both lists; objections and their results are published by
//! the rounds after; the village page follows each household, masked.

mod common;

use common::SiteCopy;

const EXIT_COUNTY: &str = "content/records/households/2015-exit-county.yaml";
const ADJUSTMENT: &str = "content/records/households/2016-adjustment.yaml";

fn build(site: &SiteCopy) -> common::Run {
    site.run(&["build", "--today", "2017-01-01"])
}

fn check(site: &SiteCopy) -> common::Run {
    site.run(&["check", "--today", "2017-01-01"])
}

/// A household row as the fixture writes it.
fn row(head: &str, id: &str, income: &str, extra: &str) -> String {
    format!(
        "  - head: {head}\n    id_number: \"{id}\"\n    region: \"530623101201\"\n    group: 一组\n    size: 3\n    income: {income}\n    category: 一般贫困户\n{extra}"
    )
}

const MET: &str = "    food: true\n    clothing: true\n    education: true\n    medical: true\n    housing: true\n";

/// The 1-based line of the first line of `file` containing `text`, and the column
/// (in characters) where it starts.
fn position(site: &SiteCopy, file: &str, text: &str) -> (usize, usize) {
    site.read(file)
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(text).map(|b| (i + 1, l[..b].chars().count() + 1)))
        .unwrap_or_else(|| panic!("{text} not in {file}"))
}

/// `file` and the position of `text` in it, as a diagnostic names a place.
fn at<'a>(site: &SiteCopy, file: &'a str, text: &str) -> (&'a str, (usize, usize)) {
    (file, position(site, file, text))
}

/// The diagnostic of `code` as printed, from its heading to its blank line.
fn diagnostic<'a>(stderr: &'a str, code: &str) -> &'a str {
    let start = stderr
        .find(&format!("[{code}]"))
        .unwrap_or_else(|| panic!("no {code} in:\n{stderr}"));
    let rest = &stderr[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// `--> file:line:col` then `::: file:line:col  note`, in that order.
fn assert_both_places(
    text: &str,
    first: (&str, (usize, usize)),
    second: (&str, (usize, usize)),
    note: &str,
) {
    let here = format!("  --> {}:{}:{}\n", first.0, first.1.0, first.1.1);
    let there = format!("  ::: {}:{}:{}  {note}\n", second.0, second.1.0, second.1.1);
    let (Some(a), Some(b)) = (text.find(&here), text.find(&there)) else {
        panic!("want {here:?} and {there:?} in:\n{text}");
    };
    assert!(a < b, "{text}");
}

#[test]
fn three_years_check_clean_and_build() {
    let site = SiteCopy::of("three_years");
    let run = check(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("没有发现问题") || run.stderr.contains("没有发现问题"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    common::assert_independent_scanner_finds_nothing(&site.path("public"));
}

#[test]
fn an_exit_of_a_household_never_identified_names_the_village_list_without_it() {
    let site = SiteCopy::of("three_years");
    // 孙小梅 was dropped in 2014 after an objection: she was never identified.
    let text = site.read(EXIT_COUNTY);
    site.write(
        EXIT_COUNTY,
        format!("{text}{}", row("孙小梅", "530623198511301129", "3100", MET)),
    );
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = diagnostic(&run.stderr, "history-not-identified");
    assert!(
        d.contains("孙小梅户（530623********1129）2015年退出"),
        "{d}"
    );
    assert!(!run.stderr.contains("530623198511301129"));
    assert_both_places(
        d,
        at(&site, EXIT_COUNTY, "\"530623198511301129\""),
        ("content/records/households/2014-county.yaml", (2, 7)),
        "本村2014年识别名单（其中没有这一户）",
    );
}

#[test]
fn an_exit_before_the_identification_names_the_later_list() {
    let site = SiteCopy::of("three_years");
    // 赵新民 is identified in 2016 (新识别), so his 2015 exit comes first.
    let text = site.read(EXIT_COUNTY);
    site.write(
        EXIT_COUNTY,
        format!("{text}{}", row("赵新民", "530623198002140013", "3100", MET)),
    );
    let run = check(&site);
    let d = diagnostic(&run.stderr, "history-not-identified");
    assert_both_places(
        d,
        at(&site, EXIT_COUNTY, "\"530623198002140013\""),
        at(&site, ADJUSTMENT, "\"530623198002140013\""),
        "这一户2016年才识别",
    );
}

#[test]
fn identified_again_without_an_exit_names_the_first_identification() {
    let site = SiteCopy::of("three_years");
    // 李正华 stayed poor in 2015 (his exit was stopped by an objection).
    let text = site.read(ADJUSTMENT);
    site.write(
        ADJUSTMENT,
        format!(
            "{text}{}",
            row(
                "李正华",
                "530623195811021213",
                "2400",
                "    adjustment: 新识别\n"
            )
        ),
    );
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = diagnostic(&run.stderr, "history-identified-twice");
    assert!(d.contains("已在2014年识别为贫困户，其间没有退出"), "{d}");
    let county = "content/records/households/2014-county.yaml";
    assert_both_places(
        d,
        at(&site, ADJUSTMENT, "\"530623195811021213\""),
        at(&site, county, "\"530623195811021213\""),
        "2014年在此识别",
    );
}

#[test]
fn a_return_without_an_exit_names_the_identification() {
    let site = SiteCopy::of("three_years");
    let text = site.read(ADJUSTMENT);
    site.write(
        ADJUSTMENT,
        format!(
            "{text}{}",
            row(
                "陶春芬",
                "530623197103092183",
                "2400",
                "    adjustment: 返贫\n"
            )
        ),
    );
    let run = check(&site);
    let d = diagnostic(&run.stderr, "history-return-without-exit");
    let county = "content/records/households/2014-county.yaml";
    assert_both_places(
        d,
        at(&site, ADJUSTMENT, "\"530623197103092183\""),
        at(&site, county, "\"530623197103092183\""),
        "2014年在此识别",
    );
}

/// A second exit list of 2016 (its rounds begin before the adjustment's) with a
/// household already out.
fn add_exit_2016(site: &SiteCopy, rows: &str) {
    site.write(
        "content/records/households/2016-exit.yaml",
        format!("kind: households\nyear: 2016\nprocedure: exit\nrows:\n{rows}"),
    );
    site.write(
        "content/notices/exit-2016.md",
        "---\ntitle: 长沟村2016年度贫困户退出公告\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: 2016-03-01\nrecords: households/2016-exit.yaml\n---\n公告。\n",
    );
}

#[test]
fn a_second_exit_names_the_first() {
    let site = SiteCopy::of("three_years");
    add_exit_2016(&site, &row("张元义", "530623196205140356", "3800", MET));
    let run = check(&site);
    let d = diagnostic(&run.stderr, "history-exited-twice");
    let file = "content/records/households/2016-exit.yaml";
    assert_both_places(
        d,
        at(&site, file, "\"530623196205140356\""),
        at(&site, EXIT_COUNTY, "\"530623196205140356\""),
        "2015年在此退出",
    );
}

#[test]
fn a_household_gone_cannot_come_back() {
    let site = SiteCopy::of("three_years");
    // 王德明 died in 2016 (自然减少).
    site.write(
        "content/records/households/2017.yaml",
        format!(
            "kind: households\nyear: 2017\nrows:\n{}",
            row("王德明", "530623194908230519", "1700", "")
        ),
    );
    site.write(
        "content/notices/hh-2017.md",
        "---\ntitle: 长沟村2017年度贫困户认定公告\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: 2017-04-01\nrecords: households/2017.yaml\n---\n公告。\n",
    );
    let run = check(&site);
    let d = diagnostic(&run.stderr, "history-after-reduction");
    let file = "content/records/households/2017.yaml";
    assert_both_places(
        d,
        at(&site, file, "\"530623194908230519\""),
        at(&site, ADJUSTMENT, "\"530623194908230519\""),
        "2016年在此自然减少",
    );
}

#[test]
fn an_exit_at_the_poverty_line_names_the_line_in_the_settings() {
    let site = SiteCopy::of("three_years");
    site.edit(EXIT_COUNTY, "income: 3650", "income: 2855");
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = diagnostic(&run.stderr, "exit-income-not-above-line");
    assert!(
        d.contains("人均纯收入 2855元 不高于2015年扶贫标准 2855元"),
        "{d}"
    );
    assert_both_places(
        d,
        at(&site, EXIT_COUNTY, "\"530623196205140356\""),
        at(&site, "site.yaml", "2855"),
        "2015年扶贫标准",
    );
    // One yuan above is an exit.
    site.edit(EXIT_COUNTY, "income: 2855", "income: 2856");
    assert_eq!(check(&site).code, 0);
}

#[test]
fn an_exit_missing_or_failing_a_criterion_is_an_error_at_its_line() {
    let site = SiteCopy::of("three_years");
    site.edit(EXIT_COUNTY, "    housing: true\n", "    housing: false\n");
    let run = check(&site);
    let d = diagnostic(&run.stderr, "exit-criterion-unmet");
    assert!(d.contains("“住房安全有保障”未达到"), "{d}");
    let (line, _) = position(&site, EXIT_COUNTY, "housing: false");
    assert!(d.contains(&format!("{EXIT_COUNTY}:{line}:14")), "{d}");

    site.edit(EXIT_COUNTY, "    housing: false\n", "");
    let d = diagnostic(&check(&site).stderr, "exit-criterion-missing").to_string();
    assert!(d.contains("没有写明：住房安全有保障"), "{d}");
}

#[test]
fn a_village_exit_needs_an_earlier_identification_and_low_incidence() {
    let site = SiteCopy::of("three_years");
    let exit = "content/records/villages/2016-exit.yaml";
    site.edit(exit, "poor_population: 31", "poor_population: 40");
    let d = diagnostic(&check(&site).stderr, "village-exit-incidence").to_string();
    assert!(
        d.contains("长沟村贫困发生率 3.07%，不低于退出标准 3%"),
        "{d}"
    );

    let site = SiteCopy::of("three_years");
    let list = "content/records/villages/2014.yaml";
    site.edit(
        list,
        "  - { region: \"530623101201\", population: 1290, poor_population: 301, income: 2650, collective_income: 0, class: 一类村 }\n",
        "",
    );
    let run = check(&site);
    let d = diagnostic(&run.stderr, "village-history-not-identified");
    assert!(
        d.contains("长沟村2016年退出，但此前各年的贫困村名单中都没有这个村"),
        "{d}"
    );
    assert_both_places(
        d,
        at(&site, exit, "\"530623101201\""),
        (list, (2, 7)),
        "2014年贫困村名单（其中没有这个村）",
    );
}

#[test]
fn objections_without_result_and_hasty_announcements_are_warned() {
    let site = SiteCopy::of("three_years");
    let first = "content/notices/exit-2015-first.md";
    site.edit(first, "    result: 维持\n", "");
    site.edit(
        "content/notices/exit-2015-announcement.md",
        "date: 2015-11-25",
        "date: 2015-11-18",
    );
    let run = check(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = diagnostic(&run.stderr, "objection-without-result");
    assert!(
        d.contains("第 2 件异议（张元义户的收入是否已经稳定超过扶贫标准）还没有写处理结果"),
        "{d}"
    );
    let (line, col) = position(&site, first, "张元义户的收入");
    assert!(d.contains(&format!("{first}:{line}:{col}")), "{d}");
    let d = diagnostic(&run.stderr, "announcement-too-soon");
    assert!(d.contains("第 2 天发布，少于规定的 3 天"), "{d}");
    assert!(d.contains("公告日期最早为 2015年11月19日"), "{d}");
    assert!(
        run.stderr.contains("共 0 个错误，2 个警告"),
        "{}",
        run.stderr
    );

    // The days are a setting.
    site.edit(
        "site.yaml",
        "publicity: { min_days: 7,",
        "publicity: { review_days: 2, min_days: 7,",
    );
    let run = check(&site);
    assert!(
        !run.stderr.contains("announcement-too-soon"),
        "{}",
        run.stderr
    );

    // Whoever objected is published: no personal number in it.
    site.edit(first, "from: 一组村民", "from: 一组村民（电话13887104521）");
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(diagnostic(&run.stderr, "objection-personal-number").contains("第 1 件异议里有手机号"));
    assert!(!run.stderr.contains("13887104521"));
}

#[test]
fn the_next_rounds_publish_the_objections_with_their_results_and_links() {
    let site = SiteCopy::of("three_years");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = site.read("public/notices/exit-2015-first/index.html");
    assert!(first.contains("<tr id=\"objection-1\">"), "{first}");
    assert!(first.contains("公示期间收到异议 2 件，处理结果如下"));

    let page = site.read("public/notices/exit-2015-announcement/index.html");
    assert!(
        page.contains("公示期间收到异议 2 件，处理结果如下"),
        "{page}"
    );
    for text in [
        "李正华户两个孩子上学开支大",
        "530623********1213",
        "经入户核实，其家庭收入主要为一次性务工收入",
        "<strong>移出</strong>",
        "<strong>维持</strong>",
    ] {
        assert!(page.contains(text), "{text} not in {page}");
    }
    // The household the objection named, removed by this round, links to it.
    assert!(
        page.contains("移出：李正华（530623********1213），原因：持续增收基础不稳，暂缓退出（见<a href=\"../../notices/exit-2015-first/index.html#objection-1\">第一次公示期间第 1 件异议</a>）"),
        "{page}"
    );
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/exit-2015-announcement/data.json"))
            .unwrap();
    let tables = data["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2, "{data}");
    assert_eq!(
        tables[1]["caption"],
        "公示期间收到的异议及处理结果（共 2 件）"
    );
    assert_eq!(tables[1]["rows"][0][7], "移出");
    assert_eq!(tables[1]["rows"][0][5], "530623********1213");
    // The round's own data stay as published: its objections come after.
    let own: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/exit-2015-first/data.json")).unwrap();
    assert_eq!(own["tables"].as_array().unwrap().len(), 1);

    let quiet = site.read("public/notices/adj-2016-announcement/index.html");
    assert!(quiet.contains("公示期间未收到异议"), "{quiet}");
}

#[test]
fn exit_lists_show_their_criteria_on_pages_and_in_data() {
    let site = SiteCopy::of("three_years");
    assert_eq!(build(&site).code, 0);
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/exit-2015-announcement/data.json"))
            .unwrap();
    let columns: Vec<&str> = data["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        [
            "户主姓名",
            "村民小组",
            "家庭人口",
            "人均纯收入(元)",
            "不愁吃",
            "不愁穿",
            "义务教育有保障",
            "基本医疗有保障",
            "住房安全有保障"
        ]
    );
    assert_eq!(data["tables"][0]["rows"][0][3], "3650");
    assert_eq!(data["tables"][0]["rows"][0][8], "是");
    let page = site.read("public/notices/exit-2015-announcement/index.html");
    assert!(
        page.contains("退出标准——家庭人均纯收入高于2015年扶贫标准 2855元/人/年"),
        "{page}"
    );
    let adjustment = site.read("public/notices/adj-2016-announcement/data.json");
    for text in [
        "调整类型",
        "返贫",
        "新识别",
        "自然减少",
        "2016年6月去世，单人户",
    ] {
        assert!(adjustment.contains(text), "{text} not in {adjustment}");
    }
    let villages = site.read("public/notices/villages-2016-exit/data.json");
    assert!(villages.contains("达到退出标准"), "{villages}");
    assert!(villages.contains("2.38%"), "{villages}");
}

#[test]
fn the_village_page_follows_each_household_masked() {
    let site = SiteCopy::of("three_years");
    assert_eq!(build(&site).code, 0);
    let page = site.read("public/regions/530623101201/index.html");
    let start = page.find("贫困户历年变化").expect("history section");
    let section = &page[start..page[start..].find("</table>").unwrap() + start];
    assert!(
        section.contains(
            "<th scope=col>2014年</th><th scope=col>2015年</th><th scope=col>2016年</th></tr>"
        ),
        "{section}"
    );
    // 张元义: identified, out, back.
    let row = section
        .split("<tr>")
        .skip(1)
        .find(|r| r.contains("张*义"))
        .expect("张*义's row");
    assert!(row.contains("530623********0356"), "{row}");
    let steps: Vec<&str> = ["识别", "退出", "返贫"]
        .into_iter()
        .filter(|s| row.contains(&format!(">{s}</a>")))
        .collect();
    assert_eq!(steps, ["识别", "退出", "返贫"], "{row}");
    assert!(row.find(">识别<") < row.find(">退出<") && row.find(">退出<") < row.find(">返贫<"));
    assert!(
        row.contains("notices/exit-2015-announcement/index.html"),
        "{row}"
    );
    assert!(section.contains("王*明"), "{section}");
    assert!(section.contains(">自然减少</a>"), "{section}");
    // The village itself: identified in 2014, out in 2016.
    assert!(
        page.contains("<strong>贫困村：</strong>2014年<a href=\"../../notices/villages-2014/index.html\" title=\"测试县2014年度贫困村认定结果公告\">认定为贫困村</a> → 2016年<a href=\"../../notices/villages-2016-exit/index.html\""),
        "{page}"
    );
    // Never the full name nor number.
    for full in ["张元义", "530623196205140356", "2150"] {
        assert!(!section.contains(full), "{full} in {section}");
    }
}

#[test]
fn before_a_second_year_is_published_there_is_no_history() {
    let site = SiteCopy::of("three_years");
    let run = site.run(&["build", "--today", "2015-01-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/regions/530623101201/index.html");
    assert!(!page.contains("贫困户历年变化"));
    assert!(!site.path("public/notices/exit-2015-first").exists());
}
