//! The terminal's progress bar for `gongshi build` and `gongshi check`.
//!
//! Shown only on a terminal, only once a build has taken a second (a county site is
//! done before a bar would be worth drawing), and never with `--quiet`.

use gongshi::progress::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a build runs before the bar appears; the environment variable exists so
/// the tests can see the bar on a small site.
const DELAY_ENV: &str = "GONGSHI_PROGRESS_AFTER_MS";

pub struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    delay: Duration,
    shown: AtomicBool,
}

impl TerminalProgress {
    /// `None` when nothing is to be shown: `--quiet`, or stderr is not a terminal.
    pub fn new(quiet: bool) -> Option<TerminalProgress> {
        if quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let delay = std::env::var(DELAY_ENV)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        Some(TerminalProgress {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            started: Instant::now(),
            delay,
            shown: AtomicBool::new(false),
        })
    }

    fn show_when_due(&self) {
        if self.shown.load(Ordering::Relaxed) || self.started.elapsed() < self.delay {
            return;
        }
        if !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, stage: Stage, total: usize) {
        let template = if total == 0 {
            "{spinner} {msg}…"
        } else {
            "{spinner} {msg} [{bar:30}] {pos}/{len}，约剩 {eta}"
        };
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_message(stage.label());
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.show_when_due();
    }

    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
        self.show_when_due();
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
