//! The data of a DataFrame and a Series, and the operations on them that do not depend on
//! Python: selecting rows and columns, converting to numpy, reductions, `describe`.
//! [`super::object`] gives them their Python face.

use ndarray::{Array2, ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};

use super::column::{text_error, Cell, CellKey, Col, Label};
use crate::error::{type_error, value_error, PyResult};
use crate::modules::numpy::{Data, Dtype};

/// Row labels (or, for `df.columns`, column labels).
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub labels: Vec<Label>,
    pub name: Option<Label>,
}

impl Index {
    pub fn new(labels: Vec<Label>) -> Index {
        Index { labels, name: None }
    }
    /// pandas' default RangeIndex `0..n`.
    pub fn range(n: usize) -> Index {
        Index::new((0..n as i64).map(Label::Int).collect())
    }
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    pub fn take(&self, rows: &[usize]) -> Index {
        Index {
            labels: rows.iter().map(|&r| self.labels[r].clone()).collect(),
            name: self.name.clone(),
        }
    }
    pub fn position(&self, l: &Label) -> Option<usize> {
        self.labels.iter().position(|x| x.matches(l))
    }
    /// `Some((start, stop))` when the labels are `start, start+1, ...` (a RangeIndex).
    pub fn as_range(&self) -> Option<(i64, i64)> {
        let mut start = None;
        for (k, l) in self.labels.iter().enumerate() {
            match (l, start) {
                (Label::Int(i), None) => start = Some(*i),
                (Label::Int(i), Some(s)) if *i == s + k as i64 => {}
                _ => return None,
            }
        }
        let s = start.unwrap_or(0);
        Some((s, s + self.labels.len() as i64))
    }
}

/// A Series' data: its values, row labels and name.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesData {
    pub name: Option<Label>,
    pub index: Index,
    pub col: Col,
}

impl SeriesData {
    pub fn take(&self, rows: &[usize]) -> SeriesData {
        SeriesData {
            name: self.name.clone(),
            index: self.index.take(rows),
            col: self.col.take(rows),
        }
    }
    pub fn name_text(&self) -> String {
        self.name
            .as_ref()
            .map_or_else(|| "None".into(), Label::text)
    }
}

/// A DataFrame's data: named columns of one length, and the row labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub names: Vec<Label>,
    pub cols: Vec<Col>,
    pub index: Index,
}

impl Frame {
    pub fn nrows(&self) -> usize {
        self.index.len()
    }
    pub fn find(&self, l: &Label) -> Option<usize> {
        self.names.iter().position(|x| x.matches(l))
    }
    pub fn take_rows(&self, rows: &[usize]) -> Frame {
        Frame {
            names: self.names.clone(),
            cols: self.cols.iter().map(|c| c.take(rows)).collect(),
            index: self.index.take(rows),
        }
    }
    pub fn select(&self, cols: &[usize]) -> Frame {
        Frame {
            names: cols.iter().map(|&c| self.names[c].clone()).collect(),
            cols: cols.iter().map(|&c| self.cols[c].clone()).collect(),
            index: self.index.clone(),
        }
    }
    pub fn column(&self, c: usize) -> SeriesData {
        SeriesData {
            name: Some(self.names[c].clone()),
            index: self.index.clone(),
            col: self.cols[c].clone(),
        }
    }
    /// Row `r` as a Series indexed by the column names (`df.iloc[0]`).
    pub fn row(&self, r: usize) -> SeriesData {
        let cells: Vec<Cell> = self.cols.iter().map(|c| c.cell(r)).collect();
        SeriesData {
            name: Some(self.index.labels[r].clone()),
            index: Index::new(self.names.clone()),
            col: Col::from_cells(cells),
        }
    }
    /// Sets (or adds at the end) a column.
    pub fn set_column(&mut self, name: Label, col: Col) {
        match self.find(&name) {
            Some(i) => self.cols[i] = col,
            None => {
                self.names.push(name);
                self.cols.push(col);
            }
        }
    }

    /// `df.values` / `df.to_numpy()`: one numpy array of the columns' common dtype
    /// (int64 for ints and bools, float64 once a float is there, float32 for float32 only);
    /// pandas would make an `object` array of mixed bool and float columns, which Keras
    /// converts the same way.
    pub fn to_data(&self) -> PyResult<Data> {
        let (n, m) = (self.nrows(), self.cols.len());
        let mut dtype: Option<Dtype> = None;
        for (c, col) in self.cols.iter().enumerate() {
            let d = col
                .np_dtype()
                .ok_or_else(|| text_error(&self.names[c].text()))?;
            dtype = Some(match dtype {
                None => d,
                Some(Dtype::Bool) if d == Dtype::Bool => Dtype::Bool,
                Some(a) => {
                    let a = if a == Dtype::Bool { Dtype::I64 } else { a };
                    let d = if d == Dtype::Bool { Dtype::I64 } else { d };
                    Dtype::promote(a, d)
                }
            });
        }
        let dtype = dtype.unwrap_or(Dtype::F64);
        let bad = |_| value_error(Message::new(Code::PyNpInhomogeneous));
        Ok(match dtype {
            Dtype::Bool => {
                let mut v = Vec::with_capacity(n * m);
                for r in 0..n {
                    for col in &self.cols {
                        v.push(matches!(col, Col::Bool(b) if b[r]));
                    }
                }
                Data::Bool(ArrayD::from_shape_vec(IxDyn(&[n, m]), v).map_err(bad)?)
            }
            Dtype::I64 | Dtype::U8 => {
                let mut a = Array2::<i64>::zeros((n, m));
                for (c, col) in self.cols.iter().enumerate() {
                    match col {
                        Col::I64(v) => a.column_mut(c).iter_mut().zip(v).for_each(|(x, y)| *x = *y),
                        Col::Bool(v) => a
                            .column_mut(c)
                            .iter_mut()
                            .zip(v)
                            .for_each(|(x, y)| *x = i64::from(*y)),
                        _ => {}
                    }
                }
                Data::I64(a.into_dyn())
            }
            Dtype::F32 => {
                let mut a = Array2::<f32>::zeros((n, m));
                for (c, col) in self.cols.iter().enumerate() {
                    let f = col.floats().unwrap_or_default();
                    a.column_mut(c)
                        .iter_mut()
                        .zip(&f)
                        .for_each(|(x, y)| *x = *y as f32);
                }
                Data::F32(a.into_dyn())
            }
            Dtype::F64 => {
                let mut a = Array2::<f64>::zeros((n, m));
                for (c, col) in self.cols.iter().enumerate() {
                    let f = col.floats().unwrap_or_default();
                    a.column_mut(c)
                        .iter_mut()
                        .zip(&f)
                        .for_each(|(x, y)| *x = *y);
                }
                Data::F64(a.into_dyn())
            }
        })
    }
}

/// The reductions `mean()`, `sum()`, ... of a column, as pandas computes them (NaN skipped;
/// `std` and `var` with `ddof=1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    Sum,
    Mean,
    Min,
    Max,
    Std,
    Var,
    Median,
    Count,
}

impl Stat {
    pub fn of(name: &str) -> Option<Stat> {
        Some(match name {
            "sum" => Stat::Sum,
            "mean" => Stat::Mean,
            "min" => Stat::Min,
            "max" => Stat::Max,
            "std" => Stat::Std,
            "var" => Stat::Var,
            "median" => Stat::Median,
            "count" => Stat::Count,
            _ => return None,
        })
    }
}

/// One column's reduction as a cell (ints stay ints for sum/min/max of int columns).
pub fn reduce(col: &Col, stat: Stat, column: &str) -> PyResult<Cell> {
    if stat == Stat::Count {
        return Ok(Cell::I((col.len() - col.na_count()) as i64));
    }
    if let Col::Str(v) = col {
        if matches!(stat, Stat::Min | Stat::Max) {
            let it = v.iter().flatten();
            let r = if stat == Stat::Min {
                it.min()
            } else {
                it.max()
            };
            return Ok(Cell::S(r.cloned()));
        }
        return Err(type_error(
            Message::new(Code::PyPdNotNumeric)
                .with("column", column)
                .with("dtype", "str"),
        ));
    }
    let intlike = matches!(col, Col::I64(_) | Col::Bool(_));
    let all = col.floats().unwrap_or_default();
    let v: Vec<f64> = all.iter().copied().filter(|x| !x.is_nan()).collect();
    // pandas fills NaN with 0 and divides by the count, so sums group as numpy's do.
    let zero_filled: Vec<f64> = all
        .iter()
        .map(|&x| if x.is_nan() { 0.0 } else { x })
        .collect();
    let n = v.len() as f64;
    let out = match stat {
        Stat::Sum => {
            if intlike {
                let s = match col {
                    Col::I64(a) => a.iter().fold(0i64, |s, x| s.wrapping_add(*x)),
                    Col::Bool(a) => a.iter().filter(|b| **b).count() as i64,
                    _ => 0,
                };
                return Ok(Cell::I(s));
            }
            pairwise_sum(&zero_filled)
        }
        Stat::Mean => pairwise_sum(&zero_filled) / n,
        Stat::Min | Stat::Max => {
            if v.is_empty() {
                f64::NAN
            } else {
                let m = if stat == Stat::Min {
                    v.iter().copied().fold(f64::INFINITY, f64::min)
                } else {
                    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                };
                if matches!(col, Col::I64(_)) {
                    return Ok(Cell::I(m as i64));
                }
                if matches!(col, Col::Bool(_)) {
                    return Ok(Cell::B(m != 0.0));
                }
                m
            }
        }
        Stat::Std | Stat::Var => {
            let var = nan_variance(&all, 1.0);
            if stat == Stat::Std {
                var.sqrt()
            } else {
                var
            }
        }
        Stat::Median => quantile(&v, 0.5),
        Stat::Count => n,
    };
    Ok(Cell::F(out))
}

/// numpy's pairwise summation (blocks of 8, split in halves past 128), so sums and means
/// agree with pandas to the last bit on lecture-sized columns.
pub fn pairwise_sum(v: &[f64]) -> f64 {
    let n = v.len();
    if n < 8 {
        let mut s = 0.0;
        for x in v {
            s += x;
        }
        s
    } else if n <= 128 {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&v[..8]);
        let mut i = 8;
        while i + 8 <= n {
            for k in 0..8 {
                r[k] += v[i + k];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += v[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&v[..n2]) + pairwise_sum(&v[n2..])
    }
}

/// The variance with `ddof` (pandas: 1; scikit-learn's scaler: 0), by the two-pass formula.
pub fn variance(v: &[f64], ddof: f64) -> f64 {
    let n = v.len() as f64;
    if n - ddof <= 0.0 {
        return f64::NAN;
    }
    let mean = pairwise_sum(v) / n;
    let sq: Vec<f64> = v.iter().map(|x| (x - mean) * (x - mean)).collect();
    pairwise_sum(&sq) / (n - ddof)
}

/// pandas' `nanvar`: NaN counted out, the sums taken with NaN as 0.
pub fn nan_variance(all: &[f64], ddof: f64) -> f64 {
    let n = all.iter().filter(|x| !x.is_nan()).count() as f64;
    if n - ddof <= 0.0 {
        return f64::NAN;
    }
    let filled: Vec<f64> = all
        .iter()
        .map(|&x| if x.is_nan() { 0.0 } else { x })
        .collect();
    let mean = pairwise_sum(&filled) / n;
    let sq: Vec<f64> = all
        .iter()
        .map(|&x| {
            if x.is_nan() {
                0.0
            } else {
                (mean - x) * (mean - x)
            }
        })
        .collect();
    pairwise_sum(&sq) / (n - ddof)
}

/// numpy's default (linear) quantile of the values (NaN already removed).
pub fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let pos = q * (s.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    let frac = pos - lo as f64;
    // numpy's _lerp: a + (b - a) * t, computed from the upper end when t >= 0.5.
    let (a, b) = (s[lo], s[hi]);
    let diff = b - a;
    if frac >= 0.5 {
        b - diff * (1.0 - frac)
    } else {
        a + diff * frac
    }
}

/// `describe()` of the numeric columns: count, mean, std, min, quartiles, max.
pub fn describe(f: &Frame) -> PyResult<Frame> {
    let numeric: Vec<usize> = (0..f.cols.len())
        .filter(|&c| f.cols[c].is_numeric())
        .collect();
    if numeric.is_empty() {
        return Err(crate::error::not_supported("describe() of text columns"));
    }
    let labels = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];
    let mut cols = Vec::new();
    for &c in &numeric {
        let v: Vec<f64> = f.cols[c]
            .floats()
            .unwrap_or_default()
            .into_iter()
            .filter(|x| !x.is_nan())
            .collect();
        let all = f.cols[c].floats().unwrap_or_default();
        let n = v.len() as f64;
        let filled: Vec<f64> = all
            .iter()
            .map(|&x| if x.is_nan() { 0.0 } else { x })
            .collect();
        let mean = pairwise_sum(&filled) / n;
        cols.push(Col::F64(vec![
            n,
            mean,
            nan_variance(&all, 1.0).sqrt(),
            quantile(&v, 0.0),
            quantile(&v, 0.25),
            quantile(&v, 0.5),
            quantile(&v, 0.75),
            quantile(&v, 1.0),
        ]));
    }
    Ok(Frame {
        names: numeric.iter().map(|&c| f.names[c].clone()).collect(),
        cols,
        index: Index::new(labels.iter().map(|l| Label::Str((*l).into())).collect()),
    })
}

/// Pearson correlation of the numeric columns, pairwise over rows where both are present.
pub fn corr(f: &Frame) -> Frame {
    let numeric: Vec<usize> = (0..f.cols.len())
        .filter(|&c| f.cols[c].is_numeric())
        .collect();
    let data: Vec<Vec<f64>> = numeric
        .iter()
        .map(|&c| f.cols[c].floats().unwrap_or_default())
        .collect();
    let names: Vec<Label> = numeric.iter().map(|&c| f.names[c].clone()).collect();
    let k = numeric.len();
    let mut cols = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..k {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for (x, y) in data[i].iter().zip(&data[j]) {
                if !x.is_nan() && !y.is_nan() {
                    a.push(*x);
                    b.push(*y);
                }
            }
            let n = a.len() as f64;
            let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
            let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
            for (x, y) in a.iter().zip(&b) {
                let (dx, dy) = (x - ma, y - mb);
                sab += dx * dy;
                saa += dx * dx;
                sbb += dy * dy;
            }
            let r = sab / (saa * sbb).sqrt();
            cols[j][i] = if i == j && n > 1.0 {
                1.0
            } else {
                r.clamp(-1.0, 1.0)
            };
        }
    }
    Frame {
        names: names.clone(),
        cols: cols.into_iter().map(Col::F64).collect(),
        index: Index::new(names),
    }
}

/// The distinct values in order of first appearance, with their counts (NaN left out).
pub fn counts(col: &Col) -> Vec<(Cell, usize)> {
    let mut seen: indexmap::IndexMap<CellKey, (Cell, usize)> = indexmap::IndexMap::new();
    for c in col.cells() {
        if c.is_na() {
            continue;
        }
        seen.entry(c.key()).or_insert((c, 0)).1 += 1;
    }
    seen.into_values().collect()
}
