//! The array type: an `ndarray::ArrayD` of one of the dtypes lecture code meets, with the
//! conversions later libraries (pandas, scikit-learn, Keras) need. Elements stay in the
//! `ndarray` storage; nothing here boxes an element as a Python `Value` except on the way
//! out (`tolist`, iteration, indexing to a scalar).

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use ndarray::{Array2, ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::Value;

/// The element types supported. Strings and Python objects are refused (`PyNpDtype`):
/// lecture code puts them in pandas, not in arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dtype {
    Bool,
    U8,
    I64,
    F32,
    F64,
}

impl Dtype {
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Bool => "bool",
            Dtype::U8 => "uint8",
            Dtype::I64 => "int64",
            Dtype::F32 => "float32",
            Dtype::F64 => "float64",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Dtype::F32 | Dtype::F64)
    }

    /// numpy's promotion of two array dtypes: the larger kind, except that int64 and
    /// float32 meet at float64 (float32 cannot hold every int64).
    pub fn promote(a: Dtype, b: Dtype) -> Dtype {
        match (a.max(b), a.min(b)) {
            (Dtype::F32, Dtype::I64) => Dtype::F64,
            (hi, _) => hi,
        }
    }

    /// The dtype a name or a type object given as `dtype=` stands for.
    pub fn parse(v: &Value) -> PyResult<Dtype> {
        let name: String = match v {
            Value::Str(s) => s.to_string(),
            Value::Class(c) => c.name.to_string(),
            Value::Native(f) => f.name.to_string(),
            Value::Host(h) => match h.as_any().downcast_ref::<DtypeObj>() {
                Some(d) => return Ok(d.0),
                None => h.type_name().to_string(),
            },
            other => other.type_name(),
        };
        Ok(match name.as_str() {
            "float64" | "float" | "f8" | "double" => Dtype::F64,
            "float32" | "f4" | "single" => Dtype::F32,
            "int64" | "int" | "i8" | "int_" | "intp" | "int32" => Dtype::I64,
            "uint8" | "u1" => Dtype::U8,
            "bool" | "bool_" | "?" => Dtype::Bool,
            _ => {
                return Err(type_error(
                    Message::new(Code::PyNpDtype).with("dtype", name),
                ))
            }
        })
    }
}

/// `a.dtype`: prints as `dtype('float64')`, compares equal to its name and to `np.float64`.
pub struct DtypeObj(pub Dtype);

impl crate::value::HostObject for DtypeObj {
    fn type_name(&self) -> &str {
        "dtype"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("dtype('{}')", self.0.name()))
    }
    fn str(&self, _: &mut Interp) -> PyResult<String> {
        Ok(self.0.name().to_string())
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "name" => Some(Ok(Value::str(self.0.name()))),
            _ => None,
        }
    }
    fn compare(
        &self,
        _: &mut Interp,
        op: crate::ast::CmpOp,
        other: &Value,
        _reflected: bool,
    ) -> Option<PyResult<Value>> {
        use crate::ast::CmpOp;
        let same = Dtype::parse(other).is_ok_and(|d| d == self.0);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What an element type can be converted to and from; every cast goes through these.
pub trait Elem: Copy + 'static + PartialOrd {
    const DTYPE: Dtype;
    fn to_f64(self) -> f64;
    fn to_i64(self) -> i64;
    fn from_f64(x: f64) -> Self;
    fn from_i64(x: i64) -> Self;
    fn from_bool(x: bool) -> Self;
    fn is_true(self) -> bool;
}

macro_rules! elem_num {
    ($t:ty, $d:expr) => {
        impl Elem for $t {
            const DTYPE: Dtype = $d;
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn to_i64(self) -> i64 {
                self as i64
            }
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            fn from_i64(x: i64) -> Self {
                x as $t
            }
            fn from_bool(x: bool) -> Self {
                u8::from(x) as $t
            }
            fn is_true(self) -> bool {
                self != (0 as $t)
            }
        }
    };
}
elem_num!(f64, Dtype::F64);
elem_num!(f32, Dtype::F32);
elem_num!(i64, Dtype::I64);

impl Elem for u8 {
    const DTYPE: Dtype = Dtype::U8;
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn to_i64(self) -> i64 {
        i64::from(self)
    }
    // Casting a float to uint8 wraps as C does on the platforms numpy runs on (300.0 → 44).
    fn from_f64(x: f64) -> Self {
        (x as i64) as u8
    }
    fn from_i64(x: i64) -> Self {
        x as u8
    }
    fn from_bool(x: bool) -> Self {
        u8::from(x)
    }
    fn is_true(self) -> bool {
        self != 0
    }
}

impl Elem for bool {
    const DTYPE: Dtype = Dtype::Bool;
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn to_i64(self) -> i64 {
        i64::from(self)
    }
    fn from_f64(x: f64) -> Self {
        x != 0.0
    }
    fn from_i64(x: i64) -> Self {
        x != 0
    }
    fn from_bool(x: bool) -> Self {
        x
    }
    fn is_true(self) -> bool {
        self
    }
}

/// The elements, in the storage of their dtype.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Bool(ArrayD<bool>),
    U8(ArrayD<u8>),
    I64(ArrayD<i64>),
    F32(ArrayD<f32>),
    F64(ArrayD<f64>),
}

/// Runs `$body` with `$a` bound to the typed array, whatever the dtype; `$wrap` names the
/// `Data` constructor of that dtype, for bodies that build an array of the same dtype.
#[macro_export]
macro_rules! np_each {
    ($data:expr, $a:ident => $body:expr) => {
        match $data {
            $crate::modules::numpy::array::Data::Bool($a) => $body,
            $crate::modules::numpy::array::Data::U8($a) => $body,
            $crate::modules::numpy::array::Data::I64($a) => $body,
            $crate::modules::numpy::array::Data::F32($a) => $body,
            $crate::modules::numpy::array::Data::F64($a) => $body,
        }
    };
    ($data:expr, $a:ident, $wrap:ident => $body:expr) => {
        match $data {
            $crate::modules::numpy::array::Data::Bool($a) => {
                let $wrap = $crate::modules::numpy::array::Data::Bool;
                $body
            }
            $crate::modules::numpy::array::Data::U8($a) => {
                let $wrap = $crate::modules::numpy::array::Data::U8;
                $body
            }
            $crate::modules::numpy::array::Data::I64($a) => {
                let $wrap = $crate::modules::numpy::array::Data::I64;
                $body
            }
            $crate::modules::numpy::array::Data::F32($a) => {
                let $wrap = $crate::modules::numpy::array::Data::F32;
                $body
            }
            $crate::modules::numpy::array::Data::F64($a) => {
                let $wrap = $crate::modules::numpy::array::Data::F64;
                $body
            }
        }
    };
}
pub use np_each;

/// One element, kept in its dtype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Bool(bool),
    U8(u8),
    I64(i64),
    F32(f32),
    F64(f64),
}

impl Scalar {
    pub fn dtype(self) -> Dtype {
        match self {
            Scalar::Bool(_) => Dtype::Bool,
            Scalar::U8(_) => Dtype::U8,
            Scalar::I64(_) => Dtype::I64,
            Scalar::F32(_) => Dtype::F32,
            Scalar::F64(_) => Dtype::F64,
        }
    }

    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b.to_f64(),
            Scalar::U8(x) => x.to_f64(),
            Scalar::I64(x) => x as f64,
            Scalar::F32(x) => x.to_f64(),
            Scalar::F64(x) => x,
        }
    }

    /// The Python value `item()` and `tolist()` give.
    pub fn to_py(self) -> Value {
        match self {
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::U8(x) => Value::Int(i64::from(x)),
            Scalar::I64(x) => Value::Int(x),
            Scalar::F32(x) => Value::Float(f64::from(x)),
            Scalar::F64(x) => Value::Float(x),
        }
    }
}

impl Data {
    pub fn dtype(&self) -> Dtype {
        match self {
            Data::Bool(_) => Dtype::Bool,
            Data::U8(_) => Dtype::U8,
            Data::I64(_) => Dtype::I64,
            Data::F32(_) => Dtype::F32,
            Data::F64(_) => Dtype::F64,
        }
    }

    pub fn shape(&self) -> &[usize] {
        np_each!(self, a => a.shape())
    }

    pub fn len(&self) -> usize {
        np_each!(self, a => a.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements as `T`, borrowed when they already are (no copy for the common case).
    pub fn view_as<T: Elem>(&self) -> Cow<'_, ArrayD<T>> {
        fn conv<S: Elem, T: Elem>(a: &ArrayD<S>) -> ArrayD<T> {
            if T::DTYPE.is_float() || S::DTYPE.is_float() {
                a.mapv(|x| T::from_f64(x.to_f64()))
            } else if T::DTYPE == Dtype::Bool {
                a.mapv(|x| T::from_bool(x.is_true()))
            } else {
                a.mapv(|x| T::from_i64(x.to_i64()))
            }
        }
        let any: &dyn std::any::Any = match self {
            Data::Bool(a) => a,
            Data::U8(a) => a,
            Data::I64(a) => a,
            Data::F32(a) => a,
            Data::F64(a) => a,
        };
        if let Some(same) = any.downcast_ref::<ArrayD<T>>() {
            return Cow::Borrowed(same);
        }
        Cow::Owned(np_each!(self, a => conv::<_, T>(a)))
    }

    /// `astype`: a copy in `dtype` (float to int truncates toward zero, as numpy does).
    pub fn cast(&self, dtype: Dtype) -> Data {
        match dtype {
            Dtype::Bool => Data::Bool(self.view_as::<bool>().into_owned()),
            Dtype::U8 => Data::U8(self.view_as::<u8>().into_owned()),
            Dtype::I64 => Data::I64(self.view_as::<i64>().into_owned()),
            Dtype::F32 => Data::F32(self.view_as::<f32>().into_owned()),
            Dtype::F64 => Data::F64(self.view_as::<f64>().into_owned()),
        }
    }

    pub fn from_scalar(s: Scalar) -> Data {
        let d = IxDyn(&[]);
        match s {
            Scalar::Bool(x) => Data::Bool(ArrayD::from_elem(d, x)),
            Scalar::U8(x) => Data::U8(ArrayD::from_elem(d, x)),
            Scalar::I64(x) => Data::I64(ArrayD::from_elem(d, x)),
            Scalar::F32(x) => Data::F32(ArrayD::from_elem(d, x)),
            Scalar::F64(x) => Data::F64(ArrayD::from_elem(d, x)),
        }
    }

    /// The element at a full index (one number per axis).
    pub fn get(&self, index: &[usize]) -> Option<Scalar> {
        Some(match self {
            Data::Bool(a) => Scalar::Bool(*a.get(index)?),
            Data::U8(a) => Scalar::U8(*a.get(index)?),
            Data::I64(a) => Scalar::I64(*a.get(index)?),
            Data::F32(a) => Scalar::F32(*a.get(index)?),
            Data::F64(a) => Scalar::F64(*a.get(index)?),
        })
    }

    /// The elements in row-major order, as scalars (for printing and `tolist`).
    pub fn scalars(&self) -> Vec<Scalar> {
        match self {
            Data::Bool(a) => a.iter().map(|&x| Scalar::Bool(x)).collect(),
            Data::U8(a) => a.iter().map(|&x| Scalar::U8(x)).collect(),
            Data::I64(a) => a.iter().map(|&x| Scalar::I64(x)).collect(),
            Data::F32(a) => a.iter().map(|&x| Scalar::F32(x)).collect(),
            Data::F64(a) => a.iter().map(|&x| Scalar::F64(x)).collect(),
        }
    }

    pub fn zeros(dtype: Dtype, shape: &[usize]) -> Data {
        Data::from_scalar(Scalar::F64(0.0))
            .cast(dtype)
            .broadcast_to(shape)
            .unwrap_or_else(|| Data::F64(ArrayD::zeros(IxDyn(shape))).cast(dtype))
    }

    pub fn filled(dtype: Dtype, shape: &[usize], value: f64) -> Data {
        Data::F64(ArrayD::from_elem(IxDyn(shape), value)).cast(dtype)
    }

    fn broadcast_to(&self, shape: &[usize]) -> Option<Data> {
        Some(np_each!(self, a, wrap => wrap(a.broadcast(IxDyn(shape))?.to_owned())))
    }
}

/// A numpy array as the notebook holds it. The elements are behind a `RefCell` because
/// Python code changes them in place (`a[0] = 5`) through any name for the array.
///
/// Slicing copies rather than giving a view that shares memory with the original, so
/// `row = a[0]; row[0] = 9` does not change `a` here as it would in numpy.
#[derive(Debug)]
pub struct NdArray {
    pub data: Rc<RefCell<Data>>,
}

impl NdArray {
    pub fn new(data: Data) -> NdArray {
        NdArray {
            data: Rc::new(RefCell::new(data)),
        }
    }

    pub fn dtype(&self) -> Dtype {
        self.data.borrow().dtype()
    }

    pub fn shape(&self) -> Vec<usize> {
        self.data.borrow().shape().to_vec()
    }

    /// The elements as f64 (a copy), for libraries that compute in f64.
    pub fn to_f64(&self) -> ArrayD<f64> {
        self.data.borrow().view_as::<f64>().into_owned()
    }

    /// The elements as a 2-D f32 matrix (a copy), for the engine's tensors; a 1-D array
    /// becomes one column, as Keras reads a vector of targets.
    pub fn to_f32_matrix(&self) -> PyResult<Array2<f32>> {
        let a = self.data.borrow().view_as::<f32>().into_owned();
        let shape = a.shape().to_vec();
        let (rows, cols) = match shape.as_slice() {
            [n] => (*n, 1),
            [r, c] => (*r, *c),
            _ => {
                return Err(value_error(
                    Message::new(Code::PyNpNot2d).with("shape", shape_text(&shape)),
                ))
            }
        };
        a.into_shape_with_order((rows, cols)).map_err(|_| {
            value_error(Message::new(Code::PyNpNot2d).with("shape", shape_text(&shape)))
        })
    }

    pub fn from_f64(a: ArrayD<f64>) -> NdArray {
        NdArray::new(Data::F64(a))
    }

    pub fn from_f32_matrix(a: Array2<f32>) -> NdArray {
        NdArray::new(Data::F32(a.into_dyn()))
    }

    /// The Python value for a result: an array, or a numpy scalar when it has no axes.
    pub fn wrap(data: Data) -> Value {
        if data.shape().is_empty() {
            if let Some(s) = data.get(&[]) {
                return Value::Host(Rc::new(super::scalar::NpScalar(s)));
            }
        }
        Value::Host(Rc::new(NdArray::new(data)))
    }

    /// The array behind a value, if it is one.
    pub fn of(v: &Value) -> Option<&NdArray> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<NdArray>(),
            _ => None,
        }
    }
}

/// Python's tuple text of a shape: `(3,)`, `(2, 3)`, `()`.
pub fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What `np.array(x)` builds from a Python value: nested lists and tuples of numbers,
/// arrays, numpy scalars. The dtype is the widest kind met (bool < int < float), as numpy
/// infers it, unless `dtype` is given.
pub fn from_value(interp: &mut Interp, v: &Value, dtype: Option<Dtype>) -> PyResult<Data> {
    if let Some(d) = match v {
        Value::Host(h) => h.array_data(),
        _ => None,
    } {
        let d = d?;
        return Ok(match dtype {
            Some(t) if t != d.dtype() => d.cast(t),
            _ => d,
        });
    }
    if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        return Ok(match dtype {
            Some(t) if t != d.dtype() => d.cast(t),
            _ => d.clone(),
        });
    }
    let mut shape: Option<Vec<usize>> = None;
    let mut flat: Vec<Scalar> = Vec::new();
    let mut kind = Dtype::Bool;
    collect(
        interp,
        v,
        0,
        &mut Vec::new(),
        &mut shape,
        &mut flat,
        &mut kind,
    )?;
    let shape = shape.unwrap_or_default();
    let inferred = if flat.is_empty() { Dtype::F64 } else { kind };
    let target = dtype.unwrap_or(inferred);
    let as_f64: Vec<f64> = flat.iter().map(|s| s.to_f64()).collect();
    let as_i64 = || -> Vec<i64> {
        flat.iter()
            .map(|s| match s {
                Scalar::I64(i) => *i,
                other => other.to_f64() as i64,
            })
            .collect()
    };
    let bad = |_| value_error(Message::new(Code::PyNpInhomogeneous));
    Ok(match target {
        Dtype::F64 => Data::F64(ArrayD::from_shape_vec(IxDyn(&shape), as_f64).map_err(bad)?),
        Dtype::F32 => Data::F32(
            ArrayD::from_shape_vec(IxDyn(&shape), as_f64.iter().map(|&x| x as f32).collect())
                .map_err(bad)?,
        ),
        Dtype::I64 => Data::I64(ArrayD::from_shape_vec(IxDyn(&shape), as_i64()).map_err(bad)?),
        Dtype::U8 => Data::U8(
            ArrayD::from_shape_vec(IxDyn(&shape), as_i64().iter().map(|&x| x as u8).collect())
                .map_err(bad)?,
        ),
        Dtype::Bool => Data::Bool(
            ArrayD::from_shape_vec(IxDyn(&shape), as_f64.iter().map(|&x| x != 0.0).collect())
                .map_err(bad)?,
        ),
    })
}

fn collect(
    interp: &mut Interp,
    v: &Value,
    depth: usize,
    at: &mut Vec<usize>,
    shape: &mut Option<Vec<usize>>,
    flat: &mut Vec<Scalar>,
    kind: &mut Dtype,
) -> PyResult<()> {
    if depth > 32 {
        return Err(value_error(Message::new(Code::PyNpInhomogeneous)));
    }
    let inhomogeneous = || value_error(Message::new(Code::PyNpInhomogeneous));
    let leaf = |s: Scalar, shape: &mut Option<Vec<usize>>, flat: &mut Vec<Scalar>| {
        match shape {
            None => *shape = Some(at.clone()),
            Some(sh) if sh.len() != at.len() => return Err(inhomogeneous()),
            _ => {}
        }
        flat.push(s);
        Ok(())
    };
    let items = match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        Value::Range(..) => interp.to_vec(v)?,
        Value::Bool(b) => return leaf(Scalar::Bool(*b), shape, flat),
        Value::Int(i) => {
            *kind = (*kind).max(Dtype::I64);
            return leaf(Scalar::I64(*i), shape, flat);
        }
        Value::Float(f) => {
            *kind = Dtype::F64;
            return leaf(Scalar::F64(*f), shape, flat);
        }
        Value::Host(h) => {
            if let Some(s) = h.as_any().downcast_ref::<super::scalar::NpScalar>() {
                *kind = Dtype::promote(*kind, s.0.dtype());
                return leaf(s.0, shape, flat);
            }
            if let Some(a) = h.as_any().downcast_ref::<NdArray>() {
                let d = a.data.borrow();
                *kind = Dtype::promote(*kind, d.dtype());
                let sub = d.shape().to_vec();
                let mut full = at.clone();
                full.extend_from_slice(&sub);
                match shape {
                    None => *shape = Some(full),
                    Some(sh) if *sh != full => return Err(inhomogeneous()),
                    _ => {}
                }
                flat.extend(d.scalars());
                return Ok(());
            }
            return Err(type_error(
                Message::new(Code::PyNpDtype).with("dtype", h.type_name()),
            ));
        }
        other => {
            return Err(type_error(
                Message::new(Code::PyNpDtype).with("dtype", other.type_name()),
            ))
        }
    };
    // Each level's length must agree with the first one seen at that depth.
    if let Some(sh) = shape {
        if sh.len() <= depth || sh[depth] != items.len() {
            return Err(inhomogeneous());
        }
    }
    if items.is_empty() {
        let mut full = at.clone();
        full.push(0);
        match shape {
            None => *shape = Some(full),
            Some(sh) if *sh != full => return Err(inhomogeneous()),
            _ => {}
        }
        return Ok(());
    }
    for (i, item) in items.iter().enumerate() {
        at.push(items.len());
        let _ = i;
        collect(interp, item, depth + 1, at, shape, flat, kind)?;
        at.pop();
        if flat.len() > 200_000_000 {
            return Err(PyError::new(
                "MemoryError",
                Message::new(Code::PyNumberTooLarge).with("what", "the array"),
            ));
        }
    }
    Ok(())
}
