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
    if k == 0 {
        for i in 0..m {
            if let Some(row) = c.get_mut(i * ldc..i * ldc + n) {
                row.iter_mut()
                    .for_each(|v| *v = if beta == 0.0 { 0.0 } else { beta * *v });
            }
        }
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

/// C = alpha·op(A)·op(B) + beta·C + bias, the bias added to every row of C.
#[allow(clippy::too_many_arguments)]
pub fn gemm_bias(
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
    bias: &[f32],
) {
    gemm(
        trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
    );
    for i in 0..m {
        if let Some(row) = c.get_mut(i * ldc..i * ldc + n) {
            row.iter_mut().zip(bias).for_each(|(v, b)| *v += b);
        }
    }
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

    /// Deterministic values in [-1, 1) so that every test run sees the same matrices.
    fn filled(len: usize, seed: u32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        (0..len)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s >> 8) as f32 / (1u32 << 23) as f32 - 1.0
            })
            .collect()
    }

    /// A stored matrix with `rows` rows of `cols` values each, `ld` apart.
    fn stored_len(rows: usize, cols: usize, ld: usize) -> usize {
        if rows == 0 {
            0
        } else {
            (rows - 1) * ld + cols
        }
    }

    /// Checks `gemm` against a triple loop in f64 for one case. Padding between the rows of
    /// C must survive, and beta = 0 must not read C (it starts as NaN then).
    #[allow(clippy::too_many_arguments)]
    fn check(
        trans_a: bool,
        trans_b: bool,
        m: usize,
        n: usize,
        k: usize,
        alpha: f32,
        beta: f32,
        pad: usize,
        fused_bias: bool,
    ) {
        let (ar, ac) = if trans_a { (k, m) } else { (m, k) };
        let (br, bc) = if trans_b { (n, k) } else { (k, n) };
        let (lda, ldb, ldc) = (ac + pad, bc + 2 * pad, n + pad);
        let a = filled(stored_len(ar, ac, lda), 1 + m as u32);
        let b = filled(stored_len(br, bc, ldb), 7 + n as u32);
        let bias = filled(n, 3);
        let c0: Vec<f32> = if beta == 0.0 {
            vec![f32::NAN; stored_len(m, n, ldc) + pad]
        } else {
            let mut c = filled(stored_len(m, n, ldc) + pad, 11);
            for i in 0..m {
                c[i * ldc + n..(i + 1) * ldc].fill(f32::NAN);
            }
            c
        };
        let at = |i: usize, p: usize| {
            f64::from(if trans_a {
                a[p * lda + i]
            } else {
                a[i * lda + p]
            })
        };
        let bt = |p: usize, j: usize| {
            f64::from(if trans_b {
                b[j * ldb + p]
            } else {
                b[p * ldb + j]
            })
        };
        let mut c = c0.clone();
        if fused_bias {
            gemm_bias(
                trans_a, trans_b, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc, &bias,
            );
        } else {
            gemm(
                trans_a, trans_b, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc,
            );
        }
        let case = format!(
            "ta={trans_a} tb={trans_b} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad} bias={fused_bias}"
        );
        for i in 0..m {
            for j in 0..n {
                let (mut sum, mut mag) = (0.0f64, 0.0f64);
                for p in 0..k {
                    let t = f64::from(alpha) * at(i, p) * bt(p, j);
                    sum += t;
                    mag += t.abs();
                }
                if beta != 0.0 {
                    let t = f64::from(beta) * f64::from(c0[i * ldc + j]);
                    sum += t;
                    mag += t.abs();
                }
                if fused_bias {
                    sum += f64::from(bias[j]);
                    mag += f64::from(bias[j]).abs();
                }
                let got = f64::from(c[i * ldc + j]);
                let tol = 1e-5 * k.max(1) as f64 * mag.max(f64::MIN_POSITIVE);
                assert!(
                    (got - sum).abs() <= tol,
                    "{case}: c[{i}][{j}] = {got}, expected {sum}"
                );
            }
            let padding_end = if i + 1 == m { c.len() } else { (i + 1) * ldc };
            for idx in i * ldc + n..padding_end {
                assert!(
                    c[idx].to_bits() == c0[idx].to_bits(),
                    "{case}: padding at {idx} changed"
                );
            }
        }
    }

    const SHAPES: [(usize, usize, usize); 8] = [
        (1, 1, 1),
        (7, 13, 5),
        (33, 65, 17),
        (32, 128, 784),
        (5, 3, 1),
        // The kernel-gradient shape, and one past every cache block in m and k.
        (784, 128, 32),
        (130, 37, 600),
        (10, 30, 17),
    ];

    #[test]
    fn every_transpose_alpha_beta_and_stride_against_a_triple_loop() {
        for &(m, n, k) in &SHAPES {
            for trans_a in [false, true] {
                for trans_b in [false, true] {
                    for beta in [0.0, 1.0] {
                        for alpha in [1.0, 0.5] {
                            for pad in [0, 3] {
                                check(trans_a, trans_b, m, n, k, alpha, beta, pad, false);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fused_bias_matches_gemm_then_bias() {
        for &(m, n, k) in &SHAPES {
            for trans_a in [false, true] {
                for trans_b in [false, true] {
                    for beta in [0.0, 1.0] {
                        check(trans_a, trans_b, m, n, k, 1.0, beta, 2, true);
                    }
                }
            }
        }
    }

    #[test]
    fn empty_inner_dimension_scales_c() {
        let mut c = [f32::NAN, f32::NAN];
        gemm(false, false, 1, 2, 0, 1.0, &[], 0, &[], 2, 0.0, &mut c, 2);
        assert_eq!(c, [0.0, 0.0]);
        let mut c = [2.0, 4.0];
        gemm(true, true, 1, 2, 0, 1.0, &[], 1, &[], 0, 0.5, &mut c, 2);
        assert_eq!(c, [1.0, 2.0]);
    }
}
