//! Installs what the commands need on a fresh Debian machine, skipping what is present:
//! the wasm32 target, wasm-bindgen-cli at the exact version of the `wasm-bindgen` crate,
//! npm packages, and (for tests and benchmarks) Debian's chromium and chromedriver.
//! Nothing is downloaded from outside the package registries.

use std::path::Path;
use std::process::Command;

use crate::run;

/// Must equal the `wasm-bindgen = "=…"` pin in crates/wasm/Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

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
        let locked = run(
            "cargo install wasm-bindgen-cli (locked)",
            root,
            Command::new("cargo").args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
                "--locked",
                "--force",
            ]),
        );
        if locked.is_err() {
            // Its lock file may want a crate version the registry mirror does not serve.
            run(
                "cargo install wasm-bindgen-cli",
                root,
                Command::new("cargo").args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    WASM_BINDGEN_VERSION,
                    "--force",
                ]),
            )?;
        }
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

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).to_string())
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}
