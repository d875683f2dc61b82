//! Delivery appointments (送货预约, issue 18 item 1): for goods to be delivered, the desk
//! calls the consignee before the day and agrees a date, a time window, the address and
//! who receives; the day's appointments make a run sheet per vehicle. An appointment is
//! kept until it is moved (改约: a new one replaces it, with the reason) or missed (未履约:
//! with the reason; the goods wait for a new one). 要求到货日期 flags an appointment made
//! for a later day.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::domain::desk::phone::Phone;

/// How far ahead an appointment may be made.
pub const MAX_DAYS_AHEAD: i64 = 30;
/// Longest address, contact or vehicle text kept.
const MAX_TEXT_CHARS: usize = 100;
/// Longest note of what was said, or reason.
pub const MAX_NOTE_CHARS: usize = 200;

/// The part of the day agreed, or a window typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DayPart {
    /// 上午 09:00–12:00.
    #[default]
    Morning,
    /// 下午 14:00–18:00.
    Afternoon,
    /// 晚上 18:00–21:00.
    Evening,
    /// 全天 09:00–18:00.
    AllDay,
    /// 指定时间: the window typed.
    Exact,
}

impl DayPart {
    /// Every choice, in the order of the row.
    pub const ALL: [Self; 5] = [
        Self::Morning,
        Self::Afternoon,
        Self::Evening,
        Self::AllDay,
        Self::Exact,
    ];

    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Morning => "上午",
            Self::Afternoon => "下午",
            Self::Evening => "晚上",
            Self::AllDay => "全天",
            Self::Exact => "指定时间",
        }
    }

    /// Its window, `None` for [`Self::Exact`].
    #[must_use]
    pub fn window(self) -> Option<(NaiveTime, NaiveTime)> {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0);
        match self {
            Self::Morning => t(9).zip(t(12)),
            Self::Afternoon => t(14).zip(t(18)),
            Self::Evening => t(18).zip(t(21)),
            Self::AllDay => t(9).zip(t(18)),
            Self::Exact => None,
        }
    }
}

/// The fields of the appointment form, for errors shown next to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentField {
    /// 送货日期.
    Day,
    /// 时段.
    Window,
    /// 送货地址.
    Address,
    /// 联系人.
    Contact,
    /// 联系电话.
    Phone,
    /// 车辆/司机.
    Vehicle,
    /// 通话内容.
    Said,
}

impl AppointmentField {
    /// The Chinese label, as the form shows it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "送货日期",
            Self::Window => "时段",
            Self::Address => "送货地址",
            Self::Contact => "联系人",
            Self::Phone => "联系电话",
            Self::Vehicle => "车辆/司机",
            Self::Said => "通话内容",
        }
    }
}

/// The appointment form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentDraft {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The part of the day.
    pub part: DayPart,
    /// From `HH:MM`, for [`DayPart::Exact`].
    pub from: String,
    /// To `HH:MM`, for [`DayPart::Exact`].
    pub to: String,
    /// Where to deliver.
    pub address: String,
    /// Who receives.
    pub contact_name: String,
    /// Their phone.
    pub contact_phone: String,
    /// Which vehicle or driver takes it (groups the run sheets); may be left for later.
    pub vehicle: String,
    /// What was said on the call.
    pub said: String,
}

/// A validated appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The day.
    pub day: NaiveDate,
    /// The window's start.
    pub from: NaiveTime,
    /// The window's end.
    pub to: NaiveTime,
    /// Where.
    pub address: String,
    /// Who receives.
    pub contact_name: String,
    /// Their phone, normalised.
    pub contact_phone: String,
    /// Vehicle or driver; empty while not assigned.
    pub vehicle: String,
    /// What was said.
    pub said: String,
}

impl Appointment {
    /// `12-07 09:00–12:00`.
    #[must_use]
    pub fn when(&self) -> String {
        format!(
            "{} {}–{}",
            self.day.format("%m-%d"),
            self.from.format("%H:%M"),
            self.to.format("%H:%M")
        )
    }
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim().replace('/', "-");
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()
}

fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim().replace('：', ":");
    NaiveTime::parse_from_str(&text, "%H:%M").ok()
}

impl AppointmentDraft {
    /// The form for tomorrow's morning, filled from the waybill.
    #[must_use]
    pub fn for_waybill(today: NaiveDate, address: &str, name: &str, phone: &str) -> Self {
        Self {
            day: (today + Duration::days(1)).format("%Y-%m-%d").to_string(),
            address: address.to_owned(),
            contact_name: name.to_owned(),
            contact_phone: phone.to_owned(),
            ..Self::default()
        }
    }

    /// The appointment, or the problems of its fields in Chinese. A day before today, a
    /// window already over, a day more than [`MAX_DAYS_AHEAD`] ahead, an empty address and
    /// a wrong phone are refused.
    pub fn validate(
        &self,
        now: NaiveDateTime,
    ) -> Result<Appointment, Vec<(AppointmentField, String)>> {
        let mut problems = Vec::new();
        let mut fail = |field, message: String| problems.push((field, message));
        let today = now.date();
        let day = match parse_day(&self.day) {
            None => {
                fail(AppointmentField::Day, "日期格式应为 2026-12-07".to_owned());
                None
            }
            Some(d) if d < today => {
                fail(
                    AppointmentField::Day,
                    format!("{} 已经过去，预约只能约今天或以后", d.format("%Y-%m-%d")),
                );
                None
            }
            Some(d) if d > today + Duration::days(MAX_DAYS_AHEAD) => {
                fail(
                    AppointmentField::Day,
                    format!("只能预约 {MAX_DAYS_AHEAD} 天以内的日期"),
                );
                None
            }
            Some(d) => Some(d),
        };
        let window = match self.part.window() {
            Some(w) => Some(w),
            None => match (parse_clock(&self.from), parse_clock(&self.to)) {
                (Some(f), Some(t)) if f < t => Some((f, t)),
                (Some(_), Some(_)) => {
                    fail(AppointmentField::Window, "时段的开始须早于结束".to_owned());
                    None
                }
                _ => {
                    fail(
                        AppointmentField::Window,
                        "时段格式应为 09:30 到 11:00".to_owned(),
                    );
                    None
                }
            },
        };
        if let (Some(d), Some((_, to))) = (day, window)
            && d == today
            && to <= now.time()
        {
            fail(
                AppointmentField::Window,
                format!("今天 {} 以前的时段已经过去", to.format("%H:%M")),
            );
        }
        let address = self.address.trim().to_owned();
        if address.is_empty() {
            fail(AppointmentField::Address, "请填写送货地址".to_owned());
        }
        let contact_name = self.contact_name.trim().to_owned();
        let phone = match Phone::parse(&self.contact_phone) {
            Ok(p) => p.as_str().to_owned(),
            Err(e) => {
                fail(AppointmentField::Phone, e.to_string());
                String::new()
            }
        };
        let vehicle = self.vehicle.trim().to_owned();
        for (field, text) in [
            (AppointmentField::Address, &address),
            (AppointmentField::Contact, &contact_name),
            (AppointmentField::Vehicle, &vehicle),
        ] {
            if text.chars().count() > MAX_TEXT_CHARS {
                fail(field, format!("过长（最多 {MAX_TEXT_CHARS} 字）"));
            }
        }
        let said = self.said.trim().to_owned();
        if said.chars().count() > MAX_NOTE_CHARS {
            fail(
                AppointmentField::Said,
                format!("过长（最多 {MAX_NOTE_CHARS} 字）"),
            );
        }
        match (day, window) {
            (Some(day), Some((from, to))) if problems.is_empty() => Ok(Appointment {
                day,
                from,
                to,
                address,
                contact_name,
                contact_phone: phone,
                vehicle,
                said,
            }),
            _ => Err(problems),
        }
    }
}

/// One line of a run sheet: the appointment and what the driver needs of its waybill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSheetLine {
    /// 单号.
    pub number: String,
    /// 收货方 as on the waybill.
    pub consignee_name: String,
    /// 品名.
    pub goods_name: String,
    /// 件数.
    pub pieces: u32,
    /// 重量.
    pub weight_kg: Decimal,
    /// 提付 freight to collect on delivery.
    pub freight_to_collect: Decimal,
    /// 代收货款 to collect on delivery.
    pub cod_yuan: Decimal,
    /// 要求到货日期.
    pub required_by: Option<NaiveDate>,
    /// What was agreed.
    pub appointment: Appointment,
}

/// What became of an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentState {
    /// 有效: still to be kept.
    Open,
    /// 已改约: replaced by a later one.
    Moved,
    /// 未履约: the delivery did not happen as agreed.
    Missed,
}

impl AppointmentState {
    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "有效",
            Self::Moved => "已改约",
            Self::Missed => "未履约",
        }
    }

    /// The state stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Open, Self::Moved, Self::Missed]
            .into_iter()
            .find(|s| s.label() == label)
    }
}

/// The reason a move or a miss is recorded with, checked.
///
/// # Errors
/// Chinese text when it is empty or too long.
pub fn check_reason(reason: &str) -> Result<String, String> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err("请写明原因（谁提出的、为什么）".to_owned())
    } else if reason.chars().count() > MAX_NOTE_CHARS {
        Err(format!("原因过长（最多 {MAX_NOTE_CHARS} 字）"))
    } else {
        Ok(reason.to_owned())
    }
}

/// What to say when an appointment's day is after the waybill's 要求到货日期.
#[must_use]
pub fn late_for_required(day: NaiveDate, required: Option<NaiveDate>) -> Option<String> {
    let required = required?;
    (day > required).then(|| {
        format!(
            "预约日期晚于要求到货日期 {}，请与发货方确认",
            required.format("%m-%d")
        )
    })
}

/// Goods still on the way to this station or waiting here for delivery, whose 要求到货日期
/// is today or tomorrow or past: what to say, `None` when there is time.
#[must_use]
pub fn in_transit_alert(required: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    let required = required?;
    let day = required.format("%m-%d");
    if required < today {
        Some(format!("已过要求到货日期 {day}"))
    } else if required <= today + Duration::days(1) {
        Some(format!("要求 {day} 到货，尚未送达"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        crate::testing::time(2026, 12, 6, 15, 0)
    }

    fn draft(day: &str) -> AppointmentDraft {
        AppointmentDraft {
            day: day.into(),
            address: "湘潭县易俗河镇建设路 18 号".into(),
            contact_name: "李老板".into(),
            contact_phone: "0731-57123456".into(),
            ..AppointmentDraft::default()
        }
    }

    fn field_of(d: &AppointmentDraft) -> AppointmentField {
        d.validate(now()).expect_err("refused")[0].0
    }

    #[test]
    fn an_appointment_in_the_past_is_refused() {
        assert_eq!(field_of(&draft("2026-12-05")), AppointmentField::Day);
        // Today's morning is over at 15:00; the evening is still to come.
        assert_eq!(field_of(&draft("2026-12-06")), AppointmentField::Window);
        let evening = AppointmentDraft {
            part: DayPart::Evening,
            ..draft("2026-12-06")
        };
        assert!(evening.validate(now()).is_ok());
        assert_eq!(field_of(&draft("2027-02-01")), AppointmentField::Day);
        assert_eq!(field_of(&draft("12月7日")), AppointmentField::Day);
    }

    #[test]
    fn a_typed_window_is_read_and_checked() {
        let exact = |from: &str, to: &str| AppointmentDraft {
            part: DayPart::Exact,
            from: from.into(),
            to: to.into(),
            ..draft("2026-12-07")
        };
        let ok = exact("09:30", "11：00").validate(now()).expect("valid");
        assert_eq!(ok.when(), "12-07 09:30–11:00");
        assert_eq!(field_of(&exact("11:00", "09:30")), AppointmentField::Window);
        assert_eq!(field_of(&exact("9点", "")), AppointmentField::Window);
    }

    #[test]
    fn the_address_and_a_good_phone_are_required() {
        let d = AppointmentDraft {
            address: " ".into(),
            contact_phone: "12345".into(),
            ..draft("2026-12-07")
        };
        let fields: Vec<_> = d
            .validate(now())
            .expect_err("refused")
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(fields, [AppointmentField::Address, AppointmentField::Phone]);
    }

    #[test]
    fn a_day_after_the_required_date_is_flagged() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("day");
        assert_eq!(late_for_required(day(8), None), None);
        assert_eq!(late_for_required(day(8), Some(day(8))), None);
        assert!(late_for_required(day(9), Some(day(8))).is_some());
        assert_eq!(in_transit_alert(Some(day(9)), day(6)), None);
        assert_eq!(
            in_transit_alert(Some(day(7)), day(6)).as_deref(),
            Some("要求 12-07 到货，尚未送达")
        );
        assert!(check_reason("  ").is_err());
    }
}
