//! Exact money amounts as county staff write them: `2150` (元), `"10000元"`, `"46.3万元"`.
//!
//! Amounts are parsed from the YAML *text* into `rust_decimal::Decimal`, never through a
//! float, so `12.30` stays `12.30` and sums are exact.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::str::FromStr;

/// The unit a figure was written in. Sums are shown in the unit of the figure they are
/// compared with, so the unit is kept next to the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoneyUnit {
    Yuan,
    TenThousandYuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::TenThousandYuan => "万元",
        }
    }

    fn yuan_per_unit(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::TenThousandYuan => Decimal::from(10_000),
        }
    }
}

/// An exact amount of money with the unit it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// The figure in `unit`, with the scale it was written with.
    amount: Decimal,
    unit: MoneyUnit,
}

impl Money {
    pub fn new(amount: Decimal, unit: MoneyUnit) -> Money {
        Money { amount, unit }
    }

    pub fn yuan(amount: Decimal) -> Money {
        Money::new(amount, MoneyUnit::Yuan)
    }

    pub fn unit(&self) -> MoneyUnit {
        self.unit
    }

    /// The figure without its unit, as written (`46.3` of `46.3万元`).
    pub fn amount_text(&self) -> String {
        self.amount.to_string()
    }

    /// The exact value in 元, for comparing and adding amounts written in different units.
    pub fn in_yuan(&self) -> Decimal {
        self.amount * self.unit.yuan_per_unit()
    }

    /// The same value expressed in `unit`. Exact: 元 → 万元 divides by 10^4, which a decimal
    /// represents without rounding.
    pub fn to_unit(&self, unit: MoneyUnit) -> Money {
        if unit == self.unit {
            return *self;
        }
        let amount = (self.in_yuan() / unit.yuan_per_unit()).normalize();
        Money { amount, unit }
    }

    /// Adds amounts exactly. The result keeps `unit`; it never rounds.
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a Money>, unit: MoneyUnit) -> Money {
        let mut total = Money::new(Decimal::ZERO, unit);
        for m in items {
            total.amount += m.to_unit(unit).amount;
        }
        total
    }

    /// The unit most of `items` are written in (ties and empty input: 元), so a total
    /// reads like its parts.
    pub fn common_unit<'a>(items: impl IntoIterator<Item = &'a Money>) -> MoneyUnit {
        let (mut yuan, mut wan) = (0usize, 0usize);
        for m in items {
            match m.unit {
                MoneyUnit::Yuan => yuan += 1,
                MoneyUnit::TenThousandYuan => wan += 1,
            }
        }
        if wan > yuan {
            MoneyUnit::TenThousandYuan
        } else {
            MoneyUnit::Yuan
        }
    }
}

/// How one column of amounts is written (a table's column, a chart's values): every
/// figure in one unit with one number of decimals, and every figure exact. The unit
/// goes into the column's header ([`MoneyColumn::title`]); the cells carry numbers only,
/// so `56000元` never stands beside `15万元`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyColumn {
    unit: MoneyUnit,
    decimals: u32,
}

impl MoneyColumn {
    /// The column of `items` in `unit`, with the fewest decimals of the unit's usual
    /// steps that write every figure exactly: 万元 with 2 (hundreds of 元), 4 (whole 元)
    /// or 6 (分); 元 with none or 2 (分). A figure finer than that gets what it needs.
    pub fn new<'a>(unit: MoneyUnit, items: impl IntoIterator<Item = &'a Money>) -> MoneyColumn {
        let steps: &[u32] = match unit {
            MoneyUnit::Yuan => &[0, 2],
            MoneyUnit::TenThousandYuan => &[2, 4, 6],
        };
        let needed = items
            .into_iter()
            .map(|m| m.to_unit(unit).amount.normalize().scale())
            .max()
            .unwrap_or(0);
        let decimals = steps
            .iter()
            .copied()
            .find(|&s| s >= needed)
            .unwrap_or(needed);
        MoneyColumn { unit, decimals }
    }

    /// The column of `items` in the unit most of them are written in.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Money> + Clone) -> MoneyColumn {
        MoneyColumn::new(Money::common_unit(items.clone()), items)
    }

    pub fn unit(&self) -> MoneyUnit {
        self.unit
    }

    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// `m` as a cell of this column: the number in the column's unit with the
    /// column's decimals (`15.00`), no unit. Exact: a figure needing more decimals than
    /// the column has is a bug in how the column was made, and panics in tests.
    pub fn text(&self, m: &Money) -> String {
        let mut amount = m.to_unit(self.unit).amount.normalize();
        debug_assert!(
            amount.scale() <= self.decimals,
            "{m} needs more than {} decimals",
            self.decimals
        );
        amount.rescale(self.decimals);
        amount.to_string()
    }

    /// `m` with the unit after it (`15.00万元`), for a figure standing alone.
    pub fn text_with_unit(&self, m: &Money) -> String {
        format!("{}{}", self.text(m), self.unit.label())
    }

    /// A header naming the column's unit: `金额（万元）`.
    pub fn title(&self, name: &str) -> String {
        format!("{name}（{}）", self.unit.label())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.label())
    }
}

/// Why a money text was rejected; worded for the clerk who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError(pub String);

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(text: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        let (number, unit) = if let Some(n) = trimmed.strip_suffix("万元") {
            (n, MoneyUnit::TenThousandYuan)
        } else if let Some(n) = trimmed.strip_suffix('元') {
            (n, MoneyUnit::Yuan)
        } else {
            (trimmed, MoneyUnit::Yuan)
        };
        let number = number.trim();
        let well_formed = !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit() || c == '.')
            && number.matches('.').count() <= 1
            && !number.starts_with('.')
            && !number.ends_with('.');
        if !well_formed {
            return Err(MoneyError(format!(
                "金额“{text}”无法识别：应写成数字（单位为元），或带单位的文字，如 10000元、46.3万元"
            )));
        }
        let amount = Decimal::from_str(number)
            .map_err(|_| MoneyError(format!("金额“{text}”超出可表示的范围")))?;
        Ok(Money { amount, unit })
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        // A plain YAML number arrives as its original text, so no float is involved.
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn parses_units_and_keeps_scale() {
        assert_eq!(m("46.3万元").to_string(), "46.3万元");
        assert_eq!(m("10000元").to_string(), "10000元");
        assert_eq!(m("12.30").to_string(), "12.30元");
        assert_eq!(m("46.3万元").in_yuan(), Decimal::from(463_000));
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "万元",
            "1,000元",
            "-5元",
            "12.3.4",
            "十万元",
            ".5",
            "5.",
            "3万",
        ] {
            assert!(bad.parse::<Money>().is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn sums_exactly_in_a_unit() {
        let funds = [m("15万元"), m("15万元"), m("46.3万元"), m("3.42万元")];
        let total = Money::sum(&funds, MoneyUnit::TenThousandYuan);
        assert_eq!(total.to_string(), "79.72万元");
        assert_eq!(total.in_yuan(), m("79.72万元").in_yuan());
        // 0.1 + 0.2 is exactly 0.3 here, unlike binary floating point.
        let cents = [m("0.1"), m("0.2")];
        assert_eq!(
            Money::sum(&cents, MoneyUnit::Yuan).in_yuan(),
            m("0.3").in_yuan()
        );
    }

    #[test]
    fn a_column_has_one_unit_and_enough_decimals_to_be_exact() {
        let items = [m("15万元"), m("56000元"), m("46.3万元")];
        let col = MoneyColumn::new(MoneyUnit::TenThousandYuan, &items);
        let cells: Vec<String> = items.iter().map(|x| col.text(x)).collect();
        assert_eq!(cells, ["15.00", "5.60", "46.30"]);
        assert_eq!(col.title("金额"), "金额（万元）");
        assert_eq!(col.text_with_unit(&items[0]), "15.00万元");

        // Fen in 万元 take six decimals (whole yuan four), for every cell of the column.
        let items = [m("15万元"), m("56001元"), m("364800.50元")];
        let col = MoneyColumn::new(MoneyUnit::TenThousandYuan, &items);
        let cells: Vec<String> = items.iter().map(|x| col.text(x)).collect();
        assert_eq!(cells, ["15.000000", "5.600100", "36.480050"]);
        let col = MoneyColumn::new(MoneyUnit::TenThousandYuan, &[m("15万元"), m("56001元")]);
        assert_eq!(col.text(&m("56001元")), "5.6001");
        assert_eq!(col.text(&m("15万元")), "15.0000");
        for (cell, item) in cells.iter().zip(&items) {
            let back: Money = format!("{cell}万元").parse().unwrap();
            assert_eq!(back.in_yuan(), item.in_yuan(), "{cell} is exact");
        }

        // In 元: whole numbers unless a figure has fen; written scale does not count.
        let items = [m("2150"), m("1.5万元"), m("12.30")];
        let col = MoneyColumn::of(&items);
        assert_eq!(col.unit(), MoneyUnit::Yuan);
        let cells: Vec<String> = items.iter().map(|x| col.text(x)).collect();
        assert_eq!(cells, ["2150.00", "15000.00", "12.30"]);
        let col = MoneyColumn::of(&[m("2150"), m("1.5万元")]);
        assert_eq!(col.text(&m("1.5万元")), "15000");
    }

    #[test]
    fn mixed_units_convert_without_rounding() {
        let parts = [m("1.5万元"), m("2345.67元")];
        assert_eq!(
            Money::sum(&parts, MoneyUnit::Yuan).to_string(),
            "17345.67元"
        );
        assert_eq!(
            Money::sum(&parts, MoneyUnit::TenThousandYuan).to_string(),
            "1.734567万元"
        );
        assert_eq!(Money::common_unit(&parts), MoneyUnit::Yuan);
    }
}
