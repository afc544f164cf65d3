//! Nothing is published before its date (issue #14 §1): a notice dated after the
//! as-of day leaves no trace in any output file, `check` and `build` name it with the
//! day it will appear, and the build says when the site must be built again.

mod common;

use common::{SiteCopy, snapshot};

/// As of 2014-03-22 only hh-first (03-20, in its period) is issued; hh-second
/// (03-28), the projects (04-01), villages (05-01), funds (07-01), weifang (08-01) and
/// yulu (09-01) are not.
const NOT_YET: [(&str, &str, &str); 6] = [
    (
        "hh-second",
        "长沟村2014年度贫困户识别结果公示(第二次)",
        "2014年3月28日",
    ),
    (
        "projects-2014",
        "测试县2014年度扶贫项目公示",
        "2014年4月1日",
    ),
    (
        "villages-2014",
        "测试县2014年度贫困村名单公告",
        "2014年5月1日",
    ),
    (
        "funds-2014",
        "测试县2014年度扶贫资金使用情况公示",
        "2014年7月1日",
    ),
    ("weifang", "2014年农村危房改造补助对象公示", "2014年8月1日"),
    ("yulu", "2014年雨露计划培训学员公示", "2014年9月1日"),
];

/// A project of the list projects-2014 publishes.
const PROJECT_NAME: &str = "那迁村半山小组整村推进";

#[test]
fn a_notice_dated_after_the_day_leaves_no_trace_in_any_output_file() {
    let site = SiteCopy::of("good");
    let run = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path("public"));
    assert!(files.contains_key("notices/hh-first/index.html"));
    for (slug, title, day) in NOT_YET {
        for (path, bytes) in &files {
            assert!(!path.contains(slug), "{path} of {slug} written");
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(title), "{title} in {path}");
            assert!(
                !text.contains(&format!("notices/{slug}/")),
                "{slug} linked from {path}"
            );
        }
        // The build names it and the day it will be published.
        assert!(
            run.stdout.contains(&format!("content/notices/{slug}.md")),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("{title}（{day} 发布）")),
            "{}",
            run.stdout
        );
    }
    // Nor do the records only those notices publish: the projects and the fund ledger.
    assert!(
        !files.keys().any(|p| p.starts_with("projects/")),
        "{:?}",
        files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for project in ["2014-001", "2014-002", PROJECT_NAME] {
            assert!(!text.contains(project), "{project} in {path}");
        }
    }
    // hh-first's period runs to 03-26: its countdown changes tomorrow.
    assert!(
        run.stdout.contains("在 2014年3月23日 会变化"),
        "{}",
        run.stdout
    );

    // `check` names the same notices.
    let check = site.run(&["check", "--today", "2014-03-22"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for (slug, _, day) in NOT_YET {
        assert!(
            check.stdout.contains(&format!("content/notices/{slug}.md")),
            "{}",
            check.stdout
        );
        assert!(check.stdout.contains(day), "{}", check.stdout);
    }
}

#[test]
fn a_notice_appears_on_its_date_and_include_future_publishes_it_early() {
    let site = SiteCopy::of("good");
    let run = site.run(&["build", "--today", "2014-03-28"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/notices/hh-second/index.html").is_file());
    assert!(!site.path("public/notices/yulu").exists());

    let run = site.run(&["build", "--today", "2014-03-28", "--include-future"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/notices/yulu/index.html").is_file());
    assert!(!run.stdout.contains("暂不发布"), "{}", run.stdout);
}

#[test]
fn the_next_rebuild_day_is_the_next_notice_when_no_period_runs() {
    let site = SiteCopy::of("good");
    // Between yulu's issue (09-01, period to 09-07) and nothing later.
    let run = site.run(&["build", "--today", "2014-08-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("在 2014年9月1日 会变化"),
        "{}",
        run.stdout
    );
    let run = site.run(&["build", "--today", "2014-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("都不会再变化"), "{}", run.stdout);
}

/// The board's cards and the notice's own status line.
fn status_line(page: &str, title: &str) -> String {
    let at = page
        .find(title)
        .unwrap_or_else(|| panic!("{title} missing"));
    // A card's status comes before its title; the notice page's right after its <h1>.
    let card = &page[..at];
    let start = card.rfind("notice-status").expect("a status line");
    let end = card[start..].find("</p>").map_or(card.len(), |e| start + e);
    card[start..end].to_string()
}

#[test]
fn every_countdown_carries_its_day_and_the_last_day_reads_closes_today() {
    let site = SiteCopy::of("good");
    let first = "长沟村2014年度贫困户识别结果公示(第一次)";
    let run = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let board = site.read("public/index.html");
    assert!(
        status_line(&board, first).contains("公示中，剩余 5 天（截至2014年3月22日）"),
        "{board}"
    );
    // 03-26 is the period's last day: not "剩余 1 天".
    let run = site.run(&["build", "--today", "2014-03-26"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "public/index.html",
        "public/regions/530623101201/index.html",
    ] {
        let page = site.read(page);
        let line = status_line(&page, first);
        assert!(line.contains("公示中，今日截止（2014年3月26日）"), "{line}");
    }
    let notice = site.read("public/notices/hh-first/index.html");
    assert!(
        notice.contains("公示中，今日截止（2014年3月26日）"),
        "{notice}"
    );
    assert!(!notice.contains("剩余 1 天"));
    // The day after, it has ended: a status that no longer changes carries no day.
    let run = site.run(&["build", "--today", "2014-03-27"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = status_line(&site.read("public/index.html"), first);
    assert!(line.contains("已结束") && !line.contains("截至"), "{line}");
}

#[test]
fn an_issued_round_whose_period_starts_later_is_upcoming_and_not_printed_yet() {
    let site = SiteCopy::of("good");
    // The township issues its round on 03-21; its period starts on 03-28.
    site.edit(
        "content/notices/hh-second.md",
        "date: 2014-03-28",
        "date: 2014-03-21",
    );
    let run = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let board = site.read("public/index.html");
    let active = board.find("正在公示").expect("正在公示 section");
    let upcoming = board.find("即将公示</h2>").expect("即将公示 section");
    let first = board.find("识别结果公示(第一次)").unwrap();
    let second = board.find("识别结果公示(第二次)").unwrap();
    assert!(
        active < first && first < upcoming && upcoming < second,
        "{board}"
    );
    assert!(
        status_line(&board, "识别结果公示(第二次)")
            .contains("即将公示，2014年3月28日起（截至2014年3月22日）"),
        "{board}"
    );
    // The village's print page carries only the round a villager can object to now.
    let print = site.read("public/regions/530623101201/print/index.html");
    assert!(print.contains("识别结果公示(第一次)"));
    assert!(!print.contains("识别结果公示(第二次)"), "{print}");
    // On 03-28 the first round has ended and the second is the one on the board.
    let run = site.run(&["build", "--today", "2014-03-28"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = site.read("public/regions/530623101201/print/index.html");
    assert!(print.contains("识别结果公示(第二次)"));
    assert!(!print.contains("识别结果公示(第一次)"), "{print}");
}

#[test]
fn a_notice_published_early_says_it_is_a_draft_and_an_issued_one_does_not() {
    let site = SiteCopy::of("good");
    let run = site.run(&["build", "--today", "2014-03-22", "--include-future"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let yulu = site.read("public/notices/yulu/index.html");
    assert!(
        yulu.contains("草稿（未发布）：发布日期为2014年9月1日"),
        "{yulu}"
    );
    let board = site.read("public/index.html");
    assert!(
        status_line(&board, "2014年雨露计划培训学员公示").contains("草稿（未发布）"),
        "{board}"
    );
    let first = site.read("public/notices/hh-first/index.html");
    assert!(!first.contains("草稿"), "{first}");
}

#[test]
fn a_number_in_a_notice_held_back_stops_the_build_now_not_on_its_day() {
    let site = SiteCopy::of("good");
    // yulu is published on 2014-09-01 by an unattended rebuild; its leak must be
    // found by the clerk's build today.
    site.edit(
        "content/notices/yulu.md",
        "现将雨露计划培训学员名单公示如下。",
        "现将雨露计划培训学员名单公示如下。联系人手机 139 1234 5678。",
    );
    let before = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(before.code, 1, "{}{}", before.stdout, before.stderr);
    assert!(
        before.stderr.contains("content/notices/yulu.md"),
        "{}",
        before.stderr
    );
    assert!(!before.stderr.contains("139 1234 5678"));
    assert!(!site.path("public").exists());
}

#[test]
fn a_region_with_nothing_in_its_period_has_no_print_page() {
    let site = SiteCopy::of("good");
    let run = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 长沟村's first round is in its period: the village and the regions above print it.
    assert!(
        site.path("public/regions/530623101201/print/index.html")
            .is_file()
    );
    let region = site.read("public/regions/530623101201/index.html");
    assert!(region.contains("打印本地正在公示的 1 份公示"), "{region}");

    // At the year's end every period has ended: no print page anywhere, no link.
    let run = site.run(&["build", "--today", "2014-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path("public"));
    let prints: Vec<&String> = files
        .keys()
        .filter(|p| p.contains("/print/") && p.starts_with("regions/"))
        .collect();
    assert!(prints.is_empty(), "{prints:?}");
    let region = site.read("public/regions/530623101201/index.html");
    assert!(!region.contains("print/index.html"), "{region}");
}

/// A county entering a year ahead sees the soonest 20 held-back notices and a count of
/// the rest, not hundreds of lines.
#[test]
fn a_long_list_of_held_back_notices_names_the_soonest_and_counts_the_rest() {
    let site = SiteCopy::of("good");
    for day in 1..=24 {
        site.write(
            &format!("content/notices/later-{day:02}.md"),
            format!(
                "---\ntitle: 第{day}号公告\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: 2015-01-{day:02}\n---\n公告正文。\n"
            ),
        );
    }
    let run = site.run(&["build", "--today", "2014-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("暂不发布 24 份公示公告"),
        "{}",
        run.stdout
    );
    let named: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("later-"))
        .collect();
    assert_eq!(named.len(), 20, "{}", run.stdout);
    assert!(named[0].contains("第1号公告") && named[19].contains("第20号公告"));
    assert!(
        run.stdout
            .contains("……另有 4 份，最晚的 2015年1月24日 发布"),
        "{}",
        run.stdout
    );
}
