//! The values templates see: plain serialisable structs, with links already made
//! relative to the page that shows them (`Linker`). Field names are the theme's
//! interface: add fields freely, never rename them.

use serde::Serialize;

use super::model::{ClassRef, Site};
use crate::catalogue::Audience;
use crate::dates::{self, Date};
use crate::urls::{self, Linker};

/// `site`: the same on every page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteView {
    pub(crate) title: String,
    pub(crate) base_url: String,
    /// An intranet build (with 对内公开 records).
    pub(crate) internal: bool,
    pub(crate) as_of: String,
    pub(crate) as_of_zh: String,
    pub(crate) lang: String,
    /// The years with an annual report page, newest first.
    pub(crate) annual_years: Vec<i16>,
}

impl SiteView {
    pub(crate) fn new(site: &Site<'_>) -> SiteView {
        let settings = &site.repo.settings;
        let title = if settings.title.trim().is_empty() {
            "政务公开".to_owned()
        } else {
            settings.title.clone()
        };
        SiteView {
            title,
            base_url: site.options.base_url.clone(),
            internal: site.options.internal,
            as_of: site.options.as_of.to_string(),
            as_of_zh: dates::chinese(site.options.as_of),
            lang: settings.language.clone(),
            annual_years: super::pages::annual_years(site),
        }
    }
}

/// `page`: what the page is.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PageView {
    /// `home`, `unit`, `catalogue`, `class`, `record`, `compliance`, `search`, `404`.
    pub(crate) kind: &'static str,
    /// The `<title>`: the heading, then the site.
    pub(crate) title: String,
    /// The `<h1>`.
    pub(crate) heading: String,
    /// The site path of the page (`a/b/`).
    pub(crate) path: String,
    /// The relative way back to the site root.
    pub(crate) root: String,
    /// The absolute URL of the page, when it has one.
    pub(crate) canonical: Option<String>,
    /// A page of 对内公开 content.
    pub(crate) internal: bool,
    pub(crate) description: Option<String>,
    /// A feed for this page (a unit's), besides the site's.
    pub(crate) feed: Option<String>,
    pub(crate) feed_title: Option<String>,
}

/// `links`: the site-wide pages and files, relative to the page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Links {
    pub(crate) home: String,
    pub(crate) compliance: String,
    pub(crate) search: String,
    pub(crate) feed: String,
    pub(crate) calendar: String,
    pub(crate) csv: String,
    pub(crate) json: String,
    pub(crate) sitemap: String,
    pub(crate) style: String,
    pub(crate) favicon: String,
    pub(crate) search_js: String,
    /// The annual report pages, newest first.
    pub(crate) annual_reports: Vec<YearLink>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct YearLink {
    pub(crate) year: i16,
    pub(crate) href: String,
}

impl Links {
    pub(crate) fn new(link: &Linker, annual_years: &[i16]) -> Links {
        let static_file = |name: &str| link.file(&format!("{}{name}", urls::STATIC));
        Links {
            home: link.page(urls::HOME),
            compliance: link.page(urls::COMPLIANCE),
            search: link.page(urls::SEARCH),
            feed: link.file(urls::FEED),
            calendar: link.file(urls::CALENDAR),
            csv: link.file(urls::CATALOGUE_CSV),
            json: link.file(urls::CATALOGUE_JSON),
            sitemap: link.file(urls::SITEMAP),
            style: static_file("style.css"),
            favicon: static_file("favicon.svg"),
            search_js: static_file("search.js"),
            annual_reports: annual_years
                .iter()
                .map(|&year| YearLink { year, href: link.page(&urls::annual_report(year)) })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct NavItem {
    pub(crate) label: &'static str,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// The site's main navigation; `current` is the page kind it marks.
pub(crate) fn nav(link: &Linker, current: &str) -> Vec<NavItem> {
    [
        ("首页", urls::HOME, "home"),
        ("合规情况", urls::COMPLIANCE, "compliance"),
        ("站内检索", urls::SEARCH, "search"),
    ]
    .into_iter()
    .map(|(label, path, kind)| NavItem { label, href: link.page(path), current: kind == current })
    .collect()
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Crumb {
    pub(crate) name: String,
    /// `None` for the current page.
    pub(crate) href: Option<String>,
}

/// 首页 › the unit's ancestors › the unit (linked), for pages below a unit.
pub(crate) fn unit_crumbs(site: &Site<'_>, unit: usize, link: &Linker) -> Vec<Crumb> {
    let mut crumbs = vec![Crumb { name: "首页".to_owned(), href: Some(link.page(urls::HOME)) }];
    for u in site.repo.ancestry(unit) {
        let unit = site.unit(u);
        crumbs
            .push(Crumb { name: unit.name.clone(), href: Some(link.page(&urls::unit(&unit.id))) });
    }
    crumbs
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ValidityView {
    pub(crate) code: &'static str,
    pub(crate) label: &'static str,
    pub(crate) valid: bool,
    pub(crate) note: String,
}

/// A record in a list.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecordCard {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) date: String,
    pub(crate) unit: String,
    pub(crate) class_name: String,
    pub(crate) index_no: String,
    pub(crate) validity: ValidityView,
    pub(crate) internal: bool,
    pub(crate) summary: String,
}

pub(crate) fn validity_view(site: &Site<'_>, i: usize) -> ValidityView {
    let v = site.validity(i);
    ValidityView {
        code: v.code(),
        label: v.label(),
        valid: v == super::model::Validity::Valid,
        note: v.note(),
    }
}

pub(crate) fn card(site: &Site<'_>, i: usize, link: &Linker) -> RecordCard {
    let r = site.record(i);
    RecordCard {
        title: r.title.clone(),
        href: link.page(site.record_path(i)),
        date: r.published.map(|d| d.to_string()).unwrap_or_default(),
        unit: site.unit(r.unit).name.clone(),
        class_name: site.class_of(i).map(|c| c.name.clone()).unwrap_or_else(|| r.class.clone()),
        index_no: r.index_no.clone().unwrap_or_default(),
        validity: validity_view(site, i),
        internal: r.audience == Audience::Internal,
        summary: site.summary(i).to_owned(),
    }
}

pub(crate) fn cards(site: &Site<'_>, records: &[usize], link: &Linker) -> Vec<RecordCard> {
    records.iter().map(|&i| card(site, i, link)).collect()
}

/// `unit`: a unit's contacts and noticeboard.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct UnitView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) href: String,
    pub(crate) level: String,
    pub(crate) code: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) phone_href: Option<String>,
    pub(crate) board: Option<String>,
    pub(crate) mailbox: Option<String>,
    pub(crate) finance_group: Vec<String>,
    pub(crate) record_book: Option<String>,
    pub(crate) village: bool,
}

pub(crate) fn unit_view(site: &Site<'_>, u: usize, link: &Linker) -> UnitView {
    let unit = site.unit(u);
    UnitView {
        id: unit.id.clone(),
        name: unit.name.clone(),
        href: link.page(&urls::unit(&unit.id)),
        level: unit.level.map(|l| l.chinese().to_owned()).unwrap_or_default(),
        code: unit.code.clone(),
        phone: unit.phone.clone(),
        phone_href: unit.phone.as_deref().map(tel_href),
        board: unit.board.clone(),
        mailbox: unit.mailbox.clone(),
        finance_group: unit.finance_group.clone(),
        record_book: unit.record_book.clone(),
        village: unit.is_village(),
    }
}

/// `tel:` link of a phone number as written (`0514-86881234` → `tel:0514-86881234`).
fn tel_href(phone: &str) -> String {
    let digits: String =
        phone.chars().filter(|c| c.is_ascii_digit() || matches!(c, '+' | '-')).collect();
    format!("tel:{digits}")
}

/// A unit's class in a table (unit page).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ClassRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) href: String,
    pub(crate) internal: bool,
    pub(crate) audience: &'static str,
    pub(crate) cadence: &'static str,
    pub(crate) optional: bool,
    pub(crate) count: usize,
    pub(crate) last_published: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) status_label: &'static str,
}

pub(crate) fn class_row(site: &Site<'_>, class: &ClassRef<'_>, link: &Linker) -> ClassRow {
    let c = class.class;
    let last = class.records.first().and_then(|&i| site.record(i).published);
    let (status, status_label) = status_of(class);
    ClassRow {
        id: c.id.clone(),
        name: c.name.clone(),
        href: link.page(&class.path(site)),
        internal: c.audience == Audience::Internal,
        audience: c.audience.chinese(),
        cadence: c.cadence.chinese(),
        optional: c.optional,
        count: class.records.len(),
        last_published: last.map(|d: Date| d.to_string()),
        status,
        status_label,
    }
}

/// The coverage status of a class as a CSS code and a Chinese label.
pub(crate) fn status_of(class: &ClassRef<'_>) -> (&'static str, &'static str) {
    match class.coverage {
        Some(c) => (c.status.as_str(), c.status.chinese()),
        None => ("not-due", "暂无"),
    }
}

/// The next refresh window (or the current one).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct WindowView {
    pub(crate) current: bool,
    pub(crate) label: String,
    pub(crate) start: String,
    pub(crate) end: String,
}

pub(crate) fn window_view(site: &Site<'_>) -> Option<WindowView> {
    let windows = &site.repo.settings.windows;
    let as_of = site.options.as_of;
    let span = windows.current_or_next(as_of)?;
    Some(WindowView {
        current: span.contains(as_of),
        label: span.chinese(),
        start: span.start.to_string(),
        end: span.end.to_string(),
    })
}
