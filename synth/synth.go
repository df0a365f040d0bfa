// Package synth generates synthetic news for benchmarks: a deterministic,
// endless stream of English articles in publication order, each labelled
// with the event it reports, so that clustering can be timed at any scale
// and scored against the truth.
//
// The world it writes about is shaped to be hard in the ways real news is:
//   - many events run at once, each reported for one to three days by
//     several outlets in their own words, sharing names, figures, dates and
//     the same quoted statements;
//   - events belong to longer storylines (topics) that reuse one cast of
//     people and organisations, so names alone would merge their events;
//   - surnames are drawn from a small, skewed pool, so different people
//     share them, and a few famous people appear across storylines;
//   - about one article in ten is a copy of an earlier one printed by
//     another outlet: verbatim, with boilerplate appended, or trimmed, often
//     under a new headline.
//
// All text comes from the templates and word lists of this package (written
// for it) and from invented words made of syllables; the vocabulary is
// Zipf-distributed. The same Config always yields the same articles, byte
// for byte, and the generator holds only the events still being reported,
// so a stream of a million articles needs no more memory than one of a
// thousand.
package synth

import (
	"bytes"
	"container/heap"
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// Defaults for Config fields left zero.
const (
	// DefaultPerDay is the articles published per day: a mid-sized
	// aggregator's intake. It sets how many events run at once, so it, not
	// the length of the stream, decides how much a clusterer's time window
	// holds: a longer stream is a store that has run for longer.
	DefaultPerDay = 2000
	// DefaultCopyShare is the share of articles that copy an earlier one.
	DefaultCopyShare = 0.10
)

// DefaultStart is where the stream's clock starts when Config.Start is zero:
// a Monday, in years no real news is dated.
var DefaultStart = time.Date(2031, 1, 6, 6, 0, 0, 0, time.UTC)

// Config configures a Generator.
type Config struct {
	Seed      uint64
	Start     time.Time // the first event's time; DefaultStart when zero
	PerDay    int       // articles per day; DefaultPerDay when ≤ 0
	CopyShare float64   // share of copies, in [0, 0.5]; DefaultCopyShare when zero, none when negative
}

// Article is one generated article with the truth about it.
type Article struct {
	parallax.Article
	Event     string // the event it reports: its gold cluster
	Storyline string // the storyline (topic) the event belongs to
	CopyOf    string // id of the earlier article it copies; "" for an original report
}

// Generator writes articles one at a time, in publication order. It is not
// safe for concurrent use.
type Generator struct {
	cfg     Config
	rng     *rand.Rand
	w       *world
	next    time.Time // when the next event happens
	rate    float64   // events per hour
	slots   slotHeap
	seq     uint64     // slots pushed, to order equal times
	n       int        // articles written
	nev     int        // events made
	ntop    int        // topics made
	live    []*topic   // storylines that may still make news
	pruneAt time.Time  // when ended storylines are next dropped from live
	pCopy   [2]float64 // chance that an original (not from a wire, from a wire) is copied
}

// meanOriginals is the mean number of original reports of an event (see
// newEvent): with the copies, it sets the event rate from the article rate.
var meanOriginals = pSingle + (1-pSingle)*(2+1/(math.Exp(1/meanExtra)-1))

// New returns a Generator for cfg.
func New(cfg Config) *Generator {
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.PerDay <= 0 {
		cfg.PerDay = DefaultPerDay
	}
	switch {
	case cfg.CopyShare == 0:
		cfg.CopyShare = DefaultCopyShare
	case cfg.CopyShare < 0:
		cfg.CopyShare = 0
	}
	cfg.CopyShare = min(cfg.CopyShare, 0.5)
	g := &Generator{
		cfg:  cfg,
		rng:  rand.New(rand.NewPCG(cfg.Seed, 0x5eed5eed5eed5eed)),
		w:    theWorld(),
		next: cfg.Start,
	}
	// Copies per original c/(1-c) for a share c of all articles; wire
	// reports are copied four times as often as papers' own.
	perOriginal := cfg.CopyShare / (1 - cfg.CopyShare)
	base := perOriginal / (1 + 3*wireShare)
	g.pCopy = [2]float64{base, min(4*base, 1)}
	g.rate = float64(cfg.PerDay) / 24 / (meanOriginals * (1 + perOriginal))
	// Storylines already running when the stream starts, as many as the
	// steady state holds, so that the first articles are like the
	// millionth: without them the first storylines would take every event.
	for range int(pNewTopic * g.rate * 24 * meanTopicDays) {
		g.newTopic(cfg.Start)
	}
	return g
}

// Articles returns the first n articles of cfg's stream.
func Articles(cfg Config, n int) iter.Seq[Article] {
	return func(yield func(Article) bool) {
		g := New(cfg)
		for range n {
			if !yield(g.Next()) {
				return
			}
		}
	}
}

// Next returns the next article. Its Published is never before the
// previous article's.
func (g *Generator) Next() Article {
	// Events are made as the clock reaches them, so only the events still
	// being reported are held.
	for len(g.slots) == 0 || !g.slots[0].at.Before(g.next) {
		g.newEvent(g.next)
		g.next = g.next.Add(time.Duration(g.rng.ExpFloat64() / g.rate * float64(time.Hour)))
	}
	s := heap.Pop(&g.slots).(*slot)
	g.n++
	if s.src != nil {
		return g.copyOf(s)
	}
	return g.original(s)
}

// slot is an article due at a time: an original report of ev, or a copy of src.
type slot struct {
	at  time.Time
	seq uint64
	ev  *event
	src *printed
}

type slotHeap []*slot

func (h slotHeap) Len() int { return len(h) }
func (h slotHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h slotHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *slotHeap) Push(x any)   { *h = append(*h, x.(*slot)) }
func (h *slotHeap) Pop() any {
	o := *h
	s := o[len(o)-1]
	o[len(o)-1] = nil
	*h = o[:len(o)-1]
	return s
}
func (g *Generator) push(s *slot) { g.seq++; s.seq = g.seq; heap.Push(&g.slots, s) }

// printed is an article already written, kept until its copies are.
type printed struct {
	id, title string
	outlet    *outlet
	body      []byte
	at        time.Time
	ev        *event
}

// original writes a report of s.ev by an outlet of its own choosing.
func (g *Generator) original(s *slot) Article {
	ev := s.ev
	o := g.w.pickOutlet(g.rng, g.rng.Float64() < wireShare)
	for range 3 { // mostly, each outlet reports an event once
		if !ev.outlets[o.id] {
			break
		}
		o = g.w.pickOutlet(g.rng, o.wire)
	}
	ev.outlets[o.id] = true
	a := g.article(o, s.at, ev)
	a.Title = g.headline(ev, s.at)
	a.Body = g.body(ev, s.at)
	if p := g.pCopy[b2i(o.wire)]; g.rng.Float64() < p {
		delay := time.Duration((10 + g.rng.Float64()*470) * float64(time.Minute)).Round(time.Second)
		// The copy is made from bytes of its own: the caller owns a.Body.
		g.push(&slot{at: s.at.Add(delay), src: &printed{id: a.ID, title: a.Title, outlet: o, body: bytes.Clone(a.Body), at: s.at, ev: ev}})
	}
	return a
}

// copyOf writes another outlet's print of s.src: the same text, as it is,
// with the copier's boilerplate after it, or trimmed by its last paragraph;
// half the time under a headline of the copier's own.
func (g *Generator) copyOf(s *slot) Article {
	src := s.src
	o := g.w.pickOutlet(g.rng, false)
	for o == src.outlet {
		o = g.w.pickOutlet(g.rng, false)
	}
	a := g.article(o, s.at, src.ev)
	a.CopyOf = src.id
	a.Title = src.title
	if g.rng.IntN(2) == 0 {
		a.Title = g.headline(src.ev, src.at)
	}
	body := make([]byte, 0, len(src.body)+200)
	switch r := g.rng.Float64(); {
	case r < 0.4:
		body = append(body, src.body...)
	case r < 0.8:
		body = append(body, src.body...)
		body = g.boilerplate(body, o, src.outlet)
	default:
		cut := len(src.body)
		if i := bytes.LastIndex(src.body, []byte("\n\n")); i > len(src.body)*3/4 {
			cut = i
		}
		body = append(body, src.body[:cut]...)
		body = g.boilerplate(body, o, src.outlet)
	}
	a.Body = body
	return a
}

// article returns the metadata of the next article.
func (g *Generator) article(o *outlet, at time.Time, ev *event) Article {
	id := "syn-" + strconv.FormatUint(g.cfg.Seed, 10) + "-" + strconv.Itoa(g.n)
	return Article{
		Article: parallax.Article{
			ID:          id,
			URL:         "https://" + o.domain + at.Format("/2006/01/02/") + id,
			Outlet:      o.domain,
			Published:   at,
			Language:    "en",
			ContentType: parallax.ContentText,
			Origin:      "synth:" + strconv.Itoa(g.n),
		},
		Event:     "e" + strconv.Itoa(ev.id),
		Storyline: "t" + strconv.Itoa(ev.topic.id),
	}
}

// AppendJSONL appends a as one JSON Lines record, newline included, in the
// format `parallax ingest` reads, with the gold labels as extra fields:
// story_id, which `parallax eval cluster` scores against, storyline_id and,
// for a copy, copy_of.
func AppendJSONL(dst []byte, a *Article) []byte {
	// Written by hand rather than by encoding/json, which took a fifth of
	// the generator's time for the same bytes.
	field := func(name, v string) {
		dst = append(dst, ',', '"')
		dst = append(dst, name...)
		dst = append(dst, '"', ':')
		dst = appendString(dst, v)
	}
	text := func(v []byte) {
		dst = append(dst, `,"text":`...)
		dst = appendString(dst, v)
	}
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, a.ID)
	field("url", a.URL)
	field("outlet", a.Outlet)
	field("published", a.Published.Format(time.RFC3339))
	field("language", a.Language)
	field("title", a.Title)
	text(a.Body)
	field("story_id", a.Event)
	field("storyline_id", a.Storyline)
	if a.CopyOf != "" {
		field("copy_of", a.CopyOf)
	}
	return append(dst, '}', '\n')
}

// appendString appends s as a JSON string. s is valid UTF-8 (the generator
// writes nothing else), so only quotes, backslashes and control characters
// need escaping.
func appendString[T string | []byte](dst []byte, s T) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[last:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		last = i + 1
	}
	dst = append(dst, s[last:]...)
	return append(dst, '"')
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// zipf draws ranks in [0, n) with probability ∝ 1/(rank+1)^s, by binary
// search over the cumulative weights (faster than rand.Zipf's rejection
// loop, and any exponent works).
type zipf []float64

func newZipf(n int, s float64) zipf {
	z := make(zipf, n)
	sum := 0.0
	for i := range z {
		sum += 1 / math.Pow(float64(i+1), s)
		z[i] = sum
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	u := r.Float64() * z[len(z)-1]
	lo, hi := 0, len(z)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if z[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
