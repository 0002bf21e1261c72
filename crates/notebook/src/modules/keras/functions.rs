//! The tables of `keras.activations`, `tf.nn`, `keras.losses`, `keras.metrics`,
//! `keras.optimizers`, `keras.initializers` and `keras.utils`: each entry reads its
//! arguments and calls the engine's activation, loss, metric or optimizer of that name.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use ndarray::{ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};
use noriteo_core::metrics::Metric;
use noriteo_core::spec::LossSpec;
use noriteo_core::{Activation, Loss, Optimizer, OptimizerConfig};

use super::args::{data_of, engine_error, f32_array, Params};
use super::unsupported;
use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::error::{PyError, PyResult};
use crate::eval::Interp;
use crate::modules::numpy::array::{shape_text, Data, NdArray};
use crate::value::{Args, HostObject, Module, Value};

// ---------- tensors ----------

/// What TensorFlow returns from `model(x)`, a loss or an activation: a float32 tensor
/// whose `.numpy()` is the array. Arithmetic and indexing work as on the array.
pub struct TensorObj(pub ArrayD<f32>);

impl TensorObj {
    pub fn of(v: &Value) -> Option<&TensorObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<TensorObj>(),
            _ => None,
        }
    }

    fn array(&self) -> NdArray {
        NdArray::new(Data::F32(self.0.clone()))
    }
}

pub fn tensor(a: ArrayD<f32>) -> Value {
    Value::Host(Rc::new(TensorObj(a)))
}

impl HostObject for TensorObj {
    fn type_name(&self) -> &str {
        "EagerTensor"
    }

    fn repr(&self, interp: &mut Interp) -> PyResult<String> {
        let shape = shape_text(self.0.shape());
        let numpy = NdArray::wrap(Data::F32(self.0.clone()));
        let text = if self.0.ndim() == 0 {
            crate::repr::to_str(interp, &numpy)?
        } else {
            format!("\n{}", crate::repr::repr(interp, &numpy)?)
        };
        Ok(format!(
            "<tf.Tensor: shape={shape}, dtype=float32, numpy={text}>"
        ))
    }

    fn str(&self, interp: &mut Interp) -> PyResult<String> {
        let numpy = NdArray::wrap(Data::F32(self.0.clone()));
        let text = crate::repr::to_str(interp, &numpy)?;
        Ok(format!(
            "tf.Tensor({text}, shape={}, dtype=float32)",
            shape_text(self.0.shape())
        ))
    }

    fn getattr(&self, interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "numpy" => {
                let a = self.0.clone();
                Some(Ok(Value::native("numpy", move |_, args| {
                    args.check("numpy", 0, 0)?;
                    Ok(NdArray::wrap(Data::F32(a.clone())))
                })))
            }
            "shape" => Some(Ok(Value::tuple(
                self.0
                    .shape()
                    .iter()
                    .map(|&d| Value::Int(d as i64))
                    .collect(),
            ))),
            "dtype" => Some(Ok(Value::str("float32"))),
            "ndim" => Some(Ok(Value::Int(self.0.ndim() as i64))),
            _ => {
                let _ = interp;
                None
            }
        }
    }

    fn getitem(&self, interp: &mut Interp, index: &Value) -> PyResult<Value> {
        let v = self.array().getitem(interp, index)?;
        Ok(match NdArray::of(&v) {
            Some(a) => tensor(a.data.borrow().view_as::<f32>().into_owned()),
            None => v,
        })
    }

    fn binary(
        &self,
        interp: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        self.array().binary(interp, op, other, reflected)
    }

    fn compare(
        &self,
        interp: &mut Interp,
        op: CmpOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        self.array().compare(interp, op, other, reflected)
    }

    fn unary(&self, interp: &mut Interp, op: UnaryOp) -> Option<PyResult<Value>> {
        self.array().unary(interp, op)
    }

    fn number(&self) -> Option<Value> {
        match self.0.ndim() {
            0 => self.0.iter().next().map(|&v| Value::Float(f64::from(v))),
            _ => None,
        }
    }

    fn len(&self) -> Option<usize> {
        self.0.shape().first().copied()
    }

    fn iter(&self, interp: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        self.array().iter(interp)
    }

    fn array_data(&self) -> Option<PyResult<Data>> {
        Some(Ok(Data::F32(self.0.clone())))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------- activations ----------

/// `f(x)` for an activation over the last axis (softmax's rows), in float32.
fn activate(a: Activation, x: ArrayD<f32>) -> ArrayD<f32> {
    let cols = x.shape().last().copied().unwrap_or(1).max(1);
    let z = x.as_standard_layout().into_owned();
    let mut y = z.clone();
    if let (Some(zs), Some(ys)) = (z.as_slice(), y.as_slice_mut()) {
        if !zs.is_empty() {
            a.forward(zs, ys, cols);
        }
    }
    y
}

/// The function `keras.activations.<name>` (also what a layer's `.activation` gives back).
pub fn activation_function(name: &str) -> Value {
    let name = match Activation::from_name(name) {
        Ok(a) => a.name().to_string(),
        Err(_) => name.to_string(),
    };
    let key = name.clone();
    Value::native(&name, move |interp, mut args| {
        let axis = args.take_kw("axis");
        args.check(&key, 1, 1)?;
        if let Some(a) = axis {
            if !matches!(a, Value::None | Value::Int(-1)) {
                return Err(unsupported(
                    "an activation over an axis other than the last",
                ));
            }
        }
        let a = Activation::from_name(&key).map_err(engine_error)?;
        let x = f32_array(interp, &args.pos[0], &key)?;
        Ok(tensor(activate(a, x)))
    })
}

pub fn install_activations(m: &Module) {
    for name in Activation::names() {
        m.set(name, activation_function(name));
    }
    m.def("get", |_, args| {
        args.check("get", 1, 1)?;
        match &args.pos[0] {
            Value::Str(s) => {
                Activation::from_name(s).map_err(engine_error)?;
                Ok(activation_function(s))
            }
            other => Ok(other.clone()),
        }
    });
}

/// `tf.nn`: the activations lectures call on tensors.
pub fn install_nn(m: &Module) {
    for name in [
        "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "softplus", "swish",
    ] {
        m.set(name, activation_function(name));
    }
    m.set("silu", activation_function("swish"));
    m.set("leaky_relu", activation_function("leaky_relu"));
}

// ---------- losses ----------

/// A loss object (`keras.losses.BinaryCrossentropy(from_logits=True)`): what `compile`
/// takes, and callable on arrays as `loss_fn(y_true, y_pred)`.
pub struct LossObj {
    pub spec: LossSpec,
    class: &'static str,
}

impl LossObj {
    pub fn of(v: &Value) -> Option<&LossObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<LossObj>(),
            _ => None,
        }
    }
}

/// Each sample's loss (the leading axes of `y_pred`), by the engine's loss.
fn per_sample(
    interp: &mut Interp,
    loss: Loss,
    y_true: &Value,
    y_pred: &Value,
) -> PyResult<(Vec<usize>, Vec<f32>)> {
    let t = f32_array(interp, y_true, "loss")?;
    let p = f32_array(interp, y_pred, "loss")?;
    let cols = p.shape().last().copied().unwrap_or(1).max(1);
    let rows = p.len() / cols;
    let lead: Vec<usize> = match p.ndim() {
        0 | 1 => Vec::new(),
        n => p.shape()[..n - 1].to_vec(),
    };
    let ycols = if loss.is_sparse() { 1 } else { cols };
    if t.len() != rows * ycols || p.is_empty() {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyKerasLossShapes)
                .with("y_true", shape_text(t.shape()))
                .with("y_pred", shape_text(p.shape())),
        ));
    }
    let t = t.as_standard_layout().into_owned();
    let p = p.as_standard_layout().into_owned();
    let (Some(ts), Some(ps)) = (t.as_slice(), p.as_slice()) else {
        return Ok((lead, Vec::new()));
    };
    let labels = ndarray::ArrayView2::from_shape((rows, ycols), ts).map_err(|e| {
        PyError::new(
            "ValueError",
            Message::new(Code::Internal).with("text", e.to_string()),
        )
    })?;
    loss.check_labels(labels, cols, "loss")
        .map_err(engine_error)?;
    let values = (0..rows)
        .map(|r| {
            loss.batch(
                &ps[r * cols..(r + 1) * cols],
                &ts[r * ycols..(r + 1) * ycols],
                1,
                cols,
                None,
            ) as f32
        })
        .collect();
    Ok((lead, values))
}

impl HostObject for LossObj {
    fn type_name(&self) -> &str {
        self.class
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("<{} name={}>", self.class, loss_name(&self.spec)))
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "name" => Some(Ok(Value::str(&loss_name(&self.spec)))),
            _ => None,
        }
    }

    /// `loss_fn(y_true, y_pred)`: the mean over the samples, a float32 scalar tensor.
    fn call(&self, interp: &mut Interp, args: Args) -> PyResult<Value> {
        let p = Params::bind(args, "__call__", &["y_true", "y_pred", "sample_weight"], 2)?;
        if p.get("sample_weight").is_some() {
            return Err(unsupported("a loss called with sample_weight="));
        }
        let loss = self.spec.build().map_err(engine_error)?;
        let (y_true, y_pred) = (
            p.get("y_true").cloned().unwrap_or(Value::None),
            p.get("y_pred").cloned().unwrap_or(Value::None),
        );
        let (_, values) = per_sample(interp, loss, &y_true, &y_pred)?;
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len().max(1) as f64;
        Ok(tensor(ArrayD::from_elem(IxDyn(&[]), mean as f32)))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn loss_name(spec: &LossSpec) -> String {
    match spec {
        LossSpec::Name(n) => n.clone(),
        LossSpec::Config { name, .. } => name.clone(),
    }
}

pub fn install_losses(m: &Module) {
    const CLASSES: &[(&str, &str)] = &[
        ("MeanSquaredError", "mean_squared_error"),
        ("MeanAbsoluteError", "mean_absolute_error"),
        ("Huber", "huber"),
        ("BinaryCrossentropy", "binary_crossentropy"),
        ("CategoricalCrossentropy", "categorical_crossentropy"),
        (
            "SparseCategoricalCrossentropy",
            "sparse_categorical_crossentropy",
        ),
    ];
    for &(class, name) in CLASSES {
        m.def(class, move |_, args| {
            const P: &[&str] = &["from_logits", "delta", "reduction", "name"];
            let p = Params::bind(args, class, P, 0)?;
            if p.get("reduction").is_some() {
                return Err(unsupported("a loss's reduction="));
            }
            if p.get("delta").is_some() && class != "Huber" {
                return Err(p.wrong_type("delta", "not given"));
            }
            let spec = LossSpec::Config {
                name: name.to_string(),
                from_logits: p.bool("from_logits", false)?,
                delta: p.opt_float("delta")?,
            };
            spec.build().map_err(engine_error)?;
            Ok(Value::Host(Rc::new(LossObj { spec, class })))
        });
    }
    // The loss functions: each sample's loss.
    for name in Loss::names() {
        m.def(name, move |interp, args| {
            let p = Params::bind(args, name, &["y_true", "y_pred"], 2)?;
            let loss = Loss::from_name(name, false).map_err(engine_error)?;
            let (y_true, y_pred) = (
                p.get("y_true").cloned().unwrap_or(Value::None),
                p.get("y_pred").cloned().unwrap_or(Value::None),
            );
            let (lead, values) = per_sample(interp, loss, &y_true, &y_pred)?;
            let a = ArrayD::from_shape_vec(IxDyn(&lead), values).map_err(|e| {
                PyError::new(
                    "ValueError",
                    Message::new(Code::Internal).with("text", e.to_string()),
                )
            })?;
            Ok(tensor(a))
        });
    }
}

// ---------- metrics ----------

const METRIC_CLASSES: &[(&str, &str)] = &[
    ("AUC", "auc"),
    ("Precision", "precision"),
    ("Recall", "recall"),
    ("R2Score", "r2_score"),
    ("BinaryAccuracy", "binary_accuracy"),
    ("CategoricalAccuracy", "categorical_accuracy"),
    ("SparseCategoricalAccuracy", "sparse_categorical_accuracy"),
    ("MeanSquaredError", "mean_squared_error"),
    ("MeanAbsoluteError", "mean_absolute_error"),
];

/// Whether `name` is one of `keras.metrics`' classes (given without `()`).
pub fn is_metric_class(name: &str) -> bool {
    METRIC_CLASSES.iter().any(|(c, _)| *c == name)
}

/// A metric object (`keras.metrics.AUC()`): what `compile(metrics=[...])` takes, with
/// `update_state`, `result` and `reset_state` computed by the engine's metric.
pub struct MetricObj {
    pub name: String,
    class: &'static str,
    /// The running totals, made on the first `update_state` (they need the output width).
    state: Rc<RefCell<Option<Metric>>>,
}

impl MetricObj {
    pub fn of(v: &Value) -> Option<&MetricObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<MetricObj>(),
            _ => None,
        }
    }
}

impl HostObject for MetricObj {
    fn type_name(&self) -> &str {
        self.class
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("<{} name={}>", self.class, self.name))
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let method: &'static str = match name {
            "name" => return Some(Ok(Value::str(&self.name))),
            "update_state" => "update_state",
            "result" => "result",
            "reset_state" | "reset_states" => "reset_state",
            _ => return None,
        };
        Some(Ok(metric_method(
            self.name.clone(),
            method,
            self.state.clone(),
        )))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn metric_method(key: String, name: &'static str, state: Rc<RefCell<Option<Metric>>>) -> Value {
    Value::native(name, move |interp, args| match name {
        "update_state" => {
            let p = Params::bind(
                args,
                "update_state",
                &["y_true", "y_pred", "sample_weight"],
                2,
            )?;
            if p.get("sample_weight").is_some() {
                return Err(unsupported("update_state(sample_weight=...)"));
            }
            let t = data_of(interp, p.get("y_true").unwrap_or(&Value::None))?;
            let pr = data_of(interp, p.get("y_pred").unwrap_or(&Value::None))?;
            let pv = pr.view_as::<f32>().as_standard_layout().into_owned();
            let tv = t.view_as::<f32>().as_standard_layout().into_owned();
            let cols = if pv.ndim() >= 2 {
                pv.shape().last().copied().unwrap_or(1).max(1)
            } else {
                1
            };
            let rows = pv.len() / cols;
            let mut st = state.try_borrow_mut().map_err(|_| super::model::busy())?;
            if st.is_none() {
                *st = Some(
                    Metric::resolve(&key, &Loss::MeanSquaredError, cols).map_err(engine_error)?,
                );
            }
            if let (Some(m), Some(ps), Some(ts)) = (st.as_mut(), pv.as_slice(), tv.as_slice()) {
                if ts.len() != rows * cols && ts.len() != rows {
                    return Err(PyError::new(
                        "ValueError",
                        Message::new(Code::PyKerasLossShapes)
                            .with("y_true", shape_text(tv.shape()))
                            .with("y_pred", shape_text(pv.shape())),
                    ));
                }
                m.update(ps, ts, rows, cols);
            }
            Ok(Value::None)
        }
        "result" => {
            args.check("result", 0, 0)?;
            let v = state
                .try_borrow()
                .map_err(|_| super::model::busy())?
                .as_ref()
                .map(Metric::result)
                .unwrap_or(0.0);
            Ok(tensor(ArrayD::from_elem(IxDyn(&[]), v)))
        }
        _ => {
            args.check(name, 0, 0)?;
            if let Some(m) = state
                .try_borrow_mut()
                .map_err(|_| super::model::busy())?
                .as_mut()
            {
                m.reset();
            }
            Ok(Value::None)
        }
    })
}

pub fn install_metrics(m: &Module) {
    for &(class, name) in METRIC_CLASSES {
        m.def(class, move |_, args| {
            let p = Params::bind(args, class, &["name", "thresholds", "num_thresholds"], 0)?;
            for n in ["thresholds", "num_thresholds"] {
                if p.get(n).is_some() {
                    return Err(unsupported(&format!("{class}({n}=...)")));
                }
            }
            if let Some(given) = p.str("name")? {
                if given != name {
                    return Err(unsupported("a metric with a name of its own"));
                }
            }
            Ok(Value::Host(Rc::new(MetricObj {
                name: name.to_string(),
                class,
                state: Rc::new(RefCell::new(None)),
            })))
        });
    }
    m.def("Accuracy", |_, _| {
        Err(unsupported(
            "keras.metrics.Accuracy() (write metrics=['accuracy'])",
        ))
    });
    for name in ["mae", "mse", "mean_absolute_error", "mean_squared_error"] {
        m.def(name, move |_, _| {
            Err(unsupported(&format!(
                "calling keras.metrics.{name}() (pass it to compile)"
            )))
        });
    }
}

// ---------- optimizers ----------

/// An optimizer object (`Adam(learning_rate=0.01)`): the engine's configuration.
pub struct OptimizerObj(pub OptimizerConfig, pub &'static str);

impl OptimizerObj {
    pub fn of(v: &Value) -> Option<&OptimizerObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<OptimizerObj>(),
            _ => None,
        }
    }
}

impl HostObject for OptimizerObj {
    fn type_name(&self) -> &str {
        self.1
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("<keras.src.optimizers.{}>", self.1))
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "learning_rate" | "lr" => Optimizer::from_config(&self.0)
                .map(|o| Value::Float(f64::from(o.learning_rate())))
                .map_err(engine_error)
                .into(),
            "name" => Some(Ok(Value::str(&self.0.name))),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn install_optimizers(m: &Module) {
    const CLASSES: &[(&str, &str)] = &[
        ("SGD", "sgd"),
        ("RMSprop", "rmsprop"),
        ("Adagrad", "adagrad"),
        ("Adam", "adam"),
        ("AdamW", "adamw"),
        ("Adamax", "adamax"),
        ("Nadam", "nadam"),
    ];
    for &(class, name) in CLASSES {
        m.def(class, move |_, args| {
            const P: &[&str] = &[
                "learning_rate",
                "momentum",
                "nesterov",
                "rho",
                "beta_1",
                "beta_2",
                "epsilon",
                "weight_decay",
                "initial_accumulator_value",
                "amsgrad",
                "lr",
                "name",
                "clipnorm",
                "clipvalue",
            ];
            let p = Params::bind(args, class, P, 0)?;
            for n in ["clipnorm", "clipvalue"] {
                if p.get(n).is_some() {
                    return Err(unsupported(&format!("{class}({n}=...)")));
                }
            }
            if p.bool("amsgrad", false)? {
                return Err(unsupported("amsgrad=True"));
            }
            let learning_rate = match p.opt_float("learning_rate")? {
                Some(lr) => Some(lr),
                None => p.opt_float("lr")?,
            };
            let config = OptimizerConfig {
                name: name.to_string(),
                learning_rate,
                momentum: p.opt_float("momentum")?,
                nesterov: match p.get("nesterov") {
                    Some(_) => Some(p.bool("nesterov", false)?),
                    None => None,
                },
                rho: p.opt_float("rho")?,
                beta_1: p.opt_float("beta_1")?,
                beta_2: p.opt_float("beta_2")?,
                epsilon: p.opt_float("epsilon")?,
                weight_decay: p.opt_float("weight_decay")?,
                initial_accumulator_value: p.opt_float("initial_accumulator_value")?,
            };
            // The engine checks the settings (a negative learning rate, ...) now, as Keras does.
            Optimizer::from_config(&config).map_err(engine_error)?;
            Ok(Value::Host(Rc::new(OptimizerObj(config, class))))
        });
    }
}

// ---------- initializers ----------

/// An initializer object (`keras.initializers.HeNormal()`), known to the engine by name.
pub struct Named {
    pub name: String,
}

impl Named {
    pub fn of(v: &Value) -> Option<&Named> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<Named>(),
            _ => None,
        }
    }
}

impl HostObject for Named {
    fn type_name(&self) -> &str {
        &self.name
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("<keras.src.initializers.{}>", self.name))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn install_initializers(m: &Module) {
    for class in [
        "GlorotUniform",
        "GlorotNormal",
        "HeUniform",
        "HeNormal",
        "LecunUniform",
        "LecunNormal",
        "Zeros",
        "Ones",
        "RandomNormal",
        "RandomUniform",
    ] {
        m.def(class, move |_, args| {
            let p = Params::bind(args, class, &["seed"], 0)?;
            if p.get("seed").is_some() {
                return Err(unsupported(
                    "an initializer's seed= (use tf.random.set_seed)",
                ));
            }
            noriteo_core::Initializer::from_name(class).map_err(engine_error)?;
            Ok(Value::Host(Rc::new(Named {
                name: class.to_string(),
            })))
        });
    }
}

// ---------- utils ----------

/// `to_categorical(y, num_classes=None)`: one-hot rows of float32, as Keras builds them.
fn to_categorical(interp: &mut Interp, args: Args) -> PyResult<Value> {
    let p = Params::bind(args, "to_categorical", &["x", "num_classes", "dtype"], 1)?;
    if let Some(d) = p.str("dtype")? {
        if d != "float32" {
            return Err(unsupported("to_categorical(dtype=...) other than float32"));
        }
    }
    let d = data_of(interp, p.get("x").unwrap_or(&Value::None))?;
    let mut shape = d.shape().to_vec();
    // Keras drops a last axis of 1: labels of shape (n, 1) give (n, classes).
    if shape.len() > 1 && shape.last() == Some(&1) {
        shape.pop();
    }
    let labels: Vec<f64> = d.view_as::<f64>().iter().copied().collect();
    let mut ints = Vec::with_capacity(labels.len());
    for &v in &labels {
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(PyError::new(
                "ValueError",
                Message::new(Code::PyKerasLabelNotInt).with("value", crate::repr::float_repr(v)),
            ));
        }
        ints.push(v as i64);
    }
    let classes = match p.get("num_classes") {
        Some(_) => p.int("num_classes", 0)?,
        None => ints.iter().copied().max().map_or(0, |m| m.max(-1) + 1),
    };
    if !(1..=100_000).contains(&classes) {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyKerasNumClasses).with("got", classes),
        ));
    }
    let c = classes as usize;
    let mut out = vec![0f32; ints.len() * c];
    for (row, &label) in ints.iter().enumerate() {
        // numpy's indexing, which Keras uses: -1 is the last class.
        let col = if label < 0 { label + classes } else { label };
        if !(0..classes).contains(&col) {
            return Err(PyError::new(
                "IndexError",
                Message::new(Code::PyKerasLabelRange)
                    .with("label", label)
                    .with("classes", classes),
            ));
        }
        out[row * c + col as usize] = 1.0;
    }
    shape.push(c);
    super::args::f32_shaped(&shape, out)
}

pub fn install_utils(m: &Module) {
    m.def("to_categorical", to_categorical);
    m.def("plot_model", |_, _| Err(unsupported("plot_model")));
}
