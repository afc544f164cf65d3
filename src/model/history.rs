//! A household's life across years, by identity number: identified (识别, 新识别),
//! lifted out (退出), poor again (返贫), gone (自然减少) — each step read from the list
//! a chain of rounds decided. The checks walk it for steps out of order; the village
//! page shows it.
//!
//! A chain's decision is the list of its last round (the 公告, or the latest round so
//! far): earlier rounds are proposals the later ones replace. Lists no notice attaches
//! decide nothing.

use crate::diagnostic::Span;
use crate::model::date::Day;
use crate::model::notice::Notice;
use crate::model::procedure::{Adjustment, Procedure};
use crate::model::records::{HouseholdList, RecordSet, VillageList};
use crate::model::rounds::Rounds;
use crate::model::spanned::span_of;
use std::collections::BTreeMap;
use std::path::Path;

/// One step of a household's (or a village's) life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Found poor: on an identification list, or 新识别 on an adjustment list.
    Identified {
        newly: bool,
    },
    Exited,
    Returned,
    Reduced,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Identified { newly: false } => "识别",
            Step::Identified { newly: true } => "新识别",
            Step::Exited => "退出",
            Step::Returned => "返贫",
            Step::Reduced => "自然减少",
        }
    }

    /// The step a row of a list of `procedure` is; `None` for an adjustment row
    /// that does not say what it is (reported by the rules of its file).
    pub fn of(procedure: Procedure, adjustment: Option<&str>) -> Option<Step> {
        match procedure {
            Procedure::Identification => Some(Step::Identified { newly: false }),
            Procedure::Exit => Some(Step::Exited),
            Procedure::Adjustment => Some(match Adjustment::of(adjustment?)? {
                Adjustment::NewlyIdentified => Step::Identified { newly: true },
                Adjustment::Returned => Step::Returned,
                Adjustment::Reduced => Step::Reduced,
            }),
        }
    }
}

/// A list some chain of rounds decided.
#[derive(Debug, Clone, Copy)]
pub struct Decided<'a, L> {
    pub file: &'a Path,
    pub list: &'a L,
    pub year: i32,
    /// Where the list says its year.
    pub year_span: Span,
    pub procedure: Procedure,
    /// The round that decided it (the last of its chain).
    pub notice: &'a Notice,
    /// The date its first round was issued: lists of one year are in this order.
    pub started: Day,
}

/// The decided lists of `kind`, in the order they were decided: by year, then by
/// the date their chain began, then by file.
fn decided<'a, L>(
    notices: &'a [Notice],
    records_of: impl Fn(&'a Notice) -> Option<(&'a Path, &'a RecordSet)>,
    list_of: impl Fn(&'a RecordSet) -> Option<(&'a L, i32, Span, Procedure)>,
) -> Vec<Decided<'a, L>> {
    let rounds = Rounds::new(notices);
    let mut by_file: BTreeMap<&Path, Decided<'a, L>> = BTreeMap::new();
    for n in notices {
        // Only the last round of a chain decides.
        if !rounds.followers(n).is_empty() {
            continue;
        }
        let Some((file, set)) = records_of(n) else {
            continue;
        };
        let Some((list, year, year_span, procedure)) = list_of(set) else {
            continue;
        };
        let started = rounds
            .first_round(n)
            .map_or(n.front.date.value, |f| f.front.date.value);
        let entry = by_file.entry(file).or_insert(Decided {
            file,
            list,
            year,
            year_span,
            procedure,
            notice: n,
            started,
        });
        if started < entry.started {
            entry.started = started;
        }
    }
    let mut lists: Vec<Decided<'a, L>> = by_file.into_values().collect();
    lists.sort_by(|a, b| (a.year, a.started, a.file).cmp(&(b.year, b.started, b.file)));
    lists
}

/// The record file a notice attaches, and its set.
pub trait RecordsOf<'a>: Fn(&'a Notice) -> Option<(&'a Path, &'a RecordSet)> {}
impl<'a, F: Fn(&'a Notice) -> Option<(&'a Path, &'a RecordSet)>> RecordsOf<'a> for F {}

pub fn decided_household_lists<'a>(
    notices: &'a [Notice],
    records_of: impl RecordsOf<'a>,
) -> Vec<Decided<'a, HouseholdList>> {
    decided(notices, records_of, |set| match set {
        RecordSet::Households(l) => Some((l, l.year.value, span_of(&l.year), l.procedure())),
        _ => None,
    })
}

pub fn decided_village_lists<'a>(
    notices: &'a [Notice],
    records_of: impl RecordsOf<'a>,
) -> Vec<Decided<'a, VillageList>> {
    decided(notices, records_of, |set| match set {
        RecordSet::Villages(l) => Some((l, l.year.value, span_of(&l.year), l.procedure())),
        _ => None,
    })
}

/// Where a step was taken: the list (by its place in the decided order) and the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub list: usize,
    pub span: Span,
}

/// Where a household (or village) stands after the steps so far.
#[derive(Debug, Clone, Copy)]
enum State {
    Poor { since: At },
    Out { since: At },
    Gone { since: At },
}

/// A step that does not follow from the ones before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misstep {
    /// Exit, return or reduction of one never identified before. `later`: where it
    /// is identified afterwards, if anywhere.
    NotIdentified { step: Step, at: At },
    /// Identified again while still poor (`earlier`: where it became poor).
    IdentifiedTwice { at: At, earlier: At },
    /// 返贫 of one who never left (`earlier`: where it became poor).
    ReturnWithoutExit { at: At, earlier: At },
    /// Exit of one already out (`earlier`: the exit).
    ExitedTwice { at: At, earlier: At },
    /// A step after 自然减少 (`earlier`: the reduction).
    AfterReduction { step: Step, at: At, earlier: At },
}

/// Walks one household's steps, in order, and returns what does not follow. Two
/// identifications in lists of one year are not reported here: that is one person
/// enrolled twice in a year (`enrolled-twice`).
pub fn missteps(steps: &[(Step, At)], year_of: impl Fn(usize) -> i32) -> Vec<Misstep> {
    let mut out = Vec::new();
    let mut state: Option<State> = None;
    for &(step, at) in steps {
        let next = match (state, step) {
            (Some(State::Gone { since }), _) => {
                out.push(Misstep::AfterReduction {
                    step,
                    at,
                    earlier: since,
                });
                continue;
            }
            (None, Step::Identified { .. })
            | (Some(State::Out { .. }), Step::Identified { .. }) => State::Poor { since: at },
            (Some(State::Poor { since }), Step::Identified { .. }) => {
                if year_of(since.list) != year_of(at.list) {
                    out.push(Misstep::IdentifiedTwice { at, earlier: since });
                }
                continue;
            }
            (None, _) => {
                out.push(Misstep::NotIdentified { step, at });
                continue;
            }
            (Some(State::Poor { .. }), Step::Exited) => State::Out { since: at },
            (Some(State::Out { since }), Step::Exited) => {
                out.push(Misstep::ExitedTwice { at, earlier: since });
                continue;
            }
            (Some(State::Out { .. }), Step::Returned) => State::Poor { since: at },
            (Some(State::Poor { since }), Step::Returned) => {
                out.push(Misstep::ReturnWithoutExit { at, earlier: since });
                continue;
            }
            (Some(_), Step::Reduced) => State::Gone { since: at },
        };
        state = Some(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(list: usize) -> At {
        At {
            list,
            span: Span::at(list as u32 + 1, 1),
        }
    }

    const ID: Step = Step::Identified { newly: false };

    #[test]
    fn a_life_in_order_has_no_missteps() {
        let steps = [
            (ID, at(0)),
            (Step::Exited, at(1)),
            (Step::Returned, at(2)),
            (Step::Exited, at(3)),
            (Step::Reduced, at(4)),
        ];
        assert!(missteps(&steps, |l| 2014 + l as i32).is_empty());
    }

    #[test]
    fn steps_out_of_order_are_named_with_the_step_they_contradict() {
        let year = |l: usize| 2014 + l as i32;
        assert_eq!(
            missteps(&[(Step::Exited, at(0))], year),
            vec![Misstep::NotIdentified {
                step: Step::Exited,
                at: at(0)
            }]
        );
        assert_eq!(
            missteps(&[(ID, at(0)), (ID, at(1))], year),
            vec![Misstep::IdentifiedTwice {
                at: at(1),
                earlier: at(0)
            }]
        );
        // The same year is enrolment's rule.
        assert!(missteps(&[(ID, at(0)), (ID, at(1))], |_| 2014).is_empty());
        assert_eq!(
            missteps(&[(ID, at(0)), (Step::Returned, at(1))], year),
            vec![Misstep::ReturnWithoutExit {
                at: at(1),
                earlier: at(0)
            }]
        );
        assert_eq!(
            missteps(
                &[(ID, at(0)), (Step::Exited, at(1)), (Step::Exited, at(2))],
                year
            ),
            vec![Misstep::ExitedTwice {
                at: at(2),
                earlier: at(1)
            }]
        );
        assert_eq!(
            missteps(&[(ID, at(0)), (Step::Reduced, at(1)), (ID, at(2))], year),
            vec![Misstep::AfterReduction {
                step: ID,
                at: at(2),
                earlier: at(1)
            }]
        );
    }
}
