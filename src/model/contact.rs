//! Whom a villager tells of an objection, nearest first: the notice's own contact, the
//! contact of its region or of the region above (a village committee, a township's
//! 扶贫工作站), else the issuer.

use super::notice::Notice;
use super::region::RegionTree;
use super::spanned::Spanned;
use serde::Deserialize;

/// A local office that takes objections, as `contact:` in a notice's front matter or
/// on a region in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalContact {
    /// The office (长沟村村民委员会); the issuer when left out.
    #[serde(default)]
    pub office: Option<String>,
    /// Who answers there (李明).
    #[serde(default)]
    pub person: Option<String>,
    /// The office's phone: a landline, since a mobile number is personal and never
    /// published (`contact-phone-personal`).
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
}

/// The contact that takes objections to `notice`, if the content names one.
pub fn local_contact<'a>(notice: &'a Notice, regions: &'a RegionTree) -> Option<&'a LocalContact> {
    notice.front.contact.as_ref().or_else(|| {
        regions
            .lineage(notice.front.region.value.trim())
            .find_map(|r| r.contact.as_ref())
    })
}

impl LocalContact {
    /// "长沟村村民委员会（联系人：李明，电话：0870-1234001）", the office standing in for
    /// `issuer` when it has none.
    pub fn whom(&self, issuer: &str) -> String {
        let office = self.office.as_deref().unwrap_or(issuer);
        let parts: Vec<String> = [
            self.person.as_ref().map(|p| format!("联系人：{p}")),
            self.phone
                .as_ref()
                .map(|p| format!("电话：{}", p.value.trim())),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            office.to_string()
        } else {
            format!("{office}（{}）", parts.join("，"))
        }
    }
}
