//! Products with a mostly-zero left operand. About 80% of MNIST's pixels are 0, so the first
//! layer's x·W and xᵀ·dz need only the rows of W (or of dz) that a non-zero pixel selects:
//! a fifth of the dense products' arithmetic, and the same sums up to rounding order.

/// The non-zero values of a rows × cols matrix, row by row, and (after [`by_column`]) the
/// same values grouped by column. The buffers are reused from batch to batch.
///
/// [`by_column`]: SparseRows::by_column
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRows {
    rows: usize,
    cols: usize,
    by_row: Lists,
    by_col: Lists,
    /// Where each column's next entry goes while grouping by column.
    next: Vec<usize>,
}

/// Lists of (index, value) entries: list r is `index[start[r]..start[r + 1]]` with its
/// values alongside.
#[derive(Debug, Clone, Default, PartialEq)]
struct Lists {
    start: Vec<usize>,
    index: Vec<u32>,
    value: Vec<f32>,
}

impl Lists {
    fn clear(&mut self) {
        self.start.clear();
        self.index.clear();
        self.value.clear();
    }
}

impl SparseRows {
    /// Reads `x` (rows × cols, row-major) if at most `max_density` of its values are
    /// non-zero, and returns whether it did; a denser `x` is left to the dense product, and
    /// reading it stops as soon as it is known to be too dense.
    pub fn fill(&mut self, x: &[f32], rows: usize, cols: usize, max_density: f32) -> bool {
        let limit = ((rows * cols) as f32 * max_density) as usize;
        if x.len() < rows * cols || cols > u32::MAX as usize {
            return false;
        }
        self.rows = rows;
        self.cols = cols;
        self.by_col.clear();
        let lists = &mut self.by_row;
        lists.start.clear();
        lists.start.push(0);
        let room = (limit + cols).min(rows * cols);
        lists.index.resize(room, 0);
        lists.value.resize(room, 0.0);
        let mut len = 0;
        for row in x.chunks_exact(cols.max(1)).take(rows) {
            // len ≤ limit, and len ≤ (rows so far)·cols, so a whole row fits in `room`.
            let (Some(index), Some(value)) = (
                lists.index.get_mut(len..len + cols),
                lists.value.get_mut(len..len + cols),
            ) else {
                return false;
            };
            let at = compact(row, index, value);
            len += at;
            if len > limit {
                return false;
            }
            lists.start.push(len);
        }
        lists.index.truncate(len);
        lists.value.truncate(len);
        true
    }

    /// Groups the entries by column (a counting sort), for [`sparse_t_product`].
    pub fn by_column(&mut self) {
        let (rows, cols, next) = (&self.by_row, &mut self.by_col, &mut self.next);
        cols.clear();
        cols.start.resize(self.cols + 1, 0);
        for &j in &rows.index {
            cols.start[j as usize + 1] += 1;
        }
        for j in 0..self.cols {
            cols.start[j + 1] += cols.start[j];
        }
        cols.index.resize(rows.index.len(), 0);
        cols.value.resize(rows.index.len(), 0.0);
        // Rows are visited in order, so each column's entries stay sorted by row.
        next.clone_from(&cols.start);
        for (r, span) in rows.start.windows(2).enumerate() {
            for e in span[0]..span[1] {
                let j = rows.index[e] as usize;
                cols.index[next[j]] = r as u32;
                cols.value[next[j]] = rows.value[e];
                next[j] += 1;
            }
        }
    }

    /// The share of values that are non-zero.
    pub fn density(&self) -> f32 {
        self.by_row.index.len() as f32 / (self.rows * self.cols).max(1) as f32
    }
}

/// Writes the non-zero values of `row` and their positions to the front of `value` and
/// `index` (each at least as long as `row`) and returns how many there are.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn compact(row: &[f32], index: &mut [u32], value: &mut [f32]) -> usize {
    let mut at = 0;
    // Blocks of eight zeros (the margins around a digit) are skipped whole.
    for (b, block) in row.chunks(8).enumerate() {
        // Bits without the sign, so that -0.0 counts as zero too.
        if block.iter().fold(0, |any, v| any | (v.to_bits() << 1)) == 0 {
            continue;
        }
        // Every value is written and `at` moves on only past non-zero ones: a branch per
        // value would be mispredicted at every edge of a digit's strokes.
        for (j, &v) in block.iter().enumerate() {
            index[at] = (b * 8 + j) as u32;
            value[at] = v;
            at += usize::from(v != 0.0);
        }
    }
    at
}

/// The same four values at a time in SIMD128: a comparison gives a 4-bit mask of the
/// non-zero lanes, and a byte shuffle from a table of 16 moves them to the front. All four
/// lanes are stored and `at` moves on by the count, as the scalar loop does value by value.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn compact(row: &[f32], index: &mut [u32], value: &mut [f32]) -> usize {
    use core::arch::wasm32::{
        f32x4_ne, f32x4_splat, i32x4, i32x4_add, i32x4_bitmask, i32x4_splat, i8x16_swizzle, v128,
        v128_load, v128_store,
    };
    let (zero, lanes) = (f32x4_splat(0.0), i32x4(0, 1, 2, 3));
    let mut at = 0;
    let quads = row.chunks_exact(4);
    let tail = quads.remainder();
    for (q, quad) in quads.enumerate() {
        // SAFETY: `quad` holds 4 values; v128 loads need no alignment.
        let v = unsafe { v128_load(quad.as_ptr() as *const v128) };
        // -0.0 ≠ 0.0 is false, so -0.0 counts as zero too.
        let mask = i32x4_bitmask(f32x4_ne(v, zero)) as usize & 15;
        // Zeros (most of the margins around a digit) cost only the test.
        if mask == 0 {
            continue;
        }
        // at ≤ 4q (at most one entry per value read), so at + 4 ≤ row.len() ≤ both lengths.
        let (Some(to_value), Some(to_index)) =
            (value.get_mut(at..at + 4), index.get_mut(at..at + 4))
        else {
            return at;
        };
        let positions = i32x4_add(i32x4_splat(4 * q as i32), lanes);
        // SAFETY: each table row holds 16 bytes, each destination 4 values; v128 loads and
        // stores need no alignment.
        unsafe {
            let front = v128_load(FRONT[mask].as_ptr() as *const v128);
            v128_store(to_value.as_mut_ptr() as *mut v128, i8x16_swizzle(v, front));
            v128_store(
                to_index.as_mut_ptr() as *mut v128,
                i8x16_swizzle(positions, front),
            );
        }
        at += mask.count_ones() as usize;
    }
    let first = row.len() - tail.len();
    for (j, &v) in tail.iter().enumerate() {
        let (Some(i), Some(x)) = (index.get_mut(at), value.get_mut(at)) else {
            return at;
        };
        (*i, *x) = ((first + j) as u32, v);
        at += usize::from(v != 0.0);
    }
    at
}

/// For each 4-bit mask of non-zero lanes, the bytes of those lanes in order (0xff, which
/// the shuffle turns into 0, for the lanes left over).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
static FRONT: [[u8; 16]; 16] = {
    let mut table = [[0xff; 16]; 16];
    let mut mask = 0;
    while mask < 16 {
        let (mut lane, mut to) = (0, 0);
        while lane < 4 {
            if mask & (1 << lane) != 0 {
                let mut byte = 0;
                while byte < 4 {
                    table[mask][4 * to + byte] = (4 * lane + byte) as u8;
                    byte += 1;
                }
                to += 1;
            }
            lane += 1;
        }
        mask += 1;
    }
    table
};

/// out = x·b (+ bias on every row), where b is cols(x) × n and out rows(x) × n, row-major.
/// Operands too short for their shape leave `out` untouched.
pub fn sparse_product(x: &SparseRows, b: &[f32], n: usize, out: &mut [f32], bias: Option<&[f32]>) {
    if b.len() >= x.cols * n && out.len() >= x.rows * n && bias.is_none_or(|b| b.len() >= n) {
        sum_of_rows(&x.by_row, x.rows, b, n, out, bias);
    }
}

/// out = xᵀ·b, where b is rows(x) × n and out cols(x) × n, row-major. Needs
/// [`SparseRows::by_column`] first; a row of out whose column of x is all zeros is zero.
pub fn sparse_t_product(x: &SparseRows, b: &[f32], n: usize, out: &mut [f32]) {
    if x.by_col.start.len() == x.cols + 1 && b.len() >= x.rows * n && out.len() >= x.cols * n {
        sum_of_rows(&x.by_col, x.cols, b, n, out, None);
    }
}

fn sum_of_rows(
    lists: &Lists,
    count: usize,
    b: &[f32],
    n: usize,
    out: &mut [f32],
    init: Option<&[f32]>,
) {
    #[cfg(target_arch = "x86_64")]
    if super::avx2::available() {
        // SAFETY: the CPU has AVX2 and FMA, checked just above.
        unsafe { sum_of_rows_avx2(lists, count, b, n, out, init) };
        return;
    }
    // The SIMD128 loop reads rows of b without a check per entry, which was a third of its
    // instructions, and without multiplying each index by the row length in every pass over
    // 32 columns (a tenth of them). One pass over the indices here works out where each
    // selected row starts and makes sure the last of them is in b before any is read; b fits
    // in wasm32's memory, so the offsets of rows that pass fit in u32.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let Some(used) = lists
            .start
            .get(count)
            .and_then(|&end| lists.index.get(..end))
        else {
            return;
        };
        OFFSETS.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            let mut last_row = 0;
            o.extend(used.iter().map(|&i| {
                last_row = last_row.max(i);
                i.wrapping_mul(n as u32)
            }));
            if (last_row as usize + 1).saturating_mul(n) > b.len() {
                debug_assert!(false, "sparse entries select rows past the end of b");
                return;
            }
            let entries = Entries {
                index: &o,
                stride: 1,
                ..Entries::of(lists, n)
            };
            sum_of_rows_body::<CHUNK>(entries, count, b, n, out, init);
        });
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    sum_of_rows_body::<CHUNK>(Entries::of(lists, n), count, b, n, out, init);
}

/// The lists' entries as the loops read them: entry (i, v) selects the row of b that
/// starts at i·stride.
#[derive(Clone, Copy)]
struct Entries<'a> {
    start: &'a [usize],
    index: &'a [u32],
    value: &'a [f32],
    stride: usize,
}

impl<'a> Entries<'a> {
    /// Indices of rows of b, which are n long.
    fn of(lists: &'a Lists, n: usize) -> Self {
        Entries {
            start: &lists.start,
            index: &lists.index,
            value: &lists.value,
            stride: n,
        }
    }
}

// The row offsets' buffer, kept from product to product (one per thread, so never shared).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
thread_local! {
    static OFFSETS: core::cell::RefCell<Vec<u32>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The same loops compiled with AVX2, whose 8-lane vectors halve the instructions.
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn sum_of_rows_avx2(
    lists: &Lists,
    count: usize,
    b: &[f32],
    n: usize,
    out: &mut [f32],
    init: Option<&[f32]>,
) {
    sum_of_rows_body::<CHUNK_AVX2>(Entries::of(lists, n), count, b, n, out, init);
}

/// Columns of out summed at once, in registers: eight vectors of 4 lanes (wasm) or of 8
/// (AVX2), which leaves room for the broadcast values and rows of b without spilling.
const CHUNK: usize = 32;
/// Entries per step of the SIMD128 loop: the eight sums, three broadcast values and three
/// row vectors take 14 of the 15 vector registers V8 allocates on x86-64; in groups of four,
/// two vectors went to the stack and back every step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const GROUP: usize = 3;
#[cfg(target_arch = "x86_64")]
const CHUNK_AVX2: usize = 64;

/// Row r of out = init + Σ over list r's entries (i, v) of v·(their row of b), C columns
/// at a time. The caller has checked the lengths; indices come from `SparseRows`, so they
/// are within b.
#[inline(always)]
fn sum_of_rows_body<const C: usize>(
    entries: Entries,
    count: usize,
    b: &[f32],
    n: usize,
    out: &mut [f32],
    init: Option<&[f32]>,
) {
    let Entries {
        start,
        index,
        value,
        stride,
    } = entries;
    for (r, out_row) in out.chunks_exact_mut(n.max(1)).take(count).enumerate() {
        let (Some(&from), Some(&to)) = (start.get(r), start.get(r + 1)) else {
            return;
        };
        let (Some(index), Some(value)) = (index.get(from..to), value.get(from..to)) else {
            return;
        };
        // Pixels that are 0 in every image of the batch (a third of MNIST's, or more) give
        // rows of xᵀ·dz that are all zero.
        if index.is_empty() {
            match init {
                Some(init) => out_row.copy_from_slice(&init[..n]),
                None => out_row.fill(0.0),
            }
            continue;
        }
        let mut j0 = 0;
        while j0 + C <= n {
            let mut acc = [0.0f32; C];
            if let Some(init) = init {
                acc.copy_from_slice(&init[j0..j0 + C]);
            }
            if chunk_sums(index, value, b, n, stride, j0, &mut acc).is_none() {
                return;
            }
            out_row[j0..j0 + C].copy_from_slice(&acc);
            j0 += C;
        }
        if j0 < n {
            let tail = &mut out_row[j0..];
            match init {
                Some(init) => tail.copy_from_slice(&init[j0..n]),
                None => tail.fill(0.0),
            }
            for (&i, &v) in index.iter().zip(value) {
                let Some(row) = row_of_b(b, stride, i, j0, tail.len()) else {
                    return;
                };
                for (a, &w) in tail.iter_mut().zip(row) {
                    *a += v * w;
                }
            }
        }
    }
}

/// The `width` values from column j0 on of the row of b that starts at i·stride.
#[inline(always)]
fn row_of_b(b: &[f32], stride: usize, i: u32, j0: usize, width: usize) -> Option<&[f32]> {
    let at = i as usize * stride + j0;
    b.get(at..at + width)
}

/// acc += Σ v·b[i, j0..j0 + C] over the entries. They go in pairs, each pair's two products
/// summed before the accumulator: one accumulator add per two entries halves the chain of
/// dependent adds, which otherwise bounds the loop.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn chunk_sums<const C: usize>(
    index: &[u32],
    value: &[f32],
    b: &[f32],
    _n: usize,
    stride: usize,
    j0: usize,
    acc: &mut [f32; C],
) -> Option<()> {
    let mut pairs = index.chunks_exact(2).zip(value.chunks_exact(2));
    for (i, v) in pairs.by_ref() {
        let (b0, b1) = (
            row_of_b(b, stride, i[0], j0, C)?,
            row_of_b(b, stride, i[1], j0, C)?,
        );
        for ((a, &w0), &w1) in acc.iter_mut().zip(b0).zip(b1) {
            *a += v[0] * w0 + v[1] * w1;
        }
    }
    let rest = index.chunks_exact(2).remainder().iter();
    for (&i, &v) in rest.zip(value.chunks_exact(2).remainder()) {
        for (a, &w) in acc.iter_mut().zip(row_of_b(b, stride, i, j0, C)?) {
            *a += v * w;
        }
    }
    Some(())
}

/// The same in SIMD128 by hand, GROUP entries at a time, each multiply-add straight into the
/// accumulator: one load and one fused instruction per entry and vector in the relaxed-SIMD
/// build. `index` holds where the rows start (stride 1, see `sum_of_rows`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn chunk_sums<const C: usize>(
    index: &[u32],
    value: &[f32],
    b: &[f32],
    n: usize,
    stride: usize,
    j0: usize,
    acc: &mut [f32; C],
) -> Option<()> {
    use super::simd128::madd;
    use core::arch::wasm32::{f32x4_splat, v128, v128_load, v128_store};
    const V: usize = CHUNK / 4;
    let acc: &mut [f32; CHUNK] = (&mut acc[..]).try_into().ok()?;
    let mut sums = [f32x4_splat(0.0); V];
    // SAFETY (every load and store below): each slice holds CHUNK = 4·V values, l < V, and
    // v128 loads and stores need no alignment.
    let load = |row: &[f32], l: usize| unsafe { v128_load(row.as_ptr().add(4 * l) as *const v128) };
    for (l, s) in sums.iter_mut().enumerate() {
        *s = load(acc, l);
    }
    if j0 + CHUNK > n {
        return None;
    }
    // SAFETY: `sum_of_rows` checked that every offset starts a row of b (n values), and
    // columns j0..j0 + CHUNK lie inside a row.
    let row = |i: u32| unsafe {
        core::slice::from_raw_parts(b.as_ptr().add(i as usize * stride + j0), CHUNK)
    };
    let mut groups = index.chunks_exact(GROUP).zip(value.chunks_exact(GROUP));
    for (i, v) in groups.by_ref() {
        let rows: [&[f32]; GROUP] = core::array::from_fn(|e| row(i[e]));
        let v: [v128; GROUP] = core::array::from_fn(|e| f32x4_splat(v[e]));
        for (l, s) in sums.iter_mut().enumerate() {
            for (&v, row) in v.iter().zip(rows) {
                *s = madd(v, load(row, l), *s);
            }
        }
    }
    let rest = index.chunks_exact(GROUP).remainder().iter();
    for (&i, &v) in rest.zip(value.chunks_exact(GROUP).remainder()) {
        let (row, v) = (row(i), f32x4_splat(v));
        for (l, s) in sums.iter_mut().enumerate() {
            *s = madd(v, load(row, l), *s);
        }
    }
    for (l, s) in sums.iter().enumerate() {
        // SAFETY: as above.
        unsafe { v128_store(acc.as_mut_ptr().add(4 * l) as *mut v128, *s) };
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_close;

    /// A rows × cols matrix with about `density` of its values non-zero, deterministic.
    fn sparse(rows: usize, cols: usize, density: f32, seed: u32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s as f32 / u32::MAX as f32
        };
        (0..rows * cols)
            .map(|_| {
                let keep = next() < density;
                let v = next() * 2.0 - 1.0;
                if keep {
                    v
                } else {
                    0.0
                }
            })
            .collect()
    }

    fn dense_product(x: &[f32], xt: bool, m: usize, k: usize, b: &[f32], n: usize) -> Vec<f32> {
        // out (m × n) = op(x)·b with op(x) m × k.
        let mut out = vec![0.0f64; m * n];
        for i in 0..m {
            for q in 0..k {
                let a = if xt { x[q * m + i] } else { x[i * k + q] } as f64;
                for j in 0..n {
                    out[i * n + j] += a * b[q * n + j] as f64;
                }
            }
        }
        out.into_iter().map(|v| v as f32).collect()
    }

    /// Widths below, at and around the 32-column chunk, and MNIST's first layer.
    #[test]
    fn products_match_the_dense_ones() {
        for (rows, cols, n) in [
            (1, 1, 1),
            (7, 13, 5),
            (17, 33, 32),
            (5, 65, 45),
            (32, 784, 128),
        ] {
            let x = sparse(rows, cols, 0.2, (rows * cols) as u32);
            let b = sparse(cols, n, 1.0, 7);
            let bias = sparse(1, n, 1.0, 9);
            let mut s = SparseRows::default();
            assert!(s.fill(&x, rows, cols, 0.5), "{rows}×{cols} fills");
            let mut out = vec![f32::NAN; rows * n];
            sparse_product(&s, &b, n, &mut out, None);
            assert_close(&out, &dense_product(&x, false, rows, cols, &b, n), "x·b");
            sparse_product(&s, &b, n, &mut out, Some(&bias));
            let mut want = dense_product(&x, false, rows, cols, &b, n);
            want.chunks_mut(n)
                .for_each(|r| r.iter_mut().zip(&bias).for_each(|(w, b)| *w += b));
            assert_close(&out, &want, "x·b + bias");

            let dz = sparse(rows, n, 1.0, 11);
            s.by_column();
            let mut grad = vec![f32::NAN; cols * n];
            sparse_t_product(&s, &dz, n, &mut grad);
            assert_close(&grad, &dense_product(&x, true, cols, rows, &dz, n), "xᵀ·dz");
        }
    }

    #[test]
    fn all_zero_rows_and_columns_give_zeros_or_the_bias() {
        let x = [0.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        let b = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut s = SparseRows::default();
        assert!(s.fill(&x, 2, 3, 0.5));
        assert_eq!(s.density(), 1.0 / 6.0);
        let mut out = [f32::NAN; 4];
        sparse_product(&s, &b, 2, &mut out, Some(&[0.5, -0.5]));
        assert_eq!(out, [6.5, 7.5, 0.5, -0.5]);
        s.by_column();
        let mut grad = [f32::NAN; 6];
        sparse_t_product(&s, &[1.0, 10.0, 100.0, 1000.0], 2, &mut grad);
        assert_eq!(grad, [0.0, 0.0, 2.0, 20.0, 0.0, 0.0]);
    }

    #[test]
    fn too_dense_a_matrix_is_refused() {
        let mut s = SparseRows::default();
        assert!(!s.fill(&[1.0, 0.0, 3.0, 4.0], 2, 2, 0.5));
        assert!(s.fill(&[1.0, 0.0, 3.0, 0.0], 2, 2, 0.5));
    }

    #[test]
    fn short_operands_leave_the_output_alone() {
        let mut s = SparseRows::default();
        assert!(s.fill(&[1.0, 0.0], 1, 2, 1.0));
        let mut out = [f32::NAN; 3];
        sparse_product(&s, &[1.0; 5], 3, &mut out, None);
        assert!(out.iter().all(|v| v.is_nan()));
        sparse_t_product(&s, &[1.0; 3], 3, &mut out);
        assert!(out.iter().all(|v| v.is_nan()), "by_column not called");
    }
}
