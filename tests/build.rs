//! `gongshi build` on real fixture sites: the pages, their values, masking, relative
//! links, determinism and atomic replacement of the output.

mod common;

use common::{SiteCopy, gongshi, snapshot};
use std::fs;

/// Raw personal numbers in the `good` fixture; none may reach any output file.
const RAW_NUMBERS: [&str; 9] = [
    "53062319700312001X",
    "530623197511200024",
    "530623198205050034",
    "530623199009090041",
    "13800001234",
    "13912345678",
    "15012345678",
    "6228480012345678901",
    "0012345678901",
];

fn built() -> SiteCopy {
    let site = SiteCopy::of("good");
    let run = site.build();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    site
}

#[test]
fn renders_every_page_of_the_contract() {
    let site = built();
    for page in [
        "public/index.html",
        "public/notices/hh-first/index.html",
        "public/notices/hh-second/index.html",
        "public/notices/projects-2014/index.html",
        "public/notices/funds-2014/index.html",
        "public/notices/villages-2014/index.html",
        "public/notices/weifang/index.html",
        "public/notices/yulu/index.html",
        "public/regions/530623101201/index.html",
        "public/regions/530623101000/index.html",
        "public/regions/530623000000/index.html",
        "public/projects/2014-001/index.html",
        "public/projects/2014-002/index.html",
        "public/funds/index.html",
        "public/static/style.css",
    ] {
        assert!(site.path(page).is_file(), "missing {page}");
    }
    let index = site.read("public/index.html");
    assert!(index.contains("lang=\"zh-CN\"") || index.contains("lang=zh-CN"));
}

#[test]
fn project_page_adds_funds_exactly() {
    let site = built();
    let page = site.read("public/projects/2014-001/index.html");
    for text in [
        "那迁村半山小组整村推进",
        "省级财政扶贫资金",
        // One unit and two decimals for every source, in the facts and the table.
        "省级财政扶贫资金15.00万元；",
        "群众自筹及投工投劳折资46.30万元；其他资金3.42万元",
        "<dd>79.72万元</dd>",
        "金额（万元）",
        "<td class=num>46.30</td>",
        "已竣工验收",
        "带贫减贫机制",
        "优先吸纳贫困户投工投劳",
    ] {
        assert!(page.contains(text), "project page lacks {text}");
    }
    // Mixed units and a trailing zero are kept exact.
    let page = site.read("public/projects/2014-002/index.html");
    assert!(page.contains("<dd>364800.50元</dd>"), "{page}");
    assert!(page.contains("金额（元）"));
    assert!(page.contains("<td class=num>360000.00</td>"));
    assert!(page.contains("<td class=num>4800.50</td>"));
    // The county-wide total adds 79.72万元 and 364800.50元 exactly, in 万元 to the fen.
    let funds = site.read("public/funds/index.html");
    assert!(funds.contains("<dd>116.200050万元</dd>"), "{funds}");
}

#[test]
fn board_orders_by_status_as_of_today() {
    let site = built();
    let index = site.read("public/index.html");
    // 2014-03-22: the first round runs 3月20日–26日, five days left counting today.
    assert!(index.contains("公示中，剩余 5 天"), "{index}");
    let active = index
        .find("长沟村2014年度贫困户识别结果公示(第一次)")
        .unwrap();
    let upcoming = index
        .find("长沟村2014年度贫困户识别结果公示(第二次)")
        .unwrap();
    let announced = index.find("测试县2014年度贫困村名单公告").unwrap();
    assert!(active < upcoming && upcoming < announced);

    // Later, the first round has ended and moves to the archive after the announcement.
    let run = site.run(&["build", "--today", "2014-12-01", "--include-future"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = site.read("public/index.html");
    assert!(!index.contains("公示中，剩余"));
    let announced = index.find("测试县2014年度贫困村名单公告").unwrap();
    let ended = index
        .find("长沟村2014年度贫困户识别结果公示(第一次)")
        .unwrap();
    assert!(announced < ended);
}

#[test]
fn notice_page_shows_table_period_channel_and_history() {
    let site = built();
    let page = site.read("public/notices/hh-first/index.html");
    for text in [
        "长沟村村民委员会",
        "2014年3月20日至2014年3月26日",
        "12317",
        "0870-1234567",
        "张元义",
        "合计 2户 7人",
        "<caption>",
        "scope=col",
        "530623********001X",
        "138****1234",
        "2310.50",
    ] {
        assert!(page.contains(text), "notice page lacks {text}");
    }
    // Raw HTML in the body is cleaned to the allow-list: the script is gone (the three
    // scripts left are the theme's own files, see below).
    assert!(
        page.matches("<script").count() == 3 && !page.contains("alert("),
        "{page}"
    );
    assert!(
        page.contains("static/a11y.js")
            && page.contains("static/search.js")
            && page.contains("static/version.js")
    );
    // The second round links back to the first.
    let second = site.read("public/notices/hh-second/index.html");
    assert!(second.contains("../../notices/hh-first/index.html"));
    // Beneficiary bank accounts keep only their last 4 digits.
    let weifang = site.read("public/notices/weifang/index.html");
    assert!(weifang.contains("****8901"));
    assert!(weifang.contains("530623********0034"));
    // Free tables mask columns that hold phone numbers.
    let yulu = site.read("public/notices/yulu/index.html");
    assert!(yulu.contains("150****5678"));
}

#[test]
fn no_unmasked_number_reaches_any_output_file() {
    let site = built();
    for (rel, bytes) in snapshot(&site.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for raw in RAW_NUMBERS {
            assert!(!text.contains(raw), "{rel} contains {raw}");
        }
    }
}

#[test]
fn links_are_relative() {
    let site = built();
    for (rel, bytes) in snapshot(&site.path("public")) {
        // A CMS fragment is pasted into other sites' pages, and the page a server shows
        // for any missing address sits at any depth: their links go from the site's
        // address (tests/fragment.rs, tests/portal.rs).
        if !rel.ends_with(".html") || rel.ends_with("/fragment.html") || rel == "404.html" {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for attr in ["href=", "src="] {
            for (i, _) in text.match_indices(attr) {
                let value = text[i + attr.len()..].trim_start_matches(['"', '\'']);
                assert!(
                    !value.starts_with('/') && !value.starts_with("http"),
                    "{rel}: absolute link {}",
                    &value[..value.len().min(60)]
                );
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = built();
    let first = snapshot(&site.path("public"));
    let out2 = site.path("second");
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--output",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first, snapshot(&out2));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = built();
    let before = snapshot(&site.path("public"));
    site.edit(
        "content/records/projects/2014.yaml",
        "total: 79.72万元",
        "total: 79.70万元",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("funds-sum-mismatch"), "{}", run.stderr);
    assert_eq!(before, snapshot(&site.path("public")));
    // No staging folder is left beside it.
    let names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("gongshi-")), "{names:?}");
}

/// The replaced output is renamed aside at once and removed by a detached process,
/// so the build does not wait for it; nothing is left behind once that finishes.
#[test]
fn rebuilding_removes_the_previous_output_in_the_background() {
    let site = built();
    site.edit(
        "content/notices/hh-first.md",
        "title: ",
        "title: 重新生成后的",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("public/notices/hh-first/index.html")
            .contains("重新生成后的")
    );
    let names = || -> Vec<String> {
        fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("gongshi-"))
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !names().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(names(), Vec::<String>::new());
}

/// The removal process only ever deletes a folder named and marked as a replaced
/// output: pointed anywhere else, it does nothing.
#[test]
fn the_removal_process_refuses_other_folders() {
    let site = built();
    let run = common::gongshi_with_env(
        &["--help"],
        &[(
            "GONGSHI_REMOVE_OLD_OUTPUT",
            site.path("public").to_str().unwrap(),
        )],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/index.html").is_file());
    let content = site.path("content");
    let run = common::gongshi_with_env(
        &[],
        &[("GONGSHI_REMOVE_OLD_OUTPUT", content.to_str().unwrap())],
    );
    assert_eq!(run.code, 0);
    assert!(content.join("site.yaml").is_file() || site.path("site.yaml").is_file());
    assert!(content.join("notices").is_dir());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = SiteCopy::of("good");
    site.write("public/report.docx", "county report");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("不是 gongshi 生成的"));
    assert_eq!(site.read("public/report.docx"), "county report");
}

#[test]
fn a_site_theme_overrides_templates_by_name() {
    let site = SiteCopy::of("good");
    site.edit(
        "site.yaml",
        "time_zone: Asia/Shanghai",
        "time_zone: Asia/Shanghai\ntheme: county",
    );
    site.write(
        "themes/county/templates/project.html",
        "<!DOCTYPE html><html lang=\"zh-CN\"><title>{{ project.name }}</title><p>本县定制模板 {{ project.code }}</p></html>",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("public/projects/2014-001/index.html")
            .contains("本县定制模板 2014-001")
    );
    // Other templates still come from the embedded theme.
    assert!(site.read("public/index.html").contains("12317"));
}

/// The `<table class=data>…</table>` of a page.
fn data_table(page: &str) -> &str {
    let start = page.find("<table class=data>").expect("a data table");
    let end = page[start..].find("</table>").unwrap() + start;
    &page[start..end]
}

#[test]
fn a_theme_that_overrides_base_html_keeps_every_table_and_sheet() {
    let plain = SiteCopy::of("good");
    assert_eq!(plain.build().code, 0);
    let site = SiteCopy::of("good");
    site.edit(
        "site.yaml",
        "time_zone: Asia/Shanghai",
        "time_zone: Asia/Shanghai\ntheme: county",
    );
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let logo = "<p class=\"county-logo\">某某县人民政府</p>";
    let with_logo = base.replacen("<body>", &format!("<body>{logo}"), 1);
    assert_ne!(with_logo, base, "base.html has a <body>");
    site.write("themes/county/templates/base.html", with_logo);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/notices/hh-first/index.html");
    assert!(page.contains("某某县人民政府"), "{page}");
    let table = data_table(&page);
    assert!(table.contains("张元义"), "{table}");
    assert_eq!(
        table,
        data_table(&plain.read("public/notices/hh-first/index.html"))
    );
    for sheets in [
        "public/notices/hh-first/print/index.html",
        "public/regions/530623101201/print/index.html",
    ] {
        assert_eq!(site.read(sheets), plain.read(sheets), "{sheets}");
    }
}

#[test]
fn a_theme_carrying_a_retired_table_partial_is_told_to_delete_it() {
    let site = SiteCopy::of("good");
    site.write(
        "themes/default/templates/partials/table.html",
        "<table>{{ table.caption }}</table>",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("template-retired"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("themes/default/templates/partials/table.html"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("请删除这个文件"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn init_makes_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("county");
    let run = gongshi(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = gongshi(&[
        "build",
        "--root",
        dir.to_str().unwrap(),
        "--today",
        "2014-03-21",
        "--include-future",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(dir.join("public/notices/changgou-2014/index.html")).unwrap();
    assert!(page.contains("公示中，剩余 6 天"));
    // A second init refuses to overwrite.
    let run = gongshi(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2);
}

#[test]
fn leak_guard_stops_a_number_typed_into_free_text() {
    let site = built();
    let before = snapshot(&site.path("public"));
    site.edit(
        "content/notices/hh-second.md",
        "经乡人民政府审核",
        "户主张元义（身份证 53062319700312001X，电话 13800001234）经乡人民政府审核",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[leak-id-number]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("错误[leak-mobile]"));
    assert!(
        run.stderr.contains("content/notices/hh-second.md:12:"),
        "{}",
        run.stderr
    );
    // Named with the output file it would have reached (the page or its CMS fragment).
    assert!(run.stderr.contains("notices/hh-second/"), "{}", run.stderr);
    // The message itself does not repeat the whole number.
    assert!(!run.stderr.contains("未脱敏的身份证号（53062319700312001X"));
    assert_eq!(before, snapshot(&site.path("public")));
}

#[test]
fn rounds_show_households_added_and_removed_by_name() {
    let site = SiteCopy::of("good");
    let list = site.read("content/records/households/hh.yaml");
    // The township round drops 李秀英 and adds 王某.
    let second = list
        .replace("李秀英", "王某")
        .replace("\"530623197511200024\"", "\"530623196501010054\"");
    site.write("content/records/households/hh-township.yaml", second);
    site.edit(
        "content/notices/hh-second.md",
        "records: households/hh.yaml",
        "records: households/hh-township.yaml",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "public/notices/hh-first/index.html",
        "public/notices/hh-second/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("与上一轮相比：新增 1 户（王某）；移出 1 户（李秀英）"),
            "{page}: {html}"
        );
    }
}

#[test]
fn village_list_shows_the_criteria_each_village_meets() {
    let site = built();
    let html = site.read("public/notices/villages-2014/index.html");
    // 那迁村: 301/1290 = 23.33% ≥ 16.4%, income 2650 < 4737, no collective income.
    assert!(html.contains("23.33%"), "{html}");
    assert!(html.contains("一高、一低、一无"));
    // 河口村: 120/860 = 13.95% < 16.4%.
    assert!(html.contains("13.95%"));
    assert!(html.contains("一低、一无"));
    assert!(html.contains("认定标准——一高：贫困发生率不低于16.4%"));
}

#[test]
fn record_text_is_escaped_not_run() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/households/hh.yaml",
        "head: 张元义",
        "head: \"<script>alert(1)</script>张元义\"",
    );
    site.edit(
        "content/records/projects/2014.yaml",
        "manager: 杨某某",
        "manager: \"<img src=x onerror=alert(1)>\"",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notice = site.read("public/notices/hh-first/index.html");
    assert!(!notice.contains("<script>alert"));
    assert!(
        notice.contains("&lt;script&gt;alert(1)&lt;/script&gt;张元义"),
        "{notice}"
    );
    let project = site.read("public/projects/2014-001/index.html");
    assert!(!project.contains("<img"));
}

#[test]
fn sheet_pages_exist_for_every_notice_and_for_a_village_board() {
    let site = built();
    for slug in [
        "hh-first",
        "hh-second",
        "projects-2014",
        "villages-2014",
        "yulu",
    ] {
        let page = site.read(&format!("public/notices/{slug}/print/index.html"));
        assert!(page.contains("第 1 张"), "{slug}");
        assert!(page.contains("12317"));
        // The QR code of the portal URL, from base_url.
        assert!(page.contains("<svg"), "{slug}");
    }
    // The notice page links to its sheets.
    let notice = site.read("public/notices/hh-first/index.html");
    assert!(notice.contains("print/index.html"));
    assert!(notice.contains("打印张贴版"));
    // 长沟村's board on 2014-03-22: the first round (公示中), not the second, whose
    // period has not started (it would contradict the first on the same wall).
    let board = site.read("public/regions/530623101201/print/index.html");
    assert!(board.contains("长沟村2014年度贫困户识别结果公示(第一次)"));
    assert!(!board.contains("长沟村2014年度贫困户识别结果公示(第二次)"));
    assert!(!board.contains("贫困村名单公告"));
    // Masks hold on sheets too.
    let sheet = site.read("public/notices/hh-first/print/index.html");
    assert!(sheet.contains("530623********001X"));
}

#[test]
fn base_url_option_sets_the_qr_target_and_no_base_url_means_no_qr() {
    let site = SiteCopy::of("good");
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/\n",
        "",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site
            .read("public/notices/hh-first/print/index.html")
            .contains("<svg")
    );
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--base-url",
        "https://fp.example.gov.cn/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("public/notices/hh-first/print/index.html")
            .contains("<svg")
    );
}

#[test]
fn open_data_downloads_are_masked_and_open_in_excel() {
    let site = built();
    let csv = fs::read(site.path("public/notices/hh-first/data.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.trim_start_matches('\u{FEFF}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "户主姓名,身份证号,村民小组,家庭人口,人均纯收入(元),贫困户属性,致贫原因,联系电话"
    );
    assert_eq!(
        lines.next().unwrap(),
        "张元义,530623********001X,三组,4,2150,一般贫困户,因病、缺技术,138****1234"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.path("public/notices/hh-first/data.json")).unwrap())
            .unwrap();
    assert_eq!(json["tables"][0]["rows"][1][0], "李秀英");
    assert_eq!(json["tables"][0]["rows"][1][1], "530623********0024");
    let page = site.read("public/notices/hh-first/index.html");
    assert!(page.contains("data.csv") && page.contains("data.json"));
    // The fund summary too.
    assert!(site.read("public/funds/data.csv").contains("资金来源"));
    // No download for a notice without records: none here, but every records notice has one.
    assert!(site.path("public/notices/yulu/data.csv").is_file());
}

#[test]
fn feed_and_sitemap_are_valid_xml_with_absolute_urls() {
    let site = built();
    let feed = site.read("public/feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 7);
    let first_title = entries[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(first_title, "2014年雨露计划培训学员公示", "newest first");
    let id = entries[0]
        .children()
        .find(|n| n.has_tag_name("id"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(id, "https://fupin.example-county.test/fpgk/notices/yulu/");
    assert!(
        feed.contains("<updated>2014-09-01T00:00:00+08:00</updated>"),
        "{feed}"
    );

    let map = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&map).expect("sitemap.xml is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://fupin.example-county.test/fpgk/"));
    assert!(locs.contains(&"https://fupin.example-county.test/fpgk/projects/2014-001/"));
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://fupin.example-county.test/fpgk/"))
    );
}

#[test]
fn funds_and_projects_have_bar_charts_in_html_with_every_figure_written_out() {
    let site = built();
    let funds = site.read("public/funds/index.html");
    assert!(funds.contains("<ul class=chart>"), "{funds}");
    assert!(
        !funds.contains("<svg"),
        "no scaled drawing: text keeps its size"
    );
    assert!(funds.contains("<figcaption>项目资金按乡镇（单位：元）</figcaption>"));
    let project = site.read("public/projects/2014-001/index.html");
    let chart = &project[project.find("<ul class=chart>").unwrap()..];
    let chart = &chart[..chart.find("</ul>").unwrap()];
    for text in [
        "<span class=chart-label>省级财政扶贫资金</span>",
        "<span class=chart-value>46.30</span>",
        "<span class=chart-value>3.42</span>",
        "<span aria-hidden=true class=chart-track><span class=chart-bar style=\"width:100%\">",
    ] {
        assert!(chart.contains(text), "chart lacks {text}: {chart}");
    }
    // The only scripts are the theme's own large-text memory and search box, loaded
    // from files.
    let scripts: Vec<&str> = project
        .match_indices("<script")
        .map(|(i, _)| &project[i..])
        .collect();
    assert_eq!(scripts.len(), 2, "{project}");
    for (script, file) in scripts.iter().zip(["a11y.js", "search.js"]) {
        let tag = &script[..script.find("</script>").unwrap()];
        assert!(
            tag.contains(&format!("src=\"../../static/{file}\""))
                && tag.contains(" defer")
                && tag.ends_with('>'),
            "{tag}"
        );
        assert!(site.path(&format!("public/static/{file}")).is_file());
    }
}

#[test]
fn single_file_notices_carry_their_css_inline() {
    let site = SiteCopy::of("good");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("public/notices/hh-first/notice.html").exists());
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--single-file",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/notices/hh-first/notice.html");
    assert!(page.contains("<style>"), "CSS inline");
    assert!(!page.contains("stylesheet"), "no external stylesheet");
    assert!(page.contains("530623********001X"));
    assert!(page.contains("12317"));
    // The ordinary page still links the shared stylesheet.
    assert!(
        site.read("public/notices/hh-first/index.html")
            .contains("static/style.css")
    );
}

/// Runs `gongshi args` on a pseudo-terminal (util-linux `script`), as a clerk's
/// terminal would, returning everything it drew.
fn on_terminal(site: &SiteCopy, args: &str, env: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_gongshi");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qfec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(site.root())
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("util-linux `script` runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_bar_only_on_a_terminal_and_never_with_quiet() {
    let site = SiteCopy::of("good");
    let now = [("GONGSHI_PROGRESS_AFTER_MS", "0")];
    let drawn = on_terminal(&site, "build --today 2014-03-22", &now);
    assert!(drawn.contains("读取文件"), "{drawn}");
    assert!(drawn.contains("生成页面"), "{drawn}");
    assert!(drawn.contains("已生成"), "{drawn}");

    let quiet = on_terminal(&site, "build --quiet --today 2014-03-22", &now);
    assert!(
        !quiet.contains("读取文件") && !quiet.contains("已生成"),
        "{quiet}"
    );

    // A small site on a terminal is done before the default delay: no bar.
    let small = on_terminal(&site, "build --today 2014-03-22", &[]);
    assert!(!small.contains("读取文件"), "{small}");

    // Not a terminal: never a bar, whatever the delay.
    let piped = common::gongshi_with_env(
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--today",
            "2014-03-22",
            "--include-future",
        ],
        &now,
    );
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(!piped.stderr.contains("读取文件"), "{}", piped.stderr);
    assert!(!piped.stderr.contains('\r'));
}

/// A county with more notices than a page holds: its region page is split, every
/// notice is listed exactly once over the pages, the pages link to each other, and
/// the board keeps only recent ones with a link to the full list.
#[test]
fn long_lists_are_split_over_pages_and_the_board_stays_short() {
    let site = SiteCopy::of("good");
    site.add_announcements(130);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let village = "public/regions/530623101201";
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let mut page = 1;
    loop {
        let rel = if page == 1 {
            format!("{village}/index.html")
        } else {
            format!("{village}/page/{page}/index.html")
        };
        if !site.path(&rel).is_file() {
            break;
        }
        let html = site.read(&rel);
        for i in 0..130 {
            if html.contains(&format!("长沟村第{i}号公告<")) {
                *seen.entry(format!("{i}")).or_default() += 1;
            }
        }
        assert!(html.contains(&format!("第 {page} 页，共 3 页")), "{rel}");
        if page < 3 {
            assert!(
                html.contains(&format!("page/{}/index.html\" rel=next", page + 1)),
                "{rel}"
            );
        }
        page += 1;
    }
    assert_eq!(page - 1, 3, "137 notices at 50 a page");
    assert_eq!(seen.len(), 130);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
    // The page links are relative and resolve to files that exist.
    let last = site.read(&format!("{village}/page/3/index.html"));
    assert!(last.contains("../../../../regions/530623101201/page/2/index.html"));

    let board = site.read("public/index.html");
    let listed = (0..130)
        .filter(|i| board.contains(&format!("长沟村第{i}号公告<")))
        .count();
    assert_eq!(listed, 30, "the board shows the 30 newest announcements");
    assert!(board.contains("查看全部公示公告"));

    let sitemap_run = site.run(&["build", "--base-url", "https://x.example.cn/fp/"]);
    assert_eq!(sitemap_run.code, 0, "{}", sitemap_run.stderr);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://x.example.cn/fp/regions/530623101201/page/3/</loc>"));
    // The feed carries the newest 100 of the 137 notices; the sitemap lists them all.
    let feed = site.read("public/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 100);
    assert!(
        feed.contains("2014年雨露计划培训学员公示"),
        "the newest is in"
    );
    assert!(!feed.contains("识别结果公示(第一次)"), "the oldest is not");
    assert!(sitemap.contains("/notices/extra-000/</loc>"));
}
