//! A project's 带贫 result: the households its beneficiary list names (`kind:
//! beneficiaries` with `project:`), found by identity number on the poor-household
//! lists of the list's year, and the people in them.

use crate::model::records::{BeneficiaryList, HouseholdList};
use std::collections::HashMap;

/// What the lists of the year say of each beneficiary.
#[derive(Debug, Clone)]
pub struct BeneficiaryResult {
    pub year: i32,
    /// Per row of the list: the household's size on a poor-household list of the
    /// year, `None` if it is on none (or the row has no identity number).
    pub found: Vec<Option<u32>>,
}

impl BeneficiaryResult {
    /// `year`: the list's own, else the project's. `households`: every household list.
    pub fn of<'a>(
        list: &BeneficiaryList,
        year: i32,
        households: impl Iterator<Item = &'a HouseholdList>,
    ) -> BeneficiaryResult {
        let wanted: Vec<Option<String>> = list
            .rows
            .iter()
            .map(|b| {
                b.id_number
                    .as_ref()
                    .map(|id| id.value.trim().to_ascii_uppercase())
            })
            .collect();
        let mut sizes: HashMap<&str, u32> =
            wanted.iter().flatten().map(|id| (id.as_str(), 0)).collect();
        for l in households.filter(|l| l.year.value == year) {
            // Only a list that names a beneficiary is unpacked.
            let names_one = l
                .id_numbers()
                .any(|id| sizes.contains_key(id.value.trim().to_ascii_uppercase().as_str()));
            if !names_one {
                continue;
            }
            for h in l.households().iter() {
                let id = h.id_number.value.trim().to_ascii_uppercase();
                if let Some(size) = sizes.get_mut(id.as_str()) {
                    *size = (*size).max(h.size.value.max(1));
                }
            }
        }
        BeneficiaryResult {
            year,
            found: wanted
                .iter()
                .map(|id| {
                    id.as_ref()
                        .and_then(|id| sizes.get(id.as_str()).copied())
                        .filter(|&size| size > 0)
                })
                .collect(),
        }
    }

    /// Households listed, of them on a poor-household list, and the people in those.
    pub fn counts(&self) -> (usize, usize, u32) {
        let poor: Vec<u32> = self.found.iter().flatten().copied().collect();
        (self.found.len(), poor.len(), poor.iter().sum())
    }
}
