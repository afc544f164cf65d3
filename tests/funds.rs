//! The funds page and project pages (#14 §4): every money column is in one unit named
//! in its header, every cell of it a bare number with the column's decimals, and the
//! figures exact (the cells add up to the total); bars and rows by source go 中央、省、
//! 市、县 … 其他, townships by amount, largest first. Read from the HTML the real binary
//! builds of the sample county, whose amounts mix 万元, 元 and 分.

mod common;

use common::html_text as text;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One data table as drawn: header titles, body rows, footer cells (text, tags removed).
#[derive(Debug)]
struct Table {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    footer: Vec<String>,
}

/// Everything between each `open…>` and the next `close` in `html`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let end = body.find(close).unwrap_or(body.len());
        found.push(&body[..end]);
        rest = &body[end..];
    }
    found
}

/// The cells (`<td>` and `<th>`) of each `<tr>` in `html`.
fn rows(html: &str) -> Vec<Vec<String>> {
    between(html, "<tr", "</tr>")
        .into_iter()
        .map(|tr| {
            let mut cells = Vec::new();
            let mut rest = tr;
            while let Some(at) = [rest.find("<td"), rest.find("<th")]
                .into_iter()
                .flatten()
                .min()
            {
                let after = &rest[at + 3..];
                let gt = after.find('>').unwrap();
                let body = &after[gt + 1..];
                let end = [body.find("</td>"), body.find("</th>")]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap();
                cells.push(text(&body[..end]));
                rest = &body[end..];
            }
            cells
        })
        .collect()
}

fn tables(html: &str) -> Vec<Table> {
    between(html, "<table", "</table>")
        .into_iter()
        .map(|t| Table {
            caption: between(t, "<caption", "</caption>")
                .first()
                .map(|c| text(c))
                .unwrap_or_default(),
            headers: between(t, "<thead", "</thead>")
                .first()
                .map(|h| rows(h).concat())
                .unwrap_or_default(),
            rows: between(t, "<tbody", "</tbody>")
                .first()
                .map(|b| rows(b))
                .unwrap_or_default(),
            footer: between(t, "<tfoot", "</tfoot>")
                .first()
                .map(|f| rows(f).concat())
                .unwrap_or_default(),
        })
        .collect()
}

/// Decimals of a bare number (`15.00` → 2), or `None` when the cell is not one.
fn decimals(cell: &str) -> Option<usize> {
    let (int, frac) = cell.split_once('.').unwrap_or((cell, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    (!int.is_empty() && digits(int) && digits(frac) && !(cell.contains('.') && frac.is_empty()))
        .then_some(frac.len())
}

/// Checks every money column of `table` (a header ending in （万元） or （元）) and
/// returns how many there were.
fn check_money_columns(page: &str, table: &Table) -> usize {
    let mut seen = 0;
    for (i, header) in table.headers.iter().enumerate() {
        // A money header names its unit; nothing else may say 金额 or 投资 without it.
        let money = header.ends_with("（万元）") || header.ends_with("（元）");
        if !money {
            assert!(
                !(header.contains("金额") || header.contains("投资")),
                "{page}: {}: header {header:?} names no unit",
                table.caption
            );
            continue;
        }
        seen += 1;
        // “—” stands where there is no figure (a source no ledger records, spending
        // not reported): not a number, and nothing to add.
        let figure = |c: &&String| c.as_str() != "—";
        let mut cells: Vec<&String> = table.rows.iter().map(|r| &r[i]).filter(figure).collect();
        let footer = table.footer.get(i).filter(|f| !f.is_empty()).filter(figure);
        cells.extend(footer);
        let places: Vec<Option<usize>> = cells.iter().map(|c| decimals(c)).collect();
        assert!(
            places.iter().all(Option::is_some),
            "{page}: {}: {header}: not all bare numbers: {cells:?}",
            table.caption
        );
        assert!(
            places.windows(2).all(|w| w[0] == w[1]),
            "{page}: {}: {header}: decimals differ: {cells:?}",
            table.caption
        );
        if header.ends_with("（万元）") {
            assert!(places[0] >= Some(2), "{page}: {header}: {cells:?}");
        }
        // Exact: the rows add up to the total, to the last decimal.
        if let Some(total) = footer {
            let sum: Decimal = table
                .rows
                .iter()
                .filter(|r| r[i] != "—")
                .map(|r| Decimal::from_str(&r[i]).unwrap())
                .sum();
            assert_eq!(
                sum,
                Decimal::from_str(total).unwrap(),
                "{page}: {}: {header}: {cells:?}",
                table.caption
            );
        }
    }
    seen
}

/// The rows of each bar chart: (caption, [(label, figure)]).
fn charts(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    between(html, "<figure", "</figure>")
        .into_iter()
        .map(|fig| {
            let caption = text(between(fig, "<figcaption", "</figcaption>")[0]);
            let labels = between(fig, "<span class=chart-label", "</span>");
            let values = between(fig, "<span class=chart-value", "</span>");
            assert_eq!(labels.len(), values.len(), "{fig}");
            let bars = labels
                .iter()
                .zip(&values)
                .map(|(l, v)| (text(l), text(v)))
                .collect();
            (caption, bars)
        })
        .collect()
}

fn read(dir: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn money_columns_have_one_unit_and_one_number_of_decimals_and_are_exact() {
    let out = common::build_sample(&["--today", "2014-09-05"]);
    let mut columns = 0;
    for page in [
        "funds/index.html",
        "projects/2014-001/index.html",
        "projects/2014-002/index.html",
        "projects/2014-003/index.html",
        "projects/2014-004/index.html",
        "notices/projects-2014-publicity/index.html",
        "notices/funds-2014-publicity/index.html",
        "notices/weifang-2014-publicity/index.html",
        "regions/530623000000/index.html",
    ] {
        let html = read(out.path(), page);
        for table in tables(&html) {
            columns += check_money_columns(page, &table);
        }
        // No figure with its unit stands in a table cell.
        for table in tables(&html) {
            for cell in table.rows.iter().flatten().chain(&table.footer) {
                let bare = decimals(cell.trim_end_matches("元").trim_end_matches('万'));
                assert!(
                    bare.is_none() || !cell.ends_with('元'),
                    "{page}: {}: a cell carries its unit: {cell}",
                    table.caption
                );
            }
        }
    }
    assert!(columns >= 12, "only {columns} money columns seen");

    // The funds page in detail: the ledger mixes 万元, 元 and 分 (18250.50元): its
    // disbursed column is in 万元 to six decimals, while the allocated one, whose sums
    // are whole hundreds of 元, keeps two.
    let html = read(out.path(), "funds/index.html");
    let all = tables(&html);
    let ledger = all
        .iter()
        .find(|t| t.caption == "2014年扶贫资金下达与拨付")
        .expect("ledger table");
    assert_eq!(
        ledger.headers,
        ["资金来源", "下达金额（万元）", "已拨付金额（万元）"]
    );
    assert_eq!(decimals(&ledger.footer[1]), Some(2), "{ledger:?}");
    assert_eq!(decimals(&ledger.footer[2]), Some(6), "{ledger:?}");
    let county = ledger
        .rows
        .iter()
        .find(|r| r[0] == "县级财政扶贫配套资金")
        .unwrap();
    // 56000 + 36500 元 allocated, 28000 + 18250.50 元 disbursed.
    assert_eq!(county[1..], ["9.25", "4.625050"]);
    // The headline figures: one unit, one number of decimals.
    assert!(
        html.contains("项目总投资")
            && html.contains("<dd>310.594560万元</dd>")
            && html.contains("<dd>213.725050万元</dd>"),
        "{html}"
    );
}

#[test]
fn bars_and_rows_go_by_source_level_or_by_amount() {
    let out = common::build_sample(&["--today", "2014-09-05"]);
    let html = read(out.path(), "funds/index.html");
    let funds_charts = charts(&html);
    let by_caption = |c: &str| {
        funds_charts
            .iter()
            .find(|(caption, _)| caption == c)
            .unwrap_or_else(|| panic!("no chart {c}: {funds_charts:?}"))
            .1
            .clone()
    };
    let sources = by_caption("2014年项目资金按来源（单位：万元）");
    let labels: Vec<&str> = sources.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "中央财政专项扶贫资金",
            "省级财政扶贫资金",
            "市级财政扶贫资金",
            "县级财政扶贫配套资金",
            // Sources of no level: by amount.
            "交通运输部门补助资金",
            "群众自筹及投工投劳折资",
            "财政专项扶贫资金",
            "群众自筹",
            "一事一议财政奖补资金",
            "群众投工投劳折资",
            "其他资金",
        ],
        "{sources:?}"
    );
    // The table beside it lists the same sources in the same order with the same figures.
    let all = tables(&html);
    let table = all
        .iter()
        .find(|t| t.caption == "2014年项目资金按来源汇总")
        .unwrap();
    let rows: Vec<(String, String)> = table
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(rows, sources);

    let townships = by_caption("项目资金按乡镇（单位：万元）");
    let amounts: Vec<Decimal> = townships
        .iter()
        .map(|(_, v)| Decimal::from_str(v).unwrap())
        .collect();
    assert!(townships.len() >= 2, "{townships:?}");
    assert!(
        amounts.windows(2).all(|w| w[0] >= w[1]),
        "townships not by amount: {townships:?}"
    );

    // The ledger by source: 中央 before 省 before 市 before 县.
    let ledger = all
        .iter()
        .find(|t| t.caption == "2014年扶贫资金下达与拨付")
        .unwrap();
    let order: Vec<&str> = ledger.rows.iter().map(|r| r[0].as_str()).collect();
    let at = |s: &str| order.iter().position(|o| *o == s).unwrap();
    assert!(
        at("中央财政专项扶贫资金") < at("省级财政专项扶贫资金"),
        "{order:?}"
    );
    assert!(
        at("省级财政专项扶贫资金") < at("市级财政专项扶贫资金"),
        "{order:?}"
    );
    assert!(
        at("市级财政专项扶贫资金") < at("县级财政扶贫配套资金"),
        "{order:?}"
    );

    // A project page: chart and table by source level too.
    let html = read(out.path(), "projects/2014-001/index.html");
    let (_, bars) = &charts(&html)[0];
    let labels: Vec<&str> = bars.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "省级财政扶贫资金",
            "市级财政扶贫资金",
            "群众自筹及投工投劳折资",
            "其他资金"
        ]
    );
    let figures: Vec<&str> = bars.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(figures, ["15.00", "15.00", "46.30", "3.42"]);
}
