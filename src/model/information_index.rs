//! The information index (信息索引) every disclosed government document carries on a
//! county portal: 索引号, 主题分类, 发布机构, 成文日期, 发布日期, 文号, 公开方式,
//! 公开范围.
//!
//! A notice may give its 索引号; otherwise one is generated from the issuer's code,
//! the year and a number computed from the notice's date and file name — so it is the
//! same on every rebuild and whatever other notices are added or removed. Two notices
//! with the same 索引号 are an error (`index-number-duplicate`): the clerk writes
//! `index_number:` on one of them.

use super::date::Day;
use super::notice::Notice;
use super::spanned::Spanned;
use serde::{Deserialize, Serialize};

/// `information_index:` in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// The issuing office's code (统一社会信用代码 or 组织机构代码), the first part
    /// of a generated 索引号; the county's region code when left out.
    #[serde(default)]
    pub issuer_code: Option<Spanned<String>>,
    /// 主题分类 of notices that do not give their own.
    #[serde(default)]
    pub topic: Option<String>,
}

/// The 主题分类 when neither the notice nor the site gives one.
pub const DEFAULT_TOPIC: &str = "扶贫开发";
/// 公开方式 and 公开范围 of a notice on a public board.
pub const DEFAULT_DISCLOSURE: &str = "主动公开";
pub const DEFAULT_SCOPE: &str = "面向社会";

/// A notice's information index, as the page, the open data and the CMS metadata
/// file show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InformationIndex {
    pub index_number: String,
    pub topic: String,
    pub issuer: String,
    /// 成文日期: the day the document was signed, when it is not the day it was
    /// issued. Dates are written YYYY-MM-DD in data files, in words on pages.
    #[serde(serialize_with = "iso_opt", skip_serializing_if = "Option::is_none")]
    pub written_date: Option<Day>,
    #[serde(serialize_with = "iso")]
    pub issued_date: Day,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    pub disclosure: String,
    pub scope: String,
}

impl InformationIndex {
    pub fn of(notice: &Notice, issuer: &str, settings: &IndexSettings, county_code: &str) -> Self {
        let f = &notice.front;
        let code = settings
            .issuer_code
            .as_ref()
            .map_or(county_code, |c| c.value.trim());
        InformationIndex {
            index_number: f.index_number.as_ref().map_or_else(
                || generated_index_number(code, f.date.value, &notice.slug),
                |n| n.value.trim().to_string(),
            ),
            topic: f
                .topic
                .clone()
                .or_else(|| settings.topic.clone())
                .unwrap_or_else(|| DEFAULT_TOPIC.to_string()),
            issuer: issuer.to_string(),
            written_date: f
                .written_date
                .as_ref()
                .map(|w| w.value)
                .filter(|w| *w != f.date.value),
            issued_date: f.date.value,
            document_number: f
                .document_number
                .as_ref()
                .map(|d| d.value.trim().to_string()),
            disclosure: f
                .disclosure
                .clone()
                .unwrap_or_else(|| DEFAULT_DISCLOSURE.to_string()),
            scope: f.scope.clone().unwrap_or_else(|| DEFAULT_SCOPE.to_string()),
        }
    }

    /// The index as label and value, in the order county portals show it; absent
    /// values left out.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        [
            ("索引号", Some(self.index_number.clone())),
            ("主题分类", Some(self.topic.clone())),
            ("发布机构", Some(self.issuer.clone())),
            ("成文日期", self.written_date.map(|d| d.to_string())),
            ("发布日期", Some(self.issued_date.to_string())),
            ("文号", self.document_number.clone()),
            ("公开方式", Some(self.disclosure.clone())),
            ("公开范围", Some(self.scope.clone())),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .collect()
    }
}

fn iso<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.iso())
}

fn iso_opt<S: serde::Serializer>(day: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(d) => iso(d, s),
        None => s.serialize_none(),
    }
}

/// `{code}/{year}-{mmdd}-{8 letters and digits}`: the last part is the notice's file
/// name hashed (FNV-1a, fixed here so that no library update can change a published
/// number), so the number depends on nothing but the notice itself. Eight base-32
/// characters keep even a thousand notices issued on one day apart (a collision is
/// about one in two million) and never read as a phone or ID number.
pub fn generated_index_number(code: &str, date: Day, slug: &str) -> String {
    // Crockford's base 32: no I, L, O or U to misread when copied by hand.
    const DIGITS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in slug.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut tail = [b'0'; 8];
    for c in tail.iter_mut().rev() {
        *c = DIGITS[(hash % 32) as usize];
        hash /= 32;
    }
    let d = date.0;
    format!(
        "{code}/{}-{:02}{:02}-{}",
        d.year(),
        d.month(),
        d.day(),
        String::from_utf8_lossy(&tail)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_depend_on_the_notice_alone_and_do_not_change() {
        let day = Day::parse("2014-03-20").unwrap();
        let a = generated_index_number("530623000000", day, "changgou-2014-first");
        // Pinned: a published 索引号 never changes with a new version of gongshi.
        assert_eq!(a, "530623000000/2014-0320-6X160MVJ");
        assert_eq!(
            a,
            generated_index_number("530623000000", day, "changgou-2014-first")
        );
        assert_ne!(
            a,
            generated_index_number("530623000000", day, "changgou-2014-second")
        );
    }
}
