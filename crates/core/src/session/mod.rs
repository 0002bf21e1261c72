//! One learner's session: the data, the setup, the model and its weights, the training in
//! progress and its results, as one state machine that the playground's worker (and later the
//! notebook) drives with requests. Requests apply in the order they come; a newer load, or a
//! cancel, supersedes a load still under way; a request that fails changes nothing.

mod overrides;
mod request;
mod try_model;
mod view;

use ndarray::Array2;
use serde_json::Value;

use crate::data::incoming::IncomingFile;
use crate::data::preprocess::Scaler;
use crate::data::sources::{self, DataSource, FileRequest, Loaded};
use crate::fit::History;
use crate::lessons::{self, Lesson};
use crate::messages::{Code, Message};
use crate::report::{self, Plot};
use crate::spec::{CompileSpec, FieldError, ModelSpec, TrainingSpec};
use crate::{Error, Features, FitSession, Logs, Sequential, Task};

pub use overrides::MAX_SEED;
pub use request::{LoadTicket, Request, Response};
pub use try_model::{
    Boundary, ClassName, Field, Tried, TryForm, TryInput, BOUNDARY_CELLS, BOUNDARY_MAX_CELLS,
};
pub use view::{
    new_layer, DataInfo, Ordered, Preview, Slice, Status, Suggestion, View, PREVIEW_ROWS,
};

pub use crate::plan::MAX_ACTIVATION_BYTES;

/// How long the page waits between the slices of a watched fit (see `train_slice`).
const WATCH_PACE_MS: f64 = 30.0;

/// What identifies a model's weights: changing any of it means a new, freshly initialised
/// model, as a new `Sequential(...)` in Keras would be.
#[derive(Debug, Clone, PartialEq)]
struct ModelKey {
    model: ModelSpec,
    seed: i64,
    data: String,
}

struct Trained {
    model: Sequential,
    key: ModelKey,
    /// The compile settings its optimizer was built with; `None` after a divergence, whose
    /// optimizer state is not finite: the next Train compiles afresh.
    compiled: Option<CompileSpec>,
}

/// A `fit` in progress, with the last weights known to be finite.
struct Fit {
    session: FitSession,
    /// Epochs of History already sent in a slice.
    sent: usize,
    last_good: Vec<Vec<f32>>,
    /// When it started (the session's clock), for the whole fit's remaining time.
    started: f64,
}

/// A load asked for and not yet finished: its files arrive one chunk at a time.
struct PendingLoad {
    id: u64,
    lesson: Option<String>,
    source: DataSource,
    /// The setup it brings (a lesson's, a link's); `None` keeps or makes one from the data.
    setup: Option<TrainingSpec>,
    files: Vec<FileRequest>,
    staged: Vec<Option<IncomingFile>>,
}

pub struct Session {
    lessons: Vec<Lesson>,
    data: Option<Loaded>,
    source: Option<DataSource>,
    lesson: Option<String>,
    spec: TrainingSpec,
    model: Option<Trained>,
    fit: Option<Fit>,
    /// Fits since the last load or reset, so that a second Train shuffles differently, as a
    /// second `fit` call does, while a load (like a fresh page) starts from its seed.
    fits: u64,
    pending: Option<PendingLoad>,
    loads: u64,
    clock: fn() -> f64,
}

type Outcome<T> = Result<T, Message>;

impl Session {
    /// An empty session; `clock` gives milliseconds (`performance.now` in a browser).
    pub fn new(clock: fn() -> f64) -> Session {
        Session {
            lessons: lessons::catalogue(),
            data: None,
            source: None,
            lesson: None,
            spec: TrainingSpec::default(),
            model: None,
            fit: None,
            fits: 0,
            pending: None,
            loads: 0,
            clock,
        }
    }

    /// Answers one request; see [`Request`] for what each does.
    pub fn handle(&mut self, request: Request) -> Outcome<Response> {
        Ok(match request {
            Request::Lessons => Response::Lessons(self.lessons.clone()),
            Request::Load {
                lesson,
                data,
                setup,
                overrides,
            } => Response::Load(self.begin_load(lesson, data, setup, &overrides)?),
            Request::FinishLoad { load } => {
                self.finish_load(load)?;
                Response::View(Box::new(self.view()))
            }
            Request::CancelLoad => {
                self.pending = None;
                Response::View(Box::new(self.view()))
            }
            Request::SetSpec { spec } => {
                self.refuse_while_training()?;
                self.spec = *spec;
                Response::View(Box::new(self.view()))
            }
            Request::State => Response::View(Box::new(self.view())),
            Request::Summary => Response::Text(self.summary()?),
            Request::StartTraining { epochs } => {
                self.start_training(epochs)?;
                Response::None
            }
            Request::SetLearningRate { learning_rate } => {
                self.set_learning_rate(learning_rate)?;
                Response::View(Box::new(self.view()))
            }
            Request::TrainSlice { budget_ms } => {
                Response::Slice(Box::new(self.train_slice(budget_ms)))
            }
            Request::Stop => {
                if let Some(f) = &mut self.fit {
                    f.session.stop();
                }
                Response::None
            }
            Request::Reset => {
                self.refuse_while_training()?;
                self.model = None;
                self.fits = 0;
                Response::View(Box::new(self.view()))
            }
            Request::Evaluate => Response::Logs(self.evaluate()?),
            Request::Predict { rows } => Response::Rows(self.predict(&rows)?),
            Request::Results => Response::Plots(self.results()?),
            Request::TryForm => Response::TryForm(self.try_form()?),
            Request::TryDrawing { width, height, ink } => {
                Response::Tried(self.try_drawing(&ink, width, height)?)
            }
            Request::TryImage { pixels } => Response::Tried(self.try_image(pixels)?),
            Request::TryRow { values } => Response::Tried(self.try_row(&values)?),
            Request::Boundary { x, y, size } => {
                Response::Boundary(Box::new(self.boundary(x, y, size)?))
            }
            Request::Export { title } => {
                let python = self.keras_code(&title);
                let notebook = crate::codegen::notebook(&python, &title);
                Response::Export { python, notebook }
            }
            Request::ModelFromJson { json } => {
                let model = Sequential::from_json(&json, self.seed()).map_err(|e| e.message())?;
                let mut spec = model.spec();
                spec.name = None;
                Response::Model(spec)
            }
        })
    }

    // ---------- loading ----------

    fn begin_load(
        &mut self,
        lesson: Option<String>,
        data: Option<Value>,
        setup: Option<Value>,
        overrides: &Value,
    ) -> Outcome<LoadTicket> {
        self.refuse_while_training()?;
        let setup = match setup {
            Some(s) => Some(overrides::setup_from(&s)?),
            None => None,
        };
        let (source, setup) = match (&lesson, data) {
            (Some(id), _) => {
                let found = self.lessons.iter().find(|l| &l.id == id).ok_or_else(|| {
                    let ids: Vec<&str> = self.lessons.iter().map(|l| l.id.as_str()).collect();
                    Message::new(Code::UnknownLesson)
                        .with("id", id.chars().take(40).collect::<String>())
                        .with("lessons", ids.join(", "))
                })?;
                let setup = overrides::apply(setup.as_ref().unwrap_or(&found.setup), overrides)?;
                (found.data.clone(), Some(setup))
            }
            (None, Some(data)) => {
                let source: DataSource = serde_json::from_value(data)
                    .map_err(|e| Message::new(Code::BadDataSource).with("text", e))?;
                let setup = match setup {
                    Some(s) => Some(overrides::apply(&s, overrides)?),
                    None => None,
                };
                (source, setup)
            }
            (None, None) => return Err(Message::new(Code::LoadWhat)),
        };
        let mut files = source.files().map_err(|e| e.message())?;
        if let DataSource::Upload { file, .. } = &source {
            files = vec![FileRequest {
                url: String::new(),
                name: file.clone(),
                gzip: false,
            }];
        }
        self.loads += 1;
        let ticket = LoadTicket {
            load: self.loads,
            files: files.clone(),
        };
        self.pending = Some(PendingLoad {
            id: self.loads,
            lesson,
            source,
            setup,
            staged: files.iter().map(|_| None).collect(),
            files,
        });
        Ok(ticket)
    }

    fn pending_file(&mut self, load: u64, index: usize) -> Outcome<&mut Option<IncomingFile>> {
        match &mut self.pending {
            Some(p) if p.id == load => p
                .staged
                .get_mut(index)
                .ok_or_else(|| Message::new(Code::StaleLoad)),
            _ => Err(Message::new(Code::LoadSuperseded)),
        }
    }

    /// Starts file `index` of load `load`, with room for `size` bytes (a hint).
    pub fn start_file(&mut self, load: u64, index: usize, size: usize) -> Outcome<()> {
        let name = match &self.pending {
            Some(p) if p.id == load => p.files.get(index).map(|f| f.name.clone()),
            _ => None,
        };
        let slot = self.pending_file(load, index)?;
        *slot = Some(IncomingFile::new(&name.unwrap_or_default(), size));
        Ok(())
    }

    /// Appends a chunk of file `index` of load `load`; a load that was superseded says so,
    /// so that its download stops.
    pub fn push_bytes(&mut self, load: u64, index: usize, chunk: &[u8]) -> Outcome<()> {
        match self.pending_file(load, index)? {
            Some(file) => file.push(chunk).map_err(|e| e.message()),
            None => Err(Message::new(Code::StaleLoad)),
        }
    }

    fn finish_load(&mut self, load: u64) -> Outcome<()> {
        match &self.pending {
            Some(p) if p.id == load => {}
            _ => return Err(Message::new(Code::LoadSuperseded)),
        }
        let Some(pending) = self.pending.take() else {
            return Err(Message::new(Code::LoadSuperseded));
        };
        let mut files = Vec::with_capacity(pending.staged.len());
        for (file, request) in pending.staged.into_iter().zip(&pending.files) {
            let file =
                file.ok_or_else(|| Message::new(Code::FileMissing).with("name", &request.name))?;
            files.push(file.finish().map_err(|e| e.message())?);
        }
        let loaded = sources::load(&pending.source, files).map_err(|e| e.message())?;
        let spec = match pending.setup {
            Some(s) => s,
            // Reading the same table again (other options) keeps the learner's model.
            None if self.lesson.is_none() && self.same_table(&pending.source) => self.spec.clone(),
            None => view::default_setup(&loaded),
        };
        self.data = Some(loaded);
        self.source = Some(pending.source);
        self.lesson = pending.lesson;
        self.spec = spec;
        self.model = None;
        self.fits = 0;
        Ok(())
    }

    fn same_table(&self, source: &DataSource) -> bool {
        let key = |s: &DataSource| match s {
            DataSource::Csv { url, table, .. } => {
                Some((0, url.clone(), table.target.first().cloned()))
            }
            DataSource::Upload { file, table, .. } => {
                Some((1, file.clone(), table.target.first().cloned()))
            }
            _ => None,
        };
        match (&self.source, key(source)) {
            (Some(old), Some(new)) => key(old) == Some(new),
            _ => false,
        }
    }

    // ---------- the setup ----------

    /// Every problem with the setup for the loaded data, each next to its field.
    fn errors(&self) -> Vec<FieldError> {
        self.spec.validate(self.data.as_ref().map(|l| &l.dataset))
    }

    /// A new model for the current setup, initialised from its seed.
    /// Only the model is planned: a summary is shown even when the loss does not fit the data.
    fn fresh_model(&self) -> Result<Sequential, Error> {
        let data_shape = self.data.as_ref().map(|l| l.dataset.input_shape.as_slice());
        let plan = self.spec.model.plan(data_shape)?;
        Sequential::from_plan(&plan, self.seed())
    }

    /// The setup's seed for building a model to show (a summary); a seed out of range is
    /// reported by the plan, and Train refuses it.
    fn seed(&self) -> u64 {
        u64::try_from(self.spec.seed).unwrap_or(0)
    }

    fn key(&self) -> ModelKey {
        ModelKey {
            model: self.spec.model.clone(),
            seed: self.spec.seed,
            data: self
                .data
                .as_ref()
                .map(|l| l.dataset.name.clone())
                .unwrap_or_default(),
        }
    }

    /// The trained model when the setup still describes it.
    fn current(&self) -> Option<&Trained> {
        self.model.as_ref().filter(|t| t.key == self.key())
    }

    fn summary(&self) -> Outcome<String> {
        match self.current() {
            Some(t) => t.model.summary(),
            None => self.fresh_model().and_then(|m| m.summary()),
        }
        .map_err(|e| e.message())
    }

    fn keras_code(&self, title: &str) -> String {
        let detected = self
            .data
            .as_ref()
            .and_then(|l| l.table.as_ref())
            .map(|t| t.encoding.as_str());
        let mut data = self
            .source
            .as_ref()
            .map(|s| crate::data::code::data_code_read(s, detected))
            .unwrap_or_default();
        if let Some(l) = &self.data {
            data.input_shape = l.dataset.input_shape.clone();
        }
        let title = match (title, &self.data) {
            ("", Some(l)) => l.dataset.name.as_str(),
            ("", None) => "model",
            (t, _) => t,
        };
        crate::codegen::keras_code(&self.spec, &data, title)
    }

    /// The session as the page renders it.
    pub fn view(&self) -> View {
        let errors = self.errors();
        let summary = if errors.is_empty() {
            self.summary().ok()
        } else {
            None
        };
        View {
            status: self.status(),
            loading: self.pending.as_ref().map(|p| p.id),
            lesson: self.lesson.clone(),
            source: self.source.clone(),
            data: self.data.as_ref().map(DataInfo::of),
            spec: self.spec.clone(),
            errors,
            summary,
            code: self.keras_code(""),
            trained: self.current().is_some(),
        }
    }

    pub fn status(&self) -> Status {
        match (&self.fit, &self.pending, &self.data) {
            (Some(_), _, _) => Status::Training,
            (None, Some(_), _) => Status::Loading,
            (None, None, Some(_)) => Status::Ready,
            (None, None, None) => Status::Empty,
        }
    }

    fn refuse_while_training(&self) -> Outcome<()> {
        match self.fit {
            Some(_) => Err(Message::new(Code::Busy)),
            None => Ok(()),
        }
    }

    // ---------- training ----------

    /// The setup's learning rate becomes `rate`, checked as compile checks it; a fit under
    /// way uses it from its next batch, and its model stays compiled (its optimizer keeps
    /// its moments), as assigning `model.optimizer.learning_rate` in Keras does.
    fn set_learning_rate(&mut self, rate: f64) -> Outcome<()> {
        let mut compile = self.spec.compile.clone();
        compile.optimizer = match compile.optimizer {
            crate::spec::OptimizerSpec::Name(name) => {
                crate::spec::OptimizerSpec::Config(crate::OptimizerConfig {
                    name,
                    learning_rate: Some(rate as f32),
                    ..Default::default()
                })
            }
            crate::spec::OptimizerSpec::Config(mut c) => {
                c.learning_rate = Some(rate as f32);
                crate::spec::OptimizerSpec::Config(c)
            }
        };
        if !rate.is_finite() {
            return Err(Message::new(Code::SettingNotANumber)
                .with("field", "learning_rate")
                .with("got", rate));
        }
        if let Err(errors) = compile.plan() {
            if let Some(e) = errors
                .into_iter()
                .find(|e| e.field.starts_with("compile.optimizer"))
            {
                return Err(e.message);
            }
        }
        let training = self.fit.is_some();
        if let Some(t) = &mut self.model {
            if training || t.compiled.as_ref() == Some(&self.spec.compile) {
                t.model.set_learning_rate(rate as f32);
                t.compiled = Some(compile.clone());
            }
        }
        self.spec.compile = compile;
        Ok(())
    }

    fn start_training(&mut self, epochs: Option<i64>) -> Outcome<()> {
        self.refuse_while_training()?;
        if self.pending.is_some() {
            return Err(Message::new(Code::StillLoading));
        }
        let Some(loaded) = &self.data else {
            return Err(Message::new(Code::LoadDataFirst));
        };
        let d = &loaded.dataset;
        // The setup is checked here, once; the model and the fit are built from its plan.
        let mut spec = self.spec.clone();
        if let Some(n) = epochs {
            spec.fit.epochs = n;
        }
        let plan = match spec.plan(Some(d)) {
            Ok(plan) => plan,
            Err(errors) => {
                let mut m = Message::new(Code::FixSetupFirst);
                if let Some(e) = errors.into_iter().next() {
                    m = m.with_detail(e.message);
                }
                return Err(m);
            }
        };
        let key = self.key();
        let reused = match self.model.take() {
            Some(t) if t.key == key => Some(t),
            other => {
                self.model = other;
                None
            }
        };
        let had = reused.is_some();
        let mut model = match reused {
            Some(t) if t.compiled.as_ref() == Some(&self.spec.compile) => t.model,
            Some(mut t) => {
                if let Err(e) = t.model.compile_plan(&plan.compile) {
                    self.model = Some(t);
                    return Err(e.message());
                }
                t.model
            }
            None => {
                let mut m =
                    Sequential::from_plan(&plan.model, plan.seed).map_err(|e| e.message())?;
                m.compile_plan(&plan.compile).map_err(|e| e.message())?;
                m
            }
        };
        let seed = fit_seed(plan.seed, self.fits);
        match FitSession::new(&mut model, &d.x_train, &d.y_train, &plan.fit, seed, None) {
            Ok(session) => {
                self.fits += 1;
                self.fit = Some(Fit {
                    session: session.with_clock(self.clock),
                    sent: 0,
                    last_good: model.get_weights(),
                    started: (self.clock)(),
                });
                self.model = Some(Trained {
                    model,
                    key,
                    compiled: Some(self.spec.compile.clone()),
                });
                Ok(())
            }
            Err(e) => {
                if had {
                    self.model = Some(Trained {
                        model,
                        key,
                        compiled: Some(self.spec.compile.clone()),
                    });
                }
                Err(e.message())
            }
        }
    }

    /// Trains batches for about `budget_ms`, then reports what happened.
    pub fn train_slice(&mut self, budget_ms: f64) -> Slice {
        let start = (self.clock)();
        let (Some(fit), Some(trained), Some(loaded)) = (&mut self.fit, &mut self.model, &self.data)
        else {
            return Slice {
                done: true,
                error: Some(Message::new(Code::NoTrainingInProgress)),
                ..Default::default()
            };
        };
        let model = &mut trained.model;
        let d = &loaded.dataset;
        let mut slice = Slice::default();
        // Reading the clock is a call out to JavaScript in a browser, as long as a whole
        // step of a small table model: read it every `stride` steps, ~20 times a slice.
        let (mut steps, mut stride) = (0u32, 1u32);
        let mut diverged = false;
        let mut bad_epoch = None;
        // A one-feature regression is watched as its line moves: a slice ends after about a
        // sixtieth of the epochs and the page waits a frame or two before the next, so that
        // Lesson 1's 2,001 steps (a few milliseconds of work) take two seconds to watch.
        let watched = d.task == Task::Regression && d.input_shape == [1];
        let epochs_per_slice = fit.session.epochs().div_ceil(60).max(1);
        let mut ended = 0usize;
        loop {
            match fit.session.step(model, &d.x_train, &d.y_train) {
                Ok(o) => {
                    slice.epoch = o.epoch;
                    slice.batch = o.batch;
                    slice.batches = o.batches;
                    slice.done = o.done;
                    slice.stop_reason = o.stop_reason;
                    if let Some(end) = o.epoch_end {
                        slice.epoch_lines.push(end.progress_line);
                        // The weights at an epoch's end are the ones a divergence falls
                        // back to, if they are finite.
                        let weights = model.get_weights();
                        if all_finite(&weights) {
                            fit.last_good = weights;
                        } else {
                            bad_epoch = Some(o.epoch + 1);
                            slice.done = true;
                        }
                        ended += 1;
                        if watched && ended >= epochs_per_slice && !slice.done {
                            slice.pace_ms = WATCH_PACE_MS;
                            break;
                        }
                    }
                }
                Err(e) => {
                    diverged = matches!(e, Error::Diverged { .. });
                    slice.done = true;
                    slice.error = Some(e.message());
                }
            }
            if slice.done {
                break;
            }
            steps += 1;
            if steps % stride == 0 {
                let elapsed = (self.clock)() - start;
                if elapsed >= budget_ms {
                    break;
                }
                let per_step = elapsed / f64::from(steps);
                if per_step > 0.0 {
                    stride = ((budget_ms / 20.0 / per_step) as u32).clamp(1, 1024);
                }
            }
        }
        // A loss can stay finite while weights overflow (softmax saturates): the weights
        // are what predict() uses, so they decide.
        if diverged || bad_epoch.is_some() || !all_finite(&model.get_weights()) {
            let _ = model.set_weights(&fit.last_good);
            trained.compiled = None;
            slice.done = true;
            if !diverged {
                let epoch = bad_epoch.unwrap_or(slice.epoch + 1);
                slice.error = Some(Message::new(Code::DivergedWeights).with("epoch", epoch));
            }
        }
        slice.logs = fit.session.logs(model);
        slice.line = fit.session.progress_line(model);
        slice.epochs = fit.session.epochs();
        // Keras' line gives the epoch's ETA ("0s" for most of a small epoch); the page shows
        // the whole fit's, from the pace so far.
        let total = slice.epochs * slice.batches;
        let done = slice.epoch * slice.batches + slice.batch;
        if done > 0 && total > done {
            let elapsed = (self.clock)() - fit.started;
            slice.remaining_s = Some(elapsed / done as f64 * (total - done) as f64 / 1000.0);
        }
        let history = fit.session.history();
        slice.history = if slice.done {
            history.clone()
        } else {
            since(history, fit.sent)
        };
        fit.sent = history.epoch.len();
        if watched {
            slice.line_fit = report::fitted_line(model, loaded, 2).ok();
            slice.line_params = report::line_params(model, loaded);
        }
        if slice.done {
            self.fit = None;
        }
        slice
    }

    // ---------- using the trained model ----------

    fn trained(&mut self) -> Outcome<(&mut Sequential, &Loaded)> {
        let Some(loaded) = &self.data else {
            return Err(Message::new(Code::LoadDataFirst));
        };
        let key = self.key();
        match &mut self.model {
            Some(t) if t.key == key => Ok((&mut t.model, loaded)),
            _ => Err(Message::new(Code::TrainFirst)),
        }
    }

    fn evaluate(&mut self) -> Outcome<Logs> {
        let (model, loaded) = self.trained()?;
        let d = &loaded.dataset;
        let (Some(x), Some(y)) = (&d.x_test, &d.y_test) else {
            return Err(Message::new(Code::NoTestSet).with("name", &d.name));
        };
        model.evaluate(x, y, 256).map_err(|e| e.message())
    }

    /// Predictions for rows in the data's own units (pixels 0–255, unscaled table values);
    /// a standardized regression target comes back in its original units.
    fn predict(&mut self, rows: &[Vec<f32>]) -> Outcome<Vec<Vec<f32>>> {
        let (model, loaded) = self.trained()?;
        let width = model.input_width();
        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != width) {
            return Err(Message::new(Code::PredictRowWidth)
                .with("row", i + 1)
                .with("got", r.len())
                .with("width", width));
        }
        let mut x = Array2::from_shape_vec((rows.len(), width), rows.concat())
            .map_err(|e| Message::new(Code::Engine).with("text", e))?;
        let features = match &loaded.dataset.x_train {
            Features::U8 { scale, .. } => {
                x.mapv_inplace(|v| v * scale);
                Features::F32(x)
            }
            Features::F32(_) => {
                loaded.x_scaler.transform(&mut x).map_err(|e| e.message())?;
                Features::F32(x)
            }
        };
        let mut out = model.predict(&features, 256).map_err(|e| e.message())?;
        if !matches!(loaded.y_scaler, Scaler::None) {
            for c in 0..out.ncols() {
                let mut col = out.column(c).to_vec();
                loaded
                    .y_scaler
                    .inverse_transform_column(c, &mut col)
                    .map_err(|e| e.message())?;
                out.column_mut(c)
                    .iter_mut()
                    .zip(col)
                    .for_each(|(o, v)| *o = v);
            }
        }
        Ok(out.outer_iter().map(|r| r.to_vec()).collect())
    }

    fn results(&mut self) -> Outcome<Vec<Plot>> {
        let lesson = self.lesson.clone();
        let unit = lesson
            .and_then(|id| self.lessons.iter().find(|l| l.id == id))
            .map(|l| (l.unit_ko.clone(), l.unit_en.clone()))
            .unwrap_or_default();
        let (model, loaded) = self.trained()?;
        report::result_plots(model, loaded, (&unit.0, &unit.1)).map_err(|e| e.message())
    }

    /// The trained model as Keras JSON (`to_json`) and Noriteo's binary weights.
    pub fn save_model(&self) -> Outcome<(String, Vec<u8>)> {
        let t = self
            .current()
            .ok_or_else(|| Message::new(Code::TrainFirst))?;
        Ok((t.model.to_json(), t.model.save_weights()))
    }

    /// Puts saved weights into a model built from the current setup (after a reload, a
    /// crash of the worker, or a downloaded model loaded back).
    pub fn restore_weights(&mut self, weights: &[u8]) -> Outcome<()> {
        self.refuse_while_training()?;
        if self.data.is_none() {
            return Err(Message::new(Code::LoadDataFirst));
        }
        let mut model = self.fresh_model().map_err(|e| e.message())?;
        model
            .compile_spec(&self.spec.compile)
            .map_err(|e| e.message())?;
        model.load_weights(weights).map_err(|e| e.message())?;
        self.model = Some(Trained {
            model,
            key: self.key(),
            compiled: Some(self.spec.compile.clone()),
        });
        Ok(())
    }
}

/// The seed of the `fits`-th fit (from 0) since the setup's seed was set: a second Train
/// shuffles differently, as a second `fit` call does. The notebook's `model.fit` derives its
/// seed here too, so the same seed gives the same History on both.
pub fn fit_seed(seed: u64, fits: u64) -> u64 {
    seed.wrapping_add(fits)
}

fn all_finite(weights: &[Vec<f32>]) -> bool {
    weights.iter().flatten().all(|w| w.is_finite())
}

/// The epochs of `history` from `from` on.
fn since(history: &History, from: usize) -> History {
    History {
        history: history
            .history
            .iter()
            .map(|(k, v)| (k.clone(), v.get(from..).unwrap_or(&[]).to_vec()))
            .collect(),
        epoch: history.epoch.get(from..).unwrap_or(&[]).to_vec(),
    }
}

#[cfg(test)]
mod tests;
