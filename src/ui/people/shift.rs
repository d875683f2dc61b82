//! The 交接/申请 panel: the clerk's shift handover (上下班工作交接, DOMAIN.md §6) with the
//! figures of the shift's waybills by payment method, handovers waiting to be accepted by
//! the next shift, and leave/outing/overtime requests (请假/外出/加班) with the
//! supervisor's approvals.

use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::ledger::{ByChannel, CashCount};
use crate::domain::money::{format_money, format_yuan};
use crate::domain::people::attendance::{Handover, HandoverNotes, HandoverSummary};
use crate::domain::people::requests::{RequestDraft, RequestKind};
use crate::storage::people::StoredRequest;
use crate::ui::Command;
use crate::ui::PeopleCommand;
use crate::ui::widgets::{
    ERROR_RED, OK_GREEN, choice, field_label, grid_field, grid_titles, section,
};
use egui::{RichText, Ui};

/// Chinese text of this panel.
mod text {
    pub const FROM_HINT: &str = "年-月-日 时:分 或 年-月-日";
    pub const HANDOVER: &str = "本班交接";
    pub const NOT_ON_SHIFT: &str = "现在不在排班时间内，没有可交接的班次";
    pub const FIGURES: &str = "本班运单（不含作废），按付款方式：";
    pub const CASH_NOTE: &str = "只有现付是柜台收的现金；提付、月结、回单付为应收。";
    pub const CASH_BOOK: &str = "本班收款（收款记录，含提付、回单付、退款）：";
    pub const CASH_COUNTED: &str = "实点 ¥{c}，差额 {d}，{b} 已签字对账";
    pub const CASH_NOT_COUNTED: &str = "尚未对账（收款/对账页）";
    pub const TOTAL: &str = "合计";
    pub const CASH_HEADS: [&str; 3] = ["方式", "本站收款", "代收货款（应返发货方）"];
    pub const PROBLEMS: &str = "未完成的问题";
    pub const NOTIFY: &str = "未通知提货";
    pub const STOCK: &str = "库存情况";
    pub const RECORD: &str = "提交交接";
    pub const RECORDED: &str = "已交接于 {t}";
    pub const ACCEPTED: &str = "，{b} 已接班";
    pub const TO_ACCEPT: &str = "待接班确认";
    pub const NONE_TO_ACCEPT: &str = "没有待确认的交接";
    pub const ACCEPT: &str = "接班确认";
    pub const REQUESTS: &str = "请假 / 外出 / 加班申请";
    pub const KIND: &str = "类别";
    pub const FROM: &str = "开始";
    pub const TO: &str = "结束";
    pub const REASON: &str = "事由";
    pub const SUBMIT: &str = "提交申请";
    pub const MINE: &str = "我的申请";
    pub const PENDING: &str = "待批申请";
    pub const NONE_PENDING: &str = "没有待批的申请";
    pub const APPROVE: &str = "批准";
    pub const REJECT: &str = "驳回";
}

/// Everything the page keeps between frames; the app loads the records.
#[derive(Debug, Clone, Default)]
pub struct ShiftState {
    /// The figures of the user's current shift, when on one.
    pub summary: Option<HandoverSummary>,
    /// The handover already recorded for that shift.
    pub recorded: Option<Handover>,
    /// The shift's cash book: the ledger's money by method, the 代收货款 taken by method
    /// (apart: it is the shippers'), and the signed count, if any.
    pub cash_book: Option<(ByChannel, ByChannel, Option<CashCount>)>,
    /// Notes being written.
    pub notes: HandoverNotes,
    /// Other clerks' handovers waiting for the next shift.
    pub to_accept: Vec<Handover>,
    /// The request being written.
    pub request: RequestDraft,
    /// Kind chosen (index into `RequestKind::ALL`).
    pub request_kind: usize,
    /// Errors of the last request submitted.
    pub request_errors: Vec<String>,
    /// The user's requests of the last weeks.
    pub mine: Vec<StoredRequest>,
    /// Requests waiting for the supervisor.
    pub pending: Vec<StoredRequest>,
    /// The last action's message.
    pub message: Option<(bool, String)>,
}

fn request_line(r: &StoredRequest) -> String {
    let q = &r.request;
    format!(
        "{} {} {} – {}  {}  ［{}］",
        q.staff_id,
        q.kind.label(),
        q.from.format("%m-%d %H:%M"),
        q.to.format("%m-%d %H:%M"),
        q.reason,
        q.status.label()
    )
}

/// The shift's money by method from the cash book, the 代收货款 beside it, and the count
/// once signed.
fn cash_book_lines(ui: &mut Ui, expected: &ByChannel, cod: &ByChannel, count: Option<&CashCount>) {
    ui.label(text::CASH_BOOK);
    egui::Grid::new("handover_cash_book")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            grid_titles(ui, &text::CASH_HEADS);
            for channel in PayChannel::ALL {
                ui.label(channel.label());
                ui.label(format_money(expected.get(channel)));
                ui.label(format_money(cod.get(channel)));
                ui.end_row();
            }
            ui.label(RichText::new(text::TOTAL).strong());
            ui.label(RichText::new(format_money(expected.total())).strong());
            ui.label(RichText::new(format_money(cod.total())).strong());
            ui.end_row();
        });
    match count {
        Some(c) => {
            let line = text::CASH_COUNTED
                .replace("{c}", &format_yuan(c.counted.total()))
                .replace("{d}", &format_yuan(c.difference().total()))
                .replace("{b}", &c.signed_by);
            let colour = if c.balances() { OK_GREEN } else { ERROR_RED };
            ui.label(RichText::new(line).color(colour));
        }
        None => {
            ui.label(RichText::new(text::CASH_NOT_COUNTED).weak());
        }
    }
}

/// Draws the page.
pub fn shift_ui(
    ui: &mut Ui,
    state: &mut ShiftState,
    supervisor: bool,
    user_id: &str,
) -> Option<Command> {
    let mut command = None;
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            section(ui, text::HANDOVER);
            match (&state.summary, &state.recorded) {
                (None, _) => {
                    ui.label(RichText::new(text::NOT_ON_SHIFT).weak());
                }
                (Some(summary), recorded) => {
                    ui.label(RichText::new(summary.key.describe()).strong());
                    ui.label(text::FIGURES);
                    egui::Grid::new("handover_figures")
                        .num_columns(3)
                        .striped(true)
                        .show(ui, |ui| {
                            for total in &summary.by_payment {
                                ui.label(total.payment.label());
                                ui.label(format!("{} 票", total.waybills));
                                ui.label(format_money(total.total_yuan));
                                ui.end_row();
                            }
                        });
                    ui.label(RichText::new(text::CASH_NOTE).small().weak());
                    if let Some((expected, cod, count)) = &state.cash_book {
                        cash_book_lines(ui, expected, cod, count.as_ref());
                    }
                    if let Some(h) = recorded {
                        let mut line = text::RECORDED
                            .replace("{t}", &h.recorded_at.format("%m-%d %H:%M").to_string());
                        if let Some(by) = &h.accepted_by {
                            line.push_str(&text::ACCEPTED.replace("{b}", by));
                        }
                        ui.label(RichText::new(line).color(OK_GREEN));
                    } else {
                        egui::Grid::new("handover_notes")
                            .num_columns(2)
                            .show(ui, |ui| {
                                for (label, value) in [
                                    (text::PROBLEMS, &mut state.notes.open_problems),
                                    (text::NOTIFY, &mut state.notes.open_notifications),
                                    (text::STOCK, &mut state.notes.stock_note),
                                ] {
                                    let l = field_label(ui, label, false);
                                    ui.add(
                                        egui::TextEdit::multiline(value)
                                            .desired_rows(2)
                                            .desired_width(480.0),
                                    )
                                    .labelled_by(l.id);
                                    ui.end_row();
                                }
                            });
                        if ui.button(text::RECORD).clicked() {
                            command = Some(Command::People(PeopleCommand::RecordHandover(
                                state.notes.clone(),
                            )));
                        }
                    }
                }
            }

            section(ui, text::TO_ACCEPT);
            if state.to_accept.is_empty() {
                ui.label(RichText::new(text::NONE_TO_ACCEPT).weak());
            }
            for h in &state.to_accept {
                ui.horizontal(|ui| {
                    let cash = h
                        .summary
                        .by_payment
                        .iter()
                        .map(|t| t.total_yuan)
                        .sum::<rust_decimal::Decimal>();
                    ui.label(format!(
                        "{}  合计 ¥{}  {}",
                        h.summary.key.describe(),
                        format_yuan(cash),
                        h.notes.open_problems
                    ));
                    if h.summary.key.staff_id != user_id && ui.button(text::ACCEPT).clicked() {
                        command = Some(Command::People(PeopleCommand::AcceptHandover(h.id)));
                    }
                });
            }

            section(ui, text::REQUESTS);
            egui::Grid::new("request")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let l = field_label(ui, text::KIND, true);
                    let kinds: Vec<usize> = (0..RequestKind::ALL.len()).collect();
                    choice(ui, &l, &mut state.request_kind, &kinds, |k| {
                        RequestKind::ALL[k].label()
                    });
                    ui.end_row();
                    for (label, value, hint) in [
                        (text::FROM, &mut state.request.from, text::FROM_HINT),
                        (
                            text::TO,
                            &mut state.request.to,
                            crate::ui::widgets::DATE_TIME_HINT,
                        ),
                        (text::REASON, &mut state.request.reason, ""),
                    ] {
                        grid_field(ui, label, true, value, hint);
                    }
                });
            for e in &state.request_errors {
                ui.label(RichText::new(e).small().color(ERROR_RED));
            }
            if ui.button(text::SUBMIT).clicked() {
                let mut draft = state.request.clone();
                user_id.clone_into(&mut draft.staff_id);
                draft.kind = RequestKind::ALL.get(state.request_kind).copied();
                match draft.validate() {
                    Ok(request) => {
                        state.request_errors.clear();
                        command = Some(Command::People(PeopleCommand::SubmitRequest(Box::new(
                            request,
                        ))));
                    }
                    Err(errors) => {
                        state.request_errors = errors.into_iter().map(|(_, m)| m).collect();
                    }
                }
            }
            ui.add_space(6.0);
            ui.strong(text::MINE);
            for r in &state.mine {
                ui.label(RichText::new(request_line(r)).small());
            }
            if supervisor {
                section(ui, text::PENDING);
                if state.pending.is_empty() {
                    ui.label(RichText::new(text::NONE_PENDING).weak());
                }
                for r in &state.pending {
                    ui.horizontal(|ui| {
                        ui.label(request_line(r));
                        if r.request.staff_id != user_id {
                            if ui.small_button(text::APPROVE).clicked() {
                                command = Some(Command::People(PeopleCommand::DecideRequest {
                                    id: r.id,
                                    approve: true,
                                }));
                            }
                            if ui.small_button(text::REJECT).clicked() {
                                command = Some(Command::People(PeopleCommand::DecideRequest {
                                    id: r.id,
                                    approve: false,
                                }));
                            }
                        }
                    });
                }
            }
        });
    command
}
