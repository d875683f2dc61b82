//! The monthly review as a signed paper form (考勤与扣分考核表): A4 portrait, one page per
//! person — company and month, the person, a ruled table of the review's items (rule,
//! detail with its evidence, times, points) that starts from the 100 base points and ends
//! in the total written out, the pay with its formula written out, notes, and the lines
//! where the clerk signs that they have seen it and the supervisor signs it off.
//!
//! Items graded by a reading of a case the rules do not cover
//! ([`ReviewItem::needs_attention`]) carry a red ※ and a footnote. A long list never runs
//! off the page: the table's type is first shrunk a little to keep the person on one
//! page; if even the smallest size does not fit, the table continues on further pages at
//! full size (header repeated, an item split between its lines if need be), and the pay
//! and the signatures come on the last.

mod layout;

use chrono::{Datelike, NaiveDate};
use layout::{Chunk, LaidRow, Line, RowText, chunk_height, plan_person};

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::domain::money::{capital_yuan, format_yuan};
use crate::domain::people::Month;
use crate::domain::people::points::Rule;
use crate::domain::people::review::{BASE_POINTS, MonthReview, PersonReview};

/// A4 portrait, in mm.
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
/// Left and right margin.
const MARGIN_X: f32 = 18.0;
/// Width between the margins.
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top of the person row, under the titles.
const PERSON_TOP: f32 = 40.0;
const PERSON_H: f32 = 9.0;
/// Top of the items table.
const TABLE_TOP: f32 = PERSON_TOP + PERSON_H + 5.0;
const TABLE_HEADER_H: f32 = 8.0;
/// Height of the signature block, the space above it included. It follows the notes
/// closely, so that nothing can be written in between after signing.
const SIGN_BLOCK_H: f32 = 40.0;
/// Lowest line the signature block may reach, above the footer.
const LAST_BOTTOM: f32 = 280.0;
/// Lowest line a table may reach on a page without the signature block.
const CONTINUED_BOTTOM: f32 = 272.0;
/// Baseline of the footer.
const FOOTER_BASELINE: f32 = 287.0;
/// Space between the table and the pay grid.
const GAP: f32 = 5.0;
/// Padding above and below the lines of a table row at the full type size; it shrinks
/// with the type.
const ROW_PAD: f32 = 1.6;
/// Pay grid: two rows.
const PAY_ROW_H: f32 = 8.0;
/// Outer frames and inner rules, in points.
const FRAME_PT: f32 = 1.0;
const RULE_PT: f32 = 0.5;
/// Fill of label cells and the table header.
const LABEL_FILL: Ink = Ink::Grey(0.9);
/// Ink of evidence, footnotes and the footer.
const QUIET: Ink = Ink::Grey(0.3);
/// The mark of an item graded by a reading.
const ATTENTION_MARK: &str = "※";
/// The footnote of that mark.
const ATTENTION_NOTE: &str = "条款未规定，按设置处理，请主管复核";
/// Minus sign of points and of the written-out total.
const MINUS: char = '−';

/// Type sizes of the table, largest first: (detail, evidence) in points. The first size
/// at which a person fits on one page is used.
const TABLE_SIZES: [(f32, f32); 4] = [(9.5, 7.5), (9.0, 7.0), (8.5, 6.5), (8.0, 6.0)];

/// Table columns: 序号, 规则, 说明及依据, 次数, 分数 (widths in mm, summing to
/// [`CONTENT_W`]).
const COLUMNS: [(&str, f32); 5] = [
    ("序号", 11.0),
    ("规则", 17.0),
    ("说明及依据", 112.0),
    ("次数", 14.0),
    ("分数", 20.0),
];

/// Makes the review form of `review`: one A4 page per person (more only for a very long
/// list of items), titled with the month; `company` heads every page. A month without
/// anyone to review gives a single page saying so.
pub fn review_pdf(review: &MonthReview, company: &str) -> Result<Vec<u8>, PdfError> {
    let title = form_title(review.month);
    let mut pages = Vec::new();
    for person in &review.people {
        let plan = plan_person(person)?;
        let count = plan.pages.len();
        for (index, chunks) in plan.pages.iter().enumerate() {
            let sheet = Sheet {
                number: index + 1,
                count,
            };
            pages.push(draw_page(
                review.month,
                company,
                person,
                &plan.rows,
                chunks,
                sheet,
            )?);
        }
    }
    if pages.is_empty() {
        pages.push(empty_page(review.month, company)?);
    }
    render(&title, pages)
}

/// "2026年11月 考勤与扣分考核表".
fn form_title(month: Month) -> String {
    let first = month.first_day();
    format!("{}年{}月 考勤与扣分考核表", first.year(), first.month())
}

/// "2026年12月31日".
fn chinese_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// Points with their sign: "+5", "−1", "0".
fn signed(points: i64) -> String {
    match points.signum() {
        1 => format!("+{points}"),
        -1 => format!("{MINUS}{}", points.unsigned_abs()),
        _ => "0".to_owned(),
    }
}

/// The total written out from the base: "100 − 1 − 2 + 6 = 103". Items of 0 points add
/// nothing and are left out of the sum.
fn total_expression(person: &PersonReview) -> String {
    let mut parts = vec![BASE_POINTS.to_string()];
    for item in person.items.iter().filter(|i| i.points != 0) {
        let sign = if item.points > 0 { '+' } else { MINUS };
        parts.push(format!("{sign} {}", item.points.unsigned_abs()));
    }
    format!("{} = {}", parts.join(" "), person.points)
}

/// Whether the count of `rule` is a number of times worth printing: full attendance and
/// the bonuses are once a month by nature.
fn counted(rule: Rule) -> bool {
    !matches!(rule, Rule::A12 | Rule::B1 | Rule::B2)
}

/// Left edges and widths of the table's columns.
fn column_spans() -> [(f32, f32); 5] {
    let mut x = MARGIN_X;
    COLUMNS.map(|(_, w)| {
        let span = (x, w);
        x += w;
        span
    })
}

/// Company, title and period at the top of every page.
fn draw_titles(page: &mut Page, month: Month, company: &str) -> Result<(), PdfError> {
    page.text_fit(
        Area::new(MARGIN_X, 12.0, CONTENT_W, 8.0),
        Align::Center,
        Style::bold(13.0),
        9.0,
        company,
    )?;
    page.text_fit(
        Area::new(MARGIN_X, 21.0, CONTENT_W, 10.0),
        Align::Center,
        Style::bold(18.0),
        12.0,
        &form_title(month),
    )?;
    let period = format!(
        "考核期间：{} 至 {}　　工资发放日：{}",
        chinese_date(month.first_day()),
        chinese_date(month.last_day()),
        chinese_date(month.pay_date())
    );
    page.text_fit(
        Area::new(MARGIN_X, 32.0, CONTENT_W, 5.0),
        Align::Center,
        Style::regular(9.0).ink(QUIET),
        7.0,
        &period,
    )?;
    Ok(())
}

/// A grey label cell and its value cell, with the rule between them.
fn labelled_cells(
    page: &mut Page,
    area: Area,
    label_w: f32,
    label: &str,
    value: &str,
    value_style: Style,
) -> Result<(), PdfError> {
    let label_area = Area::new(area.x, area.y, label_w, area.h);
    page.fill(label_area, LABEL_FILL);
    page.text_fit(label_area, Align::Center, Style::regular(9.0), 6.5, label)?;
    page.vline(area.x + label_w, area.y, area.bottom(), RULE_PT);
    page.text_fit(
        Area::new(
            area.x + label_w + 2.0,
            area.y,
            area.w - label_w - 3.0,
            area.h,
        ),
        Align::Left,
        value_style,
        7.0,
        value,
    )
}

/// A row of label and value cells across `row`, each `(label, value, width, style)`;
/// the rules between them are drawn after the fills, so no fill covers a rule.
fn cell_row(
    page: &mut Page,
    row: Area,
    label_w: f32,
    cells: &[(&str, String, f32, Style)],
) -> Result<(), PdfError> {
    let mut x = row.x;
    let mut edges = Vec::new();
    for (label, value, w, style) in cells {
        labelled_cells(
            page,
            Area::new(x, row.y, *w, row.h),
            label_w,
            label,
            value,
            *style,
        )?;
        edges.push(x);
        x += w;
    }
    for edge in edges.into_iter().skip(1) {
        page.vline(edge, row.y, row.bottom(), RULE_PT);
    }
    Ok(())
}

/// 工号, 姓名, 岗位 in one framed row.
fn draw_person(page: &mut Page, person: &PersonReview) -> Result<(), PdfError> {
    let row = Area::new(MARGIN_X, PERSON_TOP, CONTENT_W, PERSON_H);
    let name = if person.name.trim().is_empty() {
        "（未登记）"
    } else {
        person.name.as_str()
    };
    let cells = [
        ("工号", person.staff_id.as_str(), 50.0),
        ("姓名", name, 64.0),
        ("岗位", person.role.label(), 60.0),
    ];
    let cells = cells.map(|(label, value, w)| (label, value.to_owned(), w, Style::bold(11.0)));
    cell_row(page, row, 16.0, &cells)?;
    page.frame(row, FRAME_PT, Ink::Black);
    Ok(())
}

/// The table's header strip; `continued` adds 续 to the middle column.
fn draw_table_header(page: &mut Page, continued: bool) -> Result<(), PdfError> {
    let header = Area::new(MARGIN_X, TABLE_TOP, CONTENT_W, TABLE_HEADER_H);
    page.fill(header, LABEL_FILL);
    for ((label, _), (x, w)) in COLUMNS.iter().zip(column_spans()) {
        let text = if continued && *label == "说明及依据" {
            "说明及依据（续上页）"
        } else {
            label
        };
        page.text_fit(
            Area::new(x, header.y, w, header.h),
            Align::Center,
            Style::bold(9.5),
            7.0,
            text,
        )?;
    }
    Ok(())
}

/// A one-line cell value aligned with the first line of its row.
fn cell_text(
    page: &mut Page,
    (x, w): (f32, f32),
    middle: f32,
    style: Style,
    text: &str,
) -> Result<(), PdfError> {
    if text.is_empty() {
        return Ok(());
    }
    let natural = measure(text, style)?;
    let style = if natural > w - 2.0 && natural > 0.0 {
        style.sized((style.size_pt * (w - 2.0) / natural * 2.0).floor() / 2.0)
    } else {
        style
    };
    page.text_aligned(
        x,
        w,
        style.baseline_for_middle(middle),
        Align::Center,
        style,
        text,
    )?;
    Ok(())
}

/// The rule code, after a red ※ when the item needs the supervisor's look.
fn rule_cell(
    page: &mut Page,
    (x, w): (f32, f32),
    middle: f32,
    style: Style,
    text: &RowText,
) -> Result<(), PdfError> {
    if !text.attention {
        return cell_text(page, (x, w), middle, style, &text.rule);
    }
    let mark_w = measure(ATTENTION_MARK, style)?;
    let code_w = measure(&text.rule, style)?;
    let start = x + (w - mark_w - code_w) / 2.0;
    let baseline = style.baseline_for_middle(middle);
    page.text(start, baseline, style.ink(Ink::Red), ATTENTION_MARK)?;
    page.text(start + mark_w, baseline, style, &text.rule)?;
    Ok(())
}

/// Draws the chunks of a page from `top`; returns the bottom of the table.
fn draw_rows(
    page: &mut Page,
    rows: &[LaidRow],
    chunks: &[Chunk],
    top: f32,
) -> Result<f32, PdfError> {
    let spans = column_spans();
    let mut y = top;
    for chunk in chunks {
        let row = &rows[chunk.row];
        let lines = &row.lines[chunk.from..chunk.to];
        let h = chunk_height(lines);
        page.hline(MARGIN_X, MARGIN_X + CONTENT_W, y, RULE_PT);
        // Lines centred as a block when the row is at its minimum height.
        let block: f32 = lines.iter().map(Line::height).sum();
        let mut line_top = y + (h - block) / 2.0;
        let first_middle = lines
            .first()
            .map_or(y + h / 2.0, |l| line_top + l.height() / 2.0);
        let style = row.style;
        if chunk.from == 0 {
            let text = &row.text;
            if text.total {
                let label = Area::new(spans[0].0, y, spans[0].1 + spans[1].1, h);
                cell_text(page, (label.x, label.w), first_middle, style, &text.rule)?;
                cell_text(
                    page,
                    spans[4],
                    first_middle,
                    style.sized(style.size_pt + 1.5),
                    &text.points,
                )?;
            } else {
                cell_text(page, spans[0], first_middle, style, &text.number)?;
                rule_cell(page, spans[1], first_middle, style, text)?;
                cell_text(page, spans[3], first_middle, style, &text.count)?;
                cell_text(
                    page,
                    spans[4],
                    first_middle,
                    Style::bold(style.size_pt),
                    &text.points,
                )?;
            }
        } else {
            cell_text(
                page,
                spans[1],
                first_middle,
                Style::regular(7.5).ink(QUIET),
                "（续）",
            )?;
        }
        for line in lines {
            let baseline = line
                .style
                .baseline_for_middle(line_top + line.height() / 2.0);
            page.text(spans[2].0 + 1.5, baseline, line.style, &line.text)?;
            line_top += line.height();
        }
        // The total row: its label spans 序号 and 规则.
        let skip_first_rule = row.text.total && chunk.from == 0;
        for (i, (x, _)) in spans.iter().enumerate().skip(1) {
            if i == 1 && skip_first_rule {
                continue;
            }
            page.vline(*x, y, y + h, RULE_PT);
        }
        y += h;
    }
    Ok(y)
}

/// The pay grid, the formula and the notes, from `top`; returns the bottom of the notes.
fn draw_summary(
    page: &mut Page,
    month: Month,
    person: &PersonReview,
    top: f32,
) -> Result<f32, PdfError> {
    let value = Style::regular(10.0);
    let strong = Style::bold(11.0);
    let grid = Area::new(MARGIN_X, top, CONTENT_W, 2.0 * PAY_ROW_H);
    let base = format_yuan(person.base_salary_yuan);
    let pay = format_yuan(person.pay_yuan);
    let days = format!("{} 天（本月 {} 天）", person.days_employed, month.days());
    let first = [
        ("月基本工资", format!("{base} 元"), 58.0, value),
        ("在职天数", days, 66.0, value),
        ("得分", format!("{} 分", person.points), 50.0, strong),
    ];
    let second = [
        (
            "应发工资",
            format!("{pay} 元（{}）", capital_yuan(person.pay_yuan)),
            124.0,
            strong,
        ),
        ("发放日期", chinese_date(person.pay_date), 50.0, value),
    ];
    let half = Area::new(grid.x, grid.y, grid.w, PAY_ROW_H);
    cell_row(page, half, 20.0, &first)?;
    cell_row(
        page,
        Area::new(grid.x, grid.y + PAY_ROW_H, grid.w, PAY_ROW_H),
        20.0,
        &second,
    )?;
    page.hline(grid.x, grid.right(), grid.y + PAY_ROW_H, RULE_PT);
    page.frame(grid, FRAME_PT, Ink::Black);

    // The formula in words, then in this person's numbers.
    let formula = Style::regular(9.0);
    let mut y = grid.bottom() + 3.0;
    let floor = if person.points < 0 {
        "（得分低于0分按0分计）"
    } else {
        ""
    };
    let lines = [
        "计算方法：应发工资 = 月基本工资 × 在职天数 ÷ 当月天数 × 得分 ÷ 100，四舍五入到分"
            .to_owned(),
        format!(
            "　　　　　= {base} × {} ÷ {} × {} ÷ 100 = {pay} 元{floor}",
            person.days_employed,
            month.days(),
            person.points.max(0)
        ),
    ];
    for line in lines.iter().chain(&layout::charge_lines(person)) {
        page.text(MARGIN_X, formula.baseline_for_top(y), formula, line)?;
        y += formula.line_pitch_mm();
    }

    // Notes.
    y += 2.0;
    let note = Style::regular(8.0).ink(QUIET);
    if person.items.iter().any(|i| i.needs_attention) {
        page.text(
            MARGIN_X,
            note.baseline_for_top(y),
            note.ink(Ink::Red),
            ATTENTION_MARK,
        )?;
        let mark_w = measure(ATTENTION_MARK, note)?;
        page.text(
            MARGIN_X + mark_w,
            note.baseline_for_top(y),
            note,
            &format!(" {ATTENTION_NOTE}。"),
        )?;
        y += note.line_pitch_mm();
    }
    for text in [
        "说明：对扣分或应扣费用有异议的，请在5个工作日内向主管提出申诉；费用每月扣回不超过应发工资的20%。",
        "本表一式两份，员工与公司各执一份。",
    ] {
        page.text(MARGIN_X, note.baseline_for_top(y), note, text)?;
        y += note.line_pitch_mm();
    }
    Ok(y)
}

/// "签字：________" with the line drawn to `right`.
fn signature_line(
    page: &mut Page,
    x: f32,
    right: f32,
    middle: f32,
    label: &str,
) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let w = page.text_aligned(
        x,
        0.0,
        style.baseline_for_middle(middle),
        Align::Left,
        style,
        label,
    )?;
    page.hline(x + w + 1.0, right, middle + 3.0, 0.6);
    Ok(())
}

/// 「日期：」 with blanks for the year, month and day written in by hand.
fn date_line(page: &mut Page, x: f32, middle: f32) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let baseline = style.baseline_for_middle(middle);
    let w = page.text_aligned(x, 0.0, baseline, Align::Left, style, "日期：")?;
    // Blanks for the year, month and day written in by hand.
    let start = x + w + 1.0;
    let unit_w = measure("年", style)?;
    let blanks = [(16.0, "年"), (10.0, "月"), (10.0, "日")];
    let mut bx = start;
    for (blank, unit) in blanks {
        page.hline(bx, bx + blank, middle + 3.0, 0.6);
        bx += blank + 0.5;
        page.text(bx, baseline, style, unit)?;
        bx += unit_w + 0.5;
    }
    Ok(())
}

/// The statement the clerk signs and both signatures with their dates, below `after`.
fn draw_signatures(page: &mut Page, after: f32) -> Result<(), PdfError> {
    let top = after + 8.0;
    let statement = Style::regular(10.0);
    page.text(
        MARGIN_X,
        statement.baseline_for_top(top),
        statement,
        "本人已阅知并确认以上考勤、扣分及工资计算结果。",
    )?;
    let half = CONTENT_W / 2.0;
    let columns = [
        (MARGIN_X, "员工确认签字："),
        (MARGIN_X + half + 6.0, "主管签字："),
    ];
    for (x, label) in columns {
        let right = x + half - 10.0;
        signature_line(page, x, right, top + 15.0, label)?;
        date_line(page, x, top + 27.0)?;
    }
    Ok(())
}

fn draw_footer(page: &mut Page, left: &str, right: &str) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.hline(MARGIN_X, MARGIN_X + CONTENT_W, FOOTER_BASELINE - 4.0, 0.3);
    page.text(MARGIN_X, FOOTER_BASELINE, style, left)?;
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        FOOTER_BASELINE,
        Align::Right,
        style,
        right,
    )?;
    Ok(())
}

/// Which page of a person's form: 1-based, of how many.
#[derive(Debug, Clone, Copy)]
struct Sheet {
    number: usize,
    count: usize,
}

impl Sheet {
    fn is_last(self) -> bool {
        self.number == self.count
    }
}

/// One page of a person's form.
fn draw_page(
    month: Month,
    company: &str,
    person: &PersonReview,
    rows: &[LaidRow],
    chunks: &[Chunk],
    sheet: Sheet,
) -> Result<Page, PdfError> {
    let mut page = Page::new(PAGE_W, PAGE_H);
    draw_titles(&mut page, month, company)?;
    draw_person(&mut page, person)?;
    draw_table_header(&mut page, sheet.number > 1)?;
    let body_top = TABLE_TOP + TABLE_HEADER_H;
    let bottom = draw_rows(&mut page, rows, chunks, body_top)?;
    // The frame around the whole table, the header's rule and column rules included.
    page.hline(MARGIN_X, MARGIN_X + CONTENT_W, body_top, FRAME_PT);
    for (x, _) in column_spans().iter().skip(1) {
        page.vline(*x, TABLE_TOP, body_top, RULE_PT);
    }
    page.frame(
        Area::new(MARGIN_X, TABLE_TOP, CONTENT_W, bottom - TABLE_TOP),
        FRAME_PT,
        Ink::Black,
    );
    if sheet.is_last() {
        let notes_bottom = draw_summary(&mut page, month, person, bottom + GAP)?;
        draw_signatures(&mut page, notes_bottom)?;
    } else {
        let style = Style::regular(9.0).ink(QUIET);
        page.text_aligned(
            MARGIN_X,
            CONTENT_W,
            style.baseline_for_top(bottom + 2.0),
            Align::Right,
            style,
            "（续下页，工资与签字见末页）",
        )?;
    }
    let name = if person.name.is_empty() {
        ""
    } else {
        person.name.as_str()
    };
    draw_footer(
        &mut page,
        &format!("{} {name} · {}月度考核", person.staff_id, month),
        &format!("第 {} 页 共 {} 页", sheet.number, sheet.count),
    )?;
    Ok(page)
}

/// The page of a month without anyone to review.
fn empty_page(month: Month, company: &str) -> Result<Page, PdfError> {
    let mut page = Page::new(PAGE_W, PAGE_H);
    draw_titles(&mut page, month, company)?;
    let style = Style::regular(11.0);
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        style.baseline_for_top(PERSON_TOP + 6.0),
        Align::Center,
        style,
        "本月没有在职员工需要考核。",
    )?;
    Ok(page)
}

#[cfg(test)]
mod tests;
