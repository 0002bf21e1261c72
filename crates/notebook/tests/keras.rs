//! TensorFlow/Keras in the notebook: every import style, the same History as the engine's
//! session path bit for bit for the same seed, the engine's summary text, Keras' output for
//! each `verbose`, interrupting a fit, callbacks, datasets through the host, and Keras-style
//! errors with their lines.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::Ordering;

use ndarray::Array2;
use noriteo_core::data::Features;
use noriteo_core::messages::Lang;
use noriteo_core::session::fit_seed;
use noriteo_core::spec::{
    CompileSpec, EarlyStoppingSpec, FitSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec,
    TrainingSpec,
};
use noriteo_core::{FitSession, History, OptimizerConfig, Sequential};
use noriteo_notebook::eval::FileSource;
use noriteo_notebook::modules::numpy::NdArray;
use noriteo_notebook::value::Value;
use noriteo_notebook::Kernel;

fn run(kernel: &mut Kernel, src: &str) -> String {
    let r = kernel.run_cell(src);
    if let Some(e) = &r.error {
        panic!("{src}\n{}", e.traceback(Lang::En));
    }
    format!("{}{}", r.stdout(), r.shown().unwrap_or_default())
}

/// The error a cell stops with: its name, line and English text.
fn error(kernel: &mut Kernel, src: &str) -> (String, Option<u32>, String) {
    let r = kernel.run_cell(src);
    let e = r.error.unwrap_or_else(|| panic!("no error from {src}"));
    (e.ename.to_string(), e.line(), e.message.text(Lang::En))
}

fn matrix(kernel: &Kernel, name: &str) -> Array2<f32> {
    let v = kernel.global(name).expect(name);
    NdArray::of(&v)
        .expect("an array")
        .to_f32_matrix()
        .expect("2-D")
}

/// `history.history` of a notebook variable, as the engine's `History` (Python floats back
/// to the f32 they were widened from, which is exact).
fn notebook_history(kernel: &mut Kernel, name: &str) -> History {
    let keys = run(kernel, &format!("print(list({name}.history.keys()))"));
    let mut history = History::default();
    for key in keys
        .trim()
        .trim_matches(['[', ']'])
        .split(", ")
        .map(|k| k.trim_matches('\''))
    {
        let values = run(
            kernel,
            &format!("print(' '.join(repr(v) for v in {name}.history['{key}']))"),
        );
        let values: Vec<f32> = values
            .split_whitespace()
            .map(|v| v.parse::<f64>().expect("a float") as f32)
            .collect();
        history.history.push((key.to_string(), values));
    }
    let epochs = run(
        kernel,
        &format!("print(' '.join(str(e) for e in {name}.epoch))"),
    );
    history.epoch = epochs
        .split_whitespace()
        .map(|e| e.parse().expect("an int"))
        .collect();
    history
}

/// The playground's session path for a setup: the plan checked once, the model built from it
/// with the setup's seed, then `fits` fits seeded by `fit_seed`.
fn engine_histories(
    spec: &TrainingSpec,
    x: &Array2<f32>,
    y: &Array2<f32>,
    fits: u64,
) -> (Vec<History>, Sequential) {
    let plan = spec.plan(None).expect("a valid setup");
    let mut model = Sequential::from_plan(&plan.model, plan.seed).expect("model");
    model.compile_plan(&plan.compile).expect("compile");
    let x = Features::F32(x.clone());
    let histories = (0..fits)
        .map(|i| {
            let mut s = FitSession::new(&mut model, &x, y, &plan.fit, fit_seed(plan.seed, i), None)
                .expect("fit");
            s.run(&mut model, &x, y, |_| {}).expect("train");
            s.history().clone()
        })
        .collect();
    (histories, model)
}

const DATA: &str = "import numpy as np\nnp.random.seed(11)\nX = np.random.rand(120, 4)\n\
                    y = (X[:, 0] + X[:, 1] > 1).astype('float32')\n";

#[test]
fn same_seed_same_history_as_the_session_bit_for_bit() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    run(
        &mut k,
        "import tensorflow as tf\nfrom tensorflow.keras.models import Sequential\n\
         from tensorflow.keras.layers import Dense, Dropout\n\
         tf.random.set_seed(7)\n\
         model = Sequential()\n\
         model.add(Dense(8, activation='relu', input_dim=4))\n\
         model.add(Dropout(0.2))\n\
         model.add(Dense(1, activation='sigmoid'))\n\
         model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n\
         h1 = model.fit(X, y, epochs=6, batch_size=16, validation_split=0.25, verbose=0)\n\
         h2 = model.fit(X, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)\n\
         w = model.get_weights()",
    );
    let (x, y) = (matrix(&k, "X"), matrix(&k, "y"));
    let mut spec = TrainingSpec {
        model: ModelSpec {
            input_shape: Vec::new(),
            layers: vec![
                LayerSpec::dense_input(8, "relu", 4),
                LayerSpec::dropout(0.2),
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
            epochs: 6,
            batch_size: 16,
            validation_split: 0.25,
            ..FitSpec::default()
        },
        seed: 7,
    };
    let (first, _) = engine_histories(&spec, &x, &y, 1);
    assert_eq!(notebook_history(&mut k, "h1"), first[0]);
    assert_eq!(
        first[0]
            .history
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>(),
        ["loss", "accuracy", "val_loss", "val_accuracy"]
    );
    // The second fit shuffles from the next seed, as the session's second Train does; the
    // engine's run is epochs 6 then 2 on the same model.
    let plan = spec.plan(None).expect("plan");
    let mut model = Sequential::from_plan(&plan.model, plan.seed).expect("model");
    model.compile_plan(&plan.compile).expect("compile");
    let features = Features::F32(x.clone());
    let mut histories = Vec::new();
    for (i, epochs) in [6, 2].into_iter().enumerate() {
        spec.fit.epochs = epochs;
        let fit = spec.plan(None).expect("plan").fit;
        let mut s = FitSession::new(&mut model, &features, &y, &fit, fit_seed(7, i as u64), None)
            .expect("fit");
        s.run(&mut model, &features, &y, |_| {}).expect("train");
        histories.push(s.history().clone());
    }
    assert_eq!(notebook_history(&mut k, "h2"), histories[1]);
    let weights = run(
        &mut k,
        "print(' '.join(repr(float(v)) for a in w for v in a.flatten()))",
    );
    let ours: Vec<f32> = weights
        .split_whitespace()
        .map(|v| v.parse::<f64>().expect("float") as f32)
        .collect();
    assert_eq!(ours, model.get_weights().concat());
}

#[test]
fn optimizer_objects_early_stopping_and_multiclass_match_the_engine() {
    let mut k = Kernel::new();
    run(
        &mut k,
        "import numpy as np\nimport keras\nfrom keras import layers\n\
         keras.utils.set_random_seed(5)\n\
         X = np.random.randn(90, 3)\ny = np.argmax(X, axis=1)\n\
         model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(6, activation='tanh'),\n\
                                   layers.Dense(3, activation='softmax')])\n\
         model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),\n\
                       loss=keras.losses.SparseCategoricalCrossentropy(), metrics=['accuracy'])\n\
         es = keras.callbacks.EarlyStopping(monitor='val_loss', patience=2, restore_best_weights=True)\n\
         h = model.fit(X, y, epochs=40, batch_size=8, validation_split=0.2, callbacks=[es], verbose=0)",
    );
    let (x, y) = (matrix(&k, "X"), matrix(&k, "y"));
    let spec = TrainingSpec {
        model: ModelSpec {
            input_shape: vec![3],
            layers: vec![LayerSpec::dense(6, "tanh"), LayerSpec::dense(3, "softmax")],
            name: None,
        },
        compile: CompileSpec {
            optimizer: OptimizerSpec::Config(OptimizerConfig {
                name: "adam".into(),
                learning_rate: Some(0.05),
                ..Default::default()
            }),
            loss: Some(LossSpec::Config {
                name: "sparse_categorical_crossentropy".into(),
                from_logits: false,
                delta: None,
            }),
            metrics: vec!["accuracy".into()],
        },
        fit: FitSpec {
            epochs: 40,
            batch_size: 8,
            validation_split: 0.2,
            shuffle: true,
            early_stopping: Some(EarlyStoppingSpec {
                patience: 2,
                restore_best_weights: true,
                ..Default::default()
            }),
        },
        seed: 5,
    };
    let (engine, model) = engine_histories(&spec, &x, &y, 1);
    let ours = notebook_history(&mut k, "h");
    assert_eq!(ours, engine[0]);
    assert!(ours.epoch.len() < 40, "early stopping stopped it");
    let weights = run(
        &mut k,
        "print(' '.join(repr(float(v)) for a in model.get_weights() for v in a.flatten()))",
    );
    let ours: Vec<f32> = weights
        .split_whitespace()
        .map(|v| v.parse::<f64>().expect("float") as f32)
        .collect();
    assert_eq!(
        ours,
        model.get_weights().concat(),
        "the restored best weights"
    );
}

#[test]
fn every_import_style_reaches_the_same_objects() {
    let mut k = Kernel::new();
    let out = run(
        &mut k,
        "import tensorflow as tf\nfrom tensorflow import keras\nimport keras as k2\n\
         from tensorflow.keras.models import Sequential\n\
         from tensorflow.keras.layers import Dense, Dropout, Flatten, Activation, Input, Softmax\n\
         from tensorflow.keras.callbacks import EarlyStopping\n\
         from tensorflow.keras.utils import to_categorical\n\
         from keras.models import Sequential as S2\n\
         from keras import layers\n\
         from keras.datasets import mnist, fashion_mnist\n\
         import tensorflow.keras.layers\n\
         print(tf.keras is keras, keras is k2, Sequential is S2 is keras.Sequential,\n\
               layers.Dense is Dense is tf.keras.layers.Dense, tf.keras.callbacks.EarlyStopping is EarlyStopping,\n\
               keras.utils.to_categorical is to_categorical, keras.datasets.mnist is mnist)\n\
         print(tf.keras.optimizers.Adam(learning_rate=0.01).learning_rate, tf.keras.optimizers.Adam().learning_rate)\n\
         print(sorted(n for n in dir(tf.keras.activations) if not n.startswith('_'))[:5])",
    );
    assert_eq!(
        out,
        "True True True True True True True\n0.009999999776482582 0.0010000000474974513\n\
         ['elu', 'exponential', 'gelu', 'get', 'hard_sigmoid']\n"
    );
}

#[test]
fn summary_is_the_engines_and_layers_are_named_as_keras_names_them() {
    let mut k = Kernel::new();
    let out = run(
        &mut k,
        "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, Flatten, Dropout\n\
         m = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation='relu'), Dropout(0.2), Dense(10, activation='softmax')])\n\
         m.summary()",
    );
    let engine = Sequential::from_spec(
        &ModelSpec {
            input_shape: vec![28, 28],
            layers: vec![
                LayerSpec::flatten(),
                LayerSpec::dense(128, "relu"),
                LayerSpec::dropout(0.2),
                LayerSpec::dense(10, "softmax"),
            ],
            name: Some("sequential".into()),
        },
        0,
    )
    .expect("model");
    assert_eq!(out, format!("{}\n", engine.summary().expect("summary")));
    // A second model's layers count on, as in one Keras session.
    let out = run(
        &mut k,
        "m2 = Sequential()\nm2.add(Dense(4, input_shape=(3,)))\nm2.add(Dense(1))\n\
         print(m2.name, [l.name for l in m2.layers], m2.count_params(), m2.input_shape, m2.output_shape)\n\
         print(m2.layers[0].get_weights()[0].shape, m2.layers[0].units, m2.layers[1].activation.__name__)",
    );
    assert_eq!(
        out,
        "sequential_1 ['dense_2', 'dense_3'] 21 (None, 3) (None, 1)\n(3, 4) 4 linear\n"
    );
}

#[test]
fn verbose_output_is_keras_text_per_epoch() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    run(
        &mut k,
        "from keras.models import Sequential\nfrom keras.layers import Dense\n\
         m = Sequential([Dense(1, activation='sigmoid', input_dim=4)])\n\
         m.compile(loss='binary_crossentropy', metrics=['accuracy'])",
    );
    let out = run(&mut k, "h = m.fit(X, y, epochs=2, batch_size=50)");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], "Epoch 1/2");
    assert!(
        lines[1].starts_with("3/3 [==============================] - "),
        "{out}"
    );
    assert!(lines[1].contains("/step - loss: "), "{out}");
    assert!(lines[1].contains(" - accuracy: "), "{out}");
    assert_eq!(lines[2], "Epoch 2/2");
    let out = run(&mut k, "h = m.fit(X, y, epochs=1, verbose=2)");
    assert!(
        out.starts_with("4/4 - "),
        "no Epoch line for one epoch: {out}"
    );
    assert!(
        out.ends_with("/step\n") && out.contains("/epoch - "),
        "{out}"
    );
    assert_eq!(run(&mut k, "h = m.fit(X, y, epochs=3, verbose=0)"), "");
    let out = run(&mut k, "m.evaluate(X, y, verbose=0)");
    assert!(
        out.starts_with('[') && out.matches(", ").count() == 1,
        "{out}"
    );
    let out = run(
        &mut k,
        "m.compile(loss='binary_crossentropy')\nprint(m.optimizer.name, m.optimizer.learning_rate)\nm.evaluate(X, y, verbose=0)",
    );
    let out = out
        .strip_prefix("rmsprop 0.0010000000474974513\n")
        .unwrap_or_else(|| panic!("Keras' default optimizer: {out}"));
    assert!(out.parse::<f64>().is_ok(), "a float without metrics: {out}");
    let out = run(&mut k, "p = m.predict(X, verbose=0)\nprint(p.dtype, p.shape, m(X[:2]).numpy().dtype, m(X[:2]).shape)");
    assert_eq!(out, "float32 (120, 1) float32 (2, 1)\n");
}

#[test]
fn interrupting_a_fit_keeps_the_weights_trained_so_far() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    run(
        &mut k,
        "from keras.models import Sequential\nfrom keras.layers import Dense\n\
         m = Sequential([Dense(1, activation='sigmoid', input_dim=4)])\n\
         m.compile(loss='binary_crossentropy', optimizer='sgd')\nw0 = m.get_weights()[0].copy()",
    );
    let flag = k.interrupt_handle();
    let lines = Rc::new(RefCell::new(Vec::<String>::new()));
    let seen = lines.clone();
    // The page's Stop button, pressed while the 3rd batch's line is shown.
    k.set_progress_hook(Some(Rc::new(move |line: &str| {
        seen.borrow_mut().push(line.to_string());
        if seen.borrow().len() == 3 {
            flag.store(true, Ordering::Relaxed);
        }
    })));
    let r = k.run_cell("h = m.fit(X, y, epochs=50, batch_size=10)");
    let e = r.error.expect("interrupted");
    assert_eq!(e.ename, "KeyboardInterrupt");
    assert_eq!(e.line(), Some(1));
    let lines = lines.borrow();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with(" 1/12 [=>...") && lines[0].contains("ETA"),
        "{lines:?}"
    );
    k.set_progress_hook(None);
    assert_eq!(
        run(
            &mut k,
            "print((m.get_weights()[0] != w0).any(), m.history.epoch)"
        ),
        "True []\n"
    );
}

#[test]
fn python_callbacks_see_each_epoch_and_can_stop_training() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    let out = run(
        &mut k,
        "import tensorflow as tf\n\
         class Printer(tf.keras.callbacks.Callback):\n\
         \x20   def on_epoch_end(self, epoch, logs=None):\n\
         \x20       print('epoch', epoch, sorted(logs), type(logs['loss']).__name__)\n\
         \x20       if epoch == 2:\n\
         \x20           self.model.stop_training = True\n\
         m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_dim=4)])\n\
         m.compile(loss='mse')\n\
         h = m.fit(X, y, epochs=10, verbose=0, callbacks=[Printer()])\n\
         print(h.epoch, len(h.history['loss']))",
    );
    assert_eq!(
        out,
        "epoch 0 ['loss'] float\nepoch 1 ['loss'] float\nepoch 2 ['loss'] float\n[0, 1, 2] 3\n"
    );
}

/// Serves made-up IDX files under the bundled names (plain bytes: gzip is optional).
struct Idx;

impl FileSource for Idx {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let n: u32 = if path.contains("train") { 3 } else { 2 };
        let mut b = Vec::new();
        if path.ends_with("images.idx.gz") {
            for v in [0x803u32, n, 2, 2] {
                b.extend(v.to_be_bytes());
            }
            b.extend((0..n * 4).map(|i| i as u8));
        } else if path.ends_with("labels.idx.gz") {
            for v in [0x801u32, n] {
                b.extend(v.to_be_bytes());
            }
            b.extend((0..n).map(|i| i as u8 + 1));
        }
        match path {
            p if p.starts_with("mnist-") => Ok(b),
            _ => Err("not found".into()),
        }
    }
}

#[test]
fn mnist_loads_through_the_host_and_a_missing_set_says_so() {
    let mut k = Kernel::new();
    k.set_file_source(Rc::new(Idx));
    let out = run(
        &mut k,
        "from tensorflow.keras.datasets import mnist, fashion_mnist\n\
         (x_train, y_train), (x_test, y_test) = mnist.load_data()\n\
         print(x_train.shape, x_train.dtype, y_train, x_test.shape, x_train[1])",
    );
    assert_eq!(out, "(3, 2, 2) uint8 [1 2 3] (2, 2, 2) [[4 5]\n [6 7]]\n");
    let (ename, line, text) = error(&mut k, "x = 1\nfashion_mnist.load_data()");
    assert_eq!((ename.as_str(), line), ("OSError", Some(2)));
    assert_eq!(
        text,
        "the fashion_mnist data set is not available here: fashion-train-images.idx.gz could not be read (not found)"
    );
    let mut bare = Kernel::new();
    let (ename, _, _) = error(&mut bare, "import keras\nkeras.datasets.mnist.load_data()");
    assert_eq!(ename, "OSError");
}

#[test]
fn to_categorical_losses_activations_and_metrics_on_arrays() {
    let mut k = Kernel::new();
    // The array text is numpy 2's for the same values:
    // python3 -c "import numpy as np; print(repr(np.eye(3, dtype='float32')[[0, 2, 1]]))"
    assert_eq!(
        run(
            &mut k,
            "from keras.utils import to_categorical\nto_categorical([0, 2, 1])"
        ),
        "array([[1., 0., 0.],\n       [0., 0., 1.],\n       [0., 1., 0.]], dtype=float32)"
    );
    assert_eq!(
        run(
            &mut k,
            "import numpy as np\nto_categorical(np.array([[1], [0]]), num_classes=3).shape"
        ),
        "(2, 3)"
    );
    let (ename, _, _) = error(&mut k, "to_categorical([0, 3], num_classes=3)");
    assert_eq!(ename, "IndexError");
    let out = run(
        &mut k,
        "import tensorflow as tf\nfrom tensorflow import keras\n\
         print(keras.losses.MeanSquaredError()(np.array([1.0, 0.0]), np.array([0.5, 0.5])))\n\
         print(keras.losses.mse(np.array([[1.0, 0.0]]), np.array([[0.5, 1.0]])).numpy())\n\
         print(tf.nn.softmax(np.array([0.0, 0.0])).numpy(), keras.activations.relu(np.array([-1.0, 2.0])).numpy())\n\
         m = keras.metrics.AUC()\nm.update_state([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3])\nprint(float(m.result()))",
    );
    assert_eq!(
        out,
        "tf.Tensor(0.25, shape=(), dtype=float32)\n[0.625]\n[0.5 0.5] [0. 2.]\n1.0\n"
    );
}

#[test]
fn keras_errors_name_the_problem_and_the_line() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    run(
        &mut k,
        "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, Input\nimport tensorflow as tf",
    );
    let cases: &[(&str, &str, u32, &str)] = &[
        (
            "m = Sequential([Dense(4, input_dim=3), Dense(1)])\nm.compile(loss='mse')\nm.fit(X, y)",
            "ValueError",
            3,
            "layer 'dense' expected input shape (None, 3), but got (None, 4)",
        ),
        (
            "m = Sequential([Dense(1, input_dim=4)])\nm.fit(X, y)",
            "RuntimeError",
            2,
            "",
        ),
        (
            "Dense(4, activation='relux')",
            "ValueError",
            1,
            "unknown activation",
        ),
        (
            "m = Sequential([Dense(1, input_dim=4)])\nm.compile(loss='mse', metrics=[tf.keras.metrics.AUC])",
            "TypeError",
            2,
            "write keras.metrics.AUC() with parentheses",
        ),
        (
            "Sequential([Dense(1), Input(shape=(4,))])",
            "ValueError",
            1,
            "Input() can only be the first item",
        ),
        ("Sequential([1])", "TypeError", 1, "Only instances of `keras.Layer`"),
        ("Dense(units='8')", "TypeError", 1, "argument 'units' must be an int"),
        ("Dense(8, kernel_regularizer='l2')", "NotImplementedError", 1, "kernel_regularizer"),
        (
            "m = Sequential([Dense(1, input_dim=4)])\nm.compile(loss='mse')\nm.fit(X, y, batch_size=0)",
            "ValueError",
            3,
            "batch_size",
        ),
        ("Sequential().summary()", "ValueError", 1, ""),
        ("tf.keras.optimizers.Adam(learning_rate=-1)", "ValueError", 1, ""),
        (
            "from tensorflow.keras.layers import Conv2D, MaxPooling2D\nConv2D(32, (3, 3))",
            "NotImplementedError",
            2,
            "keras.layers.Conv2D is not supported in this notebook; the exported notebook runs it in Colab",
        ),
        (
            "from tensorflow.keras.callbacks import ModelCheckpoint\nModelCheckpoint('best.keras')",
            "NotImplementedError",
            2,
            "ModelCheckpoint",
        ),
        (
            "m = Sequential([Dense(100000)])\nm.compile(loss='mse')\nm.fit(np.zeros((3, 300)), np.zeros(3))",
            "ValueError",
            3,
            "the model would have 30100000 parameters by this layer",
        ),
    ];
    for (src, ename, line, text) in cases {
        let (got_name, got_line, got_text) = error(&mut k, src);
        assert_eq!(
            (got_name.as_str(), got_line),
            (*ename, Some(*line)),
            "{src}: {got_text}"
        );
        assert!(got_text.contains(text), "{src}: {got_text}");
    }
    // Korean text for the same shape mismatch.
    let r =
        k.run_cell("m = Sequential([Dense(4, input_dim=3)])\nm.compile(loss='mse')\nm.fit(X, y)");
    let e = r.error.expect("error");
    assert!(
        e.message.text(Lang::Ko).contains("레이어는 입력 shape"),
        "{}",
        e.message.text(Lang::Ko)
    );
}

#[test]
fn seeds_from_numpy_keras_and_tensorflow_all_fix_the_engine() {
    let fit = "from keras.models import Sequential\nfrom keras.layers import Dense\n\
               m = Sequential([Dense(3, activation='relu', input_dim=4), Dense(1)])\n\
               m.compile(loss='mse')\nh = m.fit(X, y, epochs=2, verbose=0)\nprint(h.history['loss'])";
    let mut outs = Vec::new();
    for seed in [
        "np.random.seed(4)",
        "import tensorflow as tf\ntf.random.set_seed(4)",
        "import keras\nkeras.utils.set_random_seed(4)",
    ] {
        let mut k = Kernel::new();
        run(&mut k, DATA);
        run(&mut k, seed);
        outs.push(run(&mut k, fit));
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[1], outs[2]);
    let mut k = Kernel::new();
    run(&mut k, DATA);
    run(&mut k, "np.random.seed(5)");
    assert_ne!(run(&mut k, fit), outs[0]);
    let _ = Value::None;
}

#[test]
fn functional_models_metric_objects_and_callback_init() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    let out = run(
        &mut k,
        "from tensorflow import keras\n\
         inputs = keras.Input(shape=(4,))\nh = keras.layers.Dense(5, activation='relu')(inputs)\n\
         outputs = keras.layers.Dense(1, activation='sigmoid')(h)\n\
         model = keras.Model(inputs, outputs)\nprint(outputs)\n\
         model.compile(optimizer='adam', loss='binary_crossentropy',\n\
                       metrics=['accuracy', keras.metrics.AUC(), keras.metrics.Precision(), keras.metrics.Recall()])\n\
         class Count(keras.callbacks.Callback):\n\
         \x20   def __init__(self):\n\
         \x20       super().__init__()\n\
         \x20       self.n = 0\n\
         \x20   def on_epoch_end(self, epoch, logs=None):\n\
         \x20       self.n += 1\n\
         c = Count()\n\
         es = keras.callbacks.EarlyStopping(monitor='val_auc', patience=5)\n\
         h = model.fit(X, y, epochs=2, validation_data=(X[:20], y[:20]), callbacks=[c, es], verbose=0)\n\
         print(list(h.history), c.n, [l.name for l in model.layers])",
    );
    assert_eq!(
        out,
        "<KerasTensor shape=(None, 1), dtype=float32, sparse=False, name=keras_tensor>\n\
         ['loss', 'accuracy', 'auc', 'precision', 'recall', 'val_loss', 'val_accuracy', 'val_auc', 'val_precision', 'val_recall'] 2 ['dense', 'dense_1']\n"
    );
    let summary = run(&mut k, "model.summary()");
    assert!(summary.starts_with("Model: \"model\""), "{summary}");
    assert!(
        summary.contains(" input_1 (InputLayer)        [(None, 4)]               0"),
        "{summary}"
    );
}

/// Made-up data of the shapes a setup takes, with labels its loss accepts, as notebook code.
fn data_cells(spec: &TrainingSpec, sample: &[usize]) -> String {
    let units = match spec.model.layers.last() {
        Some(LayerSpec::Dense(d)) => d.units,
        _ => 1,
    };
    let loss = match &spec.compile.loss {
        Some(LossSpec::Name(n)) => n.clone(),
        Some(LossSpec::Config { name, .. }) => name.clone(),
        None => String::new(),
    };
    let shape = sample
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let y = match loss.as_str() {
        "binary_crossentropy" => "(np.random.rand(64) > 0.5).astype('float32')".to_string(),
        "sparse_categorical_crossentropy" => format!("np.random.randint(0, {units}, size=64)"),
        "categorical_crossentropy" => {
            format!("np.eye({units})[np.random.randint(0, {units}, size=64)]")
        }
        _ => format!("np.random.rand(64, {units})"),
    };
    format!("import numpy as np\nnp.random.seed(99)\nX = np.random.rand(64, {shape})\ny = {y}\n")
}

#[test]
fn each_lessons_exported_code_gives_the_lessons_model_and_history() {
    for lesson in noriteo_core::lessons::catalogue() {
        let mut spec = lesson.setup.clone();
        spec.fit.epochs = spec.fit.epochs.min(3);
        if let Some(es) = &mut spec.fit.early_stopping {
            es.patience = es.patience.min(1);
        }
        let sample = match spec.input_shape() {
            s if !s.is_empty() => s,
            _ => vec![5],
        };
        let code = noriteo_core::codegen::keras_code(&spec, &Default::default(), &lesson.id);
        // The exported code reads its data with pandas, which is not here yet: the data part
        // is replaced by made-up data of the same shapes.
        let code: String = code
            .lines()
            .filter(|l| !l.contains("import pandas") && !l.starts_with("np.random.seed"))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut k = Kernel::new();
        run(&mut k, &data_cells(&spec, &sample));
        let out = run(
            &mut k,
            &code.replace("model.fit(X, y,", "model.fit(X, y, verbose=0,"),
        );
        let plan = spec
            .model
            .plan(Some(&sample))
            .unwrap_or_else(|e| panic!("{}: {e:?}", lesson.id));
        let mut model = Sequential::from_plan(&plan, spec.seed as u64).expect("model");
        assert!(
            out.contains(&model.summary().expect("summary")),
            "{}: {out}",
            lesson.id
        );
        model.compile_spec(&spec.compile).expect("compile");
        let fit = spec
            .fit
            .plan(&spec.compile.metrics)
            .unwrap_or_else(|e| panic!("{}: {e:?}", lesson.id));
        let x = k.global("X").expect("X");
        let x = NdArray::of(&x)
            .expect("an array")
            .to_f64()
            .mapv(|v| v as f32)
            .into_shape_with_order((64, sample.iter().product::<usize>()))
            .expect("rows");
        let y = matrix(&k, "y");
        let features = Features::F32(x);
        let mut s = FitSession::new(
            &mut model,
            &features,
            &y,
            &fit,
            fit_seed(spec.seed as u64, 0),
            None,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
        s.run(&mut model, &features, &y, |_| {}).expect("train");
        assert_eq!(
            notebook_history(&mut k, "history"),
            *s.history(),
            "{}",
            lesson.id
        );
    }
}

#[test]
fn a_shape_mismatch_points_at_the_fit_call_in_both_languages() {
    let mut k = Kernel::new();
    run(&mut k, DATA);
    let r = k.run_cell(
        "from keras.models import Sequential\nfrom keras.layers import Dense\n\
         model = Sequential([Dense(8, input_dim=3), Dense(1)])\nmodel.compile(loss='mse')\n\
         history = model.fit(X, y, epochs=3)",
    );
    let e = r.error.expect("a shape mismatch");
    assert_eq!(e.ename, "ValueError");
    assert_eq!(e.message.code, noriteo_core::messages::Code::ShapeMismatch);
    let span = e.span.expect("a place");
    assert_eq!((span.start.line, span.start.col, span.end.col), (5, 10, 35));
    assert_eq!(
        e.text(Lang::Ko),
        "ValueError: 'dense' 레이어는 입력 shape (None, 3)을(를) 기대했지만 (None, 4)을(를) 받았습니다"
    );
    assert_eq!(
        e.text(Lang::En),
        "ValueError: layer 'dense' expected input shape (None, 3), but got (None, 4)"
    );
}

#[test]
fn a_dataframe_trains_as_its_values_do() {
    let fit = |x: &str, y: &str| {
        let mut k = Kernel::new();
        run(
            &mut k,
            "import numpy as np\nimport pandas as pd\n\
             df = pd.DataFrame({'a': [0.1, 0.5, 0.9, 0.3, 0.7], 'b': [1.0, 0.2, 0.4, 0.8, 0.6],\n\
                                'c': [0, 1, 1, 0, 1]})\n\
             X = df[['a', 'b']]\n",
        );
        run(
            &mut k,
            &format!(
                "from keras.models import Sequential\nfrom keras.layers import Dense\n\
                 m = Sequential([Dense(1, activation='sigmoid', input_dim=2)])\n\
                 m.compile(loss='binary_crossentropy', metrics=['accuracy'])\n\
                 h = m.fit({x}, {y}, epochs=3, batch_size=2, verbose=0)\nprint(h.history, np.array(X).shape)"
            ),
        )
    };
    let frames = fit("X", "df['c']");
    assert_eq!(frames, fit("X.values", "df['c'].values"));
    assert!(frames.ends_with("(5, 2)\n"), "{frames}");
}

/// `fit` fills the rows of the last finished fit again (MNIST's are 188 MB): a smaller data
/// set after a larger one must train and evaluate exactly as in a fresh kernel, with nothing
/// of the larger one's rows left over.
#[test]
fn a_fit_after_a_larger_one_trains_as_in_a_fresh_kernel() {
    const MODEL: &str = "import numpy as np\n\
        from tensorflow import keras\n\
        keras.utils.set_random_seed(7)\n\
        model = keras.Sequential([keras.layers.Dense(4, activation='relu', input_shape=(3,)), keras.layers.Dense(1)])\n\
        model.compile(optimizer='adam', loss='mse')\n";
    const SMALL: &str = "xs = np.arange(30.0).reshape(10, 3) / 30.0\n\
        ys = xs.sum(axis=1)\n\
        h = model.fit(xs, ys, epochs=3, batch_size=4, verbose=0)\n\
        print(repr(h.history['loss'][-1]), repr(model.evaluate(xs, ys, verbose=0)))\n";
    let mut fresh = Kernel::new();
    run(&mut fresh, MODEL);
    let expected = run(&mut fresh, SMALL);

    let mut reused = Kernel::new();
    run(&mut reused, MODEL);
    run(
        &mut reused,
        "big = np.full((200, 3), 9.0)\nmodel.fit(big, big.sum(axis=1), epochs=1, verbose=0)\n",
    );
    run(&mut reused, MODEL);
    assert_eq!(run(&mut reused, SMALL), expected);
}
