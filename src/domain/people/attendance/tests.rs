//! Tests of `domain::people::attendance`.

use super::*;
use crate::domain::people::points::Rule;
use crate::domain::people::requests::{Excuse, RequestKind};
use crate::testing::at;
use chrono::Datelike;
use chrono::{NaiveDate, NaiveTime};

fn t(text: &str) -> Option<NaiveTime> {
    if text.is_empty() {
        None
    } else {
        Some(NaiveTime::parse_from_str(text, "%H:%M").unwrap())
    }
}

pub(super) fn punch(shift: ShiftKind, clock_in: &str, clock_out: &str) -> Punch {
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

fn excuse(kind: RequestKind, from: &str, to: &str) -> Excuse {
    Excuse {
        kind,
        from: at(from),
        to: at(to),
    }
}

/// (kind, bracket, unwritten, excused by) of a finding.
type Graded = (
    FindingKind,
    Option<Bracket>,
    Option<Unwritten>,
    Option<RequestKind>,
);

/// A shift graded with excuses.
fn grade_excused(
    shift: ShiftKind,
    clock_in: &str,
    clock_out: &str,
    excuses: &[Excuse],
) -> Vec<Graded> {
    grade_shift_excused(
        &punch(shift, clock_in, clock_out),
        &AttendanceSettings::default(),
        excuses,
    )
    .into_iter()
    .map(|f| (f.kind, f.bracket, f.unwritten, f.excused_by.map(|e| e.kind)))
    .collect()
}

/// DOMAIN.md §8 row 11 and the readings of `grade_shift_excused`: approved 请假 and
/// 外出 excuse what lies inside them; what lies outside still counts.
#[test]
fn approved_leave_and_outings_excuse_what_they_cover() {
    use RequestKind::{Leave as L, Outing as O};
    type Case<'a> = (
        &'a str,
        ShiftKind,
        &'a str,
        &'a str,
        &'a [Excuse],
        Vec<Graded>,
    );
    let day_leave = [excuse(L, "2026-11-03 00:00", "2026-11-04 00:00")];
    let morning = [excuse(L, "2026-11-03 08:00", "2026-11-03 12:00")];
    let evening = [excuse(L, "2026-11-03 18:00", "2026-11-03 20:00")];
    let cases: [Case<'_>; 13] = [
        (
            "whole day on leave: the absence is excused",
            Early,
            "",
            "",
            &day_leave,
            vec![(NoPunches, Some(Absent), None, Some(L))],
        ),
        (
            "morning leave, arrived at its end: excused",
            Early,
            "11:50",
            "20:00",
            &morning,
            vec![(LateBy(230), Some(Absent), None, Some(L))],
        ),
        (
            "morning leave, 5 minutes late after it: A4 counted from its end",
            Early,
            "12:05",
            "20:00",
            &morning,
            vec![
                (LateBy(245), Some(Absent), None, Some(L)),
                (LateBy(5), Some(ShortLate), None, None),
            ],
        ),
        (
            "morning leave, but the clock-in is missing: still a missing punch",
            Early,
            "",
            "20:00",
            &morning,
            vec![(
                MissingClockIn,
                Some(Late),
                Some(Unwritten::MissingPunch),
                None,
            )],
        ),
        (
            "evening leave, left at its start: excused",
            Early,
            "08:00",
            "18:00",
            &evening,
            vec![(EarlyLeave(120), Some(VeryLate), None, Some(L))],
        ),
        (
            "evening leave, left 30 minutes before it: A5",
            Early,
            "08:00",
            "17:30",
            &evening,
            vec![
                (EarlyLeave(150), Some(VeryLate), None, Some(L)),
                (EarlyLeave(30), Some(Late), None, None),
            ],
        ),
        (
            "leave in the middle of the shift excuses no punch",
            Early,
            "08:00",
            "20:00",
            &[excuse(L, "2026-11-03 12:00", "2026-11-03 14:00")],
            vec![],
        ),
        (
            "leave of another day changes nothing",
            Early,
            "08:30",
            "20:00",
            &[excuse(L, "2026-11-04 08:00", "2026-11-04 12:00")],
            vec![(LateBy(30), Some(Late), None, None)],
        ),
        (
            "approved outing on business at the start of the shift",
            Early,
            "09:00",
            "20:00",
            &[excuse(O, "2026-11-03 08:00", "2026-11-03 09:00")],
            vec![(LateBy(60), Some(Late), None, Some(O))],
        ),
        (
            "leave then outing, back to back, excuse together",
            Early,
            "11:00",
            "20:00",
            &[
                excuse(O, "2026-11-03 10:00", "2026-11-03 11:00"),
                excuse(L, "2026-11-03 08:00", "2026-11-03 10:00"),
            ],
            vec![(LateBy(180), Some(VeryLate), None, Some(L))],
        ),
        (
            "night shift on leave across midnight: the absence is excused",
            Night,
            "",
            "",
            &[excuse(L, "2026-11-03 20:00", "2026-11-04 08:00")],
            vec![(NoPunches, Some(Absent), None, Some(L))],
        ),
        (
            "night shift, leave after midnight, left at its start",
            Night,
            "19:58",
            "02:00",
            &[excuse(L, "2026-11-04 02:00", "2026-11-04 08:00")],
            vec![(EarlyLeave(360), Some(Absent), None, Some(L))],
        ),
        (
            "night shift, leave after midnight, left an hour before it",
            Night,
            "19:58",
            "01:00",
            &[excuse(L, "2026-11-04 02:00", "2026-11-04 08:00")],
            vec![
                (EarlyLeave(420), Some(Absent), None, Some(L)),
                (EarlyLeave(60), Some(Late), None, None),
            ],
        ),
    ];
    for (name, shift, clock_in, clock_out, excuses, expected) in cases {
        assert_eq!(
            grade_excused(shift, clock_in, clock_out, excuses),
            expected,
            "{name}"
        );
    }
    let excused = grade_shift_excused(
        &punch(Early, "11:50", "20:00"),
        &AttendanceSettings::default(),
        &morning,
    );
    assert_eq!(
        excused[0].describe(),
        "11-03 早班 迟到 230 分钟（已批请假 11-03 08:00–12:00，不扣分）"
    );
    assert!(!excused[0].counts());
}

/// DOMAIN.md §8's shifts and rows 4–7 as the supervisor edits them: the defaults
/// round-trip, changed times and brackets are taken, what the form hides is kept.
#[test]
fn attendance_form_shifts_and_brackets() {
    use AttendanceField::{End, LateFrom, LateMax, ShortMax, Start, VeryLateMax};
    type Case = (&'static str, fn(&mut AttendanceDraft), Vec<AttendanceField>);
    let s = AttendanceSettings::default();
    let draft = AttendanceDraft::new(&s);
    assert_eq!(
        draft.shifts.clone().map(|(a, b)| format!("{a}–{b}")),
        ["08:00–20:00", "12:00–00:00", "20:00–08:00"],
        "DOMAIN §8 defaults"
    );
    assert_eq!(draft.validate(), Ok(s.clone()), "defaults round-trip");

    let mut changed = draft.clone();
    changed.shifts[0] = ("07:30".into(), "19:30".into());
    changed.shifts[1] = ("12:00".into(), "24:00".into());
    changed.short_max_minutes = "5".into();
    changed.late_from_minutes = "6".into();
    changed.gap_bracket = Late;
    changed.base.short_free_times = 3;
    let saved = changed.validate().unwrap();
    assert_eq!(saved.early.start_minute(), 450);
    assert_eq!(saved.early.end_minute(), 1170);
    assert_eq!(saved.middle.end_minute(), 1440, "24:00 is midnight");
    assert_eq!(saved.bracket(5), Some((ShortLate, false)));
    assert_eq!(saved.bracket(6), Some((Late, false)), "no gap left");
    assert_eq!(saved.short_free_times, 3, "kept from the base");

    let cases: [Case; 6] = [
        (
            "not a time",
            |d| d.shifts[0].0 = "8点".into(),
            vec![Start(Early)],
        ),
        (
            "end equals start",
            |d| d.shifts[2].1 = "20:00".into(),
            vec![End(Night)],
        ),
        (
            "A4 上限 0",
            |d| d.short_max_minutes = "0".into(),
            vec![ShortMax],
        ),
        (
            "A5 起 not above A4",
            |d| d.late_from_minutes = "10".into(),
            vec![LateFrom],
        ),
        (
            "A5 上限 below its start",
            |d| d.late_max_minutes = "15".into(),
            vec![LateMax],
        ),
        (
            "A6 上限 not above A5",
            |d| d.very_late_max_minutes = "abc".into(),
            vec![VeryLateMax],
        ),
    ];
    for (name, change, fields) in cases {
        let mut d = draft.clone();
        change(&mut d);
        let errors: Vec<AttendanceField> = d
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(errors, fields, "{name}");
    }
}

/// The reading of `unpunched_shifts`: a scheduled worked shift without any
/// clock-in row of that person and day is a record without punches (absence once
/// graded); any row of that day takes the schedule's place; 休息 gives nothing.
#[test]
fn a_scheduled_shift_without_a_clock_in_row_is_absence() {
    let plan = |d: u32, shift: ShiftKind| ScheduledShift {
        staff_id: "A01".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
        shift,
    };
    let schedule = [
        plan(3, Early),
        plan(4, Early),
        plan(5, Rest),
        plan(6, Night),
        ScheduledShift {
            staff_id: "A02".into(),
            ..plan(3, Middle)
        },
    ];
    let punches = [
        punch(Early, "08:00", "20:00"),
        Punch {
            day: NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
            ..punch(Middle, "12:00", "")
        },
    ];
    let days: Vec<(String, u32, ShiftKind)> = unpunched_shifts(&schedule, &punches)
        .into_iter()
        .map(|p| (p.staff_id, p.day.day(), p.shift))
        .collect();
    assert_eq!(
        days,
        [("A01".to_owned(), 4, Early), ("A02".to_owned(), 3, Middle)],
        "11-03 punched; 11-05 休息; 11-06 swapped to 中班 by its row"
    );
    let graded = grade_shift(&plan(4, Early).as_record(), &AttendanceSettings::default());
    assert_eq!(graded[0].kind, NoPunches);
    assert_eq!(graded[0].bracket, Some(Absent));
}

/// Only shifts that are over are graded: each shift from its end, the night shift
/// the next morning, 休息 and 请假 at the end of their day.
#[test]
fn only_shifts_that_have_ended_are_graded() {
    let s = AttendanceSettings::default();
    let cases = [
        ("early, running", Early, "2026-11-03 19:59", false),
        ("early, at its end", Early, "2026-11-03 20:00", true),
        ("early, the next day", Early, "2026-11-04 09:00", true),
        ("middle, before midnight", Middle, "2026-11-03 23:59", false),
        ("middle, at midnight", Middle, "2026-11-04 00:00", true),
        ("night, the same evening", Night, "2026-11-03 23:00", false),
        ("night, after midnight", Night, "2026-11-04 07:59", false),
        ("night, at 08:00 next day", Night, "2026-11-04 08:00", true),
        ("rest, during the day", Rest, "2026-11-03 12:00", false),
        ("rest, the next day", Rest, "2026-11-04 00:00", true),
        ("leave, during the day", Leave, "2026-11-03 12:00", false),
        ("leave, the next day", Leave, "2026-11-04 00:00", true),
        ("a day before it", Early, "2026-11-02 21:00", false),
    ];
    for (name, shift, now, expected) in cases {
        assert_eq!(
            punch(shift, "08:00", "").has_ended(&s, at(now)),
            expected,
            "{name}"
        );
    }
    let moved = AttendanceSettings {
        early: ShiftTimes {
            start: ShiftTimes::hm(7, 0),
            end: ShiftTimes::hm(19, 0),
        },
        ..AttendanceSettings::default()
    };
    assert!(
        moved.has_ended(Early, punch(Early, "", "").day, at("2026-11-03 19:00")),
        "the shift times are the settings'"
    );
}
