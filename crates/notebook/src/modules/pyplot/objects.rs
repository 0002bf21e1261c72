//! The Python faces of pyplot's objects: a `Figure`, an `Axes` (`ax.plot`, `ax.set_title`),
//! the array of axes `plt.subplots` returns (`axes[0, 1]`, `axes.flat`), and the artists
//! plotting calls return, which print as matplotlib's do when a cell ends with one.

use std::any::Any;
use std::rc::Rc;

use super::args::Call;
use super::{add_axes, check_cell, plot, FigRef};
use crate::error::{not_supported, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, HostObject, Value};
use noriteo_core::messages::{Code, Message};

/// What `plt.plot` and friends return: it only prints (`[<matplotlib.lines.Line2D at 0x…>]`,
/// `Text(0.5, 1.0, 'Loss')`).
pub struct Artist {
    /// A class path, printed with the object's address; or the whole text.
    class: &'static str,
    text: Option<String>,
}

impl Artist {
    pub fn at(class: &'static str) -> Value {
        Value::Host(Rc::new(Artist { class, text: None }))
    }
    pub fn text(text: String) -> Value {
        Value::Host(Rc::new(Artist {
            class: "",
            text: Some(text),
        }))
    }
}

impl HostObject for Artist {
    fn type_name(&self) -> &str {
        match &self.text {
            Some(t) if t.starts_with("Text(") => "Text",
            Some(_) => "BarContainer",
            None => self.class.rsplit('.').next().unwrap_or(self.class),
        }
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(match &self.text {
            Some(t) => t.clone(),
            None => format!("<{} at {:#x}>", self.class, self as *const _ as usize),
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An `Axes`: one place of a figure.
pub struct AxesObj(pub FigRef, pub usize);

impl AxesObj {
    pub fn value(fig: FigRef, ax: usize) -> Value {
        Value::Host(Rc::new(AxesObj(fig, ax)))
    }
    pub fn of(v: &Value) -> Option<&AxesObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<AxesObj>(),
            _ => None,
        }
    }
}

/// The axes methods besides the plotting ones: `ax.title`'s `set_` form is the one Axes has.
const AXES_EXTRA: &[&str] = &[
    "get_title",
    "get_xlabel",
    "get_ylabel",
    "get_xlim",
    "get_ylim",
];

impl HostObject for AxesObj {
    fn type_name(&self) -> &str {
        "Axes"
    }
    /// matplotlib 3.7+: `<Axes: title={'center': 'Loss'}, xlabel='epoch', ylabel='loss'>`.
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        let f = self.0.borrow();
        let a = &f.fig.axes[self.1];
        let mut parts = Vec::new();
        if let Some(t) = &a.title {
            parts.push(format!("title={{'center': {}}}", crate::repr::str_repr(t)));
        }
        if let Some(t) = &a.xlabel {
            parts.push(format!("xlabel={}", crate::repr::str_repr(t)));
        }
        if let Some(t) = &a.ylabel {
            parts.push(format!("ylabel={}", crate::repr::str_repr(t)));
        }
        Ok(format!("<Axes: {}>", parts.join(", ")))
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let (fig, ax) = (self.0.clone(), self.1);
        if let Some(&m) = plot::METHODS.iter().find(|&&m| m == name) {
            return Some(Ok(Value::native(m, move |interp, args| {
                plot::call(interp, &fig, ax, m, &format!("ax.{m}"), args)
            })));
        }
        if let Some(&m) = AXES_EXTRA.iter().find(|&&m| m == name) {
            return Some(Ok(Value::native(m, move |_, args| {
                Call::new(format!("ax.{m}"), args).finish(0, 0)?;
                let f = fig.borrow();
                let a = &f.fig.axes[ax];
                let s = |t: &Option<String>| Value::str(t.as_deref().unwrap_or(""));
                let lim = |l: [f64; 2]| Value::tuple(vec![Value::Float(l[0]), Value::Float(l[1])]);
                Ok(match m {
                    "get_title" => s(&a.title),
                    "get_xlabel" => s(&a.xlabel),
                    "get_ylabel" => s(&a.ylabel),
                    "get_xlim" => lim(a.xlim.unwrap_or(plot::auto_limits(a, true))),
                    _ => lim(a.ylim.unwrap_or(plot::auto_limits(a, false))),
                })
            })));
        }
        if name == "figure" {
            return Some(Ok(FigureObj::value(fig)));
        }
        if name.starts_with("__") {
            return None;
        }
        Some(Err(not_supported(&format!("ax.{name}"))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The numpy array of axes `plt.subplots(2, 5)` returns: indexed `axes[0, 1]` or `axes[3]`,
/// walked with `for ax in axes.flat`.
pub struct AxesArray {
    fig: FigRef,
    items: Vec<usize>,
    shape: Vec<usize>,
}

impl AxesArray {
    pub fn value(fig: FigRef, items: Vec<usize>, shape: Vec<usize>) -> Value {
        Value::Host(Rc::new(AxesArray { fig, items, shape }))
    }

    fn index(&self, i: &Value, axis: usize) -> PyResult<usize> {
        let n = self.shape[axis] as i64;
        let k = i.as_index()?;
        let k = if k < 0 { k + n } else { k };
        if k < 0 || k >= n {
            return Err(PyError::new(
                "IndexError",
                Message::new(Code::PyNpIndexBounds)
                    .with("index", i.as_index()?)
                    .with("axis", axis)
                    .with("size", n),
            ));
        }
        Ok(k as usize)
    }

    fn flat(&self) -> Value {
        AxesArray::value(self.fig.clone(), self.items.clone(), vec![self.items.len()])
    }

    fn row(&self, r: usize) -> Value {
        let cols = self.shape[1];
        AxesArray::value(
            self.fig.clone(),
            self.items[r * cols..(r + 1) * cols].to_vec(),
            vec![cols],
        )
    }
}

impl HostObject for AxesArray {
    fn type_name(&self) -> &str {
        "ndarray"
    }
    fn repr(&self, interp: &mut Interp) -> PyResult<String> {
        let mut texts = Vec::new();
        for &i in &self.items {
            texts.push(AxesObj(self.fig.clone(), i).repr(interp)?);
        }
        let body = if self.shape.len() == 2 {
            let cols = self.shape[1];
            let rows: Vec<String> = texts
                .chunks(cols)
                .map(|c| format!("[{}]", c.join(", ")))
                .collect();
            format!("[{}]", rows.join(",\n       "))
        } else {
            format!("[{}]", texts.join(", "))
        };
        Ok(format!("array({body}, dtype=object)"))
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let v = match name {
            "flat" => self.flat(),
            "flatten" | "ravel" => {
                let flat = self.flat();
                Value::native(name, move |_, args| {
                    Call::new("axes.flatten", args).finish(0, 0)?;
                    Ok(flat.clone())
                })
            }
            "shape" => Value::tuple(self.shape.iter().map(|&n| Value::Int(n as i64)).collect()),
            "ndim" => Value::Int(self.shape.len() as i64),
            "size" => Value::Int(self.items.len() as i64),
            _ => return None,
        };
        Some(Ok(v))
    }
    fn getitem(&self, _: &mut Interp, index: &Value) -> PyResult<Value> {
        match (index, self.shape.len()) {
            (Value::Tuple(t), 2) if t.len() == 2 => {
                let (r, c) = (self.index(&t[0], 0)?, self.index(&t[1], 1)?);
                Ok(AxesObj::value(
                    self.fig.clone(),
                    self.items[r * self.shape[1] + c],
                ))
            }
            (Value::Tuple(_) | Value::Slice(_), _) => {
                Err(not_supported("slicing an array of axes"))
            }
            (i, 1) => {
                let k = self.index(i, 0)?;
                Ok(AxesObj::value(self.fig.clone(), self.items[k]))
            }
            (i, _) => {
                let r = self.index(i, 0)?;
                Ok(self.row(r))
            }
        }
    }
    fn len(&self) -> Option<usize> {
        self.shape.first().copied()
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(if self.shape.len() == 2 {
            (0..self.shape[0]).map(|r| self.row(r)).collect()
        } else {
            self.items
                .iter()
                .map(|&i| AxesObj::value(self.fig.clone(), i))
                .collect()
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A `Figure`: `fig.suptitle`, `fig.add_subplot`, `fig.tight_layout`.
pub struct FigureObj(pub FigRef);

impl FigureObj {
    pub fn value(fig: FigRef) -> Value {
        Value::Host(Rc::new(FigureObj(fig)))
    }
    pub fn of(v: &Value) -> Option<&FigureObj> {
        match v {
            Value::Host(h) => h.as_any().downcast_ref::<FigureObj>(),
            _ => None,
        }
    }
}

pub fn suptitle(interp: &mut Interp, fig: &FigRef, mut c: Call) -> PyResult<Value> {
    c.cosmetic(&["fontsize", "fontweight", "y"]);
    let pos = c.finish(1, 1)?;
    let t = super::args::text(interp, &pos[0])?;
    fig.borrow_mut().fig.suptitle = Some(t.clone());
    Ok(Artist::text(format!(
        "Text(0.5, 0.98, {})",
        crate::repr::str_repr(&t)
    )))
}

pub fn clear(fig: &FigRef) {
    let mut f = fig.borrow_mut();
    f.fig.axes.clear();
    f.fig.suptitle = None;
    f.cycles.clear();
    f.current = None;
}

impl HostObject for FigureObj {
    fn type_name(&self) -> &str {
        "Figure"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(self.0.borrow().fig.text())
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        let fig = self.0.clone();
        let f: Box<dyn Fn(&mut Interp, Args) -> PyResult<Value>> = match name {
            "suptitle" => Box::new(move |interp, args| {
                suptitle(interp, &fig, Call::new("fig.suptitle", args))
            }),
            "tight_layout" => Box::new(|_, args| {
                let mut c = Call::new("fig.tight_layout", args);
                c.cosmetic(&["pad", "h_pad", "w_pad"]);
                c.finish(0, 0)?;
                Ok(Value::None)
            }),
            "add_subplot" => Box::new(move |_, args| {
                let pos = Call::new("fig.add_subplot", args).finish(0, 3)?;
                let cell = match pos.as_slice() {
                    [] => [1, 1, 1],
                    [r, c, i] => [
                        r.as_index()?.max(0) as usize,
                        c.as_index()?.max(0) as usize,
                        i.as_index()?.max(0) as usize,
                    ],
                    [n] => {
                        let n = n.as_index()?.max(0) as usize;
                        [n / 100, n / 10 % 10, n % 10]
                    }
                    _ => return Err(not_supported("fig.add_subplot with two arguments")),
                };
                check_cell(cell)?;
                let ax = add_axes(&fig, cell)?;
                Ok(AxesObj::value(fig.clone(), ax))
            }),
            "gca" => Box::new(move |_, args| {
                Call::new("fig.gca", args).finish(0, 0)?;
                let cur = fig.borrow().current;
                let ax = match cur {
                    Some(a) => a,
                    None => add_axes(&fig, [1, 1, 1])?,
                };
                Ok(AxesObj::value(fig.clone(), ax))
            }),
            "axes" => {
                let n = self.0.borrow().fig.axes.len();
                let items = (0..n).map(|i| AxesObj::value(fig.clone(), i)).collect();
                return Some(Ok(Value::list(items)));
            }
            _ if name.starts_with("__") => return None,
            _ => return Some(Err(not_supported(&format!("fig.{name}")))),
        };
        Some(Ok(Value::native(name, f)))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
