//! The engine a Web Worker drives: it owns the data set, the setup, the model and the fit in
//! progress, and answers typed requests (see `protocol`). Training runs in time slices so
//! the worker can read a Stop message between them.

use ndarray::Array2;
use noriteo_core::data::incoming::IncomingFile;
use noriteo_core::data::preprocess::Scaler;
use noriteo_core::data::sources::{self, DataSource, Loaded};
use noriteo_core::spec::{suggest_output, CompileSpec, ModelSpec};
use noriteo_core::{report, Error, Features, FitSession, Sequential, Task, TrainingSpec};
use wasm_bindgen::prelude::*;

use crate::protocol::{DataInfo, Preview, Request, SetupReport, Slice, Suggestion, PREVIEW_ROWS};

/// What identifies a model's weights: changing any of it means a new, freshly initialised
/// model, as a new `Sequential(...)` in Keras would be.
#[derive(PartialEq)]
struct ModelKey {
    model: ModelSpec,
    seed: u64,
    data: String,
}

#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    data: Option<Loaded>,
    /// Where the data came from, for the exported Keras code.
    source: Option<DataSource>,
    spec: TrainingSpec,
    model: Option<(Sequential, ModelKey, CompileSpec)>,
    fit: Option<FitSession>,
    /// Counts fits, so a second Train shuffles differently, as a second `fit` call does.
    fits: u64,
    /// Files streamed in by `stage_file`/`stage_bytes` for the next `load`.
    staged: Vec<IncomingFile>,
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: sub-millisecond, and present in pages and workers alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

pub(crate) fn now_ms() -> f64 {
    performance_now()
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn err(e: Error) -> JsValue {
    JsValue::from_str(&e.to_string())
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Answers one request of the worker protocol; errors come back as a message string.
    pub fn handle(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        let request: Request = serde_wasm_bindgen::from_value(request)
            .map_err(|e| JsValue::from_str(&format!("bad request: {e}")))?;
        match request {
            Request::Lessons => to_js(&noriteo_core::lessons::catalogue()),
            Request::Files { source } => to_js(&source.files().map_err(err)?),
            Request::SetSpec { spec } => {
                self.spec = spec;
                to_js(&self.setup_report())
            }
            Request::Summary => self.summary().map(JsValue::from),
            Request::StartTraining => self.start_training().map(|_| JsValue::NULL),
            Request::TrainSlice { budget_ms } => to_js(&self.train_slice(budget_ms)),
            Request::Stop => {
                if let Some(f) = &mut self.fit {
                    f.stop();
                }
                Ok(JsValue::NULL)
            }
            Request::Reset => {
                self.model = None;
                self.fit = None;
                // Fresh weights, fresh count: the next Train repeats a fresh page's first one.
                self.fits = 0;
                Ok(JsValue::NULL)
            }
            Request::Evaluate => self.evaluate(),
            Request::Predict { rows } => self.predict(rows),
            Request::Results => self.results(),
            Request::ModelFromJson { json } => {
                let model = Sequential::from_json(&json, self.spec.seed).map_err(err)?;
                let mut spec = model.spec();
                spec.name = None;
                to_js(&spec)
            }
            Request::Export { title } => {
                let code = self.keras_code(&title);
                let notebook = noriteo_core::codegen::notebook(&code, &title);
                to_js(&serde_json::json!({ "python": code, "notebook": notebook }))
            }
        }
    }

    /// The trained model as Keras-style JSON (`to_json`) and Noriteo's binary weights.
    pub fn save_model(&self) -> Result<JsValue, JsValue> {
        let (model, _, _) = self
            .model
            .as_ref()
            .ok_or_else(|| JsValue::from_str("train the model first"))?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"config".into(), &model.to_json().into())?;
        let weights = js_sys::Uint8Array::from(&model.save_weights()[..]);
        js_sys::Reflect::set(&out, &"weights".into(), &weights)?;
        Ok(out.into())
    }

    /// Puts saved weights into a model built from the current setup (after a reload, or a
    /// downloaded model loaded back). The shapes must match the setup's layers.
    pub fn restore_weights(&mut self, weights: Vec<u8>) -> Result<(), JsValue> {
        let mut model = self.fresh_model().map_err(err)?;
        model.compile_spec(&self.spec.compile).map_err(err)?;
        model.load_weights(&weights).map_err(err)?;
        self.fit = None;
        self.model = Some((model, self.key(), self.spec.compile.clone()));
        Ok(())
    }

    /// Starts file number `index` (in the order `files` asked for) of the next `load`, named
    /// `name` in messages, with room for `size` bytes (a hint: more may come). With
    /// `stage_bytes`, the worker streams a download straight into wasm memory, inflating gzip
    /// as it comes, so that neither JavaScript nor wasm ever holds the compressed file whole.
    /// Index 0 starts a new set of files, dropping what a failed download may have left.
    pub fn stage_file(&mut self, index: usize, name: &str, size: usize) {
        if index == 0 {
            self.staged.clear();
        }
        if self.staged.len() <= index {
            self.staged
                .resize_with(index + 1, || IncomingFile::new("", 0));
        }
        self.staged[index] = IncomingFile::new(name, size);
    }

    /// Appends a chunk of file number `index` (see `stage_file`).
    pub fn stage_bytes(&mut self, index: usize, chunk: &[u8]) -> Result<(), JsValue> {
        self.staged
            .get_mut(index)
            .ok_or_else(|| JsValue::from_str(&format!("file {index} was not started")))?
            .push(chunk)
            .map_err(err)
    }

    /// Reads the staged files into the data set. On failure the previous data set stays
    /// loaded.
    pub fn load(&mut self, source: JsValue) -> Result<JsValue, JsValue> {
        let source: DataSource = serde_wasm_bindgen::from_value(source)
            .map_err(|e| JsValue::from_str(&format!("bad data source: {e}")))?;
        let files = std::mem::take(&mut self.staged)
            .into_iter()
            .map(IncomingFile::finish)
            .collect::<noriteo_core::Result<Vec<_>>>()
            .map_err(err)?;
        let loaded = sources::load(&source, files).map_err(err)?;
        self.fit = None;
        self.model = None;
        self.data = Some(loaded);
        self.source = Some(source);
        to_js(&self.data_info())
    }
}

impl Engine {
    fn data_info(&self) -> Option<DataInfo> {
        let loaded = self.data.as_ref()?;
        let d = &loaded.dataset;
        let (layer, mut loss) = suggest_output(d.task);
        // One-hot labels (iris as the lecture encodes it) want categorical_crossentropy.
        if matches!(d.task, Task::MultiClass { .. }) && d.y_train.ncols() > 1 {
            loss = "categorical_crossentropy";
        }
        let baseline_y = d.y_test.as_ref().unwrap_or(&d.y_train);
        Some(DataInfo {
            name: d.name.clone(),
            train_rows: d.x_train.rows(),
            test_rows: d.x_test.as_ref().map(|x| x.rows()).unwrap_or(0),
            input_shape: d.input_shape.clone(),
            feature_names: d.feature_names.clone(),
            target_names: d.target_names.clone(),
            class_names: d.class_names.clone(),
            task: d.task,
            baseline: report::majority_baseline(baseline_y, d.task),
            suggestion: Suggestion {
                layer,
                loss: loss.to_string(),
            },
            preview: loaded.table.as_ref().map(|t| Preview {
                columns: t.columns.clone(),
                rows: t.cells.iter().take(PREVIEW_ROWS).cloned().collect(),
                total_rows: t.rows(),
                encoding: t.encoding.clone(),
                delimiter: (t.delimiter as char).to_string(),
                has_header: t.has_header,
                empty_cells: t.empty_cells.len(),
            }),
            points: (d.task == Task::Regression && d.input_shape == [1]).then(|| {
                (
                    d.x_train.to_f32().column(0).to_vec(),
                    d.y_train.column(0).to_vec(),
                )
            }),
        })
    }

    /// The Keras code equivalent to the current data and setup, as the lecture notes write it.
    fn keras_code(&self, title: &str) -> String {
        let data = self
            .source
            .as_ref()
            .map(noriteo_core::data::code::data_code)
            .unwrap_or_default();
        let title = if title.is_empty() {
            self.data
                .as_ref()
                .map(|l| l.dataset.name.as_str())
                .unwrap_or("model")
        } else {
            title
        };
        noriteo_core::codegen::keras_code(&self.spec, &data, title)
    }

    fn setup_report(&self) -> SetupReport {
        let errors = self.spec.validate(self.data.as_ref().map(|l| &l.dataset));
        let summary = if errors.is_empty() {
            self.summary().ok()
        } else {
            None
        };
        SetupReport {
            errors,
            summary,
            code: self.keras_code(""),
        }
    }

    fn input_shape(&self) -> Vec<usize> {
        let declared = self.spec.input_shape();
        match (&self.data, declared.is_empty()) {
            (Some(l), true) => l.dataset.input_shape.clone(),
            _ => declared,
        }
    }

    /// A model for the current setup: the trained one when the setup still describes it.
    fn fresh_model(&self) -> Result<Sequential, Error> {
        let mut spec = self.spec.model.clone();
        if spec.input_shape.is_empty()
            && spec
                .layers
                .first()
                .and_then(|l| l.declared_input_shape())
                .is_none()
        {
            spec.input_shape = self.input_shape();
        }
        Sequential::from_spec(&spec, self.spec.seed)
    }

    fn summary(&self) -> Result<String, JsValue> {
        match &self.model {
            Some((m, key, _)) if *key == self.key() => m.summary().map_err(err),
            _ => self.fresh_model().and_then(|m| m.summary()).map_err(err),
        }
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

    fn start_training(&mut self) -> Result<(), JsValue> {
        let loaded = self
            .data
            .as_ref()
            .ok_or_else(|| JsValue::from_str("load a data set first"))?;
        let errors = self.spec.validate(Some(&loaded.dataset));
        if let Some(e) = errors.first() {
            return Err(JsValue::from_str(&format!("{}: {}", e.field, e.message)));
        }
        let key = self.key();
        let model = match self.model.take() {
            Some((mut m, k, compiled)) if k == key => {
                if compiled != self.spec.compile {
                    m.compile_spec(&self.spec.compile).map_err(err)?;
                }
                m
            }
            _ => {
                let mut m = self.fresh_model().map_err(err)?;
                m.compile_spec(&self.spec.compile).map_err(err)?;
                m
            }
        };
        let mut model = model;
        let d = &loaded.dataset;
        self.fits += 1;
        let seed = self.spec.seed.wrapping_add(self.fits - 1);
        let session = FitSession::new(
            &mut model,
            &d.x_train,
            &d.y_train,
            &self.spec.fit,
            seed,
            None,
        );
        let compile = self.spec.compile.clone();
        self.model = Some((model, key, compile));
        let session = session.map_err(err)?.with_clock(now_ms);
        self.fit = Some(session);
        Ok(())
    }

    /// Trains batches for about `budget_ms`, then reports what happened.
    fn train_slice(&mut self, budget_ms: f64) -> Slice {
        let start = now_ms();
        let (Some(fit), Some((model, _, _)), Some(loaded)) =
            (&mut self.fit, &mut self.model, &self.data)
        else {
            return Slice::finished_with("no training in progress: press Train first".into());
        };
        let d = &loaded.dataset;
        let mut slice = Slice::default();
        // Reading the clock is a call out to JavaScript, as long as a whole step of a small
        // table model: read it every `stride` steps, about twenty times per slice.
        let (mut steps, mut stride) = (0u32, 1u32);
        loop {
            match fit.step(model, &d.x_train, &d.y_train) {
                Ok(o) => {
                    if let Some(end) = o.epoch_end {
                        slice.epoch_lines.push(end.progress_line);
                    }
                    slice.epoch = o.epoch;
                    slice.batch = o.batch;
                    slice.batches = o.batches;
                    slice.done = o.done;
                    slice.stop_reason = o.stop_reason;
                }
                Err(e) => {
                    slice.done = true;
                    slice.error = Some(e.to_string());
                }
            }
            if slice.done {
                break;
            }
            steps += 1;
            if steps % stride == 0 {
                let elapsed = now_ms() - start;
                if elapsed >= budget_ms {
                    break;
                }
                let per_step = elapsed / f64::from(steps);
                if per_step > 0.0 {
                    stride = ((budget_ms / 20.0 / per_step) as u32).clamp(1, 1024);
                }
            }
        }
        slice.logs = fit.logs(model);
        slice.line = fit.progress_line(model);
        slice.epochs = fit.epochs();
        slice.history = fit.history().clone();
        // The lesson's line moving over the points: refresh it a few times a second.
        if d.task == Task::Regression && d.input_shape == [1] {
            slice.line_fit = report::fitted_line(model, d, 2).ok();
        }
        if slice.done {
            self.fit = None;
        }
        slice
    }

    fn trained(&mut self) -> Result<(&mut Sequential, &Loaded), JsValue> {
        let loaded = self
            .data
            .as_ref()
            .ok_or_else(|| JsValue::from_str("load a data set first"))?;
        match &mut self.model {
            Some((m, _, _)) => Ok((m, loaded)),
            None => Err(JsValue::from_str("train the model first")),
        }
    }

    fn evaluate(&mut self) -> Result<JsValue, JsValue> {
        let (model, loaded) = self.trained()?;
        let d = &loaded.dataset;
        let (Some(x), Some(y)) = (&d.x_test, &d.y_test) else {
            return Err(JsValue::from_str(&format!(
                "{} has no test set to evaluate on",
                d.name
            )));
        };
        let logs = model.evaluate(x, y, 256).map_err(err)?;
        to_js(&crate::protocol::Ordered(&logs))
    }

    /// Predictions for rows in the data's own units (pixels 0–255, unscaled table values);
    /// a standardized regression target comes back in its original units.
    fn predict(&mut self, rows: Vec<Vec<f32>>) -> Result<JsValue, JsValue> {
        let (model, loaded) = self.trained()?;
        let width = model.input_width();
        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != width) {
            return Err(JsValue::from_str(&format!(
                "row {} has {} values; the model takes {width} per row",
                i + 1,
                r.len()
            )));
        }
        let flat: Vec<f32> = rows.concat();
        let mut x = Array2::from_shape_vec((rows.len(), width), flat)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let features = match &loaded.dataset.x_train {
            Features::U8 { scale, .. } => {
                x.mapv_inplace(|v| v * scale);
                Features::F32(x)
            }
            Features::F32(_) => {
                loaded.x_scaler.transform(&mut x).map_err(err)?;
                Features::F32(x)
            }
        };
        let mut out = model.predict(&features, 256).map_err(err)?;
        if !matches!(loaded.y_scaler, Scaler::None) {
            for c in 0..out.ncols() {
                let mut col = out.column(c).to_vec();
                loaded
                    .y_scaler
                    .inverse_transform_column(c, &mut col)
                    .map_err(err)?;
                out.column_mut(c)
                    .iter_mut()
                    .zip(col)
                    .for_each(|(o, v)| *o = v);
            }
        }
        let rows: Vec<Vec<f32>> = out.outer_iter().map(|r| r.to_vec()).collect();
        to_js(&rows)
    }

    fn results(&mut self) -> Result<JsValue, JsValue> {
        let (model, loaded) = self.trained()?;
        let plots = report::result_plots(model, &loaded.dataset).map_err(err)?;
        to_js(&plots)
    }
}
