//! The site's search index: what a reader can find, and what never goes in.
//!
//! Indexed: notices (title, body, issuer, 文号, region and the regions above it, type,
//! date, status, and which 贫困户属性 and 致贫原因 their list has — the fixed words,
//! never a row), projects (name, content, goals, mechanism, implementer, code,
//! region, status, year) and regions with a page (name).
//!
//! Never indexed: any row of any list (names, identity numbers, phones, amounts,
//! groups), project managers, and — wherever else they occur, a notice body saying
//! “拟确定吴丽英等50户” included — the names of every household head and beneficiary
//! in the site: they are cut out of the text before it is indexed, so a search box
//! cannot list a county's poor households by surname. Digit runs shaped like
//! personal numbers are never terms ([`terms`]), and the index files pass the leak
//! guard like every other output file.

mod files;
mod people;
pub mod terms;

pub use files::{Filters, ResultLine};

use super::Files;
use super::markdown::markdown_to_text;
use super::pages::{NoticeStatus, project_url, region_url};
use super::reads::{Input, Source, note};
use crate::model::notice::Notice;
use crate::model::records::{Project, RecordSet};
use crate::{ProjectEntry, Site};
use compact_str::format_compact;
use people::People;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use terms::{Postings, TermSet};

/// Where a document stands among the results: regions first (a village's name finds
/// the village), then everything dated, newest first.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Order {
    dated: bool,
    /// Depth for regions, zero for the rest.
    depth: usize,
    newest_first: std::cmp::Reverse<String>,
    url: String,
}

struct Doc<'a> {
    order: Order,
    line: ResultLine,
    words: Words<'a>,
}

/// A document's terms: a notice's are cut when the postings are made (numbered, on
/// many threads, one scratch set each), so ten thousand term sets are never held at
/// once; the few projects' and regions' are cut up front.
enum Words<'a> {
    Notice(&'a Notice),
    Ready(TermSet),
}

/// What [`index_files`] needs of the render's lookups.
pub struct IndexInput<'a> {
    pub status_of: &'a (dyn Fn(&Notice) -> NoticeStatus + Sync),
    /// A project's status as its published stages say.
    pub project_status: &'a (dyn Fn(&'a Project) -> &'a str + Sync),
    pub type_label: &'a (dyn Fn(&Notice) -> String + Sync),
    /// Regions with a page.
    pub region_pages: &'a BTreeSet<String>,
    pub projects: &'a BTreeMap<&'a str, ProjectEntry<'a>>,
}

/// The index files of the whole site.
pub fn index_files(site: &Site, input: &IndexInput<'_>) -> Files {
    let people = People::of(site);
    let mut filters = Filters::default();
    let mut years = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    let mut stages = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut docs: Vec<Doc> = Vec::new();

    // What the notices read, noted here: their documents are made on other threads.
    for n in site.notices() {
        note(Input::Notice(Source::file(&n.file)));
        site.records_of(n);
        let (status, kind, stage) = facets(n, input);
        years.insert(
            n.front
                .date
                .value
                .iso()
                .get(..4)
                .unwrap_or_default()
                .to_string(),
        );
        kinds.insert(kind.to_string());
        stages.insert(stage.to_string());
        statuses.insert(status.to_string());
    }
    docs.extend(site.notices().iter().map(|n| notice_doc(site, input, n)));

    for (code, entry) in input.projects {
        note(Input::Records(Source::file(entry.file)));
        let p = entry.project;
        let region = p.region.value.trim();
        let year = entry.year.to_string();
        let status = (input.project_status)(p).trim().to_string();
        let text = [
            Some(p.name.as_str()),
            Some(p.content.as_str()),
            p.goals.as_deref(),
            p.mechanism.as_deref(),
            Some(p.implementer.as_str()),
            Some(code),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let mut text = people.cut_out(&text);
        let mut terms = TermSet::default();
        place_terms(site, region, &mut terms, &mut text);
        terms::add_terms(&format!("{text} 项目 {status} {year}"), &mut terms);
        terms.insert(format_compact!("#y{year}"));
        terms.insert("#k项目".into());
        terms.insert(format_compact!("#s{status}"));
        years.insert(year.clone());
        kinds.insert("项目".to_string());
        statuses.insert(status.clone());
        let url = project_url(code);
        docs.push(Doc {
            words: Words::Ready(terms),
            order: Order {
                dated: true,
                depth: 0,
                newest_first: std::cmp::Reverse(p.period.value.from.value.iso()),
                url: url.clone(),
            },
            line: ResultLine {
                kind: "p",
                title: p.name.clone(),
                url,
                label: "项目".to_string(),
                place: site.regions.name(region).unwrap_or(region).to_string(),
                date: year,
                status,
            },
        });
    }

    for code in input.region_pages {
        let Some(r) = site.regions.get(code) else {
            continue;
        };
        let parent = r.parent.as_deref().and_then(|p| site.regions.name(p));
        filters.regions.push([
            r.code.clone(),
            r.name.clone(),
            r.parent.clone().unwrap_or_default(),
        ]);
        let mut terms = TermSet::default();
        let mut text = String::new();
        place_terms(site, code, &mut terms, &mut text);
        terms::add_terms(&text, &mut terms);
        terms.insert("#k地区".into());
        docs.push(Doc {
            words: Words::Ready(terms),
            order: Order {
                dated: false,
                depth: r.depth,
                newest_first: std::cmp::Reverse(String::new()),
                url: region_url(code),
            },
            line: ResultLine {
                kind: "r",
                title: r.name.clone(),
                url: region_url(code),
                label: r.level_label().to_string(),
                place: parent.unwrap_or_default().to_string(),
                date: String::new(),
                status: String::new(),
            },
        });
    }
    if !input.region_pages.is_empty() {
        kinds.insert("地区".to_string());
    }

    docs.sort_by(|a, b| a.order.cmp(&b.order));
    filters.years = years.into_iter().rev().collect();
    // 公示 and 公告 first, as a reader names them.
    let kind_rank = |k: &str| {
        ["公示", "公告", "项目", "地区"]
            .iter()
            .position(|x| *x == k)
    };
    filters.kinds = kinds.into_iter().collect();
    filters.kinds.sort_by_key(|k| kind_rank(k));
    let stage_rank = |s: &str| ["村级", "乡镇级", "县级"].iter().position(|x| *x == s);
    filters.stages = stages.into_iter().collect();
    filters.stages.sort_by_key(|s| stage_rank(s));
    filters.statuses = statuses.into_iter().collect();
    let postings = docs
        .par_iter()
        .enumerate()
        .fold(
            || (Postings::default(), TermSet::default()),
            |(mut postings, mut scratch), (id, doc)| {
                let terms = match &doc.words {
                    Words::Ready(terms) => terms,
                    Words::Notice(n) => {
                        scratch.clear();
                        notice_terms(site, input, &people, n, &mut scratch);
                        &scratch
                    }
                };
                for t in terms {
                    postings.entry(t.clone()).or_default().push(id as u32);
                }
                (postings, scratch)
            },
        )
        .map(|(postings, _)| postings)
        .reduce(Postings::default, merge_postings);
    let lines: Vec<ResultLine> = docs.into_iter().map(|d| d.line).collect();
    files::index_files(&lines, postings, &filters)
}

/// Adds `right`'s postings to `left`'s: rayon reduces neighbouring ranges, so the
/// documents of `right` come after those of `left` (the lists are sorted again when
/// written, to depend on nothing).
fn merge_postings(mut left: Postings, right: Postings) -> Postings {
    for (term, ids) in right {
        left.entry(term).or_default().extend(ids);
    }
    left
}

/// The status, kind and stage of a notice, as its filters name them.
fn facets(n: &Notice, input: &IndexInput<'_>) -> (&'static str, &'static str, &'static str) {
    (
        (input.status_of)(n).label(),
        n.kind().label(),
        n.front.stage.value.label(),
    )
}

/// Adds the region terms of a document in `code` (`#r` and the code of it and of each
/// region above it; `#` is never part of a word term) and their names to `text`.
fn place_terms(site: &Site, code: &str, terms: &mut TermSet, text: &mut String) {
    for r in site.regions.lineage(code) {
        terms.insert(format_compact!("#r{}", r.code));
        text.push(' ');
        text.push_str(&r.name);
    }
}

/// A notice's terms, added to `terms`.
fn notice_terms(
    site: &Site,
    input: &IndexInput<'_>,
    people: &People<'_>,
    n: &Notice,
    terms: &mut TermSet,
) {
    let f = &n.front;
    let (status, kind, stage) = facets(n, input);
    let type_label = (input.type_label)(n);
    let date = f.date.value.iso();
    let year = date.get(..4).unwrap_or_default();
    let mut text = format!("{} {}", f.title.value, markdown_to_text(&n.body_markdown));
    for extra in [
        Some(site.issuer_of(n)),
        f.document_number.as_ref().map(|d| d.value.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        text.push(' ');
        text.push_str(extra);
    }
    // Cut before the place names and fixed words are added: a person may be called
    // what a village is (马山, 马山村).
    let mut text = people.cut_out(&text);
    place_terms(site, f.region.value.trim(), terms, &mut text);
    if let Some(RecordSet::Households(list)) = site.records_of(n).map(|rf| &rf.set) {
        for word in list.categories_and_causes() {
            text.push(' ');
            text.push_str(word);
        }
    }
    terms::add_terms(&format!("{text} {type_label} {status} {year}"), terms);
    terms.insert(format_compact!("#y{year}"));
    terms.insert(format_compact!("#k{kind}"));
    terms.insert(format_compact!("#g{stage}"));
    terms.insert(format_compact!("#s{status}"));
}

/// A notice's place among the results and its result line; its terms are cut later.
fn notice_doc<'a>(site: &Site, input: &IndexInput<'_>, n: &'a Notice) -> Doc<'a> {
    let f = &n.front;
    let region = f.region.value.trim();
    let status = (input.status_of)(n).label();
    let type_label = (input.type_label)(n);
    let date = f.date.value.iso();
    let url = super::pages::notice_url(&n.slug);
    Doc {
        order: Order {
            dated: true,
            depth: 0,
            newest_first: std::cmp::Reverse(date.clone()),
            url: url.clone(),
        },
        line: ResultLine {
            kind: "n",
            title: f.title.value.clone(),
            url,
            label: type_label,
            place: site.regions.name(region).unwrap_or(region).to_string(),
            date,
            status: status.to_string(),
        },
        words: Words::Notice(n),
    }
}

/// The file every search starts from; the render writes the index when this is in
/// its scope.
pub const META: &str = "search/meta.js";
