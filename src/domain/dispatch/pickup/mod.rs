//! Releasing goods at the receiving station (DOMAIN.md §4): the pickup register
//! (提货登记: who collects, their ID and signature), the money to collect first (提付 and
//! any delivery fee, with how it was paid), the shipper's authorization that controlled
//! release (等通知放货) waits for, and delivery tasks (送货) with their result. The rules
//! here decide; storage records.

pub mod storage_fee;

use crate::domain::desk::idcard::{IdType, check_id_number};
use crate::domain::desk::waybill::DeliveryMode;
use crate::domain::dispatch::{Life, Stage, Step, optional_amount};
use crate::domain::money::format_yuan;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A signature drawn with the mouse or a pen tablet: strokes of points in the drawing
/// pad's own coordinates (0..1 across and down is usual, any scale is accepted). Stored
/// as JSON, printed on the pickup slip by drawing the strokes again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Signature(pub Vec<Vec<(f32, f32)>>);

impl Signature {
    /// Nothing worth calling a signature: no stroke with two distinct points.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        !self.0.iter().any(|stroke| {
            stroke
                .windows(2)
                .any(|w| (w[0].0 - w[1].0).abs() + (w[0].1 - w[1].1).abs() > f32::EPSILON)
        })
    }

    /// The strokes as JSON for storage.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Reads stored JSON back; `None` when it is not a list of strokes.
    #[must_use]
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok().map(Self)
    }

    /// The smallest box holding every point: (min x, min y, max x, max y); `None` when
    /// empty.
    #[must_use]
    pub fn bounds(&self) -> Option<(f32, f32, f32, f32)> {
        let mut points = self.0.iter().flatten();
        let first = *points.next()?;
        Some(points.fold(
            (first.0, first.1, first.0, first.1),
            |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        ))
    }
}

/// How money was paid at the counter (收款方式).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayChannel {
    /// 现金 (the counter's default).
    #[default]
    Cash,
    /// 微信.
    WeChat,
    /// 支付宝.
    Alipay,
    /// 银行 transfer or card.
    Bank,
}

impl PayChannel {
    /// Every channel, in the order of the form.
    pub const ALL: [Self; 4] = [Self::Cash, Self::WeChat, Self::Alipay, Self::Bank];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "现金",
            Self::WeChat => "微信",
            Self::Alipay => "支付宝",
            Self::Bank => "银行",
        }
    }

    /// The channel stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.label() == label.trim())
    }
}

/// Money collected at the counter: an amount and how it was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Amount in yuan, above zero.
    pub amount_yuan: Decimal,
    /// How.
    pub channel: PayChannel,
}

/// Reads a payment typed on a form: an empty amount (or 0) is no payment; an amount needs
/// a channel.
pub fn parse_payment(amount: &str, channel: Option<PayChannel>) -> Result<Option<Payment>, String> {
    let amount_yuan = optional_amount(amount, "收款金额")?;
    if amount_yuan.is_zero() {
        return Ok(None);
    }
    let channel = channel.ok_or_else(|| "请选择收款方式（现金/微信/支付宝/银行）".to_owned())?;
    Ok(Some(Payment {
        amount_yuan,
        channel,
    }))
}

/// What the consignee owes before goods are released.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dues {
    /// 提付: the waybill total when it is paid on collection, else zero.
    pub collect_yuan: Decimal,
    /// 送货费 added when self-pickup was changed to delivery.
    pub added_delivery_fee_yuan: Decimal,
    /// 保管费 run up since arrival (zero when waived: `storage_fee`).
    #[serde(default)]
    pub storage_fee_yuan: Decimal,
    /// Already paid toward the dues above (提付, 送货费, 保管费).
    pub paid_yuan: Decimal,
    /// 代收货款 still to collect for the shipper (issue 17): zero once collected, or when
    /// a supervisor let the goods go without it. Money owed to the shipper, kept apart
    /// from the station's own dues above.
    #[serde(default)]
    pub cod_yuan: Decimal,
    /// The station's share of that 代收货款, kept when it is collected: the fee taken from
    /// the goods' money and, for 货款扣, the waybill's total. The rest is the shipper's.
    #[serde(default)]
    pub cod_kept_yuan: Decimal,
    /// That share once it was collected with the goods' money: in the station's ledger
    /// beside `paid_yuan`, but not paid toward the dues (a ledger of ¥212.80 for a ¥186
    /// 提付 holds ¥26.80 of it).
    #[serde(default)]
    pub cod_kept_collected_yuan: Decimal,
}

impl Dues {
    /// Still to collect: the station's dues not yet paid, and the 代收货款.
    #[must_use]
    pub fn outstanding_yuan(&self) -> Decimal {
        self.own_outstanding_yuan() + self.cod_yuan
    }

    /// The station's own dues (提付, 送货费, 保管费) not yet paid.
    #[must_use]
    pub fn own_outstanding_yuan(&self) -> Decimal {
        (self.collect_yuan + self.added_delivery_fee_yuan + self.storage_fee_yuan - self.paid_yuan)
            .max(Decimal::ZERO)
    }

    /// Splits a payment into the shipper's money (the 代收货款 less the station's share of
    /// it, first) and the station's (its dues and its share), each `None` when nothing.
    #[must_use]
    pub fn split(&self, payment: Option<&Payment>) -> (Option<Payment>, Option<Payment>) {
        let Some(payment) = payment else {
            return (None, None);
        };
        let shippers = (self.cod_yuan - self.cod_kept_yuan).max(Decimal::ZERO);
        let cod = payment.amount_yuan.min(shippers).max(Decimal::ZERO);
        let part = |amount_yuan: Decimal| {
            (amount_yuan > Decimal::ZERO).then_some(Payment {
                amount_yuan,
                channel: payment.channel,
            })
        };
        (part(cod), part(payment.amount_yuan - cod))
    }

    /// Checks that `payment` settles what is owed: nothing less (goods are released only
    /// once paid), nothing more (a typo).
    pub fn check_settled_by(&self, payment: Option<&Payment>) -> Result<(), String> {
        let owed = self.outstanding_yuan();
        let paid = payment.map_or(Decimal::ZERO, |p| p.amount_yuan);
        if paid < owed {
            let mut parts = Vec::new();
            if self.collect_yuan > Decimal::ZERO {
                parts.push("提付运费");
            }
            if self.added_delivery_fee_yuan > Decimal::ZERO {
                parts.push("送货费");
            }
            if self.storage_fee_yuan > Decimal::ZERO {
                parts.push("保管费");
            }
            if self.cod_yuan > Decimal::ZERO {
                parts.push("代收货款");
            }
            // 提付运费和送货费; 提付运费、送货费和保管费.
            let what = match parts.split_last() {
                None => "提付运费".to_owned(),
                Some((last, [])) => (*last).to_owned(),
                Some((last, rest)) => format!("{}和{last}", rest.join("、")),
            };
            return Err(format!(
                "须先收清{what}：应收 {} 元，本次收 {} 元，不能放货",
                format_yuan(owed),
                format_yuan(paid)
            ));
        }
        if paid > owed {
            return Err(format!(
                "收款 {} 元多于应收 {} 元，请核对金额",
                format_yuan(paid),
                format_yuan(owed)
            ));
        }
        Ok(())
    }
}

/// How the shipper authorized release of controlled goods (放货授权方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthorizationMethod {
    /// 红单照片: a photo of the red copy marked 「可放货」, sent by QQ/WeChat.
    RedCopyPhoto,
    /// 电话确认: the shipper was called directly.
    PhoneCall,
}

impl AuthorizationMethod {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::RedCopyPhoto => "红单照片",
            Self::PhoneCall => "电话确认",
        }
    }

    /// The method stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::RedCopyPhoto, Self::PhoneCall]
            .into_iter()
            .find(|m| m.label() == label.trim())
    }
}

/// The shipper's authorization as typed (放货授权登记).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationDraft {
    /// How.
    pub method: AuthorizationMethod,
    /// The photo file of the red copy (required for a photo).
    pub photo_path: String,
    /// Who authorized and how they were reached: `张老板 13912345678`.
    pub shipper_contact: String,
    /// Remarks.
    pub note: String,
}

/// A checked authorization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    /// How.
    pub method: AuthorizationMethod,
    /// Photo file, empty for a call.
    pub photo_path: String,
    /// Who authorized.
    pub shipper_contact: String,
    /// Remarks.
    pub note: String,
}

impl AuthorizationDraft {
    /// Checks the draft: a photo needs its file, and who authorized is always named.
    pub fn validate(&self) -> Result<Authorization, String> {
        let photo_path = self.photo_path.trim().to_owned();
        if self.method == AuthorizationMethod::RedCopyPhoto && photo_path.is_empty() {
            return Err("请选择发货方发来的红单照片（须写有「可放货」）".to_owned());
        }
        let shipper_contact = self.shipper_contact.trim().to_owned();
        if shipper_contact.is_empty() {
            return Err(match self.method {
                AuthorizationMethod::PhoneCall => "请填写接电话确认放货的发货方姓名和电话",
                AuthorizationMethod::RedCopyPhoto => "请填写发来红单照片的发货方姓名或电话",
            }
            .to_owned());
        }
        Ok(Authorization {
            method: self.method,
            photo_path,
            shipper_contact,
            note: self.note.trim().to_owned(),
        })
    }
}

/// A field of the pickup form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PickupField {
    /// 提货人.
    Collector,
    /// 证件号码.
    IdNumber,
    /// 签名.
    Signature,
    /// 件数.
    Pieces,
    /// 收款.
    Payment,
}

/// A pickup form error, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupError {
    /// The field at fault.
    pub field: PickupField,
    /// What is wrong.
    pub message: String,
}

/// The pickup form as filled (提货登记).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickupDraft {
    /// 提货人 name.
    pub collector_name: String,
    /// 证件类型.
    pub id_type: IdType,
    /// 证件号码 as typed.
    pub id_number: String,
    /// The collector's signature.
    pub signature: Signature,
    /// Pieces taken now (partial pickups take fewer than are left).
    pub pieces: u32,
    /// Amount collected now, as typed; empty for none.
    pub payment_amount: String,
    /// How it was paid.
    pub payment_channel: Option<PayChannel>,
    /// Remarks.
    pub note: String,
}

/// A checked pickup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pickup {
    /// 提货人.
    pub collector_name: String,
    /// 证件类型.
    pub id_type: IdType,
    /// 证件号码 in its normal spelling.
    pub id_number: String,
    /// Signature.
    pub signature: Signature,
    /// Pieces taken.
    pub pieces: u32,
    /// Money collected with it.
    pub payment: Option<Payment>,
    /// Remarks.
    pub note: String,
}

impl PickupDraft {
    /// Checks the form on its own: a collector, a valid ID number, a signature, at least
    /// one piece, a readable payment. All errors together. Whether the goods may go is
    /// [`check_release`]'s question.
    pub fn validate(&self, today: NaiveDate) -> Result<Pickup, Vec<PickupError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(PickupError { field, message });
        let collector_name = self.collector_name.trim().to_owned();
        if collector_name.is_empty() {
            fail(PickupField::Collector, "请填写提货人姓名".to_owned());
        }
        let id_number = check_id_number(self.id_type, &self.id_number, today)
            .map_err(|e| fail(PickupField::IdNumber, e.to_string()));
        if self.signature.is_blank() {
            fail(
                PickupField::Signature,
                "请提货人在签名板上签名，没有签名不能放货".to_owned(),
            );
        }
        if self.pieces == 0 {
            fail(PickupField::Pieces, "提货件数至少为 1".to_owned());
        }
        let payment = parse_payment(&self.payment_amount, self.payment_channel)
            .map_err(|m| fail(PickupField::Payment, m));
        match (id_number, payment) {
            (Ok(id_number), Ok(payment)) if errors.is_empty() => Ok(Pickup {
                collector_name,
                id_type: self.id_type,
                id_number,
                signature: self.signature.clone(),
                pieces: self.pieces,
                payment,
                note: self.note.trim().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// What decides whether goods may leave the station, gathered by storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseFacts {
    /// The waybill's life.
    pub life: Life,
    /// 件数 on the waybill.
    pub pieces: u32,
    /// Pieces already released (earlier partial pickups).
    pub pieces_released: u32,
    /// 等通知放货.
    pub controlled_release: bool,
    /// The shipper's authorization is on record.
    pub authorized: bool,
    /// What is owed.
    pub dues: Dues,
}

impl ReleaseFacts {
    /// Pieces still at the station.
    #[must_use]
    pub fn pieces_left(&self) -> u32 {
        self.pieces.saturating_sub(self.pieces_released)
    }

    /// The goods can go at all: at the destination, and authorized when controlled.
    /// Checked before anything is counted or collected.
    pub fn check_releasable(&self) -> Result<(), String> {
        if !self.life.flow.is_at_destination() {
            // The transition table words it.
            self.life
                .after(Step::PickUp { complete: true })
                .map_err(|r| r.reason)?;
        }
        if self.controlled_release && !self.authorized {
            return Err(
                "等通知放货：发货方尚未授权放货。请先登记授权（红单照片或电话确认），再放货"
                    .to_owned(),
            );
        }
        Ok(())
    }
}

/// Decides a pickup: the life after it, or why the goods stay. Refused before the goods
/// arrived, for controlled goods without the shipper's authorization, for more pieces
/// than are left, and until 提付 and any added delivery fee are paid in full (at the
/// first pickup; later partial pickups owe nothing more).
pub fn check_release(facts: &ReleaseFacts, pickup: &Pickup) -> Result<Life, String> {
    facts.check_releasable()?;
    let left = facts.pieces_left();
    if pickup.pieces > left {
        return Err(format!(
            "本单只剩 {left} 件未提，不能提 {} 件",
            pickup.pieces
        ));
    }
    facts.dues.check_settled_by(pickup.payment.as_ref())?;
    let complete = pickup.pieces == left;
    facts
        .life
        .after(Step::PickUp { complete })
        .map_err(|r| r.reason)
}

/// The result of a delivery task (送货结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeliveryResult {
    /// 送达.
    Delivered,
    /// 拒收: the consignee refused the goods.
    Refused,
    /// 异常: anything else (address not found, goods damaged …).
    Failed,
}

impl DeliveryResult {
    /// Every result.
    pub const ALL: [Self; 3] = [Self::Delivered, Self::Refused, Self::Failed];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Delivered => "送达",
            Self::Refused => "拒收",
            Self::Failed => "异常",
        }
    }

    /// The result stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label.trim())
    }

    /// The step it records.
    #[must_use]
    pub fn step(self) -> Step {
        match self {
            Self::Delivered => Step::Deliver,
            Self::Refused | Self::Failed => Step::Exception,
        }
    }
}

/// A delivery task as typed (送货任务).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryDraft {
    /// 送货地址.
    pub address: String,
    /// 送货方式 (not 自提).
    pub mode: DeliveryMode,
    /// 送货司机.
    pub driver: String,
    /// 送货费 added when the waybill was for self-pickup, as typed.
    pub added_fee: String,
    /// Money collected before the goods leave, as typed.
    pub payment_amount: String,
    /// How it was paid.
    pub payment_channel: Option<PayChannel>,
    /// Remarks.
    pub note: String,
}

/// A checked delivery task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryTask {
    /// 送货地址.
    pub address: String,
    /// 送货方式.
    pub mode: DeliveryMode,
    /// 送货司机.
    pub driver: String,
    /// 送货费 added (self-pickup changed to delivery), zero otherwise.
    pub added_fee_yuan: Decimal,
    /// Money collected before leaving.
    pub payment: Option<Payment>,
    /// Remarks.
    pub note: String,
}

impl DeliveryDraft {
    /// Checks the form. `was_self_pickup`: the waybill says 自提, so this is a change to
    /// delivery and a delivery fee must be added.
    pub fn validate(&self, was_self_pickup: bool) -> Result<DeliveryTask, String> {
        let address = self.address.trim().to_owned();
        if address.chars().count() < 4 {
            return Err("请填写详细送货地址".to_owned());
        }
        if !self.mode.is_delivery() {
            return Err("送货任务的送货方式不能是自提".to_owned());
        }
        let driver = self.driver.trim().to_owned();
        if driver.is_empty() {
            return Err("请填写送货司机".to_owned());
        }
        let added_fee_yuan = optional_amount(&self.added_fee, "送货费")?;
        if was_self_pickup && added_fee_yuan.is_zero() {
            return Err("自提改送货须加收送货费：请填写送货费".to_owned());
        }
        if !was_self_pickup && !added_fee_yuan.is_zero() {
            return Err("本单开单时已是送货，送货费已在运单上，不能另加".to_owned());
        }
        Ok(DeliveryTask {
            address,
            mode: self.mode,
            driver,
            added_fee_yuan,
            payment: parse_payment(&self.payment_amount, self.payment_channel)?,
            note: self.note.trim().to_owned(),
        })
    }
}

/// Decides whether a delivery task may take the goods out: at the destination, authorized
/// when controlled, and — for self-pickup changed to delivery — 提付 and the added fee
/// paid first. A waybill issued for delivery may have its 提付 collected by the driver,
/// so a partial or no payment is accepted then, but never more than owed.
pub fn check_send_out(facts: &ReleaseFacts, task: &DeliveryTask) -> Result<Life, String> {
    facts.check_releasable()?;
    if facts.pieces_left() == 0 {
        return Err("本单货物已全部提走".to_owned());
    }
    // The 代收货款 of delivered goods is collected on delivery (送达), not when they go out.
    let dues = Dues {
        added_delivery_fee_yuan: facts.dues.added_delivery_fee_yuan + task.added_fee_yuan,
        cod_yuan: Decimal::ZERO,
        ..facts.dues
    };
    if task.added_fee_yuan > Decimal::ZERO {
        dues.check_settled_by(task.payment.as_ref())?;
    } else if let Some(payment) = task.payment
        && payment.amount_yuan > dues.outstanding_yuan()
    {
        return Err(format!(
            "收款 {} 元多于应收 {} 元，请核对金额",
            format_yuan(payment.amount_yuan),
            format_yuan(dues.outstanding_yuan())
        ));
    }
    facts.life.after(Step::SendOut).map_err(|r| r.reason)
}

/// Decides the result of a delivery task: 送达 needs everything owed paid (with the
/// payment the driver brings back); 拒收 and 异常 record an exception.
pub fn check_delivery_result(
    facts: &ReleaseFacts,
    result: DeliveryResult,
    payment: Option<&Payment>,
) -> Result<Life, String> {
    if result == DeliveryResult::Delivered {
        facts.dues.check_settled_by(payment)?;
    } else if payment.is_some() {
        return Err(format!("{}时不应收款", result.label()));
    }
    if facts.life.stage == Stage::Delivered {
        return Err("本单已登记送达".to_owned());
    }
    facts.life.after(result.step()).map_err(|r| r.reason)
}

#[cfg(test)]
mod tests;
