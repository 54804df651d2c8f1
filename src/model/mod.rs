//! A model of each stage, in the manner of BuildKit's `dispatchState`: every stage is walked
//! instruction by instruction from what its base brings (an image's facts from the knowledge
//! files, or a parent stage's end), and at every instruction the model knows the variables in
//! scope, the working directory, the user and the accounts that exist, the paths made so far and
//! their owners, the programs on PATH and the distribution. The stage model check
//! ([`crate::check`]) reads these states; the planner asks the same walk what a stage does.

pub mod command;
pub mod context;
pub mod run;
pub mod runners;
pub mod state;

pub use command::{run_command, RunCommand};
pub use run::RunEffects;
pub use state::{account_of, is_non_root, is_within, join_path, State, Var, VarFrom};

use crate::paths::Basename;
use crate::detect::dockerfile_signals::env_pairs;
use crate::shell;
use crate::syntax::{Dockerfile, Form, FromInfo, ImageRef, Instruction, ItemKind};
use crate::templates::{ImageFacts, Knowledge};
use std::collections::BTreeMap;

/// The directories on PATH when a stage does not set PATH itself.
pub const DEFAULT_PATH: &[&str] = &["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/// Variables every RUN has without a declaration: the proxy build arguments BuildKit predefines,
/// and what the shell and the builder set.
pub const PREDEFINED: &[&str] = &[
    "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    "HOME", "PATH", "HOSTNAME", "PWD", "OLDPWD", "IFS", "PPID", "OPTIND", "OPTARG", "PS1", "PS2", "PS4", "SHLVL", "_",
];

/// Variables bash defines that `/bin/sh` (dash, busybox) does not.
pub const BASH_ONLY: &[&str] = &["UID", "EUID", "GROUPS", "RANDOM", "SECONDS", "LINENO", "HOSTTYPE", "OSTYPE", "MACHTYPE", "BASH", "BASH_VERSION", "BASHPID", "PIPESTATUS"];

/// One COPY/ADD: where from, what, where to.
#[derive(Clone, Debug)]
pub struct CopyEffect {
    /// `--from=` value: a stage name or index, or an image.
    pub from: Option<String>,
    /// Sources as written (relative to the context, or absolute in the `--from` stage).
    pub sources: Vec<String>,
    /// The destination resolved against WORKDIR and known variables.
    pub dest: String,
    /// Whether sources land inside `dest` (`dir/`, `.`, several sources) rather than as it.
    pub into: bool,
    pub chown: Option<String>,
}

impl CopyEffect {
    /// Where a source lands in the stage.
    pub fn target_of(&self, source: &str) -> String {
        let trimmed = source.trim_end_matches('/');
        let base = trimmed.basename();
        if self.into && !matches!(base, "." | "" | "*") && !source.ends_with('/') && !source.contains('*') {
            join_path(&self.dest, base)
        } else {
            self.dest.clone()
        }
    }
}

/// One instruction of a stage and the state it runs in.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    pub item: usize,
    /// First item of the comment block right above it (== `item` when none).
    pub first_item: usize,
    pub ins: &'a Instruction,
    /// Lower-case keyword.
    pub kw: String,
    pub line: usize,
    pub before: State,
    /// Shared with the original's step when a rewrite's walk takes it over.
    pub run: Option<std::sync::Arc<RunEffects>>,
    pub copy: Option<std::sync::Arc<CopyEffect>>,
}

impl Step<'_> {
    /// The command text of a RUN: exec form joined, heredoc bodies appended.
    pub fn run_text(&self, df: &Dockerfile) -> String {
        run_text(df, self.ins)
    }
}

/// What a stage starts from.
#[derive(Clone, Debug)]
pub enum Base {
    /// An image (global ARGs substituted) and what the knowledge says about it.
    Image(ImageRef, std::sync::Arc<ImageFacts>),
    /// A previous stage, by index.
    Stage(usize),
}

impl Base {
    /// What the knowledge says about the base image; nothing for a previous stage.
    pub fn facts(&self) -> Option<&ImageFacts> {
        match self {
            Base::Image(_, facts) => Some(facts),
            Base::Stage(_) => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct StageModel<'a> {
    pub index: usize,
    pub from: FromInfo,
    pub from_item: usize,
    pub end_item: usize,
    pub from_line: usize,
    pub base: Base,
    pub steps: Vec<Step<'a>>,
    pub start: State,
    pub end: State,
    /// VOLUME paths declared, resolved.
    pub volumes: Vec<(String, usize)>,
}

impl<'a> StageModel<'a> {
    pub fn of<'s>(&'s self, kw: &'s str) -> impl Iterator<Item = &'s Step<'a>> + 's {
        self.steps.iter().filter(move |s| s.kw == kw)
    }

    /// Whether an `rm` deletes `path` after step `step` wrote it (as its `write_at`th write):
    /// later in that RUN, or in a later one. A build's scratch files are not its outputs.
    pub fn deleted_after(&self, step: usize, write_at: usize, path: &str) -> bool {
        self.steps[step..].iter().enumerate().any(|(k, s)| s.run.as_ref().is_some_and(|fx| fx.deletes.iter().any(|(d, before)| (k > 0 || *before > write_at) && state::removes(d, path))))
    }

    /// The line of the last RUN of the stage that deletes `path` (or a directory holding it), when
    /// nothing after that deletion makes anything at or inside `path` again.
    pub fn deleted_for_good(&self, path: &str) -> Option<usize> {
        let (at, step, fx) = self.steps.iter().enumerate().filter_map(|(i, s)| Some((i, s, s.run.as_ref()?))).rev().find(|(_, _, fx)| fx.deletes.iter().any(|(d, _)| state::removes(d, path)))?;
        let touches = |p: &str| is_within(p, path) || is_within(path, p);
        let last_delete = fx.deletes.iter().filter(|(d, _)| state::removes(d, path)).map(|(_, before)| *before).max().unwrap_or(0);
        let written_later_in_step = fx.writes.iter().skip(last_delete).any(|w| touches(&w.path));
        let remade_later = self.steps[at + 1..].iter().any(|s| {
            s.copy.as_ref().is_some_and(|c| touches(&c.dest)) || s.run.as_ref().is_some_and(|r| r.writes.iter().any(|w| touches(&w.path))) || (is_within(&s.before.workdir, path) && s.before.workdir != step.before.workdir)
        }) || (is_within(&self.end.workdir, path) && self.end.workdir != step.before.workdir);
        (!written_later_in_step && !remade_later).then_some(step.line)
    }

    /// The name COPY --from uses for this stage: its AS name, or its index.
    pub fn name(&self) -> String {
        self.from.stage_name.clone().unwrap_or_else(|| self.index.to_string())
    }
}

#[derive(Clone, Debug)]
pub struct Model<'a> {
    pub df: &'a Dockerfile,
    pub stages: Vec<StageModel<'a>>,
    /// Global ARGs (before the first FROM): name → default.
    pub global_args: BTreeMap<String, Option<String>>,
}

impl<'a> Model<'a> {
    /// The stage a `--from=` or `FROM` names: by AS name (case-insensitive) or index.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<&StageModel<'a>> {
        self.stages[..before.min(self.stages.len())]
            .iter()
            .find(|s| s.from.stage_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)) || name.parse::<usize>().ok() == Some(s.index))
    }
}

/// The ARGs declared before the first FROM: name → default (None when declared without one).
pub fn global_args(df: &Dockerfile) -> BTreeMap<String, Option<String>> {
    let mut global_args = BTreeMap::new();
    for i in df.global_args() {
        if let ItemKind::Instruction(ins) = &df.items[i].kind {
            for w in ins.words(df.escape) {
                let (k, v) = match w.text.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(shell::unquote(v))),
                    None => (w.text.clone(), None),
                };
                global_args.insert(k, v);
            }
        }
    }
    global_args
}

/// A FROM's image with the global ARGs expanded as BuildKit builds it: one declared without a
/// default is empty unless the build passes it (BuildKit warns, and builds `FROM
/// ${ARCH}python:3.8` as python:3.8); an undeclared one stays unexpanded, and the planner
/// refuses what it cannot name. Detection and the stage model read the base image this way.
pub fn from_image(image_text: &str, globals: &BTreeMap<String, Option<String>>) -> String {
    // `shell::expand` leaves a variable with an empty value as written: a marker stands in.
    const EMPTY: &str = "\u{1}";
    let value = |n: &str| globals.get(n).map(|v| v.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| EMPTY.to_string()));
    shell::expand(image_text, &value).replace(EMPTY, "")
}

/// Walk every stage of `df`.
pub fn model<'a>(df: &'a Dockerfile, knowledge: &Knowledge) -> Model<'a> {
    model_sharing(df, knowledge, None)
}

/// Walk every stage of a rewrite of `prior`'s file. A step is a function of the state before
/// it, its instruction's text and line, the global ARGs and the stages before it; so where the
/// rewrite's first stage begins as the original's did (same FROM, same global ARGs, the same
/// instructions on the same lines: the builder stage up to its first edit), those steps are
/// the original's, taken over rather than read again. The rest is walked as [`model`] walks.
pub fn model_of_rewrite<'a>(df: &'a Dockerfile, knowledge: &Knowledge, prior: &Model) -> Model<'a> {
    model_sharing(df, knowledge, Some(prior))
}

fn model_sharing<'a>(df: &'a Dockerfile, knowledge: &Knowledge, prior: Option<&Model>) -> Model<'a> {
    let mut model = Model { df, stages: Vec::new(), global_args: global_args(df) };
    let prior = prior.filter(|m| m.global_args == model.global_args && m.df.escape == df.escape);
    for (index, stage) in df.stages().iter().enumerate() {
        // Only the first stage: a later one may read the stages before it (`COPY --from`).
        let shared = prior.and_then(|m| Some((m, m.stages.first()?))).filter(|_| index == 0);
        let walked = walk(&model, knowledge, index, stage, shared);
        model.stages.push(walked);
    }
    model
}

/// Whether the instruction at `item` of `df` is, text and line, the one `prior` walked.
fn same_instruction(df: &Dockerfile, item: usize, ins: &Instruction, prior: &Model, step: &Step) -> bool {
    step.line == ins.start_line && prior.df.slice(prior.df.items[step.item].span) == df.slice(df.items[item].span)
}

fn walk<'a>(model: &Model<'a>, knowledge: &Knowledge, index: usize, stage: &crate::syntax::Stage, shared: Option<(&Model, &StageModel)>) -> StageModel<'a> {
    let df = model.df;
    let image_text = from_image(&stage.from.image_text, &model.global_args);
    let (base, mut state) = match model.stage_named(&image_text, index) {
        Some(parent) => (Base::Stage(parent.index), parent.end.clone()),
        None => {
            let image = ImageRef::parse(&image_text);
            let facts = knowledge.image(&image);
            let state = initial_state(&facts, knowledge.distro(&image));
            (Base::Image(image, facts), state)
        }
    };
    let start = state.clone();
    let from_line = df.line_col(df.items[stage.from_item].span.start).0;
    // The original's steps stay usable while its stage began the same way and every step so far
    // was the same instruction on the same line.
    let mut sharing = shared.filter(|(_, s)| s.from_line == from_line && s.from.image_text == stage.from.image_text);
    let mut steps = Vec::new();
    let mut volumes = Vec::new();
    let mut comment_start: Option<usize> = None;
    for i in stage.from_item + 1..stage.end_item {
        let ins = match &df.items[i].kind {
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
        let first_item = comment_start.take().unwrap_or(i);
        let kw = ins.keyword.to_ascii_lowercase();
        let volume = kw == "volume";
        let mut step = Step { item: i, first_item, ins, kw, line: ins.start_line, before: state.clone(), run: None, copy: None };
        let at = steps.len();
        let same = sharing.and_then(|(m, s)| s.steps.get(at).filter(|p| same_instruction(df, i, ins, m, p)).map(|p| (s, p)));
        match same {
            Some((s, p)) if !volume => {
                step.run = p.run.clone();
                step.copy = p.copy.clone();
                state = s.steps.get(at + 1).map_or_else(|| s.end.clone(), |next| next.before.clone());
            }
            _ => {
                sharing = sharing.filter(|_| same.is_some());
                apply(model, knowledge, &mut state, &mut step, &mut volumes);
            }
        }
        steps.push(step);
    }
    StageModel { index, from: stage.from.clone(), from_item: stage.from_item, end_item: stage.end_item, from_line, base, steps, start, end: state, volumes }
}

fn initial_state(facts: &ImageFacts, distro: crate::templates::knowledge::Distro) -> State {
    let mut vars = BTreeMap::new();
    for name in facts.env_names() {
        let value = facts.env_value(&name);
        vars.insert(name, Var { value, from: VarFrom::Base });
    }
    if facts.known() {
        let path = facts.path.clone().unwrap_or_else(|| DEFAULT_PATH.iter().map(|d| d.to_string()).collect());
        vars.insert("PATH".into(), Var { value: Some(path.join(":")), from: VarFrom::Base });
    }
    State {
        vars: std::sync::Arc::new(vars),
        workdir: facts.workdir.clone().unwrap_or_else(|| "/".into()),
        user: facts.user.clone().unwrap_or_else(|| "root".into()),
        users: facts.users.clone(),
        base_paths: facts.paths.clone().map(std::sync::Arc::new),
        programs: facts.programs.clone(),
        distro,
        ..State::default()
    }
}

/// Expand known variables of the state in an instruction argument.
fn expand(state: &State, text: &str) -> String {
    shell::expand(text, &|n: &str| state.value(n))
}

fn apply<'a>(model: &Model<'a>, knowledge: &Knowledge, state: &mut State, step: &mut Step<'a>, volumes: &mut Vec<(String, usize)>) {
    let df = model.df;
    let ins = step.ins;
    let line = step.line;
    match step.kw.as_str() {
        "arg" => {
            for w in ins.words(df.escape) {
                let (name, value) = match w.text.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(shell::unquote(&expand(state, v)))),
                    None => (w.text.clone(), model.global_args.get(&w.text).cloned().flatten()),
                };
                state.set_var(name, Var { value, from: VarFrom::Arg(line) });
            }
        }
        "env" => {
            for (k, v) in env_pairs(&ins.args, df.escape) {
                let value = expand(state, &v);
                let value = (!value.contains('$')).then_some(value);
                state.set_var(k, Var { value, from: VarFrom::Env(line) });
            }
            // A PATH that now reaches into a copied tree (a virtualenv's bin/) opens it.
            if !state.open_path && state.paths.values().any(|info| info.tree) {
                let dirs = path_dirs(state);
                state.open_path = state.paths.iter().any(|(p, info)| info.tree && dirs.iter().any(|d| is_within(d, p)));
            }
        }
        "workdir" => {
            let target = shell::unquote(&expand(state, ins.args.trim()));
            state.workdir = join_path(&state.workdir, &target);
            if !state.may_be_dir(&state.workdir) {
                // BuildKit creates a missing WORKDIR owned by the current user. Below a base
                // image's directory (/home, /usr/src) it is missing unless an instruction made it.
                let (wd, user) = (state.workdir.clone(), state.user.clone());
                state.make(&wd, &user, line, false);
            }
        }
        "user" => state.user = shell::unquote(&expand(state, ins.args.trim())),
        "shell" => state.bash = ins.args.contains("bash"),
        "volume" => {
            let words: Vec<String> = match &ins.form {
                Form::Exec(argv) => argv.clone(),
                Form::Shell => shell::words(&ins.args),
            };
            for w in words {
                volumes.push((join_path(&state.workdir, &expand(state, &w)), line));
            }
        }
        "copy" | "add" => {
            if let Some(copy) = copy_effect(df, ins, state) {
                apply_copy(model, state, &copy, step.line);
                step.copy = Some(std::sync::Arc::new(copy));
            }
        }
        "run" => {
            let fx = run::read(&run_text(df, ins), state);
            apply_run(knowledge, state, &fx, line);
            step.run = Some(std::sync::Arc::new(fx));
        }
        _ => {}
    }
}

fn apply_copy(model: &Model, state: &mut State, copy: &CopyEffect, line: usize) {
    let owner_default = copy.chown.clone().unwrap_or_else(|| "root".into());
    // A directory that already exists keeps its owner, --chown or not: BuildKit copies into it
    // (checked on the engine: `WORKDIR /app` then `COPY --from=build --chown=app /app /app`
    // leaves /app root's; a destination the COPY creates gets the --chown owner).
    if copy.into {
        if state.exists(&copy.dest) {
            state.fill(&copy.dest, &owner_default, line);
        } else {
            state.make(&copy.dest, &owner_default, line, true);
        }
    }
    let source_stage = copy.from.as_deref().and_then(|f| model.stage_named(f, model.stages.len()));
    let path_dirs = path_dirs(state);
    for src in &copy.sources {
        let target = copy.target_of(src);
        // COPY --from keeps the owners the source stage gave its files (--chown overrides).
        let owner = match (&copy.chown, source_stage) {
            (Some(c), _) => c.clone(),
            (None, Some(s)) => s.end.owner(&join_path("/", src)),
            (None, None) => "root".into(),
        };
        // An existing directory copied into keeps its owner (see above).
        let existing_dir = target == copy.dest && state.paths.contains_key(&target);
        if existing_dir && !copy.into {
            state.fill(&target, &owner, line);
        } else if (target != copy.dest || !copy.into) && !existing_dir {
            state.make(&target, &owner, line, true);
        }
        // Inside the copied tree, what the source stage gave other owners keeps them.
        if let (None, Some(s)) = (&copy.chown, source_stage) {
            let root = join_path("/", src);
            for (path, info) in s.end.paths.iter().filter(|(p, _)| is_within(p, &root) && **p != root) {
                let inner = join_path(&target, path[root.len()..].trim_start_matches('/'));
                state.make(&inner, &info.owner, line, info.tree);
                // What is inside the copied tree keeps its modes too; the destination itself does not.
                if !info.modes.is_empty() {
                    if let Some(made) = std::sync::Arc::make_mut(&mut state.paths).get_mut(&inner) {
                        made.modes = info.modes.clone();
                    }
                }
            }
        }
        // A file copied into a PATH directory is a program; a tree holding one opens PATH.
        let name = target.basename().to_string();
        if path_dirs.iter().any(|d| target.rsplit_once('/').map(|(dir, _)| dir) == Some(d.as_str())) && !name.is_empty() {
            if let Some(p) = state.programs.as_mut() {
                std::sync::Arc::make_mut(p).insert(name);
            }
        }
        if path_dirs.iter().any(|d| is_within(d, &target)) {
            state.open_path = true;
        }
    }
}

fn apply_run(knowledge: &Knowledge, state: &mut State, fx: &RunEffects, line: usize) {
    if let Some(users) = state.users.as_mut().filter(|_| !fx.users_created.is_empty()) {
        std::sync::Arc::make_mut(users).extend(fx.users_created.iter().cloned());
    }
    let family = state.distro.family.clone().unwrap_or_default();
    for install in &fx.installs {
        for pkg in &install.packages {
            std::sync::Arc::make_mut(&mut state.packages).push(pkg.clone());
            let mut provided = knowledge.programs_of_package(pkg, &family);
            // `python3-pip` brings `python3`: a package named after an interpreter's depends on it.
            if let Some((interpreter, _)) = knowledge.toolchain_package(pkg, &family, crate::detect::Stack::all_toolchain_programs()).filter(|(i, _)| i != pkg) {
                provided.extend(knowledge.programs_of_package(interpreter, &family));
            }
            if let Some(p) = state.programs.as_mut().filter(|_| !provided.is_empty()) {
                std::sync::Arc::make_mut(p).extend(provided);
            }
        }
    }
    let user = state.user.clone();
    let mut deletes = fx.deletes.iter().peekable();
    let mut homes = fx.homes.iter().peekable();
    for (i, w) in fx.writes.iter().enumerate() {
        while let Some(home) = homes.next_if(|h| h.writes_before <= i) {
            make_home(state, home, line);
        }
        while let Some((path, _)) = deletes.next_if(|(_, before)| *before <= i) {
            state.delete(path);
        }
        if state.made(&w.path).is_none() || w.tree {
            state.make(&w.path, &user, line, w.tree);
        }
    }
    homes.for_each(|home| make_home(state, home, line));
    deletes.for_each(|(path, _)| state.delete(path));
    for (owner, path, recursive) in &fx.chowns {
        let keys: Vec<String> = state.paths.keys().filter(|p| *p == path || (*recursive && is_within(p, path))).cloned().collect();
        for k in keys {
            if let Some(info) = std::sync::Arc::make_mut(&mut state.paths).get_mut(&k) {
                // `chown -R` gives everything below too; a plain chown only the path itself.
                if *recursive {
                    info.inside = None;
                } else if info.tree && info.inside.is_none() && info.owner != *owner {
                    info.inside = Some(info.owner.clone());
                }
                info.owner = owner.clone();
            }
        }
        if state.made(path).is_none_or(|(p, _)| p != path) {
            state.make(path, owner, line, *recursive);
        }
    }
    for (mode, path, recursive) in &fx.chmods {
        if state.paths.keys().any(|p| p == path || (*recursive && is_within(p, path))) {
            for (p, info) in std::sync::Arc::make_mut(&mut state.paths).iter_mut() {
                if p == path || (*recursive && is_within(p, path)) {
                    info.modes.push(mode.clone());
                }
            }
        }
    }
    if fx.opens_path {
        state.open_path = true;
    }
    if let Some(p) = state.programs.as_mut().filter(|_| !fx.adds_programs.is_empty()) {
        std::sync::Arc::make_mut(p).extend(fx.adds_programs.iter().cloned());
    }
    if !fx.venvs.is_empty() && !state.open_path {
        // A virtualenv's bin/ is on PATH only through the stage's own ENV PATH.
        let dirs = path_dirs(state);
        state.open_path = fx.venvs.iter().any(|v| dirs.iter().any(|d| is_within(d, v)));
    }
}

/// The home an account command makes: one directory (and the skeleton's dotfiles), not a tree
/// of what may be below it — a WORKDIR or mkdir in it makes a directory of its own, with its own
/// owner. A directory that exists already is left as it is (see [`run::Home`]).
fn make_home(state: &mut State, home: &run::Home, line: usize) {
    if !(state.is_dir(&home.path) || state.may_be_dir(&home.path)) {
        state.make(&home.path, &home.user, line, false);
    }
}

/// The directories on PATH: ENV PATH when its value is known, else the default.
pub fn path_dirs(state: &State) -> Vec<String> {
    match state.var("PATH").and_then(|v| v.value.as_deref()) {
        Some(p) => p.split(':').filter(|d| !d.is_empty() && !d.contains('$')).map(str::to_string).collect(),
        None => DEFAULT_PATH.iter().map(|d| d.to_string()).collect(),
    }
}

/// Sources and destination of a COPY/ADD (exec or shell form; heredocs become their name).
fn copy_effect(df: &Dockerfile, ins: &Instruction, state: &State) -> Option<CopyEffect> {
    let words: Vec<String> = match &ins.form {
        Form::Exec(argv) => argv.clone(),
        Form::Shell => ins.words(df.escape).into_iter().map(|w| shell::unquote(&w.text)).collect(),
    };
    if words.len() < 2 {
        return None;
    }
    let (sources, dest) = words.split_at(words.len() - 1);
    let dest_raw = expand(state, &dest[0]);
    let sources: Vec<String> = sources.iter().map(|s| if s.starts_with("<<") { s.trim_start_matches("<<-").trim_start_matches("<<").to_string() } else { expand(state, s) }).collect();
    let into = dest_raw.ends_with('/') || dest_raw == "." || sources.len() > 1 || sources.iter().any(|s| s.contains('*'));
    Some(CopyEffect {
        from: ins.flag("from").and_then(|f| f.value.clone()),
        dest: join_path(&state.workdir, &dest_raw),
        into,
        sources,
        chown: ins.flag("chown").and_then(|f| f.value.clone()).map(|c| expand(state, &c)),
    })
}

/// The command text of a RUN: exec form joined; a heredoc that is the whole command
/// (`RUN <<EOF`) is the script itself, one fed to a command (`cat <<EOF > file`) is data; a
/// RUN that is one shell given a script (`RUN /bin/bash -c '. env.sh && poetry install'`,
/// `RUN ["sh", "-c", "..."]`) is that script, so every reader sees the commands it runs.
pub fn run_text(df: &Dockerfile, ins: &Instruction) -> String {
    let mut text = match &ins.form {
        Form::Exec(argv) => shell_script(argv).unwrap_or_else(|| argv.join(" ")),
        Form::Shell => ins.args.clone(),
    };
    if text.trim_start().starts_with("<<") {
        text = ins.heredocs.iter().map(|h| df.slice(h.body)).collect::<Vec<_>>().join("\n");
    }
    if let (Form::Shell, true) = (&ins.form, names_a_shell(&text)) {
        if let [only] = &*shell::commands(&text) {
            if let Some(script) = shell_script(&only.words).filter(|_| only.writes.is_empty()) {
                return script;
            }
        }
    }
    text
}

/// Whether any word of `text` (quotes around it dropped) is a shell's name or path: only then
/// can the text be one `sh -c SCRIPT` command, and only then is it worth reading with the
/// shell lexer here (the stage model reads every RUN's text once more anyway).
fn names_a_shell(text: &str) -> bool {
    let b = text.as_bytes();
    let bound = |c: u8| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'/');
    text.match_indices("sh").any(|(i, _)| {
        let end = i + 2;
        let start = b[..end].iter().rposition(|&c| bound(c)).map_or(0, |j| j + 1);
        (end == b.len() || bound(b[end])) && shell::is_shell(&text[start..end])
    })
}

/// The script of `sh -c SCRIPT` (`bash -ec`, `bash -o pipefail -c`): see [`shell::shell_text`].
fn shell_script(argv: &[String]) -> Option<String> {
    let (program, args) = argv.split_first()?;
    shell::shell_text(program, args).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> Knowledge {
        crate::templates::Library::builtin().unwrap().knowledge
    }

    #[test]
    fn a_run_that_hands_a_script_to_a_shell_is_that_script() {
        let df = crate::syntax::parse("FROM python:3.10\nRUN /bin/bash -c 'poetry install $(test \"$ENV\" == prod && echo --no-dev)'\nRUN [\"sh\", \"-ec\", \"pip install -r r.txt\"]\nRUN bash -o pipefail -c \"curl -s x | tee y\"\nRUN sh -c 'echo hi' > /out\nRUN sh ./build.sh\n").unwrap();
        let texts: Vec<String> = df.instructions().filter(|(_, i)| i.keyword == "RUN").map(|(_, i)| run_text(&df, i)).collect();
        assert_eq!(texts[0], "poetry install $(test \"$ENV\" == prod && echo --no-dev)");
        assert_eq!(texts[1], "pip install -r r.txt");
        assert_eq!(texts[2], "curl -s x | tee y");
        // A redirection of the shell's own output, or a script file: the RUN as written.
        assert_eq!(texts[3], "sh -c 'echo hi' > /out");
        assert_eq!(texts[4], "sh ./build.sh");
    }

    /// What a walk found, without the file it points into.
    fn walked(m: &Model) -> String {
        let steps = |s: &StageModel| s.steps.iter().map(|st| format!("{} {} {} {:?} {:?} {:?}", st.item, st.first_item, st.line, st.before, st.run, st.copy)).collect::<Vec<_>>();
        m.stages.iter().map(|s| format!("{:?} {:?} {:?} {:?}\n{}", s.base, s.start, s.end, s.volumes, steps(s).join("\n"))).collect()
    }

    #[test]
    fn a_rewrite_walked_from_the_original_is_walked_as_afresh() {
        let k = knowledge();
        let original = "ARG V=3.12\nFROM python:${V}\nENV APP=/srv/app\nWORKDIR $APP\n# deps\nRUN pip install -r r.txt && mkdir /data\nVOLUME /data\nCOPY . .\nRUN useradd web\nCMD [\"python\", \"app.py\"]\n";
        let prior_df = crate::syntax::parse(original).unwrap();
        let prior = model(&prior_df, &k);
        let rewrites = [
            // Split after the COPY: the builder keeps its lines, the runtime stage is new.
            "ARG V=3.12\nFROM python:${V} AS build\nENV APP=/srv/app\nWORKDIR $APP\n# deps\nRUN pip install -r r.txt && mkdir /data\nVOLUME /data\nCOPY . .\n\nFROM python:${V}-slim\nCOPY --from=build /srv/app /srv/app\nRUN useradd web\nCMD [\"python\", \"app.py\"]\n",
            // An edit in the middle: what follows it is read again.
            "ARG V=3.12\nFROM python:${V} AS build\nENV APP=/srv/other\nWORKDIR $APP\n# deps\nRUN pip install -r r.txt && mkdir /data\nVOLUME /data\nCOPY . .\nFROM scratch\n",
            // Lines shifted: nothing after the shift is taken over (steps record their lines).
            "ARG V=3.12\n\nFROM python:${V} AS build\nENV APP=/srv/app\nWORKDIR $APP\nRUN pip install -r r.txt && mkdir /data\nFROM scratch\n",
            "ARG V=3.12\nFROM python:${V} AS build\n# a comment\nENV APP=/srv/app\nWORKDIR $APP\nRUN pip install -r r.txt && mkdir /data\nFROM scratch\n",
            // Another global ARG default: another base.
            "ARG V=3.11\nFROM python:${V} AS build\nENV APP=/srv/app\nWORKDIR $APP\n# deps\nRUN pip install -r r.txt && mkdir /data\nFROM scratch\n",
        ];
        for text in rewrites {
            let df = crate::syntax::parse(text).unwrap();
            assert_eq!(walked(&model_of_rewrite(&df, &k, &prior)), walked(&model(&df, &k)), "{text}");
        }
    }

    #[test]
    fn walks_variables_users_paths_and_programs() {
        let df = crate::syntax::parse(
            "ARG V=3.12\nFROM python:${V}-slim AS build\nARG UID=1001\nENV APP=/srv/app\nWORKDIR $APP\nRUN apt-get update && apt-get install -y curl && useradd -u $UID web\nCOPY --chown=web . .\nUSER web\nFROM build AS test\n",
        )
        .unwrap();
        let k = knowledge();
        let m = model(&df, &k);
        let s = &m.stages[0];
        assert!(matches!(&s.base, Base::Image(i, _) if i.tag.as_deref() == Some("3.12-slim")));
        assert_eq!(s.end.workdir, "/srv/app");
        assert_eq!(s.end.var("UID").map(|v| v.value.clone()), Some(Some("1001".into())));
        assert!(s.end.users.as_ref().unwrap().contains("web"));
        assert_eq!(s.end.has_program("curl", || true), Some(true));
        assert_eq!(s.end.has_program("make", || true), Some(false));
        assert_eq!(s.end.owner("/srv/app/main.py"), "web");
        assert_eq!(s.end.user, "web");
        assert!(matches!(m.stages[1].base, Base::Stage(0)));
        assert_eq!(m.stages[1].start.user, "web");
    }

    #[test]
    fn copy_from_keeps_the_source_owner() {
        let df = crate::syntax::parse("FROM node:20 AS b\nWORKDIR /app\nCOPY . .\nRUN chown -R node /app\nFROM node:20-slim\nCOPY --from=b /app /app\nCOPY --from=b --chown=1000 /app/x /x\n").unwrap();
        let m = model(&df, &knowledge());
        assert_eq!(m.stages[1].end.owner("/app/index.js"), "node");
        assert_eq!(m.stages[1].end.owner("/x"), "1000");
    }

    #[test]
    fn copy_from_keeps_the_owners_inside_the_tree() {
        let df = crate::syntax::parse("FROM python:3.12 AS b\nWORKDIR /app\nRUN useradd w && mkdir out && chown w out\nFROM python:3.12-slim\nCOPY --from=b /app /app\n").unwrap();
        let m = model(&df, &knowledge());
        assert_eq!(m.stages[1].end.owner("/app/out/x"), "w");
        assert_eq!(m.stages[1].end.owner("/app/main.py"), "root");
    }

    #[test]
    fn copy_into_an_existing_directory_keeps_its_owner() {
        let df = crate::syntax::parse("FROM node:20 AS b\nRUN mkdir -p /app/out\nFROM node:20-slim\nRUN mkdir -p /app && chown node /app\nCOPY --from=b /app/out /app\n").unwrap();
        let m = model(&df, &knowledge());
        assert_eq!(m.stages[1].end.owner("/app"), "node");
    }

    /// Checked on the engine (BuildKit, Docker 20.10): `--chown` gives the copied files, not a
    /// destination directory that exists; a destination the COPY creates is the owner's.
    #[test]
    fn copy_chown_into_an_existing_directory_gives_only_the_files() {
        let df = crate::syntax::parse("FROM node:20 AS b
WORKDIR /app
COPY . .
FROM node:20-slim
WORKDIR /app
COPY --from=b --chown=node /app /app
COPY --from=b --chown=node /app /copy
").unwrap();
        let m = model(&df, &knowledge());
        let end = &m.stages[1].end;
        assert_eq!(end.owner("/app"), "root");
        assert_eq!(end.owner("/app/index.js"), "node");
        assert_eq!(end.contents_owner("/app"), "node");
        assert_eq!(end.owner("/copy"), "node");
        let df = crate::syntax::parse("FROM node:20
WORKDIR /app
COPY --chown=node . .
RUN chown root:node /app
").unwrap();
        let end = &model(&df, &knowledge()).stages[0].end;
        assert_eq!((end.owner("/app"), end.owner("/app/index.js")), ("root:node".to_string(), "node".to_string()));
    }

    /// Checked on the engine (BuildKit, Docker 20.10): a COPY --from carries the modes of what
    /// it copies (here `out`), not of the directory it copies into, which keeps its own.
    #[test]
    fn chmod_modes_stay_with_the_paths_a_copy_carries() {
        let df = crate::syntax::parse("FROM node:20 AS b
WORKDIR /app
RUN mkdir out && chmod -R g=u /app && chmod 770 out
FROM node:20-slim
WORKDIR /app
COPY --from=b /app /app
").unwrap();
        let m = model(&df, &knowledge());
        let modes = |stage: usize, path: &str| m.stages[stage].end.paths.get(path).map(|i| i.modes.clone()).unwrap_or_default();
        assert_eq!(modes(0, "/app"), ["g=u"]);
        assert_eq!(modes(0, "/app/out"), ["g=u", "770"]);
        assert!(modes(1, "/app").is_empty());
        assert_eq!(modes(1, "/app/out"), ["g=u", "770"]);
    }

    /// A home useradd makes is one directory, not a tree of what may be below it: a WORKDIR in
    /// it is made by the WORKDIR, owned by whoever runs it (BuildKit), and a COPY into that
    /// directory leaves it so; a directory made as the home's user is the user's (docs.rs).
    #[test]
    fn a_workdir_in_a_home_belongs_to_whoever_made_it() {
        let end = |text: &str| model(&crate::syntax::parse(text).unwrap(), &knowledge()).stages[0].end.clone();
        let as_root = end("FROM python:3.12\nRUN useradd --create-home web\nWORKDIR /home/web/app\nCOPY --chown=web . .\n");
        assert_eq!((as_root.owner("/home/web"), as_root.owner("/home/web/app")), ("web".to_string(), "root".to_string()));
        let as_user = end("FROM rust:1.90\nRUN useradd --create-home app\nUSER app\nWORKDIR /home/app/src\nCOPY --chown=app Cargo.toml ./\n");
        assert_eq!(as_user.owner("/home/app/src"), "app");
        let made_by_user = end("FROM rust:1.90\nRUN useradd -m app\nUSER app\nRUN mkdir -p /home/app/docs\nWORKDIR /home/app/docs\nCOPY --chown=app Cargo.toml ./\n");
        assert_eq!(made_by_user.owner("/home/app/docs"), "app");
    }

    /// useradd and adduser leave a home that exists already as it is (engine: `mkdir /app &&
    /// useradd -m -d /app u1` and Debian's `adduser --home /app2 u2` both leave root 755): a
    /// WORKDIR, a COPY or a mkdir earlier in the same RUN keeps the directory root's.
    #[test]
    fn an_existing_directory_is_no_new_home() {
        let end = |text: &str| model(&crate::syntax::parse(text).unwrap(), &knowledge()).stages[0].end.clone();
        assert_eq!(end("FROM node:18-slim\nRUN useradd -m -d /app app\n").owner("/app"), "app", "made by useradd");
        assert_eq!(end("FROM node:18-slim\nWORKDIR /app\nRUN useradd -m -d /app app\n").owner("/app"), "root", "made by WORKDIR");
        assert_eq!(end("FROM node:18-slim\nCOPY . /app\nRUN adduser --disabled-password --home /app app\n").owner("/app"), "root", "made by COPY");
        assert_eq!(end("FROM node:18-slim\nRUN mkdir /app && useradd -m -d /app app\n").owner("/app"), "root", "made earlier in the RUN");
        assert_eq!(end("FROM node:18-slim\nRUN useradd -m -d /app app && mkdir /app/data\n").owner("/app"), "app", "made by useradd, then used");
    }
}
