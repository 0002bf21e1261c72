//! The session on a bundled lesson's real data: weights that overflow while the loss stays
//! finite stop training at that epoch, and the model keeps predicting finite numbers.

mod support;

use noriteo_core::session::{Request, Response, Session};
use noriteo_core::Code;
use serde_json::{json, Value};

fn request(s: &mut Session, r: Value) -> Response {
    let r: Request = serde_json::from_value(r).expect("a well-formed request");
    s.handle(r).unwrap_or_else(|m| panic!("refused: {m:?}"))
}

/// The bundled `iris.csv` as the page serves it: a header and bare species names.
fn bundled_iris() -> Vec<u8> {
    let uci = String::from_utf8(support::dataset("iris.csv")).expect("UTF-8");
    let mut csv = String::from("sepal_length,sepal_width,petal_length,petal_width,species\n");
    for line in uci.lines().filter(|l| !l.trim().is_empty()) {
        csv.push_str(&line.replace("Iris-", ""));
        csv.push('\n');
    }
    csv.into_bytes()
}

#[test]
fn iris_at_a_learning_rate_of_1e6_stops_at_the_epoch_its_weights_overflow() {
    let mut s = Session::new(|| 0.0);
    let ticket = match request(
        &mut s,
        json!({"type": "load", "lesson": "iris", "overrides": {"epochs": 20, "learning_rate": 1e6}}),
    ) {
        Response::Load(t) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(ticket.files.len(), 1, "{:?}", ticket.files);
    let bytes = bundled_iris();
    s.start_file(ticket.load, 0, bytes.len())
        .expect("file starts");
    s.push_bytes(ticket.load, 0, &bytes).expect("bytes arrive");
    request(&mut s, json!({"type": "finish_load", "load": ticket.load}));
    request(&mut s, json!({"type": "start_training"}));
    let last = loop {
        let slice = s.train_slice(1e9);
        if slice.done {
            break slice;
        }
    };
    let error = last.error.expect("a divergence message");
    assert_eq!(error.code, Code::DivergedWeights, "{error:?}");
    let named: usize = error.params["epoch"].parse().expect("an epoch number");
    assert!(
        last.history.epoch.len() < 20 && named <= last.history.epoch.len() + 1,
        "the message names epoch {named}; the History has {:?}",
        last.history.epoch
    );
    assert!(last
        .history
        .history
        .iter()
        .all(|(_, values)| values.iter().all(|v| v.is_finite())));
    let out = match request(
        &mut s,
        json!({"type": "predict", "rows": [[5.1, 3.5, 1.4, 0.2]]}),
    ) {
        Response::Rows(r) => r,
        other => panic!("{other:?}"),
    };
    assert!(out[0].iter().all(|p| p.is_finite()), "{out:?}");
}
