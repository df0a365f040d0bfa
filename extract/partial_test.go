package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// articlePage builds an invented article page with the given head and paragraphs.
func articlePage(head string, paras ...string) *parallax.Article {
	var b strings.Builder
	b.WriteString("<html><head><title>Harbour fees to rise</title>" + head + "</head><body><nav>Home | Local | Sport</nav><article><h1>Harbour fees to rise</h1>")
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString("</article><footer>© Selby Courier</footer></body></html>")
	return &parallax.Article{URL: "https://selby-courier.test/news/fees?utm=x", ContentType: parallax.ContentHTML, Body: []byte(b.String())}
}

var prose = []string{
	"The Selby harbour board voted on Tuesday to raise mooring fees by a tenth from April, the first rise in six years.",
	"Board chair Ines Varga said the money would pay for dredging the inner basin, which has silted up since the storms of last winter.",
	"Fishermen who use the harbour said they had not been consulted and would ask the council to review the decision at its next meeting.",
}

func TestPageMeta(t *testing.T) {
	head := `<link rel="canonical" href="/news/2031/fees">
<meta property="article:published_time" content="2031-03-04T09:00:00Z">
<meta property="article:modified_time" content="2031-03-04T15:30:00+01:00">`
	p, err := ExtractPage(articlePage(head, prose...))
	if err != nil {
		t.Fatal(err)
	}
	if p.CanonicalURL != "https://selby-courier.test/news/2031/fees" {
		t.Errorf("canonical %q", p.CanonicalURL)
	}
	if !p.Published.Equal(time.Date(2031, 3, 4, 9, 0, 0, 0, time.UTC)) || !p.Updated.Equal(time.Date(2031, 3, 4, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("published %v, updated %v", p.Published, p.Updated)
	}
	if p.Partial != "" {
		t.Errorf("a whole text marked %q", p.Partial)
	}
	// A modification time before publication is the template's, not news.
	p, _ = ExtractPage(articlePage(`<meta property="article:published_time" content="2031-03-04T09:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2019-01-01"}</script>`, prose...))
	if !p.Updated.IsZero() {
		t.Errorf("updated %v before publication", p.Updated)
	}
}

func TestPartial(t *testing.T) {
	notFree := `<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False","hasPart":{"isAccessibleForFree":false}}</script>`
	long := append(append(append([]string{}, prose...), prose...), prose...)
	tests := []struct {
		name, head string
		paras      []string
		want       string
		gone       string // a line that must not stay in the text
	}{
		{"whole", "", prose, "", ""},
		{"paywall prompt", "", append(prose[:2:2], "Subscribe now to continue reading this story."), PartialPaywall, "Subscribe"},
		{"already a subscriber", "", append(prose[:2:2], "Already a subscriber? Log in"), PartialPaywall, "Already"},
		{"teaser ending on an ellipsis", "", append(prose[:1:1], "Board chair Ines Varga said the money would pay for…"), PartialTruncated, ""},
		{"declared not free and short", notFree, prose[:2], PartialPaywall, ""},
		{"declared not free but whole", notFree, long, "", ""},
		{"a quotation trailing off is no teaser", "", append(prose[:2:2], `"We will see what the council says..."`), "", ""},
		{"prose mentioning subscribers", "", append(prose[:2:2], "The board said subscribers to the harbour newsletter would be told first, and that the fees would be reviewed every year."), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ExtractPage(articlePage(tt.head, tt.paras...))
			if err != nil {
				t.Fatal(err)
			}
			if p.Partial != tt.want {
				t.Errorf("partial %q, want %q; text %q", p.Partial, tt.want, p.Text)
			}
			if tt.gone != "" && strings.Contains(p.Text, tt.gone) {
				t.Errorf("the prompt stayed in the text: %q", p.Text)
			}
		})
	}
	// Plain text: a teaser is truncated too.
	p, err := ExtractPage(&parallax.Article{ContentType: parallax.ContentText, Body: []byte(prose[0] + "\n\nBoard chair Ines Varga said the money…")})
	if err != nil || p.Partial != PartialTruncated {
		t.Errorf("plain-text teaser: %q, %v", p.Partial, err)
	}
}
