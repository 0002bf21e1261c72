//! Printing DataFrames and Series exactly as pandas 3 does with the options a notebook has
//! (Jupyter's and Colab's: `max_rows=60`, `min_rows=10`, `max_columns=20`, `width=80`,
//! `precision=6`), following `pandas/io/formats/format.py` and `string.py`: each column
//! formatted as one block (floats to 6 decimals, then trailing zeros trimmed equally), right
//! aligned under its label, the index left aligned, long frames cut to 5 + 5 rows with `...`,
//! wide ones wrapped at 80 characters with ` \`.

use super::column::{Col, Label};
use super::frame::{Frame, Index};

pub const MAX_ROWS: usize = 60;
pub const MIN_ROWS: usize = 10;
pub const MAX_COLS: usize = 20;
pub const WIDTH: usize = 80;
const DIGITS: usize = 6;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn rjust(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

fn ljust(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// Python's `str.center`.
fn center(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        return s.to_string();
    }
    let pad = w - n;
    // CPython puts the extra space on the right when the padding is odd and `w` even...
    let left = pad / 2 + (pad & w & 1);
    format!("{}{s}{}", " ".repeat(left), " ".repeat(pad - left))
}

/// Python's `f"{x: .6e}"`: ` 1.500000e+00`.
fn sci(x: f64, space: bool) -> String {
    let s = format!("{:.*e}", DIGITS, x);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let body = format!("{mant}e{sign}{:02}", e.abs());
    if space && !body.starts_with('-') {
        format!(" {body}")
    } else {
        body
    }
}

fn fixed(x: f64, space: bool) -> String {
    let body = format!("{:.*}", DIGITS, x);
    if space && !body.starts_with('-') {
        format!(" {body}")
    } else {
        body
    }
}

fn is_decimal_number(s: &str) -> bool {
    let t = s.trim_start();
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    match t.split_once('.') {
        Some((a, b)) => {
            !a.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// pandas' `_trim_zeros_float`: the same number of trailing zeros off every number.
fn trim_zeros(mut v: Vec<String>) -> Vec<String> {
    let nums: Vec<bool> = v.iter().map(|s| is_decimal_number(s)).collect();
    if !nums.iter().any(|&b| b) {
        return v;
    }
    while v
        .iter()
        .zip(&nums)
        .filter(|(_, &n)| n)
        .all(|(s, _)| s.ends_with('0'))
    {
        for (s, &n) in v.iter_mut().zip(&nums) {
            if n {
                s.pop();
            }
        }
    }
    for (s, &n) in v.iter_mut().zip(&nums) {
        if n && s.ends_with('.') {
            s.push('0');
        }
    }
    v
}

fn float_strings(v: &[f64], space: bool) -> Vec<String> {
    let fmt = |f: &dyn Fn(f64, bool) -> String| {
        trim_zeros(
            v.iter()
                .map(|&x| {
                    if x.is_nan() {
                        "NaN".to_string()
                    } else {
                        f(x, space)
                    }
                })
                .collect(),
        )
    };
    let out = fmt(&fixed);
    let too_long = out.iter().map(|s| width(s)).max().unwrap_or(0) > DIGITS + 6;
    let large = v.iter().any(|x| x.abs() > 1e6);
    let small = v.iter().any(|x| x.abs() < 1e-6 && *x != 0.0);
    if small || (too_long && large) {
        fmt(&sci)
    } else {
        out
    }
}

/// A column's cells as pandas writes them (with the leading space of a frame's cells),
/// right aligned to one width.
pub fn format_col(col: &Col) -> Vec<String> {
    let raw: Vec<String> = match col {
        Col::I64(v) => v
            .iter()
            .map(|x| {
                if *x < 0 {
                    x.to_string()
                } else {
                    format!(" {x}")
                }
            })
            .collect(),
        Col::F64(v) | Col::F32(v) => float_strings(v, true),
        Col::Bool(v) => v
            .iter()
            .map(|&b| if b { " True" } else { " False" }.to_string())
            .collect(),
        Col::Str(v) => v
            .iter()
            .map(|s| match s {
                Some(s) => format!(" {}", escape(s)),
                None => " NaN".to_string(),
            })
            .collect(),
    };
    let w = raw.iter().map(|s| width(s)).max().unwrap_or(0);
    raw.iter().map(|s| rjust(s, w)).collect()
}

fn escape(s: &str) -> String {
    s.replace('\t', "\\t")
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// The index labels as pandas writes them: left aligned, common leading space trimmed.
pub fn format_index(index: &Index) -> Vec<String> {
    let texts: Vec<String> = index.labels.iter().map(Label::text).collect();
    let numeric = index.labels.iter().all(|l| matches!(l, Label::Int(_)));
    if numeric {
        let w = texts.iter().map(|s| width(s)).max().unwrap_or(0);
        texts.iter().map(|s| ljust(s, w)).collect()
    } else {
        texts
    }
}

/// Python-like `adjoin`: every list left-justified to its widest + `space`, the last unpadded.
fn adjoin(space: usize, lists: &[Vec<String>]) -> String {
    let n = lists.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let w = l.iter().map(|s| width(s)).max().unwrap_or(0);
            if i + 1 < lists.len() {
                w + space
            } else {
                w
            }
        })
        .collect();
    let mut lines = vec![String::new(); n];
    for (l, &w) in lists.iter().zip(&widths) {
        let pad = n - l.len();
        for (k, line) in lines.iter_mut().enumerate() {
            let cell = if k < pad { "" } else { l[k - pad].as_str() };
            line.push_str(&ljust(cell, w));
        }
    }
    lines.join("\n")
}

/// The rows shown: all, or the first and last `MIN_ROWS / 2` past `MAX_ROWS`.
fn shown_rows(n: usize) -> (Vec<usize>, bool) {
    if n > MAX_ROWS {
        let h = MIN_ROWS / 2;
        ((0..h).chain(n - h..n).collect(), true)
    } else {
        ((0..n).collect(), false)
    }
}

/// The frame's text with pandas' defaults (`repr(df)`, `print(df)`).
pub fn frame_to_string(f: &Frame) -> String {
    let nrows = f.nrows();
    let ncols = f.names.len();
    if nrows == 0 || ncols == 0 {
        let cols: Vec<String> = f.names.iter().map(Label::text).collect();
        let idx: Vec<String> = f.index.labels.iter().map(Label::text).collect();
        return format!(
            "Empty DataFrame\nColumns: [{}]\nIndex: [{}]",
            cols.join(", "),
            idx.join(", ")
        );
    }
    let (rows, cut_rows) = shown_rows(nrows);
    let (cols, cut_cols): (Vec<usize>, bool) = if ncols > MAX_COLS {
        let h = MAX_COLS / 2;
        ((0..h).chain(ncols - h..ncols).collect(), true)
    } else {
        ((0..ncols).collect(), false)
    };
    let mut strcols: Vec<Vec<String>> = Vec::new();
    let idx_labels: Vec<Label> = rows.iter().map(|&r| f.index.labels[r].clone()).collect();
    let mut idx = vec![String::new()];
    idx.extend(format_index(&Index::new(idx_labels)));
    let iw = idx.iter().map(|s| width(s)).max().unwrap_or(0);
    strcols.push(idx.iter().map(|s| ljust(s, iw)).collect());
    // Int labels are written as one left-aligned block, as pandas formats an int Index.
    let int_labels = f.names.iter().all(|l| matches!(l, Label::Int(_)));
    let label_w = f.names.iter().map(|l| width(&l.text())).max().unwrap_or(0);
    for &c in &cols {
        let col = f.cols[c].take(&rows);
        let mut header = f.names[c].text();
        if int_labels {
            header = ljust(&header, label_w);
        }
        if col.is_numeric() {
            header = format!(" {header}");
        }
        let values = format_col(&col);
        let w = values
            .iter()
            .map(|s| width(s))
            .max()
            .unwrap_or(0)
            .max(width(&header));
        let mut out = vec![rjust(&header, w)];
        out.extend(values.iter().map(|s| rjust(s, w)));
        strcols.push(out);
    }
    let half = MAX_COLS / 2;
    if cut_cols {
        let len = strcols[0].len();
        strcols.insert(half + 1, vec![" ...".to_string(); len]);
    }
    if cut_rows {
        let row_num = MIN_ROWS / 2;
        for (ix, col) in strcols.iter_mut().enumerate() {
            let is_dot_col = cut_cols && ix == half + 1;
            let mut cw = width(&col[row_num]);
            let dots = if cw > 3 || is_dot_col { "..." } else { ".." };
            let s = if ix == 0 {
                ljust(dots, cw)
            } else {
                if is_dot_col {
                    cw = 4;
                }
                rjust(dots, cw)
            };
            col.insert(row_num + 1, s);
        }
    }
    let mut text = join_multiline(strcols);
    if cut_rows || cut_cols {
        text.push_str(&format!("\n\n[{nrows} rows x {ncols} columns]"));
    }
    text
}

/// pandas' `_join_multiline`: columns in blocks that fit `WIDTH`, each block with the index.
fn join_multiline(mut strcols: Vec<Vec<String>>) -> String {
    let idx = strcols.remove(0);
    let lwidth = WIDTH as i64 - idx.iter().map(|s| width(s)).max().unwrap_or(0) as i64 - 1;
    let widths: Vec<i64> = strcols
        .iter()
        .map(|c| c.iter().map(|s| width(s)).max().unwrap_or(0) as i64)
        .collect();
    let mut bins = Vec::new();
    let mut cur = 0i64;
    let last = widths.len().saturating_sub(1);
    for (i, &w) in widths.iter().enumerate() {
        let wa = w + 1;
        cur += wa;
        let wrap = if i == last {
            cur + 1 > lwidth && i > 0
        } else {
            cur + 2 > lwidth && i > 0
        };
        if wrap {
            bins.push(i);
            cur = wa;
        }
    }
    bins.push(widths.len());
    let nbins = bins.len();
    let mut blocks = Vec::new();
    let mut start = 0;
    for (i, &end) in bins.iter().enumerate() {
        let mut row: Vec<Vec<String>> = vec![idx.clone()];
        row.extend(strcols[start..end].iter().cloned());
        if nbins > 1 {
            let n = row.last().map_or(0, Vec::len);
            if i < nbins - 1 {
                let mut c = vec![" \\".to_string()];
                c.extend(std::iter::repeat_n("  ".to_string(), n.saturating_sub(1)));
                row.push(c);
            } else {
                row.push(vec![" ".to_string(); n]);
            }
        }
        blocks.push(adjoin(1, &row));
        start = end;
    }
    blocks.join("\n\n")
}

/// The Series' text with pandas' defaults, footer included (`Name: x, dtype: float64`).
pub fn series_to_string(name: Option<&Label>, index: &Index, col: &Col) -> String {
    let n = col.len();
    let mut footer = String::new();
    if let Some(name) = name {
        footer.push_str(&format!("Name: {}, ", name.text()));
    }
    let (rows, cut) = shown_rows(n);
    if cut {
        footer.push_str(&format!("Length: {n}, "));
    }
    footer.push_str(&format!("dtype: {}", col.dtype_name()));
    if n == 0 {
        return format!("Series([], {footer})");
    }
    let shown = col.take(&rows);
    let mut values = format_col(&shown);
    let mut idx = format_index(&Index::new(
        rows.iter().map(|&r| index.labels[r].clone()).collect(),
    ));
    if cut {
        let row_num = MIN_ROWS / 2;
        let w = width(&values[row_num - 1]);
        let dots = if w > 3 { "..." } else { ".." };
        values.insert(row_num, center(dots, w));
        idx.insert(row_num, String::new());
    }
    let mut out = String::new();
    if let Some(name) = &index.name {
        out.push_str(&name.text());
        out.push('\n');
    }
    out.push_str(&adjoin(3, &[idx, values]));
    out.push('\n');
    out.push_str(&footer);
    out
}
