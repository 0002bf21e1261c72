//! The notebook's figures: a [`Figure`] description (what a cell's `plt.plot`, `plt.imshow`,
//! `sns.heatmap` built; see `noriteo_notebook::figure` for its JSON) drawn with plotters as
//! matplotlib draws it: subplots as a grid, a box around each axes, matplotlib's colours
//! (chosen by the interpreter), images and heatmaps through their colormaps with row 0 at
//! the top, heatmap annotations in black or white by the cell's lightness.
//!
//! [`draw`] takes any plotters `DrawingArea`, so native tests draw into a pixel buffer and
//! look at the pixels; [`draw_figure`] is the page's entry, onto a `<canvas>`.

use plotters::chart::SeriesAnno;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use noriteo_notebook::figure::{self as fig, Figure, LineStyle, Rgb, Series};

use super::{area, js_err, min_max, padded, FONT};

/// Draws `spec` (a figure description, as a cell's `display_data` carries it) onto `canvas`,
/// `width` pixels wide and as high as the figure's `figsize` makes it.
#[wasm_bindgen]
pub fn draw_figure(canvas: HtmlCanvasElement, spec: JsValue, width: u32) -> Result<(), JsValue> {
    let figure: Figure = serde_wasm_bindgen::from_value(spec)?;
    let width = width.clamp(50, 4000);
    let height = (f64::from(width) * figure.size[1] / figure.size[0].max(0.01)).round();
    canvas.set_width(width);
    canvas.set_height(height.clamp(20.0, 8000.0) as u32);
    let root = area(canvas)?;
    draw(&root, &figure).map_err(js_err)?;
    root.present().map_err(js_err)
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

type Drawn = Result<(), String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Draws the whole figure onto `root` (which it fills white first).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, figure: &Figure) -> Drawn {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    // Sizes in the description are matplotlib's points at 100 dpi; the canvas may be larger
    // or smaller than the figure's pixel size.
    let scale = f64::from(w) / figure.pixels().0.max(1) as f64;
    let mut body = root.clone();
    if let Some(t) = &figure.suptitle {
        let band = (30.0 * scale.clamp(0.7, 1.5)) as u32;
        let (top, rest) = root.split_vertically(band.min(h / 3));
        top.draw(&Text::new(
            t.clone(),
            (w as i32 / 2, band as i32 / 2),
            text_style(font_size(scale, 15.0), BLACK, HPos::Center, VPos::Center),
        ))
        .map_err(err)?;
        body = rest;
    }
    let (bw, bh) = body.dim_in_pixel();
    for axes in &figure.axes {
        let [nrows, ncols, index] = axes.cell;
        if nrows == 0 || ncols == 0 || index == 0 || index > nrows * ncols {
            continue;
        }
        let (row, col) = ((index - 1) / ncols, (index - 1) % ncols);
        let (cw, ch) = (bw / ncols as u32, bh / nrows as u32);
        let cell = body
            .clone()
            .shrink((col as u32 * cw, row as u32 * ch), (cw.max(1), ch.max(1)));
        draw_axes(root, &cell, axes, scale)?;
    }
    Ok(())
}

fn font_size(scale: f64, points: f64) -> f64 {
    (points * scale).clamp(8.0, points * 1.4)
}

fn text_style(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    let mut style = TextStyle::from((FONT, size).into_font()).pos(Pos::new(h, v));
    style.color = color.to_backend_color();
    style
}

/// A tick's text: short, without trailing zeros (`0.5`, `100`, `1e-05`).
fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        return format!("{v:.0e}");
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// What the axes shows along x and y: the data's range with matplotlib's 5% margins, bars
/// and histograms from 0, images and heatmaps edge to edge.
fn ranges(a: &fig::Axes) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let mut x_fixed = None;
    let mut y_fixed = None;
    let mut from_zero = false;
    for s in &a.series {
        match s {
            Series::Line(l) => {
                xs.extend(&l.x);
                ys.extend(&l.y);
            }
            Series::Scatter(p) => {
                xs.extend(&p.x);
                ys.extend(&p.y);
            }
            Series::Bar(b) => {
                xs.extend(b.x.iter().map(|x| x - b.width / 2.0));
                xs.extend(b.x.iter().map(|x| x + b.width / 2.0));
                ys.extend(&b.height);
                from_zero = true;
            }
            Series::Hist(hst) => {
                xs.extend(&hst.edges);
                ys.extend(&hst.counts);
                from_zero = true;
            }
            Series::Image(i) => {
                x_fixed = Some(-0.5..i.width as f64 - 0.5);
                y_fixed = Some(-0.5..i.height as f64 - 0.5);
            }
            Series::Heatmap(hm) => {
                x_fixed = Some(0.0..hm.cols as f64);
                y_fixed = Some(0.0..hm.rows as f64);
            }
        }
    }
    let axis = |v: &[f64], fixed: Option<std::ops::Range<f64>>, zero: bool| {
        if let Some(r) = fixed {
            return r;
        }
        let (lo, hi) = min_max(v.iter().copied());
        if !lo.is_finite() {
            return 0.0..1.0;
        }
        if zero {
            let lo = lo.min(0.0);
            let hi = hi.max(0.0);
            let span = (hi - lo).max(1e-9);
            return (if lo < 0.0 { lo - 0.05 * span } else { 0.0 })..(hi + 0.05 * span);
        }
        padded(lo, hi)
    };
    let mut x = axis(&xs, x_fixed, false);
    let mut y = axis(&ys, y_fixed, from_zero);
    // Limits given in the cell win; for images they are read in the flipped frame.
    if let Some([lo, hi]) = a.xlim {
        if lo != hi {
            x = lo.min(hi)..lo.max(hi);
        }
    }
    if let Some([lo, hi]) = a.ylim {
        if lo != hi && !a.invert_y {
            y = lo.min(hi)..lo.max(hi);
        }
    }
    (x, y)
}

/// The image's width over its height, if the axes shows one (matplotlib keeps its pixels
/// square).
fn image_aspect(a: &fig::Axes) -> Option<f64> {
    a.series.iter().find_map(|s| match s {
        Series::Image(i) if i.height > 0 => Some(i.width as f64 / i.height as f64),
        _ => None,
    })
}

/// One axes in its cell; `root` is the whole figure, where chart positions are drawn in
/// absolute pixels.
fn draw_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    cell: &DrawingArea<DB, Shift>,
    a: &fig::Axes,
    scale: f64,
) -> Drawn {
    let heatmap = a.series.iter().find_map(|s| match s {
        Series::Heatmap(h) => Some(h),
        _ => None,
    });
    // A heatmap's colour bar takes a strip at the right.
    let (cw, _) = cell.dim_in_pixel();
    let (mut plot_cell, bar_cell) = match heatmap {
        Some(h) if h.colorbar && cw > 160 => {
            let (l, r) = cell.split_horizontally(cw - 56);
            (l, Some(r))
        }
        _ => (cell.clone(), None),
    };
    let title_h = if a.title.is_some() {
        (font_size(scale, 13.0) * 1.8) as u32
    } else {
        6
    };
    let show_axes = !a.axis_off;
    let x_area = if show_axes && !a.hide_xticks {
        (if a.xlabel.is_some() { 38.0 } else { 22.0 } * scale.clamp(0.8, 1.3)) as u32
    } else if a.xlabel.is_some() && show_axes {
        22
    } else {
        4
    };
    let y_area = if show_axes && !a.hide_yticks {
        (if a.ylabel.is_some() { 56.0 } else { 40.0 } * scale.clamp(0.8, 1.3)) as u32
    } else if a.ylabel.is_some() && show_axes {
        22
    } else {
        4
    };
    if let Some(aspect) = image_aspect(a) {
        let (w, h) = plot_cell.dim_in_pixel();
        let aw = w.saturating_sub(y_area + 8).max(1) as f64;
        let ah = h.saturating_sub(x_area + title_h + 4).max(1) as f64;
        let (fw, fh) = if aw / ah > aspect {
            (ah * aspect, ah)
        } else {
            (aw, aw / aspect)
        };
        let nw = (fw as u32 + y_area + 8).min(w);
        let nh = (fh as u32 + x_area + title_h + 4).min(h);
        plot_cell = plot_cell.shrink(((w - nw) / 2, (h - nh) / 2), (nw, nh));
    }
    let (xr, yr) = ranges(a);
    let mut builder = ChartBuilder::on(&plot_cell);
    builder
        .margin_top(4)
        .margin_right(8)
        .margin_left(4)
        .margin_bottom(4)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area);
    if let Some(t) = &a.title {
        builder.caption(t.as_str(), (FONT, font_size(scale, 13.0)));
    }
    let mut chart = builder
        .build_cartesian_2d(xr.clone(), yr.clone())
        .map_err(err)?;
    // Images and heatmaps put row 0 at the top (matplotlib's `origin='upper'`).
    let flip = a.invert_y
        || a.series
            .iter()
            .any(|s| matches!(s, Series::Image(_) | Series::Heatmap(_)));
    let (y_lo, y_hi) = (yr.start, yr.end);
    let categorical_x = a.xticklabels.is_some();
    let categorical_y = a.yticklabels.is_some();
    let x_fmt = |v: &f64| tick(*v);
    // An image's rows count down from the top: label y as the row it is.
    let y_fmt = |v: &f64| {
        if flip {
            tick(y_lo + y_hi - *v)
        } else {
            tick(*v)
        }
    };
    if show_axes {
        let label_font = font_size(scale, 10.0);
        let mut mesh = chart.configure_mesh();
        mesh.label_style((FONT, label_font))
            .axis_desc_style((FONT, font_size(scale, 11.0)))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(176, 176, 176).mix(if a.grid { 0.6 } else { 0.0 }))
            .x_labels(if a.hide_xticks || categorical_x { 0 } else { 7 })
            .y_labels(if a.hide_yticks || categorical_y { 0 } else { 6 })
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt);
        if let Some(l) = &a.xlabel {
            mesh.x_desc(l.as_str());
        }
        if let Some(l) = &a.ylabel {
            mesh.y_desc(l.as_str());
        }
        mesh.draw().map_err(err)?;
    }
    let yv = |y: f64| if flip { y_lo + y_hi - y } else { y };
    for s in &a.series {
        draw_series(&mut chart, s, scale, &yv)?;
    }
    let root_style = |size| text_style(size, BLACK, HPos::Center, VPos::Top);
    let (px, py) = chart.plotting_area().get_pixel_range();
    if show_axes {
        // matplotlib's four spines.
        let frame = Rectangle::new(
            [(px.start, py.start), (px.end - 1, py.end - 1)],
            ShapeStyle::from(BLACK).stroke_width(1),
        );
        root.draw(&frame).map_err(err)?;
        // Category names under their bars, or beside a heatmap's rows.
        let offset = if heatmap.is_some() { 0.5 } else { 0.0 };
        if let (Some(names), false) = (&a.xticklabels, a.hide_xticks) {
            for (k, n) in names.iter().enumerate() {
                let (x, _) = chart.backend_coord(&(k as f64 + offset, yr.start));
                if x >= px.start && x <= px.end {
                    root.draw(&Text::new(
                        n.clone(),
                        (x, py.end + 4),
                        root_style(font_size(scale, 10.0)),
                    ))
                    .map_err(err)?;
                }
            }
        }
        if let (Some(names), false) = (&a.yticklabels, a.hide_yticks) {
            for (k, n) in names.iter().enumerate() {
                let (_, y) = chart.backend_coord(&(xr.start, yv(k as f64 + offset)));
                if y >= py.start && y <= py.end {
                    root.draw(&Text::new(
                        n.clone(),
                        (px.start - 5, y),
                        text_style(font_size(scale, 10.0), BLACK, HPos::Right, VPos::Center),
                    ))
                    .map_err(err)?;
                }
            }
        }
    }
    if a.legend && a.series.iter().any(has_label) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT, font_size(scale, 10.0)))
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(204, 204, 204))
            .draw()
            .map_err(err)?;
    }
    if let (Some(h), Some(bar)) = (heatmap, bar_cell) {
        draw_colorbar(&bar, h, (py.start, py.end), scale)?;
    }
    Ok(())
}

fn has_label(s: &Series) -> bool {
    match s {
        Series::Line(l) => l.label.is_some(),
        Series::Scatter(p) => p.label.is_some(),
        Series::Bar(b) => b.label.is_some(),
        Series::Hist(h) => h.label.is_some(),
        Series::Image(_) | Series::Heatmap(_) => false,
    }
}

type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Points in runs of finite values: matplotlib leaves a gap at NaN.
fn runs(x: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (&a, &b) in x.iter().zip(y) {
        if a.is_finite() && b.is_finite() {
            if let Some(last) = out.last_mut() {
                last.push((a, b));
            }
        } else if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Pixels of `points` (matplotlib's unit) at this scale.
fn px(points: f64, scale: f64) -> f64 {
    points * 100.0 / 72.0 * scale
}

fn draw_series<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    s: &Series,
    scale: f64,
    yv: &dyn Fn(f64) -> f64,
) -> Drawn {
    match s {
        Series::Line(l) => {
            let color = rgb(l.color).mix(l.alpha);
            let width = px(l.linewidth, scale).round().max(1.0) as u32;
            let style = ShapeStyle::from(color).stroke_width(width);
            let line = l.linestyle != LineStyle::None;
            let marker_px = (px(l.markersize, scale) / 2.0).round().max(1.0) as i32;
            let mut label = l.label.as_deref();
            // The legend's sample: the line, with the marker on it when there is one.
            let r = if l.marker.is_some() { 3 } else { 0 };
            let stroke = if line {
                style
            } else {
                ShapeStyle::from(TRANSPARENT)
            };
            let sample = move |(x, y): (i32, i32)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (18, 0)], stroke)
                    + Circle::new((9, 0), r, color.filled())
            };
            for run in runs(&l.x, &l.y) {
                let pts: Vec<(f64, f64)> = run.iter().map(|&(x, y)| (x, yv(y))).collect();
                if line {
                    let anno = match l.linestyle {
                        LineStyle::Solid | LineStyle::None => chart
                            .draw_series(LineSeries::new(pts.clone(), style))
                            .map_err(err)?,
                        dashed => {
                            let (size, gap) = match dashed {
                                LineStyle::Dotted => (width.max(2), width.max(2) * 2),
                                _ => (width * 4, width * 2),
                            };
                            chart
                                .draw_series(DashedLineSeries::new(pts.clone(), size, gap, style))
                                .map_err(err)?
                        }
                    };
                    if let Some(t) = label.take() {
                        anno.label(t).legend(sample);
                    }
                }
                if let Some(m) = l.marker {
                    let anno = markers(
                        chart,
                        m,
                        pts.iter().map(|&p| (p, marker_px, color.filled())),
                    )?;
                    if let Some(t) = label.take() {
                        anno.label(t).legend(sample);
                    }
                }
            }
        }
        Series::Scatter(p) => {
            let n = p.x.len();
            let pts: Vec<(usize, f64, f64)> = (0..n)
                .filter(|&i| p.x[i].is_finite() && p.y[i].is_finite())
                .map(|i| (i, p.x[i], yv(p.y[i])))
                .collect();
            let color_of = |i: usize| {
                let c = p
                    .colors
                    .get(i)
                    .or(p.colors.first())
                    .copied()
                    .unwrap_or(fig::CYCLE[0]);
                rgb(c).mix(p.alpha)
            };
            let size_of = |i: usize| {
                let area = p.sizes.get(i).or(p.sizes.first()).copied().unwrap_or(36.0);
                (px(area.max(0.0).sqrt(), scale) / 2.0).round().max(1.0) as i32
            };
            let anno = markers(
                chart,
                p.marker,
                pts.iter()
                    .map(|&(i, x, y)| ((x, y), size_of(i), color_of(i).filled())),
            )?;
            if let Some(label) = &p.label {
                let c = color_of(0);
                anno.label(label.as_str())
                    .legend(move |(x, y)| Circle::new((x + 9, y), 4, c.filled()));
            }
        }
        Series::Bar(b) => {
            let color = rgb(b.color).mix(b.alpha);
            let anno = chart
                .draw_series(
                    b.x.iter()
                        .zip(&b.height)
                        .filter(|(x, h)| x.is_finite() && h.is_finite())
                        .map(|(&x, &h)| {
                            Rectangle::new(
                                [(x - b.width / 2.0, yv(0.0)), (x + b.width / 2.0, yv(h))],
                                color.filled(),
                            )
                        }),
                )
                .map_err(err)?;
            if let Some(label) = &b.label {
                anno.label(label.as_str()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.filled())
                });
            }
        }
        Series::Hist(h) => {
            let color = rgb(h.color).mix(h.alpha);
            let anno = chart
                .draw_series(h.counts.iter().enumerate().map(|(k, &c)| {
                    Rectangle::new(
                        [(h.edges[k], yv(0.0)), (h.edges[k + 1], yv(c))],
                        color.filled(),
                    )
                }))
                .map_err(err)?;
            if let Some(label) = &h.label {
                anno.label(label.as_str()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.filled())
                });
            }
        }
        Series::Image(img) => {
            let (w, ch) = (img.width, img.channels);
            let pixel = |r: usize, c: usize| -> RGBColor {
                let at = (r * w + c) * ch;
                let v = |k: usize| img.data.get(at + k).copied().unwrap_or(0.0);
                if ch == 1 {
                    rgb(img.cmap.map(v(0), img.vmin, img.vmax))
                } else {
                    let c8 = |x: f64| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
                    RGBColor(c8(v(0)), c8(v(1)), c8(v(2)))
                }
            };
            chart
                .draw_series(
                    (0..img.height)
                        .flat_map(|r| (0..w).map(move |c| (r, c)))
                        .map(|(r, c)| {
                            let (x, y) = (c as f64, r as f64);
                            Rectangle::new(
                                [(x - 0.5, yv(y - 0.5)), (x + 0.5, yv(y + 0.5))],
                                pixel(r, c).filled(),
                            )
                        }),
                )
                .map_err(err)?;
        }
        Series::Heatmap(hm) => {
            let cells = (0..hm.rows).flat_map(|r| (0..hm.cols).map(move |c| (r, c)));
            let color = |r: usize, c: usize| {
                hm.cmap.map(
                    hm.data.get(r * hm.cols + c).copied().unwrap_or(f64::NAN),
                    hm.vmin,
                    hm.vmax,
                )
            };
            chart
                .draw_series(cells.clone().map(|(r, c)| {
                    let (x, y) = (c as f64, r as f64);
                    Rectangle::new(
                        [(x, yv(y)), (x + 1.0, yv(y + 1.0))],
                        rgb(color(r, c)).filled(),
                    )
                }))
                .map_err(err)?;
            if let Some(texts) = &hm.annotations {
                let size = font_size(scale, 10.0);
                chart
                    .draw_series(cells.map(|(r, c)| {
                        let t = texts.get(r * hm.cols + c).cloned().unwrap_or_default();
                        let ink = rgb(color(r, c).readable_text());
                        Text::new(
                            t,
                            (c as f64 + 0.5, yv(r as f64 + 0.5)),
                            text_style(size, ink, HPos::Center, VPos::Center),
                        )
                    }))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// Markers at points, each with its radius and style: matplotlib's `'o'`, `'.'`, `'s'`,
/// `'^'`, `'x'`, `'+'` (others as circles).
fn markers<'a, 'c, DB: DrawingBackend + 'a>(
    chart: &'c mut Chart<'a, DB>,
    m: char,
    points: impl Iterator<Item = ((f64, f64), i32, ShapeStyle)>,
) -> Result<&'c mut SeriesAnno<'a, DB>, String> {
    let points: Vec<((f64, f64), i32, ShapeStyle)> = points.collect();
    let it = points.into_iter();
    let anno = match m {
        '.' | ',' => chart.draw_series(
            it.map(|(at, r, s)| Circle::new(at, if m == ',' { 1 } else { (r / 2).max(1) }, s)),
        ),
        's' | 'D' | 'd' => chart.draw_series(
            it.map(|(at, r, s)| EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], s)),
        ),
        '^' | 'v' | '<' | '>' => {
            chart.draw_series(it.map(|(at, r, s)| TriangleMarker::new(at, r + 1, s)))
        }
        'x' | 'X' => chart.draw_series(it.map(|(at, r, s)| {
            Cross::new(at, r, ShapeStyle { filled: false, ..s }.stroke_width(2))
        })),
        '+' | 'P' => chart.draw_series(it.map(|(at, r, s)| {
            EmptyElement::at(at)
                + PathElement::new(vec![(-r, 0), (r, 0)], s.stroke_width(2))
                + PathElement::new(vec![(0, -r), (0, r)], s.stroke_width(2))
        })),
        _ => chart.draw_series(it.map(|(at, r, s)| Circle::new(at, r.max(1), s))),
    };
    anno.map_err(err)
}

/// The colour bar beside a heatmap: the colormap from vmin (bottom) to vmax (top).
fn draw_colorbar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, Shift>,
    h: &fig::Heatmap,
    (top, bottom): (i32, i32),
    scale: f64,
) -> Drawn {
    let (bx, by) = bar.get_base_pixel();
    let (top, bottom) = (top - by, bottom - by);
    let (x0, x1) = (6, 22);
    let steps = (bottom - top).max(1);
    for k in 0..steps {
        let t = 1.0 - f64::from(k) / f64::from(steps);
        let c = h.cmap.at(t);
        bar.draw(&Rectangle::new(
            [(x0, top + k), (x1, top + k + 1)],
            rgb(c).filled(),
        ))
        .map_err(err)?;
    }
    bar.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        ShapeStyle::from(BLACK).stroke_width(1),
    ))
    .map_err(err)?;
    let style = |v| text_style(font_size(scale, 9.0), BLACK, HPos::Left, v);
    bar.draw(&Text::new(tick(h.vmax), (x1 + 3, top), style(VPos::Top)))
        .map_err(err)?;
    bar.draw(&Text::new(
        tick(h.vmin),
        (x1 + 3, bottom),
        style(VPos::Bottom),
    ))
    .map_err(err)?;
    let _ = bx;
    Ok(())
}

#[cfg(test)]
mod tests {
    use plotters::backend::BitMapBackend;
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };

    use super::*;
    use noriteo_notebook::figure::{Axes, Cmap, Image, Line, CYCLE};

    /// The bitmap backend without text: natively plotters has no font to draw it with, and
    /// what these tests look at is the data's pixels.
    struct NoText<'a>(BitMapBackend<'a>);

    type Error<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

    impl<'a> DrawingBackend for NoText<'a> {
        type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;
        fn get_size(&self) -> (u32, u32) {
            self.0.get_size()
        }
        fn ensure_prepared(&mut self) -> Result<(), Error<'a>> {
            self.0.ensure_prepared()
        }
        fn present(&mut self) -> Result<(), Error<'a>> {
            self.0.present()
        }
        fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), Error<'a>> {
            self.0.draw_pixel(p, c)
        }
        fn draw_line<S: BackendStyle>(
            &mut self,
            a: BackendCoord,
            b: BackendCoord,
            s: &S,
        ) -> Result<(), Error<'a>> {
            self.0.draw_line(a, b, s)
        }
        fn draw_rect<S: BackendStyle>(
            &mut self,
            a: BackendCoord,
            b: BackendCoord,
            s: &S,
            fill: bool,
        ) -> Result<(), Error<'a>> {
            self.0.draw_rect(a, b, s, fill)
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            s: &S,
        ) -> Result<(), Error<'a>> {
            self.0.draw_path(path, s)
        }
        fn draw_circle<S: BackendStyle>(
            &mut self,
            c: BackendCoord,
            r: u32,
            s: &S,
            fill: bool,
        ) -> Result<(), Error<'a>> {
            self.0.draw_circle(c, r, s, fill)
        }
        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            s: &S,
        ) -> Result<(), Error<'a>> {
            self.0.fill_polygon(vert, s)
        }
        fn draw_text<T: BackendTextStyle>(
            &mut self,
            _: &str,
            _: &T,
            _: BackendCoord,
        ) -> Result<(), Error<'a>> {
            Ok(())
        }
        fn estimate_text_size<T: BackendTextStyle>(
            &self,
            text: &str,
            _: &T,
        ) -> Result<(u32, u32), Error<'a>> {
            Ok((7 * text.chars().count() as u32, 12))
        }
    }

    /// The figure drawn `width` pixels wide: its RGB pixels, row by row.
    fn render(figure: &Figure, width: u32) -> (Vec<[u8; 3]>, u32, u32) {
        let height = (f64::from(width) * figure.size[1] / figure.size[0]).round() as u32;
        let mut buf = vec![0u8; (width * height * 3) as usize];
        {
            let root =
                NoText(BitMapBackend::with_buffer(&mut buf, (width, height))).into_drawing_area();
            draw(&root, figure).expect("draws");
            root.present().expect("presents");
        }
        let pixels = buf.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
        (pixels, width, height)
    }

    fn line(x: Vec<f64>, y: Vec<f64>, color: Rgb) -> Series {
        Series::Line(Line {
            x,
            y,
            color,
            linestyle: LineStyle::Solid,
            linewidth: 1.5,
            marker: None,
            markersize: 6.0,
            alpha: 1.0,
            label: Some("loss".into()),
        })
    }

    fn figure(size: [f64; 2], axes: Vec<Axes>) -> Figure {
        Figure {
            size,
            suptitle: None,
            axes,
        }
    }

    fn axes(cell: [usize; 3], series: Vec<Series>) -> Axes {
        let mut a = Axes::new(cell);
        a.series = series;
        a
    }

    /// Where pixels of exactly `color` are: (column, row) of each.
    fn where_is(pixels: &[[u8; 3]], width: u32, color: Rgb) -> Vec<(f64, f64)> {
        pixels
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == [color.0, color.1, color.2])
            .map(|(i, _)| ((i as u32 % width) as f64, (i as u32 / width) as f64))
            .collect()
    }

    #[test]
    fn a_rising_line_is_drawn_in_its_colour_from_bottom_left_to_top_right() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let f = figure(
            [6.4, 4.8],
            vec![axes([1, 1, 1], vec![line(x.clone(), x, CYCLE[1])])],
        );
        let (pixels, w, _) = render(&f, 640);
        let pts = where_is(&pixels, w, CYCLE[1]);
        assert!(pts.len() > 400, "orange pixels: {}", pts.len());
        let (cols, rows): (Vec<f64>, Vec<f64>) = pts.iter().copied().unzip();
        let span =
            cols.iter().fold(0f64, |m, &c| m.max(c)) - cols.iter().fold(1e9f64, |m, &c| m.min(c));
        assert!(span > 450.0, "the line crosses the axes: {span} px");
        // Least squares of row on column: going right goes up (rows fall), and every orange
        // pixel lies on that one straight line.
        let n = pts.len() as f64;
        let (mc, mr) = (cols.iter().sum::<f64>() / n, rows.iter().sum::<f64>() / n);
        let sxy: f64 = pts.iter().map(|(c, r)| (c - mc) * (r - mr)).sum();
        let sxx: f64 = cols.iter().map(|c| (c - mc).powi(2)).sum();
        let slope = sxy / sxx;
        assert!(slope < -0.3, "slope {slope}");
        let worst = pts
            .iter()
            .map(|(c, r)| (r - (mr + slope * (c - mc))).abs())
            .fold(0f64, f64::max);
        assert!(worst < 4.0, "off the line by {worst} px");
    }

    #[test]
    fn an_image_maps_values_to_gray_levels_with_row_zero_at_the_top() {
        // Values 0..15 through 'gray' with vmin -1 and vmax 16: grey 15 * (v + 1), levels no
        // frame or background shares.
        let img = Image {
            height: 4,
            width: 4,
            channels: 1,
            data: (0..16).map(f64::from).collect(),
            cmap: Cmap::parse("gray").expect("gray"),
            vmin: -1.0,
            vmax: 16.0,
        };
        let f = figure([4.0, 4.0], vec![axes([1, 1, 1], vec![Series::Image(img)])]);
        let (pixels, w, _) = render(&f, 400);
        let mut centres = Vec::new();
        let mut counts = Vec::new();
        for v in 0..16u8 {
            let g = 15 * (v + 1);
            let pts = where_is(&pixels, w, Rgb(g, g, g));
            assert!(!pts.is_empty(), "value {v}: no pixel of grey {g}");
            let n = pts.len() as f64;
            let c = pts.iter().map(|p| p.0).sum::<f64>() / n;
            let r = pts.iter().map(|p| p.1).sum::<f64>() / n;
            centres.push((c, r));
            counts.push(pts.len());
        }
        // Square cells of one size.
        let (lo, hi) = (counts.iter().min(), counts.iter().max());
        let (lo, hi) = (*lo.expect("counts") as f64, *hi.expect("counts") as f64);
        assert!(lo > 1000.0 && hi / lo < 1.3, "cell areas {counts:?}");
        // Value 0 (row 0, column 0) at the top left, 3 to its right, 12 below it.
        let (c0, r0) = centres[0];
        let (c3, r3) = centres[3];
        let (c12, r12) = centres[12];
        assert!(
            c3 > c0 + 150.0 && (r3 - r0).abs() < 2.0,
            "{:?} {:?}",
            centres[0],
            centres[3]
        );
        assert!(
            r12 > r0 + 150.0 && (c12 - c0).abs() < 2.0,
            "{:?} {:?}",
            centres[0],
            centres[12]
        );
    }

    #[test]
    fn an_empty_figure_draws_no_series_pixels() {
        let f = figure([6.4, 4.8], vec![axes([1, 1, 1], Vec::new())]);
        let (pixels, _, _) = render(&f, 640);
        let coloured = pixels
            .iter()
            .filter(|p| p[0] != p[1] || p[1] != p[2])
            .count();
        assert_eq!(coloured, 0, "only white, grey and black: no data drawn");
        assert!(pixels.iter().filter(|p| **p == [255, 255, 255]).count() > 250_000);
        // ...while one axes with a line has its colour.
        let f = figure(
            [6.4, 4.8],
            vec![axes(
                [1, 1, 1],
                vec![line(vec![0.0, 1.0], vec![0.0, 1.0], CYCLE[0])],
            )],
        );
        let (pixels, w, _) = render(&f, 640);
        assert!(!where_is(&pixels, w, CYCLE[0]).is_empty());
    }

    #[test]
    fn subplots_sit_side_by_side_in_their_grid_cells() {
        let up = line(vec![0.0, 1.0], vec![0.0, 1.0], CYCLE[0]);
        let down = line(vec![0.0, 1.0], vec![1.0, 0.0], CYCLE[2]);
        let f = figure(
            [10.0, 4.0],
            vec![axes([1, 2, 1], vec![up]), axes([1, 2, 2], vec![down])],
        );
        let (pixels, w, _) = render(&f, 800);
        let left = where_is(&pixels, w, CYCLE[0]);
        let right = where_is(&pixels, w, CYCLE[2]);
        assert!(left.len() > 100 && right.len() > 100);
        assert!(left.iter().all(|p| p.0 < 400.0), "C0 only in the left cell");
        assert!(
            right.iter().all(|p| p.0 >= 400.0),
            "C2 only in the right cell"
        );
    }

    #[test]
    fn a_heatmap_spans_its_colormap_and_its_colour_bar() {
        let hm = fig::Heatmap {
            rows: 2,
            cols: 2,
            data: vec![0.0, 1.0, 2.0, 3.0],
            cmap: Cmap::parse("Blues").expect("Blues"),
            vmin: 0.0,
            vmax: 3.0,
            annotations: Some(vec!["0".into(), "1".into(), "2".into(), "3".into()]),
            colorbar: true,
        };
        let mut a = axes([1, 1, 1], vec![Series::Heatmap(hm)]);
        a.invert_y = true;
        a.xticklabels = Some(vec!["0".into(), "1".into()]);
        a.yticklabels = Some(vec!["0".into(), "1".into()]);
        let f = figure([6.0, 5.0], vec![a]);
        let (pixels, w, _) = render(&f, 600);
        let light = where_is(&pixels, w, Rgb(0xf7, 0xfb, 0xff));
        let dark = where_is(&pixels, w, Rgb(0x08, 0x30, 0x6b));
        assert!(
            light.len() > 5000 && dark.len() > 5000,
            "{} {}",
            light.len(),
            dark.len()
        );
        // The 0 cell at the top left, the 3 cell at the bottom right.
        let mean = |v: &[(f64, f64)]| {
            let n = v.len() as f64;
            (
                v.iter().map(|p| p.0).sum::<f64>() / n,
                v.iter().map(|p| p.1).sum::<f64>() / n,
            )
        };
        let big = |v: &[(f64, f64)]| {
            v.iter()
                .copied()
                .filter(|p| p.0 < 500.0)
                .collect::<Vec<_>>()
        };
        let (l, d) = (mean(&big(&light)), mean(&big(&dark)));
        assert!(l.0 < d.0 && l.1 < d.1, "{l:?} {d:?}");
    }
}
