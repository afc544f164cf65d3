//! Every rule of DESIGN.md "Checks". Each rule is a function that adds diagnostics;
//! none stops at the first problem.

mod enrolment;
mod notices;
mod records;
mod rounds;
mod settings;

pub use records::{check_list_alone, is_phone_number};
pub use settings::{BASE_URL_EXAMPLE, check_base_url};

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::region::RegionProblem;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn check_site(site: &Site, region_problems: &[RegionProblem]) -> Vec<Diagnostic> {
    check_site_with(site, region_problems, None)
}

/// Kept between checks of a site whose settings do not change (the preview): what
/// the rules within one record file found, by file, and the identity numbers of
/// every list.
#[derive(Debug, Default)]
pub struct Cache {
    records: HashMap<PathBuf, Vec<Diagnostic>>,
    enrolment: enrolment::Index,
}

impl Cache {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The file changed (or is gone): check it again next time.
    pub fn forget(&mut self, file: &Path) {
        self.records.remove(file);
        self.enrolment.remove(file);
    }
}

/// [`check_site`], reusing and filling `cache` when given.
pub fn check_site_with(
    site: &Site,
    region_problems: &[RegionProblem],
    cache: Option<&mut Cache>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (records, enrolment) = match cache {
        Some(cache) => (Some(&mut cache.records), Some(&mut cache.enrolment)),
        None => (None, None),
    };
    settings::check_settings(site, region_problems, &mut out);
    notices::check_notices(site, &mut out);
    records::check_records(site, records, &mut out);
    rounds::check_rounds(site, &mut out);
    enrolment::check_enrolment(site, enrolment, &mut out);
    out
}
