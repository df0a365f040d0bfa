package lang

import (
	"strings"
	"testing"
)

// The texts are written for this test.
func TestDetect(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"english", "The council said on Tuesday that the new bridge over the river would open in the spring, after two years of delays and a dispute with the builder about the cost of the steel.", "en"},
		{"english with names", "Olga Petrenko told reporters in Vardova that the ministry had not been consulted and that she would raise the matter with the prime minister when parliament returns.", "en"},
		{"german", "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke über den Fluss im Frühjahr eröffnet wird, nach zwei Jahren Verzögerung und einem Streit mit der Baufirma.", "de"},
		{"french", "Le conseil municipal a annoncé mardi que le nouveau pont sur la rivière ouvrirait au printemps, après deux ans de retard et un différend avec le constructeur sur le prix de l'acier.", "fr"},
		{"spanish", "El ayuntamiento anunció el martes que el nuevo puente sobre el río se abrirá en primavera, después de dos años de retrasos y una disputa con la constructora sobre el precio del acero.", "es"},
		{"russian", "Городской совет во вторник объявил, что новый мост через реку откроется весной, после двух лет задержек и спора со строителем о стоимости стали и бетона.", "ru"},
		{"too short", "Council votes", ""},
		{"digits only", strings.Repeat("2026 1200 45 ", 30), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.text); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

// The English fast path must not claim a Latin-script text in another
// language that happens to use a few short English-looking words.
func TestEnglishShareLowElsewhere(t *testing.T) {
	for _, s := range []string{
		"Die Regierung in Berlin hat die Pläne am Montag vorgestellt, aber die Opposition ist dagegen und will im Parlament abstimmen lassen.",
		"Il governo ha presentato il piano a Roma lunedì, ma l'opposizione è contraria e chiede un voto in parlamento entro la fine del mese.",
	} {
		if sh := englishShare(s); sh >= 0.25 {
			t.Errorf("English share %.2f for %q", sh, s)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	s := strings.Repeat("The council said on Tuesday that the new bridge over the river would open in the spring. ", 40)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Detect(s)
	}
}
