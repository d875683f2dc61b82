//! SQLite migrations 19–30: stations sharing a database, charges and their appeals,
//! re-weighs, storage-fee waivers, 代收货款 (on the waybill, collections, remittances),
//! quote pieces and inspections.

/// 19: stations sharing one database (issue 15, `domain::stations`) — one row per
/// station, the first made from the desk settings' name, phone and number prefix and
/// the dispatch settings' counties, so a database of one station reads as before; each
/// member of staff's station (NULL: the company's supervisor or finance, who see all);
/// the station a waybill and a manifest were made at; and a cash count's station, so two
/// stations can each sign their day (the table is rebuilt for its new key).
pub(super) const STATIONS: &str = r"
CREATE TABLE stations (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL UNIQUE,
    phone     TEXT NOT NULL DEFAULT '',
    counties  TEXT NOT NULL DEFAULT ''
);
INSERT INTO stations (id, code, name, phone, counties) VALUES (
    1,
    COALESCE(NULLIF(trim((SELECT json_extract(value, '$.number_prefix') FROM settings WHERE key = 'desk')), ''), 'GZ'),
    COALESCE(NULLIF(trim((SELECT json_extract(value, '$.station_name') FROM settings WHERE key = 'desk')), ''), '广州站'),
    COALESCE((SELECT json_extract(value, '$.station_phone') FROM settings WHERE key = 'desk'), ''),
    COALESCE((SELECT group_concat(j.value, ' ') FROM settings s, json_each(s.value, '$.station_codes') j
              WHERE s.key = 'dispatch'), '')
);
ALTER TABLE staff ADD COLUMN station_id INTEGER DEFAULT 1;
ALTER TABLE waybills ADD COLUMN station_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE manifests ADD COLUMN station_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX waybills_station ON waybills(station_id, issued_at);

CREATE TABLE cash_counts_by_station (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id           INTEGER NOT NULL DEFAULT 1,
    staff_id             TEXT NOT NULL,          -- whose money; '' for the station's day
    period               TEXT NOT NULL,
    from_at              TEXT NOT NULL,
    to_at                TEXT NOT NULL CHECK (to_at > from_at),
    expected_cash_fen    INTEGER NOT NULL,
    expected_wechat_fen  INTEGER NOT NULL,
    expected_alipay_fen  INTEGER NOT NULL,
    expected_bank_fen    INTEGER NOT NULL,
    counted_cash_fen     INTEGER NOT NULL CHECK (counted_cash_fen >= 0),
    counted_wechat_fen   INTEGER NOT NULL CHECK (counted_wechat_fen >= 0),
    counted_alipay_fen   INTEGER NOT NULL CHECK (counted_alipay_fen >= 0),
    counted_bank_fen     INTEGER NOT NULL CHECK (counted_bank_fen >= 0),
    note                 TEXT NOT NULL DEFAULT '',
    signed_by            TEXT NOT NULL REFERENCES staff(id),
    signed_at            TEXT NOT NULL,
    UNIQUE (station_id, staff_id, from_at, to_at)
);
INSERT INTO cash_counts_by_station (id, staff_id, period, from_at, to_at,
        expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
        counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
        note, signed_by, signed_at)
    SELECT id, staff_id, period, from_at, to_at,
        expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen,
        counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen,
        note, signed_by, signed_at FROM cash_counts;
DROP TABLE cash_counts;
ALTER TABLE cash_counts_by_station RENAME TO cash_counts;
CREATE INDEX cash_counts_from ON cash_counts(from_at);
CREATE TRIGGER cash_counts_no_update BEFORE UPDATE ON cash_counts
BEGIN SELECT RAISE(ABORT, '对账记录已签字，不能更改'); END;
CREATE TRIGGER cash_counts_no_delete BEFORE DELETE ON cash_counts
BEGIN SELECT RAISE(ABORT, '对账记录不能删除'); END;
";

/// 20: the cost charged to a person with a point event (issue 16, 应扣费用): entered or
/// imported with the event (`import events`' optional column 费用), in fen; NULL: none.
pub(super) const EVENT_CHARGES: &str = r"
ALTER TABLE point_events ADD COLUMN charge_fen INTEGER CHECK (charge_fen IS NULL OR charge_fen > 0);
";

/// 21: a charge waived or changed by the supervisor with a reason (issue 16), append-only
/// and sealed: the latest for a charge (its person and key: rule, waybill, day) stands.
pub(super) const CHARGE_ADJUSTMENTS: &str = r"
CREATE TABLE charge_adjustments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    month       TEXT NOT NULL,
    charge_key  TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL
);
CREATE INDEX charge_adjustments_month ON charge_adjustments(month);
CREATE TRIGGER charge_adjustments_no_update BEFORE UPDATE ON charge_adjustments
BEGIN SELECT RAISE(ABORT, '费用调整记录只能追加，不能更改'); END;
CREATE TRIGGER charge_adjustments_no_delete BEFORE DELETE ON charge_adjustments
BEGIN SELECT RAISE(ABORT, '费用调整记录只能追加，不能删除'); END;
";

/// 22: re-weighs (复秤, issue 16 rule 9): a waybill's goods weighed and measured again,
/// append-only and sealed; P9 and the undercharge are found in them.
pub(super) const REWEIGHS: &str = r"
CREATE TABLE reweighs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL REFERENCES waybills(number),
    weight_kg       TEXT NOT NULL,
    volume_m3       TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    at              TEXT NOT NULL
);
CREATE INDEX reweighs_number ON reweighs(waybill_number);
CREATE INDEX reweighs_at ON reweighs(at);
CREATE TRIGGER reweighs_no_update BEFORE UPDATE ON reweighs
BEGIN SELECT RAISE(ABORT, '复秤记录只能追加，不能更改'); END;
CREATE TRIGGER reweighs_no_delete BEFORE DELETE ON reweighs
BEGIN SELECT RAISE(ABORT, '复秤记录只能追加，不能删除'); END;
";

/// 23: rule 22's debts confirmed by the supervisor at a month's end (issue 16): each 月结
/// waybill of a customer never approved for credit becomes a charge of its clerk, once
/// (the waybill is unique), append-only and sealed.
pub(super) const DEBT_CHARGES: &str = r"
CREATE TABLE debt_charges (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    month           TEXT NOT NULL,
    waybill_number  TEXT NOT NULL UNIQUE REFERENCES waybills(number),
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    detail          TEXT NOT NULL DEFAULT '',
    confirmed_by    TEXT NOT NULL,
    confirmed_at    TEXT NOT NULL
);
CREATE INDEX debt_charges_month ON debt_charges(month);
CREATE TRIGGER debt_charges_no_update BEFORE UPDATE ON debt_charges
BEGIN SELECT RAISE(ABORT, '欠款确认记录只能追加，不能更改'); END;
CREATE TRIGGER debt_charges_no_delete BEFORE DELETE ON debt_charges
BEGIN SELECT RAISE(ABORT, '欠款确认记录只能追加，不能删除'); END;
";

/// 24: the storage fee waived by a supervisor (issue 16, M3), once per waybill, with the
/// reason; append-only and sealed.
pub(super) const STORAGE_FEE_WAIVERS: &str = r"
CREATE TABLE storage_fee_waivers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL UNIQUE,
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    supervisor_id   TEXT NOT NULL REFERENCES staff(id),
    at              TEXT NOT NULL
);
CREATE TRIGGER storage_fee_waivers_no_update BEFORE UPDATE ON storage_fee_waivers
BEGIN SELECT RAISE(ABORT, '免收保管费记录只能追加，不能更改'); END;
CREATE TRIGGER storage_fee_waivers_no_delete BEFORE DELETE ON storage_fee_waivers
BEGIN SELECT RAISE(ABORT, '免收保管费记录只能追加，不能删除'); END;
";

/// 25 (issue 16): what a locked month left 未扣回 of each person's charges, kept with the
/// lock as a JSON list of `[工号, 元]`, so the next month's review charges it once more;
/// and the clerks' appeals of their charges, once per charge, decided once.
pub(super) const CHARGE_CARRY_AND_APPEALS: &str = r"
ALTER TABLE month_locks ADD COLUMN carried TEXT NOT NULL DEFAULT '[]';
CREATE TABLE charge_appeals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    month           TEXT NOT NULL,
    charge_key      TEXT NOT NULL,
    rule            TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL,
    waybill_number  TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    filed_at        TEXT NOT NULL,
    outcome         TEXT CHECK (outcome IN ('维持', '撤销')),
    outcome_reason  TEXT NOT NULL DEFAULT '',
    decided_by      TEXT,
    decided_at      TEXT,
    UNIQUE (staff_id, month, charge_key)
);
CREATE INDEX charge_appeals_month ON charge_appeals(month);
CREATE TRIGGER charge_appeals_decided_once BEFORE UPDATE ON charge_appeals
WHEN OLD.outcome IS NOT NULL
BEGIN SELECT RAISE(ABORT, '费用申诉已处理，不能再改'); END;
CREATE TRIGGER charge_appeals_no_delete BEFORE DELETE ON charge_appeals
BEGIN SELECT RAISE(ABORT, '费用申诉记录不能删除'); END;
";

/// 26 (issue 17): the goods' price a waybill collects for its shipper (代收货款), the fee
/// for it and who pays it; and the handover's count of 货款扣 waybills.
pub(super) const COD_ON_WAYBILLS: &str = r"
ALTER TABLE waybills ADD COLUMN cod_fen INTEGER NOT NULL DEFAULT 0 CHECK (cod_fen >= 0);
ALTER TABLE waybills ADD COLUMN cod_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (cod_fee_fen >= 0);
ALTER TABLE waybills ADD COLUMN cod_fee_payer TEXT NOT NULL DEFAULT '从货款扣'
    CHECK (cod_fee_payer IN ('从货款扣', '随运费付'));
ALTER TABLE handovers ADD COLUMN cod_deduct_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handovers ADD COLUMN cod_deduct_fen INTEGER NOT NULL DEFAULT 0;
";

/// 27 (issue 17): the 代收货款 collected for shippers at release, a ledger of its own
/// (money owed to the shipper, never revenue), append-only and sealed; a supervisor's
/// leave to release goods without collecting it, once per waybill, with the reason; and
/// the 代收货款 of a signed cash count, by method, beside its 账面.
pub(super) const COD_COLLECTIONS: &str = r"
ALTER TABLE cash_counts ADD COLUMN cod_cash_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cash_counts ADD COLUMN cod_wechat_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cash_counts ADD COLUMN cod_alipay_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cash_counts ADD COLUMN cod_bank_fen INTEGER NOT NULL DEFAULT 0;
CREATE TABLE cod_collections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen <> 0),
    channel         TEXT NOT NULL CHECK (channel IN ('现金', '微信', '支付宝', '银行')),
    occasion        TEXT NOT NULL CHECK (occasion IN ('提货', '送达', '退款')),
    reason          TEXT NOT NULL DEFAULT '',
    CHECK ((amount_fen < 0) = (occasion = '退款')),
    CHECK (occasion <> '退款' OR trim(reason) <> '')
);
CREATE INDEX cod_collections_number ON cod_collections(waybill_number);
CREATE INDEX cod_collections_at ON cod_collections(at);
CREATE TRIGGER cod_collections_no_update BEFORE UPDATE ON cod_collections
BEGIN SELECT RAISE(ABORT, '代收货款记录只能追加，不能更改'); END;
CREATE TRIGGER cod_collections_no_delete BEFORE DELETE ON cod_collections
BEGIN SELECT RAISE(ABORT, '代收货款记录只能追加，不能删除'); END;
CREATE TABLE cod_release_overrides (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL UNIQUE,
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    supervisor_id   TEXT NOT NULL REFERENCES staff(id),
    at              TEXT NOT NULL
);
CREATE TRIGGER cod_release_overrides_no_update BEFORE UPDATE ON cod_release_overrides
BEGIN SELECT RAISE(ABORT, '代收货款放行授权只能追加，不能更改'); END;
CREATE TRIGGER cod_release_overrides_no_delete BEFORE DELETE ON cod_release_overrides
BEGIN SELECT RAISE(ABORT, '代收货款放行授权只能追加，不能删除'); END;
";

/// 28 (issue 17): remittances of 代收货款 to shippers (代收款返款单): the batch and its
/// waybills, its steps (批准, 付款, 作废, each once), and the payouts, one per waybill
/// ever (the constraint that one collected amount is paid by one remittance only); all
/// append-only and sealed.
pub(super) const COD_REMITTANCES: &str = r"
CREATE TABLE cod_remittances (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    shipper_name    TEXT NOT NULL,
    shipper_phone   TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    prepared_by     TEXT NOT NULL REFERENCES staff(id),
    prepared_at     TEXT NOT NULL,
    station_id      INTEGER
);
CREATE TABLE cod_remittance_items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    remittance_id   INTEGER NOT NULL REFERENCES cod_remittances(id),
    waybill_number  TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    UNIQUE (remittance_id, waybill_number)
);
CREATE INDEX cod_remittance_items_number ON cod_remittance_items(waybill_number);
CREATE TABLE cod_remittance_steps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    remittance_id   INTEGER NOT NULL REFERENCES cod_remittances(id),
    step            TEXT NOT NULL CHECK (step IN ('批准', '付款', '作废')),
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    at              TEXT NOT NULL,
    channel         TEXT CHECK (channel IS NULL OR channel IN ('现金', '微信', '支付宝', '银行')),
    reference       TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    UNIQUE (remittance_id, step)
);
CREATE TABLE cod_payouts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL UNIQUE,
    remittance_id   INTEGER NOT NULL REFERENCES cod_remittances(id),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    at              TEXT NOT NULL
);
CREATE TRIGGER cod_remittances_no_update BEFORE UPDATE ON cod_remittances
BEGIN SELECT RAISE(ABORT, '返款单只能追加，不能更改'); END;
CREATE TRIGGER cod_remittances_no_delete BEFORE DELETE ON cod_remittances
BEGIN SELECT RAISE(ABORT, '返款单只能追加，不能删除'); END;
CREATE TRIGGER cod_remittance_items_no_update BEFORE UPDATE ON cod_remittance_items
BEGIN SELECT RAISE(ABORT, '返款单明细只能追加，不能更改'); END;
CREATE TRIGGER cod_remittance_items_no_delete BEFORE DELETE ON cod_remittance_items
BEGIN SELECT RAISE(ABORT, '返款单明细只能追加，不能删除'); END;
CREATE TRIGGER cod_remittance_steps_no_update BEFORE UPDATE ON cod_remittance_steps
BEGIN SELECT RAISE(ABORT, '返款单审批付款记录只能追加，不能更改'); END;
CREATE TRIGGER cod_remittance_steps_no_delete BEFORE DELETE ON cod_remittance_steps
BEGIN SELECT RAISE(ABORT, '返款单审批付款记录只能追加，不能删除'); END;
CREATE TRIGGER cod_payouts_no_update BEFORE UPDATE ON cod_payouts
BEGIN SELECT RAISE(ABORT, '返款记录只能追加，不能更改'); END;
CREATE TRIGGER cod_payouts_no_delete BEFORE DELETE ON cod_payouts
BEGIN SELECT RAISE(ABORT, '返款记录只能追加，不能删除'); END;
";

/// 29 (issue 18): what a phone quote asks besides measures (制度三.2): the pieces (0 for
/// quotes recorded before) and the packaging (empty before).
pub(super) const QUOTE_PIECES: &str = r"
ALTER TABLE phone_quotes ADD COLUMN pieces INTEGER NOT NULL DEFAULT 0;
ALTER TABLE phone_quotes ADD COLUMN packaging TEXT NOT NULL DEFAULT '';
";

/// 30 (issue 18): boxes opened for inspection (开箱检查): who, when, what was declared and
/// what was found, and whether the goods go; append-only and sealed.
pub(super) const INSPECTIONS: &str = r"
CREATE TABLE inspections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    clerk_id        TEXT NOT NULL REFERENCES staff(id),
    waybill_number  TEXT NOT NULL DEFAULT '',
    shipper_name    TEXT NOT NULL,
    shipper_phone   TEXT NOT NULL DEFAULT '',
    goods_name      TEXT NOT NULL,
    found           TEXT NOT NULL CHECK (trim(found) <> ''),
    result          TEXT NOT NULL CHECK (result IN ('正常，可以托运', '不予托运'))
);
CREATE INDEX inspections_at ON inspections(at);
CREATE TRIGGER inspections_no_update BEFORE UPDATE ON inspections
BEGIN SELECT RAISE(ABORT, '开箱检查记录只能追加，不能更改'); END;
CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections
BEGIN SELECT RAISE(ABORT, '开箱检查记录只能追加，不能删除'); END;
";
