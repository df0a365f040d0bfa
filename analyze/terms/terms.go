// Package terms builds a document's term vector: lower-cased content words,
// stop words removed, stemmed (Snowball) for the languages that have a
// stemmer, counted.
package terms

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

//go:embed data/*.txt
var data embed.FS

// Builder builds term vectors. It holds read-only stop lists and is safe for
// concurrent use.
type Builder struct {
	stop  map[string]map[string]bool // language → stop words
	stems stemCache
}

// New returns a Builder with the embedded stop lists.
func New() (*Builder, error) { return Load(data) }

// Load returns a Builder reading data/stop_<lang>.txt files from fsys.
func Load(fsys fs.FS) (*Builder, error) {
	names, err := fs.Glob(fsys, "data/stop_*.txt")
	if err != nil {
		return nil, fmt.Errorf("terms: listing stop lists: %w", err)
	}
	b := &Builder{stop: map[string]map[string]bool{}}
	for _, n := range names {
		sec, err := text.ReadSections(fsys, n)
		if err != nil {
			return nil, err
		}
		set := map[string]bool{}
		for _, l := range sec[""] {
			for _, w := range strings.Fields(l) {
				set[normalise(strings.ToLower(w))] = true
			}
		}
		b.stop[strings.TrimSuffix(strings.TrimPrefix(n, "data/stop_"), ".txt")] = set
	}
	if len(b.stop["en"]) == 0 {
		return nil, fmt.Errorf("terms: English stop list missing")
	}
	return b, nil
}

// normalise folds typographic apostrophes so "don’t" meets the stop list's "don't".
func normalise(w string) string {
	if strings.ContainsAny(w, "’ʼ") {
		return strings.NewReplacer("’", "'", "ʼ", "'").Replace(w)
	}
	return w
}

func stemmer(lang string) func(string, bool) string {
	switch lang {
	case "en", "":
		return english.Stem
	case "ru":
		return russian.Stem
	case "fr":
		return french.Stem
	case "es":
		return spanish.Stem
	case "sv":
		return swedish.Stem
	}
	return nil
}

// Vector returns the term vector of the word tokens of s in language lang
// ("" is treated as English): stemmed content words with their counts,
// sorted by term. Words without letters and one-letter words are skipped.
func (b *Builder) Vector(s string, toks []text.Token, lang string) []parallax.Term {
	stop := b.stop[lang]
	if stop == nil {
		stop = b.stop["en"]
	}
	stem := stemmer(lang)
	counts := make(map[string]int, len(toks)/4)
	for _, t := range toks {
		if !t.Word {
			continue
		}
		w := t.In(s)
		letters := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters < 2 {
			continue
		}
		w = normalise(strings.ToLower(w))
		if stop[w] {
			continue
		}
		st := w
		if stem != nil {
			st = b.stems.get(lang, w, stem)
		}
		if st != "" {
			counts[st]++
		}
	}
	out := make([]parallax.Term, 0, len(counts))
	for t, c := range counts {
		out = append(out, parallax.Term{Term: t, Weight: float64(c)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}

// stemCache remembers stems across documents: Snowball costs more than the
// rest of the term vector, and news vocabulary repeats. It is bounded: when
// full it starts afresh, which keeps memory flat on a long-running server
// at the price of an occasional cold start.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]map[string]string // language → word → stem
	n  int
}

const stemCacheSize = 1 << 17

func (c *stemCache) get(lang, w string, stem func(string, bool) string) string {
	c.mu.RLock()
	st, ok := c.m[lang][w]
	c.mu.RUnlock()
	if ok {
		return st
	}
	st = stem(w, false)
	c.mu.Lock()
	if c.m == nil || c.n >= stemCacheSize {
		c.m, c.n = map[string]map[string]string{}, 0
	}
	if c.m[lang] == nil {
		c.m[lang] = make(map[string]string, 1024)
	}
	c.m[lang][w] = st
	c.n++
	c.mu.Unlock()
	return st
}
