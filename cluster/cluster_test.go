package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/fingerprint"
)

var day0 = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// background is unrelated coverage placed first, so that document
// frequencies look like a running system: a famous name appears in several
// stories and common words are everywhere.
func background() []doc {
	return []doc{
		{id: "bg1", at: day0.Add(-30 * time.Hour), title: "Harbour city wins the cup final",
			body:     "The home side won the cup final after extra time in front of a record crowd at the harbour stadium. The coach praised the players and the fans.",
			mentions: []parallax.Mention{person("Lena Brandt"), place("Harbour City")}},
		{id: "bg2", at: day0.Add(-28 * time.Hour), title: "Storm closes coastal roads",
			body:     "Heavy rain and strong wind closed coastal roads on Monday. Forecasters expect the storm to weaken by the weekend, officials said.",
			mentions: []parallax.Mention{org("National Weather Office"), place("Brestwick")}},
		{id: "bg3", at: day0.Add(-26 * time.Hour), title: "Trump golf resort expands",
			body:     "The company behind the resort plans a new course and a hotel wing. Local officials approved the plan after a long hearing.",
			mentions: []parallax.Mention{person("Donald Trump"), place("Aberdeenshire")}},
		{id: "bg4", at: day0.Add(-20 * time.Hour), title: "Markets slip as oil rises",
			body:     "Shares fell on Tuesday as oil prices rose for a third day. Traders said the election campaign added to the uncertainty.",
			mentions: []parallax.Mention{org("Brent"), person("Trump")}},
		{id: "bg5", at: day0.Add(-10 * time.Hour), title: "Trump book tops bestseller list",
			body:     "A memoir by a former aide went straight to the top of the bestseller list. The publisher printed another run.",
			mentions: []parallax.Mention{person("Trump"), org("Harlow House")}},
	}
}

// The contacts event, told three times in different words.
var (
	contactsA = doc{id: "a1", at: day0, title: "Moscow says it kept in touch with Trump campaign",
		body: "A senior Russian diplomat said on Thursday that officials in Moscow had kept in touch with people close to the Trump campaign throughout the election. " +
			"Deputy foreign minister Sergei Ryabkov told the Interfax agency that such contacts were routine.",
		mentions: []parallax.Mention{person("Sergei Ryabkov"), person("Trump"), org("Interfax"), place("Moscow")}}
	contactsB = doc{id: "a2", at: day0.Add(5 * time.Hour), title: "Kremlin diplomats admit talks with Republican advisers",
		body: "Russia's foreign ministry acknowledged meetings with advisers of the Republican nominee. Ryabkov, speaking to Interfax, declined to name anyone. " +
			"Spokeswoman Maria Zakharova called the exchanges normal diplomatic practice. The Trump team denied any contact.",
		mentions: []parallax.Mention{person("Ryabkov"), org("Interfax"), person("Maria Zakharova"), person("Trump"), place("Russia")}}
	contactsC = doc{id: "a3", at: day0.Add(50 * time.Hour), title: "The foreign ministry explained the contacts with supporters of the trump",
		body: "Russian diplomats met supporters of donald trump during the campaign, but this was diplomatic routine, said Zakharov on a television programme. " +
			"Earlier Ryabkov had told Interfax about the contacts.",
		mentions: []parallax.Mention{person("donald trump"), person("Zakharov"), person("Ryabkov"), org("Interfax")}}
)

// Two other events on the same day that share only the famous name.
var (
	rally = doc{id: "r1", at: day0.Add(2 * time.Hour), title: "Trump holds rally in Ohio",
		body: "Thousands queued outside the arena in Youngstown as Donald Trump promised to bring factory jobs back to Ohio. " +
			"He spoke for an hour about steelworkers and closed plants, and the crowd chanted his slogans.",
		mentions: []parallax.Mention{person("Donald Trump"), place("Ohio"), place("Youngstown")}}
	tariffs = doc{id: "x1", at: day0.Add(3 * time.Hour), title: "Trump orders tariffs on imported washing machines",
		body: "The administration imposed a levy on imported washing machines and solar panels after a trade complaint. " +
			"Beijing said it would answer the tariffs, and the Commerce Department set the rate at thirty percent. Trump signed the order.",
		mentions: []parallax.Mention{person("Trump"), place("Beijing"), org("Commerce Department")}}
)

func placeAll(t testing.TB, c *Clusterer, idx *fakeIndex, docs ...doc) []*parallax.Record {
	t.Helper()
	var out []*parallax.Record
	for _, d := range docs {
		rec := d.record()
		if err := c.Place(context.Background(), idx, rec); err != nil {
			t.Fatalf("Place(%s): %v", d.id, err)
		}
		idx.put(rec)
		out = append(out, rec)
	}
	return out
}

func TestPlaceSameEventJoins(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	placeAll(t, c, idx, background()...)
	recs := placeAll(t, c, idx, contactsA, contactsB, contactsC)
	a, b, cc := recs[0].Placement, recs[1].Placement, recs[2].Placement
	if !a.NewStory || a.Story != StoryID("a1") || a.Score != 0 {
		t.Fatalf("first article: %+v, want a new story %s with score 0", a, StoryID("a1"))
	}
	for i, p := range []parallax.Placement{b, cc} {
		t.Logf("%s score %.3f", recs[i+1].Article.ID, p.Score)
		if p.Story != a.Story || p.NewStory {
			t.Errorf("%s went to %s (new %v, score %.3f), want to join %s", recs[i+1].Article.ID, p.Story, p.NewStory, p.Score, a.Story)
		}
		if p.Score < DefaultThreshold || p.Score > 1.0001 {
			t.Errorf("%s score %.3f outside [threshold, 1]", recs[i+1].Article.ID, p.Score)
		}
	}
}

func TestPlaceSharedNameStaysApart(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	// The background holds three unrelated stories naming Trump, placed
	// while idf still knows little; the three events below name him too.
	recs := placeAll(t, c, idx, append(background(), contactsA, rally, tariffs)...)
	stories := map[string]string{}
	for _, r := range recs {
		p := r.Placement
		t.Logf("%s → %s new=%v score %.3f", r.Article.ID, p.Story, p.NewStory, p.Score)
		if !p.NewStory {
			t.Errorf("%s joined %s (score %.3f); events sharing one name must stay apart", r.Article.ID, p.Story, p.Score)
		}
		if prev, ok := stories[p.Story]; ok {
			t.Errorf("%s and %s share story %s", prev, r.Article.ID, p.Story)
		}
		stories[p.Story] = r.Article.ID
	}
}

func TestPlaceOutsideWindowStartsNewStory(t *testing.T) {
	c, idx := New(Config{Window: 48 * time.Hour}), newFakeIndex()
	later := contactsA
	later.id, later.at = "a1-later", day0.Add(10*24*time.Hour)
	recs := placeAll(t, c, idx, contactsA)
	idx.windows = nil
	recs = append(recs, placeAll(t, c, idx, later)...)
	if p := recs[1].Placement; !p.NewStory || p.Story == recs[0].Placement.Story {
		t.Fatalf("same keys ten days later: %+v, want a new story", p)
	}
	if p := recs[1].Placement; p.Storyline != recs[0].Placement.Storyline || p.NewStoryline {
		t.Errorf("same keys ten days later: storyline %s (new %v), want %s", p.Storyline, p.NewStoryline, recs[0].Placement.Storyline)
	}
	// The first look-up is the event's; the second, for the storyline, is wider.
	if len(idx.windows) != 2 {
		t.Fatalf("%d story look-ups for a new story, want 2 (event, storyline)", len(idx.windows))
	}
	if from, to := idx.windows[0][0], idx.windows[0][1]; !from.Equal(later.at.Add(-48*time.Hour)) || !to.Equal(later.at.Add(48*time.Hour)) {
		t.Errorf("window [%v, %v], want ±48h around %v", from, to, later.at)
	}

	// Inside the window the very same keys join.
	again := contactsA
	again.id, again.at = "a1-again", day0.Add(47*time.Hour)
	if p := placeAll(t, c, idx, again)[0].Placement; p.Story != recs[0].Placement.Story {
		t.Errorf("same keys 47h later: %+v, want to join %s", p, recs[0].Placement.Story)
	}
}

func TestPlaceTimeFallback(t *testing.T) {
	now := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
	fetched := now.Add(-time.Hour)
	c := New(Config{Window: time.Hour, Now: func() time.Time { return now }})
	for _, tc := range []struct {
		name string
		rec  func(*parallax.Record)
		want time.Time
	}{
		{"published", func(r *parallax.Record) {}, day0},
		{"document published", func(r *parallax.Record) { r.Article.Published = time.Time{} }, day0},
		{"fetched", func(r *parallax.Record) {
			r.Article.Published, r.Document.Published, r.Article.Fetched = time.Time{}, time.Time{}, fetched
		}, fetched},
		{"now", func(r *parallax.Record) {
			r.Article.Published, r.Document.Published, r.Article.Fetched = time.Time{}, time.Time{}, time.Time{}
		}, now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx := newFakeIndex()
			rec := contactsA.record()
			tc.rec(rec)
			if err := c.Place(context.Background(), idx, rec); err != nil {
				t.Fatal(err)
			}
			if got := idx.windows[0][0].Add(time.Hour); !got.Equal(tc.want) {
				t.Errorf("article time %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPlaceCopies(t *testing.T) {
	text := "Officials confirmed on Friday that the northern bridge will close for repairs for six weeks starting next month, " +
		"and that ferries will run every half hour while the work goes on, the transport authority said in a statement."
	sig := minhash(text)
	if len(sig) != 128 {
		t.Fatalf("test minhash has %d values", len(sig))
	}
	orig := doc{id: "orig", at: day0, title: "Bridge to close for repairs", body: text, minhash: sig,
		mentions: []parallax.Mention{org("Transport Authority")}}
	// A reprint with another headline and no entities: its keys alone
	// would not place it, the copy link must.
	reprint := doc{id: "reprint", at: day0.Add(time.Hour), title: "Ferries every half hour", body: text, minhash: sig}
	// An earlier-dated article ingested later still links to the copy
	// already stored, and a third copy then points at the chain's root.
	early := doc{id: "early", at: day0.Add(-time.Hour), title: "x", body: text, minhash: sig}
	third := doc{id: "third", at: day0.Add(2 * time.Hour), title: "y", body: text, minhash: sig}

	c, idx := New(Config{}), newFakeIndex()
	placeAll(t, c, idx, background()...)
	recs := placeAll(t, c, idx, orig, reprint, early, third)
	root := recs[0].Placement
	if root.DuplicateOf != "" || !root.NewStory {
		t.Fatalf("original: %+v", root)
	}
	for _, r := range recs[1:] {
		p := r.Placement
		if p.DuplicateOf != "orig" || p.Story != root.Story || p.NewStory || p.Score != 1 {
			t.Errorf("%s: %+v, want a copy of orig in %s with score 1", r.Article.ID, p, root.Story)
		}
		if len(p.Bands) != lshBands {
			t.Errorf("%s: %d bands, want %d", r.Article.ID, len(p.Bands), lshBands)
		}
	}
}

func TestPlaceCopyChainCollapses(t *testing.T) {
	// b is a near copy of a, c a near copy of b but too far from a to match
	// it directly: c must still point at a, through b's DuplicateOf.
	a := make([]uint64, 128)
	for i := range a {
		a[i] = uint64(i)*0x9e3779b97f4a7c15 + 1
	}
	b, c := slices128(a), slices128(a)
	for i := range 8 {
		b[i*16] ^= 0xff   // 8 differences, one per band 0,2,4,…
		c[i*16] ^= 0xff   // same as b …
		c[i*16+8] ^= 0xff // … plus 8 more in the odd bands
	}
	if ja, jb := fingerprint.Jaccard(c, a), fingerprint.Jaccard(c, b); ja >= DefaultCopyThreshold || jb < DefaultCopyThreshold {
		t.Fatalf("fixture: J(c,a)=%.3f J(c,b)=%.3f", ja, jb)
	}
	cl, idx := New(Config{}), newFakeIndex()
	recs := placeAll(t, cl, idx,
		doc{id: "A", at: day0, body: "alpha", minhash: a},
		doc{id: "B", at: day0.Add(time.Hour), body: "beta", minhash: b},
		doc{id: "C", at: day0.Add(2 * time.Hour), body: "gamma", minhash: c},
	)
	if got := recs[1].Placement.DuplicateOf; got != "A" {
		t.Errorf("B.DuplicateOf = %q, want A", got)
	}
	if got := recs[2].Placement; got.DuplicateOf != "A" || got.Story != recs[0].Placement.Story {
		t.Errorf("C: %+v, want DuplicateOf A in %s", got, recs[0].Placement.Story)
	}
	// Below the threshold nothing is a copy.
	d := slices128(a)
	for i := range 16 {
		d[i*8] ^= 1
	}
	if p := placeAll(t, cl, idx, doc{id: "D", at: day0, body: "delta", minhash: d})[0].Placement; p.DuplicateOf != "" || !p.NewStory {
		t.Errorf("D (J=%.3f): %+v, want no copy", fingerprint.Jaccard(d, a), p)
	}
}

func slices128(a []uint64) []uint64 { return append([]uint64(nil), a...) }

func TestPlaceDeterministic(t *testing.T) {
	docs := append(background(), contactsA, rally, contactsB, tariffs, contactsC)
	run := func() []parallax.Placement {
		c, idx := New(Config{}), newFakeIndex()
		var out []parallax.Placement
		for _, r := range placeAll(t, c, idx, docs...) {
			out = append(out, r.Placement)
		}
		return out
	}
	first := run()
	for range 5 {
		if again := run(); !reflect.DeepEqual(first, again) {
			t.Fatalf("placements differ between runs:\n%+v\n%+v", first, again)
		}
	}
}

func TestPlaceKeys(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	rec := contactsB.record()
	if err := c.Place(context.Background(), idx, rec); err != nil {
		t.Fatal(err)
	}
	keys := rec.Placement.Keys
	norm, seen := 0.0, map[string]bool{}
	for i, k := range keys {
		norm += k.Weight * k.Weight
		if seen[k.Key] {
			t.Errorf("duplicate key %s", k.Key)
		}
		seen[k.Key] = true
		if i > 0 && k.Weight > keys[i-1].Weight {
			t.Errorf("keys not sorted by weight at %d", i)
		}
		if !strings.HasPrefix(k.Key, "t:") && !strings.HasPrefix(k.Key, "e:") {
			t.Errorf("key %q without prefix", k.Key)
		}
	}
	if math.Abs(norm-1) > 1e-9 {
		t.Errorf("|keys| = %v, want 1", math.Sqrt(norm))
	}
	// Names in their folded key spelling (names.go).
	for _, k := range []string{"e:riabkov", "e:zaharov", "e:trump", "e:interfax", "e:rusi", "t:diplomatic"} {
		if !seen[k] {
			t.Errorf("missing key %s in %v", k, keys)
		}
	}
	// An entity outweighs any term: both appear once in contactsB.
	w := map[string]float64{}
	for _, k := range keys {
		w[k.Key] = k.Weight
	}
	if w["e:interfax"] <= w["t:diplomatic"] {
		t.Errorf("entity weight %v not above term weight %v", w["e:interfax"], w["t:diplomatic"])
	}
}

func TestEntityKey(t *testing.T) {
	for _, tc := range []struct {
		kind parallax.EntityKind
		name string
		want string
	}{
		{parallax.Person, "Sergei Ryabkov", "e:riabkov"},
		{parallax.Person, "Сергей Рябков", "e:riabkov"},
		{parallax.Person, "trump", "e:trump"},
		{parallax.Person, "Trump's", "e:trump"},
		{parallax.Person, "Maria Zakharova", "e:zaharov"},
		{parallax.Person, "Zakharov", "e:zaharov"},
		{parallax.Person, "Мария Захарова", "e:zaharov"},
		{parallax.Person, "Nova", "e:nova"},
		// A foreign surname in Russian cases, and in Latin letters.
		{parallax.Person, "Anna Keller", "e:keler"},
		{parallax.Person, "Анна Келлер", "e:keler"},
		{parallax.Person, "Томаса Келлера", "e:keler"},
		{parallax.Person, "Келлеру", "e:keler"},
		{parallax.Person, "Келлером", "e:keler"},
		// Russian surnames in their cases and genders.
		{parallax.Person, "Mikhail Orlov", "e:orlov"},
		{parallax.Person, "Орловым", "e:orlov"},
		{parallax.Person, "Орловой", "e:orlov"},
		{parallax.Person, "Vishnevsky", "e:vishnevsk"},
		{parallax.Person, "Вишневского", "e:vishnevsk"},
		{parallax.Person, "Вишневская", "e:vishnevsk"},
		// Latin spellings Cyrillic writes one way.
		{parallax.Person, "Tomas Weber", "e:veber"},
		{parallax.Person, "Томас Вебер", "e:veber"},
		{parallax.Person, "Carter", "e:karter"},
		{parallax.Person, "Картер", "e:karter"},
		{parallax.Organization, "the State  Department", "e:stat department"},
		{parallax.Place, "Moscow", "e:moskov"},
		{parallax.Place, "Velmora", "e:velmor"},
		{parallax.Place, "Вельморе", "e:velmor"},
		{parallax.Place, "Тарском", "e:tarsk"},
		{parallax.Place, "Tarsk", "e:tarsk"},
		// A capitalised preposition opening a Russian sentence.
		{parallax.Organization, "В", ""},
		{parallax.Misc, "Russian", ""},
		{parallax.Person, "  ", ""},
	} {
		if got := entityKey(tc.kind, tc.name); got != tc.want {
			t.Errorf("entityKey(%s, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
		}
	}
}

// TestGermanName checks that the German common nouns and function words
// an English-trained tagger takes for names do not become name keys, and
// that names survive.
func TestGermanName(t *testing.T) {
	text := "Der Schaden ist groß. Die Brücke über die Selva bleibt gesperrt, sagte Verkehrsministerin Anna Keller am 19. März. " +
		"Rund 60 Feuerwehrleute waren in Velmora im Einsatz. Der Chemiekonzern Orvane Chemicals kauft zu."
	nouns := germanNouns(text)
	for _, tc := range []struct {
		kind parallax.EntityKind
		name string
		want string
	}{
		{parallax.Person, "Der Schaden", ""},
		{parallax.Person, "Brücke", ""},
		{parallax.Organization, "März", ""},
		{parallax.Person, "Der", ""},
		{parallax.Person, "Feuerwehrleute", ""},
		{parallax.Person, "Verkehrsministerin Anna Keller", "Verkehrsministerin Anna Keller"},
		{parallax.Place, "Velmora", "Velmora"},
		{parallax.Person, "Der Chemiekonzern Orvane Chemicals", "Orvane Chemicals"},
		// A place written after an article is taken for a noun: the cost
		// of the rule.
		{parallax.Place, "Selva", ""},
	} {
		if got := germanName(tc.kind, tc.name, nouns); got != tc.want {
			t.Errorf("germanName(%s, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
		}
	}
}

// TestDateKeys checks day-and-month dates in English, German, Russian,
// Spanish and French, with and without a year, and what is not a date.
func TestDateKeys(t *testing.T) {
	pub := time.Date(2031, 3, 20, 10, 0, 0, 0, time.UTC)
	for text, want := range map[string][]string{
		"on Tuesday, 11 March 2031, at noon":      {"d:2031-03-11"},
		"on March 11, 2031 and on March 12th":     {"d:2031-03-11", "d:2031-03-12"},
		"am 11. März 2031 und zum 10. April":      {"d:2031-03-11", "d:2031-04-10"},
		"11 марта 2031 г. и 12 марта":             {"d:2031-03-11", "d:2031-03-12"},
		"el 11 de marzo de 2031":                  {"d:2031-03-11"},
		"le 11 mars 2031":                         {"d:2031-03-11"},
		"a report of 28 December":                 {"d:2030-12-28"}, // the year before: not nine months ahead
		"31 April 2031, 40 May, 6 may 2031, 2031": nil,              // no such day; "may" lower-case is a verb
	} {
		got := dateKeys(text, pub)
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("dateKeys(%q) = %v, want %v", text, keys, want)
		}
	}
}

func TestPlaceEdgeCases(t *testing.T) {
	c := New(Config{})
	ctx := context.Background()
	if err := c.Place(ctx, newFakeIndex(), nil); err == nil {
		t.Error("nil record: no error")
	}
	if err := c.Place(ctx, nil, &parallax.Record{}); err == nil {
		t.Error("nil index: no error")
	}
	// No terms, no mentions, no MinHash: a story of its own.
	rec := &parallax.Record{Article: parallax.Article{ID: "empty"}}
	if err := c.Place(ctx, newFakeIndex(), rec); err != nil || !rec.Placement.NewStory || rec.Placement.Story != StoryID("empty") {
		t.Errorf("empty record: %v %+v", err, rec.Placement)
	}
	// Odd weights and short signatures are ignored, not fatal.
	rec = &parallax.Record{Article: parallax.Article{ID: "odd"}, Analysis: parallax.Analysis{
		Terms:   []parallax.Term{{Term: "nan", Weight: math.NaN()}, {Term: "neg", Weight: -1}, {Term: "", Weight: 2}, {Term: "ok", Weight: 2}},
		MinHash: []uint64{1, 2, 3},
	}}
	if err := c.Place(ctx, newFakeIndex(), rec); err != nil || len(rec.Placement.Keys) != 1 || rec.Placement.Bands != nil {
		t.Errorf("odd record: %v %+v", err, rec.Placement)
	}
	// Index errors come back wrapped and leave the placement alone.
	idx := newFakeIndex()
	idx.err = errors.New("disk on fire")
	rec = contactsA.record()
	rec.Placement.Story = "kept"
	if err := c.Place(ctx, idx, rec); !errors.Is(err, idx.err) || rec.Placement.Story != "kept" {
		t.Errorf("index error: %v, placement %+v", err, rec.Placement)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := c.Place(cctx, newFakeIndex(), contactsA.record()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(Config{})
	if c.window != DefaultWindow || c.threshold != DefaultThreshold || c.copyThreshold != DefaultCopyThreshold || c.now == nil {
		t.Errorf("defaults: %+v", c)
	}
	c = New(Config{Window: time.Hour, Threshold: 0.5, CopyThreshold: 0.8})
	if c.window != time.Hour || c.threshold != 0.5 || c.copyThreshold != 0.8 {
		t.Errorf("explicit: %+v", c)
	}
}

func TestStoryID(t *testing.T) {
	id := StoryID("abc")
	if len(id) != 13 || id[0] != 's' || id != StoryID("abc") || id == StoryID("abd") {
		t.Errorf("StoryID: %q", id)
	}
}

// BenchmarkPlace places one article against an index of 10,000 stories
// drawn from a 20,000-word vocabulary and 3,000 entities, all inside the window.
func BenchmarkPlace(b *testing.B) {
	idx := newFakeIndex()
	c := New(Config{})
	rnd := uint64(42)
	next := func(n int) int { // xorshift: deterministic and dependency-free
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return int(rnd % uint64(n))
	}
	mk := func(id string, at time.Time) *parallax.Record {
		var body strings.Builder
		for range 150 {
			fmt.Fprintf(&body, "w%d ", next(20000))
		}
		var ms []parallax.Mention
		for range 8 {
			ms = append(ms, person(fmt.Sprintf("Person Name%d", next(3000))))
		}
		d := doc{id: id, at: at, title: fmt.Sprintf("w%d w%d w%d", next(20000), next(20000), next(20000)), body: body.String(), mentions: ms}
		return d.record()
	}
	ctx := context.Background()
	for i := range 10000 {
		rec := mk(fmt.Sprintf("n%d", i), day0.Add(time.Duration(next(48*60))*time.Minute))
		// Each seed article starts its own story so the index holds 10k.
		rec.Placement = parallax.Placement{Story: StoryID(rec.Article.ID), NewStory: true}
		keys, err := c.keys(ctx, idx, rec)
		if err != nil {
			b.Fatal(err)
		}
		rec.Placement.Keys = keys
		idx.put(rec)
	}
	if len(idx.stories) != 10000 {
		b.Fatalf("%d stories", len(idx.stories))
	}
	recs := make([]*parallax.Record, 256)
	for i := range recs {
		recs[i] = mk(fmt.Sprintf("q%d", i), day0.Add(24*time.Hour))
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if err := c.Place(ctx, idx, recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestDecay pins the shape of the time decay: nothing lost within a day and
// a half of an event's start, either side of it, then a factor e per 36 h.
func TestDecay(t *testing.T) {
	for _, tc := range []struct {
		gap  time.Duration
		want float64
	}{
		{0, 1}, {36 * time.Hour, 1}, {-36 * time.Hour, 1},
		{72 * time.Hour, math.Exp(-1)}, {-72 * time.Hour, math.Exp(-1)}, {108 * time.Hour, math.Exp(-2)},
	} {
		if got := decay(tc.gap); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("decay(%v) = %v, want %v", tc.gap, got, tc.want)
		}
	}
}

// TestStorylines: a follow-up to an event days later is an event of its own
// in the same storyline; stories sharing only a famous name start
// storylines of their own.
func TestStorylines(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	placeAll(t, c, idx, background()...)
	followUp := contactsA
	followUp.id, followUp.at = "a1-followup", day0.Add(4*24*time.Hour)
	recs := placeAll(t, c, idx, contactsA, contactsB, rally, followUp)
	a, b, r, f := recs[0].Placement, recs[1].Placement, recs[2].Placement, recs[3].Placement
	if !a.NewStoryline || a.Storyline != parallax.OwnStoryline(a.Story) {
		t.Errorf("first contacts report: storyline %s (new %v), want its own", a.Storyline, a.NewStoryline)
	}
	if b.Story != a.Story {
		t.Errorf("second report of the day went to %s, want %s", b.Story, a.Story)
	}
	if !f.NewStory || f.Story == a.Story {
		t.Errorf("the same words four days later joined %s (score %.3f), want an event of their own", f.Story, f.Score)
	}
	if f.Storyline != a.Storyline || f.NewStoryline {
		t.Errorf("four days later: storyline %s (new %v), want the contacts storyline %s", f.Storyline, f.NewStoryline, a.Storyline)
	}
	if !r.NewStoryline || r.Storyline == a.Storyline {
		t.Errorf("the rally sharing only Trump went to storyline %s, want its own", r.Storyline)
	}
}
