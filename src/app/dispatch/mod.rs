//! Carrying out the dispatch page's commands (发车/到货): each one calls the storage
//! operation that decides and records it in one transaction, then reloads what the tab
//! shows. A scan's refusal is not an error: it is the red cue and the warning sound, and
//! nothing was recorded.

mod files;

use crate::app::App;
use crate::documents::dispatch::exchange::{export_manifest, file_name};
use crate::domain::dispatch::DispatchSettings;
use crate::domain::dispatch::ScanRefusal;
use crate::domain::stations::Scope;
use crate::storage::dispatch::{LoadScan, ManifestFilter, ManifestState, StockQuery};
use crate::storage::revisions::{Record, Setting};
use crate::ui::dispatch::{
    DispatchCommand, DispatchTab, PhotoFor, RegisterView, ReleaseView, ScanCue,
};
use chrono::NaiveDateTime;

/// Chinese text of the dispatch commands.
mod text {
    pub const CREATED: &str = "已建立发车清单 {c}";
    pub const LOADED: &str = "已装车：{n} 第 {p} 件 → {d} {c}（本单 {l}/{t} 件）";
    pub const LOADED_ALL: &str = "已装车：{n} 整票 {a} 件 → {d} {c}";
    pub const LEFT: &str = "，单票未装完，余 {r} 件";
    pub const UNLOADED: &str = "已卸下 {n}";
    pub const NEED_UNLOAD_REASON: &str = "请写明卸下原因";
    pub const DEPARTED: &str = "清单 {c} 已发车并锁定：{w} 票 {p} 件";
    pub const EXPORTED: &str = "交接文件已保存：{p}";
    pub const IMPORTED: &str = "已导入交接文件：清单 {c}，{w} 票";
    pub const ALREADY: &str = "这份交接文件已导入过（清单 {c}），未作改动";
    pub const ARRIVED: &str = "已卸：{n} 第 {p} 件（本单已卸 {r}/{l} 件）";
    pub const EXTRA: &str = "多件！{n} 第 {p} 件不在本车清单上，已登记为多件";
    pub const DAMAGE_SAVED: &str = "已登记破损：{n}";
    pub const FINISHED: &str = "到货核对完成：{p} 票有异常";
    pub const NOTIFIED: &str = "已登记通知：{n}（{m}）";
    pub const AUTHORIZED: &str = "已登记放货授权：{n}";
    pub const RELEASED: &str = "已放货：{n} {p} 件，提货人 {c}";
    pub const DELIVERY_OUT: &str = "已派送出库：{n}";
    pub const RESULT_SAVED: &str = "已登记送货结果：{r}";
    pub const TRANSFERRED: &str = "已登记中转：{n}";
    pub const EXCEPTION_SAVED: &str = "已登记异常：{n}";
    pub const CLAIM_SAVED: &str = "已登记理赔：{n}";
    pub const REWEIGHED: &str = "已登记复秤：{n}";
    pub const STORAGE_WAIVED: &str = "已免收运单 {n} 的保管费（原因已记录）";
    pub const COD_EXCUSED: &str =
        "运单 {n} 已授权不收代收货款放货（原因已记录），该款不再由本站返还发货方";
    pub const CLAIM_DECIDED: &str = "理赔已决定：可赔 ¥{a}（{r}）";
    pub const CLAIM_PAID: &str = "理赔已赔付：{n}";
    pub const CLAIM_REJECTED: &str = "已拒赔：{n}";
    pub const RETURNED: &str = "已登记退货：{n}";
    pub const RECEIPT_BACK: &str = "已登记回单收回：{n}";
    pub const RECEIPT_SENT: &str = "已登记回单寄回：{n}";
    pub const UPLOADS: &str = "已记上，今天共上传 {n} 条";
    pub const PHOTO_FILTER: &str = "照片";
    pub const SETTINGS_SAVED: &str = "发车/到货设置已保存";
    pub const CLAIMS_SAVED: &str = "理赔倍数已保存";
    pub const UPLOADS_EXPORTED: &str = "已导出 {n} 票运单：{p}";
    pub const EXCHANGE_FILTER: &str = "发车交接文件";
    pub const MANIFEST_DOC: &str = "发车清单 {c}";
    pub const STOCK_DOC: &str = "库存清点表";
    pub const ARRIVAL_DOC: &str = "到货清单 {c}";
    pub const PICKUP_DOC: &str = "提货单 {n}";
    pub const NO_PICKUP: &str = "找不到这条提货记录";
}

impl App {
    /// Loads what a dispatch tab shows and shows it.
    pub(super) fn open_dispatch_tab(&mut self, tab: DispatchTab) -> anyhow::Result<()> {
        let now = (self.clock)();
        let d = &mut self.dispatch;
        match tab {
            DispatchTab::Stock => {
                let query = StockQuery {
                    dest_code: Some(d.stock_dest_code.clone()).filter(|c| !c.is_empty()),
                    ..StockQuery::default()
                };
                d.stock = self.db.stock(&query, now.date())?;
            }
            DispatchTab::Loading | DispatchTab::Tracking => {
                d.manifests = self.db.manifests(ManifestFilter::All)?;
                if tab == DispatchTab::Loading
                    && let Some(id) = d.open.as_ref().map(|m| m.summary.id)
                {
                    self.reload_manifest(id)?;
                }
                if tab == DispatchTab::Tracking
                    && let Some(id) = self.dispatch.tracked.as_ref().map(|m| m.id)
                {
                    self.dispatch.tracking = self.db.manifest_tracking(id)?;
                }
            }
            DispatchTab::Arrival => {
                self.reload_incoming()?;
                if let Some(id) = self.dispatch.arrival.as_ref().map(|a| a.manifest.id) {
                    self.dispatch.arrival = Some(self.db.arrival_report(id)?);
                }
            }
            DispatchTab::Notify => {
                d.to_notify = self.db.to_notify(now)?;
                d.awaiting = self.db.awaiting_collection(now)?;
                // Those not told yet are on the list above.
                d.awaiting
                    .retain(|l| l.stage == crate::domain::dispatch::Stage::Notified);
            }
            DispatchTab::Release => {
                if let Some(number) = d.release.as_ref().map(|r| r.waybill.number.clone()) {
                    self.load_release(&number)?;
                }
            }
            DispatchTab::Delivery => {
                let mut tasks = self.db.delivery_tasks(false)?;
                // Tasks still out first, newest first within each group.
                tasks.sort_by_key(|t| (t.result.is_some(), std::cmp::Reverse(t.created_at)));
                d.tasks = tasks;
            }
            DispatchTab::Registers => {
                d.payables = self.db.receipts_payable()?;
                if let Some(number) = d.register.as_ref().map(|r| r.waybill.number.clone()) {
                    self.load_register(&number)?;
                }
            }
            DispatchTab::Uploads => {
                let settings_seen = self.db.revision(Record::Setting(Setting::Dispatch))?;
                let settings = self.db.dispatch_settings()?;
                let claim_seen = self.db.revision(Record::Setting(Setting::Claims))?;
                let multiple = self
                    .db
                    .claim_settings()?
                    .freight_multiple
                    .normalize()
                    .to_string();
                d.uploads_required = settings.daily_uploads;
                // A form left as loaded follows the database (another counter's save
                // included); one being edited keeps the edit, and the revision it was
                // loaded at, so that its save is refused if the settings moved meanwhile.
                if d.settings_seen.is_none() || d.settings_form == settings_form(&d.settings) {
                    d.settings_form = settings_form(&settings);
                    d.settings_seen = Some(settings_seen);
                }
                d.settings = settings;
                if d.claim_seen.is_none() || d.claim_multiple == d.claim_loaded {
                    d.claim_multiple.clone_from(&multiple);
                    d.claim_seen = Some(claim_seen);
                }
                d.claim_loaded = multiple;
                d.uploads = self.db.regulator_uploads(now.date())?;
            }
        }
        self.dispatch.tab = tab;
        Ok(())
    }

    fn reload_manifest(&mut self, id: i64) -> anyhow::Result<()> {
        let manifest = self.db.manifest(id)?;
        self.dispatch.route_stock = if manifest.summary.state() == ManifestState::Loading {
            let since = (self.clock)().date() - chrono::Days::new(90);
            let mut lines = Vec::new();
            for code in &manifest.summary.route_codes {
                lines.extend(self.db.stock(
                    &StockQuery {
                        dest_code: Some(code.clone()),
                        issued_since: Some(since),
                        controlled_only: false,
                    },
                    (self.clock)().date(),
                )?);
            }
            lines.retain(|l| l.pieces_left > 0);
            lines
        } else {
            Vec::new()
        };
        self.dispatch.open = Some(manifest);
        Ok(())
    }

    /// The trucks for this station: received by exchange file, or sent off by any station
    /// of this database with a route reaching one of the station's counties (seen the
    /// moment it departs); in transit first, then the checked ones (kept for a reprint of
    /// their report).
    fn reload_incoming(&mut self) -> anyhow::Result<()> {
        // The station's counties; the company's supervisor sees every station's trucks.
        let here: Vec<String> = match self.db.scope() {
            Scope::Station(_) => self.db.dispatch_settings()?.station_codes,
            Scope::Company => self
                .db
                .stations()?
                .into_iter()
                .flat_map(|s| s.counties)
                .collect(),
        };
        let mut incoming: Vec<_> = self
            .db
            .manifests(ManifestFilter::Departed)?
            .into_iter()
            .filter(|m| m.imported || m.route_codes.iter().any(|c| here.contains(c)))
            .collect();
        incoming.sort_by_key(|m| m.state() == ManifestState::Arrived);
        self.dispatch.incoming = incoming;
        Ok(())
    }

    /// The waybill a clerk typed or scanned: its number, or the code of one of its labels
    /// (the number followed by a 4-digit piece).
    fn typed_waybill(
        &self,
        typed: &str,
    ) -> anyhow::Result<crate::storage::dispatch::StationWaybill> {
        match self.db.station_waybill(typed) {
            Ok(w) => Ok(w),
            Err(crate::storage::StorageError::NotFound(message)) => {
                // A label's code: the number before its piece. Not one either: the clerk
                // is told of what they typed, not of the letters a label would have had.
                match crate::domain::dispatch::ScanCode::parse(typed)
                    .map(|code| self.db.station_waybill(&code.number))
                {
                    Some(Ok(w)) => Ok(w),
                    Some(Err(crate::storage::StorageError::NotFound(_))) | None => {
                        anyhow::bail!(message)
                    }
                    Some(Err(e)) => Err(e.into()),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    fn load_release(&mut self, number: &str) -> anyhow::Result<()> {
        let waybill = self.typed_waybill(number)?;
        let number = waybill.number.clone();
        let today = (self.clock)().date();
        let storage_working = self
            .db
            .storage_fee(&number, today)?
            .filter(|(fee, _)| fee.amount_yuan > rust_decimal::Decimal::ZERO)
            .map(|(fee, terms)| fee.working(&terms));
        let view = ReleaseView {
            storage_working,
            facts: self.db.release_facts(&number, today)?,
            pickups: self.db.pickups(&number)?,
            notifications: self.db.notifications(&number)?,
            timeline: self.db.waybill_timeline(&number)?,
            missing: self.db.missing_at_arrival(&number)?,
            cod_override: self.db.cod_override(&number)?,
            waybill,
        };
        let changed = self
            .dispatch
            .release
            .as_ref()
            .is_none_or(|r| r.waybill.number != number);
        let owed = view.facts.dues.outstanding_yuan();
        let owed_before = self
            .dispatch
            .release
            .as_ref()
            .map(|r| r.facts.dues.outstanding_yuan());
        let owed_text = if owed.is_zero() {
            String::new()
        } else {
            crate::domain::money::format_yuan(owed)
        };
        if changed || self.dispatch.pickup.pieces.is_empty() {
            // The usual case filled in: every piece left, everything owed.
            // Pieces missing at the arrival check are not here to hand over.
            let here = view
                .facts
                .pieces_left()
                .saturating_sub(u32::try_from(view.missing.len()).unwrap_or(u32::MAX));
            self.dispatch.pickup = crate::ui::dispatch::PickupForm {
                pieces: here.max(1).to_string(),
                amount: owed_text,
                ..crate::ui::dispatch::PickupForm::default()
            };
        } else if owed_before != Some(owed) {
            // What is owed changed (a fee waived, the 代收货款 excused): so does the amount.
            self.dispatch.pickup.amount = owed_text;
        }
        if changed {
            self.dispatch.authorization = crate::ui::dispatch::AuthorizationForm::default();
            self.dispatch.delivery = crate::ui::dispatch::DeliveryForm::default();
            self.dispatch.delivering = false;
        }
        self.dispatch.release_number.clone_from(&number);
        self.dispatch.release = Some(view);
        Ok(())
    }

    fn load_register(&mut self, number: &str) -> anyhow::Result<()> {
        let waybill = self.typed_waybill(number)?;
        let number = waybill.number.clone();
        self.dispatch.register = Some(RegisterView {
            transfers: self.db.transfers(&number)?,
            exceptions: self.db.exceptions(&number)?,
            receipt: self.db.receipt(&number)?,
            timeline: self.db.waybill_timeline(&number)?,
            waybill,
        });
        self.dispatch.claims = self.db.claims(&number)?;
        self.dispatch.reweighs = self.db.reweighs(&number)?;
        self.dispatch.claim_basis = self.db.claim_basis(&number)?;
        self.dispatch.claim_settings = self.db.claim_settings()?;
        self.dispatch.register_number = number;
        Ok(())
    }

    fn scan_cue(&mut self, ok: bool, text: String) {
        self.cue.play(ok);
        self.dispatch.cue = Some(ScanCue { ok, text });
        self.dispatch.focus_scan = true;
    }

    fn load_cue(&mut self, scan: Result<LoadScan, ScanRefusal>, whole: bool) {
        match scan {
            Ok(s) => {
                let mut line = if whole {
                    text::LOADED_ALL.replace("{a}", &s.pieces_added.to_string())
                } else {
                    text::LOADED
                        .replace("{p}", &s.piece.to_string())
                        .replace("{l}", &s.pieces_loaded.to_string())
                        .replace("{t}", &s.pieces.to_string())
                }
                .replace("{n}", &s.number)
                .replace("{d}", &s.dest_name)
                .replace("{c}", &s.consignee_name);
                if s.pieces_left > 0 {
                    line.push_str(&text::LEFT.replace("{r}", &s.pieces_left.to_string()));
                }
                self.scan_cue(true, line);
            }
            Err(refusal) => self.scan_cue(false, format!("拒绝！{refusal}")),
        }
    }

    /// Carries out one command of the dispatch page.
    pub(super) fn handle_dispatch(
        &mut self,
        command: DispatchCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let user = self.user_id();
        match command {
            DispatchCommand::Open(tab) => {
                let other = tab != self.dispatch.tab;
                self.open_dispatch_tab(tab)?;
                self.dispatch.focus_number |= other && tab.scans_a_number();
            }
            DispatchCommand::Stock(query) => {
                self.dispatch.stock = self.db.stock(&query, now.date())?;
            }
            DispatchCommand::PrintStock(query) => {
                let lines = self.db.stock(&query, now.date())?;
                self.print_stock(&query, &lines, now)?;
            }
            DispatchCommand::CreateManifest(draft) => {
                let header = draft
                    .validate(crate::domain::desk::destinations::Divisions::bundled())
                    .map_err(|errors| {
                        let message = errors
                            .iter()
                            .map(|e| e.message.clone())
                            .collect::<Vec<_>>()
                            .join("；");
                        self.dispatch.draft_errors = errors;
                        anyhow::anyhow!(message)
                    })?;
                let summary = self.db.create_manifest(&header, &user, now)?;
                self.dispatch.message = Some((true, text::CREATED.replace("{c}", &summary.code)));
                self.dispatch.creating = false;
                self.dispatch.draft = crate::domain::dispatch::ManifestDraft::default();
                self.dispatch.draft_errors.clear();
                self.dispatch.cue = None;
                self.dispatch.manifests = self.db.manifests(ManifestFilter::All)?;
                self.reload_manifest(summary.id)?;
                self.dispatch.focus_scan = true;
            }
            DispatchCommand::OpenManifest(id) => {
                self.dispatch.cue = None;
                self.dispatch.confirming_depart = false;
                self.dispatch.unload = None;
                self.dispatch.creating = false;
                self.reload_manifest(id)?;
                self.dispatch.focus_scan = true;
            }
            DispatchCommand::ScanLoad { manifest_id, code } => {
                let scan = self.db.scan_load(manifest_id, &code, &user, now)?;
                self.load_cue(scan, false);
                self.reload_manifest(manifest_id)?;
            }
            DispatchCommand::LoadWaybill {
                manifest_id,
                number,
            } => {
                let scan = self.db.load_waybill(manifest_id, &number, &user, now)?;
                self.load_cue(scan, true);
                self.reload_manifest(manifest_id)?;
            }
            DispatchCommand::UnloadWaybill {
                manifest_id,
                number,
                reason,
            } => {
                if reason.is_empty() {
                    anyhow::bail!(text::NEED_UNLOAD_REASON);
                }
                self.db
                    .unload_waybill(manifest_id, &number, &user, &reason, now)?;
                self.dispatch.unload = None;
                self.dispatch.message = Some((true, text::UNLOADED.replace("{n}", &number)));
                self.reload_manifest(manifest_id)?;
            }
            DispatchCommand::Depart(id) => {
                let manifest = self.db.depart_manifest(id, &user, now)?;
                self.dispatch.confirming_depart = false;
                self.dispatch.cue = None;
                self.dispatch.message = Some((
                    true,
                    text::DEPARTED
                        .replace("{c}", &manifest.summary.code)
                        .replace("{w}", &manifest.totals.waybills.to_string())
                        .replace("{p}", &manifest.totals.pieces_loaded.to_string()),
                ));
                self.dispatch.manifests = self.db.manifests(ManifestFilter::All)?;
                self.reload_manifest(id)?;
            }
            DispatchCommand::PrintManifest(id) => self.print_manifest(id)?,
            DispatchCommand::ExportManifest(id) => {
                let exchange = self.db.manifest_exchange(id)?;
                let bytes = export_manifest(&exchange)?;
                let Some(path) = crate::app::dialogs::save_bytes(
                    file_name(&exchange),
                    text::EXCHANGE_FILTER,
                    &["json"],
                    &bytes,
                )?
                else {
                    return Ok(());
                };
                self.dispatch.message = Some((
                    true,
                    text::EXPORTED.replace("{p}", &path.display().to_string()),
                ));
            }
            DispatchCommand::Track(id) => {
                self.dispatch.tracking = self.db.manifest_tracking(id)?;
                self.dispatch.tracked = Some(self.db.manifest(id)?.summary);
                self.dispatch.manifests = self.db.manifests(ManifestFilter::All)?;
                self.dispatch.tab = DispatchTab::Tracking;
            }
            DispatchCommand::ImportManifest => {
                let Some(path) = crate::app::dialogs::pick(text::EXCHANGE_FILTER, &["json"]) else {
                    return Ok(());
                };
                self.import_manifest_file(&path)?;
            }
            DispatchCommand::OpenArrival(id) => {
                self.dispatch.cue = None;
                self.dispatch.damage = crate::ui::dispatch::DamageForm::default();
                self.dispatch.arrival = Some(self.db.arrival_report(id)?);
                self.dispatch.focus_scan = true;
            }
            DispatchCommand::ScanArrival { manifest_id, code } => {
                match self.db.scan_arrival(manifest_id, &code, &user, now)? {
                    Ok(scan) if scan.expected => self.scan_cue(
                        true,
                        text::ARRIVED
                            .replace("{n}", &scan.number)
                            .replace("{p}", &scan.piece.to_string())
                            .replace("{r}", &scan.received.to_string())
                            .replace("{l}", &scan.loaded.to_string()),
                    ),
                    Ok(scan) => self.scan_cue(
                        false,
                        text::EXTRA
                            .replace("{n}", &scan.number)
                            .replace("{p}", &scan.piece.to_string()),
                    ),
                    Err(refusal) => self.scan_cue(false, format!("拒绝！{refusal}")),
                }
                self.dispatch.arrival = Some(self.db.arrival_report(manifest_id)?);
            }
            DispatchCommand::RecordDamage {
                manifest_id,
                number,
                pieces,
                note,
                photo_path,
            } => {
                self.db.record_damage(
                    manifest_id,
                    &number,
                    &pieces,
                    &note,
                    &photo_path,
                    &user,
                    now,
                )?;
                self.dispatch.damage = crate::ui::dispatch::DamageForm::default();
                self.dispatch.message = Some((true, text::DAMAGE_SAVED.replace("{n}", &number)));
                self.dispatch.arrival = Some(self.db.arrival_report(manifest_id)?);
            }
            DispatchCommand::FinishArrival(id) => {
                let report = self.db.finish_arrival(id, &user, now)?;
                self.dispatch.cue = None;
                self.dispatch.message = Some((
                    true,
                    text::FINISHED.replace("{p}", &report.problem_lines().count().to_string()),
                ));
                self.dispatch.arrival = Some(report);
                self.reload_incoming()?;
            }
            DispatchCommand::PrintArrival(id) => self.print_arrival(id)?,
            DispatchCommand::PickPhoto(target) => {
                let Some(path) = crate::app::dialogs::pick(
                    text::PHOTO_FILTER,
                    &["jpg", "jpeg", "png", "heic", "webp"],
                ) else {
                    return Ok(());
                };
                let path = path.display().to_string();
                match target {
                    PhotoFor::Damage => self.dispatch.damage.photo_path = path,
                    PhotoFor::Authorization => self.dispatch.authorization.photo_path = path,
                }
            }
            DispatchCommand::Notify {
                number,
                method,
                note,
            } => {
                self.db
                    .record_notification(&number, method, &note, &user, now)?;
                self.dispatch.message = Some((
                    true,
                    text::NOTIFIED
                        .replace("{n}", &number)
                        .replace("{m}", method.label()),
                ));
                self.open_dispatch_tab(DispatchTab::Notify)?;
            }
            DispatchCommand::OpenRelease(number) => {
                // Back in the field, selected, found or not: the next scan replaces it.
                self.dispatch.focus_number = true;
                self.load_release(&number)?;
                self.dispatch.tab = DispatchTab::Release;
            }
            DispatchCommand::Authorize {
                number,
                authorization,
            } => {
                self.db
                    .record_authorization(&number, &authorization, &user, now)?;
                self.dispatch.message = Some((true, text::AUTHORIZED.replace("{n}", &number)));
                self.load_release(&number)?;
            }
            DispatchCommand::Pickup { number, pickup } => {
                self.db.record_pickup(&number, &pickup, &user, now)?;
                self.dispatch.message = Some((
                    true,
                    text::RELEASED
                        .replace("{n}", &number)
                        .replace("{p}", &pickup.pieces.to_string())
                        .replace("{c}", &pickup.collector_name),
                ));
                self.dispatch.pickup = crate::ui::dispatch::PickupForm::default();
                self.load_release(&number)?;
                // The next customer's label next.
                self.dispatch.focus_number = true;
                // The slip goes with the goods: printed at once, reprinted from the list.
                if let Some(id) = self
                    .dispatch
                    .release
                    .as_ref()
                    .and_then(|r| r.pickups.last())
                    .map(|p| p.id)
                {
                    self.print_pickup(&number, id)?;
                }
            }
            DispatchCommand::PrintPickup { number, pickup_id } => {
                self.print_pickup(&number, pickup_id)?;
            }
            DispatchCommand::CreateDelivery { number, task } => {
                self.db.create_delivery(&number, &task, &user, now)?;
                self.dispatch.message = Some((true, text::DELIVERY_OUT.replace("{n}", &number)));
                self.dispatch.delivery = crate::ui::dispatch::DeliveryForm::default();
                self.dispatch.delivering = false;
                self.load_release(&number)?;
            }
            DispatchCommand::DeliveryResult {
                task_id,
                result,
                payment,
                note,
            } => {
                self.db.record_delivery_result(
                    task_id,
                    result,
                    payment.as_ref(),
                    &note,
                    &user,
                    now,
                )?;
                self.dispatch.task_result = None;
                self.dispatch.message =
                    Some((true, text::RESULT_SAVED.replace("{r}", result.label())));
                self.open_dispatch_tab(DispatchTab::Delivery)?;
            }
            DispatchCommand::OpenRegister(number) => {
                self.dispatch.focus_number = true;
                self.load_register(&number)?;
                self.dispatch.register_error = None;
                self.dispatch.payables = self.db.receipts_payable()?;
            }
            DispatchCommand::Transfer { number, transfer } => {
                self.db.record_transfer(&number, &transfer, &user, now)?;
                self.dispatch.transfer = crate::domain::dispatch::TransferDraft::default();
                self.dispatch.message = Some((true, text::TRANSFERRED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::Exception { number, exception } => {
                self.db.record_exception(&number, &exception, &user, now)?;
                self.dispatch.exception = crate::domain::dispatch::ExceptionDraft::default();
                self.dispatch.message = Some((true, text::EXCEPTION_SAVED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::WaiveStorageFee { number, reason } => {
                self.require_supervisor()?;
                self.db.waive_storage_fee(&number, &reason, &user, now)?;
                self.dispatch.storage_waive_reason.clear();
                self.dispatch.message = Some((true, text::STORAGE_WAIVED.replace("{n}", &number)));
                self.load_release(&number)?;
            }
            DispatchCommand::ReleaseWithoutCod { number, reason } => {
                self.require_supervisor()?;
                self.db.release_without_cod(&number, &reason, &user, now)?;
                self.dispatch.cod_override_reason.clear();
                self.dispatch.message = Some((true, text::COD_EXCUSED.replace("{n}", &number)));
                self.load_release(&number)?;
            }
            DispatchCommand::Reweigh { number, reweigh } => {
                self.db.record_reweigh(&number, &reweigh, &user, now)?;
                self.dispatch.reweigh = crate::domain::desk::reweigh::ReweighDraft::default();
                self.dispatch.message = Some((true, text::REWEIGHED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::RegisterClaim { number, claim } => {
                self.db.register_claim(&number, &claim, &user, now)?;
                self.dispatch.claim = crate::domain::service::claims::ClaimDraft::default();
                self.dispatch.message = Some((true, text::CLAIM_SAVED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::DecideClaim { number, id } => {
                self.require_supervisor()?;
                let decided = self.db.decide_claim(id, &user, now)?;
                self.dispatch.message = Some((
                    true,
                    text::CLAIM_DECIDED
                        .replace(
                            "{a}",
                            &crate::domain::money::format_yuan(decided.amount_yuan),
                        )
                        .replace("{r}", &decided.rule),
                ));
                self.load_register(&number)?;
            }
            DispatchCommand::PayClaim {
                number,
                id,
                channel,
            } => {
                self.db.pay_claim(id, channel, &user, now)?;
                self.dispatch.message = Some((true, text::CLAIM_PAID.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::RejectClaim { number, id, reason } => {
                self.require_supervisor()?;
                self.db.reject_claim(id, &reason, &user, now)?;
                self.dispatch.claim_reason.clear();
                self.dispatch.message = Some((true, text::CLAIM_REJECTED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::Return { number, reason } => {
                self.db.record_return(&number, &reason, &user, now)?;
                self.dispatch.register_note.clear();
                self.dispatch.message = Some((true, text::RETURNED.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::ReceiptReturned { number, note } => {
                self.db
                    .record_receipt_returned(&number, &note, &user, now)?;
                self.dispatch.register_note.clear();
                self.dispatch.message = Some((true, text::RECEIPT_BACK.replace("{n}", &number)));
                self.load_register(&number)?;
                self.dispatch.payables = self.db.receipts_payable()?;
            }
            DispatchCommand::ReceiptSentBack { number, note } => {
                self.db
                    .record_receipt_sent_back(&number, &note, &user, now)?;
                self.dispatch.register_note.clear();
                self.dispatch.message = Some((true, text::RECEIPT_SENT.replace("{n}", &number)));
                self.load_register(&number)?;
            }
            DispatchCommand::AddUploads(count) => {
                let total = self
                    .db
                    .add_regulator_uploads(&user, now.date(), count, now)?;
                self.dispatch.upload_add.clear();
                self.dispatch.message =
                    Some((true, text::UPLOADS.replace("{n}", &total.to_string())));
                self.open_dispatch_tab(DispatchTab::Uploads)?;
            }
            DispatchCommand::ExportUploads => self.export_uploads(now)?,
            DispatchCommand::SaveClaimSettings { settings, seen } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db
                    .save_claim_settings(&settings, self.edit(seen, &by))?;
                // Saved: the box shows the terms in force again.
                self.dispatch.claim_seen = None;
                self.dispatch.message = Some((true, text::CLAIMS_SAVED.to_owned()));
                self.open_dispatch_tab(DispatchTab::Uploads)?;
            }
            DispatchCommand::SaveSettings { settings, seen } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db
                    .save_dispatch_settings(&settings, self.edit(seen, &by))?;
                self.dispatch.settings_seen = None;
                self.dispatch.message = Some((true, text::SETTINGS_SAVED.to_owned()));
                self.open_dispatch_tab(DispatchTab::Uploads)?;
            }
        }
        Ok(())
    }

    fn staff_label(&self, id: &str) -> String {
        self.view
            .staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), crate::storage::staff::StaffMember::label)
    }
}

/// The dispatch settings as their form shows them.
fn settings_form(settings: &DispatchSettings) -> [String; 6] {
    [
        settings.notify_within_hours.to_string(),
        settings.daily_uploads.to_string(),
        settings.manifest_prefix.clone(),
        settings.station_codes.join(" "),
        settings.storage.free_days.to_string(),
        settings.storage.yuan_per_piece_day.normalize().to_string(),
    ]
}
