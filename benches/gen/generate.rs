//! A deterministic generator of realistic catalogue repositories for the benchmark.
//!
//! Given a number of records N and a seed, it writes the same repository on every machine:
//! a city with its departments and topic columns, counties, townships with their stations
//! and villages (15 per township), every class of every unit's catalogues covered, typed
//! fields filled, Chinese bodies of 1–4 KB with Markdown tables, feedback, attachments,
//! disclosure requests and internal records. Dates are chosen so that the repository is
//! clean for `gongkai check --as-of 2026-11-26`: every fixed class has a current record
//! posted in or after the August 2026 refresh window, dynamic records are published
//! within 20 days of their event, reviews come before publication, feedback is answered
//! in time and no personal number is left unmasked.
//!
//! Shared by the `gen-repo` example (the runner calls it) and by `tests/bench_repo.rs`,
//! which checks that a small repository passes `gongkai check` cleanly.

#[path = "content.rs"]
mod content;
#[path = "hugo.rs"]
mod hugo;
#[path = "schema.rs"]
mod schema;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};

use content::{Rng, Words, q};
use schema::{Catalogue, Class};

/// The `--as-of` day the generated repository is clean for.
pub(crate) const AS_OF: &str = "2026-11-26";

/// Villages per township and stations per township.
const VILLAGES: usize = 15;
const STATIONS: usize = 2;

#[derive(Clone, Debug)]
pub(crate) struct Options {
    pub(crate) records: usize,
    pub(crate) seed: u64,
    /// Also write the public records as a Hugo site here.
    pub(crate) hugo: Option<PathBuf>,
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub(crate) struct Summary {
    pub(crate) units: usize,
    pub(crate) records: usize,
    pub(crate) internal: usize,
    pub(crate) public: usize,
    pub(crate) attachments: usize,
    pub(crate) requests: usize,
    pub(crate) bytes: u64,
}

impl Summary {
    pub(crate) fn json(&self) -> String {
        format!(
            "{{\"units\": {}, \"records\": {}, \"internal\": {}, \"public\": {}, \"attachments\": {}, \"requests\": {}, \"bytes\": {}}}",
            self.units,
            self.records,
            self.internal,
            self.public,
            self.attachments,
            self.requests,
            self.bytes
        )
    }
}

/// One unit to write.
struct Unit {
    /// Path under `units/`.
    id: String,
    name: String,
    level: &'static str,
    code: String,
    phone: String,
    /// Catalogue classes, in catalogue order.
    classes: Vec<Class>,
    /// Share of the records beyond the minimum.
    weight: f64,
}

/// Writes a repository of `options.records` records into `out` (created; must not exist
/// or be empty). Fewer records than the tree needs to cover every class are raised to
/// that minimum.
pub(crate) fn generate(out: &Path, options: &Options) -> io::Result<Summary> {
    let catalogues = schema::builtin().map_err(io::Error::other)?;
    let mut rng = Rng::new(options.seed);
    let units = tree(options.records, &catalogues, &mut rng);
    let counts = allocate(&units, options.records, &mut rng);
    let hugo = match &options.hugo {
        Some(dir) => Some(hugo::Site::create(dir)?),
        None => None,
    };
    let mut writer = Writer {
        root: out.to_path_buf(),
        words: Words::new(),
        hugo,
        summary: Summary::default(),
        explicit_serial: 90_000,
    };
    writer.settings(options.records)?;
    for (unit, counts) in units.iter().zip(&counts) {
        let mut unit_rng = rng.fork();
        writer.unit(unit, counts, &mut unit_rng)?;
    }
    writer.summary.units = units.len();
    Ok(writer.summary)
}

/// The administrative tree for about `n` records: one township block (a township, its
/// villages and stations, about 500 records) per 500 records, six townships per county,
/// one city department per township block (2 to 40).
fn tree(n: usize, catalogues: &[Catalogue], rng: &mut Rng) -> Vec<Unit> {
    let blocks = (n.saturating_sub(400) as f64 / 500.0).round().max(1.0) as usize;
    let counties = blocks.div_ceil(6);
    let departments = blocks.clamp(2, 40);
    let classes = |level: &str| -> Vec<Class> {
        catalogues
            .iter()
            .filter(|c| c.levels.iter().any(|l| l == level))
            .flat_map(|c| c.classes.iter().cloned())
            .collect()
    };
    let mut phone = 86_000_000;
    let mut next_phone = || {
        phone += 1_237;
        format!("0514-{phone}")
    };
    let mut units = vec![Unit {
        id: "yangzhou".to_owned(),
        name: "扬州市人民政府".to_owned(),
        level: "city",
        code: "321000000000".to_owned(),
        phone: next_phone(),
        classes: classes("city"),
        weight: 40.0,
    }];
    for d in 0..departments {
        let (slug, name) = match content::DEPARTMENTS.get(d) {
            Some((slug, name)) => ((*slug).to_owned(), format!("扬州市{name}")),
            None => (format!("dept-{:02}", d + 1), format!("扬州市第{}工作部门", d + 1)),
        };
        units.push(Unit {
            id: format!("yangzhou/{slug}"),
            name,
            level: "department",
            code: format!("0141{:05}", 17_584 + d * 31),
            phone: next_phone(),
            classes: classes("department"),
            weight: 6.0,
        });
    }
    let mut station_code = 1_039_573;
    for c in 0..counties {
        let county_place = content::place_name(rng);
        let county_id = format!("yangzhou/county-{:02}", c + 1);
        let county_code = format!("3210{:02}", c + 1);
        units.push(Unit {
            id: county_id.clone(),
            name: format!("扬州市{county_place}区人民政府"),
            level: "county",
            code: format!("{county_code}000000"),
            phone: next_phone(),
            classes: classes("county"),
            weight: 15.0,
        });
        let townships = if c + 1 == counties { blocks - 6 * c } else { 6 };
        for t in 0..townships {
            let town_place = content::place_name(rng);
            let town_id = format!("{county_id}/town-{:02}", t + 1);
            let town_code = format!("{county_code}{:03}", t + 100);
            units.push(Unit {
                id: town_id.clone(),
                name: format!("{town_place}镇"),
                level: "township",
                code: format!("{town_code}000"),
                phone: next_phone(),
                classes: classes("township"),
                weight: 8.0,
            });
            for s in 0..STATIONS {
                let (slug, name) = content::station(t * STATIONS + s);
                station_code += 7;
                units.push(Unit {
                    id: format!("{town_id}/{slug}"),
                    name: format!("{town_place}镇{name}"),
                    level: "station",
                    code: format!("MB{station_code}"),
                    phone: next_phone(),
                    classes: classes("station"),
                    weight: 1.5,
                });
            }
            for v in 0..VILLAGES {
                units.push(Unit {
                    id: format!("{town_id}/village-{:02}", v + 1),
                    name: format!("{town_place}镇{}村", content::place_name(rng)),
                    level: "village",
                    code: format!("{town_code}{:03}", v + 201),
                    phone: next_phone(),
                    classes: classes("village"),
                    weight: 2.0,
                });
            }
        }
    }
    units
}

/// How many records each class of each unit gets: one per required class (the record that
/// keeps it covered and fresh), optional classes half the time, the rest shared by weight.
fn allocate(units: &[Unit], n: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut counts: Vec<Vec<usize>> = units
        .iter()
        .map(|u| u.classes.iter().map(|c| usize::from(!c.optional || rng.chance(0.5))).collect())
        .collect();
    let minimum: usize = counts.iter().flatten().sum();
    let extra = n.saturating_sub(minimum);
    let total_weight: f64 = units.iter().map(|u| u.weight).sum();
    let shares: Vec<f64> = units.iter().map(|u| extra as f64 * u.weight / total_weight).collect();
    let mut whole: Vec<usize> = shares.iter().map(|s| s.floor() as usize).collect();
    let mut left = extra - whole.iter().sum::<usize>();
    let mut by_fraction: Vec<usize> = (0..units.len()).collect();
    by_fraction.sort_by(|&a, &b| {
        (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor())).then(a.cmp(&b))
    });
    for &u in by_fraction.iter().cycle() {
        if left == 0 {
            break;
        }
        whole[u] += 1;
        left -= 1;
    }
    for ((unit, counts), share) in units.iter().zip(&mut counts).zip(whole) {
        let weights: Vec<f64> = unit
            .classes
            .iter()
            .map(|c| match (c.external, c.fixed, c.optional) {
                (_, _, true) => 0.4,
                (false, _, _) => 0.3,
                (true, false, _) => 3.0,
                (true, true, _) => 1.0,
            })
            .collect();
        let sum: f64 = weights.iter().sum();
        for _ in 0..share {
            let mut x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * sum;
            let mut chosen = weights.len() - 1;
            for (i, w) in weights.iter().enumerate() {
                if x < *w {
                    chosen = i;
                    break;
                }
                x -= w;
            }
            counts[chosen] += 1;
        }
    }
    counts
}

struct Writer {
    root: PathBuf,
    words: Words,
    hugo: Option<hugo::Site>,
    summary: Summary,
    explicit_serial: u32,
}

/// The dates and workflow of one record.
struct Dates {
    status: &'static str,
    published: Option<Date>,
    event: Option<Date>,
    written: Option<Date>,
    reviewed_on: Option<Date>,
    expires: Option<Date>,
    abolished: Option<Date>,
    reconfirmed: Vec<Date>,
    /// For the file name of records without a publication date.
    created: Date,
}

impl Writer {
    fn write(&mut self, rel: &str, content: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        self.summary.bytes += content.len() as u64;
        fs::write(path, content)
    }

    fn settings(&mut self, n: usize) -> io::Result<()> {
        let text = format!(
            "# Generated by benches/gen (gen-repo --records {n}); clean for `check --as-of {AS_OF}`.\n\
             title = \"扬州市政务公开网(基准测试)\"\n\
             base_url = \"https://gk.example.gov.cn/\"\n\
             language = \"zh-CN\"\n\n\
             [refresh]\n\
             windows = [\"01-15..01-25\", \"03-15..03-25\", \"08-15..08-25\"]\n\
             dynamic_within_days = 20\n"
        );
        self.write("gongkai.toml", text.as_bytes())
    }

    fn unit(&mut self, unit: &Unit, counts: &[usize], rng: &mut Rng) -> io::Result<()> {
        let mut text = format!(
            "name = {}\nlevel = \"{}\"\ncode = \"{}\"\nphone = \"{}\"\nboard = {}\nmailbox = {}\n",
            q(&unit.name),
            unit.level,
            unit.code,
            unit.phone,
            q(&format!("{}大院东侧公开栏", unit.name)),
            q("公开栏右侧意见箱"),
        );
        if unit.level == "village" {
            let group: Vec<String> =
                (0..rng.range(3, 5)).map(|_| q(&content::person(rng))).collect();
            let _ = writeln!(text, "finance_group = [{}]", group.join(", "));
            text.push_str("record_book = \"村委会档案室\"\n");
        }
        self.write(&format!("units/{}/unit.toml", unit.id), text.as_bytes())?;
        if let Some(site) = &self.hugo {
            site.section(&unit.id, &unit.name)?;
            site.section(&format!("{}/external", unit.id), &format!("{} 公开目录", unit.name))?;
        }
        for (class, &count) in unit.classes.iter().zip(counts) {
            if count > 0
                && class.external
                && let Some(site) = &self.hugo
            {
                site.section(&format!("{}/external/{}", unit.id, class.id), &class.name)?;
            }
            for k in 0..count {
                self.record(unit, class, k, rng)?;
            }
        }
        if matches!(unit.level, "county" | "township") {
            for r in 0..rng.range(1, 4) {
                self.request(unit, r, rng)?;
            }
        }
        Ok(())
    }

    fn dates(class: &Class, anchor: bool, rng: &mut Rng) -> Dates {
        let as_of = date(2026, 11, 26);
        let mut d = Dates {
            status: "published",
            published: None,
            event: None,
            written: None,
            reviewed_on: None,
            expires: None,
            abolished: None,
            reconfirmed: Vec::new(),
            created: rng.day(date(2026, 9, 1), date(2026, 11, 25)),
        };
        if !anchor {
            let x = rng.range(0, 999);
            d.status = match x {
                0..30 => "draft",
                30..50 => "reviewed",
                50..60 => "withdrawn",
                _ => "published",
            };
        }
        if !class.fixed {
            let event = if anchor {
                rng.day(date(2026, 6, 1), date(2026, 11, 6))
            } else {
                rng.day(date(2023, 1, 1), date(2026, 11, 6))
            };
            d.event = Some(event);
            d.created = content::add_days(event, rng.range(0, 20));
        }
        if d.status == "draft" {
            return d;
        }
        if d.status == "reviewed" {
            d.reviewed_on = Some(d.created);
            return d;
        }
        let published = match (d.event, anchor) {
            (Some(event), _) => content::add_days(event, rng.range(0, 20)),
            (None, true) if rng.chance(0.7) => rng.day(date(2026, 8, 15), date(2026, 11, 20)),
            (None, true) => {
                d.reconfirmed.push(rng.day(date(2026, 8, 15), date(2026, 8, 25)));
                rng.day(date(2024, 1, 1), date(2026, 8, 14))
            }
            (None, false) => rng.day(date(2023, 1, 1), date(2026, 11, 20)),
        };
        d.published = Some(published);
        d.reviewed_on = Some(content::add_days(published, -rng.range(0, 4)));
        if rng.chance(0.4) {
            d.written = Some(content::add_days(published, -rng.range(3, 15)));
        }
        if class.fixed && !anchor {
            if rng.chance(0.2) {
                let windows = [(2024, 8), (2025, 1), (2025, 3), (2025, 8), (2026, 1), (2026, 3)];
                let (y, m) = *rng.pick(&windows);
                let day = date(y, m, 18);
                if day > published {
                    d.reconfirmed.push(day);
                }
            }
            if rng.chance(0.15) {
                d.expires = Some(content::add_days(published, rng.range(180, 540)));
            } else if rng.chance(0.03) {
                let day = content::add_days(published, rng.range(30, 400));
                d.abolished = Some(day.min(as_of));
            }
        }
        d
    }

    fn record(&mut self, unit: &Unit, class: &Class, k: usize, rng: &mut Rng) -> io::Result<()> {
        let rng = &mut rng.fork();
        let d = Self::dates(class, k == 0, rng);
        let day = d.published.unwrap_or(d.created);
        let year = day.year();
        let slug = format!("{day}-{:05}", k + 1);
        let topic = content::phrase(rng);
        let title = if class.fixed {
            let period = *rng.pick(&["", "第一季度", "第二季度", "第三季度", "上半年"]);
            format!(
                "{}{year}年{period}{}{}",
                unit.name,
                class.name,
                rng.pick(&["公示", "情况", "公开"])
            )
        } else {
            format!("{}关于{topic}的{}", unit.name, rng.pick(&["通知", "公告", "情况通报", "公示"]))
        };
        let mut fm = format!("title = {}\n", q(&title));
        let date_line = |fm: &mut String, key: &str, day: Option<Date>| {
            if let Some(day) = day {
                let _ = writeln!(fm, "{key} = {day}");
            }
        };
        date_line(&mut fm, "published", d.published);
        date_line(&mut fm, "written", d.written);
        date_line(&mut fm, "event", d.event);
        let _ = writeln!(fm, "status = \"{}\"", d.status);
        let _ = writeln!(fm, "proposed_by = {}", q(&format!("{}办公室", unit.name)));
        if let Some(on) = d.reviewed_on {
            let _ = writeln!(fm, "reviewed_by = {}", q(&content::person(rng)));
            let _ = writeln!(fm, "reviewed_on = {on}");
        }
        let mut index_no = None;
        if d.published.is_some() && rng.chance(0.08) {
            self.explicit_serial += 1;
            let number = format!("{}/{year}-{}", unit.code, self.explicit_serial);
            let _ = writeln!(fm, "index_no = {}", q(&number));
            index_no = Some(number);
        }
        if rng.chance(0.2) {
            let abbr: String = unit.name.chars().next().into_iter().collect();
            let _ = writeln!(fm, "doc_no = {}", q(&format!("{abbr}政发〔{year}〕{}号", k + 1)));
        }
        date_line(&mut fm, "expires", d.expires);
        date_line(&mut fm, "abolished", d.abolished);
        if !d.reconfirmed.is_empty() {
            let days: Vec<String> = d.reconfirmed.iter().map(Date::to_string).collect();
            let _ = writeln!(fm, "reconfirmed = [{}]", days.join(", "));
        }
        let tags: Vec<String> = content::tags(rng).into_iter().map(q).collect();
        let _ = writeln!(fm, "tags = [{}]", tags.join(", "));
        let summary = rng.chance(0.8).then(|| self.words.summary(rng, topic));
        if let Some(summary) = &summary {
            let _ = writeln!(fm, "summary = {}", q(summary));
        }
        if rng.chance(0.5) {
            let _ = writeln!(fm, "topic = '{}'", content::topic(rng));
        }
        if rng.chance(0.2) {
            let key = if rng.chance(0.5) {
                class.id.clone()
            } else {
                format!("{}/{}", class.audience(), class.id)
            };
            let _ = writeln!(fm, "class = {}", q(&key));
        }
        let folder = format!("units/{}/{}/{}", unit.id, class.audience(), class.id);
        if rng.chance(0.08) {
            let mut paths = Vec::new();
            for a in 0..rng.range(1, 2) {
                let ext = *rng.pick(&["pdf", "pdf", "xlsx", "csv"]);
                let name = format!("{}-{slug}-{}.{ext}", class.id, a + 1);
                self.attachment(&format!("units/{}/files/{name}", unit.id), rng)?;
                paths.push(q(&format!("../../files/{name}")));
            }
            let _ = writeln!(fm, "attachments = [{}]", paths.join(", "));
        }
        let ctx = schema::Context { unit_name: &unit.name, phone: &unit.phone, published: day };
        fm.push_str(&schema::typed_fields(class, &ctx, rng));
        let target = rng.range(1000, 4000) as usize;
        let table = content::generic_table(rng);
        let body = content::body(&self.words, rng, target, &table, &unit.phone);
        let feedback = if class.external && d.status == "published" && rng.chance(0.15) {
            Self::feedback(day, rng)
        } else {
            String::new()
        };
        let toml_record = rng.chance(0.12);
        let text = if toml_record {
            format!("{fm}body = {}\n{feedback}", content::q_multiline(&body))
        } else {
            format!("+++\n{fm}{feedback}+++\n{body}")
        };
        let ext = if toml_record { "toml" } else { "md" };
        self.write(&format!("{folder}/{slug}.{ext}"), text.as_bytes())?;
        self.summary.records += 1;
        if !class.external {
            self.summary.internal += 1;
        }
        if let (true, "published", Some(published)) = (class.external, d.status, d.published) {
            self.summary.public += 1;
            if let Some(site) = &self.hugo {
                site.record(
                    &format!("{}/external/{}/{slug}", unit.id, class.id),
                    &title,
                    published,
                    summary.as_deref(),
                    index_no.as_deref(),
                    &unit.name,
                    &class.name,
                    &body,
                )?;
            }
        }
        Ok(())
    }

    /// `[[feedback]]` entries received after `published` and answered within 20 days;
    /// the ones received in the last 20 days before the as-of day may be unanswered.
    fn feedback(published: Date, rng: &mut Rng) -> String {
        let as_of = date(2026, 11, 26);
        let mut out = String::new();
        for _ in 0..rng.range(1, 3) {
            let received = content::add_days(published, rng.range(1, 60)).min(as_of);
            let (question, reply) = content::question(rng);
            let _ =
                write!(out, "\n[[feedback]]\nreceived = {received}\nquestion = {}\n", q(question));
            let recent = content::days_between(received, as_of) < 20;
            if recent && rng.chance(0.5) {
                continue;
            }
            let replied = content::add_days(received, rng.range(0, 20)).min(as_of);
            let _ = write!(out, "reply = {}\nreplied_on = {replied}\n", q(reply));
        }
        out
    }

    fn attachment(&mut self, rel: &str, rng: &mut Rng) -> io::Result<()> {
        let size = rng.range(1024, 8192) as usize;
        let mut bytes = b"%PDF-1.4\n% gongkai benchmark attachment\n".to_vec();
        while bytes.len() < size {
            bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
        }
        self.summary.attachments += 1;
        self.write(rel, &bytes)
    }

    fn request(&mut self, unit: &Unit, r: i64, rng: &mut Rng) -> io::Result<()> {
        let received = rng.day(date(2026, 1, 5), date(2026, 11, 10));
        let replied = content::add_days(received, rng.range(3, 10));
        let channels = ["当面", "信函", "网上申请", "传真", "其他"];
        let requesters = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"];
        let outcomes = ["予以公开", "部分公开", "不予公开", "无法提供"];
        let outcome = *rng.pick(&outcomes);
        let mut text = format!(
            "received = {received}\nchannel = \"{}\"\nrequester = \"{}\"\nsubject = {}\nreplied = {replied}\noutcome = \"{outcome}\"\n",
            rng.pick(&channels),
            rng.pick(&requesters),
            q(&format!("{}资金使用明细", content::phrase(rng))),
        );
        if outcome != "予以公开" {
            text.push_str("reason = \"涉及第三方合法权益\"\n");
        }
        self.summary.requests += 1;
        self.write(
            &format!("units/{}/requests/{received}-{:02}.toml", unit.id, r + 1),
            text.as_bytes(),
        )
    }
}
