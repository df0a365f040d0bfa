package ner

// Kind is the type of a named entity, as CoNLL-2003 defines them.
type Kind uint8

// The entity types. None is the kind of a word outside every entity.
const (
	None Kind = iota
	Person
	Organization
	Location
	Misc
	numKinds
)

var kindNames = [numKinds]string{"", "PER", "ORG", "LOC", "MISC"}

// String returns the CoNLL name of k ("PER", "ORG", "LOC", "MISC"; "" for None).
func (k Kind) String() string {
	if k >= numKinds {
		return "?"
	}
	return kindNames[k]
}

func parseKind(s string) (Kind, bool) {
	for k := Person; k < numKinds; k++ {
		if kindNames[k] == s {
			return k, true
		}
	}
	return None, false
}

// Label is one word's IOB2 tag: outside (O), the first word of an entity
// (B-kind) or a later word of it (I-kind).
type Label uint8

// Outside is the label of a word that is in no entity.
const Outside Label = 0

func begin(k Kind) Label  { return Label(2*k - 1) }
func inside(k Kind) Label { return Label(2 * k) }

// Kind returns the entity kind of l (None for Outside).
func (l Label) Kind() Kind { return Kind((l + 1) / 2) }

// Begin reports whether l starts an entity.
func (l Label) Begin() bool { return l%2 == 1 }

// String returns the IOB2 tag ("O", "B-PER", "I-LOC").
func (l Label) String() string {
	switch k := l.Kind(); {
	case k == None:
		return "O"
	case k >= numKinds:
		return "?"
	case l.Begin():
		return "B-" + k.String()
	default:
		return "I-" + k.String()
	}
}

// Span is an entity over the words [Start, End) of a sentence.
type Span struct {
	Start, End int
	Kind       Kind
}

// Spans returns the entities that labels mark, in order. An I- label after
// an O or after another kind starts an entity, as conlleval reads it.
func Spans(labels []Label) []Span {
	var out []Span
	for i, l := range labels {
		k := l.Kind()
		if k == None {
			continue
		}
		if n := len(out); !l.Begin() && n > 0 && out[n-1].End == i && out[n-1].Kind == k {
			out[n-1].End = i + 1
			continue
		}
		out = append(out, Span{Start: i, End: i + 1, Kind: k})
	}
	return out
}

// The decoder works on BILOU states, which let the model tell a one-word
// entity from the first word of a longer one: state 0 is outside; kind k
// has states 4k-3 (begin), 4k-2 (inside), 4k-1 (last) and 4k (unit).
const numStates = 1 + 4*(int(numKinds)-1)

const (
	posBegin = iota
	posInside
	posLast
	posUnit
)

func state(k Kind, pos int) int { return 1 + 4*(int(k)-1) + pos }

func stateKind(s int) Kind {
	if s == 0 {
		return None
	}
	return Kind((s-1)/4 + 1)
}

func statePos(s int) int { return (s - 1) % 4 }

// stateLabel maps a BILOU state to its IOB2 label.
func stateLabel(s int) Label {
	k := stateKind(s)
	if k == None {
		return Outside
	}
	if p := statePos(s); p == posBegin || p == posUnit {
		return begin(k)
	}
	return inside(k)
}

// spanStates writes the BILOU states of spans into states (all Outside
// first); spans must not overlap.
func spanStates(spans []Span, states []uint8) {
	clear(states)
	for _, sp := range spans {
		if sp.End-sp.Start == 1 {
			states[sp.Start] = uint8(state(sp.Kind, posUnit))
			continue
		}
		states[sp.Start] = uint8(state(sp.Kind, posBegin))
		for i := sp.Start + 1; i < sp.End-1; i++ {
			states[i] = uint8(state(sp.Kind, posInside))
		}
		states[sp.End-1] = uint8(state(sp.Kind, posLast))
	}
}
