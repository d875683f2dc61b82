//! The dispatch page as clerks at both ends of a route use it, driven headless through
//! `egui_kittest`: the loading station makes a manifest, a USB scanner types label codes
//! and Enter into the scan field (a duplicate and a wrong destination are refused at once),
//! the truck departs; the receiving station imports the exchange file, scans the pieces
//! off with one missing and sees the discrepancy; then a consignee is told and collects
//! with a checked ID number and a drawn signature. Controlled goods wait for the shipper.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a test fails loudly at the first surprise, and a flow reads best whole"
)]

use crate::kit::{Recorder, log_in_as, nov, scan, type_into, window};
use chrono::NaiveDateTime;
use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::cue::Silent;
use kaidan::documents::desk::labels::label_code;
use kaidan::documents::dispatch::exchange::export_manifest;
use kaidan::domain::desk::waybill::{
    IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft,
};
use kaidan::domain::dispatch::Stage;
use kaidan::storage::Db;
use kaidan::storage::dispatch::{ManifestFilter, ManifestState};
use kaidan::storage::staff::StaffMember;
use kaidan::ui::Page;
use kaidan::ui::dispatch::DispatchTab;

const XIANGTAN: &str = "430321";
const BEIJING: &str = "110105";

fn fixed_now() -> NaiveDateTime {
    nov(23, 16, 0)
}

fn next_morning() -> NaiveDateTime {
    nov(24, 9, 0)
}

fn station(staff: &str, name: &str) -> Db {
    let db = Db::open_in_memory().unwrap();
    db.upsert_staff(&StaffMember {
        id: staff.into(),
        name: name.into(),
        role: "开单员".into(),
    })
    .unwrap();
    db.set_password(staff, "1234", fixed_now()).unwrap();
    db
}

fn issue(
    db: &mut Db,
    dest: &str,
    pieces: u32,
    payment: PaymentMethod,
    controlled: bool,
) -> IssuedWaybill {
    let waybill = WaybillDraft {
        dest_code: dest.into(),
        pieces: pieces.to_string(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        payment,
        controlled_release: controlled,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    db.issue_waybill(
        &waybill,
        "A01",
        "GZ",
        fixed_now() - chrono::Duration::hours(6),
    )
    .unwrap()
}

fn harness(db: Db, staff: &str, clock: fn() -> NaiveDateTime) -> Harness<'static, App> {
    harness_printing(db, staff, clock, Recorder::default())
}

fn harness_printing(
    db: Db,
    staff: &str,
    clock: fn() -> NaiveDateTime,
    printer: Recorder,
) -> Harness<'static, App> {
    let mut app = App::with_clock(db, clock)
        .unwrap()
        .with_cue(Box::new(Silent))
        .with_printing(Box::new(printer));
    log_in_as(&mut app, staff, "1234");
    window(app, 1500.0, 1000.0)
}

fn cue(h: &Harness<'_, App>) -> (bool, String) {
    let cue = h.state().dispatch.cue.clone().unwrap();
    (cue.ok, cue.text)
}

fn tab(h: &mut Harness<'_, App>, tab: DispatchTab) {
    h.get_by_label(tab.label()).click();
    h.run();
}

/// Draws a stroke across the signature pad with the pointer.
fn sign(h: &mut Harness<'_, App>) {
    let pad = h.get_by_label("签名板");
    pad.scroll_to_me();
    h.run();
    let rect = h.get_by_label("签名板").rect();
    let at = |fx: f32, fy: f32| {
        egui::pos2(
            rect.left() + rect.width() * fx,
            rect.top() + rect.height() * fy,
        )
    };
    let press = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(at(0.1, 0.6)));
    h.event(press(at(0.1, 0.6), true));
    h.run();
    for k in 1..=10 {
        #[allow(clippy::cast_precision_loss, reason = "k is at most 10")]
        let f = k as f32 / 10.0;
        h.event(egui::Event::PointerMoved(at(0.1 + 0.7 * f, 0.6 - 0.3 * f)));
        h.run();
    }
    h.event(press(at(0.8, 0.3), false));
    h.run();
}

#[test]
fn load_depart_receive_with_a_missing_piece_and_release() {
    // The loading station (广州): three waybills, two of them to 湘潭县.
    let mut gz = station("A01", "张丽");
    let w1 = issue(&mut gz, XIANGTAN, 3, PaymentMethod::Collect, false);
    let w2 = issue(&mut gz, XIANGTAN, 2, PaymentMethod::PayNow, false);
    let w3 = issue(&mut gz, BEIJING, 1, PaymentMethod::PayNow, false);
    let mut h = harness(gz, "A01", fixed_now);
    h.run();
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().page, Page::Dispatch);
    // The stock shows all three, still in the warehouse.
    assert_eq!(h.state().dispatch.stock.len(), 3);

    // A manifest for a truck to 湘潭县.
    tab(&mut h, DispatchTab::Loading);
    h.get_by_label("新建发车清单").click();
    h.run();
    type_into(&mut h, "车牌号 *", "湘C12345");
    type_into(&mut h, "司机 *", "王师傅");
    type_into(&mut h, "司机电话 *", "13812345678");
    type_into(&mut h, "线路到站 *", "湘潭县");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("加入线路").click();
    h.run();
    type_into(&mut h, "计划发车 *", "2026-11-23 18:00");
    h.get_by_label("建立清单").click();
    h.run();
    h.run();
    let manifest_id = h.state().dispatch.open.as_ref().unwrap().summary.id;
    assert_eq!(
        h.state()
            .dispatch
            .open
            .as_ref()
            .unwrap()
            .summary
            .route_codes,
        vec![XIANGTAN.to_owned()]
    );

    // The scan field has the focus: scan piece after piece.
    scan(&mut h, &label_code(&w1.number, 1));
    assert!(cue(&h).0, "{:?}", cue(&h));
    // Two labels read faster than the screen draws: both are loaded.
    crate::kit::scan_in_one_frame(
        &mut h,
        &[&label_code(&w1.number, 2), &label_code(&w1.number, 3)],
    );
    scan(&mut h, &label_code(&w2.number, 1));
    let (ok, words) = cue(&h);
    assert!(ok, "{words}");
    assert!(words.contains("单票未装完，余 1 件"), "{words}");
    // A duplicate and a wrong destination are refused at once, in red.
    scan(&mut h, &label_code(&w1.number, 2));
    let (ok, words) = cue(&h);
    assert!(!ok);
    assert!(words.contains("重复扫描"), "{words}");
    scan(&mut h, &label_code(&w3.number, 1));
    let (ok, words) = cue(&h);
    assert!(!ok);
    assert!(words.contains("到站不符"), "{words}");
    assert!(h.query_by_label_contains("到站不符").is_some());
    // The partly loaded waybill is marked on the manifest.
    assert!(h.query_by_label("单票未装完，余 1 件").is_some());
    let totals = h.state().dispatch.open.as_ref().unwrap().totals.clone();
    assert_eq!((totals.waybills, totals.pieces_loaded), (2, 4));
    assert_eq!(totals.partial_waybills, 1);

    // Departure asks once more, then locks the manifest.
    h.get_by_label("发车（锁定清单）").click();
    h.run();
    h.get_by_label("确认发车").click();
    h.run();
    let state = h.state().dispatch.open.as_ref().unwrap().summary.state();
    assert_eq!(state, ManifestState::Departed);
    assert!(h.query_by_label("扫描装车").is_none());
    assert_eq!(
        h.state().db().waybill_life(&w1.number).unwrap().stage,
        Stage::Departed
    );

    // The exchange file goes to the receiving station (湘潭), which has its own database.
    let exchange = h.state().db().manifest_exchange(manifest_id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("manifest.json");
    std::fs::write(&file, export_manifest(&exchange).unwrap()).unwrap();

    let xt = station("B02", "王芳");
    let printed = Recorder::default();
    let mut r = harness_printing(xt, "B02", next_morning, printed.clone());
    r.run();
    r.key_press(Key::F5);
    r.run();
    tab(&mut r, DispatchTab::Arrival);
    r.state_mut().import_manifest_file(&file).unwrap();
    r.run();
    // Importing the same file twice changes nothing.
    r.state_mut().import_manifest_file(&file).unwrap();
    r.run();
    assert!(
        r.state()
            .dispatch
            .message
            .as_ref()
            .unwrap()
            .1
            .contains("已导入过"),
        "{:?}",
        r.state().dispatch.message
    );
    assert_eq!(
        r.state().db().manifests(ManifestFilter::All).unwrap().len(),
        1
    );

    // Unloading: piece 3 of the first waybill never comes off the truck.
    r.state_mut().dispatch.focus_scan = true;
    r.run();
    scan(&mut r, &label_code(&w1.number, 1));
    assert!(cue(&r).0, "{:?}", cue(&r));
    scan(&mut r, &label_code(&w1.number, 2));
    scan(&mut r, &label_code(&w2.number, 1));
    r.get_by_label("完成核对（少件按未到登记）").click();
    r.run();
    let report = r.state().dispatch.arrival.clone().unwrap();
    assert!(report.closed);
    let problems: Vec<_> = report.problem_lines().collect();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].number, w1.number);
    assert_eq!(problems[0].check.missing(), vec![3]);
    assert!(r.query_by_label_contains("少件 1（第 3 件）").is_some());

    // The 提付 of another station's waybill is this station's to collect.
    let open = r.state().db().open_receivables().unwrap();
    let owed = open.iter().find(|o| o.number == w1.number).unwrap();
    assert_eq!(owed.open_yuan.to_string(), "120.00");
    assert!(
        open.iter().all(|o| o.number != w2.number),
        "现付 owes nothing"
    );

    // The consignee is told …
    tab(&mut r, DispatchTab::Notify);
    let to_notify = r.state().dispatch.to_notify.clone();
    assert_eq!(to_notify.len(), 2);
    r.get_by_label_contains("通知内容").focus();
    r.run();
    r.event(egui::Event::Text("请带身份证，提付 120 元".to_owned()));
    r.run();
    r.get_all_by_label("已电话通知").next().unwrap().click();
    r.run();
    assert_eq!(r.state().dispatch.to_notify.len(), 1);

    // … and collects the two pieces that arrived, paying the 提付 first.
    tab(&mut r, DispatchTab::Release);
    type_into(&mut r, "运单号", &w1.number);
    r.key_press(Key::Enter);
    r.run();
    let release = r
        .state()
        .dispatch
        .release
        .clone()
        .unwrap_or_else(|| panic!("{:?} {:?}", r.state().status, r.state().dispatch.message));
    assert_eq!(release.facts.pieces_left(), 3);
    type_into(&mut r, "提货人 *", "李四");
    // A wrong check digit is caught as typed.
    type_into(&mut r, "证件号码 *", "110105194912310021");
    assert!(r.query_by_label_contains("校验").is_some());
    r.get_by_role_and_label(Role::TextInput, "证件号码 *")
        .focus();
    r.run();
    r.key_press(Key::End);
    for _ in 0..18 {
        r.key_press(Key::Backspace);
    }
    r.run();
    r.event(egui::Event::Text("11010519491231002X".to_owned()));
    r.run();
    assert!(r.query_by_label("证件号码校验通过").is_some());
    // Without a signature the goods stay.
    r.get_by_role_and_label(Role::TextInput, "提货件数 *")
        .focus();
    r.run();
    // The field is filled with the pieces left (3).
    r.key_press(Key::End);
    r.key_press(Key::Backspace);
    r.run();
    r.event(egui::Event::Text("2".to_owned()));
    r.run();
    r.get_by_label("确认放货").click();
    r.run();
    assert!(r.query_by_label_contains("没有签名不能放货").is_some());
    sign(&mut r);
    assert!(!r.state().dispatch.pickup.signature.is_blank());
    r.get_by_label("确认放货").click();
    r.run();
    assert!(
        r.state()
            .dispatch
            .message
            .as_ref()
            .unwrap()
            .1
            .contains("已放货"),
        "{:?} / {:?}",
        r.state().dispatch.message,
        r.state().status
    );
    let pickups = r.state().db().pickups(&w1.number).unwrap();
    assert_eq!(pickups.len(), 1);
    assert_eq!(pickups[0].pieces, 2);
    assert_eq!(pickups[0].id_number, "11010519491231002X");
    assert!(!pickups[0].signature.is_blank());
    let life = r.state().db().waybill_life(&w1.number).unwrap();
    assert_ne!(life.stage, Stage::PickedUp, "one piece is still missing");
    // Paid at the pickup: nothing is owed any more.
    let open = r.state().db().open_receivables().unwrap();
    assert!(open.iter().all(|o| o.number != w1.number));
    // The pickup slip printed at once, with the collector's ID number.
    let jobs = printed.0.lock().unwrap();
    let (title, pdf) = jobs.last().unwrap();
    assert!(title.contains("提货单"), "{title}");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn controlled_goods_wait_for_the_shippers_authorization() {
    // One station receives its own truck back: the same database at both ends.
    let mut db = station("A01", "张丽");
    let w = issue(&mut db, XIANGTAN, 1, PaymentMethod::PayNow, true);
    let id = crate::dispatch::open_manifest(&mut db, &[XIANGTAN], fixed_now());
    db.scan_load(id, &label_code(&w.number, 1), "A01", fixed_now())
        .unwrap()
        .unwrap();
    db.depart_manifest(id, "A01", fixed_now()).unwrap();
    db.scan_arrival(id, &label_code(&w.number, 1), "A01", fixed_now())
        .unwrap()
        .unwrap();
    db.finish_arrival(id, "A01", fixed_now()).unwrap();

    let mut h = harness(db, "A01", next_morning);
    h.run();
    h.key_press(Key::F5);
    h.run();
    tab(&mut h, DispatchTab::Release);
    type_into(&mut h, "运单号", &label_code(&w.number, 1));
    h.key_press(Key::Enter);
    h.run();
    // No pickup form until the shipper authorizes: only the authorization form.
    assert!(h.query_by_label_contains("发货方尚未授权").is_none());
    assert!(
        h.query_by_label("等通知放货：须先登记发货方的放货授权")
            .is_some()
    );
    assert!(h.query_by_label("确认放货").is_none());
    // A phone call is recorded with who authorized.
    // The method is a choice row: Right moves to 电话确认.
    h.get_by_role_and_label(Role::ComboBox, "授权方式 *")
        .focus();
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label("登记授权").click();
    h.run();
    assert!(h.query_by_label_contains("请填写接电话确认放货").is_some());
    type_into(&mut h, "授权人 *", "宏达服装厂 陈老板 13912345678");
    h.get_by_label("登记授权").click();
    h.run();
    assert!(
        h.state()
            .dispatch
            .release
            .as_ref()
            .unwrap()
            .facts
            .authorized
    );
    assert!(h.query_by_label("发货方已授权放货").is_some());
    assert!(h.query_by_label("确认放货").is_some());
}

fn twelve_days_later() -> NaiveDateTime {
    nov(23, 16, 0) + chrono::Duration::days(12)
}

/// 保管费 on the release page (issue 16, M3): twelve days after arrival the page shows the
/// fee with its working; the clerk's 免收 is refused (the supervisor's work).
#[test]
fn the_release_page_shows_the_storage_fee_and_only_a_supervisor_waives_it() {
    let mut db = station("A01", "张丽");
    let w = issue(&mut db, XIANGTAN, 2, PaymentMethod::PayNow, false);
    let id = crate::dispatch::open_manifest(&mut db, &[XIANGTAN], fixed_now());
    for piece in 1..=2 {
        db.scan_load(id, &label_code(&w.number, piece), "A01", fixed_now())
            .unwrap()
            .unwrap();
    }
    db.depart_manifest(id, "A01", fixed_now()).unwrap();
    for piece in 1..=2 {
        db.scan_arrival(id, &label_code(&w.number, piece), "A01", fixed_now())
            .unwrap()
            .unwrap();
    }
    db.finish_arrival(id, "A01", fixed_now()).unwrap();

    let mut h = harness(db, "A01", twelve_days_later);
    h.run();
    h.key_press(Key::F5);
    h.run();
    tab(&mut h, DispatchTab::Release);
    type_into(&mut h, "运单号", &w.number);
    h.key_press(Key::Enter);
    h.run();
    // 12 days, 5 past the free 7, × 2 pieces × ¥1.
    assert!(
        h.query_by_label_contains(
            "含保管费 ¥10.00：到站 12 天（免费 7 天），计 5 天 × 2 件 × 1 元"
        )
        .is_some()
    );
    type_into(&mut h, "免收原因", "老客户");
    h.get_by_label("免收保管费（主管）").click();
    h.run();
    assert!(
        h.state()
            .status
            .as_ref()
            .is_some_and(|(ok, m)| !ok && m.contains("主管")),
        "{:?}",
        h.state().status
    );
    assert!(h.query_by_label_contains("含保管费 ¥10.00").is_some());
}
