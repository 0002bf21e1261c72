//! The decision-boundary map, as TensorFlow Playground draws it: the model's prediction over
//! a grid of two input columns coloured behind the training points. A cell takes the class
//! colours mixed by their probabilities, pale where the model hesitates and strong where it
//! is sure; for regression, a scale from blue (low) to orange (high).

use noriteo_core::session::Boundary;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, FONT, GRID};

/// The class colours (matplotlib's tab10, as the other charts use).
pub(crate) const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

#[derive(Deserialize)]
struct Labels {
    title: String,
    /// Class names in the page's language (classification).
    #[serde(default)]
    classes: Vec<String>,
}

fn mix(a: (f64, f64, f64), b: (f64, f64, f64), t: f64) -> (f64, f64, f64) {
    (
        a.0 + (b.0 - a.0) * t,
        a.1 + (b.1 - a.1) * t,
        a.2 + (b.2 - a.2) * t,
    )
}

fn rgb(c: RGBColor) -> (f64, f64, f64) {
    (f64::from(c.0), f64::from(c.1), f64::from(c.2))
}

fn colour(c: (f64, f64, f64)) -> RGBColor {
    let byte = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    RGBColor(byte(c.0), byte(c.1), byte(c.2))
}

const WHITE_RGB: (f64, f64, f64) = (255.0, 255.0, 255.0);

/// A cell's colour for class probabilities `p`.
fn class_cell(p: &[f32]) -> RGBColor {
    let k = p.len().max(2) as f64;
    let mut mixed = (0.0, 0.0, 0.0);
    let mut total = 0.0;
    for (i, &v) in p.iter().enumerate() {
        let c = rgb(PALETTE[i % PALETTE.len()]);
        let v = f64::from(v.max(0.0));
        mixed = (mixed.0 + c.0 * v, mixed.1 + c.1 * v, mixed.2 + c.2 * v);
        total += v;
    }
    if total <= 0.0 {
        return WHITE;
    }
    mixed = (mixed.0 / total, mixed.1 / total, mixed.2 / total);
    let top = p.iter().copied().fold(0.0f32, f32::max) as f64 / total;
    let sure = ((top - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0);
    colour(mix(WHITE_RGB, mixed, 0.2 + 0.55 * sure))
}

/// A value's colour on the blue–white–orange scale, `t` in 0..=1.
fn value_colour(t: f64, strength: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let end = if t < 0.5 { PALETTE[0] } else { PALETTE[1] };
    colour(mix(WHITE_RGB, rgb(end), (t - 0.5).abs() * 2.0 * strength))
}

#[wasm_bindgen]
pub fn draw_boundary(
    canvas: HtmlCanvasElement,
    boundary: JsValue,
    labels: JsValue,
) -> Result<(), JsValue> {
    let b: Boundary = serde_wasm_bindgen::from_value(boundary)?;
    let labels: Labels = serde_wasm_bindgen::from_value(labels)?;
    let n = b.size;
    if n == 0 || b.outputs == 0 || b.cells.len() != n * n * b.outputs {
        return Err(JsValue::from_str(
            "boundary: the grid does not match its size",
        ));
    }
    let root = area(canvas)?;
    let (w, _) = root.dim_in_pixel();
    let legend = if b.regression || labels.classes.is_empty() {
        0
    } else {
        22
    };
    let (top, chart_area) = root.split_vertically(26 + legend);
    let centred = TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    top.draw(&Text::new(labels.title.clone(), (w as i32 / 2, 4), centred))
        .map_err(js_err)?;
    if legend > 0 {
        let font = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        let mut x = 10;
        for (i, name) in labels.classes.iter().enumerate() {
            let c = PALETTE[i % PALETTE.len()];
            top.draw(&Circle::new((x + 5, 34), 5, c.filled()))
                .map_err(js_err)?;
            top.draw(&Text::new(name.clone(), (x + 14, 34), font.clone()))
                .map_err(js_err)?;
            // Measured, so that Korean names (wider than Latin letters) do not overlap.
            let (width, _) = top.estimate_text_size(name, &font).map_err(js_err)?;
            x += 26 + width as i32;
        }
    }
    let (x0, x1) = (f64::from(b.x_range.0), f64::from(b.x_range.1));
    let (y0, y1) = (f64::from(b.y_range.0), f64::from(b.y_range.1));
    let mut chart = ChartBuilder::on(&chart_area)
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(js_err)?;
    // For regression the cells and points share one scale.
    let (lo, hi) = if b.regression {
        super::min_max(b.cells.iter().chain(&b.points_label).map(|&v| f64::from(v)))
    } else {
        (0.0, 1.0)
    };
    let scale = |v: f32| {
        if hi > lo {
            (f64::from(v) - lo) / (hi - lo)
        } else {
            0.5
        }
    };
    let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
    let cells = b.cells.chunks(b.outputs).enumerate().map(|(i, out)| {
        let (r, c) = (i / n, i % n);
        let left = x0 + c as f64 * dx;
        let upper = y1 - r as f64 * dy;
        let fill = if b.regression {
            value_colour(scale(out[0]), 0.6)
        } else {
            class_cell(out)
        };
        Rectangle::new([(left, upper), (left + dx, upper - dy)], fill.filled())
    });
    chart.draw_series(cells).map_err(js_err)?;
    chart
        .configure_mesh()
        .x_desc(b.x_name.as_str())
        .y_desc(b.y_name.as_str())
        .label_style((FONT, 11))
        .disable_mesh()
        .axis_style(GRID)
        .draw()
        .map_err(js_err)?;
    let points = b.points_x.iter().zip(&b.points_y).zip(&b.points_label);
    let dots = points.map(|((&x, &y), &label)| {
        let fill = if b.regression {
            value_colour(scale(label), 1.0)
        } else {
            PALETTE[(label.max(0.0) as usize) % PALETTE.len()]
        };
        let at = (f64::from(x), f64::from(y));
        EmptyElement::at(at)
            + Circle::new((0, 0), 4, fill.filled())
            + Circle::new((0, 0), 4, WHITE.stroke_width(1))
    });
    chart.draw_series(dots).map_err(js_err)?;
    root.present().map_err(js_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sure_cell_is_strong_and_a_hesitant_one_pale() {
        let sure = class_cell(&[0.0, 1.0, 0.0]);
        let unsure = class_cell(&[0.34, 0.33, 0.33]);
        // Sure of class 1 (orange): 75% of the way from white to orange.
        assert_eq!(sure, colour(mix(WHITE_RGB, rgb(PALETTE[1]), 0.75)));
        // Hesitant: 20% of the way to a grey-brown mixture, close to white.
        assert!(
            unsure.0 > 200 && unsure.1 > 200 && unsure.2 > 200,
            "{unsure:?}"
        );
        assert_eq!(value_colour(0.5, 1.0), WHITE);
        assert_eq!(value_colour(0.0, 1.0), PALETTE[0]);
    }
}
