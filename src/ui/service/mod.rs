//! The 咨询投诉 page (DOMAIN.md §5): the log of customer questions and complaints —
//! entering an item (received when, from whom, about which waybill, category, what was
//! asked, who handles it), answering it (the time is recorded), and the list with its
//! filters, where open items past the set hours stand out in red (points rule P14). The
//! supervisor sets the hours and turns a confirmed complaint into a P19 event.
//!
//! Its other tabs are 异常跟进 ([`cases`]), 送货预约 ([`appointments`]) and 回访
//! ([`return_calls`]). Also the [`ServiceCommand`]s of the phone
//! quote panel ([`crate::ui::desk::quote`]).

pub mod appointments;
pub mod cases;
mod log_list;
pub mod log_tools;
pub mod return_calls;

use super::widgets::{choice, field_label, text_field};
use super::{Command, DeskView};
use crate::domain::service::{
    PhoneQuote, ServiceCategory, ServiceDraft, ServiceEntry, ServiceField, ServiceSettings,
};
use crate::storage::service::{ServiceFilter, ServiceItem};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};
use std::collections::HashMap;

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "咨询/投诉登记";
    pub const CATEGORY: &str = "类别";
    pub const CHANNEL: &str = "渠道";
    pub const ADD: &str = "登记";
    pub const HINT_NOW: &str = "留空为现在，或 年-月-日 时:分";
    pub const HINT_WAYBILL: &str = "不涉及运单留空";
    pub const LIST: &str = "登记记录";
    pub const OPEN_ONLY: &str = "只看未答复";
    pub const ALL: &str = "全部类别";
    pub const REFRESH: &str = "刷新";
    pub const HOURS: &str = "答复时限（小时）";
    pub const SAVE_HOURS: &str = "保存时限";
    pub const HOURS_BAD: &str = "时限须为 1–720 的整数小时";
    pub const NONE: &str = "没有符合条件的登记";
    pub const OPEN: &str = "未答复，已等 {h} 小时";
    pub const OVERDUE: &str = "超时未答复：已等 {h} 小时（时限 {l} 小时）";
    pub const ANSWERED: &str = "{t} 答复";
    pub const ANSWERED_LATE: &str = "{t} 答复（超时，用了 {h} 小时）";
    pub const OUTCOME: &str = "处理结果 #{id}";
    pub const ANSWER: &str = "答复";
    pub const CONFIRM: &str = "确认投诉→P19";
    pub const ACCUSED: &str = "被投诉人 #{id}";
    pub const CONFIRMED: &str = "已记 P19（扣分事件 #{e}）";
    pub const FIX: &str = "有 {n} 处需要修改，见红字";
}

/// The tabs of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceTab {
    /// 咨询投诉: the log.
    #[default]
    Log,
    /// 回访: return calls after release and satisfaction.
    ReturnCalls,
    /// 送货预约: delivery appointments and run sheets.
    Appointments,
    /// 异常跟进: exceptions followed to closure.
    Cases,
}

impl ServiceTab {
    /// Every tab, in the order of the tab row.
    pub const ALL: [Self; 4] = [
        Self::Log,
        Self::Cases,
        Self::Appointments,
        Self::ReturnCalls,
    ];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Log => "咨询/投诉",
            Self::ReturnCalls => "回访",
            Self::Appointments => "送货预约",
            Self::Cases => "异常跟进",
        }
    }
}

/// What the customer service panels ask the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceCommand {
    /// Show a tab of the page, loading what it lists.
    OpenTab(ServiceTab),
    /// Record a return call (回访) to the consignee of a waybill.
    RecordCall {
        /// 单号.
        number: String,
        /// What came of it.
        answer: crate::domain::service::return_call::CallAnswer,
    },
    /// Record a delivery appointment for a waybill.
    MakeAppointment {
        /// 单号.
        number: String,
        /// What was agreed.
        appointment: crate::domain::dispatch::appointment::Appointment,
    },
    /// Move an appointment (改约) with the reason.
    MoveAppointment {
        /// Which.
        id: i64,
        /// The new one.
        appointment: crate::domain::dispatch::appointment::Appointment,
        /// Why.
        reason: String,
    },
    /// Record an appointment not kept (未履约) with the reason.
    MissAppointment {
        /// Which.
        id: i64,
        /// Why.
        reason: String,
    },
    /// Reply to the customer on an open item (回复).
    ReplyItem {
        /// Which item.
        id: i64,
        /// What was said.
        text: String,
    },
    /// Transfer an open item to a person or a station (转交).
    TransferItem {
        /// Which item.
        id: i64,
        /// To whom.
        to: crate::domain::service::complaints::TransferTo,
        /// Why.
        reason: String,
    },
    /// Save a month's complaint statistics, as XLSX or PDF.
    ComplaintStats {
        /// The month.
        month: crate::domain::people::Month,
        /// XLSX rather than PDF.
        xlsx: bool,
    },
    /// List the cases, with those recently closed when `true`.
    ListCases(bool),
    /// Add a step to a case.
    AddCaseStep {
        /// The case's key.
        key: String,
        /// The step.
        step: crate::domain::service::cases::Step,
    },
    /// Show the appointments of a day.
    AppointmentsDay(chrono::NaiveDate),
    /// A vehicle's run sheet of a day: printed, or saved as PDF.
    RunSheet {
        /// The day.
        day: chrono::NaiveDate,
        /// The vehicle (empty: 未派车).
        vehicle: String,
        /// Save as PDF instead of printing.
        save: bool,
    },
    /// Open the phone quote window (F6) with the recent quotes.
    OpenQuotes,
    /// Record a priced phone quote for the user.
    RecordQuote(Box<PhoneQuote>),
    /// List recent quotes, only those whose phone contains the text when not empty.
    SearchQuotes(String),
    /// The customer came in: open the 开单 page filled from this quote.
    QuoteToWaybill(i64),
    /// List the log with this filter.
    List(ServiceFilter),
    /// Record a question or complaint.
    AddItem(ServiceEntry),
    /// Answer an item now.
    Answer {
        /// Which item.
        id: i64,
        /// 处理结果.
        outcome: String,
    },
    /// The supervisor confirms a complaint: a P19 event for the person complained about.
    ConfirmComplaint {
        /// Which item.
        id: i64,
        /// 工号 of the person complained about.
        staff_id: String,
    },
    /// Save the log's settings (supervisor).
    SaveSettings {
        /// The settings.
        settings: ServiceSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
}

/// Everything the page keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct ServiceState {
    /// The tab shown.
    pub tab: ServiceTab,
    /// The 回访 tab.
    pub calls: return_calls::ReturnCallsState,
    /// The 送货预约 tab.
    pub appointments: appointments::AppointmentsState,
    /// The 异常跟进 tab.
    pub cases: cases::CasesState,
    /// The log's complaint tools.
    pub tools: log_tools::LogTools,
    /// The entry form as typed.
    pub draft: ServiceDraft,
    /// Show the form's problems (after the first attempt).
    pub show_errors: bool,
    /// The list's filter.
    pub filter: ServiceFilter,
    /// The items listed, newest first.
    pub items: Vec<ServiceItem>,
    /// The outcome typed for each open item.
    pub outcomes: HashMap<i64, String>,
    /// The person complained about, chosen per complaint (default its handler).
    pub accused: HashMap<i64, String>,
    /// The settings in force.
    pub settings: ServiceSettings,
    /// The hours as typed by the supervisor.
    pub hours_text: String,
    /// The revision the settings were loaded at (`storage::revisions`).
    pub settings_seen: Option<i64>,
    /// The outcome of the last command: (ok, text).
    pub message: Option<(bool, String)>,
}

/// How an item stands at `now`: open past the hours is the red of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStanding {
    /// Answered within the hours.
    Answered,
    /// Answered, but later than the hours (P14).
    AnsweredLate(i64),
    /// Open, within the hours; hours waited so far.
    Open(i64),
    /// Open past the hours (red, P14).
    Overdue(i64),
}

/// Where `item` stands at `now` with the set hours.
#[must_use]
pub fn standing(item: &ServiceItem, now: NaiveDateTime, within_hours: u32) -> ItemStanding {
    let facts = item.facts();
    match (item.answered_at, facts.overdue_hours(now, within_hours)) {
        (Some(_), None) => ItemStanding::Answered,
        (Some(_), Some(h)) => ItemStanding::AnsweredLate(h),
        (None, Some(h)) => ItemStanding::Overdue(h),
        (None, None) => ItemStanding::Open((now - item.entry.received_at).num_hours()),
    }
}

/// Draws the page.
pub fn service_ui(
    ui: &mut Ui,
    state: &mut ServiceState,
    view: &DeskView,
    now: NaiveDateTime,
    supervisor: bool,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        for tab in ServiceTab::ALL {
            if ui.selectable_label(state.tab == tab, tab.label()).clicked() {
                command = Some(Command::Service(ServiceCommand::OpenTab(tab)));
            }
        }
        ui.separator();
        if ui.small_button(text::REFRESH).clicked() {
            command = Some(Command::Service(ServiceCommand::OpenTab(state.tab)));
        }
    });
    ui.separator();
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    if state.tab != ServiceTab::Log {
        let tab_command = egui::ScrollArea::vertical()
            .id_salt("service_tab")
            .auto_shrink([false, false])
            .show(ui, |ui| match state.tab {
                ServiceTab::ReturnCalls => {
                    return_calls::return_calls_ui(ui, &mut state.calls, view, now)
                }
                ServiceTab::Cases => cases::cases_ui(ui, &mut state.cases, view, now),
                _ => appointments::appointments_ui(ui, &mut state.appointments, now),
            })
            .inner;
        return command.or(tab_command);
    }
    // The form, the filters and the list scroll as one, so the list gets the whole
    // height once the form is scrolled away (at 1024×768 it would have a few lines).
    let log_command = egui::ScrollArea::vertical()
        .id_salt("service_log")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut command = None;
            ui.heading(text::TITLE);
            if let Some(c) = entry_form(ui, state, view, now) {
                command = Some(c);
            }
            ui.separator();
            if let Some(c) = filter_row(ui, state, supervisor) {
                command = Some(c);
            }
            if let Some(c) = log_tools::stats_row(
                ui,
                &mut state.tools,
                crate::domain::people::Month::of(now.date()),
            ) {
                command = Some(c);
            }
            if let Some(c) = log_list::item_list(ui, state, view, now, supervisor) {
                command = Some(c);
            }
            command
        })
        .inner;
    command.or(log_command)
}

fn entry_form(
    ui: &mut Ui,
    state: &mut ServiceState,
    view: &DeskView,
    now: NaiveDateTime,
) -> Option<Command> {
    let validation = state.draft.validate(now);
    let errors: HashMap<ServiceField, String> = match (&validation, state.show_errors) {
        (Err(list), true) => list.iter().map(|p| (p.field, p.message.clone())).collect(),
        _ => HashMap::new(),
    };
    let err = |f: ServiceField| errors.get(&f).map(String::as_str);
    if state.draft.handler_id.is_empty()
        && let Some(first) = view.staff.first()
    {
        state.draft.handler_id.clone_from(&first.id);
    }
    let d = &mut state.draft;
    egui::Grid::new("service_form")
        .num_columns(4)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, ServiceField::ReceivedAt.label(), false);
            text_field(
                ui,
                &l,
                &mut d.received_at,
                // The hint whole: it says the format.
                250.0,
                text::HINT_NOW,
                err(ServiceField::ReceivedAt),
            );
            let l = field_label(ui, text::CATEGORY, false);
            choice(
                ui,
                &l,
                &mut d.category,
                ServiceCategory::ALL,
                ServiceCategory::label,
            );
            ui.end_row();
            let l = field_label(ui, text::CHANNEL, false);
            choice(
                ui,
                &l,
                &mut d.channel,
                &crate::domain::service::complaints::Channel::ALL,
                crate::domain::service::complaints::Channel::label,
            );
            if d.category == ServiceCategory::Complaint {
                log_tools::cause_field(ui, &mut d.cause, err(ServiceField::Cause));
            }
            ui.end_row();
            let l = field_label(ui, ServiceField::CallerName.label(), false);
            text_field(
                ui,
                &l,
                &mut d.caller_name,
                200.0,
                "",
                err(ServiceField::CallerName),
            );
            let l = field_label(ui, ServiceField::Phone.label(), false);
            text_field(
                ui,
                &l,
                &mut d.phone,
                200.0,
                "手机或 区号-号码",
                err(ServiceField::Phone),
            );
            ui.end_row();
            let l = field_label(ui, ServiceField::WaybillNumber.label(), false);
            text_field(
                ui,
                &l,
                &mut d.waybill_number,
                200.0,
                text::HINT_WAYBILL,
                err(ServiceField::WaybillNumber),
            );
            let l = field_label(ui, ServiceField::Handler.label(), true);
            let selected = view
                .staff
                .iter()
                .find(|s| s.id == d.handler_id)
                .map_or_else(
                    || d.handler_id.clone(),
                    crate::storage::staff::StaffMember::label,
                );
            let combo = egui::ComboBox::from_id_salt("service_handler")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for member in &view.staff {
                        ui.selectable_value(&mut d.handler_id, member.id.clone(), member.label());
                    }
                });
            combo.response.labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, ServiceField::Question.label(), true);
            text_field(
                ui,
                &l,
                &mut d.question,
                520.0,
                "客户问了什么 / 投诉什么",
                err(ServiceField::Question),
            );
            ui.end_row();
        });
    if ui.button(text::ADD).clicked() {
        state.show_errors = true;
        match validation {
            Ok(entry) => return Some(Command::Service(ServiceCommand::AddItem(entry))),
            Err(list) => {
                state.message = Some((false, text::FIX.replace("{n}", &list.len().to_string())));
            }
        }
    }
    None
}

fn filter_row(ui: &mut Ui, state: &mut ServiceState, supervisor: bool) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(text::LIST).strong());
        let before = state.filter.clone();
        ui.checkbox(&mut state.filter.open_only, text::OPEN_ONLY);
        if ui
            .selectable_label(state.filter.category.is_none(), text::ALL)
            .clicked()
        {
            state.filter.category = None;
        }
        for c in ServiceCategory::ALL {
            if ui
                .selectable_label(state.filter.category == Some(*c), c.label())
                .clicked()
            {
                state.filter.category = Some(*c);
            }
        }
        if ui.button(text::REFRESH).clicked() || state.filter != before {
            command = Some(Command::Service(ServiceCommand::List(state.filter.clone())));
        }
        if supervisor {
            ui.separator();
            let l = ui.label(text::HOURS);
            ui.add(egui::TextEdit::singleline(&mut state.hours_text).desired_width(50.0))
                .labelled_by(l.id);
            if ui.button(text::SAVE_HOURS).clicked() {
                match state.hours_text.trim().parse::<u32>() {
                    Ok(h) if (1..=720).contains(&h) => {
                        command = Some(Command::Service(ServiceCommand::SaveSettings {
                            settings: ServiceSettings {
                                answer_within_hours: h,
                            },
                            seen: state.settings_seen,
                        }));
                    }
                    _ => state.message = Some((false, text::HOURS_BAD.to_owned())),
                }
            }
        }
    });
    command
}
