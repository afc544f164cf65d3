//! Rules within one record file: identity numbers, phones, regions, closed lists,
//! fund sums and disbursements.

use super::notices::unknown_region;
use super::project_life::{FlowScope, check_flows};
use crate::Site;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::money::Money;
use crate::model::project_funds::{LedgerRow, SourceFunds};
use crate::model::records::{
    BeneficiaryList, FreeTable, FundLedger, HOUSEHOLD_CATEGORIES, HouseholdList, POVERTY_CAUSES,
    PROJECT_STATUSES, ProjectList, RecordSet, Text, VillageList,
};
use crate::model::region::RegionTree;
use crate::model::spanned::Spanned;
use crate::model::spanned::span_of;
use crate::model::villages::{VillageFlags, incidence_text};
use crate::privacy::id_number::validate_id_number;
use std::collections::BTreeMap;
use std::path::Path;

/// What the rules within each record file found, and the rules across files:
/// project codes unique, fund ledgers naming known projects.
pub fn check_records(site: &Site, out: &mut Vec<Diagnostic>) {
    let projects = site.projects();
    let mut project_codes: BTreeMap<&str, (&Path, Span)> = BTreeMap::new();
    for rf in site.content.records.values() {
        let file = rf.file.as_path();
        out.extend(rf.found.iter().cloned());
        match &rf.set {
            RecordSet::Projects(l) => check_projects(site, file, l, &mut project_codes, out),
            RecordSet::Funds(l) => check_fund_ledger(file, l, &projects, out),
            _ => {}
        }
    }
    check_allocations_within_investment(site, &projects, out);
}

/// Money allocated to a project, in every ledger, beyond what the project costs in
/// all: a typo in an amount, or funds booked to the wrong project.
fn check_allocations_within_investment(
    site: &Site,
    projects: &BTreeMap<&str, crate::ProjectEntry<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut allocated: BTreeMap<&str, Vec<(&Path, &crate::model::records::FundEntry)>> =
        BTreeMap::new();
    for rf in site.content.records.values() {
        if let RecordSet::Funds(ledger) = &rf.set {
            for e in &ledger.rows {
                if let Some(code) = &e.project {
                    allocated
                        .entry(code.value.trim())
                        .or_default()
                        .push((&rf.file, e));
                }
            }
        }
    }
    for (code, entries) in allocated {
        let Some(project) = projects.get(code) else {
            continue;
        };
        let total = project.project.total.value;
        let sum = Money::sum(
            entries.iter().map(|(_, e)| &e.allocated.value),
            total.unit(),
        );
        if sum.in_yuan() <= total.in_yuan() {
            continue;
        }
        let (file, last) = entries[entries.len() - 1];
        out.push(
            Diagnostic::warning(
                "allocated-over-investment",
                file,
                span_of(&last.allocated),
                format!(
                    "项目“{}”（{code}）各笔下达资金合计 {sum}，超过项目总投资 {total}",
                    project.project.name
                ),
            )
            .with_help("核对下达金额和项目编号，或先修改项目的总投资（total）"),
        );
    }
}

fn check_region_code<S: AsRef<str>>(
    regions: &RegionTree,
    file: &Path,
    code: &Spanned<S>,
    out: &mut Vec<Diagnostic>,
) {
    let c = code.value.as_ref().trim();
    if regions.get(c).is_none() {
        out.push(unknown_region(file, span_of(code), c));
    }
}

/// Identity numbers: well-formed, and each person once per list.
fn check_id_numbers<'a>(
    file: &Path,
    ids: impl Iterator<Item = &'a Spanned<Text>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for id in ids {
        let text = id.value.trim();
        if let Err(problem) = validate_id_number(text) {
            out.push(
                Diagnostic::error("id-number-invalid", file, span_of(id), problem.message())
                    .with_help(
                        "身份证号应为 18 位：6 位地区码 + 8 位出生日期 + 3 位顺序码 + 1 位校验码",
                    ),
            );
            continue;
        }
        let key = text.to_ascii_uppercase();
        // The first line stays: a third listing points at the first, not the second.
        let first_line = match seen.entry(key) {
            std::collections::btree_map::Entry::Occupied(first) => *first.get(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(span_of(id).line);
                continue;
            }
        };
        out.push(
            Diagnostic::error(
                "id-number-duplicate",
                file,
                span_of(id),
                format!("同一身份证号在本名单中出现两次（第一次在第 {first_line} 行）"),
            )
            .with_help("同一人只能列入一次；请核对是否重复录入"),
        );
    }
}

/// Mobile (11 digits from 1) or landline (area code and number, digits and `-`).
pub fn is_phone_number(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    only_allowed
        && ((digits.len() == 11 && digits.starts_with('1'))
            || (digits.starts_with('0') && (10..=12).contains(&digits.len())))
}

/// The rules within one record file that need only the settings. A one-off build
/// runs them as each list is read, before its rows are packed (`content::Rows`).
pub fn check_list_alone(
    config: &SiteConfig,
    regions: &RegionTree,
    file: &Path,
    set: &RecordSet,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match set {
        RecordSet::Households(l) => check_households(config, regions, file, l, &mut out),
        RecordSet::Villages(l) => check_villages(regions, file, l, &mut out),
        RecordSet::Beneficiaries(l) => check_beneficiaries(regions, file, l, &mut out),
        RecordSet::Table(t) => check_free_table(file, t, &mut out),
        RecordSet::Projects(_) | RecordSet::Funds(_) => {}
    }
    out
}

fn check_households(
    config: &SiteConfig,
    regions: &RegionTree,
    file: &Path,
    list: &HouseholdList,
    out: &mut Vec<Diagnostic>,
) {
    let households = list.households();
    check_id_numbers(file, households.iter().map(|h| &h.id_number), out);
    let poverty_line = config.poverty_lines.get(&list.year.value).map(|l| &l.value);
    super::exits::check_household_procedure(config, file, list, &households, out);
    for h in households.iter() {
        if let Some(line) = poverty_line
            && !super::exits::leaves_the_list(list, h)
            && h.income.value.in_yuan() >= line.in_yuan()
        {
            out.push(
                Diagnostic::warning(
                    "income-above-poverty-line",
                    file,
                    span_of(&h.income),
                    format!(
                        "{}户人均纯收入 {} 不低于{}年扶贫标准 {}",
                        h.head.value, h.income.value, list.year.value, line
                    ),
                )
                .with_help("核对收入，或说明纳入的原因（如因病因灾返贫）"),
            );
        }
        check_region_code(regions, file, &h.region, out);
        if h.size.value == 0 {
            out.push(Diagnostic::error(
                "household-size-invalid",
                file,
                span_of(&h.size),
                "家庭人口应至少为 1",
            ));
        }
        if !HOUSEHOLD_CATEGORIES.contains(&h.category.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "category-unknown",
                    file,
                    span_of(&h.category),
                    format!("贫困户属性“{}”不在规定范围内", h.category.value),
                )
                .with_help(format!("可选：{}", HOUSEHOLD_CATEGORIES.join("、"))),
            );
        }
        for cause in &h.causes {
            if !POVERTY_CAUSES.contains(&cause.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        "cause-unknown",
                        file,
                        span_of(cause),
                        format!("致贫原因“{}”不在规定范围内", cause.value),
                    )
                    .with_help(format!("可选：{}", POVERTY_CAUSES.join("、"))),
                );
            }
        }
        if let Some(phone) = &h.phone
            && !is_phone_number(&phone.value)
        {
            out.push(
                Diagnostic::error(
                    "phone-invalid",
                    file,
                    span_of(phone),
                    format!("电话号码“{}”格式不对", phone.value),
                )
                .with_help("手机号写 11 位数字；固定电话写区号-号码，如 0870-1234567"),
            );
        }
    }
}

fn check_villages(
    regions: &RegionTree,
    file: &Path,
    list: &VillageList,
    out: &mut Vec<Diagnostic>,
) {
    super::exits::check_village_procedure(regions, file, list, out);
    for v in &list.rows {
        check_region_code(regions, file, &v.region, out);
        if let Some(criteria) = &list.criteria
            && list.procedure() == crate::model::procedure::Procedure::Identification
            && !VillageFlags::of(v, criteria).any()
        {
            let name = regions
                .name(v.region.value.trim())
                .unwrap_or(&v.region.value);
            out.push(
                Diagnostic::warning(
                    "village-meets-no-criterion",
                    file,
                    span_of(&v.region),
                    format!("{name}不符合一高一低一无中的任何一条（贫困发生率 {}，人均纯收入 {}，集体收入 {}）", incidence_text(v), v.income.value, v.collective_income.value),
                )
                .with_help("核对该村数据，或说明列入贫困村的依据"),
            );
        }
        if v.poor_population.value > v.population.value {
            out.push(Diagnostic::error(
                "poor-population-exceeds-population",
                file,
                span_of(&v.poor_population),
                format!(
                    "贫困人口 {} 人多于总人口 {} 人",
                    v.poor_population.value, v.population.value
                ),
            ));
        }
    }
}

/// Project codes name the project's page, so they are plain and unique.
fn check_projects<'a>(
    site: &Site,
    file: &'a Path,
    list: &'a ProjectList,
    codes: &mut BTreeMap<&'a str, (&'a Path, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    for p in &list.rows {
        let code = p.code.value.as_str();
        let plain = !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !plain {
            out.push(
                Diagnostic::error(
                    "project-code-invalid",
                    file,
                    span_of(&p.code),
                    format!("项目编号“{code}”只能用数字、英文字母、- 和 _"),
                )
                .with_help("如 2014-001"),
            );
        }
        if let Some((first_file, first_span)) = codes.insert(code, (file, span_of(&p.code))) {
            out.push(Diagnostic::error(
                "project-code-duplicate",
                file,
                span_of(&p.code),
                format!(
                    "项目编号“{code}”已在 {}:{} 使用",
                    first_file.display(),
                    first_span.line
                ),
            ));
        }
        check_region_code(&site.regions, file, &p.region, out);
        if !PROJECT_STATUSES.contains(&p.status.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "project-status-unknown",
                    file,
                    span_of(&p.status),
                    format!("项目状态“{}”不在规定范围内", p.status.value),
                )
                .with_help(format!("可选：{}", PROJECT_STATUSES.join("、"))),
            );
        }
        let period = p.period.value.range();
        if period.to < period.from {
            out.push(Diagnostic::error(
                "period-reversed",
                file,
                span_of(&p.period.value.to),
                format!("建设期限结束日 {} 早于开始日 {}", period.to, period.from),
            ));
        }
        check_fund_sum(file, p, out);
    }
}

/// Fund sources add up exactly to the total: no rounding, no tolerance.
fn check_fund_sum(file: &Path, p: &crate::model::records::Project, out: &mut Vec<Diagnostic>) {
    let unit = p.total.value.unit();
    let sum = Money::sum(p.funds.iter().map(|f| &f.amount.value), unit);
    if sum.in_yuan() != p.total.value.in_yuan() {
        let diff = Money::new(
            (p.total.value.in_yuan() - sum.in_yuan()).abs(),
            crate::model::money::MoneyUnit::Yuan,
        )
        .to_unit(unit);
        out.push(
            Diagnostic::error(
                "funds-sum-mismatch",
                file,
                span_of(&p.total),
                format!(
                    "项目“{}”各项资金合计 {sum}，与总投资 {} 不符（相差 {diff}）",
                    p.name, p.total.value
                ),
            )
            .with_help(format!(
                "核对 funds 下各项金额，或把 total 改为 {sum}；金额按原数精确相加，不做四舍五入"
            )),
        );
    }
}

fn check_fund_ledger(
    file: &Path,
    ledger: &FundLedger,
    projects: &BTreeMap<&str, crate::ProjectEntry<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    for e in &ledger.rows {
        let known = e
            .project
            .as_ref()
            .is_some_and(|code| projects.contains_key(code.value.trim()));
        // An entry of a known project is added up with the project's others, by
        // source and date (`project_life`); any other entry stands alone.
        if !known {
            check_entry_flows(file, e, out);
        }
        if let Some(code) = &e.project
            && !known
        {
            out.push(
                Diagnostic::error(
                    "project-unknown",
                    file,
                    span_of(code),
                    format!("项目编号“{}”在项目记录中找不到", code.value),
                )
                .with_help("核对编号；项目应记录在 kind: projects 的文件中，或删去 project 这一项"),
            );
        }
    }
}

/// One entry alone, by the same rule as a project's sources.
fn check_entry_flows(file: &Path, e: &crate::model::records::FundEntry, out: &mut Vec<Diagnostic>) {
    let alone = SourceFunds {
        source: &e.source,
        level: e.level(),
        planned: None,
        rows: vec![LedgerRow { file, entry: e }],
    };
    check_flows(&FlowScope::Entry, &alone, out);
}

fn check_beneficiaries(
    regions: &RegionTree,
    file: &Path,
    list: &BeneficiaryList,
    out: &mut Vec<Diagnostic>,
) {
    check_id_numbers(
        file,
        list.rows.iter().filter_map(|b| b.id_number.as_ref()),
        out,
    );
    for b in &list.rows {
        if let Some(region) = &b.region {
            check_region_code(regions, file, region, out);
        }
    }
}

fn check_free_table(file: &Path, table: &FreeTable, out: &mut Vec<Diagnostic>) {
    let mut declared: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &table.columns {
        if let Some(first) = declared.insert(c.key.value.as_str(), span_of(&c.key).line) {
            out.push(Diagnostic::error(
                "table-column-duplicate",
                file,
                span_of(&c.key),
                format!("列“{}”已在第 {first} 行声明", c.key.value),
            ));
        }
    }
    let plain: std::collections::BTreeSet<&str> = table
        .columns
        .iter()
        .filter(|c| c.personal_number().is_none())
        .map(|c| c.key.value.as_str())
        .collect();
    for row in &table.rows {
        for (key, value) in row {
            if plain.contains(key.as_str()) {
                check_plain_cell(file, key, value, out);
            }
            if !declared.contains_key(key.as_str()) {
                out.push(
                    Diagnostic::error(
                        "table-column-unknown",
                        file,
                        span_of(value),
                        format!("这一行的“{key}”不在 columns 声明的列中"),
                    )
                    .with_help(format!(
                        "已声明的列：{}",
                        declared.keys().copied().collect::<Vec<_>>().join("、")
                    )),
                );
            }
        }
    }
}

/// A column not named as a personal number is published as it is: a personal number
/// in it would be refused by the leak guard only at the end, so it is named here.
fn check_plain_cell(file: &Path, key: &str, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let Some(leak) = crate::privacy::find_unmasked_numbers(value.value.as_bytes())
        .into_iter()
        .next()
    else {
        return;
    };
    out.push(
        Diagnostic::error(
            "table-column-personal-number",
            file,
            span_of(value),
            format!(
                "列“{key}”里有{}，但这一列的名称不是个人号码列，发布时不会脱敏",
                leak.kind.label()
            ),
        )
        .with_help(
            "如果这一列就是身份证号、手机号或银行账号，把它的 key 或 title 改为“身份证号”“手机号码”“银行卡号”等，生成时会自动脱敏；否则删去这个号码",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::is_phone_number;

    #[test]
    fn phone_shapes() {
        assert!(is_phone_number("13800001234"));
        assert!(is_phone_number("0870-1234567"));
        assert!(!is_phone_number("1380000123"));
        assert!(!is_phone_number("138-0000-123a"));
    }
}
