//! 异议: what people objected to during a 公示 and how each objection was handled. A
//! round records the objections received during its period; the rounds after it
//! publish them with their results ("公示期间收到异议 N 件，处理结果如下").

use crate::model::date::Day;
use crate::model::notice::Notice;
use crate::model::spanned::Spanned;
use crate::privacy::id_number::IdKey;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    /// When it was received.
    pub date: Spanned<Day>,
    /// Who objected, as it may be published: a description (二组村民) or a masked
    /// name — never an identity or phone number.
    pub from: Spanned<String>,
    /// What the objection is about.
    pub about: Spanned<String>,
    /// The household it names, if any: the rounds after link a change of that
    /// household to this objection. Published masked.
    #[serde(default)]
    pub id_number: Option<Spanned<String>>,
    /// What checking it found (核实情况).
    #[serde(default)]
    pub finding: Option<Spanned<String>>,
    /// How it ended: 维持, 纳入 or 移出; missing while it is being handled.
    #[serde(default)]
    pub result: Option<Spanned<ObjectionResult>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ObjectionResult {
    /// 维持: the list stays as it was.
    #[serde(rename = "维持")]
    Upheld,
    /// 纳入: the household is put on the list.
    #[serde(rename = "纳入")]
    Included,
    /// 移出: the household is taken off the list.
    #[serde(rename = "移出")]
    Removed,
}

impl ObjectionResult {
    pub fn label(self) -> &'static str {
        match self {
            ObjectionResult::Upheld => "维持",
            ObjectionResult::Included => "纳入",
            ObjectionResult::Removed => "移出",
        }
    }
}

impl Objection {
    pub fn names(&self, key: &IdKey<'_>) -> bool {
        self.id_number
            .as_ref()
            .is_some_and(|id| IdKey::of(&id.value) == *key)
    }
}

/// The anchor of the `n`th (1-based) objection on its notice's page.
pub fn objection_anchor(n: usize) -> String {
    format!("objection-{n}")
}

/// The objections `notice` records, numbered from 1; empty when it records none.
pub fn objections_of(notice: &Notice) -> impl Iterator<Item = (usize, &Objection)> {
    notice
        .front
        .objections
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, o)| (i + 1, o))
}
