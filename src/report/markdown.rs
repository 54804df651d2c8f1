//! One pull-request comment for a run (`--format markdown`): a headline with the totals, then
//! per Dockerfile a summary line (stack, template, runtime image, estimated base sizes), the diff
//! in a `diff` block, the notes as a list, or the refusal with its reason. Runs of more than
//! three files fold each file into `<details>` so the comment stays readable.

use super::escape_html;
use crate::pipeline::{FileReport, Status};

pub fn markdown(reports: &[FileReport]) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let mut out = format!(
        "## msify: {} Dockerfile{}: {} rewritten, {} refused, {} already multi-stage, {} errors\n\n",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" },
        count(Status::Rewritten),
        count(Status::Refused),
        count(Status::AlreadyMultiStage),
        count(Status::Error)
    );
    let fold = reports.len() > 3;
    for r in reports {
        let body = file_body(r);
        if fold {
            out.push_str(&format!("<details><summary><code>{}</code>: {}</summary>\n\n{body}\n</details>\n\n", escape_html(&r.path), status_word(r)));
        } else {
            out.push_str(&format!("### `{}`: {}\n\n{body}\n", r.path, status_word(r)));
        }
    }
    out
}

fn status_word(r: &FileReport) -> &'static str {
    match r.status {
        Status::Rewritten => "rewritten",
        Status::Refused => "refused",
        Status::AlreadyMultiStage => "already multi-stage",
        Status::Unchanged => "no change",
        Status::Error => "error",
    }
}

fn file_body(r: &FileReport) -> String {
    let mut out = String::new();
    let mut facts: Vec<String> = Vec::new();
    if let Some(c) = &r.detection {
        facts.push(format!("**stack** {}", super::detect::summary(c)));
    }
    if let Some(t) = &r.template {
        facts.push(format!("**template** {t} ({})", r.variant.as_deref().unwrap_or("")));
    }
    if let Some(img) = &r.runtime_image {
        facts.push(format!("**runtime** `{img}`"));
    }
    if let (Some(before), Some(after)) = (r.size_before_mb, r.size_after_mb) {
        let mb = |x: f64| if x < 1.0 { format!("{x:.1}") } else { format!("{x:.0}") };
        facts.push(format!("**base image** ~{} MB → ~{} MB (estimated, compressed)", mb(before), mb(after)));
    }
    if !facts.is_empty() {
        out.push_str(&facts.join(" · "));
        out.push_str("\n\n");
    }
    match r.status {
        Status::Rewritten => {
            if let Some(diff) = &r.diff {
                let fence = fence_for(diff);
                out.push_str(&format!("{fence}diff\n{}{}{fence}\n\n", diff, if diff.ends_with('\n') { "" } else { "\n" }));
            }
        }
        Status::Refused => {
            let reason = r.reason.as_deref().unwrap_or("");
            let at = r.line.filter(|_| !reason.starts_with("line ")).map(|l| format!(" (line {l})")).unwrap_or_default();
            out.push_str(&format!("> **Refused**{at}: {reason}\n\n"));
        }
        Status::Error => {
            let text = r.error.as_ref().map(|e| e.to_string()).or_else(|| r.reason.clone()).unwrap_or_default();
            out.push_str(&format!("> **Error**: {}\n\n", text.replace('\n', " ")));
        }
        Status::AlreadyMultiStage | Status::Unchanged => {}
    }
    for n in &r.notes {
        out.push_str(&format!("- {n}\n"));
    }
    out
}

/// A code fence longer than any run of backticks inside the text.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

