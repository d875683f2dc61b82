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
//!   [`crate::domain::people::requests`].
//! - **On duty**: the monthly schedule (排班, [`ScheduledShift`]) and the clock-in
//!   records together are the schedule (a record may be entered before it has punches);
//!   a shift in either puts its clerk on duty. A clerk is on duty from [`AttendanceSettings::duty_grace_minutes`]
//!   (30) before their shift starts until as long after it ends; see [`duty_status`].
//! - **Handover figures** count the clerk's waybills issued during the shift, widened to
//!   their actual punches (see [`handover_window`]). A handover recorded but not yet
//!   accepted by the next clerk counts as done: the clerk did their part.

mod duty;
mod grading;
mod handover;
mod settings;

pub use duty::{DutyOverride, OnDuty, duty_status, on_duty};
pub use grading::{
    Finding, FindingKind, Punch, ScheduledShift, Unwritten, grade_shift, grade_shift_excused,
    short_lateness_steps, unpunched_shifts,
};
pub use handover::{
    Handover, HandoverNotes, HandoverSummary, PaymentTotal, ShiftError, ShiftKey, handover_window,
};
pub use settings::{
    AttendanceDraft, AttendanceField, AttendanceSettings, Bracket, ShiftKind, ShiftTimes,
    WORKED_SHIFTS,
};

/// Minutes in a day.
const DAY_MINUTES: i64 = 24 * 60;

#[cfg(test)]
mod duty_tests;
#[cfg(test)]
mod tests;
