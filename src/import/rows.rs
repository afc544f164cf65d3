//! Data rows to records, kind by kind, with every problem located at the
//! spreadsheet's own row number and column letter.

use super::grid::{Cell, GridRow, column_letter};
use super::headers::{Column, HeaderRow, ImportKind};
use super::values::{self, Conv, MoneyValue, Problem, RegionResolver};
use super::write_yaml::{OutRow, Y};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::date::Day;
use crate::model::money::Money;
use crate::model::procedure::{ADJUSTMENTS, EXIT_CRITERIA};
use crate::model::records::{HOUSEHOLD_CATEGORIES, POVERTY_CAUSES, PROJECT_STATUSES};
use std::collections::BTreeMap;
use std::path::Path;

/// What the rows are read against.
pub struct Context<'a> {
    pub file: &'a Path,
    pub header: &'a HeaderRow,
    pub regions: &'a RegionResolver<'a>,
    /// `--region`, resolved: the region of every row when the sheet has no column for it.
    pub default_region: Option<&'a str>,
    pub diags: Vec<Diagnostic>,
}

impl Context<'_> {
    pub fn at(&mut self, row: u32, column: u32, title: &str, p: Problem) {
        let place = if column == 0 {
            format!("第 {row} 行")
        } else if title.is_empty() {
            format!("第 {row} 行 {} 列", column_letter(column))
        } else {
            format!("第 {row} 行 {} 列（{title}）", column_letter(column))
        };
        let d = Diagnostic::error(
            p.code,
            self.file,
            Span::at(row, column),
            format!("{place}：{}", p.message),
        );
        self.diags.push(match p.help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }
}

/// One data row being read.
struct Row<'c, 'a> {
    ctx: &'c mut Context<'a>,
    row: &'a GridRow,
}

impl<'a> Row<'_, 'a> {
    fn column(&self, key: &str) -> Option<&'a Column> {
        self.ctx.header.column_of(key)
    }

    fn cell(&self, col: &Column) -> &'a Cell {
        self.row.cell(col.column)
    }

    fn report(&mut self, col: &Column, p: Problem) {
        self.ctx.at(self.row.number, col.column, &col.title, p);
    }

    /// A value that must be there: a blank cell is a problem. An absent column was
    /// reported once, at the title row.
    fn required<T>(&mut self, key: &str, f: impl FnOnce(&Cell, &Column) -> Conv<T>) -> Option<T> {
        let col = self.column(key)?;
        let cell = self.cell(col);
        if cell.is_blank() {
            let p = Problem::new("import-missing-value", format!("缺少{}", col.spec.title))
                .help("这是必填项；请在表格中补上后重新导入");
            self.report(col, p);
            return None;
        }
        match f(cell, col) {
            Ok(v) => Some(v),
            Err(p) => {
                self.report(col, p);
                None
            }
        }
    }

    fn optional<T>(&mut self, key: &str, f: impl FnOnce(&Cell, &Column) -> Conv<T>) -> Option<T> {
        let col = self.column(key)?;
        let cell = self.cell(col);
        if cell.is_blank() {
            return None;
        }
        match f(cell, col) {
            Ok(v) => Some(v),
            Err(p) => {
                self.report(col, p);
                None
            }
        }
    }

    fn region(&mut self, key: &str, required: bool) -> Option<String> {
        if self.column(key).is_none() {
            return self.ctx.default_region.map(str::to_string);
        }
        let township = self
            .column("township")
            .map(|c| self.cell(c).display())
            .filter(|t| !t.is_empty());
        let regions = self.ctx.regions;
        let resolve = |cell: &Cell, _: &Column| {
            let written = values::text(cell)?;
            regions.resolve(&written, township.as_deref())
        };
        if required {
            self.required(key, resolve)
        } else {
            self.optional(key, resolve)
        }
    }

    fn closed(&mut self, key: &str, allowed: &[&str], code: &'static str) -> Option<String> {
        self.required(key, |cell, col| {
            let t = values::text(cell)?;
            if allowed.contains(&t.as_str()) {
                Ok(t)
            } else {
                Err(
                    Problem::new(code, format!("{}“{t}”不在规定范围内", col.spec.title))
                        .help(format!("可选：{}", allowed.join("、"))),
                )
            }
        })
    }
}

fn money_y(m: &MoneyValue) -> Y {
    if m.with_unit {
        Y::Quoted(m.text.clone())
    } else {
        Y::Plain(m.text.clone())
    }
}

fn text_y(t: String) -> Y {
    Y::Text(t)
}

/// Adds `key: value` when there is a value.
fn put(fields: &mut Vec<(&'static str, Y)>, key: &'static str, value: Option<Y>) {
    if let Some(v) = value {
        fields.push((key, v));
    }
}

/// Converts one data row of `kind`. Problems go to the context; the fields that could
/// be read are returned either way.
pub fn convert<'a>(kind: ImportKind, ctx: &mut Context<'a>, row: &'a GridRow) -> RowOut {
    let mut r = Row { ctx, row };
    let mut f = Vec::new();
    let mut out = RowOut::default();
    match kind {
        ImportKind::Households => households(&mut r, &mut f, &mut out),
        ImportKind::Villages => villages(&mut r, &mut f),
        ImportKind::Projects => projects(&mut r, &mut f, &mut out),
        ImportKind::Funds => funds(&mut r, &mut f),
        ImportKind::Beneficiaries => beneficiaries(&mut r, &mut f, &mut out),
    }
    out.row = OutRow {
        number: row.number,
        fields: f,
    };
    out
}

/// A converted row, and the keys the list-wide checks need.
#[derive(Debug, Clone, Default)]
pub struct RowOut {
    pub row: OutRow,
    /// (ID number, its column) for the duplicate check.
    pub id_number: Option<(String, u32)>,
    /// (project code, its column) for the duplicate check.
    pub project_code: Option<(String, u32)>,
}

fn households(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>, out: &mut RowOut) {
    put(
        f,
        "head",
        r.required("head", |c, _| values::person_name(c))
            .map(text_y),
    );
    let id = r.required("id_number", |c, _| values::id_number(c));
    if let (Some(id), Some(col)) = (&id, r.column("id_number")) {
        out.id_number = Some((id.clone(), col.column));
    }
    put(f, "id_number", id.map(Y::Quoted));
    put(f, "region", r.region("region", true).map(Y::Quoted));
    put(
        f,
        "group",
        r.optional("group", |c, _| values::text(c)).map(text_y),
    );
    let size = r.required("size", |c, col| {
        let n = values::count(c, col.spec.title)?;
        if n == 0 {
            Err(Problem::new("household-size-invalid", "家庭人口应至少为 1"))
        } else {
            Ok(n)
        }
    });
    put(f, "size", size.map(|n| Y::Plain(n.to_string())));
    put(
        f,
        "income",
        r.required("income", |c, col| values::money(c, col.unit))
            .map(|m| money_y(&m)),
    );
    put(
        f,
        "category",
        r.closed("category", &HOUSEHOLD_CATEGORIES, "category-unknown")
            .map(text_y),
    );
    let causes = r.optional("causes", |c, _| {
        let mut causes = Vec::new();
        for item in values::split_list(&values::text(c)?) {
            // 因病致贫 is how many sheets say 因病.
            let short = item.strip_suffix("致贫").unwrap_or(&item).to_string();
            if POVERTY_CAUSES.contains(&item.as_str()) {
                causes.push(item);
            } else if POVERTY_CAUSES.contains(&short.as_str()) {
                causes.push(short);
            } else {
                return Err(Problem::new(
                    "cause-unknown",
                    format!("致贫原因“{item}”不在规定范围内"),
                )
                .help(format!(
                    "可选：{}（多个原因用顿号隔开）",
                    POVERTY_CAUSES.join("、")
                )));
            }
        }
        Ok(causes)
    });
    put(
        f,
        "causes",
        causes
            .filter(|c| !c.is_empty())
            .map(|c| Y::List(c.into_iter().map(Y::Text).collect())),
    );
    let measures = r.optional("measures", |c, _| Ok(values::split_list(&values::text(c)?)));
    put(
        f,
        "measures",
        measures
            .filter(|m| !m.is_empty())
            .map(|m| Y::List(m.into_iter().map(Y::Text).collect())),
    );
    put(
        f,
        "helper",
        r.optional("helper", |c, _| values::person_name(c))
            .map(text_y),
    );
    put(
        f,
        "phone",
        r.optional("phone", |c, _| values::phone(c)).map(Y::Quoted),
    );
    if r.column("adjustment").is_some() {
        put(
            f,
            "adjustment",
            r.closed("adjustment", &ADJUSTMENTS, "adjustment-unknown")
                .map(text_y),
        );
    }
    for (key, _) in EXIT_CRITERIA {
        put(
            f,
            key,
            r.optional(key, |c, _| values::yes_no(c))
                .map(|yes| Y::Plain(yes.to_string())),
        );
    }
}

fn villages(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>) {
    put(f, "region", r.region("region", true).map(Y::Quoted));
    let population = r.required("population", |c, col| values::count(c, col.spec.title));
    let poor = r.required("poor_population", |c, col| values::count(c, col.spec.title));
    if let (Some(p), Some(all), Some(col)) = (poor, population, r.column("poor_population"))
        && p > all
    {
        r.report(
            col,
            Problem::new(
                "poor-population-exceeds-population",
                format!("贫困人口 {p} 人多于总人口 {all} 人"),
            ),
        );
    }
    put(f, "population", population.map(|n| Y::Plain(n.to_string())));
    put(f, "poor_population", poor.map(|n| Y::Plain(n.to_string())));
    for key in ["income", "collective_income"] {
        let m = r.required(key, |c, col| values::money(c, col.unit));
        put(f, key, m.map(|m| money_y(&m)));
    }
    put(
        f,
        "class",
        r.optional("class", |c, _| values::text(c)).map(text_y),
    );
}

fn projects(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>, out: &mut RowOut) {
    let code = r.required("code", |c, _| {
        let code = values::code(c, "项目编号")?;
        let plain = code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if plain {
            Ok(code)
        } else {
            Err(Problem::new(
                "project-code-invalid",
                format!("项目编号“{code}”只能用数字、英文字母、- 和 _"),
            )
            .help("如 2014-001"))
        }
    });
    if let (Some(code), Some(col)) = (&code, r.column("code")) {
        out.project_code = Some((code.clone(), col.column));
    }
    put(f, "code", code.map(Y::Quoted));
    put(
        f,
        "name",
        r.required("name", |c, _| values::text(c)).map(text_y),
    );
    put(f, "region", r.region("region", true).map(Y::Quoted));
    put(
        f,
        "content",
        r.required("content", |c, _| values::text(c)).map(text_y),
    );
    put(
        f,
        "scale",
        r.optional("scale", |c, _| values::text(c)).map(text_y),
    );
    put(
        f,
        "implementer",
        r.required("implementer", |c, _| values::text(c))
            .map(text_y),
    );
    put(
        f,
        "manager",
        r.required("manager", |c, _| values::person_name(c))
            .map(text_y),
    );
    let period = if r.column("period").is_some() {
        r.required("period", |c, _| match c {
            Cell::Date(_) | Cell::Number(_) => Err(Problem::new(
                "import-period-invalid",
                format!("建设期限只有一个日期“{}”", c.display()),
            )
            .help("写成 2013-04-01至2014-06-30，或分成“开工时间”“完工时间”两列")),
            other => values::period_text(&values::text(other)?),
        })
        .map(|p| (p, r.column("period")))
    } else {
        let from = r.required("period.from", |c, _| values::date(c));
        let to = r.required("period.to", |c, _| values::date(c));
        from.zip(to).map(|p| (p, r.column("period.to")))
    };
    if let Some(((from, to), col)) = period {
        if to < from
            && let Some(col) = col
        {
            r.report(
                col,
                Problem::new(
                    "period-reversed",
                    format!("建设期限结束日 {to} 早于开始日 {from}"),
                ),
            );
        }
        put(f, "period", Some(period_y(from, to)));
    }
    put(
        f,
        "status",
        r.closed("status", &PROJECT_STATUSES, "project-status-unknown")
            .map(text_y),
    );
    project_beneficiaries(r, f);
    project_funds(r, f);
    for key in ["subsidy_standard", "goals", "mechanism"] {
        put(f, key, r.optional(key, |c, _| values::text(c)).map(text_y));
    }
}

fn period_y(from: Day, to: Day) -> Y {
    Y::Map(vec![
        ("from", Y::Plain(from.iso())),
        ("to", Y::Plain(to.iso())),
    ])
}

fn project_beneficiaries(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>) {
    const KEYS: [(&str, &str); 4] = [
        ("households", "beneficiaries.households"),
        ("people", "beneficiaries.people"),
        ("poor_households", "beneficiaries.poor_households"),
        ("poor_people", "beneficiaries.poor_people"),
    ];
    let mut got: Vec<(&'static str, Y)> = Vec::new();
    for (name, key) in KEYS {
        if let Some(n) = r.optional(key, |c, col| values::count(c, col.spec.title)) {
            got.push((name, Y::Plain(n.to_string())));
        }
    }
    if got.is_empty() {
        return;
    }
    // The record needs both households and people once either figure is given.
    for (name, key) in &KEYS[..2] {
        if !got.iter().any(|(n, _)| n == name) {
            let title = super::headers::ImportKind::Projects
                .fields()
                .iter()
                .find(|s| s.key == *key)
                .map_or("", |s| s.title);
            let p = Problem::new(
                "import-missing-value",
                format!("填了受益情况，但缺少{title}"),
            )
            .help("受益户数和受益人数要一起填写");
            match r.column(key) {
                Some(col) => r.report(col, p),
                None => {
                    let number = r.row.number;
                    r.ctx.at(number, 0, "", p);
                }
            }
            return;
        }
    }
    f.push(("beneficiaries", Y::Map(got)));
}

/// Funds from a `资金来源` cell (`省级财政扶贫资金15万元；群众自筹46.3万元`) and the
/// total from `总投资`. A single source without an amount takes the whole total;
/// without a total column, the total is the sum of the sources.
fn project_funds(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>) {
    let total_col = r.column("total");
    let total = r.optional("total", |c, col| values::money(c, col.unit));
    let Some(funds_col) = r.column("funds") else {
        return;
    };
    let Some(sources) = r.required("funds", |c, col| {
        let text = values::text(c)?;
        parse_fund_sources(&text, col.unit)
    }) else {
        return;
    };
    let missing: Vec<usize> = (0..sources.len())
        .filter(|&i| sources[i].1.is_none())
        .collect();
    let amounts: Vec<MoneyValue> = match (missing.as_slice(), &total) {
        ([], _) => sources.iter().filter_map(|(_, m)| m.clone()).collect(),
        ([0], Some(t)) if sources.len() == 1 => vec![t.clone()],
        _ => {
            let names: Vec<&str> = missing.iter().map(|&i| sources[i].0.as_str()).collect();
            r.report(
                funds_col,
                Problem::new(
                    "import-fund-amount-missing",
                    format!("资金来源“{}”没有写金额", names.join("、")),
                )
                .help("每项来源后写金额，如 省级财政扶贫资金15万元；只有一项来源时也可以只写来源名称，金额取“总投资”"),
            );
            return;
        }
    };
    let moneys: Vec<Money> = amounts.iter().map(|m| m.money).collect();
    let total = match total {
        Some(t) => {
            let unit = t.money.unit();
            let sum = Money::sum(&moneys, unit);
            if sum.in_yuan() != t.money.in_yuan()
                && let Some(col) = total_col
            {
                r.report(
                    col,
                    Problem::new(
                        "funds-sum-mismatch",
                        format!("各项资金合计 {sum}，与总投资 {} 不符", t.money),
                    )
                    .help("核对资金来源中的各项金额和总投资；金额按原数精确相加，不做四舍五入"),
                );
            }
            t
        }
        None => {
            let unit = Money::common_unit(&moneys);
            let sum = Money::sum(&moneys, unit);
            MoneyValue {
                money: sum,
                text: sum.to_string(),
                with_unit: true,
            }
        }
    };
    let items = sources
        .iter()
        .zip(&amounts)
        .map(|((source, _), m)| {
            Y::Map(vec![
                ("source", Y::Text(source.clone())),
                ("amount", money_y(m)),
            ])
        })
        .collect();
    f.push(("funds", Y::Lines(items)));
    f.push(("total", money_y(&total)));
}

/// `省级财政扶贫资金15万元；群众自筹46.3万元` → [(省级财政扶贫资金, 15万元), (群众自筹, 46.3万元)].
pub fn parse_fund_sources(
    text: &str,
    unit: Option<crate::model::money::MoneyUnit>,
) -> Conv<Vec<(String, Option<MoneyValue>)>> {
    let folded = super::grid::fold_full_width(text);
    // Split on list punctuation; a comma between digits groups thousands.
    let chars: Vec<char> = folded.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let separates = matches!(c, ';' | '、' | '\n' | '+') || (c == ',' && !between_digits);
        if separates {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    let mut out = Vec::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        out.push(fund_source(part, unit)?);
    }
    if out.is_empty() {
        return Err(Problem::new("import-missing-value", "缺少资金来源"));
    }
    Ok(out)
}

fn fund_source(
    part: &str,
    unit: Option<crate::model::money::MoneyUnit>,
) -> Conv<(String, Option<MoneyValue>)> {
    // `名称（15万元）`
    let (head, tail) = match part.strip_suffix(')').and_then(|p| p.rsplit_once('(')) {
        Some((name, amount)) => (name, amount.to_string()),
        None => {
            let unit_len = if part.ends_with("万元") {
                "万元".len()
            } else if part.ends_with('元') {
                '元'.len_utf8()
            } else {
                0
            };
            let body = &part[..part.len() - unit_len];
            if unit_len == 0 && body.ends_with('万') {
                return Err(Problem::new(
                    "import-fund-source-invalid",
                    format!("资金来源“{part}”的金额要写单位“万元”或“元”"),
                )
                .help("如 省级财政扶贫资金15万元"));
            }
            let digits_start = body
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
                .last()
                .map_or(body.len(), |(i, _)| i);
            (&part[..digits_start], part[digits_start..].to_string())
        }
    };
    let name = head
        .trim()
        .trim_end_matches([':', '：', '-', '—'])
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(Problem::new(
            "import-fund-source-invalid",
            format!("“{part}”缺少资金来源名称"),
        )
        .help("写成 来源名称+金额，如 省级财政扶贫资金15万元"));
    }
    if tail.trim().is_empty() {
        return Ok((name, None));
    }
    let amount = values::money_text(&tail, unit).map_err(|p| {
        Problem::new(
            "import-fund-source-invalid",
            format!("资金来源“{part}”中的{}", p.message),
        )
    })?;
    Ok((name, Some(amount)))
}

fn funds(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>) {
    put(
        f,
        "date",
        r.required("date", |c, _| values::date(c))
            .map(|d| Y::Plain(d.iso())),
    );
    put(
        f,
        "source",
        r.required("source", |c, _| values::text(c)).map(text_y),
    );
    put(
        f,
        "document",
        r.optional("document", |c, _| values::text(c)).map(text_y),
    );
    put(
        f,
        "project",
        r.optional("project", |c, _| values::code(c, "项目编号"))
            .map(Y::Quoted),
    );
    let allocated = r.required("allocated", |c, col| values::money(c, col.unit));
    let disbursed = r.required("disbursed", |c, col| values::money(c, col.unit));
    if let (Some(a), Some(d), Some(col)) = (&allocated, &disbursed, r.column("disbursed"))
        && d.money.in_yuan() > a.money.in_yuan()
    {
        r.report(
            col,
            Problem::new(
                "disbursed-over-allocated",
                format!("已拨付 {} 多于下达 {}", d.money, a.money),
            )
            .help("已拨付金额不能超过下达金额；请核对两个数"),
        );
    }
    put(f, "allocated", allocated.as_ref().map(money_y));
    put(f, "disbursed", disbursed.as_ref().map(money_y));
    put(
        f,
        "purpose",
        r.optional("purpose", |c, _| values::text(c)).map(text_y),
    );
}

fn beneficiaries(r: &mut Row<'_, '_>, f: &mut Vec<(&'static str, Y)>, out: &mut RowOut) {
    put(
        f,
        "name",
        r.required("name", |c, _| values::person_name(c))
            .map(text_y),
    );
    let id = r.optional("id_number", |c, _| values::id_number(c));
    if let (Some(id), Some(col)) = (&id, r.column("id_number")) {
        out.id_number = Some((id.clone(), col.column));
    }
    put(f, "id_number", id.map(Y::Quoted));
    put(f, "region", r.region("region", false).map(Y::Quoted));
    put(
        f,
        "amount",
        r.required("amount", |c, col| values::money(c, col.unit))
            .map(|m| money_y(&m)),
    );
    put(
        f,
        "bank_account",
        r.optional("bank_account", |c, _| values::bank_account(c))
            .map(Y::Quoted),
    );
    put(
        f,
        "note",
        r.optional("note", |c, _| values::text(c)).map(text_y),
    );
}

/// Each ID number and each project code once per file.
pub fn check_duplicates(ctx: &mut Context<'_>, rows: &[RowOut]) {
    let title = |key: &str| {
        ctx.header
            .column_of(key)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    let (id_title, code_title) = (title("id_number"), title("code"));
    let mut ids: BTreeMap<String, u32> = BTreeMap::new();
    let mut codes: BTreeMap<String, u32> = BTreeMap::new();
    for r in rows {
        if let Some((id, column)) = &r.id_number
            && let Some(first) = ids.insert(id.clone(), r.row.number)
        {
            ctx.at(
                r.row.number,
                *column,
                &id_title,
                Problem::new(
                    "id-number-duplicate",
                    format!("身份证号与第 {first} 行相同"),
                )
                .help("同一人只能列入一次；请核对是否重复录入"),
            );
        }
        if let Some((code, column)) = &r.project_code
            && let Some(first) = codes.insert(code.clone(), r.row.number)
        {
            ctx.at(
                r.row.number,
                *column,
                &code_title,
                Problem::new(
                    "project-code-duplicate",
                    format!("项目编号“{code}”与第 {first} 行相同"),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::MoneyUnit;

    fn sources(text: &str) -> Vec<(String, Option<String>)> {
        parse_fund_sources(text, None)
            .unwrap()
            .into_iter()
            .map(|(s, m)| (s, m.map(|m| m.text)))
            .collect()
    }

    #[test]
    fn fund_sources_from_one_cell() {
        assert_eq!(
            sources("省级财政扶贫资金15万元；群众自筹46.3万元"),
            [
                ("省级财政扶贫资金".to_string(), Some("15万元".to_string())),
                ("群众自筹".to_string(), Some("46.3万元".to_string())),
            ]
        );
        assert_eq!(
            sources("中央财政扶贫资金：360,000元, 群众自筹4800.50"),
            [
                ("中央财政扶贫资金".to_string(), Some("360000元".to_string())),
                ("群众自筹".to_string(), Some("4800.50".to_string())),
            ]
        );
        assert_eq!(
            sources("2014年中央财政扶贫资金（36万元）"),
            [(
                "2014年中央财政扶贫资金".to_string(),
                Some("36万元".to_string())
            )]
        );
        assert_eq!(
            sources("中央财政扶贫资金"),
            [("中央财政扶贫资金".to_string(), None)]
        );
        let in_wan = parse_fund_sources("省级15", Some(MoneyUnit::TenThousandYuan)).unwrap();
        assert_eq!(in_wan[0].1.as_ref().unwrap().text, "15万元");
        assert!(parse_fund_sources("15万元", None).is_err());
    }
}
