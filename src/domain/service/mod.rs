//! **The service area** owns what the customer-service desk does: phone quotes and the
//! question and complaint log here, damage and loss claims in `claims`, 回访 and
//! satisfaction in `return_call`, exceptions followed to closure in `cases`, customers'
//! months in `customer_report`.
//!
//! Customer service (客服, DOMAIN.md §5): phone quotes (电话报价) — what a caller is told a
//! consignment costs, priced by the rate table exactly as a waybill would be — and the log
//! of questions and complaints (咨询/投诉) with the time each was answered. Points rule
//! P14 (a customer problem not answered in time) is found here in the log itself; a
//! confirmed complaint becomes a P19 event naming its log item.

pub mod cases;
pub mod claims;
pub mod complaints;
pub mod customer_report;
pub mod return_call;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::limits::parse_measure;
use crate::domain::desk::phone::Phone;
use crate::domain::desk::rates::{FeeSettings, Quote, RateTable, quote};
use crate::domain::desk::screening::{ProhibitedWord, screen};
use crate::domain::desk::waybill::{
    MAX_DENSITY_KG_PER_M3, MAX_VOLUME_M3, MAX_WEIGHT_KG, Packaging,
};
use crate::domain::money::{parse_decimal, round_yuan};
use crate::domain::people::Month;
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};

/// The fields of the quote panel, for errors shown next to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteField {
    /// 到站.
    Destination,
    /// 来电人.
    CallerName,
    /// 电话.
    Phone,
    /// 品名.
    GoodsName,
    /// 重量.
    WeightKg,
    /// 体积.
    VolumeM3,
    /// 件数.
    Pieces,
    /// 包装.
    Packaging,
    /// 保价金额.
    DeclaredValue,
}

impl QuoteField {
    /// The Chinese label, as the panel shows it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Destination => "到站",
            Self::CallerName => "来电人",
            Self::Phone => "电话",
            Self::GoodsName => "品名",
            Self::WeightKg => "重量(公斤)",
            Self::VolumeM3 => "体积(方)",
            Self::Pieces => "件数",
            Self::Packaging => "包装",
            Self::DeclaredValue => "保价金额",
        }
    }
}

/// A problem with one field of a draft, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem<F> {
    /// Which field.
    pub field: F,
    /// What to do about it.
    pub message: String,
}

/// The quote panel as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteDraft {
    /// Destination code chosen in the picker (empty until chosen).
    pub dest_code: String,
    /// Who called (来电人); may be left empty.
    pub caller_name: String,
    /// Their phone, as typed.
    pub phone: String,
    /// 品名.
    pub goods_name: String,
    /// 重量 in kg as typed.
    pub weight_kg: String,
    /// 体积 in m³ as typed.
    pub volume_m3: String,
    /// 件数 as typed (制度三.2: the quote asks pieces and packaging too).
    pub pieces: String,
    /// 包装.
    pub packaging: Option<Packaging>,
    /// 保价金额 in yuan as typed; empty for none.
    pub declared_value: String,
    /// Delivered rather than picked up.
    pub delivery: bool,
}

/// What a quote is computed from, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequest {
    /// County-level destination code.
    pub dest_code: String,
    /// Who called; empty when not given.
    pub caller_name: String,
    /// Their phone, normalised.
    pub phone: String,
    /// 品名.
    pub goods_name: String,
    /// Weight.
    pub weight_kg: Decimal,
    /// Volume.
    pub volume_m3: Decimal,
    /// 件数; 0 for a quote recorded before the quote asked it.
    pub pieces: u32,
    /// 包装; `None` for a quote recorded before the quote asked it.
    pub packaging: Option<Packaging>,
    /// Declared value (保价), `None` when not insured.
    pub declared_yuan: Option<Decimal>,
    /// Delivered rather than picked up.
    pub delivery: bool,
}

/// A phone quote: what was asked and the price given, in its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneQuote {
    /// What the caller asked about.
    pub request: QuoteRequest,
    /// The price by the rate table.
    pub price: Quote,
}

/// What the quote panel checks against.
#[derive(Debug, Clone, Copy)]
pub struct QuoteContext<'a> {
    /// The divisions destinations are chosen from.
    pub divisions: &'a Divisions,
    /// The rate table.
    pub rates: &'a RateTable,
    /// Premium settings.
    pub fees: &'a FeeSettings,
    /// Prohibited goods: they are not quoted either.
    pub prohibited: &'a [ProhibitedWord],
}

impl QuoteDraft {
    /// Turns the draft into a priced quote, or the Chinese problems of its fields. The
    /// price comes from [`crate::domain::desk::rates::quote`], as for a waybill and `kaidan
    /// quote`, so the caller is told what the counter will charge.
    pub fn validate(
        &self,
        ctx: &QuoteContext<'_>,
    ) -> Result<PhoneQuote, Vec<FieldProblem<QuoteField>>> {
        let mut problems = Vec::new();
        let mut fail = |field, message: String| problems.push(FieldProblem { field, message });
        let dest = ctx.divisions.by_code(self.dest_code.trim());
        if dest.is_none() {
            fail(
                QuoteField::Destination,
                "请选择到站（县级：区/县/县级市）".to_owned(),
            );
        }
        let caller_name = self.caller_name.trim().to_owned();
        if caller_name.chars().count() > 30 {
            fail(
                QuoteField::CallerName,
                "来电人姓名过长（最多 30 字）".to_owned(),
            );
        }
        let phone = Phone::parse(&self.phone).map_err(|e| fail(QuoteField::Phone, e.to_string()));
        let goods_name = self.goods_name.trim().to_owned();
        if goods_name.is_empty() {
            fail(QuoteField::GoodsName, "请填写品名".to_owned());
        } else if let Some(refusal) = screen(&goods_name, false, ctx.prohibited) {
            fail(QuoteField::GoodsName, refusal.reason);
        }
        let weight = parse_measure(&self.weight_kg, "重量", "公斤", MAX_WEIGHT_KG)
            .map_err(|m| fail(QuoteField::WeightKg, m));
        let volume = parse_measure(&self.volume_m3, "体积", "方", MAX_VOLUME_M3)
            .map_err(|m| fail(QuoteField::VolumeM3, m));
        if let (Ok(w), Ok(v)) = (&weight, &volume)
            && *w > *v * Decimal::from(MAX_DENSITY_KG_PER_M3)
        {
            fail(
                QuoteField::WeightKg,
                "重量与体积不符：比钢材还重，请复核重量和体积".to_owned(),
            );
        }
        let pieces = match self.pieces.trim().parse::<u32>() {
            Ok(n) if (1..=crate::domain::desk::waybill::MAX_PIECES).contains(&n) => Ok(n),
            _ if self.pieces.trim().is_empty() => Err("请问清件数（几件）".to_owned()),
            _ => Err(format!(
                "件数须为 1–{} 的整数",
                crate::domain::desk::waybill::MAX_PIECES
            )),
        }
        .map_err(|m| fail(QuoteField::Pieces, m));
        if self.packaging.is_none() {
            fail(
                QuoteField::Packaging,
                "请问清包装（纸箱、木箱、编织袋……）".to_owned(),
            );
        }
        let declared =
            parse_declared(&self.declared_value).map_err(|m| fail(QuoteField::DeclaredValue, m));
        let price = match (dest, &weight, &volume, &declared) {
            (Some(d), Ok(w), Ok(v), Ok(declared)) => Some(
                quote(
                    ctx.rates,
                    ctx.fees,
                    &d.code,
                    *w,
                    *v,
                    *declared,
                    self.delivery,
                )
                .map_err(|e| fail(QuoteField::Destination, e.to_string())),
            ),
            _ => None,
        };
        match (dest, phone, weight, volume, declared, price, pieces) {
            (
                Some(d),
                Ok(phone),
                Ok(weight_kg),
                Ok(volume_m3),
                Ok(declared_yuan),
                Some(Ok(price)),
                Ok(pieces),
            ) if problems.is_empty() => Ok(PhoneQuote {
                request: QuoteRequest {
                    dest_code: d.code.clone(),
                    caller_name,
                    phone: phone.as_str().to_owned(),
                    goods_name,
                    weight_kg,
                    volume_m3,
                    pieces,
                    packaging: self.packaging,
                    declared_yuan,
                    delivery: self.delivery,
                },
                price,
            }),
            _ => Err(problems),
        }
    }
}

fn parse_declared(text: &str) -> Result<Option<Decimal>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value = parse_decimal(text).ok_or_else(|| "保价金额不是有效的金额".to_owned())?;
    if value < Decimal::ZERO {
        return Err("保价金额不能为负数".to_owned());
    }
    if value > Decimal::from(crate::domain::desk::limits::MAX_MONEY_YUAN) {
        return Err("保价金额过大，请复核".to_owned());
    }
    Ok(Some(round_yuan(value)))
}

/// What a question or complaint is about (类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ServiceCategory {
    /// 咨询: a question (prices, times, what may be sent).
    #[default]
    Question,
    /// 查件: where are my goods.
    Tracking,
    /// 投诉: a complaint.
    Complaint,
    /// 理赔: a claim for loss or damage.
    Claim,
    /// 其他.
    Other,
}

impl ServiceCategory {
    /// Every category, in the order of the choice row.
    pub const ALL: &'static [Self] = &[
        Self::Question,
        Self::Tracking,
        Self::Complaint,
        Self::Claim,
        Self::Other,
    ];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Question => "咨询",
            Self::Tracking => "查件",
            Self::Complaint => "投诉",
            Self::Claim => "理赔",
            Self::Other => "其他",
        }
    }

    /// The category stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.label() == label.trim())
    }
}

/// The fields of the log's entry form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceField {
    /// 来电时间.
    ReceivedAt,
    /// 客户姓名.
    CallerName,
    /// 电话.
    Phone,
    /// 运单号.
    WaybillNumber,
    /// 问题.
    Question,
    /// 处理人.
    Handler,
    /// 处理结果.
    Outcome,
    /// 投诉原因.
    Cause,
}

impl ServiceField {
    /// The Chinese label, as the form shows it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::ReceivedAt => "来电时间",
            Self::CallerName => "客户姓名",
            Self::Phone => "客户电话",
            Self::WaybillNumber => "相关运单",
            Self::Question => "问题内容",
            Self::Handler => "处理人",
            Self::Outcome => "处理结果",
            Self::Cause => "投诉原因",
        }
    }
}

/// A question or complaint as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceDraft {
    /// When it was received, `YYYY-MM-DD HH:MM`; empty for now.
    pub received_at: String,
    /// Who (客户姓名).
    pub caller_name: String,
    /// Their phone as typed.
    pub phone: String,
    /// The waybill it is about, empty if none.
    pub waybill_number: String,
    /// 类别.
    pub category: ServiceCategory,
    /// How it came in.
    pub channel: complaints::Channel,
    /// What a complaint is about; `None` until chosen (only a complaint needs one).
    pub cause: Option<complaints::Cause>,
    /// What was asked or complained about.
    pub question: String,
    /// 工号 of who handles it.
    pub handler_id: String,
}

/// A validated log entry, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    /// When it was received.
    pub received_at: NaiveDateTime,
    /// Who; may be empty when a phone is given.
    pub caller_name: String,
    /// Their phone, normalised; may be empty when a name is given.
    pub phone: String,
    /// The waybill it is about (checked to exist by storage), empty if none.
    pub waybill_number: String,
    /// 类别.
    pub category: ServiceCategory,
    /// How it came in.
    pub channel: complaints::Channel,
    /// What a complaint is about (`None` for anything else, and for a complaint
    /// recorded before causes were asked).
    pub cause: Option<complaints::Cause>,
    /// What was asked.
    pub question: String,
    /// 工号 of the handler.
    pub handler_id: String,
}

impl ServiceDraft {
    /// Turns the draft into an entry received at the typed time (or `now`), or the
    /// problems of its fields. A time in the future is refused: the log records what
    /// happened.
    pub fn validate(
        &self,
        now: NaiveDateTime,
    ) -> Result<ServiceEntry, Vec<FieldProblem<ServiceField>>> {
        let mut problems = Vec::new();
        let mut fail = |field, message: &str| {
            problems.push(FieldProblem {
                field,
                message: message.to_owned(),
            });
        };
        let received_at = if self.received_at.trim().is_empty() {
            Some(now)
        } else {
            match parse_minute(&self.received_at) {
                Some(at) if at > now + chrono::Duration::minutes(1) => {
                    fail(ServiceField::ReceivedAt, "来电时间不能晚于现在");
                    None
                }
                Some(at) => Some(at),
                None => {
                    fail(ServiceField::ReceivedAt, "时间格式应为 2026-11-23 09:30");
                    None
                }
            }
        };
        let caller_name = self.caller_name.trim().to_owned();
        let phone = if self.phone.trim().is_empty() {
            String::new()
        } else {
            match Phone::parse(&self.phone) {
                Ok(p) => p.as_str().to_owned(),
                Err(e) => {
                    fail(ServiceField::Phone, &e.to_string());
                    String::new()
                }
            }
        };
        if caller_name.is_empty() && self.phone.trim().is_empty() {
            fail(ServiceField::CallerName, "请填写客户姓名或电话");
        }
        if caller_name.chars().count() > 30 {
            fail(ServiceField::CallerName, "姓名过长（最多 30 字）");
        }
        let question = self.question.trim().to_owned();
        if question.is_empty() {
            fail(ServiceField::Question, "请写明客户问的是什么");
        }
        if self.handler_id.trim().is_empty() {
            fail(ServiceField::Handler, "请选择处理人");
        }
        let complaint = self.category == ServiceCategory::Complaint;
        if complaint && self.cause.is_none() {
            fail(ServiceField::Cause, "请选择投诉原因");
        }
        match received_at {
            Some(received_at) if problems.is_empty() => Ok(ServiceEntry {
                received_at,
                caller_name,
                phone,
                waybill_number: self.waybill_number.trim().to_uppercase(),
                category: self.category,
                channel: self.channel,
                cause: if complaint { self.cause } else { None },
                question,
                handler_id: self.handler_id.trim().to_owned(),
            }),
            _ => Err(problems),
        }
    }
}

/// Reads `YYYY-MM-DD HH:MM` (or with seconds, or `/` between the date's parts).
#[must_use]
pub fn parse_minute(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().replace('/', "-");
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .into_iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
}

/// The answer to an item: what was done, checked.
///
/// # Errors
/// Chinese text when the outcome is empty.
pub fn check_outcome(outcome: &str) -> Result<String, String> {
    let outcome = outcome.trim();
    if outcome.is_empty() {
        Err("请写明处理结果（答复了什么、怎么处理的）".to_owned())
    } else {
        Ok(outcome.to_owned())
    }
}

/// The supervisor's settings of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceSettings {
    /// An item must be answered within this many hours of being received (P14).
    pub answer_within_hours: u32,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            answer_within_hours: 24,
        }
    }
}

/// One item of the log as the detectors and the list see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFacts {
    /// Row id: the item's number in the log.
    pub id: i64,
    /// When it was received.
    pub received_at: NaiveDateTime,
    /// 工号 of the handler.
    pub handler_id: String,
    /// 类别.
    pub category: ServiceCategory,
    /// Who asked: name and phone as one text.
    pub caller: String,
    /// The waybill it is about, empty if none.
    pub waybill_number: String,
    /// When it was answered, `None` while open.
    pub answered_at: Option<NaiveDateTime>,
}

impl ServiceFacts {
    /// How many hours an item has waited past `within_hours` as of `now`: `Some` when
    /// it was answered late or is still open too long. An open item so is shown red.
    #[must_use]
    pub fn overdue_hours(&self, now: NaiveDateTime, within_hours: u32) -> Option<i64> {
        let until = self.answered_at.unwrap_or(now);
        let waited = until - self.received_at;
        (waited > chrono::Duration::hours(i64::from(within_hours))).then(|| waited.num_hours())
    }
}

/// The log of a month as the P14 detector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecords {
    /// The moment the records were read: an item still within its hours is not late yet.
    pub as_of: NaiveDateTime,
    /// The setting in force.
    pub answer_within_hours: u32,
    /// Items received in the month.
    pub items: Vec<ServiceFacts>,
}

impl ServiceRecords {
    /// No records, read at `as_of`, with the default setting.
    #[must_use]
    pub fn empty(as_of: NaiveDateTime) -> Self {
        Self {
            as_of,
            answer_within_hours: ServiceSettings::default().answer_within_hours,
            items: Vec::new(),
        }
    }
}

/// P14 (DOMAIN.md §7 row 14): an item of the log answered later than the set hours, or
/// still open past them, is one event for its handler, on the day it was received, with
/// the item as evidence.
#[must_use]
pub fn detect_late_answers(month: Month, records: &ServiceRecords) -> Vec<DetectedEvent> {
    let within = records.answer_within_hours;
    records
        .items
        .iter()
        .filter(|i| month.contains(i.received_at.date()))
        .filter_map(|i| {
            let hours = i.overdue_hours(records.as_of, within)?;
            let when = match i.answered_at {
                Some(at) => format!("{} 才答复（{hours} 小时）", at.format("%m-%d %H:%M")),
                None => format!("已等 {hours} 小时仍未答复"),
            };
            Some(DetectedEvent {
                evidence_key: service_key(i.id),
                event: PointEvent {
                    staff_id: i.handler_id.clone(),
                    day: i.received_at.date(),
                    code: EventCode::Rule(Rule::P14),
                    quantity: 1,
                    waybill_number: i.waybill_number.clone(),
                    note: format!(
                        "咨询投诉 #{}（{}）{} {} 来电，{when}，规定 {within} 小时内",
                        i.id,
                        i.category.label(),
                        i.caller,
                        i.received_at.format("%m-%d %H:%M")
                    ),
                    source: EventSource::Detected,
                    charge_yuan: None,
                },
            })
        })
        .collect()
}

/// The evidence key of a log item: `service:12`.
#[must_use]
pub fn service_key(id: i64) -> String {
    format!("service:{id}")
}

/// The P19 event a confirmed complaint becomes (DOMAIN.md §7 row 19): for the person
/// complained about, on the day it was received, naming the log item and its waybill.
///
/// # Errors
/// Chinese text when the item is not a complaint.
pub fn complaint_event(
    item: &ServiceFacts,
    question: &str,
    staff_id: &str,
    day: NaiveDate,
) -> Result<PointEvent, String> {
    if item.category != ServiceCategory::Complaint {
        return Err(format!(
            "咨询投诉 #{} 是「{}」，只有投诉可以记 P19",
            item.id,
            item.category.label()
        ));
    }
    Ok(PointEvent {
        staff_id: staff_id.trim().to_owned(),
        day,
        code: EventCode::Rule(Rule::P19),
        quantity: 1,
        waybill_number: item.waybill_number.clone(),
        note: format!(
            "客户投诉（咨询投诉 #{}，{} {} 来电）：{question}",
            item.id,
            item.caller,
            item.received_at.format("%Y-%m-%d %H:%M")
        ),
        source: EventSource::Manual,
        charge_yuan: None,
    })
}

#[cfg(test)]
mod tests;
