//! A static file server for the page on 127.0.0.1 only. The page needs no special headers,
//! so what works here works on GitHub Pages too.

use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

pub fn forever(dir: &Path, port: u16) -> Result<(), String> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("\nNoriteo is ready: http://127.0.0.1:{port}/   (Ctrl+C to stop)");
    handle(server, vec![(String::from("/"), dir.to_path_buf())]);
    Ok(())
}

/// Serves `dir` on a free port in a background thread, for the tests.
pub fn background(dir: &Path) -> Result<(u16, JoinHandle<()>), String> {
    background_mounts(vec![(String::from("/"), dir.to_path_buf())])
}

/// Serves several folders, each under its URL prefix (the longest prefix wins).
pub fn background_mounts(
    mut mounts: Vec<(String, PathBuf)>,
) -> Result<(u16, JoinHandle<()>), String> {
    mounts.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    let server =
        Server::http("127.0.0.1:0").map_err(|e| format!("cannot start the test server: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("the test server has no port")?;
    Ok((port, std::thread::spawn(move || handle(server, mounts))))
}

/// Answers requests on a few threads, so that one slow transfer (a large data file to a
/// busy browser) never holds up the page's other requests.
fn handle(server: Server, mounts: Vec<(String, PathBuf)>) {
    let server = std::sync::Arc::new(server);
    let mounts = std::sync::Arc::new(mounts);
    let workers: Vec<JoinHandle<()>> = (0..8)
        .map(|_| {
            let (server, mounts) = (server.clone(), mounts.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    answer(request, &mounts);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

fn answer(request: tiny_http::Request, mounts: &[(String, PathBuf)]) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let found = mounts
        .iter()
        .find(|(prefix, _)| url.starts_with(prefix.as_str()))
        .and_then(|(prefix, dir)| resolve(dir, &url[prefix.len() - 1..]));
    let response = match found {
        Some(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let r = Response::from_data(bytes);
                match Header::from_bytes("Content-Type", content_type(&path)) {
                    Ok(h) => r.with_header(h),
                    Err(()) => r,
                }
            }
            Err(_) => not_found(),
        },
        None => not_found(),
    };
    let _ = request.respond(response);
}

/// Maps a URL path to a file under `dir`, refusing anything that would leave it.
fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url);
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut path = dir.join(rel);
    if path.is_dir() {
        path = path.join("index.html");
    }
    path.is_file().then_some(path)
}

/// Decodes `%XX` escapes; invalid escapes stay as written and invalid UTF-8 becomes U+FFFD.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string("404 not found").with_status_code(404)
}

fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_folder() {
        let dir = std::env::temp_dir();
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&dir, "/a/%2E%2E/%2e%2e/etc/passwd"), None);
        assert_eq!(percent_decode("/a%20b"), "/a b");
    }

    #[test]
    fn a_bad_escape_before_a_multibyte_character_is_kept_as_text() {
        // `%a` followed by `é` used to slice through the middle of the two-byte `é`.
        assert_eq!(percent_decode("/%aé"), "/%aé");
        assert_eq!(percent_decode("/%é"), "/%é");
        assert_eq!(percent_decode("/%"), "/%");
        assert_eq!(percent_decode("/%ff"), "/\u{fffd}");
        assert_eq!(resolve(&std::env::temp_dir(), "/%aé"), None);
    }
}
