//! 关于: which kaidan this is (version and build date), where its data is, and the
//! licences — what a station's IT person asks for before an upgrade or a call.

use egui::{RichText, Ui};

/// Chinese text of the window.
mod text {
    pub const TITLE: &str = "关于 开单";
    pub const NAME: &str = "开单 kaidan";
    pub const VERSION: &str = "版本 {v}，构建于 {d}";
    pub const DATABASE: &str = "数据库";
    pub const DATA_FOLDER: &str = "数据文件夹";
    pub const BACKUPS: &str = "备份文件夹";
    pub const BACKUPS_UNSET: &str = "未设（设置 → 备份与恢复）";
    pub const LICENCE: &str = "开单以 MIT 许可发布；内置字体 Noto Sans SC 以 SIL Open Font License 1.1 发布。卸载程序不会删除数据文件夹和备份。";
}

/// What the window shows besides the build.
#[derive(Debug, Clone, Default)]
pub struct AboutFacts {
    /// The database as the chooser shows it (a file path, or a server without password).
    pub database: String,
    /// The folder of the default database and the remembered choice.
    pub data_folder: String,
    /// The backup folder, if one is set.
    pub backups: Option<String>,
}

/// The window's title.
pub const TITLE: &str = text::TITLE;

/// The button that opens the window.
pub const BUTTON: &str = "关于";

/// Draws the content of the 关于 window.
pub fn about_ui(ui: &mut Ui, facts: &AboutFacts) {
    ui.label(RichText::new(text::NAME).heading().strong());
    ui.label(
        text::VERSION
            .replace("{v}", crate::VERSION)
            .replace("{d}", crate::BUILD_DATE),
    );
    ui.add_space(6.0);
    egui::Grid::new("about_facts")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(text::DATABASE);
            ui.label(&facts.database);
            ui.end_row();
            ui.label(text::DATA_FOLDER);
            ui.label(&facts.data_folder);
            ui.end_row();
            ui.label(text::BACKUPS);
            ui.label(facts.backups.as_deref().unwrap_or(text::BACKUPS_UNSET));
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.label(RichText::new(text::LICENCE).small().weak());
}
