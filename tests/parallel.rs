//! The build runs on all cores; its output does not depend on how many: a parallel
//! build is byte-identical to a single-threaded one, on the sample county and on a
//! generated corpus.

mod common;

use common::{assert_same_output, gongshi_with_env};
use gongshi::privacy::id_number::check_character;
use std::fmt::Write as _;
use std::path::Path;

fn build(root: &Path, out: &Path, threads: &str) {
    let run = gongshi_with_env(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--today",
            "2014-03-22",
        ],
        &[("RAYON_NUM_THREADS", threads)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn assert_same_with_one_or_many_threads(root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let (one, many) = (out.path().join("one"), out.path().join("many"));
    build(root, &one, "1");
    build(root, &many, "4");
    assert_same_output(&one, &many, "between 1 and 4 threads");
}

#[test]
fn sample_county_is_the_same_on_one_thread_and_many() {
    assert_same_with_one_or_many_threads(Path::new(env!("CARGO_MANIFEST_DIR")));
}

/// 40 village lists of 50 households each, in 4 townships.
fn write_corpus(root: &Path) {
    let mut site = String::from(
        "title: 合成县\nissuer: 合成县扶贫办\nbase_url: https://www.example.gov.cn/fp/\ncontact: { hotline: \"12317\", phone: \"0870-1234567\", address: 县政府 }\nregions:\n  - code: \"530623000000\"\n    name: 合成县\n    children:\n",
    );
    for t in 1..=4 {
        let _ = write!(
            site,
            "      - code: \"5306231{t:02}000\"\n        name: 第{t}乡\n        children:\n"
        );
        for v in 1..=10 {
            let _ = writeln!(
                site,
                "          - {{ code: \"5306231{t:02}2{v:02}\", name: 第{t}乡{v}村 }}"
            );
        }
    }
    std::fs::write(root.join("site.yaml"), site).unwrap();
    let mut person = 0usize;
    for t in 1..=4 {
        for v in 1..=10 {
            let region = format!("5306231{t:02}2{v:02}");
            let mut list = String::from("kind: households\nyear: 2014\nrows:\n");
            for i in 0..50 {
                let first17 = format!(
                    "530623{}{:02}{:02}{:03}",
                    1950 + person / 300,
                    1 + person % 12,
                    1 + person % 28,
                    person % 1000
                );
                let id = format!("{first17}{}", check_character(first17.as_bytes()));
                let _ = writeln!(
                    list,
                    "  - {{ head: 户{t}{v:02}{i:02}, id_number: \"{id}\", region: \"{region}\", group: {}组, size: {}, income: {}.{:02}, category: 一般贫困户, causes: [因病], phone: \"139{:08}\" }}",
                    1 + i % 7,
                    1 + i % 5,
                    1200 + person % 1000,
                    person % 100,
                    person
                );
                person += 1;
            }
            let dir = root.join("content/records/households");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{region}.yaml")), list).unwrap();
            let notice = format!(
                "---\ntitle: 第{t}乡{v}村贫困户名单公示\nkind: publicity\nstage: village\nregion: \"{region}\"\ndate: 2014-03-{:02}\nperiod: {{ from: 2014-03-{:02}, to: 2014-03-{:02} }}\nrecords: households/{region}.yaml\ncolumns: [head, id_number, group, size, income, category, causes, phone]\n---\n经民主评议，现予公示。\n",
                10 + v,
                10 + v,
                16 + v
            );
            let dir = root.join("content/notices");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("v{region}.md")), notice).unwrap();
        }
    }
}

#[test]
fn generated_corpus_is_the_same_on_one_thread_and_many() {
    let site = tempfile::tempdir().unwrap();
    write_corpus(site.path());
    assert_same_with_one_or_many_threads(site.path());
}
