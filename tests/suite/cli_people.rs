//! The people commands as scripts see them (FORMATS.md "Staff", "Clock-in records",
//! "Point events", "Monthly review"): the real binary run on real files in a temporary
//! folder, checked on exit status, stdout and stderr.

use crate::desk::Desk;

use crate::common::{EVENTS, PUNCHES, STAFF};

const EXPECTED_REVIEW: &str = concat!(
    r#"{"month":"2026-11","staff":["#,
    r#"{"id":"A01","name":"张三","points":94,"items":["#,
    r#"{"rule":"A4","points":-1,"count":6,"detail":"迟到早退10分钟内 6次"},"#,
    r#"{"rule":"A5","points":-2,"count":1,"detail":"迟到早退20分钟至1小时 1次"},"#,
    r#"{"rule":"A8","points":-2,"count":1,"detail":"上班时间外出不足1小时 1次（45分钟）"},"#,
    r#"{"rule":"P8","points":-1,"count":1,"detail":"未按报价表开单导致运费不够 1票：GZ0001"}],"#,
    r#""base_salary":"4000.00","days_employed":30,"pay":"3760.00","pay_date":"2026-12-31","charges":"55.00","charge_items":["#,
    r#"{"rule":"P8","amount":"55.00","waybill":"GZ0001","detail":"运单 GZ0001 运费 200.00 元，报价表 255.00 元，短收 55.00 元"}],"#,
    r#""charges_carried":"0.00","net_pay":"3705.00"},"#,
    r#"{"id":"A02","name":"李四","points":108,"items":["#,
    r#"{"rule":"A4","points":0,"count":1,"detail":"迟到早退10–20分钟 1次（条款未规定，按A4处理）"},"#,
    r#"{"rule":"A5","points":-2,"count":1,"detail":"缺卡 1次（条款未规定，按A5处理）"},"#,
    r#"{"rule":"B1","points":10,"count":1,"detail":"当月无扣分并获同事上级表扬"}],"#,
    r#""base_salary":"3000.00","days_employed":15,"pay":"1620.00","pay_date":"2026-12-31","#,
    r#""charges":"0.00","charge_items":[],"charges_carried":"0.00","net_pay":"1620.00"},"#,
    r#"{"id":"A03","name":"王五","points":102,"items":["#,
    r#"{"rule":"A12","points":5,"count":1,"detail":"全勤"},"#,
    r#"{"rule":"P19","points":-3,"count":1,"detail":"客户投诉 1次：GZ0009"}],"#,
    r#""base_salary":"3600.00","days_employed":10,"pay":"1224.00","pay_date":"2026-12-31","#,
    r#""charges":"0.00","charge_items":[],"charges_carried":"0.00","net_pay":"1224.00"},"#,
    r#"{"id":"A05","name":"孙八","points":98,"items":["#,
    r#"{"rule":"A7","points":-8,"count":1,"detail":"整班未打卡（旷工） 1次"},"#,
    r#"{"rule":"B2","points":6,"count":1,"detail":"当月无扣分"}],"#,
    r#""base_salary":"3500.00","days_employed":30,"pay":"3430.00","pay_date":"2026-12-31","#,
    r#""charges":"0.00","charge_items":[],"charges_carried":"0.00","net_pay":"3430.00"}"#,
    "]}\n"
);

#[test]
fn review_json_is_exactly_the_contract() {
    let desk = Desk::loaded();
    let run = desk.run_ok(&["review", "2026-11", "--json"]);
    assert_eq!(run.stdout, EXPECTED_REVIEW);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["staff"][0]["pay"], "3760.00");
    // B07 came with a waybill and has no join date: named on stderr, not reviewed.
    assert!(
        run.stderr.contains("工号 B07 没有入职日期，未列入考核"),
        "{}",
        run.stderr
    );
}

#[test]
fn review_without_json_is_a_chinese_table() {
    let desk = Desk::loaded();
    let run = desk.run_ok(&["review", "2026-11"]);
    for part in [
        "2026-11 月度考核：4 人，工资发放日 2026-12-31",
        "A01 张三（开单员）  得分 94  在职 30 天  月基本工资 4000.00  应发 3760.00",
        "迟到早退10分钟内 6次",
        "※A4",
        "含条款未规定的情形",
    ] {
        assert!(run.stdout.contains(part), "{part} in\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("A04"), "{}", run.stdout);
}

#[test]
fn reimporting_the_same_punches_and_events_changes_nothing() {
    let desk = Desk::loaded();
    let before = desk.run_ok(&["review", "2026-11", "--json"]).stdout;
    let run = desk.import_ok("punches", &desk.write("打卡2.csv", PUNCHES));
    assert!(
        run.stderr.contains("新增 0 条，更新 0 条，未变 22 条"),
        "{}",
        run.stderr
    );
    let run = desk.import_ok("events", &desk.write("事件2.csv", EVENTS));
    assert!(
        run.stderr
            .contains("已导入扣分事件 0 条（另有 4 条此前已导入，未重复添加）"),
        "{}",
        run.stderr
    );
    assert_eq!(desk.count("punches"), 22);
    assert_eq!(desk.count("point_events"), 4);
    assert_eq!(desk.run_ok(&["review", "2026-11", "--json"]).stdout, before);

    // A corrected export (a 补卡: A02 punched out after all) updates that record.
    let corrected = "工号,日期,班次,上班打卡,下班打卡\nA02,2026-11-19,早班,08:00,20:00\n";
    let run = desk.import_ok("punches", &desk.write("补卡.csv", corrected));
    assert!(run.stderr.contains("更新 1 条"), "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["review", "2026-11", "--json"]).stdout).unwrap();
    assert_eq!(
        json["staff"][1]["points"], 110,
        "the A5 of the missing punch is gone"
    );
}

#[test]
fn staff_import_updates_by_id() {
    let desk = Desk::loaded();
    let raise = "工号,姓名,岗位,入职日期,离职日期,月基本工资\nA01,张三,主管,2025-03-01,,5000\n";
    let run = desk.import_ok("staff", &desk.write("调薪.csv", raise));
    assert!(
        run.stderr.contains("新增 0 人，更新 1 人"),
        "{}",
        run.stderr
    );
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["review", "2026-11", "--json"]).stdout).unwrap();
    assert_eq!(json["staff"][0]["base_salary"], "5000.00");
    assert_eq!(json["staff"][0]["pay"], "4700.00");
}

#[test]
fn bad_rows_are_all_reported_and_nothing_is_written() {
    let desk = Desk::new();
    // An existing, empty database (made by the library, as the window makes it): the bad
    // imports must leave it so.
    drop(open_db(&desk));
    desk.run_ok(&["check"]);
    let staff = "工号,姓名,岗位,入职日期,离职日期,月基本工资\n\
                 A01,张三,开单员,2025-03-01,,4000\n\
                 A02,李四,经理,2025-03-01,,4000\n\
                 A03,王五,客服,2025-13-01,,abc\n";
    let file = desk.write("员工.csv", staff);
    let run = desk.import("staff", &file);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    run.names_rows(&file, &[(3, "岗位"), (4, "入职日期"), (4, "月基本工资")]);
    assert!(
        run.stderr.contains("未导入任何内容（共 3 处错误）"),
        "{}",
        run.stderr
    );
    assert_eq!(desk.count("staff"), 0);

    desk.import_ok("staff", &desk.write("员工2.csv", STAFF));
    let punches = "工号,日期,班次,上班打卡,下班打卡\n\
                   A01,2026-11-02,早班,08:00,20:00\n\
                   Z99,2026-11-02,早班,08:00,20:00\n\
                   A01,2026-11-03,夜班,8:00,20:61\n\
                   A01,2026-11-02,早班,08:05,20:00\n";
    let file = desk.write("打卡.csv", punches);
    let run = desk.import("punches", &file);
    assert_eq!(run.status, 1);
    run.names_rows(
        &file,
        &[(3, "工号"), (4, "班次"), (4, "下班打卡"), (5, "班次")],
    );
    assert!(
        run.stderr.contains("工号 Z99 不在员工名单中"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("与第 2 行重复"), "{}", run.stderr);
    assert!(!run.stderr.contains("第 2 行「"), "{}", run.stderr);
    assert_eq!(desk.count("punches"), 0);

    let events = "工号,日期,规则,数量,单号,说明\n\
                  A01,2026-11-05,P1,,,\n\
                  A01,2026-11-05,P99,,,\n\
                  A01,2026-11-05,L,,,\n\
                  A09,2026-11-05,P1,2,,\n";
    let file = desk.write("事件.csv", events);
    let run = desk.import("events", &file);
    assert_eq!(run.status, 1);
    run.names_rows(&file, &[(3, "规则"), (4, "数量"), (5, "工号")]);
    assert_eq!(desk.count("point_events"), 0);

    // A missing column is refused before any row is read.
    let run = desk.import(
        "events",
        &desk.write("缺列.csv", "工号,日期,规则\nA01,2026-11-05,P1\n"),
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("表头缺少列：数量、单号、说明"),
        "{}",
        run.stderr
    );
}

#[test]
fn review_month_must_be_yyyy_mm() {
    let desk = Desk::new();
    for args in [
        &["review"][..],
        &["review", "2026-13"],
        &["review", "202611"],
        &["review", "2026-1"],
        &["review", "2026-11", "--pdf"],
    ] {
        let run = desk.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    // A mistyped --db is not an empty database: nothing is created.
    let run = desk.run(&["review", "2026-11", "--json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
    assert!(!desk.dir.path().join("kaidan.sqlite3").exists());
    // An empty month of an existing database is an empty review, not an error.
    drop(open_db(&desk));
    let run = desk.run_ok(&["review", "2026-11", "--json"]);
    assert_eq!(run.stdout, "{\"month\":\"2026-11\",\"staff\":[]}\n");
}

/// Opens the desk's database with the library, as the app does.
fn open_db(desk: &Desk) -> kaidan::storage::Db {
    kaidan::storage::Db::open(&desk.dir.path().join("kaidan.sqlite3")).unwrap()
}

fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// What the app records (approved leave and outings, a withdrawn appeal, an approved
/// resignation) shows in `review --json`, in the contract's shape.
#[test]
fn requests_appeals_and_departures_change_review_json() {
    use kaidan::domain::people::Departure;
    use kaidan::domain::people::requests::{AppealOutcome, RequestDraft, RequestKind};

    let desk = Desk::loaded();
    desk.import_ok(
        "staff",
        &desk.write(
            "主管.csv",
            "工号,姓名,岗位,入职日期,离职日期,月基本工资\nS01,刘主管,主管,2024-01-01,,6000\n",
        ),
    );
    let mut db = open_db(&desk);
    let mut request = |id: &str, kind, from: &str, to: &str| {
        let draft = RequestDraft {
            staff_id: id.into(),
            kind: Some(kind),
            from: from.into(),
            to: to.into(),
            reason: "事由".into(),
        };
        let stored = db
            .add_request(&draft.validate().unwrap(), at("2026-11-01 09:00"))
            .unwrap();
        db.decide_request(stored.id, true, "S01", at("2026-11-01 10:00"))
            .unwrap();
    };
    // A05 was absent on 11-03: approved leave. A01 left the post 45 minutes on 11-18:
    // an approved outing of an hour.
    request("A05", RequestKind::Leave, "2026-11-03", "2026-11-03");
    request(
        "A01",
        RequestKind::Outing,
        "2026-11-18 10:00",
        "2026-11-18 11:00",
    );
    // A03 appeals the complaint of 11-05 (a Thursday) the next day; it is withdrawn.
    let nov: kaidan::domain::people::Month = "2026-11".parse().unwrap();
    let complaint = db
        .point_events(nov)
        .unwrap()
        .into_iter()
        .find(|e| e.event.staff_id == "A03" && e.event.code.code() == "P19")
        .unwrap();
    let late = db
        .appeal_event(complaint.id, "A03", "客户认错了人", at("2026-11-13 09:00"))
        .unwrap_err();
    assert!(
        late.to_string().contains("2026-11-12 前"),
        "the deadline is named: {late}"
    );
    let appeal = db
        .appeal_event(complaint.id, "A03", "客户认错了人", at("2026-11-06 09:00"))
        .unwrap();
    db.decide_appeal(
        appeal,
        AppealOutcome::Withdrawn,
        "录音证实不是王五",
        "S01",
        at("2026-11-07 09:00"),
    )
    .unwrap();
    // A02 resigned: applied 11-18, approved 11-20, works to 12-05, settled 12-06.
    db.record_departure(
        &Departure::resignation("A02", day("2026-11-18"), day("2026-11-20")).unwrap(),
        "S01",
        at("2026-11-20 10:00"),
    )
    .unwrap();
    drop(db);

    let run = desk.run_ok(&["review", "2026-11", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let person = |id: &str| {
        json["staff"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    let a01 = person("A01");
    assert_eq!(a01["points"], 96, "the outing excused the 45 minutes");
    assert_eq!(
        a01["items"][2],
        serde_json::json!({"rule": "A8", "points": 0, "count": 0, "detail": "已批外出 1次（不扣分）"})
    );
    let a02 = person("A02");
    assert_eq!(a02["pay_date"], "2026-12-06", "settled on day 16");
    assert_eq!(a02["days_employed"], 15);
    let a03 = person("A03");
    assert_eq!(
        a03["items"],
        serde_json::json!([
            {"rule": "A12", "points": 5, "count": 1, "detail": "全勤"},
            {"rule": "B1", "points": 10, "count": 1, "detail": "当月无扣分并获同事上级表扬"}
        ]),
        "the withdrawn complaint no longer counts"
    );
    assert_eq!(a03["points"], 115);
    let a05 = person("A05");
    assert_eq!(a05["points"], 106);
    assert_eq!(
        a05["items"][0],
        serde_json::json!({"rule": "A7", "points": 0, "count": 0, "detail": "已批请假 1次（不扣分）"})
    );
    // The other keys of the contract are unchanged (issue 16 added the charges).
    let keys: Vec<&String> = a05.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "base_salary",
            "charge_items",
            "charges",
            "charges_carried",
            "days_employed",
            "id",
            "items",
            "name",
            "net_pay",
            "pay",
            "pay_date",
            "points"
        ]
    );
}

/// Once a handover has been recorded, every other worked shift of a clerk without one
/// is P20 (−2 each) in `review --json`.
#[test]
fn missing_handovers_show_as_p20() {
    use kaidan::domain::people::attendance::{HandoverNotes, ShiftKey, ShiftKind};

    let desk = Desk::loaded();
    let before: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["review", "2026-11", "--json"]).stdout).unwrap();
    assert_eq!(
        before["staff"][0]["points"], 94,
        "no handover ever recorded: no P20"
    );
    let mut db = open_db(&desk);
    db.record_handover(
        &ShiftKey {
            staff_id: "A01".into(),
            day: day("2026-11-02"),
            shift: ShiftKind::Early,
        },
        &HandoverNotes::default(),
        at("2026-11-02 20:05"),
    )
    .unwrap();
    drop(db);
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["review", "2026-11", "--json"]).stdout).unwrap();
    let a01 = &json["staff"][0];
    let p20 = a01["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == "P20")
        .unwrap();
    // A01 worked 11-03 … 11-11 (7 shifts with punches) after the handover of 11-02.
    assert_eq!(p20["count"], 7);
    assert_eq!(p20["points"], -14);
    assert_eq!(a01["points"], 94 - 14);
    // A02 (a clerk from 11-16) worked two shifts with punches and handed over none.
    assert_eq!(json["staff"][1]["items"][2]["rule"], "P20");
}

/// `import requests`: DingTalk's approvals with their decisions, all or nothing, each bad
/// row named; importing the same file again adds nothing.
#[test]
fn import_requests_from_a_dingtalk_export() {
    let desk = Desk::new();
    let staff = desk.write("staff.csv", STAFF);
    desk.import_ok("staff", &staff);
    let bad = desk.write(
        "bad.csv",
        "工号,类别,开始,结束,事由,审批状态\n\
         A01,事假,2026-11-24 08:00,2026-11-24 20:00,家里有事,已同意\n\
         Z99,外出,2026-11-25 09:00,2026-11-25 10:00,办事,已同意\n\
         A02,加班,2026-11-25 20:00,2026-11-25 19:00,盘点,同意\n\
         A05,请假,2026-11-26 08:00,2026-11-26 20:00,,随便\n",
    );
    let run = desk.import("requests", &bad);
    assert_eq!(run.status, 1);
    for words in ["Z99", "结束时间必须晚于开始时间", "请填写事由", "随便"] {
        assert!(run.stderr.contains(words), "{words}: {}", run.stderr);
    }
    assert_eq!(desk.count("attendance_requests"), 0, "nothing written");
    let good = desk.write(
        "good.csv",
        "工号,类别,开始,结束,事由,审批状态,审批人\n\
         A01,事假,2026-11-24 08:00,2026-11-24 20:00,家里有事,已同意,刘建国\n\
         A05,外出,2026/11/25 09:00,2026/11/25 10:30,银行办事,驳回,刘建国\n",
    );
    let run = desk.import_ok("requests", &good);
    assert!(run.stderr.contains("已导入申请 2 条"), "{}", run.stderr);
    let again = desk.import_ok("requests", &good);
    assert!(again.stderr.contains("2 条此前已导入"), "{}", again.stderr);
    assert_eq!(desk.count("attendance_requests"), 2);
    let conn = rusqlite::Connection::open(desk.dir.path().join("kaidan.sqlite3")).unwrap();
    let rows: Vec<(String, String, String)> = conn
        .prepare("SELECT staff_id, kind, status FROM attendance_requests ORDER BY staff_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            ("A01".to_owned(), "请假".to_owned(), "已批".to_owned()),
            ("A05".to_owned(), "外出".to_owned(), "驳回".to_owned()),
        ]
    );
}
