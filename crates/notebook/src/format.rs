//! Python's three ways of formatting: the format-spec mini-language (`f'{loss:.4f}'`,
//! `format(x, '>8')`), `str.format`, and `%` (`'%d %.2f' % (i, x)`).

use noriteo_core::messages::{Code, Message};
use num_traits::Signed;

use crate::error::{PyError, PyResult};
use crate::eval::Interp;
use crate::repr::{float_repr, repr, to_str};
use crate::value::Value;

#[derive(Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn bad_spec(spec: &str, v: &Value) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyFormatSpec)
            .with("spec", spec)
            .with("kind", v.type_name()),
    )
}

fn parse_spec(spec: &str, v: &Value) -> PyResult<Spec> {
    let c: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < c.len() && c[*i].is_ascii_digit() {
            *i += 1;
        }
        c[start..*i].iter().collect::<String>().parse().ok()
    };
    s.width = digits(&mut i).unwrap_or(0);
    if i < c.len() && matches!(c[i], ',' | '_') {
        s.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        s.precision = Some(digits(&mut i).ok_or_else(|| bad_spec(spec, v))?);
    }
    if i < c.len() {
        s.kind = Some(c[i]);
        i += 1;
    }
    if i != c.len() || s.width > 10_000 || s.precision.is_some_and(|p| p > 1000) {
        return Err(bad_spec(spec, v));
    }
    Ok(s)
}

fn unknown_code(code: char, v: &Value) -> PyError {
    PyError::new(
        "ValueError",
        Message::new(Code::PyFormatCode)
            .with("code", code)
            .with("kind", v.type_name()),
    )
}

/// Groups the digits of `int_part` by threes with `sep`.
fn group(int_part: &str, sep: char) -> String {
    let n = int_part.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Python's exponent layout: `1.5e+03`, at least two exponent digits.
fn exp_form(x: f64, precision: usize, upper: bool) -> String {
    let s = format!("{x:.precision$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let out = format!("{m}e{sign}{:02}", e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// Python's `g` format: fixed or exponent form, whichever is shorter for the precision,
/// trailing zeros removed unless `#`.
fn general(x: f64, precision: usize, alt: bool, upper: bool) -> String {
    let p = precision.max(1);
    let e_text = format!("{x:.*e}", p - 1);
    let exp: i32 = e_text
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let strip = |s: String| -> String {
        if alt || !s.contains('.') {
            return s;
        }
        let t = s.trim_end_matches('0');
        t.trim_end_matches('.').to_string()
    };
    if -4 <= exp && exp < p as i32 {
        strip(format!("{x:.*}", (p as i32 - 1 - exp).max(0) as usize))
    } else {
        let s = exp_form(x, p - 1, upper);
        let (m, e) = s.split_once(['e', 'E']).unwrap_or((&s, ""));
        let e_char = if upper { 'E' } else { 'e' };
        format!("{}{e_char}{e}", strip(m.to_string()))
    }
}

fn float_body(x: f64, s: &Spec, v: &Value) -> PyResult<String> {
    let upper = matches!(s.kind, Some('F' | 'E' | 'G'));
    if !x.is_finite() {
        let t = if x.is_nan() { "nan" } else { "inf" };
        return Ok(if upper { t.to_uppercase() } else { t.into() });
    }
    let x = x.abs();
    Ok(match s.kind {
        Some('f' | 'F') => format!("{x:.*}", s.precision.unwrap_or(6)),
        Some('e' | 'E') => exp_form(x, s.precision.unwrap_or(6), upper),
        Some('g' | 'G') => general(x, s.precision.unwrap_or(6), s.alt, upper),
        Some('%') => format!("{:.*}%", s.precision.unwrap_or(6), x * 100.0),
        None => match s.precision {
            // Like 'g', but a whole number keeps its `.0` form out of exponent range.
            Some(p) => {
                let g = general(x, p, s.alt, false);
                if g.contains(['.', 'e', 'n', 'i']) {
                    g
                } else {
                    format!("{g}.0")
                }
            }
            None => float_repr(x),
        },
        Some(other) => return Err(unknown_code(other, v)),
    })
}

/// Pads `body` (a number's digits, `sign` apart) to the spec's width and alignment.
fn pad(sign: &str, body: &str, s: &Spec, numeric: bool) -> String {
    let len = sign.chars().count() + body.chars().count();
    let (fill, align) = if s.zero && s.align.is_none() {
        ('0', '=')
    } else {
        (
            s.fill.unwrap_or(' '),
            s.align.unwrap_or(if numeric { '>' } else { '<' }),
        )
    };
    if len >= s.width {
        return format!("{sign}{body}");
    }
    let n = s.width - len;
    let fills = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{sign}{body}{}", fills(n)),
        '^' => format!("{}{sign}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{sign}{}{body}", fills(n)),
        _ => format!("{}{sign}{body}", fills(n)),
    }
}

fn sign_of(neg: bool, s: &Spec) -> &'static str {
    match (neg, s.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Python's `format(v, spec)`.
pub fn format_value(interp: &mut Interp, v: &Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return to_str(interp, v);
    }
    // A numpy scalar formats as the Python number it holds (`f"{np.float64(0.5):.3f}"`).
    let v = &v.as_python_number();
    match v {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
            let s = parse_spec(spec, v)?;
            if matches!(v, Value::Bool(_)) && s.kind.is_none() {
                return Ok(pad("", &to_str(interp, v)?, &s, false));
            }
            let n = v.as_bigint().unwrap_or_default();
            match s.kind {
                None | Some('d' | 'n') => {
                    let digits = n.abs().to_string();
                    let body = match s.grouping {
                        Some(g) => group(&digits, g),
                        None => digits,
                    };
                    Ok(pad(sign_of(n.is_negative(), &s), &body, &s, true))
                }
                Some(k @ ('x' | 'X' | 'o' | 'b')) => {
                    let radix = match k {
                        'x' | 'X' => 16,
                        'o' => 8,
                        _ => 2,
                    };
                    let mut body = n.abs().to_str_radix(radix);
                    if k == 'X' {
                        body = body.to_uppercase();
                    }
                    if s.alt {
                        body = format!("0{k}{body}");
                    }
                    Ok(pad(sign_of(n.is_negative(), &s), &body, &s, true))
                }
                Some('c') => {
                    let c = v
                        .as_index()
                        .ok()
                        .and_then(|i| u32::try_from(i).ok())
                        .and_then(char::from_u32)
                        .ok_or_else(|| bad_spec(spec, v))?;
                    Ok(pad("", &c.to_string(), &s, false))
                }
                Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%') => {
                    let x = v.as_f64().unwrap_or(f64::NAN);
                    format_float(x, &s, v)
                }
                Some(other) => Err(unknown_code(other, v)),
            }
        }
        Value::Float(x) => {
            let s = parse_spec(spec, v)?;
            format_float(*x, &s, v)
        }
        Value::Str(text) => {
            let s = parse_spec(spec, v)?;
            if !matches!(s.kind, None | Some('s')) {
                return Err(unknown_code(s.kind.unwrap_or('?'), v));
            }
            let body: String = match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text.to_string(),
            };
            Ok(pad("", &body, &s, false))
        }
        Value::None | Value::List(_) | Value::Tuple(_) | Value::Dict(_) => {
            // Python's object.__format__ refuses any non-empty spec.
            Err(PyError::new(
                "TypeError",
                Message::new(Code::PyFormatSpec)
                    .with("spec", spec)
                    .with("kind", v.type_name()),
            ))
        }
        _ => {
            let text = to_str(interp, v)?;
            format_value(interp, &Value::Str(text.into()), spec)
        }
    }
}

fn format_float(x: f64, s: &Spec, v: &Value) -> PyResult<String> {
    let body = float_body(x, s, v)?;
    let body = match s.grouping {
        Some(g) => {
            let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            format!("{}{rest}", group(int_part, g))
        }
        None => body,
    };
    let neg = x.is_sign_negative() && !x.is_nan();
    Ok(pad(sign_of(neg, s), &body, s, true))
}

/// `'...' % args`: `%d %i %f %e %g %s %r %x %o %c %%`, with flags, width and precision, and
/// `%(name)s` with a dict.
pub fn percent(interp: &mut Interp, fmt: &str, args: &Value) -> PyResult<String> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let mapping = matches!(args, Value::Dict(_));
    let mut next = 0usize;
    let mut out = String::new();
    let c: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let not_enough = || PyError::new("TypeError", Message::new(Code::PyFormatNotEnough));
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut value: Option<Value> = None;
        if i < c.len() && c[i] == '(' {
            let start = i + 1;
            while i < c.len() && c[i] != ')' {
                i += 1;
            }
            let key: String = c[start..i.min(c.len())].iter().collect();
            i += 1;
            let k = Value::Str(key.into());
            value = Some(interp.get_item(args, &k)?);
        }
        let mut flags = String::new();
        while i < c.len() && matches!(c[i], '-' | '+' | ' ' | '0' | '#') {
            flags.push(c[i]);
            i += 1;
        }
        let mut width = String::new();
        if i < c.len() && c[i] == '*' {
            let w = items.get(next).ok_or_else(not_enough)?.as_index()?;
            next += 1;
            width = w.to_string();
            i += 1;
        }
        while i < c.len() && c[i].is_ascii_digit() {
            width.push(c[i]);
            i += 1;
        }
        let mut precision = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < c.len() && c[i].is_ascii_digit() {
                p.push(c[i]);
                i += 1;
            }
            precision = Some(p.parse::<usize>().unwrap_or(0));
        }
        let Some(&code) = c.get(i) else {
            return Err(PyError::new(
                "ValueError",
                Message::new(Code::PyFormatSpec)
                    .with("spec", fmt)
                    .with("kind", "str"),
            ));
        };
        i += 1;
        if code == '%' {
            out.push('%');
            continue;
        }
        let v = match value {
            Some(v) => v,
            None if mapping => args.clone(),
            None => {
                let v = items.get(next).cloned().ok_or_else(not_enough)?;
                next += 1;
                v
            }
        };
        let align = if flags.contains('-') { "<" } else { "" };
        let sign = if flags.contains('+') {
            "+"
        } else if flags.contains(' ') {
            " "
        } else {
            ""
        };
        let zero = if flags.contains('0') && align.is_empty() {
            "0"
        } else {
            ""
        };
        let alt = if flags.contains('#') { "#" } else { "" };
        let prec = precision.map(|p| format!(".{p}")).unwrap_or_default();
        let text = match code {
            's' | 'r' | 'a' => {
                let t = if code == 's' {
                    to_str(interp, &v)?
                } else {
                    repr(interp, &v)?
                };
                let t: String = match precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                };
                let a = if align.is_empty() { ">" } else { "<" };
                format_value(interp, &Value::Str(t.into()), &format!("{a}{width}"))?
            }
            'd' | 'i' | 'u' => {
                let n = match &v {
                    Value::Float(f) if f.is_finite() => {
                        Value::from_big(num_bigint::BigInt::from(f.trunc() as i128))
                    }
                    x if x.as_bigint().is_some() => x.clone(),
                    other => return Err(number_needed(code, other)),
                };
                format_value(interp, &n, &format!("{align}{sign}{zero}{width}d"))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' => {
                if !v.is_number() {
                    return Err(number_needed(code, &v));
                }
                let prec = if matches!(code, 'x' | 'X' | 'o') {
                    String::new()
                } else {
                    prec.clone()
                };
                let v = if matches!(code, 'x' | 'X' | 'o') {
                    v
                } else {
                    Value::Float(v.as_f64().unwrap_or(f64::NAN))
                };
                format_value(
                    interp,
                    &v,
                    &format!("{align}{sign}{alt}{zero}{width}{prec}{code}"),
                )?
            }
            'c' => match &v {
                Value::Str(s) => s.to_string(),
                other => format_value(interp, other, "c")?,
            },
            other => {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyFormatCode)
                        .with("code", other)
                        .with("kind", "str"),
                ))
            }
        };
        out.push_str(&text);
    }
    if !mapping && next < items.len() {
        return Err(PyError::new(
            "TypeError",
            Message::new(Code::PyFormatTooMany),
        ));
    }
    Ok(out)
}

fn number_needed(code: char, v: &Value) -> PyError {
    PyError::new(
        "TypeError",
        Message::new(Code::PyFormatNumberNeeded)
            .with("code", code)
            .with("kind", v.type_name()),
    )
}

/// `'{} {name:.2f}'.format(...)`.
pub fn format_method(
    interp: &mut Interp,
    fmt: &str,
    pos: &[Value],
    kw: &[(std::rc::Rc<str>, Value)],
) -> PyResult<String> {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '{' if c.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if c.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let start = i + 1;
                let mut depth = 1;
                i += 1;
                while i < c.len() && depth > 0 {
                    match c[i] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Err(PyError::new(
                        "ValueError",
                        Message::new(Code::PyFStringSingleBrace),
                    ));
                }
                let field: String = c[start..i - 1].iter().collect();
                let (head, spec) = match field.split_once(':') {
                    Some((h, s)) => (h.to_string(), s.to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match head.split_once('!') {
                    Some((n, cv)) => (n.to_string(), cv.chars().next()),
                    None => (head, None),
                };
                let spec = if spec.contains('{') {
                    format_method(interp, &spec, pos, kw)?
                } else {
                    spec
                };
                let (first, attrs) = match name.split_once('.') {
                    Some((f, a)) => (f.to_string(), Some(a.to_string())),
                    None => (name.clone(), None),
                };
                let mut v = if first.is_empty() {
                    let v = pos.get(auto).cloned().ok_or_else(|| format_index(auto))?;
                    auto += 1;
                    v
                } else if let Ok(k) = first.parse::<usize>() {
                    pos.get(k).cloned().ok_or_else(|| format_index(k))?
                } else {
                    kw.iter()
                        .find(|(n, _)| **n == *first)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| {
                            PyError::new(
                                "KeyError",
                                Message::new(Code::PyFormatKey).with("name", &first),
                            )
                        })?
                };
                if let Some(attrs) = attrs {
                    for a in attrs.split('.') {
                        v = interp.get_attr(&v, a)?;
                    }
                }
                let v = match conv {
                    Some('r') => Value::Str(repr(interp, &v)?.into()),
                    Some('s') => Value::Str(to_str(interp, &v)?.into()),
                    _ => v,
                };
                out.push_str(&format_value(interp, &v, &spec)?);
            }
            '}' => {
                return Err(PyError::new(
                    "ValueError",
                    Message::new(Code::PyFStringSingleBrace),
                ))
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn format_index(k: usize) -> PyError {
    PyError::new(
        "IndexError",
        Message::new(Code::PyFormatIndex).with("index", k),
    )
}
