package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/sqlite"
)

// TestSiteTemplates: a line an outlet prints under every article is learned
// from one run and taken out of the next run's articles; the same line
// quoted, the text around it, and other outlets are left alone; and the
// result does not depend on the number of workers.
func TestSiteTemplates(t *testing.T) {
	const furniture = "Sign up for the Harbour Daily briefing, every morning at 7."
	places := []string{"Arden", "Brill", "Corran", "Dunmere", "Eskdale", "Fenwick", "Garrow"}
	article := func(i int, outlet string) parallax.Article {
		p := places[i%len(places)]
		text := fmt.Sprintf("The %s council approved a new bus route on day %d, after a vote of nine to two.\n\n"+
			"Residents of %s had asked for the route for years, the council's transport officer said.\n\n%s", p, i, p, furniture)
		return parallax.Article{ID: fmt.Sprintf("%s-%d", outlet, i), Outlet: outlet, Title: p + " bus route approved",
			ContentType: parallax.ContentText, Body: []byte(text), Origin: fmt.Sprintf("test:%d", i)}
	}
	texts := map[int]string{}
	for _, workers := range []int{1, 4} {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		an, err := analyze.New()
		if err != nil {
			t.Fatal(err)
		}
		p := pipeline.New(pipeline.Config{Store: db, Extract: extract.Extract, Analyzer: an,
			Placer: cluster.New(cluster.Config{Now: clock}), Workers: workers, Now: clock, Templates: db})
		var first []parallax.Article
		for i := range 6 {
			first = append(first, article(i, "harbourdaily.example"))
		}
		if _, err := p.Ingest(context.Background(), seq(first, nil), nil); err != nil {
			t.Fatal(err)
		}
		// The first run learned nothing yet: its articles keep the line.
		a, err := db.Article(context.Background(), "harbourdaily.example-0")
		if err != nil || !strings.Contains(a.Text, furniture) {
			t.Fatalf("the first run's article lost its line before anything was learned: %q, %v", a.Text, err)
		}
		quoted := article(7, "harbourdaily.example")
		quoted.ID = "quoted"
		quoted.Body = []byte(string(quoted.Body) + "\n\nThe mayor joked: \"" + furniture + "\"")
		second := []parallax.Article{article(6, "harbourdaily.example"), quoted, article(8, "othertown.example")}
		if _, err := p.Ingest(context.Background(), seq(second, nil), nil); err != nil {
			t.Fatal(err)
		}
		next, _ := db.Article(context.Background(), "harbourdaily.example-6")
		if strings.Contains(next.Text, furniture) || !strings.Contains(next.Text, "bus route on day 6") || !strings.Contains(next.Text, "transport officer") {
			t.Errorf("workers %d: the learned line was not taken out, or too much was: %q", workers, next.Text)
		}
		q, _ := db.Article(context.Background(), "quoted")
		if !strings.Contains(q.Text, "joked: \""+furniture) {
			t.Errorf("workers %d: the quoted line was taken out: %q", workers, q.Text)
		}
		other, _ := db.Article(context.Background(), "othertown.example-8")
		if !strings.Contains(other.Text, furniture) {
			t.Errorf("workers %d: another outlet's article lost the line: %q", workers, other.Text)
		}
		texts[workers] = next.Text + "|" + q.Text
	}
	if texts[1] != texts[4] {
		t.Errorf("the result depends on the workers:\n%q\n%q", texts[1], texts[4])
	}
}
