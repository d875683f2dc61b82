//! The 回访 tab (issue 18 item 2): the releases waiting for their return call, oldest
//! first, those not due yet greyed with the time they may be called; the call form for the
//! one chosen (result, three scores 1–5, the customer's words); the calls of the last
//! days; and the month's satisfaction per clerk who released the goods.

use super::super::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, choice, field_label, text_field};
use super::super::{Command, DeskView};
use super::ServiceCommand;
use crate::domain::service::return_call::{
    CallDraft, CallDue, CallResult, MAX_ATTEMPTS, ReturnCall, Satisfaction, ScoreField, Scores,
};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};
use std::collections::{BTreeMap, HashMap};

/// Chinese text of this tab.
mod text {
    pub const DUE: &str = "待回访（提货、送达后次日起）";
    pub const NONE_DUE: &str = "没有待回访的运单";
    pub const DUE_AT: &str = "{t} 后再拨";
    pub const CALLABLE: &str = "可拨";
    pub const TRIED: &str = "已拨 {n}/{m} 次";
    pub const FORM: &str = "回访 {n}：{c} {p}";
    pub const PICK: &str = "在上方点一张运单，拨通收货方后记录回访结果";
    pub const RESULT: &str = "回访结果";
    pub const SCORE_HINT: &str = "1–5";
    pub const SCALE: &str = "1 很不满意 · 2 不满意 · 3 一般 · 4 满意 · 5 很满意";
    pub const COMMENT_HINT: &str = "客户原话；有 2 分及以下时必填";
    pub const SAVE: &str = "保存回访";
    pub const RECENT: &str = "近 7 天的回访";
    pub const NONE_RECENT: &str = "近 7 天没有回访记录";
    pub const FOLLOW_UP: &str = "已开跟进 #{id}";
    pub const MONTH: &str = "本月满意度（按放货人）";
    pub const ALL: &str = "全站";
    pub const FIX: &str = "有 {n} 处需要修改，见红字";
}

/// Everything the tab keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct ReturnCallsState {
    /// Releases waiting for their call.
    pub due: Vec<CallDue>,
    /// The calls of the last days, newest first.
    pub recent: Vec<ReturnCall>,
    /// This month's satisfaction, in all and per clerk.
    pub month: (Satisfaction, BTreeMap<String, Satisfaction>),
    /// The waybill whose call is being recorded.
    pub selected: Option<String>,
    /// The call form as typed.
    pub draft: CallDraft,
    /// Show the form's problems (after the first attempt).
    pub show_errors: bool,
}

/// Draws the tab.
pub fn return_calls_ui(
    ui: &mut Ui,
    state: &mut ReturnCallsState,
    view: &DeskView,
    now: NaiveDateTime,
) -> Option<Command> {
    let mut command = None;
    let name_of = |id: &str| {
        view.staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), crate::storage::staff::StaffMember::label)
    };
    ui.label(RichText::new(text::DUE).strong());
    if state.due.is_empty() {
        ui.label(RichText::new(text::NONE_DUE).weak());
    } else {
        due_list(ui, state, now, &name_of);
        ui.separator();
        if let Some(c) = call_form(ui, state) {
            command = Some(c);
        }
    }
    ui.separator();
    ui.columns(2, |columns| {
        recent_list(&mut columns[0], state, &name_of);
        month_figures(&mut columns[1], state, &name_of);
    });
    command
}

fn due_list(
    ui: &mut Ui,
    state: &mut ReturnCallsState,
    now: NaiveDateTime,
    name_of: &dyn Fn(&str) -> String,
) {
    egui::ScrollArea::vertical()
        .id_salt("return_calls_due")
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("return_calls_due_grid")
                .num_columns(6)
                .striped(true)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for due in &state.due {
                        let callable = due.due(now);
                        let picked = state.selected.as_deref() == Some(&due.waybill_number);
                        let number = RichText::new(&due.waybill_number).monospace();
                        if ui
                            .selectable_label(picked, if callable { number } else { number.weak() })
                            .clicked()
                        {
                            state.selected = Some(due.waybill_number.clone());
                            state.draft = CallDraft::default();
                            state.show_errors = false;
                        }
                        ui.label(format!(
                            "{} {}",
                            due.release.label(),
                            due.released_at.format("%m-%d %H:%M")
                        ));
                        ui.label(format!("{} {}", due.consignee_name, due.consignee_phone));
                        ui.label(name_of(&due.clerk_id));
                        ui.label(
                            text::TRIED
                                .replace("{n}", &due.attempts.to_string())
                                .replace("{m}", &MAX_ATTEMPTS.to_string()),
                        );
                        if callable {
                            ui.label(RichText::new(text::CALLABLE).color(OK_GREEN));
                        } else {
                            ui.label(
                                RichText::new(text::DUE_AT.replace(
                                    "{t}",
                                    &due.due_at().format("%m-%d %H:%M").to_string(),
                                ))
                                .weak(),
                            );
                        }
                        ui.end_row();
                    }
                });
        });
}

fn call_form(ui: &mut Ui, state: &mut ReturnCallsState) -> Option<Command> {
    let Some(due) = state
        .selected
        .as_ref()
        .and_then(|n| state.due.iter().find(|d| &d.waybill_number == n))
    else {
        ui.label(RichText::new(text::PICK).weak());
        return None;
    };
    ui.label(
        RichText::new(
            text::FORM
                .replace("{n}", &due.waybill_number)
                .replace("{c}", &due.consignee_name)
                .replace("{p}", &due.consignee_phone),
        )
        .strong(),
    );
    let number = due.waybill_number.clone();
    let validation = state.draft.validate();
    let errors: HashMap<ScoreField, String> = match (&validation, state.show_errors) {
        (Err(list), true) => list.iter().cloned().collect(),
        _ => HashMap::new(),
    };
    let err = |f: ScoreField| errors.get(&f).map(String::as_str);
    let d = &mut state.draft;
    let surveyed = d.result == CallResult::Surveyed;
    egui::Grid::new("return_call_form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::RESULT, true);
            choice(ui, &l, &mut d.result, &CallResult::ALL, CallResult::label);
            ui.end_row();
            if surveyed {
                for (field, value) in [
                    (ScoreField::Speed, &mut d.speed),
                    (ScoreField::Care, &mut d.care),
                    (ScoreField::Attitude, &mut d.attitude),
                ] {
                    let l = field_label(ui, field.label(), true);
                    ui.horizontal(|ui| {
                        text_field(ui, &l, value, 60.0, text::SCORE_HINT, err(field));
                        if field == ScoreField::Speed {
                            ui.label(RichText::new(text::SCALE).small().weak());
                        }
                    });
                    ui.end_row();
                }
            }
            let l = field_label(ui, ScoreField::Comment.label(), false);
            text_field(
                ui,
                &l,
                &mut d.comment,
                420.0,
                text::COMMENT_HINT,
                err(ScoreField::Comment),
            );
            ui.end_row();
        });
    if ui.button(text::SAVE).clicked() {
        state.show_errors = true;
        match validation {
            Ok(answer) => {
                return Some(Command::Service(ServiceCommand::RecordCall {
                    number,
                    answer,
                }));
            }
            Err(list) => {
                ui.label(
                    RichText::new(text::FIX.replace("{n}", &list.len().to_string()))
                        .color(ERROR_RED),
                );
            }
        }
    }
    None
}

fn recent_list(ui: &mut Ui, state: &ReturnCallsState, name_of: &dyn Fn(&str) -> String) {
    ui.label(RichText::new(text::RECENT).strong());
    if state.recent.is_empty() {
        ui.label(RichText::new(text::NONE_RECENT).weak());
        return;
    }
    for call in state.recent.iter().take(50) {
        let a = &call.answer;
        let line = match a.scores {
            Some(scores) => format!("{} {}", a.result.label(), scores.summary()),
            None => a.result.label().to_owned(),
        };
        let low = a.scores.is_some_and(Scores::low);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&call.waybill_number).monospace());
            ui.label(call.called_at.format("%m-%d %H:%M").to_string());
            ui.label(name_of(&call.called_by));
            let line = RichText::new(line);
            ui.label(if low { line.color(WARN_AMBER) } else { line });
            if let Some(id) = call.follow_up_id {
                ui.label(
                    RichText::new(text::FOLLOW_UP.replace("{id}", &id.to_string()))
                        .color(WARN_AMBER),
                );
            }
            if !a.comment.is_empty() {
                ui.label(RichText::new(&a.comment).small());
            }
        });
    }
}

fn month_figures(ui: &mut Ui, state: &ReturnCallsState, name_of: &dyn Fn(&str) -> String) {
    ui.label(RichText::new(text::MONTH).strong());
    let (all, by_clerk) = &state.month;
    ui.label(format!("{}：{}", text::ALL, all.summary()));
    for (clerk, s) in by_clerk {
        ui.label(format!("{}：{}", name_of(clerk), s.summary()));
    }
}
