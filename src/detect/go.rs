//! Go: `go.mod` (module, `go` directive), main packages (root or `cmd/<name>`), CGO use
//! (`import "C"`, sqlite3 drivers), vendoring. Facts: `module`, `main_packages`, `binary`,
//! `cgo` (`on`/`off`/`default`, refined by the Dockerfile in `enrich`), `vendor`,
//! `beside_executable`, `reads_relative` ([`super::relative_reads`]).

use crate::paths::Basename;
use super::repo::join;
use super::{line_of, Candidate, Confidence, Repo, Stack};

/// Go files are read only this far: the import block is at the top.
const IMPORT_PREFIX: u64 = 8 * 1024;
/// At most this many `.go` files are opened per main package when looking for `import "C"`.
const MAX_GO_FILES: usize = 32;

const CGO_MODULES: &[&str] = &["github.com/mattn/go-sqlite3", "github.com/confluentinc/confluent-kafka-go"];

/// Manifests of the GOPATH era (dep, glide, godep, govendor): a Go project without go.mod.
const GOPATH_MANIFESTS: &[&str] = &["Gopkg.toml", "glide.yaml", "Godeps/Godeps.json", "vendor/vendor.json"];

/// The module path a go.mod line declares (`module github.com/org/app`), quotes removed.
pub fn module_path(line: &str) -> Option<String> {
    line.trim().strip_prefix("module ").map(|m| m.trim().trim_matches('"').to_string())
}

/// The name Go gives the program of a package: the last element of its import path, a
/// major-version suffix skipped (`github.com/FactomProject/factom-cli/v2` → `factom-cli`,
/// `golang.org/x/tools/cmd/stringer@v0.1` → `stringer`).
pub fn program_name(import_path: &str) -> Option<String> {
    let path = import_path.split('@').next().unwrap_or(import_path).trim_end_matches('/');
    let is_major = |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|ch| ch.is_ascii_digit());
    path.rsplit('/').find(|s| !is_major(s)).filter(|s| !s.is_empty() && *s != "." && *s != "..").map(str::to_string)
}

pub fn detect(repo: &Repo, dir: &str) -> Option<Candidate> {
    let gomod_path = join(dir, "go.mod");
    let Some(gomod) = repo.read(&gomod_path) else { return gopath_era(repo, dir) };
    let mut c = Candidate::new(Stack::Go, dir);
    c.build_system = Some("go".into());
    c.confidence = Confidence::High;

    let mut module = None;
    for (i, line) in gomod.lines().enumerate() {
        let line = line.trim();
        if let Some(m) = module_path(line) {
            c.see(&gomod_path, Some(i + 1), format!("module {m}"));
            module = Some(m);
        } else if let Some(v) = line.strip_prefix("go ") {
            let v = super::version_digits(v, 2).unwrap_or_default();
            c.see(&gomod_path, Some(i + 1), format!("go directive {v}"));
            c.versions.insert("go".into(), v);
        }
    }
    if module.is_none() {
        c.warn(&gomod_path, None, "go.mod has no module line; is it malformed?");
        c.confidence = Confidence::Medium;
    }
    let module = module.unwrap_or_default();
    c.set("module", module.clone());

    // Main packages: the root, or each cmd/<name> that holds Go files.
    let mut mains = Vec::new();
    if repo.read_prefix(&join(dir, "main.go"), IMPORT_PREFIX).is_some_and(|t| t.contains("package main")) {
        mains.push(".".to_string());
        c.see(&join(dir, "main.go"), None, "package main at the module root");
    }
    for name in repo.list_dirs(&join(dir, "cmd")) {
        let pkg = join(&join(dir, "cmd"), &name);
        if !repo.names_matching(&pkg, |f| f.ends_with(".go")).is_empty() {
            mains.push(format!("./cmd/{name}"));
        }
    }
    if mains.iter().any(|m| m.starts_with("./cmd/")) {
        c.see(&join(dir, "cmd"), None, format!("main packages: {}", mains.join(", ")));
    }
    let binary = match mains.first().map(String::as_str) {
        Some(".") | None => program_name(&module).unwrap_or_default(),
        Some(m) => m.basename().to_string(),
    };
    c.set("main_packages", mains.join(" "));
    c.set("binary", if binary.is_empty() { "app".into() } else { binary.clone() });
    c.artifacts.push(binary);

    // CGO: a driver that needs it, or `import "C"` in a main package.
    let mut cgo = "default";
    for m in CGO_MODULES {
        if let Some(line) = line_of(&gomod, m) {
            c.see(&gomod_path, Some(line), format!("requires {m}, which needs CGO"));
            cgo = "on";
        }
    }
    if cgo != "on" {
        'scan: for pkg in mains.iter().map(|m| join(dir, m.trim_start_matches("./"))) {
            let pkg = if pkg.ends_with("/.") || pkg == "." { dir.to_string() } else { pkg };
            for f in repo.names_matching(&pkg, |f| f.ends_with(".go")).into_iter().take(MAX_GO_FILES) {
                let file = join(&pkg, &f);
                if let Some(text) = repo.read_prefix(&file, IMPORT_PREFIX) {
                    if let Some(line) = line_of(&text, "import \"C\"") {
                        c.see(&file, Some(line), "import \"C\": the program uses CGO");
                        cgo = "on";
                        break 'scan;
                    }
                }
            }
        }
    }
    c.set("cgo", cgo);
    let packages: Vec<String> = mains.iter().map(|m| if m == "." { dir.to_string() } else { join(dir, m.trim_start_matches("./")) }).collect();
    for pkg in &packages {
        beside_executable(repo, pkg, &mut c);
    }
    let packages = own_packages(repo, dir, Some(&module), packages);
    super::relative_reads::find(repo, dir, &packages, ".go", &mut c);
    if repo.exists(&join(dir, "vendor/modules.txt")) {
        c.set("vendor", "true");
        c.see(&join(dir, "vendor"), None, "dependencies are vendored");
    }
    Some(c)
}

/// A program that finds its files beside its own executable (`os.Executable()` in its
/// main.go: emitter reads and creates `emitter.conf` there): where the binary lives, and who
/// may write there, are part of how it runs. Fact `beside_executable` (the file and line).
fn beside_executable(repo: &Repo, pkg: &str, c: &mut Candidate) {
    let file = join(pkg.trim_end_matches("/."), "main.go");
    let Some(text) = repo.read_prefix(&file, 64 * 1024) else { return };
    if let Some(line) = line_of(&text, "os.Executable()") {
        c.see(&file, Some(line), "os.Executable(): the program looks for files beside its own binary");
        c.set("beside_executable", format!("{file}:{line}"));
    }
}

/// At most this many of the project's own packages are followed from its main packages.
const MAX_OWN_PACKAGES: usize = 64;

/// The project's own packages a program is built from: `mains` and, transitively, what they
/// import from the project — by the module path (`M/internal/http` → `internal/http`) or,
/// before modules, by an import path whose part after host, owner and repository is a package
/// directory of the project (cayley's `github.com/cayleygraph/cayley/internal/http`). A
/// program reads its data where its code is: cayley's web assets are looked up by its
/// `internal/http` package, not by its main package.
fn own_packages(repo: &Repo, dir: &str, module: Option<&str>, mains: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = mains.into_iter().filter(|pkg| !repo.names_matching(pkg, |f| f.ends_with(".go")).is_empty()).collect();
    let mut next = 0;
    while next < out.len() && out.len() < MAX_OWN_PACKAGES {
        let pkg = out[next].clone();
        next += 1;
        for f in repo.names_matching(&pkg, |f| f.ends_with(".go") && !f.ends_with("_test.go")).into_iter().take(MAX_GO_FILES) {
            let Some(text) = repo.read_prefix(&join(&pkg, &f), IMPORT_PREFIX) else { continue };
            for path in import_paths(&text) {
                let within = match module.filter(|m| !m.is_empty()) {
                    Some(m) => path.strip_prefix(m).and_then(|rest| rest.strip_prefix('/')),
                    None => path.splitn(4, '/').nth(3),
                };
                let Some(rel) = within.filter(|rel| !rel.starts_with("vendor/")) else { continue };
                let own = join(dir, rel);
                if !out.contains(&own) && !repo.names_matching(&own, |f| f.ends_with(".go")).is_empty() {
                    out.push(own);
                }
            }
        }
    }
    out
}

/// The vendored packages (`vendor/<import path>`) that the Go files at `dir` import directly.
fn vendored_imports(repo: &Repo, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in repo.names_matching(dir, |f| f.ends_with(".go") && !f.ends_with("_test.go")).into_iter().take(MAX_GO_FILES) {
        let Some(text) = repo.read_prefix(&join(dir, &f), IMPORT_PREFIX) else { continue };
        for path in import_paths(&text) {
            let vendored = join(dir, &format!("vendor/{path}"));
            if !out.contains(&vendored) && repo.is_dir(&vendored) {
                out.push(vendored);
            }
        }
    }
    out
}

/// The import paths of a Go file: `import "x"` and the lines of `import ( ... )`.
fn import_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines().map(str::trim) {
        let spec = if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("import") {
            let rest = rest.trim_start();
            if rest.starts_with('(') {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        // `alias "path"`, `_ "path"`, `"path" // comment`
        if let Some(path) = spec.split('"').nth(1).filter(|p| !p.is_empty()) {
            out.push(path.to_string());
        }
    }
    out
}

/// A Go project from before modules: no go.mod, but a GOPATH-era manifest, a `vendor/`
/// directory or Go files at its root. Built under $GOPATH/src; CGO as the golang image
/// defaults (on), refined by the Dockerfile.
fn gopath_era(repo: &Repo, dir: &str) -> Option<Candidate> {
    let manifest = GOPATH_MANIFESTS.iter().map(|m| join(dir, m)).find(|m| repo.exists(m));
    let go_files = repo.names_matching(dir, |f| f.ends_with(".go")).len();
    let vendor = repo.is_dir(&join(dir, "vendor"));
    if manifest.is_none() && go_files == 0 {
        return None;
    }
    let mut c = Candidate::new(Stack::Go, dir);
    c.build_system = Some("go".into());
    c.confidence = if manifest.is_some() || go_files > 0 { Confidence::Medium } else { Confidence::Low };
    match &manifest {
        Some(m) => c.see(m, None, "a GOPATH-era dependency manifest (no go.mod): built under $GOPATH/src"),
        None => c.see(dir, None, format!("{go_files} .go files and no go.mod: a GOPATH-era project, built under $GOPATH/src")),
    }
    c.set("gopath", "true");
    c.set("cgo", "default");
    beside_executable(repo, dir, &mut c);
    // The project's own packages may be vendored beside the others (prest's config package,
    // which defaults to `./prest.toml`): what the main package imports from vendor/ is read too.
    let commands = repo.list_dirs(&join(dir, "cmd")).into_iter().map(|name| join(&join(dir, "cmd"), &name));
    let mut packages = own_packages(repo, dir, None, std::iter::once(dir.to_string()).chain(commands).collect());
    packages.extend(vendored_imports(repo, dir));
    super::relative_reads::find(repo, dir, &packages, ".go", &mut c);
    if vendor {
        c.set("vendor", "true");
        c.see(&join(dir, "vendor"), None, "dependencies are vendored");
    }
    Some(c)
}

#[cfg(test)]
mod import_tests {
    use super::import_paths;

    #[test]
    fn imports_of_a_go_file() {
        let text = "package main\n\nimport \"fmt\"\nimport (\n\t\"net/http\"\n\tcfg \"github.com/prest/config\" // defaults\n\t_ \"github.com/lib/pq\"\n)\n\nfunc main() {}\n";
        assert_eq!(import_paths(text), ["fmt", "net/http", "github.com/prest/config", "github.com/lib/pq"]);
    }
}
