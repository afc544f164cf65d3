//! The reader of the record subset of YAML: the plain YAML that record files, the
//! front matter of notices and `site.yaml` are written in.
//!
//! serde-saphyr, the parser of record, reads ≈ 15 MB/s per core, and a province's
//! household lists are hundreds of megabytes. Nearly all of them keep to a small part
//! of YAML, which this module reads about ten times faster. Measured on the
//! 10,000-notice benchmark corpus, a build takes 5.1 s with it and 9.9 s without;
//! `gongshi check`, 1.6 s and 7.0 s.
//!
//! # The subset
//!
//! - One document of UTF-8 text: no directive, no `---` or `...` line, no byte-order
//!   mark, no tab, no control character (nor anything else YAML treats specially:
//!   U+0080–U+009F, U+FFFE, U+FFFF); lines end in `\n` or `\r\n`.
//! - Block mappings indented with spaces, whose keys are words (a letter or `_`, then
//!   letters, digits, `_` and `-`; not a word YAML reads as null or a boolean), each
//!   once, at most 128 to a mapping.
//! - Block sequences of `- ` entries: a scalar, a flow collection, or a block mapping
//!   whose first key is on the entry's line. A key's sequence may start at the key's
//!   own indentation.
//! - Scalars on one line: plain (not starting with an indicator, holding no `: `,
//!   ` #`, bracket, brace or quote), single-quoted (`''` for a quote), or
//!   double-quoted without escapes.
//! - Flow sequences `[a, b]` and flow mappings `{ k: v }` on one line, of such
//!   scalars and of each other, every value written, no trailing comma.
//! - Comments, whole-line and trailing, and blank lines.
//! - Nesting up to 32 deep.
//!
//! # Outside it
//!
//! [`from_str`] answers `None` for a document outside the subset, and for one that
//! does not deserialize cleanly (a missing field, a bad amount, a duplicate key); so
//! too where the subset's reading could differ from serde-saphyr's (a plain `null`
//! into text, `+3` or `0x10` as a number, a quoted number, a plain scalar where any
//! type of value would do). The caller (`content::yaml::parse_yaml`) then parses the
//! text with serde-saphyr, so every diagnostic and every edge case of YAML is
//! serde-saphyr's.
//!
//! # Limits
//!
//! Both readers keep to one budget, [`BUDGET`] (in `content::yaml`): nodes (scalars,
//! keys included, and collections), parser events, bytes of scalar text, nesting
//! depth, and the length of a key. serde-saphyr refuses a document over it; this
//! reader counts what serde-saphyr counts and declines the document, so that
//! serde-saphyr refuses it with its own diagnostic. Aliases and anchors, which
//! serde-saphyr also limits, are outside the subset.
//!
//! # Checked
//!
//! Debug builds parse every document this reader takes both ways and compare the
//! readings (a mismatch is reported by its place, never its text). Every
//! `cargo test` compares them on generated documents and on whole generated record
//! files (`plain_yaml_differential.rs`), and `fuzz/` holds a cargo-fuzz target
//! (`fuzz/README.md`).
//!
//! Spans follow serde-saphyr: 1-based line and column in characters, length in
//! characters of the scalar as written, quotes included.
//!
//! [`top_level_scalar`] finds a record file's `kind:` by the same rules, without
//! reading the rest of the file.

use crate::diagnostic::Span;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

use super::yaml::{BUDGET, Budget};
use crate::model::spanned::SPANNED;

/// Nesting deeper than any record file needs is left to serde-saphyr (whose limit,
/// [`Budget::depth`], is higher).
const MAX_DEPTH: usize = 32;
/// Keys are checked for duplicates pairwise; a record's mapping has a dozen.
const MAX_KEYS: usize = 128;

/// `T` read from `text`, or `None` when serde-saphyr must read it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_str_within(text, BUDGET)
}

/// [`from_str`] within another budget than [`BUDGET`] (tests lower it).
pub fn from_str_within<T: DeserializeOwned>(text: &str, budget: Budget) -> Option<T> {
    T::deserialize(&read_tree(text, budget)?).ok()
}

fn read_tree(text: &str, budget: Budget) -> Option<Node<'_>> {
    let (root, usage) = read_whole_tree(text)?;
    usage.within(budget).then_some(root)
}

/// The tree of `text`, and what serde-saphyr would count of it.
fn read_whole_tree(text: &str) -> Option<(Node<'_>, Usage)> {
    if !is_plain_text(text) {
        return None;
    }
    let lines = significant_lines(text)?;
    let mut reader = Reader {
        lines,
        next: 0,
        usage: Usage::of_stream(),
    };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = reader.block(0, 0)?;
    (reader.next == reader.lines.len()).then_some((root, reader.usage))
}

/// What serde-saphyr counts of a document against its [`Budget`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Scalars (keys and nulls included) and collections.
    pub nodes: usize,
    /// A node each, an end each for collections, and the start and end of the
    /// stream and of the document.
    pub events: usize,
    /// Scalar bytes as read; serde-saphyr counts an empty value (a null) as one.
    pub scalar_bytes: usize,
    /// Collections within collections, the outermost counting one.
    pub depth: usize,
    /// The longest key, in characters.
    pub key_chars: usize,
}

/// Counted as the tree is built: a walk of the tree afterwards cost 5–7 % of the
/// reading of a large household list.
impl Usage {
    /// The start and end of the stream and of its document.
    fn of_stream() -> Usage {
        Usage {
            events: 4,
            ..Usage::default()
        }
    }

    fn scalar(&mut self, bytes: usize) {
        self.nodes += 1;
        self.events += 1;
        self.scalar_bytes += bytes;
    }

    fn key(&mut self, key: &str) {
        self.scalar(key.len());
        // A key has no more characters than bytes.
        if key.len() > self.key_chars {
            self.key_chars = self.key_chars.max(char_count(key));
        }
    }

    /// A collection at `depth` (the outermost at 1), its start and its end.
    fn collection(&mut self, depth: usize) {
        self.nodes += 1;
        self.events += 2;
        self.depth = self.depth.max(depth);
    }

    /// serde-saphyr refuses a document over any limit (its counts only grow as it
    /// reads); the fast reader leaves such a document to it.
    fn within(self, budget: Budget) -> bool {
        self.nodes <= budget.nodes
            && self.events <= budget.events
            && self.scalar_bytes <= budget.scalar_bytes
            && self.depth <= budget.depth
            && self.key_chars <= budget.key_chars
    }
}

/// What serde-saphyr would count of `text`, when the fast reader reads it (tests
/// set budgets by it).
#[cfg(test)]
pub(crate) fn usage(text: &str) -> Option<Usage> {
    read_whole_tree(text).map(|(_, usage)| usage)
}

/// The text of the scalar `key` has in a document's top-level mapping, read by the
/// fast reader's rules from the lines up to the key's own, when those rules leave no
/// doubt: the document starts with a mapping at the left margin, every significant
/// line before the key's is one the fast reader reads on its own (so no multi-line
/// scalar or collection reaches past it), the key's line is `key: scalar` at the left
/// margin, and the next significant line, if any, is another key at the left margin
/// (so the scalar does not go on). `None` otherwise, and a full parse decides.
///
/// The scalar is its text as a string would be read, whatever YAML type it might
/// resolve to; a null is `None`.
pub fn top_level_scalar<'a>(text: &'a str, key: &str) -> Option<Cow<'a, str>> {
    let mut lines = SignificantLines::of(text);
    let first = lines.next()??;
    if first.indent != 0 || is_sequence_entry(first.text) {
        return None;
    }
    let mut line = first;
    let value = loop {
        if line.indent == 0
            && !is_sequence_entry(line.text)
            && let Some((k, after_colon)) = split_key(line.text)?
            && k == key
        {
            let at = line_start(&line);
            let value_at = at.advance(at.text.len() - after_colon.len()).skip_spaces();
            if value_at.text.is_empty() || value_at.text.starts_with('#') {
                return None;
            }
            break inline_value(value_at, 0, &mut Usage::default())?;
        }
        if !reads_alone(&line) {
            return None;
        }
        line = lines.next()??;
    };
    if let Some(next) = lines.next() {
        let next = next?;
        if next.indent != 0 || is_sequence_entry(next.text) {
            return None;
        }
    }
    let read = &text[..text.len() - lines.rest.len()];
    if !is_plain_text(read) || !is_plain_key(key) {
        return None;
    }
    match value {
        Node::Plain(text, _) if !is_null_word(text) => Some(Cow::Borrowed(text)),
        Node::Quoted(text, _) => Some(text),
        _ => None,
    }
}

fn line_start<'a>(line: &Line<'a>) -> At<'a> {
    At {
        line: line.number,
        column: line.indent,
        text: line.text,
    }
}

/// The fast reader reads `line` without the lines around it: a `key:` with its value
/// on the line or none, or a `- ` entry with such a key or a value.
fn reads_alone(line: &Line<'_>) -> bool {
    let mut at = line_start(line);
    let entry = is_sequence_entry(at.text);
    if entry {
        at = at.advance(1).skip_spaces();
        if at.text.is_empty() || at.text.starts_with('#') || is_sequence_entry(at.text) {
            return false;
        }
    }
    match split_key(at.text) {
        Some(Some((key, after_colon))) => {
            let value_at = at.advance(at.text.len() - after_colon.len()).skip_spaces();
            is_plain_key(key)
                && (value_at.text.is_empty()
                    || value_at.text.starts_with('#')
                    || inline_value(value_at, 0, &mut Usage::default()).is_some())
        }
        Some(None) => entry && inline_value(at, 0, &mut Usage::default()).is_some(),
        None => false,
    }
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
    for line in SignificantLines::of(text) {
        lines.push(line?);
    }
    Some(lines)
}

/// The significant lines of a text in order; `None` for a line that starts a
/// directive or a document marker, which the fast reader leaves to serde-saphyr.
struct SignificantLines<'a> {
    rest: &'a str,
    /// Of the line before `rest`.
    index: usize,
}

impl<'a> SignificantLines<'a> {
    fn of(text: &'a str) -> Self {
        SignificantLines {
            rest: text,
            index: 0,
        }
    }
}

impl<'a> Iterator for SignificantLines<'a> {
    type Item = Option<Line<'a>>;

    fn next(&mut self) -> Option<Option<Line<'a>>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            // Lines are short: a plain loop finds their ends sooner than `split`'s
            // searcher.
            let end = self.rest.bytes().position(|b| b == b'\n');
            let (raw, rest) = match end {
                Some(end) => (&self.rest[..end], &self.rest[end + 1..]),
                None => (self.rest, ""),
            };
            self.rest = rest;
            self.index += 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let text = raw.trim_start_matches(' ');
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if self.index == 1 && text.starts_with('%')
                || text.starts_with("---")
                || text.starts_with("...")
            {
                return Some(None);
            }
            let Ok(number) = u32::try_from(self.index) else {
                return Some(None);
            };
            return Some(Some(Line {
                number,
                indent: raw.len() - text.len(),
                text,
            }));
        }
    }
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
    usage: Usage,
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
        self.lines.get(index).map(line_start)
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
                items.push(inline_value(entry, depth, &mut self.usage)?);
                if self.indent_of_next().is_some_and(|i| i > indent) {
                    return None;
                }
            }
        }
        self.usage.collection(depth + 1);
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
            self.usage.key(key);
            let value_at = at.advance(at.text.len() - after_colon.len()).skip_spaces();
            let value = if value_at.text.is_empty() || value_at.text.starts_with('#') {
                match self.lines.get(self.next) {
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    Some(next) if next.indent == indent && is_sequence_entry(next.text) => {
                        self.sequence(indent, depth + 1)?
                    }
                    _ => {
                        // serde-saphyr reads an empty scalar, of one byte.
                        self.usage.scalar(1);
                        Node::Null
                    }
                }
            } else {
                inline_value(value_at, depth, &mut self.usage)?
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
                _ => {
                    self.usage.collection(depth + 1);
                    return Some(Node::Mapping(entries, Some(span)));
                }
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
fn inline_value<'a>(at: At<'a>, depth: usize, usage: &mut Usage) -> Option<Node<'a>> {
    let (node, rest) = match at.text.as_bytes()[0] {
        b'"' | b'\'' | b'[' | b'{' => flow_node(at, depth, usage)?,
        _ => {
            let node = plain_to_line_end(at)?;
            if let Node::Plain(text, _) = node {
                usage.scalar(text.len());
            }
            return Some(node);
        }
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
fn flow_node<'a>(at: At<'a>, depth: usize, usage: &mut Usage) -> Option<(Node<'a>, &'a str)> {
    let (node, rest) = match at.text.as_bytes().first()? {
        b'[' => return flow_sequence(at, depth + 1, usage),
        b'{' => return flow_mapping(at, depth + 1, usage),
        b'"' | b'\'' => quoted(at)?,
        _ => flow_plain(at)?,
    };
    if let Node::Plain(text, _) = &node {
        usage.scalar(text.len());
    } else if let Node::Quoted(text, _) = &node {
        usage.scalar(text.len());
    }
    Some((node, rest))
}

/// `[a, "b", {k: v}]` on one line, no trailing comma.
fn flow_sequence<'a>(at: At<'a>, depth: usize, usage: &mut Usage) -> Option<(Node<'a>, &'a str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    usage.collection(depth + 1);
    let mut items = Vec::new();
    let span = Some(at.span(1));
    let mut at = at.advance(1).skip_spaces();
    if let Some(rest) = at.text.strip_prefix(']') {
        return Some((Node::Sequence(items, span), rest));
    }
    loop {
        let (item, rest) = flow_node(at, depth, usage)?;
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
fn flow_mapping<'a>(at: At<'a>, depth: usize, usage: &mut Usage) -> Option<(Node<'a>, &'a str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    usage.collection(depth + 1);
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
        usage.key(key);
        let value_at = at.advance(colon + 1).skip_spaces();
        let (value, rest) = flow_node(value_at, depth, usage)?;
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

/// Whole generated record files, read both ways.
#[cfg(test)]
#[path = "plain_yaml_differential.rs"]
mod differential;

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
    pub(super) fn agrees<T: DeserializeOwned + fmt::Debug>(text: &str) -> bool {
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

    /// `text` at the edges of a budget cut to its own counts, read as `T`: at the
    /// budget both readers read it, one under in any count neither does.
    pub(super) fn same_verdict_at_the_budget<T: DeserializeOwned + fmt::Debug>(text: &str) {
        use crate::content::yaml::options_within;
        let used = usage(text).unwrap_or_else(|| panic!("not in the subset:\n{text}"));
        let at = Budget {
            nodes: used.nodes,
            events: used.events,
            scalar_bytes: used.scalar_bytes,
            depth: used.depth,
            key_chars: used.key_chars,
        };
        let read = |budget: Budget| {
            let fast = from_str_within::<T>(text, budget).map(|v| format!("{v:?}"));
            let reference = serde_saphyr::from_str_with_options::<T>(text, options_within(budget))
                .map(|v| format!("{v:?}"));
            (fast, reference)
        };
        let (fast, reference) = read(at);
        assert!(fast.is_some(), "declined at its own budget {at:?}:\n{text}");
        assert_eq!(fast, reference.ok(), "at {at:?}:\n{text}");
        let one_under = [
            Budget {
                nodes: at.nodes - 1,
                ..at
            },
            Budget {
                events: at.events - 1,
                ..at
            },
            Budget {
                scalar_bytes: at.scalar_bytes - 1,
                ..at
            },
            Budget {
                depth: at.depth - 1,
                ..at
            },
            Budget {
                key_chars: at.key_chars - 1,
                ..at
            },
        ];
        for budget in one_under {
            let (fast, reference) = read(budget);
            assert!(fast.is_none(), "read over {budget:?}:\n{text}");
            assert!(
                reference.is_err(),
                "serde-saphyr read over {budget:?}:\n{text}"
            );
        }
    }

    #[test]
    fn keeps_to_serde_saphyr_budget() {
        // A mapping, its key and its value: three nodes.
        let text = "a: b\n";
        let budget = |nodes| Budget { nodes, ..BUDGET };
        assert!(from_str_within::<BTreeMap<String, String>>(text, budget(3)).is_some());
        assert!(from_str_within::<BTreeMap<String, String>>(text, budget(2)).is_none());
        same_verdict_at_the_budget::<BTreeMap<String, String>>(text);
        same_verdict_at_the_budget::<BTreeMap<String, Option<String>>>(
            "a: 'x''y'\nb:\nc: \"中文\"\n",
        );
        same_verdict_at_the_budget::<BTreeMap<String, Vec<BTreeMap<String, String>>>>(
            "rows:\n  - a: 1\n    b: '中文'\n  - { a: 2, 名称: x }\n",
        );
        same_verdict_at_the_budget::<Doc>(
            "title: a\ntags: [x, 'y']\nperiod: { from: 2014-03-20, to: 2014-03-26 }\nnote:\n",
        );
        same_verdict_at_the_budget::<HouseholdList>(HOUSEHOLDS);
        same_verdict_at_the_budget::<HouseholdList>(&HOUSEHOLDS.replace('\n', "\r\n"));
    }

    /// serde-saphyr looks no further than 1,024 characters for the `:` of a key.
    #[test]
    fn leaves_a_key_too_long_for_serde_saphyr_to_it() {
        for (key, read) in [
            ("k".repeat(1024), true),
            ("中".repeat(1024), true),
            ("k".repeat(1025), false),
        ] {
            for text in [format!("{key}: v\n"), format!("a: {{ {key}: v }}\n")] {
                let fast = from_str::<BTreeMap<String, serde::de::IgnoredAny>>(&text).is_some()
                    || from_str::<BTreeMap<String, BTreeMap<String, String>>>(&text).is_some()
                    || from_str::<BTreeMap<String, String>>(&text).is_some();
                let reference = serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(
                    &text,
                    crate::content::yaml::options(),
                );
                assert_eq!(fast, read, "{}", key.len());
                assert_eq!(reference.is_ok(), read, "{}", key.len());
            }
        }
    }

    #[test]
    fn finds_a_top_level_scalar_by_the_same_rules() {
        for (text, kind) in [
            ("kind: households\nyear: 2014\n", "households"),
            (
                "# 公示\n\nkind: 'house''holds'  # c\r\nyear: 1\r\n",
                "house'holds",
            ),
            ("kind: \"funds\"", "funds"),
            ("year: 2014\nrows: []\nkind: funds\n", "funds"),
            (
                "title: 公示\nrows:\n  - a: 1\n    # c\n    b: [x, {k: z}]\n  - 'q'\nkind: projects\n",
                "projects",
            ),
            ("rows:\n- a\n- b: c\nkind: table\n", "table"),
        ] {
            assert_eq!(
                top_level_scalar(text, "kind").as_deref(),
                Some(kind),
                "{text:?}"
            );
            let header: crate::model::records::RecordHeader =
                serde_saphyr::from_str_with_options(text, crate::content::yaml::options()).unwrap();
            assert_eq!(header.kind.value, kind, "{text:?}");
        }
        for text in [
            // Where a line-by-line look is fooled: the value goes on, or an earlier
            // scalar or collection spans the line.
            "kind: households\n  more\n",
            "title: \"a\nkind: funds\"\nkind: households\n",
            "kind: \"households\nkind: funds\"\n",
            "title: [a,\nkind: funds]\nkind: households\n",
            "rows:\n  - note: 'a\nkind: funds'\nkind: households\n",
            "title: |\n  a\nkind: households\n",
            "title: a\n  b\nkind: households\n",
            // Not a scalar, or not only one.
            "kind:\n  households\n",
            "kind: ~\n",
            "kind: [households]\n",
            "kind: households\n- x\n",
            "kind: &k households\n",
            "kind: \"house\\u0068olds\"\n",
            "kind: households: x\n",
            // Outside the subset.
            "%YAML 1.2\n---\nkind: households\n",
            "---\nkind: households\n",
            "\u{feff}kind: households\n",
            "  kind: households\n",
            "- kind: households\n",
            "kind:\thouseholds\n",
            "title: a\tb\nkind: households\n",
            "? kind\n: households\n",
            "year: 2014\n",
        ] {
            assert_eq!(top_level_scalar(text, "kind"), None, "{text:?}");
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
                read_tree(&text, BUDGET).is_some()
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
