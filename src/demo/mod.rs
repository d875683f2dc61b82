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

mod dispatch;
mod service;

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::rates::{FeeSettings, RateRow, RateTable};
use crate::domain::desk::screening::{default_list, screen};
use crate::domain::desk::waybill::{
    Condition, DeliveryMode, Orientation, Packaging, PaymentMethod, ValidationContext, Waybill,
    WaybillDraft,
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
/// off, A02 on 中班 with Mondays off; now and then a few minutes late, once in a while
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
            let (shift, start, day_off) = if id == "A02" {
                (ShiftKind::Middle, 12 * 60, Weekday::Mon)
            } else {
                (ShiftKind::Early, 8 * 60, Weekday::Sun)
            };
            if day.weekday() == day_off {
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

/// How far a destination is from Guangzhou, which sets its price level.
#[derive(Debug, Clone, Copy)]
enum Tier {
    /// Within Guangdong.
    Near,
    /// Hunan, Jiangxi, Guangxi.
    Middle,
    /// Hubei.
    Far,
}

/// A destination the demo company serves.
struct DemoDest {
    /// County-level code.
    code: &'static str,
    /// Telephone area code of its landlines.
    area_code: &'static str,
    /// Price level.
    tier: Tier,
    /// A county or county-level city rather than a city district.
    county: bool,
}

const fn dest(code: &'static str, area_code: &'static str, tier: Tier, county: bool) -> DemoDest {
    DemoDest {
        code,
        area_code,
        tier,
        county,
    }
}

const DESTINATIONS: &[DemoDest] = &[
    // 湖南
    dest("430321", "0731", Tier::Middle, true),  // 湘潭县
    dest("430302", "0731", Tier::Middle, false), // 湘潭市 雨湖区
    dest("430621", "0730", Tier::Middle, true),  // 岳阳县
    dest("430602", "0730", Tier::Middle, false), // 岳阳市 岳阳楼区
    dest("430121", "0731", Tier::Middle, true),  // 长沙县
    dest("430181", "0731", Tier::Middle, true),  // 浏阳市
    dest("430281", "0731", Tier::Middle, true),  // 醴陵市
    dest("430421", "0734", Tier::Middle, true),  // 衡阳县
    dest("430582", "0739", Tier::Middle, true),  // 邵东市
    dest("430203", "0731", Tier::Middle, false), // 株洲市 芦淞区
    dest("430702", "0736", Tier::Middle, false), // 常德市 武陵区
    dest("431302", "0738", Tier::Middle, false), // 娄底市 娄星区
    // 湖北
    dest("420103", "027", Tier::Far, false),  // 武汉市 江汉区
    dest("420111", "027", Tier::Far, false),  // 武汉市 洪山区
    dest("420105", "027", Tier::Far, false),  // 武汉市 汉阳区
    dest("421003", "0716", Tier::Far, false), // 荆州市 荆州区
    dest("429004", "0728", Tier::Far, true),  // 仙桃市
    // 江西
    dest("360102", "0791", Tier::Middle, false), // 南昌市 东湖区
    dest("360702", "0797", Tier::Middle, false), // 赣州市 章贡区
    dest("360703", "0797", Tier::Middle, true),  // 赣州市 南康区
    dest("360802", "0796", Tier::Middle, false), // 吉安市 吉州区
    // 广西
    dest("450103", "0771", Tier::Middle, false), // 南宁市 青秀区
    dest("450102", "0771", Tier::Middle, false), // 南宁市 兴宁区
    dest("450202", "0772", Tier::Middle, false), // 柳州市 城中区
    dest("450305", "0773", Tier::Middle, false), // 桂林市 七星区
    dest("450902", "0775", Tier::Middle, false), // 玉林市 玉州区
    // 广东
    dest("441900", "0769", Tier::Near, false), // 东莞市
    dest("442000", "0760", Tier::Near, false), // 中山市
    dest("440605", "0757", Tier::Near, false), // 佛山市 南海区
    dest("440606", "0757", Tier::Near, false), // 佛山市 顺德区
    dest("440802", "0759", Tier::Near, false), // 湛江市 赤坎区
    dest("440902", "0668", Tier::Near, false), // 茂名市 茂南区
];

/// Goods a Guangzhou counter sees every day, with how they come.
struct Goods {
    /// 品名.
    name: &'static str,
    /// Weight of one piece, kg.
    kg_per_piece: (u64, u64),
    /// Density, kg per m³: from it the volume follows the weight.
    density: (u64, u64),
    /// Usual packaging, the first most often.
    packagings: &'static [Packaging],
    /// Breaks easily: printed 「货损自负」.
    fragile: bool,
    /// How the pieces must stand.
    orientation: Orientation,
    /// Sometimes comes on pallets of several hundred kilograms.
    palletized: bool,
}

const fn goods(
    name: &'static str,
    kg_per_piece: (u64, u64),
    density: (u64, u64),
    packagings: &'static [Packaging],
) -> Goods {
    Goods {
        name,
        kg_per_piece,
        density,
        packagings,
        fragile: false,
        orientation: Orientation::Any,
        palletized: false,
    }
}

const CARTON: &[Packaging] = &[Packaging::Carton];
const CARTON_OR_BAG: &[Packaging] = &[Packaging::Carton, Packaging::WovenBag];
const BAG_OR_CARTON: &[Packaging] = &[Packaging::WovenBag, Packaging::Carton];
const CARTON_OR_CASE: &[Packaging] = &[Packaging::Carton, Packaging::WoodenCase];

const GOODS: &[Goods] = &[
    goods("服装", (8, 25), (100, 200), CARTON_OR_BAG),
    goods("牛仔裤", (15, 30), (200, 300), BAG_OR_CARTON),
    goods("布料", (20, 45), (300, 450), &[Packaging::WovenBag]),
    goods("皮具箱包", (8, 20), (80, 150), CARTON),
    goods("鞋子", (8, 15), (110, 180), CARTON),
    goods("玩具", (5, 12), (80, 120), CARTON),
    Goods {
        palletized: true,
        ..goods("五金配件", (15, 30), (400, 600), CARTON_OR_CASE)
    },
    Goods {
        fragile: true,
        orientation: Orientation::ThisSideUp,
        palletized: true,
        ..goods("陶瓷", (18, 30), (400, 600), CARTON_OR_CASE)
    },
    Goods {
        fragile: true,
        orientation: Orientation::NoStack,
        ..goods("灯具", (4, 12), (80, 150), CARTON)
    },
    Goods {
        orientation: Orientation::ThisSideUp,
        ..goods("电子产品", (5, 18), (150, 300), CARTON)
    },
    goods("电器配件", (8, 20), (200, 350), CARTON),
    goods(
        "家具配件",
        (12, 30),
        (150, 300),
        &[Packaging::Carton, Packaging::Bundle],
    ),
    goods("塑料制品", (4, 12), (80, 140), BAG_OR_CARTON),
    goods("茶叶", (10, 25), (200, 320), CARTON),
    Goods {
        fragile: true,
        orientation: Orientation::NoInvert,
        ..goods("玻璃制品", (12, 25), (350, 550), &[Packaging::WoodenCase])
    },
    Goods {
        palletized: true,
        ..goods("汽车配件", (15, 30), (300, 600), CARTON_OR_CASE)
    },
    goods("日用百货", (8, 20), (150, 250), CARTON),
];

/// A regular shipper at the Guangzhou counter.
struct Shipper {
    /// Full name.
    name: &'static str,
    /// Gives a Guangzhou landline (020) rather than a mobile.
    landline: bool,
    /// What it sends.
    goods: &'static [&'static str],
    /// Has a monthly account (月结) with the company.
    monthly: bool,
    /// How often it ships, relative to the others.
    weight: u64,
}

const fn shipper(
    name: &'static str,
    landline: bool,
    goods: &'static [&'static str],
    monthly: bool,
    weight: u64,
) -> Shipper {
    Shipper {
        name,
        landline,
        goods,
        monthly,
        weight,
    }
}

#[rustfmt::skip]
const SHIPPERS: &[Shipper] = &[
    shipper("广州市白云区宏达服装厂", true, &["服装"], true, 6),
    shipper("广州市番禺区大石兴业五金制品厂", true, &["五金配件"], true, 5),
    shipper("广州市白云区三元里金利皮具商行", false, &["皮具箱包"], false, 3),
    shipper("广州市越秀区一德路华兴玩具商行", false, &["玩具"], false, 3),
    shipper("广州市荔湾区十三行新潮服饰", false, &["服装"], false, 5),
    shipper("广州市海珠区中大布匹市场陈记布行", false, &["布料"], false, 4),
    shipper("广州市花都区狮岭镇金狮皮具厂", true, &["皮具箱包"], true, 3),
    shipper("广州市荔湾区芳村南方茶叶市场福源茶行", false, &["茶叶"], false, 3),
    shipper("广州市天河区天河路鑫科电子商行", false, &["电子产品"], false, 4),
    shipper("广州市越秀区海印电器配件行", false, &["电器配件", "电子产品"], false, 3),
    shipper("广州市番禺区南村镇明辉灯饰厂", true, &["灯具"], true, 4),
    shipper("广州市黄埔区恒通塑料制品厂", true, &["塑料制品"], false, 3),
    shipper("广州市增城区新塘镇蓝天牛仔服装厂", true, &["牛仔裤", "服装"], true, 4),
    shipper("广州市白云区太和镇嘉美家具配件厂", false, &["家具配件"], false, 3),
    shipper("广州市越秀区站西鞋城永发鞋业", false, &["鞋子"], false, 4),
    shipper("广州市白云区嘉禾望岗汽配城顺达汽车配件", false, &["汽车配件"], false, 3),
    shipper("广州市荔湾区花地湾晶华玻璃制品商行", false, &["玻璃制品"], false, 2),
    shipper("广州市白云区均禾陶瓷批发部", false, &["陶瓷"], false, 3),
    shipper("广州市海珠区康乐村锦绣服饰", false, &["服装", "布料"], false, 3),
    shipper("广州市白云区石井日用百货批发部", false, &["日用百货", "塑料制品"], false, 3),
    shipper("广州市番禺区沙湾镇新星鞋业", true, &["鞋子"], false, 2),
    shipper("广州市南沙区黄阁镇联发五金交电", false, &["五金配件", "电器配件"], false, 2),
    shipper("广州市花都区新华街美雅灯饰批发部", false, &["灯具"], false, 2),
    shipper("广州市从化区街口佳佳日用品商行", false, &["日用百货"], false, 1),
    shipper("李伟明", false, &["茶叶", "日用百货"], false, 1),
];

/// A consignee at a destination: code, full name, delivery address, trade (the goods it
/// mostly receives).
#[rustfmt::skip]
const CONSIGNEES: &[(&str, &str, &str, &str)] = &[
    ("430321", "湘潭县易俗河李记服装批发部", "湘潭县易俗河镇建设北路 88 号", "服装"),
    ("430321", "湘潭县花石镇建军五金经营部", "湘潭县花石镇花石街 126 号", "五金配件"),
    ("430302", "湘潭市雨湖区万家灯饰城", "湘潭市雨湖区建设北路 216 号", "灯具"),
    ("430302", "湘潭市雨湖区刘氏鞋业批发部", "湘潭市雨湖区基建营路 45 号", "鞋子"),
    ("430621", "岳阳县荣家湾镇周记百货店", "岳阳县荣家湾镇东方路 33 号", "日用百货"),
    ("430621", "岳阳县新墙镇兴旺建材经营部", "岳阳县新墙镇新墙村 2 组", "陶瓷"),
    ("430602", "岳阳市岳阳楼区金鹏陶瓷经营部", "岳阳市岳阳楼区巴陵中路 306 号", "陶瓷"),
    ("430602", "岳阳市岳阳楼区王记童装店", "岳阳市岳阳楼区东茅岭路 18 号", "服装"),
    ("430121", "长沙县星沙鑫源电子商行", "长沙县星沙街道开元东路 99 号", "电子产品"),
    ("430121", "长沙县黄花镇谭氏家具配件厂", "长沙县黄花镇黄花村 8 组", "家具配件"),
    ("430181", "浏阳市集里恒通五金商行", "浏阳市集里街道金沙北路 201 号", "五金配件"),
    ("430181", "浏阳市永安镇陈记茶叶店", "浏阳市永安镇永安街 66 号", "茶叶"),
    ("430281", "醴陵市华美陶瓷批发部", "醴陵市陶瓷大市场 B 区 12 号", "陶瓷"),
    ("430281", "醴陵市来龙门刘记灯具店", "醴陵市来龙门街道瓷城大道 58 号", "灯具"),
    ("430421", "衡阳县西渡镇贺家百货批发部", "衡阳县西渡镇蒸阳北路 77 号", "日用百货"),
    ("430421", "衡阳县金兰镇永辉日杂店", "衡阳县金兰镇金兰街 15 号", "塑料制品"),
    ("430582", "邵东市工业品市场顺发箱包批发部", "邵东市工业品市场 3 栋 108 号", "皮具箱包"),
    ("430582", "邵东市两市塘曾记五金店", "邵东市两市塘街道建设路 120 号", "五金配件"),
    ("430203", "株洲市芦淞区芦淞服饰城罗记档口", "株洲市芦淞区芦淞服饰城 2 楼 216 号", "服装"),
    ("430203", "株洲市芦淞区宏发布料经营部", "株洲市芦淞区建设南路 39 号", "布料"),
    ("430702", "常德市武陵区龙腾电器商行", "常德市武陵区人民路 1888 号", "电器配件"),
    ("430702", "常德市武陵区向氏鞋业", "常德市武陵区朗州路 52 号", "鞋子"),
    ("431302", "娄底市娄星区佳美塑料制品经营部", "娄底市娄星区长青街 71 号", "塑料制品"),
    ("431302", "娄底市娄星区吴记灯饰店", "娄底市娄星区乐坪大道 310 号", "灯具"),
    ("420103", "武汉市江汉区汉正街祥瑞服装批发行", "武汉市江汉区汉正街 168 号", "服装"),
    ("420103", "武汉市江汉区利民箱包商行", "武汉市江汉区友谊南路 23 号", "皮具箱包"),
    ("420111", "武汉市洪山区万家建材经营部", "武汉市洪山区雄楚大道 452 号", "陶瓷"),
    ("420111", "武汉市洪山区鑫达电子商行", "武汉市洪山区珞喻路 726 号", "电子产品"),
    ("420105", "武汉市汉阳区胡记五金商行", "武汉市汉阳区鹦鹉大道 98 号", "五金配件"),
    ("420105", "武汉市汉阳区天和家具配件经营部", "武汉市汉阳区龙阳大道 36 号", "家具配件"),
    ("421003", "荆州市荆州区黄记百货批发部", "荆州市荆州区荆中路 140 号", "日用百货"),
    ("421003", "荆州市荆州区兴隆陶瓷店", "荆州市荆州区郢城镇郢北村 3 组", "陶瓷"),
    ("429004", "仙桃市彭场镇鸿运无纺布经营部", "仙桃市彭场镇工业园 6 号", "布料"),
    ("429004", "仙桃市干河街道张记五金店", "仙桃市干河街道汉江路 88 号", "五金配件"),
    ("360102", "南昌市东湖区联发服装商行", "南昌市东湖区胜利路 236 号", "服装"),
    ("360102", "南昌市东湖区熊记茶叶店", "南昌市东湖区阳明路 57 号", "茶叶"),
    ("360702", "赣州市章贡区博远灯具商行", "赣州市章贡区红旗大道 41 号", "灯具"),
    ("360702", "赣州市章贡区钟记五金经营部", "赣州市章贡区文清路 182 号", "五金配件"),
    ("360703", "赣州市南康区嘉华家具配件厂", "赣州市南康区家具城 5 区 22 号", "家具配件"),
    ("360703", "赣州市南康区唐江镇谢记玻璃店", "赣州市南康区唐江镇建设路 9 号", "玻璃制品"),
    ("360802", "吉安市吉州区永和百货批发部", "吉安市吉州区井冈山大道 160 号", "日用百货"),
    ("360802", "吉安市吉州区肖记鞋店", "吉安市吉州区仁山坪路 23 号", "鞋子"),
    ("450103", "南宁市青秀区东盟电子商行", "南宁市青秀区民族大道 136 号", "电子产品"),
    ("450103", "南宁市青秀区韦记服装店", "南宁市青秀区七星路 77 号", "服装"),
    ("450102", "南宁市兴宁区朝阳五金批发部", "南宁市兴宁区朝阳路 62 号", "五金配件"),
    ("450102", "南宁市兴宁区黄记茶叶商行", "南宁市兴宁区民生路 19 号", "茶叶"),
    ("450202", "柳州市城中区俊豪汽车配件商行", "柳州市城中区文惠路 33 号", "汽车配件"),
    ("450202", "柳州市城中区覃记日杂店", "柳州市城中区公园路 8 号", "塑料制品"),
    ("450305", "桂林市七星区美联灯饰店", "桂林市七星区七星路 95 号", "灯具"),
    ("450305", "桂林市七星区莫记百货批发部", "桂林市七星区穿山路 41 号", "日用百货"),
    ("450902", "玉林市玉州区宏图陶瓷经营部", "玉林市玉州区人民东路 268 号", "陶瓷"),
    ("450902", "玉林市玉州区梁记箱包店", "玉林市玉州区二环北路 120 号", "皮具箱包"),
    ("441900", "东莞市虎门镇富强服装辅料行", "东莞市虎门镇银龙路 56 号", "布料"),
    ("441900", "东莞市长安镇创新电子厂", "东莞市长安镇乌沙社区兴发南路 18 号", "电子产品"),
    ("442000", "中山市古镇镇星光灯饰配件行", "中山市古镇镇同兴路 88 号", "灯具"),
    ("442000", "中山市小榄镇何记五金店", "中山市小榄镇升平中路 12 号", "五金配件"),
    ("440605", "佛山市南海区大沥镇盛世汽配商行", "佛山市南海区大沥镇广佛路 398 号", "汽车配件"),
    ("440605", "佛山市南海区西樵镇潘记布料行", "佛山市南海区西樵镇樵高路 27 号", "布料"),
    ("440606", "佛山市顺德区乐从镇万象家具配件行", "佛山市顺德区乐从镇佛山大道 208 号", "家具配件"),
    ("440606", "佛山市顺德区容桂冯记电器商行", "佛山市顺德区容桂街道桂洲大道 66 号", "电器配件"),
    ("440802", "湛江市赤坎区陈记百货商行", "湛江市赤坎区中山一路 45 号", "日用百货"),
    ("440802", "湛江市赤坎区金辉玻璃建材部", "湛江市赤坎区寸金路 121 号", "玻璃制品"),
    ("440902", "茂名市茂南区梁记日用品批发部", "茂名市茂南区油城五路 33 号", "塑料制品"),
    ("440902", "茂名市茂南区永盛鞋业", "茂名市茂南区站前路 18 号", "鞋子"),
];

/// Remarks clerks add by hand now and then.
const REMARKS: &[&str] = &[
    "到货请先电话联系收货人",
    "轻拿轻放",
    "周日不收货",
    "与上票同一收货人，合并通知",
    "收货人要求尽快到货",
];

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
