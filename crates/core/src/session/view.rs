//! What the session shows a page: the loaded data, the setup's problems and summary, and
//! what one training slice did. Plain data, serialised as the worker protocol's answers.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::data::sources::{DataSource, Loaded};
use crate::fit::{History, StopReason};
use crate::messages::Message;
use crate::report;
use crate::spec::{suggest_output, FieldError, LayerSpec, LossSpec, OptimizerSpec, TrainingSpec};
use crate::Task;

/// Table rows shown in the data preview.
pub const PREVIEW_ROWS: usize = 20;

/// The output layer and loss that fit the loaded data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub layer: LayerSpec,
    pub loss: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total_rows: usize,
    pub encoding: String,
    pub delimiter: String,
    pub has_header: bool,
    pub empty_cells: usize,
}

/// What the page shows about a loaded data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataInfo {
    pub name: String,
    pub train_rows: usize,
    pub test_rows: usize,
    pub input_shape: Vec<usize>,
    pub feature_names: Vec<String>,
    pub target_names: Vec<String>,
    pub class_names: Vec<String>,
    /// The class names in Korean (Fashion-MNIST's), for a page in Korean.
    pub class_names_ko: Vec<String>,
    pub task: Task,
    /// Accuracy of always answering the most common class over every labelled row
    /// (classification only): the one baseline the page shows.
    pub baseline: Option<f32>,
    pub suggestion: Suggestion,
    pub preview: Option<Preview>,
    /// x and y of one-feature regression data in its own units, for the fitted-line chart
    /// while training.
    pub points: Option<(Vec<f32>, Vec<f32>)>,
}

impl DataInfo {
    pub fn of(loaded: &Loaded) -> DataInfo {
        let d = &loaded.dataset;
        DataInfo {
            name: d.name.clone(),
            train_rows: d.x_train.rows(),
            test_rows: d.x_test.as_ref().map(|x| x.rows()).unwrap_or(0),
            input_shape: d.input_shape.clone(),
            feature_names: d.feature_names.clone(),
            target_names: d.target_names.clone(),
            class_names: d.class_names.clone(),
            class_names_ko: crate::lessons::class_names(&d.class_names, crate::Lang::Ko),
            task: d.task,
            baseline: report::data_baseline(d),
            suggestion: suggestion(loaded),
            preview: loaded.table.as_ref().map(|t| Preview {
                columns: t.columns.clone(),
                rows: t.cells.iter().take(PREVIEW_ROWS).cloned().collect(),
                total_rows: t.rows(),
                encoding: t.encoding.clone(),
                delimiter: (t.delimiter as char).to_string(),
                has_header: t.has_header,
                empty_cells: t.empty_cells.len(),
            }),
            points: (d.task == Task::Regression && d.input_shape == [1])
                .then(|| report::points(loaded)),
        }
    }
}

/// The output layer and loss for the data's task; one-hot labels (iris as the lecture
/// encodes it) want categorical_crossentropy.
pub fn suggestion(loaded: &Loaded) -> Suggestion {
    let d = &loaded.dataset;
    let (layer, mut loss) = suggest_output(d.task);
    if matches!(d.task, Task::MultiClass { .. }) && d.y_train.ncols() > 1 {
        loss = "categorical_crossentropy";
    }
    Suggestion {
        layer,
        loss: loss.to_string(),
    }
}

/// A first model for data that came without a lesson: one hidden layer of 16, and the
/// output layer and loss that fit the task.
pub fn default_setup(loaded: &Loaded) -> TrainingSpec {
    let d = &loaded.dataset;
    let s = suggestion(loaded);
    let mut layers = Vec::new();
    if d.input_shape.len() > 1 {
        layers.push(LayerSpec::flatten());
    }
    layers.push(LayerSpec::dense(16, "relu"));
    layers.push(s.layer);
    let mut spec = TrainingSpec::default();
    spec.model.layers = layers;
    spec.compile.optimizer = OptimizerSpec::Name("adam".into());
    spec.compile.loss = Some(LossSpec::Name(s.loss));
    spec.compile.metrics = if d.task == Task::Regression {
        Vec::new()
    } else {
        vec!["accuracy".into()]
    };
    // A small table learns in smaller batches: more steps per epoch for the same data.
    if d.x_train.rows() < 320 {
        spec.fit.batch_size = 8;
    }
    spec.fit.epochs = default_epochs(d.x_train.rows(), spec.fit.batch_size);
    spec.seed = 42;
    spec
}

/// Enough epochs for Adam at its default rate to learn a small table: about 1,500 batch
/// steps, at least 20 and at most 300 epochs (60 rows train 300 epochs, 10,000 rows 20).
/// Fifty epochs of a 48-row table were 100 steps, too few to beat the majority class.
pub fn default_epochs(train_rows: usize, batch_size: i64) -> i64 {
    let batch = batch_size.max(1) as usize;
    let steps_per_epoch = train_rows.div_ceil(batch).max(1);
    (1_500usize.div_ceil(steps_per_epoch)).clamp(20, 300) as i64
}

/// The layer the page adds for a learner who presses "+ Dense" (and the others): Keras'
/// defaults, with a small width and a common rate where Keras asks for one.
pub fn new_layer(kind: &str) -> Option<LayerSpec> {
    Some(match kind {
        "Dense" => LayerSpec::dense(8, "relu"),
        "Dropout" => LayerSpec::dropout(0.2),
        "Flatten" => LayerSpec::flatten(),
        "Activation" => LayerSpec::activation("relu"),
        _ => return None,
    })
}

/// Where the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No data yet.
    Empty,
    /// Data is on its way (a load was asked for and has not finished).
    Loading,
    Ready,
    Training,
}

/// The whole session as the page renders it: the answer to every request that changes it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub status: Status,
    /// The load under way, if any (its number, as `load` answered).
    pub loading: Option<u64>,
    /// The lesson whose data and setup are loaded, or none for a table or file of one's own.
    pub lesson: Option<String>,
    pub source: Option<DataSource>,
    pub data: Option<DataInfo>,
    pub spec: TrainingSpec,
    pub errors: Vec<FieldError>,
    pub summary: Option<String>,
    /// The equivalent Keras code, kept up to date with every edit.
    pub code: String,
    /// Whether the model has weights that Evaluate, Predict and the result charts can use.
    pub trained: bool,
}

/// What one training slice did. History carries only the epochs that ended in this slice;
/// the page appends them (the last slice, `done`, carries the whole History).
#[derive(Debug, Default, Clone, Serialize)]
pub struct Slice {
    pub epoch: usize,
    pub epochs: usize,
    pub batch: usize,
    pub batches: usize,
    /// Running logs of the epoch in progress, in Keras' key order.
    #[serde(serialize_with = "ordered")]
    pub logs: Vec<(String, f32)>,
    /// Keras' running progress line for the last batch.
    pub line: String,
    /// `Epoch i/n` and final bar lines of the epochs that ended in this slice.
    pub epoch_lines: Vec<String>,
    /// The epochs that ended in this slice (all of them when `done`).
    pub history: History,
    pub done: bool,
    pub stop_reason: Option<StopReason>,
    pub error: Option<Message>,
    /// Two points of the fitted line for one-feature regression, in the data's units.
    pub line_fit: Option<(Vec<f32>, Vec<f32>)>,
    /// The line's slope and intercept (Lesson 1's `a` and `b`) when the model is one.
    pub line_params: Option<(f32, f32)>,
    /// How long the page waits before the next slice: a fit over a handful of points ends
    /// in milliseconds, and is slowed to be watched (see `Session::train_slice`).
    pub pace_ms: f64,
    /// Seconds the whole fit has left at the pace so far (none before the first batch).
    pub remaining_s: Option<f64>,
}

/// Logs as a map whose keys keep Keras' order.
pub struct Ordered<'a>(pub &'a [(String, f32)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

fn ordered<S: Serializer>(logs: &[(String, f32)], s: S) -> Result<S::Ok, S::Error> {
    Ordered(logs).serialize(s)
}
