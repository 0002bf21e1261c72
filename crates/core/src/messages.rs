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

/// What went wrong (or what happened), named so that a page can choose its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Text the engine has not catalogued yet: `{text}` in English for both languages.
    Engine,
    LoadDataFirst,
    TrainFirst,
    NoTrainingInProgress,
    Busy,
    LoadSuperseded,
    LoadCancelled,
    NoTestSet,
    PredictRowWidth,
    StaleLoad,
    UnknownLesson,
    BadRequest,
    BadOverrides,
    UnknownOverride,
    NotANumber,
    NotAWholeNumber,
    BadSetup,
    BadDataSource,
    LoadWhat,
    FileMissing,
    BatchTooBig,
    StillLoading,
    FixSetupFirst,
    DivergedWeights,
}

impl Code {
    /// (English, Korean) templates; `{name}` is replaced by the parameter of that name.
    pub fn texts(self) -> (&'static str, &'static str) {
        match self {
            Code::Engine => ("{text}", "{text}"),
            Code::LoadDataFirst => ("load a data set first", "먼저 데이터를 불러오세요"),
            Code::TrainFirst => ("train the model first", "먼저 모델을 학습시키세요"),
            Code::NoTrainingInProgress => (
                "no training in progress: press Train first",
                "진행 중인 학습이 없습니다. 먼저 학습 버튼을 누르세요",
            ),
            Code::Busy => (
                "training is running; stop it first",
                "학습 중입니다. 먼저 멈추세요",
            ),
            Code::LoadSuperseded => (
                "a newer load replaced this one",
                "더 나중에 요청한 불러오기가 이 요청을 대신했습니다",
            ),
            Code::LoadCancelled => ("loading was cancelled", "불러오기를 취소했습니다"),
            Code::NoTestSet => (
                "{name} has no test set to evaluate on",
                "{name}에는 평가할 테스트 세트가 없습니다",
            ),
            Code::PredictRowWidth => (
                "row {row} has {got} values; the model takes {width} per row",
                "{row}번째 행에 값이 {got}개 있습니다. 모델은 행마다 {width}개를 받습니다",
            ),
            Code::StaleLoad => (
                "this file does not belong to the load under way",
                "이 파일은 진행 중인 불러오기의 파일이 아닙니다",
            ),
            Code::UnknownLesson => (
                "unknown lesson '{id}'; the lessons are: {lessons}",
                "'{id}'라는 수업은 없습니다. 수업 목록: {lessons}",
            ),
            Code::BadRequest => ("bad request: {text}", "잘못된 요청입니다: {text}"),
            Code::BadOverrides => (
                "load()'s second argument must be an object such as {epochs: 3} (got {got})",
                "load()의 두 번째 인자는 {epochs: 3} 같은 객체여야 합니다 (받은 값: {got})",
            ),
            Code::UnknownOverride => (
                "'{key}' is not a setting load() can change; it takes: {keys}",
                "'{key}'는 load()로 바꿀 수 있는 설정이 아닙니다. 바꿀 수 있는 설정: {keys}",
            ),
            Code::NotANumber => (
                "{field} must be a number (got {got})",
                "{field}에는 숫자를 넣어야 합니다 (받은 값: {got})",
            ),
            Code::NotAWholeNumber => (
                "{field} must be a whole number from 0 to {max} (got {got})",
                "{field}에는 0부터 {max}까지의 정수를 넣어야 합니다 (받은 값: {got})",
            ),
            Code::BadSetup => (
                "the setup cannot be read: {text}",
                "설정을 읽을 수 없습니다: {text}",
            ),
            Code::BadDataSource => (
                "the data source cannot be read: {text}",
                "데이터 출처를 읽을 수 없습니다: {text}",
            ),
            Code::LoadWhat => (
                "load() takes a lesson id or {data, setup}",
                "load()에는 수업 이름이나 {data, setup}을 넣으세요",
            ),
            Code::FileMissing => (
                "{name} did not arrive",
                "{name} 파일이 도착하지 않았습니다",
            ),
            Code::BatchTooBig => (
                "a batch of {batch} rows needs about {mb} MB for this model's activations, more than the {limit} MB a browser tab can spare; use a smaller batch_size or narrower layers",
                "이 모델로 {batch}개 행을 한 배치로 학습하려면 활성값에 약 {mb} MB가 필요합니다. 브라우저 탭이 쓸 수 있는 {limit} MB보다 큽니다. batch_size를 줄이거나 층을 좁히세요",
            ),
            Code::StillLoading => (
                "data is still loading; train once it has arrived",
                "데이터를 아직 불러오는 중입니다. 다 불러온 뒤 학습하세요",
            ),
            Code::FixSetupFirst => (
                "fix the setup first: {text}",
                "먼저 설정을 고치세요: {text}",
            ),
            Code::DivergedWeights => (
                "the weights became NaN or infinite in epoch {epoch}; training stopped and the last finite weights were kept. Try a lower learning rate (for example 10 times smaller)",
                "{epoch}번째 에포크에서 가중치가 NaN 또는 무한대가 되었습니다. 학습을 멈추고 마지막으로 유한했던 가중치를 남겼습니다. 학습률을 낮춰 보세요 (예: 10분의 1)",
            ),
        }
    }
}

/// A catalogued message: a code and its parameters, already turned into text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub code: Code,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

impl Message {
    pub fn new(code: Code) -> Self {
        Message {
            code,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter (`{key}` in the templates).
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_string(), value.to_string());
        self
    }

    /// The text in `lang`, with every `{name}` filled in.
    pub fn text(&self, lang: Lang) -> String {
        let (en, ko) = self.code.texts();
        fill(if lang == Lang::Ko { ko } else { en }, &self.params)
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

    #[test]
    fn serializes_as_code_and_params() {
        let m = Message::new(Code::NoTestSet).with("name", "iris");
        let json = serde_json::to_string(&m).expect("serializes");
        assert_eq!(json, r#"{"code":"no_test_set","params":{"name":"iris"}"#);
    }
}
