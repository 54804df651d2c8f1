//! Errors a person can act on: what went wrong, where (file:line:column with the line and a
//! caret), and one sentence on what to do. Every error maps to exit code 2.

use std::fmt;

/// A syntax error at a byte offset of the parsed text; [`Error::syntax`] adds the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

impl SyntaxError {
    pub fn new(offset: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        SyntaxError { offset, message: message.into(), hint: hint.into() }
    }
}

/// Where an error points in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The text of that line, for the caret display.
    pub source_line: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file (or `-` for standard input) the error is about, as the user named it.
    pub path: String,
    pub location: Option<Location>,
    pub message: String,
    pub hint: String,
}

impl Error {
    pub fn new(path: impl Into<String>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error { path: path.into(), location: None, message: message.into(), hint: hint.into() }
    }

    /// Locate a syntax error in `text` (the file's full contents).
    pub fn syntax(path: impl Into<String>, text: &str, err: SyntaxError) -> Self {
        let starts = crate::syntax::line_starts(text);
        let (line, column) = crate::syntax::line_col(text, &starts, err.offset);
        let source_line = text
            .lines()
            .nth(line - 1)
            .unwrap_or("")
            .trim_start_matches('\u{feff}')
            .trim_end_matches('\r')
            .to_string();
        Error {
            path: path.into(),
            location: Some(Location { line, column, source_line }),
            message: err.message,
            hint: err.hint,
        }
    }

    /// `file:line:col` or just the file.
    pub fn position(&self) -> String {
        match &self.location {
            Some(l) => format!("{}:{}:{}", self.path, l.line, l.column),
            None => self.path.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if !self.path.is_empty() {
            writeln!(f, "  --> {}", self.position())?;
        }
        if let Some(l) = &self.location {
            let gutter = l.line.to_string().len();
            let caret_pad: String = l
                .source_line
                .chars()
                .take(l.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", l.line, l.source_line)?;
            writeln!(f, "{:gutter$} | {}^", "", caret_pad)?;
        }
        write!(f, "  = hint: {}", self.hint)
    }
}

impl std::error::Error for Error {}
