//! The village page's history of its households (识别 → 退出 → 返贫, by year), from
//! the lists the published rounds decided. Only the masked name and masked identity
//! number say who a household is: a villager who knows the family can follow it, and
//! nobody learns more of it than the notices already published said.

use super::pages::notice_url;
use super::reads::{Input, Source, note};
use super::view::{HouseholdTimeline, StepLink};
use crate::Site;
use crate::model::history::{Step, decided_household_lists, decided_village_lists};
use crate::privacy::id_number::IdKey;
use crate::privacy::{mask_id_number, mask_name};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// One village's households through the years.
#[derive(Debug, Default)]
pub struct VillageHistory {
    pub years: Vec<i32>,
    pub households: Vec<HouseholdTimeline>,
    /// As a poor village: its steps (认定, 退出) with their years, when they span two
    /// years.
    pub village_steps: Vec<(i32, StepLink)>,
    /// The lists and the deciding notices it was read from, noted by the page.
    lists: BTreeSet<PathBuf>,
    notices: BTreeSet<PathBuf>,
}

impl VillageHistory {
    /// Notes what the history was read from, for the page that shows it.
    pub fn note_reads(&self) {
        for file in &self.lists {
            note(Input::Records(Source::file(file)));
        }
        for file in &self.notices {
            note(Input::Card(Source::file(file)));
        }
    }
}

/// One household as the lists tell it: steps in the order decided.
struct Life {
    order: usize,
    name: String,
    id_number: String,
    villages: BTreeSet<String>,
    /// (year, step, list index)
    steps: Vec<(i32, StepLink, usize)>,
}

/// The history of every village whose published household lists span two years or
/// more (one year's lists are the lists themselves); none when the site's do not.
pub fn village_histories(site: &Site) -> BTreeMap<String, VillageHistory> {
    let mut histories = household_histories(site);
    for (code, (steps, files)) in poor_village_steps(site) {
        let history = histories.entry(code).or_default();
        history.village_steps = steps;
        for (list, notice) in files {
            history.lists.insert(list);
            history.notices.insert(notice);
        }
    }
    histories
}

/// The lists and deciding notices a history was read from.
type Files = Vec<(PathBuf, PathBuf)>;

/// A village's steps as a poor village, by year, and where they were read.
type VillageSteps = (Vec<(i32, StepLink)>, Files);

/// Each poor village's 认定 and 退出, when they span two years or more.
fn poor_village_steps(site: &Site) -> Vec<(String, VillageSteps)> {
    let lists = decided_village_lists(site.notices(), |n| {
        n.records_key()
            .and_then(|k| site.content.records.get(&k))
            .map(|rf| (rf.file.as_path(), &rf.set))
    });
    let mut by_village: BTreeMap<&str, VillageSteps> = BTreeMap::new();
    for d in &lists {
        let Some(step) = Step::of(d.procedure, None) else {
            continue;
        };
        let label = match step {
            Step::Identified { .. } => "认定为贫困村",
            _ => "退出贫困村",
        };
        for v in &d.list.rows {
            let (steps, files) = by_village.entry(v.region.value.trim()).or_default();
            steps.push((
                d.year,
                StepLink {
                    label: label.to_string(),
                    url: notice_url(&d.notice.slug),
                    title: d.notice.front.title.value.clone(),
                },
            ));
            files.push((d.file.to_path_buf(), d.notice.file.clone()));
        }
    }
    by_village
        .into_iter()
        .filter(|(_, (steps, _))| steps.first().map(|s| s.0) != steps.last().map(|s| s.0))
        .map(|(code, steps)| (code.to_string(), steps))
        .collect()
}

fn household_histories(site: &Site) -> BTreeMap<String, VillageHistory> {
    let lists = decided_household_lists(site.notices(), |n| {
        n.records_key()
            .and_then(|k| site.content.records.get(&k))
            .map(|rf| (rf.file.as_path(), &rf.set))
    });
    let years: BTreeSet<i32> = lists.iter().map(|d| d.year).collect();
    if years.len() < 2 {
        return BTreeMap::new();
    }
    let mut lives: HashMap<IdKey<'static>, Life> = HashMap::new();
    for (i, d) in lists.iter().enumerate() {
        for h in d.list.households().iter() {
            let adjustment = h.adjustment.as_ref().map(|a| a.value.as_str());
            let Some(step) = Step::of(d.procedure, adjustment) else {
                continue;
            };
            let order = lives.len();
            let life = lives
                .entry(IdKey::of(&h.id_number.value).into_owned())
                .or_insert_with(|| Life {
                    order,
                    name: String::new(),
                    id_number: mask_id_number(&h.id_number.value),
                    villages: BTreeSet::new(),
                    steps: Vec::new(),
                });
            // The latest list's spelling of the name.
            life.name = mask_name(&h.head.value);
            life.villages.insert(h.region.value.trim().to_string());
            life.steps.push((
                d.year,
                StepLink {
                    label: step.label().to_string(),
                    url: notice_url(&d.notice.slug),
                    title: d.notice.front.title.value.clone(),
                },
                i,
            ));
        }
    }
    let mut by_village: BTreeMap<String, Vec<&Life>> = BTreeMap::new();
    for life in lives.values() {
        for v in &life.villages {
            by_village.entry(v.clone()).or_default().push(life);
        }
    }
    by_village
        .into_iter()
        .filter_map(|(village, mut lives)| {
            let years: Vec<i32> = lives
                .iter()
                .flat_map(|l| l.steps.iter().map(|s| s.0))
                .collect::<BTreeSet<i32>>()
                .into_iter()
                .collect();
            if years.len() < 2 {
                return None;
            }
            lives.sort_by_key(|l| l.order);
            let mut history = VillageHistory {
                years: years.clone(),
                ..VillageHistory::default()
            };
            for life in &lives {
                for (_, _, i) in &life.steps {
                    history.lists.insert(lists[*i].file.to_path_buf());
                    history.notices.insert(lists[*i].notice.file.clone());
                }
                history.households.push(HouseholdTimeline {
                    name: life.name.clone(),
                    id_number: life.id_number.clone(),
                    years: years
                        .iter()
                        .map(|y| {
                            life.steps
                                .iter()
                                .filter(|s| s.0 == *y)
                                .map(|s| s.1.clone())
                                .collect()
                        })
                        .collect(),
                });
            }
            Some((village, history))
        })
        .collect()
}
