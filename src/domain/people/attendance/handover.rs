//! Shift handovers (上下班工作交接): the shift's key and window, its figures by payment method,
//! the notes, and the record.

use super::{AttendanceSettings, Punch, ShiftKind};
use crate::domain::desk::waybill::PaymentMethod;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a handover or an override is refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    /// A handover of 休息 or 请假.
    #[error("只有早班、中班、晚班需要交接")]
    NotAWorkedShift,
    /// A clerk accepting their own handover.
    #[error("不能接收自己的交接，请由下一班的同事接收")]
    OwnHandover,
    /// A handover accepted already.
    #[error("该交接已由 {0} 接收，不能再改")]
    AlreadyAccepted(String),
    /// An override by someone who is not a supervisor.
    #[error("只有主管可以授权非当班开单")]
    NotSupervisor,
    /// A supervisor allowing themself.
    #[error("主管不能给自己授权，请由另一位主管授权")]
    OwnOverride,
    /// No reason given.
    #[error("请填写{0}")]
    NoReason(&'static str),
}

/// One person's shift: what a handover, and the P20 detector, are keyed by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ShiftKey {
    /// 工号.
    pub staff_id: String,
    /// The day the shift starts.
    pub day: NaiveDate,
    /// The shift.
    pub shift: ShiftKind,
}

impl ShiftKey {
    /// "A01 11-03 早班".
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.staff_id,
            self.day.format("%m-%d"),
            self.shift.label()
        )
    }
}

/// What a shift took in by one payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTotal {
    /// 付款方式.
    pub payment: PaymentMethod,
    /// How many waybills.
    pub waybills: u32,
    /// Their totals (freight + premium + delivery fee), in yuan.
    pub total_yuan: Decimal,
}

/// The figures of a shift handover (上下班工作交接, DOMAIN.md §6): the clerk's waybills of
/// the shift (not void) by payment method. Only 现付 is money in the till; 提付, 月结 and
/// 回单付 are listed so the next clerk sees what the shift issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverSummary {
    /// Whose shift.
    pub key: ShiftKey,
    /// The waybills counted were issued from …
    pub from: NaiveDateTime,
    /// … until before this.
    pub to: NaiveDateTime,
    /// One total per payment method, every method, in the form's order.
    pub by_payment: Vec<PaymentTotal>,
}

impl HandoverSummary {
    /// Sums `waybills` (payment method and total of each) of the shift `key` issued in
    /// `from..to`.
    #[must_use]
    pub fn new(
        key: ShiftKey,
        (from, to): (NaiveDateTime, NaiveDateTime),
        waybills: &[(PaymentMethod, Decimal)],
    ) -> Self {
        let by_payment = PaymentMethod::ALL
            .iter()
            .map(|&payment| {
                let mine = waybills.iter().filter(|(p, _)| *p == payment);
                PaymentTotal {
                    payment,
                    waybills: u32::try_from(mine.clone().count()).unwrap_or(u32::MAX),
                    total_yuan: mine.map(|(_, total)| *total).sum(),
                }
            })
            .collect();
        Self {
            key,
            from,
            to,
            by_payment,
        }
    }

    /// The total of one payment method.
    #[must_use]
    pub fn total_of(&self, payment: PaymentMethod) -> Decimal {
        self.by_payment
            .iter()
            .find(|t| t.payment == payment)
            .map_or(Decimal::ZERO, |t| t.total_yuan)
    }

    /// Cash in the till: the 现付 total.
    #[must_use]
    pub fn cash_yuan(&self) -> Decimal {
        self.total_of(PaymentMethod::PayNow)
    }

    /// Everything the shift issued.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.by_payment.iter().map(|t| t.total_yuan).sum()
    }

    /// How many waybills the shift issued.
    #[must_use]
    pub fn waybill_count(&self) -> u32 {
        self.by_payment.iter().map(|t| t.waybills).sum()
    }
}

/// The span whose waybills a handover counts: the shift as scheduled, widened to the
/// clerk's punches when they came earlier or left later (waybills issued while they
/// stayed on belong to their shift). `None` for 休息 and 请假.
#[must_use]
pub fn handover_window(
    settings: &AttendanceSettings,
    key: &ShiftKey,
    punch: Option<&Punch>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (mut from, mut to) = settings.window(key.shift, key.day)?;
    if let Some(punch) = punch.filter(|p| p.shift == key.shift && p.day == key.day) {
        let (clock_in, clock_out) = punch.moments(settings);
        if let Some(clock_in) = clock_in {
            from = from.min(clock_in);
        }
        if let Some(clock_out) = clock_out {
            // Half-open: a waybill issued in the minute of the punch still counts.
            to = to.max(clock_out + Duration::minutes(1));
        }
    }
    Some((from, to))
}

/// What the clerk writes into a handover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandoverNotes {
    /// 未完成的问题: open problems.
    pub open_problems: String,
    /// 未通知的提货: consignees still to notify.
    pub open_notifications: String,
    /// 库存: the state of the stock.
    pub stock_note: String,
}

/// A recorded handover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// Row id, to accept it.
    pub id: i64,
    /// The figures, as computed when it was recorded.
    pub summary: HandoverSummary,
    /// What the clerk wrote.
    pub notes: HandoverNotes,
    /// When it was recorded.
    pub recorded_at: NaiveDateTime,
    /// 工号 of the clerk who accepted it (the next shift).
    pub accepted_by: Option<String>,
    /// When.
    pub accepted_at: Option<NaiveDateTime>,
}

impl Handover {
    /// Checks that `by` may accept it: someone else, not accepted yet.
    pub fn check_acceptance(&self, by: &str) -> Result<(), ShiftError> {
        if let Some(accepted) = &self.accepted_by {
            return Err(ShiftError::AlreadyAccepted(accepted.clone()));
        }
        if by.trim() == self.summary.key.staff_id {
            return Err(ShiftError::OwnHandover);
        }
        Ok(())
    }
}
