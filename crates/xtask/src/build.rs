//! Builds the page: the wasm module (release, SIMD), its JS bindings, the bundled data;
//! and copies it all into `dist/` for static hosting.

use std::path::Path;
use std::process::Command;

use crate::{datasets, run};

pub fn web(root: &Path) -> Result<(), String> {
    run(
        "cargo build noriteo-wasm (wasm32, release)",
        root,
        Command::new("cargo").args([
            "build",
            "-p",
            "noriteo-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--release",
        ]),
    )?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/noriteo_wasm.wasm");
    let out = root.join("web/pkg");
    run(
        "wasm-bindgen --target web",
        root,
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&out)
            .arg(&wasm),
    )?;
    // wasm-opt from the npm `binaryen` package only: Debian's older binaryen silently breaks
    // wasm-bindgen 0.2.130 output.
    let opt = root.join("node_modules/.bin/wasm-opt");
    let module = out.join("noriteo_wasm_bg.wasm");
    if opt.exists() {
        run(
            "wasm-opt -O3 (npm binaryen)",
            root,
            Command::new(&opt)
                .args([
                    "-O3",
                    "--enable-simd",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "-o",
                ])
                .arg(&module)
                .arg(&module),
        )?;
    }
    datasets::build(root)
}

pub fn dist(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    let bytes = copy_dir(&root.join("web"), &dist)?;
    println!(
        "\ndist/ written: {:.1} MB — upload it to any static host; all URLs are relative",
        bytes as f64 / 1e6
    );
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<u64, String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let mut total = 0;
    for entry in
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            total += copy_dir(&path, &target)?;
        } else {
            total += std::fs::copy(&path, &target)
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(total)
}
