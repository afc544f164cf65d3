//! The repository's own sample county (`content/`) builds cleanly, and no unmasked
//! personal number reaches any output file: by gongshi's own scanner and by the
//! independent `../shared/tools/scan_pii.py` (required in CI).

mod common;

use common::{gongshi, snapshot};
use gongshi::privacy::find_unmasked_numbers;
use std::path::Path;

#[test]
fn sample_county_builds_without_leaking_a_number() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    for today in ["2014-03-22", "2014-06-12", "2014-12-31"] {
        let run = gongshi(&[
            "build",
            "--root",
            repo.to_str().unwrap(),
            "--output",
            public.to_str().unwrap(),
            "--today",
            today,
            "--deny-warnings",
            // The sample's own base_url is the address `gongshi init` writes, which
            // warns (base-url-example; see the test below): a real address here, so
            // that any other warning fails.
            "--base-url",
            "https://fupin.example-county.test/fpgk/",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let files = snapshot(&public);
        // The first round is issued on 03-20, before every as-of day here.
        assert!(
            files.contains_key("notices/changgou-2014-first/index.html"),
            "{:?}",
            files.keys().collect::<Vec<_>>()
        );
        for (rel, bytes) in &files {
            let leaks = find_unmasked_numbers(bytes);
            assert!(leaks.is_empty(), "{rel}: {leaks:?}");
        }
    }
    common::assert_independent_scanner_finds_nothing(&public);
}

/// The sample county carries the address `gongshi init` writes (README and
/// docs/站点设置.md say so): checking it gives that one warning and nothing else.
#[test]
fn the_sample_warns_only_that_its_base_url_is_the_init_example() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = gongshi(&[
        "check",
        "--root",
        repo.to_str().unwrap(),
        "--today",
        "2014-06-12",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("警告[base-url-example]: base_url“https://www.example.gov.cn/fpgk/”"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/site.yaml:4:11\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("共 0 个错误，1 个警告"),
        "{}",
        run.stderr
    );
}

#[test]
fn sample_masks_one_person_the_same_way_everywhere() {
    let out = common::build_sample(&["--today", "2014-06-12"]);
    // 陆金花 is on the township household round (ID column shown) and on the
    // 危房改造 list: the same number, the same mask.
    let township =
        std::fs::read_to_string(out.path().join("notices/changgou-2014-second/index.html"))
            .unwrap();
    let weifang =
        std::fs::read_to_string(out.path().join("notices/weifang-2014-publicity/index.html"))
            .unwrap();
    let mask_near = |html: &str| {
        let at = html.find("陆金花").expect("name on page");
        let rest = &html[at..];
        let start = rest.find("530623").expect("masked id after name");
        rest[start..start + 18].to_string()
    };
    let a = mask_near(&township);
    assert!(a.contains("********"), "{a}");
    assert_eq!(a, mask_near(&weifang));
}
