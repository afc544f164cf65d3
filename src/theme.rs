//! The theme: the embedded default, overlaid by a site's own `themes/NAME/` files.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// Templates by name (`notice.html`, `partials/table.html`) and static files by path
/// under `static/`.
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn default_theme() -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
        };
        for (path, bytes) in embedded::DEFAULT_THEME {
            theme.add(path, bytes.to_vec());
        }
        theme
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>) -> Option<()> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).ok()?;
            self.templates.insert(name.to_string(), text);
        } else if let Some(rel) = path.strip_prefix("static/") {
            self.static_files.insert(rel.to_string(), bytes);
        }
        Some(())
    }

    /// Are the templates exactly the embedded ones? (A site may carry copies of them,
    /// as the sample does.)
    pub fn templates_are_builtin(&self) -> bool {
        self.templates == Theme::default_theme().templates
    }

    /// The default theme with the site's `themes/NAME/` files replacing files of the
    /// same name.
    pub fn for_site(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default_theme();
        let dir = site.root.join("themes").join(site.config().theme_name());
        let mut problems = Vec::new();
        for (rel, bytes) in files_in(&dir) {
            let display = Path::new("themes")
                .join(site.config().theme_name())
                .join(&rel);
            if theme.add(&rel, bytes).is_none() {
                problems.push(Diagnostic::error(
                    "not-utf8",
                    &display,
                    Span::default(),
                    "模板文件不是 UTF-8 编码",
                ));
            }
        }
        if problems.is_empty() {
            Ok(theme)
        } else {
            Err(problems)
        }
    }
}

/// Regular files under `dir`, as (`/`-separated path relative to `dir`, bytes), sorted.
pub fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(entry.path()) {
            out.push((rel, bytes));
        }
    }
    out
}
