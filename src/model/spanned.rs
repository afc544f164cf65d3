//! A value with the place in its file it was read from.

use crate::diagnostic::Span;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A parsed value and its span. serde-saphyr's own `Spanned` keeps two full locations
/// (56 bytes); a province holds millions of spanned fields, so only the span a
/// diagnostic points at is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// The newtype name [`Spanned`] asks for: the fast reader of `content::plain_yaml`
/// answers it with the span and the value, serde-saphyr with its own `Spanned`.
pub const SPANNED: &str = "$gongshi::Spanned";

/// The span serde-saphyr reports for a value.
pub fn location_span(loc: &serde_saphyr::Location) -> Span {
    Span {
        line: loc.line() as u32,
        column: loc.column() as u32,
        len: loc.span().len() as u32,
    }
}

/// The span of a parsed value in its file.
pub fn span_of<T>(s: &Spanned<T>) -> Span {
    s.span
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// Both YAML readers are asked by one newtype name: the fast reader of
/// `content::plain_yaml` answers with the span's parts and the value, serde-saphyr
/// (which does not know the name) hands over its deserializer, which then reads its
/// own `Spanned`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value with its place in the file")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Spanned<T>, D::Error> {
        let full = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            span: location_span(&full.referenced),
            value: full.value,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut parts: A) -> Result<Spanned<T>, A::Error> {
        let missing = || de::Error::custom("span parts missing");
        let line = parts.next_element()?.ok_or_else(missing)?;
        let column = parts.next_element()?.ok_or_else(missing)?;
        let len = parts.next_element()?.ok_or_else(missing)?;
        let value = parts.next_element()?.ok_or_else(missing)?;
        Ok(Spanned {
            value,
            span: Span { line, column, len },
        })
    }
}
