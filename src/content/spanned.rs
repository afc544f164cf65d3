//! A value with the place in its file it was read from.

use crate::diagnostic::Span;
use serde::{Deserialize, Deserializer};

/// A parsed value and its span. serde-saphyr's own `Spanned` keeps two full locations
/// (56 bytes); a province holds millions of spanned fields, so only the span a
/// diagnostic points at is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let full = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            span: super::yaml::location_span(&full.referenced),
            value: full.value,
        })
    }
}
