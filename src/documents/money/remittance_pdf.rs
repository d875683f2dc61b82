//! The 代收款返款单 (issue 17): the remittance of collected goods' money to a shipper, A4
//! portrait, for the shipper to sign: the company and station, the batch's number, the
//! shipper, who prepared, approved and paid it and when, how and with which reference;
//! the table of waybills (收货方, 代收货款, what the station kept of it, what goes back)
//! with its total and the total in capitals; the note; the signature lines of the
//! shipper, the clerk and the approver. Every page says which of how many it is.

use crate::documents::list_table::{Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, SIGN_H, Sheet, SignLine};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::money::cod::{Remittance, RemittanceItem};
use crate::domain::money::{capital_yuan, format_yuan};
use chrono::NaiveDateTime;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "代 收 款 返 款 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "代收款返款单";
    /// Heads of the table.
    pub const HEADS: [&str; 6] = [
        "序号",
        "运单号",
        "收货方",
        "代收货款",
        "扣手续费/运费",
        "返款金额",
    ];
    /// The total line.
    pub const TOTAL: &str = "合计";
    /// Before the total in capitals.
    pub const IN_WORDS: &str = "返款合计（大写）：";
    /// The note's label.
    pub const NOTE: &str = "备注：";
    /// Not yet approved or paid.
    pub const PENDING: &str = "—";
    /// The shipper signs for the money.
    pub const SIGN_SHIPPER: &str = "发货方收款（签字）：";
    /// The clerk who paid.
    pub const SIGN_CLERK: &str = "经办人：";
    /// The approver.
    pub const SIGN_APPROVER: &str = "审批人：";
    /// A voided batch.
    pub const VOID: &str = "（已作废）";
}

const COLUMNS: [Column; 6] = [
    Column::new(text::HEADS[0], 12.0, Align::Center),
    Column::new(text::HEADS[1], 36.0, Align::Left),
    Column::new(text::HEADS[2], 56.0, Align::Left),
    Column::new(text::HEADS[3], 28.0, Align::Right),
    Column::new(text::HEADS[4], 26.0, Align::Right),
    Column::new(text::HEADS[5], 28.0, Align::Right),
];

const SIGN_LINES: [SignLine; 3] = [
    SignLine {
        label: text::SIGN_SHIPPER,
        x: 0.0,
        end: 70.0,
    },
    SignLine {
        label: text::SIGN_CLERK,
        x: 78.0,
        end: 128.0,
    },
    SignLine {
        label: text::SIGN_APPROVER,
        x: 136.0,
        end: 186.0,
    },
];

/// What the printout shows (not `Debug`: it holds the names look-up).
#[derive(Clone, Copy)]
pub struct RemittanceSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 站点.
    pub station: &'a str,
    /// The batch.
    pub remittance: &'a Remittance,
    /// How a 工号 prints: `A01 张丽`.
    pub names: &'a dyn Fn(&str) -> String,
    /// When printed.
    pub printed_at: NaiveDateTime,
}

fn head<'a>(sheet: &RemittanceSheet<'a>) -> Head<'a> {
    let r = sheet.remittance;
    let half = Paper::A4_PORTRAIT.content_w() / 2.0;
    let signed = |s: Option<&crate::domain::money::cod::Signed>| {
        s.map_or_else(
            || text::PENDING.to_owned(),
            |s| format!("{} {}", (sheet.names)(&s.by), s.at.format("%Y-%m-%d %H:%M")),
        )
    };
    let paid = r.paid.as_ref().map_or_else(
        || text::PENDING.to_owned(),
        |(s, channel, reference)| {
            let reference = if reference.is_empty() {
                String::new()
            } else {
                format!("（流水号 {reference}）")
            };
            format!(
                "{} {} {}{reference}",
                channel.label(),
                (sheet.names)(&s.by),
                s.at.format("%Y-%m-%d %H:%M")
            )
        },
    );
    let code = if r.voided.is_some() {
        format!("{}{}", r.code(), text::VOID)
    } else {
        r.code()
    };
    Head::new(
        sheet.company,
        text::TITLE,
        vec![
            vec![
                Field::new("站点", sheet.station, half),
                Field::new("返款单号", code, 0.0),
            ],
            vec![
                Field::new("发货方", r.shipper_name.as_str(), half),
                Field::new("电话", r.shipper_phone.as_str(), 0.0),
            ],
            vec![
                Field::new("准备", signed(Some(&r.prepared)), half),
                Field::new("审批", signed(r.approved.as_ref()), 0.0),
            ],
            vec![Field::new("付款", paid, 0.0)],
        ],
    )
}

/// The remittance as a PDF: A4 portrait, as many pages as its waybills need.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn remittance_pdf(sheet: &RemittanceSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let r = sheet.remittance;
    let footer = format!(
        "{} {} {} 打印于 {}",
        text::NAME,
        sheet.station,
        r.code(),
        sheet.printed_at.format("%Y-%m-%d %H:%M")
    );
    let mut pages = Sheet::new(Paper::A4_PORTRAIT, head(sheet), footer)?;
    let mut table = Table::new(&COLUMNS);
    table.body_pt = 9.0;
    table.rows = r
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Row::new(vec![
                (i + 1).to_string().into(),
                item.number.as_str().into(),
                item.consignee_name.as_str().into(),
                format_yuan(item.cod_yuan).into(),
                format_yuan(item.kept_yuan()).into(),
                format_yuan(item.amount_yuan).into(),
            ])
        })
        .collect();
    let cod: rust_decimal::Decimal = r.items.iter().map(|i| i.cod_yuan).sum();
    let kept: rust_decimal::Decimal = r.items.iter().map(RemittanceItem::kept_yuan).sum();
    table.totals = Some(Row::new(vec![
        text::TOTAL.into(),
        format!("{} 票", r.items.len()).into(),
        "".into(),
        format_yuan(cod).into(),
        format_yuan(kept).into(),
        format_yuan(r.total_yuan()).into(),
    ]));
    table.keep_after = 20.0 + SIGN_H;
    pages.table(&table)?;
    pages.advance(3.0);
    let words = format!(
        "{}{}　（¥{}）",
        text::IN_WORDS,
        capital_yuan(r.total_yuan()),
        format_yuan(r.total_yuan())
    );
    pages.line(Style::bold(11.0), &words, 7.0, 0.0)?;
    if let Some((s, reason)) = &r.voided {
        let line = format!(
            "已作废：{} {}，{}",
            (sheet.names)(&s.by),
            s.at.format("%Y-%m-%d %H:%M"),
            reason
        );
        pages.line(Style::bold(10.0), &line, 7.0, 0.0)?;
    }
    if !r.note.trim().is_empty() {
        pages.line(
            Style::regular(9.0),
            &format!("{}{}", text::NOTE, r.note),
            7.0,
            0.0,
        )?;
    }
    pages.advance(6.0);
    pages.signatures("", &SIGN_LINES)?;
    pages.finish(&format!("{} {} {}", text::NAME, sheet.station, r.code()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dispatch::pickup::PayChannel;
    use crate::domain::money::cod::Signed;
    use rust_decimal::Decimal;

    fn at(h: u32) -> NaiveDateTime {
        crate::testing::time(2026, 11, 25, h, 0)
    }

    /// A paid batch of `n` waybills; written to `target/remittance-N.pdf` to look at.
    fn render(n: usize) -> Vec<u8> {
        let items = (0..n)
            .map(|i| RemittanceItem {
                number: format!("GZ261123{:04}", i + 1),
                consignee_name: "湘潭县易俗河李记批发部".into(),
                cod_yuan: Decimal::from(1000 + i),
                amount_yuan: Decimal::from(990 + i),
            })
            .collect();
        let r = Remittance {
            id: 12,
            shipper_name: "广州市白云区宏达服装厂".into(),
            shipper_phone: "13912345678".into(),
            items,
            note: "十一月下旬返款".into(),
            prepared: Signed {
                by: "A01".into(),
                at: at(9),
            },
            approved: Some(Signed {
                by: "S01".into(),
                at: at(10),
            }),
            paid: Some((
                Signed {
                    by: "A01".into(),
                    at: at(11),
                },
                PayChannel::Bank,
                "6222-20261125-0001".into(),
            )),
            voided: None,
        };
        let names = |id: &str| format!("{id} 张丽");
        let bytes = remittance_pdf(&RemittanceSheet {
            company: "广州市每地达物流有限公司",
            station: "广州白云站",
            remittance: &r,
            names: &names,
            printed_at: at(12),
        })
        .unwrap();
        std::fs::create_dir_all("target").ok();
        std::fs::write(format!("target/remittance-{n}.pdf"), &bytes).ok();
        bytes
    }

    #[test]
    fn a_batch_prints_on_one_page_and_a_long_one_runs_over() {
        let pages = |b: &[u8]| lopdf::Document::load_mem(b).unwrap().get_pages().len();
        assert_eq!(pages(&render(3)), 1);
        assert!(pages(&render(80)) >= 2);
    }
}
