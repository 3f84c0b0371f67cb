//! The `gongkai` binary: everything happens in the library's `main`.

fn main() -> std::process::ExitCode {
    gongkai::main()
}
