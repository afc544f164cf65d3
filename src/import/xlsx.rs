//! Workbooks (`.xlsx`, `.xlsm`, `.xls`) through calamine, keeping each cell's type:
//! a number stays a number, so an ID number Excel turned into one can be caught.

use super::grid::{Cell, Grid, GridRow};
use crate::model::date::Day;
use calamine::{Data, Dimensions, Range, Reader, Sheets, open_workbook_auto};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Why the workbook could not be read (a usage or I/O problem: exit 2).
#[derive(Debug)]
pub enum WorkbookError {
    Open(String),
    NoSuchSheet {
        wanted: String,
        found: Vec<String>,
    },
    Empty,
    /// A part of the workbook (a sheet, its shared strings) unpacks to more than
    /// [`MAX_PART_MB`]: a content problem (exit 1).
    TooLarge {
        part: String,
        bytes: u64,
    },
}

/// The reader unpacks a sheet and the workbook's shared strings whole into memory.
/// A sheet of 100,000 households unpacks to well under 100 MB; a shared string of a
/// gigabyte (one cell) took 4.7 GB to read.
pub const MAX_PART_MB: u64 = 256;

pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, WorkbookError> {
    check_part_sizes(path)?;
    let mut book = open_workbook_auto(path).map_err(|e| WorkbookError::Open(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| WorkbookError::NoSuchSheet {
                wanted: wanted.to_string(),
                found: names.clone(),
            })?,
        None => names.first().cloned().ok_or(WorkbookError::Empty)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| WorkbookError::Open(e.to_string()))?;
    let merged = merged_cells(&mut book, &name);
    let other_sheets = if sheet.is_none() {
        names
            .iter()
            .filter(|n| **n != name)
            .filter(|n| {
                book.worksheet_range(n)
                    .is_ok_and(|r| r.used_cells().any(|(_, _, d)| !matches!(d, Data::Empty)))
            })
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let mut grid = to_grid(&range, &merged);
    if matches!(book, Sheets::Xlsx(_)) {
        grid.hidden_rows = hidden_rows(path, &name).unwrap_or_default();
    }
    grid.sheet = Some(name);
    grid.other_sheets = other_sheets;
    Ok(grid)
}

/// Refuses an `.xlsx`/`.xlsm` (a zip archive) with a part that unpacks to more than
/// [`MAX_PART_MB`], by the sizes its directory gives, before anything is unpacked.
/// An `.xls` is not an archive: its size is the file's.
fn check_part_sizes(path: &Path) -> Result<(), WorkbookError> {
    let Ok(file) = std::fs::File::open(path) else {
        // Opening the workbook will say why.
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        if part.size() > MAX_PART_MB << 20 {
            return Err(WorkbookError::TooLarge {
                part: part.name().map(|n| n.into_owned()).unwrap_or_default(),
                bytes: part.size(),
            });
        }
    }
    Ok(())
}

/// Merged areas of the sheet; where the reader cannot tell, none.
fn merged_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn to_grid(range: &Range<Data>, merged: &[Dimensions]) -> Grid {
    let Some((row0, col0)) = range.start() else {
        return Grid::default();
    };
    let mut rows: Vec<GridRow> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| GridRow {
            number: row0 + i as u32 + 1,
            cells: std::iter::repeat_n(Cell::Empty, col0 as usize)
                .chain(cells.iter().map(cell_of))
                .collect(),
        })
        .collect();
    // A cell merged down a column (a village name over the rows of its households)
    // means that value on every row it covers.
    for m in merged {
        let (top, left) = m.start;
        let (bottom, right) = m.end;
        if left != right || bottom <= top {
            continue;
        }
        let Some(value) = top
            .checked_sub(row0)
            .and_then(|r| rows.get(r as usize))
            .map(|r| r.cell(left + 1).clone())
        else {
            continue;
        };
        for r in top + 1..=bottom {
            if let Some(row) = r.checked_sub(row0).and_then(|i| rows.get_mut(i as usize)) {
                let col = left as usize;
                if row.cells.len() <= col {
                    row.cells.resize(col + 1, Cell::Empty);
                }
                if row.cells[col].is_blank() {
                    row.cells[col] = value.clone();
                }
            }
        }
    }
    Grid {
        rows,
        ..Grid::default()
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => Cell::Date(Day(date)),
                Err(_) => Cell::Error(format!("{y}-{m:02}-{d:02}")),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match Day::parse(s.get(..10).unwrap_or(s)) {
            Ok(day) => Cell::Date(day),
            Err(_) => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// The rows of sheet `name` that Excel hides (an AutoFilter, or rows hidden by hand):
/// calamine reads them like any other, so the sheet's XML is read for `<row
/// hidden="1">`. `None` when the workbook is not laid out as expected (nothing is
/// then known to be hidden).
fn hidden_rows(path: &Path, name: &str) -> Option<BTreeSet<u32>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let id = elements(&mut zip, "xl/workbook.xml", "sheet", |attrs| {
        (attrs.get("name")? == name).then(|| attrs.get("id").cloned())?
    })?
    .into_iter()
    .next()?;
    let target = elements(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        "Relationship",
        |attrs| (attrs.get("Id")? == &id).then(|| attrs.get("Target").cloned())?,
    )?
    .into_iter()
    .next()?;
    let sheet = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let hidden = elements(&mut zip, &sheet, "row", |attrs| {
        let hidden = attrs.get("hidden")?;
        (hidden == "1" || hidden == "true").then(|| attrs.get("r")?.parse().ok())?
    })?;
    Some(hidden.into_iter().collect())
}

/// For every element `tag` of the zip's file `part`, `pick` of its attributes (by
/// local name, so `r:id` is `id`).
fn elements<T>(
    zip: &mut zip::ZipArchive<std::fs::File>,
    part: &str,
    tag: &str,
    pick: impl Fn(&BTreeMap<String, String>) -> Option<T>,
) -> Option<Vec<T>> {
    use quick_xml::events::Event;
    let file = zip.by_name(part).ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == tag => {
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .filter_map(Result::ok)
                    .filter_map(|a| {
                        let key = a.key.local_name().as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned();
                        Some((key, value))
                    })
                    .collect();
                found.extend(pick(&attrs));
            }
            Event::Eof => return Some(found),
            _ => {}
        }
        buf.clear();
    }
}
