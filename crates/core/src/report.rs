//! What the page shows after training, computed here so the adapter and the JS stay thin:
//! the majority-class baseline a learner should compare accuracy with, and the data behind
//! the result charts (predicted-vs-actual scatter, fitted line, confusion matrix, images).

use ndarray::Array2;
use serde::Serialize;

use crate::data::preprocess::Scaler;
use crate::data::sources::Loaded;
use crate::data::{Dataset, Features, Task};
use crate::metrics::argmax;
use crate::{Code, Message, Result, Sequential};

/// The accuracy of always answering the most common class (400 of 470 lung-surgery
/// patients survived, so answering "survived" scores 0.851 without learning anything).
pub fn majority_baseline(y: &Array2<f32>, task: Task) -> Option<f32> {
    let classes = match task {
        Task::Regression => return None,
        Task::Binary => 2,
        Task::MultiClass { classes } => classes,
    };
    let labels = class_labels(y);
    if labels.is_empty() {
        return None;
    }
    let mut counts = vec![0usize; classes.max(1)];
    for l in labels {
        if let Some(c) = counts.get_mut(l) {
            *c += 1;
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    Some(best as f32 / y.nrows() as f32)
}

/// The data's majority-class baseline: the share of the most common class among every
/// labelled row, training and test alike, so that the page shows one number wherever it
/// speaks of the baseline (Pima: 500 of 768, 0.651).
pub fn data_baseline(d: &Dataset) -> Option<f32> {
    match &d.y_test {
        Some(test) => {
            let all =
                ndarray::concatenate(ndarray::Axis(0), &[d.y_train.view(), test.view()]).ok()?;
            majority_baseline(&all, d.task)
        }
        None => majority_baseline(&d.y_train, d.task),
    }
}

/// `values` of target column `column` back in the data's own units.
fn in_units(scaler: &Scaler, column: usize, mut values: Vec<f32>) -> Vec<f32> {
    if !matches!(scaler, Scaler::None)
        && scaler
            .inverse_transform_column(column, &mut values)
            .is_err()
    {
        // A scaler of another width cannot belong to this data: only a bug gets here, and
        // the scaled values are still the right shape.
        return values;
    }
    values
}

/// Class index of each row: the value itself for one column, the argmax for one-hot.
pub fn class_labels(y: &Array2<f32>) -> Vec<usize> {
    if y.ncols() == 1 {
        y.column(0)
            .iter()
            .map(|&v| v.max(0.0).round() as usize)
            .collect()
    } else {
        y.rows()
            .into_iter()
            .map(|r| argmax(r.as_slice().unwrap_or(&r.to_vec())))
            .collect()
    }
}

/// The predicted class of each output row (a single sigmoid output is thresholded at 0.5,
/// a single logit at 0).
pub fn predicted_classes(pred: &Array2<f32>, logits: bool) -> Vec<usize> {
    if pred.ncols() == 1 {
        let cut = if logits { 0.0 } else { 0.5 };
        pred.column(0).iter().map(|&v| (v > cut) as usize).collect()
    } else {
        pred.rows()
            .into_iter()
            .map(|r| argmax(r.as_slice().unwrap_or(&r.to_vec())))
            .collect()
    }
}

/// counts[true][predicted], flattened row-major (classes × classes).
pub fn confusion_matrix(truth: &[usize], predicted: &[usize], classes: usize) -> Vec<u32> {
    let mut m = vec![0u32; classes * classes];
    for (&t, &p) in truth.iter().zip(predicted) {
        if t < classes && p < classes {
            m[t * classes + p] += 1;
        }
    }
    m
}

/// Data for the chart that fits the task, as the worker posts it to the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plot {
    /// Predicted against actual, in the target's own units (Boston's price in $1000s, not
    /// standardized), with the errors over every row of the set (`on`) in those units and
    /// those of always answering the training mean.
    Scatter {
        actual: Vec<f32>,
        predicted: Vec<f32>,
        target: String,
        unit_ko: String,
        unit_en: String,
        mse: f32,
        mae: f32,
        baseline_mse: f32,
        on: String,
    },
    FitLine {
        x: Vec<f32>,
        y: Vec<f32>,
        line_x: Vec<f32>,
        line_y: Vec<f32>,
    },
    Confusion {
        matrix: Vec<u32>,
        classes: Vec<String>,
        on: String,
    },
    Images {
        pixels: Vec<u8>,
        width: usize,
        height: usize,
        truth: Vec<u32>,
        pred: Vec<u32>,
        classes: Vec<String>,
    },
}

/// The model's prediction at `points` evenly spaced x values across the training data's
/// range, for one-feature regression: the line drawn over the points, in the data's own
/// units (x and y un-scaled).
pub fn fitted_line(
    model: &mut Sequential,
    loaded: &Loaded,
    points: usize,
) -> Result<(Vec<f32>, Vec<f32>)> {
    let data = &loaded.dataset;
    let x = data.x_train.to_f32();
    let (lo, hi) = x
        .column(0)
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let steps = points.max(2) - 1;
    let line_x: Vec<f32> = (0..=steps)
        .map(|i| lo + (hi - lo) * i as f32 / steps as f32)
        .collect();
    let grid = Features::F32(
        Array2::from_shape_vec((line_x.len(), 1), line_x.clone()).map_err(|e| {
            // One value per grid point in one column: only a bug gets here.
            crate::Error::Message(
                Message::new(Code::Internal).with("text", format!("the fitted line: {e}")),
            )
        })?,
    );
    let line_y = model.predict(&grid, 64)?.column(0).to_vec();
    Ok((
        in_units(&loaded.x_scaler, 0, line_x),
        in_units(&loaded.y_scaler, 0, line_y),
    ))
}

/// The training points of one-feature regression in the data's own units.
pub fn points(loaded: &Loaded) -> (Vec<f32>, Vec<f32>) {
    let d = &loaded.dataset;
    (
        in_units(&loaded.x_scaler, 0, d.x_train.to_f32().column(0).to_vec()),
        in_units(&loaded.y_scaler, 0, d.y_train.column(0).to_vec()),
    )
}

/// The slope and intercept of a straight-line model (one linear Dense unit on one input),
/// in the data's own units: Lesson 1's `a` and `b`. Other models have none.
pub fn line_params(model: &mut Sequential, loaded: &Loaded) -> Option<(f32, f32)> {
    let straight = model.layers().len() == 1
        && model.input_width() == 1
        && loaded.dataset.task == Task::Regression
        && model.layers().first().map(|l| l.param_count()) == Some(2)
        && model.layers().first().and_then(|l| l.activation()) == Some(crate::Activation::Linear);
    if !straight {
        return None;
    }
    // Scaling is affine, so the model stays a line in the data's units: two points fix it.
    let (x, y) = fitted_line(model, loaded, 2).ok()?;
    let a = (y[1] - y[0]) / (x[1] - x[0]);
    (a.is_finite()).then(|| (a, y[0] - a * x[0]))
}

/// Points a predicted-vs-actual scatter shows at most.
const CHART_POINTS: usize = 2_000;
/// Rows predicted at once for the confusion matrix.
const PREDICT_CHUNK: usize = 2_000;

/// The result charts for a trained model: for regression the predicted-vs-actual scatter
/// (and, with one feature, the fitted line over the points); for classification the
/// confusion matrix on the test set when there is one; for images also a 5×5 grid.
/// Regression errors and the target's unit come in the data's own units.
pub fn result_plots(
    model: &mut Sequential,
    loaded: &Loaded,
    unit: (&str, &str),
) -> Result<Vec<Plot>> {
    let data = &loaded.dataset;
    let logits = model.loss().map(|l| l.from_logits()).unwrap_or(false);
    let (x, y, on) = match (&data.x_test, &data.y_test) {
        (Some(x), Some(y)) => (x, y, "test"),
        _ => (&data.x_train, &data.y_train, "train"),
    };
    // A scatter needs at most a few thousand points (more only slows the page); the confusion
    // matrix counts every row, predicted a chunk at a time so memory stays flat.
    let chart_rows: Vec<usize> = (0..x.rows().min(CHART_POINTS)).collect();
    let mut plots = Vec::new();
    match data.task {
        Task::Regression => {
            let (mut actual, mut predicted) = (Vec::new(), Vec::new());
            for start in (0..x.rows()).step_by(PREDICT_CHUNK) {
                let rows: Vec<usize> = (start..x.rows().min(start + PREDICT_CHUNK)).collect();
                let pred = model.predict(&x.select_rows(&rows), 256)?;
                actual.extend(y.select(ndarray::Axis(0), &rows).column(0).iter());
                predicted.extend(pred.column(0).iter());
            }
            let actual = in_units(&loaded.y_scaler, 0, actual);
            let predicted = in_units(&loaded.y_scaler, 0, predicted);
            let n = actual.len().max(1) as f32;
            let mse = actual
                .iter()
                .zip(&predicted)
                .map(|(a, p)| (a - p) * (a - p))
                .sum::<f32>()
                / n;
            let mae = actual
                .iter()
                .zip(&predicted)
                .map(|(a, p)| (a - p).abs())
                .sum::<f32>()
                / n;
            let train_y = in_units(&loaded.y_scaler, 0, data.y_train.column(0).to_vec());
            let mean = train_y.iter().sum::<f32>() / train_y.len().max(1) as f32;
            let baseline_mse = actual.iter().map(|a| (a - mean) * (a - mean)).sum::<f32>() / n;
            plots.push(Plot::Scatter {
                actual: actual[..chart_rows.len()].to_vec(),
                predicted: predicted[..chart_rows.len()].to_vec(),
                target: data.target_names.first().cloned().unwrap_or_default(),
                unit_ko: unit.0.into(),
                unit_en: unit.1.into(),
                mse,
                mae,
                baseline_mse,
                on: on.into(),
            });
            if data.input_shape == [1] {
                let (px, py) = points(loaded);
                let (line_x, line_y) = fitted_line(model, loaded, 50)?;
                plots.push(Plot::FitLine {
                    x: px,
                    y: py,
                    line_x,
                    line_y,
                });
            }
        }
        Task::Binary | Task::MultiClass { .. } => {
            let classes = match data.task {
                Task::MultiClass { classes } => classes,
                _ => 2,
            };
            let (mut truth, mut predicted) = (Vec::new(), Vec::new());
            for start in (0..x.rows()).step_by(PREDICT_CHUNK) {
                let rows: Vec<usize> = (start..x.rows().min(start + PREDICT_CHUNK)).collect();
                let pred = model.predict(&x.select_rows(&rows), 256)?;
                truth.extend(class_labels(&y.select(ndarray::Axis(0), &rows)));
                predicted.extend(predicted_classes(&pred, logits));
            }
            let names = if data.class_names.len() == classes {
                data.class_names.clone()
            } else {
                (0..classes).map(|c| c.to_string()).collect()
            };
            plots.push(Plot::Confusion {
                matrix: confusion_matrix(&truth, &predicted, classes),
                classes: names.clone(),
                on: on.into(),
            });
            if let (Features::U8 { pixels, .. }, [h, w]) = (x, data.input_shape.as_slice()) {
                let n = 25.min(truth.len());
                let mut grid = Vec::with_capacity(n * h * w);
                for r in 0..n {
                    grid.extend(pixels.row(r).iter());
                }
                plots.push(Plot::Images {
                    pixels: grid,
                    width: *w,
                    height: *h,
                    truth: truth[..n].iter().map(|&v| v as u32).collect(),
                    pred: predicted[..n].iter().map(|&v| v as u32).collect(),
                    classes: names,
                });
            }
        }
    }
    Ok(plots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_confusion_matrix_counts_every_test_row_and_the_scatter_stays_small() {
        use crate::{LayerSpec, Loss, Optimizer};
        let rows = 5_003;
        let x = Array2::from_shape_fn((rows, 2), |(r, c)| ((r * 7 + c * 3) % 11) as f32 - 5.0);
        let y = Array2::from_shape_fn((rows, 1), |(r, _)| (r % 3 == 0) as u8 as f32);
        let data = Dataset {
            name: "t".into(),
            x_train: Features::F32(x.slice(ndarray::s![..10, ..]).to_owned()),
            y_train: y.slice(ndarray::s![..10, ..]).to_owned(),
            x_test: Some(Features::F32(x)),
            y_test: Some(y),
            input_shape: vec![2],
            feature_names: vec!["a".into(), "b".into()],
            target_names: vec!["y".into()],
            class_names: vec![],
            task: Task::Binary,
        };
        let mut m = Sequential::with_seed(1);
        m.add(LayerSpec::dense_input(1, "sigmoid", 2))
            .expect("a layer");
        m.compile(
            Optimizer::from_name("adam").expect("adam"),
            Loss::BinaryCrossentropy { from_logits: false },
            &[],
        )
        .expect("compiles");
        let plain = |dataset| Loaded {
            dataset,
            table: None,
            x_scaler: Scaler::None,
            y_scaler: Scaler::None,
        };
        let plots = result_plots(&mut m, &plain(data.clone()), ("", "")).expect("plots");
        match &plots[0] {
            Plot::Confusion { matrix, on, .. } => {
                assert_eq!(matrix.iter().sum::<u32>() as usize, rows);
                assert_eq!(matrix[0] + matrix[1], 3_335, "rows whose label is 0");
                assert_eq!(on, "test");
            }
            other => panic!("{other:?}"),
        }
        let regression = Dataset {
            task: Task::Regression,
            ..data
        };
        match &result_plots(&mut m, &plain(regression), ("", "")).expect("plots")[0] {
            Plot::Scatter {
                actual, predicted, ..
            } => {
                assert_eq!(
                    (actual.len(), predicted.len()),
                    (CHART_POINTS, CHART_POINTS)
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn baseline_confusion_and_classes() {
        let y = Array2::from_shape_fn((470, 1), |(r, _)| (r < 70) as u8 as f32);
        let b = majority_baseline(&y, Task::Binary).unwrap();
        assert!((b - 400.0 / 470.0).abs() < 1e-6);
        assert_eq!(majority_baseline(&y, Task::Regression), None);
        let onehot = array![[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]];
        assert_eq!(class_labels(&onehot), vec![1, 0, 1]);
        assert!(
            (majority_baseline(&onehot, Task::MultiClass { classes: 3 }).unwrap() - 2.0 / 3.0)
                .abs()
                < 1e-6
        );
        assert_eq!(predicted_classes(&array![[0.7], [0.2]], false), vec![1, 0]);
        assert_eq!(predicted_classes(&array![[-0.1], [0.2]], true), vec![0, 1]);
        assert_eq!(
            confusion_matrix(&[0, 1, 1, 2], &[0, 1, 2, 2], 3),
            vec![1, 0, 0, 0, 1, 1, 0, 0, 1]
        );
    }
}
