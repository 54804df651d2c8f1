//! What a FROM line says: image reference, platform and stage name, with source spans so the
//! rewriter can name a stage or swap an image without touching the rest of the line.

use crate::paths::Basename;
use super::{Instruction, Span};
use serde::Serialize;

/// `registry/repo:tag@digest`, split into its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ImageRef {
    /// Repository with any registry host: `golang`, `gcr.io/distroless/static-debian12`.
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(reference: &str) -> Self {
        let (rest, digest) = match reference.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(rest[last_slash + i + 1..].to_string())),
            None => (rest, None),
        };
        ImageRef { name: name.to_string(), tag, digest }
    }

    /// The last path component of the repository: `distroless/static-debian12` → `static-debian12`.
    pub fn short_name(&self) -> &str {
        self.name.basename()
    }

    /// True when the reference uses a build argument (`FROM ${BASE}`): msify cannot know the image.
    pub fn is_templated(&self) -> bool {
        self.name.contains('$') || self.tag.as_deref().is_some_and(|t| t.contains('$'))
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FromInfo {
    /// The image word as written.
    pub image_text: String,
    pub image: ImageRef,
    pub platform: Option<String>,
    pub stage_name: Option<String>,
    /// Source span of the image word.
    pub image_span: Option<Span>,
    /// Source span of the stage name, when there is one.
    pub stage_name_span: Option<Span>,
}

pub(super) fn from_info(ins: &Instruction) -> Option<FromInfo> {
    if !ins.is("from") {
        return None;
    }
    let words: Vec<_> = ins.args.split_ascii_whitespace().collect();
    let positions: Vec<usize> = {
        let mut out = Vec::new();
        let mut search = 0;
        for w in &words {
            let at = ins.args[search..].find(w).map(|i| i + search).unwrap_or(search);
            out.push(at);
            search = at + w.len();
        }
        out
    };
    let span_of = |i: usize| {
        let start = ins.source_offset(positions[i]);
        Span::new(start, ins.source_offset(positions[i] + words[i].len()))
    };
    let mut info = FromInfo {
        platform: ins.flag("platform").and_then(|f| f.value.clone()),
        ..FromInfo::default()
    };
    if let Some(image) = words.first() {
        info.image_text = image.to_string();
        info.image = ImageRef::parse(image);
        info.image_span = Some(span_of(0));
    }
    if words.len() >= 3 && words[1].eq_ignore_ascii_case("as") {
        info.stage_name = Some(words[2].to_string());
        info.stage_name_span = Some(span_of(2));
    }
    Some(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("golang:1.22-alpine");
        assert_eq!((r.name.as_str(), r.tag.as_deref()), ("golang", Some("1.22-alpine")));
        let r = ImageRef::parse("localhost:5000/team/app:1.0@sha256:abc");
        assert_eq!(r.name, "localhost:5000/team/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!((r.name.as_str(), r.tag), ("localhost:5000/app", None));
        assert_eq!(ImageRef::parse("gcr.io/distroless/static").short_name(), "static");
    }
}
