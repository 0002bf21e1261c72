//! `import matplotlib.pyplot as plt` and `import seaborn as sns`: each call adds to a
//! [`crate::figure::Figure`] description (the open figures live in [`Figures`], one per
//! kernel, as pyplot's global state); `plt.show()` shows them, and a cell that ends with a
//! figure open shows it too, as Jupyter's inline backend does.
//!
//! The files: [`args`] (reading arguments), [`style`] (colours, format strings), [`plot`]
//! (what each plotting call adds to an axes), [`objects`] (the Python faces: `Figure`,
//! `Axes`, an array of axes, returned artists), [`seaborn`]. This file is the table of
//! `plt.` names and the figures' state.
//!
//! Anything pyplot has that is not here (hundreds of functions and keywords) stops the cell
//! with "not supported; the exported notebook runs it in Colab" rather than drawing
//! something other than Colab would.

pub mod args;
pub mod objects;
pub mod plot;
pub mod seaborn;
pub mod style;

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::error::{not_supported, value_error, PyError, PyResult};
use crate::eval::{Interp, Output};
use crate::figure::{self, Figure};
use crate::value::{Args, HostObject, Module, Value};
use args::{number, Call};
pub use objects::{Artist, AxesObj, FigureObj};

/// The most numbers one figure may hold (all its series' data): a 500×500 RGB image, or
/// 375,000 points of a line. Past it a cell is told to plot less, instead of sending the
/// page megabytes of JSON.
pub const MAX_VALUES: usize = 750_000;
/// The most axes in one figure (`subplots(10, 10)`).
pub const MAX_AXES: usize = 100;

/// One figure being drawn: its description, its current axes and each axes' colour cycles.
pub struct FigState {
    pub fig: Figure,
    pub current: Option<usize>,
    /// Per axes: how far the lines' and the patches' colour cycles went.
    pub cycles: Vec<[usize; 2]>,
}

pub type FigRef = Rc<RefCell<FigState>>;

/// pyplot's global state: the open figures, in the order they were made, and the current.
#[derive(Default)]
pub struct Figures {
    pub open: Vec<FigRef>,
    pub current: Option<FigRef>,
}

pub fn check_size(f: &Figure) -> PyResult<()> {
    let n = f.values();
    if n > MAX_VALUES {
        return Err(plot::too_much(n));
    }
    Ok(())
}

/// A new figure, made current (`plt.figure()`, `plt.subplots()`).
pub fn new_figure(interp: &mut Interp, size: [f64; 2]) -> FigRef {
    let f = Rc::new(RefCell::new(FigState {
        fig: Figure::new(size),
        current: None,
        cycles: Vec::new(),
    }));
    interp.figures.open.push(f.clone());
    interp.figures.current = Some(f.clone());
    f
}

/// The current figure, made if there is none (`plt.plot` on a fresh cell).
pub fn current_figure(interp: &mut Interp) -> FigRef {
    match &interp.figures.current {
        Some(f) => f.clone(),
        None => new_figure(interp, figure::DEFAULT_SIZE),
    }
}

/// Adds an axes at `subplot(nrows, ncols, index)` and makes it current.
pub fn add_axes(fig: &FigRef, cell: [usize; 3]) -> PyResult<usize> {
    let mut f = fig.borrow_mut();
    if f.fig.axes.len() >= MAX_AXES {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyPltTooManyAxes)
                .with("count", f.fig.axes.len() + 1)
                .with("limit", MAX_AXES),
        ));
    }
    f.fig.axes.push(figure::Axes::new(cell));
    f.cycles.push([0, 0]);
    let i = f.fig.axes.len() - 1;
    f.current = Some(i);
    Ok(i)
}

/// The current axes of the current figure, made if there is none (`plt.gca()`).
pub fn current_axes(interp: &mut Interp) -> PyResult<(FigRef, usize)> {
    let fig = current_figure(interp);
    let cur = fig.borrow().current;
    let ax = match cur {
        Some(a) => a,
        None => add_axes(&fig, [1, 1, 1])?,
    };
    Ok((fig, ax))
}

/// `plt.show()`: every open figure becomes an output, in order, and is closed.
pub fn show(interp: &mut Interp) {
    let open = std::mem::take(&mut interp.figures.open);
    interp.figures.current = None;
    for f in open {
        let fig = f.borrow().fig.clone();
        interp.outputs.push(Output::Figure(fig));
    }
}

/// `figsize=(w, h)`.
fn figsize(interp: &mut Interp, v: Option<Value>, function: &str) -> PyResult<[f64; 2]> {
    let Some(v) = v else {
        return Ok(figure::DEFAULT_SIZE);
    };
    let items = interp.to_vec(&v)?;
    let bad = || {
        value_error(
            Message::new(Code::PyPltBadValue)
                .with("value", format!("{items:?}"))
                .with("name", "figsize"),
        )
    };
    match items.as_slice() {
        [w, h] => {
            let (w, h) = (
                number(w, function, "figsize")?,
                number(h, function, "figsize")?,
            );
            if w > 0.0 && h > 0.0 && w <= 100.0 && h <= 100.0 {
                Ok([w, h])
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}

/// `subplot(nrows, ncols, index)` or `subplot(235)`: the axes at that place of the current
/// figure, made if it is not there yet, and made current.
fn subplot(interp: &mut Interp, args: Args) -> PyResult<Value> {
    let c = Call::new("plt.subplot", args);
    let pos = c.finish(1, 3)?;
    let cell = match pos.as_slice() {
        [n] => {
            let n = n.as_index()?;
            if !(111..=999).contains(&n) {
                return Err(value_error(
                    Message::new(Code::PyPltBadValue)
                        .with("value", n)
                        .with("name", "subplot (a three-digit number such as 221)"),
                ));
            }
            [
                (n / 100) as usize,
                (n / 10 % 10) as usize,
                (n % 10) as usize,
            ]
        }
        [r, c, i] => {
            let (r, c, i) = (r.as_index()?, c.as_index()?, i.as_index()?);
            if r < 1 || c < 1 {
                return Err(value_error(
                    Message::new(Code::PyPltBadValue)
                        .with("value", format!("({r}, {c})"))
                        .with("name", "subplot's nrows and ncols"),
                ));
            }
            [r as usize, c as usize, i.max(0) as usize]
        }
        _ => return Err(not_supported("plt.subplot with two arguments")),
    };
    check_cell(cell)?;
    let fig = current_figure(interp);
    let existing = fig.borrow().fig.axes.iter().position(|a| a.cell == cell);
    let ax = match existing {
        Some(i) => {
            fig.borrow_mut().current = Some(i);
            i
        }
        None => add_axes(&fig, cell)?,
    };
    Ok(AxesObj::value(fig, ax))
}

pub fn check_cell(cell: [usize; 3]) -> PyResult<()> {
    let max = cell[0] * cell[1];
    if max > MAX_AXES {
        return Err(PyError::new(
            "ValueError",
            Message::new(Code::PyPltTooManyAxes)
                .with("count", max)
                .with("limit", MAX_AXES),
        ));
    }
    if cell[2] < 1 || cell[2] > max {
        return Err(value_error(
            Message::new(Code::PyPltBadSubplot)
                .with("max", max)
                .with("num", cell[2]),
        ));
    }
    Ok(())
}

/// `subplots(nrows=1, ncols=1, figsize=)`: a new figure with its grid of axes, returned as
/// `(fig, ax)` (one axes), `(fig, axes)` (a row or column: a 1-D array) or a 2-D array.
fn subplots(interp: &mut Interp, args: Args) -> PyResult<Value> {
    let mut c = Call::new("plt.subplots", args);
    let size = c.kw(&["figsize"]);
    let nrows_kw = c.kw(&["nrows"]);
    let ncols_kw = c.kw(&["ncols"]);
    // Shared axes and spacing change ticks and gaps only.
    c.cosmetic(&[
        "sharex",
        "sharey",
        "constrained_layout",
        "tight_layout",
        "dpi",
    ]);
    let pos = c.finish(0, 2)?;
    let nrows = pos
        .first()
        .cloned()
        .or(nrows_kw)
        .map_or(Ok(1), |v| v.as_index())?;
    let ncols = pos
        .get(1)
        .cloned()
        .or(ncols_kw)
        .map_or(Ok(1), |v| v.as_index())?;
    if nrows < 1 || ncols < 1 {
        return Err(value_error(
            Message::new(Code::PyPltBadValue)
                .with("value", format!("({nrows}, {ncols})"))
                .with("name", "subplots' nrows and ncols"),
        ));
    }
    let (nrows, ncols) = (nrows as usize, ncols as usize);
    check_cell([nrows, ncols, 1])?;
    let size = figsize(interp, size, "plt.subplots")?;
    let fig = new_figure(interp, size);
    let mut items = Vec::new();
    for i in 0..nrows * ncols {
        items.push(add_axes(&fig, [nrows, ncols, i + 1])?);
    }
    fig.borrow_mut().current = items.first().copied();
    let axes = if nrows * ncols == 1 {
        AxesObj::value(fig.clone(), items[0])
    } else {
        let shape = if nrows == 1 || ncols == 1 {
            vec![nrows * ncols]
        } else {
            vec![nrows, ncols]
        };
        objects::AxesArray::value(fig.clone(), items, shape)
    };
    Ok(Value::tuple(vec![FigureObj::value(fig), axes]))
}

/// `plt.figure(figsize=(w, h))`.
fn figure_fn(interp: &mut Interp, args: Args) -> PyResult<Value> {
    let mut c = Call::new("plt.figure", args);
    let size = c.kw(&["figsize"]);
    c.cosmetic(&["dpi", "facecolor"]);
    c.finish(0, 0)?;
    let size = figsize(interp, size, "plt.figure")?;
    Ok(FigureObj::value(new_figure(interp, size)))
}

/// `plt.close()`, `plt.close('all')`, `plt.close(fig)`.
fn close(interp: &mut Interp, args: Args) -> PyResult<Value> {
    let pos = Call::new("plt.close", args).finish(0, 1)?;
    let target = match pos.first() {
        None => interp.figures.current.clone(),
        Some(Value::Str(s)) if &**s == "all" => {
            interp.figures = Figures::default();
            return Ok(Value::None);
        }
        Some(v) => match FigureObj::of(v) {
            Some(f) => Some(f.0.clone()),
            None => return Err(not_supported("plt.close of anything but a figure or 'all'")),
        },
    };
    if let Some(t) = target {
        interp.figures.open.retain(|f| !Rc::ptr_eq(f, &t));
        if interp
            .figures
            .current
            .as_ref()
            .is_some_and(|c| Rc::ptr_eq(c, &t))
        {
            interp.figures.current = interp.figures.open.last().cloned();
        }
    }
    Ok(Value::None)
}

/// pyplot's functions that act on the current axes, by `plt` name and axes method.
const ON_AXES: &[(&str, &str)] = &[
    ("plot", "plot"),
    ("scatter", "scatter"),
    ("bar", "bar"),
    ("hist", "hist"),
    ("imshow", "imshow"),
    ("title", "set_title"),
    ("xlabel", "set_xlabel"),
    ("ylabel", "set_ylabel"),
    ("xlim", "set_xlim"),
    ("ylim", "set_ylim"),
    ("legend", "legend"),
    ("grid", "grid"),
    ("axis", "axis"),
    ("xticks", "set_xticks"),
    ("yticks", "set_yticks"),
];

/// The `matplotlib.pyplot` module: a table of functions; a name it does not have is "not
/// supported" (not AttributeError), since pyplot has it and Colab runs it.
pub struct Pyplot {
    module: Module,
}

impl HostObject for Pyplot {
    fn type_name(&self) -> &str {
        "module"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok("<module 'matplotlib.pyplot'>".into())
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        if let Some(v) = self.module.attrs.borrow().get(name) {
            return Some(Ok(v.clone()));
        }
        if name.starts_with("__") {
            return None;
        }
        Some(Err(not_supported(&format!("plt.{name}"))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn make_pyplot(_: &mut Interp) -> PyResult<Value> {
    let m = Module::new("matplotlib.pyplot");
    for &(name, method) in ON_AXES {
        m.def(name, move |interp, args| {
            let (fig, ax) = current_axes(interp)?;
            plot::call(interp, &fig, ax, method, &format!("plt.{name}"), args)
        });
    }
    m.def("figure", figure_fn);
    m.def("subplot", subplot);
    m.def("subplots", subplots);
    m.def("show", |interp, args| {
        let mut c = Call::new("plt.show", args);
        c.cosmetic(&["block"]);
        c.finish(0, 0)?;
        show(interp);
        Ok(Value::None)
    });
    m.def("close", close);
    m.def("tight_layout", |_, args| {
        let mut c = Call::new("plt.tight_layout", args);
        c.cosmetic(&["pad", "h_pad", "w_pad"]);
        c.finish(0, 0)?;
        Ok(Value::None)
    });
    m.def("gca", |interp, args| {
        Call::new("plt.gca", args).finish(0, 0)?;
        let (fig, ax) = current_axes(interp)?;
        Ok(AxesObj::value(fig, ax))
    });
    m.def("gcf", |interp, args| {
        Call::new("plt.gcf", args).finish(0, 0)?;
        Ok(FigureObj::value(current_figure(interp)))
    });
    m.def("suptitle", |interp, args| {
        let fig = current_figure(interp);
        objects::suptitle(interp, &fig, Call::new("plt.suptitle", args))
    });
    m.def("clf", |interp, args| {
        Call::new("plt.clf", args).finish(0, 0)?;
        let fig = current_figure(interp);
        objects::clear(&fig);
        Ok(Value::None)
    });
    Ok(Value::Host(Rc::new(Pyplot { module: m })))
}

pub fn install(interp: &mut Interp) {
    interp
        .modules
        .insert("matplotlib.pyplot".into(), Rc::new(make_pyplot));
    interp.modules.insert(
        "matplotlib".into(),
        Rc::new(|interp: &mut Interp| {
            let m = Module::new("matplotlib");
            m.set("pyplot", interp.import("matplotlib.pyplot")?);
            m.set("__version__", Value::str("3.10.0"));
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    interp
        .modules
        .insert("seaborn".into(), Rc::new(seaborn::make));
}
