//! GNU make, read as far as a Dockerfile's `RUN make <goals>` needs: which shell command lines
//! the goals run, in order. Legacy Go images build with `make PREFIX=/go binaries` and start the
//! program a rule's `go build -o $@` wrote (docker/distribution); without reading the Makefile
//! msify cannot say where that is.
//!
//! Read: variable assignments (`=`, `:=`, `::=`, `?=`, `+=`, with `export`/`override`),
//! command-line overrides over the Makefile over the environment, rules with prerequisites and
//! recipes (tab lines and `target: ; command`), pattern rules (`bin/%:` with `$*`), the automatic
//! variables `$@ $< $^ $* $(@D) $(@F)`, `$(CURDIR)`, `$(MAKE) goal` in a recipe, conditionals, a
//! few functions (`shell pwd`, `shell uname`, `shell go env GOPATH`, `notdir`, `dir`, `subst`, `addprefix`, ...) and
//! `include` of a file the caller can read. What the reader cannot know (another `$(shell ...)`,
//! `$(wildcard ...)`, a condition on it) expands to [`UNKNOWN`], so a caller that needs the value
//! — the binary's path — can tell, and say so, instead of guessing.

use crate::paths::Basename;
use std::collections::{BTreeMap, BTreeSet};

/// Stands for text the reader cannot know; it survives expansion and concatenation.
pub const UNKNOWN: &str = "\u{1}?\u{1}";

/// One command line a goal runs: its expanded text and the Makefile line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeLine {
    pub target: String,
    pub line: usize,
    pub text: String,
    /// The variables the line names whose values the reader cannot know (`BIN_DIR` set by a
    /// condition on `$(shell go env GOARCH)`): what a user could set on make's command line.
    pub unknown: Vec<String>,
    /// What make puts in the line's environment besides what it inherits: the variables set on
    /// its command line and the ones the Makefile exports (`export GOBIN := $(CURDIR)/bin`,
    /// which `go install` reads).
    pub env: Vec<(String, String)>,
}

/// How `make` was called: goals (none: the default goal), `VAR=value` arguments, the directory
/// it runs in, the environment it inherits, and a reader for `include`d files (by path).
pub struct Invocation<'a> {
    pub goals: Vec<String>,
    pub overrides: Vec<(String, String)>,
    pub curdir: &'a str,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub read: &'a dyn Fn(&str) -> Option<String>,
}

/// The command lines `make` runs for the invocation's goals, prerequisites first.
pub fn recipe_lines(text: &str, how: &Invocation) -> Vec<RecipeLine> {
    let mut make = Make { how, vars: BTreeMap::new(), rules: Vec::new(), default_goal: None, expanding: std::cell::Cell::new(0) };
    make.read(text, 0);
    let goals: Vec<String> = if how.goals.is_empty() { make.default_goal.clone().into_iter().collect() } else { how.goals.clone() };
    let mut run = Run { out: Vec::new(), done: BTreeSet::new() };
    for goal in goals {
        make.build(&goal, &mut run, 0);
    }
    run.out
}

/// A variable: its text and whether it is expanded where it is used (`=`) or was already (`:=`).
#[derive(Clone)]
struct Var {
    value: String,
    recursive: bool,
    exported: bool,
}

struct Rule {
    targets: Vec<String>,
    prerequisites: Vec<String>,
    recipe: Vec<(usize, String)>,
}

struct Make<'m, 'a> {
    how: &'m Invocation<'a>,
    vars: BTreeMap<String, Var>,
    rules: Vec<Rule>,
    default_goal: Option<String>,
    /// How deep recursive variables are being expanded: `A = $(A) x` (an error to make) stops
    /// at [`UNKNOWN`] instead of overflowing the stack.
    expanding: std::cell::Cell<usize>,
}

struct Run {
    out: Vec<RecipeLine>,
    done: BTreeSet<String>,
}

/// The logical lines of a Makefile: (first line number, text), continuations joined. Recipe
/// lines keep their leading tab.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (first, mut joined) = match pending.take() {
            Some((n, s)) => {
                let mut s = s.trim_end().to_string();
                s.push(' ');
                s.push_str(raw.trim_start());
                (n, s)
            }
            None => (i + 1, raw.to_string()),
        };
        let backslashes = joined.chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 1 {
            joined.pop();
            pending = Some((first, joined));
        } else {
            out.push((first, joined));
        }
    }
    out.extend(pending);
    out
}

/// The text before a `#` that starts a comment (not `\#`).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || b[i - 1] != b'\\')).map_or(line, |i| &line[..i])
}

/// Where a line's `:` (rule) or assignment operator is, outside `$(...)`.
enum LineKind {
    Assign { name: String, op: &'static str, value: String },
    Rule { targets: String, rest: String },
    Other,
}

fn classify(line: &str) -> LineKind {
    let b = line.as_bytes();
    let mut depth = 0usize;
    for i in 0..b.len() {
        match b[i] {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            b'=' => {
                let (op, start) = match i.checked_sub(1).map(|j| b[j]) {
                    Some(b'?') => ("?=", i - 1),
                    Some(b'+') => ("+=", i - 1),
                    Some(b'!') => ("!=", i - 1),
                    Some(b':') if i >= 2 && b[i - 2] == b':' => (":=", i - 2),
                    Some(b':') => (":=", i - 1),
                    _ => ("=", i),
                };
                let name = line[..start].trim();
                let name = name.strip_prefix("export ").or_else(|| name.strip_prefix("override ")).unwrap_or(name).trim();
                return LineKind::Assign { name: name.to_string(), op, value: line[i + 1..].trim_start().to_string() };
            }
            b':' if b.get(i + 1) == Some(&b'=') || (b.get(i + 1) == Some(&b':') && b.get(i + 2) == Some(&b'=')) => {}
            b':' => {
                let rest = line[i + 1..].strip_prefix(':').unwrap_or(&line[i + 1..]);
                // `target: VAR = value` sets a variable for that target only; not read.
                if matches!(classify(rest), LineKind::Assign { .. }) && !rest.contains(';') {
                    return LineKind::Other;
                }
                return LineKind::Rule { targets: line[..i].to_string(), rest: rest.to_string() };
            }
            _ => {}
        }
    }
    LineKind::Other
}

/// The automatic variables of one rule's recipe.
#[derive(Default)]
struct Auto {
    target: String,
    prerequisites: Vec<String>,
    stem: String,
}

impl<'m, 'a> Make<'m, 'a> {
    fn read(&mut self, text: &str, depth: usize) {
        // Each open conditional: whether its current branch is read, and whether an earlier
        // branch was taken (None: the reader cannot tell).
        let mut conds: Vec<(Option<bool>, Option<bool>)> = Vec::new();
        let mut current: Option<usize> = None;
        // `define NAME` ... `endef`: a multi-line variable (help texts, canned recipes), whose
        // lines are not rules.
        let mut defining: Option<(String, Vec<String>)> = None;
        for (line, raw) in logical_lines(text) {
            if let Some((name, body)) = &mut defining {
                if raw.trim() == "endef" {
                    let value = body.join("\n");
                    let name = std::mem::take(name);
                    defining = None;
                    if active(&conds) != Some(false) {
                        self.assign(name, "=", &value, active(&conds).is_none());
                    }
                } else {
                    body.push(raw);
                }
                continue;
            }
            let head = raw.trim_start();
            if let Some(name) = head.strip_prefix("define ").or_else(|| head.strip_prefix("export define ")).or_else(|| head.strip_prefix("override define ")) {
                let name = name.trim().trim_end_matches(['=', ':', '!', '?', '+']).trim().to_string();
                defining = Some((name, Vec::new()));
                current = None;
                continue;
            }
            if let Some(command) = raw.strip_prefix('\t') {
                if let (Some(r), true) = (current, active(&conds) != Some(false)) {
                    let text = if active(&conds).is_none() { UNKNOWN.to_string() } else { command.to_string() };
                    self.rules[r].recipe.push((line, text));
                }
                continue;
            }
            let text = strip_comment(&raw).trim();
            if text.is_empty() {
                continue;
            }
            let (word, arg) = text.split_once(char::is_whitespace).map_or((text, ""), |(w, a)| (w, a.trim()));
            match word {
                "ifdef" | "ifndef" | "ifeq" | "ifneq" => {
                    let holds = if active(&conds) == Some(false) { Some(false) } else { self.condition(word, arg) };
                    conds.push((holds, holds));
                    continue;
                }
                "else" => {
                    if let Some((taken, any)) = conds.last_mut() {
                        let (w, a) = arg.split_once(char::is_whitespace).map_or((arg, ""), |(w, a)| (w, a.trim()));
                        let this = if arg.is_empty() { Some(true) } else { self.condition(w, a) };
                        *taken = match *any {
                            Some(true) => Some(false),
                            Some(false) => this,
                            None => None,
                        };
                        *any = match (*any, this) {
                            (Some(true), _) | (_, Some(true)) => Some(true),
                            (Some(false), t) => t,
                            (None, _) => None,
                        };
                    }
                    continue;
                }
                "endif" => {
                    conds.pop();
                    continue;
                }
                _ => {}
            }
            let state = active(&conds);
            if state == Some(false) {
                continue;
            }
            if word == "export" && !arg.contains('=') && !arg.contains(':') {
                for name in arg.split_whitespace() {
                    if let Some(v) = self.vars.get_mut(name) {
                        v.exported = true;
                    }
                }
                continue;
            }
            if matches!(word, "include" | "-include" | "sinclude") {
                for file in self.expand(arg, &Auto::default()).split_whitespace() {
                    let path = crate::model::join_path(self.how.curdir, file);
                    if let Some(included) = (self.how.read)(&path).filter(|_| depth < 8) {
                        self.read(&included, depth + 1);
                    }
                }
                continue;
            }
            match classify(text) {
                LineKind::Assign { name, op, value } => {
                    let exported = text.starts_with("export ");
                    let name = self.expand(&name, &Auto::default());
                    self.assign(name.clone(), op, &value, state.is_none());
                    if let Some(v) = self.vars.get_mut(&name).filter(|_| exported) {
                        v.exported = true;
                    }
                    current = None;
                }
                LineKind::Rule { targets, rest } => {
                    let targets: Vec<String> = self.expand(&targets, &Auto::default()).split_whitespace().map(str::to_string).collect();
                    let (prereqs, inline) = rest.split_once(';').map_or((rest.as_str(), None), |(p, r)| (p, Some(r.trim().to_string())));
                    let prerequisites = self.expand(prereqs, &Auto::default()).split_whitespace().filter(|p| *p != "|").map(str::to_string).collect();
                    if self.default_goal.is_none() {
                        self.default_goal = targets.iter().find(|t| !t.starts_with('.') && !t.contains('%')).cloned();
                    }
                    let mut recipe = Vec::new();
                    if let Some(r) = inline.filter(|r| !r.is_empty()) {
                        recipe.push((line, if state.is_none() { UNKNOWN.to_string() } else { r }));
                    }
                    self.rules.push(Rule { targets, prerequisites, recipe });
                    current = Some(self.rules.len() - 1);
                }
                LineKind::Other => current = None,
            }
        }
    }

    fn assign(&mut self, name: String, op: &str, value: &str, uncertain: bool) {
        if self.how.overrides.iter().any(|(k, _)| *k == name) {
            return;
        }
        let exported = self.vars.get(&name).is_some_and(|v| v.exported);
        let var = |value: String, recursive: bool| Var { value, recursive, exported };
        let var = if uncertain {
            var(UNKNOWN.into(), false)
        } else {
            match op {
                "?=" if self.vars.contains_key(&name) || (self.how.env)(&name).is_some() => return,
                ":=" => var(self.expand(value, &Auto::default()), false),
                "!=" => var(UNKNOWN.into(), false),
                "+=" => match self.vars.get(&name).cloned().or_else(|| (self.how.env)(&name).map(|v| var(v, false))) {
                    Some(old) if old.recursive => var(format!("{} {value}", old.value), true),
                    Some(old) => var(format!("{} {}", old.value, self.expand(value, &Auto::default())), false),
                    None => var(value.to_string(), true),
                },
                _ => var(value.to_string(), true),
            }
        };
        self.vars.insert(name, var);
    }

    /// Whether `ifdef X` / `ifeq (a,b)` holds; None when it depends on what the reader cannot know.
    fn condition(&self, word: &str, arg: &str) -> Option<bool> {
        let holds = match word {
            "ifdef" | "ifndef" => {
                let v = self.expand(&format!("$({})", arg.trim()), &Auto::default());
                if v.contains(UNKNOWN) {
                    return None;
                }
                (word == "ifdef") != v.is_empty()
            }
            "ifeq" | "ifneq" => {
                let (a, b) = split_condition(arg)?;
                let (a, b) = (self.expand(&a, &Auto::default()), self.expand(&b, &Auto::default()));
                if a.contains(UNKNOWN) || b.contains(UNKNOWN) {
                    return None;
                }
                (word == "ifeq") == (a.trim() == b.trim())
            }
            _ => return None,
        };
        Some(holds)
    }

    fn value(&self, name: &str, auto: &Auto) -> String {
        if let Some((_, v)) = self.how.overrides.iter().find(|(k, _)| k == name) {
            return v.clone();
        }
        match self.vars.get(name) {
            Some(_) if self.expanding.get() > 32 => UNKNOWN.into(),
            Some(v) if v.recursive => {
                self.expanding.set(self.expanding.get() + 1);
                let value = self.expand(&v.value, auto);
                self.expanding.set(self.expanding.get() - 1);
                value
            }
            Some(v) => v.value.clone(),
            None => match name {
                "CURDIR" => self.how.curdir.to_string(),
                "MAKE" => "make".into(),
                "SHELL" => "/bin/sh".into(),
                _ => (self.how.env)(name).unwrap_or_default(),
            },
        }
    }

    /// `text` with its variable references and the functions the reader knows expanded.
    fn expand(&self, text: &str, auto: &Auto) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let Some(c) = after.chars().next() else {
                rest = after;
                break;
            };
            if c == '$' {
                out.push('$');
                rest = &after[1..];
            } else if c == '(' || c == '{' {
                let close = if c == '(' { ')' } else { '}' };
                let Some(end) = matching(after, c, close) else {
                    out.push_str(&rest[at..]);
                    return out;
                };
                out.push_str(&self.reference(&after[1..end], auto));
                rest = &after[end + 1..];
            } else {
                out.push_str(&self.reference(&c.to_string(), auto));
                rest = &after[c.len_utf8()..];
            }
        }
        out.push_str(rest);
        out
    }

    /// The value of what `$( )` holds: a variable, an automatic variable or a function call.
    fn reference(&self, inner: &str, auto: &Auto) -> String {
        match inner {
            "@" => return auto.target.clone(),
            "<" => return auto.prerequisites.first().cloned().unwrap_or_default(),
            "^" | "+" => return auto.prerequisites.join(" "),
            "*" => return auto.stem.clone(),
            "@D" => return auto.target.rsplit_once('/').map_or(".".into(), |(d, _)| if d.is_empty() { "/".into() } else { d.to_string() }),
            "@F" => return auto.target.basename().to_string(),
            _ => {}
        }
        if let Some((name, args)) = inner.split_once(|c: char| c.is_whitespace()) {
            if let Some(v) = self.function(name, args.trim_start(), auto) {
                return v;
            }
        }
        // `$(VAR:a=b)`: a substitution reference.
        if let Some((name, subst)) = inner.split_once(':') {
            if let Some((from, to)) = subst.split_once('=') {
                let value = self.value(&self.expand(name, auto), auto);
                let (from, to) = if from.contains('%') { (from.to_string(), to.to_string()) } else { (format!("%{from}"), format!("%{to}")) };
                return value.split_whitespace().map(|w| patsubst(&from, &to, w)).collect::<Vec<_>>().join(" ");
            }
        }
        self.value(&self.expand(inner, auto), auto)
    }

    fn function(&self, name: &str, args: &str, auto: &Auto) -> Option<String> {
        let args_list = || split_args(args).into_iter().map(|a| self.expand(&a, auto)).collect::<Vec<_>>();
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let v = match name {
            "shell" => match self.expand(args, auto).split_whitespace().collect::<Vec<_>>().as_slice() {
                ["pwd"] => self.how.curdir.to_string(),
                ["uname"] | ["uname", "-s"] => "Linux".into(),
                ["go", "env", "GOOS"] => "linux".into(),
                // What the image's environment sets (GOPATH=/go in the golang images).
                ["go", "env", name @ ("GOPATH" | "GOBIN")] => (self.how.env)(name).unwrap_or_else(|| UNKNOWN.into()),
                _ => UNKNOWN.into(),
            },
            "notdir" => words(&self.expand(args, auto)).iter().map(|w| w.basename().to_string()).collect::<Vec<_>>().join(" "),
            "dir" => words(&self.expand(args, auto)).iter().map(|w| w.rsplit_once('/').map_or("./".into(), |(d, _)| format!("{d}/"))).collect::<Vec<_>>().join(" "),
            "strip" => words(&self.expand(args, auto)).join(" "),
            "firstword" => words(&self.expand(args, auto)).into_iter().next().unwrap_or_default(),
            "subst" => match args_list().as_slice() {
                [from, to, text] => text.replace(from.as_str(), to),
                _ => UNKNOWN.into(),
            },
            "addprefix" | "addsuffix" => match args_list().as_slice() {
                [fix, text] => words(text).iter().map(|w| if name == "addprefix" { format!("{fix}{w}") } else { format!("{w}{fix}") }).collect::<Vec<_>>().join(" "),
                _ => UNKNOWN.into(),
            },
            "patsubst" => match args_list().as_slice() {
                [pattern, replacement, text] => words(text).iter().map(|w| patsubst(pattern, replacement, w)).collect::<Vec<_>>().join(" "),
                _ => UNKNOWN.into(),
            },
            "if" | "or" | "and" | "foreach" | "call" | "eval" | "wildcard" | "realpath" | "abspath" | "filter" | "filter-out" | "sort" | "word" | "words" | "basename" | "suffix" | "join" | "value" | "origin" | "flavor" | "error" | "warning" | "info" | "lastword" | "wordlist" | "findstring" | "file" => UNKNOWN.into(),
            _ => return None,
        };
        Some(v)
    }

    /// The variables make adds to a recipe's environment: command-line ones and exported ones.
    fn environment(&self) -> Vec<(String, String)> {
        let exported = self.vars.iter().filter(|(k, v)| v.exported && !self.how.overrides.iter().any(|(o, _)| o == *k)).map(|(k, _)| (k.clone(), self.value(k, &Auto::default())));
        self.how.overrides.iter().cloned().chain(exported).collect()
    }

    /// Runs the rule that makes `target`: its prerequisites first, then its recipe.
    fn build(&self, target: &str, run: &mut Run, depth: usize) {
        if depth > 64 || !run.done.insert(target.to_string()) {
            return;
        }
        let explicit: Vec<&Rule> = self.rules.iter().filter(|r| r.targets.iter().any(|t| t == target)).collect();
        let (rules, stem): (Vec<&Rule>, String) = if explicit.iter().any(|r| !r.recipe.is_empty()) {
            (explicit, String::new())
        } else {
            match self.rules.iter().find_map(|r| r.targets.iter().find_map(|t| pattern_stem(t, target)).map(|s| (r, s)).filter(|(r, _)| !r.recipe.is_empty())) {
                Some((pattern, stem)) => (explicit.into_iter().chain(std::iter::once(pattern)).collect(), stem),
                None => (explicit, String::new()),
            }
        };
        let prerequisites: Vec<String> = rules.iter().flat_map(|r| r.prerequisites.iter().map(|p| p.replace('%', &stem))).collect();
        for p in &prerequisites {
            self.build(p, run, depth + 1);
        }
        let auto = Auto { target: target.to_string(), prerequisites, stem };
        for (line, raw) in rules.iter().flat_map(|r| r.recipe.iter()) {
            let text = self.expand(raw, &auto);
            let text = text.trim_start_matches(['@', '-', '+', ' ']).to_string();
            // `$(MAKE) other`: the same Makefile's goals, run in turn.
            let words = crate::shell::words(&text);
            if words.first().is_some_and(|w| w == "make") && !words.iter().any(|w| w.starts_with("-C") || w.starts_with("-f") || w.starts_with("--directory") || w.starts_with("--file")) {
                for goal in words[1..].iter().filter(|w| !w.starts_with('-') && !w.contains('=')) {
                    self.build(goal, run, depth + 1);
                }
                continue;
            }
            let unknown = referenced(raw).into_iter().filter(|v| self.value(v, &auto).contains(UNKNOWN)).collect();
            run.out.push(RecipeLine { target: target.to_string(), line: *line, text, unknown, env: self.environment() });
        }
    }
}

/// The variables `$(NAME)`/`${NAME}` in `text` names, in order.
fn referenced(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('$') {
        let inner = &text[at + 1..];
        let Some(close) = inner.strip_prefix('(').map(|_| ')').or_else(|| inner.strip_prefix('{').map(|_| '}')) else { continue };
        let name: String = inner[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && inner[1 + name.len()..].starts_with(close) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Whether the current branch of every open conditional is read (None: cannot tell).
fn active(conds: &[(Option<bool>, Option<bool>)]) -> Option<bool> {
    let mut state = Some(true);
    for (taken, _) in conds {
        state = match (state, taken) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
    }
    state
}

/// `(a,b)`, `"a" "b"` or `'a' 'b'`.
fn split_condition(arg: &str) -> Option<(String, String)> {
    let arg = arg.trim();
    if let Some(inner) = arg.strip_prefix('(').and_then(|a| a.strip_suffix(')')) {
        let parts = split_args(inner);
        return (parts.len() == 2).then(|| (parts[0].clone(), parts[1].clone()));
    }
    let quoted: Vec<&str> = arg.split(['"', '\'']).collect();
    (quoted.len() >= 4).then(|| (quoted[1].to_string(), quoted[3].to_string()))
}

/// A function's comma-separated arguments, commas inside `$(...)` kept.
fn split_args(args: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    for c in args.chars() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("never empty").push(c);
    }
    out
}

/// The index in `s` (which starts with `open`) of its matching `close`.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The stem `%` matches when `target` fits the pattern `bin/%`.
fn pattern_stem(pattern: &str, target: &str) -> Option<String> {
    let (prefix, suffix) = pattern.split_once('%')?;
    target.strip_prefix(prefix)?.strip_suffix(suffix).filter(|s| !s.is_empty()).map(str::to_string)
}

fn patsubst(pattern: &str, replacement: &str, word: &str) -> String {
    match pattern_stem(pattern, word) {
        Some(stem) => replacement.replacen('%', &stem, 1),
        None if !pattern.contains('%') && pattern == word => replacement.to_string(),
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `make goals VAR=value...` in `curdir`, with an empty environment and no includes.
    fn recipes(text: &str, goals: &[&str], overrides: &[(&str, &str)], curdir: &str) -> Vec<RecipeLine> {
        let env = |_: &str| None;
        let read = |_: &str| None;
        let how = Invocation {
            goals: goals.iter().map(|g| g.to_string()).collect(),
            overrides: overrides.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            curdir,
            env: &env,
            read: &read,
        };
        recipe_lines(text, &how)
    }

    fn lines(text: &str, goals: &[&str], overrides: &[(&str, &str)]) -> Vec<String> {
        recipes(text, goals, overrides, "/go/src/app").into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn distribution_binaries_with_a_prefix_override() {
        let mk = "PREFIX?=$(shell pwd)\nGO_LDFLAGS=-ldflags \"-X `go list ./version`.Version=$(VERSION)\"\n.PHONY: clean binaries\n\
                  ${PREFIX}/bin/registry: $(wildcard **/*.go)\n\t@echo \"+ $@\"\n\t@go build -tags \"${DOCKER_BUILDTAGS}\" -o $@ ${GO_LDFLAGS} ./cmd/registry\n\
                  binaries: ${PREFIX}/bin/registry\n\t@echo \"+ $@\"\nclean:\n\t@rm -rf \"${PREFIX}/bin/registry\"\n";
        let got = lines(mk, &["clean", "binaries"], &[("PREFIX", "/go")]);
        assert_eq!(got[0], "rm -rf \"/go/bin/registry\"");
        assert!(got.contains(&"go build -tags \"\" -o /go/bin/registry -ldflags \"-X `go list ./version`.Version=\" ./cmd/registry".to_string()), "{got:?}");
        assert_eq!(got.last().unwrap(), "echo \"+ binaries\"");
        // Without the override, PREFIX is the directory make runs in.
        assert!(lines(mk, &["binaries"], &[]).iter().any(|l| l.contains("-o /go/src/app/bin/registry")));
    }

    #[test]
    fn the_default_goal_is_the_first_rule() {
        let mk = "BIN := bin/app\nall: $(BIN)\n$(BIN):\n\tgo build -o $@ .\ntest:\n\tgo test ./...\n";
        assert_eq!(lines(mk, &[], &[]), vec!["go build -o bin/app ."]);
    }

    #[test]
    fn recursive_make_and_inline_recipes() {
        let mk = "build: ; $(MAKE) compile\ncompile:\n\tgo install ./cmd/...\n";
        assert_eq!(lines(mk, &["build"], &[]), vec!["go install ./cmd/..."]);
    }

    #[test]
    fn pattern_rules_and_automatic_variables() {
        let mk = "all: bin/server bin/worker\nbin/%:\n\tgo build -o $@ ./cmd/$*\n\tcp $@ $(@D)/../$(@F).bak\n";
        assert_eq!(lines(mk, &[], &[]), vec!["go build -o bin/server ./cmd/server", "cp bin/server bin/../server.bak", "go build -o bin/worker ./cmd/worker", "cp bin/worker bin/../worker.bak"]);
    }

    #[test]
    fn conditionals_known_and_unknown() {
        let mk = "ifeq ($(shell uname -s),Darwin)\nOUT=mac\nelse\nOUT=linux\nendif\nifeq ($(shell git rev-parse HEAD),abc)\nTAG=x\nendif\nall:\n\tgo build -o $(OUT)/app$(TAG) .\n";
        let got = lines(mk, &[], &[]);
        assert_eq!(got.len(), 1);
        assert!(got[0].starts_with("go build -o linux/app") && got[0].contains(UNKNOWN), "{got:?}");
        assert_eq!(recipes(mk, &[], &[], "/")[0].unknown, vec!["TAG"]);
    }

    #[test]
    fn unknown_functions_stay_unknown_and_comments_go() {
        let mk = "# the binary\nVERSION := $(shell git describe)  # from git\nall:\n\tgo build -ldflags \"-X main.v=$(VERSION)\" -o app .\n";
        let got = lines(mk, &[], &[]);
        assert!(got[0].contains(UNKNOWN) && got[0].ends_with("-o app ."), "{got:?}");
    }

    #[test]
    fn exported_and_command_line_variables_are_the_recipes_environment() {
        let mk = "export GOBIN := $(CURDIR)/bin\nFLAGS = -v\nCACHE = /tmp/c\nexport CACHE\nall:\n\tgo install ./...\n";
        let got = &recipes(mk, &[], &[("V", "1")], "/src")[0];
        assert_eq!(got.env, [("V".to_string(), "1".to_string()), ("CACHE".to_string(), "/tmp/c".to_string()), ("GOBIN".to_string(), "/src/bin".to_string())]);
    }

    #[test]
    fn a_variable_that_references_itself_is_unknown_not_a_crash() {
        let got = lines("A = $(A) x\nall:\n\tgo build -o $(A) .\n", &[], &[]);
        assert!(got[0].contains(UNKNOWN), "{got:?}");
    }

    #[test]
    fn a_define_block_is_a_variable_not_rules() {
        let mk = "define HELP\nUsage: make build\n  build: the binary\nendef\n\nbuild:\n\tgo build -o bin/app .\n";
        assert_eq!(lines(mk, &[], &[]), vec!["go build -o bin/app ."]);
    }

    #[test]
    fn continuation_lines_join() {
        let mk = "SRC = a.go \\\n      b.go\nall:\n\tgo build \\\n\t  -o out $(SRC)\n";
        assert_eq!(lines(mk, &[], &[]), vec!["go build -o out a.go b.go"]);
    }

    #[test]
    fn appends_and_substitution_references() {
        let mk = "FLAGS = -v\nFLAGS += -trimpath\nCMDS = server worker\nall:\n\tgo build $(FLAGS) -o bin/ $(CMDS:%=./cmd/%)\n";
        assert_eq!(lines(mk, &[], &[]), vec!["go build -v -trimpath -o bin/ ./cmd/server ./cmd/worker"]);
    }
}
