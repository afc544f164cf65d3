//! Government-site conventions (#16 §1): the portal's footer line and page metadata,
//! the HTML site map, 404.html, robots.txt, the list of every notice, the `check`
//! warnings about the portal settings, and an announcement's facts.

mod common;

use common::{SiteCopy, gongshi, snapshot};
use std::collections::{BTreeMap, BTreeSet};

const PORTAL: &str = "portal:
  site_code: \"5306230001\"
  domain: www.ceshi.gov.cn
  sponsor: 测试县人民政府办公室
  organizer: 测试县扶贫开发领导小组办公室
  icp: 滇ICP备05001234号
  police: 滇公网安备 53062302000123号
  conac_url: https://bszs.conac.cn/sitename?method=show&id=1
  error_report_url: https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5306230001
";

/// The good fixture with a portal block after its contact line.
fn with_portal(portal: &str) -> SiteCopy {
    let site = SiteCopy::of("good");
    let settings = site.read("site.yaml");
    let contact = settings
        .lines()
        .find(|l| l.starts_with("contact:"))
        .unwrap()
        .to_string();
    site.edit("site.yaml", &contact, &format!("{contact}\n{portal}"));
    site
}

fn build(site: &SiteCopy) {
    let run = site.build();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
}

/// The `<meta name content>` pairs of a page, in order (minified or not).
fn metas(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices("<meta ") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        let attr = |name: &str| {
            let at = tag.find(&format!("{name}="))? + name.len() + 1;
            let rest = &tag[at..];
            Some(match rest.strip_prefix('"') {
                Some(q) => q[..q.find('"').unwrap()].to_string(),
                None => rest.split([' ', '>']).next().unwrap().to_string(),
            })
        };
        if let (Some(name), Some(content)) = (attr("name"), attr("content")) {
            out.push((name, content));
        }
    }
    out
}

fn meta<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, c)| c.as_str())
}

/// Every `href` of a page, resolved against the page's own path in the output.
fn links(page: &str, html: &str) -> BTreeSet<String> {
    let dir: Vec<&str> = page.split('/').collect();
    let dir = &dir[..dir.len() - 1];
    let mut out = BTreeSet::new();
    for (i, _) in html.match_indices("href=") {
        let rest = &html[i + 5..];
        let value = match rest.strip_prefix('"') {
            Some(q) => &q[..q.find('"').unwrap()],
            None => rest.split([' ', '>']).next().unwrap(),
        };
        if value.contains(':') || value.starts_with('#') {
            continue;
        }
        let mut parts: Vec<&str> = dir.to_vec();
        for part in value.split('/') {
            match part {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                p => parts.push(p),
            }
        }
        out.insert(parts.join("/"));
    }
    out
}

#[test]
fn the_footer_and_metadata_show_the_portal_settings() {
    let site = with_portal(PORTAL);
    build(&site);
    let board = site.read("public/index.html");
    let footer = &board[board.find("<footer").unwrap()..];
    // In the order county portals use.
    let order = [
        "主办单位：测试县人民政府办公室",
        "承办单位：测试县扶贫开发领导小组办公室",
        "网站标识码：5306230001",
        "滇ICP备05001234号",
        "滇公网安备 53062302000123号",
        "网站地图",
        "党政机关网站标识",
        "我为政府网站找错",
    ];
    let places: Vec<usize> = order
        .iter()
        .map(|t| footer.find(t).unwrap_or_else(|| panic!("footer lacks {t}")))
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{footer}");
    assert!(
        footer.contains("href=\"https://beian.miit.gov.cn/\""),
        "{footer}"
    );
    assert!(footer.contains(
        "href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=53062302000123\""
    ));
    assert!(
        footer.contains("href=sitemap/index.html")
            || footer.contains("href=\"sitemap/index.html\"")
    );
    // Plain links: no third-party script unless asked for.
    for (rel, bytes) in snapshot(&site.path("public")) {
        if rel.ends_with(".html") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("jiucuo.js"), "{rel} loads a script");
        }
    }

    let m = metas(&board);
    assert_eq!(meta(&m, "SiteName"), Some("测试县扶贫开发信息公开"));
    assert_eq!(meta(&m, "SiteDomain"), Some("www.ceshi.gov.cn"));
    assert_eq!(meta(&m, "SiteIDCode"), Some("5306230001"));
    assert_eq!(meta(&m, "ColumnType"), Some("信息发布"));
    assert!(meta(&m, "ColumnName").is_some() && meta(&m, "ColumnDescription").is_some());
    for list in [
        "public/regions/530623101201/index.html",
        "public/notices/index.html",
        "public/funds/index.html",
    ] {
        let m = metas(&site.read(list));
        for name in [
            "SiteIDCode",
            "ColumnName",
            "ColumnDescription",
            "ColumnKeywords",
            "ColumnType",
        ] {
            assert!(meta(&m, name).is_some(), "{list} lacks {name}");
        }
        assert!(meta(&m, "ArticleTitle").is_none(), "{list}");
    }
    let m = metas(&site.read("public/regions/530623101201/index.html"));
    assert_eq!(meta(&m, "ColumnName"), Some("长沟村"));

    let m = metas(&site.read("public/notices/hh-first/index.html"));
    assert_eq!(meta(&m, "SiteIDCode"), Some("5306230001"));
    assert_eq!(
        meta(&m, "ArticleTitle"),
        Some("长沟村2014年度贫困户识别结果公示(第一次)")
    );
    assert_eq!(meta(&m, "PubDate"), Some("2014-03-20"));
    assert_eq!(meta(&m, "ContentSource"), Some("长沟村村民委员会"));
    assert!(meta(&m, "Keywords").unwrap().contains("长沟村"));
    assert!(meta(&m, "Description").is_some());
    assert_eq!(
        meta(&m, "Url"),
        Some("https://fupin.example-county.test/fpgk/notices/hh-first/")
    );
    assert!(meta(&m, "ColumnName").is_none());
    let m = metas(&site.read("public/projects/2014-001/index.html"));
    assert_eq!(meta(&m, "ArticleTitle"), Some("那迁村半山小组整村推进"));
    assert_eq!(
        meta(&m, "Url"),
        Some("https://fupin.example-county.test/fpgk/projects/2014-001/")
    );

    // Asked for: the official scripts instead of the links, but never in the
    // single-file notices (which carry no script at all).
    let site = with_portal(&format!(
        "{PORTAL}  scripts: true\n  conac_script: https://dcs.conac.cn/js/25/000/0000/1/CA1.js\n"
    ));
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--single-file",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let board = site.read("public/index.html");
    assert!(
        board.contains("https://zfwzgl.www.gov.cn/exposure/jiucuo.js"),
        "{board}"
    );
    assert!(
        board.contains("sitecode=5306230001") || board.contains("sitecode=\"5306230001\""),
        "{board}"
    );
    assert!(board.contains("https://dcs.conac.cn/js/25/000/0000/1/CA1.js"));
    assert!(!board.contains("我为政府网站找错</a>"));
    let single = site.read("public/notices/hh-first/notice.html");
    assert!(!single.contains("<script"), "{single}");
    assert!(single.contains("我为政府网站找错"));
}

#[test]
fn without_a_portal_block_there_is_no_portal_tag_and_no_empty_one() {
    let site = SiteCopy::of("good");
    build(&site);
    for (rel, bytes) in snapshot(&site.path("public")) {
        if !rel.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let m = metas(&text);
        for (name, content) in &m {
            assert!(!content.trim().is_empty(), "{rel}: empty {name}");
        }
        for name in ["SiteIDCode", "SiteDomain"] {
            assert!(meta(&m, name).is_none(), "{rel} has {name}");
        }
        for absent in [
            "网站标识码",
            "承办单位",
            "ICP",
            "公网安备",
            "党政机关",
            "找错",
        ] {
            assert!(!text.contains(absent), "{rel} shows {absent}");
        }
        assert!(
            !text.contains("content=\"\"") && !text.contains("content=>"),
            "{rel}"
        );
    }
    let board = site.read("public/index.html");
    // The issuer stands as 主办单位; the site map is linked all the same.
    assert!(board.contains("主办单位：测试县扶贫开发领导小组办公室"));
    assert!(board.contains("网站地图"));
    let m = metas(&board);
    assert_eq!(meta(&m, "SiteName"), Some("测试县扶贫开发信息公开"));
    // Without base_url a notice has no Url.
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/\n",
        "",
    );
    build(&site);
    let m = metas(&site.read("public/notices/hh-first/index.html"));
    assert!(meta(&m, "Url").is_none());
    assert!(meta(&m, "ArticleTitle").is_some());
}

#[test]
fn the_site_map_links_every_page() {
    let site = SiteCopy::of("good");
    // Enough notices to split the lists over pages.
    site.add_announcements(130);
    build(&site);
    let out = site.path("public");
    let map = std::fs::read_to_string(out.join("sitemap/index.html")).unwrap();
    let linked = links("sitemap/index.html", &map);
    let pages: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|rel| rel.ends_with(".html"))
        .collect();
    assert!(pages.len() > 150, "{}", pages.len());
    assert!(
        pages.contains(&"notices/index_3.html".to_string()),
        "{pages:?}"
    );
    assert!(pages.contains(&"regions/530623101201/page/3/index.html".to_string()));
    assert!(pages.contains(&"regions/530623101201/print/index.html".to_string()));
    for page in &pages {
        // The map itself, the page a server shows for a missing address, and the CMS
        // fragments (pieces for the portal's editor, not pages of this site).
        if page == "sitemap/index.html" || page == "404.html" || page.ends_with("/fragment.html") {
            continue;
        }
        assert!(linked.contains(page), "the site map does not link {page}");
    }
    // And links nothing that is not there.
    for link in &linked {
        assert!(
            out.join(link).is_file(),
            "the site map links {link}, which is missing"
        );
    }
    // Linked from the footer of every page.
    let notice = site.read("public/notices/hh-first/index.html");
    assert!(links("notices/hh-first/index.html", &notice).contains("sitemap/index.html"));
}

#[test]
fn not_found_page_and_robots_txt() {
    let site = SiteCopy::of("good");
    build(&site);
    let robots = site.read("public/robots.txt");
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\nSitemap: https://fupin.example-county.test/fpgk/sitemap.xml\n"
    );
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("找不到页面"));
    // Served at any depth: its links go from the site's address.
    assert!(not_found.contains("https://fupin.example-county.test/fpgk/index.html"));
    assert!(not_found.contains("https://fupin.example-county.test/fpgk/static/style.css"));
    // The XML sitemap lists the new pages too.
    let xml = site.read("public/sitemap.xml");
    for url in ["fpgk/notices/</loc>", "fpgk/sitemap/</loc>"] {
        assert!(xml.contains(url), "{url}: {xml}");
    }

    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/\n",
        "",
    );
    build(&site);
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nAllow: /\n");
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("href=index.html") || not_found.contains("href=\"index.html\""));
}

#[test]
fn the_all_notices_page_lists_every_issued_notice_once_by_year() {
    let site = SiteCopy::of("good");
    // Earlier years, and more than one page in all.
    for (i, year) in [2012, 2013, 2013].iter().enumerate() {
        site.write(
            &format!("content/notices/old-{i}.md"),
            format!(
                "---\ntitle: 往年公告{i}\nkind: announcement\nstage: county\nregion: \"530623101201\"\ndate: {year}-06-0{}\n---\n正文。\n",
                i + 1
            ),
        );
    }
    site.add_announcements(60);
    // As of 2014-03-22 without --include-future: the later notices are held back.
    let run = site.run(&["build", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let issued: BTreeSet<String> = snapshot(&site.path("public"))
        .into_keys()
        .filter_map(|rel| {
            let slug = rel.strip_prefix("notices/")?.strip_suffix("/index.html")?;
            (!slug.contains('/')).then(|| slug.to_string())
        })
        .collect();
    assert!(issued.contains("hh-first") && issued.contains("old-0"));
    assert!(!issued.contains("hh-second"), "held back");
    assert!(!issued.contains("extra-000"), "held back");

    // Every page of the list, in order; each notice's link and the year headings.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut years: Vec<i32> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut n = 1;
    loop {
        let page = if n == 1 {
            "notices/index.html".to_string()
        } else {
            format!("notices/index_{n}.html")
        };
        let Ok(html) = std::fs::read_to_string(site.path("public").join(&page)) else {
            break;
        };
        for (i, _) in html.match_indices("<h2 id=") {
            let id = html[i + 7..].trim_start_matches('"');
            let Some(year) = id.strip_prefix("year-") else {
                continue;
            };
            let year: i32 = year[..4].parse().unwrap();
            if years.last() != Some(&year) {
                years.push(year);
            }
        }
        for (i, _) in html.match_indices("<h3 class=notice-title><a href=") {
            let rest = &html[i..];
            let slug = rest
                .split("notices/")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap();
            *seen.entry(slug.to_string()).or_default() += 1;
            order.push(slug.to_string());
        }
        n += 1;
    }
    assert_eq!(n - 1, 1, "3 old and 2 issued notices fill one page");
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), issued);
    assert!(seen.values().all(|c| *c == 1), "{seen:?}");
    assert_eq!(years, [2014, 2013, 2012]);
    assert_eq!(order.first().map(String::as_str), Some("hh-first"));
    assert_eq!(order.last().map(String::as_str), Some("old-0"));

    // With every notice (the preview, --include-future): paged like a region's list.
    build(&site);
    let first = site.read("public/notices/index.html");
    assert!(first.contains("共 70 条"), "{first}");
    assert!(first.contains("第 1 页，共 2 页"));
    assert!(site.path("public/notices/index_2.html").is_file());
    let second = site.read("public/notices/index_2.html");
    assert!(second.contains("往年公告0") && !first.contains("往年公告0"));
    // Linked from the main navigation of every page.
    assert!(
        site.read("public/funds/index.html")
            .contains("全部公示公告</a>")
    );
}

#[test]
fn check_warns_about_http_and_missing_portal_fields() {
    let site = with_portal("portal:\n  domain: www.ceshi.gov.cn\n  icp: \"\"\n");
    site.edit(
        "site.yaml",
        "base_url: https://fupin.example-county.test/fpgk/",
        "base_url: http://fupin.example-county.test/fpgk/",
    );
    let run = site.run(&["check", "--today", "2014-03-22"]);
    assert_eq!(run.code, 0, "only warnings: {}", run.stderr);
    let settings = site.read("site.yaml");
    let line_of = |start: &str| 1 + settings.lines().position(|l| l.starts_with(start)).unwrap();
    let expect = [
        (
            "base-url-http",
            format!("site.yaml:{}:11", line_of("base_url:")),
        ),
        // site_code is not there at all: the portal block is pointed at.
        (
            "portal-field-missing",
            format!("site.yaml:{}:3", line_of("  domain:")),
        ),
        // icp is there but empty: its value is.
        (
            "portal-field-missing",
            format!("site.yaml:{}:8", line_of("  icp:")),
        ),
    ];
    let lines: Vec<&str> = run.stderr.lines().collect();
    for (code, at) in &expect {
        let found = lines
            .windows(2)
            .any(|w| w[0].starts_with(&format!("警告[{code}]")) && w[1] == format!("  --> {at}"));
        assert!(found, "no {code} at {at}:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("网站标识码（site_code）"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ICP备案号（icp）"));
    assert!(
        run.stderr
            .contains("https://fupin.example-county.test/fpgk/")
    );
    assert!(
        run.stderr.contains("共 0 个错误，3 个警告"),
        "{}",
        run.stderr
    );

    let run = site.run(&["check", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("base-url-http"));

    // Only with a portal block; and http given on the command line counts too.
    let site = SiteCopy::of("good");
    let run = site.run(&[
        "check",
        "--today",
        "2014-03-22",
        "--base-url",
        "http://fp.ceshi.gov.cn/",
    ]);
    assert!(
        !run.stderr.contains("portal-field-missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "警告[base-url-http]: 生成时用 --base-url 指定的网站地址“http://fp.ceshi.gov.cn/”"
        ),
        "{}",
        run.stderr
    );
    // A complete block, https: clean.
    let site = with_portal(PORTAL);
    let run = site.run(&["check", "--today", "2014-03-22", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A script: address is refused.
    let site = with_portal(
        "portal:\n  site_code: \"5306230001\"\n  icp: 滇ICP备05001234号\n  error_report_url: javascript:alert(1)\n",
    );
    let run = site.run(&["check", "--today", "2014-03-22"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("错误[portal-url-invalid]"),
        "{}",
        run.stderr
    );
    let _ = gongshi;
}

#[test]
fn an_announcement_has_a_kind_and_no_publicity_stage() {
    let site = SiteCopy::of("good");
    build(&site);
    let page = site.read("public/notices/villages-2014/index.html");
    assert!(!page.contains("公示阶段"), "{page}");
    assert!(page.contains("<dt>类别</dt><dd>公告</dd>"), "{page}");
    assert!(!page.contains("县级公告"));
    let publicity = site.read("public/notices/hh-first/index.html");
    assert!(
        publicity.contains("<dt>公示阶段</dt><dd>村级公示</dd>"),
        "{publicity}"
    );
    // Cards say 公告 alone too.
    let board = site.read("public/index.html");
    assert!(!board.contains("县级公告"), "{board}");
}
