//! `Sequential()` and `Model(inputs, outputs)`: the engine's `Sequential` behind a Python
//! object, with Keras' methods (`add`, `compile`, `fit`, `evaluate`, `predict`, `summary`,
//! `get_weights`, `set_weights`, `layers`, `model(x)`).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};
use noriteo_core::progress::progress_line;
use noriteo_core::spec::{shape_text, CompileSpec, LossSpec, OptimizerSpec};
use noriteo_core::{Error, Sequential};

use super::args::{engine_error, f32_shaped, features, py_float, targets, Params};
use super::functions::{LossObj, MetricObj, OptimizerObj};
use super::layers::{keras_shape, layer_weights, KerasTensor, LayerObj};
use super::{unsupported, Names};
use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{dict_insert, Args, Dict, HostObject, Module, Value};

/// A model's state, shared by its Python object and its layers.
pub struct State {
    pub net: Sequential,
    /// The layer objects, in order (`model.layers`).
    pub layers: Vec<Value>,
    pub compile: Option<CompileSpec>,
    /// The History of the last `fit` (`model.history`).
    pub history: Value,
    /// `self.model.stop_training = True` in a callback ends the fit after this epoch.
    pub stop_training: bool,
}

pub struct ModelObj {
    pub state: Rc<RefCell<State>>,
    functional: bool,
}

/// A model used while it is in use (a callback calling `fit` on its own model).
pub fn busy() -> PyError {
    PyError::new("RuntimeError", Message::new(Code::PyKerasModelBusy))
}

impl ModelObj {
    pub fn of(v: &Value) -> Option<&ModelObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<ModelObj>(),
            _ => None,
        }
    }

    fn new(net: Sequential, functional: bool) -> ModelObj {
        ModelObj {
            state: Rc::new(RefCell::new(State {
                net,
                layers: Vec::new(),
                compile: None,
                history: Value::None,
                stop_training: false,
            })),
            functional,
        }
    }

    pub fn borrow_mut(&self) -> PyResult<std::cell::RefMut<'_, State>> {
        self.state.try_borrow_mut().map_err(|_| busy())
    }

    pub fn borrow(&self) -> PyResult<std::cell::Ref<'_, State>> {
        self.state.try_borrow().map_err(|_| busy())
    }

    /// `model.add(layer)`.
    fn add(&self, interp: &mut Interp, item: &Value) -> PyResult<()> {
        if let Some(t) = KerasTensor::of(item) {
            let mut st = self.borrow_mut()?;
            if !st.layers.is_empty() {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyKerasInputNotFirst),
                ));
            }
            return st.net.set_input_shape(&t.shape).map_err(engine_error);
        }
        let Some(layer) = LayerObj::of(item) else {
            let _ = interp;
            return Err(type_error(
                Message::new(Code::PyKerasNotALayer).with("kind", item.type_name()),
            ));
        };
        if layer.owner.borrow().is_some() {
            return Err(unsupported("the same layer object in two models"));
        }
        let mut st = self.borrow_mut()?;
        if st.layers.is_empty() && st.net.input_shape().is_empty() {
            if let Some(shape) = &layer.input_shape {
                st.net.set_input_shape(shape).map_err(engine_error)?;
            }
        }
        st.net.add(layer.spec.clone()).map_err(engine_error)?;
        let index = st.layers.len();
        *layer.owner.borrow_mut() = Some((Rc::downgrade(&self.state), index));
        st.layers.push(item.clone());
        Ok(())
    }

    /// `model.compile(optimizer='rmsprop', loss=None, metrics=None)`.
    fn compile(&self, interp: &mut Interp, args: Args) -> PyResult<Value> {
        const P: &[&str] = &[
            "optimizer",
            "loss",
            "metrics",
            "loss_weights",
            "weighted_metrics",
            "run_eagerly",
            "steps_per_execution",
            "jit_compile",
        ];
        let p = Params::bind(args, "compile", P, 0)?;
        for n in ["loss_weights", "weighted_metrics"] {
            if p.get(n).is_some() {
                return Err(unsupported(&format!("compile({n}=...)")));
            }
        }
        let optimizer = match p.get("optimizer") {
            None => OptimizerSpec::default(),
            Some(Value::Str(s)) => OptimizerSpec::Name(s.to_string()),
            Some(v) => match OptimizerObj::of(v) {
                Some(o) => OptimizerSpec::Config(o.0.clone()),
                None => return Err(not_understood("optimizer", v)),
            },
        };
        let loss = match p.get("loss") {
            None => None,
            Some(Value::Str(s)) => Some(LossSpec::Name(s.to_string())),
            Some(Value::Native(f)) => Some(LossSpec::Name(f.name.to_string())),
            Some(v) => match LossObj::of(v) {
                Some(l) => Some(l.spec.clone()),
                None => return Err(not_understood("loss", v)),
            },
        };
        let metrics = match p.get("metrics") {
            None => Vec::new(),
            Some(v @ (Value::List(_) | Value::Tuple(_))) => {
                let items = interp.to_vec(v)?;
                items
                    .iter()
                    .map(metric_name)
                    .collect::<PyResult<Vec<String>>>()?
            }
            Some(v) => {
                return Err(type_error(
                    Message::new(Code::PyKerasMetricsList).with("kind", v.type_name()),
                ))
            }
        };
        let spec = CompileSpec {
            optimizer,
            loss,
            metrics,
        };
        let mut st = self.borrow_mut()?;
        st.net.compile_spec(&spec).map_err(engine_error)?;
        st.compile = Some(spec);
        Ok(Value::None)
    }

    /// `model.evaluate(x, y, batch_size=32, verbose=1)`: `[loss, metric...]`, or the loss
    /// alone when the model has no metrics, as Keras returns it.
    fn evaluate(&self, interp: &mut Interp, args: Args) -> PyResult<Value> {
        const P: &[&str] = &[
            "x",
            "y",
            "batch_size",
            "verbose",
            "sample_weight",
            "steps",
            "callbacks",
            "return_dict",
        ];
        let p = Params::bind(args, "evaluate", P, 2)?;
        if p.get("sample_weight").is_some() {
            return Err(unsupported("evaluate(sample_weight=...)"));
        }
        let batch_size = batch_size_arg(&p)?;
        let verbose = verbose_arg(&p)?;
        let (x, sample) = features(interp, p.get("x").unwrap_or(&Value::None))?;
        let y = targets(interp, p.get("y").unwrap_or(&Value::None))?;
        let start = (interp.clock)();
        let logs = {
            let mut st = self.borrow_mut()?;
            ensure_input(&mut st.net, &sample)?;
            st.net.evaluate(&x, &y, batch_size).map_err(engine_error)?
        };
        let rows = x.rows();
        super::args::keep_rows(interp, x);
        if verbose > 0 {
            let steps = rows.div_ceil(batch_size);
            let line = progress_line(steps, steps, (interp.clock)() - start, &logs, true);
            interp.write(&format!("{line}\n"));
        }
        if p.bool("return_dict", false)? {
            let mut d = Dict::new();
            for (k, v) in &logs {
                dict_insert(&mut d, Value::str(k), py_float(*v))?;
            }
            return Ok(Value::Dict(Rc::new(RefCell::new(d))));
        }
        Ok(match logs.as_slice() {
            [(_, loss)] => py_float(*loss),
            _ => Value::list(logs.iter().map(|(_, v)| py_float(*v)).collect()),
        })
    }

    /// The outputs for `x` as a float32 array of Keras' shape `(n, ...)`.
    fn outputs(&self, interp: &mut Interp, xv: &Value, batch_size: usize) -> PyResult<Value> {
        let (x, sample) = features(interp, xv)?;
        let mut st = self.borrow_mut()?;
        ensure_input(&mut st.net, &sample)?;
        let out = st.net.predict(&x, batch_size).map_err(engine_error)?;
        let mut shape = vec![x.rows()];
        match st.net.layers().last() {
            Some(l) => shape.extend(l.output_shape()),
            None => shape.push(out.ncols()),
        }
        drop(st);
        super::args::keep_rows(interp, x);
        f32_shaped(&shape, out.into_raw_vec_and_offset().0)
    }

    /// `model.predict(x, batch_size=32, verbose=1)`.
    fn predict(&self, interp: &mut Interp, args: Args) -> PyResult<Value> {
        const P: &[&str] = &["x", "batch_size", "verbose", "steps", "callbacks"];
        let p = Params::bind(args, "predict", P, 1)?;
        let batch_size = batch_size_arg(&p)?;
        let verbose = verbose_arg(&p)?;
        let start = (interp.clock)();
        let x = p.get("x").cloned().unwrap_or(Value::None);
        let out = self.outputs(interp, &x, batch_size)?;
        if verbose > 0 {
            let rows = crate::modules::numpy::NdArray::of(&out)
                .and_then(|a| a.shape().first().copied())
                .unwrap_or(0);
            let steps = rows.div_ceil(batch_size);
            let line = progress_line(steps, steps, (interp.clock)() - start, &[], true);
            interp.write(&format!("{line}\n"));
        }
        Ok(out)
    }

    fn set_weights(&self, interp: &mut Interp, args: Args) -> PyResult<Value> {
        args.check("set_weights", 1, 1)?;
        let items = interp.to_vec(&args.pos[0])?;
        let mut st = self.borrow_mut()?;
        let expected: Vec<(String, Vec<usize>)> = st
            .net
            .layers()
            .iter()
            .flat_map(|l| {
                l.weights()
                    .into_iter()
                    .map(|(n, s, _)| (format!("{}/{n}", l.name()), s))
            })
            .collect();
        if items.len() != expected.len() {
            return Err(PyError::new(
                "ValueError",
                Message::new(Code::PyKerasWeightCount)
                    .with("expected", expected.len())
                    .with("got", items.len()),
            ));
        }
        let mut flat = Vec::with_capacity(items.len());
        for (item, (name, shape)) in items.iter().zip(&expected) {
            let d = super::args::data_of(interp, item)?;
            if d.shape() != shape.as_slice() {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyKerasWeightShape)
                        .with("name", name)
                        .with("expected", crate::modules::numpy::array::shape_text(shape))
                        .with("got", crate::modules::numpy::array::shape_text(d.shape())),
                ));
            }
            flat.push(d.view_as::<f32>().iter().copied().collect::<Vec<f32>>());
        }
        st.net.set_weights(&flat).map_err(engine_error)?;
        Ok(Value::None)
    }
}

/// Builds the model for samples of `sample` shape if it has no input shape yet (Keras builds
/// on first data), and checks that the data fits it, naming the first layer and both shapes.
pub fn ensure_input(net: &mut Sequential, sample: &[usize]) -> PyResult<()> {
    if net.input_shape().is_empty() {
        if net.layers().is_empty() && !net.spec().layers.is_empty() {
            return net.set_input_shape(sample).map_err(engine_error);
        }
        return Ok(());
    }
    let expected = net.input_shape().to_vec();
    if expected != sample {
        return Err(engine_error(Error::ShapeMismatch {
            layer: net
                .layers()
                .first()
                .map(|l| l.name().to_string())
                .unwrap_or_else(|| net.name.clone()),
            expected: shape_text(&expected),
            got: shape_text(sample),
        }));
    }
    Ok(())
}

/// A metric as `compile(metrics=[...])` takes it: a name, a metric object, or a metric
/// function (`keras.metrics.mae`).
fn metric_name(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Native(f) if super::functions::is_metric_class(&f.name) => Err(type_error(
            Message::new(Code::PyKerasMetricClass).with("name", &*f.name),
        )),
        Value::Native(f) => Ok(f.name.to_string()),
        other => match MetricObj::of(other) {
            Some(m) => Ok(m.name.clone()),
            None => Err(not_understood("metric", other)),
        },
    }
}

fn not_understood(kind: &str, v: &Value) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyKerasNotUnderstood)
            .with("kind", kind)
            .with("got", v.type_name()),
    )
}

/// `batch_size=None` is 32, as in Keras.
pub fn batch_size_arg(p: &Params) -> PyResult<usize> {
    let b = p.int("batch_size", 32)?;
    if b < 1 {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyKerasBatchSize).with("got", b),
        ));
    }
    Ok(b as usize)
}

/// `verbose`: 0, 1, 2 or `'auto'` (1).
pub fn verbose_arg(p: &Params) -> PyResult<u8> {
    match p.get("verbose") {
        None => Ok(1),
        Some(Value::Str(s)) if &**s == "auto" => Ok(1),
        Some(_) => match p.int("verbose", 1)? {
            0 => Ok(0),
            1 => Ok(1),
            _ => Ok(2),
        },
    }
}

impl HostObject for ModelObj {
    fn type_name(&self) -> &str {
        if self.functional {
            "Functional"
        } else {
            "Sequential"
        }
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        let st = self.borrow()?;
        let built = if st.net.is_built() { "True" } else { "False" };
        Ok(format!(
            "<{} name={}, built={built}>",
            self.type_name(),
            st.net.name
        ))
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let st = match self.borrow() {
            Ok(st) => st,
            Err(e) => return Some(Err(e)),
        };
        let value = match name {
            "layers" => Value::list(st.layers.clone()),
            "name" => Value::str(&st.net.name),
            "history" => st.history.clone(),
            "stop_training" => Value::Bool(st.stop_training),
            // The compiled optimizer's settings (`model.optimizer.learning_rate`).
            "optimizer" => match (&st.compile, st.net.optimizer()) {
                (Some(c), Some(o)) => {
                    Value::Host(Rc::new(OptimizerObj(c.optimizer.config(), o.class_name())))
                }
                _ => Value::None,
            },
            "built" => Value::Bool(st.net.is_built()),
            "input_shape" | "output_shape" if !st.net.is_built() => {
                return Some(Err(PyError::new(
                    "AttributeError",
                    Message::new(Code::PyKerasLayerNotBuilt),
                )))
            }
            "input_shape" => keras_shape(st.net.input_shape()),
            "output_shape" => keras_shape(
                &st.net
                    .layers()
                    .last()
                    .map(|l| l.output_shape())
                    .unwrap_or_default(),
            ),
            "weights" => {
                let w: PyResult<Vec<Vec<Value>>> =
                    st.net.layers().iter().map(layer_weights).collect();
                return Some(w.map(|w| Value::list(w.into_iter().flatten().collect())));
            }
            "metrics_names" => {
                let mut names = vec![Value::str("loss")];
                names.extend(st.net.metric_names().iter().map(|n| Value::str(n)));
                Value::list(names)
            }
            "add" | "compile" | "fit" | "evaluate" | "predict" | "summary" | "get_weights"
            | "set_weights" | "count_params" | "to_json" | "get_layer" | "save"
            | "save_weights" | "load_weights" | "train_on_batch" | "predict_on_batch" | "build" => {
                drop(st);
                return Some(Ok(self.method(name)));
            }
            _ => return None,
        };
        Some(Ok(value))
    }

    fn setattr(&self, _: &mut Interp, name: &str, value: Value) -> PyResult<()> {
        match name {
            "stop_training" => {
                let stop = value.truthy_builtin().unwrap_or(true);
                self.borrow_mut()?.stop_training = stop;
                Ok(())
            }
            _ => Err(PyError::new(
                "AttributeError",
                Message::new(Code::PyCannotSetAttribute)
                    .with("name", name)
                    .with("kind", self.type_name()),
            )),
        }
    }

    /// `model(x)`: the outputs as a tensor (`.numpy()` gives the array).
    fn call(&self, interp: &mut Interp, mut args: Args) -> PyResult<Value> {
        let _ = args.take_kw("training");
        args.check(self.type_name(), 1, 1)?;
        let out = self.outputs(interp, &args.pos[0], 32)?;
        let data = match crate::modules::numpy::NdArray::of(&out) {
            Some(a) => a.data.borrow().view_as::<f32>().into_owned(),
            None => return Ok(out),
        };
        Ok(super::functions::tensor(data))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl ModelObj {
    /// A bound method: the model's object is found again through the shared state.
    fn method(&self, name: &str) -> Value {
        let this = ModelObj {
            state: self.state.clone(),
            functional: self.functional,
        };
        let this = Rc::new(this);
        let name = name.to_string();
        Value::native(&name.clone(), move |interp, args| {
            let m = &*this;
            match name.as_str() {
                "add" => {
                    args.check("add", 1, 1)?;
                    m.add(interp, &args.pos[0])?;
                    Ok(Value::None)
                }
                "compile" => m.compile(interp, args),
                "fit" => {
                    let model = Value::Host(Rc::new(ModelObj {
                        state: m.state.clone(),
                        functional: m.functional,
                    }));
                    super::fit::fit(interp, &model, m, args)
                }
                "evaluate" => m.evaluate(interp, args),
                "predict" | "predict_on_batch" => m.predict(interp, args),
                "summary" => {
                    let _ = args;
                    let text = m.borrow()?.net.summary().map_err(engine_error)?;
                    interp.write(&format!("{text}\n"));
                    Ok(Value::None)
                }
                "get_weights" => {
                    args.check("get_weights", 0, 0)?;
                    let st = m.borrow()?;
                    let w: PyResult<Vec<Vec<Value>>> =
                        st.net.layers().iter().map(layer_weights).collect();
                    Ok(Value::list(w?.into_iter().flatten().collect()))
                }
                "set_weights" => m.set_weights(interp, args),
                "count_params" => {
                    args.check("count_params", 0, 0)?;
                    let st = m.borrow()?;
                    if !st.net.is_built() {
                        return Err(PyError::new(
                            "ValueError",
                            Message::new(Code::PyKerasLayerNotBuilt),
                        ));
                    }
                    Ok(Value::Int(st.net.count_params() as i64))
                }
                "to_json" => {
                    let _ = args;
                    Ok(Value::str(&m.borrow()?.net.to_json()))
                }
                "get_layer" => {
                    let p = Params::bind(args, "get_layer", &["name", "index"], 0)?;
                    let st = m.borrow()?;
                    if let Some(n) = p.str("name")? {
                        for l in &st.layers {
                            if LayerObj::of(l).and_then(|o| o.spec.name()) == Some(n.as_str()) {
                                return Ok(l.clone());
                            }
                        }
                        return Err(PyError::new(
                            "ValueError",
                            Message::new(Code::PyKerasNoLayer).with("name", n),
                        ));
                    }
                    let i = p.int("index", 0)?;
                    st.layers
                        .get(usize::try_from(i).unwrap_or(usize::MAX))
                        .cloned()
                        .ok_or_else(|| {
                            PyError::new(
                                "ValueError",
                                Message::new(Code::PyKerasNoLayer).with("name", i),
                            )
                        })
                }
                "build" => {
                    let p = Params::bind(args, "build", &["input_shape"], 1)?;
                    let shape = p
                        .shape(interp, "input_shape")
                        .map_err(|_| p.wrong_type("input_shape", "a shape such as (None, 4)"));
                    // `build((None, 4))`: the batch axis is None.
                    let shape = match shape {
                        Ok(s) => s.unwrap_or_default(),
                        Err(_) => build_shape(interp, p.get("input_shape"))?,
                    };
                    let mut st = m.borrow_mut()?;
                    st.net.set_input_shape(&shape).map_err(engine_error)?;
                    Ok(Value::None)
                }
                "train_on_batch" => Err(unsupported("train_on_batch")),
                _ => Err(unsupported(&format!("model.{name}()"))),
            }
        })
    }
}

/// `(None, 4)` without its batch axis.
fn build_shape(interp: &mut Interp, v: Option<&Value>) -> PyResult<Vec<usize>> {
    let items = match v {
        Some(v) => interp.to_vec(v)?,
        None => Vec::new(),
    };
    let mut shape = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::None if i == 0 => {}
            Value::Int(n) if *n > 0 => shape.push(*n as usize),
            other => {
                return Err(type_error(
                    Message::new(Code::PyKerasArgType)
                        .with("function", "build")
                        .with("name", "input_shape")
                        .with("expected", "a shape such as (None, 4)")
                        .with("got", other.type_name()),
                ))
            }
        }
    }
    Ok(shape)
}

pub fn install(m: &Module, names: &Rc<Names>) {
    let n = names.clone();
    m.def("Sequential", move |interp, args| {
        let p = Params::bind(args, "Sequential", &["layers", "name", "trainable"], 0)?;
        let mut net = Sequential::with_seed(interp.engine_seed.next_model());
        net.name = match p.str("name")? {
            Some(s) => s,
            None => n.next("sequential"),
        };
        let model = ModelObj::new(net, false);
        if let Some(items) = p.get("layers") {
            let items = interp.to_vec(items)?;
            for item in &items {
                model.add(interp, item)?;
            }
        }
        Ok(Value::Host(Rc::new(model)))
    });
    m.def("load_model", |_, _| {
        Err(unsupported(
            "keras.models.load_model (saving and loading files)",
        ))
    });
    let n = names.clone();
    m.def("Model", move |interp, args| {
        let p = Params::bind(args, "Model", &["inputs", "outputs", "name"], 2)?;
        let (Some(inputs), Some(outputs)) = (
            p.get("inputs").and_then(KerasTensor::of),
            p.get("outputs").and_then(KerasTensor::of),
        ) else {
            return Err(unsupported(
                "Model() without Input() tensors (subclassing Model)",
            ));
        };
        let seed = interp.engine_seed.next_model();
        let mut net = noriteo_core::functional::model(&inputs.tensor, &outputs.tensor, seed)
            .map_err(engine_error)?;
        net.name = match p.str("name")? {
            Some(s) => s,
            None => n.next("model"),
        };
        let model = ModelObj::new(net, true);
        // The layers of the chain, as objects of their own (`model.layers`).
        {
            let mut st = model.borrow_mut()?;
            let specs = st.net.spec().layers;
            for (i, spec) in specs.into_iter().enumerate() {
                let obj = LayerObj {
                    spec,
                    input_shape: None,
                    owner: RefCell::new(Some((Rc::downgrade(&model.state), i))),
                };
                st.layers.push(Value::Host(Rc::new(obj)));
            }
        }
        Ok(Value::Host(Rc::new(model)))
    });
}
