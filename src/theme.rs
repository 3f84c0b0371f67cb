//! Templates and static files: the built-in theme, plus a repository's own `themes/`.
//!
//! The default theme's files live in `themes/default/` and are compiled in, listed in
//! [`BUILTIN`] (a unit test checks the list against the folder). Built-in templates load
//! under a `default/` namespace, then the repository's `themes/*.html` under their own
//! names. Templates refer to each other without the namespace (`{% include
//! "header.html" %}`, `{% extends "base.html" %}`), and Tera tries the exact name before
//! `default/…`, so a user file with the same name wins everywhere while the built-in
//! stays reachable to extend: a `themes/record.html` of three lines that extends
//! `default/record.html` and overrides one block changes just that block, and a
//! `themes/base.html` that extends `default/base.html` changes every page. The small
//! included pieces (`head.html`, `header.html`, `footer.html`, `breadcrumbs.html`,
//! `record_extras.html`) are replaced as whole files: Tera renders an included template
//! without its parent, so they are kept short enough to copy.
//! Files under `themes/static/` are copied to the site's `static/`, replacing built-in
//! files of the same name. The noticeboard sheets use `sheets/board.html` (Tera, like
//! the pages) and `sheets/board.typ` (Typst, kept as text for `sheets`); a repository's
//! `themes/sheets/board.typ` replaces the built-in one whole. Only this module and the
//! renderers touch tera.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};

/// Where a built-in file lives in the binary.
macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $name)))),*]
    };
}

/// Every file of the default theme: templates (`*.html`) and static files (`static/…`).
pub(crate) const BUILTIN: &[(&str, &[u8])] = builtin![
    "base.html",
    "head.html",
    "header.html",
    "footer.html",
    "breadcrumbs.html",
    "components.html",
    "record_extras.html",
    "index.html",
    "unit.html",
    "catalogue.html",
    "class.html",
    "record.html",
    "compliance.html",
    "search.html",
    "404.html",
    "annual-report.html",
    "static/style.css",
    "static/search.js",
    "static/favicon.svg",
    "sheets/board.html",
    "sheets/board.typ",
];

/// The namespace of the built-in templates.
const DEFAULT_PREFIX: &str = "default/";
/// The folder of static files, in a theme and on the site.
const STATIC_DIR: &str = "static/";
/// The Typst template of the noticeboard sheets (not a Tera template).
pub(crate) const SHEET_TYPST: &str = "sheets/board.typ";
/// The Tera template of the HTML sheets.
pub(crate) const SHEET_HTML: &str = "sheets/board.html";

/// A static file of the theme, to copy to the site.
#[derive(Clone, Debug)]
pub(crate) enum StaticFile {
    Builtin(&'static [u8]),
    /// A file of the repository's `themes/static/`.
    User(PathBuf),
}

/// The loaded theme: one Tera with every template, and the static files.
pub(crate) struct Theme {
    tera: tera::Tera,
    /// Site path (`static/style.css`) → file, sorted by path.
    statics: Vec<(String, StaticFile)>,
    /// The sheet's Typst template: its text, and its path in the repository when the
    /// repository's `themes/sheets/board.typ` replaces the built-in one.
    sheet_typst: (String, Option<PathBuf>),
}

impl Theme {
    /// The built-in theme with the templates and static files of `<repo>/themes/`.
    pub(crate) fn load(repo_root: &Path) -> anyhow::Result<Theme> {
        let user_dir = repo_root.join("themes");
        let user = if user_dir.is_dir() { user_files(&user_dir)? } else { Vec::new() };
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut statics: std::collections::BTreeMap<String, StaticFile> = Default::default();
        let mut sheet_typst = (String::new(), None);
        for (name, bytes) in BUILTIN {
            if *name == SHEET_TYPST {
                sheet_typst.0 = String::from_utf8_lossy(bytes).into_owned();
            } else if name.starts_with(STATIC_DIR) {
                statics.insert((*name).to_owned(), StaticFile::Builtin(bytes));
            } else {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| anyhow!("built-in template `{name}` is not UTF-8"))?;
                templates.push((format!("{DEFAULT_PREFIX}{name}"), text.to_owned()));
            }
        }
        for (name, path) in user {
            if name == SHEET_TYPST {
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!("cannot read template `{}` (it must be UTF-8 text)", path.display())
                })?;
                sheet_typst = (text, Some(path));
            } else if name.starts_with(STATIC_DIR) {
                statics.insert(name, StaticFile::User(path));
            } else if name.ends_with(".html") {
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!("cannot read template `{}` (it must be UTF-8 text)", path.display())
                })?;
                templates.push((name, text));
            }
        }
        let tera = build_tera(templates)?;
        Ok(Theme { tera, statics: statics.into_iter().collect(), sheet_typst })
    }

    /// Renders the page at `page` (a site path, for messages) with `template`, as the
    /// bytes of the file. Bytes, not a `String`: the templates and every value are UTF-8
    /// already, and `Tera::render`'s check of the whole page again cost 2.7% of a build
    /// (#7).
    pub(crate) fn render(
        &self,
        template: &str,
        context: &tera::Context,
        page: &str,
    ) -> anyhow::Result<Vec<u8>> {
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, context, &mut html).map_err(|err| {
            let which = self.resolved(template);
            anyhow!("cannot render page `{page}` with template `{which}`:\n{err}")
        })?;
        Ok(html)
    }

    /// The static files to copy, by site path.
    pub(crate) fn statics(&self) -> &[(String, StaticFile)] {
        &self.statics
    }

    /// The Typst template of the sheets, and the repository file it came from (`None`
    /// for the built-in one).
    pub(crate) fn sheet_typst(&self) -> (&str, Option<&Path>) {
        (&self.sheet_typst.0, self.sheet_typst.1.as_deref())
    }

    /// Whether the repository overrides a template (for messages).
    fn resolved(&self, template: &str) -> String {
        if self.tera.get_template_names().any(|n| n == template) {
            template.to_owned()
        } else {
            format!("{DEFAULT_PREFIX}{template}")
        }
    }
}

fn build_tera(templates: Vec<(String, String)>) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_fallback_prefixes([DEFAULT_PREFIX]).map_err(|e| anyhow!("{e}"))?;
    tera.add_raw_templates(templates).map_err(|err| anyhow!("the theme has an error:\n{err}"))?;
    Ok(tera)
}

/// Every file under the repository's `themes/` (sorted, dot files skipped), by its
/// path relative to it.
fn user_files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry =
            entry.with_context(|| format!("cannot read the theme folder `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name =
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        files.push((name, entry.path().to_path_buf()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> =
            user_files(&dir).unwrap_or_else(|e| panic!("{e:#}")).into_iter().map(|f| f.0).collect();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(n, _)| (*n).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn a_user_template_overrides_one_block_of_the_builtin() {
        // The pages extend `base.html`; a user's `base.html` extends the built-in one.
        let user = "{% extends \"default/base.html\" %}{% block b %}mine{% endblock b %}";
        let templates = vec![
            (
                "default/base.html".to_owned(),
                "[{% block b %}theirs{% endblock b %}|{% block c %}{% endblock c %}]".to_owned(),
            ),
            (
                "default/page.html".to_owned(),
                "{% extends \"base.html\" %}{% block c %}page{% endblock c %}".to_owned(),
            ),
            ("base.html".to_owned(), user.to_owned()),
        ];
        let tera = build_tera(templates).unwrap_or_else(|e| panic!("{e:#}"));
        let render =
            |name: &str| tera.render(name, &tera::Context::new()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(render("page.html"), "[mine|page]");
        assert_eq!(render("default/base.html"), "[theirs|]");
    }

    #[test]
    fn user_files_replace_builtin_ones() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let themes = dir.path().join("themes");
        std::fs::create_dir_all(themes.join("static")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(themes.join("footer.html"), "<footer>mine</footer>")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(themes.join("static/style.css"), "body{}").unwrap_or_else(|e| panic!("{e}"));
        let theme = Theme::load(dir.path()).unwrap_or_else(|e| panic!("{e:#}"));
        let style =
            theme.statics().iter().find(|(p, _)| p == "static/style.css").map(|(_, f)| f.clone());
        assert!(matches!(style, Some(StaticFile::User(_))), "{style:?}");
        let footer = theme
            .tera
            .render("footer.html", &tera::Context::new())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(footer, "<footer>mine</footer>");
        assert_eq!(theme.resolved("footer.html"), "footer.html");
        assert_eq!(theme.resolved("header.html"), "default/header.html");
    }

    #[test]
    fn template_errors_name_the_template() {
        let err = build_tera(vec![("default/x.html".to_owned(), "{% if %}".to_owned())]).err();
        let text = format!("{:#}", err.unwrap_or_else(|| anyhow!("no error")));
        assert!(text.contains("x.html"), "{text}");
    }
}
