package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

type line struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Language  string `json:"language"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// The near-copy pair: demo-eastbridge-002 reprints demo-valley-002.
const (
	nearCopyOriginal = "demo-valley-002"
	nearCopyReprint  = "demo-eastbridge-002"
)

func load(t *testing.T) ([]line, map[string]line) {
	t.Helper()
	var all []line
	byID := map[string]line{}
	sc := bufio.NewScanner(Corpus())
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Bytes()
		if !utf8.Valid(raw) {
			t.Fatalf("line %d: invalid UTF-8", n)
		}
		var fields map[string]any
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for _, k := range []string{"id", "url", "outlet", "language", "published", "title", "text"} {
			if _, ok := fields[k].(string); !ok {
				t.Errorf("line %d: field %q missing or not a string", n, k)
			}
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var l line
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if l.ID == "" || l.URL == "" || l.Outlet == "" || l.Text == "" {
			t.Errorf("line %d: empty id, url, outlet or text", n)
		}
		if l.Language != "en" {
			t.Errorf("%s: language %q, want en", l.ID, l.Language)
		}
		if _, err := time.Parse(time.RFC3339, l.Published); err != nil {
			t.Errorf("%s: published: %v", l.ID, err)
		}
		u, err := url.Parse(l.URL)
		if err != nil || u.Scheme != "https" || u.Host != l.Outlet || !strings.HasSuffix(u.Host, ".example") {
			t.Errorf("%s: url %q should be https on the outlet's .example host %q", l.ID, l.URL, l.Outlet)
		}
		if _, dup := byID[l.ID]; dup {
			t.Errorf("duplicate id %q", l.ID)
		}
		byID[l.ID] = l
		all = append(all, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return all, byID
}

func TestCorpusLines(t *testing.T) {
	all, _ := load(t)
	if len(all) < 12 {
		t.Fatalf("only %d articles", len(all))
	}
	untitled := 0
	for _, l := range all {
		if l.Title == "" {
			untitled++
		}
		if n := len(words(l.Text)); n < 150 || n > 400 {
			t.Errorf("%s: %d words, want 150-400", l.ID, n)
		}
		if !strings.Contains(l.Text, "\n\n") || strings.Contains(l.Text, "\n\n\n") {
			t.Errorf("%s: paragraphs should be separated by exactly one blank line", l.ID)
		}
	}
	if untitled != 2 {
		t.Errorf("%d articles without a title, want 2 (one with the headline in the text, one with none)", untitled)
	}
}

// TestStories checks the corpus is what the storylines say: each told by
// at least three outlets with a quotation, every article in exactly one,
// and the events of each storyline covering its articles once.
func TestStories(t *testing.T) {
	all, byID := load(t)
	seen := map[string]int{}
	st := Storylines()
	if len(st) < 4 || len(Stories()) <= len(st) {
		t.Fatalf("%d storylines and %d events, want at least 4 storylines and one with two events", len(st), len(Stories()))
	}
	inEvents := map[string]int{}
	for _, e := range Stories() {
		for _, id := range e {
			inEvents[id]++
		}
	}
	for _, l := range all {
		if inEvents[l.ID] != 1 {
			t.Errorf("%s is in %d events, want exactly 1", l.ID, inEvents[l.ID])
		}
	}
	for i, s := range st {
		outlets := map[string]bool{}
		quoted := false
		for _, id := range s {
			seen[id]++
			l, ok := byID[id]
			if !ok {
				t.Errorf("storyline %d: unknown id %q", i, id)
				continue
			}
			outlets[l.Outlet] = true
			if hasCurlyQuote(l.Text) {
				quoted = true
			}
		}
		if len(outlets) < 3 {
			t.Errorf("storyline %d: %d distinct outlets, want at least 3", i, len(outlets))
		}
		if !quoted {
			t.Errorf("storyline %d: no “…” quotation", i)
		}
	}
	for _, l := range all {
		if seen[l.ID] != 1 {
			t.Errorf("%s appears in %d stories, want exactly 1", l.ID, seen[l.ID])
		}
	}
	// Stories and Storylines return copies.
	st[0][0] = "changed"
	ev := Stories()
	ev[0][0] = "changed"
	if Storylines()[0][0] == "changed" || Stories()[0][0] == "changed" {
		t.Error("Stories or Storylines shares its backing arrays with callers")
	}
}

func TestNearCopy(t *testing.T) {
	_, byID := load(t)
	a, b := byID[nearCopyOriginal], byID[nearCopyReprint]
	if a.Outlet == b.Outlet || a.Title == b.Title {
		t.Errorf("near-copy pair should differ in outlet and headline")
	}
	j := jaccard(shingles(a.Text, 5), shingles(b.Text, 5))
	if j < 0.8 {
		t.Errorf("5-shingle Jaccard %s/%s = %.3f, want >= 0.8", nearCopyOriginal, nearCopyReprint, j)
	}
	if a.Text == b.Text {
		t.Error("near-copy pair should not be identical")
	}
	t.Logf("near-copy Jaccard = %.3f", j)
	// No other pair is that close.
	all, _ := load(t)
	for i := range all {
		for k := i + 1; k < len(all); k++ {
			x, y := all[i], all[k]
			if (x.ID == a.ID && y.ID == b.ID) || (x.ID == b.ID && y.ID == a.ID) {
				continue
			}
			if j := jaccard(shingles(x.Text, 5), shingles(y.Text, 5)); j > 0.2 {
				t.Errorf("%s and %s unexpectedly similar: %.3f", x.ID, y.ID, j)
			}
		}
	}
}

func TestFeatures(t *testing.T) {
	_, byID := load(t)
	story := func(i int) string {
		var b strings.Builder
		for _, id := range Storylines()[i] {
			b.WriteString(byID[id].Text)
			b.WriteString("\n\n")
		}
		return b.String()
	}
	strike, ferry, fire := story(0), story(2), story(3)

	// Relayed quotes and a denial in the strike story.
	for _, want := range []string{
		"told the Harbor Gazette that her members would stay out “as long as it takes,” according to Valley Wire",
		"said in an interview with Nordic Ledger, as reported by the Harbor Gazette",
		"“This is not accurate,”",
	} {
		if !strings.Contains(strike, want) {
			t.Errorf("strike story lacks %q", want)
		}
	}

	// Lower-case name in the machine-translated article; proper case elsewhere; surname-only mentions.
	mt := byID["demo-tidings-001"].Text
	if !strings.Contains(mt, "marit ellegaard") || strings.Contains(mt, "Marit Ellegaard") {
		t.Error("demo-tidings-001 should write the minister's name in lower case only")
	}
	if !strings.Contains(byID["demo-nordic-003"].Text, "Marit Ellegaard") {
		t.Error("demo-nordic-003 should write Marit Ellegaard")
	}
	if !strings.Contains(ferry, "Ellegaard said") {
		t.Error("ferry story lacks a surname-only mention")
	}

	// Headline as first line of the text.
	first, _, _ := strings.Cut(byID["demo-nordic-002"].Text, "\n\n")
	if len(words(first)) > 15 || strings.HasSuffix(first, ".") {
		t.Errorf("demo-nordic-002 should open with a headline line, got %q", first)
	}

	// The fire shares Port Almsby with the strike but is a different event.
	if !strings.Contains(fire, "Port Almsby") || !strings.Contains(strike, "Port Almsby") {
		t.Error("fire and strike stories should both name Port Almsby")
	}
	if strings.Contains(fire, "Olafsen") || strings.Contains(fire, "Reinholt") || strings.Contains(fire, "strike") {
		t.Error("fire story should not mention the strike")
	}
}

func hasCurlyQuote(s string) bool {
	i := strings.Index(s, "“")
	return i >= 0 && strings.Contains(s[i:], "”")
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func shingles(s string, k int) map[string]bool {
	w := words(s)
	out := map[string]bool{}
	for i := 0; i+k <= len(w); i++ {
		out[strings.Join(w[i:i+k], " ")] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for s := range a {
		if b[s] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
