//! The week's replies for printing (悄悄话信箱回信): one letter per A4 page with its number, the
//! child greeted by pseudonym, at most the letter's first line, the reply — in the school's
//! language, never a staff member's or child's name. The pages go back through a box the
//! children share, so what a child wrote stays off them.

use super::ExportError;
use crate::config::{Config, ReplyQuote};
use crate::domain::access::Operation;
use crate::i18n::{self, Lang};
use crate::model::{Letter, LetterStatus};
use crate::store::Session;
use askama::Template;
use chrono::{Datelike, NaiveDate};
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

/// How a school's printed replies look: set by the school (config.toml), not by the reader's
/// screen, since the page is for a child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintStyle {
    /// The children's language (`[school] language`).
    pub lang: Lang,
    /// How much of the letter goes back with the reply (`[replies] quote`).
    pub quote: ReplyQuote,
    /// A quoted line holding one of these is left out: the box is shared.
    pub danger_words: Vec<String>,
}

impl Default for PrintStyle {
    fn default() -> PrintStyle {
        PrintStyle::of(&Config::default())
    }
}

impl PrintStyle {
    pub fn of(config: &Config) -> PrintStyle {
        PrintStyle {
            lang: config.school_lang,
            quote: config.reply_quote,
            danger_words: config.danger_words.clone(),
        }
    }

    fn text(&self, key: &'static str) -> &'static str {
        i18n::text_in(self.lang, key)
    }

    fn fill(&self, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        i18n::fill(self.text(key), args)
    }

    fn date(&self, day: NaiveDate) -> String {
        self.fill(
            "mailbox.print.date",
            &[
                ("year", &day.year()),
                ("month", &day.month()),
                ("day", &day.day()),
                ("month_name", &day.format("%B")),
            ],
        )
    }
}

/// At most this many characters of the letter's first line go back on paper.
const QUOTE_CHARS: usize = 30;

/// What the page quotes of the letter: its first line that is not blank, cut to
/// `QUOTE_CHARS`, with whether more followed. Nothing when the style quotes nothing or the line
/// holds a danger word: a reply goes back through a box other children open.
fn quoted(letter: &Letter, style: &PrintStyle) -> Option<(String, bool)> {
    if style.quote == ReplyQuote::None {
        return None;
    }
    let text = printable(&letter.text);
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next()?;
    if !crate::config::danger::matches(&style.danger_words, first).is_empty() {
        return None;
    }
    let cut: String = first.chars().take(QUOTE_CHARS).collect();
    let more = cut.len() < first.len() || lines.any(|l| !l.is_empty());
    Some((cut, more))
}

/// The greeting: the child's pseudonym when the letter was signed ("小星星："), else none;
/// none either when the reply already greets the child (`mailbox::reply_greets`).
fn greeting(letter: &Letter, style: &PrintStyle) -> Option<String> {
    let name = match letter.pseudonym.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => printable(p).replace('\n', " "),
        _ => return None,
    };
    if crate::mailbox::reply_greets(&printable(&letter.reply), &name) {
        return None;
    }
    Some(style.fill("mailbox.print.greeting", &[("name", &name)]))
}

/// One page's words, in the school's language.
struct Page {
    title: String,
    meta: String,
    quote: Option<(String, String)>,
    greeting: Option<String>,
    reply: String,
}

impl Page {
    fn of(letter: &Letter, style: &PrintStyle) -> Page {
        let number = style.fill(
            "mailbox.print.number",
            &[("number", &letter.number.to_string())],
        );
        let received = style.fill(
            "mailbox.print.received",
            &[("day", &style.date(letter.received))],
        );
        Page {
            title: style.text("mailbox.print.title").to_string(),
            meta: format!(
                "{number}{}{received}",
                style.text("mailbox.print.separator")
            ),
            quote: quoted(letter, style).map(|(line, more)| {
                let tail = if more {
                    style.text("mailbox.print.ellipsis")
                } else {
                    ""
                };
                (
                    style.text("mailbox.print.your_letter").to_string(),
                    format!("{line}{tail}"),
                )
            }),
            greeting: greeting(letter, style),
            reply: printable(&letter.reply).trim().to_string(),
        }
    }

    /// The reply's paragraphs for the web page: its lines that are not blank.
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.reply.lines().map(str::trim).filter(|l| !l.is_empty())
    }
}

/// The pages as a web page (`src/export/templates/replies.html`): every value escaped by the template.
#[derive(Template)]
#[template(path = "replies.html", config = "src/export/askama.toml")]
struct RepliesHtml<'a> {
    lang: &'a str,
    title: &'a str,
    pages: Vec<Page>,
}

/// Writes `letters` (already chosen) as pages in the school's language. Only the number, the
/// pseudonym, the date, the letter's first line and the reply are read: `replied_by` is never
/// printed, and nothing past the letter's first line.
pub fn write_replies(
    letters: &[Letter],
    format: ReplyFormat,
    style: &PrintStyle,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let pages = letters.iter().map(|l| Page::of(l, style));
    if format == ReplyFormat::Html {
        let lang = match style.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        let html = RepliesHtml {
            lang,
            title: style.text("mailbox.print.title"),
            pages: pages.collect(),
        };
        return html.write_into(out);
    }
    for (i, page) in pages.enumerate() {
        if i > 0 {
            match format {
                ReplyFormat::Md => writeln!(out, "\n---\n<!-- pagebreak -->\n")?,
                _ => write!(out, "\x0c")?,
            }
        }
        match format {
            ReplyFormat::Md => write_md(&page, out)?,
            _ => write_txt(&page, out)?,
        }
    }
    Ok(())
}

fn write_txt(page: &Page, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}\n{}\n", page.title, page.meta)?;
    if let Some((head, line)) = &page.quote {
        writeln!(out, "{head}\n  │ {line}\n")?;
    }
    if let Some(g) = &page.greeting {
        writeln!(out, "{g}")?;
    }
    for line in page.reply.lines() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_md(page: &Page, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "# {}\n\n{}\n",
        md_escape(&page.title),
        md_escape(&page.meta)
    )?;
    if let Some((head, line)) = &page.quote {
        writeln!(out, "{}\n\n> {}\n", md_escape(head), md_escape(line))?;
    }
    if let Some(g) = &page.greeting {
        writeln!(out, "{}  ", md_escape(g))?;
    }
    for line in page.reply.lines() {
        writeln!(out, "{}  ", md_escape(line))?;
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
        session.write(|w| w.mark_replies_printed(&week.answered))?;
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
        render_in(letters, f, &PrintStyle::default())
    }

    fn render_in(letters: &[Letter], f: ReplyFormat, style: &PrintStyle) -> String {
        let mut v = Vec::new();
        write_replies(letters, f, style, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    fn english_school() -> PrintStyle {
        PrintStyle {
            lang: Lang::En,
            ..PrintStyle::default()
        }
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
        assert!(pages[0].contains("2026-W48-01") && pages[0].contains("小星星："));
        assert!(pages[0].contains("│ 我想妈妈了") && pages[0].contains("妈妈也想你"));
        assert!(pages[1].contains("2026-W48-02") && pages[1].contains("回信二"));
    }

    #[test]
    fn html_is_escaped_and_breaks_pages() {
        let ls = [
            letter(1, Some("<b>"), "<script>alert(1)</script>", "a & b"),
            letter(2, None, "x", "y"),
        ];
        let h = render(&ls, ReplyFormat::Html);
        assert!(!h.contains("<script>") && h.contains("&#60;script&#62;"));
        assert!(h.contains("&#60;b&#62;") && h.contains("a &#38; b"));
        assert_eq!(h.matches("page-break-after: always").count(), 1);
    }

    #[test]
    fn markdown_cannot_be_broken_by_the_letter() {
        let ls = [
            letter(1, None, "---\n# 标题", "<i>回信</i>"),
            letter(2, None, "x", "y"),
        ];
        let m = render(&ls, ReplyFormat::Md);
        assert!(m.contains("> \\-\\-\\-"), "{m}");
        assert!(m.contains("\\<i\\>"));
        assert_eq!(m.matches("<!-- pagebreak -->").count(), 1);
        assert_eq!(m.lines().filter(|l| *l == "---").count(), 1);
    }

    /// Chromium printed the pages on US Letter in whatever font it found: the page asks for A4
    /// and names the fonts a Chinese school's computer has, at a size a child reads easily.
    #[test]
    fn the_page_is_a4_in_a_chinese_font_a_child_can_read() {
        let h = render(&[letter(1, None, "x", "y")], ReplyFormat::Html);
        assert!(h.contains("@page { size: A4;"), "{h}");
        for font in [
            "SimSun",
            "Microsoft YaHei",
            "Noto Serif CJK SC",
            "Noto Sans CJK SC",
            "Source Han",
        ] {
            assert!(h.contains(font), "{font} missing");
        }
        assert!(h.contains("font-size: 18pt; line-height: 2;"), "{h}");
        assert!(h.contains("<html lang=\"zh-CN\">"));
    }

    /// A Chinese child got "Whisper mailbox · the teacher's reply" because the teacher's
    /// screen was in English: the page speaks the school's language, whatever the reader's.
    #[test]
    fn the_page_speaks_the_schools_language_not_the_readers() {
        let ls = [letter(1, Some("小星星"), "老师好", "谢谢你")];
        for screen in [Lang::En, Lang::Zh] {
            crate::i18n::set_thread_lang(screen);
            let h = render(&ls, ReplyFormat::Html);
            assert!(h.contains("悄悄话信箱 · 老师的回信"), "{h}");
            assert!(h.contains("小星星："), "{h}");
            assert!(h.contains("2026年11月27日"), "{h}");
            assert!(!h.contains("Whisper") && !h.contains("Letter"), "{h}");
            let e = render_in(&ls, ReplyFormat::Html, &english_school());
            assert!(
                e.contains("<html lang=\"en\">") && e.contains("Dear 小星星,"),
                "{e}"
            );
            assert!(
                e.contains("27 November 2026") && !e.contains("老师的回信"),
                "{e}"
            );
        }
    }

    /// The reply goes back through a box the children share: of the letter, at most its first
    /// line — never the line that says what frightens the child.
    #[test]
    fn only_the_first_line_is_quoted_and_never_a_danger_word() {
        let text = "老师好，我是三年级的。\n爸爸妈妈在广东打工。\n有时候我不想活了。";
        let ls = [letter(1, None, text, "老师明天找你聊聊。")];
        for f in [ReplyFormat::Html, ReplyFormat::Txt, ReplyFormat::Md] {
            let out = render(&ls, f);
            assert!(out.contains("老师好，我是三年级的。……"), "{out}");
            assert!(!out.contains("广东") && !out.contains("不想活"), "{out}");
        }
        // A first line that itself holds a danger word is not quoted at all.
        let ls = [letter(
            1,
            None,
            "爸爸喝了酒就打我。\n我很害怕。",
            "老师在。",
        )];
        let out = render(&ls, ReplyFormat::Html);
        assert!(!out.contains("打我") && !out.contains("你的来信"), "{out}");
        // A letter typed as one long line gives its beginning only.
        let long = format!("{}想回家", "我".repeat(40));
        let out = render(&[letter(1, None, &long, "r")], ReplyFormat::Txt);
        assert!(
            out.contains(&format!("│ {}……", "我".repeat(QUOTE_CHARS))),
            "{out}"
        );
        assert!(!out.contains("想回家"), "{out}");
        // The school may quote nothing.
        let none = PrintStyle {
            quote: ReplyQuote::None,
            ..PrintStyle::default()
        };
        let out = render_in(&[letter(1, None, "老师好", "r")], ReplyFormat::Html, &none);
        assert!(
            !out.contains("老师好") && !out.contains("你的来信"),
            "{out}"
        );
    }

    /// A reply that greets the child itself ("你好！", "亲爱的孩子：", "Dear friend,") is not
    /// greeted a second time by the page; one that opens otherwise is.
    #[test]
    fn a_reply_that_already_greets_is_not_greeted_twice() {
        for reply in [
            "你好！谢谢你的信。",
            "亲爱的孩子：\n谢谢你的信。",
            "同学你好：谢谢你的信。",
            "小星星，你好！谢谢你的信。",
            "Dear friend, thank you for your letter.",
            "Hi! Thank you for your letter.",
        ] {
            let ls = [letter(1, Some("小星星"), "a", reply)];
            let t = render(&ls, ReplyFormat::Txt);
            assert!(!t.contains("\n小星星：\n"), "{t}");
            let e = render_in(&ls, ReplyFormat::Txt, &english_school());
            assert!(!e.contains("Dear 小星星,"), "{e}");
        }
        for reply in ["谢谢你的信。", "老师想告诉你：你很棒。", "His letter came."]
        {
            let t = render(&[letter(1, Some("小星星"), "a", reply)], ReplyFormat::Txt);
            assert!(t.contains(&format!("\n小星星：\n{reply}")), "{t}");
        }
    }

    /// "署名：无署名" read badly: a signed letter's reply greets the child by pseudonym, an
    /// unsigned one has no such line.
    #[test]
    fn a_signed_letter_is_greeted_and_an_unsigned_one_is_not_labelled() {
        let ls = [
            letter(1, Some(" 小星星 "), "a", "r1"),
            letter(2, None, "b", "r2"),
        ];
        let t = render(&ls, ReplyFormat::Txt);
        let pages: Vec<&str> = t.split('\x0c').collect();
        assert!(pages[0].contains("\n小星星：\nr1"), "{t}");
        assert!(!t.contains("署名") && !t.contains("无署名"), "{t}");
        assert!(
            pages[1].ends_with("2026年11月27日\n\n你的来信这样开头：\n  │ b\n\nr2\n"),
            "{t}"
        );
    }
}
