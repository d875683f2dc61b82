//! 设置 → 备份与恢复: where the automatic backups go (a USB drive or a shared folder; the
//! default folder beside the database is marked as not surviving the disk), when the last
//! good one was made, a backup now, and restoring one of them after a confirmation that
//! says the current data is kept aside first.

use crate::domain::backups::{age_text, stale};
use crate::ui::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, field_label, section};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};
use std::path::PathBuf;

/// Chinese text of the panel.
mod text {
    pub const TITLE: &str = "备份与恢复";
    pub const NOTE: &str =
        "每天第一次打开程序和每次交接班时自动备份，保留最近 14 天每天一份、最近 12 个月每月一份。";
    pub const FOLDER: &str = "备份文件夹";
    pub const FOLDER_HINT: &str = "留空：数据库旁的 backups 文件夹";
    pub const SAVE_FOLDER: &str = "保存备份位置";
    pub const SAME_DISK: &str =
        "备份与数据库在同一块磁盘上：磁盘坏了备份也会丢失。请选一个 U 盘或共享文件夹。";
    pub const LAST: &str = "上次备份：";
    pub const BACKUP_NOW: &str = "立即备份";
    pub const LIST: &str = "已有备份（最新在前）";
    pub const NONE: &str = "备份文件夹里还没有备份";
    pub const RESTORE: &str = "恢复";
    pub const CONFIRM: &str =
        "确认恢复到 {t} 的备份？当前的数据会先另存为一份新的备份，不会被覆盖。";
    pub const CONFIRM_YES: &str = "确认恢复";
    pub const CONFIRM_NO: &str = "取消";
    pub const SERVER: &str = "数据库在 PostgreSQL 服务器上：{u}";
    pub const SERVER_NOTE: &str = "服务器上的数据库由 IT 在服务器上备份和恢复（pg_dump / pg_restore，见 README 的站点设置）；柜台电脑不做备份。";
    pub const SERVER_STATUS: &str = "数据库：{u}";
}

/// What the panel shows, loaded by the app.
#[derive(Debug, Clone, Default)]
pub struct BackupView {
    /// The PostgreSQL server the database is on (no password); `None` for a file.
    pub server: Option<String>,
    /// The folder in use; `None` for a database in memory.
    pub folder: Option<PathBuf>,
    /// Whether that folder is the default one beside the database.
    pub same_disk: bool,
    /// When the last good backup was made.
    pub last_ok: Option<NaiveDateTime>,
    /// The backups in the folder, newest first: (file, made at).
    pub files: Vec<(PathBuf, NaiveDateTime)>,
    /// When this was loaded: the ages are counted to it.
    pub loaded_at: NaiveDateTime,
}

/// The panel's own state.
#[derive(Debug, Clone, Default)]
pub struct BackupState {
    /// The folder as typed (loaded from the view once).
    pub folder: Option<String>,
    /// The backup whose restore waits for a confirmation.
    pub confirming: Option<PathBuf>,
    /// The database chooser above the backups.
    pub database: super::database::DatabaseState,
}

/// What the panel asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupCommand {
    /// Keep backups in this folder (empty: the default).
    SetFolder(String),
    /// Write a backup now.
    BackupNow,
    /// Restore this backup (confirmed).
    Restore(PathBuf),
}

/// The status bar's words for the last backup, and whether they are red (two days).
#[must_use]
pub fn status_text(view: &BackupView) -> (String, bool) {
    if let Some(server) = &view.server {
        return (text::SERVER_STATUS.replace("{u}", server), false);
    }
    (
        format!("{}{}", text::LAST, age_text(view.last_ok, view.loaded_at)),
        stale(view.last_ok, view.loaded_at),
    )
}

/// Draws the panel.
pub fn backup_section(
    ui: &mut Ui,
    state: &mut BackupState,
    view: &BackupView,
) -> Option<BackupCommand> {
    let mut command = None;
    section(ui, text::TITLE);
    if let Some(server) = &view.server {
        ui.label(text::SERVER.replace("{u}", server));
        ui.label(RichText::new(text::SERVER_NOTE).small().weak());
        return None;
    }
    ui.label(RichText::new(text::NOTE).small().weak());
    let folder = state.folder.get_or_insert_with(|| {
        if view.same_disk {
            String::new()
        } else {
            view.folder
                .as_ref()
                .map(|f| f.display().to_string())
                .unwrap_or_default()
        }
    });
    ui.horizontal(|ui| {
        let l = field_label(ui, text::FOLDER, false);
        ui.add(
            egui::TextEdit::singleline(folder)
                .hint_text(text::FOLDER_HINT)
                .desired_width(360.0),
        )
        .labelled_by(l.id);
        if ui.button(text::SAVE_FOLDER).clicked() {
            command = Some(BackupCommand::SetFolder(folder.trim().to_owned()));
        }
    });
    if let Some(path) = &view.folder {
        ui.label(RichText::new(path.display().to_string()).small());
    }
    if view.same_disk {
        ui.label(RichText::new(text::SAME_DISK).color(WARN_AMBER));
    }
    let (last, red) = status_text(view);
    ui.horizontal(|ui| {
        ui.label(RichText::new(last).color(if red { ERROR_RED } else { OK_GREEN }));
        if ui.button(text::BACKUP_NOW).clicked() {
            command = Some(BackupCommand::BackupNow);
        }
    });
    ui.label(RichText::new(text::LIST).strong());
    if view.files.is_empty() {
        ui.label(RichText::new(text::NONE).weak());
    }
    if let Some(file) = state.confirming.clone() {
        let made = view
            .files
            .iter()
            .find(|(path, _)| *path == file)
            .map(|(_, at)| at.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        ui.label(RichText::new(text::CONFIRM.replace("{t}", &made)).color(WARN_AMBER));
        ui.horizontal(|ui| {
            if ui.button(text::CONFIRM_YES).clicked() {
                state.confirming = None;
                command = Some(BackupCommand::Restore(file.clone()));
            }
            if ui.button(text::CONFIRM_NO).clicked() {
                state.confirming = None;
            }
        });
    }
    egui::Grid::new("backups")
        .num_columns(3)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (path, made) in &view.files {
                ui.label(made.format("%Y-%m-%d %H:%M:%S").to_string());
                ui.label(
                    RichText::new(
                        path.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                    )
                    .small(),
                );
                if ui.small_button(text::RESTORE).clicked() {
                    state.confirming = Some(path.clone());
                }
                ui.end_row();
            }
        });
    command
}
