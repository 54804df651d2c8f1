//! The Docker engine, through the `docker` CLI (BuildKit; `--builder` goes through buildx).
//! Every call has a time limit, so a missing or stuck engine is an error, never a hang.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Engine {
    pub docker: PathBuf,
    pub builder: Option<String>,
    /// Label put on everything verify creates, so cleanup finds it.
    pub label: String,
}

/// What a finished command printed.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Engine {
    pub fn new(builder: Option<String>, label: String) -> Self {
        let docker = std::env::var_os("MSIFY_DOCKER").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("docker"));
        Engine { docker, builder, label }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.docker);
        c.env("DOCKER_BUILDKIT", "1").stdin(Stdio::null());
        c
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

    pub fn build(&self, dockerfile: &Path, context: &Path, tag: &str, limit: Duration) -> Result<(), String> {
        let df = dockerfile.to_string_lossy();
        let ctx = context.to_string_lossy();
        let label = format!("msify.verify={}", self.label);
        let pid_label = format!("msify.verify.pid={}", std::process::id());
        let mut args: Vec<&str> = Vec::new();
        if let Some(b) = &self.builder {
            args.extend(["buildx", "build", "--builder", b, "--load"]);
        } else {
            args.push("build");
        }
        args.extend(["--progress=plain", "-f", &df, "-t", tag, "--label", &label, "--label", &pid_label, &ctx]);
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
