//! `import numpy as np`: arrays backed by `ndarray`, with numpy's indexing, broadcasting,
//! dtype promotion and printing (numpy 2.x conventions: scalars print as
//! `np.float64(0.5)`, as in Colab today).
//!
//! The files: [`array`] (the `NdArray` type, its dtypes and its Rust API for the later
//! libraries), [`ops`] (broadcasting arithmetic), [`index`], [`reduce`], [`print`],
//! [`random`], [`loadtxt`], [`scalar`] (numpy scalars) and [`object`] (the Python face of an
//! array: attributes, methods, operators). This file is the table of `np.` names.

pub mod array;
pub mod index;
pub mod loadtxt;
pub mod object;
pub mod ops;
pub mod print;
pub mod random;
pub mod reduce;
pub mod scalar;

use std::rc::Rc;

use ndarray::{ArrayD, Axis, IxDyn};
use noriteo_core::messages::{Code, Message};

pub use array::{Data, Dtype, NdArray, Scalar};

use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Module, Value};
use object::{array_value, axis_arg, shape_arg, to_data};
use ops::Operand;

fn dtype_kw(args: &mut Args) -> PyResult<Option<Dtype>> {
    match args.take_kw("dtype") {
        None | Some(Value::None) => Ok(None),
        Some(v) => Dtype::parse(&v).map(Some),
    }
}

fn filled(name: &'static str, value: f64) -> impl Fn(&mut Interp, Args) -> PyResult<Value> {
    move |_, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.check(name, 1, 1)?;
        let shape = shape_arg(std::slice::from_ref(&args.pos[0]), None)?;
        Ok(array_value(Data::filled(
            dtype.unwrap_or(Dtype::F64),
            &shape,
            value,
        )))
    }
}

fn like(name: &'static str, value: f64) -> impl Fn(&mut Interp, Args) -> PyResult<Value> {
    move |interp, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.check(name, 1, 1)?;
        let d = to_data(interp, &args.pos[0])?;
        let shape = d.shape().to_vec();
        Ok(array_value(Data::filled(
            dtype.unwrap_or(d.dtype()),
            &shape,
            value,
        )))
    }
}

fn arange(_: &mut Interp, mut args: Args) -> PyResult<Value> {
    let dtype = dtype_kw(&mut args)?;
    args.check("arange", 1, 3)?;
    let nums: Vec<Value> = args.pos.iter().map(Value::as_python_number).collect();
    for v in &nums {
        if !v.is_number() {
            return Err(type_error(
                Message::new(Code::PyArgType)
                    .with("function", "arange")
                    .with("expected", "a real number")
                    .with("got", v.type_name()),
            ));
        }
    }
    let f = |v: &Value| v.as_f64().unwrap_or(0.0);
    let (start, stop, step) = match nums.as_slice() {
        [stop] => (Value::Int(0), stop.clone(), Value::Int(1)),
        [start, stop] => (start.clone(), stop.clone(), Value::Int(1)),
        [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
        _ => return Err(value_error(Message::new(Code::PyRangeStepZero))),
    };
    if f(&step) == 0.0 {
        return Err(PyError::new(
            "ZeroDivisionError",
            Message::new(Code::PyDivisionByZero),
        ));
    }
    let ints = [&start, &stop, &step]
        .iter()
        .all(|v| matches!(v, Value::Int(_) | Value::Bool(_)));
    let n = ((f(&stop) - f(&start)) / f(&step)).ceil().max(0.0);
    if n > 400_000_000.0 {
        return Err(PyError::new(
            "MemoryError",
            Message::new(Code::PyNpTooLarge).with("count", n),
        ));
    }
    let n = n as usize;
    let data = if ints {
        let (a, s) = (start.as_index()?, step.as_index()?);
        Data::I64(ArrayD::from_shape_fn(IxDyn(&[n]), |i| {
            a.wrapping_add((i[0] as i64).wrapping_mul(s))
        }))
    } else {
        let (a, s) = (f(&start), f(&step));
        Data::F64(ArrayD::from_shape_fn(IxDyn(&[n]), |i| a + i[0] as f64 * s))
    };
    Ok(array_value(match dtype {
        Some(t) => data.cast(t),
        None => data,
    }))
}

fn linspace(_: &mut Interp, mut args: Args) -> PyResult<Value> {
    let num = args.take_kw("num");
    let endpoint = args.take_kw("endpoint");
    let dtype = dtype_kw(&mut args)?;
    args.check("linspace", 2, 3)?;
    let num = match num.as_ref().or(args.pos.get(2)) {
        None => 50,
        Some(v) => v.as_index()?,
    };
    if num < 0 {
        return Err(value_error(Message::new(Code::PyNpNegativeDimension)));
    }
    if num > 400_000_000 {
        return Err(PyError::new(
            "MemoryError",
            Message::new(Code::PyNpTooLarge).with("count", num),
        ));
    }
    let endpoint = endpoint
        .map(|v| v.truthy_builtin().unwrap_or(true))
        .unwrap_or(true);
    let num_f = |v: &Value| {
        v.as_f64().ok_or_else(|| {
            type_error(
                Message::new(Code::PyArgType)
                    .with("function", "linspace")
                    .with("expected", "a real number")
                    .with("got", v.type_name()),
            )
        })
    };
    let (start, stop) = (num_f(&args.pos[0])?, num_f(&args.pos[1])?);
    let n = num as usize;
    let div = if endpoint { n.saturating_sub(1) } else { n } as f64;
    let delta = stop - start;
    let step = delta / div;
    // numpy's order of operations, so the printed digits agree.
    let mut v: Vec<f64> = (0..n)
        .map(|i| {
            let y = i as f64;
            let y = if div > 0.0 && step == 0.0 {
                y / div * delta
            } else if div > 0.0 {
                y * step
            } else {
                y * delta
            };
            y + start
        })
        .collect();
    if endpoint && n > 1 {
        if let Some(last) = v.last_mut() {
            *last = stop;
        }
    }
    let data = Data::F64(ArrayD::from_shape_vec(IxDyn(&[n]), v.split_off(0)).unwrap_or_default());
    Ok(array_value(match dtype {
        Some(t) => data.cast(t),
        None => data,
    }))
}

fn concatenate(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let axis = args.take_kw("axis");
    args.check("concatenate", 1, 2)?;
    let items = interp.to_vec(&args.pos[0])?;
    let parts: Vec<Data> = items
        .iter()
        .map(|v| to_data(interp, v))
        .collect::<PyResult<_>>()?;
    let Some(first) = parts.first() else {
        return Err(value_error(
            Message::new(Code::PyEmptySequence).with("function", "concatenate"),
        ));
    };
    let ndim = first.shape().len();
    if ndim == 0 {
        return Err(value_error(
            Message::new(Code::PyNpAxis).with("axis", 0).with("ndim", 0),
        ));
    }
    let axis = axis_arg(
        Some(axis.as_ref().or(args.pos.get(1)).unwrap_or(&Value::Int(0))),
        ndim,
    )?
    .unwrap_or(0);
    for (i, p) in parts.iter().enumerate().skip(1) {
        if p.shape().len() != ndim {
            return Err(value_error(
                Message::new(Code::PyNpConcatNdim)
                    .with("first", ndim)
                    .with("index", i)
                    .with("ndim", p.shape().len()),
            ));
        }
        for k in 0..ndim {
            if k != axis && p.shape()[k] != first.shape()[k] {
                return Err(value_error(
                    Message::new(Code::PyNpConcat)
                        .with("axis", k)
                        .with("first", first.shape()[k])
                        .with("index", i)
                        .with("size", p.shape()[k]),
                ));
            }
        }
    }
    let dt = parts
        .iter()
        .map(Data::dtype)
        .reduce(Dtype::promote)
        .unwrap_or(Dtype::F64);
    fn join<T: array::Elem>(parts: &[Data], axis: usize) -> Option<ArrayD<T>> {
        let owned: Vec<ArrayD<T>> = parts
            .iter()
            .map(|p| p.view_as::<T>().into_owned())
            .collect();
        let views: Vec<_> = owned.iter().map(|a| a.view()).collect();
        ndarray::concatenate(Axis(axis), &views).ok()
    }
    let bad = || value_error(Message::new(Code::PyNpInhomogeneous));
    Ok(array_value(match dt {
        Dtype::Bool => Data::Bool(join(&parts, axis).ok_or_else(bad)?),
        Dtype::U8 => Data::U8(join(&parts, axis).ok_or_else(bad)?),
        Dtype::I64 => Data::I64(join(&parts, axis).ok_or_else(bad)?),
        Dtype::F32 => Data::F32(join(&parts, axis).ok_or_else(bad)?),
        Dtype::F64 => Data::F64(join(&parts, axis).ok_or_else(bad)?),
    }))
}

fn where_(interp: &mut Interp, args: Args) -> PyResult<Value> {
    args.check("where", 1, 3)?;
    let cond = to_data(interp, &args.pos[0])?;
    if args.pos.len() == 1 {
        // `np.where(mask)`: the positions of the true elements, one array per axis.
        let shape = cond.shape().to_vec();
        let b = cond.view_as::<bool>();
        let mut per_axis: Vec<Vec<i64>> = vec![Vec::new(); shape.len()];
        for (idx, &v) in b.indexed_iter() {
            if v {
                for (k, list) in per_axis.iter_mut().enumerate() {
                    list.push(idx[k] as i64);
                }
            }
        }
        return Ok(Value::tuple(
            per_axis
                .into_iter()
                .map(|l| {
                    let n = l.len();
                    array_value(Data::I64(
                        ArrayD::from_shape_vec(IxDyn(&[n]), l).unwrap_or_default(),
                    ))
                })
                .collect(),
        ));
    }
    if args.pos.len() != 3 {
        return Err(value_error(
            Message::new(Code::PyArgCount)
                .with("function", "where")
                .with("expected", "1 or 3")
                .with("got", args.pos.len()),
        ));
    }
    let x = Operand::of(interp, &args.pos[1]);
    let y = Operand::of(interp, &args.pos[2]);
    let (Some(x), Some(y)) = (x, y) else {
        return Err(type_error(
            Message::new(Code::PyNpDtype).with("dtype", "object"),
        ));
    };
    let (x, y) = (x?, y?);
    let dt = ops::result_dtype(&x, &y);
    let c = cond.view_as::<bool>();
    // Broadcast all three to one shape, then pick.
    let s = ops::broadcast_shape(c.shape(), x.data.shape())?;
    let s = ops::broadcast_shape(&s, y.data.shape())?;
    fn pick<T: array::Elem>(
        c: &ArrayD<bool>,
        x: &Data,
        y: &Data,
        s: &[usize],
    ) -> Option<ArrayD<T>> {
        let (xv, yv) = (x.view_as::<T>(), y.view_as::<T>());
        let cb = c.broadcast(IxDyn(s))?;
        let xb = xv.broadcast(IxDyn(s))?;
        let yb = yv.broadcast(IxDyn(s))?;
        Some(
            ndarray::Zip::from(&cb)
                .and(&xb)
                .and(&yb)
                .map_collect(|&c, &a, &b| if c { a } else { b }),
        )
    }
    let bad = || ops::broadcast_error(c.shape(), x.data.shape());
    Ok(array_value(match dt {
        Dtype::Bool => Data::Bool(pick(&c, &x.data, &y.data, &s).ok_or_else(bad)?),
        Dtype::U8 => Data::U8(pick(&c, &x.data, &y.data, &s).ok_or_else(bad)?),
        Dtype::I64 => Data::I64(pick(&c, &x.data, &y.data, &s).ok_or_else(bad)?),
        Dtype::F32 => Data::F32(pick(&c, &x.data, &y.data, &s).ok_or_else(bad)?),
        Dtype::F64 => Data::F64(pick(&c, &x.data, &y.data, &s).ok_or_else(bad)?),
    }))
}

fn unique(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let counts = args
        .take_kw("return_counts")
        .map(|v| v.truthy_builtin().unwrap_or(false))
        .unwrap_or(false);
    args.check("unique", 1, 1)?;
    let d = to_data(interp, &args.pos[0])?;
    let mut items = d.scalars();
    items.sort_by(|a, b| a.to_f64().total_cmp(&b.to_f64()));
    let mut values: Vec<Scalar> = Vec::new();
    let mut n: Vec<i64> = Vec::new();
    for s in items {
        match values.last() {
            Some(last) if last.to_f64() == s.to_f64() => {
                if let Some(c) = n.last_mut() {
                    *c += 1;
                }
            }
            _ => {
                values.push(s);
                n.push(1);
            }
        }
    }
    let len = values.len();
    let flat = Data::F64(
        ArrayD::from_shape_vec(IxDyn(&[len]), values.iter().map(|s| s.to_f64()).collect())
            .unwrap_or_default(),
    );
    let vals = match values.first() {
        Some(Scalar::I64(_)) => Data::I64(
            ArrayD::from_shape_vec(
                IxDyn(&[len]),
                values
                    .iter()
                    .map(|s| match s {
                        Scalar::I64(i) => *i,
                        other => other.to_f64() as i64,
                    })
                    .collect(),
            )
            .unwrap_or_default(),
        ),
        _ => flat.cast(d.dtype()),
    };
    let vals = array_value(vals);
    if counts {
        let c = array_value(Data::I64(
            ArrayD::from_shape_vec(IxDyn(&[len]), n).unwrap_or_default(),
        ));
        return Ok(Value::tuple(vec![vals, c]));
    }
    Ok(vals)
}

fn elementwise(m: &Module, name: &'static str, f: fn(f64) -> f64) {
    m.def(name, move |interp, args| {
        args.check(name, 1, 1)?;
        let d = to_data(interp, &args.pos[0])?;
        Ok(NdArray::wrap(ops::float_map(&d, f)))
    });
}

/// `np.float32(x)` and friends: a scalar from a number, an array from a list.
fn dtype_function(m: &Module, name: &'static str, dtype: Dtype) {
    m.def(name, move |interp, args| {
        args.check(name, 0, 1)?;
        let Some(v) = args.pos.first() else {
            return Ok(NdArray::wrap(Data::zeros(dtype, &[])));
        };
        let v = match v {
            Value::Str(s) => match s.trim().parse::<f64>() {
                Ok(f) => Value::Float(f),
                Err(_) => {
                    return Err(value_error(
                        Message::new(Code::PyInvalidFloat).with("value", crate::repr::str_repr(s)),
                    ))
                }
            },
            other => other.clone(),
        };
        let d = array::from_value(interp, &v, None)?.cast(dtype);
        Ok(NdArray::wrap(d))
    });
}

pub fn make(interp: &mut Interp) -> PyResult<Value> {
    let m = Module::new("numpy");
    m.set("__version__", Value::str("2.4.6"));
    m.set("pi", Value::Float(std::f64::consts::PI));
    m.set("e", Value::Float(std::f64::consts::E));
    m.set("inf", Value::Float(f64::INFINITY));
    m.set("nan", Value::Float(f64::NAN));
    m.set("newaxis", Value::None);
    m.def("array", |interp, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.take_kw("copy");
        args.check("array", 1, 1)?;
        let d = array::from_value(interp, &args.pos[0], dtype)?;
        Ok(array_value(d))
    });
    m.def("asarray", |interp, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.check("asarray", 1, 1)?;
        if dtype.is_none() && NdArray::of(&args.pos[0]).is_some() {
            return Ok(args.pos[0].clone());
        }
        Ok(array_value(array::from_value(interp, &args.pos[0], dtype)?))
    });
    m.def("zeros", filled("zeros", 0.0));
    m.def("empty", filled("empty", 0.0));
    m.def("ones", filled("ones", 1.0));
    m.def("zeros_like", like("zeros_like", 0.0));
    m.def("ones_like", like("ones_like", 1.0));
    m.def("full", |_, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.check("full", 2, 2)?;
        let shape = shape_arg(std::slice::from_ref(&args.pos[0]), None)?;
        let v = args.pos[1].as_python_number();
        let inferred = match v {
            Value::Float(_) => Dtype::F64,
            Value::Bool(_) => Dtype::Bool,
            _ => Dtype::I64,
        };
        let x = v.as_f64().ok_or_else(|| {
            type_error(Message::new(Code::PyNpDtype).with("dtype", v.type_name()))
        })?;
        Ok(array_value(Data::filled(
            dtype.unwrap_or(inferred),
            &shape,
            x,
        )))
    });
    m.def("eye", |_, mut args| {
        let dtype = dtype_kw(&mut args)?;
        args.check("eye", 1, 1)?;
        let n = args.pos[0].as_index()?;
        if !(0..=20_000).contains(&n) {
            return Err(value_error(Message::new(Code::PyNpNegativeDimension)));
        }
        let n = n as usize;
        let a = ArrayD::from_shape_fn(IxDyn(&[n, n]), |i| if i[0] == i[1] { 1.0 } else { 0.0 });
        Ok(array_value(Data::F64(a).cast(dtype.unwrap_or(Dtype::F64))))
    });
    m.def("arange", arange);
    m.def("linspace", linspace);
    m.def("reshape", |interp, args| {
        args.check("reshape", 2, 2)?;
        let d = to_data(interp, &args.pos[0])?;
        let shape = shape_arg(std::slice::from_ref(&args.pos[1]), Some(d.len()))?;
        Ok(array_value(object::reshape(&d, &shape)?))
    });
    m.def("transpose", |interp, args| {
        args.check("transpose", 1, 1)?;
        let d = to_data(interp, &args.pos[0])?;
        Ok(array_value(object::transpose(&d)))
    });
    m.def("concatenate", concatenate);
    for (name, axis) in [("vstack", 0i64), ("hstack", 1)] {
        m.def(name, move |interp, args| {
            args.check(name, 1, 1)?;
            let items = interp.to_vec(&args.pos[0])?;
            let mut parts = Vec::new();
            for v in &items {
                let d = to_data(interp, v)?;
                // vstack treats 1-D arrays as rows; hstack joins 1-D arrays end to end.
                let d = match (name, d.shape().len()) {
                    ("vstack", 1) => object::reshape(&d, &[1, d.len()])?,
                    _ => d,
                };
                parts.push(array_value(d));
            }
            let one_d = parts
                .first()
                .and_then(NdArray::of)
                .is_some_and(|a| a.shape().len() == 1);
            let axis = if one_d { 0 } else { axis };
            concatenate(
                interp,
                Args {
                    pos: vec![Value::list(parts), Value::Int(axis)],
                    kw: Vec::new(),
                },
            )
        });
    }
    m.def("where", where_);
    m.def("unique", unique);
    for name in [
        "sum", "mean", "std", "var", "min", "max", "amin", "amax", "argmin", "argmax", "prod",
        "any", "all",
    ] {
        m.def(name, move |interp, mut args| {
            if args.pos.is_empty() {
                return Err(type_error(
                    Message::new(Code::PyArgCount)
                        .with("function", name)
                        .with("expected", "at least 1")
                        .with("got", 0),
                ));
            }
            let a = args.pos.remove(0);
            let d = to_data(interp, &a)?;
            object::reduce_call(&d, name, args)
        });
    }
    for name in ["round", "around"] {
        m.def(name, move |interp, mut args| {
            let dec = args.take_kw("decimals");
            args.check(name, 1, 2)?;
            let d = to_data(interp, &args.pos[0])?;
            let n = match dec.as_ref().or(args.pos.get(1)) {
                None => 0,
                Some(v) => v.as_index()?,
            };
            Ok(NdArray::wrap(object::round_data(&d, n)))
        });
    }
    elementwise(&m, "exp", f64::exp);
    elementwise(&m, "log", f64::ln);
    elementwise(&m, "log10", f64::log10);
    elementwise(&m, "log2", f64::log2);
    elementwise(&m, "sqrt", f64::sqrt);
    elementwise(&m, "sin", f64::sin);
    elementwise(&m, "cos", f64::cos);
    elementwise(&m, "tanh", f64::tanh);
    elementwise(&m, "floor", f64::floor);
    elementwise(&m, "ceil", f64::ceil);
    for name in ["abs", "absolute"] {
        m.def(name, move |interp, args| {
            args.check(name, 1, 1)?;
            let d = to_data(interp, &args.pos[0])?;
            Ok(NdArray::wrap(ops::absolute(&d)))
        });
    }
    m.def("square", |interp, args| {
        args.check("square", 1, 1)?;
        let d = to_data(interp, &args.pos[0])?;
        let x = Operand {
            data: d,
            weak: false,
        };
        let two = Operand {
            data: Data::from_scalar(Scalar::I64(2)),
            weak: true,
        };
        Ok(NdArray::wrap(ops::binary(
            crate::ast::BinOp::Pow,
            &x,
            &two,
        )?))
    });
    m.def("isnan", |interp, args| {
        args.check("isnan", 1, 1)?;
        let d = to_data(interp, &args.pos[0])?;
        Ok(NdArray::wrap(Data::Bool(
            d.view_as::<f64>().mapv(f64::is_nan),
        )))
    });
    for (name, op) in [
        ("maximum", crate::ast::CmpOp::Gt),
        ("minimum", crate::ast::CmpOp::Lt),
    ] {
        m.def(name, move |interp, args| {
            args.check(name, 2, 2)?;
            let a = to_data(interp, &args.pos[0])?;
            let b = to_data(interp, &args.pos[1])?;
            let (x, y) = (
                Operand {
                    data: a,
                    weak: false,
                },
                Operand {
                    data: b,
                    weak: false,
                },
            );
            let dt = ops::result_dtype(&x, &y);
            let (p, q) = (x.data.view_as::<f64>(), y.data.view_as::<f64>());
            let r = ops::zip_with(&p, &q, |u, v| {
                let keep_u = u.is_nan()
                    || (op == crate::ast::CmpOp::Gt && u >= v)
                    || (op == crate::ast::CmpOp::Lt && u <= v);
                if keep_u {
                    u
                } else {
                    v
                }
            })?;
            Ok(NdArray::wrap(Data::F64(r).cast(dt)))
        });
    }
    for name in ["dot", "matmul"] {
        m.def(name, move |interp, args| {
            args.check(name, 2, 2)?;
            let a = to_data(interp, &args.pos[0])?;
            let b = to_data(interp, &args.pos[1])?;
            Ok(NdArray::wrap(object::matmul(&a, &b, name == "dot")?))
        });
    }
    m.def("loadtxt", loadtxt::loadtxt);
    for (name, dtype) in [
        ("float64", Dtype::F64),
        ("float32", Dtype::F32),
        ("int64", Dtype::I64),
        ("int32", Dtype::I64),
        ("uint8", Dtype::U8),
        ("bool_", Dtype::Bool),
    ] {
        dtype_function(&m, name, dtype);
    }
    let rng = random::Random::new();
    m.set("random", random::make(&rng));
    let _ = interp;
    Ok(Value::Module(Rc::new(m)))
}
