//! The 登录 panel: who sits at the counter, by keyboard — the 工号 field has the focus,
//! typing A01 (or a name) finds the person, Enter goes to the password, Enter logs in.
//! A person without a password sets one at first login; an empty desk creates its supervisor first (or loads the demo).

use crate::ui::widgets::{ERROR_RED, field_label};
use crate::ui::{Command, DeskView};
use egui::{Key, RichText, Ui};

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "登录";
    pub const WHO: &str = "工号";
    pub const PASSWORD: &str = "密码";
    pub const NEW_PASSWORD: &str = "设置密码";
    pub const CONFIRM: &str = "再输一次";
    pub const LOGIN: &str = "登录";
    pub const FIRST_LOGIN: &str = "首次登录：请设置自己的密码（至少 4 位）";
    pub const MISMATCH: &str = "两次输入的密码不一致";
    pub const CHOOSE: &str = "请输入工号";
    pub const TYPE_WHO: &str = "输入工号或姓名，如 A01";
    pub const UNKNOWN: &str = "没有工号「{w}」，请核对";
    pub const SETUP: &str = "新的开单台：先建立主管账号";
    pub const NAME: &str = "姓名";
    pub const CREATE: &str = "建立主管账号";
    pub const DEMO: &str = "或载入演示数据（演示账号密码均为 123456）";
    pub const DEMO_BUTTON: &str = "载入演示数据";
}

/// Everything the login panel keeps between frames.
/// Logging in and out of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionCommand {
    /// Log in.
    Login {
        /// 工号.
        staff_id: String,
        /// Password as typed.
        password: String,
    },
    /// Set the password of someone who has none yet, and log in.
    SetFirstPassword {
        /// 工号.
        staff_id: String,
        /// The new password.
        password: String,
    },
    /// Create the first supervisor of an empty desk.
    CreateSupervisor {
        /// 工号.
        staff_id: String,
        /// 姓名.
        name: String,
        /// Password.
        password: String,
    },
    /// Log out.
    Logout,
}

#[derive(Debug, Clone, Default)]
pub struct LoginState {
    /// 工号 or name as typed.
    pub typed: String,
    /// 工号 it stands for; empty while it stands for nobody (or several).
    pub staff_id: String,
    /// Password typed.
    pub password: String,
    /// The chosen person has no password yet: set one.
    pub first_login: bool,
    /// Second entry of a new password.
    pub confirm: String,
    /// Name of a first supervisor.
    pub name: String,
    /// What went wrong last.
    pub error: Option<String>,
    /// The database chooser under the form.
    pub database: crate::ui::database::DatabaseState,
}

/// Draws the login page.
pub fn login_ui(ui: &mut Ui, state: &mut LoginState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(420.0);
        ui.heading(RichText::new(&view.settings.company_name).size(24.0));
        // Before anyone logs in, the stations sharing the database (each person works
        // at their own once logged in).
        if view.stations.len() > 1 {
            let names: Vec<&str> = view.stations.iter().map(|s| s.name.as_str()).collect();
            ui.label(names.join(" · "));
        } else {
            ui.label(&view.settings.station_name);
        }
        ui.add_space(20.0);
        egui::Frame::group(ui.style())
            .inner_margin(16.0)
            .show(ui, |ui| {
                if view.staff.is_empty() {
                    command = setup_ui(ui, state);
                } else {
                    command = login_form_ui(ui, state, view);
                }
                if let Some(e) = &state.error {
                    ui.label(RichText::new(e).color(ERROR_RED));
                }
            });
        ui.add_space(8.0);
        if let Some(typed) =
            crate::ui::database::database_row(ui, &mut state.database, &view.database)
        {
            command = Some(Command::OpenDatabase(typed));
        }
    });
    command
}

/// The staff whose 工号 starts with, or whose name contains, what was typed (case does
/// not matter), at most eight.
fn matches<'a>(
    typed: &str,
    staff: &'a [crate::storage::staff::StaffMember],
) -> Vec<&'a crate::storage::staff::StaffMember> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    let upper = typed.to_uppercase();
    staff
        .iter()
        .filter(|m| m.id.to_uppercase().starts_with(&upper) || m.name.contains(typed))
        .take(8)
        .collect()
}

/// The one member meant by what was typed: the exact 工号, or the only match.
fn resolve(typed: &str, staff: &[crate::storage::staff::StaffMember]) -> Option<String> {
    let upper = typed.trim().to_uppercase();
    if let Some(exact) = staff.iter().find(|m| m.id.to_uppercase() == upper) {
        return Some(exact.id.clone());
    }
    match matches(typed, staff).as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    }
}

fn login_form_ui(ui: &mut Ui, state: &mut LoginState, view: &DeskView) -> Option<Command> {
    let mut submit = false;
    let who_id = ui.make_persistent_id("login_who");
    let password_id = ui.make_persistent_id("login_password");
    // Typing starts at the 工号: nothing else has the focus when the page opens.
    if ui.memory(|m| m.focused().is_none()) && state.staff_id.is_empty() {
        ui.memory_mut(|m| m.request_focus(who_id));
    }
    ui.heading(text::TITLE);
    let mut to_password = false;
    egui::Grid::new("login")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::WHO, true);
            ui.vertical(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut state.typed)
                            .id(who_id)
                            .hint_text(text::TYPE_WHO)
                            .desired_width(240.0),
                    )
                    .labelled_by(l.id);
                if r.changed() {
                    state.staff_id = resolve(&state.typed, &view.staff).unwrap_or_default();
                    state.first_login = false;
                    state.error = None;
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    if state.staff_id.is_empty() {
                        state.error = Some(text::UNKNOWN.replace("{w}", state.typed.trim()));
                        ui.memory_mut(|m| m.request_focus(who_id));
                    } else {
                        to_password = true;
                    }
                }
                let chosen = view.staff.iter().find(|m| m.id == state.staff_id);
                match chosen {
                    Some(m) => {
                        ui.label(RichText::new(format!("{}（{}）", m.label(), m.role)).strong());
                    }
                    None => {
                        for m in matches(&state.typed, &view.staff) {
                            let label = format!("{}（{}）", m.label(), m.role);
                            if ui.selectable_label(false, label).clicked() {
                                state.typed.clone_from(&m.id);
                                state.staff_id.clone_from(&m.id);
                                state.error = None;
                                to_password = true;
                            }
                        }
                    }
                }
            });
            ui.end_row();
            let label = if state.first_login {
                text::NEW_PASSWORD
            } else {
                text::PASSWORD
            };
            let l = field_label(ui, label, true);
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut state.password)
                        .id(password_id)
                        .password(true)
                        .desired_width(240.0),
                )
                .labelled_by(l.id);
            submit |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.end_row();
            if state.first_login {
                let l = field_label(ui, text::CONFIRM, true);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut state.confirm)
                            .password(true)
                            .desired_width(240.0),
                    )
                    .labelled_by(l.id);
                submit |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.end_row();
            }
        });
    if to_password {
        ui.memory_mut(|m| m.request_focus(password_id));
    }
    if state.first_login {
        ui.label(RichText::new(text::FIRST_LOGIN).small());
    }
    submit |= ui
        .add_sized([120.0, 32.0], egui::Button::new(text::LOGIN))
        .clicked();
    if !submit {
        return None;
    }
    if state.staff_id.is_empty() {
        state.error = Some(text::CHOOSE.to_owned());
        ui.memory_mut(|m| m.request_focus(who_id));
        return None;
    }
    if state.first_login {
        if state.password != state.confirm {
            state.error = Some(text::MISMATCH.to_owned());
            return None;
        }
        return Some(Command::Session(SessionCommand::SetFirstPassword {
            staff_id: state.staff_id.clone(),
            password: state.password.clone(),
        }));
    }
    Some(Command::Session(SessionCommand::Login {
        staff_id: state.staff_id.clone(),
        password: state.password.clone(),
    }))
}

fn setup_ui(ui: &mut Ui, state: &mut LoginState) -> Option<Command> {
    let mut command = None;
    ui.heading(text::SETUP);
    egui::Grid::new("setup")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::WHO, true);
            ui.add(egui::TextEdit::singleline(&mut state.staff_id).desired_width(240.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, text::NAME, true);
            ui.add(egui::TextEdit::singleline(&mut state.name).desired_width(240.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, text::PASSWORD, true);
            ui.add(
                egui::TextEdit::singleline(&mut state.password)
                    .password(true)
                    .desired_width(240.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    if ui.button(text::CREATE).clicked() {
        command = Some(Command::Session(SessionCommand::CreateSupervisor {
            staff_id: state.staff_id.trim().to_owned(),
            name: state.name.trim().to_owned(),
            password: state.password.clone(),
        }));
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::DEMO).small());
    if ui.button(text::DEMO_BUTTON).clicked() {
        command = Some(Command::Settings(
            crate::ui::settings::SettingsCommand::LoadDemo,
        ));
    }
    command
}
