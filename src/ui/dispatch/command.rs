//! The [`DispatchCommand`]s: what the dispatch tabs ask the app to do, each with what it
//! needs already checked by the domain's drafts.

use super::DispatchTab;
use crate::domain::dispatch::pickup::{
    Authorization, DeliveryResult, DeliveryTask, PayChannel, Payment, Pickup,
};
use crate::domain::dispatch::{
    DispatchSettings, ExceptionRecord, ManifestDraft, NotifyMethod, TransferRecord,
};
use crate::domain::service::claims::NewClaim;
use crate::storage::dispatch::StockQuery;

/// What the dispatch tabs ask the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum DispatchCommand {
    /// Show a tab, loading what it lists.
    Open(DispatchTab),
    /// List the stock.
    Stock(StockQuery),
    /// Print the stock list for the count.
    PrintStock(StockQuery),
    /// Make a manifest from the header form.
    CreateManifest(ManifestDraft),
    /// Open a manifest on the loading tab.
    OpenManifest(i64),
    /// A label scanned onto a manifest.
    ScanLoad {
        /// The manifest.
        manifest_id: i64,
        /// What the scanner typed.
        code: String,
    },
    /// Every remaining piece of a waybill picked from stock.
    LoadWaybill {
        /// The manifest.
        manifest_id: i64,
        /// 单号.
        number: String,
    },
    /// Take a waybill off a manifest that has not left.
    UnloadWaybill {
        /// The manifest.
        manifest_id: i64,
        /// 单号.
        number: String,
        /// Why.
        reason: String,
    },
    /// The truck leaves: lock the manifest.
    Depart(i64),
    /// Print the manifest.
    PrintManifest(i64),
    /// Save the exchange file for the receiving station.
    ExportManifest(i64),
    /// Show a truck's tracking detail.
    Track(i64),
    /// Choose an exchange file and import it.
    ImportManifest,
    /// Open a received manifest on the arrival tab.
    OpenArrival(i64),
    /// A label scanned off a received truck.
    ScanArrival {
        /// The manifest.
        manifest_id: i64,
        /// What the scanner typed.
        code: String,
    },
    /// Record damage found at arrival.
    RecordDamage {
        /// The manifest.
        manifest_id: i64,
        /// 单号.
        number: String,
        /// Damaged pieces (empty: the waybill as a whole).
        pieces: Vec<u32>,
        /// What is wrong.
        note: String,
        /// Photo file, empty for none.
        photo_path: String,
    },
    /// Close the arrival check.
    FinishArrival(i64),
    /// Print the arrival report.
    PrintArrival(i64),
    /// Choose a photo file for a form.
    PickPhoto(PhotoFor),
    /// The consignee was told.
    Notify {
        /// 单号.
        number: String,
        /// How.
        method: NotifyMethod,
        /// What was said.
        note: String,
    },
    /// Open a waybill on the release tab.
    OpenRelease(String),
    /// Record the shipper's authorization to release.
    Authorize {
        /// 单号.
        number: String,
        /// The checked authorization.
        authorization: Authorization,
    },
    /// Release goods to a collector.
    Pickup {
        /// 单号.
        number: String,
        /// The checked pickup.
        pickup: Box<Pickup>,
    },
    /// Print a pickup slip.
    PrintPickup {
        /// 单号.
        number: String,
        /// The pickup's row id.
        pickup_id: i64,
    },
    /// Send the goods out for delivery.
    CreateDelivery {
        /// 单号.
        number: String,
        /// The checked task.
        task: DeliveryTask,
    },
    /// The result of a delivery task.
    DeliveryResult {
        /// The task.
        task_id: i64,
        /// What happened.
        result: DeliveryResult,
        /// Money the driver brought back.
        payment: Option<Payment>,
        /// Remarks.
        note: String,
    },
    /// Open a waybill on the registers tab.
    OpenRegister(String),
    /// Hand on to another carrier.
    Transfer {
        /// 单号.
        number: String,
        /// The checked transfer.
        transfer: TransferRecord,
    },
    /// Record an exception.
    Exception {
        /// 单号.
        number: String,
        /// The checked exception.
        exception: ExceptionRecord,
    },
    /// Send the goods back to the shipper.
    Return {
        /// 单号.
        number: String,
        /// Why.
        reason: String,
    },
    /// The signed receipt came back.
    ReceiptReturned {
        /// 单号.
        number: String,
        /// Remarks.
        note: String,
    },
    /// The receipt was sent back to the shipper.
    ReceiptSentBack {
        /// 单号.
        number: String,
        /// Remarks.
        note: String,
    },
    /// Waive a waybill's 保管费 (supervisor), with the reason.
    WaiveStorageFee {
        /// 单号.
        number: String,
        /// Why.
        reason: String,
    },
    /// Let a waybill's goods go without collecting its 代收货款 (supervisor), with the
    /// reason.
    ReleaseWithoutCod {
        /// 单号.
        number: String,
        /// Why.
        reason: String,
    },
    /// Record a re-weigh (复秤) of a waybill's goods.
    Reweigh {
        /// 单号.
        number: String,
        /// What was measured.
        reweigh: crate::domain::desk::reweigh::NewReweigh,
    },
    /// Register a claim (理赔) for loss or damage.
    RegisterClaim {
        /// 单号.
        number: String,
        /// The checked claim.
        claim: NewClaim,
    },
    /// Decide a claim by the rules (supervisor).
    DecideClaim {
        /// 单号.
        number: String,
        /// The claim's row id.
        id: i64,
    },
    /// A decided claim was paid.
    PayClaim {
        /// 单号.
        number: String,
        /// The claim's row id.
        id: i64,
        /// How it was paid.
        channel: PayChannel,
    },
    /// Reject a claim (supervisor).
    RejectClaim {
        /// 单号.
        number: String,
        /// The claim's row id.
        id: i64,
        /// Why.
        reason: String,
    },
    /// Add records uploaded to 云递安 today by the user.
    AddUploads(u32),
    /// Save today's waybills (the user's; the supervisor's: all) as the list to upload.
    ExportUploads,
    /// Save the station's dispatch settings (supervisor).
    SaveSettings {
        /// The settings.
        settings: DispatchSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Save the claim terms (supervisor).
    SaveClaimSettings {
        /// The terms.
        settings: crate::domain::service::claims::ClaimSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
}

/// Which form a chosen photo goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFor {
    /// The damage note of the arrival check.
    Damage,
    /// The red copy of a controlled-release authorization.
    Authorization,
}
