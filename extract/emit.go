package extract

import (
	"strings"

	"golang.org/x/net/html/atom"
)

// emit writes the blocks of the chosen elements, paragraphs separated by
// blank lines and the cells of a table row by tabs, leaving out what reads
// as furniture. A list right after a pointer ("More great stories",
// "Related:") is the list it announces, and goes with it.
func (p *page) emit() string {
	var (
		sb         strings.Builder
		afterPoint bool
		lastCell   *elem // the table cell written last, if the last block was one
	)
	for _, b := range p.blocks {
		if b.junk || b.chars == 0 || !inSelected(b.owner) {
			continue
		}
		text := strings.TrimSpace(b.text.String())
		if afterPoint && b.owner.tag == atom.Li {
			continue
		}
		afterPoint = false
		if dropBlock(b, text) {
			afterPoint = isPointer(text)
			continue
		}
		cell := b.owner
		if cell.tag != atom.Td && cell.tag != atom.Th {
			cell = nil
		}
		switch {
		case sb.Len() == 0:
		case cell != nil && lastCell != nil && cell.parent == lastCell.parent:
			sb.WriteByte('\t') // the cells of a table row make one line
		default:
			sb.WriteString("\n\n")
		}
		lastCell = cell
		sb.WriteString(text)
	}
	return sb.String()
}

func inSelected(e *elem) bool {
	for ; e != nil; e = e.parent {
		if e.selected {
			return true
		}
	}
	return false
}

// dropBlock reports blocks inside the article that are not its text: the
// headline, captions, link lists and pointers away from the article.
func dropBlock(b *block, text string) bool {
	return b.owner.tag == atom.H1 || isCaption(b) || tooManyLinks(b, text) || isPointer(text)
}

// captionMax is the longest caption box, in characters.
const captionMax = 200

// isCaption reports the short text that sits with an image in a small box
// of its own: a caption or a photo credit, not the article's words. A
// paragraph is not such a box: a <p> with an image is text with an icon in it.
func isCaption(b *block) bool {
	return b.owner.images > 0 && b.owner.chars < captionMax && b.owner.tag != atom.P
}

// tooManyLinks reports blocks that are mostly link text: lists of other
// stories, buttons. A sentence may link more of its words (names, sources)
// than a line of furniture does.
func tooManyLinks(b *block, text string) bool {
	limit := 0.5
	if endsSentence(text) && len(strings.Fields(text)) >= 6 {
		limit = 0.65
	}
	return float64(b.linkChars) > limit*float64(b.chars)
}

// pointerOpenings start lines that point away from the article: to other
// stories, to comments, to a newsletter.
var pointerOpenings = []string{
	"read more", "read also", "also read", "read next", "related", "see more", "see also", "more:",
	"you may also like", "you might also like", "recommended", "trending", "popular on", "more great",
	"more from", "click here", "share this", "watch live", "comments", "most read", "most popular",
	"don't miss", "don’t miss", "filed under", "tagged", "tags:", "like this story", "like this article",
}

// callWords open calls to action, which are furniture when they speak to
// the reader ("Sign up for our newsletter", "Tell us what you think").
var callWords = set("subscribe", "sign", "follow", "get", "download", "join", "tell", "let", "send", "share")

// socialNetworks are named by "Follow us on …" lines.
var socialNetworks = []string{"twitter", "facebook", "instagram", "youtube", "linkedin", "tiktok"}

// isPointer reports short blocks that point away from the article ("Read
// more: …", "Related: …", "Click here to get the app"), single navigation
// words ("Comments", "Subscribe"), and calls to action.
func isPointer(t string) bool {
	if len(t) > 400 {
		return false // far more than 20 words: a paragraph
	}
	f := features(t)
	if f.words == 0 || f.words > 20 {
		return false
	}
	lower := strings.ToLower(strings.TrimLeft(t, "[(•·-–— "))
	for _, p := range pointerOpenings {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	if f.words <= 3 && navWords[f.first] {
		return true
	}
	if callWords[f.first] && (addressesReader(lower) || strings.Contains(lower, "newsletter")) {
		return true
	}
	if f.first == "follow" {
		for _, s := range socialNetworks {
			if strings.Contains(lower, s) {
				return true
			}
		}
	}
	return false
}
