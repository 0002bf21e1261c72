//! Lessons and tables of one's own driven through the learner's `Session`, request by
//! request, as the page's worker drives it.

mod support;

use noriteo_core::session::{Request, Response, Session, Slice};
use noriteo_core::{Code, Message};
use serde_json::{json, Value};

fn clock() -> f64 {
    0.0
}

fn try_handle(s: &mut Session, r: Value) -> Result<Response, Message> {
    let r: Request = serde_json::from_value(r).expect("a well-formed request");
    s.handle(r)
}

fn handle(s: &mut Session, r: Value) -> Response {
    try_handle(s, r).unwrap_or_else(|m| panic!("refused: {m:?}"))
}

/// Loads `request` and feeds it `files` (the bytes of each file the load asks for).
fn load(s: &mut Session, request: Value, files: &[Vec<u8>]) {
    let Response::Load(ticket) = handle(s, request) else {
        panic!("expected a load ticket")
    };
    assert_eq!(ticket.files.len(), files.len(), "files asked for");
    for (i, bytes) in files.iter().enumerate() {
        s.start_file(ticket.load, i, bytes.len())
            .expect("file starts");
        s.push_bytes(ticket.load, i, bytes).expect("bytes arrive");
    }
    handle(s, json!({"type": "finish_load", "load": ticket.load}));
}

/// Trains to the end; returns every slice.
fn train_slices(s: &mut Session, request: Value) -> Vec<Slice> {
    handle(s, request);
    let mut slices = Vec::new();
    loop {
        let slice = s.train_slice(1e9);
        let done = slice.done;
        slices.push(slice);
        if done {
            let last = slices.last().expect("a slice");
            assert!(last.error.is_none(), "{:?}", last.error);
            return slices;
        }
    }
}

fn train(s: &mut Session) -> Slice {
    train_slices(s, json!({"type": "start_training"}))
        .pop()
        .expect("a slice")
}

fn evaluate(s: &mut Session) -> Vec<(String, f32)> {
    match handle(s, json!({"type": "evaluate"})) {
        Response::Logs(logs) => logs,
        other => panic!("{other:?}"),
    }
}

fn results(s: &mut Session) -> Value {
    match handle(s, json!({"type": "results"})) {
        Response::Plots(p) => serde_json::to_value(p).expect("plots serialize"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn lesson_1_shows_a_and_b_moving_to_2_3_and_79_while_it_trains() {
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "linreg-gd"}), &[]);
    let slices = train_slices(&mut s, json!({"type": "start_training"}));
    // 2,001 epochs in about sixty watched slices, each asking the page to wait a moment.
    assert!((55..=70).contains(&slices.len()), "{} slices", slices.len());
    assert!(slices[..slices.len() - 1].iter().all(|s| s.pace_ms > 0.0));
    let params: Vec<(f32, f32)> = slices
        .iter()
        .map(|s| s.line_params.expect("a and b"))
        .collect();
    let (a0, b0) = params[0];
    let (a, b) = *params.last().expect("last");
    assert!(
        (a - 2.3).abs() < 1e-3 && (b - 79.0).abs() < 1e-2,
        "a = {a}, b = {b}"
    );
    // On its way there: b starts far below 79 and climbs.
    assert!(b0 < 70.0 && a0 > a, "first slice a = {a0}, b = {b0}");
    // The drawn line is the same line: its two points in the data's own units.
    let (lx, ly) = slices
        .last()
        .and_then(|s| s.line_fit.clone())
        .expect("line");
    assert!((ly[0] - (a * lx[0] + b)).abs() < 1e-3);
    assert_eq!((lx[0], lx[1]), (2.0, 8.0));
}

#[test]
fn the_learning_rate_changes_while_training_from_the_next_batch() {
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "linreg-gd"}), &[]);
    handle(&mut s, json!({"type": "start_training"}));
    let first = s.train_slice(1e9);
    // A rate of 1e-9 all but freezes the line: the next slice ends where this one did.
    let bad = try_handle(
        &mut s,
        json!({"type": "set_learning_rate", "learning_rate": -1.0}),
    )
    .expect_err("a negative rate is refused");
    assert_eq!(bad.code, Code::LearningRatePositive, "{bad:?}");
    let Response::View(v) = handle(
        &mut s,
        json!({"type": "set_learning_rate", "learning_rate": 1e-9}),
    ) else {
        panic!("a view")
    };
    let lr = serde_json::to_value(&v.spec).expect("spec")["compile"]["optimizer"]["learning_rate"]
        .clone();
    assert_eq!(lr, json!(1e-9));
    let moved = |a: &noriteo_core::session::Slice, b: &noriteo_core::session::Slice| {
        let (p, q) = (a.line_params.expect("a, b"), b.line_params.expect("a, b"));
        (p.0 - q.0).abs() + (p.1 - q.1).abs()
    };
    let second = s.train_slice(1e9);
    assert!(second.epoch > first.epoch);
    assert!(moved(&first, &second) < 1e-3, "{}", moved(&first, &second));
    handle(
        &mut s,
        json!({"type": "set_learning_rate", "learning_rate": 0.03}),
    );
    let third = s.train_slice(1e9);
    assert!(moved(&second, &third) > 0.1, "{}", moved(&second, &third));
}

#[test]
fn one_epoch_steps_on_from_the_trained_weights() {
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "linreg-gd"}), &[]);
    let one = train_slices(&mut s, json!({"type": "start_training", "epochs": 1}));
    let last = one.last().expect("slice");
    assert_eq!(last.history.epoch.len(), 1);
    let after_one = last.line_params.expect("a, b");
    let two = train_slices(&mut s, json!({"type": "start_training", "epochs": 1}));
    let after_two = two.last().and_then(|s| s.line_params).expect("a, b");
    assert_ne!(after_one, after_two);
    // Two steps of one epoch are two epochs of gradient descent from a = b = 0.
    let mut fresh = Session::new(clock);
    load(
        &mut fresh,
        json!({"type": "load", "lesson": "linreg-gd"}),
        &[],
    );
    let both = train_slices(&mut fresh, json!({"type": "start_training", "epochs": 2}));
    assert_eq!(both.last().and_then(|s| s.line_params), Some(after_two));
    // The setup's own epoch count is untouched.
    assert_eq!(s.view().spec.fit.epochs, 2001);
}

#[test]
fn a_negative_seed_is_refused_next_to_its_field() {
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "linreg-gd"}), &[]);
    let mut spec = serde_json::to_value(&s.view().spec).expect("spec");
    spec["seed"] = json!(-3);
    let Response::View(v) = handle(&mut s, json!({"type": "set_spec", "spec": spec})) else {
        panic!("a view")
    };
    let e = v
        .errors
        .iter()
        .find(|e| e.field == "seed")
        .expect("a seed error");
    assert_eq!(e.message.code, Code::SeedRange);
    let refused = try_handle(&mut s, json!({"type": "start_training"})).expect_err("refused");
    assert_eq!(refused.code, Code::FixSetupFirst);
}

/// The lecture's Boston setup: test_size 0.3 leaves 354 training rows; test MSE on the
/// standardized price lands where Keras does on such splits (0.10–0.15), and the results
/// are in $1000s.
#[test]
fn boston_follows_the_lecture_split_and_lands_in_its_range() {
    let csv = support::dataset("ko-boston.csv");
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "boston"}), &[csv]);
    let d = s.view().data.expect("data");
    assert_eq!((d.train_rows, d.test_rows), (354, 152));
    train(&mut s);
    let logs = evaluate(&mut s);
    let mse = logs[0].1;
    assert!((0.10..=0.15).contains(&mse), "test MSE {mse}");
    let plots = results(&mut s);
    let scatter = &plots[0];
    assert_eq!(scatter["kind"], "scatter");
    assert_eq!(scatter["unit_en"], "$1000s");
    let actual: Vec<f64> = serde_json::from_value(scatter["actual"].clone()).expect("numbers");
    // Prices in $1000s (5 to 50), not standardized values around 0.
    let (lo, hi) = actual
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(lo >= 4.9 && hi <= 50.01 && hi > 40.0, "{lo}..{hi}");
    // The same errors in the price's own units: about the standardized MSE × the variance
    // of the training prices (≈ 85 $1000s²).
    let own = scatter["mse"].as_f64().expect("mse");
    assert!(
        own > 60.0 * mse as f64 && own < 110.0 * mse as f64,
        "MSE {own} vs {mse}"
    );
    assert!(scatter["baseline_mse"].as_f64().expect("baseline") > own * 3.0);
}

#[test]
fn the_pima_baseline_is_one_number() {
    let csv = support::dataset("pima-indians-diabetes.csv");
    let mut s = Session::new(clock);
    load(&mut s, json!({"type": "load", "lesson": "pima"}), &[csv]);
    let b = s.view().data.and_then(|d| d.baseline).expect("a baseline");
    assert!((b - 500.0 / 768.0).abs() < 1e-6, "baseline {b}");
    let figure = noriteo_core::lessons::find("pima").expect("pima").figure;
    assert!(
        !figure.contains("0.6"),
        "the figure repeats no baseline: {figure}"
    );
}

/// A class's score table as a teacher keeps it: 60 students, Korean headers, text labels;
/// the 35 best totals pass (합격), so the majority-class baseline is 35/60 = 0.583.
pub fn korean_scores() -> String {
    let mut state = 12345u32;
    let mut next = |n: u32| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 16) % n
    };
    let scores: Vec<[u32; 3]> = (0..60)
        .map(|_| [40 + next(60), 40 + next(60), 40 + next(60)])
        .collect();
    let mut order: Vec<usize> = (0..60).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i].iter().sum::<u32>()));
    let mut rows = vec!["국어,영어,수학,결과".to_string()];
    for (i, [k, e, m]) in scores.iter().enumerate() {
        let passed = order
            .iter()
            .position(|&j| j == i)
            .is_some_and(|rank| rank < 35);
        let label = if passed { "합격" } else { "불합격" };
        rows.push(format!("{k},{e},{m},{label}"));
    }
    rows.join("\n") + "\n"
}

#[test]
fn a_korean_score_table_trains_above_its_baseline_with_the_defaults() {
    let text = korean_scores();
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(&text);
    let mut s = Session::new(clock);
    // What the page sends for a dropped file: its name and bytes, no options.
    load(
        &mut s,
        json!({"type": "load", "data": {"kind": "upload", "file": "성적.csv", "options": {}}}),
        &[bytes.into_owned()],
    );
    let v = s.view();
    let d = v.data.expect("data");
    assert_eq!(
        d.preview.as_ref().map(|p| p.encoding.as_str()),
        Some("EUC-KR")
    );
    assert_eq!(d.target_names, ["결과"]);
    let baseline = d.baseline.expect("a baseline");
    assert!((baseline - 35.0 / 60.0).abs() < 1e-6, "baseline {baseline}");
    let spec = serde_json::to_value(&v.spec).expect("spec");
    assert_eq!(spec["compile"]["loss"], "binary_crossentropy");
    let source = serde_json::to_value(&v.source).expect("source");
    assert_eq!(
        source["table"]["scaling"], "standard",
        "inputs standardized by default"
    );
    train(&mut s);
    let logs = evaluate(&mut s);
    let accuracy = logs
        .iter()
        .find(|(k, _)| k == "accuracy")
        .expect("accuracy")
        .1;
    assert!(
        accuracy > baseline + 0.1,
        "test accuracy {accuracy} vs baseline {baseline}"
    );
}

/// The exported code of a CP949 upload reads it as CP949, declares the input shape and
/// encodes text labels in a way pandas 2 and 3 both accept.
pub fn cp949_export() -> String {
    let text = korean_scores();
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(&text);
    let mut s = Session::new(clock);
    load(
        &mut s,
        json!({"type": "load", "data": {"kind": "upload", "file": "성적.csv", "options": {}}}),
        &[bytes.into_owned()],
    );
    match handle(&mut s, json!({"type": "export", "title": "성적"})) {
        Response::Export { python, .. } => python,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_code_for_a_cp949_upload_names_its_encoding_and_input_shape() {
    let code = cp949_export();
    assert!(
        code.contains("pd.read_csv('성적.csv', encoding='cp949')"),
        "{code}"
    );
    assert!(code.contains("model.add(Input(shape=(3,)))"), "{code}");
    assert!(
        code.contains("from tensorflow.keras import Input"),
        "{code}"
    );
    assert!(!code.contains("dtype == object"), "{code}");
    assert!(code.contains("y.astype('category').cat.codes"), "{code}");
}
