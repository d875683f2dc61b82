//! Files kept as the evidence of point events the supervisor entered (附件): a photo of
//! the damaged goods, a recording of the complaint. Each is *copied* into an
//! `attachments` folder next to the database file, so the evidence survives the original
//! being moved or deleted, and travels with the database's folder (a backup of the folder
//! keeps it). The copy keeps the original name with a short hash of its content before
//! the extension (`投诉录音-1a2b3c4d.m4a`): two different files of the same name do not
//! clash, and the same file attached twice is one copy. The database stores the copy's
//! path relative to the database's folder. On a PostgreSQL server, which has no folder
//! beside it, the bytes are kept in the database under that same path
//! (`attachment_files`, migration 16), and opened from a copy in this PC's cache folder.
//! `kaidan copy` moves them between the two.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::sql::{Conn, args};
use super::{Db, Result, StorageError};

/// The folder, next to the database file, that holds the copies.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// Hex digits of the content hash in a copy's name.
const HASH_CHARS: usize = 8;

/// The copy's file name: the original's name with `-hash` before its extension.
/// Keeps a file's bytes in the server's `attachment_files` under `stored`, its
/// `attachments/…` path; false when the same path was kept before (same content, by its
/// hash in the name).
pub(super) fn store_on_server(
    conn: super::sql::Conn<'_>,
    stored: &str,
    bytes: &[u8],
) -> Result<bool> {
    let added = conn.execute(
        "INSERT INTO attachment_files (path, content, added_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (path) DO NOTHING",
        args![
            stored,
            bytes,
            super::time_text(chrono::Local::now().naive_local())
        ],
    )?;
    Ok(added == 1)
}

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

    /// The file of a stored attachment path (relative to the database's folder); on a
    /// server, a copy of its bytes written to this PC's cache folder to be opened.
    #[must_use]
    pub fn attachment_file(&self, stored: &str) -> Option<PathBuf> {
        if self.server().is_none() {
            return self.folder().map(|f| f.join(stored));
        }
        let bytes = self.attachment_bytes(stored).ok()??;
        let name = Path::new(stored).file_name()?;
        let dir = dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("kaidan")
            .join(ATTACHMENTS_DIR);
        std::fs::create_dir_all(&dir).ok()?;
        let file = dir.join(name);
        std::fs::write(&file, bytes).ok()?;
        Some(file)
    }

    /// The bytes of a stored attachment: from the database on a server, from the folder
    /// beside an SQLite file; `None` when it is not there.
    pub fn attachment_bytes(&self, stored: &str) -> Result<Option<Vec<u8>>> {
        if self.server().is_some() {
            return Ok(self.sql().value(
                "SELECT content FROM attachment_files WHERE path = ?1",
                args![stored],
            )?);
        }
        Ok(self
            .folder()
            .and_then(|f| std::fs::read(f.join(stored)).ok()))
    }

    /// Reads the file to attach (before any transaction: a long recording is read
    /// without holding the writer lock); refused for an in-memory database.
    pub(super) fn read_attachment(&self, original: &Path) -> Result<Attachment> {
        if self.server().is_none() && self.attachments_dir().is_none() {
            return Err(StorageError::Refused(
                "内存数据库不能保存附件：请用数据库文件运行".to_owned(),
            ));
        }
        let bytes = std::fs::read(original).map_err(|source| StorageError::Attachment {
            path: original.to_owned(),
            source,
        })?;
        let digest = Sha256::digest(&bytes);
        let hash = crate::domain::desk::alteration::lower_hex(&digest[..HASH_CHARS / 2]);
        let stored = format!("{ATTACHMENTS_DIR}/{}", copy_name(original, &hash));
        Ok(Attachment { stored, bytes })
    }

    /// Keeps a read attachment inside the transaction `tx` of the event that names it:
    /// on a server its row is part of that transaction (rolled back with it); beside an
    /// SQLite file the copy is written under the writer lock `tx` holds, so no other
    /// event can find it there and name it before this one commits or takes it back
    /// ([`Self::unkeep_attachment`], while still holding the lock). Returns whether the
    /// copy was made now: false when the same content was kept before.
    pub(super) fn keep_attachment(&self, tx: Conn<'_>, attachment: &Attachment) -> Result<bool> {
        if self.server().is_some() {
            return store_on_server(tx, &attachment.stored, &attachment.bytes);
        }
        let Some(folder) = self.folder() else {
            return Err(StorageError::Refused(
                "内存数据库不能保存附件：请用数据库文件运行".to_owned(),
            ));
        };
        let copy = folder.join(&attachment.stored);
        let existed = copy.exists();
        if existed && std::fs::read(&copy).is_ok_and(|kept| kept == attachment.bytes) {
            return Ok(false);
        }
        // Written aside and renamed: a copy cut short (a full disk, a kill) never stands
        // under the name, which says whose content it holds, for a later event to trust.
        // One found cut short by an older version is written again, and kept as named.
        let written = copy
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::files::write_whole(&copy, &attachment.bytes));
        written.map_err(|source| StorageError::Attachment { path: copy, source })?;
        Ok(!existed)
    }

    /// Removes a copy [`Self::keep_attachment`] made for an event that is not written,
    /// before its transaction lets go of the lock. On a server the rollback does it.
    pub(super) fn unkeep_attachment(&self, attachment: &Attachment) {
        if self.server().is_some() {
            return;
        }
        if let Some(file) = self.folder().map(|f| f.join(&attachment.stored)) {
            // Best effort: a stray copy costs only disk space.
            std::fs::remove_file(file).ok();
        }
    }
}

/// A file read to be attached: the path it is stored under (`attachments/name-hash.ext`,
/// relative to the database's folder) and its bytes.
pub(super) struct Attachment {
    pub stored: String,
    pub bytes: Vec<u8>,
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

    /// Reads and keeps `original` in a transaction of its own.
    fn keep(db: &Db, original: &Path) -> Result<(String, bool)> {
        let file = db.read_attachment(original)?;
        let tx = db.sql().begin()?;
        let made = db.keep_attachment(*tx, &file)?;
        tx.commit()?;
        Ok((file.stored, made))
    }

    #[test]
    fn attachments_are_copied_next_to_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        let original = dir.path().join("破损.jpg");
        std::fs::write(&original, b"photo").unwrap();
        let (stored, made) = keep(&db, &original).unwrap();
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
        assert_eq!(keep(&db, &original).unwrap(), (stored.clone(), false));
        std::fs::write(&original, b"another photo").unwrap();
        let (other, _) = keep(&db, &original).unwrap();
        assert_ne!(other, stored);
        // A copy cut short under its name (a full disk before copies were written aside)
        // is written whole again when the same file is attached, and kept.
        std::fs::write(&copy, b"pho").unwrap();
        std::fs::write(&original, b"photo").unwrap();
        assert_eq!(keep(&db, &original).unwrap(), (stored.clone(), false));
        assert_eq!(std::fs::read(&copy).unwrap(), b"photo");
        let names: Vec<String> = std::fs::read_dir(copy.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");

        let missing = keep(&db, &dir.path().join("不存在.jpg")).unwrap_err();
        assert!(missing.to_string().starts_with("无法保存附件"), "{missing}");
        let memory = Db::open_in_memory().unwrap();
        assert!(memory.attachments_dir().is_none());
        if memory.server().is_none() {
            assert!(matches!(
                keep(&memory, &original),
                Err(StorageError::Refused(_))
            ));
        } else {
            // On a server (`KAIDAN_TEST_BACKEND=postgres`) the bytes go into the database.
            let (kept, made) = keep(&memory, &original).unwrap();
            assert!(made);
            assert_eq!(
                memory.attachment_bytes(&kept).unwrap().as_deref(),
                Some(&b"photo"[..])
            );
        }
    }
}
