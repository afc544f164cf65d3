//! Printable sheets in real headless Chromium: printing a sheet page gives exactly the
//! number of sheets gongshi computed, every row appears exactly once, and every sheet
//! carries the hotline and its number — for short and long lists, long multi-line
//! cells, A4 and A3, portrait and landscape, normal and large print.
//!
//! Needs `chromium`, poppler's `pdfinfo`/`pdftotext` and the Noto CJK fonts the sheets
//! are measured for: `tests/run` installs them (Debian packages chromium, poppler-utils,
//! fonts-noto-cjk) before running `cargo test`. Each print test first checks they are
//! there and names the missing package (`require_print_tools`).

mod common;

use common::gongshi;
use gongshi::privacy::id_number::check_character;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAPERS: [(&str, &str); 4] = [
    ("A4", "portrait"),
    ("A4", "landscape"),
    ("A3", "portrait"),
    ("A3", "landscape"),
];

/// A valid identity number, different for every `n`.
fn id_number(n: usize) -> String {
    let birth = format!(
        "{}{:02}{:02}",
        1940 + n / 300,
        1 + (n / 25) % 12,
        1 + n % 25
    );
    let first17 = format!("530623{birth}{:03}", n % 1000);
    format!("{first17}{}", check_character(first17.as_bytes()))
}

/// A household head's name that no other row's name contains.
fn head(list: usize, i: usize) -> String {
    format!("户{list}号{i:03}")
}

fn households(list: usize, rows: usize, first_person: usize) -> String {
    let mut y = String::from("kind: households\nyear: 2014\nrows:\n");
    for i in 0..rows {
        let _ = writeln!(
            y,
            "  - {{ head: {}, id_number: \"{}\", region: \"530623101201\", group: {}组, size: {}, income: {}, category: 一般贫困户, causes: [因病, 缺技术, 缺资金] }}",
            head(list, i),
            id_number(first_person + i),
            1 + i % 9,
            1 + i % 6,
            1500 + i
        );
    }
    y
}

/// Projects whose content and scale cells wrap over several lines; each content cell
/// ends in a marker, so a clipped cell shows as a missing marker.
fn long_projects() -> String {
    let mut y = String::from("kind: projects\nyear: 2014\nrows:\n");
    for i in 0..12 {
        let content = "村内道路硬化、人畜饮水工程、庭院改造、产业扶持、沼气池建设、科技培训、危房改造配套、村级活动场所修缮".repeat(1 + i % 3);
        let _ = write!(
            y,
            "  - code: \"P{i:02}\"\n    name: 第{i}号整村推进项目\n    region: \"530623101201\"\n    content: {content}止{i:02}标\n    scale: 道路硬化{i}.5公里，人畜饮水管道3.5公里，新建沼气池{i}0口，培训农民200人次\n    implementer: 某某乡人民政府\n    manager: 杨某某\n    period: {{ from: 2014-04-01, to: 2014-12-30 }}\n    status: 在建\n    funds:\n      - {{ source: 省级财政扶贫资金, amount: 15万元 }}\n      - {{ source: 群众自筹, amount: {i}.5万元 }}\n    total: {}.5万元\n",
            15 + i
        );
    }
    y
}

fn notice(slug: &str, title: &str, records: &str, columns: &str, print: &str) -> (String, String) {
    let text = format!(
        "---\ntitle: {title}\nkind: publicity\nstage: village\nregion: \"530623101201\"\ndate: 2014-03-20\nperiod: {{ from: 2014-03-20, to: 2014-03-31 }}\nrecords: {records}\ncolumns: {columns}\nprint: {print}\n---\n经村民代表大会民主评议，现将名单公示如下。公示期内如有异议，请向村民委员会反映。\n\n第二段：请各位村民监督。\n"
    );
    (format!("content/notices/{slug}.md"), text)
}

struct PrintSite {
    dir: tempfile::TempDir,
    slugs: Vec<(String, Expect)>,
}

#[derive(Clone)]
enum Expect {
    /// Every household name of list `list` with `rows` rows.
    Households { list: usize, rows: usize },
    /// Every project marker.
    Projects,
    /// Every row of the body's Markdown table, and the one household of list 1.
    BodyTable,
}

/// The household of list 5 whose name wraps: a long name must not make other rows
/// taller.
const LONG_NAME: &str = "户5号007·阿卜杜热合曼·买买提依明·艾力江·吐尔逊";

/// Rows of the Markdown table in a notice body.
const BODY_TABLE_ROWS: usize = 70;

fn body_table_marker(i: usize) -> String {
    format!("表{i:02}行")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn make_site() -> PrintSite {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: 测试县扶贫开发信息公开\nissuer: 测试县扶贫开发领导小组办公室\nbase_url: https://www.example.gov.cn/fpgk/\ncontact: { hotline: \"12317\", phone: \"0870-1234567\", address: 县扶贫办(县政府大楼3楼) }\nregions:\n  - code: \"530623000000\"\n    name: 测试县\n    children:\n      - code: \"530623101000\"\n        name: 某某乡\n        children:\n          - { code: \"530623101201\", name: 长沟村 }\n",
    );
    let mut slugs = Vec::new();
    let mut person = 0;
    for (list, rows) in [(1usize, 1usize), (2, 30), (3, 60), (4, 300)] {
        write(
            root,
            &format!("content/records/households/list{list}.yaml"),
            &households(list, rows, person),
        );
        person += rows;
        let slug = format!("hh{rows}");
        let (rel, text) = notice(
            &slug,
            &format!("长沟村贫困户名单公示（{rows}户）"),
            &format!("households/list{list}.yaml"),
            "[head, id_number, group, size, income, category, causes]",
            "{ paper: A4, orientation: portrait }",
        );
        write(root, &rel, &text);
        slugs.push((slug, Expect::Households { list, rows }));
    }
    // One long name among 40 rows.
    write(
        root,
        "content/records/households/list5.yaml",
        &households(5, 40, person).replace(&head(5, 7), LONG_NAME),
    );
    let (rel, text) = notice(
        "hh40-long-name",
        "长沟村贫困户名单公示（40户）",
        "households/list5.yaml",
        "[head, id_number, group, size, income, category, causes]",
        "{ paper: A4, orientation: portrait }",
    );
    write(root, &rel, &text);
    slugs.push((
        "hh40-long-name".into(),
        Expect::Households { list: 5, rows: 40 },
    ));
    // A body with a Markdown table over several sheets, before the list.
    let (rel, text) = notice(
        "body-table",
        "长沟村2014年度到户补助标准公示",
        "households/list1.yaml",
        "[head, id_number, group, size, income, category, causes]",
        "{ paper: A4, orientation: portrait }",
    );
    let mut table = String::from("\n| 补助项目 | 标准（元/户） | 说明 |\n|---|--:|---|\n");
    for i in 0..BODY_TABLE_ROWS {
        let _ = writeln!(
            table,
            "| {} | {} | 按2014年3月26日前核定的人口计算 |",
            body_table_marker(i),
            1000 + i * 50
        );
    }
    write(
        root,
        &rel,
        &format!("{text}{table}\n表后的说明：以上标准自2014年4月1日起执行。\n"),
    );
    slugs.push(("body-table".into(), Expect::BodyTable));
    write(root, "content/records/projects/long.yaml", &long_projects());
    for (paper, orientation) in PAPERS {
        for large in [false, true] {
            let tag = format!(
                "{}{}{}",
                paper.to_lowercase(),
                &orientation[..1],
                if large { "-large" } else { "" }
            );
            let print =
                format!("{{ paper: {paper}, orientation: {orientation}, large_print: {large} }}");
            let slug = format!("hh60-{tag}");
            let (rel, text) = notice(
                &slug,
                "长沟村贫困户名单公示（60户）",
                "households/list3.yaml",
                "[head, id_number, group, size, income, category, causes]",
                &print,
            );
            write(root, &rel, &text);
            slugs.push((slug, Expect::Households { list: 3, rows: 60 }));
            let slug = format!("projects-{tag}");
            let (rel, text) = notice(
                &slug,
                "2014年度扶贫项目公示",
                "projects/long.yaml",
                "[code, name, content, scale, status, total]",
                &print,
            );
            write(root, &rel, &text);
            slugs.push((slug, Expect::Projects));
        }
    }
    let slug = "hh300-a3l-large".to_string();
    let (rel, text) = notice(
        &slug,
        "长沟村贫困户名单公示（300户，大字版）",
        "households/list4.yaml",
        "[head, id_number, group, size, income, category, causes]",
        "{ paper: A3, orientation: landscape, large_print: true }",
    );
    write(root, &rel, &text);
    slugs.push((slug, Expect::Households { list: 4, rows: 300 }));
    PrintSite { dir, slugs }
}

/// The print site, built as on 2014-03-22 with every notice.
fn built_site() -> PrintSite {
    let site = make_site();
    let run = gongshi(&[
        "build",
        "--root",
        site.dir.path().to_str().unwrap(),
        "--today",
        "2014-03-22",
        "--include-future",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// How to get what the print tests need, for the messages below.
const INSTALL: &str = "run tests/run (it installs chromium, poppler-utils and fonts-noto-cjk)";

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// Called first by every test that prints through Chromium: a missing browser, poppler
/// or CJK font is named with its package here, not found later as a wrong page count
/// (without the Noto CJK fonts Chromium prints other glyphs, so other page breaks).
fn require_print_tools() {
    for (tool, package) in [
        ("chromium", "chromium"),
        ("pdfinfo", "poppler-utils"),
        ("pdftotext", "poppler-utils"),
        ("fc-list", "fontconfig fonts-noto-cjk"),
    ] {
        assert!(
            on_path(tool),
            "{tool} not found: {INSTALL} or apt-get install {package}"
        );
    }
    let out = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
        .unwrap_or_else(|e| {
            panic!("fc-list failed ({e}): {INSTALL} or apt-get install fontconfig")
        });
    let families = String::from_utf8_lossy(&out.stdout);
    assert!(
        !families.trim().is_empty(),
        "no CJK font (fc-list :lang=zh lists none): {INSTALL} or apt-get install fonts-noto-cjk"
    );
    assert!(
        families.contains("Noto Serif CJK"),
        "no Noto Serif CJK font, which the sheets are measured for (fc-list :lang=zh lists only {}): \
         {INSTALL} or apt-get install fonts-noto-cjk",
        families.lines().take(5).collect::<Vec<_>>().join("; ")
    );
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("pdfinfo not found ({e}): {INSTALL} or apt-get install poppler-utils")
        });
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// Text per page, in content order, with all whitespace removed (so wrapped cells
/// read as one string).
fn pdf_pages_text(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext not found ({e}): {INSTALL} or apt-get install poppler-utils")
        });
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// The number of sheets gongshi computed, from the "共 M 张" on its sheets.
fn computed_sheets(html: &str) -> usize {
    let at = html.find("共 ").expect("sheet count on page") + "共 ".len();
    html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

fn check_notice(public: &Path, slug: &str, expect: &Expect, work: &Path) -> Result<usize, String> {
    let html_path = public.join(format!("notices/{slug}/print/index.html"));
    let html = std::fs::read_to_string(&html_path).map_err(|e| format!("{slug}: {e}"))?;
    let sheets = computed_sheets(&html);
    let pdf = work.join(format!("{slug}.pdf"));
    common::chromium_pdf(&html_path, &pdf);
    let pages = pdf_pages(&pdf);
    if pages != sheets {
        return Err(format!(
            "{slug}: Chromium printed {pages} pages, gongshi computed {sheets} sheets"
        ));
    }
    let texts = pdf_pages_text(&pdf);
    if texts.len() != pages {
        return Err(format!("{slug}: pdftotext found {} pages", texts.len()));
    }
    for (i, page) in texts.iter().enumerate() {
        let number = format!("第{}张共{}张", i + 1, sheets);
        for needed in [
            "12317",
            "0870-1234567",
            number.as_str(),
            "测试县扶贫开发领导小组办公室",
            "公示期",
            // The deadline, under the title of every sheet.
            "如有异议，请于2014年3月31日前向",
        ] {
            if !page.contains(needed) {
                return Err(format!("{slug}: sheet {} lacks {needed}", i + 1));
            }
        }
    }
    let all: String = texts.concat();
    let markers: Vec<String> = match expect {
        Expect::Households { list, rows } => (0..*rows).map(|i| head(*list, i)).collect(),
        Expect::Projects => (0..12).map(|i| format!("止{i:02}标")).collect(),
        Expect::BodyTable => (0..BODY_TABLE_ROWS)
            .map(body_table_marker)
            .chain([head(1, 0), "表后的说明".to_string()])
            .collect(),
    };
    for m in &markers {
        let n = all.matches(m.as_str()).count();
        if n != 1 {
            return Err(format!("{slug}: {m} printed {n} times"));
        }
    }
    Ok(sheets)
}

#[test]
fn printed_sheets_match_the_computed_layout() {
    require_print_tools();
    let site = built_site();
    let public = site.dir.path().join("public");
    let work = tempfile::tempdir().unwrap();
    let work_path: PathBuf = work.path().to_path_buf();
    // Two Chromiums at a time: the machines have two cores.
    let chunks: Vec<Vec<(String, Expect)>> = site
        .slugs
        .chunks(site.slugs.len().div_ceil(2))
        .map(<[_]>::to_vec)
        .collect();
    let results: Vec<Result<(String, usize), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let public = &public;
                let work = &work_path;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(slug, expect)| {
                            check_notice(public, slug, expect, work).map(|n| (slug.clone(), n))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
    let sheets: std::collections::BTreeMap<String, usize> =
        results.into_iter().map(Result::unwrap).collect();
    // Longer lists take more sheets, large print more than normal, A3 fewer than A4.
    assert_eq!(sheets["hh1"], 1);
    assert!(
        sheets["hh1"] <= sheets["hh30"]
            && sheets["hh30"] < sheets["hh60"]
            && sheets["hh60"] < sheets["hh300"]
    );
    assert!(sheets["hh60-a4p"] < sheets["hh60-a4p-large"]);
    assert!(sheets["hh60-a3p"] <= sheets["hh60-a4p"]);
    assert!(sheets["projects-a4p"] < sheets["projects-a4p-large"]);
}

#[test]
fn sheets_print_on_the_configured_paper() {
    require_print_tools();
    let site = built_site();
    let public = site.dir.path().join("public");
    let work = tempfile::tempdir().unwrap();
    for (slug, width_mm, height_mm) in [
        ("hh60-a4p", 210.0, 297.0),
        ("hh60-a4l", 297.0, 210.0),
        ("hh60-a3p", 297.0, 420.0),
        ("hh60-a3l-large", 420.0, 297.0),
    ] {
        let pdf = work.path().join("p.pdf");
        common::chromium_pdf(
            &public.join(format!("notices/{slug}/print/index.html")),
            &pdf,
        );
        let out = Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap_or_else(|e| {
                panic!("pdfinfo not found ({e}): {INSTALL} or apt-get install poppler-utils")
            });
        let info = String::from_utf8_lossy(&out.stdout);
        let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
        let dims: Vec<f64> = line
            .trim_start_matches("Page size:")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let pt = |mm: f64| mm * 72.0 / 25.4;
        assert!(
            (dims[0] - pt(width_mm)).abs() < 2.0 && (dims[1] - pt(height_mm)).abs() < 2.0,
            "{slug}: {line}"
        );
    }
}

#[test]
fn build_pdf_prints_every_sheet_page() {
    require_print_tools();
    let site = common::SiteCopy::of("good");
    let run = site.run(&[
        "build",
        "--today",
        "2014-03-22",
        "--include-future",
        "--pdf",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for slug in ["hh-first", "projects-2014", "yulu"] {
        let html = site.read(&format!("public/notices/{slug}/print/index.html"));
        let pdf = site.path(&format!("public/notices/{slug}/print/print.pdf"));
        assert!(pdf.is_file(), "{slug}: no print.pdf");
        assert_eq!(pdf_pages(&pdf), computed_sheets(&html), "{slug}");
    }
    assert!(
        site.path("public/regions/530623101201/print/print.pdf")
            .is_file()
    );
}

#[test]
fn build_pdf_without_chromium_says_how_to_get_it_and_writes_nothing() {
    let site = common::SiteCopy::of("good");
    let empty = tempfile::tempdir().unwrap();
    let run = common::gongshi_with_env(
        &["build", "--root", site.root().to_str().unwrap(), "--pdf"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("apt-get install chromium"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

/// Read at a metre from the board: the table at 12 pt or more on A4, the deadline in
/// bold at body size on every sheet, a QR code of 25 mm or more (computed styles in
/// real Chromium).
#[test]
fn sheet_type_and_qr_code_read_from_a_metre() {
    require_print_tools();
    let out = common::build_sample(&[
        "--today",
        "2014-03-22",
        "--include-future",
        "--base-url",
        "https://www.example.gov.cn/fpgk/",
    ]);
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    let url = format!(
        "file://{}/notices/changgou-2014-first/print/index.html",
        out.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let value = |script: &str| -> serde_json::Value {
        tab.evaluate(script, false)
            .unwrap_or_else(|e| panic!("{script}: {e}"))
            .value
            .unwrap_or_else(|| panic!("{script}: no value"))
    };
    // CSS pixels: 1 pt = 4/3 px, 1 mm = 96/25.4 px.
    let px = |script: &str| value(script).as_f64().unwrap();
    let table =
        px("parseFloat(getComputedStyle(document.querySelector('.sheet-table td')).fontSize)");
    assert!(table >= 12.0 * 4.0 / 3.0 - 0.01, "table text {table}px");
    let qr = px("document.querySelector('.sheet-qr svg').getBoundingClientRect().width");
    assert!(qr >= 25.0 * 96.0 / 25.4, "QR code {qr}px");
    let sheets = px("document.querySelectorAll('section.sheet').length");
    let deadlines = value(
        "JSON.stringify([...document.querySelectorAll('section.sheet')].map(s => { const d = s.querySelector('.sheet-deadline'); if (!d) return null; const c = getComputedStyle(d); return [d.innerText.replace(/\\s/g, ''), parseFloat(c.fontSize), parseInt(c.fontWeight)]; }))",
    );
    let deadlines: Vec<Option<(String, f64, u32)>> =
        serde_json::from_str(deadlines.as_str().unwrap()).unwrap();
    assert_eq!(deadlines.len() as f64, sheets);
    for (i, d) in deadlines.iter().enumerate() {
        let (text, size, weight) = d
            .clone()
            .unwrap_or_else(|| panic!("sheet {} has no deadline", i + 1));
        // The village committee's own contact (site.yaml), then the phones.
        assert!(
            text.contains("如有异议，请于2014年3月26日前向长沟村村民委员会（联系人：李明，电话：0870-1234001）反映"),
            "{text}"
        );
        assert!(
            text.contains("12317") && text.contains("0870-1234567"),
            "{text}"
        );
        assert!(size >= 16.0 * 4.0 / 3.0 - 0.01, "deadline at {size}px");
        assert!(weight >= 700, "deadline weight {weight}");
    }
}

/// Nothing on a sheet is cut off: gongshi breaks the lines and the browser does not
/// wrap them again, so a line the layout measured too narrow would be clipped by its
/// cell or run off the sheet, and a caption given too few lines would lose one (half
/// a line of slack vertically: the CJK fonts' glyph boxes are taller than the fixed
/// line height, by a few pixels, without any glyph being cut). Every text element of every sheet of every paper and
/// type size is checked in Chromium (its content fits its box), and so is every sheet
/// (its blocks fit the paper). One long name makes its own row taller, not the others.
#[test]
fn sheet_text_is_never_clipped_and_rows_keep_their_own_height() {
    require_print_tools();
    let site = built_site();
    let profile = tempfile::tempdir().unwrap();
    let browser = common::chromium(profile.path(), (1280, 1000), &[]);
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for (slug, _) in &site.slugs {
        let url = format!(
            "file://{}/public/notices/{slug}/print/index.html",
            site.dir.path().display()
        );
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let clipped = tab
            .evaluate(
                "JSON.stringify([...document.querySelectorAll('.sheet h1, .sheet p, .sheet th, .sheet td, .sheet-deadline span, section.sheet')].filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 0.5 * (parseFloat(getComputedStyle(e).lineHeight) || 20)).map(e => e.tagName + ': ' + e.innerText.slice(0, 40) + ' (' + e.scrollWidth + '>' + e.clientWidth + ' or ' + e.scrollHeight + '>' + e.clientHeight + ')'))",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let clipped: Vec<String> = serde_json::from_str(clipped.as_str().unwrap()).unwrap();
        if !clipped.is_empty() {
            failures.push(format!("{slug}: {clipped:#?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // A3 is A4 enlarged: table type and QR code grow by √2.
    let url = format!(
        "file://{}/public/notices/hh60-a3p/print/index.html",
        site.dir.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let px = |script: &str| {
        tab.evaluate(script, false)
            .unwrap()
            .value
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let table =
        px("parseFloat(getComputedStyle(document.querySelector('.sheet-table td')).fontSize)");
    assert!(table >= 16.5 * 4.0 / 3.0 - 0.01, "A3 table text {table}px");
    let qr = px("document.querySelector('.sheet-qr svg').getBoundingClientRect().width");
    assert!(qr >= 36.0 * 96.0 / 25.4, "A3 QR code {qr}px");

    let url = format!(
        "file://{}/public/notices/hh40-long-name/print/index.html",
        site.dir.path().display()
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let rows = tab
        .evaluate(
            "JSON.stringify([...document.querySelectorAll('.sheet-table tbody tr:not(.total)')].map(r => [r.cells[0].innerText.replace(/\\s/g, ''), r.getBoundingClientRect().height]))",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let rows: Vec<(String, f64)> = serde_json::from_str(rows.as_str().unwrap()).unwrap();
    assert_eq!(rows.len(), 40);
    let short = rows
        .iter()
        .filter(|(name, _)| name != LONG_NAME)
        .map(|(_, h)| *h)
        .fold(f64::INFINITY, f64::min);
    for (name, h) in &rows {
        if name == LONG_NAME {
            assert!(
                *h > short * 1.5,
                "the long name's row is {h}px, others {short}px"
            );
        } else {
            assert!((h - short).abs() < 0.5, "{name}: {h}px, not {short}px");
        }
    }
}

/// The words a reader copies down from a board — phones, dates, amounts, masked ID
/// numbers — are never split across lines on the printed sheets of the sample county:
/// each, taken from the notice's open data and the site's settings, is found whole on
/// one line of the PDF text.
#[test]
fn printed_sheets_keep_numbers_dates_and_phones_whole() {
    require_print_tools();
    let out = common::build_sample(&["--today", "2014-03-22", "--include-future"]);
    let work = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    let notices = std::fs::read_dir(out.path().join("notices")).unwrap();
    for entry in notices {
        let dir = entry.unwrap().path();
        // notices/index.html and index_N.html list every notice; a notice is a folder.
        if !dir.is_dir() {
            continue;
        }
        let slug = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut words: Vec<String> = vec![
            "12317".into(),
            "0870-1234567".into(),
            "2014年3月26日".into(),
        ];
        if let Ok(json) = std::fs::read_to_string(dir.join("data.json")) {
            let data: serde_json::Value = serde_json::from_str(&json).unwrap();
            let mut cells = Vec::new();
            collect_strings(&data, &mut cells);
            words.extend(cells.iter().flat_map(|c| numeric_words(c)));
        }
        let pdf = work.path().join(format!("{slug}.pdf"));
        common::chromium_pdf(&dir.join("print/index.html"), &pdf);
        let text = Command::new("pdftotext")
            .arg("-raw")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let lines: Vec<String> = String::from_utf8_lossy(&text.stdout)
            .lines()
            .map(|l| l.chars().filter(|c| *c != ' ').collect())
            .collect();
        let all: String = lines.concat();
        for w in &words {
            if !all.contains(w.as_str()) {
                continue; // not on this notice's sheets (another notice's date)
            }
            checked += 1;
            if !lines.iter().any(|l| l.contains(w.as_str())) {
                failures.push(format!("{slug}: {w} is split across lines"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked > 100, "only {checked} words found on the sheets");
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The runs of a text that start with a digit and go on through digits, `.`, `-`,
/// `*`, `X`, `%` and the units 万元/元/户/人 — "213.72505万元", "530623********001X",
/// "16.4%" — at least four characters long.
fn numeric_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | '-' | '*' | 'X' | '%'))
        {
            i += 1;
        }
        for unit in ["万元", "元", "户", "人"] {
            let u: Vec<char> = unit.chars().collect();
            if chars[i..].starts_with(&u) {
                i += u.len();
                break;
            }
        }
        if i - start >= 4 {
            out.push(chars[start..i].iter().collect());
        }
    }
    out
}

/// The objections received during a round, and their results, are printed on the
/// sheets of the round after it, with the change each one caused (issue #18 §2).
#[test]
fn objections_and_their_results_are_printed_on_the_next_rounds_sheets() {
    require_print_tools();
    let site = common::SiteCopy::of("three_years");
    let run = site.run(&["build", "--today", "2017-01-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let work = tempfile::tempdir().unwrap();
    let pdf = work.path().join("sheet.pdf");
    common::chromium_pdf(
        &site.path("public/notices/exit-2015-announcement/print/index.html"),
        &pdf,
    );
    let text = pdf_pages_text(&pdf).concat();
    for want in [
        "公示期间收到异议2件，处理结果如下（长沟村2015年度贫困户退出公示（第一次））：",
        "1.2015年11月12日，一组村民反映：李正华户两个孩子上学开支大",
        "（涉及户530623********1213）",
        "处理结果：移出。",
        "处理结果：维持。",
        "移出：李正华（530623********1213），原因：持续增收基础不稳，暂缓退出（见第一次公示期间第1件异议）",
        "不愁吃",
        "住房安全有保障",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    assert!(!text.contains("530623195811021213"));
}
