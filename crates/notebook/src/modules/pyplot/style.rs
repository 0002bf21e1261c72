//! matplotlib's ways of naming a look: colours (`'r'`, `'red'`, `'#1f77b4'`, `'C1'`,
//! `'tab:blue'`, `(1, 0, 0)`), format strings (`'b-'`, `'k.'`, `'r--'`, `'o-'`), line styles
//! and markers.

use noriteo_core::messages::{Code, Message};

use crate::error::{value_error, PyResult};
use crate::eval::Interp;
use crate::figure::{LineStyle, Rgb, CYCLE};
use crate::value::Value;

/// The markers a format string or `marker=` may name (matplotlib's, less the rarely used).
pub const MARKERS: &str = ".,ov^<>sp*hH+xXDd|_12348";

/// matplotlib's one-letter colours.
fn letter(c: char) -> Option<Rgb> {
    Some(match c {
        'b' => Rgb(0, 0, 255),
        'g' => Rgb(0, 128, 0),
        'r' => Rgb(255, 0, 0),
        'c' => Rgb(0, 191, 191),
        'm' => Rgb(191, 0, 191),
        'y' => Rgb(191, 191, 0),
        'k' => Rgb(0, 0, 0),
        'w' => Rgb(255, 255, 255),
        _ => return None,
    })
}

/// CSS and Tableau names learners write (matplotlib knows all 148 CSS names; these are the
/// ones lectures use, and the rest are refused with a clear message).
const NAMED: &[(&str, u32)] = &[
    ("blue", 0x0000ff),
    ("green", 0x008000),
    ("red", 0xff0000),
    ("cyan", 0x00ffff),
    ("magenta", 0xff00ff),
    ("yellow", 0xffff00),
    ("black", 0x000000),
    ("white", 0xffffff),
    ("orange", 0xffa500),
    ("purple", 0x800080),
    ("pink", 0xffc0cb),
    ("brown", 0xa52a2a),
    ("gray", 0x808080),
    ("grey", 0x808080),
    ("darkgray", 0xa9a9a9),
    ("darkgrey", 0xa9a9a9),
    ("lightgray", 0xd3d3d3),
    ("lightgrey", 0xd3d3d3),
    ("navy", 0x000080),
    ("skyblue", 0x87ceeb),
    ("lightblue", 0xadd8e6),
    ("darkblue", 0x00008b),
    ("royalblue", 0x4169e1),
    ("steelblue", 0x4682b4),
    ("dodgerblue", 0x1e90ff),
    ("lightgreen", 0x90ee90),
    ("darkgreen", 0x006400),
    ("lime", 0x00ff00),
    ("olive", 0x808000),
    ("teal", 0x008080),
    ("gold", 0xffd700),
    ("violet", 0xee82ee),
    ("salmon", 0xfa8072),
    ("tomato", 0xff6347),
    ("crimson", 0xdc143c),
    ("coral", 0xff7f50),
    ("darkred", 0x8b0000),
    ("darkorange", 0xff8c00),
    ("indigo", 0x4b0082),
    ("tab:blue", 0x1f77b4),
    ("tab:orange", 0xff7f0e),
    ("tab:green", 0x2ca02c),
    ("tab:red", 0xd62728),
    ("tab:purple", 0x9467bd),
    ("tab:brown", 0x8c564b),
    ("tab:pink", 0xe377c2),
    ("tab:gray", 0x7f7f7f),
    ("tab:grey", 0x7f7f7f),
    ("tab:olive", 0xbcbd22),
    ("tab:cyan", 0x17becf),
];

fn bad_color(shown: String) -> crate::error::PyError {
    value_error(Message::new(Code::PyPltBadColor).with("color", shown))
}

/// A colour named by a string.
pub fn color_str(s: &str) -> PyResult<Rgb> {
    let t = s.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(rgb) = letter(c) {
            return Ok(rgb);
        }
    }
    if let Some(n) = t.strip_prefix('C').and_then(|n| n.parse::<usize>().ok()) {
        return Ok(CYCLE[n % CYCLE.len()]);
    }
    if t.starts_with('#') {
        return Rgb::parse_hex(t).ok_or_else(|| bad_color(crate::repr::str_repr(s)));
    }
    // A grey level as a string, as matplotlib reads `color='0.5'`.
    if let Ok(level) = t.parse::<f64>() {
        if (0.0..=1.0).contains(&level) {
            let g = (level * 255.0).round() as u8;
            return Ok(Rgb(g, g, g));
        }
    }
    let lower = t.to_ascii_lowercase();
    NAMED
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|&(_, c)| Rgb((c >> 16) as u8, (c >> 8) as u8, c as u8))
        .ok_or_else(|| bad_color(crate::repr::str_repr(s)))
}

/// A colour from a Python value: a string or an RGB(A) tuple of floats in 0..1.
pub fn color(interp: &mut Interp, v: &Value) -> PyResult<Rgb> {
    match v {
        Value::Str(s) => color_str(s),
        Value::Tuple(_) | Value::List(_) => {
            let items = interp.to_vec(v)?;
            let nums: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
            if (nums.len() == 3 || nums.len() == 4)
                && nums.len() == items.len()
                && nums.iter().all(|x| (0.0..=1.0).contains(x))
            {
                let c = |x: f64| (x * 255.0).round() as u8;
                Ok(Rgb(c(nums[0]), c(nums[1]), c(nums[2])))
            } else {
                let shown = crate::repr::repr(interp, v)?;
                Err(bad_color(shown))
            }
        }
        other => {
            let shown = crate::repr::repr(interp, other)?;
            Err(bad_color(shown))
        }
    }
}

/// What a format string says; what it leaves out is `None`.
#[derive(Debug, Default, PartialEq)]
pub struct Format {
    pub color: Option<Rgb>,
    pub marker: Option<char>,
    pub linestyle: Option<LineStyle>,
}

/// matplotlib's `_process_plot_format`: `'ro'`, `'k.'`, `'b--'`, `'o-'`, `'C1:'`.
pub fn format(fmt: &str) -> PyResult<Format> {
    let bad = |c: char| {
        value_error(
            Message::new(Code::PyPltBadFormat)
                .with("fmt", fmt)
                .with("char", c),
        )
    };
    // A whole colour name or hex code is a format string too (`plot(x, y, 'red')`).
    if fmt.chars().count() > 1 && !fmt.starts_with('C') {
        if let Ok(c) = color_str(fmt) {
            return Ok(Format {
                color: Some(c),
                ..Format::default()
            });
        }
    }
    let mut out = Format::default();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        if two == "--" || two == "-." {
            if out.linestyle.is_some() {
                return Err(bad(c));
            }
            out.linestyle = Some(if two == "--" {
                LineStyle::Dashed
            } else {
                LineStyle::DashDot
            });
            i += 2;
            continue;
        }
        if c == '-' || c == ':' {
            if out.linestyle.is_some() {
                return Err(bad(c));
            }
            out.linestyle = Some(if c == '-' {
                LineStyle::Solid
            } else {
                LineStyle::Dotted
            });
        } else if c == 'C' && i + 1 < chars.len() && chars[i + 1].is_ascii_digit() {
            if out.color.is_some() {
                return Err(bad(c));
            }
            let d = chars[i + 1].to_digit(10).unwrap_or(0) as usize;
            out.color = Some(CYCLE[d]);
            i += 1;
        } else if let Some(rgb) = letter(c) {
            if out.color.is_some() {
                return Err(bad(c));
            }
            out.color = Some(rgb);
        } else if MARKERS.contains(c) {
            if out.marker.is_some() {
                return Err(bad(c));
            }
            out.marker = Some(c);
        } else {
            return Err(bad(c));
        }
        i += 1;
    }
    Ok(out)
}

/// `linestyle=` / `ls=`: `'-'`, `'dashed'`, `'None'`, ...
pub fn linestyle(v: &Value) -> PyResult<LineStyle> {
    let s = match v {
        Value::Str(s) => s.to_string(),
        Value::None => return Ok(LineStyle::None),
        other => other.type_name(),
    };
    Ok(match s.as_str() {
        "-" | "solid" => LineStyle::Solid,
        "--" | "dashed" => LineStyle::Dashed,
        "-." | "dashdot" => LineStyle::DashDot,
        ":" | "dotted" => LineStyle::Dotted,
        "" | " " | "None" | "none" => LineStyle::None,
        _ => {
            return Err(value_error(
                Message::new(Code::PyPltBadValue)
                    .with("name", "linestyle")
                    .with("value", crate::repr::str_repr(&s)),
            ))
        }
    })
}

/// `marker=`: one of [`MARKERS`], or `None`/`''` for no marker.
pub fn marker(v: &Value) -> PyResult<Option<char>> {
    match v {
        Value::None => Ok(None),
        Value::Str(s) if s.is_empty() || &**s == "None" || &**s == "none" => Ok(None),
        Value::Str(s) => {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if MARKERS.contains(c) => Ok(Some(c)),
                _ => Err(value_error(
                    Message::new(Code::PyPltBadValue)
                        .with("name", "marker")
                        .with("value", crate::repr::str_repr(s)),
                )),
            }
        }
        other => Err(value_error(
            Message::new(Code::PyPltBadValue)
                .with("name", "marker")
                .with("value", other.type_name()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_strings_read_as_matplotlib_reads_them() {
        let f = format("r--").expect("r--");
        assert_eq!(f.color, Some(Rgb(255, 0, 0)));
        assert_eq!(f.linestyle, Some(LineStyle::Dashed));
        assert_eq!(f.marker, None);
        let f = format("k.").expect("k.");
        assert_eq!(
            (f.color, f.marker, f.linestyle),
            (Some(Rgb(0, 0, 0)), Some('.'), None)
        );
        let f = format("o-").expect("o-");
        assert_eq!((f.marker, f.linestyle), (Some('o'), Some(LineStyle::Solid)));
        assert_eq!(format("C1").expect("C1").color, Some(CYCLE[1]));
        assert_eq!(format("red").expect("red").color, Some(Rgb(255, 0, 0)));
        assert!(format("bz").is_err());
        assert!(format("rb").is_err());
    }

    #[test]
    fn colours_by_letter_name_hex_and_cycle() {
        assert_eq!(color_str("g").ok(), Some(Rgb(0, 128, 0)));
        assert_eq!(color_str("orange").ok(), Some(Rgb(255, 165, 0)));
        assert_eq!(color_str("#ff7f0e").ok(), Some(CYCLE[1]));
        assert_eq!(color_str("C0").ok(), Some(CYCLE[0]));
        assert_eq!(color_str("tab:red").ok(), Some(CYCLE[3]));
        assert_eq!(color_str("0.5").ok(), Some(Rgb(128, 128, 128)));
        assert!(color_str("bluish").is_err());
    }
}
