//! Real errors from the engine, as a Korean student sees them: the catalogue's text with the
//! row, column, field and values filled in.

use ndarray::Array2;
use noriteo_core::data::csv::{parse_csv, CsvOptions};
use noriteo_core::spec::{CompileSpec, FitSpec, LossSpec};
use noriteo_core::{
    Code, Features, Lang, LayerSpec, Loss, ModelSpec, Optimizer, OptimizerConfig, Sequential,
    TrainingSpec,
};

#[test]
fn a_bad_units_field_is_explained_next_to_its_field() {
    let spec = TrainingSpec {
        model: ModelSpec {
            input_shape: vec![4],
            layers: vec![LayerSpec::dense(0, "relu"), LayerSpec::dense(1, "sigmoid")],
            name: None,
        },
        compile: CompileSpec {
            loss: Some(LossSpec::Name("binary_crossentropy".into())),
            ..Default::default()
        },
        ..Default::default()
    };
    let errors = spec.validate(None);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "model.layers[0].units");
    assert_eq!(errors[0].message.code, Code::UnitsAtLeastOne);
    assert_eq!(
        errors[0].message.text(Lang::Ko),
        "units는 1 이상이어야 합니다 (입력: 0)"
    );
    assert_eq!(
        errors[0].message.text(Lang::En),
        "units must be at least 1 (got 0)"
    );
    let json = serde_json::to_string(&errors[0]).expect("serializes");
    assert_eq!(
        json,
        r#"{"field":"model.layers[0].units","message":{"code":"units_at_least_one","params":{"got":"0"}}}"#
    );
}

#[test]
fn an_unknown_activation_lists_the_valid_names_in_korean() {
    let spec = TrainingSpec {
        model: ModelSpec {
            input_shape: vec![4],
            layers: vec![LayerSpec::dense(1, "sigmod")],
            name: None,
        },
        compile: CompileSpec {
            loss: Some(LossSpec::Name("mse".into())),
            ..Default::default()
        },
        fit: FitSpec::default(),
        seed: 0,
    };
    let errors = spec.validate(None);
    assert_eq!(errors[0].field, "model.layers[0].activation");
    let ko = errors[0].message.text(Lang::Ko);
    assert!(
        ko.starts_with("알 수 없는 활성화 함수(activation)입니다: 'sigmod'. 사용할 수 있는 이름: ")
            && ko.contains("sigmoid"),
        "{ko}"
    );
}

#[test]
fn a_csv_row_with_too_many_fields_names_its_line() {
    let e = parse_csv("t.csv", b"a,b\n1,2\n3,4,5\n", &CsvOptions::default())
        .expect_err("a row with 3 fields under a 2-column header");
    assert_eq!(
        e.message().text(Lang::Ko),
        "t.csv, 3행: 이 행에는 값이 3개 있는데 헤더에는 2개가 있습니다. 구분자(',')가 빠지거나 \
         더 들어가지 않았는지 확인하세요"
    );
}

#[test]
fn a_non_numeric_cell_names_its_row_and_column() {
    let t = parse_csv("t.csv", b"a,b\n1,x\n2,3", &CsvOptions::default()).expect("parses");
    let e = t.numeric_column(1).expect_err("'x' is not a number");
    assert_eq!(
        e.message().text(Lang::Ko),
        "t.csv, 2행, 'b' 열: 'x'은(는) 숫자가 아닙니다. 이 열에는 숫자만 있어야 합니다"
    );
    assert_eq!(
        e.to_string(),
        "t.csv, row 2, column b: 'x' is not a number, but this column must hold numbers"
    );
}

#[test]
fn divergence_suggests_a_lower_learning_rate_in_korean() {
    let x = Array2::from_shape_vec((4, 1), vec![2.0, 4.0, 6.0, 8.0]).expect("4 rows");
    let y = Array2::from_shape_vec((4, 1), vec![81.0, 93.0, 91.0, 97.0]).expect("4 rows");
    let mut m = Sequential::new();
    m.add(LayerSpec::dense_input(1, "linear", 1)).expect("adds");
    let sgd = Optimizer::from_config(&OptimizerConfig {
        name: "sgd".into(),
        learning_rate: Some(0.5),
        ..Default::default()
    })
    .expect("sgd");
    m.compile(sgd, Loss::MeanSquaredError, &[])
        .expect("compiles");
    let spec = FitSpec {
        epochs: 1000,
        batch_size: 1,
        ..Default::default()
    };
    let e = m
        .fit(&Features::F32(x), &y, &spec, 0, None, |_| {})
        .expect_err("lr 0.5 diverges");
    let message = e.message();
    assert_eq!(message.code, Code::Diverged);
    let p = &message.params;
    assert_eq!(
        message.text(Lang::Ko),
        format!(
            "epoch {}, 배치 {}에서 손실(loss)이 {}이(가) 되었습니다. 학습을 멈추고 마지막으로 \
             정상이던 가중치를 남겼습니다. learning_rate를 낮춰 보세요 (예: 10배 작게)",
            p["epoch"], p["batch"], p["loss"]
        )
    );
}
