//! A walk over the single stage: for each instruction, where it is, what WORKDIR and environment
//! were in force, and which comment lines belong to it (the contiguous comments right above it,
//! which travel with it when it moves).

use crate::detect::dockerfile_signals::env_pairs;
use crate::syntax::{Dockerfile, Form, Instruction, ItemKind};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub item: usize,
    /// First item of the comment block attached to this instruction (== `item` when none).
    pub first_item: usize,
    pub ins: &'a Instruction,
    pub kw: String,
    /// WORKDIR in force when this instruction runs (absolute, variables substituted when known).
    pub workdir: String,
}

#[derive(Debug)]
pub struct StageView<'a> {
    pub df: &'a Dockerfile,
    pub from_item: usize,
    pub steps: Vec<Step<'a>>,
    /// Values known at the end of the stage: ENV values and ARG defaults.
    pub vars: BTreeMap<String, String>,
    /// Global ARGs (before FROM): name → default.
    pub global_args: BTreeMap<String, String>,
    pub final_workdir: String,
}

impl<'a> StageView<'a> {
    pub fn new(df: &'a Dockerfile, from_item: usize) -> Self {
        let mut global_args = BTreeMap::new();
        for i in df.global_args() {
            if let ItemKind::Instruction(ins) = &df.items[i].kind {
                for w in ins.words(df.escape) {
                    let (k, v) = w.text.split_once('=').unwrap_or((w.text.as_str(), ""));
                    global_args.insert(k.to_string(), unquote(v));
                }
            }
        }
        let mut vars: BTreeMap<String, String> = BTreeMap::new();
        // The base image's own WORKDIR is where relative paths start (golang: /go).
        let mut workdir = match &df.items[from_item].kind {
            ItemKind::Instruction(ins) => ins.from_info().map(|f| default_workdir(&f.image)).unwrap_or("/"),
            _ => "/",
        }
        .to_string();
        let mut steps = Vec::new();
        let mut comment_start: Option<usize> = None;
        for (i, item) in df.items.iter().enumerate().skip(from_item + 1) {
            let ins = match &item.kind {
                ItemKind::Comment => {
                    comment_start.get_or_insert(i);
                    continue;
                }
                ItemKind::Instruction(ins) => ins,
                _ => {
                    comment_start = None;
                    continue;
                }
            };
            let kw = ins.keyword.to_ascii_lowercase();
            let first_item = comment_start.take().unwrap_or(i);
            if kw == "workdir" {
                let target = substitute(ins.args.trim(), &vars, &global_args);
                workdir = join_path(&workdir, &unquote(&target));
            }
            steps.push(Step { item: i, first_item, ins, kw: kw.clone(), workdir: workdir.clone() });
            match kw.as_str() {
                "env" => {
                    for (k, v) in env_pairs(&ins.args, df.escape) {
                        let v = substitute(&v, &vars, &global_args);
                        vars.insert(k, v);
                    }
                }
                "arg" => {
                    for w in ins.words(df.escape) {
                        match w.text.split_once('=') {
                            Some((k, v)) => {
                                vars.entry(k.to_string()).or_insert_with(|| unquote(v));
                            }
                            None => {
                                if let Some(v) = global_args.get(&w.text) {
                                    vars.entry(w.text.clone()).or_insert_with(|| v.clone());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        StageView { df, from_item, steps, vars, global_args, final_workdir: workdir }
    }

    pub fn of(&self, kw: &str) -> impl Iterator<Item = &Step<'a>> {
        let kw = kw.to_string();
        self.steps.iter().filter(move |s| s.kw == kw)
    }

    /// The command text of a RUN (exec form joined, heredoc bodies appended).
    pub fn run_text(&self, step: &Step) -> String {
        let mut text = match &step.ins.form {
            Form::Exec(argv) => argv.join(" "),
            Form::Shell => step.ins.args.clone(),
        };
        for h in &step.ins.heredocs {
            text.push('\n');
            text.push_str(self.df.slice(h.body));
        }
        text
    }

    /// Sources and resolved destination of a COPY/ADD from the build context or an image (not
    /// another stage), in shell or exec form; `None` for heredoc sources or a malformed line.
    pub fn copy_parts(&self, step: &Step) -> Option<CopyParts> {
        if !matches!(step.kw.as_str(), "copy" | "add") {
            return None;
        }
        let words: Vec<String> = match &step.ins.form {
            Form::Exec(argv) => argv.clone(),
            Form::Shell => step.ins.words(self.df.escape).into_iter().map(|w| w.text).collect(),
        };
        if words.len() < 2 || words.iter().any(|w| w.starts_with("<<")) {
            return None;
        }
        let (sources, dest) = words.split_at(words.len() - 1);
        let dest_raw = dest[0].clone();
        Some(CopyParts { dest: join_path(&step.workdir, &self.resolve(&dest_raw)), dest_raw, sources: sources.to_vec() })
    }

    /// Substitute known variables into `text`.
    pub fn resolve(&self, text: &str) -> String {
        substitute(text, &self.vars, &self.global_args)
    }
}

/// What a COPY/ADD reads and where it writes.
#[derive(Debug, Clone)]
pub struct CopyParts {
    pub sources: Vec<String>,
    /// The destination as written (`./`, `.`, `/etc/app/`).
    pub dest_raw: String,
    /// The destination resolved through WORKDIR and known variables.
    pub dest: String,
}

impl CopyParts {
    /// Where a source lands: inside the destination when it is a directory (`dir/`, `.`, or
    /// several sources), else the destination itself.
    pub fn target_of(&self, source: &str) -> String {
        let base = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
        if self.dest_raw.ends_with('/') || self.dest_raw == "." || self.sources.len() > 1 {
            format!("{}/{base}", self.dest.trim_end_matches('/'))
        } else {
            self.dest.clone()
        }
    }
}

/// Whether `path` is `dir` or inside it (`/app2` is not inside `/app`).
pub fn is_within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
}

/// The WORKDIR an official toolchain image sets itself (`golang` works in `/go`).
pub fn default_workdir(image: &crate::syntax::ImageRef) -> &'static str {
    match image.short_name() {
        "golang" => "/go",
        _ => "/",
    }
}

/// The argv a CMD/ENTRYPOINT runs: exec form as is; shell form split into words (run by `sh -c`).
pub fn command_words(ins: &Instruction) -> (Vec<String>, bool) {
    match &ins.form {
        Form::Exec(argv) => (argv.clone(), false),
        Form::Shell => (shell_words(&ins.args), true),
    }
}

/// Whitespace words with surrounding quotes removed (enough to read commands, not a shell).
pub fn shell_words(text: &str) -> Vec<String> {
    crate::syntax::split_words(text, '\\').into_iter().map(|w| unquote(&w.text)).collect()
}

/// Simple commands of a shell text: split at `&&`, `||`, `;`, `|` and newlines.
pub fn shell_commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for part in text.split(['\n', ';']) {
        for seg in part.split("&&").flat_map(|s| s.split("||")).flat_map(|s| s.split('|')) {
            let words = shell_words(seg);
            if !words.is_empty() {
                out.push(words);
            }
        }
    }
    out
}

pub fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// `$NAME` and `${NAME}` (also `${NAME:-default}`) replaced where the value is known.
pub fn substitute(text: &str, vars: &BTreeMap<String, String>, globals: &BTreeMap<String, String>) -> String {
    let lookup = |name: &str| vars.get(name).or_else(|| globals.get(name)).filter(|v| !v.is_empty()).cloned();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(inner) = after.strip_prefix('{') {
            if let Some(end) = inner.find('}') {
                let expr = &inner[..end];
                let (name, default) = match expr.split_once(":-") {
                    Some((n, d)) => (n, Some(d)),
                    None => (expr, None),
                };
                match lookup(name).or(default.map(str::to_string)) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[at..at + 2 + end + 1]),
                }
                rest = &inner[end + 1..];
                continue;
            }
        }
        let len = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
        match lookup(&after[..len]) {
            Some(v) if len > 0 => out.push_str(&v),
            _ => out.push_str(&rest[at..at + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// `base` joined with `path` (absolute paths replace), `.`/`..` folded, no trailing slash.
pub fn join_path(base: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{}/{}", base.trim_end_matches('/'), path) };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Names referenced as `$NAME` / `${NAME...}` in a text.
pub fn referenced_vars(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        let after = &rest[at + 1..];
        let name: String = after.trim_start_matches('{').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_variables() {
        assert_eq!(join_path("/app", "sub/../bin/"), "/app/bin");
        assert_eq!(join_path("/app", "/srv"), "/srv");
        assert_eq!(join_path("/", "."), "/");
        let vars = BTreeMap::from([("HOME".to_string(), "/home/app".to_string())]);
        assert_eq!(substitute("${HOME}/x $HOME ${NOPE:-d} $UNSET", &vars, &BTreeMap::new()), "/home/app/x /home/app d $UNSET");
        assert_eq!(referenced_vars("EXPOSE ${PORT} $X/y"), ["PORT", "X"]);
    }

    #[test]
    fn within_is_by_path_component() {
        assert!(is_within("/app/x", "/app") && is_within("/app", "/app/") && is_within("/x", "/"));
        assert!(!is_within("/app2", "/app"));
    }

    #[test]
    fn commands_split_at_operators() {
        let c = shell_commands("CGO_ENABLED=0 go build -o /app/x . && echo \"done\" | tee log");
        assert_eq!(c[0], ["CGO_ENABLED=0", "go", "build", "-o", "/app/x", "."]);
        assert_eq!(c[1], ["echo", "done"]);
    }
}
