//! Every message a learner can see, as a code with parameters. The Korean and English texts
//! live here, in one catalogue that the playground and the notebook both read: the engine
//! sends codes, the page picks the text in its language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The languages of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ko,
    En,
}

/// Declares [`Code`], its texts and [`Code::ALL`] from one table, so that a code cannot be
/// added without its English and Korean text or be left out of `ALL`.
macro_rules! catalogue {
    ($( $(#[doc = $doc:literal])* $(#[cfg($cfg:meta)])* $name:ident => ($en:expr, $ko:expr $(,)?), )*) => {
        /// What went wrong (or what happened), named so that a page can choose its text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $( $(#[doc = $doc])* $(#[cfg($cfg)])* $name, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$( $(#[cfg($cfg)])* Code::$name ),*];

            /// (English, Korean) templates; `{name}` is replaced by the parameter of that
            /// name, and `{detail}` by the text of the message's detail.
            pub fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $( $(#[cfg($cfg)])* Code::$name => ($en, $ko), )*
                }
            }
        }
    };
}

catalogue! {
    /// Text the engine has not catalogued: `{text}` as it came, in both languages.
    Engine => ("{text}", "{text}"),
    /// A bug in the engine, not in the learner's setup.
    Internal => ("internal error: {text}", "내부 오류입니다: {text}"),

    // The worker's requests.
    LoadDataFirst => ("load a data set first", "먼저 데이터를 불러오세요"),
    TrainFirst => ("train the model first", "먼저 모델을 학습시키세요"),
    NoTrainingInProgress => (
        "no training in progress: press Train first",
        "진행 중인 학습이 없습니다. 먼저 학습 버튼을 누르세요",
    ),
    Busy => ("training is running; stop it first", "학습 중입니다. 먼저 멈추세요"),
    LoadSuperseded => (
        "a newer load replaced this one",
        "더 나중에 요청한 불러오기가 이 요청을 대신했습니다",
    ),
    LoadCancelled => ("loading was cancelled", "불러오기를 취소했습니다"),
    NoTestSet => (
        "{name} has no test set to evaluate on",
        "{name}에는 평가할 테스트 세트가 없습니다",
    ),
    PredictRowWidth => (
        "row {row} has {got} values; the model takes {width} per row",
        "{row}번째 행에 값이 {got}개 있습니다. 모델은 행마다 {width}개를 받습니다",
    ),
    StaleLoad => (
        "this file does not belong to the load under way",
        "이 파일은 진행 중인 불러오기의 파일이 아닙니다",
    ),
    UnknownLesson => (
        "unknown lesson '{id}'; the lessons are: {lessons}",
        "'{id}'라는 수업은 없습니다. 수업 목록: {lessons}",
    ),
    BadRequest => ("bad request: {text}", "잘못된 요청입니다: {text}"),

    // Files.
    CsvHeaderOnly => (
        "{file} has a header row ({columns}) but no data rows; add rows of data under \
         the header",
        "{file}에는 머리글 행({columns})만 있고 데이터 행이 없습니다. 머리글 아래에 \
         데이터 행을 추가하세요",
    ),
    CsvDecimalCommaUnreadable => (
        "{file}, row {row}, column {column}: '{value}' cannot be read as a number. This \
         column writes decimals with a comma (like 1,75), so write it the same way, \
         without dots between the thousands (for example 1234,5)",
        "{file} {row}행 '{column}' 열: '{value}'을(를) 숫자로 읽을 수 없습니다. 이 열은 \
         소수점을 쉼표로 씁니다(예: 1,75). 같은 방식으로, 천 단위 점 없이 쓰세요\
         (예: 1234,5)",
    ),
    CsvDecimalCommaInPointColumn => (
        "{file}, row {row}, column {column}: '{value}' has a decimal comma, but the other \
         numbers in this column have a decimal point; write it with a point (like 1.75)",
        "{file} {row}행 '{column}' 열: '{value}'은(는) 소수점을 쉼표로 썼지만, 이 열의 \
         다른 숫자는 점으로 씁니다. 점으로 고쳐 쓰세요(예: 1.75)",
    ),
    GzipTooBig => (
        "{file} unpacks to more than {limit_mb} MB, more than the playground can hold; \
         use a smaller file",
        "{file}의 압축을 풀면 {limit_mb} MB가 넘어 놀이터에서 다룰 수 없습니다. 더 작은 \
         파일을 쓰세요",
    ),

    DownloadTooBig => (
        "{url} is {size_mb} MB, too big: the playground reads files up to {limit_mb} MB",
        "{url} 파일은 {size_mb} MB로 너무 큽니다. 놀이터는 {limit_mb} MB까지의 파일을 읽습니다",
    ),
    DownloadTooBigStreamed => (
        "{url} is more than {size_mb} MB, too big: the playground reads files up to {limit_mb} MB",
        "{url} 파일은 {size_mb} MB가 넘어 너무 큽니다. 놀이터는 {limit_mb} MB까지의 파일을 읽습니다",
    ),
    DownloadFetchFailed => (
        "could not fetch {url}: {reason} (offline, blocked by CORS, or a wrong address)",
        "{url}을(를) 받을 수 없습니다: {reason} (오프라인이거나, CORS로 막혔거나, 주소가 틀렸습니다)",
    ),
    DownloadHttpStatus => (
        "could not fetch {url}: HTTP {status} {status_text}",
        "{url}을(를) 받을 수 없습니다: HTTP {status} {status_text}",
    ),
    DownloadFailed => (
        "could not fetch {url}: {reason}",
        "{url}을(를) 받을 수 없습니다: {reason}",
    ),
    WorkerCrashed => (
        "the training worker stopped ({reason}); your data and settings are kept and a new worker was started",
        "학습 작업자(worker)가 멈췄습니다 ({reason}). 데이터와 설정은 그대로이며 새 작업자를 시작했습니다",
    ),
    WorkerSilent => (
        "the training worker stopped answering; your data and settings are kept and a new worker was started",
        "학습 작업자(worker)가 응답하지 않습니다. 데이터와 설정은 그대로이며 새 작업자를 시작했습니다",
    ),

    // A script's or a link's setup, and the session's own refusals.
    BadOverrides => (
        "load()'s second argument must be an object of settings such as epochs and seed (got {got})",
        "load()의 두 번째 인자는 epochs, seed 같은 설정을 담은 객체여야 합니다 (받은 값: {got})",
    ),
    UnknownOverride => (
        "'{key}' is not a setting load() can change; it takes: {keys}",
        "'{key}'는 load()로 바꿀 수 있는 설정이 아닙니다. 바꿀 수 있는 설정: {keys}",
    ),
    SettingNotANumber => (
        "{field} must be a number (got {got})",
        "{field}에는 숫자를 넣어야 합니다 (받은 값: {got})",
    ),
    NotAWholeNumber => (
        "{field} must be a whole number (got {got})",
        "{field}에는 정수를 넣어야 합니다 (받은 값: {got})",
    ),
    SeedRange => (
        "seed must be a whole number from 0 to {max} (got {got})",
        "seed에는 0부터 {max}까지의 정수를 넣어야 합니다 (받은 값: {got})",
    ),
    BadSetup => ("the setup cannot be read: {text}", "설정을 읽을 수 없습니다: {text}"),
    BadDataSource => (
        "the data source cannot be read: {text}",
        "데이터 출처를 읽을 수 없습니다: {text}",
    ),
    LoadWhat => (
        "load() takes a lesson id, or an object with data and setup",
        "load()에는 수업 이름이나, data와 setup을 담은 객체를 넣으세요",
    ),
    FileMissing => ("{name} did not arrive", "{name} 파일이 도착하지 않았습니다"),
    BatchTooBig => (
        "a batch of {batch} rows needs about {mb} MB for this model's activations, more than the {limit} MB a browser tab can spare; use a smaller batch_size or narrower layers",
        "이 모델로 {batch}개 행을 한 배치로 학습하려면 활성값에 약 {mb} MB가 필요합니다. 브라우저 탭이 쓸 수 있는 {limit} MB보다 큽니다. batch_size를 줄이거나 층을 좁히세요",
    ),
    StillLoading => (
        "data is still loading; train once it has arrived",
        "데이터를 아직 불러오는 중입니다. 다 불러온 뒤 학습하세요",
    ),
    FixSetupFirst => ("fix the setup first: {detail}", "먼저 설정을 고치세요: {detail}"),
    DivergedWeights => (
        "the weights became NaN or infinite in epoch {epoch}; training stopped and the last finite weights were kept. Try a lower learning rate (for example 10 times smaller)",
        "{epoch}번째 에포크에서 가중치가 NaN 또는 무한대가 되었습니다. 학습을 멈추고 마지막으로 유한했던 가중치를 남겼습니다. 학습률을 낮춰 보세요 (예: 10분의 1)",
    ),

    // Framing around a more specific message (`{detail}`).
    FieldProblem => ("{field}: {detail}", "{field}: {detail}"),
    CannotLoadModel => (
        "cannot load the saved model: {detail}",
        "저장된 모델을 불러올 수 없습니다: {detail}",
    ),
    NotBuilt => (
        "the model is not built: {detail}",
        "모델이 아직 만들어지지 않았습니다: {detail}",
    ),
    DataInFile => ("{file}: {detail}", "{file}: {detail}"),
    DataAtRow => ("{file}, row {row}: {detail}", "{file}, {row}행: {detail}"),
    DataAtColumn => ("{file}, column {column}: {detail}", "{file}, '{column}' 열: {detail}"),
    DataAtCell => (
        "{file}, row {row}, column {column}: {detail}",
        "{file}, {row}행, '{column}' 열: {detail}",
    ),
    RowOnly => ("row {row}: {detail}", "{row}행: {detail}"),
    ColumnOnly => ("column {column}: {detail}", "'{column}' 열: {detail}"),
    CellOnly => (
        "row {row}, column {column}: {detail}",
        "{row}행, '{column}' 열: {detail}",
    ),

    // Names that are not known.
    UnknownActivation => (
        "unknown activation '{name}'; valid names are: {valid}",
        "알 수 없는 활성화 함수(activation)입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownInitializer => (
        "unknown initializer '{name}'; valid names are: {valid}",
        "알 수 없는 초기화 방법(initializer)입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownOptimizer => (
        "unknown optimizer '{name}'; valid names are: {valid}",
        "알 수 없는 옵티마이저(optimizer)입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownLoss => (
        "unknown loss '{name}'; valid names are: {valid}",
        "알 수 없는 손실 함수(loss)입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownMetric => (
        "unknown metric '{name}'; valid names are: {valid}",
        "알 수 없는 평가 지표(metric)입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownGenerator => (
        "unknown generator '{name}'; valid names are: {valid}",
        "알 수 없는 데이터 생성기입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),
    UnknownDataset => (
        "unknown bundled dataset '{name}'; valid names are: {valid}",
        "내장 데이터 세트 중에 '{name}'은(는) 없습니다. 사용할 수 있는 이름: {valid}",
    ),
    UnknownName => (
        "unknown {kind} '{name}'; valid names are: {valid}",
        "알 수 없는 {kind} 이름입니다: '{name}'. 사용할 수 있는 이름: {valid}",
    ),

    // The model and its training.
    ShapeMismatch => (
        "layer '{layer}' expected input shape {expected}, but got {got}",
        "'{layer}' 레이어는 입력 shape {expected}을(를) 기대했지만 {got}을(를) 받았습니다",
    ),
    NonFinite => (
        "{what} contains {value} at row {row}, column {column}",
        "{what}의 {row}행, {column}열에 {value} 값이 있습니다",
    ),
    NonFiniteToScale => (
        "the data to scale contains {value} at row {row}, column {column}",
        "스케일링할 데이터의 {row}행, {column}열에 {value} 값이 있습니다",
    ),
    RowCountMismatch => (
        "x has {x_rows} rows but y has {y_rows} rows",
        "x는 {x_rows}행인데 y는 {y_rows}행입니다. 두 행 수가 같아야 합니다",
    ),
    Diverged => (
        "loss became {loss} at epoch {epoch}, batch {batch}; training stopped and the last good \
         weights were kept. Try a lower learning rate (for example 10 times smaller)",
        "epoch {epoch}, 배치 {batch}에서 손실(loss)이 {loss}이(가) 되었습니다. 학습을 멈추고 \
         마지막으로 정상이던 가중치를 남겼습니다. learning_rate를 낮춰 보세요 (예: 10배 작게)",
    ),
    NotCompiled => (
        "the model must be compiled before {method}; call compile(optimizer, loss, metrics) first",
        "{method} 전에 모델을 compile해야 합니다. 먼저 compile(optimizer, loss, metrics)를 호출하세요",
    ),
    EmptyModelInput => (
        "the data given to {method} is empty",
        "{method}에 준 데이터가 비어 있습니다",
    ),
    AddLayer => (
        "add at least one layer (for example Dense(1))",
        "레이어를 하나 이상 추가하세요 (예: Dense(1))",
    ),
    UnknownInputShape => (
        "its input shape is unknown; give the first layer input_dim=..., or train it once, before \
         calling summary()",
        "입력 shape을 알 수 없습니다. summary()를 부르기 전에 첫 레이어에 input_dim=...을 주거나 \
         한 번 학습시키세요",
    ),
    InputShapeDims => (
        "every dimension must be at least 1 (got {shape})",
        "input_shape의 모든 차원은 1 이상이어야 합니다 (입력: {shape})",
    ),
    DuplicateLayerName => (
        "the name '{name}' is already used by another layer; layer names must be unique",
        "'{name}'은(는) 이미 다른 레이어가 쓰고 있는 이름입니다. 레이어 이름은 서로 달라야 합니다",
    ),
    OutputsNotFromInputs => (
        "the outputs were not computed from these inputs",
        "outputs가 이 inputs로부터 계산된 것이 아닙니다",
    ),
    TooManyParams => (
        "the model would have {params} parameters by this layer; a browser tab trains at most {max}",
        "이 레이어까지 파라미터가 {params}개가 됩니다. 브라우저 탭에서는 최대 {max}개까지 \
         학습할 수 있습니다",
    ),
    UnitsAtLeastOne => (
        "units must be at least 1 (got {got})",
        "units는 1 이상이어야 합니다 (입력: {got})",
    ),
    UnitsTooMany => (
        "{got} units is more than this playground can train in a browser tab (at most {max})",
        "units {got}개는 브라우저 탭에서 학습하기에 너무 많습니다 (최대 {max})",
    ),
    InputDimAtLeastOne => (
        "input_dim must be at least 1 (got {got})",
        "input_dim은 1 이상이어야 합니다 (입력: {got})",
    ),
    DropoutRate => (
        "the dropout rate must be at least 0 and less than 1 (got {got})",
        "Dropout의 rate는 0 이상 1 미만이어야 합니다 (입력: {got})",
    ),
    LearningRatePositive => (
        "the learning rate must be a number greater than 0 (got {got})",
        "learning_rate는 0보다 큰 수여야 합니다 (입력: {got})",
    ),
    Momentum => (
        "momentum must be at least 0 and less than 1 (got {got})",
        "momentum은 0 이상 1 미만이어야 합니다 (입력: {got})",
    ),
    ChooseLoss => (
        "choose a loss (for example mse or binary_crossentropy)",
        "손실 함수(loss)를 고르세요 (예: mse, binary_crossentropy)",
    ),
    EpochsRange => (
        "epochs must be between 1 and {max} (got {got})",
        "epochs는 1 이상 {max} 이하여야 합니다 (입력: {got})",
    ),
    EpochsAtLeastOne => (
        "epochs must be at least 1 (got {got})",
        "epochs는 1 이상이어야 합니다 (입력: {got})",
    ),
    BatchSizeAtLeastOne => (
        "batch_size must be at least 1 (got {got})",
        "batch_size는 1 이상이어야 합니다 (입력: {got})",
    ),
    ValidationSplitRange => (
        "validation_split must be at least 0 and less than 1 (got {got})",
        "validation_split은 0 이상 1 미만이어야 합니다 (입력: {got})",
    ),
    ValidationSplitNoRows => (
        "validation_split {split} of {rows} rows leaves no rows for training or for validation",
        "{rows}행에 validation_split {split}을(를) 적용하면 학습용이나 검증용으로 남는 행이 \
         없습니다",
    ),
    PatienceNonNegative => (
        "patience must be 0 or more (got {got})",
        "patience는 0 이상이어야 합니다 (입력: {got})",
    ),
    EarlyStoppingMode => (
        "mode must be auto, min or max (got '{got}')",
        "mode는 auto, min, max 중 하나여야 합니다 (입력: '{got}')",
    ),
    MonitorNotInHistory => (
        "'{monitor}' is not in the History; choose one of: {keys}",
        "'{monitor}'은(는) History에 없습니다. 다음 중에서 고르세요: {keys}",
    ),
    MonitorNeedsValidation => (
        "'{monitor}' needs validation data: set validation_split above 0",
        "'{monitor}'에는 검증 데이터가 필요합니다. validation_split을 0보다 크게 설정하세요",
    ),

    // Output layer, loss and labels against the data.
    SuggestOutput => (
        "Dense({units}, activation='{activation}') with loss '{loss}'",
        "Dense({units}, activation='{activation}')와 손실 함수 '{loss}'",
    ),
    InputShapeVsData => (
        "the model expects samples of shape {expected}, but the data has {got}",
        "모델은 shape이 {expected}인 샘플을 기대하지만 데이터의 shape은 {got}입니다",
    ),
    DenseNeedsFlatten => (
        "Dense gets samples of shape {shape}; add a Flatten layer before it to turn them into rows \
         of {width}",
        "Dense가 shape이 {shape}인 샘플을 받습니다. 앞에 Flatten 레이어를 추가해 길이 {width}인 \
         행으로 펼치세요",
    ),
    MultiDimOutput => (
        "the model ends with multi-dimensional outputs; add Flatten and a Dense output layer",
        "모델의 출력이 다차원입니다. Flatten과 Dense 출력 레이어를 추가하세요",
    ),
    SparseCeOnRegression => (
        "sparse_categorical_crossentropy is for classes, but this data is a regression task; try \
         {detail}",
        "sparse_categorical_crossentropy는 분류용인데 이 데이터는 회귀 문제입니다. {detail}을(를) \
         써 보세요",
    ),
    SparseCeOneHotLabels => (
        "the labels are one-hot; use categorical_crossentropy, or class-index labels with \
         sparse_categorical_crossentropy",
        "레이블이 원-핫 인코딩되어 있습니다. categorical_crossentropy를 쓰거나, \
         sparse_categorical_crossentropy에는 클래스 번호 레이블을 쓰세요",
    ),
    OutputUnitsVsClasses => (
        "the output layer has {units} unit(s) but there are {classes} classes; use {detail}",
        "출력 레이어의 unit은 {units}개인데 클래스는 {classes}개입니다. {detail}을(를) 쓰세요",
    ),
    SparseCeNeedsSoftmax => (
        "the output gives scores, not probabilities: use activation='softmax', or set \
         from_logits=True on the loss (activation is '{activation}')",
        "출력이 확률이 아니라 점수입니다. activation='softmax'를 쓰거나 손실 함수에 \
         from_logits=True를 설정하세요 (현재 activation: '{activation}')",
    ),
    CeOnRegression => (
        "categorical_crossentropy is for classes, but this data is a regression task; try {detail}",
        "categorical_crossentropy는 분류용인데 이 데이터는 회귀 문제입니다. {detail}을(를) 써 \
         보세요",
    ),
    CeClassNumberLabels => (
        "the labels are class numbers (0, 1, 2, ...); use sparse_categorical_crossentropy, or \
         one-hot encode the labels (to_categorical)",
        "레이블이 클래스 번호(0, 1, 2, ...)입니다. sparse_categorical_crossentropy를 쓰거나 \
         레이블을 원-핫 인코딩하세요 (to_categorical)",
    ),
    OutputUnitsVsOneHot => (
        "the output layer has {units} unit(s) but the one-hot labels have {columns} columns",
        "출력 레이어의 unit은 {units}개인데 원-핫 레이블은 {columns}열입니다",
    ),
    CeNeedsSoftmax => (
        "categorical_crossentropy expects probabilities: use activation='softmax' on the output \
         layer, or from_logits=True (activation is '{activation}')",
        "categorical_crossentropy는 확률을 받습니다. 출력 레이어에 activation='softmax'를 쓰거나 \
         from_logits=True를 설정하세요 (현재 activation: '{activation}')",
    ),
    BinaryCeOnRegression => (
        "binary_crossentropy is for two classes (0/1 labels), but this data is a regression task; \
         try {detail}",
        "binary_crossentropy는 두 클래스(0/1 레이블)용인데 이 데이터는 회귀 문제입니다. \
         {detail}을(를) 써 보세요",
    ),
    BinaryCeOnMultiClass => (
        "binary_crossentropy is for two classes (0/1 labels), but this data has {classes} \
         classes; try {detail}",
        "binary_crossentropy는 두 클래스(0/1 레이블)용인데 이 데이터의 클래스는 {classes}개입니다. \
         {detail}을(를) 써 보세요",
    ),
    BinaryOutputUnits => (
        "the output layer has {units} unit(s) but binary labels need {columns}; use {detail}",
        "출력 레이어의 unit은 {units}개인데 이진 레이블에는 {columns}개가 필요합니다. \
         {detail}을(를) 쓰세요",
    ),
    BinaryNeedsSigmoid => (
        "binary_crossentropy expects probabilities between 0 and 1: use activation='sigmoid' on \
         the output layer, or from_logits=True (activation is '{activation}')",
        "binary_crossentropy는 0과 1 사이의 확률을 받습니다. 출력 레이어에 \
         activation='sigmoid'를 쓰거나 from_logits=True를 설정하세요 (현재 activation: \
         '{activation}')",
    ),
    OutputUnitsVsTarget => (
        "the output layer has {units} unit(s) but the target has {columns} column(s); use {detail}",
        "출력 레이어의 unit은 {units}개인데 타깃은 {columns}열입니다. {detail}을(를) 쓰세요",
    ),
    SparseCeLabelColumns => (
        "sparse_categorical_crossentropy expects one column of class indices, but the labels have \
         {columns} columns; use categorical_crossentropy for one-hot labels",
        "sparse_categorical_crossentropy는 클래스 번호 한 열을 받는데 레이블이 {columns}열입니다. \
         원-핫 레이블에는 categorical_crossentropy를 쓰세요",
    ),
    SparseLabelNotClass => (
        "label {label} at row {row} is not a class index from 0 to {max} (the output layer \
         '{layer}' has {units} units)",
        "{row}행의 레이블 {label}은(는) 0부터 {max}까지의 클래스 번호가 아닙니다 (출력 레이어 \
         '{layer}'의 unit은 {units}개입니다)",
    ),
    LabelColumnsVsUnits => (
        "the labels have {columns} column(s) but the output layer '{layer}' has {units} unit(s)",
        "레이블은 {columns}열인데 출력 레이어 '{layer}'의 unit은 {units}개입니다",
    ),
    LabelColumnsVsUnitsSparseHint => (
        "the labels have {columns} column(s) but the output layer '{layer}' has {units} unit(s); \
         for class indices use sparse_categorical_crossentropy, or one-hot encode them with \
         to_categorical",
        "레이블은 {columns}열인데 출력 레이어 '{layer}'의 unit은 {units}개입니다. 클래스 번호 \
         레이블에는 sparse_categorical_crossentropy를 쓰거나, to_categorical로 원-핫 인코딩하세요",
    ),
    BinaryLabelRange => (
        "binary_crossentropy expects labels between 0 and 1, but row {row} has {label}",
        "binary_crossentropy는 0과 1 사이의 레이블을 받는데 {row}행의 값이 {label}입니다",
    ),

    // Preprocessing (to_categorical, train_test_split, scalers).
    EmptyLabelList => ("the label list is empty", "레이블 목록이 비어 있습니다"),
    LabelNotClassIndex => (
        "row {row}: label {label} is not a class index; class labels must be whole numbers 0, 1, \
         2, ...",
        "{row}행: 레이블 {label}은(는) 클래스 번호가 아닙니다. 클래스 레이블은 0, 1, 2, ... 같은 \
         정수여야 합니다",
    ),
    NumClassesAtLeastOne => (
        "num_classes must be at least 1 (or left out to count the classes from the labels)",
        "num_classes는 1 이상이어야 합니다 (비워 두면 레이블에서 클래스 수를 셉니다)",
    ),
    LabelTooLarge => (
        "row {row}: label {label} is too large for num_classes={n}; labels must be 0 to {max}",
        "{row}행: 레이블 {label}은(는) num_classes={n}에 비해 너무 큽니다. 레이블은 0부터 \
         {max}까지여야 합니다",
    ),
    TestSizeRange => (
        "test_size must be between 0 and 1 (for example 0.2), got {got}",
        "test_size는 0과 1 사이여야 합니다 (예: 0.2, 입력: {got})",
    ),
    TestSizeEmptyTrain => (
        "with {rows} rows and test_size={test_size} the training set would be empty; use more \
         rows or a different test_size",
        "{rows}행에 test_size={test_size}이면 학습 세트가 비게 됩니다. 행을 늘리거나 test_size를 \
         바꾸세요",
    ),
    TestSizeEmptyTest => (
        "with {rows} rows and test_size={test_size} the test set would be empty; use more rows or \
         a different test_size",
        "{rows}행에 test_size={test_size}이면 테스트 세트가 비게 됩니다. 행을 늘리거나 \
         test_size를 바꾸세요",
    ),
    StratifyNeedsShuffle => (
        "a stratified split needs shuffling (scikit-learn has no unshuffled one); turn shuffle on \
         or stratify off",
        "층화 분할(stratify)에는 섞기가 필요합니다 (scikit-learn에도 섞지 않는 층화 분할은 \
         없습니다). shuffle을 켜거나 stratify를 끄세요",
    ),
    StratifyLength => (
        "stratify has {ids} class ids but the data has {rows} rows",
        "stratify에는 클래스 번호가 {ids}개 있는데 데이터는 {rows}행입니다",
    ),
    StratifySingleRowClass => (
        "class {class} has only 1 row; a stratified split needs at least 2 rows of every class",
        "클래스 {class}에는 행이 1개뿐입니다. 층화 분할에는 클래스마다 2행 이상이 필요합니다",
    ),
    StratifyTooFewRows => (
        "a stratified split of {classes} classes needs at least {classes} rows in both parts, but \
         the split gives {train} training and {test} test rows",
        "클래스 {classes}개를 층화 분할하려면 양쪽에 {classes}행 이상이 필요한데, 이 분할은 \
         학습 {train}행, 테스트 {test}행입니다",
    ),
    EmptyScalerData => (
        "the training data for the scaler is empty",
        "스케일러를 학습할 데이터가 비어 있습니다",
    ),
    ScalerColumns => (
        "the scaler was fitted on {fitted} columns but was given {got}",
        "스케일러는 {fitted}열로 학습했는데 {got}열을 받았습니다",
    ),
    ScalerNoColumn => (
        "column {column} does not exist; the scaler has {columns} columns",
        "{column}번 열은 없습니다. 스케일러의 열은 {columns}개입니다",
    ),

    // Tables: choosing target and features.
    ChooseTarget => (
        "choose the column to predict; the columns are: {columns}",
        "예측할 열(target)을 고르세요. 열 목록: {columns}",
    ),
    TargetAsFeature => (
        "'{column}' is the target, so it cannot be a feature too",
        "'{column}' 열은 타깃이므로 특성(feature)으로 함께 쓸 수 없습니다",
    ),
    NoFeatures => (
        "no feature columns are left; the table needs at least one column besides the target",
        "남은 특성(feature) 열이 없습니다. 타깃 말고도 열이 하나 이상 있어야 합니다",
    ),
    StratifyRegression => (
        "only a classification target can be stratified; turn stratify off for regression",
        "층화 분할은 분류 타깃에만 쓸 수 있습니다. 회귀에서는 stratify를 끄세요",
    ),
    ScaleTargetClasses => (
        "only a regression target can be scaled; class labels must stay as they are",
        "스케일링은 회귀 타깃에만 할 수 있습니다. 클래스 레이블은 그대로 두어야 합니다",
    ),
    NoRowsLeft => (
        "{file} is empty after dropping the rows with empty cells",
        "빈 칸이 있는 행을 빼고 나니 {file}에 남은 행이 없습니다",
    ),
    ClassificationOneTarget => (
        "classification takes one target column; choose one, or regression",
        "분류에는 타깃 열이 하나만 필요합니다. 하나를 고르거나 회귀를 선택하세요",
    ),
    FractionalTarget => (
        "target '{name}' holds fractional numbers, which are not classes; choose regression",
        "타깃 '{name}'에 소수가 있어 클래스로 쓸 수 없습니다. 회귀를 선택하세요",
    ),
    OneHotRegression => (
        "a regression target cannot be one-hot encoded; turn one-hot off or choose classification",
        "회귀 타깃은 원-핫 인코딩할 수 없습니다. 원-핫을 끄거나 분류를 선택하세요",
    ),
    SingleClass => (
        "target '{name}' has only one class ({class}); a classifier needs at least two",
        "타깃 '{name}'에는 클래스가 하나({class})뿐입니다. 분류하려면 클래스가 두 개 이상 \
         있어야 합니다",
    ),

    // CSV files.
    NoSuchColumn => (
        "there is no column '{name}'; the columns are: {columns}",
        "'{name}' 열이 없습니다. 열 목록: {columns}",
    ),
    ColumnIndexOutOfRange => (
        "column {index} does not exist; the file has {columns} columns",
        "{index}번 열은 없습니다. 파일의 열은 {columns}개입니다",
    ),
    CellEmpty => (
        "the cell is empty; fill it in, or choose to drop rows with empty cells",
        "빈 칸입니다. 값을 채우거나 빈 칸이 있는 행을 빼도록 선택하세요",
    ),
    NotANumber => (
        "'{cell}' is not a number, but this column must hold numbers",
        "'{cell}'은(는) 숫자가 아닙니다. 이 열에는 숫자만 있어야 합니다",
    ),
    FileTooLarge => (
        "the file is {mb} MB ({bytes} bytes), more than the limit of {max_mb} MB; use a smaller \
         file or a sample of its rows",
        "파일 크기가 {mb} MB({bytes}바이트)로 제한인 {max_mb} MB보다 큽니다. 더 작은 파일이나 \
         일부 행만 뽑은 파일을 쓰세요",
    ),
    FileEmpty => ("the file is empty", "파일이 비어 있습니다"),
    FileNoRows => ("the file has no rows", "파일에 행이 없습니다"),
    FieldCountVsHeader => (
        "this row has {got} fields, but the header has {width}; check for a missing or extra \
         separator ('{separator}')",
        "이 행에는 값이 {got}개 있는데 헤더에는 {width}개가 있습니다. 구분자('{separator}')가 \
         빠지거나 더 들어가지 않았는지 확인하세요",
    ),
    FieldCountVsFirstRow => (
        "this row has {got} fields, but the first row has {width}; check for a missing or extra \
         separator ('{separator}')",
        "이 행에는 값이 {got}개 있는데 첫 행에는 {width}개가 있습니다. 구분자('{separator}')가 \
         빠지거나 더 들어가지 않았는지 확인하세요",
    ),
    HeaderNoData => (
        "the file has a header but no data rows",
        "파일에 헤더만 있고 데이터 행이 없습니다",
    ),
    UnknownEncoding => (
        "unknown encoding '{label}'; try utf-8, cp949 or euc-kr",
        "알 수 없는 인코딩입니다: '{label}'. utf-8, cp949, euc-kr 중 하나를 써 보세요",
    ),
    NotValidEncoding => (
        "the file is not valid {encoding} text; try another encoding or leave it unset to detect it",
        "파일이 올바른 {encoding} 텍스트가 아닙니다. 다른 인코딩을 고르거나, 비워 두어 자동으로 \
         알아내게 하세요",
    ),
    UndecodableLine => (
        "this line has bytes that are neither UTF-8 nor CP949/EUC-KR text; save the file as 'CSV \
         UTF-8' or set the encoding",
        "이 줄에 UTF-8도 CP949/EUC-KR도 아닌 바이트가 있습니다. 파일을 'CSV UTF-8'로 저장하거나 \
         인코딩을 지정하세요",
    ),
    UnreadableRow => (
        "cannot read this row: {reason}",
        "이 행을 읽을 수 없습니다: {reason}",
    ),

    // IDX image files (MNIST) and downloads.
    IdxTooShort => (
        "the file is {bytes} bytes, shorter than its {header}-byte IDX header; it may be cut off \
         or still gzip-compressed",
        "파일이 {bytes}바이트로, {header}바이트인 IDX 헤더보다 짧습니다. 파일이 잘렸거나 아직 \
         gzip으로 압축되어 있을 수 있습니다",
    ),
    IdxBadMagic => (
        "not an IDX {what} file: magic number is {got}, expected {want}",
        "IDX {what} 파일이 아닙니다: 매직 넘버가 {want}이어야 하는데 {got}입니다",
    ),
    IdxGzipped => (
        "not an IDX {what} file: magic number is {got}, expected {want}; it is gzip-compressed, \
         unpack it first",
        "IDX {what} 파일이 아닙니다: 매직 넘버가 {want}이어야 하는데 {got}입니다. gzip으로 \
         압축된 파일이니 먼저 압축을 푸세요",
    ),
    IdxSwapped => (
        "not an IDX {what} file: magic number is {got}, expected {want}; images and labels files \
         may be swapped",
        "IDX {what} 파일이 아닙니다: 매직 넘버가 {want}이어야 하는데 {got}입니다. 이미지 파일과 \
         레이블 파일이 서로 바뀌었을 수 있습니다",
    ),
    IdxTruncated => (
        "the file is truncated: its header promises {expected} bytes of {what}, but {got} follow",
        "파일이 잘렸습니다: 헤더에는 {what} {expected}바이트가 있다고 되어 있지만 {got}바이트뿐입니다",
    ),
    IdxExtraBytes => (
        "the file has extra bytes: its header promises {expected} bytes of {what}, but {got} \
         follow",
        "파일에 남는 바이트가 있습니다: 헤더에는 {what} {expected}바이트라고 되어 있지만 \
         {got}바이트가 있습니다",
    ),
    IdxImpossibleHeader => (
        "impossible header: {n} images of {rows}x{cols}",
        "있을 수 없는 헤더입니다: {rows}x{cols} 이미지 {n}개",
    ),
    IdxLabelNotClass => (
        "label {label} is not a class index; there are {classes} classes (0 to {max})",
        "레이블 {label}은(는) 클래스 번호가 아닙니다. 클래스는 {classes}개(0부터 {max}까지)입니다",
    ),
    IdxSizeMismatch => (
        "training images are {train_rows}x{train_cols} but test images are {test_rows}x{test_cols}",
        "학습 이미지는 {train_rows}x{train_cols}인데 테스트 이미지는 {test_rows}x{test_cols}입니다",
    ),
    NoTrainingImages => (
        "{name} has no training images",
        "{name}에 학습 이미지가 없습니다",
    ),
    OutOfMemory => (
        "not enough memory in this tab for {name} ({mb} MB)",
        "이 탭에 {name}을(를) 담을 메모리({mb} MB)가 부족합니다",
    ),
    NotGzip => (
        "not a valid gzip file: {reason}",
        "올바른 gzip 파일이 아닙니다: {reason}",
    ),
    WrongFileCount => (
        "{name} needs {n} file(s), got {got}",
        "{name}에는 파일이 {n}개 필요한데 {got}개를 받았습니다",
    ),

    // Saved models and weights (inside `CannotLoadModel`).
    NotJson => ("not valid JSON: {reason}", "올바른 JSON이 아닙니다: {reason}"),
    NoConfig => (
        "no \"config\" in the model JSON",
        "모델 JSON에 \"config\"가 없습니다",
    ),
    NoLayersList => (
        "no \"layers\" list in the model JSON",
        "모델 JSON에 \"layers\" 목록이 없습니다",
    ),
    DenseNoUnits => (
        "layer {index} (Dense) has no units",
        "{index}번 레이어(Dense)에 units가 없습니다",
    ),
    UnsupportedLayer => (
        "layer {index} is a {class}, which this playground does not have (it has Dense, Dropout, \
         Flatten, Activation)",
        "{index}번 레이어는 {class}인데, 이 플레이그라운드에는 없는 레이어입니다 (Dense, Dropout, \
         Flatten, Activation이 있습니다)",
    ),
    NotWeightsFile => (
        "this is not a Noriteo weights file",
        "Noriteo 가중치 파일이 아닙니다",
    ),
    WeightsVersion => (
        "weights format version {version} is not supported",
        "가중치 파일 형식 버전 {version}은(는) 지원하지 않습니다",
    ),
    WeightsCount => (
        "the file has {got} weight tensors but the model has {expected}",
        "파일의 가중치 텐서는 {got}개인데 모델에는 {expected}개가 있습니다",
    ),
    WeightsShape => (
        "weights '{name}' have shape {shape} but '{want_name}' needs {want_shape}",
        "가중치 '{name}'의 shape은 {shape}인데 '{want_name}'에는 {want_shape}이(가) 필요합니다",
    ),
    WeightsSizes => (
        "expected weight tensors of sizes {expected}, got {got}",
        "가중치 텐서 크기가 {expected}이어야 하는데 {got}입니다",
    ),
    WeightsEndEarly => (
        "the weights file ends early (byte {at} of {len})",
        "가중치 파일이 중간에 끝났습니다 ({len}바이트 중 {at}바이트)",
    ),

    // The notebook's Python (`crates/notebook`): Python's own English text, so a learner can
    // search for it, and a Korean text that says the same, with a hint where one helps.
    #[cfg(feature = "notebook")]
    PyInvalidSyntax => ("invalid syntax", "문법이 올바르지 않습니다"),
    #[cfg(feature = "notebook")]
    PyExpected => (
        "expected {what}",
        "여기에는 {what}이(가) 와야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PyUnexpectedToken => (
        "invalid syntax: unexpected {token}",
        "문법이 올바르지 않습니다: 여기에 {token}이(가) 올 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyUnterminatedString => (
        "unterminated string literal",
        "문자열이 끝나지 않았습니다. 따옴표를 닫으세요",
    ),
    #[cfg(feature = "notebook")]
    PyUnterminatedTripleString => (
        "unterminated triple-quoted string literal",
        "세 따옴표 문자열이 끝나지 않았습니다. 따옴표 세 개로 닫으세요",
    ),
    #[cfg(feature = "notebook")]
    PyNeverClosed => (
        "'{bracket}' was never closed",
        "'{bracket}'를 열고 닫지 않았습니다",
    ),
    #[cfg(feature = "notebook")]
    PyUnmatchedBracket => (
        "unmatched '{bracket}'",
        "짝이 맞지 않는 '{bracket}'가 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyMismatchedBracket => (
        "closing parenthesis '{close}' does not match opening parenthesis '{open}'",
        "닫는 괄호 '{close}'가 여는 괄호 '{open}'와 짝이 맞지 않습니다",
    ),
    #[cfg(feature = "notebook")]
    PyInvalidCharacter => (
        "invalid character '{ch}' (U+{code})",
        "쓸 수 없는 문자 '{ch}'(U+{code})가 있습니다. 한글 자판의 따옴표나 괄호가 아닌지 확인하세요",
    ),
    #[cfg(feature = "notebook")]
    PyInvalidNumber => (
        "invalid {kind} literal",
        "숫자를 잘못 썼습니다({kind})",
    ),
    #[cfg(feature = "notebook")]
    PyUnexpectedIndent => (
        "unexpected indent",
        "들여쓰기가 필요 없는 곳에 들여쓰기가 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyExpectedIndent => (
        "expected an indented block after {what} on line {line}",
        "{line}번째 줄의 {what} 다음에는 들여쓴 블록이 와야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PyInconsistentDedent => (
        "unindent does not match any outer indentation level",
        "내어쓰기가 바깥 블록의 들여쓰기와 맞지 않습니다. 위 줄들과 같은 칸에서 시작하세요",
    ),
    #[cfg(feature = "notebook")]
    PyTooNested => (
        "too many nested parentheses or blocks",
        "괄호나 블록이 너무 깊이 겹쳐 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyCannotAssign => (
        "cannot assign to {what}",
        "{what}에는 값을 대입할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyOutsideLoop => (
        "'{keyword}' outside loop",
        "'{keyword}'는 반복문 안에서만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyReturnOutsideFunction => (
        "'return' outside function",
        "'return'은 함수(def) 안에서만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFStringEmpty => (
        "f-string: empty expression not allowed",
        "f-문자열의 중괄호 안에 식이 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFStringSingleBrace => (
        "f-string: single '}' is not allowed",
        "f-문자열에 닫는 중괄호 '}'가 하나만 있습니다. 글자로 쓰려면 '}}'로 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyNotSupported => (
        "{feature} is not supported in this notebook; the exported notebook runs it in Colab",
        "이 노트북은 {feature}을(를) 지원하지 않습니다. 내보낸 노트북을 Colab에서 실행하세요",
    ),
    #[cfg(feature = "notebook")]
    PyTraceCall => (
        "line {line}, in call to {function}()",
        "{line}번째 줄에서 {function}() 호출",
    ),
    #[cfg(feature = "notebook")]
    PyTraceLine => ("line {line}: {error}", "{line}번째 줄: {error}"),
    #[cfg(feature = "notebook")]
    PyNameNotDefined => (
        "name '{name}' is not defined. Did you run the cell above that defines `{name}`?",
        "이름 '{name}'이(가) 정의되지 않았습니다. `{name}`을(를) 정의하는 위 셀을 먼저 실행했나요?",
    ),
    #[cfg(feature = "notebook")]
    PyNameNotDefinedSuggest => (
        "name '{name}' is not defined. Did you mean: '{suggestion}'?",
        "이름 '{name}'이(가) 정의되지 않았습니다. '{suggestion}'을(를) 쓰려던 것인가요?",
    ),
    #[cfg(feature = "notebook")]
    PyUnboundLocal => (
        "cannot access local variable '{name}' where it is not associated with a value",
        "지역 변수 '{name}'에 아직 값이 대입되지 않았습니다. 함수 안에서 대입하는 이름은 그 함수의 지역 변수입니다",
    ),
    #[cfg(feature = "notebook")]
    PyUnsupportedOperand => (
        "unsupported operand type(s) for {op}: '{left}' and '{right}'",
        "'{left}'와(과) '{right}' 사이에는 {op} 연산을 할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyConcatenate => (
        "can only concatenate {kind} (not \"{got}\") to {kind}",
        "{kind}에는 {kind}만 이어 붙일 수 있습니다('{got}'은(는) 안 됩니다). 숫자라면 str()로 바꾸세요",
    ),
    #[cfg(feature = "notebook")]
    PyBadUnaryOperand => (
        "bad operand type for unary {op}: '{kind}'",
        "'{kind}'에는 단항 {op} 연산을 할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotComparable => (
        "'{op}' not supported between instances of '{left}' and '{right}'",
        "'{left}'와(과) '{right}'은(는) {op}(으)로 비교할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyDivisionByZero => ("division by zero", "0으로 나눌 수 없습니다"),
    #[cfg(feature = "notebook")]
    PyNegativePowerOfZero => (
        "0.0 cannot be raised to a negative power",
        "0.0을 음수 제곱할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFractionalPowerOfNegative => (
        "a negative number raised to a fractional power is a complex number, which this notebook does not have",
        "음수의 분수 제곱은 복소수인데, 이 노트북에는 복소수가 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNumberTooLarge => (
        "{what} is too large",
        "{what}이(가) 너무 큽니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotCallable => (
        "'{kind}' object is not callable",
        "'{kind}' 객체는 함수처럼 호출할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotSubscriptable => (
        "'{kind}' object is not subscriptable",
        "'{kind}' 객체에는 [ ]로 접근할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotItemAssignable => (
        "'{kind}' object does not support item assignment",
        "'{kind}' 객체의 항목은 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotIterable => (
        "'{kind}' object is not iterable",
        "'{kind}' 객체는 반복(for)할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNoLen => (
        "object of type '{kind}' has no len()",
        "'{kind}' 객체에는 len()을 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNoAttribute => (
        "'{kind}' object has no attribute '{name}'",
        "'{kind}' 객체에는 '{name}' 속성이 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNoAttributeSuggest => (
        "'{kind}' object has no attribute '{name}'. Did you mean: '{suggestion}'?",
        "'{kind}' 객체에는 '{name}' 속성이 없습니다. '{suggestion}'을(를) 쓰려던 것인가요?",
    ),
    #[cfg(feature = "notebook")]
    PyModuleNoAttribute => (
        "module '{module}' has no attribute '{name}'",
        "모듈 '{module}'에는 '{name}'이(가) 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyCannotSetAttribute => (
        "cannot set attribute '{name}' of '{kind}' object",
        "'{kind}' 객체의 '{name}' 속성은 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyIndexOutOfRange => (
        "{kind} index out of range",
        "{kind}의 인덱스가 범위를 벗어났습니다",
    ),
    #[cfg(feature = "notebook")]
    PyIndexType => (
        "{kind} indices must be integers or slices, not {got}",
        "{kind}의 인덱스는 정수나 슬라이스여야 합니다({got}은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PySliceStepZero => (
        "slice step cannot be zero",
        "슬라이스의 간격(step)은 0일 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKeyNotFound => ("{key}", "키 {key}이(가) 없습니다"),
    #[cfg(feature = "notebook")]
    PyUnhashable => (
        "unhashable type: '{kind}'",
        "'{kind}'은(는) 딕셔너리의 키나 집합의 원소가 될 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyArgCount => (
        "{function}() takes {expected} positional argument(s) but {got} were given",
        "{function}()는 위치 인자를 {expected}개 받는데 {got}개를 받았습니다",
    ),
    #[cfg(feature = "notebook")]
    PyMissingArgument => (
        "{function}() missing required argument: '{name}'",
        "{function}()에 필요한 인자 '{name}'이(가) 빠졌습니다",
    ),
    #[cfg(feature = "notebook")]
    PyUnexpectedKeyword => (
        "{function}() got an unexpected keyword argument '{name}'",
        "{function}()에는 '{name}'이라는 키워드 인자가 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyMultipleValues => (
        "{function}() got multiple values for argument '{name}'",
        "{function}()의 인자 '{name}'에 값이 두 번 주어졌습니다",
    ),
    #[cfg(feature = "notebook")]
    PyArgType => (
        "{function}() argument must be {expected}, not '{got}'",
        "{function}()의 인자는 {expected}이어야 합니다('{got}'은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyNotAnInteger => (
        "'{kind}' object cannot be interpreted as an integer",
        "'{kind}' 객체는 정수로 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotAMapping => (
        "argument after ** must be a mapping, not {kind}",
        "** 뒤에는 딕셔너리가 와야 합니다({kind}은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyTooManyToUnpack => (
        "too many values to unpack (expected {expected})",
        "풀어 넣을 값이 너무 많습니다({expected}개를 기대했습니다)",
    ),
    #[cfg(feature = "notebook")]
    PyNotEnoughToUnpack => (
        "not enough values to unpack (expected {expected}, got {got})",
        "풀어 넣을 값이 모자랍니다({expected}개를 기대했는데 {got}개입니다)",
    ),
    #[cfg(feature = "notebook")]
    PyModuleNotFound => (
        "No module named '{name}'. This notebook has: {modules}. Export the notebook and run it in Colab for other modules",
        "'{name}' 모듈이 없습니다. 이 노트북에 있는 모듈: {modules}. 다른 모듈은 노트북을 내보내 Colab에서 실행하세요",
    ),
    #[cfg(feature = "notebook")]
    PyCannotImportName => (
        "cannot import name '{name}' from '{module}'",
        "'{module}'에서 '{name}'을(를) 가져올 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyImportStar => (
        "'from {module} import *' is not supported: import the names you use",
        "'from {module} import *'는 지원하지 않습니다. 쓰는 이름을 하나씩 가져오세요",
    ),
    #[cfg(feature = "notebook")]
    PyInvalidIntLiteral => (
        "invalid literal for int() with base 10: {value}",
        "{value}은(는) 10진 정수로 읽을 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyInvalidFloat => (
        "could not convert string to float: {value}",
        "{value}을(를) 실수로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFloatToInt => (
        "cannot convert float {value} to integer",
        "실수 {value}은(는) 정수로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNotInList => (
        "{value} is not in list",
        "리스트에 {value}이(가) 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyRemoveNotInList => (
        "list.remove(x): x not in list",
        "list.remove(x): 리스트에 x가 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPopEmpty => (
        "pop from empty {kind}",
        "빈 {kind}에서 pop할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyEmptySequence => (
        "{function}() arg is an empty sequence",
        "{function}()에 빈 시퀀스를 주었습니다",
    ),
    #[cfg(feature = "notebook")]
    PyRangeStepZero => (
        "range() arg 3 must not be zero",
        "range()의 세 번째 인자(간격)는 0일 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatSpec => (
        "Invalid format specifier '{spec}' for object of type '{kind}'",
        "'{kind}' 값에는 서식 '{spec}'을(를) 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatCode => (
        "Unknown format code '{code}' for object of type '{kind}'",
        "'{kind}' 값에는 서식 코드 '{code}'를 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatNotEnough => (
        "not enough arguments for format string",
        "서식 문자열의 % 자리에 넣을 값이 모자랍니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatTooMany => (
        "not all arguments converted during string formatting",
        "서식 문자열의 % 자리보다 넣을 값이 많습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatNumberNeeded => (
        "%{code} format: a real number is required, not {kind}",
        "%{code} 서식에는 숫자가 와야 합니다({kind}은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyFormatIndex => (
        "Replacement index {index} out of range for positional args tuple",
        "{index}번 자리에 넣을 인자가 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFormatKey => (
        "format() has no argument named '{name}'",
        "format()에 '{name}'이라는 이름의 인자가 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyJoinItem => (
        "sequence item {index}: expected str instance, {kind} found",
        "{index}번째 항목이 문자열이 아니라 {kind}입니다. join()에는 문자열만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyStrReturned => (
        "{method} returned non-string (type {kind})",
        "{method}이(가) 문자열이 아닌 값({kind})을 돌려주었습니다",
    ),
    #[cfg(feature = "notebook")]
    PyAssertionFailed => ("assertion failed", "assert 조건이 거짓입니다"),
    #[cfg(feature = "notebook")]
    PyAssertionMessage => ("{text}", "assert 조건이 거짓입니다: {text}"),
    #[cfg(feature = "notebook")]
    PyRecursion => (
        "maximum recursion depth exceeded",
        "함수 호출이 너무 깊어졌습니다(재귀가 끝나지 않는지 확인하세요)",
    ),
    #[cfg(feature = "notebook")]
    PyInterrupted => (
        "the cell was interrupted",
        "셀 실행을 중단했습니다",
    ),
    #[cfg(feature = "notebook")]
    PyStepLimit => (
        "the cell ran {steps} steps without finishing and was stopped",
        "셀이 {steps}단계를 실행하고도 끝나지 않아 멈췄습니다",
    ),
    #[cfg(feature = "notebook")]
    PyInputRefused => (
        "input() cannot ask for typing in this notebook; write the value in the code instead",
        "이 노트북에서는 input()으로 입력을 받을 수 없습니다. 값을 코드에 직접 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyOpenRefused => (
        "open() cannot read files in this notebook yet; use the lesson's data instead",
        "이 노트북에서는 아직 open()으로 파일을 읽을 수 없습니다. 수업 데이터를 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyBadBase => (
        "a class can only inherit from a class, not from '{kind}'",
        "클래스는 클래스만 상속할 수 있습니다('{kind}'은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PySuperNoArguments => (
        "super(): no arguments",
        "super()는 클래스 안의 메서드에서만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyHelp => (
        "Help on {kind} {name}: this notebook has no help pages; search the name in the Python or Keras documentation",
        "{kind} {name}에 대한 도움말: 이 노트북에는 도움말 문서가 없습니다. Python이나 Keras 문서에서 이름을 찾아보세요",
    ),
    #[cfg(feature = "notebook")]
    PyNpDtype => (
        "data type '{dtype}' not understood (this notebook's arrays hold bool, uint8, int64, float32 or float64)",
        "자료형 '{dtype}'을(를) 알 수 없습니다(이 노트북의 배열은 bool, uint8, int64, float32, float64만 담습니다)",
    ),
    #[cfg(feature = "notebook")]
    PyNpInhomogeneous => (
        "setting an array element with a sequence. The requested array has an inhomogeneous shape",
        "배열의 원소 자리에 시퀀스가 들어갔습니다. 중첩된 리스트의 길이가 고르지 않습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpBroadcast => (
        "operands could not be broadcast together with shapes {left} {right}",
        "모양이 {left}인 배열과 {right}인 배열은 브로드캐스팅으로 맞출 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpIndexBounds => (
        "index {index} is out of bounds for axis {axis} with size {size}",
        "인덱스 {index}은(는) 크기가 {size}인 축 {axis}의 범위를 벗어났습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpTooManyIndices => (
        "too many indices for array: array is {ndim}-dimensional, but {given} were indexed",
        "인덱스가 너무 많습니다: 배열은 {ndim}차원인데 인덱스를 {given}개 주었습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpBadIndex => (
        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
        "배열의 인덱스로는 정수, 슬라이스(`:`), 생략 기호(`...`), numpy.newaxis(`None`), 정수나 불리언 배열만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpMaskShape => (
        "boolean index did not match indexed array along axis {axis}; size of axis is {size} but size of corresponding boolean axis is {got}",
        "불리언 인덱스의 크기가 배열과 맞지 않습니다: 축 {axis}의 크기는 {size}인데 불리언 인덱스의 크기는 {got}입니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpReshape => (
        "cannot reshape array of size {size} into shape {shape}",
        "크기가 {size}인 배열을 모양 {shape}(으)로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpOneUnknown => (
        "can only specify one unknown dimension",
        "모르는 차원(-1)은 하나만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpAxis => (
        "axis {axis} is out of bounds for array of dimension {ndim}",
        "축 {axis}은(는) {ndim}차원 배열의 범위를 벗어났습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpMatmul => (
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {got} is different from {expected})",
        "행렬 곱(@): 왼쪽 배열의 열 수 {expected}와 오른쪽 배열의 행 수 {got}이(가) 다릅니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpDotShapes => (
        "shapes {left} and {right} not aligned: {a} (dim {da}) != {b} (dim {db})",
        "모양 {left}와(과) {right}은(는) 곱할 수 없습니다: {a}(차원 {da}) != {b}(차원 {db})",
    ),
    #[cfg(feature = "notebook")]
    PyNpTruth => (
        "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
        "원소가 둘 이상인 배열은 참/거짓을 정할 수 없습니다. a.any()나 a.all()을 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyNpConcat => (
        "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {axis}, the array at index 0 has size {first} and the array at index {index} has size {size}",
        "이어 붙이는 축 말고는 모든 배열의 크기가 같아야 합니다: 차원 {axis}에서 0번 배열은 {first}, {index}번 배열은 {size}입니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpConcatNdim => (
        "all the input arrays must have same number of dimensions, but the array at index 0 has {first} dimension(s) and the array at index {index} has {ndim} dimension(s)",
        "이어 붙일 배열은 차원 수가 같아야 합니다: 0번 배열은 {first}차원, {index}번 배열은 {ndim}차원입니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpEmptyReduce => (
        "zero-size array to reduction operation {op} which has no identity",
        "크기가 0인 배열에는 {op}을(를) 구할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpNot2d => (
        "expected a 1-D or 2-D array, got an array of shape {shape}",
        "1차원이나 2차원 배열이 필요한데 모양이 {shape}인 배열을 받았습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpAssignShape => (
        "could not broadcast input array from shape {from} into shape {to}",
        "모양이 {from}인 배열을 모양 {to}인 자리에 넣을 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpNegativePower => (
        "Integers to negative integer powers are not allowed.",
        "정수 배열을 음의 정수로 거듭제곱할 수 없습니다. 실수(예: 2.0)로 바꿔 보세요",
    ),
    #[cfg(feature = "notebook")]
    PyNpUfuncType => (
        "ufunc '{ufunc}' not supported for the input types",
        "연산 '{ufunc}'은(는) 이 자료형의 배열에 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpNotScalar => (
        "can only convert an array of size 1 to a Python scalar",
        "원소가 하나인 배열만 Python 값으로 바꿀 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpUnsized => (
        "len() of unsized object",
        "0차원 배열(스칼라)에는 len()을 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpIter0d => (
        "iteration over a 0-d array",
        "0차원 배열(스칼라)은 for로 돌 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpNegativeDimension => (
        "negative dimensions are not allowed",
        "배열의 크기에 음수를 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpTooLarge => (
        "unable to allocate an array of {count} elements in this notebook",
        "원소가 {count}개인 배열은 이 노트북에서 만들 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpLowHigh => (
        "high <= low",
        "randint의 high는 low보다 커야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpConvert => (
        "could not convert string '{text}' to float64 at row {row}, column {column}.",
        "{row}행 {column}열의 '{text}'을(를) 실수로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpFileNotFound => (
        "{path} not found.",
        "파일 {path}을(를) 찾을 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyNpNoFiles => (
        "this notebook cannot read files yet ({path}); use the lesson's data instead",
        "이 노트북은 아직 파일을 읽을 수 없습니다({path}). 수업 데이터를 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyNpRowLength => (
        "the number of columns changed from {expected} to {got} at row {row}; use `usecols` to select a subset and avoid this error",
        "{row}행에서 열의 수가 {expected}에서 {got}(으)로 바뀌었습니다",
    ),

    // pandas (`import pandas as pd`): pandas' own English wording where it has one.
    #[cfg(feature = "notebook")]
    PyPdKeyError => ("{key}", "{key}: 그런 열이나 행 이름이 없습니다"),
    #[cfg(feature = "notebook")]
    PyPdNotInIndex => ("\"{labels} not in index\"", "{labels}: 그런 열이 없습니다"),
    #[cfg(feature = "notebook")]
    PyPdNotInAxis => ("\"{labels} not found in axis\"", "{labels}: 지울 이름이 축에 없습니다"),
    #[cfg(feature = "notebook")]
    PyPdFileNotFound => (
        "[Errno 2] No such file or directory: '{path}'",
        "파일 '{path}'을(를) 찾을 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyFileNotProvided => (
        "[Errno 2] could not read '{path}': {reason}",
        "'{path}'을(를) 읽지 못했습니다: {reason}",
    ),
    #[cfg(feature = "notebook")]
    PyPdNoFiles => (
        "this notebook cannot read files ({path})",
        "이 노트북은 파일을 읽을 수 없습니다({path})",
    ),
    #[cfg(feature = "notebook")]
    PyPdCsv => ("could not read {path}: {detail}", "{path}을(를) 읽을 수 없습니다: {detail}"),
    #[cfg(feature = "notebook")]
    PyPdLengthMismatch => (
        "Length of values ({got}) does not match length of index ({expected})",
        "값의 개수({got})가 행의 수({expected})와 다릅니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdArrayLengths => (
        "All arrays must be of the same length",
        "모든 열의 길이가 같아야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdColumnCount => (
        "{data} columns passed, passed data had {given} columns",
        "열 이름은 {given}개인데 데이터의 열은 {data}개입니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdIlocBounds => (
        "single positional indexer is out-of-bounds",
        "위치 인덱스가 범위를 벗어났습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdIlocType => (
        "Cannot index by location index with a non-integer key",
        "iloc에는 정수, 슬라이스, 정수 리스트, 불리언 배열만 쓸 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdTooManyIndexers => ("Too many indexers", "인덱스가 너무 많습니다"),
    #[cfg(feature = "notebook")]
    PyPdNotNumeric => (
        "could not convert column '{column}' of dtype {dtype} to numeric",
        "'{column}' 열({dtype})은 숫자가 아니어서 계산할 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdTextToArray => (
        "column '{column}' holds text; this notebook's numpy arrays hold numbers only (use pd.get_dummies or map first)",
        "'{column}' 열은 글자입니다. 이 노트북의 numpy 배열에는 숫자만 담을 수 있습니다 (먼저 pd.get_dummies나 map으로 바꾸세요)",
    ),
    #[cfg(feature = "notebook")]
    PyPdConvert => (
        "could not convert string to float: '{text}'",
        "문자열 '{text}'을(를) 실수로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdIntNaN => (
        "Cannot convert non-finite values (NA or inf) to integer",
        "빈 값(NaN)이나 무한대는 정수로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdDtype => ("data type '{dtype}' not understood", "자료형 '{dtype}'을(를) 알 수 없습니다"),
    #[cfg(feature = "notebook")]
    PyPdTruth => (
        "The truth value of a {kind} is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().",
        "{kind}는 참/거짓을 정할 수 없습니다. a.any()나 a.all()을 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyPdAxis => (
        "No axis named {axis} for object type DataFrame",
        "DataFrame에는 축 {axis}이(가) 없습니다 (0: 행, 1: 열)",
    ),
    #[cfg(feature = "notebook")]
    PyPdDropWhat => (
        "Need to specify at least one of 'labels', 'index' or 'columns'",
        "지울 것을 labels, index, columns 중 하나로 알려 주세요",
    ),
    #[cfg(feature = "notebook")]
    PyPdCannotAlign => (
        "Can only compare identically-labeled (both index and columns) objects",
        "행 이름(인덱스)이 같은 것끼리만 비교하거나 계산할 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdTwoDims => (
        "Data must be 1-dimensional, got ndarray of shape {shape} instead",
        "Series에는 1차원 데이터만 넣을 수 있는데 모양이 {shape}인 배열을 받았습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdFrameShape => (
        "Must pass 2-d input. shape={shape}",
        "DataFrame에는 2차원 데이터가 필요한데 모양이 {shape}인 배열을 받았습니다",
    ),
    #[cfg(feature = "notebook")]
    PyPdEmptyStat => (
        "attempt to get {op} of an empty sequence",
        "빈 데이터에서는 {op}을(를) 구할 수 없습니다",
    ),

    // scikit-learn (`from sklearn... import ...`).
    #[cfg(feature = "notebook")]
    PySkNotFitted => (
        "This {estimator} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.",
        "{estimator}가 아직 학습(fit)되지 않았습니다. 먼저 fit이나 fit_transform을 부르세요",
    ),
    #[cfg(feature = "notebook")]
    PySkInconsistent => (
        "Found input variables with inconsistent numbers of samples: [{sizes}]",
        "입력의 샘플 수가 서로 다릅니다: [{sizes}]",
    ),
    #[cfg(feature = "notebook")]
    PySkTestSize => (
        "{name}={value} should be either positive and smaller than the number of samples {n} or a float in the (0, 1) range",
        "{name}={value}는 샘플 수 {n}보다 작은 양의 정수이거나 0과 1 사이의 실수여야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PySkEmptySplit => (
        "With n_samples={n}, test_size={test} and train_size={train}, the resulting train set will be empty. Adjust any of the aforementioned parameters.",
        "샘플 {n}개를 test_size={test}, train_size={train}로 나누면 훈련 세트가 비게 됩니다",
    ),
    #[cfg(feature = "notebook")]
    PySkNoArrays => ("At least one array required as input", "나눌 배열을 하나 이상 주세요"),
    #[cfg(feature = "notebook")]
    PySkStratifyTooFew => (
        "The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.",
        "stratify의 어떤 클래스는 샘플이 하나뿐입니다. 층화 분할에는 클래스마다 두 개 이상이 필요합니다",
    ),
    #[cfg(feature = "notebook")]
    PySkStratifySize => (
        "The {which} size = {size} should be greater or equal to the number of classes = {classes}",
        "{which} 세트 크기 {size}는 클래스 수 {classes}보다 작을 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PySkNot2d => (
        "Expected a 2-dimensional container but got {kind} instead. Pass a DataFrame containing a single row (i.e. single sample) or a single column (i.e. single feature) instead.",
        "2차원 데이터(행 × 특성)가 필요한데 {kind}을(를) 받았습니다. 특성이 하나라면 X.reshape(-1, 1)을 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PySkFeatures => (
        "X has {got} features, but {estimator} is expecting {expected} features as input.",
        "X의 특성은 {got}개인데 {estimator}는 {expected}개로 학습했습니다",
    ),
    #[cfg(feature = "notebook")]
    PySkNotNumber => (
        "could not convert string to float: '{text}'",
        "문자열 '{text}'을(를) 숫자로 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PySkUnseenLabels => (
        "y contains previously unseen labels: {labels}",
        "y에 학습 때 본 적 없는 값이 있습니다: {labels}",
    ),
    #[cfg(feature = "notebook")]
    PySkMixedTargets => (
        "Classification metrics can't handle a mix of {a} and {b} targets",
        "분류 지표에는 {a} 값과 {b} 값을 섞어 쓸 수 없습니다 (예측을 클래스로 바꿨는지 확인하세요)",
    ),

    // The notebook's TensorFlow/Keras (`crates/notebook/src/modules/keras`).
    #[cfg(feature = "notebook")]
    PyKerasArgType => (
        "{function}(): argument '{name}' must be {expected}, not '{got}'",
        "{function}()의 인자 '{name}'은(는) {expected}이어야 합니다('{got}'은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyKerasBadSetup => (
        "this setting cannot be used",
        "이 설정은 쓸 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNotArray => (
        "expected an array of numbers (a numpy array or a list), not a '{kind}' object",
        "숫자 배열(numpy 배열이나 리스트)이 와야 하는데 '{kind}' 객체가 왔습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasScalarInput => (
        "the data must have one sample per row: got a single number",
        "데이터는 한 행에 샘플 하나씩이어야 합니다. 숫자 하나가 왔습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasModelBusy => (
        "the model is in use (a callback cannot train or change the model that is training it)",
        "모델이 사용 중입니다. 콜백 안에서는 지금 학습 중인 모델을 다시 학습시키거나 바꿀 수 없습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasInputNotFirst => (
        "Input() can only be the first item of a Sequential model",
        "Input()은 Sequential 모델의 맨 앞에만 올 수 있습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNotALayer => (
        "Only instances of `keras.Layer` can be added to a Sequential model. Received: a '{kind}' object",
        "Sequential 모델에는 레이어(Dense, Dropout, ...)만 추가할 수 있습니다. '{kind}' 객체가 왔습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasLayerNotBuilt => (
        "the layer has not been built yet: give the model its input shape (Input(shape=...) or input_shape=) or call fit first",
        "레이어가 아직 만들어지지 않았습니다. 모델에 입력 shape을 알려 주거나(Input(shape=...), input_shape=) 먼저 fit을 호출하세요",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNotUnderstood => (
        "Could not interpret {kind} identifier: a '{got}' object",
        "{kind}(으)로 쓸 수 없는 값입니다: '{got}' 객체",
    ),
    #[cfg(feature = "notebook")]
    PyKerasMetricClass => (
        "metrics take metric objects: write keras.metrics.{name}() with parentheses",
        "metrics에는 지표 객체를 넣어야 합니다. 괄호를 붙여 keras.metrics.{name}()처럼 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyKerasMetricsList => (
        "Expected `metrics` argument to be a list or tuple, not '{kind}' (write metrics=['accuracy'])",
        "metrics 인자는 리스트나 튜플이어야 합니다('{kind}'은(는) 안 됩니다). metrics=['accuracy']처럼 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyKerasBatchSize => (
        "batch_size must be a positive integer, got {got}",
        "batch_size는 1 이상의 정수여야 합니다. {got}이(가) 주어졌습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasWeightCount => (
        "You called `set_weights(weights)` on a model with {expected} weights, but the provided weight list has {got} elements",
        "가중치가 {expected}개인 모델에 가중치 {got}개를 set_weights로 넣으려 했습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasWeightShape => (
        "Weight {name} has shape {expected}; the provided weight has shape {got}",
        "가중치 {name}의 shape은 {expected}인데 주어진 가중치의 shape은 {got}입니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNoLayer => (
        "No such layer: {name}",
        "그런 레이어가 없습니다: {name}",
    ),
    #[cfg(feature = "notebook")]
    PyKerasCallbackType => (
        "callbacks must be EarlyStopping or subclasses of keras.callbacks.Callback, not '{kind}'",
        "callbacks에는 EarlyStopping이나 keras.callbacks.Callback을 상속한 클래스의 객체만 넣을 수 있습니다('{kind}'은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyKerasValidationData => (
        "validation_data must be a tuple (x_val, y_val), not '{kind}'",
        "validation_data는 (x_val, y_val) 튜플이어야 합니다('{kind}'은(는) 안 됩니다)",
    ),
    #[cfg(feature = "notebook")]
    PyKerasLossShapes => (
        "Shapes {y_true} and {y_pred} are incompatible",
        "y_true의 shape {y_true}과(와) y_pred의 shape {y_pred}이(가) 맞지 않습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasLabelNotInt => (
        "to_categorical takes whole-number class labels, got {value}",
        "to_categorical에는 정수 클래스 번호가 와야 합니다. {value}이(가) 왔습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNumClasses => (
        "num_classes must be a positive integer, got {got}",
        "num_classes는 1 이상의 정수여야 합니다. {got}이(가) 주어졌습니다",
    ),
    #[cfg(feature = "notebook")]
    PyKerasLabelRange => (
        "index {label} is out of bounds for axis 1 with size {classes} (a label is not below num_classes)",
        "레이블 {label}이(가) 클래스 수 {classes}의 범위를 벗어났습니다(num_classes보다 작아야 합니다)",
    ),
    #[cfg(feature = "notebook")]
    PyKerasNoDataset => (
        "the {name} data set is not available here: {file} could not be read ({reason})",
        "{name} 데이터를 여기서 쓸 수 없습니다. {file} 파일을 읽지 못했습니다({reason})",
    ),

    // matplotlib and seaborn (`crates/notebook/src/modules/pyplot`): matplotlib's own
    // English text where it has one.
    #[cfg(feature = "notebook")]
    PyPltTooMuchData => (
        "this figure would hold {count} numbers; the notebook draws at most {limit} per figure (plot fewer points or a smaller image)",
        "이 그림에는 숫자가 {count}개 들어갑니다. 노트북은 그림 하나에 {limit}개까지만 그립니다(점을 줄이거나 더 작은 이미지를 그리세요)",
    ),
    #[cfg(feature = "notebook")]
    PyPltTooManyAxes => (
        "a figure of {count} subplots is too many; the notebook draws at most {limit}",
        "서브플롯 {count}개는 너무 많습니다. 노트북은 그림 하나에 {limit}개까지만 그립니다",
    ),
    #[cfg(feature = "notebook")]
    PyPltBadColor => (
        "{color} is not a valid color value",
        "{color}은(는) 올바른 색이 아닙니다. 'red', 'b', '#1f77b4', 'C0'처럼 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyPltBadFormat => (
        "'{fmt}' is not a valid format string (unrecognized character '{char}')",
        "'{fmt}'은(는) 올바른 서식 문자열이 아닙니다('{char}'을(를) 알 수 없습니다). 'b-', 'ro', 'k.', 'r--'처럼 색, 표식, 선 모양을 쓰세요",
    ),
    #[cfg(feature = "notebook")]
    PyPltBadCmap => (
        "colormap '{name}' is not available in this notebook (it has {names}); the exported notebook runs the others in Colab",
        "이 노트북에는 컬러맵 '{name}'이(가) 없습니다(있는 컬러맵: {names}). 다른 컬러맵은 내보낸 노트북을 Colab에서 실행하세요",
    ),
    #[cfg(feature = "notebook")]
    PyPltShapeMismatch => (
        "x and y must have same first dimension, but have shapes {x} and {y}",
        "x와 y의 첫 번째 차원 길이가 같아야 하는데 shape이 {x}와(과) {y}입니다",
    ),
    #[cfg(feature = "notebook")]
    PyPltBadSubplot => (
        "num must be an integer with 1 <= num <= {max}, not {num}",
        "subplot 번호는 1부터 {max} 사이의 정수여야 하는데 {num}입니다",
    ),
    #[cfg(feature = "notebook")]
    PyPltImageShape => (
        "Invalid shape {shape} for image data",
        "shape {shape}은(는) 이미지로 그릴 수 없습니다. (높이, 너비) 또는 (높이, 너비, 3/4) 배열이어야 합니다",
    ),
    #[cfg(feature = "notebook")]
    PyPltBadValue => (
        "{value} is not a valid value for {name}",
        "{value}은(는) {name}에 쓸 수 없는 값입니다",
    ),
    #[cfg(feature = "notebook")]
    PyPltNotNumbers => (
        "{function} takes numbers, got {kind}",
        "{function}에는 숫자가 와야 하는데 {kind}이(가) 왔습니다",
    ),
}

/// A catalogued message: a code and its parameters, already turned into text. `detail` is a
/// more specific message that a framing code (`{detail}` in its templates) wraps, e.g. the
/// file, row and column around what is wrong with a cell; it is shown in the same language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub code: Code,
    #[serde(default, deserialize_with = "params_as_text")]
    pub params: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<Message>>,
}

/// Parameters as text: a page or a worker may send numbers (`{size_mb: 200}`) and flags.
fn params_as_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let raw = BTreeMap::<String, serde_json::Value>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect())
}

impl Message {
    pub fn new(code: Code) -> Self {
        Message {
            code,
            params: BTreeMap::new(),
            detail: None,
        }
    }

    /// Adds a parameter (`{key}` in the templates).
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_string(), value.to_string());
        self
    }

    /// Wraps `detail` (`{detail}` in the templates).
    pub fn with_detail(mut self, detail: Message) -> Self {
        self.detail = Some(Box::new(detail));
        self
    }

    /// The text in `lang`, with every `{name}` filled in.
    pub fn text(&self, lang: Lang) -> String {
        let (en, ko) = self.code.texts();
        let template = if lang == Lang::Ko { ko } else { en };
        match &self.detail {
            Some(d) => {
                let mut params = self.params.clone();
                params.insert("detail".into(), d.text(lang));
                fill(template, &params)
            }
            None => fill(template, &self.params),
        }
    }

    /// The innermost message: what is wrong, without the framing of where.
    pub fn innermost(&self) -> &Message {
        match &self.detail {
            Some(d) => d.innermost(),
            None => self,
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Replaces `{name}` with its parameter; a name without a parameter stays as written.
fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if params.contains_key(&after[..close]) => {
                out.push_str(&params[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_parameters_in_either_language() {
        let m = Message::new(Code::PredictRowWidth)
            .with("row", 2)
            .with("got", 3)
            .with("width", 4);
        assert_eq!(
            m.text(Lang::En),
            "row 2 has 3 values; the model takes 4 per row"
        );
        assert_eq!(
            m.text(Lang::Ko),
            "2번째 행에 값이 3개 있습니다. 모델은 행마다 4개를 받습니다"
        );
    }

    /// The `{name}`s of a template, as a sorted set.
    fn placeholders(template: &str) -> std::collections::BTreeSet<&str> {
        let mut out = std::collections::BTreeSet::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    out.insert(&after[..close]);
                    rest = &after[close + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn every_code_has_both_texts_with_the_same_placeholders() {
        for &code in Code::ALL {
            let (en, ko) = code.texts();
            assert!(!en.trim().is_empty() && !ko.trim().is_empty(), "{code:?}");
            assert_eq!(placeholders(en), placeholders(ko), "{code:?}");
            for name in placeholders(en) {
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{code:?}: {{{name}}}"
                );
            }
            // A Korean text that is the English one left untranslated.
            if !matches!(code, Code::Engine | Code::FieldProblem | Code::DataInFile) {
                assert_ne!(en, ko, "{code:?}");
            }
        }
    }

    #[test]
    fn all_lists_every_code_once_under_a_distinct_name() {
        // `ALL` and `texts` come from the same table (the `catalogue!` macro), so a code cannot
        // be missing from `ALL`; this checks that no two codes serialize to the same name.
        let names: std::collections::BTreeSet<String> = Code::ALL
            .iter()
            .map(|c| serde_json::to_string(c).expect("serializes"))
            .collect();
        assert_eq!(names.len(), Code::ALL.len());
        for &code in Code::ALL {
            let json = serde_json::to_string(&code).expect("serializes");
            let back: Code = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, code);
        }
    }

    #[test]
    fn detail_is_shown_in_the_same_language() {
        let m = Message::new(Code::DataAtCell)
            .with("file", "t.csv")
            .with("row", 3)
            .with("column", "age")
            .with_detail(Message::new(Code::NotANumber).with("cell", "x"));
        assert_eq!(
            m.text(Lang::En),
            "t.csv, row 3, column age: 'x' is not a number, but this column must hold numbers"
        );
        assert_eq!(
            m.text(Lang::Ko),
            "t.csv, 3행, 'age' 열: 'x'은(는) 숫자가 아닙니다. 이 열에는 숫자만 있어야 합니다"
        );
        assert_eq!(m.innermost().code, Code::NotANumber);
    }

    #[test]
    fn numbers_sent_as_parameters_read_as_text() {
        let m: Message = serde_json::from_str(
            r#"{"code":"download_too_big","params":{"url":"a.csv","size_mb":200,"limit_mb":50.5}}"#,
        )
        .expect("a worker's message reads");
        assert_eq!(
            m.text(Lang::En),
            "a.csv is 200 MB, too big: the playground reads files up to 50.5 MB"
        );
    }

    #[test]
    fn serializes_as_code_and_params() {
        let m = Message::new(Code::NoTestSet).with("name", "iris");
        let json = serde_json::to_string(&m).expect("serializes");
        assert_eq!(json, r#"{"code":"no_test_set","params":{"name":"iris"}}"#);
    }
}
