//! Files kaidan writes where people keep them — a saved PDF or workbook, an export, an
//! attachment's copy — are written whole or not at all: the bytes go to a hidden
//! `.name.kaidan-partial` beside the file, are flushed to the disk and then renamed over
//! it. A full disk, a pulled USB stick or a kill leaves the file as it was (last month's
//! 考核表 under the same name is not cut short by this month's that did not fit), and a
//! file that is there is whole. Backups, which are checked before their rename, do the
//! same in `storage::backups`.

use std::path::{Path, PathBuf};

/// The hidden name a file is written under before it is renamed into place.
#[must_use]
pub fn partial_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "kaidan".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.kaidan-partial"))
}

/// Writes `bytes` to `path` whole or not at all (see the module). The folder must be
/// there.
///
/// # Errors
/// The file could not be written; `path` is then as it was and no partial file stays.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = partial_name(path);
    let written = std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::File::open(&partial)?.sync_all())
        .and_then(|()| std::fs::rename(&partial, path));
    if written.is_err() {
        std::fs::remove_file(&partial).ok();
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_or_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("考核表.pdf");
        write_whole(&file, b"November").unwrap();
        write_whole(&file, b"December").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"December");
        // Into a folder that is not there: refused, nothing written anywhere.
        let nowhere = dir.path().join("U盘").join("考核表.pdf");
        assert!(write_whole(&nowhere, b"x").is_err());
        // Over a folder of that name: refused, the folder as it was, no partial left.
        let folder = dir.path().join("工资表.xlsx");
        std::fs::create_dir(&folder).unwrap();
        assert!(write_whole(&folder, b"x").is_err());
        assert!(folder.is_dir());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
        assert_eq!(
            partial_name(&file),
            dir.path().join(".考核表.pdf.kaidan-partial")
        );
    }
}
