// The check path allocates many small trees; mimalloc serves them faster than the system
// allocator, notably across the checking threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc the `libmimalloc-sys` version pinned in
/// Cargo.lock builds (v3); the `allocator_options` test checks it is the purge delay.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // mimalloc keeps freed memory for a second before giving it back; a big file's tree is
    // freed just before its findings are rendered, and it should not be held meanwhile.
    // 10 ms (mimalloc v2's value) costs nothing measurable. `MIMALLOC_PURGE_DELAY` still wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a numeric option before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
    std::process::exit(bodyguard::unstable::cli::run());
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
    }
}
