//! The smoke test: run both images the same way and compare. The rewrite passes when it does
//! what the test asks, or when it fails exactly as the original does (then it is not msify's
//! doing). Each runner also returns the container it started, for `docker diff` afterwards.

use super::engine::Engine;
use super::{http, interrupted, Smoke, VerifyOptions};
use std::time::{Duration, Instant};

/// The containers a smoke test started: (original's, rewrite's), for `docker diff`.
pub(super) type Started = (Option<String>, Option<String>);

/// Run both images the same way and compare. The rewrite passes when it does what the test
/// asks, or when it fails exactly as the original does (then it is not msify's doing).
pub(super) fn smoke(engine: &Engine, orig: &str, new: &str, opts: &VerifyOptions) -> (Smoke, Started) {
    if let Some(spec) = &opts.smoke_http {
        let (port, path) = match spec.split_once('/') {
            Some((p, rest)) => (p.to_string(), format!("/{rest}")),
            None => (spec.clone(), "/".to_string()),
        };
        let (a, ida) = http_status(engine, orig, &port, &path, opts.smoke_seconds);
        let (b, idb) = http_status(engine, new, &port, &path, opts.smoke_seconds);
        let show = |r: &Result<u16, String>| match r {
            Ok(code) => format!("HTTP {code}"),
            Err(e) => e.clone(),
        };
        let same_failure = a.is_err() && a == b;
        let passed = (b.is_ok() && a == b) || same_failure;
        return (Smoke { kind: format!("GET :{port}{path}"), original: show(&a), rewritten: show(&b), passed, same_failure }, (ida, idb));
    }
    if let Some(cmd) = &opts.smoke {
        let argv = crate::shell::words(cmd);
        let (a, ida) = run_to_end(engine, orig, &argv);
        let (b, idb) = run_to_end(engine, new, &argv);
        let show = |r: &Result<(i64, String), String>| match r {
            Ok((code, output)) => format!("exit {code}, output {:?}", output.chars().take(200).collect::<String>()),
            Err(e) => e.clone(),
        };
        let same = a.is_ok() && a == b;
        let same_failure = same && !matches!(&a, Ok((0, _)));
        return (Smoke { kind: format!("run `{cmd}`"), original: show(&a), rewritten: show(&b), passed: same, same_failure }, (ida, idb));
    }
    let (a, ida) = stays_up(engine, orig, opts.smoke_seconds);
    let (b, idb) = stays_up(engine, new, opts.smoke_seconds);
    let show = |r: &Result<String, String>| match r {
        Ok(s) | Err(s) => s.clone(),
    };
    let same_failure = a.is_err() && a == b;
    let kind = format!("own command, up {}s or exit 0", opts.smoke_seconds);
    (Smoke { kind, original: show(&a), rewritten: show(&b), passed: b.is_ok() || same_failure, same_failure }, (ida, idb))
}

/// The default smoke test: the container's own command stays up for `secs` or exits 0.
fn stays_up(engine: &Engine, tag: &str, secs: u64) -> (Result<String, String>, Option<String>) {
    let id = match engine.start(tag, None, &[]) {
        Ok(id) => id,
        Err(e) => return (Err(e), None),
    };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) && !interrupted() {
        let (running, code) = match engine.state(&id) {
            Ok(s) => s,
            Err(e) => return (Err(e), Some(id)),
        };
        if !running {
            let result = if code == 0 { Ok("exited 0".into()) } else { Err(format!("exited {code}: {}", tail(&engine.logs(&id)))) };
            return (result, Some(id));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    (Ok(format!("up after {secs}s")), Some(id))
}

fn run_to_end(engine: &Engine, tag: &str, argv: &[String]) -> (Result<(i64, String), String>, Option<String>) {
    let id = match engine.start(tag, None, argv) {
        Ok(id) => id,
        Err(e) => return (Err(e), None),
    };
    let start = Instant::now();
    loop {
        match engine.state(&id) {
            Ok((false, code)) => return (Ok((code, engine.logs(&id))), Some(id)),
            Ok(_) => {}
            Err(e) => return (Err(e), Some(id)),
        }
        if start.elapsed() > Duration::from_secs(120) || interrupted() {
            return (Err("still running after 120s".into()), Some(id));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn http_status(engine: &Engine, tag: &str, port: &str, path: &str, secs: u64) -> (Result<u16, String>, Option<String>) {
    let id = match engine.start(tag, Some(port), &[]) {
        Ok(id) => id,
        Err(e) => return (Err(e), None),
    };
    let Some(host_port) = engine.host_port(&id, port) else {
        // A container that exited at once has no ports: say why it stopped, not that the
        // port is wrong (a program that panics at start looked like a wrong --smoke-http).
        if let Ok((false, code)) = engine.state(&id) {
            return (Err(format!("exited {code} before answering: {}", tail(&engine.logs(&id)))), Some(id));
        }
        return (Err(format!("port {port} is not published (is it the port the app listens on?)")), Some(id));
    };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs.max(10)) && !interrupted() {
        if let Some(code) = http::status(host_port, path) {
            return (Ok(code), Some(id));
        }
        match engine.state(&id) {
            Ok((false, code)) => return (Err(format!("exited {code} before answering: {}", tail(&engine.logs(&id)))), Some(id)),
            Ok(_) => {}
            Err(e) => return (Err(e), Some(id)),
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    (Err(format!("no HTTP answer on {port} within {}s", secs.max(10))), Some(id))
}

/// The last lines a container printed; a Go panic's own message first (its stack trace fills
/// the last lines).
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let last = lines[lines.len().saturating_sub(3)..].join(" | ");
    match lines.iter().find(|l| l.starts_with("panic: ") || l.starts_with("fatal error: ")) {
        Some(panic) if !last.contains(panic) => format!("{panic} … {last}"),
        _ => last,
    }
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn a_go_panic_is_quoted_by_its_message() {
        let logs = "panic: html/template: pattern matches no files: `templates/*.html`\n\ngoroutine 1 [running]:\nhtml/template.Must(...)\n\t/usr/lib/go/src/html/template/template.go:368\nmain.main()\n\t/go/src/app/main.go:11 +0x3d\n";
        assert!(tail(logs).starts_with("panic: html/template: pattern matches no files"), "{}", tail(logs));
        assert_eq!(tail("starting\nlistening\nbye\n"), "starting | listening | bye");
    }
}
