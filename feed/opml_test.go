package feed

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var wantSubscriptions = []Outline{
	{Title: "Harbour Ledger", XMLURL: "https://ledger.example/feeds/main.xml", HTMLURL: "https://ledger.example/"},
	{Title: "Valley Courier (RDF)", XMLURL: "https://valley.example/rss", Category: "Regional"},
	{Title: "Northern Signal", XMLURL: "https://signal.example/atom.xml?lang=en&full=1", HTMLURL: "https://signal.example/", Category: "Regional/Mountains"},
	{Title: "Plains Observer", XMLURL: "https://observer.example/feed.json", Category: "Energy & climate"},
}

func TestParseOPML(t *testing.T) {
	got, err := ParseOPML(bytes.NewReader(load(t, "subscriptions.opml")))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, wantSubscriptions) {
		t.Errorf("got  %+v\nwant %+v", got, wantSubscriptions)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	in := append([]Outline{}, wantSubscriptions...)
	in = append(in, Outline{Title: `Quotes "and" <angles> & tabs	here`, XMLURL: "https://odd.example/?a=1&b=<2>", Category: "Regional"})
	var buf bytes.Buffer
	if err := WriteOPML(&buf, in); err != nil {
		t.Fatal(err)
	}
	got, err := ParseOPML(&buf)
	if err != nil {
		t.Fatalf("re-reading our own OPML: %v\n%s", err, buf.String())
	}
	// WriteOPML groups by category: the new "Regional" feed moves next to the other one.
	want := []Outline{in[0], in[1], in[4], in[2], in[3]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v\n%s", got, want, buf.String())
	}
	// A second round is the identity.
	buf.Reset()
	WriteOPML(&buf, got)
	again, _ := ParseOPML(&buf)
	if !reflect.DeepEqual(again, got) {
		t.Errorf("second round trip differs")
	}
}

func TestParseOPMLErrors(t *testing.T) {
	cases := map[string]string{
		"empty":    "",
		"not opml": `<rss version="2.0"><channel/></rss>`,
		"unclosed": `<opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/"`,
		"json":     `{"opml": true}`,
	}
	for name, doc := range cases {
		_, err := ParseOPML(strings.NewReader(doc))
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "OPML") {
			t.Errorf("%s: err = %v, want ErrMalformed naming OPML", name, err)
		}
	}
	big := "<opml><body>" + strings.Repeat(`<outline text="x" xmlUrl="https://a.example/"/>`, DefaultMaxBytes/40) + "</body></opml>"
	if _, err := ParseOPML(strings.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized OPML: %v", err)
	}
}

func FuzzParseOPML(f *testing.F) {
	f.Add(load(f, "subscriptions.opml"))
	f.Add([]byte(`<opml><body><outline text="a"><outline text="b" xmlUrl="x"/></outline></body></opml>`))
	f.Add([]byte(billionLaughs))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := ParseOPML(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrEntities) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error not classified: %v", err)
			}
			return
		}
		for _, o := range list {
			if o.XMLURL == "" {
				t.Fatal("outline without xmlUrl returned")
			}
		}
		// What we read, we can write and read back unchanged (up to grouping).
		var buf bytes.Buffer
		if err := WriteOPML(&buf, list); err != nil {
			t.Fatal(err)
		}
		back, err := ParseOPML(&buf)
		if err != nil {
			t.Fatalf("re-reading written OPML: %v\n%s", err, buf.String())
		}
		if len(back) != len(list) {
			t.Fatalf("round trip kept %d of %d outlines\n%s", len(back), len(list), buf.String())
		}
		var grouped []Outline
		var cats []string
		seen := map[string]bool{}
		for _, o := range list {
			if !seen[o.Category] {
				seen[o.Category] = true
				cats = append(cats, o.Category)
			}
		}
		for _, top := range []bool{true, false} {
			for _, c := range cats {
				if (c == "") != top {
					continue
				}
				for _, o := range list {
					if o.Category == c {
						grouped = append(grouped, o)
					}
				}
			}
		}
		if !reflect.DeepEqual(back, grouped) {
			t.Fatalf("round trip changed outlines:\n%+v\n%+v", back, grouped)
		}
	})
}
