//! One person, one enrolment: the same identity number in two household lists of one
//! year (or two beneficiary lists of one program) is an error, unless the lists are
//! rounds of one chain of notices.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::procedure::Procedure;
use crate::model::records::{RecordSet, Text};
use crate::model::rounds::Rounds;
use crate::model::spanned::Spanned;
use crate::model::spanned::span_of;
use crate::privacy::id_number::IdKey;
use rustc_hash::FxBuildHasher;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Every list's identity numbers, by number: where each is listed. A build fills
/// it from empty; the preview keeps it between checks and brings it up to date by
/// the lists' digests, so a check after a small change does not compare a county's
/// half a million numbers again.
#[derive(Debug, Default)]
pub struct Index {
    /// Lists by number; `None` once removed.
    lists: Vec<Option<Listed>>,
    /// The list of each file, and the digest of the text it was indexed from.
    by_file: HashMap<PathBuf, (usize, u64)>,
    /// List groups that must not share a person: (what, program or year).
    groups: Vec<(String, String)>,
    group_numbers: HashMap<(String, String), u32>,
    /// Numbers that are not well formed, by their text, numbered above every packed
    /// one: every number is then a `u64`.
    other_numbers: HashMap<Box<str>, u64>,
    /// (group, number) → the first list it is on, and its place there. Most people
    /// are on one list: 32 bytes each, nothing allocated beside.
    first: HashMap<Listing, Place, FxBuildHasher>,
    /// (group, number) → the other lists it is on: the people listed twice.
    more: HashMap<Listing, Vec<Place>, FxBuildHasher>,
}

/// A number as listed in a group of lists.
type Listing = (u32, u64);

/// A list (by number) and the place of a number on it.
type Place = (u32, Span);

#[derive(Debug)]
struct Listed {
    /// The record file's key: lists are compared in the order of the keys.
    key: String,
    file: PathBuf,
}

impl Index {
    /// Forgets a list (its file changed or is gone). The preview's rare case: every
    /// entry is looked at rather than a list of each list's numbers kept.
    fn remove(&mut self, file: &Path) {
        let Some((n, _)) = self.by_file.remove(file) else {
            return;
        };
        self.lists[n] = None;
        let n = n as u32;
        let mut promote = Vec::new();
        self.first.retain(|at, (list, _)| {
            if *list != n {
                return true;
            }
            promote.push(*at);
            false
        });
        self.more.retain(|_, others| {
            others.retain(|(list, _)| *list != n);
            !others.is_empty()
        });
        for at in promote {
            if let Entry::Occupied(mut more) = self.more.entry(at) {
                let next = more.get_mut().remove(0);
                if more.get().is_empty() {
                    more.remove();
                }
                self.first.insert(at, next);
            }
        }
    }

    /// `id` as a `u64`: the packed number, or the number given to its text.
    fn number(&mut self, id: &str) -> u64 {
        match IdKey::of(id) {
            IdKey::Packed(n) => n,
            IdKey::Text(text) => {
                let next = (1 << 63) + self.other_numbers.len() as u64;
                *self
                    .other_numbers
                    .entry(text.into_owned().into_boxed_str())
                    .or_insert(next)
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
            let list = n as u32;
            for id in ids {
                let at = (group, self.number(&id.value));
                let place = (list, span_of(id));
                match self.first.entry(at) {
                    Entry::Vacant(e) => {
                        e.insert(place);
                    }
                    // Within one list, repeats are reported by the single-file rules.
                    Entry::Occupied(e) if e.get().0 == list => {}
                    Entry::Occupied(_) => {
                        let others = self.more.entry(at).or_default();
                        if others.last().is_none_or(|(l, _)| *l != list) {
                            others.push(place);
                        }
                    }
                }
            }
            self.by_file.insert(rf.file.clone(), (n, rf.digest));
            self.lists.push(Some(Listed {
                key: key.clone(),
                file: rf.file.clone(),
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
        // Exit and adjustment lists name people already enrolled: each is its own group.
        RecordSet::Households(l) => Some((
            (
                match l.procedure() {
                    Procedure::Identification => format!("{}年贫困户名单", l.year.value),
                    other => format!("{}年贫困户{}名单", l.year.value, other.label()),
                },
                String::new(),
            ),
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
    if index.more.is_empty() {
        return;
    }
    let chains_of_file = chains_of_files(site);
    let none = BTreeSet::new();
    let chains = |file: &Path| chains_of_file.get(file).unwrap_or(&none);
    for (at, others) in &index.more {
        let Some(first) = index.first.get(at) else {
            continue;
        };
        let mut lists: Vec<(&Listed, Span)> = std::iter::once(first)
            .chain(others)
            .filter_map(|(n, span)| index.lists[*n as usize].as_ref().map(|l| (l, *span)))
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
