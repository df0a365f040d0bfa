package story

import (
	"slices"
	"strings"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// Person names: when two writings of a name are one person, and the
// grouping of a story's person forms by those rules. A wrong merge puts one
// person's words in another's mouth while a missed one only shows a person
// twice, so merges are conservative, and the ones that are a judgement are
// marked probable.

// Merge reasons, as the UI shows them.
const (
	reasonSpelling  = "spelling variant"   // same translit key: Sergei/Sergey Ryabkov, Zakharova/Zaharova
	reasonScript    = "transliteration"    // same key, another script: Сергей Рябков
	reasonFirstName = "first-name variant" // Serhiy/Sergei with one surname
	reasonFuller    = "fuller name"        // Donald J. Trump / Donald Trump
	reasonSurname   = "surname"            // Ryabkov for the story's only Ryabkov
	reasonShared    = "shared surname"     // a surname two people have, decided by context
	reasonGendered  = "gendered surname"   // Zakharov for Zakharova
	reasonMisspelt  = "misspelling"        // Paige for Page
)

// first, last and middles split a person form's words (translit keys). A
// generational suffix is not a surname ("Martin Luther King Jr." → king);
// Key writes "II" and "III" as "i".
func (f *form) first() string { return f.words[0] }
func (f *form) last() string  { return f.words[f.lastAt()] }
func (f *form) full() bool    { return len(f.words) >= 2 }
func (f *form) middles() []string {
	if !f.full() {
		return nil
	}
	return f.words[1:f.lastAt()]
}

func (f *form) lastAt() int {
	n := len(f.words)
	if n > 2 {
		switch f.words[n-1] {
		case "jr", "sr", "i", "iv":
			return n - 2
		}
	}
	return n - 1
}

// givenGroup maps a first name to one spelling of the names in the
// variants list that no key folds (Serhiy/Sergei), else to itself.
func givenGroup(w string) string {
	if g, ok := lex().given[w]; ok {
		return g
	}
	return w
}

// firstMatch reports whether two first names (keys) are one name. Initials
// match only themselves.
func firstMatch(a, b string) bool {
	return a == b || len(a) > 1 && len(b) > 1 && givenGroup(a) == givenGroup(b)
}

// surnameRelation tells whether two surnames (keys) are one: "" when they
// are not, reasonSurname when equal, reasonGendered for the masculine and
// feminine forms of a Slavic surname (Zakharova/Zakharov,
// Pokrovskaya/Pokrovsky), reasonMisspelt for a small misspelling. A
// misspelling needs longer names when no agreeing first name (withFirst)
// supports it: "Page" and "Paige" are one person only as "Carter Page" and
// "Carter Paige".
func surnameRelation(a, b string, withFirst bool) string {
	if a == b {
		return reasonSurname
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	short := min(la, lb)
	if short >= 5 && genderFold(a) == genderFold(b) {
		return reasonGendered
	}
	limit := editLimit(short, withFirst)
	if limit == 0 || abs(la-lb) > limit {
		return ""
	}
	// Initial letters carry the name; a different first letter is another name
	// (Sands/Hands), not a typo.
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra == rb && editDistance(a, b) <= limit {
		return reasonMisspelt
	}
	return ""
}

// editLimit is the edit distance allowed between surnames whose shorter
// one has n letters.
func editLimit(n int, withFirst bool) int {
	switch {
	case withFirst && n >= 8, !withFirst && n >= 9:
		return 2
	case withFirst && n >= 4, !withFirst && n >= 6:
		return 1
	}
	return 0
}

// genderFold maps the masculine and feminine forms of a Slavic surname key
// to one stem. Keys have y and j as i and doubled letters single, so
// -skaya is "skaia" and -sky, -skiy and -skii are all "ski".
func genderFold(s string) string {
	for _, p := range [...][2]string{
		{"skaia", "ski"}, {"aia", "_"}, {"oi", "_"},
		{"ova", "ov"}, {"eva", "ev"}, {"ina", "in"},
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

// middlesFit reports whether two lists of middle names can be one person's:
// either list is empty, or they pair up word for word, a name with itself
// or with its initial. "George W. Bush" is not "George H. W. Bush".
func middlesFit(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if len(x) > len(y) {
			x, y = y, x
		}
		if x != y && !(utf8.RuneCountInString(x) == 1 && strings.HasPrefix(y, x)) {
			return false
		}
	}
	return true
}

// samePerson tells whether two full names name one person, and why: the
// first names agree (or are variants), the middle names fit, and the
// surnames are related. Different first names never merge: Sergei Ryabkov
// is not Sergey Kislyak, and Sergei Ryabkov is not Sergei Lavrov.
func samePerson(a, b *form) (reason, confidence string) {
	if !firstMatch(a.first(), b.first()) || !middlesFit(a.middles(), b.middles()) {
		return "", ""
	}
	switch rel := surnameRelation(a.last(), b.last(), true); rel {
	case "":
		return "", ""
	case reasonGendered, reasonMisspelt:
		return rel, parallax.Probable
	}
	if a.first() != b.first() {
		return reasonFirstName, parallax.Certain
	}
	return reasonFuller, parallax.Certain
}

// personIndex finds the person forms a name may match without comparing
// all pairs: forms are filed under their surname's deletion neighbourhood
// (the strings one or two letter deletions away, as symmetric-delete
// spelling correction does, and the same for the gender-folded surname), so
// two surnames within the distance surnameRelation allows always share an
// entry, while unrelated surnames rarely do. Entries are hashes: a
// collision only adds a candidate, which the rules then reject.
type personIndex struct {
	byLast map[uint64][]*form // surname variant → full forms by surname, lone forms by their word
}

func newPersonIndex(fs []*form) *personIndex {
	ix := &personIndex{byLast: map[uint64][]*form{}}
	for _, f := range fs {
		w := f.words[0]
		if f.full() {
			w = f.last()
		}
		for _, v := range variants(w) {
			ix.byLast[v] = append(ix.byLast[v], f)
		}
	}
	return ix
}

// variants returns the hashes of the deletion neighbourhood of a surname
// and of its gender-folded stem, as deep as editLimit allows for its length.
func variants(w string) []uint64 {
	var out []uint64
	for _, s := range []string{w, genderFold(w)} {
		rs := []rune(s)
		// hash is FNV-1a over the runes of s but those at i and j.
		hash := func(i, j int) uint64 {
			h := uint64(14695981039346656037)
			for k, r := range rs {
				if k != i && k != j {
					h = (h ^ uint64(r)) * 1099511628211
				}
			}
			return h
		}
		out = append(out, hash(-1, -1))
		depth := editLimit(len(rs), true) // withFirst allows the most
		for i := range rs {
			if depth >= 1 {
				out = append(out, hash(i, -1))
			}
			for j := i + 1; depth >= 2 && j < len(rs); j++ {
				out = append(out, hash(i, j))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// lookup returns the distinct forms filed under any variant of w, in
// index order.
func (ix *personIndex) lookup(w string) []*form {
	var out []*form
	for _, v := range variants(w) {
		out = append(out, ix.byLast[v]...)
	}
	slices.SortFunc(out, func(a, b *form) int { return a.idx - b.idx })
	return slices.Compact(out)
}

// clusterPersons joins the story's person forms (sorted by key) that name
// one person:
//
//  1. Full names join when samePerson says so. Names with middle names join
//     among themselves first, then names without them; a name without
//     middle names then joins the one group with middle names it fits, and
//     none when it fits two (George Bush beside George W. and George H. W. Bush).
//  2. A lone name joins the one group whose surname it is: exactly, else as
//     a gendered form or misspelling. When two groups fit at the first of
//     these tiers that finds any, the name joins the one named in full in
//     the same articles as the lone name, if only one is; else it stays
//     apart. A lone name is never taken for a first name: "Carter" beside
//     "Carter Page" is more likely someone surnamed Carter.
//  3. Lone names left over join each other when their surnames relate.
func clusterPersons(fs []*form, l *linker) *personIndex {
	ix := newPersonIndex(fs)
	var withMiddle, plain, lone []*form
	for _, f := range fs {
		switch {
		case !f.full():
			lone = append(lone, f)
		case len(f.middles()) > 0:
			withMiddle = append(withMiddle, f)
		default:
			plain = append(plain, f)
		}
	}
	joinFull := func(set []*form, middle bool) {
		for _, a := range set {
			for _, b := range ix.lookup(a.last()) {
				if b.idx >= a.idx || !b.full() || (len(b.middles()) > 0) != middle {
					continue // each pair once, within the set
				}
				if reason, conf := samePerson(a, b); reason != "" {
					l.join(a.idx, b.idx, reason, conf)
				}
			}
		}
	}
	joinFull(withMiddle, true)
	joinFull(plain, false)
	type middleFit struct {
		a, b   *form
		reason string
		conf   string
	}
	fits := map[int][]middleFit{} // plain group → groups with middle names it fits
	for _, a := range plain {
		for _, b := range ix.lookup(a.last()) {
			if !b.full() || len(b.middles()) == 0 {
				continue
			}
			if reason, conf := samePerson(a, b); reason != "" {
				r := l.find(a.idx)
				if !slices.ContainsFunc(fits[r], func(x middleFit) bool { return l.find(x.b.idx) == l.find(b.idx) }) {
					fits[r] = append(fits[r], middleFit{a, b, reason, conf})
				}
			}
		}
	}
	for _, a := range plain {
		if only := fits[l.find(a.idx)]; len(only) == 1 {
			l.join(only[0].a.idx, only[0].b.idx, only[0].reason, only[0].conf)
		}
	}

	// Groups of full names are settled: remember them before lone names join.
	type inArticle struct {
		group   int
		article string
	}
	group := map[*form]int{}
	named := map[inArticle]bool{} // a group is named in full in an article
	for _, f := range fs {
		if f.full() {
			group[f] = l.find(f.idx)
			for a := range f.articles {
				named[inArticle{group[f], a}] = true
			}
		}
	}
	attached := map[*form]bool{}
	for _, s := range lone {
		w := s.words[0]
		type cand struct {
			f      *form
			reason string
		}
		var tiers [2][]cand
		for _, f := range ix.lookup(w) {
			if !f.full() {
				continue
			}
			if f.last() == w {
				tiers[0] = append(tiers[0], cand{f, reasonSurname})
			} else if rel := surnameRelation(w, f.last(), false); rel != "" {
				tiers[1] = append(tiers[1], cand{f, rel})
			}
		}
		groupsOf := func(cs []cand) []int {
			var gs []int
			for _, c := range cs {
				if !slices.Contains(gs, group[c.f]) {
					gs = append(gs, group[c.f])
				}
			}
			return gs
		}
		for t, cs := range tiers {
			gs := groupsOf(cs)
			if len(gs) == 0 {
				continue
			}
			pick, shared, conf := -1, false, parallax.Probable
			if len(gs) == 1 {
				pick = gs[0]
				if t == 0 && len(slices.DeleteFunc(groupsOf(tiers[1]), func(g int) bool { return g == pick })) == 0 {
					conf = parallax.Certain
				} else {
					shared = t == 0 // Petrova beside Anna Petrova and Ivan Petrov
				}
			} else {
				var inContext []int
				for _, g := range gs {
					for a := range s.articles {
						if named[inArticle{g, a}] {
							inContext = append(inContext, g)
							break
						}
					}
				}
				if len(inContext) == 1 {
					pick, shared = inContext[0], true
				}
			}
			if i := slices.IndexFunc(cs, func(c cand) bool { return group[c.f] == pick }); i >= 0 {
				reason := cs[i].reason
				if shared {
					reason = reasonShared
				}
				l.join(s.idx, cs[i].f.idx, reason, conf)
				attached[s] = true
			}
			break // found, or ambiguous: a weaker tier must not decide
		}
	}
	for _, a := range lone {
		if attached[a] {
			continue
		}
		for _, b := range ix.lookup(a.words[0]) {
			if b.full() || attached[b] || b.idx >= a.idx {
				continue
			}
			if rel := surnameRelation(a.words[0], b.words[0], false); rel != "" {
				l.join(a.idx, b.idx, rel, parallax.Probable)
			}
		}
	}
	return ix
}

// matching returns the person forms a name may refer to: full names that
// are the same person, and lone names and full names whose surname it
// fits. Quote speakers are found this way, since the quote finder may name
// them by a form the tagger never marked.
func (ix *personIndex) matching(probe *form) []*form {
	var out []*form
	if probe.full() {
		for _, f := range ix.lookup(probe.last()) {
			if f.full() {
				if r, _ := samePerson(probe, f); r != "" {
					out = append(out, f)
				}
			} else if surnameRelation(probe.last(), f.words[0], false) != "" {
				out = append(out, f)
			}
		}
		return out
	}
	w := probe.words[0]
	for _, f := range ix.lookup(w) {
		other := f.words[0]
		if f.full() {
			other = f.last()
		}
		if surnameRelation(w, other, false) != "" {
			out = append(out, f)
		}
	}
	return out
}
