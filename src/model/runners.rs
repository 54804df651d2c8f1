//! Programs that run the command after their own words: `exec`, `sudo -u app`, `env A=1`,
//! `gosu app`, `tini --`, `timeout 30`, `dockerize -wait tcp://db:5432`. The one list of them:
//! a start command's program, the programs a start script runs and what a RUN installs are all
//! read through [`runs_after`], so a runner known to one reader is known to all.

use crate::paths::Basename;

/// Where the command the runner at the head of `words` runs begins: `Some(i)` when `words`
/// begins with one, its own words being `words[..i]`. At `i == words.len()` the command is not
/// in these words: an exec-form ENTRYPOINT's runner (`["dumb-init", "--"]`) runs the CMD the
/// engine appends. `None` for `sudo` running nothing (`sudo -l`).
pub fn runs_after(words: &[String]) -> Option<usize> {
    let rest = words.get(1..)?;
    let at = match words[0].basename() {
        "exec" => options_end(rest, "a", &[]),
        "nohup" => 0,
        // GNU time's `-f FORMAT`, `-o FILE`; bash's keyword takes `-p`.
        "time" => options_end(rest, "fo", &["format", "output"]),
        "nice" => options_end(rest, "n", &["adjustment"]),
        // The duration follows the options.
        "timeout" => options_end(rest, "sk", &["signal", "kill-after"]) + 1,
        "sudo" => sudo_command_at(rest)?,
        "env" => env_command_at(rest),
        "tini" => options_end(rest, "pe", &[]),
        "dumb-init" => options_end(rest, "r", &["rewrite"]),
        // The account to run as follows the options.
        "gosu" | "su-exec" | "setuidgid" | "s6-setuidgid" => options_end(rest, "", &[]) + 1,
        "chpst" => options_end(rest, "uUbeC/nlLmdopfcrt", &[]),
        // `runuser -u app -- cmd`; not `runuser -l app -c "cmd"`, which hands a shell its text.
        "runuser" if rest.iter().any(|w| w == "-u" || w.starts_with("--user")) => options_end(rest, "ugGw", &["user", "group", "supp-group", "whitelist-environment"]),
        "dockerize" => dockerize_command_at(rest),
        _ => return None,
    };
    Some(at.min(rest.len()) + 1)
}

/// Where a runner's options end in `args`: `--` ends them; a short option in `valued` (last in
/// a bundle: `-EHu app`) and a long one in `valued_long` take the next word.
fn options_end(args: &[String], valued: &str, valued_long: &[&str]) -> usize {
    command_at(args, valued, valued_long, false)
}

/// As [`options_end`], with `NAME=value` words among the options when `assignments` (env and
/// sudo take them before the command).
fn command_at(args: &[String], valued: &str, valued_long: &[&str], assignments: bool) -> usize {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            return i + 1;
        }
        i += if let Some(long) = a.strip_prefix("--") {
            if valued_long.contains(&long) { 2 } else { 1 }
        } else if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            if short.ends_with(|c| valued.contains(c)) { 2 } else { 1 }
        } else if assignments && crate::shell::is_assignment(a) {
            1
        } else {
            break;
        };
    }
    i
}

/// Where the command `sudo` runs begins in its arguments: after sudo's options, their values
/// and variable assignments (`sudo -EHu oncall bash -c ...` runs `bash`, `sudo -u app
/// HOME=/app make` runs `make`); `None` when it runs none (`sudo -l`).
pub fn sudo_command_at(args: &[String]) -> Option<usize> {
    const VALUED_LONG: &[&str] = &["user", "group", "close-from", "chdir", "prompt", "role", "type", "other-user", "command-timeout", "chroot", "host"];
    let at = command_at(args, "ugCDprtUTR", VALUED_LONG, true);
    (at < args.len()).then_some(at)
}

/// Where the command env runs begins: after its options (`-u NAME` and `-C DIR` take a value)
/// and its assignments.
fn env_command_at(args: &[String]) -> usize {
    command_at(args, "uC", &["unset", "chdir"], true)
}

/// dockerize's options that take no value; every other one takes the next word.
const DOCKERIZE_SWITCHES: &[&str] = &["poll", "no-overwrite", "skip-tls-verify", "version"];

/// Where the command jwilder/dockerize runs begins: it waits for services and renders templates,
/// then runs the program after its options (Go flags: `-wait tcp://db:5432`, `-timeout=60s`,
/// `-poll`).
fn dockerize_command_at(args: &[String]) -> usize {
    let mut i = 0;
    while let Some(flag) = args.get(i).filter(|a| a.starts_with('-')) {
        i += 1;
        if flag == "--" {
            break;
        }
        if !DOCKERIZE_SWITCHES.contains(&flag.trim_start_matches('-')) && !flag.contains('=') {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(text: &str) -> Option<String> {
        let words: Vec<String> = text.split_whitespace().map(String::from).collect();
        let mut at = 0;
        while let Some(next) = runs_after(&words[at..]) {
            at += next;
        }
        (at > 0).then(|| words[at..].join(" "))
    }

    #[test]
    fn the_program_after_each_runner() {
        let cases = [
            ("exec node app.js", Some("node app.js")),
            ("exec -a myname /app/bin", Some("/app/bin")),
            ("nohup java -jar app.jar", Some("java -jar app.jar")),
            ("nice -n 10 make", Some("make")),
            ("nice -10 make", Some("make")),
            ("time -p ./build.sh", Some("./build.sh")),
            ("timeout 30 curl x", Some("curl x")),
            ("timeout -s KILL -k 5 30s ./app", Some("./app")),
            ("sudo -EHu oncall bash -c x", Some("bash -c x")),
            ("sudo -u app HOME=/app make", Some("make")),
            ("env A=1 B=2 node app.js", Some("node app.js")),
            ("env -u HOME -C /app node app.js", Some("node app.js")),
            ("/usr/bin/tini -s -- node server.js", Some("node server.js")),
            ("tini -p SIGTERM node", Some("node")),
            ("dumb-init --rewrite 15:2 -- ./app", Some("./app")),
            ("gosu app python main.py", Some("python main.py")),
            ("su-exec app:app ./server", Some("./server")),
            ("exec gosu app \"$@\"", Some("\"$@\"")),
            ("chpst -u app:app -U app ./run", Some("./run")),
            ("s6-setuidgid app ./run", Some("./run")),
            ("runuser -u app -- ./run", Some("./run")),
            ("dockerize -wait tcp://db:5432 -timeout=60s -poll ./app", Some("./app")),
            ("dumb-init --", Some("")),
            ("gosu app", Some("")),
            ("env", Some("")),
            ("runuser -l app -c ./run", None),
            ("sudo -l", None),
            ("node app.js", None),
        ];
        for (text, want) in cases {
            assert_eq!(program(text).as_deref(), want, "{text}");
        }
    }
}
