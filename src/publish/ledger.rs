//! Recording what a publication hands over in the publication ledger
//! (`content/published/SLUG.json`, see [`crate::model::ledger`]): each new notice as its
//! first version, each corrected one as its next. What is recorded is read back from
//! the built output's `data.json`, so the ledger holds what the portal received.

use super::PublishError;
use crate::Site;
use crate::check::ledger::ledger_file;
use crate::model::date::Day;
use crate::model::ledger::{NoticeRecord, PublishedVersion, short_digest};
use crate::render::open_data::{NoticeData, pretty_json};
use crate::render::versions::Unrecorded;
use std::fs;
use std::path::Path;

/// A version this publication recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub slug: String,
    pub number: u32,
    pub short_digest: String,
}

/// Adds the `unrecorded` versions of the build in `output` to the site's ledger.
pub fn record_versions(
    site: &Site,
    output: &Path,
    unrecorded: &[Unrecorded],
    as_of: Day,
) -> Result<Vec<Recorded>, PublishError> {
    let mut recorded = Vec::new();
    for u in unrecorded {
        let data = NoticeData::read(output, &u.slug).map_err(|why| {
            PublishError::Unrecordable(format!("notices/{}/data.json {why}", u.slug))
        })?;
        if data.version.number != u.number || data.content.digest() != data.version.digest {
            return Err(PublishError::Unrecordable(format!(
                "notices/{}/data.json 与刚生成的内容不一致（生成后被改动过？）",
                u.slug
            )));
        }
        let mut record = site
            .content
            .ledger
            .get(&u.slug)
            .cloned()
            .unwrap_or_else(|| NoticeRecord {
                notice: u.slug.clone(),
                versions: Vec::new(),
            });
        let correction = match u.number {
            1 => None,
            n => {
                // Notices are sorted by slug.
                let notices = site.notices();
                notices
                    .binary_search_by(|m| m.slug.as_str().cmp(&u.slug))
                    .ok()
                    .and_then(|i| notices[i].front.corrections.get(n as usize - 2))
                    .map(|c| c.recorded())
            }
        };
        record.versions.push(PublishedVersion {
            version: u.number,
            digest: data.version.digest.clone(),
            recorded: as_of.iso(),
            correction,
            content: data.content,
        });
        if let Some(why) = record.damage(&u.slug) {
            return Err(PublishError::Unrecordable(format!(
                "{}：{why}",
                ledger_file(&u.slug).display()
            )));
        }
        write_atomically(&site.root.join(ledger_file(&u.slug)), &pretty_json(&record))?;
        recorded.push(Recorded {
            slug: u.slug.clone(),
            number: u.number,
            short_digest: short_digest(&data.version.digest),
        });
    }
    Ok(recorded)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let err = |e| PublishError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(err)?;
    }
    let temp = path.with_extension("json.tmp");
    fs::write(&temp, bytes).map_err(err)?;
    fs::rename(&temp, path).map_err(err)
}
