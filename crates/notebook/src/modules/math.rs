//! `import math`: the functions lecture code reaches for, on floats.

use std::rc::Rc;

use noriteo_core::messages::{Code, Message};

use crate::error::{type_error, value_error, PyResult};
use crate::eval::Interp;
use crate::value::{Args, Module, Value};

fn num(function: &str, v: &Value) -> PyResult<f64> {
    v.as_f64().ok_or_else(|| {
        type_error(
            Message::new(Code::PyArgType)
                .with("function", function)
                .with("expected", "a real number")
                .with("got", v.type_name()),
        )
    })
}

fn unary(m: &Module, name: &'static str, f: fn(f64) -> f64, domain: fn(f64) -> bool) {
    m.def(name, move |_, args: Args| {
        args.check(name, 1, 1)?;
        let x = num(name, &args.pos[0])?;
        if !domain(x) {
            return Err(value_error(
                Message::new(Code::PyInvalidNumber).with("kind", "math domain"),
            ));
        }
        Ok(Value::Float(f(x)))
    });
}

pub fn make(_: &mut Interp) -> PyResult<Value> {
    let m = Module::new("math");
    m.set("pi", Value::Float(std::f64::consts::PI));
    m.set("e", Value::Float(std::f64::consts::E));
    m.set("inf", Value::Float(f64::INFINITY));
    m.set("nan", Value::Float(f64::NAN));
    unary(&m, "sqrt", f64::sqrt, |x| x >= 0.0);
    unary(&m, "exp", f64::exp, |_| true);
    unary(&m, "log10", f64::log10, |x| x > 0.0);
    unary(&m, "log2", f64::log2, |x| x > 0.0);
    unary(&m, "sin", f64::sin, |_| true);
    unary(&m, "cos", f64::cos, |_| true);
    unary(&m, "tan", f64::tan, |_| true);
    unary(&m, "tanh", f64::tanh, |_| true);
    unary(&m, "fabs", f64::abs, |_| true);
    m.def("log", |_, args| {
        args.check("log", 1, 2)?;
        let x = num("log", &args.pos[0])?;
        if x <= 0.0 {
            return Err(value_error(
                Message::new(Code::PyInvalidNumber).with("kind", "math domain"),
            ));
        }
        Ok(Value::Float(match args.pos.get(1) {
            Some(b) => x.ln() / num("log", b)?.ln(),
            None => x.ln(),
        }))
    });
    for (name, f) in [("floor", f64::floor as fn(f64) -> f64), ("ceil", f64::ceil)] {
        m.def(name, move |_, args| {
            args.check(name, 1, 1)?;
            if let Value::Int(_) | Value::Big(_) = args.pos[0] {
                return Ok(args.pos[0].clone());
            }
            let x = f(num(name, &args.pos[0])?);
            crate::builtins::big_from_f64(x)
                .map(Value::from_big)
                .ok_or_else(|| value_error(Message::new(Code::PyFloatToInt).with("value", x)))
        });
    }
    m.def("isnan", |_, args| {
        args.check("isnan", 1, 1)?;
        Ok(Value::Bool(num("isnan", &args.pos[0])?.is_nan()))
    });
    Ok(Value::Module(Rc::new(m)))
}
