//! Shifts and their times, the lateness brackets, and the attendance settings as saved
//! and as typed (考勤).

use super::DAY_MINUTES;
use super::grading::minute_of_day;
use crate::domain::people::points::Rule;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

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
    pub(super) fn hm(hour: u32, minute: u32) -> NaiveTime {
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
