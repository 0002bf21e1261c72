//! The matrix kernels as the browser runs them (SIMD128, and relaxed SIMD's fused
//! multiply-add when built with `+relaxed-simd`: `cargo xtask test` runs this file under both
//! builds), against a plain triple loop in f64 on odd shapes, every transposition, alpha,
//! beta and the fused bias, and the sparse products the first layer uses on MNIST against
//! the dense ones. The native kernels have their own tests in `noriteo-core`.
use noriteo_core::linalg::{gemm, gemm_bias, sparse_product, sparse_t_product, SparseRows};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Deterministic values in [-1, 1).
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

struct Case {
    trans_a: bool,
    trans_b: bool,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    beta: f32,
    bias: bool,
}

/// Runs one case with padded strides and checks every value of C against the reference,
/// and that the padding between C's rows is left alone.
fn check(c: &Case) -> Result<(), String> {
    let (m, n, k, pad) = (c.m, c.n, c.k, 3);
    let (ar, ac) = if c.trans_a { (k, m) } else { (m, k) };
    let (br, bc) = if c.trans_b { (n, k) } else { (k, n) };
    let (lda, ldb, ldc) = (ac + pad, bc + pad, n + pad);
    let a = filled((ar - 1) * lda + ac, 1 + m as u32);
    let b = filled((br - 1) * ldb + bc, 7 + n as u32);
    let bias = filled(n, 3);
    let mut out = filled((m - 1) * ldc + n, 11);
    for i in 0..m.saturating_sub(1) {
        out[i * ldc + n..(i + 1) * ldc].fill(-7.0);
    }
    let before = out.clone();
    let bias = c.bias.then_some(&bias[..]);
    gemm_bias(
        c.trans_a, c.trans_b, m, n, k, c.alpha, &a, lda, &b, ldb, c.beta, &mut out, ldc, bias,
    );
    let at = |i: usize, p: usize| {
        f64::from(if c.trans_a {
            a[p * lda + i]
        } else {
            a[i * lda + p]
        })
    };
    let bt = |p: usize, j: usize| {
        f64::from(if c.trans_b {
            b[j * ldb + p]
        } else {
            b[p * ldb + j]
        })
    };
    for i in 0..m {
        for j in 0..n {
            let (mut want, mut magnitude) = (0.0f64, 0.0f64);
            for p in 0..k {
                let t = f64::from(c.alpha) * at(i, p) * bt(p, j);
                want += t;
                magnitude += t.abs();
            }
            if c.beta != 0.0 {
                want += f64::from(c.beta) * f64::from(before[i * ldc + j]);
            }
            if let Some(bias) = bias {
                want += f64::from(bias[j]);
            }
            let got = f64::from(out[i * ldc + j]);
            // f32 sums of k terms: a few ulps of the terms' magnitude per term at most.
            let tolerance = 1e-6 * (magnitude + 1.0) * (k as f64).sqrt() + 1e-6;
            if (got - want).abs() > tolerance {
                return Err(format!("C[{i}][{j}] = {got}, want {want} (±{tolerance})"));
            }
        }
        if i + 1 < m && out[i * ldc + n..(i + 1) * ldc].iter().any(|&v| v != -7.0) {
            return Err(format!("the padding after row {i} was written"));
        }
    }
    Ok(())
}

#[wasm_bindgen_test]
fn kernels_match_a_reference_on_odd_shapes() {
    // Tiny, tile-sized, tile-plus-one, a batch remainder (17 of 32), MNIST's own layers.
    let shapes = [
        (1, 1, 1),
        (7, 13, 5),
        (4, 8, 9),
        (5, 9, 33),
        (33, 65, 17),
        (17, 128, 784),
        (32, 128, 784),
        (32, 10, 128),
        (128, 10, 32),
        (784, 128, 32),
        (31, 30, 300),
        // Small enough for rows of C in registers: a table model's products, panels past 32
        // columns, and widths of 4, 6 and 34 (a last vector overlapping the one before).
        (10, 30, 17),
        (17, 30, 10),
        (3, 37, 40),
        (5, 34, 40),
        (9, 4, 200),
        (2, 6, 300),
    ];
    let mut failures = Vec::new();
    for &(m, n, k) in &shapes {
        for (trans_a, trans_b) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta, bias) in [(1.0, 0.0, false), (0.5, 1.0, false), (1.0, 0.0, true)] {
                let case = Case {
                    trans_a,
                    trans_b,
                    m,
                    n,
                    k,
                    alpha,
                    beta,
                    bias,
                };
                if let Err(e) = check(&case) {
                    failures.push(format!(
                        "m={m} n={n} k={k} ta={trans_a} tb={trans_b} alpha={alpha} beta={beta} bias={bias}: {e}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// x·W + b and xᵀ·dz through the sparse products, whose SIMD128 loops (three entries at a
/// time, 32 columns at a time; non-zero values found four at a time) exist only in this
/// build, against the dense kernels: widths below, at and past 32 columns, entry counts that
/// leave 0 to 2 over, widths that leave 0 to 3 values after the last four, and all-zero rows.
#[wasm_bindgen_test]
fn sparse_products_match_the_dense_ones() {
    for (rows, cols, n) in [
        (1, 1, 1),
        (3, 7, 32),
        (7, 13, 5),
        (9, 33, 45),
        (32, 784, 128),
    ] {
        let mut x = filled(rows * cols, 5 + cols as u32);
        // Keep about one value in four, and leave row 0 empty; some zeros are -0.0, which
        // the SIMD128 reading must skip as well.
        for (i, v) in x.iter_mut().enumerate() {
            if i < cols || *v < 0.5 {
                *v = if i % 3 == 0 { -0.0 } else { 0.0 };
            }
        }
        let non_zero = x.iter().filter(|&&v| v != 0.0).count();
        let (w, bias, dz) = (filled(cols * n, 2), filled(n, 3), filled(rows * n, 4));
        let mut sparse = SparseRows::default();
        assert!(sparse.fill(&x, rows, cols, 0.5), "{rows}×{cols} is sparse");
        assert_eq!(
            sparse.density(),
            non_zero as f32 / (rows * cols) as f32,
            "{rows}×{cols}: entries"
        );
        let mut got = vec![f32::NAN; rows * n];
        let mut want = vec![f32::NAN; rows * n];
        sparse_product(&sparse, &w, n, &mut got, Some(&bias));
        gemm_bias(
            false,
            false,
            rows,
            n,
            cols,
            1.0,
            &x,
            cols,
            &w,
            n,
            0.0,
            &mut want,
            n,
            Some(&bias),
        );
        close(&got, &want, &format!("x·W + b, {rows}×{cols}×{n}"));
        let mut got = vec![f32::NAN; cols * n];
        let mut want = vec![f32::NAN; cols * n];
        sparse.by_column();
        sparse_t_product(&sparse, &dz, n, &mut got);
        gemm(
            true, false, cols, n, rows, 1.0, &x, cols, &dz, n, 0.0, &mut want, n,
        );
        close(&got, &want, &format!("xᵀ·dz, {rows}×{cols}×{n}"));
    }
}

fn close(got: &[f32], want: &[f32], what: &str) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 * (1.0 + w.abs()),
            "{what}: [{i}] {g} vs {w}"
        );
    }
}

/// Relaxed SIMD's fused multiply-add rounds once per step, so a sum whose terms cancel
/// except for a bit below f32's precision tells which build ran. Both results are right;
/// this pins each build to its kernel.
#[wasm_bindgen_test]
fn the_build_uses_fused_multiply_add_exactly_when_built_for_it() {
    // Step 1: acc = 1·c = −(1 + 2⁻¹¹), exact. Step 2: acc + x·x with x = 1 + 2⁻¹², where
    // x² = 1 + 2⁻¹¹ + 2⁻²⁴: fused, 2⁻²⁴ survives; rounded first, x² is 1 + 2⁻¹¹ and the sum 0.
    let x = 1.0 + (2.0f32).powi(-12);
    let c = -(1.0 + (2.0f32).powi(-11));
    let (m, n, k) = (32, 32, 2);
    let a: Vec<f32> = (0..m * k)
        .map(|i| if i % 2 == 0 { 1.0 } else { x })
        .collect();
    let b: Vec<f32> = (0..k * n).map(|i| if i < n { c } else { x }).collect();
    let mut out = vec![f32::NAN; m * n];
    gemm(false, false, m, n, k, 1.0, &a, k, &b, n, 0.0, &mut out, n);
    let want = if cfg!(target_feature = "relaxed-simd") {
        (2.0f32).powi(-24)
    } else {
        0.0
    };
    assert!(
        out.iter().all(|&v| v == want),
        "got {:?}, want {want}",
        &out[..4]
    );
}
