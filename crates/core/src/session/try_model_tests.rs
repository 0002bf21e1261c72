//! The "try the model" requests against `predict`, on a table with a text column and on
//! small image data sets built here (IDX files, gzipped as the page fetches them).

use std::io::Write;

use serde_json::{json, Value};

use super::super::{Request, Response, Session};
use super::*;
use crate::Lang;

fn session() -> Session {
    Session::new(|| 0.0)
}

fn ask(s: &mut Session, r: Value) -> Outcome<Response> {
    let r: Request = serde_json::from_value(r).expect("a well-formed request");
    s.handle(r)
}

fn train(s: &mut Session) {
    ask(s, json!({"type": "start_training"})).expect("training starts");
    while !s.train_slice(1e9).done {}
}

fn predict(s: &mut Session, row: &[f32]) -> Vec<f32> {
    match ask(s, json!({"type": "predict", "rows": [row]})).expect("predicts") {
        Response::Rows(mut r) => r.remove(0),
        other => panic!("{other:?}"),
    }
}

fn tried(s: &mut Session, r: Value) -> Tried {
    match ask(s, r).expect("answers") {
        Response::Tried(t) => t,
        other => panic!("{other:?}"),
    }
}

fn form(s: &mut Session) -> TryForm {
    match ask(s, json!({"type": "try_form"})).expect("a form") {
        Response::TryForm(f) => f,
        other => panic!("{other:?}"),
    }
}

fn boundary(s: &mut Session, x: usize, y: usize, size: usize) -> Outcome<Boundary> {
    ask(s, json!({"type": "boundary", "x": x, "y": y, "size": size})).map(|r| match r {
        Response::Boundary(b) => *b,
        other => panic!("{other:?}"),
    })
}

/// Three classes by region of (x1, x2); `noise` is a useless number column and `colour` a
/// text column that is one-hot encoded.
fn regions() -> String {
    let mut csv = String::from("x1,noise,colour,x2,label\n");
    for i in 0..90 {
        let (a, b) = ((i * 37 % 90) as f32 / 9.0, (i * 53 % 90) as f32 / 9.0);
        let label = if a < 4.0 {
            0
        } else if b < 5.0 {
            1
        } else {
            2
        };
        let colour = ["red", "blue", "green"][i % 3];
        csv += &format!("{a},{},{colour},{b},{label}\n", (i * 7 % 11) as f32);
    }
    csv
}

fn load_regions(s: &mut Session) {
    let bytes = regions().into_bytes();
    let t = match ask(
        s,
        json!({"type": "load", "data": {"kind": "upload", "file": "regions.csv",
            "table": {"target": ["label"], "test_size": 0.2, "scaling": "standard"}}}),
    )
    .expect("load begins")
    {
        Response::Load(t) => t,
        other => panic!("{other:?}"),
    };
    s.start_file(t.load, 0, bytes.len()).expect("starts");
    s.push_bytes(t.load, 0, &bytes).expect("arrives");
    ask(s, json!({"type": "finish_load", "load": t.load})).expect("loads");
    // A quicker learner than the default setup's, so that the regions are learned.
    s.spec.fit.epochs = 200;
    s.spec.fit.batch_size = 8;
    s.spec.compile.optimizer = crate::spec::OptimizerSpec::Config(crate::OptimizerConfig {
        name: "adam".into(),
        learning_rate: Some(0.02),
        ..Default::default()
    });
}

#[test]
fn the_form_has_one_field_per_input_column_and_its_answer_is_predicts() {
    let mut s = session();
    load_regions(&mut s);
    let f = form(&mut s);
    let TryInput::Table { fields } = &f.input else {
        panic!("{:?}", f.input)
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["x1", "noise", "colour", "x2"]);
    assert_eq!(
        fields[2].choices.as_deref(),
        Some(&["blue".to_string(), "green".into(), "red".into()][..])
    );
    assert_eq!(f.classes.len(), 3);
    assert_eq!(
        (f.classes[2].en.as_str(), f.classes[2].ko.as_str()),
        ("2", "2")
    );
    // The two columns that tell the classes apart, not the noise.
    assert_eq!(f.boundary, Some((0, 3)));
    // Prefilled with the first test row, in the file's own units (not standardized).
    let values: Vec<Value> = fields.iter().map(|f| json!(f.value)).collect();
    let x1: f32 = fields[0].value.parse().expect("a number");
    assert!(
        (0.0..=10.0).contains(&x1) && x1.to_string().len() < 9,
        "{x1}"
    );
    assert_eq!(
        ask(&mut s, json!({"type": "try_row", "values": values}))
            .expect_err("untrained")
            .code,
        Code::TrainFirst
    );

    train(&mut s);
    let t = tried(&mut s, json!({"type": "try_row", "values": values}));
    // The text column became its one-hot features, in get_dummies' order.
    let colour = ["blue", "green", "red"]
        .iter()
        .position(|c| *c == fields[2].value)
        .expect("a choice");
    assert_eq!(t.row.len(), 6);
    assert_eq!(&t.row[2..5], &[0, 1, 2].map(|k| (k == colour) as u8 as f32));
    assert_eq!(t.outputs, predict(&mut s, &t.row));
    let p = t.probabilities.as_ref().expect("classes");
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{p:?}");
    assert_eq!(t.class, Some(crate::metrics::argmax(&t.outputs)));
    // Numbers may come as numbers or as text, with spaces.
    let typed = tried(
        &mut s,
        json!({"type": "try_row", "values": [1.5, " 3 ", "red", "8"]}),
    );
    assert_eq!(typed.row, [1.5, 3.0, 0.0, 0.0, 1.0, 8.0]);
    // A point deep in each region gets its class.
    for (x1, x2, want) in [(1.0, 5.0, 0), (8.0, 1.0, 1), (8.0, 9.0, 2)] {
        let t = tried(
            &mut s,
            json!({"type": "try_row", "values": [x1, 5, "red", x2]}),
        );
        assert_eq!(t.class, Some(want), "({x1}, {x2}): {:?}", t.probabilities);
    }
}

#[test]
fn a_bad_row_is_refused_naming_the_field() {
    let mut s = session();
    load_regions(&mut s);
    train(&mut s);
    let e = ask(&mut s, json!({"type": "try_row", "values": [1, 2]})).expect_err("short");
    assert_eq!(e.code, Code::TryRowFields);
    assert!(e.text(Lang::En).contains("x1, noise, colour, x2"), "{e}");
    let e = ask(
        &mut s,
        json!({"type": "try_row", "values": ["1", "abc", "red", 2]}),
    )
    .expect_err("text");
    assert_eq!(e.text(Lang::Ko), "noise: 'abc'은(는) 숫자가 아닙니다");
    let e = ask(
        &mut s,
        json!({"type": "try_row", "values": [1, 2, "purple", 2]}),
    )
    .expect_err("choice");
    assert_eq!(e.code, Code::TryUnknownChoice);
    assert!(e.text(Lang::En).contains("blue, green, red"), "{e}");
    let e = ask(
        &mut s,
        json!({"type": "try_row", "values": [1, 2, "red", ""]}),
    )
    .expect_err("empty");
    assert_eq!(e.code, Code::TryNotANumber);
    let e = ask(
        &mut s,
        json!({"type": "try_drawing", "width": 2, "height": 2, "ink": [0, 0, 0, 9]}),
    )
    .expect_err("not images");
    assert_eq!(e.code, Code::TryNeedsImages);
}

#[test]
fn the_boundary_grid_is_the_models_prediction_with_the_other_inputs_at_their_mean() {
    let mut s = session();
    load_regions(&mut s);
    assert_eq!(
        boundary(&mut s, 0, 3, 10).expect_err("untrained").code,
        Code::TrainFirst
    );
    train(&mut s);
    let b = boundary(&mut s, 0, 3, 20).expect("a map");
    assert_eq!((b.x_name.as_str(), b.y_name.as_str()), ("x1", "x2"));
    assert_eq!((b.size, b.outputs, b.cells.len()), (20, 3, 20 * 20 * 3));
    assert!(b.x_range.0 < 0.0 && b.x_range.1 > 9.8, "{:?}", b.x_range);
    assert_eq!(b.points_x.len(), 72, "every training row");
    // A cell is the prediction for its centre, the other inputs at their training mean
    // (the text column's one-hot features at their shares).
    let (r, c) = (3, 16);
    let cx = b.x_range.0 + (b.x_range.1 - b.x_range.0) * (c as f32 + 0.5) / 20.0;
    let cy = b.y_range.0 + (b.y_range.1 - b.y_range.0) * ((19 - r) as f32 + 0.5) / 20.0;
    let shares: Vec<f32> = {
        let loaded = s.data.as_ref().expect("data");
        let x = loaded.dataset.x_train.to_f32();
        let mut col = |k: usize| {
            let mut v = x.column(k).to_vec();
            loaded
                .x_scaler
                .inverse_transform_column(k, &mut v)
                .expect("unscales");
            v.iter().sum::<f32>() / v.len() as f32
        };
        (1..5).map(&mut col).collect()
    };
    // The noise column's mean, and the colours' shares.
    assert!((shares[0] - 5.0).abs() < 1.0, "{shares:?}");
    assert!(
        (shares[1..].iter().sum::<f32>() - 1.0).abs() < 1e-5,
        "{shares:?}"
    );
    let row = [cx, shares[0], shares[1], shares[2], shares[3], cy];
    let want = predict(&mut s, &row);
    let got = &b.cells[(r * 20 + c) * 3..(r * 20 + c + 1) * 3];
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() < 1e-4, "{got:?} vs {want:?}");
    }
    // Trained on three regions, the map shows all three.
    let mut seen = [false; 3];
    for cell in b.cells.chunks(3) {
        seen[crate::metrics::argmax(cell)] = true;
    }
    assert_eq!(seen, [true; 3]);
    // Axes must be two different number columns; the grid a sensible size.
    for (x, y) in [(0, 0), (0, 2), (0, 9)] {
        let e = boundary(&mut s, x, y, 20).expect_err("bad axes");
        assert_eq!(e.code, Code::BoundaryAxes, "({x}, {y})");
        assert!(e.text(Lang::En).contains("0 x1, 1 noise, 3 x2"), "{e}");
    }
    assert_eq!(
        boundary(&mut s, 0, 3, 1000).expect_err("big").code,
        Code::BoundarySize
    );
}

/// An IDX file of `count` images of 28×28 (or labels), gzipped.
fn idx(images: bool, count: usize, body: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    raw.extend_from_slice(&(if images { 0x803u32 } else { 0x801 }).to_be_bytes());
    raw.extend_from_slice(&(count as u32).to_be_bytes());
    if images {
        raw.extend_from_slice(&28u32.to_be_bytes());
        raw.extend_from_slice(&28u32.to_be_bytes());
    }
    raw.extend_from_slice(body);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).expect("gzips");
    gz.finish().expect("gzips")
}

/// A bundled image data set of 40 images: class k has a bar at row 2k.
fn load_images(s: &mut Session, lesson: &str) {
    let n = 40;
    let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
    let mut pixels = vec![0u8; n * 784];
    for (i, &l) in labels.iter().enumerate() {
        for x in 4..24 {
            pixels[i * 784 + (2 + 2 * l as usize) * 28 + x] = 255;
        }
    }
    let t = match ask(
        s,
        json!({"type": "load", "lesson": lesson, "overrides": {"epochs": 1}}),
    )
    .expect("begins")
    {
        Response::Load(t) => t,
        other => panic!("{other:?}"),
    };
    let files = [
        idx(true, n, &pixels),
        idx(false, n, &labels),
        idx(true, n, &pixels),
        idx(false, n, &labels),
    ];
    for (i, f) in files.iter().enumerate() {
        s.start_file(t.load, i, f.len()).expect("starts");
        s.push_bytes(t.load, i, f).expect("arrives");
    }
    ask(s, json!({"type": "finish_load", "load": t.load})).expect("loads");
}

#[test]
fn a_drawing_is_framed_as_the_data_set_and_answered_as_predict_answers_its_pixels() {
    for (lesson, framing, first) in [
        ("mnist-mlp", Framing::Digit, ("0", "0")),
        ("fashion", Framing::Garment, ("T-shirt/top", "티셔츠/상의")),
    ] {
        let mut s = session();
        load_images(&mut s, lesson);
        let f = form(&mut s);
        assert_eq!(
            f.input,
            TryInput::Image {
                width: 28,
                height: 28,
                framing
            },
            "{lesson}"
        );
        assert_eq!((f.classes[0].en.as_str(), f.classes[0].ko.as_str()), first);
        assert_eq!(
            f.classes[9].ko,
            if lesson == "fashion" {
                "앵클부츠"
            } else {
                "9"
            }
        );
        assert_eq!(f.boundary, None);
        train(&mut s);
        // A stroke across a 100×100 pad.
        let mut ink = vec![0u8; 100 * 100];
        for y in 40..52 {
            for x in 10..90 {
                ink[y * 100 + x] = 255;
            }
        }
        let t = tried(
            &mut s,
            json!({"type": "try_drawing", "width": 100, "height": 100, "ink": ink}),
        );
        let framed = drawing::frame(&ink, 100, 100, framing).expect("frames");
        assert_eq!(
            t.row,
            framed.iter().map(|&v| f32::from(v)).collect::<Vec<_>>()
        );
        assert_eq!(t.outputs, predict(&mut s, &t.row), "{lesson}");
        let p = t.probabilities.expect("classes");
        assert_eq!(p.len(), 10);
        assert!(
            (p.iter().sum::<f32>() - 1.0).abs() < 1e-4,
            "{lesson}: {p:?}"
        );
        // The same pixels as an image give the same answer.
        let again = tried(&mut s, json!({"type": "try_image", "pixels": t.row}));
        assert_eq!(again.outputs, t.outputs);
        let e = ask(
            &mut s,
            json!({"type": "try_image", "pixels": vec![0.0; 10]}),
        )
        .expect_err("short");
        assert_eq!(e.code, Code::PredictRowWidth);
        let e = ask(&mut s, json!({"type": "try_row", "values": [1]})).expect_err("an image");
        assert_eq!(e.code, Code::TryNeedsTable);
        let e = boundary(&mut s, 0, 1, 10).expect_err("no columns");
        assert_eq!(e.code, Code::BoundaryNeedsTwo);
    }
}
