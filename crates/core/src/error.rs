//! One error type for the whole engine. Every message names what a learner can fix:
//! the layer, the row and column, the field, or the list of valid names. The text lives in
//! the catalogue ([`crate::messages`]); `Display` is its English, [`Error::message`] the
//! code and parameters a page shows in its language.

use crate::messages::{Code, Lang, Message};

/// Everything that can go wrong in the engine, each with enough context to act on.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The data does not fit a layer: e.g. 13 columns given to a layer built for 12.
    /// `expected` and `got` are shapes as Keras prints them, `(None, 12)`.
    ShapeMismatch {
        layer: String,
        expected: String,
        got: String,
    },

    /// A setting is out of range; `field` is a path the UI can point at (`layers[2].units`).
    InvalidConfig { field: String, message: Message },

    /// A string name (activation, loss, optimizer, initializer, metric) is not known.
    UnknownName {
        kind: &'static str,
        name: String,
        valid: Vec<&'static str>,
    },

    /// Labels that cannot go with the chosen loss or output layer.
    InvalidLabels { message: Message },

    /// NaN or infinity in the data; rows and columns are counted from 0 in the data table.
    /// `what` is `"x"`, `"y"` or [`Error::TO_SCALE`].
    NonFinite {
        what: &'static str,
        row: usize,
        column: usize,
        value: f32,
    },

    /// Nothing to train or evaluate on; the message says what is empty.
    EmptyData(Message),

    /// Features and labels disagree on how many samples there are.
    RowCountMismatch { x_rows: usize, y_rows: usize },

    /// Training produced NaN or infinity; the weights from before that batch were kept.
    Diverged {
        epoch: usize,
        batch: usize,
        loss: f32,
    },

    /// A model must be compiled (loss and optimizer chosen) before fit/evaluate.
    NotCompiled(&'static str),

    /// A model needs layers and a known input shape.
    NotBuilt(Message),

    /// A CSV or other data file could not be read; `row`/`column` are 1-based as a
    /// spreadsheet shows them.
    Data {
        file: String,
        row: Option<usize>,
        column: Option<String>,
        message: Message,
    },

    /// Saved model or weights could not be read back.
    Format(Message),

    /// A message from the catalogue, in whichever language the page shows.
    Message(Message),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text(Lang::En))
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Message> for Error {
    fn from(m: Message) -> Self {
        Error::Message(m)
    }
}

impl Error {
    /// [`Error::NonFinite`]'s `what` for the data a scaler is fitted on.
    pub const TO_SCALE: &'static str = "the data to scale";

    /// The error as a catalogued message, for the page to show in its language.
    pub fn message(&self) -> Message {
        match self {
            Error::ShapeMismatch {
                layer,
                expected,
                got,
            } => Message::new(Code::ShapeMismatch)
                .with("layer", layer)
                .with("expected", expected)
                .with("got", got),
            Error::InvalidConfig { field, message } => Message::new(Code::FieldProblem)
                .with("field", field)
                .with_detail(message.clone()),
            Error::UnknownName { kind, name, valid } => {
                let code = match *kind {
                    "activation" => Code::UnknownActivation,
                    "initializer" => Code::UnknownInitializer,
                    "optimizer" => Code::UnknownOptimizer,
                    "loss" => Code::UnknownLoss,
                    "metric" => Code::UnknownMetric,
                    "generator" => Code::UnknownGenerator,
                    "bundled dataset" => Code::UnknownDataset,
                    _ => Code::UnknownName,
                };
                Message::new(code)
                    .with("kind", kind)
                    .with("name", name)
                    .with("valid", valid.join(", "))
            }
            Error::InvalidLabels { message }
            | Error::EmptyData(message)
            | Error::Message(message) => message.clone(),
            Error::NonFinite {
                what,
                row,
                column,
                value,
            } => {
                let m = if *what == Self::TO_SCALE {
                    Message::new(Code::NonFiniteToScale)
                } else {
                    Message::new(Code::NonFinite).with("what", what)
                };
                m.with("row", row)
                    .with("column", column)
                    .with("value", value)
            }
            Error::RowCountMismatch { x_rows, y_rows } => Message::new(Code::RowCountMismatch)
                .with("x_rows", x_rows)
                .with("y_rows", y_rows),
            Error::Diverged { epoch, batch, loss } => Message::new(Code::Diverged)
                .with("epoch", epoch)
                .with("batch", batch)
                .with("loss", loss),
            Error::NotCompiled(method) => Message::new(Code::NotCompiled).with("method", method),
            Error::NotBuilt(m) => Message::new(Code::NotBuilt).with_detail(m.clone()),
            Error::Data {
                file,
                row,
                column,
                message,
            } => {
                let code = match (file.is_empty(), row, column) {
                    (true, None, None) => return message.clone(),
                    (true, Some(_), None) => Code::RowOnly,
                    (true, None, Some(_)) => Code::ColumnOnly,
                    (true, Some(_), Some(_)) => Code::CellOnly,
                    (false, None, None) => Code::DataInFile,
                    (false, Some(_), None) => Code::DataAtRow,
                    (false, None, Some(_)) => Code::DataAtColumn,
                    (false, Some(_), Some(_)) => Code::DataAtCell,
                };
                let mut m = Message::new(code).with_detail(message.clone());
                if !file.is_empty() {
                    m = m.with("file", file);
                }
                if let Some(r) = row {
                    m = m.with("row", r);
                }
                if let Some(c) = column {
                    m = m.with("column", c);
                }
                m
            }
            Error::Format(m) => Message::new(Code::CannotLoadModel).with_detail(m.clone()),
        }
    }

    /// Shorthand for the most common error: a setting out of range.
    pub fn config(field: impl Into<String>, message: Message) -> Self {
        Error::InvalidConfig {
            field: field.into(),
            message,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_errors_frame_the_place_in_either_language() {
        let e = Error::Data {
            file: "t.csv".into(),
            row: Some(3),
            column: Some("age".into()),
            message: Message::new(Code::CellEmpty),
        };
        assert!(e
            .to_string()
            .starts_with("t.csv, row 3, column age: the cell is empty"));
        assert!(e
            .message()
            .text(Lang::Ko)
            .starts_with("t.csv, 3행, 'age' 열: 빈 칸입니다"));
    }

    #[test]
    fn no_variant_falls_back_to_uncatalogued_text() {
        let m = Message::new(Code::FileEmpty);
        let all = [
            Error::ShapeMismatch {
                layer: "d".into(),
                expected: "(None, 2)".into(),
                got: "(None, 3)".into(),
            },
            Error::config("fit.epochs", m.clone()),
            Error::UnknownName {
                kind: "loss",
                name: "x".into(),
                valid: vec!["mse"],
            },
            Error::InvalidLabels { message: m.clone() },
            Error::NonFinite {
                what: "x",
                row: 0,
                column: 0,
                value: f32::NAN,
            },
            Error::EmptyData(m.clone()),
            Error::RowCountMismatch {
                x_rows: 1,
                y_rows: 2,
            },
            Error::Diverged {
                epoch: 1,
                batch: 1,
                loss: f32::NAN,
            },
            Error::NotCompiled("fit"),
            Error::NotBuilt(m.clone()),
            Error::Data {
                file: "f".into(),
                row: None,
                column: None,
                message: m.clone(),
            },
            Error::Format(m.clone()),
            Error::Message(m),
        ];
        for e in all {
            assert_ne!(e.message().code, Code::Engine, "{e:?}");
        }
    }
}
