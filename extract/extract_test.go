package extract

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/shared"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// article builds the Article ingest would give for a fixture file.
func article(t testing.TB, path string) *parallax.Article {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ct := parallax.ContentText
	if strings.HasSuffix(path, ".html") {
		ct = parallax.ContentHTML
	}
	return &parallax.Article{ContentType: ct, Body: body, Origin: path}
}

// render is the golden form of a Document: metadata lines, a rule, the text.
func render(d parallax.Document) string {
	pub := ""
	if !d.Published.IsZero() {
		pub = d.Published.Format(time.RFC3339)
	}
	return fmt.Sprintf("title: %s\nbyline: %s\npublished: %s\nlanguage: %s\n----\n%s\n",
		d.Title, d.Byline, pub, d.Language, d.Text)
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") || filepath.Base(in) == "fuzz" {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			doc, err := Extract(article(t, in))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got := render(doc)
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run go test -update if the change is right)\n--- got:\n%s\n--- want:\n%s", golden, got, want)
			}
		})
	}
	if n < 5 {
		t.Fatalf("found %d fixtures in testdata, want at least 5", n)
	}
}

// The golden files pin whole outputs; these tests say which properties of
// them matter, so a careless -update cannot silently lose them.
func TestFixtureProperties(t *testing.T) {
	tests := []struct {
		file                string
		title, byline, lang string
		published           string // RFC 3339, "" for none
		first, last         string // the text starts and ends with these
		absent              []string
	}{
		{
			file: "council.txt", title: "Millbrook Council Approves Footbridge Over the Tarn",
			byline: "Jane Roe, Valley Courier", lang: "en",
			first: "Millbrook's town council voted", last: "publish tenders next month.",
			absent: []string{"Read more", "Latest News", "Share this", "Editor:", "©"},
		},
		{
			file: "crlf.txt", lang: "en",
			first: "The harbour board in Saltmere", last: "asked for two more quotes",
			absent: []string{"\r", "\uFEFF", "   \n", "\t\n"},
		},
		{
			file: "menu.txt", title: "Orchard Lane to Close for Sewer Works", byline: "Riverside Gazette Staff", lang: "en",
			first: "Orchard Lane will close", last: "patched twice.",
			absent: []string{"Home |", "Updated 9:15", "Follow us", "https://", "Tags:"},
		},
		{
			file: "short-ending.txt", lang: "en",
			first: "The library in Fernhill", last: "It was busy.",
		},
		{
			file: "russian.txt", title: "Городской совет Лесногорска утвердил бюджет на следующий год", lang: "ru",
			first: "Депутаты", last: "не будет брать кредит.",
		},
		{
			file: "council.html", title: "Millbrook Council Approves Footbridge", byline: "Jane Roe", lang: "en",
			published: "2024-05-07T21:40:00+01:00",
			first:     "Millbrook's town council voted", last: "publish tenders next month.",
			absent: []string{"Most read", "Privacy", "©", "Valley Courier"},
		},
		{
			file: "masthead.html", title: "Ferry Timetable Cut for Winter", byline: "Sam Idle", lang: "en",
			published: "2023-11-03T07:05:00Z",
			first:     "The ferry between Gullness", last: "for school pupils.",
			absent: []string{"Latest Updates", "Post Post", "Editor in Chief:", "Picture Desk:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := Extract(article(t, filepath.Join("testdata", tt.file)))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc.Title != tt.title {
				t.Errorf("Title = %q, want %q", doc.Title, tt.title)
			}
			if doc.Byline != tt.byline {
				t.Errorf("Byline = %q, want %q", doc.Byline, tt.byline)
			}
			if doc.Language != tt.lang {
				t.Errorf("Language = %q, want %q", doc.Language, tt.lang)
			}
			pub := ""
			if !doc.Published.IsZero() {
				pub = doc.Published.Format(time.RFC3339)
			}
			if pub != tt.published {
				t.Errorf("Published = %q, want %q", pub, tt.published)
			}
			if !strings.HasPrefix(doc.Text, tt.first) {
				t.Errorf("Text starts %q, want %q", head(doc.Text, 60), tt.first)
			}
			if !strings.HasSuffix(doc.Text, tt.last) {
				t.Errorf("Text ends %q, want %q", tail(doc.Text, 60), tt.last)
			}
			for _, s := range tt.absent {
				if strings.Contains(doc.Text, s) {
					t.Errorf("Text still holds %q", s)
				}
			}
			if tt.title != "" && strings.Contains(doc.Text, tt.title) {
				t.Errorf("Text still holds the title %q", tt.title)
			}
		})
	}
}

func head(s string, n int) string { return s[:min(n, len(s))] }
func tail(s string, n int) string { return s[max(0, len(s)-n):] }

func TestSubheadingInsideBodySurvives(t *testing.T) {
	doc, err := Extract(article(t, "testdata/council.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "\nWhat happens next\n") {
		t.Errorf("the subheading inside the body was removed:\n%s", doc.Text)
	}
	doc, err = Extract(article(t, "testdata/council.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "\n\nObjections\n\n") {
		t.Errorf("the HTML subheading was removed or not set apart as a paragraph:\n%s", doc.Text)
	}
	if !strings.Contains(doc.Text, "reading room.\nMarr said") {
		t.Errorf("<br> did not become a line break:\n%s", doc.Text)
	}
}

func TestGivenMetadataWins(t *testing.T) {
	given := time.Date(2024, 5, 8, 6, 0, 0, 0, time.UTC)
	a := article(t, "testdata/council.html")
	a.Title, a.Published, a.Language = "Footbridge Vote", given, "cy"
	doc, err := Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Footbridge Vote" || !doc.Published.Equal(given) || doc.Language != "cy" {
		t.Errorf("got title %q, published %v, language %q; want the article's own", doc.Title, doc.Published, doc.Language)
	}

	a = article(t, "testdata/council.txt")
	a.Title = "Millbrook Council Approves Footbridge Over the Tarn"
	doc, err = Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(doc.Text, "Millbrook Council") {
		t.Errorf("first line repeating the given title was kept:\n%s", head(doc.Text, 120))
	}

	// A different given title leaves a headline-like first line alone... but
	// still keeps the given title.
	a.Title = "Bridge Vote"
	doc, err = Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Bridge Vote" || !strings.HasPrefix(doc.Text, "Millbrook Council Approves") {
		t.Errorf("title %q, text starts %q", doc.Title, head(doc.Text, 40))
	}
}

func TestNoMainText(t *testing.T) {
	tests := map[string]*parallax.Article{
		"nil":             nil,
		"empty text":      {ContentType: parallax.ContentText, Body: []byte("  \n\n ")},
		"only furniture":  {ContentType: parallax.ContentText, Body: []byte("Read more\nShare\n© 2024 Courier\n")},
		"empty html":      {ContentType: parallax.ContentHTML, Body: []byte("<html><body></body></html>")},
		"html nav only":   {ContentType: parallax.ContentHTML, Body: []byte("<html><body><nav><a href=/>Home</a></nav></body></html>")},
		"not html at all": {ContentType: parallax.ContentHTML, Body: []byte{}},
	}
	for name, a := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Extract(a)
			if parallax.ErrorCode(err) != parallax.EInvalid {
				t.Fatalf("Extract: err = %v (code %q), want code %q", err, parallax.ErrorCode(err), parallax.EInvalid)
			}
			var pe *parallax.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *parallax.Error", err)
			}
		})
	}
}

func TestSentenceScore(t *testing.T) {
	prose := []string{
		"He declined to comment.",
		"It was busy.",
		"The vote was five to two",
		"“We will build it,” she said.",
		"Депутаты проголосовали за бюджет.",
		"Officials said they would subscribe to the plan once the costs were known in full and agreed",
	}
	furniture := []string{
		"Executive Editor:",
		"Masthead Masthead",
		"Latest Livewire",
		"Read more",
		"Share this article",
		"Subscribe to our newsletter.",
		"© 2024 Valley Courier",
		"Copyright 2024 Estuary Post Ltd",
		"https://example.org/a https://example.org/b",
		"Home | News | Sport",
		"Senior Designer",
		"Updated 10:32 AM ET, Thu November 10, 2016",
		"",
	}
	for _, l := range prose {
		if s := sentenceScore(l); s < sentenceThreshold {
			t.Errorf("sentenceScore(%q) = %.2f, want ≥ %.1f (prose)", l, s, sentenceThreshold)
		}
	}
	for _, l := range furniture {
		if s := sentenceScore(l); s >= sentenceThreshold {
			t.Errorf("sentenceScore(%q) = %.2f, want < %.1f (furniture)", l, s, sentenceThreshold)
		}
	}
}

func TestHeadLines(t *testing.T) {
	tests := []struct {
		line             string
		headline, byline bool
	}{
		{"Council Approves Footbridge", true, false},
		{"Why the ford flooded in spring", true, false},
		{"The council met on Tuesday.", false, false},
		{"Did the council get it wrong?", false, false},
		{"By Jane Roe, Valley Courier—", false, true},
		{"By Jane Roe", false, true},
		{"Valley Courier Staff", false, true},
		{"Estuary Post —", false, true},
		{"Footbridge Approved | Valley Courier", false, false},
		{"May 7, 2024", false, false},
		{"Millbrook, May 7", false, false},
		{"Bridge", false, false},
		{"by the river the children played all day", false, false},
	}
	for _, tt := range tests {
		if got := looksLikeHeadline(tt.line); got != tt.headline {
			t.Errorf("looksLikeHeadline(%q) = %v, want %v", tt.line, got, tt.headline)
		}
		if got := isByline(tt.line); got != tt.byline {
			t.Errorf("isByline(%q) = %v, want %v", tt.line, got, tt.byline)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := map[string]string{
		"":      "",
		"Hello": "",
		"The council voted on Tuesday night to build a footbridge over the river.":               "en",
		"Der Gemeinderat hat am Dienstag beschlossen, eine neue Brücke über den Fluss zu bauen.": "de",
		"Городской совет во вторник решил построить новый мост через реку.":                      "ru",
	}
	for text, want := range tests {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestPublishedTime(t *testing.T) {
	tests := map[string]string{
		`<meta property="article:published_time" content="2024-05-07T21:40:00+01:00">`:                "2024-05-07T21:40:00+01:00",
		`<meta property="og:published_time" content="2024-05-07 08:15:00">`:                           "2024-05-07T08:15:00Z",
		`<meta itemprop="datePublished" content="2024-05-07">`:                                        "2024-05-07T00:00:00Z",
		`<time itemprop="datePublished" datetime="2024-05-07T10:00:00Z">7 May</time>`:                 "2024-05-07T10:00:00Z",
		`<script type="application/ld+json">[{"datePublished":"2024-05-07T09:30:00-04:00"}]</script>`: "2024-05-07T09:30:00-04:00",
		`<meta property="article:published_time" content="soon">`:                                     "",
		// The most trusted tag wins whatever the order.
		`<meta name="date" content="2020-01-01"><meta property="article:published_time" content="2024-05-07T21:40:00Z">`: "2024-05-07T21:40:00Z",
	}
	for src, want := range tests {
		a := &parallax.Article{ContentType: parallax.ContentHTML, Body: []byte("<html><head>" + src + "</head><body><p>" +
			strings.Repeat("The council met and talked about the new bridge for a long time. ", 8) + "</p></body></html>")}
		doc, err := Extract(a)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got := ""
		if !doc.Published.IsZero() {
			got = doc.Published.Format(time.RFC3339)
		}
		// With no tag of its own, trafilatura may still find a day; only check ours.
		if want == "" {
			continue
		}
		if got != want {
			t.Errorf("%s: Published = %q, want %q", src, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	got := normalize("\uFEFFa  \r\nb\rc\t \n\x00d\xff")
	want := "a\nb\nc\nd\uFFFD"
	if got != want {
		t.Errorf("normalize = %q, want %q", got, want)
	}
}

// seedsDir returns ../shared/corpus/seeds beside the repository root, skipping
// the test when it is absent (and failing on CI, where it must be there).
func seedsDir(t *testing.T) string {
	t.Helper()
	return shared.Path(t, "corpus", "seeds")
}

// lastParagraph returns the last line of a seed that is a paragraph of prose,
// told by length alone (the masthead lines after it are a few words each), so
// the test does not depend on the scorer it checks.
func lastParagraph(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if len(strings.Fields(lines[i])) >= 20 {
			return strings.TrimSpace(lines[i])
		}
	}
	return ""
}

func TestSeeds(t *testing.T) {
	dir := seedsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want 5 seed files in %s, found %d (%v)", dir, len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Extract(&parallax.Article{ContentType: parallax.ContentText, Body: raw})
			if err != nil {
				t.Fatal(err)
			}
			last := lastParagraph(string(raw))
			if last == "" {
				t.Fatal("seed has no paragraph of 20 words or more")
			}
			if !strings.HasSuffix(doc.Text, last) {
				t.Errorf("the last paragraph was lost; text ends %q", tail(doc.Text, 80))
			}
			for _, l := range strings.Split(doc.Text, "\n") {
				if strings.HasSuffix(strings.TrimSpace(l), ":") {
					t.Errorf("a label line survived: %q", l)
				}
			}
			if doc.Language != "en" {
				t.Errorf("Language = %q, want en", doc.Language)
			}
			if !utf8.ValidString(doc.Text) || strings.Contains(doc.Text, "\n\n\n") {
				t.Errorf("text is not valid UTF-8 or has runs of blank lines")
			}
			// Every line of the text is a line of the seed: nothing rewritten, only cut.
			for _, l := range strings.Split(doc.Text, "\n") {
				if l != "" && !strings.Contains(string(raw), l) {
					t.Errorf("line not in the seed: %q", head(l, 60))
				}
			}
			// A first line that looks like a headline became the title and left the text;
			// a first line that is a sentence stayed.
			first := strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0])
			switch {
			case doc.Title != "":
				if doc.Title != first || strings.HasPrefix(doc.Text, first) {
					t.Errorf("title %q: want the first line, taken out of the text", doc.Title)
				}
			case doc.Byline != "":
				if strings.HasPrefix(doc.Text, "By ") {
					t.Errorf("byline %q left in the text", doc.Byline)
				}
			default:
				if !strings.HasPrefix(doc.Text, first) {
					t.Errorf("the first line was dropped though it is no headline")
				}
			}
		})
	}
}

func TestSeedMastheadTrimmed(t *testing.T) {
	dir := seedsDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "004_*.txt"))
	if len(files) != 1 {
		t.Fatalf("seed 004 not found in %s", dir)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Extract(&parallax.Article{ContentType: parallax.ContentText, Body: raw})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(doc.Text, lastParagraph(string(raw))) {
		t.Errorf("text does not end with the last paragraph; it ends %q", tail(doc.Text, 80))
	}
	// The masthead is everything after the last paragraph; none of it may remain.
	after := strings.TrimSpace(string(raw)[strings.LastIndex(string(raw), lastParagraph(string(raw)))+len(lastParagraph(string(raw))):])
	if after == "" {
		t.Fatal("seed 004 has no masthead after its last paragraph")
	}
	for _, l := range strings.Split(after, "\n") {
		if strings.Contains(doc.Text, "\n"+strings.TrimSpace(l)) {
			t.Errorf("masthead line survived: %q", l)
		}
	}
	if doc.Title == "" {
		t.Error("the headline of seed 004 was not taken as the title")
	}
}

func FuzzExtractHTML(f *testing.F) {
	for _, name := range []string{"council.html", "masthead.html", "clutter.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<html><body><p>Short.</p></body></html>"))
	f.Add([]byte("<p>Un<b>closed <i>tags everywhere"))
	f.Add([]byte("<html><head><script type=\"application/ld+json\">{\"datePublished\": [1, {}]}</script></head><body><p>x\xff\xfe</p></body></html>"))
	f.Add([]byte("<table><tr><td>a<td>b<tr><td>c</table><br><br><hr>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		doc, err := Extract(&parallax.Article{ContentType: parallax.ContentHTML, Body: page})
		if err != nil {
			if parallax.ErrorCode(err) != parallax.EInvalid {
				t.Fatalf("error with code %q, want %q: %v", parallax.ErrorCode(err), parallax.EInvalid, err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("Text is not valid UTF-8: %q", doc.Text)
		}
		if strings.TrimSpace(doc.Text) == "" {
			t.Fatal("no error, but empty Text")
		}
	})
}

func BenchmarkExtractText(b *testing.B) {
	benchmarkFixtures(b, "*.txt")
}

func BenchmarkExtractHTML(b *testing.B) {
	benchmarkFixtures(b, "*.html")
}

func benchmarkFixtures(b *testing.B, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures %s: %v", pattern, err)
	}
	var arts []*parallax.Article
	size := 0
	for _, f := range files {
		a := article(b, f)
		arts = append(arts, a)
		size += len(a.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			if _, err := Extract(a); err != nil {
				b.Fatal(err)
			}
		}
	}
}
