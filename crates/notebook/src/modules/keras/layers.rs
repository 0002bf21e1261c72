//! `keras.layers`: Dense, Dropout, Flatten, Activation, Softmax, ReLU and `Input`. A layer
//! object holds the engine's description of it (`LayerSpec`), checked by the engine's plan
//! when it is made, as Keras checks its arguments; its weights live in the model it is added to.

use std::any::Any;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use noriteo_core::functional::{self, Tensor};
use noriteo_core::messages::{Code, Message};
use noriteo_core::spec::{
    shape_text, ActivationSpec, DenseSpec, DropoutSpec, FlattenSpec, LayerSpec,
};

use super::args::{f32_shaped, field_errors, Params};
use super::model::State;
use super::{unsupported, Names};
use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, HostObject, Module, Value};

/// A layer as Python code holds it.
pub struct LayerObj {
    pub spec: LayerSpec,
    /// `input_shape=(...)` given to a layer whose spec has no room for it (a Dense layer
    /// given a sample shape of several axes, a Dropout or Activation first in a model).
    pub input_shape: Option<Vec<usize>>,
    /// The model it was added to and its place there: its weights are read from there.
    pub owner: RefCell<Option<(Weak<RefCell<State>>, usize)>>,
}

impl LayerObj {
    pub fn of(v: &Value) -> Option<&LayerObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<LayerObj>(),
            _ => None,
        }
    }

    fn class(&self) -> &'static str {
        match &self.spec {
            LayerSpec::Dense(_) => "Dense",
            LayerSpec::Dropout(_) => "Dropout",
            LayerSpec::Flatten(_) => "Flatten",
            LayerSpec::Activation(_) => "Activation",
        }
    }

    fn name(&self) -> String {
        self.spec.name().unwrap_or_default().to_string()
    }

    /// Runs `f` on the engine's layer, once the layer is in a built model.
    fn with_built<T>(
        &self,
        f: impl FnOnce(&noriteo_core::layers::Layer) -> T,
    ) -> PyResult<Option<T>> {
        let owner = self.owner.borrow();
        let Some((state, index)) = owner.as_ref() else {
            return Ok(None);
        };
        let Some(state) = state.upgrade() else {
            return Ok(None);
        };
        let st = state.try_borrow().map_err(|_| super::model::busy())?;
        Ok(st.net.layers().get(*index).map(f))
    }
}

impl HostObject for LayerObj {
    fn type_name(&self) -> &str {
        self.class()
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        let built = self.with_built(|_| ())?.is_some();
        let built = if built { "True" } else { "False" };
        Ok(format!(
            "<{} name={}, built={built}>",
            self.class(),
            self.name()
        ))
    }

    fn getattr(&self, interp: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        Some(Ok(match (name, &self.spec) {
            ("name", _) => Value::str(&self.name()),
            ("units", LayerSpec::Dense(d)) => Value::Int(d.units),
            ("rate", LayerSpec::Dropout(d)) => Value::Float(d.rate),
            ("use_bias", LayerSpec::Dense(d)) => Value::Bool(d.use_bias),
            ("activation", LayerSpec::Dense(DenseSpec { activation, .. }))
            | ("activation", LayerSpec::Activation(ActivationSpec { activation, .. })) => {
                super::functions::activation_function(activation)
            }
            ("trainable", _) => Value::Bool(true),
            ("built", _) => return Some(self.with_built(|_| ()).map(|b| Value::Bool(b.is_some()))),
            ("output_shape", _) => {
                return Some(
                    self.with_built(|l| keras_shape(&l.output_shape()))
                        .and_then(|s| s.ok_or_else(not_built)),
                )
            }
            ("count_params", _) => {
                let this = self.with_built(|l| l.param_count());
                return Some(this.map(|n| {
                    let n = n.unwrap_or(0) as i64;
                    Value::native("count_params", move |_, args| {
                        args.check("count_params", 0, 0)?;
                        Ok(Value::Int(n))
                    })
                }));
            }
            ("get_weights" | "weights", _) => {
                let weights = match self.with_built(layer_weights) {
                    Ok(w) => w.unwrap_or_else(|| Ok(Vec::new())),
                    Err(e) => return Some(Err(e)),
                };
                let weights = match weights {
                    Ok(w) => w,
                    Err(e) => return Some(Err(e)),
                };
                if name == "weights" {
                    return Some(Ok(Value::list(weights)));
                }
                Value::native("get_weights", move |_, args| {
                    args.check("get_weights", 0, 0)?;
                    Ok(Value::list(weights.clone()))
                })
            }
            _ => {
                let _ = interp;
                return None;
            }
        }))
    }

    /// `Dense(8)(inputs)`: the functional API's chain of layers.
    fn call(&self, interp: &mut Interp, mut args: Args) -> PyResult<Value> {
        let _ = args.take_kw("training");
        args.check(self.class(), 1, 1)?;
        match KerasTensor::of(&args.pos[0]) {
            Some(t) => {
                let plan = self.spec.plan(0).map_err(field_errors)?;
                let shape = plan.output_shape(&t.shape);
                Ok(Value::Host(Rc::new(KerasTensor {
                    tensor: t.tensor.apply(self.spec.clone()),
                    shape,
                })))
            }
            None => {
                let _ = interp;
                Err(unsupported(
                    "calling a layer on data (put the layer in a model and call the model)",
                ))
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn not_built() -> PyError {
    PyError::new("AttributeError", Message::new(Code::PyKerasLayerNotBuilt))
}

/// The layer's weights as numpy arrays of Keras' shapes (kernel `(inputs, units)`, bias).
pub fn layer_weights(l: &noriteo_core::layers::Layer) -> PyResult<Vec<Value>> {
    l.weights()
        .into_iter()
        .map(|(_, shape, w)| f32_shaped(&shape, w.to_vec()))
        .collect()
}

/// `(None, 8)` as a Python tuple.
pub fn keras_shape(sample: &[usize]) -> Value {
    let mut items = vec![Value::None];
    items.extend(sample.iter().map(|&d| Value::Int(d as i64)));
    Value::tuple(items)
}

/// `Input(shape=(4,))`: a symbolic tensor, for `Model(inputs, outputs)` or as the first
/// item of `Sequential([...])`.
pub struct KerasTensor {
    pub tensor: Tensor,
    pub shape: Vec<usize>,
}

impl KerasTensor {
    pub fn of(v: &Value) -> Option<&KerasTensor> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<KerasTensor>(),
            _ => None,
        }
    }
}

impl HostObject for KerasTensor {
    fn type_name(&self) -> &str {
        "KerasTensor"
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<KerasTensor shape={}, dtype=float32, sparse=False, name=keras_tensor>",
            shape_text(&self.shape)
        ))
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "shape" => Some(Ok(keras_shape(&self.shape))),
            "dtype" => Some(Ok(Value::str("float32"))),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The activation a layer argument names: a string, `None` (linear), or one of
/// `keras.activations`' functions (`activation=tf.nn.relu`).
fn activation_arg(p: &Params, name: &str) -> PyResult<String> {
    match p.get(name) {
        None => Ok("linear".into()),
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(Value::Native(f)) => Ok(f.name.to_string()),
        Some(_) => Err(p.wrong_type(name, "an activation name such as 'relu'")),
    }
}

fn initializer_arg(p: &Params, name: &str, default: &str) -> PyResult<String> {
    match p.get(name) {
        None => Ok(default.into()),
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => match super::functions::Named::of(v) {
            Some(n) => Ok(n.name.clone()),
            None => Err(p.wrong_type(name, "an initializer name such as 'he_normal'")),
        },
    }
}

/// Refuses Keras arguments the engine has no counterpart for, when given.
fn refuse_given(p: &Params, names: &[&str]) -> PyResult<()> {
    for n in names {
        if p.get(n).is_some() {
            return Err(unsupported(&format!("the argument {n}=")));
        }
    }
    Ok(())
}

fn name_arg(p: &Params, names: &Names, base: &str) -> PyResult<String> {
    Ok(match p.str("name")? {
        Some(n) => n,
        None => names.next(base),
    })
}

fn finish(interp: &mut Interp, p: &Params, spec: LayerSpec, extra_shape: bool) -> PyResult<Value> {
    // The engine checks the settings as Keras does when a layer is made.
    spec.plan(0).map_err(field_errors)?;
    let input_shape = if extra_shape {
        p.shape(interp, "input_shape")?
    } else {
        None
    };
    Ok(Value::Host(Rc::new(LayerObj {
        spec,
        input_shape,
        owner: RefCell::new(None),
    })))
}

/// Layers lectures import that the engine does not have: importing them works (a lecture
/// imports many at once), using one says it is not supported here.
const MISSING: &[&str] = &[
    "Conv1D",
    "Conv2D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPool2D",
    "AveragePooling2D",
    "GlobalAveragePooling2D",
    "BatchNormalization",
    "LayerNormalization",
    "Embedding",
    "SimpleRNN",
    "LSTM",
    "GRU",
    "Bidirectional",
    "Reshape",
    "LeakyReLU",
    "Normalization",
    "Rescaling",
    "Concatenate",
    "Lambda",
];

pub fn install(m: &Module, names: &Rc<Names>) {
    for &class in MISSING {
        m.def(class, move |_, _| {
            Err(unsupported(&format!("keras.layers.{class}")))
        });
    }
    let n = names.clone();
    m.def("Dense", move |interp, args| {
        const P: &[&str] = &[
            "units",
            "activation",
            "use_bias",
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "kernel_constraint",
            "bias_constraint",
            "input_dim",
            "input_shape",
            "name",
            "dtype",
        ];
        let p = Params::bind(args, "Dense", P, 1)?;
        refuse_given(
            &p,
            &[
                "kernel_regularizer",
                "bias_regularizer",
                "activity_regularizer",
                "kernel_constraint",
                "bias_constraint",
            ],
        )?;
        let shape = p.shape(interp, "input_shape")?;
        let mut input_dim = match p.get("input_dim") {
            Some(_) => Some(p.int("input_dim", 0)?),
            None => None,
        };
        let mut extra = false;
        match shape.as_deref() {
            Some([d]) if input_dim.is_none() => input_dim = Some(*d as i64),
            Some(_) => extra = true,
            None => {}
        }
        let spec = LayerSpec::Dense(DenseSpec {
            units: p.int("units", 0)?,
            activation: activation_arg(&p, "activation")?,
            use_bias: p.bool("use_bias", true)?,
            kernel_initializer: initializer_arg(&p, "kernel_initializer", "glorot_uniform")?,
            bias_initializer: initializer_arg(&p, "bias_initializer", "zeros")?,
            name: Some(name_arg(&p, &n, "dense")?),
            input_dim,
        });
        finish(interp, &p, spec, extra)
    });
    let n = names.clone();
    m.def("Dropout", move |interp, args| {
        const P: &[&str] = &["rate", "noise_shape", "seed", "name", "input_shape"];
        let p = Params::bind(args, "Dropout", P, 1)?;
        refuse_given(&p, &["noise_shape"])?;
        let spec = LayerSpec::Dropout(DropoutSpec {
            rate: p.float("rate", 0.0)?,
            name: Some(name_arg(&p, &n, "dropout")?),
        });
        finish(interp, &p, spec, true)
    });
    let n = names.clone();
    m.def("Flatten", move |interp, args| {
        const P: &[&str] = &["data_format", "name", "input_shape"];
        let p = Params::bind(args, "Flatten", P, 0)?;
        let spec = LayerSpec::Flatten(FlattenSpec {
            name: Some(name_arg(&p, &n, "flatten")?),
            input_shape: p.shape(interp, "input_shape")?,
        });
        finish(interp, &p, spec, false)
    });
    for (class, activation) in [
        ("Activation", None),
        ("Softmax", Some("softmax")),
        ("ReLU", Some("relu")),
    ] {
        let n = names.clone();
        m.def(class, move |interp, args| {
            const WITH: &[&str] = &["activation", "name", "input_shape"];
            const FIXED: &[&str] = &["axis", "name", "input_shape"];
            let p = match activation {
                None => Params::bind(args, "Activation", WITH, 1)?,
                Some(_) => Params::bind(args, class_name(activation), FIXED, 0)?,
            };
            if activation.is_some() && p.get("axis").is_some() && p.int("axis", -1)? != -1 {
                return Err(unsupported("Softmax over an axis other than the last"));
            }
            let base = match activation {
                Some(a) => a.to_string(),
                None => "activation".into(),
            };
            let spec = LayerSpec::Activation(ActivationSpec {
                activation: match activation {
                    Some(a) => a.to_string(),
                    None => activation_arg(&p, "activation")?,
                },
                name: Some(name_arg(&p, &n, &base)?),
            });
            finish(interp, &p, spec, true)
        });
    }
    let n = names.clone();
    m.def("Input", move |interp, args| {
        const P: &[&str] = &["shape", "batch_size", "name", "dtype"];
        let p = Params::bind(args, "Input", P, 0)?;
        let Some(shape) = p.shape(interp, "shape")? else {
            return Err(type_error(
                Message::new(Code::PyMissingArgument)
                    .with("function", "Input")
                    .with("name", "shape"),
            ));
        };
        noriteo_core::plan::check_input_shape("input_shape", &shape)
            .map_err(|e| field_errors(vec![e]))?;
        // Keras 2 numbers its inputs from 1: input_1, input_2, ...
        let id = n.count("input") + 1;
        Ok(Value::Host(Rc::new(KerasTensor {
            tensor: functional::input(&shape, id as u64),
            shape,
        })))
    });
}

fn class_name(activation: Option<&str>) -> &'static str {
    match activation {
        Some("softmax") => "Softmax",
        Some("relu") => "ReLU",
        _ => "Activation",
    }
}
