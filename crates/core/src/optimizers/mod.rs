//! Optimizers with Keras' names, defaults and update rules (tf.keras ≥ 2.11 / Keras 3).
//! An optimizer keeps per-parameter state in slots; the model calls [`Optimizer::begin_step`]
//! once per batch and then [`Optimizer::update`] for each parameter tensor, in a fixed order.

mod adagrad;
mod adam;
mod adamax;
mod nadam;
mod rmsprop;
mod sgd;

pub use adagrad::Adagrad;
pub use adam::{Adam, AdamW};
pub use adamax::Adamax;
pub use nadam::Nadam;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;

use serde::{Deserialize, Serialize};

use crate::{Code, Error, Message, Result};

/// Hyper-parameters as a user writes them (`Adam(learning_rate=0.01)`); `None` means the
/// optimizer's own Keras default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerConfig {
    pub name: String,
    #[serde(
        default,
        alias = "lr",
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub learning_rate: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub momentum: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nesterov: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub rho: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub beta_1: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub beta_2: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub epsilon: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub weight_decay: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "shortest"
    )]
    pub initial_accumulator_value: Option<f32>,
}

/// Writes an `f32` setting as the number the user typed (`0.001`), not as its widened
/// binary value (`0.0010000000474974513`), which is what a page or a link would otherwise get.
pub(crate) fn shortest<S: serde::Serializer>(value: &Option<f32>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.is_finite() => {
            s.serialize_some(&v.to_string().parse::<f64>().unwrap_or(f64::from(*v)))
        }
        Some(v) => s.serialize_some(&f64::from(*v)),
        None => s.serialize_none(),
    }
}

const NAMES: &[&str] = &[
    "sgd", "rmsprop", "adagrad", "adam", "adamw", "adamax", "nadam",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Optimizer {
    Sgd(Sgd),
    RmsProp(RmsProp),
    Adagrad(Adagrad),
    Adam(Adam),
    AdamW(AdamW),
    Adamax(Adamax),
    Nadam(Nadam),
}

impl Optimizer {
    pub fn names() -> Vec<&'static str> {
        NAMES.to_vec()
    }

    /// `"adam"`, `"SGD"`, ... with every hyper-parameter at its Keras default.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::from_config(&OptimizerConfig {
            name: name.to_string(),
            ..Default::default()
        })
    }

    pub fn from_config(c: &OptimizerConfig) -> Result<Self> {
        let lr = |default: f32| c.learning_rate.unwrap_or(default);
        let opt = match c.name.trim().to_ascii_lowercase().as_str() {
            "sgd" => Optimizer::Sgd(Sgd::new(
                lr(0.01),
                c.momentum.unwrap_or(0.0),
                c.nesterov.unwrap_or(false),
            )),
            "rmsprop" => Optimizer::RmsProp(RmsProp::new(
                lr(0.001),
                c.rho.unwrap_or(0.9),
                c.momentum.unwrap_or(0.0),
                c.epsilon.unwrap_or(1e-7),
            )),
            "adagrad" => Optimizer::Adagrad(Adagrad::new(
                lr(0.001),
                c.initial_accumulator_value.unwrap_or(0.1),
                c.epsilon.unwrap_or(1e-7),
            )),
            "adam" => Optimizer::Adam(Adam::new(
                lr(0.001),
                c.beta_1.unwrap_or(0.9),
                c.beta_2.unwrap_or(0.999),
                c.epsilon.unwrap_or(1e-7),
            )),
            "adamw" => Optimizer::AdamW(AdamW::new(
                Adam::new(
                    lr(0.001),
                    c.beta_1.unwrap_or(0.9),
                    c.beta_2.unwrap_or(0.999),
                    c.epsilon.unwrap_or(1e-7),
                ),
                c.weight_decay.unwrap_or(0.004),
            )),
            "adamax" => Optimizer::Adamax(Adamax::new(
                lr(0.001),
                c.beta_1.unwrap_or(0.9),
                c.beta_2.unwrap_or(0.999),
                c.epsilon.unwrap_or(1e-7),
            )),
            "nadam" => Optimizer::Nadam(Nadam::new(
                lr(0.001),
                c.beta_1.unwrap_or(0.9),
                c.beta_2.unwrap_or(0.999),
                c.epsilon.unwrap_or(1e-7),
            )),
            _ => {
                return Err(Error::UnknownName {
                    kind: "optimizer",
                    name: c.name.clone(),
                    valid: NAMES.to_vec(),
                })
            }
        };
        let rate = opt.learning_rate();
        if !(rate.is_finite() && rate > 0.0) {
            return Err(Error::config(
                "learning_rate",
                Message::new(Code::LearningRatePositive).with("got", rate),
            ));
        }
        Ok(opt)
    }

    /// Keras' lower-case name.
    pub fn name(&self) -> &'static str {
        match self {
            Optimizer::Sgd(_) => "sgd",
            Optimizer::RmsProp(_) => "rmsprop",
            Optimizer::Adagrad(_) => "adagrad",
            Optimizer::Adam(_) => "adam",
            Optimizer::AdamW(_) => "adamw",
            Optimizer::Adamax(_) => "adamax",
            Optimizer::Nadam(_) => "nadam",
        }
    }

    /// Keras' class name (`Adam`, `SGD`, `RMSprop`), for generated code and to_json.
    pub fn class_name(&self) -> &'static str {
        match self {
            Optimizer::Sgd(_) => "SGD",
            Optimizer::RmsProp(_) => "RMSprop",
            Optimizer::Adagrad(_) => "Adagrad",
            Optimizer::Adam(_) => "Adam",
            Optimizer::AdamW(_) => "AdamW",
            Optimizer::Adamax(_) => "Adamax",
            Optimizer::Nadam(_) => "Nadam",
        }
    }

    pub fn learning_rate(&self) -> f32 {
        match self {
            Optimizer::Sgd(o) => o.learning_rate,
            Optimizer::RmsProp(o) => o.learning_rate,
            Optimizer::Adagrad(o) => o.learning_rate,
            Optimizer::Adam(o) => o.learning_rate,
            Optimizer::AdamW(o) => o.adam.learning_rate,
            Optimizer::Adamax(o) => o.learning_rate,
            Optimizer::Nadam(o) => o.learning_rate,
        }
    }

    /// Changes the rate from the next step on; moments and step counts stay.
    pub fn set_learning_rate(&mut self, rate: f32) {
        match self {
            Optimizer::Sgd(o) => o.learning_rate = rate,
            Optimizer::RmsProp(o) => o.learning_rate = rate,
            Optimizer::Adagrad(o) => o.learning_rate = rate,
            Optimizer::Adam(o) => o.learning_rate = rate,
            Optimizer::AdamW(o) => o.adam.learning_rate = rate,
            Optimizer::Adamax(o) => o.learning_rate = rate,
            Optimizer::Nadam(o) => o.learning_rate = rate,
        }
    }

    /// Starts a training step: every `update` until the next call shares one step count.
    pub fn begin_step(&mut self) {
        match self {
            Optimizer::Sgd(_) | Optimizer::RmsProp(_) | Optimizer::Adagrad(_) => {}
            Optimizer::Adam(o) => o.begin_step(),
            Optimizer::AdamW(o) => o.adam.begin_step(),
            Optimizer::Adamax(o) => o.iterations += 1,
            Optimizer::Nadam(o) => o.begin_step(),
        }
    }

    /// Applies one step to parameter tensor number `slot` given its gradient.
    pub fn update(&mut self, slot: usize, param: &mut [f32], grad: &[f32]) {
        match self {
            Optimizer::Sgd(o) => o.update(slot, param, grad),
            Optimizer::RmsProp(o) => o.update(slot, param, grad),
            Optimizer::Adagrad(o) => o.update(slot, param, grad),
            Optimizer::Adam(o) => o.update(slot, param, grad),
            Optimizer::AdamW(o) => o.update(slot, param, grad),
            Optimizer::Adamax(o) => o.update(slot, param, grad),
            Optimizer::Nadam(o) => o.update(slot, param, grad),
        }
    }
}

/// Per-parameter state vectors, created on first use with an initial value.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Slots(Vec<Vec<f32>>);

impl Slots {
    pub(crate) fn get(&mut self, slot: usize, len: usize, init: f32) -> &mut [f32] {
        if self.0.len() <= slot {
            self.0.resize_with(slot + 1, Vec::new);
        }
        let s = &mut self.0[slot];
        if s.len() != len {
            *s = vec![init; len];
        }
        s
    }

    /// Two state vectors for the same parameter (Adam's m and v).
    pub(crate) fn pair<'a>(
        a: &'a mut Slots,
        b: &'a mut Slots,
        slot: usize,
        len: usize,
    ) -> (&'a mut [f32], &'a mut [f32]) {
        (a.get(slot, len, 0.0), b.get(slot, len, 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_written_as_typed_not_widened() {
        let config = OptimizerConfig {
            name: "sgd".into(),
            learning_rate: Some(0.001),
            momentum: Some(0.9),
            ..Default::default()
        };
        let value = serde_json::to_value(&config).expect("serializes");
        assert_eq!(value["learning_rate"].as_f64(), Some(0.001));
        assert_eq!(value["momentum"].as_f64(), Some(0.9));
        assert!(value.get("rho").is_none());
    }

    #[test]
    fn keras_defaults() {
        assert_eq!(Optimizer::from_name("adam").unwrap().learning_rate(), 0.001);
        assert_eq!(Optimizer::from_name("SGD").unwrap().learning_rate(), 0.01);
        assert_eq!(
            Optimizer::from_name("rmsprop").unwrap().learning_rate(),
            0.001
        );
        assert_eq!(
            Optimizer::from_name("adagrad").unwrap().learning_rate(),
            0.001
        );
        assert_eq!(Optimizer::from_name("Adam").unwrap().class_name(), "Adam");
        let err = Optimizer::from_name("adma").unwrap_err().to_string();
        assert!(err.contains("adma") && err.contains("rmsprop"), "{err}");
        let zero = OptimizerConfig {
            name: "adam".into(),
            learning_rate: Some(0.0),
            ..Default::default()
        };
        assert!(Optimizer::from_config(&zero)
            .unwrap_err()
            .to_string()
            .contains("greater than 0"));
        let nan = OptimizerConfig {
            name: "sgd".into(),
            learning_rate: Some(f32::NAN),
            ..Default::default()
        };
        assert!(Optimizer::from_config(&nan).is_err());
    }

    /// Runs `steps` updates of f(w) = w²/2 (gradient w) from w = 1 and returns w after each.
    pub(crate) fn trajectory(opt: &mut Optimizer, steps: usize) -> Vec<f64> {
        let mut w = [1.0f32];
        (0..steps)
            .map(|_| {
                opt.begin_step();
                let g = [w[0]];
                opt.update(0, &mut w, &g);
                w[0] as f64
            })
            .collect()
    }
}
