package story

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// relay adds told-to and via outlets, as written, to the article's last quote.
func (f *fixture) relay(told, via string) *fixture {
	q := &f.a.Analysis.Quotes[len(f.a.Analysis.Quotes)-1]
	if told != "" {
		q.ToldTo = append(q.ToldTo, parallax.OutletRef{Span: f.span(told, 0), Name: told})
	}
	if via != "" {
		q.Via = append(q.Via, parallax.OutletRef{Span: f.span(via, 0), Name: via})
	}
	return f
}

func TestComposeSpeakers(t *testing.T) {
	t0 := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	a := article("a", t0,
		`Port spokeswoman Anna Keller told Radio Meridian: "The ferry will run all winter." `+
			`"We have the crews," Keller said.`).
		m(P, "Anna Keller").m(P, "Keller").m(O, "Radio Meridian").
		q("The ferry will run all winter.", "Anna Keller").relay("Radio Meridian", "").
		q("We have the crews,", "Anna Keller")
	a.a.Outlet = "meridian.example"
	b := article("b", t0.Add(3*time.Hour),
		`"The ferry will run all winter," Keller told Radio Meridian, according to the Coastal Courier. `+
			`Tomas Berg said: "The pier is safe."`).
		m(P, "Keller").m(O, "Radio Meridian").m(O, "Coastal Courier").m(P, "Tomas Berg").
		q("The ferry will run all winter,", "Keller").relay("Radio Meridian", "the Coastal Courier").
		q("The pier is safe.", "Tomas Berg")
	b.a.Outlet = "south.example"
	v := Compose(parallax.StorySummary{ID: "s"}, []*parallax.StoredArticle{b.a, a.a})

	if len(v.Speakers) != 2 || v.Speakers[0].Name != "Anna Keller" || v.Speakers[1].Name != "Tomas Berg" {
		t.Fatalf("speakers %+v, want Anna Keller (2 statements) then Tomas Berg", v.Speakers)
	}
	k := v.Speakers[0]
	if k.EntityID == "" || k.Kind != parallax.Person || len(k.Statements) != 2 {
		t.Errorf("Keller: id %q kind %q, %d statements", k.EntityID, k.Kind, len(k.Statements))
	}
	if !strings.Contains(roleList(k.Roles), "spokeswoman") {
		t.Errorf("Keller's roles %q lack spokeswoman", roleList(k.Roles))
	}
	ferry := k.Statements[0]
	if len(ferry.Occurrences) != 2 || ferry.Occurrences[0].Article != "a" {
		t.Fatalf("ferry statement %+v", ferry)
	}
	if o := ferry.Occurrences[1]; strings.Join(o.ToldTo, ",") != "Radio Meridian" || strings.Join(o.Via, ",") != "Coastal Courier" {
		t.Errorf("b's occurrence: told %q via %q, want Radio Meridian via Coastal Courier (the canonical name)", o.ToldTo, o.Via)
	}
	// Paths, earliest article first: told Radio Meridian (a), told Radio
	// Meridian via the Courier (b), first-hand (a: "We have the crews").
	var got []string
	for _, p := range k.Relays {
		got = append(got, strings.Join(p.ToldTo, "+")+">"+strings.Join(p.Via, "+")+">"+strings.Join(p.Articles, "+")+">"+strings.Join(p.Outlets, "+"))
	}
	want := []string{"Radio Meridian>>a>meridian.example", ">>a>meridian.example", "Radio Meridian>Coastal Courier>b>south.example"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("relay paths\n got %q\nwant %q", got, want)
	}

	// Every list is a list in the JSON, never null.
	raw, err := json.Marshal(Compose(parallax.StorySummary{ID: "s"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"speakers":[]`) {
		t.Errorf("JSON without quotes: %s", raw)
	}
	raw, _ = json.Marshal(v.Speakers[1])
	if !strings.Contains(string(raw), `"told_to":[]`) || !strings.Contains(string(raw), `"roles":[]`) {
		t.Errorf("Berg's JSON: %s", raw)
	}
}

func roleList(rs []parallax.Role) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Role)
	}
	return strings.Join(out, ",")
}
