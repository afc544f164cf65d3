//! The local contacts that take objections (`contact:` on a notice or a region): their
//! phone is printed on every sheet, so it must be an office's landline — a mobile
//! number is personal and is never published.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::contact::LocalContact;
use crate::model::region::RegionNode;
use crate::model::spanned::{Spanned, span_of};
use crate::privacy::scan::find_unmasked_numbers;
use std::path::Path;

pub fn check_contacts(site: &Site, out: &mut Vec<Diagnostic>) {
    for n in site.notices() {
        if let Some(c) = &n.front.contact {
            check_contact(c, &n.file, |s| n.span(s), out);
        }
    }
    let file = &site.content.config_file;
    let mut stack: Vec<&RegionNode> = site.config().regions.iter().collect();
    while let Some(node) = stack.pop() {
        if let Some(c) = &node.contact {
            check_contact(c, file, span_of, out);
        }
        stack.extend(&node.children);
    }
}

/// `span` finds a value in `file`.
fn check_contact(
    c: &LocalContact,
    file: &Path,
    span: impl Fn(&Spanned<String>) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let Some(phone) = &c.phone else { return };
    let at = span(phone);
    if !find_unmasked_numbers(phone.value.as_bytes()).is_empty() {
        out.push(
            Diagnostic::error(
                "contact-phone-personal",
                file,
                at,
                format!(
                    "联系电话“{}”是手机号（个人号码），会印在每张公示上，不能公开",
                    phone.value
                ),
            )
            .with_help("填写村委会或工作站的办公电话（座机），如 0870-1234001"),
        );
    } else if !crate::check::is_phone_number(phone.value.trim()) {
        out.push(
            Diagnostic::error(
                "contact-phone-invalid",
                file,
                at,
                format!("联系电话“{}”不是电话号码", phone.value),
            )
            .with_help("写区号和号码，如 0870-1234001"),
        );
    }
}
