//! Data as the engine sees it: a table of samples (rows) by features (columns), labels,
//! and the helpers a lesson needs to get there (CSV, one-hot, splitting, scaling).

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

pub mod class_names;
pub mod code;
pub mod csv;
pub mod drawing;
pub mod idx;
pub mod incoming;
pub mod prepare;
pub mod preprocess;
pub mod sources;
pub mod synthetic;

/// Input samples, one row each. Image pixels stay `u8` until a batch needs them, so that
/// MNIST's 60,000 images take 47 MB rather than 188 MB.
#[derive(Debug, Clone, PartialEq)]
pub enum Features {
    F32(Array2<f32>),
    /// Each value becomes `value as f32 * scale` when a batch is assembled (scale 1/255
    /// gives the lecture's `x / 255`).
    U8 {
        pixels: Array2<u8>,
        scale: f32,
    },
}

impl Features {
    pub fn rows(&self) -> usize {
        match self {
            Features::F32(a) => a.nrows(),
            Features::U8 { pixels, .. } => pixels.nrows(),
        }
    }

    pub fn cols(&self) -> usize {
        match self {
            Features::F32(a) => a.ncols(),
            Features::U8 { pixels, .. } => pixels.ncols(),
        }
    }

    /// Copies the chosen rows, converted to f32, into `out` (rows.len() × cols), so a
    /// training step assembles its batch without allocating.
    pub fn gather_into(&self, rows: &[usize], out: &mut [f32]) {
        let cols = self.cols();
        debug_assert_eq!(out.len(), rows.len() * cols);
        match self {
            Features::F32(a) => {
                for (dst, &r) in out.chunks_exact_mut(cols).zip(rows) {
                    match a.row(r).as_slice() {
                        Some(src) => dst.copy_from_slice(src),
                        None => dst.iter_mut().zip(a.row(r)).for_each(|(d, s)| *d = *s),
                    }
                }
            }
            Features::U8 { pixels, scale } => {
                for (dst, &r) in out.chunks_exact_mut(cols).zip(rows) {
                    let row = pixels.row(r);
                    // A contiguous row converts in SIMD lanes; a strided one value by value.
                    match row.as_slice() {
                        Some(src) => dst
                            .iter_mut()
                            .zip(src)
                            .for_each(|(d, &s)| *d = f32::from(s) * scale),
                        None => dst
                            .iter_mut()
                            .zip(row)
                            .for_each(|(d, &s)| *d = f32::from(s) * scale),
                    }
                }
            }
        }
    }

    /// The rows as an f32 matrix (allocates; for predict and small data).
    pub fn to_f32(&self) -> Array2<f32> {
        match self {
            Features::F32(a) => a.clone(),
            Features::U8 { pixels, scale } => pixels.mapv(|p| p as f32 * scale),
        }
    }

    /// A new `Features` holding only the chosen rows, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> Features {
        match self {
            Features::F32(a) => Features::F32(a.select(ndarray::Axis(0), rows)),
            Features::U8 { pixels, scale } => Features::U8 {
                pixels: pixels.select(ndarray::Axis(0), rows),
                scale: *scale,
            },
        }
    }

    /// Fails on the first NaN or infinity, naming its row and column.
    pub fn check_finite(&self, what: &'static str) -> Result<()> {
        if let Features::F32(a) = self {
            check_finite(a.view(), what)?;
        }
        Ok(())
    }
}

impl From<Array2<f32>> for Features {
    fn from(a: Array2<f32>) -> Self {
        Features::F32(a)
    }
}

/// Fails on the first NaN or infinity, naming its row and column (0-based).
pub fn check_finite(a: ArrayView2<f32>, what: &'static str) -> Result<()> {
    // The common case, all finite, in one pass over the memory (indexing each element
    // took longer than an epoch's tenth on MNIST); the place is found only on failure.
    if let Some(s) = a.as_slice_memory_order() {
        if s.iter().all(|v| v.is_finite()) {
            return Ok(());
        }
    }
    for ((row, column), &value) in a.indexed_iter() {
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what,
                row,
                column,
                value,
            });
        }
    }
    Ok(())
}

/// What kind of answer the data asks for; it picks the suggested output layer and loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Task {
    Regression,
    Binary,
    MultiClass { classes: usize },
}

/// A ready-to-train data set: training rows, optional test rows, and the names a learner
/// sees. Labels are one column (regression value, 0/1, or a class index for sparse
/// losses) or one-hot columns, as the lesson's loss expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub name: String,
    pub x_train: Features,
    pub y_train: Array2<f32>,
    pub x_test: Option<Features>,
    pub y_test: Option<Array2<f32>>,
    /// The shape of one sample as the first layer sees it: `[17]` or `[28, 28]`.
    pub input_shape: Vec<usize>,
    pub feature_names: Vec<String>,
    pub target_names: Vec<String>,
    /// For classification: the label of each class index (`setosa`, `T-shirt/top`, ...).
    pub class_names: Vec<String>,
    pub task: Task,
}
