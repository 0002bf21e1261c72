//! From a parsed table to a `Dataset`: choosing the target and feature columns, encoding
//! text, inferring the task, splitting off a test set and scaling, the way a lesson does
//! with pandas and scikit-learn before `model.fit`.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::csv::{ColumnKind, Table};
use super::preprocess::{get_dummies, to_categorical, train_test_split, Scaler, ScalingSpec};
use super::{Dataset, Features, Task};
use crate::{Code, Error, Message, Result};

/// Integer targets with at most this many distinct values may be classes.
pub const MAX_INTEGER_CLASSES: usize = 20;

/// Overrides the inferred task when the guess is wrong (e.g. a 0/1/2 score to regress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskHint {
    Regression,
    Classification,
}

/// What to take from a table and how to prepare it. Every field has a default, so a UI
/// can send only what the learner changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableSpec {
    /// The label column(s) by name. Several are allowed for regression only.
    pub target: Vec<String>,
    /// Feature columns by name; `None` takes every column that is not a target.
    pub features: Option<Vec<String>>,
    /// `None`/`false`: classes as one index column (for sparse_categorical_crossentropy);
    /// `true`: one-hot columns (for categorical_crossentropy).
    pub one_hot_target: Option<bool>,
    /// `None` infers the task from the target column.
    pub task: Option<TaskHint>,
    pub scaling: ScalingSpec,
    /// Scale a regression target too (with the same kind of scaler as the features).
    pub scale_target: bool,
    /// The share of rows held out as the test set; 0 keeps every row for training.
    pub test_size: f64,
    /// Keep class proportions in both parts (classification only).
    pub stratify: bool,
    pub seed: u64,
    /// Drop rows with an empty cell in a used column instead of failing.
    pub drop_empty_rows: bool,
}

impl Default for TableSpec {
    fn default() -> Self {
        TableSpec {
            target: Vec::new(),
            features: None,
            one_hot_target: None,
            task: None,
            scaling: ScalingSpec::None,
            scale_target: false,
            test_size: 0.0,
            stratify: false,
            seed: 42,
            drop_empty_rows: false,
        }
    }
}

impl TableSpec {
    /// How a table of one's own (an upload, a URL) is read before the learner picks any
    /// option: numeric inputs standardized (a column in the thousands beside one in tenths
    /// otherwise stalls Adam at its default rate), 20% held out as the test set.
    pub fn own_table() -> TableSpec {
        TableSpec {
            scaling: ScalingSpec::Standard,
            test_size: 0.2,
            ..TableSpec::default()
        }
    }
}

/// A prepared data set with the fitted scalers, so predictions can be turned back into
/// the original units and new rows scaled the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub dataset: Dataset,
    pub x_scaler: Scaler,
    pub y_scaler: Scaler,
}

/// Prepares `table` as `spec` says; see `prepare_with_scalers` for the scalers too.
pub fn prepare(table: &Table, spec: &TableSpec) -> Result<Dataset> {
    prepare_with_scalers(table, spec).map(|p| p.dataset)
}

/// The target encoded as numbers, with what it turned out to be.
struct Target {
    y: Array2<f32>,
    task: Task,
    class_names: Vec<String>,
    /// Class index per row (classification only), for stratifying.
    classes: Option<Vec<usize>>,
}

pub fn prepare_with_scalers(table: &Table, spec: &TableSpec) -> Result<Prepared> {
    if spec.target.is_empty() {
        return Err(Error::config(
            "target",
            Message::new(Code::ChooseTarget).with("columns", table.columns.join(", ")),
        ));
    }
    let targets = spec
        .target
        .iter()
        .map(|t| table.column_index(t))
        .collect::<Result<Vec<_>>>()?;
    let features = match &spec.features {
        Some(names) => {
            let idx = names
                .iter()
                .map(|n| table.column_index(n))
                .collect::<Result<Vec<_>>>()?;
            if let Some(&c) = idx.iter().find(|c| targets.contains(c)) {
                return Err(Error::config(
                    "features",
                    Message::new(Code::TargetAsFeature).with("column", &table.columns[c]),
                ));
            }
            idx
        }
        None => (0..table.columns.len())
            .filter(|c| !targets.contains(c))
            .collect(),
    };
    if features.is_empty() {
        return Err(Error::config("features", Message::new(Code::NoFeatures)));
    }
    let rows = usable_rows(table, &features, &targets, spec.drop_empty_rows)?;

    let (x, feature_names) = encode_features(table, &features, &rows)?;
    let target = encode_target(table, &targets, &rows, spec)?;

    let (train, test) = if spec.test_size == 0.0 {
        ((0..rows.len()).collect::<Vec<_>>(), None)
    } else {
        let stratify =
            if spec.stratify {
                Some(target.classes.as_deref().ok_or_else(|| {
                    Error::config("stratify", Message::new(Code::StratifyRegression))
                })?)
            } else {
                None
            };
        let (tr, te) = train_test_split(rows.len(), spec.test_size, true, stratify, spec.seed)?;
        (tr, Some(te))
    };
    let pick = |a: &Array2<f32>, idx: &[usize]| a.select(ndarray::Axis(0), idx);

    let mut x_train = pick(&x, &train);
    let mut x_test = test.as_ref().map(|t| pick(&x, t));
    // Statistics from the training rows only, so the test rows stay unseen.
    let x_scaler = Scaler::fit(spec.scaling, x_train.view())?;
    x_scaler.transform(&mut x_train)?;
    if let Some(xt) = x_test.as_mut() {
        x_scaler.transform(xt)?;
    }

    let mut y_train = pick(&target.y, &train);
    let mut y_test = test.as_ref().map(|t| pick(&target.y, t));
    let y_scaler = if spec.scale_target {
        if target.task != Task::Regression {
            return Err(Error::config(
                "scale_target",
                Message::new(Code::ScaleTargetClasses),
            ));
        }
        Scaler::fit(spec.scaling, y_train.view())?
    } else {
        Scaler::None
    };
    y_scaler.transform(&mut y_train)?;
    if let Some(yt) = y_test.as_mut() {
        y_scaler.transform(yt)?;
    }

    let n_features = x_train.ncols();
    let dataset = Dataset {
        name: table.file.clone(),
        x_train: Features::F32(x_train),
        y_train,
        x_test: x_test.map(Features::F32),
        y_test,
        input_shape: vec![n_features],
        feature_names,
        target_names: spec.target.clone(),
        class_names: target.class_names,
        task: target.task,
    };
    Ok(Prepared {
        dataset,
        x_scaler,
        y_scaler,
    })
}

/// The data rows to use: all, or those without empty cells in the used columns.
fn usable_rows(
    table: &Table,
    features: &[usize],
    targets: &[usize],
    drop_empty_rows: bool,
) -> Result<Vec<usize>> {
    let used = |c: &usize| features.contains(c) || targets.contains(c);
    let mut bad = vec![false; table.rows()];
    for &(r, c) in &table.empty_cells {
        if !used(&c) {
            continue;
        }
        if !drop_empty_rows {
            return Err(table.error(Some(r), Some(c), Message::new(Code::CellEmpty)));
        }
        bad[r] = true;
    }
    let rows: Vec<usize> = (0..table.rows()).filter(|&r| !bad[r]).collect();
    if rows.is_empty() {
        return Err(Error::EmptyData(
            Message::new(Code::NoRowsLeft).with("file", &table.file),
        ));
    }
    Ok(rows)
}

/// Numbers as they are; text columns one-hot encoded in place (pandas' get_dummies).
fn encode_features(
    table: &Table,
    features: &[usize],
    rows: &[usize],
) -> Result<(Array2<f32>, Vec<String>)> {
    let mut blocks: Vec<Array2<f32>> = Vec::new();
    let mut names = Vec::new();
    for &c in features {
        match table.kinds[c] {
            ColumnKind::Numeric => {
                let v = table.numeric_column_rows(c, rows)?;
                blocks.push(Array2::from_shape_vec((rows.len(), 1), v).map_err(shape_err)?);
                names.push(table.columns[c].clone());
            }
            ColumnKind::Text => {
                let values: Vec<String> = rows.iter().map(|&r| table.cells[r][c].clone()).collect();
                let (n, m) = get_dummies(&table.columns[c], &values);
                names.extend(n);
                blocks.push(m);
            }
        }
    }
    let views: Vec<_> = blocks.iter().map(|b| b.view()).collect();
    let x = ndarray::concatenate(ndarray::Axis(1), &views).map_err(shape_err)?;
    Ok((x, names))
}

fn shape_err(e: ndarray::ShapeError) -> Error {
    // Only reachable through a bug here: every block has one row per kept row.
    Error::Message(Message::new(Code::Internal).with("text", format!("assembling the data: {e}")))
}

fn encode_target(
    table: &Table,
    targets: &[usize],
    rows: &[usize],
    spec: &TableSpec,
) -> Result<Target> {
    if targets.len() > 1 {
        if spec.task == Some(TaskHint::Classification) {
            return Err(Error::config(
                "target",
                Message::new(Code::ClassificationOneTarget),
            ));
        }
        let mut y = Array2::zeros((rows.len(), targets.len()));
        for (j, &c) in targets.iter().enumerate() {
            let v = table.numeric_column_rows(c, rows)?;
            y.column_mut(j).assign(&ndarray::ArrayView1::from(&v));
        }
        return regression(y, spec);
    }
    let c = targets[0];
    let name = &table.columns[c];
    let cells: Vec<&str> = rows.iter().map(|&r| table.cells[r][c].as_str()).collect();
    if table.kinds[c] == ColumnKind::Text {
        if spec.task == Some(TaskHint::Regression) {
            let v = table.numeric_column_rows(c, rows)?;
            return regression(column(v)?, spec);
        }
        // Text classes in sorted order, as scikit-learn's LabelEncoder numbers them.
        let mut names: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        names.sort_unstable();
        names.dedup();
        let idx = cells
            .iter()
            .map(|c| names.partition_point(|n| n.as_str() < *c))
            .collect();
        return classes(name, idx, names, spec);
    }
    let values = table.numeric_column_rows(c, rows)?;
    let mut distinct: Vec<f32> = values.clone();
    distinct.sort_by(f32::total_cmp);
    distinct.dedup();
    let integers = values.iter().all(|v| v.fract() == 0.0);
    let k = distinct.len();
    let looks_like_classes = integers
        && k <= MAX_INTEGER_CLASSES
        // 0, 1, ..., k-1 are class indices; any two values are a yes/no. Other integers
        // (sales of 40, 42, ...) are more likely quantities.
        && (k == 2 || (k > 2 && distinct.iter().enumerate().all(|(i, &v)| v == i as f32)));
    let classify = match spec.task {
        Some(TaskHint::Regression) => false,
        Some(TaskHint::Classification) => {
            if !integers {
                return Err(Error::config(
                    "task",
                    Message::new(Code::FractionalTarget).with("name", name),
                ));
            }
            true
        }
        None => looks_like_classes,
    };
    if !classify {
        return regression(column(values)?, spec);
    }
    // Classes in numeric order (so 0/1/2 stay 0/1/2, and 1/2 become 0/1).
    let names: Vec<String> = distinct.iter().map(|v| format!("{v}")).collect();
    let idx = values
        .iter()
        .map(|v| distinct.partition_point(|d| d < v))
        .collect();
    classes(name, idx, names, spec)
}

fn column(v: Vec<f32>) -> Result<Array2<f32>> {
    let n = v.len();
    Array2::from_shape_vec((n, 1), v).map_err(shape_err)
}

fn regression(y: Array2<f32>, spec: &TableSpec) -> Result<Target> {
    if spec.one_hot_target == Some(true) {
        return Err(Error::config(
            "one_hot_target",
            Message::new(Code::OneHotRegression),
        ));
    }
    Ok(Target {
        y,
        task: Task::Regression,
        class_names: Vec::new(),
        classes: None,
    })
}

/// The target from each row's class index `idx` into `names`.
fn classes(name: &str, idx: Vec<usize>, names: Vec<String>, spec: &TableSpec) -> Result<Target> {
    if names.len() < 2 {
        return Err(Error::config(
            "target",
            Message::new(Code::SingleClass)
                .with("name", name)
                .with("class", names.first().map_or("", String::as_str)),
        ));
    }
    let k = names.len();
    let labels: Vec<f32> = idx.iter().map(|&i| i as f32).collect();
    let (y, task) = if spec.one_hot_target == Some(true) {
        // Two one-hot columns mean a 2-unit softmax, i.e. multi-class with 2 classes.
        (
            to_categorical(&labels, Some(k))?,
            Task::MultiClass { classes: k },
        )
    } else if k == 2 {
        (column(labels)?, Task::Binary)
    } else {
        (column(labels)?, Task::MultiClass { classes: k })
    };
    Ok(Target {
        y,
        task,
        class_names: names,
        classes: Some(idx),
    })
}
