//! The `msify` binary: everything lives in the library; see `msify::cli`.

/// mimalloc instead of the system allocator: a migration run allocates many small, short-lived
/// strings and maps per Dockerfile on every thread, and glibc's malloc/free were a third of the
/// run's time in the profile of `bench/one_dir.py`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(msify::cli::main());
}
