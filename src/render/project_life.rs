//! A project's life on its page and on the funds page: the timeline of its stages,
//! its money by source with progress bars (exact figures, one unit per table), and
//! its 带贫 result (identity numbers masked).

use super::charts::{Progress, percent, progress_chart};
use super::pages::{notice_url, project_url};
use super::view::{ChartView, ColumnView, TableView, TimelineItem};
use crate::model::money::{Money, MoneyColumn, MoneyUnit};
use crate::model::project_beneficiaries::BeneficiaryResult;
use crate::model::project_funds::{ProjectFunds, SourceFunds};
use crate::model::project_stage::StageEvent;
use crate::model::records::BeneficiaryList;
use crate::privacy::mask_id_number;
use crate::{ProjectEntry, Site};

/// Shown where a figure is not in any ledger (self-raised funds) or not reported.
const NONE: &str = "—";

pub fn timeline(events: &[StageEvent<'_>]) -> Vec<TimelineItem> {
    events
        .iter()
        .map(|e| TimelineItem {
            stage: e.stage.label().to_string(),
            date: e.date.to_string(),
            title: e.notice.front.title.value.clone(),
            url: notice_url(&e.notice.slug),
            document: e.document.unwrap_or_default().to_string(),
            change: e.change.unwrap_or_default().to_string(),
        })
        .collect()
}

fn column(title: String, numeric: bool) -> ColumnView {
    ColumnView { title, numeric }
}

/// The amounts a table of `funds` shows, for its one unit.
fn amounts<'a>(funds: &[&'a SourceFunds<'a>]) -> Vec<Money> {
    let mut all = Vec::new();
    for s in funds {
        if let Some(p) = s.planned {
            all.push(p.amount.value);
        }
        all.extend(s.rows.iter().map(|r| r.entry.allocated.value));
        all.extend(s.rows.iter().map(|r| r.entry.disbursed.value));
        all.extend(
            s.rows
                .iter()
                .filter_map(|r| r.entry.spent.as_ref().map(|m| m.value)),
        );
    }
    all
}

/// The figures of one row: planned, allocated, disbursed, spent, balance (下达 − 支出).
struct Figures {
    planned: Option<Money>,
    allocated: Option<Money>,
    disbursed: Option<Money>,
    spent: Option<Money>,
    balance: Option<Money>,
}

impl Figures {
    fn new(
        planned: Option<Money>,
        allocated: Option<Money>,
        disbursed: Option<Money>,
        spent: Option<Money>,
    ) -> Figures {
        let balance = match (allocated, spent) {
            (Some(a), Some(s)) => Some(Money::yuan(a.in_yuan() - s.in_yuan())),
            _ => None,
        };
        Figures {
            planned,
            allocated,
            disbursed,
            spent,
            balance,
        }
    }

    /// The sums of `rows`, each of the figures it has (a total row adds up its rows).
    fn total(rows: &[Figures]) -> Figures {
        let sum = |pick: fn(&Figures) -> Option<Money>| {
            let known: Vec<Money> = rows.iter().filter_map(pick).collect();
            (!known.is_empty()).then(|| Money::sum(&known, MoneyUnit::Yuan))
        };
        Figures {
            planned: sum(|f| f.planned),
            allocated: sum(|f| f.allocated),
            disbursed: sum(|f| f.disbursed),
            spent: sum(|f| f.spent),
            balance: sum(|f| f.balance),
        }
    }

    fn all(&self) -> [Option<Money>; 5] {
        [
            self.planned,
            self.allocated,
            self.disbursed,
            self.spent,
            self.balance,
        ]
    }
}

/// Which of the five figures a table shows: spent and balance only when some row
/// reports spending.
fn shown(rows: &[Figures]) -> Vec<usize> {
    if rows.iter().any(|f| f.spent.is_some()) {
        vec![0, 1, 2, 3, 4]
    } else {
        vec![0, 1, 2]
    }
}

/// The money columns in `unit`, each with the decimals its figures need.
fn money_columns(unit: MoneyUnit, rows: &[&Figures]) -> [MoneyColumn; 5] {
    std::array::from_fn(|i| {
        let figures: Vec<Money> = rows.iter().filter_map(|f| f.all()[i]).collect();
        MoneyColumn::new(unit, &figures)
    })
}

/// One column for every figure a progress bar labels (下达, 拨付, 支出), so the bars
/// of a chart read alike.
fn bar_column(unit: MoneyUnit, rows: &[&Figures]) -> MoneyColumn {
    let figures: Vec<Money> = rows
        .iter()
        .flat_map(|f| [f.allocated, f.disbursed, f.spent])
        .flatten()
        .collect();
    MoneyColumn::new(unit, &figures)
}

fn cells(columns: &[MoneyColumn; 5], shown: &[usize], f: &Figures) -> Vec<String> {
    let all = f.all();
    shown
        .iter()
        .map(|&i| {
            all[i]
                .as_ref()
                .map_or(NONE.to_string(), |m| columns[i].text(m))
        })
        .collect()
}

const MONEY_TITLES: [&str; 5] = ["计划", "下达", "拨付", "支出", "结余（下达−支出）"];

/// A project's money by source: a progress chart and its table. `None` when no
/// ledger names the project.
pub fn project_progress(name: &str, funds: &ProjectFunds<'_>) -> Option<(ChartView, TableView)> {
    if !funds.has_ledger() {
        return None;
    }
    let sources: Vec<&SourceFunds<'_>> = funds.sources.iter().collect();
    let unit = Money::common_unit(&amounts(&sources));
    let figures: Vec<Figures> = sources
        .iter()
        .map(|s| {
            let in_ledger = !s.rows.is_empty();
            Figures::new(
                s.planned.map(|p| p.amount.value),
                in_ledger.then(|| s.allocated()),
                in_ledger.then(|| s.disbursed()),
                s.spent(),
            )
        })
        .collect();
    let total = Figures::total(&figures);
    let shown = shown(&figures);
    let all: Vec<&Figures> = figures.iter().chain([&total]).collect();
    let columns = money_columns(unit, &all);
    let mut header = vec![
        column("资金来源".into(), false),
        column("级次".into(), false),
    ];
    header.extend(
        shown
            .iter()
            .map(|&i| column(columns[i].title(MONEY_TITLES[i]), true)),
    );
    let rows = sources
        .iter()
        .zip(&figures)
        .map(|(s, f)| {
            let mut row = vec![
                s.source.to_string(),
                s.level.map_or(NONE, |l| l.label()).to_string(),
            ];
            row.extend(cells(&columns, &shown, f));
            row
        })
        .collect();
    let mut footer = vec!["合计".to_string(), String::new()];
    footer.extend(cells(&columns, &shown, &total));
    let table = TableView {
        caption: format!("{name}资金进度"),
        columns: header,
        rows,
        row_links: Vec::new(),
        footer,
        note: "计划为项目资金来源中的金额；下达、拨付、支出为各年度资金台账中记在本项目下的合计；“—”表示台账中没有这项记录（如群众自筹）或没有填报。".into(),
    };
    // The bars: the sources the ledger records, against their plan.
    let bar_column = bar_column(unit, &all);
    let items: Vec<Progress> = sources
        .iter()
        .zip(&figures)
        .filter(|(s, _)| !s.rows.is_empty())
        .map(|(s, f)| progress_row(s.source, f))
        .collect();
    let chart = progress_chart(&format!("{name}资金进度"), &items, bar_column);
    Some((chart, table))
}

fn progress_row(label: &str, f: &Figures) -> Progress {
    let zero = Money::yuan(rust_decimal::Decimal::ZERO);
    let allocated = f.allocated.unwrap_or(zero);
    let base = match f.planned {
        Some(p) if p.in_yuan() >= allocated.in_yuan() => p,
        _ => allocated,
    };
    Progress {
        label: label.to_string(),
        base,
        allocated,
        disbursed: f.disbursed.unwrap_or(zero),
        spent: f.spent,
    }
}

/// The funds page's progress of every project a ledger names: a chart and a table
/// (a row per project, linked to its page). `None` when no ledger names a project.
pub fn all_projects_progress(
    site: &Site,
    projects: &std::collections::BTreeMap<&str, ProjectEntry<'_>>,
) -> Option<(ChartView, TableView)> {
    let ledger = site.ledger_rows();
    let mut names = Vec::new();
    let mut figures = Vec::new();
    let mut links = Vec::new();
    for (code, entry) in projects {
        let Some(rows) = ledger.get(code) else {
            continue;
        };
        let funds = ProjectFunds::of(entry.project, rows);
        let (allocated, disbursed, spent) = funds.totals();
        names.push(format!("{}（{code}）", entry.project.name));
        links.push(project_url(code));
        figures.push(Figures::new(
            Some(entry.project.total.value),
            Some(allocated),
            Some(disbursed),
            spent,
        ));
    }
    if figures.is_empty() {
        return None;
    }
    let planned: Vec<Money> = figures.iter().filter_map(|f| f.planned).collect();
    let unit = Money::common_unit(&planned);
    let total = Figures::total(&figures);
    let shown = shown(&figures);
    let all: Vec<&Figures> = figures.iter().chain([&total]).collect();
    let columns = money_columns(unit, &all);
    let mut header = vec![column("项目".into(), false)];
    let titles = ["总投资", "下达", "拨付", "支出", "结余（下达−支出）"];
    header.extend(
        shown
            .iter()
            .map(|&i| column(columns[i].title(titles[i]), true)),
    );
    let with_spent = shown.len() == 5;
    if with_spent {
        header.push(column("支出进度".into(), true));
    }
    let spent_share = |f: &Figures| match (f.spent, f.allocated) {
        (Some(s), Some(a)) => format!("{}%", percent(&s, &a)),
        _ => NONE.to_string(),
    };
    let rows = names
        .iter()
        .zip(&figures)
        .map(|(name, f)| {
            let mut row = vec![name.clone()];
            row.extend(cells(&columns, &shown, f));
            if with_spent {
                row.push(spent_share(f));
            }
            row
        })
        .collect();
    let mut footer = vec!["合计".to_string()];
    footer.extend(cells(&columns, &shown, &total));
    if with_spent {
        footer.push(spent_share(&total));
    }
    let table = TableView {
        caption: "项目资金进度".into(),
        columns: header,
        rows,
        row_links: links,
        footer,
        note: "下达、拨付、支出为各年度资金台账中记在该项目下的合计；支出进度为支出占下达的百分比；“—”表示没有填报支出。".into(),
    };
    let bar_column = bar_column(unit, &all);
    let items: Vec<Progress> = names
        .iter()
        .zip(&figures)
        .map(|(name, f)| progress_row(name, f))
        .collect();
    Some((progress_chart("项目资金进度", &items, bar_column), table))
}

/// A project's 带贫 result from its beneficiary lists: a sentence and a table per list.
pub fn beneficiaries(
    site: &Site,
    entry: &ProjectEntry<'_>,
    lists: &[&BeneficiaryList],
) -> (Option<String>, Vec<TableView>) {
    let household_lists = || {
        site.content
            .records
            .values()
            .filter_map(|rf| match &rf.set {
                crate::model::records::RecordSet::Households(l) => Some(l),
                _ => None,
            })
    };
    let mut sentences = Vec::new();
    let mut tables = Vec::new();
    for list in lists {
        let year = list.year.as_ref().map_or(entry.year, |y| y.value);
        let result = BeneficiaryResult::of(list, year, household_lists());
        let (listed, poor, people) = result.counts();
        let mut s = format!(
            "{}：带贫 {poor} 户 {people} 人（名单 {listed} 户，按身份证号与{year}年度贫困户名单核对",
            list.program
        );
        if listed > poor {
            s.push_str(&format!("，其中 {} 户不在名单中", listed - poor));
        }
        s.push('）');
        sentences.push(s);
        let rows = list
            .rows
            .iter()
            .zip(&result.found)
            .map(|(b, found)| {
                vec![
                    b.name.value.to_string(),
                    b.id_number
                        .as_ref()
                        .map_or(String::new(), |id| mask_id_number(id.value.trim())),
                    b.region
                        .as_ref()
                        .map(|r| {
                            let code = r.value.trim();
                            site.regions.name(code).unwrap_or(code).to_string()
                        })
                        .unwrap_or_default(),
                    found.map_or(NONE.to_string(), |size| size.to_string()),
                    if found.is_some() { "是" } else { "否" }.to_string(),
                ]
            })
            .collect();
        tables.push(TableView {
            caption: format!("{}带贫对象", list.program),
            columns: vec![
                column("户主姓名".into(), false),
                column("身份证号".into(), false),
                column("所在村".into(), false),
                column("家庭人口".into(), true),
                column(format!("在{year}年度贫困户名单中"), false),
            ],
            rows,
            row_links: Vec::new(),
            footer: vec![
                "合计".into(),
                String::new(),
                String::new(),
                people.to_string(),
                format!("{poor} 户"),
            ],
            note: String::new(),
        });
    }
    let sentence = (!sentences.is_empty()).then(|| sentences.join("；"));
    (sentence, tables)
}

/// A project stage notice's facts as one sentence for its sheets (the page shows them
/// as facts): the stage, the projects by code, the approval and the change, as the
/// data.json records them.
pub fn stage_sentence(stage: &crate::model::ledger::PublicProjectStage) -> String {
    let mut parts = vec![format!("项目阶段：{}", stage.stage_label)];
    if !stage.codes.is_empty() {
        parts.push(format!("项目编号：{}", stage.codes.join("、")));
    }
    if !stage.approval.is_empty() {
        parts.push(format!("批复文号：{}", stage.approval));
    }
    if !stage.change.is_empty() {
        parts.push(format!("调整内容：{}", stage.change));
    }
    format!("{}。", parts.join("；"))
}
