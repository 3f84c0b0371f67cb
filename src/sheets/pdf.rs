//! Render one board sheet to PDF with Typst used as a library.
//!
//! This module owns the path from a [`Board`] and a template text to PDF
//! bytes: it writes the data as `/data.json` (never into markup), draws a QR
//! code per record URL as `/qr/C-R.png`, checks glyph coverage, compiles, and
//! exports with a fixed identity and date so the same input gives the same
//! bytes. It does not own which records are on a board ([`super::data`] is
//! the contract), nor writing files.
//!
//! An [`Engine`] holds what every sheet shares (Typst's standard library and
//! the [`FontSet`]); it is `Sync`, so many sheets render against one engine
//! ([`Engine::render_many`]). Each call builds a small [`SheetWorld`].

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::Source;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::coverage::{Checker, Uncovered};
use super::data::Board;
use super::fonts::FontSet;
use super::qr::{self, QrError};
use super::world::{self, SheetWorld};

/// Font families the template should ask for, best first; the engine passes
/// the ones that are loaded as `fonts` in the data. The bundled subset comes
/// first so that output is the same on every machine for the characters it
/// has; the others only fill in what it lacks.
const PREFERRED_FAMILIES: &[&str] = &[
    super::fonts::BUNDLED_FAMILY,
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
];

/// Stack size of the threads that render sheets. Typst's layout recurses
/// deeply; the main thread's 8 MiB is what typst-cli runs with.
pub(crate) const STACK_SIZE: usize = 8 << 20;

/// Sheets rendered between two evictions of Typst's memo caches (see `render_many`).
const EVICT_EVERY: usize = 4;

/// Paper size of a sheet (`--paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paper {
    /// 297 × 420 mm (841.89 × 1190.55 pt), the default for noticeboards.
    A3,
    /// 210 × 297 mm (595.28 × 841.89 pt).
    A4,
}

impl Paper {
    /// The name Typst's `page(paper: ..)` and the template use.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
        }
    }
}

/// Per-sheet settings that are not data.
#[derive(Debug, Clone)]
pub(crate) struct RenderOptions {
    pub(crate) paper: Paper,
    /// Stable identity of the document, e.g. `yangzhou/jiangdu/xiannv/2026-08/external`.
    /// Hashed into the PDF's /ID, so it must not change between runs.
    pub(crate) ident: String,
    /// Creation date written into the PDF metadata, e.g. the window's first
    /// day (never the wall clock: output must be reproducible).
    pub(crate) created: (i32, u8, u8),
}

/// A rendered sheet.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub(crate) pdf: Vec<u8>,
    pub(crate) pages: usize,
    /// Typst warnings from the template, e.g. an unknown font family.
    pub(crate) warnings: Vec<TemplateMessage>,
    /// Wall time of Typst's compile (eval + layout) and of the PDF export,
    /// for `-v` timing output.
    pub(crate) compile_time: Duration,
    pub(crate) export_time: Duration,
}

/// A Typst error or warning, located in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateMessage {
    pub(crate) message: String,
    /// 1-based line and column in the template, when the span points there.
    pub(crate) position: Option<(usize, usize)>,
    pub(crate) hints: Vec<String>,
}

/// Why a sheet could not be rendered.
#[derive(Debug)]
pub(crate) enum SheetError {
    /// A record URL that does not fit in a QR code.
    Qr(QrError),
    /// The template failed to compile or export.
    Template(Vec<TemplateMessage>),
    /// The data could not be serialised (a bug, not user input).
    Data(String),
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetError::Qr(e) => e.fmt(f),
            SheetError::Template(msgs) => {
                let first = msgs.first().map(|m| m.message.as_str()).unwrap_or("unknown error");
                write!(f, "sheet template failed ({first})")
            }
            SheetError::Data(e) => write!(f, "cannot serialise sheet data ({e})"),
        }
    }
}

impl std::error::Error for SheetError {}

/// What every sheet of a run shares. Build once, render many (in parallel).
pub(crate) struct Engine {
    library: LazyHash<Library>,
    fonts: FontSet,
    families: Vec<String>,
}

impl Engine {
    pub(crate) fn new(fonts: FontSet) -> Self {
        let families = PREFERRED_FAMILIES
            .iter()
            .filter(|f| fonts.has_family(f))
            .map(|f| (*f).to_owned())
            .collect();
        Engine { library: LazyHash::new(Library::builder().build()), fonts, families }
    }

    #[cfg(test)]
    pub(crate) fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Characters of `board` or `template` that no loaded font covers.
    #[cfg(test)]
    pub(crate) fn check(
        &self,
        template: &str,
        board: &Board,
    ) -> Result<Vec<Uncovered>, SheetError> {
        let mut misses = self.check_data(board)?;
        misses.extend(self.check_template(template));
        Ok(misses)
    }

    /// Characters of `board` that no loaded font covers.
    pub(crate) fn check_data(&self, board: &Board) -> Result<Vec<Uncovered>, SheetError> {
        let data = serde_json::to_value(board).map_err(|e| SheetError::Data(e.to_string()))?;
        Ok(Checker::new(&self.fonts).data(&data).finish())
    }

    /// Characters of `template` that no loaded font covers. Every sheet of a run has the
    /// same template, so `gongkai sheets` asks once, not once a sheet.
    pub(crate) fn check_template(&self, template: &str) -> Vec<Uncovered> {
        Checker::new(&self.fonts).template(template).finish()
    }

    /// Render `board` with `template` to PDF. The caller has checked that the fonts
    /// cover its characters ([`Engine::check_data`] and [`Engine::check_template`];
    /// `gongkai sheets` does, for every board, before it renders anything), or missing
    /// ones would print as blanks. (`gongkai sheets` renders through
    /// [`Engine::render_many`].)
    #[cfg(test)]
    pub(crate) fn render(
        &self,
        template: &str,
        board: &Board,
        opts: &RenderOptions,
    ) -> Result<Sheet, SheetError> {
        let main = world::main_source(template).map_err(|e| SheetError::Data(e.to_string()))?;
        self.render_main(&main, board, opts)
    }

    /// [`Engine::render`] with the template already parsed.
    fn render_main(
        &self,
        main: &Source,
        board: &Board,
        opts: &RenderOptions,
    ) -> Result<Sheet, SheetError> {
        let world = self.world(main, board, opts.paper)?;
        let start = Instant::now();
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let doc = output.map_err(|errors| SheetError::Template(messages(&world, &errors)))?;
        let compiled = Instant::now();
        let pdf = typst_pdf::pdf(&doc, &pdf_options(opts)?)
            .map_err(|errors| SheetError::Template(messages(&world, &errors)))?;
        Ok(Sheet {
            pdf,
            pages: doc.pages().len(),
            warnings: messages(&world, &warnings),
            compile_time: compiled - start,
            export_time: compiled.elapsed(),
        })
    }

    /// The world one sheet compiles in: the template, `board` as `/data.json`, its QR codes.
    fn world(
        &self,
        main: &Source,
        board: &Board,
        paper: Paper,
    ) -> Result<SheetWorld<'_>, SheetError> {
        let (data, qr_files) = self.payload(board, paper)?;
        let json = serde_json::to_vec(&data).map_err(|e| SheetError::Data(e.to_string()))?;
        let mut files = vec![("/data.json".to_owned(), Bytes::new(json))];
        files.extend(qr_files);
        SheetWorld::new(&self.library, &self.fonts, main.clone(), files)
            .map_err(|e| SheetError::Data(e.to_string()))
    }

    /// The text printed on each page of `board`'s sheet, as (baseline in pt from the top
    /// of the paper, text) in the order Typst placed it: tests read what a sheet prints,
    /// and where, without a PDF text extractor. Text below the paper's edge is left out.
    #[cfg(test)]
    pub(crate) fn page_texts(
        &self,
        template: &str,
        board: &Board,
        paper: Paper,
    ) -> Result<Vec<Vec<(f64, String)>>, SheetError> {
        use typst::layout::{Abs, Frame, FrameItem};
        fn walk(frame: &Frame, top: Abs, bottom: Abs, out: &mut Vec<(f64, String)>) {
            for (pos, item) in frame.items() {
                let y = top + pos.y;
                match item {
                    FrameItem::Group(group) => walk(&group.frame, y, bottom, out),
                    FrameItem::Text(text) if y <= bottom => {
                        out.push((y.to_pt(), text.text.to_string()))
                    }
                    _ => {}
                }
            }
        }
        let main = world::main_source(template).map_err(|e| SheetError::Data(e.to_string()))?;
        let world = self.world(&main, board, paper)?;
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errors| SheetError::Template(messages(&world, &errors)))?;
        Ok(doc
            .pages()
            .iter()
            .map(|page| {
                let mut texts = Vec::new();
                walk(&page.frame, Abs::zero(), page.frame.height(), &mut texts);
                texts
            })
            .collect())
    }

    /// Render many sheets on `threads` threads; results keep the input order.
    ///
    /// Not rayon on purpose. Typst uses rayon inside a compile (page layout,
    /// deferred work) and waits with `rayon::yield_now`, which on a rayon
    /// worker runs *any* queued job, such as another whole sheet, on top of
    /// the waiting one's stack. A `par_iter` over 320 boards on a 2-thread
    /// pool overflowed 2 MiB worker stacks; 16 MiB got through 1500 sheets,
    /// but the depth is bounded only by the queue, and it ran no faster than
    /// one thread. Plain threads are not rayon workers: Typst's inner jobs go
    /// to the global pool and never nest a sheet.
    ///
    /// The caller has checked that fonts cover every board (`sheets::glyph_diagnostics`,
    /// as `gongkai sheets` does before it renders): checking again here took 4% of
    /// the time.
    ///
    /// Evicts Typst's memo caches every few sheets; a long-running process should
    /// also evict after the last one (`typst::comemo::evict`).
    pub(crate) fn render_many(
        &self,
        template: &str,
        jobs: &[(Board, RenderOptions)],
        threads: usize,
        done: &(dyn Fn() + Sync),
    ) -> Vec<Result<Sheet, SheetError>> {
        // Largest boards first, so that no thread starts a big township's sheet
        // while the other has nothing left to do.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].0.record_count()));
        let main = match world::main_source(template) {
            Ok(main) => main,
            Err(e) => return jobs.iter().map(|_| Err(SheetError::Data(e.to_string()))).collect(),
        };
        let (next, rendered) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let worker = || {
            let mut finished = Vec::new();
            while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                let (board, opts) = &jobs[i];
                finished.push((i, self.render_main(&main, board, opts)));
                done();
                // Typst memoises layout in global caches that never shrink on
                // their own: 320 sheets grew to 1.5 GB RSS. Dropping entries
                // unused over the last two evictions keeps it small; fonts and
                // the parsed template stay warm. Evicting after every sheet
                // took 7% of the time.
                if rendered.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
                    typst::comemo::evict(2);
                }
            }
            finished
        };
        let mut slots: Vec<Option<Result<Sheet, SheetError>>> = jobs.iter().map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads.max(1))
                .map(|_| {
                    std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, worker)
                })
                .collect();
            for handle in handles {
                if let Some(finished) = handle.ok().and_then(|h| h.join().ok()) {
                    for (i, result) in finished {
                        slots[i] = Some(result);
                    }
                }
            }
        });
        // A thread that failed to spawn or panicked leaves its sheets unset;
        // render those here (a repeated panic is a bug and propagates).
        slots
            .into_iter()
            .zip(jobs)
            .map(|(slot, (board, opts))| {
                slot.unwrap_or_else(|| self.render_main(&main, board, opts))
            })
            .collect()
    }

    /// The JSON the template reads, plus one QR file per record with a URL.
    fn payload(
        &self,
        board: &Board,
        paper: Paper,
    ) -> Result<(Value, Vec<(String, Bytes)>), SheetError> {
        let mut data = serde_json::to_value(board).map_err(|e| SheetError::Data(e.to_string()))?;
        let mut files = Vec::new();
        if let Some(classes) = data.get_mut("classes").and_then(Value::as_array_mut) {
            for (c, class) in classes.iter_mut().enumerate() {
                let Some(records) = class.get_mut("records").and_then(Value::as_array_mut) else {
                    continue;
                };
                for (r, record) in records.iter_mut().enumerate() {
                    let Some(url) = record.get("url").and_then(Value::as_str) else { continue };
                    let path = format!("/qr/{c}-{r}.png");
                    files.push((
                        path.clone(),
                        Bytes::new(qr::png_for(url).map_err(SheetError::Qr)?),
                    ));
                    record["qr"] = json!(path);
                }
            }
        }
        data["paper"] = json!(paper.as_str());
        data["fonts"] = json!(self.families);
        Ok((data, files))
    }
}

fn pdf_options(opts: &RenderOptions) -> Result<PdfOptions, SheetError> {
    let (y, m, d) = opts.created;
    let date = Datetime::from_ymd(y, m, d)
        .ok_or_else(|| SheetError::Data(format!("invalid creation date {y}-{m}-{d}")))?;
    Ok(PdfOptions {
        ident: Smart::Custom(opts.ident.clone()),
        // No version in /Creator: upgrading gongkai should not change every
        // sheet's bytes for nothing.
        creator: Smart::Custom(Some("gongkai".to_owned())),
        timestamp: Some(Timestamp::new_utc(date)),
        ..PdfOptions::default()
    })
}

/// Typst diagnostics as plain messages located in the template.
fn messages(world: &SheetWorld<'_>, diags: &[SourceDiagnostic]) -> Vec<TemplateMessage> {
    diags
        .iter()
        .map(|d| {
            let in_main = d.span.id() == Some(world.main_source().id());
            let position = if in_main {
                world
                    .range(d.span)
                    .and_then(|r| world.main_source().lines().byte_to_line_column(r.start))
            } else {
                None
            };
            let prefix = if d.severity == Severity::Warning { "warning: " } else { "" };
            TemplateMessage {
                message: format!("{prefix}{}", d.message),
                position: position.map(|(l, c)| (l + 1, c + 1)),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheets::test_boards as fixtures;

    const DEFAULT_TEMPLATE: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/sheets/board.typ"));

    fn engine() -> Engine {
        match FontSet::bundled() {
            Ok(fonts) => Engine::new(fonts),
            Err(e) => panic!("{e}"),
        }
    }

    fn opts(paper: Paper) -> RenderOptions {
        RenderOptions { paper, ident: "test/2026-08/external".into(), created: (2026, 8, 15) }
    }

    fn render(engine: &Engine, template: &str, board: &Board, paper: Paper) -> Sheet {
        match engine.render(template, board, &opts(paper)) {
            Ok(sheet) => sheet,
            Err(SheetError::Template(m)) => panic!("{m:#?}"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn same_input_same_bytes() {
        let engine = engine();
        let board = fixtures::township(3);
        let a = render(&engine, DEFAULT_TEMPLATE, &board, Paper::A3);
        // Drop Typst's memoised results so the second render really redoes
        // layout and export instead of replaying the first.
        typst::comemo::evict(0);
        let b = render(&engine, DEFAULT_TEMPLATE, &board, Paper::A3);
        assert!(a.pdf.starts_with(b"%PDF-"));
        assert!(a.pdf == b.pdf, "two renders differ");
    }

    #[test]
    fn parallel_renders_match_serial_ones_in_order() {
        let engine = engine();
        let jobs: Vec<(Board, RenderOptions)> =
            (1..=6).map(|n| (fixtures::township(n), opts(Paper::A4))).collect();
        let serial: Vec<Vec<u8>> =
            jobs.iter().map(|(b, _)| render(&engine, DEFAULT_TEMPLATE, b, Paper::A4).pdf).collect();
        let parallel: Vec<Vec<u8>> = engine
            .render_many(DEFAULT_TEMPLATE, &jobs, 2, &|| {})
            .into_iter()
            .map(|r| match r {
                Ok(sheet) => sheet.pdf,
                Err(e) => panic!("{e}"),
            })
            .collect();
        assert!(serial == parallel);
    }

    #[test]
    fn default_template_has_no_warnings_on_bundled_fonts() {
        let sheet = render(&engine(), DEFAULT_TEMPLATE, &fixtures::township(2), Paper::A4);
        assert!(sheet.warnings.is_empty(), "{:#?}", sheet.warnings);
    }

    #[test]
    fn long_class_flows_onto_more_pages() {
        let engine = engine();
        let short = render(&engine, DEFAULT_TEMPLATE, &fixtures::long_class(2), Paper::A3);
        let long = render(&engine, DEFAULT_TEMPLATE, &fixtures::long_class(40), Paper::A3);
        assert_eq!(short.pages, 1);
        assert!(long.pages >= 3, "{} pages", long.pages);
    }

    /// Each page's text, run together.
    fn page_texts(board: &Board, paper: Paper) -> Vec<String> {
        placed_texts(board, paper)
            .iter()
            .map(|page| page.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }

    fn placed_texts(board: &Board, paper: Paper) -> Vec<Vec<(f64, String)>> {
        match engine().page_texts(DEFAULT_TEMPLATE, board, paper) {
            Ok(pages) => pages,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_class_that_goes_on_is_named_at_the_top_of_each_further_page() {
        let board = fixtures::long_class(40);
        let pages = page_texts(&board, Paper::A3);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        assert!(!pages[0].contains("续上页"), "{}", pages[0]);
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert_eq!(page.matches("资金管理（续上页）").count(), 1, "page {}: {page}", i + 1);
        }
        // Every card is printed, once.
        let all = pages.concat();
        for record in &board.classes[0].records {
            assert_eq!(all.matches(record.index_no.as_str()).count(), 1, "{}", record.index_no);
        }
    }

    #[test]
    fn only_a_page_that_goes_on_with_a_class_names_it_at_the_top() {
        // However the first class falls on the pages (1 to 30 records, A4 and A3), a
        // page says 资金管理（续上页） exactly when it holds cards of it but not its bar.
        for (a, paper) in (1..=30).flat_map(|a| [(a, Paper::A4), (a, Paper::A3)]) {
            let board = fixtures::two_classes(a, 3);
            let pages = page_texts(&board, paper);
            for (p, page) in pages.iter().enumerate() {
                let cards = board.classes[0].records.iter().any(|r| page.contains(&r.index_no));
                let bar = page.contains("资金管理本期公开");
                let label = page.contains("资金管理（续上页）");
                assert_eq!(label, cards && !bar, "{a} records, page {}: {page}", p + 1);
                assert!(!page.contains("惠农政策（续上页）") || p > 0);
            }
        }
    }

    #[test]
    fn a_card_taller_than_a_page_splits_and_loses_nothing() {
        let board = fixtures::tall_card(3);
        let pages = placed_texts(&board, Paper::A4);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        // Each of the 80 figure rows is printed once, on a line of its own: a card that
        // could not split would run off the page or have its rows squeezed together.
        let mut rows: Vec<(usize, i64)> = Vec::new();
        for i in 1..=80 {
            let label = format!("指标{i:02}");
            let at: Vec<(usize, i64)> = pages
                .iter()
                .enumerate()
                .flat_map(|(p, texts)| {
                    texts
                        .iter()
                        .filter(|(_, t)| *t == label)
                        .map(move |(y, _)| (p, y.round() as i64))
                })
                .collect();
            assert_eq!(at.len(), 1, "{label} printed {} times", at.len());
            rows.extend(at);
        }
        rows.sort_unstable();
        rows.dedup();
        assert_eq!(rows.len(), 80, "figure rows share a line");
        let all: String = pages.iter().flatten().map(|(_, t)| t.as_str()).collect();
        for record in &board.classes[0].records {
            assert_eq!(all.matches(record.index_no.as_str()).count(), 1, "{}", record.index_no);
        }
    }

    #[test]
    fn data_is_never_markup() {
        let mut board = fixtures::township(1);
        board.classes[0].records[0].title = "#panic(\"boom\") *星号* $x$ <label> @ref".into();
        let sheet = render(&engine(), DEFAULT_TEMPLATE, &board, Paper::A4);
        assert!(sheet.pages >= 1);
    }

    #[test]
    fn uncovered_character_is_found_and_names_the_record() {
        let mut board = fixtures::township(2);
        board.classes[1].records[0].title = "关于王\u{E000}同志任职的通知".into();
        match engine().check(DEFAULT_TEMPLATE, &board) {
            Ok(list) => {
                assert_eq!(list.len(), 1);
                assert_eq!(list[0].chars, ['\u{E000}']);
                assert_eq!(
                    list[0].place,
                    crate::sheets::coverage::Place::Data {
                        pointer: "/classes/1/records/0/title".into(),
                        record: Some((1, 0)),
                    }
                );
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn bundled_fonts_alone_refuse_rare_names() {
        match engine().check(DEFAULT_TEMPLATE, &fixtures::village()) {
            Ok(misses) => {
                let chars: Vec<char> = misses.iter().flat_map(|m| m.chars.clone()).collect();
                assert_eq!(chars, ['玥', '珺', '堃'], "{misses:?}");
                assert_eq!(engine().fonts().faces(), 2);
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn template_errors_are_located() {
        let template = "#let data = json(\"/data.json\")\n#data.nope\n";
        match engine().render(template, &fixtures::township(1), &opts(Paper::A4)) {
            Err(SheetError::Template(msgs)) => {
                assert_eq!(msgs[0].position, Some((2, 7)), "{msgs:?}");
            }
            other => panic!("expected a template error, got {other:?}"),
        }
    }

    #[test]
    fn template_cannot_read_the_disk() {
        let template = "#read(\"/etc/hostname\")";
        assert!(matches!(
            engine().render(template, &fixtures::township(1), &opts(Paper::A4)),
            Err(SheetError::Template(_))
        ));
    }

    #[test]
    fn qr_files_are_served_per_record() {
        let engine = engine();
        let board = fixtures::township(2);
        let Ok((data, files)) = engine.payload(&board, Paper::A3) else { panic!("payload") };
        assert_eq!(data["classes"][0]["records"][1]["qr"], "/qr/0-1.png");
        assert_eq!(data["paper"], "a3");
        assert_eq!(data["fonts"][0], crate::sheets::fonts::BUNDLED_FAMILY);
        assert_eq!(files.len(), board.classes.iter().map(|c| c.records.len()).sum::<usize>());
    }
}
