//! `repr()` and `str()` exactly as Python prints them: the shortest float that reads back,
//! with Python's switch to exponent form; strings with Python's choice of quotes; containers
//! with their elements' reprs.

use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Value};

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in -4..16, else `1e-05` / `1e+16` style.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the same shortest round-trip digits; only the layout differs.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

/// Python's `repr(str)`: single quotes unless the text has a `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_unprintable(c) => {
                let n = c as u32;
                if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// The non-printable characters Python escapes that lecture text may contain: zero-width
/// and separator characters, surrogates, private use.
fn is_unprintable(c: char) -> bool {
    matches!(c as u32,
        0xad | 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x2064 | 0xfeff
        | 0xe000..=0xf8ff | 0xfff9..=0xfffb)
}

/// Containers can hold themselves (`a.append(a)`); Python prints `[...]` for the inner one.
fn enter(interp: &mut Interp, v: &Value) -> Option<usize> {
    let id = match v {
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Instance(_) => v.identity(),
        _ => return Some(usize::MAX),
    };
    if interp.repr_stack.contains(&id) {
        return None;
    }
    interp.repr_stack.push(id);
    Some(id)
}

fn leave(interp: &mut Interp, id: usize) {
    if id != usize::MAX {
        interp.repr_stack.pop();
    }
}

pub fn repr(interp: &mut Interp, v: &Value) -> PyResult<String> {
    if interp.repr_stack.len() > 100 {
        return Err(PyError::new(
            "RecursionError",
            Message::new(Code::PyRecursion),
        ));
    }
    let Some(id) = enter(interp, v) else {
        return Ok(match v {
            Value::Dict(_) => "{...}".into(),
            Value::Set(_) => "set(...)".into(),
            _ => "[...]".into(),
        });
    };
    let r = repr_inner(interp, v);
    leave(interp, id);
    r
}

fn join(interp: &mut Interp, items: &[Value]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(items.len());
    for i in items {
        parts.push(repr(interp, i)?);
    }
    Ok(parts.join(", "))
}

fn repr_inner(interp: &mut Interp, v: &Value) -> PyResult<String> {
    Ok(match v {
        Value::None => "None".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::List(l) => {
            let items = l.borrow().clone();
            format!("[{}]", join(interp, &items)?)
        }
        Value::Tuple(t) => {
            if t.len() == 1 {
                format!("({},)", repr(interp, &t[0])?)
            } else {
                format!("({})", join(interp, t)?)
            }
        }
        Value::Dict(d) => {
            let pairs: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
            let mut parts = Vec::with_capacity(pairs.len());
            for (k, v) in &pairs {
                parts.push(format!("{}: {}", repr(interp, k)?, repr(interp, v)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(s) => {
            let items: Vec<Value> = s.borrow().values().map(|(k, _)| k.clone()).collect();
            if items.is_empty() {
                "set()".into()
            } else {
                format!("{{{}}}", join(interp, &items)?)
            }
        }
        Value::Range(a, b, c) => {
            if *c == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {c})")
            }
        }
        Value::Slice(s) => {
            let items = s.to_vec();
            format!("slice({})", join(interp, &items)?)
        }
        Value::Function(f) => format!("<function {} at 0x{:x}>", f.def.name, v.identity()),
        Value::Native(f) if crate::builtins::TYPE_NAMES.contains(&&*f.name) => {
            format!("<class '{}'>", f.name)
        }
        Value::Native(f) if f.name.starts_with("<class") => f.name.to_string(),
        Value::Native(f) => format!("<built-in function {}>", f.name),
        Value::Method(m) => format!(
            "<built-in method {} of {} object at 0x{:x}>",
            m.1,
            m.0.type_name(),
            m.0.identity()
        ),
        Value::Bound(b) => {
            let name = match &b.1 {
                Value::Function(f) => f.def.name.to_string(),
                _ => "?".into(),
            };
            format!("<bound method {} of {}>", name, repr(interp, &b.0)?)
        }
        Value::Class(c) => format!("<class '__main__.{}'>", c.name),
        Value::Instance(inst) => {
            if let Some(f) = inst.class.lookup("__repr__") {
                let r = interp.call(&f, Args::new(vec![v.clone()]))?;
                return string_result(r, "__repr__");
            }
            format!(
                "<__main__.{} object at 0x{:x}>",
                inst.class.name,
                v.identity()
            )
        }
        Value::Module(m) => format!("<module '{}'>", m.name),
        Value::Iter(_) => format!("<iterator object at 0x{:x}>", v.identity()),
        Value::Super(s) => format!(
            "<super: <class '{}'>, <{} object>>",
            s.0.name,
            s.1.type_name()
        ),
        Value::Host(h) => h.repr(interp)?,
    })
}

fn string_result(r: Value, method: &str) -> PyResult<String> {
    match r {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(type_error(
            Message::new(Code::PyStrReturned)
                .with("method", method)
                .with("kind", other.type_name()),
        )),
    }
}

/// Python's `str()`: a string as itself, an instance through `__str__`, else `repr()`.
pub fn to_str(interp: &mut Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Instance(inst) => {
            if let Some(f) = inst.class.lookup("__str__") {
                let r = interp.call(&f, Args::new(vec![v.clone()]))?;
                return string_result(r, "__str__");
            }
            repr(interp, v)
        }
        Value::Host(h) => h.str(interp),
        other => repr(interp, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_python_prints_them() {
        let cases = [
            (1e-5, "1e-05"),
            (1e16, "1e+16"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (6.525304467998525e-55, "6.525304467998525e-55"),
            (123456789012345.6, "123456789012345.6"),
            (1234567890123456.7, "1234567890123456.8"),
            (0.0001, "0.0001"),
            (-2.5, "-2.5"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn quotes_as_python_chooses_them() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("줄\n바꿈"), "'줄\\n바꿈'");
    }
}
