//! The leak corpus: personal numbers typed every way a clerk types them, in every
//! place of a site that reaches the output. Each build must stop (exit 1), name the
//! source file and line, and leave no output behind; ordinary government text in the
//! same places must build, and pass the independent scanner too.

mod common;

use common::SiteCopy;

/// Where a number can be typed: the file, the text to find, and the text to put
/// there with `{}` for the number; the line the number then stands on.
struct Place {
    file: &'static str,
    find: &'static str,
    replace: &'static str,
    line: usize,
}

const PLACES: &[Place] = &[
    Place {
        file: "content/notices/hh-first.md",
        find: "title: 长沟村2014年度贫困户识别结果公示(第一次)",
        replace: "title: \"长沟村2014年度贫困户识别结果公示(第一次) {}\"",
        line: 2,
    },
    Place {
        file: "content/notices/hh-first.md",
        find: "issuer: 长沟村村民委员会",
        replace: "issuer: \"长沟村村民委员会{}\"",
        line: 6,
    },
    Place {
        file: "content/notices/hh-first.md",
        find: "经村民代表大会民主评议，",
        replace: "经村民代表大会民主评议（联系人 {}），",
        line: 12,
    },
    Place {
        file: "content/records/households/hh.yaml",
        find: "group: 三组",
        replace: "group: \"三组 {}\"",
        line: 7,
    },
    Place {
        file: "content/records/projects/2014.yaml",
        find: "manager: 杨某某",
        replace: "manager: \"杨某某 {}\"",
        line: 10,
    },
    Place {
        file: "content/records/funds/2014.yaml",
        find: "purpose: 整村推进",
        replace: "purpose: \"整村推进 {}\"",
        line: 5,
    },
    Place {
        file: "site.yaml",
        find: "address: 县扶贫办(县政府大楼3楼)",
        replace: "address: \"县扶贫办(县政府大楼3楼) {}\"",
        line: 5,
    },
];

/// Files copied as they are: a site's static file whatever its name, and a theme's.
const COPIED: &[&str] = &["static/联系人.tsv", "themes/default/static/data.dat"];

/// A distinct mobile number for each place, so each report can be told apart.
fn mobile(k: usize) -> String {
    format!("1391007{:04}", 9000 + k)
}

/// The ways one number is typed (`digits` in ASCII, as written by `mobile`).
fn forms(digits: &str) -> Vec<(&'static str, String)> {
    let (a, b, c) = (&digits[..3], &digits[3..7], &digits[7..]);
    let wide: String = digits
        .chars()
        .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect();
    vec![
        ("spaces", format!("{a} {b} {c}")),
        ("hyphens", format!("{a}-{b}-{c}")),
        ("+86", format!("+86 {a} {b} {c}")),
        ("86-", format!("86-{digits}")),
        ("full-width", wide),
        ("zero-width space", format!("{a}\u{200b}{b}{c}")),
        ("no-break spaces", format!("{a}\u{a0}{b}\u{a0}{c}")),
    ]
}

#[test]
fn a_number_typed_any_way_anywhere_stops_the_build_and_names_its_place() {
    for (name, _) in forms(&mobile(0)) {
        let site = SiteCopy::of("good");
        for (k, place) in PLACES.iter().enumerate() {
            let form = forms(&mobile(k))
                .into_iter()
                .find(|(n, _)| *n == name)
                .unwrap()
                .1;
            site.edit(place.file, place.find, &place.replace.replace("{}", &form));
        }
        for (k, file) in COPIED.iter().enumerate() {
            let form = &forms(&mobile(PLACES.len() + k))
                .into_iter()
                .find(|(n, _)| *n == name)
                .unwrap()
                .1;
            site.write(file, format!("姓名\t电话\n张三\t{form}\n"));
        }
        let run = site.build();
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        for place in PLACES {
            let at = format!("{}:{}:", place.file, place.line);
            assert!(
                run.stderr.contains(&at),
                "{name}: {at} not named:\n{}",
                run.stderr
            );
        }
        for file in COPIED {
            let at = format!("{file}:2:");
            assert!(
                run.stderr.contains(&at),
                "{name}: {at} not named:\n{}",
                run.stderr
            );
        }
        assert!(run.stderr.contains("leak-mobile"), "{}", run.stderr);
        // Neither the message nor the quoted line shows the whole number.
        for k in 0..PLACES.len() + COPIED.len() {
            assert!(
                !run.stderr.contains(&mobile(k)[3..]),
                "{name}: {}",
                run.stderr
            );
        }
        assert!(!site.path("public").exists(), "{name}: output written");
        assert_no_staging_left(&site);
    }
}

#[test]
fn id_numbers_in_a_slug_and_a_percent_encoded_link_are_found() {
    let site = SiteCopy::of("good");
    // The file name is the page's address.
    let notice = site.read("content/notices/yulu.md");
    std::fs::remove_file(site.path("content/notices/yulu.md")).unwrap();
    site.write(
        "content/notices/a-530623-19800107-0068.md",
        notice.replacen(
            "\n---\n",
            "\n---\n[电话](tel:%31%33%39%31%30%30%37%39%31%39%30)\n",
            1,
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("leak-id-number"), "{}", run.stderr);
    // The file is named as it is on disk (the clerk must find it), not only some
    // output file; the message masks the number.
    assert!(
        run.stderr
            .contains("--> content/notices/a-530623-19800107-0068.md\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("leak-mobile"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/notices/a-530623-19800107-0068.md:10:"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn a_personal_number_in_a_column_not_named_so_is_an_error() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/tables/yulu.yaml",
        "course: 电工",
        "course: \"电工 530623 19800317 0724\"",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("table-column-personal-number"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/records/tables/yulu.yaml:5:26"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("530623 ******** 0724"),
        "{}",
        run.stderr
    );
}

#[test]
fn columns_named_as_spreadsheets_name_them_are_masked() {
    let site = SiteCopy::of("good");
    site.edit(
        "content/records/tables/yulu.yaml",
        "{ key: phone, title: 联系电话 } ]",
        "{ key: phone, title: 联系电话 }, { key: 身份证号码, title: 身份证号码 }, { key: card_no, title: 卡号 }, { key: 手机号码, title: 手机号码 } ]",
    );
    site.edit(
        "content/records/tables/yulu.yaml",
        "phone: \"15012345678\" }",
        "phone: \"15012345678\", 身份证号码: \"530623198001070068\", card_no: \"6228480012345678903\", 手机号码: \"139 1007 9190\" }",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("public/notices/yulu/index.html");
    assert!(html.contains("530623********0068"), "ID not masked");
    assert!(html.contains("****8903"), "card not masked");
    assert!(html.contains("139****9190"), "mobile not masked");
    common::assert_independent_scanner_finds_nothing(&site.path("public"));
}

#[test]
fn binary_files_are_published_only_when_listed() {
    let site = SiteCopy::of("good");
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10";
    site.write("static/images/logo.png", png);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("unscanned-binary-file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("static/images/logo.png"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());

    let settings = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{settings}unscanned_files:\n  - static/images/\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.path("public/images/logo.png")).unwrap(),
        png
    );

    // Text in another encoding is read, not waved through as binary.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "电话,13910079190\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    site.write("static/list.csv", utf16);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("static/list.csv:1:"), "{}", run.stderr);
}

/// What a county writes every day in the same places: it must all be published.
#[test]
fn ordinary_government_text_in_every_place_builds() {
    let ordinary = [
        "某财农指〔2014〕12号",
        "2014-03-20 至 2014-04-10",
        "1162000.50元",
        "区划 530623101201",
        "电话 0870-1234567",
        "213.72505万元 1/6.4%",
        "第 1 2 3 4 5 6 7 8 9 10 11 12 页",
    ];
    let site = SiteCopy::of("good");
    for (k, place) in PLACES.iter().enumerate() {
        let text = ordinary[k % ordinary.len()];
        site.edit(place.file, place.find, &place.replace.replace("{}", text));
    }
    site.write("static/说明.txt", ordinary.join("\n"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    common::assert_independent_scanner_finds_nothing(&site.path("public"));
}

fn assert_no_staging_left(site: &SiteCopy) {
    let left: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".gongshi-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
