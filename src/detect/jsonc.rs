//! JSON with comments and trailing commas (`tsconfig.json`), made plain JSON of the same
//! length: comments and trailing commas become spaces and newlines stay, so every offset, line
//! and column in what serde reports, and in the evidence msify shows, is where the user wrote
//! it. String contents are never touched (`"a,}"` stays `"a,}"`).

/// The text as plain JSON, byte for byte the same length.
pub fn to_json(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    blank_comments(&mut b);
    blank_trailing_commas(&mut b);
    String::from_utf8(b).expect("only ASCII bytes were replaced, and whole comments at that")
}

/// The 1-based line of `"key":` outside strings and comments, in text [`to_json`] made.
pub fn key_line(json: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = json[from..].find(&quoted).map(|i| i + from) {
        let after = json[i + quoted.len()..].trim_start();
        if after.starts_with(':') && !inside_string(json.as_bytes(), i) {
            return Some(super::line_at(json, i));
        }
        from = i + quoted.len();
    }
    None
}

/// Whether byte `at` lies inside a string literal.
fn inside_string(b: &[u8], at: usize) -> bool {
    let mut in_string = false;
    let mut i = 0;
    while i < at {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (_, b'"') => in_string = !in_string,
            _ => {}
        }
        i += 1;
    }
    in_string
}

fn blank_comments(b: &mut [u8]) {
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        match (in_string, b[i], b.get(i + 1)) {
            (true, b'\\', _) => i += 1,
            (true, b'"', _) | (false, b'"', _) => in_string = !in_string,
            (false, b'/', Some(b'/')) => {
                while i < b.len() && b[i] != b'\n' {
                    b[i] = b' ';
                    i += 1;
                }
                continue;
            }
            (false, b'/', Some(b'*')) => {
                let end = b[i + 2..].windows(2).position(|w| w == b"*/").map(|p| i + 2 + p + 2).unwrap_or(b.len());
                for c in &mut b[i..end] {
                    if *c != b'\n' && *c != b'\r' {
                        *c = b' ';
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn blank_trailing_commas(b: &mut [u8]) {
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (_, b'"') => in_string = !in_string,
            (false, b',') => {
                if b[i + 1..].iter().find(|c| !c.is_ascii_whitespace()).is_some_and(|c| *c == b'}' || *c == b']') {
                    b[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_stay_and_positions_hold() {
        let text = "{\n  /* build\n     output */\n  \"compilerOptions\": {\n    // where\n    \"outDir\": \"a,}\", // \"outDir\": \"no\"\n  },\n}\n";
        let json = to_json(text);
        assert_eq!(json.len(), text.len());
        assert_eq!(json.lines().count(), text.lines().count());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["compilerOptions"]["outDir"], "a,}");
        assert_eq!(key_line(&json, "outDir"), Some(6));
    }

    #[test]
    fn errors_point_at_the_users_line() {
        let text = "{\n  /* a\n  comment over\n  lines */\n  \"outDir\": dist\n}\n";
        let e = serde_json::from_str::<serde_json::Value>(&to_json(text)).unwrap_err();
        assert_eq!((e.line(), e.column()), (5, 13));
    }
}
