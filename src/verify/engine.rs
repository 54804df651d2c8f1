//! The Docker engine, through the `docker` CLI. How it builds is found once per run
//! ([`Engine::probe_builder`]): buildx when the CLI has it, else the CLI's own BuildKit client
//! (CLIs before 23), else the legacy builder for files that need no BuildKit feature. A CLI
//! without buildx must not make a user's Dockerfile look broken, so what fails in the probe is
//! the engine's problem and what fails after it is the file's.
//! Every call has a time limit, so a missing or stuck engine is an error, never a hang.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Engine {
    pub docker: PathBuf,
    pub builder: Builder,
    /// Label put on everything verify creates, so cleanup finds it.
    pub label: String,
}

/// How images are built on this machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Builder {
    /// `docker buildx build --load`, with `--builder NAME` when the user named one.
    Buildx(Option<String>),
    /// `docker build` with `DOCKER_BUILDKIT=1`: CLIs before 23 carry a BuildKit client.
    Classic,
    /// `docker build` with `DOCKER_BUILDKIT=0`: the deprecated builder, only for files that use
    /// no BuildKit feature.
    Legacy,
}

impl Builder {
    pub fn describe(&self) -> String {
        match self {
            Builder::Buildx(Some(b)) => format!("docker buildx build --builder {b}"),
            Builder::Buildx(None) => "docker buildx build".into(),
            Builder::Classic => "docker build with BuildKit (DOCKER_BUILDKIT=1)".into(),
            Builder::Legacy => "docker build with the legacy builder (this docker CLI has no buildx)".into(),
        }
    }
}

/// What the buildx plugin is called where people install it.
const INSTALL_BUILDX: &str = "install the buildx plugin (docker-buildx-plugin from Docker's packages, docker-buildx on Debian), or set MSIFY_DOCKER to a docker CLI that has it";

/// Lines of a failed build that mean the engine or the CLI failed, not the Dockerfile.
const ENGINE_FAILURES: &[&str] = &[
    "buildx component is missing",
    "Cannot connect to the Docker daemon",
    "error during connect",
    "is not a docker command",
    "no space left on device",
];

/// The engine-side reason a build failed, if its log shows one.
pub fn engine_failure(log: &str) -> Option<String> {
    log.lines().find(|l| ENGINE_FAILURES.iter().any(|m| l.contains(m))).map(|l| l.trim().to_string())
}

/// What a finished command printed.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Engine {
    /// An engine whose builder is not probed yet (BuildKit through the CLI is assumed).
    pub fn new(label: String) -> Self {
        let docker = std::env::var_os("MSIFY_DOCKER").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("docker"));
        Engine { docker, builder: Builder::Classic, label }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.docker);
        c.env("DOCKER_BUILDKIT", if self.builder == Builder::Legacy { "0" } else { "1" }).stdin(Stdio::null());
        c
    }

    /// Find how this machine builds, once: buildx if the CLI has it; else the CLI's BuildKit
    /// client, tried on a one-line Dockerfile; else the legacy builder, unless `needs_buildkit`
    /// names a BuildKit feature the files use. `Err` says what to install.
    pub fn probe_builder(&mut self, requested: Option<String>, needs_buildkit: Option<&str>, scratch: &Path) -> Result<(), String> {
        let docker = self.docker.display().to_string();
        if self.run(&["buildx", "version"], Duration::from_secs(15))?.ok {
            self.builder = Builder::Buildx(requested);
            return Ok(());
        }
        if let Some(b) = requested {
            return Err(format!("--builder {b} needs docker buildx, which {docker} does not have: {INSTALL_BUILDX}; or drop --builder"));
        }
        let dir = scratch.join("probe");
        std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(dir.join("Dockerfile"), "FROM scratch\nLABEL msify.probe=1\n")).map_err(|e| format!("cannot write the probe Dockerfile in {}: {e}", dir.display()))?;
        self.builder = Builder::Classic;
        let buildkit = self.build(&dir.join("Dockerfile"), &dir, None, Duration::from_secs(120));
        let Err(why) = buildkit else { return Ok(()) };
        let why = engine_failure(&why).unwrap_or_else(|| why.lines().last().unwrap_or("").trim().to_string());
        if let Some(feature) = needs_buildkit {
            return Err(format!("{docker} cannot build with BuildKit ({why}), and {feature} needs it: {INSTALL_BUILDX}"));
        }
        self.builder = Builder::Legacy;
        self.build(&dir.join("Dockerfile"), &dir, None, Duration::from_secs(120))
            .map_err(|legacy| format!("{docker} builds neither with BuildKit ({why}) nor with the legacy builder ({}): {INSTALL_BUILDX}", legacy.lines().last().unwrap_or("").trim()))
    }

    /// Run a docker command with a time limit; `Err` when it could not start, timed out, or
    /// Ctrl-C was pressed.
    pub fn run(&self, args: &[&str], limit: Duration) -> Result<Ran, String> {
        self.run_inner(args, limit, true)
    }

    /// As [`Engine::run`], but Ctrl-C does not stop it: for the cleanup that Ctrl-C triggers.
    fn run_to_completion(&self, args: &[&str], limit: Duration) -> Result<Ran, String> {
        self.run_inner(args, limit, false)
    }

    fn run_inner(&self, args: &[&str], limit: Duration, interruptible: bool) -> Result<Ran, String> {
        let mut child = self.command().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot run {}: {e}", self.docker.display()))?;
        let mut out = child.stdout.take().expect("piped");
        let mut err = child.stderr.take().expect("piped");
        let out_reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = out.read_to_string(&mut s);
            s
        });
        let err_reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if start.elapsed() > limit || (interruptible && super::interrupted()) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`docker {}` did not finish within {}s", args.first().unwrap_or(&""), limit.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        Ok(Ran { ok: status.success(), stdout: out_reader.join().unwrap_or_default(), stderr: err_reader.join().unwrap_or_default() })
    }

    /// The server version, or why no engine answers.
    pub fn server_version(&self) -> Result<String, String> {
        let ran = self.run(&["version", "--format", "{{.Server.Version}}"], Duration::from_secs(15))?;
        let v = ran.stdout.trim().to_string();
        if ran.ok && !v.is_empty() {
            Ok(v)
        } else {
            Err(ran.stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("no answer").to_string())
        }
    }

    /// Build `dockerfile`, tagged `tag` (untagged: the image is found by its label).
    pub fn build(&self, dockerfile: &Path, context: &Path, tag: Option<&str>, limit: Duration) -> Result<(), String> {
        let df = dockerfile.to_string_lossy();
        let ctx = context.to_string_lossy();
        let label = format!("msify.verify={}", self.label);
        let pid_label = format!("msify.verify.pid={}", std::process::id());
        let mut args: Vec<&str> = Vec::new();
        match &self.builder {
            Builder::Buildx(Some(b)) => args.extend(["buildx", "build", "--builder", b, "--load", "--progress=plain"]),
            Builder::Buildx(None) => args.extend(["buildx", "build", "--load", "--progress=plain"]),
            Builder::Classic => args.extend(["build", "--progress=plain"]),
            // The legacy builder has no --progress.
            Builder::Legacy => args.push("build"),
        }
        args.extend(["-f", &df]);
        if let Some(tag) = tag {
            args.extend(["-t", tag]);
        }
        args.extend(["--label", &label, "--label", &pid_label, &ctx]);
        let ran = self.run(&args, limit)?;
        if ran.ok {
            Ok(())
        } else {
            let log: Vec<&str> = ran.stderr.lines().chain(ran.stdout.lines()).collect();
            Err(log[log.len().saturating_sub(15)..].join("\n"))
        }
    }

    pub fn inspect(&self, tag: &str) -> Result<serde_json::Value, String> {
        let ran = self.run(&["image", "inspect", tag], Duration::from_secs(30))?;
        let v: serde_json::Value = serde_json::from_str(&ran.stdout).map_err(|e| format!("docker image inspect: {e}"))?;
        v.get(0).cloned().ok_or_else(|| format!("no image {tag}"))
    }

    /// Start a container in the background; returns its id.
    pub fn start(&self, tag: &str, publish: Option<&str>, command: &[String]) -> Result<String, String> {
        let label = format!("msify.verify={}", self.label);
        let pid_label = format!("msify.verify.pid={}", std::process::id());
        let mut args: Vec<&str> = vec!["run", "-d", "--label", &label, "--label", &pid_label];
        let publish_arg;
        if let Some(p) = publish {
            publish_arg = format!("127.0.0.1::{p}");
            args.extend(["-p", &publish_arg]);
        }
        args.push(tag);
        args.extend(command.iter().map(String::as_str));
        let ran = self.run(&args, Duration::from_secs(60))?;
        if ran.ok {
            Ok(ran.stdout.trim().to_string())
        } else {
            Err(ran.stderr.trim().to_string())
        }
    }

    /// (running, exit code) of a container.
    pub fn state(&self, id: &str) -> Result<(bool, i64), String> {
        let ran = self.run(&["inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}", id], Duration::from_secs(15))?;
        let mut parts = ran.stdout.split_whitespace();
        let running = parts.next() == Some("true");
        let code = parts.next().and_then(|c| c.parse().ok()).unwrap_or(-1);
        Ok((running, code))
    }

    pub fn logs(&self, id: &str) -> String {
        self.run(&["logs", id], Duration::from_secs(15)).map(|r| format!("{}{}", r.stdout, r.stderr)).unwrap_or_default()
    }

    /// The host port published for a container port.
    pub fn host_port(&self, id: &str, port: &str) -> Option<u16> {
        let ran = self.run(&["port", id, port], Duration::from_secs(15)).ok()?;
        ran.stdout.lines().next()?.rsplit(':').next()?.trim().parse().ok()
    }

    /// The paths a container added or changed (`A` and `C` lines of `docker diff`).
    pub fn written_paths(&self, id: &str) -> Result<Vec<String>, String> {
        let ran = self.run(&["diff", id], Duration::from_secs(30))?;
        if !ran.ok {
            return Err(ran.stderr.trim().to_string());
        }
        Ok(ran.stdout.lines().filter_map(|l| l.strip_prefix("A ").or_else(|| l.strip_prefix("C "))).map(|p| p.trim().to_string()).collect())
    }

    /// Which of `paths` the image's own user cannot write; for a path that does not exist, its
    /// nearest existing parent decides. `Err` when the image has no `sh` to ask (distroless).
    pub fn unwritable(&self, tag: &str, paths: &[String]) -> Result<Vec<String>, String> {
        const ASK: &str = r#"for p; do d=$p; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; [ -w "$d" ] || echo "$p"; done"#;
        let label = format!("msify.verify={}", self.label);
        let mut args: Vec<&str> = vec!["run", "--rm", "--label", &label, "--entrypoint", "sh", tag, "-c", ASK, "sh"];
        args.extend(paths.iter().map(String::as_str));
        let ran = self.run(&args, Duration::from_secs(60))?;
        if ran.ok {
            Ok(ran.stdout.lines().map(str::to_string).filter(|l| !l.is_empty()).collect())
        } else {
            Err(ran.stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("no answer").trim().to_string())
        }
    }

    /// Remove every container and image carrying this run's label.
    pub fn cleanup(&self) {
        let filter = format!("label=msify.verify={}", self.label);
        if let Ok(r) = self.run_to_completion(&["ps", "-aq", "--filter", &filter], Duration::from_secs(30)) {
            let ids: Vec<&str> = r.stdout.split_whitespace().collect();
            if !ids.is_empty() {
                let mut args = vec!["rm", "-f"];
                args.extend(ids);
                let _ = self.run_to_completion(&args, Duration::from_secs(60));
            }
        }
        if let Ok(r) = self.run_to_completion(&["images", "-q", "--filter", &filter], Duration::from_secs(30)) {
            let mut ids: Vec<&str> = r.stdout.split_whitespace().collect();
            ids.dedup();
            if !ids.is_empty() {
                let mut args = vec!["rmi", "-f"];
                args.extend(ids);
                let _ = self.run_to_completion(&args, Duration::from_secs(120));
            }
        }
    }
}
