//! The names the search index must not hold: every household head and beneficiary of
//! the site, cut out of any text before it is indexed (a notice body saying
//! “拟确定吴丽英等50户” included).

use super::super::reads::{Input, Source, note};
use crate::Site;
use crate::model::records::RecordSet;
use rustc_hash::FxHashSet;

pub struct People<'a> {
    names: FxHashSet<&'a str>,
    /// The first character of every name: most places in a text start none, and are
    /// passed over with one lookup.
    first: FxHashSet<char>,
    /// The longest name, in characters.
    longest: usize,
}

impl<'a> People<'a> {
    /// Every name in the site's household and beneficiary lists. The lists are noted
    /// as read, so that the preview renders the index again when one changes.
    pub fn of(site: &'a Site) -> People<'a> {
        let mut people = People {
            names: FxHashSet::default(),
            first: FxHashSet::default(),
            longest: 0,
        };
        for rf in site.content.records.values() {
            let names: Vec<&str> = match &rf.set {
                RecordSet::Households(list) => list.heads(),
                RecordSet::Beneficiaries(list) => {
                    list.rows.iter().map(|b| b.name.value.as_str()).collect()
                }
                _ => continue,
            };
            note(Input::Records(Source::file(&rf.file)));
            for name in names {
                people.add(name.trim());
            }
        }
        people
    }

    fn add(&mut self, name: &'a str) {
        let chars = name.chars().count();
        // A one-character "name" would cut that character out of every text.
        let Some(first) = name.chars().next().filter(|_| chars >= 2) else {
            return;
        };
        self.first.insert(first);
        self.longest = self.longest.max(chars);
        self.names.insert(name);
    }

    /// `text` with every name replaced by a space (the longest name starting at a
    /// place, leftmost first).
    pub fn cut_out(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(text.len(), |(at, _)| *at);
        let mut i = 0;
        while let Some(&(at, c)) = chars.get(i) {
            let found = self.first.contains(&c).then(|| {
                (2..=self.longest.min(chars.len() - i))
                    .rev()
                    .find(|&k| self.names.contains(&text[at..end_of(i + k)]))
            });
            match found.flatten() {
                Some(k) => {
                    out.push(' ');
                    i += k;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_out_longest_first_and_nothing_else() {
        let mut people = People {
            names: FxHashSet::default(),
            first: FxHashSet::default(),
            longest: 0,
        };
        for name in ["吴丽英", "吴丽", "张三", "李"] {
            people.add(name);
        }
        assert_eq!(people.cut_out("拟确定吴丽英等50户"), "拟确定 等50户");
        assert_eq!(people.cut_out("吴丽和张三、李四"), " 和 、李四");
        assert_eq!(people.cut_out("长沟村"), "长沟村");
        assert_eq!(people.cut_out("张"), "张");
    }
}
