//! The `msify` binary: everything lives in the library; see `msify::cli`.

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc instead of the system allocator: a migration run allocates many small, short-lived
/// strings and maps per Dockerfile on every thread, and glibc's malloc/free were a third of the
/// run's time in the profile of `bench/one_dir.py`.
///
/// Called through its plain entry points whenever a word's alignment is enough, which is nearly
/// always: every mimalloc block is word-aligned. Its aligned entry points (which the `mimalloc`
/// crate calls for every allocation) take a slower general path for sizes that are not powers of
/// two, and that path was a twentieth of a run.
struct Mimalloc;

const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: mimalloc's functions are thread-safe and return null on failure; blocks from the plain
// entry points are word-aligned, and larger alignments go through the aligned ones.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = if layout.align() <= WORD { mi_malloc(layout.size()) } else { mi_malloc_aligned(layout.size(), layout.align()) };
        p as *mut u8
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = if layout.align() <= WORD { mi_zalloc(layout.size()) } else { mi_zalloc_aligned(layout.size(), layout.align()) };
        p as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr as *mut c_void)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = if layout.align() <= WORD { mi_realloc(ptr as *mut c_void, new_size) } else { mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) };
        p as *mut u8
    }
}

#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

fn main() {
    std::process::exit(msify::cli::main());
}
