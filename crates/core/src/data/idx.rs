//! IDX files, the format MNIST and Fashion-MNIST ship in: a big-endian header (magic,
//! counts, sizes) and then raw bytes. Pixels stay `u8` (see `Features::U8`).

use ndarray::Array2;

use super::{Dataset, Features, Task};
use crate::{Code, Error, Message, Result};

const MAGIC_LABELS: u32 = 0x0000_0801;
const MAGIC_IMAGES: u32 = 0x0000_0803;

/// Images as one row of `rows * cols` pixels each.
#[derive(Debug, Clone, PartialEq)]
pub struct IdxImages {
    pub rows: usize,
    pub cols: usize,
    pub pixels: Array2<u8>,
}

fn err(file: &str, message: Message) -> Error {
    Error::Data {
        file: file.to_string(),
        row: None,
        column: None,
        message,
    }
}

/// The `i`-th big-endian u32 of the header.
fn header_u32(file: &str, bytes: &[u8], i: usize, header_len: usize) -> Result<u32> {
    bytes
        .get(4 * i..4 * i + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
        .ok_or_else(|| {
            err(
                file,
                Message::new(Code::IdxTooShort)
                    .with("bytes", bytes.len())
                    .with("header", header_len),
            )
        })
}

fn check_magic(file: &str, got: u32, want: u32, what: &str) -> Result<()> {
    if got == want {
        return Ok(());
    }
    // 0x1f8b.... is gzip: the .gz files from the MNIST site must be unpacked first.
    let code = if got >> 16 == 0x1f8b {
        Code::IdxGzipped
    } else if got == MAGIC_IMAGES || got == MAGIC_LABELS {
        Code::IdxSwapped
    } else {
        Code::IdxBadMagic
    };
    Err(err(
        file,
        Message::new(code)
            .with("what", what)
            .with("got", format!("{got:#010x}"))
            .with("want", format!("{want:#010x}")),
    ))
}

/// Checks that the data after the header is exactly `expected` bytes.
fn check_len(file: &str, data: &[u8], expected: usize, what: &str) -> Result<()> {
    if data.len() != expected {
        let code = if data.len() < expected {
            Code::IdxTruncated
        } else {
            Code::IdxExtraBytes
        };
        return Err(err(
            file,
            Message::new(code)
                .with("expected", expected)
                .with("what", what)
                .with("got", data.len()),
        ));
    }
    Ok(())
}

/// Parses an images file (magic 0x00000803: count, rows, cols, then the pixels).
/// Takes the bytes by value and keeps their allocation for the pixels: a 47 MB training set
/// is then held once, not twice, while it loads.
pub fn parse_idx_images(file: &str, mut bytes: Vec<u8>) -> Result<IdxImages> {
    check_magic(
        file,
        header_u32(file, &bytes, 0, 16)?,
        MAGIC_IMAGES,
        "images",
    )?;
    let n = header_u32(file, &bytes, 1, 16)? as usize;
    let rows = header_u32(file, &bytes, 2, 16)? as usize;
    let cols = header_u32(file, &bytes, 3, 16)? as usize;
    let size = n
        .checked_mul(rows)
        .and_then(|v| v.checked_mul(cols))
        .ok_or_else(|| {
            err(
                file,
                Message::new(Code::IdxImpossibleHeader)
                    .with("n", n)
                    .with("rows", rows)
                    .with("cols", cols),
            )
        })?;
    check_len(file, &bytes[16..], size, "pixels")?;
    bytes.drain(..16);
    bytes.truncate(size);
    let pixels = Array2::from_shape_vec((n, rows * cols), bytes).map_err(|e| {
        // The size was checked above, so only a bug gets here.
        Error::Message(
            Message::new(Code::Internal).with("text", format!("shaping the pixels: {e}")),
        )
    })?;
    Ok(IdxImages { rows, cols, pixels })
}

/// Parses a labels file (magic 0x00000801: count, then one byte per label).
pub fn parse_idx_labels(file: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    check_magic(file, header_u32(file, bytes, 0, 8)?, MAGIC_LABELS, "labels")?;
    let n = header_u32(file, bytes, 1, 8)? as usize;
    check_len(file, &bytes[8..], n, "labels")?;
    Ok(bytes[8..].to_vec())
}

/// Images and labels from one pair of files, checked against each other.
fn load_pair(
    images_name: &str,
    images: Vec<u8>,
    labels_name: &str,
    labels: &[u8],
    classes: usize,
) -> Result<(IdxImages, Array2<f32>)> {
    let img = parse_idx_images(images_name, images)?;
    let lab = parse_idx_labels(labels_name, labels)?;
    if img.pixels.nrows() != lab.len() {
        return Err(Error::RowCountMismatch {
            x_rows: img.pixels.nrows(),
            y_rows: lab.len(),
        });
    }
    if let Some(i) = lab.iter().position(|&l| l as usize >= classes) {
        return Err(Error::Data {
            file: labels_name.to_string(),
            row: Some(i + 1),
            column: None,
            message: Message::new(Code::IdxLabelNotClass)
                .with("label", lab[i])
                .with("classes", classes)
                .with("max", classes - 1),
        });
    }
    let y = Array2::from_shape_fn((lab.len(), 1), |(r, _)| lab[r] as f32);
    Ok((img, y))
}

/// A data set from the four IDX files of MNIST-like data. Pixels stay bytes and are
/// scaled by 1/255 when a batch is built (the lesson's `x / 255`); labels are one class
/// index column for sparse_categorical_crossentropy. `class_names` may be empty (then 10
/// classes named "0" to "9").
pub fn idx_dataset(
    name: &str,
    train_images: Vec<u8>,
    train_labels: &[u8],
    test_images: Vec<u8>,
    test_labels: &[u8],
    class_names: Vec<String>,
) -> Result<Dataset> {
    let class_names = if class_names.is_empty() {
        (0..10).map(|i| i.to_string()).collect()
    } else {
        class_names
    };
    let classes = class_names.len();
    // Named like the downloaded files (mnist-train-labels), so that the name reads the same
    // inside a Korean or an English message.
    let (train, y_train) = load_pair(
        &format!("{name}-train-images"),
        train_images,
        &format!("{name}-train-labels"),
        train_labels,
        classes,
    )?;
    let (test, y_test) = load_pair(
        &format!("{name}-test-images"),
        test_images,
        &format!("{name}-test-labels"),
        test_labels,
        classes,
    )?;
    if (train.rows, train.cols) != (test.rows, test.cols) {
        return Err(err(
            name,
            Message::new(Code::IdxSizeMismatch)
                .with("train_rows", train.rows)
                .with("train_cols", train.cols)
                .with("test_rows", test.rows)
                .with("test_cols", test.cols),
        ));
    }
    if train.pixels.nrows() == 0 {
        return Err(Error::EmptyData(
            Message::new(Code::NoTrainingImages).with("name", name),
        ));
    }
    let scale = 1.0 / 255.0;
    Ok(Dataset {
        name: name.to_string(),
        x_train: Features::U8 {
            pixels: train.pixels,
            scale,
        },
        y_train,
        x_test: Some(Features::U8 {
            pixels: test.pixels,
            scale,
        }),
        y_test: Some(y_test),
        input_shape: vec![train.rows, train.cols],
        feature_names: Vec::new(),
        target_names: vec!["label".to_string()],
        class_names,
        task: Task::MultiClass { classes },
    })
}

/// The whole length of an IDX file of u8 data, from the start of its header (at least 4
/// bytes of magic and then 4 per dimension), so that a file arriving in pieces can be given
/// its room at once; `None` if `start` is not (yet) a whole IDX header.
pub fn file_len(start: &[u8]) -> Option<usize> {
    let magic = u32::from_be_bytes(start.get(..4)?.try_into().ok()?);
    let dims = match magic {
        MAGIC_LABELS => 1,
        MAGIC_IMAGES => 3,
        _ => return None,
    };
    let mut data = 1usize;
    for i in 1..=dims {
        let size = u32::from_be_bytes(start.get(4 * i..4 * i + 4)?.try_into().ok()?);
        data = data.checked_mul(size as usize)?;
    }
    data.checked_add(4 + 4 * dims)
}
