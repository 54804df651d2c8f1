//! Files a compiled program reads relative to its working directory: `template.ParseGlob(
//! "template/*")` and `http.Dir("static")` in a Go main package, `Files::new("/", "./static")`
//! in a Rust server. The image ran it where `COPY . .` had put the whole project; a runtime
//! that gets only the binary starts, then panics or serves nothing (IBM/Golang's tutorial app).
//!
//! Read from the program's string literals: one whose first path component names an entry of
//! the project directory that is not source (a `.go`/`.rs` file, a Go package, `vendor/`,
//! manifests). Copying a directory the program does not read costs only its size; missing one
//! it reads breaks the container, so a literal that merely looks like a path is enough.

use super::repo::{join, Repo};
use super::Candidate;

/// Source files are read only this far, and only this many per package.
const SOURCE_PREFIX: u64 = 64 * 1024;
const MAX_FILES: usize = 32;

/// Entries of a project that are its sources or build files, never data the program reads.
/// Test fixtures (`testdata`, `tests`) too: only tests read them.
const NOT_DATA: &[&str] = &[
    "vendor", "cmd", "internal", "pkg", "src", "target", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "Dockerfile", "Makefile", ".git", ".github", "node_modules", "test", "tests", "testdata",
    "benches", "examples",
];

/// Files a framework reads from the working directory without the program naming them:
/// (dependency, entries). Rocket loads `Rocket.toml` from the working directory, and its
/// template fairing (`rocket_dyn_templates`, `rocket_contrib`'s templates) renders from
/// `templates/` there unless Rocket.toml says otherwise (kinesis-api's welcome page).
const FRAMEWORK_READS: &[(&str, &[&str])] = &[("rocket", &["Rocket.toml"]), ("rocket_dyn_templates", &["templates"]), ("rocket_contrib", &["templates"])];

/// Add to `reads_relative` the entries of the project that a framework among the program's
/// direct dependencies (`deps`, named in the manifest: its path and text) reads from its
/// working directory.
pub fn framework_reads(repo: &Repo, project: &str, deps: &[String], (manifest, text): (&str, &str), ext: &str, c: &mut Candidate) {
    let entries = repo.list(project);
    let mut located: Vec<String> = c.fact("reads_relative").unwrap_or("").split_whitespace().map(str::to_string).collect();
    for (dep, reads) in FRAMEWORK_READS.iter().filter(|(d, _)| deps.iter().any(|x| x == d)) {
        for name in reads.iter().filter(|n| entries.iter().any(|e| e == *n) && is_data(repo, project, n, ext)) {
            if located.iter().any(|l| l.split('@').next() == Some(*name)) {
                continue;
            }
            let line = text.lines().position(|l| l.trim_start().starts_with(dep)).map(|i| i + 1);
            c.see(manifest, line, format!("{dep} reads {name} from the program's working directory"));
            located.push(format!("{name}@{manifest}:{}", line.unwrap_or(1)));
        }
    }
    if !located.is_empty() {
        c.set("reads_relative", located.join(" "));
    }
}

/// Record the project entries the program's sources in `packages` (directories relative to the
/// repository, `ext` their source extension) name by a relative path: fact `reads_relative`
/// (space-separated `name@file:line`) with one piece of evidence per name.
pub fn find(repo: &Repo, project: &str, packages: &[String], ext: &str, c: &mut Candidate) {
    let entries = repo.list(project);
    let mut found: Vec<String> = Vec::new();
    let mut located: Vec<String> = Vec::new();
    for pkg in packages {
        for f in repo.names_matching(pkg, |f| f.ends_with(ext) && !f.ends_with(&format!("_test{ext}"))).into_iter().take(MAX_FILES) {
            let file = join(pkg, &f);
            let Some(text) = repo.read_prefix(&file, SOURCE_PREFIX) else { continue };
            // A `go run`-only generator (`//go:build ignore`) is no part of the program.
            if text.contains("//go:build ignore") || text.contains("// +build ignore") {
                continue;
            }
            for (line, literal) in path_literals(&text) {
                // A vendored package is any project's: only an explicit `./prest.toml` says it
                // reads this one's working directory (capnslog's "NOTICE" is a log level).
                if vendored(project, pkg) && !literal.starts_with("./") {
                    continue;
                }
                let Some(name) = first_component(&literal) else { continue };
                // `ui/dist` that the build makes is its output, not data the project holds.
                let held = repo.exists(&join(project, &existing_part(&literal)));
                if found.iter().any(|n| n == name) || !entries.iter().any(|e| e == name) || !held || !is_data(repo, project, name, ext) {
                    continue;
                }
                c.see(&file, Some(line), format!("\"{literal}\": the program reads {name} relative to its working directory"));
                found.push(name.to_string());
                located.push(format!("{name}@{file}:{line}"));
            }
        }
    }
    if !found.is_empty() {
        c.set("reads_relative", located.join(" "));
    }
}

/// Whether a package directory is vendored into the project (`vendor/github.com/...`).
fn vendored(project: &str, pkg: &str) -> bool {
    pkg.strip_prefix(project).unwrap_or(pkg).trim_start_matches('/').starts_with("vendor/")
}

/// The first component of a relative path literal (`./static/css` → `static`, `template/*` →
/// `template`); none for absolute paths, URLs, format strings and words with spaces.
fn first_component(literal: &str) -> Option<&str> {
    let path = literal.trim_start_matches("./");
    if path.is_empty() || path.starts_with('/') || path.contains("://") || path.contains(['%', ' ', '{', '$', '\\', ':']) {
        return None;
    }
    let name = path.split('/').next().unwrap_or("");
    (!name.is_empty() && name != "." && name != ".." && !name.contains(['*', '?', '['])).then_some(name)
}

/// The literal's path up to its first pattern component (`template/*` → `template`).
fn existing_part(literal: &str) -> String {
    let parts: Vec<&str> = literal.trim_start_matches("./").split('/').take_while(|c| !c.contains(['*', '?', '['])).filter(|c| !c.is_empty()).collect();
    parts.join("/")
}

/// Whether a project entry is data rather than source: not a source file, not a build file,
/// not a directory of sources (a Go package, a Rust module directory, a workspace's crates).
fn is_data(repo: &Repo, project: &str, name: &str, ext: &str) -> bool {
    if NOT_DATA.contains(&name) || name.ends_with(ext) {
        return false;
    }
    let path = join(project, name);
    if !repo.is_dir(&path) {
        return true;
    }
    let sources = |dir: &str| !repo.names_matching(dir, |f| f.ends_with(ext) || f == "Cargo.toml" || f == "go.mod").is_empty();
    !sources(&path) && !repo.list_dirs(&path).iter().any(|d| sources(&join(&path, d)))
}

/// The double-quoted string literals of a source text with their line, outside comments, Go
/// import declarations (an import path is no file), Go raw strings on the line (struct tags)
/// and Rust's test module (from `#[cfg(test)]` on, by convention the end of a file).
pub(crate) fn path_literals(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_imports = false;
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("").trim();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if in_imports {
            in_imports = !code.starts_with(')');
            continue;
        }
        if code.starts_with("import") {
            in_imports = code.ends_with('(');
            continue;
        }
        // Go's raw strings hold struct tags (`json:"data"`), no paths the program opens.
        let code: String = code.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = code.as_str();
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else { break };
            out.push((i + 1, after[..end].to_string()));
            rest = &after[end + 1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_outside_imports_and_comments() {
        let go = "package main\n\nimport (\n\t\"html/template\"\n\t\"net/http\"\n)\n\n// \"docs\" are not read\nfunc main() {\n\tt := template.Must(template.ParseGlob(\"template/*\"))\n\thttp.Handle(\"/static/\", http.FileServer(http.Dir(\"static\")))\n}\n";
        let found: Vec<(usize, String)> = path_literals(go);
        assert_eq!(found, [(10, "template/*".to_string()), (11, "/static/".to_string()), (11, "static".to_string())]);
        let tagged = "type result struct {\n\tData interface{} `json:\"data\"`\n\tDir string `default:\"x\"` // \"y\"\n}\nvar dirs = []string{\"templates\"}\n";
        assert_eq!(path_literals(tagged), [(5, "templates".to_string())]);
        let rust = "fn main() {\n    Files::new(\"/\", \"./static\");\n}\n#[cfg(test)]\nmod tests {\n    const F: &str = \"fixtures/a.json\";\n}\n";
        assert_eq!(path_literals(rust), [(2, "/".to_string()), (2, "./static".to_string())]);
        assert_eq!(existing_part("./template/*.html"), "template");
        assert_eq!(existing_part("ui/dist"), "ui/dist");
    }

    #[test]
    fn relative_paths_only() {
        assert_eq!(first_component("template/*"), Some("template"));
        assert_eq!(first_component("./static/css/main.css"), Some("static"));
        assert_eq!(first_component("config.yaml"), Some("config.yaml"));
        for not in ["/static/", "https://x.org/a", "%s/%d", "listening on :8080", "*.html", "..", "", "${DIR}/x"] {
            assert_eq!(first_component(not), None, "{not}");
        }
    }
}
