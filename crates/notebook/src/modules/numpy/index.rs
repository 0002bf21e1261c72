//! `a[...]` and `a[...] = v` with numpy's meaning: ints (negative from the end), slices
//! with steps, `None` (a new axis), `...`, tuples of these (`X[:, 0:17]`), a boolean mask
//! (`a[a > 0]`), and an integer array or list (`a[[0, 2]]`) as the one advanced index.

use ndarray::{ArrayD, Axis, IxDyn, SliceInfo, SliceInfoElem};
use noriteo_core::messages::{Code, Message};

use super::array::{np_each, shape_text, Data, Elem, NdArray};
use crate::error::{PyError, PyResult};
use crate::eval::Interp;
use crate::value::Value;

/// One part of an index, resolved against the array's shape.
enum Part {
    /// A position on an axis (the axis disappears).
    At(usize),
    /// A Python slice, resolved: first position, step, count.
    Range(isize, isize, usize),
    NewAxis,
    /// Integer positions on one axis (the one advanced index).
    Take(Vec<usize>, Vec<usize>),
    /// A boolean mask over the leading axes (flattened to one).
    Mask(ArrayD<bool>),
}

fn bad_index() -> PyError {
    PyError::new("IndexError", Message::new(Code::PyNpBadIndex))
}

fn out_of_bounds(i: i64, axis: usize, size: usize) -> PyError {
    PyError::new(
        "IndexError",
        Message::new(Code::PyNpIndexBounds)
            .with("index", i)
            .with("axis", axis)
            .with("size", size),
    )
}

fn position(i: i64, axis: usize, size: usize) -> PyResult<usize> {
    let j = if i < 0 { i + size as i64 } else { i };
    if j < 0 || j >= size as i64 {
        return Err(out_of_bounds(i, axis, size));
    }
    Ok(j as usize)
}

/// Splits the index into parts and checks it against `shape`.
fn parse(interp: &mut Interp, index: &Value, shape: &[usize]) -> PyResult<Vec<Part>> {
    let items: Vec<Value> = match index {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let uses_axis = |v: &Value| match v {
        Value::None | Value::Ellipsis => 0,
        v => NdArray::of(v)
            .filter(|a| a.dtype() == super::array::Dtype::Bool)
            .map_or(1, |a| a.shape().len()),
    };
    let used: usize = items.iter().map(uses_axis).sum();
    if used > shape.len() {
        return Err(PyError::new(
            "IndexError",
            Message::new(Code::PyNpTooManyIndices)
                .with("ndim", shape.len())
                .with("given", used),
        ));
    }
    let mut parts = Vec::new();
    let mut axis = 0;
    let mut advanced = false;
    for item in &items {
        let size = shape.get(axis).copied().unwrap_or(0);
        match item {
            Value::None => parts.push(Part::NewAxis),
            Value::Ellipsis => {
                if items
                    .iter()
                    .filter(|v| matches!(v, Value::Ellipsis))
                    .count()
                    > 1
                {
                    return Err(bad_index());
                }
                for _ in 0..shape.len().saturating_sub(used) {
                    parts.push(Part::Range(0, 1, shape[axis]));
                    axis += 1;
                }
            }
            Value::Slice(s) => {
                let (lo, hi, step) = crate::eval::attr::slice_indices(size as i64, s)?;
                let n = crate::value::range_len(lo, hi, step) as usize;
                parts.push(Part::Range(lo as isize, step as isize, n));
                axis += 1;
            }
            Value::Int(_) | Value::Bool(_) => {
                parts.push(Part::At(position(item.as_index()?, axis, size)?));
                axis += 1;
            }
            v if matches!(v, Value::List(_)) || NdArray::of(v).is_some() => {
                if advanced {
                    return Err(crate::error::not_supported(
                        "more than one array or list in one index",
                    ));
                }
                advanced = true;
                let data = super::array::from_value(interp, v, None)?;
                if let Data::Bool(mask) = data {
                    let n = mask.ndim();
                    for (k, (&m, &s)) in mask.shape().iter().zip(&shape[axis..]).enumerate() {
                        if m != s {
                            return Err(PyError::new(
                                "IndexError",
                                Message::new(Code::PyNpMaskShape)
                                    .with("axis", axis + k)
                                    .with("size", s)
                                    .with("got", m),
                            ));
                        }
                    }
                    if axis != 0 && n != 1 {
                        return Err(crate::error::not_supported(
                            "a mask of several axes after other indices",
                        ));
                    }
                    parts.push(Part::Mask(mask));
                    axis += n;
                } else if data.dtype().is_float() {
                    return Err(bad_index());
                } else {
                    let idx = data.view_as::<i64>();
                    let pos = idx
                        .iter()
                        .map(|&i| position(i, axis, size))
                        .collect::<PyResult<Vec<_>>>()?;
                    parts.push(Part::Take(pos, idx.shape().to_vec()));
                    axis += 1;
                }
            }
            Value::Host(h) => match h.number() {
                Some(n @ (Value::Int(_) | Value::Bool(_))) => {
                    parts.push(Part::At(position(n.as_index()?, axis, size)?));
                    axis += 1;
                }
                _ => return Err(bad_index()),
            },
            _ => return Err(bad_index()),
        }
    }
    while axis < shape.len() {
        parts.push(Part::Range(0, 1, shape[axis]));
        axis += 1;
    }
    Ok(parts)
}

/// The basic parts as ndarray's slice description (Python's negative steps included).
fn slice_info(parts: &[Part]) -> Option<SliceInfo<Vec<SliceInfoElem>, IxDyn, IxDyn>> {
    let full = SliceInfoElem::Slice {
        start: 0,
        end: None,
        step: 1,
    };
    let elems: Vec<SliceInfoElem> = parts
        .iter()
        .flat_map(|p| {
            // A mask covers as many axes as it has.
            let n = match p {
                Part::Mask(m) => m.ndim(),
                _ => 1,
            };
            std::iter::repeat_n(p, n)
        })
        .map(|p| match *p {
            Part::At(i) => SliceInfoElem::Index(i as isize),
            Part::NewAxis => SliceInfoElem::NewAxis,
            Part::Range(_, _, 0) => SliceInfoElem::Slice {
                start: 0,
                end: Some(0),
                step: 1,
            },
            Part::Range(lo, step, n) if step > 0 => SliceInfoElem::Slice {
                start: lo,
                end: Some(lo + step * (n as isize - 1) + 1),
                step,
            },
            // ndarray walks a negative step from the end of [start, end).
            Part::Range(lo, step, n) => SliceInfoElem::Slice {
                start: lo + step * (n as isize - 1),
                end: Some(lo + 1),
                step,
            },
            Part::Take(..) | Part::Mask(_) => full,
        })
        .collect();
    SliceInfo::try_from(elems).ok()
}

/// Where the advanced part sits among the output axes, if there is one.
fn advanced_axis(parts: &[Part]) -> Option<usize> {
    let mut out = 0;
    for p in parts {
        match p {
            Part::Take(..) | Part::Mask(_) => return Some(out),
            Part::At(_) => {}
            _ => out += 1,
        }
    }
    None
}

fn get_typed<T: Elem>(a: &ArrayD<T>, parts: &[Part]) -> PyResult<ArrayD<T>> {
    let info = slice_info(parts).ok_or_else(bad_index)?;
    let basic = a.slice(info);
    let Some(at) = advanced_axis(parts) else {
        return Ok(basic.to_owned());
    };
    let part = parts
        .iter()
        .find(|p| matches!(p, Part::Take(..) | Part::Mask(_)));
    match part {
        Some(Part::Take(pos, idx_shape)) => {
            let taken = basic.select(Axis(at), pos);
            // An index array of several axes puts its shape in place of the axis.
            let mut shape = taken.shape()[..at].to_vec();
            shape.extend_from_slice(idx_shape);
            shape.extend_from_slice(&taken.shape()[at + 1..]);
            taken
                .as_standard_layout()
                .into_owned()
                .into_shape_with_order(IxDyn(&shape))
                .map_err(|_| bad_index())
        }
        Some(Part::Mask(mask)) => {
            let n = mask.ndim();
            let keep: Vec<usize> = mask
                .iter()
                .enumerate()
                .filter(|(_, &m)| m)
                .map(|(i, _)| i)
                .collect();
            let mut shape = basic.shape()[..at].to_vec();
            let rest = basic.shape()[at + n..].to_vec();
            shape.push(mask.len());
            shape.extend_from_slice(&rest);
            let flat = basic
                .as_standard_layout()
                .into_owned()
                .into_shape_with_order(IxDyn(&shape))
                .map_err(|_| bad_index())?;
            Ok(flat.select(Axis(at), &keep))
        }
        _ => Ok(basic.to_owned()),
    }
}

/// `a[index]`: an array, or a numpy scalar when every axis was indexed by an int.
pub fn get(interp: &mut Interp, data: &Data, index: &Value) -> PyResult<Value> {
    let parts = parse(interp, index, data.shape())?;
    let out = np_each!(data, a, wrap => wrap(get_typed(a, &parts)?));
    Ok(NdArray::wrap(out))
}

fn assign_error(from: &[usize], to: &[usize]) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyNpAssignShape)
            .with("from", shape_text(from))
            .with("to", shape_text(to)),
    )
}

fn set_typed<T: Elem>(a: &mut ArrayD<T>, parts: &[Part], value: &ArrayD<T>) -> PyResult<()> {
    let info = slice_info(parts).ok_or_else(bad_index)?;
    let mut view = a.slice_mut(info);
    let at = advanced_axis(parts);
    let part = parts
        .iter()
        .find(|p| matches!(p, Part::Take(..) | Part::Mask(_)));
    match (at, part) {
        (Some(at), Some(Part::Take(pos, _))) => {
            let target: Vec<usize> = view.shape().to_vec();
            let mut row_shape = target.clone();
            row_shape[at] = pos.len();
            let v = value
                .broadcast(IxDyn(&row_shape))
                .ok_or_else(|| assign_error(value.shape(), &row_shape))?;
            for (k, &p) in pos.iter().enumerate() {
                view.index_axis_mut(Axis(at), p)
                    .assign(&v.index_axis(Axis(at), k));
            }
            Ok(())
        }
        (Some(0), Some(Part::Mask(mask))) => {
            let count = mask.iter().filter(|&&m| m).count();
            let n = mask.ndim();
            let rest: Vec<usize> = view.shape()[n..].to_vec();
            let mut want = vec![count];
            want.extend_from_slice(&rest);
            let v = value
                .broadcast(IxDyn(&want))
                .ok_or_else(|| assign_error(value.shape(), &want))?;
            let mut k = 0;
            for (flat, &m) in mask.iter().enumerate() {
                if !m {
                    continue;
                }
                let mut idx = Vec::with_capacity(n);
                let mut r = flat;
                for &s in mask.shape().iter().rev() {
                    idx.push(r % s.max(1));
                    r /= s.max(1);
                }
                idx.reverse();
                let mut sub = view.view_mut();
                for &i in &idx {
                    sub = sub.index_axis_move(Axis(0), i);
                }
                sub.assign(&v.index_axis(Axis(0), k));
                k += 1;
            }
            Ok(())
        }
        (Some(_), _) => Err(crate::error::not_supported(
            "assigning through a mask after other indices",
        )),
        (None, _) => {
            let shape = view.shape().to_vec();
            let v = value
                .broadcast(IxDyn(&shape))
                .ok_or_else(|| assign_error(value.shape(), &shape))?;
            view.assign(&v);
            Ok(())
        }
    }
}

/// `a[index] = value`: the value is cast to the array's dtype and broadcast to the target.
/// The index and value are read before the array is borrowed for writing, so `a[a > 0] = a[0]`
/// reads `a` safely.
pub fn set(
    interp: &mut Interp,
    target: &std::cell::RefCell<Data>,
    index: &Value,
    value: &Value,
) -> PyResult<()> {
    let shape = target.borrow().shape().to_vec();
    let parts = parse(interp, index, &shape)?;
    let v = match super::ops::Operand::of(interp, value) {
        Some(op) => op?.data,
        None => {
            return Err(crate::error::type_error(
                Message::new(Code::PyNpDtype).with("dtype", value.type_name()),
            ))
        }
    };
    let mut data = target.borrow_mut();
    match &mut *data {
        Data::Bool(a) => set_typed(a, &parts, &v.view_as::<bool>()),
        Data::U8(a) => set_typed(a, &parts, &v.view_as::<u8>()),
        Data::I64(a) => set_typed(a, &parts, &v.view_as::<i64>()),
        Data::F32(a) => set_typed(a, &parts, &v.view_as::<f32>()),
        Data::F64(a) => set_typed(a, &parts, &v.view_as::<f64>()),
    }
}
