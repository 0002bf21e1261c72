//! The CSV reader on the real lecture files (never copied into the repository: `support`
//! finds them beside it).

mod support;

use noriteo_core::data::csv::{parse_csv, ColumnKind, CsvOptions, Table};
use noriteo_core::messages::{Code, Lang};
use support::dataset;

fn load(name: &str) -> Table {
    parse_csv(name, &dataset(name), &CsvOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn shape(t: &Table) -> (usize, usize) {
    (t.rows(), t.columns.len())
}

#[test]
fn thoracic_surgery() {
    let t = load("ThoraricSurgery.csv");
    assert_eq!(shape(&t), (470, 18));
    assert!(!t.has_header);
    assert_eq!(t.delimiter, b',');
    assert_eq!(t.columns[17], "17");
    let y = t.numeric_column(17).unwrap();
    assert_eq!(y.iter().filter(|&&v| v == 1.0).count(), 70);
    assert_eq!(t.numeric_column(0).unwrap()[0], 293.0);
}

#[test]
fn pima() {
    let t = load("pima-indians-diabetes.csv");
    assert_eq!(shape(&t), (768, 9));
    assert!(!t.has_header);
    assert!(t.kinds.iter().all(|k| *k == ColumnKind::Numeric));
    assert_eq!(t.numeric_column(8).unwrap().iter().sum::<f32>(), 268.0);
}

#[test]
fn housing_whitespace() {
    let t = load("housing.csv");
    assert_eq!(shape(&t), (506, 14));
    assert_eq!(t.delimiter, b' ');
    assert!(!t.has_header);
    assert_eq!(t.cells[0][0], "0.00632");
    assert_eq!(t.numeric_column(13).unwrap()[0], 24.0);
    assert_eq!(t.lines[505], 506);
}

#[test]
fn iris_trailing_blank_line() {
    let t = load("iris.csv");
    assert_eq!(shape(&t), (150, 5));
    assert!(!t.has_header);
    assert_eq!(t.kinds[4], ColumnKind::Text);
    assert_eq!(t.cells[149][4], "Iris-virginica");
    let e = t.numeric_column(4).unwrap_err().to_string();
    assert!(
        e.contains("iris.csv, row 1, column 4") && e.contains("Iris-setosa"),
        "{e}"
    );
}

#[test]
fn korean_iris() {
    let t = load("ko-iris.csv");
    assert_eq!(shape(&t), (150, 5));
    assert!(t.has_header);
    assert_eq!(t.encoding, "UTF-8");
    assert_eq!(
        t.columns,
        ["꽃잎길이", "꽃잎폭", "꽃받침길이", "꽃받침폭", "품종"]
    );
    assert_eq!(t.cells[149], ["5.9", "3.0", "5.1", "1.8", "virginica"]);
    assert!(t.empty_cells.is_empty());
}

#[test]
fn korean_iris_with_an_empty_cell() {
    let t = load("ko-iris2.csv");
    assert_eq!(shape(&t), (150, 5));
    // Line 151 is `5.9,,5.1,1.8,2`: data row 149, column 1.
    assert_eq!(t.empty_cells, [(149, 1)]);
    assert_eq!(t.lines[149], 151);
    assert_eq!(t.kinds[1], ColumnKind::Numeric);
    let e = t.numeric_column(1).unwrap_err().to_string();
    assert!(e.contains("ko-iris2.csv, row 151, column 꽃잎폭"), "{e}");
}

#[test]
fn korean_boston_quoted() {
    let t = load("ko-boston.csv");
    assert_eq!(shape(&t), (506, 14));
    assert!(t.has_header);
    assert_eq!(t.columns[3], "chas");
    assert_eq!(t.columns[13], "medv");
    assert_eq!(t.kinds[3], ColumnKind::Numeric);
    assert_eq!(t.numeric_column(3).unwrap()[0], 0.0);
    // Same values as housing.csv.
    let h = load("housing.csv");
    for c in 0..14 {
        assert_eq!(t.numeric_column(c).unwrap(), h.numeric_column(c).unwrap());
    }
}

#[test]
fn korean_lemonade_crlf() {
    let t = load("ko-lemonade.csv");
    assert_eq!(shape(&t), (6, 2));
    assert!(t.has_header);
    assert_eq!(t.columns, ["온도", "판매량"]);
    assert_eq!(
        t.numeric_column(1).unwrap(),
        [40.0, 42.0, 44.0, 46.0, 48.0, 50.0]
    );
    assert_eq!(t.lines, [2, 3, 4, 5, 6, 7]);
}

#[test]
fn sonar_and_wine() {
    let t = load("sonar.csv");
    assert_eq!(shape(&t), (208, 61));
    assert_eq!(t.kinds[60], ColumnKind::Text);
    let t = load("wine.csv");
    assert_eq!(shape(&t), (6497, 13));
}

#[test]
fn cp949_header_decodes() {
    let text = "온도,판매량\r\n20,40\r\n21,42\r\n";
    let (bytes, _, errors) = encoding_rs::EUC_KR.encode(text);
    assert!(!errors);
    assert!(std::str::from_utf8(&bytes).is_err());
    let t = parse_csv("cp949.csv", &bytes, &CsvOptions::default()).unwrap();
    assert_eq!(t.encoding, "EUC-KR");
    assert_eq!(t.columns, ["온도", "판매량"]);
    assert_eq!(t.numeric_column(0).unwrap(), [20.0, 21.0]);
    // The same bytes read with the encoding named.
    let opts = CsvOptions {
        encoding: Some("cp949".into()),
        ..CsvOptions::default()
    };
    assert_eq!(
        parse_csv("cp949.csv", &bytes, &opts).unwrap().columns,
        ["온도", "판매량"]
    );
}

#[test]
fn utf8_bom_is_stripped() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("온도,판매량\n20,40\n".as_bytes());
    let t = parse_csv("bom.csv", &bytes, &CsvOptions::default()).unwrap();
    assert_eq!(t.columns[0], "온도");
    assert_eq!(t.encoding, "UTF-8");
}

#[test]
fn table_serializes_for_a_preview() {
    let t = load("ko-lemonade.csv");
    let json = serde_json::to_string(&t).unwrap();
    assert!(
        json.contains("\"kinds\":[\"numeric\",\"numeric\"]"),
        "{json}"
    );
    let back: Table = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
}

fn parse(text: &str) -> Result<Table, noriteo_core::Error> {
    parse_csv("t.csv", text.as_bytes(), &CsvOptions::default())
}

fn code_of(e: &noriteo_core::Error) -> Code {
    e.message().code
}

#[test]
fn decimal_commas_with_semicolons_are_numbers() {
    let t = parse("age;height;name\n31;1,75;Kim\n45;-0,5;Lee\n28;2;Park\n").unwrap();
    assert_eq!(t.delimiter, b';');
    assert_eq!(
        t.kinds,
        [ColumnKind::Numeric, ColumnKind::Numeric, ColumnKind::Text]
    );
    assert_eq!(t.decimal_comma, [false, true, false]);
    assert_eq!(t.numeric_column(0).unwrap(), [31.0, 45.0, 28.0]);
    assert_eq!(t.numeric_column(1).unwrap(), [1.75, -0.5, 2.0]);
    // The preview shows the cells as the file writes them.
    assert_eq!(t.cells[0][1], "1,75");
}

#[test]
fn decimal_commas_with_tabs_and_thousands_dots() {
    let t = parse("price\tarea\n1.234,5\t12,5\n2.000.000\t7\n999,25\t0,125\n").unwrap();
    assert_eq!(t.delimiter, b'\t');
    assert_eq!(t.decimal_comma, [true, true]);
    assert_eq!(t.numeric_column(0).unwrap(), [1234.5, 2_000_000.0, 999.25]);
    assert_eq!(t.numeric_column(1).unwrap(), [12.5, 7.0, 0.125]);
}

#[test]
fn a_comma_separated_file_is_unaffected() {
    let t = parse("a,b\n\"1,5\",2.5\n\"2,5\",3\n").unwrap();
    assert_eq!(t.delimiter, b',');
    assert_eq!(t.decimal_comma, [false, false]);
    assert_eq!(t.kinds, [ColumnKind::Text, ColumnKind::Numeric]);
    assert_eq!(t.numeric_column(1).unwrap(), [2.5, 3.0]);
    let t = parse("x,y\n1.5,2\n3.25,4\n").unwrap();
    assert_eq!(t.numeric_column(0).unwrap(), [1.5, 3.25]);
    assert_eq!(t.decimal_comma, [false, false]);
}

#[test]
fn an_ambiguous_value_in_a_decimal_comma_column_is_named() {
    // `1.234` could be 1.234 or 1234: the column reads as decimal commas, and the one value
    // it cannot read is reported with its file, line, column and text.
    let t = parse("age;height\n31;1,75\n45;1.234\n28;1,5\n").unwrap();
    assert_eq!(t.kinds[1], ColumnKind::Numeric);
    let e = t.numeric_column(1).unwrap_err();
    assert_eq!(code_of(&e), Code::CsvDecimalCommaUnreadable);
    let text = e.to_string();
    assert!(
        text.contains("t.csv, row 3, column height") && text.contains("'1.234'"),
        "{text}"
    );
    let ko = e.message().text(Lang::Ko);
    assert!(ko.contains("3행") && ko.contains("'1.234'"), "{ko}");
}

#[test]
fn a_decimal_comma_among_decimal_points_is_named() {
    let t = parse("a;b\n1.5;1\n2.5;2\n1,5;3\n").unwrap();
    assert_eq!(t.decimal_comma, [false, false]);
    let e = t.numeric_column(0).unwrap_err();
    assert_eq!(code_of(&e), Code::CsvDecimalCommaInPointColumn);
    assert!(e.to_string().contains("row 4, column a: '1,5'"), "{e}");
}

#[test]
fn a_header_without_data_rows_says_so() {
    for text in [
        "age;height;weight;sex;target\n",
        "age,height,weight,sex,target",
        "name\n\n\n",
    ] {
        let e = parse(text).unwrap_err();
        assert_eq!(code_of(&e), Code::CsvHeaderOnly, "{text:?}: {e}");
        assert!(e.to_string().contains("no data rows"), "{e}");
    }
    let forced = CsvOptions {
        has_header: Some(true),
        ..CsvOptions::default()
    };
    let e = parse_csv("t.csv", b"1,2\n", &forced).unwrap_err();
    assert_eq!(code_of(&e), Code::CsvHeaderOnly);
    // One row of numbers, or a header forced off, is one data row as before.
    assert_eq!(parse("1,2,3\n").unwrap().rows(), 1);
    let no_header = CsvOptions {
        has_header: Some(false),
        ..CsvOptions::default()
    };
    assert_eq!(parse_csv("t.csv", b"a,b\n", &no_header).unwrap().rows(), 1);
}

#[test]
fn decimal_comma_columns_prepare_as_numeric_features() {
    use noriteo_core::data::prepare::{prepare, TableSpec};
    let t = parse("age;height;weight\n31;1,75;70,5\n45;1,62;58\n28;1,80;82,25\n").unwrap();
    let spec = TableSpec {
        target: vec!["weight".into()],
        ..TableSpec::default()
    };
    let d = prepare(&t, &spec).unwrap();
    assert_eq!(d.feature_names, ["age", "height"]);
    assert_eq!(d.input_shape, [2]);
    assert_eq!(d.y_train.column(0).to_vec(), [70.5, 58.0, 82.25]);
}
