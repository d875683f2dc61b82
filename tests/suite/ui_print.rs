//! Printing from the window, with a recording printer in place of the system's: Ctrl+P
//! saves and prints the waybill and every label; a reprint takes a range of pieces; with
//! no printer the PDF is opened instead and the clerk is told.

use crate::kit::{click, demo_app, late_evening, log_in_as, nov, type_enter, window};
use chrono::NaiveDateTime;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::print::{PrintBackend, PrintError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

/// What the recording printer was asked to do.
#[derive(Default)]
struct Log {
    printed: Vec<(PathBuf, Option<String>, String)>,
    opened: Vec<PathBuf>,
}

struct Recorder {
    printers: Vec<String>,
    log: Arc<Mutex<Log>>,
}

impl PrintBackend for Recorder {
    fn printers(&self) -> Vec<String> {
        self.printers.clone()
    }
    fn print(&self, pdf: &Path, printer: Option<&str>, title: &str) -> Result<(), PrintError> {
        if self.printers.is_empty() {
            return Err(PrintError::NoPrinter);
        }
        self.log.lock().unwrap().printed.push((
            pdf.to_owned(),
            printer.map(str::to_owned),
            title.to_owned(),
        ));
        Ok(())
    }
    fn open(&self, pdf: &Path) -> Result<(), PrintError> {
        self.log.lock().unwrap().opened.push(pdf.to_owned());
        Ok(())
    }
}

fn desk(printers: &[&str]) -> (Harness<'static, App>, Arc<Mutex<Log>>) {
    let db = kaidan::demo::demo_copy(fixed_now().date()).unwrap();
    let log = Arc::new(Mutex::new(Log::default()));
    let recorder = Recorder {
        printers: printers.iter().map(|p| (*p).to_owned()).collect(),
        log: log.clone(),
    };
    let mut app = App::with_clock(db, fixed_now)
        .unwrap()
        .with_printing(Box::new(recorder));
    log_in_as(&mut app, "A01", kaidan::demo::DEMO_PASSWORD);
    let harness = window(app, 1400.0, 900.0);
    (harness, log)
}

pub(crate) fn fill_minimal_waybill(h: &mut Harness<'_, App>) {
    h.run();
    type_enter(h, "xtx");
    type_enter(h, "");
    type_enter(h, "13912345678");
    type_enter(h, "广州市白云区测试服装厂");
    type_enter(h, "0731-57123456");
    type_enter(h, "湘潭县易俗河测试批发部");
    type_enter(h, "服装");
    type_enter(h, "3");
    h.key_press(Key::Enter);
    h.run();
    type_enter(h, "60");
    // 体积 follows 重量.
    type_enter(h, "0.3");
}

#[test]
fn ctrl_p_saves_then_prints_waybill_and_every_label() {
    let (mut h, log) = desk(&["EPSON-LQ", "ZEBRA"]);
    fill_minimal_waybill(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let number = h.state().form.last_saved.clone().unwrap().0;
    let log = log.lock().unwrap();
    assert_eq!(log.printed.len(), 2, "status: {:?}", h.state().status);
    assert!(log.printed[0].2.contains(&number));
    assert!(log.printed[1].2.contains("第 1–3 件"));
    // Each job is a real PDF of the right length.
    let labels = std::fs::read(&log.printed[1].0).unwrap();
    assert!(labels.starts_with(b"%PDF"));
    assert!(log.opened.is_empty());
}

#[test]
fn reprint_a_torn_label_from_the_list() {
    let (mut h, log) = desk(&["ZEBRA"]);
    h.key_press(Key::F3);
    h.run();
    let number = h.state().list.results[0].number.clone();
    h.get_by_label(number.as_str()).click();
    h.run();
    let pieces = h.state().list.open.as_ref().unwrap().0.waybill.pieces;
    assert_eq!(h.state().list.label_to, pieces.to_string());
    // Only the second piece.
    h.state_mut().list.label_from = "2".into();
    h.state_mut().list.label_to = "2".into();
    h.run();
    h.get_by_label("打印货签").click();
    h.run();
    let log = log.lock().unwrap();
    assert_eq!(log.printed.len(), 1, "status: {:?}", h.state().status);
    assert!(log.printed[0].2.contains("第 2–2 件"));
}

#[test]
fn without_a_printer_the_pdf_opens_and_the_clerk_is_told() {
    let (mut h, log) = desk(&[]);
    h.key_press(Key::F3);
    h.run();
    let number = h.state().list.results[0].number.clone();
    h.get_by_label(number.as_str()).click();
    h.run();
    h.get_by_label("打印运单").click();
    h.run();
    assert_eq!(log.lock().unwrap().opened.len(), 1);
    let (ok, message) = h.state().status.clone().unwrap();
    assert!(!ok);
    assert!(message.contains("没有可用的打印机"));
}

#[test]
fn outside_the_shift_a_supervisor_must_allow_the_waybill() {
    let mut h = window(demo_app(late_evening, "A01"), 1400.0, 900.0);
    fill_minimal_waybill(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let before = h.state().view.waybill_count;
    assert!(h.state().form.off_duty.is_some(), "{:?}", h.state().status);
    assert!(h.query_by_label("不在当班时间，不能开单").is_some());
    // A wrong password allows nothing.
    {
        let off = h.state_mut().form.off_duty.as_mut().unwrap();
        off.supervisor_id = "S01".into();
        off.password = "000000".into();
        off.override_reason = "客户急件，开单员加班".into();
    }
    h.run();
    h.get_by_label("授权并保存").click();
    h.run();
    assert_eq!(h.state().view.waybill_count, before);
    h.state_mut().form.off_duty.as_mut().unwrap().password = kaidan::demo::DEMO_PASSWORD.into();
    h.run();
    h.get_by_label("授权并保存").click();
    h.run();
    crate::kit::assert_one_more_waybill(&h, before);
    assert!(
        h.state()
            .status
            .as_ref()
            .unwrap()
            .1
            .contains("主管 S01 授权")
    );
    let day = late_evening().date();
    let overrides = h.state().db().duty_overrides(day, day).unwrap();
    assert_eq!(overrides.len(), 1);
}

/// The demo desk with the supervisor (S01) on the 设置 page.
fn settings_desk() -> Harness<'static, App> {
    let db = kaidan::demo::demo_copy(fixed_now().date()).unwrap();
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, "S01", kaidan::demo::DEMO_PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    h.run();
    h.get_by_label("设置").click();
    h.run();
    h
}

/// Replaces the text of the field with this label.
fn replace_text(h: &mut Harness<'_, App>, role: egui::Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

#[test]
fn the_claim_multiple_changes_the_terms_preview_and_is_saved() {
    let mut h = settings_desk();
    let before = h.state().db().claim_settings().unwrap();
    assert_eq!(
        kaidan::domain::settings::multiple_in_words(before.freight_multiple),
        "三倍"
    );
    let printed = |words: &str| {
        kaidan::domain::settings::DEFAULT_TERMS
            .replace("{赔偿倍数}", words)
            .replace("{保管费}", "7日内未提，超期每件每天收取保管费1元")
    };
    assert!(h.query_by_label(&printed("三倍")).is_some());

    replace_text(&mut h, egui::Role::TextInput, "赔偿倍数（运费的倍数）", "2");
    // The preview follows what is typed, before it is saved; the store does not.
    assert!(h.query_by_label(&printed("二倍")).is_some());
    assert!(h.query_by_label(&printed("三倍")).is_none());
    assert!(h.query_by_label_contains("尚未保存").is_some());
    assert_eq!(h.state().db().claim_settings().unwrap(), before);

    click(&mut h, "保存赔偿倍数");
    let after = h.state().db().claim_settings().unwrap();
    assert_eq!(
        after.freight_multiple.normalize(),
        rust_decimal::Decimal::from(2),
        "{:?}",
        h.state().settings.message
    );
    assert!(h.query_by_label("当前在用：运费二倍").is_some());
    assert!(h.query_by_label_contains("尚未保存").is_none());
}

#[test]
fn terms_writing_out_another_multiple_are_warned() {
    let mut h = settings_desk();
    assert!(h.query_by_label_contains("不符").is_none());
    replace_text(
        &mut h,
        egui::Role::MultilineTextInput,
        "运单条款",
        "未保价货物丢失按运费五倍以内赔偿。",
    );
    assert!(
        h.query_by_label_contains("条款写的「五倍」与赔偿倍数（运费三倍）不符")
            .is_some()
    );
    // Writing the placeholder instead ends the warning.
    replace_text(
        &mut h,
        egui::Role::MultilineTextInput,
        "运单条款",
        "未保价货物丢失按运费{赔偿倍数}以内赔偿。",
    );
    assert!(h.query_by_label_contains("不符").is_none());
    assert!(
        h.query_by_label("未保价货物丢失按运费三倍以内赔偿。")
            .is_some()
    );
}

/// Issue 19 item 2: the override by keyboard, at 1024×768. Ctrl+S off duty opens the
/// panel with the focus in 主管工号; Ctrl+P there keeps what was typed and moves to the
/// first empty field; Enter goes field to field and, on 授权原因, authorises and saves.
#[test]
fn the_supervisor_override_is_typed_through_by_keyboard() {
    let mut h = window(demo_app(late_evening, "A01"), 1024.0, 768.0);
    fill_minimal_waybill(&mut h);
    let before = h.state().view.waybill_count;
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.run();
    assert!(h.state().form.off_duty.is_some(), "{:?}", h.state().status);
    h.event(egui::Event::Text("S01".into()));
    h.run();
    assert_eq!(
        h.state().form.off_duty.as_ref().unwrap().supervisor_id,
        "S01"
    );
    // Ctrl+P with fields still empty: nothing is cleared, the focus goes on.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.run();
    assert_eq!(
        h.state().form.off_duty.as_ref().unwrap().supervisor_id,
        "S01"
    );
    assert_eq!(h.state().view.waybill_count, before);
    h.event(egui::Event::Text(kaidan::demo::DEMO_PASSWORD.into()));
    h.key_press(Key::Enter);
    h.run();
    h.event(egui::Event::Text("客户急件，开单员加班".into()));
    h.key_press(Key::Enter);
    h.run();
    h.run();
    crate::kit::assert_one_more_waybill(&h, before);
    assert!(h.state().form.off_duty.is_none());
}

/// Issue 19 item 3, the proof: a returning shipper's 10-piece 提付 waybill to their usual
/// consignee, with weight and volume, saved and printed in at most 25 key events, every
/// key counted (each typed character is one). The shipper is found by the last four
/// digits of their phone, which also bring their usual goods; Ctrl+1 brings the
/// consignee and the destination; Alt+F jumps past the inspection rows.
#[test]
fn a_returning_shippers_waybill_takes_at_most_25_keys() {
    returning_shippers_waybill(false);
}

/// The same keys typed ahead of the screen, all in one frame's input (a fast clerk on a
/// slow counter PC): each lands where it did one by one, and the same waybill is saved.
#[test]
fn a_returning_shippers_waybill_typed_ahead_in_one_burst_is_the_same() {
    returning_shippers_waybill(true);
}

fn returning_shippers_waybill(burst: bool) {
    let (mut h, log) = desk(&["前台针式"]);
    // A demo shipper whose phone's last four digits are theirs alone.
    let (phone, tail) = {
        let db = h.state().db();
        let listed = db
            .find_waybills(&kaidan::storage::waybills::WaybillQuery::default())
            .unwrap();
        listed
            .iter()
            .map(|w| {
                db.waybill(&w.number)
                    .unwrap()
                    .waybill
                    .shipper
                    .phone
                    .as_str()
                    .to_owned()
            })
            .find(|p| {
                let tail = &p[p.len() - 4..];
                db.shippers_by_tail(tail).unwrap().len() == 1
            })
            .map(|p| {
                let tail = p[p.len() - 4..].to_owned();
                (p, tail)
            })
            .expect("a shipper with a unique tail")
    };
    let before = h.state().view.waybill_count;
    let consignee = h
        .state()
        .db()
        .usual_consignees(&kaidan::domain::desk::phone::Phone::parse(&phone).unwrap())
        .unwrap()[0]
        .clone();
    h.run();
    let mut k = Keys(0, burst);
    let none = Modifiers::NONE;
    // 到站 has the focus; two Tabs to 发货方电话.
    k.press(&mut h, none, Key::Tab);
    k.press(&mut h, none, Key::Tab);
    k.type_text(&mut h, &tail);
    k.press(&mut h, none, Key::Enter);
    if !burst {
        assert_eq!(
            h.state().form.draft.shipper_phone,
            phone,
            "{:?}",
            h.state().status
        );
        assert!(
            !h.state().form.draft.goods_name.is_empty(),
            "the usual goods"
        );
    }
    k.press(&mut h, Modifiers::COMMAND, Key::Num1);
    // 品名 as last time: Enter; 件数 10.
    k.press(&mut h, none, Key::Enter);
    k.type_text(&mut h, "10");
    k.press(&mut h, none, Key::Enter);
    // 包装 as last time: Enter; 重量, 体积.
    k.press(&mut h, none, Key::Enter);
    k.type_text(&mut h, "250");
    k.press(&mut h, none, Key::Enter);
    k.type_text(&mut h, "1.2");
    // Alt+F to 交付与付款: Enter to 付款方式, Right for 提付, Ctrl+P.
    k.press(&mut h, Modifiers::ALT, Key::F);
    if burst {
        // X11 also sends the letter of an Alt shortcut as text.
        h.input_mut().events.push(egui::Event::Text("f".into()));
    }
    k.press(&mut h, none, Key::Enter);
    k.press(&mut h, none, Key::ArrowRight);
    k.press(&mut h, Modifiers::COMMAND, Key::P);
    let keys = k.0;
    if burst {
        // Straight on with the next waybill: its 到站, typed before the screen showed
        // the new form.
        k.type_text(&mut h, "xtx");
        k.press(&mut h, none, Key::Enter);
        // The frames the keys take, one move of the focus each, and the saves' own.
        crate::kit::run_paced(&mut h, 60);
        assert_eq!(
            h.state().form.draft.dest_code,
            "430321",
            "the next one's 到站"
        );
    }
    assert!(keys <= 25, "{keys} key events");
    assert_eq!(
        h.state().view.waybill_count,
        before + 1,
        "{:?} {:?}",
        h.state().status,
        h.state().form.draft
    );
    let (number, _) = h.state().form.last_saved.clone().unwrap();
    let saved = h.state().db().waybill(&number).unwrap().waybill;
    assert_eq!(saved.shipper.phone.as_str(), phone);
    assert_eq!(saved.consignee.name, consignee.name);
    assert_eq!(saved.dest_code, consignee.dest_code);
    assert_eq!(saved.pieces, 10);
    assert_eq!(saved.weight_kg, rust_decimal::Decimal::new(250, 0));
    assert_eq!(saved.volume_m3, rust_decimal::Decimal::new(12, 1));
    assert_eq!(
        saved.payment,
        kaidan::domain::desk::waybill::PaymentMethod::Collect
    );
    assert!(!log.lock().unwrap().printed.is_empty(), "printed");
}

/// Key events sent to a harness, counted: a key with its modifiers is one, and so is
/// each typed character. One by one, each with the frames it takes; or, in a burst, all
/// into the input of the one frame still to come.
struct Keys(u32, bool);

impl Keys {
    fn press(&mut self, h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
        self.0 += 1;
        if self.1 {
            for pressed in [true, false] {
                h.input_mut().events.push(egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed,
                    repeat: false,
                    modifiers,
                });
            }
            return;
        }
        h.key_press_modifiers(modifiers, key);
        h.run();
        h.run();
    }

    fn type_text(&mut self, h: &mut Harness<'_, App>, text: &str) {
        for c in text.chars() {
            self.0 += 1;
            if self.1 {
                h.input_mut().events.push(egui::Event::Text(c.to_string()));
                continue;
            }
            h.event(egui::Event::Text(c.to_string()));
            h.run();
        }
    }
}

/// Four digits no shipper's phone ends in say so, and fill nothing.
#[test]
fn an_unknown_phone_tail_is_said_so() {
    let (mut h, _) = desk(&[]);
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Tab);
    h.run();
    type_enter(&mut h, "0000");
    h.run();
    let (ok, message) = h.state().status.clone().unwrap();
    assert!(
        !ok && message.contains("没有电话尾号 0000 的老客户"),
        "{message}"
    );
    assert_eq!(h.state().form.draft.shipper_phone, "0000");
}
