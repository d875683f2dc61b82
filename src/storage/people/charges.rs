//! The supervisor's part in the costs charged in a month (应扣费用, issue 16): a charge
//! waived or set to another amount, with a reason, append-only and sealed (the review
//! reads the latest of each); and rule 22 confirmed at the month's end: the 月结 debts of
//! customers never approved for credit become their clerks' charges; and what a locked
//! month left 未扣回, kept with its lock and charged again in the month after; and the
//! clerks' appeals of their charges, a withdrawn one waiving the charge.

use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::Month;
use crate::domain::people::requests::{AppealDecision, AppealOutcome};
use crate::domain::people::review::MonthReview;
use crate::domain::people::review::charges::{
    Adjustment, Charge, ChargeAppeal, adjusted, carried_from, check_charge_appeal,
    check_charge_appeal_decision,
};
use crate::storage::sql::{Row, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};

impl Db {
    /// The changes of `month`'s charges, oldest first.
    pub fn charge_adjustments(&self, month: Month) -> Result<Vec<Adjustment>> {
        let rows = self.sql().query_map(
            "SELECT staff_id, charge_key, amount_fen, reason, decided_by, decided_at
             FROM charge_adjustments WHERE month = ?1 ORDER BY id",
            args![month.to_string()],
            Row::read::<(String, String, i64, String, String, String)>,
        )?;
        rows.into_iter()
            .map(|(staff_id, key, amount, reason, by, at)| {
                Ok(Adjustment {
                    staff_id,
                    key,
                    amount_yuan: from_fen(amount),
                    reason,
                    by,
                    at: parse_time(&at)?,
                })
            })
            .collect()
    }

    /// Waives (amount 0) or changes a charge of `month`, as the supervisor decided
    /// (`change`: whose, which, the amount, why, who, when).
    ///
    /// # Errors
    /// Refused without a reason, for a negative amount, for a charge the month's review
    /// does not have, in a locked month; the database failed.
    pub fn adjust_charge(&mut self, month: Month, change: &Adjustment) -> Result<()> {
        let Adjustment {
            staff_id,
            key,
            amount_yuan,
            reason,
            by,
            at: now,
        } = change;
        let (amount_yuan, now) = (*amount_yuan, *now);
        let reason = crate::storage::required_reason(reason, "免除或更改费用须写明原因")?;
        if amount_yuan.is_sign_negative() {
            return Err(StorageError::Refused("费用不能为负数".to_owned()));
        }
        crate::domain::desk::limits::check_money(amount_yuan, "费用")
            .map_err(StorageError::Refused)?;
        let review = self.month_review(month, now)?;
        let known = review
            .people
            .iter()
            .filter(|p| p.staff_id == *staff_id)
            .any(|p| p.charges.items.iter().any(|c| c.key() == *key));
        if !known {
            return Err(StorageError::NotFound(format!(
                "{month} 没有 {staff_id} 的这项费用"
            )));
        }
        let tx = self.sql().begin()?;
        if super::locked_months(*tx)?.contains(&month) {
            return Err(super::locked_refusal(month, "费用"));
        }
        tx.execute(
            "INSERT INTO charge_adjustments (staff_id, month, charge_key, amount_fen, reason, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![
                staff_id,
                month.to_string(),
                key,
                to_fen(amount_yuan),
                reason,
                by,
                time_text(now)
            ],
        )?;
        crate::storage::seals::seal_last(*tx, "charge_adjustments")?;
        tx.commit()?;
        Ok(())
    }

    /// Confirms rule 22 for `month` (制度第二十二条「除公司同意短欠客户，其他欠款客户由开单者
    /// 负责」): every 月结 waybill issued in the month to a customer not approved for credit,
    /// and not allowed by a supervisor at the counter, becomes a charge of its clerk of the
    /// waybill's total, once. Returns how many were added (0 when confirmed before).
    ///
    /// # Errors
    /// Refused in a locked month; the database failed.
    pub fn confirm_clerk_debts(
        &mut self,
        month: Month,
        by: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<usize> {
        // The debts are read under the writer lock, in the transaction that charges them:
        // a waybill voided, altered off 月结 or allowed by a supervisor a moment before is
        // not charged.
        let tx = self.sql().begin()?;
        if super::locked_months(*tx)?.contains(&month) {
            return Err(super::locked_refusal(month, "欠款"));
        }
        let debts: Vec<_> = self
            .clerk_debts(month.first_day())?
            .into_iter()
            .filter(|d| month.contains(d.issued_at.date()) && d.allowed_by.is_none())
            .collect();
        let mut added = 0;
        for debt in debts
            .iter()
            .filter(|d| d.total_yuan > rust_decimal::Decimal::ZERO)
        {
            let known = tx.exists(
                "SELECT 1 FROM debt_charges WHERE waybill_number = ?1",
                args![&debt.number],
            )?;
            if known {
                continue;
            }
            tx.execute(
                "INSERT INTO debt_charges (month, waybill_number, staff_id, amount_fen, detail, confirmed_by, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                args![
                    month.to_string(),
                    &debt.number,
                    &debt.clerk_id,
                    to_fen(debt.total_yuan),
                    format!(
                        "运单 {} {} 月结，客户未经批准赊账，欠款由开单员负责（{} {} 确认）",
                        debt.number,
                        debt.shipper_name,
                        by,
                        now.format("%m-%d %H:%M")
                    ),
                    by,
                    time_text(now)
                ],
            )?;
            crate::storage::seals::seal_last(*tx, "debt_charges")?;
            added += 1;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Rule 22's charges confirmed for `month`, as review charges (rule `P22`, money only).
    pub(super) fn debt_charges(&self, month: Month) -> Result<Vec<(String, Charge)>> {
        let rows = self.sql().query_map(
            "SELECT staff_id, waybill_number, amount_fen, detail, confirmed_at FROM debt_charges
             WHERE month = ?1 ORDER BY id",
            args![month.to_string()],
            Row::read::<(String, String, i64, String, String)>,
        )?;
        rows.into_iter()
            .map(|(staff_id, waybill, amount, detail, at)| {
                Ok((
                    staff_id,
                    Charge {
                        rule: "P22",
                        amount_yuan: from_fen(amount),
                        waybill,
                        detail,
                        day: parse_time(&at)?.date(),
                        adjusted: None,
                    },
                ))
            })
            .collect()
    }

    /// Adds to `review`'s charges what the events do not carry: rule 22's confirmed debts
    /// and what the month before left 未扣回, then applies the supervisor's changes. A
    /// month locked at `locked_at` takes the month before's 未扣回 only if that was locked
    /// first, so a signed review stays as signed.
    pub(super) fn add_month_charges(
        &self,
        review: &mut MonthReview,
        locked_at: Option<chrono::NaiveDateTime>,
    ) -> Result<()> {
        let month = review.month;
        let mut extra = self.debt_charges(month)?;
        extra.extend(self.carried_into(month, locked_at)?);
        let adjustments = self.charge_adjustments(month)?;
        for person in &mut review.people {
            let mine: Vec<&Adjustment> = adjustments
                .iter()
                .filter(|a| a.staff_id == person.staff_id)
                .collect();
            let owed: Vec<Charge> = extra
                .iter()
                .filter(|(id, _)| *id == person.staff_id)
                .map(|(_, c)| c.clone())
                .collect();
            if !mine.is_empty() || !owed.is_empty() {
                let mut charges = person.charges.clone();
                charges.items.extend(owed);
                person.charges = adjusted(&charges, &mine, person.pay_yuan);
            }
        }
        Ok(())
    }

    /// What `month`'s review leaves 未扣回 per person, as the lock keeps it: a JSON list
    /// of `[工号, 元]`.
    pub(super) fn carried_out(&self, month: Month, now: chrono::NaiveDateTime) -> Result<String> {
        let carried: Vec<(String, String)> = self
            .month_review(month, now)?
            .people
            .iter()
            .filter(|p| p.charges.carried_yuan > rust_decimal::Decimal::ZERO)
            .map(|p| {
                (
                    p.staff_id.clone(),
                    crate::domain::money::format_yuan(p.charges.carried_yuan),
                )
            })
            .collect();
        serde_json::to_string(&carried).map_err(|e| super::json_corrupt("未扣回费用", &e))
    }

    /// The 未扣回 of the month before `month`, as charges of `month` (rule `结转`): none
    /// while that month is open, or when `month` was locked (at `locked_at`) before it.
    fn carried_into(
        &self,
        month: Month,
        locked_at: Option<chrono::NaiveDateTime>,
    ) -> Result<Vec<(String, Charge)>> {
        let before = month.previous();
        let lock: Option<(String, String)> = self.sql().query_opt(
            "SELECT carried, locked_at FROM month_locks WHERE month = ?1",
            args![before.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some((carried, before_locked_at)) = lock else {
            return Ok(Vec::new());
        };
        let before_locked_at = parse_time(&before_locked_at)?;
        if locked_at.is_some_and(|at| at < before_locked_at) {
            return Ok(Vec::new());
        }
        let carried: Vec<(String, String)> = serde_json::from_str(&carried)
            .map_err(|e| super::json_corrupt("锁定时的未扣回费用", &e))?;
        carried
            .into_iter()
            .map(|(staff_id, yuan)| {
                let amount = crate::domain::money::parse_decimal(&yuan).ok_or_else(|| {
                    StorageError::Corrupt(format!(
                        "{before} 锁定时 {staff_id} 的未扣回「{yuan}」不是金额"
                    ))
                })?;
                Ok((staff_id, carried_from(before, amount)))
            })
            .collect()
    }

    /// The appeals of `month`'s charges, in the order made.
    pub fn charge_appeals(&self, month: Month) -> Result<Vec<ChargeAppeal>> {
        query_charge_appeals(self.sql(), "month = ?1", args![month.to_string()])
    }

    /// A clerk's appeal of their charge `key` of `month`: the charge must be theirs in
    /// the month's review, the month open, a reason given, within five working days of
    /// the charge's date, and the charge not appealed before. Returns the appeal's id.
    ///
    /// # Errors
    /// Refused as above (a Chinese message); the charge is not found; the database failed.
    pub fn appeal_charge(
        &mut self,
        month: Month,
        key: &str,
        by: &str,
        reason: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<i64> {
        let by = by.trim();
        let charge = self
            .month_review(month, now)?
            .people
            .into_iter()
            .find(|p| p.staff_id == by)
            .and_then(|p| p.charges.items.into_iter().find(|c| c.key() == key))
            .ok_or_else(|| {
                StorageError::NotFound(format!(
                    "{month} 没有 {by} 的这项费用：只能对自己的费用申诉"
                ))
            })?;
        check_charge_appeal(&charge, reason, now.date())
            .map_err(|e| StorageError::Refused(e.to_string()))?;
        let tx = self.sql().begin()?;
        if super::locked_months(*tx)?.contains(&month) {
            return Err(super::locked_refusal(month, "费用申诉"));
        }
        let earlier = query_charge_appeals(
            *tx,
            "staff_id = ?1 AND month = ?2 AND charge_key = ?3",
            args![by, month.to_string(), key],
        )?;
        if let Some(earlier) = earlier.first() {
            return Err(StorageError::Refused(format!(
                "这项费用已经申诉过（{}），不能重复申诉",
                earlier.status_label()
            )));
        }
        let id = tx.insert(
            "INSERT INTO charge_appeals (staff_id, month, charge_key, rule, amount_fen, waybill_number, reason, filed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                by,
                month.to_string(),
                key,
                charge.rule,
                to_fen(charge.amount_yuan),
                &charge.waybill,
                reason.trim(),
                time_text(now)
            ],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The supervisor upholds (维持) or withdraws (撤销) a charge appeal, with a reason; a
    /// withdrawn appeal waives the charge (an adjustment to zero naming the appeal) in the
    /// same transaction. Refused when decided already, by the appellant, by someone not a
    /// supervisor, and in a locked month; of two supervisors deciding at once one wins.
    ///
    /// # Errors
    /// Refused as above; the appeal is not found; the database failed.
    pub fn decide_charge_appeal(
        &mut self,
        id: i64,
        outcome: AppealOutcome,
        reason: &str,
        by: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<ChargeAppeal> {
        let tx = self.sql().begin()?;
        let appeal = query_charge_appeals(*tx, "id = ?1", args![id])?
            .pop()
            .ok_or_else(|| StorageError::NotFound("找不到该费用申诉".into()))?;
        check_charge_appeal_decision(&appeal, by, reason)
            .map_err(|e| StorageError::Refused(e.to_string()))?;
        super::require_supervisor(*tx, by, "处理申诉")?;
        if super::locked_months(*tx)?.contains(&appeal.month) {
            return Err(super::locked_refusal(appeal.month, "费用申诉"));
        }
        let decision = AppealDecision {
            outcome,
            reason: reason.trim().to_owned(),
            decided_by: by.trim().to_owned(),
            decided_at: now,
        };
        let changed = tx.execute(
            "UPDATE charge_appeals SET outcome = ?2, outcome_reason = ?3, decided_by = ?4, decided_at = ?5
             WHERE id = ?1 AND outcome IS NULL",
            args![
                id,
                outcome.label(),
                decision.reason,
                decision.decided_by,
                time_text(now)
            ],
        )?;
        if changed == 0 {
            return Err(StorageError::Refused(
                "该申诉刚刚已由他人处理，请刷新后查看".to_owned(),
            ));
        }
        if outcome == AppealOutcome::Withdrawn {
            tx.execute(
                "INSERT INTO charge_adjustments (staff_id, month, charge_key, amount_fen, reason, decided_by, decided_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)",
                args![
                    &appeal.staff_id,
                    appeal.month.to_string(),
                    &appeal.key,
                    format!("申诉撤销：{}", decision.reason),
                    &decision.decided_by,
                    time_text(now)
                ],
            )?;
            crate::storage::seals::seal_last(*tx, "charge_adjustments")?;
        }
        tx.commit()?;
        Ok(ChargeAppeal {
            decision: Some(decision),
            ..appeal
        })
    }
}

fn query_charge_appeals(
    conn: crate::storage::sql::Conn<'_>,
    filter: &str,
    values: &[&dyn crate::storage::sql::Param],
) -> Result<Vec<ChargeAppeal>> {
    let rows = conn.query_map(
        &format!(
            "SELECT id, staff_id, month, charge_key, rule, amount_fen, waybill_number, reason, filed_at,
                    outcome, outcome_reason, decided_by, decided_at
             FROM charge_appeals WHERE {filter} ORDER BY id"
        ),
        values,
        |r| {
            Ok((
                r.read::<(i64, String, String, String, String, i64, String, String, String)>()?,
                (
                    r.get::<Option<String>>(9)?,
                    r.get::<String>(10)?,
                    r.get::<Option<String>>(11)?,
                    r.get::<Option<String>>(12)?,
                ),
            ))
        },
    )?;
    rows.into_iter()
        .map(|(head, tail)| {
            let (id, staff_id, month, key, rule, amount, waybill, reason, filed_at) = head;
            let (outcome, outcome_reason, decided_by, decided_at) = tail;
            let decision = match (outcome, decided_by, decided_at) {
                (Some(outcome), Some(decided_by), Some(decided_at)) => Some(AppealDecision {
                    outcome: AppealOutcome::from_label(&outcome).ok_or_else(|| {
                        StorageError::Corrupt(format!("费用申诉结果「{outcome}」无法识别"))
                    })?,
                    reason: outcome_reason,
                    decided_by,
                    decided_at: parse_time(&decided_at)?,
                }),
                _ => None,
            };
            Ok(ChargeAppeal {
                id,
                staff_id,
                month: month.parse().map_err(|_| {
                    StorageError::Corrupt(format!("费用申诉月份「{month}」格式不对"))
                })?,
                key,
                rule,
                amount_yuan: from_fen(amount),
                waybill,
                reason,
                filed_at: parse_time(&filed_at)?,
                decision,
            })
        })
        .collect()
}
