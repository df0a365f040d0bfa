package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// page wraps body paragraphs in a minimal page; the filler gives the article
// enough prose to be found.
func testPage(head, body string) *parallax.Article {
	return &parallax.Article{ContentType: parallax.ContentHTML,
		Body: []byte("<html><head>" + head + "</head><body>" + body + "</body></html>")}
}

const filler = `<p>The council met on Tuesday evening and talked about the new bridge, the road, and the school for a long time.</p>
<p>Residents asked about the cost, the noise during the works, and whether the footpath would stay open all summer.</p>
<p>The chair said a decision would come next month, after the engineers had reported back to the works committee.</p>`

func TestClutterFixture(t *testing.T) {
	p, err := ExtractPage(article(t, "testdata/clutter.html"))
	if err != nil {
		t.Fatal(err)
	}
	kept := []string{
		"The ferry that crosses Saltmere harbour",
		"wind farm on the headland",                // a paragraph with a link in it
		"First crossing on battery power",          // an embedded post, whatever its box is called
		"\n\nWhat it costs\n\n",                    // a subheading
		"while the last engine is replaced.",       // the last paragraph, after the clutter
		"\"The gulls will have to shout louder.\"", // a short quoted paragraph
	}
	for _, s := range kept {
		if !strings.Contains(p.Text, s) {
			t.Errorf("text lost %q", s)
		}
	}
	dropped := []string{
		"Harbour Ferry Gets Electric Engines", // the headline
		"Ada Quill", "Share on", "Photo: Harbour Board", "Read more", "Harbour dredging",
		"inbox", "Sign up", "Advertisement", "Related", "New pontoon", "Most read", "sidebar teaser",
		"comments", "Great news", "©", "Subscribe",
	}
	for _, s := range dropped {
		if strings.Contains(p.Text, s) {
			t.Errorf("text holds %q", s)
		}
	}
	// A relative canonical link cannot be resolved without the page's own
	// URL: og:url, absolute, is the page's address then.
	if p.URL != "https://herald.example/2025/03/14/ferry-electric" {
		t.Errorf("URL = %q, want og:url", p.URL)
	}
	if p.Site != "Saltmere Herald" {
		t.Errorf("Site = %q", p.Site)
	}

	a := article(t, "testdata/clutter.html")
	a.URL = "https://herald.example/story?id=7"
	if p, _ = ExtractPage(a); p.URL != "https://herald.example/2025/03/14/ferry-electric-engines" {
		t.Errorf("URL = %q, want the canonical link resolved against the article's URL", p.URL)
	}
}

func TestMetadata(t *testing.T) {
	tests := []struct {
		name, head, body               string
		title, byline, published, lang string
		url                            string
	}{
		{
			name:  "open graph title wins over a title with the site name",
			head:  `<title>Bridge Opens | Valley Courier</title><meta property="og:title" content="Bridge Opens at Last">`,
			title: "Bridge Opens at Last",
		},
		{
			name:  "site name cut from the title",
			head:  `<title>Valley Courier - Bridge Opens at Last</title><meta property="og:site_name" content="Valley Courier">`,
			title: "Bridge Opens at Last",
		},
		{
			name:  "a short capitalised credit cut from the title",
			head:  `<title>Bridge Opens at Last | Valley Courier</title>`,
			title: "Bridge Opens at Last",
		},
		{
			name:   "meta author, not a profile URL",
			head:   `<meta property="article:author" content="https://facebook.example/jane"><meta name="author" content="Jane Roe">`,
			byline: "Jane Roe",
		},
		{
			name:   "byline element, cut before its date",
			body:   `<div class="byline">By Jane Roe | Updated 10:32 AM ET, May 7, 2024</div>`,
			byline: "Jane Roe",
		},
		{
			name:      "time of day kept from the page's tags",
			head:      `<meta property="article:published_time" content="2024-05-07T21:40:00+01:00">`,
			published: "2024-05-07T21:40:00+01:00",
		},
		{
			name:      "a <time> element when nothing better",
			body:      `<time datetime="2024-05-07T08:00:00Z">7 May</time>`,
			published: "2024-05-07T08:00:00Z",
		},
		{
			name:      "the day in the canonical URL as a last resort",
			head:      `<link rel="canonical" href="https://courier.example/2024/05/07/bridge-opens">`,
			published: "2024-05-07T00:00:00Z", url: "https://courier.example/2024/05/07/bridge-opens",
		},
		{
			name: "og:url when there is no canonical link",
			head: `<meta property="og:url" content="https://courier.example/bridge">`,
			url:  "https://courier.example/bridge",
		},
		{
			name: "declared language kept when the text cannot tell",
			head: `<meta property="og:locale" content="cy_GB">`, lang: "cy",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testPage(tt.head, tt.body+filler)
			if tt.lang != "" {
				// Too few letters for detection: the page's declaration stands.
				a = testPage(tt.head, "<p>Pont newydd.</p>")
			}
			p, err := ExtractPage(a)
			if err != nil {
				t.Fatal(err)
			}
			pub := ""
			if !p.Published.IsZero() {
				pub = p.Published.Format(time.RFC3339)
			}
			check := func(what, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("Title", p.Title, tt.title)
			check("Byline", p.Byline, tt.byline)
			check("Published", pub, tt.published)
			check("Language", p.Language, tt.lang)
			check("URL", p.URL, tt.url)
		})
	}
}

func TestNameVerdict(t *testing.T) {
	tests := map[string]int{
		"article-body":           1,
		"storyContent":           1,
		"share-tools":            -1,
		"article__share":         -1, // the head of a BEM name decides
		"relatedPosts":           -1,
		"sharebar":               -1, // run-together names by their start
		"l-article-body-segment": 1,
		"has-sidebar":            0, // a state, not a kind
		"content-with-sidebar":   0,
		"col-md-8":               0,
		"tag-ferries":            0, // WordPress puts tags on the article itself
	}
	for name, want := range tests {
		if got := nameVerdict(name); got != want {
			t.Errorf("nameVerdict(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestMainTextGuards(t *testing.T) {
	tests := map[string]struct {
		body       string
		want, lose []string
	}{
		"an article container with a boilerplate word in its class": {
			body: `<div class="content-wrap sidebar-left">` + filler + `</div><div class="sidebar"><p>Short teaser.</p></div>`,
			want: []string{"The council met", "engineers had reported back"},
			lose: []string{"Short teaser"},
		},
		"a caption box beside the text, a paragraph with an icon kept": {
			body: filler + `<div><img src=a.jpg><span>The bridge at dusk.</span></div><p><img src=icon.png> The works start in June, the chair said, and will last for three months.</p>`,
			want: []string{"The works start in June"},
			lose: []string{"The bridge at dusk"},
		},
		"a list announced by a pointer goes with it": {
			body: filler + `<h3>More great stories</h3><ul><li>Ferry gets engines and a new deck</li><li>Dredging starts in April on the quay</li></ul><p>The council will meet again in June to vote on the final design.</p>`,
			want: []string{"meet again in June"},
			lose: []string{"More great stories", "Ferry gets engines"},
		},
		"a sentence full of linked names stays, a link list goes": {
			body: filler + `<p><a href=/a>Jane Roe</a> and <a href=/b>Amos Pell</a> of the <a href=/c>works committee</a> voted for it.</p><p><a href=/d>Fair dates announced for the summer</a></p>`,
			want: []string{"voted for it."},
			lose: []string{"Fair dates"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Extract(testPage("", tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.want {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("lost %q:\n%s", s, doc.Text)
				}
			}
			for _, s := range tt.lose {
				if strings.Contains(doc.Text, s) {
					t.Errorf("kept %q:\n%s", s, doc.Text)
				}
			}
		})
	}
}

func TestIsPointer(t *testing.T) {
	pointers := []string{
		"Read more: Harbour dredging to start in April",
		"[Related: New pontoon for the north quay]",
		"CLICK HERE TO GET THE APP",
		"Comments",
		"Advert",
		"Sign up for our newsletter",
		"Follow the Herald on Twitter and Facebook.",
		"Tell us what you think...",
	}
	text := []string{
		"Residents signed a petition against the plan.",
		"Read the report, she said, and you will see why.", // long enough to be a sentence
		"Follow-up talks are planned for June.",
		"Get it on Amazon for $39.99",
	}
	for _, s := range pointers {
		if !isPointer(s) {
			t.Errorf("isPointer(%q) = false, want true", s)
		}
	}
	for _, s := range text {
		if isPointer(s) {
			t.Errorf("isPointer(%q) = true, want false", s)
		}
	}
}

func TestCleanByline(t *testing.T) {
	tests := map[string]string{
		"By Jane Roe, Valley Courier—":                       "Jane Roe, Valley Courier",
		"By Justine Coleman - 11/18/19 11:04 PM EST":         "Justine Coleman",
		"Tom Davies Associated Press Published 11:34 PM EST": "Tom Davies Associated Press",
		"Madeline Fry | November 18, 2019 12:01 PM":          "Madeline Fry",
		"": "",
	}
	for in, want := range tests {
		if got := cleanByline(in); got != want {
			t.Errorf("cleanByline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFurnitureLines(t *testing.T) {
	furniture := []string{
		"(Reporting by Jane Roe; Editing by Sam Idle)",
		"Reporting by Jane Roe; additional reporting by Amos Pell; Editing by Sam Idle",
		"Associated Press writers Ruth Okafor and Dev Marr contributed to this report.",
		"PUBLISHED: November 19, 2019 at 8:59 pm | UPDATED: November 19, 2019 at 10:16 pm",
	}
	prose := []string{
		"Reporting by the council's own auditors found no fault with the tender.",
		"Published figures show the ferry carried 40,000 people last year, more than in 2019.",
	}
	for _, l := range furniture {
		if !isFurniture(l, features(l)) {
			t.Errorf("isFurniture(%q) = false, want true", l)
		}
	}
	for _, l := range prose {
		if isFurniture(l, features(l)) {
			t.Errorf("isFurniture(%q) = true, want false", l)
		}
	}
}

func TestTableRows(t *testing.T) {
	doc, err := Extract(testPage("", filler+`<table><tr><th>Team</th><th>Points</th></tr><tr><td>Millbrook</td><td>12</td></tr></table>`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(doc.Text, "\n\nTeam\tPoints\n\nMillbrook\t12") {
		t.Errorf("table rows not one line each, cells tab-separated:\n%q", tail(doc.Text, 60))
	}
}
