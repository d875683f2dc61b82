//! What the window's tests share: a day in November 2026, staff with passwords, an app
//! logged in, the headless window around it, and the hands of a clerk — typing into a
//! field found by its label, typing and pressing Enter, scanning, clicking, logging in
//! on the login screen.

use chrono::{NaiveDate, NaiveDateTime};
use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, setup_context};
use kaidan::storage::Db;
use kaidan::storage::staff::StaffMember;
use std::sync::{Arc, Mutex};

/// The password every test's staff member has unless the demo's.
pub const PASSWORD: &str = "1234";

/// `day` November 2026 at `hour:minute`.
pub fn nov(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .unwrap()
}

/// Three cartons of clothes from 宏达服装厂 to 李记批发部, as a clerk types them.
pub fn parcel() -> kaidan::domain::desk::waybill::WaybillDraft {
    kaidan::domain::desk::waybill::WaybillDraft {
        shipper_name: "宏达服装厂".into(),
        consignee_name: "李记批发部".into(),
        pieces: "3".into(),
        weight_kg: "60".into(),
        volume_m3: "0.3".into(),
        freight: "80".into(),
        ..kaidan::domain::desk::waybill::WaybillDraft::sample()
    }
}

/// Puts `(工号, name, role)` on the staff list, each with [`PASSWORD`] set at `at`.
pub fn hire(db: &Db, people: &[(&str, &str, &str)], at: NaiveDateTime) {
    for (id, name, role) in people {
        db.upsert_staff(&StaffMember {
            id: (*id).into(),
            name: (*name).into(),
            role: (*role).into(),
        })
        .unwrap();
        db.set_password(id, PASSWORD, at).unwrap();
    }
}

/// The demo of 2026-11-23 with the clock at `clock`, `who` logged in.
pub fn demo_app(clock: fn() -> NaiveDateTime, who: &str) -> App {
    let db = kaidan::demo::demo_copy(clock().date()).unwrap();
    let mut app = App::with_clock(db, clock).unwrap();
    log_in_as(&mut app, who, kaidan::demo::DEMO_PASSWORD);
    app
}

/// 23:00 on 2026-11-23: A01's 早班 ended at 20:00, so A01 is off duty.
pub fn late_evening() -> NaiveDateTime {
    nov(23, 23, 0)
}

/// Logs `staff` in with `password`, and insists it worked.
pub fn log_in_as(app: &mut App, staff: &str, password: &str) {
    app.handle(kaidan::ui::Command::Session(
        kaidan::ui::people::login::SessionCommand::Login {
            staff_id: staff.into(),
            password: password.into(),
        },
    ));
    assert!(app.user.is_some(), "{:?}", app.status);
}

/// The app in a headless window of `width` × `height` points.
pub fn window(app: App, width: f32, height: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app)
}

/// Where to keep the sample `name` (a PNG of a page, a PDF) for a person to look at: in
/// the folder `KAIDAN_SAMPLES` names, made if missing; `None` when it is not set.
pub fn sample(name: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("KAIDAN_SAMPLES")?);
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir.join(name))
}

/// Types `text` into the field labelled `label` (a password field when the label says
/// 密码), scrolled into view first.
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    let role = if label.contains("密码") {
        Role::PasswordInput
    } else {
        Role::TextInput
    };
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Types `text` where the focus is, then presses Enter.
pub fn type_enter(h: &mut Harness<'_, App>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// A scanner reading `code`: the text and Enter, and a frame for what it loads.
pub fn scan(h: &mut Harness<'_, App>, code: &str) {
    type_enter(h, code);
    h.run();
}

/// `key` pressed or let go, without modifiers: for input put into one frame by hand
/// (`h.input_mut().events`; the harness otherwise runs a frame for each event it queues).
pub fn key_event(key: Key, pressed: bool) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// `key` pressed and let go.
pub fn stroke(key: Key) -> [egui::Event; 2] {
    [key_event(key, true), key_event(key, false)]
}

/// `frames` frames, each begun as the window begins one: its raw input paced
/// (`ui::typeahead::pace_raw`, eframe's `raw_input_hook` in the window), for input put
/// into one frame by hand.
pub fn run_paced(h: &mut Harness<'_, App>, frames: usize) {
    for _ in 0..frames {
        let ctx = h.ctx.clone();
        kaidan::ui::typeahead::pace_raw(&ctx, h.input_mut());
        h.step();
    }
}

/// A scanner faster than the screen: every code and its Enter in one frame's input, then
/// the frames that follow.
pub fn scan_in_one_frame(h: &mut Harness<'_, App>, codes: &[&str]) {
    for code in codes {
        let events = &mut h.input_mut().events;
        events.push(egui::Event::Text((*code).to_owned()));
        events.extend(stroke(Key::Enter));
    }
    run_paced(h, 10);
}

/// Clicks what is labelled `label`, scrolled into view first, and lets it settle.
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
    h.run();
}

/// Clicks the last of the things labelled `label` (the newest row's button), scrolled into
/// view first, and lets it settle.
pub fn click_last(h: &mut Harness<'_, App>, label: &str) {
    h.get_all_by_label(label).last().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label(label).last().unwrap().click();
    h.run();
}

/// Logs out, logs in as `who` (`S01 刘建国`) with the demo password, and opens `page`:
/// the counter handed to the next person.
pub fn next_person(h: &mut Harness<'_, App>, who: &str, page: &str) {
    click(h, "退出登录");
    log_in(h, who, kaidan::demo::DEMO_PASSWORD);
    click(h, page);
}

/// Types into the login screen's password field.
pub fn type_password(h: &mut Harness<'_, App>, text: &str) {
    h.get_by_role(Role::PasswordInput).focus();
    h.run();
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Logs in on the login screen by keyboard alone, as issue 19 asks: the 工号 field has
/// the focus, so the 工号 of `who` (`A01 张丽` → `A01`) is typed, Enter, the password,
/// Enter.
pub fn log_in(h: &mut Harness<'_, App>, who: &str, password: &str) {
    let id = who.split_whitespace().next().unwrap_or(who);
    h.run();
    type_enter(h, id);
    type_enter(h, password);
    h.run();
}

/// A document sent to the printer: its title and the PDF.
pub type PrintJob = (String, Vec<u8>);

/// A printer that keeps what it was sent (and opens nothing).
#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Vec<PrintJob>>>);

impl kaidan::print::PrintBackend for Recorder {
    fn printers(&self) -> Vec<String> {
        vec!["counter".to_owned()]
    }
    fn print(
        &self,
        pdf: &std::path::Path,
        _printer: Option<&str>,
        title: &str,
    ) -> Result<(), kaidan::print::PrintError> {
        let bytes = std::fs::read(pdf).unwrap();
        self.0.lock().unwrap().push((title.to_owned(), bytes));
        Ok(())
    }
    fn open(&self, _pdf: &std::path::Path) -> Result<(), kaidan::print::PrintError> {
        Ok(())
    }
}

/// Asserts one waybill more than `before` was saved; the status line says why not.
pub fn assert_one_more_waybill(h: &Harness<'_, App>, before: u64) {
    assert_eq!(
        h.state().view.waybill_count,
        before + 1,
        "{:?}",
        h.state().status
    );
}
