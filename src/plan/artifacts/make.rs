//! What a `make` RUN builds (`RUN make PREFIX=/go clean binaries`): the Makefile's rules for
//! its goals (read by [`crate::detect::makefile`]), the `go build`/`go install` lines they run,
//! and where a `cp`/`mv`/`install` in the same recipes puts what they built. A path that depends
//! on what msify cannot know (`$(shell git describe)`) is a refusal naming the Makefile line.

use crate::paths::Basename;
use super::{go_binaries, run_env, Binary, View};
use crate::detect::makefile::{self, Invocation, UNKNOWN};
use crate::model::{join_path, Step};
use crate::plan::Refusal;

/// How the RUN called make: its directory (`-C`), Makefile (`-f`), `VAR=value` overrides and goals.
struct Call {
    dir: String,
    file: Option<String>,
    overrides: Vec<(String, String)>,
    goals: Vec<String>,
}

fn call(words: &[String], workdir: &str) -> Call {
    let mut c = Call { dir: workdir.to_string(), file: None, overrides: Vec::new(), goals: Vec::new() };
    let mut args = words.iter().skip(1).peekable();
    while let Some(a) = args.next() {
        if let Some(d) = a.strip_prefix("--directory=").or_else(|| a.strip_prefix("-C").filter(|d| !d.is_empty())) {
            c.dir = join_path(&c.dir, d);
        } else if a == "-C" {
            c.dir = join_path(&c.dir, args.next().map_or("", String::as_str));
        } else if let Some(f) = a.strip_prefix("--file=").or_else(|| a.strip_prefix("--makefile=")).or_else(|| a.strip_prefix("-f").filter(|f| !f.is_empty())) {
            c.file = Some(f.to_string());
        } else if a == "-f" {
            c.file = args.next().cloned();
        } else if a == "-j" || a == "-l" {
            args.next_if(|n| n.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
        } else if a.starts_with('-') {
            // Other flags (-s, -k, -B, -j4) change nothing msify reads.
        } else if let Some((k, v)) = a.split_once('=').filter(|(k, _)| crate::shell::is_name(k)) {
            c.overrides.push((k.to_string(), v.to_string()));
        } else {
            c.goals.push(a.clone());
        }
    }
    c
}

/// The refusal for a `make` whose Makefile msify read and whose goals' recipes run no Go build
/// it can follow (a build script, a package pattern with no main package in the context).
pub(super) fn builds_nothing(step: &Step, words: &[String]) -> Refusal {
    Refusal::at(Some(step.line), format!("line {} runs `{}`, and the Makefile's recipes for it run no `go build`/`go install` msify can follow (a build script, or a package pattern with no main package in the build context); build the program with `go build -o <path>` in a RUN to have it copied", step.line, words.join(" ")))
}

/// Runs the `make` command of `step` on `made` (what earlier make steps built): adds the
/// programs its recipes build, moves what they copy or install, drops what they remove.
/// Whether it built or moved anything.
pub(super) fn run(view: &View, step: &Step, words: &[String], made: &mut Vec<Binary>) -> Result<bool, Refusal> {
    let workdir = step.before.workdir.clone();
    let how = call(&words.iter().map(|w| view.resolve(w)).collect::<Vec<_>>(), &workdir);
    let names: Vec<String> = match &how.file {
        Some(f) => vec![f.clone()],
        None => ["GNUmakefile", "makefile", "Makefile"].map(String::from).to_vec(),
    };
    let Some((path, text)) = names.iter().map(|n| join_path(&how.dir, n)).find_map(|p| view.script_text(&p).map(|t| (p, t))) else {
        return Err(Refusal::at(Some(step.line), format!("line {} builds with `make`, but no Makefile in {} comes from the build context for msify to read; build the program with `go build -o <path>` in a RUN to have it copied", step.line, how.dir)));
    };
    let local = run_env(step);
    let env = |k: &str| local.get(k).cloned().or_else(|| step.before.value(k));
    let read = |p: &str| view.script_text(p);
    let invocation = Invocation { goals: how.goals, overrides: how.overrides, curdir: &how.dir, env: &env, read: &read };
    let before = made.clone();
    let mut dirs: Vec<String> = Vec::new();
    for recipe in makefile::recipe_lines(&text, &invocation) {
        let mut cwd = how.dir.clone();
        for c in crate::shell::commands(&recipe.text).iter() {
            match c.program() {
                "cd" => cwd = join_path(&cwd, c.args().first().map_or("/", String::as_str)),
                "mkdir" => dirs.extend(c.args().iter().filter(|a| !a.starts_with('-')).map(|a| join_path(&cwd, a))),
                "rm" => {
                    let gone: Vec<String> = c.args().iter().filter(|a| !a.starts_with('-')).map(|a| join_path(&cwd, a)).collect();
                    made.retain(|b| !gone.iter().any(|g| crate::model::is_within(&b.path, g)));
                }
                "cp" | "mv" | "install" => follow_copy(c, &cwd, made, &mut dirs),
                _ => {
                    // The command's own `GOBIN=... go install` over what make exports.
                    let env: Vec<(String, String)> = recipe.env.iter().chain(&c.assignments).cloned().collect();
                    for b in go_binaries(view, step, &c.words, &cwd, &env) {
                        if b.path.contains(UNKNOWN) {
                            let set = match recipe.unknown.first() {
                                Some(var) => format!("set {var} on make's command line (RUN make {var}=<path> ...)"),
                                None => "name the output path on make's command line".to_string(),
                            };
                            return Err(Refusal::at(Some(step.line), format!("line {} builds with `make`, and {path} line {} writes the program to a path msify cannot work out (`{}`: it depends on a `$(shell ...)` or on a condition msify cannot decide); {set}, or build with `go build -o <path>` in a RUN", step.line, recipe.line, recipe.text.replace(UNKNOWN, "?"))));
                        }
                        made.retain(|f| f.path != b.path);
                        made.push(b);
                    }
                }
            }
        }
    }
    for b in made.iter_mut() {
        b.path = view.follow_moves(&b.path);
        b.name = b.path.basename().to_string();
    }
    Ok(*made != before)
}

/// `cp bin/app /usr/local/bin/`, `install -m 0755 bin/app $(PREFIX)/bin`: a built program now
/// (also) at the destination, which is where it is run from. `install -d`/`mkdir` make directories.
fn follow_copy(c: &crate::shell::Command, cwd: &str, made: &mut [Binary], dirs: &mut Vec<String>) {
    let mut operands: Vec<String> = Vec::new();
    let mut target_dir = None;
    let mut make_dirs = false;
    let mut args = c.args().iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-t" | "--target-directory" => target_dir = args.next().map(|d| join_path(cwd, d)),
            "-m" | "-o" | "-g" | "--mode" | "--owner" | "--group" if c.program() == "install" => {
                args.next();
            }
            "-d" | "--directory" if c.program() == "install" => make_dirs = true,
            _ if a.starts_with('-') => {}
            _ => operands.push(join_path(cwd, a)),
        }
    }
    if make_dirs {
        dirs.extend(operands);
        return;
    }
    let explicit_dir = target_dir.is_some();
    let (dest, sources) = match target_dir {
        Some(d) => (d, operands.as_slice()),
        None => match operands.split_last() {
            Some((d, s)) => (d.clone(), s),
            None => return,
        },
    };
    let into_dir = explicit_dir || sources.len() > 1 || c.args().last().is_some_and(|a| a.ends_with('/')) || dirs.contains(&dest) || matches!(dest.basename(), "bin" | "sbin");
    for b in made.iter_mut().filter(|b| sources.contains(&b.path)) {
        b.path = if into_dir { join_path(&dest, &b.name) } else { dest.clone() };
        b.name = b.path.basename().to_string();
    }
}
