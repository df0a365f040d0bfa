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
	"github.com/parallax-news/parallax/analyze/translit"
)

// EntityID returns the id of a canonical entity: "e" and 12 hex digits of
// the SHA-256 of its kind and the translit key of its name, so one person
// has one id in every story that calls them by the same canonical name, up
// to case and transliteration ("Sergei Ryabkov", "Sergey Ryabkov" and
// "Сергей Рябков" share one). An outlet's id hashes the base its names
// share, so "Bloomberg" and "Bloomberg News" share one too.
func EntityID(kind parallax.EntityKind, name string) string {
	key := translit.Key(name)
	switch kind {
	case parallax.Outlet:
		key = outletBase(name)
	case parallax.Person:
		// A story that only ever writes "Carter Paige" cannot know it is
		// Carter Page; the id folds the vowel spellings of surnames that
		// the misspelling merge joins within a story.
		if i := strings.LastIndexByte(key, ' '); i >= 0 {
			key = key[:i+1] + soundSurname(key[i+1:])
		}
	}
	sum := sha256.Sum256([]byte(string(kind) + "\x00" + key))
	return "e" + hex.EncodeToString(sum[:6])
}

// soundSurname folds the spellings of a surname that sound alike for ids:
// doubled letters are one ("Tanner" and "Taner"), "ai" is "a" and a final
// silent "e" after a consonant goes ("Paige" and "Page" are "pag"). Only
// vowel spellings and doubling fold, in names of four letters or more:
// "Toner" and "Tanner" stay two names, as do "Page" and "Pace".
func soundSurname(w string) string {
	if len(w) < 4 {
		return w // too short to tell a spelling from another name
	}
	b := []byte(w)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case len(out) > 0 && out[len(out)-1] == c:
			continue // a doubled letter
		case c == 'i' && len(out) > 0 && out[len(out)-1] == 'a':
			continue // "ai" is "a"
		}
		out = append(out, c)
	}
	if n := len(out); n > 3 && out[n-1] == 'e' && !strings.ContainsRune("aeiouy", rune(out[n-2])) {
		out = out[:n-1]
	}
	return string(out)
}

// form is one name as the story's articles wrote it, up to case,
// punctuation, titles and transliteration: "Trump", "trump" and "Trump's"
// are one form, and so are "Sergei Ryabkov", "Sergey Ryabkov" and
// "Сергей Рябков".
type form struct {
	idx      int // position among the story's forms sorted by key
	kind     parallax.EntityKind
	key      string                      // translit.Key of the name
	words    []string                    // the key's words
	count    int                         // mentions across the story
	shapes   map[string]int              // writings as written → mentions
	kinds    map[parallax.EntityKind]int // kinds the tagger gave it → mentions
	articles map[string]bool             // ids of the articles that name it
	roles    []parallax.Role             // roles written next to its person mentions
	cites    int                         // weight of the phrases citing it as a source
	locative int                         // mentions after "in", "to", "from"…
	base     string                      // the key an outlet's names share (outletBase)
}

// entities is the story's canonical entities and how to find them by name.
type entities struct {
	all    []*parallax.Entity
	byForm map[string]*parallax.Entity // form key → entity
	of     map[*form]*parallax.Entity
	people *personIndex
}

// resolve groups the mentions of all articles into canonical entities. Its
// work is near-linear in the number of distinct forms: names are compared
// only within the blocks of an index (see personIndex), never all pairs.
func resolve(arts []*parallax.StoredArticle) *entities {
	forms := map[string]*form{}
	for _, a := range arts {
		for _, m := range a.Analysis.Mentions {
			if m.Kind == "" {
				continue
			}
			name := m.Name
			if strings.TrimSpace(name) == "" {
				name = m.Span.In(a.Text)
			}
			shape := displayName(name)
			if m.Kind == parallax.Person {
				shape = stripTitle(shape) // "President Trump" is Trump, with a role
			} else if first, rest, ok := strings.Cut(shape, " "); ok && strings.EqualFold(first, "the") {
				shape = rest // "the State Department" is "State Department"
			}
			key := translit.Key(shape)
			if key == "" {
				continue
			}
			f := forms[key]
			if f == nil {
				f = &form{key: key, words: strings.Fields(key), shapes: map[string]int{},
					kinds: map[parallax.EntityKind]int{}, articles: map[string]bool{}}
				forms[key] = f
			}
			f.count++
			f.shapes[shape]++
			f.kinds[m.Kind]++
			f.articles[a.ID] = true
			if m.Start < 0 || m.End > len(a.Text) || m.Start >= m.End {
				continue // no span: no context to read roles or citations from
			}
			lo, hi := sentenceAt(a, m.Start)
			if m.Kind == parallax.Person {
				f.roles = append(f.roles, rolesAt(a, lo, nameStart(a.Text, m.Span), m.End, hi)...)
			} else {
				f.cites += citeScore(a.Text, lo, m.Start, m.End, hi)
				if w, gap, ok := wordBefore(a.Text, lo, m.Start); ok && blank(gap) && lex().locatives[w.lower] {
					f.locative++
				}
			}
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
	// cue), or took for a place although no mention of it follows "in",
	// "to" or the like ("met with Kislyak"), is a person when the story
	// names a person with that surname. "in Washington" stays a place.
	surnames := map[string]bool{}
	for _, f := range forms {
		if f.kind == parallax.Person && f.full() {
			surnames[f.last()] = true
		}
	}
	for _, f := range forms {
		if len(f.words) == 1 && surnames[f.words[0]] && (f.kind == parallax.Misc || f.kind == parallax.Place && f.locative == 0) {
			f.kind = parallax.Person
		}
	}
	// Work in a fixed order so that every choice below is deterministic.
	sorted := make([]*form, 0, len(forms))
	for _, f := range forms {
		sorted = append(sorted, f)
	}
	slices.SortFunc(sorted, func(a, b *form) int { return strings.Compare(a.key, b.key) })
	domains := storyOutlets(arts)
	var persons []*form
	for i, f := range sorted {
		f.idx = i
		switch f.kind {
		case parallax.Person:
			persons = append(persons, f)
		case parallax.Organization, parallax.Misc:
			f.base = outletBase(bestShape(f))
			if isOutlet(f, domains) {
				f.kind = parallax.Outlet
			}
		}
	}
	l := newLinker(len(sorted))
	es := &entities{byForm: map[string]*parallax.Entity{}, of: map[*form]*parallax.Entity{}}
	es.people = clusterPersons(persons, l)
	mergeOutlets(sorted, l)

	groups := map[int][]*form{}
	var roots []int
	for _, f := range sorted {
		r := l.find(f.idx)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], f)
	}
	for _, r := range roots {
		e := entity(groups[r], l)
		es.all = append(es.all, e)
		for _, f := range groups[r] {
			es.byForm[f.key] = e
			es.of[f] = e
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
// name matching the forms of exactly one person (see personIndex.matching).
func (es *entities) speaker(name string) *parallax.Entity {
	key := translit.Key(stripTitle(displayName(name)))
	if key == "" {
		return nil
	}
	if e := es.byForm[key]; e != nil {
		return e
	}
	var found *parallax.Entity
	for _, f := range es.people.matching(&form{key: key, words: strings.Fields(key)}) {
		e := es.of[f]
		if found != nil && e != found {
			return nil // ambiguous: never guess a speaker
		}
		found = e
	}
	return found
}

// entity builds the canonical entity of a group of forms. Its name is,
// among the forms, the fullest (a person's full name before a lone name, an
// outlet's longer name before a short one), a well-written one (every word
// capitalised) before a garbled one ("Jeff and Roman sessions"), then the
// most mentioned, then the longest: a choice that depends on the names, not
// on the order of articles, so that one person is named, and has one id,
// across stories. Every other writing is an alias with the reason it was
// joined.
func entity(g []*form, l *linker) *parallax.Entity {
	best := slices.MaxFunc(g, func(a, b *form) int {
		return cmp.Or(
			cmp.Compare(a.fullness(), b.fullness()),
			cmpBool(wellWritten(bestShape(a)), wellWritten(bestShape(b))),
			cmp.Compare(a.count, b.count),
			cmp.Compare(len(a.key), len(b.key)),
			strings.Compare(b.key, a.key), // smaller key wins ties
		)
	})
	name := properName(bestShape(best), best.kind)
	e := &parallax.Entity{Name: name, Kind: best.kind, ID: EntityID(best.kind, name),
		Aliases: []string{}, Roles: []parallax.Role{}, Merges: []parallax.Merge{}}
	why := l.paths(best.idx)
	seen := map[string]bool{strings.ToLower(name): true}
	for _, f := range g {
		e.Mentions += f.count
		if e.Kind == parallax.Person {
			e.Roles = append(e.Roles, f.roles...)
		}
		// Aliases are distinct ignoring case: "trump" beside "Trump" says nothing new.
		for _, s := range shapesByPreference(f) {
			if low := strings.ToLower(s); !seen[low] {
				seen[low] = true
				e.Aliases = append(e.Aliases, s)
				m := parallax.Merge{Alias: s, Reason: why[f.idx].reason, Confidence: why[f.idx].confidence}
				if f == best {
					// Another writing of the canonical form: same key.
					m.Reason, m.Confidence = reasonSpelling, parallax.Certain
					if latin(s) != latin(name) {
						m.Reason = reasonScript
					}
				}
				e.Merges = append(e.Merges, m)
			}
		}
	}
	slices.Sort(e.Aliases)
	slices.SortFunc(e.Merges, func(a, b parallax.Merge) int { return strings.Compare(a.Alias, b.Alias) })
	e.Roles = distinctRoles(e.Roles)
	return e
}

// fullness ranks how complete a form's name is: a person's full name over a
// lone name, an outlet's name by the words of its base ("Washington Post"
// over "Post", while "Bloomberg News" ties with "Bloomberg") and a name
// over a domain.
func (f *form) fullness() int {
	switch f.kind {
	case parallax.Person:
		if f.full() {
			return 1
		}
	case parallax.Outlet:
		n := 2 * len(strings.Fields(f.base))
		if domainLabel(bestShape(f)) == "" {
			n++
		}
		return n
	}
	return 0
}

// distinctRoles keeps one piece of evidence per role and article (the
// first), ordered by the number of articles giving the role, then by role,
// article and position.
func distinctRoles(rs []parallax.Role) []parallax.Role {
	slices.SortFunc(rs, func(a, b parallax.Role) int {
		return cmp.Or(strings.Compare(a.Role, b.Role), strings.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start))
	})
	rs = slices.CompactFunc(rs, func(a, b parallax.Role) bool { return a.Role == b.Role && a.Article == b.Article })
	n := map[string]int{}
	for _, r := range rs {
		n[r.Role]++
	}
	slices.SortStableFunc(rs, func(a, b parallax.Role) int { return cmp.Compare(n[b.Role], n[a.Role]) })
	return rs
}

// bestShape is the form's preferred writing: see shapesByPreference.
func bestShape(f *form) string { return shapesByPreference(f)[0] }

// shapesByPreference lists a form's writings best first: Latin script
// first (the views are in English), then more capitalised words (machine
// translation lower-cases names), then more mentioned, then alphabetical.
func shapesByPreference(f *form) []string {
	out := make([]string, 0, len(f.shapes))
	for s := range f.shapes {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmpBool(latin(b), latin(a)), cmp.Compare(capitals(b), capitals(a)),
			cmp.Compare(f.shapes[b], f.shapes[a]), strings.Compare(a, b))
	})
	return out
}

// latin reports whether every letter of s is in the Latin script.
func latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
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
		if unicode.IsUpper(r) || !unicode.IsLetter(r) || particle(w) {
			continue
		}
		return false
	}
	return true
}

func particle(w string) bool {
	switch w {
	case "de", "da", "di", "del", "der", "van", "von", "bin", "al", "la", "le", "du", "dos":
		return true
	}
	return false
}

// properName is the name an entity is shown by: proper nouns are
// capitalised, so a person's name written "Donald trump" (machine
// translation lower-cases names) is shown, and identified, as "Donald
// Trump". Other kinds are capitalised only when wholly lower-case:
// "Department of State" keeps its "of".
func properName(s string, kind parallax.EntityKind) string {
	if kind != parallax.Person && strings.ToLower(s) != s {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && particle(w) {
			continue
		}
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

// linker is a union-find over form indexes that remembers the links that
// joined two sets, so that an entity can say why each alias belongs to it.
type linker struct {
	parent []int
	links  [][]link // per form, the links that joined it
}

type link struct {
	to                 int
	reason, confidence string
}

func newLinker(n int) *linker {
	l := &linker{parent: make([]int, n), links: make([][]link, n)}
	for i := range l.parent {
		l.parent[i] = i
	}
	return l
}

func (l *linker) find(i int) int {
	for l.parent[i] != i {
		l.parent[i] = l.parent[l.parent[i]]
		i = l.parent[i]
	}
	return i
}

// join merges the sets of i and j under the smaller root, so results do not
// depend on the order of joins, and records the link when they were apart:
// the links form a forest, with one path between two forms of a set.
func (l *linker) join(i, j int, reason, confidence string) {
	ri, rj := l.find(i), l.find(j)
	if ri == rj {
		return
	}
	if rj < ri {
		ri, rj = rj, ri
	}
	l.parent[rj] = ri
	l.links[i] = append(l.links[i], link{j, reason, confidence})
	l.links[j] = append(l.links[j], link{i, reason, confidence})
}

// paths returns, for every form of from's set, the reason of the last link
// on its path from from and the path's confidence: probable when any link
// on it is.
func (l *linker) paths(from int) map[int]link {
	out := map[int]link{from: {to: from, confidence: parallax.Certain}}
	queue := []int{from}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, k := range l.links[i] {
			if _, done := out[k.to]; done {
				continue
			}
			conf := k.confidence
			if out[i].confidence == parallax.Probable {
				conf = parallax.Probable
			}
			out[k.to] = link{to: k.to, reason: k.reason, confidence: conf}
			queue = append(queue, k.to)
		}
	}
	return out
}
