//! The notebook page's kernel, for a Web Worker (`web/notebook-worker.js`): a thin adapter
//! over `noriteo_notebook::Kernel`'s resumable cells. The worker starts a cell, then polls it
//! in slices of a few tens of milliseconds with a yield between them, so an Interrupt is read
//! within a slice; a cell that reads a URL pauses until the worker provides the bytes.
//! Outputs leave in Jupyter's JSON shapes as they are made.

use std::collections::HashMap;
use std::rc::Rc;

use noriteo_core::messages::Lang;
use noriteo_notebook::kernel::Poll;
use noriteo_notebook::Kernel;
use serde_json::{json, Value as Json};
use wasm_bindgen::prelude::*;

use crate::engine::{now_ms, to_js};

#[wasm_bindgen]
pub struct Notebook {
    kernel: Kernel,
    /// Files the learner added (the Files panel), by name: the kernel asks for them as for
    /// a URL, and they are answered here without a round trip through the worker.
    files: HashMap<String, Vec<u8>>,
    /// The finished cell's error output, which `take_outputs` gives after the rest.
    error: Option<Json>,
}

impl Default for Notebook {
    fn default() -> Self {
        Notebook::new()
    }
}

#[wasm_bindgen]
impl Notebook {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Notebook {
        let mut kernel = Kernel::new();
        // The kernel's default clock reads 0: a poll would run the whole cell.
        kernel.set_clock(now_ms);
        Notebook {
            kernel,
            files: HashMap::new(),
            error: None,
        }
    }

    /// 'ko' or 'en': the language of text the kernel writes itself.
    pub fn set_lang(&mut self, lang: &str) {
        self.kernel
            .set_lang(if lang == "en" { Lang::En } else { Lang::Ko });
    }

    /// Called with Keras' moving progress line after every batch of a `fit`; `null` removes
    /// it. The worker keeps the latest line and posts it once a slice.
    pub fn set_progress_hook(&mut self, hook: Option<js_sys::Function>) {
        let hook = hook.map(|f| {
            Rc::new(move |line: &str| {
                // The line is only shown: a hook that throws must not stop the training.
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(line));
            }) as noriteo_notebook::eval::ProgressHook
        });
        self.kernel.set_progress_hook(hook);
    }

    /// Starts running `source` as the next cell; `poll` runs it.
    pub fn start_cell(&mut self, source: &str) {
        self.error = None;
        self.kernel.start_cell(source);
    }

    /// Runs the cell for about `budget_ms`: `{state: 'running'}`, `{state: 'need_file',
    /// path}` (a URL as the cell wrote it: answer with `provide_file`, then poll again) or
    /// `{state: 'done', execution_count}`. Outputs are read with `take_outputs`, also after
    /// `done`.
    pub fn poll(&mut self, budget_ms: f64) -> Result<JsValue, JsValue> {
        let deadline = now_ms() + budget_ms;
        loop {
            let state = match self.kernel.poll((deadline - now_ms()).max(0.0)) {
                Poll::Running => json!({"state": "running"}),
                Poll::NeedFile { path } => match self.files.get(&path) {
                    Some(bytes) => {
                        let bytes = bytes.clone();
                        self.kernel.provide_file(&path, Ok(bytes));
                        continue;
                    }
                    None => json!({"state": "need_file", "path": path}),
                },
                Poll::Done(result) => {
                    self.error = result
                        .error
                        .is_some()
                        .then(|| result.outputs_json().pop())
                        .flatten();
                    json!({"state": "done", "execution_count": result.execution_count})
                }
            };
            return to_js(&state);
        }
    }

    /// The outputs made since the last call, in Jupyter's shapes; printed text comes as the
    /// part not yet taken. The cell's error comes last, once it is done.
    pub fn take_outputs(&mut self) -> Result<JsValue, JsValue> {
        let mut outputs = self.kernel.take_outputs();
        outputs.extend(self.error.take());
        to_js(&outputs)
    }

    /// Answers a `need_file`: the bytes, or (with `bytes` undefined) why they could not be
    /// had, which the cell's error shows with the path.
    pub fn provide_file(&mut self, path: &str, bytes: Option<Vec<u8>>, error: Option<String>) {
        let answer = bytes.ok_or_else(|| error.unwrap_or_default());
        self.kernel.provide_file(path, answer);
    }

    /// A file the learner added (the Files panel): cells read it by `name`. It stays across
    /// restarts.
    pub fn set_file(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.insert(name.to_string(), bytes);
    }

    /// Ends the running cell with KeyboardInterrupt at its next check (a `fit` after its
    /// current batch, keeping the weights trained so far).
    pub fn interrupt(&mut self) {
        self.kernel.interrupt();
    }

    /// Forgets every variable and import; the added files, the language and the progress
    /// hook stay.
    pub fn restart(&mut self) {
        self.error = None;
        self.kernel.restart();
    }
}

/// Where the page keeps a bundled data set's file that a cell reads by name
/// (`mnist-train-images.idx.gz`, as `keras.datasets` asks), or `undefined`.
#[wasm_bindgen]
pub fn bundled_file(name: &str) -> Option<String> {
    noriteo_core::data::sources::bundled_file(name)
}
