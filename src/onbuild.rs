//! Retired ONBUILD bases, written out. `FROM node:4-onbuild` copies the sources and installs the
//! dependencies through triggers the Dockerfile never shows, so no split of the file alone can
//! be right. The official onbuild images are retired and their steps are known (knowledge data,
//! `templates/knowledge/onbuild.toml`): msify replaces the image with its plain tag and writes
//! the steps under the FROM, then plans the result like any single-stage Dockerfile. This is the
//! same change the maintainers of such repositories made by hand.
//!
//! The expansion is one byte edit of the user's file (the image word, and lines inserted after
//! the FROM); everything else stays as written. Messages about the expanded file are renumbered
//! to the user's lines ([`Expansion::renumber`]).

use crate::syntax::{Dockerfile, ItemKind};
use crate::templates::Knowledge;

/// The user's file with its onbuild base written out.
#[derive(Clone, Debug)]
pub struct Expansion {
    pub text: String,
    /// 1-based line of the FROM whose steps were written out.
    pub from_line: usize,
    /// Lines inserted after it.
    pub inserted: usize,
    /// What was done, for the reviewer.
    pub note: String,
}

/// The expansion of a single-stage Dockerfile whose base is a retired onbuild image msify knows;
/// `None` for any other file (a multi-stage file is left as the user wrote it).
pub fn expand(df: &Dockerfile, knowledge: &Knowledge) -> Option<Expansion> {
    let stages = df.stages();
    let [stage] = stages else { return None };
    let image = &stage.from.image;
    let (entry, tag) = knowledge.onbuild.iter().rev().find_map(|e| e.plain_tag(image).map(|t| (e, t)))?;
    let image_span = stage.from.image_span?;
    let ItemKind::Instruction(from) = &df.items[stage.from_item].kind else { return None };
    let eol = df.line_ending();

    let sets_command = df.instructions().any(|(_, i)| i.is("cmd") || i.is("entrypoint"));
    let mut lines = vec![format!("# {}'s ONBUILD steps, written out (the onbuild images are retired):", stage.from.image_text)];
    lines.extend(entry.steps.iter().cloned());
    if let Some(cmd) = entry.cmd.as_ref().filter(|_| !sets_command) {
        lines.push(format!("CMD {cmd}"));
    }
    let block: String = lines.iter().map(|l| format!("{l}{eol}")).collect();

    let line_end = df.text[from.content_end..].find('\n').map(|i| from.content_end + i + 1);
    let plain = format!("{}:{tag}", image.name);
    let mut text = String::with_capacity(df.text.len() + block.len() + plain.len());
    text.push_str(&df.text[..image_span.start]);
    text.push_str(&plain);
    match line_end {
        Some(end) => {
            text.push_str(&df.text[image_span.end..end]);
            text.push_str(&block);
            text.push_str(&df.text[end..]);
        }
        None => {
            // The FROM is the last line and has no newline: keep the file without one.
            text.push_str(&df.text[image_span.end..]);
            text.push_str(eol);
            text.push_str(block.strip_suffix(eol).unwrap_or(&block));
        }
    }
    let from_line = from.start_line;
    Some(Expansion { text, from_line, inserted: lines.len(), note: note(&stage.from.image_text, &plain, image.tag.as_deref(), &tag, from_line) })
}

fn note(onbuild: &str, plain: &str, onbuild_tag: Option<&str>, tag: &str, line: usize) -> String {
    let version = onbuild_tag.and_then(|t| t.strip_suffix("onbuild")).map(|v| v.trim_end_matches('-')).unwrap_or("");
    let pinned = if version != tag {
        format!(" ({onbuild} was last built on {plain}, so that is the tag written; a newer tag would change the toolchain under the app)")
    } else {
        String::new()
    };
    format!("line {line}: FROM {onbuild} built through ONBUILD triggers the file did not show; they are written out on {plain} as the retired onbuild image ran them{pinned}")
}

impl Expansion {
    /// The user's line for a line of the expanded file: inserted lines belong to the FROM.
    pub fn original_line(&self, line: usize) -> usize {
        if line <= self.from_line {
            line
        } else if line <= self.from_line + self.inserted {
            self.from_line
        } else {
            line - self.inserted
        }
    }

    /// A message about the expanded file with every `line N` renumbered to the user's file.
    pub fn renumber(&self, message: &str) -> String {
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(at) = rest.find("line ") {
            let (head, tail) = rest.split_at(at + "line ".len());
            out.push_str(head);
            // `line 3`, not `deadline 3`.
            let word_start = !head[..at].ends_with(|c: char| c.is_alphanumeric());
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            match tail[..digits].parse::<usize>() {
                Ok(n) if word_start => out.push_str(&self.original_line(n).to_string()),
                _ => out.push_str(&tail[..digits]),
            }
            rest = &tail[digits..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::Library;

    fn expanded(text: &str) -> Option<Expansion> {
        let df = crate::syntax::parse(text).expect("parses");
        expand(&df, &Library::builtin().expect("builtin").knowledge)
    }

    #[test]
    fn node_onbuild_is_written_out_with_its_default_command() {
        let e = expanded("FROM node:4-onbuild\nEXPOSE 8080\n").expect("known onbuild image");
        assert!(e.text.starts_with("FROM node:4\n# node:4-onbuild's ONBUILD steps"), "{}", e.text);
        assert!(e.text.contains("\nRUN npm install\nCOPY . /usr/src/app\nCMD [\"npm\", \"start\"]\nEXPOSE 8080\n"), "{}", e.text);
        assert_eq!(e.original_line(9), 1);
        assert_eq!(e.original_line(10), 2);
        assert_eq!(e.renumber("moved: EXPOSE (line 10), see line 3, deadline 10"), "moved: EXPOSE (line 2), see line 1, deadline 10");
    }

    #[test]
    fn a_moving_tag_is_pinned_where_the_variant_froze() {
        let e = expanded("FROM python:3-onbuild\r\nCMD [\"python\", \"app.py\"]\r\n").expect("known");
        assert!(e.text.starts_with("FROM python:3.6\r\n"), "{}", e.text);
        assert!(!e.text.contains("\nCMD [\"python\"]"), "the user's CMD stands: {}", e.text);
        assert!(e.text.split_inclusive('\n').all(|l| l.ends_with("\r\n")), "CRLF kept on inserted lines");
        assert!(e.note.contains("last built on python:3.6"), "{}", e.note);
    }

    #[test]
    fn flags_stage_names_and_a_missing_newline_are_kept() {
        let e = expanded("FROM --platform=linux/amd64 golang:onbuild AS app").expect("known");
        assert!(e.text.starts_with("FROM --platform=linux/amd64 golang:1.8 AS app\n#"), "{}", e.text);
        assert!(e.text.ends_with("CMD [\"app\"]"), "{}", e.text);
    }

    #[test]
    fn only_official_single_stage_onbuild_images_with_a_known_version() {
        assert!(expanded("FROM myorg/node:4-onbuild\n").is_none());
        assert!(expanded("FROM node:onbuild\n").is_none(), "bare node:onbuild: which Node is not known");
        assert!(expanded("FROM node:4\n").is_none());
        assert!(expanded("FROM maven:3-jdk-8-onbuild AS b\nFROM openjdk:8-jre\n").is_none());
        assert!(expanded("FROM docker.io/library/maven:3-jdk-8-onbuild\n").is_some());
    }
}
