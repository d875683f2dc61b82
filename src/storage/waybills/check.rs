//! What `check` proves of the waybills: the alteration history's chain, every waybill
//! equal to its last snapshot, the derived columns derived again, and every protective
//! trigger in place.

use super::load_waybill;
use crate::domain::desk::alteration::{GENESIS_HASH, HistoryAction, HistoryContent, entry_hash};
use crate::domain::desk::waybill::IssuedWaybill;
use crate::storage::sql::{Dialect, NO_ARGS, Row, args};
use crate::storage::{Db, Result};

impl Db {
    /// Checks the alteration history: every hash recomputed in order, and every waybill
    /// equal to the snapshot its last history entry recorded. Returns one Chinese line per
    /// problem; empty when all is sound.
    pub fn check_history(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut previous = GENESIS_HASH.to_owned();
        let mut last_snapshot: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        self.sql().for_each("SELECT id, waybill_number, at, staff_id, action, reason, changes, snapshot, prev_hash, hash FROM waybill_history ORDER BY id", NO_ARGS, |r: &Row| -> Result<()> {
            let id: i64 = r.get(0)?;
            let number: String = r.get(1)?;
            let at: String = r.get(2)?;
            let staff_id: String = r.get(3)?;
            let action_text: String = r.get(4)?;
            let reason: String = r.get(5)?;
            let changes_json: String = r.get(6)?;
            let snapshot_json: String = r.get(7)?;
            let prev_hash: String = r.get(8)?;
            let hash: String = r.get(9)?;
            let Some(action) = HistoryAction::from_label(&action_text) else {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}）：未知的操作「{action_text}」"
                ));
                return Ok(());
            };
            if prev_hash != previous {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}）：与上一条记录断链，可能有记录被删除或插入"
                ));
            }
            let content = HistoryContent {
                waybill_number: &number,
                at: &at,
                staff_id: &staff_id,
                action,
                reason: &reason,
                changes_json: &changes_json,
                snapshot_json: &snapshot_json,
            };
            if entry_hash(&prev_hash, &content) != hash {
                problems.push(format!(
                    "修改记录第 {id} 条（{number}，{at}）：内容被改动过（校验值不符）"
                ));
            }
            previous = hash;
            last_snapshot.insert(number, snapshot_json);
            Ok(())
        })?;
        let mut numbers: Vec<&String> = last_snapshot.keys().collect();
        numbers.sort();
        for number in numbers {
            let Ok(mut recorded) = serde_json::from_str::<IssuedWaybill>(&last_snapshot[number])
            else {
                problems.push(format!("运单 {number}：修改记录中的运单内容无法读取"));
                continue;
            };
            match load_waybill(self.sql(), number) {
                Ok(Some(current)) if same_record(&current, &mut recorded) => {}
                Ok(Some(_)) => problems.push(format!(
                    "运单 {number}：当前内容与修改记录不符，可能被绕过程序改动"
                )),
                Ok(None) => problems.push(format!("运单 {number}：有修改记录，但运单不见了")),
                Err(e) => problems.push(format!("运单 {number}：无法读取（{e}）")),
            }
        }
        let orphans: i64 = self.sql().one(
            "SELECT COUNT(*) FROM waybills w WHERE NOT EXISTS (SELECT 1 FROM waybill_history h WHERE h.waybill_number = w.number)",
            NO_ARGS)?;
        if orphans > 0 {
            problems.push(format!(
                "有 {orphans} 张运单没有开单记录，可能是绕过程序写入的"
            ));
        }
        problems.extend(self.derived_column_problems()?);
        problems.extend(self.missing_triggers()?);
        Ok(problems)
    }

    /// Columns stored for searching and for the review that are derived from the rest of
    /// the waybill (the phones' last four digits, the short charge): each is derived
    /// again and compared, since the history's snapshot does not hold them.
    fn derived_column_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();

        self.sql().for_each("SELECT number, shipper_phone, shipper_tail, consignee_phone, consignee_tail,
                    short_charge_fen,
                    CASE WHEN rate_freight_fen IS NOT NULL AND rate_freight_fen > freight_fen
                         THEN rate_freight_fen - freight_fen ELSE 0 END
             FROM waybills ORDER BY number",
                NO_ARGS, |r: &Row| -> Result<()> {
            let number: String = r.get(0)?;
            let tails = [(1, 2, "发货方电话尾号"), (3, 4, "收货方电话尾号")];
            for (phone, tail, what) in tails {
                let phone: String = r.get(phone)?;
                let tail: String = r.get(tail)?;
                if crate::domain::desk::phone::tail4(&phone) != tail {
                    problems.push(format!(
                        "运单 {number}：{what}「{tail}」与电话 {phone} 不符，可能被绕过程序改动"
                    ));
                }
            }
            let stored: i64 = r.get(5)?;
            let derived: i64 = r.get(6)?;
            if stored != derived {
                problems.push(format!(
                    "运单 {number}：短收金额（{}）与报价表运费和实收运费之差（{}）不符，可能被绕过程序改动",
                    crate::domain::money::format_yuan(crate::domain::money::from_fen(stored)),
                    crate::domain::money::format_yuan(crate::domain::money::from_fen(derived))
                ));
            }
            Ok(())
        })?;
        Ok(problems)
    }

    /// The protective triggers that are not in the database (dropped with another tool,
    /// or on PostgreSQL disabled by a superuser).
    pub(in crate::storage) fn missing_triggers(&self) -> Result<Vec<String>> {
        let sql = match self.sql().dialect() {
            Dialect::Sqlite => "SELECT name FROM sqlite_schema WHERE type = 'trigger'",
            Dialect::Postgres => {
                "SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
                   AND c.relnamespace = current_schema()::regnamespace"
            }
        };
        let present: std::collections::BTreeSet<String> = self
            .sql()
            .query_map(sql, NO_ARGS, |r| r.get(0))?
            .into_iter()
            .collect();
        Ok(crate::storage::migrations::protective_triggers()
            .into_iter()
            .filter(|name| !present.contains(name))
            .map(|name| {
                format!("保护触发器 {name} 不见了：数据库被其他工具改动过，请从备份恢复并联系 IT")
            })
            .collect())
    }

    /// The waybills paid 回单付 with no receipt copy (issued before kaidan refused them,
    /// M2): the receipt can never be registered nor the money collected until a
    /// supervisor alters the copies. Numbers, oldest first; voided ones left out.
    pub fn receiptless_on_receipt(&self) -> Result<Vec<String>> {
        Ok(self.sql().query_map(
            "SELECT number FROM waybills
             WHERE payment = ?1 AND receipt_copies = 0 AND status <> ?2
             ORDER BY issued_at, number",
            args![
                crate::domain::desk::waybill::PaymentMethod::OnReceipt.label(),
                crate::domain::desk::waybill::WaybillStatus::Void.label()
            ],
            |r| r.get(0),
        )?)
    }

    /// How many waybills there are.
    pub fn waybill_count(&self) -> Result<u64> {
        let count: i64 = self.sql().one("SELECT COUNT(*) FROM waybills", NO_ARGS)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

/// Whether a stored waybill is what its last history entry recorded. The clerk's name
/// comes from the staff list, which may be completed or corrected later, so only the 工号
/// counts.
fn same_record(current: &IssuedWaybill, recorded: &mut IssuedWaybill) -> bool {
    recorded.clerk_name.clone_from(&current.clerk_name);
    *current == *recorded
}
