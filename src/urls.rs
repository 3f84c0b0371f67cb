//! The URL scheme of the site, in one place (SPEC §5): pure functions from ids to paths.
//!
//! Every path here is a folder or file path relative to the site root, with `/`
//! separators and no leading slash: `yangzhou/jiangdu/` for a unit,
//! `yangzhou/jiangdu/external/news/2026-09-17-hotline/` for a record. Pages link to
//! each other with [`Linker`], which turns such a path into a link relative to the page
//! (`../../news/…/index.html`), so the site works under any sub-path, from a plain file
//! server and from a folder opened in a browser. Absolute URLs (feeds, sitemap, QR codes
//! on the sheets) come from [`absolute`] and `base_url`. The sheets use the same
//! functions, so a QR code always points at the page the site has.

use crate::catalogue::Audience;

/// The home page.
pub(crate) const HOME: &str = "";

/// `<unit>/`.
pub(crate) fn unit(unit: &str) -> String {
    format!("{unit}/")
}

/// `<unit>/catalogue/`: the unit's 公开目录.
pub(crate) fn catalogue(unit: &str) -> String {
    format!("{unit}/catalogue/")
}

/// `<unit>/<audience>/<class>/`.
pub(crate) fn class(unit: &str, audience: Audience, class: &str) -> String {
    format!("{unit}/{}/{class}/", audience.as_str())
}

/// Page `n` (1-based) of a class listing: the class folder itself, then `page/2/`, ….
pub(crate) fn class_page(unit: &str, audience: Audience, class_id: &str, n: usize) -> String {
    let first = class(unit, audience, class_id);
    if n <= 1 { first } else { format!("{first}page/{n}/") }
}

/// `<unit>/<audience>/<class>/<slug>/`: one record.
pub(crate) fn record(unit: &str, audience: Audience, class_id: &str, slug: &str) -> String {
    format!("{}{slug}/", class(unit, audience, class_id))
}

/// `<unit>/feed.xml`.
pub(crate) fn unit_feed(unit: &str) -> String {
    format!("{unit}/feed.xml")
}

/// An attachment, from its path relative to the repository root
/// (`units/<unit>/files/x.pdf` → `<unit>/files/x.pdf`): attachments keep their place in
/// the unit's folder.
pub(crate) fn attachment(repo_path: &str) -> String {
    repo_path.strip_prefix("units/").unwrap_or(repo_path).to_owned()
}

/// Site-wide pages and files.
pub(crate) const COMPLIANCE: &str = "compliance/";
pub(crate) const SEARCH: &str = "search/";

/// The statutory annual report (年度报告) of `year`.
pub(crate) fn annual_report(year: i16) -> String {
    format!("annual-report/{year}/")
}

pub(crate) const FEED: &str = "feed.xml";
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const CALENDAR: &str = "calendar.ics";
pub(crate) const CATALOGUE_JSON: &str = "catalogue.json";
pub(crate) const CATALOGUE_CSV: &str = "catalogue.csv";
pub(crate) const NOT_FOUND: &str = "404.html";
/// The theme's static files (styles, scripts, icons) live under this folder.
pub(crate) const STATIC: &str = "static/";

/// The file that holds a page: `index.html` inside its folder.
pub(crate) fn page_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// `base_url` + path. `base_url` always ends with `/` (see `config`).
pub(crate) fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

/// The path part of `base_url` (`https://gk.example.gov.cn/gk/` → `/gk/`), for the one
/// page that cannot use relative links: `404.html`, which a server shows at any depth.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_owned(),
        None => "/".to_owned(),
    }
}

/// How many folders deep a page is (`a/b/` → 2, the home page → 0).
fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// Makes links from one page to the rest of the site.
#[derive(Clone, Debug)]
pub(crate) struct Linker {
    /// The relative way back to the site root (`../../`), or an absolute root path for
    /// pages served at unknown depths (404).
    root: String,
}

impl Linker {
    /// Links relative to the page at `path` (a folder path such as `a/b/`, or a file at
    /// the root such as `404.html`).
    pub(crate) fn relative_to(path: &str) -> Linker {
        Linker { root: "../".repeat(depth(path)) }
    }

    /// Links from the site's root path (`/gk/…`): for `404.html`.
    pub(crate) fn rooted(base_url: &str) -> Linker {
        Linker { root: base_path(base_url) }
    }

    /// The way back to the site root (`../../`, or `./` on the home page).
    pub(crate) fn root(&self) -> String {
        if self.root.is_empty() { "./".to_owned() } else { self.root.clone() }
    }

    /// A link to the page at `path`; folders link to their `index.html`, so the site also
    /// works when opened from a folder without a web server.
    pub(crate) fn page(&self, path: &str) -> String {
        let mut link = self.file(path);
        if path.is_empty() || path.ends_with('/') {
            link.push_str("index.html");
        }
        link
    }

    /// A link to a file (an attachment, a feed, a static file). Built by hand, not with
    /// `format!`: a build makes a few hundred thousand links (#7).
    pub(crate) fn file(&self, path: &str) -> String {
        let mut link = String::with_capacity(self.root.len() + path.len() + "index.html".len());
        link.push_str(&self.root);
        link.push_str(path);
        link
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_of_the_spec() {
        assert_eq!(unit("yangzhou/jiangdu"), "yangzhou/jiangdu/");
        assert_eq!(catalogue("yangzhou"), "yangzhou/catalogue/");
        assert_eq!(class("a/b", Audience::External, "funds"), "a/b/external/funds/");
        assert_eq!(class("a/b", Audience::Internal, "other"), "a/b/internal/other/");
        assert_eq!(
            record("a", Audience::External, "funds", "2026-q1"),
            "a/external/funds/2026-q1/"
        );
        assert_eq!(class_page("a", Audience::External, "funds", 1), "a/external/funds/");
        assert_eq!(class_page("a", Audience::External, "funds", 3), "a/external/funds/page/3/");
        assert_eq!(attachment("units/a/files/x.pdf"), "a/files/x.pdf");
        assert_eq!(page_file(""), "index.html");
        assert_eq!(page_file("a/"), "a/index.html");
        assert_eq!(page_file("feed.xml"), "feed.xml");
    }

    #[test]
    fn links_are_relative_to_the_page() {
        let home = Linker::relative_to(HOME);
        assert_eq!(home.root(), "./");
        assert_eq!(home.page("a/b/"), "a/b/index.html");
        assert_eq!(home.page(HOME), "index.html");
        let deep = Linker::relative_to("a/external/funds/x/");
        assert_eq!(deep.page("a/"), "../../../../a/index.html");
        assert_eq!(deep.file("static/style.css"), "../../../../static/style.css");
        assert_eq!(Linker::relative_to(NOT_FOUND).page(HOME), "index.html");
    }

    #[test]
    fn absolute_urls_and_the_base_path() {
        assert_eq!(absolute("https://x.gov.cn/gk/", "a/"), "https://x.gov.cn/gk/a/");
        assert_eq!(base_path("https://x.gov.cn/gk/"), "/gk/");
        assert_eq!(base_path("https://x.gov.cn/"), "/");
        assert_eq!(base_path("/"), "/");
        assert_eq!(Linker::rooted("https://x.gov.cn/gk/").page("a/"), "/gk/a/index.html");
    }
}
