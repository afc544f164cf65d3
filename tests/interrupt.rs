//! A build stopped part way leaves nothing behind: Ctrl-C, SIGTERM and SIGHUP remove
//! the staging folder before the process ends; what `kill -9` leaves is removed by the
//! next build; and at every moment the output folder is one whole output, old or new.

#![cfg(unix)]

mod common;

use common::{SiteCopy, snapshot};
use rustix::process::{Pid, Signal, kill_process};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Enough notices that rendering them takes a while after the staging folder
/// appears, even in a debug build on a fast machine.
const NOTICES: usize = 1500;

/// How long any wait in these tests may take (a wait, not a measurement).
const WAIT: Duration = Duration::from_secs(60);

fn big_site() -> SiteCopy {
    let site = SiteCopy::of("good");
    site.add_announcements(NOTICES);
    site
}

fn start_build(site: &SiteCopy) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args([
            "build",
            "--today",
            "2014-03-22",
            "--include-future",
            "--quiet",
            "--root",
        ])
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gongshi build")
}

fn staging_of(site: &SiteCopy, child: &Child) -> PathBuf {
    site.path(&format!(".public.gongshi-new-{}", child.id()))
}

/// Waits until the build has made its staging folder; `false` if it ended first.
fn wait_for_staging(site: &SiteCopy, child: &mut Child) -> bool {
    let staging = staging_of(site, child);
    let started = Instant::now();
    while !staging.exists() {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(started.elapsed() < WAIT, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    true
}

fn send(child: &Child, signal: Signal) {
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    kill_process(pid, signal).expect("send the signal");
}

/// The folders gongshi keeps beside `public/` (staging, replaced outputs).
fn beside(site: &SiteCopy) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.gongshi-"))
        .collect();
    names.sort();
    names
}

/// Replaced outputs are removed by a detached process: waits for it.
fn wait_until_nothing_beside(site: &SiteCopy) {
    let started = Instant::now();
    while !beside(site).is_empty() && started.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(beside(site), Vec::<String>::new());
}

fn build_ok(site: &SiteCopy) {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_stop_signal_removes_the_staging_folder_and_keeps_the_previous_output() {
    let site = big_site();
    build_ok(&site);
    wait_until_nothing_beside(&site);
    let before = snapshot(&site.path("public"));
    // What the interrupted builds would have written differs from what is there.
    site.edit(
        "content/notices/extra-000.md",
        "公告正文。",
        "改过的公告正文。",
    );
    for (signal, status) in [(Signal::INT, 130), (Signal::TERM, 143), (Signal::HUP, 129)] {
        let mut child = start_build(&site);
        assert!(
            wait_for_staging(&site, &mut child),
            "{signal:?}: the build ended before it made its staging folder"
        );
        send(&child, signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{signal:?}: {stderr}");
        assert!(
            stderr.contains("已中断，未生成网站"),
            "{signal:?}: {stderr}"
        );
        assert_eq!(beside(&site), Vec::<String>::new(), "{signal:?}");
        assert!(before == snapshot(&site.path("public")), "{signal:?}");
    }
}

#[test]
fn what_kill_9_leaves_is_removed_by_the_next_build() {
    let site = big_site();
    let mut child = start_build(&site);
    assert!(wait_for_staging(&site, &mut child));
    let staging = staging_of(&site, &child);
    send(&child, Signal::KILL);
    child.wait().unwrap();
    assert!(
        staging.is_dir(),
        "a killed build cannot clean up after itself"
    );
    // Killed before writing its marker file: an empty folder, ours by its name.
    fs::create_dir(site.path(".public.gongshi-new-999999999")).unwrap();
    // Not ours: a folder named so but without the marker and not empty, and a folder
    // of a process still running (this test's).
    let theirs = site.path(".public.gongshi-new-999999998");
    fs::create_dir(&theirs).unwrap();
    fs::write(theirs.join("notes.txt"), "x").unwrap();
    let running = site.path(&format!(".public.gongshi-new-{}", std::process::id()));
    fs::create_dir(&running).unwrap();
    fs::write(running.join(".gongshi-output"), "").unwrap();

    build_ok(&site);
    assert!(!staging.exists());
    let mut kept = vec![
        ".public.gongshi-new-999999998".to_string(),
        format!(".public.gongshi-new-{}", std::process::id()),
    ];
    kept.sort();
    assert_eq!(beside(&site), kept);
    assert!(site.path("public/index.html").is_file());
}

/// Twenty builds, each killed at another moment, swapping between two known
/// outputs: the output folder is always there, and always one of them, whole.
#[test]
fn the_output_is_always_one_whole_output_however_a_build_is_killed() {
    let site = big_site();
    build_ok(&site);
    let a = snapshot(&site.path("public"));
    site.add_announcements(NOTICES + 20);
    let started = Instant::now();
    build_ok(&site);
    let took = started.elapsed();
    let b = snapshot(&site.path("public"));
    assert_ne!(a.len(), b.len());
    wait_until_nothing_beside(&site);

    let one_of = |now: &BTreeMap<String, Vec<u8>>| -> &str {
        if now == &a {
            "a"
        } else if now == &b {
            "b"
        } else {
            "neither"
        }
    };
    let mut seen = Vec::new();
    for round in 0..20u64 {
        // Alternate the sources between the two outputs' sites.
        if round % 2 == 0 {
            for i in NOTICES..NOTICES + 20 {
                fs::remove_file(site.path(&format!("content/notices/extra-{i:03}.md"))).unwrap();
            }
        } else {
            site.add_announcements(NOTICES + 20);
        }
        let mut child = start_build(&site);
        if wait_for_staging(&site, &mut child) {
            // From at once to after the build would have finished.
            std::thread::sleep(took.mul_f64(round as f64 / 8.0));
            send(&child, Signal::KILL);
        }
        child.wait().unwrap();
        let now = snapshot(&site.path("public"));
        let which = one_of(&now);
        assert_ne!(which, "neither", "round {round}: a mixed or partial output");
        seen.push(which);
    }
    build_ok(&site);
    // The last good build's staging folder is now public/; the replaced output and
    // every killed build's leftovers go.
    wait_until_nothing_beside(&site);
    eprintln!("outputs after each round: {seen:?}");
}

#[test]
fn output_folders_that_would_harm_the_site_are_refused() {
    let site = SiteCopy::of("good");
    let root = site.root().to_path_buf();
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("real");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, site.path("public")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("符号链接"), "{}", run.stderr);
    assert!(
        fs::symlink_metadata(site.path("public"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(fs::read_dir(&real).unwrap().count(), 0);
    fs::remove_file(site.path("public")).unwrap();

    let cases = [
        (root.join("static/site"), "static/"),
        (root.join("content/public"), "content/"),
        (root.join("content/notices/../../static"), "static/"),
        (root.clone(), "就是站点目录"),
        (root.parent().unwrap().to_path_buf(), "就是站点目录"),
    ];
    let sources = snapshot(&root);
    for (output, says) in cases {
        let run = site.run(&[
            "build",
            "--today",
            "2014-03-22",
            "--include-future",
            "--output",
            output.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{}: {}", output.display(), run.stderr);
        assert!(
            run.stderr.contains(says),
            "{}: {}",
            output.display(),
            run.stderr
        );
        assert!(run.stderr.contains("例如默认的"), "{}", run.stderr);
        assert!(sources == snapshot(&root), "{}", output.display());
    }
    // Beside the site, and inside it elsewhere, is fine.
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--output",
        root.join("site-out").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
