//! Tests of the people imports' parsing.

use super::*;
use crate::documents::tabular::read_table_bytes;
use rust_decimal::Decimal;

fn table(name: &str, text: &str, columns: &[&str]) -> Table {
    read_table_bytes(name, text.as_bytes(), columns).unwrap()
}

fn located(errors: &RowErrors) -> Vec<(usize, Option<&str>)> {
    errors
        .iter()
        .map(|e| (e.line, e.column.as_deref()))
        .collect()
}

fn known() -> BTreeSet<String> {
    ["A01", "A02"].iter().map(|s| (*s).to_owned()).collect()
}

const STAFF_HEADER: &str = "工号,姓名,岗位,入职日期,离职日期,月基本工资\n";

#[test]
fn staff_rows() {
    let t = table(
        "staff.csv",
        &format!(
            "{STAFF_HEADER}A01,张三,开单员,2025-03-01,,4000\nB02,李四,主管,2026/11/16,2026-12-31,\"¥5,200.50\"\n"
        ),
        &STAFF_COLUMNS,
    );
    let staff = parse_staff(&t).unwrap();
    assert_eq!(staff.len(), 2);
    assert_eq!(staff[1].role, Role::Supervisor);
    assert_eq!(staff[1].joined_on, NaiveDate::from_ymd_opt(2026, 11, 16));
    assert_eq!(staff[1].base_salary_yuan.to_string(), "5200.50");
    assert_eq!(staff[0].left_on, None);
}

#[test]
fn staff_bad_rows_all_named() {
    let t = table(
        "staff.csv",
        &format!(
            "{STAFF_HEADER}\
             A01,张三,开单员,2025-03-01,,4000\n\
             A01,张三,开单员,2025-03-01,,4000\n\
             ,,经理,2025-13-01,,-5\n\
             A 3,王五,客服,,2025-01-01,abc\n\
             A04,赵六,财务,2026-11-16,2026-11-15,3000\n"
        ),
        &STAFF_COLUMNS,
    );
    let errors = parse_staff(&t).unwrap_err();
    assert_eq!(
        located(&errors),
        [
            (3, Some("工号")),
            (4, Some("工号")),
            (4, Some("姓名")),
            (4, Some("岗位")),
            (4, Some("入职日期")),
            (4, Some("月基本工资")),
            (5, Some("工号")),
            (5, Some("入职日期")),
            (5, Some("月基本工资")),
            (6, Some("离职日期")),
        ]
    );
    let report = errors.report();
    assert!(
        report.contains("第 3 行「工号」：工号 A01 与第 2 行重复"),
        "{report}"
    );
    assert!(report.contains("第 6 行「离职日期」：离职日期 2026-11-15 早于入职日期 2026-11-16"));
}

#[test]
fn a_salary_beyond_ten_million_is_refused_never_a_panic() {
    for salary in [
        "1e27",
        "79228162514264337593543950335",
        "1e20",
        "10000000.01",
    ] {
        let t = table(
            "staff.csv",
            &format!("{STAFF_HEADER}A01,张三,开单员,2025-03-01,,{salary}\n"),
            &STAFF_COLUMNS,
        );
        let errors = parse_staff(&t).unwrap_err();
        assert_eq!(located(&errors), [(2, Some("月基本工资"))], "{salary}");
        assert!(
            errors.report().contains("超出范围"),
            "{salary}: {}",
            errors.report()
        );
    }
}

const PUNCH_HEADER: &str = "工号,日期,班次,上班打卡,下班打卡\n";

fn punches(text: &str, locked: &[&str], stored: &[Punch]) -> Result<Vec<Punch>, RowErrors> {
    let locked: BTreeSet<Month> = locked.iter().map(|m| m.parse().unwrap()).collect();
    let t = table(
        "punches.csv",
        &format!("{PUNCH_HEADER}{text}"),
        &PUNCH_COLUMNS,
    );
    parse_punches(
        &t,
        &PunchContext {
            known_staff: &known(),
            locked_months: &locked,
            stored_same: &|p| stored.contains(p),
        },
    )
}

#[test]
fn punch_rows() {
    let parsed = punches(
        "A01,2026-11-03,晚班,19:58,7:55\nA01,2026-11-04,早班,,20:00:30\nA02,2026-11-04,休息,,\n",
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed[0].shift, ShiftKind::Night);
    assert_eq!(parsed[0].clock_out, NaiveTime::from_hms_opt(7, 55, 0));
    assert_eq!(parsed[1].clock_in, None);
    assert_eq!(parsed[1].clock_out, NaiveTime::from_hms_opt(20, 0, 0));
}

#[test]
fn punch_bad_rows_all_named() {
    let errors = punches(
        "Z99,2026-11-03,早班,08:00,20:00\n\
         A01,11/3,夜班,25:00,8点\n\
         A01,2026-11-05,早班,08:00,20:00\n\
         A01,2026-11-05,早班,08:01,20:00\n",
        &[],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        located(&errors),
        [
            (2, Some("工号")),
            (3, Some("日期")),
            (3, Some("班次")),
            (3, Some("上班打卡")),
            (3, Some("下班打卡")),
            (5, Some("班次")),
        ]
    );
    assert!(errors.report().contains("工号 Z99 不在员工名单中"));
    assert!(errors.report().contains("与第 4 行重复"));
}

#[test]
fn punches_in_a_locked_month_only_when_unchanged() {
    let stored = punches("A01,2026-11-03,早班,08:00,20:00\n", &[], &[]).unwrap();
    assert!(punches("A01,2026-11-03,早班,08:00,20:00\n", &["2026-11"], &stored).is_ok());
    let errors = punches(
        "A01,2026-11-03,早班,08:05,20:00\nA01,2026-11-04,早班,08:00,20:00\nA01,2026-12-01,早班,08:00,20:00\n",
        &["2026-11"],
        &stored,
    )
    .unwrap_err();
    assert_eq!(located(&errors), [(2, Some("日期")), (3, Some("日期"))]);
    assert!(errors.report().contains("2026-11 的考核已锁定"));
}

const EVENT_HEADER: &str = "工号,日期,规则,数量,单号,说明\n";

fn events(text: &str, locked: &[&str], stored: &[PointEvent]) -> Result<ParsedEvents, RowErrors> {
    let locked: BTreeSet<Month> = locked.iter().map(|m| m.parse().unwrap()).collect();
    let t = table(
        "events.csv",
        &format!("{EVENT_HEADER}{text}"),
        &EVENT_COLUMNS,
    );
    parse_events(
        &t,
        &EventContext {
            known_staff: &known(),
            locked_months: &locked,
            already_imported: &|e| stored.iter().filter(|s| *s == e).count(),
            waybill_exists: &|_| true,
        },
    )
}

#[test]
fn event_rows() {
    let parsed = events(
        "A01,2026-11-05,P13,,,对客户发火\nA01,2026-11-06,p16B,2,,\nA02,2026-11-07,L,45,,外出办私事\nA02,2026-11-08,B1,,,主管表扬\n",
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(parsed.skipped, 0);
    let codes: Vec<(&str, u32)> = parsed
        .new
        .iter()
        .map(|e| (e.code.code(), e.quantity))
        .collect();
    assert_eq!(codes, [("P13", 1), ("P16b", 2), ("L", 45), ("B1", 1)]);
    assert!(parsed.new.iter().all(|e| e.source == EventSource::Import));
}

#[test]
fn event_bad_rows_all_named() {
    let errors = events(
        "A01,2026-11-05,A4,1,,\nA03,2026-11-05,P1,0,,\nA01,,P1,x,,\nA01,2026-11-05,L,,,\nA01,2026-11-05,B2,,,\n",
        &[],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        located(&errors),
        [
            (2, Some("规则")),
            (3, Some("工号")),
            (3, Some("数量")),
            (4, Some("日期")),
            (4, Some("数量")),
            (5, Some("数量")),
            (6, Some("规则")),
        ]
    );
    assert!(errors.report().contains("须在数量中填写外出的分钟数"));
}

#[test]
fn event_counts_beyond_a_month_are_refused() {
    let errors = events(
        "A01,2026-11-05,P1,1000,,\nA01,2026-11-05,L,44641,,\nA01,2026-11-05,L,44640,,\n",
        &[],
        &[],
    )
    .unwrap_err();
    assert_eq!(located(&errors), [(2, Some("数量")), (3, Some("数量"))]);
    assert!(
        errors.report().contains("应为 1–999 的整数"),
        "{}",
        errors.report()
    );
}

#[test]
fn events_imported_before_are_skipped_as_often_as_stored() {
    let rows = "A01,2026-11-05,P1,,,\nA01,2026-11-05,P1,,,\nA01,2026-11-06,P2,,GZ0001,\n";
    let first = events(rows, &[], &[]).unwrap();
    assert_eq!((first.new.len(), first.skipped), (3, 0));
    let again = events(rows, &[], &first.new).unwrap();
    assert_eq!((again.new.len(), again.skipped), (0, 3));
    // One of the two P1 rows was stored: the second is new.
    let partly = events(rows, &[], &first.new[..1]).unwrap();
    assert_eq!((partly.new.len(), partly.skipped), (2, 1));
    // In a locked month, a stored row is fine, a new one is refused.
    assert!(events(rows, &["2026-11"], &first.new).is_ok());
    let errors = events(rows, &["2026-11"], &first.new[..1]).unwrap_err();
    assert_eq!(located(&errors), [(3, Some("日期")), (4, Some("日期"))]);
}

/// 费用 (issue 16): optional; read as yuan with up to two decimals; a bad one names
/// its row and the column; a file without the column imports as before.
#[test]
fn events_carry_an_optional_charge() {
    let parse = |header: &str, rows: &str| {
        let t = crate::documents::tabular::read_table_bytes_with(
            "events.csv",
            format!("{header}{rows}").as_bytes(),
            &EVENT_COLUMNS,
            &EVENT_OPTIONAL,
        )
        .unwrap();
        parse_events(
            &t,
            &EventContext {
                known_staff: &known(),
                locked_months: &BTreeSet::new(),
                already_imported: &|_| 0,
                waybill_exists: &|n| n == "GZ0001",
            },
        )
    };
    let with = "工号,日期,规则,数量,单号,说明,费用\n";
    let ok = parse(
        with,
        "A01,2026-11-20,P6,1,GZ0001,货物错发,120.5\nA02,2026-11-21,P2,1,GZ0002,,\n",
    )
    .unwrap();
    let charges: Vec<Option<Decimal>> = ok.new.iter().map(|e| e.charge_yuan).collect();
    assert_eq!(charges, [Some(Decimal::new(1205, 1)), None]);
    let old = parse(EVENT_HEADER, "A01,2026-11-20,P6,1,GZ0001,货物错发\n").unwrap();
    assert_eq!(old.new[0].charge_yuan, None);
    let bad = parse(
        with,
        "A01,2026-11-20,P6,1,,,-5\nA01,2026-11-20,P6,1,,,abc\nA01,2026-11-20,P6,1,,,1.234\nA01,2026-11-20,P6,1,GZ9999,,30\n",
    )
    .unwrap_err();
    assert_eq!(
        located(&bad),
        [
            (2, Some("费用")),
            (3, Some("费用")),
            (4, Some("费用")),
            (5, Some("单号"))
        ]
    );
    assert!(
        bad.report().contains("运单 GZ9999 不存在"),
        "{}",
        bad.report()
    );
    assert!(bad.report().contains("费用「-5」不对"), "{}", bad.report());
}
