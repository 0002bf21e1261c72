//! The preprocessing steps lessons take from Keras, scikit-learn and pandas:
//! `to_categorical`, `train_test_split`, `MinMaxScaler`/`StandardScaler` (and `x / 255`),
//! and `get_dummies`. Each follows its library's rules, so a learner's numbers match.

use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::{Code, Error, Message, Result, Rng};

/// Keras' `to_categorical`: class indices to one-hot rows. With `num_classes` None the
/// number of classes is the largest label + 1, as Keras does.
pub fn to_categorical(labels: &[f32], num_classes: Option<usize>) -> Result<Array2<f32>> {
    if labels.is_empty() {
        return Err(Error::EmptyData(Message::new(Code::EmptyLabelList)));
    }
    let mut classes = Vec::with_capacity(labels.len());
    for (i, &v) in labels.iter().enumerate() {
        // Reject rather than truncate: Keras would silently cast 1.5 to 1.
        if !v.is_finite() || v < 0.0 || v.fract() != 0.0 {
            return Err(Error::InvalidLabels {
                message: Message::new(Code::LabelNotClassIndex)
                    .with("row", i + 1)
                    .with("label", v),
            });
        }
        classes.push(v as usize);
    }
    let largest = classes.iter().copied().max().unwrap_or(0);
    let n = match num_classes {
        Some(0) => {
            return Err(Error::config(
                "num_classes",
                Message::new(Code::NumClassesAtLeastOne),
            ))
        }
        Some(n) => n,
        None => largest + 1,
    };
    if let Some(i) = classes.iter().position(|&c| c >= n) {
        return Err(Error::InvalidLabels {
            message: Message::new(Code::LabelTooLarge)
                .with("row", i + 1)
                .with("label", classes[i])
                .with("n", n)
                .with("max", n - 1),
        });
    }
    let mut out = Array2::zeros((classes.len(), n));
    for (r, &c) in classes.iter().enumerate() {
        out[[r, c]] = 1.0;
    }
    Ok(out)
}

/// scikit-learn's `train_test_split` on row indices: `ceil(test_size * n)` rows go to the
/// test part, the rest to training. Without shuffling the test rows are the last ones.
/// With `stratify` (a class id per row) both parts keep the class proportions.
/// The random stream is ours, so the chosen rows differ from NumPy's for the same seed.
pub fn train_test_split(
    n_rows: usize,
    test_size: f64,
    shuffle: bool,
    stratify: Option<&[usize]>,
    random_state: u64,
) -> Result<(Vec<usize>, Vec<usize>)> {
    if !(test_size > 0.0 && test_size < 1.0) {
        return Err(Error::config(
            "test_size",
            Message::new(Code::TestSizeRange).with("got", test_size),
        ));
    }
    let n_test = (test_size * n_rows as f64).ceil() as usize;
    let n_train = n_rows.saturating_sub(n_test);
    if n_test == 0 || n_train == 0 {
        return Err(Error::config(
            "test_size",
            Message::new(if n_train == 0 {
                Code::TestSizeEmptyTrain
            } else {
                Code::TestSizeEmptyTest
            })
            .with("rows", n_rows)
            .with("test_size", test_size),
        ));
    }
    let mut rng = Rng::new(random_state);
    match (stratify, shuffle) {
        (None, false) => Ok(((0..n_train).collect(), (n_train..n_rows).collect())),
        (None, true) => {
            let mut perm: Vec<usize> = (0..n_rows).collect();
            rng.shuffle(&mut perm);
            let test = perm[..n_test].to_vec();
            let train = perm[n_test..].to_vec();
            Ok((train, test))
        }
        (Some(_), false) => Err(Error::config(
            "stratify",
            Message::new(Code::StratifyNeedsShuffle),
        )),
        (Some(y), true) => stratified(y, n_rows, n_train, n_test, &mut rng),
    }
}

/// scikit-learn's `StratifiedShuffleSplit`: per-class counts by `_approximate_mode`, first
/// for training, then for test out of what is left.
fn stratified(
    y: &[usize],
    n_rows: usize,
    n_train: usize,
    n_test: usize,
    rng: &mut Rng,
) -> Result<(Vec<usize>, Vec<usize>)> {
    if y.len() != n_rows {
        return Err(Error::config(
            "stratify",
            Message::new(Code::StratifyLength)
                .with("ids", y.len())
                .with("rows", n_rows),
        ));
    }
    let mut class_ids: Vec<usize> = y.to_vec();
    class_ids.sort_unstable();
    class_ids.dedup();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); class_ids.len()];
    for (row, c) in y.iter().enumerate() {
        // class_ids holds every value of y, so the search always succeeds.
        if let Ok(k) = class_ids.binary_search(c) {
            members[k].push(row);
        }
    }
    let counts: Vec<usize> = members.iter().map(Vec::len).collect();
    if let Some(k) = counts.iter().position(|&c| c < 2) {
        return Err(Error::config(
            "stratify",
            Message::new(Code::StratifySingleRowClass).with("class", class_ids[k]),
        ));
    }
    let k = class_ids.len();
    if n_train < k || n_test < k {
        return Err(Error::config(
            "test_size",
            Message::new(Code::StratifyTooFewRows)
                .with("classes", k)
                .with("train", n_train)
                .with("test", n_test),
        ));
    }
    let train_counts = approximate_mode(&counts, n_train, rng);
    let left: Vec<usize> = counts
        .iter()
        .zip(&train_counts)
        .map(|(c, t)| c - t)
        .collect();
    let test_counts = approximate_mode(&left, n_test, rng);
    let mut train = Vec::with_capacity(n_train);
    let mut test = Vec::with_capacity(n_test);
    for ((rows, &a), &b) in members.iter_mut().zip(&train_counts).zip(&test_counts) {
        rng.shuffle(rows);
        train.extend_from_slice(&rows[..a]);
        test.extend_from_slice(&rows[a..a + b]);
    }
    rng.shuffle(&mut train);
    rng.shuffle(&mut test);
    Ok((train, test))
}

/// Draws `n_draws` from classes of `counts` so that each gets its floored proportional
/// share, and the remainder goes to the largest fractional parts (ties broken at random).
fn approximate_mode(counts: &[usize], n_draws: usize, rng: &mut Rng) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    let continuous: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 / total as f64 * n_draws as f64)
        .collect();
    let mut floored: Vec<usize> = continuous.iter().map(|c| c.floor() as usize).collect();
    let mut need = n_draws.saturating_sub(floored.iter().sum());
    let remainder: Vec<f64> = continuous
        .iter()
        .zip(&floored)
        .map(|(c, &f)| c - f as f64)
        .collect();
    let mut values = remainder.clone();
    values.sort_by(|a, b| b.total_cmp(a));
    values.dedup();
    for v in values {
        if need == 0 {
            break;
        }
        let mut inds: Vec<usize> = (0..remainder.len())
            .filter(|&i| remainder[i] == v)
            .collect();
        rng.shuffle(&mut inds);
        let now = inds.len().min(need);
        for &i in &inds[..now] {
            floored[i] += 1;
        }
        need -= now;
    }
    floored
}

/// How to scale features (or a regression target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScalingSpec {
    #[default]
    None,
    /// `x / 255`, as lessons do for pixel values.
    Divide255,
    /// scikit-learn's `MinMaxScaler` to [0, 1].
    MinMax,
    /// scikit-learn's `StandardScaler`: zero mean, unit (population) variance.
    Standard,
}

/// A fitted scaler, holding the per-column statistics of the training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Scaler {
    None,
    Divide255,
    MinMax { min: Vec<f32>, max: Vec<f32> },
    Standard { mean: Vec<f32>, std: Vec<f32> },
}

impl Scaler {
    /// Learns the statistics from `train` only, so no test information leaks into training.
    pub fn fit(kind: ScalingSpec, train: ArrayView2<f32>) -> Result<Scaler> {
        if matches!(kind, ScalingSpec::MinMax | ScalingSpec::Standard) {
            if train.nrows() == 0 {
                return Err(Error::EmptyData(Message::new(Code::EmptyScalerData)));
            }
            super::check_finite(train, Error::TO_SCALE)?;
        }
        Ok(match kind {
            ScalingSpec::None => Scaler::None,
            ScalingSpec::Divide255 => Scaler::Divide255,
            ScalingSpec::MinMax => {
                let min = train
                    .axis_iter(Axis(1))
                    .map(|c| c.iter().copied().fold(f32::INFINITY, f32::min))
                    .collect();
                let max = train
                    .axis_iter(Axis(1))
                    .map(|c| c.iter().copied().fold(f32::NEG_INFINITY, f32::max))
                    .collect();
                Scaler::MinMax { min, max }
            }
            ScalingSpec::Standard => {
                let n = train.nrows() as f64;
                let mut mean = Vec::with_capacity(train.ncols());
                let mut std = Vec::with_capacity(train.ncols());
                for c in train.axis_iter(Axis(1)) {
                    // f64 sums: f32 loses digits over thousands of rows.
                    let m = c.iter().map(|&v| v as f64).sum::<f64>() / n;
                    let var = c.iter().map(|&v| (v as f64 - m).powi(2)).sum::<f64>() / n;
                    mean.push(m as f32);
                    std.push(var.sqrt() as f32);
                }
                Scaler::Standard { mean, std }
            }
        })
    }

    /// The (offset, scale) that column `j` maps by: `(x - offset) / scale`. A constant
    /// column gets scale 1, as scikit-learn does, instead of dividing by zero.
    fn offset_scale(&self, j: usize) -> (f32, f32) {
        let nonzero = |s: f32| if s == 0.0 { 1.0 } else { s };
        match self {
            Scaler::None => (0.0, 1.0),
            Scaler::Divide255 => (0.0, 255.0),
            Scaler::MinMax { min, max } => (min[j], nonzero(max[j] - min[j])),
            Scaler::Standard { mean, std } => (mean[j], nonzero(std[j])),
        }
    }

    fn columns(&self) -> Option<usize> {
        match self {
            Scaler::None | Scaler::Divide255 => None,
            Scaler::MinMax { min, .. } => Some(min.len()),
            Scaler::Standard { mean, .. } => Some(mean.len()),
        }
    }

    fn check_columns(&self, got: usize) -> Result<()> {
        match self.columns() {
            Some(n) if n != got => Err(Error::config(
                "scaling",
                Message::new(Code::ScalerColumns)
                    .with("fitted", n)
                    .with("got", got),
            )),
            _ => Ok(()),
        }
    }

    /// Scales `x` in place with the fitted statistics.
    pub fn transform(&self, x: &mut Array2<f32>) -> Result<()> {
        self.check_columns(x.ncols())?;
        for (j, mut col) in x.axis_iter_mut(Axis(1)).enumerate() {
            let (o, s) = self.offset_scale(j);
            col.mapv_inplace(|v| (v - o) / s);
        }
        Ok(())
    }

    /// Undoes the scaling of column `column` in place, e.g. to show predictions of a scaled
    /// target in the original units.
    pub fn inverse_transform_column(&self, column: usize, values: &mut [f32]) -> Result<()> {
        if let Some(n) = self.columns() {
            if column >= n {
                return Err(Error::config(
                    "scaling",
                    Message::new(Code::ScalerNoColumn)
                        .with("column", column)
                        .with("columns", n),
                ));
            }
        }
        let (o, s) = self.offset_scale(column);
        values.iter_mut().for_each(|v| *v = *v * s + o);
        Ok(())
    }
}

/// pandas' `get_dummies` for one text column: one 0/1 column per distinct value, named
/// `column_value`, in sorted order of the values. Empty cells (pandas' NaN) get all zeros.
pub fn get_dummies(column: &str, values: &[String]) -> (Vec<String>, Array2<f32>) {
    let mut levels: Vec<&str> = values
        .iter()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let names = levels.iter().map(|v| format!("{column}_{v}")).collect();
    let mut out = Array2::zeros((values.len(), levels.len()));
    for (r, v) in values.iter().enumerate() {
        if let Ok(k) = levels.binary_search(&v.as_str()) {
            out[[r, k]] = 1.0;
        }
    }
    (names, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn categorical_like_keras() {
        let y = to_categorical(&[0.0, 2.0, 1.0], None).unwrap();
        assert_eq!(y, array![[1., 0., 0.], [0., 0., 1.], [0., 1., 0.]]);
        let y = to_categorical(&[1.0], Some(4)).unwrap();
        assert_eq!(y, array![[0., 1., 0., 0.]]);
    }

    #[test]
    fn categorical_errors_name_the_row() {
        let e = to_categorical(&[0.0, -1.0], None).unwrap_err().to_string();
        assert!(e.contains("row 2"), "{e}");
        let e = to_categorical(&[0.0, 1.5], None).unwrap_err().to_string();
        assert!(e.contains("row 2") && e.contains("1.5"), "{e}");
        let e = to_categorical(&[0.0, 1.0, 3.0], Some(3))
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 3") && e.contains("0 to 2"), "{e}");
    }

    #[test]
    fn split_sizes_like_sklearn() {
        // 10 rows, 0.25: ceil(2.5) = 3 test rows.
        let (tr, te) = train_test_split(10, 0.25, false, None, 0).unwrap();
        assert_eq!(tr, (0..7).collect::<Vec<_>>());
        assert_eq!(te, vec![7, 8, 9]);
        let (tr, te) = train_test_split(470, 0.2, true, None, 1).unwrap();
        assert_eq!((tr.len(), te.len()), (376, 94));
        let mut all: Vec<usize> = tr.iter().chain(&te).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..470).collect::<Vec<_>>());
        assert!(train_test_split(3, 0.1, true, None, 0).is_ok());
        assert!(train_test_split(1, 0.5, true, None, 0).is_err());
        assert!(train_test_split(10, 0.0, true, None, 0).is_err());
    }

    #[test]
    fn stratified_keeps_proportions() {
        // 400 zeros and 70 ones, as in ThoraricSurgery; test 0.2 gives 94 rows.
        let y: Vec<usize> = (0..470).map(|i| usize::from(i >= 400)).collect();
        let (tr, te) = train_test_split(470, 0.2, true, Some(&y), 7).unwrap();
        let ones = |idx: &[usize]| idx.iter().filter(|&&i| y[i] == 1).count();
        // train: 376 * 70/470 = 56.0 -> 56; test: 70 - 56 = 14 of 94 (14.0 expected).
        assert_eq!((tr.len(), te.len()), (376, 94));
        assert_eq!((ones(&tr), ones(&te)), (56, 14));
        let y1 = [0, 0, 1];
        assert!(train_test_split(3, 0.34, true, Some(&y1), 0).is_err());
        assert!(train_test_split(6, 0.5, false, Some(&[0; 6]), 0).is_err());
    }

    #[test]
    fn approximate_mode_like_sklearn() {
        // sklearn: _approximate_mode([2, 2], 3) gives [2, 1] or [1, 2].
        let got = approximate_mode(&[2, 2], 3, &mut Rng::new(0));
        assert_eq!(got.iter().sum::<usize>(), 3);
        // [3, 2, 1] into 4: 2, 1.33, 0.67 -> floors 2, 1, 0; 1 left goes to the 0.67.
        assert_eq!(approximate_mode(&[3, 2, 1], 4, &mut Rng::new(0)), [2, 1, 1]);
    }

    #[test]
    fn scalers_by_hand() {
        let train = array![[1.0f32, 5.0], [3.0, 5.0]];
        let mm = Scaler::fit(ScalingSpec::MinMax, train.view()).unwrap();
        let mut x = array![[2.0f32, 5.0], [5.0, 6.0]];
        mm.transform(&mut x).unwrap();
        // (2-1)/2 = 0.5, (5-1)/2 = 2; constant column: scale 1, so 5-5=0, 6-5=1.
        assert_eq!(x, array![[0.5, 0.0], [2.0, 1.0]]);

        let st = Scaler::fit(ScalingSpec::Standard, train.view()).unwrap();
        // mean 2, population std 1 for column 0; column 1 constant: mean 5, std 0 -> 1.
        assert_eq!(
            st,
            Scaler::Standard {
                mean: vec![2.0, 5.0],
                std: vec![1.0, 0.0]
            }
        );
        let mut x = train.clone();
        st.transform(&mut x).unwrap();
        assert_eq!(x, array![[-1.0, 0.0], [1.0, 0.0]]);
        let mut col = [-1.0f32, 1.0];
        st.inverse_transform_column(0, &mut col).unwrap();
        assert_eq!(col, [1.0, 3.0]);
        assert!(st.inverse_transform_column(2, &mut col).is_err());
        assert!(st.transform(&mut array![[1.0f32]]).is_err());

        let d = Scaler::fit(ScalingSpec::Divide255, train.view()).unwrap();
        let mut x = array![[255.0f32, 51.0]];
        d.transform(&mut x).unwrap();
        assert_eq!(x, array![[1.0, 0.2]]);
    }

    #[test]
    fn dummies_like_pandas() {
        let v: Vec<String> = ["b", "a", "c", "a", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (names, m) = get_dummies("x", &v);
        assert_eq!(names, ["x_a", "x_b", "x_c"]);
        assert_eq!(
            m,
            array![
                [0., 1., 0.],
                [1., 0., 0.],
                [0., 0., 1.],
                [1., 0., 0.],
                [0., 0., 0.]
            ]
        );
    }
}
