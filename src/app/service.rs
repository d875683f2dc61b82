//! Carrying out the customer service commands (客服): recording phone quotes and turning
//! one into a waybill on the 开单 page, and the questions and complaints log — entering,
//! answering, listing, the answer hours, and a confirmed complaint as a P19 event; 回访
//! calls and their figures. A
//! failure is shown once, in the panel that asked.

use super::App;
use crate::domain::money::format_yuan;
use crate::ui::Page;
use crate::ui::desk::form_state::FormMode;
use crate::ui::desk::quote::fill_form_from_quote;
use crate::ui::service::ServiceCommand;
use chrono::NaiveDateTime;

/// Chinese text of the customer service commands.
mod text {
    pub const QUOTE_SAVED: &str = "已记录报价 #{id}：{p} 合计 ¥{t}";
    pub const QUOTE_FILLED: &str = "已按报价 #{id} 填好开单：请补全收货方等，运费按报价 ¥{f}";
    pub const QUOTE_USED: &str = "报价 #{id} 已开成运单 {n}";
    pub const QUOTE_LINK_FAILED: &str = "运单已开出，但未能记在报价 #{id} 上：{e}";
    pub const ALTERING: &str = "正在修改运单，请先保存或放弃修改再按报价开单";
    pub const ITEM_SAVED: &str = "已登记 #{id}（{c}）";
    pub const ANSWERED: &str = "#{id} 已答复";
    pub const CONFIRMED: &str = "#{id} 已确认投诉，记 {s} P19 一次";
    pub const HOURS_SAVED: &str = "答复时限已保存：{h} 小时";
    pub const CALL_SAVED: &str = "已记录运单 {n} 的回访：{r}";
    pub const STEP_SAVED: &str = "已保存{k}：{d}";
    pub const REPLIED: &str = "#{id} 已记录回复客户";
    pub const TRANSFERRED: &str = "#{id} 已转交";
    pub const STATS_SAVED: &str = "投诉统计已保存（{n} 件）：{p}";
    pub const FOLLOW_UP_OPENED: &str = "；有低分，已开跟进 #{id}（见咨询/投诉）";
}

/// How many days of calls the 回访 tab lists.
const RECENT_CALL_DAYS: i64 = 7;

/// How many recent quotes the panel lists.
const RECENT_QUOTES: usize = 30;

impl App {
    /// Runs one customer service command; its failure is shown in its panel.
    pub(super) fn handle_service(&mut self, command: ServiceCommand, now: NaiveDateTime) {
        let for_quotes = matches!(
            command,
            ServiceCommand::OpenQuotes
                | ServiceCommand::RecordQuote(_)
                | ServiceCommand::SearchQuotes(_)
                | ServiceCommand::QuoteToWaybill(_)
        );
        if let Err(e) = self.try_service(command, now) {
            let shown = Some((false, e.to_string()));
            if for_quotes {
                self.quote.message = shown;
            } else {
                self.service.message = shown;
            }
        }
    }

    fn try_service(&mut self, command: ServiceCommand, now: NaiveDateTime) -> anyhow::Result<()> {
        match command {
            ServiceCommand::OpenQuotes => {
                self.quote.show();
                self.quote.recent = self.db.recent_quotes(&self.quote.search, RECENT_QUOTES)?;
            }
            ServiceCommand::RecordQuote(quote) => {
                let id = self.db.record_quote(&quote, &self.user_id(), now)?;
                let place = crate::domain::desk::destinations::Divisions::bundled()
                    .by_code(&quote.request.dest_code)
                    .map_or_else(
                        || quote.request.dest_code.clone(),
                        crate::domain::desk::destinations::Division::label,
                    );
                self.quote.message = Some((
                    true,
                    text::QUOTE_SAVED
                        .replace("{id}", &id.to_string())
                        .replace("{p}", &place)
                        .replace("{t}", &format_yuan(quote.price.total_yuan)),
                ));
                self.quote.clear();
                self.quote.recent = self.db.recent_quotes(&self.quote.search, RECENT_QUOTES)?;
            }
            ServiceCommand::SearchQuotes(phone) => {
                self.quote.recent = self.db.recent_quotes(&phone, RECENT_QUOTES)?;
                self.quote.search = phone;
            }
            ServiceCommand::QuoteToWaybill(id) => {
                let stored = self.db.phone_quote(id)?;
                if let Some(number) = &stored.waybill_number {
                    anyhow::bail!(
                        text::QUOTE_USED
                            .replace("{id}", &id.to_string())
                            .replace("{n}", number)
                    );
                }
                if self.form.mode != FormMode::New {
                    anyhow::bail!(text::ALTERING);
                }
                fill_form_from_quote(&mut self.form, &stored);
                self.quote.open = false;
                self.navigate(Page::Issue)?;
                self.status = Some((
                    true,
                    text::QUOTE_FILLED
                        .replace("{id}", &id.to_string())
                        .replace("{f}", &format_yuan(stored.quote.price.freight_yuan)),
                ));
            }
            ServiceCommand::MakeAppointment { .. }
            | ServiceCommand::MoveAppointment { .. }
            | ServiceCommand::MissAppointment { .. }
            | ServiceCommand::AppointmentsDay(_)
            | ServiceCommand::RunSheet { .. } => self.try_appointment(command, now)?,
            ServiceCommand::ReplyItem { id, text: said } => {
                self.db
                    .reply_service_item(id, &said, &self.user_id(), now)?;
                self.service.tools.replies.remove(&id);
                self.reload_service()?;
                self.service.message = Some((true, text::REPLIED.replace("{id}", &id.to_string())));
            }
            ServiceCommand::TransferItem { id, to, reason } => {
                self.db
                    .transfer_service_item(id, &to, &reason, &self.user_id(), now)?;
                let tools = &mut self.service.tools;
                tools.targets.remove(&id);
                tools.reasons.remove(&id);
                tools.problem = None;
                self.reload_service()?;
                self.service.message =
                    Some((true, text::TRANSFERRED.replace("{id}", &id.to_string())));
            }
            ServiceCommand::ComplaintStats { month, xlsx } => {
                let stats = self.db.complaint_stats(month)?;
                let station = &self.view.settings.station_name;
                let (bytes, ext) = if xlsx {
                    (
                        crate::documents::service::complaint_stats_xlsx::complaint_stats_xlsx(
                            &stats, station,
                        )?,
                        "xlsx",
                    )
                } else {
                    (
                        crate::documents::service::complaint_stats_pdf::complaint_stats_pdf(
                            &self.view.settings.company_name,
                            station,
                            &stats,
                            now,
                        )?,
                        "pdf",
                    )
                };
                let name = format!("{}.{ext}", stats.file_stem());
                if let Some(path) =
                    crate::app::dialogs::save_bytes(name, ext.to_uppercase(), &[ext], &bytes)?
                {
                    self.service.message = Some((
                        true,
                        text::STATS_SAVED
                            .replace("{n}", &stats.count().to_string())
                            .replace("{p}", &path.display().to_string()),
                    ));
                }
            }
            ServiceCommand::ListCases(with_closed) => {
                self.service.cases.with_closed = with_closed;
                self.reload_service()?;
            }
            ServiceCommand::AddCaseStep { key, step } => {
                self.db.add_case_step(&key, &step, &self.user_id(), now)?;
                self.service.cases.draft = crate::domain::service::cases::StepDraft::default();
                self.reload_service()?;
                self.service.message = Some((
                    true,
                    text::STEP_SAVED
                        .replace("{k}", step.kind().label())
                        .replace("{d}", &step.describe()),
                ));
            }
            ServiceCommand::OpenTab(tab) => {
                self.service.tab = tab;
                self.service.message = None;
                self.reload_service()?;
            }
            ServiceCommand::RecordCall { number, answer } => {
                let (_, follow_up) =
                    self.db
                        .record_return_call(&number, &answer, &self.user_id(), now)?;
                let calls = &mut self.service.calls;
                calls.selected = None;
                calls.draft = crate::domain::service::return_call::CallDraft::default();
                calls.show_errors = false;
                self.reload_service()?;
                let mut message = text::CALL_SAVED
                    .replace("{n}", &number)
                    .replace("{r}", answer.result.label());
                if let Some(id) = follow_up {
                    message.push_str(&text::FOLLOW_UP_OPENED.replace("{id}", &id.to_string()));
                }
                self.service.message = Some((true, message));
            }
            ServiceCommand::List(filter) => {
                self.service.filter = filter;
                self.reload_service()?;
            }
            ServiceCommand::AddItem(entry) => {
                let id = self.db.add_service_item(&entry, &self.user_id(), now)?;
                let handler = std::mem::take(&mut self.service.draft.handler_id);
                self.service.draft = crate::domain::service::ServiceDraft {
                    handler_id: handler,
                    ..Default::default()
                };
                self.service.show_errors = false;
                self.reload_service()?;
                self.service.message = Some((
                    true,
                    text::ITEM_SAVED
                        .replace("{id}", &id.to_string())
                        .replace("{c}", entry.category.label()),
                ));
            }
            ServiceCommand::Answer { id, outcome } => {
                self.db
                    .answer_service_item(id, &outcome, &self.user_id(), now)?;
                self.service.outcomes.remove(&id);
                self.reload_service()?;
                self.service.message =
                    Some((true, text::ANSWERED.replace("{id}", &id.to_string())));
            }
            ServiceCommand::ConfirmComplaint { id, staff_id } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db.confirm_complaint(id, &staff_id, &by, now)?;
                self.reload_service()?;
                self.service.message = Some((
                    true,
                    text::CONFIRMED
                        .replace("{id}", &id.to_string())
                        .replace("{s}", &staff_id),
                ));
            }
            ServiceCommand::SaveSettings { settings, seen } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db
                    .save_service_settings(&settings, self.edit(seen, &by))?;
                self.service.settings_seen = None;
                self.reload_service()?;
                self.service.message = Some((
                    true,
                    text::HOURS_SAVED.replace("{h}", &settings.answer_within_hours.to_string()),
                ));
            }
        }
        Ok(())
    }

    /// Loads what the 咨询投诉 page shows.
    pub(super) fn reload_service(&mut self) -> anyhow::Result<()> {
        // Whoever takes the call handles it, unless the clerk chooses someone else.
        if self.service.draft.handler_id.is_empty() {
            self.service.draft.handler_id = self.user_id();
        }
        let seen = self
            .db
            .revision(crate::storage::revisions::Record::Setting(
                crate::storage::revisions::Setting::Service,
            ))?;
        let settings = self.db.service_settings()?;
        // Left as loaded, the hours follow the database; being edited, they are kept
        // with the revision they were loaded at.
        let loaded = self.service.settings.answer_within_hours.to_string();
        if self.service.settings_seen.is_none() || self.service.hours_text == loaded {
            self.service.hours_text = settings.answer_within_hours.to_string();
            self.service.settings_seen = Some(seen);
        }
        self.service.settings = settings;
        self.service.items = self.db.service_items(&self.service.filter)?;
        if self.service.tab == crate::ui::service::ServiceTab::Cases {
            self.service.cases.cases = self
                .db
                .cases((self.clock)(), self.service.cases.with_closed)?;
        }
        if self.service.tab == crate::ui::service::ServiceTab::Appointments {
            self.reload_appointments((self.clock)())?;
        }
        if self.service.tab == crate::ui::service::ServiceTab::ReturnCalls {
            let now = (self.clock)();
            let calls = &mut self.service.calls;
            calls.due = self.db.return_calls_due(now)?;
            calls.recent = self
                .db
                .recent_return_calls(now - chrono::Duration::days(RECENT_CALL_DAYS))?;
            calls.month = self
                .db
                .satisfaction(crate::domain::people::Month::of(now.date()))?;
        }
        Ok(())
    }

    /// After a waybill is issued: notes it on the phone quote it was made from, if any.
    /// The waybill is saved whatever happens here; a failure only shows.
    pub(super) fn link_issued_quote(&mut self, number: &str) {
        if let Some(id) = self.form.quote_id.take()
            && let Err(e) = self.db.link_quote(id, number)
        {
            self.quote.message = Some((
                false,
                text::QUOTE_LINK_FAILED
                    .replace("{id}", &id.to_string())
                    .replace("{e}", &e.to_string()),
            ));
        }
    }
}
