//! The matrix products the layers need, on row-major slices with row strides, so that the
//! layers never allocate and a faster kernel can replace this one without touching them.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};

/// C = alpha·op(A)·op(B) + beta·C with op(X) = X or Xᵀ; op(A) is m×k, op(B) k×n, C m×n.
/// beta = 0 overwrites C without reading it.
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    trans_a: bool,
    trans_b: bool,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if m == 0 || n == 0 {
        return;
    }
    let (Some(av), Some(bv)) = (view(a, m, k, lda, trans_a), view(b, k, n, ldb, trans_b)) else {
        return;
    };
    let Ok(mut cv) = ArrayViewMut2::from_shape((m, n).strides((ldc, 1)), c) else {
        return;
    };
    if beta == 0.0 {
        cv.fill(0.0);
    }
    general_mat_mul(
        alpha,
        &av,
        &bv,
        if beta == 0.0 { 1.0 } else { beta },
        &mut cv,
    );
}

/// op(X) of a stored row-major matrix with row stride `ld`, as an ndarray view.
fn view(
    data: &[f32],
    rows: usize,
    cols: usize,
    ld: usize,
    trans: bool,
) -> Option<ArrayView2<'_, f32>> {
    let (r, c) = if trans { (cols, rows) } else { (rows, cols) };
    let stored = ArrayView2::from_shape((r, c).strides((ld, 1)), data).ok()?;
    Some(if trans {
        stored.reversed_axes()
    } else {
        stored
    })
}

/// c[i][j] += bias[j] for an m×n row-major matrix.
pub fn add_row_bias(c: &mut [f32], n: usize, bias: &[f32]) {
    for row in c.chunks_exact_mut(n) {
        row.iter_mut().zip(bias).for_each(|(v, b)| *v += b);
    }
}

/// out[j] = Σᵢ dy[i][j]: the bias gradient.
pub fn column_sums_into(dy: &[f32], n: usize, out: &mut [f32]) {
    out.fill(0.0);
    for row in dy.chunks_exact(n) {
        out.iter_mut().zip(row).for_each(|(o, v)| *o += v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_transposes_against_hand_values() {
        // A = [[1,2],[3,4]], B = [[5,6],[7,8]].
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [5.0, 6.0, 7.0, 8.0];
        let mut c = [f32::NAN; 4];
        gemm(false, false, 2, 2, 2, 1.0, &a, 2, &b, 2, 0.0, &mut c, 2);
        assert_eq!(c, [19.0, 22.0, 43.0, 50.0]);
        gemm(true, false, 2, 2, 2, 1.0, &a, 2, &b, 2, 0.0, &mut c, 2);
        assert_eq!(c, [26.0, 30.0, 38.0, 44.0]);
        gemm(false, true, 2, 2, 2, 1.0, &a, 2, &b, 2, 0.0, &mut c, 2);
        assert_eq!(c, [17.0, 23.0, 39.0, 53.0]);
        gemm(false, false, 2, 2, 2, 2.0, &a, 2, &b, 2, 1.0, &mut c, 2);
        assert_eq!(c, [55.0, 67.0, 125.0, 153.0]);
    }
}
