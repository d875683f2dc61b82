//! Automatic backups and restoring one. At the first start of each day and at every shift
//! handover the window writes a safe backup (`Db::backup_to`: written aside, verified,
//! renamed) into the folder chosen in 设置 (by default `backups/` beside the database) and
//! keeps the copies `domain::backups` says to keep. A restore first keeps the current
//! database aside as a backup of its own, then copies the chosen file in, in one
//! transaction, so the other counters' connections see the restored data.

use super::{Db, LATEST_VERSION, Result, StorageError, migrations};
use crate::domain::backups::{BackupSettings, file_name, made_at, nth_file_name, to_delete};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

const BACKUP_KEY: &str = "backup";

/// One backup file in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// The file.
    pub path: PathBuf,
    /// When it was made (from its name).
    pub made_at: NaiveDateTime,
}

impl Db {
    /// Where backups go and when the last good one was made.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        self.json_setting(BACKUP_KEY)
    }

    /// Sets the backup folder (empty: `backups/` beside the database).
    pub fn set_backup_folder(&self, folder: &str) -> Result<()> {
        self.change_backup_settings(|settings| folder.trim().clone_into(&mut settings.folder))
    }

    /// Changes the backup settings under the writer lock: the folder and the last good
    /// backup share one setting, and a backup noting its time while the supervisor sets
    /// the folder must not put the old folder back.
    fn change_backup_settings(&self, change: impl FnOnce(&mut BackupSettings)) -> Result<()> {
        let tx = self.sql().begin()?;
        let mut settings = self.backup_settings()?;
        change(&mut settings);
        self.save_json_setting(BACKUP_KEY, &settings)?;
        Ok(tx.commit()?)
    }

    /// The folder backups go to: the one set in 设置, else `backups/` beside the database;
    /// `None` for a database in memory with no folder set.
    pub fn backup_folder(&self) -> Result<Option<PathBuf>> {
        let settings = self.backup_settings()?;
        if !settings.folder.is_empty() {
            return Ok(Some(PathBuf::from(settings.folder)));
        }
        Ok(self.folder().map(|f| f.join("backups")))
    }

    /// Writes a backup now into the backup folder, records it as the last good one and
    /// deletes the copies the policy no longer keeps. Returns the file written.
    pub fn backup_now(&self, now: NaiveDateTime) -> Result<PathBuf> {
        let folder = self.backup_folder()?.ok_or_else(|| {
            StorageError::Refused("内存中的数据库没有备份文件夹，请在设置中选择一个".to_owned())
        })?;
        let _lock = lock_folder(&folder)?;
        self.backup_locked(&folder, now)
    }

    /// The first start of a day: a backup unless one was made today already. Two windows
    /// starting the day on one file make one backup: the second waits for the first's
    /// lock on the folder and then finds today's made.
    pub fn daily_backup(&self, now: NaiveDateTime) -> Result<Option<PathBuf>> {
        let made_today = |db: &Self| -> Result<bool> {
            let last = db.backup_settings()?.last_ok;
            Ok(last.is_some_and(|at| at.date() == now.date()))
        };
        if made_today(self)? {
            return Ok(None);
        }
        let folder = self.backup_folder()?.ok_or_else(|| {
            StorageError::Refused("内存中的数据库没有备份文件夹，请在设置中选择一个".to_owned())
        })?;
        let _lock = lock_folder(&folder)?;
        if made_today(self)? {
            return Ok(None);
        }
        self.backup_locked(&folder, now).map(Some)
    }

    /// [`Self::backup_now`] under the folder's lock.
    fn backup_locked(&self, folder: &Path, now: NaiveDateTime) -> Result<PathBuf> {
        // A second backup in the same second (a restore right after one) gets `-2`.
        let target = std::iter::once(file_name(now))
            .chain((2..100).map(|n| nth_file_name(now, n)))
            .map(|name| folder.join(name))
            .find(|path| !path.exists())
            .unwrap_or_else(|| folder.join(file_name(now)));
        self.backup_to_locked(&target)?;
        self.change_backup_settings(|settings| settings.last_ok = Some(now))?;
        let found = list(folder);
        let made: Vec<NaiveDateTime> = found.iter().map(|b| b.made_at).collect();
        let old = to_delete(&made);
        for file in found.iter().filter(|b| old.contains(&b.made_at)) {
            // A copy that cannot be deleted is kept; the next backup tries again.
            std::fs::remove_file(&file.path).ok();
        }
        Ok(target)
    }

    /// The backups in the backup folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        let mut found = self.backup_folder()?.map(|f| list(&f)).unwrap_or_default();
        found.sort_by_key(|b| std::cmp::Reverse(b.made_at));
        Ok(found)
    }

    /// Restores the database from `file`: the file must pass the checks `check` makes of
    /// SQLite's integrity and be a kaidan database no newer than this program. The
    /// current data is first kept aside as a backup (returned), never overwritten; then
    /// the file's data is copied in, in one transaction, and brought up to date.
    pub fn restore_from(&mut self, file: &Path, now: NaiveDateTime) -> Result<PathBuf> {
        verify_backup(file)?;
        // The file is read into memory, brought up to date and checked as `check` checks
        // a database (SQLite's integrity, the waybill history's chain) before anything
        // here changes; the file itself is never written.
        let source = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut candidate = Db {
            link: super::Link::Sqlite(Connection::open_in_memory()?),
            scratch: None,
            scope: crate::domain::stations::Scope::Company,
        };
        candidate.copy_from(&source)?;
        drop(source);
        migrations::migrate(candidate.lite_mut()?)?;
        let mut problems = candidate.integrity_problems()?;
        problems.extend(candidate.record_problems()?);
        if !problems.is_empty() {
            return Err(StorageError::Corrupt(format!(
                "{} 没有通过检查，不能用来恢复：{}",
                file.display(),
                problems.join("；")
            )));
        }
        let aside = self.backup_now(now)?;
        // Where backups go stays as this station set it, whatever the file says.
        let settings = self.backup_settings()?;
        self.copy_from(candidate.lite()?)?;
        self.save_json_setting(BACKUP_KEY, &settings)?;
        // Anchors verified before now may be ahead of the restored history: a restore,
        // which `check` reports as such.
        self.record_restore(now)?;
        Ok(aside)
    }
}

/// Makes the backup folder if it is not there and takes its lock.
fn lock_folder(folder: &Path) -> Result<super::FolderLock> {
    std::fs::create_dir_all(folder).map_err(|source| StorageError::Backup {
        path: folder.to_owned(),
        source,
    })?;
    super::FolderLock::take(folder)
}

/// Refuses a file that is not a sound kaidan database this program can open.
fn verify_backup(file: &Path) -> Result<()> {
    if !file.is_file() {
        return Err(StorageError::Missing(file.to_owned()));
    }
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    migrations::refuse_foreign(&conn).map_err(|error| match error {
        migrations::Foreign::NotKaidan => StorageError::NotKaidan(file.to_owned()),
        migrations::Foreign::Sqlite(e) => e.into(),
    })?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        return Err(StorageError::NotKaidan(file.to_owned()));
    }
    if version > LATEST_VERSION {
        return Err(StorageError::TooNew {
            found: version,
            supported: LATEST_VERSION,
        });
    }
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StorageError::Corrupt(format!(
            "{} 没有通过完整性检查（{check}），不能用来恢复：请换一个备份",
            file.display()
        )));
    }
    Ok(())
}

/// The backup files in `folder` (others are left alone).
fn list(folder: &Path) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| {
            let made = made_at(&entry.file_name().to_string_lossy())?;
            Some(BackupFile {
                path: entry.path(),
                made_at: made,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backups::DAILY_KEPT;
    use crate::testing::at;

    #[test]
    fn a_backup_a_day_and_the_old_ones_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        assert_eq!(
            db.backup_folder().unwrap(),
            Some(dir.path().join("backups"))
        );
        assert!(
            db.backup_settings().unwrap().folder.is_empty(),
            "the default folder"
        );
        let first = db.daily_backup(at("2026-12-01 08:00")).unwrap().unwrap();
        assert!(first.ends_with("backups/kaidan-20261201-080000.sqlite3"));
        assert_eq!(
            db.daily_backup(at("2026-12-01 15:00")).unwrap(),
            None,
            "one a day"
        );
        assert_eq!(
            db.backup_settings().unwrap().last_ok,
            Some(at("2026-12-01 08:00"))
        );
        // Thirty more days with a backup: 14 daily copies and the month's are kept.
        for d in 2..=31 {
            db.daily_backup(at(&format!("2026-12-{d:02} 08:00")))
                .unwrap();
        }
        let kept = db.backups().unwrap();
        assert_eq!(kept[0].made_at, at("2026-12-31 08:00"));
        assert_eq!(
            kept.len(),
            DAILY_KEPT,
            "December's newest is one of the 14 days"
        );
        // A second copy the same day (a handover) keeps the morning's beside it.
        db.backup_now(at("2026-12-31 20:00")).unwrap();
        assert_eq!(db.backups().unwrap().len(), DAILY_KEPT + 1);
        // A folder chosen in 设置.
        let usb = dir.path().join("U盘");
        db.set_backup_folder(usb.to_str().unwrap()).unwrap();
        assert!(!db.backup_settings().unwrap().folder.is_empty());
        let written = db.backup_now(at("2027-01-01 20:00")).unwrap();
        assert!(written.starts_with(&usb));
    }

    /// Two windows on one file start the day in the same second: one backup is made,
    /// the other finds it. Two backups asked for in one second are two files. No partial
    /// file is left in the folder.
    #[test]
    fn two_windows_backing_up_at_once_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.sqlite3");
        let mut windows = [Db::open(&path).unwrap(), Db::open(&path).unwrap()];
        let mut both = |backup: &(dyn Fn(&Db) -> Result<Option<PathBuf>> + Sync)| {
            let gate = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                let handles: Vec<_> = windows
                    .iter_mut()
                    .map(|db| {
                        let gate = &gate;
                        s.spawn(move || {
                            gate.wait();
                            backup(&*db)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap().unwrap())
                    .collect::<Vec<_>>()
            })
        };
        let morning = at("2026-12-01 08:00");
        let made = both(&|db| db.daily_backup(morning));
        assert_eq!(made.iter().flatten().count(), 1, "{made:?}");
        let evening = at("2026-12-01 20:00");
        let made = both(&|db| db.backup_now(evening).map(Some));
        assert_ne!(made[0], made[1]);
        let files: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".kaidan-backup.lock")
            .collect();
        assert_eq!(files.len(), 3, "{files:?}");
        assert!(files.iter().all(|f| !f.contains("partial")), "{files:?}");
    }

    /// The supervisor sets the folder while a backup notes its time: both stay (they
    /// share one setting, changed under the writer lock). Two connections, two threads.
    #[test]
    fn a_folder_set_while_a_backup_notes_its_time_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.sqlite3");
        let [mut one, mut two] = [Db::open(&path).unwrap(), Db::open(&path).unwrap()];
        for round in 1..=20 {
            let folder = format!("/备份/{round}");
            let made = at(&format!("2026-12-{round:02} 08:00"));
            let gate = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                let (gate, folder, one, two) = (&gate, &folder, &mut one, &mut two);
                s.spawn(move || {
                    gate.wait();
                    one.set_backup_folder(folder).unwrap();
                });
                s.spawn(move || {
                    gate.wait();
                    two.change_backup_settings(|b| b.last_ok = Some(made))
                        .unwrap();
                });
            });
            let settings = one.backup_settings().unwrap();
            assert_eq!(
                (settings.folder.as_str(), settings.last_ok),
                (folder.as_str(), Some(made))
            );
        }
    }

    #[test]
    fn a_restore_keeps_the_current_data_aside_and_refuses_a_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.sqlite3");
        let mut db = Db::open(&path).unwrap();
        db.lite()
            .unwrap()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('marker', 'old')",
                [],
            )
            .unwrap();
        let backup = db.backup_now(at("2026-12-01 08:00")).unwrap();
        db.lite()
            .unwrap()
            .execute("UPDATE settings SET value = 'new' WHERE key = 'marker'", [])
            .unwrap();
        // A file that is not a database, and another program's database: refused.
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, "不是数据库".repeat(200)).unwrap();
        assert!(db.restore_from(&junk, at("2026-12-02 09:00")).is_err());
        let foreign = dir.path().join("other.sqlite3");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(matches!(
            db.restore_from(&foreign, at("2026-12-02 09:00")),
            Err(StorageError::NotKaidan(_))
        ));
        let marker = |db: &Db| -> String {
            db.lite()
                .unwrap()
                .query_row("SELECT value FROM settings WHERE key = 'marker'", [], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        assert_eq!(marker(&db), "new", "nothing changed by the refusals");
        // The good backup: the current data kept aside first.
        let aside = db.restore_from(&backup, at("2026-12-02 09:30")).unwrap();
        assert_eq!(marker(&db), "old");
        let kept = Db::open_existing(&aside).unwrap();
        assert_eq!(marker(&kept), "new");
        // Another connection to the same file sees the restored data.
        let other = Db::open_existing(&path).unwrap();
        assert_eq!(marker(&other), "old");
    }
}
