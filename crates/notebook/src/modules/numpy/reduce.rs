//! Reductions (`sum`, `mean`, `std`, `min`, `max`, `argmax`, ...) over all elements or
//! along one axis.
//!
//! Float sums follow numpy's order of additions so that printed digits match: pairwise
//! summation (blocks of 8, split past 128) along the last, contiguous axis and over a whole
//! array; plain running sums along any other axis, as numpy adds whole rows there.

use ndarray::{ArrayD, Axis, IxDyn};
use noriteo_core::messages::{Code, Message};

use super::array::{np_each, Data, Dtype, Elem};
use crate::error::{PyError, PyResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Prod,
    Mean,
    Std,
    Var,
    Min,
    Max,
    ArgMin,
    ArgMax,
    Any,
    All,
}

impl Reduction {
    fn numpy_name(self) -> &'static str {
        match self {
            Reduction::Min | Reduction::ArgMin => "minimum",
            _ => "maximum",
        }
    }
}

/// Float types summed in their own precision, as numpy sums float32 in float32.
trait Float: Copy + std::ops::Add<Output = Self> + std::ops::Mul<Output = Self> {
    const ZERO: Self;
}
impl Float for f64 {
    const ZERO: f64 = 0.0;
}
impl Float for f32 {
    const ZERO: f32 = 0.0;
}

/// numpy's `pairwise_sum`.
fn pairwise<T: Float>(x: &[T]) -> T {
    let n = x.len();
    if n < 8 {
        return x.iter().fold(T::ZERO, |acc, &v| acc + v);
    }
    if n <= 128 {
        let mut r = [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]];
        let full = n - n % 8;
        let mut i = 8;
        while i < full {
            for (j, slot) in r.iter_mut().enumerate() {
                *slot = *slot + x[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &x[full..] {
            res = res + v;
        }
        return res;
    }
    let mut half = n / 2;
    half -= half % 8;
    pairwise(&x[..half]) + pairwise(&x[half..])
}

fn float_sum<T: Float>(x: &[T], contiguous: bool) -> T {
    if contiguous {
        pairwise(x)
    } else {
        x.iter().fold(T::ZERO, |acc, &v| acc + v)
    }
}

/// Applies `f` to every lane along `axis` (or to all elements), giving the reduced array.
/// `f` is told whether the lane is contiguous in numpy's layout (the last axis, or all).
fn lanes<T: Elem, R: Clone>(
    a: &ArrayD<T>,
    axis: Option<usize>,
    f: impl Fn(&[T], bool) -> R,
) -> ArrayD<R> {
    match axis {
        None => {
            let all: Vec<T> = a.iter().copied().collect();
            ArrayD::from_elem(IxDyn(&[]), f(&all, true))
        }
        Some(k) => {
            let last = k + 1 == a.ndim();
            let mut shape = a.shape().to_vec();
            shape.remove(k);
            let out: Vec<R> = a
                .lanes(Axis(k))
                .into_iter()
                .map(|lane| f(&lane.to_vec(), last))
                .collect();
            ArrayD::from_shape_vec(IxDyn(&shape), out)
                .unwrap_or_else(|e| panic!("lanes of a shape fill it: {e}"))
        }
    }
}

fn empty_error(r: Reduction) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyNpEmptyReduce).with("op", r.numpy_name()),
    )
}

fn extreme<T: Elem>(x: &[T], want_max: bool) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    for (i, &v) in x.iter().enumerate() {
        // NaN wins and stays, as numpy propagates it.
        if v.partial_cmp(&v).is_none() {
            return Some((i, v));
        }
        let better = match best {
            None => true,
            Some((_, b)) => {
                if want_max {
                    v > b
                } else {
                    v < b
                }
            }
        };
        if better {
            best = Some((i, v));
        }
    }
    best
}

/// Mean and variance in the float type numpy uses (float32 for float32, else float64).
fn moments<T>(x: &[T], contiguous: bool, to: impl Fn(f64) -> T, var: bool) -> T
where
    T: Float + std::ops::Sub<Output = T> + std::ops::Div<Output = T>,
{
    let n = to(x.len() as f64);
    let mean = float_sum(x, contiguous) / n;
    if !var {
        return mean;
    }
    let sq: Vec<T> = x.iter().map(|&v| (v - mean) * (v - mean)).collect();
    float_sum(&sq, contiguous) / n
}

pub fn reduce(d: &Data, r: Reduction, axis: Option<usize>) -> PyResult<Data> {
    let empty_lane = match axis {
        None => d.is_empty(),
        Some(k) => d.shape().get(k) == Some(&0),
    };
    if empty_lane
        && matches!(
            r,
            Reduction::Min | Reduction::Max | Reduction::ArgMin | Reduction::ArgMax
        )
    {
        return Err(empty_error(r));
    }
    Ok(match r {
        Reduction::Sum | Reduction::Prod => {
            let prod = r == Reduction::Prod;
            match d {
                Data::F64(a) => Data::F64(lanes(a, axis, |x, c| {
                    if prod {
                        x.iter().product()
                    } else {
                        float_sum(x, c)
                    }
                })),
                Data::F32(a) => Data::F32(lanes(a, axis, |x, c| {
                    if prod {
                        x.iter().product()
                    } else {
                        float_sum(x, c)
                    }
                })),
                other => {
                    let a = other.view_as::<i64>();
                    Data::I64(lanes(&a, axis, |x, _| {
                        if prod {
                            x.iter().fold(1i64, |p, &v| p.wrapping_mul(v))
                        } else {
                            x.iter().fold(0i64, |p, &v| p.wrapping_add(v))
                        }
                    }))
                }
            }
        }
        Reduction::Mean | Reduction::Var | Reduction::Std => {
            let var = r != Reduction::Mean;
            let root = r == Reduction::Std;
            match d {
                Data::F32(a) => Data::F32(lanes(a, axis, |x, c| {
                    let m = moments(x, c, |v| v as f32, var);
                    if root {
                        m.sqrt()
                    } else {
                        m
                    }
                })),
                other => {
                    let a = other.view_as::<f64>();
                    Data::F64(lanes(&a, axis, |x, c| {
                        let m = moments(x, c, |v| v, var);
                        if root {
                            m.sqrt()
                        } else {
                            m
                        }
                    }))
                }
            }
        }
        Reduction::Min | Reduction::Max => {
            let want_max = r == Reduction::Max;
            np_each!(d, a, wrap => wrap(lanes(a, axis, |x, _| {
                extreme(x, want_max).map_or(Elem::from_f64(0.0), |(_, v)| v)
            })))
        }
        Reduction::ArgMin | Reduction::ArgMax => {
            let want_max = r == Reduction::ArgMax;
            np_each!(d, a => Data::I64(lanes(a, axis, |x, _| {
                extreme(x, want_max).map_or(0, |(i, _)| i as i64)
            })))
        }
        Reduction::Any | Reduction::All => {
            let all = r == Reduction::All;
            np_each!(d, a => Data::Bool(lanes(a, axis, |x, _| {
                if all {
                    x.iter().all(|v| v.is_true())
                } else {
                    x.iter().any(|v| v.is_true())
                }
            })))
        }
    })
}

/// The dtype `sum` gives: integers and bools add up as int64.
pub fn sum_dtype(d: Dtype) -> Dtype {
    if d.is_float() {
        d
    } else {
        Dtype::I64
    }
}
