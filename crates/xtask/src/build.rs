//! Builds the page: the wasm module (release, SIMD), its JS bindings, the bundled data;
//! and copies it all into `dist/` for static hosting.

use std::path::Path;
use std::process::Command;

use crate::{datasets, run};

/// The two builds of the engine: plain SIMD128, which every current browser runs, and the
/// same code with relaxed SIMD, whose fused multiply-add makes the matrix kernel faster where
/// the browser has it. The page's loader (`web/js/wasm.js`) fetches exactly one of them.
/// The third is the notebook page's: the engine with the Python interpreter (cargo feature
/// `notebook`), which the playground's builds leave out to stay small.
const BUILDS: [Build; 3] = [
    Build {
        name: "noriteo_wasm",
        features: "+simd128",
        cargo_features: None,
        target_dir: None,
    },
    Build {
        name: "noriteo_wasm_relaxed",
        features: "+simd128,+relaxed-simd",
        cargo_features: None,
        target_dir: Some("target/relaxed"),
    },
    Build {
        name: "noriteo_notebook",
        features: "+simd128",
        cargo_features: Some("notebook"),
        target_dir: Some("target/notebook"),
    },
];

struct Build {
    /// File names in web/pkg: `{name}.js` and `{name}_bg.wasm`.
    name: &'static str,
    features: &'static str,
    /// The crate's cargo features (`--features`), if any.
    cargo_features: Option<&'static str>,
    /// Its own target directory, so that the two flag sets do not rebuild each other.
    target_dir: Option<&'static str>,
}

impl Build {
    fn cargo(&self, root: &Path, args: &[&str]) -> Command {
        let mut cargo = Command::new("cargo");
        cargo
            .args(args)
            .args(["--target", "wasm32-unknown-unknown"]);
        if let Some(features) = self.cargo_features {
            cargo.args(["--features", features]);
        }
        if let Some(dir) = self.target_dir {
            cargo.arg("--target-dir").arg(root.join(dir));
        }
        // RUSTFLAGS replaces .cargo/config.toml's wasm32 flags for this invocation only.
        cargo.env("RUSTFLAGS", format!("-C target-feature={}", self.features));
        cargo
    }

    fn target_dir(&self, root: &Path) -> std::path::PathBuf {
        root.join(self.target_dir.unwrap_or("target"))
    }
}

pub fn web(root: &Path) -> Result<(), String> {
    let out = root.join("web/pkg");
    for build in &BUILDS {
        run(
            &format!(
                "cargo build noriteo-wasm (wasm32, release, {}, {})",
                build.features, build.name
            ),
            root,
            &mut build.cargo(root, &["build", "-p", "noriteo-wasm", "--release"]),
        )?;
        let wasm = build
            .target_dir(root)
            .join("wasm32-unknown-unknown/release/noriteo_wasm.wasm");
        let module = out.join(format!("{}_bg.wasm", build.name));
        if is_newer(&module, &wasm) && out.join(format!("{}.js", build.name)).exists() {
            println!("\n==> {}: up to date", build.name);
            continue;
        }
        run(
            &format!("wasm-bindgen --target web ({})", build.name),
            root,
            Command::new("wasm-bindgen")
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    build.name,
                ])
                .arg("--out-dir")
                .arg(&out)
                .arg(&wasm),
        )?;
        // wasm-opt from the npm `binaryen` package only: Debian's older binaryen silently
        // breaks wasm-bindgen 0.2.130 output.
        let opt = root.join("node_modules/.bin/wasm-opt");
        if opt.exists() {
            run(
                &format!("wasm-opt -O3 (npm binaryen, {})", build.name),
                root,
                Command::new(&opt)
                    .args([
                        "-O3",
                        "--enable-simd",
                        "--enable-relaxed-simd",
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
    }
    bundle_notebook(root)?;
    datasets::build(root)
}

/// Bundles the notebook page's scripts (`web/src/notebook/`) with the npm packages they
/// import (CodeMirror 6, markdown-it) into one file, `web/pkg/notebook.bundle.js`, by the
/// esbuild that `npm ci` installed: the page fetches nothing else at run time.
fn bundle_notebook(root: &Path) -> Result<(), String> {
    let esbuild = root.join("node_modules/.bin/esbuild");
    if !esbuild.exists() {
        return Err(format!(
            "{} is missing: run `npm ci` in the repository root",
            esbuild.display()
        ));
    }
    run(
        "esbuild web/src/notebook → web/pkg/notebook.bundle.js",
        root,
        Command::new(&esbuild).args([
            "web/src/notebook/main.js",
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2022",
            "--legal-comments=linked",
            "--outfile=web/pkg/notebook.bundle.js",
            "--log-level=warning",
        ]),
    )
}

/// Whether `made` was written after `from` changed (cargo leaves an unchanged output alone).
fn is_newer(made: &Path, from: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(made), modified(from)), (Some(a), Some(b)) if a > b)
}

/// Runs the wasm crate's tests in headless Chromium through `wasm-pack test`: every test
/// under the plain SIMD128 build, then the kernel tests again under relaxed SIMD (each in its
/// own target directory, as the page's builds). `--mode no-install` makes wasm-pack use the
/// wasm-bindgen on PATH (installed by `toolchain` at the pinned version) and Debian's
/// chromedriver, and never download either; crates/wasm/webdriver.json points ChromeDriver at
/// Debian's chromium, headless, with no sandbox and no background network.
pub fn test_wasm(root: &Path) -> Result<(), String> {
    for (build, tests) in [
        (&BUILDS[0], &[][..]),
        (&BUILDS[1], &["--test", "kernels"][..]),
    ] {
        let what = if tests.is_empty() { "all" } else { "kernels" };
        let mut cmd = Command::new("wasm-pack");
        cmd.args(["test", "--headless", "--chrome", "--mode", "no-install"])
            .args(["--chromedriver", CHROMEDRIVER])
            .arg("crates/wasm")
            .args(tests)
            .env("CHROMEDRIVER", CHROMEDRIVER)
            // Time for a slow machine: the worker test trains a small model.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env("RUSTFLAGS", format!("-C target-feature={}", build.features));
        if let Some(dir) = build.target_dir {
            cmd.env("CARGO_TARGET_DIR", root.join(dir));
        }
        run(
            &format!(
                "wasm-pack test {what} (wasm32 {} in headless Chromium)",
                build.features
            ),
            root,
            &mut cmd,
        )?;
    }
    Ok(())
}

/// Debian's ChromeDriver (package chromium-driver), the same version as /usr/bin/chromium.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

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
