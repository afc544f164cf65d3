//! The preview's small rebuilds: after a change to notices and record files only,
//! read just those files again into the site kept in memory (compiled as loading
//! compiles them), check the whole site, and render again the pages that read
//! something the change altered ([`crate::render::reads`]), straight into the
//! served folder. Anything else (settings, themes, static files, a notice added,
//! deleted or moved, a new day) asks for a full build.
//!
//! The output always shows the last good state: when a check fails nothing is
//! written, and the next good save compares the site with what the output was last
//! written from, so it renders everything changed since.

use crate::content::{ChangedSource, classify_change};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::date::Day;
use crate::output::{MARKER, OutputError};
use crate::render::reads::{Digests, PageReads};
use crate::render::scope::{Pages, Scope};
use crate::render::{RenderFailure, render_scoped};
use crate::{BuildOptions, Site};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

/// Which pages exist and where notices and projects are listed: equal shapes before
/// and after a change mean the same pages, so only some of them need rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Slug, file, region and the round it follows of every notice, in the site's order.
    notices: Vec<(String, PathBuf, String, Option<String>)>,
    /// Code and region of every project page.
    projects: Vec<(String, String)>,
}

impl Shape {
    pub fn of(site: &Site) -> Shape {
        Shape {
            notices: site
                .notices()
                .iter()
                .map(|n| {
                    let region = n.front.region.value.trim().to_string();
                    let follows = n.front.follows.as_ref().map(|f| f.value.clone());
                    (n.slug.clone(), n.file.clone(), region, follows)
                })
                .collect(),
            projects: site
                .projects()
                .into_iter()
                .map(|(code, e)| (code.to_string(), e.project.region.value.trim().to_string()))
                .collect(),
        }
    }
}

/// The site behind the served output, kept between builds.
pub struct Kept {
    pub site: Site,
    /// The as-of day of the pages in the output.
    today: Day,
    /// The shape of the site as the output shows it.
    shape: Shape,
    /// What each page in the output read when it was written.
    reads: PageReads,
    /// The inputs' digests as the output shows them.
    digests: Digests,
    /// What the checks keep between saves (the identity numbers of every list).
    checks: crate::check::Cache,
    /// Whether `checks` has been filled once.
    warm: bool,
}

impl Kept {
    /// The site a full build has just written, and what its pages read.
    pub fn new(site: Site, today: Day, reads: PageReads) -> Kept {
        Kept {
            shape: Shape::of(&site),
            digests: Digests::of(&site),
            site,
            today,
            reads,
            checks: crate::check::Cache::default(),
            warm: false,
        }
    }

    /// Fills the checks' cache once, so the first small rebuild does not have to
    /// (called while the preview is idle).
    pub fn warm_up(&mut self) {
        if !self.warm {
            let _ = self.site.check_with(&mut self.checks);
            self.warm = true;
        }
    }
}

/// The settings a rebuild uses beside the site.
pub struct Settings<'a> {
    pub root: &'a Path,
    pub output: &'a Path,
    /// `--today`, if given.
    pub today: Option<Day>,
    pub base_url: Option<String>,
    pub deny_warnings: bool,
}

/// What a small rebuild did.
pub enum Step {
    /// The change needs a full build (the kept site may have been changed: drop it).
    Full,
    /// Nothing that a build reads changed.
    Nothing,
    /// Pages re-rendered and written.
    Built {
        pages: usize,
        today: Day,
        warnings: Vec<Diagnostic>,
    },
    /// Nothing was written; the output shows the last good state.
    Failed(Vec<Diagnostic>),
    /// Writing failed part way: the output is not known to match any state, so the
    /// kept site is to be dropped and the next build is a full one.
    Broken(Vec<Diagnostic>),
}

/// Applies a burst of changes (paths relative to the root) to `kept`.
pub fn update(kept: &mut Kept, changed: &[PathBuf], s: &Settings<'_>) -> Step {
    let timer = Timer::new();
    let mut sources = BTreeSet::new();
    for rel in changed {
        match classify_change(s.root, &kept.site.content, rel) {
            ChangedSource::Other => return Step::Full,
            ChangedSource::Unread => {}
            c => {
                sources.insert(c);
            }
        }
    }
    if sources.is_empty() {
        return Step::Nothing;
    }
    let today = s.today.unwrap_or_else(|| kept.site.today());
    if today != kept.today {
        return Step::Full;
    }
    for c in &sources {
        kept.site.reload(c);
    }
    if Shape::of(&kept.site) != kept.shape {
        return Step::Full;
    }
    timer.lap("reload");

    let diags = kept.site.check_with(&mut kept.checks);
    kept.warm = true;
    timer.lap("check");
    let fails = |d: &Diagnostic| d.severity == Severity::Error || s.deny_warnings;
    if diags.iter().any(fails) {
        return Step::Failed(diags);
    }
    let digests = Digests::of(&kept.site);
    let mut pages = Pages::default();
    for unit in kept.reads.affected(&kept.digests, &digests) {
        unit.add_to(&mut pages);
    }
    timer.lap("affected");
    let opts = BuildOptions {
        output: s.output.to_path_buf(),
        today,
        base_url: s.base_url.clone(),
        deny_warnings: s.deny_warnings,
        // The preview shows drafts: a clerk checks a notice before its day.
        include_future: true,
    };
    let rendered = match render_scoped(&kept.site, &opts, &Scope::Only(pages)) {
        Ok(rendered) => rendered,
        Err(RenderFailure::Content(d)) => return Step::Failed(d),
        Err(RenderFailure::Output(e)) => return Step::Failed(vec![output_failed(s.output, &e)]),
    };
    timer.lap("render");
    if let Err(e) = write_in_place(s.output, &rendered.files, &rendered.gone) {
        return Step::Broken(vec![output_failed(s.output, &e)]);
    }
    timer.lap("write");
    kept.reads.update(rendered.reads);
    kept.digests = digests;
    Step::Built {
        pages: rendered.pages,
        today,
        warnings: diags,
    }
}

fn output_failed(output: &Path, e: &OutputError) -> Diagnostic {
    Diagnostic::error("output-failed", output, Span::default(), e.to_string())
}

/// Writes `files` into the output folder `target`, each by writing a temporary file
/// beside it and renaming it over the old one, so the server never sends half a page.
/// A file whose bytes are already there is left alone; the files `gone` are removed.
fn write_in_place(
    target: &Path,
    files: &[(String, Vec<u8>)],
    gone: &[String],
) -> Result<(), OutputError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| OutputError::Io(path, e)
    };
    if !target.join(MARKER).is_file() {
        return Err(OutputError::NotOurs(target.to_path_buf()));
    }
    for (rel, bytes) in files {
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        let (Some(name), true) = (Path::new(rel).file_name(), inside) else {
            return Err(OutputError::BadPath(rel.clone()));
        };
        let path = target.join(rel);
        if fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        let dir = path.parent().unwrap_or(target);
        fs::create_dir_all(dir).map_err(io(dir))?;
        let tmp = dir.join(format!(".{}.gongshi-tmp", name.to_string_lossy()));
        fs::write(&tmp, bytes).map_err(io(&tmp))?;
        if let Err(e) = fs::rename(&tmp, &path) {
            let _ = fs::remove_file(&tmp);
            return Err(OutputError::Io(path, e));
        }
    }
    for rel in gone {
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(OutputError::BadPath(rel.clone()));
        }
        let path = target.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {
                // Its folder, if that was all it held (as a full build leaves none).
                if let Some(dir) = path.parent().filter(|d| *d != target) {
                    let _ = fs::remove_dir(dir);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(OutputError::Io(path, e)),
        }
    }
    Ok(())
}

/// Phase times on stderr when `GONGSHI_TIMINGS` is set (for the benchmark).
struct Timer {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            last: std::cell::Cell::new(Instant::now()),
            on: std::env::var_os("GONGSHI_TIMINGS").is_some(),
        }
    }

    fn lap(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            let ms = now.duration_since(self.last.get()).as_secs_f64() * 1000.0;
            eprintln!("[timings] {what}: {ms:.1} ms");
            self.last.set(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Site;
    use crate::check::Cache;
    use crate::content::classify_change;
    use std::path::Path;

    /// Changes `rel` on disk and reloads it into `site`, as a small rebuild does; then
    /// the check with the kept cache must say what a fresh load and check say.
    fn change_and_compare(site: &mut Site, cache: &mut Cache, rel: &str, text: Option<&str>) {
        let path = site.root.join(rel);
        match text {
            Some(text) => std::fs::write(&path, text).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let changed = classify_change(&site.root, &site.content, Path::new(rel));
        site.reload(&changed);
        let fresh = Site::load(&site.root).unwrap().check();
        assert_eq!(site.check_with(cache), fresh, "after changing {rel}");
        assert_eq!(site.check(), fresh, "after changing {rel}");
    }

    #[test]
    fn a_kept_check_finds_what_a_fresh_one_finds() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let tmp = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = tmp
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let mut site = Site::load(tmp.path()).unwrap();
        let mut cache = Cache::default();
        assert_eq!(site.check_with(&mut cache), site.check());

        let hh = "content/records/households/hh.yaml";
        let list = std::fs::read_to_string(tmp.path().join(hh)).unwrap();
        // A second list of the same year with the same people: enrolled twice.
        let copy = "content/records/households/hh-copy.yaml";
        change_and_compare(&mut site, &mut cache, copy, Some(&list));
        let errors = site.check_with(&mut cache);
        assert!(errors.iter().any(|d| d.code == "enrolled-twice"));
        // Attached to the next round of the same list: allowed, then detached again.
        let second = "content/notices/hh-second.md";
        let notice = std::fs::read_to_string(tmp.path().join(second)).unwrap();
        let attached = notice.replace("households/hh.yaml", "households/hh-copy.yaml");
        change_and_compare(&mut site, &mut cache, second, Some(&attached));
        let errors = site.check_with(&mut cache);
        assert!(!errors.iter().any(|d| d.code == "enrolled-twice"));
        change_and_compare(&mut site, &mut cache, second, Some(&notice));
        // A broken list, then a list with one person changed, then none.
        change_and_compare(
            &mut site,
            &mut cache,
            copy,
            Some("kind: households\nrows: ["),
        );
        let first_id = list.split("id_number: ").nth(1).unwrap()[..20].to_string();
        let other = list.replacen(&first_id, "\"11010519491231002X\"", 1);
        change_and_compare(&mut site, &mut cache, hh, Some(&other));
        change_and_compare(&mut site, &mut cache, copy, None);
        change_and_compare(&mut site, &mut cache, hh, Some(&list));
        assert!(site.check_with(&mut cache).is_empty());
    }
}
