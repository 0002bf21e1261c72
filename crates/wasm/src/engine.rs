//! The engine a Web Worker drives: a thin adapter over the core's `Session`, which owns the
//! data, the setup, the model and training. Requests are `{type: ...}` objects (see
//! `noriteo_core::session::Request`); a refusal comes back as a catalogued message
//! `{code, params}` for the page to show in its language. Only bytes, which serde would copy
//! value by value, have bindings of their own.

use noriteo_core::messages::{Code, Message};
use noriteo_core::session::{Request, Session};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: sub-millisecond, and present in pages and workers alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

pub(crate) fn now_ms() -> f64 {
    performance_now()
}

pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| refusal(Message::new(Code::Engine).with("text", e)))
}

/// A refusal as the page receives it: the message's code and parameters.
fn refusal(message: Message) -> JsValue {
    message
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| JsValue::from_str(&message.to_string()))
}

#[wasm_bindgen]
pub struct Engine {
    session: Session,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine {
            session: Session::new(now_ms),
        }
    }

    /// Answers one request; a refusal is thrown as `{code, params}`.
    pub fn handle(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        let request: Request = serde_wasm_bindgen::from_value(request)
            .map_err(|e| refusal(Message::new(Code::BadRequest).with("text", e)))?;
        let response = self.session.handle(request).map_err(refusal)?;
        to_js(&response)
    }

    /// Starts file `index` of load `load` (as `load` answered), with room for `size` bytes.
    pub fn start_file(&mut self, load: f64, index: usize, size: usize) -> Result<(), JsValue> {
        self.session
            .start_file(load as u64, index, size)
            .map_err(refusal)
    }

    /// Appends a chunk of file `index` of load `load`: the worker streams a download
    /// straight into wasm memory, inflated as it comes. A superseded load is refused, which
    /// tells the worker to stop its download.
    pub fn push_bytes(&mut self, load: f64, index: usize, chunk: &[u8]) -> Result<(), JsValue> {
        self.session
            .push_bytes(load as u64, index, chunk)
            .map_err(refusal)
    }

    /// The trained model as Keras-style JSON (`to_json`) and Noriteo's binary weights.
    pub fn save_model(&self) -> Result<JsValue, JsValue> {
        let (config, weights) = self.session.save_model().map_err(refusal)?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"config".into(), &config.into())?;
        let weights = js_sys::Uint8Array::from(&weights[..]);
        js_sys::Reflect::set(&out, &"weights".into(), &weights)?;
        Ok(out.into())
    }

    /// Puts saved weights into a model built from the current setup.
    pub fn restore_weights(&mut self, weights: &[u8]) -> Result<(), JsValue> {
        self.session.restore_weights(weights).map_err(refusal)
    }
}
