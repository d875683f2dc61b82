//! Claims (理赔) for the loss (丢失) or damage (破损) of a waybill's goods: what the company
//! pays and by which rule. Insured waybills (a declared value above zero) pay on loss up to
//! the declared value; the insurance does not cover damage (保丢不保损). Everything else —
//! damage of insured goods, loss or damage of uninsured goods — is paid by the terms in
//! settings: up to a multiple of the freight (未保价货物丢失按运费三倍以内赔偿). Never more
//! than was asked, to the fen, half-up. A waybill marked 货损自负 or 货损由发货方自负 puts
//! damage at the shipper's risk: a damage claim on it pays nothing, and says why; a loss
//! claim on it is judged as any other (M1). Leaks and deformation are damage (破损,
//! described in the claim's note).

use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::{format_yuan, parse_decimal, round_yuan};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What happened to the goods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClaimKind {
    /// 丢失.
    #[default]
    Loss,
    /// 破损.
    Damage,
}

impl ClaimKind {
    /// Both kinds, in the order of the form.
    pub const ALL: [Self; 2] = [Self::Loss, Self::Damage];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Loss => "丢失",
            Self::Damage => "破损",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }
}

/// The station's claim terms (stored under a settings key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSettings {
    /// What is paid at most for anything the insurance does not cover, as a multiple of the
    /// freight. The printed terms say it through their placeholder (运费{赔偿倍数}以内 →
    /// 运费三倍以内, `domain::settings::PrintSettings::printed_terms`).
    pub freight_multiple: Decimal,
}

impl ClaimSettings {
    /// The highest multiple the supervisor may set.
    pub const MAX_MULTIPLE: u32 = 100;

    /// The settings for a multiple as typed: a number above 0 and at most
    /// [`Self::MAX_MULTIPLE`]; `None` otherwise.
    #[must_use]
    pub fn from_typed_multiple(text: &str) -> Option<Self> {
        parse_decimal(text)
            .filter(|m| *m > Decimal::ZERO && *m <= Decimal::from(Self::MAX_MULTIPLE))
            .map(|m| Self {
                freight_multiple: m.normalize(),
            })
    }
}

impl Default for ClaimSettings {
    fn default() -> Self {
        Self {
            freight_multiple: Decimal::from(3),
        }
    }
}

/// The waybill's figures a claim is decided on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClaimBasis {
    /// 运费.
    pub freight_yuan: Decimal,
    /// 保价金额; `None` or zero: not insured.
    pub declared_value_yuan: Option<Decimal>,
    /// The waybill's remark putting damage at the shipper's risk (货损自负 …), if any.
    pub damage_at_shipper_risk: Option<&'static str>,
}

impl ClaimBasis {
    /// Insured: a declared value above zero.
    #[must_use]
    pub fn insured(&self) -> bool {
        self.declared_value_yuan.is_some_and(|v| v > Decimal::ZERO)
    }
}

/// What a claim pays and the rule that set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payable {
    /// Amount payable, to the fen.
    pub amount_yuan: Decimal,
    /// The rule, in Chinese, as the clerk and the claimant read it.
    pub rule: String,
}

/// Computes what a claim of `kind` asking `asked_yuan` pays on a waybill of `basis`.
#[must_use]
pub fn payable(
    kind: ClaimKind,
    asked_yuan: Decimal,
    basis: &ClaimBasis,
    settings: &ClaimSettings,
) -> Payable {
    let asked = round_yuan(asked_yuan.max(Decimal::ZERO));
    if let (ClaimKind::Damage, Some(terms)) = (kind, basis.damage_at_shipper_risk) {
        return Payable {
            amount_yuan: Decimal::ZERO,
            rule: format!("运单注明「{terms}」：货物破损由发货方自行承担，按托运条款不予赔付"),
        };
    }
    let (cap, rule) = match (kind, basis.declared_value_yuan) {
        (ClaimKind::Loss, Some(declared)) if basis.insured() => (
            round_yuan(declared),
            format!(
                "保价货物丢失，按保价金额 ¥{} 以内赔偿",
                format_yuan(declared)
            ),
        ),
        _ => {
            let cap = round_yuan(basis.freight_yuan * settings.freight_multiple);
            let why = if basis.insured() {
                "保价货物保丢不保损，破损"
            } else {
                "未保价货物"
            };
            (
                cap,
                format!(
                    "{why}按运费 {} 倍以内赔偿（运费 ¥{} × {} = ¥{}）",
                    settings.freight_multiple.normalize(),
                    format_yuan(basis.freight_yuan),
                    settings.freight_multiple.normalize(),
                    format_yuan(cap)
                ),
            )
        }
    };
    if asked <= cap {
        Payable {
            amount_yuan: asked,
            rule: format!("{rule}；按索赔金额 ¥{} 赔付", format_yuan(asked)),
        }
    } else {
        Payable {
            amount_yuan: cap,
            rule,
        }
    }
}

/// The claim form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimDraft {
    /// 丢失 or 破损.
    pub kind: ClaimKind,
    /// 索赔金额, as typed.
    pub asked: String,
    /// 说明.
    pub note: String,
}

/// A checked claim to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    /// 丢失 or 破损.
    pub kind: ClaimKind,
    /// 索赔金额.
    pub asked_yuan: Decimal,
    /// 说明.
    pub note: String,
}

impl ClaimDraft {
    /// Checks the form: an amount above zero, to the fen.
    ///
    /// # Errors
    /// The Chinese message to show when the amount is missing or wrong.
    pub fn validate(&self) -> Result<NewClaim, String> {
        let asked = parse_decimal(&self.asked)
            .filter(|a| *a > Decimal::ZERO)
            .ok_or_else(|| "索赔金额须为大于 0 的金额".to_owned())?;
        if round_yuan(asked) != asked {
            return Err("索赔金额只能精确到分".to_owned());
        }
        Ok(NewClaim {
            kind: self.kind,
            asked_yuan: asked,
            note: self.note.trim().to_owned(),
        })
    }
}

/// The decision on a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimDecision {
    /// Amount payable.
    pub amount_yuan: Decimal,
    /// The rule that set it.
    pub rule: String,
    /// 工号 of the supervisor.
    pub decided_by: String,
    /// When.
    pub decided_at: NaiveDateTime,
}

/// How a decided claim ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// 已赔付.
    Paid {
        /// How it was paid.
        channel: PayChannel,
        /// 工号.
        by: String,
        /// When.
        at: NaiveDateTime,
    },
    /// 拒赔.
    Rejected {
        /// Why.
        reason: String,
        /// 工号.
        by: String,
        /// When.
        at: NaiveDateTime,
    },
}

/// One registered claim with its decision and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRecord {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub number: String,
    /// 丢失 or 破损.
    pub kind: ClaimKind,
    /// 索赔金额.
    pub asked_yuan: Decimal,
    /// 说明.
    pub note: String,
    /// 工号 of who registered it.
    pub registered_by: String,
    /// When.
    pub registered_at: NaiveDateTime,
    /// The decision, once taken.
    pub decision: Option<ClaimDecision>,
    /// Paid or rejected, once so.
    pub outcome: Option<ClaimOutcome>,
}

impl ClaimRecord {
    /// Chinese state: 待决定, 已决定, 已赔付 or 拒赔.
    #[must_use]
    pub fn state_label(&self) -> &'static str {
        match (&self.decision, &self.outcome) {
            (_, Some(ClaimOutcome::Paid { .. })) => "已赔付",
            (_, Some(ClaimOutcome::Rejected { .. })) => "拒赔",
            (Some(_), None) => "已决定",
            (None, None) => "待决定",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn basis(freight: Decimal, declared: Option<Decimal>) -> ClaimBasis {
        ClaimBasis {
            freight_yuan: freight,
            declared_value_yuan: declared,
            damage_at_shipper_risk: None,
        }
    }

    /// M1: a damage claim on a waybill at the shipper's risk pays nothing, naming the
    /// remark; a loss claim on it is judged as on any other.
    #[test]
    fn damage_at_the_shippers_risk_is_not_payable_but_loss_is() {
        let terms = ClaimSettings::default();
        let cases = [
            // (case, kind, remark, declared, payable, rule contains)
            (
                "ticked, damage",
                ClaimKind::Damage,
                Some("货损由发货方自负"),
                None,
                "0",
                "不予赔付",
            ),
            (
                "fragile, damage",
                ClaimKind::Damage,
                Some("货损自负"),
                None,
                "0",
                "「货损自负」",
            ),
            (
                "insured and fragile, damage",
                ClaimKind::Damage,
                Some("货损自负"),
                Some("5000"),
                "0",
                "不予赔付",
            ),
            (
                "ticked, loss",
                ClaimKind::Loss,
                Some("货损由发货方自负"),
                None,
                "300",
                "未保价",
            ),
            (
                "insured and fragile, loss",
                ClaimKind::Loss,
                Some("货损自负"),
                Some("5000"),
                "1000",
                "保价金额",
            ),
            (
                "no remark, damage",
                ClaimKind::Damage,
                None,
                None,
                "300",
                "未保价",
            ),
        ];
        for (case, kind, remark, declared, expected, words) in cases {
            let basis = ClaimBasis {
                damage_at_shipper_risk: remark,
                ..basis(dec("100"), declared.map(dec))
            };
            let p = payable(kind, dec("1000"), &basis, &terms);
            assert_eq!(p.amount_yuan, dec(expected), "{case}");
            assert!(p.rule.contains(words), "{case}: {}", p.rule);
        }
    }

    #[test]
    fn the_multiple_is_typed_as_a_number_above_zero_up_to_a_hundred() {
        for (typed, expected) in [
            ("3", Some("3")),
            (" 2.5 ", Some("2.5")),
            ("2.50", Some("2.5")),
            ("100", Some("100")),
            ("0", None),
            ("-1", None),
            ("101", None),
            ("三", None),
            ("", None),
        ] {
            assert_eq!(
                ClaimSettings::from_typed_multiple(typed).map(|s| s.freight_multiple),
                expected.map(dec),
                "{typed}"
            );
        }
    }

    #[test]
    fn insured_loss_pays_up_to_the_declared_value_and_the_rest_by_the_freight_multiple() {
        let terms = ClaimSettings::default();
        let cases = [
            // (rule, kind, asked, freight, declared, payable, rule contains)
            (
                "insured loss capped at declared",
                ClaimKind::Loss,
                dec("8000"),
                dec("120"),
                Some(dec("5000")),
                dec("5000"),
                "保价金额",
            ),
            (
                "insured loss below declared pays asked",
                ClaimKind::Loss,
                dec("1200.50"),
                dec("120"),
                Some(dec("5000")),
                dec("1200.50"),
                "按索赔金额",
            ),
            (
                "insured damage falls to the freight multiple (保丢不保损)",
                ClaimKind::Damage,
                dec("2000"),
                dec("120"),
                Some(dec("5000")),
                dec("360"),
                "保丢不保损",
            ),
            (
                "uninsured loss: three times the freight",
                ClaimKind::Loss,
                dec("2000"),
                dec("85.55"),
                None,
                dec("256.65"),
                "未保价",
            ),
            (
                "uninsured damage: never above asked",
                ClaimKind::Damage,
                dec("100"),
                dec("85"),
                None,
                dec("100"),
                "按索赔金额",
            ),
            (
                "zero declared value is not insured",
                ClaimKind::Loss,
                dec("2000"),
                dec("100"),
                Some(dec("0")),
                dec("300"),
                "未保价",
            ),
        ];
        for (rule, kind, asked, freight, declared, expected, words) in cases {
            let p = payable(kind, asked, &basis(freight, declared), &terms);
            assert_eq!(p.amount_yuan, expected, "{rule}");
            assert!(p.rule.contains(words), "{rule}: {}", p.rule);
        }
    }

    #[test]
    fn the_freight_multiple_comes_from_settings_and_rounds_half_up_to_the_fen() {
        let terms = ClaimSettings {
            freight_multiple: dec("2.5"),
        };
        let p = payable(
            ClaimKind::Damage,
            dec("1000"),
            &basis(dec("33.33"), None),
            &terms,
        );
        // 33.33 × 2.5 = 83.325 → 83.33.
        assert_eq!(p.amount_yuan, dec("83.33"));
    }

    #[test]
    fn the_claim_form_asks_an_amount_above_zero_to_the_fen() {
        let cases = [
            ("", false),
            ("0", false),
            ("-5", false),
            ("12.345", false),
            ("abc", false),
            ("¥1,200.50", true),
        ];
        for (asked, ok) in cases {
            let draft = ClaimDraft {
                asked: asked.to_owned(),
                ..ClaimDraft::default()
            };
            assert_eq!(draft.validate().is_ok(), ok, "{asked}");
        }
    }
}
