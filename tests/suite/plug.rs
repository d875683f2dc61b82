//! A station's server stopped — its plug pulled — in the middle of a save, a truck being
//! scanned and a payment (issue 15): nothing half-written, the clerk told in Chinese,
//! what they typed kept, and the same work going through once the server is back.
//!
//! Each test starts a server of its own (`scripts/test-server`; stopping the shared one
//! would fail every other test at that moment). The write is caught in the middle by
//! another connection holding the seal chain's table, which every one of these writes
//! reaches last, after its own rows: the write waits there, inside its transaction, when
//! the server is stopped. They run where the test server is configured
//! (`KAIDAN_TEST_POSTGRES`, as in CI) and skip elsewhere.

use crate::dispatch::{Order, at, issue, open_manifest};
use crate::kit::{PASSWORD, hire, log_in_as, nov, parcel};
use kaidan::app::App;
use kaidan::documents::desk::labels::label_code;
use kaidan::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
use kaidan::domain::dispatch::pickup::PayChannel;
use kaidan::storage::{Db, Location};
use kaidan::ui::{Command, DeskCommand};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::process::Command as Process;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A PostgreSQL server of the test's own, removed when dropped.
struct OwnServer {
    dir: PathBuf,
    url: String,
}

impl OwnServer {
    /// Starts one, where the tests have PostgreSQL.
    fn start() -> Option<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        std::env::var_os("KAIDAN_TEST_POSTGRES")?;
        let dir = std::env::temp_dir().join(format!(
            "kaidan-plug-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let out = script("start", &dir)
            .env("KAIDAN_TEST_PORT", port.to_string())
            .env("KAIDAN_TEST_DURABLE", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        Some(Self { dir, url })
    }

    /// Stops the server at once, as a pulled plug does.
    fn halt(&self) {
        assert!(script("halt", &self.dir).status().unwrap().success());
    }

    /// Starts it again.
    fn resume(&self) {
        assert!(script("resume", &self.dir).status().unwrap().success());
    }

    fn location(&self) -> Location {
        Location::Server(self.url.clone())
    }

    /// A connection holding the seal chain's table, so that the next write waits in the
    /// middle of its transaction.
    fn hold_seals(&self) -> postgres::Client {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        client
            .batch_execute("BEGIN; LOCK TABLE seals IN EXCLUSIVE MODE")
            .unwrap();
        client
    }

    /// Waits until a kaidan connection is waiting for a lock: the write is under way;
    /// `false` when the write ended first.
    fn wait_for_a_waiting_write(&self, ended: impl Fn() -> bool) -> bool {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        let start = Instant::now();
        loop {
            let waiting: i64 = client
                .query_one(
                    "SELECT COUNT(*) FROM pg_stat_activity
                     WHERE application_name = 'kaidan' AND wait_event_type = 'Lock'",
                    &[],
                )
                .unwrap()
                .get(0);
            if waiting > 0 {
                return true;
            }
            if ended() {
                return false;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the write never got under way"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = script("stop", &self.dir).status();
    }
}

fn script(command: &str, dir: &std::path::Path) -> Process {
    let mut process = Process::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/test-server"));
    process.arg(command).arg(dir);
    process
}

/// Runs `write` on a thread, pulls the plug while it waits in its transaction, and
/// gives back what it said and what it wrote with; the server is up again after.
fn pull_the_plug_during<R: Send + std::fmt::Debug, W: Send>(
    server: &OwnServer,
    write: impl FnOnce() -> (R, W) + Send,
) -> (R, W) {
    let holder = server.hold_seals();
    std::thread::scope(|s| {
        let writing = s.spawn(write);
        let under_way = server.wait_for_a_waiting_write(|| writing.is_finished());
        assert!(
            under_way,
            "the write ended without waiting: {:?}",
            writing.join().map(|(said, _)| said)
        );
        server.halt();
        drop(holder);
        let said = writing.join().unwrap();
        server.resume();
        said
    })
}

fn lenient(draft: &WaybillDraft) -> kaidan::domain::desk::waybill::Waybill {
    draft.validate(&ValidationContext::lenient()).unwrap()
}

#[test]
fn the_plug_pulled_mid_save_loses_nothing_typed_and_writes_nothing_half() {
    let Some(server) = OwnServer::start() else {
        return;
    };
    let setup = Db::open_at(&server.location()).unwrap();
    hire(&setup, &[("A01", "张丽", "开单员")], nov(23, 8, 0));
    let mut app =
        App::with_clock(Db::open_at(&server.location()).unwrap(), || nov(23, 10, 0)).unwrap();
    log_in_as(&mut app, "A01", PASSWORD);
    let typed = parcel();
    app.form.draft = typed.clone();
    let save = || {
        Command::Desk(DeskCommand::IssueWaybill {
            waybill: Box::new(lenient(&typed)),
            clerk_id: "A01".into(),
            print: false,
        })
    };
    let (_, mut app) = pull_the_plug_during(&server, move || {
        app.handle(save());
        (app.status.clone(), app)
    });
    let (ok, said) = app.status.clone().unwrap();
    assert!(!ok);
    assert!(said.contains("数据库") || said.contains("服务器"), "{said}");
    assert_eq!(app.form.draft, typed, "what the clerk typed is kept");
    let after = Db::open_at(&server.location()).unwrap();
    assert_eq!(after.waybill_count().unwrap(), 0, "half a waybill was kept");
    // The clerk saves again, as the message says: it goes through.
    app.handle(save());
    assert!(app.status.as_ref().unwrap().0, "{:?}", app.status);
    assert_eq!(after.waybill_count().unwrap(), 1);
    let found = after.verify(None, nov(23, 11, 0)).unwrap();
    assert!(found.problems.is_empty(), "{:?}", found.problems);
}

#[test]
fn the_plug_pulled_mid_scan_and_mid_payment_writes_nothing_half() {
    let Some(server) = OwnServer::start() else {
        return;
    };
    let mut db = Db::open_at(&server.location()).unwrap();
    hire(&db, &[("A01", "张丽", "开单员")], at(23, 8));
    let loaded = issue(&mut db, &Order::to(crate::dispatch::XIANGTAN, 2), at(23, 9));
    let manifest = open_manifest(&mut db, &[crate::dispatch::XIANGTAN], at(23, 10));
    let on_receipt = issue(
        &mut db,
        &Order {
            payment: PaymentMethod::OnReceipt,
            receipt: true,
            ..Order::to(crate::dispatch::XIANGTAN, 1)
        },
        at(23, 9),
    );
    db.record_receipt_returned(&on_receipt.number, "", "A01", at(24, 9))
        .unwrap();
    let code = label_code(&loaded.number, 1);

    // A truck being scanned.
    let (scanned, db_back) = pull_the_plug_during(&server, move || {
        let said = db.scan_load(manifest, &code, "A01", at(23, 17));
        (said.map(|_| ()).map_err(|e| e.to_string()), db)
    });
    let mut db = db_back;
    let said = scanned.unwrap_err();
    assert!(said.contains("数据库") || said.contains("服务器"), "{said}");
    assert!(db.reconnect_if_lost().unwrap());
    assert!(
        db.manifest(manifest).unwrap().lines.is_empty(),
        "half a scan was kept"
    );
    let code = label_code(&loaded.number, 1);
    assert!(
        db.scan_load(manifest, &code, "A01", at(23, 17))
            .unwrap()
            .is_ok()
    );

    // A payment.
    let amount = Decimal::from(50);
    let number = on_receipt.number.clone();
    let (paid, db_back) = pull_the_plug_during(&server, move || {
        let said = db.record_receipt_payment(&number, amount, PayChannel::Cash, "A01", at(26, 9));
        (said.map_err(|e| e.to_string()), db)
    });
    let mut db = db_back;
    let said = paid.unwrap_err();
    assert!(said.contains("数据库") || said.contains("服务器"), "{said}");
    assert!(db.reconnect_if_lost().unwrap());
    let lines = db.ledger(&on_receipt.number).unwrap().len();
    assert_eq!(lines, 0, "half a payment was kept");
    db.record_receipt_payment(
        &on_receipt.number,
        amount,
        PayChannel::Cash,
        "A01",
        at(26, 9),
    )
    .unwrap();
    assert_eq!(db.ledger(&on_receipt.number).unwrap().len(), 1);
    let found = db.verify(None, at(26, 10)).unwrap();
    assert!(found.problems.is_empty(), "{:?}", found.problems);
}
