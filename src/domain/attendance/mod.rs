//! Attendance (考勤, DOMAIN.md §8 and FORMATS.md "Clock-in records"): shifts, clock-in
//! records (打卡), and how each shift is graded into the attendance rules A4–A7, leaving
//! the post (`L` events) into A8–A10; which approved requests excuse a shift's findings;
//! who is on duty (DOMAIN.md §2: only the clerk on duty issues waybills) and the
//! supervisor's override; and the shift handover (上下班工作交接, DOMAIN.md §6).
//!
//! The readings this module makes where the company's text is silent. The shift times,
//! the bracket boundaries, the gap's bracket and the missing punch's bracket are
//! settings in [`AttendanceSettings`], so the supervisor can change them:
//!
//! - **Where a punch lies in time.** Minutes are counted from midnight of the shift's
//!   date. A 上班打卡 is on the shift's date, unless that would put it more than 12 hours
//!   before the shift starts; then it is on the next day (a night clerk arriving at 00:30
//!   is 4 h 30 late, not 19 h 30 early). A 下班打卡 is the first time of day at or after
//!   the 上班打卡 (or after the start, when the 上班打卡 is missing): so a night shift's
//!   07:55 is 07:55 of the next day (5 minutes early), and a 中班's 00:05 is 24:05 (not
//!   early).
//! - **Bracket boundaries** (minutes late or early, `m`): `1 ≤ m ≤ 10` → A4 (counted);
//!   `10 < m < 20` → the gap, graded as the setting [`AttendanceSettings::gap_bracket`]
//!   (default: counted as A4, and marked in the review); `20 ≤ m ≤ 60` → A5;
//!   `60 < m ≤ 180` → A6; `m > 180` → A7 (absence). "20分钟至1小时" and "1小时至3小时"
//!   are read inclusive of their upper end, so exactly 60 is A5 and exactly 180 is A6.
//! - **One punch missing**, the other present: graded as the setting
//!   [`AttendanceSettings::missing_punch_bracket`] (default A5, −2), and marked in the
//!   review. Not A4, because a clerk could then hide a long early leave by not punching
//!   out; not absence, because the other punch shows the clerk came.
//! - **A shift graded as absence (A7) is one absence**, whatever else happened on it: a
//!   clerk 4 hours late who also left 4 hours early lost one shift (−8), not two.
//! - **Leaving the post** (`L`, minutes away `m`): `m < 60` → A8; `60 ≤ m < 180` → A9;
//!   `m ≥ 180` → A10. Exactly 1 hour is not "不足一小时", so A9; exactly 3 hours is not
//!   "不足三小时", so A10 (the text's "超过三小时" leaves exactly 3 hours to no row; A10
//!   keeps the three rows without a hole).
//! - **Only shifts that are over are graded** ([`AttendanceSettings::has_ended`]): a
//!   worked shift from its end on (a 晚班 of 11-03 from 08:00 of 11-04), 休息 and 请假
//!   from the end of their day. Today's shift, still running, has no 下班打卡 yet; it is
//!   not 缺卡 until it has ended.
//! - **Excused findings**: see [`grade_shift_excused`] and the readings of
//!   [`crate::domain::requests`].
//! - **On duty**: the monthly schedule (排班, [`ScheduledShift`]) and the clock-in
//!   records together are the schedule (a record may be entered before it has punches);
//!   a shift in either puts its clerk on duty. A clerk is on duty from [`AttendanceSettings::duty_grace_minutes`]
//!   (30) before their shift starts until as long after it ends; see [`duty_status`].
//! - **Handover figures** count the clerk's waybills issued during the shift, widened to
//!   their actual punches (see [`handover_window`]). A handover recorded but not yet
//!   accepted by the next clerk counts as done: the clerk did their part.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::people::Role;
use crate::domain::points::Rule;
use crate::domain::requests::{AttendanceRequest, Excuse, RequestKind};
use crate::domain::waybill::PaymentMethod;

/// Minutes in a day.
const DAY_MINUTES: i64 = 24 * 60;

/// A 班次 of the clock-in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ShiftKind {
    /// 早班, 08:00–20:00 by default.
    Early,
    /// 中班, 12:00–24:00 by default.
    Middle,
    /// 晚班, 20:00–08:00 of the next day by default.
    Night,
    /// 休息: a day off.
    Rest,
    /// 请假: approved leave; no points, but no full attendance either.
    Leave,
}

impl ShiftKind {
    /// Every kind, in the order FORMATS.md lists them.
    pub const ALL: [Self; 5] = [
        Self::Early,
        Self::Middle,
        Self::Night,
        Self::Rest,
        Self::Leave,
    ];

    /// Chinese label, as in the clock-in file and the database.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Early => "早班",
            Self::Middle => "中班",
            Self::Night => "晚班",
            Self::Rest => "休息",
            Self::Leave => "请假",
        }
    }

    /// The kind with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }

    /// A shift that is worked (early, middle, night).
    #[must_use]
    pub fn is_work(self) -> bool {
        matches!(self, Self::Early | Self::Middle | Self::Night)
    }
}

/// When a shift starts and ends. An end at or before the start is on the next day, so
/// 12:00–00:00 is the 中班 ending at midnight (24:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftTimes {
    /// Start.
    pub start: NaiveTime,
    /// End (on the next day when not after `start`).
    pub end: NaiveTime,
}

impl ShiftTimes {
    fn hm(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
    }

    /// Start, in minutes from midnight of the shift's date.
    #[must_use]
    pub fn start_minute(self) -> i64 {
        minute_of_day(self.start)
    }

    /// End, in minutes from midnight of the shift's date (above 1440 when next day).
    #[must_use]
    pub fn end_minute(self) -> i64 {
        let end = minute_of_day(self.end);
        if end <= self.start_minute() {
            end + DAY_MINUTES
        } else {
            end
        }
    }
}

/// The grading brackets of lateness and early leave (DOMAIN.md §8 rows 4–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Bracket {
    /// A4: up to 10 minutes; counted over the month.
    ShortLate,
    /// A5: 20 minutes to 1 hour, −2 each.
    Late,
    /// A6: 1 to 3 hours, −4 each.
    VeryLate,
    /// A7: over 3 hours, or no punch at all: absence, −8.
    Absent,
}

impl Bracket {
    /// Every bracket, lightest first.
    pub const ALL: [Self; 4] = [Self::ShortLate, Self::Late, Self::VeryLate, Self::Absent];

    /// The review rule of this bracket.
    #[must_use]
    pub fn rule(self) -> Rule {
        match self {
            Self::ShortLate => Rule::A4,
            Self::Late => Rule::A5,
            Self::VeryLate => Rule::A6,
            Self::Absent => Rule::A7,
        }
    }
}

/// How attendance is graded. Defaults are the company's rules and this module's readings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendanceSettings {
    /// 早班 times.
    pub early: ShiftTimes,
    /// 中班 times.
    pub middle: ShiftTimes,
    /// 晚班 times.
    pub night: ShiftTimes,
    /// A4 covers 1 up to this many minutes (10).
    pub short_max_minutes: u32,
    /// A5 starts at this many minutes (20); between A4's end and here lies the gap.
    pub late_from_minutes: u32,
    /// A5 covers up to this many minutes, inclusive (60).
    pub late_max_minutes: u32,
    /// A6 covers up to this many minutes, inclusive (180); above is A7.
    pub very_late_max_minutes: u32,
    /// **(reading)** The bracket of the gap the text leaves (late or early by more than
    /// 10 and less than 20 minutes). Default: counted as A4, the lightest reading the
    /// text supports; the review marks each such time so the supervisor sees it.
    pub gap_bracket: Bracket,
    /// **(reading)** The bracket of a shift with one punch missing and the other present.
    /// Default: A5 (−2), marked in the review.
    pub missing_punch_bracket: Bracket,
    /// A4: this many short latenesses in a month cost nothing (5) …
    pub short_free_times: u32,
    /// … and every further started group of this many costs A4's points once (5): for
    /// n times, −floor((n − 1) / 5) with the defaults.
    pub short_step_times: u32,
    /// Leaving the post for less than this many minutes is A8 (60) …
    pub left_post_short_below_minutes: u32,
    /// … for less than this many A9 (180), otherwise A10.
    pub left_post_long_below_minutes: u32,
    /// **(reading)** Minutes before a shift starts and after it ends during which its
    /// clerk is still on duty and may issue waybills (30): clerks come a little early and
    /// finish the customer at the counter.
    pub duty_grace_minutes: u32,
}

impl Default for AttendanceSettings {
    fn default() -> Self {
        Self {
            early: ShiftTimes {
                start: ShiftTimes::hm(8, 0),
                end: ShiftTimes::hm(20, 0),
            },
            middle: ShiftTimes {
                start: ShiftTimes::hm(12, 0),
                end: ShiftTimes::hm(0, 0),
            },
            night: ShiftTimes {
                start: ShiftTimes::hm(20, 0),
                end: ShiftTimes::hm(8, 0),
            },
            short_max_minutes: 10,
            late_from_minutes: 20,
            late_max_minutes: 60,
            very_late_max_minutes: 180,
            gap_bracket: Bracket::ShortLate,
            missing_punch_bracket: Bracket::Late,
            short_free_times: 5,
            short_step_times: 5,
            left_post_short_below_minutes: 60,
            left_post_long_below_minutes: 180,
            duty_grace_minutes: 30,
        }
    }
}

impl AttendanceSettings {
    /// The times of a worked shift; `None` for 休息 and 请假.
    #[must_use]
    pub fn times(&self, kind: ShiftKind) -> Option<ShiftTimes> {
        match kind {
            ShiftKind::Early => Some(self.early),
            ShiftKind::Middle => Some(self.middle),
            ShiftKind::Night => Some(self.night),
            ShiftKind::Rest | ShiftKind::Leave => None,
        }
    }

    /// The span of a worked shift on `day` as moments: 早班 of 11-03 is 11-03 08:00 to
    /// 11-03 20:00, 晚班 of 11-03 ends at 08:00 of 11-04; `None` for 休息 and 请假.
    #[must_use]
    pub fn window(
        &self,
        kind: ShiftKind,
        day: NaiveDate,
    ) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let times = self.times(kind)?;
        let midnight = day.and_time(NaiveTime::MIN);
        Some((
            midnight + Duration::minutes(times.start_minute()),
            midnight + Duration::minutes(times.end_minute()),
        ))
    }

    /// When a record of `kind` on `day` is over and may be graded: a worked shift at its
    /// end (the 晚班 of 11-03 at 08:00 of 11-04, a 中班 at 24:00), 休息 and 请假 at the end
    /// of their day.
    #[must_use]
    pub fn ends_at(&self, kind: ShiftKind, day: NaiveDate) -> NaiveDateTime {
        self.window(kind, day).map_or_else(
            || day.and_time(NaiveTime::MIN) + Duration::days(1),
            |(_, end)| end,
        )
    }

    /// Whether a record of `kind` on `day` is over at `now` (see [`Self::ends_at`]).
    /// **(reading)** Only such records are graded: a shift still running has no
    /// 下班打卡 yet, and must not show as 缺卡 before the clerk could punch out.
    #[must_use]
    pub fn has_ended(&self, kind: ShiftKind, day: NaiveDate, now: NaiveDateTime) -> bool {
        self.ends_at(kind, day) <= now
    }

    /// Whether someone scheduled for `kind` on `day` is on duty at `now`: from
    /// `grace_minutes` before the shift's start until before `grace_minutes` after its end.
    #[must_use]
    pub fn on_duty(
        &self,
        kind: ShiftKind,
        day: NaiveDate,
        now: NaiveDateTime,
        grace_minutes: u32,
    ) -> bool {
        let grace = Duration::minutes(i64::from(grace_minutes));
        self.window(kind, day)
            .is_some_and(|(from, to)| from - grace <= now && now < to + grace)
    }

    /// The bracket of being `minutes` late or early, and whether it fell in the gap the
    /// text leaves; `None` when not late or early at all.
    #[must_use]
    pub fn bracket(&self, minutes: i64) -> Option<(Bracket, bool)> {
        let at_most = |limit: u32| minutes <= i64::from(limit);
        if minutes <= 0 {
            None
        } else if at_most(self.short_max_minutes) {
            Some((Bracket::ShortLate, false))
        } else if minutes < i64::from(self.late_from_minutes) {
            Some((self.gap_bracket, true))
        } else if at_most(self.late_max_minutes) {
            Some((Bracket::Late, false))
        } else if at_most(self.very_late_max_minutes) {
            Some((Bracket::VeryLate, false))
        } else {
            Some((Bracket::Absent, false))
        }
    }

    /// How many times A4's points apply for `times` short latenesses in a month:
    /// 0 up to 5, 1 for 6–10, 2 for 11–15, and so on (制度六.4: "超过5次扣1分，超过10次
    /// 2分，5次1分叠加").
    #[must_use]
    pub fn short_lateness_steps(&self, times: u32) -> u32 {
        if times <= self.short_free_times {
            0
        } else {
            1 + (times - self.short_free_times - 1) / self.short_step_times.max(1)
        }
    }

    /// The rule of leaving the post for `minutes` (an `L` event): A8, A9 or A10.
    #[must_use]
    pub fn left_post_rule(&self, minutes: u32) -> Rule {
        if minutes < self.left_post_short_below_minutes {
            Rule::A8
        } else if minutes < self.left_post_long_below_minutes {
            Rule::A9
        } else {
            Rule::A10
        }
    }
}

/// The fields of the 考勤 settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceField {
    /// The start of a shift (早班, 中班 or 晚班).
    Start(ShiftKind),
    /// The end of a shift.
    End(ShiftKind),
    /// A4's upper end, minutes.
    ShortMax,
    /// A5's start, minutes.
    LateFrom,
    /// A5's upper end, minutes.
    LateMax,
    /// A6's upper end, minutes.
    VeryLateMax,
    /// Minutes of grace around a shift for the on-duty rule.
    DutyGrace,
}

/// The 考勤 settings as typed in the supervisor's form: shift times as `HH:MM`, the
/// bracket boundaries as minutes, the two readings' brackets as chosen. What the form
/// does not show is kept from `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceDraft {
    /// The settings the form started from.
    pub base: AttendanceSettings,
    /// (start, end) of 早班, 中班 and 晚班, as typed.
    pub shifts: [(String, String); 3],
    /// A4 up to, minutes.
    pub short_max_minutes: String,
    /// A5 from, minutes.
    pub late_from_minutes: String,
    /// A5 up to, minutes.
    pub late_max_minutes: String,
    /// A6 up to, minutes.
    pub very_late_max_minutes: String,
    /// The gap's bracket.
    pub gap_bracket: Bracket,
    /// A missing punch's bracket.
    pub missing_punch_bracket: Bracket,
    /// On-duty grace, minutes.
    pub duty_grace_minutes: String,
}

/// The worked shifts, in the form's order.
pub const WORKED_SHIFTS: [ShiftKind; 3] = [ShiftKind::Early, ShiftKind::Middle, ShiftKind::Night];

impl AttendanceDraft {
    /// The form filled from stored settings.
    #[must_use]
    pub fn new(settings: &AttendanceSettings) -> Self {
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        let pair = |t: ShiftTimes| (hm(t.start), hm(t.end));
        Self {
            base: settings.clone(),
            shifts: [
                pair(settings.early),
                pair(settings.middle),
                pair(settings.night),
            ],
            short_max_minutes: settings.short_max_minutes.to_string(),
            late_from_minutes: settings.late_from_minutes.to_string(),
            late_max_minutes: settings.late_max_minutes.to_string(),
            very_late_max_minutes: settings.very_late_max_minutes.to_string(),
            gap_bracket: settings.gap_bracket,
            missing_punch_bracket: settings.missing_punch_bracket,
            duty_grace_minutes: settings.duty_grace_minutes.to_string(),
        }
    }

    /// Checks the form: the settings, or each field's error in Chinese. Times are
    /// `HH:MM` (`24:00` is midnight), a shift's end differs from its start (an end not
    /// after the start is on the next day); the boundaries are whole minutes with
    /// `1 ≤ A4 上限 < A5 起 ≤ A5 上限 < A6 上限` (A5 起 = A4 上限 + 1 leaves no gap).
    pub fn validate(&self) -> Result<AttendanceSettings, Vec<(AttendanceField, String)>> {
        let mut errors = Vec::new();
        let mut out = self.base.clone();
        let time = |text: &str| {
            let text = text.trim().replace('：', ":");
            if text == "24:00" {
                return Some(NaiveTime::MIN);
            }
            NaiveTime::parse_from_str(&text, "%H:%M").ok()
        };
        for (kind, (start, end)) in WORKED_SHIFTS.into_iter().zip(&self.shifts) {
            let bad = |t: &str| format!("「{}」不是有效的时间：请写成 HH:MM，如 08:00", t.trim());
            let (from, to) = (time(start), time(end));
            if from.is_none() {
                errors.push((AttendanceField::Start(kind), bad(start)));
            }
            if to.is_none() {
                errors.push((AttendanceField::End(kind), bad(end)));
            }
            if let (Some(from), Some(to)) = (from, to) {
                if from == to {
                    errors.push((
                        AttendanceField::End(kind),
                        "下班时间不能与上班时间相同".to_owned(),
                    ));
                }
                let times = ShiftTimes {
                    start: from,
                    end: to,
                };
                match kind {
                    ShiftKind::Early => out.early = times,
                    ShiftKind::Middle => out.middle = times,
                    _ => out.night = times,
                }
            }
        }
        let mut minutes = |field: AttendanceField, text: &str| match text.trim().parse::<u32>() {
            Ok(m) if m <= 24 * 60 => Some(m),
            _ => {
                errors.push((
                    field,
                    format!("「{}」不是有效的分钟数：请填 0–1440 的整数", text.trim()),
                ));
                None
            }
        };
        let short = minutes(AttendanceField::ShortMax, &self.short_max_minutes);
        let late_from = minutes(AttendanceField::LateFrom, &self.late_from_minutes);
        let late_max = minutes(AttendanceField::LateMax, &self.late_max_minutes);
        let very_late = minutes(AttendanceField::VeryLateMax, &self.very_late_max_minutes);
        let grace = minutes(AttendanceField::DutyGrace, &self.duty_grace_minutes);
        if let (Some(short), Some(late_from), Some(late_max), Some(very_late)) =
            (short, late_from, late_max, very_late)
        {
            if short == 0 {
                errors.push((AttendanceField::ShortMax, "A4 上限至少 1 分钟".to_owned()));
            }
            if late_from <= short {
                errors.push((
                    AttendanceField::LateFrom,
                    format!("A5 起点须大于 A4 上限（{short} 分钟）"),
                ));
            }
            if late_max < late_from {
                errors.push((
                    AttendanceField::LateMax,
                    format!("A5 上限不能小于 A5 起点（{late_from} 分钟）"),
                ));
            }
            if very_late <= late_max {
                errors.push((
                    AttendanceField::VeryLateMax,
                    format!("A6 上限须大于 A5 上限（{late_max} 分钟）"),
                ));
            }
            out.short_max_minutes = short;
            out.late_from_minutes = late_from;
            out.late_max_minutes = late_max;
            out.very_late_max_minutes = very_late;
        }
        if let Some(grace) = grace {
            out.duty_grace_minutes = grace;
        }
        out.gap_bracket = self.gap_bracket;
        out.missing_punch_bracket = self.missing_punch_bracket;
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// The free function form of [`AttendanceSettings::short_lateness_steps`] with the
/// company's defaults.
#[must_use]
pub fn short_lateness_steps(times: u32) -> u32 {
    AttendanceSettings::default().short_lateness_steps(times)
}

/// One clock-in record (打卡): a person's shift on a day and its two punches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Punch {
    /// 工号.
    pub staff_id: String,
    /// 日期: the day the shift starts.
    pub day: NaiveDate,
    /// 班次.
    pub shift: ShiftKind,
    /// 上班打卡, `None` when missing.
    pub clock_in: Option<NaiveTime>,
    /// 下班打卡, `None` when missing (for a night shift, a time of the next day).
    pub clock_out: Option<NaiveTime>,
}

/// One day of the monthly schedule (排班) the supervisor keeps: which shift a person
/// works that day, or 休息.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScheduledShift {
    /// 工号.
    pub staff_id: String,
    /// The day the shift starts.
    pub day: NaiveDate,
    /// 早班, 中班, 晚班 or 休息.
    pub shift: ShiftKind,
}

impl ScheduledShift {
    /// The shifts a schedule holds, in the order a grid cell cycles through them.
    pub const KINDS: [ShiftKind; 4] = [
        ShiftKind::Early,
        ShiftKind::Middle,
        ShiftKind::Night,
        ShiftKind::Rest,
    ];

    /// The scheduled day as a clock-in record without punches.
    #[must_use]
    pub fn as_record(&self) -> Punch {
        Punch {
            staff_id: self.staff_id.clone(),
            day: self.day,
            shift: self.shift,
            clock_in: None,
            clock_out: None,
        }
    }
}

/// The scheduled worked shifts that have no clock-in record at all — no row for that
/// person and day, of any shift — as records without punches, so that grading makes
/// each an absence (A7) once it has ended. **(reading)** A clock-in row for the person
/// and day is what happened (a swapped shift, a rest day worked, an imported 请假) and
/// takes the place of that day's schedule; imported punches are graded exactly as
/// before. 休息 in the schedule gives nothing.
#[must_use]
pub fn unpunched_shifts(schedule: &[ScheduledShift], punches: &[Punch]) -> Vec<Punch> {
    let recorded: std::collections::BTreeSet<(&str, NaiveDate)> = punches
        .iter()
        .map(|p| (p.staff_id.as_str(), p.day))
        .collect();
    schedule
        .iter()
        .filter(|s| s.shift.is_work() && !recorded.contains(&(s.staff_id.as_str(), s.day)))
        .map(ScheduledShift::as_record)
        .collect()
}

/// What happened on a shift, as graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// Late by this many minutes.
    Late(i64),
    /// Left early by this many minutes.
    EarlyLeave(i64),
    /// 上班打卡 missing, 下班打卡 present.
    MissingClockIn,
    /// 下班打卡 missing, 上班打卡 present.
    MissingClockOut,
    /// A worked shift with neither punch: absence.
    NoPunches,
    /// 请假: costs no points, but there is no full attendance.
    OnLeave,
}

/// Where the company's text is silent about a finding; the review marks these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unwritten {
    /// Late or early by more than 10 and less than 20 minutes.
    Gap,
    /// One punch missing.
    MissingPunch,
}

/// One graded finding of a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// The shift's date.
    pub day: NaiveDate,
    /// The shift.
    pub shift: ShiftKind,
    /// What happened.
    pub kind: FindingKind,
    /// The bracket it is graded in; `None` for leave. For an excused finding, the bracket
    /// it would have had, so the review lists it under that rule.
    pub bracket: Option<Bracket>,
    /// Set when graded by a reading of a case the text does not cover.
    pub unwritten: Option<Unwritten>,
    /// Set when an approved 请假 or 外出 covers it: it is listed, and costs nothing.
    pub excused_by: Option<Excuse>,
}

impl Finding {
    /// The finding in words, for the review's evidence: "11-03 早班 迟到 7 分钟", or for
    /// an excused one "11-03 早班 迟到 240 分钟（已批请假 11-03 08:00–12:00，不扣分）".
    #[must_use]
    pub fn describe(&self) -> String {
        let what = match self.kind {
            FindingKind::Late(m) => format!("迟到 {m} 分钟"),
            FindingKind::EarlyLeave(m) => format!("早退 {m} 分钟"),
            FindingKind::MissingClockIn => "缺上班打卡".to_owned(),
            FindingKind::MissingClockOut => "缺下班打卡".to_owned(),
            FindingKind::NoPunches => "整班未打卡（旷工）".to_owned(),
            FindingKind::OnLeave => "请假".to_owned(),
        };
        let excuse = self
            .excused_by
            .map(|e| format!("（{e}，不扣分）"))
            .unwrap_or_default();
        format!(
            "{} {} {what}{excuse}",
            self.day.format("%m-%d"),
            self.shift.label()
        )
    }

    /// Whether it counts in the review: not excused by an approved request.
    #[must_use]
    pub fn counts(&self) -> bool {
        self.excused_by.is_none()
    }
}

fn minute_of_day(time: NaiveTime) -> i64 {
    i64::from(time.hour() * 60 + time.minute())
}

/// The punches of a record as minutes from midnight of its date, placed as the module's
/// readings say (a 上班打卡 long before `start` is on the next day; a 下班打卡 is the first
/// such time after the 上班打卡).
fn punch_minutes(punch: &Punch, start: i64) -> (Option<i64>, Option<i64>) {
    let clock_in = punch.clock_in.map(|t| {
        let m = minute_of_day(t);
        if m < start - DAY_MINUTES / 2 {
            m + DAY_MINUTES
        } else {
            m
        }
    });
    let clock_out = punch.clock_out.map(|t| {
        let after = clock_in.unwrap_or(start);
        let mut m = minute_of_day(t);
        while m < after {
            m += DAY_MINUTES;
        }
        m
    });
    (clock_in, clock_out)
}

impl Punch {
    /// The punches as moments (a night shift's 下班打卡 on the next day); `None` for a
    /// punch missing or a record of 休息/请假.
    #[must_use]
    pub fn moments(
        &self,
        settings: &AttendanceSettings,
    ) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let Some(times) = settings.times(self.shift) else {
            return (None, None);
        };
        let midnight = self.day.and_time(NaiveTime::MIN);
        let (clock_in, clock_out) = punch_minutes(self, times.start_minute());
        let at = |m: i64| midnight + Duration::minutes(m);
        (clock_in.map(at), clock_out.map(at))
    }

    /// Whether its shift is over at `now`, so it may be graded (see
    /// [`AttendanceSettings::has_ended`]).
    #[must_use]
    pub fn has_ended(&self, settings: &AttendanceSettings, now: NaiveDateTime) -> bool {
        settings.has_ended(self.shift, self.day, now)
    }

    /// Whether it is a worked shift (早班/中班/晚班) with at least one punch.
    #[must_use]
    pub fn worked(&self) -> bool {
        self.shift.is_work() && (self.clock_in.is_some() || self.clock_out.is_some())
    }
}

/// Grades one clock-in record (see the module's readings). Rest days give nothing,
/// leave gives [`FindingKind::OnLeave`]; punches on those days are not graded.
#[must_use]
pub fn grade_shift(punch: &Punch, settings: &AttendanceSettings) -> Vec<Finding> {
    grade_shift_excused(punch, settings, &[])
}

/// Grades one clock-in record with the person's approved 请假 and 外出 (`excuses`):
///
/// - Spans covering the start of the shift move the start to their end, spans covering
///   its end move the end to their start; lateness and early leave are graded against
///   the shift so shortened. A clerk on approved leave 08:00–10:00 who arrives at 10:05
///   is 5 minutes late, not 125.
/// - A shift covered from start to end is wholly excused.
/// - What the shift without the excuses would have cost, and no longer does, is listed
///   too, marked [`Finding::excused_by`], costing nothing: the review shows it as
///   「已批请假，不扣分」.
/// - Missing punches stay findings unless the whole shift is excused: punching is not
///   about presence.
#[must_use]
pub fn grade_shift_excused(
    punch: &Punch,
    settings: &AttendanceSettings,
    excuses: &[Excuse],
) -> Vec<Finding> {
    let Some(times) = settings.times(punch.shift) else {
        return if punch.shift == ShiftKind::Leave {
            vec![Finding {
                day: punch.day,
                shift: punch.shift,
                kind: FindingKind::OnLeave,
                bracket: None,
                unwritten: None,
                excused_by: None,
            }]
        } else {
            Vec::new()
        };
    };
    let start = times.start_minute();
    let end = times.end_minute();
    let (clock_in, clock_out) = punch_minutes(punch, start);
    let raw = grade_window(punch, settings, (clock_in, clock_out), start, end);

    let midnight = punch.day.and_time(NaiveTime::MIN);
    let (from, to) = (
        midnight + Duration::minutes(start),
        midnight + Duration::minutes(end),
    );
    let spans: Vec<(i64, i64, Excuse)> = excuses
        .iter()
        .filter(|e| e.overlaps(from, to))
        .map(|e| {
            (
                (e.from - midnight).num_minutes(),
                (e.to - midnight).num_minutes(),
                *e,
            )
        })
        .collect();
    let Some(first) = spans.first().map(|s| s.2) else {
        return raw;
    };
    let covering = |m: i64| spans.iter().find(|(f, t, _)| *f <= m && m < *t);
    let (mut effective_start, mut start_excuse) = (start, None);
    while let Some((_, t, e)) = covering(effective_start) {
        effective_start = *t;
        start_excuse.get_or_insert(*e);
    }
    let (mut effective_end, mut end_excuse) = (end, None);
    while let Some((f, _, e)) = covering(effective_end - 1) {
        effective_end = *f;
        end_excuse.get_or_insert(*e);
    }
    let mark_excused = |f: Finding| {
        let by = match f.kind {
            FindingKind::EarlyLeave(_) | FindingKind::MissingClockOut => {
                end_excuse.or(start_excuse)
            }
            _ => start_excuse.or(end_excuse),
        };
        Finding {
            excused_by: Some(by.unwrap_or(first)),
            ..f
        }
    };
    if effective_start >= effective_end {
        return raw.into_iter().map(mark_excused).collect();
    }
    let effective = grade_window(
        punch,
        settings,
        (clock_in, clock_out),
        effective_start,
        effective_end,
    );
    let mut out: Vec<Finding> = raw
        .into_iter()
        .filter(|f| !effective.contains(f))
        .map(mark_excused)
        .collect();
    out.extend(effective);
    out
}

/// Grades the punches (minutes from midnight of the shift's date) against the shift
/// running from `start` to `end`.
fn grade_window(
    punch: &Punch,
    settings: &AttendanceSettings,
    (clock_in, clock_out): (Option<i64>, Option<i64>),
    start: i64,
    end: i64,
) -> Vec<Finding> {
    let finding = |kind, bracket, unwritten| Finding {
        day: punch.day,
        shift: punch.shift,
        kind,
        bracket,
        unwritten,
        excused_by: None,
    };
    if clock_in.is_none() && clock_out.is_none() {
        return vec![finding(FindingKind::NoPunches, Some(Bracket::Absent), None)];
    }
    let mut out = Vec::new();
    let missing = Some(settings.missing_punch_bracket);
    match clock_in {
        None => out.push(finding(
            FindingKind::MissingClockIn,
            missing,
            Some(Unwritten::MissingPunch),
        )),
        Some(arrived) => {
            if let Some((bracket, gap)) = settings.bracket(arrived - start) {
                out.push(finding(
                    FindingKind::Late(arrived - start),
                    Some(bracket),
                    gap.then_some(Unwritten::Gap),
                ));
            }
        }
    }
    match clock_out {
        None => out.push(finding(
            FindingKind::MissingClockOut,
            missing,
            Some(Unwritten::MissingPunch),
        )),
        Some(left) => {
            if let Some((bracket, gap)) = settings.bracket(end - left) {
                out.push(finding(
                    FindingKind::EarlyLeave(end - left),
                    Some(bracket),
                    gap.then_some(Unwritten::Gap),
                ));
            }
        }
    }
    // A shift is absent at most once: its absence replaces everything else on it.
    if let Some(absent) = out
        .iter()
        .find(|f| f.bracket == Some(Bracket::Absent))
        .copied()
    {
        return vec![absent];
    }
    out
}

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

/// Why a handover or an override is refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    /// A handover of 休息 or 请假.
    #[error("只有早班、中班、晚班需要交接")]
    NotAWorkedShift,
    /// A clerk accepting their own handover.
    #[error("不能接收自己的交接，请由下一班的同事接收")]
    OwnHandover,
    /// A handover accepted already.
    #[error("该交接已由 {0} 接收，不能再改")]
    AlreadyAccepted(String),
    /// An override by someone who is not a supervisor.
    #[error("只有主管可以授权非当班开单")]
    NotSupervisor,
    /// A supervisor allowing themself.
    #[error("主管不能给自己授权，请由另一位主管授权")]
    OwnOverride,
    /// No reason given.
    #[error("请填写{0}")]
    NoReason(&'static str),
}

/// One person's shift: what a handover, and the P20 detector, are keyed by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ShiftKey {
    /// 工号.
    pub staff_id: String,
    /// The day the shift starts.
    pub day: NaiveDate,
    /// The shift.
    pub shift: ShiftKind,
}

impl ShiftKey {
    /// "A01 11-03 早班".
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.staff_id,
            self.day.format("%m-%d"),
            self.shift.label()
        )
    }
}

/// What a shift took in by one payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTotal {
    /// 付款方式.
    pub payment: PaymentMethod,
    /// How many waybills.
    pub waybills: u32,
    /// Their totals (freight + premium + delivery fee), in yuan.
    pub total_yuan: Decimal,
}

/// The figures of a shift handover (上下班工作交接, DOMAIN.md §6): the clerk's waybills of
/// the shift (not void) by payment method. Only 现付 is money in the till; 提付, 月结 and
/// 回单付 are listed so the next clerk sees what the shift issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverSummary {
    /// Whose shift.
    pub key: ShiftKey,
    /// The waybills counted were issued from …
    pub from: NaiveDateTime,
    /// … until before this.
    pub to: NaiveDateTime,
    /// One total per payment method, every method, in the form's order.
    pub by_payment: Vec<PaymentTotal>,
}

impl HandoverSummary {
    /// Sums `waybills` (payment method and total of each) of the shift `key` issued in
    /// `from..to`.
    #[must_use]
    pub fn new(
        key: ShiftKey,
        (from, to): (NaiveDateTime, NaiveDateTime),
        waybills: &[(PaymentMethod, Decimal)],
    ) -> Self {
        let by_payment = PaymentMethod::ALL
            .iter()
            .map(|&payment| {
                let mine = waybills.iter().filter(|(p, _)| *p == payment);
                PaymentTotal {
                    payment,
                    waybills: u32::try_from(mine.clone().count()).unwrap_or(u32::MAX),
                    total_yuan: mine.map(|(_, total)| *total).sum(),
                }
            })
            .collect();
        Self {
            key,
            from,
            to,
            by_payment,
        }
    }

    /// The total of one payment method.
    #[must_use]
    pub fn total_of(&self, payment: PaymentMethod) -> Decimal {
        self.by_payment
            .iter()
            .find(|t| t.payment == payment)
            .map_or(Decimal::ZERO, |t| t.total_yuan)
    }

    /// Cash in the till: the 现付 total.
    #[must_use]
    pub fn cash_yuan(&self) -> Decimal {
        self.total_of(PaymentMethod::PayNow)
    }

    /// Everything the shift issued.
    #[must_use]
    pub fn total_yuan(&self) -> Decimal {
        self.by_payment.iter().map(|t| t.total_yuan).sum()
    }

    /// How many waybills the shift issued.
    #[must_use]
    pub fn waybill_count(&self) -> u32 {
        self.by_payment.iter().map(|t| t.waybills).sum()
    }
}

/// The span whose waybills a handover counts: the shift as scheduled, widened to the
/// clerk's punches when they came earlier or left later (waybills issued while they
/// stayed on belong to their shift). `None` for 休息 and 请假.
#[must_use]
pub fn handover_window(
    settings: &AttendanceSettings,
    key: &ShiftKey,
    punch: Option<&Punch>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (mut from, mut to) = settings.window(key.shift, key.day)?;
    if let Some(punch) = punch.filter(|p| p.shift == key.shift && p.day == key.day) {
        let (clock_in, clock_out) = punch.moments(settings);
        if let Some(clock_in) = clock_in {
            from = from.min(clock_in);
        }
        if let Some(clock_out) = clock_out {
            // Half-open: a waybill issued in the minute of the punch still counts.
            to = to.max(clock_out + Duration::minutes(1));
        }
    }
    Some((from, to))
}

/// What the clerk writes into a handover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandoverNotes {
    /// 未完成的问题: open problems.
    pub open_problems: String,
    /// 未通知的提货: consignees still to notify.
    pub open_notifications: String,
    /// 库存: the state of the stock.
    pub stock_note: String,
}

/// A recorded handover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// Row id, to accept it.
    pub id: i64,
    /// The figures, as computed when it was recorded.
    pub summary: HandoverSummary,
    /// What the clerk wrote.
    pub notes: HandoverNotes,
    /// When it was recorded.
    pub recorded_at: NaiveDateTime,
    /// 工号 of the clerk who accepted it (the next shift).
    pub accepted_by: Option<String>,
    /// When.
    pub accepted_at: Option<NaiveDateTime>,
}

impl Handover {
    /// Checks that `by` may accept it: someone else, not accepted yet.
    pub fn check_acceptance(&self, by: &str) -> Result<(), ShiftError> {
        if let Some(accepted) = &self.accepted_by {
            return Err(ShiftError::AlreadyAccepted(accepted.clone()));
        }
        if by.trim() == self.summary.key.staff_id {
            return Err(ShiftError::OwnHandover);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
