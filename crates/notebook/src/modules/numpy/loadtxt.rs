//! `np.loadtxt(fname, delimiter=..., skiprows=..., dtype=...)`: a text table of numbers.
//! The bytes come from the host ([`crate::eval::FileSource`]); the notebook itself never
//! touches a disk or the network.

use ndarray::{ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};

use super::array::{Data, Dtype};
use super::object::array_value;
use crate::error::{PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Value};

pub fn loadtxt(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let delimiter = args.take_kw("delimiter");
    let skiprows = args.take_kw("skiprows");
    let dtype = args.take_kw("dtype");
    args.check("loadtxt", 1, 1)?;
    let path = match &args.pos[0] {
        Value::Str(s) => s.to_string(),
        other => {
            return Err(crate::error::type_error(
                Message::new(Code::PyArgType)
                    .with("function", "loadtxt")
                    .with("expected", "a file name")
                    .with("got", other.type_name()),
            ))
        }
    };
    let delimiter = match delimiter {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) => Some(s.to_string()),
        Some(other) => {
            return Err(crate::error::type_error(
                Message::new(Code::PyArgType)
                    .with("function", "loadtxt")
                    .with("expected", "a str delimiter")
                    .with("got", other.type_name()),
            ))
        }
    };
    let skip = match skiprows {
        None => 0,
        Some(v) => v.as_index()?.max(0) as usize,
    };
    let dtype = match dtype {
        None => Dtype::F64,
        Some(v) => Dtype::parse(&v)?,
    };
    let bytes = interp.read_file(
        &path,
        || {
            PyError::new(
                "OSError",
                Message::new(Code::PyNpNoFiles).with("path", &path),
            )
        },
        |reason| not_read(&path, reason, Code::PyNpFileNotFound),
    )?;
    let text = String::from_utf8_lossy(&bytes);
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (n, line) in text.lines().enumerate().skip(skip) {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = match &delimiter {
            Some(d) if !d.is_empty() => line.split(d.as_str()).collect(),
            _ => line.split_whitespace().collect(),
        };
        let mut row = Vec::with_capacity(fields.len());
        for (c, f) in fields.iter().enumerate() {
            let t = f.trim();
            let v = t.parse::<f64>().map_err(|_| {
                PyError::new(
                    "ValueError",
                    Message::new(Code::PyNpConvert)
                        .with("text", t)
                        .with("row", n + 1)
                        .with("column", c + 1),
                )
            })?;
            row.push(v);
        }
        if let Some(first) = rows.first() {
            if first.len() != row.len() {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyNpRowLength)
                        .with("expected", first.len())
                        .with("got", row.len())
                        .with("row", n + 1),
                ));
            }
        }
        rows.push(row);
        interp.tick()?;
    }
    let cols = rows.first().map_or(0, Vec::len);
    // numpy squeezes a single row or a single column to one axis.
    let shape = if rows.len() == 1 || cols == 1 {
        vec![rows.len() * cols]
    } else {
        vec![rows.len(), cols]
    };
    let flat: Vec<f64> = rows.into_iter().flatten().collect();
    let a = ArrayD::from_shape_vec(IxDyn(&shape), flat)
        .map_err(|_| PyError::new("ValueError", Message::new(Code::PyNpInhomogeneous)))?;
    Ok(array_value(Data::F64(a).cast(dtype)))
}

/// A file the host could not give: Python's "not found" for a missing file, the host's own
/// reason for a URL (a failed fetch says why, with the address).
pub fn not_read(path: &str, reason: String, missing: Code) -> PyError {
    let url = path.starts_with("http://") || path.starts_with("https://");
    let message = if url {
        Message::new(Code::PyFileNotProvided)
            .with("path", path)
            .with("reason", reason)
    } else {
        Message::new(missing).with("path", path)
    };
    PyError::new("FileNotFoundError", message)
}
