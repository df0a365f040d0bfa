package synth

import (
	"math"
	"strconv"
	"time"
)

// topic is a storyline: a run of events over weeks or months with one cast.
type topic struct {
	id    int
	kind  *kind
	cast  []*person
	orgs  []string
	town  town
	words []string // what the storyline is about, beyond its kind
	end   time.Time
	heat  float64     // how often it makes news, relative to other topics
	past  []pastEvent // its latest events, for background sentences
}

// pastEvent is what later articles of a storyline recall of an event.
type pastEvent struct {
	name, town, figure string
	at                 time.Time
}

// event is one happening, reported by several outlets over one to three days.
type event struct {
	id         int
	topic      *topic
	kind       *kind
	name       string // "earthquake", "verdict"
	at         time.Time
	town       town
	cast       []*person // cast[0] is the main actor
	orgs       []string
	figures    []string // "1,250 homes"
	words      []string
	statements []statement
	prev       []pastEvent  // the storyline's events before this one
	nth        int          // the storyline's events so far, this one included
	outlets    map[int]bool // the outlets that have reported it
}

// statement is one thing one person said about an event: every outlet
// quoting them quotes the same words.
type statement struct {
	speaker *person
	text    string
}

// Event and storyline shape: the chance that an event is reported once,
// the mean number of further reports of the others (exponential, so a few
// are big), the chance that an event starts a new storyline, and how long
// one lasts.
const (
	pSingle       = 0.3
	meanExtra     = 3.6
	maxOriginals  = 60
	pNewTopic     = 0.3
	meanTopicDays = 40
	maxTopicDays  = 150
	maxHeat       = 20
)

// newEvent makes the event happening at at and schedules its reports.
func (g *Generator) newEvent(at time.Time) {
	r, w := g.rng, g.w
	if !at.Before(g.pruneAt) { // once a day: ended storylines go
		live := g.live[:0]
		for _, t := range g.live {
			if t.end.After(at) {
				live = append(live, t)
			}
		}
		clear(g.live[len(live):])
		g.live, g.pruneAt = live, at.Add(24*time.Hour)
	}
	// A storyline is drawn in proportion to its heat, by rejection: a
	// uniform draw kept with probability heat/maxHeat costs a few draws
	// where a weighted scan would cost every live storyline.
	var t *topic
	if len(g.live) > 0 && r.Float64() >= pNewTopic {
		for range 1000 {
			c := g.live[r.IntN(len(g.live))]
			if c.end.After(at) && r.Float64()*maxHeat < c.heat {
				t = c
				break
			}
		}
	}
	if t == nil {
		t = g.newTopic(at)
	}
	g.nev++
	k := t.kind
	ev := &event{id: g.nev, topic: t, kind: k, name: k.events[r.IntN(len(k.events))], at: at,
		town: t.town, outlets: map[int]bool{}, nth: len(t.past) + 1}
	if r.Float64() < 0.3 {
		ev.town = w.towns[w.townZipf.draw(r)]
	}
	// The main actor is often one of the storyline's people, and another
	// of its cast and one of its organisations often appear too: that is
	// what makes two events of one storyline look alike by their names.
	// Each event also has people and organisations of its own, as real
	// happenings do.
	if r.Float64() < 0.5 {
		ev.cast = append(ev.cast, t.cast[min(int(r.ExpFloat64()), len(t.cast)-1)])
	} else {
		ev.cast = append(ev.cast, w.newPerson(r, k.roles[r.IntN(len(k.roles))]))
	}
	if r.IntN(2) == 0 {
		ev.cast = addPerson(ev.cast, t.cast[r.IntN(len(t.cast))])
	}
	for range 1 + r.IntN(2) {
		ev.cast = append(ev.cast, w.newPerson(r, k.roles[r.IntN(len(k.roles))]))
	}
	ev.orgs = []string{t.orgs[r.IntN(len(t.orgs))], g.newOrg(k)}
	if r.IntN(2) == 0 {
		ev.orgs = append(ev.orgs, g.newOrg(k))
	}
	for range 2 + r.IntN(2) {
		ev.figures = append(ev.figures, g.figure(k))
	}
	for range 8 {
		ev.words = append(ev.words, g.rareNoun())
	}
	for range 3 {
		ev.words = append(ev.words, k.nouns[r.IntN(len(k.nouns))])
	}
	ev.prev = t.past
	t.past = append(t.past[max(len(t.past)-3, 0):len(t.past):len(t.past)],
		pastEvent{name: ev.name, town: ev.town.name, figure: ev.figures[0], at: at})
	for i := range 2 + r.IntN(3) {
		sp := ev.cast[0]
		if i > 0 {
			sp = ev.cast[r.IntN(len(ev.cast))]
		}
		ev.statements = append(ev.statements, statement{speaker: sp, text: g.statementText(ev)})
	}

	// Originals: some events are reported once; the rest by two or more
	// outlets, with a long tail of big events. The first report comes
	// within the hour or two; the rest over one to three days, most early.
	n := 1
	if r.Float64() >= pSingle {
		n = min(2+int(r.ExpFloat64()*meanExtra), maxOriginals)
	}
	span := time.Duration((24 + r.Float64()*48) * float64(time.Hour))
	for i := range n {
		d := time.Duration((5 + r.Float64()*85) * float64(time.Minute))
		if i > 0 {
			u := r.Float64()
			d += time.Duration(u * u * float64(span))
		}
		g.push(&slot{at: at.Add(d).Round(time.Second), ev: ev})
	}
}

func addPerson(cast []*person, p *person) []*person {
	for _, c := range cast {
		if c == p {
			return cast
		}
	}
	return append(cast, p)
}

func (g *Generator) newTopic(at time.Time) *topic {
	r, w := g.rng, g.w
	g.ntop++
	k := &kinds[r.IntN(len(kinds))]
	days := min(5+r.ExpFloat64()*(meanTopicDays-5), maxTopicDays)
	t := &topic{
		id:   g.ntop,
		kind: k,
		town: w.towns[w.townZipf.draw(r)],
		end:  at.Add(time.Duration(days * 24 * float64(time.Hour))),
		// Pareto: most storylines get an event or two, a few a great many.
		heat: min(math.Pow(1-r.Float64(), -0.7), maxHeat),
	}
	pFamous := 0.08
	if k.name == "politics" || k.name == "diplomacy" {
		pFamous = 0.35
	}
	for range 3 + r.IntN(3) {
		if r.Float64() < pFamous {
			t.cast = addPerson(t.cast, w.famous[r.IntN(len(w.famous))])
		} else {
			t.cast = append(t.cast, w.newPerson(r, k.roles[r.IntN(len(k.roles))]))
		}
	}
	t.orgs = []string{g.newOrg(k), g.newOrg(k)}
	for range 12 {
		t.words = append(t.words, g.rareNoun())
	}
	g.live = append(g.live, t)
	return t
}

// newOrg names an organisation of kind k after a town, a country or an
// invented word: "Brava Fire Service", "Kenya Red Cross", "Dralon Holdings".
func (g *Generator) newOrg(k *kind) string {
	r, w := g.rng, g.w
	var head string
	switch tw := w.towns[w.townZipf.draw(r)]; r.IntN(3) {
	case 0:
		head = tw.name
	case 1:
		head = tw.country
	default:
		head = capital(w.nouns[len(w.nouns)-1-r.IntN(len(w.nouns)/2)])
	}
	return head + " " + k.orgs[r.IntN(len(k.orgs))]
}

// rareNoun draws a noun that is not among the commonest: what an event or a
// storyline is about is seldom "government" or "week".
func (g *Generator) rareNoun() string {
	for {
		if i := g.w.nounZipf.draw(g.rng); i >= 30 {
			return g.w.nouns[i]
		}
	}
}

// figure makes one of an event's figures: "1,250 homes", "4.7 percent".
func (g *Generator) figure(k *kind) string {
	r := g.rng
	lo, hi := float64(k.ranges[0]), float64(k.ranges[1])
	v := math.Pow(10, lo+r.Float64()*(hi-lo))
	unit := k.units[r.IntN(len(k.units))]
	var num string
	if k.decimal && r.Float64() < 0.3 {
		num = strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	} else {
		num = thousands(int64(max(v, 2)))
	}
	return num + " " + unit
}

// thousands formats n with comma separators: 1250 → "1,250".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
