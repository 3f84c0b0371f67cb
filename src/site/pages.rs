//! The HTML pages: one job per page, each rendered on its own against the shared theme,
//! so rayon can render them in any order while the output keeps the order of the jobs.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use super::model::Site;
use super::views::{self, Crumb, Links, PageView, SiteView};
use super::{compliance, record_page};
use crate::annual;
use crate::catalogue::Audience;
use crate::theme::Theme;
use crate::urls::{self, Linker};
use crate::write::OutputFile;

/// Records per page of a class listing: pages stay small however big a class grows.
pub(crate) const PAGE_SIZE: usize = 50;
/// Records in the "latest" lists of the home and unit pages.
const LATEST_HOME: usize = 20;
const LATEST_UNIT: usize = 10;

/// One page to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Job {
    Home,
    Unit(usize),
    Catalogue(usize),
    /// Page `page` (1-based) of class `class` (an index into `Site::classes[unit]`).
    Class {
        unit: usize,
        class: usize,
        page: usize,
    },
    Record(usize),
    Compliance,
    Search,
    /// The statutory annual report of a year, site-wide.
    AnnualReport(i16),
    NotFound,
}

/// Every page of the site, in a fixed order.
pub(crate) fn jobs(site: &Site<'_>) -> Vec<Job> {
    let mut jobs = vec![Job::Home];
    for u in 0..site.repo.units.len() {
        jobs.push(Job::Unit(u));
        // A unit that only groups others has no 公开目录 of its own.
        if !site.classes[u].is_empty() {
            jobs.push(Job::Catalogue(u));
        }
        for (c, class) in site.classes[u].iter().enumerate() {
            for page in 1..=page_count(class.records.len()) {
                jobs.push(Job::Class { unit: u, class: c, page });
            }
        }
    }
    jobs.extend(site.records.iter().map(|&i| Job::Record(i)));
    jobs.extend([Job::Compliance, Job::Search]);
    jobs.extend(annual_years(site).into_iter().map(Job::AnnualReport));
    jobs.push(Job::NotFound);
    jobs
}

/// The years with an annual report page, newest first: the current year of `--as-of`
/// when it has any figure (marked as running, counted up to `--as-of`), and always the
/// year before, the last complete one, whose report is due by 31 January (departments)
/// or 31 March (governments).
pub(crate) fn annual_years(site: &Site<'_>) -> Vec<i16> {
    let current = site.options.as_of.year();
    let report = annual::report(site.repo, site.sources, current, site.options.as_of);
    let has_data = report.proactive.total != annual::Counts::default()
        || report.requests.rows.iter().any(|r| r.values.iter().any(|&v| v > 0));
    if has_data { vec![current, current - 1] } else { vec![current - 1] }
}

pub(crate) fn page_count(records: usize) -> usize {
    records.div_ceil(PAGE_SIZE).max(1)
}

/// The site path of a job's page.
pub(crate) fn path(site: &Site<'_>, job: Job) -> String {
    match job {
        Job::Home => urls::HOME.to_owned(),
        Job::Unit(u) => urls::unit(&site.unit(u).id),
        Job::Catalogue(u) => urls::catalogue(&site.unit(u).id),
        Job::Class { unit, class, page } => {
            let c = site.classes[unit][class].class;
            urls::class_page(&site.unit(unit).id, c.audience, &c.id, page)
        }
        Job::Record(i) => site.record_path(i).to_owned(),
        Job::Compliance => urls::COMPLIANCE.to_owned(),
        Job::Search => urls::SEARCH.to_owned(),
        Job::AnnualReport(year) => urls::annual_report(year),
        Job::NotFound => urls::NOT_FOUND.to_owned(),
    }
}

/// Renders one page.
pub(crate) fn render(
    site: &Site<'_>,
    shared: &Shared,
    theme: &Theme,
    job: Job,
) -> anyhow::Result<OutputFile> {
    let path = path(site, job);
    let link = if job == Job::NotFound {
        Linker::rooted(&site.options.base_url)
    } else {
        Linker::relative_to(&path)
    };
    let mut page = Page::new(site, shared, &path, &link);
    let template = match job {
        Job::Home => home(site, &mut page),
        Job::Unit(u) => unit(site, &mut page, u),
        Job::Catalogue(u) => catalogue(site, &mut page, u),
        Job::Class { unit, class, page: n } => class_page(site, &mut page, unit, class, n),
        Job::Record(i) => record_page::fill(site, &mut page, i),
        Job::Compliance => compliance::fill(site, &mut page),
        Job::Search => simple(&mut page, "search", "站内检索"),
        Job::AnnualReport(year) => annual_report(site, &mut page, year),
        Job::NotFound => simple(&mut page, "404", "页面不存在"),
    };
    let html = theme.render(template, &page.finish(), &path)?;
    Ok(OutputFile::bytes(urls::page_file(&path), html))
}

/// The parts of the pages' context that depend only on the site, or on the page's
/// depth and kind: made into template values once each instead of once a page (#7).
pub(crate) struct Shared {
    view: SiteView,
    site: tera::Value,
    /// `links` and `nav` by the way back to the root and the kind of page.
    by_root: Mutex<HashMap<(String, &'static str), LinksAndNav>>,
    /// The values every record page of one class shares (its pages are side by side).
    by_class: Mutex<HashMap<ClassKey, ClassValues>>,
}

/// A class of a unit: the unit's index, the audience and the class id.
pub(crate) type ClassKey = (usize, crate::catalogue::Audience, String);

/// The template values `crumbs`, `unit` and `class` of a class's record pages.
#[derive(Clone)]
pub(crate) struct ClassValues {
    pub(crate) crumbs: tera::Value,
    pub(crate) unit: tera::Value,
    pub(crate) class: tera::Value,
}

/// The template values of `links` and `nav`.
type LinksAndNav = (tera::Value, tera::Value);

impl Shared {
    pub(crate) fn new(view: SiteView) -> Shared {
        let site = tera::Value::from_serializable(&view);
        Shared { view, site, by_root: Mutex::new(HashMap::new()), by_class: Mutex::default() }
    }

    /// The shared values of the record pages of a class, made by `make` for its first.
    pub(crate) fn class_values(
        &self,
        key: ClassKey,
        make: impl FnOnce() -> ClassValues,
    ) -> ClassValues {
        let mut by_class = self.by_class.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        by_class.entry(key).or_insert_with(make).clone()
    }

    fn links_and_nav(&self, link: &Linker, kind: &'static str) -> LinksAndNav {
        let mut by_root = self.by_root.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        by_root
            .entry((link.root(), kind))
            .or_insert_with(|| {
                let links = Links::new(link, &self.view.annual_years);
                let nav = views::nav(link, kind);
                (tera::Value::from_serializable(&links), tera::Value::from_serializable(&nav))
            })
            .clone()
    }
}

/// A page being put together: the common parts, and the page's own values.
pub(crate) struct Page<'s> {
    pub(crate) shared: &'s Shared,
    pub(crate) site: &'s SiteView,
    pub(crate) link: Linker,
    pub(crate) view: PageView,
    pub(crate) crumbs: Vec<Crumb>,
    /// `crumbs` already made into a template value (record pages share theirs).
    pub(crate) crumbs_value: Option<tera::Value>,
    pub(crate) context: tera::Context,
}

impl<'s> Page<'s> {
    fn new(site: &Site<'_>, shared: &'s Shared, path: &str, link: &Linker) -> Page<'s> {
        let site_view = &shared.view;
        let canonical =
            (path != urls::NOT_FOUND).then(|| urls::absolute(&site.options.base_url, path));
        let view = PageView {
            kind: "page",
            title: site_view.title.clone(),
            heading: String::new(),
            path: path.to_owned(),
            root: link.root(),
            canonical,
            internal: false,
            description: None,
            feed: None,
            feed_title: None,
        };
        Page {
            shared,
            site: site_view,
            link: link.clone(),
            view,
            crumbs: Vec::new(),
            crumbs_value: None,
            context: tera::Context::new(),
        }
    }

    /// Sets the kind and heading; the `<title>` is the heading, then the site's title.
    pub(crate) fn titled(&mut self, kind: &'static str, heading: &str) {
        self.view.kind = kind;
        self.view.heading = heading.to_owned();
        let marker = if self.view.internal { "【对内公开】" } else { "" };
        self.view.title = format!("{marker}{heading} - {}", self.site.title);
    }

    /// Adds a page value for the template.
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.context.insert(key, value);
    }

    fn finish(mut self) -> tera::Context {
        let (links, nav) = self.shared.links_and_nav(&self.link, self.view.kind);
        self.context.insert_value("site", self.shared.site.clone());
        self.context.insert("page", &self.view);
        self.context.insert_value("links", links);
        self.context.insert_value("nav", nav);
        match self.crumbs_value {
            Some(crumbs) => self.context.insert_value("crumbs", crumbs),
            None => self.context.insert("crumbs", &self.crumbs),
        }
        self.context
    }
}

#[derive(Serialize)]
struct TreeNode {
    name: String,
    href: String,
    level: String,
    count: usize,
    children: Vec<TreeNode>,
}

fn tree(site: &Site<'_>, units: &[usize], link: &Linker) -> Vec<TreeNode> {
    units
        .iter()
        .map(|&u| {
            let unit = site.unit(u);
            TreeNode {
                name: unit.name.clone(),
                href: link.page(&urls::unit(&unit.id)),
                level: unit.level.map(|l| l.chinese().to_owned()).unwrap_or_default(),
                count: site.own[u].len(),
                children: tree(site, &site.children[u], link),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Stats {
    units: usize,
    records: usize,
    classes: usize,
}

fn home(site: &Site<'_>, page: &mut Page<'_>) -> &'static str {
    let heading = page.site.title.clone();
    page.titled("home", &heading);
    page.view.title = heading;
    page.view.description = Some(format!("{}：各单位政务公开目录与公开信息", page.site.title));
    let latest: Vec<usize> = site.newest.iter().copied().take(LATEST_HOME).collect();
    page.insert("latest", &views::cards(site, &latest, &page.link));
    page.insert("tree", &tree(site, &site.roots(), &page.link));
    page.insert("window", &views::window_view(site));
    let classes = site.classes.iter().map(Vec::len).sum();
    page.insert(
        "stats",
        &Stats { units: site.repo.units.len(), records: site.records.len(), classes },
    );
    "index.html"
}

fn unit(site: &Site<'_>, page: &mut Page<'_>, u: usize) -> &'static str {
    let unit = site.unit(u);
    page.titled("unit", &unit.name);
    page.view.description = Some(format!("{}的政务公开栏目、公开栏与监督电话", unit.name));
    page.view.feed = Some(page.link.file(&urls::unit_feed(&unit.id)));
    page.view.feed_title = Some(format!("{}：最新公开", unit.name));
    page.crumbs = views::unit_crumbs(site, u, &page.link);
    if let Some(last) = page.crumbs.last_mut() {
        last.href = None;
    }
    let children: Vec<_> =
        site.children[u].iter().map(|&c| views::unit_view(site, c, &page.link)).collect();
    let classes: Vec<_> =
        site.classes[u].iter().map(|c| views::class_row(site, c, &page.link)).collect();
    let latest: Vec<usize> = site.own[u].iter().copied().take(LATEST_UNIT).collect();
    page.insert("unit", &views::unit_view(site, u, &page.link));
    page.insert("children", &children);
    page.insert("classes", &classes);
    page.insert("latest", &views::cards(site, &latest, &page.link));
    let catalogue =
        (!site.classes[u].is_empty()).then(|| page.link.page(&urls::catalogue(&unit.id)));
    page.insert("catalogue_href", &catalogue);
    page.insert("feed_href", &page.link.file(&urls::unit_feed(&unit.id)));
    page.insert("window", &views::window_view(site));
    "unit.html"
}

/// One row of a unit's 公开目录.
#[derive(Serialize)]
struct CatalogueRow {
    no: usize,
    group: String,
    /// On the first row of a run of rows with the same group: how many (a `rowspan`);
    /// 0 on the others.
    group_rows: usize,
    name: String,
    href: String,
    internal: bool,
    content: String,
    basis: String,
    deadline: String,
    subject: String,
    channels: String,
    /// 公开对象: 全社会 (else 特定群体).
    society: bool,
    /// 公开方式: 主动 (else 依申请).
    active: bool,
    cadence: &'static str,
    count: usize,
}

fn catalogue(site: &Site<'_>, page: &mut Page<'_>, u: usize) -> &'static str {
    let unit = site.unit(u);
    page.titled("catalogue", &format!("{}政务公开目录", unit.name));
    page.view.description = Some(format!("{}的政务公开目录（基层政务公开标准目录）", unit.name));
    page.crumbs = views::unit_crumbs(site, u, &page.link);
    page.crumbs.push(Crumb { name: "公开目录".to_owned(), href: None });
    let rows: Vec<CatalogueRow> = site.classes[u]
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let class = c.class;
            let s = &class.standard;
            let group = site
                .repo
                .catalogues
                .get(&class.catalogue)
                .map(|k| k.name.clone())
                .unwrap_or_default();
            CatalogueRow {
                no: n + 1,
                group_rows: 1,
                group: if class.audience == Audience::Internal {
                    format!("{group}（对内）")
                } else {
                    group
                },
                name: class.name.clone(),
                href: page.link.page(&c.path(site)),
                internal: class.audience == Audience::Internal,
                content: s.content.clone(),
                basis: s.basis.clone(),
                deadline: s.deadline.clone(),
                subject: s.subject.clone(),
                channels: s.channels.join("、"),
                society: s.audience != "特定群体",
                active: s.mode != "依申请",
                cadence: class.cadence.chinese(),
                count: c.records.len(),
            }
        })
        .collect();
    let rows = merge_groups(rows);
    page.insert("unit", &views::unit_view(site, u, &page.link));
    page.insert("rows", &rows);
    page.insert("windows", &windows_text(site));
    "catalogue.html"
}

/// Consecutive rows of the same group share one cell, as in the printed catalogues.
fn merge_groups(mut rows: Vec<CatalogueRow>) -> Vec<CatalogueRow> {
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].group != rows[start].group {
            rows[start].group_rows = i - start;
            for row in &mut rows[start + 1..i] {
                row.group_rows = 0;
            }
            start = i;
        }
    }
    rows
}

/// The refresh windows in words: `1月15日至25日、3月15日至25日`.
fn windows_text(site: &Site<'_>) -> String {
    let spans = site.repo.settings.windows.spans(2001, 2001);
    let day = |d: crate::dates::Date| format!("{}月{}日", d.month(), d.day());
    let text: Vec<String> = spans
        .iter()
        .map(|s| {
            let end = if s.end.month() == s.start.month() {
                format!("{}日", s.end.day())
            } else {
                day(s.end)
            };
            format!("{}至{end}", day(s.start))
        })
        .collect();
    text.join("、")
}

#[derive(Serialize)]
struct ClassView {
    id: String,
    name: String,
    internal: bool,
    audience: &'static str,
    cadence: &'static str,
    description: String,
    content: String,
    basis: String,
    deadline: String,
    subject: String,
    channels: String,
    scope: String,
    mode: String,
    status: &'static str,
    status_label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct PagerItem {
    n: usize,
    href: String,
    current: bool,
    gap: bool,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    count: usize,
    prev: Option<String>,
    next: Option<String>,
    items: Vec<PagerItem>,
}

/// Links to the first, last and two neighbouring pages on each side, so a page's size
/// does not grow with the number of pages.
fn pager(current: usize, total: usize, count: usize, href: &dyn Fn(usize) -> String) -> Pager {
    let mut items = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if last_shown + 1 < n {
                items.push(PagerItem { n: 0, href: String::new(), current: false, gap: true });
            }
            items.push(PagerItem { n, href: href(n), current: n == current, gap: false });
            last_shown = n;
        }
    }
    Pager {
        current,
        total,
        count,
        prev: (current > 1).then(|| href(current - 1)),
        next: (current < total).then(|| href(current + 1)),
        items,
    }
}

fn class_page(site: &Site<'_>, page: &mut Page<'_>, u: usize, c: usize, n: usize) -> &'static str {
    let class_ref = &site.classes[u][c];
    let class = class_ref.class;
    let unit = site.unit(u);
    page.view.internal = class.audience == Audience::Internal;
    let suffix = if n > 1 { format!("（第{n}页）") } else { String::new() };
    page.titled("class", &format!("{}{suffix} - {}", class.name, unit.name));
    page.view.heading = class.name.clone();
    page.view.description = Some(format!("{}“{}”栏目公开信息", unit.name, class.name));
    page.crumbs = views::unit_crumbs(site, u, &page.link);
    page.crumbs.push(Crumb { name: class.name.clone(), href: None });
    let total = page_count(class_ref.records.len());
    let start = (n - 1) * PAGE_SIZE;
    let records: Vec<usize> =
        class_ref.records.iter().copied().skip(start).take(PAGE_SIZE).collect();
    let (status, status_label) = views::status_of(class_ref);
    let s = &class.standard;
    let view = ClassView {
        id: class.id.clone(),
        name: class.name.clone(),
        internal: class.audience == Audience::Internal,
        audience: class.audience.chinese(),
        cadence: class.cadence.chinese(),
        description: class.description.clone(),
        content: s.content.clone(),
        basis: s.basis.clone(),
        deadline: s.deadline.clone(),
        subject: s.subject.clone(),
        channels: s.channels.join("、"),
        scope: s.audience.clone(),
        mode: format!("{}公开", s.mode),
        status,
        status_label,
        count: class_ref.records.len(),
    };
    let link = page.link.clone();
    let href = |k: usize| link.page(&urls::class_page(&unit.id, class.audience, &class.id, k));
    let pager = (total > 1).then(|| pager(n, total, class_ref.records.len(), &href));
    page.insert("unit", &views::unit_view(site, u, &page.link));
    page.insert("class", &view);
    page.insert("records", &views::cards(site, &records, &page.link));
    page.insert("pager", &pager);
    "class.html"
}

/// The statutory tables of the annual report, site-wide (SPEC §5 lists no such page; the
/// 2019 条例 asks each reporting body for one report, and `annual-report` reports for
/// the whole repository, so the site shows that one). The same in both audiences:
/// `annual::report` counts only external records as 主动公开, and 依申请 requests only
/// as aggregate counts (the template never lists request files).
fn annual_report(site: &Site<'_>, page: &mut Page<'_>, year: i16) -> &'static str {
    let report = annual::report(site.repo, site.sources, year, site.options.as_of);
    let running = year >= site.options.as_of.year();
    let heading = if running {
        format!("{year}年政府信息公开工作统计（截至{}）", crate::dates::chinese(site.options.as_of))
    } else {
        format!("{year}年政府信息公开工作年度报告（统计表）")
    };
    page.titled("annual-report", &heading);
    page.insert("running", &running);
    page.view.description =
        Some(format!("{}{year}年政府信息公开工作年度报告的统计表", page.site.title));
    page.crumbs = vec![Crumb { name: "首页".to_owned(), href: Some(page.link.page(urls::HOME)) }];
    page.crumbs.push(Crumb { name: format!("{year}年年度报告"), href: None });
    page.insert("report", &report);
    "annual-report.html"
}

fn simple(page: &mut Page<'_>, kind: &'static str, heading: &str) -> &'static str {
    page.titled(kind, heading);
    page.crumbs = vec![Crumb { name: "首页".to_owned(), href: Some(page.link.page(urls::HOME)) }];
    page.crumbs.push(Crumb { name: heading.to_owned(), href: None });
    if kind == "404" {
        page.crumbs.clear();
        "404.html"
    } else {
        "search.html"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_shows_a_window_of_pages() {
        let href = |n: usize| format!("p{n}");
        let shown = |p: &Pager| {
            p.items
                .iter()
                .map(|i| if i.gap { "…".to_owned() } else { i.n.to_string() })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(&pager(1, 3, 120, &href)), "1 2 3");
        assert_eq!(shown(&pager(10, 2000, 100_000, &href)), "1 … 8 9 10 11 12 … 2000");
        assert_eq!(shown(&pager(2000, 2000, 100_000, &href)), "1 … 1998 1999 2000");
        let p = pager(1, 4, 200, &href);
        assert_eq!((p.prev, p.next), (None, Some("p2".to_owned())));
    }
}
