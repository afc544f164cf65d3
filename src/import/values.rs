//! One cell to one value of a record field, or the reason it cannot be: the rules of
//! `gongshi check` applied at the cell, worded for the clerk at the spreadsheet.

use super::grid::{Cell, clean_text, fold_full_width, number_text};
use crate::model::date::Day;
use crate::model::money::{Money, MoneyUnit};
use crate::model::region::{RegionTree, is_region_code};
use crate::privacy::id_number::validate_id_number;
use std::collections::HashMap;

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            code,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

pub type Conv<T> = Result<T, Problem>;

/// Excel keeps 15 significant digits of a number: a longer number typed into a cell
/// that is not formatted as text has lost the rest.
const EXCEL_EXACT_BELOW: f64 = 1e15;

/// `5.30623E+17`: how Excel writes such a number into a CSV.
fn is_scientific(text: &str) -> bool {
    let t = text.trim();
    let Some((mantissa, exponent)) = t.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

fn lost_digits(what: &str) -> Problem {
    Problem::new(
        "import-number-lost-digits",
        format!("{what}被 Excel 存成了数字，后几位已丢失；请把该列设为文本后重新输入"),
    )
    .help("在 Excel/WPS 中选中这一列 → 设置单元格格式 → 文本，再重新输入号码（或在号码前加英文单引号 '）")
}

/// Plain text of a cell; Excel error values are problems.
pub fn text(cell: &Cell) -> Conv<String> {
    match cell {
        Cell::Error(e) => Err(Problem::new(
            "import-cell-error",
            format!("单元格是 Excel 错误值 {e}"),
        )
        .help("改正表格中的公式或数据后重新导入")),
        other => Ok(other.display()),
    }
}

/// A yes-or-no cell, as an exit list records each of 两不愁三保障: 是/否, √/×, 达标/不达标,
/// or a checkbox (Excel's TRUE/FALSE).
pub fn yes_no(cell: &Cell) -> Conv<bool> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    let t = text(cell)?;
    match t.trim() {
        "是" | "√" | "✓" | "✔" | "达标" | "有保障" | "已保障" | "Y" | "y" | "yes" | "Yes"
        | "YES" | "TRUE" | "true" => Ok(true),
        "否" | "×" | "✗" | "✘" | "不达标" | "未达标" | "无保障" | "未保障" | "N" | "n" | "no"
        | "No" | "NO" | "FALSE" | "false" => Ok(false),
        other => Err(
            Problem::new("import-yes-no-invalid", format!("“{other}”不是“是”或“否”"))
                .help("写“是”或“否”（也认 √ 和 ×、达标和不达标）"),
        ),
    }
}

/// A person's name. Names padded to line up (`张  三`) lose the padding.
pub fn person_name(cell: &Cell) -> Conv<String> {
    let name = text(cell)?;
    let is_cjk_or_space = |c: char| c.is_whitespace() || ('\u{3400}'..='\u{9fff}').contains(&c);
    if name.chars().all(is_cjk_or_space) {
        Ok(name.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Ok(name)
    }
}

/// A long number kept as text: full-width digits folded, spaces and Excel's leading
/// apostrophe dropped. A cell Excel holds as a number is accepted only while it is
/// still exact.
fn number_like_text(cell: &Cell, what: &str, number_ok: bool) -> Conv<String> {
    match cell {
        Cell::Number(n) => {
            if number_ok && n.fract() == 0.0 && n.abs() < EXCEL_EXACT_BELOW {
                Ok(number_text(*n))
            } else {
                Err(lost_digits(what))
            }
        }
        other => {
            let t = fold_full_width(&text(other)?);
            let t: String = t
                .trim()
                .trim_start_matches('\'')
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if is_scientific(&t) {
                Err(lost_digits(what))
            } else {
                Ok(t)
            }
        }
    }
}

/// An 18-character resident identity number with a valid check character.
pub fn id_number(cell: &Cell) -> Conv<String> {
    let t = number_like_text(cell, "身份证号", false)?;
    let t = t.to_ascii_uppercase();
    validate_id_number(&t).map_err(|p| {
        Problem::new(
            "id-number-invalid",
            format!("{}（表中为“{t}”）", p.message()),
        )
        .help("身份证号应为 18 位：6 位地区码 + 8 位出生日期 + 3 位顺序码 + 1 位校验码")
    })?;
    Ok(t)
}

/// A mobile or landline number.
pub fn phone(cell: &Cell) -> Conv<String> {
    let t = match cell {
        Cell::Number(_) => number_like_text(cell, "电话号码", true)?,
        other => fold_full_width(&text(other)?).trim().to_string(),
    };
    if is_scientific(&t) {
        return Err(lost_digits("电话号码"));
    }
    if !crate::check::is_phone_number(&t) {
        return Err(
            Problem::new("phone-invalid", format!("电话号码“{t}”格式不对"))
                .help("手机号写 11 位数字；固定电话写区号-号码，如 0870-1234567"),
        );
    }
    Ok(t)
}

/// A bank account: digits only (spaces and `-` between groups dropped).
pub fn bank_account(cell: &Cell) -> Conv<String> {
    let t = number_like_text(cell, "银行账号", true)?;
    let digits: String = t.chars().filter(|&c| c != '-').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::new(
            "import-bank-account-invalid",
            format!("银行账号“{t}”只能由数字组成"),
        ));
    }
    Ok(digits)
}

/// A code such as a project number: text, or a number Excel holds exactly.
pub fn code(cell: &Cell, what: &str) -> Conv<String> {
    number_like_text(cell, what, true)
}

/// A whole number of people, households and the like: `4`, `4人`, `1,290`.
pub fn count(cell: &Cell, what: &str) -> Conv<u32> {
    let bad = |shown: &str| {
        Problem::new(
            "import-count-invalid",
            format!("{what}应为不小于 0 的整数，这里是“{shown}”"),
        )
    };
    match cell {
        Cell::Number(n) => {
            if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) {
                Ok(*n as u32)
            } else {
                Err(bad(&number_text(*n)))
            }
        }
        other => {
            let shown = text(other)?;
            let t = fold_full_width(&shown);
            let t = t.trim().trim_end_matches(['人', '户', '个', '口']).trim();
            let t = strip_thousands(t).unwrap_or_else(|| t.to_string());
            t.parse::<u32>().map_err(|_| bad(&shown))
        }
    }
}

/// `1,234,567.5` → `1234567.5`; `None` when the text is not grouped that way.
fn strip_thousands(t: &str) -> Option<String> {
    if !t.contains(',') {
        return None;
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let groups: Vec<&str> = int.split(',').collect();
    let ok = (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && frac.chars().all(|c| c.is_ascii_digit());
    ok.then(|| {
        let mut s = groups.concat();
        if t.contains('.') {
            s.push('.');
            s.push_str(frac);
        }
        s
    })
}

/// A money amount and how to write it: a bare number (元) stays a number, anything
/// with a unit becomes quoted text with its unit (`"46.3万元"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyValue {
    pub money: Money,
    /// The text to write, without quotes.
    pub text: String,
    /// Whether the text must be quoted (it carries a unit).
    pub with_unit: bool,
}

/// A money amount. A bare figure is in the unit the column title names
/// (`总投资（万元）`), else in 元.
pub fn money(cell: &Cell, title_unit: Option<MoneyUnit>) -> Conv<MoneyValue> {
    let written = match cell {
        Cell::Number(n) => number_text(*n),
        other => text(other)?,
    };
    money_text(&written, title_unit)
}

pub fn money_text(written: &str, title_unit: Option<MoneyUnit>) -> Conv<MoneyValue> {
    let t = fold_full_width(written);
    let t = t.trim().trim_start_matches(['¥', '￥']).trim();
    let (number, unit) = if let Some(n) = t.strip_suffix("万元") {
        (n.trim(), Some(MoneyUnit::TenThousandYuan))
    } else if let Some(n) = t.strip_suffix('元') {
        (n.trim(), Some(MoneyUnit::Yuan))
    } else {
        (t, None)
    };
    let number = strip_thousands(number).unwrap_or_else(|| number.to_string());
    if !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        let hint = if number.starts_with('-') {
            "金额不能为负数"
        } else {
            "应写成数字（单位为元），或带单位，如 10000元、46.3万元"
        };
        return Err(Problem::new(
            "import-money-invalid",
            format!("金额“{written}”无法识别：{hint}"),
        ));
    }
    let unit_written = unit.is_some();
    let unit = unit.or(title_unit).unwrap_or(MoneyUnit::Yuan);
    let text = format!("{number}{}", unit.label());
    let parsed: Money = text.parse().map_err(|_| {
        Problem::new(
            "import-money-invalid",
            format!(
                "金额“{written}”无法识别：应写成数字（单位为元），或带单位，如 10000元、46.3万元"
            ),
        )
    })?;
    // A plain decimal in 元 stays a YAML number, as clerks write it by hand.
    let plain = !unit_written
        && unit == MoneyUnit::Yuan
        && (number == "0" || !number.starts_with('0') || number.starts_with("0."));
    Ok(if plain {
        MoneyValue {
            money: parsed,
            text: number,
            with_unit: false,
        }
    } else {
        MoneyValue {
            money: parsed,
            text,
            with_unit: true,
        }
    })
}

/// A calendar day: a date cell, `2014-05-10`, `2014/5/10`, `2014.5.10`,
/// `2014年5月10日`, `20140510`, or an Excel serial day number.
pub fn date(cell: &Cell) -> Conv<Day> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 => {
            let n = *n as i64;
            if (19000101..=21001231).contains(&n) {
                return date_text(&n.to_string());
            }
            if (1..2958466).contains(&n) {
                // Excel's 1900 date system counts from 1899-12-30 for every date after
                // its phantom 29 February 1900.
                let base = jiff::civil::date(1899, 12, 30);
                if let Ok(d) = base.checked_add(jiff::Span::new().days(n)) {
                    return Ok(Day(d));
                }
            }
            Err(bad_date(&number_text(n as f64)))
        }
        other => date_text(&text(other)?),
    }
}

fn bad_date(shown: &str) -> Problem {
    Problem::new(
        "import-date-invalid",
        format!("日期“{shown}”无法识别：应写成 YYYY-MM-DD，如 2014-05-10"),
    )
}

pub fn date_text(shown: &str) -> Conv<Day> {
    let t = fold_full_width(shown);
    let t = t.trim();
    let parts: Vec<&str> = if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        vec![&t[0..4], &t[4..6], &t[6..8]]
    } else {
        t.split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect()
    };
    if parts.len() != 3
        || parts[0].len() != 4
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad_date(shown));
    }
    Day::parse(&format!("{}-{}-{}", parts[0], parts[1], parts[2])).map_err(|_| {
        Problem::new(
            "import-date-invalid",
            format!("日期“{shown}”不存在（请核对月份和日）"),
        )
    })
}

/// `2013-04-01至2014-06-30` (also `到`, `~`, `—`).
pub fn period_text(shown: &str) -> Conv<(Day, Day)> {
    let t = fold_full_width(shown);
    let t = t.trim();
    let split = ["至", "到", "~", "～", "—", "–", "--"]
        .iter()
        .find_map(|sep| t.split_once(sep))
        .or_else(|| {
            // ISO on both sides: the third of five hyphens.
            let hyphens: Vec<usize> = t.match_indices('-').map(|(i, _)| i).collect();
            (hyphens.len() == 5).then(|| (&t[..hyphens[2]], &t[hyphens[2] + 1..]))
        });
    let Some((from, to)) = split else {
        return Err(Problem::new(
            "import-period-invalid",
            format!("建设期限“{shown}”无法识别"),
        )
        .help("写成 2013-04-01至2014-06-30，或分成“开工时间”“完工时间”两列"));
    };
    Ok((date_text(from)?, date_text(to)?))
}

/// Splits a cell listing several items: `因病、缺技术`, `因病,缺技术`, `因病 缺技术`.
pub fn split_list(t: &str) -> Vec<String> {
    t.split(|c: char| {
        matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '／' | '|') || c.is_whitespace()
    })
    .map(clean_text)
    .filter(|s| !s.is_empty())
    .collect()
}

/// Looks village (and township) names up in the site's region tree.
pub struct RegionResolver<'a> {
    tree: Option<&'a RegionTree>,
    by_name: HashMap<String, Vec<String>>,
}

impl<'a> RegionResolver<'a> {
    pub fn new(tree: Option<&'a RegionTree>) -> RegionResolver<'a> {
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(tree) = tree {
            for r in tree.iter() {
                by_name
                    .entry(r.name.clone())
                    .or_default()
                    .push(r.code.clone());
                if let Some(parent) = r.parent.as_deref().and_then(|p| tree.get(p)) {
                    by_name
                        .entry(format!("{}{}", parent.name, r.name))
                        .or_default()
                        .push(r.code.clone());
                }
            }
        }
        RegionResolver { tree, by_name }
    }

    /// The 12-digit code for a code or a name; `township` (a name) narrows names
    /// that occur in more than one township.
    pub fn resolve(&self, written: &str, township: Option<&str>) -> Conv<String> {
        let t = fold_full_width(written);
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if is_region_code(&t) {
            return match self.tree {
                Some(tree) if tree.get(&t).is_none() => Err(Problem::new(
                    "region-unknown",
                    format!("区划代码“{t}”不在 site.yaml 的 regions 中"),
                )
                .help("核对代码，或在 site.yaml 的 regions 下补上这个村/乡镇")),
                _ => Ok(t),
            };
        }
        let Some(tree) = self.tree else {
            return Err(Problem::new(
                "import-region-needs-site",
                format!("“{written}”不是 12 位区划代码；不在站点目录中，无法按村名查找代码"),
            )
            .help("在站点目录中运行（或用 --root 指定站点目录），或在表中填写 12 位区划代码"));
        };
        let mut names = vec![t.clone()];
        if !t.ends_with('村') {
            names.push(format!("{t}村"));
        }
        for suffix in ["村民委员会", "村委会"] {
            if let Some(stem) = t.strip_suffix(suffix) {
                names.push(format!("{stem}村"));
            }
        }
        let mut found: Vec<&String> = names
            .iter()
            .filter_map(|n| self.by_name.get(n))
            .flatten()
            .collect();
        found.sort();
        found.dedup();
        if let Some(township) = township.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            let within: Vec<&String> = found
                .iter()
                .copied()
                .filter(|code| {
                    tree.lineage(code)
                        .skip(1)
                        .any(|r| r.name == township || r.code == township)
                })
                .collect();
            if !within.is_empty() || !found.is_empty() {
                if within.is_empty() {
                    return Err(Problem::new(
                        "import-region-not-in-township",
                        format!("乡镇“{township}”下没有“{written}”"),
                    )
                    .help(format!(
                        "site.yaml 中的“{written}”：{}",
                        self.describe(tree, &found)
                    )));
                }
                found = within;
            }
        }
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Problem::new(
                "import-region-name-unknown",
                format!("site.yaml 的 regions 中没有名为“{written}”的村或乡镇"),
            )
            .help("核对村名（与 site.yaml 中写法一致），或填写 12 位区划代码，或在 site.yaml 的 regions 下补上这个村")),
            many => Err(Problem::new(
                "import-region-name-ambiguous",
                format!("名为“{written}”的地方不止一个：{}", self.describe(tree, many)),
            )
            .help("在表中加一列“乡镇”，或直接填写 12 位区划代码")),
        }
    }

    fn describe(&self, tree: &RegionTree, codes: &[&String]) -> String {
        codes
            .iter()
            .map(|code| {
                let path: Vec<&str> = tree
                    .lineage(code)
                    .take(2)
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("{}（{code}）", path.join(""))
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::region::RegionNode;

    fn num(n: f64) -> Cell {
        Cell::Number(n)
    }
    fn txt(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn ids_as_numbers_are_refused() {
        let p = id_number(&num(5.30623198001011e17)).unwrap_err();
        assert_eq!(p.code, "import-number-lost-digits");
        assert!(
            p.message
                .contains("身份证号被 Excel 存成了数字，后几位已丢失")
        );
        assert_eq!(
            id_number(&txt("5.30623E+17")).unwrap_err().code,
            "import-number-lost-digits"
        );
        assert_eq!(
            id_number(&txt(" 11010519491231002x ")).unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            id_number(&txt("'530623198001011260")).unwrap(),
            "530623198001011260"
        );
        let bad = id_number(&txt("530623198001011261")).unwrap_err();
        assert_eq!(bad.code, "id-number-invalid");
        assert!(bad.message.contains("校验码错误"), "{bad:?}");
    }

    #[test]
    fn phones_and_accounts() {
        assert_eq!(phone(&num(13800001234.0)).unwrap(), "13800001234");
        assert_eq!(phone(&txt("0870-1234567")).unwrap(), "0870-1234567");
        assert_eq!(phone(&txt("1380000123")).unwrap_err().code, "phone-invalid");
        assert_eq!(
            bank_account(&num(6.228480012345679e18)).unwrap_err().code,
            "import-number-lost-digits"
        );
        assert_eq!(
            bank_account(&txt("6228 4800 1234 5678 901")).unwrap(),
            "6228480012345678901"
        );
    }

    #[test]
    fn money_units_from_cell_or_title() {
        let m = money(&num(2150.0), None).unwrap();
        assert_eq!((m.text.as_str(), m.with_unit), ("2150", false));
        let m = money(&num(79.72), Some(MoneyUnit::TenThousandYuan)).unwrap();
        assert_eq!((m.text.as_str(), m.with_unit), ("79.72万元", true));
        let m = money(&txt("46.3万元"), Some(MoneyUnit::Yuan)).unwrap();
        assert_eq!(m.text, "46.3万元");
        let m = money(&txt("1,234.50"), None).unwrap();
        assert_eq!(m.text, "1234.50");
        assert_eq!(
            money(&txt("3万"), None).unwrap_err().code,
            "import-money-invalid"
        );
        assert!(
            money(&num(-5.0), None)
                .unwrap_err()
                .message
                .contains("负数")
        );
    }

    #[test]
    fn dates_in_clerks_forms() {
        for t in [
            "2014-05-10",
            "2014/5/10",
            "2014.5.10",
            "2014年5月10日",
            "20140510",
        ] {
            assert_eq!(date(&txt(t)).unwrap().iso(), "2014-05-10", "{t}");
        }
        assert_eq!(date(&num(41769.0)).unwrap().iso(), "2014-05-10");
        assert_eq!(date(&num(20140510.0)).unwrap().iso(), "2014-05-10");
        assert!(date(&txt("2014-02-30")).is_err());
        let (a, b) = period_text("2013-04-01至2014-06-30").unwrap();
        assert_eq!(
            (a.iso(), b.iso()),
            ("2013-04-01".into(), "2014-06-30".into())
        );
        let (a, b) = period_text("2013-04-01-2014-06-30").unwrap();
        assert_eq!(
            (a.iso(), b.iso()),
            ("2013-04-01".into(), "2014-06-30".into())
        );
    }

    #[test]
    fn lists_split_on_chinese_and_ascii_separators() {
        assert_eq!(split_list("因病、缺技术"), ["因病", "缺技术"]);
        assert_eq!(
            split_list("因病，缺技术;缺资金／因学 因残"),
            ["因病", "缺技术", "缺资金", "因学", "因残"]
        );
    }

    #[test]
    fn counts() {
        assert_eq!(count(&num(4.0), "家庭人口").unwrap(), 4);
        assert_eq!(count(&txt("4人"), "家庭人口").unwrap(), 4);
        assert_eq!(count(&txt("1,290"), "总人口").unwrap(), 1290);
        assert!(count(&num(4.5), "家庭人口").is_err());
    }

    #[test]
    fn region_names_resolve_against_the_tree() {
        let yaml = r#"
- code: "530623000000"
  name: 县
  children:
    - code: "530623101000"
      name: 甲乡
      children:
        - { code: "530623101201", name: 长沟村 }
        - { code: "530623101202", name: 河口村 }
    - code: "530623102000"
      name: 乙镇
      children:
        - { code: "530623102201", name: 河口村 }
"#;
        let nodes: Vec<RegionNode> = serde_saphyr::from_str(yaml).unwrap();
        let (tree, _) = RegionTree::build(&nodes);
        let r = RegionResolver::new(Some(&tree));
        assert_eq!(r.resolve("长沟村", None).unwrap(), "530623101201");
        assert_eq!(r.resolve("长沟", None).unwrap(), "530623101201");
        assert_eq!(r.resolve("长沟村委会", None).unwrap(), "530623101201");
        assert_eq!(r.resolve("530623101201", None).unwrap(), "530623101201");
        assert_eq!(r.resolve("乙镇河口村", None).unwrap(), "530623102201");
        assert_eq!(r.resolve("河口村", Some("乙镇")).unwrap(), "530623102201");
        let p = r.resolve("河口村", None).unwrap_err();
        assert_eq!(p.code, "import-region-name-ambiguous");
        assert!(p.message.contains("甲乡河口村（530623101202）"), "{p:?}");
        assert_eq!(
            r.resolve("530623999999", None).unwrap_err().code,
            "region-unknown"
        );
        assert_eq!(
            r.resolve("无此村", None).unwrap_err().code,
            "import-region-name-unknown"
        );
        let none = RegionResolver::new(None);
        assert_eq!(none.resolve("530623101201", None).unwrap(), "530623101201");
        assert_eq!(
            none.resolve("长沟村", None).unwrap_err().code,
            "import-region-needs-site"
        );
    }
}
