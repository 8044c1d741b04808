package policy

import (
	"strconv"
	"time"
)

// world is one reading of a request's facts with every unknown replaced by
// a value: the strict reading, the lenient one, or either with one fact
// flipped. The engine judges worlds; the decision explains the strict one.
type world struct {
	ciio       bool
	handles    int64
	expNS      int64
	expS       int64
	ftz, city  string   // where the processor is registered
	otherLists []string // other zones' lists it applies
	t          []tfacts
}

// tfacts are the facts of one transfer in a world.
type tfacts struct {
	scenario  string
	important bool
	ns, s     int64
	abroad    bool
	zl        *ZoneList // how a zone list describes the data, or nil
	stated    string    // the processor's statement of the list's route
}

// factKind names a fact that may be unknown.
type factKind int

const (
	factCIIO factKind = iota
	factHandles
	factExpNS
	factExpS
	factScenario
	factImportant
	factNS
	factS
	factAbroad
	factZoneStated
)

// unknown is a fact the request left unknown; transfer is -1 for facts of
// the processor.
type unknown struct {
	kind     factKind
	transfer int
}

// ruleSet decides routes under one set of rules.
type ruleSet struct {
	id       string
	asOf     string
	asOfTime time.Time
	d        *RuleData
}

// band of a count against the thresholds: below the contract band, in it,
// or at the assessment threshold.
const (
	bandNone = iota
	bandContract
	bandAssessment
)

// judgement is the outcome for one world.
type judgement struct {
	routes  []string
	overall string
	totNS   int64         // counted individuals, non-sensitive (regime-2022: all PI)
	totS    int64         // counted individuals, sensitive
	exempt  []string      // per transfer, the rule taking its PI out of the counts
	zones   []zoneOutcome // per transfer, what a zone list says of it
}

func routeRank(r string) int {
	switch r {
	case RouteSecurityAssessment:
		return 2
	case RouteContractOrCertify:
		return 1
	}
	return 0
}

func stricter(a, b string) string {
	if routeRank(b) > routeRank(a) {
		return b
	}
	return a
}

// satAdd adds counts, saturating at 2^53-1 so that no sum overflows.
func satAdd(a, b int64) int64 {
	if a > maxSafeInteger-b {
		return maxSafeInteger
	}
	return a + b
}

func (t *tfacts) hasPI() bool { return t.ns > 0 || t.s > 0 }

// exemption returns the rule id that takes a transfer's PI out of every
// procedure and out of the counts, or "" if none does.
func (rs *ruleSet) exemption(t *tfacts) string {
	if rs.id != "provisions-2024" || !t.hasPI() {
		return ""
	}
	if t.abroad {
		return "p24.art4.collected_abroad"
	}
	switch t.scenario {
	case ScenarioContract:
		return "p24.art5_1.contract"
	case ScenarioHR:
		return "p24.art5_2.hr"
	case ScenarioEmergency:
		return "p24.art5_3.emergency"
	case ScenarioStatutoryDuty:
		if rs.asOf >= rs.d.date("ndsmr_in_force") {
			return "ndsmr.art35_6.statutory_duty"
		}
	}
	return ""
}

func isTradeScenario(s string) bool {
	switch s {
	case ScenarioTrade, ScenarioTransport, ScenarioAcademic, ScenarioManufacturing:
		return true
	}
	return false
}

// firing is one rule that fired for transfer i; cite and effect override
// the rule's own where a zone list decides them.
type firing struct {
	rule   string
	i      int
	cite   string
	effect string
}

// judge decides the route of every transfer in a world. fire, if not nil,
// is told every rule that fires.
func (rs *ruleSet) judge(w *world, fire func(firing)) judgement {
	n := len(w.t)
	j := judgement{routes: make([]string, n), exempt: make([]string, n), zones: make([]zoneOutcome, n)}
	j.totNS, j.totS = w.expNS, w.expS
	for i := range w.t {
		t := &w.t[i]
		j.exempt[i] = rs.exemption(t)
		if j.exempt[i] == "" {
			if z := rs.zone(w, i); z.list != nil {
				j.zones[i] = z
				if z.applies {
					j.exempt[i] = z.rule
				}
			}
		}
		if j.exempt[i] != "" {
			continue
		}
		if rs.id == "provisions-2024" {
			j.totNS = satAdd(j.totNS, t.ns)
		} else {
			j.totNS = satAdd(j.totNS, satAdd(t.ns, t.s))
		}
		j.totS = satAdd(j.totS, t.s)
	}
	j.overall = RouteNone
	for i := range w.t {
		var r string
		if rs.id == "provisions-2024" {
			r = rs.routeP24(w, &j, i, fire)
		} else {
			r = rs.route2022(w, &j, i, fire)
		}
		j.routes[i] = r
		j.overall = stricter(j.overall, r)
	}
	return j
}

func (rs *ruleSet) bandNS(n int64) int {
	switch {
	case n >= rs.d.threshold("p24.assessment_volume"):
		return bandAssessment
	case n >= rs.d.threshold("p24.small_volume"):
		return bandContract
	}
	return bandNone
}

func (rs *ruleSet) bandS(n int64) int {
	switch {
	case n >= rs.d.threshold("p24.assessment_sensitive"):
		return bandAssessment
	case n > 0:
		return bandContract
	}
	return bandNone
}

// emitter returns a function that reports a rule firing for transfer i
// and returns the rule's route.
func (rs *ruleSet) emitter(fire func(firing), i int) func(rule string) string {
	return func(rule string) string {
		if fire != nil {
			fire(firing{rule: rule, i: i})
		}
		return *rs.d.rule(rule).Effect
	}
}

// routeP24 applies provisions-2024 (with ndsmr-2024 and cert-measures-2025
// where in force) to transfer i.
func (rs *ruleSet) routeP24(w *world, j *judgement, i int, fire func(firing)) string {
	t := &w.t[i]
	emit := rs.emitter(fire, i)
	route := RouteNone
	if t.important {
		if w.ciio {
			route = stricter(route, emit("p24.art7_1.ciio"))
		} else {
			route = stricter(route, emit("p24.art7_2.important_data"))
		}
	}
	if z := j.zones[i]; z.applies {
		if fire != nil {
			cite := z.list.Citation()
			if z.rule == "ftz.off_list" {
				cite = ""
			}
			fire(firing{rule: z.rule, i: i, cite: cite, effect: z.route})
		}
		return stricter(route, z.route)
	}
	if !t.hasPI() {
		if !t.important {
			if isTradeScenario(t.scenario) {
				emit("p24.art3.trade_data")
			} else {
				emit("p24.art2.no_regulated_data")
			}
		}
		return route
	}
	if ex := j.exempt[i]; ex != "" {
		emit(ex)
		return route
	}
	if w.ciio {
		if !t.important {
			route = stricter(route, emit("p24.art7_1.ciio"))
		}
		return route
	}
	certInForce := rs.asOf >= rs.d.date("cert_in_force")
	if t.ns > 0 {
		switch rs.bandNS(j.totNS) {
		case bandAssessment:
			route = stricter(route, emit("p24.art7_2.volume"))
		case bandContract:
			route = stricter(route, emit("p24.art8.volume"))
			if certInForce {
				emit("cert25.art5.band")
			}
		default:
			route = stricter(route, emit("p24.art5_4.small_volume"))
		}
	}
	if t.s > 0 {
		switch rs.bandS(j.totS) {
		case bandAssessment:
			route = stricter(route, emit("p24.art7_2.sensitive_volume"))
		default:
			route = stricter(route, emit("p24.art8.sensitive"))
			if certInForce {
				emit("cert25.art5.band")
			}
		}
	}
	return route
}

// route2022 applies sa-measures-2022 and scc-measures-2023 (or pipl art.38
// before 2023-06-01) to transfer i.
func (rs *ruleSet) route2022(w *world, j *judgement, i int, fire func(firing)) string {
	t := &w.t[i]
	emit := rs.emitter(fire, i)
	route := RouteNone
	if t.important {
		route = stricter(route, emit("r22.sa.art4_1.important_data"))
	}
	if !t.hasPI() {
		if !t.important {
			emit("r22.no_regulated_data")
		}
		return route
	}
	switch {
	case w.ciio:
		return stricter(route, emit("r22.sa.art4_2.ciio"))
	case w.handles >= rs.d.threshold("r22.handles"):
		return stricter(route, emit("r22.sa.art4_2.handles"))
	case j.totNS >= rs.d.threshold("r22.cumulative") || j.totS >= rs.d.threshold("r22.cumulative_sensitive"):
		return stricter(route, emit("r22.sa.art4_3.cumulative"))
	case rs.asOf >= rs.d.date("scc_in_force"):
		return stricter(route, emit("r22.scc.art4"))
	default:
		return stricter(route, emit("r22.pipl.art38"))
	}
}

// sameRoutes reports whether two judgements give every transfer, and the
// processor, the same route.
func sameRoutes(a, b judgement) bool {
	if a.overall != b.overall {
		return false
	}
	for i := range a.routes {
		if a.routes[i] != b.routes[i] {
			return false
		}
	}
	return true
}

// strictCount is the count assumed for an unknown number: the rule set's
// assessment threshold, which makes the count decide nothing in the
// processor's favour.
func (rs *ruleSet) strictCount(k factKind) int64 {
	if rs.id == "provisions-2024" {
		if k == factS || k == factExpS {
			return rs.d.threshold("p24.assessment_sensitive")
		}
		return rs.d.threshold("p24.assessment_volume")
	}
	switch k {
	case factHandles:
		return rs.d.threshold("r22.handles")
	case factS, factExpS:
		return rs.d.threshold("r22.cumulative_sensitive")
	}
	return rs.d.threshold("r22.cumulative")
}

// set gives an unknown fact its strict or lenient value in a world.
func (rs *ruleSet) set(w *world, u unknown, strict bool) {
	count := int64(0)
	if strict {
		count = rs.strictCount(u.kind)
	}
	switch u.kind {
	case factCIIO:
		w.ciio = strict
	case factHandles:
		w.handles = count
	case factExpNS:
		w.expNS = count
	case factExpS:
		w.expS = count
	case factScenario:
		if strict {
			w.t[u.transfer].scenario = ScenarioOther
		} else {
			w.t[u.transfer].scenario = ScenarioContract
		}
	case factImportant:
		w.t[u.transfer].important = strict
	case factNS:
		w.t[u.transfer].ns = count
	case factS:
		w.t[u.transfer].s = count
	case factAbroad:
		w.t[u.transfer].abroad = !strict
	case factZoneStated:
		if strict {
			w.t[u.transfer].stated = Unknown // zone() takes the strictest route and says so
		} else {
			w.t[u.transfer].stated = statedOffList
		}
	}
}

// assumed is the value a decision reports for an unknown fact it took the
// strict way.
func (rs *ruleSet) assumed(u unknown) any {
	switch u.kind {
	case factCIIO:
		return Yes
	case factScenario:
		return ScenarioOther
	case factImportant:
		return IDNotified
	case factAbroad:
		return No
	case factZoneStated:
		return RouteSecurityAssessment
	}
	return rs.strictCount(u.kind)
}

// where returns the JSON pointer, the dotted field name and the question
// key of an unknown fact.
func (u unknown) where(req *Request) (pointer, field, question string) {
	if u.transfer < 0 {
		switch u.kind {
		case factCIIO:
			return "/processor/ciio", "processor.ciio", "processor.ciio"
		case factHandles:
			return "/processor/handles_individuals", "processor.handles_individuals", "processor.handles_individuals"
		case factExpNS:
			return "/processor/exported_this_year/individuals", "processor.exported_this_year.individuals", "processor.exported_this_year.individuals"
		default:
			return "/processor/exported_this_year/sensitive_individuals", "processor.exported_this_year.sensitive_individuals", "processor.exported_this_year.sensitive_individuals"
		}
	}
	base := "/transfers/" + strconv.Itoa(u.transfer)
	fbase := "transfers." + req.Transfers[u.transfer].ID
	switch u.kind {
	case factScenario:
		return base + "/scenario", fbase + ".scenario", "transfer.scenario"
	case factImportant:
		return base + "/important_data", fbase + ".important_data", "transfer.important_data"
	case factNS:
		return base + "/personal_information/individuals", fbase + ".personal_information.individuals", "transfer.individuals"
	case factS:
		return base + "/personal_information/sensitive_individuals", fbase + ".personal_information.sensitive_individuals", "transfer.sensitive_individuals"
	case factZoneStated:
		return base + "/zone_list/stated_route", fbase + ".zone_list.stated_route", "transfer.zone_list.stated_route"
	default:
		return base + "/collected_abroad", fbase + ".collected_abroad", "transfer.collected_abroad"
	}
}
