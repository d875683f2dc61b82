//! The `kaidan` program: the window, or with a command the batch side (FORMATS.md).

fn main() -> std::process::ExitCode {
    kaidan::cli::main()
}
