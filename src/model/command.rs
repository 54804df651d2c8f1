//! What a container runs: ENTRYPOINT followed by CMD, as the engine joins them, with `sh -c
//! "..."` and the runners of [`super::runners`] looked through (`exec`, `tini --`, `gosu user`,
//! `sudo -u user`, `env`, `dockerize -wait ...`), so the program checked is the one that really
//! runs — and every program when a shell text starts several (`nginx & node server.js`). Also
//! what a HEALTHCHECK runs.

use crate::paths::Basename;
use super::StageModel;
use crate::shell;
use crate::syntax::Form;

/// The start command of a stage.
#[derive(Debug, Clone, Default)]
pub struct RunCommand {
    /// The command after wrappers: program first.
    pub argv: Vec<String>,
    /// Shell form somewhere (or `sh -c`): needs a shell in the image.
    pub shell: bool,
    /// Line of the ENTRYPOINT or CMD that starts it.
    pub line: Option<usize>,
    /// The runners in front of the program (`tini`, `gosu`, `env`, `timeout`; see
    /// [`super::runners`]): they must exist at run time.
    pub wrappers: Vec<String>,
    /// Every program a shell text starts, in order (`npm run migrate && node server.js` →
    /// npm, node); just the program for exec form.
    pub programs: Vec<String>,
    /// Programs started in the background (`nginx &`), besides the last one.
    pub background: Vec<String>,
    /// The program a CMD hands to an exec-form ENTRYPOINT (`ENTRYPOINT ["/entrypoint.sh"]`,
    /// `CMD ["redoctober", ...]`): what an entrypoint script's `exec "$@"` runs.
    pub handed_to_entrypoint: Option<String>,
}

impl RunCommand {
    /// The Dockerfile has no start command of its own (no CMD or ENTRYPOINT): the container
    /// runs the base image's default, or whatever its callers name (`docker run IMAGE make`,
    /// `docker cp` of what the build made). The one test of that for the planner.
    pub fn is_absent(&self) -> bool {
        self.argv.is_empty()
    }

    pub fn program(&self) -> &str {
        self.argv.first().map(String::as_str).unwrap_or("")
    }

    /// The program's base name: `/usr/bin/java` → `java`, `./mvnw` → `mvnw`.
    pub fn program_name(&self) -> &str {
        self.program().basename()
    }

    /// The script file the start command hands a shell (`["/bin/bash", "-e", "/start.sh"]`), as
    /// written; see [`shell::shell_script_file`].
    pub fn shell_script(&self) -> Option<&str> {
        let (program, args) = self.argv.split_first()?;
        shell::shell_script_file(program, args)
    }

    pub fn mentions(&self, word: &str) -> bool {
        self.argv.iter().any(|a| a.contains(word))
    }

    /// Several long-running programs at once (`a & b`), or a supervisor that runs several.
    pub fn runs_several(&self) -> bool {
        !self.background.is_empty() || matches!(self.program_name(), "supervisord" | "s6-svscan" | "runsvdir" | "honcho" | "foreman" | "concurrently" | "pm2-runtime")
    }
}

/// The command the stage's container starts with.
pub fn run_command(stage: &StageModel) -> RunCommand {
    run_command_with(stage, None, None)
}

/// The command the stage's container starts with when the one starting it replaces the
/// ENTRYPOINT (`docker run --entrypoint`, Compose's `entrypoint:`; the image's CMD is then not
/// used) or the CMD (`docker run IMAGE args`, Compose's `command:`) with words of its own.
pub fn run_command_with(stage: &StageModel, entrypoint: Option<&[String]>, command: Option<&[String]>) -> RunCommand {
    let mut cmd = RunCommand::default();
    let last = |kw: &'static str| stage.steps.iter().filter(|s| s.kw == kw).last();
    let argv_of = |step: &super::Step| -> (Vec<String>, bool) {
        match &step.ins.form {
            Form::Exec(argv) => (argv.clone(), false),
            Form::Shell => (shell::words(&step.ins.args), true),
        }
    };
    let image_entrypoint = last("entrypoint").filter(|_| entrypoint.is_none());
    if let Some(words) = entrypoint {
        cmd.argv = words.to_vec();
    } else if let Some(ep) = image_entrypoint {
        let (words, sh) = argv_of(ep);
        cmd.argv = words;
        cmd.shell = sh;
        cmd.line = Some(ep.line);
    }
    let has_entrypoint = entrypoint.is_some() || image_entrypoint.is_some();
    // A shell-form ENTRYPOINT ignores CMD; a replaced ENTRYPOINT drops the image's CMD.
    let mut cmd_given = false;
    if let Some(words) = command.filter(|_| !cmd.shell) {
        cmd_given = true;
        if has_entrypoint {
            cmd.handed_to_entrypoint = words.first().cloned();
        }
        cmd.argv.extend(words.iter().cloned());
    } else if !cmd.shell && entrypoint.is_none() {
        if let Some(c) = last("cmd") {
            cmd_given = true;
            let (words, sh) = argv_of(c);
            if cmd.line.is_some() && !sh {
                cmd.handed_to_entrypoint = words.first().cloned();
            }
            cmd.argv.extend(words);
            cmd.shell |= sh;
            cmd.line = cmd.line.or(Some(c.line));
        }
    }
    let shell_text = match (&cmd.shell, image_entrypoint.or(last("cmd").filter(|_| command.is_none() && entrypoint.is_none()))) {
        (true, Some(step)) if matches!(step.ins.form, Form::Shell) && cmd.argv.len() > 1 => Some(step.ins.args.clone()),
        _ => None,
    };
    let image_cmd_follows = has_entrypoint && !cmd.shell && !cmd_given;
    unwrap(&mut cmd, shell_text, image_cmd_follows);
    cmd
}

/// What `HEALTHCHECK CMD ...` runs: whether it needs a shell, and each program — through an
/// exec-form `sh -c "..."` too (haste-server's `["sh", "-c", "... curl -sf localhost:7777 ..."]`
/// on node:14-stretch, whose slim runtime has no curl). `None` for `HEALTHCHECK NONE`.
pub fn healthcheck_programs(args: &str) -> Option<(bool, Vec<String>)> {
    let args = args.trim();
    let rest = args.get(..3).filter(|k| k.eq_ignore_ascii_case("cmd")).map(|_| &args[3..])?;
    let programs = |text: &str| crate::shell::commands(text).iter().map(|c| c.program().to_string()).filter(|p| !p.is_empty()).collect::<Vec<_>>();
    match crate::syntax::parse_json_array(rest) {
        crate::syntax::Json::Strings(argv) => {
            let (first, args) = argv.split_first()?;
            Some(match crate::shell::shell_text(first, args) {
                Some(text) => (true, programs(text)),
                None => (false, vec![first.clone()]),
            })
        }
        crate::syntax::Json::NotStrings => None,
        crate::syntax::Json::ShellForm => Some((true, programs(rest))),
    }
}

/// The words of a start command given as text (a CMD, a Compose `command:`, a line of a start
/// script), wrappers looked through, program first: what detection reads the started runtime
/// from. Leading assignments are the program's environment (`NODE_ENV=production nohup node
/// index.js` runs node).
pub fn start_words(text: &str) -> Vec<String> {
    let mut argv = shell::words(text);
    let environment = argv.iter().take_while(|w| shell::is_assignment(w)).count();
    argv.drain(..environment);
    let mut cmd = RunCommand { argv, ..RunCommand::default() };
    unwrap(&mut cmd, None, false);
    cmd.argv
}

/// Look through wrappers until the program that really runs. `image_cmd_follows`: `argv` is an
/// exec-form ENTRYPOINT alone, to which the engine appends the image's CMD.
fn unwrap(cmd: &mut RunCommand, shell_text: Option<String>, image_cmd_follows: bool) {
    let mut text = shell_text;
    for _ in 0..8 {
        // `sh -c "..."`, `sh -x -c "..."`: the text is what runs.
        if let Some(inner) = cmd.argv.split_first().and_then(|(program, args)| shell::shell_text(program, args)).map(str::to_string) {
            cmd.argv = shell::words(&inner);
            cmd.shell = true;
            text = Some(inner);
            continue;
        }
        // `exec`, `env A=1`, `sudo -u app`, `tini --`, `gosu app`, `dockerize -wait ...`: the
        // program after the runner is what runs (the image's CMD, after an ENTRYPOINT
        // `["dumb-init", "--"]`), and the runner must be there too.
        let Some(at) = super::runners::runs_after(&cmd.argv).filter(|&at| at < cmd.argv.len() || image_cmd_follows) else { break };
        let name = cmd.program_name().to_string();
        if name != "exec" {
            cmd.wrappers.push(name);
        }
        cmd.argv.drain(..at);
    }
    match text {
        Some(t) => {
            let commands = shell::commands(&t);
            let real: Vec<&shell::Command> = commands.iter().filter(|c| !c.words.is_empty() && !is_builtin(program_word(c))).collect();
            // The last command is what runs in the foreground; `&` sends the others to the background.
            cmd.programs = real.iter().map(|c| program_word(c).to_string()).collect();
            cmd.background = real.iter().filter(|c| c.then == "&").map(|c| program_word(c).to_string()).collect();
            // `gosu app python worker.py & nginx`: each runner must be there too.
            for runner in real.iter().flat_map(|c| runners_of(c)) {
                if !cmd.wrappers.contains(&runner) {
                    cmd.wrappers.push(runner);
                }
            }
            if let Some(first) = real.first() {
                if cmd.argv.first().is_some_and(|a| is_builtin(a.basename())) {
                    // `cd /app && exec npm start` runs npm, not `exec`; `cd /app && gosu app npm
                    // start` runs npm through gosu.
                    cmd.argv = super::run::invocation(first).map(|(program, args)| std::iter::once(program).chain(args).cloned().collect()).unwrap_or_default();
                }
            }
            // `source env/bin/activate && python app.py`: the interpreter is the virtualenv's.
            if let Some(bin) = activated_venv_bin(&commands) {
                for program in cmd.argv.first_mut().into_iter().chain(cmd.programs.iter_mut()) {
                    if is_venv_interpreter(program) {
                        *program = format!("{bin}/{program}");
                    }
                }
            }
        }
        None => cmd.programs = cmd.argv.first().cloned().into_iter().collect(),
    }
}

/// The `bin` directory of the virtualenv a shell text activates before it runs anything else
/// (`source /srv/env/bin/activate`, `. venv/bin/activate`): it comes first on PATH.
fn activated_venv_bin(commands: &[shell::Command]) -> Option<String> {
    let first_real = commands.iter().position(|c| !c.words.is_empty() && !is_builtin(program_word(c))).unwrap_or(commands.len());
    commands[..first_real].iter().find_map(|c| match c.words.as_slice() {
        [source, script, ..] if matches!(source.as_str(), "source" | ".") => script.strip_suffix("/activate").filter(|bin| bin.ends_with("bin")).map(str::to_string),
        _ => None,
    })
}

/// Programs every virtualenv has in its `bin`: its interpreter and pip (a console script such
/// as gunicorn is there only when installed, so a bare name of one stays as written).
fn is_venv_interpreter(program: &str) -> bool {
    matches!(program, "python" | "pip" | "pip3") || crate::templates::knowledge::is_version_of(program, "python3")
}

/// The program word of a shell command, through its runners (`exec`, `gosu app`, `timeout
/// 60`; see [`super::runners`]).
fn program_word(c: &shell::Command) -> &str {
    super::run::invocation(c).map_or("", |(program, _)| program.as_str())
}

/// The runners a shell command runs its program through, `exec` aside (a shell builtin).
fn runners_of(c: &shell::Command) -> Vec<String> {
    let mut words: &[String] = &c.words;
    let mut out = Vec::new();
    while let Some(at) = super::runners::runs_after(words) {
        if words[0] != "exec" {
            out.push(words[0].basename().to_string());
        }
        words = &words[at..];
    }
    out
}

fn is_builtin(p: &str) -> bool {
    super::run::is_builtin(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(dockerfile: &str) -> RunCommand {
        let df = crate::syntax::parse(dockerfile).unwrap();
        let m = super::super::model(&df, &crate::templates::Library::builtin().unwrap().knowledge);
        run_command(&m.stages[0])
    }

    #[test]
    fn wrappers_are_looked_through() {
        let c = command("FROM x\nCMD [\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar app.jar\"]\n");
        assert_eq!((c.program(), c.shell), ("java", true));
        let c = command("FROM x\nENTRYPOINT [\"/usr/bin/tini\", \"-s\", \"--\"]\nCMD [\"node\", \"server.js\"]\n");
        assert_eq!((c.program(), c.wrappers.as_slice()), ("node", &["tini".to_string()][..]));
        let c = command("FROM x\nENTRYPOINT [\"gosu\", \"app\", \"python\", \"main.py\"]\n");
        assert_eq!((c.program(), c.wrappers.as_slice()), ("python", &["gosu".to_string()][..]));
    }

    #[test]
    fn runners_in_a_shell_text_are_wrappers_of_each_program() {
        let c = command("FROM x\nCMD cd /src && exec gosu web bin/server --listen :8080\n");
        assert_eq!((c.program(), c.wrappers.as_slice(), c.programs.as_slice()), ("bin/server", &["gosu".to_string()][..], &["bin/server".to_string()][..]));
        let c = command("FROM x\nCMD [\"sh\", \"-x\", \"-c\", \"timeout 60 bin/migrate && su-exec app python w.py & nginx\"]\n");
        assert_eq!(c.programs, ["bin/migrate", "python", "nginx"]);
        assert_eq!(c.wrappers, ["timeout", "su-exec"]);
        assert_eq!(c.background, ["python"]);
    }

    #[test]
    fn sudo_is_a_wrapper_with_its_options() {
        let c = command("FROM x\nCMD [\"sudo\", \"-EHu\", \"oncall\", \"bash\", \"-c\", \"source /home/oncall/env/bin/activate && python -u /home/oncall/entrypoint.py\"]\n");
        assert_eq!((c.program(), c.wrappers.as_slice()), ("/home/oncall/env/bin/python", &["sudo".to_string()][..]), "the activated virtualenv's interpreter");
        assert_eq!(start_words("sh -c '. venv/bin/activate && gunicorn app'"), ["gunicorn", "app"], "a console script stays a name");
        assert_eq!(start_words("sh -c 'cd /app && exec npm start'"), ["npm", "start"], "exec after a builtin");
        assert_eq!(start_words("bash -c 'source /opt/venv/bin/activate; python3 -m app'")[0], "/opt/venv/bin/python3");
        let at = |words: &[&str]| super::super::runners::sudo_command_at(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        assert_eq!(at(&["-u", "app", "make"]), Some(2));
        assert_eq!(at(&["--user", "app", "-E", "HOME=/app", "make"]), Some(4));
        assert_eq!(at(&["-Hu", "app", "--", "make"]), Some(3));
        assert_eq!(at(&["-E", "make"]), Some(1));
        assert_eq!(at(&["-l"]), None);
    }

    #[test]
    fn several_programs_are_all_seen() {
        let c = command("FROM x\nCMD nginx & node /api/server.js\n");
        assert_eq!(c.programs, ["nginx", "node"]);
        assert!(c.runs_several());
        let c = command("FROM x\nCMD [\"sh\", \"-c\", \"npm run migrate && exec node server.js\"]\n");
        assert_eq!(c.programs, ["npm", "node"]);
        assert!(!c.runs_several(), "sequential steps are one program at a time");
        assert!(command("FROM x\nCMD [\"supervisord\", \"-n\"]\n").runs_several());
    }

    #[test]
    fn dockerize_is_a_wrapper() {
        let c = command("FROM ubuntu:16.04\nCMD [\"dockerize\", \"-timeout\", \"60s\", \"-wait\", \"tcp://db:5432\", \"-poll\", \"-stdout=/var/log/a.log\", \".env/bin/python\", \"manage.py\"]\n");
        assert_eq!((c.program(), c.wrappers.as_slice()), (".env/bin/python", &["dockerize".to_string()][..]));
        assert_eq!(start_words("sh -c 'exec dockerize -wait tcp://db:5432 gunicorn app'"), ["gunicorn", "app"]);
        assert_eq!(start_words("tini -- node server.js"), ["node", "server.js"]);
        assert_eq!(start_words("NODE_ENV=production nohup node index.js"), ["node", "index.js"]);
        assert_eq!(start_words("A=1 B='two words' gunicorn app"), ["gunicorn", "app"]);
    }

    #[test]
    fn env_is_a_wrapper() {
        let c = command("FROM x\nCMD [\"/usr/bin/env\", \"-i\", \"NODE_ENV=production\", \"node\", \"app.js\"]\n");
        assert_eq!((c.program(), c.wrappers.as_slice()), ("node", &["env".to_string()][..]));
    }

    /// Compose's `entrypoint:` drops the image's CMD; its `command:` goes to the image's
    /// ENTRYPOINT.
    #[test]
    fn a_start_that_replaces_the_entrypoint_or_cmd() {
        let df = crate::syntax::parse("FROM x\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"node\", \"server.js\"]\n").unwrap();
        let m = super::super::model(&df, &crate::templates::Library::builtin().unwrap().knowledge);
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let c = run_command_with(&m.stages[0], None, Some(&words(&["nodemon", "server.js"])));
        assert_eq!((c.program(), c.wrappers.as_slice(), c.handed_to_entrypoint.as_deref()), ("nodemon", &["tini".to_string()][..], Some("nodemon")));
        let c = run_command_with(&m.stages[0], Some(&words(&["sh", "-c", "./migrate.sh && node server.js"])), None);
        assert_eq!((c.programs.as_slice(), c.shell, c.line), (&["./migrate.sh".to_string(), "node".to_string()][..], true, None));
    }
}
