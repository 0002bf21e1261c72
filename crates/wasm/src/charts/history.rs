//! The live training curves: loss on the left, the first metric on the right, train and
//! validation in each, per epoch, with the running value of the epoch in progress.

use plotters::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{area, js_err, min_max, padded, Area, FONT, GRID, TRAIN, VALIDATION};

/// Canvases narrower than this (in pixels) stack the loss and metric panels.
const STACKED_BELOW: u32 = 480;

#[derive(Deserialize)]
struct HistoryData {
    /// Keras' History: key → one value per finished epoch, in Keras' key order.
    history: Vec<(String, Vec<f64>)>,
    /// The epoch in progress: x position (e.g. 3.4) and its running logs.
    #[serde(default)]
    live: Option<(f64, Vec<(String, f64)>)>,
    #[serde(default)]
    epochs: usize,
    /// Majority-class accuracy, drawn as a dashed line on the accuracy panel.
    #[serde(default)]
    baseline: Option<f64>,
    labels: Labels,
}

#[derive(Deserialize)]
struct Labels {
    epoch: String,
    train: String,
    validation: String,
    baseline: String,
}

/// Draws `data` (see `HistoryData`) onto `canvas`.
#[wasm_bindgen]
pub fn draw_history(canvas: HtmlCanvasElement, data: JsValue) -> Result<(), JsValue> {
    let data: HistoryData = serde_wasm_bindgen::from_value(data)?;
    let root = area(canvas)?;
    let metric = data
        .history
        .iter()
        .map(|(k, _)| k.as_str())
        .chain(
            data.live
                .iter()
                .flat_map(|(_, l)| l.iter().map(|(k, _)| k.as_str())),
        )
        .find(|k| *k != "loss" && !k.starts_with("val_"))
        .map(str::to_string);
    let panels = match &metric {
        Some(_) => {
            // Side by side; one above the other on a canvas too narrow for two (a phone).
            let (w, h) = root.dim_in_pixel();
            let (a, b) = if w < STACKED_BELOW {
                root.split_vertically(h / 2)
            } else {
                root.split_horizontally(w / 2)
            };
            vec![a, b]
        }
        None => vec![root.clone()],
    };
    draw_panel(&panels[0], &data, "loss", None)?;
    if let (Some(m), Some(p)) = (&metric, panels.get(1)) {
        let baseline = if m.contains("acc") {
            data.baseline
        } else {
            None
        };
        draw_panel(p, &data, m, baseline)?;
    }
    root.present().map_err(js_err)
}

fn series(data: &HistoryData, key: &str) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = data
        .history
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| {
            v.iter()
                .enumerate()
                .map(|(i, &y)| ((i + 1) as f64, y))
                .collect()
        })
        .unwrap_or_default();
    if let Some((x, logs)) = &data.live {
        if let Some((_, y)) = logs.iter().find(|(k, _)| k == key) {
            points.push((*x, *y));
        }
    }
    points.retain(|p| p.1.is_finite());
    points
}

fn draw_panel(
    area: &Area,
    data: &HistoryData,
    key: &str,
    baseline: Option<f64>,
) -> Result<(), JsValue> {
    let train = series(data, key);
    let val = series(data, &format!("val_{key}"));
    // Losses that fall by orders of magnitude (linear regression starts in the thousands)
    // are drawn on a log scale so the end of training stays visible.
    let (lo, hi) = min_max(train.iter().chain(&val).map(|p| p.1).chain(baseline));
    let log = key == "loss" && lo > 0.0 && hi / lo > 50.0;
    let t = |y: f64| if log { y.log10() } else { y };
    let (lo, hi) = if lo.is_finite() {
        (t(lo), t(hi))
    } else {
        (0.0, 1.0)
    };
    let y_range = padded(lo, hi);
    let x_max = train
        .iter()
        .chain(&val)
        .map(|p| p.0)
        .fold(data.epochs.max(1) as f64, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(key, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..x_max, y_range.clone())
        .map_err(js_err)?;
    chart
        .configure_mesh()
        .x_desc(data.labels.epoch.as_str())
        .label_style((FONT, 11))
        .axis_desc_style((FONT, 12))
        .light_line_style(WHITE)
        .bold_line_style(GRID.mix(0.15))
        // At most one label per epoch up to ten epochs, so that ticks fall on whole epochs
        // (half-epoch ticks printed as whole numbers read "0 0 1 1 2 2"); a tick that is not
        // whole still shows its decimal. No more labels than fit the panel's width: four-digit
        // epochs need about 45 px each.
        .x_labels(
            (x_max as usize + 1)
                .clamp(2, 11)
                .min((area.dim_in_pixel().0 as usize / 45).max(2)),
        )
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })
        .y_label_formatter(&|v| {
            let v = if log { 10f64.powf(*v) } else { *v };
            let (span, top) = if log {
                (0.0, 10f64.powf(y_range.end))
            } else {
                let r = &y_range;
                (r.end - r.start, r.start.abs().max(r.end.abs()))
            };
            short(v, span, top)
        })
        .draw()
        .map_err(js_err)?;
    let curves = [
        (&train, TRAIN, &data.labels.train),
        (&val, VALIDATION, &data.labels.validation),
    ];
    for (points, color, label) in curves {
        if points.is_empty() {
            continue;
        }
        let style = ShapeStyle::from(color).stroke_width(2);
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|&(x, y)| (x, t(y))),
                style,
            ))
            .map_err(js_err)?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        if points.len() == 1 {
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, t(y)), 3, color.filled())),
                )
                .map_err(js_err)?;
        }
    }
    if let Some(b) = baseline {
        let style = ShapeStyle::from(GRID).stroke_width(1);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, b), (x_max, b)],
                6,
                4,
                style,
            ))
            .map_err(js_err)?
            .label(format!("{} {:.3}", data.labels.baseline, b))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
    }
    if !train.is_empty() {
        // The legend goes in the corner the curves cross least, never over a curve's end.
        let labels: Vec<&str> = [
            Some(data.labels.train.as_str()),
            (!val.is_empty()).then_some(data.labels.validation.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let baseline_label = baseline.map(|b| format!("{} {:.3}", data.labels.baseline, b));
        let widest = labels
            .iter()
            .copied()
            .chain(baseline_label.as_deref())
            .map(text_width)
            .fold(0.0, f64::max);
        let entries = labels.len() + usize::from(baseline.is_some());
        let (w, h) = chart.plotting_area().dim_in_pixel();
        let box_size = (
            (widest + 40.0) / f64::from(w.max(1)),
            (entries as f64 * 15.0 + 16.0) / f64::from(h.max(1)),
        );
        let (y0, y1) = (y_range.start, y_range.end);
        let to_unit = |&(x, y): &(f64, f64)| (x / x_max, (t(y) - y0) / (y1 - y0));
        let mut curves: Vec<Vec<(f64, f64)>> = vec![
            train.iter().map(to_unit).collect(),
            val.iter().map(to_unit).collect(),
        ];
        if let Some(b) = baseline {
            curves.push(vec![
                (0.0, (b - y0) / (y1 - y0)),
                (1.0, (b - y0) / (y1 - y0)),
            ]);
        }
        chart
            .configure_series_labels()
            .position(legend_corner(&curves, box_size))
            .label_font((FONT, 11))
            .background_style(WHITE.mix(0.85))
            .border_style(GRID.mix(0.4))
            .draw()
            .map_err(js_err)?;
    }
    Ok(())
}

/// The corners a legend may take, in the order of preference.
const CORNERS: [SeriesLabelPosition; 4] = [
    SeriesLabelPosition::UpperRight,
    SeriesLabelPosition::LowerRight,
    SeriesLabelPosition::UpperLeft,
    SeriesLabelPosition::LowerLeft,
];

/// About how wide `text` is at the legend's 11 px font: Hangul twice as wide as Latin.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 6.5 } else { 11.5 })
        .sum()
}

/// The corner for a legend of `size` (a fraction of the plot's width and height) that
/// covers the least of `curves` (points scaled to 0..1 on both axes, y upwards): a corner
/// over any curve's last point is taken only when every corner is. Each segment is sampled
/// so that a line between two far points counts too.
fn legend_corner(curves: &[Vec<(f64, f64)>], size: (f64, f64)) -> SeriesLabelPosition {
    let (w, h) = (size.0.min(1.0), size.1.min(1.0));
    let inside = |corner: usize, (x, y): (f64, f64)| {
        let (right, upper) = (corner < 2, corner.is_multiple_of(2));
        let in_x = if right { x >= 1.0 - w } else { x <= w };
        let in_y = if upper { y >= 1.0 - h } else { y <= h };
        in_x && in_y
    };
    let score = |corner: usize| {
        let mut covered = 0usize;
        let mut ends = 0usize;
        for curve in curves {
            if let Some(&end) = curve.last() {
                ends += usize::from(inside(corner, end));
            }
            for pair in curve.windows(2) {
                let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                for k in 0..8 {
                    let f = f64::from(k) / 8.0;
                    covered +=
                        usize::from(inside(corner, (x0 + f * (x1 - x0), y0 + f * (y1 - y0))));
                }
            }
            if curve.len() == 1 {
                covered += usize::from(inside(corner, curve[0]));
            }
        }
        (ends, covered)
    };
    let best = (0..CORNERS.len())
        .min_by_key(|&c| (score(c), c))
        .unwrap_or(0);
    CORNERS[best].clone()
}

/// Axis numbers short enough for a narrow panel, with enough digits to tell ticks apart
/// when the values span only `span`, and as many on every tick of an axis whose largest
/// value is `top` (not "1.10" above "1.000").
fn short(v: f64, span: f64, top: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        // A diverged loss spans 1.40e24 to 1.41e24: one mantissa digit printed every tick
        // as "1.4e24". As many digits as the span needs (one at least, six at most).
        let digits = if span > 0.0 {
            (a.log10().floor() - (span / 10.0).log10()).ceil().max(1.0) as usize
        } else {
            1
        };
        return format!("{v:.*e}", digits.min(6));
    }
    let needed = if span > 0.0 {
        (-(span / 10.0).log10()).ceil().max(0.0) as usize
    } else {
        0
    };
    let base = if top >= 100.0 {
        0
    } else if top >= 1.0 {
        2
    } else {
        3
    };
    format!("{v:.*}", base.max(needed).min(6))
}

#[cfg(test)]
mod tests {
    use super::{legend_corner, short};

    #[test]
    fn ticks_of_a_diverged_loss_are_told_apart() {
        let (span, top) = (0.05e24, 1.45e24);
        let ticks: Vec<String> = (0..6)
            .map(|i| short(1.40e24 + i as f64 * 0.01e24, span, top))
            .collect();
        let mut unique = ticks.clone();
        unique.dedup();
        assert_eq!(unique.len(), ticks.len(), "{ticks:?}");
        assert_eq!(ticks[0], "1.400e24");
        assert_eq!(short(2.5e-5, 0.0, 2.5e-5), "2.5e-5");
    }
    use plotters::prelude::SeriesLabelPosition;

    fn corner_name(p: SeriesLabelPosition) -> &'static str {
        match p {
            SeriesLabelPosition::UpperRight => "upper right",
            SeriesLabelPosition::LowerRight => "lower right",
            SeriesLabelPosition::UpperLeft => "upper left",
            SeriesLabelPosition::LowerLeft => "lower left",
            _ => "other",
        }
    }

    #[test]
    fn the_legend_keeps_clear_of_a_curves_end() {
        let falling: Vec<(f64, f64)> = (0..=100)
            .map(|i| (i as f64 / 100.0, 1.0 - i as f64 / 100.0))
            .collect();
        let rising: Vec<(f64, f64)> = falling.iter().map(|&(x, y)| (x, 1.0 - y)).collect();
        // A loss falls to the lower right: the legend stays upper right.
        assert_eq!(
            corner_name(legend_corner(std::slice::from_ref(&falling), (0.3, 0.2))),
            "upper right"
        );
        // An accuracy climbs to the upper right: the legend moves down.
        assert_eq!(
            corner_name(legend_corner(std::slice::from_ref(&rising), (0.3, 0.2))),
            "lower right"
        );
        // A training accuracy that climbs and a validation accuracy that ends low right.
        let low_end: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64 / 100.0, 0.1)).collect();
        assert_eq!(
            corner_name(legend_corner(&[rising, low_end], (0.3, 0.2))),
            "upper left"
        );
    }

    #[test]
    fn every_tick_of_an_axis_has_the_same_decimals() {
        // Iris' loss axis, 0.05 to 1.15: two decimals on every tick.
        assert_eq!(short(1.1, 1.1, 1.15), "1.10");
        assert_eq!(short(0.9, 1.1, 1.15), "0.90");
        // A narrow band around a first epoch's loss needs three.
        assert_eq!(short(0.296, 0.1, 0.346), "0.296");
        assert_eq!(short(0.3, 0.1, 0.346), "0.300");
        // Thousands need none; tiny or huge values go to scientific notation.
        assert_eq!(short(3162.3, 0.0, 10000.0), "3162");
        assert_eq!(short(2.5e-4, 0.0, 1.0), "2.5e-4");
    }
}
