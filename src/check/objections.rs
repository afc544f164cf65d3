//! Objections and the time to answer them: every objection a round records is
//! published, so it carries no personal number and ends with a result; and a 公告
//! leaves the configured days after the 公示 before it for checking them.

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::notice::{Notice, NoticeKind};
use crate::model::objection::{Objection, objections_of};
use crate::model::rounds::Rounds;
use crate::model::spanned::Spanned;
use crate::privacy::id_number::IdKey;
use crate::privacy::mask_id_number;

pub fn check_objections(site: &Site, out: &mut Vec<Diagnostic>) {
    let rounds = Rounds::new(site.notices());
    for n in site.notices() {
        check_review_time(site, &rounds, n, out);
        for (i, o) in objections_of(n) {
            check_objection(site, &rounds, n, i, o, out);
        }
    }
}

/// A 公告 right after a 公示 ends leaves no time to check what was objected.
fn check_review_time(site: &Site, rounds: &Rounds<'_>, n: &Notice, out: &mut Vec<Diagnostic>) {
    if n.kind() != NoticeKind::Announcement {
        return;
    }
    let Some(prev_period) = rounds.previous(n).and_then(Notice::period) else {
        return;
    };
    let days = &site.config().publicity.review_days;
    let gap = prev_period.to.days_until(n.front.date.value);
    // An announcement dated within the period is `round-overlap`.
    if gap <= 0 || gap >= i64::from(days.value) {
        return;
    }
    out.push(
        Diagnostic::warning(
            "announcement-too-soon",
            &n.file,
            n.span(&n.front.date),
            format!(
                "公告在上一轮公示期结束（{}）后第 {gap} 天发布，少于规定的 {} 天，来不及核查公示期间的异议",
                prev_period.to, days.value
            ),
        )
        .with_help(format!(
            "公告日期最早为 {}；天数在 site.yaml 的 publicity.review_days 中设置",
            (0..days.value).fold(prev_period.to, |d, _| d.next())
        )),
    );
}

fn check_objection(
    site: &Site,
    rounds: &Rounds<'_>,
    n: &Notice,
    i: usize,
    o: &Objection,
    out: &mut Vec<Diagnostic>,
) {
    if o.result.is_none() {
        out.push(
            Diagnostic::warning(
                "objection-without-result",
                &n.file,
                n.span(&o.about),
                format!("第 {i} 件异议（{}）还没有写处理结果", o.about.value),
            )
            .with_help("核实后写 result: 维持、纳入 或 移出，并在 finding 写明核实情况"),
        );
    }
    let texts: [Option<&Spanned<String>>; 3] = [Some(&o.from), Some(&o.about), o.finding.as_ref()];
    for text in texts.into_iter().flatten() {
        if let Some(leak) = crate::privacy::find_unmasked_numbers(text.value.as_bytes())
            .into_iter()
            .next()
        {
            out.push(
                Diagnostic::error(
                    "objection-personal-number",
                    &n.file,
                    n.span(text),
                    format!(
                        "第 {i} 件异议里有{}：异议会公开，不能写个人号码",
                        leak.kind.label()
                    ),
                )
                .with_help("反映人写“二组村民”之类的描述或只写姓氏；涉及的户用 id_number 填写，公开时自动脱敏"),
            );
        }
    }
    if let Some(period) = n.period() {
        let day = o.date.value;
        if day < period.from || day > period.to {
            out.push(
                Diagnostic::warning(
                    "objection-outside-period",
                    &n.file,
                    n.span(&o.date),
                    format!("第 {i} 件异议的日期 {day} 不在本轮公示期（{period}）内"),
                )
                .with_help("异议记在收到它的那一轮公示里；核对日期"),
            );
        }
    }
    if let Some(id) = &o.id_number {
        let key = IdKey::of(&id.value);
        let listed = rounds.chain(n).iter().any(|m| {
            site.households_of(m)
                .is_some_and(|hs| hs.iter().any(|h| IdKey::of(&h.id_number.value) == key))
        });
        if !listed {
            out.push(
                Diagnostic::warning(
                    "objection-household-unknown",
                    &n.file,
                    n.span(id),
                    format!(
                        "第 {i} 件异议涉及的身份证号 {} 不在这几轮公示的名单中",
                        mask_id_number(&id.value)
                    ),
                )
                .with_help("核对身份证号；异议涉及的户应是名单上的户，或下一轮因异议纳入的户"),
            );
        }
    }
}
