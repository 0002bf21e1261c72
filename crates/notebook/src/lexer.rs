//! Turns a cell's text into tokens, each with its [`Span`]: Python 3's rules for names
//! (Unicode XID, so Hangul names work), numbers, strings and f-strings, and the INDENT/DEDENT
//! tokens that stand for the blocks' indentation. Lines inside brackets, and lines ending in a
//! backslash, join the next one, as in Python.

use std::rc::Rc;

use noriteo_core::messages::{Code, Message};
use num_bigint::BigInt;

use crate::ast::{Pos, Span};
use crate::error::{syntax_error, PyError, PyResult};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(Rc<str>),
    Kw(&'static str),
    Int(BigInt),
    Float(f64),
    Str(String),
    FStr(Vec<RawF>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

/// An f-string piece before its fields are parsed: the field's source text and where it
/// starts in the cell, so that the parser can give its nodes true spans.
#[derive(Debug, Clone, PartialEq)]
pub enum RawF {
    Lit(String),
    Field {
        src: String,
        start: Pos,
        conversion: Option<char>,
        spec: Vec<RawF>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Longest first, so that `**=` is not read as `**` then `=`.
const OPERATORS: &[&str] = &[
    "...", "**=", "//=", ">>=", "<<=", "->", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=",
    "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=", ":=", "+", "-", "*", "/", "%", "@", "<", ">",
    "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "~", "&", "|", "^",
];

pub fn tokenize(src: &str) -> PyResult<Vec<Token>> {
    Lexer::new(src, Pos { line: 1, col: 0 }, false).run()
}

/// Tokens of an f-string field's expression, which sits inside the f-string's braces (so
/// newlines join lines as inside brackets).
pub fn tokenize_field(src: &str, start: Pos) -> PyResult<Vec<Token>> {
    Lexer::new(src, start, true).run()
}

struct Lexer {
    chars: Vec<char>,
    pos: Vec<Pos>,
    i: usize,
    out: Vec<Token>,
    indents: Vec<String>,
    brackets: Vec<(char, Span)>,
    in_field: bool,
}

fn is_name_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

fn is_name_continue(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

impl Lexer {
    fn new(src: &str, start: Pos, in_field: bool) -> Self {
        let chars: Vec<char> = src.chars().collect();
        let mut pos = Vec::with_capacity(chars.len() + 1);
        let mut p = start;
        for &c in &chars {
            pos.push(p);
            if c == '\n' {
                p = Pos {
                    line: p.line + 1,
                    col: 0,
                };
            } else {
                p.col += 1;
            }
        }
        pos.push(p);
        Lexer {
            chars,
            pos,
            i: 0,
            out: Vec::new(),
            indents: vec![String::new()],
            brackets: Vec::new(),
            in_field,
        }
    }

    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(self.pos[start], self.pos[self.i.min(self.chars.len())])
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let span = self.span_from(start);
        self.out.push(Token { tok, span });
    }

    fn error(&self, m: Message, start: usize) -> PyError {
        syntax_error(m, self.span_from(start))
    }

    fn run(mut self) -> PyResult<Vec<Token>> {
        let mut at_line_start = !self.in_field;
        while self.i < self.chars.len() {
            if at_line_start {
                at_line_start = false;
                if self.indentation()? {
                    // A blank or comment-only line ends no statement (Python's NL, not
                    // NEWLINE): inside a block, an empty statement would be a SyntaxError.
                    while self.i < self.chars.len() && self.chars[self.i] != '\n' {
                        self.i += 1;
                    }
                    self.i = (self.i + 1).min(self.chars.len());
                    at_line_start = true;
                    continue;
                }
            }
            let c = self.chars[self.i];
            let start = self.i;
            match c {
                '\n' => {
                    self.i += 1;
                    if self.brackets.is_empty() && !self.in_field {
                        self.push(Tok::Newline, start);
                        at_line_start = true;
                    }
                }
                ' ' | '\t' | '\x0c' | '\r' => self.i += 1,
                '#' => {
                    while self.i < self.chars.len() && self.chars[self.i] != '\n' {
                        self.i += 1;
                    }
                }
                '\\' => {
                    // A backslash at the end of a line joins the next one.
                    let mut j = self.i + 1;
                    while self.chars.get(j) == Some(&'\r') {
                        j += 1;
                    }
                    match self.chars.get(j) {
                        Some('\n') => self.i = j + 1,
                        None => self.i = j,
                        _ => {
                            self.i += 1;
                            return Err(self.error(Message::new(Code::PyInvalidSyntax), start));
                        }
                    }
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number()?
                }
                c if is_name_start(c) => self.name_or_string()?,
                '\'' | '"' => self.string(start, false, false)?,
                _ => self.operator()?,
            }
        }
        if let Some(&(open, span)) = self.brackets.last() {
            return Err(syntax_error(
                Message::new(Code::PyNeverClosed).with("bracket", open),
                span,
            ));
        }
        let end = self.chars.len();
        if !self.in_field {
            if !matches!(
                self.out.last(),
                None | Some(Token {
                    tok: Tok::Newline,
                    ..
                })
            ) {
                self.i = end;
                self.push(Tok::Newline, end);
            }
            while self.indents.len() > 1 {
                self.indents.pop();
                self.push(Tok::Dedent, end);
            }
        }
        self.i = end;
        self.push(Tok::Eof, end);
        Ok(self.out)
    }

    /// Reads a line's leading whitespace and emits INDENT or DEDENTs. Returns `true` when the
    /// line is blank or only a comment (such lines do not count for indentation).
    fn indentation(&mut self) -> PyResult<bool> {
        let start = self.i;
        while matches!(self.peek(0), Some(' ' | '\t' | '\x0c')) {
            self.i += 1;
        }
        match self.peek(0) {
            None | Some('\n') | Some('#') => return Ok(true),
            Some('\r') if matches!(self.peek(1), Some('\n') | None) => return Ok(true),
            _ => {}
        }
        let prefix: String = self.chars[start..self.i].iter().collect();
        let top = self.indents.last().cloned().unwrap_or_default();
        if prefix == top {
            return Ok(false);
        }
        if prefix.starts_with(&top) {
            self.indents.push(prefix);
            self.push(Tok::Indent, start);
            return Ok(false);
        }
        while self.indents.len() > 1 && self.indents.last() != Some(&prefix) {
            let popped = self.indents.pop().unwrap_or_default();
            if !popped.starts_with(&prefix) {
                break;
            }
            self.push(Tok::Dedent, self.i);
        }
        if self.indents.last() != Some(&prefix) {
            return Err(
                PyError::new("IndentationError", Message::new(Code::PyInconsistentDedent))
                    .at(self.span_from(start)),
            );
        }
        Ok(false)
    }

    fn number(&mut self) -> PyResult<()> {
        let start = self.i;
        let radix = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some('x' | 'X')) => 16,
            (Some('0'), Some('o' | 'O')) => 8,
            (Some('0'), Some('b' | 'B')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.i += 2;
            let digits_start = self.i;
            while self
                .peek(0)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.i += 1;
            }
            let digits: String = self.chars[digits_start..self.i]
                .iter()
                .filter(|&&c| c != '_')
                .collect();
            return match BigInt::parse_bytes(digits.as_bytes(), radix) {
                Some(n) if !digits.is_empty() => {
                    self.push(Tok::Int(n), start);
                    Ok(())
                }
                _ => Err(self.bad_number("integer", start)),
            };
        }
        let mut is_float = false;
        self.digits();
        if self.peek(0) == Some('.') {
            is_float = true;
            self.i += 1;
            self.digits();
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek(1), Some('+' | '-')));
            if self.peek(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                self.i += 1 + sign;
                self.digits();
            }
        }
        if matches!(self.peek(0), Some('j' | 'J')) {
            self.i += 1;
            return Err(
                crate::error::not_supported("complex numbers (j)").at(self.span_from(start))
            );
        }
        // `1abc` or `1_`: Python refuses a name glued to a number.
        if self.peek(0).is_some_and(is_name_continue) || self.chars[self.i - 1] == '_' {
            while self.peek(0).is_some_and(is_name_continue) {
                self.i += 1;
            }
            return Err(self.bad_number("decimal", start));
        }
        let text: String = self.chars[start..self.i]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        if is_float {
            match text.parse::<f64>() {
                Ok(f) => self.push(Tok::Float(f), start),
                Err(_) => return Err(self.bad_number("decimal", start)),
            }
        } else {
            // Python refuses `007` (a leading zero) but allows `000`.
            if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
                return Err(self.bad_number("decimal", start));
            }
            match BigInt::parse_bytes(text.as_bytes(), 10) {
                Some(n) => self.push(Tok::Int(n), start),
                None => return Err(self.bad_number("decimal", start)),
            }
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek(0).is_some_and(|c| {
            c.is_ascii_digit() || (c == '_' && self.peek(1).is_some_and(|d| d.is_ascii_digit()))
        }) {
            self.i += 1;
        }
    }

    fn bad_number(&self, kind: &str, start: usize) -> PyError {
        self.error(
            Message::new(Code::PyInvalidNumber).with("kind", kind),
            start,
        )
    }

    fn name_or_string(&mut self) -> PyResult<()> {
        let start = self.i;
        while self.peek(0).is_some_and(is_name_continue) {
            self.i += 1;
        }
        let word: String = self.chars[start..self.i].iter().collect();
        if matches!(self.peek(0), Some('\'' | '"')) {
            let lower = word.to_ascii_lowercase();
            let (raw, f) = match lower.as_str() {
                "r" => (true, false),
                "u" => (false, false),
                "f" => (false, true),
                "rf" | "fr" => (true, true),
                "b" | "br" | "rb" => {
                    return Err(crate::error::not_supported("bytes literals (b'...')")
                        .at(self.span_from(start)))
                }
                _ => {
                    self.push_name(word, start);
                    return Ok(());
                }
            };
            return self.string(start, raw, f);
        }
        self.push_name(word, start);
        Ok(())
    }

    fn push_name(&mut self, word: String, start: usize) {
        match KEYWORDS.iter().find(|&&k| k == word) {
            Some(k) => self.push(Tok::Kw(k), start),
            None => self.push(Tok::Name(word.into()), start),
        }
    }

    /// A string from its opening quote at `self.i`; `start` is where its prefix began.
    fn string(&mut self, start: usize, raw: bool, f: bool) -> PyResult<()> {
        let q = self.chars[self.i];
        let triple = self.peek(1) == Some(q) && self.peek(2) == Some(q);
        self.i += if triple { 3 } else { 1 };
        let (parts, _) = self.string_body(start, q, triple, raw, f, false)?;
        if f {
            self.push(Tok::FStr(parts), start);
        } else {
            let text = parts
                .into_iter()
                .map(|p| match p {
                    RawF::Lit(s) => s,
                    RawF::Field { .. } => String::new(),
                })
                .collect();
            self.push(Tok::Str(text), start);
        }
        Ok(())
    }

    /// Reads up to the closing quote (or, for a format spec, up to the `}` that ends it).
    /// Returns the pieces and whether a spec ended at `}`.
    fn string_body(
        &mut self,
        start: usize,
        q: char,
        triple: bool,
        raw: bool,
        f: bool,
        in_spec: bool,
    ) -> PyResult<(Vec<RawF>, bool)> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                let code = if triple {
                    Code::PyUnterminatedTripleString
                } else {
                    Code::PyUnterminatedString
                };
                let end = if triple { start + 1 } else { self.i };
                return Err(syntax_error(
                    Message::new(code),
                    Span::new(self.pos[start], self.pos[end]),
                ));
            };
            if c == q && !in_spec {
                if !triple {
                    self.i += 1;
                    break;
                }
                if self.peek(1) == Some(q) && self.peek(2) == Some(q) {
                    self.i += 3;
                    break;
                }
            }
            if c == '\n' && !triple {
                return Err(syntax_error(
                    Message::new(Code::PyUnterminatedString),
                    Span::new(self.pos[start], self.pos[self.i]),
                ));
            }
            if c == '\\' {
                self.i += 1;
                let Some(e) = self.peek(0) else { continue };
                if raw {
                    lit.push('\\');
                    lit.push(e);
                    self.i += 1;
                } else {
                    self.escape(&mut lit);
                }
                continue;
            }
            if f && c == '{' {
                if self.peek(1) == Some('{') && !in_spec {
                    lit.push('{');
                    self.i += 2;
                    continue;
                }
                if !lit.is_empty() {
                    parts.push(RawF::Lit(std::mem::take(&mut lit)));
                }
                self.i += 1;
                let (debug, field) = self.field(q, triple)?;
                if let Some(text) = debug {
                    push_lit(&mut parts, text);
                }
                parts.push(field);
                continue;
            }
            if f && c == '}' {
                if in_spec {
                    self.i += 1;
                    if !lit.is_empty() {
                        parts.push(RawF::Lit(lit));
                    }
                    return Ok((parts, true));
                }
                if self.peek(1) == Some('}') {
                    lit.push('}');
                    self.i += 2;
                    continue;
                }
                let here = self.i;
                self.i += 1;
                return Err(self.error(Message::new(Code::PyFStringSingleBrace), here));
            }
            lit.push(c);
            self.i += 1;
        }
        if !lit.is_empty() {
            parts.push(RawF::Lit(lit));
        }
        Ok((parts, false))
    }

    fn escape(&mut self, out: &mut String) {
        let Some(e) = self.peek(0) else { return };
        self.i += 1;
        let simple = match e {
            '\n' => return,
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            return;
        }
        let hex_len = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if hex_len > 0 {
            let digits: String = (0..hex_len).filter_map(|k| self.peek(k)).collect();
            if digits.len() == hex_len && digits.chars().all(|c| c.is_ascii_hexdigit()) {
                if let Some(c) = u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    self.i += hex_len;
                    out.push(c);
                    return;
                }
            }
        } else if e.is_digit(8) {
            let mut v = e.to_digit(8).unwrap_or(0);
            let mut n = 1;
            while n < 3 {
                match self.peek(0).and_then(|c| c.to_digit(8)) {
                    Some(d) => {
                        v = v * 8 + d;
                        self.i += 1;
                        n += 1;
                    }
                    None => break,
                }
            }
            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            return;
        }
        // Python keeps an unknown escape as written (with a warning).
        out.push('\\');
        out.push(e);
    }

    /// An f-string field after its `{`: the expression's text up to `!`, `:` or `}` at the
    /// top level, then the conversion and the spec.
    /// With `{x=}`, also returns the text `x=` that Python prints before the value.
    fn field(&mut self, q: char, triple: bool) -> PyResult<(Option<String>, RawF)> {
        let open = self.i - 1;
        let expr_start = self.i;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(syntax_error(
                    Message::new(Code::PyNeverClosed).with("bracket", '{'),
                    Span::new(self.pos[open], self.pos[open + 1]),
                ));
            };
            if let Some(inner) = quote {
                if c == inner {
                    quote = None;
                }
                self.i += 1;
                continue;
            }
            if c == q && (!triple || (self.peek(1) == Some(q) && self.peek(2) == Some(q))) {
                return Err(syntax_error(
                    Message::new(Code::PyNeverClosed).with("bracket", '{'),
                    Span::new(self.pos[open], self.pos[open + 1]),
                ));
            }
            match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                '}' | ':' if depth == 0 => break,
                '!' if depth == 0 && self.peek(1) != Some('=') => break,
                '\n' if !triple => {
                    return Err(syntax_error(
                        Message::new(Code::PyUnterminatedString),
                        Span::new(self.pos[open], self.pos[self.i]),
                    ))
                }
                _ => {}
            }
            self.i += 1;
        }
        let mut src: String = self.chars[expr_start..self.i].iter().collect();
        let mut debug = None;
        let trimmed = src.trim_end();
        if trimmed.ends_with('=')
            && !["==", "!=", "<=", ">="]
                .iter()
                .any(|op| trimmed.ends_with(op))
        {
            debug = Some(src.clone());
            src = trimmed[..trimmed.len() - 1].to_string();
        }
        if src.trim().is_empty() {
            return Err(self.error(Message::new(Code::PyFStringEmpty), open));
        }
        let mut conversion = None;
        if self.peek(0) == Some('!') {
            match self.peek(1) {
                Some(c @ ('r' | 's' | 'a')) => {
                    conversion = Some(c);
                    self.i += 2;
                }
                _ => {
                    self.i += 1;
                    return Err(self.error(
                        Message::new(Code::PyExpected).with("what", "'r', 's' or 'a' after '!'"),
                        open,
                    ));
                }
            }
        }
        let mut spec = Vec::new();
        match self.peek(0) {
            Some(':') => {
                self.i += 1;
                let (parts, closed) = self.string_body(open, q, triple, false, true, true)?;
                if !closed {
                    return Err(syntax_error(
                        Message::new(Code::PyNeverClosed).with("bracket", '{'),
                        Span::new(self.pos[open], self.pos[open + 1]),
                    ));
                }
                spec = parts;
            }
            Some('}') => self.i += 1,
            _ => {
                return Err(syntax_error(
                    Message::new(Code::PyNeverClosed).with("bracket", '{'),
                    Span::new(self.pos[open], self.pos[open + 1]),
                ))
            }
        }
        if debug.is_some() && conversion.is_none() && spec.is_empty() {
            // `{x=}` shows the repr, unless a conversion or a spec says otherwise.
            conversion = Some('r');
        }
        Ok((
            debug,
            RawF::Field {
                src,
                start: self.pos[expr_start],
                conversion,
                spec,
            },
        ))
    }

    fn operator(&mut self) -> PyResult<()> {
        let start = self.i;
        for &op in OPERATORS {
            let n = op.chars().count();
            if self.chars.len() - self.i >= n
                && op.chars().zip(&self.chars[self.i..]).all(|(a, &b)| a == b)
            {
                self.i += n;
                self.bracket(op, start)?;
                self.push(Tok::Op(op), start);
                return Ok(());
            }
        }
        let c = self.chars[self.i];
        self.i += 1;
        Err(self.error(
            Message::new(Code::PyInvalidCharacter)
                .with("ch", c)
                .with("code", format!("{:04X}", c as u32)),
            start,
        ))
    }

    fn bracket(&mut self, op: &str, start: usize) -> PyResult<()> {
        let span = self.span_from(start);
        match op {
            "(" | "[" | "{" => {
                if self.brackets.len() >= crate::parser::MAX_DEPTH {
                    return Err(syntax_error(Message::new(Code::PyTooNested), span));
                }
                self.brackets.push((op.chars().next().unwrap_or('('), span));
            }
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                let want = match close {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match self.brackets.pop() {
                    None => {
                        return Err(syntax_error(
                            Message::new(Code::PyUnmatchedBracket).with("bracket", close),
                            span,
                        ))
                    }
                    Some((open, _)) if open != want => {
                        return Err(syntax_error(
                            Message::new(Code::PyMismatchedBracket)
                                .with("close", close)
                                .with("open", open),
                            span,
                        ))
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn push_lit(parts: &mut Vec<RawF>, text: String) {
    if let Some(RawF::Lit(prev)) = parts.last_mut() {
        prev.push_str(&text);
    } else {
        parts.push(RawF::Lit(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src)
            .expect("tokenizes")
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn hangul_names_and_columns_in_characters() {
        let toks = tokenize("독립 = 1").expect("tokenizes");
        assert_eq!(toks[0].tok, Tok::Name("독립".into()));
        assert_eq!(toks[0].span.end.col, 2);
        assert_eq!(toks[1].span.start.col, 3);
    }

    #[test]
    fn indent_and_dedent() {
        let k = kinds("if x:\n    y\n\n    # c\nz\n");
        assert!(k.contains(&Tok::Indent));
        assert!(k.contains(&Tok::Dedent));
    }

    #[test]
    fn blank_and_comment_lines_inside_blocks_end_no_statement() {
        let src = "def f():\n    x = 1\n\n    # c\n\n    return x\n\nf()\n";
        let k = kinds(src);
        assert_eq!(k.iter().filter(|t| **t == Tok::Newline).count(), 4);
        assert!(crate::parser::parse(src).is_ok());
        assert!(crate::parser::parse(
            "for i in range(2):\n    for j in range(2):\n        pass\n\nprint(i)"
        )
        .is_ok());
    }

    #[test]
    fn brackets_join_lines() {
        let k = kinds("a = (1,\n  2)\n");
        assert_eq!(k.iter().filter(|t| **t == Tok::Newline).count(), 1);
    }

    #[test]
    fn fstring_fields_and_specs() {
        let k = kinds("f'{x:.2f} and {y!r}'");
        let Tok::FStr(parts) = &k[0] else {
            panic!("not an f-string: {k:?}")
        };
        assert_eq!(parts.len(), 3);
    }

    #[test]
    fn bad_dedent_is_an_indentation_error() {
        let e = tokenize("if x:\n    y\n  z\n").expect_err("bad dedent");
        assert_eq!(e.ename, "IndentationError");
        assert_eq!(e.line(), Some(3));
    }
}
