//! Claims (理赔) in the database: the claims registered against a waybill and, append-only,
//! the decision on each (amount and rule, by whom and when), then paid or rejected; the
//! station's claim terms under a settings key.
//!
//! The amount is decided here, in the same transaction that reads the waybill's freight and
//! declared value, by [`crate::domain::service::claims::payable`].

use super::revisions::{Edit, Setting};
use super::sql::{Conn, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::desk::waybill::IssuedWaybill;
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::ledger::{LedgerEntry, Occasion};
use crate::domain::money::{from_fen, to_fen};
use crate::domain::service::claims::{
    ClaimBasis, ClaimDecision, ClaimKind, ClaimOutcome, ClaimRecord, ClaimSettings, NewClaim,
    Payable, payable,
};
use crate::storage::sql::Row;
use chrono::NaiveDateTime;

const DECIDED: &str = "决定";
const PAID: &str = "已赔付";
const REJECTED: &str = "拒赔";

fn basis_of(conn: Conn<'_>, number: &str) -> Result<ClaimBasis> {
    if let Some(issued) = super::waybills::load_waybill(conn, number)? {
        return Ok(ClaimBasis {
            freight_yuan: issued.waybill.freight_yuan,
            declared_value_yuan: issued.waybill.declared_value_yuan,
            damage_at_shipper_risk: issued.waybill.damage_terms(),
        });
    }
    let snapshot: Option<String> = conn.value(
        "SELECT snapshot FROM incoming_waybills WHERE number = ?1",
        args![number],
    )?;
    let json = snapshot.ok_or_else(|| StorageError::NotFound(format!("找不到单号 {number}")))?;
    let issued: IssuedWaybill = serde_json::from_str(&json)
        .map_err(|e| StorageError::Corrupt(format!("外站运单 {number} 无法读取：{e}")))?;
    Ok(ClaimBasis {
        freight_yuan: issued.waybill.freight_yuan,
        declared_value_yuan: issued.waybill.declared_value_yuan,
        damage_at_shipper_risk: issued.waybill.damage_terms(),
    })
}

fn settings_of(conn: Conn<'_>) -> Result<ClaimSettings> {
    super::settings::read_json(conn, Setting::Claims.key(), Setting::Claims.label())
}

fn claim_of(conn: Conn<'_>, id: i64) -> Result<ClaimRecord> {
    let row: Option<(String, String, i64, String, String, String)> = conn
        .query_opt(
            "SELECT waybill_number, kind, asked_fen, note, registered_by, registered_at FROM claims WHERE id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    let (number, kind, asked, note, by, at) =
        row.ok_or_else(|| StorageError::NotFound(format!("找不到理赔 {id}")))?;
    let mut claim = ClaimRecord {
        id,
        number,
        kind: ClaimKind::from_label(&kind)
            .ok_or_else(|| StorageError::Corrupt(format!("理赔类型 {kind}")))?,
        asked_yuan: from_fen(asked),
        note,
        registered_by: by,
        registered_at: parse_time(&at)?,
        decision: None,
        outcome: None,
    };
    let rows = conn.query_map("SELECT action, amount_fen, rule, channel, reason, staff_id, at FROM claim_decisions WHERE claim_id = ?1 ORDER BY id", args![id], Row::read::<(String, i64, String, String, String, String, String)>)?;
    for row in rows {
        let (action, amount, rule, channel, reason, by, at) = row;
        let at = parse_time(&at)?;
        match action.as_str() {
            DECIDED => {
                claim.decision = Some(ClaimDecision {
                    amount_yuan: from_fen(amount),
                    rule,
                    decided_by: by,
                    decided_at: at,
                });
            }
            PAID => {
                claim.outcome = Some(ClaimOutcome::Paid {
                    channel: PayChannel::from_label(&channel)
                        .ok_or_else(|| StorageError::Corrupt(format!("收款方式 {channel}")))?,
                    by,
                    at,
                });
            }
            _ => claim.outcome = Some(ClaimOutcome::Rejected { reason, by, at }),
        }
    }
    Ok(claim)
}

impl Db {
    /// The claim terms, defaults where never saved.
    pub fn claim_settings(&self) -> Result<ClaimSettings> {
        settings_of(self.sql())
    }

    /// The figures the waybill's printed terms quote: the claim multiple and the storage
    /// fee in force, the ones the claim and release pages apply.
    pub fn term_figures(&self) -> Result<crate::domain::settings::TermFigures> {
        Ok(crate::domain::settings::TermFigures {
            claims: self.claim_settings()?,
            storage: self.dispatch_settings()?.storage,
        })
    }

    /// Saves the claim terms.
    pub fn save_claim_settings(&self, settings: &ClaimSettings, edit: Edit<'_>) -> Result<()> {
        self.save_setting(Setting::Claims, settings, edit)
    }

    /// The freight and declared value a claim on `number` is decided on.
    pub fn claim_basis(&self, number: &str) -> Result<ClaimBasis> {
        basis_of(self.sql(), number.trim())
    }

    /// The claims of one waybill, oldest first.
    pub fn claims(&self, number: &str) -> Result<Vec<ClaimRecord>> {
        let ids: Vec<i64> = self.sql().query_map(
            "SELECT id FROM claims WHERE waybill_number = ?1 ORDER BY id",
            args![number.trim()],
            |r| r.get(0),
        )?;
        ids.into_iter().map(|id| claim_of(self.sql(), id)).collect()
    }

    /// Registers a claim on `number`; returns its id.
    pub fn register_claim(
        &mut self,
        number: &str,
        claim: &NewClaim,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.sql().begin()?;
        basis_of(*tx, number.trim())?;
        let id = tx.insert(
            "INSERT INTO claims (waybill_number, kind, asked_fen, note, registered_by, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                number.trim(),
                claim.kind.label(),
                to_fen(claim.asked_yuan),
                claim.note,
                staff_id,
                time_text(now)
            ])?;
        tx.commit()?;
        Ok(id)
    }

    /// Decides claim `id` by the rules: the amount payable and its rule, from the waybill
    /// and the terms as they stand now.
    pub fn decide_claim(
        &mut self,
        id: i64,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<Payable> {
        let tx = self.sql().begin()?;
        let claim = claim_of(*tx, id)?;
        if claim.decision.is_some() || claim.outcome.is_some() {
            return Err(StorageError::Refused(format!("理赔 {id} 已决定")));
        }
        let basis = basis_of(*tx, &claim.number)?;
        let terms = settings_of(*tx)?;
        let decided = payable(claim.kind, claim.asked_yuan, &basis, &terms);
        tx.execute(
            "INSERT INTO claim_decisions (claim_id, action, amount_fen, rule, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![id, DECIDED, to_fen(decided.amount_yuan), decided.rule, supervisor_id, time_text(now)])?;
        tx.commit()?;
        Ok(decided)
    }

    /// Marks decided claim `id` paid.
    pub fn pay_claim(
        &mut self,
        id: i64,
        channel: PayChannel,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        let claim = claim_of(*tx, id)?;
        let Some(decision) = &claim.decision else {
            return Err(StorageError::Refused(format!(
                "理赔 {id} 尚未决定，不能赔付"
            )));
        };
        if claim.outcome.is_some() {
            return Err(StorageError::Refused(format!("理赔 {id} 已结案")));
        }
        tx.execute(
            "INSERT INTO claim_decisions (claim_id, action, amount_fen, channel, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![id, PAID, to_fen(decision.amount_yuan), channel.label(), staff_id, time_text(now)])?;
        // The money leaves the drawer: a ledger line (money out) the cash book counts.
        if decision.amount_yuan > rust_decimal::Decimal::ZERO {
            super::money::insert_entry(
                *tx,
                &LedgerEntry::new(
                    &claim.number,
                    now,
                    staff_id,
                    -decision.amount_yuan,
                    channel,
                    Occasion::Claim,
                )
                .because(format!("理赔 {id}（{}）", claim.kind.label())),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Rejects claim `id` (decided or not, not paid) with a reason.
    pub fn reject_claim(
        &mut self,
        id: i64,
        reason: &str,
        supervisor_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = crate::storage::required_reason(reason, "拒赔须写明原因")?;
        let tx = self.sql().begin()?;
        let claim = claim_of(*tx, id)?;
        if claim.outcome.is_some() {
            return Err(StorageError::Refused(format!("理赔 {id} 已结案")));
        }
        tx.execute(
            "INSERT INTO claim_decisions (claim_id, action, reason, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![id, REJECTED, reason, supervisor_id, time_text(now)])?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
    use std::str::FromStr;

    fn at(h: u32) -> NaiveDateTime {
        crate::testing::time(2026, 11, 23, h, 0)
    }

    fn d(text: &str) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from_str(text).unwrap()
    }

    fn db() -> Db {
        let db = Db::open_in_memory().unwrap();
        db.sql()
            .batch("INSERT INTO staff (id, name, role) VALUES ('A01', '张丽', '开单员')")
            .unwrap();
        db
    }

    /// A database with A01 and an uninsured waybill of 255 yuan freight issued at 09:00;
    /// its number.
    fn issued() -> (Db, String) {
        let mut db = db();
        let waybill = WaybillDraft {
            pieces: "2".into(),
            weight_kg: "100.5".into(),
            volume_m3: "0.125".into(),
            freight: "255".into(),
            payment: PaymentMethod::PayNow,
            ..WaybillDraft::sample()
        }
        .validate(&ValidationContext::lenient())
        .unwrap();
        let number = db
            .issue_waybill(&waybill, "A01", "GZ", at(9))
            .unwrap()
            .number;
        (db, number)
    }

    #[test]
    fn a_claim_is_decided_by_the_stored_terms_then_paid_once() {
        let (mut db, number) = issued();
        assert_eq!(db.claim_settings().unwrap(), ClaimSettings::default());
        db.save_claim_settings(
            &ClaimSettings {
                freight_multiple: d("2"),
            },
            Edit::unattributed(),
        )
        .unwrap();
        let claim = NewClaim {
            kind: ClaimKind::Loss,
            asked_yuan: d("1000"),
            note: String::new(),
        };
        assert!(db.register_claim("GZ404", &claim, "A01", at(10)).is_err());
        let id = db.register_claim(&number, &claim, "A01", at(10)).unwrap();
        assert!(db.pay_claim(id, PayChannel::Cash, "A01", at(11)).is_err());
        // Uninsured, 255 freight × 2.
        let decided = db.decide_claim(id, "S01", at(11)).unwrap();
        assert_eq!(decided.amount_yuan, d("510"));
        assert!(db.decide_claim(id, "S01", at(11)).is_err());
        db.pay_claim(id, PayChannel::WeChat, "A01", at(12)).unwrap();
        assert!(db.reject_claim(id, "晚了", "S01", at(13)).is_err());
        let claims = db.claims(&number).unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].state_label(), "已赔付");
        assert_eq!(claims[0].decision.as_ref().unwrap().amount_yuan, d("510"));
        // Paid out of the drawer: a ledger line the cash book counts, and the freight
        // paid at issue can still be refunded in full.
        let ledger = db.ledger(&number).unwrap();
        let out = ledger.last().unwrap();
        assert_eq!(
            (
                out.occasion,
                out.amount_yuan,
                out.channel,
                out.staff_id.as_str()
            ),
            (Occasion::Claim, d("-510"), PayChannel::WeChat, "A01")
        );
        assert_eq!(out.reason, format!("理赔 {id}（丢失）"));
        assert_eq!(crate::domain::money::ledger::net_paid(&ledger), d("255"));
        let day = db.ledger_between(at(0), at(23), Some("A01")).unwrap();
        assert_eq!(
            crate::domain::money::ledger::ByChannel::of(&day).get(PayChannel::WeChat),
            d("-510")
        );
    }

    #[test]
    fn a_rejection_needs_a_reason() {
        let (mut db, number) = issued();
        let claim = NewClaim {
            kind: ClaimKind::Damage,
            asked_yuan: d("50"),
            note: "外箱压坏".to_owned(),
        };
        let id = db.register_claim(&number, &claim, "A01", at(10)).unwrap();
        assert!(db.reject_claim(id, "  ", "S01", at(11)).is_err());
        db.reject_claim(id, "签收时未提出", "S01", at(11)).unwrap();
        assert_eq!(db.claims(&number).unwrap()[0].state_label(), "拒赔");
    }
}
