//! A Python exception as the notebook shows it: Python's name for it (`NameError`), where in
//! the cell it happened, and a catalogued message that reads in Korean or English.

use noriteo_core::messages::{Code, Lang, Message};

use crate::ast::Span;

/// A call that the error passed through on its way out: the function's name and where in the
/// cell it was called (Python's traceback, outermost call first).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub function: String,
    pub call: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PyError {
    /// Python's exception name, e.g. `"ZeroDivisionError"`, so that a learner can search it.
    pub ename: &'static str,
    pub message: Message,
    /// Where it happened: for an error inside a `def`, the line in the function's body.
    pub span: Option<Span>,
    pub trace: Vec<Frame>,
}

impl PyError {
    pub fn new(ename: &'static str, message: Message) -> Self {
        PyError {
            ename,
            message,
            span: None,
            trace: Vec::new(),
        }
    }

    /// Sets the place, unless a more precise (inner) place is already known.
    pub fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// The cell line (from 1), if the place is known.
    pub fn line(&self) -> Option<u32> {
        self.span.map(|s| s.start.line)
    }

    /// `"NameError: name 'x' is not defined..."` in `lang`, as Python's last traceback line.
    pub fn text(&self, lang: Lang) -> String {
        format!("{}: {}", self.ename, self.message.text(lang))
    }

    /// A short traceback: the calls it went through, then the error with its line.
    pub fn traceback(&self, lang: Lang) -> String {
        let mut out = String::new();
        for f in &self.trace {
            let call = Message::new(Code::PyTraceCall)
                .with("line", f.call.start.line)
                .with("function", &f.function);
            out.push_str(&call.text(lang));
            out.push('\n');
        }
        let error = self.text(lang);
        match self.line() {
            Some(line) => out.push_str(
                &Message::new(Code::PyTraceLine)
                    .with("line", line)
                    .with("error", error)
                    .text(lang),
            ),
            None => out.push_str(&error),
        }
        out
    }
}

/// Shorthands for the errors the evaluator raises, so each call site reads as Python's
/// `raise TypeError(...)`.
pub fn err(ename: &'static str, code: Code) -> PyError {
    PyError::new(ename, Message::new(code))
}

pub fn type_error(m: Message) -> PyError {
    PyError::new("TypeError", m)
}

pub fn value_error(m: Message) -> PyError {
    PyError::new("ValueError", m)
}

pub fn syntax_error(m: Message, span: Span) -> PyError {
    PyError::new("SyntaxError", m).at(span)
}

pub fn not_supported(feature: &str) -> PyError {
    PyError::new(
        "NotImplementedError",
        Message::new(Code::PyNotSupported).with("feature", feature),
    )
}

pub type PyResult<T> = Result<T, PyError>;
