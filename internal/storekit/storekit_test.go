package storekit

import (
	"reflect"
	"testing"
)

func TestQueryTerms(t *testing.T) {
	got := QueryTerms(`  contact* "deputy foreign"  minister "unclosed phrase* `)
	want := []QueryTerm{{"contact", true}, {"deputy foreign", false}, {"minister", false}, {"unclosed phrase* ", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("QueryTerms = %+v, want %+v", got, want)
	}
	if got := QueryTerms(`"a"*** b`); !reflect.DeepEqual(got, []QueryTerm{{"a", true}, {"b", false}}) {
		t.Errorf("stars after a phrase: %+v", got)
	}
	if got := QueryTerms(" \t\n"); len(got) != 0 {
		t.Errorf("blank query: %+v", got)
	}
}
