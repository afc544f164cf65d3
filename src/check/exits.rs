//! Rules of exit and adjustment lists within their file: an exiting household meets
//! every criterion it records (两不愁三保障) and lives above the year's poverty line;
//! each row of an adjustment list says what it is; an exiting village's poverty
//! incidence is below the threshold.

use crate::Site;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::model::procedure::{
    ADJUSTMENTS, Adjustment, EXIT_CRITERIA, Procedure, criterion, criterion_spanned,
};
use crate::model::records::{Household, HouseholdList, RecordSet, VillageList};
use crate::model::region::RegionTree;
use crate::model::spanned::span_of;
use crate::model::villages::{incidence_text, meets_exit_incidence};
use crate::privacy::mask_id_number;
use std::path::Path;

/// A row that takes the household off the list (an exit, a 自然减少): its income is
/// no longer measured against the line from below.
pub fn leaves_the_list(list: &HouseholdList, h: &Household) -> bool {
    match list.procedure() {
        Procedure::Exit => true,
        Procedure::Adjustment => {
            h.adjustment.as_ref().and_then(|a| Adjustment::of(&a.value))
                == Some(Adjustment::Reduced)
        }
        Procedure::Identification => false,
    }
}

pub fn check_household_procedure(
    config: &SiteConfig,
    file: &Path,
    list: &HouseholdList,
    households: &[Household],
    out: &mut Vec<Diagnostic>,
) {
    let procedure = list.procedure();
    for h in households {
        match (&h.adjustment, procedure) {
            (Some(a), Procedure::Adjustment) if Adjustment::of(&a.value).is_none() => out.push(
                Diagnostic::error(
                    "adjustment-unknown",
                    file,
                    span_of(a),
                    format!("调整类型“{}”不在规定范围内", a.value),
                )
                .with_help(format!("可选：{}", ADJUSTMENTS.join("、"))),
            ),
            (Some(a), Procedure::Identification | Procedure::Exit) => out.push(
                Diagnostic::error(
                    "adjustment-outside-adjustment-list",
                    file,
                    span_of(a),
                    format!(
                        "{}户写了调整类型，但本名单是{}名单",
                        h.head.value,
                        procedure.label()
                    ),
                )
                .with_help("调整类型只用于动态调整名单：在文件开头写 procedure: adjustment，或删去 adjustment"),
            ),
            (None, Procedure::Adjustment) => out.push(
                Diagnostic::error(
                    "adjustment-missing",
                    file,
                    span_of(&h.head),
                    format!("动态调整名单中{}户没有写调整类型", h.head.value),
                )
                .with_help(format!("写 adjustment: {}", ADJUSTMENTS.join(" 或 "))),
            ),
            _ => {}
        }
        if procedure == Procedure::Exit {
            check_exit_criteria(file, h, out);
        }
    }
    if procedure == Procedure::Exit && !config.poverty_lines.contains_key(&list.year.value) {
        out.push(
            Diagnostic::warning(
                "exit-poverty-line-missing",
                file,
                span_of(&list.year),
                format!(
                    "site.yaml 的 poverty_lines 里没有{}年的扶贫标准，无法核对退出户的收入",
                    list.year.value
                ),
            )
            .with_help(format!(
                "在 site.yaml 的 poverty_lines 下补上一行，如 {}: 2855",
                list.year.value
            )),
        );
    }
}

/// 两不愁三保障: each written, each met.
fn check_exit_criteria(file: &Path, h: &Household, out: &mut Vec<Diagnostic>) {
    let missing: Vec<&str> = EXIT_CRITERIA
        .iter()
        .filter(|(field, _)| criterion(h, field).is_none())
        .map(|(_, title)| *title)
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::error(
                "exit-criterion-missing",
                file,
                span_of(&h.head),
                format!(
                    "退出户{}没有写明：{}",
                    h.head.value,
                    missing.join("、")
                ),
            )
            .with_help("退出名单每户要逐项写明两不愁三保障：food、clothing、education、medical、housing，达到写 true"),
        );
    }
    for (field, title) in EXIT_CRITERIA {
        if let Some(flag) = criterion_spanned(h, field).filter(|f| !f.value) {
            out.push(
                Diagnostic::error(
                    "exit-criterion-unmet",
                    file,
                    span_of(flag),
                    format!("退出户{}“{title}”未达到，不符合退出条件", h.head.value),
                )
                .with_help("两不愁三保障全部达到才能退出；未达到的户不列入退出名单"),
            );
        }
    }
}

/// An exiting household lives above the year's line: the file's row and the line in
/// the settings, both named. Run over the whole site, as the settings' place is known
/// there (the income's own place is not kept once a list is packed: the row is named
/// by its identity number).
pub fn check_exit_incomes(site: &Site, out: &mut Vec<Diagnostic>) {
    let config = site.config();
    for rf in site.content.records.values() {
        let RecordSet::Households(list) = &rf.set else {
            continue;
        };
        if list.procedure() != Procedure::Exit {
            continue;
        }
        let Some(line) = config.poverty_lines.get(&list.year.value) else {
            continue;
        };
        for h in list.households().iter() {
            if h.income.value.in_yuan() > line.value.in_yuan() {
                continue;
            }
            out.push(
                Diagnostic::error(
                    "exit-income-not-above-line",
                    &rf.file,
                    span_of(&h.id_number),
                    format!(
                        "退出户{}（{}）人均纯收入 {} 不高于{}年扶贫标准 {}，不符合退出条件",
                        h.head.value,
                        mask_id_number(&h.id_number.value),
                        h.income.value,
                        list.year.value,
                        line.value
                    ),
                )
                .with_related(
                    &site.content.config_file,
                    span_of(line),
                    format!("{}年扶贫标准", list.year.value),
                )
                .with_help("核对收入；人均纯收入高于当年扶贫标准（且两不愁三保障）才能退出"),
            );
        }
    }
}

pub fn check_village_procedure(
    regions: &RegionTree,
    file: &Path,
    list: &VillageList,
    out: &mut Vec<Diagnostic>,
) {
    let Some(procedure) = &list.procedure else {
        return;
    };
    match procedure.value {
        Procedure::Identification => {}
        Procedure::Adjustment => out.push(
            Diagnostic::error(
                "village-procedure-invalid",
                file,
                span_of(procedure),
                "贫困村名单没有动态调整，procedure 只能写 identification（识别）或 exit（退出）",
            )
            .with_help("贫困村退出写 procedure: exit"),
        ),
        Procedure::Exit => {
            let Some(threshold) = list
                .criteria
                .as_ref()
                .filter(|c| c.incidence_below.is_some())
            else {
                out.push(
                    Diagnostic::warning(
                        "village-exit-threshold-missing",
                        file,
                        span_of(procedure),
                        "贫困村退出名单没有写退出标准（贫困发生率低于多少）",
                    )
                    .with_help(
                        "写 criteria: { incidence_below: \"3%\" }（西部地区一般为 3%，中部 2%）",
                    ),
                );
                return;
            };
            for v in &list.rows {
                if meets_exit_incidence(v, threshold) == Some(false) {
                    let name = regions
                        .name(v.region.value.trim())
                        .unwrap_or(&v.region.value);
                    let pct = threshold.incidence_below.as_ref().map(|p| p.value.0);
                    out.push(
                        Diagnostic::error(
                            "village-exit-incidence",
                            file,
                            span_of(&v.poor_population),
                            format!(
                                "{name}贫困发生率 {}，不低于退出标准 {}%，不符合退出条件",
                                incidence_text(v),
                                pct.unwrap_or_default()
                            ),
                        )
                        .with_help("核对贫困人口和总人口；贫困发生率低于标准才能退出"),
                    );
                }
            }
        }
    }
}
