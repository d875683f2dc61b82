//! The review command: the month's review as the JSON of FORMATS.md, a PDF or a
//! workbook.

use super::{Failure, ReviewArgs, write_output};
use crate::domain::money::format_yuan;
use crate::storage::{Db, Location};
use serde::Serialize;

/// `review --json` output (FORMATS.md "Monthly review"), fields in the contract's order.
#[derive(Serialize)]
struct ReviewJson {
    month: String,
    staff: Vec<ReviewPersonJson>,
}

#[derive(Serialize)]
struct ReviewPersonJson {
    id: String,
    name: String,
    points: i64,
    items: Vec<ReviewItemJson>,
    base_salary: String,
    days_employed: u32,
    pay: String,
    pay_date: String,
    /// 应扣费用 in all (issue 16).
    charges: String,
    charge_items: Vec<ChargeItemJson>,
    /// Of the charges, what this month's pay does not take (a fifth of it at most).
    charges_carried: String,
    /// pay − the charges deducted this month.
    net_pay: String,
}

#[derive(Serialize)]
struct ChargeItemJson {
    rule: &'static str,
    amount: String,
    waybill: String,
    detail: String,
}

#[derive(Serialize)]
struct ReviewItemJson {
    rule: &'static str,
    points: i64,
    count: u32,
    detail: String,
}

pub(super) fn review_command(db_path: &Location, args: &ReviewArgs) -> Result<(), Failure> {
    let db = Db::open_existing_at(db_path)?;
    let review = db.month_review(args.month, chrono::Local::now().naive_local())?;
    // People the staff list has not completed yet (a 工号 from an imported waybill) have
    // no join date and cannot be reviewed: say so, on stderr.
    let incomplete: Vec<String> = db
        .staff_records()?
        .into_iter()
        .filter(|s| s.joined_on.is_none())
        .map(|s| s.id)
        .collect();
    if !incomplete.is_empty() {
        eprintln!(
            "kaidan: 工号 {} 没有入职日期，未列入考核：请用 import staff 补全员工名单",
            incomplete.join("、")
        );
    }
    if let Some(out) = &args.pdf {
        let company = db.desk_settings()?.company_name;
        let bytes = crate::documents::people::review_pdf::review_pdf(&review, &company)
            .map_err(Failure::new)?;
        write_output(out, &bytes)?;
        eprintln!(
            "已生成 {} 考核表 PDF（{} 人）：{}",
            review.month,
            review.people.len(),
            out.display()
        );
        return Ok(());
    }
    if let Some(out) = &args.xlsx {
        let bytes =
            crate::documents::people::review_xlsx::review_xlsx(&review).map_err(Failure::new)?;
        write_output(out, &bytes)?;
        eprintln!(
            "已生成 {} 工资汇总 Excel（{} 人）：{}",
            review.month,
            review.people.len(),
            out.display()
        );
        return Ok(());
    }
    if args.json {
        let json = ReviewJson {
            month: review.month.to_string(),
            staff: review
                .people
                .iter()
                .map(|p| ReviewPersonJson {
                    id: p.staff_id.clone(),
                    name: p.name.clone(),
                    points: p.points,
                    items: p
                        .items
                        .iter()
                        .map(|i| ReviewItemJson {
                            rule: i.rule.code(),
                            points: i.points,
                            count: i.count,
                            detail: i.detail.clone(),
                        })
                        .collect(),
                    base_salary: format_yuan(p.base_salary_yuan),
                    days_employed: p.days_employed,
                    pay: format_yuan(p.pay_yuan),
                    pay_date: p.pay_date.format("%Y-%m-%d").to_string(),
                    charges: format_yuan(p.charges.total_yuan),
                    charge_items: p
                        .charges
                        .items
                        .iter()
                        .map(|c| ChargeItemJson {
                            rule: c.rule,
                            amount: format_yuan(c.amount_yuan),
                            waybill: c.waybill.clone(),
                            detail: c.detail.clone(),
                        })
                        .collect(),
                    charges_carried: format_yuan(p.charges.carried_yuan),
                    net_pay: format_yuan(p.net_pay_yuan()),
                })
                .collect(),
        };
        let text = serde_json::to_string(&json).map_err(Failure::new)?;
        println!("{text}");
        return Ok(());
    }
    println!(
        "{} 月度考核：{} 人，工资发放日 {}",
        review.month,
        review.people.len(),
        review.month.pay_date().format("%Y-%m-%d")
    );
    let mut marked = false;
    for p in &review.people {
        println!();
        println!(
            "{} {}（{}）  得分 {}  在职 {} 天  月基本工资 {}  应发 {}",
            p.staff_id,
            p.name,
            p.role.label(),
            p.points,
            p.days_employed,
            format_yuan(p.base_salary_yuan),
            format_yuan(p.pay_yuan)
        );
        if !p.charges.items.is_empty() {
            println!(
                "  应扣费用 {}（本月扣回 {}，未扣回 {}）  实发 {}",
                format_yuan(p.charges.total_yuan),
                format_yuan(p.charges.deducted_yuan),
                format_yuan(p.charges.carried_yuan),
                format_yuan(p.net_pay_yuan())
            );
            for c in &p.charges.items {
                println!(
                    "    {:<4} {:>10}  {}",
                    c.rule,
                    format_yuan(c.amount_yuan),
                    c.detail
                );
            }
        }
        for item in &p.items {
            marked |= item.needs_attention;
            println!(
                "  {}{:<4} {:>+4}  {}",
                if item.needs_attention { "※" } else { " " },
                item.rule.code(),
                item.points,
                item.detail
            );
        }
    }
    if marked {
        println!();
        println!("※ 含条款未规定的情形（迟到早退10–20分钟、缺卡），已按考勤设置处理，请主管核对");
    }
    Ok(())
}
