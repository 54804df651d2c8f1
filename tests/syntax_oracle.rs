//! The syntax layer against BuildKit's own parser, over the torture set in `tests/torture/`.
//! For every file: both accept or both reject, and when accepted the instruction lists agree
//! (keyword, lines, exec form, flags, heredoc names, FROM image and stage name). Also: every
//! file round-trips byte for byte.

mod common;

use msify::syntax::{self, Form, ItemKind};
use serde_json::{json, Value};

fn msify_view(text: &str) -> Value {
    match syntax::parse(text) {
        Err(e) => json!({"ok": false, "error": e.message}),
        Ok(df) => {
            let instructions: Vec<Value> = df
                .instructions()
                .map(|(_, ins)| {
                    let mut v = json!({
                        "keyword": ins.keyword.to_lowercase(),
                        "sub": ins.onbuild_keyword,
                        "start_line": ins.start_line,
                        "end_line": ins.end_line,
                        "json": matches!(ins.form, Form::Exec(_)),
                        "flags": ins.flags.iter().map(|f| match &f.value {
                            Some(v) => format!("--{}={}", f.name, v),
                            None => format!("--{}", f.name),
                        }).collect::<Vec<_>>(),
                        // The Python binding does not report heredocs under ONBUILD.
                        "heredocs": if ins.is("onbuild") { vec![] } else {
                            ins.heredocs.iter().map(|h| h.name.clone()).collect::<Vec<_>>()
                        },
                    });
                    if ins.is("from") {
                        let info = ins.from_info().unwrap();
                        v["image"] = if info.image_text.is_empty() { Value::Null } else { json!(info.image_text) };
                        v["stage"] = json!(info.stage_name);
                    }
                    v
                })
                .collect();
            json!({"ok": true, "instructions": instructions})
        }
    }
}

#[test]
fn torture_set_round_trips_byte_for_byte() {
    let files = common::files_with_suffix(&common::repo_root().join("tests/torture"), ".Dockerfile");
    assert!(files.len() >= 40, "the torture set must hold at least 40 files");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(df) = syntax::parse(&text) else { continue };
        let mut rebuilt = String::new();
        let mut at = 0;
        for item in &df.items {
            assert_eq!(item.span.start, at, "{}: items must tile the file", path.display());
            rebuilt.push_str(df.slice(item.span));
            at = item.span.end;
        }
        assert_eq!(rebuilt, text, "{}", path.display());
        if text.starts_with('\u{feff}') {
            assert!(matches!(df.items[0].kind, ItemKind::Bom));
        }
    }
}

#[test]
fn torture_set_agrees_with_buildkit() {
    let Some(python) = common::oracle_python() else { return };
    let files = common::files_with_suffix(&common::repo_root().join("tests/torture"), ".Dockerfile");
    let oracle = common::oracle_parse(&python, &files);
    let mut disagreements = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = msify_view(&text);
        let theirs = &oracle[path.to_str().unwrap()];
        let same = match (ours["ok"].as_bool(), theirs["ok"].as_bool()) {
            (Some(true), Some(true)) => ours["instructions"] == theirs["instructions"],
            (Some(false), Some(false)) => true,
            _ => false,
        };
        if !same {
            disagreements.push(format!(
                "{}\n  msify:    {}\n  buildkit: {}",
                path.display(),
                ours,
                theirs
            ));
        }
    }
    assert!(disagreements.is_empty(), "{} disagreement(s):\n{}", disagreements.len(), disagreements.join("\n"));
}
