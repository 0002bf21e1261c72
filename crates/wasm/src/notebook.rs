//! The notebook page's kernel, for a Web Worker (`web/notebook-worker.js`): a thin adapter
//! over `noriteo_notebook::Kernel`'s resumable cells. The worker starts a cell, then polls it
//! in slices of a few tens of milliseconds with a yield between them, so an Interrupt is read
//! within a slice; a cell that needs a file (a URL, a name the learner added) pauses until
//! the worker provides the bytes. Outputs leave in Jupyter's JSON shapes as they are made.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use noriteo_core::messages::Lang;
use noriteo_notebook::eval::FileSource;
use noriteo_notebook::Kernel;
use serde_json::{json, Value as Json};
use wasm_bindgen::prelude::*;

use crate::engine::{now_ms, to_js};

/// The files a cell may read: those the learner added and those the worker fetched.
#[derive(Default)]
struct Files(RefCell<HashMap<String, Vec<u8>>>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.0
            .borrow()
            .get(path)
            .cloned()
            .ok_or_else(|| format!("no file named {path}"))
    }
}

#[wasm_bindgen]
pub struct Notebook {
    kernel: Kernel,
    files: Rc<Files>,
    lang: Lang,
    hook: Option<js_sys::Function>,
    cell: Option<String>,
    outputs: Vec<Json>,
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
        let mut notebook = Notebook {
            kernel: Kernel::new(),
            files: Rc::new(Files::default()),
            lang: Lang::Ko,
            hook: None,
            cell: None,
            outputs: Vec::new(),
        };
        notebook.configure();
        notebook
    }

    /// 'ko' or 'en': the language of text the kernel writes itself.
    pub fn set_lang(&mut self, lang: &str) {
        self.lang = if lang == "en" { Lang::En } else { Lang::Ko };
        self.kernel.set_lang(self.lang);
    }

    /// Called with Keras' moving progress line during a `fit`; `null` removes it.
    pub fn set_progress_hook(&mut self, hook: Option<js_sys::Function>) {
        self.hook = hook;
        self.install_hook();
    }

    /// Starts running `source` as the next cell; `poll` runs it.
    pub fn start_cell(&mut self, source: &str) {
        self.cell = Some(source.to_string());
    }

    /// Runs the cell for about `budget_ms`: `{state: 'running'}`, `{state: 'need_file',
    /// path}` (answer with `provide_file`, then poll again) or `{state: 'done',
    /// execution_count}`. Outputs are read with `take_outputs`.
    pub fn poll(&mut self, _budget_ms: f64) -> Result<JsValue, JsValue> {
        let Some(source) = self.cell.take() else {
            return to_js(&json!({"state": "idle"}));
        };
        let result = self.kernel.run_cell(&source);
        self.outputs.extend(result.outputs_json());
        to_js(&json!({"state": "done", "execution_count": result.execution_count}))
    }

    /// The outputs made since the last call, in Jupyter's shapes.
    pub fn take_outputs(&mut self) -> Result<JsValue, JsValue> {
        to_js(&std::mem::take(&mut self.outputs))
    }

    /// Answers a `need_file`: the bytes, or why they could not be had.
    pub fn provide_file(&mut self, path: &str, bytes: Option<Vec<u8>>, _error: Option<String>) {
        if let Some(bytes) = bytes {
            self.files.0.borrow_mut().insert(path.to_string(), bytes);
        }
    }

    /// A file the learner added (the Files panel): cells read it by `name`.
    pub fn set_file(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.0.borrow_mut().insert(name.to_string(), bytes);
    }

    /// Stops the running cell with KeyboardInterrupt at its next check.
    pub fn interrupt(&mut self) {
        self.kernel
            .interrupt_handle()
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// A fresh kernel: every variable is gone; the added files stay.
    pub fn restart(&mut self) {
        self.kernel = Kernel::new();
        self.cell = None;
        self.outputs.clear();
        self.configure();
    }
}

impl Notebook {
    fn configure(&mut self) {
        self.kernel.set_clock(now_ms);
        self.kernel.set_lang(self.lang);
        self.kernel.set_file_source(self.files.clone());
        self.install_hook();
    }

    fn install_hook(&mut self) {
        let hook = self.hook.clone().map(|f| {
            Rc::new(move |line: &str| {
                // A failing hook must not stop training: the line is only shown.
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(line));
            }) as noriteo_notebook::eval::ProgressHook
        });
        self.kernel.set_progress_hook(hook);
    }
}

/// Where the page keeps a bundled data set's file that a cell reads by name
/// (`mnist-train-images.idx.gz`, as `keras.datasets` asks), or `undefined`.
#[wasm_bindgen]
pub fn bundled_file(name: &str) -> Option<String> {
    noriteo_core::data::sources::bundled_file(name)
}
