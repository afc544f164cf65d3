//! One person, one enrolment: the same identity number in two household lists of one
//! year (or two beneficiary lists of one program) is an error, unless the lists are
//! rounds of one chain of notices.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::records::{RecordSet, Text};
use crate::model::rounds::Rounds;
use crate::model::spanned::Spanned;
use crate::model::spanned::span_of;
use crate::privacy::id_number::IdKey;
use rustc_hash::FxBuildHasher;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Every list's identity numbers, by number: where each is listed. Kept between
/// checks by the preview, which tells it of changed files, so a check after a small
/// change does not compare a county's half a million numbers again.
#[derive(Debug, Default)]
pub struct Index {
    /// Lists by number; `None` once removed.
    lists: Vec<Option<Listed>>,
    /// The list of each file, and the digest of the text it was indexed from.
    by_file: HashMap<PathBuf, (usize, u64)>,
    /// List groups that must not share a person: (what, program or year).
    groups: Vec<(String, String)>,
    group_numbers: HashMap<(String, String), u32>,
    /// (group, number) → the lists it is on, each with its first place there.
    places: HashMap<(u32, IdKey<'static>), Vec<(usize, Span)>, FxBuildHasher>,
    /// The entries of `places` with more than one list.
    shared: HashSet<(u32, IdKey<'static>), FxBuildHasher>,
}

#[derive(Debug)]
struct Listed {
    /// The record file's key: lists are compared in the order of the keys.
    key: String,
    file: PathBuf,
    group: u32,
    numbers: Vec<IdKey<'static>>,
}

impl Index {
    /// Forgets a list (its file changed or is gone).
    fn remove(&mut self, file: &Path) {
        let Some((n, _)) = self.by_file.remove(file) else {
            return;
        };
        let Some(listed) = self.lists[n].take() else {
            return;
        };
        for number in listed.numbers {
            let at = (listed.group, number);
            if let Entry::Occupied(mut e) = self.places.entry(at) {
                e.get_mut().retain(|(list, _)| *list != n);
                match e.get().len() {
                    0 => {
                        e.remove();
                    }
                    1 => {
                        self.shared.remove(e.key());
                    }
                    _ => {}
                }
            }
        }
    }

    /// Brings the index to the lists of `site`: lists gone or changed (another digest)
    /// are removed, lists not in it are added.
    fn sync(&mut self, site: &Site) {
        if !self.by_file.is_empty() {
            let present: HashMap<&Path, u64> = site
                .content
                .records
                .values()
                .map(|rf| (rf.file.as_path(), rf.digest))
                .collect();
            let stale: Vec<PathBuf> = self
                .by_file
                .iter()
                .filter(|(f, (_, digest))| present.get(f.as_path()) != Some(digest))
                .map(|(f, _)| f.clone())
                .collect();
            for f in stale {
                self.remove(&f);
            }
        }
        for (key, rf) in &site.content.records {
            if self.by_file.contains_key(&rf.file) {
                continue;
            }
            let Some((group, ids)) = enrolled_on(&rf.set) else {
                continue;
            };
            let group = match self.group_numbers.entry(group) {
                Entry::Occupied(e) => *e.get(),
                Entry::Vacant(e) => {
                    self.groups.push(e.key().clone());
                    *e.insert(self.groups.len() as u32 - 1)
                }
            };
            let n = self.lists.len();
            let mut numbers = Vec::new();
            for id in ids {
                let number = IdKey::of(&id.value).into_owned();
                let places = self.places.entry((group, number.clone())).or_default();
                // Within one list, repeats are reported by the single-file rules.
                if places.last().is_some_and(|(list, _)| *list == n) {
                    continue;
                }
                places.push((n, span_of(id)));
                if places.len() == 2 {
                    self.shared.insert((group, number.clone()));
                }
                numbers.push(number);
            }
            self.by_file.insert(rf.file.clone(), (n, rf.digest));
            self.lists.push(Some(Listed {
                key: key.clone(),
                file: rf.file.clone(),
                group,
                numbers,
            }));
        }
    }
}

/// Lists that must not share a person: households of a year, beneficiaries of a
/// program and year. The first part names the group in messages.
type EnrolmentGroup = (String, String);

/// The group a list enrols people in and the identity numbers on it; `None` for
/// records that enrol nobody.
fn enrolled_on(set: &RecordSet) -> Option<(EnrolmentGroup, Vec<&Spanned<Text>>)> {
    match set {
        RecordSet::Households(l) => Some((
            (format!("{}年贫困户名单", l.year.value), String::new()),
            l.id_numbers().collect(),
        )),
        RecordSet::Beneficiaries(l) => Some((
            (
                l.program.clone(),
                l.year
                    .as_ref()
                    .map(|y| y.value.to_string())
                    .unwrap_or_default(),
            ),
            l.rows.iter().filter_map(|b| b.id_number.as_ref()).collect(),
        )),
        _ => None,
    }
}

/// The rule over every list: the index is filled with the lists not in it yet (all
/// of them, for a build), and every number on two lists of one group is reported.
pub fn check_enrolment(site: &Site, index: &mut Index, out: &mut Vec<Diagnostic>) {
    report_shared(site, index, out);
}

/// For each record file, the first rounds of the chains whose notices attach it: two
/// lists of one chain may share people (a later round repeats an earlier one).
fn chains_of_files(site: &Site) -> BTreeMap<&Path, BTreeSet<&str>> {
    let rounds = Rounds::new(site.notices());
    let mut chains: BTreeMap<&Path, BTreeSet<&str>> = BTreeMap::new();
    for n in site.notices() {
        if let (Some(rf), Some(first)) = (site.records_of(n), rounds.first_round(n)) {
            chains
                .entry(rf.file.as_path())
                .or_default()
                .insert(first.slug.as_str());
        }
    }
    chains
}

fn report_shared(site: &Site, index: &mut Index, out: &mut Vec<Diagnostic>) {
    index.sync(site);
    if index.shared.is_empty() {
        return;
    }
    let chains_of_file = chains_of_files(site);
    let none = BTreeSet::new();
    let chains = |file: &Path| chains_of_file.get(file).unwrap_or(&none);
    for at in &index.shared {
        let Some(places) = index.places.get(at) else {
            continue;
        };
        let mut lists: Vec<(&Listed, Span)> = places
            .iter()
            .filter_map(|(n, span)| index.lists[*n].as_ref().map(|l| (l, *span)))
            .collect();
        lists.sort_by(|a, b| a.0.key.cmp(&b.0.key));
        let Some(&(first, first_span)) = lists.first() else {
            continue;
        };
        let what = &index.groups[at.0 as usize].0;
        for (list, span) in &lists[1..] {
            // Rounds of one chain of notices list the same people again.
            if !chains(&list.file).is_disjoint(chains(&first.file)) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    "enrolled-twice",
                    &list.file,
                    *span,
                    format!(
                        "同一身份证号已列入 {}:{}（{what}），一人不能重复纳入",
                        first.file.display(),
                        first_span.line
                    ),
                )
                .with_help(
                    "若两份名单是同一名单的前后两轮公示，请在后一轮公告里用 follows 写明上一轮",
                ),
            );
        }
    }
}
