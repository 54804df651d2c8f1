//! Packages the build installs after adding a package repository of its own (a PPA, a list in
//! /etc/apt/sources.list.d, NodeSource's setup script). The runtime stage installs the packages
//! it carries from its image's own repositories, where such a package is missing (deadsnakes'
//! `python3.6` on Ubuntu 16.04: backslash) or is another version (NodeSource's Node.js against
//! Debian's). msify does not add repositories to the runtime, so it refuses rather than install
//! something else under the same name.

use super::needs::Needs;
use super::{Planner, Refusal};

/// A repository a RUN adds: its line, what it is, the one package it serves when that is known
/// (NodeSource: `nodejs`), and how many of the RUN's installs came before it.
struct Added<'k> {
    line: usize,
    what: String,
    serves: Option<&'k str>,
    after_installs: usize,
}

impl Planner<'_> {
    /// Refuse when a package the runtime installs again came, in the build, from a repository
    /// the build added (with --force: say so and go on).
    pub(super) fn refuse_packages_from_added_repositories(&mut self, needs: &Needs) -> Result<(), Refusal> {
        let Some((pkg, line, added)) = needs.carried.iter().find_map(|(pkg, line, _)| Some((pkg, *line, self.added_before(pkg, *line)?))) else {
            return Ok(());
        };
        let installs = if added.line == line {
            format!("line {line} adds the package repository {} and then installs {pkg}", added.what)
        } else {
            format!("line {line} installs {pkg} after line {} adds the package repository {}", added.line, added.what)
        };
        let msg = format!("{installs}, and the runtime stage would install {pkg} again from its image's own repositories, where it may be missing or another version; msify does not add repositories to the runtime");
        if self.options.force {
            self.notes.push(format!("{msg} (kept with --force: check that the runtime's {pkg} is the one the app needs)"));
            return Ok(());
        }
        Err(Refusal::at(Some(line), format!("{msg}. Install {pkg} from the distribution's own repositories, or split this file by hand")))
    }

    /// The repository added before the install of `pkg` at `line` that it may have come from.
    fn added_before(&self, pkg: &str, line: usize) -> Option<Added<'_>> {
        let mut added: Vec<Added> = Vec::new();
        for step in self.stage.of("run").take_while(|s| s.line <= line) {
            let Some(fx) = &step.run else { continue };
            let text = step.run_text(self.df);
            // Known installers that set a repository up serve one package (`curl ... | bash -`).
            for i in self.knowledge.installers.iter().filter(|i| i.package.is_some() && text.contains(&i.url)) {
                added.push(Added { line: step.line, what: i.installs.clone(), serves: i.package.as_deref(), after_installs: 0 });
            }
            added.extend(fx.apt_sources.iter().map(|(what, n)| Added { line: step.line, what: format!("`{what}`"), serves: None, after_installs: *n }));
            if step.line < line {
                continue;
            }
            // The package itself, or the one it came with (`python3.8` with `python3.8-dev`).
            let installed_at = fx.installs.iter().position(|i| i.packages.iter().any(|p| p == pkg || p.strip_prefix(pkg).is_some_and(|rest| rest.starts_with('-'))))?;
            return added.into_iter().find(|a| (a.line < line || a.after_installs <= installed_at) && a.serves.is_none_or(|s| s == pkg));
        }
        None
    }
}
