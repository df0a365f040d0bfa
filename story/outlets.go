package story

import (
	"slices"
	"strings"
	"unicode"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/translit"
)

// Outlets: an organisation the story's articles cite as a source is a news
// outlet, an entity kind of its own, decided by general evidence: a known
// agency or broadcaster, a name ending like a newspaper's ("Yahoo News"),
// the domain of one of the story's articles ("Times of Israel" beside
// timesofisrael.com), or phrases that cite it ("quoted by TASS", "told the
// Post", "Interfax news agency").

// Reasons for joining the names of one outlet.
const (
	reasonOutletName = "outlet name"   // Bloomberg News / Bloomberg
	reasonDomain     = "outlet domain" // INTERFAX.RU / Interfax
	reasonShortName  = "short name"    // the Post / the Washington Post
)

// citeScore returns the weight of the phrases that cite the mention
// [start, end) as a source, inside its sentence [lo, hi): the best phrase
// right before the name (an article "the" between them is skipped) plus the
// best right after it.
func citeScore(text string, lo, start, end, hi int) int {
	lx := lex()
	lo, hi = min(lo, start), max(hi, end)
	var before []string // nearest first
	for pos := start; len(before) <= lx.maxCiteWords; {
		w, gap, ok := wordBefore(text, lo, pos)
		if !ok || !blank(gap) {
			break
		}
		before = append(before, w.lower)
		pos = w.start
	}
	if len(before) > 0 && before[0] == "the" {
		before = before[1:]
	}
	var after []string
	for pos := end; len(after) < lx.maxCiteWords; {
		w, gap, ok := wordAfter(text, pos, hi)
		if !ok || !blank(gap) {
			break
		}
		after = append(after, w.lower)
		pos = w.end
	}
	best := func(ws []string, reversed bool, cues map[string]int) int {
		n := 0
		for i := 1; i <= len(ws); i++ {
			phrase := ws[:i]
			if reversed {
				phrase = make([]string, i)
				for j := range i {
					phrase[j] = ws[i-1-j]
				}
			}
			n = max(n, cues[strings.Join(phrase, " ")])
		}
		return n
	}
	return best(before, true, lx.citeBefore) + best(after, false, lx.citeAfter)
}

// domainLabel returns the name part of a domain ("www.edition.cnn.com" →
// "cnn", "bbc.co.uk" → "bbc"), or "" when s is not written as a domain.
func domainLabel(s string) string {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "www.")
	if s == "" || strings.ContainsAny(s, " /@") || !strings.Contains(s, ".") {
		return ""
	}
	labels := strings.Split(s, ".")
	tld := labels[len(labels)-1]
	if len(tld) < 2 || strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
		return ""
	}
	labels = labels[:len(labels)-1]
	if n := len(labels); n > 1 {
		switch labels[n-1] {
		case "co", "com", "org", "net", "gov", "ac", "edu":
			labels = labels[:n-1]
		}
	}
	return labels[len(labels)-1]
}

// outletBase returns the key an outlet's names share: for a name written
// as a domain its label, and without a generic ending ("Bloomberg News" →
// "bloomberg"). Outlets' entity ids hash it, so "Bloomberg" and "Bloomberg
// News" have one id in every story.
func outletBase(name string) string {
	if l := domainLabel(name); l != "" {
		name = l
	}
	ws := strings.Fields(translit.Key(name))
	for n := lex().generic.suffix(ws); n > 0 && n < len(ws); n = lex().generic.suffix(ws) {
		ws = ws[:len(ws)-n]
	}
	return strings.Join(ws, " ")
}

// storyOutlets returns the squashed keys of the outlets of the story's
// articles: their domains' labels, or their names when not domains.
func storyOutlets(arts []*parallax.StoredArticle) map[string]bool {
	out := map[string]bool{}
	for _, a := range arts {
		if k := squash(outletBase(a.Outlet)); len(k) >= 2 {
			out[k] = true
		}
	}
	return out
}

// isOutlet reports whether an organisation (or unplaced) form is a news
// outlet. A name with an institution's word ("Ministry", "Committee") is
// one only when it is a known outlet or an article's domain: institutions
// are quoted and "told" things too. Citing phrases count for organisations
// only, and must stand by at least every other mention: a story names an
// outlet mostly to cite it, while "Russian" next to "news agency" once in
// thirty mentions is an adjective.
func isOutlet(f *form, domains map[string]bool) bool {
	lx := lex()
	base := squash(f.base)
	if lx.outlets[squash(f.key)] || lx.outlets[base] || domains[base] || domains[squash(f.key)] {
		return true
	}
	// An ending such as "News Agency" may hold an institution's word; the
	// name before it may not ("Central Intelligence Agency").
	end := lx.endings.suffix(f.words)
	if end == len(f.words) {
		end = 0 // the ending alone ("Post", "TV") says nothing
	}
	for _, w := range f.words[:len(f.words)-end] {
		if lx.bodies[w] {
			return false
		}
	}
	return end > 0 || f.kind == parallax.Organization && f.cites >= 2 && 2*f.cites >= f.count
}

// mergeOutlets joins the outlet forms (sorted by key) that name one outlet:
// those with one base ("Bloomberg", "Bloomberg News", "BLOOMBERG.COM"), then
// a lone ending word ("the Post") with the one outlet of the story whose
// name it ends, which makes that word an outlet too. The word may be an
// organisation or unplaced, or a place the text cites as a source ("told
// the Post"): no place is called Post.
func mergeOutlets(fs []*form, l *linker) {
	byBase := map[string]*form{}
	byEnding := map[string][]*form{}
	for _, f := range fs {
		if f.kind != parallax.Outlet {
			continue
		}
		b := squash(f.base)
		if g := byBase[b]; g != nil {
			reason := reasonOutletName
			if domainLabel(bestShape(f)) != "" || domainLabel(bestShape(g)) != "" {
				reason = reasonDomain
			}
			l.join(f.idx, g.idx, reason, parallax.Certain)
		} else {
			byBase[b] = f
		}
		if len(f.words) >= 2 {
			last := f.words[len(f.words)-1]
			byEnding[last] = append(byEnding[last], f)
		}
	}
	for _, f := range fs {
		if len(f.words) != 1 || lex().endings.suffix(f.words) != 1 {
			continue
		}
		switch f.kind {
		case parallax.Organization, parallax.Misc, parallax.Outlet:
		case parallax.Place:
			if f.cites == 0 {
				continue
			}
		default:
			continue
		}
		var roots []int
		for _, g := range byEnding[f.words[0]] {
			if r := l.find(g.idx); !slices.Contains(roots, r) {
				roots = append(roots, r)
			}
		}
		if len(roots) == 1 {
			f.kind = parallax.Outlet
			l.join(f.idx, byEnding[f.words[0]][0].idx, reasonShortName, parallax.Probable)
		}
	}
}
