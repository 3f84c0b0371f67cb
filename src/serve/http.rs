//! The HTTP side of `gongkai serve`: a few worker threads answering `GET`/`HEAD` from the
//! build folder, plus the `/__gongkai/` endpoints (the live-reload script and the build
//! counter it polls).
//!
//! It owns request-path safety: a path is percent-decoded one segment at a time, and
//! `.`/`..` segments, encoded slashes or backslashes, NUL and invalid UTF-8 are refused
//! (400) before the file system is touched; the file found is then checked, after
//! resolving links, to lie inside the build folder. It does not build anything: it reads
//! the [`State`] that `mod.rs` updates after every build.

use std::fs::File;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::page;
use super::{Outcome, State};

/// Enough for a browser's parallel requests; each answer is a file read.
const WORKERS: usize = 4;
/// HTML pages are read into memory to add the script; anything larger is sent as is.
const MAX_INJECT: u64 = 32 * 1024 * 1024;

/// The running server; [`Server::stop`] ends its threads.
pub(super) struct Server {
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

/// Starts answering on `listener` (already bound, so a port in use was reported before
/// any build started).
pub(super) fn start(listener: TcpListener, state: Arc<State>) -> anyhow::Result<Server> {
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("cannot start the web server ({e})"))?;
    let (server, stop) = (Arc::new(server), Arc::new(AtomicBool::new(false)));
    let workers = (0..WORKERS)
        .map(|_| {
            let (server, stop, state) = (server.clone(), stop.clone(), state.clone());
            std::thread::spawn(move || work(&server, &stop, &state))
        })
        .collect();
    Ok(Server { server, stop, workers })
}

impl Server {
    pub(super) fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

fn work(server: &tiny_http::Server, stop: &AtomicBool, state: &State) {
    while !stop.load(Ordering::SeqCst) {
        // A timeout, so the stop flag is seen even when no request comes.
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => {
                // The client may have gone away; nothing to do about it.
                let _ = answer(request, state);
            }
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// What a request asks for, once checked.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A file inside the build folder.
    File(PathBuf),
    /// A folder asked for without its final `/`: its relative links need one.
    Redirect(String),
    NotFound,
    BadRequest,
}

fn answer(request: Request, state: &State) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(text(405, "method not allowed\n"));
    }
    if !host_allowed(&request, state.port) {
        // A page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding) and
        // read the preview, internal records included: answer only our own names.
        return request.respond(text(403, "forbidden host\n"));
    }
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let version = state.version();
    match path {
        page::VERSION_PATH => return request.respond(text(200, &version.to_string())),
        page::SCRIPT_PATH => return request.respond(typed(200, page::SCRIPT, "js")),
        page::STYLE_PATH => return request.respond(typed(200, page::STYLE, "css")),
        _ if path.starts_with("/__gongkai/") => return request.respond(text(404, "not found\n")),
        _ => {}
    }
    if let Outcome::Broken(report) = &*state.outcome() {
        let html = page::error_page(state.lang, report, version);
        return request.respond(typed(500, &html, "html"));
    }
    match resolve(&state.root, &url) {
        Target::File(file) => request.respond(file_response(200, &file, version)),
        Target::Redirect(to) => {
            let mut response = text(301, "moved\n");
            if let Ok(location) = Header::from_bytes("Location", to.as_bytes()) {
                response.add_header(location);
            }
            request.respond(response)
        }
        Target::NotFound => {
            let not_found = state.root.join("404.html");
            if not_found.is_file() {
                request.respond(file_response(404, &not_found, version))
            } else {
                request.respond(text(404, "not found\n"))
            }
        }
        Target::BadRequest => request.respond(text(400, "bad request\n")),
    }
}

/// Only `127.0.0.1`, `localhost` and `[::1]` (with our port or none) may be the `Host`.
fn host_allowed(request: &Request, port: u16) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true; // HTTP/1.0 clients may send none
    };
    let host = host.value.as_str().to_ascii_lowercase();
    let name = match host.strip_suffix(&format!(":{port}")) {
        Some(name) => name,
        None => host.as_str(),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// Maps a request target onto the build folder `root`, refusing anything that could
/// leave it.
pub(super) fn resolve(root: &Path, url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    // Only origin-form targets (`/a/b`): not `http://…`, `*` or a bare name.
    if !path.starts_with('/') {
        return Target::BadRequest;
    }
    let mut relative = PathBuf::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let Some(segment) = decode(raw) else { return Target::BadRequest };
        if segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']) {
            return Target::BadRequest;
        }
        relative.push(segment);
    }
    let mut full = root.join(&relative);
    if full.is_dir() {
        if !path.ends_with('/') {
            let query = url.find('?').map_or("", |at| &url[at..]);
            return Target::Redirect(format!("{path}/{query}"));
        }
        full.push("index.html");
    }
    // Belt and braces: whatever the segments were, the file must be inside `root` once
    // links are resolved (the build writes none, but the folder is on a shared disk).
    match (full.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

/// Percent-decodes one path segment; `None` for a malformed escape or invalid UTF-8.
fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A file of the build; HTML pages get the live-reload script.
fn file_response(status: u16, file: &Path, version: u64) -> Response<Box<dyn Read + Send>> {
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if matches!(extension.as_str(), "html" | "htm") && size <= MAX_INJECT {
        return match std::fs::read_to_string(file) {
            Ok(html) => boxed(typed(status, &page::inject(&html, version), "html")),
            Err(_) => boxed(text(404, "not found\n")),
        };
    }
    match File::open(file) {
        Ok(handle) => {
            let mut response = Response::from_file(handle).with_status_code(StatusCode(status));
            add_common_headers(&mut response, content_type(&extension));
            boxed(response)
        }
        Err(_) => boxed(text(404, "not found\n")),
    }
}

fn boxed<R: Read + Send + 'static>(response: Response<R>) -> Response<Box<dyn Read + Send>> {
    response.boxed()
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    typed(status, body, "txt")
}

fn typed(status: u16, body: &str, extension: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response =
        Response::from_data(body.as_bytes().to_vec()).with_status_code(StatusCode(status));
    add_common_headers(&mut response, content_type(extension));
    response
}

fn add_common_headers<R: Read>(response: &mut Response<R>, content_type: &str) {
    // A preview must never show a page from before the last rebuild.
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
}

/// The media type of the files a site holds (SPEC §5), by extension.
pub(super) fn content_type(extension: &str) -> &'static str {
    match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |rel: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, "x").unwrap_or_else(|e| panic!("{e}"));
        };
        write("site/index.html");
        write("site/a/index.html");
        write("site/a/b c.pdf");
        write("secret.txt");
        dir
    }

    #[test]
    fn files_and_folders_resolve_inside_the_root() {
        let dir = site();
        let root = dir.path().join("site");
        let file = |rel: &str| Target::File(root.join(rel).canonicalize().unwrap_or_default());
        assert_eq!(resolve(&root, "/"), file("index.html"));
        assert_eq!(resolve(&root, "/a/"), file("a/index.html"));
        assert_eq!(resolve(&root, "/a/?q=1"), file("a/index.html"));
        assert_eq!(resolve(&root, "/a/b%20c.pdf"), file("a/b c.pdf"));
        assert_eq!(resolve(&root, "/a?q=1"), Target::Redirect("/a/?q=1".into()));
        assert_eq!(resolve(&root, "/nothing.html"), Target::NotFound);
    }

    #[test]
    fn escapes_from_the_root_are_refused() {
        let dir = site();
        let root = dir.path().join("site");
        for url in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/a%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/index.html%00",
            "/%ff",
            "/%2",
            "/./index.html",
            "secret.txt",
            "http://evil/../secret.txt",
        ] {
            assert_eq!(resolve(&root, url), Target::BadRequest, "{url}");
        }
        // An absolute path in the target is just a path under the root.
        assert_eq!(resolve(&root, "//etc/passwd"), Target::NotFound);
        assert_eq!(resolve(&root, &format!("/{}", dir.path().display())), Target::NotFound);
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("html"), "text/html; charset=utf-8");
        assert_eq!(content_type("ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("exe"), "application/octet-stream");
    }
}
