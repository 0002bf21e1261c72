//! DataFrame, Series, Index and the `iloc`/`loc` indexers as Python objects: attributes,
//! methods, indexing, operators, printing.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use super::column::{Cell, Col, Label};
use super::frame::{self, Frame, Index, SeriesData, Stat};
use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::attr::slice_indices;
use crate::eval::Interp;
use crate::modules::numpy::ops::{self, Operand};
use crate::modules::numpy::{Data, NdArray};
use crate::value::{Args, HostObject, Value};

pub struct DataFrame(pub Rc<RefCell<Frame>>);
pub struct Series(pub Rc<RefCell<SeriesData>>);
/// `df.columns` / `df.index`.
pub struct IndexObj(pub Index);
/// `df.iloc`, `df.loc`, `s.iloc`, `s.loc`.
pub struct Indexer {
    target: Target,
    loc: bool,
}

#[derive(Clone)]
enum Target {
    Frame(Rc<RefCell<Frame>>),
    Series(Rc<RefCell<SeriesData>>),
}

pub fn frame_value(f: Frame) -> Value {
    Value::Host(Rc::new(DataFrame(Rc::new(RefCell::new(f)))))
}

pub fn series_value(s: SeriesData) -> Value {
    Value::Host(Rc::new(Series(Rc::new(RefCell::new(s)))))
}

impl DataFrame {
    pub fn of(v: &Value) -> Option<&DataFrame> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<DataFrame>(),
            _ => None,
        }
    }
}

impl Series {
    pub fn of(v: &Value) -> Option<&Series> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<Series>(),
            _ => None,
        }
    }
}

fn key_error(key: &str) -> PyError {
    PyError::new(
        "KeyError",
        Message::new(Code::PyPdKeyError).with("key", key),
    )
}

/// The labels a list, tuple, Index, array or Series of labels gives; `None` if `v` is none.
fn label_list(interp: &mut Interp, v: &Value) -> PyResult<Option<Vec<Label>>> {
    let items = match v {
        Value::List(_) | Value::Tuple(_) => interp.to_vec(v)?,
        Value::Host(h) => {
            if let Some(i) = h.as_any().downcast_ref::<IndexObj>() {
                return Ok(Some(i.0.labels.clone()));
            }
            if let Some(s) = h.as_any().downcast_ref::<Series>() {
                let s = s.0.borrow();
                return Ok(Some(
                    (0..s.col.len())
                        .map(|i| Label::of_cell(&s.col.cell(i)))
                        .collect(),
                ));
            }
            if NdArray::of(v).is_some() {
                interp.to_vec(v)?
            } else {
                return Ok(None);
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(
        items
            .iter()
            .map(|x| {
                Label::of(x).ok_or_else(|| {
                    type_error(Message::new(Code::PyUnhashable).with("kind", x.type_name()))
                })
            })
            .collect::<PyResult<_>>()?,
    ))
}

/// A boolean mask of `n` rows: a bool Series, a bool array or a list of bools.
fn bool_mask(interp: &mut Interp, v: &Value, n: usize) -> PyResult<Option<Vec<bool>>> {
    let mask: Vec<bool> = if let Some(s) = Series::of(v) {
        match &s.0.borrow().col {
            Col::Bool(b) => b.clone(),
            _ => return Ok(None),
        }
    } else if let Some(a) = NdArray::of(v) {
        match &*a.data.borrow() {
            Data::Bool(b) if b.ndim() == 1 => b.iter().copied().collect(),
            _ => return Ok(None),
        }
    } else if let Value::List(l) = v {
        let l = l.borrow();
        if l.is_empty() || !l.iter().all(|x| matches!(x, Value::Bool(_))) {
            return Ok(None);
        }
        l.iter().map(|x| matches!(x, Value::Bool(true))).collect()
    } else {
        return Ok(None);
    };
    let _ = interp;
    if mask.len() != n {
        return Err(PyError::new(
            "IndexError",
            Message::new(Code::PyNpMaskShape)
                .with("axis", 0)
                .with("size", n)
                .with("got", mask.len()),
        ));
    }
    Ok(Some(mask))
}

fn mask_rows(mask: &[bool]) -> Vec<usize> {
    mask.iter()
        .enumerate()
        .filter_map(|(i, &b)| b.then_some(i))
        .collect()
}

enum Sel {
    One(usize),
    Many(Vec<usize>),
}

fn slice_positions(n: usize, parts: &[Value; 3]) -> PyResult<Vec<usize>> {
    let (start, stop, step) = slice_indices(n as i64, parts)?;
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if i >= 0 && (i as usize) < n {
            out.push(i as usize);
        }
        i += step;
    }
    Ok(out)
}

/// Rows or columns by position (`iloc`).
fn positions(interp: &mut Interp, key: &Value, n: usize) -> PyResult<Sel> {
    if let Value::Slice(s) = key {
        return Ok(Sel::Many(slice_positions(n, s)?));
    }
    if let Some(m) = bool_mask(interp, key, n)? {
        return Ok(Sel::Many(mask_rows(&m)));
    }
    let one = |i: i64| -> PyResult<usize> {
        let j = if i < 0 { i + n as i64 } else { i };
        if j < 0 || j >= n as i64 {
            return Err(PyError::new(
                "IndexError",
                Message::new(Code::PyPdIlocBounds),
            ));
        }
        Ok(j as usize)
    };
    match key.as_python_number() {
        Value::Int(i) => return Ok(Sel::One(one(i)?)),
        Value::Bool(_) | Value::Float(_) | Value::Str(_) => {
            return Err(type_error(Message::new(Code::PyPdIlocType)))
        }
        _ => {}
    }
    let items = match key {
        Value::List(_) | Value::Range(..) => interp.to_vec(key)?,
        _ if NdArray::of(key).is_some() || Series::of(key).is_some() => interp.to_vec(key)?,
        _ => return Err(type_error(Message::new(Code::PyPdIlocType))),
    };
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        match it.as_python_number() {
            Value::Int(i) => out.push(one(i)?),
            _ => return Err(type_error(Message::new(Code::PyPdIlocType))),
        }
    }
    Ok(Sel::Many(out))
}

/// Rows or columns by label (`loc`, and `df[...]` for columns); slices include their end.
fn label_positions(interp: &mut Interp, key: &Value, index: &Index) -> PyResult<Sel> {
    let n = index.len();
    if let Value::Slice(s) = key {
        let find = |v: &Value| -> PyResult<Option<usize>> {
            match v {
                Value::None => Ok(None),
                v => {
                    let l = Label::of(v).ok_or_else(|| key_error(&v.type_name()))?;
                    index
                        .position(&l)
                        .map(Some)
                        .ok_or_else(|| key_error(&l.repr()))
                }
            }
        };
        let start = find(&s[0])?.unwrap_or(0);
        let stop = find(&s[1])?.map_or(n, |e| e + 1);
        return Ok(Sel::Many((start..stop.max(start)).collect()));
    }
    if let Some(m) = bool_mask(interp, key, n)? {
        return Ok(Sel::Many(mask_rows(&m)));
    }
    if let Some(labels) = label_list(interp, key)? {
        let missing: Vec<String> = labels
            .iter()
            .filter(|l| index.position(l).is_none())
            .map(Label::repr)
            .collect();
        if !missing.is_empty() {
            return Err(PyError::new(
                "KeyError",
                Message::new(Code::PyPdNotInIndex)
                    .with("labels", format!("[{}]", missing.join(", "))),
            ));
        }
        return Ok(Sel::Many(
            labels.iter().filter_map(|l| index.position(l)).collect(),
        ));
    }
    let l = Label::of(key).ok_or_else(|| {
        type_error(Message::new(Code::PyUnhashable).with("kind", key.type_name()))
    })?;
    index
        .position(&l)
        .map(Sel::One)
        .ok_or_else(|| key_error(&l.repr()))
}

/// `df[key]`: a column, a list of columns, a row slice or a boolean row filter.
fn frame_getitem(interp: &mut Interp, f: &Frame, key: &Value) -> PyResult<Value> {
    if let Value::Slice(s) = key {
        let rows = slice_positions(f.nrows(), s)?;
        return Ok(frame_value(f.take_rows(&rows)));
    }
    if let Some(m) = bool_mask(interp, key, f.nrows())? {
        return Ok(frame_value(f.take_rows(&mask_rows(&m))));
    }
    if let Some(labels) = label_list(interp, key)? {
        let missing: Vec<String> = labels
            .iter()
            .filter(|l| f.find(l).is_none())
            .map(Label::repr)
            .collect();
        if !missing.is_empty() {
            return Err(PyError::new(
                "KeyError",
                Message::new(Code::PyPdNotInIndex)
                    .with("labels", format!("[{}]", missing.join(", "))),
            ));
        }
        let cols: Vec<usize> = labels.iter().filter_map(|l| f.find(l)).collect();
        return Ok(frame_value(f.select(&cols)));
    }
    let l = Label::of(key).ok_or_else(|| {
        type_error(Message::new(Code::PyUnhashable).with("kind", key.type_name()))
    })?;
    match f.find(&l) {
        Some(c) => Ok(series_value(f.column(c))),
        None => Err(key_error(&l.repr())),
    }
}

/// The column a value assigned to `n` rows makes: a scalar repeated, a Series, a list or
/// an array of `n` values.
fn column_of(interp: &mut Interp, v: &Value, n: usize) -> PyResult<Col> {
    let col = if let Some(s) = Series::of(v) {
        s.0.borrow().col.clone()
    } else if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        if d.shape().len() > 1 {
            return Err(value_error(Message::new(Code::PyPdTwoDims).with(
                "shape",
                crate::modules::numpy::array::shape_text(d.shape()),
            )));
        }
        if d.shape().is_empty() {
            Col::from_data(&d).take(&vec![0; n])
        } else {
            Col::from_data(&d)
        }
    } else if let Some(c) = Col::cell_of(v) {
        Col::from_cells(vec![c; n])
    } else {
        let items = interp.to_vec(v)?;
        let cells: Vec<Cell> = items
            .iter()
            .map(|x| {
                Col::cell_of(x).ok_or_else(|| {
                    type_error(Message::new(Code::PyNpDtype).with("dtype", x.type_name()))
                })
            })
            .collect::<PyResult<_>>()?;
        Col::from_cells(cells)
    };
    if col.len() != n {
        return Err(value_error(
            Message::new(Code::PyPdLengthMismatch)
                .with("got", col.len())
                .with("expected", n),
        ));
    }
    Ok(col)
}

/// An elementwise operation of a column with a numpy operand.
fn col_op(
    interp: &mut Interp,
    col: &Col,
    name: &str,
    op: Result<BinOp, CmpOp>,
    other: &Value,
    reflected: bool,
) -> PyResult<Col> {
    // Text compares with text (`df['species'] == 'setosa'`).
    if let (Col::Str(v), Err(c)) = (col, op) {
        let s: Option<Rc<str>> = match other {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        };
        return Ok(Col::Bool(
            v.iter()
                .map(|x| {
                    let (a, b) = if reflected {
                        (s.as_deref(), x.as_deref())
                    } else {
                        (x.as_deref(), s.as_deref())
                    };
                    match c {
                        CmpOp::Eq => a.is_some() && a == b,
                        CmpOp::NotEq => a.is_none() || a != b,
                        CmpOp::Lt => a.zip(b).is_some_and(|(a, b)| a < b),
                        CmpOp::LtE => a.zip(b).is_some_and(|(a, b)| a <= b),
                        CmpOp::Gt => a.zip(b).is_some_and(|(a, b)| a > b),
                        CmpOp::GtE => a.zip(b).is_some_and(|(a, b)| a >= b),
                        _ => false,
                    }
                })
                .collect(),
        ));
    }
    if let (Col::Str(v), Ok(BinOp::Add), Value::Str(s)) = (col, op, other) {
        return Ok(Col::Str(
            v.iter()
                .map(|x| {
                    x.as_ref().map(|x| {
                        if reflected {
                            format!("{s}{x}").into()
                        } else {
                            format!("{x}{s}").into()
                        }
                    })
                })
                .collect(),
        ));
    }
    let mine = Operand {
        data: col.to_data(name)?,
        weak: false,
    };
    let theirs = match Operand::of(interp, other) {
        Some(o) => o?,
        None => {
            return Err(type_error(
                Message::new(Code::PyUnsupportedOperand)
                    .with("op", op.map(BinOp::symbol).unwrap_or("=="))
                    .with("left", "Series")
                    .with("right", other.type_name()),
            ))
        }
    };
    let (a, b) = if reflected {
        (&theirs, &mine)
    } else {
        (&mine, &theirs)
    };
    let d = match op {
        Ok(o) => ops::binary(o, a, b)?,
        Err(c) => ops::compare(c, a, b)?,
    };
    Ok(Col::from_data(&d))
}

/// The other operand of a Series operation, lined up with `index`: a Series with the same
/// labels (in any order) gives its values in this order.
fn aligned(other: &Value, index: &Index) -> PyResult<Option<Value>> {
    let Some(s) = Series::of(other) else {
        return Ok(None);
    };
    let s = s.0.borrow();
    let col = if s.index == *index {
        s.col.clone()
    } else if s.index.len() == index.len() {
        let mut rows = Vec::with_capacity(index.len());
        for l in &index.labels {
            rows.push(
                s.index
                    .position(l)
                    .ok_or_else(|| value_error(Message::new(Code::PyPdCannotAlign)))?,
            );
        }
        s.col.take(&rows)
    } else {
        return Err(value_error(Message::new(Code::PyPdCannotAlign)));
    };
    let name = s.name_text();
    Ok(Some(NdArray::wrap(col.to_data(&name)?)))
}

fn series_op(
    interp: &mut Interp,
    s: &SeriesData,
    op: Result<BinOp, CmpOp>,
    other: &Value,
    reflected: bool,
) -> PyResult<Value> {
    // pandas keeps the name only when both Series have the same one.
    let name = match Series::of(other) {
        Some(o) if o.0.borrow().name != s.name => None,
        _ => s.name.clone(),
    };
    let other = aligned(other, &s.index)?.unwrap_or_else(|| other.clone());
    let col = col_op(interp, &s.col, &s.name_text(), op, &other, reflected)?;
    Ok(series_value(SeriesData {
        name,
        index: s.index.clone(),
        col,
    }))
}

fn frame_op(
    interp: &mut Interp,
    f: &Frame,
    op: Result<BinOp, CmpOp>,
    other: &Value,
    reflected: bool,
) -> PyResult<Value> {
    let mut out = f.clone();
    if let Some(o) = DataFrame::of(other) {
        let o = o.0.borrow().clone();
        for (c, name) in f.names.iter().enumerate() {
            let j = o
                .find(name)
                .ok_or_else(|| value_error(Message::new(Code::PyPdCannotAlign)))?;
            let v = NdArray::wrap(o.cols[j].to_data(&name.text())?);
            out.cols[c] = col_op(interp, &f.cols[c], &name.text(), op, &v, reflected)?;
        }
        return Ok(frame_value(out));
    }
    if let Some(s) = Series::of(other) {
        // A Series lines up with the columns, by label (`df - df.mean()`).
        let s = s.0.borrow().clone();
        for (c, name) in f.names.iter().enumerate() {
            let v = match s.index.position(name) {
                Some(i) => s.col.value(i),
                None => Value::Float(f64::NAN),
            };
            out.cols[c] = col_op(interp, &f.cols[c], &name.text(), op, &v, reflected)?;
        }
        return Ok(frame_value(out));
    }
    if let Some(a) = NdArray::of(other) {
        let d = a.data.borrow().clone();
        if d.shape().len() == 2 {
            let all = f.to_data()?;
            let mine = Operand {
                data: all,
                weak: false,
            };
            let theirs = Operand {
                data: d,
                weak: false,
            };
            let (x, y) = if reflected {
                (&theirs, &mine)
            } else {
                (&mine, &theirs)
            };
            let r = match op {
                Ok(o) => ops::binary(o, x, y)?,
                Err(c) => ops::compare(c, x, y)?,
            };
            return Ok(frame_value(frame_from_data(
                &r,
                f.names.clone(),
                f.index.clone(),
            )?));
        }
    }
    for (c, name) in f.names.iter().enumerate() {
        out.cols[c] = col_op(interp, &f.cols[c], &name.text(), op, other, reflected)?;
    }
    Ok(frame_value(out))
}

/// A 2-D array as columns with these names and rows.
pub fn frame_from_data(d: &Data, names: Vec<Label>, index: Index) -> PyResult<Frame> {
    let shape = d.shape().to_vec();
    let (n, m) = match shape.as_slice() {
        [n, m] => (*n, *m),
        [n] => (*n, 1),
        _ => {
            return Err(value_error(
                Message::new(Code::PyPdFrameShape)
                    .with("shape", crate::modules::numpy::array::shape_text(&shape)),
            ))
        }
    };
    let d2 = crate::modules::numpy::object::reshape(d, &[n, m])?;
    let mut cols = Vec::with_capacity(m);
    for c in 0..m {
        let col =
            crate::np_each!(&d2, a, wrap => wrap(a.index_axis(ndarray::Axis(1), c).to_owned()));
        cols.push(Col::from_data(&col));
    }
    if names.len() != m {
        return Err(value_error(
            Message::new(Code::PyPdColumnCount)
                .with("data", m)
                .with("given", names.len()),
        ));
    }
    Ok(Frame { names, cols, index })
}

fn stat_kwargs(args: &mut Args) -> (bool, Option<Value>) {
    let numeric_only = args
        .take_kw("numeric_only")
        .is_some_and(|v| v.truthy_builtin().unwrap_or(false));
    let axis = args.take_kw("axis");
    args.take_kw("skipna");
    (numeric_only, axis)
}

/// `df.mean()`, `df.sum()`, ...: a Series over the columns.
fn frame_stat(f: &Frame, stat: Stat, numeric_only: bool) -> PyResult<Value> {
    let mut names = Vec::new();
    let mut cells = Vec::new();
    for (c, col) in f.cols.iter().enumerate() {
        if numeric_only && !col.is_numeric() {
            continue;
        }
        names.push(f.names[c].clone());
        cells.push(frame::reduce(col, stat, &f.names[c].text())?);
    }
    let col =
        if stat == Stat::Mean || stat == Stat::Std || stat == Stat::Var || stat == Stat::Median {
            Col::F64(
                cells
                    .iter()
                    .map(|c| c.as_f64().unwrap_or(f64::NAN))
                    .collect(),
            )
        } else {
            Col::from_cells(cells)
        };
    Ok(series_value(SeriesData {
        name: None,
        index: Index::new(names),
        col,
    }))
}

fn cell_scalar(c: Cell) -> Value {
    match c {
        Cell::I(i) => Col::I64(vec![i]).value(0),
        Cell::F(f) => Col::F64(vec![f]).value(0),
        Cell::B(b) => Col::Bool(vec![b]).value(0),
        Cell::S(Some(s)) => Value::Str(s),
        Cell::S(None) => Value::Float(f64::NAN),
    }
}

fn n_arg(args: &mut Args, name: &str) -> PyResult<usize> {
    let n = args.take_kw("n");
    args.check(name, 0, 1)?;
    let n = n
        .or_else(|| args.pos.first().cloned())
        .unwrap_or(Value::Int(5));
    Ok(n.as_index()?.max(0) as usize)
}

fn head_tail(len: usize, n: usize, tail: bool) -> Vec<usize> {
    let k = n.min(len);
    if tail {
        (len - k..len).collect()
    } else {
        (0..k).collect()
    }
}

fn dtype_arg(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Native(f) => f.name.to_string(),
        Value::Class(c) => c.name.to_string(),
        Value::Host(h) => match h
            .as_any()
            .downcast_ref::<crate::modules::numpy::array::DtypeObj>()
        {
            Some(d) => d.0.name().to_string(),
            None => h.type_name().to_string(),
        },
        other => other.type_name(),
    }
}

fn isna_col(col: &Col, not: bool) -> Col {
    Col::Bool((0..col.len()).map(|i| col.is_na(i) != not).collect())
}

fn fill_col(col: &Col, v: &Value) -> Col {
    let cell = Col::cell_of(v);
    match (col, cell) {
        (Col::F64(x), Some(c)) if c.as_f64().is_some() => {
            let f = c.as_f64().unwrap_or(f64::NAN);
            Col::F64(x.iter().map(|&y| if y.is_nan() { f } else { y }).collect())
        }
        (Col::F32(x), Some(c)) if c.as_f64().is_some() => {
            let f = c.as_f64().unwrap_or(f64::NAN);
            Col::F32(x.iter().map(|&y| if y.is_nan() { f } else { y }).collect())
        }
        (Col::Str(x), Some(Cell::S(Some(s)))) => Col::Str(
            x.iter()
                .map(|y| y.clone().or_else(|| Some(s.clone())))
                .collect(),
        ),
        (c, Some(fill)) if c.na_count() > 0 => Col::from_cells(
            c.cells()
                .into_iter()
                .map(|x| if x.is_na() { fill.clone() } else { x })
                .collect(),
        ),
        (c, _) => c.clone(),
    }
}

fn not_fitted_kw(args: &mut Args) {
    args.take_kw("inplace");
}

// ---------------------------------------------------------------- DataFrame

const FRAME_METHODS: &[&str] = &[
    "head",
    "tail",
    "to_numpy",
    "copy",
    "drop",
    "astype",
    "describe",
    "isnull",
    "isna",
    "notnull",
    "notna",
    "sum",
    "mean",
    "min",
    "max",
    "std",
    "var",
    "median",
    "count",
    "dropna",
    "fillna",
    "corr",
    "nunique",
    "reset_index",
    "rename",
    "keys",
    "info",
    "sample",
    "to_dict",
];

fn frame_method(
    interp: &mut Interp,
    fr: &Rc<RefCell<Frame>>,
    m: &str,
    mut args: Args,
) -> PyResult<Value> {
    let f = fr.borrow().clone();
    if let Some(stat) = Stat::of(m) {
        let (numeric_only, axis) = stat_kwargs(&mut args);
        args.check(m, 0, 0)?;
        if let Some(a) = axis {
            if !matches!(a, Value::Int(0) | Value::None)
                && !matches!(&a, Value::Str(s) if &**s == "index")
            {
                return Err(crate::error::not_supported(&format!(
                    "DataFrame.{m}(axis=1)"
                )));
            }
        }
        return frame_stat(&f, stat, numeric_only);
    }
    match m {
        "head" | "tail" => {
            let n = n_arg(&mut args, m)?;
            Ok(frame_value(f.take_rows(&head_tail(
                f.nrows(),
                n,
                m == "tail",
            ))))
        }
        "to_numpy" => {
            let dtype = args.take_kw("dtype");
            args.check(m, 0, 0)?;
            let d = f.to_data()?;
            Ok(NdArray::wrap(match dtype {
                Some(t) => d.cast(crate::modules::numpy::Dtype::parse(&t)?),
                None => d,
            }))
        }
        "copy" => {
            args.take_kw("deep");
            Ok(frame_value(f))
        }
        "keys" => Ok(Value::Host(Rc::new(IndexObj(Index::new(f.names.clone()))))),
        "drop" => {
            let columns = args.take_kw("columns");
            let index = args.take_kw("index");
            let labels = args.take_kw("labels");
            let axis = args.take_kw("axis");
            not_fitted_kw(&mut args);
            args.check(m, 0, 2)?;
            let labels = labels.or_else(|| args.pos.first().cloned());
            let axis = axis.or_else(|| args.pos.get(1).cloned());
            let by_cols = match &axis {
                None => false,
                Some(Value::Str(s)) => &**s == "columns",
                Some(v) => match v.as_index()? {
                    0 => false,
                    1 => true,
                    a => return Err(value_error(Message::new(Code::PyPdAxis).with("axis", a))),
                },
            };
            let (what, cols) = match (columns, index, labels) {
                (Some(c), _, _) => (c, true),
                (None, Some(i), _) => (i, false),
                (None, None, Some(l)) => (l, by_cols),
                _ => return Err(type_error(Message::new(Code::PyPdDropWhat))),
            };
            let list = match label_list(interp, &what)? {
                Some(l) => l,
                None => vec![Label::of(&what).ok_or_else(|| key_error(&what.type_name()))?],
            };
            let axis_labels = if cols { &f.names } else { &f.index.labels };
            let missing: Vec<String> = list
                .iter()
                .filter(|l| !axis_labels.iter().any(|x| x.matches(l)))
                .map(Label::repr)
                .collect();
            if !missing.is_empty() {
                return Err(PyError::new(
                    "KeyError",
                    Message::new(Code::PyPdNotInAxis)
                        .with("labels", format!("[{}]", missing.join(", "))),
                ));
            }
            let keep: Vec<usize> = (0..axis_labels.len())
                .filter(|&i| !list.iter().any(|l| axis_labels[i].matches(l)))
                .collect();
            Ok(frame_value(if cols {
                f.select(&keep)
            } else {
                f.take_rows(&keep)
            }))
        }
        "astype" => {
            args.take_kw("copy");
            args.check(m, 1, 1)?;
            let mut out = f.clone();
            if let Value::Dict(d) = &args.pos[0] {
                for (k, v) in d.borrow().values() {
                    let l = Label::of(k).ok_or_else(|| key_error(&k.type_name()))?;
                    let c = f.find(&l).ok_or_else(|| key_error(&l.repr()))?;
                    out.cols[c] = f.cols[c].cast(&dtype_arg(v))?;
                }
            } else {
                let t = dtype_arg(&args.pos[0]);
                for c in out.cols.iter_mut() {
                    *c = c.cast(&t)?;
                }
            }
            Ok(frame_value(out))
        }
        "describe" => {
            args.check(m, 0, 0)?;
            Ok(frame_value(frame::describe(&f)?))
        }
        "isnull" | "isna" | "notnull" | "notna" => {
            args.check(m, 0, 0)?;
            let not = m.starts_with("not");
            let mut out = f.clone();
            for c in out.cols.iter_mut() {
                *c = isna_col(c, not);
            }
            Ok(frame_value(out))
        }
        "dropna" => {
            let subset = args.take_kw("subset");
            not_fitted_kw(&mut args);
            args.take_kw("axis");
            args.check(m, 0, 0)?;
            let cols: Vec<usize> = match subset {
                Some(s) => match label_list(interp, &s)? {
                    Some(l) => l.iter().filter_map(|x| f.find(x)).collect(),
                    None => vec![],
                },
                None => (0..f.cols.len()).collect(),
            };
            let rows: Vec<usize> = (0..f.nrows())
                .filter(|&r| !cols.iter().any(|&c| f.cols[c].is_na(r)))
                .collect();
            Ok(frame_value(f.take_rows(&rows)))
        }
        "fillna" => {
            let value = args.take_kw("value");
            not_fitted_kw(&mut args);
            args.check(m, 0, 1)?;
            let v = value
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::None);
            let mut out = f.clone();
            for (c, col) in out.cols.iter_mut().enumerate() {
                let fill = match &v {
                    Value::Dict(d) => d
                        .borrow()
                        .values()
                        .find(|(k, _)| Label::of(k).is_some_and(|l| l.matches(&f.names[c])))
                        .map(|(_, x)| x.clone()),
                    Value::Host(_) if Series::of(&v).is_some() => Series::of(&v).and_then(|s| {
                        let s = s.0.borrow();
                        s.index.position(&f.names[c]).map(|i| s.col.value(i))
                    }),
                    other => Some(other.clone()),
                };
                if let Some(x) = fill {
                    *col = fill_col(col, &x);
                }
            }
            Ok(frame_value(out))
        }
        "corr" => {
            args.take_kw("numeric_only");
            args.check(m, 0, 0)?;
            if let Some(c) = f.cols.iter().position(|c| !c.is_numeric()) {
                return Err(value_error(
                    Message::new(Code::PyPdConvert).with("text", f.names[c].text()),
                ));
            }
            Ok(frame_value(frame::corr(&f)))
        }
        "nunique" => {
            args.check(m, 0, 0)?;
            Ok(series_value(SeriesData {
                name: None,
                index: Index::new(f.names.clone()),
                col: Col::I64(
                    f.cols
                        .iter()
                        .map(|c| frame::counts(c).len() as i64)
                        .collect(),
                ),
            }))
        }
        "reset_index" => {
            let drop = args
                .take_kw("drop")
                .is_some_and(|v| v.truthy_builtin().unwrap_or(false));
            not_fitted_kw(&mut args);
            args.check(m, 0, 0)?;
            let mut out = f.clone();
            if !drop {
                let old = Col::from_cells(
                    f.index
                        .labels
                        .iter()
                        .map(|l| Col::cell_of(&l.to_value()).unwrap_or(Cell::S(None)))
                        .collect(),
                );
                out.names.insert(0, Label::Str("index".into()));
                out.cols.insert(0, old);
            }
            out.index = Index::range(f.nrows());
            Ok(frame_value(out))
        }
        "rename" => {
            let columns = args.take_kw("columns");
            not_fitted_kw(&mut args);
            args.check(m, 0, 0)?;
            let mut out = f.clone();
            if let Some(Value::Dict(d)) = columns {
                for (k, v) in d.borrow().values() {
                    if let (Some(from), Some(to)) = (Label::of(k), Label::of(v)) {
                        if let Some(c) = out.find(&from) {
                            out.names[c] = to;
                        }
                    }
                }
            }
            Ok(frame_value(out))
        }
        "sample" => {
            let frac = args.take_kw("frac");
            let n = args.take_kw("n");
            let seed = args.take_kw("random_state");
            args.check(m, 0, 1)?;
            let total = f.nrows();
            let k = match (n.or_else(|| args.pos.first().cloned()), frac) {
                (_, Some(fr)) => {
                    ((fr.as_f64().unwrap_or(1.0) * total as f64).round() as usize).min(total)
                }
                (Some(n), None) => (n.as_index()?.max(0) as usize).min(total),
                (None, None) => 1.min(total),
            };
            let seed = match seed {
                Some(s) if !matches!(s, Value::None) => s.as_index()? as u64,
                _ => 0x5eed,
            };
            let mut rows: Vec<usize> = (0..total).collect();
            noriteo_core::rng::Rng::new(seed).shuffle(&mut rows);
            rows.truncate(k);
            Ok(frame_value(f.take_rows(&rows)))
        }
        "to_dict" => {
            args.check(m, 0, 0)?;
            let mut d = crate::value::Dict::new();
            for (c, name) in f.names.iter().enumerate() {
                let mut inner = crate::value::Dict::new();
                for r in 0..f.nrows() {
                    crate::value::dict_insert(
                        &mut inner,
                        f.index.labels[r].to_value(),
                        f.cols[c].py_value(r),
                    )?;
                }
                crate::value::dict_insert(
                    &mut d,
                    name.to_value(),
                    Value::Dict(Rc::new(RefCell::new(inner))),
                )?;
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        "info" => {
            args.check(m, 0, 0)?;
            let text = info_text(&f);
            interp.write(&text);
            Ok(Value::None)
        }
        _ => Err(crate::error::not_supported(&format!("DataFrame.{m}"))),
    }
}

/// `df.info()`, for frames of numbers and text (memory as pandas counts numeric columns).
fn info_text(f: &Frame) -> String {
    let n = f.nrows();
    let mut out = String::from("<class 'pandas.DataFrame'>\n");
    match f.index.as_range() {
        Some((a, b)) if n > 0 => {
            out.push_str(&format!("RangeIndex: {n} entries, {a} to {}\n", b - 1))
        }
        _ if n > 0 => out.push_str(&format!(
            "Index: {n} entries, {} to {}\n",
            f.index.labels[0].text(),
            f.index.labels[n - 1].text()
        )),
        _ => out.push_str("RangeIndex: 0 entries\n"),
    }
    out.push_str(&format!("Data columns (total {} columns):\n", f.cols.len()));
    let names: Vec<String> = f.names.iter().map(Label::text).collect();
    let counts: Vec<String> = f
        .cols
        .iter()
        .map(|c| format!("{} non-null", c.len() - c.na_count()))
        .collect();
    let nw = names
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let cw = counts
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max(14);
    let dw = f
        .cols
        .iter()
        .map(|c| c.dtype_name().len())
        .max()
        .unwrap_or(0)
        .max(5);
    let iw = (f.cols.len().saturating_sub(1)).to_string().len().max(1);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    out.push_str(&format!(
        " {}  {}  {}  {}\n",
        pad("#", iw + 1),
        pad("Column", nw),
        pad("Non-Null Count", cw),
        pad("Dtype", dw)
    ));
    out.push_str(&format!(
        "{}  {}  {}  {}\n",
        pad(&"-".repeat(iw + 2), iw + 2),
        pad(&"-".repeat(6), nw),
        pad(&"-".repeat(14), cw),
        pad(&"-".repeat(5), dw)
    ));
    for (i, c) in f.cols.iter().enumerate() {
        out.push_str(&format!(
            " {}  {}  {}  {}\n",
            pad(&i.to_string(), iw + 1),
            pad(&names[i], nw),
            pad(&counts[i], cw),
            pad(c.dtype_name(), dw)
        ));
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for c in &f.cols {
        match kinds.iter_mut().find(|(k, _)| *k == c.dtype_name()) {
            Some(e) => e.1 += 1,
            None => kinds.push((c.dtype_name(), 1)),
        }
    }
    kinds.sort();
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}({n})")).collect();
    out.push_str(&format!("dtypes: {}\n", kinds.join(", ")));
    let bytes: usize = 132
        + f.cols
            .iter()
            .map(|c| match c {
                Col::Bool(_) => n,
                Col::F32(_) => 4 * n,
                _ => 8 * n,
            })
            .sum::<usize>();
    let plus = if f.cols.iter().any(|c| matches!(c, Col::Str(_))) {
        "+"
    } else {
        ""
    };
    out.push_str(&format!(
        "memory usage: {}{plus}\n",
        memory_text(bytes as f64)
    ));
    out
}

fn memory_text(mut x: f64) -> String {
    for unit in ["bytes", "KB", "MB", "GB"] {
        if x < 1024.0 {
            return format!("{x:.1} {unit}");
        }
        x /= 1024.0;
    }
    format!("{x:.1} TB")
}

impl HostObject for DataFrame {
    fn type_name(&self) -> &str {
        "DataFrame"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(super::print::frame_to_string(&self.0.borrow()))
    }
    fn repr_html(&self) -> Option<String> {
        Some(super::html::frame_to_html(&self.0.borrow()))
    }
    fn getattr(&self, _interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let f = self.0.borrow();
        let v = match name {
            "shape" => Value::tuple(vec![
                Value::Int(f.nrows() as i64),
                Value::Int(f.cols.len() as i64),
            ]),
            "columns" => Value::Host(Rc::new(IndexObj(Index::new(f.names.clone())))),
            "index" => Value::Host(Rc::new(IndexObj(f.index.clone()))),
            "values" => return Some(f.to_data().map(NdArray::wrap)),
            "size" => Value::Int((f.nrows() * f.cols.len()) as i64),
            "ndim" => Value::Int(2),
            "empty" => Value::Bool(f.nrows() == 0 || f.cols.is_empty()),
            "dtypes" => series_value(SeriesData {
                name: None,
                index: Index::new(f.names.clone()),
                col: Col::Str(f.cols.iter().map(|c| Some(c.dtype_name().into())).collect()),
            }),
            "T" => {
                let cells: Vec<Vec<Cell>> = (0..f.nrows())
                    .map(|r| f.cols.iter().map(|c| c.cell(r)).collect())
                    .collect();
                let cols = cells.into_iter().map(Col::from_cells).collect();
                frame_value(Frame {
                    names: f.index.labels.clone(),
                    cols,
                    index: Index::new(f.names.clone()),
                })
            }
            "iloc" | "loc" => Value::Host(Rc::new(Indexer {
                target: Target::Frame(self.0.clone()),
                loc: name == "loc",
            })),
            _ => {
                if let Some(&m) = FRAME_METHODS.iter().find(|&&m| m == name) {
                    let fr = self.0.clone();
                    Value::native(m, move |interp, args| frame_method(interp, &fr, m, args))
                } else {
                    // `df.Age` for a column named Age, as pandas allows.
                    let c = f.find(&Label::Str(name.into()))?;
                    series_value(f.column(c))
                }
            }
        };
        Some(Ok(v))
    }
    fn setattr(&self, interp: &mut Interp, name: &str, value: Value) -> PyResult<()> {
        if name == "columns" {
            let labels = label_list(interp, &value)?.ok_or_else(|| {
                type_error(Message::new(Code::PyNotIterable).with("kind", value.type_name()))
            })?;
            let mut f = self.0.borrow_mut();
            if labels.len() != f.cols.len() {
                return Err(value_error(
                    Message::new(Code::PyPdLengthMismatch)
                        .with("got", labels.len())
                        .with("expected", f.cols.len()),
                ));
            }
            f.names = labels;
            return Ok(());
        }
        Err(PyError::new(
            "AttributeError",
            Message::new(Code::PyCannotSetAttribute)
                .with("name", name)
                .with("kind", "DataFrame"),
        ))
    }
    fn getitem(&self, interp: &mut Interp, index: &Value) -> PyResult<Value> {
        let f = self.0.borrow().clone();
        frame_getitem(interp, &f, index)
    }
    fn setitem(&self, interp: &mut Interp, index: &Value, value: Value) -> PyResult<()> {
        let n = self.0.borrow().nrows();
        if let Some(labels) = label_list(interp, index)? {
            // `df[['a', 'b']] = other_frame_or_array`
            let src = if let Some(o) = DataFrame::of(&value) {
                o.0.borrow().clone()
            } else if let Some(a) = NdArray::of(&value) {
                let d = a.data.borrow().clone();
                frame_from_data(&d, labels.clone(), Index::range(n))?
            } else {
                return Err(crate::error::not_supported("df[[...]] = this value"));
            };
            let mut f = self.0.borrow_mut();
            for (k, l) in labels.iter().enumerate() {
                if let Some(c) = src.cols.get(k) {
                    f.set_column(l.clone(), c.clone());
                }
            }
            return Ok(());
        }
        let l = Label::of(index).ok_or_else(|| {
            type_error(Message::new(Code::PyUnhashable).with("kind", index.type_name()))
        })?;
        let col = column_of(interp, &value, n)?;
        self.0.borrow_mut().set_column(l, col);
        Ok(())
    }
    fn binary(
        &self,
        interp: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        let f = self.0.borrow().clone();
        Some(frame_op(interp, &f, Ok(op), other, reflected))
    }
    fn compare(
        &self,
        interp: &mut Interp,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        if matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
            return None;
        }
        let f = self.0.borrow().clone();
        Some(frame_op(interp, &f, Err(op), other, reflected))
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.borrow().nrows())
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self
            .0
            .borrow()
            .names
            .iter()
            .map(Label::to_value)
            .collect()))
    }
    fn truthy(&self) -> PyResult<bool> {
        Err(value_error(
            Message::new(Code::PyPdTruth).with("kind", "DataFrame"),
        ))
    }
    /// `model.fit(df, ...)`, `np.array(df)`: its `.values`.
    fn array_data(&self) -> Option<PyResult<Data>> {
        Some(self.0.borrow().to_data())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- Series

const SERIES_METHODS: &[&str] = &[
    "head",
    "tail",
    "to_numpy",
    "tolist",
    "to_list",
    "copy",
    "astype",
    "isnull",
    "isna",
    "notnull",
    "notna",
    "sum",
    "mean",
    "min",
    "max",
    "std",
    "var",
    "median",
    "count",
    "value_counts",
    "unique",
    "nunique",
    "map",
    "apply",
    "dropna",
    "fillna",
    "reset_index",
    "describe",
    "idxmax",
    "idxmin",
    "round",
    "abs",
    "item",
    "replace",
    "keys",
];

fn series_method(
    interp: &mut Interp,
    sr: &Rc<RefCell<SeriesData>>,
    m: &str,
    mut args: Args,
) -> PyResult<Value> {
    let s = sr.borrow().clone();
    let with_col = |col: Col| {
        series_value(SeriesData {
            name: s.name.clone(),
            index: s.index.clone(),
            col,
        })
    };
    if let Some(stat) = Stat::of(m) {
        let _ = stat_kwargs(&mut args);
        args.check(m, 0, 0)?;
        let c = frame::reduce(&s.col, stat, &s.name_text())?;
        if stat == Stat::Count {
            if let Cell::I(i) = c {
                return Ok(Value::Int(i));
            }
        }
        return Ok(cell_scalar(c));
    }
    match m {
        "head" | "tail" => {
            let n = n_arg(&mut args, m)?;
            Ok(series_value(s.take(&head_tail(
                s.col.len(),
                n,
                m == "tail",
            ))))
        }
        "to_numpy" => {
            args.take_kw("dtype");
            args.check(m, 0, 0)?;
            Ok(NdArray::wrap(s.col.to_data(&s.name_text())?))
        }
        "tolist" | "to_list" => {
            args.check(m, 0, 0)?;
            Ok(Value::list(
                (0..s.col.len()).map(|i| s.col.py_value(i)).collect(),
            ))
        }
        "keys" => Ok(Value::Host(Rc::new(IndexObj(s.index.clone())))),
        "copy" => Ok(series_value(s.clone())),
        "astype" => {
            args.check(m, 1, 1)?;
            Ok(with_col(s.col.cast(&dtype_arg(&args.pos[0]))?))
        }
        "isnull" | "isna" | "notnull" | "notna" => {
            Ok(with_col(isna_col(&s.col, m.starts_with("not"))))
        }
        "value_counts" => {
            let normalize = args
                .take_kw("normalize")
                .is_some_and(|v| v.truthy_builtin().unwrap_or(false));
            args.take_kw("dropna");
            args.check(m, 0, 0)?;
            let mut counts = frame::counts(&s.col);
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            let total: usize = counts.iter().map(|c| c.1).sum();
            let mut index = Index::new(counts.iter().map(|(c, _)| Label::of_cell(c)).collect());
            index.name = s.name.clone();
            let (name, col) = if normalize {
                (
                    "proportion",
                    Col::F64(counts.iter().map(|c| c.1 as f64 / total as f64).collect()),
                )
            } else {
                (
                    "count",
                    Col::I64(counts.iter().map(|c| c.1 as i64).collect()),
                )
            };
            Ok(series_value(SeriesData {
                name: Some(Label::Str(name.into())),
                index,
                col,
            }))
        }
        "unique" => {
            args.check(m, 0, 0)?;
            let mut cells: Vec<Cell> = Vec::new();
            let mut keys = std::collections::HashSet::new();
            for c in s.col.cells() {
                if keys.insert(c.key()) {
                    cells.push(c);
                }
            }
            let col = match &s.col {
                Col::Str(_) => {
                    return Ok(Value::list(cells.into_iter().map(cell_scalar).collect()))
                }
                Col::F32(_) => Col::F32(
                    cells
                        .iter()
                        .map(|c| c.as_f64().unwrap_or(f64::NAN))
                        .collect(),
                ),
                Col::F64(_) => Col::F64(
                    cells
                        .iter()
                        .map(|c| c.as_f64().unwrap_or(f64::NAN))
                        .collect(),
                ),
                _ => Col::from_cells(cells),
            };
            Ok(NdArray::wrap(col.to_data("")?))
        }
        "nunique" => Ok(Value::Int(frame::counts(&s.col).len() as i64)),
        "map" | "apply" | "replace" => {
            args.take_kw("na_action");
            args.check(m, 1, 2)?;
            let f = args.pos[0].clone();
            let mut out = Vec::with_capacity(s.col.len());
            for i in 0..s.col.len() {
                let v = s.col.py_value(i);
                let r = match &f {
                    Value::Dict(d) => {
                        let hit = v
                            .hash_key()
                            .ok()
                            .and_then(|k| d.borrow().get(&k).map(|e| e.1.clone()));
                        match (hit, m) {
                            (Some(x), _) => x,
                            (None, "replace") => v,
                            (None, _) => Value::Float(f64::NAN),
                        }
                    }
                    _ if m == "replace" => {
                        let new = args.pos.get(1).cloned().unwrap_or(Value::None);
                        if interp.eq(&v, &f)? {
                            new
                        } else {
                            v
                        }
                    }
                    _ => {
                        interp.tick()?;
                        interp.call(&f, Args::new(vec![s.col.value(i)]))?
                    }
                };
                out.push(Col::cell_of(&r).ok_or_else(|| {
                    type_error(Message::new(Code::PyNpDtype).with("dtype", r.type_name()))
                })?);
            }
            Ok(with_col(Col::from_cells(out)))
        }
        "dropna" => {
            not_fitted_kw(&mut args);
            let rows: Vec<usize> = (0..s.col.len()).filter(|&i| !s.col.is_na(i)).collect();
            Ok(series_value(s.take(&rows)))
        }
        "fillna" => {
            let value = args.take_kw("value");
            not_fitted_kw(&mut args);
            args.check(m, 0, 1)?;
            let v = value
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::None);
            Ok(with_col(fill_col(&s.col, &v)))
        }
        "reset_index" => {
            args.take_kw("drop");
            Ok(series_value(SeriesData {
                name: s.name.clone(),
                index: Index::range(s.col.len()),
                col: s.col.clone(),
            }))
        }
        "describe" => {
            let f = Frame {
                names: vec![s.name.clone().unwrap_or(Label::Int(0))],
                cols: vec![s.col.clone()],
                index: s.index.clone(),
            };
            let d = frame::describe(&f)?;
            Ok(series_value(SeriesData {
                name: s.name.clone(),
                index: d.index.clone(),
                col: d.cols[0].clone(),
            }))
        }
        "idxmax" | "idxmin" => {
            let v = s.col.floats().ok_or_else(|| {
                type_error(
                    Message::new(Code::PyPdNotNumeric)
                        .with("column", s.name_text())
                        .with("dtype", "str"),
                )
            })?;
            let mut best: Option<usize> = None;
            for (i, x) in v.iter().enumerate() {
                if x.is_nan() {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some(b) => {
                        if m == "idxmax" {
                            *x > v[b]
                        } else {
                            *x < v[b]
                        }
                    }
                };
                if better {
                    best = Some(i);
                }
            }
            let b =
                best.ok_or_else(|| value_error(Message::new(Code::PyPdEmptyStat).with("op", m)))?;
            Ok(s.index.labels[b].to_value())
        }
        "round" => {
            let d = args
                .take_kw("decimals")
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::Int(0));
            let data = s.col.to_data(&s.name_text())?;
            Ok(with_col(Col::from_data(
                &crate::modules::numpy::object::round_data(&data, d.as_index()?),
            )))
        }
        "abs" => Ok(with_col(Col::from_data(&ops::absolute(
            &s.col.to_data(&s.name_text())?,
        )))),
        "item" => {
            if s.col.len() != 1 {
                return Err(value_error(Message::new(Code::PyNpNotScalar)));
            }
            Ok(s.col.py_value(0))
        }
        _ => Err(crate::error::not_supported(&format!("Series.{m}"))),
    }
}

impl HostObject for Series {
    fn type_name(&self) -> &str {
        "Series"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        let s = self.0.borrow();
        Ok(super::print::series_to_string(
            s.name.as_ref(),
            &s.index,
            &s.col,
        ))
    }
    fn getattr(&self, _interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let s = self.0.borrow();
        let v = match name {
            "shape" => Value::tuple(vec![Value::Int(s.col.len() as i64)]),
            "index" => Value::Host(Rc::new(IndexObj(s.index.clone()))),
            "values" => return Some(s.col.to_data(&s.name_text()).map(NdArray::wrap)),
            "dtype" => match s.col.np_dtype() {
                Some(d) => Value::Host(Rc::new(crate::modules::numpy::array::DtypeObj(d))),
                None => Value::str("str"),
            },
            "name" => s.name.as_ref().map_or(Value::None, Label::to_value),
            "size" => Value::Int(s.col.len() as i64),
            "ndim" => Value::Int(1),
            "empty" => Value::Bool(s.col.is_empty()),
            "iloc" | "loc" => Value::Host(Rc::new(Indexer {
                target: Target::Series(self.0.clone()),
                loc: name == "loc",
            })),
            _ => {
                let &m = SERIES_METHODS.iter().find(|&&m| m == name)?;
                let sr = self.0.clone();
                Value::native(m, move |interp, args| series_method(interp, &sr, m, args))
            }
        };
        Some(Ok(v))
    }
    fn setattr(&self, _: &mut Interp, name: &str, value: Value) -> PyResult<()> {
        if name == "name" {
            self.0.borrow_mut().name = Label::of(&value);
            return Ok(());
        }
        Err(PyError::new(
            "AttributeError",
            Message::new(Code::PyCannotSetAttribute)
                .with("name", name)
                .with("kind", "Series"),
        ))
    }
    fn getitem(&self, interp: &mut Interp, key: &Value) -> PyResult<Value> {
        let s = self.0.borrow().clone();
        if let Value::Slice(sl) = key {
            return Ok(series_value(s.take(&slice_positions(s.col.len(), sl)?)));
        }
        match label_positions(interp, key, &s.index)? {
            Sel::One(i) => Ok(s.col.value(i)),
            Sel::Many(rows) => Ok(series_value(s.take(&rows))),
        }
    }
    fn setitem(&self, interp: &mut Interp, key: &Value, value: Value) -> PyResult<()> {
        let s = self.0.borrow().clone();
        let rows = match label_positions(interp, key, &s.index)? {
            Sel::One(i) => vec![i],
            Sel::Many(r) => r,
        };
        let cell = Col::cell_of(&value).ok_or_else(|| {
            type_error(Message::new(Code::PyNpDtype).with("dtype", value.type_name()))
        })?;
        let mut cells = s.col.cells();
        for r in rows {
            cells[r] = cell.clone();
        }
        self.0.borrow_mut().col = Col::from_cells(cells);
        Ok(())
    }
    fn binary(
        &self,
        interp: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        let s = self.0.borrow().clone();
        Some(series_op(interp, &s, Ok(op), other, reflected))
    }
    fn compare(
        &self,
        interp: &mut Interp,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        if matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
            return None;
        }
        let s = self.0.borrow().clone();
        Some(series_op(interp, &s, Err(op), other, reflected))
    }
    fn unary(&self, _: &mut Interp, op: UnaryOp) -> Option<PyResult<Value>> {
        let s = self.0.borrow().clone();
        let data = match s.col.to_data(&s.name_text()) {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let r = crate::modules::numpy::object::unary_of(&data, op)?;
        Some(r.map(|v| {
            let col = NdArray::of(&v)
                .map(|a| Col::from_data(&a.data.borrow()))
                .unwrap_or(s.col.clone());
            series_value(SeriesData {
                name: s.name.clone(),
                index: s.index.clone(),
                col,
            })
        }))
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.borrow().col.len())
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        let s = self.0.borrow();
        Some(Ok((0..s.col.len()).map(|i| s.col.value(i)).collect()))
    }
    fn truthy(&self) -> PyResult<bool> {
        Err(value_error(
            Message::new(Code::PyPdTruth).with("kind", "Series"),
        ))
    }
    fn array_data(&self) -> Option<PyResult<Data>> {
        let s = self.0.borrow();
        Some(s.col.to_data(&s.name_text()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- Index and indexers

impl HostObject for IndexObj {
    fn type_name(&self) -> &str {
        "Index"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        let l = &self.0.labels;
        if !l.is_empty() {
            if let Some((a, b)) = self.0.as_range() {
                return Ok(format!("RangeIndex(start={a}, stop={b}, step=1)"));
            }
        }
        let dtype = if l.iter().all(|x| matches!(x, Label::Int(_))) {
            "int64"
        } else if l.iter().all(|x| matches!(x, Label::Str(_))) {
            "str"
        } else {
            "object"
        };
        let items: Vec<String> = l.iter().map(Label::repr).collect();
        Ok(format!("Index([{}], dtype='{dtype}')", items.join(", ")))
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let labels = self.0.labels.clone();
        Some(Ok(match name {
            "values" | "tolist" | "to_list" | "to_numpy" => {
                if name == "values" || name == "to_numpy" {
                    if labels.iter().all(|l| matches!(l, Label::Int(_))) {
                        let v: Vec<i64> = labels
                            .iter()
                            .map(|l| if let Label::Int(i) = l { *i } else { 0 })
                            .collect();
                        let d = Col::I64(v).to_data("");
                        if name == "values" {
                            return Some(d.map(NdArray::wrap));
                        }
                        return Some(Ok(Value::native("to_numpy", move |_, _| {
                            d.clone().map(NdArray::wrap)
                        })));
                    }
                    if name == "values" {
                        return Some(Ok(Value::list(
                            labels.iter().map(Label::to_value).collect(),
                        )));
                    }
                }
                Value::native("tolist", move |_, _| {
                    Ok(Value::list(labels.iter().map(Label::to_value).collect()))
                })
            }
            "shape" => Value::tuple(vec![Value::Int(labels.len() as i64)]),
            "name" => self.0.name.as_ref().map_or(Value::None, Label::to_value),
            _ => return None,
        }))
    }
    fn getitem(&self, interp: &mut Interp, key: &Value) -> PyResult<Value> {
        match positions(interp, key, self.0.len())? {
            Sel::One(i) => Ok(self.0.labels[i].to_value()),
            Sel::Many(r) => Ok(Value::Host(Rc::new(IndexObj(self.0.take(&r))))),
        }
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.len())
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.0.labels.iter().map(Label::to_value).collect()))
    }
    fn compare(
        &self,
        _: &mut Interp,
        op: CmpOp,
        other: &Value,
        _: bool,
    ) -> Option<PyResult<Value>> {
        let target = Label::of(other)?;
        let eq = |l: &Label| l.matches(&target);
        let v: Vec<bool> = match op {
            CmpOp::Eq => self.0.labels.iter().map(eq).collect(),
            CmpOp::NotEq => self.0.labels.iter().map(|l| !eq(l)).collect(),
            _ => return None,
        };
        Some(Col::Bool(v).to_data("").map(NdArray::wrap))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl HostObject for Indexer {
    fn type_name(&self) -> &str {
        if self.loc {
            "_LocIndexer"
        } else {
            "_iLocIndexer"
        }
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<pandas.core.indexing.{} object>",
            self.type_name()
        ))
    }
    fn getitem(&self, interp: &mut Interp, key: &Value) -> PyResult<Value> {
        match &self.target {
            Target::Series(s) => {
                let s = s.borrow().clone();
                let sel = if self.loc {
                    label_positions(interp, key, &s.index)?
                } else {
                    positions(interp, key, s.col.len())?
                };
                match sel {
                    Sel::One(i) => Ok(s.col.value(i)),
                    Sel::Many(r) => Ok(series_value(s.take(&r))),
                }
            }
            Target::Frame(f) => {
                let f = f.borrow().clone();
                let (rk, ck) = match key {
                    Value::Tuple(t) if t.len() == 2 => (t[0].clone(), Some(t[1].clone())),
                    Value::Tuple(t) if t.len() > 2 => {
                        return Err(PyError::new(
                            "IndexingError",
                            Message::new(Code::PyPdTooManyIndexers),
                        ))
                    }
                    k => (k.clone(), None),
                };
                let names = Index::new(f.names.clone());
                let rows = if self.loc {
                    label_positions(interp, &rk, &f.index)?
                } else {
                    positions(interp, &rk, f.nrows())?
                };
                let cols = match &ck {
                    None => Sel::Many((0..f.cols.len()).collect()),
                    Some(c) if self.loc => label_positions(interp, c, &names)?,
                    Some(c) => positions(interp, c, f.cols.len())?,
                };
                Ok(match (rows, cols) {
                    (Sel::One(r), Sel::One(c)) => f.cols[c].value(r),
                    (Sel::One(r), Sel::Many(c)) => series_value(f.select(&c).row(r)),
                    (Sel::Many(r), Sel::One(c)) => series_value(f.column(c).take(&r)),
                    (Sel::Many(r), Sel::Many(c)) => frame_value(f.select(&c).take_rows(&r)),
                })
            }
        }
    }
    fn setitem(&self, interp: &mut Interp, key: &Value, value: Value) -> PyResult<()> {
        let Target::Frame(fr) = &self.target else {
            return Err(crate::error::not_supported("Series.loc[...] = value"));
        };
        let f = fr.borrow().clone();
        let (rk, ck) = match key {
            Value::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
            _ => return Err(crate::error::not_supported("df.loc[rows] = value")),
        };
        let rows = match if self.loc {
            label_positions(interp, &rk, &f.index)?
        } else {
            positions(interp, &rk, f.nrows())?
        } {
            Sel::One(r) => vec![r],
            Sel::Many(r) => r,
        };
        let names = Index::new(f.names.clone());
        // `df.loc[mask, 'new'] = 1` may name a new column.
        let cols = if self.loc {
            match Label::of(&ck) {
                Some(l) if f.find(&l).is_none() => {
                    fr.borrow_mut()
                        .set_column(l, Col::F64(vec![f64::NAN; f.nrows()]));
                    vec![fr.borrow().cols.len() - 1]
                }
                _ => match label_positions(interp, &ck, &names)? {
                    Sel::One(c) => vec![c],
                    Sel::Many(c) => c,
                },
            }
        } else {
            match positions(interp, &ck, f.cols.len())? {
                Sel::One(c) => vec![c],
                Sel::Many(c) => c,
            }
        };
        let cell = Col::cell_of(&value)
            .ok_or_else(|| crate::error::not_supported("assigning this value through loc/iloc"))?;
        let mut fm = fr.borrow_mut();
        for c in cols {
            let mut cells = fm.cols[c].cells();
            for &r in &rows {
                cells[r] = cell.clone();
            }
            let keep_float = fm.cols[c].is_float();
            let new = Col::from_cells(cells);
            fm.cols[c] = match (keep_float, new) {
                (true, Col::I64(v)) => Col::F64(v.iter().map(|&x| x as f64).collect()),
                (_, n) => n,
            };
        }
        Ok(())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
