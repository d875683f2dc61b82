//! **The people area** owns staff and what sets their pay: staff, months and pay here;
//! shifts and clock-in in `attendance`; the rules and events of the points in `points`; the
//! detectors that find events in a month's records in `detection`; the monthly review in
//! `review`; leave and resignation requests in `requests`.
//!
//! Staff (员工) as the people rules see them: roles, employment dates, the monthly base
//! salary, the calendar month a review covers, and the pay rule of DOMAIN.md §9 and
//! FORMATS.md "Monthly review" (base × days employed / days in month × points / 100,
//! paid on the last day of the following month); and leaving ([`Departure`]): an approved
//! resignation settled on day 16 after approval, leaving without approval with its last
//! day unpaid, dismissal.

pub mod attendance;
pub mod detection;
pub mod points;
pub mod requests;
pub mod review;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::money::round_yuan;

/// A job (岗位). Clerks issue waybills; the supervisor manages staff, rates, rules and
/// reviews; finance reads the reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 开单员: counter clerk.
    Clerk,
    /// 客服: customer service.
    CustomerService,
    /// 主管: supervisor.
    Supervisor,
    /// 财务: finance.
    Finance,
}

impl Role {
    /// Every role, in the order FORMATS.md lists them.
    pub const ALL: [Self; 4] = [
        Self::Clerk,
        Self::CustomerService,
        Self::Supervisor,
        Self::Finance,
    ];

    /// Chinese label, as in the staff file and the database.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Clerk => "开单员",
            Self::CustomerService => "客服",
            Self::Supervisor => "主管",
            Self::Finance => "财务",
        }
    }

    /// The role with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label.trim())
    }
}

/// A member of staff with what the review and pay need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// 工号.
    pub id: String,
    /// 姓名 (empty for a 工号 that came with an imported waybill before the staff list).
    pub name: String,
    /// 岗位.
    pub role: Role,
    /// 入职日期: the first day worked. `None` only for a 工号 not yet completed by the
    /// staff list; such a person is not reviewed.
    pub joined_on: Option<NaiveDate>,
    /// 离职日期: the last day employed, if they left.
    pub left_on: Option<NaiveDate>,
    /// 月基本工资 in yuan.
    pub base_salary_yuan: Decimal,
}

impl Staff {
    /// Days of `month` on which the person was employed, counting the join and leave
    /// dates inclusively and clipped to the month; 0 when the employment does not touch
    /// the month or the join date is unknown.
    #[must_use]
    pub fn days_employed(&self, month: Month) -> u32 {
        let Some(joined) = self.joined_on else {
            return 0;
        };
        let from = joined.max(month.first_day());
        let to = self
            .left_on
            .map_or(month.last_day(), |left| left.min(month.last_day()));
        if to < from {
            return 0;
        }
        u32::try_from((to - from).num_days() + 1).unwrap_or(0)
    }

    /// Whether `day` lies within the employment (join and leave dates included). Records
    /// outside it are not held against the person: the rules apply from the join date
    /// (制度第八条).
    #[must_use]
    pub fn employed_on(&self, day: NaiveDate) -> bool {
        self.joined_on.is_some_and(|joined| day >= joined)
            && self.left_on.is_none_or(|left| day <= left)
    }
}

/// Why a staff record is not acceptable, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    /// The leave date is before the join date.
    #[error("离职日期 {left} 早于入职日期 {joined}")]
    LeftBeforeJoined {
        /// 入职日期.
        joined: NaiveDate,
        /// 离职日期.
        left: NaiveDate,
    },
    /// A negative salary.
    #[error("月基本工资不能为负数")]
    NegativeSalary,
    /// A resignation approved before it was applied for.
    #[error("辞职批准日期 {approved} 早于申请日期 {applied}")]
    ApprovedBeforeApplied {
        /// 申请日期.
        applied: NaiveDate,
        /// 批准日期.
        approved: NaiveDate,
    },
    /// An approved resignation whose last day is not its approval + 15 days.
    #[error("辞职已批：最后工作日应为批准日期后第 15 天")]
    ResignationDates,
}

impl Staff {
    /// Checks the record's dates and salary.
    pub fn validate(&self) -> Result<(), StaffError> {
        if let (Some(joined), Some(left)) = (self.joined_on, self.left_on)
            && left < joined
        {
            return Err(StaffError::LeftBeforeJoined { joined, left });
        }
        if self.base_salary_yuan < Decimal::ZERO {
            return Err(StaffError::NegativeSalary);
        }
        Ok(())
    }
}

/// Days of notice of a resignation: after approval the clerk works this many more days
/// (DOMAIN.md §9 rule 2: "提前15天申请 … 批准后再工作15天").
pub const RESIGNATION_NOTICE_DAYS: u64 = 15;

/// The last working day of a resignation approved on `approved_on`: 15 days later.
#[must_use]
pub fn last_working_day(approved_on: NaiveDate) -> NaiveDate {
    approved_on + Days::new(RESIGNATION_NOTICE_DAYS)
}

/// The settlement (pay) date of a resignation approved on `approved_on`: day 16 after the
/// approval (DOMAIN.md §9 rule 2: "第16天结算").
#[must_use]
pub fn settlement_date(approved_on: NaiveDate) -> NaiveDate {
    approved_on + Days::new(RESIGNATION_NOTICE_DAYS + 1)
}

/// How someone left (DOMAIN.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DepartureKind {
    /// 辞职已批: resignation approved; works 15 more days, settled on day 16.
    Resigned,
    /// 未批离职: left without approval; the last, unfinished day is not paid, and the
    /// month is paid by the day on the usual pay date.
    LeftWithoutApproval,
    /// 辞退: dismissed; paid as any month (rule 4: "按第1条").
    Dismissed,
}

impl DepartureKind {
    /// Every kind, in the order of the form.
    pub const ALL: [Self; 3] = [Self::Resigned, Self::LeftWithoutApproval, Self::Dismissed];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Resigned => "辞职已批",
            Self::LeftWithoutApproval => "未批离职",
            Self::Dismissed => "辞退",
        }
    }

    /// The kind with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }
}

/// Someone's leaving, with the dates the pay rules of DOMAIN.md §9 need. Where a person
/// has one, its last day is their leave date (离职日期) in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    /// 工号.
    pub staff_id: String,
    /// How they left.
    pub kind: DepartureKind,
    /// When the resignation was applied for, if it was.
    pub applied_on: Option<NaiveDate>,
    /// When it was approved (辞职已批 only).
    pub approved_on: Option<NaiveDate>,
    /// The last day employed: for 辞职已批 the approval date + 15; for 未批离职 the day
    /// they left (unfinished, not paid); for 辞退 the day of dismissal.
    pub last_day: NaiveDate,
}

impl Departure {
    /// A resignation applied for on `applied_on` and approved on `approved_on`: the last
    /// working day is 15 days after approval.
    pub fn resignation(
        staff_id: &str,
        applied_on: NaiveDate,
        approved_on: NaiveDate,
    ) -> Result<Self, StaffError> {
        if approved_on < applied_on {
            return Err(StaffError::ApprovedBeforeApplied {
                applied: applied_on,
                approved: approved_on,
            });
        }
        Ok(Self {
            staff_id: staff_id.trim().to_owned(),
            kind: DepartureKind::Resigned,
            applied_on: Some(applied_on),
            approved_on: Some(approved_on),
            last_day: last_working_day(approved_on),
        })
    }

    /// Leaving without approval on `last_day` (the unfinished day), after applying on
    /// `applied_on` if they did.
    #[must_use]
    pub fn without_approval(
        staff_id: &str,
        applied_on: Option<NaiveDate>,
        last_day: NaiveDate,
    ) -> Self {
        Self {
            staff_id: staff_id.trim().to_owned(),
            kind: DepartureKind::LeftWithoutApproval,
            applied_on,
            approved_on: None,
            last_day,
        }
    }

    /// Dismissal (辞退) with `last_day` the last day employed.
    #[must_use]
    pub fn dismissal(staff_id: &str, last_day: NaiveDate) -> Self {
        Self {
            staff_id: staff_id.trim().to_owned(),
            kind: DepartureKind::Dismissed,
            applied_on: None,
            approved_on: None,
            last_day,
        }
    }

    /// Checks its dates against the person's join date.
    pub fn validate(&self, joined_on: Option<NaiveDate>) -> Result<(), StaffError> {
        if let (Some(applied), Some(approved)) = (self.applied_on, self.approved_on)
            && approved < applied
        {
            return Err(StaffError::ApprovedBeforeApplied { applied, approved });
        }
        if self.kind == DepartureKind::Resigned
            && self.approved_on.map(last_working_day) != Some(self.last_day)
        {
            return Err(StaffError::ResignationDates);
        }
        if let Some(joined) = joined_on
            && self.last_day < joined
        {
            return Err(StaffError::LeftBeforeJoined {
                joined,
                left: self.last_day,
            });
        }
        Ok(())
    }

    /// The settlement date of an approved resignation (approval + 16 days); `None` for
    /// the other kinds.
    #[must_use]
    pub fn settlement_date(&self) -> Option<NaiveDate> {
        match self.kind {
            DepartureKind::Resigned => self.approved_on.map(settlement_date),
            DepartureKind::LeftWithoutApproval | DepartureKind::Dismissed => None,
        }
    }

    /// Days of `month` employed but not paid: the unfinished last day of leaving without
    /// approval (rule 3), when it falls in `month`.
    #[must_use]
    pub fn unpaid_days(&self, month: Month) -> u32 {
        u32::from(self.kind == DepartureKind::LeftWithoutApproval && month.contains(self.last_day))
    }

    /// When `month`'s pay is paid. **(reading)** The settlement of an approved
    /// resignation pays everything still owed, so any month whose usual pay date (the
    /// last day of the next month) is later is paid on the settlement date; otherwise
    /// the usual date (rules 1, 3, 4).
    #[must_use]
    pub fn pay_date(&self, month: Month) -> NaiveDate {
        let usual = month.pay_date();
        self.settlement_date()
            .map_or(usual, |settled| usual.min(settled))
    }
}

impl Departure {
    /// When the pay of the month of leaving is paid: the settlement date of an approved
    /// resignation (the day after its last day), otherwise the last day of the next month.
    #[must_use]
    pub fn final_pay_date(&self) -> NaiveDate {
        self.pay_date(Month::of(self.last_day))
    }
}

/// The fields of the departure form (离职登记).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepartureField {
    /// 工号.
    Staff,
    /// 申请日期: when the resignation was applied for.
    Applied,
    /// 批准日期: when it was approved (辞职已批).
    Approved,
    /// 最后一天: the day they left (未批离职) or were dismissed (辞退).
    LastDay,
}

/// A departure as typed in the supervisor's form, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartureDraft {
    /// 工号.
    pub staff_id: String,
    /// How they leave.
    pub kind: DepartureKind,
    /// 申请日期 as typed: required for 辞职已批, optional for 未批离职, unused for 辞退.
    pub applied_on: String,
    /// 批准日期 as typed (辞职已批 only).
    pub approved_on: String,
    /// 最后一天 as typed (未批离职 and 辞退; 辞职已批 computes it).
    pub last_day: String,
}

impl Default for DepartureDraft {
    fn default() -> Self {
        Self {
            staff_id: String::new(),
            kind: DepartureKind::Resigned,
            applied_on: String::new(),
            approved_on: String::new(),
            last_day: String::new(),
        }
    }
}

/// A date as typed: `YYYY-MM-DD` (or with slashes); `None` when empty, the error in
/// Chinese when not a date.
fn typed_day(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::desk::limits::typed_day(text)
        .map(Some)
        .ok_or_else(|| format!("「{text}」不是有效的日期：请写成 YYYY-MM-DD，如 2026-11-05"))
}

impl DepartureDraft {
    /// Checks the form against the staff list: the departure, or each field's error in
    /// Chinese. 辞职已批 needs both its dates (the approval not before the application)
    /// and gets its last day computed (approval + 15); 未批离职 needs the day they left,
    /// its application date is optional; 辞退 needs the day of dismissal. No last day
    /// before the person's 入职日期.
    pub fn validate(&self, staff: &[Staff]) -> Result<Departure, Vec<(DepartureField, String)>> {
        let mut errors = Vec::new();
        let staff_id = self.staff_id.trim();
        let person = staff.iter().find(|p| p.id == staff_id);
        if staff_id.is_empty() {
            errors.push((DepartureField::Staff, "请填写工号".to_owned()));
        } else if person.is_none() {
            errors.push((
                DepartureField::Staff,
                format!("工号 {staff_id} 不在员工名单中"),
            ));
        }
        let mut day =
            |field: DepartureField, text: &str, required: Option<&str>| match typed_day(text) {
                Ok(None) => {
                    if let Some(what) = required {
                        errors.push((field, format!("请填写{what}，如 2026-11-05")));
                    }
                    None
                }
                Ok(Some(day)) => Some(day),
                Err(message) => {
                    errors.push((field, message));
                    None
                }
            };
        let departure = match self.kind {
            DepartureKind::Resigned => {
                let applied = day(DepartureField::Applied, &self.applied_on, Some("申请日期"));
                let approved = day(
                    DepartureField::Approved,
                    &self.approved_on,
                    Some("批准日期"),
                );
                match (applied, approved) {
                    (Some(applied), Some(approved)) if approved < applied => {
                        errors.push((
                            DepartureField::Approved,
                            format!("批准日期 {approved} 早于申请日期 {applied}"),
                        ));
                        None
                    }
                    (Some(applied), Some(approved)) => {
                        Departure::resignation(staff_id, applied, approved).ok()
                    }
                    _ => None,
                }
            }
            DepartureKind::LeftWithoutApproval => {
                let applied = day(DepartureField::Applied, &self.applied_on, None);
                day(DepartureField::LastDay, &self.last_day, Some("离开的日期"))
                    .map(|last| Departure::without_approval(staff_id, applied, last))
            }
            DepartureKind::Dismissed => {
                day(DepartureField::LastDay, &self.last_day, Some("辞退日期"))
                    .map(|last| Departure::dismissal(staff_id, last))
            }
        };
        if let (Some(departure), Some(joined)) = (&departure, person.and_then(|p| p.joined_on))
            && departure.last_day < joined
        {
            let field = if departure.kind == DepartureKind::Resigned {
                DepartureField::Approved
            } else {
                DepartureField::LastDay
            };
            errors.push((
                field,
                format!("最后一天 {} 早于入职日期 {joined}", departure.last_day),
            ));
        }
        match departure {
            Some(departure) if errors.is_empty() => Ok(departure),
            _ => Err(errors),
        }
    }
}

/// A calendar month (`YYYY-MM`): what one review covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// The month of `year`-`month` (1–12), if it is a real month.
    #[must_use]
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Self { first })
    }

    /// The month `day` is in.
    #[must_use]
    pub fn of(day: NaiveDate) -> Self {
        Self {
            first: day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day.
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.next().first.pred_opt().unwrap_or(self.first)
    }

    /// How many days it has (28–31).
    #[must_use]
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    /// The month after.
    #[must_use]
    pub fn next(self) -> Self {
        let (year, month) = (self.first.year(), self.first.month());
        let (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        Self::new(year, month).unwrap_or(self)
    }

    /// The month before.
    #[must_use]
    pub fn previous(self) -> Self {
        Self::of(self.first.pred_opt().unwrap_or(self.first))
    }

    /// Whether `day` is in this month.
    #[must_use]
    pub fn contains(self, day: NaiveDate) -> bool {
        Self::of(day) == self
    }

    /// The day this month's pay is paid: the last day of the following month
    /// (DOMAIN.md §9 rule 1).
    #[must_use]
    pub fn pay_date(self) -> NaiveDate {
        self.next().last_day()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.first.year(), self.first.month())
    }
}

impl FromStr for Month {
    type Err = String;

    /// Exactly `YYYY-MM`, month 01–12.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("「{text}」不是有效的月份：请写成 YYYY-MM，如 2026-11");
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(bad());
        }
        let (year, month) = (&text[..4], &text[5..]);
        if !year
            .bytes()
            .chain(month.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        Self::new(year, month).ok_or_else(bad)
    }
}

/// The month's pay: `base × days_employed / days_in_month × points / 100`, rounded
/// half-up to 0.01 yuan (FORMATS.md "Monthly review").
///
/// **(reading)** Points below zero (possible with many absences) pay nothing rather than
/// a negative amount: the clerk never owes the company for a month worked. Costs charged
/// to a person (DOMAIN.md §7) are settled separately.
#[must_use]
pub fn month_pay(base_yuan: Decimal, days_employed: u32, month: Month, points: i64) -> Decimal {
    let pay = base_yuan * Decimal::from(days_employed) * Decimal::from(points.max(0))
        / (Decimal::from(month.days()) * Decimal::ONE_HUNDRED);
    round_yuan(pay)
}

#[cfg(test)]
mod tests;
