// Package timex finds time expressions in English news text and normalises
// them against the document creation time (DCT, an article's publication
// time), as TimeML's TIMEX3 annotates them: a type (DATE, TIME, DURATION,
// SET) and a value ("2016-11-10", "2016-W45", "P2D", "PRESENT_REF", …).
//
// It is rule-based: a tokenizer of its own (offsets only, one allocation a
// call), word lists in data/words.txt, and patterns tried at every token,
// the longest match winning. News semantics decide what the DCT cannot: a
// bare weekday or month is the last one on or before publication unless
// the sentence looks ahead. eval/timeml scores it on TempEval-3.
package timex

import (
	_ "embed"
	"fmt"
	"sync"
	"time"
)

// Type is a TIMEX3 type.
type Type string

// The four TIMEX3 types.
const (
	Date     Type = "DATE"     // a calendar date or period: 2016-11-10, 2016-W45, 2016-Q3, PAST_REF
	Time     Type = "TIME"     // a time of day: 2016-11-10T14:30, 2016-11-10TEV
	Duration Type = "DURATION" // an amount of time: P2D, PT3H, PXY
	Set      Type = "SET"      // a recurrence: P1D (daily), XXXX-WXX-4 (every Thursday)
)

// Timex is one time expression: a span of the text (UTF-8 byte offsets,
// End exclusive) with its TIMEX3 type and value.
type Timex struct {
	Start int
	End   int
	Type  Type
	Value string
	// Anchored says the value was computed from the DCT ("yesterday", "last
	// month", a weekday, a date without a year) rather than read from the
	// text alone ("March 13, 2016", "three weeks", "PRESENT_REF").
	Anchored bool
}

//go:embed data/words.txt
var words []byte

// Version identifies the rules and word lists; analyses record it so that
// a later release can tell which ones to redo.
const Version = "timex-1"

// Tagger finds time expressions. It is safe for concurrent use.
type Tagger struct {
	lex      map[string]*word
	meridiem map[byte]*word // a.m. and p.m., which the tokenizer reads as one word
	pool     sync.Pool
}

// New loads the embedded word lists.
func New() (*Tagger, error) {
	lex, err := parseLexicon(words)
	if err != nil {
		return nil, fmt.Errorf("timex: %w", err)
	}
	t := &Tagger{lex: lex, meridiem: map[byte]*word{'a': {}, 'p': {}}}
	t.pool.New = func() any { s := make([]tok, 0, 1024); return &s }
	return t, nil
}

// Find returns the time expressions of text in order, normalised against
// dct (only its calendar day is read, in its own location). Find never
// panics on any input.
func (t *Tagger) Find(text string, dct time.Time) []Timex {
	bp := t.pool.Get().(*[]tok)
	toks := t.tokenize(text, (*bp)[:0])
	y, m, d := dct.Date()
	c := ctx{t: t, s: text, toks: toks, dct: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	var out []Timex
	for i := 0; i < len(toks); {
		tk := &toks[i]
		if tk.k == kPunct || tk.k == kWord && (tk.w == nil || !tk.w.opens) {
			i++
			continue
		}
		if tk.k == kWord && tk.w.weak {
			if n := i + 1; n >= len(toks) || toks[n].k == kPunct || toks[n].k == kWord && (toks[n].w == nil || !toks[n].w.opens && !toks[n].w.follows) {
				i++
				continue
			}
		}
		m := c.at(i)
		if m.end <= i {
			i++
			continue
		}
		out = append(out, Timex{Start: toks[i].s, End: toks[m.end-1].e, Type: m.typ, Value: m.val, Anchored: m.anchored})
		if v := m.val; m.quarter && len(v) == 7 && v[5] == 'Q' {
			c.lastQY, c.lastQ = atoi(v[:4]), int(v[6]-'0')
		}
		i = m.end
	}
	if cap(toks) <= 1<<16 {
		*bp = toks[:0]
		t.pool.Put(bp)
	}
	return out
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
