//! What the benches share: where their big databases live, removing one whole, and a
//! smaller stand-in when the million-waybill one is missing.

use std::path::{Path, PathBuf};

/// Where the bench databases live: `target/bench-data/`, beside cargo's own temporary
/// folder, so they survive between runs and `cargo clean` removes them.
pub fn data_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("bench-data")
}

/// Removes an SQLite database with its write-ahead log and shared-memory files.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        std::fs::remove_file(&file).ok();
    }
}

/// A stand-in for the missing million-waybill database `source`, built at `path`: the
/// clerks `(工号, 姓名)` hired and `waybills` imported; with a line saying so.
pub fn stand_in(
    path: &Path,
    clerks: &[(&str, &str)],
    waybills: &[kaidan::domain::desk::waybill::IssuedWaybill],
    source: &Path,
) -> (kaidan::storage::Db, String) {
    let started = std::time::Instant::now();
    let mut db = kaidan::storage::Db::open(path).expect("open the stand-in");
    for (id, name) in clerks {
        db.upsert_staff(&kaidan::storage::staff::StaffMember {
            id: (*id).into(),
            name: (*name).into(),
            role: "开单员".into(),
        })
        .expect("hire the clerks");
    }
    db.import_waybills(waybills, waybills[0].issued_at)
        .expect("import the stand-in's waybills");
    let what = format!(
        "{} is missing: a stand-in of {} waybills was built in {:.1} s (run \
         `cargo bench --bench waybills` first for the million)",
        source.display(),
        waybills.len(),
        started.elapsed().as_secs_f64()
    );
    (db, what)
}

/// The variable naming the PostgreSQL server the benches also run on, side by side with
/// SQLite in the same run: a URL whose user may create databases, e.g.
/// `postgresql://postgres@127.0.0.1:54400/postgres`. Unset, they run on SQLite alone.
pub const SERVER_VAR: &str = "KAIDAN_BENCH_POSTGRES";

/// The server of [`SERVER_VAR`], if set.
pub fn postgres_server() -> Option<String> {
    std::env::var(SERVER_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// The URL of the database `name` on the server `server` names.
pub fn database_url(server: &str, name: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(b, q)| (b, Some(q)));
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[host_start..]
        .find('/')
        .map_or(base.len(), |i| host_start + i);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

fn admin(server: &str) -> postgres::Client {
    postgres::Client::connect(server, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot reach {SERVER_VAR}={server}: {e}"))
}

/// Whether the server has a database `name`.
pub fn database_exists(server: &str, name: &str) -> bool {
    admin(server)
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .expect("list databases")
        .is_some()
}

/// Makes the database `name` anew (dropped first if there), empty or as a copy of
/// `template` (PostgreSQL copies its files: much quicker than a build).
pub fn fresh_database(server: &str, name: &str, template: Option<&str>) {
    let mut admin = admin(server);
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("drop the bench database");
    let copy = template.map_or_else(String::new, |t| format!(" TEMPLATE {t}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}{copy}"))
        .expect("create the bench database");
}

/// Drops the database `name`.
pub fn drop_database(server: &str, name: &str) {
    admin(server)
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("drop the bench database");
}
