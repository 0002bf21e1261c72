//! The Keras code the playground exports for an uploaded Korean (CP949) table parses as
//! Python with the notebook's own parser: no python3 needed, and no way to pass unchecked.

use noriteo_core::session::{Request, Response, Session};
use serde_json::{json, Value};

fn clock() -> f64 {
    0.0
}

fn handle(s: &mut Session, r: Value) -> Response {
    let r: Request = serde_json::from_value(r).expect("a well-formed request");
    s.handle(r).unwrap_or_else(|m| panic!("refused: {m:?}"))
}

#[test]
fn the_code_for_a_cp949_upload_parses_as_python() {
    let table =
        "국어,영어,수학,결과\n70,80,90,합격\n40,50,45,불합격\n88,92,79,합격\n55,41,60,불합격\n";
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(table);
    let mut s = Session::new(clock);
    let Response::Load(t) = handle(
        &mut s,
        json!({"type": "load", "data": {"kind": "upload", "file": "성적.csv", "options": {}}}),
    ) else {
        panic!("a load ticket")
    };
    s.start_file(t.load, 0, bytes.len()).expect("starts");
    s.push_bytes(t.load, 0, &bytes).expect("arrives");
    handle(&mut s, json!({"type": "finish_load", "load": t.load}));
    let Response::Export { python, .. } =
        handle(&mut s, json!({"type": "export", "title": "성적"}))
    else {
        panic!("an export")
    };
    assert!(python.contains("encoding='cp949'"), "{python}");
    assert!(python.contains("model.add(Input(shape=(3,)))"), "{python}");
    let tree = noriteo_notebook::parser::parse(&python)
        .unwrap_or_else(|e| panic!("the exported code does not parse: {e:?}\n{python}"));
    assert!(tree.len() > 15, "{} statements", tree.len());
}
