//! `gongshi verify`: checks a built output (or a copy downloaded from the portal)
//! against what was published: every notice in the publication ledger is there with
//! the content its digest was recorded for, each earlier version's page is there, and
//! — when the site has published with `gongshi publish` — every file is as it was
//! handed over.

use crate::content::load_ledger;
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::model::content_diff::ContentDiff;
use crate::model::ledger::{NoticeRecord, short_digest};
use crate::publish::{PublishError, Records};
use crate::render::open_data::NoticeData;
use crate::render::versions::version_url;
use std::path::{Path, PathBuf};

/// What a verification found.
#[derive(Debug, Default)]
pub struct Verification {
    pub problems: Vec<Diagnostic>,
    /// The ledger files read, for quoting.
    pub sources: SourceMap,
    pub notices: usize,
    /// Files compared with the last publication's manifest (0 when there is none).
    pub files: usize,
    /// Files of the output the last publication did not hand over (built since).
    pub unpublished: Vec<String>,
    pub manifest: bool,
}

#[derive(Debug)]
pub enum VerifyError {
    /// The output folder is not there.
    NoOutput(PathBuf),
    Publish(PublishError),
    Load(PathBuf, std::io::Error),
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::NoOutput(p) => write!(
                f,
                "找不到要核对的网站 {}：先运行 gongshi build，或用 --output 指定从门户网站下载的网站目录",
                p.display()
            ),
            VerifyError::Publish(e) => write!(f, "{e}"),
            VerifyError::Load(p, e) => write!(f, "读取 {} 失败：{e}", p.display()),
        }
    }
}

/// Verifies the output at `output` against the site at `root`.
pub fn verify(root: &Path, output: &Path) -> Result<Verification, VerifyError> {
    if !output.is_dir() {
        return Err(VerifyError::NoOutput(output.to_path_buf()));
    }
    let mut v = Verification {
        sources: SourceMap::rooted(root),
        ..Verification::default()
    };
    let ledger = load_ledger(root, &mut v.sources, &mut v.problems).map_err(|e| match e {
        crate::content::LoadFailure::Io(p, e) => VerifyError::Load(p, e),
        _ => VerifyError::Load(root.to_path_buf(), std::io::ErrorKind::InvalidData.into()),
    })?;
    for (slug, record) in &ledger {
        v.notices += 1;
        verify_notice(output, slug, record, &mut v.problems);
    }
    let records = Records::open(root, output, false).map_err(VerifyError::Publish)?;
    if !records.is_first() {
        v.manifest = true;
        let (now, changes) = records.compare(output).map_err(VerifyError::Publish)?;
        v.files = now.files.len();
        for path in &changes.changed {
            v.problems.push(output_problem(
                "verify-file-changed",
                output,
                path,
                "与上次发布（publish/manifest.tsv）时的内容不同",
                "网站上的文件被改动过，或发布后又生成过：用 gongshi publish 发布当前内容，\
                 或从更新包恢复这个文件",
            ));
        }
        for path in &changes.deleted {
            v.problems.push(output_problem(
                "verify-file-missing",
                output,
                path,
                "上次发布时有这个文件，现在没有了",
                "从更新包恢复它，或重新生成后用 gongshi publish 发布",
            ));
        }
        v.unpublished = changes.added;
    }
    Ok(v)
}

fn verify_notice(output: &Path, slug: &str, record: &NoticeRecord, out: &mut Vec<Diagnostic>) {
    let Some(latest) = record.latest() else {
        return;
    };
    let data_path = format!("notices/{slug}/data.json");
    let data = match NoticeData::read(output, slug) {
        Ok(d) => d,
        Err(why) => {
            out.push(output_problem(
                "verify-notice-missing",
                output,
                &data_path,
                &format!(
                    "版本记录里的公示“{}”在网站上没有（{why}）",
                    latest.content.title
                ),
                "重新生成并发布网站；已发布的公示不能从网站上撤下",
            ));
            return;
        }
    };
    let digest = data.content.digest();
    if digest != latest.digest || data.version.number != latest.version {
        let changed = ContentDiff::between(&latest.content, &data.content).summary();
        out.push(output_problem(
            "verify-digest-mismatch",
            output,
            &data_path,
            &format!(
                "网站上的内容（第 {} 版，摘要 {}）与版本记录的第 {} 版（摘要 {}）不符{}",
                data.version.number,
                short_digest(&digest),
                latest.version,
                short_digest(&latest.digest),
                if changed.is_empty() {
                    String::new()
                } else {
                    format!("：{changed}")
                }
            ),
            if data.version.number == latest.version + 1 {
                // What a clerk sees between writing a correction and publishing it.
                "网站上的这一版还没有记入版本记录：如果是刚写了更正说明、还没有发布，用 gongshi publish \
                 发布（会把新版本记入 content/published/）后再核对；否则是网站上的公示被改动过，重新生成并发布"
            } else {
                "网站上的公示被改动过，或是用改过的内容生成的：重新生成并发布；确需修改的公示要写更正说明"
            },
        ));
        return;
    }
    let pages = std::iter::once((format!("notices/{slug}/index.html"), latest)).chain(
        record.versions[..record.versions.len() - 1]
            .iter()
            .map(|v| (version_url(slug, v.version), v)),
    );
    for (page, version) in pages {
        let short = short_digest(&version.digest);
        let shows = std::fs::read_to_string(output.join(&page)).is_ok_and(|t| t.contains(&short));
        if !shows {
            out.push(output_problem(
                "verify-page-mismatch",
                output,
                &page,
                &format!(
                    "这个页面不在，或没有写第 {} 版的摘要 {short}",
                    version.version
                ),
                "重新生成并发布网站",
            ));
        }
    }
}

fn output_problem(
    code: &'static str,
    output: &Path,
    path: &str,
    message: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(code, &output.join(path), Span::default(), message).with_help(help)
}
