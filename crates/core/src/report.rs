//! What the page shows after training, computed here so the adapter and the JS stay thin:
//! the majority-class baseline a learner should compare accuracy with, and the data behind
//! the result charts (predicted-vs-actual scatter, fitted line, confusion matrix, images).

use ndarray::Array2;
use serde::Serialize;

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
    Scatter {
        actual: Vec<f32>,
        predicted: Vec<f32>,
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
/// range, for one-feature regression: the line drawn over the points.
pub fn fitted_line(
    model: &mut Sequential,
    data: &Dataset,
    points: usize,
) -> Result<(Vec<f32>, Vec<f32>)> {
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
    Ok((line_x, line_y))
}

/// Points a predicted-vs-actual scatter shows at most.
const CHART_POINTS: usize = 2_000;
/// Rows predicted at once for the confusion matrix.
const PREDICT_CHUNK: usize = 2_000;

/// The result charts for a trained model: for regression the predicted-vs-actual scatter
/// (and, with one feature, the fitted line over the points); for classification the
/// confusion matrix on the test set when there is one; for images also a 5×5 grid.
pub fn result_plots(model: &mut Sequential, data: &Dataset) -> Result<Vec<Plot>> {
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
            let pred = model.predict(&x.select_rows(&chart_rows), 256)?;
            let ys = y.select(ndarray::Axis(0), &chart_rows);
            let actual: Vec<f32> = ys.column(0).to_vec();
            let predicted: Vec<f32> = pred.column(0).to_vec();
            plots.push(Plot::Scatter { actual, predicted });
            if data.input_shape == [1] {
                let points = data.x_train.to_f32();
                let px: Vec<f32> = points.column(0).to_vec();
                let py: Vec<f32> = data.y_train.column(0).to_vec();
                let (line_x, line_y) = fitted_line(model, data, 50)?;
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
        let plots = result_plots(&mut m, &data).expect("plots");
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
        match &result_plots(&mut m, &regression).expect("plots")[0] {
            Plot::Scatter { actual, predicted } => {
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
