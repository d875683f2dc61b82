//! Demo data (演示数据): the staff of a station, a rate table for the destinations a
//! Guangzhou less-than-truckload company serves, its regular shippers and their
//! consignees, and a week of waybills, so that a new user sees a living desk at once.
//!
//! Every waybill is typed as a [`WaybillDraft`], validated like a clerk's and issued
//! through the storage layer, so the demo desk holds nothing the program could not have
//! written itself: the alteration history checks clean, short charges are computed by the
//! rules, and the customer look-ups of the form are filled. Everything is drawn from
//! [`SplitMix64`] with a fixed seed, so the same day always gives the same desk; the
//! benches use the same generator for their million waybills.

mod catalogue;
mod dispatch;
pub mod samples;
mod service;
mod steps;

use catalogue::{CONSIGNEES, DESTINATIONS, GOODS, REMARKS, SHIPPERS, Shipper, Tier};

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::rates::{FeeSettings, RateRow, RateTable};
use crate::domain::desk::screening::{default_list, screen};
use crate::domain::desk::waybill::{
    Condition, DeliveryMode, Packaging, PaymentMethod, ValidationContext, Waybill, WaybillDraft,
};
use crate::domain::people::attendance::{Punch, ShiftKind};
use crate::domain::people::{Role, Staff};
use crate::domain::settings::DeskSettings;
use crate::storage::waybills::Refusal;
use crate::storage::{Db, StorageError};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashSet};
use std::fmt;

/// A tiny deterministic random generator (`SplitMix64`, Steele, Lea and Flood 2014). Demo
/// data and benches need repeatable variety, not cryptographic quality, and this keeps
/// the program free of a random-number crate.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`; the same seed always gives the same sequence.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`, or `low` when the range is empty. The slight bias of
    /// taking a remainder does not matter for made-up data.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        match (high - low).checked_add(1) {
            Some(span) => low + self.next_u64() % span,
            None => self.next_u64(),
        }
    }

    /// An index below `len`, or 0 when `len` is 0.
    pub fn index(&mut self, len: usize) -> usize {
        match u64::try_from(len) {
            Ok(0) | Err(_) => 0,
            Ok(len) => usize::try_from(self.next_u64() % len).unwrap_or(0),
        }
    }

    /// True with a chance of `percent` in 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One item of the slice, `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let index = self.index(items.len());
        items.get(index)
    }

    /// One item chosen with the given weights, `None` when they are all zero.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> Option<T> {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        if total == 0 {
            return None;
        }
        let mut roll = self.next_u64() % total;
        for &(item, weight) in items {
            if roll < weight {
                return Some(item);
            }
            roll -= weight;
        }
        None
    }
}

/// A made-up mainland mobile number (`13912345678`) with a common carrier prefix.
pub fn random_mobile(rng: &mut SplitMix64) -> String {
    const PREFIXES: [&str; 24] = [
        "139", "138", "137", "136", "135", "134", "159", "158", "157", "152", "151", "150", "188",
        "187", "183", "182", "186", "185", "131", "130", "189", "180", "177", "199",
    ];
    let prefix = rng.pick(&PREFIXES).copied().unwrap_or("139");
    format!("{prefix}{:08}", rng.between(0, 99_999_999))
}

/// A made-up eight-digit landline with the given area code (`0731-58123456`).
pub fn random_landline(rng: &mut SplitMix64, area_code: &str) -> String {
    format!("{area_code}-{}", rng.between(22_000_000, 89_999_999))
}

/// What [`load_demo`] put into the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    /// Members of staff.
    pub staff: usize,
    /// Rows of the rate table.
    pub rate_rows: usize,
    /// Destinations the rate table prices.
    pub destinations: usize,
    /// Waybills issued (the voided one included: it is kept).
    pub waybills: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "已载入演示数据：员工 {} 人，报价 {} 行（{} 个到站），运单 {} 张",
            self.staff, self.rate_rows, self.destinations, self.waybills
        )
    }
}

/// Loads the demo desk into an empty database: staff, station settings, rate table, and
/// the waybills of the seven days up to and including `today` (with one alteration, one
/// voided waybill, a few short charges and two refused consignments).
///
/// Refused when the database already holds waybills: demo data must never mix with a
/// station's real records. All or nothing: the demo is written into a copy of the
/// database and copied back in one transaction (`Db::all_or_nothing`), so a fault, a
/// full disk or a killed process leaves the database as it was, and `demo` can be run
/// again.
pub fn load_demo(db: &mut Db, today: NaiveDate) -> Result<DemoSummary, StorageError> {
    if db.waybill_count()? > 0 {
        return Err(StorageError::Refused(
            "数据库里已有运单：演示数据只能载入空白的数据库，请新建一个数据库再试".to_owned(),
        ));
    }
    db.all_or_nothing(|scratch| load_demo_into(scratch, today))
}

/// A database of its own holding the demo of `today`, for the tests and benches that
/// start from the demo: it is loaded once per process and day (into SQLite in memory,
/// about a second unoptimised, seven on the test server) and each call gets a copy
/// (`Db::scratch_copy`: in memory, or a schema of its own when the storage tests run on
/// the server). What tests the loading itself calls [`load_demo`].
pub fn demo_copy(today: NaiveDate) -> Result<Db, StorageError> {
    static LOADED: std::sync::Mutex<Vec<(NaiveDate, Db)>> = std::sync::Mutex::new(Vec::new());
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let at = if let Some(at) = loaded.iter().position(|(day, _)| *day == today) {
        at
    } else {
        let mut db = Db::open_sqlite_in_memory()?;
        load_demo(&mut db, today)?;
        loaded.push((today, db));
        loaded.len() - 1
    };
    // Copied in memory under the lock (milliseconds), and from there onto the server
    // when the tests run there (row by row, seconds) without keeping the others waiting.
    let private = loaded[at].1.copy_in_memory()?;
    drop(loaded);
    private.scratch_copy()
}

/// The demo's writes, one by one, into `db`.
fn load_demo_into(db: &mut Db, today: NaiveDate) -> Result<DemoSummary, StorageError> {
    if db.waybill_count()? > 0 {
        return Err(StorageError::Refused(
            "数据库里已有运单：演示数据只能载入空白的数据库，请新建一个数据库再试".to_owned(),
        ));
    }
    let plan = Plan::draw(today)?;

    let staff: Vec<Staff> = STAFF
        .iter()
        .map(|(id, name, role, joined, salary)| Staff {
            id: (*id).to_owned(),
            name: (*name).to_owned(),
            role: Role::from_label(role).unwrap_or(Role::Clerk),
            joined_on: NaiveDate::parse_from_str(joined, "%Y-%m-%d").ok(),
            left_on: None,
            base_salary_yuan: Decimal::from(*salary),
        })
        .collect();
    db.import_staff(&staff)?;
    for person in &staff {
        db.set_password(
            &person.id,
            DEMO_PASSWORD,
            NaiveDateTime::new(today, NaiveTime::MIN),
        )?;
    }
    db.import_punches(&demo_punches(today))?;
    let settings = DeskSettings {
        station_name: "广州白云站".to_owned(),
        station_phone: "020-86123456".to_owned(),
        ..DeskSettings::default()
    };
    db.save_desk_settings(&settings)?;
    db.replace_rate_table(&plan.rates)?;

    let mut numbers = Vec::with_capacity(plan.waybills.len());
    for planned in &plan.waybills {
        let issued = db.issue_waybill(
            &planned.waybill,
            planned.clerk_id,
            &settings.number_prefix,
            planned.issued_at,
        )?;
        numbers.push(issued.number);
    }
    if let Some(change) = &plan.alteration
        && let (Some(number), Some(planned)) =
            (numbers.get(change.index), plan.waybills.get(change.index))
    {
        db.alter_waybill(
            number,
            None,
            &change.waybill,
            planned.clerk_id,
            "客户更正件数",
            planned.issued_at + chrono::Duration::minutes(25),
        )?;
    }
    if let (Some(number), Some(planned)) = (numbers.get(VOID_INDEX), plan.waybills.get(VOID_INDEX))
    {
        db.void_waybill(
            number,
            planned.clerk_id,
            "客户取消托运",
            planned.issued_at + chrono::Duration::minutes(40),
        )?;
    }
    for refusal in &plan.refusals {
        db.record_refusal(refusal)?;
    }
    approve_monthly_shippers(db, &plan, today)?;
    dispatch::load_dispatch(db, today)?;
    service::load_service(db, today, &plan.rates)?;

    let destinations: BTreeSet<&str> = plan
        .rates
        .rows()
        .iter()
        .map(|row| row.dest_code.as_str())
        .collect();
    Ok(DemoSummary {
        staff: STAFF.len(),
        rate_rows: plan.rates.rows().len(),
        destinations: destinations.len(),
        waybills: numbers.len(),
    })
}

/// The shippers with a monthly account (月结) were approved by the supervisor a month
/// ago with a limit of ¥50,000, so the demo's 月结 waybills are theirs, not the clerks'.
fn approve_monthly_shippers(
    db: &mut Db,
    plan: &Plan,
    today: NaiveDate,
) -> Result<(), StorageError> {
    let approved_at = NaiveDateTime::new(today - chrono::Days::new(30), NaiveTime::MIN);
    let mut done = BTreeSet::new();
    for planned in &plan.waybills {
        let phone = &planned.waybill.shipper.phone;
        if planned.waybill.payment != PaymentMethod::Monthly || !done.insert(phone.clone()) {
            continue;
        }
        if let Some(id) = db.customer_id_by_phone(phone)? {
            db.approve_credit(id, Decimal::from(50_000), "S01", approved_at)?;
        }
    }
    Ok(())
}

/// The demo rate table alone: three weight bands (0, 500 and 3,000 kg) for every demo
/// destination that exists in the bundled division list.
#[must_use]
pub fn demo_rate_table() -> RateTable {
    let divisions = Divisions::bundled();
    let mut rows = Vec::new();
    for dest in DESTINATIONS {
        if divisions.by_code(dest.code).is_none() {
            continue;
        }
        // Prices per band: heavy in fen per kg, light in yuan per m³, both falling with
        // weight; minimum and delivery fee per waybill. County towns (as against city
        // districts) cost a little more to reach and much more to deliver in.
        let (heavy, light, minimum, delivery): ([i64; 3], [i64; 3], i64, i64) = match dest.tier {
            Tier::Near => ([60, 50, 42], [110, 95, 80], 20, 30),
            Tier::Middle => ([85, 75, 62], [180, 160, 140], 30, 50),
            Tier::Far => ([110, 95, 80], [240, 215, 190], 40, 60),
        };
        let (extra_heavy, extra_light, extra_minimum, extra_delivery) = if dest.county {
            (5, 10, 5, 20)
        } else {
            (0, 0, 0, 0)
        };
        for (band, from_kg) in [0_i64, 500, 3000].into_iter().enumerate() {
            rows.push(RateRow {
                dest_code: dest.code.to_owned(),
                from_weight_kg: Decimal::from(from_kg),
                heavy_yuan_per_kg: Decimal::new(heavy[band] + extra_heavy, 2),
                light_yuan_per_m3: Decimal::from(light[band] + extra_light),
                minimum_yuan: Decimal::from(minimum + extra_minimum),
                delivery_fee_yuan: Decimal::from(delivery + extra_delivery),
            });
        }
    }
    // The codes above are distinct, so the table cannot have a repeated start.
    RateTable::new(rows).unwrap_or_default()
}

/// 工号, name and role of the demo staff.
/// The password of every demo account (the README says so).
pub const DEMO_PASSWORD: &str = "123456";

/// 工号, 姓名, 岗位, 入职日期, 月基本工资.
const STAFF: &[(&str, &str, &str, &str, i64)] = &[
    ("A01", "张丽", "开单员", "2024-03-01", 4200),
    ("A02", "王强", "开单员", "2025-06-16", 4000),
    ("A03", "陈芳", "客服", "2023-09-01", 3800),
    ("S01", "刘建国", "主管", "2021-02-20", 6500),
];

/// Clock-in records of this month up to yesterday: A01, A03 and S01 on 早班 with Sundays
/// off, A02 on 中班 with Mondays off and on 晚班 last night; now and then a few minutes late, once in a while
/// half an hour, so that the monthly review has something to show.
fn demo_punches(today: NaiveDate) -> Vec<Punch> {
    let mut rng = SplitMix64::new(SEED ^ 0x7075_6E63);
    let minutes = |m: u64| {
        let m = u32::try_from(m % (24 * 60)).unwrap_or(0);
        NaiveTime::from_hms_opt(m / 60, m % 60, 0)
    };
    let mut out = Vec::new();
    let mut day = today.with_day(1).unwrap_or(today);
    while day < today {
        for id in ["A01", "A02", "A03", "S01"] {
            // A02 worked last night's 晚班 (to 08:00 today), so someone is on duty at any
            // hour the demo is opened: A02 until 08:30, A01 from 07:30 to 20:30, A02 again
            // from 19:30.
            let last_night = id == "A02" && day.succ_opt() == Some(today);
            let (shift, start, day_off) = if last_night {
                (ShiftKind::Night, 20 * 60, None)
            } else if id == "A02" {
                (ShiftKind::Middle, 12 * 60, Some(Weekday::Mon))
            } else {
                (ShiftKind::Early, 8 * 60, Some(Weekday::Sun))
            };
            if Some(day.weekday()) == day_off {
                out.push(Punch {
                    staff_id: id.to_owned(),
                    day,
                    shift: ShiftKind::Rest,
                    clock_in: None,
                    clock_out: None,
                });
                continue;
            }
            let clock_in = match rng.between(0, 99) {
                0..=6 => start + rng.between(1, 9),
                7 => start + 30,
                _ => start - rng.between(1, 15),
            };
            let clock_out = start + 12 * 60 + rng.between(0, 20);
            out.push(Punch {
                staff_id: id.to_owned(),
                day,
                shift,
                clock_in: minutes(clock_in),
                clock_out: minutes(clock_out),
            });
        }
        day = day.succ_opt().unwrap_or(today);
    }
    // Today's records are the schedule the on-duty rule reads; their punches are those a
    // DingTalk export would show by the end of the shifts.
    for (id, shift, clock_in, clock_out) in [
        ("A01", ShiftKind::Early, 8 * 60 - 6, 20 * 60 + 2),
        ("A02", ShiftKind::Night, 20 * 60 - 5, 8 * 60 + 3),
        ("A03", ShiftKind::Early, 8 * 60 - 3, 20 * 60 + 5),
        ("S01", ShiftKind::Early, 8 * 60 - 10, 20 * 60 + 1),
    ] {
        out.push(Punch {
            staff_id: id.to_owned(),
            day: today,
            shift,
            clock_in: minutes(clock_in),
            clock_out: minutes(clock_out),
        });
    }
    out
}

/// The seed of every demo draw: the same day always gives the same desk.
const SEED: u64 = 0x6B61_6964_616E_2026;

/// Waybills (by position in the week) typed below the rate table: short charges.
const SHORT_CHARGE_INDICES: [usize; 3] = [11, 73, 151];
/// The waybill (by position) whose piece count the customer corrects.
const ALTER_INDEX: usize = 120;
/// The waybill (by position) the customer cancels.
const VOID_INDEX: usize = 40;

/// A shipper or consignee as the demo uses it: name, checked phone spelling, address.
struct Customer {
    name: &'static str,
    phone: String,
    address: &'static str,
    dest_code: &'static str,
    trade: &'static str,
}

/// A waybill ready to issue.
struct PlannedWaybill {
    waybill: Waybill,
    clerk_id: &'static str,
    issued_at: NaiveDateTime,
}

/// The altered version of one planned waybill.
struct Alteration {
    index: usize,
    waybill: Waybill,
}

/// Everything the demo writes, drawn and validated before the first write.
struct Plan {
    rates: RateTable,
    waybills: Vec<PlannedWaybill>,
    alteration: Option<Alteration>,
    refusals: Vec<Refusal>,
}

impl Plan {
    fn draw(today: NaiveDate) -> Result<Self, StorageError> {
        let mut rng = SplitMix64::new(SEED);
        let rates = demo_rate_table();
        let divisions = Divisions::bundled();
        let prohibited = default_list();
        let fees = FeeSettings::default();
        let ctx = ValidationContext {
            divisions,
            rates: &rates,
            fees: &fees,
            prohibited: &prohibited,
            printable: &|_| true,
        };

        let mut phones = HashSet::new();
        let mut unique_phone = |rng: &mut SplitMix64, make: &dyn Fn(&mut SplitMix64) -> String| {
            let mut phone = make(rng);
            while !phones.insert(phone.clone()) {
                phone = make(rng);
            }
            phone
        };
        let shippers: Vec<(Customer, &Shipper)> = SHIPPERS
            .iter()
            .map(|s| {
                let phone = if s.landline {
                    unique_phone(&mut rng, &|r| random_landline(r, "020"))
                } else {
                    unique_phone(&mut rng, &random_mobile)
                };
                let customer = Customer {
                    name: s.name,
                    phone,
                    address: "",
                    dest_code: "",
                    trade: "",
                };
                (customer, s)
            })
            .collect();
        let consignees: Vec<Customer> = CONSIGNEES
            .iter()
            .filter(|(code, ..)| divisions.by_code(code).is_some() && rates.has_destination(code))
            .map(|&(dest_code, name, address, trade)| {
                let area = DESTINATIONS
                    .iter()
                    .find(|d| d.code == dest_code)
                    .map_or("020", |d| d.area_code);
                let phone = if rng.percent(30) {
                    unique_phone(&mut rng, &|r| random_landline(r, area))
                } else {
                    unique_phone(&mut rng, &random_mobile)
                };
                Customer {
                    name,
                    phone,
                    address,
                    dest_code,
                    trade,
                }
            })
            .collect();

        // Each shipper sends mostly to a few consignees of its trade: the form's "usual
        // consignees" list then has something to show.
        let usual: Vec<Vec<usize>> = shippers
            .iter()
            .map(|(_, s)| {
                let mut of_trade: Vec<usize> = (0..consignees.len())
                    .filter(|&i| s.goods.contains(&consignees[i].trade))
                    .collect();
                let mut chosen = Vec::new();
                let wanted = usize::try_from(rng.between(3, 5)).unwrap_or(3);
                while chosen.len() < wanted && !of_trade.is_empty() {
                    chosen.push(of_trade.swap_remove(rng.index(of_trade.len())));
                }
                while chosen.len() < wanted && !consignees.is_empty() {
                    let any = rng.index(consignees.len());
                    if !chosen.contains(&any) {
                        chosen.push(any);
                    }
                }
                chosen
            })
            .collect();
        let shipper_weights: Vec<(usize, u64)> = shippers
            .iter()
            .enumerate()
            .map(|(i, (_, s))| (i, s.weight))
            .collect();

        let mut waybills = Vec::new();
        if !consignees.is_empty() {
            for days_back in (0..7_u64).rev() {
                let Some(day) = today.checked_sub_days(Days::new(days_back)) else {
                    continue;
                };
                let count = rng.between(25, 60);
                let mut seconds: Vec<u32> = (0..count)
                    .map(|_| u32::try_from(rng.between(8 * 3600, 21 * 3600 - 1)).unwrap_or(0))
                    .collect();
                seconds.sort_unstable();
                for second in seconds {
                    let Some(issued_at) =
                        day.and_hms_opt(second / 3600, second / 60 % 60, second % 60)
                    else {
                        continue;
                    };
                    let Some(si) = rng.weighted(&shipper_weights) else {
                        continue;
                    };
                    let (shipper, profile) = &shippers[si];
                    let ci = if rng.percent(85) {
                        rng.pick(&usual[si]).copied().unwrap_or(0)
                    } else {
                        rng.index(consignees.len())
                    };
                    let Some(consignee) = consignees.get(ci) else {
                        continue;
                    };
                    let mut draft =
                        draw_draft(&mut rng, shipper, profile, consignee, issued_at.date());
                    let index = waybills.len();
                    if SHORT_CHARGE_INDICES.contains(&index) {
                        // The clerk gives a regular a "discount" below the table.
                        let rate = validated(&draft, &ctx)?.freight_yuan;
                        draft.freight = (rate * Decimal::new(8, 1)).round().to_string();
                    }
                    let waybill = validated(&draft, &ctx)?;
                    // A01 works the early shift (08–20), A02 the middle one (12–24).
                    let clerk_id = match issued_at.hour() {
                        ..12 => "A01",
                        20.. => "A02",
                        _ if rng.percent(50) => "A01",
                        _ => "A02",
                    };
                    waybills.push(PlannedWaybill {
                        waybill,
                        clerk_id,
                        issued_at,
                    });
                }
            }
        }

        let alteration = match waybills.get(ALTER_INDEX) {
            Some(planned) => {
                let mut draft = planned.waybill.to_draft();
                draft.pieces = (planned.waybill.pieces + 2).to_string();
                Some(Alteration {
                    index: ALTER_INDEX,
                    waybill: validated(&draft, &ctx)?,
                })
            }
            None => None,
        };

        let mut refusals = Vec::new();
        for (days_back, time, clerk_id, shipper_index, goods_name) in [
            (5_u64, (10, 15, 0), "A01", 21_usize, "汽油"),
            (2, (15, 42, 0), "A02", 19, "天那水"),
        ] {
            let (Some(day), Some((shipper, _))) = (
                today.checked_sub_days(Days::new(days_back)),
                shippers.get(shipper_index),
            ) else {
                continue;
            };
            let (Some(at), Some(refusal)) = (
                day.and_hms_opt(time.0, time.1, time.2),
                screen(goods_name, false, &prohibited),
            ) else {
                continue;
            };
            refusals.push(Refusal {
                at,
                clerk_id: clerk_id.to_owned(),
                shipper_name: shipper.name.to_owned(),
                shipper_phone: shipper.phone.clone(),
                goods_name: goods_name.to_owned(),
                reason: refusal.reason,
            });
        }

        Ok(Self {
            rates,
            waybills,
            alteration,
            refusals,
        })
    }
}

/// Validates a demo draft; a failure is a fault of the demo itself, reported in full.
fn validated(draft: &WaybillDraft, ctx: &ValidationContext<'_>) -> Result<Waybill, StorageError> {
    draft.validate(ctx).map_err(|errors| {
        let details: Vec<String> = errors
            .iter()
            .map(|e| format!("{}：{}", e.field.label(), e.message))
            .collect();
        StorageError::Refused(format!("演示数据有误，未载入（{}）", details.join("；")))
    })
}

/// One consignment as a clerk would type it.
fn draw_draft(
    rng: &mut SplitMix64,
    shipper: &Customer,
    profile: &Shipper,
    consignee: &Customer,
    day: NaiveDate,
) -> WaybillDraft {
    let goods_name = if profile.goods.contains(&consignee.trade) {
        consignee.trade
    } else {
        rng.pick(profile.goods).copied().unwrap_or("日用百货")
    };
    let goods = GOODS
        .iter()
        .find(|g| g.name == goods_name)
        .unwrap_or(&GOODS[0]);

    let on_pallets = goods.palletized && rng.percent(8);
    let (pieces, kg_per_piece, packaging) = if on_pallets {
        (rng.between(1, 6), (300, 800), Packaging::Pallet)
    } else {
        let packaging = if goods.packagings.len() > 1 && rng.percent(30) {
            rng.pick(&goods.packagings[1..]).copied()
        } else {
            goods.packagings.first().copied()
        };
        (
            rng.between(1, 40),
            goods.kg_per_piece,
            packaging.unwrap_or(Packaging::Carton),
        )
    };
    let weight_kg: u64 = (0..pieces)
        .map(|_| rng.between(kg_per_piece.0, kg_per_piece.1))
        .sum();
    let density = rng.between(goods.density.0, goods.density.1);
    // Volume in hundredths of a cubic metre, as the tape measure gives it.
    let volume_centi = (weight_kg * 100 / density.max(1)).max(1);

    let delivery = if rng.percent(25) {
        rng.weighted(&[
            (DeliveryMode::Distribution, 50),
            (DeliveryMode::DeliverUnload, 20),
            (DeliveryMode::Upstairs, 15),
            (DeliveryMode::Direct, 10),
            (DeliveryMode::DedicatedTruck, 5),
        ])
        .unwrap_or(DeliveryMode::Distribution)
    } else {
        DeliveryMode::SelfPickup
    };
    let payment = if profile.monthly && rng.percent(85) {
        PaymentMethod::Monthly
    } else {
        rng.weighted(&[
            (PaymentMethod::PayNow, 62),
            (PaymentMethod::Collect, 30),
            (PaymentMethod::OnReceipt, 8),
        ])
        .unwrap_or(PaymentMethod::PayNow)
    };
    // About one waybill in six not on account collects the goods' price for the shipper
    // (代收货款), a quarter of those taking the freight out of it (货款扣); decided from
    // the figures already drawn, so the rest of the week stays as it was.
    let cod = (payment != PaymentMethod::Monthly && (weight_kg + pieces).is_multiple_of(6))
        .then(|| (weight_kg * 12).div_ceil(10) * 10 + 100);
    let payment =
        if cod.is_some() && payment == PaymentMethod::Collect && weight_kg.is_multiple_of(4) {
            PaymentMethod::CodDeduct
        } else {
            payment
        };
    let receipt_copies = if payment == PaymentMethod::OnReceipt {
        1
    } else if rng.percent(15) {
        rng.between(1, 2)
    } else {
        0
    };
    let transfer = rng.percent(3);
    let damaged = rng.percent(2);

    WaybillDraft {
        dest_code: consignee.dest_code.to_owned(),
        shipper_name: shipper.name.to_owned(),
        shipper_phone: shipper.phone.clone(),
        consignee_name: consignee.name.to_owned(),
        consignee_phone: consignee.phone.clone(),
        goods_name: goods.name.to_owned(),
        pieces: pieces.to_string(),
        packaging,
        weight_kg: weight_kg.to_string(),
        volume_m3: format!("{}.{:02}", volume_centi / 100, volume_centi % 100),
        declared_by_shipper: rng.percent(3),
        dangerous: false,
        fragile: goods.fragile,
        orientation: goods.orientation,
        condition: if damaged {
            Condition::Deformed
        } else {
            Condition::Good
        },
        condition_note: if damaged {
            "外箱轻微变形，已告知发货方".to_owned()
        } else {
            String::new()
        },
        shipper_bears_damage: false,
        delivery,
        delivery_address: if delivery.is_delivery() {
            consignee.address.to_owned()
        } else {
            String::new()
        },
        receipt_copies: if receipt_copies == 0 {
            String::new()
        } else {
            receipt_copies.to_string()
        },
        controlled_release: rng.percent(10),
        declared_value: if rng.percent(15) {
            (rng.between(10, 200) * 100).to_string()
        } else {
            String::new()
        },
        cod: cod.map(|c| c.to_string()).unwrap_or_default(),
        cod_fee_payer: if weight_kg.is_multiple_of(3) {
            crate::domain::desk::waybill::CodFeePayer::WithFreight
        } else {
            crate::domain::desk::waybill::CodFeePayer::FromGoodsMoney
        },
        payment,
        transfer,
        transfer_rebate: if transfer {
            (rng.between(2, 6) * 5).to_string()
        } else {
            String::new()
        },
        arrival_date: if rng.percent(5) {
            day.checked_add_days(Days::new(rng.between(3, 5)))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        } else {
            String::new()
        },
        freight: String::new(),
        remarks: if rng.percent(5) {
            rng.pick(REMARKS).copied().unwrap_or_default().to_owned()
        } else {
            String::new()
        },
    }
}

#[cfg(test)]
mod tests;
