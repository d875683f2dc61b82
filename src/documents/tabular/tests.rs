//! Tests of `documents::tabular`.

use super::*;

const RATE_COLUMNS: [&str; 2] = ["到站代码", "最低收费"];

/// A workbook written here with cells at the given (row, column), zero-based.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_cell_at_the_last_row_and_column_is_read_without_the_declared_grid() {
    // Its dimension says A1:XFD1048576: read as a range, 512 GB would be asked for.
    let bytes = workbook(&[
        (0, 0, "到站代码"),
        (0, 1, "最低收费"),
        (1, 0, "430321"),
        (1, 1, "30"),
        (1_048_575, 16_383, "x"),
    ]);
    let table = read_table_bytes("far.xlsx", &bytes, &RATE_COLUMNS).unwrap();
    assert_eq!(
        lines_and_cells(&table),
        [(2, vec!["430321", "30"])],
        "the far cell has no column name and is dropped"
    );
    // Only the far cell: it is the header, which lacks the columns.
    let lonely = workbook(&[(1_048_575, 16_383, "x")]);
    assert!(matches!(
        read_table_bytes("far.xlsx", &lonely, &RATE_COLUMNS),
        Err(TableError::MissingColumns { .. })
    ));
}

#[test]
fn a_sheet_starting_at_c3_keeps_excel_row_numbers() {
    let bytes = workbook(&[
        (2, 2, "最低收费"),
        (2, 3, "到站代码"),
        (4, 2, "40"),
        (4, 3, "110105"),
    ]);
    let table = read_table_bytes("c3.xlsx", &bytes, &RATE_COLUMNS).unwrap();
    assert_eq!(lines_and_cells(&table), [(5, vec!["110105", "40"])]);
}

fn csv(text: &str, required: &[&str]) -> Result<Table, TableError> {
    read_table_bytes("rates.csv", text.as_bytes(), required)
}

fn lines_and_cells(table: &Table) -> Vec<(usize, Vec<&str>)> {
    table
        .rows
        .iter()
        .map(|row| (row.line, row.cells.iter().map(String::as_str).collect()))
        .collect()
}

#[test]
fn utf8_without_bom() {
    let table = csv("到站代码,最低收费\n430321,30\n", &RATE_COLUMNS).unwrap();
    assert_eq!(table.file, "rates.csv");
    assert_eq!(table.columns, ["到站代码", "最低收费"]);
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
}

#[test]
fn utf8_with_bom() {
    let table = csv("\u{feff}到站代码,最低收费\r\n430321,30\r\n", &RATE_COLUMNS).unwrap();
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
}

#[test]
fn gbk_as_excel_saves_it() {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode("到站代码,最低收费\n430321,30\n");
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    let table = read_table_bytes("rates.csv", &bytes, &RATE_COLUMNS).unwrap();
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
}

#[test]
fn neither_utf8_nor_gbk_names_the_line() {
    // 0xFF is valid in neither encoding. The line shown is where the encoding the file
    // is mostly in breaks down.
    let head = "到站代码,最低收费\n430321,30\n";
    let mut utf8 = head.as_bytes().to_vec();
    utf8.extend_from_slice(b"4303\xFF,30\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(head);
    let mut gbk = gbk.into_owned();
    gbk.extend_from_slice(b"430322,40\n4303\xFF,30\n");
    for (bytes, line) in [(utf8, 3), (gbk, 4)] {
        let error = read_table_bytes("rates.csv", &bytes, &RATE_COLUMNS).unwrap_err();
        assert!(
            matches!(error, TableError::Encoding { line: l, .. } if l == line),
            "{error:?}"
        );
        assert!(error.to_string().contains("既不是 UTF-8 也不是 GBK 编码"));
    }
}

#[test]
fn columns_in_any_order_and_extra_columns_ignored() {
    let table = csv(
        "备注,最低收费,轻货单价,到站代码\n随便,30,0.55,430321\n",
        &RATE_COLUMNS,
    )
    .unwrap();
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
    assert_eq!(table.rows[0].cell(1), "30");
    assert_eq!(table.rows[0].cell(9), "");
}

#[test]
fn header_and_cells_are_trimmed_and_short_rows_padded() {
    let table = csv(" 到站代码 ,\t最低收费\n 430321 \n", &RATE_COLUMNS).unwrap();
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", ""])]);
}

#[test]
fn missing_columns_are_all_listed() {
    let error = csv("到站代码 kg,备注\n1,2\n", &RATE_COLUMNS).unwrap_err();
    assert!(
        matches!(&error, TableError::MissingColumns { missing, .. } if missing == &RATE_COLUMNS),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "kaidan: rates.csv：表头缺少列：到站代码、最低收费（表头须与格式说明完全一致）"
    );
}

#[test]
fn duplicate_required_column_is_refused() {
    let error = csv("到站代码,最低收费,到站代码\n1,2,3\n", &RATE_COLUMNS).unwrap_err();
    assert!(
        matches!(&error, TableError::DuplicateColumn { column, .. } if column == "到站代码"),
        "{error:?}"
    );
}

#[test]
fn empty_file_is_refused() {
    for text in ["", "\n\n", "\u{feff}", ",,\n ,\n"] {
        let error = csv(text, &RATE_COLUMNS).unwrap_err();
        assert!(
            matches!(error, TableError::Empty { .. }),
            "{text:?}: {error:?}"
        );
        assert_eq!(
            error.to_string(),
            "kaidan: rates.csv：文件是空的，第 1 行应为表头"
        );
    }
}

#[test]
fn unsupported_type_is_refused() {
    for name in ["rates.xls", "rates.txt", "rates"] {
        let error = read_table_bytes(name, b"a,b\n", &RATE_COLUMNS).unwrap_err();
        assert!(
            matches!(error, TableError::UnsupportedType { .. }),
            "{name}"
        );
    }
    assert!(read_table_bytes("RATES.CSV", "到站代码,最低收费\n".as_bytes(), &RATE_COLUMNS).is_ok());
}

#[test]
fn blank_rows_are_skipped_but_keep_their_row_numbers() {
    // Excel shows an empty line and a row of empty cells each as a row of their own.
    for newline in ["\n", "\r\n", "\r"] {
        let text = [
            "到站代码,最低收费",
            "",
            "430321,30",
            ",",
            "",
            " , ",
            "430322,40",
            "",
        ]
        .join(newline);
        let table = csv(&text, &RATE_COLUMNS).unwrap();
        assert_eq!(
            lines_and_cells(&table),
            [(3, vec!["430321", "30"]), (7, vec!["430322", "40"])],
            "{newline:?}"
        );
    }
}

#[test]
fn quoted_cells_with_commas_and_line_breaks_are_one_row() {
    let text = "到站代码,最低收费,备注\n430321,\"1,000\",\"两行\n备注\"\n\n430322,40,\n";
    let table = csv(text, &RATE_COLUMNS).unwrap();
    assert_eq!(
        lines_and_cells(&table),
        [(2, vec!["430321", "1,000"]), (4, vec!["430322", "40"])]
    );
}

#[test]
fn read_table_from_disk_names_the_file_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报价表.csv");
    std::fs::write(&path, "到站代码,最低收费\n430321,30\n").unwrap();
    let table = read_table(&path, &RATE_COLUMNS).unwrap();
    assert_eq!(table.file, path.display().to_string());
    assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);

    let missing = dir.path().join("没有.csv");
    let error = read_table(&missing, &RATE_COLUMNS).unwrap_err();
    assert!(matches!(error, TableError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains("没有.csv"));
}

// tests/data/tabular.xlsx was made with openpyxl 3.1 (`pip install openpyxl`):
//
//     import datetime, openpyxl
//     wb = openpyxl.Workbook()
//     ws = wb.active
//     ws.title = "员工"
//     ws["B2"] = "备注"  # an extra column, ignored
//     for col, name in zip("CDEFGHIJ", ["工号", "姓名", "电话", "入职日期", "上班打卡", "系数", "件数", "等通知放货"]):
//         ws[f"{col}2"] = name
//     ws.append([None, "多余", "A01", "张三", 13912345678, datetime.date(2026, 11, 3),
//                datetime.time(8, 30), 0.55, 12.0, True])
//     # row 4 stays blank
//     ws["C5"], ws["E5"], ws["F5"], ws["G5"], ws["H5"], ws["I5"], ws["J5"] = (
//         " A02 ", 13800000000.0, datetime.datetime(2026, 11, 3, 20, 5),
//         datetime.time(20, 0), 1.25, 3, False)
//     wb.create_sheet("第二页")["A1"] = "不读"
//     wb.save("tests/data/tabular.xlsx")
//
// The sheet starts at B2 (row 1 and column A are empty), so the row numbers Excel shows
// differ from the range's own indices.
const FIXTURE: &[u8] = include_bytes!("../../../tests/data/tabular.xlsx");

#[test]
fn xlsx_first_sheet_as_excel_shows_it() {
    let required = [
        "等通知放货",
        "工号",
        "姓名",
        "电话",
        "入职日期",
        "上班打卡",
        "系数",
        "件数",
    ];
    let table = read_table_bytes("staff.xlsx", FIXTURE, &required).unwrap();
    assert_eq!(
        lines_and_cells(&table),
        [
            (
                3,
                vec![
                    "是",
                    "A01",
                    "张三",
                    "13912345678",
                    "2026-11-03",
                    "08:30",
                    "0.55",
                    "12"
                ]
            ),
            (
                5,
                vec![
                    "否",
                    "A02",
                    "",
                    "13800000000",
                    "2026-11-03 20:05",
                    "20:00",
                    "1.25",
                    "3"
                ]
            ),
        ]
    );
}

#[test]
fn xlsx_missing_columns_and_bad_bytes() {
    let error = read_table_bytes("staff.xlsx", FIXTURE, &["工号", "岗位"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "kaidan: staff.xlsx：表头缺少列：岗位（表头须与格式说明完全一致）"
    );
    let error = read_table_bytes("staff.xlsx", b"not a zip", &["工号"]).unwrap_err();
    assert!(matches!(error, TableError::Xlsx { .. }), "{error:?}");
}

#[test]
fn numbers_show_as_excel_shows_them() {
    let cases = [
        (13_912_345_678.0, "13912345678"),
        (1.0, "1"),
        (0.55, "0.55"),
        (-2.5, "-2.5"),
        (0.1 + 0.2, "0.3"),
        (-0.0, "0"),
        (123_456_789_012_345.0, "123456789012345"),
    ];
    for (value, text) in cases {
        assert_eq!(number_text(value), text, "{value:?}");
    }
}

#[test]
fn dates_and_times_in_the_formats_of_formats_md() {
    use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
    let cases = [
        (46_329.0, DateTime, "2026-11-03"),
        (0.354_166_666_666_666_7, DateTime, "08:30"),
        (46_329.836_805_555_55, DateTime, "2026-11-03 20:05"),
        (1.5, TimeDelta, "36:00"),
    ];
    for (serial, kind, text) in cases {
        let cell = Data::DateTime(ExcelDateTime::new(serial, kind, false));
        assert_eq!(cell_text(&cell), text, "{serial}");
    }
}

#[test]
fn row_error_display() {
    let mut errors = RowErrors::new("rates.csv");
    errors.push(3, Some("最低收费"), "不是有效的金额：abc");
    errors.push(4, None, "到站代码重复");
    assert!(!errors.is_empty());
    assert_eq!(errors.total(), 2);
    assert_eq!(
        errors.report(),
        "kaidan: rates.csv 第 3 行「最低收费」：不是有效的金额：abc\n\
         kaidan: rates.csv 第 4 行：到站代码重复"
    );
    assert_eq!(errors.to_string(), errors.report());
}

#[test]
fn row_errors_keep_fifty_and_count_all() {
    let mut errors = RowErrors::new("rates.csv");
    assert!(errors.is_empty());
    assert_eq!(errors.report(), "");
    for line in 2..=51 {
        errors.push(line, Some("到站代码"), "不是 6 位行政区划代码");
    }
    assert_eq!(
        errors.report().lines().count(),
        50,
        "exactly 50: no summary line"
    );
    for line in 52..=81 {
        errors.push(line, Some("到站代码"), "不是 6 位行政区划代码");
    }
    assert_eq!(errors.total(), 80);
    assert_eq!(errors.iter().count(), 50);
    assert_eq!(errors.iter().last().map(|e| e.line), Some(51));
    let report = errors.report();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 51);
    assert_eq!(
        lines[0],
        "kaidan: rates.csv 第 2 行「到站代码」：不是 6 位行政区划代码"
    );
    assert_eq!(lines[50], "……共 80 处错误，只列出前 50 处");
}

#[test]
fn another_sheet_mapped_onto_the_required_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dingtalk.csv");
    std::fs::write(&path, "姓名,工号,考勤日期,班次,上班1打卡时间,下班1打卡时间\n张丽,A01,2026-11-02,早班,07:58,20:03\n").unwrap();
    assert_eq!(
        read_headers(&path).unwrap(),
        [
            "姓名",
            "工号",
            "考勤日期",
            "班次",
            "上班1打卡时间",
            "下班1打卡时间"
        ]
    );
    let required = ["工号", "日期", "班次", "上班打卡", "下班打卡"];
    let mapping: Vec<String> = ["工号", "考勤日期", "班次", "上班1打卡时间", "下班1打卡时间"]
        .map(str::to_owned)
        .to_vec();
    let table = read_table_mapped(&path, &required, &[], &mapping).unwrap();
    assert_eq!(
        table.rows[0].cells,
        ["A01", "2026-11-02", "早班", "07:58", "20:03"]
    );
    assert_eq!(table.rows[0].line, 2);
}
