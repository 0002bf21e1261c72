//! A DataFrame as the HTML table Jupyter shows (pandas' `_repr_html_`): the same cell texts
//! as the printed table ([`super::print`]), the index as row headers, cut to the first and
//! last 5 rows past 60 and to 10 + 10 columns past 20, with pandas' `<p>N rows × M
//! columns</p>` under a cut table. Every label and cell is escaped: text from a CSV file is
//! shown as text, never as markup.

use super::frame::Frame;
use super::print::{format_col, MAX_COLS, MAX_ROWS, MIN_ROWS};

/// `&`, `<`, `>` and quotes as entities.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>
";

/// Positions shown, with `None` where pandas puts its `...`.
fn shown(n: usize, max: usize, keep: usize) -> Vec<Option<usize>> {
    if n > max {
        let h = keep / 2;
        (0..h)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((n - h..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    }
}

pub fn frame_to_html(f: &Frame) -> String {
    let nrows = f.nrows();
    let ncols = f.names.len();
    let rows = shown(nrows, MAX_ROWS, MIN_ROWS);
    let cols = shown(ncols, MAX_COLS, MAX_COLS);
    let row_ids: Vec<usize> = rows.iter().flatten().copied().collect();
    // Each shown column formatted as one block over the shown rows, as the text form is.
    let texts: Vec<Option<Vec<String>>> = cols
        .iter()
        .map(|c| c.map(|c| format_col(&f.cols[c].take(&row_ids))))
        .collect();
    let mut out = String::from("<div>\n");
    out.push_str(STYLE);
    out.push_str("<table border=\"1\" class=\"dataframe\">\n  <thead>\n");
    out.push_str("    <tr style=\"text-align: right;\">\n      <th></th>\n");
    for c in &cols {
        let label = match c {
            Some(c) => escape(&f.names[*c].text()),
            None => "...".into(),
        };
        out.push_str(&format!("      <th>{label}</th>\n"));
    }
    out.push_str("    </tr>\n");
    if let Some(name) = &f.index.name {
        out.push_str(&format!(
            "    <tr>\n      <th>{}</th>\n",
            escape(&name.text())
        ));
        for _ in &cols {
            out.push_str("      <th></th>\n");
        }
        out.push_str("    </tr>\n");
    }
    out.push_str("  </thead>\n  <tbody>\n");
    let mut k = 0;
    for r in &rows {
        out.push_str("    <tr>\n");
        match r {
            Some(r) => {
                let label = escape(&f.index.labels[*r].text());
                out.push_str(&format!("      <th>{label}</th>\n"));
                for t in &texts {
                    let cell = match t {
                        Some(t) => escape(t[k].trim()),
                        None => "...".into(),
                    };
                    out.push_str(&format!("      <td>{cell}</td>\n"));
                }
                k += 1;
            }
            None => {
                out.push_str("      <th>...</th>\n");
                for _ in &cols {
                    out.push_str("      <td>...</td>\n");
                }
            }
        }
        out.push_str("    </tr>\n");
    }
    out.push_str("  </tbody>\n</table>\n");
    if nrows > MAX_ROWS || ncols > MAX_COLS {
        out.push_str(&format!("<p>{nrows} rows × {ncols} columns</p>\n"));
    }
    out.push_str("</div>");
    out
}
