//! The words of a generated repository: a seeded random source, Chinese text drawn from a
//! real government report (`seed.txt`), Markdown bodies with tables, and values for the
//! typed fields of every class, read from the built-in catalogues so the generator follows
//! the schemas when they change.

use std::fmt::Write as _;

use jiff::civil::Date;

/// SplitMix64: tiny, fast and the same on every machine and every version of every crate,
/// which is what a benchmark corpus needs (a `rand` upgrade must not change the corpus).
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A day in `lo..=hi`.
    pub(crate) fn day(&mut self, lo: Date, hi: Date) -> Date {
        let span = days_between(lo, hi);
        add_days(lo, self.range(0, span))
    }

    /// An independent stream for one item, so adding items elsewhere leaves it unchanged.
    pub(crate) fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }
}

pub(crate) fn add_days(day: Date, n: i64) -> Date {
    day.saturating_add(jiff::Span::new().days(n))
}

pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// A TOML basic string.
pub(crate) fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string holding `s`.
pub(crate) fn q_multiline(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"\"\"\n{escaped}\"\"\"")
}

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡"];
const PLACE_CHARS: &[&str] = &[
    "仙", "女", "龙", "塘", "高", "邮", "宝", "应", "仪", "征", "江", "都", "邗", "广", "陵", "沿",
    "湖", "丁", "沟", "大", "桥", "樊", "川", "真", "武", "吴", "桥", "小", "纪", "武", "坚", "郭",
    "村", "邵", "伯", "宜", "陵", "浦", "头", "新", "丰", "蒋", "王", "杨", "寿",
];
const PHRASES: &[&str] = &[
    "村道维修工程",
    "农村饮水安全管网改造",
    "秸秆综合利用和禁烧",
    "高标准农田建设",
    "农村人居环境整治",
    "城乡居民医疗保险征缴",
    "困难群众临时救助",
    "老旧小区改造",
    "义务教育阶段招生",
    "防汛防台准备",
    "安全生产大检查",
    "农机购置补贴申报",
    "耕地地力保护补贴发放",
    "退役军人优待",
    "村级集体资产清查",
    "土地承包经营权流转",
    "美丽乡村建设",
    "公共文化服务",
    "政务服务事项清单调整",
    "12345热线办理情况",
    "优化营商环境",
    "生活垃圾分类",
    "河道疏浚整治",
    "农村公路养护",
    "残疾人两项补贴",
    "特困人员供养",
    "公益性岗位招聘",
    "重点项目推进",
    "政府采购意向",
    "财政预算执行",
];
const TAGS: &[&str] = &[
    "财政",
    "预算",
    "惠农",
    "民生",
    "工程",
    "收费",
    "人事",
    "统计",
    "公共服务",
    "村务",
    "环境",
    "教育",
    "医疗",
    "交通",
    "安全",
    "补贴",
];
const TOPICS: &[&str] = &[
    "财政、金融、审计\\预算决算",
    "农业、林业、水利\\农业农村",
    "城乡建设、环境保护\\城乡建设",
    "劳动、人事、监察\\人事任免",
    "市场监管、安全生产监管\\物价",
    "卫生、体育\\医疗卫生",
    "教育\\基础教育",
    "民政、扶贫、救灾\\社会救助",
    "综合政务\\政务公开",
];
const QUESTIONS: &[&str] = &[
    "道路维修费用是否包含设计费?",
    "补贴什么时候发放到户?",
    "本次公示的收费标准依据是什么?",
    "项目施工期间如何保障村民出行?",
    "资金使用明细能否进一步公开?",
    "申请材料可以网上提交吗?",
    "表中第三项数据是否有误?",
    "公示期结束后如何查询结果?",
];
const REPLIES: &[&str] = &[
    "包含,详见附件第3页。",
    "已于本月底前通过一卡通发放到户,请注意查收。",
    "依据省发展改革委核定的标准执行,文件已在公开栏张贴。",
    "施工期间保留单侧通行,并安排专人疏导。",
    "明细已补充公开,可到村部查阅记录簿。",
    "可以,通过政务服务网办理即可。",
    "经核实数据无误,表中为累计数。",
    "结果将在公开栏和本网站同步公布。",
];
const STATIONS: &[(&str, &str)] = &[
    ("nongji", "农业技术推广站"),
    ("caizheng", "财政所"),
    ("guotu", "自然资源所"),
    ("sifa", "司法所"),
    ("wenhua", "文化站"),
    ("shuili", "水利站"),
];
pub(crate) const DEPARTMENTS: &[(&str, &str)] = &[
    ("weijian", "卫生健康委员会"),
    ("jiaoyu", "教育局"),
    ("caizheng", "财政局"),
    ("minzheng", "民政局"),
    ("ziran", "自然资源和规划局"),
    ("zhujian", "住房和城乡建设局"),
    ("jiaotong", "交通运输局"),
    ("nongye", "农业农村局"),
    ("renshe", "人力资源和社会保障局"),
    ("shengtai", "生态环境局"),
    ("shichang", "市场监督管理局"),
    ("shuili", "水利局"),
    ("shangwu", "商务局"),
    ("wenlv", "文化广电和旅游局"),
    ("yingji", "应急管理局"),
    ("yibao", "医疗保障局"),
    ("tongji", "统计局"),
    ("shenji", "审计局"),
    ("sifa", "司法局"),
    ("tuijun", "退役军人事务局"),
];

pub(crate) fn station(i: usize) -> (&'static str, &'static str) {
    STATIONS[i % STATIONS.len()]
}

/// Sentences and clauses of the seed report, for bodies and summaries.
pub(crate) struct Words {
    sentences: Vec<String>,
    clauses: Vec<String>,
}

impl Words {
    pub(crate) fn new() -> Words {
        let text = include_str!("seed.txt");
        let mut sentences = Vec::new();
        let mut clauses = Vec::new();
        for sentence in text.split('。') {
            let s: String = sentence.split_whitespace().collect::<Vec<_>>().join("");
            let len = s.chars().count();
            if !(8..=160).contains(&len) || s.contains("时间:") {
                continue;
            }
            for clause in s.split([',', ',', ';', ';']) {
                if (4..=40).contains(&clause.chars().count()) {
                    clauses.push(clause.to_owned());
                }
            }
            sentences.push(format!("{s}。"));
        }
        Words { sentences, clauses }
    }

    /// A sentence: a real one, or two to four clauses of different ones.
    pub(crate) fn sentence(&self, rng: &mut Rng) -> String {
        if rng.chance(0.4) {
            return rng.pick(&self.sentences).clone();
        }
        let n = rng.range(2, 4) as usize;
        let parts: Vec<&str> = (0..n).map(|_| rng.pick(&self.clauses).as_str()).collect();
        format!("{}。", parts.join(","))
    }

    /// A summary of at most 100 characters.
    pub(crate) fn summary(&self, rng: &mut Rng, topic: &str) -> String {
        let clause = rng.pick(&self.clauses);
        let s = format!("{topic}:{clause}。");
        s.chars().take(95).collect()
    }

    /// A paragraph of a few sentences.
    pub(crate) fn paragraph(&self, rng: &mut Rng) -> String {
        let n = rng.range(2, 5);
        (0..n).map(|_| self.sentence(rng)).collect()
    }
}

pub(crate) fn person(rng: &mut Rng) -> String {
    format!("{}某某", rng.pick(SURNAMES))
}

pub(crate) fn place_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(PLACE_CHARS), rng.pick(PLACE_CHARS))
}

pub(crate) fn phrase(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(PHRASES)
}

pub(crate) fn tags(rng: &mut Rng) -> Vec<&'static str> {
    let n = rng.range(1, 3) as usize;
    let mut tags: Vec<&str> = Vec::new();
    for _ in 0..n {
        let t = *rng.pick(TAGS);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

pub(crate) fn topic(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(TOPICS)
}

pub(crate) fn question(rng: &mut Rng) -> (&'static str, &'static str) {
    let i = rng.below(QUESTIONS.len());
    (QUESTIONS[i], REPLIES[i])
}

/// An amount in yuan between `lo` and `hi`, as TOML (an integer, or two decimals).
pub(crate) fn money(rng: &mut Rng, lo: i64, hi: i64) -> String {
    let yuan = rng.range(lo, hi);
    if rng.chance(0.3) { format!("{yuan}.{:02}", rng.range(0, 99)) } else { yuan.to_string() }
}

/// The Markdown body of a record: paragraphs from the seed, a heading or two, a table of
/// `rows`, and the supervision line; about `target` bytes.
pub(crate) fn body(
    words: &Words,
    rng: &mut Rng,
    target: usize,
    table: &[Vec<String>],
    phone: &str,
) -> String {
    let mut out = String::with_capacity(target + 512);
    out.push_str(&words.paragraph(rng));
    out.push_str("\n\n");
    let headings = ["一、基本情况", "二、主要内容", "三、工作安排", "四、监督方式"];
    let mut paragraphs = 0;
    // Stop one paragraph short: the last paragraph and the supervision line overshoot.
    while out.len() + 450 < target || paragraphs < 2 {
        if paragraphs < headings.len() && rng.chance(0.6) {
            let _ = write!(out, "## {}\n\n", headings[paragraphs]);
        }
        out.push_str(&words.paragraph(rng));
        out.push_str("\n\n");
        paragraphs += 1;
        if paragraphs == 2 && !table.is_empty() {
            markdown_table(&mut out, table);
        }
        if rng.chance(0.2) {
            for _ in 0..rng.range(2, 4) {
                let _ = writeln!(out, "- {}", words.sentence(rng));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "**监督电话:** {phone}。对公开内容有疑问的,可投递公开栏旁意见箱,或联系经办人(139****{:04})。",
        rng.range(0, 9999)
    );
    out
}

fn markdown_table(out: &mut String, rows: &[Vec<String>]) {
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(out, "| {} |", row.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(row.len()));
        }
    }
    out.push('\n');
}

/// A generic table for classes without a table field of their own.
pub(crate) fn generic_table(rng: &mut Rng) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "项目".to_owned(),
        "金额(万元)".to_owned(),
        "完成进度".to_owned(),
        "责任单位".to_owned(),
    ]];
    for _ in 0..rng.range(3, 7) {
        rows.push(vec![
            phrase(rng).to_owned(),
            format!("{}.{}", rng.range(5, 9800), rng.range(0, 9)),
            format!("{}%", rng.range(10, 100)),
            format!("{}办", place_name(rng)),
        ]);
    }
    rows
}
