//! `prepare` on small hand-made tables and on the lecture files (found by `support`).

mod support;

use ndarray::array;
use noriteo_core::data::csv::{parse_csv, CsvOptions, Table};
use noriteo_core::data::prepare::{prepare, prepare_with_scalers, TableSpec, TaskHint};
use noriteo_core::data::preprocess::{Scaler, ScalingSpec};
use noriteo_core::{Features, Task};

fn table(text: &str) -> Table {
    parse_csv("t.csv", text.as_bytes(), &CsvOptions::default()).unwrap()
}

fn dataset_file(name: &str) -> Table {
    parse_csv(name, &support::dataset(name), &CsvOptions::default()).unwrap()
}

fn spec(target: &str) -> TableSpec {
    TableSpec {
        target: vec![target.into()],
        ..TableSpec::default()
    }
}

fn x(f: &Features) -> ndarray::Array2<f32> {
    f.to_f32()
}

#[test]
fn text_features_are_one_hot_and_text_target_is_classes() {
    let t = table("size,color,kind\n1,red,b\n2,blue,a\n3,red,c\n");
    let d = prepare(&t, &spec("kind")).unwrap();
    assert_eq!(d.feature_names, ["size", "color_blue", "color_red"]);
    assert_eq!(
        x(&d.x_train),
        array![[1., 0., 1.], [2., 1., 0.], [3., 0., 1.]]
    );
    assert_eq!(d.task, Task::MultiClass { classes: 3 });
    assert_eq!(d.class_names, ["a", "b", "c"]);
    assert_eq!(d.y_train, array![[1.], [0.], [2.]]);
    assert_eq!(d.input_shape, [3]);
    assert_eq!(d.target_names, ["kind"]);
    assert!(d.x_test.is_none());

    let one_hot = TableSpec {
        one_hot_target: Some(true),
        ..spec("kind")
    };
    let d = prepare(&t, &one_hot).unwrap();
    assert_eq!(d.y_train, array![[0., 1., 0.], [1., 0., 0.], [0., 0., 1.]]);
}

#[test]
fn task_inference() {
    // Two integer values, coded 1/2: binary with labels 0/1.
    let t = table("a,y\n1,2\n2,1\n3,2\n");
    let d = prepare(&t, &spec("y")).unwrap();
    assert_eq!(d.task, Task::Binary);
    assert_eq!(d.y_train, array![[1.], [0.], [1.]]);
    assert_eq!(d.class_names, ["1", "2"]);
    // Sales of 40, 42, 44: integers, but quantities.
    let t = table("a,y\n1,40\n2,42\n3,44\n");
    assert_eq!(prepare(&t, &spec("y")).unwrap().task, Task::Regression);
    let forced = TableSpec {
        task: Some(TaskHint::Classification),
        ..spec("y")
    };
    let d = prepare(&t, &forced).unwrap();
    assert_eq!(d.task, Task::MultiClass { classes: 3 });
    assert_eq!(d.class_names, ["40", "42", "44"]);
    // Fractions are regression, and cannot be forced into classes.
    let t = table("a,y\n1,0.5\n2,1\n3,0\n");
    assert_eq!(prepare(&t, &spec("y")).unwrap().task, Task::Regression);
    assert!(prepare(&t, &forced).is_err());
    // A text target with one class is refused.
    let t = table("a,y\n1,x\n2,x\n");
    let e = prepare(&t, &spec("y")).unwrap_err().to_string();
    assert!(e.contains("only one class"), "{e}");
}

#[test]
fn errors_name_columns_and_rows() {
    let t = table("a,b,y\n1,2,0\n3,,1\n5,6,0\n7,8,1\n");
    let e = prepare(&t, &spec("nope")).unwrap_err().to_string();
    assert!(
        e.contains("no column 'nope'") && e.contains("a, b, y"),
        "{e}"
    );
    let e = prepare(&t, &spec("y")).unwrap_err().to_string();
    assert!(
        e.contains("t.csv, row 3, column b") && e.contains("empty"),
        "{e}"
    );
    // Not using column b avoids the empty cell.
    let only_a = TableSpec {
        features: Some(vec!["a".into()]),
        ..spec("y")
    };
    assert_eq!(prepare(&t, &only_a).unwrap().x_train.rows(), 4);
    let drop = TableSpec {
        drop_empty_rows: true,
        ..spec("y")
    };
    let d = prepare(&t, &drop).unwrap();
    assert_eq!(x(&d.x_train), array![[1., 2.], [5., 6.], [7., 8.]]);
    let both = TableSpec {
        features: Some(vec!["y".into()]),
        ..spec("y")
    };
    assert!(prepare(&t, &both).is_err());
    let e = prepare(&t, &TableSpec::default()).unwrap_err();
    assert_eq!(e.field(), Some("target"));
}

#[test]
fn scalers_fit_on_training_rows_only() {
    let rows: String = (0..10).map(|i| format!("{i},{}\n", 2 * i)).collect();
    let t = table(&format!("a,y\n{rows}"));
    let s = TableSpec {
        scaling: ScalingSpec::MinMax,
        scale_target: true,
        test_size: 0.3,
        seed: 3,
        ..spec("y")
    };
    let p = prepare_with_scalers(&t, &s).unwrap();
    let d = &p.dataset;
    assert_eq!(
        (d.x_train.rows(), d.x_test.as_ref().unwrap().rows()),
        (7, 3)
    );
    let xtr = x(&d.x_train);
    // Training rows span exactly [0, 1] after MinMax; test rows may fall outside.
    let (lo, hi) = xtr
        .iter()
        .fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
    assert_eq!((lo, hi), (0.0, 1.0));
    let Scaler::MinMax { min, max } = &p.x_scaler else {
        panic!("{:?}", p.x_scaler)
    };
    // The scaler's range is that of the training rows (a = 0..9 overall).
    assert!(min[0] >= 0.0 && max[0] <= 9.0);
    // y = 2a, so the scaled target equals the scaled feature.
    assert_eq!(d.y_train.column(0), xtr.column(0));
    let mut back = d.y_train.column(0).to_vec();
    p.y_scaler.inverse_transform_column(0, &mut back).unwrap();
    let a: Vec<f32> = x(&d.x_train)
        .column(0)
        .iter()
        .map(|v| v * (max[0] - min[0]) + min[0])
        .collect();
    for (yb, av) in back.iter().zip(&a) {
        assert!((yb - 2.0 * av).abs() < 1e-4);
    }
}

#[test]
fn thoracic_surgery_stratified() {
    let t = dataset_file("ThoraricSurgery.csv");
    let s = TableSpec {
        test_size: 0.2,
        stratify: true,
        seed: 0,
        ..spec("17")
    };
    let d = prepare(&t, &s).unwrap();
    assert_eq!(d.task, Task::Binary);
    assert_eq!(d.input_shape, [17]);
    assert_eq!(d.y_train.nrows(), 376);
    let yt = d.y_test.as_ref().unwrap();
    assert_eq!(yt.nrows(), 94);
    assert_eq!(d.y_train.sum(), 56.0);
    assert_eq!(yt.sum(), 14.0);
}

#[test]
fn iris_text_species() {
    let t = dataset_file("iris.csv");
    let d = prepare(&t, &spec("4")).unwrap();
    assert_eq!(d.task, Task::MultiClass { classes: 3 });
    assert_eq!(
        d.class_names,
        ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    );
    assert_eq!(d.y_train[[0, 0]], 0.0);
    assert_eq!(d.y_train[[149, 0]], 2.0);
    assert_eq!(d.feature_names, ["0", "1", "2", "3"]);
}

#[test]
fn korean_iris2_empty_cell() {
    let t = dataset_file("ko-iris2.csv");
    let e = prepare(&t, &spec("품종")).unwrap_err().to_string();
    assert!(e.contains("ko-iris2.csv, row 151, column 꽃잎폭"), "{e}");
    let drop = TableSpec {
        drop_empty_rows: true,
        ..spec("품종")
    };
    let d = prepare(&t, &drop).unwrap();
    assert_eq!(d.x_train.rows(), 149);
    assert_eq!(d.task, Task::MultiClass { classes: 3 });
    assert_eq!(d.class_names, ["0", "1", "2"]);
}

#[test]
fn boston_standardised_regression() {
    let t = dataset_file("ko-boston.csv");
    let s = TableSpec {
        scaling: ScalingSpec::Standard,
        ..spec("medv")
    };
    let d = prepare(&t, &s).unwrap();
    assert_eq!(d.task, Task::Regression);
    assert_eq!(d.input_shape, [13]);
    let xt = x(&d.x_train);
    for c in xt.columns() {
        let mean = c.iter().map(|&v| v as f64).sum::<f64>() / c.len() as f64;
        let var = c.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / c.len() as f64;
        assert!(
            mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
            "{mean} {var}"
        );
    }
    assert_eq!(d.y_train[[0, 0]], 24.0);
}

#[test]
fn spec_from_json_with_defaults() {
    let s: TableSpec =
        serde_json::from_str(r#"{"target":["y"],"scaling":"standard","test_size":0.2}"#).unwrap();
    assert_eq!(s.scaling, ScalingSpec::Standard);
    assert_eq!(s.test_size, 0.2);
    assert!(!s.drop_empty_rows);
}
