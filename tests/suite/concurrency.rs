//! Several counters writing one database file at once, as real processes: the same events
//! file imported twice at the same moment stores it once, four request imports started
//! together all land, two waybill files repeating one 单号 leave one winner and a loser
//! told the row, and four commands at first use of a new file migrate it once. Each is
//! repeated a few rounds; a process that waits for another's write says so and succeeds.
//! And `demo` killed at moments spread over its run leaves nothing or everything.

use crate::common::STAFF;
use crate::desk::Desk;
use std::path::{Path, PathBuf};
use std::process::Child;

impl Desk {
    /// Starts `kaidan import WHAT FILE` without waiting for it.
    fn spawn_import(&self, what: &str, file: &Path) -> Child {
        self.start(&["import", what, file.to_str().unwrap()])
    }

    /// A desk with its staff imported.
    fn with_staff(self) -> Self {
        self.import_ok("staff", &self.write("staff.csv", STAFF));
        self
    }
}

/// How one process ended.
struct Ended {
    status: i32,
    stderr: String,
}

fn wait_all(children: Vec<Child>) -> Vec<Ended> {
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            Ended {
                status: output.status.code().unwrap(),
                stderr: String::from_utf8(output.stderr).unwrap(),
            }
        })
        .collect()
}

#[test]
fn four_commands_at_first_use_of_a_new_file_all_work() {
    for round in 0..3 {
        let station = Desk::new();
        let rates = station.write(
            "rates.csv",
            "到站代码,起始重量kg,重货单价,轻货单价,最低收费,送货费\n430321,0,0.85,180,30,50\n",
        );
        let staff = station.write("staff.csv", STAFF);
        let children = vec![
            station.spawn_import("rates", &rates),
            station.spawn_import("staff", &staff),
            station.spawn_import("rates", &rates),
            station.spawn_import("staff", &staff),
        ];
        for ended in wait_all(children) {
            assert_eq!(ended.status, 0, "round {round}: {}", ended.stderr);
        }
        let check = wait_all(vec![station.start(&["check"])]);
        assert_eq!(check[0].status, 0, "round {round}: {}", check[0].stderr);
    }
}

#[test]
fn the_same_events_file_imported_twice_at_once_is_stored_once() {
    let rows: String = (0..200)
        .map(|i| format!("A01,2026-11-{:02},P1,1,,第 {i} 条", i % 28 + 1))
        .collect::<Vec<_>>()
        .join("\n");
    for round in 0..4 {
        let station = Desk::new().with_staff();
        let events = station.write(
            "events.csv",
            format!("工号,日期,规则,数量,单号,说明\n{rows}\n"),
        );
        let ended = wait_all(vec![
            station.spawn_import("events", &events),
            station.spawn_import("events", &events),
        ]);
        for one in &ended {
            assert_eq!(one.status, 0, "round {round}: {}", one.stderr);
        }
        assert_eq!(station.count("point_events"), 200, "round {round}");
        assert!(
            ended.iter().any(|e| e.stderr.contains("200 条此前已导入")),
            "round {round}: one of them skipped the file"
        );
    }
}

#[test]
fn four_request_imports_at_once_all_land() {
    for round in 0..3 {
        let station = Desk::new().with_staff();
        let files: Vec<PathBuf> = (0..4)
            .map(|k| {
                let rows: String = (1..=20)
                    .map(|day| {
                        format!(
                            "A01,外出,2026-11-{day:02} {h:02}:00,2026-11-{day:02} {h:02}:30,第 {k} 份,已同意",
                            h = 9 + k
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                station.write(
                    &format!("requests-{k}.csv"),
                    format!("工号,类别,开始,结束,事由,审批状态\n{rows}\n"),
                )
            })
            .collect();
        let children = files
            .iter()
            .map(|f| station.spawn_import("requests", f))
            .collect();
        for ended in wait_all(children) {
            assert_eq!(ended.status, 0, "round {round}: {}", ended.stderr);
        }
        assert_eq!(station.count("attendance_requests"), 80, "round {round}");
    }
}

#[test]
fn two_files_repeating_one_number_leave_one_winner_and_name_the_losers_row() {
    const HEADER: &str = "单号,开单日期,开单员工号,发货方,发货方电话,收货方,收货方电话,到站代码,品名,件数,包装,重量kg,体积m3,保价金额,付款方式,送货方式,送货地址,回单份数,等通知放货,运费,备注";
    let row = |number: &str| {
        format!(
            "{number},2026-11-21,A01,广州市海珠区明珠灯饰,020-87654321,湘潭县易俗河李记批发部,0731-57123456,430321,灯具,3,木箱,50,0.5,,现付,自提,,,否,130,"
        )
    };
    for round in 0..4 {
        let station = Desk::new();
        let rates = station.write(
            "rates.csv",
            "到站代码,起始重量kg,重货单价,轻货单价,最低收费,送货费\n430321,0,0.85,180,30,50\n",
        );
        assert_eq!(
            wait_all(vec![station.spawn_import("rates", &rates)])[0].status,
            0
        );
        let first = station.write(
            "a.csv",
            format!("{HEADER}\n{}\n{}\n", row("GZ0001"), row("GZ0002")),
        );
        let second = station.write(
            "b.csv",
            format!("{HEADER}\n{}\n{}\n", row("GZ0003"), row("GZ0002")),
        );
        let ended = wait_all(vec![
            station.spawn_import("waybills", &first),
            station.spawn_import("waybills", &second),
        ]);
        let winners = ended.iter().filter(|e| e.status == 0).count();
        assert_eq!(winners, 1, "round {round}");
        let loser = ended.iter().find(|e| e.status == 1).unwrap();
        assert!(
            loser.stderr.contains("第 3 行「单号」") && loser.stderr.contains("GZ0002"),
            "round {round}: {}",
            loser.stderr
        );
        assert!(!loser.stderr.contains("UNIQUE"), "{}", loser.stderr);
        // All or nothing: the winner's two waybills, none of the loser's.
        assert_eq!(station.count("waybills"), 2, "round {round}");
    }
}

/// `kaidan demo` killed (SIGKILL, no chance to clean up) at moments spread over its run:
/// every time the file (if it was made) holds either nothing or the whole demo and
/// passes `check`, and a `demo` run after completes it.
#[test]
fn demo_killed_at_any_moment_leaves_nothing_or_everything() {
    for after_ms in [60, 180, 300, 420, 540] {
        let desk = Desk::new();
        let mut child = desk.start(&["demo"]);
        std::thread::sleep(std::time::Duration::from_millis(after_ms));
        // Finished already or not, it is gone after this.
        let _ = child.kill();
        child.wait().unwrap();
        if desk.db().exists() {
            let check = desk.run(&["check"]);
            assert_eq!(
                check.status, 0,
                "killed after {after_ms} ms: {}",
                check.stderr
            );
            let waybills = desk.count("waybills");
            assert!(
                waybills == 0 || waybills == 336,
                "killed after {after_ms} ms: {waybills} waybills"
            );
        }
        if !desk.db().exists() || desk.count("waybills") == 0 {
            desk.run_ok(&["demo"]);
        }
        assert_eq!(desk.count("waybills"), 336);
        desk.run_ok(&["check"]);
    }
}
