//! Rounds linked by `follows`: one chain per list, no loops, stages in order, each
//! round after the previous one has ended.

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::notice::{Notice, NoticeKind};
use crate::model::rounds::{ListChanges, Rounds, recorded_reasons};
use crate::privacy::id_number::IdKey;
use crate::privacy::mask_id_number;
use std::collections::BTreeSet;

pub fn check_rounds(site: &Site, out: &mut Vec<Diagnostic>) {
    let rounds = Rounds::new(site.notices());
    for n in site.notices() {
        check_round_changes(site, &rounds, n, out);
        let Some(follows) = &n.front.follows else {
            continue;
        };
        let Some(prev) = rounds.previous(n) else {
            continue; // unknown slug: reported by check_follows
        };
        let at = n.span(follows);
        if rounds.first_round(n).is_none() {
            out.push(
                Diagnostic::error(
                    "follows-cycle",
                    &n.file,
                    at,
                    format!(
                        "follows 形成了循环：顺着“{}”往前找又回到了本公告",
                        prev.slug
                    ),
                )
                .with_help("第一轮公示不写 follows，之后每一轮写上一轮的文件名"),
            );
            continue;
        }
        let siblings = rounds.followers(prev);
        if let Some(first) = siblings.first()
            && first.slug != n.slug
        {
            out.push(
                Diagnostic::error(
                    "follows-fork",
                    &n.file,
                    at,
                    format!(
                        "“{}”和“{}”都接在“{}”之后；同一份名单的各轮公示应一轮接一轮",
                        first.slug, n.slug, prev.slug
                    ),
                )
                .with_help("检查 follows 是否写错了上一轮"),
            );
        }
        if prev.kind() == NoticeKind::Announcement {
            out.push(Diagnostic::error(
                "round-after-announcement",
                &n.file,
                at,
                format!("“{}”是公告（最后一轮），不能再有下一轮", prev.slug),
            ));
        }
        let (prev_stage, stage) = (prev.front.stage.value, n.front.stage.value);
        if stage < prev_stage {
            out.push(
                Diagnostic::error(
                    "round-stage-order",
                    &n.file,
                    n.span(&n.front.stage),
                    format!(
                        "本轮是{}，却接在{}的“{}”之后",
                        stage.label(),
                        prev_stage.label(),
                        prev.slug
                    ),
                )
                .with_help("各轮顺序应为：村级公示 → 乡镇级公示 → 县级公告"),
            );
        }
        if let Some(prev_period) = prev.period() {
            let (starts, span) = match (&n.front.period, n.kind()) {
                (Some(p), NoticeKind::Publicity) => (p.value.from.value, n.span(&p.value.from)),
                _ => (n.front.date.value, n.span(&n.front.date)),
            };
            if starts <= prev_period.to {
                out.push(
                    Diagnostic::error(
                        "round-overlap",
                        &n.file,
                        span,
                        format!(
                            "本轮从 {starts} 开始，上一轮“{}”的公示期到 {} 才结束",
                            prev.slug, prev_period.to
                        ),
                    )
                    .with_help("上一轮公示期满后才能进行下一轮"),
                );
            }
        }
    }
}

/// A household a later round no longer lists must have its reason recorded
/// (`changes:` in this round or an earlier later one), or a villager dropped from
/// the list cannot tell why; and every recorded change must name a household the
/// round adds or drops, or it is a typo.
pub fn check_round_changes(
    site: &Site,
    rounds: &Rounds<'_>,
    n: &Notice,
    out: &mut Vec<Diagnostic>,
) {
    let Some(prev) = rounds.previous(n) else {
        return;
    };
    let (Some(before), Some(after)) = (site.households_of(prev), site.households_of(n)) else {
        return;
    };
    let changes = ListChanges::between(&before, &after);
    let chain = rounds.chain(n);
    let reasons = recorded_reasons(&chain, n);
    let at = n
        .front
        .follows
        .as_ref()
        .map(|f| n.span(f))
        .unwrap_or_default();
    for h in &changes.removed {
        if reasons.contains_key(&IdKey::of(&h.id_number.value)) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "round-removal-unexplained",
                &n.file,
                at,
                format!(
                    "本轮名单比上一轮“{}”少了{}（{}），没有写明移出原因",
                    prev.slug,
                    h.head.value,
                    mask_id_number(&h.id_number.value)
                ),
            )
            .with_help(format!(
                "在本轮的头信息里写明原因，例如：changes: [ {{ id_number: \"{}\", reason: 家庭人均纯收入超过扶贫标准 }} ]",
                mask_id_number(&h.id_number.value)
            )),
        );
    }
    let changed: BTreeSet<IdKey<'_>> = changes
        .added
        .iter()
        .chain(&changes.removed)
        .map(|h| IdKey::of(&h.id_number.value))
        .collect();
    for change in &n.front.changes {
        if changed.contains(&IdKey::of(&change.id_number.value)) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "round-change-unmatched",
                &n.file,
                n.span(&change.id_number),
                format!(
                    "changes 里的身份证号 {} 既不是本轮新增的户，也不是比上一轮“{}”移出的户",
                    mask_id_number(&change.id_number.value),
                    prev.slug
                ),
            )
            .with_help("核对身份证号是否抄错；没有变动的户不用写在 changes 里"),
        );
    }
}
