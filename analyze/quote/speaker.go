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

// roleWords is how many words before a name are read for its roles
// ("the press secretary of the president Dmitry Peskov"), up to a cue word:
// in "the official said members of Clinton's team" official is not Clinton's.
const roleWords = 7

// noteRoles records the role words written just before a person mention
// ("Ministry spokeswoman Maria Zakharova") or in an appositive after it
// ("Maria Zakharova, the ministry's spokeswoman,").
func (p *people) noteRoles(mi int) {
	a := int(p.first[mi])
	var roles []string
	for k := a - 1; k >= 0 && k >= a-roleWords && p.toks[k].Word && !p.ts[k+1].sentStart && !p.f.lists.cues[p.ts[k].word]; k-- {
		// "secretary of the president": the words after "of" name whom the
		// person serves, not their role.
		of := k > 0 && p.ts[k-1].word == p.f.lists.of ||
			k > 1 && p.f.lists.determiners[p.ts[k-1].word] && p.ts[k-2].word == p.f.lists.of
		if w := strings.ToLower(p.toks[k].In(p.s)); p.f.lex.IsRole(w) && !of {
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
	// "the press secretary of the President of Norland": an article between
	// does not make the name after a preposition a speaker.
	if i-1 > a && p.f.lists.determiners[p.ts[i-1].word] && p.toks[i-2].Word && p.f.lists.prepositions[p.ts[i-2].word] {
		return false
	}
	if j < len(p.toks) && p.toks[j].Word {
		w := p.toks[j].In(p.s)
		if isPossessive(w) {
			return false
		}
		if j < b && w != "" && w[0] >= 'a' && w[0] <= 'z' && p.at[j] < 0 && !p.ts[j].lex && !p.f.lists.prepositions[p.ts[j].word] {
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
	org, affiliation := -1, -1
	for k := a; k < b; k++ {
		mi := int(p.at[k])
		if mi < 0 || int(p.first[mi]) != k {
			continue
		}
		if !p.eligible(mi, a, b) {
			if affiliation < 0 && p.ms[mi].Kind == parallax.Organization {
				affiliation = mi
			}
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
	w := p.headRole(a, b)
	if w == "" {
		if name := p.surname(a, b); name != "" {
			return name
		}
		if name := p.author(a, b); name != "" {
			return name
		}
		return p.group(a, b)
	}
	// "A spokesman for the State Department" is someone new, not the last
	// spokesman named; the organisation they speak for is the source.
	if first := strings.ToLower(p.toks[a].In(p.s)); first != "a" && first != "an" {
		if name := p.role(w, a); name != "" {
			return name
		}
	}
	if affiliation >= 0 {
		return p.name(affiliation)
	}
	return ""
}

// headRole returns the role word that heads a definite description or a
// bare title as a source ("the spokeswoman", "Press Secretary of the
// President": the last role word before the first preposition), or "".
// Without a determiner the words before the preposition must name no one:
// "Trump campaign spokeswoman" is not a bare title.
func (p *people) headRole(a, b int) string {
	det := p.f.lists.determiners[p.ts[a].word]
	head := ""
	for k := a; k < b && !(p.toks[k].Word && p.f.lists.prepositions[p.ts[k].word]); k++ {
		if !det && p.at[k] >= 0 {
			return ""
		}
		if w := strings.ToLower(p.toks[k].In(p.s)); p.toks[k].Word && p.f.lex.IsRole(w) {
			head = w
		}
	}
	return head
}

// surname takes a source of one capitalised word that no person mention
// covers ("Page described …", when the tagger missed or mistyped the
// surname) to the one
// person of the document whose fullest name ends in it, or "".
func (p *people) surname(a, b int) string {
	if b-a != 1 || p.at[a] >= 0 && p.ms[p.at[a]].Kind == parallax.Person {
		return ""
	}
	w := p.toks[a].In(p.s)
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return ""
	}
	if full := p.fullest[string(parallax.Person)+":"+strings.ToLower(w)]; extends(full, w) {
		return full
	}
	// The tagger may have typed the full name wrongly ("Carter Page" as a
	// thing): a name of a known given name and this surname is a person.
	found := ""
	for _, m := range p.ms {
		if m.Kind == parallax.Person || !extends(m.Name, w) || len(strings.Fields(m.Name)) != 2 || p.f.lex.Gender(m.Name) == 0 {
			continue
		}
		if found != "" && found != m.Name {
			return ""
		}
		found = m.Name
	}
	return found
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

// roleAhead bounds, in tokens from the next sentence, how far after a
// definite description its person is looked for: a lead names the role
// ("The deputy foreign minister said …") and the next sentence or two the
// person.
const roleAhead = 100

// role takes a definite description ("the spokeswoman") to the latest
// person before token i written with that role word, else to the first one
// after it within roleAhead tokens.
func (p *people) role(w string, i int) string {
	has := func(k int) bool {
		mi := int(p.at[k])
		if mi < 0 || int(p.first[mi]) != k || p.ms[mi].Kind != parallax.Person {
			return false
		}
		for _, r := range p.roles[mi] {
			if r == w {
				return true
			}
		}
		return false
	}
	for k := i - 1; k >= 0 && k >= i-roleReach; k-- {
		if has(k) {
			return p.name(int(p.at[k]))
		}
	}
	// Ahead, from the next sentence on: a name later in the description's
	// own sentence is what the person spoke of.
	k := i + 1
	for k < len(p.toks) && !p.ts[k].sentStart {
		k++
	}
	for end := k + roleAhead; k < len(p.toks) && k <= end; k++ {
		if has(k) {
			return p.name(int(p.at[k]))
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

// trimSource drops from the end of a source range the words news grammar
// gives to the cue (auxiliaries, modals, -ly adverbs: [cueside]) and any
// punctuation, keeping at least one word.
func (d *doc) trimSource(r [2]int) [2]int {
	r = d.trimRange(r)
	for r[1]-1 > r[0] {
		k := r[1] - 1
		if d.toks[k].Word && !d.f.lists.cueSide[d.ts[k].word] && !d.f.lists.notSource[d.ts[k].word] && !d.adverb(k) {
			break
		}
		r[1]--
		r = d.trimRange(r)
	}
	return r
}

// adverb reports whether token k is a lower-case word in -ly that is not a
// noun ("cynically", "repeatedly"; not "family").
func (d *doc) adverb(k int) bool {
	w := d.toks[k].In(d.s)
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w[0] >= 'a' && w[0] <= 'z' && !d.f.lists.lyNouns[d.ts[k].word]
}

// passive reports whether the cue toks[c0:c1] is passive ("has also been
// accused", "was later reported"): the words before it are whom the
// statement is about, not its source.
func (d *doc) passive(c [2]int) bool {
	be := false
	for k := c[0]; k < c[1]; k++ {
		if d.f.lists.be[d.ts[k].word] {
			be = true
		} else if w := d.toks[k].In(d.s); be && (strings.HasSuffix(w, "ed") || d.f.lists.participles[d.ts[k].word]) {
			return true
		}
	}
	return false
}

// group names a collective source that is no entity but is named in the
// text ("Democrats", "the Russian government"): its words, less a leading
// "the", when every word is capitalised mid-sentence or the last is a
// [collective] noun after capitalised ones; else "". A capital at a
// sentence's start proves nothing ("Officials said"), and an indefinite
// source ("a Russian official") names no one.
func (p *people) group(a, b int) string {
	if p.f.lists.determiners[p.ts[a].word] && strings.EqualFold(p.toks[a].In(p.s), "the") {
		a++
	}
	if a >= b || b-a > 4 {
		return ""
	}
	for k := a; k < b; k++ {
		w := p.toks[k].In(p.s)
		if !p.toks[k].Word || w == "" {
			return ""
		}
		capital := w[0] >= 'A' && w[0] <= 'Z' && !(p.ts[k].sentStart && k == a)
		last := k == b-1 && k > a && p.f.lists.collective[p.ts[k].word]
		if !capital && !last {
			return ""
		}
	}
	return p.s[p.toks[a].Start:p.toks[b-1].End]
}

// authorReach bounds, in tokens, how far back author looks for the
// document a definite description refers to.
const authorReach = 80

// author takes a definite description of a document ("the statement", "the
// report") to whoever the text said issued it shortly before: "according to
// a statement issued by the Kremlin. The statement added …" gives the
// Kremlin. The document word must recur, followed within three words by
// "by" or "from" and a name; "" otherwise.
func (p *people) author(a, b int) string {
	if b-a != 2 || !p.f.lists.determiners[p.ts[a].word] || !p.f.lists.documents[p.ts[a+1].word] {
		return ""
	}
	noun := p.ts[a+1].word
	for k := a - 1; k >= 0 && k >= a-authorReach; k-- {
		if p.ts[k].word != noun {
			continue
		}
		for j := k + 1; j < a && j <= k+3; j++ {
			if w := p.ts[j].word; w != p.f.lists.by && w != p.f.lists.from {
				continue
			}
			if mi := p.at[j+1]; j+1 < a && mi >= 0 && int(p.first[mi]) == j+1 {
				return p.name(int(mi))
			}
			// "by the Kremlin": an article before the name.
			if mi := p.at[j+2]; j+2 < a && mi >= 0 && int(p.first[mi]) == j+2 && p.f.lists.determiners[p.ts[j+1].word] {
				return p.name(int(mi))
			}
		}
	}
	return ""
}
