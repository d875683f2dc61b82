//! Exceptions followed to closure (异常跟进, issue 18 item 3). A *case* is one exception
//! on a waybill, wherever it was recorded: 异常登记 (延误, 破损, 丢失, 拒收), a delivery that
//! came back 拒收 or 异常, or pieces found missing or damaged at the arrival check. Each is
//! followed by steps, written once and never changed:
//! - 指派: who owns it now;
//! - 告知客户: when and how the customer was told, and what;
//! - 下一步: what happens next;
//! - 发货方决定 (拒收 only): the shipper's decision — 退回, 再派送 or 暂存 — with the
//!   reason, and for 退回 the return waybill;
//! - 结案: the closing result, once; nothing follows it.
//!
//! A case closes only once it has an owner and the customer was told; a 拒收 also needs
//! the shipper's decision, and a 退回 its return waybill.

use crate::domain::dispatch::ExceptionKind;
use chrono::NaiveDateTime;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseKind {
    /// 延误.
    Delay,
    /// 破损.
    Damage,
    /// 丢失 (or pieces missing at arrival).
    Loss,
    /// 拒收.
    Refusal,
    /// 送货异常: a delivery that failed for another reason.
    Other,
}

impl CaseKind {
    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        self.registered().map_or("送货异常", ExceptionKind::label)
    }

    /// The kind of an exception register's label (异常登记, a delivery's result, an
    /// arrival discrepancy).
    #[must_use]
    pub fn from_record(label: &str) -> Option<Self> {
        match label.trim() {
            "少件" => Some(Self::Loss),
            "异常" => Some(Self::Other),
            other => ExceptionKind::from_label(other).map(Self::from),
        }
    }

    /// The kind of 异常登记 this is; `None` for 送货异常, which is only a delivery's.
    fn registered(self) -> Option<ExceptionKind> {
        match self {
            Self::Delay => Some(ExceptionKind::Delay),
            Self::Damage => Some(ExceptionKind::Damage),
            Self::Loss => Some(ExceptionKind::Loss),
            Self::Refusal => Some(ExceptionKind::Refusal),
            Self::Other => None,
        }
    }
}

impl From<ExceptionKind> for CaseKind {
    fn from(kind: ExceptionKind) -> Self {
        match kind {
            ExceptionKind::Delay => Self::Delay,
            ExceptionKind::Damage => Self::Damage,
            ExceptionKind::Loss => Self::Loss,
            ExceptionKind::Refusal => Self::Refusal,
        }
    }
}

/// Where a case was recorded; with the row id it makes the case's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseSource {
    /// 异常登记 (`exceptions`).
    Register,
    /// A delivery's result (`delivery_tasks`).
    Delivery,
    /// The arrival check (`arrival_issues`).
    Arrival,
}

impl CaseSource {
    /// The key of row `id` of this source: `exception:12`.
    #[must_use]
    pub fn key(self, id: i64) -> String {
        let prefix = match self {
            Self::Register => "exception",
            Self::Delivery => "delivery",
            Self::Arrival => "arrival",
        };
        format!("{prefix}:{id}")
    }

    /// Where it was recorded, in Chinese.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Register => "异常登记",
            Self::Delivery => "送货结果",
            Self::Arrival => "到货核对",
        }
    }
}

/// The shipper's decision on refused goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Decision {
    /// 退回: sent back to the shipper on a return waybill.
    #[default]
    Return,
    /// 再派送: delivered again.
    Redeliver,
    /// 暂存: kept here until the shipper says.
    Hold,
}

impl Decision {
    /// Every decision, in the order of the choice row.
    pub const ALL: [Self; 3] = [Self::Return, Self::Redeliver, Self::Hold];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Return => "退回",
            Self::Redeliver => "再派送",
            Self::Hold => "暂存",
        }
    }

    /// The decision stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.label() == label)
    }
}

/// The kinds of step, in the order of the choice row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StepKind {
    /// 指派.
    #[default]
    Assign,
    /// 告知客户.
    Told,
    /// 下一步.
    Next,
    /// 发货方决定.
    Decision,
    /// 结案.
    Close,
}

impl StepKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Assign,
        Self::Told,
        Self::Next,
        Self::Decision,
        Self::Close,
    ];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Assign => "指派",
            Self::Told => "告知客户",
            Self::Next => "下一步",
            Self::Decision => "发货方决定",
            Self::Close => "结案",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label)
    }
}

/// One step, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// 指派 to this 工号.
    Assign(String),
    /// 告知客户: how and what (the time is the step's).
    Told(String),
    /// 下一步.
    Next(String),
    /// 发货方决定, the reason, and the return waybill (empty when not yet issued).
    Decision(Decision, String, String),
    /// 结案 with its result.
    Close(String),
}

impl Step {
    /// Its kind.
    #[must_use]
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Assign(_) => StepKind::Assign,
            Self::Told(_) => StepKind::Told,
            Self::Next(_) => StepKind::Next,
            Self::Decision(..) => StepKind::Decision,
            Self::Close(_) => StepKind::Close,
        }
    }

    /// One line for the case's history.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Assign(owner) => format!("指派给 {owner}"),
            Self::Told(what) => format!("已告知客户：{what}"),
            Self::Next(what) => format!("下一步：{what}"),
            Self::Decision(d, why, ret) if ret.is_empty() => {
                format!("发货方决定{}：{why}", d.label())
            }
            Self::Decision(d, why, ret) => {
                format!("发货方决定{}：{why}（退货运单 {ret}）", d.label())
            }
            Self::Close(result) => format!("结案：{result}"),
        }
    }
}

/// The step form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepDraft {
    /// Which step.
    pub kind: StepKind,
    /// 工号 for 指派.
    pub owner: String,
    /// What was told, the next step, the reason or the result.
    pub text: String,
    /// The shipper's decision, for 发货方决定.
    pub decision: Decision,
    /// 退货运单号, for 退回.
    pub return_number: String,
}

/// Longest text of a step.
pub const MAX_STEP_CHARS: usize = 300;

impl StepDraft {
    /// The step, or what is wrong with it in Chinese.
    ///
    /// # Errors
    /// A missing owner or text, a text too long.
    pub fn validate(&self) -> Result<Step, String> {
        let text = self.text.trim().to_owned();
        if self.kind != StepKind::Assign && text.is_empty() {
            return Err(match self.kind {
                StepKind::Told => "请写明怎么告知的、告知了什么（如 电话告知收货方，预计周五到）",
                StepKind::Next => "请写明下一步做什么",
                StepKind::Decision => "请写明拒收原因和发货方的意见",
                _ => "请写明结案结果（如 已赔付 120 元、已退回发货方、已重新送达）",
            }
            .to_owned());
        }
        if text.chars().count() > MAX_STEP_CHARS {
            return Err(format!("内容过长（最多 {MAX_STEP_CHARS} 字）"));
        }
        Ok(match self.kind {
            StepKind::Assign => {
                let owner = self.owner.trim();
                if owner.is_empty() {
                    return Err("请选择负责人".to_owned());
                }
                Step::Assign(owner.to_owned())
            }
            StepKind::Told => Step::Told(text),
            StepKind::Next => Step::Next(text),
            StepKind::Decision => Step::Decision(
                self.decision,
                text,
                self.return_number.trim().to_uppercase(),
            ),
            StepKind::Close => Step::Close(text),
        })
    }
}

/// A step on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who recorded it.
    pub by: String,
    /// What.
    pub step: Step,
}

/// One case with its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Where it was recorded.
    pub source: CaseSource,
    /// The row there.
    pub source_id: i64,
    /// 单号.
    pub waybill_number: String,
    /// What went wrong.
    pub kind: CaseKind,
    /// When it was recorded.
    pub opened_at: NaiveDateTime,
    /// 工号 of who recorded it.
    pub opened_by: String,
    /// What was recorded about it.
    pub what: String,
    /// Its steps, oldest first.
    pub steps: Vec<StepRecord>,
}

impl Case {
    /// Its key: `exception:12`.
    #[must_use]
    pub fn key(&self) -> String {
        self.source.key(self.source_id)
    }

    /// Who owns it: the last 指派, or whoever recorded it.
    #[must_use]
    pub fn owner(&self) -> &str {
        self.steps
            .iter()
            .rev()
            .find_map(|s| match &s.step {
                Step::Assign(owner) => Some(owner.as_str()),
                _ => None,
            })
            .unwrap_or(&self.opened_by)
    }

    /// Whether an owner was assigned explicitly.
    #[must_use]
    pub fn assigned(&self) -> bool {
        self.steps.iter().any(|s| matches!(s.step, Step::Assign(_)))
    }

    /// When the customer was first told.
    #[must_use]
    pub fn told_at(&self) -> Option<NaiveDateTime> {
        self.steps
            .iter()
            .find(|s| matches!(s.step, Step::Told(_)))
            .map(|s| s.at)
    }

    /// The last 下一步.
    #[must_use]
    pub fn next_step(&self) -> Option<&str> {
        self.steps.iter().rev().find_map(|s| match &s.step {
            Step::Next(what) => Some(what.as_str()),
            _ => None,
        })
    }

    /// The last decision of the shipper, with the return waybill named in any of them.
    #[must_use]
    pub fn decision(&self) -> Option<(Decision, String)> {
        let last = self.steps.iter().rev().find_map(|s| match &s.step {
            Step::Decision(d, _, _) => Some(*d),
            _ => None,
        })?;
        let ret = self
            .steps
            .iter()
            .rev()
            .find_map(|s| match &s.step {
                Step::Decision(_, _, r) if !r.is_empty() => Some(r.clone()),
                _ => None,
            })
            .unwrap_or_default();
        Some((last, ret))
    }

    /// When and how it was closed.
    #[must_use]
    pub fn closed(&self) -> Option<(&StepRecord, &str)> {
        self.steps.iter().find_map(|s| match &s.step {
            Step::Close(result) => Some((s, result.as_str())),
            _ => None,
        })
    }

    /// Whole days since it was recorded.
    #[must_use]
    pub fn age_days(&self, now: NaiveDateTime) -> i64 {
        (now - self.opened_at).num_days().max(0)
    }

    /// Whether the customer was still not told a day after it was recorded.
    #[must_use]
    pub fn untold_too_long(&self, now: NaiveDateTime) -> bool {
        self.closed().is_none()
            && self.told_at().is_none()
            && now - self.opened_at > chrono::Duration::hours(24)
    }

    /// Whether `step` may follow now; the Chinese reason when not.
    ///
    /// # Errors
    /// Closed already; a decision on goods not refused; closing before an owner, before
    /// the customer was told, or for 拒收 before the shipper's decision (and for 退回,
    /// its return waybill).
    pub fn check_step(&self, step: &Step) -> Result<(), String> {
        if let Some((record, _)) = self.closed() {
            return Err(format!(
                "此异常已于 {} 由 {} 结案，不能再添加处理记录",
                record.at.format("%m-%d %H:%M"),
                record.by
            ));
        }
        match step {
            Step::Decision(..) if self.kind != CaseKind::Refusal => {
                Err("只有拒收需要登记发货方决定".to_owned())
            }
            Step::Close(_) => {
                if !self.assigned() {
                    return Err("结案前请先指派负责人".to_owned());
                }
                if self.told_at().is_none() {
                    return Err("结案前请先登记已告知客户（何时、怎么告知的）".to_owned());
                }
                if self.kind == CaseKind::Refusal {
                    match self.decision() {
                        None => {
                            return Err(
                                "拒收结案前请先登记发货方决定（退回、再派送或暂存）".to_owned()
                            );
                        }
                        Some((Decision::Return, ret)) if ret.is_empty() => {
                            return Err("发货方决定退回：结案前请登记退货运单号".to_owned());
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        crate::testing::time(2026, 12, d, h, 0)
    }

    fn refusal() -> Case {
        Case {
            source: CaseSource::Delivery,
            source_id: 4,
            waybill_number: "GZ2612010001".into(),
            kind: CaseKind::Refusal,
            opened_at: at(1, 10),
            opened_by: "A01".into(),
            what: "收货方说没订这批货".into(),
            steps: Vec::new(),
        }
    }

    fn add(case: &mut Case, step: Step, day: u32) {
        case.check_step(&step).expect("allowed");
        case.steps.push(StepRecord {
            at: at(day, 9),
            by: "S01".into(),
            step,
        });
    }

    #[test]
    fn a_refusal_closes_after_owner_told_decision_and_return_waybill() {
        let mut case = refusal();
        let close = Step::Close("已退回发货方".into());
        assert!(case.check_step(&close).unwrap_err().contains("指派"));
        add(&mut case, Step::Assign("A02".into()), 1);
        assert_eq!(case.owner(), "A02");
        assert!(case.check_step(&close).unwrap_err().contains("告知客户"));
        assert!(case.untold_too_long(at(2, 11)));
        add(&mut case, Step::Told("电话告知发货方".into()), 2);
        assert_eq!(case.told_at(), Some(at(2, 9)));
        assert!(case.check_step(&close).unwrap_err().contains("发货方决定"));
        add(
            &mut case,
            Step::Decision(Decision::Return, "收货方未订货".into(), String::new()),
            2,
        );
        assert!(case.check_step(&close).unwrap_err().contains("退货运单号"));
        add(
            &mut case,
            Step::Decision(Decision::Return, "补登退货单".into(), "GZ2612020005".into()),
            3,
        );
        add(&mut case, close, 3);
        assert!(case.closed().is_some());
        assert!(
            case.check_step(&Step::Next("再看看".into()))
                .unwrap_err()
                .contains("已于")
        );
        assert_eq!(case.age_days(at(5, 10)), 4);
    }

    #[test]
    fn a_decision_is_for_refused_goods_only() {
        let mut case = refusal();
        case.kind = CaseKind::Damage;
        assert!(
            case.check_step(&Step::Decision(Decision::Hold, "x".into(), String::new()))
                .is_err()
        );
    }

    #[test]
    fn a_step_needs_its_words() {
        let draft = StepDraft {
            kind: StepKind::Told,
            text: " ".into(),
            ..StepDraft::default()
        };
        assert!(draft.validate().unwrap_err().contains("告知"));
        let assign = StepDraft::default();
        assert!(assign.validate().unwrap_err().contains("负责人"));
        let decision = StepDraft {
            kind: StepKind::Decision,
            text: "不要了".into(),
            decision: Decision::Return,
            return_number: " gz2612020005 ".into(),
            ..StepDraft::default()
        };
        assert_eq!(
            decision.validate(),
            Ok(Step::Decision(
                Decision::Return,
                "不要了".into(),
                "GZ2612020005".into()
            ))
        );
    }
}
