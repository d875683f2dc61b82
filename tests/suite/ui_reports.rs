//! The 报表 page driven headless through `egui_kittest`: waybills issued around the edges
//! of November 2026 (one at 00:00:00 on the 1st, one at 23:59:59 on the 30th, one each side
//! of the month) and one voided; the supervisor steps back to November and reads the
//! month's figures on screen, then a day's; a clerk sees the same station figures and
//! only their own line of the clerk table.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a test fails loudly at the first surprise, and a flow reads best whole"
)]

use crate::kit::{click, hire, log_in_as, window};
use chrono::{NaiveDate, NaiveDateTime};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::cue::Silent;
use kaidan::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
use kaidan::domain::money::reports::ReportPeriod;
use kaidan::storage::Db;
use kaidan::ui::Page;

const XIANGTAN: &str = "430321";
const BEIJING: &str = "110105";

fn fixed_now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 2)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

struct Consignment<'a> {
    clerk: &'a str,
    dest: &'a str,
    pieces: u32,
    weight_kg: &'a str,
    volume_m3: &'a str,
    freight: &'a str,
    payment: PaymentMethod,
    at: &'a str,
}

fn issue(db: &mut Db, c: &Consignment<'_>) -> String {
    let waybill = WaybillDraft {
        dest_code: c.dest.into(),
        pieces: c.pieces.to_string(),
        weight_kg: c.weight_kg.into(),
        volume_m3: c.volume_m3.into(),
        freight: c.freight.into(),
        payment: c.payment,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    db.issue_waybill(&waybill, c.clerk, "GZ", at(c.at))
        .unwrap()
        .number
}

fn station() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    hire(
        &db,
        &[
            ("A01", "张丽", "开单员"),
            ("A02", "王强", "开单员"),
            ("S01", "刘建国", "主管"),
        ],
        fixed_now(),
    );
    let base = Consignment {
        clerk: "A01",
        dest: XIANGTAN,
        pieces: 2,
        weight_kg: "100",
        volume_m3: "0.5",
        freight: "120",
        payment: PaymentMethod::PayNow,
        at: "2026-11-01 00:00:00",
    };
    // November: three valid waybills, ¥500.50 in all.
    issue(&mut db, &base);
    issue(
        &mut db,
        &Consignment {
            pieces: 3,
            weight_kg: "50.5",
            volume_m3: "0.25",
            freight: "80.50",
            payment: PaymentMethod::Collect,
            at: "2026-11-15 10:00:00",
            ..base
        },
    );
    issue(
        &mut db,
        &Consignment {
            clerk: "A02",
            dest: BEIJING,
            pieces: 1,
            weight_kg: "200",
            volume_m3: "1",
            freight: "300",
            at: "2026-11-30 23:59:59",
            ..base
        },
    );
    // A voided one, and one each side of the month.
    let voided = issue(
        &mut db,
        &Consignment {
            clerk: "A02",
            dest: BEIJING,
            freight: "999",
            at: "2026-11-20 09:00:00",
            ..base
        },
    );
    db.void_waybill(&voided, "A02", "到站写错", at("2026-11-20 09:10:00"))
        .unwrap();
    issue(
        &mut db,
        &Consignment {
            freight: "50",
            at: "2026-10-31 23:59:59",
            ..base
        },
    );
    issue(
        &mut db,
        &Consignment {
            freight: "45",
            at: "2026-12-01 00:00:00",
            ..base
        },
    );
    db
}

fn harness(staff: &str) -> Harness<'static, App> {
    let mut app = App::with_clock(station(), fixed_now)
        .unwrap()
        .with_cue(Box::new(Silent));
    log_in_as(&mut app, staff, "1234");
    window(app, 1500.0, 1600.0)
}

fn shown(h: &Harness<'_, App>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

/// Opens the page (this month) and steps back to November.
fn open_november(h: &mut Harness<'_, App>) {
    h.run();
    click(h, "报表");
    assert_eq!(h.state().page, Page::Reports);
    assert_eq!(h.state().reports.period.unwrap().label(), "2026-12");
    assert!(shown(h, "2026年12月"));
    click(h, "◀ 上月");
    assert_eq!(h.state().reports.period.unwrap().label(), "2026-11");
    assert!(shown(h, "2026年11月"));
}

#[test]
fn the_supervisor_reads_a_months_figures_and_a_days() {
    let mut h = harness("S01");
    open_november(&mut h);

    // The month's totals: the voided waybill and the ones of October and December left
    // out, and the screen says so.
    for figure in [
        "营业额 ¥500.50",
        "票数 3 票",
        "件数 6 件",
        "重量 350.5 kg",
        "体积 1.750 m³",
        "票均 ¥166.83",
        "本期作废 1 票，未计入",
    ] {
        assert!(shown(&h, figure), "{figure} on screen");
    }
    assert!(h.query_by_label_contains("作废运单不计入").is_some());

    // The tables: each destination and each clerk with their revenue, 现付 and 提付.
    let report = h.state().reports.report.clone().unwrap();
    let clerks: Vec<(&str, String)> = report
        .by_clerk
        .iter()
        .map(|r| (r.label.as_str(), r.figures.revenue_yuan.to_string()))
        .collect();
    assert_eq!(
        clerks,
        [("王强", "300.00".to_owned()), ("张丽", "200.50".to_owned())]
    );
    for row in report.by_destination.iter().chain(&report.by_clerk) {
        assert!(shown(&h, &row.label), "{} in a table", row.label);
    }
    for cell in [
        "300.00", "200.50", "420.00", "80.50", "59.9%", "40.1%", "83.9%", "16.1%",
    ] {
        assert!(shown(&h, cell), "{cell} in a table");
    }
    assert!(shown(&h, "现付") && shown(&h, "回单付"));

    // Sorting by 票数 puts 张丽 (two waybills) first.
    assert_eq!(
        h.state().reports.sort,
        kaidan::ui::money::reports::SortKey::Revenue
    );
    h.get_all_by_label("票数").next().unwrap().click();
    h.run();
    assert_eq!(
        h.state().reports.sort,
        kaidan::ui::money::reports::SortKey::Waybills
    );

    // A day: today first, then the day before — the waybill of 00:00:00 on December 1.
    click(&mut h, "日报");
    assert_eq!(
        h.state().reports.period,
        Some(ReportPeriod::Day(fixed_now().date()))
    );
    assert!(h.state().reports.report.as_ref().unwrap().is_empty());
    assert!(shown(&h, "营业额 ¥0.00"));
    click(&mut h, "◀ 前一天");
    assert!(shown(&h, "2026年12月01日"));
    assert!(shown(&h, "营业额 ¥45.00"));
    assert!(shown(&h, "票数 1 票"));
    click(&mut h, "月报");
    assert_eq!(h.state().reports.period.unwrap().label(), "2026-12");
}

#[test]
fn a_clerk_sees_the_station_figures_and_only_their_own_line() {
    let mut h = harness("A01");
    open_november(&mut h);
    assert!(shown(&h, "营业额 ¥500.50"), "the station's totals");
    assert!(shown(&h, "票数 3 票"));
    assert!(shown(&h, "张丽"));
    assert!(!shown(&h, "王强"), "another clerk's line is not shown");
    assert!(h.query_by_label_contains("只有主管和财务可见").is_some());
    let report = h.state().reports.report.clone().unwrap();
    assert_eq!(report.by_clerk.len(), 1);
    assert_eq!(
        report.by_destination.len(),
        2,
        "destinations are station figures"
    );
}
