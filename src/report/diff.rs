//! Unified diffs for review: `--- a/<path>` / `+++ b/<path>`, three lines of context.

use super::Style;
use similar::{Algorithm, ChangeTag, DiffOp};
use std::fmt::Write as _;

/// Lines of context around each change.
const CONTEXT: usize = 3;

pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let (old_lines, new_lines) = (lines(old), lines(new));
    // Myers, not Patience: a rewrite repeats many of the builder's lines in the runtime stage
    // (ENV, ARG, WORKDIR), so few lines are unique, and Patience then anchored on the runtime's
    // copies: the builder's untouched lines read as removed and added again (go-bouncer,
    // whoogle's 30 ARG/ENV lines). Myers keeps them in place and shows the runtime as added.
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);
    // The text similar's `TextDiff::unified_diff` prints for these ops (a test holds the two
    // equal), written here with plain pushes: its `Display` chain was a third of the time.
    let mut out = String::with_capacity(old.len() + new.len() + 64);
    for (i, hunk) in similar::group_diff_ops(ops, CONTEXT).iter().filter(|h| !h.is_empty()).enumerate() {
        if i == 0 {
            let _ = write!(out, "--- a/{path}\n+++ b/{path}\n");
        }
        push_hunk(&mut out, hunk, &old_lines, &new_lines);
    }
    out
}

/// The lines of a text with their line endings (`\n`, `\r\n`, or a lone `\r`), as similar
/// splits them; the last may have none.
fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'\r') {
        return text.split_inclusive('\n').collect();
    }
    let mut out = Vec::with_capacity(bytes.len() / 24 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') { i + 1 } else { i };
                out.push(&text[start..=end]);
                start = end + 1;
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

fn push_hunk(out: &mut String, hunk: &[DiffOp], old: &[&str], new: &[&str]) {
    let (first, last) = (&hunk[0], &hunk[hunk.len() - 1]);
    out.push_str("@@ -");
    push_range(out, first.old_range().start, last.old_range().end);
    out.push_str(" +");
    push_range(out, first.new_range().start, last.new_range().end);
    out.push_str(" @@\n");
    for op in hunk {
        for change in op.iter_changes(old, new) {
            out.push(match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            });
            let line = change.value();
            out.push_str(line);
            if !line.ends_with(['\r', '\n']) {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
}

/// A hunk's line range: `start,count` from 1, `start` alone for one line, and for none the
/// line before it with a count of 0.
fn push_range(out: &mut String, start: usize, end: usize) {
    let len = end.saturating_sub(start);
    let _ = match len {
        1 => write!(out, "{}", start + 1),
        0 => write!(out, "{start},0"),
        _ => write!(out, "{},{len}", start + 1),
    };
}

/// Colour a unified diff line by line (headers bold, hunks cyan, removals red, additions green).
pub fn colorize(diff: &str, style: Style) -> String {
    if !style.color {
        return diff.to_string();
    }
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let painted = if body.starts_with("+++") || body.starts_with("---") {
            style.bold(body)
        } else if body.starts_with("@@") {
            style.cyan(body)
        } else if body.starts_with('+') {
            style.green(body)
        } else if body.starts_with('-') {
            style.red(body)
        } else {
            body.to_string()
        };
        out.push_str(&painted);
        out.push_str(nl);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What similar's own unified diff prints: the reference for [`unified_diff`].
    fn similar_unified_diff(path: &str, old: &str, new: &str) -> String {
        similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .diff_lines(old, new)
            .unified_diff()
            .context_radius(CONTEXT)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string()
    }

    #[test]
    fn prints_what_similar_prints() {
        let long_old: String = (0..150).map(|i| format!("RUN echo {i}\n")).collect();
        let long_new: String = (0..150).map(|i| if i % 37 == 0 { format!("RUN true {i}\n") } else { format!("RUN echo {i}\n") }).collect();
        let texts = [
            "",
            "FROM a\n",
            "FROM a",
            "FROM a\nRUN b\n",
            "FROM a\r\nRUN b\r\n",
            "FROM a\rRUN b\r",
            "FROM a\nRUN b",
            "FROM a AS build\nRUN b\n\nFROM c\nCOPY --from=build /x /x\nCMD [\"x\"]\n",
            "FROM a\n\n\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\nRUN g\nRUN h\nENV X=é\n",
            "FROM a\n\n\nRUN b\nRUN c\nRUN d2\nRUN e\nRUN f\nRUN g\nRUN h2\nENV X=é",
            long_old.as_str(),
            long_new.as_str(),
        ];
        for old in texts {
            for new in texts {
                assert_eq!(unified_diff("./Dockerfile", old, new), similar_unified_diff("Dockerfile", old, new), "{old:?} -> {new:?}");
            }
        }
    }

    #[test]
    fn lines_the_builder_keeps_stay_in_place() {
        let old = "FROM golang:1.23\n\nENV P=x\n\nCOPY . /app\n\nEXPOSE 8000\n\nWORKDIR /app\n\nRUN go install $P\n\nCMD [\"b\"]\n";
        let new = "FROM golang:1.23 AS build\n\nENV P=x\n\nCOPY . /app\n\nWORKDIR /app\n\nRUN go install $P\n\nFROM gcr.io/distroless/base-debian12:nonroot\nENV P=x\nEXPOSE 8000\nWORKDIR /app\nCOPY --from=build /go/bin/b /usr/local/bin/b\nCMD [\"b\"]\n";
        let diff = unified_diff("Dockerfile", old, new);
        let changed: Vec<&str> = diff.lines().filter(|l| (l.starts_with('-') && !l.starts_with("---")) || (l.starts_with('+') && !l.starts_with("+++"))).collect();
        // The builder's WORKDIR and RUN stay where they were; only what moved or is new shows.
        assert!(!changed.iter().any(|l| l.contains("RUN go install")), "{diff}");
        assert_eq!(changed.iter().filter(|l| l.starts_with('-')).count(), 3, "{diff}");
    }
}
