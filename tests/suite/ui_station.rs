//! Two counters of one station on one database, each a window: what one issues shows in
//! the other's waybill list, and what one voids in the other's open waybill, within two
//! seconds without a manual refresh (issue 15).

use crate::kit::{PASSWORD, hire, log_in_as, nov, parcel, window};
use chrono::NaiveDateTime;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, Shell, setup_context};
use kaidan::domain::desk::waybill::ValidationContext;
use kaidan::domain::desk::waybill::WaybillStatus;
use kaidan::storage::Db;
use kaidan::storage::Location;
use kaidan::ui::{Command, DeskCommand, Page};
use std::time::{Duration, Instant};

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

#[test]
fn a_waybill_issued_at_one_counter_shows_at_the_other_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let first = Db::open(&path).unwrap();
    hire(
        &first,
        &[("A01", "张丽", "开单员"), ("A02", "王强", "开单员")],
        fixed_now(),
    );
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "A02", PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    let ctx = h.ctx.clone();
    h.state_mut().start_watch(&ctx);
    h.state_mut().handle(Command::Navigate(Page::Waybills));
    h.run();
    assert!(h.state().list.results.is_empty());
    // The other counter issues a waybill.
    let draft = parcel();
    let ctx_rules = ValidationContext::lenient();
    let waybill = draft.validate(&ctx_rules).unwrap();
    let mut other = first;
    let issued = other
        .issue_waybill(&waybill, "A01", "GZ", fixed_now())
        .unwrap();
    let start = Instant::now();
    while h.state().list.results.is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the other counter's waybill did not show within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.run();
    }
    assert!(h.query_by_label_contains(&issued.number).is_some());
    // Open beside the list, it follows the other counter's void.
    h.state_mut().handle(Command::Desk(DeskCommand::OpenWaybill(
        issued.number.clone(),
    )));
    h.run();
    other
        .void_waybill(&issued.number, "A01", "客户取消", fixed_now())
        .unwrap();
    let voided = |h: &Harness<'_, App>| {
        h.state()
            .list
            .open
            .as_ref()
            .is_some_and(|(w, _)| w.status == WaybillStatus::Void)
    };
    let start = Instant::now();
    while !voided(&h) {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the other counter's void did not show within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.run();
    }
}

/// The real window (`Shell`) around an app on `location`, at the counter's 1024×768.
fn shell_window(location: &str) -> Harness<'static, Shell> {
    let db = Db::open_at(&Location::parse(location)).unwrap();
    let app = App::with_clock(db, fixed_now).unwrap();
    Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .with_context_setup(setup_context)
        .build_ui_state(|ui, shell: &mut Shell| shell.frame(ui), Shell::new(app))
}

/// One frame of the window, its raw input paced first as eframe's `raw_input_hook` does
/// (`ui::typeahead::pace_raw`): keys the window holds for the next frame come through it.
fn paced_step(h: &mut Harness<'static, Shell>) {
    let ctx = h.ctx.clone();
    kaidan::ui::typeahead::pace_raw(&ctx, h.input_mut());
    h.step();
}

/// Sets up a new station's supervisor in the window while `hold` keeps every writer
/// waiting, and checks that the window keeps drawing meanwhile — the waiting page, keys
/// typed kept — and carries on by itself once `release` lets the save through.
fn a_save_held_up(location: &str, hold: impl FnOnce(), release: impl FnOnce()) {
    let mut h = shell_window(location);
    paced_step(&mut h);
    for (label, typed) in [("工号 *", "S01"), ("姓名 *", "周主管"), ("密码 *", "4321")] {
        let role = if label.starts_with("密码") {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        h.get_by_role_and_label(role, label).focus();
        paced_step(&mut h);
        h.event(egui::Event::Text(typed.into()));
        paced_step(&mut h);
    }
    hold();
    h.get_by_label("建立主管账号").click();
    // The save waits on the database; the frames go on without it. (A frame waiting on
    // the database would hang this thread, which holds the lock: the test would never
    // get past here.)
    for _ in 0..3 {
        paced_step(&mut h);
    }
    assert!(h.state().waiting());
    assert!(h.query_by_label("正在处理…").is_some());
    // The clerk types on meanwhile (the first field of the form is 到站, Tab takes the
    // first destination for the letters and goes on to 要求到货日期): the page gets it
    // when the save is through, each key where it would have gone.
    h.event(egui::Event::Text("cs".into()));
    h.key_press(egui::Key::Tab);
    h.event(egui::Event::Text("2026-12-30".into()));
    paced_step(&mut h);
    release();
    let start = Instant::now();
    while h.state().waiting() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the save did not finish once the database was free"
        );
        std::thread::sleep(Duration::from_millis(20));
        paced_step(&mut h);
    }
    // The page as it is now, then the keys, a move of the focus a frame.
    for _ in 0..4 {
        paced_step(&mut h);
    }
    let app = h.state().app().unwrap();
    assert_eq!(app.user.as_ref().map(|u| u.id.as_str()), Some("S01"));
    let top = kaidan::ui::widgets::dest_candidates(
        kaidan::domain::desk::destinations::Divisions::bundled(),
        "cs",
        &|code| app.view.rates.has_destination(code),
    )[0];
    assert_eq!(
        app.form.draft.dest_code, top.code,
        "typed while waiting, taken by the Tab"
    );
    assert_eq!(app.form.draft.arrival_date, "2026-12-30", "after the Tab");
}

#[test]
fn the_window_keeps_drawing_while_a_save_waits_for_another_programs_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    drop(Db::open(&path).unwrap());
    let blocker = rusqlite::Connection::open(&path).unwrap();
    a_save_held_up(
        path.to_str().unwrap(),
        || blocker.execute_batch("BEGIN IMMEDIATE").unwrap(),
        || blocker.execute_batch("COMMIT").unwrap(),
    );
}

#[test]
fn the_window_keeps_drawing_while_a_save_waits_on_the_server() {
    let Some(desk) = crate::desk::Desk::on_server() else {
        return;
    };
    let url = desk.db_arg().into_string().unwrap();
    drop(Db::open_at(&Location::parse(&url)).unwrap());
    // Another program holds the staff table (as a long transaction or a stuck
    // maintenance job would).
    let other = std::cell::RefCell::new(postgres::Client::connect(&url, postgres::NoTls).unwrap());
    a_save_held_up(
        &url,
        || {
            other
                .borrow_mut()
                .batch_execute("BEGIN; LOCK TABLE staff IN EXCLUSIVE MODE")
                .unwrap();
        },
        || other.borrow_mut().batch_execute("COMMIT").unwrap(),
    );
}

#[test]
fn a_rate_table_edited_at_two_desks_is_saved_once_and_the_second_is_told_who_was_first() {
    use kaidan::domain::desk::rates::{RateRow, RateTable};
    use rust_decimal::Decimal;
    let table = |minimum: i64| {
        RateTable::new(vec![RateRow {
            dest_code: "430321".into(),
            from_weight_kg: Decimal::ZERO,
            heavy_yuan_per_kg: Decimal::ONE,
            light_yuan_per_m3: Decimal::from(200),
            minimum_yuan: Decimal::from(minimum),
            delivery_fee_yuan: Decimal::ZERO,
        }])
        .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut other = Db::open(&path).unwrap();
    hire(
        &other,
        &[("S01", "刘建国", "主管"), ("S02", "周敏", "主管")],
        fixed_now(),
    );
    other.replace_rate_table(&table(30)).unwrap();
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "S02", PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    h.state_mut().handle(Command::Navigate(Page::Rates));
    h.run();
    let seen = h.state().rates.seen;
    assert!(seen.is_some());
    // S02 changes the minimum…
    h.state_mut().rates.rows[0].cells[3] = "45".into();
    h.state_mut().rates.dirty = true;
    // …while S01 saves the table at another desk.
    other
        .edit_rate_table(
            &table(50),
            kaidan::storage::revisions::Edit {
                seen,
                by: "S01",
                at: fixed_now(),
            },
        )
        .unwrap();
    h.get_by_label("保存报价表").click();
    h.run();
    let (ok, said) = h.state().status.clone().unwrap();
    assert!(!ok);
    assert!(
        said.contains("报价表 在您打开之后已被 S01 刘建国 于 11-23 10:00 修改"),
        "{said}"
    );
    // Nothing of S01's is lost, and S02's edit is still on the screen.
    assert_eq!(
        other.rate_table().unwrap().rows()[0].minimum_yuan,
        Decimal::from(50)
    );
    assert_eq!(h.state().rates.rows[0].cells[3], "45");
    // 放弃改动 shows the table as S01 saved it, and a save from there goes through.
    h.state_mut().handle(Command::Navigate(Page::Waybills));
    h.state_mut().handle(Command::Navigate(Page::Rates));
    h.run();
    h.get_by_label("放弃改动").click();
    h.run();
    assert_eq!(h.state().rates.rows[0].cells[3], "50");
    h.state_mut().rates.rows[0].cells[3] = "45".into();
    h.state_mut().rates.dirty = true;
    h.run();
    h.get_by_label("保存报价表").click();
    h.run();
    assert!(
        h.state().status.as_ref().unwrap().0,
        "{:?}",
        h.state().status
    );
    assert_eq!(
        other.rate_table().unwrap().rows()[0].minimum_yuan,
        Decimal::from(45)
    );
}

#[test]
fn the_service_hours_follow_another_desk_unless_being_edited_then_its_save_is_refused() {
    use kaidan::domain::service::ServiceSettings;
    use kaidan::storage::revisions::Edit;
    use kaidan::ui::service::ServiceCommand;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let other = Db::open(&path).unwrap();
    hire(
        &other,
        &[("S01", "刘建国", "主管"), ("S02", "周敏", "主管")],
        fixed_now(),
    );
    let save_at_the_other_desk = |hours: u32| {
        other
            .save_service_settings(
                &ServiceSettings {
                    answer_within_hours: hours,
                },
                Edit {
                    seen: None,
                    by: "S01",
                    at: fixed_now(),
                },
            )
            .unwrap();
    };
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "S02", PASSWORD);
    app.handle(Command::Navigate(Page::Service));
    // Left alone, the hours follow the other desk when the page is read again (as the
    // watcher has it read).
    save_at_the_other_desk(48);
    app.handle(Command::Navigate(Page::Service));
    assert_eq!(app.service.hours_text, "48");
    // Being edited, they are kept, and their save is refused naming the other desk.
    app.service.hours_text = "72".into();
    save_at_the_other_desk(36);
    app.handle(Command::Navigate(Page::Service));
    assert_eq!(app.service.hours_text, "72");
    app.handle(Command::Service(ServiceCommand::SaveSettings {
        settings: ServiceSettings {
            answer_within_hours: 72,
        },
        seen: app.service.settings_seen,
    }));
    // The page's own line says it (the service page keeps its messages).
    let (ok, said) = app.service.message.clone().unwrap();
    assert!(!ok);
    assert!(
        said.contains("咨询投诉设置 在您打开之后已被 S01 刘建国"),
        "{said}"
    );
    assert_eq!(other.service_settings().unwrap().answer_within_hours, 36);
}
