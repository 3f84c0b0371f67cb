//! `sitemap.xml` (sitemaps.org 0.9): every page of the site but `404.html`. Past 50,000
//! pages, the limit of one sitemap, `sitemap.xml` becomes an index of `sitemap-N.xml`.

use super::feeds::xml_escape;
use super::model::Site;
use super::pages::{self, Job};
use crate::urls;
use crate::write::OutputFile;

const PER_FILE: usize = 50_000;

pub(crate) fn files(site: &Site<'_>, jobs: &[Job]) -> Vec<OutputFile> {
    let base = &site.options.base_url;
    let urls: Vec<String> = jobs
        .iter()
        .filter(|job| **job != Job::NotFound)
        .map(|&job| {
            let loc = urls::absolute(base, &pages::path(site, job));
            let lastmod = match job {
                Job::Record(i) => site.record(i).last_posted(site.options.as_of),
                _ => None,
            };
            match lastmod {
                Some(day) => format!(
                    "  <url><loc>{}</loc><lastmod>{day}</lastmod></url>\n",
                    xml_escape(&loc)
                ),
                None => format!("  <url><loc>{}</loc></url>\n", xml_escape(&loc)),
            }
        })
        .collect();
    if urls.len() <= PER_FILE {
        return vec![OutputFile::text(urls::SITEMAP, urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&urls::absolute(base, &name))
        ));
        files.push(OutputFile::text(name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, OutputFile::text(urls::SITEMAP, index));
    files
}

fn urlset(urls: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str(url);
    }
    xml.push_str("</urlset>\n");
    xml
}
