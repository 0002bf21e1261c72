//! The requests a session answers and what it answers with: one protocol for the worker
//! (and later the notebook). Requests arrive as `{type: ..., ...}` objects.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::data::sources::FileRequest;
use crate::lessons::Lesson;
use crate::report::Plot;
use crate::spec::{ModelSpec, TrainingSpec};

use super::try_model::{Boundary, Tried, TryForm};
use super::view::{Ordered, Slice, View};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// The lesson catalogue.
    Lessons,
    /// Starts loading a lesson (`lesson`) or any data source (`data`), with the lesson's
    /// setup or `setup` (a link's, a saved one), changed by a script's `overrides`; answers with the load's number and the files
    /// to fetch. It supersedes a load still under way.
    Load {
        #[serde(default)]
        lesson: Option<String>,
        #[serde(default)]
        data: Option<Value>,
        #[serde(default)]
        setup: Option<Value>,
        #[serde(default)]
        overrides: Value,
    },
    /// Reads the files of load `load` once they have all arrived.
    FinishLoad {
        load: u64,
    },
    /// Drops the load under way; the data and setup already loaded stay.
    CancelLoad,
    /// Replaces the setup (each edit in the form).
    SetSpec {
        spec: Box<TrainingSpec>,
    },
    /// The whole session as the page renders it.
    State,
    Summary,
    /// Starts a `fit` with the setup; `epochs` (one, for the page's "one epoch" step)
    /// trains that many instead of the setup's, continuing from the trained weights.
    StartTraining {
        #[serde(default)]
        epochs: Option<i64>,
    },
    /// Changes the learning rate, also while training: the next batch uses it.
    SetLearningRate {
        learning_rate: f64,
    },
    /// Train for about this many milliseconds, then report.
    TrainSlice {
        budget_ms: f64,
    },
    /// Stops training before its next batch; the weights learned so far stay.
    Stop,
    /// Forgets the trained weights; the next Train starts from a new initialisation.
    Reset,
    Evaluate,
    Predict {
        rows: Vec<Vec<f32>>,
    },
    /// Data for the result charts of the trained model.
    Results,
    /// What the "try the model" panel offers for the loaded data (a drawing pad or a form).
    TryForm,
    /// A drawing (`width`×`height` values, 0 paper to 255 ink), framed as the data set's
    /// images were made, and the model's answer for it.
    TryDrawing {
        width: usize,
        height: usize,
        ink: Vec<u8>,
    },
    /// The model's answer for one image's pixels (0–255).
    TryImage {
        pixels: Vec<f32>,
    },
    /// The model's answer for a row typed into the form, one value per input column.
    TryRow {
        values: Vec<Value>,
    },
    /// The model's prediction on a grid over two input columns (fields of the form), the
    /// others at their training mean: a decision-boundary map.
    Boundary {
        x: usize,
        y: usize,
        #[serde(default = "boundary_cells")]
        size: usize,
    },
    /// The Keras code and a Colab notebook for the current setup.
    Export {
        #[serde(default)]
        title: String,
    },
    /// The layers of a model saved as Keras JSON (`model.to_json()`).
    ModelFromJson {
        json: String,
    },
}

fn boundary_cells() -> usize {
    super::try_model::BOUNDARY_CELLS
}

/// The number of a load and the files the page must fetch for it, in order.
#[derive(Debug, Clone, Serialize)]
pub struct LoadTicket {
    pub load: u64,
    pub files: Vec<FileRequest>,
}

#[derive(Debug)]
pub enum Response {
    None,
    Lessons(Vec<Lesson>),
    Load(LoadTicket),
    View(Box<View>),
    Text(String),
    Slice(Box<Slice>),
    Logs(Vec<(String, f32)>),
    Rows(Vec<Vec<f32>>),
    Plots(Vec<Plot>),
    TryForm(TryForm),
    Tried(Tried),
    Boundary(Box<Boundary>),
    Export { python: String, notebook: String },
    Model(ModelSpec),
}

/// Each answer as the JSON the page reads: the value itself, not wrapped.
impl Serialize for Response {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Response::None => s.serialize_unit(),
            Response::Lessons(l) => l.serialize(s),
            Response::Load(t) => t.serialize(s),
            Response::View(v) => v.serialize(s),
            Response::Text(t) => t.serialize(s),
            Response::Slice(x) => x.serialize(s),
            Response::Logs(l) => Ordered(l).serialize(s),
            Response::Rows(r) => r.serialize(s),
            Response::Plots(p) => p.serialize(s),
            Response::TryForm(f) => f.serialize(s),
            Response::Tried(t) => t.serialize(s),
            Response::Boundary(b) => b.serialize(s),
            Response::Export { python, notebook } => {
                serde_json::json!({ "python": python, "notebook": notebook }).serialize(s)
            }
            Response::Model(m) => m.serialize(s),
        }
    }
}
