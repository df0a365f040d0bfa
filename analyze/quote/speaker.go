package quote

import (
	"sort"
	"strings"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

// people is what speaker resolution knows of a document's mentions.
type people struct {
	f       *Finder
	s       string
	toks    []text.Token
	ts      []tok
	ms      []parallax.Mention
	at      []int32           // per token: index into ms of the mention it is in, -1 if none
	first   []int32           // per mention: its first token
	roles   map[int][]string  // per person mention: role words written beside it
	fullest map[string]string // lower-case last word → fullest name, "" when two differ
	// events are the people a pronoun may refer to, by token: each
	// sentence's subject and each resolved speaker, sorted by token.
	events []event
}

type event struct {
	tok  int
	name string
}

// index reads the mentions: which tokens they cover, the fullest name of
// each person and organisation, the role words beside each person and the
// subject of each sentence.
func (p *people) index(f *Finder, s string, toks []text.Token, ts []tok, mentions []parallax.Mention, at []int32) {
	p.f, p.s, p.toks, p.ts, p.ms = f, s, toks, ts, mentions
	p.at = at[:len(toks)]
	for i := range p.at {
		p.at[i] = -1
	}
	p.first = make([]int32, len(mentions))
	k := 0
	for mi, m := range mentions {
		for k < len(toks) && toks[k].Start < m.Start {
			k++
		}
		p.first[mi] = int32(k)
		for j := k; j < len(toks) && toks[j].End <= m.End; j++ {
			p.at[j] = int32(mi)
		}
	}
	p.fullest = fullestNames(mentions)
	subject := -1 // the current sentence's subject, once found
	for i := range toks {
		if ts[i].sentStart {
			subject = -1
		}
		mi := p.at[i]
		if mi < 0 || int(p.first[mi]) != i || mentions[mi].Kind != parallax.Person {
			continue
		}
		p.noteRoles(int(mi))
		if subject < 0 && !ts[i].inQuote && p.eligible(int(mi), 0, 0) {
			subject = int(mi)
			p.events = append(p.events, event{i, p.name(int(mi))})
		}
	}
}

// fullestNames maps the lower-case last word of every person and
// organisation name to the longest name ending in it that agrees with the
// others ("Sergei Ryabkov" for "Ryabkov", "Washington Post" for "Post"), or
// to "" when two names disagree (two people share a surname).
func fullestNames(mentions []parallax.Mention) map[string]string {
	out := map[string]string{}
	for _, m := range mentions {
		if m.Kind != parallax.Person && m.Kind != parallax.Organization {
			continue
		}
		f := strings.Fields(m.Name)
		if len(f) == 0 {
			continue
		}
		key := string(m.Kind) + ":" + strings.ToLower(f[len(f)-1])
		old, ok := out[key]
		switch {
		case !ok:
			out[key] = m.Name
		case old == "" || strings.EqualFold(old, m.Name):
		case extends(m.Name, old):
			out[key] = m.Name
		case !extends(old, m.Name):
			out[key] = "" // two different names share the last word
		}
	}
	return out
}

// extends reports whether name is long, ending in all the words of short
// ("Sergei Ryabkov" extends "Ryabkov"; "Washington Post" extends "Post").
func extends(long, short string) bool {
	l, s := strings.Fields(long), strings.Fields(short)
	if len(l) <= len(s) {
		return false
	}
	for i := range s {
		if !strings.EqualFold(l[len(l)-len(s)+i], s[i]) {
			return false
		}
	}
	return true
}

// name returns the fullest name the document gives a mention's entity.
func (p *people) name(mi int) string {
	m := p.ms[mi]
	f := strings.Fields(m.Name)
	if len(f) == 0 {
		return m.Name
	}
	if full := p.fullest[string(m.Kind)+":"+strings.ToLower(f[len(f)-1])]; full != "" && extends(full, m.Name) {
		return full
	}
	return m.Name
}

// noteRoles records the role words written just before a person mention
// ("Ministry spokeswoman Maria Zakharova") or in an appositive after it
// ("Maria Zakharova, the ministry's spokeswoman,").
func (p *people) noteRoles(mi int) {
	a := int(p.first[mi])
	var roles []string
	for k := a - 1; k >= 0 && k >= a-4 && p.toks[k].Word && !p.ts[k+1].sentStart; k-- {
		if w := strings.ToLower(p.toks[k].In(p.s)); p.f.lex.IsRole(w) {
			roles = append(roles, w)
		}
	}
	b := a
	for b < len(p.toks) && p.at[b] == int32(mi) {
		b++
	}
	if b < len(p.toks) && p.ts[b].punct == ',' {
		for k := b + 1; k < len(p.toks) && k <= b+8 && p.toks[k].Word && !p.ts[k].sentStart; k++ {
			if w := strings.ToLower(p.toks[k].In(p.s)); p.f.lex.IsRole(w) {
				roles = append(roles, w)
			}
		}
	}
	if len(roles) > 0 {
		if p.roles == nil {
			p.roles = map[int][]string{}
		}
		p.roles[mi] = roles
	}
}

// eligible reports whether mention mi can be the one who speaks in the
// token range [a, b) holding it: not possessive ("Trump’s campaign"), not
// after a preposition ("a spokesman for Clinton") and not modifying a noun
// after it ("Trump campaign spokeswoman Hope Hicks").
func (p *people) eligible(mi, a, b int) bool {
	i := int(p.first[mi])
	j := i
	for j < len(p.toks) && p.at[j] == int32(mi) {
		j++
	}
	if i > a && p.toks[i-1].Word && p.f.lists.prepositions[p.ts[i-1].word] {
		return false
	}
	if j < len(p.toks) && p.toks[j].Word {
		w := p.toks[j].In(p.s)
		if isPossessive(w) {
			return false
		}
		if j < b && w != "" && w[0] >= 'a' && w[0] <= 'z' && p.at[j] < 0 && !p.ts[j].lex {
			return false
		}
	}
	return true
}

func isPossessive(w string) bool {
	return w == "'s" || w == "’s" || w == "ʼs" || w == "'S" || w == "’S"
}

// resolve returns the speaker named by the source words src of the cue
// cue, or "" when they name nobody the text identifies.
func (p *people) resolve(src, cue [2]int) string {
	a, b := src[0], src[1]
	var org = -1
	for k := a; k < b; k++ {
		mi := int(p.at[k])
		if mi < 0 || int(p.first[mi]) != k || !p.eligible(mi, a, b) {
			continue
		}
		switch p.ms[mi].Kind {
		case parallax.Person:
			return p.name(mi)
		case parallax.Organization, parallax.Place:
			if org < 0 {
				org = mi
			}
		}
	}
	if b-a == 1 {
		w := p.ts[a].word
		switch {
		case p.f.lists.pronouns[w]:
			return p.pronoun(a, strings.ToLower(p.toks[a].In(p.s)))
		case p.f.lists.relative[w]:
			return p.antecedent(a)
		}
	}
	if org >= 0 {
		return p.name(org)
	}
	if p.f.lists.determiners[p.ts[a].word] {
		for k := b - 1; k > a; k-- {
			if w := strings.ToLower(p.toks[k].In(p.s)); p.toks[k].Word && p.f.lex.IsRole(w) {
				return p.role(w, a)
			}
		}
	}
	return ""
}

// pronoun takes "he" or "she" at token i to the latest person before it
// (a sentence subject or a speaker) whose gender does not contradict it,
// looking back over the last few only: a pronoun refers to someone recent.
func (p *people) pronoun(i int, w string) string {
	want := byte('m')
	if w == "she" {
		want = 'f'
	}
	k := sort.Search(len(p.events), func(k int) bool { return p.events[k].tok >= i })
	for n := 0; k > 0 && n < 6; n++ {
		k--
		if g := p.f.lex.Gender(p.events[k].name); g == 0 || g == want {
			return p.events[k].name
		}
	}
	return ""
}

// antecedent takes a relative pronoun ("…, who said") to the person or
// organisation named just before it.
func (p *people) antecedent(i int) string {
	k := i - 1
	if k >= 0 && p.ts[k].punct == ',' {
		k--
	}
	if k < 0 || p.at[k] < 0 {
		return ""
	}
	mi := int(p.at[k])
	switch p.ms[mi].Kind {
	case parallax.Person, parallax.Organization:
		return p.name(mi)
	}
	return ""
}

// roleReach bounds, in tokens, how far back a role is looked for: an
// article reintroduces a role it has not used for pages.
const roleReach = 2000

// role takes a definite description ("the spokeswoman") to the latest
// person before token i written with that role word.
func (p *people) role(w string, i int) string {
	for k := i - 1; k >= 0 && k >= i-roleReach; k-- {
		mi := int(p.at[k])
		if mi < 0 || int(p.first[mi]) != k || p.ms[mi].Kind != parallax.Person {
			continue
		}
		for _, r := range p.roles[mi] {
			if r == w {
				return p.name(mi)
			}
		}
	}
	return ""
}

// heard records a resolved speaker at token i for later pronouns.
func (p *people) heard(i int, name string) {
	k := sort.Search(len(p.events), func(k int) bool { return p.events[k].tok > i })
	p.events = append(p.events, event{})
	copy(p.events[k+1:], p.events[k:])
	p.events[k] = event{i, name}
}

// personBetween reports whether a person other than the one named at except
// is mentioned in the bytes [from, to).
func (p *people) personBetween(from, to int, except parallax.Span) bool {
	i := sort.Search(len(p.ms), func(i int) bool { return p.ms[i].Start >= from })
	for ; i < len(p.ms) && p.ms[i].Start < to; i++ {
		m := p.ms[i]
		if m.Kind == parallax.Person && !(m.Start >= except.Start && m.End <= except.End) {
			return true
		}
	}
	return false
}
