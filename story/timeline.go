package story

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/timex"
)

// Timeline bases: where an entry's date comes from (TimelineEntry.Basis).
const (
	basisText      = "text"      // a time expression of the sentence itself
	basisContext   = "context"   // the sentence before, which reports the same remarks
	basisSpeaker   = "speaker"   // the same speaker's dated remark earlier in the article
	basisStatement = "statement" // another article's telling of the same statement
	basisPublished = "published" // a statement in the article's lead, dated by publication
)

// leadSentences is how many sentences of five words or more make an
// article's lead: the news of the day, as opposed to the background that
// follows, so a statement there without a date of its own was made about
// when the article appeared.
const leadSentences = 3

// sameHappening is the cosine similarity above which two dated sentences
// of different articles on the same date tell one happening.
const sameHappening = 0.5

// tagger is the time-expression tagger, built once from its embedded word
// lists (a failure is a build mistake every test shows).
var tagger = sync.OnceValue(func() *timex.Tagger {
	t, err := timex.New()
	if err != nil {
		panic("story: " + err.Error())
	}
	return t
})

// background holds words that, outside the quoted words of a sentence, say
// the remark is recounted from before ("Later, X said", "X has said", "X
// repeatedly denied"): such a remark is never dated by the article's
// publication or by the speaker's other remarks.
var background = map[string]bool{
	"later": true, "earlier": true, "after": true, "before": true, "during": true, "since": true,
	"previously": true, "repeatedly": true, "consistently": true, "once": true, "formerly": true,
	"has": true, "have": true, "had": true, "already": true, "ago": true,
}

// dated is a date found in the text, with its span.
type dated struct {
	parallax.Span
	date, precision string
}

// quoteDate is what the timeline knows of one quote of an article.
type quoteDate struct {
	q       parallax.Quote
	speaker string // canonical name or the quote's own
	entity  string
	key     string // speaker key: entity id, else "\x00"+name
	sent    *sentence
	date    string
	prec    string
	basis   string
}

// timeline lists the story's dated happenings. Each article's time
// expressions are tagged against its publication time (the DCT). A quote is
// dated by an expression of its own sentence outside any quoted words, else
// by the sentence before when that one reports remarks (it names no other
// person speaking), else by the same speaker's earlier dated remark in the
// article, else — in the article's lead only — by the publication date.
// Background remarks ("Later, X said") are never dated by the last two
// rules. A statement told by several articles takes the date its tellings
// give most often, so a later article never moves it to its own date.
// Other dated sentences (day or month precision, not datelines) are entries
// of their own. Entries of one speaker on one date, and like sentences on
// one date, are merged, keeping every article. Sorted by date.
func timeline(c *corpus, ents *entities, statements []parallax.Statement) []parallax.TimelineEntry {
	tg := tagger()
	var all []*quoteDate
	consumed := map[*sentence]bool{} // sentences whose date went to a statement
	narrative := map[*sentence][]dated{}
	for _, a := range c.arts {
		dct := articleTime(a)
		var ds []dated
		for _, x := range tg.Find(a.Text, dct) {
			if (x.Type != timex.Date && x.Type != timex.Time) || (x.Anchored && dct.IsZero()) {
				continue
			}
			date, prec := calendar(x.Value)
			if date == "" {
				continue
			}
			d := dated{Span: parallax.Span{Start: x.Start, End: x.End}, date: date, precision: prec}
			if s := c.at(a.ID, x.Start); s != nil && !dateline(a, s, d, dct) && !inName(a, d.Span) {
				ds = append(ds, d)
			}
		}
		// own[s] is the first date of sentence s outside any quoted words.
		own := map[*sentence]dated{}
		for _, d := range ds {
			s := c.at(a.ID, d.Start)
			if inQuote(a, d.Span) {
				narrative[s] = append(narrative[s], d)
				continue
			}
			if _, ok := own[s]; !ok {
				own[s] = d
			}
			narrative[s] = append(narrative[s], d)
		}
		lead := leadOf(c.sents[a.ID])
		last := map[string]*quoteDate{} // speaker key → latest dated quote so far
		for _, q := range a.Analysis.Quotes {
			s := c.at(a.ID, cmp.Or(q.Content.Start, q.Cue.Start))
			if s == nil || q.Content.End > len(a.Text) {
				continue
			}
			qd := &quoteDate{q: q, sent: s, speaker: displayName(q.Speaker)}
			if e := ents.speaker(q.Speaker); e != nil {
				qd.speaker, qd.entity = e.Name, e.ID
			}
			if qd.speaker == "" {
				continue // an unknown speaker's words are no one's statement
			}
			qd.key = cmp.Or(qd.entity, "\x00"+qd.speaker)
			cueSent := c.at(a.ID, q.Cue.Start)
			bg := recounted(a, s)
			switch {
			case hasDate(own, s):
				qd.setDate(own[s], basisText)
				consumed[s] = true
			case !q.Cue.IsZero() && cueSent != nil && hasDate(own, cueSent):
				qd.setDate(own[cueSent], basisText)
				consumed[cueSent] = true
			case !bg && s.idx > 0 && hasDate(own, c.sents[a.ID][s.idx-1]) && reportsSame(ents, a, c.sents[a.ID][s.idx-1], qd.key):
				prev := c.sents[a.ID][s.idx-1]
				qd.setDate(own[prev], basisContext)
				consumed[prev] = true
			case !bg && last[qd.key] != nil:
				p := last[qd.key]
				qd.date, qd.prec, qd.basis = p.date, p.prec, basisSpeaker
				if p.basis == basisPublished {
					qd.basis = basisPublished // the evidence is still the publication
				}
			case !bg && lead[s] && !dct.IsZero():
				qd.date, qd.prec, qd.basis = dct.Format(time.DateOnly), parallax.PrecisionDay, basisPublished
			}
			if qd.date != "" {
				last[qd.key] = qd
			}
			all = append(all, qd)
		}
	}
	datedStatements(c, all, statements)

	var entries []*entryAcc
	onDate := map[string][]*entryAcc{}  // narrative entries by date
	bySpeaker := map[string]*entryAcc{} // date + speaker key → entry
	for _, qd := range all {
		if qd.date == "" {
			continue
		}
		k := qd.date + "\x01" + qd.key
		e := bySpeaker[k]
		if e == nil {
			e = &entryAcc{TimelineEntry: parallax.TimelineEntry{Date: qd.date, Precision: qd.prec,
				Speaker: qd.speaker, EntityID: qd.entity, Basis: qd.basis}}
			bySpeaker[k] = e
			entries = append(entries, e)
		}
		e.add(qd.sent, statementOf(statements, qd))
		if basisRank(qd.basis) < basisRank(e.Basis) {
			e.Basis = qd.basis
		}
	}
	for _, a := range c.arts {
		for _, s := range c.sents[a.ID] {
			if consumed[s] {
				continue
			}
			seen := map[string]bool{}
			for _, d := range narrative[s] {
				if seen[d.date] {
					continue
				}
				seen[d.date] = true
				v := c.vec(s.terms)
				var into *entryAcc
				for _, e := range onDate[d.date] {
					if cosine(v, e.vec) >= sameHappening {
						into = e
						break
					}
				}
				if into == nil {
					into = &entryAcc{TimelineEntry: parallax.TimelineEntry{Date: d.date, Precision: d.precision, Basis: basisText}, vec: v}
					entries = append(entries, into)
					onDate[d.date] = append(onDate[d.date], into)
				}
				into.add(s, -1)
			}
		}
	}
	out := make([]parallax.TimelineEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.finish(c))
	}
	slices.SortStableFunc(out, func(x, y parallax.TimelineEntry) int {
		return cmp.Or(strings.Compare(x.Date, y.Date), byTime(c.byID[x.Article], c.byID[y.Article]), cmp.Compare(x.Start, y.Start))
	})
	return out
}

// entryAcc gathers the sentences of one timeline entry.
type entryAcc struct {
	parallax.TimelineEntry
	vec   vector
	sents []*sentence
	stmt  []int // statement index of each sentence, -1 for none
}

func (e *entryAcc) add(s *sentence, stmt int) {
	if !slices.Contains(e.sents, s) {
		e.sents = append(e.sents, s)
		e.stmt = append(e.stmt, stmt)
	}
}

// finish picks the entry's sentence — a sentence of the statement most
// articles carry, else any, the earliest first — and lists its articles.
// Article and the span are the chosen sentence's.
func (e *entryAcc) finish(c *corpus) parallax.TimelineEntry {
	carried := map[int]map[string]bool{}
	for i, s := range e.sents {
		if e.stmt[i] >= 0 {
			if carried[e.stmt[i]] == nil {
				carried[e.stmt[i]] = map[string]bool{}
			}
			carried[e.stmt[i]][s.art.ID] = true
		}
	}
	reach := func(i int) int {
		if e.stmt[i] < 0 {
			return 0
		}
		return len(carried[e.stmt[i]])
	}
	best := 0
	for i := 1; i < len(e.sents); i++ {
		x, b := e.sents[i], e.sents[best]
		if d := cmp.Or(cmp.Compare(reach(best), reach(i)), byTime(x.art, b.art), cmp.Compare(x.span.Start, b.span.Start)); d < 0 {
			best = i
		}
	}
	s := e.sents[best]
	t := e.TimelineEntry
	t.Text, t.Article, t.Start, t.End = s.text(), s.art.ID, s.span.Start, s.span.End
	for _, x := range e.sents {
		if !slices.Contains(t.Articles, x.art.ID) {
			t.Articles = append(t.Articles, x.art.ID)
		}
	}
	slices.SortStableFunc(t.Articles, func(x, y string) int { return byTime(c.byID[x], c.byID[y]) })
	return t
}

func (qd *quoteDate) setDate(d dated, basis string) {
	qd.date, qd.prec, qd.basis = d.date, d.precision, basis
}

// basisRank orders bases from the most direct evidence to the least.
func basisRank(b string) int {
	return slices.Index([]string{basisText, basisContext, basisSpeaker, basisStatement, basisPublished}, b)
}

// datedStatements gives every telling of a statement the statement's date:
// the date its tellings read from the text most often (the sentence or the
// one before; ties to the earlier date), else the one they carried from
// the speaker's other remarks, else the publication date of its earliest
// telling only — never a later article's.
func datedStatements(c *corpus, all []*quoteDate, statements []parallax.Statement) {
	at := map[[3]any]*quoteDate{}
	for _, qd := range all {
		at[[3]any{qd.sent.art.ID, qd.q.Content.Start, qd.q.Content.End}] = qd
	}
	for _, st := range statements {
		var qs []*quoteDate
		for _, o := range st.Occurrences {
			if qd := at[[3]any{o.Article, o.Start, o.End}]; qd != nil {
				qs = append(qs, qd)
			}
		}
		if len(qs) < 2 {
			continue
		}
		var pick *quoteDate
		for _, tier := range [][]string{{basisText, basisContext}, {basisSpeaker}} {
			votes := map[string]int{}
			for _, qd := range qs {
				if slices.Contains(tier, qd.basis) {
					votes[qd.date]++
				}
			}
			for _, qd := range qs {
				if n := votes[qd.date]; n > 0 && (pick == nil || n > votes[pick.date] || n == votes[pick.date] && qd.date < pick.date) {
					pick = qd
				}
			}
			if pick != nil {
				break
			}
		}
		if pick == nil {
			first := qs[0] // occurrences come earliest first
			if first.basis != basisPublished {
				continue
			}
			pick = first
		}
		for _, qd := range qs {
			if qd.date != pick.date || qd.basis == basisPublished && qd.sent.art != pick.sent.art {
				qd.date, qd.prec = pick.date, pick.prec
				if qd.basis == "" || qd.basis == basisPublished && qd.sent.art != pick.sent.art {
					qd.basis = cmp.Or(map[bool]string{true: pick.basis}[qd.sent.art == pick.sent.art], basisStatement)
				}
			}
		}
	}
}

// statementOf returns the index of the statement a quote belongs to, or -1.
func statementOf(statements []parallax.Statement, qd *quoteDate) int {
	for i, st := range statements {
		if st.EntityID != qd.entity || st.Speaker != qd.speaker {
			continue
		}
		for _, o := range st.Occurrences {
			if o.Article == qd.sent.art.ID && o.Start == qd.q.Content.Start && o.End == qd.q.Content.End {
				return i
			}
		}
	}
	return -1
}

func hasDate(own map[*sentence]dated, s *sentence) bool {
	_, ok := own[s]
	return ok
}

// calendar reads a TIMEX3 value as a calendar date: "2016-11-10" (or a
// time of that day) has day precision, "2016-11" month precision; weeks,
// seasons, years and references are too coarse for a timeline entry.
func calendar(v string) (date, precision string) {
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return s != ""
	}
	if len(v) < 7 || !digits(v[:4]) || v[4] != '-' || !digits(v[5:7]) {
		return "", ""
	}
	if len(v) >= 10 && v[7] == '-' && digits(v[8:10]) && (len(v) == 10 || v[10] == 'T') {
		return v[:10], parallax.PrecisionDay
	}
	if len(v) == 7 {
		return v, parallax.PrecisionMonth
	}
	return "", ""
}

// dateline reports whether a date is the article's own dateline or
// publication stamp rather than a happening: it is the publication day,
// and it either makes up almost all of its sentence ("March 11.") or opens
// its paragraph followed by punctuation ("Moscow, March 11 (Reuters) —").
func dateline(a *parallax.StoredArticle, s *sentence, d dated, dct time.Time) bool {
	if dct.IsZero() || d.date != dct.Format(time.DateOnly) {
		return false
	}
	if s.words-len(strings.Fields(d.In(a.Text))) <= 3 {
		return true
	}
	p := 0
	if s.para >= 0 {
		p = a.Analysis.Paragraphs[s.para].Start
	}
	if d.Start-p > 40 || len(strings.Fields(a.Text[p:d.Start])) > 3 {
		return false
	}
	rest := strings.TrimLeft(a.Text[d.End:], " ")
	return rest == "" || strings.ContainsAny(rest[:1], ".,(/-—–|")
}

// inName reports whether a span overlaps an entity mention: "Today" in
// "USA Today" names an outlet, not a day.
func inName(a *parallax.StoredArticle, sp parallax.Span) bool {
	for _, m := range a.Analysis.Mentions {
		if m.Start < sp.End && sp.Start < m.End {
			return true
		}
	}
	return false
}

// inQuote reports whether a span lies inside the words of a quote.
func inQuote(a *parallax.StoredArticle, sp parallax.Span) bool {
	for _, q := range a.Analysis.Quotes {
		if q.Content.Start <= sp.Start && sp.End <= q.Content.End {
			return true
		}
	}
	return false
}

// leadOf returns the article's lead: its first leadSentences sentences of
// five words or more (a dateline or byline line is not the lead).
func leadOf(ss []*sentence) map[*sentence]bool {
	lead := map[*sentence]bool{}
	for _, s := range ss {
		if len(lead) == leadSentences {
			break
		}
		if s.words >= 5 {
			lead[s] = true
		}
	}
	return lead
}

// recounted reports whether a sentence, outside its quoted words, marks
// what it reports as recounted from before (see background).
func recounted(a *parallax.StoredArticle, s *sentence) bool {
	pos := s.span.Start
	var outside strings.Builder
	for _, q := range a.Analysis.Quotes {
		if q.Content.End <= s.span.Start || q.Content.Start >= s.span.End || q.Content.Start < pos {
			continue
		}
		outside.WriteString(a.Text[pos:q.Content.Start])
		outside.WriteByte(' ')
		pos = q.Content.End
	}
	if pos < s.span.End {
		outside.WriteString(a.Text[pos:s.span.End])
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(outside.String()), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if background[w] {
			return true
		}
	}
	return false
}

// reportsSame reports whether sentence prev can date the next sentence's
// quote of speaker key: it reports remarks (holds a quote), and no other
// named person speaks in it ("A spokesman said Thursday …" before "…,"
// Mark Toner said" does; "Ryabkov said …" before "… Zakharova said" does not).
func reportsSame(ents *entities, a *parallax.StoredArticle, prev *sentence, key string) bool {
	reports := false
	for _, q := range a.Analysis.Quotes {
		if q.Content.Start < prev.span.Start || q.Content.Start >= prev.span.End {
			continue
		}
		reports = true
		if e := ents.speaker(q.Speaker); e != nil && e.Kind == parallax.Person && e.ID != key {
			return false
		}
	}
	return reports
}
