//! The staff sections of 设置: the staff list and its form, attendance settings, the
//! shift schedule, and departures (resignation, leaving, dismissal).

use super::{SettingsState, text};
use crate::domain::people::attendance::{
    AttendanceField, Bracket, ScheduledShift, ShiftKind, WORKED_SHIFTS,
};
use crate::domain::people::{Departure, DepartureField, DepartureKind, Month, Role, Staff};
use crate::domain::stations::Scope;
use crate::storage::revisions::Record;
use crate::ui::PeopleCommand;
use crate::ui::widgets::{
    ERROR_RED, OK_GREEN, choice, field_label, grid_titles, section, text_field,
};
use crate::ui::{Command, DeskView};
use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui};

/// The staff list with dates and salary, a form to add or change one (click a row to
/// load it), and the supervisor's password reset.
pub(super) fn staff_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    // Which station each person works at, where several share the database.
    let stations = view.stations.len() > 1;
    section(ui, text::STAFF);
    egui::Grid::new("staff")
        .num_columns(if stations { 7 } else { 6 })
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for title in text::STAFF_COLUMNS {
                ui.strong(title);
            }
            if stations {
                ui.strong(text::STAFF_POST);
            }
            ui.end_row();
            for person in &view.staff_records {
                if ui.link(RichText::new(&person.id).monospace()).clicked() {
                    state.staff_id.clone_from(&person.id);
                    state.staff_name.clone_from(&person.name);
                    state.staff_role = Role::ALL
                        .iter()
                        .position(|r| *r == person.role)
                        .unwrap_or(0);
                    state.staff_joined =
                        person.joined_on.map(|d| d.to_string()).unwrap_or_default();
                    state.staff_left = person.left_on.map(|d| d.to_string()).unwrap_or_default();
                    state.staff_salary = person.base_salary_yuan.normalize().to_string();
                    state.staff_post = view.posts.get(&person.id).copied().unwrap_or_default();
                    state.staff_seen = Some((
                        person.id.clone(),
                        view.revisions.of(Record::Staff(&person.id)),
                    ));
                }
                ui.label(&person.name);
                ui.label(person.role.label());
                ui.label(person.joined_on.map(|d| d.to_string()).unwrap_or_default());
                ui.label(person.left_on.map(|d| d.to_string()).unwrap_or_default());
                ui.label(crate::domain::money::format_yuan(person.base_salary_yuan));
                if stations {
                    ui.label(super::stations::post_label(
                        view.posts.get(&person.id),
                        view,
                    ));
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        for (label, value, width) in [
            (text::STAFF_ID, &mut state.staff_id, 60.0),
            (text::STAFF_NAME, &mut state.staff_name, 90.0),
            (text::STAFF_JOINED, &mut state.staff_joined, 100.0),
            (text::STAFF_LEFT, &mut state.staff_left, 100.0),
            (text::STAFF_SALARY, &mut state.staff_salary, 80.0),
        ] {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(value).desired_width(width))
                .labelled_by(l.id);
        }
        let l = ui.label(text::STAFF_ROLE);
        let roles: Vec<usize> = (0..Role::ALL.len()).collect();
        choice(ui, &l, &mut state.staff_role, &roles, |k| {
            Role::ALL[k].label()
        });
        // Only the company moves people between stations.
        let company = view.scope == Scope::Company;
        if company {
            super::stations::post_choice(ui, &mut state.staff_post, view);
        }
        if ui.button(text::STAFF_SAVE).clicked() {
            let day = |s: &str| {
                let s = s.trim();
                if s.is_empty() {
                    Some(None)
                } else {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .map(Some)
                }
            };
            let salary =
                crate::domain::desk::limits::parse_money(&state.staff_salary, "月基本工资").ok();
            match (day(&state.staff_joined), day(&state.staff_left), salary) {
                (Some(Some(joined)), Some(left), Some(salary))
                    if !state.staff_id.trim().is_empty() && !state.staff_name.trim().is_empty() =>
                {
                    let id = state.staff_id.trim().to_owned();
                    // The revision opened at, when this is the record opened from the
                    // list (a 工号 typed anew saves as typed).
                    let seen = state
                        .staff_seen
                        .as_ref()
                        .filter(|(opened, _)| *opened == id)
                        .map(|(_, revision)| *revision);
                    command = Some(Command::People(PeopleCommand::SaveStaff {
                        person: Staff {
                            id,
                            name: state.staff_name.trim().to_owned(),
                            role: Role::ALL[state.staff_role],
                            joined_on: Some(joined),
                            left_on: left,
                            base_salary_yuan: salary,
                        },
                        seen,
                        post: company.then_some(state.staff_post),
                    }));
                }
                _ => state.message = Some((false, text::STAFF_MISSING.to_owned())),
            }
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label(text::RESET_FOR);
        ui.add(egui::TextEdit::singleline(&mut state.reset_id).desired_width(60.0))
            .labelled_by(l.id);
        let l = ui.label(text::RESET_PASSWORD);
        ui.add(
            egui::TextEdit::singleline(&mut state.reset_password)
                .password(true)
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        if ui.button(text::RESET).clicked() {
            command = Some(Command::People(PeopleCommand::ResetPassword {
                staff_id: state.reset_id.trim().to_owned(),
                password: std::mem::take(&mut state.reset_password),
            }));
        }
    });
    command
}

/// A minutes or time field named `name`, with its error under it.
fn named_field(ui: &mut Ui, name: &str, value: &mut String, width: f32, error: Option<&str>) {
    ui.vertical(|ui| {
        // A grid column is as wide as it was last frame: claim the width explicitly.
        ui.set_min_width(width);
        let mut edit = egui::TextEdit::singleline(value).desired_width(width);
        if error.is_some() {
            edit = edit.text_color(ERROR_RED);
        }
        ui.add(edit)
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
        if let Some(message) = error {
            crate::ui::widgets::error_text(ui, message);
        }
    });
}

/// The bracket's rule and wording, for the choice of a reading's bracket.
fn bracket_text(bracket: Bracket) -> &'static str {
    match bracket {
        Bracket::ShortLate => "A4 计次",
        Bracket::Late => "A5 −2",
        Bracket::VeryLate => "A6 −4",
        Bracket::Absent => "A7 旷工",
    }
}

/// The 考勤 section: the shift times (DOMAIN.md §8) and the lateness brackets, saved
/// together.
pub(super) fn attendance_ui(ui: &mut Ui, state: &mut SettingsState) -> Option<Command> {
    let mut command = None;
    let errors = state.attendance_errors.clone();
    let error = |field: AttendanceField| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    };
    let Some(draft) = &mut state.attendance else {
        return None;
    };
    section(ui, text::ATTENDANCE);
    ui.label(RichText::new(text::ATTENDANCE_NOTE).small().weak());
    egui::Grid::new("attendance")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (kind, (start, end)) in WORKED_SHIFTS.into_iter().zip(draft.shifts.iter_mut()) {
                field_label(ui, kind.label(), false);
                named_field(
                    ui,
                    &format!("{} {}", kind.label(), text::CLOCK_IN),
                    start,
                    70.0,
                    error(AttendanceField::Start(kind)),
                );
                named_field(
                    ui,
                    &format!("{} {}", kind.label(), text::CLOCK_OUT),
                    end,
                    70.0,
                    error(AttendanceField::End(kind)),
                );
                ui.end_row();
            }
        });
    egui::Grid::new("brackets")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (label, value, field) in [
                (
                    text::SHORT_MAX,
                    &mut draft.short_max_minutes,
                    AttendanceField::ShortMax,
                ),
                (
                    text::LATE_FROM,
                    &mut draft.late_from_minutes,
                    AttendanceField::LateFrom,
                ),
                (
                    text::LATE_MAX,
                    &mut draft.late_max_minutes,
                    AttendanceField::LateMax,
                ),
                (
                    text::VERY_LATE_MAX,
                    &mut draft.very_late_max_minutes,
                    AttendanceField::VeryLateMax,
                ),
                (
                    text::DUTY_GRACE,
                    &mut draft.duty_grace_minutes,
                    AttendanceField::DutyGrace,
                ),
            ] {
                ui.label(label);
                named_field(ui, label, value, 60.0, error(field));
                ui.end_row();
            }
            let l = ui.label(text::GAP);
            choice(ui, &l, &mut draft.gap_bracket, &Bracket::ALL, bracket_text);
            ui.end_row();
            let l = ui.label(text::MISSING);
            choice(
                ui,
                &l,
                &mut draft.missing_punch_bracket,
                &Bracket::ALL,
                bracket_text,
            );
            ui.end_row();
        });
    if ui.button(text::ATTENDANCE_SAVE).clicked() {
        match draft.validate() {
            Ok(settings) => {
                state.attendance_errors.clear();
                command = Some(Command::People(PeopleCommand::SaveAttendanceSettings {
                    settings: Box::new(settings),
                    seen: state.attendance_seen,
                }));
            }
            Err(errors) => state.attendance_errors = errors,
        }
    }
    command
}

/// The one-character name of a scheduled shift in the grid.
fn cell_text(shift: Option<ShiftKind>) -> &'static str {
    match shift {
        Some(ShiftKind::Early) => "早",
        Some(ShiftKind::Middle) => "中",
        Some(ShiftKind::Night) => "晚",
        Some(ShiftKind::Rest) => "休",
        Some(ShiftKind::Leave) => "假",
        None => "·",
    }
}

/// The next shift of a cell: 早 → 中 → 晚 → 休 → none → 早.
fn next_shift(shift: Option<ShiftKind>) -> Option<ShiftKind> {
    let kinds = ScheduledShift::KINDS;
    match shift.and_then(|s| kinds.iter().position(|k| *k == s)) {
        None => Some(kinds[0]),
        Some(k) => kinds.get(k + 1).copied(),
    }
}

/// The 排班 section: a month grid of who works which shift, edited by clicks and saved
/// whole.
pub(super) fn schedule_ui(
    ui: &mut Ui,
    state: &mut SettingsState,
    view: &DeskView,
) -> Option<Command> {
    let mut command = None;
    let month = state.schedule_month?;
    section(ui, text::SCHEDULE);
    ui.label(RichText::new(text::SCHEDULE_NOTE).small().weak());
    ui.horizontal(|ui| {
        if ui.button(text::SCHEDULE_PREV).clicked() {
            command = Some(Command::People(PeopleCommand::LoadSchedule(Month::of(
                month.first_day() - chrono::Days::new(1),
            ))));
        }
        ui.strong(month.to_string());
        if ui.button(text::SCHEDULE_NEXT).clicked() {
            command = Some(Command::People(PeopleCommand::LoadSchedule(month.next())));
        }
    });
    let mut people: Vec<&Staff> = view
        .staff_records
        .iter()
        .filter(|p| p.days_employed(month) > 0)
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    if people.is_empty() {
        ui.label(RichText::new(text::SCHEDULE_EMPTY).weak());
        return command;
    }
    let days: Vec<NaiveDate> = month
        .first_day()
        .iter_days()
        .take_while(|d| month.contains(*d))
        .collect();
    // Narrow cells: a month of days fits the page without a scroll bar of its own.
    ui.scope(|ui| {
        ui.spacing_mut().button_padding = egui::vec2(3.0, 1.0);
        egui::Grid::new("schedule_grid")
            .spacing([2.0, 2.0])
            // Not the default 40 points a column: 31 of those overrun 1024 pixels.
            .min_col_width(24.0)
            .show(ui, |ui| {
                ui.strong(text::SCHEDULE_PERSON);
                for day in &days {
                    let weekday = text::WEEKDAYS[day.weekday().num_days_from_monday() as usize];
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(day.day().to_string()).small());
                        ui.label(RichText::new(weekday).small().weak());
                    });
                }
                ui.end_row();
                for person in &people {
                    ui.label(format!("{} {}", person.id, person.name));
                    for day in &days {
                        let key = (person.id.clone(), *day);
                        let shift = state.schedule.get(&key).copied();
                        let name = format!("{} {}", person.id, day.format("%m-%d"));
                        let employed = person.employed_on(*day);
                        let cell = ui.add_enabled(
                            employed,
                            egui::Button::new(cell_text(shift)).min_size(egui::vec2(24.0, 24.0)),
                        );
                        cell.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, employed, &name)
                        });
                        if cell.clicked() {
                            match next_shift(shift) {
                                Some(next) => state.schedule.insert(key, next),
                                None => state.schedule.remove(&key),
                            };
                        }
                    }
                    ui.end_row();
                }
            });
    });
    if ui.button(text::SCHEDULE_SAVE).clicked() {
        let entries = state
            .schedule
            .iter()
            .filter(|((_, day), _)| month.contains(*day))
            .map(|((staff_id, day), shift)| ScheduledShift {
                staff_id: staff_id.clone(),
                day: *day,
                shift: *shift,
            })
            .collect();
        command = Some(Command::People(PeopleCommand::SaveSchedule {
            month,
            entries,
            seen: state.schedule_seen,
        }));
    }
    command
}

/// What a departure means for the last day and the pay, in words.
fn departure_dates(departure: &Departure) -> String {
    let template = match departure.kind {
        DepartureKind::Resigned => text::DEPARTURE_RESIGNED,
        DepartureKind::LeftWithoutApproval => text::DEPARTURE_WITHOUT_APPROVAL,
        DepartureKind::Dismissed => text::DEPARTURE_DISMISSED,
    };
    template
        .replace("{last}", &departure.last_day.to_string())
        .replace("{pay}", &departure.final_pay_date().to_string())
}

/// The 离职 section: record how someone leaves (DOMAIN.md §9), see the last day and the
/// pay date it gives before saving, and the departures recorded, each with 撤销.
pub(super) fn departures_ui(
    ui: &mut Ui,
    state: &mut SettingsState,
    view: &DeskView,
) -> Option<Command> {
    let mut command = None;
    section(ui, text::DEPARTURES);
    ui.label(RichText::new(text::DEPARTURES_NOTE).small().weak());
    // Cloned so the closure does not hold the state the fields edit.
    let errors = state.departure_errors.clone();
    let error = |field: DepartureField| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    };
    let draft = &mut state.departure;
    egui::Grid::new("departure")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::DEPARTURE_STAFF, true);
            text_field(
                ui,
                &l,
                &mut draft.staff_id,
                80.0,
                "A01",
                error(DepartureField::Staff),
            );
            ui.end_row();
            field_label(ui, text::DEPARTURE_KIND, true);
            ui.horizontal(|ui| {
                for kind in DepartureKind::ALL {
                    ui.radio_value(&mut draft.kind, kind, kind.label());
                }
            });
            ui.end_row();
            let (applied, approved, last_day) = match draft.kind {
                DepartureKind::Resigned => (Some(text::DEPARTURE_APPLIED), true, false),
                DepartureKind::LeftWithoutApproval => {
                    (Some(text::DEPARTURE_APPLIED_OPTIONAL), false, true)
                }
                DepartureKind::Dismissed => (None, false, true),
            };
            if let Some(label) = applied {
                let l = field_label(ui, label, draft.kind == DepartureKind::Resigned);
                text_field(
                    ui,
                    &l,
                    &mut draft.applied_on,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::Applied),
                );
                ui.end_row();
            }
            if approved {
                let l = field_label(ui, text::DEPARTURE_APPROVED, true);
                text_field(
                    ui,
                    &l,
                    &mut draft.approved_on,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::Approved),
                );
                ui.end_row();
            }
            if last_day {
                let l = field_label(ui, text::DEPARTURE_LAST_DAY, true);
                text_field(
                    ui,
                    &l,
                    &mut draft.last_day,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::LastDay),
                );
                ui.end_row();
            }
        });
    // What the dates give, as soon as they are complete.
    let checked = state.departure.validate(&view.staff_records);
    if let Ok(departure) = &checked {
        ui.label(RichText::new(departure_dates(departure)).color(OK_GREEN));
    }
    if ui.button(text::DEPARTURE_SAVE).clicked() {
        match checked {
            Ok(departure) => {
                state.departure_errors.clear();
                command = Some(Command::People(PeopleCommand::RecordDeparture(departure)));
            }
            Err(errors) => state.departure_errors = errors,
        }
    }

    if state.departures.is_empty() {
        ui.label(RichText::new(text::NO_DEPARTURES).small().weak());
        return command;
    }
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    egui::Grid::new("departures")
        .num_columns(text::DEPARTURE_COLUMNS.len())
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            grid_titles(ui, &text::DEPARTURE_COLUMNS);
            for departure in &state.departures {
                ui.monospace(&departure.staff_id);
                ui.label(
                    view.staff_records
                        .iter()
                        .find(|p| p.id == departure.staff_id)
                        .map(|p| p.name.as_str())
                        .unwrap_or_default(),
                );
                ui.label(departure.kind.label());
                ui.label(day(departure.applied_on));
                ui.label(day(departure.approved_on));
                ui.label(departure.last_day.to_string());
                ui.label(departure.final_pay_date().to_string());
                let name = format!("{} {}", text::DEPARTURE_CLEAR, departure.staff_id);
                if ui
                    .small_button(text::DEPARTURE_CLEAR)
                    .on_hover_text(&name)
                    .clicked()
                {
                    command = Some(Command::People(PeopleCommand::ClearDeparture(
                        departure.staff_id.clone(),
                    )));
                }
                ui.end_row();
            }
        });
    command
}
