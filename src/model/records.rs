//! Typed record sets, one per `kind:` of a file under `content/records/`.
//!
//! Fields that checks point at are `Spanned` so a diagnostic can name their line.
//! Unknown fields are rejected: a typo must not vanish silently.

use crate::model::date::Day;
use crate::model::fund_level::FundLevel;
use crate::model::money::Money;
use crate::model::packed_households::{PackedHouseholds, TooLarge};
use crate::model::spanned::Spanned;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Only `kind:` is read first; the file is then parsed again as that kind, because
/// internally tagged enums lose source positions in serde.
#[derive(Debug, Deserialize)]
pub struct RecordHeader {
    pub kind: Spanned<String>,
}

pub const RECORD_KINDS: [&str; 6] = [
    "households",
    "villages",
    "projects",
    "funds",
    "beneficiaries",
    "table",
];

#[derive(Debug)]
pub enum RecordSet {
    Households(HouseholdList),
    Villages(VillageList),
    Projects(ProjectList),
    Funds(FundLedger),
    Beneficiaries(BeneficiaryList),
    Table(FreeTable),
}

impl RecordSet {
    pub fn kind(&self) -> &'static str {
        match self {
            RecordSet::Households(_) => "households",
            RecordSet::Villages(_) => "villages",
            RecordSet::Projects(_) => "projects",
            RecordSet::Funds(_) => "funds",
            RecordSet::Beneficiaries(_) => "beneficiaries",
            RecordSet::Table(_) => "table",
        }
    }

    /// What one row of the list is, as a count says it ("第 1–20 户").
    pub fn row_noun(&self) -> &'static str {
        match self {
            RecordSet::Households(_) => "户",
            RecordSet::Villages(_) => "个村",
            RecordSet::Projects(_) => "个项目",
            RecordSet::Funds(_) => "笔",
            RecordSet::Beneficiaries(_) | RecordSet::Table(_) => "行",
        }
    }

    pub fn row_count(&self) -> usize {
        match self {
            RecordSet::Households(l) => l.row_count(),
            RecordSet::Villages(l) => l.rows.len(),
            RecordSet::Projects(l) => l.rows.len(),
            RecordSet::Funds(l) => l.rows.len(),
            RecordSet::Beneficiaries(l) => l.rows.len(),
            RecordSet::Table(t) => t.rows.len(),
        }
    }
}

// ---------------------------------------------------------------- households

/// Text of the fields there are millions of (names, ID numbers, codes): up to 24
/// bytes lives inline, so a household is one allocation, not a dozen.
pub type Text = compact_str::CompactString;

pub const HOUSEHOLD_CATEGORIES: [&str; 3] = ["一般贫困户", "低保贫困户", "特困供养户"];
pub const POVERTY_CAUSES: [&str; 11] = [
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通条件落后",
    "自身发展动力不足",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdList {
    pub kind: String,
    pub year: Spanned<i32>,
    /// 识别 (the default), 退出 or 动态调整.
    #[serde(default)]
    pub procedure: Option<Spanned<super::procedure::Procedure>>,
    #[serde(deserialize_with = "parsed_rows")]
    pub rows: HouseholdRows,
}

/// A list's households: as parsed, while the rules within its file run; then packed
/// for as long as the site is held (a province's households do not fit in memory as
/// parsed). A list too large to pack stays parsed.
#[derive(Debug)]
pub enum HouseholdRows {
    Parsed(Vec<Household>),
    Packed(PackedRows),
}

fn parsed_rows<'de, D: serde::Deserializer<'de>>(d: D) -> Result<HouseholdRows, D::Error> {
    let mut rows = Vec::<Household>::deserialize(d)?;
    // A growing Vec's spare half is a province's worth of nothing.
    rows.shrink_to_fit();
    Ok(HouseholdRows::Parsed(rows))
}

/// A list's rows packed: the identity numbers, compared across lists, keep their
/// places in the file; the rest is packed for the pages.
#[derive(Debug, Default)]
pub struct PackedRows {
    /// One per household, in order.
    pub id_numbers: Vec<Spanned<Text>>,
    pub households: PackedHouseholds,
}

impl HouseholdList {
    pub fn procedure(&self) -> super::procedure::Procedure {
        self.procedure.as_ref().map(|p| p.value).unwrap_or_default()
    }

    pub fn row_count(&self) -> usize {
        match &self.rows {
            HouseholdRows::Parsed(rows) => rows.len(),
            HouseholdRows::Packed(p) => p.id_numbers.len(),
        }
    }

    /// The identity numbers on the list, whether its rows are parsed or packed.
    pub fn id_numbers(&self) -> Box<dyn Iterator<Item = &Spanned<Text>> + '_> {
        match &self.rows {
            HouseholdRows::Parsed(rows) => Box::new(rows.iter().map(|h| &h.id_number)),
            HouseholdRows::Packed(p) => Box::new(p.id_numbers.iter()),
        }
    }

    /// The households: borrowed while parsed, unpacked once packed.
    pub fn households(&self) -> std::borrow::Cow<'_, [Household]> {
        match &self.rows {
            HouseholdRows::Parsed(rows) => std::borrow::Cow::Borrowed(rows),
            HouseholdRows::Packed(p) => std::borrow::Cow::Owned(p.households.unpack(&p.id_numbers)),
        }
    }

    /// The household heads' names.
    pub fn heads(&self) -> Vec<&str> {
        match &self.rows {
            HouseholdRows::Parsed(rows) => rows.iter().map(|h| h.head.value.as_str()).collect(),
            HouseholdRows::Packed(p) => p.households.heads().collect(),
        }
    }

    /// The categories ([`HOUSEHOLD_CATEGORIES`]) and causes ([`POVERTY_CAUSES`]) of
    /// poverty the list has, each once: what a list is about, not who is on it.
    pub fn categories_and_causes(&self) -> Vec<&'static str> {
        let vocabulary = HOUSEHOLD_CATEGORIES.iter().chain(POVERTY_CAUSES.iter());
        let present: std::collections::BTreeSet<&str> = match &self.rows {
            HouseholdRows::Parsed(rows) => rows
                .iter()
                .flat_map(|h| {
                    std::iter::once(h.category.value.as_str())
                        .chain(h.causes.iter().map(|c| c.value.as_str()))
                })
                .collect(),
            HouseholdRows::Packed(p) => p.households.distinct_texts().collect(),
        };
        vocabulary
            .copied()
            .filter(|v| present.contains(v))
            .collect()
    }

    /// Packs the rows (see [`HouseholdRows`]); a list too large to pack keeps them.
    pub fn pack_rows(&mut self) {
        let HouseholdRows::Parsed(rows) = &mut self.rows else {
            return;
        };
        match PackedHouseholds::pack(std::mem::take(rows)) {
            Ok((households, id_numbers)) => {
                self.rows = HouseholdRows::Packed(PackedRows {
                    id_numbers,
                    households,
                });
            }
            Err(TooLarge(rows)) => self.rows = HouseholdRows::Parsed(rows),
        }
    }

    pub fn rows_packed(&self) -> bool {
        matches!(self.rows, HouseholdRows::Packed(_))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Household {
    pub head: Spanned<Text>,
    pub id_number: Spanned<Text>,
    pub region: Spanned<Text>,
    #[serde(default)]
    pub group: Option<Text>,
    pub size: Spanned<u32>,
    pub income: Spanned<Money>,
    pub category: Spanned<Text>,
    #[serde(default)]
    pub causes: Vec<Spanned<Text>>,
    #[serde(default)]
    pub measures: Vec<Text>,
    #[serde(default)]
    pub helper: Option<Text>,
    #[serde(default)]
    pub phone: Option<Spanned<Text>>,
    /// On an adjustment list: 新识别, 返贫 or 自然减少.
    #[serde(default)]
    pub adjustment: Option<Spanned<Text>>,
    /// 两不愁三保障, as an exit list records them (see [`super::procedure::EXIT_CRITERIA`]).
    #[serde(default)]
    pub food: Option<Spanned<bool>>,
    #[serde(default)]
    pub clothing: Option<Spanned<bool>>,
    #[serde(default)]
    pub education: Option<Spanned<bool>>,
    #[serde(default)]
    pub medical: Option<Spanned<bool>>,
    #[serde(default)]
    pub housing: Option<Spanned<bool>>,
    /// 备注: what a reader should know of the row (why a household left the list).
    #[serde(default)]
    pub note: Option<Text>,
}

// ---------------------------------------------------------------- villages

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageList {
    pub kind: String,
    pub year: Spanned<i32>,
    /// 识别 (the default) or 退出 (贫困村退出).
    #[serde(default)]
    pub procedure: Option<Spanned<super::procedure::Procedure>>,
    #[serde(default)]
    pub criteria: Option<VillageCriteria>,
    pub rows: Vec<PoorVillage>,
}

/// 一高一低一无: the thresholds the county derives from province data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageCriteria {
    #[serde(default)]
    pub incidence_at_least: Option<Spanned<Percent>>,
    #[serde(default)]
    pub income_below: Option<Spanned<Money>>,
    #[serde(default)]
    pub no_collective_income: Option<bool>,
    /// 贫困村退出: poverty incidence below this share.
    #[serde(default)]
    pub incidence_below: Option<Spanned<Percent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoorVillage {
    pub region: Spanned<String>,
    pub population: Spanned<u32>,
    pub poor_population: Spanned<u32>,
    pub income: Spanned<Money>,
    pub collective_income: Spanned<Money>,
    #[serde(default)]
    pub class: Option<String>,
    /// 备注.
    #[serde(default)]
    pub note: Option<String>,
}

impl VillageList {
    pub fn procedure(&self) -> super::procedure::Procedure {
        self.procedure.as_ref().map(|p| p.value).unwrap_or_default()
    }
}

/// A percentage written as `"16.4%"`, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(pub Decimal);

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        let text = String::deserialize(deserializer)?;
        let number = text.trim().trim_end_matches(['%', '％']).trim();
        Decimal::from_str(number)
            .ok()
            .filter(|d| !d.is_sign_negative())
            .map(Percent)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("百分比“{text}”无法识别：应写成如 \"16.4%\""))
            })
    }
}

// ---------------------------------------------------------------- projects

pub const PROJECT_STATUSES: [&str; 4] = ["未开工", "在建", "已完工", "已竣工验收"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectList {
    pub kind: String,
    pub year: Spanned<i32>,
    pub rows: Vec<Project>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub code: Spanned<String>,
    pub name: String,
    pub region: Spanned<String>,
    pub content: String,
    #[serde(default)]
    pub scale: Option<String>,
    pub implementer: String,
    pub manager: String,
    pub period: Spanned<PeriodText>,
    pub status: Spanned<String>,
    #[serde(default)]
    pub beneficiaries: Option<ProjectBeneficiaries>,
    pub funds: Vec<FundSource>,
    pub total: Spanned<Money>,
    #[serde(default)]
    pub subsidy_standard: Option<String>,
    #[serde(default)]
    pub goals: Option<String>,
    #[serde(default)]
    pub mechanism: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectBeneficiaries {
    pub households: u32,
    pub people: u32,
    #[serde(default)]
    pub poor_households: Option<u32>,
    #[serde(default)]
    pub poor_people: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundSource {
    pub source: String,
    pub amount: Spanned<Money>,
    /// 中央/省/市/县; unwritten, the source's name says it (or none).
    #[serde(default)]
    pub level: Option<Spanned<FundLevel>>,
}

impl FundSource {
    pub fn level(&self) -> Option<FundLevel> {
        FundLevel::of(self.level.as_ref().map(|l| l.value), &self.source)
    }
}

/// `{ from: …, to: … }`, inclusive, as written in records and front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodText {
    pub from: Spanned<Day>,
    pub to: Spanned<Day>,
}

impl PeriodText {
    pub fn range(&self) -> crate::model::date::DateRange {
        crate::model::date::DateRange {
            from: self.from.value,
            to: self.to.value,
        }
    }
}

// ---------------------------------------------------------------- funds

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundLedger {
    pub kind: String,
    pub year: Spanned<i32>,
    pub rows: Vec<FundEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundEntry {
    pub date: Spanned<Day>,
    pub source: String,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub project: Option<Spanned<String>>,
    pub allocated: Spanned<Money>,
    pub disbursed: Spanned<Money>,
    /// Spent by the project (支出). Ledgers written before it was asked for have
    /// none: nothing is known spent, and the pages say so rather than show 0.
    #[serde(default)]
    pub spent: Option<Spanned<Money>>,
    /// 中央/省/市/县; unwritten, the source's name says it (or none).
    #[serde(default)]
    pub level: Option<Spanned<FundLevel>>,
    #[serde(default)]
    pub purpose: Option<String>,
}

impl FundEntry {
    pub fn level(&self) -> Option<FundLevel> {
        FundLevel::of(self.level.as_ref().map(|l| l.value), &self.source)
    }
}

// ---------------------------------------------------------------- beneficiaries

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeneficiaryList {
    pub kind: String,
    pub program: String,
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    #[serde(default)]
    pub standard: Option<String>,
    /// The project whose 带贫 result this list is (its code).
    #[serde(default)]
    pub project: Option<Spanned<String>>,
    pub rows: Vec<Beneficiary>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beneficiary {
    pub name: Spanned<Text>,
    #[serde(default)]
    pub id_number: Option<Spanned<Text>>,
    #[serde(default)]
    pub region: Option<Spanned<Text>>,
    pub amount: Spanned<Money>,
    #[serde(default)]
    pub bank_account: Option<Spanned<Text>>,
    #[serde(default)]
    pub note: Option<Text>,
}

// ---------------------------------------------------------------- table

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTable {
    pub kind: String,
    #[serde(default)]
    pub title: Option<String>,
    pub columns: Vec<FreeColumn>,
    pub rows: Vec<BTreeMap<String, Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeColumn {
    pub key: Spanned<String>,
    pub title: String,
}

impl FreeColumn {
    /// The personal number this column holds, by its key or by its title: either may
    /// be what the spreadsheet called it.
    pub fn personal_number(&self) -> Option<crate::model::columns::PersonalNumber> {
        crate::model::columns::personal_number_kind(&self.key.value)
            .or_else(|| crate::model::columns::personal_number_kind(&self.title))
    }
}
