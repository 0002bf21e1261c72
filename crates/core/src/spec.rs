//! The whole setup of a training run as plain data: model layers, `compile` and `fit`
//! arguments and the seed. This is what the page edits, the URL stores and the worker
//! receives. Integer and rate fields accept any number so that a bad value reaches
//! [`TrainingSpec::validate`] and gets a message next to its field, not a parse error.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Task};
use crate::messages::{Code, Message};
use crate::metrics::Metric;
use crate::{Activation, Error, Initializer, Loss, Optimizer, OptimizerConfig};

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
        #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default)]
    pub seed: u64,
}

/// The most parameters a model may have: 20 million f32 weights with Adam's two moment
/// buffers and gradients take about 320 MB, near what a browser tab can hold.
pub const MAX_PARAMS: usize = 20_000_000;

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
    pub fn validate(&self, data: Option<&Dataset>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        self.validate_layers(&mut errors);
        self.validate_compile(&mut errors);
        self.validate_fit(&mut errors);
        if errors.is_empty() {
            let shape = match data {
                Some(d) => d.input_shape.clone(),
                None => self.input_shape(),
            };
            self.validate_size(&shape, &mut errors);
        }
        if let Some(data) = data {
            if errors.is_empty() {
                self.validate_against_data(data, &mut errors);
            }
        }
        errors
    }

    /// Refuses models too big for a browser tab before any weight is allocated, so a shared
    /// link with absurd sizes gets a message instead of crashing the tab.
    fn validate_size(&self, input_shape: &[usize], errors: &mut Vec<FieldError>) {
        if input_shape.is_empty() {
            return;
        }
        let mut width: u128 = input_shape.iter().map(|&d| d as u128).product();
        let mut params: u128 = 0;
        for (i, layer) in self.model.layers.iter().enumerate() {
            if let LayerSpec::Dense(d) = layer {
                let units = d.units.max(0) as u128;
                params += width * units + if d.use_bias { units } else { 0 };
                width = units;
                if params > MAX_PARAMS as u128 {
                    errors.push(FieldError::new(
                        format!("model.layers[{i}].units"),
                        Message::new(Code::TooManyParams)
                            .with("params", params)
                            .with("max", MAX_PARAMS),
                    ));
                    return;
                }
            }
        }
    }

    fn validate_layers(&self, errors: &mut Vec<FieldError>) {
        if self.model.layers.is_empty() {
            errors.push(FieldError::new(
                "model.layers",
                Message::new(Code::AddLayer),
            ));
        }
        for (i, layer) in self.model.layers.iter().enumerate() {
            let at = |f: &str| format!("model.layers[{i}].{f}");
            match layer {
                LayerSpec::Dense(d) => {
                    if d.units < 1 {
                        errors.push(FieldError::new(
                            at("units"),
                            Message::new(Code::UnitsAtLeastOne).with("got", d.units),
                        ));
                    } else if d.units > 100_000 {
                        errors.push(FieldError::new(
                            at("units"),
                            Message::new(Code::UnitsTooMany)
                                .with("got", d.units)
                                .with("max", 100_000),
                        ));
                    }
                    if let Err(e) = Activation::from_name(&d.activation) {
                        errors.push(FieldError::new(at("activation"), e.message()));
                    }
                    for (f, v) in [
                        ("kernel_initializer", &d.kernel_initializer),
                        ("bias_initializer", &d.bias_initializer),
                    ] {
                        if let Err(e) = Initializer::from_name(v) {
                            errors.push(FieldError::new(at(f), e.message()));
                        }
                    }
                    if let Some(n) = d.input_dim {
                        if n < 1 {
                            errors.push(FieldError::new(
                                at("input_dim"),
                                Message::new(Code::InputDimAtLeastOne).with("got", n),
                            ));
                        }
                    }
                }
                LayerSpec::Dropout(d) => {
                    if !(d.rate >= 0.0 && d.rate < 1.0) {
                        errors.push(FieldError::new(
                            at("rate"),
                            Message::new(Code::DropoutRate).with("got", d.rate),
                        ));
                    }
                }
                LayerSpec::Activation(a) => {
                    if let Err(e) = Activation::from_name(&a.activation) {
                        errors.push(FieldError::new(at("activation"), e.message()));
                    }
                }
                LayerSpec::Flatten(_) => {}
            }
        }
    }

    fn validate_compile(&self, errors: &mut Vec<FieldError>) {
        let c = self.optimizer_config();
        if let Err(e) = Optimizer::from_config(&c) {
            // The optimizer's only setting it refuses is the learning rate.
            let (field, message) = match e {
                Error::InvalidConfig { message, .. } => {
                    ("compile.optimizer.learning_rate", message)
                }
                other => ("compile.optimizer", other.message()),
            };
            errors.push(FieldError::new(field, message));
        }
        if let Some(m) = c.momentum {
            if !(0.0..1.0).contains(&m) {
                errors.push(FieldError::new(
                    "compile.optimizer.momentum",
                    Message::new(Code::Momentum).with("got", m),
                ));
            }
        }
        match &self.compile.loss {
            None => errors.push(FieldError::new(
                "compile.loss",
                Message::new(Code::ChooseLoss),
            )),
            Some(l) => {
                if let Err(e) = l.build() {
                    errors.push(FieldError::new("compile.loss", e.message()));
                }
            }
        }
        if let Some(Ok(loss)) = self.compile.loss.as_ref().map(LossSpec::build) {
            for (i, m) in self.compile.metrics.iter().enumerate() {
                if let Err(e) = Metric::resolve(m, &loss, 1) {
                    errors.push(FieldError::new(
                        format!("compile.metrics[{i}]"),
                        e.message(),
                    ));
                }
            }
        }
    }

    fn validate_fit(&self, errors: &mut Vec<FieldError>) {
        let f = &self.fit;
        if !(1..=100_000).contains(&f.epochs) {
            errors.push(FieldError::new(
                "fit.epochs",
                Message::new(Code::EpochsRange)
                    .with("max", 100_000)
                    .with("got", f.epochs),
            ));
        }
        if f.batch_size < 1 {
            errors.push(FieldError::new(
                "fit.batch_size",
                Message::new(Code::BatchSizeAtLeastOne).with("got", f.batch_size),
            ));
        }
        if !(f.validation_split >= 0.0 && f.validation_split < 1.0) {
            errors.push(FieldError::new(
                "fit.validation_split",
                Message::new(Code::ValidationSplitRange).with("got", f.validation_split),
            ));
        }
        if let Some(es) = &f.early_stopping {
            if es.patience < 0 {
                errors.push(FieldError::new(
                    "fit.early_stopping.patience",
                    Message::new(Code::PatienceNonNegative).with("got", es.patience),
                ));
            }
            if !["auto", "min", "max"].contains(&es.mode.as_str()) {
                errors.push(FieldError::new(
                    "fit.early_stopping.mode",
                    Message::new(Code::EarlyStoppingMode).with("got", &es.mode),
                ));
            }
            let mut keys = vec!["loss".to_string()];
            keys.extend(
                self.compile
                    .metrics
                    .iter()
                    .map(|m| m.trim().to_ascii_lowercase()),
            );
            let val: Vec<String> = keys.iter().map(|k| format!("val_{k}")).collect();
            keys.extend(val);
            if !keys.contains(&es.monitor) {
                errors.push(FieldError::new(
                    "fit.early_stopping.monitor",
                    Message::new(Code::MonitorNotInHistory)
                        .with("monitor", &es.monitor)
                        .with("keys", keys.join(", ")),
                ));
            } else if es.monitor.starts_with("val_") && f.validation_split <= 0.0 {
                errors.push(FieldError::new(
                    "fit.early_stopping.monitor",
                    Message::new(Code::MonitorNeedsValidation).with("monitor", &es.monitor),
                ));
            }
        }
    }

    fn validate_against_data(&self, data: &Dataset, errors: &mut Vec<FieldError>) {
        let declared = self.input_shape();
        if !declared.is_empty() && declared != data.input_shape {
            errors.push(FieldError::new(
                "model.input_shape",
                Message::new(Code::InputShapeVsData)
                    .with("expected", shape_text(&declared))
                    .with("got", shape_text(&data.input_shape)),
            ));
            return;
        }
        // Walk the shapes to find Dense layers fed with images (Keras would apply them to
        // the last axis only, which is never what a learner means).
        let mut shape = data.input_shape.clone();
        let mut last_units = shape.iter().product::<usize>();
        for (i, layer) in self.model.layers.iter().enumerate() {
            match layer {
                LayerSpec::Dense(d) => {
                    if shape.len() > 1 {
                        errors.push(FieldError::new(
                            format!("model.layers[{i}]"),
                            Message::new(Code::DenseNeedsFlatten)
                                .with("shape", shape_text(&shape))
                                .with("width", shape.iter().product::<usize>()),
                        ));
                        return;
                    }
                    shape = vec![d.units as usize];
                    last_units = d.units as usize;
                }
                LayerSpec::Flatten(_) => shape = vec![shape.iter().product()],
                _ => {}
            }
        }
        if shape.len() > 1 {
            errors.push(FieldError::new(
                "model.layers",
                Message::new(Code::MultiDimOutput),
            ));
            return;
        }
        let last = self.model.layers.len().saturating_sub(1);
        let out_field = format!("model.layers[{last}]");
        let activation = self.model.layers.iter().rev().find_map(|l| match l {
            LayerSpec::Dense(d) => Some(d.activation.as_str()),
            LayerSpec::Activation(a) => Some(a.activation.as_str()),
            _ => None,
        });
        let activation = activation
            .and_then(|a| Activation::from_name(a).ok())
            .unwrap_or(Activation::Linear);
        let Some(Ok(loss)) = self.compile.loss.as_ref().map(LossSpec::build) else {
            return;
        };
        let (suggested, suggested_loss) = suggest_output(data.task);
        let suggestion = match &suggested {
            LayerSpec::Dense(d) => Message::new(Code::SuggestOutput)
                .with("units", d.units)
                .with("activation", &d.activation)
                .with("loss", suggested_loss),
            // suggest_output only suggests Dense layers.
            _ => Message::new(Code::SuggestOutput),
        };
        let classes = match data.task {
            Task::MultiClass { classes } => classes,
            Task::Binary => 2,
            Task::Regression => 0,
        };
        let label_cols = data.y_train.ncols();
        let mut fail = |field: &str, message: Message| errors.push(FieldError::new(field, message));
        let suggest = |code: Code| Message::new(code).with_detail(suggestion.clone());
        match loss {
            Loss::SparseCategoricalCrossentropy { from_logits } => {
                if classes == 0 {
                    fail("compile.loss", suggest(Code::SparseCeOnRegression));
                } else if label_cols != 1 {
                    fail("compile.loss", Message::new(Code::SparseCeOneHotLabels));
                } else if last_units != classes.max(2) {
                    fail(
                        &out_field,
                        suggest(Code::OutputUnitsVsClasses)
                            .with("units", last_units)
                            .with("classes", classes.max(2)),
                    );
                } else if !from_logits && activation != Activation::Softmax {
                    fail(
                        &out_field,
                        Message::new(Code::SparseCeNeedsSoftmax)
                            .with("activation", activation.name()),
                    );
                }
            }
            Loss::CategoricalCrossentropy { from_logits } => {
                if classes == 0 {
                    fail("compile.loss", suggest(Code::CeOnRegression));
                } else if label_cols == 1 {
                    fail("compile.loss", Message::new(Code::CeClassNumberLabels));
                } else if last_units != label_cols {
                    fail(
                        &out_field,
                        Message::new(Code::OutputUnitsVsOneHot)
                            .with("units", last_units)
                            .with("columns", label_cols),
                    );
                } else if !from_logits && activation != Activation::Softmax {
                    fail(
                        &out_field,
                        Message::new(Code::CeNeedsSoftmax).with("activation", activation.name()),
                    );
                }
            }
            Loss::BinaryCrossentropy { from_logits } => {
                if data.task != Task::Binary && label_cols == 1 {
                    let message = match data.task {
                        Task::MultiClass { classes } => {
                            suggest(Code::BinaryCeOnMultiClass).with("classes", classes)
                        }
                        _ => suggest(Code::BinaryCeOnRegression),
                    };
                    fail("compile.loss", message);
                } else if last_units != label_cols {
                    fail(
                        &out_field,
                        suggest(Code::BinaryOutputUnits)
                            .with("units", last_units)
                            .with("columns", label_cols),
                    );
                } else if !from_logits
                    && !matches!(activation, Activation::Sigmoid | Activation::HardSigmoid)
                {
                    fail(
                        &out_field,
                        Message::new(Code::BinaryNeedsSigmoid)
                            .with("activation", activation.name()),
                    );
                }
            }
            Loss::MeanSquaredError | Loss::MeanAbsoluteError | Loss::Huber { .. } => {
                if label_cols != last_units {
                    fail(
                        &out_field,
                        suggest(Code::OutputUnitsVsTarget)
                            .with("units", last_units)
                            .with("columns", label_cols),
                    );
                }
            }
        }
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

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn huge_models_are_refused_before_allocation() {
        let spec = TrainingSpec {
            model: ModelSpec {
                input_shape: vec![784],
                layers: vec![
                    LayerSpec::dense(100_000, "relu"),
                    LayerSpec::dense(100_000, "relu"),
                ],
                name: None,
            },
            compile: CompileSpec {
                loss: Some(LossSpec::Name("mse".into())),
                ..Default::default()
            },
            ..Default::default()
        };
        let errors = spec.validate(None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "model.layers[0].units");
        let text = errors[0].message.to_string();
        assert!(text.contains("78500000 parameters"), "{text}");
    }
}
