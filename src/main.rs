// The check path allocates many small trees; mimalloc serves them faster than the system
// allocator, notably across the checking threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
