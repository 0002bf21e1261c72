//! `import pandas as pd`: DataFrames and Series of typed columns ([`column`]), their
//! operations ([`frame`]), their Python face ([`object`]) and pandas 3's printing
//! ([`print`]). This file is the table of `pd.` names, `read_csv` (parsing is the engine's
//! CSV reader, `noriteo_core::data::csv`: encodings, separators and pandas' missing
//! markers have one owner) and the constructors.
//!
//! Differences from pandas that a lecture may meet: a column of mixed text and numbers is
//! text (`str`); `df.values` of bool and float columns is float64 (pandas: object); a
//! Series' `unique()` of text is a list; Series arithmetic lines up by label only when both
//! have the same labels; `set_option` is accepted and changes nothing.

pub mod column;
pub mod frame;
pub mod html;
pub mod object;
pub mod print;

use std::rc::Rc;

use noriteo_core::data::csv::{is_missing, parse_csv, CsvOptions};
use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::modules::numpy::NdArray;
use crate::value::{Args, Module, Value};
use column::{Cell, Col, Label};
use frame::{Frame, Index, SeriesData};
pub use object::{frame_value, series_value, DataFrame, Series};

/// A text column's values as pandas' parser types them: int64, float64 (missing markers as
/// NaN), bool (`True`/`False`), otherwise text.
fn typed_column(cells: &[&str]) -> Col {
    let present: Vec<&&str> = cells.iter().filter(|c| !is_missing(c)).collect();
    let has_na = present.len() < cells.len();
    if !has_na && !present.is_empty() && present.iter().all(|c| c.parse::<i64>().is_ok()) {
        return Col::I64(
            cells
                .iter()
                .map(|c| c.parse::<i64>().unwrap_or(0))
                .collect(),
        );
    }
    let as_f = |c: &str| -> Option<f64> {
        if is_missing(c) {
            return Some(f64::NAN);
        }
        match c {
            "inf" | "Inf" | "+inf" => Some(f64::INFINITY),
            "-inf" | "-Inf" => Some(f64::NEG_INFINITY),
            _ => c.parse::<f64>().ok().filter(|x| !x.is_nan()),
        }
    };
    if cells.iter().all(|c| as_f(c).is_some()) {
        return Col::F64(cells.iter().map(|c| as_f(c).unwrap_or(f64::NAN)).collect());
    }
    let boolish = |c: &str| matches!(c, "True" | "TRUE" | "true" | "False" | "FALSE" | "false");
    if !has_na && present.iter().all(|c| boolish(c)) {
        return Col::Bool(
            cells
                .iter()
                .map(|c| c.eq_ignore_ascii_case("true"))
                .collect(),
        );
    }
    Col::Str(
        cells
            .iter()
            .map(|c| {
                if is_missing(c) {
                    None
                } else {
                    Some(Rc::from(*c))
                }
            })
            .collect(),
    )
}

/// Reads a CSV file through the host's [`crate::eval::FileSource`]; a URL goes to the host
/// as it is written (the host maps lecture URLs to bundled copies).
pub fn read_csv(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let header = args.take_kw("header");
    let names = args.take_kw("names");
    let encoding = args.take_kw("encoding");
    let sep = args.take_kw("sep").or_else(|| args.take_kw("delimiter"));
    let ws = args.take_kw("delim_whitespace");
    let index_col = args.take_kw("index_col");
    args.take_kw("low_memory");
    args.take_kw("engine");
    args.check("read_csv", 1, 1)?;
    let path = match &args.pos[0] {
        Value::Str(s) => s.to_string(),
        other => {
            return Err(type_error(
                Message::new(Code::PyArgType)
                    .with("function", "read_csv")
                    .with("expected", "a file name or URL")
                    .with("got", other.type_name()),
            ))
        }
    };
    let text_kw = |v: &Option<Value>, what: &str| -> PyResult<Option<String>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.to_string())),
            Some(other) => Err(type_error(
                Message::new(Code::PyArgType)
                    .with("function", "read_csv")
                    .with("expected", what)
                    .with("got", other.type_name()),
            )),
        }
    };
    let sep = text_kw(&sep, "a str separator")?;
    let encoding = text_kw(&encoding, "an encoding name")?;
    let whitespace = ws.is_some_and(|v| v.truthy_builtin().unwrap_or(false))
        || matches!(sep.as_deref(), Some(r"\s+") | Some(" +") | Some(r"\s"));
    let delimiter = if whitespace {
        b' '
    } else {
        match sep.as_deref() {
            None => b',',
            Some(s) if s.len() == 1 => s.as_bytes()[0],
            Some(r"\t") => b'\t',
            Some(other) => {
                return Err(crate::error::not_supported(&format!(
                    "read_csv(sep={other:?})"
                )))
            }
        }
    };
    let names: Option<Vec<Label>> = match &names {
        None | Some(Value::None) => None,
        Some(v) => Some(
            interp
                .to_vec(v)?
                .iter()
                .map(|x| {
                    Label::of(x).ok_or_else(|| {
                        type_error(Message::new(Code::PyUnhashable).with("kind", x.type_name()))
                    })
                })
                .collect::<PyResult<_>>()?,
        ),
    };
    // pandas: the first row is the header unless header=None, or names are given.
    let has_header = match &header {
        Some(Value::None) => false,
        Some(v) => {
            if v.as_index()? != 0 {
                return Err(crate::error::not_supported("read_csv(header=n) for n > 0"));
            }
            true
        }
        None => names.is_none(),
    };
    let bytes = interp.read_file(
        &path,
        || {
            PyError::new(
                "OSError",
                Message::new(Code::PyPdNoFiles).with("path", &path),
            )
        },
        |reason| crate::modules::numpy::loadtxt::not_read(&path, reason, Code::PyPdFileNotFound),
    )?;
    let opts = CsvOptions {
        delimiter: Some(delimiter),
        has_header: Some(has_header),
        encoding,
        ..CsvOptions::default()
    };
    let file = path.rsplit('/').next().unwrap_or(&path).to_string();
    let table = parse_csv(&file, &bytes, &opts).map_err(|e| {
        let m = e.message();
        let ename = match m.innermost().code {
            Code::UnknownEncoding => "LookupError",
            Code::NotValidEncoding | Code::UndecodableLine => "UnicodeDecodeError",
            Code::FileEmpty | Code::FileNoRows => "EmptyDataError",
            _ => "ParserError",
        };
        PyError::new(
            ename,
            Message::new(Code::PyPdCsv)
                .with("path", &file)
                .with_detail(m),
        )
    })?;
    interp.tick()?;
    let width = table.columns.len();
    let mut cols = Vec::with_capacity(width);
    let mut column: Vec<&str> = Vec::with_capacity(table.rows());
    for c in 0..width {
        column.clear();
        column.extend(table.cells.iter().map(|row| row[c].as_str()));
        cols.push(typed_column(&column));
    }
    let labels: Vec<Label> = match names {
        Some(n) => {
            if n.len() != width {
                return Err(value_error(
                    Message::new(Code::PyPdColumnCount)
                        .with("data", width)
                        .with("given", n.len()),
                ));
            }
            n
        }
        None if has_header => table
            .columns
            .iter()
            .map(|c| Label::Str(c.as_str().into()))
            .collect(),
        None => (0..width as i64).map(Label::Int).collect(),
    };
    let mut f = Frame {
        names: labels,
        cols,
        index: Index::range(table.rows()),
    };
    if let Some(ic) = index_col {
        if !matches!(ic, Value::None | Value::Bool(false)) {
            let c = match &ic {
                Value::Int(i) if (*i as usize) < width => *i as usize,
                other => {
                    let l = Label::of(other).ok_or_else(|| {
                        type_error(Message::new(Code::PyUnhashable).with("kind", other.type_name()))
                    })?;
                    f.find(&l).ok_or_else(|| {
                        PyError::new(
                            "KeyError",
                            Message::new(Code::PyPdKeyError).with("key", l.repr()),
                        )
                    })?
                }
            };
            let col = f.cols.remove(c);
            let name = f.names.remove(c);
            f.index = Index {
                labels: col.cells().iter().map(Label::of_cell).collect(),
                name: Some(name),
            };
        }
    }
    Ok(frame_value(f))
}

/// The column a list, array, Series or scalar of `n` rows gives (`pd.DataFrame(dict)`).
fn values_col(interp: &mut Interp, v: &Value) -> PyResult<Col> {
    if let Some(s) = Series::of(v) {
        return Ok(s.0.borrow().col.clone());
    }
    if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        if d.shape().len() != 1 {
            return Err(value_error(Message::new(Code::PyPdTwoDims).with(
                "shape",
                crate::modules::numpy::array::shape_text(d.shape()),
            )));
        }
        return Ok(Col::from_data(&d));
    }
    let items = interp.to_vec(v)?;
    let cells: Vec<Cell> = items
        .iter()
        .map(|x| {
            Col::cell_of(x).ok_or_else(|| {
                type_error(Message::new(Code::PyNpDtype).with("dtype", x.type_name()))
            })
        })
        .collect::<PyResult<_>>()?;
    Ok(Col::from_cells(cells))
}

fn labels_kw(interp: &mut Interp, v: Option<Value>) -> PyResult<Option<Vec<Label>>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(
            interp
                .to_vec(&v)?
                .iter()
                .map(|x| {
                    Label::of(x).ok_or_else(|| {
                        type_error(Message::new(Code::PyUnhashable).with("kind", x.type_name()))
                    })
                })
                .collect::<PyResult<_>>()?,
        )),
    }
}

/// `pd.DataFrame(data, columns=..., index=...)` from a dict of columns (`history.history`
/// included), a 2-D array, a list of rows, or another DataFrame.
fn dataframe(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let columns = args.take_kw("columns");
    let index = args.take_kw("index");
    let data = args.take_kw("data");
    args.take_kw("dtype");
    args.check("DataFrame", 0, 1)?;
    let data = data
        .or_else(|| args.pos.first().cloned())
        .unwrap_or(Value::None);
    let columns = labels_kw(interp, columns)?;
    let mut f = if let Some(d) = DataFrame::of(&data) {
        d.0.borrow().clone()
    } else if let Value::Dict(d) = &data {
        let entries: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
        let mut names = Vec::new();
        let mut cols = Vec::new();
        let mut n: Option<usize> = None;
        let mut scalars = Vec::new();
        for (k, v) in entries {
            names.push(Label::of(&k).ok_or_else(|| {
                type_error(Message::new(Code::PyUnhashable).with("kind", k.type_name()))
            })?);
            if Col::cell_of(&v).is_some() {
                scalars.push((cols.len(), v));
                cols.push(Col::I64(vec![]));
                continue;
            }
            let c = values_col(interp, &v)?;
            if n.is_some_and(|n| n != c.len()) {
                return Err(value_error(Message::new(Code::PyPdArrayLengths)));
            }
            n = Some(c.len());
            cols.push(c);
        }
        let n = n.unwrap_or(usize::from(!scalars.is_empty()));
        for (i, v) in scalars {
            cols[i] = Col::from_cells(vec![Col::cell_of(&v).unwrap_or(Cell::S(None)); n]);
        }
        let mut f = Frame {
            names,
            cols,
            index: Index::range(n),
        };
        if let Some(sel) = &columns {
            let keep: Vec<usize> = sel.iter().filter_map(|l| f.find(l)).collect();
            f = f.select(&keep);
        }
        f
    } else if matches!(data, Value::None) {
        let names = columns.clone().unwrap_or_default();
        Frame {
            cols: names.iter().map(|_| Col::F64(vec![])).collect(),
            names,
            index: Index::range(0),
        }
    } else {
        let d = if let Some(a) = NdArray::of(&data) {
            a.data.borrow().clone()
        } else {
            // A list of rows may hold text: build columns cell by cell.
            let rows = interp.to_vec(&data)?;
            let mut table: Vec<Vec<Cell>> = Vec::new();
            for r in &rows {
                let items = match r {
                    Value::List(_) | Value::Tuple(_) => interp.to_vec(r)?,
                    other => vec![other.clone()],
                };
                let cells: Vec<Cell> = items
                    .iter()
                    .map(|x| {
                        Col::cell_of(x).ok_or_else(|| {
                            type_error(Message::new(Code::PyNpDtype).with("dtype", x.type_name()))
                        })
                    })
                    .collect::<PyResult<_>>()?;
                if table.first().is_some_and(|t| t.len() != cells.len()) {
                    return Err(value_error(Message::new(Code::PyNpInhomogeneous)));
                }
                table.push(cells);
            }
            let m = table.first().map_or(0, Vec::len);
            let cols: Vec<Col> = (0..m)
                .map(|c| Col::from_cells(table.iter().map(|r| r[c].clone()).collect()))
                .collect();
            let names = match &columns {
                Some(n) if n.len() != m => {
                    return Err(value_error(
                        Message::new(Code::PyPdColumnCount)
                            .with("data", m)
                            .with("given", n.len()),
                    ))
                }
                Some(n) => n.clone(),
                None => (0..m as i64).map(Label::Int).collect(),
            };
            return finish(
                interp,
                Frame {
                    names,
                    cols,
                    index: Index::range(table.len()),
                },
                index,
            );
        };
        let m = if d.shape().len() == 2 {
            d.shape()[1]
        } else {
            1
        };
        let n = d.shape().first().copied().unwrap_or(0);
        let names = columns
            .clone()
            .unwrap_or_else(|| (0..m as i64).map(Label::Int).collect());
        object::frame_from_data(&d, names, Index::range(n))?
    };
    if DataFrame::of(&data).is_some() {
        if let Some(sel) = &columns {
            let keep: Vec<usize> = sel.iter().filter_map(|l| f.find(l)).collect();
            f = f.select(&keep);
        }
    }
    finish(interp, f, index)
}

fn finish(interp: &mut Interp, mut f: Frame, index: Option<Value>) -> PyResult<Value> {
    if let Some(labels) = labels_kw(interp, index)? {
        if labels.len() != f.nrows() {
            return Err(value_error(
                Message::new(Code::PyPdLengthMismatch)
                    .with("got", labels.len())
                    .with("expected", f.nrows()),
            ));
        }
        f.index = Index::new(labels);
    }
    Ok(frame_value(f))
}

fn series(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let name = args.take_kw("name");
    let index = args.take_kw("index");
    args.take_kw("dtype");
    args.check("Series", 0, 1)?;
    let data = args
        .pos
        .first()
        .cloned()
        .unwrap_or_else(|| Value::list(vec![]));
    let (col, mut idx) = if let Value::Dict(d) = &data {
        let entries: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
        let labels = entries.iter().filter_map(|(k, _)| Label::of(k)).collect();
        let cells = entries
            .iter()
            .map(|(_, v)| Col::cell_of(v).unwrap_or(Cell::S(None)))
            .collect();
        (Col::from_cells(cells), Index::new(labels))
    } else {
        let c = values_col(interp, &data)?;
        let n = c.len();
        (c, Index::range(n))
    };
    if let Some(labels) = labels_kw(interp, index)? {
        if labels.len() != col.len() {
            return Err(value_error(
                Message::new(Code::PyPdLengthMismatch)
                    .with("got", col.len())
                    .with("expected", labels.len()),
            ));
        }
        idx = Index::new(labels);
    }
    let name = match name {
        None | Some(Value::None) => Series::of(&data).and_then(|s| s.0.borrow().name.clone()),
        Some(v) => Label::of(&v),
    };
    Ok(series_value(SeriesData {
        name,
        index: idx,
        col,
    }))
}

/// `pd.get_dummies(data, columns=None, dtype=bool, prefix_sep='_')`: one column per value
/// (sorted), appended after the columns left as they were; bool unless `dtype` is given.
fn get_dummies(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let columns = args.take_kw("columns");
    let dtype = args.take_kw("dtype");
    let prefix_sep = match args.take_kw("prefix_sep") {
        Some(Value::Str(s)) => s.to_string(),
        _ => "_".to_string(),
    };
    let drop_first = args
        .take_kw("drop_first")
        .is_some_and(|v| v.truthy_builtin().unwrap_or(false));
    args.check("get_dummies", 1, 1)?;
    let dtype = match dtype {
        None | Some(Value::None) => None,
        Some(v) => Some(object_dtype(&v)),
    };
    let dummies = |col: &Col, prefix: Option<&Label>| -> PyResult<Vec<(Label, Col)>> {
        let mut values: Vec<Cell> = frame::counts(col).into_iter().map(|(c, _)| c).collect();
        values.sort_by_key(|a| a.key());
        let skip = usize::from(drop_first);
        let mut out = Vec::new();
        for v in values.iter().skip(skip) {
            let hits: Vec<bool> = (0..col.len())
                .map(|i| col.cell(i).key() == v.key())
                .collect();
            let label_text = Label::of_cell(v).text();
            let name = match prefix {
                Some(p) => Label::Str(format!("{}{prefix_sep}{label_text}", p.text()).into()),
                None => Label::of_cell(v),
            };
            let c = Col::Bool(hits);
            out.push((
                name,
                match &dtype {
                    Some(t) => c.cast(t)?,
                    None => c,
                },
            ));
        }
        Ok(out)
    };
    let data = &args.pos[0];
    if let Some(s) = Series::of(data) {
        let s = s.0.borrow().clone();
        let parts = dummies(&s.col, None)?;
        let (names, cols) = parts.into_iter().unzip();
        return Ok(frame_value(Frame {
            names,
            cols,
            index: s.index.clone(),
        }));
    }
    let Some(df) = DataFrame::of(data) else {
        let col = values_col(interp, data)?;
        let n = col.len();
        let (names, cols) = dummies(&col, None)?.into_iter().unzip();
        return Ok(frame_value(Frame {
            names,
            cols,
            index: Index::range(n),
        }));
    };
    let f = df.0.borrow().clone();
    let chosen: Vec<usize> = match labels_kw(interp, columns)? {
        Some(list) => list
            .iter()
            .map(|l| {
                f.find(l).ok_or_else(|| {
                    PyError::new(
                        "KeyError",
                        Message::new(Code::PyPdNotInIndex)
                            .with("labels", format!("[{}]", l.repr())),
                    )
                })
            })
            .collect::<PyResult<_>>()?,
        None => (0..f.cols.len())
            .filter(|&c| matches!(f.cols[c], Col::Str(_)))
            .collect(),
    };
    let keep: Vec<usize> = (0..f.cols.len()).filter(|c| !chosen.contains(c)).collect();
    let mut out = f.select(&keep);
    for &c in &chosen {
        for (name, col) in dummies(&f.cols[c], Some(&f.names[c]))? {
            out.names.push(name);
            out.cols.push(col);
        }
    }
    Ok(frame_value(out))
}

fn object_dtype(v: &Value) -> String {
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

/// `pd.concat([a, b], axis=0|1)` of DataFrames or Series.
fn concat(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let axis = args.take_kw("axis");
    let ignore = args
        .take_kw("ignore_index")
        .is_some_and(|v| v.truthy_builtin().unwrap_or(false));
    args.check("concat", 1, 1)?;
    let items = interp.to_vec(&args.pos[0])?;
    let by_cols = match &axis {
        None => false,
        Some(Value::Str(s)) => &**s == "columns",
        Some(v) => v.as_index()? == 1,
    };
    let frames: Vec<Frame> = items
        .iter()
        .map(|v| {
            if let Some(d) = DataFrame::of(v) {
                Ok(d.0.borrow().clone())
            } else if let Some(s) = Series::of(v) {
                let s = s.0.borrow();
                Ok(Frame {
                    names: vec![s.name.clone().unwrap_or(Label::Int(0))],
                    cols: vec![s.col.clone()],
                    index: s.index.clone(),
                })
            } else {
                Err(type_error(
                    Message::new(Code::PyArgType)
                        .with("function", "concat")
                        .with("expected", "DataFrames or Series")
                        .with("got", v.type_name()),
                ))
            }
        })
        .collect::<PyResult<_>>()?;
    let Some(first) = frames.first() else {
        return Err(value_error(
            Message::new(Code::PyEmptySequence).with("function", "concat"),
        ));
    };
    if by_cols {
        let mut out = first.clone();
        for f in &frames[1..] {
            if f.nrows() != out.nrows() {
                return Err(value_error(Message::new(Code::PyPdArrayLengths)));
            }
            out.names.extend(f.names.iter().cloned());
            out.cols.extend(f.cols.iter().cloned());
        }
        return Ok(frame_value(out));
    }
    let mut names = first.names.clone();
    for f in &frames[1..] {
        for n in &f.names {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    let mut cols = Vec::new();
    for n in &names {
        let parts: Vec<Col> = frames
            .iter()
            .map(|f| match f.find(n) {
                Some(c) => f.cols[c].clone(),
                None => Col::F64(vec![f64::NAN; f.nrows()]),
            })
            .collect();
        let refs: Vec<&Col> = parts.iter().collect();
        cols.push(Col::concat(&refs));
    }
    let total: usize = frames.iter().map(Frame::nrows).sum();
    let index = if ignore {
        Index::range(total)
    } else {
        Index::new(
            frames
                .iter()
                .flat_map(|f| f.index.labels.iter().cloned())
                .collect(),
        )
    };
    let f = Frame { names, cols, index };
    if items.iter().all(|v| Series::of(v).is_some()) && f.cols.len() == 1 {
        return Ok(series_value(f.column(0)));
    }
    Ok(frame_value(f))
}

pub fn make(_interp: &mut Interp) -> PyResult<Value> {
    let m = Module::new("pandas");
    m.set("__version__", Value::str("3.1.1"));
    m.def("read_csv", read_csv);
    m.def("DataFrame", dataframe);
    m.def("Series", series);
    m.def("get_dummies", get_dummies);
    m.def("concat", concat);
    m.def("set_option", |_, _| Ok(Value::None));
    m.def("reset_option", |_, _| Ok(Value::None));
    m.def("isnull", |interp, args| call_method(interp, args, "isnull"));
    m.def("isna", |interp, args| call_method(interp, args, "isna"));
    m.def("notnull", |interp, args| {
        call_method(interp, args, "notnull")
    });
    m.set("NA", Value::Float(f64::NAN));
    m.set("NaT", Value::None);
    Ok(Value::Module(Rc::new(m)))
}

fn call_method(interp: &mut Interp, mut args: Args, name: &str) -> PyResult<Value> {
    args.check(name, 1, 1)?;
    let obj = args.pos.remove(0);
    if DataFrame::of(&obj).is_some() || Series::of(&obj).is_some() {
        let f = interp.get_attr(&obj, name)?;
        return interp.call(&f, Args::default());
    }
    match obj.as_python_number() {
        Value::Float(f) => Ok(Value::Bool(f.is_nan() != name.starts_with("not"))),
        Value::None => Ok(Value::Bool(!name.starts_with("not"))),
        _ => Ok(Value::Bool(name.starts_with("not"))),
    }
}

/// A DataFrame or Series as a numpy array, for libraries that take either (scikit-learn,
/// Keras' `fit`); `None` if `v` is neither.
pub fn to_data(v: &Value) -> Option<PyResult<crate::modules::numpy::Data>> {
    if let Some(d) = DataFrame::of(v) {
        return Some(d.0.borrow().to_data());
    }
    Series::of(v).map(|s| {
        let s = s.0.borrow();
        s.col.to_data(&s.name_text())
    })
}
