//! Operators with Python's semantics: exact ints that grow past 64 bits, floor division and
//! modulo that round toward negative infinity, true division that gives a float, sequences
//! that concatenate and repeat, comparisons that refuse mixed types.

use std::cmp::Ordering;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::Interp;
use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::error::{type_error, PyError, PyResult};
use crate::value::{Args, Value};

fn zero_division() -> PyError {
    PyError::new("ZeroDivisionError", Message::new(Code::PyDivisionByZero))
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> PyError {
    if let (BinOp::Add, Value::Str(_)) = (op, a) {
        return type_error(
            Message::new(Code::PyConcatenate)
                .with("kind", "str")
                .with("got", b.type_name()),
        );
    }
    if let (BinOp::Add, Value::List(_)) = (op, a) {
        return type_error(
            Message::new(Code::PyConcatenate)
                .with("kind", "list")
                .with("got", b.type_name()),
        );
    }
    type_error(
        Message::new(Code::PyUnsupportedOperand)
            .with("op", op.symbol())
            .with("left", a.type_name())
            .with("right", b.type_name()),
    )
}

/// Python's name of the dunder method for an operator, for instances of user classes.
fn dunder(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
    }
}

/// Python's float floor division and modulo (CPython's `float_divmod`).
fn float_divmod(a: f64, b: f64) -> PyResult<(f64, f64)> {
    if b == 0.0 {
        return Err(zero_division());
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let q = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    Ok((q, m))
}

fn int_op(op: BinOp, a: &BigInt, b: &BigInt) -> PyResult<Value> {
    Ok(Value::from_big(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::FloorDiv => {
            if b.is_zero() {
                return Err(zero_division());
            }
            a.div_floor(b)
        }
        BinOp::Mod => {
            if b.is_zero() {
                return Err(zero_division());
            }
            a.mod_floor(b)
        }
        BinOp::Div => {
            if b.is_zero() {
                return Err(zero_division());
            }
            return Ok(Value::Float(big_div(a, b)));
        }
        BinOp::Pow => {
            if b.is_negative() {
                let (x, y) = (
                    a.to_f64().unwrap_or(f64::NAN),
                    b.to_f64().unwrap_or(f64::NAN),
                );
                if x == 0.0 {
                    return Err(zero_division());
                }
                return Ok(Value::Float(x.powf(y)));
            }
            let e = b.to_u32().filter(|&e| (e as u64) * a.bits() <= 1_000_000);
            match e {
                Some(e) => num_traits::pow::Pow::pow(a, e),
                None if a.abs() <= BigInt::from(1) => {
                    if a.is_negative() && b.is_odd() {
                        BigInt::from(-1)
                    } else if a.is_zero() {
                        BigInt::zero()
                    } else {
                        BigInt::from(1)
                    }
                }
                None => {
                    return Err(PyError::new(
                        "OverflowError",
                        Message::new(Code::PyNumberTooLarge).with("what", "the result of **"),
                    ))
                }
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::LShift | BinOp::RShift => {
            let Some(n) = b.to_u32().filter(|&n| n < 1_000_000) else {
                if b.is_negative() {
                    return Err(PyError::new(
                        "ValueError",
                        Message::new(Code::PyInvalidNumber).with("kind", "negative shift count"),
                    ));
                }
                return Err(PyError::new(
                    "OverflowError",
                    Message::new(Code::PyNumberTooLarge).with("what", "the shift count"),
                ));
            };
            if op == BinOp::LShift {
                a << n
            } else {
                a >> n
            }
        }
        BinOp::MatMul => return Err(unsupported(op, &Value::Int(0), &Value::Int(0))),
    }))
}

/// True division of exact ints, correctly rounded when both fit a float exactly.
fn big_div(a: &BigInt, b: &BigInt) -> f64 {
    match (a.to_i64(), b.to_i64()) {
        (Some(x), Some(y)) if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) => {
            x as f64 / y as f64
        }
        _ => a.to_f64().unwrap_or(f64::NAN) / b.to_f64().unwrap_or(f64::NAN),
    }
}

fn float_op(op: BinOp, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => {
            if y == 0.0 {
                return Err(zero_division());
            }
            x / y
        }
        BinOp::FloorDiv => float_divmod(x, y)?.0,
        BinOp::Mod => float_divmod(x, y)?.1,
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return Err(PyError::new(
                    "ZeroDivisionError",
                    Message::new(Code::PyNegativePowerOfZero),
                ));
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyFractionalPowerOfNegative),
                ));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(PyError::new(
                    "OverflowError",
                    Message::new(Code::PyNumberTooLarge).with("what", "the result of **"),
                ));
            }
            r
        }
        _ => return Err(unsupported(op, &Value::Float(x), &Value::Float(y))),
    }))
}

fn repeat(items: &[Value], n: &Value) -> PyResult<Vec<Value>> {
    let n = n.as_index()?.max(0) as usize;
    if items.len().saturating_mul(n) > 50_000_000 {
        return Err(PyError::new(
            "MemoryError",
            Message::new(Code::PyNumberTooLarge).with("what", "the repeated sequence"),
        ));
    }
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

impl Interp {
    pub fn binary(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        use Value::*;
        match (a, b) {
            (Int(x), Int(y)) => {
                let r = match op {
                    BinOp::Add => x.checked_add(*y),
                    BinOp::Sub => x.checked_sub(*y),
                    BinOp::Mul => x.checked_mul(*y),
                    _ => Option::None,
                };
                if let Some(r) = r {
                    return Ok(Int(r));
                }
                int_op(op, &BigInt::from(*x), &BigInt::from(*y))
            }
            (Float(x), Float(y)) => float_op(op, *x, *y),
            _ if a.is_number() && b.is_number() => {
                if matches!(a, Float(_)) || matches!(b, Float(_)) {
                    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                        return Err(PyError::new(
                            "OverflowError",
                            Message::new(Code::PyNumberTooLarge).with("what", "the int"),
                        ));
                    };
                    float_op(op, x, y)
                } else {
                    let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) else {
                        return Err(unsupported(op, a, b));
                    };
                    int_op(op, &x, &y)
                }
            }
            (Str(x), Str(y)) if op == BinOp::Add => Ok(Str(format!("{x}{y}").into())),
            (Str(x), n) | (n, Str(x)) if op == BinOp::Mul && matches!(n, Int(_) | Bool(_)) => {
                let k = n.as_index()?.max(0) as usize;
                if x.len().saturating_mul(k) > 100_000_000 {
                    return Err(PyError::new(
                        "MemoryError",
                        Message::new(Code::PyNumberTooLarge).with("what", "the repeated string"),
                    ));
                }
                Ok(Str(x.repeat(k).into()))
            }
            (Str(fmt), args) if op == BinOp::Mod => {
                Ok(Str(crate::format::percent(self, fmt, args)?.into()))
            }
            (List(x), List(y)) if op == BinOp::Add => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Ok(Value::list(v))
            }
            (Tuple(x), Tuple(y)) if op == BinOp::Add => {
                let mut v = x.to_vec();
                v.extend(y.iter().cloned());
                Ok(Value::tuple(v))
            }
            (List(x), n) | (n, List(x)) if op == BinOp::Mul && matches!(n, Int(_) | Bool(_)) => {
                let items = x.borrow().clone();
                Ok(Value::list(repeat(&items, n)?))
            }
            (Tuple(x), n) | (n, Tuple(x)) if op == BinOp::Mul && matches!(n, Int(_) | Bool(_)) => {
                Ok(Value::tuple(repeat(x, n)?))
            }
            (Set(x), Set(y))
                if matches!(
                    op,
                    BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
                ) =>
            {
                let (x, y) = (x.borrow(), y.borrow());
                let mut out = crate::value::Dict::new();
                for (k, v) in x.iter() {
                    let keep = match op {
                        BinOp::BitAnd => y.contains_key(k),
                        BinOp::Sub | BinOp::BitXor => !y.contains_key(k),
                        _ => true,
                    };
                    if keep {
                        out.insert(k.clone(), v.clone());
                    }
                }
                if matches!(op, BinOp::BitOr | BinOp::BitXor) {
                    for (k, v) in y.iter() {
                        if !x.contains_key(k) {
                            out.insert(k.clone(), v.clone());
                        }
                    }
                }
                Ok(Set(Rc::new(std::cell::RefCell::new(out))))
            }
            (Dict(x), Dict(y)) if op == BinOp::BitOr => {
                let mut out = x.borrow().clone();
                for (k, v) in y.borrow().iter() {
                    out.insert(k.clone(), v.clone());
                }
                Ok(Dict(Rc::new(std::cell::RefCell::new(out))))
            }
            _ => self.binary_objects(op, a, b),
        }
    }

    /// Host objects and class instances get the operator before Python's TypeError.
    fn binary_objects(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let Value::Host(h) = a {
            let h = h.clone();
            if let Some(r) = h.binary(self, op, b, false) {
                return r;
            }
        }
        if let Value::Host(h) = b {
            let h = h.clone();
            if let Some(r) = h.binary(self, op, a, true) {
                return r;
            }
        }
        let (name, rname) = dunder(op);
        if let Value::Instance(inst) = a {
            if let Some(f) = inst.class.lookup(name) {
                return self.call(&f, Args::new(vec![a.clone(), b.clone()]));
            }
        }
        if let Value::Instance(inst) = b {
            if let Some(f) = inst.class.lookup(rname) {
                return self.call(&f, Args::new(vec![b.clone(), a.clone()]));
            }
        }
        Err(unsupported(op, a, b))
    }

    pub fn unary(&mut self, op: UnaryOp, v: &Value) -> PyResult<Value> {
        match (op, v) {
            (UnaryOp::Not, _) => Ok(Value::Bool(!self.truthy(v)?)),
            (UnaryOp::Neg, Value::Int(i)) => Ok(match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => Value::from_big(-BigInt::from(*i)),
            }),
            (UnaryOp::Neg, Value::Big(b)) => Ok(Value::from_big(-(**b).clone())),
            (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
            (UnaryOp::Neg, Value::Bool(b)) => Ok(Value::Int(-i64::from(*b))),
            (UnaryOp::Pos, Value::Bool(b)) => Ok(Value::Int(i64::from(*b))),
            (UnaryOp::Pos, Value::Int(_) | Value::Big(_) | Value::Float(_)) => Ok(v.clone()),
            (UnaryOp::Invert, Value::Int(_) | Value::Big(_) | Value::Bool(_)) => {
                let n = v.as_bigint().unwrap_or_default();
                Ok(Value::from_big(-n - 1))
            }
            (_, Value::Host(h)) => {
                let h = h.clone();
                if let Some(r) = h.unary(self, op) {
                    return r;
                }
                // Otherwise a host object negates as `0 - x`.
                if op == UnaryOp::Neg {
                    if let Some(r) = h.binary(self, BinOp::Sub, &Value::Int(0), true) {
                        return r;
                    }
                }
                Err(bad_unary(op, v))
            }
            (_, Value::Instance(inst)) => {
                let name = match op {
                    UnaryOp::Neg => "__neg__",
                    UnaryOp::Pos => "__pos__",
                    _ => "__invert__",
                };
                match inst.class.lookup(name) {
                    Some(f) => self.call(&f, Args::new(vec![v.clone()])),
                    None => Err(bad_unary(op, v)),
                }
            }
            _ => Err(bad_unary(op, v)),
        }
    }

    /// A comparison's value: a bool, or what a host object answers (an array of bools).
    pub fn compare_value(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
            if let Value::Host(h) = a {
                let h = h.clone();
                if let Some(r) = h.compare(self, op, b, false) {
                    return r;
                }
            }
            if let Value::Host(h) = b {
                let h = h.clone();
                if let Some(r) = h.compare(self, op, a, true) {
                    return r;
                }
            }
        }
        Ok(Value::Bool(self.compare(op, a, b)?))
    }

    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Value::Host(_), _) | (_, Value::Host(_)) = (a, b) {
            if !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
                let (a2, b2) = (a.as_python_number(), b.as_python_number());
                if a2.is_number() && b2.is_number() {
                    return self.compare(op, &a2, &b2);
                }
                let answer = match (a, b) {
                    (Value::Host(h), _) => h.clone().compare(self, op, b, false),
                    _ => None,
                };
                let answer = match (answer, b) {
                    (None, Value::Host(h)) => h.clone().compare(self, op, a, true),
                    (answer, _) => answer,
                };
                if let Some(r) = answer {
                    let r = r?;
                    return self.truthy(&r);
                }
            }
        }
        Ok(match op {
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::NotEq => !self.eq(a, b)?,
            CmpOp::Is => is(a, b),
            CmpOp::IsNot => !is(a, b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let Some(ord) = self.order(op, a, b, 0)? else {
                    return Ok(false);
                };
                match op {
                    CmpOp::Lt => ord == Ordering::Less,
                    CmpOp::LtE => ord != Ordering::Greater,
                    CmpOp::Gt => ord == Ordering::Greater,
                    _ => ord != Ordering::Less,
                }
            }
        })
    }

    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        self.eq_depth(a, b, 0)
    }

    fn eq_depth(&mut self, a: &Value, b: &Value, depth: usize) -> PyResult<bool> {
        use Value::*;
        if depth > 200 {
            return Err(PyError::new(
                "RecursionError",
                Message::new(Code::PyRecursion),
            ));
        }
        Ok(match (a, b) {
            (Int(x), Int(y)) => x == y,
            (Float(x), Float(y)) => x == y,
            (Str(x), Str(y)) => x == y,
            _ if a.is_number() && b.is_number() => {
                match (a.as_bigint(), b.as_bigint()) {
                    (Some(x), Some(y)) => x == y,
                    _ => {
                        let (x, y) = (
                            a.as_f64().unwrap_or(f64::NAN),
                            b.as_f64().unwrap_or(f64::NAN),
                        );
                        // A float equals an int only if it is that int exactly.
                        x == y && match (a, b) {
                            (Float(f), i) | (i, Float(f)) => f.fract() != 0.0
                                || i.as_bigint()
                                    == <num_bigint::BigInt as num_traits::FromPrimitive>::from_f64(
                                        *f,
                                    ),
                            _ => true,
                        }
                    }
                }
            }
            (None, None) | (Ellipsis, Ellipsis) => true,
            (List(x), List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&x, &y, depth)?
            }
            (Tuple(x), Tuple(y)) => self.seq_eq(x, y, depth)?,
            (Dict(x), Dict(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, (_, v)) in x.iter() {
                    match y.get(k) {
                        Some((_, w)) => {
                            if !self.eq_depth(v, w, depth + 1)? {
                                return Ok(false);
                            }
                        }
                        Option::None => return Ok(false),
                    }
                }
                true
            }
            (Set(x), Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len() && x.keys().all(|k| y.contains_key(k))
            }
            (Range(a1, b1, c1), Range(a2, b2, c2)) => {
                let (n1, n2) = (
                    crate::value::range_len(*a1, *b1, *c1),
                    crate::value::range_len(*a2, *b2, *c2),
                );
                n1 == n2 && (n1 == 0 || (a1 == a2 && (n1 == 1 || c1 == c2)))
            }
            (Instance(inst), _) if inst.class.lookup("__eq__").is_some() => {
                let f = inst.class.lookup("__eq__").unwrap_or(Value::None);
                let r = self.call(&f, Args::new(vec![a.clone(), b.clone()]))?;
                self.truthy(&r)?
            }
            (Host(h), _) => {
                let h = h.clone();
                match h.binary(self, BinOp::Sub, b, false) {
                    // Hosts decide equality themselves later; identity until then.
                    Some(_) | Option::None => is(a, b),
                }
            }
            _ => is(a, b),
        })
    }

    fn seq_eq(&mut self, x: &[Value], y: &[Value], depth: usize) -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (a, b) in x.iter().zip(y) {
            if !self.eq_depth(a, b, depth + 1)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The order of two values for `<` and sorting; `None` when a NaN makes it undefined.
    pub fn order(
        &mut self,
        op: CmpOp,
        a: &Value,
        b: &Value,
        depth: usize,
    ) -> PyResult<Option<Ordering>> {
        use Value::*;
        if depth > 200 {
            return Err(PyError::new(
                "RecursionError",
                Message::new(Code::PyRecursion),
            ));
        }
        Ok(match (a, b) {
            (Int(x), Int(y)) => Some(x.cmp(y)),
            _ if a.is_number() && b.is_number() => match (a.as_bigint(), b.as_bigint()) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => a
                    .as_f64()
                    .unwrap_or(f64::NAN)
                    .partial_cmp(&b.as_f64().unwrap_or(f64::NAN)),
            },
            (Str(x), Str(y)) => Some(x.cmp(y)),
            (List(_), List(_)) | (Tuple(_), Tuple(_)) => {
                let x = self.to_vec(a)?;
                let y = self.to_vec(b)?;
                for (p, q) in x.iter().zip(&y) {
                    if !self.eq_depth(p, q, depth + 1)? {
                        return self.order(op, p, q, depth + 1);
                    }
                }
                Some(x.len().cmp(&y.len()))
            }
            (Set(x), Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let sub = x.keys().all(|k| y.contains_key(k));
                let sup = y.keys().all(|k| x.contains_key(k));
                match (sub, sup) {
                    (true, true) => Some(Ordering::Equal),
                    (true, false) => Some(Ordering::Less),
                    (false, true) => Some(Ordering::Greater),
                    _ => Option::None,
                }
            }
            (Instance(inst), _) if inst.class.lookup("__lt__").is_some() => {
                let f = inst.class.lookup("__lt__").unwrap_or(Value::None);
                let lt = self.call(&f, Args::new(vec![a.clone(), b.clone()]))?;
                if self.truthy(&lt)? {
                    Some(Ordering::Less)
                } else if self.eq(a, b)? {
                    Some(Ordering::Equal)
                } else {
                    Some(Ordering::Greater)
                }
            }
            _ => {
                return Err(type_error(
                    Message::new(Code::PyNotComparable)
                        .with("op", op.symbol())
                        .with("left", a.type_name())
                        .with("right", b.type_name()),
                ))
            }
        })
    }

    /// `needle in haystack`.
    pub fn contains(&mut self, haystack: &Value, needle: &Value) -> PyResult<bool> {
        match haystack {
            Value::Str(s) => match needle {
                Value::Str(n) => Ok(s.contains(&**n)),
                other => Err(type_error(
                    Message::new(Code::PyArgType)
                        .with("function", "in <string>")
                        .with("expected", "str")
                        .with("got", other.type_name()),
                )),
            },
            Value::Dict(d) | Value::Set(d) => {
                let k = needle.hash_key()?;
                Ok(d.borrow().contains_key(&k))
            }
            Value::Range(a, b, c) => {
                let Some(n) = needle.as_bigint().and_then(|n| n.to_i64()) else {
                    return Ok(false);
                };
                let in_bounds = if *c > 0 {
                    *a <= n && n < *b
                } else {
                    *b < n && n <= *a
                };
                Ok(in_bounds && (n as i128 - *a as i128) % *c as i128 == 0)
            }
            Value::Instance(inst) if inst.class.lookup("__contains__").is_some() => {
                let f = inst.class.lookup("__contains__").unwrap_or(Value::None);
                let r = self.call(&f, Args::new(vec![haystack.clone(), needle.clone()]))?;
                self.truthy(&r)
            }
            _ => {
                let mut it = self.iter(haystack)?;
                while let Some(x) = it.next_value() {
                    self.tick()?;
                    if is(&x, needle) || self.eq(&x, needle)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

fn bad_unary(op: UnaryOp, v: &Value) -> PyError {
    let sym = match op {
        UnaryOp::Neg => "-",
        UnaryOp::Pos => "+",
        UnaryOp::Invert => "~",
        UnaryOp::Not => "not",
    };
    type_error(
        Message::new(Code::PyBadUnaryOperand)
            .with("op", sym)
            .with("kind", v.type_name()),
    )
}

/// Python's `is`: the same object. Small values (None, bools, ints) are compared by value,
/// as CPython shares them.
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(_), _) | (_, Value::Bool(_)) | (Value::None, _) | (_, Value::None) => false,
        (Value::Int(_), _) | (_, Value::Int(_)) => false,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Range(..), _) | (Value::Float(_), _) => false,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a.identity() == b.identity(),
    }
}
