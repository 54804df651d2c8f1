//! Programs an app's own sources run at run time: clair's updater calls `utils.Exec(dir, "git",
//! "pull")`, so the `git` its Dockerfile installs is the app's, not only the build's; repo2docker
//! clones with `cmd = ['git', 'clone', ...]`, so the `git` its full python image ships must be in
//! the runtime too. Read from the Go, Rust and Python sources in the build context (not vendored
//! code, not tests, not setup.py): a line that calls a process-starting function
//! (`exec.Command`, `Command::new`, `subprocess.run`, a helper named `Exec`/`Run`...) with a
//! string literal, and in Python an argument list written out (`['git', 'clone'`).

use crate::paths::Basename;
use std::path::Path;

/// A call that starts a program named by a literal: where it is, which program.
#[derive(Clone, Debug)]
pub(crate) struct SourceExec {
    pub program: String,
    /// Context-relative file and 1-based line.
    pub file: String,
    pub line: usize,
}

/// Bounds on what is read: a large repository's sources, not all of them (of a file, its start).
const MAX_FILES: usize = 4000;
const MAX_FILE_BYTES: u64 = 512 * 1024;
const MAX_DEPTH: usize = 8;

/// Names of calls that start a process.
const CALLS: &[&str] = &["exec.Command(", "exec.CommandContext(", "Command::new(", "Exec(", "ExecCommand(", "RunCommand(", "runCommand(", "execCommand("];

/// The literal-program calls in the sources of the app's own language (a Go app's Python
/// build scripts do not run in its image).
pub(crate) fn source_execs_of(context: &Path, stack: crate::detect::Stack) -> Vec<SourceExec> {
    let Some(ext) = source_extension(stack) else { return Vec::new() };
    source_execs(context).into_iter().filter(|e| e.file.ends_with(ext)).collect()
}

/// The extension of a stack's own source files, for the stacks whose sources are read.
fn source_extension(stack: crate::detect::Stack) -> Option<&'static str> {
    use crate::detect::Stack;
    match stack {
        Stack::Go => Some(".go"),
        Stack::Rust => Some(".rs"),
        Stack::Python => Some(".py"),
        _ => None,
    }
}

/// Programs the PyPI packages a Python app depends on start at run time (GitPython runs
/// `git`; knowledge `[[python_package]]`), as (program, why): the app runs them as surely as
/// if its own sources did. Read from the manifests of the app's directory `dir`.
pub(crate) fn dependency_execs(context: &Path, dir: &str, knowledge: &crate::templates::knowledge::Knowledge) -> Vec<(String, String)> {
    let repo = crate::detect::Repo::new(context);
    let mut out = Vec::new();
    for package in &knowledge.python_packages {
        if let Some(file) = crate::detect::python::manifest_naming(&repo, dir, &package.name.to_lowercase()) {
            out.extend(package.runs.iter().map(|program| (program.clone(), format!("{} (a dependency in {file}) runs", package.name))));
        }
    }
    out
}

/// What the context's Go, Rust and Python sources say about run time, read in one walk once
/// per context: the programs they run and the absolute paths they name.
#[derive(Clone, Debug, Default)]
struct SourceFacts {
    execs: Vec<SourceExec>,
    paths: Vec<NamedPath>,
}

fn source_facts(context: &Path) -> SourceFacts {
    crate::fsview::memo("what the sources run and name", context, || {
        let mut facts = SourceFacts::default();
        let mut files = 0;
        walk(context, "", 0, &mut files, &mut facts);
        facts
    })
}

/// Every literal-program call in the context's Go, Rust and Python sources.
fn source_execs(context: &Path) -> Vec<SourceExec> {
    source_facts(context).execs
}

/// An absolute path a compiled program's sources name in a string literal (go-bouncer:
/// `versionFilePath = "/app/version.json"`), with where: the program reads it by that path
/// wherever it runs.
#[derive(Clone, Debug)]
pub(crate) struct NamedPath {
    pub path: String,
    /// Context-relative file and 1-based line.
    pub file: String,
    pub line: usize,
}

/// The absolute paths the context's Go or Rust sources name (the same files, bounds and
/// exclusions as the programs they run, read in the same walk).
pub(crate) fn absolute_paths_named(context: &Path, stack: crate::detect::Stack) -> Vec<NamedPath> {
    // Python sources are not read for paths (read_absolute_paths).
    let Some(ext) = source_extension(stack) else { return Vec::new() };
    source_facts(context).paths.into_iter().filter(|n| n.file.ends_with(ext)).collect()
}

/// Literals that are absolute paths of two components or more (`/app/version.json`; not an
/// HTTP route like `/health`, not a format string, a pattern or a URL).
fn read_absolute_paths(file: &str, text: &str, out: &mut Vec<NamedPath>) {
    if file.ends_with(".py") {
        return;
    }
    for (line, literal) in crate::detect::relative_reads::path_literals(text) {
        let plain = literal.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if plain && literal.starts_with('/') && !literal.contains("//") && literal.trim_matches('/').split('/').count() >= 2 {
            out.push(NamedPath { path: literal, file: file.to_string(), line });
        }
    }
}

/// The directory listings and file reads go through the run's file-system view, which
/// detection has already filled for the same context.
fn walk(root: &Path, rel: &str, depth: usize, files: &mut usize, facts: &mut SourceFacts) {
    let Some(entries) = crate::fsview::list(&root.join(rel)) else { return };
    for (name, kind) in entries.iter() {
        let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        match kind {
            crate::fsview::Kind::Dir => {
                if depth < MAX_DEPTH && !name.starts_with('.') && !crate::detect::SKIPPED_DIRS.contains(&name.as_str()) && !matches!(name.as_str(), "testdata" | "tests" | "examples" | "benches") {
                    walk(root, &path, depth + 1, files, facts);
                }
            }
            crate::fsview::Kind::File if is_app_source(name) => {
                *files += 1;
                if *files > MAX_FILES {
                    return;
                }
                if let Some(text) = crate::fsview::read_prefix(&root.join(&path), MAX_FILE_BYTES) {
                    read_file(&path, &text, &mut facts.execs);
                    read_absolute_paths(&path, &text, &mut facts.paths);
                }
            }
            _ => {}
        }
    }
}

/// Go, Rust and Python sources of the app itself: not tests, not the packaging script.
fn is_app_source(name: &str) -> bool {
    let go = name.ends_with(".go") && !name.ends_with("_test.go") && !for_another_os(name);
    let python = name.ends_with(".py") && !name.starts_with("test_") && !name.ends_with("_test.py") && !matches!(name, "setup.py" | "conftest.py" | "versioneer.py");
    go || name.ends_with(".rs") || python
}

/// A Go file built only for another operating system (`root_darwin.go`, `exec_windows_amd64.go`):
/// what it runs never runs in a Linux image (cfssl's `security` is macOS's keychain tool).
fn for_another_os(name: &str) -> bool {
    const OTHER_OS: &[&str] = &["darwin", "windows", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos", "plan9", "aix", "ios", "android", "js", "wasip1"];
    let stem = name.trim_end_matches(".go");
    let mut parts = stem.rsplit('_');
    let last = parts.next().unwrap_or("");
    let before = parts.next().unwrap_or("");
    const ARCH: &[&str] = &["386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"];
    OTHER_OS.contains(&last) || (ARCH.contains(&last) && OTHER_OS.contains(&before))
}

fn read_file(file: &str, text: &str, out: &mut Vec<SourceExec>) {
    if file.ends_with(".py") {
        return read_python(file, text, out);
    }
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let Some(at) = CALLS.iter().filter_map(|c| code.find(c).map(|p| p + c.len())).min() else { continue };
        // The first string literal among the call's arguments names the program.
        let args = &code[at..];
        let Some(open) = args.find('"') else { continue };
        let Some(len) = args[open + 1..].find('"') else { continue };
        let program = &args[open + 1..open + 1 + len];
        if !program.is_empty() && program.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')) {
            let program = program.basename().to_string();
            out.push(SourceExec { program, file: file.to_string(), line: i + 1 });
        }
    }
}

/// Python calls that start a process; their first string literal names the program
/// (`subprocess.check_call(["git", ...])`, `os.system("convert ...")`).
const PYTHON_CALLS: &[&str] = &["subprocess.", "check_call(", "check_output(", "Popen(", "os.system(", "os.popen("];

/// A Python line that starts a process, or that writes an argument list out: a list literal of
/// at least two strings whose first is a program's name (`cmd = ['git', 'clone', '--depth']`,
/// later handed to a helper).
fn read_python(file: &str, text: &str, out: &mut Vec<SourceExec>) {
    for (i, line) in text.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        let program = match PYTHON_CALLS.iter().filter_map(|c| code.find(c).map(|p| p + c.len())).min() {
            Some(at) => first_literal(&code[at..]).map(|(word, _)| word.split_whitespace().next().unwrap_or("").to_string()),
            None => argv_list(code),
        };
        let Some(program) = program.filter(|p| is_program_name(p)) else { continue };
        out.push(SourceExec { program: program.basename().to_string(), file: file.to_string(), line: i + 1 });
    }
}

/// The first string literal of `code` (either quote) and what follows it.
fn first_literal(code: &str) -> Option<(&str, &str)> {
    let open = code.find(['"', '\''])?;
    let quote = code[open..].chars().next()?;
    let len = code[open + 1..].find(quote)?;
    Some((&code[open + 1..open + 1 + len], &code[open + 2 + len..]))
}

/// `['git', 'clone'`: a list literal opening with two strings; the first names the program.
fn argv_list(code: &str) -> Option<String> {
    let at = code.find('[')?;
    let rest = code[at + 1..].trim_start();
    if !rest.starts_with(['"', '\'']) {
        return None;
    }
    let (program, after) = first_literal(rest)?;
    after.trim_start().strip_prefix(',')?.trim_start().starts_with(['"', '\'']).then(|| program.to_string())
}

fn is_program_name(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('-') && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_for_another_os_are_not_the_apps() {
        assert!(!is_app_source("root_darwin.go"));
        assert!(!is_app_source("exec_windows_amd64.go"));
        assert!(is_app_source("root_linux.go"));
        assert!(is_app_source("sync.go"));
        assert!(is_app_source("js_handler.go"), "a name part, not a GOOS suffix");
        assert!(is_app_source("open_js_view.go"));
    }

    #[test]
    fn literal_programs_of_process_calls() {
        let mut out = Vec::new();
        read_file("a.go", "out, err := utils.Exec(f.repositoryLocalPath, \"git\", \"pull\")\ncmd := exec.Command(\"/usr/bin/rpm\", \"-qa\")\n// exec.Command(\"curl\")\nfmt.Println(\"git\")\nexec.Command(name)\n", &mut out);
        let found: Vec<(&str, usize)> = out.iter().map(|e| (e.program.as_str(), e.line)).collect();
        assert_eq!(found, [("git", 1), ("rpm", 2)]);
        let mut out = Vec::new();
        read_file("src/main.rs", "let st = std::process::Command::new(\"fortune\").arg(\"-s\").output()?;", &mut out);
        assert_eq!(out[0].program, "fortune");
    }

    #[test]
    fn absolute_paths_not_routes_urls_or_patterns() {
        let mut out = Vec::new();
        let text = "const versionFilePath = \"/app/version.json\"\nhttp.HandleFunc(\"/__version__\", h)\nr.Get(\"/api/v1/items\", h)\nu := \"https://example.com/a/b\"\nf := fmt.Sprintf(\"/data/%s.db\", n)\n// x := \"/etc/app/conf.yml\"\n";
        read_absolute_paths("main.go", text, &mut out);
        let found: Vec<(&str, usize)> = out.iter().map(|n| (n.path.as_str(), n.line)).collect();
        // `/api/v1/items` is kept: only the build context can tell a route from a file.
        assert_eq!(found, [("/app/version.json", 1), ("/api/v1/items", 3)]);
    }

    #[test]
    fn python_process_calls_and_argument_lists() {
        let mut out = Vec::new();
        let text = "cmd = ['git', 'clone', '--recursive']\nsubprocess.check_call([\"/usr/bin/convert\", src, dst])\nos.system(\"ffmpeg -i a.mp4 b.webm\")\nnames = ['alice']\nflags = ['-v', '-q']\n# cmd = ['curl', '-s']\nx = d['key']\nsubprocess.run(args)\n";
        read_file("app/tasks.py", text, &mut out);
        let found: Vec<(&str, usize)> = out.iter().map(|e| (e.program.as_str(), e.line)).collect();
        assert_eq!(found, [("git", 1), ("convert", 2), ("ffmpeg", 3)]);
        assert!(!is_app_source("setup.py") && !is_app_source("test_app.py") && is_app_source("app.py"));
    }
}
