package feed

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// longBody is an invented article of 300 words, put where a fixture says FULLTEXT.
var longBody = strings.TrimSpace(strings.Repeat("The harbour pilots said the new channel markers were finally in place and the first ships passed safely at dawn. ", 15))

func load(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("FULLTEXT"), []byte(longBody))
}

func mustParse(t *testing.T, data []byte, feedURL string) *Feed {
	t.Helper()
	f, err := Parse(bytes.NewReader(data), feedURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestRSS2(t *testing.T) {
	f := mustParse(t, load(t, "rss2.xml"), "https://ledger.example/feeds/main.xml")
	if f.Format != "rss" || f.Version != "2.0" {
		t.Errorf("format %q %q", f.Format, f.Version)
	}
	if f.Title != "The Harbour Ledger & Gazette" {
		t.Errorf("feed title %q: entities must be decoded once more for plain text", f.Title)
	}
	if f.SiteURL != "https://ledger.example/" {
		t.Errorf("site URL %q: the relative <link> must resolve against the feed URL", f.SiteURL)
	}
	if len(f.Entries) != 4 {
		t.Fatalf("got %d entries, want 4 (the duplicate GUID dropped): %+v", len(f.Entries), f.Entries)
	}
	e := f.Entries[0]
	if e.ID != "ledger-1001" || e.URL != "https://ledger.example/2031/04/ferry-strike-ends" {
		t.Errorf("entry 0 id/url: %q %q", e.ID, e.URL)
	}
	if e.Title != `Ferry strike ends after "three long days"` {
		t.Errorf("HTML in title not turned into text: %q", e.Title)
	}
	if e.Summary != "Crews return to the <em>Bay Runner</em> route." {
		t.Errorf("summary must be kept as given HTML: %q", e.Summary)
	}
	if !strings.Contains(e.Content, "harbour pilots") || !e.FullText {
		t.Errorf("content:encoded not read as full text (FullText=%v)", e.FullText)
	}
	if want := date("2031-04-15T04:00:00Z"); !e.Published.Equal(want) || e.Published.Location() != time.UTC {
		t.Errorf("published %v, want %v in UTC", e.Published, want)
	}
	if len(e.Authors) != 1 || e.Authors[0] != "Mira Olsson" {
		t.Errorf("authors %q", e.Authors)
	}
	if len(e.Categories) != 1 || e.Categories[0] != "Transport" {
		t.Errorf("categories %q", e.Categories)
	}

	e = f.Entries[1]
	if e.Title != "Harbour council delays the lighthouse vote" {
		t.Errorf("the first of two items with one GUID must win, got %q", e.Title)
	}
	if want := date("2031-04-14T22:00:00Z"); !e.Published.Equal(want) {
		t.Errorf("EDT time %v, want %v", e.Published, want)
	}
	if e.FullText || e.Content != "" {
		t.Errorf("a teaser ending in 'Read more' is not full text")
	}
	if e.Body() != e.Summary {
		t.Errorf("Body() must fall back to the summary")
	}

	e = f.Entries[2]
	if !e.Published.IsZero() || !e.Updated.IsZero() {
		t.Errorf("missing dates must stay zero: %v %v", e.Published, e.Updated)
	}
	if e.URL != "https://ledger.example/feeds/notices/tide-tables" || e.ID != e.URL {
		t.Errorf("relative link: url %q id %q", e.URL, e.ID)
	}

	e = f.Entries[3]
	if e.Title != "5 < 6, says the harbour arithmetic club" {
		t.Errorf("a bare '<' must survive: %q", e.Title)
	}
	if e.URL != "" || !strings.HasPrefix(e.ID, "sha256:") {
		t.Errorf("no link, no guid: url %q id %q", e.URL, e.ID)
	}
	// The hashed ID is stable across parses.
	if again := mustParse(t, load(t, "rss2.xml"), "https://ledger.example/feeds/main.xml"); again.Entries[3].ID != e.ID {
		t.Errorf("hashed id changed: %q vs %q", again.Entries[3].ID, e.ID)
	}
}

func TestRSS1RDF(t *testing.T) {
	f := mustParse(t, load(t, "rss1.rdf"), "https://valley.example/rss")
	if f.Format != "rss" || f.Version != "1.0" || f.Title != "Valley Courier" {
		t.Errorf("feed %q %q %q", f.Format, f.Version, f.Title)
	}
	if len(f.Entries) != 1 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	e := f.Entries[0]
	if e.URL != "https://valley.example/a/orchard-frost" || e.Title != "Late frost threatens the orchards" {
		t.Errorf("entry %+v", e)
	}
	if want := date("2031-03-03T07:15:00Z"); !e.Published.Equal(want) {
		t.Errorf("dc:date %v, want %v", e.Published, want)
	}
	if len(e.Authors) != 1 || e.Authors[0] != "Tomas Reyes" {
		t.Errorf("authors %q", e.Authors)
	}
}

func TestRSS091(t *testing.T) {
	f := mustParse(t, load(t, "rss091.xml"), "")
	if f.Format != "rss" || f.Version != "0.91" || len(f.Entries) != 1 {
		t.Fatalf("feed %q %q, %d entries", f.Format, f.Version, len(f.Entries))
	}
	if e := f.Entries[0]; e.URL != "http://oldmill.example/wheel.html" || e.ID != e.URL || e.FullText {
		t.Errorf("entry %+v", e)
	}
}

func TestAtom(t *testing.T) {
	f := mustParse(t, load(t, "atom.xml"), "https://signal.example/atom.xml")
	if f.Format != "atom" || f.Title != "Northern Signal" {
		t.Errorf("feed %q %q", f.Format, f.Title)
	}
	if f.SiteURL != "https://signal.example/" || f.FeedURL != "https://signal.example/atom.xml" {
		t.Errorf("links %q %q", f.SiteURL, f.FeedURL)
	}
	if want := date("2031-05-01T10:00:00Z"); !f.Updated.Equal(want) {
		t.Errorf("feed updated %v", f.Updated)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	e := f.Entries[0]
	if e.URL != "https://signal.example/science/meltwater-lake" {
		t.Errorf("relative atom link: %q", e.URL)
	}
	if e.ID != "tag:signal.example,2031:meltwater-lake" {
		t.Errorf("id %q", e.ID)
	}
	if want := date("2031-05-01T00:45:00Z"); !e.Published.Equal(want) {
		t.Errorf("published %v, want %v", e.Published, want)
	}
	if want := date("2031-05-01T08:00:00Z"); !e.Updated.Equal(want) {
		t.Errorf("updated %v", e.Updated)
	}
	if strings.Join(e.Authors, ",") != "Ingrid Halvorsen,desk@signal.example" {
		t.Errorf("authors %q", e.Authors)
	}
	if !e.FullText || !strings.HasPrefix(e.Content, "<p>The harbour") {
		t.Errorf("atom content: FullText=%v %.30q", e.FullText, e.Content)
	}
	// No <published>: gofeed falls back to <updated>.
	if e := f.Entries[1]; !e.Published.Equal(date("2031-04-29T10:00:00Z")) || e.FullText {
		t.Errorf("entry 1: %v %v", e.Published, e.FullText)
	}
}

func TestJSONFeed(t *testing.T) {
	f := mustParse(t, load(t, "jsonfeed.json"), "https://observer.example/feed.json")
	if f.Format != "json" || f.Title != "The Plains Observer" || f.SiteURL != "https://observer.example/" {
		t.Errorf("feed %+v", f)
	}
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	e := f.Entries[0]
	if e.ID != "obs-77" || e.URL != "https://observer.example/2031/06/wind-farm-approved" {
		t.Errorf("id/url %q %q", e.ID, e.URL)
	}
	if !e.FullText || e.Summary != "Forty turbines will rise east of town." {
		t.Errorf("content_html/summary: %v %q", e.FullText, e.Summary)
	}
	if !e.Published.Equal(date("2031-06-03T07:20:00Z")) || !e.Updated.Equal(date("2031-06-04T01:00:00Z")) {
		t.Errorf("dates %v %v", e.Published, e.Updated)
	}
	if strings.Join(e.Authors, ",") != "Dana Whitfield,Lee Park" || strings.Join(e.Categories, ",") != "energy,county" {
		t.Errorf("authors %q tags %q", e.Authors, e.Categories)
	}
	if e := f.Entries[1]; e.Content != "The library will stay open until nine on weekdays." || e.FullText {
		t.Errorf("content_text: %q %v", e.Content, e.FullText)
	}
}

func TestLinksNotHTTPDropped(t *testing.T) {
	doc := `<rss version="2.0"><channel><title>x</title>
<item><title>a</title><link>javascript:alert(1)</link><guid>g1</guid></item>
<item><title>b</title><link>data:text/html,hi</link><guid>g2</guid></item>
<item><title>c</title><link>//cdn.example/c</link><guid>g3</guid></item>
</channel></rss>`
	f := mustParse(t, []byte(doc), "https://news.example/rss")
	got := []string{f.Entries[0].URL, f.Entries[1].URL, f.Entries[2].URL}
	want := []string{"", "", "https://cdn.example/c"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d url %q, want %q", i, got[i], want[i])
		}
	}
}

func TestWindows1251(t *testing.T) {
	text := `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Вечерний вестник</title><link>https://vestnik.example/</link>
<item><title>Мост через реку откроют в мае</title><link>https://vestnik.example/most</link>
<description>Строители закончили пролёт.</description></item></channel></rss>`
	data, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("Мост")) {
		t.Fatal("fixture was not re-encoded")
	}
	f := mustParse(t, data, "")
	if f.Title != "Вечерний вестник" || f.Entries[0].Title != "Мост через реку откроют в мае" ||
		f.Entries[0].Summary != "Строители закончили пролёт." {
		t.Errorf("windows-1251 not decoded: %q / %q / %q", f.Title, f.Entries[0].Title, f.Entries[0].Summary)
	}
}

func TestUTF16Refused(t *testing.T) {
	_, err := Parse(bytes.NewReader([]byte("\xff\xfe<\x00r\x00s\x00s\x00")), "")
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("err = %v", err)
	}
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`

func TestEntityExpansionRefused(t *testing.T) {
	cases := map[string]string{
		"billion laughs": billionLaughs,
		"external entity": `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>`,
		"comment hiding the subset end": `<!DOCTYPE rss [<!-- ]> --> <!ENTITY a "b">]><rss version="2.0"><channel><title>&a;</title></channel></rss>`,
		"lower-case, after a comment":   `<?xml version="1.0"?><!-- c --><!doctype rss [<!ENTITY a "b">]><rss version="2.0"/>`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse(strings.NewReader(doc), "")
			if !errors.Is(err, ErrEntities) {
				t.Fatalf("err = %v, want ErrEntities", err)
			}
			if d := time.Since(start); d > 100*time.Millisecond {
				t.Errorf("refusal took %v", d)
			}
			if _, err := ParseOPML(strings.NewReader(doc)); !errors.Is(err, ErrEntities) {
				t.Errorf("ParseOPML: err = %v, want ErrEntities", err)
			}
		})
	}
	// A DOCTYPE without entities (old RSS 0.91 feeds carry one) is fine.
	ok := `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><item><title>t</title><link>http://old.example/t</link></item></channel></rss>`
	if f, err := Parse(strings.NewReader(ok), ""); err != nil || len(f.Entries) != 1 {
		t.Errorf("plain DOCTYPE refused: %v", err)
	}
}

// countingReader counts the bytes handed out.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestSizeCap(t *testing.T) {
	item := "<item><title>Filler story</title><link>https://big.example/x</link><description>" + strings.Repeat("padding ", 100) + "</description></item>\n"
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>`)
	for b.Len() < 20<<20 {
		b.WriteString(item)
	}
	b.WriteString("</channel></rss>")
	cr := &countingReader{r: strings.NewReader(b.String())}
	_, err := Parse(cr, "")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "10485760") {
		t.Fatalf("20 MB feed: err = %v, want ErrTooLarge naming the limit", err)
	}
	if cr.n > DefaultMaxBytes+1 {
		t.Errorf("read %d bytes, more than the cap + 1", cr.n)
	}
	// A smaller cap applies, and a feed under it parses.
	p := &Parser{MaxBytes: 1000}
	if _, err := p.Parse(bytes.NewReader(load(t, "rss091.xml")), ""); err != nil {
		t.Errorf("small feed under a 1000-byte cap: %v", err)
	}
	if _, err := p.Parse(bytes.NewReader(load(t, "rss2.xml")), ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("rss2.xml over a 1000-byte cap: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		name, doc string
		want      error
		mention   string
	}{
		{"empty", "", ErrUnknownFormat, "empty"},
		{"html page", "<!doctype html><html><body>hello</body></html>", ErrUnknownFormat, "<!doctype html>"},
		{"plain text", "just some words", ErrUnknownFormat, "just some words"},
		{"truncated rss", `<rss version="2.0"><channel><title>Cut</title><item><title>half`, ErrMalformed, "RSS"},
		{"truncated atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Cut</title><entry><title>x`, ErrMalformed, "Atom"},
		{"broken json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": [ {"id": 1`, ErrMalformed, "JSON Feed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(c.doc), "")
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v (feed %+v), want %v", err, f, c.want)
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("error %q does not mention %q", err, c.mention)
			}
		})
	}
}

func TestTitlePlainText(t *testing.T) {
	cases := map[string]string{
		"Tom &amp; Jerry":                         "Tom & Jerry",
		"<b>Breaking</b>: dam\n   holds":          "Breaking: dam holds",
		"a <script>alert(1)</script>b":            "a b",
		"5 < 6":                                   "5 < 6",
		"Caf&eacute; &#8220;Aurora&#8221; closes": "Café “Aurora” closes",
		"plain": "plain",
	}
	for in, want := range cases {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFullText(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	cases := []struct {
		name             string
		content, summary string
		want             bool
	}{
		{"long content", "<p>" + words(250) + "</p>", "short teaser", true},
		{"content much longer than summary", words(120), words(30), true},
		{"content only a bit longer", words(120), words(60), false},
		{"short content, no summary", words(120), "", false},
		{"long description, no content", "", words(300) + ".", true},
		{"long but truncated", "", words(300) + " …", false},
		{"teaser with read more link", "", words(40) + ` <a href="/x">Read more</a>`, false},
		{"ellipsis in brackets", words(400) + " [&#8230;]", "", false},
		{"nothing", "", "", false},
	}
	p := &Parser{}
	for _, c := range cases {
		if got := p.isFullText(c.content, c.summary); got != c.want {
			t.Errorf("%s: FullText = %v, want %v", c.name, got, c.want)
		}
	}
	if (&Parser{FullTextWords: 50}).isFullText(words(60), words(40)) != true {
		t.Errorf("FullTextWords option ignored")
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss2.xml", "rss1.rdf", "rss091.xml", "atom.xml", "jsonfeed.json"} {
		f.Add(load(f, name))
	}
	f.Add([]byte(billionLaughs))
	f.Add([]byte(`<rss version="2.0"><channel><item><link>../x</link><guid>a</guid></item><item><guid>a</guid></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","url":"/a","content_html":"<p>x"}]}`))
	p := &Parser{MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		fd, err := p.Parse(bytes.NewReader(data), "https://fuzz.example/feed/")
		if err != nil {
			if fd != nil {
				t.Fatal("feed and error both returned")
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownFormat) && !errors.Is(err, ErrEntities) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error not classified: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range fd.Entries {
			if e.ID == "" || seen[e.ID] {
				t.Fatalf("empty or repeated id %q", e.ID)
			}
			seen[e.ID] = true
			if e.URL != "" && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
				t.Fatalf("non-http URL %q", e.URL)
			}
			for _, tm := range []time.Time{e.Published, e.Updated} {
				if !tm.IsZero() && tm.Location() != time.UTC {
					t.Fatalf("time not UTC: %v", tm)
				}
			}
		}
	})
}
