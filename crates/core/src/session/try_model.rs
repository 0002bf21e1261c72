//! Trying the trained model: what the page's "try the model" panel offers for the loaded
//! data (a drawing pad for 28×28 images, a form with one field per input column for a
//! table), the model's answer for a drawing, an image or a typed row (class probabilities
//! or a value in the target's units), and the grid behind a decision-boundary map.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::activations::sigmoid;
use crate::data::class_names;
use crate::data::csv::ColumnKind;
use crate::data::drawing::{self, Framing};
use crate::data::sources::{DataSource, Loaded};
use crate::messages::{Code, Message};
use crate::report::class_labels;
use crate::{Features, Task};

use super::{Outcome, Session};

/// Cells a side of a decision-boundary map, by default and at most.
pub const BOUNDARY_CELLS: usize = 50;
pub const BOUNDARY_MIN_CELLS: usize = 2;
pub const BOUNDARY_MAX_CELLS: usize = 200;
/// Training points a map shows at most.
const BOUNDARY_POINTS: usize = 1_000;

/// What the panel offers for the loaded data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TryForm {
    pub input: TryInput,
    pub task: Task,
    /// What the model predicts: the target column(s), or "class".
    pub target: String,
    /// The classes in both languages, in the model's output order (none for regression).
    pub classes: Vec<ClassName>,
    /// The two fields a decision-boundary map starts with, or none when the data has fewer
    /// than two number columns (images, one-feature tables).
    pub boundary: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassName {
    pub en: String,
    pub ko: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TryInput {
    /// A drawing pad: the drawing is framed into `width`×`height` as the data set's images
    /// were made.
    Image {
        width: usize,
        height: usize,
        framing: Framing,
    },
    /// One field per input column, prefilled with the first test row (the first training
    /// row when there is no test set) in the data's own units.
    Table { fields: Vec<Field> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The column's name as the data shows it.
    pub name: String,
    /// A text column's values (one-hot encoded for the model); none for a number column.
    pub choices: Option<Vec<String>>,
    pub value: String,
}

/// The model's answer for one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tried {
    /// The input row as `predict()` takes it: pixels 0–255, or table values in the data's
    /// units (text columns one-hot encoded).
    pub row: Vec<f32>,
    /// The model's outputs, exactly as `predict()` gives them for `row`.
    pub outputs: Vec<f32>,
    /// One probability per class (a sigmoid's p as [1 − p, p]; logits through softmax);
    /// none for regression.
    pub probabilities: Option<Vec<f32>>,
    /// The most probable class.
    pub class: Option<usize>,
}

/// The model's prediction on a grid over two input columns, the others held at their
/// training mean, with the training points over it: the data of a decision-boundary map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    pub x_name: String,
    pub y_name: String,
    /// The fields on the axes (as in [`TryForm`]).
    pub x_field: usize,
    pub y_field: usize,
    /// The grid's extent in the data's own units.
    pub x_range: (f32, f32),
    pub y_range: (f32, f32),
    /// Cells a side.
    pub size: usize,
    /// Values per cell: one probability per class, or one predicted value (regression).
    pub outputs: usize,
    /// `size`×`size` cells row by row, the top row (largest y) first, each `outputs` values.
    pub cells: Vec<f32>,
    /// Training points: x, y and the class index (or value) of each.
    pub points_x: Vec<f32>,
    pub points_y: Vec<f32>,
    pub points_label: Vec<f32>,
    pub regression: bool,
}

/// An input column of a table as the model sees it: which features it became.
struct Column {
    name: String,
    first: usize,
    choices: Option<Vec<String>>,
}

impl Column {
    fn width(&self) -> usize {
        self.choices.as_ref().map_or(1, Vec::len)
    }
}

/// The input columns of a table's features: a text column's one-hot features (named
/// `column_value`, as pandas' get_dummies names them) are one column with choices.
fn columns(loaded: &Loaded) -> Vec<Column> {
    let names = &loaded.dataset.feature_names;
    let text: Vec<&String> = loaded
        .table
        .as_ref()
        .map(|t| {
            t.columns
                .iter()
                .zip(&t.kinds)
                .filter(|(_, k)| **k == ColumnKind::Text)
                .map(|(c, _)| c)
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut i = 0;
    while i < names.len() {
        let dummies = text.iter().find_map(|c| {
            let prefix = format!("{c}_");
            let run: Vec<String> = names[i..]
                .iter()
                .take_while(|n| n.starts_with(&prefix))
                .map(|n| n[prefix.len()..].to_string())
                .collect();
            (!run.is_empty()).then(|| ((*c).clone(), run))
        });
        let column = match dummies {
            Some((name, choices)) => Column {
                name,
                first: i,
                choices: Some(choices),
            },
            None => Column {
                name: names[i].clone(),
                first: i,
                choices: None,
            },
        };
        i += column.width();
        out.push(column);
    }
    out
}

/// A number as a learner would type it: six significant digits, no float noise.
fn tidy(v: f32) -> String {
    let rounded: f64 = format!("{v:.5e}").parse().unwrap_or(f64::from(v));
    format!("{rounded}")
}

/// The row of `x` in the data's own units (a scaled table row scaled back).
fn unscaled_row(loaded: &Loaded, x: &Features, row: usize) -> Outcome<Vec<f32>> {
    let mut values = x.select_rows(&[row]).to_f32().row(0).to_vec();
    if let Features::F32(_) = x {
        for (c, v) in values.iter_mut().enumerate() {
            loaded
                .x_scaler
                .inverse_transform_column(c, std::slice::from_mut(v))
                .map_err(|e| e.message())?;
        }
    }
    Ok(values)
}

/// The number columns' fields, for a map's axes.
fn number_fields(columns: &[Column]) -> Vec<usize> {
    (0..columns.len())
        .filter(|&i| columns[i].choices.is_none())
        .collect()
}

/// The two number columns that tell the classes apart best (the largest spread of the
/// class means against the spread within classes, Fisher's score); for regression, or
/// when nothing tells, the first two.
fn default_axes(loaded: &Loaded, columns: &[Column]) -> Option<(usize, usize)> {
    let fields = number_fields(columns);
    if fields.len() < 2 {
        return None;
    }
    let d = &loaded.dataset;
    let first = Some((fields[0], fields[1]));
    if d.task == Task::Regression {
        return first;
    }
    let x = d.x_train.to_f32();
    let labels = class_labels(&d.y_train);
    let classes = labels.iter().copied().max().unwrap_or(0) + 1;
    let score = |f: usize| -> f64 {
        let col = x.column(columns[f].first);
        let mut sums = vec![(0.0f64, 0.0f64, 0usize); classes];
        for (&v, &l) in col.iter().zip(&labels) {
            let s = &mut sums[l];
            s.0 += f64::from(v);
            s.1 += f64::from(v) * f64::from(v);
            s.2 += 1;
        }
        let n = labels.len().max(1) as f64;
        let mean = col.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let (mut between, mut within) = (0.0, 0.0);
        for &(s, s2, k) in &sums {
            if k == 0 {
                continue;
            }
            let m = s / k as f64;
            between += k as f64 * (m - mean).powi(2);
            within += s2 - k as f64 * m * m;
        }
        if within > 0.0 {
            between / within
        } else {
            0.0
        }
    };
    let mut ranked: Vec<(usize, f64)> = fields.iter().map(|&f| (f, score(f))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    if ranked[0].1 <= 0.0 {
        return first;
    }
    let (a, b) = (ranked[0].0, ranked[1].0);
    Some((a.min(b), a.max(b)))
}

impl Session {
    fn loaded(&self) -> Outcome<&Loaded> {
        self.data
            .as_ref()
            .ok_or_else(|| Message::new(Code::LoadDataFirst))
    }

    /// What the "try the model" panel offers for the loaded data.
    pub(super) fn try_form(&self) -> Outcome<TryForm> {
        let loaded = self.loaded()?;
        let d = &loaded.dataset;
        let classes: Vec<ClassName> = match d.task {
            Task::Regression => Vec::new(),
            Task::Binary | Task::MultiClass { .. } => {
                let k = match d.task {
                    Task::MultiClass { classes } => classes,
                    _ => 2,
                };
                (0..k)
                    .map(|c| {
                        let en = d.class_names.get(c).cloned().unwrap_or(c.to_string());
                        ClassName {
                            ko: class_names::korean(&en).to_string(),
                            en,
                        }
                    })
                    .collect()
            }
        };
        let target = d.target_names.join(", ");
        if let Features::U8 { .. } = d.x_train {
            // Fashion-MNIST's pictures fill the field; anything else drawn is framed as
            // MNIST's digits were.
            let garments = matches!(&self.source, Some(DataSource::Bundled { dataset }) if dataset == "fashion");
            let framing = if garments {
                Framing::Garment
            } else {
                Framing::Digit
            };
            let (height, width) = match d.input_shape.as_slice() {
                [h, w] => (*h, *w),
                _ => (drawing::SIDE, drawing::SIDE),
            };
            return Ok(TryForm {
                input: TryInput::Image {
                    width,
                    height,
                    framing,
                },
                task: d.task,
                target,
                classes,
                boundary: None,
            });
        }
        let columns = columns(loaded);
        let (x, row) = match &d.x_test {
            Some(x) if x.rows() > 0 => (x, 0),
            _ => (&d.x_train, 0),
        };
        let values = unscaled_row(loaded, x, row)?;
        let fields = columns
            .iter()
            .map(|c| {
                let value = match &c.choices {
                    None => tidy(values[c.first]),
                    Some(choices) => {
                        let part = &values[c.first..c.first + choices.len()];
                        let best = part
                            .iter()
                            .enumerate()
                            .max_by(|a, b| a.1.total_cmp(b.1))
                            .map_or(0, |(i, _)| i);
                        choices[best].clone()
                    }
                };
                Field {
                    name: c.name.clone(),
                    choices: c.choices.clone(),
                    value,
                }
            })
            .collect();
        Ok(TryForm {
            input: TryInput::Table { fields },
            task: d.task,
            target,
            classes,
            boundary: default_axes(loaded, &columns),
        })
    }

    /// The model's answer for `rows` in the data's own units, with probabilities.
    fn answers(&mut self, rows: Vec<Vec<f32>>) -> Outcome<Vec<Tried>> {
        let outputs = self.predict(&rows)?;
        let (model, loaded) = self.trained()?;
        let logits = model.loss().map(|l| l.from_logits()).unwrap_or(false);
        let task = loaded.dataset.task;
        Ok(rows
            .into_iter()
            .zip(outputs)
            .map(|(row, outputs)| {
                let probabilities = probabilities(&outputs, task, logits);
                let class = probabilities.as_ref().map(|p| {
                    p.iter()
                        .enumerate()
                        .max_by(|a, b| a.1.total_cmp(b.1))
                        .map_or(0, |(i, _)| i)
                });
                Tried {
                    row,
                    outputs,
                    probabilities,
                    class,
                }
            })
            .collect())
    }

    fn one(&mut self, row: Vec<f32>) -> Outcome<Tried> {
        self.answers(vec![row])?
            .pop()
            .ok_or_else(|| Message::new(Code::Internal).with("text", "no prediction"))
    }

    fn image_data(&self) -> Outcome<Framing> {
        match self.try_form()?.input {
            TryInput::Image { framing, .. } => Ok(framing),
            TryInput::Table { .. } => {
                Err(Message::new(Code::TryNeedsImages).with("name", &self.loaded()?.dataset.name))
            }
        }
    }

    /// A drawing (`width`×`height`, 0 paper to 255 ink) framed as the data's images were,
    /// and the model's answer for it.
    pub(super) fn try_drawing(
        &mut self,
        ink: &[u8],
        width: usize,
        height: usize,
    ) -> Outcome<Tried> {
        let framing = self.image_data()?;
        let pixels = drawing::frame(ink, width, height, framing)?;
        self.trained()?;
        self.one(pixels.into_iter().map(f32::from).collect())
    }

    /// The model's answer for one image's pixels (0–255), as `predict()` takes them.
    pub(super) fn try_image(&mut self, pixels: Vec<f32>) -> Outcome<Tried> {
        self.image_data()?;
        self.one(pixels)
    }

    /// The model's answer for a row typed into the form: one value per field, numbers as
    /// numbers or text, a text column's value one of its choices.
    pub(super) fn try_row(&mut self, values: &[Value]) -> Outcome<Tried> {
        let loaded = self.loaded()?;
        if let Features::U8 { .. } = loaded.dataset.x_train {
            return Err(Message::new(Code::TryNeedsTable).with("name", &loaded.dataset.name));
        }
        let columns = columns(loaded);
        if values.len() != columns.len() {
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            return Err(Message::new(Code::TryRowFields)
                .with("got", values.len())
                .with("want", columns.len())
                .with("names", names.join(", ")));
        }
        let width = loaded.dataset.feature_names.len();
        let mut row = vec![0.0f32; width];
        for (c, value) in columns.iter().zip(values) {
            let text = match value {
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            };
            match &c.choices {
                None => {
                    let number = match value {
                        Value::Number(n) => n.as_f64(),
                        _ => text.parse::<f64>().ok(),
                    }
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        Message::new(Code::TryNotANumber)
                            .with("name", &c.name)
                            .with("value", text.chars().take(40).collect::<String>())
                    })?;
                    row[c.first] = number as f32;
                }
                Some(choices) => {
                    let k = choices.iter().position(|v| *v == text).ok_or_else(|| {
                        Message::new(Code::TryUnknownChoice)
                            .with("name", &c.name)
                            .with("value", text.chars().take(40).collect::<String>())
                            .with("choices", choices.join(", "))
                    })?;
                    row[c.first + k] = 1.0;
                }
            }
        }
        self.one(row)
    }

    /// The model's prediction on a `size`×`size` grid over fields `x` and `y`, the other
    /// inputs at their training mean, and the training points.
    pub(super) fn boundary(&mut self, x: usize, y: usize, size: usize) -> Outcome<Boundary> {
        if !(BOUNDARY_MIN_CELLS..=BOUNDARY_MAX_CELLS).contains(&size) {
            return Err(Message::new(Code::BoundarySize)
                .with("min", BOUNDARY_MIN_CELLS)
                .with("max", BOUNDARY_MAX_CELLS)
                .with("got", size));
        }
        let loaded = self.loaded()?;
        let d = &loaded.dataset;
        let columns = match d.x_train {
            Features::U8 { .. } => Vec::new(),
            Features::F32(_) => columns(loaded),
        };
        let numbers = number_fields(&columns);
        if numbers.len() < 2 {
            return Err(Message::new(Code::BoundaryNeedsTwo)
                .with("name", &d.name)
                .with("count", numbers.len()));
        }
        if x == y || !numbers.contains(&x) || !numbers.contains(&y) {
            let listed: Vec<String> = numbers
                .iter()
                .map(|&i| format!("{i} {}", columns[i].name))
                .collect();
            return Err(Message::new(Code::BoundaryAxes)
                .with("last", columns.len() - 1)
                .with("columns", listed.join(", ")));
        }
        let (fx, fy) = (columns[x].first, columns[y].first);
        // The training rows in the data's own units: the mean row, the axes' extent, the points.
        let rows = d.x_train.rows();
        let mut train = d.x_train.to_f32();
        for c in 0..train.ncols() {
            let mut col = train.column(c).to_vec();
            loaded
                .x_scaler
                .inverse_transform_column(c, &mut col)
                .map_err(|e| e.message())?;
            train
                .column_mut(c)
                .iter_mut()
                .zip(col)
                .for_each(|(o, v)| *o = v);
        }
        let mean: Vec<f32> = (0..train.ncols())
            .map(|c| train.column(c).mean().unwrap_or(0.0))
            .collect();
        let extent = |c: usize| {
            let (lo, hi) = train
                .column(c)
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let pad = ((hi - lo) * 0.05).max(0.5 * f32::EPSILON.max(hi.abs() * 1e-3));
            (lo - pad, hi + pad)
        };
        let (x_range, y_range) = (extent(fx), extent(fy));
        let at = |range: (f32, f32), i: usize| {
            range.0 + (range.1 - range.0) * (i as f32 + 0.5) / size as f32
        };
        let mut grid = Vec::with_capacity(size * size);
        for r in 0..size {
            let yv = at(y_range, size - 1 - r);
            for c in 0..size {
                let mut row = mean.clone();
                row[fx] = at(x_range, c);
                row[fy] = yv;
                grid.push(row);
            }
        }
        let regression = d.task == Task::Regression;
        let step = rows.div_ceil(BOUNDARY_POINTS).max(1);
        let picked: Vec<usize> = (0..rows).step_by(step).collect();
        let points_x = picked.iter().map(|&r| train[[r, fx]]).collect();
        let points_y = picked.iter().map(|&r| train[[r, fy]]).collect();
        let points_label: Vec<f32> = if regression {
            let mut ys: Vec<f32> = picked.iter().map(|&r| d.y_train[[r, 0]]).collect();
            loaded
                .y_scaler
                .inverse_transform_column(0, &mut ys)
                .map_err(|e| e.message())?;
            ys
        } else {
            let labels = class_labels(&d.y_train);
            picked.iter().map(|&r| labels[r] as f32).collect()
        };
        let (x_name, y_name) = (columns[x].name.clone(), columns[y].name.clone());
        let answers = self.answers(grid)?;
        let outputs = if regression {
            1
        } else {
            answers
                .first()
                .and_then(|a| a.probabilities.as_ref())
                .map_or(1, Vec::len)
        };
        let cells = answers
            .into_iter()
            .flat_map(|a| match a.probabilities {
                Some(p) => p,
                None => a.outputs.into_iter().take(1).collect(),
            })
            .collect();
        Ok(Boundary {
            x_name,
            y_name,
            x_field: x,
            y_field: y,
            x_range,
            y_range,
            size,
            outputs,
            cells,
            points_x,
            points_y,
            points_label,
            regression,
        })
    }
}

/// Class probabilities from a model's outputs: a single sigmoid output p is [1 − p, p];
/// logits go through a sigmoid or softmax first, as `from_logits=True` says they must.
fn probabilities(outputs: &[f32], task: Task, logits: bool) -> Option<Vec<f32>> {
    if task == Task::Regression {
        return None;
    }
    if outputs.len() == 1 {
        let p = if logits {
            sigmoid(outputs[0])
        } else {
            outputs[0].clamp(0.0, 1.0)
        };
        return Some(vec![1.0 - p, p]);
    }
    if !logits {
        return Some(outputs.iter().map(|p| p.clamp(0.0, 1.0)).collect());
    }
    let top = outputs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = outputs.iter().map(|&o| (o - top).exp()).collect();
    let sum: f32 = exps.iter().sum();
    Some(exps.into_iter().map(|e| e / sum).collect())
}

#[cfg(test)]
#[path = "try_model_tests.rs"]
mod tests;
