//! Column titles as clerks write them, mapped to record fields; and finding the title
//! row under the sheet's own title.

use super::grid::{Grid, GridRow, clean_text, column_letter, fold_full_width};
use crate::model::money::MoneyUnit;

/// The record kinds a sheet can be imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ImportKind {
    Households,
    Villages,
    Projects,
    Funds,
    Beneficiaries,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Households,
        ImportKind::Villages,
        ImportKind::Projects,
        ImportKind::Funds,
        ImportKind::Beneficiaries,
    ];

    /// The `kind:` written in the record file.
    pub fn key(self) -> &'static str {
        match self {
            ImportKind::Households => "households",
            ImportKind::Villages => "villages",
            ImportKind::Projects => "projects",
            ImportKind::Funds => "funds",
            ImportKind::Beneficiaries => "beneficiaries",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Households => "贫困户名单",
            ImportKind::Villages => "贫困村名单",
            ImportKind::Projects => "项目",
            ImportKind::Funds => "资金台账",
            ImportKind::Beneficiaries => "补助对象名单",
        }
    }

    /// What one row is, for counts in messages.
    pub fn row_unit(self) -> &'static str {
        match self {
            ImportKind::Households => "户",
            ImportKind::Villages => "个村",
            ImportKind::Projects => "个项目",
            ImportKind::Funds => "笔资金",
            ImportKind::Beneficiaries => "人",
        }
    }

    /// `year:` is required in the record file.
    pub fn needs_year(self) -> bool {
        !matches!(self, ImportKind::Beneficiaries)
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            ImportKind::Households => HOUSEHOLDS,
            ImportKind::Villages => VILLAGES,
            ImportKind::Projects => PROJECTS,
            ImportKind::Funds => FUNDS,
            ImportKind::Beneficiaries => BENEFICIARIES,
        }
    }
}

/// What a column is to the importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A field of the record.
    Field,
    /// Read to find the region (a township name beside a village name), not written.
    Helper,
    /// Row numbers (序号): not data.
    Ignored,
    /// A figure `gongshi` computes itself (贫困发生率): not imported, said so.
    Derived,
}

#[derive(Debug)]
pub struct FieldSpec {
    /// The record field (`head`), or a dotted path for nested ones (`period.from`).
    pub key: &'static str,
    /// The title used in messages.
    pub title: &'static str,
    /// Other titles meaning the same, in normalized form (see [`normalize_title`]).
    pub aliases: &'static [&'static str],
    /// The column must be present (a few kinds have alternatives, checked there).
    pub required: bool,
    pub role: Role,
}

const fn field(
    key: &'static str,
    title: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> FieldSpec {
    FieldSpec {
        key,
        title,
        aliases,
        required,
        role: Role::Field,
    }
}

const SERIAL: FieldSpec = FieldSpec {
    key: "serial",
    title: "序号",
    aliases: &["序号", "序", "no", "no."],
    required: false,
    role: Role::Ignored,
};

const TOWNSHIP: FieldSpec = FieldSpec {
    key: "township",
    title: "乡镇",
    aliases: &["乡镇", "所属乡镇", "乡", "镇", "乡镇名称", "所在乡镇"],
    required: false,
    role: Role::Helper,
};

static HOUSEHOLDS: &[FieldSpec] = &[
    field(
        "head",
        "户主姓名",
        &["户主姓名", "户主", "户主名", "姓名"],
        true,
    ),
    field(
        "id_number",
        "身份证号",
        &[
            "身份证号",
            "身份证号码",
            "户主身份证号",
            "户主身份证号码",
            "公民身份号码",
            "身份证",
        ],
        true,
    ),
    field(
        "region",
        "所在村",
        &["所在村", "行政村", "村", "村名", "村委会", "所属村", "村别"],
        true,
    ),
    TOWNSHIP,
    field(
        "group",
        "村民小组",
        &["村民小组", "组", "小组", "所在组", "村小组"],
        false,
    ),
    field(
        "size",
        "家庭人口",
        &[
            "家庭人口",
            "人口数",
            "家庭人口数",
            "人口",
            "家庭人数",
            "人数",
        ],
        true,
    ),
    field(
        "income",
        "人均纯收入",
        &["人均纯收入", "家庭人均纯收入", "人均收入"],
        true,
    ),
    field(
        "category",
        "贫困户属性",
        &["贫困户属性", "属性", "贫困户类型", "贫困户类别"],
        true,
    ),
    field("causes", "致贫原因", &["致贫原因", "主要致贫原因"], false),
    field("measures", "帮扶措施", &["帮扶措施", "扶持措施"], false),
    field(
        "helper",
        "帮扶责任人",
        &["帮扶责任人", "帮扶人", "结对帮扶责任人"],
        false,
    ),
    field(
        "phone",
        "联系电话",
        &["联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"],
        false,
    ),
    // An adjustment list's rows (新识别, 返贫, 自然减少).
    field(
        "adjustment",
        "调整类型",
        &[
            "调整类型",
            "变动类型",
            "调整类别",
            "变动情况",
            "动态调整类型",
        ],
        false,
    ),
    // An exit list's 两不愁三保障 (see model::procedure::EXIT_CRITERIA).
    field("food", "不愁吃", &["不愁吃"], false),
    field("clothing", "不愁穿", &["不愁穿"], false),
    field(
        "education",
        "义务教育有保障",
        &["义务教育有保障", "义务教育保障", "义务教育"],
        false,
    ),
    field(
        "medical",
        "基本医疗有保障",
        &["基本医疗有保障", "基本医疗保障", "基本医疗"],
        false,
    ),
    field(
        "housing",
        "住房安全有保障",
        &["住房安全有保障", "住房安全保障", "住房安全"],
        false,
    ),
    // 备注 stays out: in a clerk's workbook it often holds what is not for the public
    // (illness, family matters); a note to publish is written in the record by hand.
    SERIAL,
];

static VILLAGES: &[FieldSpec] = &[
    field(
        "region",
        "村名",
        &["村名", "村", "行政村", "贫困村", "村名称", "所在村"],
        true,
    ),
    TOWNSHIP,
    field(
        "population",
        "总人口",
        &["总人口", "户籍人口", "人口", "总人口数"],
        true,
    ),
    field(
        "poor_population",
        "贫困人口",
        &["贫困人口", "贫困人口数", "建档立卡贫困人口"],
        true,
    ),
    field(
        "income",
        "农民人均纯收入",
        &["农民人均纯收入", "人均纯收入"],
        true,
    ),
    field(
        "collective_income",
        "村集体经济收入",
        &["村集体经济收入", "集体经济收入", "村集体收入", "集体收入"],
        true,
    ),
    field("class", "类别", &["类别", "贫困村类别", "分类"], false),
    FieldSpec {
        key: "incidence",
        title: "贫困发生率",
        aliases: &["贫困发生率"],
        required: false,
        role: Role::Derived,
    },
    FieldSpec {
        key: "criteria",
        title: "符合一高一低一无",
        aliases: &["符合一高一低一无", "一高一低一无"],
        required: false,
        role: Role::Derived,
    },
    SERIAL,
];

static PROJECTS: &[FieldSpec] = &[
    field("code", "项目编号", &["项目编号", "项目代码", "编号"], true),
    field("name", "项目名称", &["项目名称", "项目"], true),
    field(
        "region",
        "实施地点",
        &[
            "实施地点",
            "建设地点",
            "项目地点",
            "项目实施地点",
            "所在村",
            "村",
            "实施村",
        ],
        true,
    ),
    TOWNSHIP,
    field(
        "content",
        "建设内容",
        &["建设内容", "建设内容及规模", "项目内容"],
        true,
    ),
    field("scale", "建设规模", &["建设规模", "规模"], false),
    field(
        "implementer",
        "实施单位",
        &["实施单位", "项目实施单位", "建设单位"],
        true,
    ),
    field(
        "manager",
        "负责人",
        &["负责人", "项目负责人", "责任人"],
        true,
    ),
    field(
        "period",
        "建设期限",
        &["建设期限", "实施期限", "建设周期", "建设时间"],
        false,
    ),
    field(
        "period.from",
        "开工时间",
        &[
            "开工时间",
            "开工日期",
            "开始时间",
            "开始日期",
            "起始时间",
            "起始日期",
            "period_from",
        ],
        false,
    ),
    field(
        "period.to",
        "完工时间",
        &[
            "完工时间",
            "完工日期",
            "竣工时间",
            "竣工日期",
            "结束时间",
            "结束日期",
            "period_to",
        ],
        false,
    ),
    field(
        "status",
        "项目状态",
        &["项目状态", "状态", "进度", "项目进度"],
        true,
    ),
    field(
        "funds",
        "资金来源",
        &["资金来源", "资金来源及金额", "资金构成"],
        true,
    ),
    field(
        "total",
        "总投资",
        &[
            "总投资",
            "投资总额",
            "项目总投资",
            "总金额",
            "投资额",
            "金额",
        ],
        false,
    ),
    field("subsidy_standard", "补助标准", &["补助标准"], false),
    field("goals", "绩效目标", &["绩效目标"], false),
    field(
        "mechanism",
        "带贫减贫机制",
        &["带贫减贫机制", "带贫机制", "减贫机制", "利益联结机制"],
        false,
    ),
    field(
        "beneficiaries.households",
        "受益户数",
        &["受益户数", "受益农户", "受益户", "受益农户数"],
        false,
    ),
    field(
        "beneficiaries.people",
        "受益人数",
        &["受益人数", "受益人口", "受益人口数"],
        false,
    ),
    field(
        "beneficiaries.poor_households",
        "受益贫困户数",
        &["受益贫困户数", "受益贫困户", "其中贫困户", "其中贫困户数"],
        false,
    ),
    field(
        "beneficiaries.poor_people",
        "受益贫困人数",
        &[
            "受益贫困人数",
            "受益贫困人口",
            "其中贫困人口",
            "其中贫困人数",
        ],
        false,
    ),
    SERIAL,
];

static FUNDS: &[FieldSpec] = &[
    field(
        "date",
        "日期",
        &["日期", "下达日期", "拨付日期", "下达时间"],
        true,
    ),
    field(
        "source",
        "资金来源",
        &["资金来源", "资金名称", "资金性质"],
        true,
    ),
    field(
        "document",
        "文号",
        &["文号", "下达文号", "文件号", "指标文号"],
        false,
    ),
    field("project", "项目编号", &["项目编号", "项目"], false),
    field(
        "allocated",
        "下达金额",
        &[
            "下达金额",
            "下达资金",
            "下达",
            "计划金额",
            "安排金额",
            "指标金额",
        ],
        true,
    ),
    field(
        "disbursed",
        "已拨付金额",
        &[
            "已拨付金额",
            "已拨付",
            "拨付金额",
            "拨付",
            "支出金额",
            "已支出",
        ],
        true,
    ),
    field("purpose", "用途", &["用途", "资金用途"], false),
    SERIAL,
];

static BENEFICIARIES: &[FieldSpec] = &[
    field(
        "name",
        "姓名",
        &["姓名", "户主姓名", "户主", "补助对象", "受益人"],
        true,
    ),
    field(
        "id_number",
        "身份证号",
        &["身份证号", "身份证号码", "公民身份号码", "身份证"],
        false,
    ),
    field(
        "region",
        "所在村",
        &["所在村", "行政村", "村", "村名"],
        false,
    ),
    TOWNSHIP,
    field(
        "amount",
        "补助金额",
        &["补助金额", "金额", "补助资金", "发放金额"],
        true,
    ),
    field(
        "bank_account",
        "银行账号",
        &[
            "银行账号",
            "银行卡号",
            "账号",
            "一折通账号",
            "惠农一卡通账号",
            "卡号",
        ],
        false,
    ),
    field("note", "备注", &["备注", "改造方式"], false),
    SERIAL,
];

/// A column title in comparable form, and the money unit it names, if any:
/// `人均纯收入（元）` → (`人均纯收入`, 元); `* 户主\n姓名` → `户主姓名`; `ID_Number` → `id_number`.
pub fn normalize_title(text: &str) -> (String, Option<MoneyUnit>) {
    let mut t: String = fold_full_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    t = t.trim_matches(|c| c == '*' || c == ':').to_string();
    let mut unit = None;
    loop {
        let (open, close) = match t.chars().last() {
            Some(')') => ('(', ')'),
            Some(']') => ('[', ']'),
            Some('】') => ('【', '】'),
            _ => break,
        };
        let Some(start) = t.rfind(open) else { break };
        let inner = t[start + open.len_utf8()..t.len() - close.len_utf8()].to_string();
        unit = unit.or_else(|| unit_in(&inner));
        t.truncate(start);
    }
    for suffix in ["/万元", "/元"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            unit = unit.or_else(|| unit_in(suffix));
            t = rest.to_string();
        }
    }
    (t.trim_matches(|c| c == '*' || c == ':').to_string(), unit)
}

fn unit_in(text: &str) -> Option<MoneyUnit> {
    if text.contains("万元") {
        Some(MoneyUnit::TenThousandYuan)
    } else if text.contains('元') {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// The field a title names for `kind`, by alias or by the English field name.
pub fn lookup(kind: ImportKind, normalized: &str) -> Option<&'static FieldSpec> {
    if normalized.is_empty() {
        return None;
    }
    let fields = kind.fields();
    fields
        .iter()
        .find(|f| f.key == normalized)
        .or_else(|| fields.iter().find(|f| f.aliases.contains(&normalized)))
}

/// One mapped column.
#[derive(Debug, Clone)]
pub struct Column {
    pub column: u32,
    pub spec: &'static FieldSpec,
    /// The title as written in the sheet.
    pub title: String,
    /// The money unit the title names (`总投资（万元）`), for bare numbers below it.
    pub unit: Option<MoneyUnit>,
}

/// The title row and what each of its columns means.
#[derive(Debug, Clone)]
pub struct HeaderRow {
    /// Index into `Grid::rows`.
    pub index: usize,
    /// The row number the spreadsheet shows.
    pub number: u32,
    pub columns: Vec<Column>,
    /// Columns with a title that names no field: (column, title).
    pub unknown: Vec<(u32, String)>,
}

impl HeaderRow {
    pub fn column_of(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.spec.key == key)
    }
}

/// How many cells of `row` are titles known for `kind`.
fn known_titles(kind: ImportKind, row: &GridRow) -> usize {
    row.cells
        .iter()
        .filter(|c| lookup(kind, &normalize_title(&c.display()).0).is_some())
        .count()
}

/// The first row with at least two titles known for `kind` (a sheet often has its own
/// title and a unit line above the table).
pub fn find_header(kind: ImportKind, grid: &Grid) -> Option<HeaderRow> {
    let index = grid
        .rows
        .iter()
        .position(|row| known_titles(kind, row) >= 2)?;
    let row = &grid.rows[index];
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let column = i as u32 + 1;
        let title = clean_text(&cell.display());
        if title.is_empty() {
            continue;
        }
        let (normalized, unit) = normalize_title(&title);
        match lookup(kind, &normalized) {
            Some(spec) => columns.push(Column {
                column,
                spec,
                title,
                unit,
            }),
            None => unknown.push((column, title)),
        }
    }
    Some(HeaderRow {
        index,
        number: row.number,
        columns,
        unknown,
    })
}

/// How many cells of `row` name a field (not a row number) of `kind`.
fn field_titles(kind: ImportKind, row: &GridRow) -> usize {
    row.cells
        .iter()
        .filter(|c| {
            lookup(kind, &normalize_title(&c.display()).0)
                .is_some_and(|f| matches!(f.role, Role::Field | Role::Helper))
        })
        .count()
}

/// Another kind whose fields the title row names clearly more of: (kind, its count,
/// `kind`'s count).
pub fn better_kind(kind: ImportKind, row: &GridRow) -> Option<(ImportKind, usize, usize)> {
    let ours = field_titles(kind, row);
    ImportKind::ALL
        .into_iter()
        .filter(|&k| k != kind)
        .map(|k| (field_titles(k, row), k))
        .filter(|&(n, _)| n >= 3 && n >= ours + 2)
        .max_by_key(|&(n, k)| (n, std::cmp::Reverse(k)))
        .map(|(n, k)| (k, n, ours))
}

/// Another kind whose titles the sheet matches, when it matches none of `kind`'s:
/// the clerk probably picked the wrong `--kind`.
pub fn likely_kind(kind: ImportKind, grid: &Grid) -> Option<ImportKind> {
    ImportKind::ALL
        .into_iter()
        .filter(|&k| k != kind)
        .map(|k| {
            let best = grid
                .rows
                .iter()
                .map(|r| known_titles(k, r))
                .max()
                .unwrap_or(0);
            (best, k)
        })
        .filter(|&(n, _)| n >= 3)
        .max_by_key(|&(n, k)| (n, std::cmp::Reverse(k)))
        .map(|(_, k)| k)
}

/// `C 列（身份证号）`, for messages.
pub fn describe_column(column: u32, title: &str) -> String {
    if title.is_empty() {
        format!("{} 列", column_letter(column))
    } else {
        format!("{} 列（{title}）", column_letter(column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalize() {
        assert_eq!(
            normalize_title("人均纯收入（元）"),
            ("人均纯收入".into(), Some(MoneyUnit::Yuan))
        );
        assert_eq!(
            normalize_title("总投资(万元)"),
            ("总投资".into(), Some(MoneyUnit::TenThousandYuan))
        );
        assert_eq!(normalize_title("* 户主\n姓名"), ("户主姓名".into(), None));
        assert_eq!(normalize_title("ID_Number"), ("id_number".into(), None));
        assert_eq!(normalize_title("乡（镇）"), ("乡".into(), None));
        assert_eq!(
            normalize_title("金额/万元"),
            ("金额".into(), Some(MoneyUnit::TenThousandYuan))
        );
    }

    #[test]
    fn every_alias_is_normalized_and_unique_within_a_kind() {
        for kind in ImportKind::ALL {
            let mut seen = std::collections::BTreeSet::new();
            for f in kind.fields() {
                for a in f.aliases.iter().chain([&f.key]) {
                    assert_eq!(normalize_title(a).0, *a, "{a} is not normalized");
                    assert!(seen.insert(*a), "{a} twice in {}", kind.key());
                }
            }
        }
    }
}
