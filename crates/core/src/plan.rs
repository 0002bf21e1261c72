//! The setup checked once. [`TrainingSpec::plan`] turns the page's loose description (counts
//! as any number, names as text) into a typed [`Plan`] (counts as `usize`, names as enums),
//! or into every problem found, each next to its field. Every setup rule and its message
//! lives here and nowhere else: building the model ([`Sequential::from_plan`]) and the fit
//! ([`FitSession::new`]) take a plan and check nothing again. The Keras-style API
//! (`Sequential::add`, `compile_spec`, `fit`) plans the piece it is given and reports the
//! same message as an [`Error::InvalidConfig`].
//!
//! Plans can only be made here: their fields are public to read, and `#[non_exhaustive]`
//! keeps other crates from writing one that skipped the checks.
//!
//! [`Sequential::from_plan`]: crate::Sequential::from_plan
//! [`FitSession::new`]: crate::FitSession::new

use crate::data::{Dataset, Task};
use crate::messages::{Code, Message};
use crate::metrics::Metric;
use crate::spec::{
    shape_text, suggest_output, CompileSpec, FieldError, FitSpec, LayerSpec, ModelSpec,
    TrainingSpec,
};
use crate::spec::{ActivationSpec, DenseSpec, DropoutSpec, FlattenSpec};
use crate::{Activation, Error, Initializer, Loss, Optimizer};

/// The most parameters a model may have: 20 million f32 weights with Adam's two moment
/// buffers and gradients take about 320 MB, near what a browser tab can hold.
pub const MAX_PARAMS: usize = 20_000_000;

/// The most bytes the activations and their gradients of one batch may take: with the
/// weights (see [`MAX_PARAMS`]) this keeps a training tab well under what a browser gives a
/// wasm module.
pub const MAX_ACTIVATION_BYTES: u128 = 512 << 20;

/// The widest Dense layer a setup may ask for.
pub const MAX_UNITS: i64 = 100_000;

/// The most epochs a fit may ask for.
pub const MAX_EPOCHS: i64 = 100_000;

/// A whole training run, checked: what the session builds the model and the fit from.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Plan {
    pub model: ModelPlan,
    pub compile: CompilePlan,
    pub fit: FitPlan,
    pub seed: u64,
}

/// A model, checked: its layers can be built once the input shape is known.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ModelPlan {
    pub name: Option<String>,
    /// The shape of one sample; empty when neither the setup nor the data gives it (the
    /// model is then built when data first arrives, as in Keras).
    pub input_shape: Vec<usize>,
    pub layers: Vec<LayerPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LayerPlan {
    Dense(DensePlan),
    Dropout(DropoutPlan),
    Flatten(FlattenPlan),
    Activation(ActivationPlan),
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DensePlan {
    pub units: usize,
    pub activation: Activation,
    pub use_bias: bool,
    pub kernel_initializer: Initializer,
    pub bias_initializer: Initializer,
    pub name: Option<String>,
    pub input_dim: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DropoutPlan {
    /// In `[0, 1)`.
    pub rate: f64,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FlattenPlan {
    pub name: Option<String>,
    pub input_shape: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ActivationPlan {
    pub activation: Activation,
    pub name: Option<String>,
}

/// `compile`'s arguments, checked: a loss, a fresh optimizer and known metric names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CompilePlan {
    pub loss: Loss,
    pub optimizer: Optimizer,
    pub metrics: Vec<String>,
}

/// `fit`'s arguments, checked.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FitPlan {
    /// At least 1.
    pub epochs: usize,
    /// At least 1.
    pub batch_size: usize,
    /// In `[0, 1)`.
    pub validation_split: f64,
    pub shuffle: bool,
    pub early_stopping: Option<EarlyStoppingPlan>,
}

/// Keras' `EarlyStopping` callback, checked; `mode="auto"` already resolved.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EarlyStoppingPlan {
    /// A key the History will have.
    pub monitor: String,
    pub patience: usize,
    pub min_delta: f32,
    pub maximize: bool,
    pub restore_best_weights: bool,
}

impl TrainingSpec {
    /// Checks the whole setup once. With a data set, also checks the input shape and that
    /// the output layer, loss, labels and a batch's memory fit it. On failure, every problem
    /// found, each next to its field.
    pub fn plan(&self, data: Option<&Dataset>) -> Result<Plan, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.model.layers.is_empty() {
            errors.push(FieldError::new(
                "model.layers",
                Message::new(Code::AddLayer),
            ));
        }
        let seed = match u64::try_from(self.seed) {
            Ok(s) if s <= crate::session::MAX_SEED => s,
            _ => {
                errors.push(FieldError::new(
                    "seed",
                    Message::new(Code::SeedRange)
                        .with("got", self.seed)
                        .with("max", crate::session::MAX_SEED),
                ));
                0
            }
        };
        let model = self.model.plan(data.map(|d| d.input_shape.as_slice()));
        let compile = self.compile.plan();
        let fit = self.fit.plan(&self.compile.metrics);
        let (model, compile, fit) = match (model, compile, fit) {
            (Ok(m), Ok(c), Ok(f)) if errors.is_empty() => (m, c, f),
            (m, c, f) => {
                errors.extend(m.err().unwrap_or_default());
                errors.extend(c.err().unwrap_or_default());
                errors.extend(f.err().unwrap_or_default());
                return Err(errors);
            }
        };
        if let Some(data) = data {
            let declared = self.input_shape();
            check_against_data(&declared, &model, &compile, data).map_err(|e| vec![e])?;
            check_memory(&model, fit.batch_size, data.x_train.rows()).map_err(|e| vec![e])?;
        }
        Ok(Plan {
            model,
            compile,
            fit,
            seed,
        })
    }
}

impl ModelSpec {
    /// Checks the layers and, when the sample shape is known, the model's size and that
    /// every Dense layer gets a flat input. `fallback_shape` (the data's) is used when the
    /// setup declares no input shape.
    pub fn plan(&self, fallback_shape: Option<&[usize]>) -> Result<ModelPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut layers = Vec::with_capacity(self.layers.len());
        for (i, layer) in self.layers.iter().enumerate() {
            match layer.plan(i) {
                Ok(p) => layers.push(p),
                Err(e) => errors.extend(e),
            }
        }
        if !self.input_shape.is_empty() {
            if let Err(e) = check_input_shape("model.input_shape", &self.input_shape) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let declared = if self.input_shape.is_empty() {
            layers
                .first()
                .and_then(LayerPlan::declared_input_shape)
                .unwrap_or_default()
        } else {
            self.input_shape.clone()
        };
        let input_shape = match fallback_shape {
            Some(shape) if declared.is_empty() => shape.to_vec(),
            _ => declared,
        };
        let plan = ModelPlan {
            name: self.name.clone(),
            input_shape,
            layers,
        };
        if !plan.input_shape.is_empty() {
            check_size(&plan).map_err(|e| vec![e])?;
            let mut shape = plan.input_shape.clone();
            for (i, layer) in plan.layers.iter().enumerate() {
                if let LayerPlan::Dense(_) = layer {
                    check_dense_input(i, &shape).map_err(|e| vec![e])?;
                }
                shape = layer.output_shape(&shape);
            }
        }
        Ok(plan)
    }
}

impl LayerSpec {
    /// Checks this layer's settings as layer `index` of a model.
    pub fn plan(&self, index: usize) -> Result<LayerPlan, Vec<FieldError>> {
        let at = |f: &str| format!("model.layers[{index}].{f}");
        let mut errors = Vec::new();
        let plan = match self {
            LayerSpec::Dense(d) => {
                if d.units < 1 {
                    errors.push(FieldError::new(
                        at("units"),
                        Message::new(Code::UnitsAtLeastOne).with("got", d.units),
                    ));
                } else if d.units > MAX_UNITS {
                    errors.push(FieldError::new(
                        at("units"),
                        Message::new(Code::UnitsTooMany)
                            .with("got", d.units)
                            .with("max", MAX_UNITS),
                    ));
                }
                let activation = known(Activation::from_name(&d.activation), at("activation"));
                let kernel = known(
                    Initializer::from_name(&d.kernel_initializer),
                    at("kernel_initializer"),
                );
                let bias = known(
                    Initializer::from_name(&d.bias_initializer),
                    at("bias_initializer"),
                );
                let input_dim = match d.input_dim {
                    Some(n) if n < 1 => {
                        errors.push(FieldError::new(
                            at("input_dim"),
                            Message::new(Code::InputDimAtLeastOne).with("got", n),
                        ));
                        None
                    }
                    other => other.map(|n| n as usize),
                };
                match (activation, kernel, bias) {
                    (Ok(activation), Ok(kernel_initializer), Ok(bias_initializer)) => {
                        LayerPlan::Dense(DensePlan {
                            units: d.units.max(0) as usize,
                            activation,
                            use_bias: d.use_bias,
                            kernel_initializer,
                            bias_initializer,
                            name: d.name.clone(),
                            input_dim,
                        })
                    }
                    (a, k, b) => {
                        errors.extend([a.err(), k.err(), b.err()].into_iter().flatten());
                        return Err(errors);
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
                LayerPlan::Dropout(DropoutPlan {
                    rate: d.rate,
                    name: d.name.clone(),
                })
            }
            LayerSpec::Flatten(f) => {
                if let Some(shape) = &f.input_shape {
                    if let Err(e) = check_input_shape(&at("input_shape"), shape) {
                        errors.push(e);
                    }
                }
                LayerPlan::Flatten(FlattenPlan {
                    name: f.name.clone(),
                    input_shape: f.input_shape.clone(),
                })
            }
            LayerSpec::Activation(a) => {
                match known(Activation::from_name(&a.activation), at("activation")) {
                    Ok(activation) => LayerPlan::Activation(ActivationPlan {
                        activation,
                        name: a.name.clone(),
                    }),
                    Err(e) => return Err(vec![e]),
                }
            }
        };
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }
}

impl CompileSpec {
    /// Checks the optimizer and its settings, the loss, and the metric names for that loss.
    pub fn plan(&self) -> Result<CompilePlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let c = self.optimizer.config();
        let optimizer = match Optimizer::from_config(&c) {
            Ok(o) => Some(o),
            Err(e) => {
                // The optimizer's only setting it refuses is the learning rate.
                let (field, message) = match e {
                    Error::InvalidConfig { message, .. } => {
                        ("compile.optimizer.learning_rate", message)
                    }
                    other => ("compile.optimizer", other.message()),
                };
                errors.push(FieldError::new(field, message));
                None
            }
        };
        if let Some(m) = c.momentum {
            if !(0.0..1.0).contains(&m) {
                errors.push(FieldError::new(
                    "compile.optimizer.momentum",
                    Message::new(Code::Momentum).with("got", m),
                ));
            }
        }
        let loss = match &self.loss {
            None => {
                errors.push(FieldError::new(
                    "compile.loss",
                    Message::new(Code::ChooseLoss),
                ));
                None
            }
            Some(l) => match l.build() {
                Ok(loss) => Some(loss),
                Err(e) => {
                    errors.push(FieldError::new("compile.loss", e.message()));
                    None
                }
            },
        };
        if let Some(loss) = &loss {
            for (i, m) in self.metrics.iter().enumerate() {
                if let Err(e) = Metric::resolve(m, loss, 1) {
                    errors.push(FieldError::new(
                        format!("compile.metrics[{i}]"),
                        e.message(),
                    ));
                }
            }
        }
        match (optimizer, loss) {
            (Some(optimizer), Some(loss)) if errors.is_empty() => Ok(CompilePlan {
                loss,
                optimizer,
                metrics: self.metrics.clone(),
            }),
            _ => Err(errors),
        }
    }
}

impl FitSpec {
    /// Checks `fit`'s arguments; `metrics` are the compiled metric names, which with `loss`
    /// and their `val_` forms are what EarlyStopping may monitor.
    pub fn plan(&self, metrics: &[String]) -> Result<FitPlan, Vec<FieldError>> {
        self.plan_with(metrics, false)
    }

    /// [`FitSpec::plan`] for a `fit` that is also given `validation_data` (Keras'
    /// `fit(..., validation_data=(x_val, y_val))`), whose `val_` keys EarlyStopping may
    /// monitor without a `validation_split`.
    pub fn plan_with(
        &self,
        metrics: &[String],
        validation_data: bool,
    ) -> Result<FitPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(1..=MAX_EPOCHS).contains(&self.epochs) {
            errors.push(FieldError::new(
                "fit.epochs",
                Message::new(Code::EpochsRange)
                    .with("max", MAX_EPOCHS)
                    .with("got", self.epochs),
            ));
        }
        if self.batch_size < 1 {
            errors.push(FieldError::new(
                "fit.batch_size",
                Message::new(Code::BatchSizeAtLeastOne).with("got", self.batch_size),
            ));
        }
        if !(self.validation_split >= 0.0 && self.validation_split < 1.0) {
            errors.push(FieldError::new(
                "fit.validation_split",
                Message::new(Code::ValidationSplitRange).with("got", self.validation_split),
            ));
        }
        let early_stopping = self.early_stopping.as_ref().map(|es| {
            if es.patience < 0 {
                errors.push(FieldError::new(
                    "fit.early_stopping.patience",
                    Message::new(Code::PatienceNonNegative).with("got", es.patience),
                ));
            }
            let maximize = match es.mode.as_str() {
                "max" => true,
                "min" => false,
                "auto" => {
                    // tf.keras "auto": maximise accuracy- and AUC-like quantities.
                    let m = &es.monitor;
                    m.ends_with("acc") || m.ends_with("accuracy") || m.ends_with("auc")
                }
                _ => {
                    errors.push(FieldError::new(
                        "fit.early_stopping.mode",
                        Message::new(Code::EarlyStoppingMode).with("got", &es.mode),
                    ));
                    false
                }
            };
            let mut keys = vec!["loss".to_string()];
            keys.extend(metrics.iter().map(|m| m.trim().to_ascii_lowercase()));
            let val: Vec<String> = keys.iter().map(|k| format!("val_{k}")).collect();
            keys.extend(val);
            if !keys.contains(&es.monitor) {
                errors.push(FieldError::new(
                    "fit.early_stopping.monitor",
                    Message::new(Code::MonitorNotInHistory)
                        .with("monitor", &es.monitor)
                        .with("keys", keys.join(", ")),
                ));
            } else if es.monitor.starts_with("val_")
                && self.validation_split <= 0.0
                && !validation_data
            {
                errors.push(FieldError::new(
                    "fit.early_stopping.monitor",
                    Message::new(Code::MonitorNeedsValidation).with("monitor", &es.monitor),
                ));
            }
            EarlyStoppingPlan {
                monitor: es.monitor.clone(),
                patience: es.patience.max(0) as usize,
                min_delta: es.min_delta.abs() as f32,
                maximize,
                restore_best_weights: es.restore_best_weights,
            }
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(FitPlan {
            epochs: self.epochs as usize,
            batch_size: self.batch_size as usize,
            validation_split: self.validation_split,
            shuffle: self.shuffle,
            early_stopping,
        })
    }
}

impl LayerPlan {
    pub fn name(&self) -> Option<&str> {
        match self {
            LayerPlan::Dense(d) => d.name.as_deref(),
            LayerPlan::Dropout(d) => d.name.as_deref(),
            LayerPlan::Flatten(d) => d.name.as_deref(),
            LayerPlan::Activation(d) => d.name.as_deref(),
        }
    }

    /// Keras' class name in lower case, the stem of its default layer names.
    pub fn class(&self) -> &'static str {
        match self {
            LayerPlan::Dense(_) => "dense",
            LayerPlan::Dropout(_) => "dropout",
            LayerPlan::Flatten(_) => "flatten",
            LayerPlan::Activation(_) => "activation",
        }
    }

    /// The input shape this layer declares (`input_dim`, `input_shape`), if any.
    pub fn declared_input_shape(&self) -> Option<Vec<usize>> {
        match self {
            LayerPlan::Dense(d) => d.input_dim.map(|n| vec![n]),
            LayerPlan::Flatten(f) => f.input_shape.clone(),
            _ => None,
        }
    }

    /// The shape of one sample after this layer.
    pub fn output_shape(&self, input: &[usize]) -> Vec<usize> {
        match self {
            LayerPlan::Dense(d) => vec![d.units],
            LayerPlan::Flatten(_) => vec![input.iter().product()],
            _ => input.to_vec(),
        }
    }

    /// The description this plan was made from, with names in their canonical spelling.
    pub fn spec(&self) -> LayerSpec {
        match self {
            LayerPlan::Dense(d) => LayerSpec::Dense(DenseSpec {
                units: d.units as i64,
                activation: d.activation.name().to_string(),
                use_bias: d.use_bias,
                kernel_initializer: d.kernel_initializer.name().to_string(),
                bias_initializer: d.bias_initializer.name().to_string(),
                name: d.name.clone(),
                input_dim: d.input_dim.map(|n| n as i64),
            }),
            LayerPlan::Dropout(d) => LayerSpec::Dropout(DropoutSpec {
                rate: d.rate,
                name: d.name.clone(),
            }),
            LayerPlan::Flatten(f) => LayerSpec::Flatten(FlattenSpec {
                name: f.name.clone(),
                input_shape: f.input_shape.clone(),
            }),
            LayerPlan::Activation(a) => LayerSpec::Activation(ActivationSpec {
                activation: a.activation.name().to_string(),
                name: a.name.clone(),
            }),
        }
    }
}

impl ModelPlan {
    /// The shape of one output sample, once the input shape is known.
    pub fn output_shape(&self) -> Option<Vec<usize>> {
        if self.input_shape.is_empty() {
            return None;
        }
        Some(
            self.layers
                .iter()
                .fold(self.input_shape.clone(), |s, l| l.output_shape(&s)),
        )
    }
}

/// Keras raises on the first problem: the Keras-style API reports the first one found.
impl From<Vec<FieldError>> for Error {
    fn from(errors: Vec<FieldError>) -> Self {
        match errors.into_iter().next() {
            Some(e) => e.into(),
            None => Error::Message(Message::new(Code::Internal).with("text", "no problem found")),
        }
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::InvalidConfig {
            field: e.field,
            message: e.message,
        }
    }
}

/// A name that must be known, or its message next to `field`.
fn known<T>(found: Result<T, Error>, field: String) -> Result<T, FieldError> {
    found.map_err(|e| FieldError::new(field, e.message()))
}

/// Every dimension of a sample shape is at least 1.
pub fn check_input_shape(field: &str, shape: &[usize]) -> Result<(), FieldError> {
    if shape.is_empty() || shape.contains(&0) {
        return Err(FieldError::new(
            field,
            Message::new(Code::InputShapeDims).with("shape", format!("{shape:?}")),
        ));
    }
    Ok(())
}

/// A Dense layer takes one flat sample: Keras would apply it to an image's last axis only,
/// which is never what a learner means. Also used when a Keras-style model learns its input
/// shape from data, after its layers were planned.
pub(crate) fn check_dense_input(index: usize, input_shape: &[usize]) -> Result<(), FieldError> {
    if input_shape.len() > 1 {
        return Err(FieldError::new(
            format!("model.layers[{index}]"),
            Message::new(Code::DenseNeedsFlatten)
                .with("shape", shape_text(input_shape))
                .with("width", input_shape.iter().product::<usize>()),
        ));
    }
    Ok(())
}

/// Refuses models too big for a browser tab before any weight is allocated, so a shared
/// link with absurd sizes gets a message instead of crashing the tab.
fn check_size(model: &ModelPlan) -> Result<(), FieldError> {
    check_model_size(&model.input_shape, &model.layers)
}

/// [`check_size`] for layers and a sample shape not yet gathered into a [`ModelPlan`].
pub(crate) fn check_model_size(
    input_shape: &[usize],
    layers: &[LayerPlan],
) -> Result<(), FieldError> {
    let mut width: u128 = input_shape.iter().map(|&d| d as u128).product();
    let mut params: u128 = 0;
    for (i, layer) in layers.iter().enumerate() {
        if let LayerPlan::Dense(d) = layer {
            let units = d.units as u128;
            params += width * units + if d.use_bias { units } else { 0 };
            width = units;
            if params > MAX_PARAMS as u128 {
                return Err(FieldError::new(
                    format!("model.layers[{i}].units"),
                    Message::new(Code::TooManyParams)
                        .with("params", params)
                        .with("max", MAX_PARAMS),
                ));
            }
        }
    }
    Ok(())
}

/// A batch's activations and their gradients, counted before training: a model under the
/// parameter cap can still need gigabytes for one batch of 60,000 rows.
pub(crate) fn check_memory(
    model: &ModelPlan,
    batch_size: usize,
    rows: usize,
) -> Result<(), FieldError> {
    let batch = batch_size.min(rows.max(1)) as u128;
    let mut width: u128 = model.input_shape.iter().map(|&d| d as u128).product();
    let mut widths = width;
    for layer in &model.layers {
        if let LayerPlan::Dense(d) = layer {
            width = d.units as u128;
        }
        widths += width;
    }
    // Each layer keeps its output and its gradient, 4 bytes a value.
    let bytes = batch * widths * 8;
    if bytes > MAX_ACTIVATION_BYTES {
        return Err(FieldError::new(
            "fit.batch_size",
            Message::new(Code::BatchTooBig)
                .with("batch", batch)
                .with("mb", bytes >> 20)
                .with("limit", MAX_ACTIVATION_BYTES >> 20),
        ));
    }
    Ok(())
}

/// The input shape, output layer and loss against the data's samples and labels.
/// `declared` is the setup's own input shape (empty when it leaves it to the data).
fn check_against_data(
    declared: &[usize],
    model: &ModelPlan,
    compile: &CompilePlan,
    data: &Dataset,
) -> Result<(), FieldError> {
    if !declared.is_empty() && declared != data.input_shape {
        return Err(FieldError::new(
            "model.input_shape",
            Message::new(Code::InputShapeVsData)
                .with("expected", shape_text(declared))
                .with("got", shape_text(&data.input_shape)),
        ));
    }
    let shape = model.output_shape().unwrap_or_default();
    if shape.len() > 1 {
        return Err(FieldError::new(
            "model.layers",
            Message::new(Code::MultiDimOutput),
        ));
    }
    let last_units: usize = shape.iter().product();
    let last = model.layers.len().saturating_sub(1);
    let out_field = format!("model.layers[{last}]");
    let activation = model
        .layers
        .iter()
        .rev()
        .find_map(|l| match l {
            LayerPlan::Dense(d) => Some(d.activation),
            LayerPlan::Activation(a) => Some(a.activation),
            _ => None,
        })
        .unwrap_or(Activation::Linear);
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
    let fail = |field: &str, message: Message| Err(FieldError::new(field, message));
    let suggest = |code: Code| Message::new(code).with_detail(suggestion.clone());
    match compile.loss {
        Loss::SparseCategoricalCrossentropy { from_logits } => {
            if classes == 0 {
                fail("compile.loss", suggest(Code::SparseCeOnRegression))
            } else if label_cols != 1 {
                fail("compile.loss", Message::new(Code::SparseCeOneHotLabels))
            } else if last_units != classes.max(2) {
                fail(
                    &out_field,
                    suggest(Code::OutputUnitsVsClasses)
                        .with("units", last_units)
                        .with("classes", classes.max(2)),
                )
            } else if !from_logits && activation != Activation::Softmax {
                fail(
                    &out_field,
                    Message::new(Code::SparseCeNeedsSoftmax).with("activation", activation.name()),
                )
            } else {
                Ok(())
            }
        }
        Loss::CategoricalCrossentropy { from_logits } => {
            if classes == 0 {
                fail("compile.loss", suggest(Code::CeOnRegression))
            } else if label_cols == 1 {
                fail("compile.loss", Message::new(Code::CeClassNumberLabels))
            } else if last_units != label_cols {
                fail(
                    &out_field,
                    Message::new(Code::OutputUnitsVsOneHot)
                        .with("units", last_units)
                        .with("columns", label_cols),
                )
            } else if !from_logits && activation != Activation::Softmax {
                fail(
                    &out_field,
                    Message::new(Code::CeNeedsSoftmax).with("activation", activation.name()),
                )
            } else {
                Ok(())
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
                fail("compile.loss", message)
            } else if last_units != label_cols {
                fail(
                    &out_field,
                    suggest(Code::BinaryOutputUnits)
                        .with("units", last_units)
                        .with("columns", label_cols),
                )
            } else if !from_logits
                && !matches!(activation, Activation::Sigmoid | Activation::HardSigmoid)
            {
                fail(
                    &out_field,
                    Message::new(Code::BinaryNeedsSigmoid).with("activation", activation.name()),
                )
            } else {
                Ok(())
            }
        }
        Loss::MeanSquaredError | Loss::MeanAbsoluteError | Loss::Huber { .. } => {
            if label_cols != last_units {
                fail(
                    &out_field,
                    suggest(Code::OutputUnitsVsTarget)
                        .with("units", last_units)
                        .with("columns", label_cols),
                )
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LossSpec;
    use crate::Sequential;

    fn setup(layers: Vec<LayerSpec>) -> TrainingSpec {
        TrainingSpec {
            model: ModelSpec {
                input_shape: vec![4],
                layers,
                name: None,
            },
            compile: CompileSpec {
                loss: Some(LossSpec::Name("binary_crossentropy".into())),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn huge_models_are_refused_before_allocation() {
        let mut spec = setup(vec![
            LayerSpec::dense(100_000, "relu"),
            LayerSpec::dense(100_000, "relu"),
        ]);
        spec.model.input_shape = vec![784];
        spec.compile.loss = Some(LossSpec::Name("mse".into()));
        let errors = spec.validate(None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "model.layers[0].units");
        let text = errors[0].message.to_string();
        assert!(text.contains("78500000 parameters"), "{text}");
    }

    /// One rule, one message: the page's list, the model built from a description and the
    /// Keras-style `add` all report a Dense layer of 0 units the same way, once.
    #[test]
    fn a_rule_is_checked_once_and_said_the_same_way_everywhere() {
        let spec = setup(vec![
            LayerSpec::dense(0, "relu"),
            LayerSpec::dense(1, "sigmoid"),
        ]);
        let errors = spec.plan(None).expect_err("0 units is refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "model.layers[0].units");
        assert_eq!(errors[0].message.code, Code::UnitsAtLeastOne);
        assert_eq!(spec.validate(None), errors);
        let expected = Error::InvalidConfig {
            field: errors[0].field.clone(),
            message: errors[0].message.clone(),
        };
        let added = Sequential::new()
            .add(LayerSpec::dense(0, "relu"))
            .expect_err("add refuses 0 units");
        assert_eq!(added, expected);
        let built = Sequential::from_spec(&spec.model, 0).expect_err("from_spec refuses it");
        assert_eq!(built, expected);
    }

    #[test]
    fn fit_arguments_are_checked_by_the_plan_and_by_keras_fit_alike() {
        let mut spec = setup(vec![LayerSpec::dense(1, "sigmoid")]);
        spec.fit.batch_size = 0;
        let errors = spec.validate(None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message.code, Code::BatchSizeAtLeastOne);
        let mut m = Sequential::from_spec(&spec.model, 0).expect("builds");
        m.compile_spec(&spec.compile).expect("compiles");
        let x = crate::Features::F32(ndarray::Array2::zeros((4, 4)));
        let y = ndarray::Array2::zeros((4, 1));
        let e = m
            .fit(&x, &y, &spec.fit, 0, None, |_| {})
            .expect_err("batch_size 0");
        assert_eq!(
            e,
            Error::InvalidConfig {
                field: "fit.batch_size".into(),
                message: errors[0].message.clone(),
            }
        );
    }

    #[test]
    fn a_good_setup_becomes_typed_values() {
        let mut spec = setup(vec![
            LayerSpec::dense(8, "ReLU"),
            LayerSpec::dropout(0.25),
            LayerSpec::dense(1, "sigmoid"),
        ]);
        spec.fit.epochs = 7;
        spec.fit.batch_size = 5;
        spec.seed = 3;
        let plan = spec.plan(None).expect("a good setup");
        assert_eq!(plan.model.input_shape, vec![4]);
        assert_eq!(plan.model.output_shape(), Some(vec![1]));
        match &plan.model.layers[0] {
            LayerPlan::Dense(d) => {
                assert_eq!((d.units, d.activation), (8, Activation::Relu));
                assert_eq!(d.kernel_initializer, Initializer::GlorotUniform);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            plan.compile.loss,
            Loss::BinaryCrossentropy { from_logits: false }
        );
        assert_eq!((plan.fit.epochs, plan.fit.batch_size), (7, 5));
        assert_eq!(plan.seed, 3);
        assert_eq!(plan.model.layers[1].spec(), LayerSpec::dropout(0.25));
    }

    #[test]
    fn a_batch_too_big_for_a_tab_is_a_setup_error() {
        let rows = 70_000;
        let data = Dataset {
            name: "wide".into(),
            x_train: crate::Features::F32(ndarray::Array2::zeros((rows, 1))),
            y_train: ndarray::Array2::zeros((rows, 1)),
            x_test: None,
            y_test: None,
            input_shape: vec![1],
            feature_names: vec!["x".into()],
            target_names: vec!["y".into()],
            class_names: Vec::new(),
            task: Task::Regression,
        };
        let mut spec = setup(vec![
            LayerSpec::dense(2_000, "relu"),
            LayerSpec::dense(1, "linear"),
        ]);
        spec.model.input_shape = Vec::new();
        spec.compile.loss = Some(LossSpec::Name("mse".into()));
        spec.fit.batch_size = 32;
        assert!(spec.plan(Some(&data)).is_ok());
        spec.fit.batch_size = 60_000;
        let errors = spec
            .plan(Some(&data))
            .expect_err("60000 × 2002 values is too much");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "fit.batch_size");
        assert_eq!(errors[0].message.code, Code::BatchTooBig);
    }
}
