//! Rust: `Cargo.toml` (package, `[[bin]]`, workspace members), `rust-toolchain[.toml]`, musl vs
//! glibc target, and native libraries the binary links at run time (OpenSSL, libpq).
//! Facts: `binaries` (space separated), `binary` (the first), `workspace`, `target` (a
//! `--target` triple from the Dockerfile), `links` (`ssl`, `pq`), `reads_relative`
//! ([`super::relative_reads`]).

use super::repo::join;
use super::{line_of, Candidate, Confidence, DockerfileSignals, Repo, Stack};

pub fn detect(repo: &Repo, dir: &str, signals: &DockerfileSignals) -> Option<Candidate> {
    let path = join(dir, "Cargo.toml");
    let text = repo.read(&path)?;
    let mut c = Candidate::new(Stack::Rust, dir);
    c.build_system = Some("cargo".into());
    c.confidence = Confidence::High;
    let manifest = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map(|s| super::line_at(&text, s.start));
            c.warn(&path, line, format!("Cargo.toml is not valid TOML: {}", e.message()));
            c.confidence = Confidence::Low;
            toml::Table::new()
        }
    };
    let mut bins = binaries(&manifest);
    if !bins.is_empty() {
        c.see(&path, line_of(&text, "[package]").or(line_of(&text, "[[bin]]")), format!("binaries: {}", bins.join(", ")));
    }
    if let Some(members) = manifest.get("workspace").and_then(|w| w.get("members")).and_then(|m| m.as_array()) {
        c.set("workspace", "true");
        let mut member_dirs = Vec::new();
        for m in members.iter().filter_map(|m| m.as_str()) {
            if let Some(prefix) = m.strip_suffix("/*") {
                member_dirs.extend(repo.list_dirs(&join(dir, prefix)).into_iter().map(|d| format!("{prefix}/{d}")));
            } else {
                member_dirs.push(m.to_string());
            }
        }
        c.see(&path, line_of(&text, "[workspace]"), format!("workspace members: {}", member_dirs.join(", ")));
        for m in member_dirs {
            let mpath = join(dir, &format!("{m}/Cargo.toml"));
            if let Some(t) = repo.read(&mpath).and_then(|t| t.parse::<toml::Table>().ok()) {
                let is_bin = repo.exists(&join(dir, &format!("{m}/src/main.rs"))) || t.contains_key("bin");
                if is_bin {
                    bins.extend(binaries(&t));
                }
            }
        }
    }
    bins.dedup();
    if let Some(first) = bins.first() {
        c.set("binary", first.clone());
        c.artifacts.push(format!("target/release/{first}"));
    }
    c.set("binaries", bins.join(" "));

    for f in ["rust-toolchain.toml", "rust-toolchain"] {
        if let Some(t) = repo.read(&join(dir, f)) {
            let channel = t.lines().find_map(|l| l.trim().strip_prefix("channel").map(|v| v.trim_start_matches([' ', '=']).trim_matches('"').to_string()))
                .unwrap_or_else(|| t.trim().to_string());
            c.see(&join(dir, f), None, format!("toolchain {channel}"));
            // `1.76.0` is a version; `nightly-2018-05-31` names a date, not one.
            if channel.starts_with(|ch: char| ch.is_ascii_digit()) {
                if let Some(v) = super::version_digits(&channel, 2) {
                    c.versions.insert("rust".into(), v);
                }
            }
        }
    }
    if let Some(r) = signals.run_with("--target") {
        if let Some(triple) = r.text.split_whitespace().skip_while(|w| *w != "--target").nth(1) {
            c.set("target", triple);
            c.see("Dockerfile", Some(r.line), format!("cross-compiles to {triple}"));
        }
    }
    // Run-time native libraries: the lockfile says which -sys crates are built in; without
    // one, the manifest's direct dependencies that always pull them in (`openssl`, `native-tls`
    // on Linux, `postgres`'s libpq binding `pq-sys`).
    let lock = repo.read(&join(dir, "Cargo.lock")).unwrap_or_default();
    let deps = direct_dependencies(&manifest);
    let mut links = Vec::new();
    // OpenSSL built from source into the binary (`features = ["vendored"]`, which the lockfile
    // shows as `openssl-src`) is no run-time library: trading-bot's binary needs no libssl.
    let vendored_ssl = lock.contains("name = \"openssl-src\"")
        || text.lines().any(|l| (l.trim_start().starts_with("openssl") || l.trim_start().starts_with("native-tls")) && l.contains("\"vendored\""));
    for (krate, lib, pulled_by) in [("openssl-sys", "ssl", &["openssl", "native-tls"][..]), ("pq-sys", "pq", &[][..])] {
        let direct = deps.iter().find(|d| *d == krate || pulled_by.contains(&d.as_str()));
        if lib == "ssl" && vendored_ssl {
            c.see(&path, line_of(&text, "vendored"), "OpenSSL is vendored: built from source into the binary, no run-time libssl");
            continue;
        }
        if lock.contains(&format!("name = \"{krate}\"")) || (lock.is_empty() && direct.is_some()) {
            links.push(lib);
            let (file, line) = if lock.is_empty() { (path.clone(), direct.and_then(|d| line_of(&text, d))) } else { (join(dir, "Cargo.lock"), line_of(&lock, &format!("name = \"{krate}\""))) };
            c.see(&file, line, format!("{krate}: links lib{lib} at run time"));
        }
    }
    c.set("links", links.join(" "));
    super::relative_reads::find(repo, dir, &[join(dir, "src")], ".rs", &mut c);
    super::relative_reads::framework_reads(repo, dir, &deps, (&path, &text), ".rs", &mut c);
    Some(c)
}

/// The names of the `[dependencies]` (and target-specific dependencies) a manifest declares.
fn direct_dependencies(manifest: &toml::Table) -> Vec<String> {
    let mut out: Vec<String> = manifest.get("dependencies").and_then(|d| d.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default();
    for target in manifest.get("target").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.values()) {
        out.extend(target.get("dependencies").and_then(|d| d.as_table()).into_iter().flat_map(|t| t.keys().cloned()));
    }
    out
}

/// The binaries a Cargo.toml's text declares (none when it does not parse).
pub fn binary_names(text: &str) -> Vec<String> {
    text.parse::<toml::Table>().map(|m| binaries(&m)).unwrap_or_default()
}

/// `[[bin]]` names, or the package name for a package with `src/main.rs`-style default binary.
fn binaries(manifest: &toml::Table) -> Vec<String> {
    let mut out: Vec<String> = manifest
        .get("bin")
        .and_then(|b| b.as_array())
        .map(|bins| bins.iter().filter_map(|b| b.get("name")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if out.is_empty() {
        if let Some(name) = manifest.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str()) {
            out.push(name.to_string());
        }
    }
    out
}
