//! Attributes (`x.name`), items (`x[i]`, slices), `len`, iteration and truth: the protocols
//! every value answers, whether built in, a class instance or a host object.

use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use super::Interp;
use crate::error::{type_error, PyError, PyResult};
use crate::value::{range_len, Args, PyIter, Value};

pub fn no_attribute(v: &Value, name: &str) -> PyError {
    let known: Vec<String> = match v {
        Value::Instance(i) => {
            let mut k: Vec<String> = i.attrs.borrow().keys().map(|s| s.to_string()).collect();
            let mut c = Some(i.class.clone());
            while let Some(cls) = c {
                k.extend(cls.attrs.borrow().keys().map(|s| s.to_string()));
                c = cls.base.clone();
            }
            k
        }
        other => crate::builtins::methods::method_names(other)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let m = match super::closest(name, known.iter().map(|s| s.as_str())) {
        Some(s) => Message::new(Code::PyNoAttributeSuggest)
            .with("kind", v.type_name())
            .with("name", name)
            .with("suggestion", s),
        None => Message::new(Code::PyNoAttribute)
            .with("kind", v.type_name())
            .with("name", name),
    };
    PyError::new("AttributeError", m)
}

/// Python's slice arithmetic (`PySlice_AdjustIndices`): the start, stop and step of
/// `seq[lo:hi:step]` for a sequence of `len` items, clamped as Python clamps them.
pub fn slice_indices(len: i64, parts: &[Value; 3]) -> PyResult<(i64, i64, i64)> {
    let step = match &parts[2] {
        Value::None => 1,
        v => v.as_index()?,
    };
    if step == 0 {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PySliceStepZero),
        ));
    }
    let bound = |v: &Value, default: i64| -> PyResult<i64> {
        let i = match v {
            Value::None => return Ok(default),
            v => v.as_index()?,
        };
        Ok(if i < 0 {
            let j = i.saturating_add(len);
            if j < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                j
            }
        } else if i >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            i
        })
    };
    let (dlo, dhi) = if step < 0 { (len - 1, -1) } else { (0, len) };
    Ok((bound(&parts[0], dlo)?, bound(&parts[1], dhi)?, step))
}

fn slice_positions(len: usize, parts: &[Value; 3]) -> PyResult<Vec<usize>> {
    let (lo, hi, step) = slice_indices(len as i64, parts)?;
    let n = range_len(lo, hi, step);
    Ok((0..n).map(|k| (lo + k * step) as usize).collect())
}

fn index_of(i: &Value, len: usize, kind: &str) -> PyResult<usize> {
    let i = match i {
        Value::Int(_) | Value::Bool(_) | Value::Big(_) => i.as_index()?,
        // numpy's integer scalars index lists (`class_names[np.argmax(p)]`); its bool does not.
        Value::Host(h) if matches!(h.number(), Some(Value::Int(_))) => i.as_index()?,
        other => {
            return Err(type_error(
                Message::new(Code::PyIndexType)
                    .with("kind", kind)
                    .with("got", other.type_name()),
            ))
        }
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(PyError::new(
            "IndexError",
            Message::new(Code::PyIndexOutOfRange).with("kind", kind),
        ));
    }
    Ok(j as usize)
}

impl Interp {
    pub fn get_attr(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        match v {
            Value::Instance(inst) => {
                if let Some(a) = inst.attrs.borrow().get(name) {
                    return Ok(a.clone());
                }
                if name == "__class__" {
                    return Ok(Value::Class(inst.class.clone()));
                }
                if let Some(a) = inst.class.lookup(name) {
                    return Ok(bind(a, v));
                }
            }
            Value::Class(c) => {
                if let Some(a) = c.lookup(name) {
                    return Ok(a);
                }
                if name == "__name__" {
                    return Ok(Value::Str(c.name.clone()));
                }
            }
            Value::Super(s) => {
                if let Some(a) = s.0.base.as_ref().and_then(|b| b.lookup(name)) {
                    return Ok(bind(a, &s.1));
                }
                if name == "__init__" {
                    // `object.__init__`: the base of a class without one takes no arguments.
                    return Ok(Value::native("__init__", |_, _| Ok(Value::None)));
                }
            }
            Value::Module(m) => {
                if let Some(a) = m.attrs.borrow().get(name) {
                    return Ok(a.clone());
                }
                if name == "__name__" {
                    return Ok(Value::Str(m.name.clone()));
                }
                return Err(PyError::new(
                    "AttributeError",
                    Message::new(Code::PyModuleNoAttribute)
                        .with("module", &*m.name)
                        .with("name", name),
                ));
            }
            Value::Function(f) if name == "__name__" => return Ok(Value::Str(f.def.name.clone())),
            Value::Native(f) if name == "__name__" => return Ok(Value::Str(f.name.clone())),
            Value::Native(f) if crate::builtins::TYPE_NAMES.contains(&&*f.name) => {
                // `str.lower`: the method taken from the type, called with the value first.
                let sample = match &*f.name {
                    "str" => Value::str(""),
                    "list" => Value::list(Vec::new()),
                    "dict" => Value::Dict(Default::default()),
                    "tuple" => Value::tuple(Vec::new()),
                    "float" => Value::Float(0.0),
                    _ => Value::None,
                };
                if let Some(&m) = crate::builtins::methods::method_names(&sample)
                    .iter()
                    .find(|&&m| m == name)
                {
                    return Ok(Value::native(m, move |interp, mut args| {
                        if args.pos.is_empty() {
                            return Err(type_error(
                                Message::new(Code::PyMissingArgument)
                                    .with("function", m)
                                    .with("name", "self"),
                            ));
                        }
                        let this = args.pos.remove(0);
                        crate::builtins::methods::call_method(interp, &this, m, args)
                    }));
                }
            }
            Value::Host(h) => {
                let h = h.clone();
                if let Some(r) = h.getattr(self, name) {
                    return r;
                }
            }
            _ => {
                if let Some(&m) = crate::builtins::methods::method_names(v)
                    .iter()
                    .find(|&&m| m == name)
                {
                    return Ok(Value::Method(Rc::new((v.clone(), m))));
                }
            }
        }
        Err(no_attribute(v, name))
    }

    pub fn set_attr(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        match obj {
            Value::Instance(inst) => {
                inst.attrs.borrow_mut().insert(name.into(), v);
                Ok(())
            }
            Value::Class(c) => {
                c.attrs.borrow_mut().insert(name.into(), v);
                Ok(())
            }
            Value::Module(m) => {
                m.set(name, v);
                Ok(())
            }
            Value::Host(h) => {
                let h = h.clone();
                h.setattr(self, name, v)
            }
            other => Err(PyError::new(
                "AttributeError",
                Message::new(Code::PyCannotSetAttribute)
                    .with("name", name)
                    .with("kind", other.type_name()),
            )),
        }
    }

    pub fn get_item(&mut self, obj: &Value, index: &Value) -> PyResult<Value> {
        match obj {
            Value::List(l) => {
                let items = l.borrow();
                match index {
                    Value::Slice(s) => {
                        let pos = slice_positions(items.len(), s)?;
                        Ok(Value::list(
                            pos.into_iter().map(|i| items[i].clone()).collect(),
                        ))
                    }
                    i => Ok(items[index_of(i, items.len(), "list")?].clone()),
                }
            }
            Value::Tuple(t) => match index {
                Value::Slice(s) => {
                    let pos = slice_positions(t.len(), s)?;
                    Ok(Value::tuple(
                        pos.into_iter().map(|i| t[i].clone()).collect(),
                    ))
                }
                i => Ok(t[index_of(i, t.len(), "tuple")?].clone()),
            },
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                match index {
                    Value::Slice(sl) => {
                        let pos = slice_positions(chars.len(), sl)?;
                        Ok(Value::Str(
                            pos.into_iter().map(|i| chars[i]).collect::<String>().into(),
                        ))
                    }
                    i => Ok(Value::Str(
                        chars[index_of(i, chars.len(), "string")?]
                            .to_string()
                            .into(),
                    )),
                }
            }
            Value::Range(a, b, c) => {
                let len = range_len(*a, *b, *c);
                match index {
                    Value::Slice(sl) => {
                        let (lo, hi, step) = slice_indices(len, sl)?;
                        let at = |k: i64| {
                            (*a as i128 + k as i128 * *c as i128)
                                .clamp(i64::MIN as i128, i64::MAX as i128)
                                as i64
                        };
                        Ok(Value::Range(at(lo), at(hi), c.saturating_mul(step)))
                    }
                    i => Ok(Value::Int(
                        a + index_of(i, len as usize, "range object")? as i64 * c,
                    )),
                }
            }
            Value::Dict(d) => {
                let key = index.hash_key()?;
                let found = d.borrow().get(&key).map(|(_, v)| v.clone());
                match found {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(index)),
                }
            }
            Value::Host(h) => {
                let h = h.clone();
                h.getitem(self, index)
            }
            Value::Instance(inst) => match inst.class.lookup("__getitem__") {
                Some(f) => self.call(&f, Args::new(vec![obj.clone(), index.clone()])),
                None => Err(not_subscriptable(obj)),
            },
            Value::Class(_) => Ok(obj.clone()),
            other => Err(not_subscriptable(other)),
        }
    }

    pub fn key_error(&mut self, key: &Value) -> PyError {
        let text = crate::repr::repr(self, key).unwrap_or_else(|_| key.type_name());
        PyError::new(
            "KeyError",
            Message::new(Code::PyKeyNotFound).with("key", text),
        )
    }

    pub fn set_item(&mut self, obj: &Value, index: &Value, v: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(_) = index {
                    return Err(crate::error::not_supported(
                        "assigning to a slice of a list",
                    ));
                }
                let len = l.borrow().len();
                let i = index_of(index, len, "list")?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            Value::Dict(d) => crate::value::dict_insert(&mut d.borrow_mut(), index.clone(), v),
            Value::Host(h) => {
                let h = h.clone();
                h.setitem(self, index, v)
            }
            Value::Instance(inst) => match inst.class.lookup("__setitem__") {
                Some(f) => {
                    self.call(&f, Args::new(vec![obj.clone(), index.clone(), v]))?;
                    Ok(())
                }
                None => Err(not_assignable(obj)),
            },
            other => Err(not_assignable(other)),
        }
    }

    pub fn del_item(&mut self, obj: &Value, index: &Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                let len = l.borrow().len();
                if let Value::Slice(s) = index {
                    let mut pos = slice_positions(len, s)?;
                    pos.sort_unstable();
                    let mut items = l.borrow_mut();
                    for i in pos.into_iter().rev() {
                        items.remove(i);
                    }
                    return Ok(());
                }
                let i = index_of(index, len, "list")?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let key = index.hash_key()?;
                let removed = d.borrow_mut().shift_remove(&key);
                match removed {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(index)),
                }
            }
            other => Err(type_error(
                Message::new(Code::PyNotItemAssignable).with("kind", other.type_name()),
            )),
        }
    }

    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => s.chars().count(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) | Value::Set(d) => d.borrow().len(),
            Value::Range(a, b, c) => range_len(*a, *b, *c) as usize,
            Value::Host(h) => match h.len() {
                Some(n) => n,
                None => return Err(no_len(v)),
            },
            Value::Instance(inst) => match inst.class.lookup("__len__") {
                Some(f) => {
                    let r = self.call(&f, Args::new(vec![v.clone()]))?;
                    r.as_index()?.max(0) as usize
                }
                None => return Err(no_len(v)),
            },
            other => return Err(no_len(other)),
        })
    }

    pub fn iter(&mut self, v: &Value) -> PyResult<PyIter> {
        Ok(match v {
            Value::Range(a, b, c) => PyIter::Range {
                next: *a,
                stop: *b,
                step: *c,
            },
            Value::List(l) => PyIter::List(l.clone(), 0),
            Value::Tuple(t) => PyIter::Items(Vec::clone(t).into_iter()),
            Value::Str(s) => PyIter::Items(
                s.chars()
                    .map(|c| Value::Str(c.to_string().into()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Value::Dict(d) | Value::Set(d) => PyIter::Items(
                d.borrow()
                    .values()
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Value::Iter(it) => PyIter::Shared(it.clone()),
            Value::Host(h) => {
                let h = h.clone();
                match h.iter(self) {
                    Some(items) => PyIter::Items(items?.into_iter()),
                    None => return Err(not_iterable(v)),
                }
            }
            Value::Instance(inst) if inst.class.lookup("__getitem__").is_some() => {
                // The old sequence protocol: items 0, 1, 2, ... until IndexError.
                let mut items = Vec::new();
                for i in 0.. {
                    self.tick()?;
                    match self.get_item(v, &Value::Int(i)) {
                        Ok(x) => items.push(x),
                        Err(e) if e.ename == "IndexError" => break,
                        Err(e) => return Err(e),
                    }
                }
                PyIter::Items(items.into_iter())
            }
            other => return Err(not_iterable(other)),
        })
    }

    /// All the items of an iterable, for unpacking, `list(x)` and the like.
    pub fn to_vec(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::List(l) = v {
            return Ok(l.borrow().clone());
        }
        if let Value::Tuple(t) = v {
            return Ok(t.to_vec());
        }
        let mut it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = it.next_value() {
            if out.len() & 0xfff == 0xfff {
                self.tick()?;
                if out.len() > 50_000_000 {
                    return Err(PyError::new(
                        "MemoryError",
                        Message::new(Code::PyNumberTooLarge).with("what", "the sequence"),
                    ));
                }
            }
            out.push(x);
        }
        Ok(out)
    }

    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(b) = v.truthy_builtin() {
            return Ok(b);
        }
        match v {
            Value::Host(h) => h.truthy(),
            Value::Instance(inst) => {
                if let Some(f) = inst.class.lookup("__bool__") {
                    let r = self.call(&f, Args::new(vec![v.clone()]))?;
                    return self.truthy(&r);
                }
                if inst.class.lookup("__len__").is_some() {
                    return Ok(self.len(v)? > 0);
                }
                Ok(true)
            }
            _ => Ok(true),
        }
    }
}

/// A function found on the class, seen through an instance, is a method bound to it.
fn bind(a: Value, this: &Value) -> Value {
    match a {
        Value::Function(_) => Value::Bound(Rc::new((this.clone(), a))),
        other => other,
    }
}

fn not_subscriptable(v: &Value) -> PyError {
    type_error(Message::new(Code::PyNotSubscriptable).with("kind", v.type_name()))
}

fn not_assignable(v: &Value) -> PyError {
    type_error(Message::new(Code::PyNotItemAssignable).with("kind", v.type_name()))
}

fn not_iterable(v: &Value) -> PyError {
    type_error(Message::new(Code::PyNotIterable).with("kind", v.type_name()))
}

fn no_len(v: &Value) -> PyError {
    type_error(Message::new(Code::PyNoLen).with("kind", v.type_name()))
}
