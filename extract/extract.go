// Package extract turns a parallax.Article into a parallax.Document: the
// article's main text, with its title, byline, publication time and language
// (and, through ExtractPage, the page's canonical URL).
//
// HTML pages are parsed once; the main text is found from the page's shape
// (content.go, select.go, emit.go: text and link density, tags, class and id
// words, after Readability's and trafilatura's ideas) and the metadata from
// its head, JSON-LD and marked-up elements (meta.go). Every text, from HTML
// or plain, then goes through the same line-level clean-up (text.go,
// boilerplate.go): line endings normalised, a headline and a byline taken
// from the top, and site furniture (mastheads, navigation, copyright lines)
// trimmed from the edges. Nothing inside the body is removed by that
// clean-up, so a subheading in the middle of an article stays where it is.
//
// extract/bench scores the HTML extractor on the article-extraction
// benchmark against go-trafilatura; see its README.md for the figures.
//
// Document.Text is the single source of truth later stages point into, so
// everything here must be deterministic for a given Article.
package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"

	"github.com/parallax-news/parallax"
)

// Page is an article's Document with what an HTML page says about itself
// beyond it.
type Page struct {
	parallax.Document
	// URL is the page's canonical URL (<link rel=canonical>, else og:url),
	// resolved against Article.URL; "" when the page gives none or is not HTML.
	URL string
	// Site is the site's name as the page gives it (og:site_name).
	Site string
}

// Extract returns the main text and metadata of an article. HTML goes through
// the HTML extractor; plain text has its boilerplate lines trimmed. Metadata
// given by the source (Article.Title/Published/Language) wins over what is found.
//
// An article with no main text left (empty, or nothing but furniture) is an
// error with code parallax.EInvalid.
func Extract(a *parallax.Article) (parallax.Document, error) {
	p, err := ExtractPage(a)
	return p.Document, err
}

// ExtractPage is Extract, also returning the page's canonical URL and site name.
func ExtractPage(a *parallax.Article) (Page, error) {
	if a == nil {
		return Page{}, parallax.Errorf(parallax.EInvalid, "no article")
	}
	var (
		p   Page
		err error
	)
	if isHTML(a) {
		p, err = extractHTML(a)
	} else {
		p.Document = extractText(string(a.Body), a.Title)
		if truncatedText(p.Text) {
			p.Partial = PartialTruncated
		}
	}
	if err != nil {
		return Page{}, err
	}
	if strings.TrimSpace(p.Text) == "" {
		return Page{}, parallax.Errorf(parallax.EInvalid, "no main text found")
	}
	if !a.Published.IsZero() {
		p.Published = a.Published
	}
	switch {
	case a.Language != "":
		p.Language = a.Language
	default:
		if lang := DetectLanguage(p.Text); lang != "" {
			p.Language = lang // else keep what the page declared, if anything
		}
	}
	return p, nil
}

// isHTML reports whether a's body is HTML: by its content type, or, when that
// is missing, by how the body starts.
func isHTML(a *parallax.Article) bool {
	switch a.ContentType {
	case parallax.ContentHTML:
		return true
	case parallax.ContentText:
		return false
	}
	head := strings.ToLower(strings.TrimSpace(string(a.Body[:min(len(a.Body), 256)])))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// minLetters is the fewest letters a text needs for its language to be
// guessed: on a few words, trigram statistics are mostly noise.
const minLetters = 30

// DetectLanguage returns the ISO 639-1 code of text's language, or "" when the
// text is too short to tell or the language has no two-letter code.
func DetectLanguage(text string) string {
	// A few hundred words decide as well as the whole text; trigram counting
	// costs in proportion to what it reads and was a quarter of an HTML
	// page's extraction time on 4 kB.
	const sample = 1500
	if len(text) > sample {
		cut := sample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minLetters {
		return ""
	}
	info := whatlanggo.Detect(text)
	// whatlanggo's own "reliable" bar (0.8) rejects right answers on a couple
	// of sentences; below half, on a short text, it is guessing.
	if info.Confidence < 0.5 && letters < 200 {
		return ""
	}
	return info.Lang.Iso6391()
}
