//! The scikit-learn that Keras lectures use: `model_selection.train_test_split`,
//! `preprocessing.StandardScaler` / `MinMaxScaler` / `LabelEncoder` and a few `metrics`.
//!
//! `train_test_split` cannot reproduce scikit-learn's shuffles (they come from numpy's
//! Mersenne Twister): with the same `random_state` it gives the same split every time, of
//! the sizes scikit-learn gives (`ceil(test_size * n)` test rows), with X and y rows kept
//! together and, with `stratify`, each class split in proportion; the rows chosen differ
//! from scikit-learn's. Scalers compute what scikit-learn computes (population std, a
//! constant feature scaled by 1), in float64.

use std::any::Any;
use std::cell::{Cell as StdCell, RefCell};
use std::rc::Rc;

use ndarray::{Array2, ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};
use noriteo_core::rng::Rng;

use super::numpy::{Data, NdArray};
use super::pandas::column::{Cell, Col, Label};
use super::pandas::frame::pairwise_sum;
use super::pandas::{frame_value, series_value, DataFrame, Series};
use crate::error::{type_error, value_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{Args, HostObject, Module, Value};

pub fn install(interp: &mut Interp) {
    let seeds = Rc::new(StdCell::new(0u64));
    interp.modules.insert(
        "sklearn".into(),
        Rc::new(|_: &mut Interp| {
            let m = Module::new("sklearn");
            m.set("__version__", Value::str("1.9.1"));
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    interp.modules.insert(
        "sklearn.model_selection".into(),
        Rc::new(move |_: &mut Interp| {
            let m = Module::new("sklearn.model_selection");
            let seeds = seeds.clone();
            m.def("train_test_split", move |interp, args| {
                train_test_split(interp, args, &seeds)
            });
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    interp.modules.insert(
        "sklearn.preprocessing".into(),
        Rc::new(|_: &mut Interp| {
            let m = Module::new("sklearn.preprocessing");
            for kind in [Kind::Standard, Kind::MinMax, Kind::Label] {
                m.def(kind.name(), move |interp, args| {
                    Estimator::make(interp, kind, args)
                });
            }
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    interp.modules.insert(
        "sklearn.metrics".into(),
        Rc::new(|_: &mut Interp| {
            let m = Module::new("sklearn.metrics");
            m.def("accuracy_score", accuracy_score);
            m.def("r2_score", |i, a| regression(i, a, "r2_score"));
            m.def("mean_squared_error", |i, a| {
                regression(i, a, "mean_squared_error")
            });
            m.def("mean_absolute_error", |i, a| {
                regression(i, a, "mean_absolute_error")
            });
            m.def("confusion_matrix", confusion_matrix);
            Ok(Value::Module(Rc::new(m)))
        }),
    );
}

// ---------------------------------------------------------------- train_test_split

fn n_samples(interp: &mut Interp, v: &Value) -> PyResult<usize> {
    if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        return d
            .shape()
            .first()
            .copied()
            .ok_or_else(|| type_error(Message::new(Code::PySkNot2d).with("kind", "a scalar")));
    }
    interp.len(v)
}

/// Rows `rows` of an array, DataFrame, Series or list, as the same type.
fn take_rows(interp: &mut Interp, v: &Value, rows: &[usize]) -> PyResult<Value> {
    if let Some(d) = DataFrame::of(v) {
        return Ok(frame_value(d.0.borrow().take_rows(rows)));
    }
    if let Some(s) = Series::of(v) {
        return Ok(series_value(s.0.borrow().take(rows)));
    }
    if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        let idx: Vec<usize> = rows.to_vec();
        return Ok(NdArray::wrap(
            crate::np_each!(&*d, x, wrap => wrap(x.select(ndarray::Axis(0), &idx))),
        ));
    }
    let items = interp.to_vec(v)?;
    Ok(Value::list(
        rows.iter().map(|&r| items[r].clone()).collect(),
    ))
}

fn split_size(v: &Value, name: &str, n: usize) -> PyResult<Option<f64>> {
    let bad = |v: &Value| {
        value_error(
            Message::new(Code::PySkTestSize)
                .with("name", name)
                .with("value", crate::repr::float_repr(v.as_f64().unwrap_or(0.0)))
                .with("n", n),
        )
    };
    match v.as_python_number() {
        Value::None => Ok(None),
        Value::Float(f) => {
            if f <= 0.0 || f >= 1.0 {
                return Err(bad(v));
            }
            Ok(Some(f * n as f64))
        }
        Value::Int(i) => {
            if i <= 0 || i as usize >= n {
                return Err(value_error(
                    Message::new(Code::PySkTestSize)
                        .with("name", name)
                        .with("value", i)
                        .with("n", n),
                ));
            }
            Ok(Some(-(i as f64)))
        }
        other => Err(type_error(
            Message::new(Code::PyArgType)
                .with("function", "train_test_split")
                .with("expected", "an int or a float")
                .with("got", other.type_name()),
        )),
    }
}

fn labels_of(interp: &mut Interp, v: &Value) -> PyResult<Vec<Cell>> {
    if let Some(s) = Series::of(v) {
        return Ok(s.0.borrow().col.cells());
    }
    if let Some(a) = NdArray::of(v) {
        let d = a.data.borrow();
        if let [rows, width] = *d.shape() {
            // One label per row, as sklearn takes a 2-D `stratify` (one-hot labels).
            let cells = Col::from_data(&crate::np_each!(&*d, x, wrap => wrap(x.iter().copied().collect::<ndarray::Array1<_>>().into_dyn()))).cells();
            return Ok((0..rows)
                .map(|r| {
                    Cell::S(Some(
                        cells[r * width..(r + 1) * width]
                            .iter()
                            .map(|c| format!("{c:?}"))
                            .collect::<Vec<_>>()
                            .join(",")
                            .into(),
                    ))
                })
                .collect());
        }
        let flat = crate::np_each!(&*d, x, wrap => wrap(x.iter().copied().collect::<ndarray::Array1<_>>().into_dyn()));
        return Ok(Col::from_data(&flat).cells());
    }
    if let Some(d) = DataFrame::of(v) {
        let f = d.0.borrow();
        if f.cols.len() == 1 {
            return Ok(f.cols[0].cells());
        }
        // One label per row: the whole row (`stratify=Y` of one-hot columns).
        return Ok((0..f.nrows())
            .map(|r| {
                Cell::S(Some(
                    f.cols
                        .iter()
                        .map(|c| format!("{:?}", c.cell(r)))
                        .collect::<Vec<_>>()
                        .join(",")
                        .into(),
                ))
            })
            .collect());
    }
    interp
        .to_vec(v)?
        .iter()
        .map(|x| {
            Col::cell_of(x).ok_or_else(|| {
                type_error(Message::new(Code::PyNpDtype).with("dtype", x.type_name()))
            })
        })
        .collect()
}

fn train_test_split(interp: &mut Interp, mut args: Args, seeds: &StdCell<u64>) -> PyResult<Value> {
    let test_size = args.take_kw("test_size").unwrap_or(Value::None);
    let train_size = args.take_kw("train_size").unwrap_or(Value::None);
    let random_state = args.take_kw("random_state").unwrap_or(Value::None);
    let shuffle = args
        .take_kw("shuffle")
        .is_none_or(|v| v.truthy_builtin().unwrap_or(true));
    let stratify = args.take_kw("stratify").unwrap_or(Value::None);
    args.check("train_test_split", 0, usize::MAX)?;
    if args.pos.is_empty() {
        return Err(value_error(Message::new(Code::PySkNoArrays)));
    }
    let sizes: Vec<usize> = args
        .pos
        .iter()
        .map(|v| n_samples(interp, v))
        .collect::<PyResult<_>>()?;
    let n = sizes[0];
    if sizes.iter().any(|&s| s != n) {
        let t: Vec<String> = sizes.iter().map(usize::to_string).collect();
        return Err(value_error(
            Message::new(Code::PySkInconsistent).with("sizes", t.join(", ")),
        ));
    }
    let test = split_size(&test_size, "test_size", n)?;
    let train = split_size(&train_size, "train_size", n)?;
    let count = |x: f64, ceil: bool| -> usize {
        if x < 0.0 {
            (-x) as usize
        } else if ceil {
            x.ceil() as usize
        } else {
            x.floor() as usize
        }
    };
    let (n_test, n_train) = match (test, train) {
        (Some(t), Some(tr)) => (count(t, true), count(tr, false)),
        (Some(t), None) => {
            let t = count(t, true);
            (t, n.saturating_sub(t))
        }
        (None, Some(tr)) => {
            let tr = count(tr, false);
            (n.saturating_sub(tr), tr)
        }
        (None, None) => {
            let t = (0.25 * n as f64).ceil() as usize;
            (t, n - t)
        }
    };
    if n_train == 0 || n_test + n_train > n {
        return Err(value_error(
            Message::new(Code::PySkEmptySplit)
                .with("n", n)
                .with("test", n_test)
                .with("train", n_train),
        ));
    }
    let seed = match random_state.as_python_number() {
        Value::None => {
            seeds.set(seeds.get() + 1);
            0x9e37_79b9_7f4a_7c15 ^ seeds.get()
        }
        v => v.as_index()? as u64,
    };
    let mut rng = Rng::new(seed);
    let (train_rows, test_rows) = if !matches!(stratify, Value::None) {
        stratified(interp, &stratify, n, n_train, n_test, &mut rng)?
    } else if shuffle {
        let mut p: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut p);
        let test: Vec<usize> = p[..n_test].to_vec();
        let train: Vec<usize> = p[n_test..n_test + n_train].to_vec();
        (train, test)
    } else {
        (
            (0..n_train).collect(),
            (n_train..n_train + n_test).collect(),
        )
    };
    let mut out = Vec::new();
    for v in &args.pos {
        out.push(take_rows(interp, v, &train_rows)?);
        out.push(take_rows(interp, v, &test_rows)?);
    }
    Ok(Value::list(out))
}

/// Each class split in proportion to its size (scikit-learn's `_approximate_mode`: floors,
/// then the largest remainders), rows shuffled within and across classes.
fn stratified(
    interp: &mut Interp,
    y: &Value,
    n: usize,
    n_train: usize,
    n_test: usize,
    rng: &mut Rng,
) -> PyResult<(Vec<usize>, Vec<usize>)> {
    let labels = labels_of(interp, y)?;
    if labels.len() != n {
        return Err(value_error(
            Message::new(Code::PySkInconsistent).with("sizes", format!("{n}, {}", labels.len())),
        ));
    }
    let mut classes: indexmap::IndexMap<super::pandas::column::CellKey, Vec<usize>> =
        indexmap::IndexMap::new();
    for (i, l) in labels.iter().enumerate() {
        classes.entry(l.key()).or_default().push(i);
    }
    classes.sort_keys();
    let k = classes.len();
    if classes.values().any(|v| v.len() < 2) {
        return Err(value_error(Message::new(Code::PySkStratifyTooFew)));
    }
    if n_train < k {
        return Err(value_error(
            Message::new(Code::PySkStratifySize)
                .with("which", "train")
                .with("size", n_train)
                .with("classes", k),
        ));
    }
    if n_test < k {
        return Err(value_error(
            Message::new(Code::PySkStratifySize)
                .with("which", "test")
                .with("size", n_test)
                .with("classes", k),
        ));
    }
    let counts: Vec<usize> = classes.values().map(Vec::len).collect();
    let train_c = approximate_mode(&counts, n_train);
    let rest: Vec<usize> = counts.iter().zip(&train_c).map(|(c, t)| c - t).collect();
    let test_c = approximate_mode(&rest, n_test);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (i, rows) in classes.values().enumerate() {
        let mut r = rows.clone();
        rng.shuffle(&mut r);
        train.extend_from_slice(&r[..train_c[i]]);
        test.extend_from_slice(&r[train_c[i]..train_c[i] + test_c[i]]);
    }
    rng.shuffle(&mut train);
    rng.shuffle(&mut test);
    Ok((train, test))
}

fn approximate_mode(counts: &[usize], draw: usize) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    let cont: Vec<f64> = counts
        .iter()
        .map(|&c| draw as f64 * c as f64 / total.max(1) as f64)
        .collect();
    let mut floored: Vec<usize> = cont.iter().map(|c| c.floor() as usize).collect();
    let mut need = draw.saturating_sub(floored.iter().sum());
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| (cont[b] - cont[b].floor()).total_cmp(&(cont[a] - cont[a].floor())));
    for &i in &order {
        if need == 0 {
            break;
        }
        if floored[i] < counts[i] {
            floored[i] += 1;
            need -= 1;
        }
    }
    floored
}

// ---------------------------------------------------------------- preprocessing

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Standard,
    MinMax,
    Label,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Standard => "StandardScaler",
            Kind::MinMax => "MinMaxScaler",
            Kind::Label => "LabelEncoder",
        }
    }
}

#[derive(Default, Clone)]
struct Fitted {
    /// Per feature: StandardScaler's mean and scale, MinMaxScaler's min and range.
    a: Vec<f64>,
    b: Vec<f64>,
    var: Vec<f64>,
    /// LabelEncoder's sorted classes.
    classes: Vec<Cell>,
}

pub struct Estimator {
    kind: Kind,
    range: (f64, f64),
    state: Rc<RefCell<Option<Fitted>>>,
}

/// A 2-D float64 matrix from an array, DataFrame or nested list (scikit-learn's
/// `check_array`); 1-D input is refused as scikit-learn refuses it.
fn matrix(interp: &mut Interp, v: &Value) -> PyResult<Array2<f64>> {
    let d = match super::pandas::to_data(v) {
        Some(d) => d?,
        None => super::numpy::object::to_data(interp, v)?,
    };
    let a = d.view_as::<f64>().into_owned();
    match a.ndim() {
        2 => a
            .into_dimensionality()
            .map_err(|_| value_error(Message::new(Code::PyNpInhomogeneous))),
        1 => Err(value_error(
            Message::new(Code::PySkNot2d).with("kind", "a 1-D array"),
        )),
        _ => Err(value_error(
            Message::new(Code::PySkNot2d).with("kind", "a scalar or 3-D array"),
        )),
    }
}

fn vec_value(v: &[f64]) -> Value {
    NdArray::wrap(Data::F64(
        ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec())
            .unwrap_or_else(|_| ArrayD::zeros(IxDyn(&[0]))),
    ))
}

impl Estimator {
    fn make(_: &mut Interp, kind: Kind, mut args: Args) -> PyResult<Value> {
        let mut range = (0.0, 1.0);
        if kind == Kind::MinMax {
            if let Some(Value::Tuple(t)) = args.take_kw("feature_range") {
                {
                    if let (Some(a), Some(b)) = (
                        t.first().and_then(Value::as_f64),
                        t.get(1).and_then(Value::as_f64),
                    ) {
                        range = (a, b);
                    }
                }
            }
        }
        args.take_kw("copy");
        args.check(kind.name(), 0, 0)?;
        Ok(Value::Host(Rc::new(Estimator {
            kind,
            range,
            state: Rc::new(RefCell::new(None)),
        })))
    }
}

fn fit(kind: Kind, x: &Array2<f64>) -> Fitted {
    let mut f = Fitted::default();
    for col in x.columns() {
        let v: Vec<f64> = col.iter().copied().filter(|x| !x.is_nan()).collect();
        match kind {
            Kind::Standard => {
                let n = v.len() as f64;
                let mean = pairwise_sum(&v) / n;
                let var = super::pandas::frame::variance(&v, 0.0);
                f.a.push(mean);
                f.var.push(var);
                f.b.push(
                    if var.sqrt() < 10.0 * f64::EPSILON * mean.abs().max(1.0) || var == 0.0 {
                        1.0
                    } else {
                        var.sqrt()
                    },
                );
            }
            _ => {
                let min = v.iter().copied().fold(f64::INFINITY, f64::min);
                let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                f.a.push(min);
                f.b.push(max);
            }
        }
    }
    f
}

impl Estimator {
    fn check_features(&self, f: &Fitted, x: &Array2<f64>) -> PyResult<()> {
        if x.ncols() != f.a.len() {
            return Err(value_error(
                Message::new(Code::PySkFeatures)
                    .with("got", x.ncols())
                    .with("estimator", self.kind.name())
                    .with("expected", f.a.len()),
            ));
        }
        Ok(())
    }

    fn transform(&self, f: &Fitted, x: &Array2<f64>, inverse: bool) -> PyResult<Value> {
        self.check_features(f, x)?;
        let mut out = x.clone();
        let (lo, hi) = self.range;
        for (j, mut col) in out.columns_mut().into_iter().enumerate() {
            for v in col.iter_mut() {
                *v = match (self.kind, inverse) {
                    (Kind::Standard, false) => (*v - f.a[j]) / f.b[j],
                    (Kind::Standard, true) => *v * f.b[j] + f.a[j],
                    (_, inv) => {
                        let range = f.b[j] - f.a[j];
                        let range = if range == 0.0 { 1.0 } else { range };
                        // scikit-learn: X * scale_ + min_, with scale_ = (hi - lo) / range.
                        let scale = (hi - lo) / range;
                        let min = lo - f.a[j] * scale;
                        if inv {
                            (*v - min) / scale
                        } else {
                            *v * scale + min
                        }
                    }
                };
            }
        }
        Ok(NdArray::wrap(Data::F64(out.into_dyn())))
    }

    fn encode(&self, interp: &mut Interp, f: &Fitted, y: &Value) -> PyResult<Value> {
        let cells = labels_of(interp, y)?;
        let mut out = Vec::with_capacity(cells.len());
        let mut unseen = Vec::new();
        for c in &cells {
            match f.classes.binary_search_by(|k| k.key().cmp(&c.key())) {
                Ok(i) => out.push(i as i64),
                Err(_) => unseen.push(Label::of_cell(c).repr()),
            }
        }
        if !unseen.is_empty() {
            return Err(value_error(
                Message::new(Code::PySkUnseenLabels)
                    .with("labels", format!("[{}]", unseen.join(" "))),
            ));
        }
        Ok(NdArray::wrap(Col::I64(out).to_data("")?))
    }

    fn classes_value(&self, f: &Fitted) -> PyResult<Value> {
        let col = Col::from_cells(f.classes.clone());
        match col {
            Col::Str(_) => Ok(Value::list(
                f.classes
                    .iter()
                    .map(|c| Label::of_cell(c).to_value())
                    .collect(),
            )),
            c => Ok(NdArray::wrap(c.to_data("")?)),
        }
    }

    fn method(&self, interp: &mut Interp, name: &str, mut args: Args) -> PyResult<Value> {
        args.take_kw("y");
        args.check(name, 1, 2)?;
        let x = args.pos[0].clone();
        if self.kind == Kind::Label {
            let fitted = |s: &Self| s.state.borrow().clone().ok_or_else(|| not_fitted(s.kind));
            return match name {
                "fit" | "fit_transform" => {
                    let mut cells = labels_of(interp, &x)?;
                    cells.sort_by_key(|a| a.key());
                    cells.dedup_by(|a, b| a.key() == b.key());
                    let f = Fitted {
                        classes: cells,
                        ..Fitted::default()
                    };
                    *self.state.borrow_mut() = Some(f.clone());
                    if name == "fit" {
                        Ok(Value::Host(Rc::new(Estimator {
                            kind: self.kind,
                            range: self.range,
                            state: self.state.clone(),
                        })))
                    } else {
                        self.encode(interp, &f, &x)
                    }
                }
                "transform" => {
                    let f = fitted(self)?;
                    self.encode(interp, &f, &x)
                }
                _ => {
                    let f = fitted(self)?;
                    let idx = interp.to_vec(&x)?;
                    let mut out = Vec::new();
                    for i in idx {
                        let k = i.as_index()?;
                        let c = f
                            .classes
                            .get(k as usize)
                            .filter(|_| k >= 0)
                            .ok_or_else(|| {
                                value_error(
                                    Message::new(Code::PySkUnseenLabels)
                                        .with("labels", format!("[{k}]")),
                                )
                            })?;
                        out.push(c.clone());
                    }
                    match Col::from_cells(out) {
                        Col::Str(v) => Ok(Value::list(
                            v.into_iter()
                                .map(|s| s.map_or(Value::None, Value::Str))
                                .collect(),
                        )),
                        c => Ok(NdArray::wrap(c.to_data("")?)),
                    }
                }
            };
        }
        let m = matrix(interp, &x)?;
        match name {
            "fit" | "fit_transform" => {
                let f = fit(self.kind, &m);
                *self.state.borrow_mut() = Some(f.clone());
                if name == "fit" {
                    Ok(Value::Host(Rc::new(Estimator {
                        kind: self.kind,
                        range: self.range,
                        state: self.state.clone(),
                    })))
                } else {
                    self.transform(&f, &m, false)
                }
            }
            _ => {
                let f = self
                    .state
                    .borrow()
                    .clone()
                    .ok_or_else(|| not_fitted(self.kind))?;
                self.transform(&f, &m, name == "inverse_transform")
            }
        }
    }
}

fn not_fitted(kind: Kind) -> PyError {
    PyError::new(
        "NotFittedError",
        Message::new(Code::PySkNotFitted).with("estimator", kind.name()),
    )
}

impl HostObject for Estimator {
    fn type_name(&self) -> &str {
        self.kind.name()
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("{}()", self.kind.name()))
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        if matches!(
            name,
            "fit" | "transform" | "fit_transform" | "inverse_transform"
        ) {
            let me = Estimator {
                kind: self.kind,
                range: self.range,
                state: self.state.clone(),
            };
            let n: &'static str = match name {
                "fit" => "fit",
                "transform" => "transform",
                "fit_transform" => "fit_transform",
                _ => "inverse_transform",
            };
            return Some(Ok(Value::native(n, move |interp, args| {
                me.method(interp, n, args)
            })));
        }
        let f = self.state.borrow().clone();
        let attr = matches!(
            name,
            "mean_"
                | "scale_"
                | "var_"
                | "data_min_"
                | "data_max_"
                | "data_range_"
                | "n_features_in_"
                | "classes_"
                | "min_"
        );
        if !attr {
            return None;
        }
        let Some(f) = f else {
            return Some(Err(PyError::new(
                "AttributeError",
                Message::new(Code::PyNoAttribute)
                    .with("kind", self.kind.name())
                    .with("name", name),
            )));
        };
        let (lo, hi) = self.range;
        let range: Vec<f64> =
            f.a.iter()
                .zip(&f.b)
                .map(|(a, b)| if b - a == 0.0 { 1.0 } else { b - a })
                .collect();
        Some(Ok(match (self.kind, name) {
            (Kind::Label, "classes_") => return Some(self.classes_value(&f)),
            (Kind::Standard, "mean_") => vec_value(&f.a),
            (Kind::Standard, "scale_") => vec_value(&f.b),
            (Kind::Standard, "var_") => vec_value(&f.var),
            (Kind::MinMax, "data_min_") => vec_value(&f.a),
            (Kind::MinMax, "data_max_") => vec_value(&f.b),
            (Kind::MinMax, "data_range_") => {
                vec_value(&f.a.iter().zip(&f.b).map(|(a, b)| b - a).collect::<Vec<_>>())
            }
            (Kind::MinMax, "scale_") => {
                vec_value(&range.iter().map(|r| (hi - lo) / r).collect::<Vec<_>>())
            }
            (Kind::MinMax, "min_") => vec_value(
                &f.a.iter()
                    .zip(&range)
                    .map(|(a, r)| lo - a * (hi - lo) / r)
                    .collect::<Vec<_>>(),
            ),
            (_, "n_features_in_") => Value::Int(f.a.len() as i64),
            _ => return None,
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ---------------------------------------------------------------- metrics

fn two_args(args: &mut Args, name: &str) -> PyResult<(Value, Value)> {
    args.take_kw("normalize");
    args.take_kw("sample_weight");
    let t = args.take_kw("y_true");
    let p = args.take_kw("y_pred");
    args.check(name, 0, 2)?;
    let mut pos = args.pos.drain(..);
    let t = t.or_else(|| pos.next());
    let p = p.or_else(|| pos.next());
    match (t, p) {
        (Some(t), Some(p)) => Ok((t, p)),
        _ => Err(type_error(
            Message::new(Code::PyArgCount)
                .with("function", name)
                .with("expected", 2)
                .with("got", 1),
        )),
    }
}

fn same_length(a: usize, b: usize) -> PyResult<()> {
    if a != b {
        return Err(value_error(
            Message::new(Code::PySkInconsistent).with("sizes", format!("{a}, {b}")),
        ));
    }
    Ok(())
}

/// The kind scikit-learn's `type_of_target` gives, for the mixed-targets error.
fn target_kind(cells: &[Cell]) -> &'static str {
    let cont = cells
        .iter()
        .any(|c| matches!(c, Cell::F(f) if f.fract() != 0.0));
    if cont {
        return "continuous";
    }
    let mut keys: Vec<_> = cells.iter().map(Cell::key).collect();
    keys.sort();
    keys.dedup();
    if keys.len() <= 2 {
        "binary"
    } else {
        "multiclass"
    }
}

fn class_labels(interp: &mut Interp, t: &Value, p: &Value) -> PyResult<(Vec<Cell>, Vec<Cell>)> {
    let a = labels_of(interp, t)?;
    let b = labels_of(interp, p)?;
    same_length(a.len(), b.len())?;
    let (ka, kb) = (target_kind(&a), target_kind(&b));
    if (ka == "continuous") != (kb == "continuous") {
        return Err(value_error(
            Message::new(Code::PySkMixedTargets)
                .with("a", ka)
                .with("b", kb),
        ));
    }
    Ok((a, b))
}

fn accuracy_score(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    let (t, p) = two_args(&mut args, "accuracy_score")?;
    let (a, b) = class_labels(interp, &t, &p)?;
    let hits = a.iter().zip(&b).filter(|(x, y)| x.key() == y.key()).count();
    Ok(Value::Float(hits as f64 / a.len().max(1) as f64))
}

fn confusion_matrix(interp: &mut Interp, mut args: Args) -> PyResult<Value> {
    args.take_kw("labels");
    let (t, p) = two_args(&mut args, "confusion_matrix")?;
    let (a, b) = class_labels(interp, &t, &p)?;
    let mut keys: Vec<_> = a.iter().chain(&b).map(Cell::key).collect();
    keys.sort();
    keys.dedup();
    let k = keys.len();
    let mut m = Array2::<i64>::zeros((k, k));
    for (x, y) in a.iter().zip(&b) {
        if let (Ok(i), Ok(j)) = (keys.binary_search(&x.key()), keys.binary_search(&y.key())) {
            m[[i, j]] += 1;
        }
    }
    Ok(NdArray::wrap(Data::I64(m.into_dyn())))
}

fn floats(interp: &mut Interp, v: &Value) -> PyResult<Array2<f64>> {
    let d = match super::pandas::to_data(v) {
        Some(d) => d?,
        None => super::numpy::object::to_data(interp, v)?,
    };
    let a = d.view_as::<f64>().into_owned();
    let n = a.shape().first().copied().unwrap_or(1);
    let len = a.len();
    let m = len.checked_div(n).unwrap_or(1);
    a.into_shape_with_order((n, m))
        .map_err(|_| value_error(Message::new(Code::PyNpInhomogeneous)))
}

/// r2_score, mean_squared_error, mean_absolute_error: per output column, then averaged
/// (scikit-learn's `multioutput='uniform_average'`); a column vector matches a 1-D one.
fn regression(interp: &mut Interp, mut args: Args, name: &str) -> PyResult<Value> {
    args.take_kw("multioutput");
    let (t, p) = two_args(&mut args, name)?;
    let a = floats(interp, &t)?;
    let b = floats(interp, &p)?;
    same_length(a.nrows(), b.nrows())?;
    if a.ncols() != b.ncols() {
        return Err(value_error(
            Message::new(Code::PyNpBroadcast)
                .with("left", format!("({}, {})", a.nrows(), a.ncols()))
                .with("right", format!("({}, {})", b.nrows(), b.ncols())),
        ));
    }
    let n = a.nrows() as f64;
    let mut per = Vec::new();
    for j in 0..a.ncols() {
        let (x, y) = (a.column(j), b.column(j));
        let v = match name {
            "mean_squared_error" => {
                let d: Vec<f64> = x
                    .iter()
                    .zip(y.iter())
                    .map(|(u, v)| (u - v) * (u - v))
                    .collect();
                pairwise_sum(&d) / n
            }
            "mean_absolute_error" => {
                let d: Vec<f64> = x.iter().zip(y.iter()).map(|(u, v)| (u - v).abs()).collect();
                pairwise_sum(&d) / n
            }
            _ => {
                let xs: Vec<f64> = x.to_vec();
                let mean = pairwise_sum(&xs) / n;
                let num: Vec<f64> = x
                    .iter()
                    .zip(y.iter())
                    .map(|(u, v)| (u - v) * (u - v))
                    .collect();
                let den: Vec<f64> = x.iter().map(|u| (u - mean) * (u - mean)).collect();
                let (num, den) = (pairwise_sum(&num), pairwise_sum(&den));
                if den == 0.0 {
                    if num == 0.0 {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    1.0 - num / den
                }
            }
        };
        per.push(v);
    }
    Ok(Value::Float(
        per.iter().sum::<f64>() / per.len().max(1) as f64,
    ))
}
