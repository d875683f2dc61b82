//! Attendance (考勤, DOMAIN.md §8 and FORMATS.md "Clock-in records"): shifts, clock-in
//! records (打卡), and how each shift is graded into the attendance rules A4–A7, leaving
//! the post (`L` events) into A8–A10.
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

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::domain::points::Rule;

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
    /// The bracket it is graded in; `None` for leave.
    pub bracket: Option<Bracket>,
    /// Set when graded by a reading of a case the text does not cover.
    pub unwritten: Option<Unwritten>,
}

impl Finding {
    /// The finding in words, for the review's evidence: "11-03 早班 迟到 7 分钟".
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
        format!("{} {} {what}", self.day.format("%m-%d"), self.shift.label())
    }
}

fn minute_of_day(time: NaiveTime) -> i64 {
    i64::from(time.hour() * 60 + time.minute())
}

/// Grades one clock-in record (see the module's readings). Rest days give nothing,
/// leave gives [`FindingKind::OnLeave`]; punches on those days are not graded.
#[must_use]
pub fn grade_shift(punch: &Punch, settings: &AttendanceSettings) -> Vec<Finding> {
    let finding = |kind, bracket, unwritten| Finding {
        day: punch.day,
        shift: punch.shift,
        kind,
        bracket,
        unwritten,
    };
    let Some(times) = settings.times(punch.shift) else {
        return if punch.shift == ShiftKind::Leave {
            vec![finding(FindingKind::OnLeave, None, None)]
        } else {
            Vec::new()
        };
    };
    let start = times.start_minute();
    let end = times.end_minute();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Option<NaiveTime> {
        if text.is_empty() {
            None
        } else {
            Some(NaiveTime::parse_from_str(text, "%H:%M").unwrap())
        }
    }

    fn punch(shift: ShiftKind, clock_in: &str, clock_out: &str) -> Punch {
        Punch {
            staff_id: "A01".into(),
            day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            shift,
            clock_in: t(clock_in),
            clock_out: t(clock_out),
        }
    }

    /// The findings of a shift as (kind, bracket, unwritten) triples.
    fn grade(
        shift: ShiftKind,
        clock_in: &str,
        clock_out: &str,
    ) -> Vec<(FindingKind, Option<Bracket>, Option<Unwritten>)> {
        grade_shift(
            &punch(shift, clock_in, clock_out),
            &AttendanceSettings::default(),
        )
        .into_iter()
        .map(|f| (f.kind, f.bracket, f.unwritten))
        .collect()
    }

    use Bracket::{Absent, Late, ShortLate, VeryLate};
    use FindingKind::{EarlyLeave, Late as LateBy, MissingClockIn, MissingClockOut, NoPunches};
    use ShiftKind::{Early, Leave, Middle, Night, Rest};

    /// DOMAIN.md §8 rows 4–7 and the readings of the gap and the boundaries.
    #[test]
    fn brackets_of_lateness() {
        let s = AttendanceSettings::default();
        let cases = [
            ("on time", 0, None),
            ("row 4: 1 minute", 1, Some((ShortLate, false))),
            ("row 4: 10 minutes", 10, Some((ShortLate, false))),
            ("gap: 11 minutes", 11, Some((ShortLate, true))),
            ("gap: 19 minutes", 19, Some((ShortLate, true))),
            ("row 5: 20 minutes", 20, Some((Late, false))),
            ("row 5: exactly 1 hour", 60, Some((Late, false))),
            ("row 6: 61 minutes", 61, Some((VeryLate, false))),
            ("row 6: exactly 3 hours", 180, Some((VeryLate, false))),
            ("row 7: over 3 hours", 181, Some((Absent, false))),
        ];
        for (name, minutes, expected) in cases {
            assert_eq!(s.bracket(minutes), expected, "{name}");
        }
        let gap_as_a5 = AttendanceSettings {
            gap_bracket: Late,
            ..AttendanceSettings::default()
        };
        assert_eq!(gap_as_a5.bracket(15), Some((Late, true)), "gap setting");
    }

    /// DOMAIN.md §8 row 4: "超过5次扣1分，超过10次2分，5次1分叠加" = −floor((n−1)/5).
    #[test]
    fn row_4_short_lateness_counting() {
        let cases = [
            (0, 0),
            (1, 0),
            (5, 0),
            (6, 1),
            (10, 1),
            (11, 2),
            (15, 2),
            (16, 3),
            (21, 4),
        ];
        for (times, steps) in cases {
            assert_eq!(short_lateness_steps(times), steps, "{times} times");
            if times > 0 {
                assert_eq!(i64::from(steps), (i64::from(times) - 1) / 5, "formula");
            }
        }
    }

    /// DOMAIN.md §8 rows 8–10 and the readings at exactly 1 and 3 hours.
    #[test]
    fn rows_8_to_10_leaving_the_post() {
        let s = AttendanceSettings::default();
        let cases = [
            ("row 8: 1 minute", 1, Rule::A8),
            ("row 8: 45 minutes", 45, Rule::A8),
            ("row 8: 59 minutes", 59, Rule::A8),
            ("row 9: exactly 1 hour", 60, Rule::A9),
            ("row 9: 179 minutes", 179, Rule::A9),
            ("row 10: exactly 3 hours", 180, Rule::A10),
            ("row 10: 5 hours", 300, Rule::A10),
        ];
        for (name, minutes, rule) in cases {
            assert_eq!(s.left_post_rule(minutes), rule, "{name}");
        }
    }

    #[test]
    fn grading_of_shifts() {
        type Expected = Vec<(FindingKind, Option<Bracket>, Option<Unwritten>)>;
        let cases: [(&str, ShiftKind, &str, &str, Expected); 21] = [
            ("early shift on time", Early, "07:55", "20:01", vec![]),
            (
                "late 5",
                Early,
                "08:05",
                "20:00",
                vec![(LateBy(5), Some(ShortLate), None)],
            ),
            (
                "late 15: the gap, marked",
                Early,
                "08:15",
                "20:00",
                vec![(LateBy(15), Some(ShortLate), Some(Unwritten::Gap))],
            ),
            (
                "late 30",
                Early,
                "08:30",
                "20:00",
                vec![(LateBy(30), Some(Late), None)],
            ),
            (
                "late and early are two times",
                Early,
                "08:03",
                "19:58",
                vec![
                    (LateBy(3), Some(ShortLate), None),
                    (EarlyLeave(2), Some(ShortLate), None),
                ],
            ),
            (
                "early leave 2 h",
                Early,
                "08:00",
                "18:00",
                vec![(EarlyLeave(120), Some(VeryLate), None)],
            ),
            (
                "late over 3 h is absence",
                Early,
                "11:01",
                "20:00",
                vec![(LateBy(181), Some(Absent), None)],
            ),
            (
                "one absence per shift",
                Early,
                "12:00",
                "16:00",
                vec![(LateBy(240), Some(Absent), None)],
            ),
            (
                "no punches: absence",
                Early,
                "",
                "",
                vec![(NoPunches, Some(Absent), None)],
            ),
            (
                "missing clock-out: the setting, marked",
                Early,
                "08:00",
                "",
                vec![(MissingClockOut, Some(Late), Some(Unwritten::MissingPunch))],
            ),
            (
                "missing clock-out, late arrival still graded",
                Early,
                "08:40",
                "",
                vec![
                    (LateBy(40), Some(Late), None),
                    (MissingClockOut, Some(Late), Some(Unwritten::MissingPunch)),
                ],
            ),
            (
                "missing clock-in: the setting, marked",
                Early,
                "",
                "20:00",
                vec![(MissingClockIn, Some(Late), Some(Unwritten::MissingPunch))],
            ),
            (
                "night shift crossing midnight on time",
                Night,
                "19:58",
                "08:10",
                vec![],
            ),
            (
                "night shift: 07:55 next day is 5 minutes early",
                Night,
                "20:00",
                "07:55",
                vec![(EarlyLeave(5), Some(ShortLate), None)],
            ),
            (
                "night shift: clock-in after midnight is on the next day",
                Night,
                "00:30",
                "08:00",
                vec![(LateBy(270), Some(Absent), None)],
            ),
            (
                "night shift: clock-out missing clock-in, next day",
                Night,
                "",
                "07:50",
                vec![
                    (MissingClockIn, Some(Late), Some(Unwritten::MissingPunch)),
                    (EarlyLeave(10), Some(ShortLate), None),
                ],
            ),
            (
                "middle shift ending at 24:00, out 00:05",
                Middle,
                "12:00",
                "00:05",
                vec![],
            ),
            (
                "middle shift out 23:50 is 10 early",
                Middle,
                "11:59",
                "23:50",
                vec![(EarlyLeave(10), Some(ShortLate), None)],
            ),
            ("rest day: nothing", Rest, "", "", vec![]),
            (
                "rest day punches are not graded",
                Rest,
                "09:00",
                "10:00",
                vec![],
            ),
            (
                "leave",
                Leave,
                "",
                "",
                vec![(FindingKind::OnLeave, None, None)],
            ),
        ];
        for (name, shift, clock_in, clock_out, expected) in cases {
            assert_eq!(grade(shift, clock_in, clock_out), expected, "{name}");
        }
    }

    #[test]
    fn shift_times_and_labels() {
        let s = AttendanceSettings::default();
        let spans: Vec<(i64, i64)> = [Early, Middle, Night]
            .into_iter()
            .map(|k| {
                let times = s.times(k).unwrap();
                (times.start_minute(), times.end_minute())
            })
            .collect();
        assert_eq!(spans, [(480, 1200), (720, 1440), (1200, 1920)]);
        assert_eq!(s.times(Rest), None);
        for kind in ShiftKind::ALL {
            assert_eq!(ShiftKind::from_label(kind.label()), Some(kind));
        }
        assert_eq!(
            grade_shift(&punch(Early, "08:07", "20:00"), &s)[0].describe(),
            "11-03 早班 迟到 7 分钟"
        );
    }
}
