//! Bar charts drawn as HTML: one row per item with its name, a bar whose length is its
//! share of the largest (a CSS width in %), and the figure written out. Every word is
//! page text, so it keeps its size on a phone (a 720-wide SVG scaled to a 390 px screen
//! shrank its labels to 8 px), wraps, grows with the reader's text size and the
//! large-text mode, prints (the bar is a border, which browsers print), and is read by
//! screen readers as "name figure" (the bar itself is hidden from them). The same
//! figures stand in the table beside the chart.

use super::escape::push_escaped;
use super::view::ChartView;
use crate::model::money::{Money, MoneyColumn};
use rust_decimal::Decimal;

/// A horizontal bar chart of `items`, in their order; figures are written as the
/// cells of `column` (one unit, named in the caption; one number of decimals).
pub fn bar_chart(title: &str, items: &[(String, Money)], column: MoneyColumn) -> ChartView {
    let max = items
        .iter()
        .map(|(_, m)| m.in_yuan())
        .max()
        .unwrap_or(Decimal::ZERO);
    let mut html = String::with_capacity(64 + 160 * items.len());
    html.push_str("<ul class=chart>");
    for (label, amount) in items {
        // The bar's length in % of the largest, computed in decimal: no float touches money.
        let share = if max.is_zero() {
            Decimal::ZERO
        } else {
            (amount.in_yuan() * Decimal::from(100) / max).round_dp(1)
        };
        html.push_str("<li class=chart-row><span class=chart-label>");
        push_escaped(&mut html, label);
        html.push_str(
            "</span> <span aria-hidden=true class=chart-track><span class=chart-bar style=\"width:",
        );
        html.push_str(&share.normalize().to_string());
        html.push_str("%\"></span></span> <span class=chart-value>");
        push_escaped(&mut html, &column.text(amount));
        html.push_str("</span></li>");
    }
    html.push_str("</ul>");
    ChartView {
        title: format!("{title}（单位：{}）", column.unit().label()),
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::MoneyUnit;

    #[test]
    fn bars_scale_to_the_largest_and_figures_are_exact_in_one_unit() {
        let items = vec![
            ("群众自筹<&>".to_string(), "46.3万元".parse().unwrap()),
            ("省级财政扶贫资金".to_string(), "15万元".parse().unwrap()),
            ("县级".to_string(), "56001元".parse().unwrap()),
            ("无".to_string(), "0".parse().unwrap()),
        ];
        let amounts: Vec<Money> = items.iter().map(|(_, m)| *m).collect();
        let column = MoneyColumn::new(MoneyUnit::TenThousandYuan, &amounts);
        let chart = bar_chart("资金来源", &items, column);
        assert_eq!(chart.title, "资金来源（单位：万元）");
        let html = chart.html;
        assert!(html.contains("style=\"width:100%\""), "{html}");
        assert!(html.contains("style=\"width:32.4%\""), "{html}");
        assert!(html.contains("style=\"width:0%\""), "{html}");
        for figure in ["46.3000", "15.0000", "5.6001", "0.0000"] {
            assert!(
                html.contains(&format!("<span class=chart-value>{figure}</span>")),
                "{figure} in {html}"
            );
        }
        assert!(html.contains("群众自筹&lt;&amp;&gt;"));
        assert!(!html.contains("万元<"), "the unit is in the caption only");
        // In the order given.
        assert!(html.find("群众自筹").unwrap() < html.find("省级").unwrap());
        assert!(html.find("省级").unwrap() < html.find("县级").unwrap());
    }
}
