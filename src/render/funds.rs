//! The fund summary: planned investment by year and source, by township, and the
//! allocation and disbursement ledger by year and source.
//!
//! Every money column is written in one unit (named in its header) with one number of
//! decimals ([`MoneyColumn`]); sources are listed by government level (中央、省、市、县
//! …, [`source_order`]), townships by amount, largest first.

use super::charts::bar_chart;
use super::view::{ColumnView, Fact, FundSummaryView, TableView};
use crate::model::fund_level::FundLevel;
use crate::model::money::{Money, MoneyColumn};
use crate::model::records::RecordSet;
use crate::{ProjectEntry, Site};
use std::cmp::Reverse;
use std::collections::BTreeMap;

pub use crate::model::fund_level::source_order;

/// `items` (source, amount) in source order; sources of one level by amount, largest
/// first, then by name.
pub fn sort_by_source<T>(items: &mut [T], key: impl Fn(&T) -> (&str, &Money)) {
    items.sort_by(|a, b| {
        let ((sa, ma), (sb, mb)) = (key(a), key(b));
        (source_order(sa), Reverse(ma.in_yuan()), sa).cmp(&(
            source_order(sb),
            Reverse(mb.in_yuan()),
            sb,
        ))
    });
}

fn table(
    caption: String,
    cols: &[(&str, bool)],
    rows: Vec<Vec<String>>,
    footer: Vec<String>,
) -> TableView {
    TableView {
        caption,
        columns: cols
            .iter()
            .map(|(title, numeric)| ColumnView {
                title: (*title).to_string(),
                numeric: *numeric,
            })
            .collect(),
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
        let mut sums: Vec<(String, Money)> = sources
            .iter()
            .map(|(source, amounts)| (source.to_string(), Money::sum(amounts, unit)))
            .collect();
        sort_by_source(&mut sums, |(s, m)| (s.as_str(), m));
        let total = Money::sum(&all, unit);
        let column = MoneyColumn::new(unit, sums.iter().map(|(_, m)| m).chain([&total]));
        charts.push(bar_chart(&format!("{year}年项目资金按来源"), &sums, column));
        let rows = sums
            .iter()
            .map(|(source, sum)| vec![source.clone(), column.text(sum)])
            .collect();
        tables.push(table(
            format!("{year}年项目资金按来源汇总"),
            &[("资金来源", false), (&column.title("金额"), true)],
            rows,
            vec!["合计".into(), column.text(&total)],
        ));
    }

    // By township, all years: the largest first; projects of no township last.
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
        let mut townships: Vec<(&String, String, usize, Money)> = by_township
            .iter()
            .map(|(code, (name, count, totals))| {
                (code, name.clone(), *count, Money::sum(totals, unit))
            })
            .collect();
        townships.sort_by_key(|(code, _, _, sum)| (code.is_empty(), Reverse(sum.in_yuan()), *code));
        let total = Money::sum(&all_totals, unit);
        let column = MoneyColumn::new(unit, townships.iter().map(|t| &t.3).chain([&total]));
        let sums: Vec<(String, Money)> = townships
            .iter()
            .map(|(_, name, _, sum)| (name.clone(), *sum))
            .collect();
        charts.push(bar_chart("项目资金按乡镇", &sums, column));
        let rows = townships
            .iter()
            .map(|(_, name, count, sum)| vec![name.clone(), count.to_string(), column.text(sum)])
            .collect();
        tables.push(table(
            "项目资金按乡镇汇总".to_string(),
            &[
                ("乡镇", false),
                ("项目数", true),
                (&column.title("总投资"), true),
            ],
            rows,
            vec![
                "合计".into(),
                projects.len().to_string(),
                column.text(&total),
            ],
        ));
    }

    // Allocation, disbursement and spending from the fund ledgers, by year: by
    // source, and by level (中央/省/市/县).
    let mut ledger: BTreeMap<i32, BTreeMap<&str, Flows>> = BTreeMap::new();
    let mut levels: BTreeMap<i32, BTreeMap<Option<FundLevel>, Flows>> = BTreeMap::new();
    for rf in site.content.records.values() {
        if let RecordSet::Funds(l) = &rf.set {
            for e in &l.rows {
                let slot = ledger
                    .entry(l.year.value)
                    .or_default()
                    .entry(e.source.as_str())
                    .or_default();
                let level = levels
                    .entry(l.year.value)
                    .or_default()
                    .entry(e.level())
                    .or_default();
                for slot in [slot, level] {
                    slot.0.push(e.allocated.value);
                    slot.1.push(e.disbursed.value);
                    slot.2.extend(e.spent.as_ref().map(|s| s.value));
                }
            }
        }
    }
    let mut all_allocated = Vec::new();
    let mut all_disbursed = Vec::new();
    let mut all_spent = Vec::new();
    // Each project's progress comes before the ledgers' year-by-year detail.
    let progress_at = tables.len();
    for (year, sources) in ledger.iter().rev() {
        let rows: Vec<(String, &Flows)> = sources
            .iter()
            .map(|(source, flows)| (source.to_string(), flows))
            .collect();
        let (table, year_flows) = flows_table(
            format!("{year}年扶贫资金下达与拨付"),
            "资金来源",
            rows,
            true,
        );
        tables.push(table);
        if let Some(by_level) = levels.get(year) {
            // 中央, 省, 市, 县, then what no level could be told of.
            let mut order: Vec<(&Option<FundLevel>, &Flows)> = by_level.iter().collect();
            order.sort_by_key(|(level, _)| level.is_none());
            let rows = order
                .into_iter()
                .map(|(level, flows)| {
                    (
                        level.map_or("未注明级次", FundLevel::label).to_string(),
                        flows,
                    )
                })
                .collect();
            tables.push(flows_table(format!("{year}年扶贫资金按级次"), "级次", rows, false).0);
        }
        all_allocated.extend(year_flows.0);
        all_disbursed.extend(year_flows.1);
        all_spent.extend(year_flows.2);
    }
    if let Some((chart, table)) = super::project_life::all_projects_progress(site, projects) {
        charts.push(chart);
        tables.insert(progress_at, table);
    }

    // The headline figures side by side: one unit, one number of decimals.
    let unit = Money::common_unit(
        all_totals
            .iter()
            .chain(&all_allocated)
            .chain(&all_disbursed),
    );
    let invested = Money::sum(&all_totals, unit);
    let allocated = Money::sum(&all_allocated, unit);
    let disbursed = Money::sum(&all_disbursed, unit);
    let headline = MoneyColumn::new(unit, [&invested, &allocated, &disbursed]);
    let mut facts = vec![
        Fact::new("项目总数", format!("{} 个", projects.len())),
        Fact::new("项目总投资", headline.text_with_unit(&invested)),
    ];
    if !all_allocated.is_empty() {
        facts.push(Fact::new(
            "资金下达合计",
            headline.text_with_unit(&allocated),
        ));
        facts.push(Fact::new(
            "资金拨付合计",
            headline.text_with_unit(&disbursed),
        ));
    }
    if !all_spent.is_empty() {
        let spent = Money::sum(&all_spent, unit);
        let column = MoneyColumn::new(unit, [&spent]);
        facts.push(Fact::new("资金支出合计", column.text_with_unit(&spent)));
    }
    FundSummaryView {
        facts,
        charts,
        tables: Vec::new(),
        table_cells: tables,
    }
}

/// Amounts allocated, disbursed and spent.
type Flows = (Vec<Money>, Vec<Money>, Vec<Money>);

/// One year's ledger as a table: a row per source (or level), allocated, disbursed
/// and — when any entry reports it — spent, in one unit; rows by source order when
/// `by_source`, else as given. Also every figure of the table, for the headline.
fn flows_table(
    caption: String,
    what: &str,
    flows: Vec<(String, &Flows)>,
    by_source: bool,
) -> (TableView, Flows) {
    let alloc: Vec<Money> = flows.iter().flat_map(|f| f.1.0.iter().copied()).collect();
    let disb: Vec<Money> = flows.iter().flat_map(|f| f.1.1.iter().copied()).collect();
    let spent: Vec<Money> = flows.iter().flat_map(|f| f.1.2.iter().copied()).collect();
    // One unit for every column, so a row's figures compare at a glance.
    let unit = Money::common_unit(alloc.iter().chain(&disb).chain(&spent));
    let mut sums: Vec<(String, Money, Money, Option<Money>)> = flows
        .iter()
        .map(|(name, (a, d, s))| {
            (
                name.clone(),
                Money::sum(a, unit),
                Money::sum(d, unit),
                (!s.is_empty()).then(|| Money::sum(s, unit)),
            )
        })
        .collect();
    if by_source {
        sort_by_source(&mut sums, |(s, alloc, _, _)| (s.as_str(), alloc));
    }
    let (alloc_total, disb_total, spent_total) = (
        Money::sum(&alloc, unit),
        Money::sum(&disb, unit),
        Money::sum(&spent, unit),
    );
    let alloc_col = MoneyColumn::new(unit, sums.iter().map(|s| &s.1).chain([&alloc_total]));
    let disb_col = MoneyColumn::new(unit, sums.iter().map(|s| &s.2).chain([&disb_total]));
    let spent_col = MoneyColumn::new(
        unit,
        sums.iter()
            .filter_map(|s| s.3.as_ref())
            .chain([&spent_total]),
    );
    let with_spent = !spent.is_empty();
    let rows = sums
        .iter()
        .map(|(name, a, d, s)| {
            let mut row = vec![name.clone(), alloc_col.text(a), disb_col.text(d)];
            if with_spent {
                row.push(s.as_ref().map_or("—".to_string(), |s| spent_col.text(s)));
            }
            row
        })
        .collect();
    let (alloc_title, disb_title, spent_title) = (
        alloc_col.title("下达金额"),
        disb_col.title("已拨付金额"),
        spent_col.title("支出金额"),
    );
    let mut cols = vec![
        (what, false),
        (alloc_title.as_str(), true),
        (disb_title.as_str(), true),
    ];
    let mut footer = vec![
        "合计".into(),
        alloc_col.text(&alloc_total),
        disb_col.text(&disb_total),
    ];
    if with_spent {
        cols.push((spent_title.as_str(), true));
        footer.push(spent_col.text(&spent_total));
    }
    (table(caption, &cols, rows, footer), (alloc, disb, spent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_go_by_level_then_amount() {
        let m = |s: &str| s.parse::<Money>().unwrap();
        let mut items = vec![
            ("其他资金", m("3.42万元")),
            ("群众自筹及投工投劳折资", m("46.3万元")),
            ("县级财政扶贫资金", m("5万元")),
            ("市级财政扶贫资金", m("15万元")),
            ("省级财政扶贫资金", m("15万元")),
            ("中央财政专项扶贫资金", m("1万元")),
            ("社会帮扶资金", m("50万元")),
            ("省级行业部门资金", m("20万元")),
            ("市场主体投入", m("1元")),
        ];
        sort_by_source(&mut items, |(s, a)| (s, a));
        let names: Vec<&str> = items.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            names,
            [
                "中央财政专项扶贫资金",
                "省级行业部门资金",
                "省级财政扶贫资金",
                "市级财政扶贫资金",
                "县级财政扶贫资金",
                "社会帮扶资金",
                "群众自筹及投工投劳折资",
                "市场主体投入",
                "其他资金",
            ]
        );
    }
}
