//! The fast reader against serde-saphyr on whole record files.
//!
//! Documents are generated in the shapes of `households`, `projects` and `funds`
//! files as clerks and `gongshi import` write them: a header, then a `rows:` list of
//! mappings with every field type (text, identity numbers, region codes, counts,
//! money, dates, lists, nested mappings and lists of mappings), in block and flow
//! style, plain, single- and double-quoted, with comments, blank lines, CRLF line
//! ends, keys in any order and optional keys present or not. A quarter of the files
//! are quirky: escapes, values YAML reads otherwise than it looks, missing, unknown
//! or repeated keys, tabs, document markers. For each file the fast reader either
//! declines or reads exactly what serde-saphyr reads, spans included.

use super::tests::{agrees, same_verdict_at_the_budget};
use super::top_level_scalar;
use crate::model::records::{
    FundLedger, HOUSEHOLD_CATEGORIES, HouseholdList, POVERTY_CAUSES, PROJECT_STATUSES, ProjectList,
    RecordHeader,
};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde::de::DeserializeOwned;
use std::fmt;

/// A field's value before it is laid out; scalars are as written, quotes included.
#[derive(Debug, Clone)]
enum Value {
    Scalar(String),
    List(Vec<String>),
    Map(Vec<(&'static str, String)>),
    Maps(Vec<Vec<(&'static str, String)>>),
}

type Row = Vec<(&'static str, Value)>;

/// A record file before it is laid out.
#[derive(Debug, Clone)]
struct File {
    /// `kind:`, `year:`, …, and `rows`, in the order written.
    header: Vec<(&'static str, String)>,
    rows: Vec<Row>,
    /// Where `rows:` comes among the header's keys.
    rows_at: usize,
    /// Every choice of layout, taken in turn (cycled).
    choices: Vec<u8>,
    crlf: bool,
    /// Written anyhow, not only as the subset allows.
    quirky: bool,
    /// A change to the laid-out text that may take it outside the subset.
    mutation: Option<Mutation>,
}

#[derive(Debug, Clone, Copy)]
enum Mutation {
    Tab,
    LoneCarriageReturn,
    DocumentStart,
    DocumentEnd,
    ByteOrderMark,
    Reindent,
    RepeatLine,
    DropLine,
}

// ---------------------------------------------------------------- scalars

/// `text` as written: plain, single- or double-quoted. Clean files quote what a plain
/// scalar cannot hold and never need an escape; quirky ones write it anyhow.
fn written(text: impl Strategy<Value = String> + 'static, quirky: bool) -> BoxedStrategy<String> {
    (text, 0..10u8)
        .prop_map(move |(text, style)| {
            let risky = text.is_empty()
                || text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
                || text.ends_with(' ')
                || text.contains(|c: char| ",[]{}#:'\"\\".contains(c))
                || ["~", "null", "true", "false"].contains(&text.as_str());
            match style {
                0..=4 if quirky || !risky => text,
                0..=6 if quirky || !text.contains(['"', '\\']) => {
                    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
                }
                _ => format!("'{}'", text.replace('\'', "''")),
            }
        })
        .boxed()
}

fn pick(words: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(words).prop_map(str::to_string).boxed()
}

/// Texts YAML reads otherwise than they look, or not at all as plain scalars.
const AWKWARD: &[&str] = &[
    "", "~", "null", "Null", "true", "no", "on", "y", "+3", "03", "0x1F", "1_000", "1e3", ".inf",
    "-", "- a", "a: b", "a #b", "a#b", "#a", "a, b", "[a]", "{a: b}", "a'b", "a\"b", "a\\b", "&a",
    "*a", "!a", "|", ">", "%a", "@a", "`a", "? a", " a", "a ", "a\tb", "3万",
];

/// Text from `clean`, and in quirky files now and then an awkward one.
fn text(clean: BoxedStrategy<String>, quirky: bool) -> BoxedStrategy<String> {
    let text = if quirky {
        prop_oneof![6 => clean, 1 => pick(AWKWARD)].boxed()
    } else {
        clean
    };
    written(text, quirky)
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        pick(&[
            "邱永保",
            "袁　学",
            "张三",
            "李四",
            "王小二",
            "欧阳娜娜",
            "阿依古丽·买买提",
            "袁学　",
            "姜某某",
        ]),
        "[赵钱孙李周吴郑王][一-龥]{1,2}",
        "[A-Z][a-z]{1,5} [A-Z][a-z]{1,5}",
    ]
    .boxed()
}

/// Phrases of a record's free text, with the punctuation clerks use.
fn phrase() -> BoxedStrategy<String> {
    prop_oneof![
        pick(&[
            "硬化道路3公里",
            "大青村道路硬化工程",
            "新建蓄水池2座（50立方米）",
            "3公里",
            "大青村村民委员会",
            "县扶贫办",
            "每户补助5000元",
            "带动贫困户增收，户均500元",
            "小额信贷：5万元",
            "it's",
            "财政专项扶贫资金",
            "中央财政专项扶贫资金",
            "行业部门资金",
            "滇财农〔2016〕12号",
            "https://example.cn/a?b=c",
            "50%",
        ]),
        "[一-龥]{1,12}",
        "[一-龥a-z0-9（）、，：。　]{1,12}",
    ]
    .boxed()
}

fn digits(n: usize) -> BoxedStrategy<String> {
    prop::collection::vec(0..10u8, n)
        .prop_map(|d| d.iter().map(|d| char::from(b'0' + d)).collect())
        .boxed()
}

/// 18 characters (the last may be X or x), or an old 15-digit number.
fn id_number(quirky: bool) -> BoxedStrategy<String> {
    let id = prop_oneof![
        6 => ("[1-6]", digits(16), "[0-9Xx]").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => ("[1-6]", digits(14)).prop_map(|(a, b)| format!("{a}{b}")),
    ];
    text(id.boxed(), quirky)
}

/// A twelve-digit region code: plain, it is still text.
fn region(quirky: bool) -> BoxedStrategy<String> {
    let code = prop_oneof![
        4 => digits(6).prop_map(|d| format!("530623{d}")),
        1 => digits(12),
    ];
    text(code.boxed(), quirky)
}

fn count(quirky: bool) -> BoxedStrategy<String> {
    if quirky {
        prop_oneof![
            5 => (0..200u32).prop_map(|n| n.to_string()),
            1 => pick(&["\"3\"", "'3'", "+3", "03", "3.0", "-1", "0x3", "三", "~", "4294967296"]),
        ]
        .boxed()
    } else {
        (1..200u32).prop_map(|n| n.to_string()).boxed()
    }
}

/// What `model::money` reads: `1681.1`, `1681.10`, `2300元`, `1.2万元`.
fn money(quirky: bool) -> BoxedStrategy<String> {
    let amount = prop_oneof![
        (0..100_000u32).prop_map(|n| n.to_string()),
        (0..100_000u32, 0..100u32).prop_map(|(n, c)| format!("{n}.{c}")),
        (0..100_000u32, 0..100u32).prop_map(|(n, c)| format!("{n}.{c:02}")),
        (0..100_000u32).prop_map(|n| format!("{n}元")),
        (0..100_000u32, 0..100u32).prop_map(|(n, c)| format!("{n}.{c}元")),
        (0..500u32, 0..100u32).prop_map(|(n, c)| format!("{n}.{c}万元")),
        (0..500u32).prop_map(|n| format!("{n}万元")),
    ];
    let amount = if quirky {
        prop_oneof![
            5 => amount,
            1 => pick(&["3万", ".5", "5.", "1,000", "-5", "1e3", "1.2.3", "十万元", " 5元", "5 元"]),
        ]
        .boxed()
    } else {
        amount.boxed()
    };
    written(amount, quirky)
}

fn day(quirky: bool) -> BoxedStrategy<String> {
    let day =
        (2014..2021u32, 1..13u32, 1..29u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let day = if quirky {
        prop_oneof![
            5 => day,
            1 => pick(&["2016-3-1", "2016-02-30", "2016/03/01", "2016年3月1日", "20160301"]),
        ]
        .boxed()
    } else {
        day.boxed()
    };
    written(day, quirky)
}

fn year(quirky: bool) -> BoxedStrategy<String> {
    if quirky {
        prop_oneof![
            5 => (2014..2021i32).prop_map(|y| y.to_string()),
            1 => pick(&["\"2014\"", "二〇一四", "2014.0", "-2014", "~"]),
        ]
        .boxed()
    } else {
        (2014..2021i32).prop_map(|y| y.to_string()).boxed()
    }
}

/// One of `words`, and in quirky files now and then something else.
fn one_of(words: &'static [&'static str], quirky: bool) -> BoxedStrategy<String> {
    text(pick(words), quirky)
}

fn list(item: BoxedStrategy<String>, most: usize) -> BoxedStrategy<Value> {
    prop::collection::vec(item, 0..=most)
        .prop_map(Value::List)
        .boxed()
}

fn scalar(s: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    s.prop_map(Value::Scalar).boxed()
}

/// Required fields, optional ones (absent half the time, or `~`), and in
/// quirky files now and then a required one left out or an unknown one added.
fn row(
    required: Vec<(&'static str, BoxedStrategy<Value>)>,
    optional: Vec<(&'static str, BoxedStrategy<Value>)>,
    quirky: bool,
) -> BoxedStrategy<Row> {
    let n = required.len();
    let required: Vec<_> = required
        .into_iter()
        .map(|(k, v)| v.prop_map(move |v| (k, v)))
        .collect();
    let optional: Vec<_> = optional
        .into_iter()
        .map(|(k, v)| {
            // A null is no list; clean files write one only for a scalar.
            let value_or_null = (v, 0..9u8).prop_map(move |(v, null)| {
                if null == 0 && (quirky || matches!(v, Value::Scalar(_))) {
                    (k, Value::Scalar("~".to_string()))
                } else {
                    (k, v)
                }
            });
            prop::option::weighted(0.5, value_or_null)
        })
        .collect();
    let unknown = if quirky {
        let keys: &'static [&'static str] = &["备注", "remark", "head", "kind"];
        prop::option::weighted(0.1, prop::sample::select(keys)).boxed()
    } else {
        Just(None).boxed()
    };
    let drop = if quirky {
        prop::option::weighted(0.1, 0..n).boxed()
    } else {
        Just(None).boxed()
    };
    (required, optional, unknown, drop)
        .prop_map(|(required, optional, unknown, drop)| {
            let mut row: Row = required
                .into_iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != drop)
                .map(|(_, e)| e)
                .chain(optional.into_iter().flatten())
                .collect();
            if let Some(key) = unknown {
                row.push((key, Value::Scalar("x".to_string())));
            }
            row
        })
        .prop_shuffle()
        .boxed()
}

// ---------------------------------------------------------------- kinds

fn household(q: bool) -> BoxedStrategy<Row> {
    let causes = one_of(&POVERTY_CAUSES, q);
    row(
        vec![
            ("head", scalar(text(name(), q))),
            ("id_number", scalar(id_number(q))),
            ("region", scalar(region(q))),
            ("size", scalar(count(q))),
            ("income", scalar(money(q))),
            ("category", scalar(one_of(&HOUSEHOLD_CATEGORIES, q))),
        ],
        vec![
            (
                "group",
                scalar(text(pick(&["六组", "1组", "第三村民小组", "3"]), q)),
            ),
            ("causes", list(causes, 3)),
            ("measures", list(text(phrase(), q), 3)),
            ("helper", scalar(text(name(), q))),
            (
                "phone",
                scalar(text(
                    prop_oneof![
                        ("1[3-9]", digits(9)).prop_map(|(a, b)| format!("{a}{b}")),
                        digits(7).prop_map(|d| format!("0871-{d}")),
                    ]
                    .boxed(),
                    q,
                )),
            ),
        ],
        q,
    )
}

fn project(q: bool) -> BoxedStrategy<Row> {
    let period = (day(q), day(q))
        .prop_map(|(from, to)| Value::Map(vec![("from", from), ("to", to)]))
        .boxed();
    let beneficiaries = (
        count(q),
        count(q),
        prop::option::of(count(q)),
        prop::option::of(count(q)),
    )
        .prop_map(|(h, p, ph, pp)| {
            let mut map = vec![("households", h), ("people", p)];
            map.extend(ph.map(|v| ("poor_households", v)));
            map.extend(pp.map(|v| ("poor_people", v)));
            Value::Map(map)
        })
        .boxed();
    let funds = prop::collection::vec(
        (text(phrase(), q), money(q)).prop_map(|(s, a)| vec![("source", s), ("amount", a)]),
        0..3,
    )
    .prop_map(Value::Maps)
    .boxed();
    let code = prop_oneof![
        (2014..2021u32, 1..100u32).prop_map(|(y, n)| format!("XM{y}-{n:02}")),
        (2014..2021u32, 1..1000u32).prop_map(|(y, n)| format!("{y}{n:03}")),
    ];
    row(
        vec![
            ("code", scalar(text(code.boxed(), q))),
            ("name", scalar(text(phrase(), q))),
            ("region", scalar(region(q))),
            ("content", scalar(text(phrase(), q))),
            ("implementer", scalar(text(phrase(), q))),
            ("manager", scalar(text(name(), q))),
            ("period", period),
            ("status", scalar(one_of(&PROJECT_STATUSES, q))),
            ("funds", funds),
            ("total", scalar(money(q))),
        ],
        vec![
            ("scale", scalar(text(phrase(), q))),
            ("beneficiaries", beneficiaries),
            ("subsidy_standard", scalar(text(phrase(), q))),
            ("goals", scalar(text(phrase(), q))),
            ("mechanism", scalar(text(phrase(), q))),
        ],
        q,
    )
}

fn fund_entry(q: bool) -> BoxedStrategy<Row> {
    row(
        vec![
            ("date", scalar(day(q))),
            ("source", scalar(text(phrase(), q))),
            ("allocated", scalar(money(q))),
            ("disbursed", scalar(money(q))),
        ],
        vec![
            ("document", scalar(text(phrase(), q))),
            ("project", scalar(text(pick(&["XM2016-01", "2016001"]), q))),
            ("purpose", scalar(text(phrase(), q))),
        ],
        q,
    )
}

fn mutation() -> BoxedStrategy<Option<Mutation>> {
    use Mutation::*;
    prop::option::weighted(
        0.3,
        prop::sample::select(vec![
            Tab,
            LoneCarriageReturn,
            DocumentStart,
            DocumentEnd,
            ByteOrderMark,
            Reindent,
            RepeatLine,
            DropLine,
        ]),
    )
    .boxed()
}

/// A file of `kind`, its rows by `row`: three in four clean.
fn file(kind: &'static str, row: fn(bool) -> BoxedStrategy<Row>) -> BoxedStrategy<File> {
    prop_oneof![3 => Just(false), 1 => Just(true)]
        .prop_flat_map(move |q| {
            let kind = text(Just(kind.to_string()).boxed(), q);
            let mutation = if q { mutation() } else { Just(None).boxed() };
            (
                kind,
                year(q),
                prop::collection::vec(row(q), 0..5),
                0..3usize,
                prop::collection::vec(any::<u8>(), 32..64),
                any::<bool>(),
                mutation,
                Just(q),
            )
        })
        .prop_map(
            |(kind, year, rows, rows_at, choices, crlf, mutation, quirky)| {
                let mut header = vec![("kind", kind), ("year", year)];
                if choices[0] % 4 == 0 {
                    header.reverse();
                }
                File {
                    header,
                    rows,
                    rows_at,
                    choices,
                    crlf,
                    quirky,
                    mutation,
                }
            },
        )
        .boxed()
}

// ---------------------------------------------------------------- layout

/// Takes the file's layout choices in turn.
struct Choices<'c> {
    bytes: &'c [u8],
    next: usize,
}

impl Choices<'_> {
    fn below(&mut self, n: usize) -> usize {
        let b = self.bytes[self.next % self.bytes.len()];
        self.next += 1;
        usize::from(b) % n
    }

    /// True `percent` times in a hundred, roughly.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Layout<'c> {
    out: String,
    choices: Choices<'c>,
    quirky: bool,
}

const COMMENTS: &[&str] = &[
    "# 备注",
    "#",
    "# 第二批：已核实",
    "# it's a \"note\" [x]: y",
];

impl Layout<'_> {
    /// A trailing comment, now and then.
    fn end_line(&mut self) {
        if self.choices.chance(15) {
            let c = COMMENTS[self.choices.below(COMMENTS.len())];
            // A full-width space is no space to YAML: after a quoted scalar or a
            // flow collection it is a syntax error.
            let spaces = if self.quirky { 3 } else { 2 };
            self.out
                .push_str(["  ", " ", "\u{3000} "][self.choices.below(spaces)]);
            self.out.push_str(c);
        }
        self.out.push('\n');
        if self.choices.chance(8) {
            self.out.push('\n');
        }
        if self.choices.chance(8) {
            let pad = " ".repeat(self.choices.below(7));
            let c = COMMENTS[self.choices.below(COMMENTS.len())];
            self.out.push_str(&format!("{pad}{c}\n"));
        }
    }

    fn flow_map(&mut self, entries: &[(&str, String)]) -> String {
        let inner: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        if inner.is_empty() {
            "{}".to_string()
        } else if self.choices.chance(50) {
            format!("{{ {} }}", inner.join(", "))
        } else {
            format!("{{{}}}", inner.join(","))
        }
    }

    fn flow_list(&mut self, items: &[String]) -> String {
        let sep = [", ", ",", " , "][self.choices.below(3)];
        if items.is_empty() || self.choices.chance(70) {
            format!("[{}]", items.join(sep))
        } else {
            format!("[ {} ]", items.join(sep))
        }
    }

    fn flow_value(&mut self, value: &Value) -> String {
        match value {
            Value::Scalar(s) => s.clone(),
            Value::List(items) => self.flow_list(items),
            Value::Map(entries) => self.flow_map(entries),
            Value::Maps(maps) => {
                let items: Vec<String> = maps.iter().map(|m| self.flow_map(m)).collect();
                self.flow_list(&items)
            }
        }
    }

    /// A block mapping whose first key goes where the line so far ends (after `- `
    /// or at the start of a line) and whose other keys are indented by `indent`.
    fn block_map(&mut self, entries: &[(&str, Value)], indent: usize) {
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&" ".repeat(indent));
            }
            self.out.push_str(key);
            self.out.push(':');
            self.block_value(value, indent);
        }
    }

    /// What follows `key:` in a block mapping indented by `indent`.
    fn block_value(&mut self, value: &Value, indent: usize) {
        let block = self.choices.chance(50);
        match value {
            Value::List(items) if block && !items.is_empty() => {
                self.end_line();
                let pad = indent + [0, 2, 4][self.choices.below(3)];
                for item in items {
                    self.out.push_str(&format!("{}- {item}", " ".repeat(pad)));
                    self.end_line();
                }
            }
            Value::Map(entries) if block && !entries.is_empty() => {
                self.end_line();
                let pad = indent + [2, 4][self.choices.below(2)];
                let entries: Vec<(&str, Value)> = entries
                    .iter()
                    .map(|(k, v)| (*k, Value::Scalar(v.clone())))
                    .collect();
                self.out.push_str(&" ".repeat(pad));
                self.block_map(&entries, pad);
            }
            Value::Maps(maps) if block && !maps.is_empty() => {
                self.end_line();
                let pad = indent + [0, 2][self.choices.below(2)];
                self.block_rows(
                    &maps
                        .iter()
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| (*k, Value::Scalar(v.clone())))
                                .collect()
                        })
                        .collect::<Vec<Row>>(),
                    pad,
                );
            }
            _ => {
                let v = self.flow_value(value);
                self.out.push(' ');
                self.out.push_str(&v);
                self.end_line();
            }
        }
    }

    /// A block list of mappings, its `- ` indented by `indent`: each in block style
    /// (the first key after the `- `) or as a flow mapping.
    fn block_rows(&mut self, rows: &[Row], indent: usize) {
        for row in rows {
            self.out.push_str(&" ".repeat(indent));
            self.out.push('-');
            if row.is_empty() || self.choices.chance(25) {
                let entries: Vec<(&str, String)> =
                    row.iter().map(|(k, v)| (*k, self.flow_value(v))).collect();
                let map = self.flow_map(&entries);
                self.out.push(' ');
                self.out.push_str(&map);
                self.end_line();
            } else {
                let gap = [1, 1, 1, 2, 3][self.choices.below(5)];
                self.out.push_str(&" ".repeat(gap));
                self.block_map(row, indent + 1 + gap);
            }
        }
    }
}

impl File {
    fn text(&self) -> String {
        let mut layout = Layout {
            out: String::new(),
            choices: Choices {
                bytes: &self.choices,
                next: 1,
            },
            quirky: self.quirky,
        };
        if layout.choices.chance(50) {
            layout
                .out
                .push_str("# 大青村2014年度贫困户识别结果公示\n\n");
        }
        let mut header = self.header.iter();
        for i in 0..=self.header.len() {
            if i == self.rows_at.min(self.header.len()) {
                layout.out.push_str("rows:");
                if self.rows.is_empty() {
                    layout.out.push_str(" []");
                    layout.end_line();
                } else {
                    layout.end_line();
                    let indent = [0, 2, 2, 4][layout.choices.below(4)];
                    layout.block_rows(&self.rows, indent);
                }
            } else if let Some((key, value)) = header.next() {
                layout.out.push_str(&format!("{key}: {value}"));
                layout.end_line();
            }
        }
        let text = self.mutate(layout.out, &mut layout.choices);
        if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    fn mutate(&self, text: String, choices: &mut Choices<'_>) -> String {
        let Some(mutation) = self.mutation else {
            return text;
        };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let at = choices.below(lines.len());
        match mutation {
            Mutation::Tab => lines[at] = lines[at].replacen(' ', "\t", 1),
            Mutation::LoneCarriageReturn => lines[at].push('\r'),
            Mutation::DocumentStart => lines.insert(0, "---".to_string()),
            Mutation::DocumentEnd => lines.push("...".to_string()),
            Mutation::ByteOrderMark => lines[0].insert(0, '\u{feff}'),
            Mutation::Reindent => lines[at].insert(0, ' '),
            Mutation::RepeatLine => lines.insert(at, lines[at].clone()),
            Mutation::DropLine => {
                lines.remove(at);
            }
        }
        lines.join("\n") + "\n"
    }
}

// ---------------------------------------------------------------- properties

/// The checks on one generated file: whether the fast reader took it.
fn check<T: DeserializeOwned + fmt::Debug>(text: &str) -> bool {
    if let Some(kind) = top_level_scalar(text, "kind")
        && let Ok(header) = serde_saphyr::from_str_with_options::<RecordHeader>(
            text,
            crate::content::yaml::options(),
        )
    {
        assert_eq!(header.kind.value, kind, "\n{text}");
    }
    agrees::<T>(text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn reads_household_files_as_serde_saphyr(file in file("households", household)) {
        check::<HouseholdList>(&file.text());
    }

    #[test]
    fn reads_project_files_as_serde_saphyr(file in file("projects", project)) {
        check::<ProjectList>(&file.text());
    }

    #[test]
    fn reads_fund_ledgers_as_serde_saphyr(file in file("funds", fund_entry)) {
        check::<FundLedger>(&file.text());
    }
}

/// The files of one kind the fast reader reads, of `n` generated (deterministically);
/// the first few it reads are also read at the edges of their budgets.
fn share_read<T: DeserializeOwned + fmt::Debug>(
    kind: &'static str,
    row: fn(bool) -> BoxedStrategy<Row>,
    n: usize,
) -> usize {
    let mut runner = TestRunner::deterministic();
    let strategy = file(kind, row);
    let mut read = 0;
    for _ in 0..n {
        let text = strategy.new_tree(&mut runner).unwrap().current().text();
        if check::<T>(&text) {
            if read < 10 {
                same_verdict_at_the_budget::<T>(&text);
            }
            read += 1;
        }
    }
    read
}

/// Guards the properties above against a reader that declines everything, and the
/// generator against files all inside the subset.
#[test]
fn most_generated_record_files_are_read() {
    let n = 300;
    for (kind, read) in [
        (
            "households",
            share_read::<HouseholdList>("households", household, n),
        ),
        (
            "projects",
            share_read::<ProjectList>("projects", project, n),
        ),
        ("funds", share_read::<FundLedger>("funds", fund_entry, n)),
    ] {
        assert!(
            read > n / 2 && read < n * 19 / 20,
            "{kind}: {read} of {n} read"
        );
    }
}

/// One generated file of each kind, for a look (`cargo test … -- --ignored --nocapture`).
#[test]
#[ignore]
fn show_generated_files() {
    let mut runner = TestRunner::deterministic();
    for (kind, row) in [
        ("households", household as fn(bool) -> BoxedStrategy<Row>),
        ("projects", project),
        ("funds", fund_entry),
    ] {
        for _ in 0..3 {
            let text = file(kind, row)
                .new_tree(&mut runner)
                .unwrap()
                .current()
                .text();
            println!("{text}\n----------------");
        }
    }
}
