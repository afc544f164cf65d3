//! One person, one enrolment: the same identity number in two household lists of one
//! year (or two beneficiary lists of one program) is an error, unless the lists are
//! rounds of one chain of notices.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::records::{RecordSet, Text};
use crate::model::rounds::Rounds;
use crate::model::spanned::Spanned;
use crate::model::spanned::span_of;
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
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
    by_file: HashMap<PathBuf, usize>,
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
    pub fn remove(&mut self, file: &Path) {
        let Some(n) = self.by_file.remove(file) else {
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

    /// Adds the lists of `site` not in the index yet, and removes those gone from it.
    fn sync(&mut self, site: &Site) {
        if !self.by_file.is_empty() {
            let present: HashSet<&Path> = site
                .content
                .records
                .values()
                .map(|rf| rf.file.as_path())
                .collect();
            let gone: Vec<PathBuf> = self
                .by_file
                .keys()
                .filter(|f| !present.contains(f.as_path()))
                .cloned()
                .collect();
            for f in gone {
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
            self.by_file.insert(rf.file.clone(), n);
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

/// With an `index` kept from the last check (the preview), only the lists not in
/// it are read; without, the lists are compared afresh.
pub fn check_enrolment(site: &Site, index: Option<&mut Index>, out: &mut Vec<Diagnostic>) {
    match index {
        Some(index) => check_indexed(site, index, out),
        None => check_fresh(site, out),
    }
}

/// A list and the identity numbers on it.
struct Enrolled<'a> {
    file: &'a Path,
    /// First rounds of the chains whose notices attach this list.
    chains: BTreeSet<&'a str>,
    ids: Vec<&'a Spanned<Text>>,
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

/// The rule over the whole site, for a check without a kept [`Index`].
fn check_fresh(site: &Site, out: &mut Vec<Diagnostic>) {
    let chains_of_file = chains_of_files(site);
    // Lists that must not share a person: households by year, beneficiaries by program.
    let mut groups: BTreeMap<(String, String), Vec<Enrolled<'_>>> = BTreeMap::new();
    for rf in site.content.records.values() {
        let Some((group, ids)) = enrolled_on(&rf.set) else {
            continue;
        };
        groups.entry(group).or_default().push(Enrolled {
            file: &rf.file,
            chains: chains_of_file
                .get(rf.file.as_path())
                .cloned()
                .unwrap_or_default(),
            ids,
        });
    }
    for ((what, _), lists) in &groups {
        // Every listing of every number, sorted (in parallel: a province enrols a
        // million people) by number, then list, then row: a number's first listing
        // leads its run, and the lists that repeat it follow in order.
        let mut listings: Vec<(IdKey<'_>, usize, usize)> = lists
            .iter()
            .enumerate()
            .flat_map(|(i, list)| {
                let numbers = list.ids.iter().enumerate();
                numbers.map(move |(row, id)| (IdKey::of(&id.value), i, row))
            })
            .collect();
        listings.par_sort_unstable();
        for run in listings.chunk_by(|a, b| a.0 == b.0) {
            let (_, j, row) = run[0];
            let (other, first) = (&lists[j], lists[j].ids[row]);
            let mut last_list = j;
            for &(_, i, row) in &run[1..] {
                // Within one list, repeats are reported by the single-file rules.
                if i == last_list {
                    continue;
                }
                last_list = i;
                let list = &lists[i];
                // Rounds of one chain of notices list the same people again.
                if !list.chains.is_disjoint(&other.chains) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        "enrolled-twice",
                        list.file,
                        span_of(list.ids[row]),
                        format!(
                            "同一身份证号已列入 {}:{}（{what}），一人不能重复纳入",
                            other.file.display(),
                            span_of(first).line
                        ),
                    )
                    .with_help(
                        "若两份名单是同一名单的前后两轮公示，请在后一轮公告里用 follows 写明上一轮",
                    ),
                );
            }
        }
    }
}

/// The rule with a kept index: the same findings as [`check_fresh`].
fn check_indexed(site: &Site, index: &mut Index, out: &mut Vec<Diagnostic>) {
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

/// An identity number as compared: trimmed, and `x` taken as `X`. A well-formed one
/// (17 digits and a digit or X) is packed into a number, which hashes and compares
/// fast: a county has half a million of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum IdKey<'a> {
    Packed(u64),
    Text(Cow<'a, str>),
}

impl IdKey<'_> {
    fn into_owned(self) -> IdKey<'static> {
        match self {
            IdKey::Packed(n) => IdKey::Packed(n),
            IdKey::Text(t) => IdKey::Text(Cow::Owned(t.into_owned())),
        }
    }

    fn of(raw: &str) -> IdKey<'_> {
        let text = raw.trim();
        let bytes = text.as_bytes();
        if let [digits @ .., last] = bytes
            && digits.len() == 17
            && digits.iter().all(u8::is_ascii_digit)
        {
            let check = match last {
                b'0'..=b'9' => Some(u64::from(last - b'0')),
                b'x' | b'X' => Some(10),
                _ => None,
            };
            if let Some(check) = check {
                let number = digits
                    .iter()
                    .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
                return IdKey::Packed(number * 11 + check);
            }
        }
        if text.bytes().any(|b| b.is_ascii_lowercase()) {
            IdKey::Text(Cow::Owned(text.to_ascii_uppercase()))
        } else {
            IdKey::Text(Cow::Borrowed(text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdKey;

    #[test]
    fn numbers_compare_trimmed_and_case_folded() {
        let key = IdKey::of;
        assert_eq!(key(" 53062319791204992x "), key("53062319791204992X"));
        assert_ne!(key("530623197912049927"), key("530623197912049928"));
        assert_ne!(key("530623197912049927"), key("53062319791204992X"));
        assert!(matches!(key("530623197912049927"), IdKey::Packed(_)));
        assert_eq!(key("abc-1"), key(" ABC-1"));
        assert_ne!(key("5306231979120499"), key("530623197912049927"));
        assert!(matches!(key("99999999999999999X"), IdKey::Packed(_)));
    }
}
