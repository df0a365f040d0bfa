package synth

import "strings"

// The word lists below were written for this package. Lists are split on
// whitespace; a verb is "base/past".

// nounList holds common news nouns, most frequent first: their position is
// their Zipf rank, ahead of the invented long tail.
const nounList = `
government minister company report plan police city country week year month
people official policy market budget law court statement decision agreement
meeting election vote party leader council committee board union worker
price tax bank rate economy trade deal investment project programme service
hospital school student family child home road bridge train station airport
flight border region district village town water power energy fuel climate
weather damage cost loss profit sale share investor customer product factory
plant job protest crowd rally campaign candidate poll result seat parliament
bill reform rule investigation inquiry case trial judge lawyer charge
sentence prison arrest suspect victim witness evidence attack army soldier
ceasefire conflict peace aid refugee crisis emergency shortage supply demand
delay problem risk threat warning concern question interview agency ministry
department office authority system network data software study research
scientist university test patient doctor nurse disease vaccine treatment
drug outbreak season match game team player coach goal title league final
stadium record history future number group member community resident owner
tenant rent housing land farm farmer harvest food index currency debt loan
fund contract licence permit site port ship cargo route line bus car
driver accident street centre park museum festival film book artist award
church mayor governor senator lawmaker mission spokesman spokeswoman director
chief executive manager employee staff salary pension benefit welfare
insurance claim fee fine penalty ban limit target figure estimate forecast
survey analyst expert adviser critic supporter opponent rival partner
neighbour ally talks summit visit speech letter document file website phone
message account video image source detail issue matter step move effort
response reaction support pressure change increase decline rise fall growth
recovery collapse shift gap lack need access control security safety
health education transport industry sector business firm brand store
shop supplier producer exporter importer customs tariff quota subsidy
grant reserve deposit asset bond stock dividend merger takeover bid offer
`

// verbList holds transitive verbs as base/past, or base/past/participle
// when the participle differs, for "{v} the {n}" slots.
const verbList = `
announce/announced approve/approved reject/rejected confirm/confirmed
deny/denied promise/promised cut/cut raise/raised sign/signed
launch/launched open/opened close/closed delay/delayed suspend/suspended
block/blocked back/backed criticise/criticised defend/defended win/won
lose/lost visit/visited release/released order/ordered ban/banned
lift/lifted extend/extended end/ended expand/expanded propose/proposed
support/supported oppose/opposed question/questioned review/reviewed
publish/published build/built buy/bought sell/sold pay/paid spend/spent
find/found hold/held lead/led send/sent take/took/taken make/made
present/presented revise/revised welcome/welcomed condemn/condemned
challenge/challenged accept/accepted postpone/postponed cancel/cancelled
restore/restored reduce/reduced double/doubled freeze/froze/frozen
examine/examined dispute/disputed request/requested secure/secured
complete/completed prepare/prepared introduce/introduced limit/limited
`

// adjectiveList holds adjectives for "{a}" slots.
const adjectiveList = `
new former local national regional public private major small large early
late final first key senior top high low long short strong weak clear
recent current next previous possible serious severe heavy rapid slow
sharp modest significant official independent foreign domestic economic
political financial military legal medical social annual temporary
permanent joint special further additional full partial initial urgent
controversial unexpected widespread limited broad fresh difficult
crucial costly narrow direct central northern southern eastern western
`

// firstNames and surnames make the people: surnames are fewer and drawn
// with a skew, so that one surname names many different people.
const firstNames = `
Anna Marek Sofia Daniel Yusuf Priya Tomas Elena Kofi Mei Lars Ines Omar
Hana Viktor Clara Rafael Amina Jonas Lucia Pavel Nadia Samuel Irene Ahmed
Greta Diego Laila Felix Marta Ivan Chiara Kwame Aiko Stefan Noor Mateo
Olga Hugo Zara Nikolai Rosa Emil Fatima Leon Vera Carlos Yara Henrik Mira
Pedro Selin Arjun Eva Tariq Julia Bruno Leila Simon Dina Oskar Maya Karim
Alma Ruben Sara Milan Lea Andrei Nora Paolo Aisha Erik Helena Joao Freya
Adrian Lina Mikhail Agnes Rashid Teresa Jan Irina Gabriel Zeynep Luis
Petra Kenji Alice Sergio Ilse Musa Carmen David Linnea
`

const surnames = `
Keller Moreno Novak Okafor Lindqvist Haddad Petrov Sato Brennan Costa
Varga Mensah Dubois Kowalski Jensen Rahman Ferreira Horvat Nakamura Quinn
Sokolov Bauer Ortega Mwangi Larsen Aziz Romano Fischer Tanaka Doyle Marin
Nowak Eriksen Kaya Silva Berger Ivanova Osei Vogel Castillo Hansen Yilmaz
Moretti Lang Kim Walsh Duarte Engel Popescu Adeyemi Holm Shah Rossi Weber
Park Byrne Santos Koch Markovic Suzuki Nielsen Khan Greco Hartmann Ali
Lynch Reyes Braun Petrovic Ito Murphy Vidal Schmid Kuznetsov Boateng Wolf
Pereira Klein Jovanovic Mori Kelly Navarro Frank Volkov Ncube Roth Lopes
`

// countries are real country names; towns are invented (see places).
const countries = `
France Brazil Kenya Norway Peru Ghana Poland Chile Japan Egypt Canada
Turkey Spain Mexico Nigeria Sweden Vietnam Portugal Morocco Greece Ireland
Finland Colombia Romania Tunisia Austria Denmark Croatia Senegal Jordan
Uruguay Hungary Malaysia Zambia Belgium Ecuador Latvia Estonia Namibia
Iceland
`

var months = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Syllables of invented words: an onset, a vowel and an optional coda.
var (
	onsets = []string{"b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k",
		"l", "m", "n", "p", "pl", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"}
	vowels = []string{"a", "e", "i", "o", "u", "ai", "ea", "ou", "a", "e", "o"}
	codas  = []string{"", "", "", "n", "r", "l", "s", "t", "nd", "rk", "st", "m", "x"}
	// Endings that make an invented word read as a surname or a town.
	surnameEnds = []string{"er", "sen", "ova", "ez", "ski", "an", "is", "ic", "ley", "ardt"}
	townEnds    = []string{"", "", "ford", "ton", "burg", "mouth", "field", "vale", "ia", "grad"}
	townHeads   = []string{"", "", "", "", "", "", "Port ", "San ", "North ", "Lake ", "New "}
)

// outlet name parts: invented names with a paper's or an agency's word.
var (
	paperWords = []string{"Herald", "Times", "Post", "Courier", "Gazette", "Tribune", "Observer",
		"Chronicle", "Journal", "Daily", "Record", "Ledger", "Sentinel", "Standard", "Mirror"}
	wireWords = []string{"Press", "Wire", "News Agency", "Newswire"}
	tlds      = []string{".com", ".com", ".com", ".net", ".org", ".co.uk", ".news", ".info"}
)

// kind is a kind of news: its words, the roles of its people, the kinds of
// its organisations and the units of its figures. Two events of one kind
// share these, as two earthquakes share "aftershock" and "rescue".
type kind struct {
	name    string
	events  []string // what an event of this kind is called: "earthquake"
	nouns   []string
	verbs   []verb
	roles   []string
	orgs    []string // organisation kinds: "{X} Holdings"
	units   []string // what figures count: "people", "homes"
	ranges  [2]int   // figure magnitudes, as powers of ten
	decimal bool     // some figures have a decimal part (magnitudes, percentages)
}

func mustVerbs(s string) []verb {
	var out []verb
	for _, f := range strings.Fields(s) {
		forms := strings.Split(f, "/")
		v := verb{base: forms[0], past: forms[len(forms)-1], participle: forms[len(forms)-1]}
		if len(forms) == 3 {
			v.past = forms[1]
		}
		out = append(out, v)
	}
	return out
}

var kinds = []kind{
	{name: "disaster", events: []string{"earthquake", "flood", "storm", "wildfire", "landslide"},
		nouns: strings.Fields("rescue evacuation aftershock shelter debris rubble survivor relief " +
			"volunteer firefighter tremor wind flooding dam levee"),
		verbs: mustVerbs("evacuate/evacuated rescue/rescued destroy/destroyed damage/damaged flood/flooded " +
			"deploy/deployed"),
		roles: []string{"civil defence chief", "mayor", "fire chief", "emergency minister", "regional governor"},
		orgs:  []string{"Red Cross", "Civil Protection Agency", "Fire Service", "Relief Fund"},
		units: []string{"people", "homes", "families", "villages", "rescuers", "hectares"}, ranges: [2]int{1, 4}, decimal: true},
	{name: "politics", events: []string{"vote", "election", "coalition talks", "no-confidence motion", "referendum"},
		nouns: strings.Fields("ballot coalition opposition majority cabinet constituency turnout " +
			"manifesto amendment veto lobby mandate motion debate"),
		verbs: mustVerbs("elect/elected appoint/appointed dissolve/dissolved nominate/nominated " +
			"endorse/endorsed table/tabled"),
		roles: []string{"prime minister", "opposition leader", "party chairman", "interior minister", "speaker of parliament"},
		orgs:  []string{"People's Party", "Democratic Alliance", "Electoral Commission", "Green Movement"},
		units: []string{"votes", "seats", "percent", "lawmakers", "districts"}, ranges: [2]int{1, 6}, decimal: true},
	{name: "court", events: []string{"trial", "verdict", "hearing", "appeal", "indictment"},
		nouns: strings.Fields("defendant jury testimony fraud bribery acquittal conviction " +
			"prosecution defence indictment bail plea ruling courtroom"),
		verbs: mustVerbs("convict/convicted acquit/acquitted sentence/sentenced indict/indicted " +
			"appeal/appealed overturn/overturned"),
		roles: []string{"chief prosecutor", "defence lawyer", "presiding judge", "justice minister", "police chief"},
		orgs:  []string{"Supreme Court", "Prosecutor's Office", "Bar Association", "National Police"},
		units: []string{"years", "counts", "witnesses", "defendants", "million dollars"}, ranges: [2]int{0, 3}},
	{name: "business", events: []string{"merger", "takeover", "bankruptcy", "share offering", "recall"},
		nouns: strings.Fields("shareholder revenue earnings quarter acquisition valuation " +
			"creditor regulator layoff outlook guidance startup lender"),
		verbs: mustVerbs("acquire/acquired merge/merged list/listed restructure/restructured " +
			"lay/laid invest/invested"),
		roles: []string{"chief executive", "finance director", "chairwoman", "economy minister", "central bank governor"},
		orgs:  []string{"Holdings", "Group", "Bank", "Energy", "Motors", "Telecom"},
		units: []string{"million dollars", "jobs", "percent", "shares", "stores"}, ranges: [2]int{1, 4}, decimal: true},
	{name: "health", events: []string{"outbreak", "vaccination drive", "hospital strike", "drug shortage", "epidemic"},
		nouns: strings.Fields("infection clinic ward virus symptom quarantine dose laboratory " +
			"epidemiologist pharmacy surgeon intensive-care screening"),
		verbs: mustVerbs("vaccinate/vaccinated treat/treated isolate/isolated test/tested " +
			"screen/screened admit/admitted"),
		roles: []string{"health minister", "chief medical officer", "hospital director", "epidemiologist"},
		orgs:  []string{"Health Institute", "Medical Association", "Hospital Trust", "Pharmaceuticals"},
		units: []string{"cases", "patients", "doses", "beds", "deaths"}, ranges: [2]int{1, 5}},
	{name: "sport", events: []string{"final", "derby", "championship match", "transfer", "doping case"},
		nouns: strings.Fields("striker goalkeeper midfielder referee penalty tournament " +
			"semifinal cup squad injury transfer fixture supporter trophy"),
		verbs: mustVerbs("score/scored sign/signed beat/beat/beaten draw/drew/drawn sack/sacked " +
			"qualify/qualified"),
		roles: []string{"head coach", "club president", "team captain", "sports minister", "league chairman"},
		orgs:  []string{"Football Club", "Athletic Club", "Football Federation", "Olympic Committee"},
		units: []string{"goals", "points", "fans", "million euros", "matches"}, ranges: [2]int{0, 5}},
	{name: "diplomacy", events: []string{"summit", "ceasefire talks", "border dispute", "sanctions", "peace deal"},
		nouns: strings.Fields("diplomat embassy envoy delegation treaty sanction negotiation " +
			"ceasefire mediator corridor convoy hostage territory sovereignty"),
		verbs: mustVerbs("negotiate/negotiated expel/expelled recall/recalled mediate/mediated " +
			"ratify/ratified impose/imposed"),
		roles: []string{"foreign minister", "ambassador", "special envoy", "defence minister", "president"},
		orgs:  []string{"Foreign Ministry", "Security Council", "Council of Northern States", "Defence Ministry"},
		units: []string{"troops", "kilometres", "prisoners", "refugees", "million dollars"}, ranges: [2]int{1, 5}},
	{name: "labour", events: []string{"strike", "walkout", "wage deal", "factory closure", "protest march"},
		nouns: strings.Fields("picket wage shift overtime bargaining arbitration employer " +
			"stoppage dockworker miner teacher nurse contract grievance"),
		verbs: mustVerbs("strike/struck dismiss/dismissed negotiate/negotiated picket/picketed " +
			"mediate/mediated rehire/rehired"),
		roles: []string{"union leader", "labour minister", "plant manager", "shop steward", "employers' spokesman"},
		orgs:  []string{"Workers' Union", "Federation of Employers", "Transport Union", "Teachers' Union"},
		units: []string{"workers", "percent", "days", "euros a month", "members"}, ranges: [2]int{1, 5}, decimal: true},
	{name: "transport", events: []string{"train crash", "ferry accident", "airport closure", "bridge collapse", "highway pileup"},
		nouns: strings.Fields("carriage derailment runway ferry passenger timetable signal " +
			"locomotive terminal motorway tunnel safety-board pilot crew"),
		verbs: mustVerbs("derail/derailed ground/grounded divert/diverted reroute/rerouted " +
			"inspect/inspected halt/halted"),
		roles: []string{"transport minister", "rail operator chief", "airport director", "safety inspector"},
		orgs:  []string{"Railways", "Airlines", "Ferry Company", "Transport Safety Board"},
		units: []string{"passengers", "flights", "kilometres", "carriages", "hours"}, ranges: [2]int{1, 4}},
}

// verb is a verb's base form, past and past participle.
type verb struct{ base, past, participle string }
