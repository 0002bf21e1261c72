//! The kernel as a notebook uses it: globals kept from cell to cell, what a failing cell
//! keeps, stopping a runaway cell, and Rust objects and modules plugged in.

use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use noriteo_notebook::ast::BinOp;
use noriteo_notebook::error::PyResult;
use noriteo_notebook::eval::Interp;
use noriteo_notebook::repr::repr;
use noriteo_notebook::value::{Args, HostObject, Module, Value};
use noriteo_notebook::{Kernel, Output};

#[test]
fn variables_live_on_from_cell_to_cell() {
    let mut k = Kernel::new();
    assert!(k
        .run_cell("x = 41\ndef inc(v):\n    return v + 1")
        .error
        .is_none());
    let r = k.run_cell("inc(x)");
    assert_eq!(r.outputs, vec![Output::Value("42".into())]);
    assert_eq!(r.execution_count, 2);
    assert!(k.run_cell("x = None\nx").outputs.is_empty());
}

#[test]
fn a_failing_cell_keeps_what_it_printed_and_assigned() {
    let mut k = Kernel::new();
    let r = k.run_cell("a = 1\nprint('before')\nb = 1 / 0\nc = 3");
    assert_eq!(r.stdout(), "before\n");
    assert_eq!(r.error.as_ref().map(|e| e.ename), Some("ZeroDivisionError"));
    let r = k.run_cell("print(a)\nc");
    assert_eq!(r.stdout(), "1\n");
    assert_eq!(r.error.map(|e| e.ename), Some("NameError"));
}

#[test]
fn prints_and_the_shown_value_come_in_order() {
    let mut k = Kernel::new();
    let r = k.run_cell("print('a', end='')\nprint('b')\n[1, 2]");
    assert_eq!(
        r.outputs,
        vec![
            Output::Stream("ab\n".into()),
            Output::Value("[1, 2]".into())
        ]
    );
}

#[test]
fn another_thread_interrupts_an_endless_loop() {
    let mut k = Kernel::new();
    let flag = k.interrupt_handle();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        flag.store(true, Ordering::Relaxed);
    });
    let r = k.run_cell("n = 0\nwhile True:\n    n += 1");
    setter.join().expect("setter thread");
    let e = r.error.expect("interrupted");
    assert_eq!(e.ename, "KeyboardInterrupt");
    assert_eq!(e.line(), Some(3));
    // The loop ran until the flag, and what it did is kept.
    assert!(matches!(k.global("n"), Some(Value::Int(n)) if n > 0));
    // The next cell runs normally.
    assert!(k.run_cell("pass").error.is_none());
}

#[test]
fn a_step_limit_stops_a_cell() {
    let mut k = Kernel::new();
    k.set_step_limit(Some(10_000));
    let e = k.run_cell("while True:\n    pass").error.expect("stopped");
    assert_eq!(e.ename, "KeyboardInterrupt");
    let e = k
        .run_cell(
            "def f():\n    return f2()\ndef f2():\n    for i in range(10**9):\n        pass\nf()",
        )
        .error
        .expect("stopped");
    assert_eq!(e.ename, "KeyboardInterrupt");
    assert!(k.run_cell("sum(range(100))").error.is_none());
}

/// A stand-in for a numpy array: remembers the index it was given, answers `@` and `+`.
struct Toy {
    n: usize,
}

impl HostObject for Toy {
    fn type_name(&self) -> &str {
        "Toy"
    }
    fn repr(&self, _: &mut Interp) -> PyResult<String> {
        Ok(format!("Toy({})", self.n))
    }
    fn getattr(&self, _: &mut Interp, name: &str) -> Option<PyResult<Value>> {
        match name {
            "shape" => Some(Ok(Value::tuple(vec![Value::Int(self.n as i64)]))),
            _ => None,
        }
    }
    fn getitem(&self, interp: &mut Interp, index: &Value) -> PyResult<Value> {
        Ok(Value::Str(repr(interp, index)?.into()))
    }
    fn binary(
        &self,
        _: &mut Interp,
        op: BinOp,
        other: &Value,
        reflected: bool,
    ) -> Option<PyResult<Value>> {
        let other_n = match other {
            Value::Host(h) => h.as_any().downcast_ref::<Toy>().map(|t| t.n)?,
            Value::Int(i) => *i as usize,
            _ => return None,
        };
        match op {
            BinOp::MatMul => Some(Ok(Value::Int((self.n * other_n) as i64))),
            BinOp::Add => Some(Ok(Value::Str(format!("add reflected={reflected}").into()))),
            _ => None,
        }
    }
    fn len(&self) -> Option<usize> {
        Some(self.n)
    }
    fn iter(&self, _: &mut Interp) -> Option<PyResult<Vec<Value>>> {
        Some(Ok((0..self.n as i64).map(Value::Int).collect()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn toy_kernel() -> Kernel {
    let mut k = Kernel::new();
    k.register_module(
        "toy",
        Rc::new(|_: &mut Interp| {
            let m = Module::new("toy");
            m.def("array", |_, args: Args| {
                args.check("array", 1, 1)?;
                Ok(Value::Host(Rc::new(Toy {
                    n: args.pos[0].as_index()? as usize,
                })))
            });
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    k.register_module(
        "toy.sub",
        Rc::new(|_: &mut Interp| {
            let m = Module::new("toy.sub");
            m.def("twice", |_, args: Args| {
                args.check("twice", 1, 1)?;
                Ok(Value::Int(args.pos[0].as_index()? * 2))
            });
            Ok(Value::Module(Rc::new(m)))
        }),
    );
    k
}

#[test]
fn host_objects_get_indexes_operators_and_iteration() {
    let mut k = toy_kernel();
    let r = k.run_cell("import toy as t\na = t.array(3)\nprint(a[:, 0:17], a[::-1], a[1])\nprint(a @ a, a + 1, 1 + a, len(a), list(a), a.shape)\na");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        r.stdout(),
        "(slice(None, None, None), slice(0, 17, None)) slice(None, None, -1) 1\n9 add reflected=false add reflected=true 3 [0, 1, 2] (3,)\n"
    );
    assert_eq!(r.shown(), Some("Toy(3)"));
    let e = k.run_cell("a.nope").error.expect("no attribute");
    assert_eq!(e.ename, "AttributeError");
    let e = k.run_cell("a - 1").error.expect("no operator");
    assert_eq!(e.ename, "TypeError");
}

#[test]
fn modules_import_by_dotted_path() {
    let mut k = toy_kernel();
    let r = k.run_cell("import toy.sub\nfrom toy.sub import twice\nimport toy.sub as s\nprint(twice(2), s.twice(3), toy.array(2))");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.stdout(), "4 6 Toy(2)\n");
    let e = k.run_cell("import torch").error.expect("not there");
    assert_eq!(e.ename, "ModuleNotFoundError");
    let text = e.text(noriteo_core::messages::Lang::En);
    for name in [
        "math",
        "numpy",
        "pandas",
        "sklearn",
        "keras",
        "tensorflow",
        "toy",
    ] {
        assert!(text.contains(name), "{text}");
    }
}
