package feed

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// plainText turns a title that may hold markup or entities ("Tom &amp;amp;
// Jerry", "<b>Breaking</b>: …") into plain text with collapsed white space.
func plainText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = htmlText(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// htmlText returns the text of an HTML fragment: tags dropped, entities
// decoded, script and style contents skipped. A lone "<" that starts no tag
// ("5 < 6") is kept as text.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "br", "p", "div", "li":
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li":
				b.WriteByte(' ')
			}
		}
	}
}

// wordCount counts the words of an HTML fragment's text.
func wordCount(htmlFragment string) int {
	n := 0
	in := false
	for _, r := range htmlText(htmlFragment) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !in {
				n++
			}
			in = true
		} else if unicode.IsSpace(r) {
			in = false
		}
	}
	return n
}

// truncationMarks end a body that is a teaser of a longer article.
var truncationMarks = []string{"…", "...", "read more", "continue reading", "read the full story", "read the rest", "(more)", "keep reading"}

// truncated reports whether the text of an HTML body ends like a teaser
// ("… [Read more »]").
func truncated(body string) bool {
	t := strings.ToLower(strings.Join(strings.Fields(htmlText(body)), " "))
	t = strings.TrimRight(t, " »→>›]:")
	for _, m := range truncationMarks {
		if strings.HasSuffix(t, m) {
			return true
		}
	}
	return false
}

// isFullText decides Entry.FullText; see Parser.FullTextWords.
func (p *Parser) isFullText(content, summary string) bool {
	body := content
	if strings.TrimSpace(body) == "" {
		body = summary
	}
	if strings.TrimSpace(body) == "" || truncated(body) {
		return false
	}
	bw := wordCount(body)
	if bw >= p.fullTextWords() {
		return true
	}
	if body == content {
		sw := wordCount(summary)
		return bw >= 100 && sw > 0 && bw >= 3*sw
	}
	return false
}
