//! A Go build with cgo on an image msify has no facts about (a project's own dev image such as
//! `skygeario/skygear-godev`, which installs libzmq and libsodium). The runtime gets the run-time
//! packages of the libraries msify sees installed — the `-dev` packages a RUN installs — and the
//! official golang images bring none of their own. An unknown image may have installed any, and
//! a cgo binary links them dynamically: the runtime would lack them and the program would not
//! start (`error while loading shared libraries`). msify cannot name them, so it refuses.

use super::{Planner, Refusal};
use crate::detect::Stack;

impl Planner<'_> {
    /// Refuse a Go build that may link C libraries its builder image installed unseen.
    pub(super) fn refuse_unseen_libraries(&self) -> Result<(), Refusal> {
        let unknown_image = self.stage.base.facts().is_some_and(|f| !f.known());
        if self.cand.stack != Stack::Go || self.fact("cgo") == "off" || !unknown_image {
            return Ok(());
        }
        Err(Refusal::at(
            Some(self.stage.from_line),
            format!(
                "the build runs on {}, an image msify has no facts about, and cgo is not switched off: the binary may link C libraries that image installed, which the runtime would lack, and msify cannot name them. Build on an official golang image and install the libraries' -dev packages in a RUN (msify installs their run-time packages in the runtime), or build with CGO_ENABLED=0 if the program needs no C",
                self.stage.from.image_text
            ),
        ))
    }
}
