//! The whole setup of a training run as plain data: model layers, `compile` and `fit`
//! arguments and the seed. This is what the page edits, the URL stores and the worker
//! receives. Integer and rate fields accept any number so that a bad value reaches
//! [`TrainingSpec::plan`] (see `plan.rs`) and gets a message next to its field, not a parse error.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Task};
use crate::messages::Message;
use crate::{Error, Loss, Optimizer, OptimizerConfig};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LayerSpec {
    Dense(DenseSpec),
    Dropout(DropoutSpec),
    Flatten(FlattenSpec),
    Activation(ActivationSpec),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseSpec {
    pub units: i64,
    #[serde(default = "linear")]
    pub activation: String,
    #[serde(default = "yes")]
    pub use_bias: bool,
    #[serde(default = "glorot_uniform")]
    pub kernel_initializer: String,
    #[serde(default = "zeros")]
    pub bias_initializer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Keras' `input_dim=17` on the first layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_dim: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropoutSpec {
    pub rate: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FlattenSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Keras' `Flatten(input_shape=(28, 28))` on the first layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_shape: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivationSpec {
    pub activation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl LayerSpec {
    /// `Dense(units, activation=...)`.
    pub fn dense(units: i64, activation: &str) -> Self {
        LayerSpec::Dense(DenseSpec {
            units,
            activation: activation.to_string(),
            use_bias: true,
            kernel_initializer: glorot_uniform(),
            bias_initializer: zeros(),
            name: None,
            input_dim: None,
        })
    }

    /// `Dense(units, activation=..., input_dim=n)`.
    pub fn dense_input(units: i64, activation: &str, input_dim: i64) -> Self {
        let mut l = Self::dense(units, activation);
        if let LayerSpec::Dense(d) = &mut l {
            d.input_dim = Some(input_dim);
        }
        l
    }

    pub fn dropout(rate: f64) -> Self {
        LayerSpec::Dropout(DropoutSpec { rate, name: None })
    }

    pub fn flatten() -> Self {
        LayerSpec::Flatten(FlattenSpec::default())
    }

    pub fn activation(name: &str) -> Self {
        LayerSpec::Activation(ActivationSpec {
            activation: name.to_string(),
            name: None,
        })
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            LayerSpec::Dense(d) => d.name.as_deref(),
            LayerSpec::Dropout(d) => d.name.as_deref(),
            LayerSpec::Flatten(d) => d.name.as_deref(),
            LayerSpec::Activation(d) => d.name.as_deref(),
        }
    }

    /// The input shape this layer declares (`input_dim`, `input_shape`), if any.
    pub fn declared_input_shape(&self) -> Option<Vec<usize>> {
        match self {
            LayerSpec::Dense(d) => d.input_dim.map(|n| vec![n.max(0) as usize]),
            LayerSpec::Flatten(f) => f.input_shape.clone(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The shape of one sample, `[17]` or `[28, 28]`; empty means "from the first layer's
    /// input_dim, or from the data".
    #[serde(default)]
    pub input_shape: Vec<usize>,
    pub layers: Vec<LayerSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `optimizer='adam'` or `optimizer=Adam(learning_rate=0.01)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptimizerSpec {
    Name(String),
    Config(OptimizerConfig),
}

impl Default for OptimizerSpec {
    /// Keras' `compile()` default.
    fn default() -> Self {
        OptimizerSpec::Name("rmsprop".into())
    }
}

impl OptimizerSpec {
    pub fn config(&self) -> OptimizerConfig {
        match self {
            OptimizerSpec::Name(n) => OptimizerConfig {
                name: n.clone(),
                ..Default::default()
            },
            OptimizerSpec::Config(c) => c.clone(),
        }
    }

    pub fn build(&self) -> Result<Optimizer, Error> {
        Optimizer::from_config(&self.config())
    }
}

/// `loss='mse'` or `loss=SparseCategoricalCrossentropy(from_logits=True)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LossSpec {
    Name(String),
    Config {
        name: String,
        #[serde(default)]
        from_logits: bool,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "crate::optimizers::shortest"
        )]
        delta: Option<f32>,
    },
}

impl LossSpec {
    pub fn build(&self) -> Result<Loss, Error> {
        match self {
            LossSpec::Name(n) => Loss::from_name(n, false),
            LossSpec::Config {
                name,
                from_logits,
                delta,
            } => {
                let loss = Loss::from_name(name, *from_logits)?;
                Ok(match (loss, delta) {
                    (Loss::Huber { .. }, Some(d)) => Loss::Huber { delta: *d },
                    (l, _) => l,
                })
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CompileSpec {
    #[serde(default)]
    pub optimizer: OptimizerSpec,
    #[serde(default)]
    pub loss: Option<LossSpec>,
    #[serde(default)]
    pub metrics: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlyStoppingSpec {
    #[serde(default = "val_loss")]
    pub monitor: String,
    #[serde(default)]
    pub patience: i64,
    #[serde(default)]
    pub min_delta: f64,
    #[serde(default = "auto")]
    pub mode: String,
    #[serde(default)]
    pub restore_best_weights: bool,
}

impl Default for EarlyStoppingSpec {
    fn default() -> Self {
        EarlyStoppingSpec {
            monitor: val_loss(),
            patience: 0,
            min_delta: 0.0,
            mode: auto(),
            restore_best_weights: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSpec {
    #[serde(default = "one")]
    pub epochs: i64,
    /// Keras' `batch_size=None` means 32.
    #[serde(default = "thirty_two")]
    pub batch_size: i64,
    #[serde(default)]
    pub validation_split: f64,
    #[serde(default = "yes")]
    pub shuffle: bool,
    #[serde(default)]
    pub early_stopping: Option<EarlyStoppingSpec>,
}

impl Default for FitSpec {
    fn default() -> Self {
        FitSpec {
            epochs: 1,
            batch_size: 32,
            validation_split: 0.0,
            shuffle: true,
            early_stopping: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingSpec {
    pub model: ModelSpec,
    #[serde(default)]
    pub compile: CompileSpec,
    #[serde(default)]
    pub fit: FitSpec,
    /// Any whole number as the page sends it; the plan checks it is one a page can hold
    /// (0 to 2^53 − 1), so a negative seed is refused next to its field, not made 0.
    #[serde(default)]
    pub seed: i64,
}

pub use crate::plan::MAX_PARAMS;

/// A problem with one setting, located by a path the page can put the message next to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: Message) -> Self {
        FieldError {
            field: field.into(),
            message,
        }
    }
}

/// The output layer and loss that fit a task: what the page suggests.
pub fn suggest_output(task: Task) -> (LayerSpec, &'static str) {
    match task {
        Task::Regression => (LayerSpec::dense(1, "linear"), "mse"),
        Task::Binary => (LayerSpec::dense(1, "sigmoid"), "binary_crossentropy"),
        Task::MultiClass { classes } => (
            LayerSpec::dense(classes as i64, "softmax"),
            "sparse_categorical_crossentropy",
        ),
    }
}

impl TrainingSpec {
    /// Every problem with the setup, each next to its field; empty means ready to train.
    /// With a data set, also checks the input width and that output layer, loss and labels fit.
    /// The rules are [`TrainingSpec::plan`]'s: this is its list of problems.
    pub fn validate(&self, data: Option<&Dataset>) -> Vec<FieldError> {
        self.plan(data).err().unwrap_or_default()
    }

    /// The sample shape from `model.input_shape` or the first layer's `input_dim`/`input_shape`.
    pub fn input_shape(&self) -> Vec<usize> {
        if !self.model.input_shape.is_empty() {
            return self.model.input_shape.clone();
        }
        self.model
            .layers
            .first()
            .and_then(LayerSpec::declared_input_shape)
            .unwrap_or_default()
    }

    pub fn optimizer_config(&self) -> OptimizerConfig {
        self.compile.optimizer.config()
    }
}

/// `(None, 28, 28)`-style text for a sample shape, as Keras prints shapes.
pub fn shape_text(shape: &[usize]) -> String {
    let mut s = String::from("(None");
    for d in shape {
        s.push_str(&format!(", {d}"));
    }
    s.push(')');
    s
}

fn linear() -> String {
    "linear".into()
}
fn glorot_uniform() -> String {
    "glorot_uniform".into()
}
fn zeros() -> String {
    "zeros".into()
}
fn yes() -> bool {
    true
}
fn one() -> i64 {
    1
}
fn thirty_two() -> i64 {
    32
}
fn val_loss() -> String {
    "val_loss".into()
}
fn auto() -> String {
    "auto".into()
}
