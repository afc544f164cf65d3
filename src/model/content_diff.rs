//! What changed between two published versions of a notice: the fields, the body's
//! lines and each table's rows. The page of an earlier version shows it, and the
//! error for a notice changed without a correction names it.

use super::ledger::{PublicContent, PublicTable};
use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

#[derive(Debug, Clone, Default, Serialize)]
pub struct ContentDiff {
    pub fields: Vec<FieldChange>,
    /// The body's lines that went (`-`) and came (`+`), in order.
    pub body: Vec<LineChange>,
    pub tables: Vec<TableDiff>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineChange {
    pub removed: bool,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableDiff {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowChange>,
}

/// A row that went, came, or was changed in place (`changed` holds the columns whose
/// cells differ).
#[derive(Debug, Clone, Serialize)]
pub struct RowChange {
    pub kind: RowChangeKind,
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub changed: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowChangeKind {
    Removed,
    Added,
    Changed,
}

impl ContentDiff {
    pub fn between(before: &PublicContent, after: &PublicContent) -> ContentDiff {
        let mut fields = Vec::new();
        let mut field = |label, a: String, b: String| {
            if a != b {
                fields.push(FieldChange {
                    label,
                    before: a,
                    after: b,
                });
            }
        };
        field("标题", before.title.clone(), after.title.clone());
        field("类别", before.kind.clone(), after.kind.clone());
        field("公示阶段", before.stage.clone(), after.stage.clone());
        field("所属地区", before.region.clone(), after.region.clone());
        field("发布单位", before.issuer.clone(), after.issuer.clone());
        field("发布日期", before.date.clone(), after.date.clone());
        let period = |c: &PublicContent| {
            c.period
                .as_ref()
                .map(|p| format!("{} 至 {}", p.from, p.to))
                .unwrap_or_default()
        };
        field("公示期", period(before), period(after));
        field(
            "文号",
            before.document_number.clone().unwrap_or_default(),
            after.document_number.clone().unwrap_or_default(),
        );
        let stage = |c: &PublicContent| {
            c.project
                .as_ref()
                .map(|p| {
                    format!(
                        "{}：{}{}{}",
                        p.stage_label,
                        p.codes.join("、"),
                        if p.approval.is_empty() {
                            String::new()
                        } else {
                            format!("，批复文号 {}", p.approval)
                        },
                        if p.change.is_empty() {
                            String::new()
                        } else {
                            format!("，调整内容：{}", p.change)
                        }
                    )
                })
                .unwrap_or_default()
        };
        field("项目阶段", stage(before), stage(after));
        let mut body = lines_changed(
            &before.body.lines().collect::<Vec<_>>(),
            &after.body.lines().collect::<Vec<_>>(),
        );
        body.extend(lines_changed(&before.changes, &after.changes));
        let empty = PublicTable {
            caption: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            footer: Vec::new(),
        };
        let tables = (0..before.tables.len().max(after.tables.len()))
            .filter_map(|i| {
                let a = before.tables.get(i).unwrap_or(&empty);
                let b = after.tables.get(i).unwrap_or(&empty);
                table_diff(a, b)
            })
            .collect();
        ContentDiff {
            fields,
            body,
            tables,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.body.is_empty() && self.tables.is_empty()
    }

    /// The change in a few words: "标题；正文；名单：改 1 行、增 1 行".
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.fields.iter().map(|f| f.label.to_string()).collect();
        if !self.body.is_empty() {
            parts.push("正文".into());
        }
        for t in &self.tables {
            let count = |k| t.rows.iter().filter(|r| r.kind == k).count();
            let mut what = Vec::new();
            for (k, word) in [
                (RowChangeKind::Changed, "改"),
                (RowChangeKind::Added, "增"),
                (RowChangeKind::Removed, "删"),
            ] {
                let n = count(k);
                if n > 0 {
                    what.push(format!("{word} {n} 行"));
                }
            }
            if what.is_empty() {
                what.push("标题或合计".into());
            }
            // Which rows and cells, for the first few: the clerk finds the slip at once.
            let shown: Vec<String> = t
                .rows
                .iter()
                .filter(|r| r.kind == RowChangeKind::Changed)
                .take(3)
                .map(|r| {
                    let cells: Vec<String> = r
                        .changed
                        .iter()
                        .map(|&i| {
                            let cell = |row: &[String]| row.get(i).cloned().unwrap_or_default();
                            format!(
                                "{} {}→{}",
                                t.columns.get(i).map_or("", String::as_str),
                                cell(&r.before),
                                cell(&r.after)
                            )
                        })
                        .collect();
                    let key = r.after.first().map_or("", String::as_str);
                    format!("{key}：{}", cells.join("，"))
                })
                .collect();
            let shown = if shown.is_empty() {
                String::new()
            } else {
                format!("（{}）", shown.join("；"))
            };
            parts.push(format!("表格：{}{shown}", what.join("、")));
        }
        parts.join("；")
    }
}

fn lines_changed<S: AsRef<str> + Eq + std::hash::Hash>(a: &[S], b: &[S]) -> Vec<LineChange> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        out.extend(a[old].iter().map(|l| LineChange {
            removed: true,
            text: l.as_ref().to_string(),
        }));
        out.extend(b[new].iter().map(|l| LineChange {
            removed: false,
            text: l.as_ref().to_string(),
        }));
    }
    out
}

fn table_diff(a: &PublicTable, b: &PublicTable) -> Option<TableDiff> {
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a.rows, &b.rows) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let (old, new) = (&a.rows[old], &b.rows[new]);
        // Rows replaced one for one are the same rows changed in place.
        let paired = old.len().min(new.len());
        for (before, after) in old.iter().zip(new).take(paired) {
            let changed = (0..before.len().max(after.len()))
                .filter(|&i| before.get(i) != after.get(i))
                .collect();
            rows.push(RowChange {
                kind: RowChangeKind::Changed,
                before: before.clone(),
                after: after.clone(),
                changed,
            });
        }
        rows.extend(old[paired..].iter().map(|r| RowChange {
            kind: RowChangeKind::Removed,
            before: r.clone(),
            after: Vec::new(),
            changed: Vec::new(),
        }));
        rows.extend(new[paired..].iter().map(|r| RowChange {
            kind: RowChangeKind::Added,
            before: Vec::new(),
            after: r.clone(),
            changed: Vec::new(),
        }));
    }
    let same_frame = a.caption == b.caption && a.columns == b.columns && a.footer == b.footer;
    if rows.is_empty() && same_frame {
        return None;
    }
    Some(TableDiff {
        caption: if b.caption.is_empty() {
            a.caption.clone()
        } else {
            b.caption.clone()
        },
        columns: if b.columns.is_empty() {
            a.columns.clone()
        } else {
            b.columns.clone()
        },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &[[&str; 2]], body: &str) -> PublicContent {
        PublicContent {
            title: "公示".into(),
            kind: "公示".into(),
            stage: "村级".into(),
            region: "长沟村".into(),
            issuer: "村委会".into(),
            date: "2014-03-20".into(),
            period: None,
            document_number: None,
            body: body.into(),
            changes: Vec::new(),
            project: None,
            tables: vec![PublicTable {
                caption: "名单".into(),
                columns: vec!["户主姓名".into(), "家庭人口".into()],
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect(),
                footer: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_cell_changed_in_place_is_one_changed_row_naming_its_column() {
        let a = content(
            &[["张元义", "4"], ["李正华", "5"], ["王德明", "2"]],
            "第一段\n第二段",
        );
        let b = content(
            &[
                ["张元义", "4"],
                ["李正华", "6"],
                ["陶春芬", "3"],
                ["王德明", "2"],
            ],
            "第一段\n第二段改",
        );
        let d = ContentDiff::between(&a, &b);
        let rows = &d.tables[0].rows;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].kind, RowChangeKind::Changed);
        assert_eq!(rows[0].changed, vec![1]);
        assert_eq!(rows[0].before[1], "5");
        assert_eq!(rows[0].after[1], "6");
        assert_eq!(rows[1].kind, RowChangeKind::Added);
        assert_eq!(rows[1].after[0], "陶春芬");
        assert_eq!(d.body.len(), 2);
        assert!(d.body[0].removed && d.body[0].text == "第二段");
        assert_eq!(
            d.summary(),
            "正文；表格：改 1 行、增 1 行（李正华：家庭人口 5→6）"
        );
        assert!(ContentDiff::between(&a, &a).is_empty());
    }
}
