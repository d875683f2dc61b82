//! 拒收记录 (issue 18 item 8): a consignment refused for any reason, and a box opened for
//! inspection whose finding refuses the goods, as the counter records them.

use crate::kit::{click, log_in_as, nov, type_into, window};
use egui_kittest::kittest::Queryable;
use kaidan::app::App;

fn desk() -> egui_kittest::Harness<'static, App> {
    let db = kaidan::demo::demo_copy(nov(23, 9, 0).date()).unwrap();
    let mut app = App::with_clock(db, || nov(23, 9, 30)).unwrap();
    log_in_as(&mut app, "A01", kaidan::demo::DEMO_PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    h.run();
    click(&mut h, "拒收记录");
    h
}

#[test]
fn a_refusal_for_bad_packaging_and_an_inspection_are_recorded() {
    let mut h = desk();
    let before = h.state().db().refusals().unwrap().len();
    // Packaging without saying what: refused with the reason, nothing written.
    h.state_mut().refusals.refusal.cause =
        kaidan::domain::desk::inspection::RefusalCause::Packaging;
    type_into(&mut h, "发货方", "宏达服装厂");
    type_into(&mut h, "品名", "玻璃器皿");
    click(&mut h, "登记拒收（不予托运）");
    assert!(h.query_by_label_contains("请写明具体情况").is_some());
    assert_eq!(h.state().db().refusals().unwrap().len(), before);
    type_into(&mut h, "具体情况", "纸箱已破，发货方不肯加木架");
    click(&mut h, "登记拒收（不予托运）");
    let refusals = h.state().db().refusals().unwrap();
    assert_eq!(
        refusals.len(),
        before + 1,
        "{:?}",
        h.state().refusals.message
    );
    assert_eq!(
        refusals[0].reason,
        "包装不合格，发货方不愿整改：纸箱已破，发货方不肯加木架，不予托运"
    );
    assert_eq!(refusals[0].clerk_id, "A01");

    // A box opened: the declared 服装 is found to be lighter fluid; the goods are refused.
    h.state_mut().refusals.inspection = kaidan::domain::desk::inspection::InspectionDraft {
        shipper_name: "新潮服饰".into(),
        goods_name: "服装".into(),
        found: "箱内有打火机油 12 瓶".into(),
        result: kaidan::domain::desk::inspection::InspectionResult::Refused,
        ..Default::default()
    };
    h.run();
    click(&mut h, "记录开箱检查");
    let inspections = h.state().db().inspections().unwrap();
    assert_eq!(inspections.len(), 1, "{:?}", h.state().refusals.message);
    assert_eq!(inspections[0].1, "A01");
    let refusals = h.state().db().refusals().unwrap();
    assert_eq!(
        refusals[0].reason,
        "开箱检查：箱内有打火机油 12 瓶，不予托运"
    );
    assert!(
        h.query_by_label_contains("箱内有打火机油 12 瓶［不予托运］")
            .is_some()
    );
    assert_eq!(h.state().db().check_seals().unwrap(), Vec::<String>::new());
}
