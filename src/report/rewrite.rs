//! The result of a rewrite run: the diff, then a short explanation a reviewer can check line by
//! line (stack, template and runtime, what moved and was added and why, size estimate).

use super::{colorize, Style};
use crate::pipeline::{FileReport, Status};

pub fn report_text(r: &FileReport, style: Style) -> String {
    let mut out = String::new();
    match r.status {
        Status::Rewritten => {
            if let Some(diff) = &r.diff {
                out.push_str(&colorize(diff, style));
                if !diff.ends_with('\n') {
                    out.push('\n');
                }
            }
            out.push('\n');
            if let Some(c) = &r.detection {
                out.push_str(&format!("{} {}\n", style.bold("stack:"), super::detect::summary(c)));
            }
            for n in &r.notes {
                out.push_str(&format!("  - {n}\n"));
            }
        }
        Status::AlreadyMultiStage => out.push_str(&format!("{}: already multi-stage; nothing to do\n", r.path)),
        Status::Unchanged => match &r.reason {
            Some(why) => out.push_str(&format!("{}: no change proposed: {why}\n", r.path)),
            None => out.push_str(&format!("{}: no change proposed\n", r.path)),
        },
        Status::Refused => {
            let at = r.line.map(|l| format!(":{l}")).unwrap_or_default();
            out.push_str(&format!("{}{at}: {} {}\n", r.path, style.yellow("refused:"), r.reason.as_deref().unwrap_or("")));
            if let Some(c) = &r.detection {
                out.push_str(&format!("  stack: {}\n", super::detect::summary(c)));
            }
            for n in &r.notes {
                out.push_str(&format!("  - {n}\n"));
            }
        }
        Status::Error => {
            if let Some(e) = &r.error {
                out.push_str(&style.red(&e.to_string()));
                out.push('\n');
            }
        }
    }
    out
}

pub fn report_json(reports: &[FileReport]) -> serde_json::Value {
    serde_json::json!({ "files": reports })
}
