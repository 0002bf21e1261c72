//! Running a cell in slices, as the notebook page's worker does: `start_cell`, then `poll`
//! with a time budget until `Done`; a `fit` trains across polls, a Stop ends it within one
//! poll keeping the weights, files are asked of the host and the cell resumes.

use std::cell::Cell;

use noriteo_core::messages::Lang;
use noriteo_notebook::{CellResult, Kernel, Poll};
use serde_json::json;

thread_local! {
    static NOW: Cell<f64> = const { Cell::new(0.0) };
}

/// A clock that moves one millisecond each time it is read, so a poll's budget is a number
/// of readings, the same on any machine.
fn ticking_clock() -> f64 {
    NOW.with(|t| {
        t.set(t.get() + 1.0);
        t.get()
    })
}

fn kernel() -> Kernel {
    let mut k = Kernel::new();
    k.set_clock(ticking_clock);
    k
}

fn run(k: &mut Kernel, src: &str) -> String {
    let r = k.run_cell(src);
    if let Some(e) = &r.error {
        panic!("{src}\n{}", e.traceback(Lang::En));
    }
    format!("{}{}", r.stdout(), r.shown().unwrap_or_default())
}

/// Polls to the end; how many polls said Running.
fn finish(k: &mut Kernel, budget_ms: f64) -> (CellResult, usize) {
    let mut running = 0;
    loop {
        match k.poll(budget_ms) {
            Poll::Done(r) => return (r, running),
            Poll::Running => running += 1,
            Poll::NeedFile { path } => panic!("unexpected file request {path}"),
        }
    }
}

const SETUP: &str = "import numpy as np\nimport tensorflow as tf\n\
    from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n\
    np.random.seed(11)\nX = np.random.rand(120, 4)\ny = (X[:, 0] + X[:, 1] > 1).astype('float32')\n\
    tf.random.set_seed(7)\n\
    m = Sequential([Dense(8, activation='relu', input_dim=4), Dense(1, activation='sigmoid')])\n\
    m.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])";

const FIT: &str = "h = m.fit(X, y, epochs=6, batch_size=16, validation_split=0.2, verbose=0)";

const SHOW_HISTORY: &str = "print([(k, [repr(v) for v in vs]) for k, vs in h.history.items()])";

#[test]
fn a_polled_fit_runs_in_slices_and_gives_the_same_history_as_run_cell() {
    let mut whole = kernel();
    run(&mut whole, SETUP);
    run(&mut whole, FIT);
    let expected = run(&mut whole, SHOW_HISTORY);
    assert!(expected.contains("'val_accuracy'"), "{expected}");

    let mut sliced = kernel();
    run(&mut sliced, SETUP);
    sliced.start_cell(FIT);
    let (r, running) = finish(&mut sliced, 3.0);
    assert!(r.error.is_none(), "{:?}", r.error);
    // 6 epochs of 6 batches, about one batch per poll.
    assert!(running >= 5, "only {running} Running polls");
    assert_eq!(run(&mut sliced, SHOW_HISTORY), expected);
    assert_eq!(run(&mut sliced, "h.epoch"), "[0, 1, 2, 3, 4, 5]");
}

#[test]
fn interrupt_ends_a_fit_within_one_poll_and_keeps_its_weights() {
    let mut k = kernel();
    run(&mut k, SETUP);
    run(&mut k, "untrained = m.evaluate(X, y, verbose=0)[0]");
    k.start_cell(
        "print('학습')\nh = m.fit(X, y, epochs=400, batch_size=8, verbose=0)\nprint('끝')",
    );
    for _ in 0..40 {
        assert!(matches!(k.poll(3.0), Poll::Running));
    }
    k.interrupt();
    let Poll::Done(r) = k.poll(3.0) else {
        panic!("the poll after interrupt() must end the cell");
    };
    let e = r.error.clone().expect("KeyboardInterrupt");
    assert_eq!(e.ename, "KeyboardInterrupt");
    assert_eq!(e.line(), Some(2));
    assert_eq!(
        e.text(Lang::En),
        "KeyboardInterrupt: the cell was interrupted"
    );
    assert_eq!(
        e.text(Lang::Ko),
        "KeyboardInterrupt: 셀 실행을 중단했습니다"
    );
    assert_eq!(r.stdout(), "학습\n");
    // The weights trained in the 40 slices stay: the loss is lower than before training.
    let out = run(
        &mut k,
        "trained = m.evaluate(X, y, verbose=0)[0]\nprint(trained < untrained, untrained - trained > 0.01)",
    );
    assert_eq!(out, "True True\n");
}

#[test]
fn text_printed_before_a_fit_comes_out_before_the_fit_ends() {
    let mut k = kernel();
    run(&mut k, SETUP);
    k.start_cell("print('학습을 시작합니다')\nh = m.fit(X, y, epochs=3, batch_size=16, verbose=2)\nlen(h.epoch)");
    assert!(matches!(k.poll(3.0), Poll::Running));
    assert!(matches!(k.poll(3.0), Poll::Running));
    assert_eq!(
        k.take_outputs(),
        vec![json!({"output_type": "stream", "name": "stdout", "text": "학습을 시작합니다\n"})]
    );
    assert_eq!(k.take_outputs(), Vec::<serde_json::Value>::new());
    let (r, _) = finish(&mut k, 3.0);
    let rest = k.take_outputs();
    // Keras' epoch lines, then the shown value; the first line is not given twice.
    assert_eq!(rest.len(), 2, "{rest:?}");
    assert!(rest[0]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Epoch 1/3\n") && t.matches("Epoch ").count() == 3));
    assert_eq!(rest[1]["data"]["text/plain"], "3");
    assert_eq!(rest[1]["execution_count"], 2);
    // Done's result has everything, as run_cell gives it.
    assert!(r.stdout().starts_with("학습을 시작합니다\nEpoch 1/3\n"));
    assert_eq!(r.shown(), Some("3"));
}

#[test]
fn a_statement_that_prints_and_fits_prints_once() {
    let mut k = kernel();
    run(&mut k, SETUP);
    k.start_cell(
        "def train(n):\n    print('epochs:', n)\n    hist = m.fit(X, y, epochs=n, verbose=0)\n    print('done')\n    return hist\n\
         h = train(2)\nprint(len(h.history['loss']), h.epoch)",
    );
    let (r, running) = finish(&mut k, 2.0);
    assert!(r.error.is_none(), "{:?}", r.error);
    assert!(running > 0);
    assert_eq!(r.stdout(), "epochs: 2\ndone\n2 [0, 1]\n");
    // Two fits in one statement: each trains once, in order.
    k.start_cell("a, b = m.fit(X, y, epochs=1, verbose=0), m.fit(X, y, epochs=2, verbose=0)\nprint(a.epoch, b.epoch, a is not b)");
    let (r, _) = finish(&mut k, 2.0);
    assert_eq!(r.stdout(), "[0] [0, 1] True\n");
}

const URL: &str = "https://github.com/taehojo/data/blob/master/ko-lemonade.csv?raw=true";

#[test]
fn read_csv_of_a_url_asks_the_host_and_resumes() {
    let mut k = kernel();
    k.start_cell(&format!(
        "import pandas as pd\nprint('읽기')\ndf = pd.read_csv('{URL}')\n\
         again = pd.read_csv('https://raw.githubusercontent.com/taehojo/data/master/ko-lemonade.csv')\n\
         print(df.shape, again.shape)\ndf.head(2)"
    ));
    let Poll::NeedFile { path } = k.poll(1000.0) else {
        panic!("read_csv of a URL must ask for it");
    };
    assert_eq!(path, URL);
    // Asked again while unanswered.
    assert!(matches!(k.poll(1000.0), Poll::NeedFile { .. }));
    // Answered under another spelling of the same raw address.
    k.provide_file(
        "https://raw.githubusercontent.com/taehojo/data/refs/heads/master/ko-lemonade.csv",
        Ok("온도,판매량\n20,40\n21,42\n22,44\n".as_bytes().to_vec()),
    );
    let (r, _) = finish(&mut k, 1000.0);
    assert!(r.error.is_none(), "{:?}", r.error);
    // The second read, of another spelling of the address, was not asked again.
    assert_eq!(r.stdout(), "읽기\n(3, 2) (3, 2)\n");
    assert_eq!(r.shown(), Some("   온도  판매량\n0  20   40\n1  21   42"));
}

#[test]
fn a_failed_fetch_is_a_clear_error_with_the_url_and_the_next_cell_runs() {
    let mut k = kernel();
    k.start_cell(&format!("import pandas as pd\ndf = pd.read_csv('{URL}')"));
    assert!(matches!(k.poll(1000.0), Poll::NeedFile { .. }));
    k.provide_file(URL, Err("HTTP 404".into()));
    let (r, _) = finish(&mut k, 1000.0);
    let e = r.error.expect("FileNotFoundError");
    assert_eq!(e.ename, "FileNotFoundError");
    assert_eq!(e.line(), Some(2));
    assert_eq!(
        e.message.text(Lang::En),
        format!("[Errno 2] could not read '{URL}': HTTP 404")
    );
    assert_eq!(
        e.message.text(Lang::Ko),
        format!("'{URL}'을(를) 읽지 못했습니다: HTTP 404")
    );
    // A cell left waiting for a file never answered does not break the next one.
    k.start_cell(&format!("pd.read_csv('{URL}.2')"));
    assert!(matches!(k.poll(1000.0), Poll::NeedFile { .. }));
    k.start_cell("x = 6 * 7\nx");
    let (r, _) = finish(&mut k, 1000.0);
    assert_eq!((r.error.is_none(), r.shown()), (true, Some("42")));
}

#[test]
fn a_long_top_level_loop_yields() {
    let mut k = kernel();
    k.start_cell("total = 0\nfor i in range(3000):\n    if i % 2 == 0:\n        total += i\n    else:\n        continue\nn = 0\nwhile n < 500:\n    n += 1\n    if n == 400:\n        break\nelse:\n    n = -1\nif total > 0:\n    for j in range(10):\n        if j == 3:\n            break\nelse:\n    j = -1\nprint(total, n, j)");
    let (r, running) = finish(&mut k, 50.0);
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.stdout(), "2248500 400 3\n");
    assert!(running > 10, "{running}");
}

#[test]
fn restart_clears_every_variable_and_the_count() {
    let mut k = kernel();
    run(&mut k, "import numpy as np\nx = np.arange(3)");
    k.restart();
    let r = k.run_cell("x");
    assert_eq!(r.error.map(|e| e.ename), Some("NameError"));
    assert_eq!(r.execution_count, 1);
    let r = k.run_cell("np");
    assert_eq!(r.error.map(|e| e.ename), Some("NameError"));
    // Settings stay: the clock still ticks a poll's budget.
    assert_eq!(
        run(&mut k, "import numpy as np\nint(np.arange(4).sum())"),
        "6"
    );
}

#[test]
fn a_def_that_builds_fits_and_returns_a_model_returns_the_trained_model() {
    let mut k = kernel();
    run(&mut k, SETUP);
    let out = run(
        &mut k,
        "log = []\n\
         def build_and_train(epochs):\n\
         \x20   log.append(epochs)\n\
         \x20   r = np.random.rand()\n\
         \x20   model = Sequential([Dense(4, activation='relu', input_dim=4), Dense(1, activation='sigmoid')])\n\
         \x20   model.compile(loss='binary_crossentropy', optimizer='adam')\n\
         \x20   before = model.evaluate(X, y, verbose=0)\n\
         \x20   hist = model.fit(X, y, epochs=epochs, verbose=0)\n\
         \x20   return model, hist, before, r\n\
         np.random.seed(3)\n\
         model2, h2, before, r = build_and_train(5)\n\
         after = np.random.rand()\n\
         print(model2.history is h2, h2.epoch, model2.evaluate(X, y, verbose=0) < before, log)\n\
         np.random.seed(3)\n\
         print(np.random.rand() == r, np.random.rand() == after)",
    );
    // The model that fit trained comes back (not a second, untrained one), the list got one
    // element and numpy drew each number once, as in Python.
    assert_eq!(out, "True [0, 1, 2, 3, 4] True [5]\nTrue True\n");
}
