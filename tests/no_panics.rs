//! No input makes gongshi panic: arbitrary bytes and mutations of valid files go
//! through the loaders (and, for a smaller number of cases, the whole build) and come
//! out as success or diagnostics. A bounded proptest run; raise PROPTEST_CASES to dig.

mod common;

use common::{SiteCopy, fixture};
use gongshi::content::decode_source;
use gongshi::content::notice::parse_notice;
use gongshi::content::records::parse_record_file;
use gongshi::model::date::Day;
use gongshi::{BuildFailure, BuildOptions, Site};
use proptest::prelude::*;
use std::path::Path;

/// Every text file of the good fixture, as (path relative to the site, bytes).
fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let root = fixture("good");
    common::snapshot(&root).into_iter().collect()
}

/// Edits to a file: (position as a fraction of its length, what to do, a byte).
fn mutations() -> impl Strategy<Value = Vec<(f64, u8, u8)>> {
    prop::collection::vec((0.0..1.0f64, 0u8..4, any::<u8>()), 1..6)
}

/// Interesting bytes for YAML and Markdown more often than uniform noise would give.
fn mutation_byte(b: u8) -> u8 {
    const SPECIAL: &[u8] = b":-[]{}\"'#\n\t &*!|>%@`,?0X\\";
    if b < 128 {
        SPECIAL[b as usize % SPECIAL.len()]
    } else {
        b
    }
}

fn mutate(bytes: &[u8], edits: &[(f64, u8, u8)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for &(at, op, b) in edits {
        let i = ((out.len() as f64) * at) as usize;
        let i = i.min(out.len());
        match op {
            0 => out.insert(i, mutation_byte(b)),
            1 if i < out.len() => {
                out.remove(i);
            }
            2 if i < out.len() => out[i] = mutation_byte(b),
            // Truncate: a half-saved file.
            _ => out.truncate(i),
        }
    }
    out
}

fn load_as_both(rel: &Path, bytes: &[u8]) {
    if let Ok(text) = decode_source(rel, bytes) {
        let _ = parse_notice(&text, rel);
        let _ = parse_record_file(&text, rel);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic_the_loaders(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        load_as_both(Path::new("content/records/x.yaml"), &bytes);
        let mut with_front = b"---\n".to_vec();
        with_front.extend(&bytes);
        load_as_both(Path::new("content/notices/x.md"), &with_front);
    }

    #[test]
    fn mutated_valid_files_never_panic_the_loaders(file in 0usize..64, edits in mutations()) {
        let files = fixture_files();
        let (rel, bytes) = &files[file % files.len()];
        load_as_both(Path::new(rel), &mutate(bytes, &edits));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The whole pipeline, checks and rendering included, on a site with one
    /// mutated file.
    #[test]
    fn mutated_sites_build_or_report(file in 0usize..64, edits in mutations()) {
        let site_copy = SiteCopy::of("good");
        let files = fixture_files();
        let (rel, bytes) = &files[file % files.len()];
        site_copy.write(rel, mutate(bytes, &edits));
        if let Ok(mut site) = Site::load(site_copy.root()) {
            let _ = site.check();
            let opts = BuildOptions {
                output: site_copy.path("public"),
                today: Day::parse("2014-03-22").unwrap(),
                base_url: None,
                deny_warnings: false,
                // Every fixture notice, whatever its date: these test other things.
                include_future: true,
            };
            match site.build(&opts) {
                Ok(_) | Err(BuildFailure::Content(_)) => {}
                Err(BuildFailure::Output(e)) => prop_assert!(false, "output error: {e}"),
            }
        }
    }
}
