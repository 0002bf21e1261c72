//! Installs what the commands need on a fresh Debian machine, skipping what is present:
//! the wasm32 target, wasm-bindgen-cli at the exact version of the `wasm-bindgen` crate,
//! npm packages, and (for tests and benchmarks) wasm-pack from crates.io and Debian's
//! chromium and chromedriver.
//! Nothing is downloaded from outside the package registries.

use std::path::Path;
use std::process::Command;

use crate::run;

/// Must equal the `wasm-bindgen = "=…"` pin in crates/wasm/Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The wasm-pack installed when none is on PATH (the version verified here).
pub const WASM_PACK_VERSION: &str = "0.15.1";

pub fn ensure(root: &Path, browser: bool) -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(
            "rustup target add wasm32-unknown-unknown",
            root,
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !have.contains(WASM_BINDGEN_VERSION) {
        cargo_install(root, "wasm-bindgen-cli", WASM_BINDGEN_VERSION)?;
    }
    // `wasm-pack test` runs the wasm crate's tests (browser only: serve and dist need none).
    if browser && output("wasm-pack", &["--version"]).is_none() {
        cargo_install(root, "wasm-pack", WASM_PACK_VERSION)?;
    }
    let modules = root.join("node_modules");
    let lock = root.join("package-lock.json");
    let stale = match (
        modified(&modules.join(".package-lock.json")),
        modified(&lock),
    ) {
        (Some(m), Some(l)) => m < l,
        _ => true,
    };
    if stale {
        run(
            "npm ci",
            root,
            Command::new("npm").args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    if browser
        && !(Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists())
    {
        let sudo = if output("id", &["-u"])
            .map(|u| u.trim() == "0")
            .unwrap_or(false)
        {
            vec![]
        } else {
            vec!["sudo"]
        };
        let apt = |args: &[&str]| {
            let mut all: Vec<&str> = sudo.clone();
            all.push("apt-get");
            all.extend_from_slice(args);
            let mut c = Command::new(all[0]);
            c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        run("apt-get update", root, &mut apt(&["update"]))?;
        run(
            "apt-get install chromium chromium-driver",
            root,
            &mut apt(&[
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
                "fonts-noto-cjk",
            ]),
        )?;
    }
    Ok(())
}

/// `cargo install` from crates.io: locked first, then unlocked, as a lock file may want a
/// crate version the registry here does not serve yet.
fn cargo_install(root: &Path, krate: &str, version: &str) -> Result<(), String> {
    let install = |locked: bool| {
        let mut cargo = Command::new("cargo");
        cargo.args(["install", krate, "--version", version, "--force"]);
        if locked {
            cargo.arg("--locked");
        }
        let how = if locked { " (locked)" } else { "" };
        run(
            &format!("cargo install {krate} {version}{how}"),
            root,
            &mut cargo,
        )
    };
    install(true).or_else(|_| install(false))
}

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).to_string())
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}
