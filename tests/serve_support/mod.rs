//! The real `gongshi serve` binary, started on a free port, and a plain HTTP client
//! for it (std TcpStream: the test sees exactly the bytes the server sends).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// Everything the server printed so far (stdout and stderr, interleaved by line).
    output: Arc<Mutex<String>>,
    /// The server's own TMPDIR, so a test can see what it leaves behind.
    pub tmp: tempfile::TempDir,
}

impl Server {
    /// `gongshi serve --root ROOT --port 0 --today 2014-03-22 EXTRA…`, waiting until
    /// it prints its address.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_in(root, extra, tempfile::tempdir().expect("temp dir"))
    }

    /// [`Server::start`] with `tmp` as its TMPDIR.
    pub fn start_in(root: &Path, extra: &[&str], tmp: tempfile::TempDir) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0", "--today", "2014-03-22"])
            .args(extra)
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gongshi serve");
        let output = Arc::new(Mutex::new(String::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    let mut out = output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            output,
            tmp,
        };
        let started = Instant::now();
        loop {
            let text = server.output();
            if let Some(rest) = text.split("预览地址：http://").nth(1) {
                let addr = rest.split('/').next().unwrap();
                server.addr = addr.parse().expect("address in the banner");
                break;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("gongshi serve exited with {status}:\n{text}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no address printed:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the server has printed `needle` `times` times in all.
    pub fn wait_for_output(&self, needle: &str, times: usize) {
        let started = Instant::now();
        while self.output().matches(needle).count() < times {
            assert!(
                started.elapsed() < WAIT,
                "waited for {needle:?} ×{times}:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &format!("{}", self.addr))
    }

    /// One request with `Connection: close`; `path` goes on the wire as written.
    pub fn request(&self, method: &str, path: &str, host: &str) -> Response {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        Response::parse(&raw)
    }

    /// Polls `path` until `pred` holds for its body.
    pub fn poll(&self, path: &str, what: &str, pred: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let r = self.get(path);
            if pred(&r) {
                return r;
            }
            assert!(
                started.elapsed() < WAIT,
                "{path}: waited for {what}; last body:\n{}\nserver said:\n{}",
                r.body,
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the exit.
    pub fn interrupt(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < WAIT,
                "still running after SIGINT:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the server left in its TMPDIR.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let body = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Saves like an editor does: writes a temporary file beside `path`, then renames
/// it over `path`.
pub fn rename_save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp~",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Replaces `from` (which must occur) with `to` in the file, by rename-save.
pub fn rename_edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    rename_save(path, &text.replacen(from, to, 1));
}
