//! The columns each kind of record can show in a notice's table, with the titles
//! readers see. Checks use it to validate `columns:`; rendering to build tables.

use crate::model::procedure::Procedure;

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub key: &'static str,
    pub title: &'static str,
    /// Right-aligned figures.
    pub numeric: bool,
    /// Shown when a notice does not list `columns:`. Personal numbers never are.
    pub default: bool,
}

const fn col(key: &'static str, title: &'static str, numeric: bool, default: bool) -> ColumnSpec {
    ColumnSpec {
        key,
        title,
        numeric,
        default,
    }
}

const HOUSEHOLDS: &[ColumnSpec] = &[
    col("head", "户主姓名", false, true),
    col("id_number", "身份证号", false, false),
    col("region", "所在村", false, false),
    col("group", "村民小组", false, true),
    col("size", "家庭人口", true, true),
    col("income", "人均纯收入(元)", true, false),
    col("category", "贫困户属性", false, true),
    col("causes", "致贫原因", false, true),
    col("measures", "帮扶措施", false, false),
    col("helper", "帮扶责任人", false, false),
    col("phone", "联系电话", false, false),
    col("adjustment", "调整类型", false, false),
    col("food", "不愁吃", false, false),
    col("clothing", "不愁穿", false, false),
    col("education", "义务教育有保障", false, false),
    col("medical", "基本医疗有保障", false, false),
    col("housing", "住房安全有保障", false, false),
    col("note", "备注", false, false),
];

const VILLAGES: &[ColumnSpec] = &[
    col("region", "村名", false, true),
    col("township", "所属乡镇", false, true),
    col("population", "总人口", true, true),
    col("poor_population", "贫困人口", true, true),
    col("income", "农民人均纯收入(元)", true, true),
    col("collective_income", "村集体经济收入(元)", true, true),
    col("incidence", "贫困发生率", true, true),
    col("criteria", "符合一高一低一无", false, true),
    col("class", "类别", false, true),
    col("meets_exit", "达到退出标准", false, false),
    col("note", "备注", false, false),
];

const PROJECTS: &[ColumnSpec] = &[
    col("code", "项目编号", false, true),
    col("name", "项目名称", false, true),
    col("region", "实施地点", false, true),
    col("content", "建设内容", false, true),
    col("scale", "建设规模", false, false),
    col("implementer", "实施单位", false, false),
    col("manager", "负责人", false, false),
    col("period", "建设期限", false, false),
    col("status", "项目状态", false, true),
    col("funds", "资金来源", false, false),
    col("total", "总投资", true, true),
    col("subsidy_standard", "补助标准", false, false),
    col("goals", "绩效目标", false, false),
    col("mechanism", "带贫减贫机制", false, false),
];

const FUNDS: &[ColumnSpec] = &[
    col("date", "日期", false, true),
    col("source", "资金来源", false, true),
    col("document", "文号", false, true),
    col("project", "项目", false, true),
    col("allocated", "下达金额", true, true),
    col("disbursed", "已拨付金额", true, true),
    col("purpose", "用途", false, true),
];

const BENEFICIARIES: &[ColumnSpec] = &[
    col("name", "姓名", false, true),
    col("id_number", "身份证号", false, false),
    col("region", "所在村", false, true),
    col("amount", "补助金额", true, true),
    col("bank_account", "银行账号", false, false),
    col("note", "备注", false, true),
];

/// Columns of a typed record kind; `table` files declare their own.
pub fn columns_for(kind: &str) -> &'static [ColumnSpec] {
    match kind {
        "households" => HOUSEHOLDS,
        "villages" => VILLAGES,
        "projects" => PROJECTS,
        "funds" => FUNDS,
        "beneficiaries" => BENEFICIARIES,
        _ => &[],
    }
}

/// The columns shown when a notice does not choose them: the kind's defaults, or,
/// for an exit or adjustment list, what each row is decided by (an exit's income and
/// 两不愁三保障, an adjustment's type).
pub fn default_columns(kind: &str, procedure: Procedure) -> Vec<&'static ColumnSpec> {
    let keys: &[&str] = match (kind, procedure) {
        ("households", Procedure::Exit) => &[
            "head",
            "group",
            "size",
            "income",
            "food",
            "clothing",
            "education",
            "medical",
            "housing",
        ],
        ("households", Procedure::Adjustment) => {
            &["head", "group", "size", "category", "adjustment", "note"]
        }
        ("villages", Procedure::Exit) => &[
            "region",
            "township",
            "population",
            "poor_population",
            "incidence",
            "meets_exit",
            "note",
        ],
        _ => return columns_for(kind).iter().filter(|c| c.default).collect(),
    };
    keys.iter()
        .filter_map(|k| columns_for(kind).iter().find(|c| c.key == *k))
        .collect()
}

/// Keys whose values are personal numbers and must be masked wherever they appear,
/// including in free `table` files, where a clerk names columns as the spreadsheet
/// did: `身份证号码`, `证件号码`, `手机号码`, `联系电话`, `银行卡号`, `card_no`, `phone`…
pub fn personal_number_kind(key: &str) -> Option<PersonalNumber> {
    let key = key.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    // English keys by their words, so `project_id` or `cardinal` are not taken.
    let words: Vec<&str> = key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let word = |options: &[&str]| words.iter().any(|w| options.contains(w));
    let id_first = words.first() == Some(&"id")
        && (words.len() == 1 || word(&["number", "no", "num", "card", "code"]));
    if has(&["身份证", "证件号", "证件号码", "公民身份"])
        || id_first
        || word(&["idcard", "idno", "sfz", "sfzh"])
    {
        Some(PersonalNumber::IdNumber)
    } else if has(&["手机", "电话", "联系方式"])
        || word(&["phone", "mobile", "tel", "telephone", "cellphone"])
    {
        Some(PersonalNumber::Phone)
    } else if has(&["银行", "账号", "帐号", "账户", "卡号"])
        || word(&["card", "account", "acct", "bank", "iban"])
    {
        Some(PersonalNumber::BankAccount)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalNumber {
    IdNumber,
    Phone,
    BankAccount,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_columns_are_known_by_the_names_spreadsheets_give_them() {
        use PersonalNumber::*;
        for (key, kind) in [
            ("id_number", IdNumber),
            ("id", IdNumber),
            ("身份证号", IdNumber),
            ("身份证号码", IdNumber),
            ("证件号码", IdNumber),
            ("ID_No", IdNumber),
            ("idcard", IdNumber),
            ("phone", Phone),
            ("手机", Phone),
            ("手机号码", Phone),
            ("联系电话", Phone),
            ("电话", Phone),
            ("mobile_phone", Phone),
            ("bank_account", BankAccount),
            ("银行卡号", BankAccount),
            ("银行账号", BankAccount),
            ("账号", BankAccount),
            ("card_no", BankAccount),
            ("account", BankAccount),
        ] {
            assert_eq!(personal_number_kind(key), Some(kind), "{key}");
        }
        for key in [
            "head",
            "name",
            "户主姓名",
            "project_id",
            "金额",
            "cardinal",
            "村民小组",
            "note",
        ] {
            assert_eq!(personal_number_kind(key), None, "{key}");
        }
    }
}
