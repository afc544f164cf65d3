//! Record sets as tables for readers. This is the one place record values become text
//! for output, so this is where personal numbers are masked.

use crate::Site;
use crate::model::columns::{ColumnSpec, PersonalNumber, columns_for, default_columns};
use crate::model::money::{Money, MoneyColumn};
use crate::model::notice::Notice;
use crate::model::procedure::{Procedure, criterion, criterion_text};
use crate::model::records::{
    Beneficiary, BeneficiaryList, FreeTable, FundEntry, FundLedger, Household, HouseholdList,
    PoorVillage, Project, ProjectList, RecordSet, VillageList,
};
use crate::model::villages::{VillageFlags, incidence_text, meets_exit_incidence};
use crate::privacy::{mask_bank_account, mask_id_number, mask_phone};
use crate::render::view::{ColumnView, TableView};

/// Masks a value by the kind of personal number it is.
pub fn mask(kind: PersonalNumber, value: &str) -> String {
    match kind {
        PersonalNumber::IdNumber => mask_id_number(value.trim()),
        PersonalNumber::Phone => mask_phone(value.trim()),
        PersonalNumber::BankAccount => mask_bank_account(value.trim()),
    }
}

/// The columns a notice shows: its `columns:` in that order, or the defaults of the
/// kind and the list's procedure.
fn chosen_columns(kind: &str, notice: &Notice, procedure: Procedure) -> Vec<&'static ColumnSpec> {
    let all = columns_for(kind);
    match &notice.front.columns {
        Some(keys) => keys
            .iter()
            .filter_map(|k| all.iter().find(|c| c.key == k.value))
            .collect(),
        None => default_columns(kind, procedure),
    }
}

fn region_name(site: &Site, code: &str) -> String {
    site.regions.name(code.trim()).unwrap_or(code).to_string()
}

fn township_name(site: &Site, code: &str) -> String {
    site.regions
        .township_of(code.trim())
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// The table a notice shows for its records.
pub fn notice_table(site: &Site, notice: &Notice, set: &RecordSet) -> TableView {
    match set {
        RecordSet::Households(l) => households(site, notice, l),
        RecordSet::Villages(l) => villages(site, notice, l),
        RecordSet::Projects(l) => projects(site, notice, l),
        RecordSet::Funds(l) => fund_ledger(site, notice, l),
        RecordSet::Beneficiaries(l) => beneficiaries(site, notice, l),
        RecordSet::Table(t) => free_table(notice, t),
    }
}

/// The amounts of a table's money columns: which keys hold money, and a row's amount
/// in one of them.
struct MoneyCells<R> {
    keys: &'static [&'static str],
    amount: fn(&R, &str) -> Option<Money>,
}

impl<R> MoneyCells<R> {
    /// No money column.
    const NONE: MoneyCells<R> = MoneyCells {
        keys: &[],
        amount: |_, _| None,
    };
}

/// A table of `rows` with the chosen `columns`; `cell` formats one value and `footer`
/// one totals cell (an all-empty footer is left out). The columns of `money` are
/// written by the table itself: all in one unit, named in their headers, each column
/// with one number of decimals, and totalled in the footer.
fn build_table<R>(
    columns: Vec<&'static ColumnSpec>,
    caption: String,
    rows: &[R],
    cell: impl Fn(&R, &str) -> String,
    money: MoneyCells<R>,
    footer: impl Fn(&str) -> String,
) -> TableView {
    let amounts =
        |key: &str| -> Vec<Money> { rows.iter().filter_map(|r| (money.amount)(r, key)).collect() };
    let is_money = |key: &str| money.keys.contains(&key);
    let all: Vec<Money> = columns
        .iter()
        .filter(|c| is_money(c.key))
        .flat_map(|c| amounts(c.key))
        .collect();
    let unit = Money::common_unit(&all);
    // Per column: how it is written, and its total.
    let money_columns: Vec<Option<(MoneyColumn, Money)>> = columns
        .iter()
        .map(|c| {
            is_money(c.key).then(|| {
                let values = amounts(c.key);
                let total = Money::sum(&values, unit);
                (MoneyColumn::new(unit, values.iter().chain([&total])), total)
            })
        })
        .collect();
    let mut footer: Vec<String> = columns
        .iter()
        .zip(&money_columns)
        .map(|(c, m)| match m {
            Some((col, total)) if !rows.is_empty() => col.text(total),
            _ => footer(c.key),
        })
        .collect();
    if footer.iter().all(String::is_empty) {
        footer.clear();
    } else if let Some(first) = footer.first_mut().filter(|f| f.is_empty()) {
        *first = "合计".to_string();
    }
    TableView {
        caption,
        rows: rows
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .zip(&money_columns)
                    .map(|(c, m)| match m {
                        Some((col, _)) => (money.amount)(r, c.key)
                            .map(|a| col.text(&a))
                            .unwrap_or_default(),
                        None => cell(r, c.key),
                    })
                    .collect()
            })
            .collect(),
        columns: columns
            .iter()
            .zip(&money_columns)
            .map(|(c, m)| ColumnView {
                title: match m {
                    Some((col, _)) => col.title(c.title),
                    None => c.title.to_string(),
                },
                numeric: c.numeric,
            })
            .collect(),
        row_links: Vec::new(),
        footer,
        note: String::new(),
    }
}

fn households(site: &Site, notice: &Notice, list: &HouseholdList) -> TableView {
    let rows = list.households();
    let people: u32 = rows.iter().map(|h| h.size.value).sum();
    let caption = format!(
        "{}（共 {} 户 {} 人）",
        notice.front.title.value,
        rows.len(),
        people
    );
    let cell = |h: &Household, key: &str| match key {
        "head" => h.head.value.to_string(),
        "id_number" => mask(PersonalNumber::IdNumber, &h.id_number.value),
        "region" => region_name(site, &h.region.value),
        "group" => h.group.as_deref().unwrap_or_default().to_string(),
        "size" => h.size.value.to_string(),
        "income" => h
            .income
            .value
            .to_unit(crate::model::money::MoneyUnit::Yuan)
            .amount_text(),
        "category" => h.category.value.to_string(),
        "causes" => join(h.causes.iter().map(|c| c.value.as_str())),
        "measures" => join(h.measures.iter().map(|m| m.as_str())),
        "helper" => h.helper.as_deref().unwrap_or_default().to_string(),
        "phone" => h
            .phone
            .as_ref()
            .map(|p| mask(PersonalNumber::Phone, &p.value))
            .unwrap_or_default(),
        "adjustment" => h
            .adjustment
            .as_ref()
            .map(|a| a.value.to_string())
            .unwrap_or_default(),
        "note" => h.note.as_deref().unwrap_or_default().to_string(),
        criterion_key => criterion_text(criterion(h, criterion_key)).to_string(),
    };
    let footer = |key: &str| match key {
        // The totals say what they count: 合计 30 户 120 人.
        "head" => format!("合计 {}户 {people}人", rows.len()),
        "size" => people.to_string(),
        _ => String::new(),
    };
    let mut table = build_table(
        chosen_columns("households", notice, list.procedure()),
        caption,
        &rows,
        cell,
        MoneyCells::NONE,
        footer,
    );
    if list.procedure() == Procedure::Exit {
        let line = site
            .config()
            .poverty_lines
            .get(&list.year.value)
            .map(|l| {
                format!(
                    "家庭人均纯收入高于{}年扶贫标准 {}/人/年，",
                    list.year.value,
                    l.value.to_unit(crate::model::money::MoneyUnit::Yuan)
                )
            })
            .unwrap_or_else(|| "家庭人均纯收入高于当年扶贫标准，".to_string());
        table.note = format!(
            "退出标准——{line}不愁吃、不愁穿，义务教育、基本医疗、住房安全有保障（“是”为达到）。"
        );
    }
    table
}

fn villages(site: &Site, notice: &Notice, list: &VillageList) -> TableView {
    let caption = format!(
        "{}（共 {} 个村）",
        notice.front.title.value,
        list.rows.len()
    );
    let cell = |v: &PoorVillage, key: &str| match key {
        "region" => region_name(site, &v.region.value),
        "township" => township_name(site, &v.region.value),
        "population" => v.population.value.to_string(),
        "poor_population" => v.poor_population.value.to_string(),
        "income" => yuan_text(&v.income.value),
        "collective_income" => yuan_text(&v.collective_income.value),
        "incidence" => incidence_text(v),
        "criteria" => list
            .criteria
            .as_ref()
            .map(|c| VillageFlags::of(v, c).label())
            .unwrap_or_default(),
        "class" => v.class.clone().unwrap_or_default(),
        "meets_exit" => list
            .criteria
            .as_ref()
            .and_then(|c| meets_exit_incidence(v, c))
            .map(|ok| if ok { "是" } else { "否" }.to_string())
            .unwrap_or_default(),
        "note" => v.note.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let footer = |key: &str| match key {
        "region" => format!("合计 {} 个村", list.rows.len()),
        "population" => list
            .rows
            .iter()
            .map(|v| v.population.value)
            .sum::<u32>()
            .to_string(),
        "poor_population" => list
            .rows
            .iter()
            .map(|v| v.poor_population.value)
            .sum::<u32>()
            .to_string(),
        _ => String::new(),
    };
    let mut table = build_table(
        chosen_columns("villages", notice, list.procedure()),
        caption,
        &list.rows,
        cell,
        MoneyCells::NONE,
        footer,
    );
    if let (Procedure::Exit, Some(c)) = (list.procedure(), &list.criteria) {
        if let Some(p) = &c.incidence_below {
            table.note = format!("退出标准——贫困发生率低于{}%。", p.value.0);
        }
    } else if let Some(c) = &list.criteria {
        let mut parts = Vec::new();
        if let Some(p) = &c.incidence_at_least {
            parts.push(format!("一高：贫困发生率不低于{}%", p.value.0));
        }
        if let Some(line) = &c.income_below {
            parts.push(format!("一低：农民人均纯收入低于{}", line.value));
        }
        if c.no_collective_income == Some(true) {
            parts.push("一无：无村集体经济收入".to_string());
        }
        table.note = format!("认定标准——{}。", parts.join("；"));
    }
    table
}

/// A project's sources with their amounts, all in one unit and with one number of
/// decimals (`省级财政扶贫资金15.00万元；群众自筹5.60万元`).
pub fn fund_sources_text(p: &Project) -> String {
    let col = MoneyColumn::of(
        p.funds
            .iter()
            .map(|f| &f.amount.value)
            .chain([&p.total.value]),
    );
    p.funds
        .iter()
        .map(|f| format!("{}{}", f.source, col.text_with_unit(&f.amount.value)))
        .collect::<Vec<_>>()
        .join("；")
}

fn projects(site: &Site, notice: &Notice, list: &ProjectList) -> TableView {
    let caption = format!(
        "{}（共 {} 个项目）",
        notice.front.title.value,
        list.rows.len()
    );
    let cell = |p: &Project, key: &str| match key {
        "code" => p.code.value.clone(),
        "name" => p.name.clone(),
        "region" => region_name(site, &p.region.value),
        "content" => p.content.clone(),
        "scale" => p.scale.clone().unwrap_or_default(),
        "implementer" => p.implementer.clone(),
        "manager" => p.manager.clone(),
        "period" => p.period.value.range().to_string(),
        "status" => p.status.value.clone(),
        "funds" => fund_sources_text(p),
        "subsidy_standard" => p.subsidy_standard.clone().unwrap_or_default(),
        "goals" => p.goals.clone().unwrap_or_default(),
        "mechanism" => p.mechanism.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let money = MoneyCells {
        keys: &["total"],
        amount: |p: &Project, _: &str| Some(p.total.value),
    };
    let columns = chosen_columns("projects", notice, Procedure::Identification);
    let link_first = columns
        .first()
        .is_some_and(|c| matches!(c.key, "code" | "name"));
    let mut table = build_table(columns, caption, &list.rows, cell, money, |_| String::new());
    if link_first {
        table.row_links = list
            .rows
            .iter()
            .map(|p| format!("projects/{}/index.html", p.code.value))
            .collect();
    }
    table
}

fn fund_ledger(site: &Site, notice: &Notice, ledger: &FundLedger) -> TableView {
    let projects = site.projects();
    let caption = format!(
        "{}（共 {} 笔）",
        notice.front.title.value,
        ledger.rows.len()
    );
    let cell = |e: &FundEntry, key: &str| match key {
        "date" => e.date.value.to_string(),
        "source" => e.source.clone(),
        "document" => e.document.clone().unwrap_or_default(),
        "project" => e
            .project
            .as_ref()
            .map(|code| match projects.get(code.value.trim()) {
                Some(p) => format!("{}（{}）", p.project.name, code.value),
                None => code.value.clone(),
            })
            .unwrap_or_default(),
        "purpose" => e.purpose.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let money = MoneyCells {
        keys: &["allocated", "disbursed"],
        amount: |e: &FundEntry, key: &str| match key {
            "allocated" => Some(e.allocated.value),
            "disbursed" => Some(e.disbursed.value),
            _ => None,
        },
    };
    build_table(
        chosen_columns("funds", notice, Procedure::Identification),
        caption,
        &ledger.rows,
        cell,
        money,
        |_| String::new(),
    )
}

fn beneficiaries(site: &Site, notice: &Notice, list: &BeneficiaryList) -> TableView {
    let mut caption = format!("{}（共 {} 人/户）", list.program, list.rows.len());
    if let Some(standard) = &list.standard {
        caption.push_str(&format!("，补助标准 {standard}"));
    }
    let cell = |b: &Beneficiary, key: &str| match key {
        "name" => b.name.value.to_string(),
        "id_number" => b
            .id_number
            .as_ref()
            .map(|i| mask(PersonalNumber::IdNumber, &i.value))
            .unwrap_or_default(),
        "region" => b
            .region
            .as_ref()
            .map(|r| region_name(site, &r.value))
            .unwrap_or_default(),
        "bank_account" => b
            .bank_account
            .as_ref()
            .map(|a| mask(PersonalNumber::BankAccount, &a.value))
            .unwrap_or_default(),
        "note" => b.note.as_deref().unwrap_or_default().to_string(),
        _ => String::new(),
    };
    let footer = |key: &str| match key {
        "name" => format!("合计 {} 人/户", list.rows.len()),
        _ => String::new(),
    };
    let money = MoneyCells {
        keys: &["amount"],
        amount: |b: &Beneficiary, _: &str| Some(b.amount.value),
    };
    build_table(
        chosen_columns("beneficiaries", notice, Procedure::Identification),
        caption,
        &list.rows,
        cell,
        money,
        footer,
    )
}

fn free_table(notice: &Notice, table: &FreeTable) -> TableView {
    let keys: Vec<&crate::model::records::FreeColumn> = match &notice.front.columns {
        Some(keys) => keys
            .iter()
            .filter_map(|k| table.columns.iter().find(|c| c.key.value == k.value))
            .collect(),
        None => table.columns.iter().collect(),
    };
    let rows = table
        .rows
        .iter()
        .map(|row| {
            keys.iter()
                .map(|c| {
                    let key = c.key.value.as_str();
                    let value = row.get(key).map(|v| v.value.as_str()).unwrap_or("");
                    match c.personal_number() {
                        Some(kind) if !value.is_empty() => mask(kind, value),
                        _ => value.to_string(),
                    }
                })
                .collect()
        })
        .collect();
    TableView {
        caption: table
            .title
            .clone()
            .unwrap_or_else(|| notice.front.title.value.clone()),
        columns: keys
            .iter()
            .map(|c| ColumnView {
                title: c.title.clone(),
                numeric: false,
            })
            .collect(),
        rows,
        row_links: Vec::new(),
        footer: Vec::new(),
        note: String::new(),
    }
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join("、")
}

fn yuan_text(m: &Money) -> String {
    m.to_unit(crate::model::money::MoneyUnit::Yuan)
        .amount_text()
}
