//! One rule per file; each walks one stage of the model and pushes its findings.

mod copy_source;
mod exec_form_words;
mod layer_limit;
mod missing_program;
mod mkdir_exists;
mod needs_root;
mod package_name;
mod root_owned;
mod undefined_variable;
mod unknown_user;
mod used_before_created;

pub use copy_source::copy_source;
pub use exec_form_words::exec_form_words;
pub use layer_limit::layer_limit;
pub use missing_program::{missing_program, system_tool};
pub use mkdir_exists::mkdir_exists;
pub use needs_root::needs_root;
pub use package_name::package_name;
pub use root_owned::root_owned;
pub use undefined_variable::undefined_variable;
pub use unknown_user::unknown_user;
pub use used_before_created::used_before_created;
