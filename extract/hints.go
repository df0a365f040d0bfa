package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// Class and id names say what a block is on most sites, in a few dozen
// English words: "article-body" and "story__content" hold the text,
// "share-tools", "related-links" and "comments" do not. Names are cut into
// words at punctuation and camelCase humps ("shareBar" → share, bar), each
// name is judged by its last telling word (see nameVerdict), and words are
// looked up whole or, for run-together names ("sharebar", "relatedlinks"),
// by their beginning. A name is a guess: settleJunk overrules it for an
// element holding most of the page's prose.

// junkWords mark an element as boilerplate.
var junkWords = set(
	"comment", "comments", "commenting", "disqus", "share", "shares", "sharing", "sharebar", "social",
	"related", "newsletter", "newsletters", "subscribe", "subscription", "promo", "promos", "promotion",
	"sidebar", "breadcrumb", "breadcrumbs", "nav", "navigation", "navbar", "menu", "cookie", "cookies",
	"consent", "popup", "modal", "overlay", "footer", "masthead", "outbrain", "taboola", "recommended",
	"recommendations", "recirc", "recirculation", "trending", "popular", "mostpopular", "advert",
	"advertisement", "advertising", "ad", "ads", "adslot", "adunit", "dfp", "sponsor", "sponsored",
	"banner", "caption", "captions", "credit", "credits", "toolbar", "signup", "skip",
	"login", "byline", "bio", "tags", "timestamp", "dateline", "print", "pagination", "pager",
	"tooltip", "rollover", "popover", "visually", "offscreen", "donate", "gallery",
	"slideshow", "carousel", "slider", "breaking", "alert", "rail", "author", "authors", "contributor",
	"widget", "widgets", "follow", "next", "prev", "previous", "readmore", "teaser", "teasers", "topics", "keywords",
)

// junkPrefixes catch run-together names ("sharetools", "relatedposts").
var junkPrefixes = []string{
	"share", "social", "related", "comment", "newsletter", "sidebar", "breadcrumb", "footer", "promo",
	"advert", "sponsor", "subscri", "recommend", "trending", "caption", "gallery", "slideshow",
	"outbrain", "taboola", "byline", "tooltip", "rollover", "popover", "cookie", "consent", "navbar",
	"toolbar", "masthead",
}

// goodWords mark containers of article text.
var goodWords = set(
	"article", "articlebody", "articletext", "articlecontent", "body", "content", "entry", "main",
	"post", "story", "storybody", "text", "blog", "prose", "copy", "richtext", "paragraph",
	"paragraphs", "postbody", "postcontent", "entrycontent", "maincontent", "storycontent",
)

// junkRoles are ARIA landmarks and widgets that are not article text.
var junkRoles = set("navigation", "banner", "contentinfo", "complementary", "search", "dialog",
	"alertdialog", "menu", "menubar", "toolbar", "tooltip", "alert", "form")

// hintOf rates an element by its class, id, role and itemprop: hint is
// positive for article words, negative for boilerplate words (one point
// each for class and id, as Readability weighs them), and junk reports a
// boilerplate word or role.
func hintOf(n *html.Node) (hint int, junk bool) {
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			good, bad := nameWords(a.Val)
			if good {
				hint++
			}
			if bad {
				hint--
				junk = true
			}
		case "role":
			r := strings.ToLower(a.Val)
			switch {
			case junkRoles[r]:
				junk = true
				hint--
			case r == "main" || r == "article":
				hint++
			}
		case "itemprop":
			if strings.EqualFold(a.Val, "articleBody") || strings.EqualFold(a.Val, "text") {
				hint += 2
			}
		}
	}
	return hint, junk
}

// nameWords reports whether a class or id value holds a name of an article
// container and whether it holds a name of boilerplate. Each space-separated
// name is judged by its last telling word, the head of BEM-style names:
// "article__share" is a share bar, "l-article-body-segment" holds the text.
// Names of a state or a neighbour ("has-sidebar", "content-with-ads",
// "modal-enabled") say nothing about the element itself and are skipped.
func nameWords(v string) (good, bad bool) {
	for name := range strings.FieldsSeq(v) {
		switch nameVerdict(name) {
		case 1:
			good = true
		case -1:
			bad = true
		}
	}
	return good, bad
}

// modifierWords mark names of a state or a neighbour.
var modifierWords = set("has", "with", "without", "no", "is", "enabled")

// nameVerdict is 1 for an article name, -1 for a boilerplate name, 0 for
// neither. Words are cut at punctuation and camelCase humps ("shareBar" →
// share, bar).
func nameVerdict(name string) int {
	verdict := 0
	for w := range nameWordsSeq(name) {
		w = strings.ToLower(w)
		switch {
		case modifierWords[w]:
			return 0
		case goodWords[w]:
			verdict = 1
		case isJunkWord(w):
			verdict = -1
		}
	}
	return verdict
}

func isJunkWord(w string) bool {
	if junkWords[w] {
		return true
	}
	for _, p := range junkPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// nameWordsSeq yields the words of a name: runs of letters and digits, cut
// where a lower-case letter is followed by a capital.
func nameWordsSeq(name string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i <= len(name); i++ {
			var c byte
			if i < len(name) {
				c = name[i]
			}
			lower, upper, digit := 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9'
			switch {
			case lower || digit:
				if start < 0 {
					start = i
				}
			case upper:
				if start >= 0 && 'a' <= name[i-1] && name[i-1] <= 'z' {
					if !yield(name[start:i]) {
						return
					}
					start = i
				} else if start < 0 {
					start = i
				}
			default:
				if start >= 0 {
					if !yield(name[start:i]) {
						return
					}
					start = -1
				}
			}
		}
	}
}
