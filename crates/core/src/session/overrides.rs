//! A lesson's setup with a script's changes (`load('iris', {epochs: 3, seed: 7})`), and a
//! setup that came from outside (a link, a saved model): each value is checked for its type
//! here, so that a wrong one is refused with its field's name before anything changes.

use serde_json::{Map, Value};

use crate::messages::{Code, Message};
use crate::spec::TrainingSpec;

/// The largest seed a page can hold exactly (JavaScript numbers are f64).
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The keys `load` accepts, and where each goes in a setup.
const KEYS: &[(&str, &[&str])] = &[
    ("epochs", &["fit", "epochs"]),
    ("batch_size", &["fit", "batch_size"]),
    ("validation_split", &["fit", "validation_split"]),
    ("early_stopping", &["fit", "early_stopping"]),
    ("seed", &["seed"]),
    ("metrics", &["compile", "metrics"]),
    ("loss", &["compile", "loss"]),
    ("optimizer", &["compile", "optimizer"]),
    ("layers", &["model", "layers"]),
];

/// `setup` with `overrides` applied; a value of the wrong kind names its key.
pub fn apply(setup: &TrainingSpec, overrides: &Value) -> Result<TrainingSpec, Message> {
    let empty = Map::new();
    let overrides = match overrides {
        Value::Null => &empty,
        Value::Object(map) => map,
        other => {
            return Err(Message::new(Code::BadOverrides).with("got", kind_of(other)));
        }
    };
    let mut json = serde_json::to_value(setup).map_err(|e| bad_setup(&e))?;
    for (key, value) in overrides {
        if key == "learning_rate" {
            let lr = number(key, value)?;
            let optimizer = &mut json["compile"]["optimizer"];
            *optimizer = match optimizer.take() {
                Value::String(name) => serde_json::json!({ "name": name, "learning_rate": lr }),
                Value::Object(mut config) => {
                    config.insert("learning_rate".into(), lr.into());
                    Value::Object(config)
                }
                _ => serde_json::json!({ "name": "rmsprop", "learning_rate": lr }),
            };
            continue;
        }
        let Some((_, path)) = KEYS.iter().find(|(k, _)| k == key) else {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(Message::new(Code::UnknownOverride)
                .with("key", key)
                .with("keys", format!("{}, learning_rate", known.join(", "))));
        };
        let value = match key.as_str() {
            "epochs" | "batch_size" => whole(key, value, i64::MAX as u64)?.into(),
            "seed" => whole(key, value, MAX_SEED)?.into(),
            "validation_split" => number(key, value)?.into(),
            _ => value.clone(),
        };
        let (last, parents) = path.split_last().unwrap_or((&"", &[]));
        let mut at = &mut json;
        for p in parents {
            at = &mut at[*p];
        }
        at[*last] = value;
    }
    serde_json::from_value(json).map_err(|e| bad_setup(&e))
}

/// A whole setup from outside (a link, a saved model, a script).
pub fn setup_from(value: &Value) -> Result<TrainingSpec, Message> {
    if let Some(seed) = value.get("seed") {
        whole("seed", seed, MAX_SEED)?;
    }
    serde_json::from_value(value.clone()).map_err(|e| bad_setup(&e))
}

fn bad_setup(e: &serde_json::Error) -> Message {
    Message::new(Code::BadSetup).with("text", e)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

fn number(key: &str, v: &Value) -> Result<f64, Message> {
    v.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
        Message::new(Code::SettingNotANumber)
            .with("field", key)
            .with("got", shown(v))
    })
}

fn whole(key: &str, v: &Value, max: u64) -> Result<u64, Message> {
    let wrong = || {
        let m = Message::new(Code::NotAWholeNumber)
            .with("field", key)
            .with("got", shown(v));
        // Counts are limited by what they count (rows, memory); only a seed has a range of
        // its own, what a page can hold exactly.
        if max == MAX_SEED {
            Message::new(Code::SeedRange)
                .with("got", shown(v))
                .with("max", max)
        } else {
            m
        }
    };
    if let Some(n) = v.as_u64() {
        return (n <= max).then_some(n).ok_or_else(wrong);
    }
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 && x >= 0.0 && x <= max as f64 => Ok(x as u64),
        _ => Err(wrong()),
    }
}

/// A value as a learner typed it, cut short.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;
    use serde_json::json;

    fn iris() -> TrainingSpec {
        crate::lessons::find("iris").expect("iris lesson").setup
    }

    #[test]
    fn applies_each_key_where_keras_has_it() {
        let s = apply(
            &iris(),
            &json!({"epochs": 3, "batch_size": 10, "seed": 7, "learning_rate": 0.01, "validation_split": 0.2}),
        )
        .expect("valid overrides");
        assert_eq!((s.fit.epochs, s.fit.batch_size, s.seed), (3, 10, 7));
        assert_eq!(s.fit.validation_split, 0.2);
        assert_eq!(s.compile.optimizer.config().learning_rate, Some(0.01));
    }

    #[test]
    fn refuses_wrong_kinds_by_name() {
        let e = apply(&iris(), &json!({"epochs": 2.5})).expect_err("2.5 epochs");
        assert_eq!(e.code, Code::NotAWholeNumber);
        assert!(e.text(Lang::Ko).contains("epochs"), "{}", e.text(Lang::Ko));
        let e = apply(&iris(), &json!({"seed": 1e30})).expect_err("huge seed");
        assert_eq!(e.code, Code::SeedRange);
        let e = apply(&iris(), &json!({"seed": -1})).expect_err("negative seed");
        assert_eq!(e.code, Code::SeedRange);
        let e = apply(&iris(), &json!({"learning_rate": "fast"})).expect_err("text lr");
        assert_eq!(e.code, Code::SettingNotANumber);
        let e = apply(&iris(), &json!({"epoch": 3})).expect_err("misspelt key");
        assert_eq!(e.code, Code::UnknownOverride);
        let e = apply(&iris(), &json!({"layers": "dense"})).expect_err("layers as text");
        assert_eq!(e.code, Code::BadSetup);
    }

    #[test]
    fn a_linked_setup_with_wrong_types_is_refused() {
        let mut v = serde_json::to_value(iris()).expect("json");
        v["compile"]["optimizer"] = json!({"name": "adam", "learning_rate": "abc"});
        assert_eq!(setup_from(&v).expect_err("text lr").code, Code::BadSetup);
        v = serde_json::to_value(iris()).expect("json");
        v["seed"] = json!(1e30);
        assert_eq!(setup_from(&v).expect_err("huge seed").code, Code::SeedRange);
    }
}
