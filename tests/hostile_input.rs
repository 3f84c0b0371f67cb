//! Hostile input: whatever is in the repository, `gongkai check` reports it and exits 0, 1
//! or 2 — never 101 (a panic), never a crash by signal, never a hang.
//!
//! The inputs are generated here (random bytes, TOML token soup, NUL bytes, a BOM, CRLF,
//! deep nesting, huge numbers, odd keys, special files) rather than stored as fixtures,
//! so git cannot normalise them and each test shows what it feeds in.

mod common;

use common::{Output, Repo};

const NOTES: &str = "units/town/external/notes";

/// Every output format, so that each renderer sees the hostile input too.
const FORMATS: [&str; 5] = ["human", "short", "json", "github", "junit"];

/// Runs `check` in every format; asserts a clean exit (0 or 1) and a parseable JSON
/// document, and returns the JSON run.
#[track_caller]
fn check_all_formats(repo: &Repo) -> (i32, serde_json::Value) {
    for format in FORMATS {
        let out =
            repo.run_timed(&["check", "--format", format, "--as-of", "2026-11-26", "--lang", "zh"]);
        assert_clean_exit(&out, format);
    }
    let (code, value) = repo.check_json();
    assert!(code == 0 || code == 1, "exit {code}: {value:#}");
    (code, value)
}

#[track_caller]
fn assert_clean_exit(out: &Output, what: &str) {
    assert!(
        out.code == 0 || out.code == 1,
        "{what}: exit code {} (101 is a panic, -1 a signal)\nstderr:\n{}",
        out.code,
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{what}: {}", out.stderr);
}

/// A small deterministic generator (xorshift64*), so failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Text made of TOML and front-matter tokens: reaches the parsers' deeper paths far
    /// more often than random bytes do.
    fn toml_soup(&mut self, tokens: usize) -> String {
        const TOKENS: &[&str] = &[
            "title",
            "published",
            "status",
            "feedback",
            "amount",
            "class",
            "index_no",
            "tags",
            "reviewed_on",
            "body",
            "summary",
            "\"published\"",
            "'标题'",
            "a.b",
            "\"a.b\"",
            " = ",
            "=",
            "\n",
            "\r\n",
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            ",",
            "\"",
            "'''",
            "\"\"\"",
            "2026-02-30",
            "2026-03-18",
            "2026-03-18T25:61:00",
            "1979-05-27T07:32:00Z",
            "07:32:00",
            "99999999999999999999999",
            "-0",
            "1.005",
            "1e400",
            "nan",
            "inf",
            "0x7fff",
            "true",
            "\"仙女镇\"",
            "\"published\"",
            "\"publised\"",
            "\"external/notes\"",
            "<b>",
            "+++",
            "+++\n",
            "\u{feff}",
            "\0",
            "\\",
            "\\u0000",
            "#",
            " ",
            "\t",
            "[[feedback]]\n",
            "received = ",
            "question = ",
            "[refresh]\n",
            "windows = ",
            "\"08-25..08-15\"",
        ];
        (0..tokens).map(|_| TOKENS[self.below(TOKENS.len())]).collect()
    }
}

#[test]
fn random_bytes_in_every_kind_of_file_never_crash() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..4 {
        let repo = Repo::fixture("valid/minimal");
        for i in 0..12 {
            let len = rng.below(400);
            let mut bytes = rng.bytes(len);
            if i % 3 == 0 {
                // Behind a valid opening fence, the bytes reach the front-matter parser.
                bytes.splice(0..0, b"+++\n".iter().copied());
            }
            let ext = if i % 2 == 0 { "md" } else { "toml" };
            repo.write(&format!("{NOTES}/r{round}-{i}.{ext}"), bytes);
        }
        let unit = rng.bytes(200);
        repo.write("units/town/unit.toml", unit);
        if round % 2 == 1 {
            repo.write("gongkai.toml", rng.bytes(100));
            repo.write("catalogues/fixture.toml", rng.bytes(100));
        }
        let (code, _) = check_all_formats(&repo);
        assert_eq!(code, 1, "round {round}");
    }
}

#[test]
fn toml_token_soup_in_every_kind_of_file_never_crashes() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for round in 0..6 {
        let repo = Repo::fixture("valid/minimal");
        for i in 0..15 {
            let tokens = 5 + rng.below(60);
            let soup = rng.toml_soup(tokens);
            if i % 2 == 0 {
                repo.write(
                    &format!("{NOTES}/s{round}-{i}.md"),
                    format!("+++\n{soup}\n+++\n{soup}"),
                );
            } else {
                repo.write(&format!("{NOTES}/s{round}-{i}.toml"), soup);
            }
        }
        repo.write("units/town/unit.toml", rng.toml_soup(40));
        repo.write("units/town/requests/r.toml", rng.toml_soup(40));
        if round % 2 == 1 {
            repo.write("gongkai.toml", rng.toml_soup(30));
        }
        check_all_formats(&repo);
    }
}

#[test]
fn nul_bytes_are_reported_not_fatal() {
    let repo = Repo::fixture("valid/minimal");
    repo.write(&format!("{NOTES}/a.md"), "+++\ntitle = \"a\0b\"\n+++\n");
    repo.write(&format!("{NOTES}/b.md"), "+++\ntitle = \"b\"\n+++\n正文\0\0\0");
    repo.write(&format!("{NOTES}/c.toml"), "\0\0\0\0");
    let (_, value) = check_all_formats(&repo);
    let lines = common::diagnostic_lines(&value);
    let expected =
        [format!("toml-syntax {NOTES}/a.md:2:11"), format!("toml-syntax {NOTES}/c.toml:1:1")];
    assert_eq!(lines, expected);
}

#[test]
fn a_byte_order_mark_on_every_file_is_accepted() {
    let repo = Repo::fixture("valid/minimal");
    for file in [
        "gongkai.toml",
        "catalogues/fixture.toml",
        "units/town/unit.toml",
        "units/town/external/notes/2026-notice.md",
    ] {
        let text = std::fs::read_to_string(repo.path().join(file)).unwrap();
        repo.write(file, format!("\u{feff}{text}"));
    }
    repo.write(&format!("{NOTES}/b.toml"), "\u{feff}title = \"b\"\n");
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 0, "{value:#}");
    // Only a BOM is an empty file.
    repo.write(&format!("{NOTES}/c.md"), "\u{feff}");
    assert_eq!(repo.diagnostics().1, [format!("empty-file {NOTES}/c.md:1:1")]);
}

#[test]
fn crlf_files_check_clean_and_keep_their_positions() {
    let repo = Repo::fixture("valid/minimal");
    for file in [
        "gongkai.toml",
        "catalogues/fixture.toml",
        "units/town/unit.toml",
        "units/town/external/notes/2026-notice.md",
    ] {
        let text = std::fs::read_to_string(repo.path().join(file)).unwrap();
        repo.write(file, text.replace('\n', "\r\n"));
    }
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 0, "{value:#}");
    repo.write(
        &format!("{NOTES}/b.md"),
        "+++\r\ntitle = \"b\"\r\nstatus = \"done\"\r\n+++\r\nbody <i>x</i>\r\n",
    );
    let (code, lines) = repo.diagnostics();
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [format!("invalid-value {NOTES}/b.md:3:10"), format!("raw-html {NOTES}/b.md:5:6")]
    );
}

#[test]
fn lone_carriage_returns_and_odd_fences() {
    let repo = Repo::fixture("valid/minimal");
    repo.write(&format!("{NOTES}/a.md"), "+++\rtitle = \"a\"\r+++\r");
    repo.write(&format!("{NOTES}/b.md"), "+++");
    repo.write(&format!("{NOTES}/c.md"), "+++\n+++");
    repo.write(&format!("{NOTES}/d.md"), "++++\ntitle = \"d\"\n++++\n");
    repo.write(&format!("{NOTES}/e.md"), " +++\ntitle = \"e\"\n+++\n");
    repo.write(&format!("{NOTES}/f.md"), "+++ \t\ntitle = \"f\"\n+++   \n");
    let (_, value) = check_all_formats(&repo);
    assert_eq!(
        common::diagnostic_lines(&value),
        [
            format!("front-matter-missing {NOTES}/a.md:1:1"),
            format!("front-matter-unclosed {NOTES}/b.md:1:1"),
            format!("missing-key {NOTES}/c.md:1:1"),
            format!("front-matter-missing {NOTES}/d.md:1:1"),
            format!("front-matter-missing {NOTES}/e.md:1:1"),
        ]
    );
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let repo = Repo::fixture("valid/minimal");
    let depth = 100_000;
    let tables = format!("title = \"x\"\na = {}1{}\n", "{b = ".repeat(depth), "}".repeat(depth));
    let arrays = format!("title = \"x\"\na = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let dotted = format!("title = \"x\"\n{} = 1\n", vec!["a"; 5_000].join("."));
    let headers = format!("title = \"x\"\n[{}]\n", vec!["a"; 5_000].join("."));
    repo.write(&format!("{NOTES}/tables.toml"), tables);
    repo.write(&format!("{NOTES}/arrays.toml"), arrays);
    repo.write(&format!("{NOTES}/dotted.toml"), dotted);
    repo.write(&format!("{NOTES}/headers.toml"), headers);
    repo.write(
        &format!("{NOTES}/front.md"),
        format!("+++\ntitle = \"x\"\nq = {}\n+++\n", "[".repeat(depth)),
    );
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 1);
    // Each file has its diagnostics, on line 2 or 3 where the nesting is.
    for file in ["tables.toml", "arrays.toml", "dotted.toml", "headers.toml", "front.md"] {
        let path = format!("{NOTES}/{file}");
        let found = value["diagnostics"].as_array().unwrap().iter().any(|d| d["file"] == path);
        assert!(found, "{path}: {:#}", value["diagnostics"]);
    }
}

#[test]
fn huge_numbers_are_values_out_of_range_not_overflows() {
    let repo = Repo::fixture("valid/minimal");
    repo.write(
        "gongkai.toml",
        "title = \"x\"\nbase_url = \"https://a/\"\n[refresh]\nwindows = []\ndynamic_within_days = 99999999999999999999\n",
    );
    repo.write(
        &format!("{NOTES}/a.toml"),
        "title = \"a\"\nindex_no = 99999999999999999999\namount = 99999999999999999999\n",
    );
    repo.write(&format!("{NOTES}/b.toml"), "title = \"b\"\namount = 92233720368547758.08\n");
    repo.write(&format!("{NOTES}/c.toml"), "title = \"c\"\namount = -92233720368547758.08\n");
    repo.write(&format!("{NOTES}/d.toml"), "title = \"d\"\namount = 1e400\n");
    repo.write(&format!("{NOTES}/e.toml"), "title = \"e\"\namount = 92233720368547758.07\n");
    repo.write(&format!("{NOTES}/f.toml"), "title = \"f\"\namount = nan\n");
    let (_, value) = check_all_formats(&repo);
    assert_eq!(
        common::diagnostic_lines(&value),
        [
            "wrong-type gongkai.toml:5:23".to_owned(),
            format!("wrong-type {NOTES}/a.toml:2:12"),
            format!("invalid-money {NOTES}/a.toml:3:10"),
            format!("invalid-money {NOTES}/b.toml:2:10"),
            format!("invalid-money {NOTES}/c.toml:2:10"),
            format!("invalid-money {NOTES}/d.toml:2:10"),
            format!("invalid-money {NOTES}/f.toml:2:10"),
        ]
    );
}

#[test]
fn extreme_dates_and_as_of_days_do_not_overflow() {
    let repo = Repo::fixture("valid/minimal");
    repo.write(
        "gongkai.toml",
        "title = \"x\"\nbase_url = \"https://a/\"\n[refresh]\nwindows = [\"01-01..12-31\", \"02-29..02-29\"]\ndynamic_within_days = 9223372036854775807\n",
    );
    repo.write(
        &format!("{NOTES}/a.md"),
        "+++\ntitle = \"a\"\npublished = 9999-12-31\nevent = 0000-01-01\nreviewed_by = \"张\"\nreviewed_on = 0000-01-01\nexpires = 9999-12-31\nreconfirmed = [0000-01-01, 9999-12-31]\n[[feedback]]\nreceived = 0000-01-01\nquestion = \"q\"\n+++\n",
    );
    for as_of in ["0000-01-01", "0001-03-01", "2024-02-29", "9999-12-31"] {
        for format in FORMATS {
            let out = repo.run_timed(&["check", "--format", format, "--as-of", as_of]);
            assert_clean_exit(&out, &format!("--as-of {as_of} --format {format}"));
        }
    }
}

#[test]
fn odd_keys_quoted_dotted_empty_and_chinese() {
    let repo = Repo::fixture("valid/minimal");
    repo.write(
        &format!("{NOTES}/a.md"),
        "+++\n\"title\" = \"a\"\n'published' = 2026-03-18\n\"reviewed_by\" = \"张\"\nreviewed_on = 2026-03-16\n+++\n",
    );
    repo.write(
        &format!("{NOTES}/b.toml"),
        "title = \"b\"\n\"\" = 1\n\"a.b\" = 1\nc.\"d.e\" = 2\n\"标题\" = \"x\"\ntitle2.x = 1\n",
    );
    repo.write(&format!("{NOTES}/c.toml"), "title.x = \"c\"\n");
    repo.write(&format!("{NOTES}/d.toml"), "title = \"d\"\nfeedback.received = 2026-03-20\n");
    let (_, value) = check_all_formats(&repo);
    assert_eq!(
        common::diagnostic_lines(&value),
        [
            format!("unknown-key {NOTES}/b.toml:2:1"),
            format!("unknown-key {NOTES}/b.toml:3:1"),
            format!("unknown-key {NOTES}/b.toml:4:1"),
            format!("unknown-key {NOTES}/b.toml:5:1"),
            format!("unknown-key {NOTES}/b.toml:6:1"),
            format!("wrong-type {NOTES}/c.toml:1:1"),
            format!("wrong-type {NOTES}/d.toml:2:1"),
        ]
    );
}

#[test]
fn feedback_of_every_wrong_shape() {
    let repo = Repo::fixture("valid/minimal");
    let record = |name: &str, feedback: &str| {
        repo.write(&format!("{NOTES}/{name}.toml"), format!("title = \"{name}\"\n{feedback}"));
    };
    record("a", "feedback = \"none\"\n");
    record("b", "[feedback]\nreceived = 2026-03-20\nquestion = \"q\"\n");
    record("c", "feedback = [1, \"x\", [], {}]\n");
    record("d", "[[feedback]]\nreceived = true\nquestion = []\nreply = 3\nreplied_on = \"soon\"\n");
    record(
        "e",
        "[[feedback]]\nreceived = 2026-03-20\nquestion = \"q\"\n[[feedback.extra]]\nx = 1\n",
    );
    record("f", "[[feedback]]\n[[feedback]]\n[[feedback]]\n");
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 1);
    let lines = common::diagnostic_lines(&value);
    // Each record is reported, and only records of this test.
    for name in ["a", "b", "c", "d", "e", "f"] {
        let path = format!("{NOTES}/{name}.toml");
        assert!(lines.iter().any(|l| l.contains(&path)), "{name}: {lines:#?}");
    }
    assert!(lines.iter().all(|l| l.contains(&format!("{NOTES}/"))), "{lines:#?}");
}

#[test]
fn a_huge_record_is_refused_and_a_long_line_keeps_its_column() {
    let repo = Repo::fixture("valid/minimal");
    let huge = format!("+++\ntitle = \"x\"\n+++\n{}", "正文".repeat(2_000_000));
    repo.write(&format!("{NOTES}/huge.md"), huge);
    let long = format!("+++\ntitle = \"{}\" x\n+++\n", "长".repeat(100_000));
    repo.write(&format!("{NOTES}/long.md"), long);
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 1);
    let lines = common::diagnostic_lines(&value);
    assert_eq!(
        lines,
        [
            format!("file-too-large {NOTES}/huge.md:-:-"),
            // `title = "` is 9 characters, the string 100 000 and the closing quote 1.
            format!("toml-syntax {NOTES}/long.md:2:100012"),
        ]
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_reported_not_fatal() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::fixture("valid/minimal");
    let notes = repo.path().join(NOTES);
    std::fs::write(notes.join(OsStr::from_bytes(b"bad\xff.md")), "+++\ntitle = \"x\"\n+++\n")
        .unwrap();
    let folder = repo.path().join("units/town").join(OsStr::from_bytes(b"sub\xfe"));
    std::fs::create_dir_all(folder.join("external/notes")).unwrap();
    std::fs::write(folder.join("unit.toml"), "name = \"x\"\n").unwrap();
    let (code, value) = check_all_formats(&repo);
    assert_eq!(code, 1, "{value:#}");
    assert_eq!(
        common::diagnostic_lines(&value),
        [
            format!("name-not-utf8 {NOTES}/bad\u{fffd}.md:-:-"),
            "name-not-utf8 units/town/sub\u{fffd}:-:-".to_owned(),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_reported_not_read() {
    // Regression: reading a FIFO named like a record blocked forever.
    let repo = Repo::fixture("valid/minimal");
    let fifo = repo.path().join(NOTES).join("pipe.md");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    // Run with a deadline: a regression would hang, not fail.
    let mut child = std::process::Command::new(common::BIN)
        .args(["check", "--format", "json", "--lang", "en", "--as-of", "2026-11-26"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("gongkai check hung on a named pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status.code(), Some(1));
    assert_eq!(common::diagnostic_lines(&value), [format!("special-file {NOTES}/pipe.md:-:-")]);
}

#[test]
fn a_byte_order_mark_is_not_a_column() {
    // Regression: columns on the first line of a file with a BOM were one too many.
    let repo = Repo::fixture("valid/minimal");
    repo.write(&format!("{NOTES}/a.toml"), "\u{feff}title = 5\n");
    repo.write(&format!("{NOTES}/b.md"), "\u{feff}+++\ntitle = 5\n+++\n");
    let (_, lines) = repo.diagnostics();
    assert_eq!(
        lines,
        [format!("wrong-type {NOTES}/a.toml:1:9"), format!("wrong-type {NOTES}/b.md:2:9")]
    );
    let human = repo.run(&["check", "--lang", "en", "--color", "never"]).stderr;
    assert!(human.contains(&format!("--> {NOTES}/a.toml:1:9\n")), "{human}");
}
