//! Numbered schema migrations. The schema version lives in SQLite's `user_version`;
//! migration N brings a database from version N−1 to N inside one transaction, so a crash
//! mid-way leaves the database at N−1. A migration, once released, is never edited: later
//! changes are new migrations.

use rusqlite::Connection;

/// Migration N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    // 1: the waybill desk.
    r"
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

-- The alteration history: append-only and hash-chained (see domain::alteration).
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
",
    // 2: people — clock-in records, point events, the rules table's overrides,
    // dismissed detections and signed-off (locked) months.
    r"
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
",
    // 3: logins — a password hash per member of staff, and the record of supervisor
    // overrides.
    r"
CREATE TABLE staff_passwords (
    staff_id    TEXT PRIMARY KEY REFERENCES staff(id),
    hash        TEXT NOT NULL,              -- argon2id, PHC string; never the password
    changed_at  TEXT NOT NULL
);
",
    // Dispatch and arrival (issue 4): where each waybill's goods are and their timeline,
    // manifests and their scanned pieces, waybills received from other stations, the
    // arrival check, notification, release, pickup, delivery, transfer, receipt and
    // exception registers, and the daily 云递安 upload count.
    r"
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
",
    // 5: people, phase 2 — leave/outing/overtime requests, appeals, shift handovers,
    // departures, supervisor overrides of the on-duty rule.
    r"
-- Leave, outing and overtime requests (请假/外出/加班). Only approved ones count.
CREATE TABLE attendance_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id    TEXT NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL,                 -- 请假 / 外出 / 加班
    from_at     TEXT NOT NULL,                 -- YYYY-MM-DD HH:MM:SS
    to_at       TEXT NOT NULL CHECK (to_at > from_at),
    reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
    status      TEXT NOT NULL DEFAULT '待批',   -- 待批 / 已批 / 驳回
    decided_by  TEXT,
    decided_at  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX attendance_requests_staff ON attendance_requests(staff_id, from_at);
CREATE INDEX attendance_requests_from ON attendance_requests(from_at);

-- Appeals (申诉) of a stored event (event_id) or of a detection (code, evidence_key).
CREATE TABLE appeals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id        TEXT NOT NULL REFERENCES staff(id),
    event_id        INTEGER REFERENCES point_events(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    evidence_key    TEXT NOT NULL DEFAULT '',
    day             TEXT NOT NULL,             -- the event's date
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    filed_at        TEXT NOT NULL,
    outcome         TEXT,                      -- NULL while pending, 维持 / 撤销
    outcome_reason  TEXT NOT NULL DEFAULT '',
    decided_by      TEXT,
    decided_at      TEXT
);
CREATE UNIQUE INDEX appeals_event ON appeals(event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX appeals_detection ON appeals(code, evidence_key) WHERE event_id IS NULL;
CREATE INDEX appeals_day ON appeals(day);

-- Shift handovers (上下班工作交接): the figures as computed when recorded.
CREATE TABLE handovers (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id            TEXT NOT NULL REFERENCES staff(id),
    day                 TEXT NOT NULL,
    shift               TEXT NOT NULL,
    window_from         TEXT NOT NULL,
    window_to           TEXT NOT NULL,
    pay_now_count       INTEGER NOT NULL,
    pay_now_fen         INTEGER NOT NULL,
    collect_count       INTEGER NOT NULL,
    collect_fen         INTEGER NOT NULL,
    monthly_count       INTEGER NOT NULL,
    monthly_fen         INTEGER NOT NULL,
    on_receipt_count    INTEGER NOT NULL,
    on_receipt_fen      INTEGER NOT NULL,
    open_problems       TEXT NOT NULL DEFAULT '',
    open_notifications  TEXT NOT NULL DEFAULT '',
    stock_note          TEXT NOT NULL DEFAULT '',
    recorded_at         TEXT NOT NULL,
    accepted_by         TEXT REFERENCES staff(id),
    accepted_at         TEXT,
    UNIQUE (staff_id, day, shift)
);
CREATE INDEX handovers_day ON handovers(day);

-- How someone left (DOMAIN.md §9); its last day is also written to staff.left_on.
CREATE TABLE departures (
    staff_id     TEXT PRIMARY KEY REFERENCES staff(id),
    kind         TEXT NOT NULL,                -- 辞职已批 / 未批离职 / 辞退
    applied_on   TEXT,
    approved_on  TEXT,
    last_day     TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
-- A locked month keeps the departures of its moment, as it keeps the staff list.
ALTER TABLE month_locks ADD COLUMN departures TEXT NOT NULL DEFAULT '[]';

-- A supervisor's permission for a clerk to issue a waybill off duty: append-only.
CREATE TABLE duty_overrides (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    supervisor_id   TEXT NOT NULL REFERENCES staff(id),
    clerk_id        TEXT NOT NULL REFERENCES staff(id),
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    waybill_number  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_overrides_at ON duty_overrides(at);
CREATE TRIGGER duty_overrides_no_update BEFORE UPDATE ON duty_overrides
BEGIN SELECT RAISE(ABORT, '非当班开单授权记录不能更改'); END;
CREATE TRIGGER duty_overrides_no_delete BEFORE DELETE ON duty_overrides
BEGIN SELECT RAISE(ABORT, '非当班开单授权记录不能删除'); END;

-- The short-charge detector (P8) reads only the month's short-charged waybills: a partial
-- index spares it a look at every waybill of the month (43 ms → 5 ms for 100,000).
CREATE INDEX waybills_short_charged ON waybills(issued_at) WHERE short_charge_fen > 0;

-- A locked month refuses requests and appeals that touch it.
CREATE TRIGGER attendance_requests_locked_insert BEFORE INSERT ON attendance_requests
WHEN EXISTS (SELECT 1 FROM month_locks
             WHERE month BETWEEN substr(NEW.from_at, 1, 7) AND substr(NEW.to_at, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动请假/外出/加班申请'); END;
CREATE TRIGGER attendance_requests_locked_update BEFORE UPDATE ON attendance_requests
WHEN EXISTS (SELECT 1 FROM month_locks
             WHERE month BETWEEN substr(OLD.from_at, 1, 7) AND substr(OLD.to_at, 1, 7)
                OR month BETWEEN substr(NEW.from_at, 1, 7) AND substr(NEW.to_at, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动请假/外出/加班申请'); END;
CREATE TRIGGER attendance_requests_locked_delete BEFORE DELETE ON attendance_requests
WHEN EXISTS (SELECT 1 FROM month_locks
             WHERE month BETWEEN substr(OLD.from_at, 1, 7) AND substr(OLD.to_at, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动请假/外出/加班申请'); END;
CREATE TRIGGER appeals_locked_insert BEFORE INSERT ON appeals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再申诉或处理申诉'); END;
CREATE TRIGGER appeals_locked_update BEFORE UPDATE ON appeals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再申诉或处理申诉'); END;
CREATE TRIGGER appeals_locked_delete BEFORE DELETE ON appeals
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再申诉或处理申诉'); END;
",
    // 6: attachments — a file kept as the evidence of a point event the supervisor
    // entered (附件), copied into the `attachments` folder next to the database file.
    r"
-- The copy's path relative to the database's folder (attachments/录音-1a2b3c4d.m4a), so
-- the folder moves with the database; NULL without an attachment.
ALTER TABLE point_events ADD COLUMN attachment TEXT;
",
    // 7: the monthly schedule (排班) the supervisor keeps in the window.
    r"
-- One row per person and day: the shift they work, or 休息. A day without a row is not
-- scheduled. Clock-in records stay in `punches`, as imported.
CREATE TABLE schedule (
    staff_id  TEXT NOT NULL REFERENCES staff(id),
    day       TEXT NOT NULL,                  -- YYYY-MM-DD, the day the shift starts
    shift     TEXT NOT NULL CHECK (shift IN ('早班', '中班', '晚班', '休息')),
    PRIMARY KEY (staff_id, day)
);
CREATE INDEX schedule_day ON schedule(day);
-- A locked month's schedule is part of what its review was made of.
CREATE TRIGGER schedule_locked_insert BEFORE INSERT ON schedule
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(NEW.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动排班'); END;
CREATE TRIGGER schedule_locked_update BEFORE UPDATE ON schedule
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month IN (substr(OLD.day, 1, 7), substr(NEW.day, 1, 7)))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动排班'); END;
CREATE TRIGGER schedule_locked_delete BEFORE DELETE ON schedule
WHEN EXISTS (SELECT 1 FROM month_locks WHERE month = substr(OLD.day, 1, 7))
BEGIN SELECT RAISE(ABORT, '该月考核已锁定，不能再改动排班'); END;
",
    // 8: customer service (DOMAIN.md §5) — phone quotes (电话报价) and the questions and
    // complaints log (咨询/投诉).
    r"
-- Every quote given on the phone, with what it was computed from and its parts; once,
-- the waybill it became when the customer came in.
CREATE TABLE phone_quotes (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    at                TEXT NOT NULL,
    clerk_id          TEXT NOT NULL REFERENCES staff(id),
    caller_name       TEXT NOT NULL,
    phone             TEXT NOT NULL,
    goods_name        TEXT NOT NULL,
    dest_code         TEXT NOT NULL,
    weight_kg         TEXT NOT NULL,
    volume_m3         TEXT NOT NULL,
    declared_fen      INTEGER,                    -- NULL: not insured
    delivery          INTEGER NOT NULL CHECK (delivery IN (0, 1)),
    freight_fen       INTEGER NOT NULL CHECK (freight_fen >= 0),
    premium_fen       INTEGER NOT NULL CHECK (premium_fen >= 0),
    delivery_fee_fen  INTEGER NOT NULL CHECK (delivery_fee_fen >= 0),
    total_fen         INTEGER NOT NULL CHECK (total_fen >= 0),
    waybill_number    TEXT                        -- NULL until it becomes a waybill
);
CREATE INDEX phone_quotes_phone ON phone_quotes(phone, at);
CREATE INDEX phone_quotes_at ON phone_quotes(at);
CREATE TRIGGER phone_quotes_no_delete BEFORE DELETE ON phone_quotes
BEGIN SELECT RAISE(ABORT, '报价记录不能删除'); END;
CREATE TRIGGER phone_quotes_only_link BEFORE UPDATE ON phone_quotes
WHEN OLD.waybill_number IS NOT NULL
  OR NEW.at IS NOT OLD.at OR NEW.clerk_id IS NOT OLD.clerk_id OR NEW.phone IS NOT OLD.phone
  OR NEW.caller_name IS NOT OLD.caller_name OR NEW.goods_name IS NOT OLD.goods_name
  OR NEW.dest_code IS NOT OLD.dest_code OR NEW.weight_kg IS NOT OLD.weight_kg
  OR NEW.volume_m3 IS NOT OLD.volume_m3 OR NEW.declared_fen IS NOT OLD.declared_fen
  OR NEW.delivery IS NOT OLD.delivery OR NEW.freight_fen IS NOT OLD.freight_fen
  OR NEW.premium_fen IS NOT OLD.premium_fen OR NEW.delivery_fee_fen IS NOT OLD.delivery_fee_fen
  OR NEW.total_fen IS NOT OLD.total_fen
BEGIN SELECT RAISE(ABORT, '报价记录不能更改（只能记一次开出的运单）'); END;

-- Customer questions and complaints: received, handled, answered once. An item not
-- answered in time is points rule P14 for its handler; a confirmed complaint becomes a
-- P19 event (complaint_event_id) with the item as its evidence.
CREATE TABLE service_items (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL REFERENCES staff(id),
    caller_name         TEXT NOT NULL,
    phone               TEXT NOT NULL,
    waybill_number      TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL CHECK (category IN ('咨询', '查件', '投诉', '理赔', '其他')),
    question            TEXT NOT NULL CHECK (trim(question) <> ''),
    handler_id          TEXT NOT NULL REFERENCES staff(id),
    answered_at         TEXT,
    answered_by         TEXT,
    outcome             TEXT NOT NULL DEFAULT '',
    complaint_event_id  INTEGER,
    confirmed_by        TEXT,
    confirmed_at        TEXT
);
CREATE INDEX service_items_received ON service_items(received_at);
CREATE INDEX service_items_open ON service_items(answered_at, received_at);
CREATE TRIGGER service_items_no_delete BEFORE DELETE ON service_items
BEGIN SELECT RAISE(ABORT, '咨询投诉记录不能删除'); END;
CREATE TRIGGER service_items_kept BEFORE UPDATE ON service_items
WHEN NEW.received_at IS NOT OLD.received_at OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.caller_name IS NOT OLD.caller_name OR NEW.phone IS NOT OLD.phone
  OR NEW.waybill_number IS NOT OLD.waybill_number OR NEW.category IS NOT OLD.category
  OR NEW.question IS NOT OLD.question OR NEW.handler_id IS NOT OLD.handler_id
  OR (OLD.answered_at IS NOT NULL AND (NEW.answered_at IS NOT OLD.answered_at
      OR NEW.answered_by IS NOT OLD.answered_by OR NEW.outcome IS NOT OLD.outcome))
  OR (OLD.complaint_event_id IS NOT NULL
      AND NEW.complaint_event_id IS NOT OLD.complaint_event_id)
BEGIN SELECT RAISE(ABORT, '咨询投诉记录只能答复一次、确认一次，不能更改'); END;
",
    // 9: customer files (客户档案) — a customer is a record with several phones — and
    // monthly-account (月结) approvals with their supervisor overrides.
    r"
-- A customer's file. The phones stay in `customers` (one row per phone, the form's look-up),
-- each now pointing at its file. A file merged into another keeps its row, marked.
CREATE TABLE customer_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    merged_into  INTEGER REFERENCES customer_files(id)
);
CREATE INDEX customer_files_name ON customer_files(name);
ALTER TABLE customers ADD COLUMN customer_id INTEGER REFERENCES customer_files(id);
CREATE INDEX customers_customer ON customers(customer_id);

-- Addresses of a file (delivery addresses seen on waybills, or typed in the file).
CREATE TABLE customer_addresses (
    customer_id  INTEGER NOT NULL REFERENCES customer_files(id),
    address      TEXT NOT NULL CHECK (trim(address) <> ''),
    added_at     TEXT NOT NULL,
    PRIMARY KEY (customer_id, address)
) WITHOUT ROWID;

-- Every existing phone becomes a file of its own: two phones are one customer only when
-- a clerk merges them (two shops may share a name).
INSERT INTO customer_files (id, name, note, created_at, updated_at)
    SELECT rowid, CASE WHEN trim(name) = '' THEN phone ELSE name END, '', last_used_at, last_used_at
    FROM customers;
UPDATE customers SET customer_id = rowid;
INSERT INTO customer_addresses (customer_id, address, added_at)
    SELECT rowid, trim(address), last_used_at FROM customers WHERE trim(address) <> '';

-- Merges of duplicate files (合并): who, when, and what the merged file held (JSON).
CREATE TABLE customer_merges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kept_id    INTEGER NOT NULL REFERENCES customer_files(id),
    merged_id  INTEGER NOT NULL REFERENCES customer_files(id),
    merged_by  TEXT NOT NULL,
    merged_at  TEXT NOT NULL,
    snapshot   TEXT NOT NULL
);
CREATE TRIGGER customer_merges_no_update BEFORE UPDATE ON customer_merges
BEGIN SELECT RAISE(ABORT, '客户合并记录不能更改'); END;
CREATE TRIGGER customer_merges_no_delete BEFORE DELETE ON customer_merges
BEGIN SELECT RAISE(ABORT, '客户合并记录不能删除'); END;

-- 月结 approvals: approved by a supervisor with a limit, withdrawn (撤销) once.
CREATE TABLE credit_approvals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id   INTEGER NOT NULL REFERENCES customer_files(id),
    limit_fen     INTEGER NOT NULL CHECK (limit_fen > 0),
    approved_by   TEXT NOT NULL,
    approved_at   TEXT NOT NULL,
    withdrawn_by  TEXT,
    withdrawn_at  TEXT
);
CREATE INDEX credit_approvals_customer ON credit_approvals(customer_id, approved_at);
CREATE TRIGGER credit_approvals_withdrawn_once BEFORE UPDATE ON credit_approvals
WHEN OLD.withdrawn_at IS NOT NULL OR NEW.limit_fen <> OLD.limit_fen
    OR NEW.approved_at <> OLD.approved_at OR NEW.approved_by <> OLD.approved_by
BEGIN SELECT RAISE(ABORT, '月结审批记录只能撤销一次，不能更改'); END;
CREATE TRIGGER credit_approvals_no_delete BEFORE DELETE ON credit_approvals
BEGIN SELECT RAISE(ABORT, '月结审批记录不能删除'); END;

-- A supervisor's permission to save a 月结 waybill the credit rule refused: append-only.
CREATE TABLE credit_overrides (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    supervisor_id   TEXT NOT NULL REFERENCES staff(id),
    clerk_id        TEXT NOT NULL REFERENCES staff(id),
    waybill_number  TEXT NOT NULL,
    refusal         TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (trim(reason) <> '')
);
CREATE INDEX credit_overrides_number ON credit_overrides(waybill_number);
CREATE TRIGGER credit_overrides_no_update BEFORE UPDATE ON credit_overrides
BEGIN SELECT RAISE(ABORT, '月结授权记录不能更改'); END;
CREATE TRIGGER credit_overrides_no_delete BEFORE DELETE ON credit_overrides
BEGIN SELECT RAISE(ABORT, '月结授权记录不能删除'); END;

-- 月结 totals and rule 22 read a period's 月结 waybills only.
CREATE INDEX waybills_monthly ON waybills(issued_at) WHERE payment = '月结';
",
    // 10: the payments ledger (收款记录, issue 6) — `collections` takes every payment of a
    // waybill: 现付 at issue, 回单付 after the receipt, and refunds as negative entries
    // with a reason. Rebuilt to relax `amount_fen > 0`; its rows are kept as they are.
    r"
CREATE TABLE collections_ledger (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen <> 0),
    channel         TEXT NOT NULL CHECK (channel IN ('现金', '微信', '支付宝', '银行')),
    occasion        TEXT NOT NULL               -- 开单 / 提货 / 送货 / 送达 / 回单 / 退款
        CHECK (occasion IN ('开单', '提货', '送货', '送达', '回单', '退款')),
    reason          TEXT NOT NULL DEFAULT '',
    CHECK ((amount_fen < 0) = (occasion = '退款')),
    CHECK (occasion <> '退款' OR trim(reason) <> '')
);
INSERT INTO collections_ledger (id, waybill_number, at, staff_id, amount_fen, channel, occasion)
    SELECT id, waybill_number, at, staff_id, amount_fen, channel, occasion FROM collections;
DROP TABLE collections;
ALTER TABLE collections_ledger RENAME TO collections;
CREATE INDEX collections_number ON collections(waybill_number);
CREATE INDEX collections_at ON collections(at);
CREATE TRIGGER collections_no_update BEFORE UPDATE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能更改'); END;
CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能删除'); END;

-- Every 现付 waybill already issued (not voided) was paid at the counter when issued; the
-- channel was not asked then, so it is entered as 现金, the form's default.
INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion)
    SELECT number, issued_at, clerk_id, total_fen, '现金', '开单' FROM waybills
    WHERE payment = '现付' AND status <> '作废' AND total_fen > 0 ORDER BY issued_at, number;
",
    // 11: the cash book (收款日记账/对账, issue 6) — a shift's or a day's money by method,
    // what the ledger expected against what was counted, signed once.
    r"
CREATE TABLE cash_counts (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
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
    UNIQUE (staff_id, from_at, to_at)
);
CREATE INDEX cash_counts_from ON cash_counts(from_at);
CREATE TRIGGER cash_counts_no_update BEFORE UPDATE ON cash_counts
BEGIN SELECT RAISE(ABORT, '对账记录已签字，不能更改'); END;
CREATE TRIGGER cash_counts_no_delete BEFORE DELETE ON cash_counts
BEGIN SELECT RAISE(ABORT, '对账记录不能删除'); END;
",
    // 12: claims (理赔, issue 6) — a claim for loss or damage and, append-only, what was
    // decided on it (amount and rule), then paid or rejected.
    r"
CREATE TABLE claims (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('丢失', '破损')),
    asked_fen       INTEGER NOT NULL CHECK (asked_fen > 0),
    note            TEXT NOT NULL DEFAULT '',
    registered_by   TEXT NOT NULL,
    registered_at   TEXT NOT NULL
);
CREATE INDEX claims_number ON claims(waybill_number);
CREATE TRIGGER claims_no_update BEFORE UPDATE ON claims
BEGIN SELECT RAISE(ABORT, '理赔登记只能追加，不能更改'); END;
CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
BEGIN SELECT RAISE(ABORT, '理赔登记不能删除'); END;
CREATE TABLE claim_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    action      TEXT NOT NULL CHECK (action IN ('决定', '已赔付', '拒赔')),
    amount_fen  INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    rule        TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    staff_id    TEXT NOT NULL,
    at          TEXT NOT NULL,
    UNIQUE (claim_id, action)
);
CREATE TRIGGER claim_decisions_no_update BEFORE UPDATE ON claim_decisions
BEGIN SELECT RAISE(ABORT, '理赔决定只能追加，不能更改'); END;
CREATE TRIGGER claim_decisions_no_delete BEFORE DELETE ON claim_decisions
BEGIN SELECT RAISE(ABORT, '理赔决定不能删除'); END;
",
    // 13: money out and 月结 money in (issue 6) — the ledger takes claims paid at the
    // counter (理赔, negative, against their waybill) and a 月结 customer's payments against
    // a month's statement (月结, positive, against the customer's file and month, no
    // waybill), so the cash book holds every yuan. Rebuilt for the wider checks; rows kept.
    // Claims already paid enter the ledger. In a database that already holds 月结 waybills,
    // statements of months before `monthly_payments_from` (the month before this upgrade)
    // are taken as settled outside the program; a new database tracks every month.
    r"
CREATE TABLE collections_ledger (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,              -- '' for a 月结 payment
    at              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen <> 0),
    channel         TEXT NOT NULL CHECK (channel IN ('现金', '微信', '支付宝', '银行')),
    occasion        TEXT NOT NULL
        CHECK (occasion IN ('开单', '提货', '送货', '送达', '回单', '退款', '理赔', '月结')),
    reason          TEXT NOT NULL DEFAULT '',
    customer_id     INTEGER REFERENCES customer_files(id),
    period          TEXT,                       -- YYYY-MM of the statement paid
    CHECK ((amount_fen < 0) = (occasion IN ('退款', '理赔'))),
    CHECK (occasion NOT IN ('退款', '理赔') OR trim(reason) <> ''),
    CHECK ((occasion = '月结') = (customer_id IS NOT NULL AND period IS NOT NULL)),
    CHECK ((occasion = '月结') = (waybill_number = ''))
);
INSERT INTO collections_ledger (id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason)
    SELECT id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason FROM collections;
DROP TABLE collections;
ALTER TABLE collections_ledger RENAME TO collections;
CREATE INDEX collections_number ON collections(waybill_number);
CREATE INDEX collections_at ON collections(at);
CREATE INDEX collections_account ON collections(customer_id, period) WHERE occasion = '月结';
CREATE TRIGGER collections_no_update BEFORE UPDATE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能更改'); END;
CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections
BEGIN SELECT RAISE(ABORT, '收款记录只能追加，不能删除'); END;

INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason)
    SELECT c.waybill_number, d.at, d.staff_id, -d.amount_fen,
           CASE WHEN d.channel IN ('现金', '微信', '支付宝', '银行') THEN d.channel ELSE '现金' END,
           '理赔', '理赔 ' || c.id || '（' || c.kind || '）'
    FROM claim_decisions d JOIN claims c ON c.id = d.claim_id
    WHERE d.action = '已赔付' AND d.amount_fen > 0 ORDER BY d.at, d.id;

INSERT INTO settings (key, value)
    SELECT 'monthly_payments_from', strftime('%Y-%m', 'now', 'localtime', 'start of month', '-1 month')
    WHERE EXISTS (SELECT 1 FROM waybills WHERE payment = '月结')
    ON CONFLICT(key) DO NOTHING;
",
    // 14: the database's identity (issue 22) — a random id in the settings, made once, so
    // every copy and backup of the file carries it and the anchors each PC keeps of the
    // history it verified (`storage::anchors`) follow the data, not the path.
    r"
INSERT INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))))
    ON CONFLICT(key) DO NOTHING;
",
    // 15: the seal chain (issue 22, `storage::seals`) — one hash chain over every row of
    // the append-only tables, the money ledger included. The rows already there are
    // sealed by `migrate_to` in the same transaction.
    r"
CREATE TABLE seals (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl       TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    UNIQUE (tbl, row_id)
);
CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals
BEGIN SELECT RAISE(ABORT, '封存记录只能追加，不能更改'); END;
CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals
BEGIN SELECT RAISE(ABORT, '封存记录只能追加，不能删除'); END;
",
];

/// The level that made the seal chain: from it on, every migration seals what it left
/// unsealed.
const SEALS_LEVEL: i64 = 15;

/// The schema version this program writes.
#[allow(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The triggers the migrations leave in a database at the latest level: the ones created
/// and not dropped again by a later migration. Each guards a record (nothing deleted, an
/// append-only table, a locked month), so `check` reports one that is missing.
pub(super) fn protective_triggers() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for sql in MIGRATIONS {
        let words: Vec<&str> = sql.split_whitespace().collect();
        for (i, pair) in words.windows(2).enumerate() {
            // The name follows `TRIGGER`, or `TRIGGER IF [NOT] EXISTS`.
            let rest = &words[i + 2..];
            let (["IF", "NOT", "EXISTS", name, ..] | ["IF", "EXISTS", name, ..] | [name, ..]) =
                rest
            else {
                continue;
            };
            let name = name.trim_end_matches(';').to_owned();
            match (pair[0], pair[1]) {
                ("CREATE", "TRIGGER") if !names.contains(&name) => names.push(name),
                ("DROP", "TRIGGER") => names.retain(|n| *n != name),
                _ => {}
            }
        }
    }
    names.sort();
    names
}

/// kaidan's mark in the SQLite header (`PRAGMA application_id`): "KDAN". A database
/// made before the mark gets it on its next opening that writes.
pub(super) const APPLICATION_ID: i32 = 0x4B44_414E;

/// Why a file is not opened as kaidan's.
pub(super) enum Foreign {
    /// Another program's database (or one with tables but no kaidan schema).
    NotKaidan,
    /// The file could not even be read (not a database, unreadable …).
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Foreign {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sqlite(error)
    }
}

/// Refuses, by reading only, a file that is not kaidan's: one with another program's
/// mark, or one with tables that kaidan's schema versions do not explain. An empty file
/// (a new database) and a kaidan database from before the mark are accepted.
pub(super) fn refuse_foreign(conn: &Connection) -> Result<(), Foreign> {
    // One read transaction: the mark, the level and the tables are read as of one moment,
    // not across another counter's migration committing in between. Dropped, it ends.
    let conn = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    if id != 0 {
        return Err(Foreign::NotKaidan);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if version == 0 && objects == 0 {
        return Ok(());
    }
    // Migration 1's tables, which every kaidan database has had.
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'
         AND name IN ('settings', 'staff', 'rates', 'waybills', 'waybill_history')",
        [],
        |r| r.get(0),
    )?;
    if version >= 1 && ours == 5 {
        Ok(())
    } else {
        Err(Foreign::NotKaidan)
    }
}

/// Puts the file in WAL mode once (the mode is kept in the file). Switching needs the file
/// for a moment alone: when another process is opening it at the same instant, this waits
/// its turn as a writer does instead of failing.
pub(super) fn use_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory") {
        return Ok(());
    }
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(error)
                if super::errors::is_busy(&error)
                    && started.elapsed() < super::errors::BUSY_WAIT =>
            {
                std::thread::sleep(super::errors::BUSY_STEP);
            }
            Err(error) => return Err(error),
        }
    }
}

/// A migration that failed: the level the database said it was at when the next
/// migration could not be applied (`None` when the failure was not in a migration's own
/// SQL), and SQLite's error. Nothing of that migration was written.
#[derive(Debug)]
pub(super) struct MigrationFailure {
    pub level: Option<i64>,
    pub source: super::sql::Error,
}

impl From<rusqlite::Error> for MigrationFailure {
    fn from(source: rusqlite::Error) -> Self {
        Self {
            level: None,
            source: source.into(),
        }
    }
}

impl From<super::sql::Error> for MigrationFailure {
    fn from(source: super::sql::Error) -> Self {
        Self {
            level: None,
            source,
        }
    }
}

/// Applies every migration the database lacks, each in its own transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrationFailure> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target` (tests use this to stop at an earlier level).
///
/// Each migration runs under the write lock (`BEGIN IMMEDIATE`) and re-reads the level
/// inside it: four counters starting together on a new database apply each migration
/// once, one after the other, and none sees a level another is half-way through.
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), MigrationFailure> {
    let level = |conn: &Connection| -> rusqlite::Result<(i64, i32)> {
        Ok((
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
        ))
    };
    // Nothing to do: no write, no lock.
    if let (current, APPLICATION_ID) = level(conn)?
        && current >= target
    {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (current, _) = level(&tx)?;
        if current < target {
            let sql = usize::try_from(current)
                .ok()
                .and_then(|index| MIGRATIONS.get(index))
                .ok_or(rusqlite::Error::InvalidQuery)?;
            // A level lowered by hand (with the sqlite3 tool) meets tables that are
            // already there: said as such, not as SQLite's "duplicate column name".
            tx.execute_batch(sql).map_err(|source| MigrationFailure {
                level: Some(current),
                source: source.into(),
            })?;
            if current + 1 >= SEALS_LEVEL {
                super::seals::seal_backlog(super::sql::Conn::Sqlite(&tx))?;
            }
            tx.pragma_update(None, "user_version", current + 1)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        if current + 1 >= target {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Db, StorageError};

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn migration_1_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        let names = tables(&conn);
        for t in [
            "waybills",
            "waybill_history",
            "rates",
            "staff",
            "customers",
            "refusals",
            "settings",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }

    #[test]
    fn migration_2_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 2).unwrap();
        let names = tables(&conn);
        for t in [
            "punches",
            "point_events",
            "rule_overrides",
            "dismissals",
            "month_locks",
            "waybills",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
    }

    #[test]
    fn migration_2_from_level_1_keeps_the_staff() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO staff (id, name, joined_on, base_salary_fen) VALUES ('A01', '张三', '2025-01-01', 400000)",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, 2).unwrap();
        let name: String = conn
            .query_row("SELECT name FROM staff WHERE id = 'A01'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "张三");
        conn.execute(
            "INSERT INTO punches (staff_id, day, shift, clock_in) VALUES ('A01', '2026-11-02', '早班', '08:00')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO month_locks VALUES ('2026-11', '2026-12-01 09:00:00', 'S01', '[]', '{}', '[]')",
            [],
        )
        .unwrap();
        // The lock's trigger is in place.
        let refused = conn
            .execute(
                "INSERT INTO punches (staff_id, day, shift) VALUES ('A01', '2026-11-03', '早班')",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
    }

    #[test]
    fn migration_5_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 5).unwrap();
        let names = tables(&conn);
        for t in [
            "attendance_requests",
            "appeals",
            "handovers",
            "departures",
            "duty_overrides",
            "punches",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
    }

    #[test]
    fn migration_5_from_level_4_keeps_locks_and_guards_them() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, joined_on) VALUES
                 ('A01', '张三', '开单员', '2025-01-01'), ('S01', '刘主管', '主管', '2025-01-01');
             INSERT INTO month_locks VALUES ('2026-10', '2026-11-01 09:00:00', 'S01', '[]', '{}', '[]');",
        )
        .unwrap();
        migrate_to(&mut conn, 5).unwrap();
        let departures: String = conn
            .query_row("SELECT departures FROM month_locks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(departures, "[]", "an old lock had no departures");
        // Requests and appeals touching the locked month are refused by the triggers.
        let refused = conn
            .execute(
                "INSERT INTO attendance_requests (staff_id, kind, from_at, to_at, reason, created_at)
                 VALUES ('A01', '请假', '2026-09-30 08:00:00', '2026-11-02 08:00:00', '回老家', '2026-11-01 09:00:00')",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
        conn.execute(
            "INSERT INTO attendance_requests (staff_id, kind, from_at, to_at, reason, created_at)
             VALUES ('A01', '请假', '2026-11-03 08:00:00', '2026-11-03 12:00:00', '看病', '2026-11-01 09:00:00')",
            [],
        )
        .unwrap();
        let refused = conn
            .execute(
                "INSERT INTO appeals (staff_id, code, evidence_key, day, reason, filed_at)
                 VALUES ('A01', 'P8', 'GZ0001', '2026-10-30', '理由', '2026-11-01 09:00:00')",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
        conn.execute(
            "INSERT INTO duty_overrides (at, supervisor_id, clerk_id, reason) VALUES ('2026-11-01 09:00:00', 'S01', 'A01', '顶班')",
            [],
        )
        .unwrap();
        assert!(conn.execute("DELETE FROM duty_overrides", []).is_err());
        assert!(
            conn.execute("UPDATE duty_overrides SET reason = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn migration_6_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
             INSERT INTO point_events (staff_id, day, code, quantity, source, created_at, attachment)
             VALUES ('A01', '2026-11-20', 'P19', 1, '手工', '2026-11-21 09:00:00', 'attachments/投诉-1a2b3c4d.jpg');",
        )
        .unwrap();
        let attachment: Option<String> = conn
            .query_row("SELECT attachment FROM point_events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(attachment.as_deref(), Some("attachments/投诉-1a2b3c4d.jpg"));
    }

    #[test]
    fn migration_6_from_level_5_keeps_the_events_without_attachment() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
             INSERT INTO point_events (staff_id, day, code, quantity, source, created_at)
             VALUES ('A01', '2026-11-20', 'P19', 1, '导入', '2026-11-21 09:00:00');",
        )
        .unwrap();
        migrate_to(&mut conn, 6).unwrap();
        let (count, attachment): (i64, Option<String>) = conn
            .query_row(
                "SELECT COUNT(*), MAX(attachment) FROM point_events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((count, attachment), (1, None));
    }

    #[test]
    fn migration_7_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 7).unwrap();
        assert!(tables(&conn).iter().any(|n| n == "schedule"));
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
             INSERT INTO schedule VALUES ('A01', '2026-11-20', '早班');",
        )
        .unwrap();
        // Only the shifts a schedule holds.
        assert!(
            conn.execute(
                "INSERT INTO schedule VALUES ('A01', '2026-11-21', '请假')",
                []
            )
            .is_err()
        );
    }

    #[test]
    fn migration_7_from_level_6_guards_locked_months() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, joined_on) VALUES ('A01', '张三', '开单员', '2025-01-01');
             INSERT INTO month_locks VALUES ('2026-10', '2026-11-01 09:00:00', 'S01', '[]', '{}', '[]', '[]');
             INSERT INTO punches (staff_id, day, shift) VALUES ('A01', '2026-11-03', '早班');",
        )
        .unwrap();
        migrate_to(&mut conn, 7).unwrap();
        let punches: i64 = conn
            .query_row("SELECT COUNT(*) FROM punches", [], |r| r.get(0))
            .unwrap();
        assert_eq!(punches, 1, "clock-in records untouched");
        let refused = conn
            .execute(
                "INSERT INTO schedule VALUES ('A01', '2026-10-20', '早班')",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("该月考核已锁定"), "{refused}");
        conn.execute(
            "INSERT INTO schedule VALUES ('A01', '2026-11-20', '晚班')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn migration_8_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 8).unwrap();
        let names = tables(&conn);
        assert!(names.iter().any(|n| n == "phone_quotes"), "{names:?}");
        assert!(names.iter().any(|n| n == "service_items"), "{names:?}");
        conn.execute_batch(
            "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
             INSERT INTO phone_quotes (at, clerk_id, caller_name, phone, goods_name, dest_code,
                 weight_kg, volume_m3, delivery, freight_fen, premium_fen, delivery_fee_fen, total_fen)
             VALUES ('2026-11-23 09:00:00', 'A01', '王先生', '13912345678', '服装', '430321',
                 '300', '1.2', 0, 25500, 0, 0, 25500);
             INSERT INTO service_items (received_at, recorded_by, caller_name, phone, category,
                 question, handler_id)
             VALUES ('2026-11-23 09:00:00', 'A01', '王先生', '13912345678', '投诉', '货还没到', 'A01');",
        )
        .unwrap();
        // The quote is linked once, and otherwise kept as given.
        conn.execute(
            "UPDATE phone_quotes SET waybill_number = 'GZ1' WHERE id = 1",
            [],
        )
        .unwrap();
        for sql in [
            "UPDATE phone_quotes SET waybill_number = 'GZ2' WHERE id = 1",
            "UPDATE phone_quotes SET total_fen = 1 WHERE id = 1",
            "DELETE FROM phone_quotes",
            "UPDATE service_items SET question = '别的' WHERE id = 1",
            "DELETE FROM service_items",
            "INSERT INTO service_items (received_at, recorded_by, caller_name, phone, category,
                 question, handler_id)
             VALUES ('2026-11-23 09:00:00', 'A01', '', '', '闲聊', '？', 'A01')",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        // Answered once.
        conn.execute(
            "UPDATE service_items SET answered_at = '2026-11-23 10:00:00', answered_by = 'A01',
             outcome = '已到站' WHERE id = 1",
            [],
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE service_items SET outcome = '改' WHERE id = 1", [])
                .is_err()
        );
    }

    #[test]
    fn migration_8_from_level_7_keeps_what_was_there() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 7).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
             INSERT INTO schedule VALUES ('A01', '2026-11-20', '早班');",
        )
        .unwrap();
        migrate_to(&mut conn, 8).unwrap();
        let (staff, schedule): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM staff), (SELECT COUNT(*) FROM schedule)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((staff, schedule), (1, 1));
        let quotes: i64 = conn
            .query_row("SELECT COUNT(*) FROM phone_quotes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(quotes, 0);
    }

    /// The customer-files migration (issue 6), found by its first table, wherever it
    /// stands.
    fn customer_files_version() -> i64 {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE customer_files"))
            .unwrap();
        i64::try_from(index + 1).unwrap()
    }

    #[test]
    fn customer_files_migration_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, customer_files_version()).unwrap();
        let names = tables(&conn);
        for t in [
            "customer_files",
            "customer_addresses",
            "customer_merges",
            "credit_approvals",
            "credit_overrides",
            "customers",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
        conn.execute_batch(
            "INSERT INTO staff (id, name, role) VALUES ('S01', '刘主管', '主管');
             INSERT INTO customer_files (name, created_at, updated_at) VALUES ('宏达', '2026-11-01 09:00:00', '2026-11-01 09:00:00');
             INSERT INTO credit_approvals (customer_id, limit_fen, approved_by, approved_at) VALUES (1, 500000, 'S01', '2026-11-01 09:00:00');
             INSERT INTO credit_overrides (at, supervisor_id, clerk_id, waybill_number, refusal, reason) VALUES ('2026-11-02 09:00:00', 'S01', 'S01', 'GZ1', '超额', '老客户');
             INSERT INTO customer_merges (kept_id, merged_id, merged_by, merged_at, snapshot) VALUES (1, 1, 'S01', '2026-11-02 09:00:00', '{}');",
        )
        .unwrap();
        // Withdrawn once; the records are otherwise kept as written.
        conn.execute(
            "UPDATE credit_approvals SET withdrawn_by = 'S01', withdrawn_at = '2026-11-03 09:00:00'",
            [],
        )
        .unwrap();
        for sql in [
            "UPDATE credit_approvals SET withdrawn_at = '2026-11-04 09:00:00'",
            "UPDATE credit_approvals SET limit_fen = 1",
            "DELETE FROM credit_approvals",
            "UPDATE credit_overrides SET reason = 'x'",
            "DELETE FROM credit_overrides",
            "UPDATE customer_merges SET snapshot = 'x'",
            "DELETE FROM customer_merges",
            "INSERT INTO customer_files (name, created_at, updated_at) VALUES (' ', '', '')",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn customer_files_migration_from_the_level_before_gives_each_phone_a_file() {
        let version = customer_files_version();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, version - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (phone, name, address, phone_tail, waybill_count, last_used_at) VALUES
                 ('13912345678', '宏达服装厂', '', '5678', 3, '2026-11-20 09:00:00'),
                 ('0731-57123456', '李记批发部', '易俗河镇建设路 8 号', '3456', 2, '2026-11-21 09:00:00'),
                 ('13800004321', '李记批发部', '', '4321', 1, '2026-11-22 09:00:00');",
        )
        .unwrap();
        migrate_to(&mut conn, version).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT c.phone, f.name, c.waybill_count, (SELECT group_concat(address) FROM customer_addresses a WHERE a.customer_id = f.id)
                 FROM customers c JOIN customer_files f ON f.id = c.customer_id ORDER BY c.phone",
            )
            .unwrap();
        let rows: Vec<(String, String, i64, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "0731-57123456".into(),
                    "李记批发部".into(),
                    2,
                    Some("易俗河镇建设路 8 号".into())
                ),
                ("13800004321".into(), "李记批发部".into(), 1, None),
                ("13912345678".into(), "宏达服装厂".into(), 3, None),
            ]
        );
        let files: i64 = conn
            .query_row("SELECT COUNT(*) FROM customer_files", [], |r| r.get(0))
            .unwrap();
        assert_eq!(files, 3, "same name, two files: a clerk merges them");
    }

    /// The payments-ledger migration (issue 6), found by its table, wherever it stands.
    fn ledger_version() -> i64 {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE collections_ledger"))
            .unwrap();
        i64::try_from(index + 1).unwrap()
    }

    #[test]
    fn ledger_migration_from_empty_takes_refunds_with_a_reason() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, ledger_version()).unwrap();
        conn.execute_batch(
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', '2026-11-23 09:00:00', 'A01', 25500, '现金', '开单');
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', '2026-11-23 10:00:00', 'A01', -500, '现金', '退款', '多收');",
        )
        .unwrap();
        for sql in [
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', -500, '现金', '退款')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', 'x', 'A01', 500, '现金', '退款', '多收')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', -500, '现金', '开单')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 0, '现金', '开单')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 5, '刷卡', '开单')",
            "UPDATE collections SET amount_fen = 1",
            "DELETE FROM collections",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn ledger_migration_from_the_level_before_keeps_collections_and_enters_pay_now() {
        let version = ledger_version();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, version - 1).unwrap();
        conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
            .unwrap();
        // 提付 25500 (raw insert), and a 现付 one, and a voided 现付 one.
        insert_raw_waybill(&conn, "GZ2611230001");
        insert_raw_waybill(&conn, "GZ2611230002");
        insert_raw_waybill(&conn, "GZ2611230003");
        conn.execute_batch(
            "UPDATE waybills SET payment = '现付' WHERE number IN ('GZ2611230002', 'GZ2611230003');
             UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230003';
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', 25500, '微信', '提货');",
        )
        .unwrap();
        migrate_to(&mut conn, version).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, waybill_number, amount_fen, channel, occasion, reason FROM collections ORDER BY id")
            .unwrap();
        let rows: Vec<(i64, String, i64, String, String, String)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            rows,
            [
                (
                    1,
                    "GZ2611230001".into(),
                    25500,
                    "微信".into(),
                    "提货".into(),
                    String::new()
                ),
                (
                    2,
                    "GZ2611230002".into(),
                    25500,
                    "现金".into(),
                    "开单".into(),
                    String::new()
                ),
            ]
        );
        assert!(conn.execute("DELETE FROM collections", []).is_err());
    }

    #[test]
    fn cash_count_migration_from_empty_and_from_the_level_before() {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE cash_counts"))
            .unwrap();
        let version = i64::try_from(index + 1).unwrap();
        for start in [0, version - 1] {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, start).unwrap();
            migrate_to(&mut conn, version).unwrap();
            conn.execute_batch(
                "INSERT INTO staff (id, name) VALUES ('A01', '张丽');
                 INSERT INTO cash_counts (staff_id, period, from_at, to_at, expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen, counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen, signed_by, signed_at)
                 VALUES ('A01', 'A01 11-23 早班', '2026-11-23 07:30:00', '2026-11-23 16:30:00', 25500, 0, 0, 0, 25000, 0, 0, 0, 'A01', '2026-11-23 16:20:00');",
            )
            .unwrap();
            for sql in [
                "INSERT INTO cash_counts (staff_id, period, from_at, to_at, expected_cash_fen, expected_wechat_fen, expected_alipay_fen, expected_bank_fen, counted_cash_fen, counted_wechat_fen, counted_alipay_fen, counted_bank_fen, signed_by, signed_at) VALUES ('A01', 'x', '2026-11-23 07:30:00', '2026-11-23 16:30:00', 0, 0, 0, 0, 0, 0, 0, 0, 'A01', 'x')",
                "UPDATE cash_counts SET counted_cash_fen = 25500",
                "DELETE FROM cash_counts",
            ] {
                assert!(conn.execute(sql, []).is_err(), "{sql}");
            }
        }
    }

    #[test]
    fn claims_migration_from_empty_and_from_the_level_before() {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE claims"))
            .unwrap();
        let version = i64::try_from(index + 1).unwrap();
        for start in [0, version - 1] {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, start).unwrap();
            migrate_to(&mut conn, version).unwrap();
            conn.execute_batch(
                "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '丢失', 500000, 'A01', '2026-11-23 09:00:00');
                 INSERT INTO claim_decisions (claim_id, action, amount_fen, rule, staff_id, at) VALUES (1, '决定', 300000, '保价', 'S01', '2026-11-23 10:00:00');",
            )
            .unwrap();
            for sql in [
                "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '晚到', 100, 'A01', 'x')",
                "INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ1', '丢失', 0, 'A01', 'x')",
                "INSERT INTO claim_decisions (claim_id, action, staff_id, at) VALUES (1, '决定', 'S01', 'x')",
                "UPDATE claims SET asked_fen = 1",
                "DELETE FROM claims",
                "UPDATE claim_decisions SET amount_fen = 1",
                "DELETE FROM claim_decisions",
            ] {
                assert!(conn.execute(sql, []).is_err(), "{sql}");
            }
        }
    }

    /// The 理赔/月结 ledger migration (issue 6), found by its 月结 index.
    fn account_payments_version() -> i64 {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE INDEX collections_account"))
            .unwrap();
        i64::try_from(index + 1).unwrap()
    }

    fn setting(conn: &Connection, key: &str) -> Option<String> {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .ok()
    }

    #[test]
    fn account_payments_migration_from_empty_takes_claims_and_monthly_payments() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, account_payments_version()).unwrap();
        conn.execute_batch(
            "INSERT INTO customer_files (name, created_at, updated_at) VALUES ('宏达服装厂', '2026-11-01 09:00:00', '2026-11-01 09:00:00');
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('', '2026-11-23 09:00:00', 'A01', 10000, '银行', '月结', 1, '2026-10');
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', '2026-11-23 10:00:00', 'S01', -30000, '现金', '理赔', '理赔 1（丢失）');",
        )
        .unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM collections", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
        for sql in [
            // An occasion the ledger does not know.
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'A01', 500, '现金', '押金')",
            // 理赔 is money out, with a reason.
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ1', 'x', 'S01', 500, '现金', '理赔', '理赔 1')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ1', 'x', 'S01', -500, '现金', '理赔')",
            // 月结 names the customer and month, and no waybill.
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('', 'x', 'A01', 500, '现金', '月结')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('GZ1', 'x', 'A01', 500, '现金', '月结', 1, '2026-10')",
            "INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, customer_id, period) VALUES ('GZ1', 'x', 'A01', 500, '现金', '开单', 1, '2026-10')",
            "UPDATE collections SET amount_fen = 1",
            "DELETE FROM collections",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        let index: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'collections_account'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        // A new database tracks every month.
        assert_eq!(setting(&conn, "monthly_payments_from"), None);
    }

    #[test]
    fn account_payments_migration_from_the_level_before_enters_paid_claims() {
        // One ledger row: id, number, at, staff, fen, channel, occasion, reason, file, period.
        type Row = (
            i64,
            String,
            String,
            String,
            i64,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
        );
        let version = account_payments_version();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, version - 1).unwrap();
        conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
            .unwrap();
        insert_raw_waybill(&conn, "GZ2611230001");
        insert_raw_waybill(&conn, "GZ2611230002");
        conn.execute_batch(
            "UPDATE waybills SET payment = '月结' WHERE number = 'GZ2611230002';
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', 25500, '微信', '提货');
             INSERT INTO collections (waybill_number, at, staff_id, amount_fen, channel, occasion, reason) VALUES ('GZ2611230001', '2026-11-24 10:00:00', 'A01', -500, '现金', '退款', '多收');
             INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ2611230001', '破损', 50000, 'A01', '2026-11-25 09:00:00');
             INSERT INTO claim_decisions (claim_id, action, amount_fen, rule, staff_id, at) VALUES (1, '决定', 30000, '保价', 'S01', '2026-11-25 10:00:00');
             INSERT INTO claim_decisions (claim_id, action, amount_fen, channel, staff_id, at) VALUES (1, '已赔付', 30000, '微信', 'S01', '2026-11-25 11:00:00');
             INSERT INTO claims (waybill_number, kind, asked_fen, registered_by, registered_at) VALUES ('GZ2611230001', '丢失', 9000, 'A01', '2026-11-25 09:30:00');
             INSERT INTO claim_decisions (claim_id, action, reason, staff_id, at) VALUES (2, '拒赔', '不属实', 'S01', '2026-11-25 12:00:00');",
        )
        .unwrap();
        migrate_to(&mut conn, version).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, waybill_number, at, staff_id, amount_fen, channel, occasion, reason, customer_id, period FROM collections ORDER BY id")
            .unwrap();
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let row = |id, at: &str, staff: &str, fen, channel: &str, occasion: &str, reason: &str| {
            (
                id,
                "GZ2611230001".to_owned(),
                at.to_owned(),
                staff.to_owned(),
                fen,
                channel.to_owned(),
                occasion.to_owned(),
                reason.to_owned(),
                None,
                None,
            )
        };
        assert_eq!(
            rows,
            [
                row(1, "2026-11-24 09:00:00", "A01", 25500, "微信", "提货", ""),
                row(
                    2,
                    "2026-11-24 10:00:00",
                    "A01",
                    -500,
                    "现金",
                    "退款",
                    "多收"
                ),
                // The paid claim, once, as money out; the rejected one not at all.
                row(
                    3,
                    "2026-11-25 11:00:00",
                    "S01",
                    -30000,
                    "微信",
                    "理赔",
                    "理赔 1（破损）"
                ),
            ]
        );
        // 月结 waybills were there: months before the upgrade's previous month are settled.
        let from = setting(&conn, "monthly_payments_from").unwrap();
        let expected: String = conn
            .query_row(
                "SELECT strftime('%Y-%m', 'now', 'localtime', 'start of month', '-1 month')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(from, expected);
        assert!(conn.execute("DELETE FROM collections", []).is_err());
    }

    #[test]
    fn account_payments_migration_without_monthly_waybills_tracks_every_month() {
        let version = account_payments_version();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, version - 1).unwrap();
        conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
            .unwrap();
        insert_raw_waybill(&conn, "GZ2611230001");
        migrate_to(&mut conn, version).unwrap();
        assert_eq!(setting(&conn, "monthly_payments_from"), None);
    }

    #[test]
    fn every_migration_from_the_level_before() {
        for target in 1..=LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, target - 1).unwrap();
            migrate_to(&mut conn, target).unwrap();
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, target);
            // Running again changes nothing.
            migrate(&mut conn).unwrap();
            migrate(&mut conn).unwrap();
        }
    }

    #[test]
    fn the_rows_before_the_seal_chain_are_sealed_by_its_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, SEALS_LEVEL - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role) VALUES ('A01', '张三', '开单员');
             INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
                 VALUES ('2026-11-23 09:00:00', 'A01', '李记', '13800004321', '汽油', '易燃');
             INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
                 VALUES ('2026-11-23 09:05:00', 'A01', '王记', '13800004322', '鞭炮', '易爆');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let db = Db { conn };
        assert_eq!(db.check_seals().unwrap(), Vec::<String>::new());
        assert_eq!(db.head().unwrap().count, 2);
        // A row added behind the program's back after that is not sealed.
        db.conn
            .execute_batch(
                "INSERT INTO refusals (at, clerk_id, shipper_name, shipper_phone, goods_name, reason)
                 VALUES ('2026-11-23 10:00:00', 'A01', '赵记', '13800004323', '油漆', '易燃');",
            )
            .unwrap();
        assert_eq!(
            db.check_seals().unwrap(),
            ["拒收登记有 1 条没有封存，可能是绕过程序写入的"]
        );
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .unwrap();
            // A newer kaidan marks its databases as this one does.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute_batch("CREATE TABLE future (x)").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        match Db::open(&path) {
            Err(StorageError::TooNew { found, supported }) => {
                assert_eq!((found, supported), (LATEST_VERSION + 1, LATEST_VERSION));
            }
            Err(other) => panic!("wrong error {other}"),
            Ok(_) => panic!("a newer database was opened"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn another_programs_database_is_refused_before_any_change() {
        let dir = tempfile::tempdir().unwrap();
        for (name, setup) in [
            (
                "marked.sqlite3",
                "PRAGMA application_id = 1234; CREATE TABLE t (x);",
            ),
            ("settings.sqlite3", "CREATE TABLE settings (key, value);"),
            (
                "levelled.sqlite3",
                "PRAGMA user_version = 3; CREATE TABLE notes (x);",
            ),
        ] {
            let path = dir.path().join(name);
            Connection::open(&path)
                .unwrap()
                .execute_batch(setup)
                .unwrap();
            let before = std::fs::read(&path).unwrap();
            match Db::open(&path) {
                Err(StorageError::NotKaidan(p)) => assert_eq!(p, path),
                Err(other) => panic!("{name}: wrong error {other}"),
                Ok(_) => panic!("{name} was taken over"),
            }
            // Not even the journal mode was switched.
            assert_eq!(std::fs::read(&path).unwrap(), before, "{name}");
            assert!(!dir.path().join(format!("{name}-wal")).exists(), "{name}");
        }
    }

    #[test]
    fn a_new_database_is_marked_and_an_unmarked_old_one_gets_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.sqlite3");
        let id = |path: &std::path::Path| -> i32 {
            Connection::open(path)
                .unwrap()
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .unwrap()
        };
        drop(Db::open(&path).unwrap());
        assert_eq!(id(&path), APPLICATION_ID);
        // A kaidan database from before the mark, at level 5.
        let old = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&old).unwrap();
            migrate_to(&mut conn, 5).unwrap();
            conn.pragma_update(None, "application_id", 0).unwrap();
        }
        assert_eq!(id(&old), 0);
        let db = Db::open(&old).unwrap();
        assert_eq!(db.schema_version().unwrap(), LATEST_VERSION);
        drop(db);
        assert_eq!(id(&old), APPLICATION_ID);
    }

    #[test]
    fn four_counters_starting_together_on_a_new_file_migrate_it_once() {
        for round in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.sqlite3");
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
            let counters: Vec<_> = (0..4)
                .map(|_| {
                    let (path, barrier) = (path.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        Db::open(&path).map(|db| db.schema_version().unwrap())
                    })
                })
                .collect();
            for counter in counters {
                match counter.join().unwrap() {
                    Ok(version) => assert_eq!(version, LATEST_VERSION, "round {round}"),
                    Err(error) => panic!("round {round}: {error}"),
                }
            }
            let db = Db::open(&path).unwrap();
            assert!(db.integrity_problems().unwrap().is_empty());
        }
    }

    #[test]
    fn a_level_lowered_by_hand_is_said_in_chinese_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.sqlite3");
        drop(Db::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 5)
            .unwrap();
        match Db::open(&path) {
            Err(error @ StorageError::SchemaMismatch { level: 5, .. }) => {
                let message = error.to_string();
                assert!(message.contains("请从备份恢复"), "{message}");
            }
            Err(other) => panic!("wrong error {other}"),
            Ok(_) => panic!("opened"),
        }
        let level: i64 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(level, 5, "nothing written");
    }

    #[test]
    fn a_new_database_has_every_protective_trigger() {
        let names = protective_triggers();
        for expected in [
            "waybills_no_delete",
            "waybill_history_no_update",
            "waybill_history_no_delete",
            "point_events_locked_update",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} in {names:?}"
            );
        }
        let db = Db::open_in_memory().unwrap();
        let mut stmt = db
            .conn()
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
            .unwrap();
        let present: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for name in &names {
            assert!(present.contains(name), "{name} missing from a new database");
        }
    }

    #[test]
    fn identity_migration_from_empty_and_from_the_level_before() {
        let id = |conn: &Connection| -> String {
            conn.query_row(
                "SELECT value FROM settings WHERE key = 'database_id'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let mut empty = Connection::open_in_memory().unwrap();
        migrate_to(&mut empty, 14).unwrap();
        let made = id(&empty);
        assert_eq!(made.len(), 32);
        assert!(made.chars().all(|c| c.is_ascii_hexdigit()));
        let mut before = Connection::open_in_memory().unwrap();
        migrate_to(&mut before, 13).unwrap();
        before
            .execute(
                "INSERT INTO settings (key, value) VALUES ('station', 'x')",
                [],
            )
            .unwrap();
        migrate_to(&mut before, 14).unwrap();
        assert_ne!(id(&before), made, "each database its own");
        let station: String = before
            .query_row(
                "SELECT value FROM settings WHERE key = 'station'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(station, "x");
    }

    #[test]
    fn pragmas_are_set() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.sqlite3")).unwrap();
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = db
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }

    /// The dispatch migration (issue 4), found by its first table, wherever it stands.
    fn dispatch_version() -> i64 {
        let index = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE waybill_stages"))
            .unwrap();
        i64::try_from(index + 1).unwrap()
    }

    fn insert_raw_waybill(conn: &Connection, number: &str) {
        conn.execute(
            "INSERT INTO waybills (number, issued_at, clerk_id, status, dest_code, dest_name, shipper_name, shipper_phone, shipper_tail, consignee_name, consignee_phone, consignee_tail, goods_name, pieces, packaging, weight_kg, volume_m3, declared_by_shipper, fragile, orientation, condition, condition_note, shipper_bears_damage, delivery, delivery_address, receipt_copies, controlled_release, payment, transfer, freight_fen, premium_fen, delivery_fee_fen, total_fen, remarks)
             VALUES (?1, '2026-11-23 09:00:00', 'A01', '已开单', '430321', '湘潭市 湘潭县', '宏达', '13912345678', '5678', '李记', '13800004321', '4321', '服装', 12, '纸箱', '300', '1.2', 0, 0, '不限', '完好', '', 0, '自提', '', 0, 0, '提付', 0, 25500, 0, 0, 25500, '')",
            [number],
        )
        .unwrap();
    }

    #[test]
    fn dispatch_migration_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, dispatch_version()).unwrap();
        let names = tables(&conn);
        for t in [
            "waybill_stages",
            "waybill_events",
            "manifests",
            "manifest_pieces",
            "incoming_waybills",
            "arrival_scans",
            "arrival_issues",
            "notifications",
            "release_authorizations",
            "collections",
            "pickups",
            "delivery_tasks",
            "transfers",
            "receipts",
            "exceptions",
            "regulator_uploads",
            "waybills",
        ] {
            assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
        }
    }

    #[test]
    fn dispatch_migration_from_the_level_before_guards_loaded_waybills() {
        let version = dispatch_version();
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, version - 1).unwrap();
        conn.execute("INSERT INTO staff (id, name) VALUES ('A01', '张三')", [])
            .unwrap();
        insert_raw_waybill(&conn, "GZ2611230001");
        insert_raw_waybill(&conn, "GZ2611230002");
        migrate_to(&mut conn, version).unwrap();
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM waybills", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
        conn.execute(
            "INSERT INTO waybill_stages VALUES ('GZ2611230001', '已装车', '已装车', '2026-11-23 10:00:00')",
            [],
        )
        .unwrap();
        // A loaded waybill cannot be voided behind the program's back; one in stock can.
        let refused = conn
            .execute(
                "UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230001'",
                [],
            )
            .unwrap_err();
        assert!(refused.to_string().contains("不能作废"), "{refused}");
        conn.execute(
            "UPDATE waybills SET status = '作废' WHERE number = 'GZ2611230002'",
            [],
        )
        .unwrap();
        // The registers are append-only.
        conn.execute(
            "INSERT INTO notifications (waybill_number, at, staff_id, method, note) VALUES ('GZ2611230001', '2026-11-24 09:00:00', 'A01', '电话', '')",
            [],
        )
        .unwrap();
        for sql in [
            "UPDATE notifications SET note = 'x'",
            "DELETE FROM notifications",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }
}
