//! What kaidan writes and reads as files, by area: PDFs to print, spreadsheets, the
//! exchange file between stations and the import files.
//!
//! - [`desk`]: the waybill, labels, waybill import and export, rates, the regulator.
//! - [`dispatch`]: the manifest, stock count, arrival report, pickup receipt, exchange.
//! - [`people`]: the people import and the monthly review.
//! - [`money`]: the cash count, statements, receivables, day and month reports.
//!
//! Shared by all: [`pdf`] (pages, text, fonts), [`page_frame`] and [`list_table`] (the
//! frame and table of every A4 list), [`barcode`] and [`tabular`] (reading CSV and XLSX).

pub mod barcode;
pub mod desk;
pub mod dispatch;
pub mod list_table;
pub mod money;
pub mod page_frame;
pub mod pdf;
pub mod people;
pub mod service;
pub mod tabular;
pub(crate) mod workbook;

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

    /// Asserts the widths of a list's `columns` add up to the content width of `paper`.
    pub(crate) fn assert_fills(
        columns: &[super::list_table::Column],
        paper: super::page_frame::Paper,
    ) {
        let total: f32 = columns.iter().map(|c| c.width).sum();
        assert!((total - paper.content_w()).abs() < 0.01, "{total}");
    }

    /// The folder sample documents are written to for looking at: `$KAIDAN_PDF_OUT`, or
    /// `target/pdfcheck`; made if missing.
    pub(crate) fn sample_dir() -> std::path::PathBuf {
        let out = std::env::var_os("KAIDAN_PDF_OUT")
            .map_or_else(|| std::path::PathBuf::from("target/pdfcheck"), Into::into);
        std::fs::create_dir_all(&out).unwrap();
        out
    }

    /// What a list over many pages must show: `on_every_page` and 第i页/共n页 on each page,
    /// `signature` on the last only, each of `numbers` exactly once, under 400 kB. The
    /// pages' text joined, for the caller's totals.
    pub(crate) fn check_long_list(
        bytes: &[u8],
        on_every_page: &[&str],
        signature: &str,
        numbers: &[String],
    ) -> String {
        let texts = pdf_page_texts(bytes);
        let count = texts.len();
        let mut all = String::new();
        for (i, text) in texts.iter().enumerate() {
            for expected in on_every_page {
                assert!(text.contains(expected), "{expected} on page {i}");
            }
            assert!(text.contains(&format!("第{}页/共{count}页", i + 1)));
            assert_eq!(text.contains(signature), i + 1 == count, "page {i}");
            all.push_str(text);
        }
        for number in numbers {
            assert_eq!(all.matches(number.as_str()).count(), 1, "{number}");
        }
        assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
        all
    }
}
