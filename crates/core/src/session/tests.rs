//! The races and failures a learner met, replayed as request sequences: after each failure
//! the session must be exactly as it was.

use serde_json::{json, Value};

use super::*;
use crate::LayerSpec;

fn clock() -> f64 {
    0.0
}

fn session() -> Session {
    Session::new(clock)
}

fn request(s: &mut Session, r: Value) -> Outcome<Response> {
    let r: Request = serde_json::from_value(r).expect("a well-formed request");
    s.handle(r)
}

fn view(s: &Session) -> String {
    serde_json::to_string(&s.view()).expect("view serializes")
}

fn begin(s: &mut Session, r: Value) -> LoadTicket {
    match request(s, r).expect("load begins") {
        Response::Load(t) => t,
        other => panic!("expected a load ticket, got {other:?}"),
    }
}

fn finish(s: &mut Session, load: u64) -> Outcome<Response> {
    request(s, json!({"type": "finish_load", "load": load}))
}

/// Loads a lesson whose data is generated (no files to fetch).
fn lesson(s: &mut Session, id: &str, overrides: Value) {
    let t = begin(
        s,
        json!({"type": "load", "lesson": id, "overrides": overrides}),
    );
    assert!(t.files.is_empty(), "{id} needs no files");
    finish(s, t.load).expect("lesson loads");
}

const SCORES: &str = "hours,score,passed\n1,50,0\n2,55,0\n3,61,0\n4,68,1\n5,70,1\n6,79,1\n7,83,1\n8,90,1\n2.5,58,0\n3.5,63,0\n";

/// Starts a load of an uploaded table and sends its bytes.
fn upload(s: &mut Session, name: &str, bytes: &[u8]) -> u64 {
    let t = begin(
        s,
        json!({"type": "load", "data": {"kind": "upload", "file": name, "table": {"target": ["passed"]}}}),
    );
    s.start_file(t.load, 0, bytes.len()).expect("file starts");
    s.push_bytes(t.load, 0, bytes).expect("bytes arrive");
    t.load
}

fn train_to_end(s: &mut Session) -> Slice {
    request(s, json!({"type": "start_training"})).expect("training starts");
    loop {
        let slice = s.train_slice(1e9);
        if slice.done {
            return slice;
        }
    }
}

#[test]
fn a_newer_load_supersedes_an_older_one_that_finishes_late() {
    let mut s = session();
    // (a) a slow CSV, then a lesson: the CSV arrives after the lesson is loaded.
    let slow = upload(&mut s, "slow.csv", SCORES.as_bytes());
    lesson(&mut s, "linreg-gd", Value::Null);
    let before = view(&s);
    let late = finish(&mut s, slow).expect_err("the older load is superseded");
    assert_eq!(late.code, Code::LoadSuperseded);
    assert_eq!(view(&s), before, "the late load changed nothing");
    assert_eq!(s.view().lesson.as_deref(), Some("linreg-gd"));
    // Its remaining bytes are refused too, so its download stops.
    assert_eq!(
        s.push_bytes(slow, 0, b"1,2,3\n")
            .expect_err("stale bytes")
            .code,
        Code::LoadSuperseded
    );
}

#[test]
fn lesson_menu_pressed_four_times_loads_the_last_choice() {
    let mut s = session();
    let ids = ["linreg-gd", "linreg-sgd", "linreg-gd", "linreg-sgd"];
    let tickets: Vec<u64> = ids
        .iter()
        .map(|id| begin(&mut s, json!({"type": "load", "lesson": id})).load)
        .collect();
    // They finish in any order; only the last one asked for applies.
    for &t in tickets.iter().rev() {
        let _ = finish(&mut s, t);
    }
    let v = s.view();
    assert_eq!(v.lesson.as_deref(), Some("linreg-sgd"));
    assert_eq!(v.data.as_ref().map(|d| d.train_rows), Some(200));
    assert_eq!(v.spec.fit.batch_size, 1, "linreg-sgd's own setup");
    assert_eq!(v.status, Status::Ready);
}

#[test]
fn all_settled_loads_end_on_the_last_lesson_with_its_data() {
    let mut s = session();
    let a = begin(&mut s, json!({"type": "load", "lesson": "linreg-gd"})).load;
    let b = upload(&mut s, "scores.csv", SCORES.as_bytes());
    let c = begin(&mut s, json!({"type": "load", "lesson": "linreg-sgd"})).load;
    assert_eq!(
        finish(&mut s, b).expect_err("b superseded").code,
        Code::LoadSuperseded
    );
    assert!(finish(&mut s, c).is_ok());
    assert_eq!(
        finish(&mut s, a).expect_err("a superseded").code,
        Code::LoadSuperseded
    );
    let v = s.view();
    assert_eq!(v.lesson.as_deref(), Some("linreg-sgd"));
    assert_eq!(v.data.map(|d| d.train_rows), Some(200));
}

#[test]
fn a_refused_load_leaves_data_lesson_and_setup_as_they_were() {
    let mut s = session();
    lesson(&mut s, "linreg-sgd", json!({"epochs": 2}));
    train_to_end(&mut s);
    let before = view(&s);
    for bad in [
        json!({"type": "load", "lesson": "linreg-gd", "overrides": {"epochs": 2.5}}),
        json!({"type": "load", "lesson": "linreg-gd", "overrides": {"seed": 1e30}}),
        json!({"type": "load", "lesson": "nope"}),
        json!({"type": "load", "data": {"kind": "nope"}}),
        json!({"type": "load", "data": {"kind": "generated", "generator": "linreg-points", "seed": 0}, "setup": {"seed": "x"}}),
    ] {
        assert!(request(&mut s, bad.clone()).is_err(), "{bad} is refused");
        assert_eq!(view(&s), before, "{bad} changed the session");
    }
    // A file that cannot be read: the load fails at its end and nothing else changes.
    let t = begin(
        &mut s,
        json!({"type": "load", "data": {"kind": "upload", "file": "empty.csv"}}),
    );
    s.start_file(t.load, 0, 0).expect("file starts");
    assert!(finish(&mut s, t.load).is_err(), "an empty file is refused");
    assert_eq!(view(&s), before, "the failed file changed the session");
    assert!(s.save_model().is_ok(), "the trained weights stay");
}

#[test]
fn reset_is_refused_while_training_and_training_goes_on() {
    let mut s = session();
    lesson(&mut s, "linreg-sgd", json!({"epochs": 3}));
    request(&mut s, json!({"type": "start_training"})).expect("starts");
    let e = request(&mut s, json!({"type": "reset"})).expect_err("busy");
    assert_eq!(e.code, Code::Busy);
    let e = request(&mut s, json!({"type": "load", "lesson": "linreg-gd"})).expect_err("busy");
    assert_eq!(e.code, Code::Busy);
    let mut last = s.train_slice(1e9);
    while !last.done {
        last = s.train_slice(1e9);
    }
    assert_eq!(last.history.epoch, vec![0, 1, 2], "all three epochs ran");
}

#[test]
fn a_load_starts_from_its_seed_and_training_again_continues() {
    let mut s = session();
    let overrides = json!({"epochs": 3, "seed": 7});
    lesson(&mut s, "linreg-sgd", overrides.clone());
    let first = train_to_end(&mut s).history;
    lesson(&mut s, "linreg-sgd", overrides.clone());
    let again = train_to_end(&mut s).history;
    assert_eq!(first, again, "the same load and seed give the same curves");
    let more = train_to_end(&mut s).history;
    assert_ne!(
        first.get("loss"),
        more.get("loss"),
        "a second fit continues from the trained weights"
    );
}

#[test]
fn slices_send_only_new_epochs_and_the_last_sends_all() {
    let mut s = session();
    lesson(&mut s, "linreg-sgd", json!({"epochs": 4}));
    request(&mut s, json!({"type": "start_training"})).expect("starts");
    let mut epochs = Vec::new();
    let last = loop {
        // A budget of 0 ms stops each slice after its first step (200 steps an epoch).
        let slice = s.train_slice(0.0);
        if slice.done {
            break slice;
        }
        epochs.extend(slice.history.epoch);
    };
    assert!(epochs.len() <= 4);
    assert!(epochs.windows(2).all(|w| w[1] == w[0] + 1), "{epochs:?}");
    assert_eq!(last.history.epoch, vec![0, 1, 2, 3]);
}

#[test]
fn divergence_by_weights_stops_and_keeps_finite_weights() {
    let mut s = session();
    lesson(
        &mut s,
        "linreg-sgd",
        json!({"epochs": 5, "learning_rate": 1e30}),
    );
    let last = train_to_end(&mut s);
    let error = last.error.expect("a divergence message");
    assert!(
        matches!(error.code, Code::DivergedWeights)
            || error.text(crate::Lang::En).contains("NaN")
            || error.text(crate::Lang::En).contains("inf"),
        "{error:?}"
    );
    assert!(
        last.history.epoch.len() < 5,
        "training stopped at the epoch that diverged: {:?}",
        last.history.epoch
    );
    let out = match request(&mut s, json!({"type": "predict", "rows": [[1.5]]})).expect("predicts")
    {
        Response::Rows(r) => r,
        other => panic!("{other:?}"),
    };
    assert!(
        out[0][0].is_finite(),
        "predict uses the kept weights: {out:?}"
    );
}

#[test]
fn a_batch_too_big_for_a_tab_is_refused_before_training() {
    let mut s = session();
    lesson(&mut s, "linreg-sgd", Value::Null);
    let mut spec = serde_json::to_value(s.view().spec).expect("json");
    spec["model"]["layers"] = json!([
        {"type": "Dense", "units": 25000, "activation": "relu"},
        {"type": "Dense", "units": 1}
    ]);
    spec["fit"]["batch_size"] = json!(60000);
    // 200 rows cap the batch at 200: 200 × 25002 × 8 bytes is small, so this trains.
    request(&mut s, json!({"type": "set_spec", "spec": spec.clone()})).expect("set");
    assert!(s.view().errors.is_empty(), "{:?}", s.view().errors);
    spec["model"]["layers"][0]["units"] = json!(400_000);
    request(&mut s, json!({"type": "set_spec", "spec": spec})).expect("set");
    let errors = s.view().errors;
    assert!(
        errors
            .iter()
            .any(|e| e.field == "fit.batch_size" || e.field.starts_with("model")),
        "{errors:?}"
    );
    let e = request(&mut s, json!({"type": "start_training"})).expect_err("refused");
    assert_eq!(e.code, Code::FixSetupFirst);
}

#[test]
fn train_while_a_load_is_under_way_waits_for_it() {
    let mut s = session();
    lesson(&mut s, "linreg-sgd", Value::Null);
    let t = begin(&mut s, json!({"type": "load", "lesson": "linreg-gd"}));
    let e = request(&mut s, json!({"type": "start_training"})).expect_err("still loading");
    assert_eq!(e.code, Code::StillLoading);
    request(&mut s, json!({"type": "cancel_load"})).expect("cancels");
    assert_eq!(
        finish(&mut s, t.load).expect_err("cancelled").code,
        Code::LoadSuperseded
    );
    assert_eq!(s.view().lesson.as_deref(), Some("linreg-sgd"));
}

#[test]
fn an_uploaded_table_gets_a_default_setup_and_keeps_it_when_read_again() {
    let mut s = session();
    let t = upload(&mut s, "scores.csv", SCORES.as_bytes());
    finish(&mut s, t).expect("loads");
    let v = s.view();
    assert_eq!(v.lesson, None);
    assert_eq!(v.spec.model.layers.len(), 2);
    assert!(v.errors.is_empty(), "{:?}", v.errors);
    // The learner edits the model, then reads the same table with other options.
    let mut spec = serde_json::to_value(&v.spec).expect("json");
    spec["model"]["layers"][0]["units"] = json!(5);
    request(&mut s, json!({"type": "set_spec", "spec": spec})).expect("set");
    let t = upload(&mut s, "scores.csv", SCORES.as_bytes());
    finish(&mut s, t).expect("loads again");
    match &s.view().spec.model.layers[0] {
        LayerSpec::Dense(d) => assert_eq!(d.units, 5, "the learner's model stays"),
        other => panic!("{other:?}"),
    }
}
