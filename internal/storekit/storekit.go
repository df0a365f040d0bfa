// Package storekit holds the pure helpers the SQLite and PostgreSQL stores
// share: snippet parsing, name folding for entity search, the encodings of
// MinHash signatures and analysis versions. Keeping one copy keeps the two
// stores answering alike, which the store suite checks.
package storekit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

// ParseSnippet turns a store's snippet (SQLite snippet(), PostgreSQL
// ts_headline), with matches between \x02 and \x03,
// into plain text and the byte spans of the matches in it. Runs of white
// space (paragraph breaks included) become one space, so the snippet reads
// as one line.
func ParseSnippet(s string) (string, []parallax.Span) {
	var b strings.Builder
	b.Grow(len(s))
	marks := []parallax.Span{}
	start := -1
	space := false
	for _, r := range s {
		switch {
		case r == '\x02':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			start = b.Len()
		case r == '\x03':
			if start >= 0 && b.Len() > start {
				marks = append(marks, parallax.Span{Start: start, End: b.Len()})
			}
			start = -1
		case unicode.IsSpace(r):
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	if start >= 0 && b.Len() > start {
		marks = append(marks, parallax.Span{Start: start, End: b.Len()})
	}
	return b.String(), marks
}

// LeadSnippet returns the first words of text, at most about n bytes, with
// white space collapsed and an ellipsis when text goes on.
func LeadSnippet(text string, n int) string {
	words := strings.Fields(text)
	var b strings.Builder
	for i, w := range words {
		if b.Len() > 0 && b.Len()+1+len(w) > n {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		if len(w) > n { // one enormous "word": cut it at a rune boundary
			for len(w) > n {
				_, size := utf8.DecodeLastRuneInString(w)
				w = w[:len(w)-size]
			}
			b.WriteString(w)
			b.WriteString("…")
			break
		}
		b.WriteString(w)
	}
	return b.String()
}

// NormName folds an entity name for matching: lower case, single spaces.
func NormName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// LastWord returns the last word of a normalised name.
func LastWord(norm string) string {
	if i := strings.LastIndexByte(norm, ' '); i >= 0 {
		return norm[i+1:]
	}
	return norm
}

// VersionsKey spells a set of component versions as analysis_versions
// stores it: JSON with sorted keys, so equal sets compare equal as text, and
// "" for none.
func VersionsKey(v map[string]string) string {
	if len(v) == 0 {
		return ""
	}
	b, _ := json.Marshal(v) // a map of strings always encodes; encoding/json sorts its keys
	return string(b)
}

func EncodeMinHash(h []uint64) []byte {
	if h == nil {
		return nil
	}
	b := make([]byte, 8*len(h))
	for i, x := range h {
		binary.LittleEndian.PutUint64(b[8*i:], x)
	}
	return b
}

func DecodeMinHash(b []byte) []uint64 {
	if b == nil {
		return nil
	}
	h := make([]uint64, len(b)/8)
	for i := range h {
		h[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return h
}

func IsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// QueryTerm is one term of a search query: a word or a quoted phrase, and
// whether a trailing * makes it a prefix.
type QueryTerm struct {
	Text   string
	Prefix bool
}

// QueryTerms splits a search query by parallax's one grammar, which both
// stores then write in their engine's syntax: a "quoted phrase" runs to the
// next quote (or the end when unclosed), other terms are separated by white
// space, and a trailing * marks a prefix. No other operator exists.
func QueryTerms(q string) []QueryTerm {
	var out []QueryTerm
	for i := 0; i < len(q); {
		switch c := q[i]; {
		case IsSpace(c):
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			var text string
			if j < 0 {
				text, i = q[i+1:], len(q)
			} else {
				text, i = q[i+1:i+1+j], i+2+j
			}
			prefix := false
			for i < len(q) && q[i] == '*' {
				prefix = true
				i++
			}
			out = append(out, QueryTerm{text, prefix})
		default:
			j := i
			for j < len(q) && q[j] != '"' && !IsSpace(q[j]) {
				j++
			}
			word := q[i:j]
			i = j
			trimmed := strings.TrimRight(word, "*")
			out = append(out, QueryTerm{trimmed, len(trimmed) < len(word)})
		}
	}
	return out
}

// SplitStoryID names the story a manual split of story creates: derived
// from the story and the moved article ids, so both stores name it alike.
func SplitStoryID(story string, articles []string) string {
	sum := sha256.Sum256([]byte("split\x00" + story + "\x00" + strings.Join(articles, "\x00")))
	return "s" + hex.EncodeToString(sum[:6])
}

// IDs returns ids without blanks (after trimming) and repeats, in their
// first order: the argument lists of merges and splits.
func IDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
