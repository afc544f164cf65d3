//! A project's money by fund source: what its record plans (`funds:`), and what the
//! fund ledgers record against it — allocated (下达), disbursed (拨付), spent (支出) —
//! summed over every ledger of every year.
//!
//! A ledger entry counts towards the planned source of the same name; failing that,
//! towards the one planned source of its level (中央/省/市/县), so that 省级财政专项扶贫
//! 资金 in the ledger is the project's 省级财政扶贫资金. An entry that matches neither is
//! a source of its own, not planned.

use crate::model::date::Day;
use crate::model::fund_level::FundLevel;
use crate::model::money::{Money, MoneyUnit};
use crate::model::records::{FundEntry, Project};
use std::path::Path;

/// A ledger entry and the file it is in.
#[derive(Debug, Clone, Copy)]
pub struct LedgerRow<'a> {
    pub file: &'a Path,
    pub entry: &'a FundEntry,
}

/// One source of a project's money.
#[derive(Debug, Clone)]
pub struct SourceFunds<'a> {
    pub source: &'a str,
    pub level: Option<FundLevel>,
    /// The amount the project's record plans from it; `None`: not planned.
    pub planned: Option<&'a crate::model::records::FundSource>,
    /// The ledger entries counted towards it, by date (ties in file order).
    pub rows: Vec<LedgerRow<'a>>,
}

impl SourceFunds<'_> {
    pub fn allocated(&self) -> Money {
        Money::sum(
            self.rows.iter().map(|r| &r.entry.allocated.value),
            MoneyUnit::Yuan,
        )
    }

    pub fn disbursed(&self) -> Money {
        Money::sum(
            self.rows.iter().map(|r| &r.entry.disbursed.value),
            MoneyUnit::Yuan,
        )
    }

    /// `None` when no entry says what was spent.
    pub fn spent(&self) -> Option<Money> {
        let spent: Vec<&Money> = self
            .rows
            .iter()
            .filter_map(|r| r.entry.spent.as_ref().map(|s| &s.value))
            .collect();
        (!spent.is_empty()).then(|| Money::sum(spent, MoneyUnit::Yuan))
    }

    /// The ledger's sums after each day with an entry, in date order: that day's
    /// entries, and allocated, disbursed and spent so far (in 元).
    pub fn running(&self) -> Vec<RunningDay<'_>> {
        let mut out: Vec<RunningDay<'_>> = Vec::new();
        let zero = Money::yuan(rust_decimal::Decimal::ZERO);
        let (mut a, mut d, mut s) = (zero, zero, zero);
        for r in &self.rows {
            let e = r.entry;
            a = Money::sum([&a, &e.allocated.value], MoneyUnit::Yuan);
            d = Money::sum([&d, &e.disbursed.value], MoneyUnit::Yuan);
            if let Some(sp) = &e.spent {
                s = Money::sum([&s, &sp.value], MoneyUnit::Yuan);
            }
            match out.last_mut() {
                Some(last) if last.day == e.date.value => last.rows.push(*r),
                _ => out.push(RunningDay {
                    day: e.date.value,
                    rows: vec![*r],
                    allocated: a,
                    disbursed: d,
                    spent: s,
                }),
            }
            if let Some(last) = out.last_mut() {
                (last.allocated, last.disbursed, last.spent) = (a, d, s);
            }
        }
        out
    }
}

/// One day of a source's ledger: its entries, and the sums up to its end.
#[derive(Debug, Clone)]
pub struct RunningDay<'a> {
    pub day: Day,
    pub rows: Vec<LedgerRow<'a>>,
    pub allocated: Money,
    pub disbursed: Money,
    pub spent: Money,
}

impl<'a> RunningDay<'a> {
    /// The day's last entry for which `pick` is not zero, else its last: where a
    /// check about that figure points (`None` only for a day without entries, which
    /// `running` never makes).
    pub fn entry_with(&self, pick: impl Fn(&FundEntry) -> Option<&Money>) -> Option<LedgerRow<'a>> {
        self.rows
            .iter()
            .rev()
            .find(|r| pick(r.entry).is_some_and(|m| !m.in_yuan().is_zero()))
            .or(self.rows.last())
            .copied()
    }
}

/// A project's sources: the planned ones in the record's order, then the ledger's
/// unplanned ones in the order first met.
#[derive(Debug, Clone)]
pub struct ProjectFunds<'a> {
    pub sources: Vec<SourceFunds<'a>>,
}

impl<'a> ProjectFunds<'a> {
    /// `rows`: the ledger entries naming the project, in ledger order.
    pub fn of(project: &'a Project, rows: &[LedgerRow<'a>]) -> ProjectFunds<'a> {
        let mut sources: Vec<SourceFunds<'a>> = project
            .funds
            .iter()
            .map(|f| SourceFunds {
                source: f.source.trim(),
                level: f.level(),
                planned: Some(f),
                rows: Vec::new(),
            })
            .collect();
        let planned = sources.len();
        for r in rows {
            let at = match planned_source_of(project, r.entry) {
                Some(i) => i,
                None => {
                    let name = r.entry.source.trim();
                    match sources[planned..].iter().position(|s| s.source == name) {
                        Some(i) => planned + i,
                        None => {
                            sources.push(SourceFunds {
                                source: name,
                                level: r.entry.level(),
                                planned: None,
                                rows: Vec::new(),
                            });
                            sources.len() - 1
                        }
                    }
                }
            };
            sources[at].rows.push(*r);
        }
        for s in &mut sources {
            // Stable: entries of one day keep their ledger order.
            s.rows.sort_by_key(|r| r.entry.date.value);
        }
        ProjectFunds { sources }
    }

    /// Every source's sums together: (allocated, disbursed, spent if any is known).
    pub fn totals(&self) -> (Money, Money, Option<Money>) {
        let alloc: Vec<Money> = self.sources.iter().map(SourceFunds::allocated).collect();
        let disb: Vec<Money> = self.sources.iter().map(SourceFunds::disbursed).collect();
        let spent: Vec<Money> = self.sources.iter().filter_map(SourceFunds::spent).collect();
        (
            Money::sum(&alloc, MoneyUnit::Yuan),
            Money::sum(&disb, MoneyUnit::Yuan),
            (!spent.is_empty()).then(|| Money::sum(&spent, MoneyUnit::Yuan)),
        )
    }

    pub fn has_ledger(&self) -> bool {
        self.sources.iter().any(|s| !s.rows.is_empty())
    }
}

/// The planned source a ledger entry counts towards: the one of the same name, else
/// the only one of its level.
fn planned_source_of(project: &Project, entry: &FundEntry) -> Option<usize> {
    let name = entry.source.trim();
    if let Some(i) = project.funds.iter().position(|f| f.source.trim() == name) {
        return Some(i);
    }
    let level = entry.level()?;
    let mut of_level = project
        .funds
        .iter()
        .enumerate()
        .filter(|(_, f)| f.level() == Some(level));
    match (of_level.next(), of_level.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}
