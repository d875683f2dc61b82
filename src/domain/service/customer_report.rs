//! A customer's month (客户月度统计, issue 18 item 5): what a shipper sent in a month and
//! what came of it — the waybills with their pieces, weight, volume and money, what the
//! shipper paid and still owes of what is theirs to pay, the exceptions on their goods, the
//! complaints they made, how satisfied the 回访 found them, and their 代收货款. Every customer who shipped gets one, not only
//! those on a monthly account; storage gathers the figures, this sums them.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::cod::CodFigures;
use crate::domain::people::Month;
use crate::domain::service::return_call::Satisfaction;

/// One waybill of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerWaybillLine {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// 到站.
    pub dest_name: String,
    /// 收货方.
    pub consignee_name: String,
    /// 件数.
    pub pieces: u32,
    /// 重量.
    pub weight_kg: Decimal,
    /// 体积.
    pub volume_m3: Decimal,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// 合计.
    pub total_yuan: Decimal,
    /// Paid against it so far (the payments ledger).
    pub paid_yuan: Decimal,
    /// Exceptions registered on it.
    pub exceptions: u32,
}

impl CustomerWaybillLine {
    /// Whether the shipper pays it (现付, 月结, 回单付), not the consignee (提付) or the
    /// goods' money (货款扣).
    #[must_use]
    pub fn shipper_pays(&self) -> bool {
        matches!(
            self.payment,
            PaymentMethod::PayNow | PaymentMethod::Monthly | PaymentMethod::OnReceipt
        )
    }
}

/// A customer's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMonth {
    /// The customer's file.
    pub customer_id: i64,
    /// Its name.
    pub name: String,
    /// Its phones.
    pub phones: Vec<String>,
    /// The month.
    pub month: Month,
    /// Its waybills as shipper, by issue time (voided ones left out).
    pub lines: Vec<CustomerWaybillLine>,
    /// 月结 payments it made against the month's statement.
    pub account_paid_yuan: Decimal,
    /// Complaints it made in the month (咨询投诉 of the category 投诉 from its phones).
    pub complaints: u32,
    /// Other contacts (咨询, 查件 …) in the month.
    pub contacts: u32,
    /// Its 代收货款 in the month.
    pub cod: CodFigures,
    /// 回访 about its goods (as shipper or consignee) in the month.
    pub satisfaction: Satisfaction,
}

impl CustomerMonth {
    /// 件数 of the month.
    #[must_use]
    pub fn pieces(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.pieces)).sum()
    }

    /// 重量 of the month.
    #[must_use]
    pub fn weight_kg(&self) -> Decimal {
        self.lines.iter().map(|l| l.weight_kg).sum()
    }

    /// 体积 of the month.
    #[must_use]
    pub fn volume_m3(&self) -> Decimal {
        self.lines.iter().map(|l| l.volume_m3).sum()
    }

    /// 运费合计: the waybills' totals.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.lines.iter().map(|l| l.total_yuan).sum()
    }

    /// What is the shipper's to pay: the totals of its 现付, 月结 and 回单付 waybills.
    #[must_use]
    pub fn due_yuan(&self) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.shipper_pays())
            .map(|l| l.total_yuan)
            .sum()
    }

    /// What it paid of that: the ledger's lines on those waybills and its 月结 payments.
    #[must_use]
    pub fn paid_yuan(&self) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.shipper_pays())
            .map(|l| l.paid_yuan)
            .sum::<Decimal>()
            + self.account_paid_yuan
    }

    /// What it still owes of that, never below zero.
    #[must_use]
    pub fn owed_yuan(&self) -> Decimal {
        (self.due_yuan() - self.paid_yuan()).max(Decimal::ZERO)
    }

    /// Exceptions on its goods.
    #[must_use]
    pub fn exceptions(&self) -> u32 {
        self.lines.iter().map(|l| l.exceptions).sum()
    }

    /// A name fit for a file: the customer's name without the characters file systems
    /// refuse, and its file number so two customers of one name do not collide.
    #[must_use]
    pub fn file_stem(&self) -> String {
        let name: String = self
            .name
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                    || c.is_control()
                {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let name = if name.is_empty() {
            "客户".to_owned()
        } else {
            name
        };
        format!("{}-{}-{}", self.month, name, self.customer_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn line(payment: PaymentMethod, total: &str, paid: &str) -> CustomerWaybillLine {
        CustomerWaybillLine {
            number: "GZ1".into(),
            issued_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 3)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            dest_name: "湘潭县".into(),
            consignee_name: "李记".into(),
            pieces: 3,
            weight_kg: d("60"),
            volume_m3: d("0.3"),
            payment,
            total_yuan: d(total),
            paid_yuan: d(paid),
            exceptions: 1,
        }
    }

    #[test]
    fn what_the_shipper_owes_is_what_is_theirs_to_pay() {
        let month = CustomerMonth {
            customer_id: 7,
            name: " 宏达/服装厂 ".into(),
            phones: vec!["13912345678".into()],
            month: "2026-11".parse().unwrap(),
            lines: vec![
                line(PaymentMethod::PayNow, "100", "100"),
                line(PaymentMethod::Monthly, "300", "0"),
                line(PaymentMethod::Collect, "200", "0"),
            ],
            account_paid_yuan: d("120"),
            complaints: 1,
            contacts: 2,
            cod: CodFigures::default(),
            satisfaction: Satisfaction::default(),
        };
        assert_eq!(month.pieces(), 9);
        assert_eq!(month.weight_kg(), d("180"));
        assert_eq!(month.total_yuan(), d("600"));
        assert_eq!(month.due_yuan(), d("400"));
        assert_eq!(month.paid_yuan(), d("220"));
        assert_eq!(month.owed_yuan(), d("180"));
        assert_eq!(month.exceptions(), 3);
        assert_eq!(month.file_stem(), "2026-11-宏达_服装厂-7");
    }
}
