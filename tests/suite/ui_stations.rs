//! Two stations on one database, each a window (issue 15): the company's supervisor adds
//! the second station and moves a clerk there in 设置; that clerk's window is the other
//! station's — its name, its numbers, its stock — and the first station's supervisor
//! no longer sees them.

use crate::kit::{PASSWORD, click, hire, log_in_as, nov, parcel, type_into, window};
use chrono::NaiveDateTime;
use egui::Role;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::waybill::ValidationContext;
use kaidan::domain::stations::Scope;
use kaidan::storage::Db;
use kaidan::storage::dispatch::StockQuery;
use kaidan::ui::{Command, DeskCommand, Page};

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

#[test]
fn the_company_adds_a_station_and_its_clerk_works_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("company.db");
    let first = Db::open(&path).unwrap();
    hire(
        &first,
        &[
            ("S01", "刘建国", "主管"),
            ("A01", "张丽", "开单员"),
            ("Y01", "周燕", "开单员"),
        ],
        fixed_now(),
    );
    drop(first);

    // The supervisor of a database of one station acts for the company: 设置 offers 站点.
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "S01", PASSWORD);
    assert_eq!(app.db().scope(), Scope::Company);
    let mut h = window(app, 1400.0, 900.0);
    click(&mut h, "设置");
    for (label, typed) in [
        ("站点代码", "YY"),
        ("站点名称", "岳阳站"),
        ("站点电话", "0730-8221234"),
        ("站点区县", "430602"),
    ] {
        type_into(&mut h, label, typed);
    }
    click(&mut h, "保存站点");
    let stations = h.state().db().stations().unwrap();
    assert_eq!(stations.len(), 2, "{:?}", h.state().settings.message);
    assert!(h.query_by_label("岳阳站").is_some());

    // Y01 opened from the staff list, put at 岳阳站.
    click(&mut h, "Y01");
    h.get_by_role_and_label(Role::ComboBox, "所属站点").click();
    h.run();
    h.get_by_label("YY 岳阳站").click();
    h.run();
    type_into(&mut h, "入职日期", "2026-11-01");
    click(&mut h, "添加/更新员工");
    assert_eq!(
        h.state().db().post("Y01").unwrap(),
        Scope::Station(stations[1].id),
        "{:?}",
        h.state().settings.message
    );

    // Y01's counter is 岳阳站's: its numbers, its name in the status bar, its stock.
    let mut yy = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut yy, "Y01", PASSWORD);
    assert_eq!(yy.view.settings.station_name, "岳阳站");
    let waybill = parcel().validate(&ValidationContext::lenient()).unwrap();
    yy.handle(Command::Desk(DeskCommand::IssueWaybill {
        waybill: Box::new(waybill),
        clerk_id: "Y01".into(),
        print: false,
    }));
    let issued = yy.form.last_saved.clone().expect("saved").0;
    assert!(issued.starts_with("YY"), "{issued}");
    let mut yh = window(yy, 1024.0, 768.0);
    yh.run();
    assert!(
        yh.query_by_label_contains("周燕（开单员，岳阳站）")
            .is_some()
    );
    let stock = |db: &Db| {
        db.stock(&StockQuery::default(), fixed_now().date())
            .unwrap()
    };
    assert_eq!(stock(yh.state().db()).len(), 1);

    // 广州's clerk does not have it in stock; the company's supervisor does.
    let mut gz = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut gz, "A01", PASSWORD);
    assert!(stock(gz.db()).is_empty());
    assert_eq!(stock(h.state().db()).len(), 1);
    // … and the 站点 section is the company's alone.
    gz.handle(Command::Navigate(Page::Settings));
    assert!(gz.status.as_ref().is_some_and(|(ok, _)| !ok));
}
