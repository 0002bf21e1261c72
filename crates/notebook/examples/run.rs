//! Runs a lecture's notebook or script cell by cell and prints what each cell gives, for
//! lecturers checking their material and for tests:
//!
//! ```text
//! cargo run --release -p noriteo-notebook --example run -- FILE.py|FILE.ipynb [--lang ko|en] [--files DIR] [--json]
//! ```
//!
//! `--files DIR` makes the files under DIR readable by their names relative to it, as the
//! page's Files panel does (`np.loadtxt('data.csv', delimiter=',')`); a URL reads the file
//! under DIR with the URL's file name (a lecture's raw GitHub address, in any spelling,
//! reads a local copy). Nothing is fetched from the internet.
//!
//! Like Jupyter's "Run all", it stops at the first cell that raises, and then exits with
//! status 1. `--json` prints one line per cell, `{"cell": i, "outputs": [...]}`, in the shapes
//! the notebook page shows.

use std::path::PathBuf;
use std::process::ExitCode;

use noriteo_core::messages::Lang;
use noriteo_notebook::files::Folder;
use noriteo_notebook::source::{cells_from_ipynb, cells_from_py};
use noriteo_notebook::{CellResult, Kernel, Output, Poll};

struct Options {
    file: PathBuf,
    lang: Lang,
    files: Option<PathBuf>,
    json: bool,
}

const USAGE: &str = "usage: run FILE.py|FILE.ipynb [--lang ko|en] [--files DIR] [--json]";

/// Runs a cell as the page does, answering its file requests from `files`.
fn run_cell(kernel: &mut Kernel, cell: &str, files: Option<&Folder>) -> CellResult {
    kernel.start_cell(cell);
    loop {
        match kernel.poll(f64::INFINITY) {
            Poll::Done(result) => return result,
            Poll::Running => {}
            Poll::NeedFile { path } => {
                let bytes = match files {
                    Some(folder) => folder.read(&path),
                    None => Err("the runner was given no --files folder".into()),
                };
                kernel.provide_file(&path, bytes);
            }
        }
    }
}

fn options() -> Result<Options, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let (mut file, mut lang, mut files, mut json) = (None, Lang::Ko, None, false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("lang") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                lang = match value.to_str() {
                    Some("ko") => Lang::Ko,
                    Some("en") => Lang::En,
                    _ => return Err(format!("--lang takes ko or en, not {value:?}")),
                };
            }
            Long("files") => {
                files = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
            }
            Long("json") => json = true,
            Long("help") | Short('h') => return Err(USAGE.into()),
            Value(v) if file.is_none() => file = Some(PathBuf::from(v)),
            other => return Err(format!("{}\n{USAGE}", other.unexpected())),
        }
    }
    let file = file.ok_or_else(|| USAGE.to_string())?;
    Ok(Options {
        file,
        lang,
        files,
        json,
    })
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&opts.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", opts.file.display());
            return ExitCode::from(2);
        }
    };
    let cells = if opts.file.extension().is_some_and(|e| e == "ipynb") {
        match cells_from_ipynb(&text) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}: {e}", opts.file.display());
                return ExitCode::from(2);
            }
        }
    } else {
        cells_from_py(&text)
    };
    let mut kernel = Kernel::new();
    kernel.set_lang(opts.lang);
    let files = opts.files.map(Folder::new);
    for (i, cell) in cells.iter().enumerate() {
        let result = run_cell(&mut kernel, cell, files.as_ref());
        if opts.json {
            println!(
                "{}",
                serde_json::json!({"cell": i, "outputs": result.outputs_json()})
            );
        } else {
            println!("In [{}]:", result.execution_count);
            for output in &result.outputs {
                match output {
                    Output::Stream(s) => print!("{s}"),
                    // IPython starts a value of several lines on a line of its own, so
                    // a table's columns stay aligned.
                    Output::Value(v) | Output::Html { text: v, .. } if v.contains('\n') => {
                        println!("Out[{}]:\n{v}", result.execution_count)
                    }
                    Output::Value(v) | Output::Html { text: v, .. } => {
                        println!("Out[{}]: {v}", result.execution_count)
                    }
                    Output::Figure(f) => println!("{}", f.summary()),
                }
            }
            if let Some(e) = &result.error {
                println!("{}", e.traceback(opts.lang));
            }
            println!();
        }
        if result.error.is_some() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
