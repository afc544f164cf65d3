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
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Something a page can show.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// Everything a notice file holds: its own page and sheets show it all.
    Notice(PathBuf),
    /// What other pages show of a notice: its card (title, kind, stage, date,
    /// period, region, issuer), the list it attaches and the round it follows.
    Card(PathBuf),
    /// A record file, whole.
    Records(PathBuf),
    /// Which notices a region lists, in their order: which card is on which page.
    RegionOrder(String),
    /// The dates, periods and kinds of every notice: what the board and the feed
    /// pick and in which order.
    AllOrder,
    /// Which notices attach a record file.
    Attached(PathBuf),
    /// The fund ledger entries of a project (by its code), wherever they are.
    Ledger(String),
    /// Every fund ledger.
    Ledgers,
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
    units: Mutex<HashMap<Unit, Vec<Input>>>,
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

    fn into_units(self) -> HashMap<Unit, Vec<Input>> {
        self.units.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The units that read an input whose digest differs between `before` and `after`.
    pub fn affected(&mut self, before: &Digests, after: &Digests) -> BTreeSet<Unit> {
        let units = self.units.get_mut().unwrap_or_else(|e| e.into_inner());
        let mut changed: HashMap<&Input, bool> = HashMap::new();
        let mut out = BTreeSet::new();
        for (unit, reads) in units.iter() {
            let hit = reads.iter().any(|input| {
                *changed
                    .entry(input)
                    .or_insert_with(|| before.get(input) != after.get(input))
            });
            if hit {
                out.insert(unit.clone());
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.units.lock().map_or(0, |u| u.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The digest of every input of a site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Digests {
    of: HashMap<Input, u64>,
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

impl Digests {
    pub fn of(site: &Site) -> Digests {
        let mut of = HashMap::new();
        let notices = site.notices();
        for n in notices {
            of.insert(Input::Notice(n.file.clone()), n.digest);
            of.insert(Input::Card(n.file.clone()), card_digest(n));
        }
        for rf in site.content.records.values() {
            of.insert(Input::Records(rf.file.clone()), rf.digest);
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
        let mut regions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for n in &all {
            for r in site.regions.lineage(n.front.region.value.trim()) {
                regions.entry(&r.code).or_default().push(&n.slug);
            }
        }
        for (code, slugs) in regions {
            of.insert(Input::RegionOrder(code.to_string()), hash_of(slugs));
        }
        let mut attached: BTreeMap<&Path, Vec<&str>> = BTreeMap::new();
        for n in notices {
            if let Some(rf) = n
                .records_key()
                .and_then(|key| site.content.records.get(&key))
            {
                attached.entry(&rf.file).or_default().push(&n.slug);
            }
        }
        for (file, slugs) in attached {
            of.insert(Input::Attached(file.to_path_buf()), hash_of(slugs));
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
        for (code, files) in ledgers {
            of.insert(Input::Ledger(code.to_string()), hash_of(files));
        }
        Digests { of }
    }

    fn get(&self, input: &Input) -> Option<u64> {
        self.of.get(input).copied()
    }
}
