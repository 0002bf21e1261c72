//! Where the integration tests find the lecture data files: the one place that knows.
//!
//! The files are never copied into the repository; they are read from `$NORITEO_DATASETS`
//! (a relative path is taken from the workspace root) or, by default, from
//! `../shared/datasets` beside the workspace. A missing file fails the test that needs it,
//! naming the path it looked in: no test passes by finding nothing to check.

use std::path::{Path, PathBuf};

/// The folder that holds the lecture data files.
pub fn datasets_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/core sits two levels below the workspace root");
    match std::env::var_os("NORITEO_DATASETS") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root
            .parent()
            .map_or_else(|| root.join(".."), Path::to_path_buf)
            .join("shared/datasets"),
    }
}

/// The bytes of the lecture data file `name`; panics naming the path when it cannot be read.
pub fn dataset(name: &str) -> Vec<u8> {
    let path = datasets_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "lecture data file {} cannot be read ({e}): put the shared datasets beside the \
             workspace (../shared/datasets) or point NORITEO_DATASETS at their folder",
            path.display()
        )
    })
}
