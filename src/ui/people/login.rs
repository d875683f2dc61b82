//! The 登录 panel: who sits at the counter. A person without a password sets one at first
//! login; an empty desk creates its supervisor first (or loads the demo).

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
    pub const CHOOSE: &str = "请选择工号";
    pub const SETUP: &str = "新的开单台：先建立主管账号";
    pub const NAME: &str = "姓名";
    pub const CREATE: &str = "建立主管账号";
    pub const DEMO: &str = "或载入演示数据（演示账号密码均为 123456）";
    pub const DEMO_BUTTON: &str = "载入演示数据";
}

/// Everything the login panel keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct LoginState {
    /// 工号 chosen.
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

fn login_form_ui(ui: &mut Ui, state: &mut LoginState, view: &DeskView) -> Option<Command> {
    let mut submit = false;
    ui.heading(text::TITLE);
    egui::Grid::new("login")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::WHO, true);
            let shown = view
                .staff
                .iter()
                .find(|s| s.id == state.staff_id)
                .map_or_else(
                    || text::CHOOSE.to_owned(),
                    crate::storage::staff::StaffMember::label,
                );
            egui::ComboBox::from_id_salt("login_who")
                .selected_text(shown)
                .width(240.0)
                .show_ui(ui, |ui| {
                    for member in &view.staff {
                        let label = format!("{}（{}）", member.label(), member.role);
                        if ui
                            .selectable_value(&mut state.staff_id, member.id.clone(), label)
                            .changed()
                        {
                            state.first_login = false;
                            state.error = None;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
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
        return None;
    }
    if state.first_login {
        if state.password != state.confirm {
            state.error = Some(text::MISMATCH.to_owned());
            return None;
        }
        return Some(Command::SetFirstPassword {
            staff_id: state.staff_id.clone(),
            password: state.password.clone(),
        });
    }
    Some(Command::Login {
        staff_id: state.staff_id.clone(),
        password: state.password.clone(),
    })
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
        command = Some(Command::CreateSupervisor {
            staff_id: state.staff_id.trim().to_owned(),
            name: state.name.trim().to_owned(),
            password: state.password.clone(),
        });
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::DEMO).small());
    if ui.button(text::DEMO_BUTTON).clicked() {
        command = Some(Command::LoadDemo);
    }
    command
}
