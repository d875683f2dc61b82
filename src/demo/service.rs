//! The demo's customer service: phone quotes of yesterday (one for a customer who has not
//! come in yet), and a questions and complaints log with an answered question, an
//! answered tracking call, a complaint left open past the 24 hours (red, P14 for its
//! handler) and a recent claim still within them. Written through the same storage
//! operations as the screens.

use super::steps::{at, refused};
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::rates::{FeeSettings, RateTable};
use crate::domain::desk::screening::default_list;
use crate::domain::service::complaints::{Cause, Channel};
use crate::domain::service::{QuoteContext, QuoteDraft, ServiceCategory, ServiceDraft};
use crate::storage::{Db, StorageError};
use chrono::{Days, NaiveDate};

/// Loads the demo quotes and log items, dated yesterday and the day before so that
/// nothing is later than the moment the demo is loaded.
pub(super) fn load_service(
    db: &Db,
    today: NaiveDate,
    rates: &RateTable,
) -> Result<(), StorageError> {
    let yesterday = today - Days::new(1);
    let before = today - Days::new(2);
    let fees = FeeSettings::default();
    let prohibited = default_list();
    let ctx = QuoteContext {
        divisions: Divisions::bundled(),
        rates,
        fees: &fees,
        prohibited: &prohibited,
    };
    let mut codes: Vec<&str> = rates.rows().iter().map(|r| r.dest_code.as_str()).collect();
    codes.dedup();
    let quotes = [
        (
            "周女士",
            "13760012345",
            "童装",
            "120",
            "0.8",
            "",
            false,
            "A01",
            10,
            5,
        ),
        (
            "李老板",
            "020-36251234",
            "五金配件",
            "650",
            "1.5",
            "5000",
            true,
            "A02",
            15,
            40,
        ),
        (
            "黄先生",
            "13533345678",
            "陶瓷茶具",
            "45",
            "0.3",
            "2000",
            false,
            "A03",
            17,
            20,
        ),
    ];
    for (k, (name, phone, goods, weight, volume, declared, delivery, clerk, hour, minute)) in
        quotes.into_iter().enumerate()
    {
        let Some(code) = codes.get(k * 3 % codes.len().max(1)) else {
            return Ok(());
        };
        let priced = QuoteDraft {
            dest_code: (*code).to_owned(),
            caller_name: name.to_owned(),
            phone: phone.to_owned(),
            goods_name: goods.to_owned(),
            weight_kg: weight.to_owned(),
            volume_m3: volume.to_owned(),
            declared_value: declared.to_owned(),
            delivery,
            pieces: (k % 5 + 1).to_string(),
            packaging: Some(crate::domain::desk::waybill::Packaging::Carton),
        }
        .validate(&ctx)
        .map_err(|p| refused(format!("{p:?}")))?;
        db.record_quote(&priced, clerk, at(yesterday, hour, minute))?;
    }

    let items = [
        (
            before,
            9,
            20,
            ServiceCategory::Question,
            "黄先生",
            "13533345678",
            "陶瓷能不能发，要不要木架",
            "A03",
            Some((before, 9, 40, "可发，建议打木架，易碎品货损自负")),
        ),
        (
            before,
            14,
            5,
            ServiceCategory::Tracking,
            "湘潭李记批发部",
            "0731-57123456",
            "前天发的服装到了没有",
            "A03",
            Some((before, 16, 30, "已到湘潭县，已电话通知提货")),
        ),
        (
            before,
            15,
            20,
            ServiceCategory::Complaint,
            "王先生",
            "13912345678",
            "送货司机态度不好，货放门口就走",
            "A01",
            None,
        ),
        (
            yesterday,
            18,
            45,
            ServiceCategory::Claim,
            "周女士",
            "13760012345",
            "一箱童装外箱破损，要求理赔",
            "A02",
            None,
        ),
    ];
    for (day, hour, minute, category, name, phone, question, handler, answer) in items {
        let received = at(day, hour, minute);
        let entry = ServiceDraft {
            received_at: received.format("%Y-%m-%d %H:%M").to_string(),
            caller_name: name.to_owned(),
            phone: phone.to_owned(),
            waybill_number: String::new(),
            category,
            // The claim came in on WeChat with photos; the rest by phone.
            channel: if category == ServiceCategory::Claim {
                Channel::WeChat
            } else {
                Channel::Phone
            },
            cause: (category == ServiceCategory::Complaint).then_some(Cause::Attitude),
            question: question.to_owned(),
            handler_id: handler.to_owned(),
        }
        .validate(received)
        .map_err(|p| refused(format!("{p:?}")))?;
        let id = db.add_service_item(&entry, handler, received)?;
        if let Some((day, hour, minute, outcome)) = answer {
            db.answer_service_item(id, outcome, handler, at(day, hour, minute))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::service::ServiceFilter;

    #[test]
    fn the_demo_has_quotes_and_one_complaint_past_the_hours() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let db = crate::demo::demo_copy(today).unwrap();
        assert_eq!(db.recent_quotes("", 10).unwrap().len(), 3);
        let open = db
            .service_items(&ServiceFilter {
                open_only: true,
                ..ServiceFilter::default()
            })
            .unwrap();
        assert_eq!(open.len(), 2);
        let overdue: Vec<_> = open
            .iter()
            .filter(|i| i.facts().overdue_hours(at(today, 9, 0), 24).is_some())
            .collect();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].entry.category, ServiceCategory::Complaint);
    }
}
