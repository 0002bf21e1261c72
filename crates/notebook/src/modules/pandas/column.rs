//! One column of a DataFrame (or the values of a Series): a typed vector, so a 768-row
//! numeric table holds 768 numbers per column and turns into a numpy array without boxing.
//! Text is pandas 3's `str` dtype (missing text is `None`, printed `NaN`).

use std::rc::Rc;

use ndarray::{ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, value_error, PyError, PyResult};
use crate::modules::numpy::{Data, Dtype, Scalar};
use crate::value::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Col {
    I64(Vec<i64>),
    /// float64; missing values are NaN, as in pandas.
    F64(Vec<f64>),
    /// float32 (after `astype('float32')`), kept as the f64 of each f32.
    F32(Vec<f64>),
    Bool(Vec<bool>),
    Str(Vec<Option<Rc<str>>>),
}

/// A row or column label: pandas' labels are ints (`header=None`, a RangeIndex) or text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Bool(bool),
    Int(i64),
    Float(OrdF),
    Str(Rc<str>),
}

impl Label {
    pub fn of(v: &Value) -> Option<Label> {
        match v.as_python_number() {
            Value::Int(i) => Some(Label::Int(i)),
            Value::Bool(b) => Some(Label::Bool(b)),
            Value::Str(s) => Some(Label::Str(s)),
            Value::Float(f) => Some(Label::Float(OrdF(f))),
            _ => None,
        }
    }
    pub fn to_value(&self) -> Value {
        match self {
            Label::Bool(b) => Value::Bool(*b),
            Label::Int(i) => Value::Int(*i),
            Label::Float(f) => Value::Float(f.0),
            Label::Str(s) => Value::Str(s.clone()),
        }
    }
    /// As Python's `repr`, for error messages (`'abc'`, `3`).
    pub fn repr(&self) -> String {
        match self {
            Label::Str(s) => crate::repr::str_repr(s),
            other => other.text(),
        }
    }
    pub fn text(&self) -> String {
        match self {
            Label::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            Label::Int(i) => i.to_string(),
            Label::Float(f) => crate::repr::float_repr(f.0),
            Label::Str(s) => s.to_string(),
        }
    }
    /// Whether a label given in code names this one (`1` and `1.0` are one label).
    pub fn matches(&self, other: &Label) -> bool {
        match (self, other) {
            (Label::Int(a), Label::Float(b)) | (Label::Float(b), Label::Int(a)) => *a as f64 == b.0,
            (a, b) => a == b,
        }
    }
    /// The label a cell gives as an index entry (`value_counts`).
    pub fn of_cell(c: &Cell) -> Label {
        match c {
            Cell::I(i) => Label::Int(*i),
            Cell::F(f) => Label::Float(OrdF(*f)),
            Cell::B(b) => Label::Bool(*b),
            Cell::S(Some(s)) => Label::Str(s.clone()),
            Cell::S(None) => Label::Float(OrdF(f64::NAN)),
        }
    }
}

/// One value of a column, as the cells of a Series are compared and counted.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    I(i64),
    F(f64),
    B(bool),
    S(Option<Rc<str>>),
}

impl Cell {
    pub fn is_na(&self) -> bool {
        matches!(self, Cell::F(f) if f.is_nan()) || matches!(self, Cell::S(None))
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::I(i) => Some(*i as f64),
            Cell::F(f) => Some(*f),
            Cell::B(b) => Some(f64::from(u8::from(*b))),
            Cell::S(_) => None,
        }
    }
    /// A key that sorts and groups equal values (`unique`, `value_counts`, dummies).
    pub fn key(&self) -> CellKey {
        match self {
            Cell::I(i) => CellKey::Num(OrdF(*i as f64)),
            Cell::F(f) => CellKey::Num(OrdF(*f)),
            Cell::B(b) => CellKey::Num(OrdF(f64::from(u8::from(*b)))),
            Cell::S(Some(s)) => CellKey::Str(s.clone()),
            Cell::S(None) => CellKey::Num(OrdF(f64::NAN)),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct OrdF(pub f64);
impl PartialEq for OrdF {
    fn eq(&self, o: &Self) -> bool {
        self.0.total_cmp(&o.0).is_eq()
    }
}
impl Eq for OrdF {}
impl PartialOrd for OrdF {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdF {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}
impl std::hash::Hash for OrdF {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.to_bits().hash(h)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellKey {
    Num(OrdF),
    Str(Rc<str>),
}

impl Col {
    pub fn len(&self) -> usize {
        match self {
            Col::I64(v) => v.len(),
            Col::F64(v) | Col::F32(v) => v.len(),
            Col::Bool(v) => v.len(),
            Col::Str(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn dtype_name(&self) -> &'static str {
        match self {
            Col::I64(_) => "int64",
            Col::F64(_) => "float64",
            Col::F32(_) => "float32",
            Col::Bool(_) => "bool",
            Col::Str(_) => "str",
        }
    }
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Col::Str(_))
    }
    pub fn is_float(&self) -> bool {
        matches!(self, Col::F64(_) | Col::F32(_))
    }
    pub fn cell(&self, i: usize) -> Cell {
        match self {
            Col::I64(v) => Cell::I(v[i]),
            Col::F64(v) | Col::F32(v) => Cell::F(v[i]),
            Col::Bool(v) => Cell::B(v[i]),
            Col::Str(v) => Cell::S(v[i].clone()),
        }
    }
    pub fn cells(&self) -> Vec<Cell> {
        (0..self.len()).map(|i| self.cell(i)).collect()
    }
    /// The Python value at row `i`: numpy scalars for numbers, as pandas gives them.
    pub fn value(&self, i: usize) -> Value {
        let s = match self {
            Col::I64(v) => Scalar::I64(v[i]),
            Col::F64(v) => Scalar::F64(v[i]),
            Col::F32(v) => Scalar::F32(v[i] as f32),
            Col::Bool(v) => Scalar::Bool(v[i]),
            Col::Str(v) => {
                return match &v[i] {
                    Some(s) => Value::Str(s.clone()),
                    None => Value::Float(f64::NAN),
                }
            }
        };
        crate::modules::numpy::NdArray::wrap(Data::from_scalar(s))
    }
    /// The plain Python value at row `i` (`tolist`).
    pub fn py_value(&self, i: usize) -> Value {
        match self.cell(i) {
            Cell::I(x) => Value::Int(x),
            Cell::F(x) => Value::Float(x),
            Cell::B(x) => Value::Bool(x),
            Cell::S(Some(s)) => Value::Str(s),
            Cell::S(None) => Value::Float(f64::NAN),
        }
    }
    pub fn take(&self, rows: &[usize]) -> Col {
        match self {
            Col::I64(v) => Col::I64(rows.iter().map(|&r| v[r]).collect()),
            Col::F64(v) => Col::F64(rows.iter().map(|&r| v[r]).collect()),
            Col::F32(v) => Col::F32(rows.iter().map(|&r| v[r]).collect()),
            Col::Bool(v) => Col::Bool(rows.iter().map(|&r| v[r]).collect()),
            Col::Str(v) => Col::Str(rows.iter().map(|&r| v[r].clone()).collect()),
        }
    }
    pub fn floats(&self) -> Option<Vec<f64>> {
        Some(match self {
            Col::I64(v) => v.iter().map(|&x| x as f64).collect(),
            Col::F64(v) | Col::F32(v) => v.clone(),
            Col::Bool(v) => v.iter().map(|&b| f64::from(u8::from(b))).collect(),
            Col::Str(_) => return None,
        })
    }
    pub fn is_na(&self, i: usize) -> bool {
        match self {
            Col::F64(v) | Col::F32(v) => v[i].is_nan(),
            Col::Str(v) => v[i].is_none(),
            _ => false,
        }
    }
    pub fn na_count(&self) -> usize {
        (0..self.len()).filter(|&i| self.is_na(i)).count()
    }

    /// A column from cells that were built one by one (a dict of lists, a `map`): ints stay
    /// int64, any float (or missing number) makes float64, text makes `str`.
    pub fn from_cells(cells: Vec<Cell>) -> Col {
        let has_str = cells.iter().any(|c| matches!(c, Cell::S(Some(_))));
        if has_str {
            return Col::Str(
                cells
                    .into_iter()
                    .map(|c| match c {
                        Cell::S(s) => s,
                        Cell::I(i) => Some(i.to_string().into()),
                        Cell::F(f) if f.is_nan() => None,
                        Cell::F(f) => Some(crate::repr::float_repr(f).into()),
                        Cell::B(b) => Some(if b { "True" } else { "False" }.into()),
                    })
                    .collect(),
            );
        }
        if !cells.is_empty() && cells.iter().all(|c| matches!(c, Cell::B(_))) {
            return Col::Bool(cells.iter().map(|c| matches!(c, Cell::B(true))).collect());
        }
        if cells.iter().all(|c| matches!(c, Cell::I(_) | Cell::B(_))) && !cells.is_empty() {
            return Col::I64(
                cells
                    .iter()
                    .map(|c| c.as_f64().unwrap_or(0.0) as i64)
                    .collect(),
            );
        }
        Col::F64(
            cells
                .iter()
                .map(|c| c.as_f64().unwrap_or(f64::NAN))
                .collect(),
        )
    }

    /// A Python value as a cell: numbers, text, None/NaN as missing.
    pub fn cell_of(v: &Value) -> Option<Cell> {
        Some(match v.as_python_number() {
            Value::Int(i) => Cell::I(i),
            Value::Bool(b) => Cell::B(b),
            Value::Float(f) => Cell::F(f),
            Value::Str(s) => Cell::S(Some(s)),
            Value::None => Cell::F(f64::NAN),
            _ => return None,
        })
    }

    /// A numpy array's 1-D data as a column.
    pub fn from_data(d: &Data) -> Col {
        match d {
            Data::Bool(a) => Col::Bool(a.iter().copied().collect()),
            Data::U8(a) => Col::I64(a.iter().map(|&x| i64::from(x)).collect()),
            Data::I64(a) => Col::I64(a.iter().copied().collect()),
            Data::F32(a) => Col::F32(a.iter().map(|&x| f64::from(x)).collect()),
            Data::F64(a) => Col::F64(a.iter().copied().collect()),
        }
    }

    /// The numpy dtype this column becomes; text has none here.
    pub fn np_dtype(&self) -> Option<Dtype> {
        Some(match self {
            Col::I64(_) => Dtype::I64,
            Col::F64(_) => Dtype::F64,
            Col::F32(_) => Dtype::F32,
            Col::Bool(_) => Dtype::Bool,
            Col::Str(_) => return None,
        })
    }

    /// As a 1-D numpy array (`Series.values`); text is refused, naming the column.
    pub fn to_data(&self, name: &str) -> PyResult<Data> {
        let n = self.len();
        let shape = IxDyn(&[n]);
        let bad = |_| value_error(Message::new(Code::PyNpInhomogeneous));
        Ok(match self {
            Col::I64(v) => Data::I64(ArrayD::from_shape_vec(shape, v.clone()).map_err(bad)?),
            Col::F64(v) => Data::F64(ArrayD::from_shape_vec(shape, v.clone()).map_err(bad)?),
            Col::F32(v) => Data::F32(
                ArrayD::from_shape_vec(shape, v.iter().map(|&x| x as f32).collect())
                    .map_err(bad)?,
            ),
            Col::Bool(v) => Data::Bool(ArrayD::from_shape_vec(shape, v.clone()).map_err(bad)?),
            Col::Str(_) => return Err(text_error(name)),
        })
    }

    /// `astype(dtype)`.
    pub fn cast(&self, dtype: &str) -> PyResult<Col> {
        let target = match dtype {
            "float64" | "float" | "f8" | "double" => "float64",
            "float32" | "f4" | "single" => "float32",
            "int64" | "int" | "i8" | "int32" | "intp" | "int_" => "int64",
            "bool" | "bool_" => "bool",
            "str" | "object" | "string" | "O" => "str",
            "category" => return Err(crate::error::not_supported("astype('category')")),
            other => {
                return Err(type_error(
                    Message::new(Code::PyPdDtype).with("dtype", other),
                ))
            }
        };
        let floats = |c: &Col| -> PyResult<Vec<f64>> {
            match c {
                Col::Str(v) => v
                    .iter()
                    .map(|s| match s {
                        None => Ok(f64::NAN),
                        Some(t) => t.trim().parse::<f64>().map_err(|_| {
                            value_error(Message::new(Code::PyPdConvert).with("text", t))
                        }),
                    })
                    .collect(),
                other => Ok(other.floats().unwrap_or_default()),
            }
        };
        Ok(match target {
            "float64" => Col::F64(floats(self)?),
            "float32" => Col::F32(floats(self)?.iter().map(|&x| f64::from(x as f32)).collect()),
            "int64" => match self {
                Col::I64(v) => Col::I64(v.clone()),
                other => {
                    let f = floats(other)?;
                    if f.iter().any(|x| !x.is_finite()) {
                        return Err(PyError::new(
                            "IntCastingNaNError",
                            Message::new(Code::PyPdIntNaN),
                        ));
                    }
                    Col::I64(f.iter().map(|&x| x as i64).collect())
                }
            },
            "bool" => match self {
                Col::Str(v) => Col::Bool(
                    v.iter()
                        .map(|s| s.as_ref().is_some_and(|t| !t.is_empty()))
                        .collect(),
                ),
                other => Col::Bool(floats(other)?.iter().map(|&x| x != 0.0).collect()),
            },
            _ => Col::Str(
                (0..self.len())
                    .map(|i| match self.cell(i) {
                        Cell::S(s) => s,
                        Cell::I(x) => Some(x.to_string().into()),
                        Cell::F(x) => Some(crate::repr::float_repr(x).into()),
                        Cell::B(b) => Some(if b { "True" } else { "False" }.into()),
                    })
                    .collect(),
            ),
        })
    }

    pub fn concat(parts: &[&Col]) -> Col {
        let cells: Vec<Cell> = parts.iter().flat_map(|c| c.cells()).collect();
        if let Some(first) = parts.first() {
            if parts.iter().all(|p| p.dtype_name() == first.dtype_name()) {
                return match first {
                    Col::F32(_) => Col::F32(
                        parts
                            .iter()
                            .flat_map(|p| p.floats().unwrap_or_default())
                            .collect(),
                    ),
                    Col::F64(_) => Col::F64(
                        parts
                            .iter()
                            .flat_map(|p| p.floats().unwrap_or_default())
                            .collect(),
                    ),
                    _ => Col::from_cells(cells),
                };
            }
        }
        Col::from_cells(cells)
    }
}

pub fn text_error(column: &str) -> PyError {
    PyError::new(
        "NotImplementedError",
        Message::new(Code::PyPdTextToArray).with("column", column),
    )
}
