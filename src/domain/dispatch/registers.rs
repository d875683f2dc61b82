//! Exceptions (异常) and transfers (中转) as drafted and recorded, and the pieces a step may
//! take.

use crate::domain::desk::waybill::MAX_PIECES;
use crate::domain::money::{parse_decimal, round_yuan};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The kind of an exception (异常登记).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionKind {
    /// 延误.
    Delay,
    /// 破损.
    Damage,
    /// 丢失.
    Loss,
    /// 拒收: the consignee refused the goods.
    Refusal,
}

impl ExceptionKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [Self::Delay, Self::Damage, Self::Loss, Self::Refusal];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Delay => "延误",
            Self::Damage => "破损",
            Self::Loss => "丢失",
            Self::Refusal => "拒收",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }
}

/// An exception as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionDraft {
    /// What happened.
    pub kind: ExceptionKind,
    /// 责任方: who is responsible (司机, 装卸, 发货方, 本站 …).
    pub responsible: String,
    /// What happened, in words.
    pub note: String,
    /// 索赔金额 as typed; empty for none.
    pub claim: String,
}

impl Default for ExceptionDraft {
    /// A blank form, on the most common kind (延误).
    fn default() -> Self {
        Self {
            kind: ExceptionKind::Delay,
            responsible: String::new(),
            note: String::new(),
            claim: String::new(),
        }
    }
}

/// A checked exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionRecord {
    /// What happened.
    pub kind: ExceptionKind,
    /// 责任方.
    pub responsible: String,
    /// What happened.
    pub note: String,
    /// 索赔金额, zero for none.
    pub claim_yuan: Decimal,
}

impl ExceptionDraft {
    /// Checks the draft: a note is required, the claim is a non-negative amount.
    pub fn validate(&self) -> Result<ExceptionRecord, String> {
        let note = self.note.trim();
        if note.is_empty() {
            return Err(format!("请写明{}的情况", self.kind.label()));
        }
        let responsible = self.responsible.trim();
        if responsible.is_empty() {
            return Err("请填写责任方（如 司机、装卸、发货方、本站）".to_owned());
        }
        Ok(ExceptionRecord {
            kind: self.kind,
            responsible: responsible.to_owned(),
            note: note.to_owned(),
            claim_yuan: optional_amount(&self.claim, "索赔金额")?,
        })
    }
}

/// A transfer to another carrier as typed (中转登记).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDraft {
    /// 中转承运商.
    pub carrier: String,
    /// The carrier's own waybill number.
    pub carrier_number: String,
    /// 中转费 paid to the carrier, as typed.
    pub fee: String,
    /// 中转回扣 received, as typed; empty for none.
    pub rebate: String,
    /// Remarks.
    pub note: String,
}

/// A checked transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRecord {
    /// 中转承运商.
    pub carrier: String,
    /// Its waybill number.
    pub carrier_number: String,
    /// 中转费.
    pub fee_yuan: Decimal,
    /// 中转回扣.
    pub rebate_yuan: Decimal,
    /// Remarks.
    pub note: String,
}

impl TransferDraft {
    /// Checks the draft: carrier and its number required, amounts non-negative.
    pub fn validate(&self) -> Result<TransferRecord, String> {
        let carrier = self.carrier.trim();
        if carrier.is_empty() {
            return Err("请填写中转承运商".to_owned());
        }
        let carrier_number = self.carrier_number.trim();
        if carrier_number.is_empty() {
            return Err("请填写中转承运商的运单号".to_owned());
        }
        if self.fee.trim().is_empty() {
            return Err("请填写中转费（没有请填 0）".to_owned());
        }
        Ok(TransferRecord {
            carrier: carrier.to_owned(),
            carrier_number: carrier_number.to_owned(),
            fee_yuan: optional_amount(&self.fee, "中转费")?,
            rebate_yuan: optional_amount(&self.rebate, "中转回扣")?,
            note: self.note.trim().to_owned(),
        })
    }
}

/// An amount typed in yuan, zero when empty; refused when negative or not a number.
pub(crate) fn optional_amount(text: &str, what: &str) -> Result<Decimal, String> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let value = parse_decimal(text).ok_or_else(|| format!("{what}不是有效的金额"))?;
    if value < Decimal::ZERO {
        return Err(format!("{what}不能为负数"));
    }
    if value > Decimal::from(crate::domain::desk::limits::MAX_MONEY_YUAN) {
        return Err(format!("{what}过大，请复核"));
    }
    Ok(round_yuan(value))
}

/// Checks a piece count typed or chosen for a partial action: 1 up to `left`.
pub fn check_pieces(pieces: u32, left: u32) -> Result<u32, String> {
    if left == 0 {
        return Err("没有剩余件数".to_owned());
    }
    if pieces == 0 || pieces > left.min(MAX_PIECES) {
        return Err(format!("件数应为 1–{left}"));
    }
    Ok(pieces)
}
