//! A grammar of single-stage Dockerfiles with the shapes that broke rewrites of real
//! repositories (issue: "rewrites that always build"): users made from ARG UIDs, ARG/ENV chains,
//! entrypoint scripts, a virtualenv the file makes itself, VOLUMEs, mkdir'd runtime directories,
//! the user's own USER, several programs in one CMD. Each spec renders a Dockerfile for a
//! context that holds every file any spec needs ([`write_context`]), so the same specs serve the
//! property test (tests/stage_props.rs) and the engine sample (tests/engine.rs).
#![allow(dead_code)]

use proptest::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    Python,
    Node,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserMade {
    None,
    /// `ARG UID=1001`, `ARG APP_USER=worker`, `useradd -u ${UID} ... $APP_USER`.
    FromArgs,
    /// `groupadd -r app && useradd -r -g app app`.
    Fixed,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub stack: Stack,
    pub user: UserMade,
    /// The file ends with `USER <the user it made>` (only when it made one).
    pub switch_user: bool,
    /// `ENV VIRTUAL_ENV=...` + `RUN python3 -m venv $VIRTUAL_ENV` (Python only).
    pub own_venv: bool,
    /// `ENV APP_HOME=/srv/app` and `WORKDIR $APP_HOME` (a variable chain), else `WORKDIR /app`.
    pub env_chain: bool,
    /// `ARG RELEASE=dev` + `ENV RELEASE=$RELEASE` (a build argument the runtime must keep).
    pub arg_to_env: bool,
    pub entrypoint_script: bool,
    pub volume: bool,
    pub mkdir_runtime_dir: bool,
    /// `CMD sh -c "<worker> & exec <server>"`: two programs.
    pub two_programs: bool,
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![Just(Stack::Python), Just(Stack::Node)],
        prop_oneof![Just(UserMade::None), Just(UserMade::FromArgs), Just(UserMade::Fixed)],
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(stack, user, (switch_user, own_venv, env_chain, arg_to_env), (entrypoint_script, volume, mkdir_runtime_dir, two_programs))| Spec {
            stack,
            user,
            switch_user: switch_user && user != UserMade::None,
            own_venv: own_venv && stack == Stack::Python,
            env_chain,
            arg_to_env,
            entrypoint_script,
            volume,
            mkdir_runtime_dir,
            two_programs,
        })
}

impl Spec {
    pub fn user_name(&self) -> &'static str {
        match self.user {
            UserMade::FromArgs => "$APP_USER",
            _ => "app",
        }
    }

    pub fn render(&self) -> String {
        let mut l: Vec<String> = Vec::new();
        l.push(match self.stack {
            Stack::Python => "FROM python:3.12".into(),
            Stack::Node => "FROM node:20".into(),
        });
        if self.user == UserMade::FromArgs {
            l.push("ARG UID=1001".into());
            l.push("ARG APP_USER=worker".into());
        }
        if self.arg_to_env {
            l.push("ARG RELEASE=dev".into());
            l.push("ENV RELEASE=$RELEASE".into());
        }
        match self.user {
            UserMade::FromArgs => l.push(r#"RUN useradd --create-home --uid "${UID}" "$APP_USER""#.into()),
            UserMade::Fixed => l.push("RUN groupadd -r app && useradd -r -g app app".into()),
            UserMade::None => {}
        }
        if self.env_chain {
            l.push("ENV APP_HOME=/srv/app".into());
            l.push("WORKDIR $APP_HOME".into());
        } else {
            l.push("WORKDIR /app".into());
        }
        if self.own_venv {
            l.push("ENV VIRTUAL_ENV=/opt/venv".into());
            l.push("RUN python3 -m venv $VIRTUAL_ENV".into());
            l.push(r#"ENV PATH="$VIRTUAL_ENV/bin:$PATH""#.into());
        }
        match self.stack {
            Stack::Python => {
                l.push("COPY requirements.txt .".into());
                l.push("RUN pip install --no-cache-dir -r requirements.txt".into());
            }
            Stack::Node => {
                l.push("COPY package.json package-lock.json ./".into());
                l.push("RUN npm ci".into());
            }
        }
        l.push("COPY . .".into());
        if self.mkdir_runtime_dir {
            l.push("RUN mkdir -p /var/log/app".into());
        }
        if self.entrypoint_script {
            l.push("COPY entrypoint.sh /entrypoint.sh".into());
            l.push("RUN chmod +x /entrypoint.sh".into());
        }
        if self.volume {
            l.push("VOLUME /data".into());
        }
        if self.switch_user {
            l.push(format!("USER {}", self.user_name()));
        }
        l.push("EXPOSE 8000".into());
        if self.entrypoint_script {
            l.push(r#"ENTRYPOINT ["/entrypoint.sh"]"#.into());
        }
        let (worker, server) = match self.stack {
            Stack::Python => ("python worker.py", "python app.py"),
            Stack::Node => ("node worker.js", "node server.js"),
        };
        if self.two_programs {
            l.push(format!(r#"CMD ["sh", "-c", "{worker} & exec {server}"]"#));
        } else {
            let argv: Vec<String> = server.split(' ').map(|w| format!("\"{w}\"")).collect();
            l.push(format!("CMD [{}]", argv.join(", ")));
        }
        l.join("\n") + "\n"
    }
}

/// Every file any spec's build needs, for one stack. The apps serve HTTP on 8000 and write
/// where the Dockerfile gives them room (`/data`, `/var/log/app`, their working directory), as
/// the real apps behind these shapes did; a write that fails makes them exit.
pub fn write_context(dir: &Path, stack: Stack) {
    let files: &[(&str, &str)] = match stack {
        Stack::Python => &[
            ("requirements.txt", "six==1.16.0\n"),
            ("app.py", PY_APP),
            ("worker.py", "import time\nwhile True:\n    time.sleep(60)\n"),
        ],
        Stack::Node => &[
            ("package.json", "{\n  \"name\": \"generated\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"scripts\": { \"start\": \"node server.js\" },\n  \"dependencies\": { \"ms\": \"2.1.3\" }\n}\n"),
            ("package-lock.json", NODE_LOCK),
            ("server.js", NODE_APP),
            ("worker.js", "setInterval(() => {}, 60000);\n"),
        ],
    };
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("entrypoint.sh"), "#!/bin/sh\nset -e\nexec \"$@\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("entrypoint.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

const PY_APP: &str = r#"import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import six  # noqa: F401  (from PyPI: the dependencies reached the runtime)

for d in ("/data", "/var/log/app", "output"):
    if os.path.isdir(d) or d == "output":
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "started"), "w") as f:
            f.write(os.environ.get("RELEASE", "none"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")


HTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
"#;

const NODE_APP: &str = r#"const fs = require('fs');
const http = require('http');
require('ms'); // from npm: the dependencies reached the runtime
for (const d of ['/data', '/var/log/app', 'output']) {
  if (d === 'output' || fs.existsSync(d)) {
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(d + '/started', process.env.RELEASE || 'none');
  }
}
http.createServer((_, res) => res.end('ok')).listen(8000);
"#;

const NODE_LOCK: &str = r#"{
  "name": "generated",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "generated",
      "version": "1.0.0",
      "dependencies": {
        "ms": "2.1.3"
      }
    },
    "node_modules/ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="
    }
  }
}
"#;
