//! The matrix products the layers need, on row-major slices with row strides, so that the
//! layers never allocate.
//!
//! `gemm` is a packed, cache-blocked product in the BLIS style: op(B) is packed a k-block at a
//! time into strips NR columns wide and op(A) into strips MR rows tall, so a register-blocked
//! micro-kernel reads both sequentially whatever the transposes and strides were. The
//! micro-kernel is the only target-specific part: wasm32 SIMD128 intrinsics in the browser,
//! AVX2/FMA on x86_64 when the CPU has them, and a loop LLVM vectorises everywhere else.
//! Tiny products skip the packing: copying would cost more than the arithmetic.

use std::cell::RefCell;

#[cfg(target_arch = "x86_64")]
mod avx2;
// The browser build only needs it to test the other kernels against.
#[cfg(any(test, not(all(target_arch = "wasm32", target_feature = "simd128"))))]
mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;

/// C = alpha·op(A)·op(B) + beta·C with op(X) = X or Xᵀ; op(A) is m×k, op(B) k×n, C m×n.
/// beta = 0 overwrites C without reading it. Operands too short for their shape and stride
/// leave C untouched.
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
    let product = Product {
        m,
        n,
        k,
        alpha,
        a: Operand::new(a, lda, trans_a),
        b: Operand::new(b, ldb, trans_b),
        beta,
        bias: None,
    };
    product.run(c, ldc);
}

/// C = alpha·op(A)·op(B) + beta·C + bias, the bias (n values) added to every row of C while the
/// product is written, which saves the layer a second pass over its output.
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
    let Some(bias) = bias.get(..n) else {
        return;
    };
    let product = Product {
        m,
        n,
        k,
        alpha,
        a: Operand::new(a, lda, trans_a),
        b: Operand::new(b, ldb, trans_b),
        beta,
        bias: Some(bias),
    };
    product.run(c, ldc);
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

/// Below this many multiply-adds the packed path's fixed costs (packing, edge tiles) outweigh
/// its faster inner loop, e.g. the 10×17×30 products of a small tabular model.
const DIRECT_MAX_MACS: usize = 8 * 1024;

/// Depth of one k-block: the packed strips of A and B for one micro-kernel call then stay in L1.
const KC: usize = 256;
/// Floats of packed A per block, about 128 KB, which with the B strip in use fits in L2.
const A_BLOCK_FLOATS: usize = 32 * 1024;
/// Widest packed B panel, in columns; 256 KB × KC/256 at most.
const NC: usize = 1024;
/// Room for the largest micro-kernel tile, for the partial tiles at the edges of C.
const MAX_TILE: usize = 128;

/// A register-blocked micro-kernel: one MR×NR tile of C from two strips.
trait MicroKernel {
    const MR: usize;
    const NR: usize;
    /// C = alpha·Σ_q a_q[i]·b_q[j] + beta·C + bias[j] over the MR×NR tile at the start of
    /// `c`, its rows `ldc` apart, where a_q and b_q are the MR and NR values of step q of
    /// `panels`. beta = 0 leaves C unread.
    fn tile(
        panels: &Panels,
        c: &mut [f32],
        ldc: usize,
        alpha: f32,
        beta: f32,
        bias: Option<&[f32]>,
    );
}

/// One operand as stored: row-major with row stride `ld`, used as itself or transposed.
#[derive(Clone, Copy)]
struct Operand<'a> {
    data: &'a [f32],
    ld: usize,
    trans: bool,
}

impl<'a> Operand<'a> {
    fn new(data: &'a [f32], ld: usize, trans: bool) -> Self {
        Operand { data, ld, trans }
    }

    /// Whether op(X), rows×cols, lies inside the slice.
    fn fits(&self, rows: usize, cols: usize) -> bool {
        if self.trans {
            stored_fits(self.data.len(), cols, rows, self.ld)
        } else {
            stored_fits(self.data.len(), rows, cols, self.ld)
        }
    }
}

/// Whether `rows` rows of `cols` values, `ld` apart, fit in `len` values without overlapping.
fn stored_fits(len: usize, rows: usize, cols: usize, ld: usize) -> bool {
    if rows == 0 || cols == 0 {
        return true;
    }
    (rows == 1 || ld >= cols)
        && (rows - 1)
            .checked_mul(ld)
            .and_then(|v| v.checked_add(cols))
            .is_some_and(|need| need <= len)
}

struct Product<'a> {
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: Operand<'a>,
    b: Operand<'a>,
    beta: f32,
    bias: Option<&'a [f32]>,
}

impl Product<'_> {
    fn run(&self, c: &mut [f32], ldc: usize) {
        let (m, n, k) = (self.m, self.n, self.k);
        if m == 0 || n == 0 || !stored_fits(c.len(), m, n, ldc) {
            return;
        }
        if k > 0 && !(self.a.fits(m, k) && self.b.fits(k, n)) {
            return;
        }
        if k == 0 {
            for i in 0..m {
                start_row(&mut c[i * ldc..i * ldc + n], self.beta, self.bias);
            }
        } else if m.saturating_mul(n).saturating_mul(k) <= DIRECT_MAX_MACS {
            self.direct(c, ldc);
        } else {
            with_packs(|packs| self.blocked_dispatch(packs, c, ldc));
        }
    }

    /// The unpacked loops for tiny products. Rows of C are updated as axpys over rows of B
    /// (LLVM vectorises those), or as dot products when B is transposed.
    fn direct(&self, c: &mut [f32], ldc: usize) {
        let (n, k, a, b) = (self.n, self.k, self.a, self.b);
        for i in 0..self.m {
            let row = &mut c[i * ldc..i * ldc + n];
            start_row(row, self.beta, self.bias);
            if !b.trans {
                for q in 0..k {
                    let s = self.alpha
                        * if a.trans {
                            a.data[q * a.ld + i]
                        } else {
                            a.data[i * a.ld + q]
                        };
                    let b_row = &b.data[q * b.ld..q * b.ld + n];
                    row.iter_mut().zip(b_row).for_each(|(c, b)| *c += s * b);
                }
            } else {
                for (j, cj) in row.iter_mut().enumerate() {
                    let b_row = &b.data[j * b.ld..j * b.ld + k];
                    let d = if a.trans {
                        b_row
                            .iter()
                            .enumerate()
                            .map(|(q, v)| a.data[q * a.ld + i] * v)
                            .sum()
                    } else {
                        dot(&a.data[i * a.ld..i * a.ld + k], b_row)
                    };
                    *cj += self.alpha * d;
                }
            }
        }
    }

    fn blocked_dispatch(&self, packs: &mut Packs, c: &mut [f32], ldc: usize) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            self.blocked::<simd128::Simd128>(packs, c, ldc);
        }
        #[cfg(target_arch = "x86_64")]
        {
            if avx2::available() {
                // SAFETY: the CPU has AVX2 and FMA, checked just above.
                unsafe { avx2::blocked(self, packs, c, ldc) };
                return;
            }
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        {
            self.blocked::<portable::Portable>(packs, c, ldc);
        }
    }

    /// The five loops around the micro-kernel: n in panels of NC, k in blocks of KC, m in
    /// blocks that keep packed A in L2, then the MR×NR tiles.
    ///
    /// An operand whose stored layout already matches a packed strip up to the distance between
    /// k steps (op(A) = Aᵀ: MR row values adjacent; op(B) = B: NR column values adjacent) is
    /// read in place, and only its partial edge strip is packed. In training that leaves
    /// packing to x in x·W (small) and Wᵀ in dy·Wᵀ, instead of copying all of W every step.
    #[inline(always)]
    fn blocked<K: MicroKernel>(&self, packs: &mut Packs, c: &mut [f32], ldc: usize) {
        let (m, n, k) = (self.m, self.n, self.k);
        const { assert!(K::MR * K::NR <= MAX_TILE) };
        let (mr, nr) = (K::MR, K::NR);
        // Equal blocks rather than full ones plus a sliver: 784 = 4·196, not 3·256 + 16.
        let kc_max = k.div_ceil(k.div_ceil(KC));
        let mc_cap = (A_BLOCK_FLOATS / kc_max / mr).max(1) * mr;
        let mc_max = m.div_ceil(m.div_ceil(mc_cap)).next_multiple_of(mr);
        let nc_max = n.div_ceil(n.div_ceil(NC)).next_multiple_of(nr);
        packs.reserve(mc_max * kc_max, nc_max * kc_max);
        let mut scratch = [0.0f32; MAX_TILE];
        let scratch = &mut scratch[..mr * nr];
        let (a_in_place, b_in_place) = (self.a.trans, !self.b.trans);

        for jc in (0..n).step_by(nc_max) {
            let nc = nc_max.min(n - jc);
            for pc in (0..k).step_by(kc_max) {
                let kc = kc_max.min(k - pc);
                // Only the first k-block applies beta and the bias; later ones accumulate.
                let (beta, bias) = if pc == 0 {
                    (self.beta, self.bias.map(|b| &b[jc..jc + nc]))
                } else {
                    (1.0, None)
                };
                let bp = &mut packs.b[..nc.next_multiple_of(nr) * kc];
                pack_b(self.b, pc, kc, jc, nc, nr, bp, b_in_place);
                let b = Strips {
                    packed: bp,
                    stored: b_in_place.then(|| (&self.b.data[pc * self.b.ld + jc..], self.b.ld)),
                    width: nr,
                    len: nc,
                    kc,
                };
                for ic in (0..m).step_by(mc_max) {
                    let mc = mc_max.min(m - ic);
                    let ap = &mut packs.a[..mc.next_multiple_of(mr) * kc];
                    pack_a(self.a, ic, mc, pc, kc, mr, ap, a_in_place);
                    let a = Strips {
                        packed: ap,
                        stored: a_in_place
                            .then(|| (&self.a.data[pc * self.a.ld + ic..], self.a.ld)),
                        width: mr,
                        len: mc,
                        kc,
                    };
                    let tiles = Tiles {
                        a,
                        b: &b,
                        origin: ic * ldc + jc,
                        ldc,
                        alpha: self.alpha,
                        beta,
                        bias,
                    };
                    tiles.run::<K>(c, scratch);
                }
            }
        }
    }
}

/// The strips of one operand's block, `width` (MR or NR) wide along m or n and kc deep: packed
/// strip s at `packed[s·kc·width..]`, one k step `width` apart; or, for full strips of an
/// operand read in place, at `stored.0[s·width..]`, one k step `stored.1` apart.
struct Strips<'a> {
    packed: &'a [f32],
    stored: Option<(&'a [f32], usize)>,
    width: usize,
    /// Rows (A) or columns (B) of the block; the last strip may be partial.
    len: usize,
    kc: usize,
}

impl Strips<'_> {
    fn count(&self) -> usize {
        self.len.div_ceil(self.width)
    }

    /// Strip s as (values from its start, distance between k steps, valid rows or columns).
    #[inline(always)]
    fn strip(&self, s: usize) -> (&[f32], usize, usize) {
        let (w, kc) = (self.width, self.kc);
        let valid = w.min(self.len - s * w);
        match self.stored {
            Some((data, step)) if valid == w => (&data[s * w..], step, valid),
            _ => (&self.packed[s * kc * w..(s + 1) * kc * w], w, valid),
        }
    }
}

/// The tiles of one block of A against one panel of B.
struct Tiles<'a> {
    a: Strips<'a>,
    b: &'a Strips<'a>,
    origin: usize,
    ldc: usize,
    alpha: f32,
    beta: f32,
    bias: Option<&'a [f32]>,
}

impl Tiles<'_> {
    #[inline(always)]
    fn run<K: MicroKernel>(&self, c: &mut [f32], scratch: &mut [f32]) {
        let (a_count, b_count) = (self.a.count(), self.b.count());
        // The outer loop walks the larger operand once, so the inner loop re-reads the smaller
        // one, which stays in cache: for xᵀ·dy (k = batch) that is B, otherwise A.
        if self.a.len > self.b.len {
            for is in 0..a_count {
                for js in 0..b_count {
                    self.one::<K>(is, js, c, scratch);
                }
            }
        } else {
            for js in 0..b_count {
                for is in 0..a_count {
                    self.one::<K>(is, js, c, scratch);
                }
            }
        }
    }

    #[inline(always)]
    fn one<K: MicroKernel>(&self, is: usize, js: usize, c: &mut [f32], scratch: &mut [f32]) {
        let (mr, nr, ldc, kc) = (K::MR, K::NR, self.ldc, self.a.kc);
        let (a, a_step, rows) = self.a.strip(is);
        let (b, b_step, cols) = self.b.strip(js);
        let (i0, j0) = (is * mr, js * nr);
        let bias = self.bias.map(|b| &b[j0..j0 + cols]);
        let at = self.origin + i0 * ldc + j0;
        let operands = Panels {
            kc,
            a,
            a_step,
            b,
            b_step,
        };
        if rows == mr && cols == nr {
            K::tile(&operands, &mut c[at..], ldc, self.alpha, self.beta, bias);
        } else {
            // Edge tiles go through a full-size scratch tile: C has no room for the padding.
            K::tile(&operands, scratch, nr, self.alpha, 0.0, None);
            for (ii, t) in scratch.chunks_exact(nr).take(rows).enumerate() {
                let row = &mut c[at + ii * ldc..at + ii * ldc + cols];
                start_row(row, self.beta, bias);
                row.iter_mut().zip(t).for_each(|(c, t)| *c += t);
            }
        }
    }
}

/// The micro-kernel's inputs: kc steps, step q reading MR values of A at `a[q·a_step..]` and NR
/// values of B at `b[q·b_step..]`.
pub(super) struct Panels<'a> {
    pub kc: usize,
    pub a: &'a [f32],
    pub a_step: usize,
    pub b: &'a [f32],
    pub b_step: usize,
}

impl Panels<'_> {
    /// Whether every step's MR values of A and NR values of B lie inside the slices, which the
    /// kernels check once so that their loops may read without bounds checks.
    pub fn fit(&self, mr: usize, nr: usize) -> bool {
        let need = |step: usize, width: usize| {
            self.kc
                .checked_sub(1)
                .and_then(|q| q.checked_mul(step))
                .and_then(|v| v.checked_add(width))
        };
        self.kc > 0
            && need(self.a_step, mr).is_some_and(|v| v <= self.a.len())
            && need(self.b_step, nr).is_some_and(|v| v <= self.b.len())
    }
}

/// Packs op(A)[i0..i0+mc][p0..p0+kc] as strips of `mr` rows, each strip column by column (kc
/// groups of mr values), the micro-kernel's reading order. Rows past mc are zeros. With
/// `edge_only` only a partial last strip is packed: the full ones are read in place.
#[allow(clippy::too_many_arguments)]
fn pack_a(
    a: Operand,
    i0: usize,
    mc: usize,
    p0: usize,
    kc: usize,
    mr: usize,
    dst: &mut [f32],
    edge_only: bool,
) {
    for (s, strip) in dst.chunks_exact_mut(kc * mr).enumerate() {
        let r0 = i0 + s * mr;
        let h = mr.min(i0 + mc - r0);
        if edge_only && h == mr {
            continue;
        }
        if a.trans {
            // op(A)[r][q] = a[q][r]: each column of the strip is contiguous in memory.
            for (q, col) in strip.chunks_exact_mut(mr).enumerate() {
                let from = (p0 + q) * a.ld + r0;
                col[..h].copy_from_slice(&a.data[from..from + h]);
                col[h..].fill(0.0);
            }
        } else {
            for ii in 0..mr {
                if ii < h {
                    let from = (r0 + ii) * a.ld + p0;
                    let src = &a.data[from..from + kc];
                    for (col, v) in strip.chunks_exact_mut(mr).zip(src) {
                        col[ii] = *v;
                    }
                } else {
                    strip.chunks_exact_mut(mr).for_each(|col| col[ii] = 0.0);
                }
            }
        }
    }
}

/// Packs op(B)[p0..p0+kc][j0..j0+nc] as strips of `nr` columns, each strip row by row (kc
/// groups of nr values). Columns past nc are zeros. `edge_only` as for `pack_a`.
#[allow(clippy::too_many_arguments)]
fn pack_b(
    b: Operand,
    p0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    nr: usize,
    dst: &mut [f32],
    edge_only: bool,
) {
    for (s, strip) in dst.chunks_exact_mut(kc * nr).enumerate() {
        let c0 = j0 + s * nr;
        let w = nr.min(j0 + nc - c0);
        if edge_only && w == nr {
            continue;
        }
        if b.trans {
            // op(B)[q][j] = b[j][q]: read each stored row once, scatter it down the strip.
            for jj in 0..nr {
                if jj < w {
                    let from = (c0 + jj) * b.ld + p0;
                    let src = &b.data[from..from + kc];
                    for (row, v) in strip.chunks_exact_mut(nr).zip(src) {
                        row[jj] = *v;
                    }
                } else {
                    strip.chunks_exact_mut(nr).for_each(|row| row[jj] = 0.0);
                }
            }
        } else {
            for (q, row) in strip.chunks_exact_mut(nr).enumerate() {
                let from = (p0 + q) * b.ld + c0;
                row[..w].copy_from_slice(&b.data[from..from + w]);
                row[w..].fill(0.0);
            }
        }
    }
}

/// row = beta·row + bias, where beta = 0 does not read row (it may hold NaN).
#[inline(always)]
fn start_row(row: &mut [f32], beta: f32, bias: Option<&[f32]>) {
    match (beta == 0.0, bias) {
        (true, None) => row.fill(0.0),
        (true, Some(bias)) => row.copy_from_slice(&bias[..row.len()]),
        (false, None) => {
            if beta != 1.0 {
                row.iter_mut().for_each(|c| *c *= beta);
            }
        }
        (false, Some(bias)) => row
            .iter_mut()
            .zip(bias)
            .for_each(|(c, b)| *c = beta * *c + b),
    }
}

/// A dot product with eight partial sums, so that LLVM may vectorise it without reassociating.
fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (xc, xr) = x.as_chunks::<8>();
    let (yc, yr) = y.as_chunks::<8>();
    for (xv, yv) in xc.iter().zip(yc) {
        for l in 0..8 {
            acc[l] += xv[l] * yv[l];
        }
    }
    let tail: f32 = xr.iter().zip(yr).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

/// The packing buffers, kept between calls so that training allocates nothing per step.
#[derive(Default)]
struct Packs {
    a: Vec<f32>,
    b: Vec<f32>,
}

impl Packs {
    fn reserve(&mut self, a: usize, b: usize) {
        if self.a.len() < a {
            self.a.resize(a, 0.0);
        }
        if self.b.len() < b {
            self.b.resize(b, 0.0);
        }
    }
}

thread_local! {
    static PACKS: RefCell<Packs> = RefCell::new(Packs::default());
}

/// Runs `f` with this thread's packing buffers, or fresh ones if those are unavailable
/// (re-entered, or the thread is being torn down) rather than panicking.
fn with_packs(f: impl FnOnce(&mut Packs)) {
    let mut f = Some(f);
    let _ = PACKS.try_with(|cell| {
        if let Ok(mut packs) = cell.try_borrow_mut() {
            if let Some(f) = f.take() {
                f(&mut packs);
            }
        }
    });
    if let Some(f) = f {
        f(&mut Packs::default());
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

    /// Which implementation a case runs: the public functions pick the direct loops or the
    /// target's packed kernel by size; the others force a path so that each sees every shape.
    #[derive(Debug, Clone, Copy)]
    enum Path {
        Public,
        Direct,
        Portable,
    }

    /// Checks `gemm` against a triple loop in f64 for one case. Padding between the rows of
    /// C must survive, and beta = 0 must not read C (it starts as NaN then).
    #[allow(clippy::too_many_arguments)]
    fn check(
        path: Path,
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
        let product = Product {
            m,
            n,
            k,
            alpha,
            a: Operand::new(&a, lda, trans_a),
            b: Operand::new(&b, ldb, trans_b),
            beta,
            bias: fused_bias.then_some(&bias[..]),
        };
        match path {
            Path::Public if fused_bias => gemm_bias(
                trans_a, trans_b, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc, &bias,
            ),
            Path::Public => gemm(
                trans_a, trans_b, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc,
            ),
            Path::Direct => product.direct(&mut c, ldc),
            Path::Portable => {
                with_packs(|packs| product.blocked::<portable::Portable>(packs, &mut c, ldc))
            }
        }
        let case = format!(
            "{path:?} ta={trans_a} tb={trans_b} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad} bias={fused_bias}"
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
        for path in [Path::Public, Path::Direct, Path::Portable] {
            for &(m, n, k) in &SHAPES {
                for trans_a in [false, true] {
                    for trans_b in [false, true] {
                        for beta in [0.0, 1.0] {
                            for alpha in [1.0, 0.5] {
                                for pad in [0, 3] {
                                    check(path, trans_a, trans_b, m, n, k, alpha, beta, pad, false);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fused_bias_against_a_triple_loop() {
        for path in [Path::Public, Path::Direct, Path::Portable] {
            for &(m, n, k) in &SHAPES {
                for trans_a in [false, true] {
                    for trans_b in [false, true] {
                        for (alpha, beta) in [(1.0, 0.0), (0.5, 1.0), (1.0, 0.25)] {
                            check(path, trans_a, trans_b, m, n, k, alpha, beta, 2, true);
                        }
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
