//! Recursive descent over the lexer's tokens, one function per level of Python's grammar
//! (statements, then expressions from `lambda` down to atoms, with binary operators by
//! precedence climbing). Everything lecture Python uses parses; what the notebook does not
//! run (`try`, `with`, `yield`, decorators, ...) is refused here with a "not supported"
//! message rather than failing later.
//!
//! The parser is ours, not a published one, on purpose: a published Python parser adds
//! about 550–600 KB gzipped to the wasm (as much as the whole engine), and we want its error
//! spans and messages (Korean and English, Python's exception names) shaped for learners.

use std::collections::BTreeSet;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::ast::*;
use crate::error::{not_supported, syntax_error, PyError, PyResult};
use crate::lexer::{tokenize, tokenize_field, RawF, Tok, Token};

/// How deeply brackets, blocks and unary operators may nest, and how long a chain of binary
/// operators or trailers may be: the evaluator recurses over the tree, and a browser's stack
/// is small, so absurd nesting is refused rather than overflowing.
pub const MAX_DEPTH: usize = 60;
const MAX_CHAIN: usize = 300;

/// Parses a cell into its statements.
pub fn parse(src: &str) -> PyResult<Vec<Stmt>> {
    let tokens = tokenize(src)?;
    let mut p = Parser::new(tokens);
    let mut body = Vec::new();
    while !p.at(&Tok::Eof) {
        if p.at(&Tok::Newline) {
            p.i += 1;
            continue;
        }
        body.extend(p.statement()?);
    }
    Ok(body)
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
    loops: usize,
    funcs: usize,
}

fn what_of(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("name '{n}'"),
        Tok::Kw(k) => format!("'{k}'"),
        Tok::Int(_) | Tok::Float(_) => "number".into(),
        Tok::Str(_) | Tok::FStr(_) => "string".into(),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Newline => "end of line".into(),
        Tok::Indent => "indent".into(),
        Tok::Dedent => "dedent".into(),
        Tok::Eof => "end of cell".into(),
    }
}

impl Parser {
    fn new(toks: Vec<Token>) -> Self {
        Parser {
            toks,
            i: 0,
            depth: 0,
            loops: 0,
            funcs: 0,
        }
    }

    fn tok(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].tok
    }

    fn span(&self) -> Span {
        self.toks[self.i.min(self.toks.len() - 1)].span
    }

    fn prev_span(&self) -> Span {
        self.toks[self.i.saturating_sub(1).min(self.toks.len() - 1)].span
    }

    fn at(&self, t: &Tok) -> bool {
        self.tok() == t
    }

    fn at_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn at_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn advance(&mut self) -> Token {
        let t = self.toks[self.i.min(self.toks.len() - 1)].clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.at_op(op) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// An error at the current token: "unexpected ...", or "unexpected indent".
    fn unexpected(&self) -> PyError {
        if self.at(&Tok::Indent) {
            return PyError::new("IndentationError", Message::new(Code::PyUnexpectedIndent))
                .at(self.span());
        }
        syntax_error(
            Message::new(Code::PyUnexpectedToken).with("token", what_of(self.tok())),
            self.span(),
        )
    }

    fn expect_op(&mut self, op: &str) -> PyResult<Span> {
        if self.at_op(op) {
            Ok(self.advance().span)
        } else if matches!(self.tok(), Tok::Newline | Tok::Eof) {
            // At the end of a line, point just after the last token, where it is missing.
            let at = self.prev_span().end;
            let after = Pos {
                line: at.line,
                col: at.col + 1,
            };
            Err(syntax_error(
                Message::new(Code::PyExpected).with("what", format!("'{op}'")),
                Span::new(at, after),
            ))
        } else {
            Err(syntax_error(
                Message::new(Code::PyExpected).with("what", format!("'{op}'")),
                self.span(),
            ))
        }
    }

    fn name(&mut self) -> PyResult<(Rc<str>, Span)> {
        match self.tok().clone() {
            Tok::Name(n) => {
                let s = self.advance().span;
                Ok((n, s))
            }
            _ => Err(syntax_error(
                Message::new(Code::PyExpected).with("what", "a name"),
                self.span(),
            )),
        }
    }

    fn enter(&mut self) -> PyResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax_error(Message::new(Code::PyTooNested), self.span()));
        }
        Ok(())
    }

    // ---- statements ----

    fn statement(&mut self) -> PyResult<Vec<Stmt>> {
        self.enter()?;
        let r = self.statement_inner();
        self.depth -= 1;
        r
    }

    fn statement_inner(&mut self) -> PyResult<Vec<Stmt>> {
        let start = self.span();
        let kw = match self.tok() {
            Tok::Kw(k) => Some(*k),
            _ => None,
        };
        let compound = match kw {
            Some("if") => Some(self.if_stmt()?),
            Some("while") => Some(self.while_stmt()?),
            Some("for") => Some(self.for_stmt()?),
            Some("def") => Some(self.def_stmt()?),
            Some("class") => Some(self.class_stmt()?),
            Some("try") => return Err(not_supported("try/except").at(start)),
            Some("with") => return Err(not_supported("with").at(start)),
            Some("async") => return Err(not_supported("async").at(start)),
            _ if self.at_op("@") => return Err(not_supported("decorators (@)").at(start)),
            _ => None,
        };
        if let Some(s) = compound {
            return Ok(vec![s]);
        }
        if matches!(self.tok(), Tok::Indent | Tok::Dedent) {
            return Err(self.unexpected());
        }
        let mut out = vec![self.simple_stmt()?];
        while self.eat_op(";") {
            if matches!(self.tok(), Tok::Newline | Tok::Eof) {
                break;
            }
            out.push(self.simple_stmt()?);
        }
        match self.tok() {
            Tok::Newline => {
                self.i += 1;
            }
            Tok::Eof => {}
            _ => return Err(self.unexpected()),
        }
        Ok(out)
    }

    /// The statements after a `:`, on the same line or as an indented block.
    fn block(&mut self, what: &str, header: Span) -> PyResult<Vec<Stmt>> {
        self.expect_op(":")?;
        if !self.at(&Tok::Newline) {
            let mut out = vec![self.simple_stmt()?];
            while self.eat_op(";") {
                if matches!(self.tok(), Tok::Newline | Tok::Eof) {
                    break;
                }
                out.push(self.simple_stmt()?);
            }
            if self.at(&Tok::Newline) {
                self.i += 1;
            } else if !self.at(&Tok::Eof) {
                return Err(self.unexpected());
            }
            return Ok(out);
        }
        self.i += 1;
        if !self.at(&Tok::Indent) {
            return Err(PyError::new(
                "IndentationError",
                Message::new(Code::PyExpectedIndent)
                    .with("what", what)
                    .with("line", header.start.line),
            )
            .at(self.span()));
        }
        self.i += 1;
        let mut body = Vec::new();
        while !self.at(&Tok::Dedent) && !self.at(&Tok::Eof) {
            body.extend(self.statement()?);
        }
        self.eat_dedent();
        Ok(body)
    }

    fn eat_dedent(&mut self) {
        if self.at(&Tok::Dedent) {
            self.i += 1;
        }
    }

    fn if_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.advance().span;
        let test = self.expression()?;
        let body = self.block("'if' statement", start)?;
        let orelse = if self.at_kw("elif") {
            vec![self.if_stmt()?]
        } else if self.at_kw("else") {
            let s = self.advance().span;
            self.block("'else' statement", s)?
        } else {
            Vec::new()
        };
        Ok(Stmt {
            kind: StmtKind::If(test, body, orelse),
            span: start.to(self.prev_span()),
        })
    }

    fn while_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.advance().span;
        let test = self.expression()?;
        self.loops += 1;
        let body = self.block("'while' statement", start);
        self.loops -= 1;
        let body = body?;
        let orelse = self.loop_else()?;
        Ok(Stmt {
            kind: StmtKind::While(test, body, orelse),
            span: start.to(self.prev_span()),
        })
    }

    fn loop_else(&mut self) -> PyResult<Vec<Stmt>> {
        if self.at_kw("else") {
            let s = self.advance().span;
            self.block("'else' statement", s)
        } else {
            Ok(Vec::new())
        }
    }

    fn for_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.advance().span;
        let target = self.target_list()?;
        if !self.eat_kw("in") {
            return Err(syntax_error(
                Message::new(Code::PyExpected).with("what", "'in'"),
                self.span(),
            ));
        }
        let iter = self.expression_list()?;
        self.loops += 1;
        let body = self.block("'for' statement", start);
        self.loops -= 1;
        let body = body?;
        let orelse = self.loop_else()?;
        Ok(Stmt {
            kind: StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            span: start.to(self.prev_span()),
        })
    }

    /// `a`, `a, b`, `(a, b), c` as the target of `for` or a comprehension: parsed above the
    /// comparison level so that `in` stays for the loop.
    fn target_list(&mut self) -> PyResult<Expr> {
        let first = self.binary(0)?;
        if !self.at_op(",") {
            check_target(&first)?;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_kw("in") {
                break;
            }
            items.push(self.binary(0)?);
        }
        let span = items[0].span.to(self.prev_span());
        let e = Expr {
            kind: ExprKind::Tuple(items),
            span,
        };
        check_target(&e)?;
        Ok(e)
    }

    fn def_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.advance().span;
        let (name, _) = self.name()?;
        self.expect_op("(")?;
        let (params, star, kwonly, starstar) = self.params(")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expression()?;
        }
        let (loops, funcs) = (self.loops, self.funcs);
        self.loops = 0;
        self.funcs += 1;
        let body = self.block("function definition", start);
        self.loops = loops;
        self.funcs = funcs;
        let body = body?;
        let span = start.to(self.prev_span());
        let def = make_def(name, params, star, kwonly, starstar, body, span);
        Ok(Stmt {
            kind: StmtKind::Def(Rc::new(def)),
            span,
        })
    }

    #[allow(clippy::type_complexity)]
    fn params(
        &mut self,
        end: &str,
    ) -> PyResult<(Vec<Param>, Option<Rc<str>>, Vec<Param>, Option<Rc<str>>)> {
        let mut params: Vec<Param> = Vec::new();
        let mut kwonly = Vec::new();
        let mut star = None;
        let mut starstar = None;
        let mut seen_star = false;
        while !self.at_op(end) {
            if self.eat_op("**") {
                starstar = Some(self.name()?.0);
                self.annotation(end)?;
            } else if self.eat_op("*") {
                seen_star = true;
                if let Tok::Name(_) = self.tok() {
                    star = Some(self.name()?.0);
                    self.annotation(end)?;
                }
            } else {
                let (name, span) = self.name()?;
                self.annotation(end)?;
                let default = if self.eat_op("=") {
                    Some(self.expression()?)
                } else {
                    None
                };
                if starstar.is_some() {
                    return Err(syntax_error(Message::new(Code::PyInvalidSyntax), span));
                }
                if !seen_star
                    && default.is_none()
                    && params.last().is_some_and(|p| p.default.is_some())
                {
                    return Err(syntax_error(
                        Message::new(Code::PyExpected).with(
                            "what",
                            "a default value (parameters after one with a default need one)",
                        ),
                        span,
                    ));
                }
                let p = Param {
                    name,
                    default,
                    span,
                };
                if seen_star {
                    kwonly.push(p);
                } else {
                    params.push(p);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok((params, star, kwonly, starstar))
    }

    /// Skips `: type` after a parameter (a def's, not a lambda's).
    fn annotation(&mut self, end: &str) -> PyResult<()> {
        if end == ")" && self.eat_op(":") {
            self.expression()?;
        }
        Ok(())
    }

    fn class_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.advance().span;
        let (name, _) = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.at_op(")") {
                bases.push(self.expression()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        let (loops, funcs) = (self.loops, self.funcs);
        self.loops = 0;
        self.funcs = 0;
        let body = self.block("class definition", start);
        self.loops = loops;
        self.funcs = funcs;
        let body = body?;
        Ok(Stmt {
            kind: StmtKind::Class { name, bases, body },
            span: start.to(self.prev_span()),
        })
    }

    fn simple_stmt(&mut self) -> PyResult<Stmt> {
        let start = self.span();
        let kw = match self.tok() {
            Tok::Kw(k) => Some(*k),
            _ => None,
        };
        let kind = match kw {
            Some("pass") => {
                self.i += 1;
                StmtKind::Pass
            }
            Some(k @ ("break" | "continue")) => {
                self.i += 1;
                if self.loops == 0 {
                    return Err(syntax_error(
                        Message::new(Code::PyOutsideLoop).with("keyword", k),
                        start,
                    ));
                }
                if k == "break" {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                }
            }
            Some("return") => {
                self.i += 1;
                if self.funcs == 0 {
                    return Err(syntax_error(
                        Message::new(Code::PyReturnOutsideFunction),
                        start,
                    ));
                }
                if matches!(self.tok(), Tok::Newline | Tok::Eof) || self.at_op(";") {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.expression_list()?))
                }
            }
            Some("import") => {
                self.i += 1;
                let mut names = Vec::new();
                loop {
                    let name = self.dotted_name()?;
                    let asname = if self.eat_kw("as") {
                        Some(self.name()?.0)
                    } else {
                        None
                    };
                    names.push(Alias { name, asname });
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(names)
            }
            Some("from") => {
                self.i += 1;
                if self.at_op(".") || self.at_op("...") {
                    return Err(not_supported("relative imports (from . import)").at(start));
                }
                let module = self.dotted_name()?;
                if !self.eat_kw("import") {
                    return Err(syntax_error(
                        Message::new(Code::PyExpected).with("what", "'import'"),
                        self.span(),
                    ));
                }
                if self.at_op("*") {
                    return Err(PyError::new(
                        "SyntaxError",
                        Message::new(Code::PyImportStar).with("module", &*module),
                    )
                    .at(start.to(self.span())));
                }
                let paren = self.eat_op("(");
                let mut names = Vec::new();
                loop {
                    let (name, _) = self.name()?;
                    let asname = if self.eat_kw("as") {
                        Some(self.name()?.0)
                    } else {
                        None
                    };
                    names.push(Alias { name, asname });
                    if !self.eat_op(",") || (paren && self.at_op(")")) {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                StmtKind::ImportFrom(module, names)
            }
            Some("global") => {
                self.i += 1;
                let mut names = vec![self.name()?.0];
                while self.eat_op(",") {
                    names.push(self.name()?.0);
                }
                StmtKind::Global(names)
            }
            Some("del") => {
                self.i += 1;
                let mut targets = vec![self.binary(0)?];
                while self.eat_op(",") {
                    targets.push(self.binary(0)?);
                }
                for t in &targets {
                    check_target(t)?;
                }
                StmtKind::Del(targets)
            }
            Some("assert") => {
                self.i += 1;
                let test = self.expression()?;
                let msg = if self.eat_op(",") {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert(test, msg)
            }
            Some("nonlocal") => {
                self.i += 1;
                if self.funcs == 0 {
                    return Err(syntax_error(
                        Message::new(Code::PyNotSupported)
                            .with("feature", "nonlocal outside a function"),
                        start,
                    ));
                }
                let mut names = vec![self.name()?.0];
                while self.eat_op(",") {
                    names.push(self.name()?.0);
                }
                StmtKind::Nonlocal(names)
            }
            Some(k @ ("raise" | "yield" | "await")) => {
                return Err(not_supported(k).at(start));
            }
            Some(k @ ("else" | "elif" | "except" | "finally" | "in" | "as")) => {
                let _ = k;
                return Err(self.unexpected());
            }
            _ => return self.expr_stmt(),
        };
        Ok(Stmt {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn dotted_name(&mut self) -> PyResult<Rc<str>> {
        let mut name = self.name()?.0.to_string();
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.name()?.0);
        }
        Ok(name.into())
    }

    fn expr_stmt(&mut self) -> PyResult<Stmt> {
        let first = self.expression_list()?;
        let start = first.span;
        if let Tok::Op(op) = self.tok() {
            let aug = match *op {
                "+=" => Some(BinOp::Add),
                "-=" => Some(BinOp::Sub),
                "*=" => Some(BinOp::Mul),
                "/=" => Some(BinOp::Div),
                "//=" => Some(BinOp::FloorDiv),
                "%=" => Some(BinOp::Mod),
                "**=" => Some(BinOp::Pow),
                "@=" => Some(BinOp::MatMul),
                "&=" => Some(BinOp::BitAnd),
                "|=" => Some(BinOp::BitOr),
                "^=" => Some(BinOp::BitXor),
                "<<=" => Some(BinOp::LShift),
                ">>=" => Some(BinOp::RShift),
                _ => None,
            };
            if let Some(op) = aug {
                self.i += 1;
                if !matches!(
                    first.kind,
                    ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..)
                ) {
                    return Err(syntax_error(
                        Message::new(Code::PyCannotAssign).with("what", describe(&first)),
                        first.span,
                    ));
                }
                let value = self.expression_list()?;
                return Ok(Stmt {
                    span: start.to(value.span),
                    kind: StmtKind::AugAssign(first, op, value),
                });
            }
            if *op == ":" {
                // `x: int = 5`: the annotation is skipped.
                self.i += 1;
                check_target(&first)?;
                self.expression()?;
                if self.eat_op("=") {
                    let value = self.expression_list()?;
                    return Ok(Stmt {
                        span: start.to(value.span),
                        kind: StmtKind::Assign(vec![first], value),
                    });
                }
                return Ok(Stmt {
                    span: start,
                    kind: StmtKind::Pass,
                });
            }
            if *op == ":=" {
                return Err(not_supported("the walrus operator (:=)").at(self.span()));
            }
        }
        if !self.at_op("=") {
            return Ok(Stmt {
                span: start,
                kind: StmtKind::Expr(first),
            });
        }
        let mut targets = vec![first];
        while self.eat_op("=") {
            targets.push(self.expression_list()?);
        }
        let value = targets.pop().ok_or_else(|| self.unexpected())?;
        for t in &targets {
            check_target(t)?;
        }
        Ok(Stmt {
            span: start.to(value.span),
            kind: StmtKind::Assign(targets, value),
        })
    }

    // ---- expressions ----

    /// `a, b, c` without brackets (a tuple), or a single expression.
    fn expression_list(&mut self) -> PyResult<Expr> {
        let first = self.star_or_expression()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.star_or_expression()?);
        }
        let span = items[0].span.to(self.prev_span());
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    fn ends_list(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::Eof)
            || [")", "]", "}", "=", ";", ":"].iter().any(|o| self.at_op(o))
            || matches!(self.tok(), Tok::Op(o) if o.ends_with('=') && !matches!(*o, "==" | "!=" | "<=" | ">="))
    }

    fn star_or_expression(&mut self) -> PyResult<Expr> {
        if self.at_op("*") {
            let start = self.advance().span;
            let e = self.binary(0)?;
            return Ok(Expr {
                span: start.to(e.span),
                kind: ExprKind::Starred(Box::new(e)),
            });
        }
        self.expression()
    }

    pub(crate) fn expression(&mut self) -> PyResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.depth -= 1;
        r
    }

    fn expression_inner(&mut self) -> PyResult<Expr> {
        if self.at_kw("lambda") {
            return self.lambda();
        }
        let body = self.or_test()?;
        if self.at_kw("if") {
            self.i += 1;
            let test = self.or_test()?;
            if !self.eat_kw("else") {
                return Err(syntax_error(
                    Message::new(Code::PyExpected).with("what", "'else' after the condition"),
                    self.span(),
                ));
            }
            let orelse = self.expression()?;
            return Ok(Expr {
                span: body.span.to(orelse.span),
                kind: ExprKind::IfExp {
                    test: Box::new(test),
                    body: Box::new(body),
                    orelse: Box::new(orelse),
                },
            });
        }
        Ok(body)
    }

    fn lambda(&mut self) -> PyResult<Expr> {
        let start = self.advance().span;
        let (params, star, kwonly, starstar) = self.params(":")?;
        self.expect_op(":")?;
        let (loops, funcs) = (self.loops, self.funcs);
        self.loops = 0;
        let body = self.expression();
        self.loops = loops;
        self.funcs = funcs;
        let body = body?;
        let span = start.to(body.span);
        let ret = Stmt {
            span: body.span,
            kind: StmtKind::Return(Some(body)),
        };
        let def = make_def(
            "<lambda>".into(),
            params,
            star,
            kwonly,
            starstar,
            vec![ret],
            span,
        );
        Ok(Expr {
            kind: ExprKind::Lambda(Rc::new(def)),
            span,
        })
    }

    fn or_test(&mut self) -> PyResult<Expr> {
        let mut left = self.and_test()?;
        let mut n = 0;
        while self.eat_kw("or") {
            n += 1;
            self.chain_limit(n)?;
            let right = self.and_test()?;
            left = Expr {
                span: left.span.to(right.span),
                kind: ExprKind::BoolOp(false, Box::new(left), Box::new(right)),
            };
        }
        Ok(left)
    }

    fn and_test(&mut self) -> PyResult<Expr> {
        let mut left = self.not_test()?;
        let mut n = 0;
        while self.eat_kw("and") {
            n += 1;
            self.chain_limit(n)?;
            let right = self.not_test()?;
            left = Expr {
                span: left.span.to(right.span),
                kind: ExprKind::BoolOp(true, Box::new(left), Box::new(right)),
            };
        }
        Ok(left)
    }

    fn chain_limit(&self, n: usize) -> PyResult<()> {
        if n > MAX_CHAIN {
            return Err(syntax_error(Message::new(Code::PyTooNested), self.span()));
        }
        Ok(())
    }

    fn not_test(&mut self) -> PyResult<Expr> {
        if self.at_kw("not") {
            let start = self.advance().span;
            self.enter()?;
            let operand = self.not_test();
            self.depth -= 1;
            let operand = operand?;
            return Ok(Expr {
                span: start.to(operand.span),
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(operand)),
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PyResult<Expr> {
        let left = self.binary(0)?;
        let mut ops = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::NotEq,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::LtE,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::GtE,
                Tok::Kw("in") => CmpOp::In,
                Tok::Kw("not") => {
                    if !matches!(
                        self.toks.get(self.i + 1).map(|t| &t.tok),
                        Some(Tok::Kw("in"))
                    ) {
                        break;
                    }
                    self.i += 1;
                    CmpOp::NotIn
                }
                Tok::Kw("is") => {
                    if matches!(
                        self.toks.get(self.i + 1).map(|t| &t.tok),
                        Some(Tok::Kw("not"))
                    ) {
                        self.i += 1;
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                _ => break,
            };
            self.i += 1;
            self.chain_limit(ops.len())?;
            ops.push((op, self.binary(0)?));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let span = left.span.to(ops[ops.len() - 1].1.span);
        Ok(Expr {
            kind: ExprKind::Compare(Box::new(left), ops),
            span,
        })
    }

    /// Binary operators from `|` (level 0) to `* / // % @` (level 5), left-associative.
    fn binary(&mut self, level: usize) -> PyResult<Expr> {
        const LEVELS: &[&[(&str, BinOp)]] = &[
            &[("|", BinOp::BitOr)],
            &[("^", BinOp::BitXor)],
            &[("&", BinOp::BitAnd)],
            &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[
                ("*", BinOp::Mul),
                ("/", BinOp::Div),
                ("//", BinOp::FloorDiv),
                ("%", BinOp::Mod),
                ("@", BinOp::MatMul),
            ],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        let mut n = 0;
        while let Some(&(_, op)) = LEVELS[level].iter().find(|(s, _)| self.at_op(s)) {
            self.i += 1;
            n += 1;
            self.chain_limit(n)?;
            let right = self.binary(level + 1)?;
            left = Expr {
                span: left.span.to(right.span),
                kind: ExprKind::BinOp(Box::new(left), op, Box::new(right)),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> PyResult<Expr> {
        let op = match self.tok() {
            Tok::Op("-") => Some(UnaryOp::Neg),
            Tok::Op("+") => Some(UnaryOp::Pos),
            Tok::Op("~") => Some(UnaryOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            let start = self.advance().span;
            self.enter()?;
            let operand = self.unary();
            self.depth -= 1;
            let operand = operand?;
            return Ok(Expr {
                span: start.to(operand.span),
                kind: ExprKind::Unary(op, Box::new(operand)),
            });
        }
        self.power()
    }

    fn power(&mut self) -> PyResult<Expr> {
        let base = self.primary()?;
        if self.eat_op("**") {
            self.enter()?;
            let exp = self.unary();
            self.depth -= 1;
            let exp = exp?;
            return Ok(Expr {
                span: base.span.to(exp.span),
                kind: ExprKind::BinOp(Box::new(base), BinOp::Pow, Box::new(exp)),
            });
        }
        Ok(base)
    }

    fn primary(&mut self) -> PyResult<Expr> {
        let mut e = self.atom()?;
        let mut n = 0;
        loop {
            if self.at_op("(") {
                self.i += 1;
                let args = self.call_args()?;
                let end = self.expect_op(")")?;
                e = Expr {
                    span: e.span.to(end),
                    kind: ExprKind::Call {
                        func: Box::new(e),
                        args,
                    },
                };
            } else if self.at_op("[") {
                self.i += 1;
                let index = self.subscript_list()?;
                let end = self.expect_op("]")?;
                e = Expr {
                    span: e.span.to(end),
                    kind: ExprKind::Subscript(Box::new(e), Box::new(index)),
                };
            } else if self.at_op(".") {
                self.i += 1;
                let (name, end) = self.name()?;
                e = Expr {
                    span: e.span.to(end),
                    kind: ExprKind::Attribute(Box::new(e), name),
                };
            } else {
                break;
            }
            n += 1;
            self.chain_limit(n)?;
        }
        Ok(e)
    }

    fn call_args(&mut self) -> PyResult<Vec<Arg>> {
        self.enter()?;
        let mut args = Vec::new();
        while !self.at_op(")") {
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.expression()?));
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expression()?));
            } else if matches!(self.tok(), Tok::Name(_))
                && matches!(
                    self.toks.get(self.i + 1).map(|t| &t.tok),
                    Some(Tok::Op("="))
                )
            {
                let (name, _) = self.name()?;
                self.i += 1;
                args.push(Arg::Kw(name, self.expression()?));
            } else {
                let e = self.expression()?;
                if self.at_kw("for") {
                    let fors = self.comp_fors()?;
                    let span = e.span.to(self.prev_span());
                    args.push(Arg::Pos(Expr {
                        kind: ExprKind::Comp(CompKind::Gen, Box::new(e), fors),
                        span,
                    }));
                } else {
                    if let Some(Arg::Kw(..) | Arg::StarStar(_)) = args.last() {
                        if matches!(args.last(), Some(Arg::Kw(..))) {
                            self.depth -= 1;
                            return Err(syntax_error(
                                Message::new(Code::PyExpected)
                                    .with("what", "keyword arguments after the positional ones"),
                                e.span,
                            ));
                        }
                    }
                    args.push(Arg::Pos(e));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.depth -= 1;
        Ok(args)
    }

    fn subscript_list(&mut self) -> PyResult<Expr> {
        let first = self.subscript()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_op("]") {
                break;
            }
            items.push(self.subscript()?);
        }
        let span = items[0].span.to(self.prev_span());
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    fn subscript(&mut self) -> PyResult<Expr> {
        let start = self.span();
        let lo = if self.at_op(":") {
            None
        } else {
            let e = self.expression()?;
            if !self.at_op(":") {
                return Ok(e);
            }
            Some(Box::new(e))
        };
        self.expect_op(":")?;
        let ends = |p: &Parser| p.at_op("]") || p.at_op(",") || p.at_op(":");
        let hi = if ends(self) {
            None
        } else {
            Some(Box::new(self.expression()?))
        };
        let step = if self.eat_op(":") {
            if self.at_op("]") || self.at_op(",") {
                None
            } else {
                Some(Box::new(self.expression()?))
            }
        } else {
            None
        };
        Ok(Expr {
            kind: ExprKind::Slice(lo, hi, step),
            span: start.to(self.prev_span()),
        })
    }

    fn atom(&mut self) -> PyResult<Expr> {
        let t = self.advance();
        let span = t.span;
        let kind = match t.tok {
            Tok::Name(n) => ExprKind::Name(n),
            Tok::Int(n) => ExprKind::Num(Number::Int(n)),
            Tok::Float(f) => ExprKind::Num(Number::Float(f)),
            Tok::Kw("True") => ExprKind::Bool(true),
            Tok::Kw("False") => ExprKind::Bool(false),
            Tok::Kw("None") => ExprKind::None,
            Tok::Op("...") => ExprKind::Ellipsis,
            Tok::Str(_) | Tok::FStr(_) => {
                self.i -= 1;
                return self.strings();
            }
            Tok::Op("(") => return self.paren(span),
            Tok::Op("[") => return self.list(span),
            Tok::Op("{") => return self.braces(span),
            Tok::Kw("yield") | Tok::Kw("await") => {
                return Err(not_supported("yield/await").at(span))
            }
            _ => {
                self.i -= 1;
                return Err(self.unexpected());
            }
        };
        Ok(Expr { kind, span })
    }

    /// Adjacent string literals join into one (`'a' 'b'` is `'ab'`), f-strings included.
    fn strings(&mut self) -> PyResult<Expr> {
        let start = self.span();
        let mut parts: Vec<FPart> = Vec::new();
        let mut any_f = false;
        loop {
            match self.tok().clone() {
                Tok::Str(s) => {
                    self.i += 1;
                    push_lit(&mut parts, &s);
                }
                Tok::FStr(raw) => {
                    self.i += 1;
                    any_f = true;
                    for p in self.fparts(&raw)? {
                        match p {
                            FPart::Lit(s) => push_lit(&mut parts, &s),
                            field => parts.push(field),
                        }
                    }
                }
                _ => break,
            }
        }
        let span = start.to(self.prev_span());
        if !any_f {
            let text: String = parts
                .into_iter()
                .map(|p| match p {
                    FPart::Lit(s) => s,
                    FPart::Field { .. } => String::new(),
                })
                .collect();
            return Ok(Expr {
                kind: ExprKind::Str(text.into()),
                span,
            });
        }
        Ok(Expr {
            kind: ExprKind::FString(parts),
            span,
        })
    }

    fn fparts(&mut self, raw: &[RawF]) -> PyResult<Vec<FPart>> {
        let mut out = Vec::new();
        for p in raw {
            match p {
                RawF::Lit(s) => out.push(FPart::Lit(s.clone())),
                RawF::Field {
                    src,
                    start,
                    conversion,
                    spec,
                } => {
                    let toks = tokenize_field(src, *start)?;
                    let mut sub = Parser::new(toks);
                    sub.depth = self.depth + 1;
                    let expr = sub.expression_list()?;
                    if !sub.at(&Tok::Eof) {
                        return Err(sub.unexpected());
                    }
                    self.enter()?;
                    let spec = self.fparts(spec);
                    self.depth -= 1;
                    out.push(FPart::Field {
                        expr: Box::new(expr),
                        conversion: *conversion,
                        spec: spec?,
                    });
                }
            }
        }
        Ok(out)
    }

    fn paren(&mut self, start: Span) -> PyResult<Expr> {
        self.enter()?;
        let r = self.paren_inner(start);
        self.depth -= 1;
        r
    }

    fn paren_inner(&mut self, start: Span) -> PyResult<Expr> {
        if self.at_op(")") {
            let end = self.advance().span;
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                span: start.to(end),
            });
        }
        let first = self.star_or_expression()?;
        if self.at_kw("for") {
            let fors = self.comp_fors()?;
            let end = self.expect_op(")")?;
            return Ok(Expr {
                kind: ExprKind::Comp(CompKind::Gen, Box::new(first), fors),
                span: start.to(end),
            });
        }
        if self.at_op(")") {
            let end = self.advance().span;
            // The parentheses only group; the node's span takes them in, so that an error in
            // `(-8) ** 0.5` underlines from the `(`, as Python does.
            let mut inner = first;
            inner.span = start.to(end);
            return Ok(inner);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_op(")") {
                break;
            }
            items.push(self.star_or_expression()?);
        }
        let end = self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: start.to(end),
        })
    }

    fn list(&mut self, start: Span) -> PyResult<Expr> {
        self.enter()?;
        let r = self.list_inner(start);
        self.depth -= 1;
        r
    }

    fn list_inner(&mut self, start: Span) -> PyResult<Expr> {
        let mut items = Vec::new();
        if !self.at_op("]") {
            let first = self.star_or_expression()?;
            if self.at_kw("for") {
                let fors = self.comp_fors()?;
                let end = self.expect_op("]")?;
                return Ok(Expr {
                    kind: ExprKind::Comp(CompKind::List, Box::new(first), fors),
                    span: start.to(end),
                });
            }
            items.push(first);
            while self.eat_op(",") {
                if self.at_op("]") {
                    break;
                }
                items.push(self.star_or_expression()?);
            }
        }
        let end = self.expect_op("]")?;
        Ok(Expr {
            kind: ExprKind::List(items),
            span: start.to(end),
        })
    }

    fn braces(&mut self, start: Span) -> PyResult<Expr> {
        self.enter()?;
        let r = self.braces_inner(start);
        self.depth -= 1;
        r
    }

    fn braces_inner(&mut self, start: Span) -> PyResult<Expr> {
        if self.at_op("}") {
            let end = self.advance().span;
            return Ok(Expr {
                kind: ExprKind::Dict(Vec::new()),
                span: start.to(end),
            });
        }
        let first_key = if self.eat_op("**") {
            None
        } else {
            Some(self.star_or_expression()?)
        };
        let is_dict = first_key.is_none() || self.at_op(":");
        if !is_dict {
            let first = first_key.ok_or_else(|| self.unexpected())?;
            if self.at_kw("for") {
                let fors = self.comp_fors()?;
                let end = self.expect_op("}")?;
                return Ok(Expr {
                    kind: ExprKind::Comp(CompKind::Set, Box::new(first), fors),
                    span: start.to(end),
                });
            }
            let mut items = vec![first];
            while self.eat_op(",") {
                if self.at_op("}") {
                    break;
                }
                items.push(self.star_or_expression()?);
            }
            let end = self.expect_op("}")?;
            return Ok(Expr {
                kind: ExprKind::Set(items),
                span: start.to(end),
            });
        }
        let mut pairs = Vec::new();
        let first_value = if first_key.is_some() {
            self.expect_op(":")?;
            self.expression()?
        } else {
            self.binary(0)?
        };
        if let Some(k) = &first_key {
            if self.at_kw("for") {
                let fors = self.comp_fors()?;
                let end = self.expect_op("}")?;
                return Ok(Expr {
                    kind: ExprKind::DictComp(Box::new(k.clone()), Box::new(first_value), fors),
                    span: start.to(end),
                });
            }
        }
        pairs.push((first_key, first_value));
        while self.eat_op(",") {
            if self.at_op("}") {
                break;
            }
            if self.eat_op("**") {
                pairs.push((None, self.binary(0)?));
            } else {
                let k = self.expression()?;
                self.expect_op(":")?;
                let v = self.expression()?;
                pairs.push((Some(k), v));
            }
        }
        let end = self.expect_op("}")?;
        Ok(Expr {
            kind: ExprKind::Dict(pairs),
            span: start.to(end),
        })
    }

    fn comp_fors(&mut self) -> PyResult<Vec<CompFor>> {
        let mut fors = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(syntax_error(
                    Message::new(Code::PyExpected).with("what", "'in'"),
                    self.span(),
                ));
            }
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_test()?);
            }
            fors.push(CompFor { target, iter, ifs });
        }
        Ok(fors)
    }
}

fn push_lit(parts: &mut Vec<FPart>, s: &str) {
    if let Some(FPart::Lit(prev)) = parts.last_mut() {
        prev.push_str(s);
    } else {
        parts.push(FPart::Lit(s.to_string()));
    }
}

/// What an expression is, in Python's words for "cannot assign to ...".
fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Num(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None => "literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Comp(..) | ExprKind::DictComp(..) => "comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::IfExp { .. } => "conditional expression",
        _ => "expression",
    }
}

fn check_target(e: &Expr) -> PyResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().try_for_each(check_target),
        ExprKind::Starred(_) => Err(not_supported("starred assignment (*rest)").at(e.span)),
        _ => Err(syntax_error(
            Message::new(Code::PyCannotAssign).with("what", describe(e)),
            e.span,
        )),
    }
}

fn make_def(
    name: Rc<str>,
    params: Vec<Param>,
    star: Option<Rc<str>>,
    kwonly: Vec<Param>,
    starstar: Option<Rc<str>>,
    body: Vec<Stmt>,
    span: Span,
) -> FuncDef {
    let mut locals = BTreeSet::new();
    let mut globals = BTreeSet::new();
    let mut nonlocals = BTreeSet::new();
    for p in params.iter().chain(&kwonly) {
        locals.insert(p.name.clone());
    }
    locals.extend(star.iter().cloned());
    locals.extend(starstar.iter().cloned());
    collect_locals(&body, &mut locals, &mut globals, &mut nonlocals);
    for g in globals.iter().chain(&nonlocals) {
        locals.remove(g);
    }
    FuncDef {
        name,
        params,
        star,
        kwonly,
        starstar,
        body,
        span,
        locals: locals.into_iter().collect(),
        globals: globals.into_iter().collect(),
        nonlocals: nonlocals.into_iter().collect(),
    }
}

/// The names a function body binds (Python decides a name is local to the function when the
/// body assigns it anywhere), not looking into nested defs, classes or comprehensions.
fn collect_locals(
    body: &[Stmt],
    locals: &mut BTreeSet<Rc<str>>,
    globals: &mut BTreeSet<Rc<str>>,
    nonlocals: &mut BTreeSet<Rc<str>>,
) {
    fn target(e: &Expr, locals: &mut BTreeSet<Rc<str>>) {
        match &e.kind {
            ExprKind::Name(n) => {
                locals.insert(n.clone());
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|i| target(i, locals))
            }
            _ => {}
        }
    }
    for s in body {
        match &s.kind {
            StmtKind::Assign(ts, _) => ts.iter().for_each(|t| target(t, locals)),
            StmtKind::AugAssign(t, _, _) => target(t, locals),
            StmtKind::Del(ts) => ts.iter().for_each(|t| target(t, locals)),
            StmtKind::For {
                target: t,
                body,
                orelse,
                ..
            } => {
                target(t, locals);
                collect_locals(body, locals, globals, nonlocals);
                collect_locals(orelse, locals, globals, nonlocals);
            }
            StmtKind::If(_, a, b) | StmtKind::While(_, a, b) => {
                collect_locals(a, locals, globals, nonlocals);
                collect_locals(b, locals, globals, nonlocals);
            }
            StmtKind::Def(d) => {
                locals.insert(d.name.clone());
            }
            StmtKind::Class { name, .. } => {
                locals.insert(name.clone());
            }
            StmtKind::Import(names) => {
                for a in names {
                    let bound = match &a.asname {
                        Some(n) => n.clone(),
                        None => a.name.split('.').next().unwrap_or(&a.name).into(),
                    };
                    locals.insert(bound);
                }
            }
            StmtKind::ImportFrom(_, names) => {
                for a in names {
                    locals.insert(a.asname.clone().unwrap_or_else(|| a.name.clone()));
                }
            }
            StmtKind::Global(names) => globals.extend(names.iter().cloned()),
            StmtKind::Nonlocal(names) => nonlocals.extend(names.iter().cloned()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_expr(src: &str) -> Expr {
        match parse(src).expect("parses").remove(0).kind {
            StmtKind::Expr(e) => e,
            other => panic!("not an expression: {other:?}"),
        }
    }

    #[test]
    fn power_binds_tighter_than_unary_minus() {
        let e = first_expr("-2 ** 2");
        assert!(matches!(e.kind, ExprKind::Unary(UnaryOp::Neg, _)));
    }

    #[test]
    fn tuple_of_slices_in_a_subscript() {
        let e = first_expr("a[:, 0:17]");
        let ExprKind::Subscript(_, index) = e.kind else {
            panic!("not a subscript")
        };
        let ExprKind::Tuple(items) = index.kind else {
            panic!("not a tuple")
        };
        assert!(matches!(items[0].kind, ExprKind::Slice(None, None, None)));
        assert!(matches!(
            items[1].kind,
            ExprKind::Slice(Some(_), Some(_), None)
        ));
    }

    #[test]
    fn spans_count_characters_from_zero() {
        let e = first_expr("레모네이드 + 1");
        assert_eq!(e.span.start, Pos { line: 1, col: 0 });
        assert_eq!(e.span.end, Pos { line: 1, col: 9 });
    }

    #[test]
    fn locals_of_a_def() {
        let body =
            parse("def f(a):\n    b = 1\n    for c in a:\n        pass\n    global g\n    g = 2\n")
                .expect("parses");
        let StmtKind::Def(d) = &body[0].kind else {
            panic!("not a def")
        };
        let names: Vec<&str> = d.locals.iter().map(|n| &**n).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn missing_indented_block() {
        let e = parse("if x:\nprint(1)\n").expect_err("no block");
        assert_eq!(e.ename, "IndentationError");
        assert_eq!(e.line(), Some(2));
    }
}
