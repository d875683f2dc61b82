//! The stages of a waybill's goods and the steps between them, refused with a Chinese
//! reason when impossible.

use serde::{Deserialize, Serialize};

/// Where a waybill's goods are (运单状态): the stages of DOMAIN.md §3–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// 已开单: issued, in the warehouse of the loading station.
    Issued,
    /// 已装车: pieces scanned onto a truck that has not left.
    Loaded,
    /// 已发车: on a truck that has left.
    Departed,
    /// 已到站: unloaded and checked at the receiving station.
    Arrived,
    /// 已通知: the consignee was told to collect.
    Notified,
    /// 已提货: every piece collected by the consignee.
    PickedUp,
    /// 已送达: delivered to the consignee.
    Delivered,
    /// 中转: handed on to another carrier.
    Transferred,
    /// 退货: sent back to the shipper.
    Returned,
    /// 异常: delayed, damaged, lost or refused; the flow resumes from the stage before.
    Exception,
    /// 作废: the waybill was voided before loading.
    Void,
}

impl Stage {
    /// Every stage, in the order of a waybill's life.
    pub const ALL: [Self; 11] = [
        Self::Issued,
        Self::Loaded,
        Self::Departed,
        Self::Arrived,
        Self::Notified,
        Self::PickedUp,
        Self::Delivered,
        Self::Transferred,
        Self::Returned,
        Self::Exception,
        Self::Void,
    ];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Issued => "已开单",
            Self::Loaded => "已装车",
            Self::Departed => "已发车",
            Self::Arrived => "已到站",
            Self::Notified => "已通知",
            Self::PickedUp => "已提货",
            Self::Delivered => "已送达",
            Self::Transferred => "中转",
            Self::Returned => "退货",
            Self::Exception => "异常",
            Self::Void => "作废",
        }
    }

    /// The stage stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    /// The goods have left the station's hands for good: nothing follows but an
    /// exception.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::PickedUp | Self::Delivered | Self::Transferred | Self::Returned | Self::Void
        )
    }

    /// The goods are at the receiving station waiting for the consignee.
    #[must_use]
    pub fn is_at_destination(self) -> bool {
        matches!(self, Self::Arrived | Self::Notified)
    }
}

/// What a clerk does to a waybill: each step moves it from one [`Stage`] to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// 装车: a piece scanned onto a manifest.
    Load,
    /// 卸车: taken off a manifest that has not left.
    Unload,
    /// 发车: the manifest's truck left.
    Depart,
    /// 到站: received at the far end.
    Arrive,
    /// 通知: the consignee was called or sent a message.
    Notify,
    /// 提货: the consignee took pieces; `complete` when none are left.
    PickUp {
        /// Every piece has now been collected.
        complete: bool,
    },
    /// 送货出库: the goods left the station on a delivery task; the stage does not change
    /// until the result is in.
    SendOut,
    /// 送达: the delivery task brought the goods to the consignee.
    Deliver,
    /// 中转: handed on to another carrier.
    Transfer,
    /// 退货: goods go back to the shipper.
    Return,
    /// 异常: delay, damage, loss or refusal recorded.
    Exception,
    /// 作废: the waybill voided.
    Void,
}

impl Step {
    /// Chinese label of the timeline entry.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Load => "装车",
            Self::Unload => "卸车",
            Self::Depart => "发车",
            Self::Arrive => "到站",
            Self::Notify => "通知",
            Self::PickUp { complete: true } => "提货",
            Self::PickUp { complete: false } => "部分提货",
            Self::SendOut => "送货出库",
            Self::Deliver => "送达",
            Self::Transfer => "中转",
            Self::Return => "退货",
            Self::Exception => "异常",
            Self::Void => "作废",
        }
    }

    /// What the clerk tried, for the refusal: 装车, 提货 …
    fn verb(self) -> &'static str {
        match self {
            Self::PickUp { .. } => "提货",
            Self::SendOut => "送货",
            other => other.label(),
        }
    }
}

/// A step refused, with the reason in Chinese (without the waybill number: the caller
/// names it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct StepRefused {
    /// The stage the waybill is at.
    pub stage: Stage,
    /// The step tried.
    pub step: Step,
    /// Why not, and what to do.
    pub reason: String,
}

/// Where the waybill is now and where its flow was before an exception: `flow` is the
/// last stage that is not [`Stage::Exception`], so the goods can go on after a delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Life {
    /// The current stage.
    pub stage: Stage,
    /// The stage of the flow (equal to `stage` unless that is 异常).
    pub flow: Stage,
}

impl Life {
    /// A waybill just issued.
    pub const ISSUED: Self = Self {
        stage: Stage::Issued,
        flow: Stage::Issued,
    };

    /// The life after `step`, or why the step is impossible. An exception keeps the flow
    /// stage, and the steps after an exception are those of the flow stage.
    pub fn after(self, step: Step) -> Result<Self, StepRefused> {
        let to = next_stage(self.flow, step).map_err(|reason| StepRefused {
            stage: self.stage,
            step,
            reason,
        })?;
        if self.stage == Stage::Void && step == Step::Exception {
            return Err(StepRefused {
                stage: self.stage,
                step,
                reason: "运单已作废，不能登记异常".to_owned(),
            });
        }
        Ok(if to == Stage::Exception {
            Self {
                stage: Stage::Exception,
                flow: self.flow,
            }
        } else {
            Self {
                stage: to,
                flow: to,
            }
        })
    }
}

/// The transition table: the stage after `step` from flow stage `from`.
#[allow(
    clippy::match_same_arms,
    reason = "one row per step and stage reads as the table it is"
)]
fn next_stage(from: Stage, step: Step) -> Result<Stage, String> {
    use Stage as S;
    let refuse = |why: &str| Err(format!("运单{}，不能{}：{why}", from.label(), step.verb()));
    match (step, from) {
        (Step::Exception, _) => Ok(S::Exception),
        (_, S::Void) => Err(format!("运单已作废，不能{}", step.verb())),
        (Step::Load, S::Issued | S::Loaded) => Ok(S::Loaded),
        // Pieces left behind (单票未装完) follow on a later truck.
        (Step::Load, S::Departed) => Ok(S::Departed),
        (Step::Load, _) => refuse("货物已离开本站仓库"),
        (Step::Unload, S::Loaded) => Ok(S::Issued),
        (Step::Unload, S::Issued) => refuse("运单不在车上"),
        (Step::Unload, _) => refuse("车已发出，不能卸车"),
        (Step::Depart, S::Loaded | S::Departed) => Ok(S::Departed),
        (Step::Depart, S::Issued) => refuse("请先扫描装车"),
        (Step::Depart, _) => refuse("货物已离开本站"),
        (Step::Arrive, S::Departed | S::Arrived | S::Notified) => Ok(if from == S::Departed {
            S::Arrived
        } else {
            from
        }),
        (Step::Arrive, S::Issued | S::Loaded) => refuse("车还没有发出"),
        (Step::Arrive, _) => refuse("货物已经交付"),
        (Step::Notify, S::Arrived | S::Notified) => Ok(S::Notified),
        (Step::Notify, S::Issued | S::Loaded | S::Departed) => {
            refuse("货物还没到站，到站核对后再通知提货")
        }
        (Step::Notify, _) => refuse("货物已经交付"),
        (Step::PickUp { complete }, S::Arrived | S::Notified) => {
            Ok(if complete { S::PickedUp } else { from })
        }
        (Step::SendOut, S::Arrived | S::Notified) => Ok(from),
        (Step::Deliver, S::Arrived | S::Notified) => Ok(S::Delivered),
        (
            Step::PickUp { .. } | Step::SendOut | Step::Deliver,
            S::Issued | S::Loaded | S::Departed,
        ) => refuse("货物还没到站，到站核对后才能放货"),
        (Step::PickUp { .. } | Step::SendOut | Step::Deliver, _) => refuse("货物已经交付"),
        (Step::Transfer | Step::Return, S::Issued | S::Arrived | S::Notified) => {
            Ok(if step == Step::Transfer {
                S::Transferred
            } else {
                S::Returned
            })
        }
        (Step::Transfer | Step::Return, S::Loaded) => refuse("请先从发车清单卸车"),
        (Step::Transfer | Step::Return, S::Departed) => refuse("货物在途，到站后再登记"),
        (Step::Transfer | Step::Return, _) => refuse("货物已经交付"),
        (Step::Void, S::Issued) => Ok(S::Void),
        (Step::Void, S::Loaded) => refuse("已装车的运单不能作废，请先从发车清单卸车"),
        (Step::Void, _) => refuse("货物已离开本站，只能登记退货或异常"),
    }
}
