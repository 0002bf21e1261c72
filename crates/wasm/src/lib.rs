//! The browser adapter over `noriteo-core`.

use wasm_bindgen::prelude::*;

/// The engine's version, so the page can show which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
