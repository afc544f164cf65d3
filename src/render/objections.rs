//! Objections as readers see them: on the round that received them (each with an
//! anchor a later round links to), and on every later round of the chain under
//! "公示期间收到异议 N 件，处理结果如下" — on its page, its sheets and its data files.

use super::pages::notice_url;
use super::reads::{Input, Source, note};
use super::view::{ColumnView, ObjectionGroup, ObjectionRef, ObjectionView, TableView};
use crate::model::notice::Notice;
use crate::model::objection::{Objection, objection_anchor, objections_of};
use crate::privacy::id_number::IdKey;
use crate::privacy::mask_id_number;

fn item(n: usize, o: &Objection) -> ObjectionView {
    ObjectionView {
        number: n,
        anchor: objection_anchor(n),
        date: o.date.value.to_string(),
        from: o.from.value.clone(),
        about: o.about.value.clone(),
        household: o
            .id_number
            .as_ref()
            .map(|id| mask_id_number(&id.value))
            .unwrap_or_default(),
        finding: o
            .finding
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        result: o
            .result
            .as_ref()
            .map_or("处理中", |r| r.value.label())
            .to_string(),
    }
}

/// The objections `round` recorded, as `current`'s page shows them; `None` when it
/// records nothing (not even that none came).
pub fn group(round: &Notice, current: &Notice) -> Option<ObjectionGroup> {
    let recorded = round.front.objections.as_ref()?;
    if round.slug != current.slug {
        note(Input::Notice(Source::file(&round.file)));
    }
    let heading = if recorded.is_empty() {
        "公示期间未收到异议".to_string()
    } else {
        format!("公示期间收到异议 {} 件，处理结果如下", recorded.len())
    };
    Some(ObjectionGroup {
        heading,
        round_title: round.front.title.value.clone(),
        round_url: notice_url(&round.slug),
        period: round.period().map(|p| p.to_string()).unwrap_or_default(),
        is_current: round.slug == current.slug,
        items: objections_of(round).map(|(n, o)| item(n, o)).collect(),
    })
}

/// The groups `n` shows: those of the rounds before it in its chain, then its own.
pub fn groups(chain: &[&Notice], n: &Notice) -> Vec<ObjectionGroup> {
    let upto = chain
        .iter()
        .position(|m| m.slug == n.slug)
        .map_or(0, |i| i + 1);
    let mut out: Vec<ObjectionGroup> = chain[..upto].iter().filter_map(|m| group(m, n)).collect();
    if upto == 0 {
        out.extend(group(n, n));
    }
    out
}

/// The latest objection on a round before `n` that names the household `key`.
pub fn naming(chain: &[&Notice], n: &Notice, key: &IdKey<'_>) -> Option<ObjectionRef> {
    chain
        .iter()
        .take_while(|m| m.slug != n.slug)
        .flat_map(|m| objections_of(m).map(move |(i, o)| (m, i, o)))
        .filter(|(_, _, o)| o.names(key))
        .last()
        .map(|(m, i, _)| ObjectionRef {
            label: format!("{}期间第 {i} 件异议", round_name(m)),
            url: format!("{}#{}", notice_url(&m.slug), objection_anchor(i)),
        })
}

/// 第一次公示 and the like, from a title ending in 公示（第一次）; else the title quoted.
fn round_name(m: &Notice) -> String {
    let title = &m.front.title.value;
    title
        .trim_end()
        .strip_suffix('）')
        .and_then(|t| t.rsplit_once('（'))
        .filter(|(before, inner)| before.ends_with("公示") && inner.starts_with('第'))
        .map_or_else(|| format!("“{title}”"), |(_, inner)| format!("{inner}公示"))
}

/// The lines the sheets print for the groups of earlier rounds (the notice's own
/// objections are not on its own sheets: they come after it was posted).
pub fn sheet_lines(groups: &[ObjectionGroup]) -> Vec<String> {
    let mut lines = Vec::new();
    for g in groups.iter().filter(|g| !g.is_current) {
        let end = if g.items.is_empty() { "。" } else { "：" };
        lines.push(format!("{}（{}）{end}", g.heading, g.round_title));
        for o in &g.items {
            lines.push(one_line(o));
        }
    }
    lines
}

fn one_line(o: &ObjectionView) -> String {
    let mut line = format!("{}. {}，{}反映：{}", o.number, o.date, o.from, o.about);
    if !o.household.is_empty() {
        line.push_str(&format!("（涉及户 {}）", o.household));
    }
    if !o.finding.is_empty() {
        line.push_str(&format!("；核实情况：{}", o.finding));
    }
    line.push_str(&format!("；处理结果：{}。", o.result));
    line
}

/// The objections of earlier rounds as a table for the data files.
pub fn table(groups: &[ObjectionGroup]) -> Option<TableView> {
    let earlier: Vec<&ObjectionGroup> = groups.iter().filter(|g| !g.is_current).collect();
    let count: usize = earlier.iter().map(|g| g.items.len()).sum();
    if earlier.is_empty() {
        return None;
    }
    let titles = [
        "收到异议的公示",
        "序号",
        "收到日期",
        "反映人",
        "反映事项",
        "涉及户（身份证号已脱敏）",
        "核实情况",
        "处理结果",
    ];
    Some(TableView {
        caption: format!("公示期间收到的异议及处理结果（共 {count} 件）"),
        columns: titles
            .iter()
            .map(|t| ColumnView {
                title: t.to_string(),
                numeric: *t == "序号",
            })
            .collect(),
        rows: earlier
            .iter()
            .flat_map(|g| {
                g.items.iter().map(|o| {
                    vec![
                        g.round_title.clone(),
                        o.number.to_string(),
                        o.date.clone(),
                        o.from.clone(),
                        o.about.clone(),
                        o.household.clone(),
                        o.finding.clone(),
                        o.result.clone(),
                    ]
                })
            })
            .collect(),
        row_links: Vec::new(),
        footer: Vec::new(),
        note: earlier
            .iter()
            .filter(|g| g.items.is_empty())
            .map(|g| format!("{}：{}。", g.round_title, g.heading))
            .collect(),
    })
}
