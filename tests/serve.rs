//! `gongshi serve` over real HTTP: what it serves and what it refuses, the reload
//! channel, a bad edit and its overlay, and a clean stop on Ctrl-C.

mod common;
mod serve_support;

use common::{SiteCopy, gongshi};
use serve_support::{Server, WAIT, rename_edit};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Instant;

const NOTICE: &str = "/notices/hh-first/index.html";
const HOUSEHOLDS: &str = "content/records/households/hh.yaml";
const PROJECTS: &str = "content/records/projects/2014.yaml";

#[test]
fn serves_output_files_with_the_reload_script_only_when_serving() {
    let site = SiteCopy::of("good");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("preview");
    let server = Server::start(
        site.root(),
        &[
            "--output",
            output.to_str().unwrap(),
            "--base-url",
            "https://base.example/fp/",
        ],
    );

    let page = server.get(NOTICE);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains("张元义"));
    assert!(page.body.contains("EventSource"), "reload script injected");
    assert!(
        !page.body.contains("gongshi-overlay"),
        "no overlay after a good build"
    );

    // The same page on disk has no script: it is added only on the way out.
    let on_disk = fs::read_to_string(output.join("notices/hh-first/index.html")).unwrap();
    assert!(on_disk.contains("张元义"));
    assert!(!on_disk.contains("EventSource") && !on_disk.contains("__gongshi"));

    // Folders serve their index.html; without the slash they redirect to it.
    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("EventSource"));
    assert_eq!(server.get("/notices/hh-first/").status, 200);
    let redirect = server.get("/notices/hh-first");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/notices/hh-first/"));

    // Other files keep their type and get no script.
    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(!css.body.contains("EventSource"));

    // Unknown paths: a Chinese 404 page, which also listens for the next build.
    let missing = server.get("/notices/no-such-notice/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("找不到页面"));
    assert!(missing.body.contains("EventSource"));

    // The build options of `gongshi build` apply to the preview too.
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(sitemap.body.contains("https://base.example/fp/"));

    // Only GET and HEAD.
    let post = server.request("POST", "/", &server.addr.to_string());
    assert_eq!(post.status, 405);
    let head = server.request("HEAD", NOTICE, &server.addr.to_string());
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn nothing_outside_the_output_folder_can_be_reached() {
    let site = SiteCopy::of("good");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("preview");
    let server = Server::start(site.root(), &["--output", output.to_str().unwrap()]);

    // A secret beside the output folder, and symbolic links inside it pointing out.
    fs::write(out.path().join("secret.txt"), "SECRET-BESIDE").unwrap();
    std::os::unix::fs::symlink(out.path().join("secret.txt"), output.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(out.path(), output.join("up")).unwrap();
    std::os::unix::fs::symlink("/etc", output.join("etc")).unwrap();
    // A link that stays inside is fine.
    std::os::unix::fs::symlink(output.join("index.html"), output.join("home.html")).unwrap();
    assert_eq!(server.get("/home.html").status, 200);

    for path in [
        "/../secret.txt",
        "/notices/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2F../secret.txt",
        "/%2F..%2Fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5Csecret.txt",
        "/notices/%2e%2e/%2e%2e/secret.txt",
        "/link.txt",
        "/up/secret.txt",
        "/etc/passwd",
        "/etc/hostname",
        "/%00",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("SECRET-BESIDE"), "{path}");
        assert!(!r.body.contains("root:"), "{path}");
        assert!(r.body.contains("找不到页面"), "{path}");
    }
    // An absolute-form request target names the same paths and is confined alike.
    let r = server.get(&format!("http://{}/../secret.txt", server.addr));
    assert!(!r.body.contains("SECRET-BESIDE"));

    // A page elsewhere cannot read the preview by pointing its own name at 127.0.0.1.
    let rebound = server.request("GET", NOTICE, "evil.example:1111");
    assert_eq!(rebound.status, 403);
    assert!(!rebound.body.contains("张元义"));
    assert_eq!(
        server
            .request("GET", NOTICE, &format!("localhost:{}", server.addr.port()))
            .status,
        200
    );
}

#[test]
fn build_output_carries_no_reload_script() {
    let site = SiteCopy::of("good");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        seen += 1;
        let bytes = fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "EventSource",
            "__gongshi",
            "gongshi-reload",
            "gongshi-overlay",
        ] {
            assert!(
                !text.contains(needle),
                "{} contains {needle}",
                entry.path().display()
            );
        }
    }
    assert!(seen > 10);
}

/// Reads server-sent events from the live-reload channel.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /__gongshi/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains(" 200 "), "{line}");
        Events { reader }
    }

    /// The data of the next `build` event.
    fn next_build(&mut self) -> String {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event within time");
            assert!(n > 0, "event stream ended");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:")
                && event == "build"
            {
                return data.trim().to_string();
            }
        }
    }
}

#[test]
fn a_bad_edit_keeps_the_last_pages_and_shows_the_problems_until_fixed() {
    let site = SiteCopy::of("good");
    let server = Server::start(site.root(), &[]);
    let mut events = Events::open(&server);
    let first = events.next_build();

    // A good rename-save: rebuilt, announced, and the page shows it.
    rename_edit(&site.path(HOUSEHOLDS), "张元义", "张元礼");
    let second = events.next_build();
    assert_ne!(first, second);
    server.poll(NOTICE, "the new name", |r| r.body.contains("张元礼"));
    server.wait_for_output("已重新生成", 1);
    assert!(server.output().contains("毫秒"), "rebuild time is printed");

    // Fund sources that no longer add up: the build fails.
    rename_edit(&site.path(PROJECTS), "total: 79.72万元", "total: 79.73万元");
    let third = events.next_build();
    assert_ne!(second, third);
    let page = server.poll(NOTICE, "the overlay", |r| {
        r.body.contains("gongshi-overlay")
    });
    assert!(page.body.contains("张元礼"), "the last good page stays");
    assert!(page.body.contains("content/records/projects/2014.yaml:"));
    assert!(page.body.contains("funds-sum-mismatch"));
    assert!(page.body.contains("预览未更新"));
    // The terminal shows the same problem, compiler-style.
    // (stdout and stderr are read apart: wait for each.)
    server.wait_for_output("生成失败", 1);
    server.wait_for_output("--> content/records/projects/2014.yaml:", 1);
    // Pages that do not exist (yet) show it too.
    let missing = server.get("/notices/not-yet/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("funds-sum-mismatch"));

    // Broken YAML in the settings: still served, still explained.
    rename_edit(&site.path("site.yaml"), "title: ", "title: [");
    events.next_build();
    let page = server.poll(NOTICE, "the settings problem", |r| {
        r.body.contains("gongshi-overlay") && r.body.contains("site.yaml")
    });
    assert!(page.body.contains("张元礼"));
    rename_edit(&site.path("site.yaml"), "title: [", "title: ");
    events.next_build();

    // Fixed: the overlay goes, the page reloads to the good build.
    rename_edit(&site.path(PROJECTS), "total: 79.73万元", "total: 79.72万元");
    events.next_build();
    let page = server.poll(NOTICE, "the overlay to go", |r| {
        !r.body.contains("gongshi-overlay")
    });
    assert!(page.body.contains("张元礼"));
}

#[test]
fn new_and_deleted_files_are_picked_up() {
    let site = SiteCopy::of("good");
    let server = Server::start(site.root(), &[]);
    let copy = site.read("content/notices/hh-first.md").replace(
        "长沟村2014年度贫困户识别结果公示(第一次)",
        "长沟村2014年度贫困户识别结果公示(副本)",
    );
    site.write("content/notices/hh-copy.md", &copy);
    let page = server.poll("/notices/hh-copy/", "the new notice", |r| r.status == 200);
    assert!(page.body.contains("(副本)"));
    fs::remove_file(site.path("content/notices/hh-copy.md")).unwrap();
    server.poll("/notices/hh-copy/", "the notice to go", |r| r.status == 404);
    // A site file in a static/ folder that did not exist when serving started.
    site.write("static/logo.txt", "标志");
    let logo = server.poll("/logo.txt", "the new static file", |r| r.status == 200);
    assert_eq!(logo.body, "标志");
}

#[test]
fn ctrl_c_stops_cleanly_and_leaves_no_temporary_folder() {
    let site = SiteCopy::of("good");
    let mut server = Server::start(site.root(), &[]);
    let made = server.leftovers();
    assert_eq!(
        made.len(),
        1,
        "one temporary folder while serving: {made:?}"
    );
    assert!(made[0].join("public/index.html").is_file());
    assert!(!site.path("public").exists(), "serve never touches public/");
    // An open live-reload stream must not hold the stop up.
    let mut events = Events::open(&server);
    events.next_build();
    let started = Instant::now();
    let status = server.interrupt();
    assert!(status.success(), "{status}:\n{}", server.output());
    assert!(started.elapsed() < WAIT);
    assert_eq!(server.leftovers(), Vec::<std::path::PathBuf>::new());
    server.wait_for_output("已删除临时目录", 1);
}

#[test]
fn a_later_preview_removes_the_temporary_folder_of_one_that_was_killed() {
    let site = SiteCopy::of("good");
    let mut killed = Server::start(site.root(), &[]);
    let left = killed.leftovers();
    assert_eq!(left.len(), 1, "{left:?}");
    // Dropping the server sends SIGKILL: no chance to clean up.
    let tmp = std::mem::replace(&mut killed.tmp, tempfile::tempdir().unwrap());
    drop(killed);
    assert!(left[0].join("public/index.html").is_file());
    // Not gongshi's (no marker), though named like a preview of a dead process.
    let theirs = tmp.path().join("gongshi-serve-999999999-abc");
    fs::create_dir(&theirs).unwrap();

    let mut later = Server::start_in(site.root(), &[], tmp);
    let now = later.leftovers();
    assert!(!now.contains(&left[0]), "{now:?}");
    assert!(now.contains(&theirs), "{now:?}");
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(later.interrupt().success());
    assert_eq!(later.leftovers(), vec![theirs]);
}

#[test]
fn an_output_folder_given_is_kept_after_stopping() {
    let site = SiteCopy::of("good");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("preview");
    let mut server = Server::start(site.root(), &["--output", output.to_str().unwrap()]);
    assert!(server.interrupt().success());
    assert!(output.join("index.html").is_file());
    let names: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["preview"], "no staging folders left");
}

#[test]
fn startup_problems_are_explained_in_chinese() {
    // Not a site.
    let empty = tempfile::tempdir().unwrap();
    let run = gongshi(&[
        "serve",
        "--root",
        empty.path().to_str().unwrap(),
        "--port",
        "0",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是 gongshi 站点"), "{}", run.stderr);

    // The port is taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = SiteCopy::of("good");
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("端口已被占用"), "{}", run.stderr);
    assert!(!site.path("public").exists());

    // An output folder that is not gongshi's is never overwritten.
    let theirs = tempfile::tempdir().unwrap();
    fs::write(theirs.path().join("precious.txt"), "x").unwrap();
    let run = site.run(&[
        "serve",
        "--port",
        "0",
        "--output",
        theirs.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是 gongshi 生成的"), "{}", run.stderr);
    assert!(Path::new(&theirs.path().join("precious.txt")).is_file());

    let help = gongshi(&["serve", "--help"]);
    assert_eq!(help.code, 0);
    for text in ["--port", "--bind", "--output", "临时目录", "127.0.0.1"] {
        assert!(help.stdout.contains(text), "{text}: {}", help.stdout);
    }
}

#[test]
fn the_preview_shows_notices_not_yet_issued_under_a_draft_banner() {
    let site = SiteCopy::of("good");
    // The preview is started as of 2014-03-22 (see serve_support).
    let server = Server::start(site.root(), &[]);
    let yulu = server.get("/notices/yulu/index.html");
    assert_eq!(yulu.status, 200);
    assert!(
        yulu.body.contains("草稿（未发布）：发布日期为2014年9月1日"),
        "{}",
        yulu.body
    );
    let first = server.get(NOTICE);
    assert!(!first.body.contains("草稿"));
}
