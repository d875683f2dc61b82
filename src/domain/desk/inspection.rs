//! Refusals for any reason and boxes opened for inspection (issue 18 item 8). 制度 asks the
//! clerk to refuse dangerous or prohibited goods, and goods whose packaging the shipper
//! will not put right; and to open a box when in doubt (开箱检查), recording who opened it
//! and what was found. The refusal is the same record the form's screening writes; an
//! inspection that finds what must not go writes one too.

use crate::domain::desk::phone::Phone;

/// Why a consignment is refused, as the 拒收 form offers it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RefusalCause {
    /// 危险品或违禁品.
    #[default]
    Dangerous,
    /// 包装不合格，发货方不愿整改.
    Packaging,
    /// 其他 (said in the note).
    Other,
}

impl RefusalCause {
    /// Every cause, in the order of the form.
    pub const ALL: [Self; 3] = [Self::Dangerous, Self::Packaging, Self::Other];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Dangerous => "危险品/违禁品",
            Self::Packaging => "包装不合格，发货方不愿整改",
            Self::Other => "其他",
        }
    }
}

/// The 拒收 form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefusalDraft {
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// 品名.
    pub goods_name: String,
    /// Why.
    pub cause: RefusalCause,
    /// What exactly (required but for 危险品, where the goods say it).
    pub note: String,
}

/// A checked refusal: who, what, and the reason as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRefusal {
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话, normal spelling (empty when not given).
    pub shipper_phone: String,
    /// 品名.
    pub goods_name: String,
    /// The reason as recorded: the cause and the note.
    pub reason: String,
}

/// The shipper, their phone and the goods of a form: the names trimmed and required
/// (`goods_missing` says what to write when the goods are not named), the phone in its
/// normal spelling when given (empty otherwise, or when it is not a phone); problems go to
/// `problems`.
fn shipper_and_goods(
    shipper: &str,
    phone: &str,
    goods: &str,
    goods_missing: &str,
    problems: &mut Vec<String>,
) -> (String, String, String) {
    let (shipper, goods) = (shipper.trim().to_owned(), goods.trim().to_owned());
    if shipper.is_empty() {
        problems.push("请填写发货方".to_owned());
    }
    if goods.is_empty() {
        problems.push(goods_missing.to_owned());
    }
    let phone = if phone.trim().is_empty() {
        String::new()
    } else {
        Phone::parse(phone).map_or_else(
            |e| {
                problems.push(e.to_string());
                String::new()
            },
            |p| p.as_str().to_owned(),
        )
    };
    (shipper, phone, goods)
}

impl RefusalDraft {
    /// Checks the form: the shipper and the goods named, a note for packaging or any
    /// other cause, a phone that is a phone when given.
    ///
    /// # Errors
    /// Every problem, in Chinese.
    pub fn validate(&self) -> Result<CheckedRefusal, Vec<String>> {
        let mut problems = Vec::new();
        let (shipper_name, shipper_phone, goods_name) = shipper_and_goods(
            &self.shipper_name,
            &self.shipper_phone,
            &self.goods_name,
            "请填写品名",
            &mut problems,
        );
        let note = self.note.trim();
        if note.is_empty() && self.cause != RefusalCause::Dangerous {
            problems.push(format!(
                "拒收原因为「{}」：请写明具体情况",
                self.cause.label()
            ));
        }
        if note.chars().count() > 200 {
            problems.push("说明过长（最多 200 字）".to_owned());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CheckedRefusal {
            shipper_name,
            shipper_phone,
            goods_name,
            reason: if note.is_empty() {
                format!("{}，不予托运", self.cause.label())
            } else {
                format!("{}：{note}，不予托运", self.cause.label())
            },
        })
    }
}

/// What an inspection decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum InspectionResult {
    /// 正常，可以托运.
    #[default]
    Passed,
    /// 不予托运 (a refusal is recorded with it).
    Refused,
}

impl InspectionResult {
    /// Both, in the order of the form.
    pub const ALL: [Self; 2] = [Self::Passed, Self::Refused];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Passed => "正常，可以托运",
            Self::Refused => "不予托运",
        }
    }

    /// The result stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label)
    }
}

/// The 开箱检查 form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectionDraft {
    /// 运单号, when the goods already have a waybill (may be empty).
    pub waybill_number: String,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话.
    pub shipper_phone: String,
    /// 品名 (as declared).
    pub goods_name: String,
    /// What was found in the box.
    pub found: String,
    /// What follows.
    pub result: InspectionResult,
}

/// A checked inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// 运单号, empty for none.
    pub waybill_number: String,
    /// 发货方.
    pub shipper_name: String,
    /// 发货方电话, normal spelling (empty when not given).
    pub shipper_phone: String,
    /// 品名.
    pub goods_name: String,
    /// What was found.
    pub found: String,
    /// What follows.
    pub result: InspectionResult,
}

impl InspectionDraft {
    /// Checks the form: the shipper, the goods and what was found are required.
    ///
    /// # Errors
    /// Every problem, in Chinese.
    pub fn validate(&self) -> Result<Inspection, Vec<String>> {
        let mut problems = Vec::new();
        let (shipper_name, shipper_phone, goods_name) = shipper_and_goods(
            &self.shipper_name,
            &self.shipper_phone,
            &self.goods_name,
            "请填写品名（申报的）",
            &mut problems,
        );
        let found = self.found.trim().to_owned();
        if found.is_empty() {
            problems.push("请写明开箱看到的货物（如：服装 30 件，无异常）".to_owned());
        }
        if found.chars().count() > 200 {
            problems.push("检查情况过长（最多 200 字）".to_owned());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Inspection {
            waybill_number: self.waybill_number.trim().to_owned(),
            shipper_name,
            shipper_phone,
            goods_name,
            found,
            result: self.result,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_for_any_reason_says_what_and_why() {
        let draft = RefusalDraft {
            shipper_name: "宏达服装厂".into(),
            shipper_phone: "139 1234 5678".into(),
            goods_name: "玻璃器皿".into(),
            cause: RefusalCause::Packaging,
            note: String::new(),
        };
        assert!(draft.validate().unwrap_err()[0].contains("请写明具体情况"));
        let ok = RefusalDraft {
            note: "纸箱已破，发货方不肯加木架".into(),
            ..draft.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.shipper_phone, "13912345678");
        assert_eq!(
            ok.reason,
            "包装不合格，发货方不愿整改：纸箱已破，发货方不肯加木架，不予托运"
        );
        let dangerous = RefusalDraft {
            cause: RefusalCause::Dangerous,
            goods_name: "油漆".into(),
            ..draft.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(dangerous.reason, "危险品/违禁品，不予托运");
        let empty = RefusalDraft::default().validate().unwrap_err();
        assert_eq!(empty.len(), 2, "{empty:?}");
        let bad_phone = RefusalDraft {
            shipper_phone: "123".into(),
            note: "x".into(),
            ..draft
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad_phone.len(), 1);
    }

    #[test]
    fn an_inspection_records_what_was_found() {
        let draft = InspectionDraft {
            shipper_name: "宏达服装厂".into(),
            goods_name: "服装".into(),
            ..InspectionDraft::default()
        };
        assert!(draft.validate().unwrap_err()[0].contains("开箱看到"));
        let ok = InspectionDraft {
            found: "服装 30 件，无异常".into(),
            ..draft
        }
        .validate()
        .unwrap();
        assert_eq!(ok.result, InspectionResult::Passed);
        for r in InspectionResult::ALL {
            assert_eq!(InspectionResult::from_label(r.label()), Some(r));
        }
    }
}
