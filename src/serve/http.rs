//! The preview's HTTP side: files from the output folder and nothing else, the
//! live-reload channel, and the reload script and overlay added to HTML pages.

use super::Status;
use super::inject::{self, EVENTS_PATH};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Clone)]
pub struct AppState {
    /// The output folder: the only place files are served from.
    pub root: Arc<PathBuf>,
    pub status: watch::Receiver<Status>,
    /// Listening on a loopback address: only accept requests naming a loopback host,
    /// so a web page elsewhere cannot read the preview by re-pointing its own domain
    /// at 127.0.0.1 (DNS rebinding).
    pub loopback_only: bool,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(file)
        .with_state(state)
}

/// The live-reload channel: the current build token on connect, then one event per
/// finished build. The stream ends when the preview stops.
async fn events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(refusal) = refuse_host(&state, &headers) {
        return refusal;
    }
    let stream =
        futures_util::stream::unfold((state.status.clone(), true), |(mut rx, first)| async move {
            if !first && rx.changed().await.is_err() {
                return None;
            }
            let token = rx.borrow_and_update().token.clone();
            let event = Event::default().event("build").data(token);
            Some((Ok::<_, Infallible>(event), (rx, false)))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn file(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(refusal) = refuse_host(&state, &headers) {
        return refusal;
    }
    if method != Method::GET && method != Method::HEAD {
        let mut response = text_response(StatusCode::METHOD_NOT_ALLOWED, "预览只支持 GET 请求\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let root = state.root.clone();
    let path = uri.path().to_string();
    let found = tokio::task::spawn_blocking(move || lookup(&root, &path))
        .await
        .unwrap_or(Found::NotFound);
    let status = state.status.borrow().clone();
    let mut response = match found {
        Found::File { bytes, ext } => {
            let kind = content_type(&ext);
            let body = if kind.starts_with("text/html") {
                inject::inject(&bytes, &status.snippet())
            } else {
                bytes
            };
            let mut r = Response::new(Body::from(body));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            r
        }
        Found::Redirect(location) => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::PERMANENT_REDIRECT;
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Found::NotFound => {
            let page = inject::not_found_page(uri.path());
            let body = inject::inject(page.as_bytes(), &status.snippet());
            let mut r = Response::new(Body::from(body));
            *r.status_mut() = StatusCode::NOT_FOUND;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
    };
    let h = response.headers_mut();
    // Every save changes pages: never let the browser keep an old copy.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

fn text_response(code: StatusCode, text: &'static str) -> Response {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn refuse_host(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    if !state.loopback_only {
        return None;
    }
    let host = headers.get(header::HOST)?.to_str().unwrap_or("");
    if is_loopback_host(host) {
        None
    } else {
        Some(text_response(
            StatusCode::FORBIDDEN,
            "预览只接受本机地址（127.0.0.1、localhost）的访问\n",
        ))
    }
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, _)) => inside,
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    let name = name.trim_end_matches('.');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What a request path names inside the output folder.
#[derive(Debug, PartialEq)]
pub enum Found {
    File {
        bytes: Vec<u8>,
        ext: String,
    },
    /// A folder asked for without the trailing `/`: relative links in its
    /// `index.html` need it.
    Redirect(String),
    NotFound,
}

/// Resolves a raw (still percent-encoded) request path to a file inside `root`.
/// Anything that would leave `root` — `..` in any spelling, encoded slashes,
/// symbolic links pointing outside — is not found.
pub fn lookup(root: &Path, raw_path: &str) -> Found {
    let Some(rel) = safe_relative(raw_path) else {
        return Found::NotFound;
    };
    let Ok(canon_root) = root.canonicalize() else {
        return Found::NotFound;
    };
    let Some(target) = confined(&canon_root, &canon_root.join(&rel.path)) else {
        return Found::NotFound;
    };
    let target = if target.is_dir() {
        if !rel.trailing_slash && !rel.segments.is_empty() {
            return Found::Redirect(format!("/{}/", rel.segments.join("/")));
        }
        match confined(&canon_root, &target.join("index.html")) {
            Some(index) => index,
            None => return Found::NotFound,
        }
    } else {
        target
    };
    if !target.is_file() {
        return Found::NotFound;
    }
    match std::fs::read(&target) {
        Ok(bytes) => Found::File {
            bytes,
            ext: target
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default(),
        },
        Err(_) => Found::NotFound,
    }
}

/// `path` with every symbolic link resolved, if it exists and stays inside
/// `canon_root`.
fn confined(canon_root: &Path, path: &Path) -> Option<PathBuf> {
    let canon = path.canonicalize().ok()?;
    canon.starts_with(canon_root).then_some(canon)
}

/// A request path checked segment by segment.
#[derive(Debug, PartialEq)]
pub struct SafePath {
    /// The decoded path relative to the output folder.
    pub path: PathBuf,
    /// The segments as they came (still encoded), for redirects.
    pub segments: Vec<String>,
    pub trailing_slash: bool,
}

/// Decodes a request path; `None` when any segment, once decoded, is `.` or `..`,
/// holds a slash, backslash or NUL, is not UTF-8, or has a malformed `%` escape.
pub fn safe_relative(raw_path: &str) -> Option<SafePath> {
    let raw_path = raw_path.split(['?', '#']).next().unwrap_or("");
    let mut path = PathBuf::new();
    let mut segments = Vec::new();
    for seg in raw_path.split('/').filter(|s| !s.is_empty()) {
        let text = String::from_utf8(percent_decode(seg)?).ok()?;
        if text == "." || text == ".." || text.contains(['/', '\\', '\0']) {
            return None;
        }
        path.push(&text);
        segments.push(seg.to_string());
    }
    Some(SafePath {
        path,
        segments,
        trailing_slash: raw_path.ends_with('/'),
    })
}

fn percent_decode(seg: &str) -> Option<Vec<u8>> {
    let bytes = seg.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn paths_that_climb_or_smuggle_slashes_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/%2F..%2Fx",
            "/a%2fb",
            "/a%5cb",
            "/a%00b",
            "/./x",
            "/%zz",
            "/%2",
            "/%ff",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
        let ok = safe_relative("/notices/hh-first/").unwrap();
        assert_eq!(ok.path, PathBuf::from("notices/hh-first"));
        assert!(ok.trailing_slash);
        let ok = safe_relative("//static/%E6%A0%B7.css?x=1").unwrap();
        assert_eq!(ok.path, PathBuf::from("static/样.css"));
        assert_eq!(ok.segments, vec!["static", "%E6%A0%B7.css"]);
    }

    #[test]
    fn serves_inside_files_folders_and_nothing_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("a/index.html"), "a").unwrap();
        fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("a/index.html"), root.join("inside.html")).unwrap();

        let file = |bytes: &[u8], ext: &str| Found::File {
            bytes: bytes.to_vec(),
            ext: ext.to_string(),
        };
        assert_eq!(lookup(&root, "/"), file(b"home", "html"));
        assert_eq!(lookup(&root, "/a/"), file(b"a", "html"));
        assert_eq!(lookup(&root, "/a"), Found::Redirect("/a/".into()));
        assert_eq!(lookup(&root, "/inside.html"), file(b"a", "html"));
        assert_eq!(lookup(&root, "/link.txt"), Found::NotFound);
        assert_eq!(lookup(&root, "/up/secret.txt"), Found::NotFound);
        assert_eq!(lookup(&root, "/../secret.txt"), Found::NotFound);
        assert_eq!(lookup(&root, "/%2e%2e/secret.txt"), Found::NotFound);
        assert_eq!(lookup(&root, "/missing.html"), Found::NotFound);
    }

    #[test]
    fn only_loopback_hosts_pass() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example:1111", "10.0.0.1", "[::2]:1", "localhost.evil"] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
