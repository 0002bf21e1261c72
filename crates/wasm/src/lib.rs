//! The browser adapter over `noriteo-core`: the engine the Web Worker drives through a typed
//! message protocol, and the charts the page draws on the main thread.

pub mod charts;

use wasm_bindgen::prelude::*;

/// The engine's version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
