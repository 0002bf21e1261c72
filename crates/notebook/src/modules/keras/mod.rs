//! TensorFlow/Keras for lecture code, backed by `noriteo_core`: every layer, loss, optimizer,
//! metric, check and message is the engine's; this module only reads Python's arguments
//! into the engine's descriptions (`LayerSpec`, `CompileSpec`, `FitSpec`) and hands the
//! results back as Python values.
//!
//! One tree of modules is built on first import and reached by every spelling learners use:
//! `import keras`, `from keras import layers`, `from keras.models import Sequential`,
//! `import tensorflow as tf` (`tf.keras...`), `from tensorflow import keras`,
//! `from tensorflow.keras.layers import Dense`, ...
//!
//! The files: [`args`] (reading Keras' arguments, engine errors as Python exceptions),
//! [`layers`] (layer objects and `Input`), [`model`] (`Sequential`/`Model` objects),
//! [`fit`] (`model.fit` step by step, History, callbacks), [`functions`] (activations,
//! losses, metrics, optimizers, `to_categorical`, `tf.nn`), [`datasets`] (MNIST and
//! Fashion-MNIST through the kernel's file source).

pub mod args;
pub mod datasets;
pub mod fit;
pub mod functions;
pub mod layers;
pub mod model;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::error::{value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Module, Value};

/// Keras' submodules, as `keras.<name>`; each is also `tensorflow.keras.<name>`.
const SUBMODULES: &[&str] = &[
    "models",
    "layers",
    "optimizers",
    "losses",
    "metrics",
    "activations",
    "callbacks",
    "utils",
    "datasets",
    "datasets.mnist",
    "datasets.fashion_mnist",
    "backend",
    "initializers",
];

/// Registers every import path of the tree.
pub fn install(interp: &mut Interp) {
    interp.modules.insert("keras".into(), Rc::new(make_keras));
    interp
        .modules
        .insert("tensorflow".into(), Rc::new(make_tensorflow));
    interp.modules.insert(
        "tensorflow.keras".into(),
        Rc::new(|i: &mut Interp| i.import("keras")),
    );
    for sub in SUBMODULES {
        for prefix in ["keras", "tensorflow.keras"] {
            let path = format!("{prefix}.{sub}");
            interp
                .modules
                .insert(path, Rc::new(move |i: &mut Interp| submodule(i, sub)));
        }
    }
}

/// `keras.<path>` out of the one tree.
fn submodule(interp: &mut Interp, path: &str) -> PyResult<Value> {
    let mut m = interp.import("keras")?;
    for part in path.split('.') {
        m = interp.get_attr(&m, part)?;
    }
    Ok(m)
}

/// Keras' global names: `dense`, `dense_1`, ... counted per kind over the whole kernel, as
/// Keras counts them per session (`keras.backend.clear_session()` starts again).
#[derive(Default)]
pub struct Names(RefCell<HashMap<String, usize>>);

impl Names {
    pub fn next(&self, base: &str) -> String {
        let mut m = self.0.borrow_mut();
        let n = m.entry(base.to_string()).or_insert(0);
        let name = if *n == 0 {
            base.to_string()
        } else {
            format!("{base}_{n}")
        };
        *n += 1;
        name
    }

    /// How many names of `base` were given so far (then counts one more).
    pub fn count(&self, base: &str) -> usize {
        let mut m = self.0.borrow_mut();
        let n = m.entry(base.to_string()).or_insert(0);
        *n += 1;
        *n - 1
    }

    fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}

fn set_seed(interp: &mut Interp, args: &Args, function: &str) -> PyResult<u64> {
    args.check(function, 1, 1)?;
    let s = args.pos[0].as_index()?;
    if s < 0 {
        return Err(value_error(
            Message::new(Code::PyInvalidNumber).with("kind", "negative seed"),
        ));
    }
    interp.engine_seed.set(s as u64);
    Ok(s as u64)
}

fn make_keras(_: &mut Interp) -> PyResult<Value> {
    let names = Rc::new(Names::default());
    let keras = Module::new("keras");
    let sub = |name: &str| Rc::new(Module::new(&format!("keras.{name}")));

    let layers_m = sub("layers");
    layers::install(&layers_m, &names);
    let models = sub("models");
    model::install(&models, &names);
    for (k, v) in models.attrs.borrow().iter() {
        keras.set(k, v.clone());
    }
    if let Some(input) = layers_m.attrs.borrow().get("Input") {
        keras.set("Input", input.clone());
    }
    let optimizers = sub("optimizers");
    functions::install_optimizers(&optimizers);
    let losses = sub("losses");
    functions::install_losses(&losses);
    let metrics = sub("metrics");
    functions::install_metrics(&metrics);
    let activations = sub("activations");
    functions::install_activations(&activations);
    let callbacks = sub("callbacks");
    fit::install_callbacks(&callbacks);
    let initializers = sub("initializers");
    functions::install_initializers(&initializers);
    let utils = sub("utils");
    functions::install_utils(&utils);
    utils.def("set_random_seed", |interp, args| {
        let s = set_seed(interp, &args, "set_random_seed")?;
        // Keras seeds Python's, numpy's and TensorFlow's generators at once.
        let np = interp.import("numpy")?;
        let random = interp.get_attr(&np, "random")?;
        let seed = interp.get_attr(&random, "seed")?;
        interp.call(&seed, Args::new(vec![Value::Int(s as i64)]))?;
        Ok(Value::None)
    });
    let datasets = sub("datasets");
    datasets::install(&datasets);
    let backend = sub("backend");
    let n = names.clone();
    backend.def("clear_session", move |_, args| {
        args.check("clear_session", 0, 0)?;
        n.clear();
        Ok(Value::None)
    });

    for (name, m) in [
        ("layers", layers_m),
        ("models", models),
        ("optimizers", optimizers),
        ("losses", losses),
        ("metrics", metrics),
        ("activations", activations),
        ("callbacks", callbacks),
        ("initializers", initializers),
        ("utils", utils),
        ("datasets", datasets),
        ("backend", backend),
    ] {
        keras.set(name, Value::Module(m));
    }
    keras.set("__version__", Value::str("3.10.0"));
    Ok(Value::Module(Rc::new(keras)))
}

fn make_tensorflow(interp: &mut Interp) -> PyResult<Value> {
    let tf = Module::new("tensorflow");
    let keras = interp.import("keras")?;
    tf.set("keras", keras);
    tf.set("__version__", Value::str("2.19.0"));
    let random = Module::new("tensorflow.random");
    random.def("set_seed", |interp, args| {
        set_seed(interp, &args, "set_seed")?;
        Ok(Value::None)
    });
    tf.set("random", Value::Module(Rc::new(random)));
    let nn = Module::new("tensorflow.nn");
    functions::install_nn(&nn);
    tf.set("nn", Value::Module(Rc::new(nn)));
    tf.def("convert_to_tensor", convert_to_tensor);
    tf.def("constant", convert_to_tensor);
    Ok(Value::Module(Rc::new(tf)))
}

/// `tf.constant(x)` / `tf.convert_to_tensor(x)`: a float32 tensor of `x`.
fn convert_to_tensor(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let _ = args.take_kw("dtype");
    args.check("convert_to_tensor", 1, 1)?;
    let a = args::f32_array(interp, &args.pos[0], "convert_to_tensor")?;
    Ok(functions::tensor(a))
}

/// A Python error for a Keras feature this notebook leaves to Colab.
pub fn unsupported(feature: &str) -> PyError {
    crate::error::not_supported(feature)
}
