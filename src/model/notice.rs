//! A notice: one 公示 or 公告, from one Markdown file with YAML front matter.

use crate::diagnostic::Span;
use crate::model::date::{DateRange, Day};
use crate::model::records::PeriodText;
use crate::model::spanned::Spanned;
use crate::model::spanned::span_of;
use serde::Deserialize;
use std::path::PathBuf;

/// Lines above the front matter's YAML: the opening `---`.
pub const FRONT_MATTER_LINE: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    /// 公示: posted for a period during which anyone may object.
    Publicity,
    /// 公告: the announcement of a decided result.
    Announcement,
}

impl NoticeKind {
    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Publicity => "公示",
            NoticeKind::Announcement => "公告",
        }
    }
}

/// Who posts the notice, in the order the rounds of one list go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Village,
    Township,
    County,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Village => "村级",
            Stage::Township => "乡镇级",
            Stage::County => "县级",
        }
    }
}

/// A notice board's title is a line or two: 80 characters fit in four lines on any
/// paper and type size, leaving the sheet to the body. Longer is a paste gone wrong
/// (the body put in the title), refused rather than printed as a wall of text on
/// every sheet.
pub const TITLE_MAX_CHARS: usize = 80;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Spanned<String>,
    pub kind: Spanned<NoticeKind>,
    pub stage: Spanned<Stage>,
    pub region: Spanned<String>,
    #[serde(default)]
    pub issuer: Option<Spanned<String>>,
    pub date: Spanned<Day>,
    #[serde(default)]
    pub period: Option<Spanned<PeriodText>>,
    #[serde(default)]
    pub records: Option<Spanned<String>>,
    #[serde(default)]
    pub columns: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub follows: Option<Spanned<String>>,
    /// Why households left (or joined) the list since the round before: a later
    /// round says so for each household it no longer lists.
    #[serde(default)]
    pub changes: Vec<RoundChange>,
    /// The objections received during this round's period and how each was handled
    /// (see [`super::objection`]); `[]` says none was received.
    #[serde(default)]
    pub objections: Option<Vec<super::objection::Objection>>,
    /// Paper, orientation and large print for this notice's sheets, overriding
    /// `print:` in the site settings.
    #[serde(default)]
    pub print: Option<super::print::PrintOverride>,
    /// Who takes objections locally (see [`super::contact`]).
    #[serde(default)]
    pub contact: Option<super::contact::LocalContact>,
    /// The information index (see [`super::information_index`]): 文号, 索引号 (else
    /// generated), 主题分类, 成文日期, 公开方式, 公开范围.
    #[serde(default)]
    pub document_number: Option<Spanned<String>>,
    #[serde(default)]
    pub index_number: Option<Spanned<String>>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub written_date: Option<Spanned<Day>>,
    #[serde(default)]
    pub disclosure: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    /// Which stage of which projects this notice is (see [`super::project_stage`]).
    #[serde(default)]
    pub project: Option<super::project_stage::ProjectNote>,
    /// Changes made after the notice was published, oldest first: each makes a new
    /// version (see [`super::ledger`]).
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// 更正说明: what was changed in a published notice, when, why, and who approved it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub date: Spanned<Day>,
    pub what: Spanned<String>,
    pub why: String,
    pub approved_by: String,
}

impl Correction {
    /// As the ledger keeps it.
    pub fn recorded(&self) -> super::ledger::RecordedCorrection {
        super::ledger::RecordedCorrection {
            date: self.date.value.iso(),
            what: self.what.value.trim().to_string(),
            why: self.why.trim().to_string(),
            approved_by: self.approved_by.trim().to_string(),
        }
    }
}

/// One household's change between rounds, by identity number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundChange {
    pub id_number: Spanned<String>,
    pub reason: Spanned<String>,
}

#[derive(Debug)]
pub struct Notice {
    /// The file stem; unique across the site and used in URLs.
    pub slug: String,
    /// Path relative to the site root.
    pub file: PathBuf,
    pub front: FrontMatter,
    pub body_markdown: String,
    /// A hash of the file's text (see `content::digest_of`).
    pub digest: u64,
}

impl Notice {
    /// Where a front-matter value is in the notice file: the YAML starts below the
    /// opening `---`.
    pub fn span<T>(&self, value: &Spanned<T>) -> Span {
        span_of(value).shifted(FRONT_MATTER_LINE)
    }

    pub fn kind(&self) -> NoticeKind {
        self.front.kind.value
    }

    pub fn period(&self) -> Option<DateRange> {
        self.front.period.as_ref().map(|p| p.value.range())
    }

    /// Where the records file is, relative to `content/records/`, with `/` separators
    /// and `./` dropped. Paths that leave the folder are rejected by the checks.
    pub fn records_key(&self) -> Option<String> {
        self.front.records.as_ref().map(|r| {
            r.value
                .trim()
                .split(['/', '\\'])
                .filter(|part| !part.is_empty() && *part != ".")
                .collect::<Vec<_>>()
                .join("/")
        })
    }
}
