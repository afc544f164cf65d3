//! Rules over a project's life: its stages as published (the notices that say
//! `project:`), its money to the last yuan (spent ≤ disbursed ≤ allocated per project
//! and source, the ledger against the plan), and its 带贫 result against the
//! poor-household lists.

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::money::{Money, MoneyUnit};
use crate::model::project_beneficiaries::BeneficiaryResult;
use crate::model::project_funds::{ProjectFunds, SourceFunds};
use crate::model::project_stage::{ProjectStage, StageEvent};
use crate::model::records::RecordSet;
use crate::model::spanned::span_of;
use crate::privacy::mask_id_number;
use std::collections::BTreeMap;

pub fn check_project_life(site: &Site, out: &mut Vec<Diagnostic>) {
    let projects = site.projects();
    check_stage_notices(site, &projects, out);
    let timelines = site.project_timelines();
    for events in timelines.values() {
        check_stage_order(events, out);
    }
    for (code, rows) in site.ledger_rows() {
        let Some(entry) = projects.get(code) else {
            continue; // project-unknown, by the ledger's own rule
        };
        let funds = ProjectFunds::of(entry.project, &rows);
        let accepted = timelines
            .get(code)
            .is_some_and(|t| t.iter().any(|e| e.stage == ProjectStage::Acceptance));
        for source in &funds.sources {
            check_flows(&FlowScope::Project(code), source, out);
            check_against_plan(code, source, accepted, out);
        }
    }
    check_beneficiaries(site, &projects, out);
}

/// A notice's `project:` names projects that exist, some project at all, and an
/// adjustment its approval.
fn check_stage_notices(
    site: &Site,
    projects: &BTreeMap<&str, crate::ProjectEntry<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    for n in site.notices() {
        let Some(note) = &n.front.project else {
            continue;
        };
        for code in &note.codes {
            if !projects.contains_key(code.value.trim()) {
                out.push(
                    Diagnostic::error(
                        "project-unknown",
                        &n.file,
                        n.span(code),
                        format!("项目编号“{}”在项目记录中找不到", code.value),
                    )
                    .with_help("核对编号；项目应记录在 kind: projects 的文件中"),
                );
            }
        }
        if note.codes.is_empty() && site.attached_project_codes(n).is_none() {
            out.push(
                Diagnostic::error(
                    "project-stage-no-project",
                    &n.file,
                    n.span(&note.stage),
                    format!("这份{}没有说是哪个项目的", note.stage.value.label()),
                )
                .with_help("在 project: 下写 codes: [\"项目编号\"]，或用 records: 附带项目名单"),
            );
        }
        let approval = note.approval.as_ref().map_or("", |a| a.value.trim());
        if note.stage.value == ProjectStage::Adjustment && approval.is_empty() {
            out.push(
                Diagnostic::error(
                    "adjustment-approval-missing",
                    &n.file,
                    n.span(&note.stage),
                    "项目调整没有写批复文号",
                )
                .with_help("在 project: 下写 approval: 批复调整的文号，如 某县扶组〔2015〕8号"),
            );
        }
    }
}

/// Stages come in their order: no adjustment or plan dated after the acceptance, no
/// plan after an adjustment.
fn check_stage_order(events: &[StageEvent<'_>], out: &mut Vec<Diagnostic>) {
    for (i, later) in events.iter().enumerate() {
        let Some(earlier) = events[..i].iter().rev().find(|e| e.stage > later.stage) else {
            continue;
        };
        let n = later.notice;
        out.push(
            Diagnostic::error(
                "project-stage-out-of-order",
                &n.file,
                n.span(&n.front.date),
                format!(
                    "{}（{}）的日期在同一项目的{}（{}，{}）之后",
                    later.stage.label(),
                    later.date,
                    earlier.stage.label(),
                    earlier.date,
                    earlier.notice.file.display()
                ),
            )
            .with_help("项目的公示依次是 批复（计划）公示 → 实施调整 → 竣工验收公示；核对日期和 project: 下的 stage"),
        );
    }
}

/// Whose money a flow check adds up: a project's source over every ledger, or one
/// ledger entry that names no known project, standing alone.
pub enum FlowScope<'a> {
    Project(&'a str),
    Entry,
}

impl FlowScope<'_> {
    /// Whose figures, up to `day`.
    fn whose(&self, source: &str, day: crate::model::date::Day) -> String {
        match self {
            FlowScope::Project(code) => format!("项目 {code} 的“{source}”到 {day}"),
            FlowScope::Entry => format!("{day}“{source}”这一笔"),
        }
    }

    fn help(&self, rule: &str) -> String {
        match self {
            FlowScope::Project(_) => {
                format!("同一项目同一来源累计{rule}；核对金额、日期和项目编号")
            }
            FlowScope::Entry => format!("{rule}；请核对两个数"),
        }
    }
}

/// No more disbursed than allocated, no more spent than disbursed — added up in date
/// order, at any day, not only in the end.
pub fn check_flows(scope: &FlowScope<'_>, source: &SourceFunds<'_>, out: &mut Vec<Diagnostic>) {
    let running = source.running();
    if let Some(day) = running
        .iter()
        .find(|r| r.disbursed.in_yuan() > r.allocated.in_yuan())
        && let Some(row) = day.entry_with(|e| Some(&e.disbursed.value))
    {
        out.push(
            Diagnostic::error(
                "disbursed-over-allocated",
                row.file,
                span_of(&row.entry.disbursed),
                format!(
                    "{}已拨付 {} 元，多于下达的 {} 元",
                    scope.whose(source.source, day.day),
                    a_text(&day.disbursed),
                    a_text(&day.allocated)
                ),
            )
            .with_help(scope.help("已拨付不能超过下达")),
        );
    }
    if let Some(day) = running
        .iter()
        .find(|r| r.spent.in_yuan() > r.disbursed.in_yuan())
        && let Some(row) = day.entry_with(|e| e.spent.as_ref().map(|s| &s.value))
    {
        let span = row
            .entry
            .spent
            .as_ref()
            .map_or(span_of(&row.entry.disbursed), span_of);
        out.push(
            Diagnostic::error(
                "spent-over-disbursed",
                row.file,
                span,
                format!(
                    "{}已支出 {} 元，多于已拨付的 {} 元",
                    scope.whose(source.source, day.day),
                    a_text(&day.spent),
                    a_text(&day.disbursed)
                ),
            )
            .with_help(scope.help("支出不能超过拨付")),
        );
    }
}

/// The ledger's allocations for a source against the project's plan for it: never
/// more, and — once the project's acceptance is published — exactly it.
fn check_against_plan(
    code: &str,
    source: &SourceFunds<'_>,
    accepted: bool,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = source.rows.first() else {
        return;
    };
    let Some(planned) = source.planned else {
        out.push(
            Diagnostic::warning(
                "ledger-source-unplanned",
                first.file,
                first.entry.project.as_ref().map_or(span_of(&first.entry.date), span_of),
                format!(
                    "资金来源“{}”不在项目 {code} 的资金来源（funds）中，也对不上其中某一级次的唯一来源",
                    source.source
                ),
            )
            .with_help("把台账的 source 写成与项目 funds 中相同的名称，或写明 level（中央、省、市、县）；项目资金确有新来源时，经调整批复后补进项目记录"),
        );
        return;
    };
    let plan = planned.amount.value;
    if let Some(day) = source
        .running()
        .into_iter()
        .find(|r| r.allocated.in_yuan() > plan.in_yuan())
        && let Some(row) = day.entry_with(|e| Some(&e.allocated.value))
    {
        out.push(
            Diagnostic::warning(
                "ledger-plan-mismatch",
                row.file,
                span_of(&row.entry.allocated),
                format!(
                    "项目 {code} 的“{}”累计下达 {} 元，超过项目计划的 {plan}",
                    source.source,
                    a_text(&day.allocated)
                ),
            )
            .with_help("核对下达金额和项目编号；计划金额经调整批复改变的，请同时修改项目记录"),
        );
        return;
    }
    let allocated = source.allocated();
    if accepted && allocated.in_yuan() != plan.in_yuan() {
        // The last entry that allocated anything: where a missing allocation belongs.
        let last = source
            .rows
            .iter()
            .rev()
            .find(|r| !r.entry.allocated.value.in_yuan().is_zero())
            .unwrap_or(first);
        out.push(
            Diagnostic::warning(
                "ledger-plan-mismatch",
                last.file,
                span_of(&last.entry.allocated),
                format!(
                    "项目 {code} 已竣工验收，“{}”累计下达 {} 元，与项目计划的 {plan} 不符",
                    source.source,
                    a_text(&allocated)
                ),
            )
            .with_help(
                "竣工验收后，台账中各来源的下达合计应等于项目资金来源中的金额；核对是否漏记下达",
            ),
        );
    }
}

/// An amount in 元, exactly.
fn a_text(m: &Money) -> String {
    m.to_unit(MoneyUnit::Yuan).amount_text()
}

/// A project's 带贫 list names a project that exists, and households on a
/// poor-household list of its year.
fn check_beneficiaries(
    site: &Site,
    projects: &BTreeMap<&str, crate::ProjectEntry<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let household_lists = || {
        site.content
            .records
            .values()
            .filter_map(|rf| match &rf.set {
                RecordSet::Households(l) => Some(l),
                _ => None,
            })
    };
    for rf in site.content.records.values() {
        let RecordSet::Beneficiaries(list) = &rf.set else {
            continue;
        };
        let Some(code) = &list.project else {
            continue;
        };
        let Some(project) = projects.get(code.value.trim()) else {
            out.push(
                Diagnostic::error(
                    "project-unknown",
                    &rf.file,
                    span_of(code),
                    format!("项目编号“{}”在项目记录中找不到", code.value),
                )
                .with_help("核对编号；项目应记录在 kind: projects 的文件中"),
            );
            continue;
        };
        let year = list.year.as_ref().map_or(project.year, |y| y.value);
        let result = BeneficiaryResult::of(list, year, household_lists());
        for (b, found) in list.rows.iter().zip(&result.found) {
            if found.is_some() {
                continue;
            }
            let (span, who) = match &b.id_number {
                Some(id) => (
                    span_of(id),
                    format!("{}（{}）", b.name.value, mask_id_number(id.value.trim())),
                ),
                None => (
                    span_of(&b.name),
                    format!("{}（没有身份证号）", b.name.value),
                ),
            };
            out.push(
                Diagnostic::warning(
                    "beneficiary-not-poor",
                    &rf.file,
                    span,
                    format!("带贫对象 {who} 不在 {year} 年度的任何一份贫困户名单中"),
                )
                .with_help("核对身份证号；带贫名单应列建档立卡贫困户，名单年度用 year 写明"),
            );
        }
    }
}
