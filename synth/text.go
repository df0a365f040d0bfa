package synth

import (
	"strconv"
	"strings"
	"time"
)

// Sentence templates, written for this package. They seldom start with a
// capitalised common noun ("Analysts said"), which entity taggers take for
// a name: a stock phrase in every article would be a name in every story.
// Slots in braces:
//
//	{p} a person of the event (full name at first mention, then the surname)
//	{pr} the same with their role at first mention ("Finance Minister Anna Keller")
//	{pt} a person of the storyline
//	{o} {ot} an organisation of the event, of the storyline
//	{l} {c} the event's town and country
//	{n} {ns} a noun, plural; drawn from the event's, the storyline's, the
//	    kind's and the common words
//	{v} {vb} {vs} {vp} a verb: past, base, present third person, participle
//	{a} an adjective
//	{x} one of the event's figures ("1,250 homes")
//	{e} what the event is ("earthquake")
//	{d} when it happened, as the article's day sees it ("on Tuesday")
//	{m} a month near the event; {y} an earlier year
//	{out} an outlet's name
//	{q} {qs} {qsr} a statement, its speaker, its speaker with role
//	{prev} an earlier event of the storyline; {nth} "third" (its events so far)
//	{s} the main actor's surname
var (
	leadTemplates = parse(
		"{pr} {v} the {a} {n} after the {e} in {l} {d}, {o} said.",
		"The {e} in {l} {d} left {x}, according to {pr}.",
		"{pr} said {d} that the {e} in {l} had involved {x}.",
		"{o} {v} the {n} {d} following the {e} in {l}, {p} said.",
		"In {l}, officials counted {x} after the {e} {d}, and {pr} {v} the {n}.",
		"The {a} {e} in {l} {d} has drawn {x}, {o} said in a statement.",
	)
	detailTemplates = parse(
		"The {n} {v} the {n} of {x} {d}.",
		"{p} said the {n} would {vb} the {ns} of {o} by {m}.",
		"The authorities in {l} {v} the {n} after {x} were counted.",
		"According to {o}, the {a} {n} had {vp} {x} since {m}.",
		"The {e} comes as {o} {v} the {n} in {c}.",
		"{p} {v} the {n} and declined to comment on the {a} {n}.",
		"It was not immediately clear whether the {n} would {vb} the {n}.",
		"{o} has {vp} the {ns} of the {n}, a {a} {n} in {l}.",
		"Residents of {l} said the {n} had {vp} the {a} {n}.",
		"The {n} is expected to {vb} the {n} before the end of {m}.",
		"The {n} was {vp} by critics, who said the {ns} were {a}.",
		"At least {x} were counted by {o} {d}.",
		"{pr} is due to {vb} the {n} in {l} next week.",
		"A {a} {n} of {o} {v} {x} in the {a} {n}.",
		"{o} said it had {vp} the {n} and would {vb} the {ns}.",
		"{p} told reporters the {n} was {a} but that the {ns} had {vp} {x}.",
		"The {n} in {l} involves {x}, the {n} and the {ns} of {o}.",
		"By the evening, {o} had {vp} the {n} and {vp} the {ns}.",
		"The {e} is the most {a} in {c} since {y}.",
		"Figures from {o} show {x} in {l} alone.",
		"{p} and {pt} {v} the {n} in {l} {d}.",
		"The {ns} of the {e} were {vp} to {o}, {p} said.",
	)
	backgroundTemplates = parse(
		"The {e} follows {prev}.",
		"{pt} has been at the centre of the {n} since {m}.",
		"{o} and {ot} have been at odds over the {n} for months.",
		"Earlier this year, {pt} {v} the {n} in {c}.",
		"The {n} has {vp} the {a} {ns} of {c} for years, {ot} said.",
		"It is the {nth} {e} in the {n} this year, after {prev}.",
		"{pt} {v} the {ns} of {ot} last month.",
	)
	fillerTemplates = parse(
		"The {n} has {vp} {a} {ns} in recent years.",
		"The {n} could {vb} the {n} of the {a} {n}, analysts said.",
		"In {c}, the {n} {v} the {ns} of {ot}.",
		"Some {ns} {v} the {a} {n}, while others {v} the {n}.",
		"The {a} {n} and the {n} remain a {a} {n} for the {ns}.",
		"Many {ns} said the {n} was {a}.",
		"The {n} {v} the {a} {n} in {m}, {ot} said.",
		"A {a} {n} is likely to {vb} the {ns} and the {n}.",
		"The {n} of the {a} {n} has long been a {a} {n} in {c}.",
		"There was no {a} {n} on the {ns} of {ot}.",
		"Such {ns} are {a} in {c}, where the {n} is {a}.",
		"The {a} {ns} of the {n} were {vp} in {m}, according to {ot}.",
	)
	quoteTemplates = parse(
		`"{q}," {qs} said.`,
		`"{q}," said {qsr}.`,
		`{qsr} said: "{q}."`,
		`{qs} told {out}: "{q}."`,
		`"{q}," {qs} told reporters in {l} {d}.`,
		`"{q}," {qs} said in a statement.`,
		`"{q}," {qs} said, adding that the {n} would {vb} the {ns}.`,
		`In an interview with {out}, {qsr} said: "{q}."`,
	)
	// statementTemplates make the words people say: lower-case, without
	// final punctuation, which the quote templates add.
	statementTemplates = parse(
		"we will {vb} the {n} and we will not {vb} the {ns}",
		"this {n} is {a} for the people of {l}",
		"the {ns} are {a} and the {n} must {vb} them now",
		"nobody expected {x}, but we are ready to {vb} the {n}",
		"there is no {n} that can {vb} what happened in {l}",
		"we {v} the {n} because it was the right thing to do",
		"our {ns} will {vb} the {n} as soon as possible",
		"we have {vp} the {n} and we expect the {n} to {vb} by {m}",
		"the {e} has {vp} the {n} of {c} and we will not forget it",
		"I have asked {o} to {vb} the {n} without delay",
		"the {n} is {a}, the {ns} are {a} and the {n} is not over",
		"what we saw in {l} was {a} and {a}",
		"{x} is a {a} figure and the {ns} know it",
	)
	headlineTemplates = parse(
		"{s} {vs} {n} after {e} in {l}",
		"{e} in {l} leaves {x}",
		"{o} {vs} {a} {n} as {e} goes on",
		"{x} after {e} in {l}, {o} says",
		"{l} {e}: {s} {vs} the {n}",
		"{s} {vs} {ns} over {e}",
	)
	boilerplateTemplates = []string{
		"This article was originally published by %s.",
		"Reporting by %s; additional reporting by our staff.",
		"Copyright %s. All rights reserved. This material may not be redistributed.",
		"Read more stories like this from %s on our website.",
	}
)

// part is a template piece: literal text, or a hole to fill when hole != 0.
type part struct {
	lit  string
	hole hole
}

type hole uint8

const (
	_ hole = iota
	sP
	sPR
	sPT
	sO
	sOT
	sL
	sC
	sN
	sNS
	sV
	sVB
	sVS
	sVP
	sA
	sX
	sE
	sD
	sM
	sY
	sOut
	sQ
	sQS
	sQSR
	sPrev
	sNth
	sS
)

var holeNames = map[string]hole{
	"p": sP, "pr": sPR, "pt": sPT, "o": sO, "ot": sOT, "l": sL, "c": sC, "n": sN, "ns": sNS,
	"v": sV, "vb": sVB, "vs": sVS, "vp": sVP, "a": sA, "x": sX, "e": sE, "d": sD, "m": sM, "y": sY,
	"out": sOut, "q": sQ, "qs": sQS, "qsr": sQSR, "prev": sPrev, "nth": sNth, "s": sS,
}

// parse splits templates into parts once, so writing one is a loop of appends.
func parse(templates ...string) [][]part {
	out := make([][]part, len(templates))
	for i, t := range templates {
		for t != "" {
			j := strings.IndexByte(t, '{')
			if j < 0 {
				out[i] = append(out[i], part{lit: t})
				break
			}
			k := strings.IndexByte(t[j:], '}')
			name := t[j+1 : j+k]
			s, ok := holeNames[name]
			if !ok {
				panic("synth: unknown slot {" + name + "} in " + templates[i]) // a typo in this file
			}
			if j > 0 {
				out[i] = append(out[i], part{lit: t[:j]})
			}
			out[i] = append(out[i], part{hole: s})
			t = t[j+k+1:]
		}
	}
	return out
}

// writer writes one text about one event, as of one day.
type writer struct {
	g     *Generator
	ev    *event
	at    time.Time // when the text is written
	buf   []byte
	named []*person // people already named in full
	stmt  *statement
	// lastOrg is the organisation the sentence named last, so that "{o}
	// and {ot}" names two.
	lastOrg string
}

// body writes an original report of ev at time at: a lead, then paragraphs
// of details, quotations, background and common talk until the text is
// about 1.8–3.4 KB.
func (g *Generator) body(ev *event, at time.Time) []byte {
	r := g.rng
	w := &writer{g: g, ev: ev, at: at, buf: make([]byte, 0, 4600)}
	target := 1800 + r.IntN(1600)
	lead := leadTemplates[r.IntN(len(leadTemplates))]
	w.sentence(lead)
	order := r.Perm(len(ev.statements))
	quoted := 0
	for len(w.buf) < target {
		w.buf = append(w.buf, "\n\n"...)
		for i := range 1 + r.IntN(3) {
			if i > 0 {
				w.buf = append(w.buf, ' ')
			}
			switch u := r.Float64(); {
			case u < 0.25 && quoted < len(order):
				w.stmt = &ev.statements[order[quoted]]
				quoted++
				w.sentence(quoteTemplates[r.IntN(len(quoteTemplates))])
			case u < 0.37 && len(ev.prev) > 0:
				w.sentence(backgroundTemplates[r.IntN(len(backgroundTemplates))])
			case u < 0.55:
				w.sentence(fillerTemplates[r.IntN(len(fillerTemplates))])
			default:
				w.sentence(detailTemplates[r.IntN(len(detailTemplates))])
			}
		}
	}
	return w.buf
}

// headline writes a headline for ev: sentence case, no final stop.
func (g *Generator) headline(ev *event, at time.Time) string {
	w := &writer{g: g, ev: ev, at: at, buf: make([]byte, 0, 80)}
	w.sentence(headlineTemplates[g.rng.IntN(len(headlineTemplates))])
	return string(w.buf)
}

// statementText writes words for someone of ev to say.
func (g *Generator) statementText(ev *event) string {
	w := &writer{g: g, ev: ev, at: ev.at, buf: make([]byte, 0, 100)}
	w.fill(statementTemplates[g.rng.IntN(len(statementTemplates))])
	return string(w.buf)
}

// boilerplate appends a copier's footer to body.
func (g *Generator) boilerplate(body []byte, copier, source *outlet) []byte {
	t := boilerplateTemplates[g.rng.IntN(len(boilerplateTemplates))]
	name := source.name
	if g.rng.IntN(2) == 0 {
		name = copier.name
	}
	body = append(body, "\n\n"...)
	return append(body, strings.Replace(t, "%s", name, 1)...)
}

// sentence writes a template with its first letter capitalised.
func (w *writer) sentence(t []part) {
	start := len(w.buf)
	w.lastOrg = ""
	w.fill(t)
	if c := w.buf[start]; c >= 'a' && c <= 'z' {
		w.buf[start] = c - 'a' + 'A'
	}
}

func (w *writer) fill(t []part) {
	r, ev, wd := w.g.rng, w.ev, w.g.w
	for _, p := range t {
		switch p.hole {
		case 0:
			w.buf = append(w.buf, p.lit...)
		case sP:
			w.person(ev.cast[min(int(r.ExpFloat64()*0.8), len(ev.cast)-1)], false)
		case sPR:
			w.person(ev.cast[min(int(r.ExpFloat64()*0.8), len(ev.cast)-1)], true)
		case sPT:
			w.person(ev.topic.cast[r.IntN(len(ev.topic.cast))], r.IntN(2) == 0)
		case sO:
			w.org(ev.orgs)
		case sOT:
			w.org(ev.topic.orgs)
		case sL:
			w.buf = append(w.buf, ev.town.name...)
		case sC:
			w.buf = append(w.buf, ev.town.country...)
		case sN:
			w.buf = append(w.buf, w.noun()...)
		case sNS:
			w.buf = plural(w.buf, w.noun())
		case sV:
			w.buf = append(w.buf, w.verb().past...)
		case sVB:
			w.buf = append(w.buf, w.verb().base...)
		case sVP:
			w.buf = append(w.buf, w.verb().participle...)
		case sVS:
			w.buf = plural(w.buf, w.verb().base) // third person: the plural's spelling rules
		case sA:
			w.buf = append(w.buf, wd.adjs[wd.adjZipf.draw(r)]...)
		case sX:
			w.buf = append(w.buf, ev.figures[r.IntN(len(ev.figures))]...)
		case sE:
			w.buf = append(w.buf, ev.name...)
		case sD:
			w.buf = w.date(w.buf, ev.at)
		case sM:
			w.buf = append(w.buf, months[(int(ev.at.Month())-1+r.IntN(3))%12]...)
		case sY:
			w.buf = strconv.AppendInt(w.buf, int64(ev.at.Year()-2-r.IntN(30)), 10)
		case sOut:
			w.buf = append(w.buf, wd.pickOutlet(r, r.IntN(3) == 0).name...)
		case sQ:
			w.buf = append(w.buf, capital(w.statement().text)...)
		case sQS:
			w.person(w.statement().speaker, false)
		case sQSR:
			w.person(w.statement().speaker, true)
		case sPrev:
			w.prev()
		case sNth:
			w.buf = append(w.buf, ordinal(ev.nth)...)
		case sS:
			w.buf = append(w.buf, ev.cast[0].last...)
		}
	}
}

// org names one of orgs, not the one the sentence named last.
func (w *writer) org(orgs []string) {
	o := orgs[w.g.rng.IntN(len(orgs))]
	if o == w.lastOrg {
		for _, p := range orgs {
			if p != o {
				o = p
				break
			}
		}
	}
	w.lastOrg = o
	w.buf = append(w.buf, o...)
}

func (w *writer) statement() *statement {
	if w.stmt == nil { // a template quoting outside the body's quote slots
		w.stmt = &w.ev.statements[0]
	}
	return w.stmt
}

// person names p: in full the first time (with the role, capitalised, when
// role is asked for), by surname after.
func (w *writer) person(p *person, role bool) {
	for _, q := range w.named {
		if q == p {
			w.buf = append(w.buf, p.last...)
			return
		}
	}
	w.named = append(w.named, p)
	if role && p.role != "" {
		for i, f := range strings.Fields(p.role) {
			if i > 0 {
				w.buf = append(w.buf, ' ')
			}
			if f != "of" {
				f = capital(f)
			}
			w.buf = append(w.buf, f...)
		}
		w.buf = append(w.buf, ' ')
	}
	w.buf = append(w.buf, p.first...)
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, p.last...)
}

// noun draws the words of the text: the event's own most, then the
// storyline's, the kind's and the language's.
func (w *writer) noun() string {
	r := w.g.rng
	switch u := r.Float64(); {
	case u < 0.35:
		return w.ev.words[r.IntN(len(w.ev.words))]
	case u < 0.5:
		return w.ev.topic.words[r.IntN(len(w.ev.topic.words))]
	case u < 0.6:
		return w.ev.kind.nouns[r.IntN(len(w.ev.kind.nouns))]
	}
	return w.g.w.nouns[w.g.w.nounZipf.draw(r)]
}

func (w *writer) verb() verb {
	r := w.g.rng
	if r.IntN(3) == 0 {
		return w.ev.kind.verbs[r.IntN(len(w.ev.kind.verbs))]
	}
	return w.g.w.verbs[r.IntN(len(w.g.w.verbs))]
}

// date writes when t happened as an article written at w.at says it: the
// weekday within the week, else the day of the month.
func (w *writer) date(b []byte, t time.Time) []byte {
	days := int(w.at.Truncate(24*time.Hour).Sub(t.Truncate(24*time.Hour)) / (24 * time.Hour))
	b = append(b, "on "...)
	if days <= 6 && w.g.rng.IntN(10) < 7 {
		return append(b, t.Weekday().String()...)
	}
	b = append(b, months[t.Month()-1]...)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(t.Day()), 10)
}

// prev recalls an earlier event of the storyline: "the flood in Brava on
// March 3, which left 40 homes".
func (w *writer) prev() {
	if len(w.ev.prev) == 0 {
		w.buf = append(w.buf, "months of "...)
		w.buf = plural(w.buf, w.noun())
		return
	}
	p := w.ev.prev[w.g.rng.IntN(len(w.ev.prev))]
	w.buf = append(w.buf, "the "...)
	w.buf = append(w.buf, p.name...)
	w.buf = append(w.buf, " in "...)
	w.buf = append(w.buf, p.town...)
	w.buf = append(w.buf, " on "...)
	w.buf = append(w.buf, months[p.at.Month()-1]...)
	w.buf = append(w.buf, ' ')
	w.buf = strconv.AppendInt(w.buf, int64(p.at.Day()), 10)
	w.buf = append(w.buf, ", which involved "...)
	w.buf = append(w.buf, p.figure...)
}

// plural appends the plural of an English noun (or the third person of a
// verb, which follows the same spelling rules).
func plural(b []byte, w string) []byte {
	switch n := len(w); {
	case n > 1 && w[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[n-2])):
		return append(append(b, w[:n-1]...), "ies"...)
	case strings.HasSuffix(w, "is"): // crisis, analysis
		return append(append(b, w[:n-2]...), "es"...)
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return append(append(b, w...), "es"...)
	}
	return append(append(b, w...), 's')
}

func ordinal(n int) string {
	if n < len(ordinals) {
		return ordinals[n]
	}
	return "latest"
}

var ordinals = []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
