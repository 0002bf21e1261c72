//! Element-wise arithmetic and comparisons with numpy's broadcasting and dtype promotion.
//!
//! A Python number next to an array is "weak" (NEP 50, numpy 2): it takes the array's
//! dtype when its kind fits (`float32 array * 2.0` stays float32, `uint8 array + 1` stays
//! uint8), and only a float next to integers widens the result to float64.

use ndarray::{ArrayD, IxDyn, Zip};
use noriteo_core::messages::{Code, Message};

use super::array::{shape_text, Data, Dtype, Elem, NdArray, Scalar};
use crate::ast::{BinOp, CmpOp};
use crate::error::{type_error, PyError, PyResult};
use crate::value::Value;

/// One side of an operator: an array (or numpy scalar), or a Python number.
pub struct Operand {
    pub data: Data,
    /// A Python int/float/bool: its dtype gives way to the array's.
    pub weak: bool,
}

impl Operand {
    /// The operand for a value, or `None` when numpy would not take it (a str, a dict).
    pub fn of(interp: &mut crate::eval::Interp, v: &Value) -> Option<PyResult<Operand>> {
        let weak = |s: Scalar| {
            Some(Ok(Operand {
                data: Data::from_scalar(s),
                weak: true,
            }))
        };
        match v {
            Value::Bool(b) => weak(Scalar::Bool(*b)),
            Value::Int(i) => weak(Scalar::I64(*i)),
            Value::Big(_) => v.as_f64().and_then(|f| weak(Scalar::F64(f))),
            Value::Float(f) => weak(Scalar::F64(*f)),
            Value::Host(h) => {
                if let Some(a) = h.as_any().downcast_ref::<NdArray>() {
                    return Some(Ok(Operand {
                        data: a.data.borrow().clone(),
                        weak: false,
                    }));
                }
                h.as_any()
                    .downcast_ref::<super::scalar::NpScalar>()
                    .map(|s| {
                        Ok(Operand {
                            data: Data::from_scalar(s.0),
                            weak: false,
                        })
                    })
            }
            Value::List(_) | Value::Tuple(_) => Some(
                super::array::from_value(interp, v, None).map(|data| Operand { data, weak: false }),
            ),
            _ => None,
        }
    }
}

/// The dtype two operands compute in.
pub fn result_dtype(a: &Operand, b: &Operand) -> Dtype {
    let (da, db) = (a.data.dtype(), b.data.dtype());
    match (a.weak, b.weak) {
        (true, false) => weak_with(da, db),
        (false, true) => weak_with(db, da),
        _ => Dtype::promote(da, db),
    }
}

fn weak_with(weak: Dtype, strong: Dtype) -> Dtype {
    match (weak, strong) {
        (Dtype::F64, s) if s.is_float() => s,
        (Dtype::F64, _) => Dtype::F64,
        (Dtype::I64, Dtype::Bool) => Dtype::I64,
        (_, s) => s,
    }
}

/// numpy's broadcast shape of two shapes, aligned at their last axes.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> PyResult<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for (i, slot) in out.iter_mut().enumerate() {
        let x = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let y = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        *slot = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            return Err(broadcast_error(a, b));
        };
    }
    Ok(out)
}

pub fn broadcast_error(a: &[usize], b: &[usize]) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyNpBroadcast)
            .with("left", shape_text(a))
            .with("right", shape_text(b)),
    )
}

/// `f` applied pairwise over the broadcast of `a` and `b`.
pub fn zip_with<A: Elem, B: Elem, R>(
    a: &ArrayD<A>,
    b: &ArrayD<B>,
    f: impl Fn(A, B) -> R,
) -> PyResult<ArrayD<R>> {
    let shape = broadcast_shape(a.shape(), b.shape())?;
    let err = || broadcast_error(a.shape(), b.shape());
    let av = a.broadcast(IxDyn(&shape)).ok_or_else(err)?;
    let bv = b.broadcast(IxDyn(&shape)).ok_or_else(err)?;
    Ok(Zip::from(&av).and(&bv).map_collect(|&x, &y| f(x, y)))
}

pub fn ufunc_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::FloorDiv => "floor_divide",
        BinOp::Mod => "remainder",
        BinOp::Pow => "power",
        BinOp::BitAnd => "bitwise_and",
        BinOp::BitOr => "bitwise_or",
        BinOp::BitXor => "bitwise_xor",
        BinOp::LShift => "left_shift",
        BinOp::RShift => "right_shift",
        BinOp::MatMul => "matmul",
    }
}

fn unsupported(op: BinOp) -> PyError {
    type_error(Message::new(Code::PyNpUfuncType).with("ufunc", ufunc_name(op)))
}

/// numpy's float `//` and `%` (the result of `%` has the divisor's sign, as in Python).
fn float_floordiv(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        return x / y;
    }
    let m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        return 0.0f64.copysign(x / y);
    }
    let f = div.floor();
    if div - f > 0.5 {
        f + 1.0
    } else {
        f
    }
}

fn float_mod(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        return f64::NAN;
    }
    let m = x % y;
    if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
        m + y
    } else if m == 0.0 {
        0.0f64.copysign(y)
    } else {
        m
    }
}

fn float_op(op: BinOp) -> Option<fn(f64, f64) -> f64> {
    Some(match op {
        BinOp::Add => |x, y| x + y,
        BinOp::Sub => |x, y| x - y,
        BinOp::Mul => |x, y| x * y,
        BinOp::Div => |x, y| x / y,
        BinOp::FloorDiv => float_floordiv,
        BinOp::Mod => float_mod,
        BinOp::Pow => f64::powf,
        _ => return None,
    })
}

/// Integer arithmetic wraps on overflow and gives 0 for `x // 0` and `x % 0`, as numpy
/// does (with a warning that the notebook does not print).
fn int_op(op: BinOp) -> Option<fn(i64, i64) -> i64> {
    Some(match op {
        BinOp::Add => i64::wrapping_add,
        BinOp::Sub => i64::wrapping_sub,
        BinOp::Mul => i64::wrapping_mul,
        BinOp::FloorDiv => |x, y| {
            if y == 0 {
                0
            } else {
                let q = x.wrapping_div(y);
                if (x % y != 0) && ((x < 0) != (y < 0)) {
                    q - 1
                } else {
                    q
                }
            }
        },
        BinOp::Mod => |x, y| {
            if y == 0 {
                0
            } else {
                let m = x.wrapping_rem(y);
                if m != 0 && ((m < 0) != (y < 0)) {
                    m + y
                } else {
                    m
                }
            }
        },
        BinOp::Pow => |x, y| x.wrapping_pow(y.clamp(0, u32::MAX as i64) as u32),
        BinOp::BitAnd => |x, y| x & y,
        BinOp::BitOr => |x, y| x | y,
        BinOp::BitXor => |x, y| x ^ y,
        BinOp::LShift => |x, y| {
            if (0..64).contains(&y) {
                x.wrapping_shl(y as u32)
            } else {
                0
            }
        },
        BinOp::RShift => |x, y| {
            if (0..64).contains(&y) {
                x >> y
            } else if x < 0 {
                -1
            } else {
                0
            }
        },
        BinOp::MatMul | BinOp::Div => return None,
    })
}

/// `a op b` element-wise; `@` is handled by `linalg`.
pub fn binary(op: BinOp, a: &Operand, b: &Operand) -> PyResult<Data> {
    let mut dt = result_dtype(a, b);
    if op == BinOp::Div && !dt.is_float() {
        dt = Dtype::F64;
    }
    if dt == Dtype::Bool {
        // Booleans: `+` is or, `*` is and; the bitwise operators are logical.
        let f: fn(bool, bool) -> bool = match op {
            BinOp::Add | BinOp::BitOr => |x, y| x | y,
            BinOp::Mul | BinOp::BitAnd => |x, y| x & y,
            BinOp::BitXor => |x, y| x ^ y,
            BinOp::Sub => return Err(unsupported(op)),
            _ => {
                dt = Dtype::I64;
                return int_binary(op, a, b, dt);
            }
        };
        let (x, y) = (a.data.view_as::<bool>(), b.data.view_as::<bool>());
        return Ok(Data::Bool(zip_with(&x, &y, f)?));
    }
    if dt.is_float() {
        let f = float_op(op).ok_or_else(|| unsupported(op))?;
        return Ok(match dt {
            Dtype::F32 => {
                let (x, y) = (a.data.view_as::<f32>(), b.data.view_as::<f32>());
                // Rounding the f64 result of one +, -, *, / or sqrt to f32 gives the
                // correctly rounded f32 result, so this equals numpy's float32 arithmetic.
                Data::F32(zip_with(&x, &y, |p, q| {
                    f(f64::from(p), f64::from(q)) as f32
                })?)
            }
            _ => {
                let (x, y) = (a.data.view_as::<f64>(), b.data.view_as::<f64>());
                Data::F64(zip_with(&x, &y, f)?)
            }
        });
    }
    int_binary(op, a, b, dt)
}

fn int_binary(op: BinOp, a: &Operand, b: &Operand, dt: Dtype) -> PyResult<Data> {
    let f = int_op(op).ok_or_else(|| unsupported(op))?;
    let (x, y) = (a.data.view_as::<i64>(), b.data.view_as::<i64>());
    if op == BinOp::Pow && y.iter().any(|&e| e < 0) {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyNpNegativePower),
        ));
    }
    let r = zip_with(&x, &y, f)?;
    Ok(match dt {
        Dtype::U8 => Data::U8(r.mapv(|v| v as u8)),
        _ => Data::I64(r),
    })
}

/// `a op b` for `< <= > >= == !=`: an array of bools.
pub fn compare(op: CmpOp, a: &Operand, b: &Operand) -> PyResult<Data> {
    let f: fn(f64, f64) -> bool = match op {
        CmpOp::Lt => |x, y| x < y,
        CmpOp::LtE => |x, y| x <= y,
        CmpOp::Gt => |x, y| x > y,
        CmpOp::GtE => |x, y| x >= y,
        CmpOp::Eq => |x, y| x == y,
        CmpOp::NotEq => |x, y| x != y,
        _ => return Err(unsupported(BinOp::Sub)),
    };
    if a.data.dtype().is_float() || b.data.dtype().is_float() {
        let (x, y) = (a.data.view_as::<f64>(), b.data.view_as::<f64>());
        return Ok(Data::Bool(zip_with(&x, &y, f)?));
    }
    // Integers compare exactly (an i64 past 2**53 has no exact f64).
    let (x, y) = (a.data.view_as::<i64>(), b.data.view_as::<i64>());
    let g: fn(i64, i64) -> bool = match op {
        CmpOp::Lt => |x, y| x < y,
        CmpOp::LtE => |x, y| x <= y,
        CmpOp::Gt => |x, y| x > y,
        CmpOp::GtE => |x, y| x >= y,
        CmpOp::Eq => |x, y| x == y,
        _ => |x, y| x != y,
    };
    Ok(Data::Bool(zip_with(&x, &y, g)?))
}

/// A float function applied to every element (`np.exp`, `np.sqrt`, ...): float32 stays
/// float32, everything else computes in float64.
pub fn float_map(d: &Data, f: fn(f64) -> f64) -> Data {
    match d {
        Data::F32(a) => Data::F32(a.mapv(|x| f(f64::from(x)) as f32)),
        other => Data::F64(other.view_as::<f64>().mapv(f)),
    }
}

/// `-a`: integers wrap, bools are refused as numpy refuses them.
pub fn negate(d: &Data) -> PyResult<Data> {
    Ok(match d {
        Data::Bool(_) => {
            return Err(type_error(
                Message::new(Code::PyNpUfuncType).with("ufunc", "negative"),
            ))
        }
        Data::U8(a) => Data::U8(a.mapv(u8::wrapping_neg)),
        Data::I64(a) => Data::I64(a.mapv(i64::wrapping_neg)),
        Data::F32(a) => Data::F32(a.mapv(|x| -x)),
        Data::F64(a) => Data::F64(a.mapv(|x| -x)),
    })
}

/// `np.abs`: keeps the dtype.
pub fn absolute(d: &Data) -> Data {
    match d {
        Data::I64(a) => Data::I64(a.mapv(i64::wrapping_abs)),
        Data::F32(a) => Data::F32(a.mapv(f32::abs)),
        Data::F64(a) => Data::F64(a.mapv(f64::abs)),
        other => other.clone(),
    }
}
