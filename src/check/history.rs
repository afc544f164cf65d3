//! Rules across years, by identity number (households) and region code (villages):
//! each step of a life follows from the steps before (see [`crate::model::history`]),
//! and a step that does not names both lists.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::history::{
    At, Decided, Misstep, Step, decided_household_lists, decided_village_lists, missteps,
};
use crate::model::notice::Notice;
use crate::model::procedure::Procedure;
use crate::model::records::{HouseholdList, RecordSet};
use crate::model::spanned::span_of;
use crate::privacy::id_number::IdKey;
use crate::privacy::mask_id_number;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;

pub fn check_history(site: &Site, out: &mut Vec<Diagnostic>) {
    super::exits::check_exit_incomes(site, out);
    check_households(site, out);
    check_villages(site, out);
}

/// The record file a notice attaches, without noting it as read (the checks render
/// nothing).
fn attached<'a>(site: &'a Site) -> impl Fn(&'a Notice) -> Option<(&'a Path, &'a RecordSet)> + 'a {
    move |n| {
        n.records_key()
            .and_then(|k| site.content.records.get(&k))
            .map(|rf| (rf.file.as_path(), &rf.set))
    }
}

fn check_households(site: &Site, out: &mut Vec<Diagnostic>) {
    let lists = decided_household_lists(site.notices(), attached(site));
    if lists.len() < 2 {
        return;
    }
    let mut steps: FxHashMap<IdKey<'static>, Vec<(Step, At)>> = FxHashMap::default();
    for (i, d) in lists.iter().enumerate() {
        let mut add = |id: &str, span: Span, step: Step| {
            steps
                .entry(IdKey::of(id).into_owned())
                .or_default()
                .push((step, At { list: i, span }));
        };
        if d.procedure == Procedure::Adjustment {
            for h in d.list.households().iter() {
                let adjustment = h.adjustment.as_ref().map(|a| a.value.as_str());
                if let Some(step) = Step::of(d.procedure, adjustment) {
                    add(&h.id_number.value, span_of(&h.id_number), step);
                }
            }
        } else if let Some(step) = Step::of(d.procedure, None) {
            for id in d.list.id_numbers() {
                add(&id.value, span_of(id), step);
            }
        }
    }
    let year_of = |l: usize| lists[l].year;
    let mut found: Vec<(Misstep, &[(Step, At)])> = Vec::new();
    for s in steps.values() {
        for m in missteps(s, year_of) {
            found.push((m, s));
        }
    }
    let mut names = Names::default();
    for (m, s) in found {
        out.push(household_diagnostic(&lists, &mut names, m, s));
    }
}

/// Household heads by where their identity number is, read from a list only when a
/// diagnostic names one of its households.
#[derive(Default)]
struct Names {
    by_list: BTreeMap<usize, BTreeMap<Span, (String, String)>>,
}

impl Names {
    /// The head's name and masked number of the household listed at `at`.
    fn of(&mut self, lists: &[Decided<'_, HouseholdList>], at: At) -> (String, String) {
        self.by_list
            .entry(at.list)
            .or_insert_with(|| {
                lists[at.list]
                    .list
                    .households()
                    .iter()
                    .map(|h| {
                        (
                            span_of(&h.id_number),
                            (h.head.value.to_string(), mask_id_number(&h.id_number.value)),
                        )
                    })
                    .collect()
            })
            .get(&at.span)
            .cloned()
            .unwrap_or_default()
    }
}

fn household_diagnostic(
    lists: &[Decided<'_, HouseholdList>],
    names: &mut Names,
    m: Misstep,
    steps: &[(Step, At)],
) -> Diagnostic {
    let list = |at: At| &lists[at.list];
    let year = |at: At| list(at).year;
    let error =
        |code, at: At, message: String| Diagnostic::error(code, list(at).file, at.span, message);
    let related =
        |d: Diagnostic, at: At, note: String| d.with_related(list(at).file, at.span, note);
    match m {
        Misstep::NotIdentified { step, at } => {
            let (name, id) = names.of(lists, at);
            let d = error(
                "history-not-identified",
                at,
                format!(
                    "{name}户（{id}）{}年{}，但本县此前各年的识别名单中都没有这一户",
                    year(at),
                    step.label()
                ),
            )
            .with_help("核对身份证号；退出、返贫、自然减少的户必须是此前已识别（公告）的贫困户");
            // Where it is identified after all (a wrong year), else the village's last
            // identification before, which does not list it.
            let later = steps
                .iter()
                .find(|(s, a)| matches!(s, Step::Identified { .. }) && a.list > at.list);
            match later {
                Some(&(_, later)) => related(d, later, format!("这一户{}年才识别", year(later))),
                None => match earlier_identification(lists, at) {
                    Some(earlier) => d.with_related(
                        earlier.file,
                        earlier.year_span,
                        format!("本村{}年识别名单（其中没有这一户）", earlier.year),
                    ),
                    None => d,
                },
            }
        }
        Misstep::IdentifiedTwice { at, earlier } => {
            let (name, id) = names.of(lists, at);
            related(
                error(
                    "history-identified-twice",
                    at,
                    format!(
                        "{name}户（{id}）已在{}年识别为贫困户，其间没有退出，不能再次识别",
                        year(earlier)
                    ),
                )
                .with_help("已识别的贫困户不用每年重新识别；脱贫后又返贫的，列入动态调整名单（adjustment: 返贫）"),
                earlier,
                format!("{}年在此识别", year(earlier)),
            )
        }
        Misstep::ReturnWithoutExit { at, earlier } => {
            let (name, id) = names.of(lists, at);
            related(
                error(
                    "history-return-without-exit",
                    at,
                    format!(
                        "{name}户（{id}）标为返贫，但该户{}年识别后没有退出过",
                        year(earlier)
                    ),
                )
                .with_help("返贫是已经退出的户重新致贫；没有退出过的户仍是贫困户，不用调整"),
                earlier,
                format!("{}年在此识别", year(earlier)),
            )
        }
        Misstep::ExitedTwice { at, earlier } => {
            let (name, id) = names.of(lists, at);
            related(
                error(
                    "history-exited-twice",
                    at,
                    format!(
                        "{name}户（{id}）已在{}年退出，其间没有返贫，不能再次退出",
                        year(earlier)
                    ),
                )
                .with_help("核对身份证号，或先在动态调整名单中记录返贫"),
                earlier,
                format!("{}年在此退出", year(earlier)),
            )
        }
        Misstep::AfterReduction { step, at, earlier } => {
            let (name, id) = names.of(lists, at);
            related(
                error(
                    "history-after-reduction",
                    at,
                    format!(
                        "{name}户（{id}）已在{}年自然减少（死亡或迁出），不能再{}",
                        year(earlier),
                        step.label()
                    ),
                )
                .with_help("核对身份证号"),
                earlier,
                format!("{}年在此自然减少", year(earlier)),
            )
        }
    }
}

/// The latest identification list before the one at `at` decided by rounds of the
/// same region.
fn earlier_identification<'l, 'a>(
    lists: &'l [Decided<'a, HouseholdList>],
    at: At,
) -> Option<&'l Decided<'a, HouseholdList>> {
    let region = lists[at.list].notice.front.region.value.trim();
    lists[..at.list].iter().rev().find(|d| {
        d.procedure == Procedure::Identification
            && d.year < lists[at.list].year
            && d.notice.front.region.value.trim() == region
    })
}

fn check_villages(site: &Site, out: &mut Vec<Diagnostic>) {
    let lists = decided_village_lists(site.notices(), attached(site));
    if !lists.iter().any(|d| d.procedure == Procedure::Exit) {
        return;
    }
    let mut steps: BTreeMap<&str, Vec<(Step, At)>> = BTreeMap::new();
    for (i, d) in lists.iter().enumerate() {
        let Some(step) = Step::of(d.procedure, None) else {
            continue;
        };
        for v in &d.list.rows {
            steps.entry(v.region.value.trim()).or_default().push((
                step,
                At {
                    list: i,
                    span: span_of(&v.region),
                },
            ));
        }
    }
    let year = |at: At| lists[at.list].year;
    for (code, s) in &steps {
        let name = site.regions.name(code).unwrap_or(code);
        for m in missteps(s, |l| lists[l].year) {
            let (code, at, message, earlier) = match m {
                Misstep::NotIdentified { at, .. } => (
                    "village-history-not-identified",
                    at,
                    format!(
                        "{name}{}年退出，但此前各年的贫困村名单中都没有这个村",
                        year(at)
                    ),
                    s.iter()
                        .find(|(st, a)| matches!(st, Step::Identified { .. }) && a.list > at.list)
                        .map(|&(_, a)| (a, format!("{name}{}年才认定为贫困村", year(a))))
                        .or_else(|| {
                            let (i, d) = lists[..at.list]
                                .iter()
                                .enumerate()
                                .rev()
                                .find(|(_, d)| d.procedure == Procedure::Identification)?;
                            let at = At {
                                list: i,
                                span: d.year_span,
                            };
                            Some((at, format!("{}年贫困村名单（其中没有这个村）", d.year)))
                        }),
                ),
                Misstep::IdentifiedTwice { at, earlier } => (
                    "village-history-identified-twice",
                    at,
                    format!("{name}已在{}年认定为贫困村，其间没有退出", year(earlier)),
                    Some((earlier, format!("{}年在此认定", year(earlier)))),
                ),
                Misstep::ExitedTwice { at, earlier } => (
                    "village-history-exited-twice",
                    at,
                    format!("{name}已在{}年退出，不能再次退出", year(earlier)),
                    Some((earlier, format!("{}年在此退出", year(earlier)))),
                ),
                // Villages have no return or reduction step.
                Misstep::ReturnWithoutExit { .. } | Misstep::AfterReduction { .. } => continue,
            };
            let mut d = Diagnostic::error(code, lists[at.list].file, at.span, message)
                .with_help("核对区划代码；贫困村先经识别（认定公告）才能退出");
            if let Some((earlier, note)) = earlier {
                d = d.with_related(lists[earlier.list].file, earlier.span, note);
            }
            out.push(d);
        }
    }
}
