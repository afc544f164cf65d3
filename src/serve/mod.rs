//! `gongshi serve`: the watch-mode preview.
//!
//! It builds the site into a folder of its own (a temporary one unless `--output`
//! names one), serves that folder on a loopback address, rebuilds when a source file
//! changes and tells open pages to reload. A build that fails leaves the last good
//! pages in place (the output is swapped in only when a build completes); every page
//! then shows an overlay with the problems until the next good build.
//!
//! After the first build the loaded site is kept: a change to notices and record files
//! only reloads those files and re-renders the pages they affect, in place
//! ([`incremental`]); any other change rebuilds the whole site into a new folder.
//!
//! Threads: the HTTP server runs on a single-threaded tokio runtime; builds run on
//! one plain thread fed by the file watcher; a `tokio::sync::watch` channel carries
//! the state of the last build from the one to the other.

mod http;
mod incremental;
mod inject;
mod watch;

use crate::content::{LoadFailure, SETTINGS_FILES};
use crate::diagnostic::{Diagnostic, Severity, SourceMap, Span, render_diagnostics};
use crate::model::date::Day;
use crate::output::{MARKER, OutputError};
use crate::{BuildFailure, BuildOptions, Site};
use std::fmt;
use std::future::IntoFuture;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use http::{Found, is_loopback_host, lookup, safe_relative};

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Where to build; `None` for a temporary folder removed on exit.
    pub output: Option<PathBuf>,
    pub bind: IpAddr,
    /// `0` lets the system pick a free port (the printed address names it).
    pub port: u16,
    /// The as-of day; `None` for today in the site's time zone, at every build.
    pub today: Option<Day>,
    /// Overrides `base_url` in the settings (QR codes on the sheets).
    pub base_url: Option<String>,
    pub deny_warnings: bool,
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum ServeError {
    NotASite(PathBuf),
    Bind(SocketAddr, io::Error),
    TempDir(io::Error),
    Output(OutputError),
    Watch(String),
    Runtime(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NotASite(dir) => write!(
                f,
                "{} 不是 gongshi 站点（找不到 site.yaml 或 content/site.yaml）。\n提示：用 gongshi init 新建站点，或用 --root 指定站点目录。",
                dir.display()
            ),
            ServeError::Bind(addr, e) if e.kind() == io::ErrorKind::AddrInUse => write!(
                f,
                "无法在 {addr} 上启动预览：端口已被占用（可能已经有一个 gongshi serve 在运行）。\n提示：用 --port 换一个端口，例如 --port 1112。"
            ),
            ServeError::Bind(addr, e) => write!(f, "无法在 {addr} 上启动预览：{e}"),
            ServeError::TempDir(e) => write!(f, "无法创建预览用的临时目录：{e}"),
            ServeError::Output(e) => write!(f, "{e}"),
            ServeError::Watch(e) => write!(f, "无法监视站点目录的改动：{e}"),
            ServeError::Runtime(e) => write!(f, "无法启动预览服务：{e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// The state of the last build, as the HTTP side sees it.
#[derive(Debug, Clone)]
pub struct Status {
    /// Changes with every finished build, good or bad (it names this run of the
    /// preview too, so pages reload when the preview is restarted).
    pub token: String,
    /// The problems of the last build, when it failed.
    pub failure: Option<Arc<Vec<Diagnostic>>>,
}

impl Status {
    /// What every served HTML page gets: the reload script, and the overlay while
    /// the last build failed.
    fn snippet(&self) -> String {
        let mut s = inject::reload_script(&self.token);
        if let Some(diags) = &self.failure {
            s.push_str(&inject::overlay(diags));
        }
        s
    }
}

/// Called by the watcher once per burst of changes (paths relative to the root).
pub trait Rebuild {
    fn rebuild(&mut self, changed: &[PathBuf]);
}

/// Builds the site and publishes the outcome to the HTTP side.
struct Builder {
    root: PathBuf,
    output: PathBuf,
    today: Option<Day>,
    base_url: Option<String>,
    deny_warnings: bool,
    instance: String,
    generation: u64,
    status: tokio::sync::watch::Sender<Status>,
    /// The site the output was last fully built from, while the output shows it
    /// (plus the small rebuilds since).
    kept: Option<incremental::Kept>,
}

enum Outcome {
    Built {
        pages: usize,
        today: Day,
    },
    /// Nothing was written; the previous output stays.
    Failed(Vec<Diagnostic>),
    /// The output folder cannot be used at all.
    Fatal(OutputError),
}

impl Builder {
    /// One full build. Terminal output: warnings and problems as `gongshi build`
    /// prints them. A good build keeps its site for the small rebuilds after it.
    fn build(&mut self) -> Outcome {
        // The record files unchanged since the last build are not compiled again.
        let earlier = self.kept.take().map(|kept| kept.site);
        let mut site = match Site::reload_all(&self.root, earlier) {
            Ok(site) => site,
            Err(failure) => return Outcome::Failed(load_failure(failure)),
        };
        if let Some(url) = &self.base_url {
            site.use_base_url(url);
        }
        let today = self.today.unwrap_or_else(|| site.today());
        let opts = BuildOptions {
            output: self.output.clone(),
            today,
            base_url: self.base_url.clone(),
            deny_warnings: self.deny_warnings,
            // The preview shows drafts: a clerk checks a notice before its day.
            include_future: true,
        };
        match site.build(&opts) {
            Ok(report) => {
                if !report.warnings.is_empty() {
                    eprint!("{}", render_diagnostics(&report.warnings, site.sources()));
                }
                self.kept = Some(incremental::Kept::new(site, today, report.reads));
                Outcome::Built {
                    pages: report.pages,
                    today,
                }
            }
            Err(BuildFailure::Content(diags)) => {
                eprint!("{}", render_diagnostics(&diags, site.sources()));
                Outcome::Failed(diags)
            }
            Err(BuildFailure::Output(
                e @ (OutputError::NotOurs(_)
                | OutputError::Symlink(..)
                | OutputError::InsideSite { .. }),
            )) => Outcome::Fatal(e),
            Err(BuildFailure::Output(e)) => {
                let d = Diagnostic::error(
                    "output-failed",
                    &self.output,
                    Span::default(),
                    e.to_string(),
                );
                Outcome::Failed(vec![d])
            }
        }
    }

    /// After a burst of changes: a small rebuild when the kept site allows one, a
    /// full one otherwise. `None` when nothing a build reads changed.
    fn rebuild_changed(&mut self, changed: &[PathBuf]) -> Option<(Outcome, &'static str)> {
        const SMALL: &str = "已重新生成（增量）";
        const FULL: &str = "已重新生成（全量）";
        let Some(kept) = self.kept.as_mut() else {
            return Some((self.build(), FULL));
        };
        let settings = incremental::Settings {
            root: &self.root,
            output: &self.output,
            today: self.today,
            base_url: self.base_url.clone(),
            deny_warnings: self.deny_warnings,
        };
        match incremental::update(kept, changed, &settings) {
            incremental::Step::Nothing => None,
            incremental::Step::Full => Some((self.build(), FULL)),
            incremental::Step::Built {
                pages,
                today,
                warnings,
            } => {
                if !warnings.is_empty() {
                    eprint!("{}", render_diagnostics(&warnings, kept.site.sources()));
                }
                Some((Outcome::Built { pages, today }, SMALL))
            }
            incremental::Step::Failed(diags) => {
                eprint!("{}", render_diagnostics(&diags, kept.site.sources()));
                Some((Outcome::Failed(diags), SMALL))
            }
            incremental::Step::Broken(diags) => {
                eprint!("{}", render_diagnostics(&diags, kept.site.sources()));
                self.kept = None;
                Some((Outcome::Failed(diags), SMALL))
            }
        }
    }

    /// Builds, reports on the terminal and tells open pages.
    fn build_and_publish(&mut self, what: &str) -> Option<OutputError> {
        let started = Instant::now();
        let outcome = self.build();
        self.publish(outcome, what, started)
    }

    /// Reports a build on the terminal and tells open pages.
    fn publish(&mut self, outcome: Outcome, what: &str, started: Instant) -> Option<OutputError> {
        let ms = started.elapsed().as_millis();
        let failure = match outcome {
            Outcome::Built { pages, today } => {
                println!(
                    "[{}] {what} {pages} 个页面，用时 {ms} 毫秒（以 {today} 为准判断公示状态）",
                    clock()
                );
                None
            }
            Outcome::Failed(diags) => {
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                println!(
                    "[{}] 生成失败（{errors} 个错误，用时 {ms} 毫秒）：浏览器里仍是上次成功生成的页面，页面上会列出以上问题；改正后保存即可。",
                    clock()
                );
                Some(Arc::new(diags))
            }
            Outcome::Fatal(e) => return Some(e),
        };
        self.generation += 1;
        self.status.send_replace(Status {
            token: format!("{}-{}", self.instance, self.generation),
            failure,
        });
        if let Some(kept) = &mut self.kept {
            kept.warm_up();
        }
        None
    }
}

impl Rebuild for Builder {
    fn rebuild(&mut self, changed: &[PathBuf]) {
        let shown: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = if changed.len() > 3 {
            format!(" 等 {} 个文件", changed.len())
        } else {
            String::new()
        };
        println!("[{}] 检测到改动：{}{more}", clock(), shown.join("、"));
        let started = Instant::now();
        let Some((outcome, what)) = self.rebuild_changed(changed) else {
            println!("[{}] 改动的文件不影响页面，无需重新生成。", clock());
            return;
        };
        if let Some(e) = self.publish(outcome, what, started) {
            // The output folder stopped being usable (someone replaced it): keep
            // serving what is there and say so.
            eprintln!("错误：{e}");
        }
    }
}

/// Site loading failures as diagnostics, so the overlay can show them too.
fn load_failure(failure: LoadFailure) -> Vec<Diagnostic> {
    let (diags, sources) = match failure {
        LoadFailure::NotASite(_) => (
            vec![Diagnostic::error(
                "settings-missing",
                Path::new(SETTINGS_FILES[0]),
                Span::default(),
                "找不到站点设置文件 site.yaml 或 content/site.yaml",
            )],
            SourceMap::new(),
        ),
        LoadFailure::BadSettings(diags, sources) => (diags, sources),
        LoadFailure::Io(path, e) => (
            vec![Diagnostic::error(
                "read-failed",
                &path,
                Span::default(),
                format!("读取失败：{e}"),
            )],
            SourceMap::new(),
        ),
    };
    eprint!("{}", render_diagnostics(&diags, &sources));
    diags
}

/// Local wall-clock time for terminal lines.
fn clock() -> String {
    jiff::ZonedDateTime::now().strftime("%H:%M:%S").to_string()
}

/// Runs the preview until Ctrl-C (or SIGTERM/SIGHUP). Returns once everything it
/// started has stopped and its temporary folder is gone.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    if !SETTINGS_FILES.iter().any(|f| opts.root.join(f).is_file()) {
        return Err(ServeError::NotASite(opts.root.clone()));
    }
    let root = opts
        .root
        .canonicalize()
        .map_err(|_| ServeError::NotASite(opts.root.clone()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    // Take over Ctrl-C before anything is made that a stop must clean up: from here
    // on a signal is only counted, and acted on below.
    let stops = {
        let _context = runtime.enter();
        Stops::listen().map_err(ServeError::Runtime)?
    };
    let (temp, output) = match &opts.output {
        Some(dir) => (None, absolute(dir)),
        None => {
            let temp = preview_folder().map_err(ServeError::TempDir)?;
            let output = temp.path().join("public");
            (Some(temp), output)
        }
    };
    let served = run(&opts, &runtime, stops, &root, &output, temp.is_some());
    drop(runtime);
    if let Some(temp) = temp {
        let path = temp.path().to_path_buf();
        match temp.close() {
            Ok(()) => println!("已删除临时目录 {}。", path.display()),
            Err(e) => eprintln!("警告：删除临时目录 {} 失败：{e}", path.display()),
        }
    }
    served
}

/// The start of a preview's temporary folder's name; the process id follows, so a
/// later preview can tell the folder of one that was killed.
const PREVIEW_PREFIX: &str = "gongshi-serve-";

/// A temporary folder for this preview, marked as gongshi's, after removing those of
/// previews that were killed (`kill -9`, a power cut: no chance to clean up).
fn preview_folder() -> io::Result<tempfile::TempDir> {
    let temp_root = std::env::temp_dir();
    if let Ok(entries) = std::fs::read_dir(&temp_root) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix(PREVIEW_PREFIX))
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(pid, _)| pid.parse().ok());
            let ours =
                entry.file_type().is_ok_and(|t| t.is_dir()) && entry.path().join(MARKER).is_file();
            if let Some(pid) = pid
                && ours
                && !crate::output::is_running(pid)
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let temp = tempfile::Builder::new()
        .prefix(&format!("{PREVIEW_PREFIX}{}-", std::process::id()))
        .tempdir()?;
    std::fs::write(
        temp.path().join(MARKER),
        "This folder is a gongshi preview; it is removed when the preview stops.\n",
    )?;
    Ok(temp)
}

/// Everything between making the output folder and removing it.
fn run(
    opts: &ServeOptions,
    runtime: &tokio::runtime::Runtime,
    stops: Stops,
    root: &Path,
    output: &Path,
    temporary: bool,
) -> Result<(), ServeError> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| ServeError::Bind(addr, e))?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;

    let instance = format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let (status_tx, status_rx) = tokio::sync::watch::channel(Status {
        token: format!("{instance}-0"),
        failure: None,
    });
    // Watch before the first build, so nothing saved meanwhile is missed.
    let (msg_tx, msg_rx) = std::sync::mpsc::channel();
    let watcher = watch::Watcher::start(root, output, msg_tx.clone())
        .map_err(|e| ServeError::Watch(e.to_string()))?;
    let mut builder = Builder {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        today: opts.today,
        base_url: opts.base_url.clone(),
        deny_warnings: opts.deny_warnings,
        instance,
        generation: 0,
        status: status_tx,
        kept: None,
    };
    // The first build and every rebuild run on one thread; it ends after a stop,
    // once its current build is finished (a half-written staging folder would be
    // left behind otherwise), and then drops the status sender, which ends the
    // live-reload streams and lets the server stop.
    let (first_tx, first_rx) = tokio::sync::oneshot::channel();
    println!("正在生成预览……");
    let building = std::thread::Builder::new()
        .name("gongshi-rebuild".into())
        .spawn(move || {
            let fatal = builder.build_and_publish("已生成");
            let usable = fatal.is_none();
            let _ = first_tx.send(fatal);
            if usable {
                watcher.run(msg_rx, &mut builder);
            }
        })
        .map_err(ServeError::Runtime)?;

    let state = http::AppState {
        root: Arc::new(output.to_path_buf()),
        status: status_rx,
        loopback_only: addr.ip().is_loopback(),
    };
    let app = http::router(state);
    let stop = move || {
        let _ = msg_tx.send(watch::Msg::Stop);
    };
    let served = runtime.block_on(async move {
        let mut count = stops.count();
        tokio::select! {
            first = first_rx => {
                if let Ok(Some(fatal)) = first {
                    return Err(ServeError::Output(fatal));
                }
            }
            _ = count.wait_for(|n| *n >= 1) => {
                println!("\n正在停止预览……");
                stop();
                return Ok(());
            }
        }
        banner(addr, output, temporary);
        let mut first_stop = count.clone();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = first_stop.wait_for(|n| *n >= 1).await;
            println!("\n正在停止预览……");
            stop();
        });
        // Should open connections hold the stop up: give up after a while, or at
        // once on a second Ctrl-C.
        let give_up = async move {
            let _ = count.wait_for(|n| *n >= 1).await;
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                _ = count.wait_for(|n| *n >= 2) => {}
            }
        };
        tokio::select! {
            r = server.into_future() => r.map_err(ServeError::Runtime),
            _ = give_up => Ok(()),
        }
    });
    let _ = building.join();
    served
}

fn banner(addr: SocketAddr, output: &Path, temporary: bool) {
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    println!("预览地址：http://{shown}/");
    if temporary {
        println!(
            "预览页面生成在临时目录 {}，停止预览时删除；不会改动站点的 public/。",
            output.display()
        );
    } else {
        println!("预览页面生成到 {}。", output.display());
    }
    if !addr.ip().is_loopback() {
        println!(
            "注意：正在 {addr} 上提供预览，同一网络中的其他电脑也能打开；预览页面可能含有尚未检查通过的内容。"
        );
    }
    println!(
        "正在监视 content/、themes/、static/ 和站点设置的改动：保存后自动重新生成，已打开的页面自动刷新。按 Ctrl-C 停止。"
    );
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Ctrl-C, and on Unix SIGTERM and SIGHUP, counted from the moment they are
/// listened for.
struct Stops {
    #[cfg(unix)]
    signals: [tokio::signal::unix::Signal; 3],
}

impl Stops {
    /// Must be called within the runtime.
    fn listen() -> io::Result<Stops> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stops {
                signals: [
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                ],
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Stops {})
        }
    }

    /// How many stop signals came so far (a task on the runtime counts them).
    fn count(self) -> tokio::sync::watch::Receiver<u32> {
        let (tx, rx) = tokio::sync::watch::channel(0u32);
        tokio::spawn(async move {
            let mut stops = self;
            loop {
                stops.next().await;
                tx.send_modify(|n| *n += 1);
            }
        });
        rx
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        {
            let [int, term, hup] = &mut self.signals;
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
