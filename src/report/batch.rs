//! Reports over many files: a summary table with totals, GitHub Actions annotations, and SARIF
//! 2.1.0 for code scanning (validated against the official schema in the tests).

use super::Style;
use crate::pipeline::{FileReport, Status};
use serde::Serialize;
use serde_json::{json, Value};

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Rewritten => "rewritten",
        Status::Unchanged => "unchanged",
        Status::AlreadyMultiStage => "already multi-stage",
        Status::Refused => "refused",
        Status::Error => "error",
    }
}

fn stack(r: &FileReport) -> String {
    match &r.detection {
        Some(c) => match &c.framework {
            Some(f) => format!("{}/{f}", c.stack.as_str()),
            None => c.stack.as_str().to_string(),
        },
        None => "-".into(),
    }
}

fn size(r: &FileReport) -> String {
    match (r.size_before_mb, r.size_after_mb) {
        (Some(a), Some(b)) => format!("~{} → ~{} MB", a.round(), if b < 1.0 { format!("{b:.1}") } else { b.round().to_string() }),
        _ => "-".into(),
    }
}

/// One row per file, then totals.
pub fn summary_text(reports: &[FileReport], style: Style) -> String {
    let path_w = reports.iter().map(|r| r.path.chars().count()).max().unwrap_or(4).clamp(4, 60);
    let mut out = format!("{:<path_w$}  {:<22}  {:<19}  {:<18}  {}\n", "PATH", "STACK", "STATUS", "RUNTIME BASE (est.)", "REASON");
    for r in reports {
        let reason = match r.status {
            Status::Refused | Status::Error | Status::Unchanged if r.reason.is_some() => r.reason.clone().unwrap_or_default().lines().next().unwrap_or("").to_string(),
            Status::Rewritten => format!("{} → {}", r.template.as_deref().unwrap_or(""), r.runtime_image.as_deref().unwrap_or("")),
            _ => r.notes.first().cloned().unwrap_or_default(),
        };
        let status = format!("{:<19}", status_word(r.status));
        let status = match r.status {
            Status::Rewritten => style.green(&status),
            Status::Refused => style.yellow(&status),
            Status::Error => style.red(&status),
            _ => status,
        };
        let path: String = if r.path.chars().count() > path_w { format!("…{}", r.path.chars().rev().take(path_w - 1).collect::<Vec<_>>().into_iter().rev().collect::<String>()) } else { r.path.clone() };
        out.push_str(&format!("{:<path_w$}  {:<22}  {}  {:<18}  {}\n", path, stack(r), status, size(r), reason));
    }
    out.push_str(&totals(reports));
    out.push('\n');
    out
}

pub fn totals(reports: &[FileReport]) -> String {
    let n = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let rewritten: Vec<&FileReport> = reports.iter().filter(|r| r.status == Status::Rewritten).collect();
    // Summed from 0.0: an empty f64 sum is -0.0, which printed as "~-0.0 GB".
    let before = rewritten.iter().filter_map(|r| r.size_before_mb).fold(0.0, |a, b| a + b);
    let after = rewritten.iter().filter_map(|r| r.size_after_mb).fold(0.0, |a, b| a + b);
    let sizes = if rewritten.is_empty() { String::new() } else { format!("; estimated runtime bases of the rewritten files: {} → {}", amount(before), amount(after)) };
    format!(
        "{} files: {} rewritten, {} unchanged, {} already multi-stage, {} refused, {} errors{sizes}",
        reports.len(),
        n(Status::Rewritten),
        n(Status::Unchanged),
        n(Status::AlreadyMultiStage),
        n(Status::Refused),
        n(Status::Error),
    )
}

/// `~450 MB`, `~12.3 GB`.
fn amount(mb: f64) -> String {
    if mb < 1000.0 {
        format!("~{mb:.0} MB")
    } else {
        format!("~{:.1} GB", mb / 1000.0)
    }
}

pub fn batch_json(reports: &[FileReport]) -> BatchJson<'_> {
    let n = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let rewritten = || reports.iter().filter(|r| r.status == Status::Rewritten);
    BatchJson {
        files: reports,
        summary: BatchSummary {
            files: reports.len(),
            rewritten: n(Status::Rewritten),
            unchanged: n(Status::Unchanged),
            already_multi_stage: n(Status::AlreadyMultiStage),
            refused: n(Status::Refused),
            errors: n(Status::Error),
            // Summed from 0.0: an empty f64 sum is -0.0.
            size_before_mb: rewritten().filter_map(|r| r.size_before_mb).fold(0.0, |a, b| a + b),
            size_after_mb: rewritten().filter_map(|r| r.size_after_mb).fold(0.0, |a, b| a + b),
        },
    }
}

/// [`batch_json`] written pretty-printed, each file's object printed on its own thread: a
/// migration run's document holds every diff, and printing it on one thread after the run was
/// a tenth of the run. The text is serde_json's own pretty printing of the whole document (the
/// tests compare); see [`file_text`] for how a file's object printed alone gets the
/// document's indentation.
pub fn write_batch_json(reports: &[FileReport], out: &mut impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let doc = batch_json(reports);
    let files = crate::pipeline::map_files(reports, file_text);
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    out.write_all(b"{\n  \"files\": [")?;
    for (i, f) in files.iter().enumerate() {
        out.write_all(if i == 0 { &b"\n    "[..] } else { &b",\n    "[..] })?;
        out.write_all(f.as_bytes())?;
    }
    out.write_all(if files.is_empty() { &b"],\n  \"summary\": "[..] } else { &b"\n  ],\n  \"summary\": "[..] })?;
    out.write_all(summary_text_json(&doc.summary).as_bytes())?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// A file's object as serde_json prints it inside the whole document: printed as the one
/// element of a `{"files": [...]}` wrapper — the same two enclosing levels the document has, so
/// the same indentation — with the wrapper's own text cut off. No pass over the text is needed
/// to indent it (re-indenting each file's text was a third of the printing).
fn file_text(report: &FileReport) -> String {
    #[derive(Serialize)]
    struct Files<'a> {
        files: [&'a FileReport; 1],
    }
    within(&Files { files: [report] }, "{\n  \"files\": [\n    ", "\n  ]\n}")
}

/// The summary as printed inside the document, the same way (one enclosing level).
fn summary_text_json(summary: &BatchSummary) -> String {
    #[derive(Serialize)]
    struct Summary<'a> {
        summary: &'a BatchSummary,
    }
    within(&Summary { summary }, "{\n  \"summary\": ", "\n}")
}

/// `wrapper` pretty-printed without its known opening `head` and closing `tail`.
fn within<T: Serialize>(wrapper: &T, head: &str, tail: &str) -> String {
    let text = serde_json::to_string_pretty(wrapper).expect("serialisable");
    assert!(text.starts_with(head) && text.ends_with(tail), "serde_json's pretty printing changed: {text}");
    text[head.len()..text.len() - tail.len()].to_string()
}

/// The `--format json` document of a run (printed by [`write_batch_json`]). A struct, not a
/// `serde_json::Value`: building the `Value` copied every diff once more. Fields print in
/// declaration order.
#[derive(Serialize)]
pub struct BatchJson<'a> {
    pub files: &'a [FileReport],
    pub summary: BatchSummary,
}

#[derive(Serialize)]
pub struct BatchSummary {
    pub files: usize,
    pub rewritten: usize,
    pub unchanged: usize,
    pub already_multi_stage: usize,
    pub refused: usize,
    pub errors: usize,
    pub size_before_mb: f64,
    pub size_after_mb: f64,
}

/// `::notice`/`::warning`/`::error` workflow commands; message newlines escaped as GitHub wants.
pub fn github_annotations(reports: &[FileReport]) -> String {
    let esc_data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for r in reports {
        let file = r.path.trim_start_matches("./");
        let line = r.line.unwrap_or(1);
        let (level, title, message) = match r.status {
            Status::Rewritten => (
                "notice",
                "msify: multi-stage rewrite available",
                format!(
                    "{} can ship on {} ({}). Apply with `msify --write {file}`.\n\n{}",
                    stack(r),
                    r.runtime_image.as_deref().unwrap_or(""),
                    size(r),
                    r.diff.as_deref().unwrap_or("")
                ),
            ),
            Status::Refused => ("warning", "msify: not rewritten", r.reason.clone().unwrap_or_default()),
            Status::Error => ("error", "msify: error", r.reason.clone().unwrap_or_default()),
            _ => continue,
        };
        out.push_str(&format!("::{level} file={},line={line},title={}::{}\n", esc_prop(file), esc_prop(title), esc_data(&message)));
    }
    out.push_str(&format!("{}\n", totals(reports)));
    out
}

/// SARIF 2.1.0: one result per file that could be rewritten (with the rewrite as a fix), was
/// refused, or failed.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules = json!([
        {"id": "MSIFY001", "name": "SingleStageDockerfile", "shortDescription": {"text": "Single-stage Dockerfile can be split into build and runtime stages"},
         "fullDescription": {"text": "The image ships the build toolchain. msify proposes a multi-stage rewrite that copies only the artifacts into a small runtime image."},
         "defaultConfiguration": {"level": "note"}, "helpUri": "https://docs.docker.com/build/building/multi-stage/"},
        {"id": "MSIFY002", "name": "RewriteRefused", "shortDescription": {"text": "msify could not rewrite this Dockerfile safely"},
         "defaultConfiguration": {"level": "warning"}},
        {"id": "MSIFY003", "name": "InvalidInput", "shortDescription": {"text": "msify could not read or parse this Dockerfile"},
         "defaultConfiguration": {"level": "error"}}
    ]);
    let mut results = Vec::new();
    for r in reports {
        let uri = r.path.trim_start_matches("./").to_string();
        let (rule, level, text) = match r.status {
            Status::Rewritten => ("MSIFY001", "note", format!("{} can ship on {} ({}).", stack(r), r.runtime_image.as_deref().unwrap_or(""), size(r))),
            Status::Refused => ("MSIFY002", "warning", r.reason.clone().unwrap_or_default()),
            Status::Error => ("MSIFY003", "error", r.reason.clone().unwrap_or_default()),
            _ => continue,
        };
        let mut result = json!({
            "ruleId": rule,
            "level": level,
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": r.line.unwrap_or(1)}}}],
        });
        if let (Some(src), Some(new)) = (&r.source, &r.new_content) {
            result["fixes"] = json!([{
                "description": {"text": "Rewrite as a multi-stage build (msify)"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{"deletedRegion": {"charOffset": 0, "charLength": src.text.chars().count()}, "insertedContent": {"text": new}}]
                }]
            }]);
        }
        results.push(result);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "msify", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: Status, sizes: Option<(f64, f64)>) -> FileReport {
        let mut r = FileReport::error("Dockerfile", crate::error::Error::new("Dockerfile", "x", "y"));
        r.status = status;
        r.size_before_mb = sizes.map(|s| s.0);
        r.size_after_mb = sizes.map(|s| s.1);
        r
    }

    #[test]
    fn the_json_document_is_serde_jsons_own_pretty_printing() {
        let mut rewritten = report(Status::Rewritten, Some((900.0, 80.5)));
        rewritten.diff = Some("--- a\n+++ b\n@@ -1 +1 @@\n-FROM x\n+FROM y\n".into());
        rewritten.notes = vec!["a \"quoted\"\nnote".into(), String::new()];
        for reports in [vec![], vec![report(Status::Refused, None)], vec![rewritten, report(Status::Error, None), report(Status::Unchanged, None)]] {
            let mut out = Vec::new();
            write_batch_json(&reports, &mut out).unwrap();
            let whole = serde_json::to_string_pretty(&batch_json(&reports)).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }

    #[test]
    fn totals_show_sizes_only_for_what_was_rewritten() {
        let none = totals(&[report(Status::Refused, None), report(Status::AlreadyMultiStage, None)]);
        assert!(!none.contains("-0") && !none.contains("GB") && none.ends_with("0 errors"), "{none}");
        let some = totals(&[report(Status::Rewritten, Some((290.0, 9.0))), report(Status::Rewritten, Some((900.0, 45.0)))]);
        assert!(some.ends_with("~1.2 GB → ~54 MB"), "{some}");
    }
}
