//! Which database the window works on, shown and changed on the login screen and in 设置:
//! an SQLite file on this PC, or the station's PostgreSQL server
//! (`postgresql://kaidan@192.168.1.10/kaidan`). Connecting to another one logs out; the
//! choice is remembered for the next start (a `--db` or `KAIDAN_DB` given still wins).

use super::widgets::field_label;
use egui::{RichText, Ui};

/// Chinese text of the chooser.
mod text {
    pub const NOW: &str = "数据库：";
    pub const CHANGE: &str = "更换数据库…";
    pub const FIELD: &str = "数据库地址";
    pub const HINT: &str = "postgresql://kaidan@服务器地址/kaidan 或 数据库文件路径";
    pub const CONNECT: &str = "连接";
    pub const CANCEL: &str = "取消";
    pub const NOTE: &str = "连接后需要重新登录；下次打开程序时仍用这个数据库。";
}

/// The chooser's own state.
#[derive(Debug, Clone, Default)]
pub struct DatabaseState {
    /// The chooser is open.
    pub open: bool,
    /// The location as typed.
    pub typed: String,
}

/// Shows the database in use (`current`, as [`crate::storage::Location::shown`] gives
/// it) and, opened, a field to type another; returns what was typed when 连接 is
/// pressed or Enter is hit in the field.
pub fn database_row(ui: &mut Ui, state: &mut DatabaseState, current: &str) -> Option<String> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(text::NOW).small().weak());
        ui.label(RichText::new(current).small().monospace());
        if !state.open && ui.small_button(text::CHANGE).clicked() {
            state.open = true;
        }
    });
    if state.open {
        ui.horizontal(|ui| {
            let l = field_label(ui, text::FIELD, false);
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut state.typed)
                        .hint_text(text::HINT)
                        .desired_width(340.0),
                )
                .labelled_by(l.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(text::CONNECT).clicked() || entered) && !state.typed.trim().is_empty() {
                chosen = Some(state.typed.trim().to_owned());
            }
            if ui.button(text::CANCEL).clicked() {
                state.open = false;
            }
        });
        ui.label(RichText::new(text::NOTE).small().weak());
    }
    chosen
}
