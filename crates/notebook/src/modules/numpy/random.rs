//! `np.random`: seeded, reproducible, and the same on every platform, but not numpy's
//! Mersenne Twister: `np.random.seed(42); np.random.rand()` gives a different number than
//! numpy does. Shapes, ranges and "same seed, same numbers" hold.
//!
//! Every seed goes through [`Random::seed`], so that the Keras part can seed its engine
//! from the same call, as `np.random.seed` seeds a lecture's whole run.

use std::cell::RefCell;
use std::rc::Rc;

use ndarray::{ArrayD, IxDyn};
use noriteo_core::messages::{Code, Message};
use noriteo_core::rng::Rng;

use super::array::{Data, NdArray};
use super::object::{array_value, shape_arg};
use crate::error::{value_error, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Module, Value};

/// The generator behind `np.random`, shared by its functions.
#[derive(Clone)]
pub struct Random(Rc<RefCell<Rng>>);

impl Random {
    pub fn new() -> Random {
        // Unseeded runs still start from a fixed state: a notebook run twice prints the
        // same numbers, which helps a class compare results.
        Random(Rc::new(RefCell::new(Rng::new(0))))
    }

    /// The one place seeding happens.
    pub fn seed(&self, seed: u64) {
        *self.0.borrow_mut() = Rng::new(seed);
    }

    /// Uniform in [0, 1) with 53 random bits, as numpy's `random_sample`.
    fn uniform(&self) -> f64 {
        let mut r = self.0.borrow_mut();
        let a = u64::from(r.next_u32() >> 5);
        let b = u64::from(r.next_u32() >> 6);
        (a as f64 * 67_108_864.0 + b as f64) / 9_007_199_254_740_992.0
    }

    fn normal(&self) -> f64 {
        let u1 = self.uniform().max(1e-300);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// An integer in [0, n), without modulo bias.
    fn below(&self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let mut r = self.0.borrow_mut();
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = (u64::from(r.next_u32()) << 32) | u64::from(r.next_u32());
            if x < zone {
                return x % n;
            }
        }
    }
}

impl Default for Random {
    fn default() -> Self {
        Random::new()
    }
}

/// `size` / shape arguments: `None` for one number.
fn size_of(v: Option<&Value>) -> PyResult<Option<Vec<usize>>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => shape_arg(std::slice::from_ref(v), None).map(Some),
    }
}

fn fill(size: Option<Vec<usize>>, mut f: impl FnMut() -> f64) -> Value {
    match size {
        None => Value::Float(f()),
        Some(shape) => {
            let n: usize = shape.iter().product();
            let v: Vec<f64> = (0..n).map(|_| f()).collect();
            match ArrayD::from_shape_vec(IxDyn(&shape), v) {
                Ok(a) => array_value(Data::F64(a)),
                Err(_) => Value::None,
            }
        }
    }
}

fn float_arg(args: &Args, i: usize, name: &str, default: f64) -> PyResult<f64> {
    match args.pos.get(i) {
        None | Some(Value::None) => Ok(default),
        Some(v) => v.as_f64().ok_or_else(|| {
            crate::error::type_error(
                Message::new(Code::PyArgType)
                    .with("function", name)
                    .with("expected", "a real number")
                    .with("got", v.type_name()),
            )
        }),
    }
}

pub fn make(rng: &Random) -> Value {
    let m = Module::new("numpy.random");
    let r = rng.clone();
    m.def("seed", move |interp, args| {
        args.check("seed", 0, 1)?;
        let s = match args.pos.first() {
            None | Some(Value::None) => 0,
            Some(v) => v.as_index()?,
        };
        if s < 0 {
            return Err(value_error(
                Message::new(Code::PyInvalidNumber).with("kind", "negative seed"),
            ));
        }
        r.seed(s as u64);
        // A lecture's `np.random.seed(n)` fixes its whole run: Keras' models and fits too.
        interp.engine_seed.set(s as u64);
        Ok(Value::None)
    });
    for (name, normal) in [("rand", false), ("randn", true)] {
        let r = rng.clone();
        m.def(name, move |_, args| {
            args.check(name, 0, usize::MAX)?;
            let size = if args.pos.is_empty() {
                None
            } else {
                Some(shape_arg(&args.pos, None)?)
            };
            Ok(fill(size, || if normal { r.normal() } else { r.uniform() }))
        });
    }
    let r = rng.clone();
    m.def("random", move |_, mut args| {
        let size = args.take_kw("size");
        args.check("random", 0, 1)?;
        let size = size_of(size.as_ref().or(args.pos.first()))?;
        Ok(fill(size, || r.uniform()))
    });
    let r = rng.clone();
    m.def("uniform", move |_, mut args| {
        let size = args.take_kw("size");
        args.check("uniform", 0, 3)?;
        let (lo, hi) = (
            float_arg(&args, 0, "uniform", 0.0)?,
            float_arg(&args, 1, "uniform", 1.0)?,
        );
        let size = size_of(size.as_ref().or(args.pos.get(2)))?;
        Ok(fill(size, || lo + (hi - lo) * r.uniform()))
    });
    let r = rng.clone();
    m.def("normal", move |_, mut args| {
        let size = args.take_kw("size");
        args.check("normal", 0, 3)?;
        let (mu, sd) = (
            float_arg(&args, 0, "normal", 0.0)?,
            float_arg(&args, 1, "normal", 1.0)?,
        );
        let size = size_of(size.as_ref().or(args.pos.get(2)))?;
        Ok(fill(size, || mu + sd * r.normal()))
    });
    let r = rng.clone();
    m.def("randint", move |_, mut args| {
        let size = args.take_kw("size");
        let high = args.take_kw("high");
        args.check("randint", 1, 3)?;
        let a = args.pos[0].as_index()?;
        let (lo, hi) = match high.as_ref().or(args.pos.get(1)) {
            None | Some(Value::None) => (0, a),
            Some(h) => (a, h.as_index()?),
        };
        if hi <= lo {
            return Err(value_error(Message::new(Code::PyNpLowHigh)));
        }
        let span = (hi as i128 - lo as i128) as u64;
        let size = size_of(size.as_ref().or(args.pos.get(2)))?;
        let draw = || (lo as i128 + r.below(span) as i128) as i64;
        Ok(match size {
            None => NdArray::wrap(Data::I64(ArrayD::from_elem(IxDyn(&[]), draw()))),
            Some(shape) => {
                let n: usize = shape.iter().product();
                let v: Vec<i64> = (0..n).map(|_| draw()).collect();
                ArrayD::from_shape_vec(IxDyn(&shape), v)
                    .map(|a| array_value(Data::I64(a)))
                    .unwrap_or(Value::None)
            }
        })
    });
    let r = rng.clone();
    m.def("shuffle", move |interp: &mut Interp, args| {
        args.check("shuffle", 1, 1)?;
        match &args.pos[0] {
            Value::List(l) => {
                let mut items = l.borrow_mut();
                for i in (1..items.len()).rev() {
                    items.swap(i, r.below(i as u64 + 1) as usize);
                }
            }
            v => {
                let Some(a) = NdArray::of(v) else {
                    return Err(crate::error::type_error(
                        Message::new(Code::PyArgType)
                            .with("function", "shuffle")
                            .with("expected", "an array or a list")
                            .with("got", v.type_name()),
                    ));
                };
                let n = a.shape().first().copied().unwrap_or(0);
                let mut order: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    order.swap(i, r.below(i as u64 + 1) as usize);
                }
                let idx = Value::list(order.iter().map(|&i| Value::Int(i as i64)).collect());
                let d = a.data.borrow().clone();
                let shuffled = super::index::get(interp, &d, &idx)?;
                if let Some(s) = NdArray::of(&shuffled) {
                    let new = s.data.borrow().clone();
                    *a.data.borrow_mut() = new;
                }
            }
        }
        Ok(Value::None)
    });
    let r = rng.clone();
    m.def("permutation", move |_, args| {
        args.check("permutation", 1, 1)?;
        let n = args.pos[0].as_index()?.max(0) as usize;
        let mut order: Vec<i64> = (0..n as i64).collect();
        for i in (1..n).rev() {
            order.swap(i, r.below(i as u64 + 1) as usize);
        }
        Ok(array_value(Data::I64(
            ArrayD::from_shape_vec(IxDyn(&[n]), order)
                .map_err(|_| value_error(Message::new(Code::PyNpNegativeDimension)))?,
        )))
    });
    Value::Module(Rc::new(m))
}
