package policy

// consentFree lists the exemptions whose legal basis is not consent
// (pipl art.13(1)(2)-(4)): they need notice but no separate consent
// (cac-qa-2026-07 q.1).
var consentFree = map[string]bool{
	"p24.art5_1.contract":          true,
	"p24.art5_2.hr":                true,
	"p24.art5_3.emergency":         true,
	"ndsmr.art35_6.statutory_duty": true,
}

// obligations lists what the processor must do whatever the route, for
// the transfers each concerns, in a fixed order.
func obligations(rs *ruleSet, req *Request, w *world, j judgement, gbaFiling []string) []Obligation {
	var withPI, consent, storage, assess, contract, zone []string
	zoneCites := []string{}
	for i, t := range req.Transfers {
		f := &w.t[i]
		if f.hasPI() {
			withPI = append(withPI, t.ID)
			if !consentFree[j.exempt[i]] {
				consent = append(consent, t.ID)
			}
		}
		if (w.ciio || (rs.id == "regime-2022" && w.handles >= rs.d.threshold("r22.handles"))) && (f.hasPI() || f.important) {
			storage = append(storage, t.ID)
		}
		if z := j.zones[i]; z.applies {
			zone = append(zone, t.ID)
			zoneCites = append(zoneCites, z.list.Citation())
		}
		switch j.routes[i] {
		case RouteSecurityAssessment:
			assess = append(assess, t.ID)
		case RouteContractOrCertify:
			if rs.asOf >= rs.d.date("scc_in_force") {
				contract = append(contract, t.ID)
			}
		}
	}
	out := []Obligation{}
	add := func(id string, transfers []string) {
		if len(transfers) == 0 {
			return
		}
		o := rs.d.obligation(id)
		cites := o.Citations
		if len(o.CitationsFrom2026) > 0 && rs.asOf >= rs.d.date("csl_amended") {
			cites = o.CitationsFrom2026
		}
		out = append(out, Obligation{ID: id, Citations: cites, Summary: o.Summary, Transfers: transfers})
	}
	add("notice", withPI)
	add("separate_consent", consent)
	add("impact_assessment", withPI)
	add("records", withPI)
	add("domestic_storage", storage)
	add("self_assessment", assess)
	add("contract_filing", contract)
	if len(zone) > 0 {
		o := rs.d.obligation("zone_filing")
		out = append(out, Obligation{ID: o.ID, Citations: dedupe(append(zoneCites, o.Citations...)), Summary: o.Summary, Transfers: zone})
	}
	add("gba_filing", gbaFiling)
	return out
}

// notes lists the points that change or qualify the outcome, each only
// where it does.
func notes(rs *ruleSet, req *Request, w *world, j judgement) []Note {
	out := []Note{}
	add := func(id string, transfers []string) {
		n := rs.d.note(id)
		if transfers == nil {
			transfers = []string{}
		}
		out = append(out, Note{ID: id, Citations: n.Citations, Text: n.Text, Transfers: transfers})
	}
	var exempt, statutory, exemptImportant, important, contract []string
	var exNS, exS int64
	for i, t := range req.Transfers {
		f := &w.t[i]
		if ex := j.exempt[i]; ex != "" {
			exempt = append(exempt, t.ID)
			exNS, exS = satAdd(exNS, f.ns), satAdd(exS, f.s)
			if ex == "ndsmr.art35_6.statutory_duty" {
				statutory = append(statutory, t.ID)
			}
			if f.important {
				exemptImportant = append(exemptImportant, t.ID)
			}
		}
		if f.important {
			important = append(important, t.ID)
		}
		if j.routes[i] == RouteContractOrCertify {
			contract = append(contract, t.ID)
		}
	}
	if rs.id == "provisions-2024" {
		if len(exempt) > 0 && !w.ciio && (rs.bandNS(satAdd(j.totNS, exNS)) != rs.bandNS(j.totNS) || rs.bandS(satAdd(j.totS, exS)) != rs.bandS(j.totS)) {
			add("not_counted", exempt)
		}
		if ids := splitTransfers(rs, req, w, j); len(ids) > 0 {
			add("anti_splitting", ids)
		}
		if !w.ciio && (w.expNS > 0 && rs.bandNS(j.totNS) == bandAssessment || w.expS > 0 && rs.bandS(j.totS) == bandAssessment) {
			add("escalation", nil)
		}
		if len(statutory) > 0 {
			add("statutory_duty", statutory)
		}
		if len(exemptImportant) > 0 {
			add("exemption_not_important_data", exemptImportant)
		}
		if len(contract) > 0 && rs.asOf < rs.d.date("cert_in_force") {
			add("cert_before_measures", contract)
		}
	} else {
		if len(contract) > 0 && rs.asOf < rs.d.date("scc_in_force") {
			add("scc_not_yet_in_force", contract)
		}
		for _, f := range w.t {
			if f.hasPI() {
				add("counting_window_2022", nil)
				break
			}
		}
	}
	if len(important) > 0 {
		add("important_data_notified_later", important)
	}
	return out
}

// splitTransfers returns the counted transfers whose sum reaches a band
// that none of them reaches alone (scc-measures-2023 art.4: no splitting),
// or nil.
func splitTransfers(rs *ruleSet, req *Request, w *world, j judgement) []string {
	if w.ciio {
		return nil
	}
	var ids []string
	var sumNS, sumS int64
	maxNS, maxS := bandNone, bandNone
	countedNS, countedS := 0, 0
	for i, t := range req.Transfers {
		f := &w.t[i]
		if j.exempt[i] != "" || !f.hasPI() {
			continue
		}
		ids = append(ids, t.ID)
		if f.ns > 0 {
			countedNS++
			sumNS = satAdd(sumNS, f.ns)
			maxNS = max(maxNS, rs.bandNS(f.ns))
		}
		if f.s > 0 {
			countedS++
			sumS = satAdd(sumS, f.s)
			maxS = max(maxS, rs.bandS(f.s))
		}
	}
	if countedNS > 1 && rs.bandNS(sumNS) > maxNS || countedS > 1 && rs.bandS(sumS) > maxS {
		return ids
	}
	return nil
}
