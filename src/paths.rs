//! Text helpers for `/`-separated paths as Dockerfiles and shell commands write them.

/// The last component of a `/`-separated path, as `basename` prints it for a path without a
/// trailing slash: `/usr/local/bin/node` → `node`, `node` → `node`, `dist/` → `` (callers that
/// mean the directory trim the slash first).
///
/// One byte scan: this is asked for every program word, image name and copy target of every
/// Dockerfile (tens of thousands of times in a migration run), where `rsplit('/').next()`'s
/// general pattern searcher cost five times as much.
pub trait Basename {
    fn basename(&self) -> &str;
}

impl Basename for str {
    fn basename(&self) -> &str {
        match self.as_bytes().iter().rposition(|&b| b == b'/') {
            Some(i) => &self[i + 1..],
            None => self,
        }
    }
}

/// Whether the file name `name` matches `pattern` as Go's `filepath.Match` decides, which is
/// how BuildKit expands a COPY source (`package*.json`): `*` is any run of characters but `/`,
/// `?` one such character, `[a-z]` / `[^a-z]` a class, and `\` takes the next character as
/// it is. A malformed pattern (`[a`, a trailing `\`) matches nothing: BuildKit fails its COPY.
///
/// Written here rather than compiled by a glob crate: a pattern is matched a few times per
/// Dockerfile, and building a regex for each was up to a tenth of a run's time.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    match_here(pattern, name).unwrap_or(false)
}

/// `Some(matched)`, or `None` when the pattern is malformed.
fn match_here(pattern: &str, name: &str) -> Option<bool> {
    let mut p = pattern.chars();
    let mut n = name;
    while let Some(c) = p.next() {
        match c {
            '*' => {
                let rest = p.as_str().trim_start_matches('*');
                // Every split of `name` up to its next `/`, shortest first.
                let end = n.find('/').unwrap_or(n.len());
                for (i, _) in n[..end].char_indices().chain([(end, ' ')]) {
                    if match_here(rest, &n[i..])? {
                        return Some(true);
                    }
                }
                return Some(false);
            }
            '?' | '[' => {
                let Some(got) = n.chars().next().filter(|&g| g != '/') else { return Some(false) };
                if c == '[' {
                    let (in_class, after) = class_matches(p.as_str(), got)?;
                    if !in_class {
                        return Some(false);
                    }
                    p = after.chars();
                }
                n = &n[got.len_utf8()..];
            }
            _ => {
                let want = if c == '\\' { p.next()? } else { c };
                match n.strip_prefix(want) {
                    Some(rest) => n = rest,
                    None => return Some(false),
                }
            }
        }
    }
    Some(n.is_empty())
}

/// The class that starts after a `[` in `pattern`: whether `c` is in it, and the pattern after
/// its `]`; `None` when it is malformed (no `]`, an empty class, a dangling range).
fn class_matches(pattern: &str, c: char) -> Option<(bool, &str)> {
    let (negated, mut rest) = match pattern.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let mut found = false;
    let mut ranges = 0;
    loop {
        if let Some(after) = rest.strip_prefix(']').filter(|_| ranges > 0) {
            return Some((found != negated, after));
        }
        let (lo, after) = class_char(rest)?;
        let (hi, after) = match after.strip_prefix('-') {
            Some(r) => class_char(r)?,
            None => (lo, after),
        };
        found |= lo <= c && c <= hi;
        ranges += 1;
        rest = after;
    }
}

/// One character of a class (`\` quotes the next one); `None` at the end of the pattern or at
/// an unquoted `-` or `]`, which cannot stand there.
fn class_char(pattern: &str) -> Option<(char, &str)> {
    let mut chars = pattern.chars();
    let c = match chars.next()? {
        '-' | ']' => return None,
        '\\' => chars.next()?,
        c => c,
    };
    Some((c, chars.as_str()))
}

#[cfg(test)]
mod tests {
    use super::{name_matches, Basename};

    #[test]
    fn last_component_as_rsplit_gives_it() {
        for path in ["", "/", "node", "/usr/local/bin/node", "dist/", "./app", "a//b", "é/ü", "/é"] {
            assert_eq!(path.basename(), path.rsplit('/').next().unwrap(), "{path:?}");
        }
    }

    /// Cases of Go's own `filepath.Match` tests (path/filepath/match_test.go), which BuildKit's
    /// COPY uses: the pattern, the name, and whether Go says they match (a malformed pattern
    /// is `false`, as Go's error is).
    #[test]
    fn names_match_patterns_as_go_matches_them() {
        let cases = [
            ("abc", "abc", true), ("*", "abc", true), ("*c", "abc", true), ("a*", "a", true),
            ("a*", "abc", true), ("a*", "ab/c", false), ("a*/b", "abc/b", true), ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true), ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false), ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true), ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true), ("ab[b-d]", "abc", true), ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false), ("ab[^b-d]", "abc", false), ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true), ("a\\*b", "ab", false), ("a?b", "a☺b", true), ("a[^a]b", "a☺b", true),
            ("a???b", "a☺b", false), ("a[^a][^a][^a]b", "a☺b", false), ("[a-ζ]*", "α", true),
            ("*[a-ζ]", "A", false), ("a?b", "a/b", false), ("a*b", "a/b", false),
            ("[\\]a]", "]", true), ("[\\-]", "-", true), ("[x\\-]", "x", true), ("[x\\-]", "-", true),
            ("[x\\-]", "z", false), ("[\\-x]", "x", true), ("[\\-x]", "-", true), ("[\\-x]", "a", false),
            ("[]a]", "]", false), ("[-]", "-", false), ("[x-]", "x", false), ("[x-]", "-", false),
            ("[-x]", "x", false), ("\\", "a", false), ("[a-b-c]", "a", false), ("[", "a", false),
            ("[^", "a", false), ("[^bc", "a", false), ("a[", "ab", false), ("*x", "xxx", true),
            ("package*.json", "package.json", true), ("package*.json", "package-lock.json", true),
            ("package*.json", "tsconfig.json", false), ("", "", true), ("", "a", false),
        ];
        for (pattern, name, matched) in cases {
            assert_eq!(name_matches(pattern, name), matched, "{pattern:?} against {name:?}");
        }
    }
}
