//! Unified diffs for review: `--- a/<path>` / `+++ b/<path>`, three lines of context.

use super::Style;

pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    // Myers, not Patience: a rewrite repeats many of the builder's lines in the runtime stage
    // (ENV, ARG, WORKDIR), so few lines are unique, and Patience then anchored on the runtime's
    // copies: the builder's untouched lines read as removed and added again (go-bouncer,
    // whoogle's 30 ARG/ENV lines). Myers keeps them in place and shows the runtime as added.
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
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
