//! `repr` and `str` of arrays and scalars exactly as numpy 2 prints them (default print
//! options: precision 8, linewidth 75, threshold 1000, edgeitems 3). This is a port of
//! `numpy/_core/arrayprint.py` (`_formatArray`, `FloatingFormat`, `IntegerFormat`), so its
//! functions keep numpy's names and its order of decisions.
//!
//! Float digits are the shortest that round-trip (numpy's Dragon4 in "unique" mode), which
//! Rust's `{}` and `{:e}` give for f64 and f32 alike; when more than 8 fraction digits would
//! be needed, `{:.8}` rounds the exact binary value as Dragon4 does.

use super::array::{shape_text, Data, Dtype, Scalar};

const LINEWIDTH: usize = 75;
const THRESHOLD: usize = 1000;
const EDGEITEMS: usize = 3;
const PRECISION: usize = 8;

/// A float as the shortest round-trip text, in f32's precision for an f32.
fn shortest_positional(s: Scalar) -> String {
    match s {
        Scalar::F32(x) => format!("{x}"),
        other => format!("{}", other.to_f64()),
    }
}

fn shortest_scientific(s: Scalar) -> String {
    match s {
        Scalar::F32(x) => format!("{x:e}"),
        other => format!("{:e}", other.to_f64()),
    }
}

/// Splits `"-1.25"` into `("-1", "25")`; `"3"` into `("3", "")`.
fn split_point(t: &str) -> (String, String) {
    match t.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (t.to_string(), String::new()),
    }
}

/// Dragon4 positional, unique digits, at most `PRECISION` fraction digits, no padding.
fn positional_parts(s: Scalar) -> (String, String) {
    let (i, f) = split_point(&shortest_positional(s));
    if f.len() <= PRECISION {
        return (i, f);
    }
    let t = match s {
        Scalar::F32(x) => format!("{x:.PRECISION$}"),
        other => format!("{:.PRECISION$}", other.to_f64()),
    };
    let (i, f) = split_point(&t);
    (i, f.trim_end_matches('0').to_string())
}

/// Dragon4 scientific: (integer digit with sign, fraction digits, exponent).
fn scientific_parts(s: Scalar) -> (String, String, i32) {
    let mut t = shortest_scientific(s);
    let (m, _) = t.split_once('e').unwrap_or((&t, "0"));
    if split_point(m).1.len() > PRECISION {
        t = match s {
            Scalar::F32(x) => format!("{x:.PRECISION$e}"),
            other => format!("{:.PRECISION$e}", other.to_f64()),
        };
    }
    let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
    let (i, f) = split_point(m);
    (
        i,
        f.trim_end_matches('0').to_string(),
        e.parse().unwrap_or(0),
    )
}

fn exponent_text(e: i32, digits: usize) -> String {
    let sign = if e < 0 { '-' } else { '+' };
    format!("{sign}{:0digits$}", e.unsigned_abs())
}

/// How every element of one array is printed (numpy's format function for the dtype).
enum Format {
    Bool,
    Int {
        width: usize,
    },
    Float {
        exp: bool,
        pad_left: usize,
        pad_right: usize,
        /// Fraction digits of every mantissa in scientific mode.
        precision: usize,
        exp_size: usize,
    },
}

impl Format {
    /// numpy's `_get_format_function` and the formatter's `__init__`, on the shown elements.
    fn new(dtype: Dtype, shown: &[Scalar]) -> Format {
        match dtype {
            Dtype::Bool => Format::Bool,
            Dtype::U8 | Dtype::I64 => {
                let width = shown.iter().map(|s| int_text(*s).len()).max().unwrap_or(0);
                Format::Int { width }
            }
            Dtype::F32 | Dtype::F64 => float_format(dtype, shown),
        }
    }

    fn format(&self, s: Scalar) -> String {
        match self {
            Format::Bool => if s.to_f64() != 0.0 { " True" } else { "False" }.to_string(),
            Format::Int { width } => format!("{:>width$}", int_text(s)),
            Format::Float {
                exp,
                pad_left,
                pad_right,
                precision,
                exp_size,
            } => {
                let x = s.to_f64();
                if !x.is_finite() {
                    let t = if x.is_nan() {
                        "nan"
                    } else if x < 0.0 {
                        "-inf"
                    } else {
                        "inf"
                    };
                    let w = pad_left + pad_right + 1;
                    return format!("{t:>w$}");
                }
                if *exp {
                    let (i, f, e) = scientific_parts(s);
                    let mut f = f;
                    while f.len() < *precision {
                        f.push('0');
                    }
                    format!(
                        "{i:>pad_left$}.{f}e{}",
                        exponent_text(e, *exp_size),
                        pad_left = *pad_left
                    )
                } else {
                    let (i, f) = positional_parts(s);
                    format!(
                        "{i:>pad_left$}.{f:<pad_right$}",
                        pad_left = *pad_left,
                        pad_right = *pad_right
                    )
                }
            }
        }
    }
}

fn int_text(s: Scalar) -> String {
    match s {
        Scalar::I64(x) => x.to_string(),
        Scalar::U8(x) => x.to_string(),
        other => format!("{}", other.to_f64()),
    }
}

/// numpy's `FloatingFormat.fillFormat` with sign='-', floatmode='maxprec', no suppression.
fn float_format(dtype: Dtype, shown: &[Scalar]) -> Format {
    let finite: Vec<Scalar> = shown
        .iter()
        .copied()
        .filter(|s| s.to_f64().is_finite())
        .collect();
    let nonzero: Vec<f64> = finite
        .iter()
        .map(|s| s.to_f64().abs())
        .filter(|&x| x != 0.0)
        .collect();
    // Scientific notation past 1e8 (1e6 for float32, whose precision is 6 digits), below
    // 1e-4, or when the values span more than three orders of magnitude.
    let cutoff = if dtype == Dtype::F32 { 1e6 } else { 1e8 };
    let exp = match (
        nonzero.iter().copied().reduce(f64::max),
        nonzero.iter().copied().reduce(f64::min),
    ) {
        (Some(max), Some(min)) => max >= cutoff || min < 0.0001 || max / min > 1000.0,
        _ => false,
    };
    let (mut pad_left, mut pad_right, mut precision, mut exp_size) = (0, 0, 0, 0);
    if finite.is_empty() {
    } else if exp {
        let parts: Vec<_> = finite.iter().map(|s| scientific_parts(*s)).collect();
        precision = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
        exp_size = parts
            .iter()
            .map(|p| p.2.unsigned_abs().to_string().len().max(2))
            .max()
            .unwrap_or(2);
        pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0);
        pad_right = exp_size + 2 + precision;
    } else {
        let parts: Vec<_> = finite.iter().map(|s| positional_parts(*s)).collect();
        pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0);
        pad_right = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
    }
    if finite.len() != shown.len() {
        let neginf = shown.iter().any(|s| s.to_f64() == f64::NEG_INFINITY);
        let offset = pad_right + 1;
        pad_left = pad_left
            .max(3usize.saturating_sub(offset))
            .max((3 + usize::from(neginf)).saturating_sub(offset));
    }
    Format::Float {
        exp,
        pad_left,
        pad_right,
        precision,
        exp_size,
    }
}

/// The indices printed along an axis of length `n`: all, or the first and last three.
fn shown_indices(n: usize, summarize: bool) -> (Vec<usize>, bool) {
    if summarize && n > 2 * EDGEITEMS {
        let mut v: Vec<usize> = (0..EDGEITEMS).collect();
        v.extend(n - EDGEITEMS..n);
        (v, true)
    } else {
        ((0..n).collect(), false)
    }
}

fn collect_shown(d: &Data, summarize: bool, index: &mut Vec<usize>, out: &mut Vec<Scalar>) {
    let shape = d.shape();
    if index.len() == shape.len() {
        if let Some(s) = d.get(index) {
            out.push(s);
        }
        return;
    }
    for i in shown_indices(shape[index.len()], summarize).0 {
        index.push(i);
        collect_shown(d, summarize, index, out);
        index.pop();
    }
}

/// numpy's `_extendLine`.
fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, prefix: &str) {
    let needs_wrap = line.len() + word.len() > width && line.len() > prefix.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = prefix.to_string();
    }
    line.push_str(word);
}

struct Printer<'a> {
    data: &'a Data,
    format: Format,
    separator: &'a str,
    summarize: bool,
}

impl Printer<'_> {
    /// numpy's `_formatArray.recurser`.
    fn recurse(&self, index: &mut Vec<usize>, hanging: &str, width: usize) -> String {
        let shape = self.data.shape();
        let axis = index.len();
        let axes_left = shape.len() - axis;
        if axes_left == 0 {
            return self
                .data
                .get(index)
                .map(|s| self.format.format(s))
                .unwrap_or_default();
        }
        let next_hanging = format!("{hanging} ");
        let next_width = width.saturating_sub(1);
        let n = shape[axis];
        let (indices, show_summary) = shown_indices(n, self.summarize);
        let split = if show_summary { EDGEITEMS } else { 0 };
        let mut s = String::new();
        let sep_trim = self.separator.trim_end();
        if axes_left == 1 {
            let elem_width = width.saturating_sub(sep_trim.len().max(1));
            let mut line = hanging.to_string();
            for (k, &i) in indices.iter().enumerate() {
                if show_summary && k == split {
                    extend_line(&mut s, &mut line, "...", elem_width, hanging);
                    line.push_str(self.separator);
                }
                index.push(i);
                let word = self.recurse(index, &next_hanging, next_width);
                index.pop();
                extend_line(&mut s, &mut line, &word, elem_width, hanging);
                if k + 1 < indices.len() {
                    line.push_str(self.separator);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{sep_trim}{}", "\n".repeat(axes_left - 1));
            for (k, &i) in indices.iter().enumerate() {
                if show_summary && k == split {
                    s.push_str(hanging);
                    s.push_str("...");
                    s.push_str(&line_sep);
                }
                index.push(i);
                let nested = self.recurse(index, &next_hanging, next_width);
                index.pop();
                s.push_str(hanging);
                s.push_str(&nested);
                if k + 1 < indices.len() {
                    s.push_str(&line_sep);
                }
            }
        }
        format!("[{}]", &s[hanging.len().min(s.len())..])
    }
}

/// numpy's `array2string` with the given separator and prefix length.
fn array2string(d: &Data, separator: &str, prefix_len: usize, linewidth: usize) -> String {
    if d.is_empty() {
        return "[]".to_string();
    }
    let summarize = d.len() > THRESHOLD;
    let mut shown = Vec::new();
    collect_shown(d, summarize, &mut Vec::new(), &mut shown);
    let p = Printer {
        data: d,
        format: Format::new(d.dtype(), &shown),
        separator,
        summarize,
    };
    let hanging = " ".repeat(1 + prefix_len);
    p.recurse(&mut Vec::new(), &hanging, linewidth)
}

/// `str(a)` / `print(a)`.
pub fn array_str(d: &Data) -> String {
    if d.shape().is_empty() {
        return d.get(&[]).map(scalar_str).unwrap_or_default();
    }
    array2string(d, " ", 0, LINEWIDTH)
}

/// `repr(a)`: `array([...])` with `shape=` and `dtype=` where numpy adds them.
pub fn array_repr(d: &Data) -> String {
    let prefix = "array(";
    let lst = if d.shape().is_empty() {
        let s = d.get(&[]).unwrap_or(Scalar::F64(0.0));
        match s {
            Scalar::Bool(b) => if b { "True" } else { "False" }.to_string(),
            other => Format::new(d.dtype(), &[other]).format(other),
        }
    } else {
        array2string(d, ", ", prefix.len(), LINEWIDTH - 1)
    };
    let mut extras = Vec::new();
    if (d.is_empty() && d.shape() != [0]) || d.len() > THRESHOLD {
        extras.push(format!("shape={}", shape_text(d.shape())));
    }
    let implied = matches!(d.dtype(), Dtype::F64 | Dtype::I64 | Dtype::Bool);
    if !implied || d.is_empty() {
        extras.push(format!("dtype={}", d.dtype().name()));
    }
    if extras.is_empty() {
        return format!("{prefix}{lst})");
    }
    let arr = format!("{prefix}{lst},");
    let extra = format!("{})", extras.join(", "));
    let last_line = arr.len() - arr.rfind('\n').map_or(0, |i| i + 1);
    let spacer = if last_line + extra.len() + 1 > LINEWIDTH {
        format!("\n{}", " ".repeat(prefix.len()))
    } else {
        " ".to_string()
    };
    format!("{arr}{spacer}{extra}")
}

/// `str` of a numpy scalar: Python's float text for float64, the same rules in float32's
/// own precision (positional between 1e-4 and 1e6) for float32.
pub fn scalar_str(s: Scalar) -> String {
    match s {
        Scalar::Bool(b) => if b { "True" } else { "False" }.to_string(),
        Scalar::U8(x) => x.to_string(),
        Scalar::I64(x) => x.to_string(),
        Scalar::F64(x) => crate::repr::float_repr(x),
        Scalar::F32(x) => {
            let a = x.abs();
            if !x.is_finite() {
                crate::repr::float_repr(f64::from(x))
            } else if a == 0.0 || ((1e-4..1e6).contains(&a) && a >= 1e-4) {
                let t = format!("{x}");
                if t.contains('.') {
                    t
                } else {
                    format!("{t}.0")
                }
            } else {
                let (i, f, e) = scientific_parts(s);
                let m = if f.is_empty() { i } else { format!("{i}.{f}") };
                format!("{m}e{}", exponent_text(e, 2))
            }
        }
    }
}

/// `repr` of a numpy scalar, numpy 2's way: `np.float64(0.5)`, `np.int64(7)`, `np.True_`.
pub fn scalar_repr(s: Scalar) -> String {
    match s {
        Scalar::Bool(b) => if b { "np.True_" } else { "np.False_" }.to_string(),
        other => format!("np.{}({})", other.dtype().name(), scalar_str(other)),
    }
}
