package extract

import (
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mainText returns the main text of a parsed page, paragraphs separated by
// blank lines, or "" when the page has none.
func mainText(root *html.Node) string {
	p := build(root)
	if p.body == nil {
		return ""
	}
	p.settleJunk()
	p.choose()
	return p.emit()
}

// guardShare is the share of a page's prose above which an element is the
// article, whatever its names say. A class word is a guess ("sliderBox",
// "l-sidebar-fixed l-article-body-segment" hold whole articles); comments
// and sidebars rarely hold more than half of a page's prose. On the
// benchmark pages any share from 0.5 to 0.7 gives the same result.
const guardShare = 0.6

// settleJunk decides which boilerplate is really boilerplate, marks the
// blocks inside it, and totals the remaining text of every element.
func (p *page) settleJunk() {
	total := float64(p.body.rawProse)
	for _, e := range p.elems {
		if e.junk && e.tag != atom.Nav && total > 0 && float64(e.rawProse) >= guardShare*total {
			e.junk = false
		}
	}
	for _, b := range p.blocks {
		if b.chars == 0 || b.owner == nil {
			continue
		}
		if b.junk = inJunk(b.owner); b.junk {
			continue
		}
		for e := b.owner; e != nil; e = e.parent {
			e.chars += b.chars
			e.linkChars += b.linkChars
		}
	}
}

// inJunk reports whether e is boilerplate or inside boilerplate. A quotation
// that fills its boilerplate wrapper is not: an embedded post (a tweet in a
// "social-embed" box) is quoted as part of the article, however the box is
// named.
func inJunk(e *elem) bool {
	var quote *elem
	for ; e != nil; e = e.parent {
		if e.tag == atom.Blockquote && !e.junk && quote == nil {
			quote = e
		}
		if e.junk && (quote == nil || quote.rawChars*5 < e.rawChars*4) {
			return true
		}
	}
	return false
}

// paragraphTags hold text themselves; their score goes to their container.
var paragraphTags = map[atom.Atom]bool{
	atom.P: true, atom.Pre: true, atom.Td: true, atom.Th: true, atom.Li: true, atom.Dd: true, atom.Dt: true,
	atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Address: true, atom.Caption: true,
}

// choose marks the elements that hold the article.
//
// As in Readability, every block of 25 characters or more scores 1, plus 1
// per comma, plus 1 per 100 characters (3 at most), and gives this score to
// its container, half of it to the container's parent and a sixth, a
// ninth… to the next three up. Each scored element starts from its tag's and
// its names' weights, and its total is discounted by its link density. The
// best element is the article; an ancestor holding several near-best
// candidates, or scoring better than the level below it, replaces it, and
// siblings that score well enough are added to it.
func (p *page) choose() {
	var cands []*elem
	for _, b := range p.blocks {
		if b.junk || b.chars < 25 || b.owner == nil {
			continue
		}
		score := 1 + float64(b.commas) + min(float64(b.chars)/100, 3)
		anc := b.owner.parent
		if !paragraphTags[b.owner.tag] && b.owner.blockKids {
			anc = b.owner // loose text in a container is a paragraph of that container
		}
		for level := 0; anc != nil && level < 5; level, anc = level+1, anc.parent {
			if !anc.scored {
				anc.scored = true
				anc.score = initialScore(anc)
				cands = append(cands, anc)
			}
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level * 3)
			}
			anc.score += score / div
		}
	}
	if len(cands) == 0 {
		p.body.selected = true
		return
	}
	for _, c := range cands {
		c.score *= 1 - c.linkDensity()
	}
	// Best first; ties go to the earlier element so that the choice is stable.
	slices.SortStableFunc(cands, func(a, b *elem) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	top := climb(commonAncestor(cands[0], cands))
	selectSiblings(top)
}

// initialScore is an element's weight before its paragraphs count: lists,
// headings and forms are rarely the article, plain containers often are.
func initialScore(e *elem) float64 {
	s := 0.0
	switch e.tag {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	return s + 25*float64(e.hint)
}

// commonAncestor returns the ancestor of top holding three or more of the
// next candidates that score within a quarter of it: an article cut into
// several containers (text, pull quote, text) is their parent.
func commonAncestor(top *elem, cands []*elem) *elem {
	var alts []*elem
	for _, c := range cands[1:min(len(cands), 6)] {
		if c.score >= top.score*0.75 {
			alts = append(alts, c)
		}
	}
	if len(alts) < 3 {
		return top
	}
	for anc := top.parent; anc != nil && anc.tag != atom.Body; anc = anc.parent {
		n := 0
		for _, a := range alts {
			if isAncestor(anc, a) {
				n++
			}
		}
		if n >= 3 {
			return anc
		}
	}
	return top
}

func isAncestor(anc, e *elem) bool {
	for ; e != nil; e = e.parent {
		if e == anc {
			return true
		}
	}
	return false
}

// climb moves up from top while an ancestor scores better than the level
// below it (the text is split among that ancestor's children), then through
// parents that hold no more text than top.
func climb(top *elem) *elem {
	last := top.score
	threshold := last / 3
	for anc := top.parent; anc != nil && anc.tag != atom.Body; anc = anc.parent {
		if !anc.scored {
			continue
		}
		if anc.score < threshold {
			break
		}
		if anc.score > last {
			top = anc
			break
		}
		last = anc.score
	}
	for top.parent != nil && top.parent.tag != atom.Body && top.parent.chars == top.chars {
		top = top.parent
	}
	return top
}

// siblingMaxLinks is the highest link density of a sibling joining the
// article: teaser lists score well on their excerpts, and their linked
// headlines give them away.
const siblingMaxLinks = 0.33

// selectSiblings marks top and those of its siblings that belong to the
// article: scoring at least a fifth as well (more easily when they share its
// class), or paragraphs of prose.
func selectSiblings(top *elem) {
	top.selected = true
	if top.parent == nil {
		return
	}
	threshold := max(10, top.score*0.2)
	class := attr(top.node, "class")
	for s := top.parent.firstKid; s != nil; s = s.next {
		if s == top || s.junk || s.chars == 0 {
			continue
		}
		ld := s.linkDensity()
		if s.scored {
			bonus := 0.0
			if class != "" && attr(s.node, "class") == class {
				bonus = top.score * 0.2
			}
			if s.score+bonus >= threshold && ld < siblingMaxLinks {
				s.selected = true
				continue
			}
		}
		if s.tag == atom.P || s.tag == atom.Div && !s.blockKids {
			s.selected = s.chars > 80 && ld < 0.25 ||
				s.chars <= 80 && ld == 0 && endsSentence(squash(textOf(s.node)))
		}
	}
}
