//! Python's values. Containers are shared and mutable (`Rc<RefCell<..>>`), as in Python,
//! where `b = a` makes two names for one list. Objects written in Rust (numpy arrays,
//! DataFrames, Keras models, in later parts) plug in through [`HostObject`].

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::{Rc, Weak};

use indexmap::IndexMap;
use noriteo_core::messages::{Code, Message};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use crate::ast::{BinOp, CmpOp, FuncDef, UnaryOp};
use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;

#[derive(Clone)]
pub enum Value {
    None,
    Ellipsis,
    Bool(bool),
    /// Ints that fit in 64 bits; [`Value::Big`] past that, so `2 ** 200` is exact.
    Int(i64),
    Big(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<Dict>>),
    /// A set is a dict whose values are unused.
    Set(Rc<RefCell<Dict>>),
    Range(i64, i64, i64),
    Slice(Rc<[Value; 3]>),
    Function(Rc<Function>),
    Native(Rc<NativeFn>),
    /// A method of a built-in value (`lst.append`): the value and the method's name.
    Method(Rc<(Value, &'static str)>),
    /// A user function bound to its instance (`obj.method`).
    Bound(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Iter(Rc<RefCell<PyIter>>),
    /// `super()` inside a method: the class to start looking after, and `self`.
    Super(Rc<(Rc<Class>, Value)>),
    Host(Rc<dyn HostObject>),
}

/// Calls are given positional and keyword arguments as Python passes them.
#[derive(Default, Clone)]
pub struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(Rc<str>, Value)>,
}

impl Args {
    pub fn new(pos: Vec<Value>) -> Self {
        Args {
            pos,
            kw: Vec::new(),
        }
    }

    /// Takes the keyword argument `name` out, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }

    /// Refuses keywords the function does not know and a wrong number of positionals.
    pub fn check(&self, function: &str, min: usize, max: usize) -> PyResult<()> {
        if let Some((k, _)) = self.kw.first() {
            return Err(type_error(
                Message::new(Code::PyUnexpectedKeyword)
                    .with("function", function)
                    .with("name", k),
            ));
        }
        if self.pos.len() < min || self.pos.len() > max {
            let expected = if min == max {
                min.to_string()
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(type_error(
                Message::new(Code::PyArgCount)
                    .with("function", function)
                    .with("expected", expected)
                    .with("got", self.pos.len()),
            ));
        }
        Ok(())
    }
}

pub type NativeImpl = dyn Fn(&mut Interp, Args) -> PyResult<Value>;

/// A function written in Rust: a builtin such as `len`, or a module's function.
pub struct NativeFn {
    pub name: Rc<str>,
    pub f: Box<NativeImpl>,
}

pub struct Function {
    pub def: Rc<FuncDef>,
    /// Default values, evaluated once when the `def` ran (Python's rule), by parameter name.
    pub defaults: HashMap<Rc<str>, Value>,
    /// The scope the `def` ran in, for names of enclosing functions.
    pub closure: Option<Rc<crate::eval::scope::Scope>>,
    /// The class whose body defined it, for `super()`.
    pub class: RefCell<Option<Weak<Class>>>,
}

pub struct Class {
    pub name: Rc<str>,
    pub base: Option<Rc<Class>>,
    pub attrs: RefCell<IndexMap<Rc<str>, Value>>,
}

impl Class {
    /// Looks a name up in the class, then its bases (single inheritance: a chain).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Some(v.clone());
        }
        self.base.as_ref().and_then(|b| b.lookup(name))
    }

    pub fn is_subclass_of(&self, other: &Class) -> bool {
        std::ptr::eq(self, other) || self.base.as_ref().is_some_and(|b| b.is_subclass_of(other))
    }
}

pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<IndexMap<Rc<str>, Value>>,
}

pub struct Module {
    pub name: Rc<str>,
    pub attrs: RefCell<IndexMap<Rc<str>, Value>>,
}

impl Module {
    pub fn new(name: &str) -> Self {
        Module {
            name: name.into(),
            attrs: RefCell::new(IndexMap::new()),
        }
    }

    pub fn set(&self, name: &str, v: Value) {
        self.attrs.borrow_mut().insert(name.into(), v);
    }

    /// Adds a function written in Rust.
    pub fn def(&self, name: &str, f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static) {
        self.set(name, Value::native(name, f));
    }
}

/// An object implemented in Rust: what numpy arrays, DataFrames and Keras models implement
/// to behave like Python objects. Each hook has a default that raises Python's usual error,
/// so an object implements only what it supports.
// `len` is Python's `len()` protocol (`None`: the object has no length), not a collection's.
#[allow(clippy::len_without_is_empty)]
pub trait HostObject {
    /// Python's `type(x).__name__`, e.g. `"ndarray"`.
    fn type_name(&self) -> &str;
    fn repr(&self, interp: &mut Interp) -> PyResult<String>;
    fn str(&self, interp: &mut Interp) -> PyResult<String> {
        self.repr(interp)
    }
    /// An HTML form shown beside the text when the object is a cell's value (IPython's
    /// `_repr_html_`: a DataFrame's table); `None` for text only.
    fn repr_html(&self) -> Option<String> {
        None
    }
    /// `x.name`; `None` if there is no such attribute.
    fn getattr(&self, _interp: &mut Interp, _name: &str) -> Option<PyResult<Value>> {
        None
    }
    fn setattr(&self, _interp: &mut Interp, name: &str, _value: Value) -> PyResult<()> {
        Err(PyError::new(
            "AttributeError",
            Message::new(Code::PyCannotSetAttribute)
                .with("name", name)
                .with("kind", self.type_name()),
        ))
    }
    fn call(&self, _interp: &mut Interp, _args: Args) -> PyResult<Value> {
        Err(type_error(
            Message::new(Code::PyNotCallable).with("kind", self.type_name()),
        ))
    }
    /// `x[index]`; a tuple of slices (`a[:, 0:17]`) arrives as one `Value::Tuple`.
    fn getitem(&self, _interp: &mut Interp, _index: &Value) -> PyResult<Value> {
        Err(type_error(
            Message::new(Code::PyNotSubscriptable).with("kind", self.type_name()),
        ))
    }
    fn setitem(&self, _interp: &mut Interp, _index: &Value, _value: Value) -> PyResult<()> {
        Err(type_error(
            Message::new(Code::PyNotItemAssignable).with("kind", self.type_name()),
        ))
    }
    /// `self op other` (or `other op self` when `reflected`); `None` when the object does
    /// not handle this operand, so that Python's usual TypeError is raised.
    fn binary(
        &self,
        _interp: &mut Interp,
        _op: BinOp,
        _other: &Value,
        _reflected: bool,
    ) -> Option<PyResult<Value>> {
        None
    }
    /// `self op other` for a comparison (`reflected`: `other op self`, e.g. `0 < a`);
    /// `None` keeps Python's own comparison. Arrays answer with an array of bools.
    fn compare(
        &self,
        _interp: &mut Interp,
        _op: CmpOp,
        _other: &Value,
        _reflected: bool,
    ) -> Option<PyResult<Value>> {
        None
    }
    /// `-x`, `+x`, `~x`; `None` for Python's usual TypeError.
    fn unary(&self, _interp: &mut Interp, _op: UnaryOp) -> Option<PyResult<Value>> {
        None
    }
    /// The Python number this object stands for (a numpy scalar), so that `float(x)`,
    /// `int(x)`, `round(x)`, `range(x)` and format specs accept it.
    fn number(&self) -> Option<Value> {
        None
    }
    fn len(&self) -> Option<usize> {
        None
    }
    /// The items `for x in obj` visits; `None` if it is not iterable.
    fn iter(&self, _interp: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        None
    }
    fn truthy(&self) -> PyResult<bool> {
        Ok(self.len().is_none_or(|n| n > 0))
    }
    /// The array this object stands for (a tensor's values, a DataFrame's `.values`), so
    /// that numpy and Keras take it as `np.asarray(x)` does; `None` for objects that are not
    /// array-like, an error for one that cannot be one (a column of strings).
    fn array_data(&self) -> Option<PyResult<crate::modules::numpy::Data>> {
        None
    }
    /// For a module's functions to reach their own type (`downcast_ref`).
    fn as_any(&self) -> &dyn Any;
}

/// A Python iterator: what `for` walks and what `zip`, `enumerate`, `map` return.
pub enum PyIter {
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    /// A list read live, as Python does (appending while iterating is seen).
    List(Rc<RefCell<Vec<Value>>>, usize),
    Items(std::vec::IntoIter<Value>),
    /// An iterator value (`zip(...)`), consumed by whoever walks it.
    Shared(Rc<RefCell<PyIter>>),
}

impl PyIter {
    pub fn next_value(&mut self) -> Option<Value> {
        match self {
            PyIter::Range { next, stop, step } => {
                let more = if *step > 0 {
                    *next < *stop
                } else {
                    *next > *stop
                };
                if !more {
                    return None;
                }
                let v = *next;
                *next = next.saturating_add(*step);
                if *next == v {
                    *stop = v;
                }
                Some(Value::Int(v))
            }
            PyIter::List(l, i) => {
                let v = l.borrow().get(*i).cloned();
                *i += 1;
                v
            }
            PyIter::Items(it) => it.next(),
            PyIter::Shared(inner) => inner.try_borrow_mut().ok()?.next_value(),
        }
    }
}

/// A dict key: the hashable part of a value. Python's `1 == 1.0 == True` are one key.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum HashKey {
    None,
    Int(i64),
    Big(BigInt),
    Float(u64),
    Str(Rc<str>),
    Tuple(Vec<HashKey>),
    /// Functions, classes, instances, modules: hashed by identity.
    Id(usize),
    Ellipsis,
}

/// Insertion-ordered, as Python's dict: the key's hash form, then the key and value as given.
pub type Dict = IndexMap<HashKey, (Value, Value)>;

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(s.into())
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    pub fn native(name: &str, f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static) -> Value {
        Value::Native(Rc::new(NativeFn {
            name: name.into(),
            f: Box::new(f),
        }))
    }

    pub fn iter_of(items: Vec<Value>) -> Value {
        Value::Iter(Rc::new(RefCell::new(PyIter::Items(items.into_iter()))))
    }

    /// An int from a big integer, kept small when it fits.
    pub fn from_big(n: BigInt) -> Value {
        match n.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Rc::new(n)),
        }
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Ellipsis => "ellipsis".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) | Value::Big(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Range(..) => "range".into(),
            Value::Slice(_) => "slice".into(),
            Value::Function(_) => "function".into(),
            Value::Native(_) => "builtin_function_or_method".into(),
            Value::Method(_) => "builtin_function_or_method".into(),
            Value::Bound(_) => "method".into(),
            Value::Class(_) => "type".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Module(_) => "module".into(),
            Value::Iter(_) => "iterator".into(),
            Value::Super(_) => "super".into(),
            Value::Host(h) => h.type_name().to_string(),
        }
    }

    /// The dict key for this value, or TypeError for lists, dicts and sets.
    pub fn hash_key(&self) -> PyResult<HashKey> {
        Ok(match self {
            Value::None => HashKey::None,
            Value::Ellipsis => HashKey::Ellipsis,
            Value::Bool(b) => HashKey::Int(i64::from(*b)),
            Value::Int(i) => HashKey::Int(*i),
            Value::Big(b) => HashKey::Big((**b).clone()),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    HashKey::Int(*f as i64)
                } else {
                    HashKey::Float(f.to_bits())
                }
            }
            Value::Str(s) => HashKey::Str(s.clone()),
            Value::Tuple(items) => HashKey::Tuple(
                items
                    .iter()
                    .map(|v| v.hash_key())
                    .collect::<PyResult<_>>()?,
            ),
            Value::Range(a, b, c) => {
                HashKey::Tuple(vec![HashKey::Int(*a), HashKey::Int(*b), HashKey::Int(*c)])
            }
            Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => {
                return Err(type_error(
                    Message::new(Code::PyUnhashable).with("kind", self.type_name()),
                ))
            }
            other => HashKey::Id(other.identity()),
        })
    }

    /// An address for `is` and for hashing objects by identity.
    pub fn identity(&self) -> usize {
        match self {
            Value::List(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Tuple(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Dict(r) | Value::Set(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Function(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Native(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Method(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Bound(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Class(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Instance(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Module(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Iter(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Super(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Slice(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Host(r) => Rc::as_ptr(r) as *const () as usize,
            Value::Big(r) => Rc::as_ptr(r) as *const () as usize,
            Value::None => 1,
            Value::Ellipsis => 2,
            Value::Bool(b) => 3 + usize::from(*b),
            Value::Int(i) => *i as usize,
            Value::Float(f) => f.to_bits() as usize,
            Value::Range(a, b, c) => (*a ^ b.rotate_left(21) ^ c.rotate_left(42)) as usize,
        }
    }

    /// As an exact integer (`bool` included, as in Python), if it is one.
    pub fn as_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Bool(b) => Some(BigInt::from(i64::from(*b))),
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::Big(b) => Some((**b).clone()),
            _ => None,
        }
    }

    /// As an `i64` index or count, or TypeError "cannot be interpreted as an integer".
    pub fn as_index(&self) -> PyResult<i64> {
        match self {
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Int(i) => Ok(*i),
            Value::Big(_) => Err(PyError::new(
                "OverflowError",
                Message::new(Code::PyNumberTooLarge).with("what", "the integer"),
            )),
            Value::Host(h) => match h.number() {
                Some(n @ (Value::Int(_) | Value::Bool(_))) => n.as_index(),
                _ => Err(type_error(
                    Message::new(Code::PyNotAnInteger).with("kind", self.type_name()),
                )),
            },
            other => Err(type_error(
                Message::new(Code::PyNotAnInteger).with("kind", other.type_name()),
            )),
        }
    }

    /// As a float, for int, bool and float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Int(i) => Some(*i as f64),
            Value::Big(b) => b.to_f64(),
            Value::Float(f) => Some(*f),
            Value::Host(h) => h.number().and_then(|n| n.as_f64()),
            _ => None,
        }
    }

    /// The plain Python number a numpy scalar stands for; other values as they are.
    pub fn as_python_number(&self) -> Value {
        match self {
            Value::Host(h) => h.number().unwrap_or_else(|| self.clone()),
            _ => self.clone(),
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Bool(_) | Value::Int(_) | Value::Big(_) | Value::Float(_)
        )
    }

    /// Python's truth value, for the built-in types (instances and host objects are asked
    /// by the interpreter).
    pub fn truthy_builtin(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(b) => !b.is_zero(),
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Range(a, b, c) => range_len(*a, *b, *c) > 0,
            Value::Instance(_) | Value::Host(_) => return None,
            _ => true,
        })
    }
}

/// How many numbers `range(start, stop, step)` has.
pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    let n = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    n.min(i64::MAX as i128) as i64
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", crate::repr::float_repr(*x)),
            Value::Str(s) => write!(f, "{s:?}"),
            other => write!(f, "<{}>", other.type_name()),
        }
    }
}

/// `d[k] = v`: a key already there keeps its first form (`{1: 'a', 1.0: 'b'}` is
/// `{1: 'b'}`), as in Python.
pub fn dict_insert(d: &mut Dict, k: Value, v: Value) -> PyResult<()> {
    let h = k.hash_key()?;
    match d.get_mut(&h) {
        Some(entry) => entry.1 = v,
        None => {
            d.insert(h, (k, v));
        }
    }
    Ok(())
}
