//! Charts drawn by plotters onto a `<canvas>` through plotters-canvas. They run on the page's
//! main thread (plotters needs `document` for text), from numbers the worker posts.

mod activation;
mod confusion;
#[cfg(feature = "notebook")]
pub mod figure;
mod history;
mod images;
mod regression;

pub use activation::draw_activation;
pub use confusion::draw_confusion;
#[cfg(feature = "notebook")]
pub use figure::draw_figure;
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
    let size = hi.abs().max(lo.abs());
    let span = (hi - lo).abs();
    if span <= 1e-9 * size.max(1.0) {
        // One value (a first epoch's loss) or a flat line: a band of ±10% of its size, at
        // least ±0.05, so that the axis' ticks differ.
        let half = 0.1 * size.max(0.5);
        return (lo - half)..(hi + half);
    }
    (lo - 0.05 * span)..(hi + 0.05 * span)
}

pub(crate) fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        })
}

#[cfg(test)]
mod tests {
    use super::padded;

    fn assert_range(lo: f64, hi: f64, want: (f64, f64)) {
        let r = padded(lo, hi);
        let close = (r.start - want.0).abs() < 1e-9 && (r.end - want.1).abs() < 1e-9;
        assert!(close, "padded({lo}, {hi}) = {r:?}, want {want:?}");
    }

    #[test]
    fn ranges_get_air_and_a_single_value_a_band_around_it() {
        assert_range(0.0, 10.0, (-0.5, 10.5));
        // A first epoch's loss alone: ±0.05 at least, so the ticks differ.
        assert_range(0.296, 0.296, (0.246, 0.346));
        // A large value alone: ±10% of it.
        assert_range(2000.0, 2000.0, (1800.0, 2200.0));
        assert_range(0.0, 0.0, (-0.05, 0.05));
        assert_eq!(padded(f64::NAN, 1.0), 0.0..1.0);
    }
}
