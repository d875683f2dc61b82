//! The payments ledger (收款记录): every payment of a waybill — 现付 at issue, 提付 and
//! delivery fees at release, 回单付 once the signed receipt is back — and refunds (退款),
//! each with its method (`PayChannel`). The rules of what may be recorded (to the fen,
//! partial 回单付 payments, refunds never above what was paid) and the sums by method that
//! the cash book (收款日记账) compares with the money counted.

use crate::domain::desk::waybill::{PaymentMethod, WaybillStatus};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::{format_yuan, parse_decimal, round_yuan};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// Why a payment or a refund is refused, in Chinese for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The amount is not a number above zero.
    #[error("金额须为大于 0 的数字")]
    NotPositive,
    /// More than two decimals: money is counted to the fen.
    #[error("金额最多两位小数（到分）")]
    BelowFen,
    /// The waybill is not paid this way.
    #[error("该运单付款方式为{0}，不是回单付")]
    NotOnReceipt(&'static str),
    /// 回单付 before the receipt is back.
    #[error("回单尚未收回，回单付运费不能结算")]
    ReceiptNotBack,
    /// A voided waybill takes no more money.
    #[error("运单已作废，只能退款")]
    Voided,
    /// More than what is still owed.
    #[error("收款 {amount} 元超过未付金额 {open} 元")]
    AboveOpen {
        /// What was typed.
        amount: String,
        /// What is still owed.
        open: String,
    },
    /// A refund needs a reason.
    #[error("退款须写明原因")]
    NoReason,
    /// A refund above the money received.
    #[error("退款 {amount} 元超过已收 {paid} 元")]
    AbovePaid {
        /// What was typed.
        amount: String,
        /// Net received so far.
        paid: String,
    },
}

/// Why money changed hands (the ledger's 事由).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Occasion {
    /// 开单: 现付 at the counter when the waybill is issued.
    Issue,
    /// 提货: 提付 and fees collected at a pickup.
    Pickup,
    /// 送货: collected before goods go out for delivery.
    DeliveryOut,
    /// 送达: brought back by the delivery driver.
    Delivered,
    /// 回单: 回单付 paid by the shipper after the receipt came back.
    Receipt,
    /// 退款: money paid back (a negative entry).
    Refund,
    /// 理赔: a claim paid out for loss or damage (a negative entry, against its waybill).
    Claim,
    /// 月结: a 月结 customer's payment against a month's statement (no waybill).
    Account,
}

impl Occasion {
    /// Every occasion, in the order of a waybill's life.
    pub const ALL: [Self; 8] = [
        Self::Issue,
        Self::Pickup,
        Self::DeliveryOut,
        Self::Delivered,
        Self::Receipt,
        Self::Refund,
        Self::Claim,
        Self::Account,
    ];

    /// The label stored and shown.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Issue => "开单",
            Self::Pickup => "提货",
            Self::DeliveryOut => "送货",
            Self::Delivered => "送达",
            Self::Receipt => "回单",
            Self::Refund => "退款",
            Self::Claim => "理赔",
            Self::Account => "月结",
        }
    }

    /// The occasion stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.label() == label)
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// Order of recording.
    pub id: i64,
    /// 单号 (empty for a 月结 payment, which is against a statement: see `reason`).
    pub number: String,
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who took (or paid back) the money.
    pub staff_id: String,
    /// Yuan, to the fen: above zero for money in, below zero for a refund.
    pub amount_yuan: Decimal,
    /// How.
    pub channel: PayChannel,
    /// Why.
    pub occasion: Occasion,
    /// A refund's reason, the claim paid, or the customer and month of a 月结 payment
    /// (empty otherwise).
    pub reason: String,
}

impl LedgerEntry {
    /// A new line, not yet stored (its `id` is given by storage), without a reason.
    #[must_use]
    pub fn new(
        number: &str,
        at: NaiveDateTime,
        staff_id: &str,
        amount_yuan: Decimal,
        channel: PayChannel,
        occasion: Occasion,
    ) -> Self {
        Self {
            id: 0,
            number: number.to_owned(),
            at,
            staff_id: staff_id.to_owned(),
            amount_yuan,
            channel,
            occasion,
            reason: String::new(),
        }
    }

    /// With the reason it is recorded for (a refund, a claim, a 月结 payment).
    #[must_use]
    pub fn because(self, reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            ..self
        }
    }
}

/// Reads an amount typed by a clerk: a number above zero with at most two decimals. The
/// fen is the smallest coin, so a fraction of it is refused rather than rounded away.
pub fn parse_amount(text: &str) -> Result<Decimal, LedgerError> {
    let amount = parse_decimal(text).ok_or(LedgerError::NotPositive)?;
    if amount <= Decimal::ZERO {
        return Err(LedgerError::NotPositive);
    }
    if round_yuan(amount) != amount {
        return Err(LedgerError::BelowFen);
    }
    Ok(amount.normalize())
}

/// Net money received for a waybill: payments less refunds. A claim paid out is
/// compensation for the goods, not freight given back, so it does not lower what was paid.
#[must_use]
pub fn net_paid(entries: &[LedgerEntry]) -> Decimal {
    entries
        .iter()
        .filter(|e| e.occasion != Occasion::Claim)
        .map(|e| e.amount_yuan)
        .sum()
}

/// What a waybill owes the counter at issue: the whole total when 现付, else nothing.
#[must_use]
pub fn due_at_issue(payment: PaymentMethod, total_yuan: Decimal) -> Decimal {
    if payment == PaymentMethod::PayNow {
        round_yuan(total_yuan)
    } else {
        Decimal::ZERO
    }
}

/// What the shipper still owes of a 回单付 waybill (zero for any other payment method).
#[must_use]
pub fn open_on_receipt(
    payment: PaymentMethod,
    total_yuan: Decimal,
    entries: &[LedgerEntry],
) -> Decimal {
    if payment != PaymentMethod::OnReceipt {
        return Decimal::ZERO;
    }
    let paid: Decimal = entries
        .iter()
        .filter(|e| matches!(e.occasion, Occasion::Receipt | Occasion::Refund))
        .map(|e| e.amount_yuan)
        .sum();
    (round_yuan(total_yuan) - paid).max(Decimal::ZERO)
}

/// The facts a 回单付 payment is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptPaymentFacts {
    /// The waybill's payment method.
    pub payment: PaymentMethod,
    /// Its state.
    pub status: WaybillStatus,
    /// Its total (合计).
    pub total_yuan: Decimal,
    /// The signed receipt is back (回单已回).
    pub receipt_back: bool,
}

/// Checks a 回单付 payment: only a 回单付 waybill, not voided, once its receipt is back,
/// in one or several parts that together never exceed its total.
pub fn check_receipt_payment(
    facts: ReceiptPaymentFacts,
    entries: &[LedgerEntry],
    amount_yuan: Decimal,
) -> Result<(), LedgerError> {
    if facts.status == WaybillStatus::Void {
        return Err(LedgerError::Voided);
    }
    if facts.payment != PaymentMethod::OnReceipt {
        return Err(LedgerError::NotOnReceipt(facts.payment.label()));
    }
    if !facts.receipt_back {
        return Err(LedgerError::ReceiptNotBack);
    }
    let open = open_on_receipt(facts.payment, facts.total_yuan, entries);
    if amount_yuan > open {
        return Err(LedgerError::AboveOpen {
            amount: format_yuan(amount_yuan),
            open: format_yuan(open),
        });
    }
    Ok(())
}

/// Checks a refund: a reason, and never more than the money received net of earlier
/// refunds.
pub fn check_refund(
    entries: &[LedgerEntry],
    amount_yuan: Decimal,
    reason: &str,
) -> Result<(), LedgerError> {
    if reason.trim().is_empty() {
        return Err(LedgerError::NoReason);
    }
    let paid = net_paid(entries);
    if amount_yuan > paid {
        return Err(LedgerError::AbovePaid {
            amount: format_yuan(amount_yuan),
            paid: format_yuan(paid),
        });
    }
    Ok(())
}

/// Money by method, in the order of `PayChannel::ALL`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByChannel(pub [Decimal; 4]);

impl ByChannel {
    /// The sum of the entries, by their method.
    #[must_use]
    pub fn of(entries: &[LedgerEntry]) -> Self {
        let mut sums = [Decimal::ZERO; 4];
        for entry in entries {
            sums[channel_index(entry.channel)] += entry.amount_yuan;
        }
        Self(sums)
    }

    /// Adds `amount` to one method's sum.
    pub fn add(&mut self, channel: PayChannel, amount: Decimal) {
        self.0[channel_index(channel)] += amount;
    }

    /// One method's sum.
    #[must_use]
    pub fn get(&self, channel: PayChannel) -> Decimal {
        self.0[channel_index(channel)]
    }

    /// All methods together.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.0.iter().sum()
    }
}

impl std::ops::Add for ByChannel {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        let mut out = self.0;
        for (value, plus) in out.iter_mut().zip(other.0) {
            *value += plus;
        }
        Self(out)
    }
}

impl std::ops::Sub for ByChannel {
    type Output = Self;

    fn sub(self, other: Self) -> Self {
        let mut out = self.0;
        for (value, minus) in out.iter_mut().zip(other.0) {
            *value -= minus;
        }
        Self(out)
    }
}

/// Reads the money counted by method (实点), in the order of `PayChannel::ALL`: an empty
/// field is nothing counted; otherwise a number of zero or more, to the fen. An error
/// names the method.
pub fn parse_counted(texts: &[String; 4]) -> Result<ByChannel, String> {
    let mut sums = [Decimal::ZERO; 4];
    for ((sum, text), channel) in sums.iter_mut().zip(texts).zip(PayChannel::ALL) {
        if text.trim().is_empty() {
            continue;
        }
        let amount = parse_decimal(text)
            .filter(|a| *a >= Decimal::ZERO)
            .ok_or_else(|| format!("{}：实点金额须为 0 或以上的数字", channel.label()))?;
        if round_yuan(amount) != amount {
            return Err(format!("{}：{}", channel.label(), LedgerError::BelowFen));
        }
        *sum = amount;
    }
    Ok(ByChannel(sums))
}

/// A signed count of the money of a shift or a day (收款日记账/对账): what the ledger says
/// was taken, by method, against what was counted, and who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashCount {
    /// Its id once stored.
    pub id: i64,
    /// 工号 of the clerk whose money it is; empty for the whole station's day.
    pub staff_id: String,
    /// The period in words: `A01 11-23 早班`, `2026-11-23 全站`.
    pub period: String,
    /// The ledger lines counted were recorded from …
    pub from: NaiveDateTime,
    /// … until before this.
    pub to: NaiveDateTime,
    /// 账面: the ledger's sums by method.
    pub expected: ByChannel,
    /// 代收货款 taken in the period, by method: the shippers' money, in the same drawer
    /// but never the station's (issue 17).
    pub cod: ByChannel,
    /// 实点: what was counted by method.
    pub counted: ByChannel,
    /// A note (why a difference).
    pub note: String,
    /// 工号 of who signed the count.
    pub signed_by: String,
    /// When.
    pub signed_at: NaiveDateTime,
}

impl CashCount {
    /// What should be there by method: the station's money and the 代收货款 together.
    #[must_use]
    pub fn to_hold(&self) -> ByChannel {
        self.expected + self.cod
    }

    /// 差额: counted less what should be there, by method (above zero: more money than
    /// the ledgers).
    #[must_use]
    pub fn difference(&self) -> ByChannel {
        self.counted - self.to_hold()
    }

    /// Whether every method's money matches to the fen.
    #[must_use]
    pub fn balances(&self) -> bool {
        self.difference().0.iter().all(Decimal::is_zero)
    }
}

fn channel_index(channel: PayChannel) -> usize {
    PayChannel::ALL
        .iter()
        .position(|c| *c == channel)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn entry(amount: Decimal, channel: PayChannel, occasion: Occasion) -> LedgerEntry {
        let at = crate::testing::time(2026, 11, 23, 9, 0);
        LedgerEntry::new("GZ2611230001", at, "A01", amount, channel, occasion)
    }

    #[test]
    fn amounts_are_counted_to_the_fen() {
        for (typed, expected) in [
            ("12", Ok(d("12"))),
            ("12.3", Ok(d("12.3"))),
            ("¥1,396.05", Ok(d("1396.05"))),
            ("0.01", Ok(d("0.01"))),
            ("12.345", Err(LedgerError::BelowFen)),
            ("0.005", Err(LedgerError::BelowFen)),
            ("12.300", Ok(d("12.3"))),
            ("0", Err(LedgerError::NotPositive)),
            ("-5", Err(LedgerError::NotPositive)),
            ("", Err(LedgerError::NotPositive)),
            ("十元", Err(LedgerError::NotPositive)),
        ] {
            assert_eq!(parse_amount(typed), expected, "{typed}");
        }
    }

    #[test]
    fn cash_on_issue_is_the_whole_total_only_for_pay_now() {
        for (payment, total, due) in [
            (PaymentMethod::PayNow, d("255"), d("255")),
            (PaymentMethod::PayNow, d("10.005"), d("10.01")),
            (PaymentMethod::Collect, d("255"), d("0")),
            (PaymentMethod::Monthly, d("255"), d("0")),
            (PaymentMethod::OnReceipt, d("255"), d("0")),
        ] {
            assert_eq!(due_at_issue(payment, total), due, "{payment:?}");
        }
    }

    fn facts(payment: PaymentMethod, status: WaybillStatus, back: bool) -> ReceiptPaymentFacts {
        ReceiptPaymentFacts {
            payment,
            status,
            total_yuan: d("300"),
            receipt_back: back,
        }
    }

    #[test]
    fn on_receipt_is_paid_after_the_receipt_in_parts_never_above_the_total() {
        let issued = WaybillStatus::Issued;
        let part = [entry(d("100"), PayChannel::Cash, Occasion::Receipt)];
        let refunded = [
            entry(d("300"), PayChannel::Bank, Occasion::Receipt),
            entry(d("-50"), PayChannel::Bank, Occasion::Refund),
        ];
        let on_receipt = PaymentMethod::OnReceipt;
        for (name, f, entries, amount, expected) in [
            (
                "whole",
                facts(on_receipt, issued, true),
                &[][..],
                d("300"),
                Ok(()),
            ),
            (
                "part",
                facts(on_receipt, issued, true),
                &[][..],
                d("100"),
                Ok(()),
            ),
            (
                "rest",
                facts(on_receipt, issued, true),
                &part[..],
                d("200"),
                Ok(()),
            ),
            (
                "above the rest",
                facts(on_receipt, issued, true),
                &part[..],
                d("200.01"),
                Err(LedgerError::AboveOpen {
                    amount: "200.01".into(),
                    open: "200.00".into(),
                }),
            ),
            (
                "a refund reopens",
                facts(on_receipt, issued, true),
                &refunded[..],
                d("50"),
                Ok(()),
            ),
            (
                "receipt not back",
                facts(on_receipt, issued, false),
                &[][..],
                d("300"),
                Err(LedgerError::ReceiptNotBack),
            ),
            (
                "not 回单付",
                facts(PaymentMethod::Collect, issued, true),
                &[][..],
                d("300"),
                Err(LedgerError::NotOnReceipt("提付")),
            ),
            (
                "voided",
                facts(on_receipt, WaybillStatus::Void, true),
                &[][..],
                d("300"),
                Err(LedgerError::Voided),
            ),
        ] {
            assert_eq!(
                check_receipt_payment(f, entries, amount),
                expected,
                "{name}"
            );
        }
        assert_eq!(open_on_receipt(on_receipt, d("300"), &part), d("200"));
        assert_eq!(
            open_on_receipt(PaymentMethod::PayNow, d("300"), &[]),
            d("0")
        );
    }

    #[test]
    fn a_refund_needs_a_reason_and_never_exceeds_what_was_paid() {
        let paid = [
            entry(d("255"), PayChannel::Cash, Occasion::Issue),
            entry(d("20"), PayChannel::WeChat, Occasion::Pickup),
        ];
        let after_refund = [
            entry(d("255"), PayChannel::Cash, Occasion::Issue),
            entry(d("-200"), PayChannel::Cash, Occasion::Refund),
        ];
        for (name, entries, amount, reason, expected) in [
            ("part", &paid[..], d("100"), "作废退款", Ok(())),
            ("all of it", &paid[..], d("275"), "作废退款", Ok(())),
            (
                "above",
                &paid[..],
                d("275.01"),
                "作废退款",
                Err(LedgerError::AbovePaid {
                    amount: "275.01".into(),
                    paid: "275.00".into(),
                }),
            ),
            (
                "no reason",
                &paid[..],
                d("1"),
                "  ",
                Err(LedgerError::NoReason),
            ),
            (
                "the rest after a refund",
                &after_refund[..],
                d("55"),
                "多收",
                Ok(()),
            ),
            (
                "twice",
                &after_refund[..],
                d("56"),
                "多收",
                Err(LedgerError::AbovePaid {
                    amount: "56.00".into(),
                    paid: "55.00".into(),
                }),
            ),
            (
                "nothing paid",
                &[][..],
                d("1"),
                "多收",
                Err(LedgerError::AbovePaid {
                    amount: "1.00".into(),
                    paid: "0.00".into(),
                }),
            ),
        ] {
            assert_eq!(check_refund(entries, amount, reason), expected, "{name}");
        }
    }

    #[test]
    fn sums_by_method_net_of_refunds() {
        let entries = [
            entry(d("255"), PayChannel::Cash, Occasion::Issue),
            entry(d("80.5"), PayChannel::WeChat, Occasion::Pickup),
            entry(d("-30"), PayChannel::Cash, Occasion::Refund),
            entry(d("100"), PayChannel::Bank, Occasion::Receipt),
        ];
        let sums = ByChannel::of(&entries);
        assert_eq!(sums.get(PayChannel::Cash), d("225"));
        assert_eq!(sums.get(PayChannel::WeChat), d("80.5"));
        assert_eq!(sums.get(PayChannel::Alipay), d("0"));
        assert_eq!(sums.get(PayChannel::Bank), d("100"));
        assert_eq!(sums.total(), d("405.5"));
        assert_eq!(net_paid(&entries), d("405.5"));
    }

    #[test]
    fn a_claim_paid_out_leaves_the_cash_book_but_not_what_the_waybill_paid() {
        let entries = [
            entry(d("255"), PayChannel::Cash, Occasion::Issue),
            entry(d("-500"), PayChannel::Cash, Occasion::Claim),
        ];
        // The drawer is 500 lighter; the freight paid is still 255, so 255 can be refunded.
        assert_eq!(ByChannel::of(&entries).get(PayChannel::Cash), d("-245"));
        assert_eq!(net_paid(&entries), d("255"));
        assert_eq!(check_refund(&entries, d("255"), "多收"), Ok(()));
        assert!(check_refund(&entries, d("255.01"), "多收").is_err());
        for occasion in Occasion::ALL {
            assert_eq!(Occasion::from_label(occasion.label()), Some(occasion));
        }
    }

    #[test]
    fn a_count_is_read_to_the_fen_and_its_difference_is_counted_less_expected() {
        let texts = |a: &str, b: &str| [a.to_owned(), b.to_owned(), String::new(), "0".to_owned()];
        assert_eq!(
            parse_counted(&texts("1,200.50", "80")),
            Ok(ByChannel([d("1200.50"), d("80"), d("0"), d("0")]))
        );
        assert_eq!(
            parse_counted(&texts("12.345", "")),
            Err("现金：金额最多两位小数（到分）".to_owned())
        );
        assert_eq!(
            parse_counted(&texts("", "-1")),
            Err("微信：实点金额须为 0 或以上的数字".to_owned())
        );
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        let count = CashCount {
            id: 0,
            staff_id: "A01".into(),
            period: "A01 11-23 早班".into(),
            from: at,
            to: at,
            expected: ByChannel([d("255"), d("80.5"), d("0"), d("100")]),
            cod: ByChannel::default(),
            counted: ByChannel([d("250"), d("80.5"), d("0"), d("100")]),
            note: String::new(),
            signed_by: "A01".into(),
            signed_at: at,
        };
        assert_eq!(
            count.difference(),
            ByChannel([d("-5"), d("0"), d("0"), d("0")])
        );
        assert!(!count.balances());
        let even = CashCount {
            counted: count.expected,
            ..count.clone()
        };
        assert!(even.balances());
        // 代收货款 in the drawer counts against the ledgers together.
        let with_cod = CashCount {
            cod: ByChannel([d("1500"), d("0"), d("0"), d("0")]),
            counted: ByChannel([d("1755"), d("80.5"), d("0"), d("100")]),
            ..count
        };
        assert!(with_cod.balances());
        assert_eq!(with_cod.to_hold().total(), d("1935.5"));
    }

    #[test]
    fn occasions_read_back_from_their_labels() {
        for occasion in Occasion::ALL {
            assert_eq!(Occasion::from_label(occasion.label()), Some(occasion));
        }
        assert_eq!(Occasion::from_label("其他"), None);
    }
}
