//! The Chinese `--help`: every about and help text of the command line, in Chinese.
//!
//! The clap definition in `cli.rs` is written in English (doc comments). When the run
//! speaks Chinese (`--lang zh`, or a `zh` locale), the built command is walked and each
//! text is replaced from the tables below; clap's own words (headings, `[default: …]`,
//! the help and version flags) are replaced too, so a clerk sees one language. A test
//! checks that every command and argument has its Chinese text, so a new option cannot
//! be added in English only.

use clap::Command;
use clap::builder::PossibleValue;

/// `(command, text)`: the one-line description of each command (`""`: gongkai itself).
pub(super) const ABOUT: &[(&str, &str)] = &[
    ("", "公开:把政务公开目录编译为经过检查的网站和公开栏张贴页"),
    ("check", "检查每条记录和每个单位,输出诊断;有错误时退出码为 1"),
    ("build", "检查后生成静态的政务公开网站"),
    ("sheets", "生成某个刷新时段的公开栏张贴页"),
    ("due", "按单位列出接下来要公开或刷新的内容,以及已逾期的事项"),
    ("report", "各单位的政务公开考核评分"),
    ("init", "新建一个仓库,每个类目带一条示例记录"),
    ("new", "新建一条记录,前置元数据按类目填好"),
    ("serve", "在 127.0.0.1 上预览网站,文件一改就重新生成"),
    ("annual-report", "政府信息公开工作年度报告"),
    ("completions", "输出命令行补全脚本"),
    ("man", "输出 man 手册页(roff 格式)"),
    ("help", "显示帮助,或某个命令的帮助"),
];

/// `(command, argument id, text)`; command `"*"` applies to every command that has the
/// argument and no text of its own here.
pub(super) const ARGS: &[(&str, &str, &str)] = &[
    ("*", "lang", "消息的语言 [默认:取自 LC_ALL / LC_MESSAGES / LANG]"),
    ("*", "color", "何时使用彩色输出"),
    ("*", "quiet", "只输出错误"),
    ("*", "verbose", "输出更多过程信息(-vv 更多)"),
    ("*", "jobs", "线程数 [默认:CPU 核数]"),
    ("*", "dir", "仓库文件夹(其中有 gongkai.toml)"),
    ("*", "as_of", "按这一天(YYYY-MM-DD)判断“现行”“到期”和“未刷新” [默认:今天]"),
    ("*", "help", "显示帮助"),
    ("*", "version", "显示版本"),
    ("check", "format", "诊断的输出格式"),
    ("check", "deny_warnings", "把警告当作错误(退出码 1)"),
    ("build", "out", "输出文件夹"),
    ("build", "audience", "网站的对象:公众,或本单位工作人员(内网,含对内公开记录)"),
    ("build", "base_url", "覆盖 gongkai.toml 中的 `base_url`(例如内网镜像)"),
    ("build", "strict", "有单位不合规(类目缺失或未刷新)时拒绝生成"),
    ("sheets", "window", "刷新时段,例如 2026-08 [默认:当前时段,否则下一个]"),
    ("sheets", "units", "只生成这个单位(可重复) [默认:每个有公开栏的单位]"),
    ("sheets", "paper", "纸张大小"),
    ("sheets", "format", "输出格式"),
    ("sheets", "out", "输出文件夹"),
    ("sheets", "font_dirs", "另外使用的字体文件夹(可重复)"),
    (
        "sheets",
        "no_system_fonts",
        "只用内置字体和 --font-dir,不用系统字体(在任何电脑上得到相同的字节)",
    ),
    ("due", "units", "只看这个单位(可重复)"),
    ("due", "format", "输出格式"),
    ("report", "format", "输出格式"),
    ("init", "dir", "要新建的文件夹(须不存在或为空)"),
    ("init", "level", "第一个单位的层级"),
    ("init", "name", "第一个单位的名称,例如 仙女镇"),
    ("init", "code", "第一个单位的统计用区划代码或统一社会信用代码"),
    ("init", "as_of", "示例记录的公开和审核日期 [默认:今天]"),
    ("new", "unit", "单位 ID,例如 yangzhou/jiangdu/xiannv"),
    ("new", "class", "类目,例如 funds、external/funds 或 资金管理"),
    ("new", "title", "记录标题"),
    ("new", "slug", "文件名:`YYYY-MM-DD-<SLUG>.md` [默认:取标题中的英文单词,否则用日期加序号]"),
    ("new", "root", "仓库文件夹"),
    ("new", "as_of", "记录的日期 [默认:今天]"),
    ("serve", "port", "监听的端口"),
    ("serve", "open", "在浏览器中打开网站"),
    ("serve", "audience", "预览的对象"),
    ("annual-report", "year", "报告的年度 [默认:去年]"),
    ("annual-report", "format", "输出格式"),
    ("completions", "shell", "Shell 的种类"),
    ("help", "subcommand", "要查看帮助的命令"),
];

/// `(value, text)`: what a possible value means, where the English definition says.
pub(super) const VALUES: &[(&str, &str)] = &[
    ("public", "公众网站(只含对外公开)"),
    ("internal", "内网网站(含对外公开和对内公开)"),
    ("human", "带源码片段的诊断,输出到 stderr"),
    ("short", "每条诊断一行,输出到 stderr"),
    ("json", "一个 JSON 文档,输出到 stdout"),
    ("github", "GitHub Actions 工作流命令,输出到 stdout"),
    ("junit", "JUnit XML(每个文件一个测试用例),输出到 stdout"),
];

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法:{usage}\n\n{all-args}{after-help}";

/// The command with every text in Chinese.
pub(super) fn localize(mut command: Command) -> Command {
    command.build();
    let command = translate(command, "");
    // The top-level long description is already bilingual; keep only the Chinese part.
    let long = command.get_long_about().map(|t| t.to_string()).unwrap_or_default();
    match long.split_once("\n\n") {
        Some((_, chinese)) => command.long_about(chinese.to_owned()),
        None => command,
    }
}

fn translate(mut command: Command, path: &'static str) -> Command {
    if let Some(text) = about(path) {
        command = command.about(text);
        if !path.is_empty() {
            command = command.long_about(None);
        }
    }
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for (order, id) in ids.into_iter().enumerate() {
        command = command.mut_arg(&id, |arg| {
            let mut help = arg_help(path, &id)
                .map(str::to_owned)
                .unwrap_or_else(|| arg.get_help().map(|h| h.to_string()).unwrap_or_default());
            let values = arg.get_possible_values();
            let shown: Vec<&str> =
                values.iter().filter(|v| !v.is_hide_set()).map(PossibleValue::get_name).collect();
            let takes_value = arg.get_action().takes_values();
            if takes_value && !arg.is_hide_possible_values_set() && !shown.is_empty() {
                help.push_str(&format!(" [可选:{}]", shown.join("、")));
            }
            let defaults: Vec<String> =
                arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if takes_value && !arg.is_hide_default_value_set() && !defaults.is_empty() {
                help.push_str(&format!(" [默认:{}]", defaults.join(",")));
            }
            let mut long = help.clone();
            let described: Vec<String> = values
                .iter()
                .filter_map(|v| {
                    value_help(v.get_name())
                        .filter(|_| v.get_help().is_some())
                        .map(|h| (v.get_name(), h))
                })
                .map(|(name, h)| format!("  - {name}:{h}"))
                .collect();
            if !described.is_empty() {
                long.push_str("\n\n可选值:\n");
                long.push_str(&described.join("\n"));
            }
            let heading = if arg.is_positional() { "参数" } else { "选项" };
            // A heading of one's own sorts arguments by name unless they are given an order.
            let arg = arg
                .help(help)
                .hide_possible_values(true)
                .hide_default_value(true)
                .help_heading(heading)
                .display_order(order);
            if described.is_empty() { arg.long_help(None) } else { arg.long_help(long) }
        });
    }
    let names: Vec<&'static str> = command
        .get_subcommands()
        .filter_map(|s| ABOUT.iter().find(|(n, _)| *n == s.get_name()).map(|(n, _)| *n))
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| translate(sub, name));
    }
    command.help_template(TEMPLATE).subcommand_help_heading("命令")
}

fn about(path: &str) -> Option<&'static str> {
    ABOUT.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

pub(super) fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let find = |p: &str| ARGS.iter().find(|(c, a, _)| *c == p && *a == id).map(|(_, _, t)| *t);
    find(path).or_else(|| find("*"))
}

fn value_help(value: &str) -> Option<&'static str> {
    VALUES.iter().find(|(v, _)| *v == value).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its Chinese text (add it to the tables above).
    #[test]
    fn every_text_has_its_chinese() {
        let mut command = super::super::command();
        command.build();
        let mut missing = Vec::new();
        let mut check = |path: &str, command: &Command| {
            if about(path).is_none() {
                missing.push(format!("ABOUT: (\"{path}\", …)"));
            }
            for arg in command.get_arguments() {
                if arg_help(path, arg.get_id().as_str()).is_none() {
                    missing.push(format!("ARGS: (\"{path}\", \"{}\", …)", arg.get_id()));
                }
            }
        };
        check("", &command);
        for sub in command.get_subcommands() {
            check(sub.get_name(), sub);
        }
        assert!(
            missing.is_empty(),
            "Chinese help texts missing in src/cli/zh.rs:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn the_chinese_command_is_still_consistent() {
        localize(super::super::command()).debug_assert();
    }
}
