//! The package.json scripts a start command runs (`npm start`, `npm run start:prod`, `yarn
//! serve`), read as start scripts: the package manager runs a script's `pre` and `post` hooks
//! around it, and a script may run other scripts (`npm run build && node dist`) or a shell
//! script (`./start.sh`). What they run decides what the runtime needs: a program that only a
//! devDependency provides (`nest start`, `tsc` in a `prestart`, `cross-env`, `node -r
//! ts-node/register`) is gone after `npm prune`, so the runtime keeps the dev dependencies and
//! the note names the program that needs them.

use crate::paths::Basename;
use super::Planner;
use crate::detect::node::PackageJson;
use crate::detect::Stack;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a command starts from node_modules: a program (`nest`, `npx tsc`, `yarn tsc`,
/// `node_modules/.bin/tsc`) or a module node preloads (`node -r ts-node/register`).
enum FromModules {
    Program(String),
    Module(String),
}

/// Package-manager commands that are not scripts or programs (`yarn install`, `pnpm add`).
const MANAGER_COMMANDS: &[&str] = &["install", "i", "ci", "add", "remove", "rm", "uninstall", "run", "run-script", "exec", "dlx", "x", "why", "upgrade", "up", "update", "global", "cache", "config", "info", "init", "link", "unlink", "list", "ls", "outdated", "pack", "publish", "audit", "bin", "create", "import", "prune", "rebuild", "set", "workspace", "workspaces", "version", "help"];

fn started_from_modules(words: &[&str], is_script: impl Fn(&str) -> bool) -> Vec<FromModules> {
    let Some((program, args)) = words.split_first() else { return Vec::new() };
    let name = program.basename();
    let operand = |from: usize| args.iter().skip(from).find(|a| !a.starts_with('-')).map(|a| FromModules::Program(a.to_string()));
    match name {
        "npx" => operand(0).into_iter().collect(),
        "npm" | "pnpm" | "yarn" if args.first().is_some_and(|a| matches!(*a, "exec" | "x" | "dlx")) => operand(1).into_iter().collect(),
        "yarn" | "pnpm" => args.iter().find(|a| !a.starts_with('-')).filter(|a| !is_script(a) && !MANAGER_COMMANDS.contains(a)).map(|a| FromModules::Program(a.to_string())).into_iter().collect(),
        "node" | "nodejs" => {
            let mut out = Vec::new();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                let (flag, value) = a.split_once('=').map_or((*a, None), |(f, v)| (f, Some(v)));
                if matches!(flag, "-r" | "--require" | "--loader" | "--experimental-loader" | "--import") {
                    if let Some(v) = value.or_else(|| it.next().copied()) {
                        out.push(FromModules::Module(v.to_string()));
                    }
                } else if !a.starts_with('-') {
                    // The script node runs: `node node_modules/.bin/tsc`, `node ./node_modules/typeorm/cli.js`.
                    out.extend(module_of_path(a).map(FromModules::Module));
                    break;
                }
            }
            out
        }
        _ if program.contains("node_modules/") => module_of_path(program).map(FromModules::Module).into_iter().chain(program.contains("node_modules/.bin/").then(|| FromModules::Program(name.to_string()))).collect(),
        // A script file (`./start.sh`, `/opt/wait-for-it.sh`) is followed as a start script.
        _ if crate::shell::is_script(program) => Vec::new(),
        _ => vec![FromModules::Program(name.to_string())],
    }
}

/// The package a path inside node_modules belongs to: `node_modules/typeorm/cli.js` → `typeorm`.
fn module_of_path(path: &str) -> Option<String> {
    let (_, inside) = path.rsplit_once("node_modules/")?;
    (!inside.starts_with(".bin/")).then(|| package_of_module(inside))
}

/// The package of a module specifier: `ts-node/register` → `ts-node`, `@babel/register/x` →
/// `@babel/register`.
fn package_of_module(module: &str) -> String {
    let parts: Vec<&str> = module.splitn(3, '/').collect();
    if module.starts_with('@') && parts.len() > 1 { format!("{}/{}", parts[0], parts[1]) } else { parts[0].to_string() }
}

/// The parts of an npm 7+ lockfile (`lockfileVersion` 2 or 3) that say which package puts
/// which program in node_modules/.bin and whether it is installed for development only.
#[derive(Deserialize, Default)]
pub(crate) struct Lockfile {
    #[serde(default)]
    packages: BTreeMap<String, Locked>,
}

#[derive(Deserialize)]
struct Locked {
    #[serde(default)]
    bin: Option<Value>,
    #[serde(default)]
    dev: bool,
    #[serde(default, rename = "devOptional")]
    dev_optional: bool,
}

/// Lockfiles are read up to this size (a large monorepo's is a few MB).
const LOCKFILE_LIMIT: u64 = 32 * 1024 * 1024;

impl Lockfile {
    /// The package that puts `program` in node_modules/.bin (hoisted to the top level), and
    /// whether it is for development only.
    fn provider(&self, program: &str) -> Option<(String, bool)> {
        self.packages.iter().filter(|(path, _)| path.starts_with("node_modules/") && !path["node_modules/".len()..].contains("/node_modules/")).find_map(|(path, locked)| {
            let package = &path["node_modules/".len()..];
            let provides = match locked.bin.as_ref()? {
                Value::Object(bins) => bins.contains_key(program),
                Value::String(_) => package.basename() == program,
                _ => false,
            };
            provides.then(|| (package.to_string(), locked.dev || locked.dev_optional))
        })
    }

    /// Whether the lockfile installs `package` (top level) for development only.
    fn dev_only(&self, package: &str) -> Option<bool> {
        self.packages.get(&format!("node_modules/{package}")).map(|l| l.dev || l.dev_optional)
    }
}

impl Planner<'_> {
    /// The app's package.json, as detection read it.
    pub(crate) fn package(&self) -> Option<&PackageJson> {
        self.cand.package.as_deref()
    }

    /// The npm 7+ lockfile beside the image's package.json, read once, and only when a
    /// program's package is not found otherwise.
    fn lockfile(&self) -> Option<&Lockfile> {
        self.lockfile
            .get_or_init(|| {
                let rel = self.context_path_of("package-lock.json")?;
                let file = self.context.join(rel.trim_start_matches("./"));
                (std::fs::metadata(&file).ok()?.len() <= LOCKFILE_LIMIT).then(|| std::fs::read(&file).ok().and_then(|b| serde_json::from_slice(&b).ok())).flatten()
            })
            .as_ref()
    }

    /// Why no prune can run where the dependencies are: the last Node.js install ran in a
    /// directory msify cannot name (`for idx in client server; do (cd $idx && npm install);
    /// done` leaves `$idx`, a loop variable, in it). A prune elsewhere finds no package.json and
    /// fails the build; without one the runtime keeps what the build installed, as before.
    pub(super) fn node_install_dir_unnamed(&self) -> Option<String> {
        let (line, dir) = self.node_installs().last()?;
        dir.contains('$').then(|| format!("line {line} installs them in {dir}, a directory msify cannot name (a variable the shell sets), so no prune can run there"))
    }

    /// Why no prune can run: the build moved the installed node_modules out of the project
    /// (`npm ci && mv /app/node_modules /node_modules`; Node.js finds it by walking up from
    /// /app). `npm prune` works beside package.json only: there it finds no node_modules and
    /// installs the production dependencies a second time (seen on the engine:
    /// legacy-voting-result's rewrite kept /node_modules whole and added /app/node_modules).
    pub(super) fn node_modules_moved_out(&self) -> Option<String> {
        let (install_line, installed) = self.node_install_writes().last().map(|(line, w)| (line, w.path.clone()))?;
        self.stage.of("run").filter(|s| s.line >= install_line).find_map(|s| {
            let fx = s.run.as_ref()?;
            let moved = fx.moves.iter().find(|m| m.program == "mv" && m.from == installed)?;
            // In the install's own RUN, only a move after the install counts.
            let at = |path: &str| fx.writes.iter().position(|w| w.path == path);
            let after_install = s.line > install_line || at(&installed).zip(at(&moved.to)).is_some_and(|(install, mv)| install < mv);
            after_install.then(|| format!("line {} moves {installed} to {}, out of the project, and npm prune works only beside package.json; the dependencies are copied as the build left them", s.line, moved.to))
        })
    }

    /// Where the stage's RUNs installed Node.js packages, in order: (line, the directory whose
    /// node_modules the install filled, `/` for the root). The stage model records an install
    /// as a tree it writes (`npm ci`, `yarn install` follow the RUN's own `cd`).
    pub(super) fn node_installs(&self) -> impl Iterator<Item = (usize, String)> + '_ {
        self.node_install_writes().map(|(line, w)| {
            let dir = w.path.trim_end_matches("/node_modules");
            (line, if dir.is_empty() { "/".to_string() } else { dir.to_string() })
        })
    }

    fn node_install_writes(&self) -> impl Iterator<Item = (usize, &crate::model::run::Write)> + '_ {
        self.stage.of("run").flat_map(|s| s.run.iter().flat_map(move |fx| fx.writes.iter().map(move |w| (s.line, w)))).filter(|(_, w)| w.tree && w.how.ends_with(" install") && w.path.ends_with("/node_modules"))
    }

    /// The reviewer is told when the manager that prunes (detection's `package_manager`: the
    /// one the Dockerfile installs with) is not the repository's lockfile's.
    pub(super) fn note_lockfile_of_another_manager(&mut self) {
        let (pm, lockfile) = (self.fact("package_manager"), self.fact("lockfile"));
        let Some(line) = self.node_install_writes().last().map(|(line, _)| line) else { return };
        if crate::detect::node::lockfile_manager(&lockfile).is_some_and(|by| by != pm) {
            self.notes.push(format!("line {line} installs the dependencies with {pm}, not by the repository's {lockfile}: {pm} prunes them"));
        }
    }

    /// Why pruning the dev dependencies would break the start: the first program (or preloaded
    /// module) that the start command, its package.json scripts or its start scripts run and
    /// that only a devDependency provides. `None` when there is none, or no package.json.
    pub(super) fn dev_dependency_at_start(&self) -> Option<String> {
        if !matches!(self.cand.stack, Stack::Node | Stack::Nextjs | Stack::Spa) {
            return None;
        }
        let package = self.package()?;
        let is_script = |s: &str| package.scripts.contains_key(s);
        let command: Vec<&str> = self.cmd.argv.iter().map(String::as_str).collect();
        let scripts = self.start_scripts();
        let commands = std::iter::once(("the start command".to_string(), command)).chain(scripts.iter().flat_map(|s| s.commands.iter().map(move |c| (s.describe(), std::iter::once(c.program_word()).chain(c.args().iter().map(String::as_str)).collect()))));
        for (by, words) in commands {
            for started in started_from_modules(&words, is_script) {
                let found = match &started {
                    FromModules::Program(program) => self.dev_provider(package, program).map(|p| (format!("`{program}`"), p)),
                    FromModules::Module(module) => {
                        let name = package_of_module(module);
                        let dev = package.dev_only(&name) || self.lockfile().and_then(|l| l.dev_only(&name)) == Some(true);
                        dev.then(|| (format!("node with `{module}`"), name))
                    }
                };
                if let Some((what, provider)) = found {
                    return Some(format!("{by} runs {what}, which {provider} provides; package.json lists it for development only, so pruning would remove it (move it to dependencies, then add the prune)"));
                }
            }
        }
        None
    }

    /// The devDependency that provides `program`: package.json's devDependencies by their
    /// programs (knowledge `npm_package`, else the package's own name), then the lockfile.
    fn dev_provider(&self, package: &PackageJson, program: &str) -> Option<String> {
        let provides = |p: &String| self.knowledge.npm_binaries(p).iter().any(|b| b == program);
        if package.dependencies.iter().any(provides) {
            return None;
        }
        if let Some(dev) = package.dev_dependencies.iter().find(|p| provides(p)) {
            return Some(dev.clone());
        }
        // Programs the image itself has (`sleep`, `git`, `node`) are not looked for in the lockfile.
        let image_has = self.knowledge.image(self.resolved_image()).programs.as_ref().is_some_and(|p| p.contains(program));
        if image_has || crate::model::run::is_builtin(program) || matches!(program, "node" | "nodejs" | "npm" | "npx" | "yarn" | "pnpm") || crate::shell::is_shell(program) {
            return None;
        }
        let (provider, dev) = self.lockfile()?.provider(program)?;
        dev.then_some(provider)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(json: &str, command: &str) -> Vec<String> {
        let package = PackageJson::from_value(&serde_json::from_str(json).unwrap());
        let words: Vec<&str> = command.split(' ').collect();
        package.scripts_run_by(&words).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_start_command_runs_the_script_and_its_hooks() {
        let pkg = r#"{"scripts": {"prestart": "npm run build", "start": "node dist", "build": "tsc", "serve": "x"}}"#;
        assert_eq!(scripts(pkg, "npm start"), ["prestart", "start"]);
        assert_eq!(scripts(pkg, "npm run --silent build"), ["build"]);
        assert_eq!(scripts(pkg, "yarn serve"), ["serve"]);
        assert_eq!(scripts(pkg, "pnpm run start"), ["prestart", "start"]);
        assert!(scripts(pkg, "yarn install").is_empty());
        assert!(scripts(pkg, "npm --prefix /srv start").is_empty(), "another directory's package.json is not read");
        assert!(scripts(pkg, "node server.js").is_empty());
    }

    fn started(command: &str) -> Vec<String> {
        let words: Vec<&str> = command.split(' ').collect();
        started_from_modules(&words, |s| s == "build")
            .into_iter()
            .map(|s| match s {
                FromModules::Program(p) => format!("program {p}"),
                FromModules::Module(m) => format!("module {m}"),
            })
            .collect()
    }

    #[test]
    fn programs_and_modules_a_command_takes_from_node_modules() {
        assert_eq!(started("nest start"), ["program nest"]);
        assert_eq!(started("npx --no-install tsc -p ."), ["program tsc"]);
        assert_eq!(started("yarn tsc"), ["program tsc"]);
        assert!(started("yarn build").is_empty(), "a script, followed as a script");
        assert!(started("yarn install").is_empty());
        assert_eq!(started("node -r ts-node/register src/index.ts"), ["module ts-node/register"]);
        assert_eq!(started("node --require=@babel/register index.js"), ["module @babel/register"]);
        assert_eq!(started("node ./node_modules/typeorm/cli.js migration:run"), ["module typeorm"]);
        assert_eq!(started("./node_modules/.bin/tsc"), ["program tsc"]);
        assert!(started("/opt/wait-for-it.sh postgres:5432").is_empty(), "a script file is read as a start script");
        assert!(started("node dist/main.js").is_empty());
        assert_eq!(package_of_module("@babel/register/lib/node"), "@babel/register");
    }

    #[test]
    fn an_npm7_lockfile_names_a_programs_package() {
        let lock: Lockfile = serde_json::from_str(r#"{"lockfileVersion": 3, "packages": {
            "": {"name": "app"},
            "node_modules/@nestjs/cli": {"version": "9.0.0", "bin": {"nest": "bin/nest.js"}, "dev": true},
            "node_modules/pm2": {"version": "5.0.0", "bin": {"pm2-runtime": "bin/pm2-runtime"}},
            "node_modules/a/node_modules/tsc-alias": {"bin": {"tsc-alias": "x"}, "dev": true}
        }}"#).unwrap();
        assert_eq!(lock.provider("nest"), Some(("@nestjs/cli".to_string(), true)));
        assert_eq!(lock.provider("pm2-runtime"), Some(("pm2".to_string(), false)));
        assert_eq!(lock.provider("tsc-alias"), None, "only hoisted packages are on node_modules/.bin");
        assert_eq!(lock.dev_only("@nestjs/cli"), Some(true));
    }
}
