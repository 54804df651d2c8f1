//! Turning the planner's decisions into edits: name the builder, insert builder steps, delete
//! moved lines, and append the runtime stage made of new lines and verbatim copies of the user's.

use super::stage::{is_within, referenced_vars, Step};
use super::{looks_secret, secret_file, Failure, Needs, Plan, Planner};
use crate::detect::dockerfile_signals::env_pairs;
use crate::rewrite::Edit;
use crate::syntax::ItemKind;
use crate::templates::Variant;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Builder only.
    Stay,
    /// Deleted here, re-emitted verbatim in the runtime stage.
    Move,
    /// Kept here and repeated verbatim in the runtime stage.
    Repeat,
    /// Deleted: the template replaces it (the CMD of a server the runtime does not ship).
    Drop,
}

/// A piece of the runtime stage: a new line, or original items re-emitted byte for byte.
enum Piece {
    New(String),
    Original { first: usize, last: usize },
}

/// Runtime stage groups, in the order they are emitted.
#[derive(Default)]
struct Block {
    args: Vec<Piece>,
    setup: Vec<Piece>,
    workdir: Vec<Piece>,
    env: Vec<Piece>,
    copies: Vec<Piece>,
    user: Vec<Piece>,
    config: Vec<Piece>,
    command: Vec<Piece>,
}

pub(crate) fn build(mut p: Planner, v: &Variant, needs: Needs) -> Result<Plan, Failure> {
    let df = p.df;
    let le = df.line_ending();
    let stage = p.stage.clone();
    let from_ins = match &df.items[stage.from_item].kind {
        ItemKind::Instruction(i) => i,
        _ => unreachable!("stages start at FROM"),
    };
    let mut edits = Vec::new();
    let mut notes = std::mem::take(&mut p.notes);
    let mut changes: Vec<String> = Vec::new();

    // The builder: the user's own FROM, named.
    let stage_name = stage.from.stage_name.clone().unwrap_or_else(|| "build".to_string());
    if stage.from.stage_name.is_none() {
        let at = stage.from.image_span.map(|s| s.end).unwrap_or(from_ins.content_end);
        let as_kw = if from_ins.keyword.chars().all(|c| c.is_ascii_lowercase()) { "as" } else { "AS" };
        edits.push(Edit::insert(at, format!(" {as_kw} {stage_name}")));
    }
    notes.insert(0, format!("line {}: FROM {} becomes the build stage `{stage_name}`; it keeps the toolchain", from_ins.start_line, stage.from.image_text));

    // Roles.
    let replaced = p.replaces_command();
    let last_user = p.view.of("user").last().map(|s| s.item);
    let wd = p.view.final_workdir.clone();
    let app_dir = p.vars.get("workdir").cloned().unwrap_or_else(|| wd.clone());
    let copies_app_dir = p.template.copy.iter().any(|c| c.from == "{workdir}");
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut secret_env = Vec::new();
    // ENV/USER with no build step after them only matter at run time: they move instead of being
    // repeated (a USER left at the end of the builder would also run the added prune steps).
    let last_build_step = p.view.steps.iter().filter(|s| matches!(s.kw.as_str(), "run" | "copy" | "add" | "workdir")).map(|s| s.item).max().unwrap_or(0);
    let repeat_or_move = |item: usize| if item > last_build_step { Role::Move } else { Role::Repeat };
    for step in &p.view.steps {
        let role = match step.kw.as_str() {
            "cmd" | "entrypoint" if replaced => Role::Drop,
            "cmd" | "entrypoint" | "expose" | "volume" | "healthcheck" | "stopsignal" | "label" | "maintainer" | "onbuild" => Role::Move,
            "env" => {
                let keys: Vec<String> = env_pairs(&step.ins.args, df.escape).into_iter().map(|(k, _)| k).filter(|k| looks_secret(k)).collect();
                if keys.is_empty() {
                    repeat_or_move(step.item)
                } else {
                    changes.extend(env_pairs(&step.ins.args, df.escape).into_iter().map(|(k, _)| format!("env:{k}")));
                    secret_env.push(format!("line {}: {} looks like a credential and is not carried into the runtime stage; pass it at run time (docker run -e, a secret store)", step.ins.start_line, keys.join(", ")));
                    Role::Stay
                }
            }
            "user" if Some(step.item) == last_user => repeat_or_move(step.item),
            "copy" | "add" if copies_outside(&p, step, &app_dir) => Role::Repeat,
            "run" if super::artifacts::prepares_filesystem(&p.view, step, &app_dir) => Role::Repeat,
            _ => Role::Stay,
        };
        roles.push((step.item, role));
    }
    for step in p.view.of("arg") {
        for w in step.ins.words(df.escape) {
            let name = w.text.split('=').next().unwrap_or("");
            if looks_secret(name) {
                secret_env.push(format!("line {}: ARG {name} looks like a credential; it stays in the build stage and is not declared in the runtime stage", step.ins.start_line));
            }
        }
    }
    notes.extend(secret_env);
    let role_of = |item: usize| roles.iter().find(|(i, _)| *i == item).map(|(_, r)| *r).unwrap_or(Role::Stay);

    // Deleted items: moved/dropped instructions with their comment blocks.
    let mut deleted: BTreeSet<usize> = BTreeSet::new();
    for step in &p.view.steps {
        if matches!(role_of(step.item), Role::Move | Role::Drop) {
            deleted.extend(step.first_item..=step.item);
        }
    }
    let end_item = stage.end_item;
    // Where the builder ends: its last kept instruction or comment.
    let last_kept = (stage.from_item..end_item)
        .rev()
        .find(|i| !deleted.contains(i) && matches!(df.items[*i].kind, ItemKind::Instruction(_) | ItemKind::Comment))
        .unwrap_or(stage.from_item);
    for i in last_kept + 1..end_item {
        if matches!(df.items[i].kind, ItemKind::Blank) {
            deleted.insert(i);
        }
    }
    // No two blank lines made adjacent by a deletion (blank lines the user wrote together stay).
    let mut prev_blank = false;
    let mut removed_since = false;
    for i in stage.from_item..=last_kept {
        if deleted.contains(&i) {
            removed_since = true;
            continue;
        }
        let blank = matches!(df.items[i].kind, ItemKind::Blank);
        if blank && prev_blank && removed_since {
            deleted.insert(i);
        }
        if !blank || !deleted.contains(&i) {
            prev_blank = blank;
        }
        removed_since = false;
    }
    for &i in &deleted {
        let span = df.items[i].span;
        edits.push(Edit::delete(span.start, span.end));
    }
    let moved: Vec<String> = p.view.steps.iter().filter(|s| role_of(s.item) == Role::Move).map(|s| format!("{} (line {})", s.kw.to_uppercase(), s.ins.start_line)).collect();
    if !moved.is_empty() {
        notes.push(format!("moved to the runtime stage: {}", moved.join(", ")));
    }
    if replaced {
        changes.extend(["cmd".to_string(), "entrypoint".to_string()]);
    }
    for s in p.view.steps.iter().filter(|s| role_of(s.item) == Role::Drop) {
        match &p.command_override {
            Some((argv, why)) => notes.push(format!("line {}: {} becomes {}: {why}", s.ins.start_line, s.kw.to_uppercase(), exec_form(argv))),
            None => notes.push(format!("line {}: {} is replaced by the runtime image's server (see below)", s.ins.start_line, s.kw.to_uppercase())),
        }
    }

    // Builder additions: a virtualenv before the first install; prune and secret clean-up at the end.
    if p.fact("venv") == "true" {
        if let Some(first) = super::artifacts::first_python_install(&p.view) {
            let lines = render_steps(&p, &p.template.builder.before_install, v)?;
            if !lines.is_empty() {
                let at = df.items[first.first_item].span.start;
                edits.push(Edit::insert(at, lines.iter().map(|l| format!("{l}{le}")).collect::<String>()));
                notes.push(format!("line {}: a virtualenv (/opt/venv) is created before the first dependency install, so the dependencies can be copied as one directory", first.ins.start_line));
            }
        }
    }
    let mut finish = render_steps(&p, &p.template.builder.finish, v)?;
    if !finish.is_empty() {
        notes.push(format!("added to the build stage: {} (dev dependencies stay out of the runtime)", finish.join("; ")));
    }
    if copies_app_dir {
        let secrets = secret_files_in(&p, &app_dir);
        if !secrets.is_empty() {
            finish.push(format!("RUN rm -f {}", secrets.iter().map(|(path, _)| path.as_str()).collect::<Vec<_>>().join(" ")));
            for (path, line) in &secrets {
                notes.push(format!("line {line}: {path} holds credentials; it is deleted before the app directory is copied, so it does not reach the runtime image"));
            }
        }
    }

    // The runtime stage.
    let mut block = Block::default();
    // An empty version (floating tag) leaves `node:-slim`: that is the tag `node:slim`.
    let image = p.render(&v.image)?.replace(":-", ":");
    let platform = from_ins.flag("platform").and_then(|f| f.value.clone()).filter(|v| !v.contains("BUILDPLATFORM"));
    let from_line = match &platform {
        Some(pf) => format!("FROM --platform={pf} {image}"),
        None => format!("FROM {image}"),
    };
    notes.push(format!(
        "runtime stage: {image} (template {}, variant {}{})",
        p.template.name,
        v.name,
        if p.options.runtime.is_some() { ", chosen with --runtime" } else { "" }
    ));

    // Packages.
    let provided = |pkg: &String| v.provides.contains(pkg) || (v.ca_certificates && pkg == "ca-certificates");
    let mut packages: Vec<String> = needs.packages.iter().filter(|pkg| !provided(pkg)).cloned().collect();
    for (tool, line, how) in &needs.tools {
        if !v.tools.contains(tool) {
            if !packages.contains(tool) {
                packages.push(tool.clone());
            }
            notes.push(format!("line {line}: {how} {tool}, which {image} lacks; it is installed in the runtime"));
        }
    }
    if !packages.is_empty() {
        let line = match v.package_manager.as_deref() {
            Some("apk") => format!("RUN apk add --no-cache {}", packages.join(" ")),
            _ => format!("RUN apt-get update && apt-get install -y --no-install-recommends {} && rm -rf /var/lib/apt/lists/*", packages.join(" ")),
        };
        block.setup.push(Piece::New(line));
    }
    for line in render_steps(&p, &p.template.runtime.setup, v)? {
        if let Some(rest) = line.strip_prefix("ENV ") {
            for (k, _) in env_pairs(rest, '\\') {
                changes.push(format!("env:{k}"));
            }
        }
        block.setup.push(Piece::New(line));
    }

    // Users: keep the user's own; otherwise add a non-root one where the image allows.
    let mut user_pieces = Vec::new();
    match p.view.of("user").last() {
        Some(step) => {
            let name = step.ins.args.split(':').next().unwrap_or("").trim().to_string();
            let numeric = name.chars().all(|c| c.is_ascii_digit());
            if !numeric && name != "root" && v.user.as_deref() != Some(name.as_str()) {
                for run in super::creating_user(&p.view, &name) {
                    block.setup.push(Piece::Original { first: run.item, last: run.item });
                    notes.push(format!("line {}: repeated in the runtime stage: it creates the user `{name}` the app runs as", run.ins.start_line));
                }
            }
            if role_of(step.item) == Role::Repeat {
                notes.push(format!("line {}: USER {} stays in the build stage and is repeated in the runtime stage", step.ins.start_line, step.ins.args.trim()));
            }
        }
        None if p.options.keep_root => notes.push("--keep-root: no USER added; the runtime stage runs as root".into()),
        None if v.nonroot => {
            changes.push("user".into());
            notes.push(format!("{image} runs as a non-root user by default"));
        }
        None => match &v.user {
            Some(user) => {
                if let Some(create) = &v.create_user {
                    block.setup.push(Piece::New(format!("RUN {create}")));
                }
                user_pieces.push(Piece::New(format!("USER {user}")));
                changes.push("user".into());
                notes.push(format!("added USER {user}: the runtime stage runs as a non-root user (--keep-root to skip; if the app writes files, give {user} those directories)"));
            }
            None => {
                if let Some(n) = &v.root_note {
                    notes.push(n.clone());
                }
            }
        },
    }

    // ARGs the runtime lines read (not credentials).
    let carried_text: String = p
        .view
        .steps
        .iter()
        .filter(|s| matches!(role_of(s.item), Role::Move | Role::Repeat))
        .map(|s| s.ins.args.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let env_keys: BTreeSet<String> = p
        .view
        .of("env")
        .filter(|s| matches!(role_of(s.item), Role::Repeat | Role::Move))
        .flat_map(|s| env_pairs(&s.ins.args, df.escape).into_iter().map(|(k, _)| k))
        .collect();
    for name in referenced_vars(&carried_text) {
        if env_keys.contains(&name) {
            continue;
        }
        if looks_secret(&name) {
            continue; // said above, where the ARG is declared
        }
        let declaring = p.view.of("arg").filter(|s| s.ins.words(df.escape).iter().any(|w| w.text.split('=').next() == Some(name.as_str()))).last();
        match declaring {
            Some(step) if !block.args.iter().any(|pc| matches!(pc, Piece::Original { last, .. } if *last == step.item)) => {
                block.args.push(Piece::Original { first: step.item, last: step.item });
                notes.push(format!("line {}: ARG repeated in the runtime stage (read by lines moved there)", step.ins.start_line));
            }
            Some(_) => {}
            None if p.view.global_args.contains_key(&name) => {
                block.args.push(Piece::New(format!("ARG {name}")));
                notes.push(format!("added ARG {name}: a global build argument the runtime lines read"));
            }
            None => {}
        }
    }

    if p.cand.stack == crate::detect::Stack::Spa {
        changes.push("workdir".into());
    }
    if p.cand.stack != crate::detect::Stack::Spa && wd != "/" {
        let last_wd = p.view.of("workdir").last();
        match last_wd {
            Some(s) if s.ins.args.trim().starts_with('/') && !s.ins.args.contains('$') => block.workdir.push(Piece::Original { first: s.item, last: s.item }),
            _ => block.workdir.push(Piece::New(format!("WORKDIR {wd}"))),
        }
    }

    // Original lines, in their order: environment first (later lines may read it), then the rest.
    for step in &p.view.steps {
        let role = role_of(step.item);
        if !matches!(role, Role::Move | Role::Repeat) {
            continue;
        }
        if step.kw == "run" {
            // File-system setup: after users exist (it may chown to them), before the app arrives.
            block.setup.push(Piece::Original { first: step.item, last: step.item });
            notes.push(format!("line {}: RUN repeated in the runtime stage: it prepares directories outside the app directory that the app may use", step.ins.start_line));
            continue;
        }
        let first = if role == Role::Move { step.first_item } else { step.item };
        let piece = Piece::Original { first, last: step.item };
        match step.kw.as_str() {
            "env" | "label" | "maintainer" => block.env.push(piece),
            _ => block.config.push(piece),
        }
        if role == Role::Repeat && step.kw != "env" && step.kw != "user" {
            notes.push(format!("line {}: {} repeated in the runtime stage (it puts files outside the app directory)", step.ins.start_line, step.kw.to_uppercase()));
        }
    }
    let repeated_env: Vec<String> = p
        .view
        .of("env")
        .filter(|s| role_of(s.item) == Role::Repeat)
        .flat_map(|s| env_pairs(&s.ins.args, df.escape).into_iter().map(|(k, _)| k))
        .collect();
    if !repeated_env.is_empty() {
        notes.push(format!("ENV repeated in the runtime stage: {} (the build reads them, and the app may at run time)", repeated_env.join(", ")));
    }
    let template_env: Vec<String> = p
        .template
        .runtime
        .env
        .iter()
        .filter(|(k, _)| !env_keys.contains(*k))
        .map(|(k, val)| p.render(val).map(|val| format!("{k}={}", quote_env(&val))))
        .collect::<Result<_, _>>()?;
    for (k, _) in p.template.runtime.env.iter().filter(|(k, _)| !env_keys.contains(*k)) {
        changes.push(format!("env:{k}"));
    }
    if !template_env.is_empty() {
        block.env.push(Piece::New(format!("ENV {}", template_env.join(" "))));
    }

    // Artifacts.
    let chown = app_dir_chown(&p, &app_dir);
    if v.ca_certificates {
        block.copies.push(Piece::New(format!("COPY --from={stage_name} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt")));
        notes.push(format!("added the builder's CA certificates: {image} has none, and TLS clients need them"));
    }
    for c in &p.template.copy {
        if !p.holds(&c.when) {
            continue;
        }
        if let Some(rel) = &c.if_exists {
            let root = p.context.join(&p.cand.root);
            if !root.join(rel).exists() {
                continue;
            }
        }
        let from = p.render(&c.from)?;
        let to = p.render(&c.to)?;
        let own = match (&chown, to == app_dir) {
            (Some(o), true) => format!(" --chown={o}"),
            _ => String::new(),
        };
        notes.push(format!("added COPY --from={stage_name} {from}: {}", artifact_reason(&p, &from)));
        block.copies.push(Piece::New(format!("COPY --from={stage_name}{own} {from} {to}")));
    }
    block.user = user_pieces;
    if let Some((argv, _)) = &p.command_override {
        block.command.push(Piece::New(format!("CMD {}", exec_form(argv))));
    } else if let Some(command) = &p.template.runtime.command {
        let argv: Vec<String> = command.iter().map(|c| p.render(c)).collect::<Result<_, _>>()?;
        block.command.push(Piece::New(format!("CMD {}", exec_form(&argv))));
    }
    if let (Some(fixed), Some(port)) = (&v.port, p.vars.get("port")) {
        if fixed != port {
            changes.push("ports".into());
            notes.push(format!("{image} listens on {fixed}, not {port}: update EXPOSE and how the container is published"));
        }
    }
    announce_inherited_ports(&p, &image, &mut notes, &mut changes);
    for n in &p.template.notes {
        if p.holds(&n.when) {
            notes.push(p.render(&n.text)?);
        }
    }
    // The builder's own base: its slim or alpine flavour when the tag says so.
    let tag = p.builder_image().tag.clone().unwrap_or_default();
    let slim_variant = p.template.runtime.variants.iter().find(|x| x.name == "slim").map(|x| x.size_mb);
    let before = match slim_variant {
        Some(size) if tag.contains("slim") => size,
        _ if tag.contains("alpine") => p.template.builder.alpine_size_mb,
        _ => p.template.builder.size_mb,
    };
    notes.push(format!("estimated runtime base: ~{} → ~{} compressed (base images only; the app adds to both)", mb(before), mb(v.size_mb)));
    if (before - v.size_mb).abs() < f64::EPSILON {
        notes.push("the builder already uses this small base image: the gain is what stays behind (compilers, headers, caches, dev dependencies), not the base".into());
    }

    // Assemble the text appended after the builder.
    let insert_at = df.items[last_kept].span.end;
    let mut text = String::new();
    if !df.text[..insert_at].ends_with('\n') {
        text.push_str(le);
    }
    for line in &finish {
        text.push_str(line);
        text.push_str(le);
    }
    text.push_str(le);
    text.push_str(&from_line);
    text.push_str(le);
    for group in [&block.args, &block.setup, &block.workdir, &block.env, &block.copies, &block.user, &block.config, &block.command] {
        for piece in group {
            match piece {
                Piece::New(line) => {
                    text.push_str(line);
                    text.push_str(le);
                }
                Piece::Original { first, last } => {
                    let span = crate::syntax::Span::new(df.items[*first].span.start, df.items[*last].span.end);
                    let original = df.slice(span);
                    text.push_str(original);
                    if !original.ends_with('\n') {
                        text.push_str(le);
                    }
                }
            }
        }
    }
    if !df.text.ends_with('\n') {
        text.truncate(text.len() - le.len()); // keep "no newline at end of file"
    }
    edits.push(Edit::insert(insert_at, text));

    Ok(Plan {
        template: p.template.name.clone(),
        variant: v.name.clone(),
        runtime_image: image,
        builder_stage: stage_name,
        edits,
        notes,
        size_before_mb: before,
        size_after_mb: v.size_mb,
        changes,
        replaced_programs: if replaced { vec![p.cmd.program_name().to_string()] } else { Vec::new() },
    })
}

/// Ports the runtime image's own config exposes (nginx: `EXPOSE 80`) that the user's Dockerfile
/// does not declare: every container of the rewrite lists them, so the reviewer is told, and
/// `msify verify` accepts exactly these (`inherited-port:80/tcp`) as added ports.
fn announce_inherited_ports(p: &Planner, image: &str, notes: &mut Vec<String>, changes: &mut Vec<String>) {
    let declared: BTreeSet<String> = p
        .view
        .of("expose")
        .flat_map(|s| s.ins.args.split_whitespace().map(|w| p.view.resolve(w)).collect::<Vec<_>>())
        .map(|w| if w.contains('/') { w } else { format!("{w}/tcp") })
        .collect();
    let inherited: Vec<String> = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).exposed_ports().into_iter().filter(|x| !declared.contains(x)).collect();
    if inherited.is_empty() {
        return;
    }
    let serving = p.vars.get("port").map(|port| format!("; the server msify configures listens on {port} only")).unwrap_or_default();
    notes.push(format!("{image} exposes {} in its own image config, so the rewritten image lists it besides the ports you declare{serving}", inherited.join(", ")));
    changes.extend(inherited.into_iter().map(|x| format!("inherited-port:{x}")));
}

/// `["a", "b"]`, the way people write exec form.
fn exec_form(argv: &[String]) -> String {
    serde_json::to_string(argv).expect("strings").replace("\",\"", "\", \"")
}

fn mb(x: f64) -> String {
    if x < 1.0 && x > 0.0 {
        format!("{x:.1} MB")
    } else {
        format!("{} MB", x.round() as i64)
    }
}

/// ENV values with spaces or variables are quoted.
fn quote_env(v: &str) -> String {
    if v.contains([' ', '$', '"']) {
        format!("\"{}\"", v.replace('"', "\\\""))
    } else {
        v.to_string()
    }
}

/// Template steps that apply, rendered.
fn render_steps(p: &Planner, steps: &[crate::templates::Step], v: &Variant) -> Result<Vec<String>, Failure> {
    let mut command_text = p.cmd.argv.join(" ");
    if matches!(p.cmd.program_name(), "npm" | "yarn" | "pnpm") {
        command_text.push(' ');
        command_text.push_str(p.cand.fact("start_script").unwrap_or(""));
    }
    let mut out = Vec::new();
    for s in steps {
        if !p.holds(&s.when) || s.unless_command.iter().any(|c| command_text.contains(c.as_str())) {
            continue;
        }
        if !s.variants.is_empty() && !s.variants.contains(&v.name) {
            continue;
        }
        out.push(p.render(&s.line)?);
    }
    Ok(out)
}

/// A COPY/ADD that puts files outside the app directory (config files, entrypoint scripts):
/// the runtime needs them too. Build caches and credentials are not repeated.
fn copies_outside(p: &Planner, step: &Step, app_dir: &str) -> bool {
    if let Some(from) = step.ins.flag("from") {
        if from.value.as_deref().is_some_and(|v| !v.contains(':') && !v.contains('/')) {
            return false; // another stage: cannot be, in a single-stage file
        }
    }
    let Some(copy) = p.view.copy_parts(step) else { return false };
    if copy.sources.iter().any(|s| secret_file(s.rsplit('/').next().unwrap_or(s))) {
        return false;
    }
    let inside = |dir: &str| is_within(&copy.dest, dir);
    let builder_only = ["/tmp", "/root", "/var/cache", "/usr/share/maven", "/go/src", "/usr/src", "/src", "/build", "/workspace", "/home/gradle"];
    !inside(app_dir) && !inside(&p.view.final_workdir) && !builder_only.iter().any(|d| inside(d))
}

/// Credential files copied into the app directory, as (absolute path, line).
fn secret_files_in(p: &Planner, app_dir: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for step in p.view.of("copy").chain(p.view.of("add")).filter(|s| s.ins.flag("from").is_none()) {
        let Some(copy) = p.view.copy_parts(step) else { continue };
        for s in &copy.sources {
            if secret_file(s.rsplit('/').next().unwrap_or(s)) {
                let path = copy.target_of(s);
                if is_within(&path, app_dir) {
                    out.push((path, step.ins.start_line));
                }
            }
        }
    }
    out
}

/// The owner the user gave files in the app directory (`COPY --chown=web:web . .`).
fn app_dir_chown(p: &Planner, app_dir: &str) -> Option<String> {
    p.view
        .of("copy")
        .filter(|s| s.ins.flag("from").is_none())
        .filter(|s| p.view.copy_parts(s).is_some_and(|c| is_within(&c.dest, app_dir)))
        .filter_map(|s| s.ins.flag("chown").and_then(|f| f.value.clone()))
        .last()
}

fn artifact_reason(p: &Planner, from: &str) -> String {
    use crate::detect::Stack::*;
    match p.cand.stack {
        Go | Rust => format!("the binary the container runs ({})", p.cmd.program()),
        Java => "the jar the container runs".to_string(),
        Spa => "the built static site".to_string(),
        Nextjs => "the standalone server and its assets".to_string(),
        Python if from == "/opt/venv" => "the virtualenv with the dependencies".to_string(),
        Node | Python => "the app directory (code, dependencies, build output)".to_string(),
    }
}
