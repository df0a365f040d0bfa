package ner

import (
	"strings"
	"testing"
)

// The documents below are invented for these tests, in CoNLL-2003 columns.

func TestReadCoNLL(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		sents [][]int // per document, the number of words of each sentence
	}{
		{"docstart", `-DOCSTART- -X- -X- O

Olga NNP B-NP B-PER
Petrenko NNP I-NP I-PER
spoke VBD B-VP O
. . O O

-DOCSTART- -X- -X- O

Vardova NNP B-NP B-LOC
`, [][]int{{4}, {1}}},
		{"two columns and no final blank line", "Brannock B-ORG\nSteel I-ORG\n\nrose O", [][]int{{2, 1}}},
		{"blank lines between sentences only", "\n\n\nA O\n\n\n\nB O\n\n", [][]int{{1, 1}}},
		{"datelines split documents", `FERRY O
STRIKE O

PORT B-LOC
ELSPETH I-LOC
1996-08-30 O

Workers O
struck O
. O

HARBOUR O
REOPENS O

VARDOVA B-LOC
1996-08-31 O

It O
reopened O
. O
`, [][]int{{2, 3, 3}, {2, 2, 3}}},
		{"docstart wins over datelines", `-DOCSTART- O

A O

VARDOVA B-LOC
1996-08-31 O

B O
`, [][]int{{1, 2, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ReadCoNLL(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got [][]int
			for _, d := range docs {
				var n []int
				for _, s := range d.Sentences {
					n = append(n, len(s.Words))
				}
				got = append(got, n)
			}
			if len(got) != len(tt.sents) {
				t.Fatalf("documents %v, want %v", got, tt.sents)
			}
			for i := range got {
				if len(got[i]) != len(tt.sents[i]) {
					t.Fatalf("documents %v, want %v", got, tt.sents)
				}
				for j := range got[i] {
					if got[i][j] != tt.sents[i][j] {
						t.Fatalf("documents %v, want %v", got, tt.sents)
					}
				}
			}
		})
	}
}

func TestReadCoNLLColumns(t *testing.T) {
	docs, err := ReadCoNLL(strings.NewReader("Olga NNP B-NP B-PER\nPetrenko NNP I-NP I-PER\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := docs[0].Sentences[0]
	if strings.Join(s.Words, " ") != "Olga Petrenko" || strings.Join(s.Tags, " ") != "B-PER I-PER" {
		t.Errorf("got %q %q: want the first column as words and the last as tags", s.Words, s.Tags)
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one column", "A O\nlonely\n", "line 2: want a word and a tag"},
		{"bad prefix", "A O\nB X-PER\n", `line 2: invalid tag "X-PER"`},
		{"no type", "A B-\n", `line 1: invalid tag "B-"`},
		{"prefix alone", "A O\n\nB B\n", `line 3: invalid tag "B"`},
		{"line too long", "A O\n" + strings.Repeat("x", maxLine+1) + " O\n", "line 2: longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCoNLL(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- O O\n\nOlga NNP B-NP B-PER\nPetrenko NNP I-NP I-PER\n\n")
	f.Add("PORT B-LOC\nELSPETH I-LOC\n1996-08-30 O\n\nA O\n")
	f.Add("A\n")
	f.Add("\n\n\t \n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, d := range docs {
			if len(d.Sentences) == 0 {
				t.Fatal("empty document")
			}
			for _, s := range d.Sentences {
				if len(s.Words) == 0 || len(s.Words) != len(s.Tags) {
					t.Fatalf("sentence with %d words and %d tags", len(s.Words), len(s.Tags))
				}
				for _, tag := range s.Tags {
					if !validTag(tag) {
						t.Fatalf("invalid tag %q accepted", tag)
					}
				}
				// Whatever the reader accepts, the scorer and the trainer's
				// chunker must take without panicking.
				var sc Scorer
				if err := sc.Add(s.Tags, s.Tags); err != nil {
					t.Fatal(err)
				}
				goldSpans(s.Tags)
			}
		}
	})
}
