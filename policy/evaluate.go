package policy

import (
	"fmt"
	"strconv"
	"strings"
)

// Evaluate decides what the rules in force on req.AsOf require of the
// request's transfers. The request must be valid (see EvaluateJSON, which
// validates raw bytes first); Evaluate checks ids and dates again and
// returns an *Error for what it cannot evaluate.
func Evaluate(req *Request) (*Decision, error) {
	if probs := checkRequest(req); len(probs) > 0 {
		return nil, &Error{probs}
	}
	rs := ruleSetFor(req.AsOf)
	strict, lenient, unknowns := worlds(rs, req)
	ex := explainer{rs: rs, req: req}
	j := rs.judge(&strict, ex.fire)
	d := &Decision{
		Kind:         "decision",
		Version:      "1",
		AsOf:         req.AsOf,
		RuleSet:      ruleSetRef(rs),
		Route:        j.overall,
		Counted:      countedTotals(req, rs, j),
		Reasons:      []Reason{},
		Obligations:  []Obligation{},
		Notes:        []Note{},
		Missing:      []Missing{},
		Deadlines:    []Deadline{},
		NoDeadline:   []NoDeadline{},
		ScopeChanges: []ScopeChange{},
		Zones:        []ZoneConsidered{},
	}
	d.Transfers = ex.transferResults(j)
	d.Reasons = ex.reasons()
	d.Missing = missingFacts(rs, req, strict, lenient, unknowns, j)
	d.Notes = notes(rs, req, &strict, j)
	d.Zones = append(d.Zones, zonesConsidered(rs, &strict, j)...)
	gbaFiling := gbaOffers(rs, req, &strict, j, d)
	for i := range req.Transfers {
		if gbaRegionUnknown(req, &strict, j, i) {
			ptr := "/transfers/" + strconv.Itoa(i) + "/recipient/region"
			q := rs.d.Questions["transfer.recipient.region"]
			id := req.Transfers[i].ID
			d.Missing = append(d.Missing, Missing{Pointer: ptr, Field: "transfers." + id + ".recipient.region",
				Question: Text{ZH: strings.ReplaceAll(q.ZH, "{id}", id), EN: strings.ReplaceAll(q.EN, "{id}", id)},
				Assumed:  "other", Changes: "offer"})
		}
	}
	d.Obligations = obligations(rs, req, &strict, j, gbaFiling)
	for _, m := range d.Missing {
		d.Provisional = d.Provisional || m.Changes == "route"
	}
	asOf, err := parseDate(req.AsOf)
	if err != nil {
		return nil, &Error{[]Problem{problem("/as_of", CodeFormat, Text{ZH: "规则适用日期", EN: "as_of"}, Text{ZH: "日期", EN: "date"})}}
	}
	var dn []Note
	d.Deadlines, d.NoDeadline, d.ScopeChanges, dn = computeDeadlines(req, asOf, nil)
	d.Notes = append(d.Notes, dn...)
	return d, nil
}

// ruleSetFor returns the rule set in force on a date (YYYY-MM-DD, not
// before the first rule set).
func ruleSetFor(asOf string) *ruleSet {
	id := rules.RuleSets[0].ID
	for _, s := range rules.RuleSets {
		if asOf >= s.InForce {
			id = s.ID
		}
	}
	return &ruleSet{id: id, asOf: asOf, asOfTime: asOfTime(asOf), d: rules}
}

func ruleSetRef(rs *ruleSet) RuleSetRef {
	s := rs.d.ruleSet(rs.id)
	return RuleSetRef{ID: s.ID, InForce: s.InForce, Until: s.Until, Title: s.Title}
}

// worlds reads the request into its strict and lenient worlds and lists
// the facts it left unknown, in request order.
func worlds(rs *ruleSet, req *Request) (strict, lenient world, unknowns []unknown) {
	p := &req.Processor
	base := world{t: make([]tfacts, len(req.Transfers)), otherLists: p.OtherLists}
	if p.FTZ != nil {
		base.ftz = *p.FTZ
	}
	if p.City != nil {
		base.city = *p.City
	}
	switch p.CIIO {
	case Yes:
		base.ciio = true
	case No:
	default:
		unknowns = append(unknowns, unknown{factCIIO, -1})
	}
	if rs.id == "regime-2022" {
		if p.HandlesIndividuals == nil {
			unknowns = append(unknowns, unknown{factHandles, -1})
		} else {
			base.handles = *p.HandlesIndividuals
		}
	}
	if e := p.ExportedThisYear; e != nil {
		if e.Individuals != nil {
			base.expNS = *e.Individuals
		} else if present(e, "individuals") {
			unknowns = append(unknowns, unknown{factExpNS, -1})
		}
		if e.SensitiveIndividuals != nil {
			base.expS = *e.SensitiveIndividuals
		} else if present(e, "sensitive") {
			unknowns = append(unknowns, unknown{factExpS, -1})
		}
	}
	for i, t := range req.Transfers {
		f := &base.t[i]
		switch t.Scenario {
		case "", ScenarioOther:
			f.scenario = ScenarioOther
		case Unknown:
			unknowns = append(unknowns, unknown{factScenario, i})
		default:
			f.scenario = t.Scenario
		}
		switch t.ImportantData {
		case IDNone:
		case IDNotified:
			f.important = true
		default:
			unknowns = append(unknowns, unknown{factImportant, i})
		}
		if pi := t.PersonalInformation; pi != nil {
			if pi.Individuals != nil {
				f.ns = *pi.Individuals
			} else if pi.nullIndividuals {
				unknowns = append(unknowns, unknown{factNS, i})
			}
			if pi.SensitiveIndividuals != nil {
				f.s = *pi.SensitiveIndividuals
			} else if pi.nullSensitive {
				unknowns = append(unknowns, unknown{factS, i})
			}
		}
		switch t.CollectedAbroad {
		case Yes:
			f.abroad = true
		case Unknown:
			unknowns = append(unknowns, unknown{factAbroad, i})
		}
		if zl := t.ZoneList; zl != nil {
			f.zl = zl
			if zl.StatedRoute != nil {
				f.stated = *zl.StatedRoute
			}
		}
	}
	strict, lenient = base.clone(), base.clone()
	for _, u := range unknowns {
		rs.set(&strict, u, true)
		rs.set(&lenient, u, false)
	}
	// A list whose text cannot decide the data makes the processor's
	// statement of the list's route a fact of its own.
	for i := range base.t {
		if base.t[i].zl == nil || (base.t[i].stated != "" && base.t[i].stated != Unknown) {
			continue
		}
		if rs.zoneUndecidable(&strict, i) || rs.zoneUndecidable(&lenient, i) {
			u := unknown{factZoneStated, i}
			unknowns = append(unknowns, u)
			rs.set(&strict, u, true)
			rs.set(&lenient, u, false)
		}
	}
	return strict, lenient, unknowns
}

// present reports whether an exported_this_year count was given as null
// (unknown) rather than left out (zero, the schema's default).
func present(c *Counts, which string) bool {
	if which == "individuals" {
		return c.nullIndividuals
	}
	return c.nullSensitive
}

func (w world) clone() world {
	c := w
	c.t = append([]tfacts(nil), w.t...)
	return c
}

// missingFacts lists the unknown facts whose answer would change a route:
// each is flipped from the strict world and from the lenient world, and
// kept if either flip changes a transfer's route or the overall route.
func missingFacts(rs *ruleSet, req *Request, strict, lenient world, unknowns []unknown, js judgement) []Missing {
	out := []Missing{}
	if len(unknowns) == 0 {
		return out
	}
	jl := rs.judge(&lenient, nil)
	for _, u := range unknowns {
		if !rs.matters(strict, js, u, false) && !rs.matters(lenient, jl, u, true) {
			continue
		}
		ptr, field, q := u.where(req)
		question := rs.d.Questions[q]
		if u.transfer >= 0 {
			id := req.Transfers[u.transfer].ID
			question = Text{ZH: strings.ReplaceAll(question.ZH, "{id}", id), EN: strings.ReplaceAll(question.EN, "{id}", id)}
		}
		out = append(out, Missing{Pointer: ptr, Field: field, Question: question, Assumed: rs.assumed(u), Changes: "route"})
	}
	return out
}

// matters reports whether giving fact u the value `strict` in world w
// changes the judgement j of w.
func (rs *ruleSet) matters(w world, j judgement, u unknown, strict bool) bool {
	flipped := w.clone()
	rs.set(&flipped, u, strict)
	return !sameRoutes(j, rs.judge(&flipped, nil))
}

func countedTotals(req *Request, rs *ruleSet, j judgement) CountedTotals {
	known := true
	p := &req.Processor
	if e := p.ExportedThisYear; e != nil && (e.nullIndividuals || e.nullSensitive) {
		known = false
	}
	for i, t := range req.Transfers {
		if j.exempt[i] != "" {
			continue
		}
		if pi := t.PersonalInformation; pi != nil && (pi.nullIndividuals || pi.nullSensitive) {
			known = false
		}
		if t.Scenario == Unknown || t.CollectedAbroad == Unknown {
			known = false
		}
	}
	if !known {
		return CountedTotals{}
	}
	ns, s := j.totNS, j.totS
	return CountedTotals{Individuals: &ns, SensitiveIndividuals: &s}
}

// explainer collects the rules that fire in the strict world into
// reasons and per-transfer results.
type explainer struct {
	rs    *ruleSet
	req   *Request
	order []string // reason keys in firing order
	fired map[string]*Reason
	per   [][]*Reason // reasons per transfer
}

func (ex *explainer) fire(f firing) {
	if ex.fired == nil {
		ex.fired = map[string]*Reason{}
		ex.per = make([][]*Reason, len(ex.req.Transfers))
	}
	key := f.rule + "|" + f.cite + "|" + f.effect
	r, ok := ex.fired[key]
	if !ok {
		def := ex.rs.d.rule(f.rule)
		r = &Reason{Rule: f.rule, Citation: def.Citation, Effect: def.Effect, Summary: def.Summary, Source: def.URL, Facts: []string{}, Transfers: []string{}}
		if f.cite != "" {
			r.Citation = f.cite
		}
		if f.effect != "" {
			e := f.effect
			r.Effect = &e
		}
		ex.fired[key] = r
		ex.order = append(ex.order, key)
	}
	id := ex.req.Transfers[f.i].ID
	if n := len(r.Transfers); n == 0 || r.Transfers[n-1] != id {
		r.Transfers = append(r.Transfers, id)
		r.Facts = append(r.Facts, ex.facts(f.rule, f.i)...)
	}
	ex.per[f.i] = append(ex.per[f.i], r)
}

// facts returns the request pointers a rule used for transfer i.
func (ex *explainer) facts(rule string, i int) []string {
	t := "/transfers/" + strconv.Itoa(i)
	pi := []string{t + "/personal_information/individuals", t + "/personal_information/sensitive_individuals"}
	switch rule {
	case "p24.art3.trade_data":
		return append([]string{t + "/scenario", t + "/important_data"}, pi...)
	case "p24.art2.no_regulated_data", "r22.no_regulated_data":
		return append([]string{t + "/important_data"}, pi...)
	case "p24.art4.collected_abroad":
		return []string{t + "/collected_abroad", t + "/important_data"}
	case "p24.art5_1.contract", "p24.art5_2.hr", "p24.art5_3.emergency", "ndsmr.art35_6.statutory_duty":
		return []string{t + "/scenario", t + "/important_data"}
	case "p24.art7_1.ciio", "r22.sa.art4_2.ciio":
		return append([]string{"/processor/ciio", t + "/important_data"}, pi...)
	case "p24.art7_2.important_data", "r22.sa.art4_1.important_data":
		return []string{t + "/important_data"}
	case "p24.art5_4.small_volume", "p24.art8.volume", "p24.art7_2.volume":
		return []string{"/processor/ciio", "/processor/exported_this_year/individuals", t + "/personal_information/individuals"}
	case "p24.art8.sensitive", "p24.art7_2.sensitive_volume":
		return []string{"/processor/ciio", "/processor/exported_this_year/sensitive_individuals", t + "/personal_information/sensitive_individuals"}
	case "cert25.art5.band":
		return []string{"/processor/ciio", t + "/personal_information/individuals", t + "/personal_information/sensitive_individuals"}
	case "r22.sa.art4_2.handles":
		return []string{"/processor/ciio", "/processor/handles_individuals"}
	case "ftz.on_list", "ftz.off_list", "ftz.positive_list", "ftz.stated", "ftz.undecided":
		return append([]string{"/processor/ftz", "/processor/city", "/processor/ciio", t + "/zone_list"}, pi...)
	case "r22.sa.art4_3.cumulative", "r22.scc.art4", "r22.pipl.art38":
		return append([]string{"/processor/ciio", "/processor/handles_individuals", "/processor/exported_this_year/individuals", "/processor/exported_this_year/sensitive_individuals"}, pi...)
	}
	panic(fmt.Sprintf("policy: no facts listed for rule %s", rule))
}

func (ex *explainer) reasons() []Reason {
	out := make([]Reason, 0, len(ex.order))
	for _, key := range ex.order {
		r := ex.fired[key]
		r.Facts = dedupe(r.Facts)
		out = append(out, *r)
	}
	return out
}

func (ex *explainer) transferResults(j judgement) []TransferResult {
	out := make([]TransferResult, len(ex.req.Transfers))
	for i, t := range ex.req.Transfers {
		tr := TransferResult{ID: t.ID, Route: j.routes[i], Basis: []string{}, Rules: []string{}}
		if ex.per != nil {
			for _, r := range ex.per[i] {
				tr.Rules = append(tr.Rules, r.Rule)
				if r.Effect != nil && *r.Effect == tr.Route {
					tr.Basis = append(tr.Basis, r.Citation)
				}
			}
		}
		if z := j.zones[i]; z.applies {
			tr.Basis = append(tr.Basis, z.list.Citation())
		}
		tr.Rules, tr.Basis = dedupe(tr.Rules), dedupe(tr.Basis)
		tr.ZoneMatch = zoneMatch(j.zones[i])
		out[i] = tr
	}
	return out
}

func dedupe(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
