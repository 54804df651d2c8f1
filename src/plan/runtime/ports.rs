//! Ports as a user sees them: a port the runtime image's own config exposes (nginx: `EXPOSE 80`)
//! that neither the Dockerfile nor its own base declares is announced, and `msify verify` accepts exactly that
//! one (`inherited-port:80/tcp`); a server image on a fixed port other than the app's is a
//! port change, said as one.

use crate::plan::Planner;
use crate::templates::Variant;
use std::collections::BTreeSet;

pub(super) fn announce(p: &mut Planner, v: &Variant, image: &str) {
    if let (Some(fixed), Some(port)) = (&v.port, p.vars.get("port").cloned()) {
        if *fixed != port {
            p.changes.push("ports".into());
            p.notes.push(format!("{image} listens on {fixed}, not {port}: update EXPOSE and how the container is published"));
        }
    }
    let declared: BTreeSet<String> = declared_ports(p).into_iter().collect();
    // The builder's base exposes them too: the original image had them already.
    let original: Vec<String> = match &p.stage.base {
        crate::model::Base::Image(_, facts) => facts.exposed_ports(),
        crate::model::Base::Stage(_) => Vec::new(),
    };
    let declared: BTreeSet<String> = declared.into_iter().chain(original).collect();
    let inherited: Vec<String> = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).exposed_ports().into_iter().filter(|x| !declared.contains(x)).collect();
    if inherited.is_empty() {
        return;
    }
    let serving = p.vars.get("port").map(|port| format!("; the server msify configures listens on {port} only")).unwrap_or_default();
    p.notes.push(format!("{image} exposes {} in its own image config, so the rewritten image lists it besides the ports you declare{serving}", inherited.join(", ")));
    p.changes.extend(inherited.into_iter().map(|x| format!("inherited-port:{x}")));
}

/// The ports the Dockerfile's EXPOSE lines declare, variables expanded, as `8080/tcp`.
pub(super) fn declared_ports(p: &Planner) -> Vec<String> {
    p.stage
        .of("expose")
        .flat_map(|s| s.ins.args.split_whitespace().map(|w| crate::shell::expand(w, &|n: &str| s.before.value(n))).collect::<Vec<_>>())
        .map(|w| if w.contains('/') { w } else { format!("{w}/tcp") })
        .collect()
}
