use std::alloc::{GlobalAlloc, Layout, System};

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// Blocks of at least this many bytes come from the system allocator.
const BIG_BLOCK: usize = 1 << 20;

/// The check path allocates many small trees; mimalloc serves them faster than the system
/// allocator, notably across the checking threads. Big blocks (a wide object's members, a
/// file's text) come from the system allocator, which maps each on pages of its own and
/// grows it in place (`mremap` on Linux): mimalloc grows a block by copying it, so a vector
/// doubling from 30 to 60 MB held both, and that copy was the peak of a big file's run.
struct Allocator;

impl Allocator {
    fn is_big(size: usize) -> bool {
        size >= BIG_BLOCK
    }
}

// SAFETY: every block is freed and resized by the allocator that made it: which one is
// decided by the block's size, and `dealloc` and `realloc` are given the size it was made with.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as given.
        unsafe {
            if Self::is_big(layout.size()) {
                System.alloc(layout)
            } else {
                mimalloc::MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as given.
        unsafe {
            if Self::is_big(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                mimalloc::MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from the allocator its size selects.
        unsafe {
            if Self::is_big(layout.size()) {
                System.dealloc(ptr, layout);
            } else {
                mimalloc::MiMalloc.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: a block that stays on one side is resized by its allocator; one that
        // crosses is copied into a new block of the other (the caller guarantees `new_size`
        // with `layout`'s alignment is a valid layout) and freed by its own.
        unsafe {
            match (Self::is_big(layout.size()), Self::is_big(new_size)) {
                (true, true) => System.realloc(ptr, layout, new_size),
                (false, false) => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

/// `mi_option_purge_delay` in the mimalloc the `libmimalloc-sys` version pinned in
/// Cargo.lock builds (v3); the `allocator_options` test checks it is the purge delay.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// `mi_option_allow_thp` in the same mimalloc (v3).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Runs before `main` and before the first allocation (the runtime allocates before `main`),
/// ahead of mimalloc's own constructor (a lower priority number runs first).
///
/// mimalloc asks for transparent huge pages on its first 1 GiB arena by default, so the first
/// touch of each 2 MiB region makes the kernel clear a whole huge page: for a run over one
/// small file, clearing those pages was a quarter of the process's time. Without it, memory
/// comes in 4 KiB pages as the check needs it. `MIMALLOC_ALLOW_THP=1` still wins (this only
/// changes the default).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array.00100"]
static ALLOCATOR_DEFAULTS: extern "C" fn() = allocator_defaults;

#[cfg(target_os = "linux")]
extern "C" fn allocator_defaults() {
    // SAFETY: sets the default of a numeric option; allocates nothing, touches nothing else.
    unsafe { libmimalloc_sys::mi_option_set_default(MI_OPTION_ALLOW_THP, 0) };
    // glibc maps a block on its own pages (and so grows it with `mremap`) from a threshold
    // that starts at 128 KiB and rises each time such a block is freed; fixed, every big
    // block is mapped.
    #[cfg(target_env = "gnu")]
    // SAFETY: sets a numeric parameter of the system allocator before its first use.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, BIG_BLOCK as i32);
    }
}

fn main() {
    // mimalloc keeps freed memory for a second before giving it back; a big file's tree is
    // freed just before its findings are rendered, and it should not be held meanwhile.
    // 10 ms (mimalloc v2's value) costs nothing measurable. `MIMALLOC_PURGE_DELAY` still wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a numeric option before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
    let code = bodyguard::unstable::cli::run();
    // The process ends now and the system takes its memory back: mimalloc need not return
    // it page by page at exit (a purge delay below 0 skips that).
    // SAFETY: sets a numeric option; the threads of the run have ended.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::BIG_BLOCK;

    /// A block keeps its bytes as it grows and shrinks across the size where it changes
    /// allocator, and within each side.
    #[test]
    fn blocks_keep_their_bytes_across_allocators() {
        let pattern = |n: usize| (0..n).map(|i| (i % 251) as u8);
        let mut block: Vec<u8> = pattern(1000).collect();
        for size in [BIG_BLOCK - 1, BIG_BLOCK, 3 * BIG_BLOCK, 7 * BIG_BLOCK + 5] {
            block.reserve_exact(size - block.len());
            block.extend(pattern(size).skip(block.len()));
            assert!(block.iter().copied().eq(pattern(size)), "grown to {size}");
        }
        for size in [2 * BIG_BLOCK, BIG_BLOCK, BIG_BLOCK - 1, 10] {
            block.truncate(size);
            block.shrink_to_fit();
            assert!(block.iter().copied().eq(pattern(size)), "shrunk to {size}");
        }
        let zeroed = vec![0u64; BIG_BLOCK];
        assert!(zeroed.iter().all(|&x| x == 0));
    }

    #[test]
    fn allocator_options() {
        // Option 15 is the purge delay when its default is mimalloc v3's 1000 ms, a value
        // no other option has: a renumbering of the options fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads a numeric option.
            let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(delay, 1000);
        }
        // The constructor ran before the first allocation of this test binary too.
        #[cfg(target_os = "linux")]
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
            // SAFETY: reads a numeric option.
            let thp = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_ALLOW_THP) };
            assert_eq!(thp, 0);
        }
    }
}
