// Package storetest is the contract test suite for parallax.Store
// implementations. Every store package runs it against a real database:
//
//	func TestStore(t *testing.T) { storetest.Run(t, func(t *testing.T) parallax.Store { … }) }
//
// It tests only what the interfaces in the root package promise, never how a
// store keeps its data, so the SQLite and PostgreSQL stores share it. The
// records are small invented texts about made-up events.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// Run runs the whole suite. open returns a new, empty store for each
// subtest; the store is closed by the suite (open may also register its own
// cleanup, so closing twice must be harmless or guarded by the caller).
func Run(t *testing.T, open func(t *testing.T) parallax.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, parallax.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"NotFound", testNotFound},
		{"Conflict", testConflict},
		{"BadPlacement", testBadPlacement},
		{"TxReadsOwnWrites", testTxReadsOwnWrites},
		{"Rollback", testRollback},
		{"StoryJoin", testStoryJoin},
		{"StoryTitle", testStoryTitle},
		{"Stories", testStories},
		{"Storylines", testStorylines},
		{"MergeSplit", testMergeSplit},
		{"Recluster", testRecluster},
		{"StoryCandidates", testStoryCandidates},
		{"StoryCandidatesWindow", testStoryCandidatesWindow},
		{"DocFreq", testDocFreq},
		{"CopyCandidates", testCopyCandidates},
		{"Search", testSearch},
		{"SearchFilters", testSearchFilters},
		{"SearchPaging", testSearchPaging},
		{"SearchSyntax", testSearchSyntax},
		{"SearchHostile", testSearchHostile},
		{"SearchUnicode", testSearchUnicode},
		{"Articles", testArticles},
		{"DeleteProfile", testDeleteProfile},
		{"DeleteStory", testDeleteStory},
		{"DeleteCopies", testDeleteCopies},
		{"DeleteSearch", testDeleteSearch},
		{"Reanalyze", testReanalyze},
		{"ReanalyzeInTx", testReanalyzeInTx},
		{"Outdated", testOutdated},
		{"Sources", testSources},
		{"Entries", testEntries},
		{"Templates", testTemplates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

// put stores records in one transaction and commits.
func put(t *testing.T, s parallax.Store, recs ...*parallax.Record) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatalf("Put(%s): %v", r.Article.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

// read runs fn in a transaction that is rolled back, for ClusterIndex reads.
func read(t *testing.T, s parallax.Store, fn func(parallax.Tx)) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	defer tx.Rollback()
	fn(tx)
}

func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if got := parallax.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func article(t *testing.T, s parallax.Store, id string) *parallax.StoredArticle {
	t.Helper()
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatalf("Article(%s): %v", id, err)
	}
	return a
}

func story(t *testing.T, s parallax.Store, id string) (parallax.StorySummary, []*parallax.StoredArticle) {
	t.Helper()
	sum, arts, err := s.Story(context.Background(), id)
	if err != nil {
		t.Fatalf("Story(%s): %v", id, err)
	}
	return sum, arts
}

func ids(metas []parallax.ArticleMeta) string {
	var s []string
	for _, m := range metas {
		s = append(s, m.ID)
	}
	return strings.Join(s, ",")
}

func hitIDs(hits []parallax.SearchHit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.ID)
	}
	return strings.Join(s, ",")
}

func search(t *testing.T, s parallax.Store, f parallax.SearchFilter) parallax.SearchResult {
	t.Helper()
	res, err := s.Search(context.Background(), f)
	if err != nil {
		t.Fatalf("Search(%+v): %v", f, err)
	}
	return res
}

const damText = "Engineers inspected the Verrin dam on Tuesday after heavy rain.\n" +
	"Talia Morrow, who chairs the Verrin water board, said the spillway held. \"We saw no cracks,\" she said.\n" +
	"The board will publish its inspection report next week."

func testRoundTrip(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	pub := time.Date(2031, 4, 7, 12, 30, 15, 123456789, time.FixedZone("X", 3*3600))
	r := Rec("dam-1", damText,
		Title("Verrin dam holds after storm"), Outlet("verrin-courier.test"), Published(pub),
		Mentions(parallax.Person, "Talia Morrow"), Mentions(parallax.Place, "Verrin"),
		Extra(map[string]string{"section": `"regional"`, "tags": `["dam","weather"]`, "priority": `3`}),
		MinHash(1, 2, math.MaxUint64, 1<<63),
		Keys("t:dam", 2.0, "e:morrow", 1.5),
	)
	r.Document.Byline = "By Ana Pell"
	updated := pub.Add(90 * time.Minute)
	r.Document.Updated, r.Document.CanonicalURL, r.Document.Partial = updated, "https://verrin-courier.test/2031/dam", "paywall"
	q := strings.Index(damText, "We saw no cracks")
	r.Analysis.Quotes = []parallax.Quote{{
		Content:     parallax.Span{Start: q, End: q + len("We saw no cracks,")},
		Speaker:     "Talia Morrow",
		SpeakerSpan: parallax.Span{Start: q + len("We saw no cracks,\" "), End: q + len("We saw no cracks,\" she")},
		Cue:         parallax.Span{Start: q + len("We saw no cracks,\" she "), End: q + len("We saw no cracks,\" she said")},
		Direct:      true,
	}}
	r.Analysis.Terms = []parallax.Term{{Term: "dam", Weight: 2}, {Term: "inspect", Weight: 2}, {Term: "verrin", Weight: 3}}
	put(t, s, r)

	a := article(t, s, "dam-1")
	want := parallax.ArticleMeta{ID: "dam-1", URL: "https://example.test/dam-1", Outlet: "verrin-courier.test",
		Title: "Verrin dam holds after storm", Published: pub, Language: "en", Partial: "paywall"}
	got := a.ArticleMeta
	if !got.Published.Equal(want.Published) {
		t.Errorf("Published = %v, want %v", got.Published, want.Published)
	}
	got.Published, want.Published = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("meta = %+v, want %+v", got, want)
	}
	if a.Text != damText || a.Byline != "By Ana Pell" || a.Story != "s-dam-1" {
		t.Errorf("text/byline/story = %q, %q, %q", a.Text, a.Byline, a.Story)
	}
	if !a.Updated.Equal(updated) || a.CanonicalURL != "https://verrin-courier.test/2031/dam" {
		t.Errorf("updated/canonical = %v, %q", a.Updated, a.CanonicalURL)
	}
	// The placement evidence comes back heaviest first (the story's "why").
	if len(a.Keys) != 2 || a.Keys[0] != (parallax.Key{Key: "t:dam", Weight: 2}) || a.Keys[1] != (parallax.Key{Key: "e:morrow", Weight: 1.5}) {
		t.Errorf("keys = %+v", a.Keys)
	}
	// The story list carries the partial flag too, so a list can mark it.
	if list, err := s.Stories(ctx, parallax.StoryFilter{}); err != nil || len(list) == 0 || list[0].Articles[0].Partial != "paywall" {
		t.Errorf("the story list lost the partial flag: %+v, %v", list, err)
	}
	if !a.Fetched.Equal(r.Article.Fetched) {
		t.Errorf("Fetched = %v, want %v", a.Fetched, r.Article.Fetched)
	}
	if !reflect.DeepEqual(a.Analysis, r.Analysis) {
		t.Errorf("analysis differs:\n got %+v\nwant %+v", a.Analysis, r.Analysis)
	}
	if sp := a.Analysis.Quotes[0].Content.In(a.Text); sp != "We saw no cracks," {
		t.Errorf("quote span reads %q", sp)
	}
	// Extra fields come back equal as JSON values (a store may re-encode them).
	if len(a.Extra) != len(r.Article.Extra) {
		t.Errorf("Extra = %v, want %v", a.Extra, r.Article.Extra)
	}
	for k, v := range r.Article.Extra {
		var w, g any
		json.Unmarshal(v, &w)
		if err := json.Unmarshal(a.Extra[k], &g); err != nil || !reflect.DeepEqual(g, w) {
			t.Errorf("Extra[%s] = %s, want %s", k, a.Extra[k], v)
		}
	}

	// A record with no publication time and nothing optional.
	bare := Rec("bare", "A short note about nothing in particular.", Published(time.Time{}))
	bare.Article.URL, bare.Article.Outlet = "", ""
	put(t, s, bare)
	b := article(t, s, "bare")
	if !b.Published.IsZero() || b.Extra != nil && len(b.Extra) > 0 || b.Analysis.MinHash != nil {
		t.Errorf("bare article = %+v", b)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if h, err := tx.TextHash(ctx, "dam-1"); err != nil || h != r.TextHash {
		t.Errorf("TextHash = %q, %v; want %q", h, err, r.TextHash)
	}
	if h, err := tx.TextHash(ctx, "nope"); err != nil || h != "" {
		t.Errorf("TextHash(unknown) = %q, %v", h, err)
	}
}

func testNotFound(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	_, err := s.Article(ctx, "missing")
	wantCode(t, err, parallax.ENotFound, "Article")
	_, _, err = s.Story(ctx, "missing")
	wantCode(t, err, parallax.ENotFound, "Story")
	wantCode(t, s.Delete(ctx, "missing"), parallax.ENotFound, "Delete")
	st, err := s.Stories(ctx, parallax.StoryFilter{})
	if err != nil || len(st) != 0 {
		t.Errorf("Stories on empty store = %v, %v", st, err)
	}
	res := search(t, s, parallax.SearchFilter{Query: "dam"})
	if res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("Search on empty store = %+v", res)
	}
	for a, err := range s.Articles(ctx) {
		t.Errorf("Articles on empty store yielded %v, %v", a, err)
	}
}

func testConflict(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s, Rec("a", "The ferry to Port Almira was cancelled.", Keys("t:ferry", 1.0)))

	// Same id in a later transaction, even with other text: conflict, and
	// the transaction goes on to store the rest of its batch.
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	err = tx.Put(ctx, Rec("a", "Different words entirely.", Starts("s-other"), Keys("t:other", 1.0)))
	wantCode(t, err, parallax.EConflict, "Put of stored id")
	if err := tx.Put(ctx, Rec("b", "Ferry workers in Port Almira went on strike.", Keys("t:ferry", 1.0))); err != nil {
		t.Fatalf("Put after a conflict: %v", err)
	}
	// Same id twice in one transaction.
	wantCode(t, tx.Put(ctx, Rec("b", "Again.", Starts("s-again"))), parallax.EConflict, "Put of id stored in this tx")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if a := article(t, s, "a"); a.Text != "The ferry to Port Almira was cancelled." || a.Story != "s-a" {
		t.Errorf("conflicting Put overwrote: %+v", a)
	}
	article(t, s, "b")
	for _, id := range []string{"s-other", "s-again"} {
		if _, _, err := s.Story(ctx, id); parallax.ErrorCode(err) != parallax.ENotFound {
			t.Errorf("story %s of a rejected Put exists (err %v)", id, err)
		}
	}
	read(t, s, func(tx parallax.Tx) {
		df, total, err := tx.DocFreq(ctx, []string{"t:ferry", "t:other"})
		if err != nil || total != 2 || df["t:ferry"] != 2 || df["t:other"] != 0 {
			t.Errorf("DocFreq after conflicts = %v, %d, %v", df, total, err)
		}
	})
}

func testBadPlacement(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s, Rec("a", "Kestrel Valley wildfire spreads east."))
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// Joining a story that does not exist, or starting one that does, fails
	// and leaves nothing behind.
	if err := tx.Put(ctx, Rec("b", "Smoke reaches the coast.", Joins("s-none", 0.5))); err == nil {
		t.Error("Put joining an unknown story succeeded")
	}
	if err := tx.Put(ctx, Rec("c", "Crews hold the line.", Starts("s-a"))); err == nil {
		t.Error("Put starting an existing story succeeded")
	}
	if err := tx.Put(ctx, Rec("", "No id.")); parallax.ErrorCode(err) != parallax.EInvalid {
		t.Errorf("Put without id: %v, want invalid", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"b", "c"} {
		if _, err := s.Article(ctx, id); parallax.ErrorCode(err) != parallax.ENotFound {
			t.Errorf("article %s of a failed Put: err %v", id, err)
		}
	}
	if sum, _ := story(t, s, "s-a"); ids(sum.Articles) != "a" {
		t.Errorf("story s-a articles = %s", ids(sum.Articles))
	}
}

func testTxReadsOwnWrites(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Put(ctx, Rec("a", "Storm closes the Hallen pass.", Keys("t:storm", 1.0, "t:pass", 1.0), Bands(7))); err != nil {
		t.Fatal(err)
	}
	if h, _ := tx.TextHash(ctx, "a"); h == "" {
		t.Error("TextHash in tx does not see the tx's Put")
	}
	c, err := tx.StoryCandidates(ctx, []string{"t:storm"}, time.Time{}, time.Time{}, 10)
	if err != nil || len(c) != 1 || c[0].ID != "s-a" {
		t.Errorf("StoryCandidates in tx = %+v, %v", c, err)
	}
	df, total, err := tx.DocFreq(ctx, []string{"t:storm"})
	if err != nil || total != 1 || df["t:storm"] != 1 {
		t.Errorf("DocFreq in tx = %v, %d, %v", df, total, err)
	}
	cc, err := tx.CopyCandidates(ctx, []uint64{7}, 10)
	if err != nil || len(cc) != 1 || cc[0].ID != "a" {
		t.Errorf("CopyCandidates in tx = %+v, %v", cc, err)
	}
	// A second article of the batch can join the story the first one started.
	if err := tx.Put(ctx, Rec("b", "The Hallen pass stays shut.", Joins("s-a", 0.7), Keys("t:pass", 1.0))); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if sum, _ := story(t, s, "s-a"); ids(sum.Articles) != "a,b" {
		t.Errorf("story articles = %s", ids(sum.Articles))
	}
}

func testRollback(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s, Rec("keep", "The Orlan bridge reopened to traffic.", Keys("t:bridge", 1.0), Bands(1)))
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*parallax.Record{
		Rec("x", "The Orlan bridge closed again.", Joins("s-keep", 0.8), Keys("t:bridge", 2.0), Bands(1, 2)),
		Rec("y", "Flooding in Marrow Bay.", Keys("t:flood", 1.0), Bands(3)),
	} {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"x", "y"} {
		if _, err := s.Article(ctx, id); parallax.ErrorCode(err) != parallax.ENotFound {
			t.Errorf("rolled back article %s: err %v", id, err)
		}
	}
	if _, _, err := s.Story(ctx, "s-y"); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("rolled back story: err %v", err)
	}
	if res := search(t, s, parallax.SearchFilter{Query: "flooding"}); res.Total != 0 {
		t.Errorf("rolled back article is searchable: %+v", res)
	}
	read(t, s, func(tx parallax.Tx) {
		df, total, _ := tx.DocFreq(ctx, []string{"t:bridge", "t:flood"})
		if total != 1 || df["t:bridge"] != 1 || df["t:flood"] != 0 {
			t.Errorf("DocFreq after rollback = %v, %d", df, total)
		}
		c, _ := tx.StoryCandidates(ctx, []string{"t:bridge"}, time.Time{}, time.Time{}, 10)
		if len(c) != 1 || c[0].Weights["t:bridge"] != 1 || !near(c[0].Norm, 1) {
			t.Errorf("profile after rollback = %+v", c)
		}
		cc, _ := tx.CopyCandidates(ctx, []uint64{2, 3}, 10)
		if len(cc) != 0 {
			t.Errorf("bands after rollback = %+v", cc)
		}
	})
	if n := count(t, s); n != 1 {
		t.Errorf("Articles after rollback: %d", n)
	}
}

func count(t *testing.T, s parallax.Store) int {
	t.Helper()
	n := 0
	for _, err := range s.Articles(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func testStoryJoin(t *testing.T, s parallax.Store) {
	put(t, s,
		Rec("a1", "Port Almira ferry crews walked out at dawn.", Title("Ferry strike begins"), Outlet("almira-post.test"),
			Published(at(2)), Starts("ferry")),
		Rec("a2", "Ferry crews in Port Almira said talks had failed.", Title("Talks fail"), Outlet("coast-wire.test"),
			Published(at(1)), Joins("ferry", 0.6)),
		Rec("a3", "Port Almira ferry strike enters second day.", Title("Strike day two"), Outlet("almira-post.test"),
			Published(at(26)), Joins("ferry", 0.7)),
		Rec("a4", "A copy: Port Almira ferry crews walked out at dawn.", Outlet("copy-desk.test"),
			Published(time.Time{}), Fetched(at(3)), Joins("ferry", 0.9), DuplicateOf("a1")),
	)
	sum, arts := story(t, s, "ferry")
	// Oldest first by publication time, else fetch time.
	if got := ids(sum.Articles); got != "a2,a1,a4,a3" {
		t.Errorf("articles = %s, want a2,a1,a4,a3", got)
	}
	if len(arts) != 4 || arts[0].ID != "a2" || arts[0].Text == "" || len(arts[0].Analysis.Paragraphs) == 0 {
		t.Errorf("story articles with analyses = %+v", arts)
	}
	if sum.Outlets != 3 {
		t.Errorf("Outlets = %d, want 3", sum.Outlets)
	}
	if !sum.Updated.Equal(at(26)) {
		t.Errorf("Updated = %v, want %v", sum.Updated, at(26))
	}
	if sum.Title != "Talks fail" {
		t.Errorf("Title = %q, want the earliest published article's (a2), whatever the order of arrival", sum.Title)
	}
	if arts[2].DuplicateOf != "a1" || sum.Articles[2].DuplicateOf != "a1" {
		t.Errorf("copy link lost: %+v", sum.Articles[2])
	}
	if a := article(t, s, "a3"); a.Story != "ferry" {
		t.Errorf("a3 story = %q", a.Story)
	}
}

func testStoryTitle(t *testing.T, s parallax.Store) {
	put(t, s, Rec("u1", "Untitled wire copy about the Brisk Lake algae bloom.", Starts("algae")))
	if sum, _ := story(t, s, "algae"); sum.Title != "" {
		t.Errorf("Title = %q before any titled article", sum.Title)
	}
	put(t, s,
		Rec("u2", "Brisk Lake closed to swimmers.", Title("Brisk Lake closed"), Joins("algae", 0.5)),
		Rec("u3", "Algae tests due Friday.", Title("Tests due"), Joins("algae", 0.5)),
	)
	if sum, _ := story(t, s, "algae"); sum.Title != "Brisk Lake closed" {
		t.Errorf("Title = %q, want the first titled article's", sum.Title)
	}
}

func testStories(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s,
		Rec("old", "Old news about the Tamsin tunnel.", Published(at(0)), Outlet("o1.test")),
		Rec("mid", "Mid news about the Fenwick market.", Published(at(5)), Outlet("o1.test")),
		Rec("new", "New news about the Corvel airport.", Published(at(10)), Outlet("o1.test")),
		Rec("mid2", "More on the Fenwick market.", Published(at(11)), Outlet("o2.test"), Joins("s-mid", 0.5)),
	)
	st, err := s.Stories(ctx, parallax.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range st {
		got = append(got, fmt.Sprintf("%s:%d:%d", x.ID, len(x.Articles), x.Outlets))
	}
	if g := strings.Join(got, " "); g != "s-mid:2:2 s-new:1:1 s-old:1:1" {
		t.Errorf("Stories = %s", g)
	}
	if ids(st[0].Articles) != "mid,mid2" || !st[0].Updated.Equal(at(11)) {
		t.Errorf("first story = %+v", st[0])
	}
	page, err := s.Stories(ctx, parallax.StoryFilter{Limit: 1, Offset: 1})
	if err != nil || len(page) != 1 || page[0].ID != "s-new" {
		t.Errorf("Stories page = %+v, %v", page, err)
	}
	if page, _ := s.Stories(ctx, parallax.StoryFilter{Offset: 3}); len(page) != 0 {
		t.Errorf("Stories past the end = %+v", page)
	}
}

func candidates(t *testing.T, tx parallax.Tx, keys []string, from, to time.Time, limit int) map[string]parallax.StoryCandidate {
	t.Helper()
	c, err := tx.StoryCandidates(context.Background(), keys, from, to, limit)
	if err != nil {
		t.Fatalf("StoryCandidates: %v", err)
	}
	m := map[string]parallax.StoryCandidate{}
	for _, x := range c {
		m[x.ID] = x
	}
	if len(m) != len(c) {
		t.Errorf("StoryCandidates repeats stories: %+v", c)
	}
	return m
}

func testStoryCandidates(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s,
		Rec("a1", "Verrin dam inspection.", Starts("dam"), Published(at(0)), Keys("t:dam", 2.0, "e:verrin", 1.0, "t:rain", 0.5)),
		Rec("a2", "Verrin dam spillway held.", Joins("dam", 0.6), Published(at(1)), Keys("t:dam", 1.0, "t:spillway", 3.0, "t:dam", 0.5)),
		Rec("b1", "Rain floods Marrow Bay.", Starts("flood"), Published(at(2)), Keys("t:rain", 4.0, "e:marrow", 1.0)),
		Rec("c1", "Corvel airport expands.", Starts("airport"), Published(at(3)), Keys("t:airport", 1.0)),
	)
	read(t, s, func(tx parallax.Tx) {
		m := candidates(t, tx, []string{"t:dam", "t:rain", "t:nothing"}, time.Time{}, time.Time{}, 10)
		if len(m) != 2 {
			t.Fatalf("candidates = %+v, want dam and flood", m)
		}
		dam := m["dam"]
		// Profile: dam 2+1+0.5, verrin 1, rain 0.5, spillway 3.
		if !reflect.DeepEqual(keysOf(dam.Weights), "t:dam,t:rain") || !near(dam.Weights["t:dam"], 3.5) || !near(dam.Weights["t:rain"], 0.5) {
			t.Errorf("dam weights = %v", dam.Weights)
		}
		if want := math.Sqrt(3.5*3.5 + 1 + 0.25 + 9); !near(dam.Norm, want) {
			t.Errorf("dam norm = %v, want %v", dam.Norm, want)
		}
		if !dam.Updated.Equal(at(1)) {
			t.Errorf("dam updated = %v", dam.Updated)
		}
		if f := m["flood"]; !near(f.Norm, math.Sqrt(17)) || len(f.Weights) != 1 || f.Weights["t:rain"] != 4 {
			t.Errorf("flood = %+v", f)
		}
		// Most shared weight first, at most limit.
		c, err := tx.StoryCandidates(ctx, []string{"t:rain", "t:airport"}, time.Time{}, time.Time{}, 2)
		if err != nil || len(c) != 2 || c[0].ID != "flood" {
			t.Errorf("ranked candidates = %+v, %v", c, err)
		}
		if c, _ := tx.StoryCandidates(ctx, []string{"t:dam", "t:rain", "t:airport"}, time.Time{}, time.Time{}, 1); len(c) != 1 || c[0].ID != "flood" {
			t.Errorf("limit 1 = %+v", c)
		}
		if c, _ := tx.StoryCandidates(ctx, nil, time.Time{}, time.Time{}, 10); len(c) != 0 {
			t.Errorf("no keys = %+v", c)
		}
	})
}

func keysOf(m map[string]float64) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slicesSort(ks)
	return strings.Join(ks, ",")
}

func slicesSort(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func testStoryCandidatesWindow(t *testing.T, s parallax.Store) {
	put(t, s,
		Rec("early", "Tamsin tunnel plan.", Published(at(0)), Keys("t:tunnel", 1.0)),
		Rec("late", "Tamsin tunnel opens.", Published(at(48)), Keys("t:tunnel", 1.0)),
		Rec("fetched", "Tamsin tunnel cost.", Published(time.Time{}), Fetched(at(24)), Keys("t:tunnel", 1.0)),
	)
	read(t, s, func(tx parallax.Tx) {
		for _, c := range []struct {
			from, to time.Time
			want     string
		}{
			{time.Time{}, time.Time{}, "s-early,s-fetched,s-late"},
			{at(1), at(47), "s-fetched"},
			{at(0), at(24), "s-early,s-fetched"}, // bounds are inclusive
			{at(25), time.Time{}, "s-late"},
			{time.Time{}, at(-1), ""},
		} {
			m := candidates(t, tx, []string{"t:tunnel"}, c.from, c.to, 10)
			var got []string
			for id := range m {
				got = append(got, id)
			}
			slicesSort(got)
			if g := strings.Join(got, ","); g != c.want {
				t.Errorf("window [%v, %v] = %s, want %s", c.from, c.to, g, c.want)
			}
		}
	})
}

func testDocFreq(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s,
		Rec("a", "One.", Keys("t:x", 1.0, "t:y", 1.0, "t:x", 2.0)), // a key twice counts once
		Rec("b", "Two.", Keys("t:x", 1.0)),
		Rec("c", "Three.", Keys("t:z", 1.0)),
	)
	read(t, s, func(tx parallax.Tx) {
		df, total, err := tx.DocFreq(ctx, []string{"t:x", "t:y", "t:none"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || df["t:x"] != 2 || df["t:y"] != 1 || df["t:none"] != 0 || df["t:z"] != 0 && len(df) > 3 {
			t.Errorf("DocFreq = %v, %d", df, total)
		}
		if _, total, err := tx.DocFreq(ctx, nil); err != nil || total != 3 {
			t.Errorf("DocFreq(nil) total = %d, %v", total, err)
		}
	})
}

func testCopyCandidates(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	high := uint64(1<<63 + 12345) // band hashes use all 64 bits
	put(t, s,
		Rec("o", "Original report on the Orlan bridge.", Bands(10, 20, high), MinHash(5, 6, 7), Published(at(1))),
		Rec("c", "Copy of the report on the Orlan bridge.", Bands(10, 20, 30), MinHash(5, 6, 8), Published(time.Time{}),
			Fetched(at(4)), Joins("s-o", 0.95), DuplicateOf("o")),
		Rec("x", "Unrelated story on the Corvel airport.", Bands(99), MinHash(1, 1, 1)),
	)
	read(t, s, func(tx parallax.Tx) {
		cc, err := tx.CopyCandidates(ctx, []uint64{10, high, 77}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(cc) != 2 || cc[0].ID != "o" || cc[1].ID != "c" {
			t.Fatalf("CopyCandidates = %+v, want o (2 bands) then c (1 band)", cc)
		}
		o, c := cc[0], cc[1]
		if o.Story != "s-o" || !o.Published.Equal(at(1)) || o.DuplicateOf != "" || !reflect.DeepEqual(o.MinHash, []uint64{5, 6, 7}) {
			t.Errorf("original = %+v", o)
		}
		if c.Story != "s-o" || !c.Published.IsZero() || !c.Fetched.Equal(at(4)) || c.DuplicateOf != "o" || !reflect.DeepEqual(c.MinHash, []uint64{5, 6, 8}) {
			t.Errorf("copy = %+v", c)
		}
		if cc, _ := tx.CopyCandidates(ctx, []uint64{10}, 1); len(cc) != 1 {
			t.Errorf("limit 1 = %+v", cc)
		}
		if cc, _ := tx.CopyCandidates(ctx, []uint64{12345}, 10); len(cc) != 0 {
			t.Errorf("band 12345 (low bits of a high band) = %+v", cc)
		}
	})
}

// corpus is a small set of articles for the search tests.
func corpus() []*parallax.Record {
	return []*parallax.Record{
		Rec("s1", "Ferry crews in Port Almira began a strike on Monday. The ferry strike stranded hundreds; another ferry was cancelled.\n"+
			"Union leader Talia Morrow said the ferry company ignored safety warnings.",
			Title("Ferry strike strands hundreds"), Outlet("almira-post.test"), Published(at(0)),
			Mentions(parallax.Person, "Talia Morrow")),
		Rec("s2", "The council of Port Almira met to discuss the harbour budget. A ferry timetable was mentioned briefly.",
			Title("Council debates harbour budget"), Outlet("coast-wire.test"), Published(at(10)),
			Mentions(parallax.Place, "Port Almira")),
		Rec("s3", "Wildfire in Kestrel Valley forced evacuations. Fire chief Oren Morrowitz said crews were exhausted.",
			Title("Kestrel Valley wildfire"), Outlet("almira-post.test"), Published(at(20)),
			Mentions(parallax.Person, "Oren Morrowitz")),
		Rec("s4", "Talia Morrow met ministers in Calden to end the strike. Morrow said progress was slow.",
			Title("Strike talks in Calden"), Outlet("calden-daily.test"), Published(at(30)),
			Mentions(parallax.Person, "Talia Morrow", "Morrow")),
	}
}

func testSearch(t *testing.T, s parallax.Store) {
	put(t, s, corpus()...)
	res := search(t, s, parallax.SearchFilter{Query: "ferry"})
	if res.Total != 2 || hitIDs(res.Hits) != "s1,s2" {
		t.Fatalf("ferry = %s (total %d), want s1,s2: the article about ferries ranks first", hitIDs(res.Hits), res.Total)
	}
	if res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("scores not descending: %v, %v", res.Hits[0].Score, res.Hits[1].Score)
	}
	h := res.Hits[0]
	if h.Story != "s-s1" || h.Outlet != "almira-post.test" || h.Title != "Ferry strike strands hundreds" || !h.Published.Equal(at(0)) {
		t.Errorf("hit meta = %+v", h)
	}
	for _, h := range res.Hits {
		if len(h.Marks) == 0 {
			t.Errorf("%s: no marks in snippet %q", h.ID, h.Snippet)
		}
		for _, m := range h.Marks {
			if w := m.In(h.Snippet); !strings.EqualFold(w, "ferry") {
				t.Errorf("%s: mark %v reads %q in snippet %q", h.ID, m, w, h.Snippet)
			}
		}
		if strings.ContainsAny(h.Snippet, "\x00\x01\x02\x03") {
			t.Errorf("%s: snippet has control bytes: %q", h.ID, h.Snippet)
		}
	}
	// Title words count: "wildfire" is in s3's title and text.
	if res := search(t, s, parallax.SearchFilter{Query: "WILDFIRE"}); hitIDs(res.Hits) != "s3" {
		t.Errorf("case-insensitive search = %s", hitIDs(res.Hits))
	}
	// All words must match.
	if res := search(t, s, parallax.SearchFilter{Query: "strike Calden"}); hitIDs(res.Hits) != "s4" {
		t.Errorf("strike Calden = %s", hitIDs(res.Hits))
	}
	if res := search(t, s, parallax.SearchFilter{Query: "zebra"}); res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("zebra = %+v", res)
	}
}

func testSearchFilters(t *testing.T, s parallax.Store) {
	put(t, s, corpus()...)
	for _, c := range []struct {
		name string
		f    parallax.SearchFilter
		want string
	}{
		{"outlet", parallax.SearchFilter{Query: "strike", Outlet: "almira-post.test"}, "s1"},
		{"surname matches full name", parallax.SearchFilter{Entity: "morrow"}, "s4,s1"},
		{"full name any case", parallax.SearchFilter{Entity: "TALIA  morrow"}, "s4,s1"},
		{"surname is a whole word", parallax.SearchFilter{Entity: "Morrowitz"}, "s3"},
		{"unknown entity", parallax.SearchFilter{Entity: "Nobody"}, ""},
		{"entity with query", parallax.SearchFilter{Query: "ferry", Entity: "Morrow"}, "s1"},
		{"place entity", parallax.SearchFilter{Entity: "port almira"}, "s2"},
		{"from inclusive", parallax.SearchFilter{From: at(10)}, "s4,s3,s2"},
		{"to exclusive", parallax.SearchFilter{To: at(10)}, "s1"},
		{"range with query", parallax.SearchFilter{Query: "strike", From: at(-1), To: at(31)}, "s1,s4"},
		{"all, newest first", parallax.SearchFilter{}, "s4,s3,s2,s1"},
		{"outlet only", parallax.SearchFilter{Outlet: "almira-post.test"}, "s3,s1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := search(t, s, c.f)
			got := hitIDs(res.Hits)
			if strings.Contains(c.name, "range with query") {
				// ranking between two strike articles is the store's choice
				got = sortedCSV(got)
				c.want = sortedCSV(c.want)
			}
			if got != c.want || res.Total != len(res.Hits) {
				t.Errorf("hits = %s (total %d), want %s", got, res.Total, c.want)
			}
		})
	}
}

func sortedCSV(s string) string {
	p := strings.Split(s, ",")
	slicesSort(p)
	return strings.Join(p, ",")
}

func testSearchPaging(t *testing.T, s parallax.Store) {
	var recs []*parallax.Record
	for i := range 7 {
		recs = append(recs, Rec(fmt.Sprintf("p%d", i), fmt.Sprintf("Harbour report number %d from Port Almira.", i), Published(at(float64(i)))))
	}
	put(t, s, recs...)
	seen := map[string]bool{}
	for off := 0; off < 9; off += 3 {
		res := search(t, s, parallax.SearchFilter{Query: "harbour", Limit: 3, Offset: off})
		if res.Total != 7 {
			t.Errorf("offset %d: Total = %d, want 7", off, res.Total)
		}
		if want := min(3, 7-off); len(res.Hits) != want {
			t.Errorf("offset %d: %d hits, want %d", off, len(res.Hits), want)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Errorf("offset %d: %s seen on an earlier page", off, h.ID)
			}
			seen[h.ID] = true
		}
	}
	if res := search(t, s, parallax.SearchFilter{Query: "harbour", Offset: 50}); res.Total != 7 || len(res.Hits) != 0 {
		t.Errorf("past the end = %d hits, total %d", len(res.Hits), res.Total)
	}
	if res := search(t, s, parallax.SearchFilter{Offset: 5, Limit: 10}); res.Total != 7 || hitIDs(res.Hits) != "p1,p0" {
		t.Errorf("list page = %s, total %d", hitIDs(res.Hits), res.Total)
	}
	if res := search(t, s, parallax.SearchFilter{Query: "harbour"}); len(res.Hits) != 7 {
		t.Errorf("default limit returned %d", len(res.Hits))
	}
}

func testSearchSyntax(t *testing.T, s parallax.Store) {
	put(t, s, corpus()...)
	for _, c := range []struct{ q, want string }{
		{`"ferry strike"`, "s1"},           // phrase
		{`"strike ferry"`, ""},             // phrase order matters
		{`kestr*`, "s3"},                   // prefix
		{`"kestrel val"*`, "s3"},           // phrase with prefix
		{`Morrow`, "s1,s4"},                // word, not prefix: Morrowitz is not Morrow
		{`ferry -budget`, "s2"},            // no NOT operator: "-budget" is the word budget
		{`strike OR wildfire`, ""},         // no OR operator: "or" is a word, in no article
		{`title:ferry`, ""},                // no column filters: the phrase "title ferry"
		{`crews NEAR exhausted`, ""},       // NEAR is a word
		{`  ferry   `, "s1,s2"},            // spaces
		{`ferry's`, ""},                    // apostrophe splits: "ferry" "s"
		{`"Port Almira" council`, "s2"},    // phrase and word
		{`wildfire*`, "s3"},                // prefix of a whole word
		{`FERRY STRIKE`, "s1"},             // both words
		{`strike "talia morrow"`, "s1,s4"}, // phrase and word
		{`évacuations`, "s3"},              // diacritics folded
		{`strik*`, "s1,s4"},                // prefix across forms
		{`hundreds; another`, "s1"},        // punctuation
		{`(ferry)`, "s1,s2"},               // brackets are punctuation
		{`ferry AND strike`, ""},           // AND is a word too
		{`ferry^2`, ""},                    // "ferry" "2"
		{`{ferry}`, "s1,s2"},               // braces
		{`ferry:`, "s1,s2"},                // trailing colon
		{`"ferry`, "s1,s2"},                // unclosed phrase runs to the end
		{`ferry"strike"`, "s1"},            // a quote starts a phrase
		{`Calden\ talks`, "s4"},            // backslash is punctuation
		{`ministers + Calden`, "s4"},       // plus is punctuation
		{`"" ferry`, "s1,s2"},              // empty phrase ignored
		{`ferry **`, "s1,s2"},              // stars alone ignored
		{`port-almira`, "s1,s2"},           // hyphen joins tokens into a phrase
		{"ferry\x00strike", "s1"},          // NUL is a separator
		{"ferry\u00a0strike", "s1"},        // no-break space
		{`ＦＥＲＲＹ`, ""},                      // full-width letters are other tokens
		{`crews were exhausted`, "s3"},     // several words
		{`  "Port   Almira"  `, "s1,s2"},   // phrase across spaces: s1,s2
	} {
		res, err := s.Search(context.Background(), parallax.SearchFilter{Query: c.q})
		if err != nil {
			t.Errorf("Search(%q): %v", c.q, err)
			continue
		}
		if got := sortedCSV(hitIDs(res.Hits)); got != sortedCSV(c.want) {
			t.Errorf("Search(%q) = %s, want %s", c.q, got, c.want)
		}
	}
}

// hostile are queries that must never break the store: each either searches
// for its words or is an EInvalid error.
var hostile = []string{
	`"`, `""`, `"""`, `*`, `**`, `AND OR`, `AND`, `OR`, `NOT`, `NEAR(`, `NEAR(a b, 2)`, `NEAR/2`,
	`'; DROP TABLE articles; --`, `"; DROP TABLE articles; --`, `'`, `--`, `/*`, `*/`,
	`a OR`, `OR a`, `(`, `)`, `()`, `(a`, `a)`, `{a b}`, `title:`, `:`, `-`, `+`, `^`, `^a`,
	`rank:`, `rowid = 1`, `x' OR '1'='1`, `\`, `\"`, `%`, `_`, `%ferry%`, `?`, `?1`, `:name`, `@x`, `$x`,
	"\x00", "\x02ferry\x03", "\xff\xfe", "ferry\xc3", strings.Repeat("ferry ", 500), strings.Repeat(`"`, 101),
	strings.Repeat("(", 1000), "🙂", "🙂*", "ферр*", "渡轮", `a*b*c`, `*ferry`, `NEAR("ferry" "strike")`,
	`{title}: ferry`, `- ferry`, `ferry NOT`, `col:ferry OR col2:strike`,
}

func testSearchHostile(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s, corpus()...)
	for _, q := range hostile {
		for _, f := range []parallax.SearchFilter{
			{Query: q},
			{Query: q, Entity: q, Outlet: q},
			{Entity: q, Outlet: q},
		} {
			res, err := s.Search(ctx, f)
			if err != nil {
				wantCode(t, err, parallax.EInvalid, fmt.Sprintf("Search(%q)", q))
				continue
			}
			if res.Total < len(res.Hits) {
				t.Errorf("Search(%q): total %d < %d hits", q, res.Total, len(res.Hits))
			}
			for _, h := range res.Hits {
				for _, m := range h.Marks {
					if m.Start < 0 || m.End > len(h.Snippet) || m.Start >= m.End {
						t.Errorf("Search(%q): bad mark %v in %q", q, m, h.Snippet)
					}
				}
			}
		}
	}
	// Still intact.
	if n := count(t, s); n != 4 {
		t.Errorf("%d articles after hostile queries, want 4", n)
	}
	if res := search(t, s, parallax.SearchFilter{Query: "ferry"}); res.Total != 2 {
		t.Errorf("ferry after hostile queries: total %d", res.Total)
	}
	// Hostile ids are just ids.
	id := `'; DROP TABLE articles; --`
	put(t, s, Rec(id, "An article with a hostile id about the Tamsin tunnel.", Starts(id)))
	if a := article(t, s, id); a.Story != id {
		t.Errorf("hostile id story = %q", a.Story)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Errorf("Delete(hostile id): %v", err)
	}
}

func testSearchUnicode(t *testing.T, s parallax.Store) {
	text := "Глава совета Ирина Волкова заявила, что паром отменён.\nΟ λιμένας έκλεισε. 渡轮停运。 Café Ōtake reopened; naïve plans 🙂 followed.\x02\x03"
	put(t, s, Rec("u", text, Title("Паром отменён"), Mentions(parallax.Person, "Ирина Волкова")))
	for _, q := range []string{"паром", "ПАРОМ", "совет*", "λιμένας", "cafe", "OTAKE", "naive", `"ирина волкова"`} {
		res := search(t, s, parallax.SearchFilter{Query: q})
		if hitIDs(res.Hits) != "u" {
			t.Errorf("Search(%q) = %s", q, hitIDs(res.Hits))
			continue
		}
		h := res.Hits[0]
		if len(h.Marks) == 0 {
			t.Errorf("Search(%q): no marks in %q", q, h.Snippet)
		}
		for _, m := range h.Marks {
			w := m.In(h.Snippet)
			if w == "" || !utf8Valid(w) {
				t.Errorf("Search(%q): mark %v reads %q in %q", q, m, w, h.Snippet)
			}
		}
		if strings.ContainsAny(h.Snippet, "\x02\x03") {
			t.Errorf("Search(%q): snippet has marker bytes: %q", q, h.Snippet)
		}
	}
	if res := search(t, s, parallax.SearchFilter{Entity: "волкова"}); hitIDs(res.Hits) != "u" {
		t.Errorf("Cyrillic surname entity = %s", hitIDs(res.Hits))
	}
	if a := article(t, s, "u"); a.Text != text {
		t.Errorf("text not kept byte for byte: %q", a.Text)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func testArticles(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	// More than one page of any reasonable page size, in several batches,
	// with publication times out of order: ingest order is what counts.
	const n = 600
	var want []string
	for b := 0; b < n; b += 150 {
		var recs []*parallax.Record
		for i := b; i < b+150; i++ {
			id := fmt.Sprintf("art-%03d", (i*7)%n)
			want = append(want, id)
			recs = append(recs, Rec(id, fmt.Sprintf("Bulletin %d on the Marrow Bay tides.", i), Published(at(float64(-i)))))
		}
		put(t, s, recs...)
	}
	var got []string
	for a, err := range s.Articles(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Text == "" || len(a.Analysis.Sentences) == 0 {
			t.Fatalf("%s: article without text or analysis", a.ID)
		}
		got = append(got, a.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Articles order differs from ingest order (%d vs %d)", len(got), len(want))
	}
	// Stopping early is allowed, and the store stays usable inside the loop.
	k := 0
	for a, err := range s.Articles(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if k == 3 {
			if err := s.Delete(ctx, a.ID); err != nil {
				t.Fatalf("Delete inside Articles loop: %v", err)
			}
		}
		if k++; k == 10 {
			break
		}
	}
	if c := count(t, s); c != n-1 {
		t.Errorf("count after delete = %d", c)
	}
	// A cancelled context ends the iteration with an error.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	var last error
	for _, err := range s.Articles(cctx) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("Articles(cancelled) ended with %v", last)
	}
}

// profile returns a story's StoryCandidate for keys, or ok false.
func profile(t *testing.T, s parallax.Store, id string, keys []string) (parallax.StoryCandidate, bool) {
	t.Helper()
	var c parallax.StoryCandidate
	var ok bool
	read(t, s, func(tx parallax.Tx) {
		c, ok = candidates(t, tx, keys, time.Time{}, time.Time{}, 0)[id]
	})
	return c, ok
}

func sameProfile(t *testing.T, what string, got, want parallax.StoryCandidate) {
	t.Helper()
	if !near(got.Norm, want.Norm) || len(got.Weights) != len(want.Weights) || !got.Updated.Equal(want.Updated) {
		t.Errorf("%s: profile = %+v, want %+v", what, got, want)
		return
	}
	for k, w := range want.Weights {
		if !near(got.Weights[k], w) {
			t.Errorf("%s: weight %s = %v, want %v", what, k, got.Weights[k], w)
		}
	}
}

func testDeleteProfile(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	keys := []string{"t:dam", "t:rain", "t:crack", "e:verrin"}
	put(t, s,
		Rec("a1", "Verrin dam inspection after rain.", Title("Dam inspected"), Published(at(0)), Starts("dam"),
			Keys("t:dam", 0.3, "t:rain", 0.1, "e:verrin", 0.7)),
		Rec("a2", "Verrin dam spillway held.", Published(at(1)), Joins("dam", 0.6), Keys("t:dam", 0.2, "e:verrin", 0.35)),
	)
	before, ok := profile(t, s, "dam", keys)
	if !ok {
		t.Fatal("no profile for story dam")
	}
	put(t, s, Rec("a3", "Crack found in Verrin dam wall.", Title("Crack found"), Published(at(5)), Joins("dam", 0.7),
		Keys("t:dam", 0.1, "t:crack", 0.9, "e:verrin", 0.2), Bands(42)))
	read(t, s, func(tx parallax.Tx) {
		df, total, _ := tx.DocFreq(ctx, []string{"t:crack", "t:dam"})
		if total != 3 || df["t:crack"] != 1 || df["t:dam"] != 3 {
			t.Errorf("DocFreq before delete = %v, %d", df, total)
		}
	})
	if err := s.Delete(ctx, "a3"); err != nil {
		t.Fatal(err)
	}
	after, _ := profile(t, s, "dam", keys)
	sameProfile(t, "after deleting a3", after, before)
	read(t, s, func(tx parallax.Tx) {
		df, total, _ := tx.DocFreq(ctx, []string{"t:crack", "t:dam"})
		if total != 2 || df["t:crack"] != 0 || df["t:dam"] != 2 {
			t.Errorf("DocFreq after delete = %v, %d", df, total)
		}
		if cc, _ := tx.CopyCandidates(ctx, []uint64{42}, 10); len(cc) != 0 {
			t.Errorf("bands of a deleted article: %+v", cc)
		}
		if c := candidates(t, tx, []string{"t:crack"}, time.Time{}, time.Time{}, 0); len(c) != 0 {
			t.Errorf("story still has t:crack: %+v", c)
		}
	})
	if _, err := s.Article(ctx, "a3"); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("deleted article: err %v", err)
	}
	wantCode(t, s.Delete(ctx, "a3"), parallax.ENotFound, "second Delete")

	// Deleting the first article: title and time come from the rest.
	if err := s.Delete(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	sum, _ := story(t, s, "dam")
	if sum.Title != "" || ids(sum.Articles) != "a2" || !sum.Updated.Equal(at(1)) {
		t.Errorf("story after deleting a1 = %+v", sum)
	}
	p, _ := profile(t, s, "dam", keys)
	if !near(p.Norm, math.Sqrt(0.2*0.2+0.35*0.35)) || len(p.Weights) != 2 {
		t.Errorf("profile after deleting a1 = %+v", p)
	}
	// The deleted article can be stored again.
	put(t, s, Rec("a3", "Crack found in Verrin dam wall.", Title("Crack found"), Joins("dam", 0.7), Keys("t:crack", 0.9)))
	if sum, _ := story(t, s, "dam"); sum.Title != "Crack found" {
		t.Errorf("title after re-adding = %q", sum.Title)
	}
}

func testDeleteStory(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s,
		Rec("lone", "The Corvel airport added a runway.", Published(at(3)), Keys("t:runway", 1.0)),
		Rec("other", "Fenwick market reopens.", Published(at(1)), Keys("t:market", 1.0)),
	)
	if err := s.Delete(ctx, "lone"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Story(ctx, "s-lone"); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("empty story still there: err %v", err)
	}
	st, _ := s.Stories(ctx, parallax.StoryFilter{})
	if len(st) != 1 || st[0].ID != "s-other" {
		t.Errorf("Stories = %+v", st)
	}
	if _, ok := profile(t, s, "s-lone", []string{"t:runway"}); ok {
		t.Error("empty story is still a candidate")
	}
	// The story id is free again.
	put(t, s, Rec("lone2", "The Corvel runway opened.", Starts("s-lone"), Keys("t:runway", 2.0)))
	if p, ok := profile(t, s, "s-lone", []string{"t:runway"}); !ok || !near(p.Norm, 2) {
		t.Errorf("recreated story profile = %+v", p)
	}
}

func testDeleteCopies(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s,
		Rec("orig", "Harbour fees rise in Port Almira.", Published(at(0)), Bands(5)),
		Rec("c3", "Copy three: harbour fees rise in Port Almira.", Published(at(3)), Joins("s-orig", 0.9), DuplicateOf("orig"), Bands(5)),
		Rec("c1", "Copy one: harbour fees rise in Port Almira.", Published(at(1)), Joins("s-orig", 0.9), DuplicateOf("orig"), Bands(5)),
		Rec("c2", "Copy two: harbour fees rise in Port Almira.", Published(time.Time{}), Fetched(at(2)), Joins("s-orig", 0.9), DuplicateOf("orig"), Bands(5)),
		Rec("x", "Unrelated copy of something else.", DuplicateOf("elsewhere")),
	)
	if err := s.Delete(ctx, "orig"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"c1": "", "c2": "c1", "c3": "c1", "x": "elsewhere"} {
		if a := article(t, s, id); a.DuplicateOf != want {
			t.Errorf("%s.DuplicateOf = %q, want %q", id, a.DuplicateOf, want)
		}
	}
	sum, _ := story(t, s, "s-orig")
	if ids(sum.Articles) != "c1,c2,c3" || sum.Articles[0].DuplicateOf != "" || sum.Articles[2].DuplicateOf != "c1" {
		t.Errorf("story after deleting the original = %+v", sum.Articles)
	}
	read(t, s, func(tx parallax.Tx) {
		cc, _ := tx.CopyCandidates(ctx, []uint64{5}, 10)
		if len(cc) != 3 {
			t.Errorf("CopyCandidates = %+v", cc)
		}
		for _, c := range cc {
			if c.ID == "c3" && c.DuplicateOf != "c1" {
				t.Errorf("candidate c3 = %+v", c)
			}
		}
	})
	// Deleting a copy that has copies of its own re-links them to its original.
	put(t, s, Rec("c4", "Copy four.", Joins("s-orig", 0.9), DuplicateOf("c3")))
	if err := s.Delete(ctx, "c3"); err != nil {
		t.Fatal(err)
	}
	if a := article(t, s, "c4"); a.DuplicateOf != "c1" {
		t.Errorf("c4.DuplicateOf = %q, want c1", a.DuplicateOf)
	}
}

func testDeleteSearch(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	put(t, s, corpus()...)
	if err := s.Delete(ctx, "s4"); err != nil {
		t.Fatal(err)
	}
	if res := search(t, s, parallax.SearchFilter{Query: "Calden"}); res.Total != 0 {
		t.Errorf("deleted article still found: %+v", res)
	}
	if res := search(t, s, parallax.SearchFilter{Entity: "morrow"}); hitIDs(res.Hits) != "s1" {
		t.Errorf("entity after delete = %s", hitIDs(res.Hits))
	}
	if res := search(t, s, parallax.SearchFilter{Query: "strike"}); hitIDs(res.Hits) != "s1" {
		t.Errorf("strike after delete = %s", hitIDs(res.Hits))
	}
	if n := count(t, s); n != 3 {
		t.Errorf("count = %d", n)
	}
}
