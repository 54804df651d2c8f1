//! `msify verify` against a real Docker engine (run by scripts/engine-test.sh, which sets the
//! engine up): for Go, Node, Python, Java, Rust and an SPA, both images build, the rewritten one
//! is smaller, its settings match (or msify announced the change) and the smoke test passes.
#![cfg(feature = "engine")]

mod common;

use std::process::Command;

/// Images and containers carrying the pid label of one verify process.
fn left_behind(pid: u32) -> String {
    let filter = format!("label=msify.verify.pid={pid}");
    let mut left = String::new();
    for what in [&["ps", "-aq"][..], &["images", "-q"][..]] {
        let out = Command::new("/usr/bin/docker").args(what).args(["--filter", &filter]).output().unwrap();
        left.push_str(String::from_utf8_lossy(&out.stdout).trim());
    }
    left
}

/// Run `msify verify` on a golden case; afterwards nothing it created may remain.
fn verify(case: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let dir = common::repo_root().join("golden").join(case);
    let child = Command::new(env!("CARGO_BIN_EXE_msify"))
        .args(["verify", "--format", "json"])
        .args(extra)
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run msify verify");
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    assert!(left_behind(pid).is_empty(), "{case}: verify left images or containers behind");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_proved(case: &str, extra: &[&str]) {
    let (code, r, err) = verify(case, extra);
    assert_eq!(code, 0, "{case}: {err}\n{r:#}");
    assert_eq!(r["passed"], true, "{case}: {r:#}");
    let orig = r["original"]["size_bytes"].as_u64().unwrap();
    let new = r["rewritten"]["size_bytes"].as_u64().unwrap();
    assert!(new < orig, "{case}: rewritten image ({new}) is not smaller than the original ({orig})");
    assert_eq!(r["smoke"]["passed"], true, "{case}: {r:#}");
    assert!(r["config_changes"].as_array().unwrap().iter().all(|c| c["announced"] == true), "{case}: {r:#}");
    eprintln!("{case}: {orig} -> {new} bytes ({:.1}% smaller), smoke {}", r["size_reduction_percent"].as_f64().unwrap(), r["smoke"]["rewritten"]);
}

#[test]
fn go() {
    assert_proved("go-root", &["--smoke-http", "8080/"]);
}

/// A Python app that writes `output/` in its working directory and then exits 2 for want of a
/// config file: the rewrite must fail exactly the same way (verify calls that "same
/// behaviour"), which it did not while the WORKDIR stayed root's under the added user.
#[test]
fn same_failure_is_same_behaviour_and_the_workdir_stays_writable() {
    let (code, r, err) = verify("engine-python-needs-config", &[]);
    assert_eq!(code, 0, "{err}\n{r:#}");
    assert_eq!(r["smoke"]["same_failure"], true, "{r:#}");
    assert!(r["smoke"]["rewritten"].as_str().unwrap().contains("config.yml not found"), "{r:#}");
    assert!(r["problems"].as_array().unwrap().is_empty(), "{r:#}");
}

#[test]
fn node() {
    assert_proved("engine-node-http", &["--smoke-http", "3000/"]);
}

/// The Dockerfile's own user owned its WORKDIR and the app writes there at start: the rewrite
/// must keep /app the user's (BuildKit's `COPY --chown` into an existing directory does not),
/// or the container exits before it serves (seen with gtonic/nfl_mcp).
#[test]
fn the_users_own_workdir_stays_writable() {
    assert_proved("engine-node-owns-workdir", &["--smoke-http", "3000/"]);
}

/// The OpenShift shape: the working directory is `app:0` and `chmod -R g=u` gives group 0 the
/// owner's rights, so a random uid in group 0 can write there. The runtime must make it so
/// before USER: its WORKDIR after USER made it `app:app` 0755 and a COPY --from does not carry
/// the directory's own mode (etherpad-lite's rewrite failed with EACCES when run so).
#[test]
fn a_group_root_workdir_keeps_its_group_and_mode() {
    assert_proved("engine-node-group-root-workdir-keeps-its-mode", &["--smoke", "stat -c %U:%g:%a /srv/app"]);
}

/// A CLI whose bin `npm link` put on PATH and that the container starts by name: the runtime
/// copies the project, so it must make the link again or the container has nothing to start.
#[test]
fn a_bin_linked_by_npm_link_still_starts() {
    assert_proved("engine-node-npm-link-bin", &["--smoke-http", "3000/"]);
}

/// `npm install -g` with no argument: the dependencies live only in npm's global copy of the
/// project, which the runtime copies and links the program to (before, the link pointed into
/// the project, which has no node_modules: `Cannot find module`; configurable-http-proxy).
#[test]
fn a_project_installed_globally_runs_from_npms_copy() {
    assert_proved("node-global-install-runs-from-npms-copy", &["--smoke", "hello"]);
}

/// The program reads /app/version.json by its absolute path, where `COPY . /app` put it: the
/// runtime copies the file beside the binary's copy (msify had copied only the binary, and the
/// endpoint answered 404; found on mozilla's go-bouncer and stubattribution).
#[test]
fn a_project_file_the_program_reads_by_absolute_path_goes_with_it() {
    assert_proved("engine-go-reads-absolute-project-path", &["--smoke-http", "8080/"]);
}

/// A program of the project installed with cgo left on (`go install ./cmd/checkdns`, gcc in
/// the golang image) beside a `CGO_ENABLED=0` server: the tool links glibc, so the runtime keeps
/// one (the distroless static runtime msify chose before could not start it: HTTP 500).
#[test]
fn a_tool_built_with_cgo_beside_a_static_server_still_runs() {
    assert_proved("engine-go-installed-tool-built-with-cgo-runs-on-glibc", &["--smoke-http", "8080/"]);
}

/// `npm install` in a repository that also holds a yarn.lock: npm prunes what npm installed
/// (the `yarn install --production --frozen-lockfile` msify added failed the build: the
/// yarn.lock did not match package.json, and the build never used it).
#[test]
fn dependencies_npm_installed_beside_a_yarn_lock_are_pruned_by_npm() {
    assert_proved("node-npm-install-beside-yarn-lock-prunes-with-npm", &["--smoke-http", "3000/"]);
}

/// The whole app copied into `/` with no WORKDIR: the runtime repeats that context copy (one
/// COPY, not one per top-level entry) and takes only node_modules from the builder.
#[test]
fn an_app_copied_into_root_still_serves() {
    assert_proved("engine-node-app-in-root", &["--smoke-http", "3000/"]);
}

/// A server that serves a client the image builds beside it and copies into the server's
/// `public/`: the container runs the server (not an nginx for the client), and the runtime has
/// the server with the built client, not the client's sources and build tools.
#[test]
fn a_server_serving_the_client_built_beside_it_still_serves_it() {
    assert_proved("engine-node-server-serves-built-client", &["--smoke-http", "3000/"]);
}

/// `npm start` whose `prestart` hook compiles with tsc and whose script starts through
/// cross-env, both devDependencies: the runtime keeps the dev dependencies (pruning them made
/// the container exit with "tsc: not found").
#[test]
fn a_start_script_that_runs_dev_tools_keeps_them() {
    assert_proved("engine-node-start-runs-dev-tool", &["--smoke-http", "3000/"]);
}

/// A start script that writes under /etc keeps root: with the USER msify used to add, the
/// script failed with "Permission denied" and the container exited.
#[test]
fn a_start_script_writing_system_files_keeps_root() {
    assert_proved("engine-node-start-script-writes-etc", &["--smoke-http", "3000/"]);
}

/// A start script runs xvfb-run, which apt's xvfb installs: the runtime installs it (msify had
/// copied it from cargo's bin, which failed the build), with the recommended packages the
/// original's apt-get got too (xvfb-run needs xauth).
#[test]
fn a_program_from_apt_that_a_start_script_runs_is_installed_as_the_original_did() {
    assert_proved("engine-rust-start-script-apt-program", &[]);
}

/// Data a RUN fetched under its remote name (`curl -O`) is copied to the runtime; a download
/// the same RUN deletes again is not (copying it failed the build).
#[test]
fn a_download_by_remote_name_is_kept_and_a_deleted_one_is_not() {
    assert_proved("engine-go-downloaded-data", &["--smoke-http", "8080/"]);
}

/// pip run by a non-root user installs into its ~/.local, which the start command names: the
/// dependencies stay there (a virtualenv made as root failed the build: permission denied).
#[test]
fn pip_as_a_non_root_user_keeps_its_user_site() {
    assert_proved("engine-python-pip-as-user", &["--smoke-http", "8000/"]);
}

/// `pip install poetry` into the system, then `RUN /bin/bash -c 'poetry install'` with
/// `virtualenvs.create false`: the install inside the bash script is read, the virtualenv goes
/// after poetry (which stays in the build stage), and the console script poetry installs into
/// the virtualenv starts the container.
#[test]
fn poetry_run_through_bash_installs_into_the_virtualenv_the_runtime_copies() {
    assert_proved("engine-python-poetry-system-bash-c", &["--smoke-http", "8000/"]);
}

/// Poetry installed for the system by root, `poetry install` run as the app's user, `poetry
/// run` in the start script (telescope's shape): poetry's own virtualenv in app's home is
/// copied with its owner, poetry is installed again in the runtime, and the start script finds
/// the virtualenv by the project's path.
#[test]
fn poetry_run_finds_the_virtualenv_poetry_made_as_the_apps_user() {
    assert_proved("engine-python-poetry-own-venv-as-app-user", &["--smoke-http", "8000/"]);
}

/// py-oncall's shape: the start command switches to the app's account itself (`sudo -EHu
/// greeter bash -c "source .../env/bin/activate && python ..."`): the runtime keeps root (no
/// USER added, which would break sudo), installs sudo, and the interpreter is the activated
/// virtualenv's, which the runtime copies.
#[test]
fn a_start_through_sudo_runs_the_activated_virtualenv() {
    assert_proved("engine-python-sudo-start-activated-venv", &["--smoke-http", "8000/"]);
}

/// py-oncall's `chown -R oncall /home/oncall/source /var/log/nginx` ahead of the app's copy:
/// the runtime repeats it for nginx's directories only, since the app's own comes from the
/// builder with its owner, after the repeated RUN (where it does not exist yet).
#[test]
fn a_repeated_chown_leaves_out_the_app_the_runtime_copies() {
    assert_proved("engine-python-chown-of-copied-app-not-repeated", &["--smoke-http", "8000/"]);
}

/// `sh -c "cd /app && exec npm start"`: the start runs npm (not `exec`), whose `start` script
/// runs http-server, a devDependency, so the app is not pruned. msify read the program as
/// `exec`, pruned, and the rewrite exited 127 (`http-server: not found`) on this engine.
#[test]
fn exec_after_a_builtin_in_the_start_is_the_program_it_runs() {
    assert_proved("engine-node-exec-after-cd-keeps-dev-dependency", &["--smoke-http", "3000/"]);
}

/// `pip install -U pip && pip install pipenv` in one step: the pip upgrade serves the tool, so
/// the step stays before the virtualenv and pipenv in the build stage; `pipenv install --system`
/// then installs into the virtualenv (its `python`), which the runtime copies.
#[test]
fn a_pip_upgrade_beside_a_tool_stays_with_the_tool() {
    assert_proved("engine-python-pipenv-system-after-pip-upgrade", &["--smoke-http", "8000/"]);
}

/// pinry renumbers www-data with a chain of account commands; msify repeated all but its two
/// `groupdel`s, and `groupadd -g 1000 www-data` then failed the build (the group exists).
#[test]
fn an_account_chain_is_repeated_whole() {
    assert_proved("engine-account-chain-repeated-whole", &["--smoke-http", "8000/"]);
}

/// Python from the distribution's packages (`FROM debian:bookworm`, `apt-get install python3`):
/// the virtualenv links to /usr/bin/python3, so the runtime is the builder's own image with
/// python3 installed again (msify used to pick `python:slim-bookworm`, where the link dangles);
/// the credential-named ENV declared empty (`API_TOKEN=""`), which the app reads unguarded,
/// is kept (msify used to drop it, and the app stopped at start).
#[test]
fn python_from_distribution_packages_runs_on_the_same_image() {
    assert_proved("engine-python-from-debian-packages", &["--smoke-http", "8000/"]);
}

/// The build copies what runs out of the project and deletes the project (node-sqlpad,
/// jhipster-registry): msify copied the deleted directory and ran `npm prune` in it, and the
/// rewrite failed to build. The runtime gets what the build copied out.
#[test]
fn a_project_the_build_deleted_is_not_copied() {
    assert_proved("engine-node-project-deleted-after-copy-out", &["--smoke-http", "3000/"]);
}

/// Python from Debian's packages has no venv module without python3-venv: msify refused where
/// the build stage can install it before the virtualenv it inserts (z2jh's hub on ubuntu:20.04).
#[test]
fn a_distribution_python_gets_its_venv_module_in_the_build_stage() {
    assert_proved("engine-python-distro-interpreter-gets-venv-module", &["--smoke-http", "8000/"]);
}

/// psycopg2 compiled from source against the libpq headers the full python image ships
/// (healthchecks on python:3.9): the slim runtime had no libpq.so.5 and the app did not start.
#[test]
fn a_python_driver_built_against_the_images_headers_gets_its_library() {
    assert_proved("engine-python-driver-built-against-image-headers", &["--smoke-http", "8000/"]);
}

/// A plain `RUN mkdir /data` the runtime repeats after making /data for the app's user: msify
/// wrote it out as it was, and the rewrite failed to build ("File exists").
#[test]
fn a_repeated_plain_mkdir_still_builds() {
    assert_proved("engine-python-mkdir-replayed", &["--smoke-http", "8000/"]);
}

/// A Go program that writes its config beside its own binary (os.Executable): under the
/// non-root user msify used to add, it could not create the file and died at start.
#[test]
fn a_program_writing_beside_its_binary_keeps_root() {
    assert_proved("engine-go-files-beside-executable", &["--smoke-http", "4000/"]);
}

/// A Go program that parses `templates/*.html` and serves `static/` from its working directory,
/// where `COPY . .` put the project: the runtime copies both beside the binary (msify had
/// copied only the binary, and the program panicked at start).
#[test]
fn data_a_program_reads_from_its_working_directory_goes_with_it() {
    assert_proved("engine-go-reads-working-dir-data", &["--smoke-http", "8080/"]);
}

/// A config file the build writes with `echo ... > /etc/relay/relay.json` is written again in
/// the runtime (before, the RUN stayed in the build stage, and the program exited at start:
/// cayley's /etc/cayley.json was lost the same way).
#[test]
fn a_config_file_written_by_echo_is_written_in_the_runtime_too() {
    assert_proved("engine-go-config-written-by-echo-repeated", &["--smoke-http", "8080/"]);
}

/// A link the runtime makes again (`RUN ln -s /work/data /data`) gets the project data it points
/// at (before, the program served a dangling /data: dars).
#[test]
fn a_link_into_the_project_brings_what_it_points_at() {
    assert_proved("engine-go-link-into-project-data", &["--smoke-http", "8001/tiles.csv"]);
}

/// A Python app that runs `git` (subprocess) on the full python image, which ships git, and
/// configures it system-wide (`git config --system`): the slim runtime installs git and repeats
/// that configuration (before, the runtime had neither, and the app failed at its first git call).
#[test]
fn a_program_the_full_base_image_ships_and_the_sources_run() {
    assert_proved("engine-python-sources-run-git-from-full-image", &["--smoke", "python -m mirror"]);
}

/// GitPython, a dependency, runs git (and will not import without it): the runtime installs
/// the git the full python image shipped (before, the slim runtime had none and the app died
/// at `import git`; found on mozilla/probe-scraper).
#[test]
fn a_program_a_python_dependency_runs_is_installed_in_the_runtime() {
    assert_proved("engine-python-dependency-runs-git-from-full-image", &["--smoke", "python -m report"]);
}

/// `CMD ["/bin/bash", "-e", "/app/start.sh"]`: the script a shell is given after its options is
/// read like any start script, so the curl it runs is installed in the slim runtime (before,
/// the option hid the script and the rewrite exited 127, `curl: command not found`).
#[test]
fn a_start_script_given_to_a_shell_after_its_options_gets_its_programs() {
    assert_proved("python-shell-options-before-the-start-script", &["--smoke", "/bin/bash -e /app/start.sh"]);
}

/// `ENTRYPOINT ["entrypoint.sh"]` copied into /usr/local/bin: the script is read where the
/// shell finds it on PATH, so the curl it runs is installed in the slim runtime (before, it was
/// not read at all and the rewrite exited 127, `curl: not found`).
#[test]
fn an_entrypoint_named_on_path_gets_its_programs() {
    assert_proved("python-entrypoint-found-on-path", &["--smoke", "entrypoint.sh python app.py"]);
}

/// `CMD cd /src && exec gosu web bin/server`: the program after the runner is what runs, the
/// runner is installed beside it (before, msify took gosu for the program and refused).
#[test]
fn a_shell_start_through_a_runner_ships_the_program_it_runs() {
    assert_proved("go-shell-start-runs-its-program-through-a-runner", &["--smoke-http", "8080/"]);
}

/// `go install` into /go/bin, on golang's PATH: the runtime puts /go/bin on its PATH again, so
/// `docker run IMAGE hello` still finds the program (before: "executable file not found").
#[test]
fn a_program_installed_on_the_builders_path_is_still_found_by_name() {
    assert_proved("go-installed-program-stays-on-path", &["--smoke", "hello --version"]);
}

/// `CMD ["uv", "run", ...]` with the dependencies in the project's own .venv: the runtime installs
/// uv as the build did (before, msify's own stage model refused the rewrite: the container starts
/// `uv`, which the slim runtime lacked; mariadb-mcp).
#[test]
fn a_tool_the_container_starts_is_installed_in_the_runtime() {
    assert_proved("engine-python-uv-run-tool-installed-in-runtime", &["--smoke-http", "9001/"]);
}

/// A Rocket server: Rocket.toml (address, port) and templates/ are read from the working
/// directory without the program naming them; the runtime gets both beside the binary (before,
/// the rewrite panicked at start: 'aborting due to fairing failure(s)'; kinesis-api).
#[test]
fn files_a_framework_reads_from_the_working_directory_go_with_the_binary() {
    assert_proved("engine-rust-rocket-config-and-templates-in-working-dir", &["--smoke-http", "8080/"]);
}

/// A build image without CMD whose users take the programs out by path: every program of the
/// RUN (three `go build -o`) stays where the build wrote it (before: only the first, moved to
/// /usr/local/bin; the cross-compiled ones were gone; openfaas's classic watchdog).
#[test]
fn a_build_image_keeps_every_program_where_the_build_wrote_it() {
    assert_proved("go-no-cmd-build-image-keeps-outputs-at-their-paths", &["--smoke", "sh -c 'ls /src/hello/hello-linux-arm64 /src/hello/hello.exe && /src/hello/hello'"]);
}

/// A program a Makefile builds (`RUN make install`: a pattern rule's `go build -o bin/server`,
/// then `install` into /usr/local/bin): msify reads the rules and copies the program from where
/// the recipe put it (before, it refused: "builds with `make`, which msify does not read").
#[test]
fn a_program_a_makefile_builds_and_installs_is_copied_from_where_it_landed() {
    assert_proved("engine-go-make-install", &["--smoke-http", "8080/"]);
}

/// A demo database the build ADDs into a VOLUME, which the app opens read-write: the runtime
/// gives the volume to the user it adds, and must give it the file too (the binary from
/// before the fix could not open it and died at start).
#[test]
fn a_file_copied_into_a_volume_belongs_to_the_added_user() {
    assert_proved("engine-rust-volume-seed-file", &["--smoke-http", "8080/"]);
}

/// A build image with no CMD, run the way its Makefile runs it: `docker run -v OUT:/src/ui/static
/// IMAGE npm run build`, the output going to a bind-mounted directory the host's root owns. The
/// rewrite keeps root and the dev dependencies the build script needs (traefik's webui image:
/// once it ran as `node`, the build silently wrote nothing into the mounted directory).
#[test]
fn a_build_image_without_cmd_still_writes_into_a_bind_mounted_directory() {
    let case = "node-no-cmd-build-image-stays-root";
    let dir = tempfile::tempdir().unwrap();
    common::copy_case(case, dir.path());
    let written = Command::new(env!("CARGO_BIN_EXE_msify")).args(["--write", "--quiet"]).arg(dir.path()).output().unwrap();
    assert!(written.status.success(), "{case}: {}", String::from_utf8_lossy(&written.stderr));
    let tag = format!("msify-engine-test-no-cmd:{}", std::process::id());
    let docker = |args: &[&str]| Command::new("/usr/bin/docker").env("DOCKER_BUILDKIT", "1").args(args).output().unwrap();
    let built = docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    assert!(built.status.success(), "{case}: the rewrite does not build: {}", String::from_utf8_lossy(&built.stderr));
    let out = tempfile::tempdir().unwrap();
    let mount = format!("{}:/src/ui/static", out.path().display());
    let ran = docker(&["run", "--rm", "-v", &mount, &tag, "npm", "run", "build"]);
    docker(&["rmi", "-f", &tag]);
    assert!(ran.status.success(), "{case}: `npm run build` failed in the rewrite: {}", String::from_utf8_lossy(&ran.stderr));
    let page = std::fs::read_to_string(out.path().join("index.html")).unwrap_or_default();
    assert_eq!(page, "<p>ui true</p>", "{case}: the build wrote nothing into the mounted directory");
}

#[test]
fn python() {
    assert_proved("engine-python-http", &["--smoke-http", "8000/"]);
}

#[test]
fn java() {
    assert_proved("engine-java-jar", &["--smoke-http", "8080/"]);
}

#[test]
fn rust() {
    // The binary prints and exits 0: the default smoke test (stays up or exits 0) applies.
    assert_proved("rust-single", &[]);
}

/// A frontend built inside nginx's own image, its configuration roots the site in the project
/// (`root /web/dist;`) and a start script fills that configuration from an ENV set before the
/// build: the runtime copies /web/dist (not nginx's default web root), keeps the ENV and the
/// script, and the server answers as before.
#[test]
fn a_site_built_in_the_servers_image_is_copied_from_where_its_configuration_roots_it() {
    assert_proved("engine-spa-built-in-nginx-served-from-configured-root", &["--smoke-http", "8000/"]);
}

/// Packages the build installs (gnupg, wget, git: webviz's) are not the web server's: the
/// runtime is the small nginx image, with none of them.
#[test]
fn a_static_sites_server_gets_none_of_the_builds_packages() {
    assert_proved("engine-spa-build-packages-stay-in-build", &["--smoke-http", "4173/"]);
}

/// webpack's dev server in CMD for a hand-made webpack configuration: the builder runs the
/// package's production build, nginx serves its `output.path` (build/).
#[test]
fn a_webpack_dev_server_becomes_the_static_build_it_serves() {
    assert_proved("engine-spa-webpack-dev-server-becomes-static", &["--smoke-http", "8080/"]);
}

#[test]
fn spa() {
    assert_proved("engine-spa-vite", &["--smoke-http", "4173/"]);
}

#[test]
fn heredocs_on_an_old_engine_are_explained() {
    let (code, _, err) = verify("heredoc-run", &[]);
    let version = Command::new("/usr/bin/docker").args(["version", "--format", "{{.Server.Version}}"]).output().unwrap();
    let major: u32 = String::from_utf8_lossy(&version.stdout).split('.').next().unwrap_or("0").trim().parse().unwrap_or(0);
    if major < 23 {
        assert_eq!(code, 2);
        assert!(err.contains("heredoc") && err.contains("Docker 23"), "{err}");
    } else {
        // A new engine builds heredocs: verify must get past them (no heredoc complaint).
        assert!(!err.contains("Docker 23"), "a Docker {major} engine was told heredocs need Docker 23: {err}");
    }
}

#[test]
fn ctrl_c_during_verify_removes_what_it_created() {
    let dir = common::repo_root().join("golden/engine-java-jar");
    // The server stays up, so a 60 s smoke test guarantees the interrupt lands mid-run.
    let child = Command::new(env!("CARGO_BIN_EXE_msify"))
        .args(["verify", "--smoke-seconds", "60"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let pid_label = format!("label=msify.verify.pid={pid}");
    let labelled = |what: &[&str]| {
        let out = Command::new("/usr/bin/docker").args(what).args(["--filter", &pid_label]).arg("-q").output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // Wait until verify has started its containers, then press Ctrl-C.
    let start = std::time::Instant::now();
    while labelled(&["ps"]).is_empty() && start.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(!labelled(&["ps"]).is_empty(), "verify never started a container");
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert!(left_behind(pid).is_empty(), "images or containers left after Ctrl-C");
}

/// `--test-stage`: the `test` stage runs the tests with the dev dependencies (`docker build
/// --target test`), and the default build skips it and still serves.
#[test]
fn a_test_stage_runs_with_target_test_and_the_release_still_serves() {
    let case = common::repo_root().join("golden/node-test-stage");
    let dir = tempfile::tempdir().unwrap();
    for f in ["package.json", "package-lock.json", "server.js"] {
        std::fs::copy(case.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("test")).unwrap();
    std::fs::copy(case.join("test/app.test.js"), dir.path().join("test/app.test.js")).unwrap();
    std::fs::copy(case.join("expected.Dockerfile"), dir.path().join("Dockerfile")).unwrap();
    let tag = format!("msify-engine-test-stage:{}", std::process::id());
    let out = Command::new("/usr/bin/docker")
        .args(["build", "--progress=plain", "--no-cache", "--target", "test", "-t", &tag, "."])
        .env("DOCKER_BUILDKIT", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    let _ = Command::new("/usr/bin/docker").args(["image", "rm", "-f", &tag]).output();
    assert!(out.status.success(), "{log}");
    assert!(log.contains("# pass 1") && log.contains("# fail 0"), "the tests ran in the test stage: {log}");
    assert_proved("node-test-stage", &["--smoke-http", "3000/"]);
}

/// A sample of the generated shapes (tests/common/stage_grammar.rs) built on the engine: the
/// richest combinations whose original serves, each proved by verify (same settings or
/// announced changes, HTTP 200 from the rewrite, and every path the original wrote writable).
#[test]
fn a_sample_of_generated_dockerfiles_builds_and_serves() {
    use common::stage_grammar::{Spec, Stack, UserMade};
    let base = Spec { stack: Stack::Python, user: UserMade::None, switch_user: false, own_venv: false, env_chain: false, arg_to_env: false, entrypoint_script: false, volume: false, mkdir_runtime_dir: false, two_programs: false };
    let sample = [
        Spec { user: UserMade::FromArgs, own_venv: true, env_chain: true, arg_to_env: true, entrypoint_script: true, volume: true, mkdir_runtime_dir: true, ..base.clone() },
        Spec { stack: Stack::Node, user: UserMade::Fixed, arg_to_env: true, volume: true, mkdir_runtime_dir: true, two_programs: true, ..base.clone() },
        Spec { two_programs: true, entrypoint_script: true, env_chain: true, ..base.clone() },
        Spec { stack: Stack::Node, user: UserMade::FromArgs, env_chain: true, entrypoint_script: true, ..base.clone() },
    ];
    for spec in sample {
        let dir = tempfile::tempdir().unwrap();
        common::stage_grammar::write_context(dir.path(), spec.stack);
        std::fs::write(dir.path().join("Dockerfile"), spec.render()).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_msify")).args(["verify", "--format", "json", "--smoke-http", "8000/"]).arg(dir.path()).output().unwrap();
        let r: serde_json::Value = serde_json::from_slice(&child.stdout).unwrap_or(serde_json::Value::Null);
        let what = format!("{spec:?}\n{}\n{r:#}\n{}", spec.render(), String::from_utf8_lossy(&child.stderr));
        assert_eq!(child.status.code(), Some(0), "{what}");
        assert_eq!(r["smoke"]["rewritten"], "HTTP 200", "{what}");
        assert_eq!(r["smoke"]["same_failure"], false, "{what}");
    }
}
