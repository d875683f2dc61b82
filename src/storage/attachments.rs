//! Files kept as the evidence of point events the supervisor entered (附件): a photo of
//! the damaged goods, a recording of the complaint. Each is *copied* into an
//! `attachments` folder next to the database file, so the evidence survives the original
//! being moved or deleted, and travels with the database's folder (a backup of the folder
//! keeps it). The copy keeps the original name with a short hash of its content before
//! the extension (`投诉录音-1a2b3c4d.m4a`): two different files of the same name do not
//! clash, and the same file attached twice is one copy. The database stores the copy's
//! path relative to the database's folder.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Db, Result, StorageError};

/// The folder, next to the database file, that holds the copies.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// Hex digits of the content hash in a copy's name.
const HASH_CHARS: usize = 8;

/// The copy's file name: the original's name with `-hash` before its extension.
fn copy_name(original: &Path, hash: &str) -> String {
    let stem = original
        .file_stem()
        .map_or_else(|| "附件".to_owned(), |s| s.to_string_lossy().into_owned());
    match original.extension() {
        Some(ext) => format!("{stem}-{hash}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{hash}"),
    }
}

impl Db {
    /// The folder of the database file; `None` for an in-memory database.
    pub(super) fn folder(&self) -> Option<PathBuf> {
        let path = self.lite().ok()?.path().filter(|p| !p.is_empty())?;
        Some(
            Path::new(path)
                .parent()
                .map_or_else(PathBuf::new, Path::to_path_buf),
        )
    }

    /// The folder where attachments are copied: `attachments` next to the database file;
    /// `None` for an in-memory database, which cannot keep any.
    #[must_use]
    pub fn attachments_dir(&self) -> Option<PathBuf> {
        self.folder().map(|f| f.join(ATTACHMENTS_DIR))
    }

    /// The file of a stored attachment path (relative to the database's folder).
    #[must_use]
    pub fn attachment_file(&self, stored: &str) -> Option<PathBuf> {
        self.folder().map(|f| f.join(stored))
    }

    /// Copies `original` into the attachments folder; returns the path to store
    /// (relative to the database's folder) and whether the copy was made now (so a
    /// failed write can take it back).
    pub(super) fn keep_attachment(&self, original: &Path) -> Result<(String, bool)> {
        let Some(dir) = self.attachments_dir() else {
            return Err(StorageError::Refused(if self.server().is_some() {
                "数据库在 PostgreSQL 服务器上时，这一版还不能保存附件：请把附件放在站点的共享文件夹，并在说明里写明位置".to_owned()
            } else {
                "内存数据库不能保存附件：请用数据库文件运行".to_owned()
            }));
        };
        let failed = |path: &Path| {
            let path = path.to_owned();
            move |source| StorageError::Attachment { path, source }
        };
        let bytes = std::fs::read(original).map_err(failed(original))?;
        let digest = Sha256::digest(&bytes);
        let hash: String = digest
            .iter()
            .take(HASH_CHARS / 2)
            .fold(String::new(), |mut hex, b| {
                use std::fmt::Write as _;
                write!(hex, "{b:02x}").ok();
                hex
            });
        let name = copy_name(original, &hash);
        let copy = dir.join(&name);
        let made = if copy.exists() {
            false
        } else {
            std::fs::create_dir_all(&dir).map_err(failed(&dir))?;
            std::fs::write(&copy, &bytes).map_err(failed(&copy))?;
            true
        };
        Ok((format!("{ATTACHMENTS_DIR}/{name}"), made))
    }

    /// Removes a copy made by [`Self::keep_attachment`] whose event was not written.
    pub(super) fn drop_attachment(&self, stored: &str) {
        if let Some(file) = self.attachment_file(stored) {
            // Best effort: a stray copy costs only disk space.
            std::fs::remove_file(file).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_names_keep_the_original_with_a_hash() {
        let cases = [
            ("投诉录音.m4a", "投诉录音-1a2b3c4d.m4a"),
            ("/home/s/照片/破损 1.JPG", "破损 1-1a2b3c4d.JPG"),
            ("说明", "说明-1a2b3c4d"),
            ("archive.tar.gz", "archive.tar-1a2b3c4d.gz"),
        ];
        for (original, copy) in cases {
            assert_eq!(
                copy_name(Path::new(original), "1a2b3c4d"),
                copy,
                "{original}"
            );
        }
    }

    #[test]
    fn attachments_are_copied_next_to_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        let original = dir.path().join("破损.jpg");
        std::fs::write(&original, b"photo").unwrap();
        let (stored, made) = db.keep_attachment(&original).unwrap();
        assert!(made);
        assert!(stored.starts_with("attachments/破损-"), "{stored}");
        assert_eq!(Path::new(&stored).extension().unwrap(), "jpg");
        let copy = db.attachment_file(&stored).unwrap();
        assert_eq!(copy.parent().unwrap(), dir.path().join("attachments"));
        std::fs::remove_file(&original).unwrap();
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            b"photo",
            "survives the original"
        );

        // The same content again is the same copy; other content of the same name is not.
        std::fs::write(&original, b"photo").unwrap();
        assert_eq!(
            db.keep_attachment(&original).unwrap(),
            (stored.clone(), false)
        );
        std::fs::write(&original, b"another photo").unwrap();
        let (other, _) = db.keep_attachment(&original).unwrap();
        assert_ne!(other, stored);

        let missing = db
            .keep_attachment(&dir.path().join("不存在.jpg"))
            .unwrap_err();
        assert!(missing.to_string().starts_with("无法保存附件"), "{missing}");
        let memory = Db::open_in_memory().unwrap();
        assert!(memory.attachments_dir().is_none());
        assert!(matches!(
            memory.keep_attachment(&original),
            Err(StorageError::Refused(_))
        ));
    }
}
