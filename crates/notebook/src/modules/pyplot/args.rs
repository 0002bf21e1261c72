//! Reading pyplot's arguments: keywords taken one by one, anything left refused as "not
//! supported" (matplotlib takes hundreds of keywords; a silently ignored one would draw
//! something else than Colab), and plotted values as numbers.

use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::error::{not_supported, type_error, PyResult};
use crate::eval::Interp;
use crate::modules::numpy::array::shape_text;
use crate::modules::numpy::object::to_data;
use crate::modules::numpy::Data;
use crate::modules::pandas::Series;
use crate::value::{Args, Value};

/// A call's arguments while they are read; `function` is how the learner wrote the call's
/// name (`plt.plot`, `ax.set_title`), for messages.
pub struct Call {
    pub function: String,
    pub args: Args,
}

impl Call {
    pub fn new(function: impl Into<String>, args: Args) -> Call {
        Call {
            function: function.into(),
            args,
        }
    }

    /// The keyword `name` (or the first of its aliases given), `None` as absent.
    pub fn kw(&mut self, names: &[&str]) -> Option<Value> {
        let mut found = None;
        for n in names {
            if let Some(v) = self.args.take_kw(n) {
                found = found.or(Some(v));
            }
        }
        found.filter(|v| !matches!(v, Value::None))
    }

    /// Keywords that change only how text looks (`fontsize=`), which the drawing leaves at
    /// its own size.
    pub fn cosmetic(&mut self, names: &[&str]) {
        for n in names {
            let _ = self.args.take_kw(n);
        }
    }

    /// The positional arguments, once every keyword the function knows was taken: a keyword
    /// left over is refused as not supported, and the count is checked.
    pub fn finish(self, min: usize, max: usize) -> PyResult<Vec<Value>> {
        if let Some((k, _)) = self.args.kw.first() {
            return Err(not_supported(&format!("{}({k}=...)", self.function)));
        }
        self.args.check(&self.function, min, max)?;
        Ok(self.args.pos)
    }
}

/// Where a call was made from: `plt` (the current axes) or an `Axes` object.
pub fn name(prefix: &str, function: &str) -> String {
    format!("{prefix}.{function}")
}

/// The numbers of a plotted value (a list, an array, a Series, `history.history['loss']`)
/// as an array.
pub fn array(interp: &mut Interp, v: &Value, function: &str) -> PyResult<Data> {
    let refuse = |kind: String| {
        type_error(
            Message::new(Code::PyPltNotNumbers)
                .with("function", function)
                .with("kind", kind),
        )
    };
    match v {
        Value::Str(_) | Value::None | Value::Dict(_) => return Err(refuse(v.type_name())),
        Value::List(l) => {
            if let Some(first) = l.borrow().iter().find(|x| matches!(x, Value::Str(_))) {
                return Err(refuse(first.type_name()));
            }
        }
        _ => {}
    }
    to_data(interp, v).map_err(|e| {
        if e.ename == "ValueError" || e.ename == "TypeError" {
            refuse(v.type_name())
        } else {
            e
        }
    })
}

/// A value's numbers as one flat list: 1-D, or 2-D with one column.
pub fn floats(interp: &mut Interp, v: &Value, function: &str) -> PyResult<Vec<f64>> {
    let d = array(interp, v, function)?;
    let shape = d.shape().to_vec();
    match shape.as_slice() {
        [] | [_] | [_, 1] => Ok(d.view_as::<f64>().iter().copied().collect()),
        _ => Err(not_supported(&format!(
            "{function} of an array of shape {}",
            shape_text(&shape)
        ))),
    }
}

/// The name pandas gives a Series, used by seaborn for axis labels.
pub fn series_name(v: &Value) -> Option<String> {
    let s = Series::of(v)?;
    let s = s.0.borrow();
    s.name.as_ref().map(|l| l.text())
}

/// `str(v)` for a label or title.
pub fn text(interp: &mut Interp, v: &Value) -> PyResult<String> {
    crate::repr::to_str(interp, v)
}

pub fn number(v: &Value, function: &str, what: &str) -> PyResult<f64> {
    v.as_f64().ok_or_else(|| {
        type_error(
            Message::new(Code::PyPltNotNumbers)
                .with("function", format!("{function}({what}=...)"))
                .with("kind", v.type_name()),
        )
    })
}

/// An optional label (`label=`), as text.
pub fn label(interp: &mut Interp, v: Option<Value>) -> PyResult<Option<String>> {
    v.map(|v| text(interp, &v)).transpose()
}

/// A string argument, if it is one.
pub fn str_of(v: &Value) -> Option<Rc<str>> {
    match v {
        Value::Str(s) => Some(s.clone()),
        _ => None,
    }
}
