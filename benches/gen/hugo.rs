//! The same public records as a Hugo site, for the comparison the benchmark prints.
//!
//! `content/<unit>/external/<class>/<slug>.md` mirrors gongkai's URLs; every folder has an
//! `_index.md` so Hugo makes a list page per unit and class, as gongkai does. The layout is
//! deliberately small (a base template, list, single and home), like a minimal Hugo theme.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::content::q;

const CONFIG: &str = r#"baseURL = "https://gk.example.gov.cn/"
languageCode = "zh-CN"
title = "政务公开网(基准测试)"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
<ul>{{ range .RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ end }}
"#;

const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<table>
<tr><th>索引号</th><td>{{ .Params.index_no }}</td></tr>
<tr><th>发布机构</th><td>{{ .Params.unit }}</td></tr>
<tr><th>主题分类</th><td>{{ .Params.class }}</td></tr>
<tr><th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
</table>
{{ with .Summary }}<p>{{ . }}</p>{{ end }}
{{ .Content }}
</article>{{ end }}
"#;

const HOME: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>最新公开</h2>
<ul>{{ range first 20 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

pub(crate) struct Site {
    root: PathBuf,
}

impl Site {
    /// Writes the configuration and layouts into `root`.
    pub(crate) fn create(root: &Path) -> io::Result<Site> {
        write(&root.join("hugo.toml"), CONFIG)?;
        let layouts = root.join("layouts");
        write(&layouts.join("_default/baseof.html"), BASEOF)?;
        write(&layouts.join("_default/list.html"), LIST)?;
        write(&layouts.join("_default/single.html"), SINGLE)?;
        write(&layouts.join("index.html"), HOME)?;
        Ok(Site { root: root.to_path_buf() })
    }

    /// A list page for the folder `path` (a unit, its `external/` or a class).
    pub(crate) fn section(&self, path: &str, title: &str) -> io::Result<()> {
        let text = format!("+++\ntitle = {}\n+++\n", q(title));
        write(&self.root.join("content").join(path).join("_index.md"), &text)
    }

    /// One published public record.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &self,
        path: &str,
        title: &str,
        published: Date,
        summary: Option<&str>,
        index_no: Option<&str>,
        unit: &str,
        class: &str,
        body: &str,
    ) -> io::Result<()> {
        let mut text = format!("+++\ntitle = {}\ndate = {published}\n", q(title));
        if let Some(summary) = summary {
            text.push_str(&format!("summary = {}\n", q(summary)));
        }
        text.push_str("[params]\n");
        if let Some(index_no) = index_no {
            text.push_str(&format!("index_no = {}\n", q(index_no)));
        }
        text.push_str(&format!("unit = {}\nclass = {}\n+++\n", q(unit), q(class)));
        text.push_str(body);
        write(&self.root.join("content").join(format!("{path}.md")), &text)
    }
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}
