//! A 5×5 grid of images with their true and predicted labels (green when right, red when
//! wrong), as the lecture notes show MNIST results.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, FONT};

#[wasm_bindgen]
pub fn draw_images(
    canvas: HtmlCanvasElement,
    pixels: Vec<u8>,
    width: usize,
    height: usize,
    truth: Vec<u32>,
    pred: Vec<u32>,
    classes: Vec<String>,
) -> Result<(), JsValue> {
    let size = width * height;
    if size == 0 || !pixels.len().is_multiple_of(size) {
        return Err(JsValue::from_str(
            "images: pixel count does not match width × height",
        ));
    }
    let count = (pixels.len() / size)
        .min(25)
        .min(truth.len())
        .min(pred.len());
    let root = area(canvas)?;
    let (w, h) = root.dim_in_pixel();
    let cell_w = w as i32 / 5;
    let cell_h = h as i32 / 5;
    let label_h = 16;
    let scale = ((cell_w - 4).min(cell_h - label_h - 4) / width.max(height) as i32).max(1);
    let name = |i: u32| {
        classes
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| i.to_string())
    };
    for k in 0..count {
        let x0 = (k % 5) as i32 * cell_w + (cell_w - scale * width as i32) / 2;
        let y0 = (k / 5) as i32 * cell_h + 2;
        let image = &pixels[k * size..(k + 1) * size];
        for (i, &v) in image.iter().enumerate() {
            if v == 0 {
                continue; // the white background is already there
            }
            let x = x0 + (i % width) as i32 * scale;
            let y = y0 + (i / width) as i32 * scale;
            let ink = 255 - v;
            root.draw(&Rectangle::new(
                [(x, y), (x + scale, y + scale)],
                RGBColor(ink, ink, ink).filled(),
            ))
            .map_err(js_err)?;
        }
        let right = truth[k] == pred[k];
        let color = if right {
            RGBColor(30, 130, 60)
        } else {
            RGBColor(200, 30, 30)
        };
        let text = if right {
            name(pred[k])
        } else {
            format!("{} ({})", name(pred[k]), name(truth[k]))
        };
        let style = TextStyle::from((FONT, 11).into_font())
            .color(&color)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let cx = (k % 5) as i32 * cell_w + cell_w / 2;
        root.draw(&Text::new(
            text,
            (cx, y0 + scale * height as i32 + 1),
            style,
        ))
        .map_err(js_err)?;
    }
    root.present().map_err(js_err)
}
