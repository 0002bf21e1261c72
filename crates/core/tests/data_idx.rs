//! IDX parsing on small files built here in the MNIST layout.

use noriteo_core::data::idx::{idx_dataset, parse_idx_images, parse_idx_labels};
use noriteo_core::{Features, Task};

fn images(n: u32, rows: u32, cols: u32, pixels: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0x0803, n, rows, cols] {
        b.extend_from_slice(&u32::to_be_bytes(v));
    }
    b.extend_from_slice(pixels);
    b
}

fn labels(l: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0x0801, l.len() as u32] {
        b.extend_from_slice(&u32::to_be_bytes(v));
    }
    b.extend_from_slice(l);
    b
}

#[test]
fn parses_images_and_labels() {
    let px: Vec<u8> = (0..12).collect();
    let img = parse_idx_images("i", images(2, 2, 3, &px)).unwrap();
    assert_eq!((img.rows, img.cols), (2, 3));
    assert_eq!(img.pixels.shape(), [2, 6]);
    assert_eq!(img.pixels[[1, 0]], 6);
    assert_eq!(parse_idx_labels("l", &labels(&[3, 9])).unwrap(), [3, 9]);
}

#[test]
fn bad_files_are_explained() {
    let e = parse_idx_images("i", images(2, 2, 2, &[0; 7]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("truncated") && e.contains("8 bytes") && e.contains("7"),
        "{e}"
    );
    let e = parse_idx_images("i", labels(&[1])).unwrap_err().to_string();
    assert!(e.contains("magic") && e.contains("swapped"), "{e}");
    let e = parse_idx_labels("l", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("gzip"), "{e}");
    let e = parse_idx_labels("l", &[0, 0]).unwrap_err().to_string();
    assert!(e.contains("2 bytes"), "{e}");
    let e = parse_idx_labels("l", &labels(&[1, 2])[..9])
        .unwrap_err()
        .to_string();
    assert!(e.contains("truncated"), "{e}");
}

#[test]
fn dataset_keeps_bytes_and_scales_by_255() {
    let train = images(3, 28, 28, &[255; 3 * 784]);
    let test = images(1, 28, 28, &[51; 784]);
    let d = idx_dataset(
        "mnist",
        train.clone(),
        &labels(&[0, 9, 4]),
        test.clone(),
        &labels(&[7]),
        Vec::new(),
    )
    .unwrap();
    assert_eq!(d.input_shape, [28, 28]);
    assert_eq!(d.task, Task::MultiClass { classes: 10 });
    assert_eq!(d.class_names.len(), 10);
    assert_eq!(d.y_train.column(0).to_vec(), [0.0, 9.0, 4.0]);
    match &d.x_train {
        Features::U8 { pixels, scale } => {
            assert_eq!(pixels.shape(), [3, 784]);
            assert_eq!(*scale, 1.0 / 255.0);
        }
        other => panic!("expected u8 pixels, got {other:?}"),
    }
    let xt = d.x_test.as_ref().unwrap().to_f32();
    assert!((xt[[0, 0]] - 0.2).abs() < 1e-6);

    // A label beyond the class names, and image/label counts that disagree.
    let e = idx_dataset(
        "m",
        train.clone(),
        &labels(&[0, 1, 3]),
        test.clone(),
        &labels(&[0]),
        vec!["a".into(), "b".into(), "c".into()],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("m-train-labels, row 3") && e.contains("label 3"),
        "{e}"
    );
    assert!(idx_dataset(
        "m",
        train.clone(),
        &labels(&[0, 1]),
        test.clone(),
        &labels(&[0]),
        Vec::new()
    )
    .is_err());
    let small = images(1, 2, 2, &[0; 4]);
    let e = idx_dataset(
        "m",
        train.clone(),
        &labels(&[0, 1, 2]),
        small.clone(),
        &labels(&[0]),
        Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("28x28") && e.contains("2x2"), "{e}");
}
