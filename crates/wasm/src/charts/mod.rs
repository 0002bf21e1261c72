//! Charts drawn by plotters onto a `<canvas>` through plotters-canvas. They run on the page's
//! main thread (plotters needs `document` for text), from numbers the worker posts.

mod activation;
mod confusion;
mod history;
mod images;
mod regression;

pub use activation::draw_activation;
pub use confusion::draw_confusion;
pub use history::draw_history;
pub use images::draw_images;
pub use regression::{draw_fit_line, draw_scatter};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

pub(crate) type Area = DrawingArea<CanvasBackend, Shift>;

/// The page's font stack: Noto Sans CJK (or the system's Korean font) renders 한글 labels.
pub(crate) const FONT: &str = "sans-serif";

pub(crate) const TRAIN: RGBColor = RGBColor(31, 119, 180);
pub(crate) const VALIDATION: RGBColor = RGBColor(255, 127, 14);
pub(crate) const GRID: RGBColor = RGBColor(120, 120, 120);

pub(crate) fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// A white drawing area covering the whole canvas.
pub(crate) fn area(canvas: HtmlCanvasElement) -> Result<Area, JsValue> {
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(js_err)?;
    Ok(root)
}

/// A range that leaves a little air around the data and never collapses to a point.
pub(crate) fn padded(lo: f64, hi: f64) -> std::ops::Range<f64> {
    if !lo.is_finite() || !hi.is_finite() {
        return 0.0..1.0;
    }
    let span = (hi - lo).abs().max(1e-6 * hi.abs().max(1.0));
    (lo - 0.05 * span)..(hi + 0.05 * span)
}

pub(crate) fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        })
}
