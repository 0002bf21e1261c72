//! `import seaborn as sns`: `regplot`, `heatmap`, `lineplot` and `scatterplot`, drawn as
//! seaborn draws them onto matplotlib's current axes (or `ax=`), and returning that axes.
//!
//! Differences from seaborn a lecture may meet: `regplot` draws the points and the fitted
//! line but not the shaded 95% band (seaborn bootstraps it); `lineplot` averages repeated
//! `x` without the band; `sns.set()`, `set_theme()` and `set_style()` are accepted and keep
//! matplotlib's look.

use std::any::Any;
use std::rc::Rc;

use super::args::{array, floats, label, number, series_name, str_of, Call};
use super::plot::{cmap_arg, finite_range, next_color, too_much, Cycle};
use super::{check_size, current_axes, AxesObj, FigRef};
use crate::error::{not_supported, value_error, PyResult};
use crate::eval::Interp;
use crate::figure::{self, Cmap, CmapBase, LineStyle, Series};
use crate::modules::numpy::array::shape_text;
use crate::modules::numpy::{Data, Dtype};
use crate::modules::pandas::DataFrame;
use crate::value::{HostObject, Module, Value};
use noriteo_core::messages::{Code, Message};

/// The `seaborn` module: a name it does not have is "not supported", as for pyplot.
struct Seaborn(Module);

impl HostObject for Seaborn {
    fn type_name(&self) -> &str {
        "module"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok("<module 'seaborn'>".into())
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        if let Some(v) = self.0.attrs.borrow().get(name) {
            return Some(Ok(v.clone()));
        }
        if name.starts_with("__") {
            return None;
        }
        Some(Err(not_supported(&format!("sns.{name}"))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn make(_: &mut Interp) -> PyResult<Value> {
    let m = Module::new("seaborn");
    m.def("regplot", |interp, args| {
        regplot(interp, Call::new("sns.regplot", args))
    });
    m.def("heatmap", |interp, args| {
        heatmap(interp, Call::new("sns.heatmap", args))
    });
    m.def("lineplot", |interp, args| {
        lineplot(interp, Call::new("sns.lineplot", args))
    });
    m.def("scatterplot", |interp, args| {
        scatterplot(interp, Call::new("sns.scatterplot", args))
    });
    for name in ["set", "set_theme", "set_style"] {
        m.def(name, |_, _| Ok(Value::None));
    }
    m.set("__version__", Value::str("0.13.2"));
    Ok(Value::Host(Rc::new(Seaborn(m))))
}

/// `ax=` or the current axes.
fn target(interp: &mut Interp, c: &mut Call) -> PyResult<(FigRef, usize)> {
    match c.kw(&["ax"]) {
        Some(v) => match AxesObj::of(&v) {
            Some(a) => Ok((a.0.clone(), a.1)),
            None => Err(value_error(
                Message::new(Code::PyPltBadValue)
                    .with("value", v.type_name())
                    .with("name", "ax"),
            )),
        },
        None => current_axes(interp),
    }
}

/// A variable given as a column name of `data` or as values, with the name seaborn labels
/// its axis with.
fn variable(
    interp: &mut Interp,
    data: &Option<Value>,
    v: Value,
    function: &str,
) -> PyResult<(Vec<f64>, Option<String>)> {
    if let (Some(name), Some(d)) = (str_of(&v), data) {
        let col = interp.get_item(d, &v)?;
        return Ok((floats(interp, &col, function)?, Some(name.to_string())));
    }
    let name = series_name(&v);
    Ok((floats(interp, &v, function)?, name))
}

/// `x=` and `y=` (keywords, or the first two positionals), read against `data=`.
fn xy(interp: &mut Interp, c: &mut Call) -> PyResult<XY> {
    let f = c.function.clone();
    let x = c.kw(&["x"]);
    let y = c.kw(&["y"]);
    let data = c.kw(&["data"]);
    let (x, y) = match (x, y) {
        (Some(x), Some(y)) => (x, y),
        _ => return Err(not_supported(&format!("{f} without both x= and y="))),
    };
    let (xs, xname) = variable(interp, &data, x, &f)?;
    let (ys, yname) = variable(interp, &data, y, &f)?;
    if xs.len() != ys.len() {
        return Err(value_error(
            Message::new(Code::PyPltShapeMismatch)
                .with("x", shape_text(&[xs.len()]))
                .with("y", shape_text(&[ys.len()])),
        ));
    }
    Ok(XY {
        x: xs,
        y: ys,
        xname,
        yname,
    })
}

struct XY {
    x: Vec<f64>,
    y: Vec<f64>,
    xname: Option<String>,
    yname: Option<String>,
}

/// Seaborn labels the axes with the variables' names, unless they are labelled already.
fn name_axes(fig: &FigRef, ax: usize, xname: Option<String>, yname: Option<String>) {
    let mut f = fig.borrow_mut();
    let a = &mut f.fig.axes[ax];
    if a.xlabel.is_none() {
        a.xlabel = xname;
    }
    if a.ylabel.is_none() {
        a.ylabel = yname;
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

/// A dict of keywords (`scatter_kws={'alpha': 0.3}`): the value of `key`, if given.
fn dict_get(interp: &mut Interp, d: &Option<Value>, key: &str) -> PyResult<Option<Value>> {
    match d {
        Some(d @ Value::Dict(_)) => {
            let k = Value::str(key);
            if interp.contains(d, &k)? {
                Ok(Some(interp.get_item(d, &k)?))
            } else {
                Ok(None)
            }
        }
        _ => Ok(None),
    }
}

/// `regplot(x=, y=, data=, color=, marker=, scatter_kws=, line_kws=)`: the points, and the
/// least-squares line over their range.
fn regplot(interp: &mut Interp, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let (fig, ax) = target(interp, &mut c)?;
    let color = c.kw(&["color"]);
    let marker = c.kw(&["marker"]);
    let label_v = c.kw(&["label"]);
    let scatter_kws = c.kw(&["scatter_kws"]);
    let line_kws = c.kw(&["line_kws"]);
    let show_points = c.kw(&["scatter"]);
    let fit_reg = c.kw(&["fit_reg"]);
    if let Some(o) = c.kw(&["order"]) {
        if o.as_index().ok() != Some(1) {
            return Err(not_supported(&format!("{f}(order=...)")));
        }
    }
    // The band's level and how it is computed: the band is not drawn here.
    c.cosmetic(&["ci", "n_boot", "truncate", "seed"]);
    let v = xy(interp, &mut c)?;
    c.finish(0, 0)?;
    let color = match color {
        Some(v) => super::style::color(interp, &v)?,
        None => next_color(&fig, ax, Cycle::Lines),
    };
    let label = label(interp, label_v)?;
    let show_points = match show_points {
        Some(v) => interp.truthy(&v)?,
        None => true,
    };
    let fit_reg = match fit_reg {
        Some(v) => interp.truthy(&v)?,
        None => true,
    };
    if show_points {
        let alpha = match dict_get(interp, &scatter_kws, "alpha")? {
            Some(a) => number(&a, &f, "alpha")?,
            None => 0.8,
        };
        let size = match dict_get(interp, &scatter_kws, "s")? {
            Some(s) => number(&s, &f, "s")?,
            None => 36.0,
        };
        let pcolor = match dict_get(interp, &scatter_kws, "color")? {
            Some(v) => super::style::color(interp, &v)?,
            None => color,
        };
        let marker = match marker {
            Some(m) => super::style::marker(&m)?.unwrap_or('o'),
            None => 'o',
        };
        add(
            &fig,
            ax,
            Series::Scatter(figure::Scatter {
                x: v.x.clone(),
                y: v.y.clone(),
                colors: vec![pcolor],
                sizes: vec![size],
                marker,
                alpha,
                label: label.clone(),
            }),
        )?;
    }
    if fit_reg {
        let pts: Vec<(f64, f64)> =
            v.x.iter()
                .zip(&v.y)
                .filter(|(a, b)| a.is_finite() && b.is_finite())
                .map(|(&a, &b)| (a, b))
                .collect();
        let n = pts.len() as f64;
        if pts.len() >= 2 {
            let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
            let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
            let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
            let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            let (lo, hi) = finite_range(&v.x);
            let xs: Vec<f64> = (0..100).map(|i| lo + (hi - lo) * i as f64 / 99.0).collect();
            let ys = xs.iter().map(|x| my + slope * (x - mx)).collect();
            let lcolor = match dict_get(interp, &line_kws, "color")? {
                Some(v) => super::style::color(interp, &v)?,
                None => color,
            };
            let lw = match dict_get(interp, &line_kws, "linewidth")? {
                Some(v) => number(&v, &f, "linewidth")?,
                None => 1.5,
            };
            add(
                &fig,
                ax,
                Series::Line(figure::Line {
                    x: xs,
                    y: ys,
                    color: lcolor,
                    linestyle: LineStyle::Solid,
                    linewidth: lw,
                    marker: None,
                    markersize: 6.0,
                    alpha: 1.0,
                    label: None,
                }),
            )?;
        }
    }
    name_axes(&fig, ax, v.xname, v.yname);
    Ok(AxesObj::value(fig, ax))
}

/// `lineplot(x=, y=, data=, label=, color=, marker=, linestyle=)`: sorted by x, repeated x
/// averaged, as seaborn's estimator does.
fn lineplot(interp: &mut Interp, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let (fig, ax) = target(interp, &mut c)?;
    let color = c.kw(&["color"]);
    let label_v = c.kw(&["label"]);
    let marker = c.kw(&["marker"]);
    let ls = c.kw(&["linestyle", "ls"]);
    let lw = c.kw(&["linewidth", "lw"]);
    c.cosmetic(&["errorbar", "ci"]);
    let v = xy(interp, &mut c)?;
    c.finish(0, 0)?;
    let mut pts: Vec<(f64, f64)> = v.x.iter().copied().zip(v.y.iter().copied()).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut xs, mut ys): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < pts.len() {
        let mut j = i;
        while j < pts.len() && pts[j].0 == pts[i].0 {
            j += 1;
        }
        xs.push(pts[i].0);
        ys.push(pts[i..j].iter().map(|p| p.1).sum::<f64>() / (j - i) as f64);
        i = j;
    }
    let color = match color {
        Some(v) => super::style::color(interp, &v)?,
        None => next_color(&fig, ax, Cycle::Lines),
    };
    let label = label(interp, label_v)?;
    let marker = marker
        .map(|m| super::style::marker(&m))
        .transpose()?
        .flatten();
    let linestyle = ls.map_or(Ok(LineStyle::Solid), |v| super::style::linestyle(&v))?;
    let linewidth = lw.map_or(Ok(1.5), |v| number(&v, &f, "linewidth"))?;
    let has_label = label.is_some();
    add(
        &fig,
        ax,
        Series::Line(figure::Line {
            x: xs,
            y: ys,
            color,
            linestyle,
            linewidth,
            marker,
            markersize: 6.0,
            alpha: 1.0,
            label,
        }),
    )?;
    name_axes(&fig, ax, v.xname, v.yname);
    if has_label {
        fig.borrow_mut().fig.axes[ax].legend = true;
    }
    Ok(AxesObj::value(fig, ax))
}

/// `scatterplot(x=, y=, data=, color=, s=, alpha=, label=, marker=)`.
fn scatterplot(interp: &mut Interp, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let (fig, ax) = target(interp, &mut c)?;
    let color = c.kw(&["color"]);
    let label_v = c.kw(&["label"]);
    let marker = c.kw(&["marker"]);
    let s = c.kw(&["s"]);
    let alpha = c.kw(&["alpha"]);
    let v = xy(interp, &mut c)?;
    c.finish(0, 0)?;
    let color = match color {
        Some(v) => super::style::color(interp, &v)?,
        None => next_color(&fig, ax, Cycle::Patches),
    };
    let label = label(interp, label_v)?;
    let has_label = label.is_some();
    add(
        &fig,
        ax,
        Series::Scatter(figure::Scatter {
            x: v.x,
            y: v.y,
            colors: vec![color],
            sizes: vec![s.map_or(Ok(36.0), |v| number(&v, &f, "s"))?],
            marker: marker
                .map(|m| super::style::marker(&m))
                .transpose()?
                .flatten()
                .unwrap_or('o'),
            alpha: alpha.map_or(Ok(1.0), |v| number(&v, &f, "alpha"))?,
            label,
        }),
    )?;
    name_axes(&fig, ax, v.xname, v.yname);
    if has_label {
        fig.borrow_mut().fig.axes[ax].legend = true;
    }
    Ok(AxesObj::value(fig, ax))
}

/// Tick labels: `True`/`'auto'` (the given names), `False` (none) or a list.
fn tick_labels(
    interp: &mut Interp,
    v: Option<Value>,
    names: Vec<String>,
) -> PyResult<Option<Vec<String>>> {
    match v {
        None => Ok(Some(names)),
        Some(Value::Bool(true)) => Ok(Some(names)),
        Some(Value::Str(s)) if &*s == "auto" => Ok(Some(names)),
        Some(Value::Bool(false)) => Ok(None),
        Some(v) => {
            let items = interp.to_vec(&v)?;
            items
                .iter()
                .map(|x| crate::repr::to_str(interp, x))
                .collect::<PyResult<Vec<_>>>()
                .map(Some)
        }
    }
}

/// `heatmap(data, annot=, fmt='.2g', cmap=, vmin=, vmax=, cbar=, xticklabels=, yticklabels=)`:
/// a 2-D array or DataFrame as coloured cells, row 0 at the top.
fn heatmap(interp: &mut Interp, mut c: Call) -> PyResult<Value> {
    let f = c.function.clone();
    let (fig, ax) = target(interp, &mut c)?;
    let annot = c.kw(&["annot"]);
    let fmt = c.kw(&["fmt"]);
    let cmap = c.kw(&["cmap"]);
    let vmin = c.kw(&["vmin"]);
    let vmax = c.kw(&["vmax"]);
    let cbar = c.kw(&["cbar"]);
    let xtl = c.kw(&["xticklabels"]);
    let ytl = c.kw(&["yticklabels"]);
    if c.kw(&["center"]).is_some() {
        return Err(not_supported(&format!("{f}(center=...)")));
    }
    // Cell borders, the cells' squareness and the annotations' font.
    c.cosmetic(&["linewidths", "linecolor", "square", "annot_kws", "cbar_kws"]);
    let pos = c.finish(1, 1)?;
    let data = &pos[0];
    let (d, col_names, row_names): (Data, Option<Vec<String>>, Option<Vec<String>>) =
        match DataFrame::of(data) {
            Some(df) => {
                let fr = df.0.borrow();
                (
                    fr.to_data()?,
                    Some(fr.names.iter().map(|l| l.text()).collect()),
                    Some(fr.index.labels.iter().map(|l| l.text()).collect()),
                )
            }
            None => (array(interp, data, &f)?, None, None),
        };
    let shape = d.shape().to_vec();
    let [rows, cols] = shape[..] else {
        return Err(value_error(
            Message::new(Code::PyPltBadValue)
                .with("value", format!("an array of shape {}", shape_text(&shape)))
                .with("name", "sns.heatmap (it takes 2-d data)"),
        ));
    };
    let n = rows * cols;
    if n * 2 > super::MAX_VALUES {
        return Err(too_much(n * 2));
    }
    let values: Vec<f64> = d.view_as::<f64>().iter().copied().collect();
    let (mut lo, mut hi) = finite_range(&values);
    if let Some(v) = vmin {
        lo = number(&v, &f, "vmin")?;
    }
    if let Some(v) = vmax {
        hi = number(&v, &f, "vmax")?;
    }
    let cmap = match cmap {
        Some(v) => cmap_arg(&v)?,
        None => Cmap {
            base: CmapBase::Rocket,
            reversed: false,
        },
    };
    // `annot=True` writes the data; `annot=array` writes that array's values.
    let annot_data: Option<Data> = match annot {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(d.clone()),
        Some(v) => {
            let a = array(interp, &v, &f)?;
            if a.shape() != shape.as_slice() {
                return Err(value_error(
                    Message::new(Code::PyPltShapeMismatch)
                        .with("x", shape_text(&shape))
                        .with("y", shape_text(a.shape())),
                ));
            }
            Some(a)
        }
    };
    let annotations = match annot_data {
        None => None,
        Some(a) => {
            let spec = match fmt {
                Some(v) => crate::repr::to_str(interp, &v)?,
                None => ".2g".into(),
            };
            let ints = matches!(a.dtype(), Dtype::I64 | Dtype::U8 | Dtype::Bool);
            let mut texts = Vec::with_capacity(n);
            for x in a.view_as::<f64>().iter() {
                let v = if ints {
                    Value::Int(*x as i64)
                } else {
                    Value::Float(*x)
                };
                texts.push(crate::format::format_value(interp, &v, &spec)?);
            }
            Some(texts)
        }
    };
    let colorbar = match cbar {
        Some(v) => interp.truthy(&v)?,
        None => true,
    };
    let default_names = |k: usize| (0..k).map(|i| i.to_string()).collect::<Vec<_>>();
    let xt = tick_labels(
        interp,
        xtl,
        col_names.unwrap_or_else(|| default_names(cols)),
    )?;
    let yt = tick_labels(
        interp,
        ytl,
        row_names.unwrap_or_else(|| default_names(rows)),
    )?;
    {
        let mut fr = fig.borrow_mut();
        let a = &mut fr.fig.axes[ax];
        a.invert_y = true;
        a.hide_xticks = xt.is_none();
        a.hide_yticks = yt.is_none();
        a.xticklabels = xt;
        a.yticklabels = yt;
    }
    add(
        &fig,
        ax,
        Series::Heatmap(figure::Heatmap {
            rows,
            cols,
            data: values,
            cmap,
            vmin: lo,
            vmax: hi,
            annotations,
            colorbar,
        }),
    )?;
    Ok(AxesObj::value(fig, ax))
}
