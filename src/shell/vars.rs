//! Variables in text: which ones a word reads, and the one expander every step uses to put
//! known values into Dockerfile arguments (`${VERSION}`, `$HOME/app`, `${PORT:-8080}`).

/// Where values come from: a name → its value, `None` when unknown.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Variables a word reads (`$X`, `${X}`, `${X:-default}`, `${#X}`), outside single quotes and
/// not escaped; special parameters (`$1`, `$@`, `$?`, `$$`...) are not variables. Names inside a
/// `${X:-$Y}` default count too.
pub fn referenced(raw: &str) -> Vec<String> {
    scan(raw).into_iter().map(|(n, _)| n).fold(Vec::new(), |mut acc, n| {
        if !acc.contains(&n) {
            acc.push(n);
        }
        acc
    })
}

/// Whether a text names the variable as `$NAME` or `${NAME...}`, in quotes or not: a program's
/// own templating reads the environment by name (`envsubst '${HOST}'`), which the shell's
/// expansion ([`referenced`]) does not see.
pub fn names_variable(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = &text[..at];
        let after = text[at + name.len()..].chars().next();
        let ends = after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        ends && (before.ends_with('$') || before.ends_with("${"))
    })
}

/// The variables a word needs set: as [`referenced`], without the ones read with a fallback
/// (`${X:-d}`, `${X-d}`, `${X:=d}`, `${X:+alt}`, `${X+alt}`) or only measured (`${#X}`); a name
/// that is also used bare elsewhere in the word is needed.
pub fn required(raw: &str) -> Vec<String> {
    scan(raw).into_iter().filter(|(_, needed)| *needed).map(|(n, _)| n).fold(Vec::new(), |mut acc, n| {
        if !acc.contains(&n) {
            acc.push(n);
        }
        acc
    })
}

/// Every variable reference outside single quotes, with whether it needs the variable set.
fn scan(raw: &str) -> Vec<(String, bool)> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    // Most words reference nothing.
    if !bytes.contains(&b'$') {
        return out;
    }
    let mut i = 0;
    let (mut in_single, mut in_double) = (false, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !in_single => {
                i += 2;
                continue;
            }
            b'\'' if !in_double => in_single = !in_single,
            b'"' if !in_single => in_double = !in_double,
            b'$' if !in_single => {
                let rest = &raw[i + 1..];
                if let Some(inner) = rest.strip_prefix('{') {
                    let measured = inner.starts_with('#');
                    let inner = inner.trim_start_matches('#');
                    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let after = &inner[name.len()..];
                    let fallback = [":-", "-", ":=", "=", ":+", "+"].iter().any(|op| after.starts_with(op));
                    if super::is_name(&name) {
                        out.push((name.clone(), !measured && !fallback));
                    }
                    // Continue inside the braces: a default may read other variables.
                    i += 2 + usize::from(measured) + name.len();
                    continue;
                }
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if super::is_name(&name) {
                    out.push((name.clone(), true));
                }
                i += 1 + name.len();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `text` with every variable whose value `lookup` knows replaced, Dockerfile style: `$X`,
/// `${X}`, `${X:-default}` (default when unset or empty), `${X:+alt}` (alt when set); `\$` is a
/// literal dollar. Unknown variables stay as written, so a caller can tell what is unresolved.
pub fn expand(text: &str, lookup: Lookup) -> String {
    let known = |name: &str| lookup(name).filter(|v| !v.is_empty());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '\\']) {
        out.push_str(&rest[..at]);
        if rest[at..].starts_with("\\$") {
            out.push_str("\\$");
            rest = &rest[at + 2..];
            continue;
        }
        if rest[at..].starts_with('\\') {
            out.push('\\');
            rest = &rest[at + 1..];
            continue;
        }
        let after = &rest[at + 1..];
        if let Some(inner) = after.strip_prefix('{') {
            if let Some(end) = inner.find('}') {
                let expr = &inner[..end];
                let name_len = expr.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
                let (name, op) = expr.split_at(name_len);
                let value = match (op.get(..2), known(name)) {
                    (Some(":-"), v) => Some(v.unwrap_or_else(|| expand(&op[2..], lookup))),
                    (Some(":+"), Some(_)) => Some(expand(&op[2..], lookup)),
                    (Some(":+"), None) if lookup(name).is_some() => Some(String::new()),
                    (None, v) if op.is_empty() => v,
                    _ => None,
                };
                match value {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[at..at + 2 + end + 1]),
                }
                rest = &inner[end + 1..];
                continue;
            }
        }
        let len = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
        match known(&after[..len]) {
            Some(v) if len > 0 => out.push_str(&v),
            _ => out.push_str(&rest[at..at + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outside_single_quotes() {
        assert_eq!(referenced("$A ${B} ${C:-$D} '$E' \"$F\" \\$G $1 $@ ${#H}"), ["A", "B", "C", "D", "F", "H"]);
    }

    #[test]
    fn a_name_is_named_in_quotes_too() {
        let text = "envsubst '${MANAGER_URL}' < a.template > a.conf && echo $PORT";
        assert!(names_variable(text, "MANAGER_URL"), "single quotes hide it from the shell, not from envsubst");
        assert!(names_variable(text, "PORT"));
        assert!(!names_variable(text, "MANAGER"), "a prefix of a longer name");
        assert!(!names_variable("PORT=8080 serve", "PORT"), "an assignment names no reference");
    }

    #[test]
    fn required_reads_have_no_fallback() {
        assert_eq!(required("${A:-x} ${B} ${C+y} ${#D} $E ${F:?must}"), ["B", "E", "F"]);
        assert_eq!(required("${A:-x} $A"), ["A"], "a bare use still needs it");
    }

    #[test]
    fn expands_known_values_and_keeps_the_rest() {
        let vars = |n: &str| match n {
            "HOME" => Some("/home/app".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        assert_eq!(expand("${HOME}/x $HOME ${NOPE:-d} $UNSET ${EMPTY:-e} ${HOME:+set} \\$HOME", &vars), "/home/app/x /home/app d $UNSET e set \\$HOME");
    }
}
