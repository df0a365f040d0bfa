package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The main text of a page is found in three steps, after Readability's and
// trafilatura's ideas:
//
//  1. build (this file): one walk over the DOM cuts the visible text into
//     blocks (the text between two block-level tags) and notes, for every
//     element, its tag, the hints its class, id and role give, and whether
//     it is boilerplate by tag (nav, aside, footer, forms, figures) or by
//     name (share bars, comments, related links, newsletters, captions).
//  2. choose (select.go): each prose block scores its ancestors (the nearest
//     most), and the element with the best score, discounted by its link
//     density, is the article; siblings that score well enough join it.
//  3. emit (emit.go): the blocks under the chosen elements are written out,
//     except boilerplate and the blocks that read as furniture (link lists,
//     "Read more" lines, captions).
//
// Everything is decided from the page's shape and generic class-name words,
// never from one site's markup.

// elem is what the extractor knows about one element of the page.
type elem struct {
	node                 *html.Node
	tag                  atom.Atom
	parent               *elem
	firstKid, next, last *elem // child elements in page order (last: the latest added)
	hint                 int   // class and id words: < 0 boilerplate, > 0 article (see hintOf)
	junk                 bool  // boilerplate by tag or by a class, id or role word
	blockKids            bool  // has a block-level child element
	images               int   // <img> elements inside
	// Text inside, in characters with white space collapsed. The raw counts
	// take every block (rawProse only prose blocks, see isProse); the others
	// leave out boilerplate (see settleJunk).
	rawChars, rawProse int
	chars, linkChars   int
	score              float64
	scored, selected   bool
}

// block is a run of text between block-level boundaries.
type block struct {
	owner     *elem // innermost block-level element around the text
	text      strings.Builder
	chars     int  // characters, white space collapsed
	linkChars int  // characters inside <a>
	commas    int  // the commas Readability counts as a sign of prose
	space     bool // white space is pending: written before the next character
	lineStart bool // a <br> was just written: white space after it is dropped
	junk      bool // inside boilerplate
}

// page is a walked page: its elements and its blocks, in page order.
type page struct {
	elems  []*elem
	blocks []*block
	body   *elem
}

// skipTags never hold article text: their content is not walked at all.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Video: true, atom.Audio: true, atom.Picture: true, atom.Img: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Option: true, atom.Head: true,
	atom.Title: true, atom.Dialog: true, atom.Map: true,
}

// junkTags are page furniture by their tag: headers, footers, menus,
// sidebars, forms, figures with their captions. Their text is left out
// unless it is most of the page's prose (see settleJunk).
var junkTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Header: true, atom.Menu: true,
	atom.Figure: true, atom.Figcaption: true, atom.Form: true, atom.Label: true, atom.Fieldset: true,
}

// blockTags start a new block of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true,
	atom.Hr: true, atom.Address: true, atom.Details: true, atom.Summary: true, atom.Form: true,
	atom.Fieldset: true, atom.Center: true, atom.Body: true, atom.Html: true, atom.Menu: true,
	atom.Hgroup: true,
}

// build walks the page once, creating an elem for every element whose
// content can be seen and cutting its text into blocks.
func build(root *html.Node) *page {
	p := &page{elems: make([]*elem, 0, 1024)}
	var (
		cur   *block
		links int // <a> elements around the current text
	)
	startBlock := func(owner *elem) {
		if cur != nil && cur.chars == 0 && cur.owner == owner {
			return
		}
		cur = &block{owner: owner}
		p.blocks = append(p.blocks, cur)
	}
	var walk func(n *html.Node, parent, owner *elem)
	walk = func(n *html.Node, parent, owner *elem) {
		switch n.Type {
		case html.TextNode:
			if cur == nil {
				startBlock(owner)
			}
			addText(cur, n.Data, links > 0)
			return
		case html.DocumentNode:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, parent, owner)
			}
			return
		case html.ElementNode:
		default:
			return
		}
		a := n.DataAtom
		if a == atom.Img {
			for e := parent; e != nil; e = e.parent {
				e.images++
			}
		}
		if skipTags[a] || hidden(n) {
			return
		}
		if a == atom.Br {
			if cur != nil && cur.chars > 0 {
				cur.text.WriteByte('\n')
				cur.space, cur.lineStart = false, true
			}
			return
		}
		e := &elem{node: n, parent: parent, tag: a}
		p.elems = append(p.elems, e)
		if parent != nil {
			if parent.last == nil {
				parent.firstKid = e
			} else {
				parent.last.next = e
			}
			parent.last = e
		}
		if a == atom.Body {
			p.body = e
		}
		e.hint, e.junk = hintOf(n)
		// <article> and <main> say what they hold more reliably than the
		// class soup a CMS gives them ("post tag-sharing category-news").
		if a == atom.Article || a == atom.Main || a == atom.Body || a == atom.Html {
			e.junk = false
		}
		e.junk = e.junk || junkTags[a]
		// Boilerplate inline elements (a share link inside a paragraph) are
		// cut out as blocks of their own so that they can be dropped alone.
		isBlock := blockTags[a] || a == 0 && isBlockish(n)
		before, inner := cur, owner
		if isBlock || e.junk {
			if parent != nil && isBlock {
				parent.blockKids = true
			}
			inner = e
			startBlock(inner)
		}
		if a == atom.A {
			links++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, e, inner)
		}
		if a == atom.A {
			links--
		}
		switch {
		case isBlock:
			startBlock(owner) // text after the element belongs to the enclosing block again
		case e.junk:
			// The paragraph around an inline piece of boilerplate goes on.
			if before != nil && before.owner == owner {
				cur = before
				cur.space = cur.chars > 0
			} else {
				startBlock(owner)
			}
		}
	}
	walk(root, nil, nil)
	for _, b := range p.blocks {
		if b.chars == 0 || b.owner == nil {
			continue
		}
		prose := 0
		if isProse(b) {
			prose = b.chars
		}
		for e := b.owner; e != nil; e = e.parent {
			e.rawChars += b.chars
			e.rawProse += prose
		}
	}
	return p
}

// isBlockish reports custom elements (<story-body>, <amp-…>) that hold
// paragraphs: unknown tags are treated as blocks so their text does not run
// into a neighbour's.
func isBlockish(n *html.Node) bool {
	return strings.Contains(n.Data, "-")
}

// addText appends a text node's words to b, collapsing white space.
func addText(b *block, s string, inLink bool) {
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			b.space = b.chars > 0 && !b.lineStart
			continue
		}
		if b.space {
			b.text.WriteByte(' ')
			b.space = false
		}
		b.lineStart = false
		if r == ',' || r == '，' || r == '、' {
			b.commas++
		}
		b.text.WriteRune(r)
		b.chars++
		if inLink {
			b.linkChars++
		}
	}
}

// hidden reports elements the page does not show: the hidden attribute,
// aria-hidden, display:none and visibility:hidden inline styles.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ToLower(a.Val)
			if strings.Contains(s, "display") || strings.Contains(s, "visibility") {
				s = strings.ReplaceAll(s, " ", "")
				if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
					return true
				}
			}
		}
	}
	return false
}

// isProse reports blocks that read like article text: long enough, few
// links.
func isProse(b *block) bool {
	return b.chars >= 60 && b.linkChars*3 < b.chars
}

// linkDensity is the share of e's text inside links.
func (e *elem) linkDensity() float64 {
	if e.chars == 0 {
		return 0
	}
	return float64(e.linkChars) / float64(e.chars)
}
