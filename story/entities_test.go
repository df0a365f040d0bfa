package story

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	parallax "github.com/parallax-news/parallax"
)

// Every name and sentence below is invented.

// holding returns the entity named or aliased name, or nil.
func holding(v parallax.StoryView, name string) *parallax.Entity {
	for i, e := range v.Entities {
		if e.Name == name || slices.Contains(e.Aliases, name) {
			return &v.Entities[i]
		}
	}
	return nil
}

type merge = parallax.Merge

func TestPersonMerges(t *testing.T) {
	const (
		certain  = parallax.Certain
		probable = parallax.Probable
	)
	for _, tc := range []struct {
		name string
		arts []*parallax.StoredArticle
		// want maps canonical names to their merges, in alias order.
		want  map[string][]merge
		apart [][2]string // names that must stay different entities
	}{
		{
			name: "gendered surname form and lone surname",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Oksana Verbitskaya met the envoys. Verbitskaya said the talks went well.").
					m(P, "Oksana Verbitskaya").m(P, "Verbitskaya").a,
				article("b", t0, "The talks were routine, said Verbitsky.").m(P, "Verbitsky").a,
			},
			want: map[string][]merge{"Oksana Verbitskaya": {
				{Alias: "Verbitskaya", Reason: "surname", Confidence: certain},
				{Alias: "Verbitsky", Reason: "gendered surname", Confidence: probable},
			}},
		},
		{
			name: "transliteration variants and another script",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Arkady Tsvetkov spoke. Later Arkady Tsvetkov left.").m(P, "Arkady Tsvetkov").a,
				article("b", t0, "Arkadiy Tsvetkov denied it.").m(P, "Arkadiy Tsvetkov").a,
				article("c", t0, "Аркадий Цветков заявил об этом.").m(P, "Аркадий Цветков").a,
			},
			want: map[string][]merge{"Arkady Tsvetkov": {
				{Alias: "Arkadiy Tsvetkov", Reason: "spelling variant", Confidence: certain},
				{Alias: "Аркадий Цветков", Reason: "transliteration", Confidence: certain},
			}},
		},
		{
			name: "kh/h and ye/e spellings",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Yelena Zakhvatova arrived. Yelena Zakhvatova spoke. Elena Zahvatova left.").
					m(P, "Yelena Zakhvatova").m(P, "Elena Zahvatova").a,
			},
			want: map[string][]merge{"Yelena Zakhvatova": {{Alias: "Elena Zahvatova", Reason: "spelling variant", Confidence: certain}}},
		},
		{
			name: "misspelt surname joins when first names agree, case never matters",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Tobias Lunt spoke. Tobias Lunt left. Tobias Lund was named; tobias lunt declined. Lund is a town.").
					m(P, "Tobias Lunt").m(P, "Tobias Lund").m(P, "tobias lunt").a,
			},
			want: map[string][]merge{"Tobias Lunt": {{Alias: "Tobias Lund", Reason: "misspelling", Confidence: probable}}},
		},
		{
			name: "a misspelt lone surname needs a longer name",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Tobias Lunt spoke. Lund answered.").m(P, "Tobias Lunt").m(P, "Lund").a,
			},
			want:  map[string][]merge{"Tobias Lunt": nil},
			apart: [][2]string{{"Tobias Lunt", "Lund"}},
		},
		{
			name: "first-name variants join only with one surname",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Sergei Malkov and Sergey Ostrikov met. Serhiy Malkov spoke.").
					m(P, "Sergei Malkov").m(P, "Sergey Ostrikov").m(P, "Serhiy Malkov").a,
			},
			want:  map[string][]merge{"Sergei Malkov": {{Alias: "Serhiy Malkov", Reason: "first-name variant", Confidence: certain}}},
			apart: [][2]string{{"Sergei Malkov", "Sergey Ostrikov"}},
		},
		{
			name: "two different Sergeis and a lone first name",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Sergei Malkov and Sergei Ostrikov met. Sergei spoke first.").
					m(P, "Sergei Malkov").m(P, "Sergei Ostrikov").m(P, "Sergei").a,
			},
			apart: [][2]string{{"Sergei Malkov", "Sergei Ostrikov"}, {"Sergei", "Sergei Malkov"}, {"Sergei", "Sergei Ostrikov"}},
		},
		{
			name: "a first name alone is not joined",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Marlowe Fenwick arrived. Marlowe said nothing.").m(P, "Marlowe Fenwick").m(P, "Marlowe").a,
			},
			apart: [][2]string{{"Marlowe Fenwick", "Marlowe"}},
		},
		{
			name: "two people share a surname in one article",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Greta Lindqvist and Tomas Lindqvist spoke. Lindqvist left.").
					m(P, "Greta Lindqvist").m(P, "Tomas Lindqvist").m(P, "Lindqvist").a,
			},
			apart: [][2]string{{"Greta Lindqvist", "Tomas Lindqvist"}, {"Lindqvist", "Greta Lindqvist"}, {"Lindqvist", "Tomas Lindqvist"}},
		},
		{
			name: "a shared surname joins the one person its articles name",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Greta Lindqvist spoke. Lindqvist left.").m(P, "Greta Lindqvist").m(P, "Lindqvist").a,
				article("b", t0, "Tomas Lindqvist was away.").m(P, "Tomas Lindqvist").a,
			},
			want:  map[string][]merge{"Greta Lindqvist": {{Alias: "Lindqvist", Reason: "shared surname", Confidence: probable}}},
			apart: [][2]string{{"Greta Lindqvist", "Tomas Lindqvist"}},
		},
		{
			name: "an exact surname wins over a gendered form, probably",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Anna Petrova and Ivan Petrov arrived. Petrova spoke first.").
					m(P, "Anna Petrova").m(P, "Ivan Petrov").m(P, "Petrova").a,
			},
			want:  map[string][]merge{"Anna Petrova": {{Alias: "Petrova", Reason: "shared surname", Confidence: probable}}},
			apart: [][2]string{{"Anna Petrova", "Ivan Petrov"}},
		},
		{
			name: "an organisation and a person with one word",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Edwin Halvorsen sold shares. Halvorsen, the shipping firm, said it grew.").
					m(P, "Edwin Halvorsen").m(O, "Halvorsen").a,
			},
			apart: [][2]string{{"Edwin Halvorsen", "Halvorsen"}},
		},
		{
			name: "a surname taken for a place, unless it follows a locative",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Ambassador Pavel Kirsanov met senators. They met with Kirsanov twice. "+
					"Irene Austin flew in from Austin.").
					m(P, "Pavel Kirsanov").m(parallax.Place, "Kirsanov").m(P, "Irene Austin").m(parallax.Place, "Austin").a,
			},
			want:  map[string][]merge{"Pavel Kirsanov": {{Alias: "Kirsanov", Reason: "surname", Confidence: certain}}},
			apart: [][2]string{{"Irene Austin", "Austin"}},
		},
		{
			name: "lower case and possessives",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Ingrid Solberg won. Solberg's rivals conceded; solberg thanked them.").
					m(P, "Ingrid Solberg").m(P, "Solberg's").m(P, "solberg").a,
			},
			want: map[string][]merge{"Ingrid Solberg": {{Alias: "Solberg", Reason: "surname", Confidence: certain}}},
		},
		{
			name: "middle names",
			arts: []*parallax.StoredArticle{
				article("a", t0, "Walter H. Brandt and Walter J. Brandt are cousins; Walter Brandt spoke. Nora K. Vail met Nora Vail.").
					m(P, "Walter H. Brandt").m(P, "Walter J. Brandt").m(P, "Walter Brandt").m(P, "Nora K. Vail").m(P, "Nora Vail").a,
			},
			want:  map[string][]merge{"Nora K. Vail": {{Alias: "Nora Vail", Reason: "fuller name", Confidence: certain}}},
			apart: [][2]string{{"Walter H. Brandt", "Walter J. Brandt"}, {"Walter Brandt", "Walter H. Brandt"}, {"Walter Brandt", "Walter J. Brandt"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Compose(parallax.StorySummary{}, tc.arts)
			for name, want := range tc.want {
				e := entityByName(t, v, name)
				if e.Kind != P {
					t.Errorf("%s: kind %s", name, e.Kind)
				}
				if !slices.Equal(e.Merges, want) && !(len(e.Merges) == 0 && len(want) == 0) {
					t.Errorf("%s: merges %+v, want %+v", name, e.Merges, want)
				}
				for _, m := range e.Merges {
					if !slices.Contains(e.Aliases, m.Alias) {
						t.Errorf("%s: merge for %q, which is no alias", name, m.Alias)
					}
				}
				if len(e.Merges) != len(e.Aliases) {
					t.Errorf("%s: %d aliases, %d merges", name, len(e.Aliases), len(e.Merges))
				}
			}
			for _, pair := range tc.apart {
				a, b := holding(v, pair[0]), holding(v, pair[1])
				if a == nil || b == nil {
					t.Fatalf("%q or %q missing: %q", pair[0], pair[1], names(v))
				}
				if a.ID == b.ID {
					t.Errorf("%q and %q were joined: %+v", pair[0], pair[1], *a)
				}
			}
		})
	}
}

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		text   string
		person string // the mention's name as the tagger gave it
		entity string
		want   []string // roles, with their spans' text as written
	}{
		{"title before the name", "Deputy Foreign Minister Arkady Tsvetkov said so.", "Arkady Tsvetkov", "Arkady Tsvetkov",
			[]string{"deputy foreign minister=Deputy Foreign Minister"}},
		{"title inside the mention", "Deputy foreign Minister Arkady Tsvetkov said so.", "Deputy foreign Minister Arkady Tsvetkov", "Arkady Tsvetkov",
			[]string{"deputy foreign minister=Deputy foreign Minister"}},
		{"a possessive ends the role", "Ruritania’s Ambassador Oksana Verbitskaya left.", "Oksana Verbitskaya", "Oksana Verbitskaya",
			[]string{"ambassador=Ambassador"}},
		{"connectors inside", "Secretary of State Nora Vail flew in.", "Nora Vail", "Nora Vail",
			[]string{"secretary of state=Secretary of State"}},
		{"apposition before", "A harbour authority spokesman, Lionel Drummand, said so.", "Lionel Drummand", "Lionel Drummand",
			[]string{"spokesman=spokesman"}},
		{"apposition after", "Lionel Drummand, an adviser to the mayor, said so.", "Lionel Drummand", "Lionel Drummand",
			[]string{"adviser=adviser"}},
		{"qualified apposition after", "Lionel Drummand, a senior campaign adviser, said so.", "Lionel Drummand", "Lionel Drummand",
			[]string{"senior campaign adviser=senior campaign adviser"}},
		{"someone else's role before a comma", "After meeting the ambassador, Drummand said so.", "Drummand", "Drummand", nil},
		{"someone else's role before a connector", "A spokesman for Drummand said so.", "Drummand", "Drummand", nil},
		{"the next person of a list", "Drummand, Deputy Minister Ivan Petrov and others came.", "Drummand", "Drummand", nil},
		{"a courtesy title is no role", "Mr. Drummand declined.", "Mr. Drummand", "Drummand", nil},
		{"an adjective is no role", "He is a major Solberg donor.", "Solberg", "Solberg", nil},
		{"capitalised, it is", "Major Ingrid Solberg led.", "Ingrid Solberg", "Ingrid Solberg", []string{"major=Major"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := article("a", t0, tc.text).m(P, tc.person).a
			v := Compose(parallax.StorySummary{}, []*parallax.StoredArticle{a})
			e := entityByName(t, v, tc.entity)
			var got []string
			for _, r := range e.Roles {
				got = append(got, r.Role+"="+tc.text[r.Start:r.End])
				if r.Article != "a" {
					t.Errorf("role %+v: article", r)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("roles %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRolesOnePerArticle(t *testing.T) {
	a := article("a", t0, "Ambassador Oksana Verbitskaya left. Ambassador Oksana Verbitskaya returned.").m(P, "Oksana Verbitskaya").a
	b := article("b", t0, "Spokeswoman Oksana Verbitskaya spoke. Ambassador Verbitskaya agreed.").m(P, "Oksana Verbitskaya").m(P, "Verbitskaya").a
	e := entityByName(t, Compose(parallax.StorySummary{}, []*parallax.StoredArticle{a, b}), "Oksana Verbitskaya")
	var got []string
	for _, r := range e.Roles {
		got = append(got, fmt.Sprintf("%s@%s:%d", r.Role, r.Article, r.Start))
	}
	// The role most articles give comes first; one piece of evidence per article.
	want := []string{"ambassador@a:0", "ambassador@b:38", "spokeswoman@b:0"}
	if !slices.Equal(got, want) {
		t.Errorf("roles %q, want %q", got, want)
	}
}

func TestOutlets(t *testing.T) {
	a := article("a", t0,
		"Officials told Reuters on Monday. "+
			"The Dunmore Gazette ran the story first, and the Gazette stood by it. "+
			"Harbor Ledger published the memo. "+
			"The mayor told Kestrel on Tuesday. The plan was dropped, according to Kestrel News. "+
			"Two aides told the Ferrell Committee, according to the Ferrell Committee. "+
			"A clerk told Quillon; Quillon hired staff; Quillon grew; Quillon moved. "+
			"The Ruritanian news agency was silent. Ruritanian officials agreed; Ruritanian ships sailed. "+
			"That, quoted by Pellam, was all. "+
			"The Vellmar News Agency and the Orrin Harbour Agency disagreed. "+
			"The Harwick Times asked; an aide told the Times nothing.").
		m(O, "Reuters").m(O, "Dunmore Gazette").m(O, "Gazette").m(O, "Harbor Ledger").m(O, "Kestrel News").m(O, "Kestrel").
		m(O, "Ferrell Committee").m(O, "Quillon").m(parallax.Misc, "Ruritanian").m(O, "Pellam").
		m(O, "Vellmar News Agency").m(O, "Orrin Harbour Agency").m(O, "Harwick Times").
		m(parallax.Place, "Times").a // a tagger's mistake the citing phrase corrects
	a.Outlet = "harborledger.example"
	b := article("b", t0, "KESTREL.COM carried the full text.").m(O, "KESTREL.COM").a
	b.Outlet = "kestrel.com"
	v := Compose(parallax.StorySummary{}, []*parallax.StoredArticle{a, b})
	for _, tc := range []struct {
		name   string
		kind   parallax.EntityKind
		merges []merge
	}{
		{"Reuters", parallax.Outlet, nil},                    // a known agency
		{"Harbor Ledger", parallax.Outlet, nil},              // an article's domain
		{"Pellam", parallax.Outlet, nil},                     // "quoted by": one strong cue
		{"Ferrell Committee", parallax.Organization, nil},    // an institution, whatever the cues
		{"Vellmar News Agency", parallax.Outlet, nil},        // an agency's ending
		{"Orrin Harbour Agency", parallax.Organization, nil}, // an institution's
		{"Harwick Times", parallax.Outlet, []merge{{Alias: "Times", Reason: "short name", Confidence: parallax.Probable}}},
		{"Quillon", parallax.Organization, nil}, // one "told" in four mentions
		{"Ruritanian", parallax.Misc, nil},      // an adjective before "news agency"
		{"Dunmore Gazette", parallax.Outlet, []merge{{Alias: "Gazette", Reason: "short name", Confidence: parallax.Probable}}},
		// "told Kestrel" and "according to Kestrel News" cite one outlet,
		// which its domain names too; the fuller name wins a tie.
		{"Kestrel News", parallax.Outlet, []merge{
			{Alias: "KESTREL.COM", Reason: "outlet domain", Confidence: parallax.Certain},
			{Alias: "Kestrel", Reason: "outlet name", Confidence: parallax.Certain},
		}},
	} {
		e := entityByName(t, v, tc.name)
		if e.Kind != tc.kind || !slices.Equal(e.Merges, tc.merges) && len(e.Merges)+len(tc.merges) > 0 {
			t.Errorf("%s: kind %s, merges %+v; want %s, %+v", tc.name, e.Kind, e.Merges, tc.kind, tc.merges)
		}
	}
	if EntityID(parallax.Outlet, "Kestrel News") != EntityID(parallax.Outlet, "kestrel") ||
		EntityID(parallax.Outlet, "Vellmar News Agency") != EntityID(parallax.Outlet, "Vellmar") ||
		EntityID(parallax.Outlet, "KESTREL.COM") != EntityID(parallax.Outlet, "Kestrel") {
		t.Error("an outlet's names must share its id")
	}
}

func TestEntityIDAcrossStories(t *testing.T) {
	// One person written differently in each story has one id everywhere.
	stories := [][]*parallax.StoredArticle{
		{article("a", t0, "Arkadiy Tsvetkov spoke. Tsvetkov left.").m(P, "Arkadiy Tsvetkov").m(P, "Tsvetkov").a},
		{article("b", t0, "Аркадий Цветков заявил.").m(P, "Аркадий Цветков").a},
		{article("c", t0, "arkady tsvetkov said; Arkady tsvetkov agreed.").m(P, "arkady tsvetkov").m(P, "Arkady tsvetkov").a},
		{article("d", t0, "Deputy Minister Arkady Tsvetkov said.").m(P, "Deputy Minister Arkady Tsvetkov").a},
	}
	var ids []string
	for _, arts := range stories {
		v := Compose(parallax.StorySummary{}, arts)
		if len(v.Entities) != 1 {
			t.Fatalf("entities %q", names(v))
		}
		ids = append(ids, v.Entities[0].ID)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] || ids[2] != ids[3] {
		t.Errorf("ids %q", ids)
	}
	// A surname's vowel spelling does not change a person's id ("Carter
	// Paige" in a story of its own is Carter Page); other letters do.
	same := [][2]string{{"Carter Page", "Carter Paige"}, {"Ana Tanner", "Ana Taner"}, {"Ivo Blaine", "Ivo Blain"}}
	for _, p := range same {
		if EntityID(P, p[0]) != EntityID(P, p[1]) {
			t.Errorf("%s and %s: two ids", p[0], p[1])
		}
	}
	differ := [][2]string{{"Mark Toner", "Mark Tanner"}, {"Carter Page", "Carter Pike"}, {"Jane Page", "Jan Page"}, {"Carter Page", "Carter Pace"}}
	for _, p := range differ {
		if EntityID(P, p[0]) == EntityID(P, p[1]) {
			t.Errorf("%s and %s: one id", p[0], p[1])
		}
	}
	// A lower-case-only writing is shown properly cased.
	if v := Compose(parallax.StorySummary{}, stories[2]); v.Entities[0].Name != "Arkady Tsvetkov" {
		t.Errorf("name %q", v.Entities[0].Name)
	}
}

// syntheticStory builds a story with about n distinct person forms, a
// third of them lone surnames, in articles of 50 mentions. Names are random
// letters from a fixed seed: as diverse as real names, unlike syllables.
func syntheticStory(n int) []*parallax.StoredArticle {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := []byte{byte('A' + rng.IntN(26))}
		for range 3 + rng.IntN(7) {
			b = append(b, byte('a'+rng.IntN(26)))
		}
		return string(b)
	}
	firsts := make([]string, 200)
	for i := range firsts {
		firsts[i] = word()
	}
	var arts []*parallax.StoredArticle
	var a *parallax.StoredArticle
	for i := range n {
		if i%50 == 0 {
			a = &parallax.StoredArticle{ArticleMeta: parallax.ArticleMeta{ID: fmt.Sprint("x", i)}}
			arts = append(arts, a)
		}
		name := firsts[rng.IntN(len(firsts))] + " " + word()
		if i%3 == 0 {
			name = word()
		}
		a.Analysis.Mentions = append(a.Analysis.Mentions, parallax.Mention{Kind: P, Name: name})
	}
	return arts
}

func BenchmarkCompose(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		arts := syntheticStory(n)
		b.Run(fmt.Sprint(n, "forms"), func(b *testing.B) {
			for b.Loop() {
				Compose(parallax.StorySummary{}, arts)
			}
		})
	}
}

func TestLexiconComplete(t *testing.T) {
	lx := lex()
	for name, n := range map[string]int{
		"heads": len(lx.roleHeads), "capitalised heads": len(lx.capHeads), "qualifiers": len(lx.qualifiers),
		"connectors": len(lx.connectors), "honorifics": len(lx.honorifics), "locatives": len(lx.locatives),
		"variants": len(lx.given), "known": len(lx.outlets), "endings": len(lx.endings.set),
		"generic": len(lx.generic.set), "bodies": len(lx.bodies), "cites": len(lx.citeBefore) * len(lx.citeAfter),
	} {
		if n == 0 {
			t.Errorf("story/data: section %q is empty or missing", name)
		}
	}
}
