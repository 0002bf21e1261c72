//! `model.fit`, written as a session that trains one batch per [`FitSession::step`], so that
//! a browser worker can yield between batches (that is how Stop is answered at once) and a
//! lesson can show every step. [`Sequential::fit`] simply runs a session to the end.
//!
//! Keras' semantics: `validation_split` takes the *last* fraction of the rows, before any
//! shuffling; each epoch shuffles the training rows; the reported loss and metrics are
//! means over the samples of the epoch; validation runs at the end of each epoch.

use ndarray::Array2;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::data::Features;
use crate::layers::sized;
use crate::messages::{Code, Message};
use crate::model::{Logs, Sequential};
use crate::plan::{EarlyStoppingPlan, FitPlan};
use crate::progress::{epoch_lines, progress_line};
use crate::spec::FitSpec;
use crate::{Error, Result, Rng};

/// What `fit` returns: per-epoch values under Keras' keys, in Keras' order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub history: Vec<(String, Vec<f32>)>,
    pub epoch: Vec<usize>,
}

impl History {
    pub fn get(&self, key: &str) -> Option<&[f32]> {
        self.history
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &v[..])
    }

    /// The last value recorded under `key`.
    pub fn last(&self, key: &str) -> Option<f32> {
        self.get(key).and_then(|v| v.last().copied())
    }

    fn push(&mut self, epoch: usize, logs: &Logs) {
        for (k, v) in logs {
            match self.history.iter_mut().find(|(key, _)| key == k) {
                Some((_, values)) => values.push(*v),
                None => self.history.push((k.clone(), vec![*v])),
            }
        }
        self.epoch.push(epoch);
    }
}

/// Serialises as Keras' `History`: `{"history": {"loss": [...], ...}, "epoch": [0, 1, ...]}`
/// with the keys in Keras' order (a map that keeps insertion order).
impl Serialize for History {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Ordered<'a>(&'a [(String, Vec<f32>)]);
        impl Serialize for Ordered<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("History", 2)?;
        st.serialize_field("history", &Ordered(&self.history))?;
        st.serialize_field("epoch", &self.epoch)?;
        st.end()
    }
}

/// Why a session ended before its last epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    Stopped,
    EarlyStopping,
}

/// What one call to [`FitSession::step`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepOutcome {
    /// 0-based epoch of the batch just trained.
    pub epoch: usize,
    /// Batches done in this epoch (1-based count).
    pub batch: usize,
    pub batches: usize,
    pub epoch_end: Option<EpochEnd>,
    pub done: bool,
    pub stop_reason: Option<StopReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpochEnd {
    pub epoch: usize,
    pub epochs: usize,
    pub logs: Logs,
    /// `Epoch 3/100` and the finished bar line, as Keras prints them.
    pub progress_line: String,
}

/// Keras' `EarlyStopping` callback.
#[derive(Debug, Clone, PartialEq)]
struct EarlyStopping {
    monitor: String,
    patience: usize,
    min_delta: f32,
    maximize: bool,
    restore_best_weights: bool,
    wait: usize,
    best: f32,
    best_weights: Option<Vec<Vec<f32>>>,
}

impl EarlyStopping {
    fn new(plan: &EarlyStoppingPlan) -> Self {
        let maximize = plan.maximize;
        EarlyStopping {
            monitor: plan.monitor.clone(),
            patience: plan.patience,
            min_delta: plan.min_delta,
            maximize,
            restore_best_weights: plan.restore_best_weights,
            wait: 0,
            best: if maximize {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            },
            best_weights: None,
        }
    }

    /// Returns true when training should stop after this epoch.
    fn on_epoch_end(&mut self, epoch: usize, logs: &Logs, model: &mut Sequential) -> bool {
        let Some(current) = logs
            .iter()
            .find(|(k, _)| *k == self.monitor)
            .map(|(_, v)| *v)
        else {
            return false;
        };
        if self.restore_best_weights && self.best_weights.is_none() {
            self.best_weights = Some(model.get_weights());
        }
        self.wait += 1;
        let improved = if self.maximize {
            current - self.min_delta > self.best
        } else {
            current + self.min_delta < self.best
        };
        if improved {
            self.best = current;
            self.wait = 0;
            if self.restore_best_weights {
                self.best_weights = Some(model.get_weights());
            }
        }
        if self.wait >= self.patience && epoch > 0 {
            if let Some(w) = &self.best_weights {
                // Same shapes by construction.
                let _ = model.set_weights(w);
            }
            return true;
        }
        false
    }
}

enum Validation {
    None,
    /// The last rows of x and y (`validation_split`).
    Rows(Vec<usize>),
    Data(Features, Array2<f32>),
}

/// A `fit` in progress.
pub struct FitSession {
    epochs: usize,
    batch_size: usize,
    shuffle: bool,
    train_rows: Vec<usize>,
    validation: Validation,
    order: Vec<usize>,
    epoch: usize,
    batch: usize,
    batches: usize,
    loss_sum: f64,
    seen: usize,
    rng: Rng,
    history: History,
    early_stopping: Option<EarlyStopping>,
    stop_requested: bool,
    done: bool,
    clock: fn() -> f64,
    epoch_start_ms: f64,
    /// How long the last finished epoch took.
    last_epoch_ms: f64,
    xb: Vec<f32>,
    yb: Vec<f32>,
}

impl FitSession {
    /// Prepares the epochs of a checked plan (see [`FitSpec::plan`]). What the plan cannot
    /// know is checked here: that the data fits the model, and that `validation_split`
    /// leaves rows on both sides. `validation_data`, if given, takes precedence over
    /// `validation_split`, as in Keras.
    pub fn new(
        model: &mut Sequential,
        x: &Features,
        y: &Array2<f32>,
        plan: &FitPlan,
        seed: u64,
        validation_data: Option<(Features, Array2<f32>)>,
    ) -> Result<Self> {
        model.prepare_for(x, Some(y), "fit")?;
        // A batch's memory, for models built with `add` (a session's plan checked it).
        crate::plan::check_memory(&model.spec().plan(None)?, plan.batch_size, x.rows())?;
        let n = x.rows();
        let (train_rows, validation): (Vec<usize>, Validation) = match validation_data {
            Some((vx, vy)) => {
                model.prepare_for(&vx, Some(&vy), "fit (validation_data)")?;
                ((0..n).collect(), Validation::Data(vx, vy))
            }
            None if plan.validation_split > 0.0 => {
                let split_at = ((n as f64) * (1.0 - plan.validation_split)).floor() as usize;
                if split_at == 0 || split_at == n {
                    return Err(Error::config(
                        "fit.validation_split",
                        Message::new(Code::ValidationSplitNoRows)
                            .with("split", plan.validation_split)
                            .with("rows", n),
                    ));
                }
                (
                    (0..split_at).collect(),
                    Validation::Rows((split_at..n).collect()),
                )
            }
            None => ((0..n).collect(), Validation::None),
        };
        let batch_size = plan.batch_size;
        let batches = train_rows.len().div_ceil(batch_size);
        let mut root = Rng::new(seed);
        Ok(FitSession {
            epochs: plan.epochs,
            batch_size,
            shuffle: plan.shuffle,
            order: train_rows.clone(),
            train_rows,
            validation,
            epoch: 0,
            batch: 0,
            batches,
            loss_sum: 0.0,
            seen: 0,
            rng: root.fork(3),
            history: History::default(),
            early_stopping: plan.early_stopping.as_ref().map(EarlyStopping::new),
            stop_requested: false,
            done: false,
            clock: default_clock,
            epoch_start_ms: 0.0,
            last_epoch_ms: 0.0,
            xb: Vec::new(),
            yb: Vec::new(),
        })
    }

    /// Milliseconds from any fixed origin; in a browser pass `performance.now`.
    pub fn with_clock(mut self, clock: fn() -> f64) -> Self {
        self.clock = clock;
        self
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    pub fn epochs(&self) -> usize {
        self.epochs
    }

    pub fn batches_per_epoch(&self) -> usize {
        self.batches
    }

    /// How long the last finished epoch took, in the clock's milliseconds.
    pub fn last_epoch_ms(&self) -> f64 {
        self.last_epoch_ms
    }

    /// Asks training to stop before its next batch (the weights stay as they are).
    pub fn stop(&mut self) {
        self.stop_requested = true;
    }

    /// Trains one batch; at the end of an epoch also validates, records History and asks
    /// EarlyStopping. A NaN or infinite loss ends the session with [`Error::Diverged`] and
    /// leaves the weights from before that batch.
    pub fn step(
        &mut self,
        model: &mut Sequential,
        x: &Features,
        y: &Array2<f32>,
    ) -> Result<StepOutcome> {
        if self.done {
            return Ok(self.finished_outcome(None));
        }
        if self.stop_requested {
            self.done = true;
            return Ok(self.finished_outcome(Some(StopReason::Stopped)));
        }
        if self.batch == 0 {
            self.start_epoch(model);
        }
        let start = self.batch * self.batch_size;
        let end = (start + self.batch_size).min(self.order.len());
        let rows = &self.order[start..end];
        let (cols, ycols) = (x.cols(), y.ncols());
        x.gather_into(rows, sized(&mut self.xb, rows.len() * cols));
        let yb = sized(&mut self.yb, rows.len() * ycols);
        for (dst, &r) in yb.chunks_exact_mut(ycols).zip(rows) {
            dst.iter_mut().zip(y.row(r)).for_each(|(d, s)| *d = *s);
        }
        let count = rows.len();
        let total = match model.train_step(&self.xb, &self.yb, count) {
            Ok(t) => t,
            Err(loss) => {
                self.done = true;
                return Err(Error::Diverged {
                    epoch: self.epoch + 1,
                    batch: self.batch + 1,
                    loss,
                });
            }
        };
        self.loss_sum += total;
        self.seen += count;
        self.batch += 1;
        let mut outcome = StepOutcome {
            epoch: self.epoch,
            batch: self.batch,
            batches: self.batches,
            epoch_end: None,
            done: false,
            stop_reason: None,
        };
        if self.batch == self.batches {
            let logs = self.logs(model);
            let end = self.end_epoch(model, x, y, logs)?;
            outcome.done = self.done;
            outcome.stop_reason = end.1;
            outcome.epoch_end = Some(end.0);
        }
        Ok(outcome)
    }

    /// The running means over the epoch of the last trained batch (`loss`, then the
    /// metrics), as Keras' progress bar shows them; empty before the first batch. Computed
    /// on request rather than per batch: a small model's step costs microseconds, and
    /// building these strings every batch cost more than the step.
    pub fn logs(&self, model: &Sequential) -> Logs {
        if self.seen == 0 {
            return Logs::new();
        }
        let mut logs = vec![(
            "loss".to_string(),
            (self.loss_sum / self.seen as f64) as f32,
        )];
        logs.extend(model.metric_results());
        logs
    }

    /// Keras' running progress line for the last trained batch; empty before the first.
    pub fn progress_line(&self, model: &Sequential) -> String {
        if self.seen == 0 {
            return String::new();
        }
        // Batch 0 after a trained batch is a finished epoch (its running means stay until
        // the next batch starts another): the full bar and the epoch's own duration. Else
        // this is asked for between batches, so now is when the last batch ended.
        let (batch, elapsed) = if self.batch == 0 {
            (self.batches, self.last_epoch_ms)
        } else {
            (self.batch, (self.clock)() - self.epoch_start_ms)
        };
        progress_line(batch, self.batches, elapsed, &self.logs(model), false)
    }

    /// Runs the remaining batches, calling `observe` after each.
    pub fn run(
        &mut self,
        model: &mut Sequential,
        x: &Features,
        y: &Array2<f32>,
        mut observe: impl FnMut(&StepOutcome),
    ) -> Result<()> {
        while !self.done {
            let o = self.step(model, x, y)?;
            observe(&o);
        }
        Ok(())
    }

    fn start_epoch(&mut self, model: &mut Sequential) {
        self.order.clone_from(&self.train_rows);
        if self.shuffle {
            self.rng.shuffle(&mut self.order);
        }
        self.loss_sum = 0.0;
        self.seen = 0;
        model.reset_metrics();
        self.epoch_start_ms = (self.clock)();
    }

    fn end_epoch(
        &mut self,
        model: &mut Sequential,
        x: &Features,
        y: &Array2<f32>,
        mut logs: Logs,
    ) -> Result<(EpochEnd, Option<StopReason>)> {
        let elapsed = (self.clock)() - self.epoch_start_ms;
        self.last_epoch_ms = elapsed;
        let val = match &self.validation {
            Validation::None => None,
            Validation::Rows(rows) => Some(model.evaluate(
                &x.select_rows(rows),
                &y.select(ndarray::Axis(0), rows),
                self.batch_size,
            )?),
            Validation::Data(vx, vy) => Some(model.evaluate(vx, vy, self.batch_size)?),
        };
        if let Some(v) = val {
            logs.extend(v.into_iter().map(|(k, v)| (format!("val_{k}"), v)));
        }
        self.history.push(self.epoch, &logs);
        let progress_line = epoch_lines(self.epoch, self.epochs, self.batches, elapsed, &logs);
        let end = EpochEnd {
            epoch: self.epoch,
            epochs: self.epochs,
            logs: logs.clone(),
            progress_line,
        };
        let mut reason = None;
        if let Some(es) = &mut self.early_stopping {
            if es.on_epoch_end(self.epoch, &logs, model) {
                reason = Some(StopReason::EarlyStopping);
                self.done = true;
            }
        }
        self.epoch += 1;
        self.batch = 0;
        if self.epoch >= self.epochs {
            self.done = true;
        }
        Ok((end, reason))
    }

    fn finished_outcome(&self, reason: Option<StopReason>) -> StepOutcome {
        StepOutcome {
            epoch: self.epoch,
            batch: self.batch,
            batches: self.batches,
            epoch_end: None,
            done: true,
            stop_reason: reason,
        }
    }
}

impl Sequential {
    /// `model.fit(x, y, epochs=..., batch_size=..., validation_split=...)`; `observe` sees
    /// every step (use it to print `progress_line`s or draw curves). The arguments are
    /// planned first: a bad one is refused with the page's message for its field.
    pub fn fit(
        &mut self,
        x: &Features,
        y: &Array2<f32>,
        spec: &FitSpec,
        seed: u64,
        validation_data: Option<(Features, Array2<f32>)>,
        observe: impl FnMut(&StepOutcome),
    ) -> Result<History> {
        let plan = spec.plan(self.compiled_metric_names())?;
        let mut session = FitSession::new(self, x, y, &plan, seed, validation_data)?;
        session.run(self, x, y, observe)?;
        Ok(session.history)
    }
}

/// Milliseconds since the first call, natively; wasm has no clock without the browser, so
/// the adapter passes `performance.now` through [`FitSession::with_clock`].
fn default_clock() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
    }
    #[cfg(target_arch = "wasm32")]
    {
        0.0
    }
}
