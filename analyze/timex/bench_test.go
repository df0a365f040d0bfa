package timex

import (
	"strings"
	"testing"
)

// article is an invented 3 KB news report dense in time expressions.
var article = strings.Repeat(`The regional council voted on Tuesday to extend the emergency measures for another three weeks, officials said, after flooding last month displaced more than 4,000 people. The measures, first imposed on Oct. 23, will now run until Dec. 1. "We expect the river to fall by next week," the council's spokeswoman told reporters at 10:30 a.m. Wednesday. Two days ago, rescuers reached villages cut off since the weekend. Damage in the third quarter was put at $40 million, up from $12 million a year earlier, and insurers said claims in 2016 could be the highest in the past decade. `, 6)

// BenchmarkFind tags a 3 KB article; the target is under 20 µs on one core.
func BenchmarkFind(b *testing.B) {
	tg, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(article)))
	b.ReportAllocs()
	for b.Loop() {
		tg.Find(article, dct)
	}
}

// BenchmarkTokenize is the tokenizer alone, the floor under BenchmarkFind.
func BenchmarkTokenize(b *testing.B) {
	tg, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(article)))
	buf := make([]tok, 0, 2048)
	for b.Loop() {
		buf = tg.tokenize(article, buf[:0])
	}
}
