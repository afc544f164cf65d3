//! What each page read while it was rendered. The preview re-renders a page when
//! something it read has changed since it was written — and nothing else: there is no
//! map of which page shows what beside the rendering code itself. A page notes an
//! input where the rendering code reads it ([`note`]); [`recording`] collects the
//! notes of one page (its [`Unit`]).
//!
//! Inputs are parts of source files (a notice whole, or only its card) and a few
//! things derived from many files (the order of a region's list), each with a digest
//! ([`Digests`]): an input has changed when its digest has.

use crate::Site;
use crate::model::notice::Notice;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

/// A source file or a name (a region or project code), by a 64-bit hash of its path
/// or name: inputs are compared by the hundred thousand on every save, and paths
/// compare and hash component by component. (Two of a site's twenty thousand files
/// share a hash with odds of one in ten billion.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source(u64);

impl Source {
    pub fn file(path: &Path) -> Source {
        Source::name(&path.to_string_lossy())
    }

    pub fn name(name: &str) -> Source {
        // SipHash with fixed keys: well spread, and the same in every run.
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new();
        name.hash(&mut h);
        Source(h.finish())
    }
}

/// Something a page can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// Everything a notice file holds: its own page and sheets show it all.
    Notice(Source),
    /// What other pages show of a notice: its card (title, kind, stage, date,
    /// period, region, issuer), the list it attaches and the round it follows.
    Card(Source),
    /// A record file, whole.
    Records(Source),
    /// Which notices a region lists (by its code), in their order: which card is on
    /// which page.
    RegionOrder(Source),
    /// The dates, periods and kinds of every notice: what the board and the feed
    /// pick and in which order.
    AllOrder,
    /// Which notices attach a record file.
    Attached(Source),
    /// The fund ledger entries of a project (by its code), wherever they are.
    Ledger(Source),
    /// Every fund ledger.
    Ledgers,
    /// What a project's life is read from besides its ledgers: the notices that say
    /// `project:`, the 带贫 lists naming a project and the household lists they are
    /// checked against.
    ProjectLife,
}

/// What the preview renders again as one: all the files of one page and what
/// belongs only to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `notices/SLUG/`: the page, its sheets, its data files.
    Notice(String),
    /// Page N of a region's list (the first page also holds its projects).
    RegionPage(String, usize),
    /// A region's print page.
    RegionPrint(String),
    Project(String),
    Funds,
    Board,
    Feed,
    /// Page N of the list of every notice.
    AllNotices(usize),
    /// The HTML site map.
    SiteMap,
    /// The search index, `search/`.
    Search,
}

impl Unit {
    /// Adds the output pages of this unit to `pages`.
    pub fn add_to(&self, pages: &mut super::scope::Pages) {
        match self {
            Unit::Notice(slug) => {
                pages.notices.insert(slug.clone());
            }
            Unit::RegionPage(code, n) => {
                pages
                    .region_list_pages
                    .entry(code.clone())
                    .or_default()
                    .insert(*n);
            }
            Unit::RegionPrint(code) => {
                pages.region_prints.insert(code.clone());
            }
            Unit::Project(code) => {
                pages.projects.insert(code.clone());
            }
            Unit::Funds => pages.funds = true,
            Unit::Board => pages.board = true,
            Unit::Feed => pages.feeds = true,
            Unit::AllNotices(n) => {
                pages.all_notices.insert(*n);
            }
            Unit::SiteMap => pages.site_map = true,
            Unit::Search => pages.search = true,
        }
    }
}

thread_local! {
    /// The notes of the pages being rendered on this thread, innermost last.
    static RECORDING: RefCell<Vec<Vec<Input>>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the page being rendered on this thread reads `input`.
pub fn note(input: Input) {
    RECORDING.with(|r| {
        if let Some(top) = r.borrow_mut().last_mut() {
            top.push(input);
        }
    });
}

/// Runs `f`, returning what it noted. `f` must not hand work to other threads: a
/// note made there is lost.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Input>) {
    RECORDING.with(|r| r.borrow_mut().push(Vec::new()));
    let out = f();
    let mut reads = RECORDING.with(|r| r.borrow_mut().pop().unwrap_or_default());
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}

/// What every page rendered read, by unit.
#[derive(Debug, Default)]
pub struct PageReads {
    units: Mutex<FxHashMap<Unit, Vec<Input>>>,
}

impl PageReads {
    pub fn set(&self, unit: Unit, reads: Vec<Input>) {
        self.units
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(unit, reads);
    }

    /// The reads of `other`'s units replace those kept here.
    pub fn update(&mut self, other: PageReads) {
        let units = self.units.get_mut().unwrap_or_else(|e| e.into_inner());
        units.extend(other.into_units());
    }

    fn into_units(self) -> FxHashMap<Unit, Vec<Input>> {
        self.units.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The units that read an input whose digest differs between `before` and `after`.
    pub fn affected(&mut self, before: &Digests, after: &Digests) -> BTreeSet<Unit> {
        let units = self.units.get_mut().unwrap_or_else(|e| e.into_inner());
        let changed: FxHashSet<Input> = after
            .of
            .iter()
            .filter(|(input, digest)| before.of.get(input) != Some(*digest))
            .map(|(input, _)| *input)
            .chain(
                before
                    .of
                    .keys()
                    .filter(|i| !after.of.contains_key(i))
                    .copied(),
            )
            .collect();
        if changed.is_empty() {
            return BTreeSet::new();
        }
        units
            .iter()
            .filter(|(_, reads)| reads.iter().any(|input| changed.contains(input)))
            .map(|(unit, _)| unit.clone())
            .collect()
    }
}

/// The digest of every input of a site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Digests {
    of: FxHashMap<Input, u64>,
}

fn hash_of(value: impl Hash) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(value)
}

/// What a card shows of a notice, and what other pages follow from it.
fn card_digest(n: &Notice) -> u64 {
    let f = &n.front;
    hash_of((
        &n.slug,
        &f.title.value,
        n.kind().label(),
        f.stage.value.label(),
        f.date.value,
        n.period(),
        &f.region.value,
        f.issuer.as_ref().map(|i| &i.value),
        n.records_key(),
        f.follows.as_ref().map(|s| &s.value),
    ))
}

/// See [`Input::ProjectLife`].
fn project_life_digest(site: &Site) -> u64 {
    use crate::model::records::RecordSet;
    let stages: Vec<(&str, u64)> = site
        .notices()
        .iter()
        .filter(|n| n.front.project.is_some())
        .map(|n| (n.slug.as_str(), n.digest))
        .collect();
    let benefits = site
        .content
        .records
        .values()
        .any(|rf| matches!(&rf.set, RecordSet::Beneficiaries(l) if l.project.is_some()));
    let files: Vec<(&Path, u64)> = site
        .content
        .records
        .values()
        .filter(|rf| match &rf.set {
            RecordSet::Beneficiaries(l) => l.project.is_some(),
            RecordSet::Households(_) => benefits,
            _ => false,
        })
        .map(|rf| (rf.file.as_path(), rf.digest))
        .collect();
    hash_of((stages, files))
}

impl Digests {
    pub fn of(site: &Site) -> Digests {
        let notices = site.notices();
        let mut of = FxHashMap::default();
        of.reserve(2 * notices.len() + 2 * site.content.records.len());
        for n in notices {
            let file = Source::file(&n.file);
            of.insert(Input::Notice(file), n.digest);
            of.insert(Input::Card(file), card_digest(n));
        }
        for rf in site.content.records.values() {
            of.insert(Input::Records(Source::file(&rf.file)), rf.digest);
        }
        let mut all: Vec<&Notice> = notices.iter().collect();
        all.sort_by(|a, b| super::newest_first(a, b));
        of.insert(
            Input::AllOrder,
            hash_of(
                all.iter()
                    .map(|n| (&n.slug, n.front.date.value, n.period(), n.kind().label()))
                    .collect::<Vec<_>>(),
            ),
        );
        let mut regions: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for n in &all {
            for r in site.regions.lineage(n.front.region.value.trim()) {
                regions.entry(&r.code).or_default().push(&n.slug);
            }
        }
        for (code, slugs) in regions {
            of.insert(Input::RegionOrder(Source::name(code)), hash_of(slugs));
        }
        let mut attached: FxHashMap<&Path, Vec<&str>> = FxHashMap::default();
        for n in notices {
            if let Some(rf) = n
                .records_key()
                .and_then(|key| site.content.records.get(&key))
            {
                attached.entry(rf.file.as_path()).or_default().push(&n.slug);
            }
        }
        for (file, slugs) in attached {
            of.insert(Input::Attached(Source::file(file)), hash_of(slugs));
        }
        let mut ledgers: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
        for rf in site.content.records.values() {
            if let crate::model::records::RecordSet::Funds(ledger) = &rf.set {
                for code in ledger.rows.iter().filter_map(|e| e.project.as_ref()) {
                    ledgers
                        .entry(code.value.trim())
                        .or_default()
                        .insert(rf.digest);
                }
            }
        }
        let all_ledgers: Vec<(&Path, u64)> = site
            .content
            .records
            .values()
            .filter(|rf| matches!(rf.set, crate::model::records::RecordSet::Funds(_)))
            .map(|rf| (rf.file.as_path(), rf.digest))
            .collect();
        of.insert(Input::Ledgers, hash_of(all_ledgers));
        of.insert(Input::ProjectLife, project_life_digest(site));
        for (code, files) in ledgers {
            of.insert(Input::Ledger(Source::name(code)), hash_of(files));
        }
        Digests { of }
    }
}
