//! A fast reader for the plain YAML that record files are written in.
//!
//! serde-saphyr reads ≈ 15 MB/s per core, and a province's household lists are
//! hundreds of megabytes. Nearly all of them use a small part of YAML: block mappings
//! and sequences indented with spaces, one-line scalars, one-line flow lists and
//! mappings (`[a, b]`, `{ from: …, to: … }`), comments. This module reads exactly that
//! part, an order of magnitude faster.
//!
//! serde-saphyr stays the parser of record. [`from_str`] answers `None` for anything
//! outside the subset *and* for any document that does not deserialize cleanly (a
//! missing field, a bad amount, a duplicate key); the caller then parses the text with
//! serde-saphyr, so every diagnostic and every edge case of YAML is its. Where the
//! subset's reading could differ from serde-saphyr's (a plain `null` into text, `+3` or
//! `0x10` as a number, a quoted number), it declines too. Debug builds parse every
//! accepted document both ways and compare (see `content::yaml::parse_yaml`).
//!
//! Spans follow serde-saphyr: 1-based line and column in characters, length in
//! characters of the scalar as written, quotes included.

use crate::diagnostic::Span;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

use crate::model::spanned::SPANNED;

/// Nesting deeper than any record file needs is left to serde-saphyr's limits.
const MAX_DEPTH: usize = 32;
/// Keys are checked for duplicates pairwise; a record's mapping has a dozen.
const MAX_KEYS: usize = 128;

/// `T` read from `text`, or `None` when serde-saphyr must read it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(&read_tree(text)?).ok()
}

fn read_tree(text: &str) -> Option<Node<'_>> {
    if !is_plain_text(text) {
        return None;
    }
    let lines = significant_lines(text)?;
    let mut reader = Reader { lines, next: 0 };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = reader.block(0, 0)?;
    (reader.next == reader.lines.len()).then_some(root)
}

/// Tabs, carriage returns outside line ends, a byte-order mark and the characters
/// YAML forbids (controls, U+0080–U+009F, U+FFFE, U+FFFF) are all left to
/// serde-saphyr. Checked on bytes: of multi-byte characters only those starting
/// 0xC2 or 0xEF can be one of them.
fn is_plain_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most bytes need no look-ahead (printable ASCII, line feeds, the bytes of
    // multi-byte characters but the two leads): whole chunks of them are passed at
    // once, and only a chunk with another byte is looked at byte by byte.
    let simple = |b: u8| (b >= 0x20 && b != 0x7f && b != 0xC2 && b != 0xEF) || b == b'\n';
    bytes.chunks(32).enumerate().all(|(n, chunk)| {
        chunk.iter().fold(true, |ok, &b| ok & simple(b))
            || (n * 32..n * 32 + chunk.len()).all(|i| is_plain_byte(bytes, i))
    })
}

/// `bytes[i]`, with what follows it, can be part of a plain text.
fn is_plain_byte(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b' '..=b'~' => true,
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        0xC2 => bytes[i + 1] >= 0xA0,
        0xEF => !matches!((bytes[i + 1], bytes[i + 2]), (0xBB, 0xBF) | (0xBF, 0xBE..)),
        0x80.. => true,
        _ => false,
    }
}

/// A line that is neither blank nor only a comment.
struct Line<'a> {
    /// 1-based.
    number: u32,
    /// Leading spaces.
    indent: usize,
    /// The rest of the line, without its line end.
    text: &'a str,
}

fn significant_lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    // Lines are short: a plain loop finds their ends sooner than `split`'s searcher.
    let mut rest_of_text = text;
    let each_line = std::iter::from_fn(|| {
        if rest_of_text.is_empty() {
            return None;
        }
        let end = rest_of_text.bytes().position(|b| b == b'\n');
        let (line, rest) = match end {
            Some(end) => (&rest_of_text[..end], &rest_of_text[end + 1..]),
            None => (rest_of_text, ""),
        };
        rest_of_text = rest;
        Some(line)
    });
    for (i, raw) in each_line.enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let rest = raw.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if i == 0 && rest.starts_with('%') || rest.starts_with("---") || rest.starts_with("...") {
            return None;
        }
        lines.push(Line {
            number: u32::try_from(i + 1).ok()?,
            indent: raw.len() - rest.len(),
            text: rest,
        });
    }
    Some(lines)
}

#[derive(Debug)]
enum Node<'a> {
    /// Nothing after `key:`. (`~` and `null` written out are plain scalars, read as
    /// null only where an optional value is asked for.)
    Null,
    Plain(&'a str, Span),
    Quoted(Cow<'a, str>, Span),
    /// The span serde-saphyr gives a collection: the bracket of a flow collection,
    /// the first key of a block mapping; none for block sequences, whose span it
    /// reports differently by indentation.
    Sequence(Vec<Node<'a>>, Option<Span>),
    Mapping(Vec<(&'a str, Node<'a>)>, Option<Span>),
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
}

/// A place in a line where a node starts: the line, the character column (0-based)
/// and the text from there on.
#[derive(Clone, Copy)]
struct At<'a> {
    line: u32,
    column: usize,
    text: &'a str,
}

impl<'a> At<'a> {
    fn advance(self, bytes: usize) -> At<'a> {
        let (skipped, text) = self.text.split_at(bytes);
        At {
            line: self.line,
            column: self.column + char_count(skipped),
            text,
        }
    }

    fn skip_spaces(self) -> At<'a> {
        let rest = self.text.trim_start_matches(' ');
        self.advance(self.text.len() - rest.len())
    }

    fn span(self, bytes: usize) -> Span {
        Span {
            line: self.line,
            column: self.column as u32 + 1,
            len: char_count(&self.text[..bytes]) as u32,
        }
    }
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl<'a> Reader<'a> {
    fn at_line(&self, index: usize) -> Option<At<'a>> {
        let line = self.lines.get(index)?;
        Some(At {
            line: line.number,
            column: line.indent,
            text: line.text,
        })
    }

    fn indent_of_next(&self) -> Option<usize> {
        self.lines.get(self.next).map(|l| l.indent)
    }

    /// The block node whose first line is the next one, indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let at = self.at_line(self.next)?;
        if is_sequence_entry(at.text) {
            self.sequence(indent, depth)
        } else {
            self.next += 1;
            self.mapping(indent, at, depth)
        }
    }

    /// A block sequence of `- ` lines indented by `indent`.
    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while self.indent_of_next() == Some(indent) {
            let at = self.at_line(self.next)?;
            if !is_sequence_entry(at.text) {
                break;
            }
            self.next += 1;
            let entry = at.advance(1).skip_spaces();
            if entry.text.is_empty() || entry.text.starts_with('#') || is_sequence_entry(entry.text)
            {
                return None;
            }
            if split_key(entry.text)?.is_some() {
                items.push(self.mapping(entry.column, entry, depth + 1)?);
            } else {
                items.push(inline_value(entry, depth)?);
                if self.indent_of_next().is_some_and(|i| i > indent) {
                    return None;
                }
            }
        }
        Some(Node::Sequence(items, None))
    }

    /// A block mapping indented by `indent` whose first entry is at `first` (already
    /// consumed: the start of a line, or the text after a `- `).
    fn mapping(&mut self, indent: usize, first: At<'a>, depth: usize) -> Option<Node<'a>> {
        // A household row has a dozen keys; growing from 4 copies it twice.
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::with_capacity(16);
        let span = first.span(0);
        let mut at = first;
        loop {
            let (key, after_colon) = split_key(at.text)?.filter(|(k, _)| is_plain_key(k))?;
            if !is_new_key(&entries, key) {
                return None;
            }
            let value_at = at.advance(at.text.len() - after_colon.len()).skip_spaces();
            let value = if value_at.text.is_empty() || value_at.text.starts_with('#') {
                match self.lines.get(self.next) {
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    Some(next) if next.indent == indent && is_sequence_entry(next.text) => {
                        self.sequence(indent, depth + 1)?
                    }
                    _ => Node::Null,
                }
            } else {
                inline_value(value_at, depth)?
            };
            entries.push((key, value));
            match self.lines.get(self.next) {
                Some(next) if next.indent == indent => {
                    if is_sequence_entry(next.text) {
                        return None;
                    }
                    at = self.at_line(self.next)?;
                    self.next += 1;
                }
                Some(next) if next.indent > indent => return None,
                _ => return Some(Node::Mapping(entries, Some(span))),
            }
        }
    }
}

fn is_sequence_entry(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` → `Some(Some((key, rest)))`; a scalar or flow list → `Some(None)`;
/// something this reader does not take → `None`.
fn split_key(text: &str) -> Option<Option<(&str, &str)>> {
    if text.starts_with(['"', '\'', '[', '{']) {
        // A quoted key, a flow collection as a key: declined later, when read as a value.
        return Some(None);
    }
    if text.starts_with('?') {
        return None;
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => {
                return Some(Some((&text[..i], &text[i + 1..])));
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return Some(None),
            _ => {}
        }
    }
    Some(None)
}

/// A duplicate is serde-saphyr's error to report.
fn is_new_key(entries: &[(&str, Node<'_>)], key: &str) -> bool {
    entries.len() < MAX_KEYS && entries.iter().all(|(k, _)| *k != key)
}

/// A key that can only be read as text: it starts with a letter, and is not a word
/// YAML could resolve to null or a boolean (serde-saphyr compares keys by value when
/// it looks for duplicates).
fn is_plain_key(key: &str) -> bool {
    let text_only = if key.is_ascii() {
        let mut bytes = key.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    } else {
        let mut chars = key.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let resolvable = key.len() <= 5
        && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|word| key.eq_ignore_ascii_case(word));
    text_only && !resolvable
}

/// A scalar or flow collection that ends its line (a comment may follow).
fn inline_value(at: At<'_>, depth: usize) -> Option<Node<'_>> {
    let (node, rest) = match at.text.as_bytes()[0] {
        b'"' | b'\'' | b'[' | b'{' => flow_node(at, depth)?,
        _ => return plain_to_line_end(at),
    };
    ends_line(rest).then_some(node)
}

/// Nothing but spaces and a comment left.
fn ends_line(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// A one-line plain scalar in block context: up to ` #` or the line end.
fn plain_to_line_end(at: At<'_>) -> Option<Node<'_>> {
    if !starts_plain(at.text) {
        return None;
    }
    let bytes = at.text.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => return None,
            b'[' | b']' | b'{' | b'}' | b'"' | b'\'' => return None,
            _ => {}
        }
    }
    let value = at.text[..end].trim_end_matches(' ');
    Some(Node::Plain(value, at.span(value.len())))
}

/// YAML's indicators cannot start a plain scalar; `-5` can.
fn starts_plain(text: &str) -> bool {
    match text.as_bytes() {
        [b'-', next, ..] => next.is_ascii_digit(),
        [first, ..] => !b"-?:,[]{}#&*!|>'\"%@`".contains(first),
        [] => false,
    }
}

/// `"…"` without escapes or `'…'`, on one line.
fn quoted(at: At<'_>) -> Option<(Node<'_>, &str)> {
    let quote = at.text.as_bytes()[0];
    let body = &at.text[1..];
    if quote == b'"' {
        let close = body.bytes().position(|b| b == b'"' || b == b'\\')?;
        if body.as_bytes()[close] == b'\\' {
            return None;
        }
        let value = &body[..close];
        let written = close + 2;
        Some((
            Node::Quoted(Cow::Borrowed(value), at.span(written)),
            &at.text[written..],
        ))
    } else {
        let mut value = String::new();
        let mut rest = body;
        loop {
            let close = rest.find('\'')?;
            value.push_str(&rest[..close]);
            if rest[close + 1..].starts_with('\'') {
                value.push('\'');
                rest = &rest[close + 2..];
            } else {
                rest = &rest[close + 1..];
                break;
            }
        }
        let written = at.text.len() - rest.len();
        let value = if written == value.len() + 2 {
            Cow::Borrowed(&body[..value.len()])
        } else {
            Cow::Owned(value)
        };
        Some((Node::Quoted(value, at.span(written)), rest))
    }
}

/// A scalar or flow collection inside `[…]` or `{…}`, and the text after it.
fn flow_node(at: At<'_>, depth: usize) -> Option<(Node<'_>, &str)> {
    match at.text.as_bytes().first()? {
        b'"' | b'\'' => quoted(at),
        b'[' => flow_sequence(at, depth + 1),
        b'{' => flow_mapping(at, depth + 1),
        _ => flow_plain(at),
    }
}

/// `[a, "b", {k: v}]` on one line, no trailing comma.
fn flow_sequence(at: At<'_>, depth: usize) -> Option<(Node<'_>, &str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut items = Vec::new();
    let span = Some(at.span(1));
    let mut at = at.advance(1).skip_spaces();
    if let Some(rest) = at.text.strip_prefix(']') {
        return Some((Node::Sequence(items, span), rest));
    }
    loop {
        let (item, rest) = flow_node(at, depth)?;
        items.push(item);
        at = at.advance(at.text.len() - rest.len()).skip_spaces();
        match at.text.as_bytes().first()? {
            b',' => at = at.advance(1).skip_spaces(),
            b']' => return Some((Node::Sequence(items, span), &at.text[1..])),
            _ => return None,
        }
    }
}

/// `{ key: value, … }` on one line, plain keys, every value written, no trailing
/// comma.
fn flow_mapping(at: At<'_>, depth: usize) -> Option<(Node<'_>, &str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut entries: Vec<(&str, Node<'_>)> = Vec::new();
    let span = Some(at.span(1));
    let mut at = at.advance(1).skip_spaces();
    if let Some(rest) = at.text.strip_prefix('}') {
        return Some((Node::Mapping(entries, span), rest));
    }
    loop {
        let colon = at.text.find(": ")?;
        let key = &at.text[..colon];
        if !is_plain_key(key) || !is_new_key(&entries, key) {
            return None;
        }
        let value_at = at.advance(colon + 1).skip_spaces();
        let (value, rest) = flow_node(value_at, depth)?;
        entries.push((key, value));
        at = value_at
            .advance(value_at.text.len() - rest.len())
            .skip_spaces();
        match at.text.as_bytes().first()? {
            b',' => at = at.advance(1).skip_spaces(),
            b'}' => return Some((Node::Mapping(entries, span), &at.text[1..])),
            _ => return None,
        }
    }
}

/// A plain scalar inside `[…]` or `{…}`: up to `,`, `]` or `}`.
fn flow_plain(at: At<'_>) -> Option<(Node<'_>, &str)> {
    if !starts_plain(at.text) {
        return None;
    }
    let end = at
        .text
        .bytes()
        .position(|b| matches!(b, b',' | b']' | b'}'))?;
    let raw = &at.text[..end];
    if raw
        .bytes()
        .any(|b| matches!(b, b':' | b'#' | b'[' | b'{' | b'"' | b'\''))
    {
        return None;
    }
    let value = raw.trim_end_matches(' ');
    Some((Node::Plain(value, at.span(value.len())), &at.text[end..]))
}

// ---------------------------------------------------------------- serde

/// Why this reader declined; never shown to anyone.
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// Plain scalars YAML reads as null: text for some targets in serde-saphyr, an error
/// for others; declined either way.
fn is_null_word(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Decimal digits without sign, leading zeros, `_` or base prefixes, which
/// serde-saphyr reads in ways this reader does not repeat.
fn plain_integer(text: &str) -> Option<&str> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    canonical.then_some(text)
}

macro_rules! integer {
    ($($method:ident => $visit:ident : $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            match self {
                Node::Plain(text, _) => {
                    let n: $ty = plain_integer(text).and_then(|t| t.parse().ok()).ok_or(Declined)?;
                    visitor.$visit(n)
                }
                _ => Err(Declined),
            }
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for &Node<'a> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Quoted(text, _) => visitor.visit_str(text),
            Node::Sequence(..) => self.deserialize_seq(visitor),
            Node::Mapping(..) => self.deserialize_map(visitor),
            Node::Null | Node::Plain(..) => Err(Declined),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain("true", _) => visitor.visit_bool(true),
            Node::Plain("false", _) => visitor.visit_bool(false),
            _ => Err(Declined),
        }
    }

    integer! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(text, _) if !is_null_word(text) => visitor.visit_str(text),
            Node::Quoted(text, _) => visitor.visit_str(text),
            _ => Err(Declined),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Null => visitor.visit_none(),
            Node::Plain(text, _) if is_null_word(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        if name != SPANNED {
            return visitor.visit_newtype_struct(self);
        }
        match self {
            Node::Plain(_, span)
            | Node::Quoted(_, span)
            | Node::Sequence(_, Some(span))
            | Node::Mapping(_, Some(span)) => visitor.visit_seq(SpannedParts {
                node: self,
                span: *span,
                step: 0,
            }),
            _ => Err(Declined),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Sequence(items, _) => {
                let mut items = items.iter();
                let value = visitor.visit_seq(Items(&mut items))?;
                if items.next().is_some() {
                    return Err(Declined);
                }
                Ok(value)
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Mapping(entries, _) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    /// serde-saphyr still checks what it skips (a `.inf` can be an error).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    /// A unit variant written as its name (`kind: publicity`); other variants are
    /// serde-saphyr's.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(text, _) if !is_null_word(text) => {
                visitor.visit_enum(text.into_deserializer())
            }
            Node::Quoted(text, _) => visitor.visit_enum(text.as_ref().into_deserializer()),
            _ => Err(Declined),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }
}

struct Items<'i, 'n, 'a>(&'i mut std::slice::Iter<'n, Node<'a>>);

impl<'de> de::SeqAccess<'de> for Items<'_, '_, '_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'n, 'a> {
    entries: std::slice::Iter<'n, (&'a str, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: de::value::StrDeserializer<'_, Declined> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// What [`SPANNED`] yields: line, column, length, then the value.
struct SpannedParts<'n, 'a> {
    node: &'n Node<'a>,
    span: Span,
    step: u8,
}

impl<'de> de::SeqAccess<'de> for SpannedParts<'_, '_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.step += 1;
        let part = match self.step {
            1 => self.span.line,
            2 => self.span.column,
            3 => self.span.len,
            4 => return seed.deserialize(self.node).map(Some),
            _ => return Ok(None),
        };
        seed.deserialize(part.into_deserializer()).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::HouseholdList;
    use crate::model::spanned::Spanned;
    use proptest::prelude::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// Whether the fast reader took `text`; when it did, its reading must be
    /// serde-saphyr's, spans included.
    fn agrees<T: DeserializeOwned + fmt::Debug>(text: &str) -> bool {
        let Some(fast) = from_str::<T>(text) else {
            return false;
        };
        let reference: T =
            serde_saphyr::from_str_with_options(text, crate::content::yaml::options())
                .unwrap_or_else(|e| {
                    panic!("fast reader took what serde-saphyr rejects: {e}\n{text}")
                });
        assert_eq!(format!("{fast:?}"), format!("{reference:?}"), "\n{text}");
        true
    }

    const HOUSEHOLDS: &str = "# 大青村2014年度贫困户识别结果公示\nkind: households\nyear: 2014\nrows:\n  - head: 邱永保\n    id_number: \"530623199210271426\"\n    region: '530623110220'\n    group: 六组  # 组别\n    size: 3\n    income: 1681.1\n    category: 低保贫困户\n    causes: [因学, \"交通条件落后\"]\n    measures:\n      - 教育培训\n      - 'it''s'\n    helper: 姜某某\n\n    phone: \"13601934087\"\n  - head: 袁　学\n    id_number: \"530623198703192190\"\n    region: \"530623110220\"\n    size: 5\n    income: 1775.1\n    category: 低保贫困户\n";

    /// YAML's printable characters, less the ones serde-saphyr treats specially.
    fn is_plain_char(c: char) -> bool {
        matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}'
            | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
    }

    #[test]
    fn checks_every_character_on_bytes_as_on_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(is_plain_text(&text), is_plain_char(c), "{:?}", c);
        }
        assert!(is_plain_text("a\r\nb\r\n"));
        let long = "长沟村（第一批）\r\n".repeat(20);
        assert!(is_plain_text(&long));
        assert!(!is_plain_text(&(long.clone() + "\u{feff}")));
        assert!(!is_plain_text(&(long + "\t")));
        assert!(!is_plain_text("a\rb"));
        assert!(!is_plain_text("a\r"));
    }

    #[test]
    fn reads_a_household_list_exactly_as_serde_saphyr() {
        assert!(agrees::<HouseholdList>(HOUSEHOLDS));
        assert!(agrees::<HouseholdList>(&HOUSEHOLDS.replace('\n', "\r\n")));
        let compact = HOUSEHOLDS
            .replace("\n  - ", "\n- ")
            .replace("\n    ", "\n  ");
        assert!(agrees::<HouseholdList>(
            &compact.replace("\n      - ", "\n    - ")
        ));
        let list = from_str::<HouseholdList>(HOUSEHOLDS).unwrap();
        let head = &list.households()[0].head.clone();
        assert_eq!(
            (head.span.line, head.span.column, head.span.len),
            (5, 11, 3)
        );
        let region = &list.households()[0].region.clone();
        assert_eq!((region.span.column, region.span.len), (13, 14));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read through Debug
    struct Doc {
        title: Spanned<String>,
        #[serde(default)]
        note: Option<Spanned<String>>,
        #[serde(default)]
        count: Option<Spanned<u32>>,
        #[serde(default)]
        delta: Option<i64>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        tags: Vec<Spanned<String>>,
        #[serde(default)]
        extra: BTreeMap<String, String>,
        #[serde(default)]
        stage: Option<Stage>,
        #[serde(default)]
        period: Option<Spanned<BTreeMap<String, String>>>,
        #[serde(default)]
        list: Option<Spanned<Vec<String>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)] // read through Debug
    enum Stage {
        Village,
        County,
        Named(String),
    }

    #[test]
    fn declines_what_it_does_not_read_the_same_way() {
        for text in [
            "title: a\ncount: +3\n",
            "title: a\ncount: 0x10\n",
            "title: a\ncount: \"3\"\n",
            "title: a\ncount: 007\n",
            "title: a\ndelta: -0\n",
            "title: null\n",
            "title:\n",
            "title: a\ntitle: b\n",
            "title: &x a\nnote: *x\n",
            "title: |\n  a\n",
            "title: a\n  b\n",
            "title: a\n\tnote: b\n",
            "title: \"a\\tb\"\n",
            "title: a: b\n",
            "title: [a\n",
            "title: a\ntags: [a, b,]\n",
            "title: a\ntags: [a, , b]\n",
            "title: a\ntags: [a: b]\n",
            "title: a\nextra: {k: v,}\n",
            "title: a\nextra: {k: }\n",
            "title: a\nextra: {k:v}\n",
            "title: a\nextra: {k : v}\n",
            "title: a\nextra: {\"k\": v}\n",
            "title: a\nextra: {k: v, k: w}\n",
            "title: a\nextra: {k: v,\n  l: w}\n",
            "title: a\nextra: {k: v} x\n",
            "title: a\ntags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
            "title: a\nextra:\n  \"k\": v\n",
            "title: a\nextra:\n  true: v\n",
            "title: a\nextra:\n  1: v\n",
            "---\ntitle: a\n",
            "\u{feff}title: a\n",
            "title: a\nflag: yes\n",
            "title: a\nstage: named\n",
            "title: a\nstage: Village\n",
            "title: a\nlist:\n- a\n",
            "title: a\nlist:\n  - a\n",
            "title: a\nnote: b\nwhat: c\n",
            "  title: a\n",
            "title: a\ntags:\n- x\n  - y\n",
            "title: -\n",
            "title: a\r\n\rnote: b\n",
        ] {
            assert!(!agrees::<Doc>(text), "took {text:?}");
        }
    }

    #[test]
    fn takes_the_plain_forms() {
        for text in [
            "title: a\n",
            "title: a # c\nnote: b#c\n",
            "title: http://x.cn/a?b=c\n",
            "title: 'a''b'\nnote: \"\"\n",
            "title: true\nflag: false\ncount: 0\ndelta: -12\n",
            "title: a\nnote: ~\ncount: null\nstage: county\n",
            "title: a\nstage: 'village'\n",
            "title: a\ntags: []\n",
            "title: a\ntags: [ x , 'y', \"z\" ]  # c\n",
            "title: a\nextra: {k: v, 名称: '张 三', x_1: \"\"}  # c\n",
            "title: a\nextra: {}\n",
            "title: a\nperiod: { from: 2014-03-20, to: 2014-03-26 }\nlist: [a]\n",
            "title: a\nperiod:\n    from: 2014-03-20\n    to: 2014-03-26\n",
            "title: a\ntags:\n- x\n- y\nextra:\n  k: v\n  k2: 1.50\n",
            "title: a\nextra:\n\n    # c\n    k: v\n",
            "title: 1.50\nnote: 3万元\n",
        ] {
            assert!(agrees::<Doc>(text), "declined {text:?}");
        }
    }

    fn scalar() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            Just(String::new()),
            "[a-z0-9]{1,6}",
            "[-a-z0-9 :#,.'\"\\[\\]{}~!&*|>%@`?　中文]{1,8}",
            prop::sample::select(vec![
                "null",
                "~",
                "true",
                "false",
                "yes",
                "no",
                "on",
                "+3",
                "-5",
                "0x1F",
                "1_000",
                "007",
                "1.5",
                ".inf",
                "1e3",
                "-",
                "- a",
                "a: b",
                "a #b",
                "a#b",
                "#a",
                "'a'",
                "\"a\"",
                "[a]",
                "a, b",
                "中文",
                "　",
                "a\\b",
                "4294967296",
                "-0",
                "0",
            ])
            .prop_map(str::to_string),
        ];
        (word, 0..4usize).prop_map(|(w, style)| match style {
            0 | 1 => w,
            2 => format!("\"{}\"", w.replace(['"', '\\'], "")),
            _ => format!("'{}'", w.replace('\'', "''")),
        })
    }

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (0..5000i64).prop_map(|n| n.to_string()),
            (-50..0i64).prop_map(|n| n.to_string()),
            scalar(),
        ]
    }

    fn flag() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec!["true", "false", "True", "~", "on"]).prop_map(String::from),
            scalar(),
        ]
    }

    /// A value written after `key:`, or on the lines below it, indented by `pad`.
    fn value(key: &'static str, pad: String) -> BoxedStrategy<String> {
        let items = prop::collection::vec(scalar(), 0..4);
        match key {
            "count" | "delta" => number().prop_map(|n| format!(" {n}\n")).boxed(),
            "flag" => flag().prop_map(|f| format!(" {f}\n")).boxed(),
            "stage" => prop_oneof![
                prop::sample::select(vec![
                    "village",
                    "county",
                    "'county'",
                    "\"village\"",
                    "Village",
                    "named",
                    "~",
                    "{named: x}",
                ])
                .prop_map(String::from),
                scalar(),
            ]
            .prop_map(|s| format!(" {s}\n"))
            .boxed(),
            "tags" | "list" => (items, any::<bool>())
                .prop_map(move |(items, flow)| {
                    if flow {
                        format!(" [{}]\n", items.join(", "))
                    } else {
                        items
                            .iter()
                            .map(|i| format!("\n{pad}- {i}"))
                            .collect::<String>()
                            + "\n"
                    }
                })
                .boxed(),
            "extra" => prop::collection::vec(
                (
                    prop::sample::select(vec!["k", "名称", "a-b", "x_1", "No", "k"]),
                    scalar(),
                ),
                0..4,
            )
            .prop_map(move |entries| {
                let lines: String = entries
                    .iter()
                    .map(|(k, v)| format!("\n {pad}{k}: {v}"))
                    .collect();
                lines + "\n"
            })
            .boxed(),
            _ => (scalar(), 0..3usize)
                .prop_map(|(v, comment)| match comment {
                    0 => format!(" {v}\n"),
                    1 => format!(" {v}  # {v}\n"),
                    _ => format!(" {v}\n\n# {v}\n"),
                })
                .boxed(),
        }
    }

    /// Documents shaped like `Doc` (most keys once, values mostly of the right kind),
    /// so that the comparison reaches values and spans, not only syntax.
    fn document() -> impl Strategy<Value = String> {
        let keys = prop::sample::subsequence(
            vec![
                "note", "count", "delta", "flag", "tags", "extra", "title", "other",
            ],
            0..8,
        )
        .prop_shuffle();
        let entries = (keys, 0..3usize).prop_flat_map(|(keys, indent)| {
            let pad = " ".repeat(indent);
            let mut all = vec!["title"];
            all.extend(keys);
            all.into_iter()
                .map(|key| value(key, pad.clone()).prop_map(move |v| format!("{key}:{v}")))
                .collect::<Vec<_>>()
        });
        (entries, any::<bool>()).prop_map(|(entries, crlf)| {
            let text = entries.concat();
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_reads_differently_from_serde_saphyr(text in document()) {
            agrees::<Doc>(&text);
            agrees::<BTreeMap<String, String>>(&text);
        }
    }

    #[test]
    fn generated_documents_are_mostly_read() {
        // Guards the property above against a reader that declines everything.
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = document();
        let taken = (0..500)
            .filter(|_| {
                let text = strategy.new_tree(&mut runner).unwrap().current();
                read_tree(&text).is_some()
            })
            .count();
        assert!(taken > 100, "only {taken} of 500 read");
        let mut runner = TestRunner::deterministic();
        let (mut doc, mut map) = (0, 0);
        for _ in 0..2000 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            doc += agrees::<Doc>(&text) as usize;
            map += agrees::<BTreeMap<String, String>>(&text) as usize;
        }
        assert!(
            doc > 100 && map > 100,
            "read as Doc {doc}, as a map {map} of 2000"
        );
    }
}
