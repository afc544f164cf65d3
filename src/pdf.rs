//! `gongshi build --pdf`: a PDF of every sheet page, printed by a headless Chromium
//! found on PATH, written into the output before it is swapped in.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The first Chromium-family browser on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b)))
        .find(|p| p.is_file())
}

pub const NO_CHROMIUM: &str = "没有找到 Chromium 浏览器，无法生成 PDF。请先安装（Debian/Ubuntu：apt-get install chromium；统信UOS/麒麟：在应用商店安装 Chromium），或去掉 --pdf，直接用浏览器打开打印页打印。";

/// Prints every `**/print/index.html` under `dir` to `print.pdf` beside it. Returns
/// how many PDFs were written.
pub fn print_pdfs(chromium: &Path, dir: &Path) -> Result<usize, String> {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.ends_with("print/index.html"))
        .collect();
    pages
        .par_iter()
        .try_for_each(|page| print_one(chromium, page))?;
    Ok(pages.len())
}

fn print_one(chromium: &Path, page: &Path) -> Result<(), String> {
    print_to_pdf(chromium, page, &page.with_file_name("print.pdf"))
}

/// Prints the page at `page` to `pdf` with headless Chromium, in a profile of its own
/// (the tests print sheets this same way).
pub fn print_to_pdf(chromium: &Path, page: &Path, pdf: &Path) -> Result<(), String> {
    let profile = tempfile::tempdir().map_err(|e| format!("无法创建临时目录：{e}"))?;
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("无法运行 {}：{e}", chromium.display()))?;
    if status.success() && pdf.is_file() {
        Ok(())
    } else {
        Err(format!("Chromium 未能把 {} 打印成 PDF", page.display()))
    }
}
