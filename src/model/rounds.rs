//! Rounds of one list: village 公示 → township 公示 → county 公告, linked by `follows`.

use crate::model::notice::{Notice, RoundChange};
use crate::model::records::Household;
use crate::privacy::id_number::IdKey;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct Rounds<'a> {
    by_slug: BTreeMap<&'a str, &'a Notice>,
    /// Notices that follow each notice, in slug order.
    followers: BTreeMap<&'a str, Vec<&'a Notice>>,
}

impl<'a> Rounds<'a> {
    pub fn new(notices: &'a [Notice]) -> Rounds<'a> {
        let by_slug: BTreeMap<&str, &Notice> =
            notices.iter().map(|n| (n.slug.as_str(), n)).collect();
        let mut followers: BTreeMap<&str, Vec<&Notice>> = BTreeMap::new();
        for n in notices {
            if let Some(prev) = previous_slug(n)
                && by_slug.contains_key(prev)
                && prev != n.slug
            {
                followers.entry(prev).or_default().push(n);
            }
        }
        Rounds { by_slug, followers }
    }

    /// The round this notice follows, if it exists.
    pub fn previous(&self, n: &Notice) -> Option<&'a Notice> {
        previous_slug(n)
            .filter(|p| *p != n.slug)
            .and_then(|p| self.by_slug.get(p).copied())
    }

    pub fn followers(&self, n: &Notice) -> &[&'a Notice] {
        self.followers
            .get(n.slug.as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// The first round of `n`'s chain, or `None` if following `follows` loops.
    pub fn first_round(&self, n: &'a Notice) -> Option<&'a Notice> {
        let mut seen = BTreeSet::from([n.slug.as_str()]);
        let mut cur = n;
        while let Some(prev) = self.previous(cur) {
            if !seen.insert(prev.slug.as_str()) {
                return None;
            }
            cur = prev;
        }
        Some(cur)
    }

    /// The whole chain `n` belongs to, first round first; forks follow the first
    /// follower by slug (forks are reported by the checks). Empty when `n` is in a loop.
    pub fn chain(&self, n: &'a Notice) -> Vec<&'a Notice> {
        let Some(first) = self.first_round(n) else {
            return Vec::new();
        };
        let mut chain = vec![first];
        let mut seen = BTreeSet::from([first.slug.as_str()]);
        while let Some(next) = chain
            .last()
            .and_then(|last| self.followers(last).first().copied())
        {
            if !seen.insert(next.slug.as_str()) {
                break;
            }
            chain.push(next);
        }
        chain
    }
}

fn previous_slug(n: &Notice) -> Option<&str> {
    n.front.follows.as_ref().map(|f| f.value.trim())
}

/// What a later round's list changed against an earlier round's: the households it
/// adds and those it no longer lists, matched by identity number.
pub struct ListChanges<'h> {
    pub added: Vec<&'h Household>,
    pub removed: Vec<&'h Household>,
}

impl<'h> ListChanges<'h> {
    pub fn between(earlier: &'h [Household], later: &'h [Household]) -> ListChanges<'h> {
        let key = |h: &Household| IdKey::of(&h.id_number.value).into_owned();
        let before: BTreeSet<IdKey<'static>> = earlier.iter().map(key).collect();
        let after: BTreeSet<IdKey<'static>> = later.iter().map(key).collect();
        ListChanges {
            added: later.iter().filter(|h| !before.contains(&key(h))).collect(),
            removed: earlier
                .iter()
                .filter(|h| !after.contains(&key(h)))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// The reasons the rounds of a chain up to and including `upto` record, by identity
/// number; a later round's reason replaces an earlier one's.
pub fn recorded_reasons<'a>(
    chain: &[&'a Notice],
    upto: &Notice,
) -> HashMap<IdKey<'static>, &'a RoundChange> {
    let mut reasons = HashMap::new();
    for n in chain {
        for change in &n.front.changes {
            reasons.insert(IdKey::of(&change.id_number.value).into_owned(), change);
        }
        if n.slug == upto.slug {
            break;
        }
    }
    reasons
}
