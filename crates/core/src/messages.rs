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
    CsvHeaderOnly,
    CsvDecimalCommaUnreadable,
    CsvDecimalCommaInPointColumn,
    GzipTooBig,
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
            Code::CsvHeaderOnly => (
                "{file} has a header row ({columns}) but no data rows; add rows of data under \
                 the header",
                "{file}에는 머리글 행({columns})만 있고 데이터 행이 없습니다. 머리글 아래에 \
                 데이터 행을 추가하세요",
            ),
            Code::CsvDecimalCommaUnreadable => (
                "{file}, row {row}, column {column}: '{value}' cannot be read as a number. This \
                 column writes decimals with a comma (like 1,75), so write it the same way, \
                 without dots between the thousands (for example 1234,5)",
                "{file} {row}행 '{column}' 열: '{value}'을(를) 숫자로 읽을 수 없습니다. 이 열은 \
                 소수점을 쉼표로 씁니다(예: 1,75). 같은 방식으로, 천 단위 점 없이 쓰세요\
                 (예: 1234,5)",
            ),
            Code::CsvDecimalCommaInPointColumn => (
                "{file}, row {row}, column {column}: '{value}' has a decimal comma, but the other \
                 numbers in this column have a decimal point; write it with a point (like 1.75)",
                "{file} {row}행 '{column}' 열: '{value}'은(는) 소수점을 쉼표로 썼지만, 이 열의 \
                 다른 숫자는 점으로 씁니다. 점으로 고쳐 쓰세요(예: 1.75)",
            ),
            Code::GzipTooBig => (
                "{file} unpacks to more than {limit_mb} MB, more than the playground can hold; \
                 use a smaller file",
                "{file}의 압축을 풀면 {limit_mb} MB가 넘어 놀이터에서 다룰 수 없습니다. 더 작은 \
                 파일을 쓰세요",
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
        assert_eq!(json, r#"{"code":"no_test_set","params":{"name":"iris"}}"#);
    }
}
