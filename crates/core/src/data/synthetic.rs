//! Small data sets lessons make in code rather than load from a file.

use ndarray::Array2;

use super::{Dataset, Features, Task};
use crate::Rng;

fn regression(name: &str, x: Vec<f32>, y: Vec<f32>) -> Dataset {
    let n = x.len();
    // Both vectors have n entries, so the shapes always fit.
    let column = |v: Vec<f32>| Array2::from_shape_fn((n, 1), |(r, _)| v[r]);
    Dataset {
        name: name.to_string(),
        x_train: Features::F32(column(x)),
        y_train: column(y),
        x_test: None,
        y_test: None,
        input_shape: vec![1],
        feature_names: vec!["x".to_string()],
        target_names: vec!["y".to_string()],
        class_names: Vec::new(),
        task: Task::Regression,
    }
}

/// The four points of the first linear-regression lesson: hours studied 2, 4, 6, 8 and
/// scores 81, 93, 91, 97.
pub fn linreg_points() -> Dataset {
    regression(
        "linreg-points",
        vec![2.0, 4.0, 6.0, 8.0],
        vec![81.0, 93.0, 91.0, 97.0],
    )
}

/// `X = np.linspace(1, 2, 200)`, `y = 4 * X + 0.3 * noise` with standard normal noise from
/// our seeded generator (so the noise differs from NumPy's, the line does not).
pub fn linspace_noise(seed: u64) -> Dataset {
    let n = 200;
    let mut rng = Rng::new(seed);
    // In f64 as NumPy computes it: start + i * step, with both ends included.
    let step = 1.0 / (n - 1) as f64;
    let x: Vec<f32> = (0..n).map(|i| (1.0 + i as f64 * step) as f32).collect();
    let y = x.iter().map(|&v| 4.0 * v + 0.3 * rng.normal()).collect();
    regression("linspace-noise", x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points() {
        let d = linreg_points();
        assert_eq!(d.x_train.to_f32().column(0).to_vec(), [2.0, 4.0, 6.0, 8.0]);
        assert_eq!(d.y_train.column(0).to_vec(), [81.0, 93.0, 91.0, 97.0]);
        assert_eq!(
            (d.task, d.input_shape.as_slice()),
            (Task::Regression, &[1][..])
        );
    }

    #[test]
    fn linspace_line_with_noise() {
        let d = linspace_noise(1);
        let x = d.x_train.to_f32();
        assert_eq!(x.nrows(), 200);
        assert_eq!((x[[0, 0]], x[[199, 0]]), (1.0, 2.0));
        assert!((x[[1, 0]] - (1.0 + 1.0 / 199.0)).abs() < 1e-7);
        // Residuals y - 4x have mean near 0 and std near 0.3.
        let r: Vec<f32> = (0..200)
            .map(|i| d.y_train[[i, 0]] - 4.0 * x[[i, 0]])
            .collect();
        let mean = r.iter().sum::<f32>() / 200.0;
        let std = (r.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 200.0).sqrt();
        assert!(
            mean.abs() < 0.08 && (std - 0.3).abs() < 0.06,
            "{mean} {std}"
        );
        assert_eq!(linspace_noise(1), d);
        assert_ne!(linspace_noise(2), d);
    }
}
