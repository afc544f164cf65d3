//! Which pages a render writes: every page (a build), or, in the preview after a small
//! change, only the pages that read what changed (`render::reads`). This is only the
//! answer and the test every write goes through.

use std::collections::{BTreeMap, BTreeSet};

/// A render's scope.
#[derive(Debug, Clone, Default)]
pub enum Scope {
    /// Every page, and the static files.
    #[default]
    All,
    /// Only these pages; nothing else is written.
    Only(Pages),
}

/// Pages by what they show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pages {
    /// Notice slugs: everything under `notices/<slug>/`.
    pub notices: BTreeSet<String>,
    /// Pages (1-based) of a region's notice list (the first also holds the region's
    /// projects and its print link).
    pub region_list_pages: BTreeMap<String, BTreeSet<usize>>,
    /// Region codes: `regions/<code>/print/index.html`, the sheets of the notices on
    /// the board in that region.
    pub region_prints: BTreeSet<String>,
    /// Project codes: everything under `projects/<code>/`.
    pub projects: BTreeSet<String>,
    /// Everything under `funds/`.
    pub funds: bool,
    /// The board: `index.html` and any other page at the top of the site.
    pub board: bool,
    /// `feed.xml` and `sitemap.xml`.
    pub feeds: bool,
    /// Pages (1-based) of the list of every notice: `notices/index.html`,
    /// `notices/index_N.html`.
    pub all_notices: BTreeSet<usize>,
    /// `sitemap/index.html`.
    pub site_map: bool,
    /// Everything under `search/`: the search index.
    pub search: bool,
}

impl Pages {
    pub fn extend(&mut self, other: Pages) {
        self.notices.extend(other.notices);
        for (code, pages) in other.region_list_pages {
            self.region_list_pages
                .entry(code)
                .or_default()
                .extend(pages);
        }
        self.region_prints.extend(other.region_prints);
        self.projects.extend(other.projects);
        self.funds |= other.funds;
        self.board |= other.board;
        self.feeds |= other.feeds;
        self.all_notices.extend(other.all_notices);
        self.site_map |= other.site_map;
        self.search |= other.search;
    }
}

impl Scope {
    /// Is the file at `rel` (a `/`-separated path in the output) to be written?
    pub fn wants(&self, rel: &str) -> bool {
        let Scope::Only(p) = self else {
            return true;
        };
        let mut parts = rel.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("notices"), Some(slug), Some(_)) => p.notices.contains(slug),
            (Some("notices"), Some(file), None) => {
                all_notices_page_number(file).is_some_and(|n| p.all_notices.contains(&n))
            }
            (Some("sitemap"), Some("index.html"), None) => p.site_map,
            (Some("search"), Some(_), _) => p.search,
            (Some("regions"), Some(code), Some("print/index.html")) => {
                p.region_prints.contains(code)
            }
            (Some("regions"), Some(code), Some(rest)) => p
                .region_list_pages
                .get(code)
                .zip(list_page_number(rest))
                .is_some_and(|(pages, n)| pages.contains(&n)),
            (Some("projects"), Some(code), Some(_)) => p.projects.contains(code),
            (Some("funds"), Some(_), _) => p.funds,
            (Some("feed.xml" | "sitemap.xml"), None, _) => p.feeds,
            (Some("static"), Some(_), _) => false,
            _ => p.board,
        }
    }

    /// Are a notice's own pages written?
    pub fn notice(&self, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(p) => p.notices.contains(slug),
        }
    }

    /// Is any page of region `code` written? Both need the sheets of the notices on
    /// the board there: the print page holds them, the region page counts them.
    pub fn region(&self, code: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(p) => {
                p.region_prints.contains(code) || p.region_list_pages.contains_key(code)
            }
        }
    }

    pub fn project(&self, code: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(p) => p.projects.contains(code),
        }
    }

    /// Are the static files (theme and site) copied?
    pub fn static_files(&self) -> bool {
        matches!(self, Scope::All)
    }
}

/// The page number of `file` in `notices/`: `index.html` is the first page of the
/// list of every notice, `index_<n>.html` the n-th.
fn all_notices_page_number(file: &str) -> Option<usize> {
    if file == "index.html" {
        return Some(1);
    }
    file.strip_prefix("index_")?
        .strip_suffix(".html")?
        .parse()
        .ok()
}

/// The page number of `rest`, a path inside `regions/<code>/`: `index.html` is the
/// first page, `page/<n>/index.html` the n-th.
fn list_page_number(rest: &str) -> Option<usize> {
    if rest == "index.html" {
        return Some(1);
    }
    rest.strip_prefix("page/")?
        .strip_suffix("/index.html")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_the_pages_they_belong_to() {
        let mut p = Pages::default();
        p.notices.insert("a".into());
        p.region_list_pages
            .insert("53".into(), BTreeSet::from([1, 2]));
        p.region_prints.insert("54".into());
        p.projects.insert("XM1".into());
        p.all_notices.insert(2);
        let s = Scope::Only(p);
        for yes in [
            "notices/a/index.html",
            "notices/a/print/index.html",
            "notices/a/data.csv",
            "regions/53/index.html",
            "regions/53/page/2/index.html",
            "regions/54/print/index.html",
            "projects/XM1/index.html",
            "notices/index_2.html",
        ] {
            assert!(s.wants(yes), "{yes}");
        }
        for no in [
            "notices/b/index.html",
            "notices/ab/index.html",
            "regions/53/print/index.html",
            "regions/54/index.html",
            "projects/XM2/index.html",
            "funds/index.html",
            "index.html",
            "page/2/index.html",
            "feed.xml",
            "sitemap.xml",
            "static/style.css",
            "notices/index.html",
            "notices/index_3.html",
            "sitemap/index.html",
            "404.html",
            "robots.txt",
            "search/meta.js",
            "search/t/0.js",
        ] {
            assert!(!s.wants(no), "{no}");
        }
        assert!(s.region("54") && s.region("53") && !s.region("55"));
        assert!(!s.static_files());
        assert!(Scope::All.wants("static/style.css"));
        let index = Scope::Only(Pages {
            search: true,
            ..Pages::default()
        });
        assert!(index.wants("search/meta.js") && index.wants("search/d/3.js"));
        assert!(!index.wants("index.html"));
    }

    #[test]
    fn list_pages_are_chosen_one_by_one() {
        let mut p = Pages::default();
        p.region_list_pages.insert("53".into(), BTreeSet::from([1]));
        let mut other = Pages::default();
        other
            .region_list_pages
            .insert("53".into(), BTreeSet::from([4]));
        p.extend(other);
        let s = Scope::Only(p);
        for yes in ["regions/53/index.html", "regions/53/page/4/index.html"] {
            assert!(s.wants(yes), "{yes}");
        }
        for no in [
            "regions/53/page/2/index.html",
            "regions/53/page/5/index.html",
            "regions/53/print/index.html",
            "regions/54/index.html",
        ] {
            assert!(!s.wants(no), "{no}");
        }
        assert!(s.region("53"));
    }
}
