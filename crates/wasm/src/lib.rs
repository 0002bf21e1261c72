//! The browser adapter over `noriteo-core`: the engine the Web Worker drives through a typed
//! message protocol, and the charts the page draws on the main thread; with the `notebook`
//! feature, the notebook page's Python kernel as well.

pub mod charts;
pub mod engine;
#[cfg(feature = "notebook")]
pub mod notebook;
pub mod warm_up;

pub use engine::Engine;
#[cfg(feature = "notebook")]
pub use notebook::Notebook;

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The engine's version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The names the page offers in its menus, straight from the engine so they always match.
#[wasm_bindgen]
pub fn names() -> JsValue {
    let names = serde_json::json!({
        "activations": noriteo_core::Activation::names(),
        "losses": noriteo_core::Loss::names().into_iter().filter(|n| !n.starts_with("mean_") && *n != "huber_loss").collect::<Vec<_>>(),
        "optimizers": noriteo_core::Optimizer::names(),
    });
    names
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A catalogued message (`{code, params}`, as the engine refuses a request) in `lang`
/// ('ko' or 'en'): the page's one way to turn the engine's messages into text.
#[wasm_bindgen]
pub fn message_text(message: JsValue, lang: &str) -> String {
    let lang = if lang == "ko" {
        noriteo_core::Lang::Ko
    } else {
        noriteo_core::Lang::En
    };
    match serde_wasm_bindgen::from_value::<noriteo_core::Message>(message.clone()) {
        Ok(m) => m.text(lang),
        // Not a catalogued message: its code, or the text it is.
        Err(_) => js_sys::Reflect::get(&message, &"code".into())
            .ok()
            .and_then(|c| c.as_string())
            .or_else(|| message.as_string())
            .unwrap_or_default(),
    }
}

/// The layer the page adds for "+ Dense", "+ Dropout", "+ Flatten" or "+ Activation".
#[wasm_bindgen]
pub fn new_layer(kind: &str) -> JsValue {
    noriteo_core::session::new_layer(kind)
        .and_then(|l| {
            l.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .ok()
        })
        .unwrap_or(JsValue::NULL)
}

/// The largest CSV file the engine reads, so the page can refuse a bigger one before
/// reading it into memory.
#[wasm_bindgen]
pub fn max_csv_bytes() -> f64 {
    noriteo_core::data::csv::DEFAULT_MAX_BYTES as f64
}
