//! The egui panels. This is the only layer that knows egui exists. Each panel is a
//! function `xxx_ui(ui, &mut State, &View) -> Option<Command>`: it draws, edits its own
//! state, and asks the app for anything that touches the database by returning a
//! [`Command`]. Chinese UI text lives in a `text` module at the top of each panel.
//!
//! By area: [`desk`] (the waybill form and list, quotes, rates, customers), [`dispatch`]
//! (the goods after the waybill), [`people`] (login, shifts, the review), [`money`]
//! (payments, cash counts, reports), [`service`]. Shared: [`widgets`], [`database`],
//! [`backups`], [`settings`].

pub mod about;
pub mod backups;
pub mod database;
pub mod desk;
pub mod dispatch;
pub mod money;
pub mod people;
pub mod service;
pub mod settings;
pub mod shortcuts;
pub mod typeahead;
pub mod widgets;

use crate::domain::desk::rates::{FeeSettings, RateRow};
use crate::domain::desk::screening::ProhibitedWord;
use crate::domain::desk::waybill::{Waybill, WaybillDraft};
use crate::domain::settings::DeskSettings;
use crate::domain::settings::PrintSettings;
pub use crate::fonts::{FONT_BOLD, FONT_REGULAR};
use crate::storage::staff::StaffMember;
use crate::storage::waybills::WaybillQuery;
use egui::{FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::sync::Arc;

/// The font family name of the bold weight: `FontFamily::Name(BOLD.into())`.
pub const BOLD: &str = "bold";

/// Installs the bundled font as the first choice of every family, so that every machine
/// renders the same whatever fonts it has. egui's own fonts stay behind it as fallbacks
/// for symbols.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sc".to_owned(),
        Arc::new(FontData::from_static(FONT_REGULAR)),
    );
    fonts.font_data.insert(
        "noto_sc_bold".to_owned(),
        Arc::new(FontData::from_static(FONT_BOLD)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "noto_sc".to_owned());
    }
    let mut bold = vec!["noto_sc_bold".to_owned()];
    bold.extend(
        fonts
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    ctx.set_fonts(fonts);
}

/// Sizes and spacing for a counter screen read all day: larger text than egui's
/// default, roomy fields, light theme (closer to paper).
pub fn install_style(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Name(BOLD.into())),
            ),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 28.0;
    });
}

/// The screens of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// 开单: issue a waybill.
    #[default]
    Issue,
    /// 运单查询: find, read, alter and void waybills.
    Waybills,
    /// 报价表: the rate table.
    Rates,
    /// 拒收记录: refused consignments.
    Refusals,
    /// 发车/到货: stock, loading, arrival, release and the registers.
    Dispatch,
    /// 客户档案: customer files, merges, 月结 approvals.
    Customers,
    /// 报表: the business summary of a day or a month.
    Reports,
    /// 咨询投诉: the log of customer questions and complaints.
    Service,
    /// 收款/对账: the payments ledger and the cash book.
    Money,
    /// 月度考核: attendance, points and pay of a month.
    Review,
    /// 交接/申请: shift handover and leave requests.
    Shift,
    /// 设置: station, fees, staff, prohibited goods.
    Settings,
}

impl Page {
    /// Every page in the order of the navigation bar.
    pub const ALL: [Page; 12] = [
        Page::Issue,
        Page::Waybills,
        Page::Rates,
        Page::Dispatch,
        Page::Customers,
        Page::Refusals,
        Page::Reports,
        Page::Service,
        Page::Money,
        Page::Review,
        Page::Shift,
        Page::Settings,
    ];

    /// The tab label, with its function key.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Page::Issue => "开单 F1",
            Page::Waybills => "运单查询 F3",
            Page::Rates => "报价表 F4",
            Page::Refusals => "拒收记录",
            Page::Dispatch => "发车/到货 F5",
            Page::Customers => "客户档案",
            Page::Reports => "报表",
            Page::Service => "咨询投诉",
            Page::Money => "收款/对账",
            Page::Review => "月度考核",
            Page::Shift => "交接/申请",
            Page::Settings => "设置",
        }
    }
}

/// What the data-only parts of the window show, loaded by the app from the database and
/// read by every panel.
#[derive(Debug, Clone, Default)]
pub struct DeskView {
    /// Station settings.
    pub settings: DeskSettings,
    /// The rate table.
    pub rates: crate::domain::desk::rates::RateTable,
    /// Prohibited goods.
    pub prohibited: Vec<ProhibitedWord>,
    /// Everyone on the staff list.
    pub staff: Vec<StaffMember>,
    /// How many waybills the database holds.
    pub waybill_count: u64,
    /// How waybills and labels print.
    pub print: PrintSettings,
    /// Printers the system offers (default first).
    pub printers: Vec<String>,
    /// The staff list with dates and salaries (supervisor's settings).
    pub staff_records: Vec<crate::domain::people::Staff>,
    /// The points rules in force.
    pub rules: crate::domain::people::points::RuleTable,
    /// Whether the printed font has a character: the form refuses what would not print.
    pub printable: Printable,
    /// The automatic backups: where, the last good one, the files.
    pub backup: backups::BackupView,
    /// The database in use, as shown (a file's path, or the server's URL without its
    /// password).
    pub database: String,
    /// The revisions of the records edited whole (read before them).
    pub revisions: crate::storage::revisions::Revisions,
    /// The stations sharing the database (one, for most).
    pub stations: Vec<crate::domain::stations::Station>,
    /// Whose stations the database serves now (the logged-in person's).
    pub scope: crate::domain::stations::Scope,
    /// Where everyone works, by 工号.
    pub posts: std::collections::BTreeMap<String, crate::domain::stations::Scope>,
}

/// Whether the waybill font can print a character; the app passes the font's own answer
/// (`documents::pdf::printable`), which this layer cannot reach.
#[derive(Clone, Copy)]
pub struct Printable(pub fn(char) -> bool);

impl Default for Printable {
    /// Before the app has loaded the view: nothing is refused yet.
    fn default() -> Self {
        Self(|_| true)
    }
}

impl std::fmt::Debug for Printable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Printable")
    }
}

impl DeskView {
    /// Fee settings in force.
    #[must_use]
    pub fn fees(&self) -> &FeeSettings {
        &self.settings.fees
    }

    /// What a waybill typed at this counter is checked against: the bundled
    /// destinations, this rate table, fees and prohibited list, the font's characters.
    #[must_use]
    pub fn validation(&self) -> crate::domain::desk::waybill::ValidationContext<'_> {
        crate::domain::desk::waybill::ValidationContext {
            divisions: crate::domain::desk::destinations::Divisions::bundled(),
            rates: &self.rates,
            fees: self.fees(),
            prohibited: &self.prohibited,
            printable: &self.printable.0,
        }
    }
}

/// What a panel asks the app to do after the frame.
// Not `Eq`: a pickup's signature is drawn in floating-point coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Go to a page.
    Navigate(Page),
    /// Work on another database (a file path or a PostgreSQL URL, as typed): logs out.
    OpenDatabase(String),
    /// Something of 设置: the station, fees, the prohibited list, printing, demo data.
    Settings(settings::SettingsCommand),
    /// Logging in and out.
    Session(people::login::SessionCommand),
    /// Something of the dispatch page (发车/到货).
    Dispatch(dispatch::DispatchCommand),
    /// Something for the payments ledger and the cash book.
    Money(money::MoneyCommand),
    /// Something of the customer files page (客户档案) or the form's 月结 hold.
    Customers(desk::customers::CustomersCommand),
    /// Something of the report page (报表).
    Reports(money::reports::ReportsCommand),
    /// 设置 → 备份与恢复.
    Backup(backups::BackupCommand),
    /// Something of the phone quotes or the questions and complaints log (客服).
    Service(service::ServiceCommand),
    /// The desk's work: waybills, their search, printing, refusals, the rate table.
    Desk(DeskCommand),
    /// The people's work: staff, attendance, events, appeals, handovers, the review.
    People(PeopleCommand),
}

/// A waybill a rule refused (the clerk's shift, the customer's credit), saved because a
/// supervisor allows it with their password and a reason, which are recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisedIssue {
    /// The waybill.
    pub waybill: Box<Waybill>,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// Print once saved.
    pub print: bool,
    /// 工号 of the supervisor who allows it.
    pub supervisor_id: String,
    /// The supervisor's password.
    pub password: String,
    /// Why.
    pub reason: String,
}

impl SupervisedIssue {
    /// The request as typed on a panel: the supervisor's 工号 and the reason trimmed, the
    /// password taken out of its box (it is typed again should it be wrong).
    #[must_use]
    pub fn typed(
        waybill: Box<Waybill>,
        clerk_id: &str,
        print: bool,
        supervisor_id: &str,
        password: &mut String,
        reason: &str,
    ) -> Self {
        Self {
            waybill,
            clerk_id: clerk_id.to_owned(),
            print,
            supervisor_id: supervisor_id.trim().to_owned(),
            password: std::mem::take(password),
            reason: reason.trim().to_owned(),
        }
    }
}

/// What the desk's pages ask for (开单, 运单查询, 报价表, 拒收记录).
#[derive(Debug, Clone, PartialEq)]
pub enum DeskCommand {
    /// Issue a validated waybill for this clerk; `print` is for the printing work.
    IssueWaybill {
        /// The waybill.
        waybill: Box<Waybill>,
        /// 工号 of the issuing clerk.
        clerk_id: String,
        /// Print the waybill and all its labels once saved.
        print: bool,
    },
    /// Issue a waybill outside the clerk's shift, allowed by a supervisor (recorded).
    IssueWithOverride(SupervisedIssue),
    /// Record a refused consignment from the draft.
    RecordRefusal {
        /// The draft as typed.
        draft: Box<WaybillDraft>,
        /// Why.
        reason: String,
        /// 工号.
        clerk_id: String,
    },
    /// Record a consignment refused for any reason (拒收记录 page).
    RefuseForAnyReason(Box<crate::domain::desk::inspection::CheckedRefusal>),
    /// Record a box opened for inspection (开箱检查).
    RecordInspection(Box<crate::domain::desk::inspection::Inspection>),
    /// Look up a shipper by phone (fills the name, offers usual consignees).
    LookupShipper(String),
    /// Look up a returning shipper by the last four digits of their phone (Enter on
    /// them): one match fills the phone, and then the rest as [`Self::LookupShipper`].
    LookupShipperTail(String),
    /// Look up a consignee by phone (fills the name and address).
    LookupConsignee(String),
    /// Run a waybill search.
    Search(WaybillQuery),
    /// Open a waybill in the detail view.
    OpenWaybill(String),
    /// Start altering a waybill in the form.
    BeginAlter(String),
    /// Save an alteration.
    AlterWaybill {
        /// Which.
        number: String,
        /// How many alterations it had when the clerk opened it.
        seen: u32,
        /// The new content.
        waybill: Box<Waybill>,
        /// Why.
        reason: String,
        /// Who.
        staff_id: String,
    },
    /// Void a waybill.
    VoidWaybill {
        /// Which.
        number: String,
        /// Why.
        reason: String,
        /// Who.
        staff_id: String,
    },
    /// Choose a rate file and import it (replaces the table).
    ImportRates,
    /// Save the edited rate table, as edited from the revision `seen`.
    SaveRates {
        /// The rows.
        rows: Vec<RateRow>,
        /// The revision the editor opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Print a waybill's copies.
    PrintWaybill(String),
    /// Print labels of pieces `from..=to` of a waybill.
    PrintLabels {
        /// Which waybill.
        number: String,
        /// First piece.
        from: u32,
        /// Last piece.
        to: u32,
    },
    /// Save a waybill, or labels of pieces `from..=to` of it, as a PDF chosen in a dialog.
    SavePdf {
        /// Which waybill.
        number: String,
        /// `Some((from, to))` for labels, `None` for the waybill.
        labels: Option<(u32, u32)>,
    },
}

/// An appeal the supervisor decides: of a point event, or of a charge (row ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealId {
    /// An appeal of a point event.
    Event(i64),
    /// An appeal of a charge.
    Charge(i64),
}

/// What the people's pages ask for (月度考核, 交接/申请, and their parts of 设置).
#[derive(Debug, Clone, PartialEq)]
pub enum PeopleCommand {
    /// Add or update a member of staff, with dates and salary.
    SaveStaff {
        /// The record.
        person: crate::domain::people::Staff,
        /// Where they work, when the company's supervisor says so (`None`: unchanged,
        /// a new person at the supervisor's station).
        post: Option<crate::domain::stations::Scope>,
        /// The revision the record was opened at, when it was opened from the list.
        seen: Option<i64>,
    },
    /// Set someone's password (the supervisor's reset).
    ResetPassword {
        /// 工号.
        staff_id: String,
        /// The new password.
        password: String,
    },
    /// Save the 考勤 settings: shift times and brackets (supervisor).
    SaveAttendanceSettings {
        /// The settings.
        settings: Box<crate::domain::people::attendance::AttendanceSettings>,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Show the schedule (排班) of a month in the settings page.
    LoadSchedule(crate::domain::people::Month),
    /// Save a month's schedule whole (supervisor).
    SaveSchedule {
        /// Which month.
        month: crate::domain::people::Month,
        /// Every scheduled day of it.
        entries: Vec<crate::domain::people::attendance::ScheduledShift>,
        /// The revision the month was loaded at (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Record how someone leaves (supervisor); replaces their earlier departure.
    RecordDeparture(crate::domain::people::Departure),
    /// Remove someone's recorded departure (supervisor), clearing their 离职日期.
    ClearDeparture(String),
    /// Change one rule's wording or points (`None` restores the default), with the
    /// rule's revision the page showed.
    SaveRule(
        crate::domain::people::points::Rule,
        crate::domain::people::points::RuleOverride,
        i64,
    ),
    /// Show the review of a month.
    LoadReview(crate::domain::people::Month),
    /// Record a point event entered by the supervisor, with the file chosen as its
    /// evidence (附件), which the app copies into the attachments folder.
    AddPointEvent(
        crate::domain::people::points::PointEvent,
        Option<std::path::PathBuf>,
    ),
    /// Choose the attachment of the event being entered (a file dialog).
    PickEventAttachment,
    /// Open a recorded event's attachment (its stored path) with the system's handler.
    OpenAttachment(String),
    /// Waive or change a charge of the month (supervisor), with the reason.
    AdjustCharge {
        /// Whose charge.
        staff_id: String,
        /// Of which month.
        month: crate::domain::people::Month,
        /// Which (`Charge::key`).
        key: String,
        /// The amount it stands at now (zero waives it).
        amount_yuan: rust_decimal::Decimal,
        /// Why.
        reason: String,
    },
    /// Dismiss a detected event with a reason.
    DismissDetection {
        /// The detection.
        found: Box<crate::domain::people::points::DetectedEvent>,
        /// Why it does not count.
        reason: String,
    },
    /// Appeal a recorded point event (the clerk's own).
    AppealEvent {
        /// Row id of the event.
        event_id: i64,
        /// Why.
        reason: String,
    },
    /// Appeal a detected event (the clerk's own).
    AppealDetection {
        /// The detection.
        found: Box<crate::domain::people::points::DetectedEvent>,
        /// Why.
        reason: String,
    },
    /// Decide an appeal (supervisor): withdraw the event or charge (waiving it), or uphold it.
    DecideAppeal {
        /// Which appeal.
        appeal: AppealId,
        /// Withdraw (撤销) rather than uphold (维持).
        withdraw: bool,
        /// Why.
        reason: String,
    },
    /// Appeal a charge (the clerk's own) of a month.
    AppealCharge {
        /// The review month.
        month: crate::domain::people::Month,
        /// Which charge (`Charge::key`).
        key: String,
        /// Why.
        reason: String,
    },
    /// Sign a month off.
    LockMonth(crate::domain::people::Month),
    /// Confirm rule 22 for a month: its unapproved 月结 debts become the clerks' charges.
    ConfirmDebts(crate::domain::people::Month),
    /// Choose a people file (0 staff, 1 clock-in records, 2 events) and read its header.
    PickPeopleFile(usize),
    /// Import the chosen people file with its columns mapped.
    ImportPeople {
        /// Kind, as in `PickPeopleFile`.
        kind: usize,
        /// The file.
        path: std::path::PathBuf,
        /// The file's column for each required column.
        mapping: Vec<String>,
    },
    /// Record the handover of the user's current shift.
    RecordHandover(crate::domain::people::attendance::HandoverNotes),
    /// Accept another clerk's handover (the next shift).
    AcceptHandover(i64),
    /// Submit a leave, outing or overtime request.
    SubmitRequest(Box<crate::domain::people::requests::AttendanceRequest>),
    /// Approve or reject a request (supervisor).
    DecideRequest {
        /// Row id.
        id: i64,
        /// Approve, or reject.
        approve: bool,
    },
    /// Export a month's review as PDF (`xlsx: false`) or XLSX.
    ExportReview {
        /// Which month.
        month: crate::domain::people::Month,
        /// XLSX rather than PDF.
        xlsx: bool,
    },
}
