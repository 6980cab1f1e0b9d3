// The check path allocates many small trees; mimalloc serves them faster than the system
// allocator, notably across the checking threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(bodyguard::cli::run());
}
