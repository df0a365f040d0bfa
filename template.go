package parallax

import (
	"context"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TemplateStore learns, per outlet, the short lines its pages keep
// repeating: site furniture the extractor let through ("Sign up for our
// morning newsletter", "The agency contributed to this report"). Every real
// store implements it; it is apart from Store so test doubles need not.
type TemplateStore interface {
	// LearnTemplates counts, for each outlet, the template-line keys
	// (TemplateKeys) of its newly stored articles, one list per article.
	LearnTemplates(ctx context.Context, articles map[string][][]uint64) error
	// TemplateLines returns the keys seen in at least minArticles of the
	// outlet's articles and in at least share of them.
	TemplateLines(ctx context.Context, outlet string, minArticles int, share float64) (map[uint64]bool, error)
}

// maxTemplateWords is the longest line, in words, that may be learned as a
// template: furniture is short, and counting every paragraph would make the
// table grow with the prose.
const maxTemplateWords = 15

// TemplateKey returns the key of a line that may be site furniture: case,
// spacing and digits folded ("Updated 12:05" and "Updated 09:41" are one
// line). Lines in quotation marks (a statement repeated across a story's
// follow-ups is news, not furniture), empty lines and lines over
// maxTemplateWords words have no key.
func TemplateKey(line string) (uint64, bool) {
	fields := strings.Fields(line)
	if len(fields) == 0 || len(fields) > maxTemplateWords || strings.ContainsAny(line, "\"“”«»„") {
		return 0, false
	}
	h := fnv.New64a()
	for i, f := range fields {
		if i > 0 {
			h.Write([]byte{' '})
		}
		for _, r := range strings.ToLower(f) {
			if unicode.IsDigit(r) {
				r = '0'
			}
			h.Write(utf8.AppendRune(nil, r))
		}
	}
	return h.Sum64(), true
}

// TemplateKeys returns the distinct keys of a text's lines, in order.
func TemplateKeys(text string) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	for _, line := range strings.Split(text, "\n") {
		if k, ok := TemplateKey(line); ok && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
