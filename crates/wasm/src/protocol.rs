//! The typed messages between the page's worker script and the engine. The worker forwards
//! `{type: ..., ...}` objects unchanged; serde checks them here.

use noriteo_core::data::sources::DataSource;
use noriteo_core::fit::StopReason;
use noriteo_core::spec::FieldError;
use noriteo_core::{History, LayerSpec, Task, TrainingSpec};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// Table rows shown in the data preview.
pub const PREVIEW_ROWS: usize = 20;

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// The lesson catalogue.
    Lessons,
    /// Which files the page must fetch for a data source.
    Files {
        source: DataSource,
    },
    /// Replace the setup; answers with its problems and, when it has none, the summary.
    SetSpec {
        spec: TrainingSpec,
    },
    Summary,
    StartTraining,
    /// Train for about this many milliseconds, then report.
    TrainSlice {
        budget_ms: f64,
    },
    Stop,
    /// Forget the trained weights; the next Train starts from a new initialisation.
    Reset,
    Evaluate,
    Predict {
        rows: Vec<Vec<f32>>,
    },
    /// Data for the result charts of the trained model.
    Results,
    /// The Keras code and a Colab notebook for the current setup.
    Export {
        title: String,
    },
    /// The layers of a model saved as Keras JSON (`model.to_json()`).
    ModelFromJson {
        json: String,
    },
}

#[derive(Debug, Serialize)]
pub struct Suggestion {
    pub layer: LayerSpec,
    pub loss: String,
}

#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct DataInfo {
    pub name: String,
    pub train_rows: usize,
    pub test_rows: usize,
    pub input_shape: Vec<usize>,
    pub feature_names: Vec<String>,
    pub target_names: Vec<String>,
    pub class_names: Vec<String>,
    pub task: Task,
    /// Accuracy of always answering the most common class (classification only).
    pub baseline: Option<f32>,
    pub suggestion: Suggestion,
    pub preview: Option<Preview>,
    /// x and y of one-feature regression data, for the fitted-line chart while training.
    pub points: Option<(Vec<f32>, Vec<f32>)>,
}

#[derive(Debug, Serialize)]
pub struct SetupReport {
    pub errors: Vec<FieldError>,
    pub summary: Option<String>,
    /// The equivalent Keras code, kept up to date with every edit.
    pub code: String,
}

/// What one training slice did.
#[derive(Debug, Default, Serialize)]
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
    pub history: History,
    pub done: bool,
    pub stop_reason: Option<StopReason>,
    pub error: Option<String>,
    /// Two points of the fitted line for one-feature regression.
    pub line_fit: Option<(Vec<f32>, Vec<f32>)>,
}

impl Slice {
    pub fn finished_with(error: String) -> Slice {
        Slice {
            done: true,
            error: Some(error),
            ..Default::default()
        }
    }
}

/// Logs as a JS object whose keys keep Keras' order.
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
