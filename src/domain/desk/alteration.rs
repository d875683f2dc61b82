//! No silent alteration (不能私自涂改): what changed between two versions of a waybill,
//! and the hash chain that makes the alteration history tamper-evident. Every history
//! entry carries the hash of the one before it, so changing or removing any stored entry
//! breaks every hash after it, which `kaidan check` reports.

use crate::domain::desk::waybill::{Field, Waybill};
use crate::domain::people::Month;
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};
use chrono::NaiveDateTime;
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

/// An alteration of a waybill after issue, as the P2 / P3 / P5 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlterationFacts {
    /// 单号.
    pub number: String,
    /// 工号 of the clerk who issued the waybill (whose entry was wrong).
    pub clerk_id: String,
    /// When it was altered.
    pub altered_at: NaiveDateTime,
    /// 工号 of who altered it.
    pub altered_by: String,
    /// The reason written for it.
    pub reason: String,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// The rule an entry corrected after issue breaks (制度第二、三、五条): the consignee or
/// their phone → P2 收货方错误, the destination → P3 到站地址错误, the payment method →
/// P5 付款方式错误; other fields break none of them.
#[must_use]
pub fn wrong_entry_rule(field: &str) -> Option<Rule> {
    if field == Field::ConsigneeName.label() || field == Field::ConsigneePhone.label() {
        Some(Rule::P2)
    } else if field == Field::Destination.label() {
        Some(Rule::P3)
    } else if field == Field::Payment.label() {
        Some(Rule::P5)
    } else {
        None
    }
}

/// P2 / P3 / P5 (`rule`): each waybill altered in the month in a field of `rule` is one
/// event for the clerk who issued it, on the day of the (first such) alteration, with
/// the alteration as evidence. Proposed like every detected event: it counts unless the
/// supervisor dismisses it (a shipper who changed their mind is not the clerk's error).
#[must_use]
pub fn detect_wrong_entries(
    month: Month,
    alterations: &[AlterationFacts],
    rule: Rule,
) -> Vec<DetectedEvent> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for alteration in alterations {
        if !month.contains(alteration.altered_at.date()) {
            continue;
        }
        let fields: Vec<&FieldChange> = alteration
            .changes
            .iter()
            .filter(|c| wrong_entry_rule(&c.field) == Some(rule))
            .collect();
        if fields.is_empty() || !seen.insert(alteration.number.clone()) {
            continue;
        }
        let changed: Vec<String> = fields
            .iter()
            .map(|c| format!("{}「{}」→「{}」", c.field, c.old, c.new))
            .collect();
        out.push(DetectedEvent {
            evidence_key: alteration.number.clone(),
            event: PointEvent {
                staff_id: alteration.clerk_id.clone(),
                day: alteration.altered_at.date(),
                code: EventCode::Rule(rule),
                quantity: 1,
                waybill_number: alteration.number.clone(),
                note: format!(
                    "运单 {} 开单后修改：{}（{} {} 修改，原因：{}）",
                    alteration.number,
                    changed.join("，"),
                    alteration.altered_by,
                    alteration.altered_at.format("%m-%d %H:%M"),
                    alteration.reason
                ),
                source: EventSource::Detected,
                charge_yuan: None,
            },
        });
    }
    out
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

    fn change(field: Field, old: &str, new: &str) -> FieldChange {
        FieldChange {
            field: field.label().to_owned(),
            old: old.to_owned(),
            new: new.to_owned(),
        }
    }

    fn altered(number: &str, at: &str, changes: Vec<FieldChange>) -> AlterationFacts {
        AlterationFacts {
            number: number.to_owned(),
            clerk_id: "A01".to_owned(),
            altered_at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(),
            altered_by: "S01".to_owned(),
            reason: "客户来电更正".to_owned(),
            changes,
        }
    }

    /// Each rule finds the waybills altered in its own fields, once per waybill, for the
    /// issuing clerk, on the alteration's day, within the month only.
    #[test]
    fn p2_p3_p5_are_found_in_the_alterations_of_their_fields() {
        let month: Month = "2026-11".parse().unwrap();
        let alterations = vec![
            altered(
                "GZ01",
                "2026-11-20 10:00",
                vec![change(
                    Field::ConsigneePhone,
                    "0731-57123456",
                    "0731-57123457",
                )],
            ),
            altered(
                "GZ01",
                "2026-11-21 10:00",
                vec![change(Field::ConsigneeName, "李记", "李记批发部")],
            ),
            altered(
                "GZ02",
                "2026-11-22 09:00",
                vec![
                    change(Field::Destination, "湘潭市 雨湖区", "湘潭市 湘潭县"),
                    change(Field::Payment, "现付", "提付"),
                    change(Field::Pieces, "2", "3"),
                ],
            ),
            altered(
                "GZ03",
                "2026-11-23 09:00",
                vec![change(Field::Pieces, "2", "3")],
            ),
            altered(
                "GZ04",
                "2026-12-01 09:00",
                vec![change(Field::Payment, "现付", "提付")],
            ),
        ];
        let found = |rule| -> Vec<(String, String)> {
            detect_wrong_entries(month, &alterations, rule)
                .into_iter()
                .map(|d| (d.evidence_key, d.event.day.to_string()))
                .collect()
        };
        let one = |n: &str, d: &str| vec![(n.to_owned(), d.to_owned())];
        assert_eq!(found(Rule::P2), one("GZ01", "2026-11-20"));
        assert_eq!(found(Rule::P3), one("GZ02", "2026-11-22"));
        assert_eq!(found(Rule::P5), one("GZ02", "2026-11-22"));
        let p2 = detect_wrong_entries(month, &alterations, Rule::P2).remove(0);
        assert_eq!(p2.event.staff_id, "A01");
        assert_eq!(p2.event.code, EventCode::Rule(Rule::P2));
        assert_eq!(
            p2.event.note,
            "运单 GZ01 开单后修改：收货方电话「0731-57123456」→「0731-57123457」（S01 11-20 10:00 修改，原因：客户来电更正）"
        );
    }
}
