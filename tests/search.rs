//! The search box, as a reader uses it: real headless Chromium typing into the box of
//! a built site served by a plain static file server (std TcpListener, counting the
//! bytes it sends), opened from disk (file://), and served by `gongshi serve` while a
//! notice is edited.

mod common;
mod serve_support;

use common::SiteCopy;
use headless_chrome::Tab;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A plain static file server: GET only, files as they are, no compression, the query
/// string ignored.
struct StaticServer {
    addr: SocketAddr,
}

impl StaticServer {
    fn start(dir: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let dir = dir.clone();
                std::thread::spawn(move || answer(stream, &dir));
            }
        });
        StaticServer { addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }
}

fn answer(mut stream: std::net::TcpStream, dir: &Path) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let path = percent_decode(path.trim_start_matches('/'));
    let file: PathBuf = dir.join(if path.is_empty() { "index.html" } else { &path });
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(body) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const WAIT: Duration = Duration::from_secs(15);

fn eval(tab: &Tab, expr: &str) -> String {
    let value = tab.evaluate(expr, false).ok().and_then(|r| r.value);
    match value {
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let started = Instant::now();
    while eval(tab, "String(!!document.getElementById('site-search-q'))") != "true" {
        assert!(started.elapsed() < WAIT, "no search box on {url}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What the results panel shows once a search has finished.
#[derive(Debug)]
struct Results {
    status: String,
    /// Title and link of each result shown.
    hits: Vec<(String, String)>,
}

impl Results {
    fn count(&self) -> usize {
        self.status
            .strip_prefix("找到 ")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    fn links(&self) -> Vec<&str> {
        self.hits.iter().map(|(_, l)| l.as_str()).collect()
    }
}

/// Waits for the search started by `start` (JavaScript run in the page) to finish.
fn finished(tab: &Tab, start: &str) -> Results {
    eval(
        tab,
        "(function(){var s=document.querySelector('.search-status');if(s)s.textContent='';})()",
    );
    eval(tab, start);
    let started = Instant::now();
    loop {
        let json = eval(
            tab,
            "JSON.stringify({status:(document.querySelector('.search-status')||{}).textContent||'',\
             hits:Array.prototype.map.call(document.querySelectorAll('.search-hit a'),\
             function(a){return [a.textContent,a.getAttribute('href')];})})",
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let status = v["status"].as_str().unwrap_or_default().to_string();
        let hits: Vec<(String, String)> = v["hits"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|h| {
                        (
                            h[0].as_str().unwrap_or_default().to_string(),
                            // Relative to the page: compared from the site root.
                            h[1].as_str().unwrap_or_default().replace("../", ""),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let r = Results { status, hits };
        let done = r.status.starts_with("没有找到")
            || (r.status.starts_with("找到") && r.hits.len() == r.count().min(20));
        if done {
            return r;
        }
        assert!(started.elapsed() < WAIT, "search did not finish: {r:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Types `query` into the box.
fn search(tab: &Tab, query: &str) -> Results {
    let q = serde_json::to_string(query).unwrap();
    finished(
        tab,
        &format!(
            "(function(){{var i=document.getElementById('site-search-q');i.value={q};\
             i.dispatchEvent(new Event('input'));}})()"
        ),
    )
}

/// Chooses `value` in the filter `name` (township, village, year, kind, stage, status).
fn filter(tab: &Tab, name: &str, value: &str) -> Results {
    let offered = eval(
        tab,
        &format!(
            "String(Array.prototype.some.call(document.getElementById('site-search-{name}').options,\
             function(o){{return o.value==='{value}';}}))"
        ),
    );
    assert_eq!(offered, "true", "{name} offers no {value:?}");
    finished(
        tab,
        &format!(
            "(function(){{var s=document.getElementById('site-search-{name}');s.value='{value}';\
             s.dispatchEvent(new Event('change'));}})()"
        ),
    )
}

/// Every household head and beneficiary named in the site's lists.
fn people(site: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for dir in ["households", "beneficiaries"] {
        for entry in std::fs::read_dir(site.join("content/records").join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split(['\n', '{', ',']) {
                let part = part.trim().trim_start_matches("- ");
                for key in ["head:", "name:"] {
                    if let Some(name) = part.strip_prefix(key) {
                        names.push(name.trim().trim_matches('"').to_string());
                    }
                }
            }
        }
    }
    assert!(names.len() >= 4, "{names:?}");
    names
}

/// The fixture, with a notice body that names a household head (as real bodies do:
/// “拟确定张元义等2户”), built as of 2014-03-22.
fn built_fixture() -> SiteCopy {
    let site = SiteCopy::of("good");
    site.edit(
        "content/notices/hh-first.md",
        "现将拟确定的贫困户名单公示如下。",
        "拟确定张元义等2户为贫困户，现将拟确定的贫困户名单公示如下。",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// What every way of serving the site must find.
fn finds_what_a_reader_looks_for(tab: &Tab, site: &Path) {
    // A village name: the village first, then its notices, newest first.
    let r = search(tab, "长沟");
    assert_eq!(
        r.hits[0],
        ("长沟村".into(), "regions/530623101201/index.html".into()),
        "{r:?}"
    );
    let links = r.links();
    let second = links
        .iter()
        .position(|l| *l == "notices/hh-second/index.html");
    let first = links
        .iter()
        .position(|l| *l == "notices/hh-first/index.html");
    assert!(
        second.is_some() && first.is_some() && second < first,
        "{r:?}"
    );
    // One character.
    let r = search(tab, "沟");
    assert!(r.links().contains(&"notices/hh-first/index.html"), "{r:?}");
    // A project name finds its project page.
    let r = search(tab, "核桃种植");
    assert_eq!(r.links()[0], "projects/2014-002/index.html", "{r:?}");
    // A cause of poverty the list has (not any row of it).
    let r = search(tab, "因病");
    assert!(r.links().contains(&"notices/hh-first/index.html"), "{r:?}");
    assert!(!r.links().contains(&"notices/yulu/index.html"), "{r:?}");
    // Mixed, with a full-width space.
    let r = search(tab, "2014　项目");
    assert!(
        r.links().contains(&"notices/projects-2014/index.html"),
        "{r:?}"
    );
    assert!(r.links().contains(&"projects/2014-001/index.html"), "{r:?}");
    assert!(!r.links().contains(&"notices/hh-first/index.html"), "{r:?}");

    // Filters narrow the results, and every result is in what was chosen.
    let all = search(tab, "2014");
    let kind = filter(tab, "kind", "公告");
    assert!(
        kind.count() >= 1 && kind.count() < all.count(),
        "{kind:?} of {all:?}"
    );
    assert!(
        kind.hits.iter().all(|(t, _)| t.contains("公告")),
        "{kind:?}"
    );
    // An announcement's line says 公告 once (its kind is its status).
    let line = eval(
        tab,
        "document.querySelector('.search-hit .search-meta').textContent",
    );
    assert_eq!(line.matches("公告").count(), 1, "{line}");
    filter(tab, "kind", "");
    let township = filter(tab, "township", "530623101000");
    assert!(township.count() < all.count(), "{township:?}");
    assert!(township.links().contains(&"notices/hh-first/index.html"));
    assert!(!township.links().contains(&"notices/yulu/index.html"));
    let village = filter(tab, "village", "530623101202");
    assert!(village.count() < township.count(), "{village:?}");
    assert!(!village.links().contains(&"notices/hh-first/index.html"));
    filter(tab, "village", "");
    let stage = filter(tab, "stage", "村级");
    assert!(
        stage.count() >= 1 && stage.count() < township.count(),
        "{stage:?}"
    );
    filter(tab, "stage", "");
    filter(tab, "township", "");
    let active = filter(tab, "status", "公示中");
    assert!(
        active.count() >= 1 && active.count() < all.count(),
        "{active:?}"
    );
    assert!(active.links().contains(&"notices/hh-first/index.html"));
    filter(tab, "status", "");
    let year = filter(tab, "year", "2014");
    assert_eq!(year.count(), all.count());

    // Nobody is found by name: not in a list, not in a body that names them.
    filter(tab, "year", "");
    for name in people(site) {
        let r = search(tab, &name);
        assert!(r.status.starts_with("没有找到"), "{name}: {r:?}");
    }
}

#[test]
fn a_plain_static_server_and_a_folder_on_disk_search_the_built_site() {
    let site = built_fixture();
    let public = site.path("public");
    let index_text: String = walkdir::WalkDir::new(public.join("search"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    // The body said 张元义: the page shows it, the index does not hold it.
    assert!(
        site.read("public/notices/hh-first/index.html")
            .contains("张元义")
    );
    for name in people(site.root()) {
        assert!(!index_text.contains(&name), "{name} is in the index");
    }
    // The build's leak guard passed them (the build succeeded); so does the
    // independent scanner.
    common::assert_independent_scanner_finds_nothing(&public.join("search"));

    let server = StaticServer::start(&public);
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("notices/hh-first/index.html"));
    finds_what_a_reader_looks_for(&tab, site.root());
    // From a page deeper in the site, links still lead to the right place.
    open(&tab, &server.url("projects/2014-001/index.html"));
    search(&tab, "长沟");
    let href = eval(
        &tab,
        "document.querySelector('.search-hit a').getAttribute('href')",
    );
    assert_eq!(href, "../../regions/530623101201/index.html");

    // From disk, without a server.
    open(&tab, &format!("file://{}/index.html", public.display()));
    finds_what_a_reader_looks_for(&tab, site.root());
}

#[test]
fn without_javascript_the_box_links_the_list_of_every_notice() {
    let site = built_fixture();
    let public = site.path("public");
    for page in [
        "index.html",
        "notices/hh-first/index.html",
        "funds/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        let root = "../".repeat(page.matches('/').count());
        let quoted = format!("<a href=\"{root}notices/index.html\" class=search-fallback>");
        let bare = format!("<a href={root}notices/index.html class=search-fallback>");
        assert!(
            html.contains(&quoted) || html.contains(&bare),
            "{page}: {html}"
        );
    }
    assert!(public.join("notices/index.html").is_file());
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true },
    )
    .unwrap();
    tab.navigate_to(&format!("file://{}/index.html", public.display()))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let shown = tab
        .find_element(".search-fallback")
        .unwrap()
        .get_box_model()
        .map(|b| b.width > 0.0)
        .unwrap_or(false);
    assert!(shown, "the link is visible");
    assert!(
        tab.find_element("#site-search-q").is_err(),
        "no box without script"
    );
}

#[test]
fn the_preview_searches_what_was_just_saved() {
    let site = SiteCopy::of("good");
    let server = serve_support::Server::start(site.root(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/index.html"));
    finds_what_a_reader_looks_for(&tab, site.root());
    assert!(search(&tab, "鸡枞").status.starts_with("没有找到"));

    let before = server.get("/search/meta.js").body;
    serve_support::rename_edit(
        &site.path("content/notices/hh-first.md"),
        "title: 长沟村2014年度贫困户识别结果公示(第一次)",
        "title: 长沟村2014年度鸡枞菌种植户识别结果公示(第一次)",
    );
    server.poll("/search/meta.js", "a new index", |r| r.body != before);
    // A small rebuild rendered the index again, not a full one.
    let said = server.output();
    assert!(
        said.contains("已重新生成（增量）") && !said.contains("（全量）"),
        "{said}"
    );
    let r = search(&tab, "鸡枞");
    assert_eq!(r.links(), ["notices/hh-first/index.html"], "{r:?}");
    assert_eq!(
        r.hits[0].0,
        "长沟村2014年度鸡枞菌种植户识别结果公示(第一次)"
    );
}
