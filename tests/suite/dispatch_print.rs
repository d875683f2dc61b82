//! The dispatch manifest as printed (发车清单): a real database manifest read back from
//! its PDF, a long one over many pages, and sample files to look at.

use crate::dispatch::{Order, XIANGTAN, at, db, issue, open_manifest, scan};
use crate::pdf::{media_box, page_text};

/// The manifest PDF of a real database manifest reads back with its header, the
/// 单票未装完 mark, the totals and both signature lines, on A4 landscape.
#[test]
fn manifest_pdf_reads_back() {
    let mut db = db();
    let w1 = issue(&mut db, &Order::to(XIANGTAN, 3), at(23, 9));
    let controlled = Order {
        controlled: true,
        ..Order::to(XIANGTAN, 2)
    };
    let w2 = issue(&mut db, &controlled, at(23, 9));
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    scan(&mut db, manifest, &w1.number, 1).unwrap();
    scan(&mut db, manifest, &w1.number, 2).unwrap();
    db.load_waybill(manifest, &w2.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    let m = db.manifest(manifest).unwrap();
    let route = m.summary.route_text();
    let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(
        &kaidan::documents::dispatch::manifest_pdf::ManifestSheet {
            code: &m.summary.code,
            route: &route,
            departure_at: m.summary.departure_at,
            departed: false,
            ..kaidan::demo::samples::manifest_sheet(&m.lines, &m.totals, at(23, 18))
        },
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let (width, height) = media_box(&doc, 1);
    assert!(width > height, "landscape: {width} × {height}");
    let text = page_text(&doc, 1);
    for expected in [
        "发车清单",
        m.summary.code.as_str(),
        "湘C12345",
        "王师傅",
        "（计划）",
        &w1.number,
        &w2.number,
        "2/3",
        "余1件",
        "控货",
        "合计2票",
        "4/5",
        "其中单票未装完1票",
        "240.00",
        "开单员（签字）",
        "司机（签字）",
        "第1页/共1页",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

/// 500 waybills run over several pages: the header repeats, every number is printed
/// once, and the totals and signatures are on the last page only.
#[test]
fn a_long_manifest_runs_over_pages() {
    let lines = kaidan::demo::samples::manifest_lines(500);
    let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
    let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(
        &kaidan::demo::samples::manifest_sheet(&lines, &totals, at(23, 18)),
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = u32::try_from(doc.get_pages().len()).unwrap();
    assert!(pages > 15, "{pages} pages");
    let mut all = String::new();
    for page in 1..=pages {
        let text = page_text(&doc, page);
        assert!(text.contains("运单号"), "header on page {page}");
        assert!(text.contains(&format!("第{page}页/共{pages}页")));
        assert_eq!(text.contains("司机（签字）"), page == pages, "page {page}");
        all.push_str(&text);
    }
    for line in &lines {
        assert_eq!(all.matches(&line.number).count(), 1, "{}", line.number);
    }
    assert!(all.contains("合计500票"));
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

/// Writes sample manifests to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
/// at: `cargo test --test suite -- --ignored write_manifest_samples`, then
/// `pdftoppm -r 110 -png`.
#[test]
#[ignore = "writes files for inspection"]
fn write_manifest_samples() {
    let out = std::env::var_os("KAIDAN_PDF_OUT")
        .map_or_else(|| std::path::PathBuf::from("target/pdfcheck"), Into::into);
    std::fs::create_dir_all(&out).unwrap();
    for count in [15, 60] {
        let lines = kaidan::demo::samples::manifest_lines(count);
        let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
        let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(
            &kaidan::demo::samples::manifest_sheet(&lines, &totals, at(23, 18)),
        )
        .unwrap();
        std::fs::write(out.join(format!("manifest-{count}.pdf")), pdf).unwrap();
    }
}
