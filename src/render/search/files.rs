//! The search index as small files a browser loads only as a query needs them:
//! `search/meta.js` (how many shards, the regions and the values of every filter),
//! `search/t/N.js` (the postings of the terms whose hash falls in shard N) and
//! `search/d/N.js` (the result lines of documents N×CHUNK onwards). Each is a script
//! calling `gongshiSearch`, so the index loads with `<script>` — from a web server
//! and from a folder opened on disk (`file://`, where `fetch` is refused) alike.
//!
//! Documents are numbered in the order results are shown (regions, then newest
//! first), so a query's first results are its smallest numbers and their lines come
//! from one or two chunk files.

use super::super::Files;
use super::terms::{Postings, Term};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents per chunk file.
pub const CHUNK: usize = 50;
/// About how large a shard grows before the index is cut into more of them.
const SHARD_BYTES: usize = 12 * 1024;
/// The letters of a bitmap, five documents each. No digits: a long run of them could
/// look like a personal number to the leak guard.
const BITMAP_LETTERS: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";

/// What a result line shows of a document.
#[derive(Debug, Clone, Serialize)]
pub struct ResultLine {
    /// `n` notice, `p` project, `r` region.
    pub kind: &'static str,
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    /// What it is: 村级公示, 公告, 项目, 村.
    pub label: String,
    /// The place, by name.
    pub place: String,
    /// YYYY-MM-DD, or empty.
    pub date: String,
    /// 公示中, 已结束, 已完工… or empty.
    pub status: String,
}

impl ResultLine {
    fn as_row(&self) -> [&str; 7] {
        [
            self.kind,
            &self.title,
            &self.url,
            &self.label,
            &self.place,
            &self.date,
            &self.status,
        ]
    }
}

/// The filters a reader can choose, with every value present in the index.
#[derive(Debug, Default, Serialize)]
pub struct Filters {
    /// Regions with a page: code, name, parent code (empty at the top).
    pub regions: Vec<[String; 3]>,
    pub years: Vec<String>,
    pub kinds: Vec<String>,
    pub stages: Vec<String>,
    pub statuses: Vec<String>,
}

#[derive(Serialize)]
struct Meta<'a> {
    /// Changes with the index: shard and chunk files are asked for with it, so a
    /// browser never mixes a cached old shard with a new one.
    version: String,
    shards: usize,
    chunk: usize,
    docs: usize,
    #[serde(flatten)]
    filters: &'a Filters,
}

/// The index files of the documents whose result lines are `lines` (in result
/// order) and of their terms' `postings`.
pub fn index_files(lines: &[ResultLine], postings: Postings, filters: &Filters) -> Files {
    let docs = lines.len();
    let encoded: Vec<(Term, String)> = postings
        .into_par_iter()
        .map(|(t, mut ids)| {
            ids.sort_unstable();
            let encoded = encode_postings(&ids, docs);
            (t, encoded)
        })
        .collect();
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let shards = total.div_ceil(SHARD_BYTES).next_power_of_two();
    let mut by_shard: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
    for (t, p) in &encoded {
        by_shard[shard_of(t, shards)].insert(t, p);
    }
    let mut files: Files = Vec::with_capacity(shards + docs / CHUNK + 2);
    for (n, terms) in by_shard.iter().enumerate() {
        files.push((format!("search/t/{n}.js"), call("shard", n, terms)));
    }
    for (n, chunk) in lines.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 7]> = chunk.iter().map(ResultLine::as_row).collect();
        files.push((format!("search/d/{n}.js"), call("docs", n, &rows)));
    }
    let version = {
        use std::hash::BuildHasher;
        format!("{:x}", rustc_hash::FxBuildHasher.hash_one(&files))
    };
    let meta = Meta {
        version,
        shards,
        chunk: CHUNK,
        docs,
        filters,
    };
    let json = serde_json::to_string(&meta).unwrap_or_default();
    files.push((
        "search/meta.js".to_string(),
        format!("gongshiSearch.meta({json});\n").into_bytes(),
    ));
    files
}

/// `gongshiSearch.WHAT(N, VALUE);`
fn call(what: &str, n: usize, value: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(value).unwrap_or_default();
    format!("gongshiSearch.{what}({n},{json});\n").into_bytes()
}

/// Which shard holds `term`: FNV-1a over its UTF-16 code units (what JavaScript
/// strings are made of), modulo the number of shards (a power of two).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for unit in term.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % shards
}

/// The documents holding a term, in the shorter of two spellings: the differences
/// between neighbouring numbers in base 36, comma-separated, or `!` and a bitmap of
/// every document, five to a letter (for the terms in a good part of them).
fn encode_postings(ids: &[u32], docs: usize) -> String {
    let mut deltas = String::new();
    let mut last = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            deltas.push(',');
        }
        push_base36(&mut deltas, id - last);
        last = id;
    }
    let bitmap_len = docs.div_ceil(5) + 1;
    if deltas.len() <= bitmap_len {
        return deltas;
    }
    let mut bits = vec![0u8; docs.div_ceil(5)];
    for &id in ids {
        bits[id as usize / 5] |= 1 << (id % 5);
    }
    let mut out = String::with_capacity(bitmap_len);
    out.push('!');
    out.extend(bits.iter().map(|&b| BITMAP_LETTERS[b as usize] as char));
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_differences_or_a_bitmap() {
        assert_eq!(encode_postings(&[3, 40, 41], 1000), "3,11,1");
        let all: Vec<u32> = (0..12).collect();
        assert_eq!(encode_postings(&all, 12), "!ffD");
        let some = encode_postings(&[0, 6, 11], 100);
        assert_eq!(some, "0,6,5");
    }

    #[test]
    fn shards_are_spread_and_stable() {
        assert_eq!(shard_of("长沟", 1), 0);
        let used: std::collections::BTreeSet<usize> =
            ["长沟", "因病", "2014", "项目", "村", "公示"]
                .iter()
                .map(|t| shard_of(t, 64))
                .collect();
        assert!(used.len() >= 4, "{used:?}");
    }
}
