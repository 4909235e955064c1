//! The week's replies for printing (悄悄话信箱回信): one letter per page with its number and
//! pseudonym, the child's letter quoted, the reply — never a staff member's or child's name.

use super::ExportError;
use crate::domain::access::Operation;
use crate::model::{AuditAction, Letter, LetterStatus, RecordRef};
use crate::store::Session;
use crate::tr;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyFormat {
    /// Plain text, a form feed between pages (any printer, any editor).
    Txt,
    /// Markdown, `---` and a page-break comment between pages.
    Md,
    /// A web page, one `page-break-after` block per letter (print from a browser).
    Html,
}

impl ReplyFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReplyFormat::Txt => "txt",
            ReplyFormat::Md => "md",
            ReplyFormat::Html => "html",
        }
    }
}

/// What a print did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// The letters printed (and now marked printed), in order of opening.
    pub numbers: Vec<String>,
    /// Letters of the week without a finished reply, left out.
    pub unanswered: usize,
}

/// Stored text as it may go on paper: no control characters (a form feed inside a letter
/// would break the pages), line ends kept.
pub(super) fn printable(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

pub(super) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown: every ASCII punctuation mark backslash-escaped (CommonMark allows it), so a
/// letter cannot start a heading, a rule, a list or raw HTML.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn pseudonym(letter: &Letter) -> String {
    match letter.pseudonym.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => printable(p),
        _ => tr!("mailbox.print.unsigned"),
    }
}

/// Writes `letters` (already chosen) as pages. Only the number, pseudonym, date, the letter
/// and the reply are read: `replied_by` is never printed.
pub fn write_replies(
    letters: &[Letter],
    format: ReplyFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let title = tr!("mailbox.print.title");
    if format == ReplyFormat::Html {
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>body {{ font-family: serif; font-size: 14pt; line-height: 1.7; }} blockquote {{ border-left: 3px solid #999; margin-left: 0; padding-left: 1em; }}</style>\n</head>\n<body>",
            html_escape(&title)
        )?;
    }
    for (i, l) in letters.iter().enumerate() {
        let last = i + 1 == letters.len();
        let number = l.number.to_string();
        let head_number = tr!("mailbox.print.number", number = number);
        let head_name = tr!("mailbox.print.pseudonym", name = pseudonym(l));
        let head_day = tr!("mailbox.print.received", day = l.received);
        let your_letter = tr!("mailbox.print.your_letter");
        let reply_head = tr!("mailbox.print.reply");
        let text = printable(&l.text);
        let reply = printable(&l.reply);
        match format {
            ReplyFormat::Txt => {
                writeln!(out, "{title}\n\n{head_number}\n{head_name}\n{head_day}\n")?;
                writeln!(out, "{your_letter}")?;
                for line in text.lines() {
                    writeln!(out, "  │ {line}")?;
                }
                writeln!(out, "\n{reply_head}\n")?;
                for line in reply.lines() {
                    writeln!(out, "{line}")?;
                }
                if !last {
                    write!(out, "\x0c")?;
                }
            }
            ReplyFormat::Md => {
                writeln!(out, "# {}\n", md_escape(&title))?;
                writeln!(
                    out,
                    "**{}**  \n{}  \n{}\n",
                    md_escape(&head_number),
                    md_escape(&head_name),
                    md_escape(&head_day)
                )?;
                writeln!(out, "## {}\n", md_escape(&your_letter))?;
                for line in text.lines() {
                    writeln!(out, "> {}  ", md_escape(line))?;
                }
                writeln!(out, "\n## {}\n", md_escape(&reply_head))?;
                for line in reply.lines() {
                    writeln!(out, "{}  ", md_escape(line))?;
                }
                if !last {
                    writeln!(out, "\n---\n<!-- pagebreak -->\n")?;
                }
            }
            ReplyFormat::Html => {
                let style = if last {
                    ""
                } else {
                    " style=\"page-break-after: always\""
                };
                writeln!(out, "<div class=\"letter\"{style}>")?;
                writeln!(out, "<h1>{}</h1>", html_escape(&title))?;
                writeln!(
                    out,
                    "<p><strong>{}</strong><br>{}<br>{}</p>",
                    html_escape(&head_number),
                    html_escape(&head_name),
                    html_escape(&head_day)
                )?;
                writeln!(out, "<h2>{}</h2>", html_escape(&your_letter))?;
                writeln!(
                    out,
                    "<blockquote>{}</blockquote>",
                    html_escape(&text).replace('\n', "<br>\n")
                )?;
                writeln!(out, "<h2>{}</h2>", html_escape(&reply_head))?;
                writeln!(
                    out,
                    "<p>{}</p>",
                    html_escape(&reply).replace('\n', "<br>\n")
                )?;
                writeln!(out, "</div>")?;
            }
        }
    }
    if format == ReplyFormat::Html {
        writeln!(out, "</body>\n</html>")?;
    }
    Ok(())
}

/// One ISO week's letters as a print sees them.
#[derive(Clone, Debug, Default)]
pub struct WeekToPrint {
    /// The letters with a finished reply, in order of opening: what goes on paper.
    pub answered: Vec<Letter>,
    /// Letters of the week without a finished reply, left out.
    pub unanswered: usize,
}

/// The week's letters, split into those to print and those still waiting for a reply.
pub fn week_to_print(session: &Session, year: i32, week: u32) -> Result<WeekToPrint, ExportError> {
    session.allow(Operation::PrintReplies)?;
    let letters = session.reader()?.letters_of_week(year, week)?;
    let (answered, waiting): (Vec<Letter>, Vec<Letter>) = letters
        .into_iter()
        .partition(|l| l.status == LetterStatus::Replied && !l.reply.trim().is_empty());
    Ok(WeekToPrint {
        answered,
        unanswered: waiting.len(),
    })
}

/// Marks the printed letters printed, in one transaction with one audit event per letter
/// (naming the letter only). Called only once the file holding them is written whole, so a
/// failed write never locks a letter as printed. Letters printed before (a jammed printer)
/// stay printed.
pub fn mark_printed(session: &Session, week: &WeekToPrint) -> Result<Printed, ExportError> {
    if !week.answered.is_empty() {
        session.write(|w| {
            for l in &week.answered {
                let mut l = l.clone();
                l.printed = true;
                w.put_letter(Operation::PrintReplies, &l)?;
                w.audit(
                    AuditAction::Print,
                    RecordRef::Letter(l.id.0),
                    l.number.to_string(),
                )?;
            }
            Ok(())
        })?;
    }
    Ok(Printed {
        numbers: week.answered.iter().map(|l| l.number.to_string()).collect(),
        unanswered: week.unanswered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CounselorId, LetterId, LetterNumber};
    use chrono::NaiveDate;

    fn letter(seq: u32, pseudonym: Option<&str>, text: &str, reply: &str) -> Letter {
        Letter {
            id: LetterId(u64::from(seq)),
            number: LetterNumber {
                year: 2026,
                week: 48,
                seq,
            },
            received: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            pseudonym: pseudonym.map(String::from),
            text: text.into(),
            status: LetterStatus::Replied,
            needs_attention: false,
            attention_reason: String::new(),
            reply: reply.into(),
            replied_by: Some(CounselorId(7)),
            replied_at: None,
            printed: false,
            attention_closed: None,
            incident: None,
        }
    }

    fn render(letters: &[Letter], f: ReplyFormat) -> String {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let mut v = Vec::new();
        write_replies(letters, f, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn text_has_one_page_per_letter_and_no_stray_form_feed() {
        let ls = [
            letter(1, Some("小星星"), "我想妈妈\x0c了", "妈妈也想你"),
            letter(2, None, "第二封", "回信二"),
        ];
        let t = render(&ls, ReplyFormat::Txt);
        assert_eq!(t.matches('\x0c').count(), 1, "{t}");
        let pages: Vec<&str> = t.split('\x0c').collect();
        assert!(pages[0].contains("2026-W48-01") && pages[0].contains("小星星"));
        assert!(pages[0].contains("│ 我想妈妈了") && pages[0].contains("妈妈也想你"));
        assert!(pages[1].contains("2026-W48-02") && pages[1].contains("无署名"));
    }

    #[test]
    fn html_is_escaped_and_breaks_pages() {
        let ls = [
            letter(1, Some("<b>"), "<script>alert(1)</script>", "a & b"),
            letter(2, None, "x", "y"),
        ];
        let h = render(&ls, ReplyFormat::Html);
        assert!(!h.contains("<script>") && h.contains("&lt;script&gt;"));
        assert!(h.contains("&lt;b&gt;") && h.contains("a &amp; b"));
        assert_eq!(h.matches("page-break-after: always").count(), 1);
    }

    #[test]
    fn markdown_cannot_be_broken_by_the_letter() {
        let ls = [
            letter(1, None, "---\n# 标题", "<i>回信</i>"),
            letter(2, None, "x", "y"),
        ];
        let m = render(&ls, ReplyFormat::Md);
        assert!(m.contains("> \\-\\-\\-") && m.contains("> \\# 标题"));
        assert!(m.contains("\\<i\\>"));
        assert_eq!(m.matches("<!-- pagebreak -->").count(), 1);
        assert_eq!(m.lines().filter(|l| *l == "---").count(), 1);
    }
}
