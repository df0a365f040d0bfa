package ner

import "fmt"

// A gazetteer tells what the training data made of a lower-case word: 0 if
// it never occurred, 1 if it occurred but never in an entity; otherwise the
// entity kind it was most often part of (k) and whether it was in an entity
// more often than not (major), as k<<1 | major. It turns memory of the
// training names into features that generalise across words: a first name
// seen twice as a person weighs as much as the thousands of person words
// behind "gazetteer says PER", which its own word feature could not. And an
// unknown word is worth knowing of in lower-case text, where it is likely a
// name ("putin"), since the common words are all known.
//
// The model keeps it by word hash, never by word, so no text of the
// training data is stored.
type gazetteer interface {
	lookup(lower uint64) uint8
}

// gazEdge stands for the gazetteer value beyond a sentence's edges.
const gazEdge = 0xff

// gazFolds is the number of folds the trainer splits documents into: each
// document's features see the gazetteer of the other folds only. With its
// own names in its gazetteer, training data would teach the model to trust
// the gazetteer blindly, which new text would then not bear out.
const gazFolds = 10

type mapGazetteer map[uint64]uint8

func (g mapGazetteer) lookup(lower uint64) uint8 { return g[lower] }

func gazValue(c [numKinds]int) uint8 {
	best, inEntity := None, 0
	for k := Person; k < numKinds; k++ {
		inEntity += c[k]
		if c[k] > 0 && (best == None || c[k] > c[best]) {
			best = k
		}
	}
	if best == None {
		if c[None] > 0 {
			return 1
		}
		return 0
	}
	major := uint8(0)
	if inEntity > c[None] {
		major = 1
	}
	return uint8(best)<<1 | major
}

// jackknife returns the gazetteer of all of docs and, for each fold n, the
// gazetteer of the documents not in it (document i is in fold i%gazFolds).
func jackknife(docs []Document) (full mapGazetteer, folds [gazFolds]mapGazetteer, err error) {
	counts := make([]map[uint64][numKinds]int, gazFolds)
	total := map[uint64][numKinds]int{}
	var t token
	for n, d := range docs {
		if counts[n%gazFolds] == nil {
			counts[n%gazFolds] = map[uint64][numKinds]int{}
		}
		fold := counts[n%gazFolds]
		for _, s := range d.Sentences {
			spans, err := goldSpans(s.Tags)
			if err != nil {
				return nil, folds, fmt.Errorf("document %d: %w", n+1, err)
			}
			kinds := make([]Kind, len(s.Words))
			for _, sp := range spans {
				for i := sp.Start; i < sp.End; i++ {
					kinds[i] = sp.Kind
				}
			}
			for i, w := range s.Words {
				setToken(&t, w)
				c := fold[t.lower]
				c[kinds[i]]++
				fold[t.lower] = c
				c = total[t.lower]
				c[kinds[i]]++
				total[t.lower] = c
			}
		}
	}
	full = mapGazetteer{}
	for w, c := range total {
		if v := gazValue(c); v != 0 {
			full[w] = v
		}
	}
	for n := range folds {
		folds[n] = mapGazetteer{}
		for w, c := range total {
			for k, v := range counts[n][w] {
				c[k] -= v
			}
			if v := gazValue(c); v != 0 {
				folds[n][w] = v
			}
		}
	}
	return full, folds, nil
}

// hashedGazetteer is the model's gazetteer: the table maps a word hash to
// its index in vals.
type hashedGazetteer struct {
	table table
	vals  []uint8
}

func (g *hashedGazetteer) lookup(lower uint64) uint8 {
	if i := g.table.find(lower); i >= 0 {
		return g.vals[i]
	}
	return 0
}
