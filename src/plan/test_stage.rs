//! Tests run during the build (`RUN npm test`, `RUN go test ./...`). By default they stay in
//! the build stage and keep gating the image. With `--test-stage` (or `test_stage = true` in
//! msify.toml) a RUN that only runs tests moves to `FROM build AS test`, the seeds' pattern: CI
//! runs them with `docker build --target test`, and a plain `docker build` of the final stage
//! skips them (BuildKit builds only the stages the target needs), which the notes say plainly.
//!
//! A RUN that mixes tests with build steps (`go build && go test`) stays: moving half of it
//! would change what the build does. `mvn verify` and `gradle build` also package, so only
//! goals that do nothing but test count.

use super::roles::Role;
use super::Planner;
use crate::model::Step;
use crate::shell::Command;

/// Whether a command only runs tests.
pub(crate) fn is_test(c: &Command) -> bool {
    let args: Vec<&str> = c.args().iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
    match c.program() {
        "npm" | "yarn" | "pnpm" | "bun" => match args.as_slice() {
            ["test", ..] => true,
            ["run", script, ..] => script.starts_with("test"),
            _ => false,
        },
        "go" | "cargo" => args.first() == Some(&"test"),
        "pytest" | "py.test" | "tox" | "nox" => true,
        "python" | "python3" => c.has_pair("-m", "pytest") || c.has_pair("-m", "unittest") || c.has_pair("manage.py", "test"),
        "mvn" | "mvnw" | "gradle" | "gradlew" => !args.is_empty() && args.iter().all(|g| matches!(*g, "test" | "check" | "clean")) && args.iter().any(|g| *g != "clean"),
        "npx" => matches!(args.first(), Some(&"jest") | Some(&"vitest") | Some(&"mocha")),
        _ => false,
    }
}

/// Whether a RUN step only runs tests (and `cd`s to where they run).
pub(crate) fn only_tests(s: &Step) -> bool {
    let Some(fx) = s.run.as_ref().filter(|_| s.kw == "run") else { return false };
    let commands: Vec<&Command> = fx.commands.iter().filter(|c| !matches!(c.program(), "cd" | "set" | "")).collect();
    !commands.is_empty() && commands.iter().all(|c| is_test(c))
}

/// What the reviewer is told about the tests the build runs.
pub(crate) fn notes(p: &mut Planner, roles: &[Role]) {
    let moved: Vec<usize> = p.stage.steps.iter().zip(roles).filter(|(_, r)| **r == Role::Test).map(|(s, _)| s.line).collect();
    let lines = |ls: &[usize]| ls.iter().map(|l| format!("line {l}")).collect::<Vec<_>>().join(", ");
    if !moved.is_empty() {
        p.notes.push(format!(
            "tests ({}) moved to the stage `test` (FROM {} AS test): run them with `docker build --target test .` in CI; a plain `docker build` builds the runtime stage and no longer runs them",
            lines(&moved),
            p.stage_name
        ));
        return;
    }
    let gating: Vec<usize> = p.stage.steps.iter().filter(|s| only_tests(s)).map(|s| s.line).collect();
    let mixed: Vec<usize> = p.stage.steps.iter().filter(|s| !only_tests(s) && s.run.iter().flat_map(|fx| fx.commands.iter()).any(is_test)).map(|s| s.line).collect();
    if !gating.is_empty() {
        p.notes.push(format!("{} runs tests during the build; they keep gating it (with --test-stage they move to a `test` stage for `docker build --target test`)", lines(&gating)));
    }
    if !mixed.is_empty() {
        p.notes.push(format!("{} runs tests together with build steps in one RUN; they stay in the build stage (split the RUN to let --test-stage move them)", lines(&mixed)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(cmd: &str) -> bool {
        is_test(&crate::shell::commands(cmd)[0])
    }

    #[test]
    fn test_commands_and_commands_that_also_build() {
        for yes in ["npm test", "npm run test:unit", "yarn test --ci", "go test ./...", "cargo test --release", "pytest -q", "python -m pytest tests", "python manage.py test", "mvn -B test", "./gradlew clean test", "npx jest"] {
            assert!(test(yes), "{yes}");
        }
        for no in ["npm run build", "npm ci", "go build ./...", "mvn verify", "mvn package", "gradle build", "cargo build", "python app.py", "mvn clean"] {
            assert!(!test(no), "{no}");
        }
    }
}
