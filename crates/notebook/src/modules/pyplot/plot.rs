//! What each plotting call adds to an axes: `plot`, `scatter`, `bar`, `hist`, `imshow`, and
//! the axes' labels, limits, legend and grid. `plt.title(...)` and `ax.set_title(...)` land
//! here alike ([`call`]), on the current axes or on the `Axes` object.

use noriteo_core::messages::{Code, Message};

use super::args::{array, floats, label, number, str_of, text, Call};
use super::{check_size, Artist, FigRef};
use crate::error::{not_supported, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::figure::{self, Cmap, LineStyle, Rgb, Series, CYCLE};
use crate::modules::numpy::array::shape_text;
use crate::modules::numpy::{Data, NdArray};
use crate::value::{Args, Value};

/// Which colour cycle a series takes its colour from: matplotlib keeps one for lines (plot,
/// hist) and one for patches (scatter, bar), each per axes.
#[derive(Clone, Copy)]
pub enum Cycle {
    Lines = 0,
    Patches = 1,
}

pub fn next_color(fig: &FigRef, ax: usize, cycle: Cycle) -> Rgb {
    let mut f = fig.borrow_mut();
    let n = &mut f.cycles[ax][cycle as usize];
    let c = CYCLE[*n % CYCLE.len()];
    *n += 1;
    c
}

/// The axes methods, by their `Axes` names (`set_title`); `plt.title` arrives as `set_title`.
pub const METHODS: &[&str] = &[
    "plot",
    "scatter",
    "bar",
    "hist",
    "imshow",
    "set_title",
    "set_xlabel",
    "set_ylabel",
    "set_xlim",
    "set_ylim",
    "legend",
    "grid",
    "axis",
    "set_xticks",
    "set_yticks",
];

/// Runs the axes method `method` on axes `ax` of `fig`; `shown` is the name the learner
/// wrote (`plt.title`, `ax.set_title`).
pub fn call(
    interp: &mut Interp,
    fig: &FigRef,
    ax: usize,
    method: &str,
    shown: &str,
    args: Args,
) -> PyResult<Value> {
    let c = Call::new(shown, args);
    match method {
        "plot" => plot(interp, fig, ax, c),
        "scatter" => scatter(interp, fig, ax, c),
        "bar" => bar(interp, fig, ax, c),
        "hist" => hist(interp, fig, ax, c),
        "imshow" => imshow(interp, fig, ax, c),
        "set_title" | "set_xlabel" | "set_ylabel" => set_text(interp, fig, ax, method, c),
        "set_xlim" | "set_ylim" => set_lim(fig, ax, method == "set_xlim", c),
        "legend" => legend(interp, fig, ax, c),
        "grid" => grid(interp, fig, ax, c),
        "axis" => axis(interp, fig, ax, c),
        "set_xticks" | "set_yticks" => ticks(interp, fig, ax, method == "set_xticks", c),
        _ => Err(not_supported(shown)),
    }
}

fn add(fig: &FigRef, ax: usize, s: Series) -> PyResult<()> {
    let mut f = fig.borrow_mut();
    f.fig.axes[ax].series.push(s);
    let r = check_size(&f.fig);
    if r.is_err() {
        f.fig.axes[ax].series.pop();
    }
    r
}

fn alpha(c: &mut Call) -> PyResult<f64> {
    let f = c.function.clone();
    c.kw(&["alpha"])
        .map_or(Ok(1.0), |v| number(&v, &f, "alpha"))
}

fn shape_mismatch(x: usize, y: usize) -> PyError {
    value_error(
        Message::new(Code::PyPltShapeMismatch)
            .with("x", shape_text(&[x]))
            .with("y", shape_text(&[y])),
    )
}

/// `plot([x], y, [fmt], [x2], y2, [fmt2], ..., color=, label=, linestyle=, marker=, ...)`.
fn plot(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let color = c.kw(&["color", "c"]);
    let label_v = c.kw(&["label"]);
    let ls = c.kw(&["linestyle", "ls"]);
    let lw = c.kw(&["linewidth", "lw"]);
    let marker = c.kw(&["marker"]);
    let ms = c.kw(&["markersize", "ms"]);
    let alpha = alpha(&mut c)?;
    let color = color.map(|v| super::style::color(interp, &v)).transpose()?;
    let label = label(interp, label_v)?;
    let ls = ls.map(|v| super::style::linestyle(&v)).transpose()?;
    let lw = lw.map_or(Ok(1.5), |v| number(&v, &f, "linewidth"))?;
    let marker = marker.map(|v| super::style::marker(&v)).transpose()?;
    let ms = ms.map_or(Ok(6.0), |v| number(&v, &f, "markersize"))?;
    let pos = c.finish(1, usize::MAX)?;
    let mut artists = Vec::new();
    let mut i = 0;
    while i < pos.len() {
        let (x, y) = if i + 1 < pos.len() && str_of(&pos[i + 1]).is_none() {
            i += 2;
            (Some(&pos[i - 2]), &pos[i - 1])
        } else {
            i += 1;
            (None, &pos[i - 1])
        };
        let fmt = match pos.get(i).and_then(str_of) {
            Some(s) => {
                i += 1;
                super::style::format(&s)?
            }
            None => super::style::Format::default(),
        };
        let yd = array(interp, y, &f)?;
        let ys: Vec<Vec<f64>> = columns(&yd, &f)?;
        let n = ys.first().map_or(0, Vec::len);
        let xs: Vec<f64> = match x {
            Some(x) => {
                let xs = floats(interp, x, &f)?;
                if xs.len() != n {
                    return Err(shape_mismatch(xs.len(), n));
                }
                xs
            }
            None => (0..n).map(|k| k as f64).collect(),
        };
        // A format with a marker and no line style draws markers only (`'k.'`, `'o'`).
        let linestyle = ls.or(fmt.linestyle).unwrap_or(if fmt.marker.is_some() {
            LineStyle::None
        } else {
            LineStyle::Solid
        });
        let marker = marker.unwrap_or(fmt.marker);
        for col in ys {
            let color = match color.or(fmt.color) {
                Some(c) => c,
                None => next_color(fig, ax, Cycle::Lines),
            };
            add(
                fig,
                ax,
                Series::Line(figure::Line {
                    x: xs.clone(),
                    y: col,
                    color,
                    linestyle,
                    linewidth: lw,
                    marker,
                    markersize: ms,
                    alpha,
                    label: label.clone(),
                }),
            )?;
            artists.push(Artist::at("matplotlib.lines.Line2D"));
        }
    }
    Ok(Value::list(artists))
}

/// A 1-D array as one column, a 2-D array as its columns (`plot` draws one line each).
fn columns(d: &Data, function: &str) -> PyResult<Vec<Vec<f64>>> {
    let a = d.view_as::<f64>();
    match a.shape() {
        [] => Ok(vec![vec![a.iter().copied().next().unwrap_or(f64::NAN)]]),
        [_] => Ok(vec![a.iter().copied().collect()]),
        [rows, cols] => Ok((0..*cols)
            .map(|c| (0..*rows).map(|r| a[[r, c]]).collect())
            .collect()),
        shape => Err(not_supported(&format!(
            "{function} of an array of shape {}",
            shape_text(shape)
        ))),
    }
}

/// `scatter(x, y, s=, c=, color=, marker=, alpha=, label=, cmap=)`.
fn scatter(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let s = c.kw(&["s"]);
    let cv = c.kw(&["c", "color"]);
    let marker = c.kw(&["marker"]);
    let cmap = c.kw(&["cmap"]);
    let label_v = c.kw(&["label"]);
    let alpha = alpha(&mut c)?;
    c.cosmetic(&["edgecolors", "edgecolor", "linewidths"]);
    let mut pos = c.finish(2, 4)?;
    let cv = match pos.len() {
        4 => Some(pos.remove(3)),
        _ => cv,
    };
    let s = match pos.len() {
        3 => Some(pos.remove(2)),
        _ => s,
    };
    let x = floats(interp, &pos[0], &f)?;
    let y = floats(interp, &pos[1], &f)?;
    if x.len() != y.len() {
        return Err(value_error(
            Message::new(Code::PyPltBadValue)
                .with(
                    "value",
                    format!("x of {} and y of {} values", x.len(), y.len()),
                )
                .with("name", "scatter (x and y must be the same size)"),
        ));
    }
    let label = label(interp, label_v)?;
    let cmap = match cmap {
        Some(v) => cmap_arg(&v)?,
        None => Cmap::VIRIDIS,
    };
    let colors = match cv {
        None => vec![next_color(fig, ax, Cycle::Patches)],
        Some(v @ (Value::Str(_) | Value::Tuple(_))) => vec![super::style::color(interp, &v)?],
        Some(Value::List(l)) if l.borrow().iter().all(|v| matches!(v, Value::Str(_))) => {
            let items = l.borrow().clone();
            items
                .iter()
                .map(|v| super::style::color(interp, v))
                .collect::<PyResult<_>>()?
        }
        Some(v) => {
            let vals = floats(interp, &v, &f)?;
            if vals.len() != x.len() {
                return Err(shape_mismatch(x.len(), vals.len()));
            }
            let (lo, hi) = finite_range(&vals);
            vals.iter().map(|&v| cmap.map(v, lo, hi)).collect()
        }
    };
    let sizes = match s {
        None => vec![36.0],
        Some(v) => floats(interp, &v, &f)?,
    };
    let marker = match marker {
        Some(m) => super::style::marker(&m)?.unwrap_or('o'),
        None => 'o',
    };
    add(
        fig,
        ax,
        Series::Scatter(figure::Scatter {
            x,
            y,
            colors,
            sizes,
            marker,
            alpha,
            label,
        }),
    )?;
    Ok(Artist::at("matplotlib.collections.PathCollection"))
}

pub fn cmap_arg(v: &Value) -> PyResult<Cmap> {
    let name = str_of(v)
        .map(|s| s.to_string())
        .unwrap_or_else(|| v.type_name());
    Cmap::parse(&name).ok_or_else(|| {
        value_error(
            Message::new(Code::PyPltBadCmap)
                .with("name", name)
                .with("names", Cmap::names()),
        )
    })
}

pub fn finite_range(v: &[f64]) -> (f64, f64) {
    let (lo, hi) = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if lo.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// `bar(x, height, width=0.8, color=, label=, alpha=)`; text `x` are categories.
fn bar(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let width = c.kw(&["width"]);
    let color = c.kw(&["color"]);
    let label_v = c.kw(&["label"]);
    let alpha = alpha(&mut c)?;
    c.cosmetic(&["edgecolor", "linewidth", "align"]);
    let pos = c.finish(2, 3)?;
    let width = match pos.get(2).cloned().or(width) {
        Some(w) => number(&w, &f, "width")?,
        None => 0.8,
    };
    let names: Option<Vec<String>> = match &pos[0] {
        Value::List(_) | Value::Tuple(_) => {
            let items = interp.to_vec(&pos[0])?;
            if !items.is_empty() && items.iter().all(|v| matches!(v, Value::Str(_))) {
                Some(
                    items
                        .iter()
                        .filter_map(str_of)
                        .map(|s| s.to_string())
                        .collect(),
                )
            } else {
                None
            }
        }
        _ => None,
    };
    let height = floats(interp, &pos[1], &f)?;
    let x: Vec<f64> = match &names {
        Some(n) => (0..n.len()).map(|i| i as f64).collect(),
        None => floats(interp, &pos[0], &f)?,
    };
    let (x, height) = match (x.len(), height.len()) {
        (a, b) if a == b => (x, height),
        (a, 1) => (x, vec![height[0]; a]),
        (a, b) => return Err(shape_mismatch(a, b)),
    };
    let color = match color {
        Some(v) => super::style::color(interp, &v)?,
        None => next_color(fig, ax, Cycle::Patches),
    };
    let label = label(interp, label_v)?;
    let n = x.len();
    if let Some(names) = names {
        fig.borrow_mut().fig.axes[ax].xticklabels = Some(names);
    }
    add(
        fig,
        ax,
        Series::Bar(figure::Bar {
            x,
            height,
            width,
            color,
            alpha,
            label,
        }),
    )?;
    Ok(Artist::text(format!(
        "<BarContainer object of {n} artists>"
    )))
}

/// `hist(x, bins=10, range=, density=, color=, alpha=, label=)`: counts as numpy's
/// `histogram` makes them (equal bins over the data's range, the last bin closed).
fn hist(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let bins = c.kw(&["bins"]);
    let range = c.kw(&["range"]);
    let density = c.kw(&["density"]);
    let color = c.kw(&["color"]);
    let label_v = c.kw(&["label"]);
    let alpha = alpha(&mut c)?;
    c.cosmetic(&["edgecolor", "ec", "linewidth", "rwidth"]);
    let pos = c.finish(1, 2)?;
    let values: Vec<f64> = floats(interp, &pos[0], &f)?
        .into_iter()
        .filter(|v| v.is_finite())
        .collect();
    let (lo, hi) = match range {
        Some(r) => {
            let r = interp.to_vec(&r)?;
            match r.as_slice() {
                [a, b] => (number(a, &f, "range")?, number(b, &f, "range")?),
                _ => return Err(not_supported(&format!("{f}(range=...)"))),
            }
        }
        None => {
            let (a, b) = finite_range(&values);
            if values.is_empty() {
                (0.0, 1.0)
            } else if a == b {
                (a - 0.5, b + 0.5)
            } else {
                (a, b)
            }
        }
    };
    let edges: Vec<f64> = match pos.get(1).cloned().or(bins) {
        None => linspace(lo, hi, 10),
        Some(Value::Int(n)) if n > 0 && n <= 10_000 => linspace(lo, hi, n as usize),
        Some(b @ (Value::List(_) | Value::Tuple(_) | Value::Host(_))) => {
            let e = floats(interp, &b, &f)?;
            if e.len() < 2 || e.windows(2).any(|w| w[1] < w[0]) {
                return Err(value_error(
                    Message::new(Code::PyPltBadValue)
                        .with("value", "bins")
                        .with("name", "hist (bins must increase monotonically)"),
                ));
            }
            e
        }
        Some(other) => {
            let shown = crate::repr::repr(interp, &other)?;
            return Err(value_error(
                Message::new(Code::PyPltBadValue)
                    .with("value", shown)
                    .with("name", "bins"),
            ));
        }
    };
    let nb = edges.len() - 1;
    let mut counts = vec![0.0; nb];
    for &v in &values {
        let (first, last) = (edges[0], edges[nb]);
        if v < first || v > last {
            continue;
        }
        // The bin whose left edge is the last one not above v; the last bin takes its right
        // edge too.
        let k = edges
            .partition_point(|&e| e <= v)
            .saturating_sub(1)
            .min(nb - 1);
        counts[k] += 1.0;
    }
    let density = match density {
        Some(d) => interp.truthy(&d)?,
        None => false,
    };
    if density {
        let total: f64 = counts.iter().sum();
        for (k, c) in counts.iter_mut().enumerate() {
            let w = edges[k + 1] - edges[k];
            if total > 0.0 && w > 0.0 {
                *c /= total * w;
            }
        }
    }
    let color = match color {
        Some(v) => super::style::color(interp, &v)?,
        None => next_color(fig, ax, Cycle::Lines),
    };
    let label = label(interp, label_v)?;
    add(
        fig,
        ax,
        Series::Hist(figure::Hist {
            edges: edges.clone(),
            counts: counts.clone(),
            color,
            alpha,
            label,
        }),
    )?;
    let arr = |v: Vec<f64>| {
        NdArray::wrap(Data::F64(
            ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[v.len()]), v)
                .unwrap_or_else(|_| ndarray::ArrayD::zeros(ndarray::IxDyn(&[0]))),
        ))
    };
    Ok(Value::tuple(vec![
        arr(counts),
        arr(edges),
        Artist::text(format!("<BarContainer object of {nb} artists>")),
    ]))
}

fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..=n)
        .map(|i| lo + (hi - lo) * i as f64 / n as f64)
        .collect()
}

/// `imshow(X, cmap=, vmin=, vmax=)`: a 2-D array through a colormap, or an RGB(A) image
/// (floats in 0..1 or ints in 0..255).
fn imshow(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let cmap = c.kw(&["cmap"]);
    let vmin = c.kw(&["vmin"]);
    let vmax = c.kw(&["vmax"]);
    // How pixels are smoothed and the axes' aspect: our drawing is matplotlib's look for
    // small images ('nearest', 'equal').
    c.cosmetic(&["interpolation", "aspect"]);
    let pos = c.finish(1, 1)?;
    let d = array(interp, &pos[0], &f)?;
    let shape = d.shape().to_vec();
    let (h, w, ch) = match shape.as_slice() {
        [h, w] => (*h, *w, 1),
        [h, w, 1] => (*h, *w, 1),
        [h, w, ch @ (3 | 4)] => (*h, *w, *ch),
        _ => {
            return Err(PyError::new(
                "TypeError",
                Message::new(Code::PyPltImageShape).with("shape", shape_text(&shape)),
            ))
        }
    };
    let count = h * w * ch;
    if count > super::MAX_VALUES {
        return Err(too_much(count));
    }
    let ints = !d.dtype().is_float();
    let mut data: Vec<f64> = d.view_as::<f64>().iter().copied().collect();
    let cmap = match cmap {
        Some(v) => cmap_arg(&v)?,
        None => Cmap::VIRIDIS,
    };
    let (mut lo, mut hi) = finite_range(&data);
    if let Some(v) = vmin {
        lo = number(&v, &f, "vmin")?;
    }
    if let Some(v) = vmax {
        hi = number(&v, &f, "vmax")?;
    }
    if ch > 1 {
        // matplotlib reads RGB ints as 0..255 and floats as 0..1, clipping what is outside.
        for v in &mut data {
            *v = if ints { *v / 255.0 } else { *v }.clamp(0.0, 1.0);
        }
        (lo, hi) = (0.0, 1.0);
    }
    {
        let mut fr = fig.borrow_mut();
        fr.fig.axes[ax].invert_y = true;
    }
    add(
        fig,
        ax,
        Series::Image(figure::Image {
            height: h,
            width: w,
            channels: ch,
            data,
            cmap,
            vmin: lo,
            vmax: hi,
        }),
    )?;
    Ok(Artist::at("matplotlib.image.AxesImage"))
}

pub fn too_much(count: usize) -> PyError {
    PyError::new(
        "MemoryError",
        Message::new(Code::PyPltTooMuchData)
            .with("count", count)
            .with("limit", super::MAX_VALUES),
    )
}

fn set_text(
    interp: &mut Interp,
    fig: &FigRef,
    ax: usize,
    method: &str,
    mut c: Call,
) -> PyResult<Value> {
    c.cosmetic(&[
        "fontsize",
        "size",
        "fontweight",
        "weight",
        "pad",
        "labelpad",
        "loc",
        "fontdict",
        "color",
    ]);
    let pos = c.finish(1, 1)?;
    let t = text(interp, &pos[0])?;
    let mut f = fig.borrow_mut();
    let a = &mut f.fig.axes[ax];
    let (x, y) = match method {
        "set_title" => {
            a.title = Some(t.clone());
            ("0.5", "1.0")
        }
        "set_xlabel" => {
            a.xlabel = Some(t.clone());
            ("0.5", "0")
        }
        _ => {
            a.ylabel = Some(t.clone());
            ("0", "0.5")
        }
    };
    Ok(Artist::text(format!(
        "Text({x}, {y}, {})",
        crate::repr::str_repr(&t)
    )))
}

/// `xlim(lo, hi)`, `xlim((lo, hi))`, `xlim(left=, right=)`, `xlim()`: returns the limits.
fn set_lim(fig: &FigRef, ax: usize, x: bool, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let lo_kw = c.kw(if x {
        &["left", "xmin"]
    } else {
        &["bottom", "ymin"]
    });
    let hi_kw = c.kw(if x {
        &["right", "xmax"]
    } else {
        &["top", "ymax"]
    });
    let pos = c.finish(0, 2)?;
    let (lo, hi) = match pos.as_slice() {
        [] => (lo_kw, hi_kw),
        [Value::Tuple(t)] if t.len() == 2 => (Some(t[0].clone()), Some(t[1].clone())),
        [Value::List(l)] if l.borrow().len() == 2 => {
            let l = l.borrow();
            (Some(l[0].clone()), Some(l[1].clone()))
        }
        [a] => (Some(a.clone()), hi_kw),
        [a, b] => (Some(a.clone()), Some(b.clone())),
        _ => (None, None),
    };
    let mut fr = fig.borrow_mut();
    let current = auto_limits(&fr.fig.axes[ax], x);
    let slot = if x {
        &mut fr.fig.axes[ax].xlim
    } else {
        &mut fr.fig.axes[ax].ylim
    };
    let mut lim = slot.unwrap_or(current);
    let changed = lo.is_some() || hi.is_some();
    if let Some(v) = lo {
        lim[0] = number(&v, &f, if x { "left" } else { "bottom" })?;
    }
    if let Some(v) = hi {
        lim[1] = number(&v, &f, if x { "right" } else { "top" })?;
    }
    if changed {
        *slot = Some(lim);
    }
    Ok(Value::tuple(vec![
        Value::Float(lim[0]),
        Value::Float(lim[1]),
    ]))
}

/// The limits matplotlib would choose from the data: its range with 5% margins.
pub fn auto_limits(a: &figure::Axes, x: bool) -> [f64; 2] {
    let mut vals: Vec<f64> = Vec::new();
    for s in &a.series {
        match s {
            Series::Line(l) => vals.extend(if x { &l.x } else { &l.y }),
            Series::Scatter(p) => vals.extend(if x { &p.x } else { &p.y }),
            Series::Bar(b) => {
                if x {
                    vals.extend(b.x.iter().map(|v| v - b.width / 2.0));
                    vals.extend(b.x.iter().map(|v| v + b.width / 2.0));
                } else {
                    vals.push(0.0);
                    vals.extend(&b.height);
                }
            }
            Series::Hist(h) => {
                if x {
                    vals.extend(&h.edges)
                } else {
                    vals.push(0.0);
                    vals.extend(&h.counts)
                }
            }
            Series::Image(i) => {
                let n = if x { i.width } else { i.height } as f64;
                return if x { [-0.5, n - 0.5] } else { [n - 0.5, -0.5] };
            }
            Series::Heatmap(h) => {
                let n = if x { h.cols } else { h.rows } as f64;
                return if x { [0.0, n] } else { [n, 0.0] };
            }
        }
    }
    let (lo, hi) = finite_range(&vals);
    if vals.iter().all(|v| !v.is_finite()) {
        return [0.0, 1.0];
    }
    let pad = if hi > lo {
        0.05 * (hi - lo)
    } else {
        0.05 * lo.abs().max(1.0)
    };
    [lo - pad, hi + pad]
}

/// `legend()`, `legend(['train', 'val'])`, `legend(loc=...)`.
fn legend(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    c.cosmetic(&[
        "loc",
        "fontsize",
        "frameon",
        "ncol",
        "title",
        "bbox_to_anchor",
        "shadow",
    ]);
    let pos = c.finish(0, 1)?;
    let names: Option<Vec<String>> = match pos.first() {
        Some(v) => Some(
            interp
                .to_vec(v)?
                .iter()
                .map(|v| text(interp, v))
                .collect::<PyResult<_>>()?,
        ),
        None => None,
    };
    let mut f = fig.borrow_mut();
    let a = &mut f.fig.axes[ax];
    a.legend = true;
    if let Some(names) = names {
        for (s, n) in a.series.iter_mut().zip(names) {
            match s {
                Series::Line(l) => l.label = Some(n),
                Series::Scatter(p) => p.label = Some(n),
                Series::Bar(b) => b.label = Some(n),
                Series::Hist(h) => h.label = Some(n),
                Series::Image(_) | Series::Heatmap(_) => {}
            }
        }
    }
    Ok(Artist::at("matplotlib.legend.Legend"))
}

/// `grid()` toggles, `grid(True)` / `grid(False)` set; style keywords imply `True`.
fn grid(interp: &mut Interp, fig: &FigRef, ax: usize, mut c: Call) -> PyResult<Value> {
    let visible = c.kw(&["visible", "b"]);
    let styled = [
        "alpha",
        "linestyle",
        "ls",
        "color",
        "linewidth",
        "lw",
        "which",
        "axis",
    ]
    .iter()
    .any(|k| c.args.kw.iter().any(|(n, _)| &**n == *k));
    c.cosmetic(&[
        "alpha",
        "linestyle",
        "ls",
        "color",
        "linewidth",
        "lw",
        "which",
        "axis",
    ]);
    let pos = c.finish(0, 1)?;
    let v = match pos.first().cloned().or(visible) {
        Some(v) => Some(interp.truthy(&v)?),
        None => None,
    };
    let mut f = fig.borrow_mut();
    let a = &mut f.fig.axes[ax];
    a.grid = match v {
        Some(b) => b,
        None if styled => true,
        None => !a.grid,
    };
    Ok(Value::None)
}

/// `axis('off')`, `axis('on')`, `axis([xmin, xmax, ymin, ymax])`.
fn axis(interp: &mut Interp, fig: &FigRef, ax: usize, c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let pos = c.finish(0, 1)?;
    let mut fr = fig.borrow_mut();
    let a = &mut fr.fig.axes[ax];
    match pos.first() {
        None => {}
        Some(Value::Str(s)) => match &**s {
            "off" => a.axis_off = true,
            "on" => a.axis_off = false,
            other => return Err(not_supported(&format!("{f}('{other}')"))),
        },
        Some(Value::Bool(b)) => a.axis_off = !b,
        Some(v) => {
            drop(fr);
            let items = interp.to_vec(v)?;
            let nums: Vec<f64> = items
                .iter()
                .map(|v| number(v, &f, "limits"))
                .collect::<PyResult<_>>()?;
            let [x0, x1, y0, y1] = nums[..] else {
                return Err(not_supported(&format!("{f} with {} limits", nums.len())));
            };
            let mut fr = fig.borrow_mut();
            let a = &mut fr.fig.axes[ax];
            a.xlim = Some([x0, x1]);
            a.ylim = Some([y0, y1]);
            return Ok(Value::tuple(nums.into_iter().map(Value::Float).collect()));
        }
    }
    let (x, y) = (auto_limits(a, true), auto_limits(a, false));
    let (x, y) = (a.xlim.unwrap_or(x), a.ylim.unwrap_or(y));
    Ok(Value::tuple(
        [x[0], x[1], y[0], y[1]]
            .into_iter()
            .map(Value::Float)
            .collect(),
    ))
}

/// `xticks([])` / `ax.set_xticks([])`: hides the tick labels (images in a grid). Placing
/// ticks elsewhere is left to Colab.
fn ticks(interp: &mut Interp, fig: &FigRef, ax: usize, x: bool, c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let pos = c.finish(0, 2)?;
    let Some(v) = pos.first() else {
        return Err(not_supported(&format!("{f}()")));
    };
    if pos.len() > 1 || interp.len(v)? != 0 {
        return Err(not_supported(&format!("{f} with tick positions")));
    }
    let mut fr = fig.borrow_mut();
    let a = &mut fr.fig.axes[ax];
    if x {
        a.hide_xticks = true;
    } else {
        a.hide_yticks = true;
    }
    Ok(Value::list(Vec::new()))
}
