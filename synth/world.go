package synth

import (
	"math/rand/v2"
	"strings"
	"sync"
)

// world is what every stream draws from: the vocabulary, the name pools,
// the towns, the outlets and the famous people. It does not depend on the
// seed (a seed picks events, not a language) and is read-only once made.
type world struct {
	nouns    []string // common nouns first, then invented ones
	nounZipf zipf
	verbs    []verb
	adjs     []string
	adjZipf  zipf
	firsts   []string
	lasts    []string // written surnames first, then invented ones
	lastZipf zipf
	towns    []town
	townZipf zipf
	papers   []*outlet
	paperZ   zipf
	wires    []*outlet
	famous   []*person
}

type town struct{ name, country string }

type outlet struct {
	id     int
	name   string // "Kelvar Herald"
	domain string // "kelvarherald.com"
	wire   bool   // a news agency, whose reports others reprint
}

type person struct{ first, last, role string }

// Sizes of the invented parts of the world.
const (
	vocabSize   = 12000 // nouns, written and invented
	surnameSize = 1500
	townSize    = 1500
	paperCount  = 280
	wireCount   = 8
	famousCount = 30
	// wireShare is the share of original reports that come from agencies.
	wireShare = 0.15
)

var theWorld = sync.OnceValue(func() *world {
	r := rand.New(rand.NewPCG(1, 2)) // fixed: the world is the same for every seed
	w := &world{}
	seen := map[string]bool{}
	add := func(list []string, s string) []string {
		if seen[s] {
			return list
		}
		seen[s] = true
		return append(list, s)
	}
	for _, n := range strings.Fields(nounList) {
		w.nouns = add(w.nouns, n)
	}
	for len(w.nouns) < vocabSize {
		w.nouns = add(w.nouns, invent(r, 2+r.IntN(4)/3))
	}
	// s slightly above 1, as word counts of news text fall off.
	w.nounZipf = newZipf(len(w.nouns), 1.05)
	w.verbs = mustVerbs(verbList)
	w.adjs = strings.Fields(adjectiveList)
	w.adjZipf = newZipf(len(w.adjs), 0.8)
	w.firsts = strings.Fields(firstNames)
	for _, n := range strings.Fields(surnames) {
		w.lasts = add(w.lasts, n)
	}
	for len(w.lasts) < surnameSize {
		w.lasts = add(w.lasts, capital(invent(r, 1+r.IntN(2))+surnameEnds[r.IntN(len(surnameEnds))]))
	}
	// A skew: the commonest surname names one person in twenty, the ten
	// commonest one in six.
	w.lastZipf = newZipf(len(w.lasts), 0.75)
	cs := strings.Fields(countries)
	for len(w.towns) < townSize {
		name := townHeads[r.IntN(len(townHeads))] + capital(invent(r, 1+r.IntN(2))+townEnds[r.IntN(len(townEnds))])
		if seen[name] {
			continue
		}
		seen[name] = true
		w.towns = append(w.towns, town{name: name, country: cs[r.IntN(len(cs))]})
	}
	w.townZipf = newZipf(len(w.towns), 0.9)
	for len(w.papers)+len(w.wires) < paperCount+wireCount {
		base := capital(invent(r, 2))
		wire := len(w.wires) < wireCount
		word := paperWords[r.IntN(len(paperWords))]
		if wire {
			word = wireWords[r.IntN(len(wireWords))]
		}
		name := base + " " + word
		domain := strings.ToLower(base+strings.ReplaceAll(word, " ", "")) + tlds[r.IntN(len(tlds))]
		if seen[domain] {
			continue
		}
		seen[domain] = true
		o := &outlet{id: len(w.papers) + len(w.wires), name: name, domain: domain, wire: wire}
		if wire {
			w.wires = append(w.wires, o)
		} else {
			w.papers = append(w.papers, o)
		}
	}
	w.paperZ = newZipf(len(w.papers), 0.9)
	heads := []string{"president", "prime minister", "foreign minister", "finance minister", "chancellor"}
	for range famousCount {
		p := w.newPerson(r, heads[r.IntN(len(heads))])
		p.role += " of " + cs[r.IntN(len(cs))]
		w.famous = append(w.famous, p)
	}
	return w
})

// invent makes a word of n syllables.
func invent(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(onsets[r.IntN(len(onsets))])
		b.WriteString(vowels[r.IntN(len(vowels))])
		b.WriteString(codas[r.IntN(len(codas))])
	}
	return b.String()
}

func (w *world) newPerson(r *rand.Rand, role string) *person {
	return &person{first: w.firsts[r.IntN(len(w.firsts))], last: w.lasts[w.lastZipf.draw(r)], role: role}
}

// pickOutlet returns an agency or a paper, the big papers more often.
func (w *world) pickOutlet(r *rand.Rand, wire bool) *outlet {
	if wire {
		return w.wires[r.IntN(len(w.wires))]
	}
	return w.papers[w.paperZ.draw(r)]
}

// capital upper-cases the first letter of an ASCII word.
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
