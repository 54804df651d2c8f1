//! One reader of shell text, for every step that reads what a RUN, CMD or HEALTHCHECK does
//! (detection, planning, the stage model): simple commands split at `&&`, `||`, `;`, `|`, `&`
//! and newlines outside quotes, each with its leading assignments, its words (quotes removed),
//! its redirections, and the variables it reads. Not a shell: enough to know which programs
//! run, what they write, and which variables they need.

use crate::paths::Basename;

mod vars;

pub use vars::{expand, names_variable, referenced, required, Lookup};

/// One simple command: `A=1 B=2 prog arg ... >file`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    /// `NAME=value` words before the program (environment for it, or shell variables when
    /// there is no program).
    pub assignments: Vec<(String, String)>,
    /// The program and its arguments, quotes removed (`$VAR` kept as written).
    pub words: Vec<String>,
    /// Targets of `>`/`>>` redirections (`2>/dev/null` included), as written.
    pub writes: Vec<String>,
    /// Variables read by this command, in order of first use (`$X`, `${X}`, `${X:-d}`), outside
    /// single quotes; special parameters (`$1`, `$@`, `$?`...) are not variables.
    pub reads: Vec<String>,
    /// The reads that need the variable set: no fallback (`${X:-d}`), not a `[ -z "$X" ]` test.
    pub required: Vec<String>,
    /// Shell keyword that introduced it (`do`, `then`, `else`...), removed from `words`.
    pub keyword: Option<String>,
    /// The operator after it: `&&`, `||`, `;`, `|`, `&` or a newline (`""` at the end).
    pub then: String,
    /// Its source text (assignments, words, redirections; not the keyword or the operator),
    /// line continuations folded into single spaces: what to copy when a step repeats it.
    pub text: String,
}

impl Command {
    /// The program's base name: `/usr/bin/pip3` → `pip3`; through `exec` (`exec gosu app "$@"`
    /// runs gosu).
    pub fn program(&self) -> &str {
        let word = self.program_word();
        word.basename()
    }

    /// The program as written (`./scripts/start.sh`, `/usr/bin/pip3`), through `exec`.
    pub fn program_word(&self) -> &str {
        self.words.get(self.exec_words()).map(String::as_str).unwrap_or("")
    }

    /// Arguments after the program.
    pub fn args(&self) -> &[String] {
        self.words.get(self.exec_words() + 1..).unwrap_or(&[])
    }

    /// How many leading `exec` words come before the program.
    fn exec_words(&self) -> usize {
        self.words.iter().take_while(|w| *w == "exec").count()
    }

    /// Whether `a b` appear next to each other among the words (`go build`, `npm ci`).
    pub fn has_pair(&self, a: &str, b: &str) -> bool {
        self.words.windows(2).any(|w| w[0] == a && w[1] == b)
    }

    /// Whether it runs make (see [`is_make`]).
    pub fn runs_make(&self) -> bool {
        is_make(self.program())
    }

    /// Whether it runs pip: `pip`, `pip3`, `python -m pip`.
    pub fn runs_pip(&self) -> bool {
        matches!(self.program(), "pip" | "pip3") || self.has_pair("-m", "pip")
    }

    /// Whether it installs Node.js packages (the project's or global ones): `npm ci`, `yarn`,
    /// `pnpm add x`, `bun install`.
    pub fn installs_node_packages(&self) -> bool {
        is_node_install(self.program(), self.args())
    }

    /// Whether it installs a Node.js package into the system: `npm install -g`, `yarn global add`.
    pub fn installs_node_package_globally(&self) -> bool {
        matches!(self.program(), "npm" | "yarn" | "pnpm") && (self.args().iter().any(|a| a == "-g" || a == "--global") || self.has_pair("global", "add"))
    }

    /// Variables this command defines for the rest of the script: bare assignments, `export`,
    /// `read NAME`, `for NAME in`, `local`/`declare`.
    pub fn defines(&self) -> Vec<String> {
        let mut out: Vec<String> = if self.words.is_empty() { self.assignments.iter().map(|(k, _)| k.clone()).collect() } else { Vec::new() };
        match self.program() {
            "export" | "local" | "declare" | "readonly" | "typeset" => {
                out.extend(self.args().iter().filter(|a| !a.starts_with('-')).map(|a| a.split('=').next().unwrap_or(a).to_string()));
            }
            "read" => out.extend(self.args().iter().filter(|a| !a.starts_with('-')).cloned()),
            "for" | "select" => out.extend(self.args().first().cloned()),
            _ => {}
        }
        out.retain(|n| is_name(n));
        out
    }
}

/// A value as one word of an ENV instruction or a shell command, variables still expanded:
/// quoted when it has spaces, variables or double quotes (`A="x y"`), or is empty (`A=""`
/// reads as set on purpose).
pub fn quote(v: &str) -> String {
    if v.is_empty() || v.contains([' ', '$', '"']) {
        format!("\"{}\"", v.replace('"', "\\\""))
    } else {
        v.to_string()
    }
}

/// Whether a program manages accounts (`useradd`, `groupdel`, busybox's `deluser`...): root's
/// work in a build, and what the runtime repeats together (a chain that renumbers www-data
/// fails without any one of them).
pub fn is_account_command(program: &str) -> bool {
    matches!(program, "useradd" | "adduser" | "groupadd" | "addgroup" | "usermod" | "groupmod" | "userdel" | "groupdel" | "deluser" | "delgroup" | "gpasswd" | "chpasswd")
}

/// Whether a program is a POSIX shell that runs a script given as its first operand.
pub fn is_shell(program: &str) -> bool {
    matches!(program, "sh" | "bash" | "ash" | "dash")
}

/// Whether a command word names a script file rather than a program on PATH.
pub fn is_script(word: &str) -> bool {
    word.contains('/') || word.ends_with(".sh")
}

/// What a shell runs when given these arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellRuns<'a> {
    /// `sh -c TEXT`, `bash -ec TEXT`, `sh -x -c TEXT`, `bash -o pipefail -c TEXT`.
    Text(&'a str),
    /// A script file: `sh start.sh`, `bash -e /start.sh`, `sh -x ./run.sh`.
    Script(&'a str),
    /// Commands from its input (`sh -s`, or no operand).
    Input,
}

/// What `program args` runs when `program` is a shell (`None` otherwise): its options read as
/// POSIX sh and bash read them — single-letter flags in any grouping (`-ec`, `-x -c`), `-o`/`-O`
/// taking a name, bash's long options — so that every reader of a start command or a RUN finds
/// the same text or script (`CMD ["/bin/bash", "-e", "/start.sh"]` runs /start.sh; `CMD ["sh",
/// "-x", "-c", "npx prisma db push && npm run start:prod"]` runs that text).
pub fn shell_runs<'a>(program: &str, args: &'a [String]) -> Option<ShellRuns<'a>> {
    if !is_shell(program.basename()) {
        return None;
    }
    let (mut text, mut input) = (false, false);
    let mut words = args.iter();
    while let Some(w) = words.next() {
        match w.as_str() {
            "--" => break,
            "-" if !text => return Some(ShellRuns::Input),
            "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" => {
                words.next();
            }
            _ if w.starts_with("--") => {}
            _ if w.len() > 1 && w.starts_with(['-', '+']) => {
                text |= w.starts_with('-') && w.contains('c');
                input |= w.contains('s');
            }
            _ => return Some(operand(w, text, input)),
        }
    }
    Some(words.next().map_or(ShellRuns::Input, |w| operand(w, text, input)))
}

/// What a shell's first operand is: the text after `-c`, arguments after `-s`, or the script.
fn operand(word: &str, text: bool, input: bool) -> ShellRuns<'_> {
    match (text, input) {
        (true, _) => ShellRuns::Text(word),
        (false, true) => ShellRuns::Input,
        (false, false) => ShellRuns::Script(word),
    }
}

/// The script file a shell runs (see [`shell_runs`]): `bash -e /start.sh` → `/start.sh`.
pub fn shell_script_file<'a>(program: &str, args: &'a [String]) -> Option<&'a str> {
    match shell_runs(program, args)? {
        ShellRuns::Script(s) => Some(s),
        _ => None,
    }
}

/// The text a shell runs (see [`shell_runs`]): `sh -x -c "a && b"` → `a && b`.
pub fn shell_text<'a>(program: &str, args: &'a [String]) -> Option<&'a str> {
    match shell_runs(program, args)? {
        ShellRuns::Text(t) => Some(t),
        _ => None,
    }
}

/// Whether a program (a path or a name) is make: `make`, `gmake`, `/usr/bin/make`. The one
/// reader of "this command runs make", for the Go planner that follows Makefile recipes and
/// the Python planner that refuses installs it cannot see.
pub fn is_make(program: &str) -> bool {
    matches!(program.rsplit('/').next().unwrap_or(program), "make" | "gmake")
}

/// Whether `program args` installs Node.js packages: one rule for the stage model (which sees
/// through `sudo` and `env`) and the planner. Read past the manager's global options: `yarn
/// --frozen-lockfile` and `yarn --production` (yarn's default command is install), `npm --prefix
/// web install`, `yarn workspace web install`.
pub fn is_node_install(program: &str, args: &[String]) -> bool {
    if !matches!(program, "npm" | "yarn" | "pnpm" | "bun") {
        return false;
    }
    let call = node_invocation(args);
    match call.subcommand.first() {
        Some(sub) => matches!(sub.as_str(), "install" | "i" | "ci" | "add"),
        None => program == "yarn" && !args.iter().any(|a| matches!(a.as_str(), "-v" | "--version" | "-h" | "--help")),
    }
}

/// A Node.js package manager's arguments read past its global options: the subcommand and
/// what follows it (`yarn workspace web install` → `install`), and the directory an option
/// names to work in (`npm --prefix web install`, `yarn --cwd web`, `pnpm -C web i`).
pub struct NodeInvocation<'a> {
    pub subcommand: &'a [String],
    pub dir: Option<&'a str>,
}

/// Options of npm, yarn and pnpm that take the next word as their value.
const NODE_VALUED_OPTIONS: &[&str] = &[
    "--prefix", "-C", "--cwd", "--dir", "--loglevel", "--registry", "--cache", "--cache-folder", "--userconfig", "--modules-folder",
    "--network-timeout", "--network-concurrency", "--mutex", "--global-folder", "--filter", "-F", "--store-dir", "--workspace", "-w",
];

/// See [`NodeInvocation`].
pub fn node_invocation(args: &[String]) -> NodeInvocation<'_> {
    // The subcommand: the first word that is neither an option nor an option's value.
    let mut at = 0;
    while let Some(a) = args.get(at).filter(|a| a.starts_with('-')) {
        at += if NODE_VALUED_OPTIONS.contains(&a.as_str()) { 2 } else { 1 };
    }
    // The directory, named before or after the subcommand (`npm install --prefix web`), as
    // `--prefix DIR` or `--prefix=DIR`; the last one wins.
    let mut dir = None;
    for (i, a) in args.iter().enumerate() {
        let (name, inline) = a.split_once('=').map_or((a.as_str(), None), |(n, v)| (n, Some(v)));
        if matches!(name, "--prefix" | "-C" | "--cwd" | "--dir") {
            dir = inline.or_else(|| args.get(i + 1).map(String::as_str)).or(dir);
        }
    }
    let mut subcommand = args.get(at..).unwrap_or(&[]);
    // `yarn workspace NAME COMMAND`: the command, run in that workspace.
    if subcommand.first().is_some_and(|w| w == "workspace") {
        subcommand = subcommand.get(2..).unwrap_or(&[]);
    }
    NodeInvocation { subcommand, dir }
}

/// The simple commands of a shell text, in order.
///
/// Remembered per thread for the Dockerfile being processed (the pipeline calls
/// [`forget_commands`] when it starts one): detection, the original's stage model and the
/// rewrite's stage model read the same RUN texts, and reading them (7 % of `bench/one_dir.py`'s
/// instructions) was done three times over. Texts longer than `REMEMBERED_TEXT` (a start
/// script, say) are read afresh.
pub fn commands(text: &str) -> std::sync::Arc<[Command]> {
    if text.len() > REMEMBERED_TEXT {
        return read_commands(text).into();
    }
    READ.with(|read| {
        if let Some(known) = read.borrow().get(text) {
            return std::sync::Arc::clone(known);
        }
        let commands: std::sync::Arc<[Command]> = read_commands(text).into();
        let mut read = read.borrow_mut();
        if read.len() >= REMEMBERED_TEXTS {
            read.clear();
        }
        read.insert(text.into(), std::sync::Arc::clone(&commands));
        commands
    })
}

/// Start a new Dockerfile: what [`commands`] remembers is dropped.
pub fn forget_commands() {
    READ.with(|read| read.borrow_mut().clear());
}

/// Bounds on what [`commands`] remembers: a Dockerfile's RUN texts, not whole scripts.
const REMEMBERED_TEXT: usize = 8 * 1024;
const REMEMBERED_TEXTS: usize = 256;

thread_local! {
    static READ: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, std::sync::Arc<[Command]>>> = Default::default();
}

fn read_commands(text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    let mut lexer = Lexer::new(text);
    let mut current = Command::default();
    let mut pending_redirect = false;
    let mut span: Option<(usize, usize)> = None;
    let source = text;
    let mut case = CaseClauses::default();
    while let Some(token) = lexer.next_token() {
        if case.skips(&token, &current) {
            continue;
        }
        if let Token::Op(op) = &token {
            if !matches!(*op, ">" | ">>" | "&>" | "<") {
                current.text = span.take().map(|(a, b)| fold_continuations(&source[a..b])).unwrap_or_default();
            }
        }
        let end = lexer.i;
        match token {
            Token::Op(op) => {
                if op == ">" || op == ">>" || op == "&>" {
                    pending_redirect = true;
                    continue;
                }
                if op == "<" {
                    // `< file` reads it, `<<EOF` starts a heredoc: the word after is not an argument.
                    lexer.next_token();
                    continue;
                }
                if op == ";;" {
                    case.clause_ends();
                }
                finish(&mut out, &mut current, if matches!(op, ";;" | "(" | ")") { ";" } else { op });
            }
            Token::Word { text: word, raw } => {
                let start = end - raw.len();
                let is_keyword = current.words.is_empty() && current.assignments.is_empty() && current.keyword.is_none() && KEYWORDS.contains(&word.as_str()) && raw == word;
                if !is_keyword {
                    span = Some((span.map(|(a, _)| a).unwrap_or(start), end));
                }
                if pending_redirect {
                    pending_redirect = false;
                    current.writes.push(word);
                    for v in referenced(&raw) {
                        if !current.reads.contains(&v) {
                            current.reads.push(v);
                        }
                    }
                    continue;
                }
                if let Some(target) = redirect_target(&raw) {
                    match target {
                        "" => pending_redirect = true,
                        "&" => {}
                        file => current.writes.push(file.to_string()),
                    }
                    continue;
                }
                for v in referenced(&raw) {
                    if !current.reads.contains(&v) {
                        current.reads.push(v);
                    }
                }
                // `[ -z "$X" ]` / `test -n "$X"` ask whether it is set: not a use.
                let tested = matches!(current.words.first().map(String::as_str), Some("[" | "[[" | "test")) && current.words.last().is_some_and(|w| matches!(w.as_str(), "-z" | "-n" | "-v"));
                if !tested {
                    for v in required(&raw) {
                        if !current.required.contains(&v) {
                            current.required.push(v);
                        }
                    }
                }
                if current.words.is_empty() {
                    if let Some((name, value)) = raw.split_once('=').filter(|(n, _)| is_name(n)) {
                        current.assignments.push((name.to_string(), unquote(value)));
                        continue;
                    }
                    if current.keyword.is_none() && KEYWORDS.contains(&word.as_str()) && raw == word {
                        if word == "esac" {
                            case.ends();
                        }
                        if matches!(word.as_str(), "fi" | "done" | "esac" | "}" | ")") {
                            continue;
                        }
                        current.keyword = Some(word);
                        continue;
                    }
                }
                let opens_case = word == "in" && current.words.len() == 2 && current.words[0] == "case";
                current.words.push(word);
                if opens_case {
                    current.text = span.take().map(|(a, b)| fold_continuations(&source[a..b])).unwrap_or_default();
                    finish(&mut out, &mut current, ";");
                    case.begins();
                }
            }
        }
    }
    current.text = span.take().map(|(a, b)| fold_continuations(&source[a..b])).unwrap_or_default();
    finish(&mut out, &mut current, "");
    out
}

/// Where the reader is in `case WORD in PATTERN) COMMANDS ;; ... esac`: a clause's patterns
/// (`web|api*)`, `(sync)`, `*)`) are words the shell matches, not commands, so they are skipped
/// up to the `)` that ends them; the commands after it are read as any others, up to `;;`,
/// where the next clause's patterns begin, or `esac`. Nested `case`s are counted.
#[derive(Default)]
struct CaseClauses {
    /// How many `case ... esac` the reader is inside.
    depth: usize,
    /// Reading a clause's patterns.
    in_patterns: bool,
}

impl CaseClauses {
    /// After `case WORD in`: patterns come first.
    fn begins(&mut self) {
        self.depth += 1;
        self.in_patterns = true;
    }

    /// After `;;`: the next clause's patterns (or `esac`).
    fn clause_ends(&mut self) {
        self.in_patterns = self.depth > 0;
    }

    /// After `esac`: back in the enclosing clause's commands, or out of every `case`.
    fn ends(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.in_patterns = false;
    }

    /// Whether `token` is part of a clause's patterns (and so not read as a command); the `)`
    /// ending them and an `esac` there are taken in too.
    fn skips(&mut self, token: &Token, current: &Command) -> bool {
        if !self.in_patterns || !current.words.is_empty() {
            return false;
        }
        match token {
            Token::Op(")") => self.in_patterns = false,
            Token::Word { text, raw } if text == "esac" && raw == text => self.ends(),
            _ => {}
        }
        true
    }
}

/// `a \\\n    b` → `a b`: a command copied onto one line of its own.
fn fold_continuations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\\\n") {
        out.push_str(rest[..at].trim_end());
        out.push(' ');
        rest = rest[at + 2..].trim_start();
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Words that open or continue a compound command; the command after them is what runs.
const KEYWORDS: &[&str] = &["do", "then", "else", "elif", "if", "while", "until", "!", "{", "(", "fi", "done", "esac", "}", ")"];

fn finish(out: &mut Vec<Command>, current: &mut Command, op: &str) {
    let mut done = std::mem::take(current);
    done.then = op.to_string();
    if !done.words.is_empty() || !done.assignments.is_empty() || !done.writes.is_empty() {
        out.push(done);
    }
}

/// `2>/dev/null`, `>out`, `&>log`, `2>&1`: a redirection written as one word. `Some("")` when
/// the target is the next word (`2>`).
fn redirect_target(raw: &str) -> Option<&str> {
    let rest = raw.trim_start_matches(|c: char| c.is_ascii_digit() || c == '&');
    let rest = rest.strip_prefix(">>").or_else(|| rest.strip_prefix('>'))?;
    if rest.starts_with('&') {
        return Some("&"); // fd duplication, no file
    }
    Some(rest)
}

/// The values commands give variables, the last one winning: bare assignments
/// (`BIN=target/release/app`), `export NAME=value`, and a command's own prefix (`GOPATH=/x go
/// get`, taken as the RUN's: msify reads what the RUN as a whole sets up).
pub fn assigned_values(commands: &[Command]) -> std::collections::BTreeMap<String, String> {
    let mut values = std::collections::BTreeMap::new();
    for c in commands {
        if c.program() == "export" {
            values.extend(c.args().iter().filter_map(|a| a.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())));
        } else {
            values.extend(c.assignments.iter().cloned());
        }
    }
    values
}

/// Whether a word is a variable assignment (`NODE_ENV=production`): a name, `=`, a value.
/// Before a command's program it is the program's environment; `env` and `sudo` take it among
/// their options.
pub fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| is_name(name))
}

pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Surrounding quotes removed from a whole word (`"a b"` → `a b`).
pub fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// Words of a text split like a shell would (quotes removed, no operators): for CMD in shell
/// form and the like.
pub fn words(text: &str) -> Vec<String> {
    let mut lexer = Lexer::new(text);
    let mut out = Vec::new();
    while let Some(t) = lexer.next_token() {
        if let Token::Word { text, .. } = t {
            out.push(text);
        }
    }
    out
}

enum Token<'a> {
    /// `text`: quotes removed; `raw`: as written (for variable references and assignments).
    Word { text: String, raw: &'a str },
    Op(&'static str),
}

struct Lexer<'a> {
    s: &'a str,
    i: usize,
}

/// The bytes at which the word loop of [`Lexer::next_token`] must look again: blanks and
/// operators end a word (every operator starts with one of them); quotes, escapes and
/// expansions are read by their own rules.
const SPECIAL: &[u8] = b" \t\r\n;&|<>()\\'\"$`";

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Self {
        Lexer { s, i: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        // Blanks, line continuations and comments.
        loop {
            match self.peek()? {
                ' ' | '\t' | '\r' => self.i += 1,
                '\\' if self.s[self.i..].starts_with("\\\n") => self.i += 2,
                '\\' if self.s[self.i..].starts_with("\\\r\n") => self.i += 3,
                '#' => {
                    let end = self.s[self.i..].find('\n').map(|n| self.i + n).unwrap_or(self.s.len());
                    self.i = end;
                }
                _ => break,
            }
        }
        let rest = &self.s[self.i..];
        // Every operator starts with a byte of SPECIAL; a plain word, the common case, skips the list.
        let operator_start = rest.as_bytes().first().is_some_and(|b| SPECIAL.contains(b));
        for op in ["&&", "||", ";;", ">>", "&>", "<<-", "<<", "\n", ";", "|", "&", ">", "<", "(", ")"] {
            if operator_start && rest.starts_with(op) {
                self.i += op.len();
                let op: &'static str = match op {
                    "\n" => ";",
                    "<<-" | "<<" => "<",
                    o => o,
                };
                return Some(Token::Op(op));
            }
        }
        let start = self.i;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            match c {
                '>' if !text.is_empty() && self.s[start..self.i].bytes().all(|b| b.is_ascii_digit()) => {
                    // `2>file`, `2>&1`: a redirection glued to its fd number is one word.
                    let end = self.word_end_after_redirect();
                    let raw = &self.s[start..end];
                    self.i = end;
                    return Some(Token::Word { text: raw.to_string(), raw });
                }
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                // Tilde expansion: an unquoted `~` starting a word, alone or before `/`, is the
                // home directory (`mkdir -p ~/docs.rs`), read like `$HOME` from here on.
                '~' if self.i == start && matches!(self.s.as_bytes().get(self.i + 1), None | Some(b'/' | b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b')')) => {
                    self.i += 1;
                    text.push_str("$HOME");
                }
                '\\' => {
                    self.i += 1;
                    if let Some(n) = self.peek() {
                        if n != '\n' {
                            text.push(n);
                        }
                        self.i += n.len_utf8();
                    }
                }
                '\'' => {
                    let end = self.s[self.i + 1..].find('\'').map(|n| self.i + 1 + n).unwrap_or(self.s.len());
                    text.push_str(&self.s[(self.i + 1).min(end)..end]);
                    self.i = (end + 1).min(self.s.len());
                }
                '"' => {
                    self.i += 1;
                    while let Some(d) = self.peek() {
                        self.i += d.len_utf8();
                        match d {
                            '"' => break,
                            '\\' => {
                                if let Some(n) = self.peek() {
                                    self.i += n.len_utf8();
                                    if n != '\n' {
                                        if !matches!(n, '"' | '\\' | '$' | '`') {
                                            text.push('\\');
                                        }
                                        text.push(n);
                                    }
                                }
                            }
                            _ => text.push(d),
                        }
                    }
                }
                '$' if self.s[self.i..].starts_with("$(") => {
                    let end = matching_paren(self.s, self.i + 1);
                    text.push_str(&self.s[self.i..end]);
                    self.i = end;
                }
                '`' => {
                    let end = self.s[self.i + 1..].find('`').map(|n| self.i + 2 + n).unwrap_or(self.s.len());
                    text.push_str(&self.s[self.i..end]);
                    self.i = end;
                }
                _ => {
                    // The character and the run of plain bytes after it, in one push: none of
                    // them is a quote, escape, expansion or word end that the arms above read.
                    let from = self.i;
                    self.i += c.len_utf8();
                    let plain = self.s.as_bytes()[self.i..].iter().position(|b| SPECIAL.contains(b)).unwrap_or(self.s.len() - self.i);
                    self.i += plain;
                    text.push_str(&self.s[from..self.i]);
                }
            }
        }
        Some(Token::Word { text, raw: &self.s[start..self.i] })
    }

    /// End of `2>file` / `2>&1` starting at the fd digits under the cursor.
    fn word_end_after_redirect(&self) -> usize {
        let bytes = self.s.as_bytes();
        let mut j = self.i;
        while j < bytes.len() && matches!(bytes[j], b'>' | b'&') {
            j += 1;
        }
        while j < bytes.len() && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b';' | b'|' | b'&') {
            j += 1;
        }
        j
    }
}

/// The index just past the `)` matching the `(` at `open`.
fn matching_paren(s: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_installs_read_past_global_options() {
        let install = |line: &str| {
            let words = words(line);
            is_node_install(&words[0], &words[1..])
        };
        for yes in ["yarn", "yarn --frozen-lockfile", "yarn --production --pure-lockfile", "yarn workspace web install --production", "npm --prefix web install", "npm ci", "pnpm -C web i", "yarn --cwd=web add left-pad"] {
            assert!(install(yes), "{yes}");
        }
        for no in ["yarn --version", "yarn build", "yarn workspace web build", "npm --prefix web run build", "npm prune --production", "pip install x"] {
            assert!(!install(no), "{no}");
        }
        let dir = |line: &str| node_invocation(&words(line)[1..]).dir.map(str::to_string);
        assert_eq!(dir("npm --prefix web install").as_deref(), Some("web"));
        assert_eq!(dir("npm install --prefix /srv/app").as_deref(), Some("/srv/app"));
        assert_eq!(dir("yarn --cwd=client --frozen-lockfile").as_deref(), Some("client"));
        assert_eq!(dir("yarn install"), None);
    }

    fn programs(text: &str) -> Vec<String> {
        commands(text).iter().map(|c| c.words.join(" ")).collect()
    }

    #[test]
    fn operators_split_commands_outside_quotes() {
        assert_eq!(programs("a && b || c; d | e & f\ng"), ["a", "b", "c", "d", "e", "f", "g"]);
        assert_eq!(programs("echo 'a && b' \"c; d\""), ["echo a && b c; d"]);
        assert_eq!(programs("apt-get update \\\n && apt-get install -y gcc"), ["apt-get update", "apt-get install -y gcc"]);
    }

    #[test]
    fn a_shell_runs_the_text_of_its_c_option_or_its_first_operand() {
        let runs = |argv: &str| {
            let w = words(argv);
            let (program, args) = w.split_first().unwrap();
            shell_runs(program, args).map(|r| format!("{r:?}"))
        };
        assert_eq!(runs("sh -c 'a && b'").unwrap(), "Text(\"a && b\")");
        assert_eq!(runs("sh -x -c 'a && b' name").unwrap(), "Text(\"a && b\")");
        assert_eq!(runs("bash -ec x").unwrap(), "Text(\"x\")");
        assert_eq!(runs("bash -ce x").unwrap(), "Text(\"x\")");
        assert_eq!(runs("/bin/bash -o pipefail -c x").unwrap(), "Text(\"x\")");
        assert_eq!(runs("/bin/bash -e /start.sh").unwrap(), "Script(\"/start.sh\")");
        assert_eq!(runs("sh -x ./run.sh arg").unwrap(), "Script(\"./run.sh\")");
        assert_eq!(runs("bash --login -O extglob start.sh").unwrap(), "Script(\"start.sh\")");
        assert_eq!(runs("bash --rcfile rc start.sh").unwrap(), "Script(\"start.sh\")");
        assert_eq!(runs("sh -- -weird.sh").unwrap(), "Script(\"-weird.sh\")");
        assert_eq!(runs("sh -s arg").unwrap(), "Input");
        assert_eq!(runs("sh -").unwrap(), "Input");
        assert_eq!(runs("bash").unwrap(), "Input");
        assert_eq!(runs("python -c x"), None);
    }

    #[test]
    fn case_patterns_are_not_commands() {
        let text = "case \"$ROLE\" in\n  web|api*) exec python app.py ;;\n  (sync) run-sync --all;;\n  *) case $2 in x) inner;; esac; exec \"$@\" ;;\nesac\nafter\ncase $1 in start) node x.js;; esac";
        assert_eq!(programs(text), ["case $ROLE in", "exec python app.py", "run-sync --all", "case $2 in", "inner", "exec $@", "after", "case $1 in", "node x.js"]);
        assert_eq!(programs("(cd /app && make); echo done"), ["cd /app", "make", "echo done"]);
    }

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        assert_eq!(programs("mkdir -p ~/docs.rs ~ && cd ~"), ["mkdir -p $HOME/docs.rs $HOME", "cd $HOME"]);
        assert_eq!(programs("echo '~/x' \"~/y\" a~b ~user/z"), ["echo ~/x ~/y a~b ~user/z"], "quoted, inside a word, or another user's: as written");
    }

    #[test]
    fn values_the_commands_assign() {
        let values = assigned_values(&commands("BIN=target/release/app\nexport A=1 B\nGOPATH=/x go get y\nBIN=bin/app"));
        let pairs: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(pairs, ["A=1", "BIN=bin/app", "GOPATH=/x"]);
    }

    #[test]
    fn assignments_redirects_and_keywords() {
        let c = &commands("CGO_ENABLED=0 GOOS=linux go build -o /out/app . 2>/dev/null")[0];
        assert_eq!(c.assignments, [("CGO_ENABLED".to_string(), "0".to_string()), ("GOOS".into(), "linux".into())]);
        assert_eq!(c.words, ["go", "build", "-o", "/out/app", "."]);
        assert_eq!(c.writes, ["/dev/null"]);
        let c = &commands("printf 'server {}' > /etc/nginx/conf.d/default.conf")[0];
        assert_eq!(c.writes, ["/etc/nginx/conf.d/default.conf"]);
        assert_eq!(programs("if [ -f x ]; then make; else echo no; fi"), ["[ -f x ]", "make", "echo no"]);
        assert_eq!(programs("for p in a b; do pip install $p; done"), ["for p in a b", "pip install $p"]);
    }

    #[test]
    fn reads_and_defines() {
        let cs = commands("export HOME_DIR=/x && for f in $FILES; do echo ${f} \"$HOME_DIR\" '$NOT' ${MISSING:-d} $1 $@; done");
        assert_eq!(cs[0].defines(), ["HOME_DIR"]);
        assert_eq!(cs[1].defines(), ["f"]);
        assert_eq!(cs[1].reads, ["FILES"]);
        assert_eq!(cs[2].reads, ["f", "HOME_DIR", "MISSING"]);
        assert_eq!(cs[2].required, ["f", "HOME_DIR"]);
        assert!(commands("[ -z \"$TOKEN\" ] || echo set")[0].required.is_empty());
    }

    #[test]
    fn each_command_keeps_its_source_text() {
        let texts: Vec<String> = commands("apt-get install -y gcc \\\n    && useradd -u \"$UID\" app >/dev/null; if true; then mkdir /x; fi").iter().map(|c| c.text.clone()).collect();
        assert_eq!(texts, ["apt-get install -y gcc", "useradd -u \"$UID\" app >/dev/null", "true", "mkdir /x"]);
    }

    #[test]
    fn substitutions_stay_one_word() {
        assert_eq!(commands("git rev-parse $(cat x | tr a b) `date +%s` && y")[0].words, ["git", "rev-parse", "$(cat x | tr a b)", "`date +%s`"]);
    }
}
