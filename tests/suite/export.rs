//! `kaidan export waybills`: the columns of `import waybills`, sorted by 单号, UTF-8 with
//! BOM for CSV, so that an export imports back unchanged into a fresh database (CSV and
//! XLSX alike), and the same data exports the same from SQLite and from PostgreSQL; and
//! `kaidan copy` into an empty database, verified.

use crate::desk::Desk;

fn export(desk: &Desk, name: &str) -> Vec<u8> {
    let file = desk.path(name);
    let run = desk.run_ok(&["export", "waybills", file.to_str().unwrap()]);
    assert!(run.stderr.contains("已导出运单"), "{}", run.stderr);
    std::fs::read(file).unwrap()
}

#[test]
fn an_export_imports_back_unchanged_from_csv_and_from_xlsx() {
    let first = Desk::new();
    first.run_ok(&["demo"]);
    let csv = export(&first, "运单.csv");
    assert!(csv.starts_with("\u{feff}单号,开单日期,开单员工号,".as_bytes()));
    let text = String::from_utf8(csv.clone()).unwrap();
    let numbers: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(numbers, sorted, "by 单号");
    assert_eq!(numbers.len(), 335, "the demo's voided waybill is left out");
    // The demo's 代收货款 waybills carry it, and who pays its fee, in the optional columns.
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",运费,备注,代收货款,代收手续费付款")
    );
    assert!(text.lines().any(|l| l.ends_with(",随运费付")), "{text}");
    assert!(text.contains(",货款扣,"), "{text}");
    export(&first, "运单.xlsx");

    for name in ["运单.csv", "运单.xlsx"] {
        let again = Desk::new();
        again.import_ok("waybills", &first.path(name));
        assert_eq!(export(&again, "再导出.csv"), csv, "{name} round trip");
        again.run_ok(&["check"]);
    }
    // A day range, and what is refused.
    let day = &numbers[0][2..8];
    let from = format!("20{}-{}-{}", &day[0..2], &day[2..4], &day[4..6]);
    let file = first.path("一天.csv");
    first.run_ok(&[
        "export",
        "waybills",
        file.to_str().unwrap(),
        "--from",
        &from,
        "--to",
        &from,
    ]);
    let one_day = std::fs::read_to_string(file).unwrap();
    assert!(one_day.lines().skip(1).all(|l| l.contains(&from)));
    let exists = first.run(&[
        "export",
        "waybills",
        first.path("运单.csv").to_str().unwrap(),
    ]);
    assert_eq!(exists.status, 1);
    assert!(exists.stderr.contains("已存在"), "{}", exists.stderr);
    let bad_day = first.run(&["export", "waybills", "x.csv", "--from", "11/01"]);
    assert_eq!(bad_day.status, 1);
    assert!(bad_day.stderr.contains("格式不对"), "{}", bad_day.stderr);
}

#[test]
fn the_same_data_exports_the_same_from_sqlite_and_from_postgresql() {
    let Some(server) = Desk::on_server() else {
        return;
    };
    let file = Desk::new();
    file.run_ok(&["demo"]);
    server.run_ok(&["demo"]);
    assert_eq!(export(&server, "服务器.csv"), export(&file, "文件.csv"));
}

#[test]
fn copy_writes_the_whole_database_into_an_empty_one_and_checks_it() {
    let first = Desk::new();
    first.run_ok(&["demo"]);
    let target = first.path("复制.sqlite3");
    let run = first.run_ok(&["copy", target.to_str().unwrap()]);
    assert!(run.stderr.contains("66 张表"), "{}", run.stderr);
    let check = crate::desk::run_on(&target, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(check.stdout.contains("336 张运单"), "{}", check.stdout);
    let refused = first.run(&["copy", target.to_str().unwrap()]);
    assert_eq!(refused.status, 1);
    assert!(refused.stderr.contains("已有数据"), "{}", refused.stderr);
    let itself = first.run(&["copy", first.db().to_str().unwrap()]);
    assert_eq!(itself.status, 1);
}
