package stance

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// doc is a text split into words and sentences. Words are lower-cased,
// apostrophes folded to ', and stemmed (Snowball English) unless they are
// stop words or numbers. A doc is read-only once parsed.
type doc struct {
	low    []string // lower-cased words
	stem   []string // their stems
	stop   []bool   // a function word: carries no topic
	name   []bool   // capitalised, not first in its sentence
	num    []bool   // holds a digit
	sents  [][2]int // word ranges [start, end) of the sentences
	quest  bool     // the text holds a question mark
	quests int      // how many
}

// stemmer stems words, remembering them when it has a cache: training
// parses tens of thousands of texts with the same vocabulary.
type stemmer map[string]string

func (c stemmer) stem(w string) string {
	if c == nil {
		return english.Stem(w, false)
	}
	if s, ok := c[w]; ok {
		return s
	}
	s := english.Stem(w, false)
	c[w] = s
	return s
}

// maxWords bounds the words read from one text, so a pasted book cannot
// make a prediction slow; news bodies are far shorter.
const maxWords = 5000

func parse(s string, st stemmer) *doc {
	d := &doc{}
	rs := []rune(s)
	sentStart := 0
	newSent := true
	endSent := func() {
		if len(d.low) > sentStart {
			d.sents = append(d.sents, [2]int{sentStart, len(d.low)})
		}
		sentStart = len(d.low)
		newSent = true
	}
	for i := 0; i < len(rs) && len(d.low) < maxWords; {
		r := rs[i]
		if !isWordRune(r) {
			switch {
			case r == '?':
				d.quest = true
				d.quests++
				endSent()
			case r == '!' || r == '\n':
				endSent()
			case r == '.':
				// A full stop ends a sentence unless a lower-case word follows
				// ("approx. five", "U.S. officials" still splits: rare enough).
				j := i + 1
				for j < len(rs) && (rs[j] == ' ' || rs[j] == '"' || rs[j] == '\'' || rs[j] == '\u201d' || rs[j] == ')') {
					j++
				}
				if j == len(rs) || !unicode.IsLower(rs[j]) {
					endSent()
				}
			}
			i++
			continue
		}
		start := i
		var b strings.Builder
		digit := false
		for ; i < len(rs); i++ {
			r := rs[i]
			if isWordRune(r) {
				digit = digit || unicode.IsDigit(r)
				b.WriteRune(unicode.ToLower(r))
				continue
			}
			if i+1 < len(rs) && isWordRune(rs[i+1]) {
				if isApostrophe(r) && unicode.IsLetter(rs[i-1]) {
					b.WriteByte('\'')
					continue
				}
				if (r == '.' || r == ',') && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
					if r == '.' {
						b.WriteByte('.')
					}
					continue
				}
			}
			break
		}
		w := strings.TrimSuffix(b.String(), "'s")
		if w == "" {
			continue
		}
		name := !newSent && unicode.IsUpper(rs[start])
		newSent = false
		stop := stopWords[w]
		stem := w
		if !stop && !digit {
			stem = st.stem(w)
		}
		d.low = append(d.low, w)
		d.stem = append(d.stem, stem)
		d.stop = append(d.stop, stop)
		d.name = append(d.name, name)
		d.num = append(d.num, digit)
	}
	endSent()
	return d
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u2018' }

// negated reports whether w negates: "not", "no", "never", "n't" forms.
func negated(w string) bool { return negations[w] || strings.HasSuffix(w, "n't") }

var negations = set("not no never none nothing nobody neither nor nowhere cannot without")

// Cue words, matched on lower-cased words. refute: the text says the claim
// is false; hedge: it reports without vouching; support: it vouches.
var (
	refuteCues = set(`fake fakes faked hoax hoaxes hoaxer false falsely untrue deny denies denied denying denial
		debunk debunked debunks debunking bogus fabricated fabrication prank pranked satire satirical parody
		myth rumor rumors rumour rumours baseless misleading refute refuted refutes dismiss dismissed dismisses
		reject rejected rejects retract retracted retraction incorrect wrong phony scam doubt doubts doubtful
		despite contrary contradict contradicted nonsense lie lies lied lying photoshopped doctored spoof
		unfounded erroneous mistaken inaccurate disproved disputed dispute disputes skeptical sceptical
		clarified clarify insisted insists`)
	hedgeCues = set(`reportedly allegedly alleged claims claim claimed claiming apparently purportedly purported
		rumored rumoured unconfirmed unverified possibly possible may might could would perhaps appears
		appear seems seem suggests suggest suggested according reports report reported if whether believed
		believe speculation speculate speculated sources source supposedly unclear investigating investigate
		uncertain likely unlikely expected`)
	supportCues = set(`confirmed confirms confirm confirming official officially announced announces
		indeed true truth proof proved proven evidence revealed reveals shows showed footage video photos
		photo verified statement said says told admitted admits acknowledged`)
)

// stopWords are function words: no topic of their own. Negations stay
// stop words here, as they carry stance, not topic.
var stopWords = set(`a an the and or but if then than so as of to in on at by for with from into onto
	about over under after before between through during against among up down out off again further
	is are was were be been being am do does did doing have has had having will would shall should
	can could may might must i me my we us our you your he him his she her it its they them their
	this that these those there here what which who whom whose when where why how all any both each few
	more most other some such only own same too very just also not no nor never s t don now says said
	say one two new like get got mr ms mrs`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
