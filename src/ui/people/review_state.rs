//! What the review page keeps between frames, its tools' forms and the people import
//! included, and the name an attachment is shown by.

use crate::domain::people::Month;
use crate::domain::people::review::MonthReview;
use crate::storage::people::Detection;

/// Everything the review page keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// The month shown.
    pub month: Option<Month>,
    /// The supervisor's change of a charge as typed: the amount (empty waives it) and
    /// the reason.
    pub charge_change: (String, String),
    /// Its review, loaded by the app.
    pub review: Option<MonthReview>,
    /// Detections of the month (supervisor).
    pub detections: Vec<Detection>,
    /// Whether the month is locked.
    pub locked: bool,
    /// 回访 satisfaction of the month per clerk who released goods (evidence only).
    pub satisfaction:
        std::collections::BTreeMap<String, crate::domain::service::return_call::Satisfaction>,
    /// Points per person over the last six months, oldest first: (month, 工号, points).
    pub history: Vec<(Month, String, i64)>,
    /// The person selected.
    pub selected: String,
    /// New event: who.
    pub event_staff: String,
    /// New event: rule.
    pub event_rule: usize,
    /// New event: day as typed.
    pub event_day: String,
    /// New event: count as typed.
    pub event_count: String,
    /// New event: waybill.
    pub event_waybill: String,
    /// New event: note.
    pub event_note: String,
    /// 费用 as typed (yuan; empty: none).
    pub event_charge: String,
    /// New event: the file chosen as its evidence (附件), copied when the event is saved.
    pub event_attachment: Option<std::path::PathBuf>,
    /// Reason typed for dismissing a detection.
    pub dismiss_reason: String,
    /// Message of the last action (ok, text).
    pub message: Option<(bool, String)>,
    /// The people import being prepared.
    pub import: PeopleImportState,
    /// The month's recorded events (row ids, for appeals).
    pub events: Vec<crate::storage::people::StoredEvent>,
    /// The month's appeals.
    pub appeals: Vec<crate::domain::people::requests::Appeal>,
    /// The appeals of the month's charges.
    pub charge_appeals: Vec<crate::domain::people::review::charges::ChargeAppeal>,
    /// Reason typed for an appeal or a decision.
    pub appeal_reason: String,
}

/// An import of staff, clock-in records or events, with the file's columns mapped onto
/// the ones FORMATS.md names (so a DingTalk or time-clock export can be read as it is).
#[derive(Debug, Clone, Default)]
pub struct PeopleImportState {
    /// 0 staff, 1 clock-in records, 2 events.
    pub kind: usize,
    /// The chosen file.
    pub path: Option<std::path::PathBuf>,
    /// The columns an import needs, in order.
    pub required: Vec<String>,
    /// The file's header.
    pub headers: Vec<String>,
    /// The file's column chosen for each required one ("" when none).
    pub mapping: Vec<String>,
    /// The outcome of the last import (ok, text).
    pub report: Option<(bool, String)>,
}

/// The file name of a stored attachment path, to show.
#[must_use]
pub fn attachment_name(stored: &str) -> String {
    std::path::Path::new(stored)
        .file_name()
        .map_or_else(|| stored.to_owned(), |n| n.to_string_lossy().into_owned())
}
