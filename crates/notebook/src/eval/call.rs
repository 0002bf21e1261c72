//! Calling things: user functions (binding arguments as Python does), functions written in
//! Rust, methods, classes (making an instance and running `__init__`) and host objects.

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use noriteo_core::messages::{Code, Message};

use super::scope::{Scope, ScopeKind};
use super::{Flow, Interp, MAX_CALL_DEPTH};
use crate::ast::Span;
use crate::error::{type_error, Frame, PyError, PyResult};
use crate::value::{Args, Dict, Function, Instance, Value};

impl Interp {
    /// Calls `f` from the cell at `span`: an error inside a user function keeps its own place
    /// and gains this call in its traceback.
    pub fn call_at(&mut self, f: &Value, args: Args, span: Span) -> PyResult<Value> {
        let r = self.call(f, args);
        match (r, f) {
            (Err(mut e), Value::Function(_) | Value::Bound(_) | Value::Class(_))
                if e.span.is_some() =>
            {
                let name = match f {
                    Value::Function(func) => func.def.name.to_string(),
                    Value::Bound(b) => match &b.1 {
                        Value::Function(func) => func.def.name.to_string(),
                        _ => "?".into(),
                    },
                    Value::Class(c) => c.name.to_string(),
                    _ => "?".into(),
                };
                e.trace.insert(
                    0,
                    Frame {
                        function: name,
                        call: span,
                    },
                );
                Err(e)
            }
            (r, _) => r,
        }
    }

    pub fn call(&mut self, f: &Value, mut args: Args) -> PyResult<Value> {
        match f {
            Value::Function(func) => self.call_function(func, args),
            Value::Native(n) => {
                let n = n.clone();
                self.call_recorded(&n.name, |me| (n.f)(me, args))
            }
            Value::Method(m) => {
                let m = m.clone();
                self.call_recorded(m.1, |me| {
                    crate::builtins::methods::call_method(me, &m.0, m.1, args)
                })
            }
            Value::Bound(b) => {
                args.pos.insert(0, b.0.clone());
                self.call(&b.1, args)
            }
            Value::Class(c) => {
                let inst = Value::Instance(Rc::new(Instance {
                    class: c.clone(),
                    attrs: std::cell::RefCell::new(IndexMap::new()),
                }));
                if let Some(init) = c.lookup("__init__") {
                    args.pos.insert(0, inst.clone());
                    let r = self.call(&init, args)?;
                    if !matches!(r, Value::None) {
                        return Err(type_error(
                            Message::new(Code::PyStrReturned)
                                .with("method", "__init__()")
                                .with("kind", r.type_name()),
                        ));
                    }
                } else if !args.pos.is_empty() || !args.kw.is_empty() {
                    return Err(type_error(
                        Message::new(Code::PyArgCount)
                            .with("function", &*c.name)
                            .with("expected", 0)
                            .with("got", args.pos.len()),
                    ));
                }
                Ok(inst)
            }
            Value::Instance(inst) => match inst.class.lookup("__call__") {
                Some(call) => {
                    args.pos.insert(0, f.clone());
                    self.call(&call, args)
                }
                None => Err(not_callable(f)),
            },
            Value::Host(h) => {
                let h = h.clone();
                let name = h.type_name().to_string();
                self.call_recorded(&name, |me| h.call(me, args))
            }
            other => Err(not_callable(other)),
        }
    }

    fn call_function(&mut self, func: &Rc<Function>, args: Args) -> PyResult<Value> {
        if self.depth >= MAX_CALL_DEPTH {
            return Err(PyError::new(
                "RecursionError",
                Message::new(Code::PyRecursion),
            ));
        }
        self.tick()?;
        let vars = bind(func, args)?;
        let class = func.class.borrow().as_ref().and_then(|w| w.upgrade());
        let scope = Rc::new(Scope {
            kind: ScopeKind::Function(func.def.clone()),
            vars: std::cell::RefCell::new(vars),
            parent: func.closure.clone(),
            class,
        });
        let env = Some(scope);
        self.depth += 1;
        let r = self.exec_block(&func.def.body, &env);
        self.depth -= 1;
        Ok(match r? {
            Flow::Return(v) => v,
            _ => Value::None,
        })
    }
}

fn not_callable(v: &Value) -> PyError {
    type_error(Message::new(Code::PyNotCallable).with("kind", v.type_name()))
}

/// Python's argument binding: positionals fill the parameters in order, the rest go to
/// `*args`; keywords fill parameters by name, the rest go to `**kwargs`; defaults fill what
/// is left.
fn bind(func: &Function, args: Args) -> PyResult<HashMap<Rc<str>, Value>> {
    let def = &func.def;
    let fname = def.name.to_string();
    let mut vars: HashMap<Rc<str>, Value> = HashMap::new();
    let mut pos = args.pos.into_iter();
    for p in &def.params {
        match pos.next() {
            Some(v) => {
                vars.insert(p.name.clone(), v);
            }
            None => break,
        }
    }
    let extra: Vec<Value> = pos.collect();
    match &def.star {
        Some(name) => {
            vars.insert(name.clone(), Value::tuple(extra));
        }
        None if !extra.is_empty() => {
            let required = def.params.iter().filter(|p| p.default.is_none()).count();
            let expected = if required == def.params.len() {
                required.to_string()
            } else {
                format!("from {required} to {}", def.params.len())
            };
            return Err(type_error(
                Message::new(Code::PyArgCount)
                    .with("function", &fname)
                    .with("expected", expected)
                    .with("got", def.params.len() + extra.len()),
            ));
        }
        None => {}
    }
    let mut kwargs = Dict::new();
    for (k, v) in args.kw {
        let known = def.params.iter().chain(&def.kwonly).any(|p| p.name == k);
        if known {
            if vars.contains_key(&k) {
                return Err(type_error(
                    Message::new(Code::PyMultipleValues)
                        .with("function", &fname)
                        .with("name", &k),
                ));
            }
            vars.insert(k, v);
        } else if def.starstar.is_some() {
            let key = Value::Str(k);
            kwargs.insert(key.hash_key()?, (key, v));
        } else {
            return Err(type_error(
                Message::new(Code::PyUnexpectedKeyword)
                    .with("function", &fname)
                    .with("name", &k),
            ));
        }
    }
    if let Some(name) = &def.starstar {
        vars.insert(
            name.clone(),
            Value::Dict(Rc::new(std::cell::RefCell::new(kwargs))),
        );
    }
    for p in def.params.iter().chain(&def.kwonly) {
        if vars.contains_key(&p.name) {
            continue;
        }
        match func.defaults.get(&p.name) {
            Some(d) => {
                vars.insert(p.name.clone(), d.clone());
            }
            None => {
                return Err(type_error(
                    Message::new(Code::PyMissingArgument)
                        .with("function", &fname)
                        .with("name", &p.name),
                ))
            }
        }
    }
    Ok(vars)
}
