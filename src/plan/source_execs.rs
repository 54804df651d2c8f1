//! Programs a compiled app's own sources run at run time: clair's updater calls
//! `utils.Exec(dir, "git", "pull")`, so the `git` its Dockerfile installs is the app's, not only
//! the build's. Read from the Go and Rust sources in the build context (not vendored code, not
//! tests): each line that calls a process-starting function (`exec.Command`, `Command::new`, a
//! helper named `Exec`/`Run`...) with a string literal.

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

/// Every literal-program call in the context's Go and Rust sources (read once per context).
pub(crate) fn source_execs(context: &Path) -> Vec<SourceExec> {
    crate::fsview::memo("programs the sources run", context, || {
        let mut out = Vec::new();
        let mut files = 0;
        walk(context, "", 0, &mut files, &mut out);
        out
    })
}

/// The directory listings and file reads go through the run's file-system view, which
/// detection has already filled for the same context.
fn walk(root: &Path, rel: &str, depth: usize, files: &mut usize, out: &mut Vec<SourceExec>) {
    let Some(entries) = crate::fsview::list(&root.join(rel)) else { return };
    for (name, kind) in entries.iter() {
        let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        match kind {
            crate::fsview::Kind::Dir => {
                if depth < MAX_DEPTH && !name.starts_with('.') && !crate::detect::SKIPPED_DIRS.contains(&name.as_str()) && !matches!(name.as_str(), "testdata" | "tests" | "examples" | "benches") {
                    walk(root, &path, depth + 1, files, out);
                }
            }
            crate::fsview::Kind::File if name.ends_with(".go") && !name.ends_with("_test.go") || name.ends_with(".rs") => {
                *files += 1;
                if *files > MAX_FILES {
                    return;
                }
                if let Some(text) = crate::fsview::read_prefix(&root.join(&path), MAX_FILE_BYTES) {
                    read_file(&path, &text, out);
                }
            }
            _ => {}
        }
    }
}

fn read_file(file: &str, text: &str, out: &mut Vec<SourceExec>) {
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let Some(at) = CALLS.iter().filter_map(|c| code.find(c).map(|p| p + c.len())).min() else { continue };
        // The first string literal among the call's arguments names the program.
        let args = &code[at..];
        let Some(open) = args.find('"') else { continue };
        let Some(len) = args[open + 1..].find('"') else { continue };
        let program = &args[open + 1..open + 1 + len];
        if !program.is_empty() && program.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')) {
            let program = program.rsplit('/').next().unwrap_or(program).to_string();
            out.push(SourceExec { program, file: file.to_string(), line: i + 1 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
