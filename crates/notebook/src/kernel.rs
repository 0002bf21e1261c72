//! The kernel: runs cells one after another against the same globals, as Jupyter does.
//!
//! ## Stopping and waiting
//! A running cell checks [`Kernel::interrupt_handle`]'s flag every few hundred steps (a step
//! is a statement, a loop round or a call), so a page's Stop button or another thread can end
//! `while True: pass`; [`Kernel::set_step_limit`] does the same after a fixed number of
//! steps, for hosts that run cells in slices of work.
//!
//! The evaluator walks the syntax tree on the Rust stack, so a cell cannot be frozen halfway
//! and resumed later. Library code that must wait for the host (a URL fetch, the next slice
//! of a `fit`) does so through a synchronous request that the host answers: in the browser
//! the kernel runs in a Web Worker, which may block on a synchronous request or on
//! `Atomics.wait` while the page does the work. Long native calls (a `fit` over many epochs)
//! call [`Interp::tick_long`] between batches, so they stop on the same flag within a batch,
//! and report Keras' moving progress line to [`Kernel::set_progress_hook`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use noriteo_core::messages::Lang;

use crate::ast::StmtKind;
use crate::error::PyError;
use crate::eval::{Interp, ModuleMaker, Output};
use crate::value::Value;

/// What running a cell gave: what it printed and showed, in order, and the error that
/// stopped it, if any. Outputs printed before an error are kept, as in Jupyter.
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    pub outputs: Vec<Output>,
    pub error: Option<PyError>,
    /// Jupyter's `In [n]` / `Out[n]` number.
    pub execution_count: usize,
}

impl CellResult {
    /// Everything the cell printed, joined.
    pub fn stdout(&self) -> String {
        self.outputs
            .iter()
            .filter_map(|o| match o {
                Output::Stream(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The repr of the cell's last expression, if it showed one.
    pub fn shown(&self) -> Option<&str> {
        self.outputs.iter().rev().find_map(|o| match o {
            Output::Value(v) | Output::Html { text: v, .. } => Some(v.as_str()),
            Output::Stream(_) | Output::Figure(_) => None,
        })
    }

    /// The figures the cell showed, in order.
    pub fn figures(&self) -> Vec<&crate::figure::Figure> {
        self.outputs
            .iter()
            .filter_map(|o| match o {
                Output::Figure(f) => Some(f),
                _ => None,
            })
            .collect()
    }
}

pub struct Kernel {
    interp: Interp,
    count: usize,
}

impl Default for Kernel {
    fn default() -> Self {
        Self::new()
    }
}

impl Kernel {
    pub fn new() -> Self {
        let mut interp = Interp::new();
        crate::modules::install(&mut interp);
        Kernel { interp, count: 0 }
    }

    /// The language of text the kernel writes itself (`help()`); error messages carry both.
    pub fn set_lang(&mut self, lang: Lang) {
        self.interp.lang = lang;
    }

    /// A flag that stops the running cell with KeyboardInterrupt when set.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interp.interrupt.clone()
    }

    /// Stops any cell after `steps` steps (`None`: no limit).
    pub fn set_step_limit(&mut self, steps: Option<u64>) {
        self.interp.step_limit = steps;
    }

    /// Makes `import path` load the module that `make` builds (once, on first import).
    pub fn register_module(&mut self, path: &str, make: ModuleMaker) {
        self.interp.modules.insert(path.to_string(), make);
    }

    /// Lets library code (`np.loadtxt`) read files and URLs through `source`.
    pub fn set_file_source(&mut self, source: std::rc::Rc<dyn crate::eval::FileSource>) {
        self.interp.files = Some(source);
    }

    /// Keras' moving progress line: while a cell's `model.fit(verbose=1)` trains, `hook` is
    /// called after every batch with the current line (`12/47 [=====>....] - ETA: 1s -
    /// loss: 0.4123`), which a page shows in place (Keras rewrites it with `\r`). The cell's
    /// output gets only each epoch's finished line. The hook runs on the kernel's thread,
    /// between batches; it should return quickly (a page would post the line and throttle).
    pub fn set_progress_hook(&mut self, hook: Option<crate::eval::ProgressHook>) {
        self.interp.progress = hook;
    }

    /// The clock Keras' epoch times are measured with, in milliseconds (`performance.now`
    /// in a browser, where the default clock reads 0).
    pub fn set_clock(&mut self, clock: fn() -> f64) {
        self.interp.clock = clock;
    }

    /// A global variable, as the last cell left it.
    pub fn global(&self, name: &str) -> Option<Value> {
        self.interp.globals.get(name).cloned()
    }

    pub fn run_cell(&mut self, src: &str) -> CellResult {
        self.count += 1;
        self.interp.outputs.clear();
        self.interp.steps = 0;
        self.interp.depth = 0;
        self.interp.repr_stack.clear();
        self.interp.interrupt.store(false, Ordering::Relaxed);
        let error = self.run(src).err();
        // Jupyter's inline backend shows the figures a cell left open when it ends.
        crate::modules::pyplot::show(&mut self.interp);
        CellResult {
            outputs: std::mem::take(&mut self.interp.outputs),
            error,
            execution_count: self.count,
        }
    }

    fn run(&mut self, src: &str) -> Result<(), PyError> {
        let body = crate::parser::parse(src)?;
        let env = None;
        let (last, rest) = match body.split_last() {
            Some((last, rest)) if matches!(last.kind, StmtKind::Expr(_)) => (Some(last), rest),
            _ => (None, &body[..]),
        };
        self.interp.exec_block(rest, &env)?;
        if let Some(stmt) = last {
            if let StmtKind::Expr(e) = &stmt.kind {
                self.interp.tick().map_err(|er| er.at(stmt.span))?;
                let v = self.interp.eval(e, &env)?;
                if !matches!(v, Value::None) {
                    let text =
                        crate::repr::repr(&mut self.interp, &v).map_err(|er| er.at(e.span))?;
                    let html = match &v {
                        Value::Host(h) => h.repr_html(),
                        _ => None,
                    };
                    self.interp.outputs.push(match html {
                        Some(html) => Output::Html { text, html },
                        None => Output::Value(text),
                    });
                }
            }
        }
        Ok(())
    }
}
