//! Property tests over Dockerfiles generated from a grammar (random but valid): continuations
//! with comment and blank lines inside, heredocs, CRLF, BOM, directives, flags, lowercase
//! keywords. For each: the parse round-trips exactly; msify rewrites it; the rewrite keeps every
//! line it did not mean to change and is idempotent. All rewrites are then checked by BuildKit's
//! own parser in one batch.

mod common;

use msify::pipeline::{process_source, Settings, Status};
use msify::source::SourceFile;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
enum Filler {
    Comment,
    Blank,
    EnvContinued,
    RunContinued { comment_inside: bool, blank_inside: bool },
    Heredoc { chomp: bool },
    CopyWithFlags,
    Label,
    Expose,
    ArgWithDefault,
}

#[derive(Debug, Clone)]
struct Spec {
    stack: usize,
    bom: bool,
    crlf: bool,
    syntax_directive: bool,
    global_arg: bool,
    lowercase: bool,
    platform: bool,
    before_build: Vec<Filler>,
    after_build: Vec<Filler>,
    user: bool,
    healthcheck: bool,
    final_newline: bool,
}

fn filler() -> impl Strategy<Value = Filler> {
    prop_oneof![
        Just(Filler::Comment),
        Just(Filler::Blank),
        Just(Filler::EnvContinued),
        (any::<bool>(), any::<bool>()).prop_map(|(c, b)| Filler::RunContinued { comment_inside: c, blank_inside: b }),
        any::<bool>().prop_map(|chomp| Filler::Heredoc { chomp }),
        Just(Filler::CopyWithFlags),
        Just(Filler::Label),
        Just(Filler::Expose),
        Just(Filler::ArgWithDefault),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..3usize,
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(filler(), 0..6),
        prop::collection::vec(filler(), 0..4),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(stack, (bom, crlf, syntax_directive, global_arg, lowercase, platform), before_build, after_build, (user, healthcheck, final_newline))| Spec {
            stack,
            bom,
            crlf,
            syntax_directive,
            global_arg,
            lowercase,
            platform,
            before_build,
            after_build,
            user,
            healthcheck,
            final_newline,
        })
}

fn render(s: &Spec) -> String {
    let kw = |k: &str| if s.lowercase { k.to_lowercase() } else { k.to_string() };
    let mut lines: Vec<String> = Vec::new();
    if s.syntax_directive {
        lines.push("# syntax=docker/dockerfile:1".into());
    }
    if s.global_arg {
        lines.push(format!("{} BUILD_ID=local", kw("ARG")));
    }
    let image = ["golang:1.22", "node:20", "python:3.12"][s.stack];
    let platform = if s.platform { "--platform=$BUILDPLATFORM " } else { "" };
    lines.push(format!("{} {platform}{image}", kw("FROM")));
    lines.push(format!("{} /app", kw("WORKDIR")));
    let fill = |lines: &mut Vec<String>, f: &Filler| match f {
        Filler::Comment => lines.push("# a note for reviewers".into()),
        Filler::Blank => lines.push(String::new()),
        Filler::EnvContinued => lines.extend([format!("{} LOG_LEVEL=info \\", kw("ENV")), "    APP_MODE=server".to_string()]),
        Filler::RunContinued { comment_inside, blank_inside } => {
            lines.push(format!("{} echo one \\", kw("RUN")));
            if *comment_inside {
                lines.push("    # explained inline".into());
            }
            if *blank_inside {
                lines.push(String::new());
            }
            lines.push("    && echo two".into());
        }
        Filler::Heredoc { chomp } => {
            if *chomp {
                lines.extend([format!("{} <<-EOT sh", kw("RUN")), "\techo heredoc".into(), "\tEOT".into()]);
            } else {
                lines.extend([format!("{} <<EOF", kw("RUN")), "echo heredoc".into(), "EOF".into()]);
            }
        }
        Filler::CopyWithFlags => lines.push(format!("{} --chown=1000:1000 --link . /app/", kw("COPY"))),
        Filler::Label => lines.push(format!("{} org.example.team=\"platform\"", kw("LABEL"))),
        Filler::Expose => lines.push(format!("{} 8080", kw("EXPOSE"))),
        Filler::ArgWithDefault => lines.push(format!("{} VERSION=dev", kw("ARG"))),
    };
    match s.stack {
        1 => lines.extend([format!("{} package*.json ./", kw("COPY")), format!("{} npm ci", kw("RUN"))]),
        2 => lines.extend([format!("{} requirements.txt .", kw("COPY")), format!("{} pip install -r requirements.txt", kw("RUN"))]),
        _ => {}
    }
    for f in &s.before_build {
        fill(&mut lines, f);
    }
    lines.push(format!("{} . .", kw("COPY")));
    if s.stack == 0 {
        lines.push(format!("{} CGO_ENABLED=0 go build -o /app/server .", kw("RUN")));
    }
    for f in &s.after_build {
        fill(&mut lines, f);
    }
    if s.user {
        lines.push(format!("{} 1000", kw("USER")));
    }
    if s.healthcheck {
        lines.push(format!("{} NONE", kw("HEALTHCHECK")));
    }
    let cmd = [r#"["/app/server"]"#, r#"["node", "index.js"]"#, r#"["gunicorn", "app:app"]"#][s.stack];
    lines.push(format!("{} {cmd}", kw("CMD")));
    let le = if s.crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(le);
    if s.final_newline {
        text.push_str(le);
    }
    if s.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

fn repos(base: &Path) -> Vec<PathBuf> {
    let sets: &[&[(&str, &str)]] = &[
        &[("go.mod", "module example.com/app\n\ngo 1.22\n"), ("main.go", "package main\nfunc main() {}\n")],
        &[("package.json", "{\"name\":\"a\",\"dependencies\":{\"express\":\"^4\"},\"scripts\":{\"start\":\"node index.js\"}}"), ("package-lock.json", "{}")],
        &[("requirements.txt", "flask\ngunicorn\n")],
    ];
    sets.iter()
        .enumerate()
        .map(|(i, files)| {
            let d = base.join(i.to_string());
            std::fs::create_dir_all(&d).unwrap();
            for (n, b) in *files {
                std::fs::write(d.join(n), b).unwrap();
            }
            d
        })
        .collect()
}

#[test]
fn generated_dockerfiles_round_trip_rewrite_idempotently_and_pass_buildkit() {
    let base = tempfile::tempdir().unwrap();
    let repos = repos(base.path());
    let outputs: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let mut runner = TestRunner::new(Config { cases: 400, failure_persistence: None, ..Config::default() });
    runner
        .run(&spec(), |s| {
            let text = render(&s);
            // Round trip.
            let df = msify::syntax::parse(&text).map_err(|e| TestCaseError::fail(format!("parse: {} in\n{text}", e.message)))?;
            let rebuilt: String = df.items.iter().map(|i| df.slice(i.span)).collect();
            prop_assert_eq!(&rebuilt, &text);
            // Rewrite.
            let file = SourceFile { display: "Dockerfile".into(), path: None, text: text.clone(), stamp: None };
            let report = process_source(file, &repos[s.stack], &Settings::default());
            prop_assert_eq!(report.status, Status::Rewritten, "{:?} for\n{}\n{:?}", report.reason, text, report.error);
            let new = report.new_content.clone().unwrap();
            // Unchanged lines keep their bytes (the FROM line is the one edited).
            for line in text.split_inclusive('\n') {
                let bare = line.trim_start_matches('\u{feff}');
                if bare.trim().is_empty() || bare.to_lowercase().starts_with("from ") {
                    continue;
                }
                prop_assert!(new.contains(line) || new.ends_with(line.trim_end_matches('\n')), "lost {:?}\n--- in\n{}\n--- out\n{}", line, text, new);
            }
            prop_assert_eq!(new.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
            prop_assert_eq!(new.ends_with('\n'), text.ends_with('\n'));
            // Idempotent.
            let again = process_source(SourceFile { display: "Dockerfile".into(), path: None, text: new.clone(), stamp: None }, &repos[s.stack], &Settings::default());
            prop_assert_eq!(again.status, Status::AlreadyMultiStage);
            outputs.borrow_mut().push(new);
            Ok(())
        })
        .unwrap();

    // Every output through BuildKit's parser, in one process.
    let Some(python) = common::oracle_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = outputs
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let f = dir.path().join(format!("{i}.Dockerfile"));
            std::fs::write(&f, text).unwrap();
            f
        })
        .collect();
    assert!(files.len() >= 400, "{} outputs", files.len());
    let oracle = common::oracle_parse(&python, &files);
    for f in &files {
        let r = &oracle[f.to_str().unwrap()];
        assert_eq!(r["ok"], true, "BuildKit rejects {}:\n{}\n{r}", f.display(), std::fs::read_to_string(f).unwrap());
        let froms = r["instructions"].as_array().unwrap().iter().filter(|i| i["keyword"] == "from").count();
        assert_eq!(froms, 2, "{}", f.display());
    }
}
