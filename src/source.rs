//! Reading input safely. A Dockerfile is small UTF-8 text; anything else (a FIFO that would block,
//! a device, a binary, a huge file, invalid UTF-8, a symlink loop) gets a clear error before any
//! parsing, and nothing is ever written for it.

use crate::error::Error;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Files above this size are refused: no real Dockerfile comes near it.
pub const MAX_SIZE: u64 = 10 * 1024 * 1024;

/// A Dockerfile read from disk or standard input.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// As the user named it (`-` for standard input).
    pub display: String,
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub text: String,
    /// Modification time and length when read, so a write can refuse if the file changed since.
    pub stamp: Option<(SystemTime, u64)>,
}

/// Read a Dockerfile from a path, refusing anything that is not a small regular UTF-8 text file.
pub fn read_path(path: &Path) -> Result<SourceFile, Error> {
    let display = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| io_error(&display, &e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a directory" } else { "not a regular file (FIFO, socket or device)" };
        return Err(Error::new(
            &display,
            format!("{display} is {what}"),
            "pass a Dockerfile or a repository directory",
        ));
    }
    if meta.len() > MAX_SIZE {
        return Err(too_large(&display));
    }
    let file = fs::File::open(path).map_err(|e| io_error(&display, &e))?;
    let bytes = read_limited(file, meta.len()).map_err(|e| io_error(&display, &e))?;
    let bytes = bytes.ok_or_else(|| too_large(&display))?;
    let text = decode(&display, bytes)?;
    let stamp = meta.modified().ok().map(|m| (m, meta.len()));
    Ok(SourceFile { display, path: Some(path.to_path_buf()), text, stamp })
}

/// Read a Dockerfile from standard input (`-`).
pub fn read_stdin() -> Result<SourceFile, Error> {
    let bytes = read_limited(std::io::stdin().lock(), 0).map_err(|e| io_error("-", &e))?;
    let bytes = bytes.ok_or_else(|| too_large("-"))?;
    let text = decode("-", bytes)?;
    Ok(SourceFile { display: "-".into(), path: None, text, stamp: None })
}

/// Read at most [`MAX_SIZE`] bytes; `None` if there is more (the size on disk can lie).
/// `expected` is the size on disk: room for it (and one byte more, to see the end) makes the
/// read two system calls instead of a growing series of them.
fn read_limited(reader: impl Read, expected: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(expected.min(MAX_SIZE) as usize + 1);
    reader.take(MAX_SIZE + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_SIZE).then_some(bytes))
}

/// Bytes to text: NUL bytes mean binary; invalid UTF-8 is located by line and column.
pub fn decode(display: &str, bytes: Vec<u8>) -> Result<String, Error> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = byte_line_col(&bytes, at);
        return Err(Error::new(
            display,
            format!("{display}:{line}:{column}: binary file (NUL byte); not a Dockerfile"),
            "pass a Dockerfile; msify reads text files only",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = byte_line_col(e.as_bytes(), at);
        Error::new(
            display,
            format!("{display}:{line}:{column}: invalid UTF-8"),
            "re-encode the file as UTF-8 (BuildKit reads Dockerfiles as UTF-8)",
        )
    })
}

fn byte_line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map(|i| i + 1).unwrap_or(0);
    (line, at - line_start + 1)
}

fn too_large(display: &str) -> Error {
    Error::new(
        display,
        format!("{display} is larger than {} MiB; not a Dockerfile msify will rewrite", MAX_SIZE >> 20),
        "pass the Dockerfile itself, not a generated or binary file",
    )
}

pub fn io_error(display: &str, e: &std::io::Error) -> Error {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => "check the path; msify takes a repository directory or a Dockerfile",
        std::io::ErrorKind::PermissionDenied => "make the file readable by this user, or run msify as its owner",
        _ if e.raw_os_error() == Some(40) => "a symbolic link loops back on itself; fix or remove the link",
        _ => "check that the path is a readable Dockerfile",
    };
    Error::new(display, format!("cannot read {display}: {e}"), hint)
}
