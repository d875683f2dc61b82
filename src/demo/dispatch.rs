//! The demo's goods after the waybill: a truck that left yesterday evening (its tracking
//! detail), today's truck half loaded with one waybill only partly on it (单票未装完),
//! and a truck received from the company's 长沙 station with its arrival check (one piece
//! missing, one damaged), consignees told and not yet told (two past the deadline), a
//! pickup with ID and signature, controlled goods waiting for the shipper, a delivery out,
//! and the day's 云递安 counts. Everything goes through the same storage operations as the
//! screens, so the timelines and registers are what the program itself would write.

use super::steps::{at, refused};
use crate::documents::dispatch::exchange::checksum;
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::idcard::{IdType, mainland_check_char};
use crate::domain::desk::rates::{FeeSettings, RateTable};
use crate::domain::desk::waybill::{
    DeliveryMode, IssuedWaybill, Packaging, PaymentMethod, ValidationContext, WaybillDraft,
    WaybillStatus,
};
use crate::domain::dispatch::pickup::{DeliveryTask, PayChannel, Payment, Pickup, Signature};
use crate::domain::dispatch::{
    ExchangeWaybill, ManifestDraft, ManifestExchange, NotifyMethod, ScanCode,
};
use crate::storage::dispatch::{ImportOutcome, StockLine, StockQuery};
use crate::storage::{Db, StorageError};
use chrono::{Days, NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// The company's station at the other end of the demo's incoming truck.
const ORIGIN: &str = "长沙星沙站";
/// Where the incoming truck is bound: this station's own county (广州市 白云区).
const HERE: &str = "440111";

fn manifest_draft(
    plate: &str,
    driver: &str,
    phone: &str,
    code: &str,
    leaves: NaiveDateTime,
) -> ManifestDraft {
    ManifestDraft {
        plate: plate.to_owned(),
        driver_name: driver.to_owned(),
        driver_phone: phone.to_owned(),
        route_codes: vec![code.to_owned()],
        departure: leaves.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Plates and drivers of the demo's trucks, taken in turn.
const TRUCKS: [(&str, &str, &str); 6] = [
    ("湘C52817", "王建军", "13807321456"),
    ("粤A8D623", "陈志强", "13926457788"),
    ("赣B37165", "刘海波", "13607975521"),
    ("桂C20946", "黄伟", "13877312409"),
    ("粤S6K318", "张国栋", "13790284417"),
    ("鄂A9M552", "吴军", "13554127730"),
];

/// Loads trucks from the demo's stock: every evening before today one truck per
/// province served took that day's waybills and left; today's first truck is loading,
/// one of its waybills only partly on it.
fn load_trucks(db: &mut Db, today: NaiveDate) -> Result<(), StorageError> {
    let divisions = Divisions::bundled();
    let stock = db.stock(&StockQuery::default(), today)?;
    let mut trucks = TRUCKS.iter().cycle();
    let mut by_day: BTreeMap<NaiveDate, Vec<&StockLine>> = BTreeMap::new();
    for line in &stock {
        by_day.entry(line.issued_at.date()).or_default().push(line);
    }
    // What came in after loading began waits for the next day's truck.
    let mut carried: Vec<&StockLine> = Vec::new();
    for (day, lines) in &by_day {
        let departs = at(*day, 19, 30);
        let mut ready: BTreeMap<&str, Vec<&StockLine>> = BTreeMap::new();
        let mut next = Vec::new();
        for line in carried.drain(..).chain(lines.iter().copied()) {
            if *day == today || line.issued_at < at(*day, 18, 30) {
                // One truck per province (the first two digits of the code).
                ready
                    .entry(line.dest_code.get(..2).unwrap_or_default())
                    .or_default()
                    .push(line);
            } else {
                next.push(line);
            }
        }
        carried = next;
        for lines in ready.values() {
            let mut route: Vec<String> = lines.iter().map(|l| l.dest_code.clone()).collect();
            route.sort();
            route.dedup();
            let (plate, driver, phone) = trucks.next().copied().unwrap_or(TRUCKS[0]);
            let mut draft = manifest_draft(plate, driver, phone, &route[0], departs);
            draft.route_codes = route;
            let header = draft
                .validate(divisions)
                .map_err(|e| refused(format!("{e:?}")))?;
            if *day == today {
                // Today's truck is still at the dock: half its waybills are on, the
                // first of them short of its last piece.
                let truck = db.create_manifest(&header, "A01", at(today, 8, 40))?;
                for (k, line) in lines.iter().take(lines.len().div_ceil(2)).enumerate() {
                    let last = if k == 0 && line.pieces > 1 {
                        line.pieces - 1
                    } else {
                        line.pieces
                    };
                    for piece in 1..=last {
                        let code = ScanCode {
                            number: line.number.clone(),
                            piece,
                        }
                        .code();
                        db.scan_load(truck.id, &code, "A01", at(today, 9, 5))?.ok();
                    }
                }
                return Ok(());
            }
            let truck = db.create_manifest(&header, "A01", at(*day, 17, 30))?;
            for line in lines {
                db.load_waybill(truck.id, &line.number, "A01", at(*day, 18, 40))?
                    .ok();
            }
            db.depart_manifest(truck.id, "A02", departs)?;
        }
    }
    Ok(())
}

/// One waybill of the incoming truck, as the 长沙 station issued it.
struct Incoming {
    consignee: &'static str,
    phone: &'static str,
    goods: &'static str,
    pieces: u32,
    freight: &'static str,
    payment: PaymentMethod,
    delivery: DeliveryMode,
    address: &'static str,
    controlled: bool,
    /// 代收货款 for the shipper, empty for none.
    cod: &'static str,
}

const INCOMING: [Incoming; 6] = [
    Incoming {
        consignee: "广州市白云区永泰鞋业",
        phone: "13802256671",
        goods: "鞋材",
        pieces: 3,
        freight: "186",
        payment: PaymentMethod::Collect,
        delivery: DeliveryMode::SelfPickup,
        address: "",
        controlled: false,
        cod: "2680",
    },
    Incoming {
        consignee: "广州市白云区嘉禾五金店",
        phone: "13924561230",
        goods: "五金配件",
        pieces: 2,
        freight: "95",
        payment: PaymentMethod::Collect,
        delivery: DeliveryMode::SelfPickup,
        address: "",
        controlled: true,
        cod: "",
    },
    Incoming {
        consignee: "广州市白云区太和镇湘味餐馆",
        phone: "020-37283456",
        goods: "干货",
        pieces: 4,
        freight: "140",
        payment: PaymentMethod::PayNow,
        delivery: DeliveryMode::DeliverUnload,
        address: "广州市白云区太和镇大源北路 56 号",
        controlled: false,
        cod: "",
    },
    Incoming {
        consignee: "广州市白云区石井恒通汽配",
        phone: "13660012387",
        goods: "汽车配件",
        pieces: 5,
        freight: "230",
        payment: PaymentMethod::Collect,
        delivery: DeliveryMode::SelfPickup,
        address: "",
        controlled: false,
        cod: "",
    },
    Incoming {
        consignee: "广州市白云区新市陶瓷批发部",
        phone: "13711459902",
        goods: "瓷砖",
        pieces: 1,
        freight: "120",
        payment: PaymentMethod::Monthly,
        delivery: DeliveryMode::SelfPickup,
        address: "",
        controlled: false,
        cod: "",
    },
    Incoming {
        consignee: "广州市白云区同和茶叶店",
        phone: "13539870014",
        goods: "茶叶",
        pieces: 2,
        freight: "60",
        payment: PaymentMethod::PayNow,
        delivery: DeliveryMode::SelfPickup,
        address: "",
        controlled: false,
        cod: "1500",
    },
];

fn incoming_waybills(day: NaiveDate) -> Result<Vec<IssuedWaybill>, StorageError> {
    let rates = RateTable::default();
    let fees = FeeSettings::default();
    let ctx = ValidationContext {
        divisions: Divisions::bundled(),
        rates: &rates,
        fees: &fees,
        prohibited: &[],
        printable: &|_| true,
    };
    let mut out = Vec::new();
    for (k, item) in INCOMING.iter().enumerate() {
        let waybill = WaybillDraft {
            dest_code: HERE.to_owned(),
            shipper_name: "长沙县星沙镇华兴贸易商行".to_owned(),
            shipper_phone: "13974125836".to_owned(),
            consignee_name: item.consignee.to_owned(),
            consignee_phone: item.phone.to_owned(),
            goods_name: item.goods.to_owned(),
            pieces: item.pieces.to_string(),
            packaging: Packaging::Carton,
            weight_kg: (u64::from(item.pieces) * 35).to_string(),
            volume_m3: "0.6".to_owned(),
            freight: item.freight.to_owned(),
            payment: item.payment,
            delivery: item.delivery,
            delivery_address: item.address.to_owned(),
            controlled_release: item.controlled,
            cod: item.cod.to_owned(),
            ..WaybillDraft::sample()
        }
        .validate(&ctx)
        .map_err(|e| refused(format!("{e:?}")))?;
        let sequence = u32::try_from(k + 31).unwrap_or(31);
        out.push(IssuedWaybill {
            number: format!("CS{}{sequence:04}", day.format("%y%m%d")),
            issued_at: at(day, 10, 5) + chrono::Duration::minutes(i64::from(sequence) * 7),
            clerk_id: "C07".to_owned(),
            clerk_name: "周敏".to_owned(),
            status: WaybillStatus::Issued,
            alter_count: 0,
            waybill,
        });
    }
    Ok(out)
}

/// A mainland ID number with a correct check digit, for the demo's collector.
fn demo_id_number() -> String {
    let first17 = "44011119850612321";
    format!("{first17}{}", mainland_check_char(first17).unwrap_or('0'))
}

/// A signature as the pad records it: a few strokes across.
fn demo_signature() -> Signature {
    Signature(vec![
        vec![
            (0.08, 0.22),
            (0.12, 0.10),
            (0.16, 0.24),
            (0.20, 0.12),
            (0.24, 0.22),
        ],
        vec![(0.30, 0.08), (0.32, 0.26)],
        vec![
            (0.36, 0.14),
            (0.44, 0.13),
            (0.40, 0.06),
            (0.41, 0.27),
            (0.48, 0.22),
        ],
        vec![(0.55, 0.20), (0.65, 0.12), (0.72, 0.19), (0.80, 0.11)],
    ])
}

/// The truck from 长沙, received yesterday morning.
/// A truck from the 长沙 station that left on `day` evening with `waybills` on it.
fn changsha_truck(
    day: NaiveDate,
    plate: &str,
    driver: &str,
    phone: &str,
    waybills: &[IssuedWaybill],
) -> ManifestExchange {
    let route_name = Divisions::bundled()
        .by_code(HERE)
        .map(crate::domain::desk::destinations::Division::city_and_name)
        .unwrap_or_default();
    ManifestExchange {
        code: format!("CSF{}01", day.format("%y%m%d")),
        origin: ORIGIN.to_owned(),
        plate: plate.to_owned(),
        driver_name: driver.to_owned(),
        driver_phone: phone.to_owned(),
        route_codes: vec![HERE.to_owned()],
        route_names: vec![route_name],
        departure_at: at(day, 18, 0),
        created_by: "C07".to_owned(),
        departed_at: at(day, 19, 10),
        departed_by: "C07".to_owned(),
        waybills: waybills
            .iter()
            .map(|w| ExchangeWaybill {
                pieces_loaded: (1..=w.waybill.pieces).collect(),
                issued: w.clone(),
            })
            .collect(),
    }
}

/// Last night's truck from 长沙, received this morning and not checked yet: the clerk
/// can scan its pieces off (the label codes are the waybill numbers and the piece).
fn truck_to_check(db: &mut Db, today: NaiveDate) -> Result<(), StorageError> {
    let yesterday = today - Days::new(1);
    let waybills: Vec<IssuedWaybill> = incoming_waybills(yesterday)?.into_iter().take(3).collect();
    let exchange = changsha_truck(yesterday, "湘A6L307", "孙国平", "13875124460", &waybills);
    let sum = checksum(&exchange).map_err(refused)?;
    db.import_manifest(&exchange, &sum, "A01", at(today, 7, 50))?;
    // The first consignee on it to be delivered was called: tomorrow afternoon.
    if let Some(first) = waybills
        .iter()
        .find(|w| w.waybill.delivery != DeliveryMode::SelfPickup)
    {
        let tomorrow = today + Days::new(1);
        let consignee = &first.waybill.consignee;
        db.make_appointment(
            &first.number,
            &crate::domain::dispatch::appointment::Appointment {
                day: tomorrow,
                from: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default(),
                to: chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
                address: if first.waybill.delivery_address.is_empty() {
                    "广州市白云区太和镇大源北路 56 号".to_owned()
                } else {
                    first.waybill.delivery_address.clone()
                },
                contact_name: consignee.name.clone(),
                contact_phone: consignee.phone.as_str().to_owned(),
                vehicle: "粤A5T226 李师傅".to_owned(),
                said: "下午店里有人，卸货走后门".to_owned(),
            },
            "A01",
            at(today, 8, 10),
        )?;
    }
    Ok(())
}

fn receive_truck(db: &mut Db, today: NaiveDate) -> Result<(), StorageError> {
    let two_days_ago = today - Days::new(2);
    let yesterday = today - Days::new(1);
    let waybills = incoming_waybills(two_days_ago)?;
    let exchange = changsha_truck(two_days_ago, "湘A3K821", "赵立新", "13707315562", &waybills);
    let sum = checksum(&exchange).map_err(refused)?;
    let id = match db.import_manifest(&exchange, &sum, "A02", at(yesterday, 7, 40))? {
        ImportOutcome::Imported { manifest_id, .. }
        | ImportOutcome::AlreadyPresent { manifest_id } => manifest_id,
    };
    let numbers: Vec<String> = waybills.iter().map(|w| w.number.clone()).collect();
    for w in &waybills {
        for piece in 1..=w.waybill.pieces {
            // The fifth piece of the 汽车配件 never came off the truck.
            if w.number == numbers[3] && piece == 5 {
                continue;
            }
            let code = ScanCode {
                number: w.number.clone(),
                piece,
            }
            .code();
            db.scan_arrival(id, &code, "A02", at(yesterday, 8, 5))?.ok();
        }
    }
    db.record_damage(
        id,
        &numbers[4],
        &[1],
        "外箱一角压破，瓷砖两片崩边",
        "",
        "A02",
        at(yesterday, 8, 20),
    )?;
    db.finish_arrival(id, "A02", at(yesterday, 8, 30))?;

    for (k, note) in [
        (0, "请带身份证来提货，提付 186 元，代收货款 2680 元"),
        (1, "等发货方通知放货，到时再电话联系"),
        (2, "约今天上午送货卸货"),
        (3, "到 4 件，缺 1 件正在查找"),
    ] {
        db.record_notification(
            &numbers[k],
            NotifyMethod::Call,
            note,
            "A02",
            at(yesterday, 9, 10 + u32::try_from(k).unwrap_or(0) * 4),
        )?;
    }
    let owed = db
        .release_facts(&numbers[0], yesterday)?
        .dues
        .outstanding_yuan();
    db.record_pickup(
        &numbers[0],
        &Pickup {
            collector_name: "刘伟".to_owned(),
            id_type: IdType::MainlandId,
            id_number: demo_id_number(),
            signature: demo_signature(),
            pieces: 3,
            payment: Some(Payment {
                amount_yuan: owed,
                channel: PayChannel::WeChat,
            }),
            note: String::new(),
        },
        "A02",
        at(yesterday, 15, 20),
    )?;
    db.create_delivery(
        &numbers[2],
        &DeliveryTask {
            address: INCOMING[2].address.to_owned(),
            mode: DeliveryMode::DeliverUnload,
            driver: "李师傅".to_owned(),
            added_fee_yuan: rust_decimal::Decimal::ZERO,
            payment: None,
            note: "上午送达，卸到后门仓库".to_owned(),
        },
        "A01",
        at(today, 8, 50),
    )?;
    Ok(())
}

/// Writes the demo's dispatch and arrival records.
pub(super) fn load_dispatch(db: &mut Db, today: NaiveDate) -> Result<(), StorageError> {
    db.save_dispatch_settings(
        &crate::domain::dispatch::DispatchSettings {
            station_codes: vec![HERE.to_owned()],
            ..crate::domain::dispatch::DispatchSettings::default()
        },
        crate::storage::revisions::Edit::unattributed(),
    )?;
    load_trucks(db, today)?;
    receive_truck(db, today)?;
    truck_to_check(db, today)?;
    let yesterday = today - Days::new(1);
    for (staff, day, count) in [
        ("A01", yesterday, 6),
        ("A02", yesterday, 5),
        ("A01", today, 3),
    ] {
        db.add_regulator_uploads(staff, day, count, at(day, 17, 0))?;
    }
    Ok(())
}
