//! What a list's rounds decide: who becomes poor (识别), who is lifted out (退出), or
//! the year's changes either way (动态调整: 新识别, 返贫, 自然减少). All go through the
//! same rounds (村级公示 → 乡镇级公示 → 县级公告); the procedure says which.

use crate::model::records::Household;
use crate::model::spanned::Spanned;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Procedure {
    /// 识别: the households (or villages) found poor.
    #[default]
    Identification,
    /// 退出: those lifted out, each with the criteria it meets.
    Exit,
    /// 动态调整: each row says what it is ([`Adjustment`]).
    Adjustment,
}

impl Procedure {
    pub fn label(self) -> &'static str {
        match self {
            Procedure::Identification => "识别",
            Procedure::Exit => "退出",
            Procedure::Adjustment => "动态调整",
        }
    }
}

/// What one row of an adjustment list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjustment {
    /// 新识别: poor for the first time.
    NewlyIdentified,
    /// 返贫: lifted out before, poor again.
    Returned,
    /// 自然减少: gone from the list by death or moving away.
    Reduced,
}

pub const ADJUSTMENTS: [&str; 3] = ["新识别", "返贫", "自然减少"];

impl Adjustment {
    pub fn of(text: &str) -> Option<Adjustment> {
        match text.trim() {
            "新识别" => Some(Adjustment::NewlyIdentified),
            "返贫" => Some(Adjustment::Returned),
            "自然减少" => Some(Adjustment::Reduced),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Adjustment::NewlyIdentified => "新识别",
            Adjustment::Returned => "返贫",
            Adjustment::Reduced => "自然减少",
        }
    }
}

/// 两不愁三保障, the criteria besides income an exiting household must meet: its
/// field, and the column title readers see.
pub const EXIT_CRITERIA: [(&str, &str); 5] = [
    ("food", "不愁吃"),
    ("clothing", "不愁穿"),
    ("education", "义务教育有保障"),
    ("medical", "基本医疗有保障"),
    ("housing", "住房安全有保障"),
];

/// The household's record of one criterion of [`EXIT_CRITERIA`], by field, with its
/// place.
pub fn criterion_spanned<'h>(h: &'h Household, field: &str) -> Option<&'h Spanned<bool>> {
    match field {
        "food" => h.food.as_ref(),
        "clothing" => h.clothing.as_ref(),
        "education" => h.education.as_ref(),
        "medical" => h.medical.as_ref(),
        "housing" => h.housing.as_ref(),
        _ => None,
    }
}

/// The household's record of one criterion of [`EXIT_CRITERIA`], by field.
pub fn criterion(h: &Household, field: &str) -> Option<bool> {
    criterion_spanned(h, field).map(|v| v.value)
}

/// How a criterion reads in a table: met, not met, or not recorded.
pub fn criterion_text(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}
