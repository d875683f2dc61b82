//! Attendance in the window: the supervisor sets the shift times and the schedule and
//! records departures, and the review follows.

use crate::kit::{click, log_in, type_into};
use crate::ui_people::{demo_db, fixed_now, harness};
use chrono::NaiveDate;
use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::demo::DEMO_PASSWORD;

#[test]
fn the_supervisor_records_a_departure_and_sees_its_dates() {
    let mut h = harness(demo_db());
    h.run();
    log_in(&mut h, "S01 刘建国", DEMO_PASSWORD);
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("登记离职").scroll_to_me();
    h.run();
    // Nothing typed: each field says what is missing, next to it; nothing is written.
    h.get_by_label("登记离职").click();
    h.run();
    assert!(h.query_by_label("请填写工号").is_some());
    assert!(h.query_by_label("请填写申请日期，如 2026-11-05").is_some());
    assert!(h.query_by_label("请填写批准日期，如 2026-11-05").is_some());
    assert!(h.state().db().departures().unwrap().is_empty());

    // An approved resignation: the last day and the settlement show before saving.
    type_into(&mut h, "离职工号 *", "A02");
    type_into(&mut h, "申请日期 *", "2026-11-01");
    type_into(&mut h, "批准日期 *", "2026-11-05");
    assert!(
        h.query_by_label("最后工作日 2026-11-20（批准后第 15 天），第 16 天 2026-11-21 结算工资")
            .is_some()
    );
    h.get_by_label("登记离职").click();
    h.run();
    let departures = h.state().db().departures().unwrap();
    assert_eq!(departures.len(), 1, "{:?}", h.state().settings.message);
    assert_eq!(
        departures[0].last_day,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    let a02 = h
        .state()
        .view
        .staff_records
        .iter()
        .find(|p| p.id == "A02")
        .unwrap()
        .clone();
    assert_eq!(
        a02.left_on,
        departures[0].last_day.into(),
        "离职日期 follows"
    );
    // Listed, with the pay date, and the form is empty again.
    assert!(h.query_by_role_and_label(Role::Label, "辞职已批").is_some());
    assert!(h.query_by_label("2026-11-21").is_some());
    assert!(h.state().settings.departure.staff_id.is_empty());

    // Leaving without approval: a bad date is named next to its field.
    h.get_by_label("未批离职").click();
    h.run();
    type_into(&mut h, "离职工号 *", "A03");
    type_into(&mut h, "最后一天 *", "11月12日");
    h.get_by_label("登记离职").click();
    h.run();
    assert!(
        h.query_by_label("「11月12日」不是有效的日期：请写成 YYYY-MM-DD，如 2026-11-05")
            .is_some()
    );
    h.get_by_role_and_label(Role::TextInput, "最后一天 *")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("2026-11-12".into()));
    h.run();
    assert!(
        h.query_by_label(
            "最后一天 2026-11-12（未做完，不计工资），当月工资按天计，2026-12-31 发放"
        )
        .is_some()
    );
    h.get_by_label("登记离职").click();
    h.run();
    assert_eq!(h.state().db().departures().unwrap().len(), 2);

    // 撤销 takes the resignation back: A02 is employed again.
    h.get_all_by_label("撤销").next().unwrap().click();
    h.run();
    let departures = h.state().db().departures().unwrap();
    assert_eq!(departures.len(), 1);
    assert_eq!(departures[0].staff_id, "A03");
    assert!(
        h.state()
            .view
            .staff_records
            .iter()
            .any(|p| p.id == "A02" && p.left_on.is_none())
    );

    // A clerk's command for it is refused.
    h.get_by_label("退出登录").click();
    h.run();
    log_in(&mut h, "A01 张丽", DEMO_PASSWORD);
    h.state_mut().handle(kaidan::ui::Command::People(
        kaidan::ui::PeopleCommand::ClearDeparture("A03".into()),
    ));
    assert!(h.state().status.as_ref().unwrap().1.contains("只有主管"));
    assert_eq!(h.state().db().departures().unwrap().len(), 1);
}

/// Replaces a text field's content (found by its name).
fn retype(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

#[test]
fn the_supervisor_edits_the_shift_times_and_the_review_follows() {
    let mut h = harness(demo_db());
    h.run();
    log_in(&mut h, "S01 刘建国", DEMO_PASSWORD);
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("保存考勤设置").scroll_to_me();
    h.run();
    // DOMAIN §8's shifts are the defaults.
    let shown = |h: &Harness<'_, App>, label: &str| {
        h.get_by_role_and_label(Role::TextInput, label)
            .value()
            .unwrap_or_default()
    };
    assert_eq!(shown(&h, "早班 上班"), "08:00");
    assert_eq!(shown(&h, "晚班 下班"), "08:00");
    // A bad time is named next to its field, and nothing is saved.
    retype(&mut h, "早班 上班", "8点");
    h.get_by_label("保存考勤设置").click();
    h.run();
    assert!(
        h.query_by_label("「8点」不是有效的时间：请写成 HH:MM，如 08:00")
            .is_some()
    );
    let month = kaidan::domain::people::Month::of(fixed_now().date());
    let before = h.state().db().month_review(month, fixed_now()).unwrap();
    // 早班 from 09:00: every early arrival before then is on time, nobody is late.
    retype(&mut h, "早班 上班", "09:00");
    retype(&mut h, "A4 迟到早退上限（分钟）", "15");
    h.get_by_label("保存考勤设置").click();
    h.run();
    let saved = h.state().db().attendance_settings().unwrap();
    assert_eq!(
        saved.early.start,
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        "{:?}",
        h.state().settings.message
    );
    assert_eq!(saved.short_max_minutes, 15);
    let after = h.state().db().month_review(month, fixed_now()).unwrap();
    let late = |r: &kaidan::domain::people::review::MonthReview| {
        r.people
            .iter()
            .find(|p| p.staff_id == "A01")
            .unwrap()
            .items
            .iter()
            .filter(|i| i.rule.code() == "A4" || i.rule.code() == "A5")
            .flat_map(|i| i.evidence.iter())
            .filter(|e| e.text.contains("迟到"))
            .count()
    };
    assert!(late(&before) > 0, "the demo has late arrivals");
    assert_eq!(late(&after), 0, "graded by the new start");
}

#[test]
fn the_supervisor_schedules_a_month_and_an_unpunched_shift_is_absence() {
    let mut h = harness(demo_db());
    h.run();
    log_in(&mut h, "S01 刘建国", DEMO_PASSWORD);
    // A new clerk, without any clock-in record yet.
    h.state_mut().handle(kaidan::ui::Command::People(
        kaidan::ui::PeopleCommand::SaveStaff {
            seen: None,
            post: None,
            person: kaidan::domain::people::Staff {
                id: "A04".into(),
                name: "赵敏".into(),
                role: kaidan::domain::people::Role::Clerk,
                joined_on: NaiveDate::from_ymd_opt(2026, 11, 16),
                left_on: None,
                base_salary_yuan: rust_decimal::Decimal::from(3600),
            },
        },
    ));
    h.get_by_label("设置").click();
    h.run();
    // 11-20 早班 (one click), today 11-23 晚班 (three clicks).
    for (cell, clicks) in [("A04 11-20", 1), ("A04 11-23", 3)] {
        for _ in 0..clicks {
            click(&mut h, cell);
        }
    }
    assert_eq!(
        h.state().settings.schedule.len(),
        2,
        "{:?}",
        h.state().status
    );
    click(&mut h, "保存排班");
    let month = kaidan::domain::people::Month::of(fixed_now().date());
    let shifts: Vec<(u32, &str)> = h
        .state()
        .db()
        .schedule_between(month.first_day(), month.last_day())
        .unwrap()
        .iter()
        .map(|s| (chrono::Datelike::day(&s.day), s.shift.label()))
        .collect();
    assert_eq!(
        shifts,
        [(20, "早班"), (23, "晚班")],
        "{:?}",
        h.state().settings.message
    );
    // The 20th has ended without any clock-in row: absence. Tonight's shift is not over.
    let review = h.state().db().month_review(month, fixed_now()).unwrap();
    let a04 = review.people.iter().find(|p| p.staff_id == "A04").unwrap();
    let items: Vec<(&str, i64)> = a04
        .items
        .iter()
        .map(|i| (i.rule.code(), i.points))
        .collect();
    assert_eq!(items, [("A7", -8), ("B2", 6)]);
    // The schedule says who is on duty: A04 tonight, not at 09:00.
    let at = |hm: (u32, u32)| fixed_now().date().and_hms_opt(hm.0, hm.1, 0).unwrap();
    assert!(
        h.state()
            .db()
            .on_duty("A04", at((21, 0)))
            .unwrap()
            .is_on_duty()
    );
    assert!(
        !h.state()
            .db()
            .on_duty("A04", fixed_now())
            .unwrap()
            .is_on_duty()
    );
}
