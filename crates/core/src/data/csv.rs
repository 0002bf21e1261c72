//! Reading the CSV files lessons load with `pandas.read_csv` or `numpy.loadtxt`: any of
//! `, ; \t |` or runs of spaces as separator, with or without a header, UTF-8 or the
//! CP949/EUC-KR that Korean Excel saves. What cannot be guessed can be set in `CsvOptions`.

use serde::{Deserialize, Serialize};

use crate::{Code, Error, Message, Result};

/// 100 MB: far above every lesson's file, and small enough to hold in a browser tab.
pub const DEFAULT_MAX_BYTES: usize = 100_000_000;

/// How to read a file; `None` means detect it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvOptions {
    /// `None`: detect among `,` `;` tab `|` and runs of whitespace (stored as b' ').
    pub delimiter: Option<u8>,
    /// `None`: a header is taken when the first row has text in a column of numbers.
    pub has_header: Option<bool>,
    /// An encoding label such as "utf-8" or "cp949". `None`: UTF-8 (with or without BOM),
    /// UTF-16 with BOM, otherwise CP949/EUC-KR.
    pub encoding: Option<String>,
    pub max_bytes: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            has_header: None,
            encoding: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Whether a column can be used as numbers or needs encoding (one-hot or class index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Numeric,
    Text,
}

/// A parsed file: trimmed text cells plus what was detected, for a preview and for
/// `prepare`. Rows and columns in `cells`, `empty_cells` and `kinds` count from 0 over the
/// data rows (the header excluded); `lines` gives each data row's 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub file: String,
    /// Header names, or "0", "1", ... as pandas names them with `header=None`.
    pub columns: Vec<String>,
    pub cells: Vec<Vec<String>>,
    pub kinds: Vec<ColumnKind>,
    /// Cells that are empty or hold pandas' missing markers (NA, NaN, null, ...).
    pub empty_cells: Vec<(usize, usize)>,
    pub lines: Vec<usize>,
    pub encoding: String,
    pub delimiter: u8,
    pub has_header: bool,
    /// Per column: its numbers are written with a decimal comma (`1,75`), as European Excel
    /// saves them with `;` between fields. Empty (as in tables saved before it existed)
    /// means no column is.
    #[serde(default)]
    pub decimal_comma: Vec<bool>,
}

/// The strings pandas' `read_csv` reads as NaN by default.
const NA_VALUES: &[&str] = &[
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// Whether a trimmed cell counts as missing.
pub fn is_missing(cell: &str) -> bool {
    NA_VALUES.contains(&cell)
}

/// A trimmed cell as a finite number, if it is one. Infinity is refused, since training
/// would reject it later with a less helpful message.
pub fn parse_number(cell: &str) -> Option<f32> {
    cell.parse::<f32>().ok().filter(|v| v.is_finite())
}

/// A trimmed cell written with a decimal comma (`1,75`, `-0,5`, `31`) as a number. Dots
/// are read only where they can only be thousands separators: in groups of three before a
/// decimal comma (`1.234,5`) or more than one of them (`1.234.567`). A lone `1.234` could be
/// 1.234 or 1234, so it is not read.
pub fn parse_decimal_comma(cell: &str) -> Option<f32> {
    let (whole, fraction) = match cell.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (cell, None),
    };
    if fraction.is_some_and(|f| f.contains([',', '.'])) {
        return None;
    }
    let dots = whole.matches('.').count();
    let whole = if dots == 0 {
        whole.to_string()
    } else if fraction.is_some() || dots >= 2 {
        let (sign, digits) = match whole.strip_prefix(['-', '+']) {
            Some(rest) => (&whole[..1], rest),
            None => ("", whole),
        };
        let groups: Vec<&str> = digits.split('.').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        let all_digits = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !(first_ok && rest_ok && all_digits) {
            return None;
        }
        format!("{sign}{}", groups.concat())
    } else {
        return None;
    };
    match fraction {
        Some(f) => parse_number(&format!("{whole}.{f}")),
        None => parse_number(&whole),
    }
}

impl Table {
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    /// The index of the column with this name.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.columns.iter().position(|c| c == name).ok_or_else(|| {
            self.error(
                None,
                None,
                Message::new(Code::NoSuchColumn)
                    .with("name", name)
                    .with("columns", self.columns.join(", ")),
            )
        })
    }

    /// Column `i` as numbers; fails on the first empty or non-numeric cell, naming it.
    pub fn numeric_column(&self, i: usize) -> Result<Vec<f32>> {
        self.numeric_column_rows(i, &(0..self.rows()).collect::<Vec<_>>())
    }

    /// Like `numeric_column`, for the chosen data rows only (e.g. after dropping rows with
    /// empty cells).
    pub fn numeric_column_rows(&self, i: usize, rows: &[usize]) -> Result<Vec<f32>> {
        if i >= self.columns.len() {
            return Err(self.error(
                None,
                None,
                Message::new(Code::ColumnIndexOutOfRange)
                    .with("index", i)
                    .with("columns", self.columns.len()),
            ));
        }
        let comma = self.decimal_comma.get(i).copied().unwrap_or(false);
        let mut out = Vec::with_capacity(rows.len());
        for &r in rows {
            let cell = self.cells[r][i].as_str();
            let number = if comma {
                parse_decimal_comma(cell)
            } else {
                parse_number(cell)
            };
            let v = number.ok_or_else(|| {
                if !is_missing(cell) {
                    if let Some(code) = self.decimal_mix_up(i, cell) {
                        return self.cell_message(code, r, i);
                    }
                }
                let message = if is_missing(cell) {
                    Message::new(Code::CellEmpty)
                } else {
                    Message::new(Code::NotANumber).with("cell", cell)
                };
                self.error(Some(r), Some(i), message)
            })?;
            out.push(v);
        }
        Ok(out)
    }

    /// Why a cell of numeric column `col` that is not a number may be one written the
    /// other way: with a decimal point in a column of decimal commas, or the reverse.
    fn decimal_mix_up(&self, col: usize, cell: &str) -> Option<Code> {
        if self.decimal_comma.get(col).copied().unwrap_or(false) {
            Some(Code::CsvDecimalCommaUnreadable)
        } else if self.delimiter != b',' && cell.contains(',') {
            parse_decimal_comma(cell).map(|_| Code::CsvDecimalCommaInPointColumn)
        } else {
            None
        }
    }

    /// A catalogued message about the cell at data row `row` and column `col`, naming the
    /// file, its line, the column and the value.
    fn cell_message(&self, code: Code, row: usize, col: usize) -> Error {
        let line = self.lines.get(row).copied().unwrap_or(row + 1);
        let column = self
            .columns
            .get(col)
            .cloned()
            .unwrap_or_else(|| col.to_string());
        let value = self
            .cells
            .get(row)
            .and_then(|r| r.get(col))
            .cloned()
            .unwrap_or_default();
        Error::Message(
            Message::new(code)
                .with("file", &self.file)
                .with("row", line)
                .with("column", column)
                .with("value", value),
        )
    }

    /// A `Data` error at data row `row` (shown as its line in the file) and column `col`.
    pub fn error(&self, row: Option<usize>, col: Option<usize>, message: Message) -> Error {
        Error::Data {
            file: self.file.clone(),
            row: row.map(|r| self.lines.get(r).copied().unwrap_or(r + 1)),
            column: col.map(|c| {
                self.columns
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| c.to_string())
            }),
            message,
        }
    }
}

fn data_err(file: &str, row: Option<usize>, message: Message) -> Error {
    Error::Data {
        file: file.to_string(),
        row,
        column: None,
        message,
    }
}

/// Parses a whole file held in memory (the browser hands us bytes, not paths).
pub fn parse_csv(file_name: &str, bytes: &[u8], opts: &CsvOptions) -> Result<Table> {
    if bytes.len() > opts.max_bytes {
        return Err(data_err(
            file_name,
            None,
            Message::new(Code::FileTooLarge)
                .with("mb", format!("{:.1}", bytes.len() as f64 / 1e6))
                .with("bytes", bytes.len())
                .with("max_mb", format!("{:.1}", opts.max_bytes as f64 / 1e6)),
        ));
    }
    let (text, encoding) = decode(file_name, bytes, opts.encoding.as_deref())?;
    if text.trim().is_empty() {
        return Err(data_err(file_name, None, Message::new(Code::FileEmpty)));
    }
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => detect_delimiter(&text),
    };
    let records = if delimiter == b' ' {
        split_whitespace(&text)
    } else {
        split_delimited(file_name, &text, delimiter)?
    };
    if records.is_empty() {
        return Err(data_err(file_name, None, Message::new(Code::FileNoRows)));
    }
    let has_header = match opts.has_header {
        Some(h) => h,
        None => detect_header(&records, delimiter) || lone_header(&records),
    };
    let (header, data) = if has_header {
        (Some(&records[0]), &records[1..])
    } else {
        (None, &records[..])
    };
    let width = header.map_or(records[0].1.len(), |h| h.1.len());
    for (line, fields) in data {
        if fields.len() != width {
            return Err(data_err(
                file_name,
                Some(*line),
                Message::new(if has_header {
                    Code::FieldCountVsHeader
                } else {
                    Code::FieldCountVsFirstRow
                })
                .with("got", fields.len())
                .with("width", width)
                .with("separator", delimiter_name(delimiter)),
            ));
        }
    }
    if data.is_empty() {
        let names = header.map(|(_, n)| n.join(", ")).unwrap_or_default();
        return Err(Error::Message(
            Message::new(Code::CsvHeaderOnly)
                .with("file", file_name)
                .with("columns", names),
        ));
    }
    let columns = match header {
        Some((_, names)) => column_names(names),
        None => (0..width).map(|i| i.to_string()).collect(),
    };
    let lines = data.iter().map(|(l, _)| *l).collect();
    let cells: Vec<Vec<String>> = data.iter().map(|(_, f)| f.clone()).collect();
    let mut empty_cells = Vec::new();
    for (r, row) in cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if is_missing(cell) {
                empty_cells.push((r, c));
            }
        }
    }
    let mut decimal_comma = vec![false; width];
    let kinds = (0..width)
        .map(|c| {
            let values: Vec<&str> = cells
                .iter()
                .map(|row| row[c].as_str())
                .filter(|s| !is_missing(s))
                .collect();
            let filled = values.len();
            let numbers = values.iter().filter(|s| parse_number(s).is_some()).count();
            // With another separator than `,`, a comma in a number is a decimal comma
            // (`1,75`), as European Excel writes them. A column takes it when more of its
            // values read that way than with a decimal point.
            if delimiter != b',' && numbers < filled {
                let readable = values
                    .iter()
                    .filter(|s| parse_decimal_comma(s).is_some())
                    .count();
                let with_comma = values
                    .iter()
                    .any(|s| s.contains(',') && parse_decimal_comma(s).is_some());
                if with_comma && readable > numbers && 2 * readable > filled {
                    decimal_comma[c] = true;
                    return ColumnKind::Numeric;
                }
            }
            // A column that is mostly numbers is numeric, and its few stray words are
            // reported by row and column when used, rather than silently turning the
            // whole column into categories.
            if 2 * numbers > filled || filled == 0 {
                ColumnKind::Numeric
            } else {
                ColumnKind::Text
            }
        })
        .collect();
    Ok(Table {
        file: file_name.to_string(),
        columns,
        cells,
        kinds,
        empty_cells,
        lines,
        encoding,
        delimiter,
        has_header,
        decimal_comma,
    })
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        b' ' => "spaces".into(),
        d => (d as char).to_string(),
    }
}

/// The 1-based line holding byte `pos`, for pointing at undecodable bytes.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Decodes to text; returns it with the encoding's name.
fn decode(file: &str, bytes: &[u8], label: Option<&str>) -> Result<(String, String)> {
    if let Some(label) = label {
        // Python's names for Korean Windows text are not WHATWG labels; map them.
        let lower = label.trim().to_ascii_lowercase();
        let whatwg = match lower.as_str() {
            "cp949" | "ms949" | "uhc" | "cp_949" => "windows-949",
            other => other,
        };
        let enc = encoding_rs::Encoding::for_label(whatwg.as_bytes()).ok_or_else(|| {
            Error::config(
                "encoding",
                Message::new(Code::UnknownEncoding).with("label", label),
            )
        })?;
        // A BOM, if there is one, still wins: it cannot be part of CSV text.
        let (text, used, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(data_err(
                file,
                None,
                Message::new(Code::NotValidEncoding).with("encoding", used.name()),
            ));
        }
        return Ok((text.into_owned(), used.name().to_string()));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if !had_errors {
            return Ok((text.into_owned(), enc.name().to_string()));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), "UTF-8".into())),
        Err(utf8_err) => {
            // Korean Excel saves CSV as CP949, which encoding_rs calls EUC-KR (it decodes
            // the full CP949 range).
            let enc = encoding_rs::EUC_KR;
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) => Ok((text.into_owned(), enc.name().to_string())),
                None => Err(data_err(
                    file,
                    Some(line_at(bytes, utf8_err.valid_up_to())),
                    Message::new(Code::UndecodableLine),
                )),
            }
        }
    }
}

/// Counts of `d` per line outside double quotes.
fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for ch in line.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if ch == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Picks the separator that splits the first lines into the same number of fields.
fn detect_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    // A tab, semicolon or pipe on every line is almost surely the separator, while commas
    // also appear as decimal commas; so on a tie the earlier candidate wins.
    let mut best: Option<(usize, u8)> = None;
    for d in [b'\t', b';', b'|', b','] {
        let counts: Vec<usize> = sample
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let first = counts.first().copied().unwrap_or(0);
        if first == 0 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        if best.is_none_or(|(a, _)| agree > a) {
            best = Some((agree, d));
        }
    }
    match best {
        // Most lines must agree; otherwise spaces may still be the real separator.
        Some((agree, d)) if agree * 2 > sample.len() => d,
        other => {
            let widths: Vec<usize> = sample
                .iter()
                .map(|l| l.split_whitespace().count())
                .collect();
            let first = widths.first().copied().unwrap_or(0);
            let agree = widths.iter().filter(|&&w| w == first).count();
            if first >= 2 && agree * 2 > sample.len() {
                b' '
            } else {
                // One column, or a ragged file that the field-count check will report.
                other.map_or(b',', |(_, d)| d)
            }
        }
    }
}

/// Strips the quotes a field keeps when a space came before its opening quote (`20, "0"`).
fn clean_field(field: &str) -> String {
    let f = field.trim();
    if f.len() >= 2 && f.starts_with('"') && f.ends_with('"') {
        f[1..f.len() - 1].replace("\"\"", "\"").trim().to_string()
    } else {
        f.to_string()
    }
}

type Record = (usize, Vec<String>);

/// Rows split by runs of whitespace, as `delim_whitespace=True` / `sep='\s+'` does.
fn split_whitespace(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split_whitespace().map(clean_field).collect()))
        .collect()
}

fn split_delimited(file: &str, text: &str, delimiter: u8) -> Result<Vec<Record>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut lines = LineCounter::new(text);
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| lines.line_of(p.byte() as usize));
            data_err(
                file,
                line,
                Message::new(Code::UnreadableRow).with("reason", e),
            )
        })?;
        let line = rec
            .position()
            .map_or(out.len() + 1, |p| lines.line_of(p.byte() as usize));
        // Blank lines (e.g. a trailing one) are not rows, as in pandas.
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        out.push((line, rec.iter().map(clean_field).collect()));
    }
    Ok(out)
}

/// Line numbers from byte offsets. The csv crate's own line count goes wrong with CRLF and
/// blank lines, so we count ourselves; offsets only grow, so counting is incremental.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record that starts at `byte` (the offset may point at the
    /// line break before it, which is skipped).
    fn line_of(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.pos {
            return self.line;
        }
        for i in self.pos..start {
            let b = self.text[i];
            // A lone CR (old Mac files) ends a line too.
            if b == b'\n' || (b == b'\r' && self.text.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.pos = start;
        self.line
    }
}

/// A header if the first row has text in a column whose other cells are all numbers (with
/// decimal commas too, unless commas separate the fields).
fn detect_header(records: &[Record], delimiter: u8) -> bool {
    let Some(((_, first), rest)) = records.split_first() else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    let is_number = |s: &str| {
        parse_number(s).is_some() || (delimiter != b',' && parse_decimal_comma(s).is_some())
    };
    first.iter().enumerate().any(|(c, cell)| {
        if is_missing(cell) || is_number(cell) {
            return false;
        }
        let mut others = rest
            .iter()
            .filter_map(|(_, f)| f.get(c))
            .filter(|s| !is_missing(s))
            .peekable();
        others.peek().is_some() && others.all(|s| is_number(s))
    })
}

/// A file of one row, every cell of it text (`age;height`): a header without data. Read as
/// data it would be one row of categories, and fail later with a puzzling message.
fn lone_header(records: &[Record]) -> bool {
    match records {
        [(_, first)] => first
            .iter()
            .all(|cell| !is_missing(cell) && parse_number(cell).is_none()),
        _ => false,
    }
}

/// Header names as pandas makes them: blanks become `Unnamed: i`, repeats get `.1`, `.2`.
fn column_names(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, name) in raw.iter().enumerate() {
        let base = if name.is_empty() {
            format!("Unnamed: {i}")
        } else {
            name.clone()
        };
        let mut candidate = base.clone();
        let mut k = 1;
        while out.contains(&candidate) {
            candidate = format!("{base}.{k}");
            k += 1;
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Table> {
        parse_csv("t.csv", s.as_bytes(), &CsvOptions::default())
    }

    #[test]
    fn header_quotes_and_spaces() {
        let t = parse("a, \"b\" ,c\r\n1, \"0\",x\r\n2,3,y").unwrap();
        assert!(t.has_header);
        assert_eq!(t.columns, ["a", "b", "c"]);
        assert_eq!(t.cells[0], ["1", "0", "x"]);
        assert_eq!(
            t.kinds,
            [ColumnKind::Numeric, ColumnKind::Numeric, ColumnKind::Text]
        );
        assert_eq!(t.lines, [2, 3]);
        assert_eq!(t.numeric_column(1).unwrap(), [0.0, 3.0]);
    }

    #[test]
    fn no_header_gets_numbered_columns() {
        let t = parse("1;2\n3;4\n\n").unwrap();
        assert!(!t.has_header);
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.columns, ["0", "1"]);
        assert_eq!(t.rows(), 2);
    }

    #[test]
    fn lines_count_blank_lines_and_quoted_breaks() {
        let t = parse("a,b\r\n\r\n1,\"x\r\ny\"\r\n2,z\r\n").unwrap();
        assert_eq!(t.lines, [3, 5]);
        assert_eq!(t.cells[0][1], "x\r\ny");
        let e = parse("a,b\n\n1,2\n3\n").unwrap_err().to_string();
        assert!(e.contains("row 4"), "{e}");
    }

    #[test]
    fn whitespace_separated() {
        let t = parse("  1.0   2 3\n 4  5.5 6\n").unwrap();
        assert_eq!(t.delimiter, b' ');
        assert_eq!(t.cells[1], ["4", "5.5", "6"]);
    }

    #[test]
    fn empty_cells_are_recorded() {
        let t = parse("a,b\n1,\n2,NA\n3,4").unwrap();
        assert_eq!(t.empty_cells, [(0, 1), (1, 1)]);
        assert_eq!(t.kinds[1], ColumnKind::Numeric);
        let e = t.numeric_column(1).unwrap_err().to_string();
        assert!(
            e.contains("t.csv, row 2, column b") && e.contains("empty"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_file_row_and_counts() {
        let e = parse("a,b\n1,2\n3,4,5\n").unwrap_err().to_string();
        assert!(
            e.contains("t.csv, row 3") && e.contains("3 fields") && e.contains("2"),
            "{e}"
        );
        assert!(parse("").unwrap_err().to_string().contains("empty"));
        assert!(parse("\n \n").unwrap_err().to_string().contains("empty"));
        let t = parse("a,b\n1,x\n2,3").unwrap();
        let e = t.numeric_column(1).unwrap_err().to_string();
        assert!(e.contains("row 2, column b") && e.contains("'x'"), "{e}");
        let big = CsvOptions {
            max_bytes: 4,
            ..CsvOptions::default()
        };
        let e = parse_csv("big.csv", b"1,2,3\n", &big)
            .unwrap_err()
            .to_string();
        assert!(e.contains("6 bytes"), "{e}");
    }

    #[test]
    fn decimal_comma_numbers() {
        assert_eq!(parse_decimal_comma("1,75"), Some(1.75));
        assert_eq!(parse_decimal_comma("-0,5"), Some(-0.5));
        assert_eq!(parse_decimal_comma("31"), Some(31.0));
        assert_eq!(parse_decimal_comma("1.234,5"), Some(1234.5));
        assert_eq!(parse_decimal_comma("-12.345.678"), Some(-12_345_678.0));
        // Could be 1.234 or 1234; groups of other than three digits are not thousands.
        assert_eq!(parse_decimal_comma("1.234"), None);
        assert_eq!(parse_decimal_comma("1.5"), None);
        assert_eq!(parse_decimal_comma("12.34,5"), None);
        assert_eq!(parse_decimal_comma("1,2,3"), None);
        assert_eq!(parse_decimal_comma("1,5.0"), None);
        assert_eq!(parse_decimal_comma("Seoul, Korea"), None);
        assert_eq!(parse_decimal_comma(","), None);
    }

    #[test]
    fn duplicate_and_blank_header_names() {
        let t = parse("a,a,,b\nx,1,2,3\ny,4,5,6").unwrap();
        assert!(t.has_header);
        assert_eq!(t.columns, ["a", "a.1", "Unnamed: 2", "b"]);
    }

    #[test]
    fn options_override_detection() {
        let opts = CsvOptions {
            has_header: Some(false),
            delimiter: Some(b','),
            ..CsvOptions::default()
        };
        let t = parse_csv("t.csv", b"a,b\n1,2", &opts).unwrap();
        assert_eq!(t.rows(), 2);
        let bad = CsvOptions {
            encoding: Some("klingon".into()),
            ..CsvOptions::default()
        };
        assert!(parse_csv("t.csv", b"1", &bad).is_err());
    }
}
