//! PDFs (waybill, labels, manifests, monthly review) and spreadsheet import and export.

pub mod arrival_pdf;
pub mod barcode;
pub mod cash_count_pdf;
pub mod exchange;
pub mod labels;
pub mod list_table;
pub mod manifest_pdf;
pub mod page_frame;
pub mod pdf;
pub mod people_import;
pub mod pickup_pdf;
pub mod rates_import;
pub mod receivables_xlsx;
pub mod regulator_export;
pub mod report_xlsx;
pub mod review_pdf;
pub mod review_xlsx;
pub mod statement_pdf;
pub mod statement_xlsx;
pub mod stock_pdf;
pub mod tabular;
pub mod waybill_pdf;
pub mod waybills_export;
pub mod waybills_import;

/// What the documents' tests read back from what they wrote.
#[cfg(test)]
pub(crate) mod test_support {
    use calamine::{Reader, Xlsx};

    /// Each page's text of a PDF, without the whitespace lopdf puts between runs.
    pub(crate) fn pdf_page_texts(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let count = u32::try_from(doc.get_pages().len()).unwrap();
        (1..=count)
            .map(|page| {
                doc.extract_text(&[page])
                    .unwrap()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect()
            })
            .collect()
    }

    /// A workbook's sheet names, and one sheet's cells as text, row by row.
    pub(crate) fn xlsx_cells(bytes: &[u8], sheet: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let names = book.sheet_names();
        let range = book.worksheet_range(sheet).unwrap();
        let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
        let cells = (0..rows)
            .map(|r| {
                (0..cols)
                    .map(|c| {
                        range
                            .get_value((r, c))
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        (names, cells)
    }
}
