//! `gongshi import`: a spreadsheet clerks keep (`.xlsx`, `.xls`, or `.csv` in GB18030
//! or UTF-8) to a record file under `content/records/` that `gongshi check` accepts.
//!
//! All or nothing: every cell is checked with the rules of `gongshi check`, every
//! problem is reported at the spreadsheet's own row number and column letter, and if
//! any row has an error nothing is written. Rows are never dropped silently: blank rows
//! and 合计 rows are skipped and counted, columns that are not imported are named.

pub mod csv;
pub mod grid;
pub mod headers;
pub mod rows;
pub mod values;
pub mod write_yaml;
pub mod xlsx;

pub use headers::ImportKind;

use crate::diagnostic::{Diagnostic, Severity, Span, sort_diagnostics};
use crate::model::region::RegionTree;
use grid::{Cell, Grid, GridRow, column_letter};
use headers::{HeaderRow, Role};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use write_yaml::Y;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// The spreadsheet, as the user typed its path (diagnostics name it so).
    pub input: &'a Path,
    pub kind: ImportKind,
    /// `year:` of the record file.
    pub year: Option<i32>,
    /// `program:` and `standard:` of a beneficiaries file.
    pub program: Option<String>,
    pub standard: Option<String>,
    /// The region of every row when the sheet has no column for it (name or code).
    pub region: Option<String>,
    /// The worksheet to read (default: the first).
    pub sheet: Option<String>,
    /// The site's region tree, to turn village names into codes and check codes.
    pub regions: Option<&'a RegionTree>,
}

/// What was read.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Data rows read (each becomes a record, or has errors).
    pub rows: usize,
    pub rows_with_errors: usize,
    pub blank_rows: usize,
    /// 合计 / 总计 rows, skipped.
    pub total_rows: usize,
    /// 填表人：… / 注：… lines under the table, skipped.
    pub footer_rows: usize,
    pub header_row: Option<u32>,
    pub sheet: Option<String>,
    /// Other worksheets that hold data and were not read.
    pub other_sheets: Vec<String>,
    pub encoding: Option<&'static str>,
}

/// A successful import: the record file's text, warnings, and what was read.
#[derive(Debug)]
pub struct Imported {
    pub yaml: String,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
}

#[derive(Debug)]
pub enum ImportFailure {
    /// A usage or I/O problem (exit 2): the message says what to do.
    Usage(String),
    /// The sheet has problems (exit 1); nothing was written.
    Content {
        diagnostics: Vec<Diagnostic>,
        summary: Box<Summary>,
    },
}

enum Format {
    Text,
    Workbook,
}

fn format_of(input: &Path) -> Result<Format, String> {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" => Ok(Format::Text),
        "xlsx" | "xlsm" | "xls" => Ok(Format::Workbook),
        "" => Err(format!(
            "无法判断 {} 是什么文件：文件名应以 .xlsx、.xls 或 .csv 结尾",
            input.display()
        )),
        other => Err(format!(
            "不支持 .{other} 文件：请在 Excel/WPS 中另存为 .xlsx 或 .csv 后再导入"
        )),
    }
}

/// The arguments alone are enough to see these mistakes: no need to read anything.
pub fn check_request(req: &ImportRequest<'_>) -> Result<(), String> {
    format_of(req.input)?;
    if req.kind.needs_year() && req.year.is_none() {
        return Err(format!(
            "{}需要年度：请加上 --year，如 --year 2014",
            req.kind.label()
        ));
    }
    if let Some(year) = req.year
        && !(1949..=2100).contains(&year)
    {
        return Err(format!("--year {year} 不是有效的年份"));
    }
    if req.kind == ImportKind::Beneficiaries
        && req.program.as_deref().is_none_or(|p| p.trim().is_empty())
    {
        return Err(
            "补助对象名单需要补助项目名称：请加上 --program，如 --program 农村危房改造".into(),
        );
    }
    Ok(())
}

/// Where the record file goes by default: `content/records/KIND/NAME.yaml` in the site.
pub fn default_output(root: &Path, kind: ImportKind, input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| kind.key().to_string());
    // `./content/…` reads worse than `content/…` in messages.
    let root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    root.join("content/records")
        .join(kind.key())
        .join(format!("{stem}.yaml"))
}

/// Writes the file whole or not at all (a temporary file renamed into place), creating
/// its folder; an existing file is replaced only with `force`.
pub fn write_output(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.flush()?;
    if force {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// Reads, checks and converts the sheet.
pub fn import(req: &ImportRequest<'_>) -> Result<Imported, ImportFailure> {
    check_request(req).map_err(ImportFailure::Usage)?;
    let file = req.input;
    let mut summary = Summary::default();
    let grid = read_grid(req, &mut summary)?;

    let resolver = values::RegionResolver::new(req.regions);
    let default_region = match &req.region {
        Some(written) => Some(
            resolver
                .resolve(written, None)
                .map_err(|p| ImportFailure::Usage(format!("--region {written}：{}", p.message)))?,
        ),
        None => None,
    };

    let Some(header) = headers::find_header(req.kind, &grid) else {
        let mut d = Diagnostic::error(
            "import-no-header",
            file,
            Span::default(),
            format!(
                "找不到标题行：表中没有哪一行含有至少两个{}的列标题（如 {}）",
                req.kind.label(),
                example_titles(req.kind)
            ),
        );
        d = match headers::likely_kind(req.kind, &grid) {
            Some(k) => d.with_help(format!(
                "这张表看起来是{}：是否应该用 --kind {}？",
                k.label(),
                k.key()
            )),
            None => d.with_help("检查 --kind 是否选对，以及表格的列标题"),
        };
        return Err(ImportFailure::Content {
            diagnostics: vec![d],
            summary: Box::new(summary),
        });
    };
    summary.header_row = Some(header.number);
    if let Some(d) = two_row_header(req.kind, file, &grid, &header) {
        return Err(ImportFailure::Content {
            diagnostics: vec![d],
            summary: Box::new(summary),
        });
    }

    let mut diags = header_diagnostics(req, &header, &grid, default_region.is_some());
    if let Some((k, theirs, ours)) = headers::better_kind(req.kind, &grid.rows[header.index]) {
        diags.push(
            Diagnostic::warning(
                "import-wrong-kind",
                file,
                Span::at(header.number, 1),
                format!(
                    "第 {} 行的列标题中，{theirs} 个是{}的，只有 {ours} 个是{}的",
                    header.number,
                    k.label(),
                    req.kind.label()
                ),
            )
            .with_help(format!("是否应该用 --kind {}？", k.key())),
        );
    }
    let mut ctx = rows::Context {
        file,
        header: &header,
        regions: &resolver,
        default_region: default_region.as_deref(),
        diags: Vec::new(),
    };
    let mut outs = Vec::new();
    let mut hidden = Vec::new();
    for row in &grid.rows[header.index + 1..] {
        if is_blank_data(row, &header) {
            summary.blank_rows += 1;
            continue;
        }
        if let Some(word) = total_row_word(row) {
            summary.total_rows += 1;
            diags.push(
                Diagnostic::warning(
                    "import-total-row-skipped",
                    file,
                    Span::at(row.number, 1),
                    format!("第 {} 行是“{word}”行，没有导入", row.number),
                )
                .with_help("合计由 gongshi 自己计算；如果这一行其实是数据，请改掉“合计”字样"),
            );
            continue;
        }
        if let Some(text) = footer_text(row) {
            summary.footer_rows += 1;
            diags.push(
                Diagnostic::warning(
                    "import-footer-row-skipped",
                    file,
                    Span::at(row.number, 1),
                    format!("第 {} 行是表格下方的说明（“{text}”），没有导入", row.number),
                )
                .with_help("如果这一行其实是数据，请检查第一个有内容的单元格"),
            );
            continue;
        }
        if grid.hidden_rows.contains(&row.number) {
            hidden.push(row.number);
        }
        let out = rows::convert(req.kind, &mut ctx, row);
        summary.rows += 1;
        outs.push(out);
    }
    if let Some(d) = hidden_rows_diagnostic(file, &hidden) {
        diags.push(d);
    }
    rows::check_duplicates(&mut ctx, &outs);
    summary.rows_with_errors = ctx
        .diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.span.line)
        .collect::<BTreeSet<u32>>()
        .len();
    diags.append(&mut ctx.diags);
    sort_diagnostics(&mut diags);

    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(ImportFailure::Content {
            diagnostics: diags,
            summary: Box::new(summary),
        });
    }

    let procedure = procedure_of(req.kind, &header);
    let yaml = record_file(
        req,
        &summary,
        procedure,
        outs.into_iter().map(|o| o.row).collect(),
    );
    // The file must read back as the kind it claims; anything else is our bug.
    if let Err(d) = crate::content::records::parse_record_file(&yaml, Path::new("import.yaml")) {
        // The site loader caps the nodes of one YAML file (a guard against hostile
        // input); a very long list goes over it.
        if d.message.contains("budget") {
            diags.push(
                Diagnostic::error(
                    "import-too-large",
                    file,
                    Span::default(),
                    format!(
                        "表中有 {} {}，写成一个记录文件太大，gongshi 读不回来",
                        summary.rows,
                        req.kind.row_unit()
                    ),
                )
                .with_help("按村或乡镇把表格分成几个文件（或工作表）分别导入，每个文件几千行以内"),
            );
            return Err(ImportFailure::Content {
                diagnostics: diags,
                summary: Box::new(summary),
            });
        }
        diags.push(Diagnostic::error(
            "import-internal",
            file,
            Span::default(),
            format!(
                "内部错误：生成的记录文件无法读回（第 {} 行：{}）；请把表格发给维护者",
                d.span.line, d.message
            ),
        ));
        return Err(ImportFailure::Content {
            diagnostics: diags,
            summary: Box::new(summary),
        });
    }
    Ok(Imported {
        yaml,
        warnings: diags,
        summary,
    })
}

fn read_grid(req: &ImportRequest<'_>, summary: &mut Summary) -> Result<Grid, ImportFailure> {
    let file = req.input;
    if !file.is_file() {
        return Err(ImportFailure::Usage(if file.exists() {
            format!("{} 不是文件", file.display())
        } else {
            format!("找不到文件 {}", file.display())
        }));
    }
    let content_problem = |d: Diagnostic| ImportFailure::Content {
        diagnostics: vec![d],
        summary: Box::new(summary.clone()),
    };
    let limits = crate::config::Limits::default();
    let max_mb = limits.max_file_mb.value;
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    if size > max_mb << 20 {
        return Err(content_problem(
            crate::content::file_too_large(file, size, max_mb).with_help(
                "一个县的名单一般不超过 20 MB：请确认选对了文件，或按乡镇分成几个表格分别导入",
            ),
        ));
    }
    let grid = match format_of(file).map_err(ImportFailure::Usage)? {
        Format::Text => {
            let bytes = std::fs::read(file).map_err(|e| {
                ImportFailure::Usage(format!("读取 {} 失败：{e}", file.display()))
            })?;
            let (text, encoding) = csv::decode(&bytes).map_err(|e| ImportFailure::Content {
                diagnostics: vec![not_text(file, e)],
                summary: Box::new(summary.clone()),
            })?;
            let mut grid = csv::parse(&text);
            grid.encoding = Some(encoding);
            grid
        }
        Format::Workbook => {
            xlsx::read(file, req.sheet.as_deref()).map_err(|e| match e {
                xlsx::WorkbookError::Open(msg) => ImportFailure::Usage(format!(
                    "无法读取工作簿 {}：{msg}\n提示：确认文件没有损坏、没有加密；也可以在 Excel/WPS 中另存为 .xlsx 或 .csv 后再导入",
                    file.display()
                )),
                xlsx::WorkbookError::NoSuchSheet { wanted, found } => ImportFailure::Usage(format!(
                    "{} 中没有名为“{wanted}”的工作表；有：{}",
                    file.display(),
                    found.join("、")
                )),
                xlsx::WorkbookError::Empty => {
                    ImportFailure::Usage(format!("{} 中没有工作表", file.display()))
                }
                xlsx::WorkbookError::TooLarge { part, bytes } => content_problem(
                    Diagnostic::error(
                        "import-workbook-too-large",
                        file,
                        Span::default(),
                        format!(
                            "工作簿中的 {part} 解压后有 {} MB，超过了 {} MB 的上限",
                            bytes >> 20,
                            xlsx::MAX_PART_MB
                        ),
                    )
                    .with_help("某个单元格或工作表异常巨大：请在 Excel/WPS 中检查并删去多余内容，或按乡镇分表导入"),
                ),
            })?
        }
    };
    if let Some(d) = overlong_cell(file, &grid, limits.max_line_chars.value) {
        return Err(content_problem(d));
    }
    summary.sheet = grid.sheet.clone();
    summary.other_sheets = grid.other_sheets.clone();
    summary.encoding = grid.encoding;
    Ok(grid)
}

/// A title in two rows (家庭成员 over 姓名 | 身份证号): the lower titles say what the
/// columns hold, the upper ones whose they are (a member's ID number is not the
/// household head's), and guessing how they combine could put a value in the wrong
/// field. So the row under the titles must not itself be titles: at least two cells
/// of it, not copied down from a cell merged over both rows, are column titles.
fn two_row_header(
    kind: ImportKind,
    file: &Path,
    grid: &Grid,
    header: &HeaderRow,
) -> Option<Diagnostic> {
    let upper = &grid.rows[header.index];
    let lower = grid.rows.get(header.index + 1)?;
    let titles: Vec<(u32, String)> = lower
        .cells
        .iter()
        .enumerate()
        .map(|(i, cell)| (i as u32 + 1, cell))
        .filter(|(column, cell)| cell.display() != upper.cell(*column).display())
        .filter_map(|(column, cell)| {
            let title = cell.display();
            let (normalized, _) = headers::normalize_title(&title);
            headers::lookup(kind, &normalized).map(|_| (column, title))
        })
        .collect();
    if titles.len() < 2 {
        return None;
    }
    // The upper title over each lower one: the nearest filled cell at or left of it
    // (a title merged across columns is written in its first).
    let over = |column: u32| {
        (1..=column)
            .rev()
            .map(|c| upper.cell(c).display())
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    };
    let groups: Vec<String> = titles
        .iter()
        .map(|(column, title)| format!("“{}”下的“{title}”", over(*column)))
        .collect();
    Some(
        Diagnostic::error(
            "import-two-row-header",
            file,
            Span::at(lower.number, titles[0].0),
            format!(
                "第 {}–{} 行是两行的标题（{}），gongshi 只认一行标题，无法确定每列是什么",
                upper.number,
                lower.number,
                groups.join("、")
            ),
        )
        .with_help("把标题改成一行：取消合并单元格，每列只留一个标题（如“户主姓名”“身份证号”），删掉多出的一行标题后再导入"),
    )
}

/// Rows a filter (or the clerk) hid hold data all the same: importing them unseen
/// could publish people the clerk meant to leave out, and leaving them out would drop
/// rows silently. The clerk decides, with the sheet in view.
fn hidden_rows_diagnostic(file: &Path, hidden: &[u32]) -> Option<Diagnostic> {
    let first = *hidden.first()?;
    let mut named: Vec<String> = hidden.iter().take(10).map(u32::to_string).collect();
    if hidden.len() > 10 {
        named.push("…".into());
    }
    Some(
        Diagnostic::error(
            "import-hidden-rows",
            file,
            Span::at(first, 1),
            format!(
                "表中有 {} 行数据是隐藏的（被筛选或隐藏）：第 {} 行；看不见的行是否应当公示无法判断，因此没有导入",
                hidden.len(),
                named.join("、")
            ),
        )
        .with_help("在 Excel/WPS 中取消筛选（“数据 → 筛选 → 全部显示”）并取消隐藏行；不公示的行请删除，或复制需要公示的行到新工作表后再导入"),
    )
}

fn not_text(file: &Path, why: csv::NotText) -> Diagnostic {
    match why {
        csv::NotText::Unreadable => Diagnostic::error(
            "import-not-text",
            file,
            Span::default(),
            "文件既不是 UTF-8 也不是 GB18030/GBK 编码的文字，无法作为 CSV 读取",
        )
        .with_help("在 Excel/WPS 中打开原表格，另存为“CSV（逗号分隔）”或直接导入 .xlsx 文件"),
        csv::NotText::Big5 {
            sample: (big5, gb18030),
        } => Diagnostic::error(
            "import-big5",
            file,
            Span::default(),
            format!(
                "文件看起来是繁体中文 Big5 编码（港台版 Excel 保存的），不是 GB18030/GBK：按 GB18030 读，“{big5}”会变成“{gb18030}”，因此没有导入"
            ),
        )
        .with_help("在 Excel/WPS 中打开这个文件，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入"),
    }
}

/// The first text cell longer than `max` characters: what the site would refuse as a
/// line too long (`line-too-long`), told in the sheet's terms.
fn overlong_cell(file: &Path, grid: &Grid, max: u64) -> Option<Diagnostic> {
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    grid.rows.iter().find_map(|row| {
        row.cells.iter().enumerate().find_map(|(i, cell)| {
            let Cell::Text(text) = cell else { return None };
            let count = if text.len() > max {
                text.chars().count()
            } else {
                0
            };
            (count > max).then(|| {
                let column = i as u32 + 1;
                Diagnostic::error(
                    "import-cell-too-long",
                    file,
                    Span::at(row.number, column),
                    format!(
                        "第 {} 行 {} 列有 {count} 个字，超过了每格 {max} 个字的上限",
                        row.number,
                        column_letter(column)
                    ),
                )
                .with_help("请检查这一格是否误粘贴了整段内容")
            })
        })
    })
}

fn example_titles(kind: ImportKind) -> String {
    kind.fields()
        .iter()
        .filter(|f| f.required)
        .take(3)
        .map(|f| f.title)
        .collect::<Vec<_>>()
        .join("、")
}

fn all_titles(kind: ImportKind) -> String {
    kind.fields()
        .iter()
        .filter(|f| matches!(f.role, Role::Field | Role::Helper))
        .map(|f| f.title)
        .collect::<Vec<_>>()
        .join("、")
}

/// Problems with the title row itself: columns twice, columns missing, columns not
/// imported.
fn header_diagnostics(
    req: &ImportRequest<'_>,
    header: &HeaderRow,
    grid: &Grid,
    has_default_region: bool,
) -> Vec<Diagnostic> {
    let file = req.input;
    let kind = req.kind;
    let n = header.number;
    let mut out = Vec::new();
    let at = |column: u32| Span::at(n, column);
    let place = |column: u32| format!("第 {n} 行 {} 列", column_letter(column));

    for (i, c) in header.columns.iter().enumerate() {
        if c.spec.role == Role::Ignored {
            continue;
        }
        if let Some(first) = header.columns[..i]
            .iter()
            .find(|p| p.spec.key == c.spec.key)
        {
            out.push(
                Diagnostic::error(
                    "import-duplicate-column",
                    file,
                    at(c.column),
                    format!(
                        "{}：“{}”与 {} 列“{}”都是{}，不知道该用哪一列",
                        place(c.column),
                        c.title,
                        column_letter(first.column),
                        first.title,
                        c.spec.title
                    ),
                )
                .with_help("删去或改名其中一列"),
            );
        }
        if c.spec.role == Role::Derived {
            out.push(Diagnostic::warning(
                "import-derived-column",
                file,
                at(c.column),
                format!(
                    "{}：“{}”由 gongshi 根据其他各列计算，表中的数没有导入",
                    place(c.column),
                    c.title
                ),
            ));
        }
    }

    for spec in kind.fields() {
        let present = header.column_of(spec.key).is_some();
        let by_default = spec.key == "region" && has_default_region;
        if spec.required && spec.role == Role::Field && !present && !by_default {
            let mut help = format!("这一列的标题可以是：{}", spec.aliases.join("、"));
            if spec.key == "region" {
                help.push_str("；整张表都是同一个村时，也可以用 --region 指定");
            }
            out.push(
                Diagnostic::error(
                    "import-missing-column",
                    file,
                    at(0),
                    format!("第 {n} 行：表中没有“{}”一列", spec.title),
                )
                .with_help(help),
            );
        }
    }
    if kind == ImportKind::Projects && header.column_of("period").is_none() {
        let from = header.column_of("period.from").is_some();
        let to = header.column_of("period.to").is_some();
        if !(from && to) {
            let missing = match (from, to) {
                (false, false) => "“建设期限”一列（或“开工时间”“完工时间”两列）",
                (true, false) => "“完工时间”一列",
                _ => "“开工时间”一列",
            };
            out.push(
                Diagnostic::error(
                    "import-missing-column",
                    file,
                    at(0),
                    format!("第 {n} 行：表中没有{missing}"),
                )
                .with_help("建设期限写成 2013-04-01至2014-06-30，或分成开工时间、完工时间两列"),
            );
        }
    }
    if has_default_region && header.column_of("region").is_some() {
        out.push(Diagnostic::warning(
            "import-region-option-unused",
            file,
            at(header.column_of("region").map_or(0, |c| c.column)),
            format!(
                "{}：表中有所在村一列，--region 没有用上",
                place(header.column_of("region").map_or(0, |c| c.column))
            ),
        ));
    }

    for (column, title) in &header.unknown {
        out.push(
            Diagnostic::warning(
                "import-unknown-column",
                file,
                at(*column),
                format!(
                    "{}：不认识的列标题“{title}”，这一列没有导入",
                    place(*column)
                ),
            )
            .with_help(format!(
                "{}可用的列标题：{}（也可以用英文字段名）；如果这一列要导入，请改成其中之一",
                kind.label(),
                all_titles(kind)
            )),
        );
    }

    // Data under no title at all.
    let titled: BTreeSet<u32> = header
        .columns
        .iter()
        .map(|c| c.column)
        .chain(header.unknown.iter().map(|(c, _)| *c))
        .collect();
    let mut reported = BTreeSet::new();
    for row in &grid.rows[header.index + 1..] {
        for (i, cell) in row.cells.iter().enumerate() {
            let column = i as u32 + 1;
            if !cell.is_blank() && !titled.contains(&column) && reported.insert(column) {
                out.push(
                    Diagnostic::warning(
                        "import-untitled-column",
                        file,
                        Span::at(row.number, column),
                        format!(
                            "第 {} 行 {} 列：这一列没有列标题，其中的内容（从第 {} 行起）没有导入",
                            row.number,
                            column_letter(column),
                            row.number
                        ),
                    )
                    .with_help(format!("在第 {n} 行给这一列加上标题，或删去这一列")),
                );
            }
        }
    }
    out
}

/// Blank, or only a row number (序号) filled in ahead of time.
fn is_blank_data(row: &GridRow, header: &HeaderRow) -> bool {
    row.cells.iter().enumerate().all(|(i, cell)| {
        cell.is_blank()
            || header
                .columns
                .iter()
                .any(|c| c.column == i as u32 + 1 && c.spec.role == Role::Ignored)
    })
}

/// `合计`, `总计`, … in the first filled cell.
fn total_row_word(row: &GridRow) -> Option<String> {
    let first = row.cells.iter().find(|c| !c.is_blank())?.display();
    let word: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    ["合计", "总计", "小计", "累计"]
        .iter()
        .any(|w| word.starts_with(w))
        .then_some(word)
}

/// `填表人：张某某`, `注：…`: the signature and note lines under a table.
fn footer_text(row: &GridRow) -> Option<String> {
    let first = row.cells.iter().find(|c| !c.is_blank())?.display();
    let folded = grid::fold_full_width(&first);
    let lead: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    let (word, _) = lead.split_once(':')?;
    const WORDS: [&str; 12] = [
        "填表人",
        "填报人",
        "制表人",
        "制表",
        "审核人",
        "审核",
        "审批人",
        "负责人",
        "注",
        "说明",
        "备注",
        "填表日期",
    ];
    WORDS.contains(&word).then_some(first)
}

/// The procedure a household table's columns show: 两不愁三保障 columns make an exit list,
/// a 调整类型 column an adjustment list; anything else is an identification list
/// (written without `procedure:`, its default).
fn procedure_of(kind: ImportKind, header: &HeaderRow) -> Option<&'static str> {
    if kind != ImportKind::Households {
        return None;
    }
    if header.column_of("adjustment").is_some() {
        Some("adjustment")
    } else if crate::model::procedure::EXIT_CRITERIA
        .iter()
        .any(|(key, _)| header.column_of(key).is_some())
    {
        Some("exit")
    } else {
        None
    }
}

fn record_file(
    req: &ImportRequest<'_>,
    summary: &Summary,
    procedure: Option<&'static str>,
    rows: Vec<write_yaml::OutRow>,
) -> String {
    let name = req
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheet = summary
        .sheet
        .as_ref()
        .map(|s| format!("（工作表“{s}”）"))
        .unwrap_or_default();
    let comment = vec![
        format!(
            "由 gongshi import 从“{name}”{sheet}导入，共 {} {}。",
            rows.len(),
            req.kind.row_unit()
        ),
        "每条记录上方的“表中第 N 行”是原表格中的行号。".to_string(),
    ];
    let mut top = vec![("kind", Y::Text(req.kind.key().to_string()))];
    if req.kind == ImportKind::Beneficiaries {
        if let Some(p) = &req.program {
            top.push(("program", Y::Text(p.trim().to_string())));
        }
        if let Some(s) = req.standard.as_ref().filter(|s| !s.trim().is_empty()) {
            top.push(("standard", Y::Text(s.trim().to_string())));
        }
    }
    if let Some(year) = req.year {
        top.push(("year", Y::Plain(year.to_string())));
    }
    if let Some(p) = procedure {
        top.push(("procedure", Y::Plain(p.to_string())));
    }
    write_yaml::write_file(&comment, &top, &rows)
}

impl Summary {
    /// The closing line of a failed import.
    pub fn failure(&self, kind: ImportKind) -> String {
        let rows = if self.rows_with_errors > 0 {
            format!("，其中 {} 行有错误", self.rows_with_errors)
        } else {
            String::new()
        };
        format!(
            "导入失败：{}{rows}。没有写入任何文件；请改正表格后重新导入。",
            self.describe(kind)
        )
    }

    /// What was read, for the clerk: `读取 12 户（标题在第 2 行），跳过 3 个空行`.
    pub fn describe(&self, kind: ImportKind) -> String {
        let mut parts = Vec::new();
        let mut from = Vec::new();
        if let Some(s) = &self.sheet {
            from.push(format!("工作表“{s}”"));
        }
        if let Some(e) = self.encoding {
            from.push(format!("{e} 编码"));
        }
        if let Some(h) = self.header_row {
            from.push(format!("标题在第 {h} 行"));
        }
        let from = if from.is_empty() {
            String::new()
        } else {
            format!("（{}）", from.join("，"))
        };
        parts.push(format!("读取 {} {}{from}", self.rows, kind.row_unit()));
        if self.blank_rows > 0 {
            parts.push(format!("跳过 {} 个空行", self.blank_rows));
        }
        if self.total_rows > 0 {
            parts.push(format!("跳过 {} 个合计行", self.total_rows));
        }
        if self.footer_rows > 0 {
            parts.push(format!("跳过 {} 个表格下方的说明行", self.footer_rows));
        }
        let mut text = parts.join("，");
        if !self.other_sheets.is_empty() {
            text.push_str(&format!(
                "。\n工作簿中的其他工作表没有导入：{}（用 --sheet 工作表名 导入）",
                self.other_sheets.join("、")
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grid::Cell;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| GridRow {
                    number: i as u32 + 1,
                    cells: r
                        .iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.to_string())
                            }
                        })
                        .collect(),
                })
                .collect(),
            ..Grid::default()
        }
    }

    #[test]
    fn header_row_is_the_first_with_two_known_titles() {
        let g = grid(&[
            &["长沟村2014年贫困户名单"],
            &["填报单位：长沟村", "户主"],
            &["序号", "户主姓名", "身份证号码", "备注"],
            &["1", "张元义", "53062319700312001X", ""],
        ]);
        let h = headers::find_header(ImportKind::Households, &g).unwrap();
        assert_eq!(h.number, 3);
        assert_eq!(h.column_of("id_number").unwrap().column, 3);
        assert_eq!(h.unknown, vec![(4, "备注".to_string())]);
        // 序号, 户主姓名, 身份证号码 and 备注 are all titles of a beneficiaries list.
        assert_eq!(
            headers::likely_kind(ImportKind::Funds, &g),
            Some(ImportKind::Beneficiaries)
        );
    }

    #[test]
    fn blank_and_total_rows() {
        let g = grid(&[
            &["序号", "户主姓名", "身份证号"],
            &["7", "", ""],
            &["合 计", "", "3"],
        ]);
        let h = headers::find_header(ImportKind::Households, &g).unwrap();
        assert!(is_blank_data(&g.rows[1], &h));
        assert!(!is_blank_data(&g.rows[2], &h));
        assert_eq!(total_row_word(&g.rows[2]).as_deref(), Some("合计"));
    }
}
