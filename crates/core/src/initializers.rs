//! Weight initializers with Keras' names and formulas. Keras draws its `*_normal`
//! initializers from a normal truncated at two standard deviations, rescaled so that the
//! truncated distribution keeps the intended variance.

use serde::{Deserialize, Serialize};

use crate::{Error, Result, Rng};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Initializer {
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    Zeros,
    Ones,
    RandomNormal,
    RandomUniform,
}

const NAMES: &[(&str, Initializer, &str)] = &[
    (
        "glorot_uniform",
        Initializer::GlorotUniform,
        "GlorotUniform",
    ),
    ("glorot_normal", Initializer::GlorotNormal, "GlorotNormal"),
    ("he_uniform", Initializer::HeUniform, "HeUniform"),
    ("he_normal", Initializer::HeNormal, "HeNormal"),
    ("lecun_uniform", Initializer::LecunUniform, "LecunUniform"),
    ("lecun_normal", Initializer::LecunNormal, "LecunNormal"),
    ("zeros", Initializer::Zeros, "Zeros"),
    ("ones", Initializer::Ones, "Ones"),
    ("random_normal", Initializer::RandomNormal, "RandomNormal"),
    (
        "random_uniform",
        Initializer::RandomUniform,
        "RandomUniform",
    ),
];

/// The standard deviation of a unit normal truncated to [-2, 2]; Keras divides by it.
const TRUNCATED_STDDEV: f32 = 0.879_625_7;

impl Initializer {
    /// Accepts Keras' snake_case names and class names (`"GlorotUniform"`, `"zero"`).
    pub fn from_name(name: &str) -> Result<Self> {
        let key = name.trim();
        let lower = key.to_ascii_lowercase();
        let lower = match lower.as_str() {
            "zero" => "zeros".to_string(),
            "one" => "ones".to_string(),
            _ => lower,
        };
        NAMES
            .iter()
            .find(|(n, _, class)| *n == lower || *class == key)
            .map(|(_, i, _)| *i)
            .ok_or_else(|| Error::UnknownName {
                kind: "initializer",
                name: name.to_string(),
                valid: NAMES.iter().map(|(n, _, _)| *n).collect(),
            })
    }

    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, i, _)| *i == self)
            .map(|(n, _, _)| *n)
            .unwrap_or("zeros")
    }

    /// Keras' class name, used in `to_json`.
    pub fn class_name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, i, _)| *i == self)
            .map(|(_, _, c)| *c)
            .unwrap_or("Zeros")
    }

    /// Fills a kernel of shape fan_in × fan_out (or a bias, with fan_in = fan_out = len).
    pub fn fill(self, values: &mut [f32], fan_in: usize, fan_out: usize, rng: &mut Rng) {
        let fan_in = fan_in.max(1) as f32;
        let fan_out = fan_out.max(1) as f32;
        let uniform = |limit: f32, values: &mut [f32], rng: &mut Rng| {
            values
                .iter_mut()
                .for_each(|v| *v = rng.uniform_range(-limit, limit));
        };
        let truncated = |stddev: f32, values: &mut [f32], rng: &mut Rng| {
            let s = stddev / TRUNCATED_STDDEV;
            values
                .iter_mut()
                .for_each(|v| *v = s * rng.truncated_normal());
        };
        match self {
            Initializer::GlorotUniform => uniform((6.0 / (fan_in + fan_out)).sqrt(), values, rng),
            Initializer::GlorotNormal => truncated((2.0 / (fan_in + fan_out)).sqrt(), values, rng),
            Initializer::HeUniform => uniform((6.0 / fan_in).sqrt(), values, rng),
            Initializer::HeNormal => truncated((2.0 / fan_in).sqrt(), values, rng),
            Initializer::LecunUniform => uniform((3.0 / fan_in).sqrt(), values, rng),
            Initializer::LecunNormal => truncated((1.0 / fan_in).sqrt(), values, rng),
            Initializer::Zeros => values.fill(0.0),
            Initializer::Ones => values.fill(1.0),
            // Keras' RandomNormal(mean=0, stddev=0.05) and RandomUniform(-0.05, 0.05).
            Initializer::RandomNormal => values.iter_mut().for_each(|v| *v = 0.05 * rng.normal()),
            Initializer::RandomUniform => uniform(0.05, values, rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(v: &[f32]) -> (f32, f32, f32) {
        let n = v.len() as f32;
        let mean = v.iter().sum::<f32>() / n;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n;
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        (mean, var, max)
    }

    #[test]
    fn glorot_uniform_limit_and_variance() {
        let mut rng = Rng::new(1);
        let mut w = vec![0.0; 200 * 300];
        Initializer::GlorotUniform.fill(&mut w, 200, 300, &mut rng);
        let limit = (6.0f32 / 500.0).sqrt();
        let (mean, var, max) = stats(&w);
        assert!(max <= limit);
        assert!(mean.abs() < 0.002);
        // Uniform(-l, l) has variance l²/3 = 2 / (fan_in + fan_out).
        assert!((var - 2.0 / 500.0).abs() < 2e-4, "{var}");
    }

    #[test]
    fn truncated_normals_keep_the_intended_variance() {
        let mut rng = Rng::new(2);
        let mut w = vec![0.0; 100_000];
        Initializer::HeNormal.fill(&mut w, 50, 10, &mut rng);
        let (_, var, max) = stats(&w);
        let std = (2.0f32 / 50.0).sqrt();
        assert!((var - std * std).abs() / (std * std) < 0.03, "{var}");
        assert!(max <= 2.0 * std / TRUNCATED_STDDEV + 1e-6);
    }

    #[test]
    fn names_and_class_names() {
        assert_eq!(
            Initializer::from_name("GlorotUniform").unwrap(),
            Initializer::GlorotUniform
        );
        assert_eq!(Initializer::from_name("zero").unwrap(), Initializer::Zeros);
        assert!(Initializer::from_name("xavier")
            .unwrap_err()
            .to_string()
            .contains("he_normal"));
        let mut w = [5.0; 3];
        Initializer::Ones.fill(&mut w, 3, 3, &mut Rng::new(0));
        assert_eq!(w, [1.0; 3]);
    }
}
