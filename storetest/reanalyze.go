package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// The reanalysis tests: Tx.Reanalyze and the AnalysisIndex every real store implements.

func analysisIndex(t *testing.T, s parallax.Store) parallax.AnalysisIndex {
	t.Helper()
	ai, ok := s.(parallax.AnalysisIndex)
	if !ok {
		t.Fatalf("%T does not implement parallax.AnalysisIndex", s)
	}
	return ai
}

// reanalyze replaces one article's analysis in a transaction of its own.
func reanalyze(t *testing.T, s parallax.Store, id string, a parallax.Analysis, keys []parallax.Key, bands []uint64) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	defer tx.Rollback()
	if err := tx.Reanalyze(ctx, id, a, keys, bands); err != nil {
		t.Fatalf("Reanalyze(%s): %v", id, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

// freshProfile is a story profile computed from its articles' keys, as a
// store holding only the current keys would have it.
func freshProfile(updated time.Time, articles ...[]parallax.Key) parallax.StoryCandidate {
	c := parallax.StoryCandidate{Updated: updated, Weights: map[string]float64{}}
	for _, keys := range articles {
		for _, k := range keys {
			c.Weights[k.Key] += k.Weight
		}
	}
	for _, w := range c.Weights {
		c.Norm += w * w
	}
	c.Norm = math.Sqrt(c.Norm)
	return c
}

func keyList(kv ...any) []parallax.Key {
	var out []parallax.Key
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, parallax.Key{Key: kv[i].(string), Weight: kv[i+1].(float64)})
	}
	return out
}

const (
	verrin1 = "Talia Morrow inspected the Verrin dam after the rain."
	verrin2 = "Talia Morrow said the Verrin dam held. Engineer Osric Vane found a crack."
)

// verrinStory stores a story of an article and its copy, and an unrelated one.
func verrinStory(t *testing.T, s parallax.Store) (v1Keys []parallax.Key) {
	t.Helper()
	v1Keys = keyList("t:dam", 0.3, "t:rain", 0.1, "e:morrow", 0.7)
	put(t, s,
		Rec("v1", verrin1, Title("Verrin dam inspected"), Published(at(0)), Starts("dam"),
			Mentions(parallax.Person, "Talia Morrow"), Keys("t:dam", 0.3, "t:rain", 0.1, "e:morrow", 0.7), Bands(11)),
		Rec("v2", verrin2, Title("Dam held"), Outlet("copy-desk.test"), Published(at(2)), Joins("dam", 0.95),
			DuplicateOf("v1"), Mentions(parallax.Person, "Talia Morrow"), Versions("analyze", "1"),
			Keys("t:dam", 0.2, "t:held", 0.4, "e:morrow", 0.5), Bands(11, 12)),
		Rec("f1", "Rain floods Marrow Bay.", Published(at(1)), Starts("flood"), Keys("t:rain", 0.9), Bands(13)),
	)
	return v1Keys
}

// newVerrin2 is v2 as newer rules analyse it: they find the engineer and
// the place, and no longer Talia Morrow.
func newVerrin2() parallax.Analysis {
	return Rec("v2", verrin2, Mentions(parallax.Person, "Osric Vane"), Mentions(parallax.Place, "Verrin"),
		MinHash(7, 8, 9), Versions("analyze", "2", "entity", "e2")).Analysis
}

func testReanalyze(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	v1Keys := verrinStory(t, s)
	before, _ := story(t, s, "dam")
	flood, _ := profile(t, s, "flood", []string{"t:rain"})

	a := newVerrin2()
	// t:dam twice: summed, as Put sums a record's repeated keys.
	v2Keys := keyList("t:dam", 0.25, "t:crack", 0.6, "e:vane", 0.5, "t:dam", 0.05)
	reanalyze(t, s, "v2", a, v2Keys, []uint64{12, 14})

	got := article(t, s, "v2")
	if got.Story != "dam" || got.DuplicateOf != "v1" || got.Text != verrin2 || got.Outlet != "copy-desk.test" {
		t.Errorf("reanalysis moved or changed the article: %+v", got.ArticleMeta)
	}
	if !reflect.DeepEqual(got.Analysis, a) {
		t.Errorf("analysis not replaced:\n got %+v\nwant %+v", got.Analysis, a)
	}
	if after, _ := story(t, s, "dam"); !reflect.DeepEqual(after, before) {
		t.Errorf("story changed:\n got %+v\nwant %+v", after, before)
	}

	// Entity search follows the new mentions only.
	for entity, want := range map[string]string{"vane": "v2", "osric vane": "v2", "verrin": "v2", "morrow": "v1", "talia morrow": "v1"} {
		if res := search(t, s, parallax.SearchFilter{Entity: entity}); hitIDs(res.Hits) != want {
			t.Errorf("entity %q = %s, want %s", entity, hitIDs(res.Hits), want)
		}
	}

	// The profile is the one the current keys make, with no trace of t:held
	// (only the old v2 had it); the other story is untouched.
	all := []string{"t:dam", "t:rain", "e:morrow", "t:crack", "e:vane", "t:held"}
	p, ok := profile(t, s, "dam", all)
	if !ok {
		t.Fatal("story dam is no longer a candidate")
	}
	sameProfile(t, "after reanalysis", p, freshProfile(at(2), v1Keys, v2Keys))
	if _, ok := p.Weights["t:held"]; ok {
		t.Errorf("t:held left in the profile: %v", p.Weights)
	}
	if f, _ := profile(t, s, "flood", []string{"t:rain"}); !reflect.DeepEqual(f, flood) {
		t.Errorf("other story's profile changed: %+v, was %+v", f, flood)
	}

	read(t, s, func(tx parallax.Tx) {
		df, total, err := tx.DocFreq(ctx, all)
		want := map[string]int{"t:dam": 2, "t:rain": 2, "e:morrow": 1, "t:crack": 1, "e:vane": 1}
		if err != nil || total != 3 || !reflect.DeepEqual(df, want) {
			t.Errorf("DocFreq = %v, %d, %v; want %v, 3", df, total, err, want)
		}
		for _, c := range []struct {
			band uint64
			want string
		}{{11, "v1"}, {12, "v2"}, {14, "v2"}} {
			cc, err := tx.CopyCandidates(ctx, []uint64{c.band}, 10)
			var got []string
			for _, x := range cc {
				got = append(got, x.ID)
				if x.ID == "v2" && (x.DuplicateOf != "v1" || !reflect.DeepEqual(x.MinHash, []uint64{7, 8, 9})) {
					t.Errorf("copy candidate v2 = %+v", x)
				}
			}
			if err != nil || strings.Join(got, ",") != c.want {
				t.Errorf("CopyCandidates(%d) = %v, %v; want %s", c.band, got, err, c.want)
			}
		}
	})

	// Deleting the reanalysed article takes out its new keys, not the old.
	if err := s.Delete(ctx, "v2"); err != nil {
		t.Fatal(err)
	}
	p, _ = profile(t, s, "dam", all)
	sameProfile(t, "after deleting v2", p, freshProfile(at(0), v1Keys))
	read(t, s, func(tx parallax.Tx) {
		df, total, err := tx.DocFreq(ctx, all)
		want := map[string]int{"t:dam": 1, "t:rain": 2, "e:morrow": 1}
		if err != nil || total != 2 || !reflect.DeepEqual(df, want) {
			t.Errorf("DocFreq after delete = %v, %d, %v; want %v, 2", df, total, err, want)
		}
	})
	if res := search(t, s, parallax.SearchFilter{Entity: "vane"}); res.Total != 0 {
		t.Errorf("deleted article still found by entity: %s", hitIDs(res.Hits))
	}
}

func testReanalyzeInTx(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	v1Keys := verrinStory(t, s)
	old := article(t, s, "v2")
	oldProfile, _ := profile(t, s, "dam", []string{"t:dam", "t:held", "t:crack"})

	// A rolled-back reanalysis leaves nothing behind.
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Reanalyze(ctx, "v2", newVerrin2(), keyList("t:crack", 1.0), nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := article(t, s, "v2"); !reflect.DeepEqual(got, old) {
		t.Errorf("rolled-back reanalysis changed v2:\n got %+v\nwant %+v", got, old)
	}
	p, _ := profile(t, s, "dam", []string{"t:dam", "t:held", "t:crack"})
	sameProfile(t, "after rollback", p, oldProfile)
	if res := search(t, s, parallax.SearchFilter{Entity: "vane"}); res.Total != 0 {
		t.Errorf("rolled-back mentions are searchable: %s", hitIDs(res.Hits))
	}

	// Failures are reported with their codes and leave the transaction usable;
	// its later reads see its reanalysis, and so does a Put in the same batch.
	tx, err = s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	wantCode(t, tx.Reanalyze(ctx, "nope", newVerrin2(), nil, nil), parallax.ENotFound, "Reanalyze(unknown id)")
	wantCode(t, tx.Reanalyze(ctx, "v2", newVerrin2(), keyList("t:dam", math.NaN()), nil), parallax.EInvalid, "Reanalyze(NaN weight)")
	v2Keys := keyList("t:dam", 0.2, "t:crack", 0.8)
	if err := tx.Reanalyze(ctx, "v2", newVerrin2(), v2Keys, []uint64{14}); err != nil {
		t.Fatalf("Reanalyze after failures: %v", err)
	}
	c, err := tx.StoryCandidates(ctx, []string{"t:crack", "t:held"}, time.Time{}, time.Time{}, 10)
	if err != nil || len(c) != 1 || c[0].ID != "dam" {
		t.Fatalf("StoryCandidates in tx = %+v, %v", c, err)
	}
	if w := c[0].Weights; len(w) != 1 || !near(w["t:crack"], 0.8) || !near(c[0].Norm, freshProfile(at(2), v1Keys, v2Keys).Norm) {
		t.Errorf("candidate in tx = %+v, want the reanalysed profile", c[0])
	}
	if df, _, err := tx.DocFreq(ctx, []string{"t:crack", "t:held"}); err != nil || df["t:crack"] != 1 || df["t:held"] != 0 {
		t.Errorf("DocFreq in tx = %v, %v", df, err)
	}
	v3Keys := keyList("t:crack", 0.5, "e:vane", 0.4)
	if err := tx.Put(ctx, Rec("v3", "Osric Vane said the crack is small.", Published(at(3)), Joins("dam", 0.5),
		Keys("t:crack", 0.5, "e:vane", 0.4))); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	p, _ = profile(t, s, "dam", []string{"t:dam", "t:rain", "e:morrow", "t:crack", "e:vane", "t:held"})
	sameProfile(t, "after reanalysis and put", p, freshProfile(at(3), v1Keys, v2Keys, v3Keys))
	if sum, _ := story(t, s, "dam"); ids(sum.Articles) != "v1,v2,v3" || sum.Articles[1].DuplicateOf != "v1" {
		t.Errorf("story = %+v", sum.Articles)
	}
}

func testOutdated(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	ai := analysisIndex(t, s)
	cur := map[string]string{"analyze": "2", "entity": "e2"}

	// Outdated: no versions, an older one, one missing, one more than now.
	put(t, s,
		Rec("o1", "Ferry talks resume in Port Almira."),
		Rec("c1", "The Corvel airport opens a runway.", Versions("entity", "e2", "analyze", "2")),
		Rec("o2", "The Verrin dam held.", Versions("analyze", "1", "entity", "e2")),
		Rec("o3", "Wildfire in Kestrel Valley.", Versions("analyze", "2")),
		Rec("c2", "Fenwick market reopens.", Versions("analyze", "2", "entity", "e2")),
		Rec("o4", "Tamsin tunnel delayed.", Versions("analyze", "2", "entity", "e2", "quote", "q1")),
	)
	if n, total, err := ai.CountOutdated(ctx, cur); err != nil || n != 4 || total != 6 {
		t.Errorf("CountOutdated = %d, %d, %v; want 4, 6", n, total, err)
	}
	var got []string
	for a, err := range ai.Outdated(ctx, cur) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Text == "" || len(a.Analysis.Sentences) == 0 || a.Story == "" {
			t.Errorf("%s: outdated article without text, analysis or story", a.ID)
		}
		got = append(got, a.ID)
	}
	if g := strings.Join(got, ","); g != "o1,o2,o3,o4" {
		t.Errorf("Outdated = %s, want o1,o2,o3,o4 (ingest order)", g)
	}
	if v := article(t, s, "o4").Analysis.Versions; !reflect.DeepEqual(v, map[string]string{"analyze": "2", "entity": "e2", "quote": "q1"}) {
		t.Errorf("Versions round trip = %v", v)
	}
	if n, total, err := ai.CountOutdated(ctx, nil); err != nil || n != 5 || total != 6 {
		t.Errorf("CountOutdated(nil) = %d, %d, %v; want 5 (all with versions), 6", n, total, err)
	}
	if err := s.Delete(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	if n, total, err := ai.CountOutdated(ctx, cur); err != nil || n != 3 || total != 5 {
		t.Errorf("CountOutdated after a delete = %d, %d, %v; want 3, 5", n, total, err)
	}

	// Many pages, reanalysed in batches inside the loop: each outdated
	// article comes once, and none is left afterwards.
	const n = 700
	var recs []*parallax.Record
	for i := range n {
		r := Rec(fmt.Sprintf("p%03d", i), fmt.Sprintf("Bulletin %d on the Marrow Bay tides.", i))
		if i%3 == 0 {
			Versions("analyze", "2", "entity", "e2")(r)
		}
		recs = append(recs, r)
	}
	put(t, s, recs...)
	want, _, err := ai.CountOutdated(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var tx parallax.Tx
	for a, err := range ai.Outdated(ctx, cur) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[a.ID] {
			t.Fatalf("%s yielded twice", a.ID)
		}
		seen[a.ID] = true
		if tx == nil {
			if tx, err = s.Begin(ctx); err != nil {
				t.Fatal(err)
			}
		}
		an := a.Analysis
		an.Versions = cur
		if err := tx.Reanalyze(ctx, a.ID, an, nil, nil); err != nil {
			t.Fatal(err)
		}
		if len(seen)%100 == 0 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			tx = nil
		}
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != want || want != 3+n-(n+2)/3 {
		t.Errorf("reanalysed %d, counted %d outdated", len(seen), want)
	}
	if left, total, err := ai.CountOutdated(ctx, cur); err != nil || left != 0 || total != n+5 {
		t.Errorf("CountOutdated after reanalysis = %d, %d, %v; want 0, %d", left, total, err, n+5)
	}
	for a, err := range ai.Outdated(ctx, cur) {
		t.Errorf("Outdated after reanalysis yielded %v, %v", a, err)
	}

	// A cancelled context ends the iteration with an error.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	var last error
	for _, err := range ai.Outdated(cctx, map[string]string{"analyze": "3"}) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("Outdated(cancelled) ended with %v", last)
	}
}
