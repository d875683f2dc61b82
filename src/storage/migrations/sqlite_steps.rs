//! SQLite's migrations, one string each: migration N is `MIGRATIONS[N - 1]`. Released
//! migrations are never edited (PostgreSQL's schema: `pg_15.sql` and `pg.rs`).

/// Migration N is `MIGRATIONS[N - 1]`.
pub(super) const MIGRATIONS: &[&str] = &[
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
    // 16: attachments kept in the database (issue 14) — on a PostgreSQL server, which
    // has no folder beside it, each attachment's bytes under the path an SQLite file
    // keeps it at (`attachments/名称-hash.ext`); `kaidan copy` moves them between the
    // two. An SQLite file keeps its attachments in the folder as before.
    r"
CREATE TABLE attachment_files (
    path      TEXT PRIMARY KEY,
    content   BLOB NOT NULL,
    added_at  TEXT NOT NULL
);
",
];
