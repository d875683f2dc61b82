//! How fast the waybill desk stays on a big station's database: saving one waybill (with
//! fsync, as the app saves: WAL and `synchronous=FULL`) and the searches of the waybill
//! list, on a file database of 1,000,000 waybills among 20,000 customers.
//!
//! The database is built once, through the storage layer's own import (one transaction
//! per 50,000 waybills), at `target/bench-data/waybills-1m.sqlite3`, and reused by later
//! runs while it holds at least a million waybills. The saves of earlier runs stay in it
//! on later days past the imported ones, so they never disturb the searches. Run with
//! `cargo bench --bench waybills`; delete the file to rebuild it.
//!
//! With `KAIDAN_BENCH_POSTGRES` naming a server (`benches/shared`), the same million
//! waybills are built there too, the same way (database `kaidan_bench_1m`, kept for
//! later runs), and every measurement runs on both, side by side in the same run. Four
//! counters saving at once (each on a connection of its own) is measured on both.

#[allow(dead_code, reason = "each bench uses a part of it")]
mod shared;

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use kaidan::demo::{SplitMix64, demo_rate_table, random_landline, random_mobile};
use kaidan::domain::desk::destinations::Divisions;
use kaidan::domain::desk::phone::tail4;
use kaidan::domain::desk::rates::{FeeSettings, RateTable};
use kaidan::domain::desk::screening::{ProhibitedWord, default_list};
use kaidan::domain::desk::waybill::{
    DeliveryMode, IssuedWaybill, PaymentMethod, ValidationContext, Waybill, WaybillDraft,
    WaybillStatus, waybill_number,
};
use kaidan::storage::staff::StaffMember;
use kaidan::storage::waybills::WaybillQuery;
use kaidan::storage::{Db, Location};
use shared::{
    data_dir, database_exists, database_url, fresh_database, postgres_server, remove_database,
};
use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Waybills in the bench database.
const WAYBILLS: usize = 1_000_000;
/// Waybills per import transaction.
const CHUNK: usize = 50_000;
/// Shippers (Guangzhou factories and wholesalers) and consignees (shops at destinations).
const SHIPPERS: usize = 2_000;
const CONSIGNEES: usize = 18_000;
/// The last day of the imported waybills; the first is about two years earlier.
const LAST_DAY: (i32, u32, u32) = (2026, 6, 30);
/// The bench server's database of the million waybills (`benches/shared`).
const PG_DATABASE: &str = "kaidan_bench_1m";
/// Waybills each of the four counters saves in one round of the four-at-once bench.
const EACH_COUNTER: u64 = 10;
/// The seed of every draw: the same database on every machine.
const SEED: u64 = 0x0062_656E_6368_0001;

const BRANDS: &[&str] = &[
    "宏达", "鑫源", "华美", "金鹏", "永辉", "顺发", "恒通", "盛世", "富强", "利民", "新星", "佳美",
    "龙腾", "祥瑞", "万家", "鸿运", "天和", "兴隆", "联发", "创新", "博远", "嘉华", "俊豪", "美联",
    "宏图", "金辉", "永盛", "福源", "明辉", "蓝天", "晶华", "金利", "华兴", "鑫科", "海达", "星光",
    "万象", "东盛", "南方", "广源", "荣昌", "汇丰", "隆盛", "瑞丰", "金冠", "正大", "和顺", "鼎盛",
    "恒昌", "安达", "信达", "宝丰", "德胜", "东方", "金源", "长城", "红星", "银河", "新华", "振兴",
];
const GUANGZHOU_DISTRICTS: &[&str] = &[
    "白云区",
    "番禺区",
    "海珠区",
    "荔湾区",
    "越秀区",
    "天河区",
    "花都区",
    "增城区",
    "黄埔区",
    "从化区",
    "南沙区",
];
/// A trade: the goods, how a Guangzhou shipper of it is called, and how a shop is.
const TRADES: &[(&str, &str, &str)] = &[
    ("服装", "服装厂", "服装"),
    ("五金配件", "五金制品厂", "五金"),
    ("皮具箱包", "皮具商行", "箱包"),
    ("玩具", "玩具商行", "玩具"),
    ("灯具", "灯饰厂", "灯饰"),
    ("鞋子", "鞋业", "鞋业"),
    ("塑料制品", "塑料制品厂", "日杂"),
    ("茶叶", "茶行", "茶叶"),
    ("电子产品", "电子商行", "电子"),
    ("家具配件", "家具配件厂", "家具配件"),
    ("陶瓷", "陶瓷批发部", "陶瓷"),
    ("汽车配件", "汽配商行", "汽配"),
    ("布料", "布行", "布料"),
    ("日用百货", "日用百货批发部", "百货"),
];
const SHOP_KINDS: &[&str] = &["批发部", "经营部", "商行", "店"];
const SURNAMES: &[&str] = &[
    "李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭",
    "林", "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN_NAMES: &[&str] = &[
    "建华", "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文", "辉", "志强", "海燕", "红梅", "国庆",
    "小龙",
];

/// A customer of the bench database.
#[derive(Clone)]
struct Customer {
    name: String,
    phone: String,
    /// Destination (consignees only).
    dest_code: String,
    /// Delivery address (consignees only).
    address: String,
    /// Index into [`TRADES`].
    trade: usize,
}

fn pick<'a>(rng: &mut SplitMix64, items: &[&'a str]) -> &'a str {
    rng.pick(items).copied().unwrap_or_default()
}

fn unique_phone(
    rng: &mut SplitMix64,
    seen: &mut HashSet<String>,
    area: &str,
    landline_percent: u64,
) -> String {
    loop {
        let phone = if rng.percent(landline_percent) {
            random_landline(rng, area)
        } else {
            random_mobile(rng)
        };
        if seen.insert(phone.clone()) {
            return phone;
        }
    }
}

/// 2,000 shippers and 18,000 consignees with distinct phones and varied names.
fn customers(rng: &mut SplitMix64, dest_codes: &[String]) -> (Vec<Customer>, Vec<Customer>) {
    let divisions = Divisions::bundled();
    let mut phones = HashSet::new();
    let mut names = HashSet::new();
    let mut unique_name = |rng: &mut SplitMix64, make: &dyn Fn(&mut SplitMix64) -> String| {
        let mut name = make(rng);
        let mut branch = 1;
        while !names.insert(name.clone()) {
            branch += 1;
            name = format!("{}（{branch}店）", make(rng));
        }
        name
    };
    let shippers = (0..SHIPPERS)
        .map(|_| {
            let trade = rng.index(TRADES.len());
            let name = unique_name(rng, &|r| {
                format!(
                    "广州市{}{}{}",
                    pick(r, GUANGZHOU_DISTRICTS),
                    pick(r, BRANDS),
                    TRADES[trade].1
                )
            });
            Customer {
                name,
                phone: unique_phone(rng, &mut phones, "020", 25),
                dest_code: String::new(),
                address: String::new(),
                trade,
            }
        })
        .collect();
    let consignees = (0..CONSIGNEES)
        .map(|_| {
            let dest_code = dest_codes[rng.index(dest_codes.len())].clone();
            let place = divisions.by_code(&dest_code).map_or(String::new(), |d| {
                if d.name.ends_with('区') && d.city != d.name {
                    format!("{}{}", d.city, d.name)
                } else {
                    d.name.clone()
                }
            });
            let trade = rng.index(TRADES.len());
            let name = unique_name(rng, &|r| {
                if r.percent(15) {
                    format!("{}{}", pick(r, SURNAMES), pick(r, GIVEN_NAMES))
                } else {
                    let house = if r.percent(60) {
                        pick(r, BRANDS).to_owned()
                    } else {
                        format!("{}记", pick(r, SURNAMES))
                    };
                    format!("{place}{house}{}{}", TRADES[trade].2, pick(r, SHOP_KINDS))
                }
            });
            let address = format!("{place}{}路 {} 号", pick(rng, BRANDS), rng.between(1, 399));
            Customer {
                name,
                phone: unique_phone(rng, &mut phones, "0731", 30),
                dest_code,
                address,
                trade,
            }
        })
        .collect();
    (shippers, consignees)
}

/// A consignment from `shipper` to `consignee`, as a clerk would type it.
fn draft(rng: &mut SplitMix64, shipper: &Customer, consignee: &Customer) -> WaybillDraft {
    let goods = TRADES[if rng.percent(70) {
        shipper.trade
    } else {
        consignee.trade
    }]
    .0;
    let pieces = rng.between(1, 40);
    let weight_kg = pieces * rng.between(5, 30);
    let density = rng.between(80, 600);
    let volume_centi = (weight_kg * 100 / density).max(1);
    let delivery = if rng.percent(25) {
        DeliveryMode::Distribution
    } else {
        DeliveryMode::SelfPickup
    };
    let payment = rng
        .weighted(&[
            (PaymentMethod::PayNow, 55),
            (PaymentMethod::Collect, 25),
            (PaymentMethod::Monthly, 15),
            (PaymentMethod::OnReceipt, 5),
        ])
        .unwrap_or(PaymentMethod::PayNow);
    WaybillDraft {
        dest_code: consignee.dest_code.clone(),
        shipper_name: shipper.name.clone(),
        shipper_phone: shipper.phone.clone(),
        consignee_name: consignee.name.clone(),
        consignee_phone: consignee.phone.clone(),
        goods_name: goods.to_owned(),
        pieces: pieces.to_string(),
        weight_kg: weight_kg.to_string(),
        volume_m3: format!("{}.{:02}", volume_centi / 100, volume_centi % 100),
        delivery,
        delivery_address: if delivery.is_delivery() {
            consignee.address.clone()
        } else {
            String::new()
        },
        receipt_copies: if payment == PaymentMethod::OnReceipt || rng.percent(10) {
            "1".to_owned()
        } else {
            String::new()
        },
        controlled_release: rng.percent(10),
        declared_value: if rng.percent(15) {
            (rng.between(10, 200) * 100).to_string()
        } else {
            String::new()
        },
        payment,
        ..WaybillDraft::sample()
    }
}

/// What validation needs, owned.
struct Rules {
    rates: RateTable,
    fees: FeeSettings,
    prohibited: Vec<ProhibitedWord>,
}

impl Rules {
    fn new() -> Self {
        Self {
            rates: demo_rate_table(),
            fees: FeeSettings::default(),
            prohibited: default_list(),
        }
    }

    fn validate(&self, draft: &WaybillDraft) -> Waybill {
        let ctx = ValidationContext {
            divisions: Divisions::bundled(),
            rates: &self.rates,
            fees: &self.fees,
            prohibited: &self.prohibited,
            printable: &|_| true,
        };
        draft.validate(&ctx).expect("a bench draft validates")
    }
}

fn staff() -> Vec<StaffMember> {
    [
        ("A01", "张丽"),
        ("A02", "王强"),
        ("A03", "陈芳"),
        ("A04", "赵敏"),
    ]
    .into_iter()
    .map(|(id, name)| StaffMember {
        id: id.to_owned(),
        name: name.to_owned(),
        role: "开单员".to_owned(),
    })
    .collect()
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The million-waybill SQLite file, built first when it is missing or short.
fn sqlite_million(rules: &Rules) -> Location {
    let path = data_dir().join("waybills-1m.sqlite3");
    if path.exists() {
        let db = Db::open(&path).expect("open the bench database");
        let count = db.waybill_count().expect("count waybills");
        if count >= u64::try_from(WAYBILLS).expect("fits") {
            eprintln!(
                "bench database {} reused: {count} waybills, {:.2} GB",
                path.display(),
                gigabytes(file_size(&path))
            );
            return Location::File(path);
        }
        eprintln!("bench database has only {count} waybills: rebuilding it");
        drop(db);
        remove_database(&path);
    }
    // Built under another name and renamed when complete, so an interrupted build is
    // never mistaken for a finished one.
    let partial = data_dir().join("waybills-1m.partial.sqlite3");
    remove_database(&partial);
    let started = Instant::now();
    {
        let mut db = Db::open(&partial).expect("create the bench database");
        build(&mut db, rules);
    }
    std::fs::rename(&partial, &path).expect("rename the finished bench database");
    eprintln!(
        "built {} in {:.1} s: {WAYBILLS} waybills, {:.2} GB",
        path.display(),
        started.elapsed().as_secs_f64(),
        gigabytes(file_size(&path))
    );
    Location::File(path)
}

/// The same million waybills in the database [`PG_DATABASE`] on the bench server, built
/// first (the same way, from the same seed) when it is missing or short.
fn postgres_million(server: &str, rules: &Rules) -> Location {
    let location = Location::Server(database_url(server, PG_DATABASE));
    if database_exists(server, PG_DATABASE) {
        let db = Db::open_at(&location).expect("open the bench database");
        let count = db.waybill_count().expect("count waybills");
        if count >= u64::try_from(WAYBILLS).expect("fits") {
            eprintln!("bench database {PG_DATABASE} reused: {count} waybills");
            return location;
        }
        eprintln!("bench database {PG_DATABASE} has only {count} waybills: rebuilding it");
    }
    fresh_database(server, PG_DATABASE, None);
    let started = Instant::now();
    let mut db = Db::open_at(&location).expect("create the bench database");
    build(&mut db, rules);
    eprintln!(
        "built {PG_DATABASE} in {:.1} s: {WAYBILLS} waybills",
        started.elapsed().as_secs_f64()
    );
    location
}

#[allow(
    clippy::cast_precision_loss,
    reason = "a file size shown to two decimals"
)]
fn gigabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// The destinations the rate table prices, each once.
fn dest_codes(rates: &RateTable) -> Vec<String> {
    let mut codes: Vec<String> = rates.rows().iter().map(|r| r.dest_code.clone()).collect();
    codes.dedup();
    codes
}

fn build(db: &mut Db, rules: &Rules) {
    let mut rng = SplitMix64::new(SEED);
    for member in staff() {
        db.upsert_staff(&member).expect("add staff");
    }
    db.replace_rate_table(&rules.rates).expect("save rates");
    let dest_codes = dest_codes(&rules.rates);
    let (shippers, consignees) = customers(&mut rng, &dest_codes);
    let clerks = staff();

    // About 1,370 waybills a day over two years, ending on LAST_DAY.
    let days = 730_u64;
    let last = NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("a date");
    let first = last - Days::new(days - 1);
    let per_day = u64::try_from(WAYBILLS).expect("fits").div_ceil(days);

    let mut chunk: Vec<IssuedWaybill> = Vec::with_capacity(CHUNK);
    let mut made = 0_usize;
    let mut day = first;
    let started = Instant::now();
    while made < WAYBILLS {
        let count = per_day.min(u64::try_from(WAYBILLS - made).expect("fits"));
        let mut seconds: Vec<u32> = (0..count)
            .map(|_| u32::try_from(rng.between(7 * 3600, 23 * 3600 - 1)).expect("fits"))
            .collect();
        seconds.sort_unstable();
        for (sequence, second) in (1_u32..).zip(seconds) {
            // Busy shippers send much more than the others; each sends mostly to its own
            // few dozen consignees.
            let si = rng.index(SHIPPERS).min(rng.index(SHIPPERS));
            let ci = if rng.percent(70) {
                (si * 7919 + rng.index(30) * 104_729) % CONSIGNEES
            } else {
                rng.index(CONSIGNEES)
            };
            let waybill = rules.validate(&draft(&mut rng, &shippers[si], &consignees[ci]));
            let clerk = &clerks[rng.index(clerks.len())];
            chunk.push(IssuedWaybill {
                number: waybill_number("GZ", day, sequence),
                issued_at: day
                    .and_hms_opt(second / 3600, second / 60 % 60, second % 60)
                    .expect("a time"),
                clerk_id: clerk.id.clone(),
                clerk_name: clerk.name.clone(),
                status: WaybillStatus::Issued,
                alter_count: 0,
                waybill,
            });
            made += 1;
            if chunk.len() == CHUNK || made == WAYBILLS {
                let now = chunk.last().map(|w| w.issued_at).expect("a full chunk");
                db.import_waybills(&chunk, now).expect("import a chunk");
                chunk.clear();
                eprintln!(
                    "  {made} waybills imported after {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        day = day + Days::new(1);
    }
}

fn query(text: &str) -> WaybillQuery {
    WaybillQuery {
        text: text.to_owned(),
        ..WaybillQuery::default()
    }
}

/// What every backend's run searches for and saves, drawn from the same seed as the
/// database, so that every search finds something.
struct Workload {
    searches: Vec<(&'static str, String)>,
    lookup_phone: kaidan::domain::desk::phone::Phone,
    /// The waybill every save issues, between parties of their own (phones 166…, which
    /// the generator never makes), so the saves of earlier runs never show up in the
    /// searches, which sort newest first.
    waybill: Waybill,
}

impl Workload {
    fn new(rules: &Rules) -> Self {
        let mut rng = SplitMix64::new(SEED);
        let dest_codes = dest_codes(&rules.rates);
        let (shippers, consignees) = customers(&mut rng, &dest_codes);
        let busy_shipper = &shippers[7];
        let phone = busy_shipper.phone.clone();
        let tail = tail4(&phone);
        let consignee = &consignees[4_321];
        let consignee_tail = tail4(&consignee.phone);
        // A name as a clerk types part of it: the shop's house name and trade.
        let trade_word = TRADES[consignee.trade].2;
        let name_part = consignee.name.find(trade_word).map_or_else(
            || consignee.name.clone(),
            |end| {
                let before: Vec<char> = consignee.name[..end].chars().collect();
                let house: String = before[before.len().saturating_sub(2)..].iter().collect();
                format!("{house}{trade_word}")
            },
        );
        let last = NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("a date");
        let number_prefix = format!("GZ{}", (last - Days::new(300)).format("%y%m%d"));
        let bench_shipper = Customer {
            name: "广州市白云区测速专用发货方".to_owned(),
            phone: "16600000001".to_owned(),
            dest_code: String::new(),
            address: String::new(),
            trade: 0,
        };
        let bench_consignee = Customer {
            name: "测速专用收货方".to_owned(),
            phone: "16600000002".to_owned(),
            ..consignees[0].clone()
        };
        Self {
            searches: vec![
                ("search_phone_tail", tail),
                ("search_phone_tail_consignee", consignee_tail),
                ("search_phone", phone),
                ("search_name", name_part),
                ("search_name_common", "宏达".to_owned()),
                ("search_number_prefix", number_prefix),
            ],
            lookup_phone: kaidan::domain::desk::phone::Phone::parse(&busy_shipper.phone)
                .expect("a phone"),
            waybill: rules.validate(&draft(&mut rng, &bench_shipper, &bench_consignee)),
        }
    }
}

/// Where the saves of this run go: on days after everything stored so far, so that
/// numbers never run out (9,999 a day) and earlier runs' saves do not collide.
struct SaveClock {
    first_day: NaiveDate,
    saved: AtomicU64,
}

impl SaveClock {
    fn after(db: &Db) -> Self {
        let newest: NaiveDateTime = db
            .find_waybills(&WaybillQuery::default())
            .expect("newest waybill")
            .first()
            .map(|w| w.issued_at)
            .expect("the database has waybills");
        Self {
            first_day: newest.date() + Days::new(1),
            saved: AtomicU64::new(0),
        }
    }

    /// The time of the next save: 9,000 a day from 08:00, a second apart.
    fn next(&self) -> NaiveDateTime {
        let saved = self.saved.fetch_add(1, Ordering::Relaxed);
        let day = self.first_day + Days::new(saved / 9_000);
        let second = u32::try_from(8 * 3600 + saved % 9_000).expect("fits");
        day.and_hms_opt(second / 3600, second / 60 % 60, second % 60)
            .expect("a time")
    }
}

fn benches(c: &mut Criterion) {
    let rules = Rules::new();
    let work = Workload::new(&rules);
    let mut backends = vec![("sqlite", sqlite_million(&rules))];
    if let Some(server) = postgres_server() {
        backends.push(("postgres", postgres_million(&server, &rules)));
    }
    for (backend, location) in &backends {
        bench_backend(c, backend, location, &work);
    }
}

/// The searches, the form's look-up, one save and four counters saving at once, on the
/// million-waybill database at `location`.
fn bench_backend(c: &mut Criterion, backend: &str, location: &Location, work: &Workload) {
    let mut db = Db::open_at(location).expect("open the bench database");
    for (name, text) in &work.searches {
        let found = db.find_waybills(&query(text)).expect("search").len();
        eprintln!("{backend} {name}: 「{text}」 finds {found} waybills");
    }

    let mut group = c.benchmark_group(format!("waybills_1m_{backend}"));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (name, text) in &work.searches {
        let q = query(text);
        group.bench_function(*name, |b| {
            b.iter(|| black_box(db.find_waybills(black_box(&q)).expect("search")));
        });
    }

    // The form's phone look-up as a clerk types a busy shipper's phone: the name from
    // the customer's file (客户档案) and the usual consignees.
    group.bench_function("lookup_shipper", |b| {
        b.iter(|| {
            black_box(
                db.customer_by_phone(black_box(&work.lookup_phone))
                    .expect("look-up"),
            );
            black_box(
                db.usual_consignees(black_box(&work.lookup_phone))
                    .expect("consignees"),
            )
        });
    });

    let clock = SaveClock::after(&db);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("save_waybill_fsync", |b| {
        b.iter(|| {
            black_box(
                db.issue_waybill(&work.waybill, "A01", "GZ", clock.next())
                    .expect("save a waybill"),
            )
        });
    });

    // A station's four counters saving at the same moment, each on a connection of its
    // own: the time of a round of 4 × EACH_COUNTER saves, and waybills a second in all.
    let mut counters: Vec<(Db, &str)> = ["A01", "A02", "A03", "A04"]
        .into_iter()
        .map(|clerk| (Db::open_at(location).expect("open a counter"), clerk))
        .collect();
    group.throughput(Throughput::Elements(4 * EACH_COUNTER));
    group.bench_function("four_counters_saving", |b| {
        b.iter_custom(|rounds| {
            let started = Instant::now();
            for _ in 0..rounds {
                std::thread::scope(|s| {
                    for (counter, clerk) in &mut counters {
                        let clock = &clock;
                        s.spawn(move || {
                            for _ in 0..EACH_COUNTER {
                                counter
                                    .issue_waybill(&work.waybill, clerk, "GZ", clock.next())
                                    .expect("save a waybill");
                            }
                        });
                    }
                });
            }
            started.elapsed()
        });
    });
    group.finish();
}

criterion_group!(waybill_benches, benches);
criterion_main!(waybill_benches);
