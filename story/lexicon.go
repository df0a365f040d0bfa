package story

import (
	"embed"
	"strings"
	"sync"

	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/translit"
)

//go:embed data/*.txt
var dataFS embed.FS

// lexicon holds the word lists of story/data. Words of role lists are lower
// case as written; names (given names, outlets) are translit keys, so that
// every spelling of a listed name finds it.
type lexicon struct {
	roleHeads    map[string]bool   // "minister"
	capHeads     map[string]bool   // heads only when capitalised ("General")
	qualifiers   map[string]bool   // "deputy", "foreign"
	connectors   map[string]bool   // "of", "the"
	honorifics   map[string]bool   // "mr", "dr"
	given        map[string]string // key of a given name → key of its first spelling in the list
	outlets      map[string]bool   // squashed key of a known outlet
	endings      phrases           // how outlet names end ("post", "news agenci")
	generic      phrases           // endings an outlet's name may drop ("news")
	bodies       map[string]bool   // words of institutions' names ("ministri"), as keys
	locatives    map[string]bool   // words before a place ("in", "from")
	citeBefore   map[string]int    // cue phrase before a name → weight
	citeAfter    map[string]int    // cue phrase after a name → weight
	maxCiteWords int
}

// lex returns the lexicon, read once from the embedded files. The files are
// compiled in, so failing to read them is a build mistake every test shows.
var lex = sync.OnceValue(func() *lexicon {
	read := func(name string) map[string][]string {
		s, err := text.ReadSections(dataFS, "data/"+name)
		if err != nil {
			panic("story: " + err.Error())
		}
		return s
	}
	words := func(lines []string) map[string]bool {
		m := map[string]bool{}
		for _, l := range lines {
			for _, w := range strings.Fields(strings.ToLower(l)) {
				m[w] = true
			}
		}
		return m
	}
	keys := func(lines []string) map[string]bool {
		m := map[string]bool{}
		for _, l := range lines {
			for _, w := range strings.Fields(translit.Key(l)) {
				m[w] = true
			}
		}
		return m
	}
	roles, names, outlets := read("roles.txt"), read("names.txt"), read("outlets.txt")
	lx := &lexicon{
		roleHeads:  words(roles["heads"]),
		capHeads:   words(roles["capitalised heads"]),
		qualifiers: words(roles["qualifiers"]),
		connectors: words(roles["connectors"]),
		honorifics: words(roles["honorifics"]),
		given:      map[string]string{},
		outlets:    map[string]bool{},
		endings:    newPhrases(outlets["endings"]),
		generic:    newPhrases(outlets["generic"]),
		bodies:     keys(outlets["bodies"]),
		locatives:  words(roles["locatives"]),
		citeBefore: map[string]int{},
		citeAfter:  map[string]int{},
	}
	for _, l := range names["variants"] {
		f := strings.Fields(translit.Key(l))
		for _, w := range f {
			lx.given[w] = f[0]
		}
	}
	for _, l := range outlets["known"] {
		lx.outlets[squash(translit.Key(l))] = true
	}
	for section, weight := range map[string]int{"cite-strong": 2, "cite-weak": 1} {
		for _, l := range outlets[section] {
			where, phrase, _ := strings.Cut(strings.ToLower(l), " ")
			phrase = strings.Join(strings.Fields(phrase), " ")
			if where == "before" {
				lx.citeBefore[phrase] = weight
			} else {
				lx.citeAfter[phrase] = weight
			}
			lx.maxCiteWords = max(lx.maxCiteWords, len(strings.Fields(phrase)))
		}
	}
	return lx
})

// squash removes the spaces of a key: "times of israel" and the domain
// label "timesofisrael" are one outlet name.
func squash(key string) string { return strings.ReplaceAll(key, " ", "") }

// phrases is a set of phrases, as keys, that a name may end with.
type phrases struct {
	set      map[string]bool
	maxWords int
}

func newPhrases(lines []string) phrases {
	p := phrases{set: map[string]bool{}}
	for _, l := range lines {
		if k := translit.Key(l); k != "" {
			p.set[k] = true
			p.maxWords = max(p.maxWords, len(strings.Fields(k)))
		}
	}
	return p
}

// suffix returns how many of the last words (keys) form the longest phrase
// of the set, or 0.
func (p phrases) suffix(words []string) int {
	for n := min(p.maxWords, len(words)); n > 0; n-- {
		if p.set[strings.Join(words[len(words)-n:], " ")] {
			return n
		}
	}
	return 0
}
