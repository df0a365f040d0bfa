// Package extract turns a parallax.Article into a parallax.Document: the
// article's main text, with its title, byline, publication time and language.
//
// HTML pages go through go-trafilatura for the main text and metadata, plus a
// reader of the page's own publication-time tags (which keep the time of day).
// Every text, from HTML or plain, then goes through the same line-level clean-up
// (text.go, boilerplate.go): line endings normalised, a headline and a byline
// taken from the top, and site furniture (mastheads, navigation, copyright
// lines) trimmed from both edges. Nothing inside the body is removed, so a
// subheading in the middle of an article stays where it is.
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

// Extract returns the main text and metadata of an article. HTML goes through
// the HTML extractor; plain text has its boilerplate lines trimmed. Metadata
// given by the source (Article.Title/Published/Language) wins over what is found.
//
// An article with no main text left (empty, or nothing but furniture) is an
// error with code parallax.EInvalid.
func Extract(a *parallax.Article) (parallax.Document, error) {
	if a == nil {
		return parallax.Document{}, parallax.Errorf(parallax.EInvalid, "no article")
	}
	var (
		doc parallax.Document
		err error
	)
	if isHTML(a) {
		doc, err = extractHTML(a)
	} else {
		doc, err = extractText(string(a.Body), a.Title), nil
	}
	if err != nil {
		return parallax.Document{}, err
	}
	if strings.TrimSpace(doc.Text) == "" {
		return parallax.Document{}, parallax.Errorf(parallax.EInvalid, "no main text found")
	}
	if !a.Published.IsZero() {
		doc.Published = a.Published
	}
	switch {
	case a.Language != "":
		doc.Language = a.Language
	default:
		if lang := DetectLanguage(doc.Text); lang != "" {
			doc.Language = lang // else keep what the page declared, if anything
		}
	}
	return doc, nil
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
	// The first few thousand bytes decide as well as the whole text, faster.
	const sample = 4096
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
