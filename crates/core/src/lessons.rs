//! The lecture examples as one-click lessons: data, model, compile and fit settings, and
//! the figure the lecture reached, in Korean and English.

use serde::{Deserialize, Serialize};

use crate::data::csv::CsvOptions;
use crate::data::prepare::TableSpec;
use crate::data::preprocess::ScalingSpec;
use crate::data::sources::DataSource;
use crate::spec::{
    CompileSpec, EarlyStoppingSpec, FitSpec, LayerSpec, LossSpec, ModelSpec, OptimizerSpec,
    TrainingSpec,
};
use crate::OptimizerConfig;

/// Where the lecture's data files live; raw.githubusercontent.com allows cross-origin reads.
const GILBUT: &str =
    "https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset";
const BLACKDEW: &str = "https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title_ko: String,
    pub title_en: String,
    /// Two lines on what the lesson shows.
    pub intro_ko: String,
    pub intro_en: String,
    pub data: DataSource,
    pub setup: TrainingSpec,
    /// What the lecture reached, e.g. `accuracy ≈ 0.85`.
    pub figure: String,
    /// The unit of a regression target (Boston's price is in thousands of dollars), for
    /// results shown in the data's own units; empty when the lesson has none.
    #[serde(default)]
    pub unit_ko: String,
    #[serde(default)]
    pub unit_en: String,
}

fn dense(units: i64, activation: &str) -> LayerSpec {
    LayerSpec::dense(units, activation)
}

fn optimizer(name: &str, learning_rate: Option<f32>) -> OptimizerSpec {
    match learning_rate {
        None => OptimizerSpec::Name(name.into()),
        Some(lr) => OptimizerSpec::Config(OptimizerConfig {
            name: name.into(),
            learning_rate: Some(lr),
            ..Default::default()
        }),
    }
}

fn setup(
    input_shape: Vec<usize>,
    layers: Vec<LayerSpec>,
    optimizer: OptimizerSpec,
    loss: LossSpec,
    metrics: &[&str],
    fit: FitSpec,
) -> TrainingSpec {
    TrainingSpec {
        model: ModelSpec {
            input_shape,
            layers,
            name: None,
        },
        compile: CompileSpec {
            optimizer,
            loss: Some(loss),
            metrics: metrics.iter().map(|m| m.to_string()).collect(),
        },
        fit,
        seed: 42,
    }
}

fn fit(epochs: i64, batch_size: i64) -> FitSpec {
    FitSpec {
        epochs,
        batch_size,
        ..Default::default()
    }
}

fn csv(url: &str, table: TableSpec) -> DataSource {
    DataSource::Csv {
        url: url.into(),
        options: CsvOptions::default(),
        table,
    }
}

#[allow(clippy::too_many_arguments)]
fn lesson(
    id: &str,
    title_ko: &str,
    title_en: &str,
    intro_ko: &str,
    intro_en: &str,
    data: DataSource,
    setup: TrainingSpec,
    figure: &str,
) -> Lesson {
    Lesson {
        id: id.into(),
        title_ko: title_ko.into(),
        title_en: title_en.into(),
        intro_ko: intro_ko.into(),
        intro_en: intro_en.into(),
        data,
        setup,
        figure: figure.into(),
        unit_ko: String::new(),
        unit_en: String::new(),
    }
}

/// Every lesson, in the order the lectures teach them.
pub fn catalogue() -> Vec<Lesson> {
    let mut gd_layer = dense(1, "linear");
    if let LayerSpec::Dense(d) = &mut gd_layer {
        // The lecture starts from a = 0, b = 0.
        d.kernel_initializer = "zeros".into();
        d.bias_initializer = "zeros".into();
    }
    let thoracic_table = TableSpec {
        target: vec!["17".into()],
        ..Default::default()
    };
    let mut thoracic_deep_table = thoracic_table.clone();
    thoracic_deep_table.test_size = 0.2;
    thoracic_deep_table.stratify = true;
    let mut thoracic_deep_fit = fit(1500, 20);
    thoracic_deep_fit.validation_split = 0.25;
    let mut pima_fit = fit(200, 32);
    pima_fit.validation_split = 0.2;
    pima_fit.early_stopping = Some(EarlyStoppingSpec {
        monitor: "val_loss".into(),
        patience: 10,
        restore_best_weights: true,
        ..Default::default()
    });
    let scce = LossSpec::Name("sparse_categorical_crossentropy".into());
    vec![
        lesson(
            "linreg-gd",
            "선형 회귀 (경사 하강법)",
            "Linear regression by gradient descent",
            "공부 시간 x=[2,4,6,8]과 성적 y=[81,93,91,97]에 직선 y = ax + b를 맞춥니다.\n학습률 0.03으로 2001번 경사 하강을 하면 a≈2.3, b≈79에 도착합니다 (최소제곱해와 같습니다).",
            "Fits the line y = ax + b to study hours x=[2,4,6,8] and scores y=[81,93,91,97].\n2001 gradient-descent steps at learning rate 0.03 land at a≈2.3, b≈79, the least-squares answer.",
            DataSource::Generated { generator: "linreg-points".into(), seed: 0 },
            setup(vec![1], vec![gd_layer], optimizer("sgd", Some(0.03)), LossSpec::Name("mse".into()), &[], FitSpec { epochs: 2001, batch_size: 4, shuffle: false, ..Default::default() }),
            "a ≈ 2.3, b ≈ 79",
        ),
        lesson(
            "linreg-sgd",
            "선형 회귀 (Keras, 확률적 경사 하강법)",
            "Linear regression with Keras and SGD",
            "X = linspace(1, 2, 200), y = 4X + 0.3·잡음 에 Dense(1) 하나를 sgd로 학습합니다.\n배치 크기 1로 30 에포크를 돌면 손실은 잡음의 분산 근처(≈0.10)까지 내려갑니다.",
            "Trains a single Dense(1) with sgd on X = linspace(1, 2, 200), y = 4X + 0.3·noise.\nWith batch size 1 and 30 epochs the loss falls to about the noise variance (≈ 0.10).",
            DataSource::Generated { generator: "linspace-noise".into(), seed: 42 },
            setup(vec![1], vec![dense(1, "linear")], optimizer("sgd", None), LossSpec::Name("mse".into()), &[], fit(30, 1)),
            "loss ≈ 0.10",
        ),
        lesson(
            "thoracic",
            "폐암 수술 환자 생존율 예측",
            "Lung-surgery survival",
            "470명의 폐암 수술 환자 기록(17개 속성)으로 1년 생존 여부를 예측합니다. 정확도 ≈ 0.85.\n주의: 470명 중 400명이 0이라 항상 0이라고 답해도 0.851입니다. 첫 열은 환자 번호인데 강의는 그대로 씁니다.",
            "Predicts one-year survival from 470 patients' records (17 attributes). Accuracy ≈ 0.85.\nBeware: 400 of 470 labels are 0, so always answering 0 already scores 0.851; column 0 is a row number the lecture keeps.",
            csv(&format!("{GILBUT}/ThoraricSurgery.csv"), thoracic_table),
            setup(vec![17], vec![LayerSpec::dense_input(30, "relu", 17), dense(1, "sigmoid")], optimizer("adam", None), LossSpec::Name("binary_crossentropy".into()), &["accuracy"], fit(100, 10)),
            "accuracy ≈ 0.85",
        ),
        lesson(
            "thoracic-deep",
            "폐암 수술 환자 (깊은 모델과 과적합)",
            "Lung surgery: a deeper model overfits",
            "Dense(60) → Dense(30) → Dense(1)을 1500 에포크 학습합니다. 테스트 20%를 떼어 두고 검증 손실을 함께 봅니다.\n학습 손실은 계속 내려가지만 검증 손실은 다시 올라갑니다: 과적합입니다.",
            "Trains Dense(60) → Dense(30) → Dense(1) for 1500 epochs, with 20% held out for testing and a validation curve.\nThe training loss keeps falling while the validation loss turns up again: overfitting.",
            csv(&format!("{GILBUT}/ThoraricSurgery.csv"), thoracic_deep_table),
            setup(vec![17], vec![LayerSpec::dense_input(60, "relu", 17), dense(30, "relu"), dense(1, "sigmoid")], optimizer("adam", None), LossSpec::Name("binary_crossentropy".into()), &["accuracy"], thoracic_deep_fit),
            "val_loss rises while loss falls",
        ),
        lesson(
            "iris",
            "아이리스 품종 분류",
            "Iris species",
            "꽃받침과 꽃잎의 길이·폭 4개로 붓꽃 3품종을 분류합니다. 품종은 원-핫 인코딩하고 categorical_crossentropy를 씁니다.\n강의의 한글 파일은 꽃받침 값을 '꽃잎' 이름 아래에 두었습니다. 여기서는 열 이름을 바로잡아 보여 줍니다.",
            "Classifies three iris species from four sepal and petal measurements, with one-hot labels and categorical_crossentropy.\nThe lecture's Korean file puts sepal values under the petal names; here the columns are labelled correctly.",
            DataSource::Bundled { dataset: "iris".into() },
            setup(vec![4], vec![dense(8, "relu"), dense(8, "relu"), dense(8, "relu"), dense(3, "softmax")], optimizer("adam", None), LossSpec::Name("categorical_crossentropy".into()), &["accuracy"], fit(100, 5)),
            "test accuracy ≈ 0.97",
        ),
        lesson(
            "mnist-softmax",
            "손글씨 분류 (MNIST, 소프트맥스 회귀)",
            "MNIST digits: softmax regression",
            "28×28 손글씨 숫자 6만 장을 펼쳐 784개 입력에 Dense(10, softmax) 하나로 분류합니다.\n은닉층이 없어도 테스트 정확도 약 0.92에 이릅니다.",
            "Flattens 60,000 handwritten 28×28 digits into 784 inputs and classifies them with one Dense(10, softmax).\nWithout a hidden layer it still reaches about 0.92 test accuracy.",
            DataSource::Bundled { dataset: "mnist".into() },
            setup(vec![28, 28], vec![LayerSpec::flatten(), dense(10, "softmax")], optimizer("adam", None), scce.clone(), &["accuracy"], fit(5, 32)),
            "test accuracy ≈ 0.92",
        ),
        lesson(
            "mnist-mlp",
            "손글씨 분류 (MNIST, 다층 퍼셉트론)",
            "MNIST digits: a multilayer perceptron",
            "Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax)를 adam으로 5 에포크 학습합니다.\nTensorFlow 입문 예제와 같은 모델이며 테스트 정확도 ≈ 0.98입니다.",
            "Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax), adam, 5 epochs.\nThe TensorFlow beginner example; test accuracy ≈ 0.98.",
            DataSource::Bundled { dataset: "mnist".into() },
            setup(vec![28, 28], vec![LayerSpec::flatten(), dense(128, "relu"), LayerSpec::dropout(0.2), dense(10, "softmax")], optimizer("adam", None), scce.clone(), &["accuracy"], fit(5, 32)),
            "test accuracy ≈ 0.98",
        ),
        lesson(
            "fashion",
            "패션 MNIST",
            "Fashion-MNIST",
            "옷과 신발 사진 10종류를 Flatten → Dense(128, relu) → Dense(10)으로 분류합니다.\n마지막 층은 로짓을 내고 손실에 from_logits=True를 줍니다. 10 에포크 후 테스트 정확도 ≈ 0.88.",
            "Classifies ten kinds of clothing with Flatten → Dense(128, relu) → Dense(10).\nThe last layer outputs logits and the loss gets from_logits=True; test accuracy ≈ 0.88 after 10 epochs.",
            DataSource::Bundled { dataset: "fashion".into() },
            setup(vec![28, 28], vec![LayerSpec::flatten(), dense(128, "relu"), dense(10, "linear")], optimizer("adam", None), LossSpec::Config { name: "sparse_categorical_crossentropy".into(), from_logits: true, delta: None }, &["accuracy"], fit(10, 32)),
            "test accuracy ≈ 0.88",
        ),
        lesson(
            "pima",
            "피마 인디언 당뇨병 예측",
            "Pima Indians diabetes",
            "768명의 검사 기록 8개로 당뇨병 여부를 예측합니다. 80/20 층화 분할 후 학습 데이터의 20%로 검증하며,\nval_loss가 10 에포크 동안 나아지지 않으면 EarlyStopping으로 멈춥니다. 검증 정확도 ≈ 0.75.",
            "Predicts diabetes from 8 measurements of 768 people: a stratified 80/20 split, 20% of training for validation,\nand EarlyStopping on val_loss with patience 10. Validation accuracy ≈ 0.75.",
            csv(&format!("{GILBUT}/pima-indians-diabetes.csv"), TableSpec { target: vec!["8".into()], test_size: 0.2, stratify: true, scaling: ScalingSpec::Standard, ..Default::default() }),
            setup(vec![8], vec![dense(128, "relu"), dense(128, "relu"), LayerSpec::dropout(0.2), dense(1, "sigmoid")], optimizer("adam", None), LossSpec::Name("binary_crossentropy".into()), &["accuracy"], pima_fit),
            "val_accuracy ≈ 0.75",
        ),
        Lesson {
            unit_ko: "천 달러".into(),
            unit_en: "$1000s".into(),
            ..lesson(
                "boston",
                "보스턴 집값 예측",
                "Boston house prices",
                "보스턴 주택 506건의 12개 속성으로 집값(medv, 천 달러)을 예측합니다. 속성과 집값 모두 표준화하고 (인종 관련 b 열은 뺍니다), 강의처럼 30%를 테스트로 떼어 354행으로 학습합니다.\nDense(200) → Dense(1000) → Dense(1), 파라미터 204,601개, sgd와 mse. 표준화된 집값의 테스트 MSE ≈ 0.12 (천 달러 단위로는 약 10). 분할에 따라 달라져, 다섯 분할 중 넷은 0.10–0.13, 하나는 0.26이었습니다.",
                "Predicts the price (medv, in $1000s) of 506 Boston houses from 12 attributes, features and price standardized (the race-based column b is left out); as in the lecture, 30% is held out, leaving 354 training rows.\nDense(200) → Dense(1000) → Dense(1), 204,601 parameters, sgd and mse; test MSE ≈ 0.12 on the standardized price (about 10 in $1000s squared). It depends on the split: four of five splits gave 0.10–0.13, one 0.26.",
                csv(&format!("{BLACKDEW}/boston.csv"), TableSpec {
                    target: vec!["medv".into()],
                    features: Some(["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "lstat"].iter().map(|s| s.to_string()).collect()),
                    scaling: ScalingSpec::Standard,
                    scale_target: true,
                    test_size: 0.3,
                    // The lecture splits at random each run; split 42 puts the hardest houses
                    // in the test set (MSE 0.26), split 0 is a typical one (see the intro).
                    seed: 0,
                    ..Default::default()
                }),
                setup(vec![12], vec![LayerSpec::dense_input(200, "relu", 12), dense(1000, "relu"), dense(1, "linear")], optimizer("sgd", None), LossSpec::Name("mse".into()), &[], fit(100, 8)),
                "test MSE ≈ 0.10–0.15 (standardized price)",
            )
        },
    ]
}

/// Fashion-MNIST's classes in Korean, by their English names (the data's own).
const CLASS_NAMES_KO: [(&str, &str); 10] = [
    ("T-shirt/top", "티셔츠"),
    ("Trouser", "바지"),
    ("Pullover", "풀오버"),
    ("Dress", "드레스"),
    ("Coat", "코트"),
    ("Sandal", "샌들"),
    ("Shirt", "셔츠"),
    ("Sneaker", "운동화"),
    ("Bag", "가방"),
    ("Ankle boot", "앵클부츠"),
];

/// The data's class names in the UI language: the Korean names where the catalogue has
/// every one of them, the data's own otherwise (a table's classes are the learner's words).
pub fn class_names(names: &[String], lang: crate::Lang) -> Vec<String> {
    if lang != crate::Lang::Ko {
        return names.to_vec();
    }
    let korean: Option<Vec<String>> = names
        .iter()
        .map(|n| {
            CLASS_NAMES_KO
                .iter()
                .find(|(en, _)| en == n)
                .map(|(_, ko)| ko.to_string())
        })
        .collect();
    korean.unwrap_or_else(|| names.to_vec())
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<Lesson> {
    catalogue().into_iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_come_in_the_lecture_order() {
        let ids: Vec<String> = catalogue().into_iter().map(|l| l.id).collect();
        assert_eq!(
            ids,
            [
                "linreg-gd",
                "linreg-sgd",
                "thoracic",
                "thoracic-deep",
                "iris",
                "mnist-softmax",
                "mnist-mlp",
                "fashion",
                "pima",
                "boston"
            ]
        );
    }

    #[test]
    fn every_lesson_setup_is_valid_without_data() {
        for l in catalogue() {
            let errors = l.setup.validate(None);
            assert!(errors.is_empty(), "{}: {errors:?}", l.id);
        }
    }

    #[test]
    fn fashion_classes_have_korean_names_and_a_table_keeps_its_own() {
        let en: Vec<String> = ["T-shirt/top", "Trouser", "Ankle boot"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            class_names(&en, crate::Lang::Ko),
            ["티셔츠", "바지", "앵클부츠"]
        );
        assert_eq!(class_names(&en, crate::Lang::En), en);
        let own: Vec<String> = ["합격", "Trouser"].map(String::from).to_vec();
        assert_eq!(class_names(&own, crate::Lang::Ko), own);
    }

    #[test]
    fn boston_has_the_lecture_parameter_count() {
        let l = find("boston").expect("boston");
        let m = crate::Sequential::from_spec(&l.setup.model, 0).expect("model");
        assert_eq!(m.count_params(), 204_601);
    }
}
