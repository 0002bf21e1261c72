//! A thumbnail of an activation function over [-4, 4], shown next to each layer so the
//! learner sees what `relu` or `tanh` does.

use noriteo_core::Activation;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, min_max, padded, GRID, TRAIN};

#[wasm_bindgen]
pub fn draw_activation(canvas: HtmlCanvasElement, name: &str) -> Result<(), JsValue> {
    let activation = Activation::from_name(name).map_err(js_err)?;
    let xs: Vec<f64> = (0..=80).map(|i| -4.0 + 0.1 * i as f64).collect();
    // softmax acts on a whole row; for two classes [x, 0] it is sigmoid(x), which is what
    // one output of it looks like as a function of its own input.
    let value = |x: f64| match activation {
        Activation::Softmax => noriteo_core::activations::sigmoid(x as f32) as f64,
        a => a.value(x as f32) as f64,
    };
    let points: Vec<(f64, f64)> = xs
        .iter()
        .map(|&x| (x, value(x)))
        .filter(|p| p.1.is_finite())
        .collect();
    let (lo, hi) = min_max(points.iter().map(|p| p.1.clamp(-4.0, 6.0)));
    let root = area(canvas)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(3)
        .build_cartesian_2d(-4f64..4f64, padded(lo.min(0.0), hi.max(1.0)))
        .map_err(js_err)?;
    let axis = GRID.mix(0.5);
    chart
        .draw_series(LineSeries::new(vec![(-4.0, 0.0), (4.0, 0.0)], axis))
        .map_err(js_err)?;
    chart
        .draw_series(LineSeries::new(vec![(0.0, -10.0), (0.0, 10.0)], axis))
        .map_err(js_err)?;
    chart
        .draw_series(LineSeries::new(
            points.into_iter().map(|(x, y)| (x, y.clamp(-4.0, 6.0))),
            TRAIN.stroke_width(2),
        ))
        .map_err(js_err)?;
    root.present().map_err(js_err)
}
