//! Receivables (应收): the monthly statement (月结对账单) of a customer on 月结 — every 月结
//! waybill they sent in a calendar month, not voided, with totals that are the sums of its
//! lines to the fen — and the aging brackets (账龄) of money still owed.

use crate::domain::people::Month;
use crate::domain::waybill::PaymentMethod;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// One waybill of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// 单号.
    pub number: String,
    /// When issued.
    pub issued_at: NaiveDateTime,
    /// 到站 as printed.
    pub dest_name: String,
    /// 收货方.
    pub consignee_name: String,
    /// 件数.
    pub pieces: u32,
    /// 运费.
    pub freight_yuan: Decimal,
    /// 保价费.
    pub premium_yuan: Decimal,
    /// 送货费.
    pub delivery_fee_yuan: Decimal,
    /// 合计.
    pub total_yuan: Decimal,
}

/// The sums of a statement's lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatementTotals {
    /// 票数.
    pub waybills: usize,
    /// 件数.
    pub pieces: u64,
    /// 运费.
    pub freight_yuan: Decimal,
    /// 保价费.
    pub premium_yuan: Decimal,
    /// 送货费.
    pub delivery_fee_yuan: Decimal,
    /// 合计: what the customer owes for the month.
    pub total_yuan: Decimal,
}

/// A customer's 月结 statement for a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The customer's file.
    pub customer_id: i64,
    /// The file's name.
    pub customer_name: String,
    /// The file's phones.
    pub phones: Vec<String>,
    /// The month.
    pub month: Month,
    /// The waybills, by issue time then number.
    pub lines: Vec<StatementLine>,
    /// Their sums.
    pub totals: StatementTotals,
}

impl Statement {
    /// A statement of `lines`, sorted, with its totals summed from them.
    #[must_use]
    pub fn new(
        customer_id: i64,
        customer_name: String,
        phones: Vec<String>,
        month: Month,
        mut lines: Vec<StatementLine>,
    ) -> Self {
        lines.sort_by(|a, b| (a.issued_at, &a.number).cmp(&(b.issued_at, &b.number)));
        let totals = lines
            .iter()
            .fold(StatementTotals::default(), |t, l| StatementTotals {
                waybills: t.waybills + 1,
                pieces: t.pieces + u64::from(l.pieces),
                freight_yuan: t.freight_yuan + l.freight_yuan,
                premium_yuan: t.premium_yuan + l.premium_yuan,
                delivery_fee_yuan: t.delivery_fee_yuan + l.delivery_fee_yuan,
                total_yuan: t.total_yuan + l.total_yuan,
            });
        Self {
            customer_id,
            customer_name,
            phones,
            month,
            lines,
            totals,
        }
    }
}

/// The aging brackets (账龄) of money owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgingBracket {
    /// 0–30 days.
    UpTo30,
    /// 31–60 days.
    UpTo60,
    /// 61–90 days.
    UpTo90,
    /// More than 90 days.
    Over90,
}

impl AgingBracket {
    /// Every bracket, youngest first.
    pub const ALL: [Self; 4] = [Self::UpTo30, Self::UpTo60, Self::UpTo90, Self::Over90];

    /// The bracket of a debt `since` a day, seen on `today` (whole days between them).
    #[must_use]
    pub fn of(since: NaiveDate, today: NaiveDate) -> Self {
        match (today - since).num_days() {
            ..=30 => Self::UpTo30,
            31..=60 => Self::UpTo60,
            61..=90 => Self::UpTo90,
            _ => Self::Over90,
        }
    }

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::UpTo30 => "0–30天",
            Self::UpTo60 => "31–60天",
            Self::UpTo90 => "61–90天",
            Self::Over90 => "90天以上",
        }
    }
}

/// Money owed and not yet paid (应收未收): a 提付 waybill arrived or notified and not
/// collected, or a 回单付 waybill not (fully) paid by the shipper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receivable {
    /// 单号.
    pub number: String,
    /// When issued: its age is counted from this day.
    pub issued_at: NaiveDateTime,
    /// 提付 or 回单付.
    pub payment: PaymentMethod,
    /// Who owes it: the consignee for 提付, the shipper for 回单付.
    pub debtor_name: String,
    /// Their phone.
    pub debtor_phone: String,
    /// The waybill's total.
    pub total_yuan: Decimal,
    /// Still owed.
    pub open_yuan: Decimal,
    /// 回单付: the signed receipt is back (payable now); 提付: always false.
    pub receipt_back: bool,
}

/// The money owed in one aging bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgingLine {
    /// The bracket.
    pub bracket: AgingBracket,
    /// How many waybills.
    pub waybills: usize,
    /// How much.
    pub open_yuan: Decimal,
}

/// Sums the receivables of one payment method by aging bracket, every bracket listed.
#[must_use]
pub fn aging(
    receivables: &[Receivable],
    payment: PaymentMethod,
    today: NaiveDate,
) -> Vec<AgingLine> {
    AgingBracket::ALL
        .iter()
        .map(|&bracket| {
            let mine = receivables.iter().filter(|r| {
                r.payment == payment && AgingBracket::of(r.issued_at.date(), today) == bracket
            });
            AgingLine {
                bracket,
                waybills: mine.clone().count(),
                open_yuan: mine.map(|r| r.open_yuan).sum(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn line(number: &str, day: u32, freight: &str, premium: &str, fee: &str) -> StatementLine {
        let total = d(freight) + d(premium) + d(fee);
        StatementLine {
            number: number.into(),
            issued_at: NaiveDate::from_ymd_opt(2026, 11, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            dest_name: "湘潭市 湘潭县".into(),
            consignee_name: "李记".into(),
            pieces: 2,
            freight_yuan: d(freight),
            premium_yuan: d(premium),
            delivery_fee_yuan: d(fee),
            total_yuan: total,
        }
    }

    #[test]
    fn a_statement_totals_are_the_sums_of_its_waybills_to_the_fen() {
        let month = Month::from_str("2026-11").unwrap();
        let statement = Statement::new(
            1,
            "宏达服装厂".into(),
            vec!["13912345678".into()],
            month,
            vec![
                line("GZ2611200002", 20, "0.01", "0", "0"),
                line("GZ2611030001", 3, "255.55", "10", "30"),
                line("GZ2611200001", 20, "1396.33", "12.34", "0"),
            ],
        );
        let numbers: Vec<&str> = statement.lines.iter().map(|l| l.number.as_str()).collect();
        assert_eq!(numbers, ["GZ2611030001", "GZ2611200001", "GZ2611200002"]);
        let t = statement.totals;
        assert_eq!((t.waybills, t.pieces), (3, 6));
        assert_eq!(t.freight_yuan, d("1651.89"));
        assert_eq!(t.premium_yuan, d("22.34"));
        assert_eq!(t.delivery_fee_yuan, d("30"));
        assert_eq!(t.total_yuan, d("1704.23"));
        assert_eq!(
            t.total_yuan,
            t.freight_yuan + t.premium_yuan + t.delivery_fee_yuan
        );
        let empty = Statement::new(1, "宏达".into(), vec![], month, vec![]);
        assert_eq!(empty.totals, StatementTotals::default());
    }

    #[test]
    fn aging_brackets_are_0_30_31_60_61_90_and_over_90_days() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        for (days_ago, bracket) in [
            (0, AgingBracket::UpTo30),
            (30, AgingBracket::UpTo30),
            (31, AgingBracket::UpTo60),
            (60, AgingBracket::UpTo60),
            (61, AgingBracket::UpTo90),
            (90, AgingBracket::UpTo90),
            (91, AgingBracket::Over90),
            (400, AgingBracket::Over90),
        ] {
            let since = today - chrono::Days::new(days_ago);
            assert_eq!(AgingBracket::of(since, today), bracket, "{days_ago}");
        }
    }

    #[test]
    fn receivables_are_summed_by_payment_method_and_aging_bracket() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let owed = |days: u64, payment, open: &str| Receivable {
            number: format!("GZ{days}"),
            issued_at: (today - chrono::Days::new(days))
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            payment,
            debtor_name: "李记".into(),
            debtor_phone: "13800004321".into(),
            total_yuan: d("300"),
            open_yuan: d(open),
            receipt_back: false,
        };
        let all = [
            owed(3, PaymentMethod::Collect, "300"),
            owed(30, PaymentMethod::Collect, "120.5"),
            owed(45, PaymentMethod::Collect, "99.99"),
            owed(100, PaymentMethod::Collect, "0.01"),
            owed(70, PaymentMethod::OnReceipt, "200"),
        ];
        let collect = aging(&all, PaymentMethod::Collect, today);
        let figures: Vec<(usize, Decimal)> =
            collect.iter().map(|l| (l.waybills, l.open_yuan)).collect();
        assert_eq!(
            figures,
            [
                (2, d("420.5")),
                (1, d("99.99")),
                (0, d("0")),
                (1, d("0.01"))
            ]
        );
        let on_receipt = aging(&all, PaymentMethod::OnReceipt, today);
        assert_eq!(on_receipt[2].open_yuan, d("200"));
        assert_eq!(on_receipt.iter().map(|l| l.waybills).sum::<usize>(), 1);
    }
}
