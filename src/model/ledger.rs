//! The publication ledger: what each notice said when it was published, kept with
//! the content (`content/published/SLUG.json`, committed like any content) so that a
//! published notice cannot change without a recorded correction.
//!
//! A version's digest is the SHA-256 of its [`PublicContent`] as compact JSON (the
//! title, dates, body and every table cell as the public saw them, masked), written
//! in base 32 (RFC 4648, lower case): hex would put runs of fifteen digits in the
//! output now and then, which the leak guard rightly reads as an identity number. The same
//! document is each notice's `data.json` in the output, so `gongshi verify` can
//! recompute every digest from a built (or downloaded) site alone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The folder under `content/` that holds the ledger, one file per notice.
pub const LEDGER_DIR: &str = "published";

/// Everything a notice publishes, as published (masked). Optional parts are left out
/// of the JSON when empty, so a field added in a later gongshi leaves the digests of
/// the notices that do not use it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicContent {
    pub title: String,
    /// 公示 or 公告.
    pub kind: String,
    /// 村级, 乡镇级, 县级.
    pub stage: String,
    pub region: String,
    pub issuer: String,
    /// ISO day.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PublicPeriod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// The body as written (Markdown), line ends normalized.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// What a later round says changed since the first, as the sheets print it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<PublicTable>,
    /// Which stage of which projects the notice is (`project:` in its front matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<PublicProjectStage>,
}

/// A notice's project stage, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProjectStage {
    pub stage: crate::model::project_stage::ProjectStage,
    pub stage_label: String,
    pub codes: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approval: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPeriod {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footer: Vec<String>,
}

impl PublicContent {
    /// SHA-256 of the compact JSON, in base 32.
    pub fn digest(&self) -> String {
        // Strings, arrays and structs: serializing into memory cannot fail.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        base32(&Sha256::digest(&bytes))
    }
}

/// RFC 4648 base 32, lower case, without padding. Its digits are 2–7 only: no 0/O,
/// 1/I or 8/B to mix up when a digest is read off paper.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The part of a digest people compare by eye (on the paper, on the page): its first
/// eight characters, upper case, as two groups of four.
pub fn short_digest(digest: &str) -> String {
    let head: String = digest.chars().take(8).collect::<String>().to_uppercase();
    match head.char_indices().nth(4) {
        Some((i, _)) => format!("{}-{}", &head[..i], &head[i..]),
        None => head,
    }
}

/// Why, when and on whose approval a published notice was changed, as the ledger
/// keeps it (days in ISO form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedCorrection {
    pub date: String,
    pub what: String,
    pub why: String,
    pub approved_by: String,
}

/// One published version of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedVersion {
    /// From 1.
    pub version: u32,
    pub digest: String,
    /// The as-of day of the publication that recorded it (ISO).
    pub recorded: String,
    /// The correction that made this version; none for the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<RecordedCorrection>,
    pub content: PublicContent,
}

/// One notice's file in the ledger: its versions, first to current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRecord {
    pub notice: String,
    pub versions: Vec<PublishedVersion>,
}

impl NoticeRecord {
    pub fn latest(&self) -> Option<&PublishedVersion> {
        self.versions.last()
    }

    /// The corrections recorded so far, in order.
    pub fn corrections(&self) -> impl Iterator<Item = &RecordedCorrection> {
        self.versions.iter().filter_map(|v| v.correction.as_ref())
    }

    /// What is wrong with the file as read, if anything: versions must count from 1,
    /// each digest must be its content's, and every version but the first must carry
    /// its correction. A ledger edited by hand fails here.
    pub fn damage(&self, slug: &str) -> Option<String> {
        if self.notice != slug {
            return Some(format!(
                "记录的公示是“{}”，与文件名“{slug}”不一致",
                self.notice
            ));
        }
        if self.versions.is_empty() {
            return Some("没有任何版本".into());
        }
        for (i, v) in self.versions.iter().enumerate() {
            let n = i as u32 + 1;
            if v.version != n {
                return Some(format!("第 {n} 个版本的编号是 {}", v.version));
            }
            if v.content.digest() != v.digest {
                return Some(format!("第 {n} 版的内容与它的摘要不符（内容被改动过）"));
            }
            if (n == 1) != v.correction.is_none() {
                return Some(if n == 1 {
                    "第 1 版不应有更正说明".into()
                } else {
                    format!("第 {n} 版缺少更正说明")
                });
            }
        }
        None
    }
}

/// Every notice's record, by slug.
pub type Ledger = BTreeMap<String, NoticeRecord>;

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> PublicContent {
        PublicContent {
            title: "长沟村公示".into(),
            kind: "公示".into(),
            stage: "村级".into(),
            region: "长沟村".into(),
            issuer: "长沟村村民委员会".into(),
            date: "2014-03-20".into(),
            period: None,
            document_number: None,
            body: String::new(),
            changes: Vec::new(),
            project: None,
            tables: vec![PublicTable {
                caption: "名单".into(),
                columns: vec!["户主姓名".into(), "家庭人口".into()],
                rows: vec![vec!["张元义".into(), "4".into()]],
                footer: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_changed_cell_changes_the_digest_and_empty_parts_do_not_count() {
        let a = content();
        let mut b = content();
        b.tables[0].rows[0][1] = "5".into();
        assert_ne!(a.digest(), b.digest());
        assert_eq!(a.digest().len(), 52);
        assert!(
            a.digest()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
        );
        // Absent optional parts are not written: a later field cannot move old digests.
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert!(!json.contains("period") && !json.contains("body") && !json.contains("footer"));
        let back: PublicContent = serde_json::from_str(&json).unwrap_or_else(|_| content());
        assert_eq!(back.digest(), a.digest());
    }

    #[test]
    fn base32_is_rfc_4648() {
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
        assert_eq!(base32(b"f"), "my");
    }

    #[test]
    fn short_digest_is_two_groups_of_four() {
        assert_eq!(short_digest("3f7a91c2deadbeef"), "3F7A-91C2");
    }

    #[test]
    fn a_hand_edited_ledger_is_found() {
        let c = content();
        let mut record = NoticeRecord {
            notice: "x".into(),
            versions: vec![PublishedVersion {
                version: 1,
                digest: c.digest(),
                recorded: "2014-03-20".into(),
                correction: None,
                content: c,
            }],
        };
        assert_eq!(record.damage("x"), None);
        record.versions[0].content.tables[0].rows[0][0] = "李四".into();
        assert!(record.damage("x").is_some_and(|d| d.contains("摘要不符")));
    }
}
