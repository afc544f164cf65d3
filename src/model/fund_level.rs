//! The government level a fund comes from (资金级次): 中央, 省, 市, 县. A ledger entry
//! or a project's fund source says it with `level:`, or its name does (省级财政专项扶贫
//! 资金 is 省); the name's reading is [`source_order`], the one order fund sources are
//! listed in everywhere.

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FundLevel {
    Central,
    Province,
    City,
    County,
}

impl FundLevel {
    /// As a table's row or column names it.
    pub fn label(self) -> &'static str {
        match self {
            FundLevel::Central => "中央",
            FundLevel::Province => "省级",
            FundLevel::City => "市级",
            FundLevel::County => "县级",
        }
    }

    /// The level a source's name says, if it says one (see [`source_order`]).
    pub fn of_source(source: &str) -> Option<FundLevel> {
        match source_order(source) {
            0 => Some(FundLevel::Central),
            1 => Some(FundLevel::Province),
            2 => Some(FundLevel::City),
            3 => Some(FundLevel::County),
            _ => None,
        }
    }

    /// The level written (`level:`), else the one the source's name says.
    pub fn of(written: Option<FundLevel>, source: &str) -> Option<FundLevel> {
        written.or_else(|| FundLevel::of_source(source))
    }

    fn parse(text: &str) -> Option<FundLevel> {
        let t = text.trim();
        let t = t.strip_suffix('级').unwrap_or(t);
        match t {
            "中央" => Some(FundLevel::Central),
            "省" | "自治区" => Some(FundLevel::Province),
            "市" | "州" => Some(FundLevel::City),
            "县" | "区" | "旗" => Some(FundLevel::County),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for FundLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FundLevel, D::Error> {
        let text = String::deserialize(deserializer)?;
        FundLevel::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "资金级次“{text}”无法识别：应写 中央、省、市 或 县（也可写 省级、市级、县级）"
            ))
        })
    }
}

/// Where a fund source stands in the order readers expect: 中央 first, then 省（自治区）,
/// 市（州）, 县（区、旗）, 乡镇, then every other source (群众自筹, 社会帮扶…), and 其他 last.
pub fn source_order(source: &str) -> u8 {
    const LEVELS: &[(&str, u8)] = &[
        ("中央", 0),
        ("省", 1),
        ("自治区", 1),
        ("市", 2),
        ("州", 2),
        ("地区", 2),
        ("盟", 2),
        ("县", 3),
        ("区", 3),
        ("旗", 3),
        ("乡", 4),
        ("镇", 4),
    ];
    let s = source.trim();
    if let Some((_, rank)) = LEVELS
        .iter()
        .find(|(level, _)| s.starts_with(level) && !s.starts_with("市场"))
    {
        *rank
    } else if s.contains("中央") {
        0
    } else if s.starts_with("其他") || s.starts_with("其它") {
        9
    } else {
        5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_written_or_read_from_the_source_name() {
        assert_eq!(
            FundLevel::of_source("省级财政专项扶贫资金"),
            Some(FundLevel::Province)
        );
        assert_eq!(
            FundLevel::of_source("县级财政扶贫配套资金"),
            Some(FundLevel::County)
        );
        assert_eq!(FundLevel::of_source("交通运输部门补助资金"), None);
        assert_eq!(FundLevel::of_source("市场主体投入"), None);
        assert_eq!(
            FundLevel::of(Some(FundLevel::Central), "交通运输部门补助资金"),
            Some(FundLevel::Central)
        );
        assert_eq!(FundLevel::parse("省级"), Some(FundLevel::Province));
        assert_eq!(FundLevel::parse(" 县 "), Some(FundLevel::County));
        assert_eq!(FundLevel::parse("乡"), None);
    }
}
