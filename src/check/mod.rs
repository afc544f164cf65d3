//! Every rule of DESIGN.md "Checks". Each rule is a function that adds diagnostics;
//! none stops at the first problem.

mod enrolment;
mod notices;
mod records;
mod rounds;
mod settings;

pub use records::is_phone_number;

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::region::RegionProblem;

pub fn check_site(site: &Site, region_problems: &[RegionProblem]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    settings::check_settings(site, region_problems, &mut out);
    notices::check_notices(site, &mut out);
    records::check_records(site, &mut out);
    rounds::check_rounds(site, &mut out);
    enrolment::check_enrolment(site, &mut out);
    out
}
