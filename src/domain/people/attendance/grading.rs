//! Clock-in records (打卡), the schedule, and the grading of each worked shift into
//! findings (late, early, missing punch, absence), excused by approved requests.

use super::DAY_MINUTES;
use super::{AttendanceSettings, Bracket, ShiftKind};
use crate::domain::people::requests::Excuse;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

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

pub(super) fn minute_of_day(time: NaiveTime) -> i64 {
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
