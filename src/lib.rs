//! `gongshi` (公示): a static-site generator for the public disclosure boards of
//! poverty-alleviation work.
//!
//! The data flows load → model → check → render → output:
//! [`Site::load`] reads the folder, [`Site::check`] returns every problem,
//! [`Site::build`] renders the checked site into an output folder atomically.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod import;
pub mod init;
pub mod model;
pub mod output;
pub mod pdf;
pub mod privacy;
pub mod progress;
pub mod publish;
pub mod render;
pub mod serve;
mod theme;
pub mod verify;

use crate::config::SiteConfig;
use crate::content::{Content, LoadFailure, RecordFile};
use crate::diagnostic::{Diagnostic, Severity, SourceMap, sort_diagnostics};
use crate::model::date::Day;
use crate::model::notice::Notice;
use crate::model::records::{Project, RecordSet};
use crate::model::region::{RegionProblem, RegionTree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A loaded site: settings, region tree, notices and record sets.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub content: Content,
    pub regions: RegionTree,
    region_problems: Vec<RegionProblem>,
}

/// A project with the file and year it was recorded in.
#[derive(Debug, Clone, Copy)]
pub struct ProjectEntry<'a> {
    pub project: &'a Project,
    pub year: i32,
    pub file: &'a Path,
}

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder (relative paths are taken from the current directory).
    pub output: PathBuf,
    /// The as-of day that decides 公示中 / 已结束.
    pub today: Day,
    /// The portal address the site is published at (for QR codes on sheets);
    /// overrides `base_url` in the settings.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Publish notices dated after `today` too (the preview; `build --include-future`).
    pub include_future: bool,
}

/// What a build may produce besides the site itself.
#[derive(Debug, Clone, Default)]
pub struct BuildExtras {
    /// `print.pdf` beside every sheet page.
    pub pdf: bool,
    /// `notice.html` beside every notice page: one self-contained file (CSS inline)
    /// for portal systems that accept a single uploaded file.
    pub single_file: bool,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum BuildFailure {
    /// The content has problems (exit 1).
    Content(Vec<Diagnostic>),
    /// Reading or writing files failed, the output folder is not ours, or Chromium
    /// could not print the PDFs asked for (exit 2).
    Output(output::OutputError),
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// The output this build replaced, renamed aside: removed when dropped, or
    /// handed to a background process.
    pub old_output: output::OldOutput,
    /// Notices dated after the as-of day, left out of the output.
    pub held_back: Vec<HeldBack>,
    /// The first day after the as-of day on which some page reads differently: the
    /// site must be built again that day.
    pub next_rebuild: Option<Day>,
    /// What each page read (the preview re-renders a page when that changes).
    pub reads: render::reads::PageReads,
    /// Notice versions in this output that the publication ledger does not hold yet.
    pub unrecorded: Vec<render::versions::Unrecorded>,
}

/// A notice left out of the output because it is not yet issued.
#[derive(Debug, Clone)]
pub struct HeldBack {
    pub file: PathBuf,
    pub title: String,
    pub date: Day,
}

impl HeldBack {
    pub fn of(notice: &Notice) -> HeldBack {
        HeldBack {
            file: notice.file.clone(),
            title: notice.front.title.value.clone(),
            date: notice.front.date.value,
        }
    }
}

impl Site {
    /// Loads a site: every file read, parsed, and (record files) checked on its own
    /// and compiled to what the site keeps of it ([`content::RecordFile`]).
    pub fn load(root: &Path) -> Result<Site, LoadFailure> {
        Site::load_reporting(root, &progress::Silent)
    }

    /// Loads, telling `progress` of every file read.
    pub fn load_reporting(
        root: &Path,
        progress: &dyn progress::Progress,
    ) -> Result<Site, LoadFailure> {
        Site::load_from(root, progress, None)
    }

    /// Loads the site at `root` again, taking from `earlier` (the same site, loaded
    /// before) every record file unchanged since: the preview's full rebuild.
    pub fn reload_all(root: &Path, earlier: Option<Site>) -> Result<Site, LoadFailure> {
        Site::load_from(root, &progress::Silent, earlier.map(|s| s.content))
    }

    fn load_from(
        root: &Path,
        progress: &dyn progress::Progress,
        earlier: Option<Content>,
    ) -> Result<Site, LoadFailure> {
        let content = content::load_content(root, progress, check::check_list_alone, earlier)?;
        let (regions, region_problems) = RegionTree::build(&content.config.regions);
        Ok(Site {
            root: root.to_path_buf(),
            content,
            regions,
            region_problems,
        })
    }

    /// Reads a changed notice or record file again (the preview), compiled as
    /// loading compiles it.
    pub fn reload(&mut self, changed: &content::ChangedSource) {
        content::reload_source(
            &self.root.clone(),
            &mut self.content,
            &self.regions,
            check::check_list_alone,
            changed,
        );
    }

    /// Publishes at `url` (`--base-url`), whatever `site.yaml` says: the checks and the
    /// pages then see the address the site is really built for.
    pub fn use_base_url(&mut self, url: &str) {
        self.content.config.base_url = Some(model::spanned::Spanned::new(
            url.to_string(),
            diagnostic::Span::default(),
        ));
    }

    pub fn config(&self) -> &SiteConfig {
        &self.content.config
    }

    pub fn notices(&self) -> &[Notice] {
        &self.content.notices
    }

    pub fn sources(&self) -> &SourceMap {
        &self.content.sources
    }

    /// Today in the site's time zone (Asia/Shanghai when unset or unknown): the default
    /// as-of day.
    pub fn today(&self) -> Day {
        Day(jiff::Timestamp::now()
            .to_zoned_datetime(self.time_zone())
            .date())
    }

    /// The site's time zone (Asia/Shanghai when unset or unknown).
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        self.config()
            .time_zone
            .as_ref()
            .and_then(|tz| jiff::tz::TimeZone::get(&tz.value).ok())
            .or_else(|| jiff::tz::TimeZone::get("Asia/Shanghai").ok())
            .unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Who issued `notice`: its own `issuer`, else the site's.
    pub fn issuer_of<'a>(&'a self, notice: &'a Notice) -> &'a str {
        notice
            .front
            .issuer
            .as_ref()
            .map_or(&self.config().issuer.value, |i| &i.value)
    }

    /// How to object to `notice`, by when, to whom, and the phones: the sentence that
    /// heads every sheet and opens the CMS fragment.
    pub fn objection_sentence(&self, notice: &Notice) -> String {
        let contact = &self.config().contact;
        model::publication::objection_sentence(
            notice,
            self.issuer_of(notice),
            model::contact::local_contact(notice, &self.regions),
            &contact.hotline,
            &contact.phone,
        )
    }

    /// The information index (信息索引) of `notice`.
    pub fn information_index(&self, notice: &Notice) -> model::information_index::InformationIndex {
        let county = self
            .config()
            .regions
            .first()
            .map_or("", |r| r.code.value.trim());
        model::information_index::InformationIndex::of(
            notice,
            self.issuer_of(notice),
            &self.config().information_index,
            county,
        )
    }

    /// The record set a notice attaches, if it loaded.
    pub fn records_of(&self, notice: &Notice) -> Option<&RecordFile> {
        let rf = notice
            .records_key()
            .and_then(|key| self.content.records.get(&key))?;
        render::reads::note(render::reads::Input::Records(render::reads::Source::file(
            &rf.file,
        )));
        Some(rf)
    }

    /// The households of the list `notice` attaches, if it attaches one (unpacked).
    pub fn households_of(
        &self,
        notice: &Notice,
    ) -> Option<std::borrow::Cow<'_, [model::records::Household]>> {
        match self.records_of(notice).map(|rf| &rf.set) {
            Some(RecordSet::Households(list)) => Some(list.households()),
            _ => None,
        }
    }

    /// Every project in every project file, by code; the first of duplicates wins
    /// (duplicates are reported by the checks).
    pub fn projects(&self) -> BTreeMap<&str, ProjectEntry<'_>> {
        let mut map = BTreeMap::new();
        for rf in self.content.records.values() {
            if let RecordSet::Projects(list) = &rf.set {
                render::reads::note(render::reads::Input::Records(render::reads::Source::file(
                    &rf.file,
                )));
                for p in &list.rows {
                    map.entry(p.code.value.as_str()).or_insert(ProjectEntry {
                        project: p,
                        year: list.year.value,
                        file: &rf.file,
                    });
                }
            }
        }
        map
    }

    /// The codes of the project list `notice` attaches, if it attaches one.
    pub fn attached_project_codes<'a>(&'a self, notice: &'a Notice) -> Option<Vec<&'a str>> {
        match self.records_of(notice).map(|rf| &rf.set) {
            Some(RecordSet::Projects(list)) => {
                Some(list.rows.iter().map(|p| p.code.value.trim()).collect())
            }
            _ => None,
        }
    }

    /// Every project's stages as published, by code, in date order
    /// (see [`model::project_stage`]).
    pub fn project_timelines(&self) -> BTreeMap<&str, Vec<model::project_stage::StageEvent<'_>>> {
        model::project_stage::timelines(self.notices(), |n| self.attached_project_codes(n))
    }

    /// The fund ledger entries that name a project, by its code, in ledger order.
    pub fn ledger_rows(&self) -> BTreeMap<&str, Vec<model::project_funds::LedgerRow<'_>>> {
        let mut out: BTreeMap<&str, Vec<model::project_funds::LedgerRow<'_>>> = BTreeMap::new();
        for rf in self.content.records.values() {
            if let RecordSet::Funds(ledger) = &rf.set {
                for entry in &ledger.rows {
                    if let Some(code) = &entry.project {
                        out.entry(code.value.trim()).or_default().push(
                            model::project_funds::LedgerRow {
                                file: &rf.file,
                                entry,
                            },
                        );
                    }
                }
            }
        }
        out
    }

    /// Every problem in the site, errors and warnings, in a stable order.
    pub fn check(&self) -> Vec<Diagnostic> {
        self.check_with(&mut check::Cache::default())
    }

    /// [`Site::check`] with what an earlier check of this site kept in `cache` (the
    /// preview keeps it between saves; a build starts with an empty one).
    pub fn check_with(&self, cache: &mut check::Cache) -> Vec<Diagnostic> {
        let mut diags = self.content.diagnostics.clone();
        diags.extend(check::check_site(self, &self.region_problems, cache));
        sort_diagnostics(&mut diags);
        diags
    }

    /// [`Site::check`], and when that finds no error, the notices on record against
    /// the publication ledger as a build on `today` would compare them (a build does
    /// it while rendering; `gongshi check` renders nothing).
    pub fn check_published(&self, today: Day) -> Vec<Diagnostic> {
        let mut diags = self.check();
        if !diags.iter().any(|d| d.severity == Severity::Error) {
            diags.extend(render::ledger_problems(self, today));
            sort_diagnostics(&mut diags);
        }
        diags
    }

    /// Checks, then renders into `opts.output`. Nothing is written unless the check
    /// passes, and the previous output is replaced only when the new one is complete.
    pub fn build(&mut self, opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
        self.build_with(opts, &BuildExtras::default())
    }

    /// Builds with the optional extras: PDFs of the sheets (printed by the Chromium
    /// found on PATH, before the new output replaces the old) and single-file
    /// notices for portal CMSs.
    pub fn build_with(
        &mut self,
        opts: &BuildOptions,
        extras: &BuildExtras,
    ) -> Result<BuildReport, BuildFailure> {
        self.build_reporting(opts, extras, &progress::Silent)
    }

    /// [`Site::build_with`], telling `progress` how far it has got.
    pub fn build_reporting(
        &mut self,
        opts: &BuildOptions,
        extras: &BuildExtras,
        progress: &dyn progress::Progress,
    ) -> Result<BuildReport, BuildFailure> {
        output::check_place(&opts.output, &self.root).map_err(BuildFailure::Output)?;
        let chromium = if extras.pdf {
            Some(pdf::find_chromium().ok_or_else(|| {
                BuildFailure::Output(output::OutputError::Printing(pdf::NO_CHROMIUM.into()))
            })?)
        } else {
            None
        };
        progress.stage(progress::Stage::Checking, 0);
        let diags = self.check();
        let fails = |d: &Diagnostic| d.severity == Severity::Error || opts.deny_warnings;
        if diags.iter().any(fails) {
            return Err(BuildFailure::Content(diags));
        }
        // A notice held back today is published by an unattended rebuild on its day:
        // a number that would leak from it must stop this build, not that one.
        self.guard_held_back(opts)?;
        // Every notice was checked; only those issued by the as-of day are rendered,
        // and the others are put back afterwards (the preview keeps its site).
        let next_rebuild = model::publication::next_change(self.notices(), opts.today);
        let (issued, not_yet): (Vec<Notice>, Vec<Notice>) =
            std::mem::take(&mut self.content.notices)
                .into_iter()
                .partition(|n| opts.include_future || model::publication::is_issued(n, opts.today));
        self.content.notices = issued;
        // A record file only notices not yet issued attach (a project list, a fund
        // ledger) is not published either: its projects and sums would show first.
        let attached = |notices: &[Notice]| -> std::collections::BTreeSet<String> {
            notices.iter().filter_map(Notice::records_key).collect()
        };
        let published = attached(&self.content.notices);
        let withheld: Vec<(String, RecordFile)> = attached(&not_yet)
            .into_iter()
            .filter(|key| !published.contains(key))
            .filter_map(|key| self.content.records.remove_entry(&key))
            .collect();
        let held_back = not_yet.iter().map(HeldBack::of).collect();
        let rendered = self.render_into_output(opts, extras, progress, chromium.as_deref());
        self.content.notices.extend(not_yet);
        self.content.notices.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.content.records.extend(withheld);
        let (pages, reads, unrecorded, old_output) = rendered?;
        Ok(BuildReport {
            pages,
            reads,
            unrecorded,
            warnings: diags,
            old_output,
            held_back,
            next_rebuild,
        })
    }

    /// Renders the pages of the notices not yet issued in memory, through the leak
    /// guard, and drops them.
    fn guard_held_back(&self, opts: &BuildOptions) -> Result<(), BuildFailure> {
        if opts.include_future {
            return Ok(());
        }
        let notices: std::collections::BTreeSet<String> = self
            .notices()
            .iter()
            .filter(|n| !model::publication::is_issued(n, opts.today))
            .map(|n| n.slug.clone())
            .collect();
        if notices.is_empty() {
            return Ok(());
        }
        let scope = render::scope::Scope::Only(render::scope::Pages {
            notices,
            ..Default::default()
        });
        match render::render_scoped(self, opts, &scope) {
            Ok(_) => Ok(()),
            Err(render::RenderFailure::Content(d)) => Err(BuildFailure::Content(d)),
            Err(render::RenderFailure::Output(e)) => Err(BuildFailure::Output(e)),
        }
    }

    /// Renders the notices the site holds now into a new output and swaps it in.
    fn render_into_output(
        &self,
        opts: &BuildOptions,
        extras: &BuildExtras,
        progress: &dyn progress::Progress,
        chromium: Option<&Path>,
    ) -> Result<
        (
            usize,
            render::reads::PageReads,
            Vec<render::versions::Unrecorded>,
            output::OldOutput,
        ),
        BuildFailure,
    > {
        let mut staging = output::Staging::begin(&opts.output).map_err(BuildFailure::Output)?;
        let (pages, reads, unrecorded) =
            match render::render_site(self, opts, extras.single_file, &mut staging, progress) {
                Ok(rendered) => rendered,
                Err(render::RenderFailure::Content(d)) => {
                    staging.abandon();
                    return Err(BuildFailure::Content(d));
                }
                Err(render::RenderFailure::Output(e)) => {
                    staging.abandon();
                    return Err(BuildFailure::Output(e));
                }
            };
        if let Some(chromium) = chromium
            && let Err(e) = pdf::print_pdfs(chromium, staging.path())
        {
            staging.abandon();
            return Err(BuildFailure::Output(output::OutputError::Printing(e)));
        }
        let old_output = staging.commit().map_err(BuildFailure::Output)?;
        Ok((pages, reads, unrecorded, old_output))
    }
}
