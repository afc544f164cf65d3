//! Typed records and the values they are made of.

pub mod columns;
pub mod contact;
pub mod content_diff;
pub mod date;
pub mod fund_level;
pub mod history;
pub mod information_index;
pub mod ledger;
pub mod money;
pub mod notice;
pub mod objection;
pub mod packed_households;
pub mod print;
pub mod procedure;
pub mod project_beneficiaries;
pub mod project_funds;
pub mod project_stage;
pub mod publication;
pub mod records;
pub mod region;
pub mod rounds;
pub mod spanned;
pub mod villages;
