//! `package-name`: a package install names a library package as another distribution or
//! release calls it (`apk add libpq5`: Alpine calls it `libpq`; `libffi8` on Debian buster,
//! which has `libffi6`).

use crate::check::{Finding, Severity};
use crate::model::StageModel;
use crate::templates::Knowledge;

pub fn package_name(stage: &StageModel, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    for step in &stage.steps {
        let Some(fx) = &step.run else { continue };
        for install in &fx.installs {
            for pkg in &install.packages {
                if let Some((right, whose)) = knowledge.misnamed(pkg, &step.before.distro) {
                    out.push(Finding::new(
                        "package-name",
                        Severity::Error,
                        stage,
                        step.item,
                        step.line,
                        pkg.clone(),
                        format!("line {} installs {pkg}, {whose}; {} calls it {right}", step.line, step.before.distro.describe()),
                    ));
                }
            }
        }
    }
}
