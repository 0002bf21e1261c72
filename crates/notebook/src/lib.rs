//! Lecture Python, run cell by cell like a Jupyter kernel: the Python that Korean Keras
//! lecture notes use, parsed and evaluated in pure Rust (no browser dependency), so the
//! playground can run a lecture's notebook in the page.
//!
//! The stages are kept apart: [`lexer`] and [`parser`] turn a cell into a tree whose every
//! node has its [`ast::Span`]; [`eval`] runs it against [`value`]s; [`repr`] and [`format`]
//! print values exactly as Python does; [`builtins`] and [`modules`] are tables of functions;
//! [`kernel`] keeps the globals from cell to cell. Errors are Python's exceptions
//! ([`error::PyError`]) with catalogued Korean and English messages from
//! `noriteo_core::messages`.
//!
//! The parser is our own rather than a published one: `ruff_python_parser` or
//! `rustpython-parser` would add about 550–600 KB gzipped to the wasm, as much as the whole
//! engine, and the subset lectures use is small; our own parser lets us shape its spans and
//! its messages (in Korean, with hints) for learners.
//!
//! Libraries written in Rust plug in as modules ([`kernel::Kernel::register_module`]) whose
//! objects implement [`value::HostObject`].

pub mod ast;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod files;
pub mod figure;
pub mod format;
pub mod kernel;
pub mod lexer;
pub mod modules;
pub mod outputs;
pub mod parser;
pub mod repr;
pub mod source;
pub mod value;

pub use error::PyError;
pub use eval::Output;
pub use kernel::{CellResult, Kernel, Poll};
