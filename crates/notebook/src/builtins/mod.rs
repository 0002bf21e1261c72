//! Python's built-in functions, as a table of name → function: `print` writes to the cell's
//! output (not to stdout), the rest compute as Python does.

pub mod methods;

use std::cell::RefCell;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};
use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive};

use crate::ast::{BinOp, CmpOp};
use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::repr::{repr, to_str};
use crate::value::{Args, Dict, Value};

/// The names `type()` returns and `isinstance()` accepts for the built-in types.
pub const TYPE_NAMES: &[&str] = &[
    "int", "float", "str", "bool", "list", "tuple", "dict", "set", "range", "object", "type",
];

type Builtin = fn(&mut Interp, Args) -> PyResult<Value>;

pub fn install(interp: &mut Interp) {
    let table: &[(&'static str, Builtin)] = &[
        ("print", print),
        ("len", len),
        ("range", range),
        ("enumerate", enumerate),
        ("zip", zip),
        ("list", |i, a| {
            a.check("list", 0, 1)?;
            Ok(Value::list(match a.pos.first() {
                Some(v) => i.to_vec(v)?,
                None => Vec::new(),
            }))
        }),
        ("tuple", |i, a| {
            a.check("tuple", 0, 1)?;
            Ok(Value::tuple(match a.pos.first() {
                Some(v) => i.to_vec(v)?,
                None => Vec::new(),
            }))
        }),
        ("dict", dict),
        ("set", |i, a| {
            a.check("set", 0, 1)?;
            let mut d = Dict::new();
            if let Some(v) = a.pos.first() {
                for x in i.to_vec(v)? {
                    d.insert(x.hash_key()?, (x, Value::None));
                }
            }
            Ok(Value::Set(Rc::new(RefCell::new(d))))
        }),
        ("str", |i, a| {
            a.check("str", 0, 1)?;
            Ok(match a.pos.first() {
                Some(v) => Value::Str(to_str(i, v)?.into()),
                None => Value::str(""),
            })
        }),
        ("repr", |i, a| {
            a.check("repr", 1, 1)?;
            Ok(Value::Str(repr(i, &a.pos[0])?.into()))
        }),
        ("int", int),
        ("float", float),
        ("bool", |i, a| {
            a.check("bool", 0, 1)?;
            Ok(Value::Bool(match a.pos.first() {
                Some(v) => i.truthy(v)?,
                None => false,
            }))
        }),
        ("abs", abs),
        ("min", |i, a| min_max(i, a, "min")),
        ("max", |i, a| min_max(i, a, "max")),
        ("sum", sum),
        ("round", round),
        ("sorted", sorted),
        ("reversed", |i, a| {
            a.check("reversed", 1, 1)?;
            let mut v = i.to_vec(&a.pos[0])?;
            v.reverse();
            Ok(Value::iter_of(v))
        }),
        ("isinstance", isinstance),
        ("type", type_of),
        ("format", |i, a| {
            a.check("format", 1, 2)?;
            let spec = match a.pos.get(1) {
                Some(Value::Str(s)) => s.to_string(),
                Some(other) => return Err(arg_type("format", "str", other)),
                None => String::new(),
            };
            Ok(Value::Str(
                crate::format::format_value(i, &a.pos[0], &spec)?.into(),
            ))
        }),
        ("map", map),
        ("filter", filter),
        ("any", |i, a| {
            a.check("any", 1, 1)?;
            for x in i.to_vec(&a.pos[0])? {
                if i.truthy(&x)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }),
        ("all", |i, a| {
            a.check("all", 1, 1)?;
            for x in i.to_vec(&a.pos[0])? {
                if !i.truthy(&x)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }),
        ("divmod", |i, a| {
            a.check("divmod", 2, 2)?;
            let q = i.binary(BinOp::FloorDiv, &a.pos[0], &a.pos[1])?;
            let r = i.binary(BinOp::Mod, &a.pos[0], &a.pos[1])?;
            Ok(Value::tuple(vec![q, r]))
        }),
        ("pow", pow),
        ("hasattr", |i, a| {
            a.check("hasattr", 2, 2)?;
            let name = str_arg("hasattr", &a.pos[1])?;
            Ok(Value::Bool(i.get_attr(&a.pos[0], &name).is_ok()))
        }),
        ("getattr", |i, a| {
            a.check("getattr", 2, 3)?;
            let name = str_arg("getattr", &a.pos[1])?;
            match (i.get_attr(&a.pos[0], &name), a.pos.get(2)) {
                (Ok(v), _) => Ok(v),
                (Err(e), Some(d)) if e.ename == "AttributeError" => Ok(d.clone()),
                (Err(e), _) => Err(e),
            }
        }),
        ("setattr", |i, a| {
            a.check("setattr", 3, 3)?;
            let name = str_arg("setattr", &a.pos[1])?;
            i.set_attr(&a.pos[0], &name, a.pos[2].clone())?;
            Ok(Value::None)
        }),
        ("dir", dir),
        ("iter", |i, a| {
            a.check("iter", 1, 1)?;
            if let Value::Iter(_) = &a.pos[0] {
                return Ok(a.pos[0].clone());
            }
            let it = i.iter(&a.pos[0])?;
            Ok(Value::Iter(Rc::new(RefCell::new(it))))
        }),
        ("next", |i, a| {
            a.check("next", 1, 2)?;
            let Value::Iter(it) = &a.pos[0] else {
                return Err(type_error(
                    Message::new(Code::PyNotIterable).with("kind", a.pos[0].type_name()),
                ));
            };
            let _ = i;
            let next = it.borrow_mut().next_value();
            match (next, a.pos.get(1)) {
                (Some(v), _) => Ok(v),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(PyError::new(
                    "StopIteration",
                    Message::new(Code::PyEmptySequence).with("function", "next"),
                )),
            }
        }),
        ("chr", |_, a| {
            a.check("chr", 1, 1)?;
            let n = a.pos[0].as_index()?;
            let c = u32::try_from(n)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| {
                    value_error(Message::new(Code::PyNumberTooLarge).with("what", "chr() arg"))
                })?;
            Ok(Value::Str(c.to_string().into()))
        }),
        ("ord", |_, a| {
            a.check("ord", 1, 1)?;
            match &a.pos[0] {
                Value::Str(s) if s.chars().count() == 1 => {
                    Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
                }
                other => Err(arg_type("ord", "a character", other)),
            }
        }),
        ("id", |_, a| {
            a.check("id", 1, 1)?;
            Ok(Value::Int(a.pos[0].identity() as i64))
        }),
        ("hash", |_, a| {
            a.check("hash", 1, 1)?;
            let k = a.pos[0].hash_key()?;
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut h);
            Ok(Value::Int(h.finish() as i64 >> 2))
        }),
        ("callable", |_, a| {
            a.check("callable", 1, 1)?;
            Ok(Value::Bool(matches!(
                a.pos[0],
                Value::Function(_)
                    | Value::Native(_)
                    | Value::Method(_)
                    | Value::Bound(_)
                    | Value::Class(_)
            )))
        }),
        ("object", |_, a| {
            a.check("object", 0, 0)?;
            Ok(Value::None)
        }),
        ("input", |_, _| {
            Err(PyError::new(
                "NotImplementedError",
                Message::new(Code::PyInputRefused),
            ))
        }),
        ("open", |_, _| {
            Err(PyError::new(
                "NotImplementedError",
                Message::new(Code::PyOpenRefused),
            ))
        }),
        ("help", help),
    ];
    for &(name, f) in table {
        interp.builtins.insert(name, Value::native(name, f));
    }
}

fn arg_type(function: &str, expected: &str, got: &Value) -> PyError {
    type_error(
        Message::new(Code::PyArgType)
            .with("function", function)
            .with("expected", expected)
            .with("got", got.type_name()),
    )
}

fn str_arg(function: &str, v: &Value) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(arg_type(function, "str", other)),
    }
}

fn print(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let sep = args.take_kw("sep");
    let end = args.take_kw("end");
    args.take_kw("flush");
    args.take_kw("file");
    args.check("print", 0, usize::MAX)?;
    let text_of = |v: Option<Value>, default: &str| -> PyResult<String> {
        match v {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(arg_type("print", "str or None", &other)),
        }
    };
    let sep = text_of(sep, " ")?;
    let end = text_of(end, "\n")?;
    let mut parts = Vec::with_capacity(args.pos.len());
    for v in &args.pos {
        parts.push(to_str(interp, v)?);
    }
    let mut text = parts.join(&sep);
    text.push_str(&end);
    interp.write(&text);
    Ok(Value::None)
}

fn len(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("len", 1, 1)?;
    Ok(Value::Int(interp.len(&args.pos[0])? as i64))
}

fn range(_: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("range", 1, 3)?;
    let n: Vec<i64> = args
        .pos
        .iter()
        .map(|v| v.as_index())
        .collect::<PyResult<_>>()?;
    let (start, stop, step) = match n.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => (0, 0, 1),
    };
    if step == 0 {
        return Err(value_error(Message::new(Code::PyRangeStepZero)));
    }
    Ok(Value::Range(start, stop, step))
}

fn enumerate(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let start = args.take_kw("start");
    args.check("enumerate", 1, 2)?;
    let start = match start.or_else(|| args.pos.get(1).cloned()) {
        Some(v) => v.as_index()?,
        None => 0,
    };
    let items = interp.to_vec(&args.pos[0])?;
    Ok(Value::iter_of(
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| Value::tuple(vec![Value::Int(start + i as i64), v]))
            .collect(),
    ))
}

fn zip(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    args.take_kw("strict");
    args.check("zip", 0, usize::MAX)?;
    let mut seqs = Vec::new();
    for v in &args.pos {
        seqs.push(interp.to_vec(v)?);
    }
    let n = seqs.iter().map(|s| s.len()).min().unwrap_or(0);
    Ok(Value::iter_of(
        (0..n)
            .map(|i| Value::tuple(seqs.iter().map(|s| s[i].clone()).collect()))
            .collect(),
    ))
}

fn dict(interp: &mut Interp, args: Args) -> PyResult<Value> {
    if args.pos.len() > 1 {
        args.clone().check("dict", 0, 1)?;
    }
    let mut d = Dict::new();
    if let Some(src) = args.pos.first() {
        match src {
            Value::Dict(other) => d = other.borrow().clone(),
            other => {
                for pair in interp.to_vec(other)? {
                    let kv = interp.to_vec(&pair)?;
                    if kv.len() != 2 {
                        return Err(value_error(
                            Message::new(Code::PyNotEnoughToUnpack)
                                .with("expected", 2)
                                .with("got", kv.len()),
                        ));
                    }
                    crate::value::dict_insert(&mut d, kv[0].clone(), kv[1].clone())?;
                }
            }
        }
    }
    for (k, v) in args.kw {
        crate::value::dict_insert(&mut d, Value::Str(k), v)?;
    }
    Ok(Value::Dict(Rc::new(RefCell::new(d))))
}

fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim().replace('_', "");
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let digits = match base {
        16 => digits
            .trim_start_matches("0x")
            .trim_start_matches("0X")
            .to_string(),
        2 => digits
            .trim_start_matches("0b")
            .trim_start_matches("0B")
            .to_string(),
        8 => digits
            .trim_start_matches("0o")
            .trim_start_matches("0O")
            .to_string(),
        _ => digits,
    };
    if digits.is_empty() || text.trim().starts_with('_') || text.trim().ends_with('_') {
        return None;
    }
    let n = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if neg { -n } else { n })
}

fn int(_: &mut Interp, mut args: Args) -> PyResult<Value> {
    let base = args.take_kw("base");
    args.check("int", 0, 2)?;
    let base = match base.or_else(|| args.pos.get(1).cloned()) {
        Some(b) => Some(b.as_index()?),
        None => None,
    };
    let Some(v) = args.pos.first() else {
        return Ok(Value::Int(0));
    };
    let v = &v.as_python_number();
    match v {
        Value::Str(s) => {
            let b = base.unwrap_or(10).clamp(2, 36) as u32;
            parse_int(s, b).map(Value::from_big).ok_or_else(|| {
                value_error(
                    Message::new(Code::PyInvalidIntLiteral).with("value", crate::repr::str_repr(s)),
                )
            })
        }
        Value::Float(f) => float_to_int(*f),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        Value::Int(_) | Value::Big(_) => Ok(v.clone()),
        other => Err(arg_type("int", "a string, a number or a bool", other)),
    }
}

fn float_to_int(f: f64) -> PyResult<Value> {
    if !f.is_finite() {
        let ename = if f.is_nan() {
            "ValueError"
        } else {
            "OverflowError"
        };
        return Err(PyError::new(
            ename,
            Message::new(Code::PyFloatToInt).with("value", crate::repr::float_repr(f)),
        ));
    }
    Ok(Value::from_big(
        BigInt::from_f64(f.trunc()).unwrap_or_default(),
    ))
}

fn float(_: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("float", 0, 1)?;
    let Some(v) = args.pos.first() else {
        return Ok(Value::Float(0.0));
    };
    let v = &v.as_python_number();
    match v {
        Value::Str(s) => {
            let t = s.trim().replace('_', "");
            let lower = t.to_ascii_lowercase();
            let ok = !t.is_empty()
                && (t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                    || matches!(
                        lower.trim_start_matches(['+', '-']),
                        "inf" | "infinity" | "nan"
                    ));
            match t.parse::<f64>() {
                Ok(f) if ok => Ok(Value::Float(f)),
                _ => Err(value_error(
                    Message::new(Code::PyInvalidFloat).with("value", crate::repr::str_repr(s)),
                )),
            }
        }
        other => match other.as_f64() {
            Some(f) if f.is_finite() || matches!(other, Value::Float(_)) => Ok(Value::Float(f)),
            Some(_) => Err(PyError::new(
                "OverflowError",
                Message::new(Code::PyNumberTooLarge).with("what", "the int"),
            )),
            None => Err(arg_type("float", "a string or a real number", other)),
        },
    }
}

fn abs(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("abs", 1, 1)?;
    Ok(match &args.pos[0] {
        Value::Float(f) => Value::Float(f.abs()),
        v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)) => {
            Value::from_big(v.as_bigint().unwrap_or_default().abs())
        }
        other => {
            let neg = interp.compare(CmpOp::Lt, other, &Value::Int(0))?;
            if neg {
                interp.unary(crate::ast::UnaryOp::Neg, other)?
            } else {
                other.clone()
            }
        }
    })
}

fn min_max(interp: &mut Interp, mut args: Args, name: &str) -> PyResult<Value> {
    let key = args.take_kw("key").filter(|k| !matches!(k, Value::None));
    let default = args.take_kw("default");
    args.check(name, 1, usize::MAX)?;
    let items = if args.pos.len() == 1 {
        interp.to_vec(&args.pos[0])?
    } else {
        args.pos
    };
    let mut best: Option<(Value, Value)> = None;
    for x in items {
        let k = match &key {
            Some(f) => interp.call(f, Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let op = if name == "min" { CmpOp::Lt } else { CmpOp::Gt };
                interp.compare(op, &k, bk)?
            }
        };
        if better {
            best = Some((k, x));
        }
    }
    match (best, default) {
        (Some((_, x)), _) => Ok(x),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(value_error(
            Message::new(Code::PyEmptySequence).with("function", name),
        )),
    }
}

fn sum(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let start = args.take_kw("start");
    args.check("sum", 1, 2)?;
    let mut total = start
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if let Value::Str(_) = total {
        return Err(arg_type("sum", "not a string (use ''.join(seq))", &total));
    }
    for x in interp.to_vec(&args.pos[0])? {
        total = interp.binary(BinOp::Add, &total, &x)?;
    }
    Ok(total)
}

/// Python's `round`: halves go to the even neighbour; `round(x, n)` rounds the exact binary
/// value (so `round(2.675, 2)` is `2.67`, as in Python).
fn round(_: &mut Interp, mut args: Args) -> PyResult<Value> {
    let nd = args.take_kw("ndigits");
    args.check("round", 1, 2)?;
    let nd = match nd.or_else(|| args.pos.get(1).cloned()) {
        None | Some(Value::None) => None,
        Some(v) => Some(v.as_index()?),
    };
    match (&args.pos[0].as_python_number(), nd) {
        (Value::Float(f), None) => float_to_int(f.round_ties_even()),
        (Value::Float(f), Some(n)) => {
            if !f.is_finite() {
                return Ok(Value::Float(*f));
            }
            if n >= 0 {
                let n = n.min(330) as usize;
                let s = format!("{f:.n$}");
                Ok(Value::Float(s.parse().unwrap_or(*f)))
            } else {
                let m = 10f64.powi((-n).min(330) as i32);
                Ok(Value::Float((f / m).round_ties_even() * m))
            }
        }
        (v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)), nd) => {
            let n = v.as_bigint().unwrap_or_default();
            match nd {
                Some(k) if k < 0 => {
                    let m = num_traits::pow::Pow::pow(&BigInt::from(10), (-k).min(4000) as u32);
                    let (q, r) = num_integer::Integer::div_mod_floor(&n, &m);
                    let twice = &r * 2;
                    let up = twice > m || (twice == m && num_integer::Integer::is_odd(&q));
                    let q = if up { q + 1 } else { q };
                    Ok(Value::from_big(q * m))
                }
                _ => Ok(Value::from_big(n)),
            }
        }
        (other, _) => Err(arg_type("round", "a number", other)),
    }
}

/// Sorts by Python's `<` (stable; `reverse` keeps equal items in their order, as Python does).
pub fn sort_values(
    interp: &mut Interp,
    items: &mut [Value],
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    let keys: Vec<Value> = match &key {
        Some(f) if !matches!(f, Value::None) => items
            .iter()
            .map(|x| interp.call(f, Args::new(vec![x.clone()])))
            .collect::<PyResult<_>>()?,
        _ => items.to_vec(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut failure: Option<PyError> = None;
    order.sort_by(|&a, &b| {
        if failure.is_some() {
            return std::cmp::Ordering::Equal;
        }
        let (x, y) = if reverse {
            (&keys[b], &keys[a])
        } else {
            (&keys[a], &keys[b])
        };
        match interp.order(CmpOp::Lt, x, y, 0) {
            Ok(o) => o.unwrap_or(std::cmp::Ordering::Equal),
            Err(e) => {
                failure = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let sorted: Vec<Value> = order.into_iter().map(|i| items[i].clone()).collect();
    items.clone_from_slice(&sorted);
    Ok(())
}

fn sorted(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let key = args.take_kw("key");
    let reverse = match args.take_kw("reverse") {
        Some(r) => interp.truthy(&r)?,
        None => false,
    };
    args.check("sorted", 1, 1)?;
    let mut items = interp.to_vec(&args.pos[0])?;
    sort_values(interp, &mut items, key, reverse)?;
    Ok(Value::list(items))
}

fn isinstance(_: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("isinstance", 2, 2)?;
    fn matches(v: &Value, t: &Value) -> PyResult<bool> {
        Ok(match t {
            Value::Tuple(ts) => {
                for t in ts.iter() {
                    if matches(v, t)? {
                        return Ok(true);
                    }
                }
                false
            }
            Value::Class(c) => match v {
                Value::Instance(i) => i.class.is_subclass_of(c),
                _ => false,
            },
            Value::Native(f) if TYPE_NAMES.contains(&&*f.name) => {
                let name = v.type_name();
                *f.name == *name || &*f.name == "object" || (&*f.name == "int" && name == "bool")
            }
            other => {
                return Err(arg_type("isinstance", "a type or a tuple of types", other));
            }
        })
    }
    Ok(Value::Bool(matches(&args.pos[0], &args.pos[1])?))
}

fn type_of(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("type", 1, 1)?;
    let v = &args.pos[0];
    if let Value::Instance(i) = v {
        return Ok(Value::Class(i.class.clone()));
    }
    let name = v.type_name();
    if let Some(t) = interp.builtins.get(name.as_str()) {
        if TYPE_NAMES.contains(&name.as_str()) {
            return Ok(t.clone());
        }
    }
    // Types without a constructor here print as Python prints them; one value per type,
    // so that `type(print) == type(len)`.
    let key = format!("<type {name}>");
    if let Some(t) = interp.loaded.get(&key) {
        return Ok(t.clone());
    }
    let t = Value::native(&format!("<class '{name}'>"), |_, _| Ok(Value::None));
    interp.loaded.insert(key, t.clone());
    Ok(t)
}

fn map(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("map", 2, usize::MAX)?;
    let f = args.pos[0].clone();
    let mut seqs = Vec::new();
    for v in &args.pos[1..] {
        seqs.push(interp.to_vec(v)?);
    }
    let n = seqs.iter().map(|s| s.len()).min().unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        interp.tick()?;
        let call_args = seqs.iter().map(|s| s[i].clone()).collect();
        out.push(interp.call(&f, Args::new(call_args))?);
    }
    Ok(Value::iter_of(out))
}

fn filter(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("filter", 2, 2)?;
    let f = args.pos[0].clone();
    let mut out = Vec::new();
    for x in interp.to_vec(&args.pos[1])? {
        interp.tick()?;
        let keep = match &f {
            Value::None => x.clone(),
            f => interp.call(f, Args::new(vec![x.clone()]))?,
        };
        if interp.truthy(&keep)? {
            out.push(x);
        }
    }
    Ok(Value::iter_of(out))
}

fn pow(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("pow", 2, 3)?;
    if let Some(m) = args.pos.get(2) {
        let (Some(b), Some(e), Some(m)) = (
            args.pos[0].as_bigint(),
            args.pos[1].as_bigint(),
            m.as_bigint(),
        ) else {
            return Err(arg_type("pow", "int (with a modulus)", &args.pos[0]));
        };
        if m == BigInt::from(0) {
            return Err(value_error(Message::new(Code::PyDivisionByZero)));
        }
        if e.is_negative() {
            return Err(crate::error::not_supported(
                "pow() with a negative exponent and a modulus",
            ));
        }
        let r = b.modpow(&e, &m);
        // Python's result takes the modulus's sign.
        let r = if r.is_negative() != m.is_negative() && r != BigInt::from(0) {
            r + &m
        } else {
            r
        };
        return Ok(Value::from_big(r));
    }
    interp.binary(BinOp::Pow, &args.pos[0], &args.pos[1])
}

fn dir(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("dir", 0, 1)?;
    let mut names: Vec<String> = match args.pos.first() {
        None => interp.globals.keys().map(|k| k.to_string()).collect(),
        Some(Value::Module(m)) => m.attrs.borrow().keys().map(|k| k.to_string()).collect(),
        Some(Value::Instance(i)) => {
            let mut n: Vec<String> = i.attrs.borrow().keys().map(|k| k.to_string()).collect();
            let mut c = Some(i.class.clone());
            while let Some(cls) = c {
                n.extend(cls.attrs.borrow().keys().map(|k| k.to_string()));
                c = cls.base.clone();
            }
            n
        }
        Some(Value::Class(c)) => c.attrs.borrow().keys().map(|k| k.to_string()).collect(),
        Some(other) => methods::method_names(other)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    names.sort();
    names.dedup();
    Ok(Value::list(
        names.into_iter().map(|n| Value::Str(n.into())).collect(),
    ))
}

fn help(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("help", 0, 1)?;
    let (kind, name) = match args.pos.first() {
        Some(Value::Function(f)) => ("function", f.def.name.to_string()),
        Some(Value::Native(f)) => ("built-in function", f.name.to_string()),
        Some(Value::Class(c)) => ("class", c.name.to_string()),
        Some(Value::Module(m)) => ("module", m.name.to_string()),
        Some(other) => ("object", other.type_name()),
        None => ("", String::new()),
    };
    let text = Message::new(Code::PyHelp)
        .with("kind", kind)
        .with("name", name)
        .text(interp.lang);
    interp.write(&format!("{text}\n"));
    Ok(Value::None)
}

/// A `BigInt` from an `f64`, for `int(x)` of large floats.
pub fn big_from_f64(f: f64) -> Option<BigInt> {
    BigInt::from_f64(f)
}

/// An `i64` view of an int value, if it fits.
pub fn small(v: &Value) -> Option<i64> {
    v.as_bigint().and_then(|b| b.to_i64())
}
