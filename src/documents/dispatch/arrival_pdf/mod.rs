//! The arrival report (到货清单, 到货核对报告) of one received truck as printed at the
//! receiving station: A4 landscape, the company and the manifest's header (code, origin,
//! plate, driver, departure, the receiving station, who checked and when the check was
//! closed — or 核对中 while it is still open), then a ruled table of every waybill loaded
//! or scanned — number, consignee, goods, pieces loaded on this truck, pieces received,
//! the missing (少件) and extra (多件) pieces by number and the damage notes (破损) — with
//! the problem text in red, and under it the totals and the lines where the one who
//! checked the unloading (卸货核对人) and the driver (司机) sign. Rows grow to hold long
//! notes; a long report runs over as many pages as it needs, the header repeated on each,
//! the totals and signatures on the last, and every page says which of how many it is.

use crate::documents::list_table::{Cell, Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, SIGN_H, Sheet, SignLine, or_dash};
use crate::documents::pdf::{Align, Ink, PdfError, Style};
use crate::domain::dispatch::{Discrepancy, PieceCheck, piece_ranges};
use chrono::NaiveDateTime;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "到 货 清 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "到货清单";
    /// The stamp of a closed check.
    pub const CLOSED: &str = "已核对";
    /// The stamp and the status of a check still open.
    pub const CHECKING: &str = "核对中";
    /// An empty field.
    pub const NONE: &str = "—";
    /// A waybill scanned off the truck that this station has no record of.
    pub const UNKNOWN_WAYBILL: &str = "本站无此运单资料";
    /// Before the count of missing pieces (少件).
    pub const MISSING: &str = "少";
    /// Before the count of extra pieces (多件).
    pub const EXTRA: &str = "多";
    /// Every piece as loaded, no damage.
    pub const ALL_MATCH: &str = "全部相符";
    /// The note over the signatures.
    pub const NOTE: &str =
        "件号为标签上的第几件。少件、多件、破损须当场报告并拍照；核对人与司机签字确认后交主管。";
    /// The signature lines.
    pub const SIGN_CHECKER: &str = "卸货核对人（签字）：";
    /// The driver's signature.
    pub const SIGN_DRIVER: &str = "司机（签字）：";
    /// The date line.
    pub const SIGN_DATE: &str = "日期：";
}

/// The tint under a line with something to report, so it stands out in black and white.
const PROBLEM_FILL: Ink = Ink::Grey(0.95);
/// The body text size.
const BODY_PT: f32 = 8.5;

/// The table's columns (their widths add up to the content width of A4 landscape); the
/// names, goods and problems wrap, and their rows grow.
const COLUMNS: [Column; 9] = [
    Column::new("序号", 10.0, Align::Center),
    Column::new("运单号", 30.0, Align::Left),
    Column::new("收货方", 44.0, Align::Left).wrapping(),
    Column::new("品名", 24.0, Align::Left).wrapping(),
    Column::new("件数（装/总）", 22.0, Align::Center),
    Column::new("实收", 16.0, Align::Center),
    Column::new("少件", 36.0, Align::Left).wrapping(),
    Column::new("多件", 30.0, Align::Left).wrapping(),
    Column::new("破损", 61.0, Align::Left).wrapping(),
];

/// Where the signatures go, from the left margin.
const SIGN_LINES: [SignLine; 3] = [
    SignLine {
        label: text::SIGN_CHECKER,
        x: 0.0,
        end: 88.0,
    },
    SignLine {
        label: text::SIGN_DRIVER,
        x: 100.0,
        end: 188.0,
    },
    SignLine {
        label: text::SIGN_DATE,
        x: 192.0,
        end: 273.0,
    },
];

/// One damage note of the check, as printed.
#[derive(Debug, Clone, Copy)]
pub struct ArrivalDamage<'a> {
    /// The damaged pieces, in order; empty when the note is about the waybill as a whole.
    pub pieces: &'a [u32],
    /// What is wrong: `外箱压坏，内物完好`.
    pub note: &'a str,
}

/// One waybill of the report (storage's `ArrivalLine`).
#[derive(Debug, Clone)]
pub struct ArrivalSheetLine<'a> {
    /// 运单号.
    pub number: &'a str,
    /// 收货方; empty when the waybill is unknown here.
    pub consignee_name: &'a str,
    /// 品名.
    pub goods_name: &'a str,
    /// 件数 on the waybill; 0 when the waybill is unknown here.
    pub pieces: u32,
    /// The pieces loaded on this truck against the pieces scanned off it.
    pub check: &'a PieceCheck,
    /// The damage notes (破损), in the order recorded.
    pub damaged: Vec<ArrivalDamage<'a>>,
}

impl ArrivalSheetLine<'_> {
    /// Nothing to report: every piece as loaded, and no damage.
    fn is_clean(&self) -> bool {
        self.check.matches() && self.damaged.is_empty()
    }
}

/// What the arrival report prints: the manifest's header as shown and one line per
/// waybill, in the order to print (storage's `ArrivalReport`, number order).
#[derive(Debug, Clone)]
pub struct ArrivalSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 清单号 of the manifest the truck came with.
    pub manifest_code: &'a str,
    /// 起运站: the loading station.
    pub origin: &'a str,
    /// 到达站: this, the receiving station.
    pub station: &'a str,
    /// 车牌号.
    pub plate: &'a str,
    /// 司机.
    pub driver_name: &'a str,
    /// 司机电话.
    pub driver_phone: &'a str,
    /// 发车时间, `None` when the loading station did not record it.
    pub departed_at: Option<NaiveDateTime>,
    /// 核对人: who checked the unloading and closed the check, `B03 李娜`; may be empty
    /// while the check is open.
    pub checked_by: &'a str,
    /// When the check was closed; `None` prints 核对中.
    pub closed_at: Option<NaiveDateTime>,
    /// The waybills, in the order to print.
    pub lines: &'a [ArrivalSheetLine<'a>],
}

/// The totals under the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Totals {
    waybills: usize,
    loaded: usize,
    received: usize,
    missing: usize,
    extra: usize,
    damaged_lines: usize,
    problem_lines: usize,
}

impl Totals {
    fn of(lines: &[ArrivalSheetLine<'_>]) -> Self {
        lines.iter().fold(Self::default(), |t, line| Self {
            waybills: t.waybills + 1,
            loaded: t.loaded + line.check.loaded.len(),
            received: t.received + line.check.received.len(),
            missing: t.missing + line.check.missing().len(),
            extra: t.extra + line.check.extra().len(),
            damaged_lines: t.damaged_lines + usize::from(!line.damaged.is_empty()),
            problem_lines: t.problem_lines + usize::from(!line.is_clean()),
        })
    }
}

/// One line of the table as printed: the text of every cell and what is wrong with it.
#[derive(Debug, Clone)]
struct Line {
    cells: [String; 9],
    problem: bool,
    unknown: bool,
    count_differs: bool,
}

fn alarm() -> Style {
    Style::bold(BODY_PT).ink(Ink::Red)
}

/// `少 3 件：第 4–6 件` (`word` is 少 or 多), empty when there are none.
fn pieces_text(word: &str, pieces: &[u32]) -> String {
    if pieces.is_empty() {
        return String::new();
    }
    format!("{word} {} 件：第 {} 件", pieces.len(), piece_ranges(pieces))
}

/// The damage notes of a line: `第 3 件：外箱压坏；受潮` (a note without pieces is about the
/// whole waybill).
fn damage_text(damaged: &[ArrivalDamage<'_>]) -> String {
    damaged
        .iter()
        .map(|d| {
            let note = if d.note.trim().is_empty() {
                Discrepancy::Damaged.label()
            } else {
                d.note.trim()
            };
            if d.pieces.is_empty() {
                note.to_owned()
            } else {
                format!("第 {} 件：{note}", piece_ranges(d.pieces))
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn lay_out(index: usize, line: &ArrivalSheetLine<'_>) -> Line {
    let unknown = line.pieces == 0;
    let loaded = line.check.loaded.len();
    let received = line.check.received.len();
    let loaded_text = if unknown {
        format!("{loaded}/?")
    } else {
        format!("{loaded}/{}", line.pieces)
    };
    let consignee = if unknown && line.consignee_name.trim().is_empty() {
        text::UNKNOWN_WAYBILL.to_owned()
    } else {
        line.consignee_name.to_owned()
    };
    let cells = [
        (index + 1).to_string(),
        line.number.to_owned(),
        consignee,
        line.goods_name.to_owned(),
        loaded_text,
        received.to_string(),
        pieces_text(text::MISSING, &line.check.missing()),
        pieces_text(text::EXTRA, &line.check.extra()),
        damage_text(&line.damaged),
    ];
    Line {
        problem: !line.is_clean(),
        unknown,
        count_differs: loaded != received,
        cells,
    }
}

impl Line {
    /// The row as printed: the problems in red, the line tinted when it has any.
    fn row(&self) -> Row {
        let red = |i: usize| Cell::text(self.cells[i].as_str()).style(alarm());
        let plain = |i: usize| Cell::text(self.cells[i].as_str());
        let row = Row::new(vec![
            plain(0),
            plain(1),
            if self.unknown { red(2) } else { plain(2) },
            plain(3),
            plain(4),
            if self.count_differs { red(5) } else { plain(5) },
            red(6),
            red(7),
            red(8),
        ]);
        if self.problem {
            row.tinted(PROBLEM_FILL)
        } else {
            row
        }
    }
}

fn time_text(at: Option<NaiveDateTime>) -> String {
    at.map_or_else(
        || text::NONE.to_owned(),
        |at| at.format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn head<'a>(sheet: &ArrivalSheet<'a>, totals: &Totals) -> Head<'a> {
    let stamp = if sheet.closed_at.is_some() {
        (text::CLOSED, Ink::Black)
    } else {
        (text::CHECKING, Ink::Red)
    };
    let closed = match sheet.closed_at {
        Some(at) => Field::new("核对完成", at.format("%Y-%m-%d %H:%M").to_string(), 76.0),
        None => Field::new("核对完成", text::CHECKING, 76.0).ink(Ink::Red),
    };
    Head {
        company: sheet.company,
        title: text::TITLE,
        code: Some(sheet.manifest_code.to_owned()),
        stamp: Some(stamp),
        fields: vec![
            vec![
                Field::new("起运站", or_dash(sheet.origin), 62.0),
                Field::new("车牌号", or_dash(sheet.plate), 50.0),
                Field::new(
                    "司机",
                    format!("{}  {}", sheet.driver_name, sheet.driver_phone).trim(),
                    76.0,
                ),
                Field::new("发车时间", time_text(sheet.departed_at), 0.0),
            ],
            vec![
                Field::new("到达站", or_dash(sheet.station), 62.0),
                Field::new("核对人", or_dash(sheet.checked_by), 50.0),
                closed,
                Field::new(
                    "票数",
                    format!("{} 票，装车 {} 件", totals.waybills, totals.loaded),
                    0.0,
                ),
            ],
        ],
    }
}

fn totals_row(totals: &Totals) -> Row {
    let bold = Style::bold(BODY_PT + 0.5);
    let red = bold.ink(Ink::Red);
    let state = if totals.problem_lines > 0 {
        Cell::text(format!("其中有异常 {} 票", totals.problem_lines))
            .style(Style::regular(BODY_PT).ink(Ink::Red))
    } else if totals.waybills > 0 {
        Cell::text(text::ALL_MATCH).style(Style::regular(BODY_PT))
    } else {
        Cell::empty()
    };
    let counted = |words: String, count: usize| {
        Cell::text(words)
            .style(if count > 0 { red } else { bold })
            .align(Align::Left)
    };
    Row::new(vec![
        Cell::text(format!("合计 {} 票", totals.waybills))
            .align(Align::Center)
            .span(2),
        state.align(Align::Left).span(2),
        format!("装 {}", totals.loaded).into(),
        Cell::text(format!("收 {}", totals.received)).style(if totals.received == totals.loaded {
            bold
        } else {
            red
        }),
        counted(format!("少件 {} 件", totals.missing), totals.missing),
        counted(format!("多件 {} 件", totals.extra), totals.extra),
        counted(
            format!("破损 {} 票", totals.damaged_lines),
            totals.damaged_lines,
        ),
    ])
}

/// The arrival report as a PDF: A4 landscape, as many pages as the lines need.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn arrival_pdf(sheet: &ArrivalSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let totals = Totals::of(sheet.lines);
    let footer = format!("{} {}", text::NAME, sheet.manifest_code);
    let mut pages = Sheet::new(Paper::A4_LANDSCAPE, head(sheet, &totals), footer.clone())?;
    let mut table = Table::new(&COLUMNS);
    table.rows = sheet
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| lay_out(i, line).row())
        .collect();
    table.totals = Some(totals_row(&totals));
    table.keep_after = SIGN_H;
    pages.table(&table)?;
    pages.signatures(text::NOTE, &SIGN_LINES)?;
    pages.finish(&footer)
}

#[cfg(test)]
mod tests;
