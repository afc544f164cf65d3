//! Watching the site's sources and rebuilding once per burst of changes.
//!
//! Editors save by writing a temporary file and renaming it over the old one, and a
//! `git checkout` changes hundreds of files at once; `notify-debouncer-full` folds
//! each file's events together (and stitches renames), and the loop below waits for
//! the whole burst to go quiet before it rebuilds, once.

use super::Rebuild;
use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long one file must be quiet before its events are delivered.
const DEBOUNCE: Duration = Duration::from_millis(80);
/// How long the whole tree must be quiet before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(60);

/// The folders watched recursively, relative to the site root. The site settings
/// (`site.yaml`) are watched through the root folder itself, not recursively (a
/// rename-save replaces the file, which would end a watch on the file).
const WATCHED_DIRS: [&str; 3] = ["content", "themes", "static"];

pub enum Msg {
    Events(DebounceEventResult),
    Stop,
}

pub struct Watcher {
    root: PathBuf,
    output: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root`; events arrive on `tx`.
    pub fn start(root: &Path, output: &Path, tx: Sender<Msg>) -> notify::Result<Watcher> {
        let debouncer =
            notify_debouncer_full::new_debouncer(DEBOUNCE, None, move |r: DebounceEventResult| {
                let _ = tx.send(Msg::Events(r));
            })?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        w.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh(&[])?;
        Ok(w)
    }

    /// Watches the folders that exist now; re-watches one that was removed or
    /// replaced in `events` (a watch ends with the folder it was on).
    fn refresh(&mut self, events: &[DebouncedEvent]) -> notify::Result<()> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            // Only a folder created, removed or renamed is a new folder. Reading it
            // (as watching it again does) is an access event: counting that would
            // watch it again and again, walking the whole tree each time.
            let replaced = events.iter().any(|e| {
                matches!(
                    e.kind,
                    EventKind::Any
                        | EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Other
                        | EventKind::Modify(
                            notify::event::ModifyKind::Name(_) | notify::event::ModifyKind::Any
                        )
                ) && e.paths.iter().any(|p| p == &dir)
            });
            if self.watched.contains(&dir) && (replaced || !dir.is_dir()) {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }

    /// Does this event change what a build reads?
    fn matters(&self, event: &DebouncedEvent) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|p| self.path_matters(p))
    }

    fn path_matters(&self, path: &Path) -> bool {
        if self.is_output(path) {
            return false;
        }
        match path.strip_prefix(&self.root) {
            Ok(rel) => {
                let mut parts = rel.components();
                let first = parts.next().map(|c| c.as_os_str().to_string_lossy());
                let nested = parts.next().is_some();
                match first.as_deref() {
                    Some("site.yaml") => !nested,
                    Some(dir) => WATCHED_DIRS.contains(&dir),
                    None => false,
                }
            }
            // Only the root and the watched folders are watched.
            Err(_) => true,
        }
    }

    /// The output folder and its staging siblings (`.NAME.gongshi-new-PID`), should
    /// `--output` point into a watched folder: a build must not trigger itself.
    fn is_output(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return true;
        }
        let (Some(parent), Some(name)) = (self.output.parent(), self.output.file_name()) else {
            return false;
        };
        let prefix = format!(".{}.gongshi-", name.to_string_lossy());
        path.strip_prefix(parent).is_ok_and(|rel| {
            rel.components()
                .next()
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(&prefix))
        })
    }

    /// Waits for changes and calls `rebuild` once per burst, until [`Msg::Stop`] or
    /// until every sender is gone.
    pub fn run(mut self, rx: Receiver<Msg>, rebuild: &mut dyn Rebuild) {
        'outer: while let Ok(Msg::Events(first)) = rx.recv() {
            let mut changed = BTreeSet::new();
            let mut events = Vec::new();
            self.take(first, &mut changed, &mut events);
            // Let the burst finish: a long checkout delivers batch after batch.
            loop {
                match rx.recv_timeout(SETTLE) {
                    Ok(Msg::Events(r)) => self.take(r, &mut changed, &mut events),
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => break 'outer,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            // A stop that came in with the last events wins over a rebuild.
            while let Ok(msg) = rx.try_recv() {
                match msg {
                    Msg::Events(r) => self.take(r, &mut changed, &mut events),
                    Msg::Stop => break 'outer,
                }
            }
            if let Err(e) = self.refresh(&events) {
                eprintln!("警告：无法继续监视部分目录：{e}");
            }
            if !changed.is_empty() {
                let changed: Vec<PathBuf> = changed.into_iter().collect();
                rebuild.rebuild(&changed);
            }
        }
        self.debouncer.stop();
    }

    fn take(
        &self,
        result: DebounceEventResult,
        changed: &mut BTreeSet<PathBuf>,
        events: &mut Vec<DebouncedEvent>,
    ) {
        match result {
            Ok(batch) => {
                for event in batch {
                    if self.matters(&event) {
                        for p in &event.paths {
                            if self.path_matters(p) {
                                let rel = p.strip_prefix(&self.root).unwrap_or(p);
                                changed.insert(rel.to_path_buf());
                            }
                        }
                        // A rescan (the kernel dropped events) names no path.
                        if event.need_rescan() {
                            changed.insert(PathBuf::from("."));
                        }
                    }
                    events.push(event);
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("警告：监视文件改动时出错：{e}");
                }
                // Whatever was missed, a full rebuild covers it.
                changed.insert(PathBuf::from("."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    struct Count(Vec<Vec<PathBuf>>);

    impl Rebuild for Count {
        fn rebuild(&mut self, changed: &[PathBuf]) {
            self.0.push(changed.to_vec());
        }
    }

    /// Real files, real inotify: a rename-save and a burst each give one rebuild;
    /// changes outside the watched folders give none.
    #[test]
    fn one_rebuild_per_burst_and_rename_saves_count() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/records")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let watcher = Watcher::start(&root, &root.join("public"), tx.clone()).unwrap();
        let handle = std::thread::spawn(move || {
            let mut count = Count(Vec::new());
            watcher.run(rx, &mut count);
            count.0
        });
        let settle = || std::thread::sleep(Duration::from_millis(600));

        // Rename-save of the settings.
        std::fs::write(root.join(".site.yaml.tmp"), "title: y\n").unwrap();
        std::fs::rename(root.join(".site.yaml.tmp"), root.join("site.yaml")).unwrap();
        settle();
        // A burst: many files, a new folder (static/ did not exist at start).
        for i in 0..50 {
            std::fs::write(root.join(format!("content/records/r{i}.yaml")), "x").unwrap();
        }
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        settle();
        std::fs::write(root.join("static/img/logo.png"), "png").unwrap();
        settle();
        // Not watched: output and other files in the root.
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public/index.html"), "x").unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        settle();
        tx.send(Msg::Stop).unwrap();
        let rebuilds = handle.join().unwrap();
        assert_eq!(rebuilds.len(), 3, "{rebuilds:?}");
        assert!(rebuilds[0].contains(&PathBuf::from("site.yaml")));
        assert!(rebuilds[1].len() >= 50, "{:?}", rebuilds[1]);
        assert!(rebuilds[2].contains(&PathBuf::from("static/img/logo.png")));
    }
}
