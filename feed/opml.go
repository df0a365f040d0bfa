package feed

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/net/html/charset"
)

// Outline is one feed of an OPML subscription list.
type Outline struct {
	Title    string // the outline's title (or text) attribute
	XMLURL   string // the feed's address (xmlUrl); never "" in ParseOPML's results
	HTMLURL  string // the site's address (htmlUrl), "" if none
	Category string // the folders holding it, outermost first, joined by "/"; "" at the top level
}

// opmlOutline mirrors an <outline> element, children included.
type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	Type     string        `xml:"type,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	HTMLURL  string        `xml:"htmlUrl,attr"`
	Children []opmlOutline `xml:"outline"`
}

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Title   string        `xml:"head>title"`
	Body    []opmlOutline `xml:"body>outline"`
}

// ParseOPML reads an OPML subscription list (at most DefaultMaxBytes) and
// returns its feeds in document order, nested folders flattened into
// Outline.Category. Outlines without an xmlUrl are skipped. Errors wrap
// ErrTooLarge, ErrEntities or ErrMalformed.
func ParseOPML(r io.Reader) ([]Outline, error) {
	return (&Parser{}).ParseOPML(r)
}

// ParseOPML is the package's ParseOPML with p.MaxBytes as the size limit.
func (p *Parser) ParseOPML(r io.Reader) ([]Outline, error) {
	data, err := readCapped(r, p.maxBytes())
	if err != nil {
		return nil, err
	}
	if err := checkXML(data); err != nil {
		return nil, err
	}
	var doc opmlDoc
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false // hand-written OPML often has a bare '&' in a URL
	d.CharsetReader = charset.NewReaderLabel
	if err := d.Decode(&doc); err != nil {
		if strings.Contains(err.Error(), "expected element type <opml>") {
			return nil, fmt.Errorf("%w: OPML: the root element is not <opml>", ErrMalformed)
		}
		if err == io.EOF {
			return nil, fmt.Errorf("%w: OPML: the document is empty", ErrMalformed)
		}
		return nil, fmt.Errorf("%w: OPML: %v", ErrMalformed, err)
	}
	var out []Outline
	var walk func(list []opmlOutline, category string)
	walk = func(list []opmlOutline, category string) {
		for _, o := range list {
			title := strings.TrimSpace(o.Title)
			if title == "" {
				title = strings.TrimSpace(o.Text)
			}
			if u := strings.TrimSpace(o.XMLURL); u != "" {
				out = append(out, Outline{Title: title, XMLURL: u, HTMLURL: strings.TrimSpace(o.HTMLURL), Category: category})
			}
			if len(o.Children) > 0 {
				sub := title
				if sub == "" {
					sub = "untitled"
				}
				if category != "" {
					sub = category + "/" + sub
				}
				walk(o.Children, sub)
			}
		}
	}
	walk(doc.Body, "")
	return out, nil
}

// WriteOPML writes outlines as an OPML 2.0 document: those without a Category
// first, then one folder per Category (in order of first appearance), each
// feed as <outline type="rss" text= title= xmlUrl= htmlUrl=>. Outlines
// without an XMLURL are skipped. ParseOPML reads the result back to the same
// outlines (with categories grouped).
func WriteOPML(w io.Writer, outlines []Outline) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString("<opml version=\"2.0\">\n  <head>\n    <title>parallax sources</title>\n  </head>\n  <body>\n")
	order := map[string]int{}
	var cats []string
	for _, o := range outlines {
		if _, ok := order[o.Category]; !ok {
			order[o.Category] = len(cats)
			cats = append(cats, o.Category)
		}
	}
	// Top level first, then folders in order of first appearance.
	sort.SliceStable(cats, func(i, j int) bool { return cats[i] == "" && cats[j] != "" })
	for _, c := range cats {
		indent := "    "
		if c != "" {
			fmt.Fprintf(bw, "    <outline text=\"%s\" title=\"%s\">\n", attr(c), attr(c))
			indent = "      "
		}
		for _, o := range outlines {
			if o.Category != c || strings.TrimSpace(o.XMLURL) == "" {
				continue
			}
			fmt.Fprintf(bw, "%s<outline type=\"rss\" text=\"%s\" title=\"%s\" xmlUrl=\"%s\"", indent, attr(o.Title), attr(o.Title), attr(o.XMLURL))
			if o.HTMLURL != "" {
				fmt.Fprintf(bw, " htmlUrl=\"%s\"", attr(o.HTMLURL))
			}
			bw.WriteString("/>\n")
		}
		if c != "" {
			bw.WriteString("    </outline>\n")
		}
	}
	bw.WriteString("  </body>\n</opml>\n")
	return bw.Flush()
}

// attr escapes s for a double-quoted XML attribute, keeping tabs and
// newlines as character references so they survive attribute normalisation.
func attr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
