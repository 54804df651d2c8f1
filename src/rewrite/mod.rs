//! Edits over the original bytes. An [`Edit`] replaces a byte range (an insertion is an empty
//! range, a deletion an empty text); a rewrite is a list of non-overlapping edits applied in one
//! pass. Nothing outside an edit can change, so the diff shows exactly what msify meant to do.

/// Replace `start..end` of the original with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit { start: at, end: at, text: text.into() }
    }
    pub fn delete(start: usize, end: usize) -> Self {
        Edit { start, end, text: String::new() }
    }
}

/// Apply edits to `original`. Insertions at the same offset keep their order; overlapping
/// edits are a bug in the planner and panic in debug builds (the later one is dropped otherwise).
pub fn apply(original: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(original.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in sorted {
        debug_assert!(e.start >= at, "overlapping edits at {}", e.start);
        if e.start < at {
            continue;
        }
        out.push_str(&original[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&original[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_one_pass() {
        let src = "FROM a\nRUN b\nCMD c\n";
        let edits = [Edit::insert(6, " AS build"), Edit::delete(13, 19), Edit::insert(19, "\nFROM z\n"), Edit::insert(19, "CMD c\n")];
        assert_eq!(apply(src, &edits), "FROM a AS build\nRUN b\n\nFROM z\nCMD c\n");
    }
}
