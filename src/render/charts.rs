//! Server-rendered bar charts: plain SVG with every value written out, readable
//! without JavaScript, in print and by screen readers (the SVG is labelled and the
//! same figures stand in the table beside it).

use super::feeds::xml_escape;
use super::view::ChartView;
use crate::model::money::{Money, MoneyUnit};
use rust_decimal::Decimal;
use std::fmt::Write as _;

const WIDTH: u32 = 720;
const LABEL_W: u32 = 230;
const BAR_MAX: u32 = 330;
const ROW_H: u32 = 34;
const BAR_H: u32 = 20;

/// A horizontal bar chart of `items`; amounts are shown in `unit`, exactly.
pub fn bar_chart(title: &str, items: &[(String, Money)], unit: MoneyUnit) -> ChartView {
    ChartView {
        title: title.to_string(),
        svg: chart_svg(title, items, unit),
    }
}

fn chart_svg(title: &str, items: &[(String, Money)], unit: MoneyUnit) -> String {
    let max = items
        .iter()
        .map(|(_, m)| m.in_yuan())
        .max()
        .unwrap_or(Decimal::ZERO);
    let height = ROW_H * items.len() as u32 + 16;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = xml_escape(title)
    );
    for (i, (label, amount)) in items.iter().enumerate() {
        let y = 8 + ROW_H * i as u32;
        // Length in tenths of a pixel, computed in decimal: no float touches money.
        let bar = if max.is_zero() {
            Decimal::ZERO
        } else {
            (amount.in_yuan() * Decimal::from(BAR_MAX) / max).round_dp(1)
        };
        let _ = write!(
            svg,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"chart-label\">{label}</text><rect x=\"{bx}\" y=\"{y}\" width=\"{bar}\" height=\"{BAR_H}\" class=\"chart-bar\"/><text x=\"{vx}\" y=\"{ty}\" class=\"chart-value\">{value}</text>",
            lx = LABEL_W - 10,
            ty = y + 15,
            label = xml_escape(&short_label(label)),
            bx = LABEL_W,
            vx = Decimal::from(LABEL_W + 8) + bar,
            value = xml_escape(&amount.to_unit(unit).to_string()),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Labels longer than the label column are cut with an ellipsis; the table beside the
/// chart has the full name.
fn short_label(label: &str) -> String {
    const MAX: usize = 14;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let mut cut: String = label.chars().take(MAX - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_labels_are_exact() {
        let items = vec![
            ("省级财政扶贫资金".to_string(), "15万元".parse().unwrap()),
            ("群众自筹<&>".to_string(), "46.3万元".parse().unwrap()),
        ];
        let svg = bar_chart("资金来源", &items, MoneyUnit::TenThousandYuan).svg;
        assert!(svg.contains("width=\"330\""), "{svg}");
        assert!(svg.contains("width=\"106.9\""), "{svg}");
        assert!(svg.contains(">46.3万元<"));
        assert!(svg.contains("群众自筹&lt;&amp;&gt;"));
        assert!(svg.contains("role=\"img\""));
    }
}
