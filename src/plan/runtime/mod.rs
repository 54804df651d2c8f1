//! The runtime stage as a replay, not a template fill: the user's runtime-relevant instructions
//! in their original order, each inserted line at the first point where what it needs exists.
//! Built by small named steps over one value: the base image and what it must install
//! ([`setup`]), who the app runs as ([`user`]), where each artifact is copied in
//! ([`artifacts`]), the replay itself ([`replay`]), the directories the app's own user keeps
//! ([`owners`]) and the ports the image adds by itself ([`ports`]).

mod artifacts;
mod env;
mod owners;
mod ports;
mod replay;
mod setup;
mod user;


use super::builder::Builder;
use super::needs::{Needs, RuntimePackages};
use super::roles::Role;
use super::{Failure, Planner};
use crate::syntax::Span;
use crate::templates::Variant;

/// One line of the runtime stage: new, or an instruction of the user's (with the comments above
/// it when it moved) re-emitted byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    New(String),
    Original { first: usize, last: usize },
}

/// What the runtime stage's assembly tells the plan besides its text.
pub(crate) struct Runtime {
    pub text: String,
    pub image: String,
    pub replaced_programs: Vec<String>,
}

/// Assemble the runtime stage after the builder.
pub(crate) fn assemble(p: &mut Planner, roles: &[Role], v: &Variant, needs: &Needs, packages: &RuntimePackages, builder: &Builder) -> Result<Runtime, Failure> {
    // An empty version (floating tag) leaves `node:-slim`: that is the tag `node:slim`.
    let start = user::decide(p, v);
    let image = p.render(user::runtime_image(v, &start))?.replace(":-", ":");
    let image = p.pinned(&image);
    p.vars.insert("runtime_image".into(), image.clone());
    p.notes.push(format!(
        "runtime stage: {image} (template {}, variant {}{})",
        p.template.name,
        v.name,
        if p.options.runtime.is_some() { ", chosen with --runtime" } else { "" }
    ));
    let user = user::choose(p, v, &image, &start);
    let top = setup::lines(p, v, needs, packages, &user, &image)?;
    let artifacts = artifacts::place(p, v, &user, &builder.copy_from)?;
    // No ARG is added: a global ARG (before the first FROM) is in scope in a stage only where
    // the stage declares it again, and those ARG lines are replayed like any other.
    let mut lines: Vec<Line> = env::base(p, roles, &image);
    let environment = replay::install_environment(p, roles);
    lines.extend(p.stage.steps[..environment].iter().zip(roles).filter(|(_, r)| r.in_runtime()).map(|(s, r)| Line::Original { first: if *r == Role::Move { s.first_item } else { s.item }, last: s.item }));
    lines.extend(top.into_iter().map(Line::New));
    lines.extend(keep_workdir(p, roles, &image));
    lines.extend(keep_program_path(p, roles, &image));
    lines.extend(replay::replay(p, roles, environment, artifacts, &user, &image, &builder.copy_from)?);
    relink(p, &mut lines, &builder.copy_from);
    replay::add_user(p, &mut lines, &user);
    if let Some(cmd) = command_line(p)? {
        lines.push(Line::New(cmd));
    }
    ports::announce(p, v, &image);
    let pulled = p.pulled_as(&image);
    let from = match p.from_platform() {
        Some(pf) => format!("FROM --platform={pf} {pulled}"),
        None => format!("FROM {pulled}"),
    };
    owners::keep(p, builder, &from, &mut lines, &user);
    let text = render(p, builder, &from, &lines);
    let replaced_programs = if p.replaces_command() { vec![p.cmd.program_name().to_string()] } else { Vec::new() };
    Ok(Runtime { text, image, replaced_programs })
}

/// The programs the build put onto PATH through npm's global packages (`npm link`, `npm
/// install -g`): made again right after the last copy from the builder, which brings what they
/// point at (with npm's global package itself when the project holds no dependencies), and
/// before the USER msify adds (linking into npm's `bin` needs root).
fn relink(p: &mut Planner, lines: &mut Vec<Line>, copy_from: &str) {
    if p.links.is_empty() {
        return;
    }
    let copy = format!("COPY --from={copy_from} ");
    let mut at = lines.iter().rposition(|l| matches!(l, Line::New(t) if t.starts_with(&copy))).map(|i| i + 1).unwrap_or(lines.len());
    for dir in super::node_links::global_packages(&p.links) {
        lines.insert(at, Line::New(format!("{copy}{dir} {dir}")));
        at += 1;
        p.notes.push(format!("added COPY --from={copy_from} {dir}: the build installed the project into npm's global packages without installing its dependencies in place; the program runs from there"));
    }
    lines.insert(at, Line::New(super::node_links::link_line(&p.links)));
    for l in p.links.clone() {
        let from = if l.global_package.is_some() { "npm's global package" } else { "the project" };
        p.notes.push(format!("line {}: the build linked `{}` onto PATH ({} → {}); the runtime copies {from}, not npm's bin directory, so it makes the same link", l.line, l.name, l.link, l.target));
    }
}

/// The container must start where the original did: a WORKDIR the base image set (golang's
/// `/go`) and no replayed line sets is written out. A template that serves with its own image
/// keeps that image's directory, and says so.
fn keep_workdir(p: &mut Planner, roles: &[Role], image: &str) -> Option<Line> {
    let original = p.stage.end.workdir.clone();
    let replayed = p.stage.steps.iter().zip(roles).filter(|(s, r)| s.kw == "workdir" && r.in_runtime()).last().map(|(s, _)| s);
    let runtime_default = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).workdir.clone().unwrap_or_else(|| "/".into());
    let ends_in = replayed.map(|_| original.clone()).unwrap_or(runtime_default);
    if ends_in == original {
        return None;
    }
    if p.template.runtime.serves_files {
        p.changes.push("workdir".into());
        return None;
    }
    p.notes.push(format!("added WORKDIR {original}: the builder's image set it, and the start command runs from there"));
    Some(Line::New(format!("WORKDIR {original}")))
}

/// Programs stay findable by name: a binary copied into a directory the builder's PATH had
/// (golang's /go/bin, rust's /usr/local/cargo/bin) and the runtime image's PATH lacks gets that
/// directory put back on PATH, ahead as in the builder. Otherwise `docker run IMAGE namerctl
/// --help`, a script or a Compose `command:` naming the program finds nothing (exit 127), though
/// an ENTRYPOINT by absolute path still starts. A PATH the Dockerfile sets is replayed instead.
fn keep_program_path(p: &mut Planner, roles: &[Role], image: &str) -> Option<Line> {
    let sets_path = p.stage.steps.iter().zip(roles).any(|(s, r)| r.in_runtime() && s.kw == "env" && crate::detect::dockerfile_signals::env_pairs(&s.ins.args, p.df.escape).iter().any(|(k, _)| k == "PATH"));
    if sets_path {
        return None;
    }
    let builder_path = crate::model::path_dirs(&p.stage.end);
    let runtime_path = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).path.clone().unwrap_or_else(|| crate::model::DEFAULT_PATH.iter().map(|d| d.to_string()).collect());
    let mut dirs: Vec<&String> = builder_path.iter().filter(|dir| !runtime_path.contains(dir) && p.binaries.iter().any(|(_, to)| to.rsplit_once('/').map(|(d, _)| d) == Some(dir.as_str()))).collect();
    dirs.dedup();
    if dirs.is_empty() {
        return None;
    }
    let dirs = dirs.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(":");
    p.notes.push(format!("added ENV PATH={dirs}:$PATH: the program is copied to where {} had it on PATH, and the runtime image's PATH lacks {dirs}; it is still found by name", p.stage.from.image_text));
    Some(Line::New(format!("ENV PATH={dirs}:$PATH")))
}

/// The template's server command, or the artifact a toolchain command would run.
fn command_line(p: &mut Planner) -> Result<Option<String>, Failure> {
    if let Some((argv, _)) = &p.command_override {
        return Ok(Some(format!("CMD {}", exec_form(argv))));
    }
    match p.template.runtime.command.clone() {
        Some(command) => {
            let argv: Vec<String> = command.iter().map(|c| p.render(c)).collect::<Result<_, _>>()?;
            Ok(Some(format!("CMD {}", exec_form(&argv))))
        }
        None => Ok(default_command(p)),
    }
}

/// No CMD in the Dockerfile: the container starts its image's default. When the runtime image
/// starts something else, the builder image's default is written out, so it stays the same.
fn default_command(p: &mut Planner) -> Option<String> {
    let default = p.default_command.clone()?;
    let image = p.vars.get("runtime_image").cloned().unwrap_or_default();
    let runtime_default = p.knowledge.image(&crate::syntax::ImageRef::parse(&image)).cmd.clone();
    if default.is_empty() || runtime_default.as_ref() == Some(&default) {
        let what = if default.is_empty() { "none".to_string() } else { format!("`{}`", default.join(" ")) };
        p.notes.push(format!("no CMD in the Dockerfile: the container starts the image's default command ({what}), the same in both images"));
        return None;
    }
    p.notes.push(format!("no CMD in the Dockerfile: the builder's image starts `{}` by default and {image} does not, so the runtime says so (CMD)", default.join(" ")));
    p.changes.push("cmd".into());
    Some(format!("CMD {}", exec_form(&default)))
}

/// The text appended after the builder's last kept item: its finishing lines (or, with a test
/// stage, that stage and then a `release` stage holding them, so the tests still see what the
/// finishing lines remove), a blank line, the runtime FROM and the lines, in the file's own line
/// ending and final-newline state.
fn render(p: &Planner, builder: &Builder, from: &str, lines: &[Line]) -> String {
    let df = p.df;
    let le = df.line_ending();
    let insert_at = df.items[builder.last_kept].span.end;
    let mut text = String::new();
    if !df.text[..insert_at].ends_with('\n') {
        text.push_str(le);
    }
    if !builder.tests.is_empty() {
        text.push_str(&format!("{le}FROM {} AS test{le}", builder.stage_name));
        for &(first, last) in &builder.tests {
            push_original(&mut text, df, first, last, le);
        }
        if builder.copy_from != builder.stage_name {
            text.push_str(&format!("{le}FROM {} AS {}{le}", builder.stage_name, builder.copy_from));
        }
    }
    for line in &builder.finish {
        text.push_str(line);
        text.push_str(le);
    }
    text.push_str(le);
    text.push_str(from);
    text.push_str(le);
    for line in lines {
        match line {
            Line::New(l) => {
                text.push_str(l);
                text.push_str(le);
            }
            Line::Original { first, last } => push_original(&mut text, df, *first, *last, le),
        }
    }
    if !df.text.ends_with('\n') {
        text.truncate(text.len() - le.len()); // keep "no newline at end of file"
    }
    text
}

/// Items `first..=last` of the user's file, byte for byte, ending in a newline.
fn push_original(text: &mut String, df: &crate::syntax::Dockerfile, first: usize, last: usize, le: &str) {
    let original = df.slice(Span::new(df.items[first].span.start, df.items[last].span.end));
    text.push_str(original);
    if !original.ends_with('\n') {
        text.push_str(le);
    }
}

/// `["a", "b"]`, the way people write exec form.
pub(crate) fn exec_form(argv: &[String]) -> String {
    serde_json::to_string(argv).expect("strings").replace("\",\"", "\", \"")
}
