//! What the board shows on a given day. A notice is issued on its `date`: before that
//! it is a draft, and a static site built earlier must not carry it (the way Hugo
//! leaves future-dated pages out unless asked). A page also says things that stop
//! being true on a day of their own — "剩余 3 天", "即将公示" — so the site must be
//! built again on the next day any of them changes.

use super::contact::LocalContact;
use super::date::Day;
use super::notice::Notice;

/// Whether `notice` is issued (may be published) on `today`.
pub fn is_issued(notice: &Notice, today: Day) -> bool {
    notice.front.date.value <= today
}

/// Whether `notice` is a 公示 in its period on `today`: on the board, open to
/// objections, printed for the village board.
pub fn in_period(notice: &Notice, today: Day) -> bool {
    notice.kind() == super::notice::NoticeKind::Publicity
        && notice
            .period()
            .is_some_and(|p| p.from <= today && today <= p.to)
}

/// How to object, with the deadline where there is one and the local contact where
/// the content names one: "如有异议，请于2014年3月26日前向长沟村村民委员会（联系人：
/// 李明，电话：0870-1234001）反映". The page and the sheets say the same words.
pub fn objection_lead(notice: &Notice, issuer: &str, contact: Option<&LocalContact>) -> String {
    let whom = contact.map_or_else(|| issuer.to_string(), |c| c.whom(issuer));
    match notice.period() {
        Some(p) if notice.kind() == super::notice::NoticeKind::Publicity => {
            format!("如有异议，请于{}前向{whom}反映", p.to)
        }
        _ => format!("如有异议，请向{whom}反映"),
    }
}

/// The whole objection channel in one sentence, as the sheets head every sheet and
/// the CMS fragment opens: [`objection_lead`], then the hotline and the local phone.
pub fn objection_sentence(
    notice: &Notice,
    issuer: &str,
    contact: Option<&LocalContact>,
    hotline: &str,
    phone: &str,
) -> String {
    format!(
        "{}，或拨打全国扶贫监督举报电话 {hotline}、本地电话 {phone}。",
        objection_lead(notice, issuer, contact)
    )
}

/// The first day after `today` on which some page of the site reads differently: a
/// held-back notice is issued, a period starts, or a running period counts down
/// (every day until it has ended).
pub fn next_change(notices: &[Notice], today: Day) -> Option<Day> {
    let tomorrow = today.next();
    notices
        .iter()
        .flat_map(|n| {
            let issued = Some(n.front.date.value).filter(|&d| d > today);
            let period = n.period();
            let starts = period.map(|p| p.from).filter(|&d| d > today);
            let running = period
                .filter(|p| p.from <= today && today <= p.to)
                .map(|_| tomorrow);
            [issued, starts, running]
        })
        .flatten()
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(date: &str, period: Option<(&str, &str)>) -> Notice {
        let period = period
            .map(|(from, to)| format!("period: {{ from: {from}, to: {to} }}\n"))
            .unwrap_or_default();
        let text = format!(
            "---\ntitle: 公示\nkind: {}\nstage: village\nregion: \"530623101201\"\ndate: {date}\n{period}---\n正文\n",
            if period.is_empty() {
                "announcement"
            } else {
                "publicity"
            }
        );
        crate::content::notice::parse_notice(&text, std::path::Path::new("content/notices/a.md"))
            .expect("notice parses")
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn a_notice_is_issued_on_its_date_not_before() {
        let n = notice("2014-04-10", None);
        assert!(!is_issued(&n, day("2014-04-09")));
        assert!(is_issued(&n, day("2014-04-10")));
        assert!(is_issued(&n, day("2014-05-01")));
    }

    #[test]
    fn the_next_change_is_the_first_day_any_page_reads_differently() {
        let running = notice("2014-03-20", Some(("2014-03-20", "2014-03-26")));
        let later = notice("2014-04-10", None);
        let starts_later = notice("2014-03-25", Some(("2014-04-01", "2014-04-07")));
        // A running period counts down: tomorrow.
        assert_eq!(
            next_change(&[running, later], day("2014-03-22")),
            Some(day("2014-03-23"))
        );
        let later = notice("2014-04-10", None);
        // Issued but not yet started: its first day, unless something comes sooner.
        assert_eq!(
            next_change(&[starts_later, later], day("2014-03-28")),
            Some(day("2014-04-01"))
        );
        let later = notice("2014-04-10", None);
        assert_eq!(
            next_change(&[later], day("2014-04-08")),
            Some(day("2014-04-10"))
        );
        let done = notice("2014-03-20", Some(("2014-03-20", "2014-03-26")));
        assert_eq!(next_change(&[done], day("2014-03-27")), None);
    }
}
