//! One person, one enrolment: the same identity number in two household lists of one
//! year (or two beneficiary lists of one program) is an error, unless the lists are
//! rounds of one chain of notices.

use crate::Site;
use crate::content::spanned::Spanned;
use crate::content::yaml::span_of;
use crate::diagnostic::Diagnostic;
use crate::model::records::{RecordSet, Text};
use crate::model::rounds::Rounds;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// A list and the identity numbers on it.
struct Enrolled<'a> {
    file: &'a Path,
    /// First rounds of the chains whose notices attach this list.
    chains: BTreeSet<&'a str>,
    ids: Vec<&'a Spanned<Text>>,
}

pub fn check_enrolment(site: &Site, out: &mut Vec<Diagnostic>) {
    let rounds = Rounds::new(site.notices());
    let mut chains_of_file: BTreeMap<&Path, BTreeSet<&str>> = BTreeMap::new();
    for n in site.notices() {
        if let (Some(rf), Some(first)) = (site.records_of(n), rounds.first_round(n)) {
            chains_of_file
                .entry(rf.file.as_path())
                .or_default()
                .insert(first.slug.as_str());
        }
    }
    // Lists that must not share a person: households by year, beneficiaries by program.
    let mut groups: BTreeMap<(String, String), Vec<Enrolled<'_>>> = BTreeMap::new();
    for rf in site.content.records.values() {
        let (group, ids): ((String, String), Vec<&Spanned<Text>>) = match &rf.set {
            RecordSet::Households(l) => (
                (format!("{}年贫困户名单", l.year.value), String::new()),
                l.rows.iter().map(|h| &h.id_number).collect(),
            ),
            RecordSet::Beneficiaries(l) => (
                (
                    l.program.clone(),
                    l.year
                        .as_ref()
                        .map(|y| y.value.to_string())
                        .unwrap_or_default(),
                ),
                l.rows.iter().filter_map(|b| b.id_number.as_ref()).collect(),
            ),
            _ => continue,
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
        // Hash maps of inline keys: a province enrols a million people.
        let people: usize = lists.iter().map(|l| l.ids.len()).sum();
        let mut first_seen: HashMap<Text, (usize, &Spanned<Text>)> = HashMap::with_capacity(people);
        for (i, list) in lists.iter().enumerate() {
            // Within one list, repeats are reported by the single-file rules.
            let mut in_this: HashSet<Text> = HashSet::with_capacity(list.ids.len());
            for id in &list.ids {
                let mut key = Text::from(id.value.trim());
                key.make_ascii_uppercase();
                if !in_this.insert(key.clone()) {
                    continue;
                }
                match first_seen.get(&key) {
                    None => {
                        first_seen.insert(key, (i, id));
                    }
                    Some(&(j, first)) => {
                        let other = &lists[j];
                        let same_chain = !list.chains.is_disjoint(&other.chains);
                        if !same_chain {
                            out.push(
                                Diagnostic::error(
                                    "enrolled-twice",
                                    list.file,
                                    span_of(id),
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
        }
    }
}
