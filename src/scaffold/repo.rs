//! The files of a new repository: `gongkai.toml`, `.gitignore`, one unit and one example
//! record per class of the unit's catalogues.

use crate::catalogue::{Catalogues, Level};
use crate::dates::Date;
use crate::i18n::Lang;

use super::NewFile;
use super::lines::Lines;
use super::record::{self, proposer};
use super::sample::{Context, toml_string};

/// The default `dynamic_within_days` (SPEC §2), written out in `gongkai.toml`.
const WITHIN_DAYS: i64 = 20;

/// What `gongkai init` was asked for, with defaults filled in.
#[derive(Clone, Debug)]
pub(crate) struct InitParams {
    pub(crate) level: Level,
    pub(crate) name: String,
    pub(crate) code: String,
    /// The unit's folder under `units/`.
    pub(crate) slug: String,
    pub(crate) today: Date,
    pub(crate) lang: Lang,
}

/// The name and code a unit of each level gets when `--name` or `--code` is not given.
pub(crate) struct UnitDefaults;

impl UnitDefaults {
    pub(crate) fn name(level: Level) -> &'static str {
        match level {
            Level::City => "示例市",
            Level::County => "示例县",
            Level::Township => "示例镇",
            Level::Village => "示例村",
            Level::Department => "示例局",
            Level::Station => "示例站",
        }
    }

    /// Statistical division codes (统计用区划代码) of the level's length, or an 18-character
    /// organisation code (统一社会信用代码) for a department.
    pub(crate) fn code(level: Level) -> &'static str {
        match level {
            Level::City => "321000",
            Level::County => "321012",
            Level::Township => "321012100",
            Level::Village => "321012100201",
            Level::Department => "11321000MB0123456X",
            Level::Station => "321012100S01",
        }
    }
}

/// SPEC §2's default refresh windows, written out (a test checks they are the defaults).
const DEFAULT_WINDOWS: [&str; 3] = ["01-15..01-25", "03-15..03-25", "08-15..08-25"];

/// The example phone number; the comment asks for the real one.
const PHONE: &str = "0514-86881234";

/// Every file of the new repository, in the order they are listed to the user.
pub(crate) fn files(params: &InitParams, catalogues: &Catalogues) -> Vec<NewFile> {
    let mut files = vec![
        NewFile { path: "gongkai.toml".to_owned(), text: settings(params) },
        NewFile { path: ".gitignore".to_owned(), text: gitignore(params.lang) },
        NewFile { path: format!("units/{}/unit.toml", params.slug), text: unit(params) },
    ];
    let cx =
        Context { today: params.today, unit_name: params.name.clone(), phone: PHONE.to_owned() };
    for id in catalogues.defaults_for(params.level) {
        let Some(catalogue) = catalogues.get(&id) else { continue };
        for class in &catalogue.classes {
            let path = format!("units/{}/{}/{}-example.md", params.slug, class.key(), params.today);
            let text =
                record::example(class, &cx, proposer(params.level), WITHIN_DAYS, params.lang);
            files.push(NewFile { path, text });
        }
    }
    files
}

fn settings(p: &InitParams) -> String {
    let windows: Vec<String> = DEFAULT_WINDOWS.iter().map(|w| toml_string(w)).collect();
    let l = |zh: &'static str, en: &'static str| p.lang.pick(zh, en);
    let mut t = Lines::new();
    t.comment(l(
        "gongkai 站点设置(格式见 README)",
        "gongkai site settings (the format is in the README)",
    ));
    t.key(
        "title",
        &toml_string(&format!("{}政务公开网", p.name)),
        l("网站名称", "the site's title"),
    );
    t.key(
        "base_url",
        &toml_string("https://gk.example.gov.cn/"),
        l(
            "网站的正式地址,用于订阅、站点地图和张贴页上的二维码;请改为实际地址",
            "the site's real address, for feeds, the sitemap and the QR codes on sheets; change it",
        ),
    );
    t.key("language", &toml_string("zh-CN"), "");
    t.blank();
    t.comment(l(
        "统一刷新时段和动态信息公开时限:以下是默认值,可按本地规定修改",
        "refresh windows and the deadline of dynamic items: these are the defaults; change them to local rules",
    ));
    t.raw("[refresh]");
    t.key(
        "windows",
        &format!("[{}]", windows.join(", ")),
        l("每年 1 月、3 月、8 月的 15—25 日", "15–25 January, March and August"),
    );
    t.key(
        "dynamic_within_days",
        &WITHIN_DAYS.to_string(),
        l(
            "动态信息在事项发生后多少天内公开",
            "a dynamic item is due this many days after its event",
        ),
    );
    t.render()
}

fn gitignore(lang: Lang) -> String {
    format!(
        "# {}\n/public/\n/sheets/\n",
        lang.pick(
            "gongkai build 和 gongkai sheets 的输出",
            "the output of gongkai build and gongkai sheets"
        )
    )
}

fn unit(p: &InitParams) -> String {
    let l = |zh: &'static str, en: &'static str| p.lang.pick(zh, en);
    let board = match p.level {
        Level::Village => "村委会门前村务公开栏".to_owned(),
        _ => format!("{}办公楼门前政务公开栏", p.name),
    };
    let mut t = Lines::new();
    t.key("name", &toml_string(&p.name), l("单位名称", "the unit's name"));
    t.key(
        "level",
        &toml_string(p.level.as_str()),
        "city | county | township | village | department | station",
    );
    t.key(
        "code",
        &toml_string(&p.code),
        l(
            "统计用区划代码或统一社会信用代码,索引号以它开头",
            "division or organisation code; index numbers start with it",
        ),
    );
    t.key(
        "phone",
        &toml_string(PHONE),
        l(
            "监督电话,印在每张张贴页上;请改为实际号码",
            "supervision phone, printed on every sheet; change it",
        ),
    );
    t.key("board", &toml_string(&board), l("公开栏位置", "where the noticeboard stands"));
    t.key(
        "mailbox",
        &toml_string("公开栏右侧意见箱"),
        l("意见箱位置", "where the suggestion box is"),
    );
    if p.level == Level::Village {
        t.blank();
        t.comment(l(
            "“四个一”:民主理财证、村务公开记录簿、村务公开栏(board)、意见箱(mailbox)",
            "the \"four ones\": finance group, record book, board and suggestion box",
        ));
        t.key(
            "finance_group",
            "[\"张某某\", \"李某某\", \"王某某\"]",
            l("民主理财小组成员(持民主理财证)", "members of the democratic finance group"),
        );
        t.key(
            "record_book",
            &toml_string("村委会档案室"),
            l("村务公开记录簿存放处", "where the record book is kept"),
        );
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{Window, Windows};

    #[test]
    fn the_windows_written_out_are_the_defaults() {
        let parsed: Vec<Window> =
            DEFAULT_WINDOWS.iter().filter_map(|w| Window::parse(w).ok()).collect();
        assert_eq!(Windows::new(parsed), Windows::default());
    }
}
