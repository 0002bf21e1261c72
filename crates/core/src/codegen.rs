//! The Python/Keras code equivalent to a setup, in the style of the lecture notes
//! (`Sequential()`, `model.add(Dense(...))`, `model.compile(...)`, `model.fit(...)`), and a
//! Colab-ready notebook holding it. Everything a user typed (layer names, data URLs) is
//! written as a Python string literal, never as code.

use serde_json::json;

use crate::spec::{LayerSpec, LossSpec, OptimizerSpec, TrainingSpec};

/// How the exported code gets its data: Python lines that define `X` and `y` (and, when
/// `has_test`, `X_test` and `y_test`), e.g. a `pd.read_csv(url)` for a URL lesson.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataCode {
    pub imports: Vec<String>,
    pub lines: Vec<String>,
    pub has_test: bool,
    /// The shape of one sample of the loaded data, declared as `Input(shape=...)` when the
    /// setup itself declares none (Keras 3 leaves such a model unbuilt: "0 (unbuilt)").
    pub input_shape: Vec<usize>,
}

/// A Python string literal for any text: single-quoted, with quotes, backslashes and
/// control characters escaped, so user text can never end the string and become code.
pub fn py_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || c as u32 == 0x7f
                || ('\u{2028}'..='\u{2029}').contains(&c) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A float as Python writes it (`0.001`, `1e-07`): finite values only reach here after
/// validation, others become `float('nan')` so the code still parses.
fn py_num(v: f64) -> String {
    if !v.is_finite() {
        return "float('nan')".into();
    }
    let s = format!("{v}");
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

/// An f32 setting in its shortest form (`0.03`, not `0.029999999329447746`).
fn py_num32(v: f32) -> String {
    if !v.is_finite() {
        return "float('nan')".into();
    }
    let s = format!("{v}");
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

fn layer_line(layer: &LayerSpec, first: bool, input_shape: &[usize]) -> String {
    let mut args: Vec<String> = Vec::new();
    let name_arg = |args: &mut Vec<String>, n: Option<&str>| {
        if let Some(n) = n {
            args.push(format!("name={}", py_str(n)));
        }
    };
    match layer {
        LayerSpec::Dense(d) => {
            args.push(d.units.to_string());
            if first && input_shape.len() == 1 {
                args.push(format!("input_dim={}", input_shape[0]));
            } else if first && !input_shape.is_empty() {
                args.push(format!("input_shape={}", py_tuple(input_shape)));
            }
            if d.activation != "linear" && !d.activation.is_empty() {
                args.push(format!("activation={}", py_str(&d.activation)));
            }
            if !d.use_bias {
                args.push("use_bias=False".into());
            }
            if d.kernel_initializer != "glorot_uniform" {
                args.push(format!(
                    "kernel_initializer={}",
                    py_str(&d.kernel_initializer)
                ));
            }
            if d.bias_initializer != "zeros" {
                args.push(format!("bias_initializer={}", py_str(&d.bias_initializer)));
            }
            name_arg(&mut args, d.name.as_deref());
            format!("model.add(Dense({}))", args.join(", "))
        }
        LayerSpec::Dropout(d) => {
            args.push(py_num(d.rate));
            name_arg(&mut args, d.name.as_deref());
            format!("model.add(Dropout({}))", args.join(", "))
        }
        LayerSpec::Flatten(f) => {
            if first && !input_shape.is_empty() {
                args.push(format!("input_shape={}", py_tuple(input_shape)));
            }
            name_arg(&mut args, f.name.as_deref());
            format!("model.add(Flatten({}))", args.join(", "))
        }
        LayerSpec::Activation(a) => {
            args.push(py_str(&a.activation));
            name_arg(&mut args, a.name.as_deref());
            format!("model.add(Activation({}))", args.join(", "))
        }
    }
}

fn py_tuple(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn optimizer_code(o: &OptimizerSpec) -> String {
    match o {
        OptimizerSpec::Name(n) => py_str(&n.to_ascii_lowercase()),
        OptimizerSpec::Config(c) => {
            let class = match c.name.to_ascii_lowercase().as_str() {
                "sgd" => "SGD",
                "rmsprop" => "RMSprop",
                "adagrad" => "Adagrad",
                "adam" => "Adam",
                "adamw" => "AdamW",
                "adamax" => "Adamax",
                "nadam" => "Nadam",
                _ => return py_str(&c.name),
            };
            let mut args = Vec::new();
            let mut num = |k: &str, v: Option<f32>| {
                if let Some(v) = v {
                    args.push(format!("{k}={}", py_num32(v)));
                }
            };
            num("learning_rate", c.learning_rate);
            num("momentum", c.momentum);
            num("rho", c.rho);
            num("beta_1", c.beta_1);
            num("beta_2", c.beta_2);
            num("epsilon", c.epsilon);
            num("weight_decay", c.weight_decay);
            num("initial_accumulator_value", c.initial_accumulator_value);
            if let Some(n) = c.nesterov {
                args.push(format!("nesterov={}", if n { "True" } else { "False" }));
            }
            format!("tf.keras.optimizers.{class}({})", args.join(", "))
        }
    }
}

fn loss_code(l: &Option<LossSpec>) -> String {
    match l {
        None => "'mse'".into(),
        Some(LossSpec::Name(n)) => py_str(n),
        Some(LossSpec::Config {
            name,
            from_logits,
            delta,
        }) => {
            let class = match name.to_ascii_lowercase().as_str() {
                "binary_crossentropy" => "BinaryCrossentropy",
                "categorical_crossentropy" => "CategoricalCrossentropy",
                "sparse_categorical_crossentropy" => "SparseCategoricalCrossentropy",
                "huber" | "huber_loss" => "Huber",
                _ => return py_str(name),
            };
            let mut args = Vec::new();
            if *from_logits && class != "Huber" {
                args.push("from_logits=True".to_string());
            }
            if let (Some(d), "Huber") = (delta, class) {
                args.push(format!("delta={}", py_num32(*d)));
            }
            format!("tf.keras.losses.{class}({})", args.join(", "))
        }
    }
}

/// The Keras program for `spec`, with the data lines from `data`.
pub fn keras_code(spec: &TrainingSpec, data: &DataCode, title: &str) -> String {
    let mut l: Vec<String> = Vec::new();
    l.push(format!(
        "# {} — Keras code exported from Noriteo (놀이터)",
        title.replace(['\n', '\r'], " ")
    ));
    l.push("import numpy as np".into());
    l.push("import pandas as pd".into());
    l.push("import tensorflow as tf".into());
    l.push("from tensorflow.keras.models import Sequential".into());
    l.push("from tensorflow.keras.layers import Dense, Dropout, Flatten, Activation".into());
    if spec.fit.early_stopping.is_some() {
        l.push("from tensorflow.keras.callbacks import EarlyStopping".into());
    }
    if spec.input_shape().is_empty() && !data.input_shape.is_empty() {
        l.push("from tensorflow.keras import Input".into());
    }
    l.extend(data.imports.iter().cloned());
    l.push(String::new());
    l.push(
        "# The same seed fixes weights and shuffling, as in the playground (TensorFlow's".into(),
    );
    l.push(
        "# random numbers differ from Noriteo's, so curves match in shape, not digit for digit)."
            .into(),
    );
    l.push(format!("np.random.seed({})", spec.seed));
    l.push(format!("tf.random.set_seed({})", spec.seed));
    l.push(String::new());
    l.push("# Data".into());
    l.extend(data.lines.iter().cloned());
    l.push(String::new());
    l.push("# Model".into());
    l.push("model = Sequential()".into());
    let input_shape = spec.input_shape();
    if input_shape.is_empty() && !data.input_shape.is_empty() {
        l.push(format!(
            "model.add(Input(shape={}))",
            py_tuple(&data.input_shape)
        ));
    }
    for (i, layer) in spec.model.layers.iter().enumerate() {
        let declares = i == 0 && layer.declared_input_shape().is_some();
        let shape: &[usize] = if i == 0 && !declares {
            &input_shape
        } else {
            &[]
        };
        let mut line = layer_line(layer, i == 0, shape);
        if declares {
            line = layer_line(layer, true, &input_shape);
        }
        l.push(line);
    }
    l.push("model.summary()".into());
    l.push(String::new());
    let metrics: Vec<String> = spec.compile.metrics.iter().map(|m| py_str(m)).collect();
    l.push(format!(
        "model.compile(loss={}, optimizer={}, metrics=[{}])",
        loss_code(&spec.compile.loss),
        optimizer_code(&spec.compile.optimizer),
        metrics.join(", ")
    ));
    let mut fit_args = vec![
        "X".to_string(),
        "y".to_string(),
        format!("epochs={}", spec.fit.epochs),
        format!("batch_size={}", spec.fit.batch_size),
    ];
    if spec.fit.validation_split > 0.0 {
        fit_args.push(format!(
            "validation_split={}",
            py_num(spec.fit.validation_split)
        ));
    }
    if !spec.fit.shuffle {
        fit_args.push("shuffle=False".into());
    }
    if let Some(es) = &spec.fit.early_stopping {
        let mut args = vec![
            format!("monitor={}", py_str(&es.monitor)),
            format!("patience={}", es.patience),
        ];
        if es.min_delta != 0.0 {
            args.push(format!("min_delta={}", py_num(es.min_delta)));
        }
        if es.mode != "auto" {
            args.push(format!("mode={}", py_str(&es.mode)));
        }
        if es.restore_best_weights {
            args.push("restore_best_weights=True".into());
        }
        l.push(format!(
            "early_stopping = EarlyStopping({})",
            args.join(", ")
        ));
        fit_args.push("callbacks=[early_stopping]".into());
    }
    l.push(format!("history = model.fit({})", fit_args.join(", ")));
    if data.has_test {
        l.push(String::new());
        l.push("print(model.evaluate(X_test, y_test))".into());
    }
    l.push(String::new());
    l.join("\n")
}

/// A Jupyter notebook (nbformat 4) that Colab opens: a title cell and the code.
pub fn notebook(code: &str, title: &str) -> String {
    let source: Vec<String> = code.lines().map(|l| format!("{l}\n")).collect();
    json!({
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": { "name": "python3", "display_name": "Python 3", "language": "python" },
            "language_info": { "name": "python" },
            "colab": { "provenance": [] }
        },
        "cells": [
            {
                "cell_type": "markdown",
                "id": "title",
                "metadata": {},
                "source": [format!("# {}\n", title.replace(['\n', '\r'], " ")), "Exported from Noriteo (놀이터). Run all cells in Colab or any Python with TensorFlow.\n"]
            },
            {
                "cell_type": "code",
                "id": "code",
                "metadata": {},
                "execution_count": null,
                "outputs": [],
                "source": source
            }
        ]
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{CompileSpec, EarlyStoppingSpec, FitSpec, ModelSpec};
    use crate::OptimizerConfig;

    fn thoracic() -> TrainingSpec {
        TrainingSpec {
            model: ModelSpec {
                input_shape: vec![],
                layers: vec![
                    LayerSpec::dense_input(30, "relu", 17),
                    LayerSpec::dense(1, "sigmoid"),
                ],
                name: None,
            },
            compile: CompileSpec {
                optimizer: OptimizerSpec::Name("adam".into()),
                loss: Some(LossSpec::Name("binary_crossentropy".into())),
                metrics: vec!["accuracy".into()],
            },
            fit: FitSpec {
                epochs: 100,
                batch_size: 10,
                ..Default::default()
            },
            seed: 3,
        }
    }

    #[test]
    fn lecture_style_code() {
        let data = DataCode {
            imports: vec![],
            lines: vec!["X, y = np.zeros((470, 17)), np.zeros(470)".into()],
            has_test: false,
            input_shape: Vec::new(),
        };
        let code = keras_code(&thoracic(), &data, "폐암 수술 환자 생존율");
        assert!(code.contains("model = Sequential()\nmodel.add(Dense(30, input_dim=17, activation='relu'))\nmodel.add(Dense(1, activation='sigmoid'))"), "{code}");
        assert!(
            code.contains(
                "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])"
            ),
            "{code}"
        );
        assert!(
            code.contains("history = model.fit(X, y, epochs=100, batch_size=10)"),
            "{code}"
        );
    }

    #[test]
    fn objects_callbacks_and_images() {
        let mut s = thoracic();
        s.model = ModelSpec {
            input_shape: vec![28, 28],
            layers: vec![
                LayerSpec::flatten(),
                LayerSpec::dense(128, "relu"),
                LayerSpec::dropout(0.2),
                LayerSpec::dense(10, "linear"),
            ],
            name: None,
        };
        s.compile.optimizer = OptimizerSpec::Config(OptimizerConfig {
            name: "sgd".into(),
            learning_rate: Some(0.03),
            momentum: Some(0.9),
            ..Default::default()
        });
        s.compile.loss = Some(LossSpec::Config {
            name: "sparse_categorical_crossentropy".into(),
            from_logits: true,
            delta: None,
        });
        s.fit.validation_split = 0.2;
        s.fit.early_stopping = Some(EarlyStoppingSpec {
            patience: 10,
            ..Default::default()
        });
        let code = keras_code(&s, &DataCode::default(), "t");
        assert!(
            code.contains("model.add(Flatten(input_shape=(28, 28)))"),
            "{code}"
        );
        assert!(code.contains("model.add(Dropout(0.2))"), "{code}");
        assert!(
            code.contains("optimizer=tf.keras.optimizers.SGD(learning_rate=0.03, momentum=0.9)"),
            "{code}"
        );
        assert!(
            code.contains("loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
            "{code}"
        );
        assert!(
            code.contains("early_stopping = EarlyStopping(monitor='val_loss', patience=10)"),
            "{code}"
        );
        assert!(
            code.contains("validation_split=0.2, callbacks=[early_stopping])"),
            "{code}"
        );
    }

    #[test]
    fn hostile_names_stay_strings() {
        assert_eq!(py_str("a'b\\c\nd"), "'a\\'b\\\\c\\nd'");
        let mut s = thoracic();
        if let LayerSpec::Dense(d) = &mut s.model.layers[1] {
            d.name = Some("x'); import os; os.system('rm -rf /') #".into());
        }
        let code = keras_code(&s, &DataCode::default(), "t");
        assert!(
            code.contains("name='x\\'); import os; os.system(\\'rm -rf /\\') #'"),
            "{code}"
        );
        // The notebook is valid JSON holding the same code.
        let nb: serde_json::Value = serde_json::from_str(&notebook(&code, "t")).unwrap();
        let src: String = nb["cells"][1]["source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(src.trim_end(), code.trim_end());
    }

    /// The exported code must be valid Python: parse it with the machine's python3
    /// (always present where the tests run), hostile names included.
    #[test]
    fn exported_code_parses_as_python() {
        let mut s = thoracic();
        if let LayerSpec::Dense(d) = &mut s.model.layers[0] {
            d.name = Some("evil'''\"\"\"\n\\".into());
        }
        s.fit.early_stopping = Some(EarlyStoppingSpec::default());
        let data = DataCode {
            imports: vec![],
            lines: vec![format!(
                "df = pd.read_csv({}, header=None)",
                py_str("https://example.org/a'b.csv")
            )],
            has_test: true,
            input_shape: Vec::new(),
        };
        let code = keras_code(&s, &data, "title\nwith newline");
        let out = std::process::Command::new("python3")
            .args(["-c", "import ast,sys; ast.parse(sys.stdin.read())"])
            .stdin(std::process::Stdio::piped())
            .output_with_stdin(&code);
        match out {
            Some(status) => assert!(status, "python3 could not parse:\n{code}"),
            None => eprintln!("skipped: python3 not found"),
        }
    }

    trait WithStdin {
        fn output_with_stdin(&mut self, input: &str) -> Option<bool>;
    }

    impl WithStdin for std::process::Command {
        fn output_with_stdin(&mut self, input: &str) -> Option<bool> {
            use std::io::Write;
            let mut child = self.stdout(std::process::Stdio::null()).spawn().ok()?;
            child.stdin.take()?.write_all(input.as_bytes()).ok()?;
            Some(child.wait().ok()?.success())
        }
    }
}
