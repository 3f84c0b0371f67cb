//! TOML text written line by line, with the trailing comments aligned in one column.

use super::sample;

/// Lines of TOML; `render` aligns the comments after the values.
pub(super) struct Lines {
    lines: Vec<(String, Option<String>)>,
}

/// The column trailing comments start at (where the values leave room).
const COLUMN: usize = 34;

impl Lines {
    pub(super) fn new() -> Lines {
        Lines { lines: Vec::new() }
    }

    /// A comment on a line of its own.
    pub(super) fn comment(&mut self, text: &str) {
        self.lines.push((format!("# {text}"), None));
    }

    pub(super) fn blank(&mut self) {
        self.lines.push((String::new(), None));
    }

    /// A line as given (a table header).
    pub(super) fn raw(&mut self, text: &str) {
        self.lines.push((text.to_owned(), None));
    }

    /// `key = value  # note`; `value` is TOML text.
    pub(super) fn key(&mut self, key: &str, value: &str, note: &str) {
        self.push(format!("{} = {value}", sample::key(key)), note);
    }

    /// `# key = value  # note`: an optional key, shown but left out.
    pub(super) fn commented(&mut self, key: &str, value: &str, note: &str) {
        self.push(format!("# {} = {value}", sample::key(key)), note);
    }

    fn push(&mut self, line: String, note: &str) {
        let note = (!note.is_empty()).then(|| note.to_owned());
        self.lines.push((line, note));
    }

    pub(super) fn render(&self) -> String {
        let mut out = String::new();
        for (line, note) in &self.lines {
            out.push_str(line);
            if let Some(note) = note {
                let pad = COLUMN.saturating_sub(width(line)).max(1);
                out.push_str(&" ".repeat(pad));
                out.push_str("# ");
                out.push_str(note);
            }
            out.push('\n');
        }
        out
    }
}

/// Display width in a terminal or editor: CJK characters take two columns.
pub(super) fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_line_up_whatever_the_script() {
        let mut lines = Lines::new();
        lines.key("a", "1", "one");
        lines.key("name", "\"仙女镇\"", "two");
        let text = lines.render();
        let columns: Vec<usize> =
            text.lines().map(|l| width(&l[..l.find('#').unwrap_or(0)])).collect();
        assert_eq!(columns, [COLUMN, COLUMN]);
    }
}
