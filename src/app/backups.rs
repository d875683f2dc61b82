//! Carrying out 设置 → 备份与恢复, and the automatic backups: at the first start of each
//! day (`App::start_of_day_backup`, from `run_window`) and after each shift handover. A
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
}

impl App {
    /// The automatic backup of the day's first start: written unless one was made today.
    /// A failure is said in the status bar and the window opens all the same.
    pub fn start_of_day_backup(&mut self) {
        let now = (self.clock)();
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

    /// The automatic backup after a shift handover.
    pub(super) fn handover_backup(&mut self) {
        let now = (self.clock)();
        if self.view.backup.folder.is_none() {
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
