//! Rules on notices: slugs, regions, attached records, rounds and publicity periods.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::columns::columns_for;
use crate::model::notice::{Notice, NoticeKind};
use crate::model::records::RecordSet;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

pub fn check_notices(site: &Site, out: &mut Vec<Diagnostic>) {
    check_slugs(site.notices(), out);
    let slugs: BTreeSet<&str> = site.notices().iter().map(|n| n.slug.as_str()).collect();
    for notice in site.notices() {
        check_region(site, notice, out);
        check_records_path(site, notice, out);
        check_columns(site, notice, out);
        check_follows(notice, &slugs, out);
        check_publicity_period(site, notice, out);
        check_lengths(notice, out);
    }
}

pub use crate::model::notice::TITLE_MAX_CHARS;

/// The issuer is printed in the seal area and in the supervision channel on every
/// sheet; the longest real ones (a village committee and its work team) are about 30.
pub const ISSUER_MAX_CHARS: usize = 40;

fn check_lengths(n: &Notice, out: &mut Vec<Diagnostic>) {
    let title = &n.front.title;
    if let Some(d) = too_long(
        "title-too-long",
        "标题",
        &n.file,
        n.span(title),
        &title.value,
        TITLE_MAX_CHARS,
    ) {
        out.push(d.with_help("公示标题一般不超过两行；正文请写在第二个 --- 之后"));
    }
    if let Some(issuer) = &n.front.issuer
        && let Some(d) = too_long(
            "issuer-too-long",
            "发布单位",
            &n.file,
            n.span(issuer),
            &issuer.value,
            ISSUER_MAX_CHARS,
        )
    {
        out.push(d.with_help("只写单位名称，如“长沟村村民委员会”"));
    }
}

/// A text longer than `max` characters, as a diagnostic naming the field and the limit.
pub(super) fn too_long(
    code: &'static str,
    field: &str,
    file: &Path,
    span: Span,
    text: &str,
    max: usize,
) -> Option<Diagnostic> {
    let count = text.chars().count();
    (count > max).then(|| {
        Diagnostic::error(
            code,
            file,
            span,
            format!("{field}有 {count} 个字，超过了 {max} 个字的上限"),
        )
    })
}

/// Slugs become folder names in the published URLs: unique, and plain enough to be
/// typed and never to escape the output folder.
fn check_slugs(notices: &[Notice], out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    // Windows and IIS servers take `Hh-First/` and `hh-first/` for one folder.
    let mut folded: BTreeMap<String, (&str, &Path)> = BTreeMap::new();
    for n in notices {
        let plain = !n.slug.is_empty()
            && n.slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !plain {
            out.push(
                Diagnostic::error(
                    "slug-invalid",
                    &n.file,
                    Span::default(),
                    format!("文件名“{}”不能用作网址", n.slug),
                )
                .with_help("公告文件名只能用英文字母、数字、- 和 _，如 changgou-2014-first.md"),
            );
        }
        if let Some(first) = seen.insert(&n.slug, &n.file) {
            out.push(
                Diagnostic::error(
                    "slug-duplicate",
                    &n.file,
                    Span::default(),
                    format!("文件名“{}”与 {} 重复", n.slug, first.display()),
                )
                .with_help("每个公告的文件名（不含目录）在全站必须唯一"),
            );
        } else if let Some((slug, first)) =
            folded.insert(n.slug.to_ascii_lowercase(), (&n.slug, &n.file))
        {
            out.push(
                Diagnostic::error(
                    "slug-case-collision",
                    &n.file,
                    Span::default(),
                    format!(
                        "文件名“{}”与 {} 的“{slug}”只有大小写不同，在 Windows/IIS 服务器上是同一个网址",
                        n.slug,
                        first.display()
                    ),
                )
                .with_help("改掉其中一个文件名；建议公告文件名一律用小写字母"),
            );
        }
    }
}

fn check_region(site: &Site, n: &Notice, out: &mut Vec<Diagnostic>) {
    let code = n.front.region.value.trim();
    if site.regions.get(code).is_none() {
        out.push(unknown_region(&n.file, n.span(&n.front.region), code));
    }
}

pub(super) fn unknown_region(file: &Path, span: Span, code: &str) -> Diagnostic {
    Diagnostic::error(
        "region-unknown",
        file,
        span,
        format!("区划代码“{code}”不在 site.yaml 的 regions 中"),
    )
    .with_help("核对代码，或在 site.yaml 的 regions 下补上这个村/乡镇")
}

/// `records:` must name a file under `content/records/`, and never leave it.
fn check_records_path(site: &Site, n: &Notice, out: &mut Vec<Diagnostic>) {
    let Some(rec) = &n.front.records else { return };
    let span = n.span(rec);
    let path = Path::new(rec.value.trim());
    let escapes = path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes {
        out.push(
            Diagnostic::error(
                "records-outside",
                &n.file,
                span,
                format!("records 路径“{}”指向 content/records/ 之外", rec.value),
            )
            .with_help("写 content/records/ 下的相对路径，如 households/changgou-2014.yaml"),
        );
        return;
    }
    // Loaded, or present but broken (reported on the file itself): nothing to add.
    // Symbolic links were not loaded, so they land here too.
    let key = n.records_key().unwrap_or_default();
    if site.records_of(n).is_some() || site.content.unreadable_records.contains(&key) {
        return;
    }
    out.push(
        Diagnostic::error(
            "records-not-found",
            &n.file,
            span,
            format!("找不到记录文件 content/records/{}", rec.value.trim()),
        )
        .with_help(
            "核对文件名和目录；路径相对于 content/records/，文件须以 .yaml 结尾，不能是符号链接",
        ),
    );
}

fn check_columns(site: &Site, n: &Notice, out: &mut Vec<Diagnostic>) {
    let Some(columns) = &n.front.columns else {
        return;
    };
    let Some(rf) = site.records_of(n) else {
        if n.front.records.is_none()
            && let Some(first) = columns.first()
        {
            out.push(Diagnostic::warning(
                "columns-without-records",
                &n.file,
                n.span(first),
                "写了 columns 但没有 records，columns 不起作用",
            ));
        }
        return;
    };
    let allowed: Vec<&str> = match &rf.set {
        RecordSet::Table(t) => t.columns.iter().map(|c| c.key.value.as_str()).collect(),
        set => columns_for(set.kind()).iter().map(|c| c.key).collect(),
    };
    for c in columns {
        if !allowed.contains(&c.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "column-unknown",
                    &n.file,
                    n.span(c),
                    format!("{} 记录没有“{}”这一列", rf.set.kind(), c.value),
                )
                .with_help(format!("可用的列：{}", allowed.join("、"))),
            );
        }
    }
}

fn check_follows(n: &Notice, slugs: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    let Some(prev) = &n.front.follows else { return };
    let target = prev.value.trim();
    if target == n.slug || !slugs.contains(target) {
        out.push(
            Diagnostic::error(
                "follows-unknown",
                &n.file,
                n.span(prev),
                format!("follows 指向的公告“{target}”不存在"),
            )
            .with_help("写上一轮公示的文件名（不含 .md），如 changgou-2014-first"),
        );
    }
}

/// A 公示 runs for at least the configured number of days, counting both ends;
/// project and fund notices for `project_min_days`.
fn check_publicity_period(site: &Site, n: &Notice, out: &mut Vec<Diagnostic>) {
    let rules = &site.config().publicity;
    let Some(period) = &n.front.period else {
        if n.kind() == NoticeKind::Publicity {
            out.push(
                Diagnostic::error(
                    "period-missing",
                    &n.file,
                    n.span(&n.front.kind),
                    "公示缺少公示期 period",
                )
                .with_help("加上 period: { from: 2014-03-20, to: 2014-03-26 }（含首尾两天）"),
            );
        }
        return;
    };
    if n.kind() == NoticeKind::Announcement {
        out.push(Diagnostic::warning(
            "period-on-announcement",
            &n.file,
            n.span(period),
            "公告不设公示期，period 不会显示",
        ));
        return;
    }
    let range = period.value.range();
    if range.to < range.from {
        out.push(
            Diagnostic::error(
                "period-reversed",
                &n.file,
                n.span(&period.value.to),
                format!("公示期结束日 {} 早于开始日 {}", range.to, range.from),
            )
            .with_help("to 应不早于 from"),
        );
        return;
    }
    let project_like = site
        .records_of(n)
        .is_some_and(|rf| matches!(rf.set, RecordSet::Projects(_) | RecordSet::Funds(_)))
        || n.front.project.is_some();
    let min = if project_like {
        rules.project_min_days.value
    } else {
        rules.min_days.value
    };
    let days = range.days();
    if days < i64::from(min) {
        let what = if project_like {
            "项目和资金公示"
        } else {
            "公示"
        };
        let earliest_end = range
            .from
            .0
            .checked_add(jiff::Span::new().days(i64::from(min) - 1))
            .map(|d| d.to_string())
            .unwrap_or_default();
        out.push(
            Diagnostic::error(
                "period-too-short",
                &n.file,
                n.span(&period.value.to),
                format!("公示期 {range} 共 {days} 天，少于{what}规定的 {min} 天"),
            )
            .with_help(format!(
                "把 to 改为 {earliest_end} 或更晚（公示期含首尾两天）"
            )),
        );
    }
}

/// 索引号 name one document each; 成文日期 (signed) is not after 发布日期 (issued).
pub fn check_information_index(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<String, &Notice> = BTreeMap::new();
    for n in site.notices() {
        if let Some(w) = &n.front.written_date
            && w.value > n.front.date.value
        {
            out.push(
                Diagnostic::error(
                    "written-date-after-date",
                    &n.file,
                    n.span(w),
                    format!("成文日期 {} 晚于发布日期 {}", w.value, n.front.date.value),
                )
                .with_help("成文日期是签发的日子，不能晚于发布日期；核对 written_date 和 date"),
            );
        }
        let number = site.information_index(n).index_number;
        match first.get(&number) {
            None => {
                first.insert(number, n);
            }
            Some(other) => {
                let span = n
                    .front
                    .index_number
                    .as_ref()
                    .map_or_else(|| n.span(&n.front.date), |i| n.span(i));
                out.push(
                    Diagnostic::error(
                        "index-number-duplicate",
                        &n.file,
                        span,
                        format!(
                            "索引号“{number}”与 {} 相同，两份公示公告的索引号不能相同",
                            other.file.display()
                        ),
                    )
                    .with_help("在其中一份的头信息里写 index_number: 另一个索引号"),
                );
            }
        }
    }
}
