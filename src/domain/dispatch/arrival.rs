//! The arrival check (到货核对): extra, missing and damaged pieces; how consignees are
//! notified and by when.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The kind of an arrival discrepancy (到货异常).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Discrepancy {
    /// 多件: a piece arrived that was not loaded on this manifest.
    Extra,
    /// 少件: a loaded piece did not arrive.
    Missing,
    /// 破损: a piece arrived damaged.
    Damaged,
}

impl Discrepancy {
    /// Chinese label, as stored and printed.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Extra => "多件",
            Self::Missing => "少件",
            Self::Damaged => "破损",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Extra, Self::Missing, Self::Damaged]
            .into_iter()
            .find(|d| d.label() == label)
    }
}

/// One waybill's check at arrival: what was loaded against what was scanned off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceCheck {
    /// Pieces loaded at the other end (on the manifest).
    pub loaded: BTreeSet<u32>,
    /// Pieces scanned at arrival.
    pub received: BTreeSet<u32>,
}

impl PieceCheck {
    /// Loaded but not received (少件), in piece order.
    #[must_use]
    pub fn missing(&self) -> Vec<u32> {
        self.loaded.difference(&self.received).copied().collect()
    }

    /// Received but not loaded on this manifest (多件), in piece order.
    #[must_use]
    pub fn extra(&self) -> Vec<u32> {
        self.received.difference(&self.loaded).copied().collect()
    }

    /// Everything matches.
    #[must_use]
    pub fn matches(&self) -> bool {
        self.loaded == self.received
    }
}

/// Writes piece numbers compactly for reports: `1–3, 7`.
#[must_use]
pub fn piece_ranges(pieces: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut iter = pieces.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        out.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
    }
    out.join(", ")
}

/// How the consignee was told (通知方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotifyMethod {
    /// 电话.
    Call,
    /// 短信 (or a WeChat message).
    Sms,
}

impl NotifyMethod {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Call => "电话",
            Self::Sms => "短信",
        }
    }

    /// The method stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Call, Self::Sms]
            .into_iter()
            .find(|m| m.label() == label.trim())
    }
}

/// Dispatch settings of the station, stored with the other settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DispatchSettings {
    /// The consignee must be told within this many hours of arrival (P15).
    pub notify_within_hours: u32,
    /// Records to upload to 云递安 per clerk and worked day (P21).
    pub daily_uploads: u32,
    /// Manifest codes start with this; empty takes the waybill prefix and `F` (`GZF`).
    pub manifest_prefix: String,
    /// County codes this station receives goods for (本站区县): a manifest of this
    /// database whose route reaches one of them is checked here on arrival. Manifests
    /// received by exchange file are always for this station.
    pub station_codes: Vec<String>,
    /// 保管费: free days after arrival and the daily rate per piece (M3).
    pub storage: crate::domain::dispatch::pickup::storage_fee::StorageTerms,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            notify_within_hours: 12,
            daily_uploads: 5,
            manifest_prefix: String::new(),
            station_codes: Vec::new(),
            storage: crate::domain::dispatch::pickup::storage_fee::StorageTerms::default(),
        }
    }
}

/// Hours (rounded down) a waybill has waited since arrival without notice, when that is
/// longer than allowed: `Some(hours)` flags it on the to-notify list (and for P15).
#[must_use]
pub fn overdue_hours(
    arrived_at: NaiveDateTime,
    now: NaiveDateTime,
    within_hours: u32,
) -> Option<i64> {
    let waited = now - arrived_at;
    (waited > chrono::Duration::hours(i64::from(within_hours))).then(|| waited.num_hours())
}

/// Builds a manifest code: prefix, date as YYMMDD and a two-digit daily sequence:
/// `GZF26112301`.
#[must_use]
pub fn manifest_code(prefix: &str, date: NaiveDate, sequence: u32) -> String {
    format!("{}{}{sequence:02}", prefix.trim(), date.format("%y%m%d"))
}
