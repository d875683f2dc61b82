//! kaidan on a PostgreSQL server, as a station runs it: the command line end to end on a
//! server database, and several counters writing at the same moment — four issuing 250
//! waybills each (1,000 distinct, gap-free numbers, one intact chain), and four imports
//! at once with a fifth repeating their numbers (each file whole or not at all). Each
//! test has a schema of its own on the test server (`KAIDAN_TEST_POSTGRES`); without a
//! server they skip, except in CI, where they fail.

use crate::common::{RATES, WAYBILLS_HEADER};
use crate::desk::Desk;
use chrono::{NaiveDate, NaiveDateTime};
use kaidan::domain::desk::waybill::{ValidationContext, WaybillDraft};
use kaidan::storage::Db;
use kaidan::storage::staff::StaffMember;
use std::collections::BTreeSet;

fn morning() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

#[test]
fn the_command_line_runs_on_a_server_and_says_what_it_cannot_do_there() {
    let Some(desk) = Desk::on_server() else {
        return;
    };
    let run = desk.run_ok(&["demo"]);
    assert!(run.stderr.contains("运单 336 张"), "{}", run.stderr);
    let check = desk.run_ok(&["check"]);
    assert!(
        check.stdout.contains("数据库完好：336 张运单"),
        "{}",
        check.stdout
    );
    let review = desk.run_ok(&["review", "2026-11", "--json"]);
    assert!(review.stdout.starts_with("{\"month\":\"2026-11\""));
    // Backups are the server's: said, with what to use, and nothing written.
    let target = desk.path("备份.sqlite3");
    let backup = desk.run(&["backup", target.to_str().unwrap()]);
    assert_eq!(backup.status, 1);
    assert!(backup.stderr.contains("pg_dump"), "{}", backup.stderr);
    assert!(!target.exists());
    // A demo again is refused: the data is there.
    assert_eq!(desk.run(&["demo"]).status, 1);
}

#[test]
fn a_wrong_server_a_wrong_user_and_a_missing_database_are_each_one_chinese_line() {
    let Some(server) = kaidan::storage::test_server::server() else {
        return;
    };
    let desk = Desk::new();
    for (url, words) in [
        (
            "postgresql://kaidan@127.0.0.1:1/kaidan".to_owned(),
            "无法连接数据库服务器",
        ),
        (swap_user(&server, "没有这个用户"), "数据库服务器拒绝了登录"),
        (swap_database(&server, "no_such_database"), "服务器上没有"),
        ("postgresql://kaidan@h:notaport/x".to_owned(), "格式不对"),
    ] {
        let run = crate::desk::run_url(&desk, &url, &["check"]);
        assert_eq!(run.status, 1, "{url}");
        assert!(run.stderr.contains(words), "{url}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    }
}

/// The test server's URL with another user.
fn swap_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

/// The test server's URL with another database.
fn swap_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, _) = rest.split_once('/').unwrap_or((rest, ""));
    format!("{scheme}://{authority}/{database}")
}

fn draft(n: usize) -> WaybillDraft {
    WaybillDraft {
        shipper_name: format!("广州市白云区宏达服装厂{n}"),
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        ..WaybillDraft::sample()
    }
}

#[test]
fn four_counters_issuing_250_waybills_each_at_once_get_1000_gap_free_numbers_and_one_chain() {
    let Some(server) = kaidan::storage::test_server::server() else {
        return;
    };
    let schema = kaidan::storage::test_server::PgSchema::new(&server);
    let url = schema.url();
    {
        let db = Db::open_server(&url).unwrap();
        for id in ["A01", "A02", "A03", "A04"] {
            db.upsert_staff(&StaffMember {
                id: id.into(),
                name: String::new(),
                role: "开单员".into(),
            })
            .unwrap();
        }
    }
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let counters: Vec<_> = ["A01", "A02", "A03", "A04"]
        .into_iter()
        .map(|clerk| {
            let url = url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut db = Db::open_server(&url).unwrap();
                let context = ValidationContext::lenient();
                start.wait();
                (0..250)
                    .map(|n| {
                        let waybill = draft(n).validate(&context).unwrap();
                        db.issue_waybill(&waybill, clerk, "GZ", morning())
                            .unwrap()
                            .number
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    let numbers: Vec<String> = counters
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let distinct: BTreeSet<&String> = numbers.iter().collect();
    assert_eq!(distinct.len(), 1_000, "every number once");
    let expected: BTreeSet<String> = (1..=1_000).map(|n| format!("GZ261123{n:04}")).collect();
    assert_eq!(
        distinct.into_iter().cloned().collect::<BTreeSet<String>>(),
        expected,
        "gap-free"
    );
    let db = Db::open_server(&url).unwrap();
    assert_eq!(db.record_problems().unwrap(), Vec::<String>::new());
    assert_eq!(db.waybill_count().unwrap(), 1_000);
}

fn waybill_rows(numbers: std::ops::Range<usize>, prefix: &str) -> String {
    let rows: Vec<String> = numbers
        .map(|n| {
            format!(
                "{prefix}{n:04},2026-11-20 09:15,A01,广州市白云区宏达服装厂,13912345678,湘潭县易俗河李记批发部,0731-57123456,430321,服装,2,纸箱,100,0.5,,提付,自提,,,否,120,"
            )
        })
        .collect();
    format!("{WAYBILLS_HEADER}\n{}\n", rows.join("\n"))
}

#[test]
fn four_imports_at_once_and_a_fifth_repeating_their_numbers_each_land_whole_or_not_at_all() {
    let Some(desk) = Desk::on_server() else {
        return;
    };
    desk.import_ok("rates", &desk.write("rates.csv", RATES));
    let files: Vec<(std::path::PathBuf, BTreeSet<String>)> = (0..5)
        .map(|i| {
            // The fifth repeats one number of each of the four.
            let (text, numbers) = if i < 4 {
                let range = i * 50 + 1..i * 50 + 51;
                let numbers = range.clone().map(|n| format!("IM{n:04}")).collect();
                (waybill_rows(range, "IM"), numbers)
            } else {
                let mut text = waybill_rows(1001..1011, "IM");
                for n in [1, 51, 101, 151] {
                    text.push_str(waybill_rows(n..n + 1, "IM").lines().nth(1).unwrap());
                    text.push('\n');
                }
                let numbers = (1001..1011)
                    .chain([1, 51, 101, 151])
                    .map(|n| format!("IM{n:04}"))
                    .collect();
                (text, numbers)
            };
            (desk.write(&format!("导入{i}.csv"), text), numbers)
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|(file, _)| desk.start(&["import", "waybills", file.to_str().unwrap()]))
        .collect();
    let mut landed: BTreeSet<String> = BTreeSet::new();
    let mut refused = 0;
    for (child, (_, numbers)) in children.into_iter().zip(&files) {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        if output.status.success() {
            landed.extend(numbers.iter().cloned());
        } else {
            refused += 1;
            // Refused inside its transaction (已存在), or before it, when the other import
            // had already landed as this one read the numbers in the database (已在数据库中).
            assert!(
                stderr.contains("已存在") || stderr.contains("已在数据库中"),
                "{stderr}"
            );
            assert!(stderr.contains("第 "), "the row is named: {stderr}");
        }
    }
    // The fifth and the four cannot all land; whichever lost left nothing behind.
    assert!(refused >= 1);
    let db = Db::open_server(&desk.server.as_ref().unwrap().url()).unwrap();
    let stored: BTreeSet<String> = db
        .find_waybills(&kaidan::storage::waybills::WaybillQuery {
            text: "IM".into(),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|w| w.number)
        .collect();
    assert_eq!(stored, landed);
    assert_eq!(db.record_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn a_file_database_moves_up_to_the_server_and_back_whole_and_verified() {
    let Some(server) = Desk::on_server() else {
        return;
    };
    let file = Desk::new();
    file.run_ok(&["demo"]);
    let url = server.server.as_ref().unwrap().url();
    let run = file.run_ok(&["copy", &url]);
    assert!(run.stderr.contains("核对通过"), "{}", run.stderr);
    // The same records, the same chains: the code `check` prints is the same on both.
    let code = |desk: &Desk| {
        let out = desk.run_ok(&["check"]).stdout;
        out[out.find("校验码 ").unwrap()..]
            .split('（')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(code(&server), code(&file));
    // A target that holds data is refused, untouched.
    let again = file.run(&["copy", &url]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.contains("已有数据"), "{}", again.stderr);
    // Work goes on on the server after the move: new rows get new ids.
    let mut db = Db::open_server(&url).unwrap();
    let context = ValidationContext::lenient();
    let waybill = draft(0).validate(&context).unwrap();
    db.issue_waybill(&waybill, "A01", "GZ", morning()).unwrap();
    assert_eq!(db.record_problems().unwrap(), Vec::<String>::new());
    drop(db);
    // And back down into a new file.
    let back = Desk::new();
    server.run_ok(&["copy", back.db().to_str().unwrap()]);
    assert_eq!(code(&back), code(&server));
}

/// A counter killed mid-save (SIGKILL during `demo`, all of it one transaction on the
/// server) leaves nothing half written: the server rolls back and frees the writer lock.
/// Killed twice, early and later, on one database; then the demo loads whole.
#[test]
fn a_demo_killed_mid_way_on_the_server_leaves_nothing_or_everything() {
    let Some(desk) = Desk::on_server() else {
        return;
    };
    let url = desk.server.as_ref().unwrap().url();
    let mut waybills = 0;
    for after_ms in [400, 1200] {
        let mut child = desk.start(&["demo"]);
        std::thread::sleep(std::time::Duration::from_millis(after_ms));
        let _ = child.kill();
        child.wait().unwrap();
        // The lock is free again: the next writer gets in at once.
        let db = Db::open_server(&url).unwrap();
        waybills = db.waybill_count().unwrap();
        assert!(
            waybills == 0 || waybills == 336,
            "killed after {after_ms} ms: {waybills} waybills"
        );
        assert_eq!(db.record_problems().unwrap(), Vec::<String>::new());
    }
    if waybills == 0 {
        desk.run_ok(&["demo"]);
    }
    desk.run_ok(&["check"]);
}

/// Attachments (a recording of a complaint) kept on the server, opened from this PC's
/// cache, and carried by `copy` to a file (into the folder beside it) and back.
#[test]
fn attachments_live_in_the_server_database_and_move_with_copy() {
    use kaidan::domain::people::points::{EventCode, EventSource, PointEvent, Rule};
    let Some(server) = Desk::on_server() else {
        return;
    };
    server.run_ok(&["demo"]);
    let url = server.server.as_ref().unwrap().url();
    let mut db = Db::open_server(&url).unwrap();
    let original = server.write("投诉录音.m4a", b"recording");
    let today = chrono::Local::now().naive_local();
    let event = PointEvent {
        staff_id: "A02".into(),
        day: today.date(),
        code: EventCode::Rule(Rule::P19),
        quantity: 1,
        waybill_number: String::new(),
        note: "客户投诉态度差".into(),
        source: EventSource::Manual,
        charge_yuan: None,
    };
    db.add_point_event_with_attachment(&event, Some(&original), today)
        .unwrap();
    std::fs::remove_file(&original).unwrap();
    let month = kaidan::domain::people::Month::of(today.date());
    let kept = db
        .point_events(month)
        .unwrap()
        .into_iter()
        .find_map(|e| e.attachment)
        .unwrap();
    assert!(kept.starts_with("attachments/投诉录音-"), "{kept}");
    let opened = db.attachment_file(&kept).unwrap();
    assert_eq!(std::fs::read(opened).unwrap(), b"recording");
    drop(db);

    let file = Desk::new();
    let run = server.run_ok(&["copy", file.db().to_str().unwrap()]);
    assert!(run.stderr.contains("附件 1 个"), "{}", run.stderr);
    assert_eq!(std::fs::read(file.path(&kept)).unwrap(), b"recording");

    let Some(again) = Desk::on_server() else {
        return;
    };
    let again_url = again.server.as_ref().unwrap().url();
    file.run_ok(&["copy", &again_url]);
    let moved = Db::open_server(&again_url).unwrap();
    assert_eq!(
        moved.attachment_bytes(&kept).unwrap().as_deref(),
        Some(&b"recording"[..])
    );
}

/// On the server too: the append-only tables refuse UPDATE, DELETE and TRUNCATE, and a
/// ledger row changed with every trigger switched off by a superuser is still found by
/// `check` (the seal chain), as is the switching off itself.
#[test]
fn the_ledger_refuses_changes_on_the_server_and_check_sees_one_made_past_the_triggers() {
    let Some(desk) = Desk::on_server() else {
        return;
    };
    desk.run_ok(&["demo"]);
    let url = desk.server.as_ref().unwrap().url();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE collections SET amount_fen = 1",
        "DELETE FROM collections",
        "TRUNCATE collections",
        "TRUNCATE waybill_history CASCADE",
    ] {
        let refused = client.batch_execute(sql).unwrap_err();
        let message = refused.as_db_error().unwrap().message().to_owned();
        assert!(
            message.contains("不能") || message.contains("只能"),
            "{sql}: {message}"
        );
    }
    // A superuser's session that fires no triggers: the change goes through…
    client
        .batch_execute(
            "SET session_replication_role = replica;
             UPDATE collections SET amount_fen = amount_fen + 100 WHERE id = (SELECT MIN(id) FROM collections);
             SET session_replication_role = DEFAULT;",
        )
        .unwrap();
    // …and `check` names it.
    let run = desk.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("收付款流水第"), "{}", run.stderr);
    assert!(run.stderr.contains("被绕过程序改动过"), "{}", run.stderr);
    // Triggers disabled outright are reported too.
    client
        .batch_execute("ALTER TABLE manifest_pieces DISABLE TRIGGER ALL")
        .unwrap();
    let run = desk.run(&["check"]);
    assert!(
        run.stderr.contains("manifest_pieces_no_update"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("外键检查被停用"), "{}", run.stderr);
}

/// `psql` from the PATH, or from the installed server's folder.
fn psql() -> std::path::PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("psql"))
        .find(|p| p.exists());
    on_path.unwrap_or_else(|| {
        let mut found: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
            .unwrap()
            .map(|e| e.unwrap().path().join("bin/psql"))
            .filter(|p| p.exists())
            .collect();
        found.sort();
        found.pop().expect("psql")
    })
}

/// Runs psql on `url` with `args`; its exit status and what it said.
fn run_psql(url: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(psql())
        .arg(url)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The station's least-privilege role (`scripts/station-roles.sql`, README "Setting up a
/// station's server"): the owner's first connection makes the tables, the script gives
/// the counters' role its rights, and with that role kaidan imports, issues and checks,
/// while dropping a table, emptying one past its triggers, switching triggers off or
/// making a table of its own are refused by the server.
#[test]
fn the_counters_role_writes_rows_but_cannot_drop_truncate_or_switch_triggers_off() {
    let Some(server) = kaidan::storage::test_server::server() else {
        return;
    };
    let tag = format!(
        "kt{}_{}",
        std::process::id(),
        chrono::Local::now().timestamp_subsec_nanos()
    );
    let (owner, app, database) = (
        format!("{tag}_owner"),
        format!("{tag}_app"),
        format!("{tag}_db"),
    );
    for sql in [
        format!("CREATE ROLE {owner} LOGIN"),
        format!("CREATE ROLE {app} LOGIN"),
        format!("CREATE DATABASE {database} OWNER {owner}"),
    ] {
        let (ok, said) = run_psql(&server, &["-c", &sql]);
        assert!(ok, "{sql}: {said}");
    }
    let owner_url = swap_database(&swap_user(&server, &owner), &database);
    let app_url = swap_database(&swap_user(&server, &app), &database);
    let admin_url = swap_database(&server, &database);
    let desk = Desk::new();
    // The owner's first connection makes kaidan's tables.
    let made = crate::desk::run_url(
        &desk,
        &owner_url,
        &[
            "import",
            "rates",
            desk.write("rates.csv", RATES).to_str().unwrap(),
        ],
    );
    assert_eq!(made.status, 0, "{}", made.stderr);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/station-roles.sql");
    let (ok, said) = run_psql(
        &admin_url,
        &[
            "-v",
            &format!("owner={owner}"),
            "-v",
            &format!("app={app}"),
            "-f",
            script,
        ],
    );
    assert!(ok, "{said}");
    // The counters' role does a counter's work.
    let waybills = desk.write(
        "waybills.csv",
        format!("{WAYBILLS_HEADER}\n{}\n", crate::common::SHORT_WAYBILL),
    );
    let imported = crate::desk::run_url(
        &desk,
        &app_url,
        &["import", "waybills", waybills.to_str().unwrap()],
    );
    assert_eq!(imported.status, 0, "{}", imported.stderr);
    let checked = crate::desk::run_url(&desk, &app_url, &["check"]);
    assert_eq!(checked.status, 0, "{}", checked.stderr);
    // And nothing more.
    for sql in [
        "DROP TABLE waybills",
        "TRUNCATE collections",
        "ALTER TABLE waybill_history DISABLE TRIGGER ALL",
        "CREATE TABLE mine (a integer)",
    ] {
        let (ok, said) = run_psql(&app_url, &["-c", sql]);
        assert!(!ok, "{sql} was allowed");
        assert!(
            said.contains("permission denied") || said.contains("must be owner"),
            "{sql}: {said}"
        );
    }
    let (ok, said) = run_psql(&app_url, &["-c", "DELETE FROM waybill_history"]);
    assert!(!ok && said.contains("不能"), "{said}");
    // The nightly dump restores into a new database that checks sound (README).
    let dump = desk.path("kaidan.dump");
    let tool = |name: &str| psql().with_file_name(name);
    let dumped = std::process::Command::new(tool("pg_dump"))
        .args(["-Fc", "-f"])
        .arg(&dump)
        .arg(&admin_url)
        .output()
        .unwrap();
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    let restored_db = format!("{tag}_restored");
    let (ok, said) = run_psql(
        &server,
        &[
            "-c",
            &format!("CREATE DATABASE {restored_db} OWNER {owner}"),
        ],
    );
    assert!(ok, "{said}");
    let restored_url = swap_database(&server, &restored_db);
    let restored = std::process::Command::new(tool("pg_restore"))
        .args(["--exit-on-error", "-d", &restored_url])
        .arg(&dump)
        .output()
        .unwrap();
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let checked = crate::desk::run_url(&desk, &restored_url, &["check"]);
    assert_eq!(checked.status, 0, "{}", checked.stderr);
    assert!(
        checked.stdout.contains("数据库完好：1 张运单"),
        "{}",
        checked.stdout
    );
    for sql in [
        format!("DROP DATABASE {restored_db}"),
        format!("DROP DATABASE {database}"),
        format!("DROP ROLE {app}"),
        format!("DROP ROLE {owner}"),
    ] {
        run_psql(&server, &["-c", &sql]);
    }
}
