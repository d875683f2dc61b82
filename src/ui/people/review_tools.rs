//! The supervisor's tools under the monthly review: recording and confirming point
//! events with their evidence, detections, locking the month; the appeals of both
//! sides; importing the people file.

use super::review_state::{PeopleImportState, ReviewState, attachment_name};
use crate::domain::money::format_yuan;
use crate::domain::money::parse_decimal;
use crate::domain::people::Month;
use crate::domain::people::points::{EventCode, EventSource, PointEvent, Rule};
use crate::ui::widgets::{ERROR_RED, OK_GREEN, field_label, grid_field, section};
use crate::ui::{AppealId, PeopleCommand};
use crate::ui::{Command, DeskView};
use chrono::NaiveDate;
use egui::{RichText, Ui};

/// Chinese text of this part.
mod text {
    pub const ADD_EVENT: &str = "录入扣分/奖励";
    pub const WHO: &str = "员工";
    pub const RULE: &str = "规则";
    pub const DAY: &str = "日期";
    pub const COUNT: &str = "数量";
    pub const COUNT_HINT: &str = "次数；外出填分钟";
    pub const WAYBILL: &str = "单号";
    pub const NOTE: &str = "说明";
    pub const CHARGE: &str = "费用（元）";
    pub const CHARGE_HINT: &str = "造成的损失，由本人承担；没有留空";
    pub const SAVE_EVENT: &str = "保存";
    pub const BAD_EVENT: &str = "请选择员工，日期格式 2026-11-23，数量为正整数";
    pub const DETECTED: &str = "系统检测到的扣分（撤销须写原因）";
    pub const NO_DETECTED: &str = "本月没有检测到的扣分";
    pub const DISMISSED: &str = "已撤销：";
    pub const DISMISS: &str = "撤销";
    pub const DISMISS_REASON: &str = "撤销原因";
    pub const WITHDRAWN_ON_APPEAL: &str = "已因申诉撤销";
    pub const APPEALS: &str = "申诉（事件日期起 5 个工作日内）";
    pub const APPEAL_REASON: &str = "申诉或处理理由";
    pub const APPEAL: &str = "申诉";
    pub const NOTHING_TO_APPEAL: &str = "本月没有可申诉的扣分或费用";
    pub const APPEAL_CHARGE: &str = "申诉此费用";
    pub const CHARGE_TO_APPEAL: &str = "{d} 费用 {r} ¥{a} {w}";
    pub const CHARGE_APPEAL: &str = "{s} 费用 {r} ¥{a} {w} 申诉：{why}［{st}］";
    pub const UPHOLD: &str = "维持";
    pub const WITHDRAW: &str = "撤销";
    pub const ATTACHMENT: &str = "附件";
    pub const ATTACHMENT_PICK: &str = "选择附件…";
    pub const ATTACHMENT_NONE: &str =
        "无（可选：照片、录音等，保存时复制一份到数据库旁的 attachments 文件夹）";
    pub const ATTACHMENT_REMOVE: &str = "不附";
    pub const IMPORT: &str = "导入员工 / 打卡记录 / 扣分事件 / 申请";
    pub const IMPORT_KINDS: [&str; 4] = ["员工", "打卡记录", "扣分/奖励事件", "请假/外出/加班申请"];
    pub const IMPORT_KIND: &str = "导入";
    pub const IMPORT_PICK: &str = "选择文件（CSV/XLSX）…";
    pub const IMPORT_MAP: &str = "对应的列：表头与格式说明不同时（如钉钉导出），在此指定";
    pub const IMPORT_NONE: &str = "（未选）";
    pub const IMPORT_RUN: &str = "导入（全部正确才写入）";
}

pub(super) fn supervisor_tools_ui(
    ui: &mut Ui,
    state: &mut ReviewState,
    view: &DeskView,
    month: Month,
) -> Option<Command> {
    let mut command = None;
    if state.locked {
        return None;
    }
    ui.add_space(12.0);
    section(ui, text::ADD_EVENT);
    let codes = entry_codes();
    egui::Grid::new("add_event")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::WHO, true);
            let shown = view
                .staff
                .iter()
                .find(|s| s.id == state.event_staff)
                .map(crate::storage::staff::StaffMember::label)
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("event_staff")
                .selected_text(shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for s in &view.staff {
                        ui.selectable_value(&mut state.event_staff, s.id.clone(), s.label());
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, text::RULE, true);
            let shown = codes
                .get(state.event_rule)
                .map(|c| code_text(*c))
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("event_rule")
                .selected_text(shown)
                .width(360.0)
                .show_ui(ui, |ui| {
                    for (k, c) in codes.iter().enumerate() {
                        ui.selectable_value(&mut state.event_rule, k, code_text(*c));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            for (label, value, hint) in [
                (
                    text::DAY,
                    &mut state.event_day,
                    crate::ui::widgets::DATE_HINT,
                ),
                (text::COUNT, &mut state.event_count, text::COUNT_HINT),
                (text::WAYBILL, &mut state.event_waybill, ""),
                (text::NOTE, &mut state.event_note, ""),
                (text::CHARGE, &mut state.event_charge, text::CHARGE_HINT),
            ] {
                grid_field(ui, label, false, value, hint);
            }
            field_label(ui, text::ATTACHMENT, false);
            // The button, what is attached, and the note wrapping under them within the
            // fields' width: on one line the note widened the page past a 1024 screen.
            ui.vertical(|ui| {
                ui.set_max_width(300.0);
                ui.horizontal(|ui| {
                    if ui.button(text::ATTACHMENT_PICK).clicked() {
                        command = Some(Command::People(PeopleCommand::PickEventAttachment));
                    }
                    if let Some(path) = &state.event_attachment {
                        ui.label(attachment_name(&path.to_string_lossy()));
                        if ui.small_button(text::ATTACHMENT_REMOVE).clicked() {
                            state.event_attachment = None;
                        }
                    }
                });
                if state.event_attachment.is_none() {
                    ui.label(RichText::new(text::ATTACHMENT_NONE).small().weak());
                }
            });
            ui.end_row();
        });
    if ui.button(text::SAVE_EVENT).clicked() {
        let day = NaiveDate::parse_from_str(state.event_day.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| Month::of(*d) == month);
        let count = if state.event_count.trim().is_empty() {
            Some(1)
        } else {
            // The same bounds as the events import: 999 times, a month of minutes.
            let max = match codes.get(state.event_rule) {
                Some(crate::domain::people::points::EventCode::LeftPost) => {
                    crate::domain::desk::limits::MAX_LEFT_POST_MINUTES
                }
                _ => crate::domain::desk::limits::MAX_EVENT_TIMES,
            };
            parse_decimal(&state.event_count)
                .and_then(|d| u32::try_from(d.trunc().mantissa()).ok())
                .filter(|n| (1..=max).contains(n))
        };
        let charge = crate::domain::people::review::charges::parse_charge(&state.event_charge);
        match (day, count, codes.get(state.event_rule), charge) {
            (_, _, _, Err(why)) => state.message = Some((false, why)),
            (Some(day), Some(quantity), Some(code), Ok(charge_yuan))
                if !state.event_staff.is_empty() =>
            {
                command = Some(Command::People(PeopleCommand::AddPointEvent(
                    PointEvent {
                        staff_id: state.event_staff.clone(),
                        day,
                        code: *code,
                        quantity,
                        waybill_number: state.event_waybill.trim().to_owned(),
                        note: state.event_note.trim().to_owned(),
                        source: EventSource::Manual,
                        charge_yuan,
                    },
                    state.event_attachment.clone(),
                )));
            }
            _ => state.message = Some((false, text::BAD_EVENT.to_owned())),
        }
    }

    ui.add_space(12.0);
    section(ui, text::DETECTED);
    if state.detections.is_empty() {
        ui.label(RichText::new(text::NO_DETECTED).weak());
    }
    let l = field_label(ui, text::DISMISS_REASON, false);
    ui.add(egui::TextEdit::singleline(&mut state.dismiss_reason).desired_width(300.0))
        .labelled_by(l.id);
    for d in &state.detections {
        // The event's words wrap under it, and its 撤销 stays in sight on a narrow
        // screen (the words ran past the edge and took the button with them).
        let e = &d.found.event;
        ui.add(
            egui::Label::new(format!(
                "{} {} {} {}",
                e.staff_id,
                e.day.format("%m-%d"),
                e.code.code(),
                e.note
            ))
            .wrap(),
        );
        ui.horizontal(|ui| {
            ui.add_space(16.0);
            if let Some(dismissal) = &d.dismissal {
                ui.label(RichText::new(format!("{}{}", text::DISMISSED, dismissal.reason)).weak());
            } else if !d.counts() {
                // Withdrawn on appeal: it no longer counts either.
                ui.label(RichText::new(text::WITHDRAWN_ON_APPEAL).weak());
            } else if ui.small_button(text::DISMISS).clicked() {
                command = Some(Command::People(PeopleCommand::DismissDetection {
                    found: Box::new(d.found.clone()),
                    reason: state.dismiss_reason.trim().to_owned(),
                }));
            }
        });
    }
    command
}

pub(super) fn import_ui(ui: &mut Ui, state: &mut PeopleImportState) -> Option<Command> {
    let mut command = None;
    ui.add_space(12.0);
    section(ui, text::IMPORT);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(text::IMPORT_KIND);
        let kinds: Vec<usize> = (0..text::IMPORT_KINDS.len()).collect();
        if crate::ui::widgets::choice(ui, &l, &mut state.kind, &kinds, |k| text::IMPORT_KINDS[k])
            .changed()
        {
            state.path = None;
            state.headers.clear();
        }
        if ui.button(text::IMPORT_PICK).clicked() {
            command = Some(Command::People(PeopleCommand::PickPeopleFile(state.kind)));
        }
        if let Some(path) = &state.path {
            ui.label(RichText::new(path.display().to_string()).small());
        }
    });
    if let Some(path) = state.path.clone() {
        ui.label(RichText::new(text::IMPORT_MAP).small().weak());
        egui::Grid::new("import_map").num_columns(2).show(ui, |ui| {
            for (k, name) in state.required.iter().enumerate() {
                let l = field_label(ui, name, false);
                let chosen = &mut state.mapping[k];
                let shown = if chosen.is_empty() {
                    text::IMPORT_NONE.to_owned()
                } else {
                    chosen.clone()
                };
                egui::ComboBox::from_id_salt(("map", k))
                    .selected_text(shown)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(chosen, String::new(), text::IMPORT_NONE);
                        for h in &state.headers {
                            ui.selectable_value(chosen, h.clone(), h);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
        if ui.button(text::IMPORT_RUN).clicked() {
            command = Some(Command::People(PeopleCommand::ImportPeople {
                kind: state.kind,
                path,
                mapping: state.mapping.clone(),
            }));
        }
    }
    if let Some((ok, report)) = &state.report {
        ui.label(RichText::new(report).color(if *ok { OK_GREEN } else { ERROR_RED }));
    }
    command
}

/// Appeals: the person's own deductions with an appeal button each, the month's appeals
/// with their state, and for the supervisor the decisions.
pub(super) fn appeals_ui(
    ui: &mut Ui,
    state: &mut ReviewState,
    supervisor: bool,
    own_id: &str,
) -> Option<Command> {
    let mut command = None;
    if state.locked {
        return None;
    }
    ui.add_space(12.0);
    section(ui, text::APPEALS);
    let l = field_label(ui, text::APPEAL_REASON, false);
    ui.add(egui::TextEdit::singleline(&mut state.appeal_reason).desired_width(360.0))
        .labelled_by(l.id);
    let reason = state.appeal_reason.trim().to_owned();
    let mut any = false;
    for e in state
        .events
        .iter()
        .filter(|e| e.event.staff_id == own_id && e.event.code.code() != "B1")
    {
        any = true;
        ui.horizontal(|ui| {
            let ev = &e.event;
            ui.label(format!(
                "{} {} ×{} {} {}",
                ev.day.format("%m-%d"),
                ev.code.code(),
                ev.quantity,
                ev.waybill_number,
                ev.note
            ));
            if ui.small_button(text::APPEAL).clicked() {
                command = Some(Command::People(PeopleCommand::AppealEvent {
                    event_id: e.id,
                    reason: reason.clone(),
                }));
            }
        });
    }
    for d in state
        .detections
        .iter()
        .filter(|d| d.found.event.staff_id == own_id && d.counts())
    {
        any = true;
        ui.horizontal(|ui| {
            let ev = &d.found.event;
            ui.label(format!(
                "{} {} {}",
                ev.day.format("%m-%d"),
                ev.code.code(),
                ev.note
            ));
            if ui.small_button(text::APPEAL).clicked() {
                command = Some(Command::People(PeopleCommand::AppealDetection {
                    found: Box::new(d.found.clone()),
                    reason: reason.clone(),
                }));
            }
        });
    }
    if let Some(c) = own_charges_to_appeal(ui, state, own_id, &reason, &mut any) {
        command = Some(c);
    }
    if !any {
        ui.label(RichText::new(text::NOTHING_TO_APPEAL).weak());
    }
    for a in state
        .appeals
        .iter()
        .filter(|a| supervisor || a.staff_id == own_id)
    {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} {} {} 申诉：{}［{}］",
                a.staff_id,
                a.day.format("%m-%d"),
                a.code.code(),
                a.reason,
                a.status_label()
            ));
            if supervisor
                && a.decision.is_none()
                && let Some(decided) = decide_buttons(ui, AppealId::Event(a.id), &reason)
            {
                command = Some(decided);
            }
        });
    }
    for a in state
        .charge_appeals
        .iter()
        .filter(|a| supervisor || a.staff_id == own_id)
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                text::CHARGE_APPEAL
                    .replace("{s}", &a.staff_id)
                    .replace("{r}", &a.rule)
                    .replace("{a}", &format_yuan(a.amount_yuan))
                    .replace("{w}", &a.waybill)
                    .replace("{why}", &a.reason)
                    .replace("{st}", a.status_label()),
            );
            if supervisor
                && a.decision.is_none()
                && let Some(decided) = decide_buttons(ui, AppealId::Charge(a.id), &reason)
            {
                command = Some(decided);
            }
        });
    }
    command
}

/// The supervisor's 维持 and 撤销 beside an undecided appeal.
fn decide_buttons(ui: &mut Ui, appeal: AppealId, reason: &str) -> Option<Command> {
    let mut command = None;
    for (label, withdraw) in [(text::UPHOLD, false), (text::WITHDRAW, true)] {
        if ui.small_button(label).clicked() {
            command = Some(Command::People(PeopleCommand::DecideAppeal {
                appeal,
                withdraw,
                reason: reason.to_owned(),
            }));
        }
    }
    command
}

/// The person's own charges still standing and not yet appealed, each with its appeal
/// button; sets `any` when there is one.
fn own_charges_to_appeal(
    ui: &mut Ui,
    state: &ReviewState,
    own_id: &str,
    reason: &str,
    any: &mut bool,
) -> Option<Command> {
    let month = state.month?;
    let person = state
        .review
        .as_ref()?
        .people
        .iter()
        .find(|p| p.staff_id == own_id)?;
    let mut command = None;
    for c in person.charges.items.iter().filter(|c| {
        c.amount_yuan > rust_decimal::Decimal::ZERO
            && !state
                .charge_appeals
                .iter()
                .any(|a| a.staff_id == own_id && a.key == c.key())
    }) {
        *any = true;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                text::CHARGE_TO_APPEAL
                    .replace("{d}", &c.day.format("%m-%d").to_string())
                    .replace("{r}", c.rule)
                    .replace("{a}", &format_yuan(c.amount_yuan))
                    .replace("{w}", &c.waybill),
            );
            if ui.small_button(text::APPEAL_CHARGE).clicked() {
                command = Some(Command::People(PeopleCommand::AppealCharge {
                    month,
                    key: c.key(),
                    reason: reason.to_owned(),
                }));
            }
        });
    }
    command
}

/// The event codes a supervisor may enter, in rule order: P1…P21 with their heavier
/// cases, `L` (leaving the post), and B1 (praise).
fn entry_codes() -> Vec<EventCode> {
    let mut codes: Vec<EventCode> = Rule::ALL
        .iter()
        .filter_map(|r| EventCode::from_code(r.code()))
        .collect();
    codes.push(EventCode::LeftPost);
    codes
}

fn code_text(code: EventCode) -> String {
    match code {
        EventCode::Rule(rule) => format!("{} {}", rule.code(), rule.default_wording()),
        EventCode::LeftPost => "L 上班时间随意外出（分钟）".to_owned(),
    }
}
