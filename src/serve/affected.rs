//! What a change to notices and record files affects: which pages show what those
//! files hold. The preview re-renders just those pages.
//!
//! The answer follows what the pages show (`render::pages`):
//!
//! - a notice page shows its own record file, and the history of its rounds chain:
//!   every round's title, date and period, and the households each round added and
//!   removed, so it depends on every notice and record file of its chain;
//! - a region's print page holds the sheets of the notices on the board in that
//!   region (the notice's own region only);
//! - the board, the region lists up a notice's lineage (only the list page its card is
//!   on, or the pages it moves across when its date changes), the feed and the pages
//!   of the projects in the file a notice publishes show the notice's card (title,
//!   date, status, issuer), not its records;
//! - a project file feeds the project pages, the project cards on the region pages
//!   up each project's lineage, the fund summary, and the project names in fund
//!   ledger tables; a fund ledger feeds the fund summary and the ledger on the pages
//!   of the projects it names.
//!
//! A change is counted on the site before and after it (both footprints), so pages
//! that stop showing a file are re-rendered too. Changes that add or remove pages or
//! move them between regions (a notice added, deleted or moved to another region, a
//! project added or moved) change the [`Shape`]; those take a full build.

use crate::Site;
use crate::content::ChangedSource;
use crate::model::notice::Notice;
use crate::model::records::RecordSet;
use crate::model::rounds::Rounds;
use crate::render::scope::Pages;
use crate::render::{NOTICES_PER_PAGE, newest_first};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What decides which pages exist and which regions list what: equal shapes before
/// and after a change mean the same set of pages and the same region pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Slug, file and region of every notice, in the site's order.
    notices: Vec<(String, PathBuf, String)>,
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
                    (n.slug.clone(), n.file.clone(), region)
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

/// The pages of `site` (as it is now) that show what the `changed` files hold.
pub fn footprint(site: &Site, changed: &BTreeSet<ChangedSource>) -> Pages {
    let mut pages = Pages::default();
    let mut notice_files: BTreeSet<&Path> = BTreeSet::new();
    let mut record_keys: BTreeSet<&str> = BTreeSet::new();
    for c in changed {
        match c {
            ChangedSource::Notice(file) => {
                notice_files.insert(file);
            }
            ChangedSource::Record(_, key) => {
                record_keys.insert(key);
            }
            ChangedSource::Unread | ChangedSource::Other => {}
        }
    }

    let mut projects_changed = false;
    for key in &record_keys {
        match site.content.records.get(*key).map(|rf| &rf.set) {
            Some(RecordSet::Projects(list)) => {
                projects_changed = true;
                for p in &list.rows {
                    pages.projects.insert(p.code.value.trim().to_string());
                    lineage_pages(site, &p.region.value, &mut pages.regions);
                }
            }
            Some(RecordSet::Funds(ledger)) => {
                pages.funds = true;
                let named = ledger.rows.iter().filter_map(|e| e.project.as_ref());
                pages
                    .projects
                    .extend(named.map(|code| code.value.trim().to_string()));
            }
            _ => {}
        }
    }
    if projects_changed {
        pages.funds = true;
    }

    // The notices whose own pages change, before following their rounds.
    let mut seeds: Vec<&Notice> = Vec::new();
    for n in site.notices() {
        let key = n.records_key();
        let attaches_changed = key.as_deref().is_some_and(|k| record_keys.contains(k));
        // Fund ledger tables name the projects.
        let names_projects = projects_changed
            && matches!(
                site.records_of(n).map(|rf| &rf.set),
                Some(RecordSet::Funds(_))
            );
        if notice_files.contains(n.file.as_path()) {
            // Its card: on the board, up its regions, in the feed, and on the pages
            // of the projects in the file it publishes.
            pages.board = true;
            pages.feeds = true;
            list_pages_showing(site, n, &mut pages);
            if let Some(RecordSet::Projects(list)) = site.records_of(n).map(|rf| &rf.set) {
                let codes = list.rows.iter().map(|p| p.code.value.trim().to_string());
                pages.projects.extend(codes);
            }
            seeds.push(n);
        } else if attaches_changed || names_projects {
            seeds.push(n);
        }
    }

    let rounds = Rounds::new(site.notices());
    for n in chains_of(&rounds, seeds) {
        pages.notices.insert(n.slug.clone());
        let region = n.front.region.value.trim();
        pages.region_prints.insert(region.to_string());
    }
    pages
}

/// The pages of the region lists up `n`'s lineage that show its card, and the first
/// page of its own region (whose print link counts the notices on the board there).
fn list_pages_showing(site: &Site, n: &Notice, pages: &mut Pages) {
    let own = n.front.region.value.trim();
    let lineage: Vec<&str> = site.regions.lineage(own).map(|r| r.code.as_str()).collect();
    // How many cards come before `n`'s in each of those lists.
    let mut before = vec![0usize; lineage.len()];
    for m in site.notices() {
        if newest_first(m, n) != Ordering::Less {
            continue;
        }
        for r in site.regions.lineage(m.front.region.value.trim()) {
            if let Some(i) = lineage.iter().position(|code| *code == r.code) {
                before[i] += 1;
            }
        }
    }
    for (code, count) in lineage.iter().zip(before) {
        let list = pages.region_list_pages.entry(code.to_string()).or_default();
        list.insert(count / NOTICES_PER_PAGE + 1);
    }
    pages
        .region_list_pages
        .entry(own.to_string())
        .or_default()
        .insert(1);
}

/// The region and the regions above it.
fn lineage_pages(site: &Site, code: &str, into: &mut BTreeSet<String>) {
    into.extend(site.regions.lineage(code.trim()).map(|r| r.code.clone()));
}

/// `seeds` and every notice linked to them by `follows`, either way.
fn chains_of<'a>(rounds: &Rounds<'a>, seeds: Vec<&'a Notice>) -> Vec<&'a Notice> {
    let mut seen: BTreeMap<&str, &Notice> = BTreeMap::new();
    let mut todo = seeds;
    while let Some(n) = todo.pop() {
        if seen.insert(n.slug.as_str(), n).is_some() {
            continue;
        }
        todo.extend(rounds.previous(n));
        todo.extend(rounds.followers(n).iter().copied());
    }
    seen.into_values().collect()
}
