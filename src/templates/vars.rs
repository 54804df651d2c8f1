//! Placeholders: `{name}` in template text, filled from detection facts, toolchain versions and
//! what the planner resolved (work directory, artifact paths, port). `${VAR}` is Dockerfile or
//! shell syntax and is left alone.

use std::collections::BTreeMap;

/// Every placeholder a template may use.
pub const KNOWN: &[&str] = &[
    // toolchain versions (from the builder image tag, else the manifests)
    "go", "node", "python", "java", "rust",
    // derived from the builder image
    "tag", "debian", "debian_tag", "debian_version",
    // resolved by the planner
    "workdir", "artifact", "artifact_dest", "binary", "output_dir", "jar_glob", "jar_dir", "port",
    // each project path (copies only), the dependency directory, who owns an inserted venv and the
    // distribution package its module needs, Node's major version,
    // Python's major.minor (empty for a floating tag), where the toolchain comes from (image or packages)
    "app", "deps_dir", "venv_owner", "venv_package", "node_major", "python_minor", "toolchain_from",
    // static sites: the built directory, the build a dev-server image lacked, the builder's own web server
    "site", "build_command", "needs_build", "builder_image", "web_root",
    // detection facts
    "module", "main_packages", "package_manager", "lockfile", "build_script", "start_script", "main",
    "ts_out_dir", "server", "web_framework", "binaries", "target", "links", "libc", "prune_breaks",
];

/// Names of the `{placeholders}` in `text` (not `${shell}` variables).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = text[i..].find('{') {
        let at = i + rel;
        i = at + 1;
        if at > 0 && bytes[at - 1] == b'$' {
            continue;
        }
        if let Some(end) = text[at + 1..].find('}') {
            let name = &text[at + 1..at + 1 + end];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                out.push(name);
            }
        }
    }
    out
}

/// `Err(name)` for the first unknown placeholder.
pub fn check_placeholders(text: &str) -> Result<(), String> {
    match placeholders(text).into_iter().find(|p| !KNOWN.contains(p)) {
        Some(p) => Err(p.to_string()),
        None => Ok(()),
    }
}

/// Fill placeholders; `Err(name)` names the first one with no value.
pub fn render(text: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let escaped = at > 0 && rest.as_bytes()[at - 1] == b'$';
        let close = rest[at + 1..].find('}').map(|e| at + 1 + e);
        match close {
            Some(end) if !escaped && rest[at + 1..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && end > at + 1 => {
                let name = &rest[at + 1..end];
                let value = vars.get(name).ok_or_else(|| name.to_string())?;
                out.push_str(&rest[..at]);
                out.push_str(value);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_variables_are_not_placeholders() {
        assert_eq!(placeholders("node:{node}-slim ${TAG} {workdir}/x"), ["node", "workdir"]);
        let vars = BTreeMap::from([("node".to_string(), "20".to_string())]);
        assert_eq!(render("node:{node}-slim ${X}", &vars).unwrap(), "node:20-slim ${X}");
        assert_eq!(render("{nope}", &vars), Err("nope".to_string()));
        assert_eq!(render("printf '{\\n' {node}", &vars).unwrap(), "printf '{\\n' 20");
    }
}
