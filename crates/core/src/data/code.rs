//! The Python lines that load a data source as the playground does, for the exported Keras
//! code: `X`, `y` (and `X_test`, `y_test` where there is a test set), in the lecture notes'
//! style (`pd.read_csv(url)`, `tf.keras.datasets.mnist.load_data()`).

use super::csv::CsvOptions;
use super::prepare::TableSpec;
use super::preprocess::ScalingSpec;
use super::sources::DataSource;
use crate::codegen::{py_str, DataCode};

/// Where the bundled iris comes from for Python: the lecture's own copy of the file.
const IRIS_URL: &str =
    "https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/iris.csv";

pub fn data_code(source: &DataSource) -> DataCode {
    data_code_read(source, None)
}

/// [`data_code`] for a file whose encoding the page detected (`"EUC-KR"` for a Korean
/// Excel file): pandas reads UTF-8 unless told, and raises UnicodeDecodeError on CP949.
pub fn data_code_read(source: &DataSource, detected_encoding: Option<&str>) -> DataCode {
    let with_detected = |options: &CsvOptions| {
        let mut options = options.clone();
        if options.encoding.is_none() {
            options.encoding = detected_encoding.and_then(python_codec).map(str::to_string);
        }
        options
    };
    match source {
        DataSource::Generated { generator, seed } if generator == "linspace-noise" => DataCode {
            imports: vec![],
            lines: vec![
                "X = np.linspace(1, 2, 200).reshape(-1, 1)".into(),
                format!("noise = np.random.default_rng({seed}).standard_normal(200)"),
                "y = 4 * X[:, 0] + 0.3 * noise".into(),
            ],
            has_test: false,
            input_shape: Vec::new(),
        },
        DataSource::Generated { .. } => DataCode {
            imports: vec![],
            lines: vec![
                "# hours studied and exam scores".into(),
                "X = np.array([2, 4, 6, 8], dtype=float).reshape(-1, 1)".into(),
                "y = np.array([81, 93, 91, 97], dtype=float)".into(),
            ],
            has_test: false,
            input_shape: Vec::new(),
        },
        DataSource::Bundled { dataset } if dataset == "mnist" || dataset == "fashion" => {
            let name = if dataset == "mnist" {
                "mnist"
            } else {
                "fashion_mnist"
            };
            DataCode {
                imports: vec![],
                lines: vec![
                    format!("(X, y), (X_test, y_test) = tf.keras.datasets.{name}.load_data()"),
                    "X, X_test = X / 255.0, X_test / 255.0".into(),
                ],
                has_test: true,
                input_shape: Vec::new(),
            }
        }
        DataSource::Bundled { .. } => {
            let table = TableSpec {
                target: vec!["species".into()],
                one_hot_target: Some(true),
                test_size: 0.2,
                stratify: true,
                ..Default::default()
            };
            let mut code = table_code(
                &format!("pd.read_csv({}, header=None, names=['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'])", py_str(IRIS_URL)),
                &table,
            );
            code.lines
                .insert(0, "# the lecture's iris.csv (UCI copy)".into());
            code
        }
        DataSource::Csv {
            url,
            options,
            table,
        } => table_code(
            &read_csv(&py_str(url), &with_detected(options), table),
            table,
        ),
        DataSource::Upload {
            file,
            options,
            table,
        } => {
            let mut code = table_code(
                &read_csv(&py_str(file), &with_detected(options), table),
                table,
            );
            code.lines.insert(
                0,
                format!(
                    "# upload {} to Colab first (Files panel), or put its URL here",
                    file.replace(['\n', '\r'], " ")
                ),
            );
            code
        }
    }
}

/// Python's name for an encoding the CSV reader detected; UTF-8 (pandas' own default, BOM
/// or not) needs none.
fn python_codec(detected: &str) -> Option<&'static str> {
    match detected.to_ascii_uppercase().as_str() {
        "EUC-KR" | "CP949" => Some("cp949"),
        "UTF-16LE" | "UTF-16BE" => Some("utf-16"),
        _ => None,
    }
}

fn read_csv(path: &str, options: &CsvOptions, table: &TableSpec) -> String {
    let mut args = vec![path.to_string()];
    // Columns named 0, 1, 2, ... are those of a file without a header (pandas' header=None).
    let numbered =
        !table.target.is_empty() && table.target.iter().all(|c| c.parse::<usize>().is_ok());
    if options.has_header == Some(false) || (options.has_header.is_none() && numbered) {
        args.push("header=None".into());
    }
    match options.delimiter {
        Some(b' ') => args.push("sep=r'\\s+'".into()),
        Some(d) if d != b',' => args.push(format!("sep={}", py_str(&(d as char).to_string()))),
        _ => {}
    }
    if let Some(enc) = &options.encoding {
        args.push(format!("encoding={}", py_str(enc)));
    }
    format!("pd.read_csv({})", args.join(", "))
}

/// Column references as pandas sees them: integer labels for header-less files.
fn col(name: &str) -> String {
    match name.parse::<usize>() {
        Ok(i) => i.to_string(),
        Err(_) => py_str(name),
    }
}

fn table_code(read: &str, t: &TableSpec) -> DataCode {
    let mut imports = Vec::new();
    let mut l = vec![format!("df = {read}")];
    if t.drop_empty_rows {
        l.push("df = df.dropna()".into());
    }
    let targets: Vec<String> = t.target.iter().map(|c| col(c)).collect();
    let target = if targets.is_empty() {
        "df.columns[-1]".to_string()
    } else {
        targets.join(", ")
    };
    match &t.features {
        Some(f) => {
            let cols: Vec<String> = f.iter().map(|c| col(c)).collect();
            l.push(format!(
                "X = pd.get_dummies(df[[{}]]).astype('float32').values",
                cols.join(", ")
            ));
        }
        None => l.push(format!(
            "X = pd.get_dummies(df.drop(columns=[{target}])).astype('float32').values"
        )),
    }
    if t.one_hot_target == Some(true) {
        l.push(format!(
            "y = pd.get_dummies(df[{target}]).astype('float32').values"
        ));
    } else {
        // pandas 3 reads text as the `str` dtype, not `object`: ask whether it is numeric.
        l.push(format!("y = df[{target}]"));
        l.push(
            "if not pd.api.types.is_numeric_dtype(y):  # text classes become 0, 1, 2, ... in sorted order"
                .into(),
        );
        l.push("    y = y.astype('category').cat.codes".into());
        l.push("y = y.values".into());
    }
    let has_test = t.test_size > 0.0;
    if has_test {
        imports.push("from sklearn.model_selection import train_test_split".into());
        let stratify = if t.stratify { ", stratify=y" } else { "" };
        l.push(format!(
            "X, X_test, y, y_test = train_test_split(X, y, test_size={}, random_state={}{stratify})",
            t.test_size, t.seed
        ));
    }
    let scaler = match t.scaling {
        ScalingSpec::None => None,
        ScalingSpec::Divide255 => {
            l.push("X = X / 255.0".into());
            if has_test {
                l.push("X_test = X_test / 255.0".into());
            }
            None
        }
        ScalingSpec::MinMax => Some("MinMaxScaler"),
        ScalingSpec::Standard => Some("StandardScaler"),
    };
    if let Some(s) = scaler {
        imports.push(format!("from sklearn.preprocessing import {s}"));
        l.push("# statistics from the training rows only".into());
        l.push(format!("x_scaler = {s}().fit(X)"));
        l.push("X = x_scaler.transform(X)".into());
        if has_test {
            l.push("X_test = x_scaler.transform(X_test)".into());
        }
        if t.scale_target {
            l.push(format!("y_scaler = {s}().fit(y.reshape(-1, 1))"));
            l.push("y = y_scaler.transform(y.reshape(-1, 1))[:, 0]".into());
            if has_test {
                l.push("y_test = y_scaler.transform(y_test.reshape(-1, 1))[:, 0]".into());
            }
        }
    }
    DataCode {
        imports,
        lines: l,
        has_test,
        input_shape: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_exports_code_that_python_parses() {
        for lesson in crate::lessons::catalogue() {
            let code = crate::codegen::keras_code(
                &lesson.setup,
                &data_code(&lesson.data),
                &lesson.title_en,
            );
            let status = std::process::Command::new("python3")
                .args(["-c", "import ast, sys; ast.parse(sys.stdin.read())"])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    if let Some(stdin) = child.stdin.as_mut() {
                        stdin.write_all(code.as_bytes())?;
                    }
                    child.wait()
                });
            match status {
                Ok(s) => assert!(s.success(), "{}:\n{code}", lesson.id),
                Err(e) => panic!("python3 is needed for this test: {e}"),
            }
            assert!(code.contains("model.fit(X, y"), "{}", lesson.id);
        }
    }

    #[test]
    fn boston_code_names_the_columns_and_scales_on_training_rows() {
        let l = crate::lessons::find("boston").expect("boston");
        let c = data_code(&l.data);
        let text = c.lines.join("\n");
        assert!(text.contains("df[['crim', 'zn'"), "{text}");
        assert!(
            text.contains("x_scaler = StandardScaler().fit(X)"),
            "{text}"
        );
        assert!(text.contains("y_test = y_scaler.transform"), "{text}");
        assert!(c.has_test);
    }

    #[test]
    fn a_file_without_header_is_read_with_header_none() {
        let l = crate::lessons::find("thoracic").expect("thoracic");
        let text = data_code(&l.data).lines.join("\n");
        assert!(
            text.contains("ThoraricSurgery.csv', header=None)"),
            "{text}"
        );
        assert!(text.contains("df.drop(columns=[17])"), "{text}");
    }
}
