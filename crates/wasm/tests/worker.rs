//! In a dedicated worker, as the page runs it: the engine loads data, checks a setup and
//! trains in time slices until done.
use noriteo_wasm::Engine;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn js(v: serde_json::Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("js value")
}

fn rust(v: JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(v).expect("json value")
}

#[wasm_bindgen_test]
fn trains_the_gradient_descent_lesson_in_a_worker() {
    let mut engine = Engine::new();
    let lessons = rust(
        engine
            .handle(js(serde_json::json!({"type": "lessons"})))
            .expect("lessons"),
    );
    let lesson = lessons
        .as_array()
        .and_then(|l| l.first())
        .cloned()
        .expect("a lesson");
    assert_eq!(lesson["id"], "linreg-gd");
    let ticket = rust(
        engine
            .handle(js(
                serde_json::json!({"type": "load", "lesson": "linreg-gd"}),
            ))
            .expect("load begins"),
    );
    assert_eq!(ticket["files"], serde_json::json!([]));
    let report = rust(
        engine
            .handle(js(
                serde_json::json!({"type": "finish_load", "load": ticket["load"]}),
            ))
            .expect("loaded"),
    );
    assert_eq!(report["data"]["train_rows"], 4);
    assert_eq!(report["lesson"], "linreg-gd");
    assert_eq!(report["errors"], serde_json::json!([]));
    assert!(report["summary"]
        .as_str()
        .unwrap_or_default()
        .contains("Total params: 2"));
    engine
        .handle(js(serde_json::json!({"type": "start_training"})))
        .expect("started");
    let mut slices = 0;
    let last = loop {
        let s = rust(
            engine
                .handle(js(
                    serde_json::json!({"type": "train_slice", "budget_ms": 20.0}),
                ))
                .expect("slice"),
        );
        slices += 1;
        if s["done"] == true {
            break s;
        }
        assert!(slices < 10_000, "training ends");
    };
    assert_eq!(last["error"], serde_json::Value::Null);
    let loss = last["history"]["history"]["loss"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(loss.len(), 2001);
    let p = rust(
        engine
            .handle(js(
                serde_json::json!({"type": "predict", "rows": [[0.0], [1.0]]}),
            ))
            .expect("predict"),
    );
    let b = p[0][0].as_f64().unwrap_or(f64::NAN);
    let a = p[1][0].as_f64().unwrap_or(f64::NAN) - b;
    assert!(
        (a - 2.3).abs() < 0.002 && (b - 79.0).abs() < 0.01,
        "a = {a}, b = {b}"
    );
}

#[wasm_bindgen_test]
fn bad_requests_and_stop_are_answered() {
    let mut engine = Engine::new();
    let e = engine
        .handle(js(serde_json::json!({"type": "fly"})))
        .expect_err("unknown");
    assert_eq!(rust(e.clone())["code"], "bad_request");
    assert!(noriteo_wasm::message_text(e, "ko").contains("잘못된 요청"));
    let e = engine
        .handle(js(serde_json::json!({"type": "start_training"})))
        .expect_err("no data");
    assert_eq!(rust(e)["code"], "load_data_first");
    // Stop with nothing running is harmless.
    engine
        .handle(js(serde_json::json!({"type": "stop"})))
        .expect("stop");
}
