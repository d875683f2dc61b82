//! 代收货款 paid back to the shipper (返款, issue 17): what was collected and not yet paid
//! back, per shipper and by age; the remittance batch (代收款返款单) a clerk prepares, a
//! supervisor approves and someone pays, with its reference. Storage keeps the batch and
//! its steps append-only, and a database constraint lets one collected amount be paid by
//! one remittance only; the rules here decide what may happen next.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::format_yuan;

/// One waybill's 代收货款 collected for the shipper and not yet paid back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodOwed {
    /// 单号.
    pub number: String,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// 收货方.
    pub consignee_name: String,
    /// When it was collected (the first line).
    pub collected_at: NaiveDateTime,
    /// What of it is the shipper's (collected, less refunds).
    pub amount_yuan: Decimal,
    /// The live remittance batch it is on, if any (prepared or approved, not yet paid).
    pub in_batch: Option<i64>,
}

impl CodOwed {
    /// Days since it was collected, on `today`.
    #[must_use]
    pub fn age_days(&self, today: NaiveDate) -> i64 {
        (today - self.collected_at.date()).num_days().max(0)
    }
}

/// A shipper's money waiting to go back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipperOwed {
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话: who the money goes to.
    pub shipper_phone: String,
    /// The waybills, oldest collection first.
    pub items: Vec<CodOwed>,
}

impl ShipperOwed {
    /// Everything owed to the shipper.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.items.iter().map(|i| i.amount_yuan).sum()
    }

    /// The oldest item's age in days on `today`.
    #[must_use]
    pub fn oldest_days(&self, today: NaiveDate) -> i64 {
        self.items
            .iter()
            .map(|i| i.age_days(today))
            .max()
            .unwrap_or(0)
    }
}

/// The 代收货款 figures of a period (a day, a month) for a station or a shipper: what was
/// collected for shippers (their share, refunds counted back), what was paid back to them,
/// and what is still owed at the period's end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodFigures {
    /// 代收: collected in the period.
    pub collected_yuan: Decimal,
    /// 已返: paid back in the period.
    pub paid_back_yuan: Decimal,
    /// 待返: collected by the period's end and not paid back by then.
    pub outstanding_yuan: Decimal,
}

impl CodFigures {
    /// Whether there is nothing to show.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.collected_yuan.is_zero()
            && self.paid_back_yuan.is_zero()
            && self.outstanding_yuan.is_zero()
    }

    /// The figures as one line: `代收 ¥… · 已返 ¥… · 待返 ¥…`.
    #[must_use]
    pub fn line(&self) -> String {
        format!(
            "代收 ¥{} · 已返 ¥{} · 待返 ¥{}",
            format_yuan(self.collected_yuan),
            format_yuan(self.paid_back_yuan),
            format_yuan(self.outstanding_yuan)
        )
    }
}

/// Groups what is owed by shipper (their phone), each shipper's items oldest first, the
/// shipper waiting longest first.
#[must_use]
pub fn by_shipper(mut owed: Vec<CodOwed>) -> Vec<ShipperOwed> {
    owed.sort_by(|a, b| (a.collected_at, &a.number).cmp(&(b.collected_at, &b.number)));
    let mut out: Vec<ShipperOwed> = Vec::new();
    for item in owed {
        match out
            .iter_mut()
            .find(|s| s.shipper_phone == item.shipper_phone)
        {
            Some(shipper) => shipper.items.push(item),
            None => out.push(ShipperOwed {
                shipper_name: item.shipper_name.clone(),
                shipper_phone: item.shipper_phone.clone(),
                items: vec![item],
            }),
        }
    }
    out
}

/// Where a remittance batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemittanceState {
    /// 待审批: prepared by a clerk.
    Prepared,
    /// 待付款: approved by a supervisor.
    Approved,
    /// 已付款.
    Paid,
    /// 已作废 (before payment, with a reason).
    Voided,
}

impl RemittanceState {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Prepared => "待审批",
            Self::Approved => "待付款",
            Self::Paid => "已付款",
            Self::Voided => "已作废",
        }
    }
}

/// A step taken on a batch: who, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// 工号.
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// One waybill on a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemittanceItem {
    /// 单号.
    pub number: String,
    /// 收货方.
    pub consignee_name: String,
    /// 代收货款 on the waybill.
    pub cod_yuan: Decimal,
    /// What goes back.
    pub amount_yuan: Decimal,
}

impl RemittanceItem {
    /// What the station kept of it: the fee and, for 货款扣, the freight.
    #[must_use]
    pub fn kept_yuan(&self) -> Decimal {
        (self.cod_yuan - self.amount_yuan).max(Decimal::ZERO)
    }
}

/// A remittance batch (代收款返款单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remittance {
    /// Its number.
    pub id: i64,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// The waybills paid back.
    pub items: Vec<RemittanceItem>,
    /// A note.
    pub note: String,
    /// Prepared by.
    pub prepared: Signed,
    /// Approved by (a supervisor).
    pub approved: Option<Signed>,
    /// Paid by, how and with which reference.
    pub paid: Option<(Signed, PayChannel, String)>,
    /// Voided by, and why.
    pub voided: Option<(Signed, String)>,
}

impl Remittance {
    /// The batch's number as printed: `FK000012`.
    #[must_use]
    pub fn code(&self) -> String {
        format!("FK{:06}", self.id)
    }

    /// The whole amount.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.items.iter().map(|i| i.amount_yuan).sum()
    }

    /// Where it stands.
    #[must_use]
    pub fn state(&self) -> RemittanceState {
        if self.voided.is_some() {
            RemittanceState::Voided
        } else if self.paid.is_some() {
            RemittanceState::Paid
        } else if self.approved.is_some() {
            RemittanceState::Approved
        } else {
            RemittanceState::Prepared
        }
    }

    /// Checks an approval by `by`: prepared and not yet approved, and not by who prepared
    /// it (two people see the money go).
    ///
    /// # Errors
    /// Why not, in Chinese.
    pub fn check_approval(&self, by: &str) -> Result<(), String> {
        match self.state() {
            RemittanceState::Prepared => {}
            state => {
                return Err(format!(
                    "返款单 {} {}，不能再审批",
                    self.code(),
                    state.label()
                ));
            }
        }
        if by.trim() == self.prepared.by {
            return Err(format!(
                "返款单 {} 由 {} 准备，须由另一位主管审批",
                self.code(),
                self.prepared.by
            ));
        }
        Ok(())
    }

    /// Checks a payment: approved and not yet paid, and a reference for anything but
    /// cash (the bank's, WeChat's or Alipay's transaction number). Returns the reference
    /// trimmed.
    ///
    /// # Errors
    /// Why not, in Chinese.
    pub fn check_payment(&self, channel: PayChannel, reference: &str) -> Result<String, String> {
        match self.state() {
            RemittanceState::Approved => {}
            RemittanceState::Prepared => {
                return Err(format!("返款单 {} 尚未审批，不能付款", self.code()));
            }
            state => {
                return Err(format!(
                    "返款单 {} {}，不能再付款",
                    self.code(),
                    state.label()
                ));
            }
        }
        let reference = reference.trim();
        if channel != PayChannel::Cash && reference.is_empty() {
            return Err(format!(
                "{}付款须填写交易流水号，发货方凭此核对",
                channel.label()
            ));
        }
        if reference.chars().count() > 64 {
            return Err("交易流水号过长（最多 64 个字符）".to_owned());
        }
        Ok(reference.to_owned())
    }

    /// Checks a void: not yet paid or voided, with a reason.
    ///
    /// # Errors
    /// Why not, in Chinese.
    pub fn check_void(&self, reason: &str) -> Result<(), String> {
        match self.state() {
            RemittanceState::Prepared | RemittanceState::Approved => {}
            state => {
                return Err(format!(
                    "返款单 {} {}，不能作废",
                    self.code(),
                    state.label()
                ));
            }
        }
        if reason.trim().is_empty() {
            return Err("作废返款单须写明原因".to_owned());
        }
        Ok(())
    }
}

/// Checks the amounts of a batch being prepared or paid against what was collected and
/// is still owed: each above zero and no more than owed.
///
/// # Errors
/// The first waybill asked more than was collected, in Chinese.
pub fn check_amounts(
    items: &[(String, Decimal)],
    owed: &dyn Fn(&str) -> Decimal,
) -> Result<(), String> {
    if items.is_empty() {
        return Err("请至少选择一票要返款的运单".to_owned());
    }
    for (number, amount) in items {
        let owed = owed(number);
        if *amount <= Decimal::ZERO {
            return Err(format!("运单 {number} 的返款金额须大于 0"));
        }
        if *amount > owed {
            return Err(format!(
                "运单 {number} 返款 {} 元，超过已收待返的 {} 元",
                format_yuan(*amount),
                format_yuan(owed)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
