//! Tests of `domain::people::review`.

use super::*;
use crate::domain::money::format_yuan;
use crate::domain::people::attendance::ShiftKind;
use crate::domain::people::requests::RequestStatus;
use chrono::{NaiveDateTime, NaiveTime};
use std::str::FromStr;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
}

fn nov() -> Month {
    "2026-11".parse().unwrap()
}

/// A moment after every shift of November is over (the 晚班 of 11-30 ends 12-01 08:00).
fn after_nov() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 2)
        .unwrap()
        .and_time(NaiveTime::MIN)
}

fn clerk(id: &str, joined: NaiveDate, left: Option<NaiveDate>) -> Staff {
    Staff {
        id: id.into(),
        name: format!("员工{id}"),
        role: Role::Clerk,
        joined_on: Some(joined),
        left_on: left,
        base_salary_yuan: Decimal::from_str("4000").unwrap(),
    }
}

fn punch(id: &str, d: u32, shift: ShiftKind, clock_in: &str, clock_out: &str) -> Punch {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
    Punch {
        staff_id: id.into(),
        day: day(d),
        shift,
        clock_in: t(clock_in),
        clock_out: t(clock_out),
    }
}

fn event(id: &str, d: u32, code: &str, quantity: u32) -> PointEvent {
    PointEvent {
        staff_id: id.into(),
        day: day(d),
        code: EventCode::from_code(code).unwrap(),
        quantity,
        waybill_number: String::new(),
        note: String::new(),
        source: EventSource::Import,
        charge_yuan: None,
    }
}

/// Shifts on days 1..=n, all on time.
fn on_time(id: &str, days: std::ops::RangeInclusive<u32>) -> Vec<Punch> {
    days.map(|d| punch(id, d, ShiftKind::Early, "07:58", "20:02"))
        .collect()
}

fn review(staff: &[Staff], punches: &[Punch], events: &[PointEvent]) -> MonthReview {
    review_with(staff, punches, events, &AttendanceSettings::default())
}

fn review_with(
    staff: &[Staff],
    punches: &[Punch],
    events: &[PointEvent],
    settings: &AttendanceSettings,
) -> MonthReview {
    review_month(&ReviewInputs {
        month: nov(),
        staff,
        punches,
        events,
        rules: &RuleTable::default(),
        settings,
        requests: &[],
        departures: &[],
        schedule: &[],
        now: after_nov(),
    })
}

/// The month reviewed at `now`, with a schedule and nothing entered.
fn review_at(
    staff: &[Staff],
    punches: &[Punch],
    schedule: &[ScheduledShift],
    now: NaiveDateTime,
) -> MonthReview {
    review_month(&ReviewInputs {
        month: nov(),
        staff,
        punches,
        events: &[],
        rules: &RuleTable::default(),
        settings: &AttendanceSettings::default(),
        requests: &[],
        departures: &[],
        schedule,
        now,
    })
}

/// The `d`th of November at `hm`.
fn at_time(d: u32, hm: &str) -> NaiveDateTime {
    day(d).and_time(NaiveTime::parse_from_str(hm, "%H:%M").unwrap())
}

/// (rule, points, count, detail) of a person's items.
fn items(person: &PersonReview) -> Vec<(&str, i64, u32, &str)> {
    person
        .items
        .iter()
        .map(|i| (i.rule.code(), i.points, i.count, i.detail.as_str()))
        .collect()
}

fn long_ago() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

/// FORMATS.md's example: 6 short latenesses, −1, and B2 (no P deduction): 105.
#[test]
fn formats_example_six_short_latenesses() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=20);
    for d in 21..=26 {
        punches.push(punch("A01", d, ShiftKind::Early, "08:05", "20:00"));
    }
    let r = review(&staff, &punches, &[]);
    let person = &r.people[0];
    assert_eq!(
        items(person),
        [
            ("A4", -1, 6, "迟到早退10分钟内 6次"),
            ("B2", 6, 1, "当月无扣分")
        ]
    );
    assert_eq!(person.points, 105);
    assert_eq!(format_yuan(person.pay_yuan), "4200.00");
    assert_eq!(
        person.pay_date,
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
    );
}

/// A4 with 5 or fewer times is listed at 0 points, and costs the full attendance.
#[test]
fn a4_few_times_cost_nothing_but_full_attendance() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=20);
    punches.push(punch("A01", 21, ShiftKind::Early, "08:03", "20:00"));
    let r = review(&staff, &punches, &[]);
    assert_eq!(
        items(&r.people[0]),
        [
            ("A4", 0, 1, "迟到早退10分钟内 1次"),
            ("B2", 6, 1, "当月无扣分")
        ]
    );
}

/// A12: full attendance when nothing happened; B2 alongside.
#[test]
fn a12_full_attendance() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=26);
    punches.push(punch("A01", 27, ShiftKind::Rest, "", ""));
    let r = review(&staff, &punches, &[]);
    assert_eq!(
        items(&r.people[0]),
        [("A12", 5, 1, "全勤"), ("B2", 6, 1, "当月无扣分")]
    );
    assert_eq!(r.people[0].points, 111);
}

/// A12 is lost by leave, by leaving the post, and never given without a worked shift.
#[test]
fn a12_lost_by_leave_left_post_or_no_records() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut with_leave = on_time("A01", 1..=20);
    with_leave.push(punch("A01", 21, ShiftKind::Leave, "", ""));
    let r = review(&staff, &with_leave, &[]);
    assert!(!r.people[0].items.iter().any(|i| i.rule == Rule::A12));

    let r = review(&staff, &on_time("A01", 1..=20), &[event("A01", 3, "L", 30)]);
    assert!(!r.people[0].items.iter().any(|i| i.rule == Rule::A12));

    let r = review(&staff, &[], &[]);
    assert_eq!(items(&r.people[0]), [("B2", 6, 1, "当月无扣分")]);
}

/// A5, A6, A7 each per time; a shift without punches is A7; the gap is marked.
/// The reading of `AttendanceSettings::has_ended`: the review of the month seen
/// while a shift is running leaves that shift out — no 缺卡 before the clerk could
/// punch out, no absence before the shift is over — and grades it once it has ended.
#[test]
fn only_shifts_that_have_ended_are_graded() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=19);
    punches.push(punch("A01", 20, ShiftKind::Night, "19:58", ""));
    punches.push(punch("A01", 21, ShiftKind::Early, "08:00", ""));
    punches.push(punch("A01", 22, ShiftKind::Early, "", ""));
    let cases = [
        (
            "night shift running after midnight, today's early shift not begun",
            at_time(21, "07:00"),
            vec![("A12", 5, 1, "全勤"), ("B2", 6, 1, "当月无扣分")],
        ),
        (
            "night shift over, its clock-out missing; today's shift running",
            at_time(21, "12:00"),
            vec![
                ("A5", -2, 1, "缺卡 1次（条款未规定，按A5处理）"),
                ("B2", 6, 1, "当月无扣分"),
            ],
        ),
        (
            "today's shift over without its clock-out",
            at_time(21, "20:00"),
            vec![
                ("A5", -4, 2, "缺卡 2次（条款未规定，按A5处理）"),
                ("B2", 6, 1, "当月无扣分"),
            ],
        ),
        (
            "tomorrow's shift, over without punches: absence",
            after_nov(),
            vec![
                ("A5", -4, 2, "缺卡 2次（条款未规定，按A5处理）"),
                ("A7", -8, 1, "整班未打卡（旷工） 1次"),
                ("B2", 6, 1, "当月无扣分"),
            ],
        ),
    ];
    for (name, now, expected) in cases {
        let r = review_at(&staff, &punches, &[], now);
        assert_eq!(items(&r.people[0]), expected, "{name}");
    }
}

/// A scheduled shift with no clock-in row at all is absence (A7) once it has ended;
/// a day with a row is graded by its row; 休息 costs nothing.
#[test]
fn a_scheduled_shift_without_a_clock_in_row_is_absence_once_ended() {
    let staff = [clerk("A01", long_ago(), None)];
    let punches = on_time("A01", 1..=19);
    let plan = |d: u32, shift: ShiftKind| ScheduledShift {
        staff_id: "A01".into(),
        day: day(d),
        shift,
    };
    let schedule = [
        plan(19, ShiftKind::Early),
        plan(20, ShiftKind::Early),
        plan(21, ShiftKind::Rest),
        plan(22, ShiftKind::Night),
    ];
    let cases = [
        (
            "the 20th still running",
            at_time(20, "12:00"),
            vec![("A12", 5, 1, "全勤"), ("B2", 6, 1, "当月无扣分")],
        ),
        (
            "the 20th over without a row",
            at_time(20, "20:00"),
            vec![
                ("A7", -8, 1, "整班未打卡（旷工） 1次"),
                ("B2", 6, 1, "当月无扣分"),
            ],
        ),
        (
            "the night of the 22nd over too",
            after_nov(),
            vec![
                ("A7", -16, 2, "整班未打卡（旷工） 2次"),
                ("B2", 6, 1, "当月无扣分"),
            ],
        ),
    ];
    for (name, now, expected) in cases {
        let r = review_at(&staff, &punches, &schedule, now);
        assert_eq!(items(&r.people[0]), expected, "{name}");
    }
}

#[test]
fn a5_a6_a7_and_the_gap() {
    let staff = [clerk("A01", long_ago(), None)];
    let punches = [
        punch("A01", 2, ShiftKind::Early, "08:30", "20:00"),
        punch("A01", 3, ShiftKind::Early, "08:00", "18:30"),
        punch("A01", 4, ShiftKind::Early, "12:00", "20:00"),
        punch("A01", 5, ShiftKind::Early, "", ""),
        punch("A01", 6, ShiftKind::Early, "08:15", "20:00"),
        punch("A01", 7, ShiftKind::Early, "08:00", ""),
    ];
    let r = review(&staff, &punches, &[]);
    let person = &r.people[0];
    assert_eq!(
        items(person),
        [
            ("A4", 0, 1, "迟到早退10–20分钟 1次（条款未规定，按A4处理）"),
            (
                "A5",
                -4,
                2,
                "迟到早退20分钟至1小时 1次，缺卡 1次（条款未规定，按A5处理）"
            ),
            ("A6", -4, 1, "迟到早退1小时至3小时 1次"),
            (
                "A7",
                -16,
                2,
                "迟到早退3小时以上（旷工） 1次，整班未打卡（旷工） 1次"
            ),
            ("B2", 6, 1, "当月无扣分"),
        ]
    );
    assert!(person.items[0].needs_attention);
    assert!(person.items[1].needs_attention);
    assert!(!person.items[2].needs_attention);
    assert_eq!(
        person.items[3].evidence[1].text,
        "11-05 早班 整班未打卡（旷工）"
    );
    assert_eq!(person.points, 100 - 4 - 4 - 16 + 6);
}

/// The gap's bracket is a setting.
#[test]
fn gap_bracket_setting() {
    let staff = [clerk("A01", long_ago(), None)];
    let punches = [punch("A01", 6, ShiftKind::Early, "08:15", "20:00")];
    let settings = AttendanceSettings {
        gap_bracket: Bracket::Late,
        ..AttendanceSettings::default()
    };
    let r = review_with(&staff, &punches, &[], &settings);
    assert_eq!(
        items(&r.people[0])[0],
        ("A5", -2, 1, "迟到早退10–20分钟 1次（条款未规定，按A5处理）")
    );
}

/// A8–A10 from L events, in A order, with the minutes.
#[test]
fn a8_a9_a10_from_leaving_the_post() {
    let staff = [clerk("A01", long_ago(), None)];
    let events = [
        event("A01", 9, "L", 200),
        event("A01", 3, "L", 45),
        event("A01", 4, "L", 60),
        event("A01", 5, "L", 30),
    ];
    let r = review(&staff, &on_time("A01", 1..=5), &events);
    assert_eq!(
        items(&r.people[0]),
        [
            ("A8", -4, 2, "上班时间外出不足1小时 2次（45分钟、30分钟）"),
            ("A9", -4, 1, "上班时间外出1小时至3小时 1次（60分钟）"),
            ("A10", -8, 1, "上班时间外出3小时以上（旷工） 1次（200分钟）"),
            ("B2", 6, 1, "当月无扣分"),
        ]
    );
}

/// DOMAIN.md §7: counts multiply the rule's points; b cases right after their base.
#[test]
fn p_rules_multiply_by_count_in_rule_order() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut p8 = event("A01", 20, "P8", 1);
    p8.waybill_number = "GZ0001".into();
    p8.source = EventSource::Detected;
    let events = [
        event("A01", 2, "P16b", 2),
        event("A01", 2, "P2b", 1),
        event("A01", 3, "P2", 3),
        event("A01", 4, "P13", 1),
        p8,
        event("A01", 5, "B1", 1),
    ];
    let r = review(&staff, &[], &events);
    assert_eq!(
        items(&r.people[0]),
        [
            ("P2", -3, 3, "收货方错误 3票"),
            ("P2b", -2, 1, "收货方错误造成错误提货 1票"),
            ("P8", -1, 1, "未按报价表开单导致运费不够 1票：GZ0001"),
            ("P13", -5, 1, "与客户沟通中发火、咒骂 1次"),
            ("P16b", -6, 2, "未做单车跟单明细 2车"),
        ]
    );
    assert_eq!(r.people[0].points, 100 - 17);
}

/// B1 and B2 are exclusive: praise without deduction is B1 only; with a deduction,
/// neither.
#[test]
fn b1_b2_exclusivity() {
    let staff = [
        clerk("A01", long_ago(), None),
        clerk("A02", long_ago(), None),
        clerk("A03", long_ago(), None),
    ];
    let events = [
        event("A01", 5, "B1", 1),
        event("A02", 5, "B1", 1),
        event("A02", 6, "P1", 1),
    ];
    let r = review(&staff, &[], &events);
    assert_eq!(
        items(&r.people[0]),
        [("B1", 10, 1, "当月无扣分并获同事上级表扬")]
    );
    assert_eq!(
        items(&r.people[1]),
        [("P1", -1, 1, "未及时接待发货客户 1次")]
    );
    assert_eq!(items(&r.people[2]), [("B2", 6, 1, "当月无扣分")]);
    // Attendance deductions are not §7 deductions: B2 stays.
    let punches = [punch("A03", 2, ShiftKind::Early, "", "")];
    let r = review(&staff[2..], &punches, &[]);
    assert_eq!(r.people[0].items.last().unwrap().rule, Rule::B2);
}

/// DOMAIN.md §9: a joiner and a leaver mid-month are paid by the day; records outside
/// the employment and people outside the month are left out.
#[test]
fn joiners_and_leavers() {
    let staff = [
        clerk("B02", day(16), None),
        clerk("A01", long_ago(), Some(day(10))),
        clerk("C03", NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), None),
        clerk("C04", long_ago(), NaiveDate::from_ymd_opt(2026, 10, 31)),
    ];
    let mut punches = on_time("B02", 16..=30);
    // Before joining: not held against B02.
    punches.push(punch("B02", 10, ShiftKind::Early, "", ""));
    punches.extend(on_time("A01", 1..=10));
    // After leaving: not held against A01.
    punches.push(punch("A01", 12, ShiftKind::Early, "", ""));
    let r = review(&staff, &punches, &[event("A01", 20, "P19", 1)]);
    let ids: Vec<&str> = r.people.iter().map(|p| p.staff_id.as_str()).collect();
    assert_eq!(ids, ["A01", "B02"], "工号 order; C03 and C04 not employed");
    let (a01, b02) = (&r.people[0], &r.people[1]);
    assert_eq!((a01.days_employed, a01.points), (10, 111));
    assert_eq!(format_yuan(a01.pay_yuan), "1480.00");
    assert_eq!((b02.days_employed, b02.points), (15, 111));
    assert_eq!(format_yuan(b02.pay_yuan), "2220.00");
}

/// A person without a 入职日期 (a 工号 from a waybill import) is not reviewed.
#[test]
fn unknown_join_date_is_not_reviewed() {
    let mut staff = clerk("A01", long_ago(), None);
    staff.joined_on = None;
    assert!(review(&[staff], &[], &[]).people.is_empty());
}

/// Rule overrides change the review.
#[test]
fn overrides_apply() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut overrides = BTreeMap::new();
    overrides.insert(
        Rule::P1,
        crate::domain::people::points::RuleOverride {
            wording: Some("接待不及时".into()),
            points: Some(-3),
        },
    );
    let rules = RuleTable::with_overrides(&overrides);
    let events = [event("A01", 2, "P1", 2)];
    let r = review_month(&ReviewInputs {
        month: nov(),
        staff: &staff,
        punches: &[],
        events: &events,
        rules: &rules,
        settings: &AttendanceSettings::default(),
        requests: &[],
        departures: &[],
        schedule: &[],
        now: after_nov(),
    });
    assert_eq!(items(&r.people[0]), [("P1", -6, 2, "接待不及时 2次")]);
}

fn at(d: u32, hm: &str) -> NaiveDateTime {
    day(d).and_time(NaiveTime::parse_from_str(hm, "%H:%M").unwrap())
}

fn request(
    kind: RequestKind,
    from: NaiveDateTime,
    to: NaiveDateTime,
    status: RequestStatus,
) -> AttendanceRequest {
    AttendanceRequest {
        staff_id: "A01".into(),
        kind,
        from,
        to,
        reason: "事由".into(),
        status,
        decided_by: Some("S01".into()),
        decided_at: None,
    }
}

fn review_full(
    staff: &[Staff],
    punches: &[Punch],
    events: &[PointEvent],
    requests: &[AttendanceRequest],
    departures: &[Departure],
) -> MonthReview {
    review_month(&ReviewInputs {
        month: nov(),
        staff,
        punches,
        events,
        rules: &RuleTable::default(),
        settings: &AttendanceSettings::default(),
        requests,
        departures,
        schedule: &[],
        now: after_nov(),
    })
}

/// DOMAIN.md §8 row 11: an approved 请假 excuses the absence it covers, which the
/// review lists as 「已批请假，不扣分」, and costs A12; a pending or rejected one does
/// not count as leave.
#[test]
fn approved_leave_excuses_absence_but_costs_full_attendance() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=20);
    punches.push(punch("A01", 21, ShiftKind::Early, "", ""));
    let leave = |status| request(RequestKind::Leave, at(21, "00:00"), at(22, "00:00"), status);

    let r = review_full(
        &staff,
        &punches,
        &[],
        &[leave(RequestStatus::Approved)],
        &[],
    );
    assert_eq!(
        items(&r.people[0]),
        [
            ("A7", 0, 0, "已批请假 1次（不扣分）"),
            ("B2", 6, 1, "当月无扣分")
        ]
    );
    assert_eq!(
        r.people[0].items[0].evidence[0].text,
        "11-21 早班 整班未打卡（旷工）（已批请假 11-21 00:00–11-22 00:00，不扣分）"
    );
    assert_eq!(r.people[0].points, 106, "no A12: leave was taken");

    for status in [RequestStatus::Pending, RequestStatus::Rejected] {
        let r = review_full(&staff, &punches, &[], &[leave(status)], &[]);
        assert_eq!(
            items(&r.people[0])[0],
            ("A7", -8, 1, "整班未打卡（旷工） 1次"),
            "{status:?}"
        );
    }
    // Someone else's approved leave excuses nothing of A01's.
    let mut theirs = leave(RequestStatus::Approved);
    theirs.staff_id = "A02".into();
    let r = review_full(&staff, &punches, &[], &[theirs], &[]);
    assert_eq!(r.people[0].items[0].points, -8);
}

/// Lateness beyond an approved morning leave counts from the leave's end; a leave
/// in the middle of a shift excuses nothing but still costs A12.
#[test]
fn partial_leave_counts_from_its_end() {
    let staff = [clerk("A01", long_ago(), None)];
    let mut punches = on_time("A01", 1..=20);
    punches.push(punch("A01", 21, ShiftKind::Early, "12:05", "20:00"));
    let morning = request(
        RequestKind::Leave,
        at(21, "08:00"),
        at(21, "12:00"),
        RequestStatus::Approved,
    );
    let r = review_full(&staff, &punches, &[], &[morning], &[]);
    assert_eq!(
        items(&r.people[0]),
        [
            ("A4", 0, 1, "迟到早退10分钟内 1次"),
            ("A7", 0, 0, "已批请假 1次（不扣分）"),
            ("B2", 6, 1, "当月无扣分")
        ]
    );

    let midday = request(
        RequestKind::Leave,
        at(5, "12:00"),
        at(5, "14:00"),
        RequestStatus::Approved,
    );
    let r = review_full(&staff, &on_time("A01", 1..=20), &[], &[midday], &[]);
    assert_eq!(items(&r.people[0]), [("B2", 6, 1, "当月无扣分")]);
}

/// An approved 外出 excuses the `L` events of its day up to its minutes; what remains
/// is graded. A wholly excused `L` does not cost A12.
#[test]
fn approved_outing_excuses_leaving_the_post_up_to_its_minutes() {
    let staff = [clerk("A01", long_ago(), None)];
    let punches = on_time("A01", 1..=20);
    let outing = |d: u32, from: &str, to: &str| {
        request(
            RequestKind::Outing,
            at(d, from),
            at(d, to),
            RequestStatus::Approved,
        )
    };

    let r = review_full(
        &staff,
        &punches,
        &[event("A01", 3, "L", 45)],
        &[outing(3, "10:00", "11:00")],
        &[],
    );
    assert_eq!(
        items(&r.people[0]),
        [
            ("A8", 0, 0, "已批外出 1次（不扣分）"),
            ("A12", 5, 1, "全勤"),
            ("B2", 6, 1, "当月无扣分")
        ]
    );
    assert_eq!(
        r.people[0].items[0].evidence[0].text,
        "11-03 L 外出45分钟（导入）（已批外出，不扣分）"
    );

    // 90 minutes away, 60 approved: 30 count (A8 instead of A9).
    let r = review_full(
        &staff,
        &punches,
        &[event("A01", 3, "L", 90)],
        &[outing(3, "10:00", "11:00")],
        &[],
    );
    assert_eq!(
        items(&r.people[0])[0],
        (
            "A8",
            -2,
            1,
            "上班时间外出不足1小时 1次（30分钟（另60分钟已批外出））"
        )
    );
    assert!(!r.people[0].items.iter().any(|i| i.rule == Rule::A12));

    // One outing's minutes are used once, by the day's events in order; another
    // day's outing excuses nothing.
    let r = review_full(
        &staff,
        &punches,
        &[
            event("A01", 3, "L", 40),
            event("A01", 3, "L", 40),
            event("A01", 4, "L", 30),
        ],
        &[outing(3, "10:00", "11:00"), outing(5, "10:00", "11:00")],
        &[],
    );
    assert_eq!(
        items(&r.people[0])[0],
        (
            "A8",
            -4,
            2,
            "上班时间外出不足1小时 2次（20分钟（另20分钟已批外出）、30分钟），已批外出 1次（不扣分）"
        )
    );
    // Pending outings excuse nothing.
    let mut pending = outing(3, "10:00", "11:00");
    pending.status = RequestStatus::Pending;
    let r = review_full(
        &staff,
        &punches,
        &[event("A01", 3, "L", 45)],
        &[pending],
        &[],
    );
    assert_eq!(items(&r.people[0])[0].1, -2);
}

/// DOMAIN.md §9: an approved resignation ends 15 days after approval and is paid on
/// day 16; leaving without approval does not pay the last day; dismissal pays every
/// day. A recorded departure's last day is the leave date.
#[test]
fn departures_set_days_and_pay_date() {
    let staff = [
        clerk("A01", long_ago(), None),
        clerk("A02", long_ago(), None),
        clerk("A03", long_ago(), Some(day(30))),
        clerk("A04", day(12), None),
    ];
    let mut punches = on_time("A01", 1..=30);
    punches.extend(on_time("A02", 1..=12));
    punches.extend(on_time("A03", 1..=12));
    let departures = [
        Departure::resignation("A01", day(1), day(5)).unwrap(),
        Departure::without_approval("A02", None, day(12)),
        Departure::dismissal("A03", day(12)),
        Departure::without_approval("A04", None, day(12)),
    ];
    let r = review_full(&staff, &punches, &[], &[], &departures);
    let rows: Vec<(&str, u32, i64, String, String)> = r
        .people
        .iter()
        .map(|p| {
            (
                p.staff_id.as_str(),
                p.days_employed,
                p.points,
                format_yuan(p.pay_yuan),
                p.pay_date.to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "A01",
                20,
                111,
                "2960.00".to_owned(),
                "2026-11-21".to_owned()
            ),
            (
                "A02",
                11,
                111,
                "1628.00".to_owned(),
                "2026-12-31".to_owned()
            ),
            (
                "A03",
                12,
                111,
                "1776.00".to_owned(),
                "2026-12-31".to_owned()
            ),
            ("A04", 0, 106, "0.00".to_owned(), "2026-12-31".to_owned()),
        ]
    );
    // The clock-in records after the last day are not held against A01.
    let mut late = punches.clone();
    late.push(punch("A01", 25, ShiftKind::Early, "", ""));
    let r = review_full(&staff, &late, &[], &[], &departures);
    assert_eq!(r.people[0].points, 111);
}
