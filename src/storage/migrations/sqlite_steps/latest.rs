//! Migrations 31 and on: the service desk's records of issue 18 (回访, 送货预约, 异常跟进,
//! complaints as counted). A new migration goes at the end of this file.

/// 31: return calls after release (回访, issue 18): one row per call, append-only and
/// sealed; one call that reached the customer per waybill.
pub(super) const RETURN_CALLS: &str = "
CREATE TABLE return_calls (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    station_id      INTEGER,
    called_at       TEXT NOT NULL,
    called_by       TEXT NOT NULL REFERENCES staff(id),
    clerk_id        TEXT NOT NULL,
    released_at     TEXT NOT NULL,
    release         TEXT NOT NULL CHECK (release IN ('提货', '送达')),
    result          TEXT NOT NULL CHECK (result IN ('已回访', '未接通', '拒绝回访')),
    speed           INTEGER CHECK (speed BETWEEN 1 AND 5),
    care            INTEGER CHECK (care BETWEEN 1 AND 5),
    attitude        INTEGER CHECK (attitude BETWEEN 1 AND 5),
    comment         TEXT NOT NULL DEFAULT '',
    follow_up_id    INTEGER REFERENCES service_items(id),
    CHECK ((result = '已回访') = (speed IS NOT NULL AND care IS NOT NULL AND attitude IS NOT NULL))
);
CREATE INDEX return_calls_number ON return_calls(waybill_number);
CREATE INDEX return_calls_at ON return_calls(called_at);
CREATE UNIQUE INDEX return_calls_closed ON return_calls(waybill_number) WHERE result <> '未接通';
CREATE TRIGGER return_calls_no_update BEFORE UPDATE ON return_calls
BEGIN SELECT RAISE(ABORT, '回访记录只能追加，不能更改'); END;
CREATE TRIGGER return_calls_no_delete BEFORE DELETE ON return_calls
BEGIN SELECT RAISE(ABORT, '回访记录只能追加，不能删除'); END;
";

/// 32: delivery appointments (送货预约, issue 18): an appointment is written once; only
/// its closing (改约 or 未履约, with who, when and why) is added later, once. One open
/// appointment per waybill.
pub(super) const APPOINTMENTS: &str = "
CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    waybill_number  TEXT NOT NULL,
    station_id      INTEGER,
    made_at         TEXT NOT NULL,
    made_by         TEXT NOT NULL REFERENCES staff(id),
    day             TEXT NOT NULL,
    window_from     TEXT NOT NULL,
    window_to       TEXT NOT NULL CHECK (window_to > window_from),
    address         TEXT NOT NULL CHECK (trim(address) <> ''),
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL,
    vehicle         TEXT NOT NULL DEFAULT '',
    said            TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT '有效' CHECK (state IN ('有效', '已改约', '未履约')),
    closed_at       TEXT,
    closed_by       TEXT,
    close_reason    TEXT NOT NULL DEFAULT '',
    replaces        INTEGER REFERENCES appointments(id),
    CHECK ((state = '有效') = (closed_at IS NULL))
);
CREATE INDEX appointments_day ON appointments(day, state);
CREATE UNIQUE INDEX appointments_open ON appointments(waybill_number) WHERE state = '有效';
CREATE TRIGGER appointments_close_once BEFORE UPDATE ON appointments
WHEN OLD.state <> '有效'
  OR NEW.id IS NOT OLD.id OR NEW.waybill_number IS NOT OLD.waybill_number
  OR NEW.station_id IS NOT OLD.station_id OR NEW.made_at IS NOT OLD.made_at
  OR NEW.made_by IS NOT OLD.made_by OR NEW.day IS NOT OLD.day
  OR NEW.window_from IS NOT OLD.window_from OR NEW.window_to IS NOT OLD.window_to
  OR NEW.address IS NOT OLD.address OR NEW.contact_name IS NOT OLD.contact_name
  OR NEW.contact_phone IS NOT OLD.contact_phone OR NEW.vehicle IS NOT OLD.vehicle
  OR NEW.said IS NOT OLD.said OR NEW.replaces IS NOT OLD.replaces
BEGIN SELECT RAISE(ABORT, '预约只能改约或登记未履约一次，内容不能更改'); END;
CREATE TRIGGER appointments_no_delete BEFORE DELETE ON appointments
BEGIN SELECT RAISE(ABORT, '预约记录不能删除'); END;
";

/// 33: exceptions followed to closure (异常跟进, issue 18): the steps of each case, written
/// once; a case closes once.
pub(super) const CASE_STEPS: &str = "
CREATE TABLE case_steps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_key        TEXT NOT NULL,
    waybill_number  TEXT NOT NULL,
    at              TEXT NOT NULL,
    by_staff        TEXT NOT NULL REFERENCES staff(id),
    step            TEXT NOT NULL CHECK (step IN ('指派', '告知客户', '下一步', '发货方决定', '结案')),
    owner           TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', '退回', '再派送', '暂存')),
    return_number   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_steps_key ON case_steps(case_key, id);
CREATE UNIQUE INDEX case_steps_closed ON case_steps(case_key) WHERE step = '结案';
CREATE TRIGGER case_steps_no_update BEFORE UPDATE ON case_steps
BEGIN SELECT RAISE(ABORT, '异常处理记录只能追加，不能更改'); END;
CREATE TRIGGER case_steps_no_delete BEFORE DELETE ON case_steps
BEGIN SELECT RAISE(ABORT, '异常处理记录只能追加，不能删除'); END;
";

/// 34: complaints as counted (issue 18): how an item came in, what a complaint is about,
/// the station it was received at, and its trail of transfers and replies (append-only).
pub(super) const COMPLAINT_TRAIL: &str = "
ALTER TABLE service_items ADD COLUMN channel TEXT NOT NULL DEFAULT '电话'
    CHECK (channel IN ('电话', '微信', '到店', '网上'));
ALTER TABLE service_items ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN station_id INTEGER;
CREATE TRIGGER service_items_kept_source BEFORE UPDATE ON service_items
WHEN NEW.channel IS NOT OLD.channel OR NEW.cause IS NOT OLD.cause
  OR NEW.station_id IS NOT OLD.station_id
BEGIN SELECT RAISE(ABORT, '咨询投诉记录只能答复一次、确认一次，不能更改'); END;
CREATE TABLE service_item_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     INTEGER NOT NULL REFERENCES service_items(id),
    at          TEXT NOT NULL,
    by_staff    TEXT NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL CHECK (kind IN ('转交', '回复')),
    to_handler  TEXT NOT NULL DEFAULT '',
    to_station  INTEGER,
    text        TEXT NOT NULL CHECK (trim(text) <> '')
);
CREATE INDEX service_item_steps_item ON service_item_steps(item_id, id);
CREATE TRIGGER service_item_steps_no_update BEFORE UPDATE ON service_item_steps
BEGIN SELECT RAISE(ABORT, '投诉处理记录只能追加，不能更改'); END;
CREATE TRIGGER service_item_steps_no_delete BEFORE DELETE ON service_item_steps
BEGIN SELECT RAISE(ABORT, '投诉处理记录只能追加，不能删除'); END;
";

/// 35: what the monthly review reads by month found by index: the history's alterations
/// by when (P2, P3 and P5), and a waybill's own events of one kind (the first load of
/// P21 and whether its labels were printed by then). Without them every review read the
/// whole history, one row per waybill ever issued, and walked the month's loads once
/// for each load.
pub(super) const REVIEW_INDEXES: &str = "
CREATE INDEX waybill_history_action_at ON waybill_history(action, at);
CREATE INDEX waybill_events_number_action ON waybill_events(waybill_number, action, at);
";
