//! Names of the files a cell reads. Lecture notes copy raw GitHub addresses in several
//! spellings that all name one file; [`url_key`] gives them one key, so an answer for one
//! spelling answers the others and a host can map the key to a bundled copy.

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
}
