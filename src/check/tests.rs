//! The stage model check on hand-written multi-stage files: each broken one is a class of
//! rewrite seen failing on a real repository; each correct one must pass untouched.

use super::*;

fn findings(text: &str) -> Vec<Finding> {
    let df = crate::syntax::parse(text).unwrap();
    check_text(&df, &crate::templates::Library::builtin().unwrap().knowledge)
}

fn rules(text: &str) -> Vec<(&'static str, usize, String)> {
    findings(text).into_iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule, f.line, f.subject)).collect()
}

#[test]
fn correct_files_pass() {
    let go = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n";
    assert_eq!(rules(go), []);
    let py = "FROM python:3.12 AS build\nWORKDIR /app\nRUN python3 -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n\nFROM python:3.12-slim\nARG UID=1001\nRUN useradd --uid $UID app\nENV PATH=\"/opt/venv/bin:$PATH\"\nWORKDIR /app\nCOPY --from=build /opt/venv /opt/venv\nCOPY --from=build --chown=app /app /app\nUSER app\nCMD [\"gunicorn\", \"app:app\"]\n";
    assert_eq!(rules(py), []);
    let spa = "FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM nginx:stable-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n";
    assert_eq!(rules(spa), []);
}

#[test]
fn a_repeated_run_above_the_copy_it_needs() {
    let text = "FROM python:3.12 AS build\nCOPY . /app\n\nFROM python:3.12-slim\nRUN chmod +x /entrypoint.sh\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n";
    assert_eq!(rules(text), [("used-before-created", 5, "/entrypoint.sh".to_string())]);
}

/// py-oncall: the runtime replayed `chown -R oncall /home/oncall/source` above the `COPY
/// --from` of /home/oncall that brings the source directory.
#[test]
fn a_repeated_chown_above_the_copy_of_the_tree_that_holds_it() {
    let text = "FROM ubuntu:18.04 AS build\nCOPY src /home/oncall/source/src\n\nFROM ubuntu:18.04\nRUN useradd -m oncall\nWORKDIR /home/oncall\nRUN chown -R 1000 /home/oncall/source /var/log\nCOPY --from=build /home/oncall /home/oncall\nCOPY --from=build /srv /\nRUN chmod +x /usr/bin/env\n";
    assert_eq!(rules(text), [("used-before-created", 7, "/home/oncall/source".to_string())]);
}

/// py-changedetection: msify made /app and /datastore for its user, then replayed the
/// original's plain `mkdir /datastore`, which fails on a directory that exists.
#[test]
fn a_plain_mkdir_of_a_directory_that_exists() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nRUN mkdir -p /data && chown app /data\nRUN mkdir /data /app/logs\nRUN mkdir -p /app && mkdir /tmp\nRUN mkdir /srv || true\n";
    assert_eq!(rules(text), [("mkdir-exists", 4, "/data".to_string()), ("mkdir-exists", 5, "/tmp".to_string())]);
}

/// node-app-in-root-lib-built in a context of 439 entries: one COPY from the builder per
/// entry of an app in `/` stacked more layers than Docker allows.
#[test]
fn more_layers_than_docker_stacks() {
    let copies = |n: usize| (0..n).map(|i| format!("COPY f{i} /f{i}\n")).collect::<String>();
    assert_eq!(rules(&format!("FROM debian\n{}", copies(115))), []);
    let over = findings(&format!("FROM debian\n{}", copies(116)));
    assert_eq!(over.iter().map(|f| (f.rule, f.line)).collect::<Vec<_>>(), [("layer-limit", 117)]);
    assert!(over[0].message.contains("116th") && over[0].message.contains("max depth exceeded"), "{}", over[0].message);
    // A stage built on another stacks on its layers; one built on the image does not.
    assert_eq!(rules(&format!("FROM debian AS a\n{}FROM a\n{}", copies(60), copies(56))).len(), 1);
    assert_eq!(rules(&format!("FROM debian AS a\n{}FROM debian\n{}", copies(60), copies(56))), []);
}

#[test]
fn variables_read_before_they_are_defined() {
    let text = "FROM python:3.12 AS build\nARG UID=1001\nRUN useradd -u $UID app\n\nFROM python:3.12-slim\nRUN adduser --disabled-password $USERNAME\nENV USERNAME=\"worker\"\nRUN useradd -u $UID app && useradd -u ${GID:-1} other\nARG VERSION\nENV APP_VERSION=$VERSION BUILD=$COMMIT\nCMD echo $VERSION\n";
    let found = findings(text);
    let got: Vec<(usize, &str)> = found.iter().filter(|f| f.rule == "undefined-variable").map(|f| (f.line, f.subject.as_str())).collect();
    assert_eq!(got, [(6, "USERNAME"), (8, "UID"), (10, "COMMIT"), (11, "VERSION")]);
    let uid = found.iter().find(|f| f.subject == "UID").unwrap();
    assert!(uid.message.contains("stage `build` declares it"), "{}", uid.message);
    let run_time = found.iter().find(|f| f.line == 11).unwrap();
    assert!(run_time.message.contains("does not exist at run time"), "{}", run_time.message);
}

#[test]
fn root_only_steps_after_a_non_root_user() {
    let text = "FROM python:3.12\nRUN useradd -m appuser\nUSER appuser\nRUN python3 -m venv /opt/venv\nRUN python3 -m venv /home/appuser/venv && mkdir -p /tmp/x\nRUN apt-get update\n";
    let got = rules(text);
    assert_eq!(got.iter().map(|(r, l, _)| (*r, *l)).collect::<Vec<_>>(), [("needs-root", 4), ("needs-root", 6)]);
}

#[test]
fn package_names_of_another_distribution_or_release() {
    assert_eq!(rules("FROM python:3.12-alpine\nRUN apk add --no-cache libpq5\n"), [("package-name", 2, "libpq5".to_string())]);
    assert_eq!(rules("FROM python:3.9-slim-buster\nRUN apt-get update && apt-get install -y libffi8\n"), [("package-name", 2, "libffi8".to_string())]);
    assert_eq!(rules("FROM python:3.9-slim-buster\nRUN apt-get update && apt-get install -y libffi6 libpq5\n"), []);
}

#[test]
fn programs_the_image_lacks() {
    let got = rules("FROM python:3.10 AS build\nCOPY . /app\n\nFROM python:3.10-slim\nCOPY --from=build /app /app\nWORKDIR /app\nCMD [\"make\", \"run\"]\n");
    assert_eq!(got, [("missing-program", 7, "make".to_string())]);
    assert_eq!(rules("FROM python:3.10-slim\nRUN apt-get update && apt-get install -y make\nCMD [\"make\", \"run\"]\n"), []);
    let distroless = rules("FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=b /app /app\nCMD /app --serve\n");
    assert_eq!(distroless, [("missing-program", 5, "sh".to_string())]);
}

#[test]
fn users_nobody_creates() {
    assert_eq!(rules("FROM node:20-slim\nUSER node\n"), []);
    assert_eq!(rules("FROM node:20-slim\nUSER web\n"), [("unknown-user", 2, "web".to_string())]);
    assert_eq!(rules("FROM debian:bookworm-slim\nCOPY --chown=app:app x /x\n"), [("unknown-user", 2, "app".to_string())]);
}

#[test]
fn copies_of_paths_the_builder_never_made() {
    let text = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /usr/src/app/app /app\nCOPY --from=build /src/app /app2\n";
    assert_eq!(rules(text), [("copy-source", 7, "/usr/src/app/app".to_string())]);
}

#[test]
fn a_non_root_app_over_a_root_owned_directory_is_a_warning() {
    let text = "FROM python:3.12-slim\nRUN useradd app\nWORKDIR /app\nCOPY . .\nVOLUME /data\nUSER app\nCMD [\"python\", \"main.py\"]\n";
    let warnings: Vec<String> = findings(text).into_iter().filter(|f| f.severity == Severity::Warning).map(|f| f.subject).collect();
    assert_eq!(warnings, ["/data", "/app"], "VOLUME (line 5) before USER (line 6)");
    let fixed = "FROM python:3.12-slim\nRUN useradd app && mkdir /data && chown app /data\nUSER app\nWORKDIR /app\nCOPY --chown=app . .\nVOLUME /data\nCMD [\"python\", \"main.py\"]\n";
    assert!(findings(fixed).is_empty(), "{:?}", findings(fixed));
}

#[test]
fn findings_of_the_original_are_the_users() {
    let knowledge = crate::templates::Library::builtin().unwrap().knowledge;
    let original = crate::syntax::parse("FROM python:3.12\nRUN echo $UNSET\nCOPY . /app\nCMD nginx & python /app/api.py\n").unwrap();
    let rewrite = crate::syntax::parse("FROM python:3.12 AS build\nRUN echo $UNSET\nCOPY . /app\n\nFROM python:3.12-slim\nCOPY --from=build /app /app\nCMD [\"python\", \"/app/api.py\"]\n").unwrap();
    let mut found = check_text(&rewrite, &knowledge);
    attribute(&original, &rewrite, &knowledge, &[], &mut found);
    let theirs: Vec<&str> = found.iter().filter(|f| f.original).map(|f| f.rule).collect();
    assert_eq!(theirs, ["undefined-variable"]);
    let blamed: Vec<(&str, String)> = blamed_on_rewrite(&found).into_iter().map(|f| (f.rule, f.subject.clone())).collect();
    assert_eq!(blamed, [("lost-program", "nginx".to_string())]);
}

/// legacy-voting-result, go-notary-server: Compose starts the image with `nodemon server.js`
/// or `./migrations/migrate.sh`, which the original image had and the runtime stage does not.
#[test]
fn a_compose_start_that_the_runtime_cannot_run() {
    let k = crate::templates::Library::builtin().unwrap().knowledge;
    let original = crate::syntax::parse("FROM node:18\nRUN npm install -g nodemon\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n").unwrap();
    let rewrite = crate::syntax::parse("FROM node:18 AS build\nRUN npm install -g nodemon\nWORKDIR /app\nCOPY . .\n\nFROM node:18-slim\nWORKDIR /app\nCOPY --from=build /app/server.js /app/server.js\nCMD [\"node\", \"server.js\"]\n").unwrap();
    let (a, b) = (model::model(&original, &k), model::model(&rewrite, &k));
    let start = |entrypoint: Option<&[&str]>, command: Option<&[&str]>| crate::compose::Start {
        file: "docker-compose.yml".into(),
        line: 4,
        service: "web".into(),
        entrypoint: entrypoint.map(|w| w.iter().map(|s| s.to_string()).collect()),
        command: command.map(|w| w.iter().map(|s| s.to_string()).collect()),
    };
    let starts = [start(None, Some(&["nodemon", "server.js"])), start(Some(&["sh", "-c", "./migrate.sh && node server.js"]), None), start(None, Some(&["node", "server.js"]))];
    let found = compose_starts(&a, &b, &starts, &k);
    let subjects: Vec<(&str, Severity, &str)> = found.iter().map(|f| (f.rule, f.severity, f.subject.as_str())).collect();
    assert_eq!(subjects, [("compose-command", Severity::Warning, "nodemon"), ("compose-command", Severity::Warning, "./migrate.sh")]);
    assert!(found[0].message.starts_with("docker-compose.yml:4: Compose service `web` starts the image with `nodemon server.js`"), "{}", found[0].message);
    assert!(found[0].message.contains("add `target: build`"));
}

/// node-sqlpad, spa-spinnaker-deck: the build copies its output out and deletes the project
/// (`cd .. && rm -rf deck`); a COPY --from of the project then fails the build.
#[test]
fn a_copy_of_what_the_build_deleted() {
    let text = "FROM node:10 AS build\nCOPY . deck/\nWORKDIR deck\nRUN cp a b && cd .. && rm -rf deck\n\nFROM node:10-slim\nCOPY --from=build /deck /deck\nCMD [\"node\"]\n";
    assert_eq!(rules(text), [("copy-source", 7, "/deck".to_string())]);
    let remade = "FROM node:10 AS build\nCOPY . /deck/\nRUN rm -rf /deck && mkdir -p /deck/out\n\nFROM node:10-slim\nCOPY --from=build /deck /deck\nCMD [\"node\"]\n";
    assert_eq!(rules(remade), []);
}

/// rust-firefly shipped `CMD ["ffly --host 0.0.0.0"]`: the engine looks for a program named
/// with the spaces in it. A CMD behind an ENTRYPOINT is the entrypoint's arguments.
#[test]
fn a_program_written_as_one_exec_form_string() {
    let text = "FROM rust\nRUN [\"cargo install --path .\"]\nRUN [\"cargo\", \"build\"]\nCMD [\"ffly --host 0.0.0.0\"]\n";
    let found = findings(text);
    assert_eq!(found.iter().map(|f| (f.rule, f.line, f.subject.as_str())).collect::<Vec<_>>(), [("exec-form-words", 2, "cargo install --path ."), ("exec-form-words", 4, "ffly --host 0.0.0.0")]);
    assert!(found[1].message.contains(r#"["ffly", "--host", "0.0.0.0"]"#), "{}", found[1].message);
    assert_eq!(rules("FROM debian\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"run --fast\"]\n"), []);
    assert_eq!(rules("FROM debian\nCMD [\"/usr/bin/app\", \"a b\"]\nCMD echo a b\n"), []);
}
