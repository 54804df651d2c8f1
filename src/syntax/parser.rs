//! Line assembly, following BuildKit's `parser.Parse` step by step: directives at the top, then
//! physical lines joined into instructions by the escape character, comment and blank lines
//! inside a continuation skipped, heredoc bodies consumed after the line that opens them.

use super::words::{extract_flags, heredoc_markers, parse_json_array, Json};
use super::{line_starts, map_offset, Directive, Dockerfile, Form, Heredoc, Instruction, Item, ItemKind, Span};
use crate::error::SyntaxError;

const UTF8_BOM: &str = "\u{feff}";
const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Parse a Dockerfile. Accepts everything BuildKit's parser accepts; rejects, with a located
/// error, the few things it rejects (bad directives, non-string JSON arrays, malformed ENV/LABEL,
/// unterminated heredocs, files without instructions).
pub fn parse(text: &str) -> Result<Dockerfile, SyntaxError> {
    let starts = line_starts(text);
    let mut p = Parser::new(text, starts.clone());
    p.run()?;
    if !p.items.iter().any(|i| matches!(i.kind, ItemKind::Instruction(_))) {
        return Err(SyntaxError::new(
            text.len(),
            "file with no instructions",
            "a Dockerfile needs at least a FROM instruction",
        ));
    }
    Ok(Dockerfile {
        text: text.to_string(),
        items: p.items,
        escape: p.escape,
        line_starts: starts,
        stages: Default::default(),
    })
}

struct Parser<'a> {
    text: &'a str,
    /// Start offset of every physical line; the first skips a BOM.
    starts: Vec<usize>,
    items: Vec<Item>,
    escape: char,
    directives_done: bool,
    seen_directives: Vec<String>,
}

impl<'a> Parser<'a> {
    /// `starts`: [`line_starts`] of `text`.
    fn new(text: &'a str, mut starts: Vec<usize>) -> Self {
        if starts.last() == Some(&text.len()) && !text.is_empty() {
            starts.pop(); // no empty line after a final newline
        }
        if text.is_empty() {
            starts.clear();
        }
        let mut items = Vec::new();
        if text.starts_with(UTF8_BOM) {
            items.push(Item { span: Span::new(0, UTF8_BOM.len()), kind: ItemKind::Bom });
            starts[0] = UTF8_BOM.len();
            if text.len() == UTF8_BOM.len() {
                starts.clear();
            }
        }
        Parser {
            text,
            starts,
            items,
            escape: '\\',
            directives_done: false,
            seen_directives: Vec::new(),
        }
    }

    /// Byte range of physical line `i`, newline included.
    fn line(&self, i: usize) -> (usize, usize) {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        (self.starts[i], end)
    }

    /// Line `i` without its trailing `\r`/`\n` characters (BuildKit `trimNewline`).
    fn content(&self, i: usize) -> (usize, &'a str) {
        let (s, e) = self.line(i);
        (s, self.text[s..e].trim_end_matches(['\r', '\n']))
    }

    fn push(&mut self, start: usize, end: usize, kind: ItemKind) {
        self.items.push(Item { span: Span::new(start, end), kind });
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        let n = self.starts.len();
        let mut i = 0;
        while i < n {
            let (line_start, line_end) = self.line(i);
            let (_, raw) = self.content(i);
            let left = raw.trim_start_matches([' ', '\t']);
            let left_at = line_start + (raw.len() - left.len());

            if !self.directives_done {
                if let Some(d) = self.directive(left, left_at)? {
                    self.push(line_start, line_end, ItemKind::Directive(d));
                    i += 1;
                    continue;
                }
                self.directives_done = true;
            }
            if left.starts_with('#') {
                self.push(line_start, line_end, ItemKind::Comment);
                i += 1;
                continue;
            }
            let (first, continues) = trim_continuation(left, self.escape);
            if !continues && first.is_empty() {
                self.push(line_start, line_end, ItemKind::Blank);
                i += 1;
                continue;
            }
            i = self.instruction(i, first, left_at, continues)?;
        }
        Ok(())
    }

    /// A parser directive on one of the first lines, or `None` once directives are over.
    fn directive(&mut self, left: &str, at: usize) -> Result<Option<Directive>, SyntaxError> {
        let Some((name, value)) = match_directive(left) else {
            return Ok(None);
        };
        let name = name.to_ascii_lowercase();
        if !KNOWN_DIRECTIVES.contains(&name.as_str()) {
            return Ok(None);
        }
        if self.seen_directives.contains(&name) {
            return Err(SyntaxError::new(
                at,
                format!("only one {name} parser directive can be used"),
                "remove the repeated directive line",
            ));
        }
        if name == "escape" {
            self.escape = match value {
                "\\" => '\\',
                "`" => '`',
                other => {
                    return Err(SyntaxError::new(
                        at,
                        format!("invalid escape token '{other}' does not match ` or \\"),
                        "use `# escape=\\` or `# escape=``",
                    ))
                }
            };
        }
        self.seen_directives.push(name.clone());
        Ok(Some(Directive { name, value: value.to_string() }))
    }

    /// Assemble the instruction starting at line `i`; returns the index of the next line.
    fn instruction(
        &mut self,
        mut i: usize,
        first: &str,
        first_at: usize,
        mut continues: bool,
    ) -> Result<usize, SyntaxError> {
        let n = self.starts.len();
        let start_line = i;
        let mut logical = first.to_string();
        let mut segments = vec![(0usize, first_at)];
        i += 1;
        while continues && i < n {
            let (at, raw) = self.content(i);
            i += 1;
            let left = raw.trim_start_matches([' ', '\t']);
            if left.starts_with('#') || left.is_empty() {
                continue; // comment or empty line inside a continuation
            }
            let (part, more) = trim_continuation(raw, self.escape);
            segments.push((logical.len(), at));
            logical.push_str(part);
            continues = more;
        }

        let node = parse_node(&logical, self.escape)
            .map_err(|(pos, msg, hint)| SyntaxError::new(map_offset(&segments, pos), msg, hint))?;
        let keyword_start = map_offset(&segments, node.keyword_at);
        let content_end = map_offset(&segments, logical.trim_end().len());

        let mut heredocs = Vec::new();
        if node.can_hold_heredoc && logical.contains("<<") {
            for marker in heredoc_markers(&logical) {
                let body_start = self.starts.get(i).copied().unwrap_or(self.text.len());
                let mut terminated = None;
                while i < n {
                    let (at, raw) = self.content(i);
                    i += 1;
                    let candidate = if marker.chomp { raw.trim_start_matches('\t') } else { raw };
                    if candidate == marker.name {
                        terminated = Some(at);
                        break;
                    }
                }
                let Some(body_end) = terminated else {
                    return Err(SyntaxError::new(
                        keyword_start,
                        "unterminated heredoc",
                        format!("end the heredoc with a line holding only `{}`", marker.name),
                    ));
                };
                heredocs.push(Heredoc {
                    name: marker.name,
                    chomp: marker.chomp,
                    expand: marker.expand,
                    body: Span::new(body_start, body_end),
                });
            }
        }

        let (line_start, _) = self.line(start_line);
        let (_, end) = self.line(i - 1);
        let ins = Instruction {
            keyword: node.keyword,
            keyword_start,
            flags: node.flags,
            args: logical[node.args_at..node.args_at + node.args_len].to_string(),
            form: node.form,
            heredocs,
            onbuild_keyword: node.onbuild_keyword,
            start_line: start_line + 1,
            end_line: i,
            content_end,
            segments,
            args_offset: node.args_at,
        };
        self.push(line_start, end, ItemKind::Instruction(ins));
        Ok(i)
    }
}

/// `# name = value` (BuildKit's directive regex: `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`).
fn match_directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('#')?.trim_start_matches([' ', '\t']);
    let name_len = rest
        .char_indices()
        .take_while(|(i, c)| if *i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        .count();
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let value = rest.trim_start_matches([' ', '\t']).strip_prefix('=')?;
    let value = value.trim_matches([' ', '\t']);
    (!value.is_empty()).then_some((name, value))
}

/// Strip a line-continuation escape (plus trailing blanks) from the end of a line. BuildKit only
/// treats the escape as a continuation when it is not itself escaped (`echo \\` ends the line).
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let Some(before) = trimmed.strip_suffix(escape) else {
        return (line, false);
    };
    if before.ends_with(escape) {
        return (line, false);
    }
    (before, true)
}

struct Node {
    keyword: String,
    keyword_at: usize,
    flags: Vec<super::Flag>,
    args_at: usize,
    args_len: usize,
    form: Form,
    onbuild_keyword: Option<String>,
    can_hold_heredoc: bool,
}

type NodeError = (usize, String, String);

/// BuildKit `newNodeFromLine`: keyword, builder flags, arguments, and the per-keyword checks the
/// parser itself makes. Errors carry a position in `line`.
fn parse_node(line: &str, escape: char) -> Result<Node, NodeError> {
    let keyword_at = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    let kw_len = trimmed.find(is_go_ws).unwrap_or(trimmed.len());
    let keyword = &trimmed[..kw_len];
    let rest_at = keyword_at + kw_len + trimmed[kw_len..].len()
        - trimmed[kw_len..].trim_start_matches(is_go_ws).len();
    let rest = &line[rest_at..keyword_at + trimmed.len()];
    let (flags, flags_end) = extract_flags(rest);
    let after_flags = &rest[flags_end..];
    let args_at = rest_at + flags_end + (after_flags.len() - after_flags.trim_start().len());
    let args = after_flags.trim();
    let lower = keyword.to_ascii_lowercase();

    let mut form = Form::Shell;
    let mut onbuild_keyword = None;
    let mut can_hold_heredoc = matches!(lower.as_str(), "run" | "copy" | "add");
    let not_strings = |at: usize| {
        (
            at,
            "when using JSON array syntax, arrays must be comprised of strings only".to_string(),
            "quote every element of the JSON array, or write the command in shell form".to_string(),
        )
    };
    match lower.as_str() {
        "env" | "label" => check_name_values(args, escape, &lower.to_uppercase())
            .map_err(|(pos, msg, hint)| (args_at + pos, msg, hint))?,
        "cmd" | "entrypoint" | "run" | "shell" | "add" | "copy" | "volume" => {
            match parse_json_array(args) {
                Json::Strings(argv) => form = Form::Exec(argv),
                Json::NotStrings => return Err(not_strings(args_at)),
                Json::ShellForm => {}
            }
        }
        "healthcheck" => {
            let sep = args.find(char::is_whitespace).unwrap_or(args.len());
            let cmd = args[sep..].trim_start();
            match parse_json_array(cmd) {
                Json::Strings(argv) => form = Form::Exec(argv),
                Json::NotStrings => return Err(not_strings(args_at)),
                Json::ShellForm => {}
            }
        }
        "onbuild" if !args.is_empty() => {
            let inner = parse_node(args, escape).map_err(|(p, m, h)| (args_at + p, m, h))?;
            onbuild_keyword = Some(inner.keyword.to_ascii_lowercase());
            can_hold_heredoc = inner.can_hold_heredoc;
            form = inner.form;
        }
        _ => {}
    }
    if matches!(form, Form::Exec(_)) {
        can_hold_heredoc = false;
    }
    Ok(Node {
        keyword: keyword.to_string(),
        keyword_at,
        flags,
        args_at,
        args_len: args.len(),
        form,
        onbuild_keyword,
        can_hold_heredoc,
    })
}

/// Go's `reWhitespace` class `[\t\v\f\r ]`.
fn is_go_ws(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// BuildKit `parseNameVal`: either `KEY name value` (old form, needs two parts) or
/// `KEY a=b c=d` where every word has an `=`.
fn check_name_values(args: &str, escape: char, key: &str) -> Result<(), NodeError> {
    let words = super::split_words(args, escape);
    let Some(first) = words.first() else {
        return Ok(());
    };
    if !first.text.contains('=') {
        let parts = args.splitn(2, is_go_ws).filter(|p| !p.is_empty()).count();
        if parts < 2 {
            return Err((
                0,
                format!("{key} must have two arguments"),
                format!("write `{key} name=value`"),
            ));
        }
        return Ok(());
    }
    if let Some(bad) = words.iter().find(|w| !w.text.contains('=')) {
        return Err((
            bad.start,
            format!(
                "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                bad.text
            ),
            "quote values that contain spaces: name=\"a b\"".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        let df = parse(src).expect("parses");
        df.items
            .iter()
            .map(|it| match &it.kind {
                ItemKind::Bom => "bom".to_string(),
                ItemKind::Directive(d) => format!("directive:{}", d.name),
                ItemKind::Comment => "comment".into(),
                ItemKind::Blank => "blank".into(),
                ItemKind::Instruction(i) => i.keyword.to_ascii_lowercase(),
            })
            .collect()
    }

    #[test]
    fn continuation_needs_an_unescaped_escape() {
        assert_eq!(trim_continuation("echo \\", '\\'), ("echo ", true));
        assert_eq!(trim_continuation("echo \\ \t", '\\'), ("echo ", true));
        assert_eq!(trim_continuation("echo \\\\", '\\'), ("echo \\\\", false));
        assert_eq!(trim_continuation("\\", '\\'), ("", true));
        assert_eq!(trim_continuation("echo `", '`'), ("echo ", true));
    }

    #[test]
    fn directives_only_at_the_top() {
        assert_eq!(match_directive("# escape=`"), Some(("escape", "`")));
        assert_eq!(match_directive("#  syntax = docker/dockerfile:1  "), Some(("syntax", "docker/dockerfile:1")));
        assert_eq!(match_directive("# just a comment"), None);
        assert_eq!(kinds("\n# escape=`\nFROM a\n"), ["blank", "comment", "from"]);
        assert_eq!(kinds("# foo=bar\n# escape=`\nFROM a\n"), ["comment", "comment", "from"]);
    }

    #[test]
    fn escape_directive_changes_continuation() {
        let df = parse("# escape=`\nFROM a\nRUN echo `\n  hi\n").unwrap();
        let (_, run) = df.instructions().nth(1).unwrap();
        assert_eq!(run.args, "echo   hi");
        assert_eq!((run.start_line, run.end_line), (3, 4));
    }

    #[test]
    fn heredoc_bodies_belong_to_the_instruction() {
        let src = "FROM a\nRUN <<A cat - && cat <<-B\nhello\nA\n\tworld\n\tB\nCMD x\n";
        let df = parse(src).unwrap();
        let (_, run) = df.instructions().nth(1).unwrap();
        assert_eq!(run.heredocs.len(), 2);
        assert_eq!(df.slice(run.heredocs[0].body), "hello\n");
        assert_eq!(df.slice(run.heredocs[1].body), "\tworld\n");
        assert_eq!(run.end_line, 6);
    }

    #[test]
    fn errors_buildkit_raises() {
        for (src, msg) in [
            ("FROM a\nCMD [\"a\", 1]\n", "strings only"),
            ("FROM a\nENV a\n", "ENV must have two arguments"),
            ("FROM a\nENV a=b c\n", "can't find = in"),
            ("FROM a\nRUN <<EOF\nhi\n", "unterminated heredoc"),
            ("# hi\n\n", "no instructions"),
            ("# escape=x\nFROM a\n", "invalid escape"),
            ("# syntax=a\n# syntax=b\nFROM a\n", "only one syntax"),
            ("FROM a\nONBUILD ENV a\n", "ENV must have two arguments"),
        ] {
            let err = parse(src).expect_err(src);
            assert!(err.message.contains(msg), "{src:?}: {}", err.message);
        }
    }

    #[test]
    fn positions_map_through_continuations() {
        let src = "FROM a\nRUN --mount=type=cache,target=/x \\\n  # note\n\n  make \\\n  all\n";
        let df = parse(src).unwrap();
        let (_, run) = df.instructions().nth(1).unwrap();
        assert_eq!(run.args, "make   all");
        assert_eq!(&src[run.source_offset(0)..run.source_offset(4)], "make");
        assert_eq!(&src[run.source_offset(7)..run.source_offset(10)], "all");
        assert_eq!(&src[run.content_end - 3..run.content_end], "all");
    }
}
