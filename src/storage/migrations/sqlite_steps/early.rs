//! SQLite migrations 1–4: the desk, people, logins, dispatch and arrival.

/// 1: the waybill desk.
pub(super) const DESK: &str = r"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE staff (
    id               TEXT PRIMARY KEY,            -- 工号
    name             TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT '开单员',
    joined_on        TEXT,
    left_on          TEXT,
    base_salary_fen  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rates (
    dest_code          TEXT NOT NULL,
    from_weight_kg     TEXT NOT NULL,
    heavy_yuan_per_kg  TEXT NOT NULL,
    light_yuan_per_m3  TEXT NOT NULL,
    minimum_yuan       TEXT NOT NULL,
    delivery_fee_yuan  TEXT NOT NULL,
    PRIMARY KEY (dest_code, from_weight_kg)
);

CREATE TABLE prohibited_goods (
    word      TEXT PRIMARY KEY,
    category  TEXT NOT NULL
);

-- One row per phone number seen on a waybill: the phone look-up of the form.
CREATE TABLE customers (
    phone          TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    phone_tail     TEXT NOT NULL,
    waybill_count  INTEGER NOT NULL DEFAULT 0,
    last_used_at   TEXT NOT NULL
);
CREATE INDEX customers_name ON customers(name);

CREATE TABLE waybill_sequence (
    prefix  TEXT NOT NULL,
    day     TEXT NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, day)
);

CREATE TABLE waybills (
    number                TEXT PRIMARY KEY,
    issued_at             TEXT NOT NULL,
    clerk_id              TEXT NOT NULL REFERENCES staff(id),
    status                TEXT NOT NULL,
    alter_count           INTEGER NOT NULL DEFAULT 0,
    dest_code             TEXT NOT NULL,
    dest_name             TEXT NOT NULL,
    shipper_name          TEXT NOT NULL,
    shipper_phone         TEXT NOT NULL,
    shipper_tail          TEXT NOT NULL,
    consignee_name        TEXT NOT NULL,
    consignee_phone       TEXT NOT NULL,
    consignee_tail        TEXT NOT NULL,
    goods_name            TEXT NOT NULL,
    pieces                INTEGER NOT NULL CHECK (pieces >= 1),
    packaging             TEXT NOT NULL,
    weight_kg             TEXT NOT NULL,
    volume_m3             TEXT NOT NULL,
    declared_by_shipper   INTEGER NOT NULL,
    fragile               INTEGER NOT NULL,
    orientation           TEXT NOT NULL,
    condition             TEXT NOT NULL,
    condition_note        TEXT NOT NULL,
    shipper_bears_damage  INTEGER NOT NULL,
    delivery              TEXT NOT NULL,
    delivery_address      TEXT NOT NULL,
    receipt_copies        INTEGER NOT NULL,
    controlled_release    INTEGER NOT NULL,
    declared_value_fen    INTEGER,
    payment               TEXT NOT NULL,
    transfer              INTEGER NOT NULL,
    transfer_rebate_fen   INTEGER,
    arrival_date          TEXT,
    rate_freight_fen      INTEGER,
    freight_fen           INTEGER NOT NULL,
    premium_fen           INTEGER NOT NULL,
    delivery_fee_fen      INTEGER NOT NULL,
    total_fen             INTEGER NOT NULL,
    short_charge_fen      INTEGER NOT NULL DEFAULT 0,
    remarks               TEXT NOT NULL
);
CREATE INDEX waybills_issued_at ON waybills(issued_at);
-- Phone look-ups list the newest first: the time in the index spares a sort.
CREATE INDEX waybills_shipper_phone ON waybills(shipper_phone, issued_at);
CREATE INDEX waybills_consignee_phone ON waybills(consignee_phone, issued_at);
CREATE INDEX waybills_shipper_tail ON waybills(shipper_tail, issued_at);
CREATE INDEX waybills_consignee_tail ON waybills(consignee_tail, issued_at);
CREATE INDEX waybills_dest ON waybills(dest_code, issued_at);
CREATE INDEX waybills_clerk ON waybills(clerk_id, issued_at);

-- Waybills are never deleted: a wrong one is voided (作废) and kept.
CREATE TRIGGER waybills_no_delete BEFORE DELETE ON waybills
BEGIN SELECT RAISE(ABORT, '运单不能删除，只能作废'); END;

-- The alteration history: append-only and hash-chained (see domain::desk::alteration).
CREATE TABLE waybill_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL REFERENCES waybills(number),
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    action          TEXT NOT NULL,
    reason          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX waybill_history_number ON waybill_history(waybill_number);
CREATE TRIGGER waybill_history_no_update BEFORE UPDATE ON waybill_history
BEGIN SELECT RAISE(ABORT, '运单修改记录只能追加，不能更改'); END;
CREATE TRIGGER waybill_history_no_delete BEFORE DELETE ON waybill_history
BEGIN SELECT RAISE(ABORT, '运单修改记录只能追加，不能删除'); END;

-- Refused consignments (拒收登记): evidence, append-only.
CREATE TABLE refusals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    clerk_id       TEXT NOT NULL REFERENCES staff(id),
    shipper_name   TEXT NOT NULL,
    shipper_phone  TEXT NOT NULL,
    goods_name     TEXT NOT NULL,
    reason         TEXT NOT NULL
);
CREATE TRIGGER refusals_no_update BEFORE UPDATE ON refusals
BEGIN SELECT RAISE(ABORT, '拒收记录不能更改'); END;
CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals
BEGIN SELECT RAISE(ABORT, '拒收记录不能删除'); END;
";

/// 2: people — clock-in records, point events, the rules table's overrides,
/// dismissed detections and signed-off (locked) months.
pub(super) const PEOPLE: &str = r"
-- A signed-off month, with what its review was computed from at that moment (rules,
-- attendance settings and staff as JSON), so the locked review never changes.
CREATE TABLE month_locks (
    month       TEXT PRIMARY KEY,              -- YYYY-MM
    locked_at   TEXT NOT NULL,
    locked_by   TEXT NOT NULL,
    rules       TEXT NOT NULL,
    attendance  TEXT NOT NULL,
    staff       TEXT NOT NULL
);

-- Clock-in records (打卡): one per person, day and shift, so re-importing a row
-- finds it again.
CREATE TABLE punches (
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    day        TEXT NOT NULL,                  -- YYYY-MM-DD, the day the shift starts
    shift      TEXT NOT NULL,                  -- 早班 / 中班 / 晚班 / 休息 / 请假
    clock_in   TEXT,                           -- HH:MM, NULL when missing
    clock_out  TEXT,
    PRIMARY KEY (staff_id, day, shift)
);
CREATE INDEX punches_day ON punches(day);

-- Point events (扣分/奖励事件): entered (手工), imported (导入), or detected (检测)
-- rows frozen when their month was locked.
CREATE TABLE point_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    day             TEXT NOT NULL,
    code            TEXT NOT NULL,             -- P1 … P21, P2b …, L, B1
    quantity        INTEGER NOT NULL CHECK (quantity >= 1),
    waybill_number  TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    evidence_key    TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX point_events_day ON point_events(day);
CREATE INDEX point_events_staff ON point_events(staff_id, day);

-- The supervisor's changes to the rules table; NULL keeps the company default.
CREATE TABLE rule_overrides (
    code     TEXT PRIMARY KEY,
    wording  TEXT,
    points   INTEGER
);

-- Detected events the supervisor dismissed, with the reason.
CREATE TABLE dismissals (
    code          TEXT NOT NULL,
    evidence_key  TEXT NOT NULL,
    staff_id      TEXT NOT NULL REFERENCES staff(id),
    day           TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (trim(reason) <> ''),
    dismissed_by  TEXT NOT NULL,
    dismissed_at  TEXT NOT NULL,
    PRIMARY KEY (code, evidence_key)
);

-- A locked month refuses any change to what its review is made of.
CREATE TRIGGER punches_locked_insert BEFORE INSERT ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER punches_locked_update BEFORE UPDATE ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER punches_locked_delete BEFORE DELETE ON punches
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动打卡记录'); END;
CREATE TRIGGER point_events_locked_insert BEFORE INSERT ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER point_events_locked_update BEFORE UPDATE ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER point_events_locked_delete BEFORE DELETE ON point_events
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动扣分事件'); END;
CREATE TRIGGER dismissals_locked_insert BEFORE INSERT ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
CREATE TRIGGER dismissals_locked_update BEFORE UPDATE ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
CREATE TRIGGER dismissals_locked_delete BEFORE DELETE ON dismissals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再撤销检测到的事件'); END;
";

/// 3: logins — a password hash per member of staff, and the record of supervisor
/// overrides.
pub(super) const LOGINS: &str = r"
CREATE TABLE staff_passwords (
    staff_id    TEXT PRIMARY KEY REFERENCES staff(id),
    hash        TEXT NOT NULL,              -- argon2id, PHC string; never the password
    changed_at  TEXT NOT NULL
);
";

/// Dispatch and arrival (issue 4): where each waybill's goods are and their timeline,
/// manifests and their scanned pieces, waybills received from other stations, the
/// arrival check, notification, release, pickup, delivery, transfer, receipt and
/// exception registers, and the daily 云递安 upload count.
pub(super) const DISPATCH: &str = r"
-- The stage of each waybill that has left 已开单 (no row: 已开单, or 作废 when the
-- waybill is void). `flow` is the stage before an exception (异常).
CREATE TABLE waybill_stages (
    number      TEXT PRIMARY KEY,
    stage       TEXT NOT NULL,
    flow        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX waybill_stages_stage ON waybill_stages(stage, updated_at);

-- The timeline of every step: append-only and hash-chained like the history.
CREATE TABLE waybill_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    action          TEXT NOT NULL,              -- 装车, 发车, 到站, 通知, 提货 …
    stage           TEXT NOT NULL,              -- the stage after it
    note            TEXT NOT NULL,
    manifest_code   TEXT NOT NULL DEFAULT '',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX waybill_events_number ON waybill_events(waybill_number, id);
CREATE INDEX waybill_events_action ON waybill_events(action, at);
CREATE TRIGGER waybill_events_no_update BEFORE UPDATE ON waybill_events
BEGIN SELECT RAISE(ABORT, '运单跟踪记录只能追加，不能更改'); END;
CREATE TRIGGER waybill_events_no_delete BEFORE DELETE ON waybill_events
BEGIN SELECT RAISE(ABORT, '运单跟踪记录只能追加，不能删除'); END;

-- A waybill loaded or further on cannot be voided: the goods are no longer in stock.
CREATE TRIGGER waybills_void_only_in_stock BEFORE UPDATE OF status ON waybills
WHEN NEW.status = '作废' AND OLD.status <> '作废'
    AND EXISTS (SELECT 1 FROM waybill_stages WHERE number = OLD.number AND stage <> '已开单')
BEGIN SELECT RAISE(ABORT, '运单已装车或已发出，不能作废：请先从发车清单卸车，或登记退货/异常'); END;

-- Dispatch manifests (发车清单), loaded here or received from another station.
CREATE TABLE manifests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL,                -- the loading station
    plate         TEXT NOT NULL,
    driver_name   TEXT NOT NULL,
    driver_phone  TEXT NOT NULL,
    route_codes   TEXT NOT NULL,                -- county codes in route order, space-separated
    route_names   TEXT NOT NULL,                -- as printed, '、'-separated
    departure_at  TEXT NOT NULL,                -- planned
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    departed_at   TEXT,
    departed_by   TEXT,
    imported_at   TEXT,                         -- received by exchange file
    imported_by   TEXT,
    checksum      TEXT NOT NULL DEFAULT '',
    arrived_at    TEXT,                         -- arrival check closed
    received_by   TEXT
);
CREATE INDEX manifests_created ON manifests(created_at);

-- One row per piece scanned onto a manifest. Departure locks the manifest.
CREATE TABLE manifest_pieces (
    manifest_id     INTEGER NOT NULL REFERENCES manifests(id),
    waybill_number  TEXT NOT NULL,
    piece           INTEGER NOT NULL CHECK (piece >= 1),
    scanned_at      TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    PRIMARY KEY (manifest_id, waybill_number, piece)
) WITHOUT ROWID;
CREATE INDEX manifest_pieces_waybill ON manifest_pieces(waybill_number, piece);
CREATE TRIGGER manifest_pieces_locked_insert BEFORE INSERT ON manifest_pieces
WHEN (SELECT departed_at FROM manifests WHERE id = NEW.manifest_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, '清单已发车锁定，不能再装车'); END;
CREATE TRIGGER manifest_pieces_locked_delete BEFORE DELETE ON manifest_pieces
WHEN (SELECT departed_at FROM manifests WHERE id = OLD.manifest_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, '清单已发车锁定，不能卸车'); END;
CREATE TRIGGER manifest_pieces_no_update BEFORE UPDATE ON manifest_pieces
BEGIN SELECT RAISE(ABORT, '装车记录不能更改'); END;

-- Waybills of other stations received with a manifest, kept whole as JSON.
CREATE TABLE incoming_waybills (
    number           TEXT PRIMARY KEY,
    manifest_id      INTEGER NOT NULL REFERENCES manifests(id),
    consignee_phone  TEXT NOT NULL,
    snapshot         TEXT NOT NULL
);
CREATE INDEX incoming_waybills_phone ON incoming_waybills(consignee_phone);

-- Pieces scanned off a truck at arrival (到货核对).
CREATE TABLE arrival_scans (
    manifest_id     INTEGER NOT NULL REFERENCES manifests(id),
    waybill_number  TEXT NOT NULL,
    piece           INTEGER NOT NULL,
    scanned_at      TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    PRIMARY KEY (manifest_id, waybill_number, piece)
) WITHOUT ROWID;
CREATE TRIGGER arrival_scans_closed BEFORE INSERT ON arrival_scans
WHEN (SELECT arrived_at FROM manifests WHERE id = NEW.manifest_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, '该车已完成到货核对，不能再扫描'); END;
CREATE TRIGGER arrival_scans_no_update BEFORE UPDATE ON arrival_scans
BEGIN SELECT RAISE(ABORT, '到货扫描记录不能更改'); END;
CREATE TRIGGER arrival_scans_no_delete BEFORE DELETE ON arrival_scans
BEGIN SELECT RAISE(ABORT, '到货扫描记录不能删除'); END;

-- Extra (多件), missing (少件) and damaged (破损) pieces found at arrival: evidence for
-- points rule P10, append-only.
CREATE TABLE arrival_issues (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    manifest_id     INTEGER NOT NULL REFERENCES manifests(id),
    waybill_number  TEXT NOT NULL,
    kind            TEXT NOT NULL,
    pieces          TEXT NOT NULL,              -- piece numbers, space-separated
    count           INTEGER NOT NULL,
    note            TEXT NOT NULL,
    photo_path      TEXT NOT NULL DEFAULT '',
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL
);
CREATE INDEX arrival_issues_manifest ON arrival_issues(manifest_id);
CREATE INDEX arrival_issues_at ON arrival_issues(at);

-- Calls and messages to consignees (通知提货).
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    method          TEXT NOT NULL,
    note            TEXT NOT NULL
);
CREATE INDEX notifications_number ON notifications(waybill_number, at);

-- The shipper's authorization to release controlled goods (等通知放货).
CREATE TABLE release_authorizations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number   TEXT NOT NULL,
    at               TEXT NOT NULL,
    staff_id         TEXT NOT NULL,
    method           TEXT NOT NULL,             -- 红单照片 / 电话确认
    photo_path       TEXT NOT NULL,
    shipper_contact  TEXT NOT NULL,
    note             TEXT NOT NULL
);
CREATE INDEX release_authorizations_number ON release_authorizations(waybill_number);

-- Money collected at release: 提付 and added delivery fees.
CREATE TABLE collections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    channel         TEXT NOT NULL,              -- 现金 / 微信 / 支付宝 / 银行
    occasion        TEXT NOT NULL               -- 提货 / 送货 / 送达
);
CREATE INDEX collections_number ON collections(waybill_number);

-- The pickup register (提货登记). The program refuses a row without ID or signature;
-- rows from elsewhere may lack them, and points rule P17 finds those.
CREATE TABLE pickups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    collector_name  TEXT NOT NULL,
    id_type         TEXT NOT NULL DEFAULT '',
    id_number       TEXT NOT NULL DEFAULT '',
    signature       TEXT NOT NULL DEFAULT '[]', -- strokes as JSON
    pieces          INTEGER NOT NULL CHECK (pieces >= 1),
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pickups_number ON pickups(waybill_number);
CREATE INDEX pickups_at ON pickups(at);

-- Delivery tasks (送货); the result is written once.
CREATE TABLE delivery_tasks (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number       TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    address              TEXT NOT NULL,
    mode                 TEXT NOT NULL,
    driver               TEXT NOT NULL,
    added_fee_fen        INTEGER NOT NULL DEFAULT 0,
    changed_from_pickup  INTEGER NOT NULL DEFAULT 0,
    note                 TEXT NOT NULL DEFAULT '',
    result               TEXT,                  -- 送达 / 拒收 / 异常
    result_at            TEXT,
    result_by            TEXT,
    result_note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_tasks_number ON delivery_tasks(waybill_number);
CREATE INDEX delivery_tasks_open ON delivery_tasks(result, created_at);
CREATE TRIGGER delivery_tasks_result_once BEFORE UPDATE ON delivery_tasks
WHEN OLD.result IS NOT NULL
BEGIN SELECT RAISE(ABORT, '送货结果已登记，不能更改'); END;

-- Transfers to other carriers (中转登记).
CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    carrier         TEXT NOT NULL,
    carrier_number  TEXT NOT NULL,
    fee_fen         INTEGER NOT NULL,
    rebate_fen      INTEGER NOT NULL,
    note            TEXT NOT NULL
);
CREATE INDEX transfers_number ON transfers(waybill_number);
CREATE INDEX transfers_at ON transfers(at);

-- Signed receipts (回单登记): back at the station, then sent back to the shipper.
CREATE TABLE receipts (
    waybill_number  TEXT PRIMARY KEY,
    received_at     TEXT NOT NULL,
    received_by     TEXT NOT NULL,
    note            TEXT NOT NULL,
    sent_back_at    TEXT,
    sent_back_by    TEXT,
    sent_back_note  TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER receipts_sent_once BEFORE UPDATE ON receipts
WHEN OLD.sent_back_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, '回单已登记寄回，不能更改'); END;

-- Exceptions (异常登记): delay, damage, loss, refusal.
CREATE TABLE exceptions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    responsible     TEXT NOT NULL,
    note            TEXT NOT NULL,
    claim_fen       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX exceptions_number ON exceptions(waybill_number);
CREATE INDEX exceptions_at ON exceptions(at);

-- Records uploaded to the regulator's 云递安 app, per clerk and day (points rule P21).
CREATE TABLE regulator_uploads (
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    day         TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count >= 0),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (staff_id, day)
) WITHOUT ROWID;

-- The registers above are evidence: append-only.
CREATE TRIGGER arrival_issues_no_update BEFORE UPDATE ON arrival_issues
BEGIN SELECT RAISE(ABORT, '到货异常记录只能追加，不能更改'); END;
CREATE TRIGGER arrival_issues_no_delete BEFORE DELETE ON arrival_issues
BEGIN SELECT RAISE(ABORT, '到货异常记录只能追加，不能删除'); END;
CREATE TRIGGER notifications_no_update BEFORE UPDATE ON notifications
BEGIN SELECT RAISE(ABORT, '通知记录只能追加，不能更改'); END;
CREATE TRIGGER notifications_no_delete BEFORE DELETE ON notifications
BEGIN SELECT RAISE(ABORT, '通知记录只能追加，不能删除'); END;
CREATE TRIGGER release_authorizations_no_update BEFORE UPDATE ON release_authorizations
BEGIN SELECT RAISE(ABORT, '放货授权记录只能追加，不能更改'); END;
CREATE TRIGGER release_authorizations_no_delete BEFORE DELETE ON release_authorizations
BEGIN SELECT RAISE(ABORT, '放货授权记录只能追加，不能删除'); END;
CREATE TRIGGER collections_no_update BEFORE UPDATE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能更改'); END;
CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能删除'); END;
CREATE TRIGGER pickups_no_update BEFORE UPDATE ON pickups
BEGIN SELECT RAISE(ABORT, '提货登记只能追加，不能更改'); END;
CREATE TRIGGER pickups_no_delete BEFORE DELETE ON pickups
BEGIN SELECT RAISE(ABORT, '提货登记只能追加，不能删除'); END;
CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN SELECT RAISE(ABORT, '中转登记只能追加，不能更改'); END;
CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN SELECT RAISE(ABORT, '中转登记只能追加，不能删除'); END;
CREATE TRIGGER exceptions_no_update BEFORE UPDATE ON exceptions
BEGIN SELECT RAISE(ABORT, '异常登记只能追加，不能更改'); END;
CREATE TRIGGER exceptions_no_delete BEFORE DELETE ON exceptions
BEGIN SELECT RAISE(ABORT, '异常登记只能追加，不能删除'); END;
";
