//! `NdArray` as a Python object: its attributes and methods, operators, indexing, `len`,
//! iteration and printing.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use ndarray::{Array2, ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};

use super::array::{shape_text, Data, Dtype, DtypeObj, NdArray};
use super::ops::{self, Operand};
use super::reduce::{self, Reduction};
use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, HostObject, Value};

pub fn array_value(data: Data) -> Value {
    Value::Host(Rc::new(NdArray::new(data)))
}

/// The array a function argument stands for (an array, a list, a number), as `np.asarray`.
pub fn to_data(interp: &mut Interp, v: &Value) -> PyResult<Data> {
    super::array::from_value(interp, v, None)
}

/// `axis=` as a position among `ndim` axes (negative from the end), or `None` for all.
pub fn axis_arg(v: Option<&Value>, ndim: usize) -> PyResult<Option<usize>> {
    let Some(v) = v else { return Ok(None) };
    if let Value::None = v {
        return Ok(None);
    }
    let a = v.as_index()?;
    let k = if a < 0 { a + ndim as i64 } else { a };
    if k < 0 || k >= ndim as i64 {
        return Err(PyError::new(
            "AxisError",
            Message::new(Code::PyNpAxis)
                .with("axis", a)
                .with("ndim", ndim),
        ));
    }
    Ok(Some(k as usize))
}

/// A shape given as a tuple, a list or several ints; `-1` once for "whatever is left".
pub fn shape_arg(items: &[Value], size: Option<usize>) -> PyResult<Vec<usize>> {
    let items: Vec<Value> = match items {
        [Value::Tuple(t)] => t.to_vec(),
        [Value::List(l)] => l.borrow().clone(),
        other => other.to_vec(),
    };
    let mut dims: Vec<i64> = items.iter().map(Value::as_index).collect::<PyResult<_>>()?;
    let unknown: Vec<usize> = (0..dims.len()).filter(|&i| dims[i] == -1).collect();
    if unknown.len() > 1 {
        return Err(value_error(Message::new(Code::PyNpOneUnknown)));
    }
    if dims.iter().any(|&d| d < -1) || (size.is_none() && !unknown.is_empty()) {
        return Err(value_error(Message::new(Code::PyNpNegativeDimension)));
    }
    if let (Some(size), Some(&u)) = (size, unknown.first()) {
        let known: i64 = dims
            .iter()
            .filter(|&&d| d != -1)
            .fold(1i64, |p, &d| p.saturating_mul(d));
        if known == 0 || size as i64 % known != 0 {
            return Err(reshape_error(size, &dims));
        }
        dims[u] = size as i64 / known;
    }
    let total = dims.iter().fold(1i64, |p, &d| p.saturating_mul(d));
    if total > 400_000_000 {
        return Err(PyError::new(
            "MemoryError",
            Message::new(Code::PyNpTooLarge).with("count", total),
        ));
    }
    if let Some(size) = size {
        if total != size as i64 {
            return Err(reshape_error(size, &dims));
        }
    }
    Ok(dims.into_iter().map(|d| d as usize).collect())
}

fn reshape_error(size: usize, dims: &[i64]) -> PyError {
    let shape: Vec<String> = dims.iter().map(i64::to_string).collect();
    let text = if shape.len() == 1 {
        format!("({},)", shape[0])
    } else {
        format!("({})", shape.join(", "))
    };
    value_error(
        Message::new(Code::PyNpReshape)
            .with("size", size)
            .with("shape", text),
    )
}

pub fn reshape(d: &Data, shape: &[usize]) -> PyResult<Data> {
    let err = || {
        reshape_error(
            d.len(),
            &shape.iter().map(|&x| x as i64).collect::<Vec<_>>(),
        )
    };
    Ok(super::array::np_each!(d, a, wrap => wrap(
        a.as_standard_layout()
            .into_owned()
            .into_shape_with_order(IxDyn(shape))
            .map_err(|_| err())?
    )))
}

pub fn transpose(d: &Data) -> Data {
    super::array::np_each!(d, a, wrap => wrap(a.t().as_standard_layout().into_owned()))
}

/// `a @ b` and `np.dot` for 1-D and 2-D arrays.
pub fn matmul(a: &Data, b: &Data, dot_words: bool) -> PyResult<Data> {
    let (sa, sb) = (a.shape().to_vec(), b.shape().to_vec());
    if sa.is_empty() || sb.is_empty() {
        if dot_words {
            return ops::binary(
                BinOp::Mul,
                &Operand {
                    data: a.clone(),
                    weak: false,
                },
                &Operand {
                    data: b.clone(),
                    weak: false,
                },
            );
        }
        return Err(value_error(
            Message::new(Code::PyNpUfuncType).with("ufunc", "matmul"),
        ));
    }
    if sa.len() > 2 || sb.len() > 2 {
        return Err(crate::error::not_supported(
            "@ on arrays of more than 2 axes",
        ));
    }
    let (n, k) = if sa.len() == 1 {
        (1, sa[0])
    } else {
        (sa[0], sa[1])
    };
    let (k2, m) = if sb.len() == 1 {
        (sb[0], 1)
    } else {
        (sb[0], sb[1])
    };
    if k != k2 {
        let m = if dot_words {
            let (da, db) = (sa.len() - 1, 0);
            Message::new(Code::PyNpDotShapes)
                .with("left", shape_text(&sa))
                .with("right", shape_text(&sb))
                .with("a", k)
                .with("da", da)
                .with("b", k2)
                .with("db", db)
        } else {
            Message::new(Code::PyNpMatmul)
                .with("got", k2)
                .with("expected", k)
        };
        return Err(value_error(m));
    }
    let mut out_shape = Vec::new();
    if sa.len() == 2 {
        out_shape.push(n);
    }
    if sb.len() == 2 {
        out_shape.push(m);
    }
    let dt = Dtype::promote(a.dtype(), b.dtype());
    fn mm<T: ndarray::LinalgScalar + super::array::Elem>(
        a: &Data,
        b: &Data,
        shape: (usize, usize, usize),
    ) -> Option<ArrayD<T>> {
        let (n, k, m) = shape;
        let x: Array2<T> = a
            .view_as::<T>()
            .as_standard_layout()
            .into_owned()
            .into_shape_with_order((n, k))
            .ok()?;
        let y: Array2<T> = b
            .view_as::<T>()
            .as_standard_layout()
            .into_owned()
            .into_shape_with_order((k, m))
            .ok()?;
        Some(x.dot(&y).into_dyn())
    }
    let bad = || value_error(Message::new(Code::PyNpUfuncType).with("ufunc", "matmul"));
    let out = match dt {
        Dtype::F64 => Data::F64(mm::<f64>(a, b, (n, k, m)).ok_or_else(bad)?),
        Dtype::F32 => Data::F32(mm::<f32>(a, b, (n, k, m)).ok_or_else(bad)?),
        _ => Data::I64(mm::<i64>(a, b, (n, k, m)).ok_or_else(bad)?),
    };
    reshape(&out, &out_shape)
}

pub fn binary_with(
    interp: &mut Interp,
    mine: Operand,
    op: BinOp,
    other: &Value,
    reflected: bool,
) -> Option<PyResult<Value>> {
    if let Value::Str(_) = other {
        return Some(Err(PyError::new(
            "UFuncTypeError",
            Message::new(Code::PyNpUfuncType).with("ufunc", ops::ufunc_name(op)),
        )));
    }
    let theirs = match Operand::of(interp, other)? {
        Ok(o) => o,
        Err(e) => return Some(Err(e)),
    };
    let (l, r) = if reflected {
        (&theirs, &mine)
    } else {
        (&mine, &theirs)
    };
    let out = if op == BinOp::MatMul {
        matmul(&l.data, &r.data, false)
    } else {
        ops::binary(op, l, r)
    };
    Some(out.map(NdArray::wrap))
}

pub fn compare_with(
    interp: &mut Interp,
    mine: Operand,
    op: CmpOp,
    other: &Value,
    reflected: bool,
) -> Option<PyResult<Value>> {
    let theirs = match Operand::of(interp, other)? {
        Ok(o) => o,
        Err(e) => return Some(Err(e)),
    };
    let (l, r) = if reflected {
        (&theirs, &mine)
    } else {
        (&mine, &theirs)
    };
    Some(ops::compare(op, l, r).map(NdArray::wrap))
}

pub fn unary_of(d: &Data, op: UnaryOp) -> Option<PyResult<Value>> {
    Some(match op {
        UnaryOp::Neg => ops::negate(d).map(NdArray::wrap),
        UnaryOp::Pos => Ok(NdArray::wrap(d.clone())),
        UnaryOp::Invert => match d {
            Data::Bool(a) => Ok(NdArray::wrap(Data::Bool(a.mapv(|x| !x)))),
            Data::I64(a) => Ok(NdArray::wrap(Data::I64(a.mapv(|x| !x)))),
            Data::U8(a) => Ok(NdArray::wrap(Data::U8(a.mapv(|x| !x)))),
            _ => Err(type_error(
                Message::new(Code::PyNpUfuncType).with("ufunc", "invert"),
            )),
        },
        UnaryOp::Not => return None,
    })
}

/// The Python value of every element, nested as the array's axes (`tolist`).
pub fn to_list(d: &Data) -> Value {
    fn nest(d: &Data, index: &mut Vec<usize>) -> Value {
        let shape = d.shape();
        if index.len() == shape.len() {
            return d.get(index).map_or(Value::None, |s| s.to_py());
        }
        let n = shape[index.len()];
        let mut items = Vec::with_capacity(n);
        for i in 0..n {
            index.push(i);
            items.push(nest(d, index));
            index.pop();
        }
        Value::list(items)
    }
    nest(d, &mut Vec::new())
}

const METHODS: &[&str] = &[
    "reshape",
    "astype",
    "tolist",
    "item",
    "copy",
    "flatten",
    "ravel",
    "sum",
    "mean",
    "std",
    "var",
    "min",
    "max",
    "argmin",
    "argmax",
    "prod",
    "any",
    "all",
    "transpose",
    "round",
    "dot",
];

/// An attribute of an array: a property (`shape`, `T`) or a bound method.
pub fn attribute(_interp: &mut Interp, arr: &NdArray, name: &str) -> Option<PyResult<Value>> {
    let d = arr.data.borrow();
    let v = match name {
        "shape" => Value::tuple(d.shape().iter().map(|&n| Value::Int(n as i64)).collect()),
        "ndim" => Value::Int(d.shape().len() as i64),
        "size" => Value::Int(d.len() as i64),
        "dtype" => Value::Host(Rc::new(DtypeObj(d.dtype()))),
        "T" => NdArray::wrap(transpose(&d)),
        _ => {
            let &m = METHODS.iter().find(|&&m| m == name)?;
            let data = arr.data.clone();
            Value::native(m, move |interp, args| method(interp, &data, m, args))
        }
    };
    Some(Ok(v))
}

fn reduction_of(name: &str) -> Option<Reduction> {
    Some(match name {
        "sum" => Reduction::Sum,
        "prod" => Reduction::Prod,
        "mean" => Reduction::Mean,
        "std" => Reduction::Std,
        "var" => Reduction::Var,
        "min" | "amin" => Reduction::Min,
        "max" | "amax" => Reduction::Max,
        "argmin" => Reduction::ArgMin,
        "argmax" => Reduction::ArgMax,
        "any" => Reduction::Any,
        "all" => Reduction::All,
        _ => return None,
    })
}

/// `a.sum(axis=0)` and `np.sum(a, axis=0)` alike.
pub fn reduce_call(d: &Data, name: &str, mut args: Args) -> PyResult<Value> {
    let r = reduction_of(name).ok_or_else(|| crate::error::not_supported(name))?;
    let axis = args.take_kw("axis").or_else(|| {
        if args.pos.is_empty() {
            None
        } else {
            Some(args.pos.remove(0))
        }
    });
    args.check(name, 0, 0)?;
    let axis = axis_arg(axis.as_ref(), d.shape().len())?;
    Ok(NdArray::wrap(reduce::reduce(d, r, axis)?))
}

/// `np.round(a, decimals)`: halves to even, on the scaled value as numpy does.
pub fn round_data(d: &Data, decimals: i64) -> Data {
    let decimals = decimals.clamp(-300, 300) as i32;
    let f = move |x: f64| {
        if decimals >= 0 {
            let m = 10f64.powi(decimals);
            (x * m).round_ties_even() / m
        } else {
            let m = 10f64.powi(-decimals);
            (x / m).round_ties_even() * m
        }
    };
    match d {
        Data::F64(a) => Data::F64(a.mapv(f)),
        Data::F32(a) => Data::F32(a.mapv(|x| f(f64::from(x)) as f32)),
        other if decimals >= 0 => other.clone(),
        other => Data::F64(other.view_as::<f64>().mapv(f)).cast(other.dtype()),
    }
}

fn method(
    interp: &mut Interp,
    cell: &Rc<RefCell<Data>>,
    name: &str,
    mut args: Args,
) -> PyResult<Value> {
    let d = cell.borrow().clone();
    match name {
        "reshape" => {
            args.take_kw("order");
            args.check("reshape", 1, usize::MAX)?;
            let shape = shape_arg(&args.pos, Some(d.len()))?;
            Ok(array_value(reshape(&d, &shape)?))
        }
        "astype" => {
            args.check("astype", 1, 1)?;
            let dt = Dtype::parse(&args.pos[0])?;
            Ok(array_value(d.cast(dt)))
        }
        "tolist" => {
            args.check("tolist", 0, 0)?;
            Ok(to_list(&d))
        }
        "item" => {
            args.check("item", 0, 0)?;
            if d.len() != 1 {
                return Err(value_error(Message::new(Code::PyNpNotScalar)));
            }
            let flat = d.scalars();
            Ok(flat.first().map_or(Value::None, |s| s.to_py()))
        }
        "copy" => {
            args.check("copy", 0, 0)?;
            Ok(array_value(d))
        }
        "flatten" | "ravel" => {
            args.check(name, 0, 0)?;
            Ok(array_value(reshape(&d, &[d.len()])?))
        }
        "transpose" => {
            args.check("transpose", 0, 0)?;
            Ok(array_value(transpose(&d)))
        }
        "round" => {
            let dec = args.take_kw("decimals");
            args.check("round", 0, 1)?;
            let dec = dec.or_else(|| args.pos.first().cloned());
            let n = dec.map(|v| v.as_index()).transpose()?.unwrap_or(0);
            Ok(NdArray::wrap(round_data(&d, n)))
        }
        "dot" => {
            args.check("dot", 1, 1)?;
            let other = to_data(interp, &args.pos[0])?;
            Ok(NdArray::wrap(matmul(&d, &other, true)?))
        }
        _ => reduce_call(&d, name, args),
    }
}

impl HostObject for NdArray {
    fn type_name(&self) -> &str {
        "ndarray"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(super::print::array_repr(&self.data.borrow()))
    }
    fn str(&self, _: &mut Interp) -> PyResult<String> {
        Ok(super::print::array_str(&self.data.borrow()))
    }
    fn getattr(&self, interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        attribute(interp, self, name)
    }
    fn setattr(&self, _: &mut Interp, name: &str, value: Value) -> PyResult<()> {
        if name == "shape" {
            let size = self.data.borrow().len();
            let shape = shape_arg(&[value], Some(size))?;
            let new = reshape(&self.data.borrow(), &shape)?;
            *self.data.borrow_mut() = new;
            return Ok(());
        }
        Err(PyError::new(
            "AttributeError",
            Message::new(Code::PyCannotSetAttribute)
                .with("name", name)
                .with("kind", "ndarray"),
        ))
    }
    fn getitem(&self, interp: &mut Interp, index: &Value) -> PyResult<Value> {
        let d = self.data.clone();
        let d = d.borrow();
        super::index::get(interp, &d, index)
    }
    fn setitem(&self, interp: &mut Interp, index: &Value, value: Value) -> PyResult<()> {
        super::index::set(interp, &self.data, index, &value)
    }
    fn binary(
        &self,
        interp: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        let mine = Operand {
            data: self.data.borrow().clone(),
            weak: false,
        };
        binary_with(interp, mine, op, other, reflected)
    }
    fn compare(
        &self,
        interp: &mut Interp,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        let mine = Operand {
            data: self.data.borrow().clone(),
            weak: false,
        };
        compare_with(interp, mine, op, other, reflected)
    }
    fn unary(&self, _: &mut Interp, op: UnaryOp) -> Option<PyResult<Value>> {
        unary_of(&self.data.borrow(), op)
    }
    fn len(&self) -> Option<usize> {
        self.data.borrow().shape().first().copied()
    }
    fn iter(&self, interp: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        let n = self.len()?;
        let d = self.data.borrow().clone();
        Some(
            (0..n)
                .map(|i| super::index::get(interp, &d, &Value::Int(i as i64)))
                .collect(),
        )
    }
    fn truthy(&self) -> PyResult<bool> {
        let d = self.data.borrow();
        if d.len() != 1 {
            return Err(value_error(Message::new(Code::PyNpTruth)));
        }
        Ok(d.scalars().first().is_some_and(|s| s.to_f64() != 0.0))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
