//! `cargo xtask test`: every check, in the order CI runs them.

use std::process::{exit, Command};

fn run(what: &str, cmd: &mut Command) {
    println!("==> {what}");
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("xtask: {what} failed ({s})");
            exit(1);
        }
        Err(e) => {
            eprintln!("xtask: could not start {what}: {e}");
            exit(1);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => {
            run(
                "cargo fmt --check",
                Command::new("cargo").args(["fmt", "--all", "--", "--check"]),
            );
            run(
                "cargo clippy",
                Command::new("cargo").args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]),
            );
            run(
                "cargo test (native)",
                Command::new("cargo").args(["test", "--workspace"]),
            );
        }
        _ => {
            eprintln!("usage: cargo xtask test");
            exit(2);
        }
    }
}
