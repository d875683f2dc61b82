//! Customer files (客户档案) and monthly accounts (月结): a customer's file as typed and
//! checked, the 月结 credit rule a waybill must pass at the counter, and rule 22 of the
//! points rules (DOMAIN §7): a 月结 debt of a customer not approved for credit is the
//! issuing clerk's. Storage gathers the facts; the rules here decide.

use crate::domain::desk::phone::Phone;
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::{format_yuan, parse_decimal};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// A customer's file as the clerk edits it: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    /// 名称: a shop, a factory or a person.
    pub name: String,
    /// 电话, one per entry; a customer may have several.
    pub phones: Vec<String>,
    /// 地址, one per entry.
    pub addresses: Vec<String>,
    /// 备注.
    pub note: String,
}

/// A checked customer file, ready for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFile {
    /// 名称, trimmed.
    pub name: String,
    /// The phones in their normal spelling, no repeats, in the order typed.
    pub phones: Vec<Phone>,
    /// Addresses, trimmed, no empty ones or repeats.
    pub addresses: Vec<String>,
    /// 备注, trimmed.
    pub note: String,
}

/// What is wrong with a customer draft, in Chinese for the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerError {
    /// No name.
    #[error("请填写客户名称")]
    NoName,
    /// No phone at all.
    #[error("至少要有一个电话")]
    NoPhone,
    /// A phone that is not one.
    #[error("电话「{text}」不对：{reason}")]
    BadPhone {
        /// As typed.
        text: String,
        /// Why.
        reason: String,
    },
    /// The same phone twice.
    #[error("电话 {0} 重复")]
    RepeatedPhone(String),
}

impl CustomerDraft {
    /// Checks the draft: a name, at least one phone, every phone a phone (empty entries
    /// are dropped), none twice. Returns every problem, in the order of the form.
    pub fn validate(&self) -> Result<CustomerFile, Vec<CustomerError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.push(CustomerError::NoName);
        }
        let mut phones: Vec<Phone> = Vec::new();
        for text in self
            .phones
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            match Phone::parse(text) {
                Ok(phone) if phones.contains(&phone) => {
                    errors.push(CustomerError::RepeatedPhone(phone.as_str().to_owned()));
                }
                Ok(phone) => phones.push(phone),
                Err(e) => errors.push(CustomerError::BadPhone {
                    text: text.to_owned(),
                    reason: e.to_string(),
                }),
            }
        }
        if phones.is_empty()
            && !errors
                .iter()
                .any(|e| matches!(e, CustomerError::BadPhone { .. }))
        {
            errors.push(CustomerError::NoPhone);
        }
        let mut addresses: Vec<String> = Vec::new();
        for address in self
            .addresses
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
        {
            if !addresses.iter().any(|a| a == address) {
                addresses.push(address.to_owned());
            }
        }
        if errors.is_empty() {
            Ok(CustomerFile {
                name,
                phones,
                addresses,
                note: self.note.trim().to_owned(),
            })
        } else {
            Err(errors)
        }
    }
}

/// A 月结 approval as a span of time: from the supervisor's approval until its
/// withdrawal (撤销), open while in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditSpan {
    /// 信用额度 in yuan.
    pub limit_yuan: Decimal,
    /// When approved.
    pub from: NaiveDateTime,
    /// When withdrawn, `None` while in force.
    pub until: Option<NaiveDateTime>,
}

impl CreditSpan {
    /// Whether the approval was in force at `at`.
    #[must_use]
    pub fn covers(&self, at: NaiveDateTime) -> bool {
        self.from <= at && self.until.is_none_or(|until| at < until)
    }
}

/// The approval in force at `at` among a customer's spans, if any (the latest one when
/// spans touch).
#[must_use]
pub fn approval_at(spans: &[CreditSpan], at: NaiveDateTime) -> Option<&CreditSpan> {
    spans.iter().filter(|s| s.covers(at)).max_by_key(|s| s.from)
}

/// The first day of the 月结 total not yet settled. Payments are not recorded yet, so
/// the open total is the 月结 waybills of the current and the previous calendar month.
#[must_use]
pub fn unsettled_since(today: NaiveDate) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    let previous = first.pred_opt().unwrap_or(first);
    previous.with_day(1).unwrap_or(previous)
}

/// What storage knows of a shipper when a 月结 waybill is saved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreditStanding {
    /// The shipper's name in their file (or as typed on the waybill when they have none).
    pub shipper_name: String,
    /// The credit limit approved and in force, `None` when not approved for 月结.
    pub limit_yuan: Option<Decimal>,
    /// Their 月结 waybills not yet settled and not voided ([`unsettled_since`]), in yuan.
    pub open_yuan: Decimal,
}

/// Why a 月结 waybill is refused at the counter; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditRefusal {
    /// The shipper has no 月结 approval in force.
    #[error("发货方「{shipper}」未经主管批准月结，不能开月结单：请改为现付/提付，或请主管授权")]
    NotApproved {
        /// The shipper.
        shipper: String,
    },
    /// The waybill would take the open 月结 total over the limit.
    #[error(
        "发货方「{shipper}」月结超出信用额度：额度 ¥{limit}，未结 ¥{open}，本单 ¥{this}，合计 ¥{total}：请改为现付/提付，或请主管授权"
    )]
    OverLimit {
        /// The shipper.
        shipper: String,
        /// The limit, formatted.
        limit: String,
        /// Open before this waybill, formatted.
        open: String,
        /// This waybill's total, formatted.
        this: String,
        /// Open with this waybill, formatted.
        total: String,
    },
}

/// The 月结 rule at the counter (issue #6): a waybill on 月结 needs a shipper approved
/// for 月结 whose open 月结 total with this waybill stays within the credit limit (equal
/// to the limit is within). Other payments always pass. Imports of old waybills are
/// history and do not pass through this rule.
pub fn check_monthly_account(
    payment: PaymentMethod,
    total_yuan: Decimal,
    standing: &CreditStanding,
) -> Result<(), CreditRefusal> {
    if payment != PaymentMethod::Monthly {
        return Ok(());
    }
    let shipper = standing.shipper_name.clone();
    let Some(limit) = standing.limit_yuan else {
        return Err(CreditRefusal::NotApproved { shipper });
    };
    let total = standing.open_yuan + total_yuan;
    if total > limit {
        return Err(CreditRefusal::OverLimit {
            shipper,
            limit: format_yuan(limit),
            open: format_yuan(standing.open_yuan),
            this: format_yuan(total_yuan),
            total: format_yuan(total),
        });
    }
    Ok(())
}

/// Rule 22 (DOMAIN §7): a 月结 waybill not voided whose shipper had no 月结 approval in
/// force when it was issued is a debt of the clerk who issued it. An approval given or
/// withdrawn later does not change whose debt it was.
#[must_use]
pub fn clerk_owes(
    payment: PaymentMethod,
    voided: bool,
    issued_at: NaiveDateTime,
    spans: &[CreditSpan],
) -> bool {
    payment == PaymentMethod::Monthly && !voided && approval_at(spans, issued_at).is_none()
}

/// A credit limit as typed by the supervisor: yuan, positive.
pub fn parse_limit(text: &str) -> Result<Decimal, String> {
    match parse_decimal(text) {
        Some(v)
            if v > Decimal::ZERO
                && v <= Decimal::from(crate::domain::desk::limits::MAX_MONEY_YUAN) =>
        {
            Ok(crate::domain::money::round_yuan(v))
        }
        Some(_) => Err("信用额度应大于 0 元".to_owned()),
        None => Err("请填写信用额度（元）".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(month: u32, day: u32, hour: u32) -> NaiveDateTime {
        crate::testing::time(2026, month, day, hour, 0)
    }

    fn yuan(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn monthly_account_needs_approval_and_room_under_the_limit() {
        let approved = |limit: i64, open: i64| CreditStanding {
            shipper_name: "宏达服装厂".into(),
            limit_yuan: Some(yuan(limit)),
            open_yuan: yuan(open),
        };
        let unapproved = CreditStanding {
            shipper_name: "宏达服装厂".into(),
            limit_yuan: None,
            open_yuan: yuan(0),
        };
        // (case, payment, this waybill, standing, refused as)
        let cases: &[(&str, PaymentMethod, i64, CreditStanding, Option<&str>)] = &[
            (
                "现付 always passes",
                PaymentMethod::PayNow,
                900,
                unapproved.clone(),
                None,
            ),
            (
                "提付 always passes",
                PaymentMethod::Collect,
                900,
                approved(10, 10),
                None,
            ),
            (
                "回单付 always passes",
                PaymentMethod::OnReceipt,
                900,
                unapproved.clone(),
                None,
            ),
            (
                "月结 unapproved",
                PaymentMethod::Monthly,
                100,
                unapproved.clone(),
                Some("未经主管批准"),
            ),
            (
                "月结 within the limit",
                PaymentMethod::Monthly,
                100,
                approved(5000, 1000),
                None,
            ),
            (
                "月结 exactly the limit",
                PaymentMethod::Monthly,
                100,
                approved(1100, 1000),
                None,
            ),
            (
                "月结 over by a yuan",
                PaymentMethod::Monthly,
                101,
                approved(1100, 1000),
                Some("超出信用额度"),
            ),
            (
                "月结 first waybill over",
                PaymentMethod::Monthly,
                2000,
                approved(1000, 0),
                Some("超出信用额度"),
            ),
        ];
        for (case, payment, this, standing, refused) in cases {
            let result = check_monthly_account(*payment, yuan(*this), standing);
            match (refused, result) {
                (None, Ok(())) => {}
                (Some(word), Err(e)) => assert!(e.to_string().contains(word), "{case}: {e}"),
                (expected, got) => panic!("{case}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn monthly_account_over_limit_message_names_the_figures() {
        let standing = CreditStanding {
            shipper_name: "宏达服装厂".into(),
            limit_yuan: Some(yuan(1000)),
            open_yuan: Decimal::new(95050, 2),
        };
        let e = check_monthly_account(PaymentMethod::Monthly, yuan(100), &standing).unwrap_err();
        assert_eq!(
            e.to_string(),
            "发货方「宏达服装厂」月结超出信用额度：额度 ¥1000.00，未结 ¥950.50，本单 ¥100.00，合计 ¥1050.50：请改为现付/提付，或请主管授权"
        );
    }

    #[test]
    fn monthly_account_open_total_is_this_and_the_previous_month() {
        let cases = [
            ((2026, 11, 23), (2026, 10, 1)),
            ((2026, 11, 1), (2026, 10, 1)),
            ((2026, 1, 15), (2025, 12, 1)),
            ((2026, 3, 31), (2026, 2, 1)),
        ];
        for ((y, m, d), (ey, em, ed)) in cases {
            let today = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                unsettled_since(today),
                NaiveDate::from_ymd_opt(ey, em, ed).unwrap(),
                "{today}"
            );
        }
    }

    #[test]
    fn rule_22_unapproved_monthly_debts_are_the_clerks() {
        let spans = [
            CreditSpan {
                limit_yuan: yuan(5000),
                from: at(10, 1, 9),
                until: Some(at(11, 1, 9)),
            },
            CreditSpan {
                limit_yuan: yuan(8000),
                from: at(11, 20, 9),
                until: None,
            },
        ];
        // (case, payment, voided, issued at, the clerk's)
        let cases = [
            (
                "before any approval",
                PaymentMethod::Monthly,
                false,
                at(9, 30, 9),
                true,
            ),
            (
                "while approved",
                PaymentMethod::Monthly,
                false,
                at(10, 15, 9),
                false,
            ),
            (
                "the moment of approval",
                PaymentMethod::Monthly,
                false,
                at(10, 1, 9),
                false,
            ),
            (
                "the moment of withdrawal",
                PaymentMethod::Monthly,
                false,
                at(11, 1, 9),
                true,
            ),
            (
                "between approvals",
                PaymentMethod::Monthly,
                false,
                at(11, 10, 9),
                true,
            ),
            (
                "approved again",
                PaymentMethod::Monthly,
                false,
                at(11, 23, 9),
                false,
            ),
            ("voided", PaymentMethod::Monthly, true, at(11, 10, 9), false),
            (
                "not 月结",
                PaymentMethod::PayNow,
                false,
                at(11, 10, 9),
                false,
            ),
        ];
        for (case, payment, voided, issued, owed) in cases {
            assert_eq!(clerk_owes(payment, voided, issued, &spans), owed, "{case}");
        }
        assert!(clerk_owes(
            PaymentMethod::Monthly,
            false,
            at(11, 23, 9),
            &[]
        ));
        assert_eq!(
            approval_at(&spans, at(11, 23, 9)).unwrap().limit_yuan,
            yuan(8000)
        );
    }

    #[test]
    fn customer_file_needs_a_name_and_a_good_phone() {
        let draft = |name: &str, phones: &[&str]| CustomerDraft {
            name: name.into(),
            phones: phones.iter().map(|p| (*p).to_owned()).collect(),
            addresses: vec![
                " 易俗河镇建设路 8 号 ".into(),
                String::new(),
                "易俗河镇建设路 8 号".into(),
            ],
            note: " 老客户 ".into(),
        };
        let ok = draft(" 宏达服装厂 ", &["139 1234 5678", "", "0731-57123456"])
            .validate()
            .unwrap();
        assert_eq!(ok.name, "宏达服装厂");
        assert_eq!(
            ok.phones.iter().map(Phone::as_str).collect::<Vec<_>>(),
            ["13912345678", "0731-57123456"]
        );
        assert_eq!(ok.addresses, ["易俗河镇建设路 8 号"]);
        assert_eq!(ok.note, "老客户");
        let cases: &[(&str, &str, &[&str], CustomerError)] = &[
            ("no name", "", &["13912345678"], CustomerError::NoName),
            ("no phone", "宏达", &[""], CustomerError::NoPhone),
            (
                "repeated phone",
                "宏达",
                &["13912345678", "+86 139-1234-5678"],
                CustomerError::RepeatedPhone("13912345678".into()),
            ),
        ];
        for (case, name, phones, expected) in cases {
            let errors = draft(name, phones).validate().unwrap_err();
            assert_eq!(errors, std::slice::from_ref(expected), "{case}");
        }
        let errors = draft("宏达", &["12345"]).validate().unwrap_err();
        assert!(
            matches!(errors[..], [CustomerError::BadPhone { .. }]),
            "{errors:?}"
        );
    }

    #[test]
    fn credit_limit_is_positive_yuan() {
        assert_eq!(parse_limit("5,000").unwrap(), yuan(5000));
        assert_eq!(parse_limit("¥ 1234.567").unwrap(), Decimal::new(123_457, 2));
        assert!(parse_limit("0").is_err());
        assert!(parse_limit("-5").is_err());
        assert!(parse_limit("").is_err());
    }
}
