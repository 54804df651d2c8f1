//! Programs a Node.js build puts on PATH by linking the project into npm's global packages
//! (`npm link`, `npm install -g .`): each `bin` entry of the linked package.json becomes a
//! symlink in npm's global `bin` that points into the project. The runtime copies the project,
//! not npm's global directories, so it makes the same links again (`ln -s`) — without them a
//! container that starts `cross-seed` by name finds nothing to run.

use crate::paths::Basename;
use super::Planner;
use crate::model::join_path;

/// One program on PATH that points into the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// The program's name (`cross-seed`).
    pub name: String,
    /// Where npm put it (`/usr/local/bin/cross-seed`).
    pub link: String,
    /// The file it runs, inside the project (`/usr/src/cross-seed/dist/cmd.js`).
    pub target: String,
    /// The line of the RUN that linked it.
    pub line: usize,
}

impl Planner<'_> {
    /// The links the build makes into the project, when npm's prefix and the package's `bin`
    /// entries are known and what they point at is copied with the project.
    pub(super) fn global_links(&self) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        for s in self.stage.of("run") {
            let Some(fx) = &s.run else { continue };
            let prefix = ["NPM_CONFIG_PREFIX", "npm_config_prefix"].iter().find_map(|k| s.before.value(k)).or_else(|| self.stage.base.facts().and_then(|f| f.npm_prefix.clone()));
            let Some(prefix) = prefix else { continue };
            for dir in &fx.global_links {
                let Some(text) = self.context_file_at(&join_path(dir, "package.json")) else { continue };
                for (name, file) in package_bins(&text) {
                    let target = join_path(dir, &file);
                    if self.in_project(&target) && !out.iter().any(|l| l.name == name) {
                        out.push(Link { link: format!("{}/bin/{name}", prefix.trim_end_matches('/')), name, target, line: s.line });
                    }
                }
            }
        }
        out
    }

}

/// A package.json's programs: `"bin": "cli.js"` is one named after the package (without its
/// scope), `"bin": {"a": "bin/a.js"}` names each. Names that are not plain file names are skipped.
fn package_bins(text: &str) -> Vec<(String, String)> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
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

/// The runtime line that makes the links again: one RUN, after the project is copied in.
pub(super) fn link_line(links: &[Link]) -> String {
    let each: Vec<String> = links.iter().map(|l| format!("ln -s {} {}", l.target, l.link)).collect();
    format!("RUN {}", each.join(" && "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_by_name() {
        assert_eq!(package_bins(r#"{"name": "@scope/tool", "bin": "./dist/cmd.js"}"#), [("tool".to_string(), "./dist/cmd.js".to_string())]);
        assert_eq!(package_bins(r#"{"name": "x", "bin": {"a": "bin/a.js", "b": "bin/b.js", "../up": "x"}}"#), [("a".to_string(), "bin/a.js".to_string()), ("b".to_string(), "bin/b.js".to_string())]);
        assert!(package_bins(r#"{"name": "lib"}"#).is_empty() && package_bins("not json").is_empty());
        let l = Link { name: "a".into(), link: "/usr/local/bin/a".into(), target: "/app/bin/a.js".into(), line: 3 };
        assert_eq!(link_line(&[l.clone(), Link { name: "b".into(), link: "/usr/local/bin/b".into(), ..l }]), "RUN ln -s /app/bin/a.js /usr/local/bin/a && ln -s /app/bin/a.js /usr/local/bin/b");
    }
}
