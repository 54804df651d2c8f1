//! `msify verify`: prove a rewrite with a real engine. Build the original and the rewritten
//! Dockerfile, compare size, layers and the image settings that must not change (unless msify
//! announced the change), run both with a smoke test, and clean up everything it created.
//!
//! The verdict is equivalence, not health: a rewrite that fails exactly as its original does
//! (same exit code, same output) passes as "same behaviour"; a rewrite whose container cannot
//! write where the original's wrote (`docker diff` after the smoke run) fails, naming the path.

mod engine;
mod http;
mod smoke;
mod writes;

use crate::error::Error;
use crate::pipeline::{self, FileReport, Settings, Status};
use engine::{engine_failure, Engine};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Set once Ctrl-C was pressed: running docker commands are stopped and cleanup runs.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

#[derive(Clone, Debug)]
pub struct VerifyOptions {
    pub builder: Option<String>,
    /// Run this command in both images instead of their own (must exit 0; outputs compared).
    pub smoke: Option<String>,
    /// `PORT/PATH`: start both, GET the path, compare status codes.
    pub smoke_http: Option<String>,
    /// How long a server must stay up (default smoke test) or may take to answer (HTTP).
    pub smoke_seconds: u64,
    /// Keep the images (for inspection).
    pub keep: bool,
    /// Time limit for each build.
    pub build_timeout: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageFacts {
    pub size_bytes: u64,
    pub layers: usize,
    pub entrypoint: Value,
    pub cmd: Value,
    pub workdir: String,
    pub user: String,
    pub exposed_ports: Vec<String>,
    pub env: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConfigChange {
    pub field: String,
    pub original: String,
    pub rewritten: String,
    /// msify said it would change this (e.g. the added non-root USER).
    pub announced: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Smoke {
    pub kind: String,
    pub original: String,
    pub rewritten: String,
    pub passed: bool,
    /// Passed because both failed the same way: the rewrite behaves as the original does.
    pub same_failure: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    pub path: String,
    pub engine: String,
    /// How the images were built (see `engine::Builder`).
    pub builder: String,
    pub original: Option<ImageFacts>,
    pub rewritten: Option<ImageFacts>,
    pub size_reduction_percent: Option<f64>,
    pub config_changes: Vec<ConfigChange>,
    pub smoke: Option<Smoke>,
    pub problems: Vec<String>,
    pub passed: bool,
}

pub fn verify(path: &Path, settings: &Settings, opts: &VerifyOptions) -> Result<VerifyReport, Error> {
    let report = pipeline::process_path(path, settings);
    let display = report.path.clone();
    match report.status {
        Status::Rewritten => {}
        Status::Error => return Err(report.error.unwrap_or_else(|| Error::new(&display, "error", ""))),
        Status::AlreadyMultiStage => return Err(Error::new(&display, format!("{display} is already multi-stage: nothing to verify"), "verify runs on a single-stage Dockerfile msify rewrites")),
        Status::Refused | Status::Unchanged => {
            return Err(Error::new(&display, format!("msify does not rewrite {display}: {}", report.reason.clone().unwrap_or_default()), "see `msify` on this path for the reason; --force may apply"))
        }
    }
    let label = format!("{}-{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0));
    let mut engine = Engine::new(label.clone());
    let version = engine.server_version().map_err(|why| {
        Error::new(
            "",
            format!("no Docker engine reachable ({why})"),
            "start one (Debian: apt-get install docker.io && dockerd &), or set DOCKER_HOST; MSIFY_DOCKER names the docker CLI to use",
        )
    })?;
    // Parsed once: heredocs decide whether this engine can build it; ENV keys are what the app reads.
    let src = report.source.as_ref().expect("rewritten reports keep their source");
    let df = crate::syntax::parse(&src.text).map_err(|e| Error::syntax(&src.display, &src.text, e))?;
    heredoc_support(&df, &report.path, &version)?;
    let user_env: Vec<String> = crate::detect::DockerfileSignals::read(&df).env.keys().cloned().collect();
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));

    let work = std::env::temp_dir().join(format!("msify-verify-{label}"));
    std::fs::create_dir_all(&work).map_err(|e| Error::new("", format!("cannot create {}: {e}", work.display()), "check the temp directory"))?;
    let rewritten = report.new_content.as_deref().and_then(|t| crate::syntax::parse(t).ok());
    let needs = buildkit_only(&df, "the original").or_else(|| rewritten.as_ref().and_then(|r| buildkit_only(r, "the rewrite")));
    let result = match engine.probe_builder(opts.builder.clone(), needs.as_deref(), &work) {
        Ok(()) => run(&engine, &report, &user_env, &work, opts, &version),
        Err(why) => Err(Error::new("", format!("the Docker engine answers, but nothing here can build an image: {why}"), "this is about the engine and its docker CLI, not about your Dockerfile")),
    };
    if !opts.keep {
        engine.cleanup();
    }
    let _ = std::fs::remove_dir_all(&work);
    if interrupted() {
        return Err(Error::new("", "interrupted; the images and containers verify created were removed", "run msify verify again"));
    }
    result
}

/// The first BuildKit-only feature a file uses (the legacy builder cannot build it), as
/// `line 3 of the original (RUN --mount)`.
fn buildkit_only(df: &crate::syntax::Dockerfile, which: &str) -> Option<String> {
    const FLAGS: &[(&str, &[&str])] = &[("run", &["mount", "network", "security"]), ("copy", &["chmod", "link", "parents", "exclude"]), ("add", &["chmod", "link", "checksum", "keep-git-dir", "exclude"])];
    if df.items.iter().any(|i| matches!(&i.kind, crate::syntax::ItemKind::Directive(d) if d.name.eq_ignore_ascii_case("syntax"))) {
        return Some(format!("the `# syntax=` line of {which}"));
    }
    df.instructions().find_map(|(_, ins)| {
        let flag = FLAGS.iter().filter(|(k, _)| ins.is(k)).flat_map(|(_, fs)| fs.iter()).find(|f| ins.flag(f).is_some());
        let what = match (flag, ins.heredocs.is_empty()) {
            (Some(f), _) => format!("{} --{f}", ins.keyword.to_uppercase()),
            (None, false) => "a heredoc".to_string(),
            (None, true) => return None,
        };
        Some(format!("line {} of {which} ({what})", ins.start_line))
    })
}

/// Docker before 23 ships a Dockerfile frontend without heredocs: say so instead of failing
/// with a parse error from inside the engine.
fn heredoc_support(df: &crate::syntax::Dockerfile, path: &str, version: &str) -> Result<(), Error> {
    let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major >= 23 {
        return Ok(());
    }
    if let Some((_, ins)) = df.instructions().find(|(_, i)| !i.heredocs.is_empty()) {
        return Err(Error::new(
            path,
            format!("{path}:{}: this Dockerfile uses a heredoc, which the Dockerfile frontend of Docker {version} does not support", ins.start_line),
            "verify with Docker 23 or newer (BuildKit 0.11+), or a --builder that has it",
        ));
    }
    Ok(())
}

fn run(engine: &Engine, report: &FileReport, user_env: &[String], work: &Path, opts: &VerifyOptions, version: &str) -> Result<VerifyReport, Error> {
    let src = report.source.as_ref().expect("rewritten reports keep their source");
    // The same build context the rewrite was planned for.
    let context = report.context.clone().unwrap_or_else(|| PathBuf::from("."));
    let orig_df = work.join("Dockerfile.original");
    let new_df = work.join("Dockerfile.rewritten");
    let write = |p: &Path, t: &str| std::fs::write(p, t).map_err(|e| Error::new("", format!("cannot write {}: {e}", p.display()), "check the temp directory"));
    write(&orig_df, &src.text)?;
    write(&new_df, report.new_content.as_deref().unwrap_or(""))?;
    let tag = |which: &str| format!("msify-verify-{}:{which}", engine.label);
    let limit = Duration::from_secs(opts.build_timeout);
    let mut out = VerifyReport {
        path: report.path.clone(),
        engine: format!("Docker {version}"),
        builder: engine.builder.describe(),
        original: None,
        rewritten: None,
        size_reduction_percent: None,
        config_changes: Vec::new(),
        smoke: None,
        problems: Vec::new(),
        passed: false,
    };
    // The builder was proven on a one-line file, so a failed build is the Dockerfile's, unless
    // its log shows the engine itself failing.
    engine.build(&orig_df, &context, Some(&tag("original")), limit).map_err(|log| match engine_failure(&log) {
        Some(line) => Error::new("", format!("the Docker engine failed while building the original ({line}); your Dockerfile was not judged"), "fix the engine and run msify verify again"),
        None => Error::new(&report.path, format!("the original Dockerfile does not build, so there is nothing to compare:\n{log}"), "fix the original build first"),
    })?;
    if let Err(log) = engine.build(&new_df, &context, Some(&tag("rewritten")), limit) {
        if let Some(line) = engine_failure(&log) {
            return Err(Error::new("", format!("the Docker engine failed while building the rewrite ({line}); the rewrite was not judged"), "fix the engine and run msify verify again"));
        }
        out.problems.push(format!("the rewritten Dockerfile does not build:\n{log}"));
        return Ok(out);
    }
    let orig = facts(&engine.inspect(&tag("original")).map_err(|e| Error::new("", e, "is the engine healthy?"))?);
    let new = facts(&engine.inspect(&tag("rewritten")).map_err(|e| Error::new("", e, "is the engine healthy?"))?);
    out.size_reduction_percent = Some(if orig.size_bytes > 0 { 100.0 * (1.0 - new.size_bytes as f64 / orig.size_bytes as f64) } else { 0.0 });
    out.config_changes = compare(&orig, &new, report, user_env);
    for c in out.config_changes.iter().filter(|c| !c.announced) {
        out.problems.push(format!("{} changed without msify announcing it: {} → {}", c.field, c.original, c.rewritten));
    }
    let (smoke, containers) = smoke::smoke(engine, &tag("original"), &tag("rewritten"), opts);
    if !smoke.passed {
        out.problems.push(format!("smoke test ({}) failed for the rewritten image: {}", smoke.kind, smoke.rewritten));
    }
    out.smoke = Some(smoke);
    if let (Some(a), Some(b)) = containers {
        out.problems.extend(writes::compare_writes(engine, &a, &b, &tag("rewritten"), &orig, &new));
    }
    out.original = Some(orig);
    out.rewritten = Some(new);
    out.passed = out.problems.is_empty();
    Ok(out)
}

fn facts(v: &Value) -> ImageFacts {
    let cfg = &v["Config"];
    let s = |x: &Value| x.as_str().unwrap_or("").to_string();
    let mut ports: Vec<String> = cfg["ExposedPorts"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    ports.sort();
    let env = cfg["Env"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e.as_str()?.split_once('=').map(|(k, v)| (k.to_string(), v.to_string()))).collect())
        .unwrap_or_default();
    ImageFacts {
        size_bytes: v["Size"].as_u64().unwrap_or(0),
        layers: v["RootFS"]["Layers"].as_array().map(|a| a.len()).unwrap_or(0),
        entrypoint: cfg["Entrypoint"].clone(),
        cmd: cfg["Cmd"].clone(),
        workdir: s(&cfg["WorkingDir"]),
        user: s(&cfg["User"]),
        exposed_ports: ports,
        env,
    }
}

/// Settings that must survive, and the user's own ENV keys (the app reads those; the base
/// images' own variables may differ).
fn compare(orig: &ImageFacts, new: &ImageFacts, report: &FileReport, user_env: &[String]) -> Vec<ConfigChange> {
    let announced = |key: &str| report.changes.iter().any(|c| c == key);
    let mut out = Vec::new();
    let mut field = |name: &str, key: &str, a: String, b: String| {
        if a != b {
            out.push(ConfigChange { field: name.to_string(), original: a, rewritten: b, announced: announced(key) });
        }
    };
    field("Entrypoint", "entrypoint", orig.entrypoint.to_string(), new.entrypoint.to_string());
    field("Cmd", "cmd", orig.cmd.to_string(), new.cmd.to_string());
    field("WorkingDir", "workdir", orig.workdir.clone(), new.workdir.clone());
    field("User", "user", orig.user.clone(), new.user.clone());
    for key in user_env {
        let a = orig.env.get(key).cloned().unwrap_or_default();
        let b = new.env.get(key).cloned().unwrap_or_default();
        field(&format!("Env {key}"), &format!("env:{key}"), a, b);
    }
    out.extend(compare_ports(orig, new, &announced));
    out
}

/// Exposed ports as a user sees them: every port the original declared must still be declared
/// (unless msify announced a port change, e.g. an unprivileged server on 8080), and a port the
/// rewrite adds must be one msify announced as inherited from the runtime base image.
fn compare_ports(orig: &ImageFacts, new: &ImageFacts, announced: &dyn Fn(&str) -> bool) -> Vec<ConfigChange> {
    if orig.exposed_ports == new.exposed_ports {
        return Vec::new();
    }
    let lost = orig.exposed_ports.iter().any(|p| !new.exposed_ports.contains(p));
    let added_unannounced = new.exposed_ports.iter().any(|p| !orig.exposed_ports.contains(p) && !announced(&format!("inherited-port:{p}")));
    vec![ConfigChange {
        field: "ExposedPorts".into(),
        original: orig.exposed_ports.join(" "),
        rewritten: new.exposed_ports.join(" "),
        announced: announced("ports") || (!lost && !added_unannounced),
    }]
}

pub fn report_text(r: &VerifyReport) -> String {
    let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
    let mut s = format!("verify {} ({}; {})\n", r.path, r.engine, r.builder);
    if let (Some(a), Some(b)) = (&r.original, &r.rewritten) {
        s.push_str(&format!("  original:  {:>10}, {} layers\n", mb(a.size_bytes), a.layers));
        s.push_str(&format!("  rewritten: {:>10}, {} layers ({:.1}% smaller)\n", mb(b.size_bytes), b.layers, r.size_reduction_percent.unwrap_or(0.0)));
    }
    if r.config_changes.is_empty() && r.rewritten.is_some() {
        s.push_str("  config: Entrypoint, Cmd, WorkingDir, User, ExposedPorts and the Dockerfile's ENV unchanged\n");
    }
    for c in &r.config_changes {
        s.push_str(&format!("  config: {} {} → {} ({})\n", c.field, c.original, c.rewritten, if c.announced { "announced by msify" } else { "NOT announced" }));
    }
    if let Some(sm) = &r.smoke {
        s.push_str(&format!("  smoke ({}): original {}; rewritten {}\n", sm.kind, sm.original, sm.rewritten));
        if sm.same_failure {
            s.push_str("  smoke: same behaviour: the rewrite fails exactly as the original does (check the original's own setup, e.g. a config file or a --smoke command)\n");
        }
    }
    for p in &r.problems {
        s.push_str(&format!("  problem: {p}\n"));
    }
    s.push_str(&format!("  result: {}\n", if r.passed { "PASS" } else { "FAIL" }));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(ports: &[&str]) -> ImageFacts {
        ImageFacts {
            size_bytes: 0,
            layers: 0,
            entrypoint: Value::Null,
            cmd: Value::Null,
            workdir: String::new(),
            user: String::new(),
            exposed_ports: ports.iter().map(|p| p.to_string()).collect(),
            env: BTreeMap::new(),
        }
    }

    fn judged(orig: &[&str], new: &[&str], changes: &[&str]) -> Option<bool> {
        let announced = |k: &str| changes.contains(&k);
        compare_ports(&image(orig), &image(new), &announced).first().map(|c| c.announced)
    }

    #[test]
    fn a_port_the_runtime_base_adds_passes_only_when_announced() {
        assert_eq!(judged(&["4173/tcp"], &["4173/tcp"], &[]), None, "unchanged ports are no change");
        assert_eq!(judged(&["4173/tcp"], &["4173/tcp", "80/tcp"], &["inherited-port:80/tcp"]), Some(true));
        assert_eq!(judged(&["4173/tcp"], &["4173/tcp", "80/tcp"], &[]), Some(false), "an unannounced extra port fails");
        assert_eq!(judged(&["4173/tcp"], &["80/tcp"], &["inherited-port:80/tcp"]), Some(false), "a declared port that vanished fails");
        assert_eq!(judged(&["3000/tcp"], &["8080/tcp"], &["ports"]), Some(true), "an announced port change passes");
    }
}
