//! Rendering a checked site: view models, templates, minified pages.

mod charts;
mod escape;
pub use escape::push_escaped;
mod feeds;
mod fragment;
mod funds;
mod guard;
mod household_history;
pub mod markdown;
mod minify;
mod objections;
pub mod open_data;
mod pages;
mod portal;
mod project_life;
pub mod reads;
pub use pages::{NOTICES_PER_PAGE, ledger_problems, newest_first};
pub mod scope;
pub mod search;
pub mod sheets;
pub mod table_html;
pub mod tables;
pub mod versions;
pub mod view;

use crate::diagnostic::{Diagnostic, Span};
use crate::output::{OutputError, Staging};
use crate::theme::Theme;
use crate::{BuildOptions, Site};
use scope::Scope;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum RenderFailure {
    /// A template or theme problem (reported like content).
    Content(Vec<Diagnostic>),
    Output(OutputError),
}

impl From<OutputError> for RenderFailure {
    fn from(e: OutputError) -> Self {
        RenderFailure::Output(e)
    }
}

/// Renders every page and copies static files into `staging`. Returns the number of
/// HTML pages written and what each page read.
pub fn render_site(
    site: &Site,
    opts: &BuildOptions,
    single_file: bool,
    staging: &mut Staging,
    progress: &dyn crate::progress::Progress,
) -> Result<(usize, reads::PageReads, Vec<versions::Unrecorded>), RenderFailure> {
    let theme = Theme::for_site(site).map_err(RenderFailure::Content)?;
    let templates = Templates::compile(site, &theme)?;
    let out =
        guard::GuardedOutput::new(staging, &opts.output, site.config().unscanned_files.clone());
    let inline_css = single_file.then(|| {
        String::from_utf8_lossy(
            theme
                .static_files
                .get("style.css")
                .map_or(&[][..], Vec::as_slice),
        )
        .into_owned()
    });
    let pages = pages::render_pages(
        site,
        opts,
        &templates,
        &out,
        inline_css.as_deref(),
        progress,
        &Scope::All,
    )?;
    let theme_static = Path::new("themes")
        .join(site.config().theme_name())
        .join("static");
    for (rel, bytes) in &theme.static_files {
        out.copy(&format!("static/{rel}"), &theme_static.join(rel), bytes)?;
    }
    for (rel, bytes) in crate::theme::files_in(&site.root.join("static")) {
        out.copy(&rel, &Path::new("static").join(&rel), &bytes)?;
    }
    let leaks = out.diagnostics(site.sources());
    if !leaks.is_empty() {
        return Err(RenderFailure::Content(leaks));
    }
    Ok(pages)
}

/// Files by their `/`-separated path in the output.
pub type Files = Vec<(String, Vec<u8>)>;

/// What a render of some pages produced.
pub struct Scoped {
    /// HTML pages rendered.
    pub pages: usize,
    pub files: Files,
    /// Output paths in scope that are no longer part of the output.
    pub gone: Vec<String>,
    /// What the pages read.
    pub reads: reads::PageReads,
}

/// Renders only the pages in `scope` (the preview's rebuild after a small change),
/// keeping them in memory: nothing is written unless every one passed the leak
/// guard.
pub fn render_scoped(
    site: &Site,
    opts: &BuildOptions,
    scope: &Scope,
) -> Result<Scoped, RenderFailure> {
    let theme = Theme::for_site(site).map_err(RenderFailure::Content)?;
    let templates = Templates::compile(site, &theme)?;
    let out = guard::GuardedOutput::in_memory(scope, &opts.output);
    let silent = crate::progress::Silent;
    let (pages, reads, _) =
        pages::render_pages(site, opts, &templates, &out, None, &silent, scope)?;
    let leaks = out.diagnostics(site.sources());
    if !leaks.is_empty() {
        return Err(RenderFailure::Content(leaks));
    }
    let gone = out.gone();
    Ok(Scoped {
        pages,
        files: out.into_files(),
        gone,
        reads,
    })
}

/// The compiled templates, and where each came from for error messages.
pub struct Templates {
    tera: tera::Tera,
    theme_dir: PathBuf,
    /// Some template could not be minified once, so every page is minified instead.
    minify_each_page: bool,
    /// The length of the page each template rendered last: the next page of a
    /// template is about as long, and its buffer is allocated once at that size
    /// instead of growing (and being copied) a dozen times.
    last_len: std::collections::HashMap<String, std::sync::atomic::AtomicUsize>,
}

impl Templates {
    fn compile(site: &Site, theme: &Theme) -> Result<Templates, RenderFailure> {
        let theme_dir = PathBuf::from("themes").join(site.config().theme_name());
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(escape::escape_html);
        let mut minify_each_page = false;
        let sources: Vec<(&str, std::borrow::Cow<'_, str>)> = theme
            .templates
            .iter()
            .map(|(name, src)| {
                let minified = name
                    .ends_with(".html")
                    .then(|| minify::minify_template(src))
                    .flatten();
                match minified {
                    Some(m) => (name.as_str(), m.into()),
                    None => {
                        minify_each_page |= name.ends_with(".html") && name != "print.html";
                        (name.as_str(), src.as_str().into())
                    }
                }
            })
            .collect();
        tera.add_raw_templates(sources.iter().map(|(k, v)| (*k, v.as_ref())))
            .map_err(|e| RenderFailure::Content(vec![template_error(&theme_dir, None, &e)]))?;
        let last_len = theme
            .templates
            .keys()
            .map(|name| (name.clone(), std::sync::atomic::AtomicUsize::new(0)))
            .collect();
        Ok(Templates {
            tera,
            theme_dir,
            minify_each_page,
            last_len,
        })
    }

    /// Renders `name`, minified.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, RenderFailure> {
        let html = self.render_plain(name, context)?;
        Ok(if self.minify_each_page {
            minify::minify_page(&html)
        } else {
            html
        })
    }

    /// Renders `name` from its (once-minified) template, without minifying the page.
    /// Sheet pages take this path: they are printed, not browsed, and minifying each
    /// of them cost most of a build's time.
    pub fn render_plain(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> Result<Vec<u8>, RenderFailure> {
        use std::sync::atomic::Ordering;
        let last = self.last_len.get(name);
        let expected = last.map_or(0, |l| l.load(Ordering::Relaxed));
        let mut html = Vec::with_capacity(expected + expected / 8);
        // Rendered from UTF-8 text and values, so UTF-8 itself: the bytes go to a file
        // as they are, without tera's check that they are.
        self.tera.render_to(name, context, &mut html).map_err(|e| {
            RenderFailure::Content(vec![template_error(&self.theme_dir, Some(name), &e)])
        })?;
        if let Some(last) = last {
            last.store(html.len(), Ordering::Relaxed);
        }
        Ok(html)
    }
}

fn template_error(
    theme_dir: &std::path::Path,
    name: Option<&str>,
    err: &tera::Error,
) -> Diagnostic {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push('：');
        message.push_str(&s.to_string());
        source = s.source();
    }
    let file = match name {
        Some(n) => theme_dir.join("templates").join(n),
        None => theme_dir.join("templates"),
    };
    Diagnostic::error(
        "template-error",
        &file,
        Span::default(),
        format!("模板出错：{message}"),
    )
    .with_help("若修改过主题模板，请对照内置模板检查；内置模板出错请报告问题")
}
