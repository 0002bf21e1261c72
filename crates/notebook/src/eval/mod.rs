//! The evaluator: walks the syntax tree of a cell and runs it against the kernel's globals.
//!
//! It counts steps (statements, loop rounds, calls) and, every so often, looks at an
//! interrupt flag that another thread or the page may set, so `while True: pass` stops; a
//! step limit does the same without a second thread.

pub mod attr;
pub mod call;
pub mod ops;
pub mod scope;
pub mod suspend;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use noriteo_core::messages::{Code, Message};

use crate::ast::*;
use crate::error::{err, PyError, PyResult};
use crate::value::{Args, Dict, Value};
use scope::{Lookup, Scope, ScopeKind};

/// Something a cell shows: what it printed, the value of its last expression, or a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Stream(String),
    Value(String),
    /// The value of the last expression that also has an HTML form (a DataFrame's table):
    /// its text, as `Value`, and its HTML.
    Html {
        text: String,
        html: String,
    },
    /// A figure, shown by `plt.show()` or at the end of the cell that drew it.
    Figure(crate::figure::Figure),
}

/// How a statement ended: normally, or by `break`, `continue` or `return`.
pub enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

/// The scope a statement runs in: `None` at the top of a cell (the globals).
pub type Env = Option<Rc<Scope>>;

/// Builds a native module the first time it is imported.
pub type ModuleMaker = Rc<dyn Fn(&mut Interp) -> PyResult<Value>>;

/// Python calls nest this deep at most (Python's own limit is 1000, but each level here is
/// several Rust frames and a browser's stack is about 1 MB).
pub const MAX_CALL_DEPTH: usize = 80;

pub struct Interp {
    pub globals: HashMap<Rc<str>, Value>,
    pub builtins: HashMap<&'static str, Value>,
    pub outputs: Vec<Output>,
    /// Containers being printed, to print a container inside itself as `[...]`.
    pub repr_stack: Vec<usize>,
    pub modules: HashMap<String, ModuleMaker>,
    pub loaded: HashMap<String, Value>,
    pub steps: u64,
    pub step_limit: Option<u64>,
    pub interrupt: Arc<AtomicBool>,
    pub depth: usize,
    /// The language of text the interpreter writes itself (`help()`).
    pub lang: noriteo_core::messages::Lang,
    /// How library code reads a file or URL (`np.loadtxt`): the host decides (a fetch in
    /// the browser, a file in native tests). `None`: reading is refused.
    pub files: Option<Rc<dyn FileSource>>,
    // ---- Keras (`modules/keras`): the engine's seed, clock and progress hook ----
    /// What `np.random.seed`, `tf.random.set_seed` and `keras.utils.set_random_seed` set.
    pub engine_seed: EngineSeed,
    /// Milliseconds from any origin, for the epoch times Keras prints (`performance.now` in
    /// a browser; a monotonic clock natively).
    pub clock: fn() -> f64,
    /// Called with Keras' moving progress line after every batch of a `fit` (see
    /// [`crate::Kernel::set_progress_hook`]).
    pub progress: Option<ProgressHook>,
    // ---- Suspensions (`suspend`): waiting for the host without blocking ----
    /// Set by the kernel while it runs a statement that may suspend.
    pub suspendable: bool,
    /// Whether a file that no [`FileSource`] gives is asked of the host ([`crate::Kernel::poll`]
    /// answers `NeedFile`) rather than refused (`run_cell` without a file source).
    pub asks_for_files: bool,
    /// What the running statement waits for, once it has suspended.
    pub pending: Option<suspend::Suspension>,
    /// The answers the statement being run again takes in order.
    pub resume: suspend::Resume,
    /// The host's answers for files in this cell, by path (a loop reading one file asks once).
    pub provided: HashMap<String, Result<Vec<u8>, String>>,
    /// pyplot's open figures (`modules/pyplot`).
    pub figures: crate::modules::pyplot::Figures,
    /// The float32 rows of the last finished `fit`, kept for the next one to fill: MNIST's
    /// are 188 MB, and a fresh buffer that size costs natively a page fault per 4 KB,
    /// about a fifth of an epoch (a browser's memory never shrinks, so keeping it is free).
    pub spare_rows: Vec<f32>,
}

/// Receives Keras' moving progress line during a `fit`.
pub type ProgressHook = Rc<dyn Fn(&str)>;

/// The seeds the engine's models and fits are made from, as a Keras program's global seed:
/// after `tf.random.set_seed(n)` the first model built gets its weights from seed `n` and its
/// first `fit` shuffles from `noriteo_core::session::fit_seed(n, 0)`, exactly as the
/// playground's session does for seed `n`; later models and fits count on from there, so that
/// two models or two fits differ, as in Keras. Unseeded runs start from seed 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineSeed {
    pub seed: u64,
    pub models: u64,
    pub fits: u64,
}

impl EngineSeed {
    pub fn set(&mut self, seed: u64) {
        *self = EngineSeed {
            seed,
            models: 0,
            fits: 0,
        };
    }

    /// The seed of the next model's weights and dropout masks.
    pub fn next_model(&mut self) -> u64 {
        let s = self.seed.wrapping_add(self.models);
        self.models += 1;
        s
    }

    /// The seed the next `fit` would shuffle with; [`EngineSeed::fit_started`] counts it.
    pub fn next_fit(&self) -> u64 {
        noriteo_core::session::fit_seed(self.seed, self.fits)
    }

    pub fn fit_started(&mut self) {
        self.fits += 1;
    }
}

/// Milliseconds since the first call natively; wasm has no clock without the page, which
/// sets [`Interp::clock`].
pub fn default_clock() -> f64 {
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

/// The bytes of a file or URL, provided by whoever runs the kernel. `Err` carries the
/// reason, shown to the learner (e.g. "not found").
pub trait FileSource {
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

impl Default for Interp {
    fn default() -> Self {
        Self::new()
    }
}

impl Interp {
    pub fn new() -> Self {
        let mut interp = Interp {
            globals: HashMap::new(),
            builtins: HashMap::new(),
            outputs: Vec::new(),
            repr_stack: Vec::new(),
            modules: HashMap::new(),
            loaded: HashMap::new(),
            steps: 0,
            step_limit: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            depth: 0,
            lang: noriteo_core::messages::Lang::Ko,
            files: None,
            engine_seed: EngineSeed::default(),
            clock: default_clock,
            progress: None,
            suspendable: false,
            asks_for_files: false,
            pending: None,
            resume: suspend::Resume::default(),
            provided: HashMap::new(),
            figures: Default::default(),
            spare_rows: Vec::new(),
        };
        crate::builtins::install(&mut interp);
        interp
    }

    /// Appends printed text to the cell's output, joining it to text printed just before.
    pub fn write(&mut self, text: &str) {
        // A statement run again after a suspension printed this already.
        if self.replaying() {
            return;
        }
        if let Some(Output::Stream(s)) = self.outputs.last_mut() {
            s.push_str(text);
        } else {
            self.outputs.push(Output::Stream(text.to_string()));
        }
    }

    /// Counts a step; stops the cell when interrupted or past the step limit. Native code
    /// that runs long (a `fit`) calls this between batches too.
    pub fn tick(&mut self) -> PyResult<()> {
        self.steps += 1;
        if self.steps & 0xff == 0 && self.interrupt.load(Ordering::Relaxed) {
            return Err(PyError::new(
                "KeyboardInterrupt",
                Message::new(Code::PyInterrupted),
            ));
        }
        if let Some(limit) = self.step_limit {
            if self.steps > limit {
                return Err(PyError::new(
                    "KeyboardInterrupt",
                    Message::new(Code::PyStepLimit).with("steps", limit),
                ));
            }
        }
        Ok(())
    }

    /// A step of long native work (a batch of `fit`): counts as [`Interp::tick`] and also
    /// looks at the interrupt flag every time, so Stop is answered within one batch.
    pub fn tick_long(&mut self) -> PyResult<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(PyError::new(
                "KeyboardInterrupt",
                Message::new(Code::PyInterrupted),
            ));
        }
        self.tick()
    }

    pub fn exec_block(&mut self, body: &[Stmt], env: &Env) -> PyResult<Flow> {
        for s in body {
            match self.exec(s, env)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    pub fn exec(&mut self, s: &Stmt, env: &Env) -> PyResult<Flow> {
        self.tick().map_err(|e| e.at(s.span))?;
        self.exec_inner(s, env).map_err(|e| e.at(s.span))
    }

    fn exec_inner(&mut self, s: &Stmt, env: &Env) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.eval(e, env)?;
            }
            StmtKind::Assign(targets, value) => {
                let v = self.eval(value, env)?;
                for t in targets {
                    self.assign(t, v.clone(), env)?;
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(target, *op, value, env)?,
            StmtKind::If(test, body, orelse) => {
                let t = self.eval(test, env)?;
                let branch = if self.truthy(&t).map_err(|e| e.at(test.span))? {
                    body
                } else {
                    orelse
                };
                return self.exec_block(branch, env);
            }
            StmtKind::While(test, body, orelse) => loop {
                self.tick().map_err(|e| e.at(test.span))?;
                let t = self.eval(test, env)?;
                if !self.truthy(&t).map_err(|e| e.at(test.span))? {
                    return self.exec_block(orelse, env);
                }
                match self.exec_block(body, env)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
            },
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let seq = self.eval(iter, env)?;
                let mut it = self.iter(&seq).map_err(|e| e.at(iter.span))?;
                loop {
                    self.tick().map_err(|e| e.at(iter.span))?;
                    let Some(item) = it.next_value() else {
                        return self.exec_block(orelse, env);
                    };
                    self.assign(target, item, env)?;
                    match self.exec_block(body, env)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::Def(def) => {
                let f = self.make_function(def, env)?;
                self.set_name(&def.name, f, env);
            }
            StmtKind::Class { name, bases, body } => {
                let class = self.make_class(name, bases, body, env)?;
                self.set_name(name, class, env);
            }
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => self.eval(e, env)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Import(names) => {
                for a in names {
                    let module = self.import(&a.name)?;
                    match &a.asname {
                        Some(alias) => self.set_name(alias, module, env),
                        None => {
                            let top: Rc<str> = a.name.split('.').next().unwrap_or(&a.name).into();
                            let m = self.import(&top)?;
                            self.set_name(&top, m, env);
                        }
                    }
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let m = self.import(module)?;
                for a in names {
                    let v = match self.get_attr(&m, &a.name) {
                        Ok(v) => v,
                        Err(_) => match self.import(&format!("{module}.{}", a.name)) {
                            Ok(v) => v,
                            Err(_) => {
                                return Err(PyError::new(
                                    "ImportError",
                                    Message::new(Code::PyCannotImportName)
                                        .with("name", &a.name)
                                        .with("module", module),
                                ))
                            }
                        },
                    };
                    self.set_name(a.asname.as_ref().unwrap_or(&a.name), v, env);
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete(t, env)?;
                }
            }
            StmtKind::Assert(test, msg) => {
                let t = self.eval(test, env)?;
                if !self.truthy(&t)? {
                    let m = match msg {
                        Some(m) => {
                            let v = self.eval(m, env)?;
                            let text = crate::repr::to_str(self, &v)?;
                            Message::new(Code::PyAssertionMessage).with("text", text)
                        }
                        None => Message::new(Code::PyAssertionFailed),
                    };
                    return Err(PyError::new("AssertionError", m).at(test.span));
                }
            }
        }
        Ok(Flow::Normal)
    }

    fn make_function(&mut self, def: &Rc<FuncDef>, env: &Env) -> PyResult<Value> {
        let mut defaults = HashMap::new();
        for p in def.params.iter().chain(&def.kwonly) {
            if let Some(d) = &p.default {
                let v = self.eval(d, env)?;
                defaults.insert(p.name.clone(), v);
            }
        }
        let closure = env.as_ref().and_then(|s| s.closure_for_def());
        Ok(Value::Function(Rc::new(crate::value::Function {
            def: def.clone(),
            defaults,
            closure,
            class: std::cell::RefCell::new(None),
        })))
    }

    fn make_class(
        &mut self,
        name: &Rc<str>,
        bases: &[Expr],
        body: &[Stmt],
        env: &Env,
    ) -> PyResult<Value> {
        let mut base = None;
        for (i, b) in bases.iter().enumerate() {
            let v = self.eval(b, env)?;
            match v {
                Value::Class(c) if i == 0 => base = Some(c),
                Value::Class(_) => {
                    return Err(crate::error::not_supported("multiple inheritance").at(b.span))
                }
                // `class A(object)` is the same as `class A`.
                Value::Native(ref f) if &*f.name == "object" => {}
                other => {
                    return Err(crate::error::type_error(
                        Message::new(Code::PyBadBase).with("kind", other.type_name()),
                    )
                    .at(b.span))
                }
            }
        }
        let scope = Scope::new(ScopeKind::Class, env.clone());
        let class_env = Some(scope.clone());
        match self.exec_block(body, &class_env)? {
            Flow::Normal => {}
            _ => return Err(err("SyntaxError", Code::PyInvalidSyntax)),
        }
        let mut names: Vec<(Rc<str>, Value)> = scope.vars.borrow_mut().drain().collect();
        // The body's order is lost in the scope's map; sort so `dir()` and reprs are stable.
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let class = Rc::new(crate::value::Class {
            name: name.clone(),
            base,
            attrs: std::cell::RefCell::new(names.into_iter().collect()),
        });
        for v in class.attrs.borrow().values() {
            if let Value::Function(f) = v {
                *f.class.borrow_mut() = Some(Rc::downgrade(&class));
            }
        }
        Ok(Value::Class(class))
    }

    /// Loads a module registered under `path` (once; later imports get the same module).
    pub fn import(&mut self, path: &str) -> PyResult<Value> {
        if let Some(m) = self.loaded.get(path) {
            return Ok(m.clone());
        }
        let Some(maker) = self.modules.get(path).cloned() else {
            let mut names: Vec<&str> = self
                .modules
                .keys()
                .map(|k| k.as_str())
                .filter(|k| !k.contains('.'))
                .collect();
            names.sort_unstable();
            let list = if names.is_empty() {
                "-".to_string()
            } else {
                names.join(", ")
            };
            return Err(PyError::new(
                "ModuleNotFoundError",
                Message::new(Code::PyModuleNotFound)
                    .with("name", path)
                    .with("modules", list),
            ));
        };
        let m = maker(self)?;
        self.loaded.insert(path.to_string(), m.clone());
        Ok(m)
    }

    pub fn set_name(&mut self, name: &Rc<str>, v: Value, env: &Env) {
        if let Some(scope) = env {
            if let ScopeKind::Function(def) = &scope.kind {
                if def.nonlocals.iter().any(|n| n == name) {
                    // The nearest enclosing function scope that has the name gets it.
                    let mut s = scope.parent.clone();
                    while let Some(sc) = s {
                        if sc.vars.borrow().contains_key(name) {
                            sc.vars.borrow_mut().insert(name.clone(), v);
                            return;
                        }
                        s = sc.parent.clone();
                    }
                }
            }
            let global = match &scope.kind {
                ScopeKind::Function(def) => def.globals.iter().any(|g| g == name),
                _ => false,
            };
            if !global {
                scope.vars.borrow_mut().insert(name.clone(), v);
                return;
            }
        }
        self.globals.insert(name.clone(), v);
    }

    pub fn load_name(&mut self, name: &Rc<str>, env: &Env) -> PyResult<Value> {
        match scope::lookup(env, name) {
            Lookup::Found(v) => return Ok(v),
            Lookup::Unbound => {
                return Err(PyError::new(
                    "UnboundLocalError",
                    Message::new(Code::PyUnboundLocal).with("name", name),
                ))
            }
            Lookup::Global => {}
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.builtins.get(&**name) {
            return Ok(v.clone());
        }
        let mut known: Vec<String> = self.globals.keys().map(|k| k.to_string()).collect();
        known.extend(self.builtins.keys().map(|k| k.to_string()));
        let mut s = env.clone();
        while let Some(sc) = s {
            known.extend(sc.vars.borrow().keys().map(|k| k.to_string()));
            s = sc.parent.clone();
        }
        let m = match closest(name, known.iter().map(|s| s.as_str())) {
            Some(suggestion) => Message::new(Code::PyNameNotDefinedSuggest)
                .with("name", name)
                .with("suggestion", suggestion),
            None => Message::new(Code::PyNameNotDefined).with("name", name),
        };
        Err(PyError::new("NameError", m))
    }

    pub fn assign(&mut self, target: &Expr, v: Value, env: &Env) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.set_name(n, v, env);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let values = self.to_vec(&v).map_err(|e| e.at(target.span))?;
                if values.len() != items.len() {
                    let m = if values.len() > items.len() {
                        Message::new(Code::PyTooManyToUnpack).with("expected", items.len())
                    } else {
                        Message::new(Code::PyNotEnoughToUnpack)
                            .with("expected", items.len())
                            .with("got", values.len())
                    };
                    return Err(PyError::new("ValueError", m).at(target.span));
                }
                for (t, v) in items.iter().zip(values) {
                    self.assign(t, v, env)?;
                }
                Ok(())
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval(obj, env)?;
                self.set_attr(&o, name, v).map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(obj, env)?;
                let i = self.eval(index, env)?;
                self.set_item(&o, &i, v).map_err(|e| e.at(target.span))
            }
            _ => Err(PyError::new(
                "SyntaxError",
                Message::new(Code::PyCannotAssign).with("what", "expression"),
            )
            .at(target.span)),
        }
    }

    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr, env: &Env) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                let cur = self.load_name(n, env).map_err(|e| e.at(target.span))?;
                let rhs = self.eval(value, env)?;
                let new = self.inplace(op, cur, rhs)?;
                self.set_name(n, new, env);
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval(obj, env)?;
                let cur = self.get_attr(&o, name).map_err(|e| e.at(target.span))?;
                let rhs = self.eval(value, env)?;
                let new = self.inplace(op, cur, rhs)?;
                self.set_attr(&o, name, new)?;
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(obj, env)?;
                let i = self.eval(index, env)?;
                let cur = self.get_item(&o, &i).map_err(|e| e.at(target.span))?;
                let rhs = self.eval(value, env)?;
                let new = self.inplace(op, cur, rhs)?;
                self.set_item(&o, &i, new)?;
            }
            _ => {
                return Err(PyError::new(
                    "SyntaxError",
                    Message::new(Code::PyCannotAssign).with("what", "expression"),
                ))
            }
        }
        Ok(())
    }

    /// `a op= b`: a list's `+=` extends it in place (other names for it see the change).
    fn inplace(&mut self, op: BinOp, cur: Value, rhs: Value) -> PyResult<Value> {
        if let (BinOp::Add, Value::List(l)) = (op, &cur) {
            let extra = self.to_vec(&rhs)?;
            l.borrow_mut().extend(extra);
            return Ok(cur);
        }
        self.binary(op, &cur, &rhs)
    }

    fn delete(&mut self, target: &Expr, env: &Env) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                let removed = match env {
                    Some(scope) => scope.vars.borrow_mut().remove(n).is_some(),
                    None => self.globals.remove(n).is_some(),
                };
                if !removed {
                    return Err(PyError::new(
                        "NameError",
                        Message::new(Code::PyNameNotDefined).with("name", n),
                    )
                    .at(target.span));
                }
                Ok(())
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(obj, env)?;
                let i = self.eval(index, env)?;
                self.del_item(&o, &i).map_err(|e| e.at(target.span))
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval(obj, env)?;
                let removed = match &o {
                    Value::Instance(inst) => {
                        inst.attrs.borrow_mut().shift_remove(&**name).is_some()
                    }
                    _ => false,
                };
                if !removed {
                    return Err(attr::no_attribute(&o, name).at(target.span));
                }
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|t| self.delete(t, env))
            }
            _ => Err(PyError::new(
                "SyntaxError",
                Message::new(Code::PyCannotAssign).with("what", "expression"),
            )
            .at(target.span)),
        }
    }

    pub fn eval(&mut self, e: &Expr, env: &Env) -> PyResult<Value> {
        self.eval_inner(e, env).map_err(|err| err.at(e.span))
    }

    fn eval_inner(&mut self, e: &Expr, env: &Env) -> PyResult<Value> {
        Ok(match &e.kind {
            ExprKind::Name(n) => self.load_name(n, env)?,
            ExprKind::Num(Number::Int(n)) => Value::from_big(n.clone()),
            ExprKind::Num(Number::Float(f)) => Value::Float(*f),
            ExprKind::Str(s) => Value::Str(s.clone()),
            ExprKind::FString(parts) => Value::Str(self.fstring(parts, env)?.into()),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::None => Value::None,
            ExprKind::Ellipsis => Value::Ellipsis,
            ExprKind::List(items) => Value::list(self.eval_items(items, env)?),
            ExprKind::Tuple(items) => Value::tuple(self.eval_items(items, env)?),
            ExprKind::Set(items) => {
                let items = self.eval_items(items, env)?;
                let mut d = Dict::new();
                for v in items {
                    d.insert(v.hash_key()?, (v, Value::None));
                }
                Value::Set(Rc::new(std::cell::RefCell::new(d)))
            }
            ExprKind::Dict(pairs) => {
                let mut d = Dict::new();
                for (k, v) in pairs {
                    match k {
                        Some(k) => {
                            let k = self.eval(k, env)?;
                            let v = self.eval(v, env)?;
                            crate::value::dict_insert(&mut d, k, v)?;
                        }
                        None => {
                            let m = self.eval(v, env)?;
                            let Value::Dict(m) = m else {
                                return Err(crate::error::type_error(
                                    Message::new(Code::PyNotAMapping).with("kind", m.type_name()),
                                ));
                            };
                            let entries: Vec<_> = m
                                .borrow()
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            d.extend(entries);
                        }
                    }
                }
                Value::Dict(Rc::new(std::cell::RefCell::new(d)))
            }
            ExprKind::BinOp(l, op, r) => {
                let a = self.eval(l, env)?;
                let b = self.eval(r, env)?;
                self.binary(*op, &a, &b)?
            }
            ExprKind::Unary(op, operand) => {
                let v = self.eval(operand, env)?;
                self.unary(*op, &v)?
            }
            ExprKind::BoolOp(is_and, l, r) => {
                let a = self.eval(l, env)?;
                let t = self.truthy(&a)?;
                if t == *is_and {
                    self.eval(r, env)?
                } else {
                    a
                }
            }
            ExprKind::Compare(first, rest) => {
                // `a < b < c` is `a < b and b < c`: each result is tested for truth but
                // the last is the value, so `a > 0` on an array gives the array of bools.
                let mut left = self.eval(first, env)?;
                let mut result = Value::Bool(true);
                for (i, (op, right)) in rest.iter().enumerate() {
                    let r = self.eval(right, env)?;
                    result = self.compare_value(*op, &left, &r)?;
                    if i + 1 < rest.len() && !self.truthy(&result)? {
                        return Ok(result);
                    }
                    left = r;
                }
                result
            }
            ExprKind::IfExp { test, body, orelse } => {
                let t = self.eval(test, env)?;
                if self.truthy(&t)? {
                    self.eval(body, env)?
                } else {
                    self.eval(orelse, env)?
                }
            }
            ExprKind::Call { func, args } => {
                if let ExprKind::Name(n) = &func.kind {
                    if &**n == "super" && args.is_empty() && !self.globals.contains_key(n) {
                        return self.make_super(env);
                    }
                }
                let f = self.eval(func, env)?;
                let args = self.eval_args(args, env)?;
                self.call_at(&f, args, e.span)?
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval(obj, env)?;
                self.get_attr(&o, name)?
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval(obj, env)?;
                let i = self.eval(index, env)?;
                self.get_item(&o, &i)?
            }
            ExprKind::Slice(lo, hi, step) => {
                let mut parts = [Value::None, Value::None, Value::None];
                for (slot, part) in parts.iter_mut().zip([lo, hi, step]) {
                    if let Some(p) = part {
                        *slot = self.eval(p, env)?;
                    }
                }
                Value::Slice(Rc::new(parts))
            }
            ExprKind::Lambda(def) => self.make_function(def, env)?,
            ExprKind::Comp(kind, elt, fors) => {
                let scope = Some(Scope::new(ScopeKind::Comprehension, env.clone()));
                let mut out = Vec::new();
                self.comprehension(fors, &scope, &mut |me, env| {
                    out.push(me.eval(elt, env)?);
                    Ok(())
                })?;
                match kind {
                    CompKind::List => Value::list(out),
                    CompKind::Gen => Value::iter_of(out),
                    CompKind::Set => {
                        let mut d = Dict::new();
                        for v in out {
                            d.insert(v.hash_key()?, (v, Value::None));
                        }
                        Value::Set(Rc::new(std::cell::RefCell::new(d)))
                    }
                }
            }
            ExprKind::DictComp(k, v, fors) => {
                let scope = Some(Scope::new(ScopeKind::Comprehension, env.clone()));
                let mut d = Dict::new();
                self.comprehension(fors, &scope, &mut |me, env| {
                    let key = me.eval(k, env)?;
                    let value = me.eval(v, env)?;
                    crate::value::dict_insert(&mut d, key, value)
                })?;
                Value::Dict(Rc::new(std::cell::RefCell::new(d)))
            }
            ExprKind::Starred(_) => {
                return Err(crate::error::not_supported("* outside a call or a list"))
            }
        })
    }

    /// `super()` in a method: the defining class's base, bound to the method's `self`.
    fn make_super(&mut self, env: &Env) -> PyResult<Value> {
        let mut s = env.clone();
        while let Some(sc) = s {
            if let ScopeKind::Function(def) = &sc.kind {
                let this = def
                    .params
                    .first()
                    .and_then(|p| sc.vars.borrow().get(&p.name).cloned());
                if let (Some(class), Some(this)) = (sc.class.clone(), this) {
                    return Ok(Value::Super(Rc::new((class, this))));
                }
                break;
            }
            s = sc.parent.clone();
        }
        Err(PyError::new(
            "RuntimeError",
            Message::new(Code::PySuperNoArguments),
        ))
    }

    fn eval_items(&mut self, items: &[Expr], env: &Env) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            if let ExprKind::Starred(inner) = &i.kind {
                let v = self.eval(inner, env)?;
                out.extend(self.to_vec(&v).map_err(|e| e.at(i.span))?);
            } else {
                out.push(self.eval(i, env)?);
            }
        }
        Ok(out)
    }

    fn comprehension(
        &mut self,
        fors: &[CompFor],
        env: &Env,
        emit: &mut dyn FnMut(&mut Self, &Env) -> PyResult<()>,
    ) -> PyResult<()> {
        let Some((first, rest)) = fors.split_first() else {
            return emit(self, env);
        };
        let seq = self.eval(&first.iter, env)?;
        let mut it = self.iter(&seq).map_err(|e| e.at(first.iter.span))?;
        'items: while let Some(item) = it.next_value() {
            self.tick()?;
            self.assign(&first.target, item, env)?;
            for cond in &first.ifs {
                let c = self.eval(cond, env)?;
                if !self.truthy(&c)? {
                    continue 'items;
                }
            }
            self.comprehension(rest, env, emit)?;
        }
        Ok(())
    }

    fn eval_args(&mut self, args: &[Arg], env: &Env) -> PyResult<Args> {
        let mut out = Args::default();
        for a in args {
            match a {
                Arg::Pos(e) => out.pos.push(self.eval(e, env)?),
                Arg::Star(e) => {
                    let v = self.eval(e, env)?;
                    out.pos.extend(self.to_vec(&v).map_err(|er| er.at(e.span))?);
                }
                Arg::Kw(name, e) => {
                    let v = self.eval(e, env)?;
                    out.kw.push((name.clone(), v));
                }
                Arg::StarStar(e) => {
                    let v = self.eval(e, env)?;
                    let Value::Dict(d) = &v else {
                        return Err(crate::error::type_error(
                            Message::new(Code::PyNotAMapping).with("kind", v.type_name()),
                        )
                        .at(e.span));
                    };
                    for (k, v) in d.borrow().values() {
                        let name = match k {
                            Value::Str(s) => s.clone(),
                            other => other.type_name().into(),
                        };
                        out.kw.push((name, v.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    fn fstring(&mut self, parts: &[FPart], env: &Env) -> PyResult<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                FPart::Lit(s) => out.push_str(s),
                FPart::Field {
                    expr,
                    conversion,
                    spec,
                } => {
                    let v = self.eval(expr, env)?;
                    let v = match conversion {
                        Some('r') | Some('a') => Value::Str(crate::repr::repr(self, &v)?.into()),
                        Some('s') => Value::Str(crate::repr::to_str(self, &v)?.into()),
                        _ => v,
                    };
                    let spec = self.fstring(spec, env)?;
                    let text = crate::format::format_value(self, &v, &spec)
                        .map_err(|e| e.at(expr.span))?;
                    out.push_str(&text);
                }
            }
        }
        Ok(out)
    }
}

/// The known name closest to a misspelt one, if it is close enough to be the likely intent.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let n = name.chars().count();
    let limit = match n {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k == name || k.starts_with("__") {
            continue;
        }
        let d = edit_distance(name, k);
        if d <= limit && best.is_none_or(|(bd, bk)| d < bd || (d == bd && k < bk)) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k.to_string())
}

/// Edits between two names, a swap of neighbours counting as one (`modle` → `model`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}
