//! Sample boards for the engine's unit tests (test-only). The command's tests use
//! fixture repositories under `tests/fixtures/sheets/` instead.

use super::data::{Audience, Board, Class, Figure, Record, Review, Unit, Window};

const BASE_URL: &str = "https://gk.example.gov.cn/yangzhou/jiangdu/xiannv";

/// (id, name, samples) of the eight external township classes.
fn township_classes() -> Vec<(&'static str, &'static str, Vec<Sample>)> {
    vec![
        (
            "functions",
            "机构职能",
            vec![
                s(
                    "仙女镇人民政府机构设置及主要职责",
                    "镇党政办公室、经济发展办公室、社会事业办公室等7个内设机构的职责分工、负责人及联系电话。",
                    &[("内设机构", "7个"), ("事业站所", "5个")],
                ),
                s(
                    "仙女镇便民服务中心办事指南",
                    "户籍、社保、民政、计生等38项便民事项的办理条件、所需材料、办理时限和窗口电话。",
                    &[("服务事项", "38项"), ("办理时限", "即办或3个工作日")],
                ),
            ],
        ),
        (
            "economy",
            "经济发展",
            vec![
                s(
                    "2026年上半年全镇经济运行情况",
                    "上半年全镇实现地区生产总值41.2亿元，同比增长6.8%；一般公共预算收入2.35亿元。",
                    &[
                        ("地区生产总值", "41.20亿元"),
                        ("同比增长", "6.8%"),
                        ("一般公共预算收入", "2.35亿元"),
                    ],
                ),
                s(
                    "2026年招商引资重点项目进展",
                    "新签约亿元以上项目4个，总投资12.6亿元；在建项目9个，完成投资5.1亿元。",
                    &[("签约项目", "4个"), ("总投资", "12.60亿元")],
                ),
            ],
        ),
        (
            "funds",
            "资金管理",
            vec![
                s(
                    "2026年第一季度财政资金收支情况",
                    "一季度镇级财政收入合计3862.4万元，支出3511.7万元，其中民生支出占比72.3%。",
                    &[
                        ("收入合计", "3862.40万元"),
                        ("支出合计", "3511.70万元"),
                        ("民生支出占比", "72.3%"),
                    ],
                ),
                s(
                    "2026年度镇级部门预算",
                    "镇级一般公共预算支出安排1.52亿元，“三公”经费预算38.5万元，比上年下降5.2%。",
                    &[("支出预算", "15200.00万元"), ("“三公”经费", "38.50万元")],
                ),
            ],
        ),
        (
            "agri-policy",
            "惠农政策",
            vec![
                s(
                    "2026年耕地地力保护补贴发放情况",
                    "全镇3126户农户享受补贴，补贴面积4.81万亩，每亩补贴125元，已通过“一卡通”发放到户。",
                    &[
                        ("补贴户数", "3126户"),
                        ("补贴面积", "4.81万亩"),
                        ("补贴标准", "125元/亩"),
                        ("发放总额", "601.25万元"),
                    ],
                ),
                s(
                    "农机购置与应用补贴申请指南",
                    "购置列入补贴目录的农机具可按规定申请补贴，申请截止日期为2026年10月31日。",
                    &[("申请截止", "2026年10月31日")],
                ),
            ],
        ),
        (
            "agri-fees",
            "涉农收费",
            vec![s(
                "2026年涉农收费项目及标准",
                "以下为经批准的涉农收费项目，项目以外的收费农民有权拒绝，并可拨打监督电话举报。",
                &[
                    ("农村生活垃圾处理费", "5元/户·月"),
                    ("农业灌溉水费", "0.08元/立方米"),
                    ("农村建房工本费", "10元/证"),
                    ("土地承包经营权证工本费", "免收"),
                ],
            )],
        ),
        (
            "public-works",
            "公益建设",
            vec![
                s(
                    "仙女镇2026年农村公路提档升级工程招标结果",
                    "工程包含村道拓宽改造12.4公里，经公开招标，江苏某路桥工程有限公司中标，工期150天。",
                    &[
                        ("招标底价", "1286.50万元"),
                        ("中标价", "1198.73万元"),
                        ("中标单位", "江苏某路桥工程有限公司"),
                        ("工期", "150天"),
                    ],
                ),
                s(
                    "镇敬老院改扩建工程竣工验收情况",
                    "新增床位60张，总投资486万元，已于2026年6月通过竣工验收并投入使用。",
                    &[("总投资", "486.00万元"), ("新增床位", "60张")],
                ),
            ],
        ),
        (
            "personnel",
            "人事奖励",
            vec![
                s(
                    "关于表彰2025年度先进工作者的决定",
                    "经民主推荐、镇党委研究，决定授予李晓明等15名同志“2025年度先进工作者”称号。",
                    &[("表彰人数", "15名")],
                ),
                s(
                    "仙女镇2026年公开招聘编外人员拟录用人员公示",
                    "公示期为2026年8月10日至8月16日，对公示人员如有异议，请向镇纪委反映。",
                    &[("拟录用", "6人"), ("公示期", "7天")],
                ),
            ],
        ),
        (
            "other",
            "其他",
            vec![s(
                "2026年防汛防台工作安排",
                "全镇划分12个防汛责任片区，落实巡查人员216名，储备编织袋3万条、抢险砂石800吨。",
                &[("责任片区", "12个"), ("巡查人员", "216名")],
            )],
        ),
    ]
}

struct Sample {
    title: &'static str,
    summary: &'static str,
    figures: &'static [(&'static str, &'static str)],
}

fn s(
    title: &'static str,
    summary: &'static str,
    figures: &'static [(&'static str, &'static str)],
) -> Sample {
    Sample { title, summary, figures }
}

fn record(sample: &Sample, class: &str, serial: usize) -> Record {
    let day = 1 + serial % 28;
    Record {
        title: sample.title.to_owned(),
        date: format!("2026年{}月{}日", 3 + serial % 5, day),
        summary: sample.summary.to_owned(),
        figures: sample
            .figures
            .iter()
            .map(|(l, v)| Figure { label: (*l).into(), value: (*v).into(), numeric: true })
            .collect(),
        url: Some(format!("{BASE_URL}/external/{class}/record-{serial:03}/")),
        index_no: format!("321012100/2026-{:05}", serial + 1),
        doc_no: serial.is_multiple_of(3).then(|| format!("仙政发〔2026〕{}号", serial + 1)),
        reviewed_by: "张建国".into(),
        reviewed_on: format!("2026年{}月{}日", 3 + serial % 5, day),
    }
}

fn board(classes: Vec<Class>, audience: Audience) -> Board {
    Board {
        unit: Unit {
            id: "yangzhou/jiangdu/xiannv".into(),
            name: "仙女镇".into(),
            level: "township".into(),
            phone: "0514-86881234".into(),
            board: "镇政府大院东侧公开栏".into(),
            mailbox: "公开栏右侧意见箱".into(),
        },
        board_title: "政务公开栏".into(),
        audience,
        window: Window {
            code: "2026-08".into(),
            start: "2026年8月15日".into(),
            end: "2026年8月25日".into(),
            label: "2026年8月15日—8月25日".into(),
        },
        next_window: Window {
            code: "2027-01".into(),
            start: "2027年1月15日".into(),
            end: "2027年1月25日".into(),
            label: "2027年1月15日—1月25日".into(),
        },
        reviewed: Review { by: "张建国".into(), on: "2026年8月14日".into() },
        classes,
        generated_for: "2026-08".into(),
    }
}

/// The external board of a township, `per_class` records in every class
/// (samples repeat when a class has fewer).
pub(crate) fn township(per_class: usize) -> Board {
    let mut serial = 0;
    let classes = township_classes()
        .into_iter()
        .map(|(id, name, samples)| {
            let records = (0..per_class)
                .map(|i| {
                    serial += 1;
                    record(&samples[i % samples.len()], id, serial)
                })
                .collect();
            Class { id: id.into(), name: name.into(), records }
        })
        .collect();
    board(classes, Audience::External)
}

/// One class (资金管理) with `n` records, to show the flow across pages.
pub(crate) fn long_class(n: usize) -> Board {
    let all = township_classes();
    let samples: Vec<&Sample> = all.iter().flat_map(|(_, _, s)| s.iter()).collect();
    let records = (0..n).map(|i| record(samples[i % samples.len()], "funds", i)).collect();
    board(vec![Class { id: "funds".into(), name: "资金管理".into(), records }], Audience::External)
}

/// Two classes: 资金管理 with `a` records, then 惠农政策 with `b`.
pub(crate) fn two_classes(a: usize, b: usize) -> Board {
    let all = township_classes();
    let samples: Vec<&Sample> = all.iter().flat_map(|(_, _, s)| s.iter()).collect();
    let funds = (0..a).map(|i| record(samples[i % samples.len()], "funds", i)).collect();
    let policy =
        (0..b).map(|i| record(samples[(i + 3) % samples.len()], "policy", a + i)).collect();
    board(
        vec![
            Class { id: "funds".into(), name: "资金管理".into(), records: funds },
            Class { id: "policy".into(), name: "惠农政策".into(), records: policy },
        ],
        Audience::External,
    )
}

/// [`long_class`] of `n` records whose first card has 80 figures (指标01 … 指标80), too
/// tall for any page.
pub(crate) fn tall_card(n: usize) -> Board {
    let mut b = long_class(n);
    b.classes[0].records[0].figures = (1..=80)
        .map(|i| Figure {
            label: format!("指标{i:02}"),
            value: format!("{i}.50万元"),
            numeric: true,
        })
        .collect();
    b
}

/// A village board (村务公开栏) with a rare name character only system fonts have.
pub(crate) fn village() -> Board {
    let mut b = township(1);
    b.unit.name = "仙女镇堃山村".into();
    b.unit.level = "village".into();
    b.board_title = "村务公开栏".into();
    b.classes.truncate(3);
    b.reviewed.by = "王玥珺".into();
    b
}
