//! Names of the files a cell reads. Lecture notes copy raw GitHub addresses in several
//! spellings that all name one file; [`url_key`] gives them one key, so an answer for one
//! spelling answers the others and a host can map the key to a bundled copy. [`Folder`] is
//! where a native run (the runner's `--files DIR`) finds them.

use std::path::{Component, Path, PathBuf};

/// The one spelling of a raw GitHub address, `https://raw.githubusercontent.com/OWNER/REPO/BRANCH/PATH`,
/// for every form lectures use:
///
/// - `https://raw.githubusercontent.com/OWNER/REPO/BRANCH/PATH`
/// - `https://raw.githubusercontent.com/OWNER/REPO/refs/heads/BRANCH/PATH`
/// - `https://github.com/OWNER/REPO/raw/BRANCH/PATH` (also with `refs/heads/`)
/// - `https://github.com/OWNER/REPO/blob/BRANCH/PATH?raw=true`
///
/// `http://` counts as `https://`. Anything else (other sites, a file's name) is returned as
/// it is.
pub fn url_key(path: &str) -> String {
    let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    else {
        return path.to_string();
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let raw_query = matches!(query, Some("raw=true") | Some("raw=True") | Some("raw=1"));
    let parts: Vec<&str> = rest.split('/').collect();
    let tail = match parts.as_slice() {
        ["raw.githubusercontent.com", owner, repo, more @ ..] => Some((owner, repo, more)),
        ["github.com", owner, repo, "raw", more @ ..] => Some((owner, repo, more)),
        ["github.com", owner, repo, "blob", more @ ..] if raw_query => Some((owner, repo, more)),
        _ => None,
    };
    let Some((owner, repo, more)) = tail else {
        return path.to_string();
    };
    let more = match more {
        ["refs", "heads", branch_and_path @ ..] => branch_and_path,
        other => other,
    };
    if more.len() < 2 {
        return path.to_string();
    }
    let mut key = format!(
        "https://raw.githubusercontent.com/{owner}/{repo}/{}",
        more.join("/")
    );
    if let (Some(q), false) = (query, raw_query) {
        key.push('?');
        key.push_str(q);
    }
    key
}

/// The file name an address or path ends with (`.../data/iris.csv` → `iris.csv`).
pub fn file_name(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.rsplit('/').next().unwrap_or(path)
}

/// The files under one folder, for native runs (the runner's `--files DIR`): by relative
/// name, nothing outside the folder; a URL reads the file of the URL's file name anywhere
/// under the folder, so a lecture's address reads a local copy and nothing is fetched.
pub struct Folder(PathBuf);

impl Folder {
    pub fn new(dir: PathBuf) -> Self {
        Folder(dir)
    }

    /// The bytes for `path`, or why not, in words a learner can act on.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        if path.starts_with("http://") || path.starts_with("https://") {
            let name = file_name(&url_key(path)).to_string();
            return match find(&self.0, &name) {
                Some(file) => std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display())),
                None => Err(format!(
                    "no file named {name} under {} (URLs are read from local copies)",
                    self.0.display()
                )),
            };
        }
        let relative = Path::new(path);
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(format!(
                "{path}: only files under {} can be read",
                self.0.display()
            ));
        }
        std::fs::read(self.0.join(relative)).map_err(|e| format!("{path}: {e}"))
    }
}

/// The first file called `name` under `dir`, looking in `dir` itself first, then in its
/// folders in name order.
fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    let direct = dir.join(name);
    if direct.is_file() {
        return Some(direct);
    }
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    subdirs.iter().find_map(|d| find(d, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_raw_github_spelling_has_one_key() {
        let key = "https://raw.githubusercontent.com/taehojo/data/master/pima-indians-diabetes.csv";
        for spelling in [
            key,
            "https://raw.githubusercontent.com/taehojo/data/refs/heads/master/pima-indians-diabetes.csv",
            "http://raw.githubusercontent.com/taehojo/data/master/pima-indians-diabetes.csv",
            "https://github.com/taehojo/data/raw/master/pima-indians-diabetes.csv",
            "https://github.com/taehojo/data/raw/refs/heads/master/pima-indians-diabetes.csv",
            "https://github.com/taehojo/data/blob/master/pima-indians-diabetes.csv?raw=true",
        ] {
            assert_eq!(url_key(spelling), key, "{spelling}");
        }
        assert_eq!(
            url_key("https://github.com/a/b/blob/main/x/y.csv?raw=true"),
            "https://raw.githubusercontent.com/a/b/main/x/y.csv"
        );
        // A page of GitHub that is not the raw file, other sites and plain names stay.
        for other in [
            "https://github.com/taehojo/data/blob/master/iris.csv",
            "https://example.com/iris.csv",
            "data/iris.csv",
            "https://github.com/taehojo",
        ] {
            assert_eq!(url_key(other), other);
        }
        assert_eq!(file_name(key), "pima-indians-diabetes.csv");
        assert_eq!(file_name("https://x.org/a/b.csv?raw=true"), "b.csv");
        assert_eq!(file_name("iris.csv"), "iris.csv");
    }

    #[test]
    fn a_folder_reads_names_under_it_and_urls_by_file_name() {
        let dir = std::env::temp_dir().join(format!("noriteo-folder-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lesson")).expect("temp dir");
        std::fs::write(dir.join("lesson/iris.csv"), "a,b\n").expect("write");
        let folder = Folder::new(dir.clone());
        assert_eq!(folder.read("lesson/iris.csv"), Ok(b"a,b\n".to_vec()));
        for url in [
            "https://raw.githubusercontent.com/taehojo/data/master/iris.csv",
            "https://github.com/taehojo/data/blob/master/iris.csv?raw=true",
        ] {
            assert_eq!(folder.read(url), Ok(b"a,b\n".to_vec()), "{url}");
        }
        let missing = folder.read("https://example.com/data/wine.csv");
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.starts_with("no file named wine.csv under ")),
            "{missing:?}"
        );
        assert!(folder.read("../etc/passwd").is_err());
        assert!(folder.read("iris.csv").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
