//! **The dispatch area** owns the goods after the waybill: stages and steps, loading,
//! manifests, arrival checks, notices, transfers and exceptions here, and pickup, payment
//! and release in `pickup`, delivery appointments in `appointment`.
//!
//! What happens to goods after the waybill (DOMAIN.md §3–4): the stages of a waybill's
//! life and the steps between them, refused with a Chinese reason when impossible; the
//! dispatch manifest (发车清单) of one truck with its header, the judgement of each
//! scanned label and its totals; the arrival check (到货核对) of extra, missing and
//! damaged pieces; notification deadlines; transfers (中转) and exceptions (异常).
//! Pickup, payment and release rules are in [`crate::domain::dispatch::pickup`].
//!
//! A waybill's *stage* is kept apart from its [`WaybillStatus`](crate::domain::desk::waybill::WaybillStatus)
//! (开单/作废), which the desk owns: the stage says where the goods are.

pub mod appointment;
pub mod pickup;

mod arrival;
mod exchange;
mod loading;
mod manifest;
mod records;
mod registers;
mod stage;

pub use arrival::{
    Discrepancy, DispatchSettings, NotifyMethod, PieceCheck, manifest_code, overdue_hours,
    piece_ranges,
};
pub use exchange::{ExchangeWaybill, ManifestExchange, event_hash, sha256_hex};
pub use loading::{LoadFacts, LoadWaybill, ScanCode, ScanRefusal, arrival_alert, judge_load};
pub use manifest::{
    ManifestDraft, ManifestError, ManifestField, ManifestHeader, ManifestLine, ManifestTotals,
    check_departure, normalize_plate, parse_time,
};
pub use records::{
    ArrivalFacts, DispatchRecords, FirstLoad, PickupFacts, PiecesMismatch, UploadDay,
    detect_dispatch, detect_late_notification, detect_missing_uploads, detect_pieces_mismatch,
    detect_unlabelled_loads, detect_unsigned_pickup,
};
pub(crate) use registers::optional_amount;
pub use registers::{
    ExceptionDraft, ExceptionKind, ExceptionRecord, TransferDraft, TransferRecord, check_pieces,
};
pub use stage::{Life, Stage, Step, StepRefused};

#[cfg(test)]
mod tests;
