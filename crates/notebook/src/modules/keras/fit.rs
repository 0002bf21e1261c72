//! `model.fit`: the engine's `FitSession`, one batch at a time. Between batches the cell may
//! be interrupted (KeyboardInterrupt; the weights trained so far stay, as in Keras) and the
//! host's progress hook sees Keras' moving line; at each epoch's end the cell gets Keras'
//! text for `verbose`, the History grows and Python callbacks run.
//!
//! The seed is the kernel's [`crate::eval::EngineSeed`]: a fit after `tf.random.set_seed(n)`
//! shuffles as the playground's session does for seed `n`.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use ndarray::Array2;
use noriteo_core::data::Features;
use noriteo_core::messages::{Code, Message};
use noriteo_core::progress::fit_epoch_text;
use noriteo_core::spec::{EarlyStoppingSpec, FitSpec};
use noriteo_core::{FitSession, Logs};

use super::args::{engine_error, features, field_errors, py_float, targets, Params};
use super::model::{batch_size_arg, busy, ensure_input, verbose_arg, ModelObj, State};
use super::unsupported;
use crate::error::{type_error, PyError, PyResult};
use crate::eval::Interp;
use crate::value::{dict_insert, Args, Class, Dict, HostObject, Module, Value};

/// What `fit` returns: `.history` (a dict of lists of floats under Keras' keys) and `.epoch`.
pub struct HistoryObj {
    pub history: Value,
    pub epoch: Value,
    pub params: Value,
}

impl HostObject for HistoryObj {
    fn type_name(&self) -> &str {
        "History"
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok("<keras.src.callbacks.history.History object>".into())
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "history" => Some(Ok(self.history.clone())),
            "epoch" => Some(Ok(self.epoch.clone())),
            "params" => Some(Ok(self.params.clone())),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `EarlyStopping(...)`: the engine's spec, checked when `fit` plans it.
pub struct EarlyStoppingObj {
    pub spec: EarlyStoppingSpec,
    pub verbose: bool,
}

impl HostObject for EarlyStoppingObj {
    fn type_name(&self) -> &str {
        "EarlyStopping"
    }

    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok("<keras.src.callbacks.early_stopping.EarlyStopping object>".into())
    }

    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "monitor" => Some(Ok(Value::str(&self.spec.monitor))),
            "patience" => Some(Ok(Value::Int(self.spec.patience))),
            "min_delta" => Some(Ok(Value::Float(self.spec.min_delta))),
            "restore_best_weights" => Some(Ok(Value::Bool(self.spec.restore_best_weights))),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `keras.callbacks.Callback` class: a Python class (so lecture code can subclass it)
/// whose hooks do nothing.
fn callback_class() -> Value {
    let mut attrs: IndexMap<Rc<str>, Value> = IndexMap::new();
    for hook in [
        "__init__",
        "set_model",
        "set_params",
        "on_train_begin",
        "on_train_end",
        "on_epoch_begin",
        "on_epoch_end",
        "on_train_batch_begin",
        "on_train_batch_end",
        "on_batch_begin",
        "on_batch_end",
    ] {
        attrs.insert(hook.into(), Value::native(hook, |_, _| Ok(Value::None)));
    }
    Value::Class(Rc::new(Class {
        name: "Callback".into(),
        base: None,
        attrs: RefCell::new(attrs),
    }))
}

pub fn install_callbacks(m: &Module) {
    m.set("Callback", callback_class());
    for class in [
        "ModelCheckpoint",
        "ReduceLROnPlateau",
        "TensorBoard",
        "LearningRateScheduler",
        "CSVLogger",
    ] {
        m.def(class, move |_, _| {
            Err(unsupported(&format!("keras.callbacks.{class}")))
        });
    }
    m.def("EarlyStopping", |_, args| {
        const P: &[&str] = &[
            "monitor",
            "min_delta",
            "patience",
            "verbose",
            "mode",
            "baseline",
            "restore_best_weights",
            "start_from_epoch",
        ];
        let p = Params::bind(args, "EarlyStopping", P, 0)?;
        for n in ["baseline", "start_from_epoch"] {
            if p.get(n).is_some() {
                return Err(unsupported(&format!("EarlyStopping({n}=...)")));
            }
        }
        let d = EarlyStoppingSpec::default();
        let spec = EarlyStoppingSpec {
            monitor: p.str("monitor")?.unwrap_or(d.monitor),
            patience: p.int("patience", 0)?,
            min_delta: p.float("min_delta", 0.0)?,
            mode: p.str("mode")?.unwrap_or(d.mode),
            restore_best_weights: p.bool("restore_best_weights", false)?,
        };
        Ok(Value::Host(Rc::new(EarlyStoppingObj {
            spec,
            verbose: p.int("verbose", 0)? > 0,
        })))
    });
}

fn logs_dict(logs: &Logs) -> PyResult<Value> {
    let mut d = Dict::new();
    for (k, v) in logs {
        dict_insert(&mut d, Value::str(k), py_float(*v))?;
    }
    Ok(Value::Dict(Rc::new(RefCell::new(d))))
}

/// Calls `cb.<hook>(args)` on every Python callback.
fn call_hooks(
    interp: &mut Interp,
    callbacks: &[Value],
    hook: &str,
    args: &[Value],
) -> PyResult<()> {
    for cb in callbacks {
        let f = interp.get_attr(cb, hook)?;
        interp.call(&f, Args::new(args.to_vec()))?;
    }
    Ok(())
}

/// `model.fit(x, y, batch_size=32, epochs=1, verbose=1, callbacks=None,
/// validation_split=0.0, validation_data=None, shuffle=True)`.
pub fn fit(interp: &mut Interp, model: &Value, m: &ModelObj, args: Args) -> PyResult<Value> {
    // The statement runs again once a suspended fit has finished: this call is that fit.
    if let Some(done) = interp.resumed_fit() {
        return done;
    }
    const P: &[&str] = &[
        "x",
        "y",
        "batch_size",
        "epochs",
        "verbose",
        "callbacks",
        "validation_split",
        "validation_data",
        "shuffle",
        "class_weight",
        "sample_weight",
        "initial_epoch",
        "steps_per_epoch",
        "validation_steps",
        "validation_batch_size",
        "validation_freq",
    ];
    let p = Params::bind(args, "fit", P, 2)?;
    for n in [
        "class_weight",
        "sample_weight",
        "steps_per_epoch",
        "validation_steps",
        "validation_batch_size",
        "validation_freq",
    ] {
        if p.get(n).is_some() {
            return Err(unsupported(&format!("fit({n}=...)")));
        }
    }
    if p.int("initial_epoch", 0)? != 0 {
        return Err(unsupported("fit(initial_epoch=...)"));
    }
    let verbose = verbose_arg(&p)?;
    let batch_size = batch_size_arg(&p)?;

    // Callbacks: EarlyStopping goes to the engine; Python callbacks are called here.
    let mut early_stopping: Option<&EarlyStoppingObj> = None;
    let mut python_callbacks = Vec::new();
    let callback_values = match p.get("callbacks") {
        None => Vec::new(),
        Some(v) => interp.to_vec(v)?,
    };
    for cb in &callback_values {
        match cb {
            Value::Host(h) => match h.as_any().downcast_ref::<EarlyStoppingObj>() {
                Some(_) if early_stopping.is_some() => {
                    return Err(unsupported("more than one EarlyStopping callback"))
                }
                Some(es) => early_stopping = Some(es),
                None => {
                    return Err(type_error(
                        Message::new(Code::PyKerasCallbackType).with("kind", h.type_name()),
                    ))
                }
            },
            Value::Instance(_) => python_callbacks.push(cb.clone()),
            other => {
                return Err(type_error(
                    Message::new(Code::PyKerasCallbackType).with("kind", other.type_name()),
                ))
            }
        }
    }

    let (x, sample) = features(interp, p.get("x").unwrap_or(&Value::None))?;
    let y = targets(interp, p.get("y").unwrap_or(&Value::None))?;
    let validation = match p.get("validation_data") {
        None => None,
        Some(v) => {
            let parts = match v {
                Value::Tuple(_) | Value::List(_) => interp.to_vec(v)?,
                _ => Vec::new(),
            };
            let [vx, vy] = parts.as_slice() else {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyKerasValidationData).with("kind", v.type_name()),
                ));
            };
            let (vx, vsample) = features(interp, vx)?;
            let vy = targets(interp, vy)?;
            Some((vx, vsample, vy))
        }
    };

    let spec = FitSpec {
        epochs: p.int("epochs", 1)?,
        batch_size: batch_size as i64,
        validation_split: p.float("validation_split", 0.0)?,
        shuffle: p.bool("shuffle", true)?,
        early_stopping: early_stopping.map(|es| es.spec.clone()),
    };
    let seed = interp.engine_seed.next_fit();
    let session = {
        let mut st = m.borrow_mut()?;
        ensure_input(&mut st.net, &sample)?;
        let validation = match validation {
            Some((vx, vsample, vy)) => {
                ensure_input(&mut st.net, &vsample)?;
                Some((vx, vy))
            }
            None => None,
        };
        let metrics = st
            .compile
            .as_ref()
            .map(|c| c.metrics.clone())
            .unwrap_or_default();
        let plan = spec
            .plan_with(&metrics, validation.is_some())
            .map_err(field_errors)?;
        let session =
            FitSession::new(&mut st.net, &x, &y, &plan, seed, validation).map_err(engine_error)?;
        st.stop_training = false;
        session.with_clock(interp.clock)
    };
    interp.engine_seed.fit_started();

    let history = Value::Dict(Rc::new(RefCell::new(Dict::new())));
    let epochs = Value::list(Vec::new());
    let mut params = Dict::new();
    dict_insert(
        &mut params,
        Value::str("verbose"),
        Value::Int(verbose.into()),
    )?;
    dict_insert(
        &mut params,
        Value::str("epochs"),
        Value::Int(session.epochs() as i64),
    )?;
    dict_insert(
        &mut params,
        Value::str("steps"),
        Value::Int(session.batches_per_epoch() as i64),
    )?;
    let history_obj = Value::Host(Rc::new(HistoryObj {
        history: history.clone(),
        epoch: epochs.clone(),
        params: Value::Dict(Rc::new(RefCell::new(params))),
    }));
    m.borrow_mut()?.history = history_obj.clone();

    for cb in &python_callbacks {
        if let Value::Instance(inst) = cb {
            inst.attrs
                .borrow_mut()
                .insert("model".into(), model.clone());
        }
    }
    call_hooks(interp, &python_callbacks, "on_train_begin", &[Value::None])?;
    let mut run = FitRun {
        state: m.state.clone(),
        session,
        x,
        y,
        verbose,
        early_stopping_verbose: early_stopping.is_some_and(|es| es.verbose),
        python_callbacks,
        history,
        epochs,
        history_obj,
        epoch_begun: false,
        stopped_early: None,
    };
    if interp.can_suspend() {
        // The kernel trains it in slices between polls, then runs the statement again, where
        // this call returns the finished History (see `crate::kernel`).
        return Err(interp.suspend(crate::eval::suspend::Suspension::Fit(Box::new(run))));
    }
    // Called where the kernel cannot wait (inside a callback of another fit): train at once.
    while !run.step(interp)? {
        // Stop answers within a batch; the weights trained so far stay, as in Keras.
        interp.tick_long()?;
    }
    run.finish(interp)
}

/// A `fit` whose arguments are checked and whose `FitSession` is ready: trained one batch at
/// a time by [`FitRun::step`], so the kernel can give control back to its host between
/// slices; Keras' text, History and Python callbacks follow each epoch.
pub struct FitRun {
    state: Rc<RefCell<State>>,
    session: FitSession,
    x: Features,
    y: Array2<f32>,
    verbose: u8,
    early_stopping_verbose: bool,
    python_callbacks: Vec<Value>,
    history: Value,
    epochs: Value,
    history_obj: Value,
    epoch_begun: bool,
    stopped_early: Option<usize>,
}

impl FitRun {
    /// Trains one batch (and ends an epoch when it is the last); `true` when training is over.
    pub fn step(&mut self, interp: &mut Interp) -> PyResult<bool> {
        if self.session.is_done() {
            return Ok(true);
        }
        if !self.epoch_begun && !self.python_callbacks.is_empty() {
            let epoch = history_len(&self.epochs);
            call_hooks(
                interp,
                &self.python_callbacks,
                "on_epoch_begin",
                &[Value::Int(epoch as i64), Value::None],
            )?;
        }
        self.epoch_begun = true;
        let (outcome, line) = {
            let mut st = self.state.try_borrow_mut().map_err(|_| busy())?;
            let outcome = self
                .session
                .step(&mut st.net, &self.x, &self.y)
                .map_err(engine_error)?;
            let line = match (&interp.progress, self.verbose) {
                (Some(_), 1) => Some(self.session.progress_line(&st.net)),
                _ => None,
            };
            (outcome, line)
        };
        if let (Some(hook), Some(line)) = (interp.progress.clone(), line) {
            hook(&line);
        }
        if let Some(end) = outcome.epoch_end {
            self.epoch_begun = false;
            let text = fit_epoch_text(
                self.verbose,
                end.epoch,
                end.epochs,
                self.session.batches_per_epoch(),
                self.session.last_epoch_ms(),
                &end.logs,
            );
            if !text.is_empty() {
                interp.write(&text);
            }
            record(&self.history, &self.epochs, end.epoch, &end.logs)?;
            if outcome.stop_reason == Some(noriteo_core::fit::StopReason::EarlyStopping) {
                self.stopped_early = Some(end.epoch);
            }
            if !self.python_callbacks.is_empty() {
                let logs = logs_dict(&end.logs)?;
                call_hooks(
                    interp,
                    &self.python_callbacks,
                    "on_epoch_end",
                    &[Value::Int(end.epoch as i64), logs],
                )?;
                if self.state.try_borrow().map_err(|_| busy())?.stop_training {
                    self.session.stop();
                }
            }
        }
        Ok(self.session.is_done())
    }

    /// After the last batch: EarlyStopping's line and `on_train_end`; the History.
    pub fn finish(self, interp: &mut Interp) -> PyResult<Value> {
        if let (Some(epoch), true) = (self.stopped_early, self.early_stopping_verbose) {
            interp.write(&format!("Epoch {}: early stopping\n", epoch + 1));
        }
        call_hooks(
            interp,
            &self.python_callbacks,
            "on_train_end",
            &[Value::None],
        )?;
        super::args::keep_rows(interp, self.x);
        Ok(self.history_obj)
    }
}

fn history_len(epochs: &Value) -> usize {
    match epochs {
        Value::List(l) => l.borrow().len(),
        _ => 0,
    }
}

/// Appends one epoch's logs to History's dict and epoch list.
fn record(history: &Value, epochs: &Value, epoch: usize, logs: &Logs) -> PyResult<()> {
    if let Value::Dict(d) = history {
        let mut d = d.borrow_mut();
        for (k, v) in logs {
            let key = Value::str(k);
            let h = key.hash_key()?;
            match d.get(&h).map(|(_, list)| list.clone()) {
                Some(Value::List(list)) => list.borrow_mut().push(py_float(*v)),
                _ => dict_insert(&mut d, key, Value::list(vec![py_float(*v)]))?,
            }
        }
    }
    if let Value::List(l) = epochs {
        l.borrow_mut().push(Value::Int(epoch as i64));
    }
    Ok(())
}
