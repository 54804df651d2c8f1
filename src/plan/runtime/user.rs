//! Who the app runs as. The user's own USER is replayed where it was. Without one, msify adds
//! the runtime image's non-root user — unless `--keep-root`, or the start command drops
//! privileges itself (`gosu`, `su-exec`, supervisord, a start script that does), which needs
//! root to begin with. An added user gets the app's directories and VOLUMEs, since the app
//! could write there as root before.

use crate::compose::{Host, Mount};
use crate::paths::Basename;
use crate::model::is_non_root;
use crate::plan::Planner;
use crate::templates::Variant;

#[derive(Clone, Debug, Default)]
pub(crate) struct UserPlan {
    /// `USER x` msify adds (after the last line that changes the file system).
    pub added: Option<String>,
    /// The shell command creating it, when the image lacks it.
    pub create: Option<String>,
    /// The user the container ends up running as, when not root.
    pub runtime_user: Option<String>,
    /// The image has no shell to `chown` with: USER goes before WORKDIR instead.
    pub before_workdir: bool,
}

/// Who decides the user the runtime starts as; decided once per plan ([`decide`]), read by
/// the image choice ([`runtime_image`]) and the user plan ([`choose`]).
pub(super) enum Start {
    /// The Dockerfile's own USER is replayed.
    Own,
    /// The app must start as root, for this reason (the note says it).
    Root(String),
    /// msify may run it as a non-root user.
    NonRoot,
}

pub(super) fn decide(p: &Planner, v: &Variant) -> Start {
    // A template serving the build with its own server runs that server's way, not the build's user.
    if p.stage.of("user").next().is_some() && !p.template.runtime.serves_files {
        return Start::Own;
    }
    root_reason(p).or_else(|| unwritable_volume(p, v)).map_or(Start::NonRoot, Start::Root)
}

/// A VOLUME the app wrote into as root, on a non-root image without a shell: nothing can give
/// the directory to its user (no `chown`), and a named volume starts with the image's owner, so
/// the app could no longer write there (a SQLite database under /data).
fn unwritable_volume(p: &Planner, v: &Variant) -> Option<String> {
    if !v.nonroot || v.tools.iter().any(|t| t == "sh") || v.root_image.is_none() {
        return None;
    }
    let (volume, line) = p.stage.volumes.iter().find(|(d, _)| !d.starts_with("/tmp"))?;
    Some(format!("no non-root user: line {line} declares VOLUME {volume}, which the app wrote to as root, and the image has no shell to give it to another user"))
}

pub(super) fn choose(p: &mut Planner, v: &Variant, image: &str, start: &Start) -> UserPlan {
    match start {
        Start::Own if is_non_root(&p.stage.end.user) => return UserPlan { runtime_user: Some(p.stage.end.user.clone()), ..UserPlan::default() },
        Start::Own => return UserPlan::default(),
        Start::Root(why) => {
            p.notes.push(why.clone());
            match (&v.root_image, v.nonroot) {
                (Some(_), true) => p.notes.push(format!("{image} is the root-default image of this variant, since the app must start as root")),
                (None, true) => p.notes.push(format!("{image} runs as a non-root user by default, but the app must start as root: choose another --runtime")),
                _ => {}
            }
            return UserPlan::default();
        }
        Start::NonRoot => {}
    }
    if v.nonroot {
        p.changes.push("user".into());
        p.notes.push(format!("{image} runs as a non-root user by default"));
        let user = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).user.clone();
        return UserPlan { runtime_user: user, ..UserPlan::default() };
    }
    match &v.user {
        // The variant's user is not in this image (a Node image older than its `node` account):
        // it runs as root, as the original did.
        Some(user) if v.create_user.is_none() && lacks_account(p, image, user) => {
            p.notes.push(format!("no USER added: {image} has no `{user}` account (an image older than the one the template expects); the runtime stage runs as root, as the original did"));
            UserPlan::default()
        }
        Some(user) => {
            p.changes.push("user".into());
            p.notes.push(format!("added USER {user}: the runtime stage runs as a non-root user (--keep-root to skip); it owns the app's directories, as root did before"));
            UserPlan { added: Some(user.clone()), create: v.create_user.clone(), runtime_user: Some(user.clone()), before_workdir: !v.tools.iter().any(|t| t == "sh") }
        }
        None => {
            if let Some(n) = &v.root_note {
                p.notes.push(n.clone());
            }
            UserPlan::default()
        }
    }
}

/// A Compose mount only root can use, said as the note says it: one into root's home
/// (`~/.dockercfg:/root/.dockercfg`: a non-root user's HOME is elsewhere), the engine's socket
/// (`/var/run/docker.sock`, root's), or a host directory of the repository that is missing or
/// empty (`./data:/app/data`), which the engine makes (or leaves) root's — the app wrote there
/// as root. Not judged: a mount over the app's own directory (sources mounted for development),
/// a file (a configuration the user supplies), a directory with content (its owner is whoever
/// checked it out), a template's server that serves files (it is not the app).
fn root_owned_mount(p: &Planner, m: &Mount) -> Option<String> {
    let target = m.target.trim_end_matches('/');
    let at = format!("Compose service `{}` ({}:{}) mounts {} onto {}", m.service, m.file.display(), m.line, m.host, m.target);
    if p.template.runtime.serves_files || target == p.stage.end.workdir.trim_end_matches('/') || p.project.iter().any(|d| d.trim_end_matches('/') == target) {
        return None;
    }
    if crate::model::is_within(target, "/root") {
        return Some(format!("{at}, in root's home, where the app read it as root; a non-root user has another home and may not read root's"));
    }
    let named_like_a_file = target.basename().trim_start_matches('.').contains('.');
    match m.host_kind {
        // Outside the repository: only the engine's socket is judged.
        Host::Outside => target.ends_with(".sock").then(|| format!("{at}, a socket of the host's root that a non-root user could not use")),
        Host::MissingOrEmpty if !named_like_a_file => Some(format!("{at}: the engine makes that host directory (missing or empty in the repository) root's, and the app wrote there as root, which a non-root user could not")),
        Host::MissingOrEmpty | Host::File | Host::Filled => None,
    }
}

/// Whether the knowledge says `image` has no account `user` (unknown images are not judged; a
/// numeric `65532:65532` needs none: [`crate::model::account_of`], the stage model's rule).
fn lacks_account(p: &Planner, image: &str, user: &str) -> bool {
    let Some(name) = crate::model::account_of(user) else { return false };
    p.knowledge.image(&crate::syntax::ImageRef::parse(image)).users.as_ref().is_some_and(|users| !users.contains(name))
}

/// Why the runtime must start as root, as the note says it: `--keep-root`, a command that drops
/// privileges itself, an app that runs from /, a port below 1024 (unless a template's own
/// server serves the files). One place for the rule: it decides both whether a USER is added
/// and whether a variant's non-root image is swapped for its root one ([`runtime_image`]).
fn root_reason(p: &Planner) -> Option<String> {
    if p.options.keep_root {
        return Some("--keep-root: no USER added; the runtime stage runs as root".into());
    }
    if let Some(why) = drops_privileges(p) {
        return Some(format!("no USER added: {why}, which needs to start as root"));
    }
    if let Some(why) = start_script_needs_root(p) {
        return Some(format!("no USER added: {why}"));
    }
    if p.run_with_callers_command() {
        return Some("no USER added: the Dockerfile has no CMD or ENTRYPOINT of its own, so whoever runs the image names the command (`docker run IMAGE ...`, a Compose `command:`), often over a bind-mounted project that root wrote to; it stays root, as before (add a CMD to have msify run it as a non-root user)".into());
    }
    if let Some(why) = p.compose_mounts.iter().find_map(|m| root_owned_mount(p, m)) {
        return Some(format!("no USER added: {why}; it stays root, as before (give the service a `user:` that may use that mount to run it otherwise)"));
    }
    // The app copied into / and run from there wrote its files (a SQLite database, logs) into
    // /, which a non-root user cannot.
    let project_in_root = p.project.iter().any(|d| d.matches('/').count() == 1);
    if p.stage.end.workdir == "/" && project_in_root && p.copies_project() {
        return Some("no USER added: the app runs from /, which only root may write to (give it a WORKDIR of its own to run it as a non-root user)".into());
    }
    // A program that finds (and may create) its files beside its own binary: the runtime
    // copies the binary into a root-owned directory, where only root could write them.
    if let Some(at) = p.cand.fact("beside_executable") {
        return Some(format!("no USER added: the program looks for its files beside its own binary (os.Executable() in {at}), in a directory only root may write to"));
    }
    // A password given to an account (wetty: `echo term:term | chpasswd`) is for logging in
    // inside the container — `login`, `su`, an SSH server — which starts as root (wetty runs
    // `login` when it is root, and ssh to a server that is not there otherwise).
    if let Some(s) = p.stage.of("run").find(|s| s.run.as_ref().is_some_and(|fx| fx.commands.iter().any(|c| matches!(c.program(), "chpasswd" | "passwd")))) {
        return Some(format!("no USER added: line {} gives an account a password, for logging in inside the container (login, su, an SSH server), which starts as root", s.line));
    }
    if let Some(port) = privileged_port(p).filter(|_| !p.template.runtime.serves_files) {
        // Docker 20.10+ lets any user bind low ports (ip_unprivileged_port_start=0); other
        // runtimes (older engines, some Kubernetes nodes, rootless setups) do not. The original
        // ran as root, so the rewrite does too rather than depend on the runtime.
        return Some(format!("no USER added: the app listens on port {port}; binding a port below 1024 needs root unless the container runtime allows unprivileged ports (Docker 20.10+ does, not every runtime); move it above 1023 to run it as a non-root user"));
    }
    None
}

/// The variant's image to render: a non-root image (distroless `:nonroot`) gives way to the
/// variant's `root_image` when the app must start as root; the user's own USER decides itself.
pub(super) fn runtime_image<'v>(v: &'v Variant, start: &Start) -> &'v str {
    match (&v.root_image, start) {
        (Some(root), Start::Root(_)) if v.nonroot => root,
        _ => &v.image,
    }
}

/// Why the start command must begin as root: a privilege-dropping wrapper or supervisor, or a
/// start script (from the build context) that switches user or changes owners itself.
fn drops_privileges(p: &Planner) -> Option<String> {
    // Programs that start as root and switch users themselves: privilege droppers, supervisors,
    // daemons whose master process binds ports and drops to a worker user (nginx, apache), and
    // the init scripts that start system daemons (`service ssh start`).
    const SWITCHERS: &[&str] = &["gosu", "su-exec", "sudo", "su", "runuser", "setpriv", "chpst", "s6-setuidgid", "supervisord", "s6-svscan", "runsvdir", "nginx", "apache2", "apache2ctl", "httpd", "sshd", "cron", "crond", "service"];
    if let Some(w) = p.cmd.wrappers.iter().chain(p.cmd.programs.iter()).find(|w| SWITCHERS.contains(&w.basename())) {
        return Some(format!("the container starts through `{w}`"));
    }
    p.start_scripts().iter().find_map(|s| {
        let found = s.commands.iter().find(|c| SWITCHERS.contains(&c.program()) || c.program() == "chown")?;
        Some(format!("its {} runs `{}`", s.describe(), found.program()))
    })
}

/// A start script that runs what needs root (`apt-get install`, `useradd`) or writes where
/// only root may (`echo ... >> /etc/hosts`, `tee /flag`, `sed -i` of a file under /etc, `mkdir
/// /var/run/app`): the original ran it as root. Its writes are read as the stage model reads a
/// RUN's; the new user may write into the app's directories, those it is given
/// ([`super::setup::given_to_user`]) and /tmp.
fn start_script_needs_root(p: &Planner) -> Option<String> {
    let state = &p.stage.end;
    let theirs: Vec<String> = p.project.iter().cloned().chain(super::setup::given_to_user(p)).chain(["/tmp", "/var/tmp", "/dev", "/proc"].map(String::from)).collect();
    let writable = |path: &str| path.contains('$') || theirs.iter().any(|dir| crate::model::is_within(path, dir));
    for s in p.start_scripts() {
        let fx = crate::model::run::read(&s.text, state);
        if let Some(command) = fx.needs_root.iter().find(|c| !c.starts_with("chown")) {
            return Some(format!("its {} runs `{command}`, which needs root", s.describe()));
        }
        let written = fx.writes.iter().chain(&fx.edits).map(|w| (w.path.clone(), w.how.clone())).chain(fx.uses.iter().filter(|(_, how)| how == "chmod").cloned());
        if let Some((path, how)) = written.into_iter().find(|(path, _)| !writable(path)) {
            let how = if how.contains('`') { how } else { format!("`{how}`") };
            return Some(format!("its {} writes {path}, where only root may write ({how})", s.describe()));
        }
    }
    None
}

/// A port below 1024 the Dockerfile EXPOSEs: a server binding it must start as root.
fn privileged_port(p: &Planner) -> Option<u32> {
    super::ports::declared_ports(p).iter().filter_map(|w| w.split('/').next().and_then(|n| n.parse::<u32>().ok())).find(|port| *port < 1024)
}
