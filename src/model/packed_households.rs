//! A household list's rows, packed once the rules within the list have run.
//!
//! A one-off build cannot hold a province's households as parsed (about 700 bytes
//! each, spread over a dozen allocations), and reading every list a second time for
//! its pages was an eighth of a build. Packed, a household is a few numbers and the
//! numbers of its texts, each different text kept once per list — about a quarter
//! of the memory — and its pages get back exactly the values the rules saw, without
//! touching the file again.
//!
//! Places in the file (spans) are not kept: they serve diagnostics, and the rules
//! that report them have run. The identity numbers, compared across lists, keep
//! theirs ([`super::records::PackedRows::id_numbers`]).

use super::money::Money;
use super::records::{Household, Text};
use crate::diagnostic::Span;
use crate::model::spanned::Spanned;
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;

/// The households of one list, without their identity numbers.
#[derive(Debug, Default)]
pub struct PackedHouseholds {
    /// Each different text of the list once: most are shared (the village, the
    /// categories, causes and measures), and only names and phones are not.
    distinct: String,
    /// Where each different text ends in `distinct`.
    ends: Vec<u32>,
    /// Every text of every household, in the order [`PackedHouseholds::push`] writes,
    /// as the number of its different text.
    texts: Vec<u32>,
    households: Vec<Shape>,
}

/// What is not text, and how many texts a household has.
#[derive(Debug)]
struct Shape {
    size: u32,
    income: Money,
    causes: u16,
    measures: u16,
    has_group: bool,
    has_helper: bool,
    has_phone: bool,
    has_adjustment: bool,
    has_note: bool,
    /// 两不愁三保障 in the order of `EXIT_CRITERIA`, two bits each (see [`pack_flag`]).
    criteria: u16,
}

/// An optional yes/no in two bits: 0 not written, 1 no, 2 yes.
fn pack_flag(flag: &Option<Spanned<bool>>) -> u16 {
    match flag.as_ref().map(|f| f.value) {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

fn unpack_flag(criteria: u16, n: u16) -> Option<Spanned<bool>> {
    match (criteria >> (2 * n)) & 3 {
        1 => Some(unplaced(false)),
        2 => Some(unplaced(true)),
        _ => None,
    }
}

/// A list too large to pack, given back: its texts together exceed 4 GiB, or a
/// household has more than 65,535 causes or measures.
#[derive(Debug)]
pub struct TooLarge(pub Vec<Household>);

impl PackedHouseholds {
    /// Packs `rows`, returning their identity numbers (with their places) apart.
    pub fn pack(rows: Vec<Household>) -> Result<(PackedHouseholds, Vec<Spanned<Text>>), TooLarge> {
        let texts: usize = rows.iter().map(text_len).sum();
        let counts_fit = |h: &Household| {
            u16::try_from(h.causes.len()).is_ok() && u16::try_from(h.measures.len()).is_ok()
        };
        if u32::try_from(texts).is_err() || !rows.iter().all(counts_fit) {
            return Err(TooLarge(rows));
        }
        let mut packed = PackedHouseholds {
            texts: Vec::with_capacity(rows.len() * 10),
            households: Vec::with_capacity(rows.len()),
            ..PackedHouseholds::default()
        };
        let mut numbers = HashMap::with_hasher(FxBuildHasher);
        // Not `collect()`, which would reuse the rows' whole allocation for the numbers.
        let mut id_numbers = Vec::with_capacity(rows.len());
        id_numbers.extend(rows.into_iter().map(|h| packed.push(h, &mut numbers)));
        packed.distinct.shrink_to_fit();
        packed.ends.shrink_to_fit();
        packed.texts.shrink_to_fit();
        Ok((packed, id_numbers))
    }

    /// Appends one household (whose texts and counts fit, as `pack` made sure);
    /// `numbers` holds the number of each different text so far.
    fn push(
        &mut self,
        household: Household,
        numbers: &mut HashMap<Text, u32, FxBuildHasher>,
    ) -> Spanned<Text> {
        // Every field by name: a field added to `Household` does not compile here
        // until it is packed.
        let Household {
            head,
            id_number,
            region,
            group,
            size,
            income,
            category,
            causes,
            measures,
            helper,
            phone,
            adjustment,
            food,
            clothing,
            education,
            medical,
            housing,
            note,
        } = household;
        let criteria = [&food, &clothing, &education, &medical, &housing]
            .into_iter()
            .enumerate()
            .fold(0, |bits, (n, flag)| bits | pack_flag(flag) << (2 * n));
        self.households.push(Shape {
            size: size.value,
            income: income.value,
            causes: causes.len() as u16,
            measures: measures.len() as u16,
            has_group: group.is_some(),
            has_helper: helper.is_some(),
            has_phone: phone.is_some(),
            has_adjustment: adjustment.is_some(),
            has_note: note.is_some(),
            criteria,
        });
        let texts = [&head.value, &region.value]
            .into_iter()
            .chain(&group)
            .chain([&category.value])
            .chain(causes.iter().map(|c| &c.value))
            .chain(&measures)
            .chain(&helper)
            .chain(phone.as_ref().map(|p| &p.value))
            .chain(adjustment.as_ref().map(|a| &a.value))
            .chain(&note);
        for t in texts {
            let number = *numbers.entry(t.clone()).or_insert_with(|| {
                self.distinct.push_str(t);
                self.ends.push(self.distinct.len() as u32);
                self.ends.len() as u32 - 1
            });
            self.texts.push(number);
        }
        id_number
    }

    /// The text with number `number`.
    fn text(&self, number: u32) -> &str {
        let number = number as usize;
        let end = self.ends.get(number).map_or(0, |&e| e as usize);
        let start = match number {
            0 => 0,
            n => self.ends.get(n - 1).map_or(0, |&e| e as usize),
        };
        self.distinct.get(start..end).unwrap_or_default()
    }

    /// Each household's head, without unpacking the rest (the search index keeps
    /// them out of what it indexes).
    pub fn heads(&self) -> impl Iterator<Item = &str> + '_ {
        let mut at = 0usize;
        self.households.iter().map(move |shape| {
            let head = self.texts.get(at).map_or("", |&n| self.text(n));
            // In the order `push` wrote them: head, region, group, category, causes,
            // measures, helper, phone.
            at += 3
                + usize::from(shape.has_group)
                + usize::from(shape.causes)
                + usize::from(shape.measures)
                + usize::from(shape.has_helper)
                + usize::from(shape.has_phone);
            head
        })
    }

    /// Every different text of the list once (names, places, categories, causes…).
    pub fn distinct_texts(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len() as u32).map(|n| self.text(n))
    }

    /// The households again, with the identity numbers `pack` returned.
    pub fn unpack(&self, id_numbers: &[Spanned<Text>]) -> Vec<Household> {
        let mut texts = self
            .texts
            .iter()
            .map(|&number| Text::from(self.text(number)));
        let mut next = || texts.next().unwrap_or_default();
        // Fields are evaluated in the order written, which is the order `push` wrote
        // the texts in.
        self.households
            .iter()
            .zip(id_numbers)
            .map(|(shape, id_number)| Household {
                head: unplaced(next()),
                id_number: id_number.clone(),
                region: unplaced(next()),
                group: shape.has_group.then(&mut next),
                size: unplaced(shape.size),
                income: unplaced(shape.income),
                category: unplaced(next()),
                causes: (0..shape.causes).map(|_| unplaced(next())).collect(),
                measures: (0..shape.measures).map(|_| next()).collect(),
                helper: shape.has_helper.then(&mut next),
                phone: shape.has_phone.then(|| unplaced(next())),
                adjustment: shape.has_adjustment.then(|| unplaced(next())),
                food: unpack_flag(shape.criteria, 0),
                clothing: unpack_flag(shape.criteria, 1),
                education: unpack_flag(shape.criteria, 2),
                medical: unpack_flag(shape.criteria, 3),
                housing: unpack_flag(shape.criteria, 4),
                note: shape.has_note.then(&mut next),
            })
            .collect()
    }
}

/// A value whose place in the file was not kept.
fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Span::default())
}

/// The bytes of a household's texts, identity number aside.
fn text_len(h: &Household) -> usize {
    let optional = |t: Option<&Text>| t.map_or(0, |t| t.len());
    h.head.value.len()
        + h.region.value.len()
        + optional(h.group.as_ref())
        + h.category.value.len()
        + h.causes.iter().map(|c| c.value.len()).sum::<usize>()
        + h.measures.iter().map(|m| m.len()).sum::<usize>()
        + optional(h.helper.as_ref())
        + optional(h.phone.as_ref().map(|p| &p.value))
        + optional(h.adjustment.as_ref().map(|a| &a.value))
        + optional(h.note.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::RecordSet;

    const LIST: &str = r#"kind: households
year: 2014
rows:
  - head: 张元义
    id_number: "53062319700312001X"
    region: "530623101201"
    group: 三组
    size: 4
    income: 2150.50
    category: 一般贫困户
    causes: [因病, 缺技术]
    measures: [产业扶持, 教育培训, ""]
    helper: 王某某
    phone: "13800001234"
  - head: ""
    id_number: "530623197511200024"
    region: "530623101202"
    size: 1
    income: 0.3万元
    category: 低保贫困户
  - head: 李 "秀" 英
    id_number: "530623197511200024"
    region: "530623101201"
    group: ""
    size: 12
    income: 1800
    category: 特困供养户
    causes: [缺劳力]
    measures: []
    phone: "0870-1234567"
    adjustment: 返贫
    food: true
    clothing: false
    housing: true
    note: 2015年脱贫，2016年因病返贫
"#;

    /// Every value of a household, without places.
    fn values(h: &Household) -> String {
        let Household {
            head,
            id_number,
            region,
            group,
            size,
            income,
            category,
            causes,
            measures,
            helper,
            phone,
            adjustment,
            food,
            clothing,
            education,
            medical,
            housing,
            note,
        } = h;
        let flags: Vec<_> = [food, clothing, education, medical, housing]
            .iter()
            .map(|f| f.as_ref().map(|f| f.value))
            .collect();
        let causes: Vec<_> = causes.iter().map(|c| &c.value).collect();
        format!(
            "{:?}",
            (
                &head.value,
                id_number,
                &region.value,
                group,
                size.value,
                income.value,
                &category.value,
                causes,
                measures,
                helper,
                phone.as_ref().map(|p| &p.value),
                (adjustment.as_ref().map(|a| &a.value), flags, note),
            )
        )
    }

    #[test]
    fn households_unpack_to_the_values_they_were_packed_from() {
        let parse = || match crate::content::records::parse_record_file(
            LIST,
            std::path::Path::new("hh.yaml"),
        ) {
            Ok(RecordSet::Households(list)) => list.households().into_owned(),
            other => panic!("{other:?}"),
        };
        let (packed, id_numbers) = PackedHouseholds::pack(parse()).unwrap();
        let unpacked = packed.unpack(&id_numbers);
        let expected: Vec<String> = parse().iter().map(values).collect();
        let got: Vec<String> = unpacked.iter().map(values).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got, expected);
        // The identity numbers keep their places for the rules across lists.
        assert_eq!(unpacked[1].id_number.span.line, 16);
    }

    #[test]
    fn nothing_to_pack_is_nothing_to_unpack() {
        let (packed, id_numbers) = PackedHouseholds::pack(Vec::new()).unwrap();
        assert!(id_numbers.is_empty());
        assert!(packed.unpack(&id_numbers).is_empty());
    }
}
