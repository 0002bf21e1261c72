//! One error type for the whole engine. Every message names what a learner can fix:
//! the layer, the row and column, the field, or the list of valid names.

use thiserror::Error;

use crate::messages::{Code, Message};

/// Everything that can go wrong in the engine, each with enough context to act on.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// The data does not fit a layer: e.g. 13 columns given to a layer built for 12.
    #[error("layer '{layer}' expected input shape {expected}, but got {got}")]
    ShapeMismatch {
        layer: String,
        expected: String,
        got: String,
    },

    /// A setting is out of range; `field` is a path the UI can point at (`layers[2].units`).
    #[error("{field}: {message}")]
    InvalidConfig { field: String, message: String },

    /// A string name (activation, loss, optimizer, initializer, metric) is not known.
    #[error("unknown {kind} '{name}'; valid names are: {}", .valid.join(", "))]
    UnknownName {
        kind: &'static str,
        name: String,
        valid: Vec<&'static str>,
    },

    /// Labels that cannot go with the chosen loss or output layer.
    #[error("labels do not fit the loss: {message}")]
    InvalidLabels { message: String },

    /// NaN or infinity in the data; rows and columns are counted from 0 in the data table.
    #[error("{what} contains {value} at row {row}, column {column}")]
    NonFinite {
        what: &'static str,
        row: usize,
        column: usize,
        value: f32,
    },

    /// Nothing to train or evaluate on.
    #[error("{0} is empty")]
    EmptyData(String),

    /// Features and labels disagree on how many samples there are.
    #[error("x has {x_rows} rows but y has {y_rows} rows")]
    RowCountMismatch { x_rows: usize, y_rows: usize },

    /// Training produced NaN or infinity; the weights from before that batch were kept.
    #[error(
        "loss became {loss} at epoch {epoch}, batch {batch}; training stopped and the last good \
         weights were kept. Try a lower learning rate (for example 10 times smaller)"
    )]
    Diverged {
        epoch: usize,
        batch: usize,
        loss: f32,
    },

    /// A model must be compiled (loss and optimizer chosen) before fit/evaluate.
    #[error("the model must be compiled before {0}; call compile(optimizer, loss, metrics) first")]
    NotCompiled(&'static str),

    /// A model needs layers and a known input shape.
    #[error("the model is not built: {0}")]
    NotBuilt(String),

    /// A CSV or other data file could not be read; `row`/`column` are 1-based as a
    /// spreadsheet shows them.
    #[error("{}", format_data_error(.file, *.row, .column.as_ref(), .message))]
    Data {
        file: String,
        row: Option<usize>,
        column: Option<String>,
        message: String,
    },

    /// Saved model or weights could not be read back.
    #[error("cannot load the saved model: {0}")]
    Format(String),

    /// A message from the catalogue, in whichever language the page shows.
    #[error("{0}")]
    Message(Message),
}

fn format_data_error(
    file: &str,
    row: Option<usize>,
    column: Option<&String>,
    message: &str,
) -> String {
    let mut s = String::new();
    if !file.is_empty() {
        s.push_str(file);
    }
    if let Some(r) = row {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("row {r}"));
    }
    if let Some(c) = column {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("column {c}"));
    }
    if s.is_empty() {
        message.to_string()
    } else {
        format!("{s}: {message}")
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Message> for Error {
    fn from(m: Message) -> Self {
        Error::Message(m)
    }
}

impl Error {
    /// The error as a catalogued message, for the page to show in its language.
    pub fn message(&self) -> Message {
        match self {
            Error::Message(m) => m.clone(),
            other => Message::new(Code::Engine).with("text", other.to_string()),
        }
    }

    /// Shorthand for the most common error: a setting out of range.
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidConfig {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The field path the error belongs to, if it belongs to one (for showing it next to
    /// the field in the UI).
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidConfig { field, .. } => Some(field),
            _ => None,
        }
    }
}
