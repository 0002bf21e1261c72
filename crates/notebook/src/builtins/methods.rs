//! Methods of the built-in types: `str` (format, join, split, strip, ...), `list` (append,
//! sort, ...), `dict` (keys, items, get, ...), `set` and `tuple`.

use std::cell::RefCell;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::repr::repr;
use crate::value::{Args, Dict, HostObject, Value};

const STR: &[&str] = &[
    "capitalize",
    "center",
    "count",
    "endswith",
    "find",
    "format",
    "index",
    "isalnum",
    "isalpha",
    "isdigit",
    "islower",
    "isnumeric",
    "isspace",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "replace",
    "rfind",
    "rjust",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "title",
    "upper",
    "zfill",
];
const LIST: &[&str] = &[
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
    "sort",
];
const DICT: &[&str] = &[
    "clear",
    "copy",
    "get",
    "items",
    "keys",
    "pop",
    "setdefault",
    "update",
    "values",
];
const SET: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "discard",
    "intersection",
    "pop",
    "remove",
    "union",
    "update",
];
const TUPLE: &[&str] = &["count", "index"];
const FLOAT: &[&str] = &["is_integer"];

/// Every method name of every builtin type (a name shared by several types comes once per type).
pub fn all_names() -> impl Iterator<Item = &'static str> {
    [STR, LIST, DICT, SET, TUPLE, FLOAT]
        .into_iter()
        .flatten()
        .copied()
}

pub fn method_names(v: &Value) -> &'static [&'static str] {
    match v {
        Value::Str(_) => STR,
        Value::List(_) => LIST,
        Value::Dict(_) => DICT,
        Value::Set(_) => SET,
        Value::Tuple(_) => TUPLE,
        Value::Float(_) => FLOAT,
        _ => &[],
    }
}

fn str_arg(function: &str, v: &Value) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(type_error(
            Message::new(Code::PyArgType)
                .with("function", function)
                .with("expected", "str")
                .with("got", other.type_name()),
        )),
    }
}

pub fn call_method(interp: &mut Interp, this: &Value, name: &str, args: Args) -> PyResult<Value> {
    match this {
        Value::Str(s) => str_method(interp, s, name, args),
        Value::List(l) => list_method(interp, l, name, args),
        Value::Dict(d) => dict_method(interp, d, name, args),
        Value::Set(d) => set_method(interp, d, name, args),
        Value::Tuple(t) => {
            let l = Rc::new(RefCell::new(t.to_vec()));
            list_method(interp, &l, name, args)
        }
        Value::Float(f) => {
            args.check("is_integer", 0, 0)?;
            Ok(Value::Bool(f.fract() == 0.0))
        }
        other => Err(crate::eval::attr::no_attribute(other, name)),
    }
}

/// `s.split()` without a separator: runs of whitespace separate, ends are dropped.
fn split_whitespace(s: &str, maxsplit: i64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 == maxsplit {
            out.push(Value::str(rest));
            return out;
        }
        match rest.find(char::is_whitespace) {
            Some(i) => {
                out.push(Value::str(&rest[..i]));
                rest = rest[i..].trim_start();
            }
            None => {
                out.push(Value::str(rest));
                break;
            }
        }
    }
    out
}

fn pad_str(s: &str, width: i64, fill: char, how: char) -> String {
    let n = s.chars().count() as i64;
    if width <= n {
        return s.to_string();
    }
    let total = (width - n) as usize;
    let f = |k: usize| fill.to_string().repeat(k);
    match how {
        '<' => format!("{s}{}", f(total)),
        '>' => format!("{}{s}", f(total)),
        _ => {
            // CPython's rule for where the odd fill character goes.
            let left = total / 2 + (total & (width as usize) & 1);
            format!("{}{s}{}", f(left), f(total - left))
        }
    }
}

fn fill_arg(args: &Args, i: usize) -> PyResult<char> {
    match args.pos.get(i) {
        None => Ok(' '),
        Some(Value::Str(s)) if s.chars().count() == 1 => Ok(s.chars().next().unwrap_or(' ')),
        Some(other) => Err(type_error(
            Message::new(Code::PyArgType)
                .with("function", "fill")
                .with("expected", "a single character")
                .with("got", other.type_name()),
        )),
    }
}

fn str_method(interp: &mut Interp, s: &Rc<str>, name: &str, mut args: Args) -> PyResult<Value> {
    let text: &str = s;
    Ok(match name {
        "format" => {
            let kw = std::mem::take(&mut args.kw);
            Value::Str(crate::format::format_method(interp, text, &args.pos, &kw)?.into())
        }
        "join" => {
            args.check("join", 1, 1)?;
            let items = interp.to_vec(&args.pos[0])?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                match it {
                    Value::Str(p) => parts.push(p.to_string()),
                    other => {
                        return Err(type_error(
                            Message::new(Code::PyJoinItem)
                                .with("index", i)
                                .with("kind", other.type_name()),
                        ))
                    }
                }
            }
            Value::Str(parts.join(text).into())
        }
        "split" | "rsplit" => {
            let sep = args.take_kw("sep");
            let maxsplit = args.take_kw("maxsplit");
            args.check(name, 0, 2)?;
            let sep = sep.or_else(|| args.pos.first().cloned());
            let maxsplit = match maxsplit.or_else(|| args.pos.get(1).cloned()) {
                Some(v) => v.as_index()?,
                None => -1,
            };
            match sep {
                None | Some(Value::None) => Value::list(split_whitespace(text, maxsplit)),
                Some(sep) => {
                    let sep = str_arg("split", &sep)?;
                    if sep.is_empty() {
                        return Err(value_error(
                            Message::new(Code::PyEmptySequence).with("function", "split"),
                        ));
                    }
                    let parts: Vec<Value> = if maxsplit < 0 {
                        text.split(&*sep).map(Value::str).collect()
                    } else if name == "split" {
                        text.splitn(maxsplit as usize + 1, &*sep)
                            .map(Value::str)
                            .collect()
                    } else {
                        let mut p: Vec<Value> = text
                            .rsplitn(maxsplit as usize + 1, &*sep)
                            .map(Value::str)
                            .collect();
                        p.reverse();
                        p
                    };
                    Value::list(parts)
                }
            }
        }
        "splitlines" => Value::list(text.lines().map(Value::str).collect()),
        "strip" | "lstrip" | "rstrip" => {
            args.check(name, 0, 1)?;
            let chars: Option<Vec<char>> = match args.pos.first() {
                None | Some(Value::None) => None,
                Some(v) => Some(str_arg(name, v)?.chars().collect()),
            };
            let pred = |c: char| match &chars {
                Some(cs) => cs.contains(&c),
                None => c.is_whitespace(),
            };
            let r = match name {
                "strip" => text.trim_matches(pred),
                "lstrip" => text.trim_start_matches(pred),
                _ => text.trim_end_matches(pred),
            };
            Value::str(r)
        }
        "lower" => Value::Str(text.to_lowercase().into()),
        "upper" => Value::Str(text.to_uppercase().into()),
        "title" | "capitalize" => {
            let mut out = String::new();
            let mut start = true;
            for c in text.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = if name == "title" {
                    !c.is_alphabetic()
                } else {
                    false
                };
            }
            Value::Str(out.into())
        }
        "replace" => {
            args.check("replace", 2, 3)?;
            let old = str_arg("replace", &args.pos[0])?;
            let new = str_arg("replace", &args.pos[1])?;
            match args.pos.get(2) {
                Some(n) if n.as_index()? >= 0 => {
                    Value::Str(text.replacen(&*old, &new, n.as_index()? as usize).into())
                }
                _ => Value::Str(text.replace(&*old, &new).into()),
            }
        }
        "startswith" | "endswith" => {
            args.check(name, 1, 1)?;
            let options: Vec<Value> = match &args.pos[0] {
                Value::Tuple(t) => t.to_vec(),
                other => vec![other.clone()],
            };
            let mut hit = false;
            for o in options {
                let p = str_arg(name, &o)?;
                hit |= if name == "startswith" {
                    text.starts_with(&*p)
                } else {
                    text.ends_with(&*p)
                };
            }
            Value::Bool(hit)
        }
        "find" | "rfind" | "index" => {
            args.check(name, 1, 1)?;
            let sub = str_arg(name, &args.pos[0])?;
            let byte = if name == "rfind" {
                text.rfind(&*sub)
            } else {
                text.find(&*sub)
            };
            match byte {
                Some(b) => Value::Int(text[..b].chars().count() as i64),
                None if name == "index" => {
                    return Err(value_error(
                        Message::new(Code::PyNotInList).with("value", "substring"),
                    ))
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            args.check("count", 1, 1)?;
            let sub = str_arg("count", &args.pos[0])?;
            if sub.is_empty() {
                Value::Int(text.chars().count() as i64 + 1)
            } else {
                Value::Int(text.matches(&*sub).count() as i64)
            }
        }
        "zfill" => {
            args.check("zfill", 1, 1)?;
            let w = args.pos[0].as_index()?.min(1_000_000);
            let n = text.chars().count() as i64;
            if w <= n {
                Value::Str(s.clone())
            } else {
                let zeros = "0".repeat((w - n) as usize);
                let out = match text.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{zeros}{rest}", &text[..1]),
                    None => format!("{zeros}{text}"),
                };
                Value::Str(out.into())
            }
        }
        "center" | "ljust" | "rjust" => {
            args.check(name, 1, 2)?;
            let w = args.pos[0].as_index()?.min(1_000_000);
            let fill = fill_arg(&args, 1)?;
            let how = match name {
                "ljust" => '<',
                "rjust" => '>',
                _ => '^',
            };
            Value::Str(pad_str(text, w, fill, how).into())
        }
        "isdigit" | "isnumeric" => {
            Value::Bool(!text.is_empty() && text.chars().all(|c| c.is_numeric()))
        }
        "isalpha" => Value::Bool(!text.is_empty() && text.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!text.is_empty() && text.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!text.is_empty() && text.chars().all(char::is_whitespace)),
        "islower" => Value::Bool(
            text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase),
        ),
        "isupper" => Value::Bool(
            text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase),
        ),
        _ => {
            return Err(crate::eval::attr::no_attribute(
                &Value::Str(s.clone()),
                name,
            ))
        }
    })
}

fn list_method(
    interp: &mut Interp,
    l: &Rc<RefCell<Vec<Value>>>,
    name: &str,
    mut args: Args,
) -> PyResult<Value> {
    match name {
        "append" => {
            args.check("append", 1, 1)?;
            l.borrow_mut().push(args.pos.remove(0));
        }
        "extend" => {
            args.check("extend", 1, 1)?;
            let items = interp.to_vec(&args.pos[0])?;
            l.borrow_mut().extend(items);
        }
        "insert" => {
            args.check("insert", 2, 2)?;
            let n = l.borrow().len() as i64;
            let i = args.pos[0].as_index()?;
            let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
            l.borrow_mut().insert(i, args.pos[1].clone());
        }
        "pop" => {
            args.check("pop", 0, 1)?;
            let n = l.borrow().len() as i64;
            if n == 0 {
                return Err(PyError::new(
                    "IndexError",
                    Message::new(Code::PyPopEmpty).with("kind", "list"),
                ));
            }
            let i = match args.pos.first() {
                Some(v) => v.as_index()?,
                None => -1,
            };
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(PyError::new(
                    "IndexError",
                    Message::new(Code::PyIndexOutOfRange).with("kind", "pop"),
                ));
            }
            return Ok(l.borrow_mut().remove(j as usize));
        }
        "remove" | "index" | "count" => {
            args.check(name, 1, 1)?;
            let items = l.borrow().clone();
            let mut found = Vec::new();
            for (i, x) in items.iter().enumerate() {
                if interp.eq(x, &args.pos[0])? {
                    found.push(i);
                    if name != "count" {
                        break;
                    }
                }
            }
            match (name, found.first()) {
                ("count", _) => return Ok(Value::Int(found.len() as i64)),
                ("index", Some(&i)) => return Ok(Value::Int(i as i64)),
                ("remove", Some(&i)) => {
                    l.borrow_mut().remove(i);
                }
                ("index", None) => {
                    let r = repr(interp, &args.pos[0])?;
                    return Err(value_error(
                        Message::new(Code::PyNotInList).with("value", r),
                    ));
                }
                _ => return Err(value_error(Message::new(Code::PyRemoveNotInList))),
            }
        }
        "sort" => {
            let key = args.take_kw("key");
            let reverse = match args.take_kw("reverse") {
                Some(r) => interp.truthy(&r)?,
                None => false,
            };
            args.check("sort", 0, 0)?;
            let mut items = l.borrow().clone();
            super::sort_values(interp, &mut items, key, reverse)?;
            *l.borrow_mut() = items;
        }
        "reverse" => {
            args.check("reverse", 0, 0)?;
            l.borrow_mut().reverse();
        }
        "copy" => {
            args.check("copy", 0, 0)?;
            return Ok(Value::list(l.borrow().clone()));
        }
        "clear" => {
            args.check("clear", 0, 0)?;
            l.borrow_mut().clear();
        }
        _ => {
            return Err(crate::eval::attr::no_attribute(
                &Value::List(l.clone()),
                name,
            ))
        }
    }
    Ok(Value::None)
}

/// `d.keys()`, `d.values()`, `d.items()`: Python prints them as `dict_keys([...])`. Here
/// they are a snapshot taken when called.
struct DictView {
    kind: &'static str,
    items: Vec<Value>,
}

impl HostObject for DictView {
    fn type_name(&self) -> &str {
        self.kind
    }
    fn repr(&self, interp: &mut Interp) -> PyResult<String> {
        let inner = repr(interp, &Value::list(self.items.clone()))?;
        Ok(format!("{}({inner})", self.kind))
    }
    fn len(&self) -> Option<usize> {
        Some(self.items.len())
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.items.clone()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn view(kind: &'static str, items: Vec<Value>) -> Value {
    Value::Host(Rc::new(DictView { kind, items }))
}

fn dict_method(
    interp: &mut Interp,
    d: &Rc<RefCell<Dict>>,
    name: &str,
    mut args: Args,
) -> PyResult<Value> {
    Ok(match name {
        "keys" | "values" | "items" => {
            args.check(name, 0, 0)?;
            let entries = d.borrow();
            let items = entries
                .values()
                .map(|(k, v)| match name {
                    "keys" => k.clone(),
                    "values" => v.clone(),
                    _ => Value::tuple(vec![k.clone(), v.clone()]),
                })
                .collect();
            let kind = match name {
                "keys" => "dict_keys",
                "values" => "dict_values",
                _ => "dict_items",
            };
            view(kind, items)
        }
        "get" => {
            args.check("get", 1, 2)?;
            let k = args.pos[0].hash_key()?;
            let found = d.borrow().get(&k).map(|(_, v)| v.clone());
            found.unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or(Value::None))
        }
        "pop" => {
            args.check("pop", 1, 2)?;
            let k = args.pos[0].hash_key()?;
            let removed = d.borrow_mut().shift_remove(&k);
            match (removed, args.pos.get(1)) {
                (Some((_, v)), _) => v,
                (None, Some(default)) => default.clone(),
                (None, None) => return Err(interp.key_error(&args.pos[0])),
            }
        }
        "setdefault" => {
            args.check("setdefault", 1, 2)?;
            let k = args.pos[0].hash_key()?;
            let default = args.pos.get(1).cloned().unwrap_or(Value::None);
            let mut entries = d.borrow_mut();
            entries
                .entry(k)
                .or_insert_with(|| (args.pos[0].clone(), default))
                .1
                .clone()
        }
        "update" => {
            let kw = std::mem::take(&mut args.kw);
            args.check("update", 0, 1)?;
            let mut new: Vec<(Value, Value)> = Vec::new();
            if let Some(src) = args.pos.first() {
                match src {
                    Value::Dict(o) => new.extend(o.borrow().values().cloned()),
                    other => {
                        for pair in interp.to_vec(other)? {
                            let kv = interp.to_vec(&pair)?;
                            if kv.len() == 2 {
                                new.push((kv[0].clone(), kv[1].clone()));
                            }
                        }
                    }
                }
            }
            for (k, v) in kw {
                new.push((Value::Str(k), v));
            }
            for (k, v) in new {
                crate::value::dict_insert(&mut d.borrow_mut(), k, v)?;
            }
            Value::None
        }
        "copy" => Value::Dict(Rc::new(RefCell::new(d.borrow().clone()))),
        "clear" => {
            d.borrow_mut().clear();
            Value::None
        }
        _ => {
            return Err(crate::eval::attr::no_attribute(
                &Value::Dict(d.clone()),
                name,
            ))
        }
    })
}

fn set_method(
    interp: &mut Interp,
    d: &Rc<RefCell<Dict>>,
    name: &str,
    args: Args,
) -> PyResult<Value> {
    let this = Value::Set(d.clone());
    Ok(match name {
        "add" => {
            args.check("add", 1, 1)?;
            let k = args.pos[0].hash_key()?;
            d.borrow_mut().insert(k, (args.pos[0].clone(), Value::None));
            Value::None
        }
        "remove" | "discard" => {
            args.check(name, 1, 1)?;
            let k = args.pos[0].hash_key()?;
            let removed = d.borrow_mut().shift_remove(&k);
            if removed.is_none() && name == "remove" {
                return Err(interp.key_error(&args.pos[0]));
            }
            Value::None
        }
        "pop" => {
            let first = d.borrow_mut().shift_remove_index(0);
            match first {
                Some((_, (k, _))) => k,
                None => {
                    return Err(PyError::new(
                        "KeyError",
                        Message::new(Code::PyPopEmpty).with("kind", "set"),
                    ))
                }
            }
        }
        "update" => {
            for src in &args.pos {
                for x in interp.to_vec(src)? {
                    let k = x.hash_key()?;
                    d.borrow_mut().insert(k, (x, Value::None));
                }
            }
            Value::None
        }
        "union" | "intersection" | "difference" => {
            let op = match name {
                "union" => crate::ast::BinOp::BitOr,
                "intersection" => crate::ast::BinOp::BitAnd,
                _ => crate::ast::BinOp::Sub,
            };
            let mut acc = this;
            for src in &args.pos {
                let mut other = Dict::new();
                for x in interp.to_vec(src)? {
                    other.insert(x.hash_key()?, (x, Value::None));
                }
                acc = interp.binary(op, &acc, &Value::Set(Rc::new(RefCell::new(other))))?;
            }
            if let Value::Set(s) = &acc {
                if Rc::ptr_eq(s, d) {
                    return Ok(Value::Set(Rc::new(RefCell::new(d.borrow().clone()))));
                }
            }
            acc
        }
        "copy" => Value::Set(Rc::new(RefCell::new(d.borrow().clone()))),
        "clear" => {
            d.borrow_mut().clear();
            Value::None
        }
        _ => return Err(crate::eval::attr::no_attribute(&this, name)),
    })
}
