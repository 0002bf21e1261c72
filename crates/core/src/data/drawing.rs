//! A learner's drawing turned into the 28×28 image a model trained on MNIST or
//! Fashion-MNIST expects, prepared the way those sets were. MNIST's digits were scaled,
//! keeping their aspect ratio, to fit a 20×20 box (anti-aliasing gives the grey edges) and
//! then placed in the 28×28 field so that their centre of mass sits at its centre;
//! Fashion-MNIST's pictures were scaled so that their longer side is 28 and centred. A model
//! that learned from such images reads a drawing best when it is framed the same way.

use serde::{Deserialize, Serialize};

use crate::{Code, Message};

/// The side of the images the lessons' models read.
pub const SIDE: usize = 28;

/// How a data set framed its pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// MNIST: fit into 20×20, centre of mass at the centre of 28×28.
    Digit,
    /// Fashion-MNIST: the longer side scaled to 28, the picture centred.
    Garment,
}

impl Framing {
    /// The box the ink's bounding box is scaled to fit.
    fn box_side(self) -> usize {
        match self {
            Framing::Digit => 20,
            Framing::Garment => SIDE,
        }
    }
}

/// Frames `ink` (`width`×`height` values row by row, 0 = paper, 255 = full ink) into a
/// 28×28 image with MNIST's convention (0 background, 255 ink). An empty drawing gives an
/// empty image.
pub fn frame(
    ink: &[u8],
    width: usize,
    height: usize,
    framing: Framing,
) -> Result<Vec<u8>, Message> {
    let want = width.saturating_mul(height);
    if ink.len() != want || width == 0 || height == 0 {
        return Err(Message::new(Code::DrawingSize)
            .with("got", ink.len())
            .with("width", width)
            .with("height", height)
            .with("want", want));
    }
    let mut out = vec![0u8; SIDE * SIDE];
    let Some((left, top, right, bottom)) = bounding_box(ink, width, height) else {
        return Ok(out);
    };
    let (bw, bh) = (right - left, bottom - top);
    let scale = framing.box_side() as f64 / bw.max(bh) as f64;
    let tw = ((bw as f64 * scale).round() as usize).clamp(1, SIDE);
    let th = ((bh as f64 * scale).round() as usize).clamp(1, SIDE);
    let small = resample(ink, width, (left, top, bw, bh), tw, th);
    // Where the scaled picture's top-left corner goes: centred, then (for digits) moved so
    // that its centre of mass is at the field's centre, without leaving the field.
    let mut at = ((SIDE - tw) as f64 / 2.0, (SIDE - th) as f64 / 2.0);
    if framing == Framing::Digit {
        if let Some((cx, cy)) = centre_of_mass(&small, tw) {
            // MNIST's digits have their centre of mass at pixel (14, 14), counting pixels
            // from 0 (measured on its test set: 14.00, 13.99 on average).
            at = (SIDE as f64 / 2.0 - cx, SIDE as f64 / 2.0 - cy);
        }
    }
    let x0 = (at.0.round().max(0.0) as usize).min(SIDE - tw);
    let y0 = (at.1.round().max(0.0) as usize).min(SIDE - th);
    for y in 0..th {
        for x in 0..tw {
            out[(y0 + y) * SIDE + x0 + x] = small[y * tw + x].round().clamp(0.0, 255.0) as u8;
        }
    }
    Ok(out)
}

/// The smallest box holding every inked value: (left, top, right, bottom), right and
/// bottom exclusive; `None` for an empty drawing.
fn bounding_box(ink: &[u8], width: usize, height: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut left, mut top, mut right, mut bottom) = (width, height, 0, 0);
    for y in 0..height {
        for (x, &v) in ink[y * width..(y + 1) * width].iter().enumerate() {
            if v > 0 {
                left = left.min(x);
                right = right.max(x + 1);
                top = top.min(y);
                bottom = bottom.max(y + 1);
            }
        }
    }
    (right > left).then_some((left, top, right, bottom))
}

/// The crop `(left, top, w, h)` of `ink` scaled to `tw`×`th` by area averaging: each new
/// pixel is the mean of the source area it covers, partly covered pixels counting by their
/// share. This is the anti-aliasing that gives MNIST's digits their grey edges.
fn resample(
    ink: &[u8],
    width: usize,
    (left, top, w, h): (usize, usize, usize, usize),
    tw: usize,
    th: usize,
) -> Vec<f64> {
    let (sx, sy) = (w as f64 / tw as f64, h as f64 / th as f64);
    let spans = |i: usize, step: f64, limit: usize| -> Vec<(usize, f64)> {
        let (a, b) = (i as f64 * step, (i + 1) as f64 * step);
        let first = a.floor() as usize;
        let last = (b.ceil() as usize).min(limit);
        (first..last)
            .map(|p| (p, (b.min(p as f64 + 1.0) - a.max(p as f64)).max(0.0)))
            .collect()
    };
    let mut out = vec![0.0; tw * th];
    for ty in 0..th {
        let rows = spans(ty, sy, h);
        for tx in 0..tw {
            let cols = spans(tx, sx, w);
            let mut sum = 0.0;
            for &(y, wy) in &rows {
                let row = &ink[(top + y) * width + left..];
                for &(x, wx) in &cols {
                    sum += f64::from(row[x]) * wx * wy;
                }
            }
            out[ty * tw + tx] = sum / (sx * sy);
        }
    }
    out
}

/// The centre of mass of an image `w` wide, as pixel indices (column, row) from 0.
fn centre_of_mass(image: &[f64], w: usize) -> Option<(f64, f64)> {
    let (mut mass, mut mx, mut my) = (0.0, 0.0, 0.0);
    for (i, &v) in image.iter().enumerate() {
        mass += v;
        mx += v * (i % w) as f64;
        my += v * (i / w) as f64;
    }
    (mass > 0.0).then(|| (mx / mass, my / mass))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inked box of a 28×28 image: (left, top, right, bottom), exclusive ends.
    fn inked(image: &[u8]) -> (usize, usize, usize, usize) {
        bounding_box(image, SIDE, SIDE).expect("some ink")
    }

    #[test]
    fn a_bar_drawn_in_a_corner_is_scaled_into_the_20_box_and_centred() {
        // A 100×50 bar in the top-left corner of a 224×224 pad.
        let (w, h) = (224, 224);
        let mut ink = vec![0u8; w * h];
        for y in 10..60 {
            for x in 5..105 {
                ink[y * w + x] = 255;
            }
        }
        let image = frame(&ink, w, h, Framing::Digit).expect("framed");
        // 20 wide and 10 high, fully inked, its centre of mass at pixel (14, 14) give or
        // take the half pixel an even size leaves.
        assert_eq!(inked(&image), (5, 10, 25, 20));
        assert!(image[14 * SIDE + 14] == 255 && image[10 * SIDE + 5] == 255);
        assert_eq!(image.iter().filter(|&&v| v > 0).count(), 200);
        // A garment fills 28 across instead.
        let garment = frame(&ink, w, h, Framing::Garment).expect("framed");
        assert_eq!(inked(&garment), (0, 7, 28, 21));
    }

    #[test]
    fn an_off_centre_mass_moves_the_digit_so_its_mass_is_centred() {
        // An L: a heavy foot on the bottom pulls the centre of mass down and left... the
        // framed image must have its mass within half a pixel of the centre.
        let (w, h) = (100, 100);
        let mut ink = vec![0u8; w * h];
        for y in 0..100 {
            for x in 0..20 {
                ink[y * w + x] = 255;
            }
        }
        for y in 80..100 {
            for x in 0..100 {
                ink[y * w + x] = 255;
            }
        }
        let image = frame(&ink, w, h, Framing::Digit).expect("framed");
        let f: Vec<f64> = image.iter().map(|&v| f64::from(v)).collect();
        let (cx, cy) = centre_of_mass(&f, SIDE).expect("mass");
        assert!(
            (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
            "{cx}, {cy}"
        );
        // The box is not centred: the mass is low and left, so the picture sits up and right.
        let (left, top, right, bottom) = inked(&image);
        assert_eq!((right - left, bottom - top), (20, 20));
        assert!(left > 4 && top < 4, "{left}, {top}");
    }

    #[test]
    fn a_framed_image_drawn_larger_frames_back_to_itself() {
        // A digit-like ring framed once, drawn 8 times larger (as a test draws a test image
        // onto the pad), frames back to the same pixels, within the rounding of the edges.
        let (w, h) = (160, 200);
        let mut ink = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = ((x as f64 - 80.0) / 80.0, (y as f64 - 100.0) / 100.0);
                let r = (dx * dx + dy * dy).sqrt();
                if (0.7..=1.0).contains(&r) {
                    ink[y * w + x] = 255;
                }
            }
        }
        let once = frame(&ink, w, h, Framing::Digit).expect("framed");
        let big: Vec<u8> = (0..SIDE * 8 * SIDE * 8)
            .map(|i| once[(i / (SIDE * 8) / 8) * SIDE + (i % (SIDE * 8)) / 8])
            .collect();
        let twice = frame(&big, SIDE * 8, SIDE * 8, Framing::Digit).expect("framed");
        let diff: u32 = once
            .iter()
            .zip(&twice)
            .map(|(&a, &b)| u32::from(a.abs_diff(b)))
            .sum();
        assert!(
            diff as f64 / (SIDE * SIDE) as f64 <= 2.0,
            "mean difference {diff}/784"
        );
        assert_eq!(inked(&once), inked(&twice));
    }

    #[test]
    fn an_empty_drawing_is_an_empty_image_and_a_wrong_size_is_refused() {
        assert_eq!(
            frame(&[0; 100], 10, 10, Framing::Digit).expect("empty"),
            vec![0; 784]
        );
        let e = frame(&[0; 99], 10, 10, Framing::Digit).expect_err("size");
        assert_eq!(e.code, Code::DrawingSize);
        assert_eq!(
            e.text(crate::Lang::Ko),
            "그림의 값이 99개입니다. 10×10 그림에는 100개가 있어야 합니다"
        );
    }
}
