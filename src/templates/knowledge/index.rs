//! Lookups by name over the knowledge's program and library lists, built when entries are
//! added. The stage model asks which programs a package brings at every package a RUN
//! installs, and the planner asks again per package and per program; scanning the lists (and
//! the program list once more per entry) made those questions a tenth of a run's work.

use super::{Library, ProgramPackage};
use rustc_hash::FxHashMap;

/// The answers of [`super::Knowledge::package_for_program`], `programs_of_package` and
/// `misnamed`'s candidate libraries, keyed by name.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Program name → the entry that decides it (the last one: users' entries refine the
    /// built-ins).
    deciding: FxHashMap<String, usize>,
    /// Per family (Debian's names, Alpine's), package → the programs whose deciding entry
    /// names that package, each once, in the order of those entries.
    programs_of: [FxHashMap<String, Vec<String>>; 2],
    /// Package name (any distribution, any release) → the libraries that name it, in order.
    libraries_naming: FxHashMap<String, Vec<usize>>,
}

/// Which of a program entry's package names a distribution family uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Debian = 0,
    Alpine = 1,
}

impl Family {
    /// Debian and Ubuntu share Debian's package names; families without packages have none.
    pub(super) fn of(family: &str) -> Option<Family> {
        match family {
            "debian" | "ubuntu" => Some(Family::Debian),
            "alpine" => Some(Family::Alpine),
            _ => None,
        }
    }

    pub(super) fn package(self, p: &ProgramPackage) -> Option<&str> {
        match self {
            Family::Debian => p.debian.as_deref(),
            Family::Alpine => p.alpine.as_deref(),
        }
    }
}

impl Index {
    pub(super) fn build(programs: &[ProgramPackage], libraries: &[Library]) -> Index {
        let mut index = Index::default();
        for (i, p) in programs.iter().enumerate() {
            index.deciding.insert(p.name.clone(), i);
        }
        for (_, p) in programs.iter().enumerate().filter(|(i, p)| index.deciding[&p.name] == *i) {
            for family in [Family::Debian, Family::Alpine] {
                if let Some(pkg) = family.package(p) {
                    index.programs_of[family as usize].entry(pkg.to_string()).or_default().push(p.name.clone());
                }
            }
        }
        for (i, lib) in libraries.iter().enumerate() {
            let mut names: Vec<&str> = [&lib.debian, &lib.ubuntu, &lib.alpine].into_iter().flatten().flat_map(|n| n.all()).collect();
            names.sort_unstable();
            names.dedup();
            for name in names {
                index.libraries_naming.entry(name.to_string()).or_default().push(i);
            }
        }
        index
    }

    /// The entry that decides `program`, when there is one.
    pub(super) fn deciding<'k>(&self, programs: &'k [ProgramPackage], program: &str) -> Option<&'k ProgramPackage> {
        self.deciding.get(program).map(|&i| &programs[i])
    }

    /// Whether any entry names `program`.
    pub(super) fn names_program(&self, program: &str) -> bool {
        self.deciding.contains_key(program)
    }

    pub(super) fn programs_of(&self, family: Family, pkg: &str) -> &[String] {
        self.programs_of[family as usize].get(pkg).map_or(&[], Vec::as_slice)
    }

    pub(super) fn libraries_naming(&self, pkg: &str) -> &[usize] {
        self.libraries_naming.get(pkg).map_or(&[], Vec::as_slice)
    }
}
