//! The confusion matrix: rows are true classes, columns predicted ones, shaded by the share
//! of each true class, with the count in every cell.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, FONT};

#[wasm_bindgen]
pub fn draw_confusion(
    canvas: HtmlCanvasElement,
    matrix: Vec<u32>,
    classes: Vec<String>,
    title: String,
    axis_true: String,
    axis_pred: String,
) -> Result<(), JsValue> {
    let n = classes.len();
    if n == 0 || matrix.len() != n * n {
        return Err(JsValue::from_str(
            "confusion matrix: size does not match the classes",
        ));
    }
    let root = area(canvas)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let left = 90;
    let top = 44;
    let cell = ((w - left - 12).min(h - top - 40) / n as i32).max(4);
    let centred =
        |size| TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(title, (w / 2, 14), centred(15)))
        .map_err(js_err)?;
    root.draw(&Text::new(
        axis_pred,
        (left + cell * n as i32 / 2, 32),
        centred(12),
    ))
    .map_err(js_err)?;
    let label_size = if n > 6 { 10 } else { 12 };
    for t in 0..n {
        let row_total: u32 = matrix[t * n..(t + 1) * n].iter().sum();
        let y = top + t as i32 * cell;
        let right = TextStyle::from((FONT, label_size).into_font())
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(
            classes[t].clone(),
            (left - 6, y + cell / 2),
            right,
        ))
        .map_err(js_err)?;
        for p in 0..n {
            let count = matrix[t * n + p];
            let share = if row_total > 0 {
                count as f64 / row_total as f64
            } else {
                0.0
            };
            let x = left + p as i32 * cell;
            let color = if t == p {
                RGBColor(31, 119, 180)
            } else {
                RGBColor(214, 39, 40)
            };
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                color.mix(0.08 + 0.85 * share).filled(),
            ))
            .map_err(js_err)?;
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                WHITE.stroke_width(1),
            ))
            .map_err(js_err)?;
            if cell >= 18 {
                let ink = if share > 0.5 { WHITE } else { BLACK };
                let style = centred(if cell > 40 { 13 } else { 10 }).color(&ink);
                root.draw(&Text::new(
                    count.to_string(),
                    (x + cell / 2, y + cell / 2),
                    style,
                ))
                .map_err(js_err)?;
            }
        }
    }
    for (p, name) in classes.iter().enumerate() {
        let x = left + p as i32 * cell + cell / 2;
        let style = centred(label_size);
        let short: String = name.chars().take(if n > 6 { 5 } else { 12 }).collect();
        root.draw(&Text::new(short, (x, top + n as i32 * cell + 12), style))
            .map_err(js_err)?;
    }
    let side = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    root.draw(&Text::new(axis_true, (4, top - 12), side))
        .map_err(js_err)?;
    root.present().map_err(js_err)
}
