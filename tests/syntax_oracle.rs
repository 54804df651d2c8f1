//! The syntax layer against BuildKit's own parser, over the torture set in `tests/torture/`.
//! For every file: both accept or both reject, and when accepted the instruction lists agree
//! (keyword, lines, exec form, flags, heredoc names and bodies, FROM image and stage name, and
//! the argument values: continuation-joined text, ENV/LABEL pairs, exec arrays). Also: every
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
                        "heredoc_bodies": if ins.is("onbuild") { vec![] } else {
                            ins.heredocs.iter().map(|h| df.slice(h.body).to_string()).collect::<Vec<_>>()
                        },
                        "value": values(&df, ins),
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

/// The argument values as BuildKit's AST holds them: an exec form's array, ENV/LABEL as
/// key/value pairs (quotes kept: BuildKit unquotes later), a shell form's continuation-joined
/// text for RUN/CMD/ENTRYPOINT/SHELL-run commands, the words otherwise.
fn values(df: &syntax::Dockerfile, ins: &syntax::Instruction) -> Vec<String> {
    let keyword = ins.keyword.to_lowercase();
    if keyword == "healthcheck" {
        let rest = ins.args.trim();
        if rest.is_empty() {
            return Vec::new();
        }
        return match &ins.form {
            Form::Exec(argv) => std::iter::once("CMD".to_string()).chain(argv.iter().cloned()).collect(),
            Form::Shell if rest.to_uppercase().starts_with("CMD") => vec!["CMD".into(), rest[3..].trim().to_string()],
            Form::Shell => vec![rest.to_uppercase()],
        };
    }
    if let Form::Exec(argv) = &ins.form {
        return argv.clone();
    }
    let mut words: Vec<String> = ins.words(df.escape).into_iter().map(|w| w.text).collect();
    let mut args = ins.args.clone();
    let mut keyword = keyword;
    if keyword == "onbuild" && words.is_empty() {
        return Vec::new();
    }
    if keyword == "onbuild" {
        // The trigger's own values: what follows its keyword.
        let sub = words.remove(0);
        args = ins.args.trim_start()[sub.len()..].trim_start().to_string();
        keyword = sub.to_lowercase();
    }
    let known = ["add", "arg", "copy", "expose", "from", "shell", "stopsignal", "user", "volume", "workdir", "env", "label", "run", "cmd", "entrypoint", "maintainer"];
    if !known.contains(&keyword.as_str()) {
        // Keywords BuildKit does not know keep no values in its AST.
        return vec![String::new()];
    }
    if args.trim().is_empty() {
        return Vec::new();
    }
    match keyword.as_str() {
        "env" | "label" => match words.first() {
            Some(first) if !first.contains('=') => vec![first.clone(), ins.args.trim_start()[first.len()..].trim().to_string()],
            _ => words.iter().flat_map(|w| {
                let (k, v) = w.split_once('=').unwrap_or((w.as_str(), ""));
                [k.to_string(), v.to_string()]
            }).collect(),
        },
        "run" | "cmd" | "entrypoint" | "maintainer" => vec![args],
        _ => words,
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
