//! The 客户档案 page: find a customer by name or phone (part), read and edit their file
//! (name, phones, addresses, note), their waybills as shipper and consignee with totals,
//! merge two files of the same customer, and the supervisor's 月结 approvals. Rule 22
//! (DOMAIN §7): 月结 waybills of customers not approved for credit are listed against the
//! clerk who issued them. Also the form's hold of a 月结 waybill the credit rule refused,
//! waiting for a supervisor.
//!
//! The panels only draw and edit their state; the app runs the [`CustomersCommand`]s.

use crate::domain::desk::customers::{CustomerDraft, parse_limit};
use crate::domain::desk::waybill::Waybill;
use crate::domain::money::format_yuan;
use crate::storage::customers::{ClerkDebt, CustomerDetail, CustomerSummary};
use crate::ui::Command;
use crate::ui::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, supervisor_panel};
use egui::{RichText, Ui};
use rust_decimal::Decimal;

/// Chinese text of this page.
mod text {
    pub const TITLE: &str = "客户档案";
    pub const SEARCH: &str = "搜索客户";
    pub const SEARCH_HINT: &str = "名称或电话（部分即可）";
    pub const FIND: &str = "查找";
    pub const NEW_FILE: &str = "新建档案";
    pub const NONE_FOUND: &str = "没有找到客户";
    pub const PICK_TWO: &str = "勾选同一客户的两个档案可合并";
    pub const MERGE_TITLE: &str = "合并重复档案";
    pub const KEEP: &str = "保留";
    pub const MERGE: &str = "合并：另一个档案的电话、地址、备注并入保留的档案";
    pub const NAME: &str = "客户名称";
    pub const PHONES: &str = "电话（每行一个）";
    pub const ADDRESSES: &str = "地址（每行一个）";
    pub const NOTE: &str = "备注";
    pub const SAVE: &str = "保存档案";
    pub const CREDIT: &str = "月结";
    pub const APPROVED: &str = "已批准月结：额度 ¥{l}（{b} 于 {a} 批准）";
    pub const NOT_APPROVED: &str = "未批准月结";
    pub const OPEN_TOTAL: &str = "未结月结（本月和上月）：¥{t}";
    pub const COD: &str = "代收货款（累计，属本客户）：{l}";
    pub const MONTH_REPORT: &str = "本月客户统计表 PDF…";
    pub const LIMIT: &str = "信用额度（元）";
    pub const APPROVE: &str = "批准月结";
    pub const WITHDRAW: &str = "撤销月结";
    pub const APPROVAL_LINE: &str = "额度 ¥{l}：{b} {a} 批准";
    pub const WITHDRAWN_LINE: &str = "，{b} {a} 撤销";
    pub const MERGES: &str = "合并记录";
    pub const MERGE_LINE: &str = "#{i}「{n}」由 {b} 于 {a} 并入";
    pub const HISTORY: &str = "运单记录";
    pub const CONTACTS: &str = "来电记录（咨询、查件、投诉）";
    pub const NO_CONTACTS: &str = "没有来电记录";
    pub const CONTACT_LINE: &str = "#{i}  {t}  {c}  {q}  ［{s}］";
    pub const QUOTES: &str = "电话报价记录";
    pub const NO_QUOTES: &str = "没有电话报价";
    pub const CALLS: &str = "回访记录";
    pub const APPOINTMENTS: &str = "送货预约";
    pub const NO_APPOINTMENTS: &str = "没有送货预约";
    pub const NO_CALLS: &str = "没有回访记录";
    pub const QUOTE_LINE: &str = "#{i}  {t}  {d}  {g}  ¥{a}{w}";
    pub const OPEN_ITEM: &str = "未处理";
    pub const TOTALS: &str = "共 {n} 票（发货 {s}，收货 {c}），{p} 件，合计 ¥{t}（作废不计）";
    pub const MORE: &str = "只列出最近 {n} 票";
    pub const PHONE_LINE: &str = "{p}：运单上写作「{n}」，{c} 票";
    pub const AS_SHIPPER: &str = "发货";
    pub const AS_CONSIGNEE: &str = "收货";
    pub const VOID: &str = "作废";
    pub const DEBTS: &str = "未批准月结的欠款（规则22：记开单员）";
    pub const DEBTS_ALL: &str = "未批准月结客户的欠款（本月和上月，记开单员）";
    pub const DEBT_CLERK: &str = "{c}：{n} 票 ¥{t}";
    pub const ALLOWED: &str = "主管 {s} 授权";
    pub const NO_DEBTS: &str = "没有";
    pub const HOLD_TITLE: &str = "月结不能开单";
    pub const HOLD_OFF_DUTY: &str = "另：不在当班时间（{r}），授权一并记录";
    pub const HOLD_OVERRIDE: &str = "主管授权月结（记录在案）";
    pub const HOLD_ID: &str = "授权主管工号";
    pub const HOLD_PASSWORD: &str = "授权主管密码";
    pub const HOLD_REASON: &str = "月结授权原因";
    pub const HOLD_GO: &str = "主管授权月结并保存";
}

/// What the page keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct CustomersState {
    /// The search as typed.
    pub query: String,
    /// Put the focus into the search next frame, its text selected (the page opened).
    pub focus_query: bool,
    /// The files found.
    pub results: Vec<CustomerSummary>,
    /// A search has run.
    pub searched: bool,
    /// Files ticked for a merge (at most two).
    pub ticked: Vec<i64>,
    /// Which ticked file is kept.
    pub keep: Option<i64>,
    /// The file open in the detail.
    pub open: Option<CustomerDetail>,
    /// The open file (or a new one) as edited.
    pub draft: CustomerDraft,
    /// Phones as edited, one a line.
    pub phones_text: String,
    /// Addresses as edited, one a line.
    pub addresses_text: String,
    /// The detail edits a new file.
    pub creating: bool,
    /// Problems of the draft, shown under the form.
    pub errors: Vec<String>,
    /// The 月结 limit as typed by the supervisor.
    pub limit: String,
    /// Rule 22's list for the whole station.
    pub debts: Vec<ClerkDebt>,
    /// The open file's contacts with the service desk (咨询, 查件, 投诉 …), newest first.
    pub contacts: Vec<crate::storage::service::ServiceItem>,
    /// The open file's phone quotes, newest first.
    pub quotes: Vec<crate::storage::quotes::StoredQuote>,
    /// The 回访 about its goods, newest first.
    pub return_calls: Vec<crate::domain::service::return_call::ReturnCall>,
    /// The delivery appointments of its goods, newest first.
    pub appointments: Vec<crate::storage::dispatch::appointments::StoredAppointment>,
    /// The last message of the page: (ok, text).
    pub message: Option<(bool, String)>,
}

impl CustomersState {
    /// Shows a file in the detail, its fields ready to edit.
    pub fn show(&mut self, detail: CustomerDetail) {
        self.draft = CustomerDraft {
            name: detail.name.clone(),
            phones: detail.phones.iter().map(|p| p.phone.clone()).collect(),
            addresses: detail.addresses.clone(),
            note: detail.note.clone(),
        };
        self.phones_text = self.draft.phones.join("\n");
        self.addresses_text = self.draft.addresses.join("\n");
        self.creating = false;
        self.errors.clear();
        self.open = Some(detail);
    }
}

/// What the page asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomersCommand {
    /// Find files by name or phone (part).
    Search(String),
    /// Open a file.
    Open(i64),
    /// Save a file: an open one (`Some(id)`) or a new one.
    Save {
        /// The file's number, `None` for a new file.
        id: Option<i64>,
        /// The checked file.
        file: crate::domain::desk::customers::CustomerFile,
        /// The revision of the file when it was opened (`None` for a new file).
        seen: Option<i64>,
    },
    /// Merge `merged` into `kept`.
    Merge {
        /// The file kept.
        kept: i64,
        /// The file merged into it.
        merged: i64,
    },
    /// Approve a file for 月结 with a limit (supervisor).
    ApproveCredit {
        /// The file.
        id: i64,
        /// 信用额度.
        limit_yuan: Decimal,
    },
    /// Withdraw a file's 月结 approval (supervisor).
    WithdrawCredit(i64),
    /// Show a waybill of the history in 运单查询.
    OpenWaybill(String),
    /// Save the file's monthly statistics report (客户月度统计表) of this month as PDF.
    MonthReport(i64),
    /// Save a 月结 waybill the credit rule refused, allowed by a supervisor (recorded).
    IssueOverCredit(crate::ui::SupervisedIssue),
}

/// A 月结 waybill refused by the credit rule, held on the form for a supervisor.
#[derive(Debug, Clone, Default)]
pub struct CreditHold {
    /// Why it was refused.
    pub refusal: String,
    /// Why the clerk is also off duty, when they are; the same override covers it.
    pub off_duty: Option<String>,
    /// The validated waybill waiting.
    pub waybill: Option<Box<Waybill>>,
    /// Print once saved.
    pub print: bool,
    /// Supervisor's 工号 as typed.
    pub supervisor_id: String,
    /// Supervisor's password as typed.
    pub password: String,
    /// Why the override.
    pub reason: String,
}

/// Draws the hold of a refused 月结 waybill on the form's fee card.
pub fn credit_hold_ui(ui: &mut Ui, hold: &mut CreditHold, clerk_id: &str) -> Option<Command> {
    let mut command = None;
    let why = hold.refusal.clone();
    supervisor_panel(ui, text::HOLD_TITLE, &why, |ui| {
        if let Some(reason) = &hold.off_duty {
            ui.label(RichText::new(text::HOLD_OFF_DUTY.replace("{r}", reason)).small());
        }
        ui.label(RichText::new(text::HOLD_OVERRIDE).strong());
        for (label, value, password) in [
            (text::HOLD_ID, &mut hold.supervisor_id, false),
            (text::HOLD_PASSWORD, &mut hold.password, true),
            (text::HOLD_REASON, &mut hold.reason, false),
        ] {
            let l = ui.label(label);
            ui.add(
                egui::TextEdit::singleline(value)
                    .password(password)
                    .desired_width(280.0),
            )
            .labelled_by(l.id);
        }
        if ui.button(text::HOLD_GO).clicked()
            && let Some(waybill) = hold.waybill.clone()
        {
            command = Some(Command::Customers(CustomersCommand::IssueOverCredit(
                crate::ui::SupervisedIssue::typed(
                    waybill,
                    clerk_id,
                    hold.print,
                    &hold.supervisor_id,
                    &mut hold.password,
                    &hold.reason,
                ),
            )));
        }
    });
    command
}

/// Draws the page. Only the supervisor sees the 月结 approval controls (the app checks
/// the role again).
pub fn customers_ui(ui: &mut Ui, state: &mut CustomersState, supervisor: bool) -> Option<Command> {
    let mut command = None;
    egui::Panel::left("customer_list")
        .resizable(true)
        .default_size(560.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("customer_list_scroll")
                .show(ui, |ui| {
                    if let Some(c) = list_ui(ui, state) {
                        command = Some(c);
                    }
                    ui.separator();
                    debts_ui(ui, text::DEBTS_ALL, &state.debts, true);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        crate::ui::widgets::message_line(ui, state.message.as_ref());
        egui::ScrollArea::vertical()
            .id_salt("customer_detail_scroll")
            .show(ui, |ui| {
                if (state.open.is_some() || state.creating)
                    && let Some(c) = detail_ui(ui, state, supervisor)
                {
                    command = Some(c);
                }
            });
    });
    command.map(Command::Customers)
}

fn list_ui(ui: &mut Ui, state: &mut CustomersState) -> Option<CustomersCommand> {
    let mut command = None;
    ui.heading(text::TITLE);
    ui.horizontal(|ui| {
        let l = ui.label(text::SEARCH);
        let id = ui.scope_id().with("query");
        if std::mem::take(&mut state.focus_query) {
            crate::ui::widgets::focus_selected(ui, id, &state.query);
        }
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .id(id)
                    .hint_text(text::SEARCH_HINT)
                    .desired_width(240.0),
            )
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(text::FIND).clicked() || enter {
            command = Some(CustomersCommand::Search(state.query.trim().to_owned()));
        }
        if ui.button(text::NEW_FILE).clicked() {
            state.open = None;
            state.creating = true;
            state.draft = CustomerDraft::default();
            state.phones_text.clear();
            state.addresses_text.clear();
            state.errors.clear();
        }
    });
    if state.searched && state.results.is_empty() {
        ui.label(RichText::new(text::NONE_FOUND).weak());
    }
    egui::Grid::new("customer_results")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for c in &state.results {
                let mut ticked = state.ticked.contains(&c.id);
                if ui.checkbox(&mut ticked, format!("#{}", c.id)).changed() {
                    if ticked {
                        state.ticked.push(c.id);
                        if state.ticked.len() > 2 {
                            state.ticked.remove(0);
                        }
                    } else {
                        state.ticked.retain(|id| *id != c.id);
                    }
                    state.keep = state.ticked.first().copied();
                }
                if ui.link(&c.name).clicked() {
                    command = Some(CustomersCommand::Open(c.id));
                }
                ui.label(RichText::new(c.phones.join(" ")).small());
                ui.label(format!("{} 票", c.waybill_count));
                // The limit on hover: the list keeps to its panel at 1024×768.
                match c.credit_limit_yuan {
                    Some(limit) => ui
                        .label(RichText::new(text::CREDIT).color(OK_GREEN))
                        .on_hover_text(format!("{} ¥{}", text::CREDIT, format_yuan(limit))),
                    None => ui.label(""),
                };
                ui.end_row();
            }
        });
    if state.ticked.len() == 2 {
        ui.add_space(6.0);
        ui.label(RichText::new(text::MERGE_TITLE).strong());
        for id in state.ticked.clone() {
            let name = state
                .results
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            ui.radio_value(
                &mut state.keep,
                Some(id),
                format!("{} #{id} {name}", text::KEEP),
            );
        }
        if ui.button(text::MERGE).clicked()
            && let Some(kept) = state.keep
            && let Some(merged) = state.ticked.iter().copied().find(|id| *id != kept)
        {
            command = Some(CustomersCommand::Merge { kept, merged });
        }
    } else if !state.results.is_empty() {
        ui.label(RichText::new(text::PICK_TWO).small().weak());
    }
    command
}

fn detail_ui(
    ui: &mut Ui,
    state: &mut CustomersState,
    supervisor: bool,
) -> Option<CustomersCommand> {
    let mut command = None;
    egui::Grid::new("customer_file")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label(text::NAME);
            ui.add(egui::TextEdit::singleline(&mut state.draft.name).desired_width(360.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(text::PHONES);
            ui.add(
                egui::TextEdit::multiline(&mut state.phones_text)
                    .desired_rows(2)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(text::ADDRESSES);
            ui.add(
                egui::TextEdit::multiline(&mut state.addresses_text)
                    .desired_rows(2)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(text::NOTE);
            ui.add(
                egui::TextEdit::multiline(&mut state.draft.note)
                    .desired_rows(2)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    for e in &state.errors {
        ui.label(RichText::new(e).small().color(ERROR_RED));
    }
    if let Some(detail) = &state.open {
        for p in &detail.phones {
            ui.label(
                RichText::new(
                    text::PHONE_LINE
                        .replace("{p}", &p.phone)
                        .replace("{n}", &p.name_on_waybills)
                        .replace("{c}", &p.waybill_count.to_string()),
                )
                .small()
                .weak(),
            );
        }
    }
    if ui.button(text::SAVE).clicked() {
        state.draft.phones = state.phones_text.lines().map(str::to_owned).collect();
        state.draft.addresses = state.addresses_text.lines().map(str::to_owned).collect();
        match state.draft.validate() {
            Ok(file) => {
                state.errors.clear();
                command = Some(CustomersCommand::Save {
                    id: state
                        .open
                        .as_ref()
                        .map(|d| d.id)
                        .filter(|_| !state.creating),
                    seen: state
                        .open
                        .as_ref()
                        .map(|d| d.version)
                        .filter(|_| !state.creating),
                    file,
                });
            }
            Err(errors) => state.errors = errors.iter().map(ToString::to_string).collect(),
        }
    }
    let Some(detail) = &state.open else {
        return command;
    };
    ui.separator();
    ui.label(RichText::new(text::CREDIT).strong());
    match detail.approval() {
        Some(a) => ui.label(
            RichText::new(
                text::APPROVED
                    .replace("{l}", &format_yuan(a.limit_yuan))
                    .replace("{b}", &a.approved_by)
                    .replace("{a}", &a.approved_at.format("%Y-%m-%d %H:%M").to_string()),
            )
            .color(OK_GREEN),
        ),
        None => ui.label(RichText::new(text::NOT_APPROVED).color(WARN_AMBER)),
    };
    ui.label(text::OPEN_TOTAL.replace("{t}", &format_yuan(detail.open_monthly_yuan)));
    if !detail.cod.is_empty() {
        ui.label(text::COD.replace("{l}", &detail.cod.line()));
    }
    if ui.button(text::MONTH_REPORT).clicked() {
        command = Some(CustomersCommand::MonthReport(detail.id));
    }
    if supervisor {
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(text::LIMIT);
            ui.add(egui::TextEdit::singleline(&mut state.limit).desired_width(120.0))
                .labelled_by(l.id);
            if ui.button(text::APPROVE).clicked() {
                match parse_limit(&state.limit) {
                    Ok(limit_yuan) => {
                        command = Some(CustomersCommand::ApproveCredit {
                            id: detail.id,
                            limit_yuan,
                        });
                    }
                    Err(e) => state.message = Some((false, e)),
                }
            }
            if detail.approval().is_some() && ui.button(text::WITHDRAW).clicked() {
                command = Some(CustomersCommand::WithdrawCredit(detail.id));
            }
        });
    }
    for a in &detail.approvals {
        let mut line = text::APPROVAL_LINE
            .replace("{l}", &format_yuan(a.limit_yuan))
            .replace("{b}", &a.approved_by)
            .replace("{a}", &a.approved_at.format("%Y-%m-%d %H:%M").to_string());
        if let (Some(by), Some(at)) = (&a.withdrawn_by, a.withdrawn_at) {
            line.push_str(
                &text::WITHDRAWN_LINE
                    .replace("{b}", by)
                    .replace("{a}", &at.format("%Y-%m-%d %H:%M").to_string()),
            );
        }
        ui.label(RichText::new(line).small());
    }
    debts_ui(ui, text::DEBTS, &detail.clerk_debts, false);
    if !detail.merges.is_empty() {
        ui.separator();
        ui.label(RichText::new(text::MERGES).strong());
        for m in &detail.merges {
            ui.label(
                RichText::new(
                    text::MERGE_LINE
                        .replace("{i}", &m.merged_id.to_string())
                        .replace("{n}", &m.merged_name)
                        .replace("{b}", &m.merged_by)
                        .replace("{a}", &m.merged_at.format("%Y-%m-%d %H:%M").to_string()),
                )
                .small(),
            );
        }
    }
    ui.separator();
    ui.label(RichText::new(text::HISTORY).strong());
    let t = &detail.totals;
    ui.label(
        text::TOTALS
            .replace("{n}", &t.count.to_string())
            .replace("{s}", &t.as_shipper.to_string())
            .replace("{c}", &(t.count - t.as_shipper.min(t.count)).to_string())
            .replace("{p}", &t.pieces.to_string())
            .replace("{t}", &format_yuan(t.total_yuan)),
    );
    if detail.waybills.len() >= crate::storage::customers::HISTORY_LIMIT {
        ui.label(
            RichText::new(
                text::MORE.replace("{n}", &crate::storage::customers::HISTORY_LIMIT.to_string()),
            )
            .small(),
        );
    }
    // Two lines a waybill, wrapping: the detail beside the list is narrow at 1024×768.
    for w in &detail.waybills {
        ui.add_space(2.0);
        ui.horizontal_wrapped(|ui| {
            if ui.link(RichText::new(&w.number).monospace()).clicked() {
                command = Some(CustomersCommand::OpenWaybill(w.number.clone()));
            }
            ui.label(w.issued_at.format("%Y-%m-%d %H:%M").to_string());
            ui.label(if w.as_shipper {
                text::AS_SHIPPER
            } else {
                text::AS_CONSIGNEE
            });
            ui.label(format!(
                "¥{} {}",
                format_yuan(w.total_yuan),
                w.payment.label()
            ));
            if w.voided {
                ui.label(RichText::new(text::VOID).color(ERROR_RED));
            } else {
                ui.label(&w.clerk_id);
            }
        });
        ui.label(
            RichText::new(format!(
                "{} · {} · {} 件",
                w.other_party, w.dest_name, w.pieces
            ))
            .small()
            .weak(),
        );
    }
    contacts_and_quotes_ui(ui, state);
    command
}

/// The file's contacts with the service desk, its phone quotes, the delivery
/// appointments and the 回访 about its goods, beside its waybills.
fn contacts_and_quotes_ui(ui: &mut Ui, state: &CustomersState) {
    ui.separator();
    ui.label(RichText::new(text::CONTACTS).strong());
    if state.contacts.is_empty() {
        ui.label(RichText::new(text::NO_CONTACTS).weak());
    }
    for item in &state.contacts {
        let status = if item.answered_at.is_some() {
            item.outcome.as_str()
        } else {
            text::OPEN_ITEM
        };
        let line = text::CONTACT_LINE
            .replace("{i}", &item.id.to_string())
            .replace(
                "{t}",
                &item.entry.received_at.format("%Y-%m-%d %H:%M").to_string(),
            )
            .replace("{c}", item.entry.category.label())
            .replace("{q}", &item.entry.question)
            .replace("{s}", status);
        ui.label(line);
    }
    ui.separator();
    ui.label(RichText::new(text::QUOTES).strong());
    if state.quotes.is_empty() {
        ui.label(RichText::new(text::NO_QUOTES).weak());
    }
    for q in &state.quotes {
        let r = &q.quote.request;
        let line = text::QUOTE_LINE
            .replace("{i}", &q.id.to_string())
            .replace("{t}", &q.at.format("%Y-%m-%d %H:%M").to_string())
            .replace("{d}", &r.dest_code)
            .replace("{g}", &r.goods_name)
            .replace("{a}", &format_yuan(q.quote.price.total_yuan))
            .replace(
                "{w}",
                &q.waybill_number
                    .as_ref()
                    .map(|n| format!("  已开单 {n}"))
                    .unwrap_or_default(),
            );
        ui.label(line);
    }
    ui.separator();
    ui.label(RichText::new(text::APPOINTMENTS).strong());
    if state.appointments.is_empty() {
        ui.label(RichText::new(text::NO_APPOINTMENTS).weak());
    }
    for a in &state.appointments {
        let closed = a
            .closed
            .as_ref()
            .map(|(_, _, why)| format!("：{why}"))
            .unwrap_or_default();
        ui.label(format!(
            "{} {} 约 {} {}  {}{closed}",
            a.made_at.format("%Y-%m-%d %H:%M"),
            a.waybill_number,
            a.appointment.when(),
            a.appointment.address,
            a.state.label()
        ));
    }
    ui.separator();
    ui.label(RichText::new(text::CALLS).strong());
    if state.return_calls.is_empty() {
        ui.label(RichText::new(text::NO_CALLS).weak());
    }
    for call in &state.return_calls {
        let a = &call.answer;
        let scores = a
            .scores
            .map(crate::domain::service::return_call::Scores::summary)
            .unwrap_or_default();
        let comment = if a.comment.is_empty() {
            String::new()
        } else {
            format!("「{}」", a.comment)
        };
        ui.label(format!(
            "{} {} {}  {scores}  {comment}",
            call.called_at.format("%Y-%m-%d %H:%M"),
            call.waybill_number,
            a.result.label()
        ));
    }
}

/// Rule 22's lines, with each clerk's total first when `by_clerk`.
fn debts_ui(ui: &mut Ui, title: &str, debts: &[ClerkDebt], by_clerk: bool) {
    ui.separator();
    ui.label(RichText::new(title).strong());
    if debts.is_empty() {
        ui.label(RichText::new(text::NO_DEBTS).weak());
        return;
    }
    if by_clerk {
        let mut clerks: Vec<(String, usize, Decimal)> = Vec::new();
        for d in debts {
            let label = format!("{} {}", d.clerk_id, d.clerk_name).trim().to_owned();
            match clerks.iter_mut().find(|(c, _, _)| *c == label) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += d.total_yuan;
                }
                None => clerks.push((label, 1, d.total_yuan)),
            }
        }
        clerks.sort_by(|a, b| a.0.cmp(&b.0));
        for (clerk, n, total) in clerks {
            ui.label(
                RichText::new(
                    text::DEBT_CLERK
                        .replace("{c}", &clerk)
                        .replace("{n}", &n.to_string())
                        .replace("{t}", &format_yuan(total)),
                )
                .color(ERROR_RED),
            );
        }
    }
    egui::Grid::new(("debts", title))
        .striped(true)
        .show(ui, |ui| {
            for d in debts {
                ui.label(RichText::new(&d.number).monospace().small());
                ui.label(RichText::new(d.issued_at.format("%m-%d %H:%M").to_string()).small());
                ui.label(RichText::new(&d.shipper_name).small());
                ui.label(RichText::new(format!("¥{}", format_yuan(d.total_yuan))).small());
                ui.label(RichText::new(format!("{} {}", d.clerk_id, d.clerk_name)).small());
                ui.label(
                    RichText::new(
                        d.allowed_by
                            .as_deref()
                            .map(|s| text::ALLOWED.replace("{s}", s))
                            .unwrap_or_default(),
                    )
                    .small(),
                );
                ui.end_row();
            }
        });
}
