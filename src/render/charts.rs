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

/// One row of a progress chart: how much of `base` (the plan, or what was allocated
/// if more) was allocated, disbursed and spent; `spent` is `None` when not reported.
#[derive(Debug, Clone)]
pub struct Progress {
    pub label: String,
    pub base: Money,
    pub allocated: Money,
    pub disbursed: Money,
    pub spent: Option<Money>,
}

/// Share of `part` in `whole`, in %, to one decimal; 0 of nothing.
pub fn percent(part: &Money, whole: &Money) -> Decimal {
    if whole.in_yuan().is_zero() {
        Decimal::ZERO
    } else {
        (part.in_yuan() * Decimal::from(100) / whole.in_yuan()).round_dp(1)
    }
}

/// A progress chart: per row three bars, one above the other — allocated (下达),
/// disbursed (拨付), spent (支出) — each as long as its share of the row's base, and the
/// three figures written out as the cells of `column`.
pub fn progress_chart(title: &str, items: &[Progress], column: MoneyColumn) -> ChartView {
    let mut html = String::with_capacity(64 + 400 * items.len());
    html.push_str("<ul class=\"chart progress\">");
    for p in items {
        html.push_str("<li class=chart-row><span class=chart-label>");
        push_escaped(&mut html, &p.label);
        html.push_str("</span> <span aria-hidden=true class=chart-track>");
        let bars = [
            ("progress-allocated", Some(&p.allocated)),
            ("progress-disbursed", Some(&p.disbursed)),
            ("progress-spent", p.spent.as_ref()),
        ];
        for (class, amount) in bars {
            let share = amount.map_or(Decimal::ZERO, |m| {
                percent(m, &p.base).min(Decimal::from(100))
            });
            html.push_str("<span class=\"chart-bar ");
            html.push_str(class);
            html.push_str("\" style=\"width:");
            html.push_str(&share.normalize().to_string());
            html.push_str("%\"></span>");
        }
        html.push_str("</span> <span class=chart-value>下达 ");
        push_escaped(&mut html, &column.text(&p.allocated));
        html.push_str(" · 拨付 ");
        push_escaped(&mut html, &column.text(&p.disbursed));
        html.push_str(" · 支出 ");
        match &p.spent {
            Some(spent) => push_escaped(&mut html, &column.text(spent)),
            None => html.push_str("未填报"),
        }
        html.push_str("</span></li>");
    }
    html.push_str("</ul>");
    ChartView {
        title: format!(
            "{title}（单位：{}；三条依次为下达、拨付、支出，满格为计划金额）",
            column.unit().label()
        ),
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

#[cfg(test)]
mod progress_tests {
    use super::*;
    use crate::model::money::MoneyUnit;

    #[test]
    fn progress_bars_are_shares_of_the_plan_and_figures_exact() {
        let m = |s: &str| s.parse::<Money>().unwrap();
        let items = vec![Progress {
            label: "中央".into(),
            base: m("1234567.89"),
            allocated: m("1234567.89"),
            disbursed: m("617283.945"),
            spent: None,
        }];
        let column = MoneyColumn::new(MoneyUnit::Yuan, [&m("617283.945"), &m("1234567.89")]);
        let chart = progress_chart("资金进度", &items, column);
        assert!(
            chart
                .html
                .contains("progress-allocated\" style=\"width:100%"),
            "{}",
            chart.html
        );
        assert!(
            chart
                .html
                .contains("progress-disbursed\" style=\"width:50%"),
            "{}",
            chart.html
        );
        assert!(
            chart.html.contains("progress-spent\" style=\"width:0%"),
            "{}",
            chart.html
        );
        assert!(
            chart
                .html
                .contains("下达 1234567.890 · 拨付 617283.945 · 支出 未填报"),
            "{}",
            chart.html
        );
    }
}
