package quote

import (
	"math/rand/v2"
	"testing"

	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/wordclass"
)

// The word classes are keyed by wordclass.Hash, which must be the word hash
// of hashWord, or no token would find its class.
func TestWordClassHashIsHashWord(t *testing.T) {
	words := []string{"said", "Said", "don’t", "DON'T", "1,200", "3rd", "Élysée", "—", "“", "U.S.", "x", "", "İstanbul", "٣٤", "ǅemal"}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("aZ9’'“-—.éÉßΣς٣İ")
	for range 2000 {
		r := make([]rune, 1+rng.IntN(8))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		words = append(words, string(r))
	}
	for _, w := range words {
		if h, _, _, _ := hashWord(w); h != wordclass.Hash(w) {
			t.Fatalf("%q: hashWord %x, wordclass.Hash %x", w, h, wordclass.Hash(w))
		}
	}
}

// A token of a classed word carries its classes, one more than the ids so
// that 0 is a word without; others carry 0.
func TestTokensCarryClasses(t *testing.T) {
	f, err := New(stubLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := wordclass.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := "Officials said zqxjv."
	paras := text.Paragraphs(s)
	toks := text.Tokenize(s, paras[0], nil)
	ts := f.words.tokens(s, toks, paras, nil, nil)
	said, ok := c.Lookup(wordclass.Hash("said"))
	if !ok {
		t.Fatal("said has no class")
	}
	if ts[1].coarse != uint64(said.Coarse)+1 || ts[1].fine != uint64(said.Fine)+1 {
		t.Errorf("said: classes %d, %d; want %d, %d", ts[1].coarse, ts[1].fine, said.Coarse+1, said.Fine+1)
	}
	if ts[2].coarse != 0 || ts[2].fine != 0 {
		t.Errorf("an unknown word has classes %d, %d", ts[2].coarse, ts[2].fine)
	}
	// The cue rates share the table: "said" keeps its bucket.
	if ts[1].rate < lexBucket {
		t.Errorf("said: rate bucket %d", ts[1].rate)
	}
}
