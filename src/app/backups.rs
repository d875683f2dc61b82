//! Carrying out 设置 → 备份与恢复, and the automatic backups: at the first start of each
//! day (`App::start_day_backup`, from `run_window`, off the window's thread) and after each shift handover. A
//! backup that fails never stops the clerk: it is said in the status bar, which then shows
//! the age of the last good one (red after two days).

use super::App;
use crate::ui::backups::{BackupCommand, BackupView};

/// Chinese text of the backup commands.
mod text {
    pub const FOLDER_SAVED: &str = "备份位置已保存";
    pub const DONE: &str = "已备份到 {p}";
    pub const FAILED: &str = "自动备份没有完成：{e}";
    pub const RESTORED: &str = "已从 {f} 恢复数据库；恢复前的数据已另存为 {a}";
    pub const CHECK_FAILED: &str =
        "数据核对发现 {n} 处问题（{p}）：数据库可能被绕过程序改动过，请联系 IT 运行 kaidan check";
    pub const CHECK_NOT_RUN: &str = "数据核对没有完成：{e}";
}

/// What the background check of the records reports to the window: `None` when sound
/// (this PC's anchor is then moved up to the head it verified), else the status line.
pub type RecordCheck = std::sync::mpsc::Receiver<Option<String>>;

/// What the day's backup, made off the window's thread, reports: the file written (none
/// when today's was made already), or why it failed.
pub type DayBackup = std::sync::mpsc::Receiver<Result<Option<std::path::PathBuf>, String>>;

impl App {
    /// The automatic backup of the day's first start: written unless one was made today.
    /// A failure is said in the status bar and the window opens all the same.
    pub fn start_of_day_backup(&mut self) {
        let now = (self.clock)();
        // A server's database is backed up on the server.
        if self.db.server().is_some() {
            self.load_backup_view();
            return;
        }
        match self.db.daily_backup(now) {
            Ok(Some(path)) => {
                self.status = Some((true, text::DONE.replace("{p}", &path.display().to_string())));
            }
            Ok(None) => {}
            Err(error) => {
                self.status = Some((false, text::FAILED.replace("{e}", &error.to_string())));
            }
        }
        self.load_backup_view();
    }

    /// The day's backup as the window opens: on a connection of its own, off the window's
    /// thread, so a big database never holds the first frame; the status bar says how it
    /// went when it is done.
    pub fn start_day_backup(&mut self, location: &crate::storage::Location, ctx: &egui::Context) {
        self.load_backup_view();
        if self.db.server().is_some() {
            return;
        }
        let (send, receive) = std::sync::mpsc::channel();
        let (location, ctx, now) = (location.clone(), ctx.clone(), (self.clock)());
        std::thread::spawn(move || {
            let made = crate::storage::Db::open_existing_at(&location)
                .and_then(|db| db.daily_backup(now))
                .map_err(|e| e.to_string());
            // The window may be closed already: nobody to tell.
            let _ = send.send(made);
            ctx.request_repaint();
        });
        self.day_backup = Some(receive);
    }

    /// Takes the day's backup's outcome, once there is one.
    pub(super) fn poll_day_backup(&mut self) {
        let Some(receive) = &self.day_backup else {
            return;
        };
        match receive.try_recv() {
            Ok(made) => {
                match made {
                    Ok(Some(path)) => {
                        self.status =
                            Some((true, text::DONE.replace("{p}", &path.display().to_string())));
                    }
                    Ok(None) => {}
                    Err(error) => self.status = Some((false, text::FAILED.replace("{e}", &error))),
                }
                self.day_backup = None;
                self.due.backup_view = true;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.day_backup = None,
        }
    }

    /// Checks the records as `kaidan check` does (`Db::verify`) on a connection of its
    /// own, off the window's thread, once per start: a database changed behind the
    /// program's back is said in the status bar, and a sound one moves this PC's anchor
    /// up to the head it verified.
    pub fn start_record_check(&mut self, location: &crate::storage::Location, ctx: &egui::Context) {
        let (send, receive) = std::sync::mpsc::channel();
        let location = location.clone();
        let ctx = ctx.clone();
        let now = (self.clock)();
        std::thread::spawn(move || {
            let found =
                crate::storage::Db::open_existing_at(&location).and_then(|db| db.verify(None, now));
            let line = match found {
                Ok(found) if found.problems.is_empty() => None,
                Ok(found) => Some(
                    text::CHECK_FAILED
                        .replace("{n}", &found.problems.len().to_string())
                        .replace("{p}", &found.problems[0]),
                ),
                Err(error) => Some(text::CHECK_NOT_RUN.replace("{e}", &error.to_string())),
            };
            // The window may be closed already: nobody to tell.
            let _ = send.send(line);
            ctx.request_repaint();
        });
        self.record_check = Some(receive);
    }

    /// Takes the background check's finding, once it has one.
    pub(super) fn poll_record_check(&mut self) {
        let Some(receive) = &self.record_check else {
            return;
        };
        match receive.try_recv() {
            Ok(line) => {
                if let Some(line) = line {
                    self.status = Some((false, line));
                }
                self.record_check = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.record_check = None,
        }
    }

    /// The automatic backup after a shift handover.
    pub(super) fn handover_backup(&mut self) {
        let now = (self.clock)();
        if self.view.backup.folder.is_none() || self.db.server().is_some() {
            return;
        }
        if let Err(error) = self.db.backup_now(now) {
            self.status = Some((false, text::FAILED.replace("{e}", &error.to_string())));
        }
        self.load_backup_view();
    }

    /// Reads the backup folder, the last good backup and the files into the view; a
    /// folder that cannot be read shows as empty.
    pub(super) fn load_backup_view(&mut self) {
        let settings = self.db.backup_settings().unwrap_or_default();
        self.view.backup = BackupView {
            server: self.db.server().map(str::to_owned),
            folder: self.db.backup_folder().ok().flatten(),
            same_disk: settings.folder.is_empty(),
            last_ok: settings.last_ok,
            files: self
                .db
                .backups()
                .unwrap_or_default()
                .into_iter()
                .map(|b| (b.path, b.made_at))
                .collect(),
            loaded_at: (self.clock)(),
        };
    }

    /// Carries out one command of 设置 → 备份与恢复 (the supervisor's page).
    pub(super) fn handle_backup(&mut self, command: BackupCommand) -> anyhow::Result<()> {
        self.require_supervisor()?;
        let now = (self.clock)();
        let message = match command {
            BackupCommand::SetFolder(folder) => {
                self.db.set_backup_folder(&folder)?;
                self.settings.backup.folder = None;
                text::FOLDER_SAVED.to_owned()
            }
            BackupCommand::BackupNow => {
                let path = self.db.backup_now(now)?;
                text::DONE.replace("{p}", &path.display().to_string())
            }
            BackupCommand::Restore(file) => {
                let aside = self.db.restore_from(&file, now)?;
                self.reload_view()?;
                text::RESTORED
                    .replace("{f}", &file.display().to_string())
                    .replace("{a}", &aside.display().to_string())
            }
        };
        self.load_backup_view();
        self.settings.message = Some((true, message));
        Ok(())
    }
}
