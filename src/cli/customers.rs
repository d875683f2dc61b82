//! `kaidan report customers YYYY-MM --out DIR` (issue 18 item 5): one monthly statistics
//! PDF per customer who shipped in the month, named after the customer, into DIR (made if
//! missing). A month without waybills says so and writes nothing (exit 0); a file of the
//! same name already in DIR refuses the whole run before anything is written.

use super::Failure;
use crate::documents::service::customer_report_pdf::customer_report_pdf;
use crate::domain::people::Month;
use crate::storage::{Db, Location};
use std::path::Path;

pub(super) fn report_customers(
    db_path: &Location,
    month: Month,
    out: &Path,
) -> Result<(), Failure> {
    let db = Db::open_existing_at(db_path)?;
    let months = db.customer_months(month)?;
    if months.is_empty() {
        eprintln!("{month} 没有运单，没有生成客户月度统计表");
        return Ok(());
    }
    let targets: Vec<std::path::PathBuf> = months
        .iter()
        .map(|m| out.join(format!("{}.pdf", m.file_stem())))
        .collect();
    if let Some(taken) = targets.iter().find(|t| t.exists()) {
        return Err(Failure::new(format!(
            "{} 已存在：为免覆盖，什么也没有生成；请换一个文件夹",
            taken.display()
        )));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Failure::new(format!("无法建立文件夹 {}：{e}", out.display())))?;
    let desk = db.desk_settings()?;
    let now = chrono::Local::now().naive_local();
    for (m, target) in months.iter().zip(&targets) {
        let bytes = customer_report_pdf(&desk.company_name, &desk.station_name, m, now)
            .map_err(Failure::new)?;
        super::write_output(target, &bytes)?;
    }
    println!("{}", months.len());
    eprintln!(
        "已生成 {month} 客户月度统计表 {} 份：{}",
        months.len(),
        out.display()
    );
    Ok(())
}
