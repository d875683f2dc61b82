//! **The dispatch area** of the window: one page whose tabs follow the goods.
//!
//! The 发车/到货 page (DOMAIN.md §3–4): what a station does with goods after the waybill,
//! as tabs in the order goods move — stock (库存), loading a truck by scanning its labels
//! (装车), the per-truck tracking detail (单车跟单), the arrival check of a received truck
//! (到货), telling consignees (通知), releasing goods (提货), delivery tasks (送货), the
//! transfer, receipt and exception registers (登记) and the daily 云递安 count.
//!
//! The panels only draw and edit their own state; everything that reads or writes the
//! database is a [`DispatchCommand`] the app runs after the frame, and it loads what the
//! tabs show into [`DispatchState`]. Forms are checked by the domain's drafts here, so
//! only validated records reach a command.

mod arrival;
mod command;
mod loading;
mod registers;
mod release;
mod reweigh;
pub mod signature;

pub use command::{DispatchCommand, PhotoFor};

use super::Command;
use super::widgets::{ERROR_RED, OK_GREEN};
use crate::domain::desk::idcard::IdType;
use crate::domain::desk::waybill::DeliveryMode;
use crate::domain::dispatch::pickup::{
    AuthorizationMethod, DeliveryResult, PayChannel, PickupError, ReleaseFacts, Signature,
};
use crate::domain::dispatch::{
    DispatchSettings, ExceptionDraft, ExceptionRecord, ManifestDraft, ManifestError, TransferDraft,
    TransferRecord,
};
use crate::domain::service::claims::{ClaimBasis, ClaimDraft, ClaimRecord, ClaimSettings};
use crate::storage::dispatch::{
    ArrivalReport, DeliveryTaskRecord, Manifest, ManifestSummary, NotificationRecord, NotifyLine,
    PickupRecord, ReceiptPayable, ReceiptRecord, StationWaybill, StockLine, TimelineEntry,
    TrackingLine, UploadCount,
};
use crate::ui::DeskView;
use crate::ui::widgets::DestPickerState;
use chrono::NaiveDateTime;
use egui::{Color32, RichText, Ui};

/// Chinese text shared by the tabs.
mod text {
    pub const REFRESH: &str = "刷新";
    pub const CHOOSE: &str = "选择…";
}

/// The tabs of the page, in the order goods move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DispatchTab {
    /// 库存: what is still in the warehouse.
    #[default]
    Stock,
    /// 装车: manifests being loaded, scanning.
    Loading,
    /// 单车跟单: departed trucks and where their waybills are.
    Tracking,
    /// 到货: received trucks, the arrival check.
    Arrival,
    /// 通知: consignees to tell.
    Notify,
    /// 提货: release at the counter.
    Release,
    /// 送货: delivery tasks.
    Delivery,
    /// 登记: transfer, receipt, exception, return.
    Registers,
    /// 云递安: the daily upload count.
    Uploads,
}

impl DispatchTab {
    /// Every tab, in the order of the tab row.
    pub const ALL: [Self; 9] = [
        Self::Stock,
        Self::Loading,
        Self::Tracking,
        Self::Arrival,
        Self::Notify,
        Self::Release,
        Self::Delivery,
        Self::Registers,
        Self::Uploads,
    ];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Stock => "库存",
            Self::Loading => "装车",
            Self::Tracking => "单车跟单",
            Self::Arrival => "到货核对",
            Self::Notify => "通知提货",
            Self::Release => "提货放货",
            Self::Delivery => "送货",
            Self::Registers => "中转/回单/异常",
            Self::Uploads => "云递安",
        }
    }

    /// The tab opens on a 运单号 field a label is scanned into (提货放货, 中转/回单/异常).
    #[must_use]
    pub fn scans_a_number(self) -> bool {
        matches!(self, Self::Release | Self::Registers)
    }
}

/// The cue after a scan: green and a short tone for accepted, red and a buzz for refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanCue {
    /// Accepted.
    pub ok: bool,
    /// What to show, big.
    pub text: String,
}

/// The release tab's waybill with what decides its release.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseView {
    /// The waybill.
    pub waybill: StationWaybill,
    /// The 保管费 run up, worked out (到站 n 天…), when there is one to pay.
    pub storage_working: Option<String>,
    /// Life, pieces left, authorization and dues.
    pub facts: ReleaseFacts,
    /// Pickups so far.
    pub pickups: Vec<PickupRecord>,
    /// Notifications so far.
    pub notifications: Vec<NotificationRecord>,
    /// Its timeline.
    pub timeline: Vec<TimelineEntry>,
    /// Pieces found missing at its arrival check (not at the counter).
    pub missing: Vec<u32>,
    /// A supervisor's leave to release it without its 代收货款, if given.
    pub cod_override: Option<crate::storage::money::cod::CodOverride>,
}

/// The registers tab's waybill and its register rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterView {
    /// The waybill.
    pub waybill: StationWaybill,
    /// Transfers.
    pub transfers: Vec<TransferRecord>,
    /// Exceptions.
    pub exceptions: Vec<ExceptionRecord>,
    /// The receipt, when it came back.
    pub receipt: Option<ReceiptRecord>,
    /// Its timeline.
    pub timeline: Vec<TimelineEntry>,
}

/// The pickup form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PickupForm {
    /// 提货人.
    pub collector: String,
    /// 证件类型.
    pub id_type: IdType,
    /// 证件号码.
    pub id_number: String,
    /// Pieces, as typed.
    pub pieces: String,
    /// Amount collected, as typed.
    pub amount: String,
    /// How it was paid.
    pub channel: Option<PayChannel>,
    /// Remarks.
    pub note: String,
    /// The signature pad.
    pub signature: Signature,
    /// Errors of the last try.
    pub errors: Vec<PickupError>,
}

impl Default for PickupForm {
    fn default() -> Self {
        Self {
            collector: String::new(),
            id_type: IdType::MainlandId,
            id_number: String::new(),
            pieces: String::new(),
            amount: String::new(),
            channel: None,
            note: String::new(),
            signature: Signature::default(),
            errors: Vec::new(),
        }
    }
}

/// The authorization form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationForm {
    /// How.
    pub method: AuthorizationMethod,
    /// Photo of the red copy.
    pub photo_path: String,
    /// Who authorized.
    pub contact: String,
    /// Remarks.
    pub note: String,
    /// Error of the last try.
    pub error: Option<String>,
}

impl Default for AuthorizationForm {
    fn default() -> Self {
        Self {
            method: AuthorizationMethod::RedCopyPhoto,
            photo_path: String::new(),
            contact: String::new(),
            note: String::new(),
            error: None,
        }
    }
}

/// The delivery form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryForm {
    /// Address.
    pub address: String,
    /// Mode.
    pub mode: DeliveryMode,
    /// Driver.
    pub driver: String,
    /// Added fee.
    pub added_fee: String,
    /// Amount collected before leaving.
    pub amount: String,
    /// How it was paid.
    pub channel: Option<PayChannel>,
    /// Remarks.
    pub note: String,
    /// Error of the last try.
    pub error: Option<String>,
}

impl Default for DeliveryForm {
    fn default() -> Self {
        Self {
            address: String::new(),
            mode: DeliveryMode::Distribution,
            driver: String::new(),
            added_fee: String::new(),
            amount: String::new(),
            channel: None,
            note: String::new(),
            error: None,
        }
    }
}

/// The damage form of the arrival check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DamageForm {
    /// 单号.
    pub number: String,
    /// Pieces as typed: `3` or `3,5-6`; empty for the waybill as a whole.
    pub pieces: String,
    /// What is wrong.
    pub note: String,
    /// Photo file.
    pub photo_path: String,
    /// Error of the last try.
    pub error: Option<String>,
}

/// Everything the page keeps between frames; the app loads the lists.
#[derive(Debug, Clone, Default)]
pub struct DispatchState {
    /// The tab shown.
    pub tab: DispatchTab,
    /// The last action's message.
    pub message: Option<(bool, String)>,
    /// The cue of the last scan.
    pub cue: Option<ScanCue>,
    /// Put the focus into the scan field next frame.
    pub focus_scan: bool,
    /// Put the focus into the 运单号 field of 提货放货 or 中转/回单/异常 next frame: the
    /// tab was opened, or a release done, and the next label is scanned at once.
    pub focus_number: bool,

    /// Stock filter: destination picker.
    pub stock_dest: DestPickerState,
    /// Stock filter: destination code.
    pub stock_dest_code: String,
    /// Stock filter: only controlled release.
    pub stock_controlled_only: bool,
    /// Stock filter: issued within this many days, as typed.
    pub stock_days: String,
    /// The stock listed.
    pub stock: Vec<StockLine>,

    /// Manifests, newest first.
    pub manifests: Vec<ManifestSummary>,
    /// The new manifest header.
    pub draft: ManifestDraft,
    /// Route picker of the header form.
    pub route_picker: DestPickerState,
    /// Code chosen in the route picker.
    pub route_code: String,
    /// Errors of the header form.
    pub draft_errors: Vec<ManifestError>,
    /// The header form is open.
    pub creating: bool,
    /// The manifest open on the loading tab.
    pub open: Option<Manifest>,
    /// Stock that this truck's route serves (to pick from).
    pub route_stock: Vec<StockLine>,
    /// The scan field.
    pub scan: String,
    /// Unload form: 单号 and reason.
    pub unload: Option<(String, String)>,
    /// The departure confirmation is showing.
    pub confirming_depart: bool,

    /// The truck whose tracking detail is shown.
    pub tracked: Option<ManifestSummary>,
    /// Its lines.
    pub tracking: Vec<TrackingLine>,

    /// Received manifests (in transit or checked).
    pub incoming: Vec<ManifestSummary>,
    /// The arrival check open.
    pub arrival: Option<ArrivalReport>,
    /// The damage form.
    pub damage: DamageForm,

    /// Arrived waybills whose consignee has not been told.
    pub to_notify: Vec<NotifyLine>,
    /// Told and not collected yet.
    pub awaiting: Vec<NotifyLine>,
    /// The note for the next notification.
    pub notify_note: String,

    /// The release tab's 单号 field.
    pub release_number: String,
    /// The waybill open on the release tab.
    pub release: Option<ReleaseView>,
    /// The pickup form.
    pub pickup: PickupForm,
    /// The authorization form.
    pub authorization: AuthorizationForm,
    /// The delivery form.
    pub delivery: DeliveryForm,
    /// Show the delivery form rather than the pickup form.
    pub delivering: bool,

    /// Delivery tasks (open ones first).
    pub tasks: Vec<DeliveryTaskRecord>,
    /// The result form of one task: id, result, amount, channel, note.
    pub task_result: Option<(i64, DeliveryResult, String, Option<PayChannel>, String)>,

    /// The registers tab's 单号 field.
    pub register_number: String,
    /// The waybill open on the registers tab.
    pub register: Option<RegisterView>,
    /// The transfer form.
    pub transfer: TransferDraft,
    /// The exception form.
    pub exception: ExceptionDraft,
    /// Receipt or return note.
    pub register_note: String,
    /// Error of the last register form.
    pub register_error: Option<String>,
    /// Why the 保管费 is waived, as typed (supervisor).
    pub storage_waive_reason: String,
    /// The reason typed for releasing without the 代收货款 (supervisor).
    pub cod_override_reason: String,
    /// The re-weigh form (复秤).
    pub reweigh: crate::domain::desk::reweigh::ReweighDraft,
    /// The open waybill's re-weighs.
    pub reweighs: Vec<crate::domain::desk::reweigh::ReweighRecord>,
    /// The claim form (理赔).
    pub claim: ClaimDraft,
    /// The open waybill's claims.
    pub claims: Vec<ClaimRecord>,
    /// The open waybill's freight and declared value, for the claim preview.
    pub claim_basis: ClaimBasis,
    /// The claim terms in force.
    pub claim_settings: ClaimSettings,
    /// How a claim is paid, as chosen.
    pub claim_channel: PayChannel,
    /// Why a claim is rejected, as typed.
    pub claim_reason: String,
    /// 回单付 waybills whose receipt is back.
    pub payables: Vec<ReceiptPayable>,

    /// Today's upload counts.
    pub uploads: Vec<UploadCount>,
    /// Records to add, as typed.
    pub upload_add: String,
    /// Records required per clerk and day.
    pub uploads_required: u32,
    /// The station's dispatch settings as typed: notify within hours, daily uploads,
    /// manifest prefix, counties, the 保管费's free days and rate (the supervisor edits
    /// them on the 云递安 tab).
    pub settings_form: [String; 6],
    /// The dispatch settings in force.
    pub settings: DispatchSettings,
    /// The claim terms' freight multiple, as typed.
    pub claim_multiple: String,
    /// The revisions the settings form and the claim multiple were loaded at.
    pub settings_seen: Option<i64>,
    /// See `settings_seen`.
    pub claim_seen: Option<i64>,
    /// The claim multiple as last loaded, to tell an edited box from one left alone.
    pub claim_loaded: String,
}

/// Draws the page.
pub fn dispatch_ui(
    ui: &mut Ui,
    state: &mut DispatchState,
    view: &DeskView,
    now: NaiveDateTime,
    supervisor: bool,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        for tab in DispatchTab::ALL {
            if ui.selectable_label(state.tab == tab, tab.label()).clicked() {
                command = Some(DispatchCommand::Open(tab));
            }
        }
        ui.separator();
        if ui.small_button(text::REFRESH).clicked() {
            command = Some(DispatchCommand::Open(state.tab));
        }
    });
    ui.separator();
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    let tab_command = egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match state.tab {
            DispatchTab::Stock => loading::stock_ui(ui, state, view, now.date()),
            DispatchTab::Loading => loading::loading_ui(ui, state, now.date()),
            DispatchTab::Tracking => loading::tracking_ui(ui, state),
            DispatchTab::Arrival => arrival::arrival_ui(ui, state),
            DispatchTab::Notify => arrival::notify_ui(ui, state),
            DispatchTab::Release => release::release_ui(ui, state, now),
            DispatchTab::Delivery => release::delivery_ui(ui, state),
            DispatchTab::Registers => registers::registers_ui(ui, state),
            DispatchTab::Uploads => registers::uploads_ui(ui, state, supervisor),
        })
        .inner;
    command.or(tab_command).map(Command::Dispatch)
}

/// The scan field: a USB scanner types the code and Enter into it. It keeps the focus
/// after each scan, so the clerk scans piece after piece without touching the keyboard.
/// Returns the code when Enter was pressed on a non-empty field.
fn scan_field(ui: &mut Ui, state: &mut DispatchState, label: &str) -> Option<String> {
    let mut scanned = None;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(label).strong());
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.scan)
                    .desired_width(320.0)
                    .font(egui::TextStyle::Monospace)
                    .hint_text("扫描货签条码，或输入后回车"),
            )
            .labelled_by(label.id);
        // Read before the focus is asked back below: a scan whose Enter comes in the
        // frame right after the last one (a scanner faster than the screen) would
        // otherwise have its field hold the focus again, not have lost it, and be typed
        // over by the next.
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if state.focus_scan {
            response.request_focus();
            state.focus_scan = false;
        }
        if entered {
            let code = state.scan.trim().to_owned();
            state.scan.clear();
            response.request_focus();
            if !code.is_empty() {
                scanned = Some(code);
            }
        }
    });
    scanned
}

/// A photo field: the chosen file (— for none) and 选择… to pick one for `target`.
fn photo_row(ui: &mut Ui, path: &str, target: PhotoFor) -> Option<DispatchCommand> {
    ui.horizontal(|ui| {
        ui.label(if path.is_empty() { "—" } else { path });
        ui.small_button(text::CHOOSE)
            .clicked()
            .then_some(DispatchCommand::PickPhoto(target))
    })
    .inner
}

/// Shows the cue of the last scan as a coloured band across the page.
fn cue_band(ui: &mut Ui, cue: Option<&ScanCue>) {
    let Some(cue) = cue else {
        return;
    };
    let (fill, ink) = if cue.ok {
        (Color32::from_rgb(0xe3, 0xf4, 0xe4), OK_GREEN)
    } else {
        (Color32::from_rgb(0xfd, 0xe2, 0xe2), ERROR_RED)
    };
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(2.0, ink))
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.label(RichText::new(&cue.text).size(22.0).strong().color(ink));
        });
}

/// Width of the list column beside a manifest or waybill.
const LIST_WIDTH: f32 = 360.0;

/// The narrowest the open side may be beside its list: the manifest's lines and the
/// route's stock with their buttons need about this much.
const OPEN_MIN_WIDTH: f32 = 820.0;

/// Two columns side by side, the left one `left_width` wide (a list), the right one the
/// rest (what is open), with a rule between them. Where that would leave the open side
/// narrower than [`OPEN_MIN_WIDTH`] (a 1024×768 counter), the list stands above what is
/// open instead, both the page's whole width, so no column or button is cut off.
fn split_columns<R>(ui: &mut Ui, left_width: f32, add: impl FnOnce(&mut Ui, &mut Ui) -> R) -> R {
    let gap = ui.spacing().item_spacing.x * 3.0;
    if ui.available_width() - left_width - gap < OPEN_MIN_WIDTH {
        return stacked(ui, add);
    }
    let top_left = ui.cursor().min;
    let total = ui.available_width();
    let height = ui.available_rect_before_wrap().height();
    let left_rect = egui::Rect::from_min_size(top_left, egui::vec2(left_width, height));
    let right_rect = egui::Rect::from_min_size(
        top_left + egui::vec2(left_width + gap, 0.0),
        egui::vec2((total - left_width - gap).max(100.0), height),
    );
    let layout = egui::Layout::top_down(egui::Align::Min);
    let mut left = ui.new_child(egui::UiBuilder::new().max_rect(left_rect).layout(layout));
    let mut right = ui.new_child(egui::UiBuilder::new().max_rect(right_rect).layout(layout));
    let result = add(&mut left, &mut right);
    let bottom = left.min_rect().bottom().max(right.min_rect().bottom());
    let x = top_left.x + left_width + gap / 2.0;
    ui.painter().vline(
        x,
        top_left.y..=bottom,
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    ui.advance_cursor_after_rect(egui::Rect::from_min_max(
        top_left,
        egui::pos2(top_left.x + total, bottom),
    ));
    result
}

/// How tall a list above what is open may grow before it scrolls.
const LIST_ABOVE_HEIGHT: f32 = 170.0;

/// The rows of a list (trucks) in the list column of [`split_columns`]. Above what is
/// open, at a narrow window, they keep to a few rows and scroll, so what is open stays
/// in sight under them; beside it they run down the page.
fn list_rows(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    let above = ui.max_rect().width() > LIST_WIDTH + 1.0;
    if above {
        egui::ScrollArea::vertical()
            .id_salt(id)
            .max_height(LIST_ABOVE_HEIGHT)
            .show(ui, add);
    } else {
        add(ui);
    }
}

/// The list above what is open, both the whole width, with a rule between. The list's
/// height is known only once it is drawn: the one of the frame before places what is
/// open, and a frame whose list changed height is drawn again before it is shown.
fn stacked<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui, &mut Ui) -> R) -> R {
    let id = ui.scope_id().with("stacked_list_height");
    let gap = ui.spacing().item_spacing.y * 3.0;
    let top_left = ui.cursor().min;
    let width = ui.available_width();
    let height = ui.available_rect_before_wrap().height();
    let known = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(0.0);
    let layout = egui::Layout::top_down(egui::Align::Min);
    let list_rect = egui::Rect::from_min_size(top_left, egui::vec2(width, height));
    let open_rect = egui::Rect::from_min_size(
        top_left + egui::vec2(0.0, known + gap),
        egui::vec2(width, height),
    );
    let mut list = ui.new_child(egui::UiBuilder::new().max_rect(list_rect).layout(layout));
    let mut open = ui.new_child(egui::UiBuilder::new().max_rect(open_rect).layout(layout));
    let result = add(&mut list, &mut open);
    let list_height = list.min_rect().height();
    if (list_height - known).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(id, list_height));
        ui.ctx()
            .request_discard("the list above what is open changed height");
    }
    ui.painter().hline(
        top_left.x..=top_left.x + width,
        top_left.y + known + gap / 2.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    let bottom = list.min_rect().bottom().max(open.min_rect().bottom());
    ui.advance_cursor_after_rect(egui::Rect::from_min_max(
        top_left,
        egui::pos2(top_left.x + width, bottom),
    ));
    result
}

/// `3,5-7` → pieces 3, 5, 6, 7; empty → none.
pub fn parse_piece_list(text: &str) -> Result<Vec<u32>, String> {
    let mut pieces = Vec::new();
    for part in text
        .split([',', '，', '、', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        let part = part.trim();
        let bad = || format!("件号「{part}」看不懂：请写成 3 或 3,5-6");
        let (a, b) = part.split_once(['-', '–', '~']).unwrap_or((part, part));
        let from = a.trim().parse::<u32>().map_err(|_| bad())?;
        let to = b.trim().parse::<u32>().map_err(|_| bad())?;
        if from == 0 || to < from || to - from > 9999 {
            return Err(bad());
        }
        pieces.extend(from..=to);
    }
    pieces.sort_unstable();
    pieces.dedup();
    Ok(pieces)
}

/// A waybill's timeline as a small table.
fn timeline_ui(ui: &mut Ui, id: &str, timeline: &[TimelineEntry]) {
    // What the four short columns before the note leave of the page: a long note wraps
    // there (an imported truck's 由 … 发出，交接文件导入 ran off a 1024×768 screen).
    let note_width = (ui.available_width() - 360.0).max(160.0);
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for entry in timeline {
            ui.label(entry.at.format("%m-%d %H:%M").to_string());
            ui.label(&entry.staff_id);
            ui.label(RichText::new(&entry.action).strong());
            ui.label(
                entry
                    .stage
                    .map(crate::domain::dispatch::Stage::label)
                    .unwrap_or_default(),
            );
            let mut note = entry.note.clone();
            if !entry.manifest_code.is_empty() {
                note = format!("{note}（{}）", entry.manifest_code);
            }
            ui.scope(|ui| {
                ui.set_max_width(note_width);
                ui.add(egui::Label::new(note).wrap());
            });
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::parse_piece_list;

    #[test]
    fn piece_lists_read_as_clerks_write_them() {
        assert_eq!(parse_piece_list("").unwrap(), Vec::<u32>::new());
        assert_eq!(parse_piece_list("3").unwrap(), vec![3]);
        assert_eq!(parse_piece_list("5-7,3").unwrap(), vec![3, 5, 6, 7]);
        assert_eq!(parse_piece_list("2，2、4").unwrap(), vec![2, 4]);
        assert!(parse_piece_list("0").is_err());
        assert!(parse_piece_list("7-5").is_err());
        assert!(parse_piece_list("a").is_err());
    }
}
