//! Who is on duty now (当班), and the supervisor's override for someone who is not.

use super::{AttendanceSettings, Punch, ShiftError, ShiftKind};
use crate::domain::people::Role;
use crate::domain::people::requests::{AttendanceRequest, RequestKind};
use chrono::{NaiveDate, NaiveDateTime};

/// Whether someone scheduled for `schedule_shift` on `day` is on duty at `now`, with the
/// company's shift times: from `grace_minutes` before the shift starts until
/// `grace_minutes` after it ends (a 晚班 of 11-03 runs to 08:00 of 11-04). 休息 and 请假
/// are never on duty.
#[must_use]
pub fn on_duty(
    schedule_shift: ShiftKind,
    day: NaiveDate,
    now: NaiveDateTime,
    grace_minutes: u32,
) -> bool {
    AttendanceSettings::default().on_duty(schedule_shift, day, now, grace_minutes)
}

/// Whether a person may issue waybills now, and why (DOMAIN.md §2: only the clerk on
/// duty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDuty {
    /// On a scheduled shift (with the grace before and after).
    Shift {
        /// The shift's date (yesterday for a 晚班 after midnight).
        day: NaiveDate,
        /// The shift.
        shift: ShiftKind,
        /// When it starts.
        from: NaiveDateTime,
        /// When it ends.
        to: NaiveDateTime,
    },
    /// Within an approved overtime (加班).
    Overtime {
        /// When it starts.
        from: NaiveDateTime,
        /// When it ends.
        to: NaiveDateTime,
    },
    /// Not on duty: why, in Chinese, saying what to do.
    Off {
        /// The message for the clerk.
        reason: String,
    },
}

impl OnDuty {
    /// Whether waybills may be issued.
    #[must_use]
    pub fn is_on_duty(&self) -> bool {
        !matches!(self, Self::Off { .. })
    }
}

/// Whether a person is on duty at `now`, from their clock-in records of today and
/// yesterday (the schedule: a record may carry a shift before it has punches) and their
/// requests:
///
/// 1. an approved 请假 covering `now` puts them off duty, whatever the schedule says;
/// 2. a record of 早班/中班/晚班 whose time, widened by the setting
///    [`AttendanceSettings::duty_grace_minutes`] on both sides, contains `now` puts them
///    on duty (yesterday's 晚班 runs into this morning);
/// 3. an approved 加班 covering `now` puts them on duty;
/// 4. otherwise they are off duty.
#[must_use]
pub fn duty_status(
    schedule: &[Punch],
    requests: &[AttendanceRequest],
    now: NaiveDateTime,
    settings: &AttendanceSettings,
) -> OnDuty {
    const ASK: &str = "非当班不能开单，如需开单请主管授权（将记录在案）";
    let approved = |kind: RequestKind| {
        requests
            .iter()
            .find(|r| r.kind == kind && r.is_approved() && r.covers(now))
    };
    if let Some(leave) = approved(RequestKind::Leave) {
        return OnDuty::Off {
            reason: format!("正在已批请假中（{}）：{ASK}", leave.describe()),
        };
    }
    let grace = settings.duty_grace_minutes;
    let mut records: Vec<&Punch> = schedule
        .iter()
        .filter(|p| p.day == now.date() || p.day.succ_opt() == Some(now.date()))
        .collect();
    records.sort_by_key(|p| (p.day, p.shift));
    for p in &records {
        if settings.on_duty(p.shift, p.day, now, grace)
            && let Some((from, to)) = settings.window(p.shift, p.day)
        {
            return OnDuty::Shift {
                day: p.day,
                shift: p.shift,
                from,
                to,
            };
        }
    }
    if let Some(overtime) = approved(RequestKind::Overtime) {
        return OnDuty::Overtime {
            from: overtime.from,
            to: overtime.to,
        };
    }
    let today: Vec<String> = records
        .iter()
        .filter(|p| p.day == now.date())
        .map(|p| match settings.times(p.shift) {
            Some(times) => format!(
                "{} {}–{}",
                p.shift.label(),
                times.start.format("%H:%M"),
                times.end.format("%H:%M")
            ),
            None => p.shift.label().to_owned(),
        })
        .collect();
    let reason = if today.is_empty() {
        format!("今天（{}）没有排班：{ASK}", now.format("%m-%d"))
    } else {
        format!(
            "现在 {} 不在班次时间内（今天 {}，前后宽限 {grace} 分钟）：{ASK}",
            now.format("%H:%M"),
            today.join("、")
        )
    };
    OnDuty::Off { reason }
}

/// A supervisor's permission for a clerk to issue a waybill off duty (DOMAIN.md §2: a
/// waybill made outside the shift is void unless the supervisor allows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyOverride {
    /// 工号 of the supervisor who allowed it.
    pub supervisor_id: String,
    /// 工号 of the clerk.
    pub clerk_id: String,
    /// When.
    pub at: NaiveDateTime,
    /// Why.
    pub reason: String,
    /// The waybill it concerns, empty if not known yet.
    pub waybill_number: String,
}

impl DutyOverride {
    /// Checks it: given by a supervisor (岗位 `supervisor_role`), to someone else, with a
    /// reason.
    pub fn check(&self, supervisor_role: Role) -> Result<(), ShiftError> {
        if supervisor_role != Role::Supervisor {
            return Err(ShiftError::NotSupervisor);
        }
        if self.supervisor_id.trim() == self.clerk_id.trim() {
            return Err(ShiftError::OwnOverride);
        }
        if self.reason.trim().is_empty() {
            return Err(ShiftError::NoReason("授权原因"));
        }
        Ok(())
    }
}
