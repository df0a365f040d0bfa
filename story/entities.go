package story

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// EntityID returns the id of a canonical entity: "e" and 12 hex digits of
// the SHA-256 of its kind and lower-cased name, so one person has one id in
// every story that calls them by the same canonical name.
func EntityID(kind parallax.EntityKind, name string) string {
	sum := sha256.Sum256([]byte(string(kind) + "\x00" + strings.ToLower(name)))
	return "e" + hex.EncodeToString(sum[:6])
}

// form is one name of one kind as the story's articles wrote it, up to case
// and punctuation ("Trump", "trump" and "Trump's" are one form).
type form struct {
	kind   parallax.EntityKind
	key    string                      // lower-case tokens joined by one space
	toks   []string                    // lower-case tokens
	count  int                         // mentions across the story
	shapes map[string]int              // surface forms as written → mentions
	kinds  map[parallax.EntityKind]int // kinds the tagger gave it → mentions
}

// first and last are a person form's first name and surname. A generational
// suffix is not a surname ("Martin Luther King Jr." → "king").
func (f *form) first() string { return f.toks[0] }
func (f *form) last() string {
	if n := len(f.toks); n > 2 {
		switch f.toks[n-1] {
		case "jr", "sr", "ii", "iii", "iv":
			return f.toks[n-2]
		}
	}
	return f.toks[len(f.toks)-1]
}
func (f *form) full() bool { return len(f.toks) >= 2 }

// entities is the story's canonical entities and how to find them by name.
type entities struct {
	all    []*parallax.Entity
	byForm map[string]*parallax.Entity // kind + "\x00" + form key → entity
	forms  map[*parallax.Entity][]*form
}

// resolve groups the mentions of all articles into canonical entities.
func resolve(arts []*parallax.StoredArticle) *entities {
	forms := map[string]*form{}
	for _, a := range arts {
		for _, m := range a.Analysis.Mentions {
			name := m.Name
			if strings.TrimSpace(name) == "" {
				name = m.Span.In(a.Text)
			}
			shape := displayName(name)
			toks := tokens(shape)
			if len(toks) == 0 || m.Kind == "" {
				continue
			}
			if m.Kind != parallax.Person && len(toks) > 1 && toks[0] == "the" {
				toks = toks[1:] // "the State Department" is "State Department"
			}
			id := strings.Join(toks, " ")
			f := forms[id]
			if f == nil {
				f = &form{key: id, toks: toks, shapes: map[string]int{}, kinds: map[parallax.EntityKind]int{}}
				forms[id] = f
			}
			f.count++
			f.shapes[shape]++
			f.kinds[m.Kind]++
		}
	}
	// One name has one kind in a story: the tagger may call "Selby Cross" a
	// place in one sentence and a person in a headline; the majority wins,
	// and a tie goes to the more specific kind over misc.
	for _, f := range forms {
		for k, n := range f.kinds {
			best := f.kinds[f.kind]
			if f.kind == "" || n > best || n == best && (f.kind == parallax.Misc && k != parallax.Misc || k < f.kind && k != parallax.Misc) {
				f.kind = k
			}
		}
	}
	// A lone word the tagger could not place ("Putin" in a sentence with no
	// cue) is a person when the story names a person with that surname.
	surnames := map[string]bool{}
	for _, f := range forms {
		if f.kind == parallax.Person && f.full() {
			surnames[f.last()] = true
		}
	}
	for _, f := range forms {
		if f.kind == parallax.Misc && len(f.toks) == 1 && surnames[f.toks[0]] {
			f.kind = parallax.Person
		}
	}
	// Work in a fixed order so that every choice below is deterministic.
	ids := make([]string, 0, len(forms))
	for id := range forms {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var persons []*form
	var groups [][]*form
	for _, id := range ids {
		if f := forms[id]; f.kind == parallax.Person {
			persons = append(persons, f)
		} else {
			groups = append(groups, []*form{f}) // other kinds: exact name only
		}
	}
	groups = append(groups, clusterPersons(persons)...)

	es := &entities{byForm: map[string]*parallax.Entity{}, forms: map[*parallax.Entity][]*form{}}
	for _, g := range groups {
		e := canonical(g)
		es.all = append(es.all, e)
		es.forms[e] = g
		for _, f := range g {
			for k := range f.kinds {
				es.byForm[string(k)+"\x00"+f.key] = e
			}
		}
	}
	return es
}

// list returns the entities, most mentioned first, then by name.
func (es *entities) list() []parallax.Entity {
	out := make([]parallax.Entity, 0, len(es.all))
	for _, e := range es.all {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b parallax.Entity) int {
		return cmp.Or(cmp.Compare(b.Mentions, a.Mentions), strings.Compare(a.Name, b.Name),
			strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.ID, b.ID))
	})
	return out
}

// speaker finds the entity a quote's speaker name refers to, or nil. The
// quote finder names speakers by their fullest name in one article, which
// may be a form the tagger never marked, so besides exact forms it accepts a
// full name matching exactly one person, and a lone surname or first name
// belonging to exactly one person.
func (es *entities) speaker(name string) *parallax.Entity {
	toks := tokens(displayName(name))
	if len(toks) == 0 {
		return nil
	}
	key := strings.Join(toks, " ")
	if e := es.byForm[string(parallax.Person)+"\x00"+key]; e != nil {
		return e
	}
	for _, k := range []parallax.EntityKind{parallax.Organization, parallax.Place, parallax.Misc} {
		if e := es.byForm[string(k)+"\x00"+key]; e != nil {
			return e
		}
	}
	probe := &form{kind: parallax.Person, key: key, toks: toks}
	var found *parallax.Entity
	for _, e := range es.all {
		if e.Kind != parallax.Person {
			continue
		}
		if slices.ContainsFunc(es.forms[e], func(f *form) bool { return matches(probe, f) }) {
			if found != nil {
				return nil // ambiguous: never guess a speaker
			}
			found = e
		}
	}
	return found
}

// matches reports whether a probe name can refer to the person of form f.
func matches(probe, f *form) bool {
	switch {
	case probe.full() && f.full():
		return samePerson(probe, f)
	case probe.full():
		return surnameMatch(probe.last(), f.toks[0], false)
	case f.full():
		return surnameMatch(probe.toks[0], f.last(), false) || firstMatch(probe.toks[0], f.first())
	}
	return surnameMatch(probe.toks[0], f.toks[0], false)
}

// clusterPersons groups person forms that name one person. Merges are
// conservative: a wrong merge puts one person's words in another's mouth,
// while a missed merge only shows one person twice.
//
//  1. Full names merge when their first names agree (or are transliteration
//     variants: Sergei/Sergey) and their surnames agree up to a gendered
//     ending (Zakharova/Zakharov) or a small spelling difference (Page/Paige).
//     Different first names never merge: Sergei Ryabkov is not Sergey Kislyak,
//     and Sergei Ryabkov is not Sergei Lavrov.
//  2. A lone name joins the one full-name person whose surname it is
//     (exactly, else up to variants), else the one whose first name it is;
//     when two people fit, it stays apart.
//  3. Lone names left over merge with each other up to variants.
func clusterPersons(fs []*form) [][]*form {
	uf := newUnion(len(fs))
	for i, a := range fs {
		for j := i + 1; j < len(fs); j++ {
			if a.full() && fs[j].full() && samePerson(a, fs[j]) {
				uf.join(i, j)
			}
		}
	}
	attached := make([]bool, len(fs))
	for i, s := range fs {
		if s.full() {
			continue
		}
		name := s.toks[0]
		for _, fit := range []func(*form) bool{
			func(f *form) bool { return f.last() == name },
			func(f *form) bool { return surnameMatch(name, f.last(), false) },
			func(f *form) bool { return firstMatch(name, f.first()) },
		} {
			roots := map[int]bool{}
			for j, f := range fs {
				if f.full() && fit(f) {
					roots[uf.find(j)] = true
				}
			}
			if len(roots) == 1 {
				for r := range roots {
					uf.join(i, r)
				}
				attached[i] = true
			}
			if len(roots) > 0 {
				break // found, or ambiguous: a weaker test must not decide
			}
		}
	}
	for i, a := range fs {
		for j := i + 1; j < len(fs); j++ {
			b := fs[j]
			if !a.full() && !b.full() && !attached[i] && !attached[j] && surnameMatch(a.toks[0], b.toks[0], false) {
				uf.join(i, j)
			}
		}
	}
	byRoot := map[int][]*form{}
	var roots []int
	for i, f := range fs {
		r := uf.find(i)
		if byRoot[r] == nil {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], f)
	}
	out := make([][]*form, 0, len(roots))
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// samePerson reports whether two full names name one person.
func samePerson(a, b *form) bool {
	return firstMatch(a.first(), b.first()) && surnameMatch(a.last(), b.last(), true)
}

// firstMatch reports whether two first names are one name: equal, or
// spellings of one name in the variant table.
func firstMatch(a, b string) bool {
	return a == b || (len(a) > 1 && len(b) > 1 && firstVariant(a) == firstVariant(b))
}

// firstVariant maps transliteration variants of a first name to one
// spelling. The list is short on purpose: only names whose variants are
// common in English news, and never two distinct names (Mark, Marc stay apart).
func firstVariant(n string) string {
	switch n {
	case "sergei", "sergey", "serguei", "sergej", "sergii", "serhiy":
		return "sergei"
	case "dmitry", "dmitri", "dmitriy", "dmitrii", "dmytro":
		return "dmitri"
	case "alexei", "alexey", "aleksei", "aleksey", "alexej":
		return "alexei"
	case "alexander", "aleksandr", "alexandr", "oleksandr":
		return "alexander"
	case "yuri", "yury", "yuriy", "yurii", "iurii":
		return "yuri"
	case "andrei", "andrey", "andriy", "andrii":
		return "andrei"
	case "nikolai", "nikolay", "mykola":
		return "nikolai"
	case "yevgeny", "yevgeniy", "evgeny", "evgeniy", "evgenii", "yevgeni":
		return "evgeni"
	case "maria", "mariya", "marija":
		return "maria"
	case "natalia", "natalya", "nataliya":
		return "natalia"
	case "tatiana", "tatyana", "tatjana":
		return "tatiana"
	case "yulia", "yuliya", "iuliia":
		return "yulia"
	case "elena", "yelena", "jelena":
		return "elena"
	case "ekaterina", "yekaterina":
		return "ekaterina"
	case "pyotr", "petr":
		return "pyotr"
	case "fyodor", "fedor", "feodor":
		return "fyodor"
	case "vasily", "vasiliy", "vasili":
		return "vasili"
	case "anatoly", "anatoliy", "anatoli":
		return "anatoli"
	case "valery", "valeriy", "valeri":
		return "valeri"
	case "vitaly", "vitaliy", "vitali":
		return "vitali"
	case "gennady", "gennadiy", "gennadi":
		return "gennadi"
	case "georgy", "georgiy", "georgi":
		return "georgi"
	case "arkady", "arkadiy", "arkadi":
		return "arkadi"
	case "mikhail", "mikhael":
		return "mikhail"
	case "matvei", "matvey":
		return "matvei"
	case "timofei", "timofey":
		return "timofei"
	case "ilya", "ilia":
		return "ilya"
	case "muhammad", "mohammed", "mohamed", "mohammad", "muhammed":
		return "muhammad"
	}
	return n
}

// surnameMatch reports whether two surnames are one: equal, gendered forms
// of one Slavic surname (Zakharova/Zakharov, Pokrovskaya/Pokrovsky), or a
// small misspelling. Misspellings need longer names when nothing else
// (an agreeing first name, withFirst) supports the match: "Page" and
// "Paige" are one person only as "Carter Page" and "Carter Paige".
func surnameMatch(a, b string, withFirst bool) bool {
	if a == b {
		return true
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	short := min(la, lb)
	if short >= 5 && genderFold(a) == genderFold(b) {
		return true
	}
	limit := 0
	switch {
	case withFirst && short >= 8, !withFirst && short >= 9:
		limit = 2
	case withFirst && short >= 4, !withFirst && short >= 6:
		limit = 1
	}
	if limit == 0 || abs(la-lb) > limit {
		return false
	}
	// Initial letters carry the name; a different first letter is another name
	// (Sands/Hands), not a typo.
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra == rb && editDistance(a, b) <= limit
}

// genderFold maps the masculine and feminine forms of a Slavic surname to one stem.
func genderFold(s string) string {
	for _, p := range [...][2]string{
		{"skaya", "sk"}, {"skiy", "sk"}, {"skii", "sk"}, {"sky", "sk"}, {"ski", "sk"},
		{"aya", "_"}, {"iy", "_"}, {"yy", "_"}, {"oy", "_"},
		{"ova", "ov"}, {"eva", "ev"}, {"ina", "in"}, {"yna", "yn"},
	} {
		if strings.HasSuffix(s, p[0]) {
			return strings.TrimSuffix(s, p[0]) + p[1]
		}
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// canonical builds the entity of a group of forms. Its name is, among the
// forms, a multi-word one before a lone name, a well-written one (every
// word capitalised) before a garbled one ("Jeff and Roman sessions"), then
// the most mentioned, then the longest.
func canonical(g []*form) *parallax.Entity {
	best := slices.MaxFunc(g, func(a, b *form) int {
		return cmp.Or(
			cmpBool(a.full(), b.full()),
			cmpBool(wellWritten(bestShape(a)), wellWritten(bestShape(b))),
			cmp.Compare(a.count, b.count),
			cmp.Compare(len(a.key), len(b.key)),
			strings.Compare(b.key, a.key), // smaller key wins ties
		)
	})
	name := bestShape(best)
	if strings.ToLower(name) == name {
		name = capitalise(name) // only lower-case writings ("trump"): proper nouns are capitalised
	}
	e := &parallax.Entity{Name: name, Kind: best.kind, ID: EntityID(best.kind, name), Aliases: []string{}}
	seen := map[string]bool{strings.ToLower(name): true}
	for _, f := range g {
		e.Mentions += f.count
		// Aliases are distinct ignoring case: "trump" beside "Trump" says nothing new.
		for _, s := range shapesByPreference(f) {
			if l := strings.ToLower(s); !seen[l] {
				seen[l] = true
				e.Aliases = append(e.Aliases, s)
			}
		}
	}
	slices.Sort(e.Aliases)
	return e
}

// bestShape is the form's preferred writing: see shapesByPreference.
func bestShape(f *form) string { return shapesByPreference(f)[0] }

// shapesByPreference lists a form's writings best first: more capitalised
// words first (machine translation lower-cases names), then more mentioned,
// then alphabetical.
func shapesByPreference(f *form) []string {
	out := make([]string, 0, len(f.shapes))
	for s := range f.shapes {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(capitals(b), capitals(a)), cmp.Compare(f.shapes[b], f.shapes[a]), strings.Compare(a, b))
	})
	return out
}

// capitals counts the words of s that start with an upper-case letter.
func capitals(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// wellWritten reports whether every word of s starts with a capital letter
// or is a particle names carry ("de", "van", "bin"…).
func wellWritten(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || !unicode.IsLetter(r) {
			continue
		}
		switch w {
		case "de", "da", "di", "del", "der", "van", "von", "bin", "al", "la", "le", "du", "dos":
			continue
		}
		return false
	}
	return true
}

// capitalise upper-cases the first letter of every word.
func capitalise(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// displayName is a name as written with whitespace collapsed, surrounding
// punctuation and a possessive ending removed: "  Trump's" → "Trump".
func displayName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	return strings.TrimFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' // keep "Jr." and initials
	})
}

// tokens returns the lower-case words of a name with punctuation around
// each word removed ("Donald J. Trump" → donald j trump).
func tokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// union is a union-find over form indexes.
type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

// join merges the sets of i and j under the smaller root, so results do not
// depend on the order of joins.
func (u union) join(i, j int) {
	ri, rj := u.find(i), u.find(j)
	if ri == rj {
		return
	}
	if rj < ri {
		ri, rj = rj, ri
	}
	u[rj] = ri
}
