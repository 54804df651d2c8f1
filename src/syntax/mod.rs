//! Lossless Dockerfile syntax.
//!
//! A Dockerfile becomes a flat list of [`Item`]s (BOM, parser directives, comments, blank lines,
//! instructions), each owning an exact byte [`Span`] of the input; the spans tile the input, so
//! concatenating them gives back the original bytes. Every later step edits those bytes instead of
//! re-printing a tree, which is why a line msify does not mean to change cannot change.
//!
//! The rules follow BuildKit's own parser (`frontend/dockerfile/parser`), which is the oracle this
//! module is tested against (`tests/oracle.rs`): line continuations with comment and blank lines
//! inside, the `escape`/`syntax`/`check` directives, heredocs on RUN/COPY/ADD (also under ONBUILD),
//! JSON exec form read with a streaming decoder that ignores trailing text, and the handful of
//! errors BuildKit's parser itself raises.

mod from;
mod parser;
mod words;

pub use from::{FromInfo, ImageRef};
pub use parser::parse;
pub use words::{parse_json_array, split_words, Json, Word};

use serde::Serialize;

/// A half-open byte range `[start, end)` into the original file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A parsed Dockerfile: the original text plus items tiling it.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    pub text: String,
    pub items: Vec<Item>,
    /// The escape character in force (`\` unless a `# escape=` directive says otherwise).
    pub escape: char,
    line_starts: Vec<usize>,
    /// [`Self::stages`], worked out on first use: detection, the stage model, the planner and
    /// the pipeline all ask.
    stages: std::sync::OnceLock<Vec<Stage>>,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub span: Span,
    pub kind: ItemKind,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    /// A UTF-8 byte-order mark at the very start of the file.
    Bom,
    Directive(Directive),
    /// A comment line outside any instruction (comments inside a continuation belong to it).
    Comment,
    /// A line holding only whitespace.
    Blank,
    Instruction(Instruction),
}

#[derive(Clone, Debug, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
}

/// Shell form (`RUN make`) or exec form (`CMD ["app", "--flag"]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "argv", rename_all = "lowercase")]
pub enum Form {
    Shell,
    Exec(Vec<String>),
}

/// A `--name[=value]` flag before an instruction's arguments, with quotes removed as BuildKit does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub name: String,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub chomp: bool,
    /// Unquoted names expand variables in the body; quoted ones do not.
    pub expand: bool,
    /// The body lines, terminator excluded.
    pub body: Span,
}

#[derive(Clone, Debug)]
pub struct Instruction {
    /// The keyword as written (case kept); compare with [`Instruction::is`].
    pub keyword: String,
    /// Where the keyword starts in the file.
    pub keyword_start: usize,
    pub flags: Vec<Flag>,
    /// The arguments after the flags: continuation lines joined the way BuildKit joins them,
    /// comment lines and blank lines inside the continuation dropped.
    pub args: String,
    pub form: Form,
    pub heredocs: Vec<Heredoc>,
    /// For `ONBUILD X ...`: the keyword of X, lower-cased.
    pub onbuild_keyword: Option<String>,
    /// 1-based first and last physical line (heredoc bodies included).
    pub start_line: usize,
    pub end_line: usize,
    /// Source offset just after the last byte of the instruction's own text (before trailing
    /// whitespace, newline and heredoc bodies): where to append to the instruction.
    pub content_end: usize,
    /// (logical offset, source offset) pairs, one per joined physical segment, to map positions in
    /// `args` back to the file.
    segments: Vec<(usize, usize)>,
    /// Offset of `args` within the logical line.
    args_offset: usize,
}

impl Instruction {
    /// Case-insensitive keyword test: `ins.is("from")`.
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword.eq_ignore_ascii_case(keyword)
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The source offset of a byte position within `args`.
    pub fn source_offset(&self, args_pos: usize) -> usize {
        map_offset(&self.segments, self.args_offset + args_pos)
    }

    /// Whitespace-separated words of the arguments, quotes kept (BuildKit's `parseWords`).
    pub fn words(&self, escape: char) -> Vec<Word> {
        split_words(&self.args, escape)
    }

    /// For FROM: image, tag, digest, platform and stage name.
    pub fn from_info(&self) -> Option<FromInfo> {
        from::from_info(self)
    }
}

impl Dockerfile {
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &Instruction)> {
        self.items.iter().enumerate().filter_map(|(i, it)| match &it.kind {
            ItemKind::Instruction(ins) => Some((i, ins)),
            _ => None,
        })
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    pub fn has_bom(&self) -> bool {
        matches!(self.items.first(), Some(Item { kind: ItemKind::Bom, .. }))
    }

    /// The line ending the file mostly uses, so inserted lines match it.
    pub fn line_ending(&self) -> &'static str {
        let bytes = self.text.as_bytes();
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = if bytes.contains(&b'\r') { bytes.windows(2).filter(|w| *w == b"\r\n").count() } else { 0 };
        if crlf > 0 && crlf * 2 >= lf {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, &self.line_starts, offset)
    }

    /// The stages of the file: each FROM opens one, running to the next FROM.
    pub fn stages(&self) -> &[Stage] {
        self.stages.get_or_init(|| self.find_stages())
    }

    fn find_stages(&self) -> Vec<Stage> {
        let mut stages: Vec<Stage> = Vec::new();
        for (i, ins) in self.instructions() {
            if ins.is("from") {
                if let Some(last) = stages.last_mut() {
                    last.end_item = i;
                }
                stages.push(Stage {
                    from_item: i,
                    end_item: self.items.len(),
                    from: ins.from_info().unwrap_or_default(),
                });
            }
        }
        stages
    }

    /// Item indexes of the ARG instructions before the first FROM (global build args).
    pub fn global_args(&self) -> Vec<usize> {
        self.instructions()
            .take_while(|(_, ins)| !ins.is("from"))
            .filter(|(_, ins)| ins.is("arg"))
            .map(|(i, _)| i)
            .collect()
    }
}

/// A build stage: the FROM item and the items up to (not including) `end_item`.
#[derive(Clone, Debug)]
pub struct Stage {
    pub from_item: usize,
    pub end_item: usize,
    pub from: FromInfo,
}

/// Map a position in a joined logical line back to a file offset, through the
/// (logical start, source start) pair of each joined physical segment.
pub(crate) fn map_offset(segments: &[(usize, usize)], pos: usize) -> usize {
    let (l, s) = segments.iter().rev().find(|(l, _)| *l <= pos).copied().unwrap_or((0, 0));
    s + (pos - l)
}

pub fn line_starts(text: &str) -> Vec<usize> {
    // A plain byte loop: Dockerfile lines are short, and a searcher's per-match cost dominated.
    let mut starts = vec![0];
    starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
    starts
}

pub fn line_col(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let line = match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i - 1,
    };
    let begin = starts[line];
    let end = offset.min(text.len());
    let col = text.get(begin..end).map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line + 1, col)
}

