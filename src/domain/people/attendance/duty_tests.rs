//! The on-duty check (the schedule, requests and the grace around a shift) and the
//! handover (its window and its sums); grading is tested in `tests`.

use super::tests::punch;
use super::*;
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::people::Role;
use crate::domain::people::requests::RequestStatus;
use crate::domain::people::requests::{AttendanceRequest, RequestKind};
use crate::testing::at;
use ShiftKind::{Early, Leave, Middle, Night, Rest};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The on-duty window: the shift with 30 minutes' grace on either side; the night
/// shift runs into the next morning, the middle shift to midnight.
#[test]
fn on_duty_windows_cross_midnight() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    let cases = [
        ("early, too early", Early, "2026-11-03 07:29", false),
        (
            "early, in the grace before",
            Early,
            "2026-11-03 07:30",
            true,
        ),
        ("early, mid-shift", Early, "2026-11-03 13:00", true),
        ("early, in the grace after", Early, "2026-11-03 20:29", true),
        ("early, after the grace", Early, "2026-11-03 20:30", false),
        ("night, before its start", Night, "2026-11-03 19:29", false),
        ("night, evening", Night, "2026-11-03 22:00", true),
        ("night, after midnight", Night, "2026-11-04 03:00", true),
        ("night, morning grace", Night, "2026-11-04 08:29", true),
        ("night, after the grace", Night, "2026-11-04 08:30", false),
        (
            "night, the same morning is not its shift",
            Night,
            "2026-11-03 03:00",
            false,
        ),
        (
            "middle, just after midnight",
            Middle,
            "2026-11-04 00:15",
            true,
        ),
        ("middle, after the grace", Middle, "2026-11-04 00:30", false),
        ("rest day", Rest, "2026-11-03 12:00", false),
        ("leave day", Leave, "2026-11-03 12:00", false),
    ];
    for (name, shift, now, expected) in cases {
        assert_eq!(on_duty(shift, d, at(now), 30), expected, "{name}");
    }
    assert!(!on_duty(Early, d, at("2026-11-03 07:50"), 0), "no grace");
}

fn scheduled(d: u32, shift: ShiftKind) -> Punch {
    Punch {
        staff_id: "A01".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
        shift,
        clock_in: None,
        clock_out: None,
    }
}

fn request(kind: RequestKind, from: &str, to: &str, status: RequestStatus) -> AttendanceRequest {
    AttendanceRequest {
        staff_id: "A01".into(),
        kind,
        from: at(from),
        to: at(to),
        reason: "事由".into(),
        status,
        decided_by: None,
        decided_at: None,
    }
}

/// Who may issue waybills: the schedule of today and yesterday, approved leave and
/// overtime.
#[test]
fn duty_status_from_schedule_and_requests() {
    use crate::domain::people::requests::RequestStatus::{Approved, Pending};
    let s = AttendanceSettings::default();
    let schedule = [scheduled(2, Night), scheduled(3, Early)];
    let status =
        |now: &str, requests: &[AttendanceRequest]| duty_status(&schedule, requests, at(now), &s);
    assert_eq!(
        status("2026-11-03 07:00", &[]),
        OnDuty::Shift {
            day: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            shift: Night,
            from: at("2026-11-02 20:00"),
            to: at("2026-11-03 08:00"),
        },
        "yesterday's night shift runs into this morning"
    );
    assert!(matches!(
        status("2026-11-03 12:00", &[]),
        OnDuty::Shift { shift: Early, .. }
    ));
    let OnDuty::Off { reason } = status("2026-11-03 21:00", &[]) else {
        panic!("off duty after the shift");
    };
    assert_eq!(
        reason,
        "现在 21:00 不在班次时间内（今天 早班 08:00–20:00，前后宽限 30 分钟）：非当班不能开单，如需开单请主管授权（将记录在案）"
    );
    let overtime = request(
        RequestKind::Overtime,
        "2026-11-03 20:00",
        "2026-11-03 23:00",
        Approved,
    );
    assert_eq!(
        status("2026-11-03 21:00", std::slice::from_ref(&overtime)),
        OnDuty::Overtime {
            from: at("2026-11-03 20:00"),
            to: at("2026-11-03 23:00")
        }
    );
    let pending = request(
        RequestKind::Overtime,
        "2026-11-03 20:00",
        "2026-11-03 23:00",
        Pending,
    );
    assert!(!status("2026-11-03 21:00", &[pending]).is_on_duty());
    let leave = request(
        RequestKind::Leave,
        "2026-11-03 10:00",
        "2026-11-03 14:00",
        Approved,
    );
    let OnDuty::Off { reason } = status("2026-11-03 12:00", &[leave]) else {
        panic!("off duty on leave");
    };
    assert!(
        reason.starts_with("正在已批请假中（请假 11-03 10:00–14:00）"),
        "{reason}"
    );
    let OnDuty::Off { reason } = duty_status(&[], &[], at("2026-11-05 12:00"), &s) else {
        panic!("off duty without a schedule");
    };
    assert!(reason.starts_with("今天（11-05）没有排班"), "{reason}");
    let OnDuty::Off { reason } =
        duty_status(&[scheduled(5, Rest)], &[], at("2026-11-05 12:00"), &s)
    else {
        panic!("off duty on a rest day");
    };
    assert!(reason.contains("今天 休息"), "{reason}");
}

fn key(shift: ShiftKind) -> ShiftKey {
    ShiftKey {
        staff_id: "A01".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        shift,
    }
}

/// The handover counts the shift as scheduled, widened to the punches.
#[test]
fn handover_window_widens_to_the_punches() {
    let s = AttendanceSettings::default();
    let cases = [
        (
            "scheduled",
            Early,
            None,
            ("2026-11-03 08:00", "2026-11-03 20:00"),
        ),
        (
            "came early, stayed late",
            Early,
            Some(punch(Early, "07:45", "20:30")),
            ("2026-11-03 07:45", "2026-11-03 20:31"),
        ),
        (
            "came late, left early: the shift as scheduled",
            Early,
            Some(punch(Early, "08:30", "19:00")),
            ("2026-11-03 08:00", "2026-11-03 20:00"),
        ),
        (
            "night shift across midnight",
            Night,
            Some(punch(Night, "19:50", "08:10")),
            ("2026-11-03 19:50", "2026-11-04 08:11"),
        ),
    ];
    for (name, shift, punch, (from, to)) in cases {
        assert_eq!(
            handover_window(&s, &key(shift), punch.as_ref()),
            Some((at(from), at(to))),
            "{name}"
        );
    }
    assert_eq!(handover_window(&s, &key(Rest), None), None);
}

#[test]
fn handover_summary_by_payment_method() {
    let d = |t: &str| t.parse::<Decimal>().unwrap();
    let summary = HandoverSummary::new(
        key(Early),
        (at("2026-11-03 08:00"), at("2026-11-03 20:00")),
        &[
            (PaymentMethod::PayNow, d("120.50")),
            (PaymentMethod::Collect, d("300")),
            (PaymentMethod::PayNow, d("79.50")),
            (PaymentMethod::OnReceipt, d("45")),
        ],
    );
    let rows: Vec<(&str, u32, String)> = summary
        .by_payment
        .iter()
        .map(|t| (t.payment.label(), t.waybills, t.total_yuan.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("现付", 2, "200.00".to_owned()),
            ("提付", 1, "300".to_owned()),
            ("月结", 0, "0".to_owned()),
            ("回单付", 1, "45".to_owned()),
            ("货款扣", 0, "0".to_owned()),
        ]
    );
    assert_eq!(summary.cash_yuan(), d("200"));
    assert_eq!(summary.total_yuan(), d("545"));
    assert_eq!(summary.waybill_count(), 4);

    let mut handover = Handover {
        id: 1,
        summary,
        notes: HandoverNotes::default(),
        recorded_at: at("2026-11-03 20:05"),
        accepted_by: None,
        accepted_at: None,
    };
    assert_eq!(handover.check_acceptance("A02"), Ok(()));
    assert_eq!(
        handover.check_acceptance("A01"),
        Err(ShiftError::OwnHandover)
    );
    handover.accepted_by = Some("A02".into());
    assert_eq!(
        handover.check_acceptance("A03"),
        Err(ShiftError::AlreadyAccepted("A02".into()))
    );
    assert_eq!(key(Night).describe(), "A01 11-03 晚班");
}

#[test]
fn overrides_need_a_supervisor_and_a_reason() {
    let grant = DutyOverride {
        supervisor_id: "S01".into(),
        clerk_id: "A01".into(),
        at: at("2026-11-03 21:00"),
        reason: "晚班同事病假，临时顶班".into(),
        waybill_number: "GZ2611030001".into(),
    };
    assert_eq!(grant.check(Role::Supervisor), Ok(()));
    assert_eq!(grant.check(Role::Clerk), Err(ShiftError::NotSupervisor));
    let own = DutyOverride {
        clerk_id: "S01".into(),
        ..grant.clone()
    };
    assert_eq!(own.check(Role::Supervisor), Err(ShiftError::OwnOverride));
    let silent = DutyOverride {
        reason: " ".into(),
        ..grant
    };
    assert_eq!(
        silent.check(Role::Supervisor),
        Err(ShiftError::NoReason("授权原因"))
    );
}
