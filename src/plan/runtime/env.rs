//! Variables of the builder's image that the replayed lines read (`ENV PATH=$PATH:$GOPATH/bin`
//! on golang): the runtime image may not define them, so they are set with the builder image's
//! value (from the knowledge files) right after FROM.

use super::Line;
use crate::model::VarFrom;
use crate::plan::roles::{reads, Role};
use crate::plan::Planner;

pub(super) fn base(p: &mut Planner, roles: &[Role], image: &str) -> Vec<Line> {
    let runtime = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).env_names();
    let builder = match &p.stage.base {
        crate::model::Base::Image(_, facts) => facts.clone(),
        crate::model::Base::Stage(_) => return Vec::new(),
    };
    let steps = &p.stage.steps;
    // Defined by a runtime ENV or ARG before the line that reads it: `ENV GOPATH
    // /src/Godeps/_workspace:$GOPATH` reads the image's GOPATH before it sets its own.
    let mut defined: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut said: Vec<String> = Vec::new();
    for (s, r) in steps.iter().zip(roles).filter(|(_, r)| r.in_runtime()) {
        for name in reads(p, s, r) {
            let from_base = p.stage.start.var(&name).is_some_and(|v| v.from == VarFrom::Base);
            if !from_base || runtime.contains(&name) || defined.contains(&name) || said.contains(&name) {
                continue;
            }
            if let Some(value) = builder.env_value(&name) {
                out.push(Line::New(format!("ENV {name}={value}")));
                p.notes.push(format!("added ENV {name}={value}: line {} reads ${name}, which {} sets and the runtime image does not", s.line, p.stage.from.image_text));
                said.push(name);
            }
        }
        if matches!(s.kw.as_str(), "env" | "arg") {
            defined.extend(crate::detect::dockerfile_signals::env_pairs(&s.ins.args, p.df.escape).into_iter().map(|(k, _)| k).chain(crate::plan::roles::arg_names(p, s)));
        }
    }
    out
}
