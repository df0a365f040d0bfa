package ner

import (
	"fmt"
	"sort"
	"strings"
)

// Scorer computes entity-level precision, recall and F1 exactly as the
// CoNLL shared tasks' conlleval script does: an entity counts as correct
// only when its type and both its boundaries match, and a chunk starts and
// ends where conlleval says it does, so IOB1 and IOB2 tags are both read
// right (an I- after an O or after another type starts a chunk). The zero
// Scorer is ready to use.
type Scorer struct {
	tokens, correctTags      int
	found, guessed, correct  int
	byType                   map[string]*[3]int // found, guessed, correct
	lastGold, lastGuess      string
	lastGoldType, lastGuessT string
	inCorrect                bool
}

// splitTag splits a tag as conlleval does: at the first hyphen.
func splitTag(t string) (tag, typ string) {
	if i := strings.IndexByte(t, '-'); i >= 0 {
		return t[:i], t[i+1:]
	}
	return t, ""
}

// endOfChunk and startOfChunk are conlleval's, for tags B, I, E, O and the
// bracket tags [ and ].
func endOfChunk(prevTag, tag, prevType, typ string) bool {
	switch {
	case prevTag == "B" && (tag == "B" || tag == "O"),
		prevTag == "I" && (tag == "B" || tag == "O"),
		prevTag == "E" && (tag == "E" || tag == "I" || tag == "O"),
		prevTag != "O" && prevTag != "." && prevType != typ,
		prevTag == "]" || prevTag == "[":
		return true
	}
	return false
}

func startOfChunk(prevTag, tag, prevType, typ string) bool {
	switch {
	case tag == "B" && (prevTag == "B" || prevTag == "I" || prevTag == "O"),
		prevTag == "O" && (tag == "I" || tag == "E"),
		prevTag == "E" && (tag == "E" || tag == "I"),
		tag != "O" && tag != "." && prevType != typ,
		tag == "[" || tag == "]":
		return true
	}
	return false
}

func (s *Scorer) count(typ string, i int) {
	if s.byType == nil {
		s.byType = map[string]*[3]int{}
	}
	c := s.byType[typ]
	if c == nil {
		c = &[3]int{}
		s.byType[typ] = c
	}
	c[i]++
}

// step is one line of conlleval's loop; boundary lines are tagged O and not
// counted as tokens.
func (s *Scorer) step(gold, guess string, boundary bool) {
	g, gt := splitTag(gold)
	p, pt := splitTag(guess)
	if s.lastGold == "" {
		s.lastGold, s.lastGuess = "O", "O"
	}
	if s.inCorrect {
		ge := endOfChunk(s.lastGold, g, s.lastGoldType, gt)
		pe := endOfChunk(s.lastGuess, p, s.lastGuessT, pt)
		if ge && pe && s.lastGuessT == s.lastGoldType {
			s.inCorrect = false
			s.correct++
			s.count(s.lastGoldType, 2)
		} else if ge != pe || pt != gt {
			s.inCorrect = false
		}
	}
	gs := startOfChunk(s.lastGold, g, s.lastGoldType, gt)
	ps := startOfChunk(s.lastGuess, p, s.lastGuessT, pt)
	if gs && ps && pt == gt {
		s.inCorrect = true
	}
	if gs {
		s.found++
		s.count(gt, 0)
	}
	if ps {
		s.guessed++
		s.count(pt, 1)
	}
	if !boundary {
		if g == p && gt == pt {
			s.correctTags++
		}
		s.tokens++
	}
	s.lastGold, s.lastGuess, s.lastGoldType, s.lastGuessT = g, p, gt, pt
}

// Add scores one sentence: the gold tags and the guessed ones, word for word.
func (s *Scorer) Add(gold, guess []string) error {
	if len(gold) != len(guess) {
		return fmt.Errorf("ner: %d gold tags but %d guessed", len(gold), len(guess))
	}
	for i := range gold {
		s.step(gold[i], guess[i], false)
	}
	s.step("O", "O", true)
	return nil
}

// Score is precision, recall and F1 (fractions, not percentages) with the
// counts they come from.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Entities  int     `json:"entities"` // in the gold data
	Found     int     `json:"found"`    // by the tagger
	Correct   int     `json:"correct"`
}

func newScore(gold, guessed, correct int) Score {
	sc := Score{Entities: gold, Found: guessed, Correct: correct}
	if guessed > 0 {
		sc.Precision = float64(correct) / float64(guessed)
	}
	if gold > 0 {
		sc.Recall = float64(correct) / float64(gold)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}

// Scores is what `parallax eval ner` reports.
type Scores struct {
	Score
	Documents int              `json:"documents"`
	Sentences int              `json:"sentences"`
	Tokens    int              `json:"tokens"`
	Accuracy  float64          `json:"accuracy"` // of tags, word by word
	Types     map[string]Score `json:"types"`
}

// Scores returns the scores so far, overall and per entity type.
func (s *Scorer) Scores() Scores {
	correct, types := s.correct, map[string]Score{}
	names := make([]string, 0, len(s.byType))
	for t := range s.byType {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		c := *s.byType[t]
		types[t] = newScore(c[0], c[1], c[2])
	}
	if s.inCorrect {
		// conlleval counts a chunk still open at the end of the input.
		correct++
		c := types[s.lastGoldType]
		types[s.lastGoldType] = newScore(c.Entities, c.Found, c.Correct+1)
	}
	out := Scores{Score: newScore(s.found, s.guessed, correct), Tokens: s.tokens, Types: types}
	if s.tokens > 0 {
		out.Accuracy = float64(s.correctTags) / float64(s.tokens)
	}
	return out
}

// Evaluate tags docs with m and scores the result against their gold tags.
// With lowercase, every word is lower-cased before tagging.
func Evaluate(m *Model, docs []Document, lowercase bool) (Scores, error) {
	var sc Scorer
	sentences := 0
	guess := []string{}
	for _, d := range docs {
		words := d.Words()
		if lowercase {
			for i, s := range words {
				low := make([]string, len(s))
				for j, w := range s {
					low[j] = strings.ToLower(w)
				}
				words[i] = low
			}
		}
		labels := m.TagDocument(words)
		for i, s := range d.Sentences {
			guess = guess[:0]
			for _, l := range labels[i] {
				guess = append(guess, l.String())
			}
			if err := sc.Add(s.Tags, guess); err != nil {
				return Scores{}, err
			}
			sentences++
		}
	}
	out := sc.Scores()
	out.Documents, out.Sentences = len(docs), sentences
	return out, nil
}

// goldSpans returns the entities of one sentence's tags as conlleval
// delimits them; every type must be one of PER, ORG, LOC and MISC.
func goldSpans(tags []string) ([]Span, error) {
	var out []Span
	lastTag, lastType := "O", ""
	for i := 0; i <= len(tags); i++ {
		tag, typ := "O", ""
		if i < len(tags) {
			tag, typ = splitTag(tags[i])
		}
		start := i < len(tags) && startOfChunk(lastTag, tag, lastType, typ)
		if n := len(out); n > 0 && out[n-1].End < 0 && (start || endOfChunk(lastTag, tag, lastType, typ)) {
			out[n-1].End = i
		}
		if start {
			k, ok := parseKind(typ)
			if !ok {
				return nil, fmt.Errorf("unknown entity type %q", typ)
			}
			out = append(out, Span{Start: i, End: -1, Kind: k})
		}
		lastTag, lastType = tag, typ
	}
	return out, nil
}
