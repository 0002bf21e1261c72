//! `keras.datasets.mnist.load_data()` and `fashion_mnist.load_data()`: the playground's
//! bundled IDX files (`mnist-train-images.idx.gz`, ... as `crates/xtask/src/datasets.rs`
//! names them in `web/data`), read through the kernel's file source and parsed by the
//! engine's IDX reader, as `(x_train, y_train), (x_test, y_test)` of uint8.

use std::rc::Rc;

use ndarray::{ArrayD, IxDyn};
use noriteo_core::data::idx::{parse_idx_images, parse_idx_labels};
use noriteo_core::data::incoming::inflated;
use noriteo_core::messages::{Code, Message};

use super::args::engine_error;
use crate::error::{PyError, PyResult};
use crate::eval::Interp;
use crate::modules::numpy::array::{Data, NdArray};
use crate::value::{Module, Value};

fn not_available(dataset: &str, file: &str, reason: &str) -> PyError {
    PyError::new(
        "OSError",
        Message::new(Code::PyKerasNoDataset)
            .with("name", dataset)
            .with("file", file)
            .with("reason", reason),
    )
}

fn read(interp: &mut Interp, dataset: &str, file: &str) -> PyResult<Vec<u8>> {
    let bytes = interp.read_file(
        file,
        || not_available(dataset, file, "no files"),
        |reason| not_available(dataset, file, &reason),
    )?;
    inflated(file, bytes).map_err(engine_error)
}

/// One split: images `(n, rows, cols)` and labels `(n,)`, both uint8.
fn split(interp: &mut Interp, dataset: &str, prefix: &str, part: &str) -> PyResult<Value> {
    let images_file = format!("{prefix}-{part}-images.idx.gz");
    let labels_file = format!("{prefix}-{part}-labels.idx.gz");
    let images = read(interp, dataset, &images_file)?;
    let images = parse_idx_images(&images_file, images).map_err(engine_error)?;
    let labels = read(interp, dataset, &labels_file)?;
    let labels = parse_idx_labels(&labels_file, &labels).map_err(engine_error)?;
    let n = images.pixels.nrows();
    if labels.len() != n {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::RowCountMismatch)
                .with("x_rows", n)
                .with("y_rows", labels.len()),
        ));
    }
    let shape = [n, images.rows, images.cols];
    let (pixels, _) = images.pixels.into_raw_vec_and_offset();
    let bad = |e: ndarray::ShapeError| {
        PyError::new(
            "ValueError",
            Message::new(Code::Internal).with("text", e.to_string()),
        )
    };
    let x = ArrayD::from_shape_vec(IxDyn(&shape), pixels).map_err(bad)?;
    let y = ArrayD::from_shape_vec(IxDyn(&[n]), labels).map_err(bad)?;
    Ok(Value::tuple(vec![
        NdArray::wrap(Data::U8(x)),
        NdArray::wrap(Data::U8(y)),
    ]))
}

fn dataset_module(name: &'static str, prefix: &'static str) -> Value {
    let m = Module::new(&format!("keras.datasets.{name}"));
    m.def("load_data", move |interp, mut args| {
        // `path=` names Keras' download cache; the bundled copy is read instead.
        let _ = args.take_kw("path");
        args.check("load_data", 0, 0)?;
        let train = split(interp, name, prefix, "train")?;
        let test = split(interp, name, prefix, "test")?;
        Ok(Value::tuple(vec![train, test]))
    });
    Value::Module(Rc::new(m))
}

pub fn install(m: &Module) {
    m.set("mnist", dataset_module("mnist", "mnist"));
    m.set("fashion_mnist", dataset_module("fashion_mnist", "fashion"));
    for other in ["cifar10", "cifar100", "imdb", "reuters", "boston_housing"] {
        let sub = Module::new(&format!("keras.datasets.{other}"));
        sub.def("load_data", move |_, _| {
            Err(crate::error::not_supported(&format!(
                "keras.datasets.{other} (only mnist and fashion_mnist are bundled)"
            )))
        });
        m.set(other, Value::Module(Rc::new(sub)));
    }
}
