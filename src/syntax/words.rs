//! Word-level rules of BuildKit's parser: builder flags, argument words, exec-form JSON and
//! heredoc markers. Each function names the BuildKit function whose behaviour it reproduces.

use super::Flag;

/// A word of an instruction's arguments with its byte range in those arguments.
/// Quotes and escapes are kept, as in BuildKit's `parseWords`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit `parseWords`: split on whitespace, keeping quoted runs and escaped characters together.
pub fn split_words(rest: &str, escape: char) -> Vec<Word> {
    // A word's text is its source slice: quotes and escapes are kept, so nothing is copied a
    // character at a time. Only an escape that ends the input escapes nothing and is dropped.
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut text_end = rest.len();
    let mut chars = rest.char_indices();
    while let Some((pos, ch)) = chars.next() {
        if start.is_none() {
            if ch.is_whitespace() {
                continue;
            }
            start = Some(pos);
        }
        if quote.is_none() && ch.is_whitespace() {
            let begin = start.take().unwrap_or(pos);
            words.push(Word { text: rest[begin..pos].to_string(), start: begin, end: pos });
            continue;
        }
        match quote {
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            Some(q) if ch == q => quote = None,
            _ => {}
        }
        // An escape keeps itself and the next character (nothing is escapable inside '...').
        if ch == escape && quote != Some('\'') && chars.next().is_none() {
            text_end = pos;
        }
    }
    if let Some(begin) = start {
        words.push(Word { text: rest[begin..text_end.max(begin)].to_string(), start: begin, end: rest.len() });
    }
    words.retain(|w| !w.text.is_empty());
    words
}

/// BuildKit `extractBuilderFlags`: leading `--name[=value]` words. Returns the flags and the byte
/// offset in `line` where the arguments start (`line.len()` when there are none).
pub fn extract_flags(line: &str) -> (Vec<Flag>, usize) {
    let mut flags = Vec::new();
    let bytes = line.as_bytes();
    let mut pos = 0;
    loop {
        while pos < bytes.len() && (bytes[pos] as char).is_ascii_whitespace() {
            pos += 1;
        }
        if pos + 1 >= bytes.len() || bytes[pos] != b'-' || bytes[pos + 1] != b'-' {
            return (flags, pos.min(line.len()));
        }
        // One flag word: quotes group, backslash escapes, whitespace ends it.
        let mut word = String::new();
        let mut blank_ok = false;
        let mut quote: Option<char> = None;
        let mut iter = line[pos..].char_indices();
        let mut end = line.len();
        while let Some((i, ch)) = iter.next() {
            match quote {
                None if ch.is_ascii_whitespace() => {
                    end = pos + i;
                    break;
                }
                None if ch == '\'' || ch == '"' => {
                    quote = Some(ch);
                    blank_ok = true;
                }
                Some(q) if ch == q => quote = None,
                _ if ch == '\\' => {
                    if let Some((_, next)) = iter.next() {
                        word.push(next);
                    } else {
                        quote = None;
                    }
                }
                _ => word.push(ch),
            }
        }
        if word == "--" && end < line.len() {
            return (flags, end);
        }
        if word != "--" && (blank_ok || !word.is_empty()) {
            let body = &word[2..];
            let flag = match body.split_once('=') {
                Some((n, v)) => Flag { name: n.to_string(), value: Some(v.to_string()) },
                None => Flag { name: body.to_string(), value: None },
            };
            flags.push(flag);
        }
        pos = end;
        if pos >= line.len() {
            return (flags, line.len());
        }
    }
}

/// What BuildKit's `parseJSON` makes of an argument string.
#[derive(Debug, PartialEq, Eq)]
pub enum Json {
    /// A JSON array of strings: exec form. Text after the closing `]` is ignored, as BuildKit's
    /// streaming decoder does.
    Strings(Vec<String>),
    /// A JSON array holding something other than strings: BuildKit rejects the file.
    NotStrings,
    /// Not a JSON array: shell form.
    ShellForm,
}

pub fn parse_json_array(rest: &str) -> Json {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Json::ShellForm;
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(serde_json::Value::Array(values))) => {
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                match v {
                    serde_json::Value::String(s) => out.push(s),
                    _ => return Json::NotStrings,
                }
            }
            Json::Strings(out)
        }
        _ => Json::ShellForm,
    }
}

/// A heredoc marker found on an instruction line (`<<EOF`, `<<-"EOF"`, `3<<EOF`).
#[derive(Debug, PartialEq, Eq)]
pub struct HeredocMarker {
    pub name: String,
    pub chomp: bool,
    pub expand: bool,
}

/// BuildKit `heredocsFromLine`: split the whole line into raw shell words (quotes and escapes
/// kept); every word of the shape `[fd]<<[-]WORD` is a heredoc. A line whose quoting does not
/// close yields no heredocs at all, as BuildKit ignores the lexer's error there.
pub fn heredoc_markers(line: &str) -> Vec<HeredocMarker> {
    let Some(words) = raw_shell_words(line) else {
        return Vec::new();
    };
    words.iter().filter_map(|w| heredoc_marker(w)).collect()
}

fn heredoc_marker(word: &str) -> Option<HeredocMarker> {
    let after_fd = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = after_fd.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let name = unquote_single_word(rest)?;
    let expand = !rest.contains(['\'', '"']);
    Some(HeredocMarker { name, chomp, expand })
}

/// Shell words with quotes and backslashes kept; `None` when a quote does not close.
fn raw_shell_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                word.push('\\');
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            '\'' | '"' => {
                in_word = true;
                word.push(ch);
                let mut closed = false;
                while let Some(c) = chars.next() {
                    word.push(c);
                    if c == '\\' && ch == '"' {
                        if let Some(n) = chars.next() {
                            word.push(n);
                        }
                        continue;
                    }
                    if c == ch {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return None;
                }
            }
            _ => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// Quote removal and escape processing of a heredoc name; `None` unless it is exactly one word.
fn unquote_single_word(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push(chars.next()?),
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    c => out.push(c),
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => out.push(chars.next()?),
                    c => out.push(c),
                }
            },
            c if c.is_whitespace() => return None,
            c => out.push(c),
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character reading [`split_words`] replaced: the reference it must match.
    fn split_words_by_characters(rest: &str, escape: char) -> Vec<Word> {
        let mut words = Vec::new();
        let mut start: Option<usize> = None;
        let mut text = String::new();
        let mut quote: Option<char> = None;
        let mut chars = rest.char_indices();
        while let Some((pos, ch)) = chars.next() {
            if start.is_none() {
                if ch.is_whitespace() {
                    continue;
                }
                start = Some(pos);
            }
            if quote.is_none() && ch.is_whitespace() {
                let begin = start.take().unwrap_or(pos);
                words.push(Word { text: std::mem::take(&mut text), start: begin, end: pos });
                continue;
            }
            match quote {
                None if ch == '\'' || ch == '"' => quote = Some(ch),
                Some(q) if ch == q => quote = None,
                _ => {}
            }
            if ch == escape && quote != Some('\'') {
                if let Some((_, next)) = chars.next() {
                    text.push(ch);
                    text.push(next);
                }
                continue;
            }
            text.push(ch);
        }
        if let Some(begin) = start {
            words.push(Word { text, start: begin, end: rest.len() });
        }
        words.retain(|w| !w.text.is_empty());
        words
    }

    #[test]
    fn words_are_their_source_slices() {
        let samples = ["", " ", "a", "a b", "  a  b  ", "a=1 b=\"x y\" c='p q'", "a\\ b", "x \\", "\\", "a\\", "'it''s' \"q\\\"\"", "é ü\u{a0}z", "`a` b`", "a`", "\"open", "'open \\"];
        for text in samples {
            for escape in ['\\', '`'] {
                assert_eq!(split_words(text, escape), split_words_by_characters(text, escape), "{text:?} with {escape:?}");
            }
        }
    }

    #[test]
    fn flags_stop_at_first_plain_word() {
        let (flags, at) = extract_flags("--from=build --chown=1:1 a b");
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0], Flag { name: "from".into(), value: Some("build".into()) });
        assert_eq!(&"--from=build --chown=1:1 a b"[at..], "a b");
    }

    #[test]
    fn quoted_flag_values_lose_their_quotes() {
        let line = r#"--mount="type=cache,target=/x y" echo"#;
        let (flags, at) = extract_flags(line);
        assert_eq!(flags[0].value.as_deref(), Some("type=cache,target=/x y"));
        assert_eq!(&line[at..], "echo");
    }

    #[test]
    fn double_dash_ends_flags() {
        let (flags, at) = extract_flags("-- --x");
        assert!(flags.is_empty());
        assert_eq!(&"-- --x"[at..].trim_start(), &"--x");
    }

    #[test]
    fn json_ignores_trailing_text_like_buildkit() {
        assert_eq!(parse_json_array(r#"["a"] x"#), Json::Strings(vec!["a".into()]));
        assert_eq!(parse_json_array(r#"["a", 1]"#), Json::NotStrings);
        assert_eq!(parse_json_array(r#"["a", 'b']"#), Json::ShellForm);
        assert_eq!(parse_json_array("echo"), Json::ShellForm);
    }

    #[test]
    fn heredoc_markers_follow_buildkit() {
        let names = |l: &str| heredoc_markers(l).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(names("RUN <<A cat - && cat <<-B"), ["A", "B"]);
        assert_eq!(names("RUN echo '<<EOF'"), Vec::<String>::new());
        assert_eq!(names("RUN << EOF"), Vec::<String>::new());
        assert_eq!(names("RUN <<\"EOF"), Vec::<String>::new());
        assert_eq!(names(r"RUN <<E\OF"), ["EOF"]);
        assert_eq!(names("RUN 3<<EOF cat"), ["EOF"]);
        assert_eq!(names("RUN cat <<EOF>/x"), ["EOF>/x"]);
        assert!(!heredoc_markers("RUN <<'EOF' bash")[0].expand);
    }

    #[test]
    fn words_keep_quotes() {
        let w: Vec<_> = split_words(r#"a="b c" d=e"#, '\\').into_iter().map(|w| w.text).collect();
        assert_eq!(w, [r#"a="b c""#, "d=e"]);
    }
}
