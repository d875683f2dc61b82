//! Receivables (应收): the monthly statement (月结对账单) of a customer on 月结 — every 月结
//! waybill they sent in a calendar month, not voided, with totals that are the sums of its
//! lines to the fen — and the aging brackets (账龄) of money still owed.

use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::format_yuan;
use crate::domain::money::ledger::LedgerError;
use crate::domain::people::Month;
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
    /// What the customer has paid against this statement, in the order recorded.
    pub payments: Vec<AccountPayment>,
    /// The month is before the station began recording 月结 payments: it was settled
    /// outside this program and nothing is owed on it here.
    pub taken_as_settled: bool,
    /// The customer's 代收货款 in the month (issue 17): collected for them, paid back to
    /// them, and owed to them at its end. Apart from what they owe: it is theirs.
    pub cod: crate::domain::money::cod::CodFigures,
}

/// A 月结 customer's payment against one month's statement (月结回款).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountPayment {
    /// The ledger line's id.
    pub id: i64,
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who took it.
    pub staff_id: String,
    /// Yuan, to the fen, above zero.
    pub amount_yuan: Decimal,
    /// How.
    pub channel: PayChannel,
    /// What the ledger says: customer, month and the clerk's note.
    pub reason: String,
}

impl AccountPayment {
    /// The clerk's note alone (备注), without the customer and month the ledger's reason
    /// opens with (`{customer} {month} 月结款：{note}`); empty when there is none. A reason
    /// written some other way is given whole.
    #[must_use]
    pub fn note(&self) -> &str {
        match self.reason.split_once("月结款") {
            Some((_, rest)) => rest.trim_start_matches('：').trim(),
            None => self.reason.trim(),
        }
    }
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
            payments: Vec::new(),
            taken_as_settled: false,
            cod: crate::domain::money::cod::CodFigures::default(),
        }
    }

    /// Paid against the statement so far.
    #[must_use]
    pub fn paid_yuan(&self) -> Decimal {
        self.payments.iter().map(|p| p.amount_yuan).sum()
    }

    /// Still owed on it (未结): the total less what was paid; nothing for a month taken
    /// as settled.
    #[must_use]
    pub fn balance_yuan(&self) -> Decimal {
        if self.taken_as_settled {
            Decimal::ZERO
        } else {
            self.totals.total_yuan - self.paid_yuan()
        }
    }

    /// Checks a payment against the statement: to the fen, above zero, within what is
    /// still owed (a customer pays a statement, not ahead of their waybills).
    pub fn check_payment(&self, amount_yuan: Decimal) -> Result<(), String> {
        if self.taken_as_settled {
            return Err(format!(
                "{} 的对账单在登记月结回款之前，已视为结清，不能再登记回款",
                self.month
            ));
        }
        let open = self.balance_yuan();
        if open <= Decimal::ZERO {
            return Err(format!("{} 的对账单已结清", self.month));
        }
        if amount_yuan > open {
            return Err(LedgerError::AboveOpen {
                amount: format_yuan(amount_yuan),
                open: format_yuan(open),
            }
            .to_string());
        }
        Ok(())
    }

    /// The day a statement's balance starts to age: its month's last day, when it is sent.
    #[must_use]
    pub fn due_from(&self) -> NaiveDate {
        self.month.last_day()
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

/// What is owed to shippers by how long ago it was collected, in the receivables'
/// brackets (0–30, 31–60, 61–90, over 90 days): (bracket, waybills, yuan).
#[must_use]
pub fn cod_aging(
    owed: &[crate::domain::money::cod::ShipperOwed],
    today: NaiveDate,
) -> Vec<(AgingBracket, usize, Decimal)> {
    AgingBracket::ALL
        .iter()
        .map(|&bracket| {
            let mine: Vec<&crate::domain::money::cod::CodOwed> = owed
                .iter()
                .flat_map(|s| &s.items)
                .filter(|i| AgingBracket::of(i.collected_at.date(), today) == bracket)
                .collect();
            (
                bracket,
                mine.len(),
                mine.iter().map(|i| i.amount_yuan).sum(),
            )
        })
        .collect()
}

/// One debtor's money owed, by aging bracket (按客户账龄).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorAging {
    /// Who owes: the name on the latest waybill or the customer file.
    pub name: String,
    /// Their phone: the key the debts are grouped by.
    pub phone: String,
    /// 票数 (a statement counts as one).
    pub items: usize,
    /// Owed in each bracket, in the order of `AgingBracket::ALL`.
    pub by_bracket: [Decimal; 4],
    /// The oldest debt's day.
    pub oldest: NaiveDate,
}

impl DebtorAging {
    /// Everything they owe.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.by_bracket.iter().copied().sum()
    }
}

/// The columns of [`aging_by_debtor`] wherever it is shown: the 收款/对账 page's table and
/// the receivables export's first sheet.
pub const DEBTOR_COLUMNS: [&str; 8] = [
    "客户",
    "电话",
    "笔数",
    "0–30天",
    "31–60天",
    "61–90天",
    "90天以上",
    "合计",
];

/// Groups receivables by the debtor's phone, each debt in its aging bracket on `today`,
/// the biggest debtor first (then the oldest debt, then the phone).
#[must_use]
pub fn aging_by_debtor(receivables: &[Receivable], today: NaiveDate) -> Vec<DebtorAging> {
    let mut out: Vec<DebtorAging> = Vec::new();
    let mut latest: Vec<NaiveDateTime> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in receivables {
        let since = r.issued_at.date();
        let bracket = AgingBracket::ALL
            .iter()
            .position(|&b| b == AgingBracket::of(since, today))
            .unwrap_or(0);
        let i = *index.entry(r.debtor_phone.as_str()).or_insert_with(|| {
            out.push(DebtorAging {
                name: r.debtor_name.clone(),
                phone: r.debtor_phone.clone(),
                items: 0,
                by_bracket: [Decimal::ZERO; 4],
                oldest: since,
            });
            latest.push(r.issued_at);
            out.len() - 1
        });
        let debtor = &mut out[i];
        debtor.items += 1;
        debtor.by_bracket[bracket] += r.open_yuan;
        debtor.oldest = debtor.oldest.min(since);
        // The latest waybill's name is the one they go by now.
        if r.issued_at > latest[i] {
            latest[i] = r.issued_at;
            debtor.name.clone_from(&r.debtor_name);
        }
    }
    out.sort_by(|a, b| {
        b.total_yuan()
            .cmp(&a.total_yuan())
            .then(a.oldest.cmp(&b.oldest))
            .then(a.phone.cmp(&b.phone))
    });
    out
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

    fn paid(amount: &str) -> AccountPayment {
        AccountPayment {
            id: 0,
            at: NaiveDate::from_ymd_opt(2026, 12, 5)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            staff_id: "A01".into(),
            amount_yuan: d(amount),
            channel: PayChannel::Bank,
            reason: "宏达服装厂 2026-11".into(),
        }
    }

    #[test]
    fn a_statement_is_paid_in_parts_never_above_what_it_owes() {
        let month = Month::from_str("2026-11").unwrap();
        let mut statement = Statement::new(
            1,
            "宏达服装厂".into(),
            vec!["13912345678".into()],
            month,
            vec![
                line("GZ2611200002", 20, "255", "10", "0"),
                line("GZ2611200001", 20, "100.01", "0", "30"),
            ],
        );
        assert_eq!(statement.balance_yuan(), d("395.01"));
        assert_eq!(statement.check_payment(d("395.01")), Ok(()));
        assert!(statement.check_payment(d("395.02")).is_err());
        statement.payments.push(paid("300"));
        assert_eq!(statement.paid_yuan(), d("300"));
        assert_eq!(statement.balance_yuan(), d("95.01"));
        assert_eq!(
            statement.check_payment(d("95.02")),
            Err("收款 95.02 元超过未付金额 95.01 元".to_owned())
        );
        statement.payments.push(paid("95.01"));
        assert_eq!(statement.balance_yuan(), d("0"));
        assert_eq!(
            statement.check_payment(d("0.01")),
            Err("2026-11 的对账单已结清".to_owned())
        );
        assert_eq!(
            statement.due_from(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        let mut old = Statement::new(
            1,
            "宏达服装厂".into(),
            vec![],
            month,
            vec![line("GZ1", 3, "50", "0", "0")],
        );
        old.taken_as_settled = true;
        assert_eq!(old.balance_yuan(), d("0"));
        assert!(old.check_payment(d("1")).is_err());
    }

    #[test]
    fn a_payment_note_is_the_clerk_s_words_without_customer_and_month() {
        let with = |reason: &str| AccountPayment {
            reason: reason.into(),
            ..paid("1")
        };
        assert_eq!(
            with("宏达服装厂 2026-11 月结款：工行转账 0931").note(),
            "工行转账 0931"
        );
        assert_eq!(with("宏达服装厂 2026-11 月结款").note(), "");
        assert_eq!(with("补记").note(), "补记");
    }

    #[test]
    fn debts_are_aged_per_debtor_biggest_first_under_their_latest_name() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let owed = |days: u64, name: &str, phone: &str, open: &str| Receivable {
            number: format!("GZ{days}"),
            issued_at: (today - chrono::Days::new(days))
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            payment: PaymentMethod::Collect,
            debtor_name: name.into(),
            debtor_phone: phone.into(),
            total_yuan: d(open),
            open_yuan: d(open),
            receipt_back: false,
        };
        let all = [
            owed(100, "李记", "13800004321", "0.01"),
            owed(3, "李记商行", "13800004321", "300"),
            owed(45, "王五", "13700001111", "99.99"),
            owed(40, "李记", "13800004321", "20"),
        ];
        let debtors = aging_by_debtor(&all, today);
        assert_eq!(debtors.len(), 2);
        let li = &debtors[0];
        assert_eq!((li.name.as_str(), li.items), ("李记商行", 3));
        assert_eq!(li.by_bracket, [d("300"), d("20"), d("0"), d("0.01")]);
        assert_eq!(li.total_yuan(), d("320.01"));
        assert_eq!(li.oldest, today - chrono::Days::new(100));
        assert_eq!(debtors[1].by_bracket, [d("0"), d("99.99"), d("0"), d("0")]);
        let sum: Decimal = debtors.iter().map(DebtorAging::total_yuan).sum();
        assert_eq!(sum, all.iter().map(|r| r.open_yuan).sum::<Decimal>());
    }
}
