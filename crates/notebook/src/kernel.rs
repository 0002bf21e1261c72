//! The kernel: runs cells one after another against the same globals, as Jupyter does.
//!
//! ## Running without blocking
//! A browser runs the kernel in a Web Worker that must keep reading messages (Stop, Restart)
//! while a cell runs, so a cell runs in slices: [`Kernel::start_cell`], then
//! [`Kernel::poll`] with a time budget until it gives [`Poll::Done`]:
//!
//! ```text
//! kernel.start_cell(src);
//! loop {
//!     match kernel.poll(40.0) {
//!         Poll::Running => { post(kernel.take_outputs()); /* let the event loop run */ }
//!         Poll::NeedFile { path } => { let bytes = fetch(&path); kernel.provide_file(&path, bytes); }
//!         Poll::Done(result) => { post(result.outputs_json()); break; }
//!     }
//! }
//! ```
//!
//! `take_outputs` gives what was added since its last call (to show it while the cell runs);
//! `Done`'s result holds all the cell's outputs and its error (to show them in the end).
//! [`Kernel::interrupt`] may be called between polls; [`Kernel::restart`] at any time.
//!
//! [`Kernel::run_cell`] is that loop with an unlimited budget (native runs and tests), where
//! files come from [`Kernel::set_file_source`] or are refused.
//!
//! **How a cell is cut into slices.** The kernel runs a cell's top-level statements one at a
//! time and keeps the rest; a top-level `for` or `while` (and an `if` holding one) is stepped
//! by the kernel itself (each round's body statements are statements of their own,
//! recursively), so a long loop gives control back between rounds. Inside a statement, the evaluator walks the tree
//! on the Rust stack, which cannot be frozen; library code that must wait *suspends* instead
//! (see [`crate::eval::suspend`]): `fit` hands its ready `FitSession` to the kernel, which
//! trains it a batch at a time across polls (the same `FitSession` steps as the playground,
//! so the History is bit for bit the playground's); reading a file or URL that no file
//! source gives becomes [`Poll::NeedFile`]. Once answered, the statement runs again from its
//! start, and the call that suspended now returns its answer (the finished History, the
//! file's bytes). Running it again repeats nothing that the first run did: every call of
//! library code made before the suspension gives back its first result without being made
//! again, so text is not printed twice, `Sequential()` in a `def` returns the model that the
//! `fit` trained, `lst.append(x)` appends once and numpy draws once. Only what pure Python
//! changed outside calls (`n += 1` on a global inside the `def`, before the `fit`) happens
//! twice; a statement that takes another way the second time (it read what its first run
//! changed) makes its calls anew from there.
//!
//! ## Stopping
//! [`Kernel::interrupt`] (or the flag of [`Kernel::interrupt_handle`], which another thread
//! may set) ends the running cell with KeyboardInterrupt: at the next `poll`, or, within one
//! poll, after the current batch of a `fit` (the weights trained so far stay, as in Keras)
//! and every few hundred steps of Python. [`Kernel::set_step_limit`] stops a cell after a
//! fixed number of steps. Keras' moving progress line goes to [`Kernel::set_progress_hook`]
//! after every batch.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use noriteo_core::messages::{Code, Lang, Message};
use serde_json::{json, Value as Json};

use crate::ast::{Expr, Span, Stmt, StmtKind};
use crate::error::PyError;
use crate::eval::suspend::{Answer, Suspension};
use crate::eval::{Flow, Interp, ModuleMaker, Output};
use crate::files::url_key;
use crate::modules::keras::fit::FitRun;
use crate::value::{PyIter, Value};

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

/// What [`Kernel::poll`] gives.
#[derive(Debug)]
pub enum Poll {
    /// The cell finished (normally, with an error, or interrupted: a KeyboardInterrupt
    /// error, the weights learned so far kept). The result holds *all* the cell's outputs
    /// and its error, as [`Kernel::run_cell`] gives them.
    Done(CellResult),
    /// Still running; call `poll` again (after letting the event loop run).
    Running,
    /// The cell needs a file: a URL (http/https, as written in the cell) or a name the user
    /// added; answer with [`Kernel::provide_file`], then poll again.
    NeedFile { path: String },
}

/// A place in the cell the kernel steps through.
enum Frame {
    /// Statements run one by one; the cell's own body shows the value of its last
    /// expression.
    Block {
        stmts: Rc<[Stmt]>,
        next: usize,
        shows_last: bool,
    },
    For {
        target: Expr,
        iter_span: Span,
        items: PyIter,
        body: Rc<[Stmt]>,
        orelse: Rc<[Stmt]>,
    },
    While {
        test: Expr,
        body: Rc<[Stmt]>,
        orelse: Rc<[Stmt]>,
    },
}

/// The next piece of work: one statement, or one round of a loop the kernel steps.
enum Unit {
    /// The statement at this index of the block on top (`for`, `while` and `if` are stepped).
    Stmt(Rc<[Stmt]>, usize),
    /// The cell's last expression, whose value the cell shows.
    Show(Rc<[Stmt]>, usize),
    ForRound,
    WhileRound,
}

/// What a cell waits for between polls.
enum Wait {
    Nothing,
    File(String),
    Fit(Box<FitRun>),
}

/// A cell between `start_cell` and `Done`.
struct CellRun {
    frames: Vec<Frame>,
    wait: Wait,
    /// Set when the cell has ended; the next poll gives `Done`.
    error: Option<PyError>,
    finished: bool,
}

pub struct Kernel {
    interp: Interp,
    count: usize,
    run: Option<CellRun>,
    /// How much of the cell's outputs [`Kernel::take_outputs`] has given: whole outputs,
    /// then bytes of the last (printed text grows in place).
    taken: (usize, usize),
}

impl Default for Kernel {
    fn default() -> Self {
        Self::new()
    }
}

fn interrupted() -> PyError {
    PyError::new("KeyboardInterrupt", Message::new(Code::PyInterrupted))
}

impl Kernel {
    pub fn new() -> Self {
        let mut interp = Interp::new();
        crate::modules::install(&mut interp);
        Kernel {
            interp,
            count: 0,
            run: None,
            taken: (0, 0),
        }
    }

    /// The language of text the kernel writes itself (`help()`); error messages carry both.
    pub fn set_lang(&mut self, lang: Lang) {
        self.interp.lang = lang;
    }

    /// A flag that stops the running cell with KeyboardInterrupt when set (from any thread).
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interp.interrupt.clone()
    }

    /// Ends the running cell with KeyboardInterrupt at the next [`Kernel::poll`] (a `fit`
    /// stops after its current batch and keeps the weights trained so far, as in Keras).
    pub fn interrupt(&self) {
        self.interp.interrupt.store(true, Ordering::Relaxed);
    }

    /// Forgets every variable and import, as Jupyter's "Restart kernel" does; the language,
    /// file source, clock, progress hook, step limit, interrupt flag and registered modules
    /// stay. A running cell is dropped; execution counts start again from 1.
    pub fn restart(&mut self) {
        let mut fresh = Interp::new();
        fresh.lang = self.interp.lang;
        fresh.files = self.interp.files.take();
        fresh.clock = self.interp.clock;
        fresh.progress = self.interp.progress.take();
        fresh.step_limit = self.interp.step_limit;
        fresh.interrupt = self.interp.interrupt.clone();
        fresh.interrupt.store(false, Ordering::Relaxed);
        fresh.modules = std::mem::take(&mut self.interp.modules);
        self.interp = fresh;
        self.count = 0;
        self.run = None;
        self.taken = (0, 0);
    }

    /// Stops any cell after `steps` steps (`None`: no limit).
    pub fn set_step_limit(&mut self, steps: Option<u64>) {
        self.interp.step_limit = steps;
    }

    /// Makes `import path` load the module that `make` builds (once, on first import).
    pub fn register_module(&mut self, path: &str, make: ModuleMaker) {
        self.interp.modules.insert(path.to_string(), make);
    }

    /// Lets library code (`pd.read_csv`, `np.loadtxt`, `keras.datasets`) read files and URLs
    /// through `source` at once, without [`Poll::NeedFile`] (native hosts and tests).
    pub fn set_file_source(&mut self, source: Rc<dyn crate::eval::FileSource>) {
        self.interp.files = Some(source);
    }

    /// Keras' moving progress line: while a cell's `model.fit(verbose=1)` trains, `hook` is
    /// called after every batch with the current line (`12/47 [=====>....] - ETA: 1s -
    /// loss: 0.4123`), which a page shows in place (Keras rewrites it with `\r`). The cell's
    /// output gets only each epoch's finished line. The hook runs on the kernel's thread,
    /// between batches, during `poll`; it should return quickly (a page would post the line
    /// and throttle).
    pub fn set_progress_hook(&mut self, hook: Option<crate::eval::ProgressHook>) {
        self.interp.progress = hook;
    }

    /// The clock, in milliseconds, that Keras' epoch times and [`Kernel::poll`]'s budget are
    /// measured with: `performance.now` in a browser, where the default clock reads 0 (and
    /// a poll would then run the whole cell).
    pub fn set_clock(&mut self, clock: fn() -> f64) {
        self.interp.clock = clock;
    }

    /// A global variable, as the last cell left it.
    pub fn global(&self, name: &str) -> Option<Value> {
        self.interp.globals.get(name).cloned()
    }

    /// Runs a cell to its end: [`Kernel::start_cell`] and [`Kernel::poll`] until done, with
    /// files from the file source only (a file it lacks is an error, never a wait).
    pub fn run_cell(&mut self, src: &str) -> CellResult {
        self.start(src, false);
        loop {
            match self.poll(f64::INFINITY) {
                Poll::Done(result) => return result,
                Poll::Running => {}
                Poll::NeedFile { path } => {
                    self.provide_file(&path, Err("no file source".into()));
                }
            }
        }
    }

    /// Starts running `src` as the next cell (`In [n]`); [`Kernel::poll`] runs it. A cell
    /// still running is dropped (what it did so far stays).
    pub fn start_cell(&mut self, src: &str) {
        self.start(src, true);
    }

    fn start(&mut self, src: &str, asks_for_files: bool) {
        self.count += 1;
        let it = &mut self.interp;
        it.outputs.clear();
        it.steps = 0;
        it.depth = 0;
        it.repr_stack.clear();
        it.interrupt.store(false, Ordering::Relaxed);
        it.suspendable = false;
        it.asks_for_files = asks_for_files;
        it.pending = None;
        it.resume = Default::default();
        it.provided = HashMap::new();
        self.taken = (0, 0);
        let mut run = CellRun {
            frames: Vec::new(),
            wait: Wait::Nothing,
            error: None,
            finished: false,
        };
        match crate::parser::parse(src) {
            Ok(body) => run.frames.push(Frame::Block {
                stmts: body.into(),
                next: 0,
                shows_last: true,
            }),
            Err(e) => run.error = Some(e),
        }
        self.run = Some(run);
    }

    /// Runs the started cell until about `budget_ms` of the kernel's clock have passed (at
    /// least one statement, loop round or `fit` batch), until it waits for a file, or to
    /// its end.
    pub fn poll(&mut self, budget_ms: f64) -> Poll {
        let Some(mut run) = self.run.take() else {
            return Poll::Done(CellResult {
                outputs: Vec::new(),
                error: None,
                execution_count: self.count,
            });
        };
        let deadline = (self.interp.clock)() + budget_ms;
        let poll = self.advance(&mut run, deadline);
        if !matches!(poll, Poll::Done(_)) {
            self.run = Some(run);
        }
        poll
    }

    fn advance(&mut self, run: &mut CellRun, deadline: f64) -> Poll {
        if !run.finished && run.error.is_none() && self.interp.interrupt.load(Ordering::Relaxed) {
            run.error = Some(self.interrupted_here(run));
        }
        loop {
            if run.error.is_some() || run.finished {
                return Poll::Done(self.finish(run));
            }
            match std::mem::replace(&mut run.wait, Wait::Nothing) {
                Wait::File(path) => {
                    run.wait = Wait::File(path.clone());
                    return Poll::NeedFile { path };
                }
                Wait::Fit(fit) => {
                    if let Some(fit) = self.train(fit, deadline) {
                        run.wait = Wait::Fit(fit);
                        return Poll::Running;
                    }
                    // Answered: the statement runs again below and its `fit` returns.
                }
                Wait::Nothing => {}
            }
            self.step(run);
            if run.error.is_none() && !run.finished && (self.interp.clock)() >= deadline {
                return match &run.wait {
                    Wait::File(path) => Poll::NeedFile { path: path.clone() },
                    _ => Poll::Running,
                };
            }
        }
    }

    /// Trains a suspended fit until the deadline; gives it back while it still trains, or
    /// `None` once it has an answer (its History, or the error that ended it,
    /// KeyboardInterrupt included), which the statement's next run takes.
    fn train(&mut self, mut fit: Box<FitRun>, deadline: f64) -> Option<Box<FitRun>> {
        let answer = loop {
            match fit.step(&mut self.interp) {
                Ok(true) => break fit.finish(&mut self.interp),
                // Stop answers within a batch; the weights trained so far stay, as in Keras.
                Ok(false) => {
                    if let Err(e) = self.interp.tick_long() {
                        break Err(e);
                    }
                }
                Err(e) => break Err(e),
            }
            if (self.interp.clock)() >= deadline {
                return Some(fit);
            }
        };
        if answer.is_err() {
            // The error ends the cell from inside the statement (its place and traceback);
            // the flag has done its work.
            self.interp.interrupt.store(false, Ordering::Relaxed);
        }
        self.interp.resume.answers.push(Answer::Fit(answer));
        None
    }

    /// Answers [`Poll::NeedFile`]: the file's bytes, or why they could not be had (shown in
    /// the cell's error with the path). Any spelling of a raw GitHub address answers the
    /// others (see [`crate::files::url_key`]).
    pub fn provide_file(&mut self, path: &str, result: Result<Vec<u8>, String>) {
        let key = url_key(path);
        if let Some(run) = &mut self.run {
            if matches!(&run.wait, Wait::File(p) if url_key(p) == key) {
                run.wait = Wait::Nothing;
                self.interp
                    .resume
                    .answers
                    .push(Answer::File(result.clone()));
            }
        }
        self.interp.provided.insert(key, result);
    }

    /// The outputs the cell added since the last call, in Jupyter's shapes (`stream`,
    /// `execute_result`; see [`CellResult::outputs_json`]), so that text printed before a
    /// long `fit` shows at once. Printed text comes as the part not yet taken. The error
    /// comes only with [`Poll::Done`]'s result.
    pub fn take_outputs(&mut self) -> Vec<Json> {
        let outputs = &self.interp.outputs;
        let (mut index, mut offset) = self.taken;
        let mut out = Vec::new();
        while index < outputs.len() {
            match &outputs[index] {
                Output::Stream(text) => {
                    let new = text.get(offset..).unwrap_or_default();
                    if !new.is_empty() {
                        out.push(json!({"output_type": "stream", "name": "stdout", "text": new}));
                    }
                    offset = text.len();
                    if index + 1 == outputs.len() {
                        // The last text may still grow.
                        break;
                    }
                }
                other => out.push(crate::outputs::output_json(other, self.count)),
            }
            index += 1;
            offset = 0;
        }
        self.taken = (index, offset);
        out
    }

    fn finish(&mut self, run: &mut CellRun) -> CellResult {
        self.interp.suspendable = false;
        self.interp.pending = None;
        self.interp.resume = Default::default();
        // Jupyter's inline backend shows the figures a cell left open when it ends.
        crate::modules::pyplot::show(&mut self.interp);
        CellResult {
            // Kept for `take_outputs` until the next cell starts.
            outputs: self.interp.outputs.clone(),
            error: run.error.take(),
            execution_count: self.count,
        }
    }

    /// KeyboardInterrupt at the statement the cell was at.
    fn interrupted_here(&self, run: &CellRun) -> PyError {
        self.interp.interrupt.store(false, Ordering::Relaxed);
        let e = interrupted();
        match run.frames.iter().rev().find_map(frame_span) {
            Some(span) => e.at(span),
            None => e,
        }
    }

    /// Runs the next unit of the cell, handling a suspension or an error.
    fn step(&mut self, run: &mut CellRun) {
        let Some(unit) = next_unit(&mut run.frames) else {
            run.finished = true;
            return;
        };
        self.interp.suspendable = true;
        self.interp.resume.taken = 0;
        self.interp.resume.calls_taken = 0;
        let result = self.run_unit(&unit, &mut run.frames);
        self.interp.suspendable = false;
        if let Some(s) = self.interp.pending.take() {
            run.wait = match s {
                Suspension::File { path } => Wait::File(path),
                Suspension::Fit(fit) => Wait::Fit(fit),
            };
            // The statement runs again once answered; the units that change the frames
            // only do so after they succeed.
            return;
        }
        self.interp.resume = Default::default();
        match result {
            Ok(Some(flow)) => unwind(&mut run.frames, flow),
            Ok(None) => {}
            Err(e) => run.error = Some(e),
        }
    }

    /// Runs `unit`; a plain statement gives its flow, the units that step the cell's frames
    /// (loops, `if`, the shown value) move the frames themselves and give `None`.
    fn run_unit(&mut self, unit: &Unit, frames: &mut Vec<Frame>) -> Result<Option<Flow>, PyError> {
        let env = None;
        let it = &mut self.interp;
        match unit {
            Unit::Show(stmts, i) => {
                let s = &stmts[*i];
                if let StmtKind::Expr(e) = &s.kind {
                    it.tick().map_err(|er| er.at(s.span))?;
                    let v = it.eval(e, &env)?;
                    if !matches!(v, Value::None) {
                        let text = crate::repr::repr(it, &v).map_err(|er| er.at(e.span))?;
                        let html = match &v {
                            Value::Host(h) => h.repr_html(),
                            _ => None,
                        };
                        it.outputs.push(match html {
                            Some(html) => Output::Html { text, html },
                            None => Output::Value(text),
                        });
                    }
                }
                advance_block(frames);
                Ok(None)
            }
            Unit::Stmt(stmts, i) => {
                let s = &stmts[*i];
                match &s.kind {
                    // An `if` without a loop in it runs whole: it ends soon, and stepping it
                    // would copy its branch each time.
                    StmtKind::If(test, body, orelse) if has_loop(body) || has_loop(orelse) => {
                        it.tick().map_err(|e| e.at(s.span))?;
                        let t = it.eval(test, &env).map_err(|e| e.at(s.span))?;
                        let yes = it.truthy(&t).map_err(|e| e.at(test.span))?;
                        advance_block(frames);
                        let branch: Rc<[Stmt]> = if yes { body } else { orelse }.clone().into();
                        frames.push(block(&branch));
                        Ok(None)
                    }
                    StmtKind::For {
                        target,
                        iter,
                        body,
                        orelse,
                    } => {
                        it.tick().map_err(|e| e.at(s.span))?;
                        let seq = it.eval(iter, &env).map_err(|e| e.at(s.span))?;
                        let items = it.iter(&seq).map_err(|e| e.at(iter.span))?;
                        advance_block(frames);
                        frames.push(Frame::For {
                            target: target.clone(),
                            iter_span: iter.span,
                            items,
                            body: body.clone().into(),
                            orelse: orelse.clone().into(),
                        });
                        Ok(None)
                    }
                    StmtKind::While(test, body, orelse) => {
                        it.tick().map_err(|e| e.at(s.span))?;
                        advance_block(frames);
                        frames.push(Frame::While {
                            test: test.clone(),
                            body: body.clone().into(),
                            orelse: orelse.clone().into(),
                        });
                        Ok(None)
                    }
                    _ => it.exec(s, &env).map(Some),
                }
            }
            Unit::ForRound => {
                let Some(Frame::For {
                    target,
                    iter_span,
                    items,
                    body,
                    orelse,
                }) = frames.last_mut()
                else {
                    return Ok(None);
                };
                it.tick().map_err(|e| e.at(*iter_span))?;
                match items.next_value() {
                    Some(item) => {
                        it.assign(target, item, &env)?;
                        let body = block(body);
                        frames.push(body);
                    }
                    None => {
                        let orelse = block(orelse);
                        frames.pop();
                        frames.push(orelse);
                    }
                }
                Ok(None)
            }
            Unit::WhileRound => {
                let Some(Frame::While { test, body, orelse }) = frames.last() else {
                    return Ok(None);
                };
                let (test, body, orelse) = (test.clone(), body.clone(), orelse.clone());
                it.tick().map_err(|e| e.at(test.span))?;
                let t = it.eval(&test, &env)?;
                if it.truthy(&t).map_err(|e| e.at(test.span))? {
                    frames.push(block(&body));
                } else {
                    frames.pop();
                    frames.push(block(&orelse));
                }
                Ok(None)
            }
        }
    }
}

fn block(stmts: &Rc<[Stmt]>) -> Frame {
    Frame::Block {
        stmts: stmts.clone(),
        next: 0,
        shows_last: false,
    }
}

/// Whether a loop is among `stmts`, at any depth of `if`s.
fn has_loop(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::For { .. } | StmtKind::While(..) => true,
        StmtKind::If(_, body, orelse) => has_loop(body) || has_loop(orelse),
        _ => false,
    })
}

fn frame_span(f: &Frame) -> Option<Span> {
    match f {
        Frame::Block { stmts, next, .. } => stmts.get(*next).map(|s| s.span),
        Frame::For { iter_span, .. } => Some(*iter_span),
        Frame::While { test, .. } => Some(test.span),
    }
}

fn advance_block(frames: &mut [Frame]) {
    if let Some(Frame::Block { next, .. }) = frames.last_mut() {
        *next += 1;
    }
}

/// The unit at the top of the frames; finished blocks are dropped on the way.
fn next_unit(frames: &mut Vec<Frame>) -> Option<Unit> {
    loop {
        match frames.last()? {
            Frame::Block {
                stmts,
                next,
                shows_last,
            } => {
                let Some(s) = stmts.get(*next) else {
                    frames.pop();
                    continue;
                };
                let shows =
                    *shows_last && *next + 1 == stmts.len() && matches!(s.kind, StmtKind::Expr(_));
                let at = (stmts.clone(), *next);
                return Some(if shows {
                    Unit::Show(at.0, at.1)
                } else {
                    Unit::Stmt(at.0, at.1)
                });
            }
            Frame::For { .. } => return Some(Unit::ForRound),
            Frame::While { .. } => return Some(Unit::WhileRound),
        }
    }
}

/// After a statement: the next one, or `break` / `continue` out to the nearest loop.
fn unwind(frames: &mut Vec<Frame>, flow: Flow) {
    match flow {
        Flow::Normal => advance_block(frames),
        Flow::Break | Flow::Continue => {
            while let Some(Frame::Block { .. }) = frames.last() {
                frames.pop();
            }
            if matches!(flow, Flow::Break) {
                frames.pop();
            }
        }
        // `return` outside a function is a SyntaxError the parser reports; end the cell.
        Flow::Return(_) => frames.clear(),
    }
}
