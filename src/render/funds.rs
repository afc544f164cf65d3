//! The fund summary: planned investment by year and source, by township, and the
//! allocation and disbursement ledger by year and source.

use super::charts::bar_chart;
use super::tables::money_total;
use super::view::{ColumnView, Fact, FundSummaryView, TableView};
use crate::model::money::Money;
use crate::model::records::RecordSet;
use crate::{ProjectEntry, Site};
use std::collections::BTreeMap;

fn columns(spec: &[(&str, bool)]) -> Vec<ColumnView> {
    spec.iter()
        .map(|(title, numeric)| ColumnView {
            title: (*title).to_string(),
            numeric: *numeric,
        })
        .collect()
}

fn table(
    caption: String,
    cols: &[(&str, bool)],
    rows: Vec<Vec<String>>,
    footer: Vec<String>,
) -> TableView {
    TableView {
        caption,
        columns: columns(cols),
        rows,
        row_links: Vec::new(),
        footer,
        note: String::new(),
    }
}

pub fn fund_summary(site: &Site, projects: &BTreeMap<&str, ProjectEntry<'_>>) -> FundSummaryView {
    let mut tables = Vec::new();
    let mut charts = Vec::new();
    for e in projects.values() {
        super::reads::note(super::reads::Input::Records(super::reads::Source::file(
            e.file,
        )));
    }
    super::reads::note(super::reads::Input::Ledgers);
    let all_totals: Vec<Money> = projects.values().map(|e| e.project.total.value).collect();
    let mut facts = vec![
        Fact::new("项目总数", format!("{} 个", projects.len())),
        Fact::new("项目总投资", money_total(all_totals.iter()).to_string()),
    ];

    // Planned investment by year and fund source.
    let mut by_year: BTreeMap<i32, BTreeMap<&str, Vec<Money>>> = BTreeMap::new();
    for e in projects.values() {
        for f in &e.project.funds {
            by_year
                .entry(e.year)
                .or_default()
                .entry(f.source.as_str())
                .or_default()
                .push(f.amount.value);
        }
    }
    // An aggregate table reads in one unit: the one most of its inputs were written in.
    for (year, sources) in by_year.iter().rev() {
        let all: Vec<Money> = sources.values().flatten().copied().collect();
        let unit = Money::common_unit(&all);
        let sums: Vec<(String, Money)> = sources
            .iter()
            .map(|(source, amounts)| (source.to_string(), Money::sum(amounts, unit)))
            .collect();
        charts.push(bar_chart(&format!("{year}年项目资金按来源"), &sums, unit));
        let rows = sums
            .iter()
            .map(|(source, sum)| vec![source.clone(), sum.to_string()])
            .collect();
        tables.push(table(
            format!("{year}年项目资金按来源汇总"),
            &[("资金来源", false), ("金额", true)],
            rows,
            vec!["合计".into(), Money::sum(&all, unit).to_string()],
        ));
    }

    // By township, all years.
    let mut by_township: BTreeMap<String, (String, usize, Vec<Money>)> = BTreeMap::new();
    for e in projects.values() {
        let region = e.project.region.value.trim();
        let (code, name) = match site.regions.township_of(region) {
            Some(t) => (t.code.clone(), t.name.clone()),
            None => (String::new(), "县级及其他".to_string()),
        };
        let slot = by_township.entry(code).or_insert((name, 0, Vec::new()));
        slot.1 += 1;
        slot.2.push(e.project.total.value);
    }
    if !by_township.is_empty() {
        let unit = Money::common_unit(&all_totals);
        let sums: Vec<(String, Money)> = by_township
            .values()
            .map(|(name, _, totals)| (name.clone(), Money::sum(totals, unit)))
            .collect();
        charts.push(bar_chart("项目资金按乡镇", &sums, unit));
        let rows = by_township
            .values()
            .zip(&sums)
            .map(|((name, count, _), (_, sum))| {
                vec![name.clone(), count.to_string(), sum.to_string()]
            })
            .collect();
        tables.push(table(
            "项目资金按乡镇汇总".to_string(),
            &[("乡镇", false), ("项目数", true), ("总投资", true)],
            rows,
            vec![
                "合计".into(),
                projects.len().to_string(),
                Money::sum(&all_totals, unit).to_string(),
            ],
        ));
    }

    // Allocation and disbursement from the fund ledgers, by year and source.
    type Flows = (Vec<Money>, Vec<Money>);
    let mut ledger: BTreeMap<i32, BTreeMap<&str, Flows>> = BTreeMap::new();
    for rf in site.content.records.values() {
        if let RecordSet::Funds(l) = &rf.set {
            for e in &l.rows {
                let slot = ledger
                    .entry(l.year.value)
                    .or_default()
                    .entry(e.source.as_str())
                    .or_default();
                slot.0.push(e.allocated.value);
                slot.1.push(e.disbursed.value);
            }
        }
    }
    let mut all_allocated = Vec::new();
    let mut all_disbursed = Vec::new();
    for (year, sources) in ledger.iter().rev() {
        let year_alloc: Vec<Money> = sources.values().flat_map(|f| f.0.iter().copied()).collect();
        let year_disb: Vec<Money> = sources.values().flat_map(|f| f.1.iter().copied()).collect();
        let unit = Money::common_unit(year_alloc.iter().chain(&year_disb));
        let rows = sources
            .iter()
            .map(|(source, (alloc, disb))| {
                vec![
                    source.to_string(),
                    Money::sum(alloc, unit).to_string(),
                    Money::sum(disb, unit).to_string(),
                ]
            })
            .collect();
        tables.push(table(
            format!("{year}年扶贫资金下达与拨付"),
            &[
                ("资金来源", false),
                ("下达金额", true),
                ("已拨付金额", true),
            ],
            rows,
            vec![
                "合计".into(),
                Money::sum(&year_alloc, unit).to_string(),
                Money::sum(&year_disb, unit).to_string(),
            ],
        ));
        all_allocated.extend(year_alloc);
        all_disbursed.extend(year_disb);
    }
    if !all_allocated.is_empty() {
        facts.push(Fact::new(
            "资金下达合计",
            money_total(all_allocated.iter()).to_string(),
        ));
        facts.push(Fact::new(
            "资金拨付合计",
            money_total(all_disbursed.iter()).to_string(),
        ));
    }
    FundSummaryView {
        facts,
        charts,
        tables: Vec::new(),
        table_cells: tables,
    }
}
