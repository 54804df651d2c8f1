//! msify as a docker CLI plugin. Installed as `docker-msify` in a CLI plugin directory
//! (`~/.docker/cli-plugins/`, or `/usr/local/lib/docker/cli-plugins/` for every user), it
//! answers `docker msify ...`. The docker CLI first asks a plugin for its metadata
//! (`docker-msify docker-cli-plugin-metadata`, which must print a JSON object), then runs it as
//! `docker-msify msify ARGS...`: the plugin's own name comes first and is dropped here.

use std::ffi::OsString;
use std::path::Path;

/// The argument the docker CLI passes to ask a plugin who it is.
pub const METADATA_COMMAND: &str = "docker-cli-plugin-metadata";

/// What the command line asks for.
pub enum Invocation {
    /// The docker CLI's metadata query.
    Metadata,
    /// A normal run, with the arguments clap parses and the name usage messages show.
    Run { args: Vec<OsString>, bin_name: String },
}

/// Read the process arguments: as a plugin when the binary is called `docker-msify`.
pub fn invocation(mut args: Vec<OsString>) -> Invocation {
    if args.get(1).is_some_and(|a| a == METADATA_COMMAND) {
        return Invocation::Metadata;
    }
    let called = args.first().and_then(|a| Path::new(a).file_stem()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if called == "docker-msify" && args.get(1).is_some_and(|a| a == "msify") {
        args.remove(1);
        return Invocation::Run { args, bin_name: "docker msify".into() };
    }
    Invocation::Run { args, bin_name: "msify".into() }
}

/// The plugin metadata (schema 0.1.0 of the docker CLI plugin protocol).
pub fn metadata() -> String {
    serde_json::json!({
        "SchemaVersion": "0.1.0",
        "Vendor": "msify",
        "Version": env!("CARGO_PKG_VERSION"),
        "ShortDescription": "Rewrite a single-stage Dockerfile into a multi-stage one",
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_plugin_name_docker_passes_first_is_dropped() {
        match invocation(args(&["/home/u/.docker/cli-plugins/docker-msify", "msify", "--check", "."])) {
            Invocation::Run { args: a, bin_name } => {
                assert_eq!(a, args(&["/home/u/.docker/cli-plugins/docker-msify", "--check", "."]));
                assert_eq!(bin_name, "docker msify");
            }
            Invocation::Metadata => panic!("a run"),
        }
        match invocation(args(&["msify", "msify"])) {
            Invocation::Run { args: a, .. } => assert_eq!(a.len(), 2, "as msify, `msify` is a path argument"),
            Invocation::Metadata => panic!("a run"),
        }
        assert!(matches!(invocation(args(&["docker-msify", METADATA_COMMAND])), Invocation::Metadata));
        let m: serde_json::Value = serde_json::from_str(&metadata()).unwrap();
        assert_eq!(m["SchemaVersion"], "0.1.0");
    }
}
