//! The system's file dialogs, asked for while a command runs on the window's worker
//! (`app/shell.rs`): while one is open the window says so instead of "waiting for the
//! database", and every dialog of the window is asked for the same way.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a file dialog of this window is open (one window a process).
static OPEN: AtomicBool = AtomicBool::new(false);

/// Whether a file dialog is open now.
pub(super) fn open() -> bool {
    OPEN.load(Ordering::Relaxed)
}

/// Marks a dialog open for as long as it lives, closed again however it ends.
struct Showing;

impl Showing {
    fn new() -> Self {
        OPEN.store(true, Ordering::Relaxed);
        Self
    }
}

impl Drop for Showing {
    fn drop(&mut self) {
        OPEN.store(false, Ordering::Relaxed);
    }
}

/// Asks where to save a file first named `name`, offering files of `kind` ending in one
/// of `extensions`; `None` when the clerk cancels.
pub(super) fn save_as(
    name: impl Into<String>,
    kind: impl Into<String>,
    extensions: &[&str],
) -> Option<PathBuf> {
    let _showing = Showing::new();
    rfd::FileDialog::new()
        .set_file_name(name)
        .add_filter(kind, extensions)
        .save_file()
}

/// Asks where to save `bytes` (as [`save_as`]) and writes them there: the file, or
/// `None` when the clerk cancels.
///
/// # Errors
/// The file could not be written (a full disk, a folder without the right to write …),
/// said in Chinese with the file's name.
pub(super) fn save_bytes(
    name: impl Into<String>,
    kind: impl Into<String>,
    extensions: &[&str],
    bytes: &[u8],
) -> anyhow::Result<Option<PathBuf>> {
    let Some(path) = save_as(name, kind, extensions) else {
        return Ok(None);
    };
    crate::files::write_whole(&path, bytes).map_err(|e| {
        anyhow::anyhow!(
            "无法保存 {}：{}",
            path.display(),
            crate::domain::os::io_reason(&e)
        )
    })?;
    Ok(Some(path))
}

/// Asks for a file of `kind` ending in one of `extensions`; `None` when the clerk cancels.
pub(super) fn pick(kind: impl Into<String>, extensions: &[&str]) -> Option<PathBuf> {
    let _showing = Showing::new();
    rfd::FileDialog::new()
        .add_filter(kind, extensions)
        .pick_file()
}

/// Asks for any file; `None` when the clerk cancels.
pub(super) fn pick_any() -> Option<PathBuf> {
    let _showing = Showing::new();
    rfd::FileDialog::new().pick_file()
}
