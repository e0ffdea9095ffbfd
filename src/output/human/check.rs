//! Findings as `path:line:col: rule: message` lines, or as GitHub Actions
//! annotations.

use std::io::{self, Write};

use super::Paint;
use crate::finding::Finding;

/// Findings, one a line, then a summary line when there are any.
pub fn write_findings(
    out: &mut dyn Write,
    paint: &Paint,
    findings: &[Finding],
    github: bool,
) -> io::Result<()> {
    for f in findings {
        if github {
            writeln!(
                out,
                "::error file={},line={},col={},title={}::{}",
                escape_property(&f.source),
                f.line,
                f.column,
                escape_property(&format!("communique {}", f.rule)),
                escape_data(&f.message)
            )?;
        } else {
            writeln!(
                out,
                "{} {}: {}",
                paint.location(&format!("{}:{}:{}:", f.source, f.line, f.column)),
                paint.error(&f.rule),
                f.message
            )?;
        }
    }
    Ok(())
}

/// GitHub's workflow-command escaping for the message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's workflow-command escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_their_properties() {
        let finding = Finding {
            source: "a,b.txt".into(),
            line: 3,
            column: 5,
            rule: "expect".into(),
            message: "50% changed\nagain".into(),
        };
        let mut out = Vec::new();
        write_findings(&mut out, &Paint::new(false), &[finding], true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=a%2Cb.txt,line=3,col=5,title=communique expect::50%25 changed%0Aagain\n"
        );
    }
}
