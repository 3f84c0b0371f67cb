//! `gongkai serve` driven as a user drives it: the real binary on a copy of a fixture,
//! talked to over HTTP on 127.0.0.1 (issue #6). Every wait has a deadline, so a bug fails
//! the test instead of hanging it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Repo;

const AS_OF: &str = "2026-11-26";
const DEADLINE: Duration = Duration::from_secs(30);
const RECORD: &str = "units/city/town/external/notes/2026-09-01-road.md";
const RECORD_URL: &str = "/city/town/external/notes/2026-09-01-road/";

/// A running `gongkai serve`, killed when dropped (also when the test fails).
struct Server {
    child: Child,
    address: SocketAddr,
    stderr: std::sync::mpsc::Receiver<String>,
    /// The server's `TMPDIR`: the guard kills it, which leaves no chance to clean up, so
    /// its temporary build folder goes with this one.
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `serve --port 0` (any free port) and reads the address from stdout.
    fn start(repo: &Repo, extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(common::BIN)
            .args(["serve", "--port", "0", "--as-of", AS_OF, "--lang", "en"])
            .args(extra)
            .arg(repo.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("TZ", "Asia/Shanghai")
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run gongkai serve");
        // Both pipes are read on threads, so a chatty server never blocks on a full pipe
        // and a silent one cannot hang the test.
        let (url_tx, url_rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = url_tx.send(line);
            }
        });
        let (err_tx, err_rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = err_tx.send(line);
            }
        });
        let url = match url_rx.recv_timeout(DEADLINE) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let log: Vec<String> = err_rx.try_iter().collect();
                panic!("serve printed no address in {DEADLINE:?}; stderr:\n{}", log.join("\n"));
            }
        };
        let address = url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("not an address: {url:?}"));
        Server { child, address, stderr: err_rx, _tmp: tmp }
    }

    fn get(&self, target: &str) -> Response {
        get(self.address, target, None)
    }

    /// Polls `target` until `done` holds, or panics at the deadline with the last answer.
    fn poll(&self, target: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let response = self.get(target);
            if done(&response) {
                return response;
            }
            if start.elapsed() > DEADLINE {
                let log: Vec<String> = self.stderr.try_iter().collect();
                panic!(
                    "waited {DEADLINE:?} for {what} at {target}; last answer {}:\n{}\nstderr:\n{}",
                    response.status,
                    response.body,
                    log.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn version(&self) -> String {
        self.get("/__gongkai/version").body
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: String,
}

/// A plain HTTP/1.0 GET: the request target is sent exactly as given (no client
/// normalises `..` away). Status 0 when the connection fails.
fn get(address: SocketAddr, target: &str, host: Option<&str>) -> Response {
    let failed =
        |e: std::io::Error| Response { status: 0, head: String::new(), body: e.to_string() };
    let mut stream = match TcpStream::connect_timeout(&address, Duration::from_secs(5)) {
        Ok(stream) => stream,
        Err(e) => return failed(e),
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let host = host.map_or_else(|| address.to_string(), str::to_owned);
    let request = format!("GET {target} HTTP/1.0\r\nHost: {host}\r\n\r\n");
    if let Err(e) = stream.write_all(request.as_bytes()) {
        return failed(e);
    }
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        return failed(e);
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Response { status, head: head.to_owned(), body: body.to_owned() }
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn serves_the_site_on_127_0_0_1_with_the_reload_script() {
    let repo = Repo::fixture("site/basic");
    let server = Server::start(&repo, &[]);
    assert_eq!(server.address.ip().to_string(), "127.0.0.1");
    let home = server.poll("/", "the home page", |r| r.status == 200);
    assert_eq!(header(&home, "Content-Type"), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("<html lang=\"zh-CN\""), "{}", home.body);
    // The reload script is a file (the CSP allows no inline script), put before </body>.
    assert!(home.body.contains("<script src=\"/__gongkai/livereload.js\" data-version=\"1\""));
    assert!(!home.body.contains("<script>"));
    let script = server.get("/__gongkai/livereload.js");
    assert_eq!(script.status, 200);
    assert_eq!(header(&script, "Content-Type"), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("/__gongkai/version"));
    assert_eq!(server.version(), "1");

    let record = server.get(RECORD_URL);
    assert_eq!(record.status, 200);
    assert!(record.body.contains("关于村道维修工程的公告"));
    // A folder without its final slash is redirected, so its relative links work.
    let folder = server.get(RECORD_URL.trim_end_matches('/'));
    assert_eq!(folder.status, 301);
    assert_eq!(header(&folder, "Location"), Some(RECORD_URL));

    for (target, media) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/catalogue.json", "application/json"),
        ("/catalogue.csv", "text/csv; charset=utf-8"),
        ("/calendar.ics", "text/calendar; charset=utf-8"),
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(header(&response, "Content-Type"), Some(media), "{target}");
    }
    // Only HTML gets the script.
    assert!(!server.get("/catalogue.json").body.contains("livereload"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("页面不存在"), "the site's 404.html: {}", missing.body);

    // Bound to 127.0.0.1 only: another loopback address of the machine is refused.
    let elsewhere = SocketAddr::from(([127, 0, 0, 2], server.address.port()));
    #[cfg(target_os = "linux")]
    assert_eq!(get(elsewhere, "/", None).status, 0, "answered on 127.0.0.2");
    let _ = elsewhere;
    // A page elsewhere pointing its own name at 127.0.0.1 (DNS rebinding) gets nothing.
    assert_eq!(get(server.address, "/", Some("evil.example")).status, 403);
    assert_eq!(get(server.address, "/", Some("localhost")).status, 200);
}

#[test]
fn path_traversal_is_refused() {
    let repo = Repo::fixture("site/basic");
    let server = Server::start(&repo, &[]);
    server.poll("/", "the home page", |r| r.status == 200);
    for target in [
        "/../gongkai.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2fgongkai.toml",
        "/static/..%2f..%2fgongkai.toml",
        "/..%5c..%5cgongkai.toml",
        "/index.html%00.css",
        "/%ff%fe",
        "/./index.html",
        "http://127.0.0.1/../gongkai.toml",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 400, "{target}: {}", response.body);
        assert!(!response.body.contains("[refresh]") && !response.body.contains("root:"));
    }
    // An absolute path is a path under the site, where nothing is.
    for target in ["//etc/passwd", &format!("/{}/gongkai.toml", repo.path().display())] {
        assert_eq!(server.get(target).status, 404, "{target}");
    }
}

#[test]
fn rebuilds_on_change_and_shows_errors_until_they_are_fixed() {
    let repo = Repo::fixture("site/basic");
    let server = Server::start(&repo, &[]);
    server.poll(RECORD_URL, "the record", |r| r.status == 200);
    let original = std::fs::read_to_string(repo.path().join(RECORD)).unwrap();

    // An edit: the new title appears and the build counter moves on.
    let before = server.version();
    repo.write(RECORD, original.replace("关于村道维修工程的公告", "村道维修工程已开工"));
    server.poll(RECORD_URL, "the new title", |r| r.body.contains("村道维修工程已开工"));
    // (The folder is swapped in just before the counter moves on.)
    server.poll("/__gongkai/version", "a new version", |r| r.body != before);

    // Broken TOML: every page shows the diagnostic, and the server stays up.
    repo.write(RECORD, original.replace("published = 2026-09-01", "published = \"2026-09-01"));
    let broken = server.poll("/", "the error page", |r| r.status == 500);
    assert!(broken.body.contains("toml-syntax"), "{}", broken.body);
    assert!(broken.body.contains("2026-09-01-road.md:3:"), "{}", broken.body);
    assert!(broken.body.contains("<script src=\"/__gongkai/livereload.js\""));
    assert!(broken.body.contains("&quot;2026-09-01"), "the source line, escaped: {}", broken.body);
    assert_eq!(server.get(RECORD_URL).status, 500);
    assert_eq!(server.get("/__gongkai/version").status, 200);

    // Fixed: the site comes back.
    repo.write(RECORD, &original);
    let back = server.poll(RECORD_URL, "the site to come back", |r| r.status == 200);
    assert!(back.body.contains("关于村道维修工程的公告"));

    // Outputs and editors' files do not trigger rebuilds.
    let settled = server.version();
    repo.write("public/index.html", "x");
    repo.write("units/city/town/external/notes/.2026-09-01-road.md.swp", "x");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.version(), settled);
}

#[test]
fn the_reload_script_never_reaches_a_build() {
    let repo = Repo::fixture("site/basic");
    let out = repo.run(&["build", "--as-of", AS_OF, "--out", "public"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let home = std::fs::read_to_string(repo.path().join("public/index.html")).unwrap();
    assert!(!home.contains("__gongkai"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let repo = Repo::fixture("site/basic");
    let out = common::run_timed(
        repo.path(),
        &["serve", "--port", &port, "--as-of", AS_OF, "--lang", "en"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("port {port} is in use")), "{}", out.stderr);
    assert!(out.stderr.contains("--port"), "{}", out.stderr);
}

#[test]
fn a_folder_that_is_not_a_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run_timed(dir.path(), &["serve", "--port", "0", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// Ctrl-C (SIGINT) stops the server, exit 0, and removes the temporary build folder.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_and_cleans_up() {
    let repo = Repo::fixture("site/basic");
    let mut server = Server::start(&repo, &["-v"]);
    server.poll("/", "the home page", |r| r.status == 200);
    let folder = server
        .stderr
        .recv_timeout(DEADLINE)
        .into_iter()
        .chain(std::iter::from_fn(|| server.stderr.recv_timeout(DEADLINE).ok()))
        .find_map(|line| line.strip_prefix("temporary folder: ").map(std::path::PathBuf::from))
        .expect("`-v` names the temporary folder");
    assert!(folder.join("site/index.html").is_file(), "{}", folder.display());
    assert!(folder.starts_with(server._tmp.path()), "TMPDIR is respected");
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    assert!(sent.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    assert!(!folder.exists(), "{} was not removed", folder.display());
}
