//! No silent alteration (不能私自涂改): what changed between two versions of a waybill,
//! and the hash chain that makes the alteration history tamper-evident. Every history
//! entry carries the hash of the one before it, so changing or removing any stored entry
//! breaks every hash after it, which `kaidan check` reports.

use crate::domain::desk::waybill::{Field, Waybill};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One changed field: its label and the values before and after, as displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Label of the field, e.g. 件数.
    pub field: String,
    /// Value before.
    pub old: String,
    /// Value after.
    pub new: String,
}

/// The fields that differ between two versions, in form order.
#[must_use]
pub fn changes(old: &Waybill, new: &Waybill) -> Vec<FieldChange> {
    old.field_values()
        .into_iter()
        .zip(new.field_values())
        .filter(|((_, before), (_, after))| before != after)
        .map(
            |((field, before), (_, after)): ((Field, String), (Field, String))| FieldChange {
                field: field.label().to_owned(),
                old: before,
                new: after,
            },
        )
        .collect()
}

/// What happened to a waybill, as the history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryAction {
    /// 开单: issued.
    Issue,
    /// 修改: altered with a reason.
    Alter,
    /// 作废: voided with a reason.
    Void,
}

impl HistoryAction {
    /// Chinese label, as stored and shown.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Issue => "开单",
            Self::Alter => "修改",
            Self::Void => "作废",
        }
    }

    /// The action stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Issue, Self::Alter, Self::Void]
            .into_iter()
            .find(|a| a.label() == label)
    }
}

/// The content of one history entry that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryContent<'a> {
    /// Waybill number.
    pub waybill_number: &'a str,
    /// When, as stored (`YYYY-MM-DD HH:MM:SS`).
    pub at: &'a str,
    /// 工号 of who did it.
    pub staff_id: &'a str,
    /// What was done.
    pub action: HistoryAction,
    /// Why (empty for issue).
    pub reason: &'a str,
    /// The changes as stored JSON.
    pub changes_json: &'a str,
    /// The whole waybill after the action, as stored JSON.
    pub snapshot_json: &'a str,
}

/// The hash of the chain's start, before any entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The hash of an entry: SHA-256 over the previous hash and every field, each
/// length-prefixed so that no two different entries hash the same input.
#[must_use]
pub fn entry_hash(previous_hash: &str, content: &HistoryContent<'_>) -> String {
    let mut hasher = Sha256::new();
    for part in [
        previous_hash,
        content.waybill_number,
        content.at,
        content.staff_id,
        content.action.label(),
        content.reason,
        content.changes_json,
        content.snapshot_json,
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    lower_hex(&hasher.finalize())
}

/// Bytes as lower-case hex digits, two a byte: how every hash kaidan keeps is written.
#[must_use]
pub fn lower_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(reason: &str) -> HistoryContent<'_> {
        HistoryContent {
            waybill_number: "GZ2611230001",
            at: "2026-11-23 09:00:00",
            staff_id: "A01",
            action: HistoryAction::Alter,
            reason,
            changes_json: "[]",
            snapshot_json: "{}",
        }
    }

    #[test]
    fn hash_depends_on_every_part_and_the_previous_hash() {
        let base = entry_hash(GENESIS_HASH, &content("客户改件数"));
        assert_eq!(base.len(), 64);
        assert_eq!(base, entry_hash(GENESIS_HASH, &content("客户改件数")));
        assert_ne!(base, entry_hash(GENESIS_HASH, &content("客户改件数。")));
        assert_ne!(base, entry_hash(&base, &content("客户改件数")));
    }

    #[test]
    fn length_prefix_separates_fields() {
        let mut a = content("ab");
        a.staff_id = "A0";
        let mut b = content("1ab");
        b.staff_id = "A";
        // Without length prefixes "A0"+"1ab"... could collide with shifted boundaries.
        assert_ne!(entry_hash(GENESIS_HASH, &a), entry_hash(GENESIS_HASH, &b));
    }
}
