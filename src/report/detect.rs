//! `msify detect` output. The JSON shape is documented in `docs/detect-json.md` and kept stable.

use super::Style;
use crate::detect::{Candidate, Detection};
use serde_json::json;

pub fn detection_json(context: &str, detection: &Detection) -> serde_json::Value {
    json!({
        "context": context,
        "primary": detection.primary(),
        "others": detection.candidates.iter().skip(1).collect::<Vec<_>>(),
        "unknown_reason": detection.unknown_reason,
    })
}

pub fn detection_text(context: &str, detection: &Detection, style: Style) -> String {
    let mut out = String::new();
    match detection.primary() {
        None => {
            out.push_str(&format!("{}: {}\n", context, style.yellow("unknown stack")));
            if let Some(reason) = &detection.unknown_reason {
                out.push_str(&format!("  reason: {reason}\n"));
            }
        }
        Some(primary) => {
            out.push_str(&format!("{}: {}\n", context, style.bold(&summary(primary))));
            candidate_details(&mut out, primary, style);
            for other in &detection.candidates[1..] {
                out.push_str(&format!("\nalso found: {}\n", summary(other)));
                candidate_details(&mut out, other, style);
            }
        }
    }
    out
}

/// `go (go 1.22) in ., confidence high`.
pub fn summary(c: &Candidate) -> String {
    let mut s = c.stack.as_str().to_string();
    if let Some(fw) = &c.framework {
        s.push_str(&format!("/{fw}"));
    }
    if let Some(bs) = &c.build_system {
        s.push_str(&format!(" via {bs}"));
    }
    let versions: Vec<String> = c.versions.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if !versions.is_empty() {
        s.push_str(&format!(" ({})", versions.join(", ")));
    }
    if c.root != "." {
        s.push_str(&format!(" in {}/", c.root));
    }
    s.push_str(&format!(", confidence {:?}", c.confidence).to_lowercase());
    s
}

fn candidate_details(out: &mut String, c: &Candidate, style: Style) {
    if !c.artifacts.is_empty() {
        out.push_str(&format!("  artifacts: {}\n", c.artifacts.join(", ")));
    }
    if let Some(e) = &c.entrypoint {
        out.push_str(&format!("  starts with: {e}\n"));
    }
    let facts: Vec<String> = c.facts.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
    if !facts.is_empty() {
        out.push_str(&format!("  facts: {}\n", facts.join(" ")));
    }
    out.push_str("  evidence:\n");
    for e in &c.evidence {
        let at = match e.line {
            Some(l) => format!("{}:{}", e.file, l),
            None => e.file.clone(),
        };
        let line = format!("    {at}: {}", e.detail);
        out.push_str(&if e.warning { style.yellow(&format!("{line} (warning)")) } else { line });
        out.push('\n');
    }
}
