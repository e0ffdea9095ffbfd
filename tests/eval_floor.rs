//! The dev set (`fixtures/gold/`, hand-labeled following ANNOTATION.md) is
//! scored by `communique eval`, and the scores may not drop below the
//! committed floors: a ratchet. Raise a floor when the analyzer improves;
//! never lower one to make a change pass.

use assert_cmd::Command;
use serde_json::Value;

/// Gold texts in the dev set.
const TEXTS: u64 = 16;
/// Boundary F1 over all gold units.
const BOUNDARY_F1: f64 = 0.995;
/// Gold units whose speaker is right (of 213).
const SPEAKERS_RIGHT: u64 = 207;
/// Micro F1 over the four core topics.
const TOPIC_MICRO_F1: f64 = 0.90;

#[test]
fn dev_set_scores_stay_at_or_above_the_floors() {
    let out = Command::cargo_bin("communique")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(["eval", "fixtures/gold", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["kind"], "eval");
    let total = &json["total"];
    let texts = json["texts"].as_array().unwrap().len() as u64;
    let boundary = total["boundaries"]["f1"].as_f64().unwrap();
    let right = total["speakers_right"].as_u64().unwrap();
    let of = total["speakers_total"].as_u64().unwrap();
    let topics = total["topics_micro"]["f1"].as_f64().unwrap();
    eprintln!(
        "dev set: {texts} texts; boundary F1 {boundary:.3}; speakers {right}/{of}; topic micro F1 {topics:.3}"
    );
    assert_eq!(texts, TEXTS, "gold texts");
    assert_eq!(
        total["unlocated"], 0,
        "every gold unit is found in its source"
    );
    assert!(
        boundary >= BOUNDARY_F1,
        "boundary F1 {boundary} < {BOUNDARY_F1}"
    );
    assert!(
        right >= SPEAKERS_RIGHT,
        "speakers right {right} < {SPEAKERS_RIGHT}"
    );
    assert!(
        topics >= TOPIC_MICRO_F1,
        "topic micro F1 {topics} < {TOPIC_MICRO_F1}"
    );
}
