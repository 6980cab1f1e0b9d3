fn main() {
    std::process::exit(bodyguard::cli::run());
}
