//! In the browser: charts really draw into a canvas.
use noriteo_wasm::charts::{draw_activation, draw_history};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let c: HtmlCanvasElement = document
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    c.set_width(w);
    c.set_height(h);
    document
        .body()
        .expect("body")
        .append_child(&c)
        .expect("attached");
    c
}

/// Pixels of roughly this colour (the training-curve blue is (31, 119, 180)).
fn count(c: &HtmlCanvasElement, rgb: (u8, u8, u8)) -> usize {
    let ctx: CanvasRenderingContext2d = c
        .get_context("2d")
        .expect("ctx")
        .expect("2d")
        .dyn_into()
        .expect("2d context");
    let data = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .expect("pixels")
        .data();
    data.chunks_exact(4)
        .filter(|p| {
            (p[0] as i32 - rgb.0 as i32).abs() < 30
                && (p[1] as i32 - rgb.1 as i32).abs() < 30
                && (p[2] as i32 - rgb.2 as i32).abs() < 30
        })
        .count()
}

fn js(v: serde_json::Value) -> wasm_bindgen::JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("js value")
}

#[wasm_bindgen_test]
fn history_chart_draws_train_and_validation_curves() {
    let c = canvas(640, 280);
    assert_eq!(count(&c, (31, 119, 180)), 0, "a new canvas is blank");
    let data = serde_json::json!({
        "history": [["loss", [1.0, 0.6, 0.4, 0.3]], ["accuracy", [0.5, 0.7, 0.8, 0.85]],
                    ["val_loss", [1.1, 0.7, 0.6, 0.65]], ["val_accuracy", [0.5, 0.6, 0.7, 0.72]]],
        "live": [4.5, [["loss", 0.28], ["accuracy", 0.86]]],
        "epochs": 10, "baseline": 0.6,
        "labels": {"epoch": "에포크", "train": "학습", "validation": "검증", "baseline": "기준선"}
    });
    draw_history(c.clone(), js(data)).expect("drawn");
    let blue = count(&c, (31, 119, 180));
    let orange = count(&c, (255, 127, 14));
    assert!(blue > 200, "training curves: {blue} pixels");
    assert!(orange > 150, "validation curves: {orange} pixels");
}

#[wasm_bindgen_test]
fn activation_thumbnail_draws_and_unknown_names_are_refused() {
    let c = canvas(64, 36);
    draw_activation(c.clone(), "sigmoid").expect("drawn");
    assert!(count(&c, (31, 119, 180)) > 40);
    let e = draw_activation(canvas(64, 36), "sigmoidal").expect_err("unknown");
    assert!(
        e.as_string().unwrap_or_default().contains("sigmoid"),
        "lists valid names"
    );
}
