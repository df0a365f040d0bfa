package ner

import (
	"strings"
	"testing"
)

// benchText is an invented news article, one sentence a line, tokenised.
const benchText = `Harbour Authority Approves Plan To Rebuild Port Elspeth Docks
PORT ELSPETH , March 3 ( Northgate Wire ) - The Port Elspeth Harbour Authority on Tuesday approved a plan to rebuild the old docks , ending a dispute that lasted two years .
" This is the most important project for the city in a generation , " Mayor Lucia Ferraro told reporters after the vote .
Opposition leader Thomas Whitfield , a former engineer at Brannock Steel , criticised the cost , telling the Evening Courier that nobody had explained who would pay for it .
The plan , drawn up with the Ministry of Transport and the Coastal Development Agency , includes a new ferry terminal and a rail link to Vardova .
Ferraro said construction would begin in March and take about four years .
The European Investment Bank has offered a loan of 240 million euros , according to a statement from the bank 's office in Luxembourg .
Officials in Vardova welcomed the decision , saying the rail link would bring tourists from Kalmar and Oslo .
Whitfield said the Liberal Union would ask the Supreme Court to review the vote , which passed by nine votes to four .
" We will not let them sign a blank cheque , " he said .
Shares in Brannock Steel rose 3.5 percent on the Northgate Stock Exchange after the news .
Analysts at Meridian Capital said the company could win contracts worth up to 80 million euros .
The harbour , built in 1888 , handled more than two million tonnes of cargo last year .
Dock workers , represented by the United Transport Workers union , have threatened strikes over jobs .
Union leader Agnes Mbeki said her members wanted guarantees in writing .
The authority 's chairman , Pieter van Dam , said talks with the union would continue next week in Port Elspeth .`

// benchArticle is benchText's headline and as many of its sentences, in
// order and again, as make a 500-word article (about 3 KB of text).
var benchArticle = func() [][]string {
	lines := strings.Split(benchText, "\n")
	out := [][]string{strings.Fields(lines[0])}
	for i, n := 1, len(out[0]); n < 500; i = i%(len(lines)-1) + 1 {
		out = append(out, strings.Fields(lines[i]))
		n += len(out[len(out)-1])
	}
	return out
}()

func BenchmarkTag(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	tokens := 0
	for _, s := range benchArticle {
		tokens += len(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.TagDocument(benchArticle)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(tokens*b.N)/sec, "tokens/s")
	b.ReportMetric(sec*1e6/float64(tokens*b.N), "µs/token")
	b.ReportMetric(float64(tokens), "tokens/doc")
}
