//! Lecture Python, run cell by cell like a Jupyter kernel.
pub mod ast;
pub mod error;
pub mod lexer;
pub mod parser;
