//! The syntax tree of lecture Python. Every node carries the [`Span`] of its source text so
//! that an error can underline exactly the code that caused it.

use std::rc::Rc;

/// A place in a cell: `line` counts from 1, `col` from 0, in characters (not bytes, so a
/// Hangul name is one column per syllable), as an editor counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A stretch of source from `start` up to (not including) `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }

    /// The span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

impl BinOp {
    /// The operator as written, for messages such as "unsupported operand type(s) for +".
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

/// A literal number as written; big integers stay exact.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    Int(num_bigint::BigInt),
    Float(f64),
}

/// One piece of an f-string: literal text or a `{expr!conv:spec}` field.
#[derive(Debug, Clone)]
pub enum FPart {
    Lit(String),
    Field {
        expr: Box<Expr>,
        conversion: Option<char>,
        spec: Vec<FPart>,
    },
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Name(Rc<str>),
    Num(Number),
    Str(Rc<str>),
    FString(Vec<FPart>),
    Bool(bool),
    None,
    Ellipsis,
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `None` as key is `**mapping` inside the braces.
    Dict(Vec<(Option<Expr>, Expr)>),
    BinOp(Box<Expr>, BinOp, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `a and b` (`true`) or `a or b` (`false`), evaluated lazily.
    BoolOp(bool, Box<Expr>, Box<Expr>),
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `body if test else orelse`
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
    },
    Attribute(Box<Expr>, Rc<str>),
    Subscript(Box<Expr>, Box<Expr>),
    /// `lo:hi:step` inside brackets.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Lambda(Rc<FuncDef>),
    /// `[elt for ...]` (`List`), `{elt for ...}` (`Set`), `(elt for ...)` (`Gen`, run eagerly).
    Comp(CompKind, Box<Expr>, Vec<CompFor>),
    DictComp(Box<Expr>, Box<Expr>, Vec<CompFor>),
    Starred(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Gen,
}

/// `for target in iter if cond ...` of a comprehension.
#[derive(Debug, Clone)]
pub struct CompFor {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(Rc<str>, Expr),
    StarStar(Expr),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Rc<str>,
    pub default: Option<Expr>,
    pub span: Span,
}

/// A `def` or a `lambda` (whose body is one `return`).
#[derive(Debug, Clone)]
pub struct FuncDef {
    pub name: Rc<str>,
    pub params: Vec<Param>,
    pub star: Option<Rc<str>>,
    pub kwonly: Vec<Param>,
    pub starstar: Option<Rc<str>>,
    pub body: Vec<Stmt>,
    pub span: Span,
    /// Names the body assigns (its locals), found once when the def is parsed.
    pub locals: Vec<Rc<str>>,
    /// Names declared `global` in the body.
    pub globals: Vec<Rc<str>>,
    /// Names declared `nonlocal`: they live in an enclosing function's scope.
    pub nonlocals: Vec<Rc<str>>,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub name: Rc<str>,
    pub asname: Option<Rc<str>>,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`: every target gets the same value.
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    Def(Rc<FuncDef>),
    Class {
        name: Rc<str>,
        bases: Vec<Expr>,
        body: Vec<Stmt>,
    },
    Return(Option<Expr>),
    Pass,
    Break,
    Continue,
    Import(Vec<Alias>),
    /// `from module import a, b as c`
    ImportFrom(Rc<str>, Vec<Alias>),
    Global(Vec<Rc<str>>),
    Nonlocal(Vec<Rc<str>>),
    Del(Vec<Expr>),
    Assert(Expr, Option<Expr>),
}
