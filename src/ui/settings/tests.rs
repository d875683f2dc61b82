//! Tests of `ui::settings`.

use super::*;
use crate::domain::desk::screening::default_list;

#[test]
fn prohibited_text_round_trip() {
    let list = default_list();
    assert_eq!(prohibited_from_text(&prohibited_to_text(&list)), list);
    let parsed = prohibited_from_text("易燃易爆：汽油、柴油\n榴莲");
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed[2].category, "违禁品");
}
