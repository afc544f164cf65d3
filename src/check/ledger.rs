//! The rules of the publication ledger (see [`crate::model::ledger`]): a published
//! notice changes only with a correction, recorded corrections stay as recorded, and
//! a published notice does not disappear.
//!
//! Whether a notice changed is known once its public content is made (its table's
//! masked cells), so [`published_as`] is called by the renderer for each notice and
//! by `gongshi check` for each recorded one; the rules that need no content run with
//! the other checks ([`check_ledger`]).

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::content_diff::ContentDiff;
use crate::model::ledger::{
    LEDGER_DIR, NoticeRecord, PublicContent, RecordedCorrection, short_digest,
};
use crate::model::notice::Notice;
use std::path::PathBuf;

/// The version a notice is published as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedAs {
    /// From 1.
    pub number: u32,
    /// Not in the ledger yet: `gongshi publish` records it.
    pub pending: bool,
}

/// Where a notice's ledger file is, relative to the site root.
pub fn ledger_file(slug: &str) -> PathBuf {
    PathBuf::from("content")
        .join(LEDGER_DIR)
        .join(format!("{slug}.json"))
}

/// The version `notice` is, given its `content` now and its ledger `record`.
pub fn published_as(
    notice: &Notice,
    record: Option<&NoticeRecord>,
    content: &PublicContent,
    digest: &str,
) -> Result<PublishedAs, Diagnostic> {
    let written: Vec<RecordedCorrection> = notice
        .front
        .corrections
        .iter()
        .map(|c| c.recorded())
        .collect();
    let Some((record, latest)) = record.and_then(|r| Some((r, r.latest()?))) else {
        return match notice.front.corrections.first() {
            None => Ok(PublishedAs {
                number: 1,
                pending: true,
            }),
            Some(c) => Err(Diagnostic::error(
                "correction-unpublished",
                &notice.file,
                notice.span(&c.date),
                "这份公示还没有版本记录，更正说明没有可以对照的原版本",
            )
            .with_help(format!(
                "版本记录由 gongshi publish 写在 {} 里。还没发布的公示直接修改即可，删去 corrections；\
                 已经张贴或上网的，先按原样发布一次，再写更正说明",
                ledger_file(&notice.slug).display()
            ))),
        };
    };
    let recorded: Vec<&RecordedCorrection> = record.corrections().collect();
    // Recorded corrections are part of the record: they stay word for word.
    for (i, r) in recorded.iter().enumerate() {
        let same = written.get(i).is_some_and(|w| w == *r);
        if !same {
            let span = notice
                .front
                .corrections
                .get(i)
                .map_or(Span::at(1, 1), |c| notice.span(&c.date));
            return Err(Diagnostic::error(
                "correction-rewritten",
                &notice.file,
                span,
                format!(
                    "第 {} 条更正说明已随第 {} 版发布，不能删除或改写",
                    i + 1,
                    i + 2
                ),
            )
            .with_help(format!(
                "把它恢复成发布时的样子：日期 {}，更正内容“{}”，原因“{}”，批准“{}”；新的更正另写一条加在后面",
                r.date, r.what, r.why, r.approved_by
            )));
        }
    }
    let published = record.versions.len() as u32;
    let new_corrections = &notice.front.corrections[recorded.len()..];
    if latest.digest == digest {
        return match new_corrections.first() {
            None => Ok(PublishedAs {
                number: published,
                pending: false,
            }),
            Some(c) => Err(Diagnostic::error(
                "correction-without-change",
                &notice.file,
                notice.span(&c.date),
                format!(
                    "写了更正说明，但公示的内容与已发布的第 {published} 版（摘要 {}）相同",
                    short_digest(&latest.digest)
                ),
            )
            .with_help(
                "更正说明要和内容的修改一起写：先改正文、名单或标题等，再写这条说明；没有修改就删去这条说明",
            )),
        };
    }
    let changed = ContentDiff::between(&latest.content, content).summary();
    match new_corrections {
        [] => Err(Diagnostic::error(
            "published-notice-changed",
            &notice.file,
            notice.span(&notice.front.title),
            format!(
                "这份公示已发布（第 {published} 版，摘要 {}），现在内容变了却没有更正说明：{changed}",
                short_digest(&latest.digest)
            ),
        )
        .with_help(
            "已发布的公示不能悄悄修改。确需更正时，在头信息里加一条更正说明，如 \
             corrections: [{ date: 更正日期, what: 改了什么, why: 为什么改, approved_by: 批准单位 }]；\
             网站会公开更正说明，原来的版本仍可查看。如果是误改，请改回原样",
        )
        .with_related(
            &ledger_file(&notice.slug),
            Span::at(1, 1),
            format!("第 {published} 版发布时的内容记在这里"),
        )),
        [_] => Ok(PublishedAs {
            number: published + 1,
            pending: true,
        }),
        [_, extra, ..] => Err(Diagnostic::error(
            "correction-count",
            &notice.file,
            notice.span(&extra.date),
            "上次发布以来写了不止一条新的更正说明：每次发布只能有一条",
        )
        .with_help("把这几次修改写进同一条更正说明（what 里分项写清），发布后再有修改再写下一条")),
    }
}

/// The ledger rules that need no public content: every recorded notice still exists,
/// and corrections are dated on or after their notice.
pub fn check_ledger(site: &Site, out: &mut Vec<Diagnostic>) {
    // Notices are sorted by slug.
    let notices = site.notices();
    for slug in site.content.ledger.keys() {
        if notices
            .binary_search_by(|n| n.slug.as_str().cmp(slug))
            .is_err()
        {
            out.push(
                Diagnostic::error(
                    "published-notice-missing",
                    &ledger_file(slug),
                    Span::at(1, 1),
                    format!("版本记录里的公示“{slug}”找不到了：已发布的公示不能删除或改名"),
                )
                .with_help(format!(
                    "把 content/notices/ 下的 {slug}.md 恢复回来（文件名就是网址，不能改）；确有错误的公示，用更正说明改正它"
                )),
            );
        }
    }
    for n in site.notices() {
        for c in &n.front.corrections {
            if c.date.value < n.front.date.value {
                out.push(
                    Diagnostic::error(
                        "correction-before-notice",
                        &n.file,
                        n.span(&c.date),
                        format!(
                            "更正日期 {} 早于公示的发布日期 {}",
                            c.date.value, n.front.date.value
                        ),
                    )
                    .with_help("写实际更正的日期（YYYY-MM-DD），不早于 date"),
                );
            }
        }
    }
}
