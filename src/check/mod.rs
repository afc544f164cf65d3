//! Every rule of DESIGN.md "Checks". Each rule is a function that adds diagnostics;
//! none stops at the first problem.

mod contacts;
mod enrolment;
mod exits;
mod history;
pub mod ledger;
mod notices;
mod objections;
mod project_life;
mod records;
mod rounds;
mod settings;

pub use records::{check_list_alone, is_phone_number};
pub use settings::{BASE_URL_EXAMPLE, check_base_url};

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::region::RegionProblem;

/// Kept between checks of a site whose settings do not change (the preview): the
/// identity numbers of every list, indexed. A build checks with an empty one.
#[derive(Debug, Default)]
pub struct Cache {
    enrolment: enrolment::Index,
}

/// Every rule over the whole site (the rules within one record file ran as it was
/// compiled; their findings are in the file's [`crate::content::RecordFile`]).
pub fn check_site(
    site: &Site,
    region_problems: &[RegionProblem],
    cache: &mut Cache,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    settings::check_settings(site, region_problems, &mut out);
    notices::check_notices(site, &mut out);
    notices::check_information_index(site, &mut out);
    contacts::check_contacts(site, &mut out);
    records::check_records(site, &mut out);
    rounds::check_rounds(site, &mut out);
    project_life::check_project_life(site, &mut out);
    enrolment::check_enrolment(site, &mut cache.enrolment, &mut out);
    ledger::check_ledger(site, &mut out);
    history::check_history(site, &mut out);
    objections::check_objections(site, &mut out);
    out
}
