//! Tests of `documents::people::review_pdf`.

use super::*;
use crate::documents::people::review_pdf::layout::PersonPlan;
use crate::documents::people::review_pdf::layout::lay_out;
use crate::documents::people::review_pdf::layout::paginate;
use crate::documents::people::review_pdf::layout::summary_height;
use crate::domain::people::Role;
use crate::domain::people::review::Evidence;
use crate::domain::people::review::ReviewItem;
use rust_decimal::Decimal;

fn item(rule: Rule, points: i64, count: u32, evidence: usize) -> ReviewItem {
    let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
    ReviewItem {
        rule,
        points,
        count,
        detail: format!("{} {count}{}", rule.default_wording(), rule.unit()),
        needs_attention: false,
        evidence: (0..evidence)
            .map(|i| Evidence {
                day,
                text: format!("11-03 早班 迟到 {} 分钟", i % 9 + 1),
                waybill_number: String::new(),
                source: None,
            })
            .collect(),
    }
}

fn person(items: Vec<ReviewItem>) -> PersonReview {
    let points = BASE_POINTS + items.iter().map(|i| i.points).sum::<i64>();
    PersonReview {
        staff_id: "A01".into(),
        name: "张三".into(),
        role: Role::Clerk,
        points,
        items,
        base_salary_yuan: Decimal::from(4000),
        days_employed: 30,
        pay_yuan: Decimal::from(40) * Decimal::from(points),
        pay_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
        charges: crate::domain::people::review::charges::Charges::default(),
    }
}

fn nov() -> Month {
    "2026-11".parse().unwrap()
}

/// Every line of every row is placed exactly once, in order.
fn assert_complete(plan: &PersonPlan) {
    let mut next = vec![0_usize; plan.rows.len()];
    for chunk in plan.pages.iter().flatten() {
        assert_eq!(chunk.from, next[chunk.row], "{chunk:?}");
        next[chunk.row] = chunk.to;
    }
    for (row, end) in plan.rows.iter().zip(next) {
        assert_eq!(end, row.lines.len());
    }
}

#[test]
fn a_customers_number_in_the_evidence_is_printed_masked() {
    let mut complaint = item(Rule::P19, -3, 1, 1);
    complaint.evidence[0].text = "11-05 P19：客户 13912345678 投诉态度差（手工）".into();
    let row = RowText::item(0, &complaint);
    assert!(row.evidence.contains("139****5678"), "{}", row.evidence);
    assert!(!row.evidence.contains("13912345678"));
}

#[test]
fn signs_and_total_are_written_out() {
    assert_eq!(signed(5), "+5");
    assert_eq!(signed(-2), "−2");
    assert_eq!(signed(0), "0");
    let p = person(vec![
        item(Rule::A4, -1, 6, 6),
        item(Rule::A4, 0, 1, 1),
        item(Rule::B2, 6, 1, 0),
    ]);
    assert_eq!(total_expression(&p), "100 − 1 + 6 = 105");
    assert_eq!(form_title(nov()), "2026年11月 考勤与扣分考核表");
}

#[test]
fn a_usual_person_is_one_page_at_full_size() {
    let p = person(vec![
        item(Rule::A4, -1, 6, 6),
        item(Rule::P8, -1, 1, 1),
        item(Rule::B2, 6, 1, 0),
    ]);
    let plan = plan_person(&p).unwrap();
    assert_eq!(plan.pages.len(), 1);
    assert!((plan.rows[0].style.size_pt - TABLE_SIZES[0].0).abs() < f32::EPSILON);
    assert_complete(&plan);
}

#[test]
fn a_long_list_shrinks_before_it_continues() {
    // The first list too long for one page at full size fits once shrunk.
    let items = |n: usize| -> Vec<ReviewItem> {
        Rule::ALL[8..8 + n]
            .iter()
            .map(|r| item(*r, -1, 1, 4))
            .collect()
    };
    let n = (1..25)
        .find(|n| {
            let p = person(items(*n));
            let rows = lay_out(&p, TABLE_SIZES[0]).unwrap();
            paginate(&rows, summary_height(&p)).len() > 1
        })
        .unwrap();
    assert!(n > 5, "{n}");
    let plan = plan_person(&person(items(n))).unwrap();
    assert_eq!(plan.pages.len(), 1);
    assert!(plan.rows[0].style.size_pt < TABLE_SIZES[0].0);
    assert_complete(&plan);
}

#[test]
fn a_very_long_list_continues_at_full_size_and_never_clips() {
    let mut items: Vec<ReviewItem> = Rule::ALL[..33]
        .iter()
        .map(|r| item(*r, -1, 3, 12))
        .collect();
    // One item with more evidence than a page holds: split between its lines.
    items[5] = item(Rule::A9, -4, 200, 400);
    let p = person(items);
    let plan = plan_person(&p).unwrap();
    assert!(plan.pages.len() >= 3, "{}", plan.pages.len());
    assert!((plan.rows[0].style.size_pt - TABLE_SIZES[0].0).abs() < f32::EPSILON);
    assert_complete(&plan);
    let total_row = plan.rows.len() - 1;
    let last = plan.pages.len() - 1;
    assert!(plan.pages[last].iter().any(|c| c.row == total_row));
    // Every page's table ends above its bottom line.
    for (i, chunks) in plan.pages.iter().enumerate() {
        let h: f32 = chunks
            .iter()
            .map(|c| chunk_height(&plan.rows[c.row].lines[c.from..c.to]))
            .sum();
        let bottom = TABLE_TOP + TABLE_HEADER_H + h;
        let limit = if i == last {
            LAST_BOTTOM - SIGN_BLOCK_H - summary_height(&p)
        } else {
            CONTINUED_BOTTOM
        };
        assert!(bottom <= limit + 1e-3, "page {i}: {bottom} > {limit}");
    }
    let review = MonthReview {
        month: nov(),
        people: vec![p],
    };
    let bytes = review_pdf(&review, "测试物流有限公司").unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), plan.pages.len());
}

#[test]
fn an_empty_month_is_one_page() {
    let review = MonthReview {
        month: nov(),
        people: Vec::new(),
    };
    let bytes = review_pdf(&review, "测试物流有限公司").unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
}
