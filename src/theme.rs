//! The theme: the embedded default, overlaid by a site's own `themes/NAME/` files.

use crate::Site;
use crate::diagnostic::{Diagnostic, Span};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// Partials of earlier versions that drew tables and sheets: Rust draws them now, and
/// a site's copy would be silently ignored.
const RETIRED_TEMPLATES: [&str; 3] = [
    "partials/table.html",
    "partials/sheet.html",
    "partials/sheet_table.html",
];

/// Templates by name (`notice.html`, `partials/facts.html`) and static files by path
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
            let retired = rel
                .strip_prefix("templates/")
                .filter(|name| RETIRED_TEMPLATES.contains(name));
            if let Some(name) = retired {
                problems.push(
                    Diagnostic::error(
                        "template-retired",
                        &display,
                        Span::default(),
                        format!("模板 {name} 已不再使用：数据表格和张贴纸由程序直接生成，这个文件的修改不会生效"),
                    )
                    .with_help("请删除这个文件；表格的样式在 static/style.css 中修改，张贴纸的样式在 print.html 的 <style> 中修改"),
                );
                continue;
            }
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
