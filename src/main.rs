//! The `msify` binary: everything lives in the library; see `msify::cli`.
fn main() {
    std::process::exit(msify::cli::main());
}
