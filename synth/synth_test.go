package synth

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/parallax-news/parallax/ingest"
)

func jsonl(t testing.TB, cfg Config, n int) []byte {
	t.Helper()
	var b []byte
	for a := range Articles(cfg, n) {
		b = AppendJSONL(b, &a)
	}
	return b
}

// TestDeterministic: one seed gives the same stream byte for byte; another
// seed gives another stream.
func TestDeterministic(t *testing.T) {
	a, b := jsonl(t, Config{Seed: 7}, 1500), jsonl(t, Config{Seed: 7}, 1500)
	if !bytes.Equal(a, b) {
		t.Fatal("seed 7 gave two different streams")
	}
	if c := jsonl(t, Config{Seed: 8}, 1500); bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same stream")
	}
}

// TestRecords: the JSON Lines records read back through ingest as the
// articles generated, with the gold event in story_id, which is the field
// `parallax eval cluster` scores against.
func TestRecords(t *testing.T) {
	var want []Article
	for a := range Articles(Config{Seed: 3}, 300) {
		want = append(want, a)
	}
	var b []byte
	for i := range want {
		b = AppendJSONL(b, &want[i])
	}
	i := 0
	for got, err := range ingest.Decode(context.Background(), bytes.NewReader(b), "synth.jsonl", ingest.Options{Format: ingest.FormatJSONL}) {
		if err != nil {
			t.Fatal(err)
		}
		w := want[i]
		if got.ID != w.ID || got.URL != w.URL || got.Outlet != w.Outlet || !got.Published.Equal(w.Published) ||
			got.Language != w.Language || got.Title != w.Title || !bytes.Equal(got.Body, w.Body) {
			t.Fatalf("record %d reads back as\n%+v\nwant\n%+v", i, got, w.Article)
		}
		var gold string
		if err := json.Unmarshal(got.Extra["story_id"], &gold); err != nil || gold != w.Event {
			t.Fatalf("record %d: story_id %s, want %q", i, got.Extra["story_id"], w.Event)
		}
		i++
	}
	if i != len(want) {
		t.Fatalf("%d records read back, want %d", i, len(want))
	}
}

// TestAppendString: what the JSON writer escapes reads back as written.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `"quoted," she said`, `back\slash`, "tab\tline\nbreak\r", "\x00\x1f bell\a", "Brava — “curly” é"} {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil || got != s {
			t.Errorf("%q reads back as %q (%v)", s, got, err)
		}
	}
}

// TestCopies: a copy comes after its source, from another outlet, about the
// same event, and carries the source's text (all of it, or all but a short
// last paragraph) before any boilerplate.
func TestCopies(t *testing.T) {
	type src struct {
		body         []byte
		outlet, ev   string
		at           time.Time
		title        string
		copiedTitles int
	}
	seen := map[string]*src{}
	copies := 0
	for a := range Articles(Config{Seed: 11}, 5000) {
		if a.CopyOf == "" {
			seen[a.ID] = &src{body: a.Body, outlet: a.Outlet, ev: a.Event, at: a.Published, title: a.Title}
			continue
		}
		copies++
		s := seen[a.CopyOf]
		switch {
		case s == nil:
			t.Fatalf("%s copies %s, which is not an earlier original", a.ID, a.CopyOf)
		case s.outlet == a.Outlet:
			t.Errorf("%s copies an article of its own outlet %s", a.ID, a.Outlet)
		case s.ev != a.Event:
			t.Errorf("%s is in event %s, its source in %s", a.ID, a.Event, s.ev)
		case a.Published.Before(s.at):
			t.Errorf("%s is published before its source", a.ID)
		}
		n := commonPrefix(a.Body, s.body)
		if n < len(s.body)*3/4 {
			t.Errorf("%s shares only %d of its source's %d bytes", a.ID, n, len(s.body))
		}
		if extra := len(a.Body) - n; extra > 200 {
			t.Errorf("%s adds %d bytes to its source; boilerplate is a line", a.ID, extra)
		}
	}
	if copies < 300 {
		t.Errorf("%d copies in 5000 articles; want about 500", copies)
	}
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// TestShape checks that the stream looks like the news it stands for:
// ordered in time, about 2–3 KB an article, one in ten a copy, many events
// at once, each told by several outlets, storylines of several events,
// surnames shared by different people, and a Zipf-like vocabulary.
func TestShape(t *testing.T) {
	const n = 12000
	g := New(Config{Seed: 5})
	var (
		prev          time.Time
		bytesTotal    int
		copies        int
		eventOutlets  = map[string]map[string]bool{}
		eventTopic    = map[string]string{}
		topicEvents   = map[string]map[string]bool{}
		people        = map[*person]bool{}
		words         = map[string]int{}
		ids           = map[string]bool{}
		firstDayEvent = map[string]bool{}
	)
	var start time.Time
	for i := range n {
		a := g.Next()
		if i == 0 {
			start = a.Published
		}
		if a.Published.Before(prev) {
			t.Fatalf("%s published %v, before the article before it (%v)", a.ID, a.Published, prev)
		}
		prev = a.Published
		if a.Event == "" || a.Storyline == "" || ids[a.ID] {
			t.Fatalf("article %d: id %q (seen: %v), event %q, storyline %q", i, a.ID, ids[a.ID], a.Event, a.Storyline)
		}
		ids[a.ID] = true
		if top, ok := eventTopic[a.Event]; ok && top != a.Storyline {
			t.Fatalf("event %s in storylines %s and %s", a.Event, top, a.Storyline)
		}
		eventTopic[a.Event] = a.Storyline
		if eventOutlets[a.Event] == nil {
			eventOutlets[a.Event] = map[string]bool{}
		}
		eventOutlets[a.Event][a.Outlet] = true
		if topicEvents[a.Storyline] == nil {
			topicEvents[a.Storyline] = map[string]bool{}
		}
		topicEvents[a.Storyline][a.Event] = true
		if a.Published.Sub(start) > 48*time.Hour && a.Published.Sub(start) < 72*time.Hour {
			firstDayEvent[a.Event] = true
		}
		bytesTotal += len(a.Body)
		if a.CopyOf != "" {
			copies++
		} else if i < 3000 {
			for _, w := range strings.FieldsFunc(string(a.Body), func(r rune) bool { return !unicode.IsLetter(r) }) {
				if unicode.IsLower(rune(w[0])) {
					words[w]++
				}
			}
		}
		if i%200 == 0 {
			for _, tp := range g.live {
				for _, p := range tp.cast {
					people[p] = true
				}
			}
		}
	}
	if mean := bytesTotal / n; mean < 2000 || mean > 3200 {
		t.Errorf("mean text %d bytes; want 2–3 KB", mean)
	}
	if share := float64(copies) / n; share < 0.08 || share > 0.12 {
		t.Errorf("copies are %.3f of the articles; want about 0.10", share)
	}
	if len(firstDayEvent) < 100 {
		t.Errorf("%d events reported within one day; want many at once", len(firstDayEvent))
	}
	multi, byMany := 0, 0
	for _, outs := range eventOutlets {
		if len(outs) >= 2 {
			multi++
		}
		if len(outs) >= 5 {
			byMany++
		}
	}
	if float64(multi)/float64(len(eventOutlets)) < 0.6 || byMany < 50 {
		t.Errorf("%d of %d events told by two outlets or more, %d by five or more", multi, len(eventOutlets), byMany)
	}
	big := 0
	for _, evs := range topicEvents {
		if len(evs) >= 3 {
			big++
		}
	}
	if big < 100 {
		t.Errorf("%d storylines with three events or more; want many", big)
	}
	bySurname := map[string]map[string]bool{}
	for p := range people {
		if bySurname[p.last] == nil {
			bySurname[p.last] = map[string]bool{}
		}
		bySurname[p.last][p.first] = true
	}
	shared := 0
	for _, firsts := range bySurname {
		if len(firsts) >= 3 {
			shared++
		}
	}
	if shared < 200 {
		t.Errorf("%d surnames carried by three people or more; want many", shared)
	}

	// Word counts against rank should fall on a line of slope about -1 in
	// log–log, as in real text, between the head and the tail.
	counts := make([]int, 0, len(words))
	for _, c := range words {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	if len(counts) < 3000 {
		t.Fatalf("%d distinct lower-case words in 3000 articles; want a large vocabulary", len(counts))
	}
	var sx, sy, sxx, sxy float64
	var k float64
	for r := 10; r < 2000; r++ {
		x, y := math.Log(float64(r+1)), math.Log(float64(counts[r]))
		sx, sy, sxx, sxy, k = sx+x, sy+y, sxx+x*x, sxy+x*y, k+1
	}
	if slope := (k*sxy - sx*sy) / (k*sxx - sx*sx); slope > -0.7 || slope < -1.6 {
		t.Errorf("rank–frequency slope %.2f; want about -1 (Zipf)", slope)
	}
}

// BenchmarkGenerate measures generating articles and writing them as JSON
// Lines, as `parallax bench ingest` does before it ingests them.
func BenchmarkGenerate(b *testing.B) {
	g := New(Config{Seed: 1})
	var buf []byte
	var n int64
	for b.Loop() {
		a := g.Next()
		buf = AppendJSONL(buf[:0], &a)
		n += int64(len(buf))
	}
	b.SetBytes(n / int64(b.N))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
