//! Tests of `domain::people`.

use super::*;
use crate::testing::day;
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn staff(joined: Option<&str>, left: Option<&str>) -> Staff {
    Staff {
        id: "A01".into(),
        name: "张三".into(),
        role: Role::Clerk,
        joined_on: joined.map(day),
        left_on: left.map(day),
        base_salary_yuan: d("4000"),
    }
}

#[test]
fn month_parses_exactly_yyyy_mm() {
    assert_eq!(month("2026-11").to_string(), "2026-11");
    assert_eq!(month("2024-02").days(), 29);
    assert_eq!(month("2026-02").days(), 28);
    for bad in [
        "2026-13",
        "2026-00",
        "2026-1",
        "26-11",
        "2026/11",
        "2026-11-01",
        "",
        "２０２６-11",
    ] {
        assert!(Month::from_str(bad).is_err(), "{bad}");
    }
}

#[test]
fn pay_date_is_the_last_day_of_the_following_month() {
    let cases = [
        ("2026-11", "2026-12-31"),
        ("2026-12", "2027-01-31"),
        ("2027-01", "2027-02-28"),
        ("2024-01", "2024-02-29"),
        ("2026-08", "2026-09-30"),
    ];
    for (m, pay) in cases {
        assert_eq!(month(m).pay_date(), day(pay), "{m}");
    }
    assert_eq!(month("2026-11").last_day(), day("2026-11-30"));
    assert!(month("2026-11").contains(day("2026-11-30")));
    assert!(!month("2026-11").contains(day("2026-12-01")));
}

#[test]
fn days_employed_count_join_and_leave_inclusively_clipped_to_the_month() {
    let nov = month("2026-11");
    let cases = [
        ("whole month", Some("2025-01-01"), None, 30),
        ("joined mid-month", Some("2026-11-16"), None, 15),
        ("joined on the last day", Some("2026-11-30"), None, 1),
        ("left mid-month", Some("2025-01-01"), Some("2026-11-10"), 10),
        (
            "joined and left within",
            Some("2026-11-03"),
            Some("2026-11-05"),
            3,
        ),
        ("joined after the month", Some("2026-12-01"), None, 0),
        (
            "left before the month",
            Some("2025-01-01"),
            Some("2026-10-31"),
            0,
        ),
        (
            "left after the month",
            Some("2025-01-01"),
            Some("2027-01-01"),
            30,
        ),
        ("join date unknown", None, None, 0),
    ];
    for (name, joined, left, days) in cases {
        assert_eq!(staff(joined, left).days_employed(nov), days, "{name}");
    }
}

#[test]
fn employment_bounds_are_inclusive() {
    let s = staff(Some("2026-11-16"), Some("2026-11-20"));
    assert!(!s.employed_on(day("2026-11-15")));
    assert!(s.employed_on(day("2026-11-16")));
    assert!(s.employed_on(day("2026-11-20")));
    assert!(!s.employed_on(day("2026-11-21")));
    assert!(!staff(None, None).employed_on(day("2026-11-16")));
}

#[test]
fn staff_validation() {
    assert!(
        staff(Some("2026-11-16"), Some("2026-11-16"))
            .validate()
            .is_ok()
    );
    assert_eq!(
        staff(Some("2026-11-16"), Some("2026-11-15")).validate(),
        Err(StaffError::LeftBeforeJoined {
            joined: day("2026-11-16"),
            left: day("2026-11-15")
        })
    );
    let mut s = staff(None, None);
    s.base_salary_yuan = d("-1");
    assert_eq!(s.validate(), Err(StaffError::NegativeSalary));
}

#[test]
fn pay_rule() {
    let nov = month("2026-11");
    let cases = [
        ("full month, 94 points", "4000", 30, 94, "3760.00"),
        ("full month, 100 points", "4000", 30, 100, "4000.00"),
        ("bonus above 100", "4000", 30, 110, "4400.00"),
        ("joiner, 15 of 30 days", "4000", 15, 100, "2000.00"),
        ("rounded to the fen", "3333", 7, 97, "754.37"),
        ("half a fen rounds up", "0.3", 1, 50, "0.01"),
        ("negative points pay nothing", "4000", 30, -4, "0.00"),
    ];
    for (name, base, days, points, pay) in cases {
        assert_eq!(
            crate::domain::money::format_yuan(month_pay(d(base), days, nov, points)),
            pay,
            "{name}"
        );
    }
}

fn staff_list() -> Vec<Staff> {
    vec![Staff {
        id: "A01".into(),
        name: "张丽".into(),
        role: Role::Clerk,
        joined_on: Some(day("2026-03-01")),
        left_on: None,
        base_salary_yuan: Decimal::from(4000),
    }]
}

fn draft(kind: DepartureKind, applied: &str, approved: &str, last: &str) -> DepartureDraft {
    DepartureDraft {
        staff_id: "A01".into(),
        kind,
        applied_on: applied.into(),
        approved_on: approved.into(),
        last_day: last.into(),
    }
}

/// DOMAIN.md §9 rules 2–4 as the supervisor's form takes them: each kind with the
/// dates it needs, the computed last day and the pay date of the month of leaving.
#[test]
fn departure_form_rules_2_to_4() {
    use DepartureKind::{Dismissed, LeftWithoutApproval, Resigned};
    let cases = [
        (
            "rule 2: resignation approved, last day approval + 15, settled day 16",
            draft(Resigned, "2026-11-01", "2026-11-05", ""),
            ("2026-11-20", "2026-11-21"),
        ),
        (
            "rule 2: a last day typed for a resignation is not used",
            draft(Resigned, "2026-11-01", "2026-11-05", "2026-11-30"),
            ("2026-11-20", "2026-11-21"),
        ),
        (
            "rule 3: left without approval, paid with the month",
            draft(LeftWithoutApproval, "", "", "2026-11-12"),
            ("2026-11-12", "2026-12-31"),
        ),
        (
            "rule 3: with the date they applied",
            draft(LeftWithoutApproval, "2026-11-01", "", "2026/11/12"),
            ("2026-11-12", "2026-12-31"),
        ),
        (
            "rule 4: dismissal, paid as usual",
            draft(Dismissed, "", "", "2026-12-03"),
            ("2026-12-03", "2027-01-31"),
        ),
    ];
    for (name, draft, (last, paid)) in cases {
        let departure = draft.validate(&staff_list()).unwrap();
        assert_eq!(
            (departure.last_day, departure.final_pay_date()),
            (day(last), day(paid)),
            "{name}"
        );
        assert_eq!(
            departure.validate(Some(day("2026-03-01"))),
            Ok(()),
            "{name}"
        );
    }
    let walked = draft(LeftWithoutApproval, "2026-11-01", "", "2026-11-12")
        .validate(&staff_list())
        .unwrap();
    assert_eq!(walked.applied_on, Some(day("2026-11-01")));
}

/// The form's errors, each next to its field, in Chinese.
#[test]
fn departure_form_errors() {
    use DepartureField::{Applied, Approved, LastDay, Staff as Who};
    use DepartureKind::{Dismissed, LeftWithoutApproval, Resigned};
    type Case<'a> = (&'a str, DepartureDraft, Vec<(DepartureField, &'a str)>);
    let cases: [Case<'_>; 7] = [
        (
            "no 工号",
            DepartureDraft {
                staff_id: " ".into(),
                ..draft(Dismissed, "", "", "2026-11-12")
            },
            vec![(Who, "请填写工号")],
        ),
        (
            "unknown 工号",
            DepartureDraft {
                staff_id: "Z99".into(),
                ..draft(Dismissed, "", "", "2026-11-12")
            },
            vec![(Who, "工号 Z99 不在员工名单中")],
        ),
        (
            "resignation without its dates",
            draft(Resigned, "", "", ""),
            vec![
                (Applied, "请填写申请日期，如 2026-11-05"),
                (Approved, "请填写批准日期，如 2026-11-05"),
            ],
        ),
        (
            "approved before applied",
            draft(Resigned, "2026-11-05", "2026-11-01", ""),
            vec![(Approved, "批准日期 2026-11-01 早于申请日期 2026-11-05")],
        ),
        (
            "not a date",
            draft(LeftWithoutApproval, "", "", "11月12日"),
            vec![(
                LastDay,
                "「11月12日」不是有效的日期：请写成 YYYY-MM-DD，如 2026-11-05",
            )],
        ),
        (
            "dismissal without its date",
            draft(Dismissed, "", "", ""),
            vec![(LastDay, "请填写辞退日期，如 2026-11-05")],
        ),
        (
            "before the join date",
            draft(Dismissed, "", "", "2026-02-10"),
            vec![(LastDay, "最后一天 2026-02-10 早于入职日期 2026-03-01")],
        ),
    ];
    for (name, draft, expected) in cases {
        let errors = draft.validate(&staff_list()).unwrap_err();
        let errors: Vec<(DepartureField, &str)> =
            errors.iter().map(|(f, m)| (*f, m.as_str())).collect();
        assert_eq!(errors, expected, "{name}");
    }
}

/// DOMAIN.md §9 rule 2: applied on A, approved on B; works to B + 15, settled B + 16.
#[test]
fn approved_resignation_dates() {
    let cases = [
        (
            "mid-month",
            "2026-11-01",
            "2026-11-05",
            "2026-11-20",
            "2026-11-21",
        ),
        (
            "across the month",
            "2026-11-10",
            "2026-11-20",
            "2026-12-05",
            "2026-12-06",
        ),
        (
            "across the year",
            "2026-12-15",
            "2026-12-20",
            "2027-01-04",
            "2027-01-05",
        ),
        (
            "February",
            "2028-02-10",
            "2028-02-14",
            "2028-02-29",
            "2028-03-01",
        ),
    ];
    for (name, applied, approved, last, settled) in cases {
        let d = Departure::resignation("A01", day(applied), day(approved)).unwrap();
        assert_eq!(d.last_day, day(last), "{name}");
        assert_eq!(d.settlement_date(), Some(day(settled)), "{name}");
        assert_eq!(settlement_date(day(approved)), day(settled), "{name}");
        assert_eq!(d.validate(Some(day("2025-01-01"))), Ok(()), "{name}");
    }
    assert_eq!(
        Departure::resignation("A01", day("2026-11-05"), day("2026-11-01")),
        Err(StaffError::ApprovedBeforeApplied {
            applied: day("2026-11-05"),
            approved: day("2026-11-01")
        })
    );
    let mut moved = Departure::resignation("A01", day("2026-11-01"), day("2026-11-05")).unwrap();
    moved.last_day = day("2026-11-30");
    assert_eq!(moved.validate(None), Err(StaffError::ResignationDates));
}

/// The settlement pays what is still owed: the months before it are paid on it when
/// their usual date is later.
#[test]
fn pay_dates_of_leavers() {
    let resigned = Departure::resignation("A01", day("2026-11-10"), day("2026-11-20")).unwrap();
    let cases = [
        (
            "resigned: October's pay is due before the settlement",
            &resigned,
            "2026-10",
            "2026-11-30",
        ),
        (
            "resigned: November's pay comes with the settlement",
            &resigned,
            "2026-11",
            "2026-12-06",
        ),
        (
            "resigned: December's days too",
            &resigned,
            "2026-12",
            "2026-12-06",
        ),
    ];
    for (name, departure, m, pay) in cases {
        assert_eq!(departure.pay_date(month(m)), day(pay), "{name}");
    }
    let walked_out = Departure::without_approval("A01", None, day("2026-11-12"));
    assert_eq!(walked_out.pay_date(month("2026-11")), day("2026-12-31"));
    assert_eq!(walked_out.settlement_date(), None);
    let dismissed = Departure::dismissal("A01", day("2026-11-12"));
    assert_eq!(dismissed.pay_date(month("2026-11")), day("2026-12-31"));
    assert_eq!(
        dismissed.validate(Some(day("2026-11-13"))),
        Err(StaffError::LeftBeforeJoined {
            joined: day("2026-11-13"),
            left: day("2026-11-12")
        })
    );
}

/// DOMAIN.md §9 rule 3: the unfinished last day of leaving without approval is not
/// paid; dismissal and approved resignation pay every day employed.
#[test]
fn unpaid_last_day_only_without_approval() {
    let nov = month("2026-11");
    let walked_out = Departure::without_approval("A01", Some(day("2026-11-01")), day("2026-11-12"));
    assert_eq!(walked_out.unpaid_days(nov), 1);
    assert_eq!(walked_out.unpaid_days(month("2026-10")), 0);
    assert_eq!(
        Departure::dismissal("A01", day("2026-11-12")).unpaid_days(nov),
        0
    );
    let resigned = Departure::resignation("A01", day("2026-11-01"), day("2026-11-05")).unwrap();
    assert_eq!(resigned.unpaid_days(nov), 0);
    for kind in DepartureKind::ALL {
        assert_eq!(DepartureKind::from_label(kind.label()), Some(kind));
    }
}

#[test]
fn roles_by_label() {
    for role in Role::ALL {
        assert_eq!(Role::from_label(role.label()), Some(role));
    }
    assert_eq!(Role::from_label("经理"), None);
}
