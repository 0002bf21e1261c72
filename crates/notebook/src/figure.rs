//! A figure as matplotlib would draw it, described as data: what `plt.plot`, `plt.imshow`,
//! `sns.heatmap`, ... built in a cell. The interpreter fills it ([`crate::modules::pyplot`]);
//! the page draws it with plotters (`crates/wasm/src/charts/figure.rs`); the native runner
//! prints it as one line ([`Figure::summary`]). Every choice matplotlib makes while plotting
//! (the next colour of the cycle, what `'r--'` means, a histogram's bins, the text of a
//! heatmap's annotations) is made by the interpreter, so the renderer only draws.
//!
//! ## JSON (`application/vnd.noriteo.figure+json`)
//! ```text
//! Figure  { "size": [w_in, h_in],            // figsize in inches; drawn at 100 px per inch
//!           "suptitle": str | null,
//!           "axes": [Axes] }                  // in creation order
//! Axes    { "cell": [nrows, ncols, index],    // subplot(nrows, ncols, index), index from 1
//!           "title", "xlabel", "ylabel": str | null,
//!           "xlim", "ylim": [lo, hi] | null,  // null: from the data
//!           "legend": bool, "grid": bool, "axis_off": bool,
//!           "hide_xticks", "hide_yticks": bool,   // xticks([]) / set_yticks([])
//!           "xticklabels", "yticklabels": [str] | null, // category names at 0, 1, ... (bar
//!                                             // of strings; heatmap: at 0.5, 1.5, ...)
//!           "invert_y": bool,                 // images and heatmaps: row 0 at the top
//!           "series": [Series] }
//! Series  { "kind": "line", "x": [f64], "y": [f64], "color": "#rrggbb",
//!           "linestyle": "-"|"--"|"-."|":"|"none", "linewidth": f64 (points),
//!           "marker": "o"|"."|"s"|"^"|"v"|"x"|"+"|"*"|"D"|... | null, "markersize": f64,
//!           "alpha": f64, "label": str | null }
//!       | { "kind": "scatter", "x", "y", "colors": ["#rrggbb"] (one, or one per point),
//!           "sizes": [f64] (marker area in points², one or one per point), "marker",
//!           "alpha", "label" }
//!       | { "kind": "bar", "x": [f64] (centres), "height": [f64], "width": f64,
//!           "color", "alpha", "label" }
//!       | { "kind": "hist", "edges": [f64] (bins + 1), "counts": [f64], "color",
//!           "alpha", "label" }
//!       | { "kind": "image", "height", "width", "channels": 1|3|4,
//!           "data": [f64] (row-major, channels last; RGB(A) in 0..1),
//!           "cmap": "gray"|"viridis"|"binary"|...(+"_r"), "vmin", "vmax" }
//!       | { "kind": "heatmap", "rows", "cols", "data": [f64] (row-major), "cmap",
//!           "vmin", "vmax", "annotations": [str] | null (one per cell), "colorbar": bool }
//! ```
//! Non-finite numbers (NaN: a gap in a line, as matplotlib leaves one) are written as `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// matplotlib's default figure size in inches (`rcParams['figure.figsize']`).
pub const DEFAULT_SIZE: [f64; 2] = [6.4, 4.8];
/// Dots per inch of the figure's pixel size (`rcParams['figure.dpi']`).
pub const DPI: f64 = 100.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub size: [f64; 2],
    #[serde(default)]
    pub suptitle: Option<String>,
    pub axes: Vec<Axes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Axes {
    pub cell: [usize; 3],
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub xlabel: Option<String>,
    #[serde(default)]
    pub ylabel: Option<String>,
    #[serde(default)]
    pub xlim: Option<[f64; 2]>,
    #[serde(default)]
    pub ylim: Option<[f64; 2]>,
    #[serde(default)]
    pub legend: bool,
    #[serde(default)]
    pub grid: bool,
    #[serde(default)]
    pub axis_off: bool,
    #[serde(default)]
    pub hide_xticks: bool,
    #[serde(default)]
    pub hide_yticks: bool,
    #[serde(default)]
    pub xticklabels: Option<Vec<String>>,
    #[serde(default)]
    pub yticklabels: Option<Vec<String>>,
    #[serde(default)]
    pub invert_y: bool,
    pub series: Vec<Series>,
}

impl Axes {
    pub fn new(cell: [usize; 3]) -> Axes {
        Axes {
            cell,
            title: None,
            xlabel: None,
            ylabel: None,
            xlim: None,
            ylim: None,
            legend: false,
            grid: false,
            axis_off: false,
            hide_xticks: false,
            hide_yticks: false,
            xticklabels: None,
            yticklabels: None,
            invert_y: false,
            series: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Series {
    Line(Line),
    Scatter(Scatter),
    Bar(Bar),
    Hist(Hist),
    Image(Image),
    Heatmap(Heatmap),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    #[serde(with = "numbers")]
    pub x: Vec<f64>,
    #[serde(with = "numbers")]
    pub y: Vec<f64>,
    pub color: Rgb,
    pub linestyle: LineStyle,
    pub linewidth: f64,
    pub marker: Option<char>,
    pub markersize: f64,
    pub alpha: f64,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scatter {
    #[serde(with = "numbers")]
    pub x: Vec<f64>,
    #[serde(with = "numbers")]
    pub y: Vec<f64>,
    pub colors: Vec<Rgb>,
    pub sizes: Vec<f64>,
    pub marker: char,
    pub alpha: f64,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    #[serde(with = "numbers")]
    pub x: Vec<f64>,
    #[serde(with = "numbers")]
    pub height: Vec<f64>,
    pub width: f64,
    pub color: Rgb,
    pub alpha: f64,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hist {
    pub edges: Vec<f64>,
    pub counts: Vec<f64>,
    pub color: Rgb,
    pub alpha: f64,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    #[serde(with = "numbers")]
    pub data: Vec<f64>,
    pub cmap: Cmap,
    pub vmin: f64,
    pub vmax: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    pub rows: usize,
    pub cols: usize,
    #[serde(with = "numbers")]
    pub data: Vec<f64>,
    pub cmap: Cmap,
    pub vmin: f64,
    pub vmax: f64,
    pub annotations: Option<Vec<String>>,
    pub colorbar: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineStyle {
    #[serde(rename = "-")]
    Solid,
    #[serde(rename = "--")]
    Dashed,
    #[serde(rename = "-.")]
    DashDot,
    #[serde(rename = ":")]
    Dotted,
    #[serde(rename = "none")]
    None,
}

/// A colour, written `#rrggbb` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `#rrggbb` or `#rgb` (also matplotlib's `#rrggbbaa`, alpha dropped).
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.strip_prefix('#')?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        match h.len() {
            6 | 8 => Some(Rgb(byte(0)?, byte(2)?, byte(4)?)),
            3 | 4 => {
                let d = |i: usize| {
                    u8::from_str_radix(h.get(i..i + 1)?, 16)
                        .ok()
                        .map(|v| v * 17)
                };
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    /// Black or white, whichever reads on this colour (seaborn's rule for annotations:
    /// dark text on light cells).
    pub fn readable_text(self) -> Rgb {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let lum = 0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2);
        if lum > 0.408 {
            Rgb(0x26, 0x26, 0x26)
        } else {
            Rgb(255, 255, 255)
        }
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse_hex(&s).ok_or_else(|| serde::de::Error::custom(format!("bad colour {s}")))
    }
}

/// matplotlib's default colour cycle (`tab10`): C0, C1, ...
pub const CYCLE: [Rgb; 10] = [
    Rgb(0x1f, 0x77, 0xb4),
    Rgb(0xff, 0x7f, 0x0e),
    Rgb(0x2c, 0xa0, 0x2c),
    Rgb(0xd6, 0x27, 0x28),
    Rgb(0x94, 0x67, 0xbd),
    Rgb(0x8c, 0x56, 0x4b),
    Rgb(0xe3, 0x77, 0xc2),
    Rgb(0x7f, 0x7f, 0x7f),
    Rgb(0xbc, 0xbd, 0x22),
    Rgb(0x17, 0xbe, 0xcf),
];

/// A colormap: one of matplotlib's (and seaborn's `rocket`), possibly reversed (`gray_r`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cmap {
    pub base: CmapBase,
    pub reversed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmapBase {
    Viridis,
    Gray,
    Binary,
    Greys,
    Blues,
    Reds,
    Greens,
    Oranges,
    Hot,
    Jet,
    Coolwarm,
    Rocket,
    YlGnBu,
}

/// Names as matplotlib spells them, with the stops each map interpolates between (evenly
/// spaced; `gray` and `binary` are exactly linear, the others are sampled from matplotlib's
/// and ColorBrewer's tables).
const CMAPS: &[(&str, CmapBase, &[u32])] = &[
    (
        "viridis",
        CmapBase::Viridis,
        &[
            0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6dcd59,
            0xb4de2c, 0xfde725,
        ],
    ),
    ("gray", CmapBase::Gray, &[0x000000, 0xffffff]),
    ("grey", CmapBase::Gray, &[0x000000, 0xffffff]),
    ("binary", CmapBase::Binary, &[0xffffff, 0x000000]),
    (
        "Greys",
        CmapBase::Greys,
        &[
            0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252, 0x252525,
            0x000000,
        ],
    ),
    (
        "Blues",
        CmapBase::Blues,
        &[
            0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
            0x08306b,
        ],
    ),
    (
        "Reds",
        CmapBase::Reds,
        &[
            0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15,
            0x67000d,
        ],
    ),
    (
        "Greens",
        CmapBase::Greens,
        &[
            0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c,
            0x00441b,
        ],
    ),
    (
        "Oranges",
        CmapBase::Oranges,
        &[
            0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603,
            0x7f2704,
        ],
    ),
    (
        "hot",
        CmapBase::Hot,
        &[
            0x0b0000, 0x800000, 0xf60000, 0xff7300, 0xffeb00, 0xffff80, 0xffffff,
        ],
    ),
    (
        "jet",
        CmapBase::Jet,
        &[
            0x000080, 0x0000ff, 0x0080ff, 0x00ffff, 0x80ff80, 0xffff00, 0xff8000, 0xff0000,
            0x800000,
        ],
    ),
    (
        "coolwarm",
        CmapBase::Coolwarm,
        &[
            0x3b4cc0, 0x7b9ff9, 0xc0d4f5, 0xdddcdc, 0xf2cbb7, 0xee8468, 0xb40426,
        ],
    ),
    (
        "rocket",
        CmapBase::Rocket,
        &[0x03051a, 0x4c1d4b, 0xa11a5b, 0xe83f3f, 0xf69c73, 0xfaebdd],
    ),
    (
        "YlGnBu",
        CmapBase::YlGnBu,
        &[
            0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494,
            0x081d58,
        ],
    ),
];

impl Cmap {
    pub const VIRIDIS: Cmap = Cmap {
        base: CmapBase::Viridis,
        reversed: false,
    };

    /// A colormap by matplotlib's name (`'gray'`, `'Blues_r'`).
    pub fn parse(name: &str) -> Option<Cmap> {
        let (base, reversed) = match name.strip_suffix("_r") {
            Some(b) => (b, true),
            None => (name, false),
        };
        CMAPS
            .iter()
            .find(|(n, _, _)| *n == base)
            .map(|&(_, base, _)| Cmap { base, reversed })
    }

    /// The names [`Cmap::parse`] knows, for an error message.
    pub fn names() -> String {
        let mut names: Vec<&str> = CMAPS.iter().map(|(n, _, _)| *n).collect();
        names.dedup();
        names.join(", ")
    }

    pub fn name(self) -> String {
        let base = CMAPS
            .iter()
            .find(|(_, b, _)| *b == self.base)
            .map_or("viridis", |(n, _, _)| n);
        if self.reversed {
            format!("{base}_r")
        } else {
            base.to_string()
        }
    }

    /// The colour at `t` in 0..1 (clamped; NaN is drawn as the low end).
    pub fn at(self, t: f64) -> Rgb {
        let stops = CMAPS
            .iter()
            .find(|(_, b, _)| *b == self.base)
            .map_or(&[0x000000, 0xffffff][..], |(_, _, s)| s);
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let t = if self.reversed { 1.0 - t } else { t };
        let pos = t * (stops.len() - 1) as f64;
        let i = (pos.floor() as usize).min(stops.len() - 2);
        let f = pos - i as f64;
        let channel = |c: u32, shift: u32| f64::from((c >> shift) & 0xff);
        let mix = |shift| {
            let a = channel(stops[i], shift);
            let b = channel(stops[i + 1], shift);
            (a + (b - a) * f).round() as u8
        };
        Rgb(mix(16), mix(8), mix(0))
    }

    /// The colour of `v` between `vmin` and `vmax` (matplotlib's `Normalize`).
    pub fn map(self, v: f64, vmin: f64, vmax: f64) -> Rgb {
        let t = if vmax > vmin {
            (v - vmin) / (vmax - vmin)
        } else {
            0.0
        };
        self.at(t)
    }
}

impl Serialize for Cmap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Cmap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cmap::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown colormap {s}")))
    }
}

/// Numbers with NaN and infinities as JSON `null` (JSON has no NaN), read back as NaN.
mod numbers {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| x.is_finite().then_some(*x)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        let v: Vec<Option<f64>> = Vec::deserialize(d)?;
        Ok(v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
    }
}

impl Figure {
    pub fn new(size: [f64; 2]) -> Figure {
        Figure {
            size,
            suptitle: None,
            axes: Vec::new(),
        }
    }

    /// The size in pixels at matplotlib's 100 dpi: `(640, 480)` by default.
    pub fn pixels(&self) -> (u32, u32) {
        let px = |inches: f64| (inches * DPI).round().clamp(1.0, 10_000.0) as u32;
        (px(self.size[0]), px(self.size[1]))
    }

    /// matplotlib's own text of a figure (`repr(fig)`, and the `text/plain` of a shown one):
    /// `<Figure size 640x480 with 1 Axes>`.
    pub fn text(&self) -> String {
        let (w, h) = self.pixels();
        format!("<Figure size {w}x{h} with {} Axes>", self.axes.len())
    }

    /// The native runner's one line: the size, then each axes' series.
    /// `<Figure 640x480: 1 axes; line 'loss' 100 points, line 'val_loss' 100 points>`
    pub fn summary(&self) -> String {
        let (w, h) = self.pixels();
        let mut parts = Vec::new();
        for ax in &self.axes {
            let mut items: Vec<String> = Vec::new();
            if let Some(t) = &ax.title {
                items.push(format!("title '{t}'"));
            }
            for s in &ax.series {
                items.push(s.summary());
            }
            if items.is_empty() {
                items.push("empty".into());
            }
            parts.push(items.join(", "));
        }
        let mut text = format!("<Figure {w}x{h}: {} axes", self.axes.len());
        if !parts.is_empty() {
            text.push_str("; ");
            text.push_str(&parts.join(" | "));
        }
        text.push('>');
        text
    }

    /// How many numbers the figure holds (what its size limit counts).
    pub fn values(&self) -> usize {
        self.axes
            .iter()
            .flat_map(|a| &a.series)
            .map(Series::values)
            .sum()
    }
}

impl Series {
    fn values(&self) -> usize {
        match self {
            Series::Line(l) => l.x.len() + l.y.len(),
            Series::Scatter(s) => s.x.len() + s.y.len() + s.colors.len() + s.sizes.len(),
            Series::Bar(b) => b.x.len() + b.height.len(),
            Series::Hist(h) => h.edges.len() + h.counts.len(),
            Series::Image(i) => i.data.len(),
            Series::Heatmap(h) => h.data.len() * if h.annotations.is_some() { 2 } else { 1 },
        }
    }

    /// `line 'loss' 100 points`, `image 28x28 gray`, ...
    pub fn summary(&self) -> String {
        let label = |l: &Option<String>| l.as_ref().map(|l| format!(" '{l}'")).unwrap_or_default();
        match self {
            Series::Line(l) => format!("line{} {} points", label(&l.label), l.y.len()),
            Series::Scatter(s) => format!("scatter{} {} points", label(&s.label), s.x.len()),
            Series::Bar(b) => format!("bar{} {} bars", label(&b.label), b.height.len()),
            Series::Hist(h) => format!("hist{} {} bins", label(&h.label), h.counts.len()),
            Series::Image(i) => {
                let kind = match i.channels {
                    1 => i.cmap.name(),
                    3 => "RGB".into(),
                    _ => "RGBA".into(),
                };
                format!("image {}x{} {kind}", i.height, i.width)
            }
            Series::Heatmap(h) => format!(
                "heatmap {}x{}{}",
                h.rows,
                h.cols,
                if h.annotations.is_some() {
                    " annotated"
                } else {
                    ""
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colormaps_run_from_end_to_end() {
        let gray = Cmap::parse("gray").expect("gray");
        assert_eq!(gray.at(0.0), Rgb(0, 0, 0));
        assert_eq!(gray.at(1.0), Rgb(255, 255, 255));
        assert_eq!(gray.map(51.0, 0.0, 255.0), Rgb(51, 51, 51));
        let binary = Cmap::parse("binary").expect("binary");
        assert_eq!(binary.at(0.0), Rgb(255, 255, 255));
        let r = Cmap::parse("gray_r").expect("gray_r");
        assert_eq!(r.at(0.0), Rgb(255, 255, 255));
        assert_eq!(r.name(), "gray_r");
        assert_eq!(Cmap::VIRIDIS.at(0.0).hex(), "#440154");
        assert_eq!(Cmap::VIRIDIS.at(1.0).hex(), "#fde725");
        assert!(Cmap::parse("magma").is_none());
    }

    #[test]
    fn nan_is_null_in_json_and_back() {
        let s = Series::Line(Line {
            x: vec![0.0, 1.0],
            y: vec![f64::NAN, 2.0],
            color: CYCLE[0],
            linestyle: LineStyle::Dashed,
            linewidth: 1.5,
            marker: Some('o'),
            markersize: 6.0,
            alpha: 1.0,
            label: None,
        });
        let j = serde_json::to_value(&s).expect("serializes");
        assert_eq!(j["y"], serde_json::json!([null, 2.0]));
        assert_eq!(j["color"], "#1f77b4");
        assert_eq!(j["linestyle"], "--");
        assert_eq!(j["kind"], "line");
        let back: Series = serde_json::from_value(j).expect("reads back");
        let Series::Line(l) = back else {
            panic!("not a line")
        };
        assert!(l.y[0].is_nan());
        assert_eq!(l.y[1], 2.0);
    }
}
