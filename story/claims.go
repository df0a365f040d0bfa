package story

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/timex"
	"github.com/parallax-news/parallax/analyze/translit"
)

// Claim grouping thresholds. linkSimilarity is the cosine of two claims'
// weighted words above which claims about the same entity are about the
// same thing; a speaker repeating a stance needs only half of it.
// maxPostings bounds the candidate pairs: a word more than that many claims
// about one entity share is too common to propose a pair, so grouping stays
// near-linear however big the story.
const (
	linkSimilarity = 0.2
	// opposedSimilarity is the cosine enough for an assertion and a denial
	// about the same entity: a denial rewords what it denies ("refused
	// requests for meetings" against "held meetings"), so they share fewer
	// words than two tellings of one thing.
	opposedSimilarity = 0.06
	maxPostings       = 64
	// shortClaim is the number of content words below which a claim is read
	// with its sentence (and the sentence before when that names no one):
	// "This is not accurate" is about what the sentence says it denies.
	shortClaim = 3
)

// stanceLexicon holds the cue lists of story/data/stance.txt.
type stanceLexicon struct {
	deny     []string // word beginnings
	denial   []string // phrases, space-padded
	decline  []string
	walkBack []string
	hedge    map[string]bool
}

var stanceWords = sync.OnceValue(func() *stanceLexicon {
	s, err := text.ReadSections(dataFS, "data/stance.txt")
	if err != nil {
		panic("story: " + err.Error())
	}
	phrases := func(lines []string) []string {
		var out []string
		for _, l := range lines {
			if f := strings.Fields(strings.ToLower(l)); len(f) > 0 {
				out = append(out, " "+strings.Join(f, " ")+" ")
			}
		}
		return out
	}
	lx := &stanceLexicon{denial: phrases(s["denial"]), decline: phrases(s["decline"]),
		walkBack: phrases(s["walk back"]), hedge: map[string]bool{}}
	for _, l := range s["deny"] {
		lx.deny = append(lx.deny, strings.Fields(l)...)
	}
	for _, l := range s["hedge"] {
		for _, w := range strings.Fields(l) {
			lx.hedge[w] = true
		}
	}
	return lx
})

// plain returns s lower-cased as space-separated words, padded with a space
// at each end, so that phrases match whole words.
func plain(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !text.IsApostrophe(r)
	}) {
		b.WriteString(strings.Map(func(r rune) rune {
			if text.IsApostrophe(r) {
				return '\''
			}
			return r
		}, w))
		b.WriteByte(' ')
	}
	return b.String()
}

func containsAny(s string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return strings.TrimSpace(p)
		}
	}
	return ""
}

// negated reports whether words hold a negation that is not a hedge ("not
// only", "cannot say that all", "not always") or a litotes ("not uncommon").
func negated(words string, lx *stanceLexicon) bool {
	f := strings.Fields(words)
	for i, w := range f {
		// "nothing" and "none" negate an object, not the claim ("nothing
		// was found" asserts a clean inspection), so they do not count.
		if !(w == "not" || w == "no" || w == "never" || w == "cannot" || w == "nor" || w == "neither" || strings.HasSuffix(w, "n't")) {
			continue
		}
		hedged := false
		for j := i + 1; j < len(f) && j <= i+3; j++ {
			if lx.hedge[f[j]] {
				hedged = true
			}
		}
		if i+1 < len(f) && strings.HasPrefix(f[i+1], "un") && len(f[i+1]) > 4 {
			hedged = true // "not uncommon" asserts
		}
		if !hedged {
			return true
		}
	}
	return false
}

// stanceOf decides a claim's stance from its reported words and the rest of
// its sentence, and returns the words that carry it: a walk-back cue in the
// sentence, a refusal to comment, a denying verb or adverb, a denial inside
// the words ("not accurate", "no contact"), else a plain assertion.
func stanceOf(words, sentence, cue string) (stance, carrier string) {
	lx := stanceWords()
	pw, ps := plain(words), plain(sentence)
	if p := containsAny(ps, lx.walkBack); p != "" {
		return parallax.WalksBack, p
	}
	if p := containsAny(ps, lx.decline); p != "" {
		return parallax.Declines, p
	}
	for _, w := range strings.Fields(plain(cue)) {
		for _, d := range lx.deny {
			if strings.HasPrefix(w, d) {
				return parallax.Denies, w
			}
		}
	}
	// A denying adverb next to the reporting verb ("flatly denied", "she
	// categorically rejected"), outside the reported words. Other denying
	// words of the sentence may belong to another clause ("accused of ties,
	// which he denied"), so only these two count.
	outside := strings.Replace(ps, pw, " ", 1)
	for _, w := range []string{"flatly", "categorically"} {
		if strings.Contains(outside, " "+w+" ") {
			return parallax.Denies, w
		}
	}
	if p := containsAny(pw, lx.denial); p != "" {
		return parallax.Denies, p
	}
	if negated(pw, lx) {
		return parallax.Denies, "not"
	}
	return parallax.Asserts, strings.ToLower(strings.TrimSpace(cue))
}

// claim is a parallax.Claim with what grouping needs.
type claim struct {
	parallax.Claim
	art     *parallax.StoredArticle
	sent    *sentence
	focal   *parallax.Entity // what the claim is about
	vec     vector
	stmt    int  // statement index, -1 for none
	faces   bool // directly like a claim of the opposite stance
	numbers map[string]string
	dates   []string // calendar days written inside the claim's words
}

// mentionEntity returns the canonical entity a mention belongs to, keyed
// as resolve keys forms.
func (es *entities) mentionEntity(a *parallax.StoredArticle, m parallax.Mention) *parallax.Entity {
	name := m.Name
	if strings.TrimSpace(name) == "" {
		name = m.Span.In(a.Text)
	}
	shape := displayName(name)
	if m.Kind == parallax.Person {
		shape = stripTitle(shape)
	} else if first, rest, ok := strings.Cut(shape, " "); ok && strings.EqualFold(first, "the") {
		shape = rest
	}
	return es.byForm[translit.Key(shape)]
}

// entitiesIn returns the canonical entities mentioned within [lo, hi) of
// the article, in text order, each once.
func (es *entities) entitiesIn(a *parallax.StoredArticle, lo, hi int) []*parallax.Entity {
	var ms []parallax.Mention
	for _, m := range a.Analysis.Mentions {
		if m.Start >= lo && m.End <= hi {
			ms = append(ms, m)
		}
	}
	// Text order, whatever order the analysis listed them in.
	slices.SortStableFunc(ms, func(x, y parallax.Mention) int { return cmp.Compare(x.Start, y.Start) })
	var out []*parallax.Entity
	for _, m := range ms {
		if e := es.mentionEntity(a, m); e != nil && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// focalOf picks what a claim is about: the first person its words name,
// else an organisation, else a place they name (a ship, a city), else a
// person or organisation of its sentence, else (for words that name nothing, "This is not accurate") of
// the sentence before, else a place or other name — never the claim's
// speaker, an outlet, or anyone speaking in that sentence: the focal is who
// is talked about, not who talks.
func focalOf(es *entities, c *corpus, a *parallax.StoredArticle, content parallax.Span, s *sentence, speaker string) *parallax.Entity {
	speaking := func(s *sentence) map[string]bool {
		m := map[string]bool{speaker: true}
		for _, q := range a.Analysis.Quotes {
			if q.Content.Start >= s.span.Start && q.Content.Start < s.span.End {
				if e := es.speaker(q.Speaker); e != nil {
					m[e.ID] = true
				}
			}
		}
		return m
	}
	pick := func(list []*parallax.Entity, skip map[string]bool, kinds ...parallax.EntityKind) *parallax.Entity {
		for _, e := range list {
			if !skip[e.ID] && e.Kind != parallax.Outlet && slices.Contains(kinds, e.Kind) {
				return e
			}
		}
		return nil
	}
	skip := speaking(s)
	in := es.entitiesIn(a, content.Start, content.End)
	around := es.entitiesIn(a, s.span.Start, s.span.End)
	var before []*parallax.Entity
	var skipBefore map[string]bool
	if s.idx > 0 {
		p := c.sents[a.ID][s.idx-1]
		before, skipBefore = es.entitiesIn(a, p.span.Start, p.span.End), speaking(p)
	}
	const P, O, G, M = parallax.Person, parallax.Organization, parallax.Place, parallax.Misc
	for _, e := range []*parallax.Entity{
		pick(in, skip, P), pick(in, skip, O), pick(in, skip, G), pick(around, skip, P), pick(around, skip, O),
		pick(before, skipBefore, P, O), pick(in, skip, M), pick(around, skip, G, M),
	} {
		if e != nil {
			return e
		}
	}
	return nil
}

// claims extracts the story's claims and groups those about the same
// thing. A claim is each quotation with a speaker (a fragment quoted again
// inside a longer quote of the same article is that quote's claim) and
// each sentence without one that denies or declines to comment ("The
// campaign did not respond to a request for comment"). Its stance comes
// from stanceOf; in a sentence that walks something back ("X later sought
// to change the interpretation…, saying …") the claims are X's walk-back.
//
// Claims about the same thing share what they are about (focalOf) and
// enough weighted words (linkSimilarity), or are tellings of one statement.
// Candidate pairs come from an inverted index of words within one focal
// entity, so the cost follows the claims that can match, not all pairs.
func claims(c *corpus, es *entities, statements []parallax.Statement) []*claim {
	stmtOf := map[[3]any]int{}
	for i, st := range statements {
		for _, o := range st.Occurrences {
			stmtOf[[3]any{o.Article, o.Start, o.End}] = i
		}
	}
	var out []*claim
	for _, a := range c.arts {
		first := len(out)
		quoted := map[*sentence]bool{}
		for _, q := range a.Analysis.Quotes {
			s := c.at(a.ID, q.Content.Start)
			words := q.Content.In(a.Text)
			if s == nil || strings.TrimSpace(words) == "" {
				continue
			}
			quoted[s] = true
			if slices.ContainsFunc(a.Analysis.Quotes, func(o parallax.Quote) bool {
				return o.Content != q.Content && o.Content.Start <= q.Content.Start && q.Content.End <= o.Content.End
			}) {
				continue // a fragment of a longer quote: that quote is the claim
			}
			speaker := q.Speaker
			stance, carrier := stanceOf(words, s.span.In(a.Text), q.Cue.In(a.Text))
			if stance == parallax.WalksBack {
				if who := walker(es, a, s); who != "" {
					speaker = who
				}
			}
			cl := newClaim(c, es, a, s, q.Content, speaker, stance, carrier)
			if len(strings.Fields(words)) < 2 && stance == parallax.Asserts || len(bagOf(a.Text, q.Content, a.Language)) == 0 {
				continue // one reported word ("connections", "that") says nothing on its own
			}
			cl.stmt = -1
			if k, ok := stmtOf[[3]any{a.ID, q.Content.Start, q.Content.End}]; ok {
				cl.stmt = k
			}
			out = append(out, cl)
		}
		for _, s := range c.sents[a.ID] {
			if quoted[s] {
				continue
			}
			words := s.span.In(a.Text)
			stance, carrier := stanceOf(words, words, "")
			if stance == parallax.Asserts || carrier == "not" || carrier == "never" {
				continue // a narrative sentence is a claim only with an explicit cue
			}
			speaker := ""
			if stance == parallax.WalksBack {
				speaker = walker(es, a, s)
			} else if e := subjectBefore(es, a, s, carrier); e != nil {
				speaker = e.Name
			}
			cl := newClaim(c, es, a, s, s.span, speaker, stance, carrier)
			cl.stmt = -1
			out = append(out, cl)
		}
		if len(out) > first {
			claimDates(a, out[first:])
		}
	}
	group(out)
	return out
}

// claimDates gives each of an article's claims the calendar days written
// inside its words ("opened on 3 March 2031"), as the timeline reads them
// against the article's date. A day the claim merely was said on ("said on
// Tuesday that …") lies outside its words and is not the claim's.
func claimDates(a *parallax.StoredArticle, cs []*claim) {
	dct := articleTime(a)
	for _, x := range tagger().Find(a.Text, dct) {
		if (x.Type != timex.Date && x.Type != timex.Time) || (x.Anchored && dct.IsZero()) {
			continue
		}
		date, prec := calendar(x.Value)
		if prec != parallax.PrecisionDay {
			continue
		}
		for _, cl := range cs {
			if x.Start >= cl.Start && x.End <= cl.End && !slices.Contains(cl.dates, date) {
				cl.dates = append(cl.dates, date)
			}
		}
	}
}

// newClaim builds a claim of the words at sp in sentence s.
func newClaim(c *corpus, es *entities, a *parallax.StoredArticle, s *sentence, sp parallax.Span, speaker, stance, cue string) *claim {
	cl := &claim{art: a, sent: s, Claim: parallax.Claim{Stance: stance, Cue: cue, Text: sp.In(a.Text),
		Article: a.ID, Outlet: a.Outlet, Start: sp.Start, End: sp.End, CorroboratedBy: []string{}}}
	if e := es.speaker(speaker); e != nil {
		cl.Speaker, cl.EntityID = e.Name, e.ID
	} else {
		cl.Speaker = displayName(speaker)
	}
	cl.focal = focalOf(es, c, a, sp, s, cl.EntityID)
	// The claim's words without the names (what it is about is focal) and,
	// for a short claim, with its sentence's.
	bag := bagOf(a.Text, sp, a.Language)
	if len(bag) < shortClaim {
		for t, n := range s.terms {
			bag[t] += n
		}
	}
	for _, m := range a.Analysis.Mentions {
		if m.Start >= s.span.Start && m.End <= s.span.End {
			for t := range bagOf(a.Text, m.Span, a.Language) {
				delete(bag, t)
			}
		}
	}
	cl.vec = c.vec(bag)
	cl.numbers = unitFigures(cl.Text)
	return cl
}

// walker names who walks something back in a sentence: the person named
// last before the walk-back cue ("The Post said that Zakharova later sought
// to change …"), "" if none.
func walker(es *entities, a *parallax.StoredArticle, s *sentence) string {
	lx := stanceWords()
	low := strings.ToLower(s.span.In(a.Text))
	cut := len(low)
	for _, p := range lx.walkBack {
		if i := strings.Index(low, strings.TrimSpace(p)); i >= 0 && i < cut {
			cut = i
		}
	}
	name, at := "", -1
	for _, m := range a.Analysis.Mentions {
		if m.Kind == parallax.Person && m.Start >= s.span.Start && m.End <= s.span.Start+cut && m.Start > at {
			if e := es.mentionEntity(a, m); e != nil {
				name, at = e.Name, m.Start
			}
		}
	}
	return name
}

// subjectBefore returns the last person or organisation named before the
// cue in a sentence ("The Clinton campaign did not respond"), nil if none.
func subjectBefore(es *entities, a *parallax.StoredArticle, s *sentence, cue string) *parallax.Entity {
	cut := s.span.End
	if i := strings.Index(strings.ToLower(s.span.In(a.Text)), strings.Fields(cue + " x")[0]); i >= 0 {
		cut = s.span.Start + i
	}
	var found *parallax.Entity
	at := -1
	for _, m := range a.Analysis.Mentions {
		if m.Start >= s.span.Start && m.End <= cut && m.Start > at {
			if e := es.mentionEntity(a, m); e != nil && (e.Kind == parallax.Person || e.Kind == parallax.Organization) {
				found, at = e, m.Start
			}
		}
	}
	return found
}

// months are the English month names and their usual abbreviations.
var months = func() map[string]bool {
	out := map[string]bool{}
	for _, m := range strings.Fields("january february march april may june july august september october november december " +
		"jan feb mar apr jun jul aug sep sept oct nov dec") {
		out[m] = true
	}
	return out
}()

// unitFigures returns the numbers of a text keyed by the word after each
// ("12 dead" → dead: 12), for telling conflicting figures apart.
func unitFigures(s string) map[string]string {
	f := strings.Fields(strings.ToLower(s))
	var out map[string]string
	for i := 0; i+1 < len(f); i++ {
		n := strings.Trim(f[i], "$€£,.;:()\"“”")
		n = strings.ReplaceAll(n, ",", "")
		if _, err := strconv.ParseFloat(n, 64); err != nil || n == "" {
			continue
		}
		unit := strings.Trim(f[i+1], ",.;:()\"“”")
		if unit == "" || len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) {
			continue // a year is a date, not a figure
		}
		if months[unit] || i > 0 && months[strings.Trim(f[i-1], ",.;:()\"“”")] {
			continue // "12 May", "May 12": a day, which dateConflict weighs
		}
		if out == nil {
			out = map[string]string{}
		}
		out[unit] = n
	}
	return out
}

// group links claims about the same thing (see claims) and numbers the
// groups in order of their earliest claim.
func group(cs []*claim) {
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		if parent[i] != i {
			parent[i] = root(parent[i])
		}
		return parent[i]
	}
	join := func(i, j int) {
		ri, rj := root(i), root(j)
		if ri != rj {
			parent[max(ri, rj)] = min(ri, rj)
		}
	}
	byStmt := map[int]int{}
	byFocal := map[string][]int{}
	for i, cl := range cs {
		if cl.stmt >= 0 {
			if j, ok := byStmt[cl.stmt]; ok {
				join(j, i)
			} else {
				byStmt[cl.stmt] = i
			}
		}
		if cl.focal != nil {
			byFocal[cl.focal.ID] = append(byFocal[cl.focal.ID], i)
		}
	}
	for _, ids := range byFocal {
		// Claims with the same words and stance (a wire story repeated by
		// many outlets) are joined at once and compared through one of
		// them, so repeats neither cost pairs nor crowd the postings.
		rep := map[string]int{}
		postings := map[string][]int{}
		for _, i := range ids {
			sig := claimSignature(cs[i])
			if j, ok := rep[sig]; ok {
				join(j, i)
				if cs[i].Speaker == cs[j].Speaker {
					continue
				}
			} else {
				rep[sig] = i
			}
			for t := range cs[i].vec.w {
				postings[t] = append(postings[t], i)
			}
		}
		tried := map[[2]int]bool{}
		for _, list := range postings {
			if len(list) > maxPostings {
				continue
			}
			for x, i := range list {
				for _, j := range list[x+1:] {
					if tried[[2]int{i, j}] {
						continue
					}
					tried[[2]int{i, j}] = true
					sim := cosine(cs[i].vec, cs[j].vec)
					// One speaker keeping one stance about one entity, in
					// any shared words, is saying the same thing again.
					same := cs[i].Speaker != "" && cs[i].Speaker == cs[j].Speaker && cs[i].Stance == cs[j].Stance
					if sim >= linkSimilarity || same && sim > 0 || opposite(cs[i], cs[j]) && sim >= opposedSimilarity {
						join(i, j)
					}
					if opposite(cs[i], cs[j]) && sim >= opposedSimilarity {
						cs[i].faces, cs[j].faces = true, true
					}
				}
			}
		}
	}
	num := map[int]int{}
	for i, cl := range cs {
		r := root(i)
		if _, ok := num[r]; !ok {
			num[r] = len(num)
		}
		cl.Group = num[r]
	}
}

// claimSignature is a claim's stance, speaker and stems, sorted.
func claimSignature(cl *claim) string {
	stems := make([]string, 0, len(cl.vec.w))
	for t := range cl.vec.w {
		stems = append(stems, t)
	}
	slices.Sort(stems)
	return cl.Stance + "\x00" + cl.Speaker + "\x00" + strings.Join(stems, " ")
}

// opposite reports whether one claim asserts what the other denies.
func opposite(a, b *claim) bool {
	return a.Stance == parallax.Asserts && b.Stance == parallax.Denies || a.Stance == parallax.Denies && b.Stance == parallax.Asserts
}

// independent reports whether two articles are independent sources: other
// outlets, and neither a copy of the other nor both copies of one original.
func independent(a, b *parallax.StoredArticle) bool {
	if a == b || a.Outlet != "" && a.Outlet == b.Outlet {
		return false
	}
	ra, rb := cmp.Or(a.DuplicateOf, a.ID), cmp.Or(b.DuplicateOf, b.ID)
	return ra != rb
}

// contradictions finds, in each group of claims, where sources disagree:
// one asserts what another denies (opposed), a source walks back what was
// asserted (walked_back), or independent articles give different figures
// for the same thing (figures). It fills each claim's corroboration (the
// independent articles — one per outlet — whose claims in its group take
// its stance) and
// topic, and returns the contradictions most confident first.
func contradictions(c *corpus, cs []*claim) []parallax.Contradiction {
	groups := map[int][]*claim{}
	var order []int
	for _, cl := range cs {
		if groups[cl.Group] == nil {
			order = append(order, cl.Group)
		}
		groups[cl.Group] = append(groups[cl.Group], cl)
	}
	out := []parallax.Contradiction{}
	for _, g := range order {
		members := groups[g]
		topic := topicOf(members)
		// Corroboration: per stance, the earliest article of each outlet
		// (members come earliest first), so the list is bounded by the
		// outlets, not the articles, of a big story.
		firstOf := map[string]map[string]*parallax.StoredArticle{} // stance → outlet → article
		var outletOrder []string
		for _, cl := range members {
			if firstOf[cl.Stance] == nil {
				firstOf[cl.Stance] = map[string]*parallax.StoredArticle{}
			}
			k := cmp.Or(cl.Outlet, cl.Article)
			if _, ok := firstOf[cl.Stance][k]; !ok {
				firstOf[cl.Stance][k] = cl.art
				if !slices.Contains(outletOrder, k) {
					outletOrder = append(outletOrder, k)
				}
			}
		}
		for _, cl := range members {
			cl.Topic = topic
			for _, k := range outletOrder {
				if o := firstOf[cl.Stance][k]; o != nil && independent(cl.art, o) {
					cl.CorroboratedBy = append(cl.CorroboratedBy, o.ID)
				}
			}
		}
		// A side is a claim that faces the other side directly (or tells
		// the same statement as one that does): a group joined through
		// chains of like claims also holds claims no denial answers.
		// A speaker's other claims of the same stance in the group count too
		// ("This is not accurate" beside "The campaign had no contact").
		facing := map[int]bool{}
		speakerFacing := map[string]bool{}
		for _, cl := range members {
			if cl.faces && cl.stmt >= 0 {
				facing[cl.stmt] = true
			}
			if cl.faces && cl.Speaker != "" {
				speakerFacing[cl.Speaker+"\x00"+cl.Stance] = true
			}
		}
		by := map[string][]*claim{}
		for _, cl := range members {
			if cl.faces || cl.stmt >= 0 && facing[cl.stmt] || speakerFacing[cl.Speaker+"\x00"+cl.Stance] ||
				cl.Stance == parallax.WalksBack || cl.Stance == parallax.Declines {
				by[cl.Stance] = append(by[cl.Stance], cl)
			}
		}
		found := false
		if len(by[parallax.Asserts]) > 0 && len(by[parallax.Denies]) > 0 && differ(by[parallax.Asserts], by[parallax.Denies]) {
			out = append(out, contradiction(topic, parallax.KindOpposed, by))
			found = true
		}
		for _, wb := range by[parallax.WalksBack] {
			// A walk-back faces what its speaker asserted in the group.
			own := map[string][]*claim{parallax.WalksBack: {wb}}
			for _, cl := range members {
				if cl.Stance == parallax.Asserts && cl.Speaker == wb.Speaker {
					own[parallax.Asserts] = append(own[parallax.Asserts], cl)
				}
			}
			if len(own[parallax.Asserts]) > 0 {
				out = append(out, contradiction(topic, parallax.KindWalkedBack, own))
				found = true
			}
		}
		if !found {
			x := figureConflict(members)
			if x == nil {
				x = dateConflict(members)
			}
			if x != nil {
				x.Topic = topic
				out = append(out, *x)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y parallax.Contradiction) int { return cmp.Compare(y.Confidence, x.Confidence) })
	return out
}

// differ reports whether some asserting and some denying claim come from
// different sources (a named speaker, else the article): one speaker's
// "yes" and "no" in one article is more likely a misread than a conflict.
func differ(as, ds []*claim) bool {
	for _, a := range as {
		for _, d := range ds {
			if cmp.Or(a.EntityID, a.Speaker, a.Article) != cmp.Or(d.EntityID, d.Speaker, d.Article) {
				return true
			}
		}
	}
	return false
}

// contradiction lays out a group's sides: one per source, stance and
// outlet (its longest words), asserting sides first, then denials,
// walk-backs and refusals to comment, each earliest first. Confidence
// grows with the independent outlets on each side and with explicit cues
// (a denying verb rather than a bare negation).
func contradiction(topic, kind string, by map[string][]*claim) parallax.Contradiction {
	x := parallax.Contradiction{Topic: topic, Kind: kind, Sides: []parallax.Side{}}
	seen := map[string]int{}
	for _, stance := range []string{parallax.Asserts, parallax.Denies, parallax.WalksBack, parallax.Declines} {
		for _, cl := range by[stance] {
			// One side per source, stance and outlet: a big story's many
			// articles of one outlet do not multiply the sides.
			k := stance + "\x00" + cmp.Or(cl.EntityID, cl.Speaker) + "\x00" + cmp.Or(cl.Outlet, cl.Article)
			words := sideWords(cl)
			if i, ok := seen[k]; ok {
				if len(words) > len(x.Sides[i].Text) && cl.End-cl.Start > 0 {
					x.Sides[i].Text, x.Sides[i].Start, x.Sides[i].End = words, cl.Start, cl.End
					if words != cl.Text {
						x.Sides[i].Start, x.Sides[i].End = cl.sent.span.Start, cl.sent.span.End
					}
				}
				continue
			}
			seen[k] = len(x.Sides)
			sd := parallax.Side{Stance: stance, Speaker: cl.Speaker, Text: words, Article: cl.Article, Outlet: cl.Outlet, Start: cl.Start, End: cl.End}
			if words != cl.Text {
				sd.Start, sd.End = cl.sent.span.Start, cl.sent.span.End
			}
			x.Sides = append(x.Sides, sd)
		}
	}
	outlets := func(stance string) int {
		set := map[string]bool{}
		for _, cl := range by[stance] {
			set[cmp.Or(cl.art.DuplicateOf, cl.Outlet, cl.Article)] = true
		}
		return len(set)
	}
	other := parallax.Denies
	if kind == parallax.KindWalkedBack {
		other = parallax.WalksBack
	}
	conf := 0.4 + 0.1*math.Min(2, float64(outlets(parallax.Asserts)-1)) + 0.1*math.Min(2, float64(outlets(other)-1))
	if slices.ContainsFunc(by[other], func(cl *claim) bool { return cl.Cue != "not" }) {
		conf += 0.15 // an explicit denial, not only a negation
	}
	x.Confidence = math.Round(math.Min(0.95, conf)*100) / 100
	return x
}

// sideWords are the words a side shows: the claim's own, or its sentence
// when they are too few to stand alone ("the allegations").
func sideWords(cl *claim) string {
	if len(strings.Fields(cl.Text)) < 4 {
		return cl.sent.text()
	}
	return strings.Join(strings.Fields(cl.Text), " ")
}

// figureConflict finds two independent articles' claims in a group that
// give different numbers for the same thing ("12 dead" and "15 dead").
func figureConflict(members []*claim) *parallax.Contradiction {
	for i, a := range members {
		for _, b := range members[i+1:] {
			if !independent(a.art, b.art) {
				continue
			}
			for unit, n := range a.numbers {
				if m, ok := b.numbers[unit]; ok && m != n {
					return &parallax.Contradiction{Kind: parallax.KindFigures, Confidence: 0.6, Sides: []parallax.Side{claimSide(a), claimSide(b)}}
				}
			}
		}
	}
	return nil
}

// dateConflict finds two independent articles' claims in a group that
// put the same thing on different days ("opened on 3 March" and "opened on
// 5 March"): both assert, both write a calendar day, and no day is common.
func dateConflict(members []*claim) *parallax.Contradiction {
	for i, a := range members {
		if len(a.dates) == 0 || a.Stance != parallax.Asserts {
			continue
		}
		for _, b := range members[i+1:] {
			if len(b.dates) == 0 || b.Stance != parallax.Asserts || !independent(a.art, b.art) ||
				slices.ContainsFunc(a.dates, func(d string) bool { return slices.Contains(b.dates, d) }) {
				continue
			}
			return &parallax.Contradiction{Kind: parallax.KindDates, Confidence: 0.5, Sides: []parallax.Side{claimSide(a), claimSide(b)}}
		}
	}
	return nil
}

// claimSide is one claim shown as a side of a contradiction.
func claimSide(cl *claim) parallax.Side {
	return parallax.Side{Stance: cl.Stance, Speaker: cl.Speaker, Text: sideWords(cl), Article: cl.Article,
		Outlet: cl.Outlet, Start: cl.Start, End: cl.End}
}

// topicOf names what a group is about: its focal entity and the words of
// its most central claim (the one most like the others).
func topicOf(members []*claim) string {
	// The earliest claims suffice to find the centre of a big group.
	members = members[:min(len(members), 64)]
	best, bestScore := members[0], -1.0
	for _, a := range members {
		score := 0.0
		for _, b := range members {
			if a != b {
				score += cosine(a.vec, b.vec)
			}
		}
		if score > bestScore+1e-9 || math.Abs(score-bestScore) <= 1e-9 && len(a.Text) < len(best.Text) && len(strings.Fields(a.Text)) >= 4 {
			best, bestScore = a, score
		}
	}
	words := truncate(sideWords(best), 90)
	if best.focal != nil && !strings.Contains(strings.ToLower(words), strings.ToLower(best.focal.Name)) {
		return best.focal.Name + ": " + words
	}
	return words
}

// claimList returns the claims as the view shows them: by group (groups
// in order of their earliest claim), then by article time and position.
func claimList(cs []*claim) []parallax.Claim {
	out := make([]parallax.Claim, 0, len(cs))
	sorted := slices.Clone(cs)
	slices.SortStableFunc(sorted, func(x, y *claim) int {
		return cmp.Or(cmp.Compare(x.Group, y.Group), byTime(x.art, y.art), cmp.Compare(x.Start, y.Start))
	})
	for _, cl := range sorted {
		out = append(out, cl.Claim)
	}
	return out
}
