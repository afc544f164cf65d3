//! The scanner against the ways numbers were typed into the sample county and
//! reached its output, and against ordinary government text that must pass.

use super::*;

const ID: &str = "530623198001070068";
const ID_X: &str = "11010519491231002X";
const MOBILE: &str = "13910079190";
const CARD: &str = "6228480012345678903";

fn found(text: &str) -> Vec<(LeakKind, String)> {
    find_unmasked_numbers(text.as_bytes())
        .into_iter()
        .map(|l| (l.kind, l.number))
        .collect()
}

fn full_width(ascii: &str) -> String {
    ascii
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            'X' => 'Ｘ',
            ' ' => '　',
            c => c,
        })
        .collect()
}

fn percent(ascii: &str) -> String {
    ascii.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn every_way_a_mobile_number_is_typed_is_found() {
    let forms = [
        MOBILE.to_string(),
        "139 1007 9190".into(),
        "139-1007-9190".into(),
        "139 - 1007 - 9190".into(),
        "+86 139 1007 9190".into(),
        "86-13910079190".into(),
        "+8613910079190".into(),
        "8613910079190".into(),
        "<a href=\"tel:139-1007-9190\">电话</a>".into(),
        "139.1007.9190".into(),
        "139\u{a0}1007\u{a0}9190".into(),
        "139\n1007 9190".into(),
        "139\u{200b}1007\u{200b}9190".into(),
        "1391\u{feff}0079190".into(),
        full_width(MOBILE),
        full_width("139 1007 9190"),
        "１３９－１００７－９１９０".into(),
        percent(MOBILE),
        format!("tel:%2B86{}", percent("139-1007-9190")),
        "&#49;&#51;&#57;10079190".into(),
        "&#x31;&#x33;&#x39;&#x31;0079190".into(),
        "139&nbsp;1007&nbsp;9190".into(),
        "%EF%BC%91%EF%BC%93%EF%BC%99".to_string() + "10079190",
    ];
    for form in forms {
        for text in [
            form.clone(),
            format!("联系电话：{form}。"),
            format!("a{form}b"),
        ] {
            assert_eq!(
                found(&text),
                vec![(LeakKind::Mobile, MOBILE.to_string())],
                "{text:?}"
            );
        }
    }
}

#[test]
fn every_way_an_id_number_is_typed_is_found() {
    let forms = [
        ID.to_string(),
        "530623 19800107 0068".into(),
        "530623-19800107-0068".into(),
        "5306 2319 8001 0700 68".into(),
        full_width(ID),
        full_width("530623 19800107 0068"),
        "a-530623-19800107-0068".into(),
        "530623\u{200b}198001070068".into(),
        percent(ID),
        "&#53;30623198001070068".into(),
    ];
    for form in forms {
        assert_eq!(
            found(&format!("身份证号{form}，")),
            vec![(LeakKind::IdNumber, ID.to_string())],
            "{form:?}"
        );
    }
    for form in [
        ID_X,
        "110105 19491231 002X",
        "110105-19491231-002 x",
        "１１０１０５１９４９１２３１００２Ｘ",
    ] {
        assert_eq!(
            found(form),
            vec![(LeakKind::IdNumber, ID_X.to_string())],
            "{form:?}"
        );
    }
}

#[test]
fn long_numbers_old_ids_and_cards_are_found() {
    for (text, number) in [
        (CARD, CARD),
        ("6228 4800 1234 5678 903", CARD),
        ("6228-4800-1234-5678-903", CARD),
        ("530623800107006", "530623800107006"),
        ("530623 800107 006", "530623800107006"),
        // A mistyped ID is still an ID-shaped long number.
        ("530623198001070061", "530623198001070061"),
    ] {
        assert_eq!(
            found(text),
            vec![(LeakKind::LongNumber, number.to_string())],
            "{text:?}"
        );
    }
}

#[test]
fn numbers_side_by_side_are_each_found() {
    let text = format!("{ID_X}{MOBILE}；{ID}、139 1007 9190");
    assert_eq!(
        found(&text),
        vec![
            (LeakKind::IdNumber, ID_X.to_string()),
            (LeakKind::Mobile, MOBILE.to_string()),
            (LeakKind::IdNumber, ID.to_string()),
            (LeakKind::Mobile, MOBILE.to_string()),
        ]
    );
    // Offsets and lengths cover the number as written.
    let text = "电话 139 1007 9190。";
    let leak = &find_unmasked_numbers(text.as_bytes())[0];
    assert_eq!(&text[leak.offset..leak.offset + leak.len], "139 1007 9190");
}

/// What a county's pages say every day: none of it is a personal number.
#[test]
fn ordinary_government_text_passes() {
    let corpus = [
        "县扶贫发〔2014〕12号",
        "云财农〔2014〕135号、云财农〔2014〕1356号",
        "公示期：2014-03-20 至 2014-04-10",
        "2014-03-20—2014-04-10",
        "2014.03.20 2014.04.10",
        "2014-03-20T00:00:00+08:00 2014-04-10T23:59:59+08:00",
        "2014年3月20日至2014年3月26日",
        "总投资 1162000.50 元，139000000.00 元，1,234,567,890.12 元",
        "213.72505万元 79.73万元 1/6.4%",
        "区划代码 530623101201 530623101202 530623101203",
        "530623101201 2014",
        "监督电话 0870-1234567、0870 - 1234 567、(0870)12345678，举报电话 12317",
        "第 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 页",
        "2013 2014 2015 2016 2017 2018 年度",
        "共 30 户 120 人，12.50 13.75 14.00 15.25 16.00",
        "已脱敏：530623********0068、139****9190、****8903、530623********002X",
        "<svg viewBox=\"0 0 390 200\"><path d=\"M1 2h3v1H1zM10 20 30 40 50 60 70 80\"/></svg>",
        "height:12.34mm;width:210mm;margin:0 0 1.5em 2mm",
        "<td>530623101201</td><td>13</td><td>2800.00</td><td>2014-03-20</td>",
        "v1.2.3.4.5.6.7.8.9.10",
        "第1张 共3张 2014-03-20",
        "&amp;&#12290;&nbsp;2014&nbsp;年",
        // An amount closing one CSV line, a project code opening the next.
        "在建,19.50\r\n2014-102,河口村核桃提质增效",
    ];
    for text in corpus {
        assert_eq!(found(text), vec![], "{text:?}");
    }
}

#[test]
fn masks_in_place_keep_the_width() {
    assert_eq!(
        mask_numbers_in("phone: 139 1007 9190 # 手机"),
        "phone: 139 **** 9190 # 手机"
    );
    assert_eq!(
        mask_numbers_in(&format!("id_number: \"{ID}\"")),
        "id_number: \"530623********0068\""
    );
    assert_eq!(
        mask_numbers_in(&full_width(MOBILE)),
        "１３９＊＊＊＊９１９０"
    );
    assert_eq!(mask_numbers_in("金额 12.50 元"), "金额 12.50 元");
}

/// The scanner before it learned to skip ahead: every byte read as an atom.
fn read_everything(text: &[u8]) -> Vec<Leak> {
    let mut scanner = Scanner::default();
    scanner.scan(text, 0, text.len());
    scanner.leaks
}

proptest::proptest! {
    /// Numbers with random separators and digit widths are found wherever they stand.
    #[test]
    fn typed_any_way_a_number_is_found(
        cuts in proptest::collection::vec(1usize..18, 0..4),
        // Not a dot: `1391007919.0` reads as an amount.
        separator in proptest::sample::select(vec![" ", "-", " - ", "\u{a0}", "\u{3000}", "\u{200b}", "－", "\n", "+"]),
        wide in proptest::collection::vec(proptest::bool::ANY, 18),
        number in proptest::sample::select(vec![MOBILE, ID, ID_X]),
        before in "[甲乙，。a-w<>\"=:/ ]{0,6}",
        after in "[甲乙，。a-w<>\"=:/ ]{0,6}",
    ) {
        let mut written = String::new();
        for (k, c) in number.chars().enumerate() {
            if cuts.contains(&k) {
                written.push_str(separator);
            }
            written.push(if wide[k] { full_width(&c.to_string()).chars().next().unwrap() } else { c });
        }
        let text = format!("{before}{written}{after}");
        let numbers: Vec<String> = found(&text).into_iter().map(|(_, n)| n).collect();
        proptest::prop_assert_eq!(numbers, vec![number.to_string()], "{:?}", text);
    }

    /// Skipping ahead finds what reading every byte finds.
    #[test]
    fn skipping_finds_what_reading_everything_finds(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                "[0-9]{1,22}",
                proptest::strategy::Just(ID_X.to_string()),
                proptest::strategy::Just(MOBILE.to_string()),
                proptest::strategy::Just("139 1007 9190".to_string()),
                proptest::strategy::Just(full_width(ID)),
                "[Xx*a-c .%&#;-]{1,3}",
                "[甲乙，　]{1,2}",
            ],
            0..40,
        )
    ) {
        let text = parts.concat();
        proptest::prop_assert_eq!(
            find_unmasked_numbers(text.as_bytes()),
            read_everything(text.as_bytes())
        );
    }
}
