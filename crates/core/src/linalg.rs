//! The matrix products the layers need, on row-major slices with row strides, so that the
//! layers never allocate.
//!
//! `gemm` is a cache-blocked product in the BLIS style: k is cut into blocks, op(B) into strips
//! NR columns wide (packed into a reused buffer unless it can be read in place) and op(A) into
//! strips MR rows tall, and a register-blocked micro-kernel computes one MR×NR tile of C per
//! pair of strips. The micro-kernel is the only target-specific part: wasm32 SIMD128
//! intrinsics in the browser, AVX2/FMA on x86_64 when the CPU has them (checked at run time),
//! and plain Rust that LLVM vectorises everywhere else. Tiny or very narrow products use plain
//! loops instead, as tiles and packing would cost more than the arithmetic.

use std::cell::RefCell;

#[cfg(target_arch = "x86_64")]
mod avx2;
// The browser build only needs it to test the other kernels against.
#[cfg(any(test, not(all(target_arch = "wasm32", target_feature = "simd128"))))]
mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;
mod sparse;

pub use sparse::{sparse_product, sparse_t_product, SparseRows};

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
    gemm_bias(
        trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, None,
    );
}

/// `gemm`, plus a bias (n values) added to every row of C while the product is written, which
/// saves a layer a second pass over its output. A bias shorter than n leaves C untouched.
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
    bias: Option<&[f32]>,
) {
    let bias = match bias.map(|v| v.get(..n)) {
        Some(None) => return,
        Some(Some(v)) => Some(v),
        None => None,
    };
    let product = Product {
        m,
        n,
        k,
        alpha,
        a: Operand::new(a, lda, trans_a),
        b: Operand::new(b, ldb, trans_b),
        beta,
        bias,
        c_trans: false,
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

/// Below this many multiply-adds the tiled path's fixed costs (calls, partial tiles, packing)
/// outweigh its faster inner loop.
const DIRECT_MAX_MACS: usize = 1024;
/// Up to this many multiply-adds, the browser build holds rows of C in registers rather than
/// tiling (`simd128::small_product`): a table model's products, where tiles were mostly partial.
const SMALL_MAX_MACS: usize = 8192;
/// Whether the kernels read op(B) = B where it is stored rather than packing it. Measured on
/// MNIST training: in wasm, reading W in place was faster (~2%); natively, packing it was (~8%),
/// as the AVX2 kernel's 64-byte rows of W straddle cache lines and stream from L3 after the
/// optimizer's pass over the weights.
const B_IN_PLACE: bool = cfg!(target_arch = "wasm32");
/// Outputs narrower than this waste most of a micro-kernel tile: one dense unit (regression,
/// binary classification) fills 1 of its 8 or 16 columns.
const NARROW: usize = 4;

#[derive(Clone, Copy, Debug)]
enum Direct {
    /// C(i, j) as a dot product of row i of op(A) and column j of op(B).
    Dots,
    /// Row i of C as Σ_q A(i, q)·(row q of op(B)).
    RowSums,
}

/// Depth of one k-block: the strips of A and B one micro-kernel call reads then stay in L1.
const KC: usize = 256;
/// Values of A per block of rows, about 128 KB, which with the B strip in use fits in L2.
const A_BLOCK_FLOATS: usize = 32 * 1024;
/// Widest B panel, in columns: at most 1 MB of packed B.
const NC: usize = 1024;

/// A register-blocked micro-kernel: one MR×NR tile of C from two strips.
trait MicroKernel {
    const MR: usize;
    const NR: usize;
    /// Writes Σ_q a_q[i]·b_q[j] to `out` as `Out` describes, for i < panels.rows, where a_q
    /// and b_q are the MR and NR values of step q of `panels`.
    fn tile(panels: &Panels, out: &mut Out);
    /// `pack_b` with this kernel's NR.
    fn pack_b(b: Operand, p0: usize, kc: usize, j0: usize, nc: usize, dst: &mut [f32]);
}

/// One operand as stored: row-major with row stride `ld`, used as itself or transposed.
#[derive(Clone, Copy)]
pub(super) struct Operand<'a> {
    data: &'a [f32],
    ld: usize,
    trans: bool,
}

impl<'a> Operand<'a> {
    fn new(data: &'a [f32], ld: usize, trans: bool) -> Self {
        Operand { data, ld, trans }
    }

    /// The distances in `data` between rows and between columns of op(X).
    fn steps(&self) -> (usize, usize) {
        if self.trans {
            (1, self.ld)
        } else {
            (self.ld, 1)
        }
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
    /// Added to every row of C, so indexed by the column of C.
    bias: Option<&'a [f32]>,
    /// Whether this product is Cᵀ: its element (i, j) goes to C[j][i].
    c_trans: bool,
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
        } else if let Some(form) = self.direct_form() {
            self.direct(c, ldc, form);
        } else if cfg!(all(target_arch = "wasm32", target_feature = "simd128"))
            && self.fits_small_rows()
        {
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            simd128::small_product(self, c, ldc);
        } else {
            let swapped = self.transposed_if_cheaper();
            let product = swapped.as_ref().unwrap_or(self);
            with_packs(|packs| product.blocked_dispatch(packs, c, ldc, B_IN_PLACE));
        }
    }

    /// Cᵀ = op(B)ᵀ·op(A)ᵀ instead, when that copies fewer values. The right operand has to be
    /// packed when its rows are not contiguous, as Wᵀ in dy·Wᵀ is; swapped, the product packs
    /// dyᵀ (batch × units) instead of Wᵀ (inputs × units), e.g. 4 096 values, not 100 352. The
    /// price is writing C down its columns (counted as m·n), so a short k keeps Wᵀ.
    fn transposed_if_cheaper(&self) -> Option<Self> {
        let (m, n, k) = (self.m, self.n, self.k);
        let packed_now = if self.b.steps().1 == 1 { 0 } else { n * k };
        let packed_swapped = if self.a.steps().0 == 1 { 0 } else { m * k };
        let swap = packed_swapped.saturating_add(m.saturating_mul(n)) < packed_now;
        (!self.c_trans && swap).then(|| self.transposed())
    }

    /// The same C computed as Cᵀ = op(B)ᵀ·op(A)ᵀ.
    fn transposed(&self) -> Self {
        Product {
            m: self.n,
            n: self.m,
            k: self.k,
            alpha: self.alpha,
            a: Operand::new(self.b.data, self.b.ld, !self.b.trans),
            b: Operand::new(self.a.data, self.a.ld, !self.a.trans),
            beta: self.beta,
            bias: self.bias,
            c_trans: !self.c_trans,
        }
    }

    /// The loops without packing or tiles, for products too small or too narrow to fill
    /// micro-kernel tiles. Each element of C is a dot product of a row of op(A) and a column
    /// of op(B) when both are contiguous, or a narrow C leaves nothing else; otherwise rows of
    /// C are built as sums of rows of op(B), which are contiguous when B is not transposed.
    fn direct(&self, c: &mut [f32], ldc: usize, form: Direct) {
        let (n, k) = (self.n, self.k);
        let (a, b) = (self.a.data, self.b.data);
        let (a_row, a_col) = self.a.steps();
        let (b_row, b_col) = self.b.steps();
        for i in 0..self.m {
            let row = &mut c[i * ldc..i * ldc + n];
            let a_i = &a[i * a_row..];
            match form {
                Direct::Dots => {
                    for (j, cj) in row.iter_mut().enumerate() {
                        let d = dot_strided(a_i, a_col, &b[j * b_col..], b_row, k);
                        let prior = if self.beta == 0.0 {
                            0.0
                        } else {
                            self.beta * *cj
                        };
                        *cj = self.alpha * d + prior + self.bias.map_or(0.0, |bias| bias[j]);
                    }
                }
                Direct::RowSums => {
                    start_row(row, self.beta, self.bias);
                    for q in 0..k {
                        let s = self.alpha * a_i[q * a_col];
                        if b_col == 1 || n == 1 {
                            let b_q = &b[q * b_row..q * b_row + n];
                            row.iter_mut().zip(b_q).for_each(|(c, b)| *c += s * b);
                        } else {
                            for (j, cj) in row.iter_mut().enumerate() {
                                *cj += s * b[q * b_row + j * b_col];
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether this product is small enough for `simd128::small_product` (rows of C held in
    /// registers) and shaped for it: at least 4 columns, contiguous rows of op(B).
    fn fits_small_rows(&self) -> bool {
        self.n >= 4
            && self.b.steps().1 == 1
            && !self.c_trans
            && self.m.saturating_mul(self.n).saturating_mul(self.k) <= SMALL_MAX_MACS
    }

    /// Which unpacked loop suits this product, if any is better than the tiled one.
    fn direct_form(&self) -> Option<Direct> {
        let (m, n, k) = (self.m, self.n, self.k);
        let (_, a_col) = self.a.steps();
        let (b_row, b_col) = self.b.steps();
        // A dimension of length 1 has no step to speak of: its one value is contiguous.
        let dots_contiguous = k == 1 || (a_col == 1 && b_row == 1);
        let rows_contiguous = b_col == 1 || n == 1;
        if n < NARROW && (dots_contiguous || m.saturating_mul(k) <= DIRECT_MAX_MACS) {
            Some(Direct::Dots)
        } else if m.saturating_mul(n).saturating_mul(k) <= DIRECT_MAX_MACS {
            Some(if rows_contiguous {
                Direct::RowSums
            } else {
                Direct::Dots
            })
        } else {
            None
        }
    }

    fn blocked_dispatch(&self, packs: &mut Packs, c: &mut [f32], ldc: usize, b_in_place: bool) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            self.blocked::<simd128::Simd128>(packs, c, ldc, b_in_place);
        }
        #[cfg(target_arch = "x86_64")]
        {
            if avx2::available() {
                // SAFETY: the CPU has AVX2 and FMA, checked just above.
                unsafe { avx2::blocked(self, packs, c, ldc, b_in_place) };
                return;
            }
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        {
            self.blocked::<portable::Portable>(packs, c, ldc, b_in_place);
        }
    }

    /// The loops around the micro-kernel: n in panels of NC, k in blocks of KC, m in blocks
    /// that keep the rows of A in use in L2, then the MR×NR tiles.
    ///
    /// A is always read in place: the kernel loads it one value at a time, so any distances
    /// between rows and between k steps will do, and a partial strip repeats its last row
    /// rather than needing zero padding. B can be read in place when op(B) = B, as the kernel
    /// loads NR adjacent values of a row of op(B); `B_IN_PLACE` says whether to. Bᵀ and a
    /// partial last strip of B are always packed.
    #[inline(always)]
    fn blocked<K: MicroKernel>(
        &self,
        packs: &mut Packs,
        c: &mut [f32],
        ldc: usize,
        b_in_place: bool,
    ) {
        let (m, n, k) = (self.m, self.n, self.k);
        let (mr, nr) = (K::MR, K::NR);
        // Equal blocks rather than full ones plus a sliver: 784 = 4·196, not 3·256 + 16.
        let kc_max = k.div_ceil(k.div_ceil(KC));
        let mc_cap = (A_BLOCK_FLOATS / kc_max / mr).max(1) * mr;
        let mc_max = m.div_ceil(m.div_ceil(mc_cap)).next_multiple_of(mr);
        let nc_max = n.div_ceil(n.div_ceil(NC)).next_multiple_of(nr);
        let (a_row, a_col) = self.a.steps();
        let (b_row, b_col) = self.b.steps();
        let b_in_place = b_in_place && b_col == 1;
        packs.reserve(if b_in_place { nr } else { nc_max } * kc_max);

        for jc in (0..n).step_by(nc_max) {
            let nc = nc_max.min(n - jc);
            for pc in (0..k).step_by(kc_max) {
                let kc = kc_max.min(k - pc);
                // Only the first k-block applies beta and the bias; later ones accumulate.
                let (beta, bias) = if pc == 0 {
                    (self.beta, self.bias)
                } else {
                    (1.0, None)
                };
                let full_strips = if b_in_place { nc / nr } else { 0 };
                let packed = &mut packs.b[..(nc.div_ceil(nr) - full_strips) * kc * nr];
                K::pack_b(
                    self.b,
                    pc,
                    kc,
                    jc + full_strips * nr,
                    nc - full_strips * nr,
                    packed,
                );
                let b = BPanel {
                    stored: &self.b.data[pc * b_row + jc..],
                    stored_step: b_row,
                    full_strips,
                    packed,
                    nc,
                };
                for ic in (0..m).step_by(mc_max) {
                    let mc = mc_max.min(m - ic);
                    let tiles = Tiles {
                        a: &self.a.data[ic * a_row + pc * a_col..],
                        a_step: a_col,
                        a_lane: a_row,
                        mc,
                        b: &b,
                        kc,
                        ic,
                        jc,
                        c_steps: if self.c_trans { (1, ldc) } else { (ldc, 1) },
                        alpha: self.alpha,
                        beta,
                        bias,
                        bias_by_row: self.c_trans,
                    };
                    tiles.run::<K>(c);
                }
            }
        }
    }
}

/// One k-block of B for columns jc..jc+nc: its first `full_strips` strips of NR columns read in
/// place (a k step `stored_step` apart), the rest packed (a k step NR apart, zero padded).
struct BPanel<'a> {
    stored: &'a [f32],
    stored_step: usize,
    full_strips: usize,
    packed: &'a [f32],
    nc: usize,
}

/// The tiles of one block of rows of A against one panel of B.
struct Tiles<'a> {
    /// A(i, q) of the block at `a[i·a_lane + q·a_step]`.
    a: &'a [f32],
    a_step: usize,
    a_lane: usize,
    mc: usize,
    b: &'a BPanel<'a>,
    kc: usize,
    /// Where the block starts in the product.
    ic: usize,
    jc: usize,
    /// Distances in C between the product's rows and between its columns.
    c_steps: (usize, usize),
    alpha: f32,
    beta: f32,
    /// The whole bias, indexed by the product's row when `bias_by_row`, else by its column.
    bias: Option<&'a [f32]>,
    bias_by_row: bool,
}

impl Tiles<'_> {
    #[inline(always)]
    fn run<K: MicroKernel>(&self, c: &mut [f32]) {
        let (a_count, b_count) = (self.mc.div_ceil(K::MR), self.b.nc.div_ceil(K::NR));
        // The outer loop walks the larger operand once, so the inner loop re-reads the smaller
        // one, which stays in cache: for xᵀ·dy (k = batch) that is B, otherwise A.
        if self.mc > self.b.nc {
            for is in 0..a_count {
                for js in 0..b_count {
                    self.one::<K>(is, js, c);
                }
            }
        } else {
            for js in 0..b_count {
                for is in 0..a_count {
                    self.one::<K>(is, js, c);
                }
            }
        }
    }

    #[inline(always)]
    fn one<K: MicroKernel>(&self, is: usize, js: usize, c: &mut [f32]) {
        let (mr, nr, kc) = (K::MR, K::NR, self.kc);
        let (i0, j0) = (is * mr, js * nr);
        let rows = mr.min(self.mc - i0);
        let cols = nr.min(self.b.nc - j0);
        let (b, b_step) = if js < self.b.full_strips {
            (&self.b.stored[j0..], self.b.stored_step)
        } else {
            let s = js - self.b.full_strips;
            (&self.b.packed[s * kc * nr..(s + 1) * kc * nr], nr)
        };
        let panels = Panels {
            kc,
            a: &self.a[i0 * self.a_lane..],
            a_step: self.a_step,
            a_lane: self.a_lane,
            rows,
            b,
            b_step,
        };
        let (i, j) = (self.ic + i0, self.jc + j0);
        let (row_step, col_step) = self.c_steps;
        let bias = self.bias.map(|b| {
            if self.bias_by_row {
                &b[i..i + rows]
            } else {
                &b[j..j + cols]
            }
        });
        let mut out = Out {
            c: &mut c[i * row_step + j * col_step..],
            row_step,
            col_step,
            cols,
            alpha: self.alpha,
            beta: self.beta,
            bias,
            bias_by_row: self.bias_by_row,
        };
        K::tile(&panels, &mut out);
    }
}

/// The micro-kernel's inputs for kc steps. Step q reads the A values of rows i < MR at
/// `a[q·a_step + min(i, rows-1)·a_lane]` (rows past `rows` repeat the last one, and their
/// results are dropped) and the NR adjacent values of B at `b[q·b_step..]`.
pub(super) struct Panels<'a> {
    pub kc: usize,
    pub a: &'a [f32],
    pub a_step: usize,
    pub a_lane: usize,
    pub rows: usize,
    pub b: &'a [f32],
    pub b_step: usize,
}

impl Panels<'_> {
    /// Whether every value the kernel reads lies inside the slices, which the kernels check
    /// once so that their loops may read without bounds checks.
    pub fn fit(&self, mr: usize, nr: usize) -> bool {
        let last_step = |step: usize| self.kc.checked_sub(1).and_then(|q| q.checked_mul(step));
        let a_need = last_step(self.a_step)
            .zip(
                self.rows
                    .checked_sub(1)
                    .and_then(|r| r.checked_mul(self.a_lane)),
            )
            .and_then(|(x, y)| x.checked_add(y)?.checked_add(1));
        let b_need = last_step(self.b_step).and_then(|x| x.checked_add(nr));
        (1..=mr).contains(&self.rows)
            && a_need.is_some_and(|v| v <= self.a.len())
            && b_need.is_some_and(|v| v <= self.b.len())
    }

    /// Offsets of the MR rows of A read, the rows past `rows` repeating the last one.
    #[inline(always)]
    pub fn a_rows<const MR: usize>(&self) -> [usize; MR] {
        core::array::from_fn(|i| i.min(self.rows.saturating_sub(1)) * self.a_lane)
    }
}

/// Where and how a micro-kernel writes its tile: element (i, j), for i < rows (those of the
/// panels) and j < cols, at `c[i·row_step + j·col_step]`, as
/// alpha·Σ + beta·C + bias[j] (or bias[i] when `bias_by_row`). beta = 0 leaves C unread.
pub(super) struct Out<'a> {
    pub c: &'a mut [f32],
    pub row_step: usize,
    pub col_step: usize,
    pub cols: usize,
    pub alpha: f32,
    pub beta: f32,
    pub bias: Option<&'a [f32]>,
    pub bias_by_row: bool,
}

impl Out<'_> {
    /// Whether the tile's elements and bias values lie inside their slices.
    pub fn fits(&self, rows: usize) -> bool {
        let last = |n: usize, step: usize| n.checked_sub(1).and_then(|v| v.checked_mul(step));
        let need = last(rows, self.row_step)
            .zip(last(self.cols, self.col_step))
            .and_then(|(x, y)| x.checked_add(y)?.checked_add(1));
        let bias_need = if self.bias_by_row { rows } else { self.cols };
        need.is_some_and(|v| v <= self.c.len()) && self.bias.is_none_or(|b| b.len() >= bias_need)
    }

    /// Whether the tile is full and lies along rows of C with its bias along them too, the
    /// case the kernels write with vector stores.
    pub fn is_plain(&self, rows: usize, mr: usize, nr: usize) -> bool {
        rows == mr && self.cols == nr && self.col_step == 1 && !self.bias_by_row
    }

    /// Whether the tile is full and its rows run down columns of C (Cᵀ is being computed),
    /// with its bias, if any, along them: the case a kernel may write with vector stores after
    /// transposing its accumulators.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pub fn is_plain_transposed(&self, rows: usize, mr: usize, nr: usize) -> bool {
        rows == mr
            && self.cols == nr
            && self.row_step == 1
            && (self.bias.is_none() || self.bias_by_row)
    }

    /// The general write, from the accumulators spilled to `acc`: partial tiles and Cᵀ, rare
    /// in big products and cheap in small ones, so plain scalar code.
    pub fn write_spilled<const MR: usize, const NR: usize>(
        &mut self,
        acc: &[[f32; NR]; MR],
        rows: usize,
    ) {
        if !self.fits(rows) {
            return;
        }
        if self.col_step == 1 && !self.bias_by_row {
            // The partial tiles at the right and bottom edges of C: each row a slice, with
            // the branches taken once per tile rather than per value. In a small model most
            // tiles are partial (10×30 outputs, 4×8 tiles), so this is where its product ends.
            let (alpha, beta, cols) = (self.alpha, self.beta, self.cols);
            for (i, acc_row) in acc.iter().enumerate().take(rows) {
                let row = &mut self.c[i * self.row_step..i * self.row_step + cols];
                let sums = &acc_row[..cols];
                match (beta == 0.0, self.bias) {
                    (true, None) => row.iter_mut().zip(sums).for_each(|(c, &t)| *c = alpha * t),
                    (true, Some(bias)) => row
                        .iter_mut()
                        .zip(sums)
                        .zip(bias)
                        .for_each(|((c, &t), &b)| *c = alpha * t + b),
                    (false, bias) => {
                        for (j, (c, &t)) in row.iter_mut().zip(sums).enumerate() {
                            *c = alpha * t + beta * *c + bias.map_or(0.0, |b| b[j]);
                        }
                    }
                }
            }
            return;
        }
        for (i, acc_row) in acc.iter().enumerate().take(rows) {
            for (j, &t) in acc_row.iter().enumerate().take(self.cols) {
                let at = i * self.row_step + j * self.col_step;
                let prior = if self.beta == 0.0 {
                    0.0
                } else {
                    self.beta * self.c[at]
                };
                let bias = self
                    .bias
                    .map_or(0.0, |b| b[if self.bias_by_row { i } else { j }]);
                self.c[at] = self.alpha * t + prior + bias;
            }
        }
    }
}

/// Packs op(B)[p0..p0+kc][j0..j0+nc] as strips of NR columns, each strip row by row (kc
/// groups of NR values), the micro-kernel's reading order. Columns past nc are zeros. NR is a
/// constant so that whole rows copy as fixed-size blocks: with a run-time length every row
/// became a `memory.copy` call in wasm.
pub(super) fn pack_b<const NR: usize>(
    b: Operand,
    p0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    dst: &mut [f32],
) {
    let (strips, _) = dst.as_chunks_mut::<NR>();
    for (s, strip) in strips.chunks_exact_mut(kc).enumerate() {
        let c0 = j0 + s * NR;
        let w = NR.min(j0 + nc - c0);
        if b.trans {
            // op(B)[q][j] = b[j][q]: read each stored row once, scatter it down the strip.
            for jj in 0..NR {
                if jj < w {
                    let from = (c0 + jj) * b.ld + p0;
                    for (row, v) in strip.iter_mut().zip(&b.data[from..from + kc]) {
                        row[jj] = *v;
                    }
                } else {
                    strip.iter_mut().for_each(|row| row[jj] = 0.0);
                }
            }
        } else if w == NR {
            for (q, row) in strip.iter_mut().enumerate() {
                let from = (p0 + q) * b.ld + c0;
                if let Some(src) = b
                    .data
                    .get(from..from + NR)
                    .and_then(|s| s.as_chunks().0.first())
                {
                    *row = *src;
                }
            }
        } else {
            for (q, row) in strip.iter_mut().enumerate() {
                let from = (p0 + q) * b.ld + c0;
                for (jj, v) in row.iter_mut().enumerate() {
                    *v = if jj < w { b.data[from + jj] } else { 0.0 };
                }
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

/// Σ_q x[q·x_step]·y[q·y_step] for q < k, vectorised when both steps are 1.
#[inline(always)]
fn dot_strided(x: &[f32], x_step: usize, y: &[f32], y_step: usize, k: usize) -> f32 {
    if k == 1 || (x_step == 1 && y_step == 1) {
        dot(&x[..k], &y[..k])
    } else {
        (0..k).map(|q| x[q * x_step] * y[q * y_step]).sum()
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
    b: Vec<f32>,
}

impl Packs {
    fn reserve(&mut self, b: usize) {
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
        Dots,
        RowSums,
        Portable {
            b_in_place: bool,
        },
        PortableTransposed,
        /// The target's kernel, B read in place or packed.
        Native {
            b_in_place: bool,
        },
        /// The target's kernel on Cᵀ = op(B)ᵀ·op(A)ᵀ.
        Transposed,
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
            c_trans: false,
        };
        match path {
            Path::Public if fused_bias => gemm_bias(
                trans_a,
                trans_b,
                m,
                n,
                k,
                alpha,
                &a,
                lda,
                &b,
                ldb,
                beta,
                &mut c,
                ldc,
                Some(&bias),
            ),
            Path::Public => gemm(
                trans_a, trans_b, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc,
            ),
            Path::Dots => product.direct(&mut c, ldc, Direct::Dots),
            Path::RowSums => product.direct(&mut c, ldc, Direct::RowSums),
            Path::Portable { b_in_place } => with_packs(|packs| {
                product.blocked::<portable::Portable>(packs, &mut c, ldc, b_in_place)
            }),
            Path::PortableTransposed => with_packs(|packs| {
                product
                    .transposed()
                    .blocked::<portable::Portable>(packs, &mut c, ldc, true)
            }),
            Path::Native { b_in_place } => {
                with_packs(|packs| product.blocked_dispatch(packs, &mut c, ldc, b_in_place))
            }
            Path::Transposed => with_packs(|packs| {
                product
                    .transposed()
                    .blocked_dispatch(packs, &mut c, ldc, B_IN_PLACE)
            }),
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
        for path in [
            Path::Public,
            Path::Dots,
            Path::RowSums,
            Path::Portable { b_in_place: false },
            Path::Portable { b_in_place: true },
            Path::PortableTransposed,
            Path::Native { b_in_place: false },
            Path::Native { b_in_place: true },
            Path::Transposed,
        ] {
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
        for path in [
            Path::Public,
            Path::Dots,
            Path::RowSums,
            Path::Portable { b_in_place: false },
            Path::Portable { b_in_place: true },
            Path::PortableTransposed,
            Path::Native { b_in_place: false },
            Path::Native { b_in_place: true },
            Path::Transposed,
        ] {
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
    fn operands_too_short_for_their_shape_leave_c_alone() {
        let a = vec![1.0; 6];
        let b = vec![1.0; 6];
        let mut c = vec![7.0; 9];
        // A needs 3×3 values, B 3 rows 3 apart, C rows of 3 with ldc 2 would overlap.
        gemm(false, false, 3, 3, 3, 1.0, &a, 3, &b, 2, 0.0, &mut c, 3);
        gemm(false, false, 2, 3, 2, 1.0, &a, 3, &b, 2, 0.0, &mut c, 3);
        gemm(false, false, 2, 3, 2, 1.0, &a, 3, &b, 3, 0.0, &mut c, 2);
        gemm_bias(
            false,
            false,
            2,
            3,
            2,
            1.0,
            &a,
            3,
            &b,
            3,
            0.0,
            &mut c,
            3,
            Some(&[1.0]),
        );
        assert_eq!(c, vec![7.0; 9]);
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
