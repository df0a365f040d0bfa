package analyze

import (
	"testing"

	"github.com/parallax-news/parallax"
)

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "\n\n", "“", "«»", "„x“", `"a" "b`, "Mr. X said: “Go.” — said Y.\n\nZ’s",
		"“Unclosed quote that runs on and on here", "U.S. p.m. J. R.", "\xff\xfe“\x80said”", "trump Trump’s hope Hicks",
		"Donald trump said that it was fine. “Yes,” he added.", "a-", "’s", "al-", "..."} {
		f.Add(s)
	}
	p, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := p.Analyze(&parallax.Document{Text: s})
		checkInvariants(t, s, a)
	})
}
