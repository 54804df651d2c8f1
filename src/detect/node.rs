//! Node.js: servers, static single-page apps and Next.js, from `package.json`, the lockfile,
//! version files and framework config. An SSR framework (Nuxt, Remix, SvelteKit with the node
//! adapter, Next without standalone output) is a Node server, not a static site.
//! Facts: `package_manager`, `lockfile`, `build_script`, `start_script`, `main`, `output_dir`
//! (SPA), `ts_out_dir`, `standalone` (Next.js).

use crate::paths::Basename;
use super::repo::join;
use super::{line_of, Candidate, Confidence, Repo, Stack};
use serde_json::Value;

const SERVER_FRAMEWORKS: &[(&str, &str)] = &[
    ("@nestjs/core", "nestjs"),
    ("express", "express"),
    ("fastify", "fastify"),
    ("koa", "koa"),
    ("@hapi/hapi", "hapi"),
    ("hono", "hono"),
];

pub fn detect(repo: &Repo, dir: &str) -> Option<Candidate> {
    let manifest = join(dir, "package.json");
    let text = repo.read(&manifest)?;
    let mut c = Candidate::new(Stack::Node, dir);
    c.confidence = Confidence::High;
    let pkg: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            c.warn(&manifest, Some(e.line()), format!("package.json is not valid JSON: {e}"));
            c.confidence = Confidence::Low;
            Value::Null
        }
    };
    let deps = |name: &str| {
        ["dependencies", "devDependencies"].iter().any(|k| pkg.get(k).and_then(|d| d.get(name)).is_some())
    };
    let script = |name: &str| pkg.get("scripts").and_then(|s| s.get(name)).and_then(Value::as_str).map(str::to_string);

    c.package = Some(std::sync::Arc::new(PackageJson::from_value(&pkg)));
    package_manager(repo, dir, &pkg, &mut c);
    node_version(repo, dir, &pkg, &text, &manifest, &mut c);
    if let Some(main) = pkg.get("main").and_then(Value::as_str) {
        c.set("main", main);
        c.see(&manifest, line_of(&text, "\"main\""), format!("main: {main}"));
    }
    if let Some(build) = script("build") {
        c.see(&manifest, line_of(&text, "\"build\""), format!("build script: {build}"));
        c.set("build_script", build);
    }
    if let Some(start) = script("start") {
        c.see(&manifest, line_of(&text, "\"start\""), format!("start script: {start}"));
        c.entrypoint = Some(start.clone());
        c.set("start_script", start);
    }
    let dev_used = dev_dependencies_required(repo, dir, &pkg);
    if let Some((file, name)) = dev_used.first() {
        c.see(&join(dir, file), None, format!("requires {name}, which package.json lists only in devDependencies"));
        let names: Vec<&str> = dev_used.iter().map(|(_, n)| n.as_str()).collect();
        c.set("prune_breaks", format!("the app requires {}, which package.json lists only in devDependencies (move them to dependencies, then add the prune)", names.join(", ")));
    }
    // What `npm run dev` / `npm run serve` would run: the start command may name them.
    // Install-time scripts: what `npm install` runs by itself (they may build into the app).
    for name in ["dev", "serve", "preinstall", "install", "postinstall", "prepare"] {
        if let Some(text) = script(name) {
            c.set(&format!("{name}_script"), text);
        }
    }
    if let Some(out) = ts_out_dir(repo, dir, &mut c) {
        c.set("ts_out_dir", out.clone());
        c.artifacts.push(out);
    }

    let server = SERVER_FRAMEWORKS.iter().find(|(dep, _)| deps(dep)).map(|(_, name)| *name);
    let start_runs_node = script("start").is_some_and(|s| s.starts_with("node ") || s.contains("ts-node"));
    let dep_line = |name: &str| line_of(&text, &format!("\"{name}\""));

    if deps("next") {
        c.framework = Some("next".into());
        c.see(&manifest, dep_line("next"), "depends on next");
        let standalone = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"]
            .iter()
            .find_map(|f| {
                let file = join(dir, f);
                let cfg = repo.read(&file)?;
                let line = line_of(&cfg, "standalone")?;
                let is = cfg.contains("output: 'standalone'") || cfg.contains("output: \"standalone\"") || cfg.contains("output:'standalone'") || cfg.contains("output:\"standalone\"");
                is.then_some((file, line))
            });
        if let Some((file, line)) = standalone {
            c.stack = Stack::Nextjs;
            c.set("standalone", "true");
            c.see(&file, Some(line), "output: 'standalone'");
            c.artifacts = vec![".next/standalone".into(), ".next/static".into(), "public".into()];
        } else {
            c.set("standalone", "false");
            c.see(&manifest, None, "no `output: 'standalone'` in next.config: served by `next start` (a Node server)");
            c.artifacts = vec![".next".into()];
        }
        return Some(c);
    }
    // Nuxt 2 `generate` (or Nuxt 3's) writes a static site; whether it is served that way is up
    // to the Dockerfile (see `DockerfileSignals::refine_frontend`).
    if deps("nuxt") {
        c.set("frontend", "nuxt");
        c.set("dev_port", "3000");
        c.set("frontend_output", if script("generate").is_some_and(|g| g.contains("nuxi")) { ".output/public" } else { "dist" });
    }
    for (dep, name) in [("nuxt", "nuxt"), ("@remix-run/node", "remix"), ("@remix-run/serve", "remix"), ("astro", "astro")] {
        // Astro is a static site unless it has the Node adapter.
        let ssr = name != "astro" || deps("@astrojs/node");
        if deps(dep) && ssr {
            c.framework = Some(name.into());
            c.see(&manifest, dep_line(dep), format!("depends on {dep}: a server-rendered app"));
            return Some(c);
        }
    }
    if deps("@sveltejs/kit") {
        c.framework = Some("sveltekit".into());
        if deps("@sveltejs/adapter-static") {
            c.stack = Stack::Spa;
            c.see(&manifest, dep_line("@sveltejs/adapter-static"), "SvelteKit with adapter-static: a static site");
            spa_output(&mut c, "build");
        } else {
            c.see(&manifest, dep_line("@sveltejs/kit"), "SvelteKit without adapter-static: a Node server");
        }
        return Some(c);
    }

    let spa = if deps("@angular/core") {
        Some(("angular", angular_output(repo, dir, &mut c)))
    } else if deps("react-scripts") {
        Some(("create-react-app", "build".to_string()))
    } else if deps("@vue/cli-service") {
        Some(("vue-cli", "dist".to_string()))
    } else if deps("vite") {
        let flavour = if deps("react") { "vite-react" } else if deps("vue") { "vite-vue" } else if deps("svelte") { "vite-svelte" } else { "vite" };
        Some((flavour, vite_out_dir(repo, dir, &mut c)))
    } else if let Some(out) = deps("vue").then(|| vue_webpack_template_output(repo, dir, &mut c)).flatten() {
        Some(("vue-webpack", out))
    } else if deps("webpack-dev-server") && BROWSER_PACKAGES.iter().any(|d| deps(d)) {
        // A hand-made webpack configuration for a browser app (portchecker's React UI).
        Some(("webpack", webpack_output(repo, dir, &mut c)))
    } else {
        None
    };
    if let Some((fw, out)) = &spa {
        c.set("frontend", *fw);
        c.set("frontend_output", out.clone());
        // The port its dev server listens on unless told otherwise.
        let port = match *fw {
            "create-react-app" => "3000",
            "vue-cli" => "8080",
            "angular" => "4200",
            "vue-webpack" | "webpack" => "8080",
            _ => "5173",
        };
        c.set("dev_port", port);
    }
    match (spa, server) {
        (Some((fw, out)), None) if !start_runs_node => {
            c.stack = Stack::Spa;
            c.framework = Some(fw.into());
            let dep = match fw {
                "angular" => "@angular/core",
                "create-react-app" => "react-scripts",
                "vue-cli" => "@vue/cli-service",
                "vue-webpack" => "vue",
                "webpack" => "webpack-dev-server",
                _ => "vite",
            };
            c.see(&manifest, dep_line(dep), format!("{fw} app: a static single-page app"));
            spa_output(&mut c, &out);
        }
        (_, Some(fw)) => {
            c.framework = Some(fw.into());
            c.see(&manifest, dep_line(SERVER_FRAMEWORKS.iter().find(|(_, n)| *n == fw).map(|(d, _)| *d).unwrap_or(fw)), format!("{fw} server"));
        }
        _ => {}
    }
    Some(c)
}

fn spa_output(c: &mut Candidate, out: &str) {
    c.set("output_dir", out);
    c.artifacts = vec![out.to_string()];
}

/// The warning for a package without a lockfile, and what detection assumes then; the
/// Dockerfile's own install command, when it names another manager, replaces the assumption
/// (see `DockerfileSignals::refine_package_manager`).
pub const NO_LOCKFILE: &str = "no lockfile: installs are not reproducible";
pub const ASSUMING_NPM: &str = "; assuming npm";

/// Lockfiles, and the package manager that writes each.
const LOCKFILES: &[(&str, &str)] = &[
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
    ("yarn.lock", "yarn"),
    ("pnpm-lock.yaml", "pnpm"),
    ("bun.lockb", "bun"),
    ("bun.lock", "bun"),
];

/// The package manager that writes lockfile `file` (`yarn.lock` → yarn).
pub fn lockfile_manager(file: &str) -> Option<&'static str> {
    LOCKFILES.iter().find(|(f, _)| *f == file).map(|(_, pm)| *pm)
}

/// The directory whose lockfile the package in `dir` installs from: its own, else its
/// workspace root's — the nearest directory above it in the context whose package.json lists
/// `workspaces` or that holds pnpm-workspace.yaml (a workspace keeps one lockfile, at its root:
/// penn-courses' frontend/yarn.lock for frontend/plan).
fn lockfile_dir(repo: &Repo, dir: &str) -> String {
    let has_lock = |d: &str| LOCKFILES.iter().any(|(f, _)| repo.exists(&join(d, f)));
    if has_lock(dir) {
        return dir.to_string();
    }
    let mut at = dir.trim_end_matches('/');
    while at != "." && !at.is_empty() {
        at = at.rsplit_once('/').map_or(".", |(parent, _)| parent);
        let root = repo.read(&join(at, "package.json")).and_then(|t| serde_json::from_str::<Value>(&t).ok()).is_some_and(|p| p.get("workspaces").is_some());
        if (root || repo.exists(&join(at, "pnpm-workspace.yaml"))) && has_lock(at) {
            return at.to_string();
        }
    }
    dir.to_string()
}

fn package_manager(repo: &Repo, dir: &str, pkg: &Value, c: &mut Candidate) {
    let declared = pkg.get("packageManager").and_then(Value::as_str).map(|s| s.split('@').next().unwrap_or(s).to_string());
    let lock_dir = lockfile_dir(repo, dir);
    let lock = LOCKFILES.iter().copied().find(|(f, _)| repo.exists(&join(&lock_dir, f)));
    let pm = match (lock, declared) {
        (Some((file, pm)), _) => {
            let whose = if lock_dir == dir { String::new() } else { format!(" (the workspace root's, for {dir})") };
            c.see(&join(&lock_dir, file), None, format!("lockfile {file}{whose}: {pm}"));
            c.set("lockfile", file);
            pm.to_string()
        }
        (None, Some(pm)) => {
            c.see(&join(dir, "package.json"), None, format!("packageManager: {pm}"));
            pm
        }
        (None, None) => {
            c.warn(&join(dir, "package.json"), None, format!("{NO_LOCKFILE}{ASSUMING_NPM}"));
            "npm".to_string()
        }
    };
    if pm == "yarn" {
        let berry = repo.exists(&join(&lock_dir, ".yarnrc.yml"))
            || repo.read_prefix(&join(&lock_dir, "yarn.lock"), 4096).is_some_and(|t| t.contains("__metadata"));
        c.set("yarn_flavor", if berry { "berry" } else { "classic" });
    }
    c.build_system = Some(pm.clone());
    c.set("package_manager", pm);
}

fn node_version(repo: &Repo, dir: &str, pkg: &Value, text: &str, manifest: &str, c: &mut Candidate) {
    for f in [".nvmrc", ".node-version"] {
        if let Some(v) = repo.read(&join(dir, f)).and_then(|t| super::version_digits(t.trim(), 1)) {
            c.see(&join(dir, f), Some(1), format!("node {v}"));
            c.versions.insert("node".into(), v);
            return;
        }
    }
    if let Some(engines) = pkg.get("engines").and_then(|e| e.get("node")).and_then(Value::as_str) {
        if let Some(v) = super::version_digits(engines, 1) {
            c.see(manifest, line_of(text, "\"engines\""), format!("engines.node {engines}"));
            c.versions.insert("node".into(), v);
            if super::is_lower_bound(engines, false) {
                c.set("version_lower_bound", engines);
            }
        }
    }
}

/// `compilerOptions.outDir` of tsconfig.json (which allows comments and trailing commas).
fn ts_out_dir(repo: &Repo, dir: &str, c: &mut Candidate) -> Option<String> {
    let file = join(dir, "tsconfig.json");
    let text = repo.read(&file)?;
    let json = super::jsonc::to_json(&text);
    match serde_json::from_str::<Value>(&json) {
        Ok(v) => {
            let out = v.get("compilerOptions")?.get("outDir")?.as_str()?.trim_start_matches("./").trim_end_matches('/').to_string();
            c.see(&file, super::jsonc::key_line(&json, "outDir"), format!("TypeScript outDir {out}"));
            Some(out)
        }
        Err(e) => {
            c.warn(&file, Some(e.line()), format!("tsconfig.json could not be read: {e}"));
            None
        }
    }
}

/// Vite's `build.outDir`, default `dist`.
fn vite_out_dir(repo: &Repo, dir: &str, c: &mut Candidate) -> String {
    for f in ["vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"] {
        let file = join(dir, f);
        if let Some(cfg) = repo.read(&file) {
            if let Some(out) = quoted_value_after(&cfg, "outDir") {
                c.see(&file, line_of(&cfg, "outDir"), format!("build.outDir {out}"));
                return out;
            }
            c.see(&file, None, "vite config without build.outDir: output in dist");
            return "dist".into();
        }
    }
    "dist".into()
}

/// The output of a Vue 2 app made from vue-cli 2's `webpack` template (`node build/build.js`):
/// `build.assetsRoot` in config/index.js, `path.resolve(__dirname, '../dist')`.
fn vue_webpack_template_output(repo: &Repo, dir: &str, c: &mut Candidate) -> Option<String> {
    let file = join(dir, "config/index.js");
    let text = repo.read(&file)?;
    let at = text.find("assetsRoot")?;
    let rest = &text[at..];
    let quote = rest.find(['\'', '"'])?;
    let value = &rest[quote + 1..];
    let value = &value[..value.find(['\'', '"'])?];
    let out = value.strip_prefix("../")?.trim_end_matches('/').to_string();
    (!out.is_empty() && !out.contains("..")).then(|| {
        c.see(&file, line_of(&text, "assetsRoot"), format!("vue-cli 2 webpack template: build.assetsRoot {out}"));
        out
    })
}

/// Packages only a browser app depends on: with webpack's dev server, a frontend.
const BROWSER_PACKAGES: &[&str] = &["react", "react-dom", "vue", "preact", "svelte", "html-webpack-plugin"];

/// webpack's `output.path` (`path: resolve(__dirname, 'dist')`) in webpack.config.js, default
/// `dist`.
fn webpack_output(repo: &Repo, dir: &str, c: &mut Candidate) -> String {
    let file = join(dir, "webpack.config.js");
    let Some(text) = repo.read(&file) else { return "dist".into() };
    let named = text.find("output").and_then(|at| {
        let rest = &text[at..];
        let value = &rest[rest.find("__dirname")?..];
        let value = &value[value.find(['\'', '"'])? + 1..];
        let out = value[..value.find(['\'', '"'])?].trim_start_matches("./").trim_end_matches('/').to_string();
        (!out.is_empty() && !out.contains("..")).then_some(out)
    });
    match named {
        Some(out) => {
            c.see(&file, line_of(&text, "output"), format!("webpack output.path {out}"));
            out
        }
        None => "dist".into(),
    }
}

/// Angular's output path from angular.json: `dist/<project>`, plus `/browser` with the
/// application builder (Angular 17+).
fn angular_output(repo: &Repo, dir: &str, c: &mut Candidate) -> String {
    let file = join(dir, "angular.json");
    let Some(text) = repo.read(&file) else {
        return "dist".into();
    };
    let v: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            c.warn(&file, Some(e.line()), format!("angular.json is not valid JSON: {e}"));
            return "dist".into();
        }
    };
    let projects = v.get("projects").and_then(Value::as_object);
    let name = v
        .get("defaultProject")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| projects.and_then(|p| p.keys().next().cloned()))
        .unwrap_or_default();
    let build = projects.and_then(|p| p.get(&name)).and_then(|p| p.get("architect").or_else(|| p.get("targets"))).and_then(|a| a.get("build"));
    let builder = build.and_then(|b| b.get("builder")).and_then(Value::as_str).unwrap_or("");
    let output = build.and_then(|b| b.get("options")).and_then(|o| o.get("outputPath"));
    let base = match output {
        Some(Value::String(s)) => s.trim_end_matches('/').to_string(),
        Some(Value::Object(o)) => o.get("base").and_then(Value::as_str).unwrap_or("dist").to_string(),
        _ => format!("dist/{name}"),
    };
    let out = if builder.ends_with(":application") { format!("{base}/browser") } else { base };
    c.see(&file, line_of(&text, "outputPath"), format!("project {name} builds to {out}"));
    out
}

fn quoted_value_after(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)? + key.len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].trim_start_matches("./").to_string())
}

/// Packages the app's own code requires that package.json lists only in devDependencies
/// (`require('body-parser')` with body-parser a dev dependency): the original image installed
/// them, so pruning dev dependencies would break the app. Reads at most 300 source files,
/// leaving out node_modules, build output, tests, tool configs (`webpack.config.js`,
/// `karma.conf.js`) and browser code: a directory with an index.html holds a frontend's
/// sources, which a bundler compiles and Node never loads (RTL's Angular `src/` beside its
/// Express server); each hit with its file.
fn dev_dependencies_required(repo: &Repo, dir: &str, pkg: &Value) -> Vec<(String, String)> {
    let listed = |k: &str| pkg.get(k).and_then(Value::as_object).map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    let (prod, dev) = (listed("dependencies"), listed("devDependencies"));
    let dev_only: Vec<String> = dev.into_iter().filter(|d| !prod.contains(d) && !d.starts_with("@types/")).collect();
    if dev_only.is_empty() {
        return Vec::new();
    }
    const SKIP_DIRS: &[&str] = &["node_modules", "test", "tests", "__tests__", "spec", "coverage", ".git", "dist", "build", "e2e", "cypress"];
    let mut found: Vec<(String, String)> = Vec::new();
    let mut queue: Vec<(String, usize)> = vec![(String::new(), 0)];
    let mut files = 0;
    while let Some((rel, depth)) = queue.pop() {
        let here = join(dir, &rel);
        let names = repo.list(&here);
        if !rel.is_empty() && names.iter().any(|n| n == "index.html") {
            continue;
        }
        for name in names {
            let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            if repo.is_dir(&join(dir, &child)) {
                if depth < 4 && !SKIP_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                    queue.push((child, depth + 1));
                }
                continue;
            }
            let source = [".js", ".cjs", ".mjs", ".ts"].iter().any(|e| name.ends_with(e)) && !name.ends_with(".d.ts");
            // Build tooling's configs are not run by the app; Next's is: `next start` loads
            // next.config.js (tadoku's requires @zeit/next-css, a devDependency).
            let tooling = [".test.", ".spec.", ".config.", ".conf.", "gulpfile", "Gruntfile", "webpack.", "jest."].iter().any(|t| name.contains(t)) && !name.starts_with("next.config.");
            if !source || tooling || files >= 300 {
                continue;
            }
            files += 1;
            let Some(text) = repo.read_prefix(&join(dir, &child), 64 * 1024) else { continue };
            for module in imported_modules(&text) {
                if dev_only.contains(&module) && !found.iter().any(|(_, m)| *m == module) {
                    found.push((child.clone(), module));
                }
            }
        }
    }
    found
}

/// The packages a JS/TS file loads: `require('x')`, `from 'x'`, `import 'x'` (relative paths and
/// `node:` builtins left out; `@scope/name/sub` → `@scope/name`).
fn imported_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["require(", "from ", "import "] {
        for (at, _) in text.match_indices(marker) {
            let rest = text[at + marker.len()..].trim_start();
            let Some(quote) = rest.chars().next().filter(|q| matches!(q, '\'' | '"' | '`')) else { continue };
            let Some(end) = rest[1..].find(quote) else { continue };
            let spec = &rest[1..1 + end];
            if spec.starts_with('.') || spec.starts_with('/') || spec.starts_with("node:") || spec.is_empty() {
                continue;
            }
            let parts: Vec<&str> = spec.split('/').collect();
            let name = if spec.starts_with('@') && parts.len() > 1 { format!("{}/{}", parts[0], parts[1]) } else { parts[0].to_string() };
            out.push(name);
        }
    }
    out
}

/// The package.json script a package manager's command runs: `npm start`, `npm run x`, `yarn x`,
/// `pnpm run x`. `is_script` says whether a name is one of the package's scripts (`yarn build`
/// runs the script, `yarn tsc` the program). `None` for anything else, and when the command runs
/// another directory's package.json (`--prefix`, `--cwd`), which msify does not read. The one
/// reader of such commands, for detection and planner.
pub fn script_run_by(words: &[&str], is_script: impl Fn(&str) -> bool) -> Option<String> {
    let (manager, rest) = words.split_first()?;
    let manager = manager.basename();
    if !matches!(manager, "npm" | "yarn" | "pnpm") || rest.iter().any(|w| matches!(*w, "--prefix" | "-C" | "--cwd" | "--dir") || w.starts_with("--prefix=") || w.starts_with("--cwd=")) {
        return None;
    }
    let mut operands = rest.iter().copied().filter(|w| !w.starts_with('-'));
    match (manager, operands.next()?) {
        (_, "run" | "run-script" | "rum" | "urn") => operands.next().map(str::to_string),
        ("npm", command @ ("start" | "stop" | "restart")) => Some(command.to_string()),
        ("npm", "test" | "t" | "tst") => Some("test".to_string()),
        ("yarn" | "pnpm", name) if is_script(name) => Some(name.to_string()),
        _ => None,
    }
}

/// What package.json says that the start of the container depends on: its scripts (what `npm
/// run <name>` runs) and its two dependency lists. Read once, by detection; the planner asks.
#[derive(Debug, Default)]
pub struct PackageJson {
    pub scripts: std::collections::BTreeMap<String, String>,
    pub dependencies: Vec<String>,
    pub dev_dependencies: Vec<String>,
}

impl PackageJson {
    pub fn from_value(pkg: &Value) -> PackageJson {
        let names = |key: &str| pkg.get(key).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        let scripts = pkg.get("scripts").and_then(Value::as_object).map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()).unwrap_or_default();
        PackageJson { scripts, dependencies: names("dependencies"), dev_dependencies: names("devDependencies") }
    }

    /// The scripts a command runs, each with its text, hooks included in the order they run:
    /// `npm start` → `prestart`, `start`, `poststart`. npm and Yarn 1 run the hooks; pnpm 7 and
    /// Yarn 2 do not, but a hook read needlessly only keeps more in the runtime.
    pub fn scripts_run_by(&self, words: &[&str]) -> Vec<(String, &str)> {
        let Some(name) = script_run_by(words, |s| self.scripts.contains_key(s)) else { return Vec::new() };
        [format!("pre{name}"), name.clone(), format!("post{name}")].into_iter().filter_map(|n| self.scripts.get(&n).map(|text| (n, text.as_str()))).collect()
    }

    /// Whether package.json lists `package` for development only.
    pub fn dev_only(&self, package: &str) -> bool {
        self.dev_dependencies.iter().any(|d| d == package) && !self.dependencies.iter().any(|d| d == package)
    }
}
