//! Reading Keras' arguments (positional or by keyword, with Keras' defaults) and turning
//! what the engine says into Python exceptions.

use ndarray::{Array2, ArrayD, Ix2, IxDyn};
use noriteo_core::data::Features;
use noriteo_core::messages::{Code, Message};
use noriteo_core::spec::FieldError;
use noriteo_core::Error;

use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;
use crate::modules::numpy::array::{from_value, Data, NdArray};
use crate::value::{Args, Value};

/// A call's arguments bound to the parameter names of a Keras function, in order.
pub struct Params {
    function: &'static str,
    names: &'static [&'static str],
    values: Vec<Option<Value>>,
}

impl Params {
    /// Binds `args` to `names` (positional first, then by keyword); an unknown keyword, too
    /// many positionals, a value given twice or a missing one of the first `required` raise
    /// Python's TypeError.
    pub fn bind(
        args: Args,
        function: &'static str,
        names: &'static [&'static str],
        required: usize,
    ) -> PyResult<Params> {
        if args.pos.len() > names.len() {
            return Err(type_error(
                Message::new(Code::PyArgCount)
                    .with("function", function)
                    .with("expected", names.len())
                    .with("got", args.pos.len()),
            ));
        }
        let mut values: Vec<Option<Value>> = vec![None; names.len()];
        for (slot, v) in values.iter_mut().zip(args.pos) {
            *slot = Some(v);
        }
        for (k, v) in args.kw {
            let Some(i) = names.iter().position(|n| *n == &*k) else {
                return Err(type_error(
                    Message::new(Code::PyUnexpectedKeyword)
                        .with("function", function)
                        .with("name", k),
                ));
            };
            if values[i].is_some() {
                return Err(type_error(
                    Message::new(Code::PyMultipleValues)
                        .with("function", function)
                        .with("name", k),
                ));
            }
            values[i] = Some(v);
        }
        for (i, name) in names.iter().enumerate().take(required) {
            if values[i].is_none() {
                return Err(type_error(
                    Message::new(Code::PyMissingArgument)
                        .with("function", function)
                        .with("name", name),
                ));
            }
        }
        Ok(Params {
            function,
            names,
            values,
        })
    }

    /// The value given for `name`; `None` when it was not given or was Python's `None`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let i = self.names.iter().position(|n| *n == name)?;
        match self.values.get(i) {
            Some(Some(Value::None)) | Some(None) | None => None,
            Some(Some(v)) => Some(v),
        }
    }

    pub fn wrong_type(&self, name: &str, expected: &str) -> PyError {
        let got = self.get(name).map(Value::type_name).unwrap_or_default();
        type_error(
            Message::new(Code::PyKerasArgType)
                .with("function", self.function)
                .with("name", name)
                .with("expected", expected)
                .with("got", got),
        )
    }

    pub fn int(&self, name: &str, default: i64) -> PyResult<i64> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .as_python_number()
                .as_index()
                .map_err(|_| self.wrong_type(name, "an int")),
        }
    }

    pub fn float(&self, name: &str, default: f64) -> PyResult<f64> {
        match self.get(name).map(Value::as_python_number) {
            None => Ok(default),
            Some(v) if v.is_number() => Ok(v.as_f64().unwrap_or(default)),
            Some(_) => Err(self.wrong_type(name, "a number")),
        }
    }

    pub fn opt_float(&self, name: &str) -> PyResult<Option<f32>> {
        match self.get(name) {
            None => Ok(None),
            Some(_) => self.float(name, 0.0).map(|f| Some(f as f32)),
        }
    }

    pub fn bool(&self, name: &str, default: bool) -> PyResult<bool> {
        match self.get(name).map(Value::as_python_number) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(Value::Int(i)) => Ok(i != 0),
            Some(_) => Err(self.wrong_type(name, "True or False")),
        }
    }

    pub fn str(&self, name: &str) -> PyResult<Option<String>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.to_string())),
            Some(_) => Err(self.wrong_type(name, "a str")),
        }
    }

    /// A shape such as `(28, 28)`, `[4]` or `4`.
    pub fn shape(&self, interp: &mut Interp, name: &str) -> PyResult<Option<Vec<usize>>> {
        let Some(v) = self.get(name).cloned() else {
            return Ok(None);
        };
        let items = match &v {
            Value::Tuple(_) | Value::List(_) => interp.to_vec(&v)?,
            Value::Int(_) => vec![v.clone()],
            _ => return Err(self.wrong_type(name, "a tuple of ints")),
        };
        let mut shape = Vec::with_capacity(items.len());
        for item in items {
            match item.as_python_number() {
                Value::Int(n) if n > 0 => shape.push(n as usize),
                Value::None => {
                    return Err(crate::error::not_supported(
                        "a shape with None (a variable length)",
                    ))
                }
                _ => return Err(self.wrong_type(name, "a tuple of positive ints")),
            }
        }
        Ok(Some(shape))
    }
}

/// The engine's error as the exception Keras raises for it, with the engine's catalogued
/// message.
pub fn engine_error(e: Error) -> PyError {
    let ename = match &e {
        Error::NotCompiled(_) => "RuntimeError",
        Error::Diverged { .. } => "FloatingPointError",
        _ => "ValueError",
    };
    let message = match e {
        // The setting's path (`model.layers[0].units`) is the playground's; here the cell's
        // line and column say where it is.
        Error::InvalidConfig { message, .. } => message,
        other => other.message(),
    };
    PyError::new(ename, message)
}

/// A setting the engine's plan refused: its message (the first, as Keras stops at one).
pub fn field_errors(errors: Vec<FieldError>) -> PyError {
    match errors.into_iter().next() {
        Some(e) => PyError::new("ValueError", e.message),
        None => PyError::new("ValueError", Message::new(Code::PyKerasBadSetup)),
    }
}

/// The array a value stands for (an array, a tensor, nested lists of numbers).
pub fn data_of(interp: &mut Interp, v: &Value) -> PyResult<Data> {
    if let Some(t) = super::functions::TensorObj::of(v) {
        return Ok(Data::F32(t.0.clone()));
    }
    if let Value::Host(h) = v {
        if let Some(d) = h.array_data() {
            return d;
        }
        if h.as_any().downcast_ref::<NdArray>().is_none()
            && h.as_any()
                .downcast_ref::<crate::modules::numpy::scalar::NpScalar>()
                .is_none()
        {
            return Err(type_error(
                Message::new(Code::PyKerasNotArray).with("kind", h.type_name()),
            ));
        }
    }
    from_value(interp, v, None)
}

/// As float32, the dtype Keras computes in.
pub fn f32_array(interp: &mut Interp, v: &Value, _function: &str) -> PyResult<ArrayD<f32>> {
    Ok(data_of(interp, v)?.view_as::<f32>().into_owned())
}

/// `x` as the engine's samples: one row per sample (the first axis), flattened, and the
/// shape of one sample. Pixels given as uint8 stay uint8 until a batch is made. An array is
/// read in place and copied once (MNIST's 60,000 images are 188 MB as float32).
pub fn features(interp: &mut Interp, v: &Value) -> PyResult<(Features, Vec<usize>)> {
    let spare = std::mem::take(&mut interp.spare_rows);
    match NdArray::of(v) {
        Some(a) => {
            let d = a.data.try_borrow().map_err(|_| super::model::busy())?;
            features_of(&d, spare)
        }
        None => features_of(&data_of(interp, v)?, spare),
    }
}

/// Gives `x`'s float32 rows back for the next [`features`] to fill (see
/// [`Interp::spare_rows`]).
pub fn keep_rows(interp: &mut Interp, x: Features) {
    if let Features::F32(a) = x {
        let (rows, _) = a.into_raw_vec_and_offset();
        if rows.capacity() > interp.spare_rows.capacity() {
            interp.spare_rows = rows;
        }
    }
}

/// One row per sample of `a`, in numpy's (row-major) order, converted by `f`, in `values`'
/// memory (emptied first).
fn rows_of<T: Copy, U>(
    a: &ArrayD<T>,
    rows: usize,
    cols: usize,
    mut values: Vec<U>,
    f: impl Fn(T) -> U,
) -> PyResult<Array2<U>> {
    values.clear();
    // A contiguous array is read as one slice: `ArrayD`'s element iterator walks a
    // dynamic-rank index and cost more than the epoch's own batching on MNIST.
    match a.as_slice() {
        Some(s) => values.extend(s.iter().map(|&x| f(x))),
        None => values.extend(a.iter().map(|&x| f(x))),
    }
    Array2::from_shape_vec((rows, cols), values).map_err(|e| {
        PyError::new(
            "ValueError",
            Message::new(Code::Internal).with("text", e.to_string()),
        )
    })
}

fn features_of(d: &Data, spare: Vec<f32>) -> PyResult<(Features, Vec<usize>)> {
    let shape = d.shape().to_vec();
    let (rows, sample): (usize, Vec<usize>) = match shape.as_slice() {
        [] => {
            return Err(PyError::new(
                "ValueError",
                Message::new(Code::PyKerasScalarInput),
            ))
        }
        // A vector is one feature per sample, as Keras reads `fit(x, y)` with x of shape (n,).
        [n] => (*n, vec![1]),
        [n, rest @ ..] => (*n, rest.to_vec()),
    };
    let cols: usize = sample.iter().product();
    let features = match d {
        Data::U8(a) => Features::U8 {
            pixels: rows_of(a, rows, cols, Vec::new(), |x| x)?,
            scale: 1.0,
        },
        Data::F32(a) => Features::F32(rows_of(a, rows, cols, spare, |x| x)?),
        Data::F64(a) => Features::F32(rows_of(a, rows, cols, spare, |x| x as f32)?),
        Data::I64(a) => Features::F32(rows_of(a, rows, cols, spare, |x| x as f32)?),
        Data::Bool(a) => Features::F32(rows_of(a, rows, cols, spare, |x| f32::from(u8::from(x)))?),
    };
    Ok((features, sample))
}

/// `y` as a matrix, one row per sample: a vector of labels becomes one column.
pub fn targets(interp: &mut Interp, v: &Value) -> PyResult<Array2<f32>> {
    let d = data_of(interp, v)?;
    let a = d.view_as::<f32>().into_owned();
    let shape = a.shape().to_vec();
    let (rows, cols) = match shape.as_slice() {
        [] => {
            return Err(PyError::new(
                "ValueError",
                Message::new(Code::PyKerasScalarInput),
            ))
        }
        [n] => (*n, 1),
        [n, rest @ ..] => (*n, rest.iter().product()),
    };
    a.as_standard_layout()
        .into_owned()
        .into_shape_with_order((rows, cols))
        .and_then(|m| m.into_dimensionality::<Ix2>())
        .map_err(|e| {
            PyError::new(
                "ValueError",
                Message::new(Code::Internal).with("text", e.to_string()),
            )
        })
}

/// A float32 numpy array for a result of the engine.
pub fn f32_value(a: ArrayD<f32>) -> Value {
    NdArray::wrap(Data::F32(a))
}

/// A float32 numpy array of `shape` from a flat vector.
pub fn f32_shaped(shape: &[usize], values: Vec<f32>) -> PyResult<Value> {
    ArrayD::from_shape_vec(IxDyn(shape), values)
        .map(f32_value)
        .map_err(|e| {
            PyError::new(
                "ValueError",
                Message::new(Code::Internal).with("text", e.to_string()),
            )
        })
}

/// Python's float for an engine value (exactly the float32's value, as Keras' History
/// holds `float(np.float32)`).
pub fn py_float(v: f32) -> Value {
    Value::Float(f64::from(v))
}
