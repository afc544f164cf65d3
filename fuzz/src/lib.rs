//! The check the fuzz target runs, and the stable `replay` binary with it: for any
//! UTF-8 text, each type the fast reader (`gongshi::content::plain_yaml`) reads it
//! as, serde-saphyr — the parser of record — reads the same, spans included; and the
//! `kind` that `plain_yaml::top_level_scalar` finds is the one serde-saphyr reads.
//!
//! Fuzz inputs are made up, so a failure may print them.

use gongshi::content::plain_yaml;
use gongshi::content::yaml::options;
use gongshi::model::records::{
    BeneficiaryList, FreeTable, FundLedger, HouseholdList, ProjectList, RecordHeader, VillageList,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::Debug;

type Map = BTreeMap<String, String>;

/// Panics where the two readers disagree on `data`.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Every record kind…
    same::<HouseholdList>(text);
    same::<ProjectList>(text);
    same::<FundLedger>(text);
    same::<BeneficiaryList>(text);
    same::<VillageList>(text);
    same::<FreeTable>(text);
    // …and generic shapes: the fast reader reads a plain scalar only as the type
    // asked for (never through `deserialize_any`), so `serde_json::Value` and the
    // like would see it decline every plain scalar.
    same::<Map>(text);
    same::<BTreeMap<String, Option<String>>>(text);
    same::<BTreeMap<String, Vec<String>>>(text);
    same::<BTreeMap<String, Vec<Map>>>(text);
    same::<BTreeMap<String, BTreeMap<String, Map>>>(text);
    same::<Vec<Map>>(text);
    same::<Vec<String>>(text);
    if let Some(kind) = plain_yaml::top_level_scalar(text, "kind")
        && let Ok(header) = serde_saphyr::from_str_with_options::<RecordHeader>(text, options())
    {
        assert_eq!(header.kind.value, kind, "top_level_scalar misread `kind`");
    }
}

fn same<T: DeserializeOwned + Debug>(text: &str) {
    let Some(fast) = plain_yaml::from_str::<T>(text) else {
        return;
    };
    match serde_saphyr::from_str_with_options::<T>(text, options()) {
        Ok(reference) => assert_eq!(
            format!("{fast:?}"),
            format!("{reference:?}"),
            "the readers disagree as {}",
            std::any::type_name::<T>()
        ),
        Err(e) => panic!(
            "the fast reader read as {} what serde-saphyr refuses: {e}",
            std::any::type_name::<T>()
        ),
    }
}
