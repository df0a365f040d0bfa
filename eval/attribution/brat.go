// Package attribution reads labelled attributions (who said what: source,
// cue and content spans) and scores predicted attributions against them.
//
// The labelled data is PolNeAR, in brat standoff form: text/NAME.txt beside
// attributions/NAME_ANNOTATOR.ann. brat counts offsets in Unicode code points;
// this package turns them into the UTF-8 byte offsets every parallax span uses.
// How each number is computed is described in README.md beside this file.
package attribution

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

// Attribution is one attribution: its source, cue and content, each a list
// of fragments (a discontinuous span has several), sorted and in byte
// offsets. A nil Source means the attribution names no source.
type Attribution struct {
	Source  []parallax.Span `json:"source"`
	Cue     []parallax.Span `json:"cue"`
	Content []parallax.Span `json:"content"`
}

// Document is one labelled article: its text and its attributions.
type Document struct {
	Name         string
	Text         string
	Attributions []Attribution
	// Mismatches counts span annotations whose recorded words differ from the
	// text at their offsets: a sign of a wrong text file or offset unit.
	Mismatches int
}

// textBound is a brat "T" line: a typed span, fragments in code points.
type textBound struct {
	kind  string
	frags [][2]int
	words string
}

// ParseAnn reads the brat standoff annotations ann of text and returns its
// attributions in byte offsets, with the number of span annotations whose
// recorded words differ from text. Attributions are brat events ("E" lines)
// whose roles are Source, Cue and Content (a numbered role such as Content2
// adds fragments to its role); an event with neither cue nor content is
// dropped. Lines of other kinds (notes, attributes) and continuation lines of
// a span's words that held a newline are skipped. Offsets outside text or
// unknown span ids are errors naming the line.
func ParseAnn(text, ann string) ([]Attribution, int, error) {
	bytePos := runeOffsets(text)
	spans := map[string]textBound{}
	type event struct {
		line  int
		roles [][2]string // role, span id
	}
	var events []event
	for n, line := range strings.Split(ann, "\n") {
		line = strings.TrimSuffix(line, "\r")
		id, rest, ok := strings.Cut(line, "\t")
		if !ok || len(id) < 2 || !isDigits(id[1:]) {
			continue
		}
		switch id[0] {
		case 'T':
			desc, words, _ := strings.Cut(rest, "\t")
			kind, offs, ok := strings.Cut(desc, " ")
			if !ok {
				return nil, 0, fmt.Errorf("line %d: span %s without offsets", n+1, id)
			}
			tb := textBound{kind: kind, words: words}
			for _, f := range strings.Split(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(f), " ")
				start, err1 := strconv.Atoi(a)
				end, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil || start < 0 || end < start || end >= len(bytePos) {
					return nil, 0, fmt.Errorf("line %d: span %s: bad fragment %q for a text of %d characters", n+1, id, f, len(bytePos)-1)
				}
				tb.frags = append(tb.frags, [2]int{start, end})
			}
			spans[id] = tb
		case 'E':
			ev := event{line: n + 1}
			for i, arg := range strings.Fields(rest) {
				role, ref, ok := strings.Cut(arg, ":")
				if !ok {
					return nil, 0, fmt.Errorf("line %d: event %s: bad argument %q", n+1, id, arg)
				}
				if i == 0 {
					continue // the trigger: "Attribution" or "Attribution-no-source"
				}
				ev.roles = append(ev.roles, [2]string{strings.TrimRight(role, "0123456789"), ref})
			}
			events = append(events, ev)
		}
	}
	mismatches := 0
	for _, tb := range spans {
		if tb.words == "" {
			continue
		}
		parts := make([]string, len(tb.frags))
		for i, f := range tb.frags {
			parts[i] = text[bytePos[f[0]]:bytePos[f[1]]]
		}
		// Words holding a newline were cut at it when brat wrote the line.
		if want := strings.Join(parts, " "); !strings.Contains(want, "\n") && want != tb.words {
			mismatches++
		}
	}
	var out []Attribution
	for _, ev := range events {
		var a Attribution
		for _, r := range ev.roles {
			tb, ok := spans[r[1]]
			if !ok {
				return nil, 0, fmt.Errorf("line %d: unknown span %s", ev.line, r[1])
			}
			var dst *[]parallax.Span
			switch r[0] {
			case "Source":
				dst = &a.Source
			case "Cue":
				dst = &a.Cue
			case "Content":
				dst = &a.Content
			default:
				continue
			}
			for _, f := range tb.frags {
				if f[1] > f[0] {
					*dst = append(*dst, parallax.Span{Start: bytePos[f[0]], End: bytePos[f[1]]})
				}
			}
		}
		if len(a.Cue) == 0 && len(a.Content) == 0 {
			continue
		}
		a.Source, a.Cue, a.Content = sortSpans(a.Source), sortSpans(a.Cue), sortSpans(a.Content)
		out = append(out, a)
	}
	return out, mismatches, nil
}

// runeOffsets returns the byte offset of every code point of s, plus len(s):
// brat's offset i is byte offset runeOffsets(s)[i]. An invalid byte counts as
// one code point, as Python (brat's language) would have refused the file.
func runeOffsets(s string) []int {
	offs := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func sortSpans(s []parallax.Span) []parallax.Span {
	sort.Slice(s, func(i, j int) bool { return s[i].Start < s[j].Start || s[i].Start == s[j].Start && s[i].End < s[j].End })
	return s
}

// ReadFS reads a PolNeAR split laid out as text/NAME.txt and
// attributions/NAME_ANNOTATOR.ann. An article annotated by several
// annotators (the agreement sets) is scored against one of them, the first
// by file name, so that no article counts twice. Articles without an .ann
// file are skipped. Documents come back sorted by name.
func ReadFS(fsys fs.FS) ([]Document, error) {
	anns, err := fs.Glob(fsys, "attributions/*.ann")
	if err != nil {
		return nil, err
	}
	sort.Strings(anns)
	texts, err := fs.Glob(fsys, "text/*.txt")
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 || len(anns) == 0 {
		return nil, fmt.Errorf("no text/*.txt or attributions/*.ann files")
	}
	var docs []Document
	for _, t := range texts {
		name := strings.TrimSuffix(path.Base(t), ".txt")
		ann := annFor(anns, name)
		if ann == "" {
			continue
		}
		raw, err := fs.ReadFile(fsys, t)
		if err != nil {
			return nil, err
		}
		a, err := fs.ReadFile(fsys, ann)
		if err != nil {
			return nil, err
		}
		attrs, mism, err := ParseAnn(string(raw), string(a))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ann, err)
		}
		docs = append(docs, Document{Name: name, Text: string(raw), Attributions: attrs, Mismatches: mism})
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("no text file has an annotation file")
	}
	return docs, nil
}

// annFor returns the first annotation file of article name in the sorted
// list: NAME.ann or NAME_<annotator id>.ann.
func annFor(anns []string, name string) string {
	prefix := "attributions/" + name
	i := sort.SearchStrings(anns, prefix)
	for ; i < len(anns) && strings.HasPrefix(anns[i], prefix); i++ {
		rest := strings.TrimSuffix(anns[i][len(prefix):], ".ann")
		if rest == "" || rest[0] == '_' && isAnnotator(rest[1:]) {
			return anns[i]
		}
	}
	return ""
}

func isAnnotator(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
