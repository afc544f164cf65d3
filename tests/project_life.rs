//! A project's whole life (issue #18 §4): its stages as published, on its page in date
//! order with their 文号; its money by source to the last 分 — 1234567.89元 split into
//! 823045.26 + 411522.63, spent in 100000.10 + 200000.20 and 411522.53 + 0.10, where
//! float arithmetic would drift — on the project page and the funds page; every new
//! check by its code and file position; and the 带贫 list against the poor-household
//! lists, masked. Built by the real binary from `tests/fixtures/project_life`.

mod common;

use common::{SiteCopy, html_text as text};

const PROJECT: &str = "public/projects/2014-101/index.html";

fn build(site: &SiteCopy) -> common::Run {
    let run = site.run(&["build", "--today", "2016-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The table whose caption is `caption`: each row's cells (`<th>` and `<td>`), header
/// and footer included.
fn table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let at = html
        .find(&format!("{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table {caption}"));
    let end = at + html[at..].find("</table>").expect("table end");
    let mut rows = Vec::new();
    for tr in html[at..end].split("<tr").skip(1) {
        let mut cells = Vec::new();
        for cell in tr.split("<t").skip(1) {
            if !(cell.starts_with('d') || cell.starts_with('h')) || cell.starts_with("head") {
                continue;
            }
            let body = &cell[cell.find('>').unwrap() + 1..];
            let body = &body[..body.find("</t").unwrap_or(body.len())];
            cells.push(text(body));
        }
        rows.push(cells);
    }
    rows
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == first))
        .unwrap_or_else(|| panic!("no row {first} in {rows:?}"))
}

#[test]
fn the_project_page_shows_its_stages_in_date_order_with_their_documents() {
    let site = SiteCopy::of("project_life");
    build(&site);
    let page = site.read(PROJECT);
    let start = page
        .find("<ol class=timeline>")
        .or_else(|| page.find("<ol class=\"timeline\">"))
        .expect("a timeline");
    let timeline = &page[start..start + page[start..].find("</ol>").unwrap()];
    let items: Vec<String> = timeline.split("<li>").skip(1).map(text).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        items[0].starts_with("批复（计划）公示 2014年4月1日 长沟村产业路硬化项目计划公示"),
        "{}",
        items[0]
    );
    assert!(
        items[0].contains("文号：测扶组〔2014〕11号"),
        "{}",
        items[0]
    );
    assert!(
        items[1].starts_with("实施调整 2015年3月2日 长沟村产业路硬化项目调整公示"),
        "{}",
        items[1]
    );
    assert!(
        items[1].contains("文号：测县扶组〔2015〕2号"),
        "{}",
        items[1]
    );
    assert!(
        items[1].contains("调整内容：路面宽度由4米调整为4.5米"),
        "{}",
        items[1]
    );
    assert!(
        items[2].starts_with("竣工验收公示 2016年3月1日 长沟村产业路硬化项目竣工验收公示"),
        "{}",
        items[2]
    );
    assert!(
        items[2].contains("文号：测县扶组〔2016〕7号"),
        "{}",
        items[2]
    );
    // Each stage links its notice.
    for slug in ["plan-2014", "adjust-2015", "accept-2016"] {
        assert!(
            timeline.contains(&format!("notices/{slug}/index.html")),
            "{slug}: {timeline}"
        );
    }
    // The record says 在建; the published acceptance says it is done.
    assert!(
        text(&page).contains("项目状态已竣工验收"),
        "{}",
        text(&page)
    );
    // So do the village's project list and the search index's result line.
    let village = site.read("public/regions/530623101201/index.html");
    let card = &village[village.find("projects/2014-101/index.html").expect("card")..];
    let card = text(&card[..card.find("</tr>").unwrap()]);
    assert!(
        card.contains("已竣工验收") && !card.contains("在建"),
        "{card}"
    );
    let index: String = std::fs::read_dir(site.path("public/search/d"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let line = &index[index.find("projects/2014-101/index.html").expect("indexed")..];
    let line = &line[..line.find(']').unwrap()];
    assert!(
        line.contains("已竣工验收") && !line.contains("在建"),
        "{line}"
    );

    // The adjustment's notice page and its data.json say its stage and approval.
    let notice = site.read("public/notices/adjust-2015/index.html");
    assert!(notice.contains("projects/2014-101/index.html"), "{notice}");
    assert!(text(&notice).contains("批复文号测县扶组〔2015〕2号"));
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/notices/adjust-2015/data.json")).unwrap();
    assert_eq!(data["project"]["stage"], "adjustment");
    assert_eq!(data["project"]["codes"][0], "2014-101");
    assert_eq!(data["project"]["approval"], "测县扶组〔2015〕2号");
    assert_eq!(data["project"]["change"], "路面宽度由4米调整为4.5米");
    // Its sheets say the same, after the body.
    let sheet: String = text(&site.read("public/notices/adjust-2015/print/index.html"))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        sheet.contains(
            "项目阶段：实施调整；项目编号：2014-101；批复文号：测县扶组〔2015〕2号；调整内容：路面宽度由4米调整为4.5米。"
        ),
        "{sheet}"
    );

    // Before the adjustment is issued, the timeline holds the plan only.
    let run = site.run(&["build", "--today", "2014-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read(PROJECT);
    assert!(page.contains("批复（计划）公示"));
    assert!(
        !page.contains("实施调整") && !page.contains("竣工验收公示"),
        "{page}"
    );
    assert!(text(&page).contains("项目状态在建"));
    let village = site.read("public/regions/530623101201/index.html");
    let card = &village[village.find("projects/2014-101/index.html").expect("card")..];
    assert!(text(&card[..card.find("</tr>").unwrap()]).contains("在建"));
}

#[test]
fn fund_progress_is_exact_to_the_fen_on_the_project_and_funds_pages() {
    let site = SiteCopy::of("project_life");
    build(&site);
    let page = site.read(PROJECT);
    let rows = table(&page, "长沟村产业路硬化资金进度");
    assert_eq!(
        rows[0],
        [
            "资金来源",
            "级次",
            "计划（元）",
            "下达（元）",
            "拨付（元）",
            "支出（元）",
            "结余（下达−支出）（元）"
        ]
    );
    assert_eq!(
        row(&rows, "中央财政专项扶贫资金"),
        [
            "中央财政专项扶贫资金",
            "中央",
            "823045.26",
            "823045.26",
            "823045.26",
            "300000.30",
            "523044.96"
        ]
    );
    // The ledger's 省级财政专项扶贫资金 is the plan's 省级财政扶贫资金, by its level.
    assert_eq!(
        row(&rows, "省级财政扶贫资金"),
        [
            "省级财政扶贫资金",
            "省级",
            "411522.63",
            "411522.63",
            "411522.63",
            "411522.63",
            "0.00"
        ]
    );
    assert_eq!(
        row(&rows, "合计"),
        [
            "合计",
            "",
            "1234567.89",
            "1234567.89",
            "1234567.89",
            "711522.93",
            "523044.96"
        ]
    );
    // The bars: shares of the plan, in exact decimals; the figures beside them.
    assert!(
        page.contains("progress-spent\" style=\"width:36.5%"),
        "{page}"
    );
    assert!(
        page.contains("progress-spent\" style=\"width:100%"),
        "{page}"
    );
    assert!(
        page.contains("下达 823045.26 · 拨付 823045.26 · 支出 300000.30"),
        "{page}"
    );
    // The ledger rows themselves, with the spent column this site reports.
    let ledger = table(&page, "长沟村产业路硬化资金下达与拨付");
    assert_eq!(
        row(&ledger, "合计"),
        ["合计", "", "", "1234567.89", "1234567.89", "711522.93"]
    );

    let funds = site.read("public/funds/index.html");
    let progress = table(&funds, "项目资金进度");
    assert_eq!(
        row(&progress, "长沟村产业路硬化（2014-101）"),
        [
            "长沟村产业路硬化（2014-101）",
            "1234567.89",
            "1234567.89",
            "1234567.89",
            "711522.93",
            "523044.96",
            "57.6%"
        ]
    );
    assert!(
        funds.contains("href=\"../projects/2014-101/index.html\""),
        "linked"
    );
    // By level, year by year: 2015's spending was 中央 300000.30 and 省 411522.63.
    let levels = table(&funds, "2015年扶贫资金按级次");
    assert_eq!(
        row(&levels, "中央"),
        ["中央", "0", "323045.16", "300000.30"]
    );
    assert_eq!(row(&levels, "省级"), ["省级", "0", "0.00", "411522.63"]);
    assert_eq!(
        row(&levels, "合计"),
        ["合计", "0", "323045.16", "711522.93"]
    );
    let levels = table(&funds, "2014年扶贫资金按级次");
    assert_eq!(row(&levels, "合计"), ["合计", "1234567.89", "911522.73"]);
    assert!(
        text(&funds).contains("资金支出合计711522.93元"),
        "{}",
        text(&funds)
    );
}

#[test]
fn a_beneficiary_household_on_no_poor_list_of_the_year_is_a_warning_and_ids_stay_masked() {
    let site = SiteCopy::of("project_life");
    let run = build(&site);
    assert!(
        run.stderr.contains("警告[beneficiary-not-poor]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/records/beneficiaries/2014-101.yaml:8:28"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("丁四（530623********0042）"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("530623196503150042"), "{}", run.stderr);
    // Only that one: 甲一 and 丙三 are on the 2014 list.
    assert_eq!(
        run.stderr.matches("beneficiary-not-poor").count(),
        1,
        "{}",
        run.stderr
    );

    let page = site.read(PROJECT);
    assert!(
        text(&page).contains(
            "带贫 2 户 9 人（名单 3 户，按身份证号与2014年度贫困户名单核对，其中 1 户不在名单中）"
        ),
        "{}",
        text(&page)
    );
    let rows = table(&page, "长沟村产业路硬化带贫带贫对象");
    assert_eq!(
        row(&rows, "甲一"),
        ["甲一", "530623********001X", "长沟村", "4", "是"]
    );
    assert_eq!(
        row(&rows, "丁四"),
        ["丁四", "530623********0042", "长沟村", "—", "否"]
    );
    assert_eq!(row(&rows, "合计"), ["合计", "", "", "9", "2 户"]);
    common::assert_independent_scanner_finds_nothing(&site.path("public"));

    // On the list, no warning.
    site.edit(
        "content/records/households/changgou-2014.yaml",
        "  - { head: 丙三",
        "  - { head: 丁四, id_number: \"530623196503150042\", region: \"530623101201\", size: 2, income: 2000, category: 一般贫困户 }\n  - { head: 丙三",
    );
    let run = build(&site);
    assert!(
        !run.stderr.contains("beneficiary-not-poor"),
        "{}",
        run.stderr
    );
    assert!(text(&site.read(PROJECT)).contains("带贫 3 户 11 人（名单 3 户"));
}

/// Edits `file` of a fresh copy and checks that `code` is reported at `at`
/// (`file:line:column`) with `severity` (错误 / 警告).
fn fires(file: &str, from: &str, to: &str, severity: &str, code: &str, at: &str) {
    fires_after(&[(file, from, to)], severity, code, at);
}

fn fires_after(edits: &[(&str, &str, &str)], severity: &str, code: &str, at: &str) {
    let site = SiteCopy::of("project_life");
    for (file, from, to) in edits {
        site.edit(file, from, to);
    }
    let run = site.run(&["check", "--today", "2016-12-31"]);
    let tag = format!("{severity}[{code}]");
    assert!(run.stderr.contains(&tag), "{code}: {}", run.stderr);
    let shown = &run.stderr[run.stderr.find(&tag).unwrap()..];
    let location = shown.lines().nth(1).unwrap_or_default();
    assert_eq!(
        location.trim(),
        format!("--> {at}"),
        "{code}: {}",
        run.stderr
    );
    // A warning may come with the errors its cause brings; an error always fails.
    if severity == "错误" {
        assert_eq!(run.code, 1, "{code}: {}", run.stderr);
    }
}

const LEDGER_2014: &str = "content/records/funds/2014.yaml";
const LEDGER_2015: &str = "content/records/funds/2015.yaml";

#[test]
fn money_checks_fire_at_the_ledger_entry() {
    // Spent more than disbursed, counted over both years for 中央: 500000.10 +
    // 323045.16 = 823045.26 disbursed; 100000.10 + 723045.17 spent is a 分 more.
    fires(
        LEDGER_2015,
        "spent: 200000.20元",
        "spent: 723045.17元",
        "错误",
        "spent-over-disbursed",
        &format!("{LEDGER_2015}:5:124"),
    );
    // Disbursed more than allocated for a source, over the years.
    fires(
        LEDGER_2015,
        "disbursed: 323045.16元",
        "disbursed: 323045.17元",
        "错误",
        "disbursed-over-allocated",
        &format!("{LEDGER_2015}:4:114"),
    );
    // A ledger naming a project that does not exist: an error at its code.
    fires(
        LEDGER_2014,
        "project: \"2014-101\", allocated: 823045.26元",
        "project: \"2014-999\", allocated: 823045.26元",
        "错误",
        "project-unknown",
        &format!("{LEDGER_2014}:4:77"),
    );
    // Allocated beyond the plan for a source.
    fires(
        LEDGER_2014,
        "allocated: 411522.63元, disbursed",
        "allocated: 411522.64元, disbursed",
        "警告",
        "ledger-plan-mismatch",
        &format!("{LEDGER_2014}:5:100"),
    );
    // A source the project does not plan, of no level to match by.
    fires(
        LEDGER_2014,
        "source: 省级财政专项扶贫资金",
        "source: 交通部门补助资金",
        "警告",
        "ledger-source-unplanned",
        &format!("{LEDGER_2014}:5:75"),
    );
    // A level that is none.
    fires(
        LEDGER_2015,
        "level: 省",
        "level: 乡",
        "错误",
        "invalid-value",
        &format!("{LEDGER_2015}:6:52"),
    );
}

#[test]
fn once_accepted_a_source_short_of_its_plan_is_a_warning() {
    // The plan grows by a 分 the ledger never allocated.
    let projects = "content/records/projects/2014.yaml";
    fires_after(
        &[
            (projects, "amount: 411522.63元", "amount: 411522.64元"),
            (projects, "total: 1234567.89元", "total: 1234567.90元"),
        ],
        "警告",
        "ledger-plan-mismatch",
        &format!("{LEDGER_2014}:5:100"),
    );
}

#[test]
fn stage_checks_fire_at_the_notice() {
    fires(
        "content/notices/adjust-2015.md",
        "  approval: 测县扶组〔2015〕2号\n",
        "",
        "错误",
        "adjustment-approval-missing",
        "content/notices/adjust-2015.md:9:10",
    );
    fires(
        "content/notices/adjust-2015.md",
        "codes: [\"2014-101\"]",
        "codes: [\"2014-102\"]",
        "错误",
        "project-unknown",
        "content/notices/adjust-2015.md:10:11",
    );
    fires(
        "content/notices/adjust-2015.md",
        "  codes: [\"2014-101\"]\n",
        "",
        "错误",
        "project-stage-no-project",
        "content/notices/adjust-2015.md:9:10",
    );
    // The adjustment dated after the acceptance.
    fires(
        "content/notices/adjust-2015.md",
        "date: 2015-03-02\nperiod: { from: 2015-03-02, to: 2015-03-11 }",
        "date: 2016-05-02\nperiod: { from: 2016-05-02, to: 2016-05-11 }",
        "错误",
        "project-stage-out-of-order",
        "content/notices/adjust-2015.md:6:7",
    );
    fires(
        "content/records/beneficiaries/2014-101.yaml",
        "project: \"2014-101\"",
        "project: \"2014-100\"",
        "错误",
        "project-unknown",
        "content/records/beneficiaries/2014-101.yaml:4:10",
    );
}
