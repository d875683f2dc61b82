//! The supervisor's part in the costs charged in a month (应扣费用, issue 16): a charge
//! waived or set to another amount, with a reason, append-only and sealed (the review
//! reads the latest of each); and rule 22 confirmed at the month's end: the 月结 debts of
//! customers never approved for credit become their clerks' charges; and what a locked
//! month left 未扣回, kept with its lock and charged again in the month after.

use crate::domain::money::{from_fen, to_fen};
use crate::domain::people::Month;
use crate::domain::people::review::MonthReview;
use crate::domain::people::review::charges::{Adjustment, Charge, adjusted, carried_from};
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
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StorageError::Refused("免除或更改费用须写明原因".to_owned()));
        }
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
        let debts: Vec<_> = self
            .clerk_debts(month.first_day())?
            .into_iter()
            .filter(|d| month.contains(d.issued_at.date()) && d.allowed_by.is_none())
            .collect();
        let tx = self.sql().begin()?;
        if super::locked_months(*tx)?.contains(&month) {
            return Err(super::locked_refusal(month, "欠款"));
        }
        let mut added = 0;
        for debt in debts
            .iter()
            .filter(|d| d.total_yuan > rust_decimal::Decimal::ZERO)
        {
            let known = tx
                .query_opt(
                    "SELECT 1 FROM debt_charges WHERE waybill_number = ?1",
                    args![&debt.number],
                    |_| Ok(()),
                )?
                .is_some();
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
}
