//! What the benches share: where their big databases live, and removing one whole.

use std::path::{Path, PathBuf};

/// Where the bench databases live: `target/bench-data/`, beside cargo's own temporary
/// folder, so they survive between runs and `cargo clean` removes them.
pub fn data_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("bench-data")
}

/// Removes an SQLite database with its write-ahead log and shared-memory files.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        std::fs::remove_file(&file).ok();
    }
}
