//! 一高一低一无: a poor village has high poverty incidence, low income, or no collective
//! income, measured against the thresholds of its list.

use crate::model::records::{PoorVillage, VillageCriteria};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VillageFlags {
    /// 一高: poverty incidence at or above the threshold.
    pub high_incidence: bool,
    /// 一低: per-capita net income below the line.
    pub low_income: bool,
    /// 一无: no collective income.
    pub no_collective_income: bool,
}

impl VillageFlags {
    pub fn of(v: &PoorVillage, criteria: &VillageCriteria) -> VillageFlags {
        VillageFlags {
            // poor / population ≥ pct / 100, compared without dividing.
            high_incidence: criteria.incidence_at_least.as_ref().is_some_and(|pct| {
                v.population.value > 0
                    && Decimal::from(v.poor_population.value) * Decimal::ONE_HUNDRED
                        >= pct.value.0 * Decimal::from(v.population.value)
            }),
            low_income: criteria
                .income_below
                .as_ref()
                .is_some_and(|line| v.income.value.in_yuan() < line.value.in_yuan()),
            no_collective_income: criteria.no_collective_income == Some(true)
                && v.collective_income.value.in_yuan().is_zero(),
        }
    }

    pub fn any(self) -> bool {
        self.high_incidence || self.low_income || self.no_collective_income
    }

    /// `一高、一无`, or `不符合` when none holds.
    pub fn label(self) -> String {
        let names: Vec<&str> = [
            (self.high_incidence, "一高"),
            (self.low_income, "一低"),
            (self.no_collective_income, "一无"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if names.is_empty() {
            "均不符合".to_string()
        } else {
            names.join("、")
        }
    }
}

/// Poverty incidence as a percentage with two decimals, e.g. `23.33%`. For display
/// only; the flags compare exactly.
pub fn incidence_text(v: &PoorVillage) -> String {
    if v.population.value == 0 {
        return String::new();
    }
    let pct = Decimal::from(v.poor_population.value) * Decimal::ONE_HUNDRED
        / Decimal::from(v.population.value);
    format!("{}%", pct.round_dp(2))
}

/// 贫困村退出: poverty incidence below the list's `incidence_below`, compared exactly;
/// `None` when the list sets no threshold.
pub fn meets_exit_incidence(v: &PoorVillage, criteria: &VillageCriteria) -> Option<bool> {
    let pct = criteria.incidence_below.as_ref()?;
    Some(
        v.population.value > 0
            && Decimal::from(v.poor_population.value) * Decimal::ONE_HUNDRED
                < pct.value.0 * Decimal::from(v.population.value),
    )
}
