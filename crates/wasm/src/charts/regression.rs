//! Regression results: predicted against actual with the y = x line, and for one feature
//! the fitted line over the points.

use plotters::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, min_max, padded, FONT, GRID, TRAIN, VALIDATION};

#[derive(Deserialize)]
struct Axes {
    title: String,
    x: String,
    y: String,
}

/// Predicted (y axis) against actual (x axis); a perfect model puts every point on y = x.
#[wasm_bindgen]
pub fn draw_scatter(
    canvas: HtmlCanvasElement,
    actual: Vec<f32>,
    predicted: Vec<f32>,
    labels: JsValue,
) -> Result<(), JsValue> {
    let labels: Axes = serde_wasm_bindgen::from_value(labels)?;
    let root = area(canvas)?;
    let points: Vec<(f64, f64)> = actual
        .iter()
        .zip(&predicted)
        .map(|(&a, &p)| (a as f64, p as f64))
        .collect();
    let (lo, hi) = min_max(points.iter().flat_map(|p| [p.0, p.1]));
    let range = padded(lo, hi);
    let mut chart = ChartBuilder::on(&root)
        .caption(labels.title.as_str(), (FONT, 15))
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(range.clone(), range.clone())
        .map_err(js_err)?;
    chart
        .configure_mesh()
        .x_desc(labels.x.as_str())
        .y_desc(labels.y.as_str())
        .label_style((FONT, 11))
        .light_line_style(WHITE)
        .bold_line_style(GRID.mix(0.15))
        .draw()
        .map_err(js_err)?;
    chart
        .draw_series(LineSeries::new(
            vec![(range.start, range.start), (range.end, range.end)],
            VALIDATION.stroke_width(2),
        ))
        .map_err(js_err)?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, 2, TRAIN.mix(0.7).filled())),
        )
        .map_err(js_err)?;
    root.present().map_err(js_err)
}

/// The data points and the model's prediction along x.
#[wasm_bindgen]
pub fn draw_fit_line(
    canvas: HtmlCanvasElement,
    x: Vec<f32>,
    y: Vec<f32>,
    line_x: Vec<f32>,
    line_y: Vec<f32>,
    labels: JsValue,
) -> Result<(), JsValue> {
    let labels: Axes = serde_wasm_bindgen::from_value(labels)?;
    let root = area(canvas)?;
    let (x_lo, x_hi) = min_max(x.iter().chain(&line_x).map(|&v| v as f64));
    let (y_lo, y_hi) = min_max(y.iter().chain(&line_y).map(|&v| v as f64));
    let mut chart = ChartBuilder::on(&root)
        .caption(labels.title.as_str(), (FONT, 15))
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(padded(x_lo, x_hi), padded(y_lo, y_hi))
        .map_err(js_err)?;
    chart
        .configure_mesh()
        .x_desc(labels.x.as_str())
        .y_desc(labels.y.as_str())
        .label_style((FONT, 11))
        .light_line_style(WHITE)
        .bold_line_style(GRID.mix(0.15))
        .draw()
        .map_err(js_err)?;
    let size = if x.len() > 50 { 2 } else { 5 };
    chart
        .draw_series(
            x.iter()
                .zip(&y)
                .map(|(&a, &b)| Circle::new((a as f64, b as f64), size, TRAIN.filled())),
        )
        .map_err(js_err)?;
    chart
        .draw_series(LineSeries::new(
            line_x
                .iter()
                .zip(&line_y)
                .map(|(&a, &b)| (a as f64, b as f64)),
            VALIDATION.stroke_width(3),
        ))
        .map_err(js_err)?;
    root.present().map_err(js_err)
}
