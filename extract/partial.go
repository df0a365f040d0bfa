package extract

import (
	"regexp"
	"strings"
)

// Why a page's text may be only part of its article. Later stages read
// Document.Partial: a claim missing from a paywalled text is no evidence
// that the outlet left it out.
const (
	PartialPaywall   = "paywall"
	PartialTruncated = "truncated"
)

// paywallLine matches the prompts a paywall leaves where the text stops:
// "Subscribe to continue reading", "This article is for subscribers only",
// "Already a subscriber? Log in", "You have reached your limit of free
// articles". It is matched against whole short lines, never prose.
var paywallLine = regexp.MustCompile(`(?i)^\W*(?:` +
	`(?:please\s+)?(?:subscribe|sign\s+up|sign\s+in|log\s*in|register|become\s+a\s+(?:member|subscriber))\b.{0,60}\b(?:continue|keep)\s+reading` +
	`|(?:to\s+)?(?:continue|keep)\s+reading.{0,40}\b(?:subscribe|subscription|sign\s+in|log\s*in|register|member)` +
	`|this\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:for|available\s+to|reserved\s+for)\s+(?:paid\s+|paying\s+|premium\s+|digital\s+)?(?:subscribers|members)` +
	`|already\s+a\s+(?:subscriber|member)\b` +
	`|you\s+have\s+(?:reached|used)\s+(?:your|the)\s+(?:limit|maximum|\d+\s+free)` +
	`|(?:read|unlock)\s+the\s+full\s+(?:article|story)\s+(?:with|by\s+subscribing|for)` +
	`|subscribers?\s+only\b)`)

// partialReason tells whether the page's text is a part of the article: a
// paywall prompt ends its main text (tail: the last lines of the text before
// cleaning, which may drop the prompt as furniture), or the text stops on an
// ellipsis as teasers do, or the page declares itself not free (JSON-LD
// isAccessibleForFree false) and its text is short. The declaration alone
// proves nothing: metered sites declare it on pages that carry the whole text.
func partialReason(m pageMeta, tail []string, text string) string {
	for _, l := range tail {
		if l = strings.TrimSpace(l); l != "" && len(l) < 200 && paywallLine.MatchString(l) {
			return PartialPaywall
		}
	}
	switch {
	case truncatedText(text) && m.notFree:
		return PartialPaywall
	case truncatedText(text):
		return PartialTruncated
	case m.notFree && len(strings.Fields(text)) < shortPaywalled:
		return PartialPaywall
	}
	return ""
}

// shortPaywalled is the length in words below which a page that declares
// itself not free is taken to show only its teaser.
const shortPaywalled = 150

// truncatedText reports a text whose last paragraph stops mid-thought on an
// ellipsis ("… the council said it would…", "[…]"), as feed teasers and
// preview pages end; a quotation that trails off inside marks does not count.
func truncatedText(text string) bool {
	t := strings.TrimSpace(text)
	for _, end := range []string{"[…]", "[...]", "…", "..."} {
		if strings.HasSuffix(t, end) {
			before := strings.TrimSpace(strings.TrimSuffix(t, end))
			return before != "" && !strings.HasSuffix(before, "\"") && !strings.HasSuffix(before, "”")
		}
	}
	return false
}

// dropPaywallLines removes paywall prompts left at the end of a cleaned text.
func dropPaywallLines(text string) string {
	paras := strings.Split(text, "\n")
	for len(paras) > 0 {
		l := strings.TrimSpace(paras[len(paras)-1])
		if l != "" && (len(l) >= 200 || !paywallLine.MatchString(l)) {
			break
		}
		paras = paras[:len(paras)-1]
	}
	return strings.Join(paras, "\n")
}
