//! 应扣费用: the costs the rules charge to the person who caused them (制度「并负责产生的
//! 费用」, DOMAIN.md §7 rules 2, 3, 5–10), as the monthly review shows them beside the
//! points: each with its rule, amount, waybill and evidence, the month's total, and the
//! pay left after them.
//!
//! **(reading)** At most a fifth of the month's pay is deducted in one month (《工资支付
//! 暂行规定》第十六条: a deduction for damage the worker caused may not exceed 20% of the
//! month's wage); what is over is shown as 未扣回, and when the month is locked it is
//! carried into the next month's review as a charge of its own ([`carried_from`], rule
//! `结转`), again up to a fifth of that pay, until it is paid off or the supervisor waives
//! it. So `net_pay` = pay − the deducted part, and never below zero. Someone who leaves
//! with 未扣回 left has it shown on the last review; what happens to it then is for the
//! company to settle with them outside the pay.
//!
//! The supervisor may waive a charge or change its amount, with a reason
//! ([`Adjustment`], append-only): the latest for a charge stands, and the charge shows
//! what it was and why it changed.
//!
//! A clerk appeals a charge as they appeal points ([`ChargeAppeal`]): within five working
//! days of its date, once, with a reason; the supervisor upholds it (维持) or withdraws it
//! (撤销, which waives the charge). This is how a charge with no event of its own (rule
//! 22's debts, 结转) is disputed, and how a clerk who accepts the point but not the
//! amount says so; withdrawing the event on appeal still takes its charge with it.

use rust_decimal::Decimal;

use crate::domain::money::round_yuan;
use crate::domain::people::Month;
use crate::domain::people::points::PointEvent;
use crate::domain::people::requests::{
    AppealDecision, RequestError, check_appeal_in_time, check_decision,
};

/// The rule code of what a month left 未扣回, charged in the month after it.
pub const CARRIED: &str = "结转";

/// One cost charged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The rule's code (`P8` …).
    pub rule: &'static str,
    /// Yuan, to the fen, above zero.
    pub amount_yuan: Decimal,
    /// 单号, empty if none.
    pub waybill: String,
    /// What it is for: the event's note (a detector's evidence, or what was entered).
    pub detail: String,
    /// The day of the event.
    pub day: chrono::NaiveDate,
    /// Set when the supervisor changed it: the amount before, and who, when and why.
    pub adjusted: Option<String>,
}

impl Charge {
    /// What names the charge of a person across reviews: rule, waybill and day.
    #[must_use]
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.rule, self.waybill, self.day)
    }
}

/// A charge waived (amount 0) or changed by the supervisor, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// Whose charge.
    pub staff_id: String,
    /// Which ([`Charge::key`]).
    pub key: String,
    /// The amount it stands at now; zero waives it.
    pub amount_yuan: Decimal,
    /// Why.
    pub reason: String,
    /// 工号 of the supervisor.
    pub by: String,
    /// When.
    pub at: chrono::NaiveDateTime,
}

/// A month's charges of one person and what they do to the pay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Charges {
    /// Every charge, by day.
    pub items: Vec<Charge>,
    /// Their sum.
    pub total_yuan: Decimal,
    /// What is deducted from this month's pay: the sum, up to a fifth of the pay.
    pub deducted_yuan: Decimal,
    /// What is over that (未扣回).
    pub carried_yuan: Decimal,
}

/// The share of a month's pay that charges may take.
#[must_use]
pub fn monthly_cap() -> Decimal {
    Decimal::new(20, 2)
}

/// The charges of the events that count for the person (each event with a 费用), and
/// what they take from `pay_yuan`.
#[must_use]
pub fn settle(events: &[&PointEvent], pay_yuan: Decimal) -> Charges {
    let items = events
        .iter()
        .filter_map(|e| {
            e.charge_yuan
                .filter(|a| *a > Decimal::ZERO)
                .map(|amount| Charge {
                    rule: e.code.code(),
                    amount_yuan: round_yuan(amount),
                    waybill: e.waybill_number.clone(),
                    detail: e.note.clone(),
                    day: e.day,
                    adjusted: None,
                })
        })
        .collect();
    totals(items, pay_yuan)
}

/// `charges` with the supervisor's changes (`adjustments`, oldest first: the latest of a
/// charge stands), against `pay_yuan`.
#[must_use]
pub fn adjusted(charges: &Charges, adjustments: &[&Adjustment], pay_yuan: Decimal) -> Charges {
    let items = charges
        .items
        .iter()
        .map(|c| {
            let key = c.key();
            match adjustments.iter().rev().find(|a| a.key == key) {
                Some(a) => Charge {
                    amount_yuan: round_yuan(a.amount_yuan.max(Decimal::ZERO)),
                    adjusted: Some(format!(
                        "原 {} 元，{} {} {}：{}",
                        crate::domain::money::format_yuan(c.amount_yuan),
                        a.by,
                        a.at.format("%m-%d %H:%M"),
                        if a.amount_yuan.is_zero() {
                            "免除".to_owned()
                        } else {
                            format!(
                                "改为 {} 元",
                                crate::domain::money::format_yuan(a.amount_yuan)
                            )
                        },
                        a.reason
                    )),
                    ..c.clone()
                },
                None => c.clone(),
            }
        })
        .collect();
    totals(items, pay_yuan)
}

fn totals(items: Vec<Charge>, pay_yuan: Decimal) -> Charges {
    let total_yuan: Decimal = items.iter().map(|c| c.amount_yuan).sum();
    let cap = round_yuan(pay_yuan.max(Decimal::ZERO) * monthly_cap());
    let deducted_yuan = total_yuan.min(cap);
    Charges {
        items,
        total_yuan,
        deducted_yuan,
        carried_yuan: total_yuan - deducted_yuan,
    }
}

/// A clerk's appeal (申诉) of one of their charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeAppeal {
    /// Row id, to decide it.
    pub id: i64,
    /// 工号 of the clerk charged, who appeals.
    pub staff_id: String,
    /// The review month of the charge.
    pub month: Month,
    /// Which charge ([`Charge::key`]).
    pub key: String,
    /// Its rule code, amount and waybill when appealed, to read the appeal by.
    pub rule: String,
    /// See `rule`.
    pub amount_yuan: Decimal,
    /// See `rule`.
    pub waybill: String,
    /// Why the clerk disagrees.
    pub reason: String,
    /// When it was made.
    pub filed_at: chrono::NaiveDateTime,
    /// The supervisor's decision; `None` while pending. 撤销 waived the charge.
    pub decision: Option<AppealDecision>,
}

impl ChargeAppeal {
    /// 待处理, 维持 or 撤销.
    #[must_use]
    pub fn status_label(&self) -> &'static str {
        self.decision
            .as_ref()
            .map_or("待处理", |d| d.outcome.label())
    }
}

/// Checks a new appeal of `charge` on `today`: a reason, within five working days of the
/// charge's date. Storage checks the rest (the appellant's own charge, no earlier appeal,
/// the month open).
///
/// # Errors
/// No reason, or too late.
pub fn check_charge_appeal(
    charge: &Charge,
    reason: &str,
    today: chrono::NaiveDate,
) -> Result<(), RequestError> {
    check_appeal_in_time(charge.day, reason, today)
}

/// Checks a decision on `appeal` by `by`: pending, with a reason, not by the appellant.
///
/// # Errors
/// Decided already, the appellant's own, or no reason.
pub fn check_charge_appeal_decision(
    appeal: &ChargeAppeal,
    by: &str,
    reason: &str,
) -> Result<(), RequestError> {
    check_decision(appeal.decision.as_ref(), &appeal.staff_id, by, reason)
}

/// What `from` left 未扣回 of a person's charges, as a charge of the month after it, dated
/// its first day.
#[must_use]
pub fn carried_from(from: Month, amount_yuan: Decimal) -> Charge {
    Charge {
        rule: CARRIED,
        amount_yuan: round_yuan(amount_yuan),
        waybill: String::new(),
        detail: format!(
            "{from} 应扣费用超过当月工资的 20%，未扣回 {} 元结转本月",
            crate::domain::money::format_yuan(amount_yuan)
        ),
        day: from.next().first_day(),
        adjusted: None,
    }
}

/// 费用 as typed or in an events file: empty (or 0) = none; else yuan above zero with at
/// most two decimals.
///
/// # Errors
/// What is wrong with it, in Chinese.
pub fn parse_charge(text: &str) -> Result<Option<rust_decimal::Decimal>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refused = || format!("费用「{text}」不对：请填写元，大于 0，最多两位小数（没有费用留空）");
    let value = crate::domain::money::parse_decimal(text).ok_or_else(refused)?;
    if value.is_sign_negative() || value.normalize().scale() > 2 {
        return Err(refused());
    }
    let value = crate::domain::desk::limits::check_money(value, "费用")?;
    Ok((!value.is_zero()).then_some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::points::{EventCode, EventSource, Rule};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn event(rule: Rule, charge: Option<&str>) -> PointEvent {
        PointEvent {
            staff_id: "A01".into(),
            day: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            code: EventCode::Rule(rule),
            quantity: 1,
            waybill_number: "GZ2611200001".into(),
            note: "运单 GZ2611200001 运费 40.00 元，报价表 50.00 元，短收 10.00 元".into(),
            source: EventSource::Detected,
            charge_yuan: charge.map(d),
        }
    }

    /// The supervisor's latest change of a charge stands and is told; a waived charge
    /// is listed at zero and takes nothing.
    #[test]
    fn adjustments_change_or_waive_a_charge() {
        let p8 = event(Rule::P8, Some("10"));
        let p6 = event(Rule::P6, Some("300"));
        let charges = settle(&[&p8, &p6], d("3760"));
        let at = |h| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let change = |key: String, amount: &str, hour| Adjustment {
            staff_id: "A01".into(),
            key,
            amount_yuan: d(amount),
            reason: "客户已补交运费".into(),
            by: "S01".into(),
            at: at(hour),
        };
        let first = change(charges.items[0].key(), "5", 9);
        let second = change(charges.items[0].key(), "0", 10);
        let other = change(charges.items[1].key(), "100", 9);
        let a = adjusted(&charges, &[&first, &second, &other], d("3760"));
        assert_eq!(a.items[0].amount_yuan, d("0"));
        assert_eq!(
            a.items[0].adjusted.as_deref(),
            Some("原 10.00 元，S01 12-01 10:00 免除：客户已补交运费")
        );
        assert_eq!(a.items[1].amount_yuan, d("100.00"));
        assert_eq!(a.total_yuan, d("100.00"));
    }

    /// The held-out month of the issue: a ¥40 waybill priced ¥50 charges ¥10.00; events
    /// without a 费用 charge nothing; a fifth of the pay at most is deducted.
    #[test]
    fn charges_are_summed_and_deducted_up_to_a_fifth_of_the_pay() {
        let p8 = event(Rule::P8, Some("10"));
        let p2 = event(Rule::P2, None);
        let p6 = event(Rule::P6, Some("300.505"));
        let c = settle(&[&p8, &p2], d("3760"));
        assert_eq!(c.items.len(), 1);
        assert_eq!(
            (c.items[0].rule, c.items[0].amount_yuan),
            ("P8", d("10.00"))
        );
        assert_eq!(
            (c.total_yuan, c.deducted_yuan, c.carried_yuan),
            (d("10.00"), d("10.00"), d("0"))
        );
        let c = settle(&[&p8, &p6], d("1000"));
        assert_eq!(c.total_yuan, d("310.51"));
        assert_eq!(c.deducted_yuan, d("200.00"));
        assert_eq!(c.carried_yuan, d("110.51"));
        let c = settle(&[&p8], Decimal::ZERO);
        assert_eq!((c.deducted_yuan, c.carried_yuan), (d("0"), d("10.00")));
    }
}
