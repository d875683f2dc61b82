//! How a person's review is laid out before it is drawn: each rule's row as text,
//! wrapped into lines at a table size that fits, cut into chunks that run over pages,
//! with the summary, notes and signatures kept on the last.

use super::{
    COLUMNS, CONTINUED_BOTTOM, GAP, LAST_BOTTOM, PAY_ROW_H, QUIET, ROW_PAD, SIGN_BLOCK_H,
    TABLE_HEADER_H, TABLE_SIZES, TABLE_TOP, counted, signed, total_expression,
};
use crate::documents::pdf::{PdfError, Style, wrap};
use crate::domain::desk::phone::mask_phones;
use crate::domain::people::review::{BASE_POINTS, PersonReview, ReviewItem};

/// One row of the items table as text, before layout.
pub(super) struct RowText {
    pub(super) number: String,
    pub(super) rule: String,
    pub(super) attention: bool,
    pub(super) detail: String,
    pub(super) evidence: String,
    pub(super) count: String,
    pub(super) points: String,
    /// The total row: bold, its label across 序号 and 规则.
    pub(super) total: bool,
}

impl RowText {
    pub(super) fn base() -> Self {
        Self {
            number: String::new(),
            rule: "基础分".to_owned(),
            attention: false,
            detail: "每月基础分：当月实发工资等于100分".to_owned(),
            evidence: String::new(),
            count: String::new(),
            points: BASE_POINTS.to_string(),
            total: false,
        }
    }

    pub(super) fn item(index: usize, item: &ReviewItem) -> Self {
        let evidence: Vec<&str> = item.evidence.iter().map(|e| e.text.as_str()).collect();
        Self {
            number: (index + 1).to_string(),
            rule: item.rule.code().to_owned(),
            attention: item.needs_attention,
            detail: item.detail.clone(),
            evidence: if evidence.is_empty() {
                String::new()
            } else {
                // A customer's number in a note is printed masked, as on a label.
                format!("依据：{}", mask_phones(&evidence.join("；")))
            },
            count: if counted(item.rule) {
                format!("{}{}", item.count, item.rule.unit())
            } else {
                "—".to_owned()
            },
            points: signed(item.points),
            total: false,
        }
    }

    pub(super) fn total(person: &PersonReview) -> Self {
        Self {
            number: String::new(),
            rule: "合计得分".to_owned(),
            attention: false,
            detail: total_expression(person),
            evidence: String::new(),
            count: String::new(),
            points: person.points.to_string(),
            total: true,
        }
    }
}

/// A line of a row's detail column, in its style.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) style: Style,
}

impl Line {
    pub(super) fn height(&self) -> f32 {
        self.style.line_pitch_mm()
    }
}

/// A row laid out at one type size.
pub(super) struct LaidRow {
    pub(super) text: RowText,
    pub(super) lines: Vec<Line>,
    pub(super) style: Style,
}

/// The part of a row that goes on one page: lines `from..to`; the first part carries the
/// row's number, rule, count and points, later ones say 续.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chunk {
    pub(super) row: usize,
    pub(super) from: usize,
    pub(super) to: usize,
}

/// Height of a chunk of `lines` in a table row: the lines and a padding that shrinks with
/// the type.
pub(super) fn chunk_height(lines: &[Line]) -> f32 {
    let size_pt = lines.first().map_or(TABLE_SIZES[0].0, |l| l.style.size_pt);
    let pad = ROW_PAD * (size_pt / TABLE_SIZES[0].0).min(1.0);
    lines.iter().map(Line::height).sum::<f32>() + 2.0 * pad
}

/// Lays every row of a person out at the type sizes `(detail_pt, evidence_pt)`. The base
/// row comes first and the total row last.
pub(super) fn lay_out(
    person: &PersonReview,
    (detail_pt, evidence_pt): (f32, f32),
) -> Result<Vec<LaidRow>, PdfError> {
    let detail_w = COLUMNS[2].1 - 3.0;
    let mut texts = vec![RowText::base()];
    texts.extend(
        person
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| RowText::item(i, item)),
    );
    texts.push(RowText::total(person));
    texts
        .into_iter()
        .map(|text| {
            let style = if text.total {
                Style::bold(detail_pt + 0.5)
            } else {
                Style::regular(detail_pt)
            };
            let mut lines: Vec<Line> = wrap(&text.detail, detail_w, style)?
                .into_iter()
                .map(|t| Line { text: t, style })
                .collect();
            if !text.evidence.is_empty() {
                let quiet = Style::regular(evidence_pt).ink(QUIET);
                lines.extend(
                    wrap(&text.evidence, detail_w, quiet)?
                        .into_iter()
                        .map(|t| Line {
                            text: t,
                            style: quiet,
                        }),
                );
            }
            Ok(LaidRow { text, lines, style })
        })
        .collect()
}

/// A person's form laid out: the rows at the chosen type size and what each page holds.
pub(super) struct PersonPlan {
    pub(super) rows: Vec<LaidRow>,
    /// Per page, the row chunks on it; the last page also has pay and signatures.
    pub(super) pages: Vec<Vec<Chunk>>,
}

/// Height of the pay grid, the formula and the notes under the table.
pub(super) fn summary_height(person: &PersonReview) -> f32 {
    let notes = if person.items.iter().any(|i| i.needs_attention) {
        3
    } else {
        2
    };
    #[allow(clippy::cast_precision_loss, reason = "a few lines")]
    let charges = charge_lines(person).len() as f32;
    GAP + 2.0 * PAY_ROW_H
        + 3.0
        + (2.0 + charges) * Style::regular(9.0).line_pitch_mm()
        + 2.0
        + notes_height(notes)
}

/// The most charges listed one per line on the form; more are summed in one line.
const CHARGES_LISTED: usize = 8;

/// The lines of the costs charged (应扣费用) under the pay formula: none without charges;
/// else the sum and the pay after it, then each charge.
pub(super) fn charge_lines(person: &PersonReview) -> Vec<String> {
    use crate::domain::money::format_yuan;
    let charges = &person.charges;
    if charges.items.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "应扣费用 {} 元：本月扣回 {} 元（每月不超过应发工资的 20%），未扣回 {} 元；实发工资 {} 元",
        format_yuan(charges.total_yuan),
        format_yuan(charges.deducted_yuan),
        format_yuan(charges.carried_yuan),
        format_yuan(person.net_pay_yuan())
    )];
    for c in charges.items.iter().take(CHARGES_LISTED) {
        let detail: String = c.detail.chars().take(48).collect();
        let cut = if c.detail.chars().count() > 48 {
            "…"
        } else {
            ""
        };
        lines.push(format!(
            "　· {} {} {} 元  {detail}{cut}",
            c.rule,
            c.waybill,
            format_yuan(c.amount_yuan)
        ));
    }
    if charges.items.len() > CHARGES_LISTED {
        lines.push(format!(
            "　· 另有 {} 项，见工资表「应扣费用」",
            charges.items.len() - CHARGES_LISTED
        ));
    }
    lines
}

pub(super) fn notes_height(lines: usize) -> f32 {
    #[allow(clippy::cast_precision_loss, reason = "a few lines")]
    let n = lines as f32;
    n * Style::regular(8.0).line_pitch_mm()
}

/// Splits a person's rows into pages at one type size: rows are placed down to
/// `CONTINUED_BOTTOM` on pages that continue, and the last page keeps room for the
/// summary and the signatures. A row that would fit on a page of its own moves to the
/// next page whole; only a row taller than that is split between its lines.
pub(super) fn paginate(rows: &[LaidRow], summary_h: f32) -> Vec<Vec<Chunk>> {
    let body_top = TABLE_TOP + TABLE_HEADER_H;
    let page_room = CONTINUED_BOTTOM - body_top;
    let last_room = LAST_BOTTOM - SIGN_BLOCK_H - summary_h - body_top;
    let mut pages: Vec<Vec<Chunk>> = Vec::new();
    let mut current: Vec<Chunk> = Vec::new();
    let mut used = 0.0_f32;
    let Some((total, items)) = rows.split_last() else {
        return vec![Vec::new()];
    };

    for (index, row) in items.iter().enumerate() {
        let whole = chunk_height(&row.lines);
        if !current.is_empty() && used + whole > page_room + 1e-3 && whole <= page_room + 1e-3 {
            pages.push(std::mem::take(&mut current));
            used = 0.0;
        }
        let mut from = 0;
        loop {
            // As many lines as fit in the room left, and at least one on a fresh page.
            let mut to = from;
            while to < row.lines.len()
                && used + chunk_height(&row.lines[from..=to]) <= page_room + 1e-3
            {
                to += 1;
            }
            if to == from {
                if current.is_empty() {
                    to = from + 1;
                } else {
                    pages.push(std::mem::take(&mut current));
                    used = 0.0;
                    continue;
                }
            }
            used += chunk_height(&row.lines[from..to]);
            current.push(Chunk {
                row: index,
                from,
                to,
            });
            from = to;
            if from >= row.lines.len() {
                break;
            }
            pages.push(std::mem::take(&mut current));
            used = 0.0;
        }
    }
    // The total row goes with the pay and the signatures on the last page.
    let total_h = chunk_height(&total.lines);
    if used + total_h > last_room + 1e-3 {
        // The last item comes along, so that the last page does not hold the total alone.
        let carried = if current.len() > 1 {
            current.pop_if(|c| {
                chunk_height(&rows[c.row].lines[c.from..c.to]) + total_h <= last_room + 1e-3
            })
        } else {
            None
        };
        pages.push(std::mem::take(&mut current));
        current.extend(carried);
    }
    current.push(Chunk {
        row: items.len(),
        from: 0,
        to: total.lines.len(),
    });
    pages.push(current);
    pages
}

/// A person's form on one page at the largest type size that fits, or at full size over
/// as many pages as it takes.
pub(super) fn plan_person(person: &PersonReview) -> Result<PersonPlan, PdfError> {
    let summary_h = summary_height(person);
    for sizes in TABLE_SIZES {
        let rows = lay_out(person, sizes)?;
        let pages = paginate(&rows, summary_h);
        if pages.len() == 1 {
            return Ok(PersonPlan { rows, pages });
        }
    }
    let rows = lay_out(person, TABLE_SIZES[0])?;
    let pages = paginate(&rows, summary_h);
    Ok(PersonPlan { rows, pages })
}
