package rouge

import (
	_ "embed"
	"strings"
	"sync"
)

// irregularForms is our list of common irregular inflections ("said say",
// "children child"), looked up as ROUGE-1.5.5 looks its list up before
// stemming; data/irregular.txt says what is in it and what is not.
//
//go:embed data/irregular.txt
var irregularForms string

var exceptions = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 6000)
	for _, line := range strings.Split(irregularForms, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, " "); ok {
			m[k] = v
		}
	}
	return m
})

// Stem returns the form of a lower-case token that ROUGE-1.5.5 counts when
// stemming (-m): tokens of three letters or fewer unchanged ("was", "its"),
// an irregular inflection its WordNet base form, unstemmed ("said" → "say",
// "were" → "be"), anything else its Porter stem.
func Stem(token string) string {
	if len(token) <= 3 {
		return token
	}
	if b, ok := exceptions()[token]; ok {
		return b
	}
	return Porter(token)
}
