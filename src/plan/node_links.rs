//! Programs a Node.js build puts on PATH by installing the project into npm's global packages
//! (`npm link`, `npm install -g`, `npm install -g .`): each `bin` entry of the package.json
//! becomes a symlink in npm's global `bin`. The runtime copies the project, not npm's global
//! directories, so it makes the same links again (`ln -s`) — without them a container that
//! starts `cross-seed` by name finds nothing to run.
//!
//! What the links point at depends on npm's version: a link to the project (npm 5–8, 9.4+,
//! `npm link`) or a copy of it with its own dependencies in `{prefix}/lib/node_modules/NAME`
//! (npm ≤ 4 and 9.0–9.3, which `install-links` made copy). When the project was installed in
//! place (`npm ci` before), linking into it works either way. When it was not, only npm's global
//! package has the dependencies: the runtime copies that directory (following the link, if it
//! is one) and links to it (configurable-http-proxy on node:5: `npm install -g` alone).

use crate::paths::Basename;
use super::Planner;
use crate::model::join_path;

/// One program on PATH.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// The program's name (`cross-seed`).
    pub name: String,
    /// Where npm put it (`/usr/local/bin/cross-seed`).
    pub link: String,
    /// The file it runs: inside the project (`/usr/src/cross-seed/dist/cmd.js`), or inside
    /// `global_package`.
    pub target: String,
    /// npm's global package (`/usr/local/lib/node_modules/cross-seed`) the runtime copies from
    /// the builder, when the project itself holds no dependencies.
    pub global_package: Option<String>,
    /// The line of the RUN that linked it.
    pub line: usize,
}

impl Planner<'_> {
    /// The links the build makes, when npm's prefix and the package's `bin` entries are known
    /// and what they point at reaches the runtime.
    pub(super) fn global_links(&self) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        for s in self.stage.of("run") {
            let Some(fx) = &s.run else { continue };
            let prefix = ["NPM_CONFIG_PREFIX", "npm_config_prefix"].iter().find_map(|k| s.before.value(k)).or_else(|| self.stage.base.facts().and_then(|f| f.npm_prefix.clone()));
            let Some(prefix) = prefix else { continue };
            let prefix = prefix.trim_end_matches('/');
            for dir in &fx.global_links {
                let Some(json) = self.context_file_at(&join_path(dir, "package.json")).and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()) else { continue };
                let global_package = (!self.installed_in_place(dir, s.line)).then(|| package_name(&json)).flatten().map(|name| format!("{prefix}/lib/node_modules/{name}"));
                for (name, file) in package_bins(&json) {
                    let target = join_path(global_package.as_deref().unwrap_or(dir), &file);
                    let reaches_runtime = global_package.is_some() || self.in_project(&target);
                    if reaches_runtime && !out.iter().any(|l| l.name == name) {
                        out.push(Link { link: format!("{prefix}/bin/{name}"), name, target, global_package: global_package.clone(), line: s.line });
                    }
                }
            }
        }
        out
    }

    /// Whether a RUN up to `line` installed the dependencies of the project in `dir` in place
    /// (`npm ci`, `yarn install` there).
    fn installed_in_place(&self, dir: &str, line: usize) -> bool {
        let modules = join_path(dir, "node_modules");
        self.stage.of("run").take_while(|s| s.line <= line).filter_map(|s| s.run.as_ref()).any(|fx| fx.writes.iter().any(|w| w.path == modules))
    }
}

/// A package.json's `name` (`@scope/tool` keeps its scope: npm's directory is `@scope/tool`).
fn package_name(json: &serde_json::Value) -> Option<String> {
    let name = json.get("name")?.as_str()?;
    let plain = |part: &str| !part.is_empty() && !part.starts_with('.') && !part.contains(['\\', ' ']);
    let ok = match name.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').is_some_and(|(a, b)| plain(a) && plain(b) && !b.contains('/')),
        None => plain(name) && !name.contains('/'),
    };
    ok.then(|| name.to_string())
}

/// A package.json's programs: `"bin": "cli.js"` is one named after the package (without its
/// scope), `"bin": {"a": "bin/a.js"}` names each. Names that are not plain file names are skipped.
fn package_bins(json: &serde_json::Value) -> Vec<(String, String)> {
    let plain = |n: &str| !n.is_empty() && !n.contains('/') && !n.starts_with('.') && !n.contains(char::is_whitespace);
    let bins: Vec<(String, String)> = match json.get("bin") {
        Some(serde_json::Value::String(file)) => {
            let name = json.get("name").and_then(|n| n.as_str()).unwrap_or("");
            vec![(name.basename().to_string(), file.clone())]
        }
        Some(serde_json::Value::Object(map)) => map.iter().filter_map(|(n, f)| f.as_str().map(|f| (n.clone(), f.to_string()))).collect(),
        _ => Vec::new(),
    };
    bins.into_iter().filter(|(n, f)| plain(n) && !f.is_empty()).collect()
}

/// npm's global packages the runtime copies from the builder, each once.
pub(super) fn global_packages(links: &[Link]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for dir in links.iter().filter_map(|l| l.global_package.clone()) {
        if !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}

/// The runtime line that makes the links again: one RUN, after the project is copied in.
pub(super) fn link_line(links: &[Link]) -> String {
    let each: Vec<String> = links.iter().map(|l| format!("ln -s {} {}", l.target, l.link)).collect();
    format!("RUN {}", each.join(" && "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
    }
    fn bins_of(text: &str) -> Vec<(String, String)> {
        package_bins(&parsed(text))
    }
    fn name_of(text: &str) -> Option<String> {
        package_name(&parsed(text))
    }

    #[test]
    fn bins_by_name() {
        assert_eq!(bins_of(r#"{"name": "@scope/tool", "bin": "./dist/cmd.js"}"#), [("tool".to_string(), "./dist/cmd.js".to_string())]);
        assert_eq!(bins_of(r#"{"name": "x", "bin": {"a": "bin/a.js", "b": "bin/b.js", "../up": "x"}}"#), [("a".to_string(), "bin/a.js".to_string()), ("b".to_string(), "bin/b.js".to_string())]);
        assert!(bins_of(r#"{"name": "lib"}"#).is_empty() && bins_of("not json").is_empty());
        let l = Link { name: "a".into(), link: "/usr/local/bin/a".into(), target: "/app/bin/a.js".into(), global_package: None, line: 3 };
        assert_eq!(link_line(&[l.clone(), Link { name: "b".into(), link: "/usr/local/bin/b".into(), ..l }]), "RUN ln -s /app/bin/a.js /usr/local/bin/a && ln -s /app/bin/a.js /usr/local/bin/b");
    }

    #[test]
    fn package_names_as_npm_files_them() {
        assert_eq!(name_of(r#"{"name": "configurable-http-proxy"}"#).as_deref(), Some("configurable-http-proxy"));
        assert_eq!(name_of(r#"{"name": "@scope/tool"}"#).as_deref(), Some("@scope/tool"));
        assert!(name_of(r#"{"name": "../x"}"#).is_none() && name_of(r#"{"name": "@a/b/c"}"#).is_none() && name_of("{}").is_none());
    }
}
