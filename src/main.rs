//! The `kaidan` program: the window, or with a command the batch side (FORMATS.md).
//!
//! On Windows a release build is a window program (no console opens beside the window
//! from the Start menu); its command line writes to a redirect or a pipe (README,
//! "Release").

#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    kaidan::cli::main()
}
