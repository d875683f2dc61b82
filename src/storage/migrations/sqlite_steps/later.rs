//! SQLite migrations 5–18: requests and departures, attachments, the schedule,
//! service, customers, the money ledger, the cash book, claims, identity, seals, the
//! change watch.

/// 5: people, phase 2 — leave/outing/overtime requests, appeals, shift handovers,
/// departures, supervisor overrides of the on-duty rule.
pub(super) const PEOPLE_REQUESTS: &str = r"
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
";

/// 6: attachments — a file kept as the evidence of a point event the supervisor
/// entered (附件), copied into the `attachments` folder next to the database file.
pub(super) const ATTACHMENTS: &str = r"
-- The copy's path relative to the database's folder (attachments/录音-1a2b3c4d.m4a), so
-- the folder moves with the database; NULL without an attachment.
ALTER TABLE point_events ADD COLUMN attachment TEXT;
";

/// 7: the monthly schedule (排班) the supervisor keeps in the window.
pub(super) const SCHEDULE: &str = r"
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
";

/// 8: customer service (DOMAIN.md §5) — phone quotes (电话报价) and the questions and
/// complaints log (咨询/投诉).
pub(super) const SERVICE: &str = r"
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
";

/// 9: customer files (客户档案) — a customer is a record with several phones — and
/// monthly-account (月结) approvals with their supervisor overrides.
pub(super) const CUSTOMERS: &str = r"
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
";

/// 10: the payments ledger (收款记录, issue 6) — `collections` takes every payment of a
/// waybill: 现付 at issue, 回单付 after the receipt, and refunds as negative entries
/// with a reason. Rebuilt to relax `amount_fen > 0`; its rows are kept as they are.
pub(super) const LEDGER: &str = r"
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
";

/// 11: the cash book (收款日记账/对账, issue 6) — a shift's or a day's money by method,
/// what the ledger expected against what was counted, signed once.
pub(super) const CASH_BOOK: &str = r"
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
";

/// 12: claims (理赔, issue 6) — a claim for loss or damage and, append-only, what was
/// decided on it (amount and rule), then paid or rejected.
pub(super) const CLAIMS: &str = r"
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
";

/// 13: money out and 月结 money in (issue 6) — the ledger takes claims paid at the
/// counter (理赔, negative, against their waybill) and a 月结 customer's payments against
/// a month's statement (月结, positive, against the customer's file and month, no
/// waybill), so the cash book holds every yuan. Rebuilt for the wider checks; rows kept.
/// Claims already paid enter the ledger. In a database that already holds 月结 waybills,
/// statements of months before `monthly_payments_from` (the month before this upgrade)
/// are taken as settled outside the program; a new database tracks every month.
pub(super) const MONEY_OUT_AND_IN: &str = r"
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
";

/// 14: the database's identity (issue 22) — a random id in the settings, made once, so
/// every copy and backup of the file carries it and the anchors each PC keeps of the
/// history it verified (`storage::anchors`) follow the data, not the path.
pub(super) const IDENTITY: &str = r"
INSERT INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))))
    ON CONFLICT(key) DO NOTHING;
";

/// 15: the seal chain (issue 22, `storage::seals`) — one hash chain over every row of
/// the append-only tables, the money ledger included. The rows already there are
/// sealed by `migrate_to` in the same transaction.
pub(super) const SEALS: &str = r"
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
";

/// 16: attachments kept in the database (issue 14) — on a PostgreSQL server, which
/// has no folder beside it, each attachment's bytes under the path an SQLite file
/// keeps it at (`attachments/名称-hash.ext`); `kaidan copy` moves them between the
/// two. An SQLite file keeps its attachments in the folder as before.
pub(super) const ATTACHMENT_FILES: &str = r"
CREATE TABLE attachment_files (
    path      TEXT PRIMARY KEY,
    content   BLOB NOT NULL,
    added_at  TEXT NOT NULL
);
";

/// 17: counters that see each other (issue 15) — who last changed a customer file and
/// its revision, so a second counter's save of the same file is refused with who and when. Nothing else to
/// store on SQLite: a watcher's own connection reads `PRAGMA data_version`, which moves
/// with every commit of another connection (`storage::watch`); on PostgreSQL a statement
/// trigger on every table notifies the watchers.
pub(super) const CHANGE_WATCH: &str = r"
ALTER TABLE customer_files ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_files ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
";

/// 18: the name search's trigram indexes on PostgreSQL (`migrations/pg.rs`). Nothing on
/// SQLite: it reads the 20,000 names of a big station within the search's budget.
pub(super) const NAME_SEARCH: &str = "-- nothing on SQLite";
