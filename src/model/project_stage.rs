//! A project's life as published (批复/计划公示 → 实施中的调整 → 竣工验收公示): each stage
//! is a notice attached to the project, and the project's timeline is those notices in
//! date order.
//!
//! A notice says which stage of which projects it is with `project:` in its front
//! matter. A notice that attaches a project list (`records:` of `kind: projects`)
//! and says nothing is the plan stage of every project on it: that is what a
//! project 公示 has always been.

use crate::model::date::Day;
use crate::model::notice::Notice;
use crate::model::spanned::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStage {
    /// 批复/计划公示: what the project will build, with what money.
    Plan,
    /// 调整: a change during implementation, with the approval's 文号.
    Adjustment,
    /// 竣工验收公示: what was built and accepted.
    Acceptance,
}

impl ProjectStage {
    pub fn label(self) -> &'static str {
        match self {
            ProjectStage::Plan => "批复（计划）公示",
            ProjectStage::Adjustment => "实施调整",
            ProjectStage::Acceptance => "竣工验收公示",
        }
    }
}

/// `project:` in a notice's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectNote {
    pub stage: Spanned<ProjectStage>,
    /// The projects' codes; unwritten, those of the project list the notice attaches.
    #[serde(default)]
    pub codes: Vec<Spanned<String>>,
    /// The approval's 文号 (批复文号): required of an adjustment.
    #[serde(default)]
    pub approval: Option<Spanned<String>>,
    /// What the adjustment changes, in a sentence.
    #[serde(default)]
    pub change: Option<String>,
}

/// Which stage of which projects a notice is.
#[derive(Debug, Clone)]
pub struct NoticeStage<'a> {
    pub stage: ProjectStage,
    pub codes: Vec<&'a str>,
    /// Its 文号 as the timeline shows it: the approval's, else the notice's own.
    pub document: Option<&'a str>,
    pub change: Option<&'a str>,
}

impl<'a> NoticeStage<'a> {
    /// The stage `notice` is, given the codes of the project list it attaches (if it
    /// attaches one); `None` for a notice that is no project's stage.
    pub fn of(notice: &'a Notice, attached_codes: Option<Vec<&'a str>>) -> Option<NoticeStage<'a>> {
        let note = notice.front.project.as_ref();
        let stage = match (note, &attached_codes) {
            (Some(n), _) => n.stage.value,
            (None, Some(_)) => ProjectStage::Plan,
            (None, None) => return None,
        };
        let written: Vec<&str> = note
            .map(|n| n.codes.iter().map(|c| c.value.trim()).collect())
            .unwrap_or_default();
        let codes = if written.is_empty() {
            attached_codes.unwrap_or_default()
        } else {
            written
        };
        let document = note
            .and_then(|n| n.approval.as_ref())
            .or(notice.front.document_number.as_ref())
            .map(|d| d.value.trim())
            .filter(|d| !d.is_empty());
        Some(NoticeStage {
            stage,
            codes,
            document,
            change: note.and_then(|n| n.change.as_deref()),
        })
    }
}

/// One stage on a project's timeline.
#[derive(Debug, Clone)]
pub struct StageEvent<'a> {
    pub stage: ProjectStage,
    pub notice: &'a Notice,
    pub date: Day,
    pub document: Option<&'a str>,
    pub change: Option<&'a str>,
}

/// Every project's timeline, by code, in date order (a day's stages in stage order).
/// `attached_codes` gives the codes of the project list a notice attaches.
pub fn timelines<'a>(
    notices: &'a [Notice],
    attached_codes: impl Fn(&'a Notice) -> Option<Vec<&'a str>>,
) -> BTreeMap<&'a str, Vec<StageEvent<'a>>> {
    let mut out: BTreeMap<&str, Vec<StageEvent<'a>>> = BTreeMap::new();
    for n in notices {
        let Some(s) = NoticeStage::of(n, attached_codes(n)) else {
            continue;
        };
        for code in &s.codes {
            out.entry(code).or_default().push(StageEvent {
                stage: s.stage,
                notice: n,
                date: n.front.date.value,
                document: s.document,
                change: s.change,
            });
        }
    }
    for events in out.values_mut() {
        events.sort_by(|a, b| {
            (a.date, a.stage, &a.notice.slug).cmp(&(b.date, b.stage, &b.notice.slug))
        });
    }
    out
}

/// The status a project's timeline says: 已竣工验收 once its acceptance is published,
/// else what its record says.
pub fn status_after<'a>(recorded: &'a str, events: &[StageEvent<'_>]) -> &'a str {
    if events.iter().any(|e| e.stage == ProjectStage::Acceptance) {
        "已竣工验收"
    } else {
        recorded
    }
}
