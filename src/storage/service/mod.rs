//! The questions and complaints log (咨询/投诉, DOMAIN.md §5): items received, answered
//! once with the time, listed with filters; the log's setting (hours to answer); the
//! month's items as the P14 detector reads them; and a confirmed complaint written as a
//! P19 event together with its mark on the item, in one transaction. 回访 in
//! `return_calls`, exceptions followed to closure in `cases`.

pub mod cases;
pub mod complaints;
pub mod return_calls;

use super::revisions::{Edit, Setting};
use chrono::NaiveDateTime;

use super::sql::{Conn, Row, args};
use super::{Db, Result, StorageError, parse_time, time_text};
use crate::domain::people::Month;
use crate::domain::service::complaints::{Cause, Channel, TrailEntry};
use crate::domain::service::{
    ServiceCategory, ServiceEntry, ServiceFacts, ServiceRecords, ServiceSettings, complaint_event,
    service_key,
};

/// A stored item of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceItem {
    /// Row id: the item's number (#12).
    pub id: i64,
    /// What was received.
    pub entry: ServiceEntry,
    /// 工号 of who recorded it.
    pub recorded_by: String,
    /// When it was answered; `None` while open.
    pub answered_at: Option<NaiveDateTime>,
    /// 工号 of who answered.
    pub answered_by: Option<String>,
    /// 处理结果.
    pub outcome: String,
    /// The P19 event it became (a confirmed complaint).
    pub complaint_event_id: Option<i64>,
    /// The station it was received at (`None` before stations were recorded).
    pub station_id: Option<i64>,
    /// Its transfers and replies, oldest first.
    pub trail: Vec<TrailEntry>,
}

impl ServiceItem {
    /// The item as the detector and the list's colours see it.
    #[must_use]
    pub fn facts(&self) -> ServiceFacts {
        let caller = [self.entry.caller_name.as_str(), self.entry.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        ServiceFacts {
            id: self.id,
            received_at: self.entry.received_at,
            handler_id: self.entry.handler_id.clone(),
            category: self.entry.category,
            caller,
            waybill_number: self.entry.waybill_number.clone(),
            answered_at: self.answered_at,
        }
    }
}

/// Which items a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFilter {
    /// Only those not answered yet.
    pub open_only: bool,
    /// Only this category.
    pub category: Option<ServiceCategory>,
}

const COLUMNS: &str = "id, received_at, recorded_by, caller_name, phone, waybill_number,
    category, question, handler_id, answered_at, answered_by, outcome, complaint_event_id,
    channel, cause, station_id";

fn read_item(r: &Row) -> Result<ServiceItem> {
    let text = |i: usize| -> Result<String> { Ok(r.get::<String>(i)?) };
    let category = text(6)?;
    let channel = text(13)?;
    let cause = text(14)?;
    Ok(ServiceItem {
        id: r.get(0)?,
        entry: ServiceEntry {
            received_at: parse_time(&text(1)?)?,
            caller_name: text(3)?,
            phone: text(4)?,
            waybill_number: text(5)?,
            category: ServiceCategory::from_label(&category).ok_or_else(|| {
                StorageError::Corrupt(format!("咨询投诉类别「{category}」无法识别"))
            })?,
            channel: Channel::from_label(&channel)
                .ok_or_else(|| StorageError::Corrupt(format!("来电渠道「{channel}」无法识别")))?,
            cause: if cause.is_empty() {
                None
            } else {
                Some(
                    Cause::from_label(&cause).ok_or_else(|| {
                        StorageError::Corrupt(format!("投诉原因「{cause}」无法识别"))
                    })?,
                )
            },
            question: text(7)?,
            handler_id: text(8)?,
        },
        recorded_by: text(2)?,
        answered_at: r
            .get::<Option<String>>(9)?
            .as_deref()
            .map(parse_time)
            .transpose()?,
        answered_by: r.get(10)?,
        outcome: text(11)?,
        complaint_event_id: r.get(12)?,
        station_id: r.get(15)?,
        trail: Vec::new(),
    })
}

/// The items of a query, each with its trail.
fn items_of(
    conn: Conn<'_>,
    sql: &str,
    params: &[&dyn super::sql::Param],
) -> Result<Vec<ServiceItem>> {
    let mut items = conn
        .rows(sql, params)?
        .iter()
        .map(read_item)
        .collect::<Result<Vec<_>>>()?;
    complaints::attach_trails(conn, &mut items)?;
    Ok(items)
}

/// Writes a log item at `station`, in the caller's transaction if any; returns its
/// number.
fn insert_item(
    conn: Conn<'_>,
    entry: &ServiceEntry,
    recorded_by: &str,
    station: i64,
) -> Result<i64> {
    Ok(conn.insert(
        "INSERT INTO service_items (received_at, recorded_by, caller_name, phone,
             waybill_number, category, question, handler_id, channel, cause, station_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        args![
            time_text(entry.received_at),
            recorded_by,
            entry.caller_name,
            entry.phone,
            entry.waybill_number,
            entry.category.label(),
            entry.question,
            entry.handler_id,
            entry.channel.label(),
            entry.cause.map_or("", Cause::label),
            station,
        ],
    )?)
}

/// One item with its trail, in the caller's transaction if any.
fn item_in(conn: Conn<'_>, id: i64) -> Result<ServiceItem> {
    items_of(
        conn,
        &format!("SELECT {COLUMNS} FROM service_items WHERE id = ?1"),
        args![id],
    )?
    .pop()
    .ok_or_else(|| StorageError::NotFound(format!("找不到咨询投诉 #{id}")))
}

/// The station an item is with now: the last transfer's, or where it was received.
const CURRENT_STATION: &str = "COALESCE((SELECT t.to_station FROM service_item_steps t
    WHERE t.item_id = s.id AND t.kind = '转交' AND t.to_station IS NOT NULL
    ORDER BY t.id DESC LIMIT 1), s.station_id)";

fn require_staff(conn: Conn<'_>, staff_id: &str) -> Result<String> {
    conn.value("SELECT role FROM staff WHERE id = ?1", args![staff_id])?
        .ok_or_else(|| StorageError::Refused(format!("工号 {staff_id} 不在员工名单中")))
}

impl Db {
    /// The log's settings, defaults where never saved.
    pub fn service_settings(&self) -> Result<ServiceSettings> {
        super::settings::read_json(self.sql(), Setting::Service.key(), Setting::Service.label())
    }

    /// Saves the log's settings.
    pub fn save_service_settings(&self, settings: &ServiceSettings, edit: Edit<'_>) -> Result<()> {
        if settings.answer_within_hours == 0 {
            return Err(StorageError::Refused("答复时限至少 1 小时".to_owned()));
        }
        self.save_setting(Setting::Service, settings, edit)
    }

    /// Records an item received; the handler must be on the staff list and a waybill
    /// named must exist. Returns its number.
    pub fn add_service_item(
        &self,
        entry: &ServiceEntry,
        recorded_by: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        require_staff(self.sql(), recorded_by)?;
        require_staff(self.sql(), &entry.handler_id)?;
        if entry.received_at > now + chrono::Duration::minutes(1) {
            return Err(StorageError::Refused("来电时间不能晚于现在".to_owned()));
        }
        if !entry.waybill_number.is_empty() && !self.waybill_exists(&entry.waybill_number)? {
            return Err(StorageError::NotFound(format!(
                "运单 {} 不存在，请核对单号（不涉及运单请留空）",
                entry.waybill_number
            )));
        }
        insert_item(self.sql(), entry, recorded_by, self.scope().acting())
    }

    /// One item of the log, with its trail.
    pub fn service_item(&self, id: i64) -> Result<ServiceItem> {
        item_in(self.sql(), id)
    }

    /// Answers an item at `now`, once: the time is what P14 measures.
    pub fn answer_service_item(
        &self,
        id: i64,
        outcome: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_staff(self.sql(), by)?;
        let item = self.service_item(id)?;
        if let Some(at) = item.answered_at {
            return Err(StorageError::Refused(format!(
                "咨询投诉 #{id} 已于 {} 答复",
                at.format("%m-%d %H:%M")
            )));
        }
        let outcome = outcome.trim();
        if outcome.is_empty() {
            return Err(StorageError::Refused("请写明处理结果".to_owned()));
        }
        // Only an unanswered item: of two desks answering at once, the first answer
        // stands and the second is told when it was given.
        let answered = self.sql().execute(
            "UPDATE service_items SET answered_at = ?2, answered_by = ?3, outcome = ?4
             WHERE id = ?1 AND answered_at IS NULL",
            args![id, time_text(now), by, outcome],
        )?;
        if answered == 1 {
            return Ok(());
        }
        let at = self.service_item(id)?.answered_at;
        Err(StorageError::Refused(format!(
            "咨询投诉 #{id} 已于 {} 答复",
            at.map(|at| at.format("%m-%d %H:%M").to_string())
                .unwrap_or_default()
        )))
    }

    /// The contacts (咨询, 查件, 投诉 …) from a customer file's phones, newest first (at
    /// most 200): the file's history beside its waybills.
    pub fn customer_contacts(&self, customer_id: i64) -> Result<Vec<ServiceItem>> {
        items_of(
            self.sql(),
            &format!(
                "SELECT {COLUMNS} FROM service_items
                 WHERE phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
                 ORDER BY received_at DESC, id DESC LIMIT 200"
            ),
            args![customer_id],
        )
    }

    /// Items newest first (at most 500), by the filter: those now with this station
    /// (received here, or transferred here last), and those from before stations were
    /// recorded; the company sees all.
    pub fn service_items(&self, filter: &ServiceFilter) -> Result<Vec<ServiceItem>> {
        items_of(
            self.sql(),
            &format!(
                "SELECT {COLUMNS} FROM service_items s
                 WHERE (?1 = 0 OR answered_at IS NULL) AND (CAST(?2 AS TEXT) IS NULL OR category = ?2)
                   AND (CAST(?3 AS BIGINT) IS NULL OR {CURRENT_STATION} IS NULL
                        OR {CURRENT_STATION} = ?3)
                 ORDER BY received_at DESC, id DESC LIMIT 500"
            ),
            args![
                filter.open_only,
                filter.category.map(ServiceCategory::label),
                self.scope().stored()
            ],
        )
    }

    /// The items received in `month` and the setting, as of `as_of`, for P14.
    pub fn service_records(&self, month: Month, as_of: NaiveDateTime) -> Result<ServiceRecords> {
        let from = format!("{} 00:00:00", month.first_day().format("%Y-%m-%d"));
        let to = format!("{} 00:00:00", month.next().first_day().format("%Y-%m-%d"));
        let items = items_of(
            self.sql(),
            &format!(
                "SELECT {COLUMNS} FROM service_items WHERE received_at >= ?1 AND received_at < ?2
                 ORDER BY received_at, id"
            ),
            args![from, to],
        )?
        .iter()
        .map(ServiceItem::facts)
        .collect();
        Ok(ServiceRecords {
            as_of,
            answer_within_hours: self.service_settings()?.answer_within_hours,
            items,
        })
    }

    /// The supervisor confirms a complaint: a P19 event for `staff_id` on the day it was
    /// received, naming the item, and the item marked with it — together, once. Returns
    /// the event's row id.
    pub fn confirm_complaint(
        &mut self,
        id: i64,
        staff_id: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        if require_staff(self.sql(), by)? != "主管" {
            return Err(StorageError::Refused("只有主管可以确认投诉".to_owned()));
        }
        require_staff(self.sql(), staff_id)?;
        let item = self.service_item(id)?;
        if let Some(event) = item.complaint_event_id {
            return Err(StorageError::Refused(format!(
                "咨询投诉 #{id} 已确认为 P19（扣分事件 #{event}）"
            )));
        }
        let day = item.entry.received_at.date();
        let event = complaint_event(&item.facts(), &item.entry.question, staff_id, day)
            .map_err(StorageError::Refused)?;
        let month = Month::of(day);
        let tx = self.sql().begin()?;
        let locked = tx.exists(
            "SELECT 1 FROM month_locks WHERE month = ?1",
            args![month.to_string()],
        )?;
        if locked {
            return Err(StorageError::Refused(format!(
                "{month} 的考核已锁定（已签字确认），不能再改动扣分事件"
            )));
        }
        let event_id = tx.insert(
            "INSERT INTO point_events (staff_id, day, code, quantity, waybill_number, note,
                 source, evidence_key, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                event.staff_id,
                event.day.format("%Y-%m-%d").to_string(),
                event.code.code(),
                event.quantity,
                event.waybill_number,
                event.note,
                event.source.label(),
                service_key(id),
                time_text(now),
            ],
        )?;
        tx.execute(
            "UPDATE service_items SET complaint_event_id = ?2, confirmed_by = ?3,
                 confirmed_at = ?4 WHERE id = ?1",
            args![id, event_id, by, time_text(now)],
        )?;
        tx.commit()?;
        Ok(event_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::points::{EventCode, Rule};
    use crate::domain::service::parse_minute;

    fn at(text: &str) -> NaiveDateTime {
        parse_minute(text).unwrap()
    }

    fn db() -> Db {
        crate::storage::staff::db_with(&[
            ("A01", "张丽", "开单员"),
            ("A03", "陈芳", "客服"),
            ("S01", "刘建国", "主管"),
        ])
    }

    fn entry(received: &str, category: ServiceCategory) -> ServiceEntry {
        ServiceEntry {
            received_at: at(received),
            caller_name: "王先生".into(),
            phone: "13912345678".into(),
            waybill_number: String::new(),
            category,
            channel: crate::domain::service::complaints::Channel::Phone,
            cause: (category == ServiceCategory::Complaint)
                .then_some(crate::domain::service::complaints::Cause::Delay),
            question: "货到哪了".into(),
            handler_id: "A03".into(),
        }
    }

    /// A customer file's history (issue 18 item 6): the contacts from its phones, newest
    /// first, none of other callers.
    #[test]
    fn a_customer_files_contacts_are_those_of_its_phones() {
        let mut db = db();
        let now = at("2026-11-23 12:00");
        let id = crate::storage::customers::hongda_file(&mut db, now);
        db.add_service_item(
            &entry("2026-11-23 09:00", ServiceCategory::Tracking),
            "A01",
            now,
        )
        .unwrap();
        db.add_service_item(
            &entry("2026-11-23 10:00", ServiceCategory::Complaint),
            "A01",
            now,
        )
        .unwrap();
        let stranger = ServiceEntry {
            phone: "13800001111".into(),
            ..entry("2026-11-23 11:00", ServiceCategory::Question)
        };
        db.add_service_item(&stranger, "A01", now).unwrap();
        let mine = db.customer_contacts(id).unwrap();
        let categories: Vec<_> = mine.iter().map(|i| i.entry.category).collect();
        assert_eq!(
            categories,
            [ServiceCategory::Complaint, ServiceCategory::Tracking]
        );
        assert!(db.customer_quotes(id).unwrap().is_empty());
    }

    #[test]
    fn items_are_recorded_answered_once_and_filtered() {
        let db = db();
        let now = at("2026-11-23 12:00");
        let a = db
            .add_service_item(
                &entry("2026-11-23 09:00", ServiceCategory::Tracking),
                "A01",
                now,
            )
            .unwrap();
        let b = db
            .add_service_item(
                &entry("2026-11-23 10:00", ServiceCategory::Complaint),
                "A01",
                now,
            )
            .unwrap();
        db.answer_service_item(a, " 已到站，通知自提 ", "A03", now)
            .unwrap();
        let item = db.service_item(a).unwrap();
        assert_eq!(item.answered_at, Some(now));
        assert_eq!(item.outcome, "已到站，通知自提");
        assert!(db.answer_service_item(a, "再答", "A03", now).is_err());
        assert!(db.answer_service_item(b, " ", "A03", now).is_err());
        let ids = |filter: ServiceFilter| -> Vec<i64> {
            db.service_items(&filter)
                .unwrap()
                .iter()
                .map(|i| i.id)
                .collect()
        };
        assert_eq!(ids(ServiceFilter::default()), [b, a]);
        assert_eq!(
            ids(ServiceFilter {
                open_only: true,
                ..ServiceFilter::default()
            }),
            [b]
        );
        assert_eq!(
            ids(ServiceFilter {
                category: Some(ServiceCategory::Tracking),
                ..ServiceFilter::default()
            }),
            [a]
        );
    }

    #[test]
    fn a_waybill_named_must_exist_and_the_handler_be_staff() {
        let db = db();
        let now = at("2026-11-23 12:00");
        let mut e = entry("2026-11-23 09:00", ServiceCategory::Tracking);
        e.waybill_number = "GZ2611230099".into();
        let refused = db.add_service_item(&e, "A01", now).unwrap_err();
        assert!(refused.to_string().contains("不存在"), "{refused}");
        let mut e = entry("2026-11-23 09:00", ServiceCategory::Tracking);
        e.handler_id = "Z99".into();
        assert!(db.add_service_item(&e, "A01", now).is_err());
        let e = entry("2026-11-23 13:00", ServiceCategory::Tracking);
        assert!(
            db.add_service_item(&e, "A01", now).is_err(),
            "in the future"
        );
    }

    #[test]
    fn the_month_records_feed_p14_with_the_setting() {
        let db = db();
        assert_eq!(db.service_settings().unwrap().answer_within_hours, 24);
        let now = at("2026-11-23 12:00");
        db.add_service_item(
            &entry("2026-11-20 09:00", ServiceCategory::Complaint),
            "A01",
            now,
        )
        .unwrap();
        db.add_service_item(
            &entry("2026-10-31 09:00", ServiceCategory::Complaint),
            "A01",
            now,
        )
        .unwrap();
        db.save_service_settings(
            &ServiceSettings {
                answer_within_hours: 48,
            },
            Edit::unattributed(),
        )
        .unwrap();
        assert!(
            db.save_service_settings(
                &ServiceSettings {
                    answer_within_hours: 0
                },
                Edit::unattributed()
            )
            .is_err()
        );
        let month = Month::of(now.date());
        let records = db.service_records(month, now).unwrap();
        assert_eq!(records.answer_within_hours, 48);
        assert_eq!(records.items.len(), 1);
        assert_eq!(records.items[0].caller, "王先生 13912345678");
        let found = db.detections(month).unwrap();
        let p14: Vec<_> = found
            .iter()
            .filter(|d| d.found.event.code == EventCode::Rule(Rule::P14))
            .collect();
        assert_eq!(p14.len(), 1, "{found:?}");
        assert_eq!(p14[0].found.event.staff_id, "A03");
    }

    #[test]
    fn a_confirmed_complaint_becomes_one_p19_event() {
        let mut db = db();
        let now = at("2026-11-23 12:00");
        let question = db
            .add_service_item(
                &entry("2026-11-23 09:00", ServiceCategory::Question),
                "A01",
                now,
            )
            .unwrap();
        let complaint = db
            .add_service_item(
                &entry("2026-11-23 10:00", ServiceCategory::Complaint),
                "A01",
                now,
            )
            .unwrap();
        assert!(
            db.confirm_complaint(complaint, "A01", "A03", now).is_err(),
            "not a supervisor"
        );
        assert!(
            db.confirm_complaint(question, "A01", "S01", now).is_err(),
            "not a complaint"
        );
        let event_id = db.confirm_complaint(complaint, "A01", "S01", now).unwrap();
        assert_eq!(
            db.service_item(complaint).unwrap().complaint_event_id,
            Some(event_id)
        );
        assert!(
            db.confirm_complaint(complaint, "A01", "S01", now).is_err(),
            "once"
        );
        let events = db.point_events(Month::of(now.date())).unwrap();
        assert_eq!(events.len(), 1);
        let event = &events[0].event;
        assert_eq!(event.code, EventCode::Rule(Rule::P19));
        assert_eq!(event.staff_id, "A01");
        assert!(
            event.note.contains(&format!("咨询投诉 #{complaint}")),
            "{}",
            event.note
        );
    }
}
