package policy

import (
	"slices"
	"time"

	"github.com/chujing/chujing/policy/ftz"
)

// Statements a processor may make of a zone list whose items are not
// encoded (zone_list.stated_route).
const (
	statedOffList = "off_list"
)

// zoneOutcome is what a free trade zone's list says of one transfer in a
// world.
type zoneOutcome struct {
	list    *ftz.List
	applies bool   // the list governs the data; its route replaces the national one
	route   string // the route the list gives
	rule    string // the rule id that fired
	reason  ftz.Reason
	match   *ftz.MatchResult
}

func ciioWord(b bool) string {
	if b {
		return Yes
	}
	return No
}

// zone applies the list a transfer names, if any, in world w.
func (rs *ruleSet) zone(w *world, i int) zoneOutcome {
	t := &w.t[i]
	if t.zl == nil || rs.id != "provisions-2024" {
		return zoneOutcome{}
	}
	l, found := ftz.ByKey(t.zl.List)
	if !found {
		return zoneOutcome{}
	}
	out := zoneOutcome{list: l}
	ok, reason := ftz.Eligibility(l, w.ftz, w.city, ciioWord(w.ciio), rs.asOfTime)
	if !ok && reason.Code == ftz.ReasonOutsideArea && slices.Contains(w.otherLists, l.Key) {
		if home := rs.homeList(w); home != nil {
			ok, reason = ftz.OtherListAllowed(home, l, rs.asOfTime)
		}
	}
	out.reason = reason
	if !ok {
		return out
	}
	sector := 0
	if t.zl.Sector != nil {
		sector = *t.zl.Sector
	}
	m := ftz.MatchWithFields(l, sector, t.zl.Scenario, t.zl.Rows, t.zl.Fields, t.ns, t.s)
	out.match = &m
	switch m.Outcome {
	case ftz.OnList:
		out.applies, out.route, out.rule = true, m.Route, "ftz.on_list"
	case ftz.OffList:
		out.applies, out.route, out.rule = true, RouteNone, "ftz.off_list"
	case ftz.OnPositiveList:
		out.applies, out.route, out.rule = true, RouteNone, "ftz.positive_list"
	case ftz.Undecidable:
		out.applies, out.rule = true, "ftz.stated"
		switch t.stated {
		case statedOffList:
			out.route = RouteNone
		case RouteContractOrCertify, RouteSecurityAssessment:
			out.route = t.stated
		default: // unknown: the strict way, asked for as a missing fact
			out.route, out.rule = RouteSecurityAssessment, "ftz.undecided"
		}
	}
	return out
}

// homeList is the negative list the processor may use in its own zone on
// as_of, or nil.
func (rs *ruleSet) homeList(w *world) *ftz.List {
	for _, l := range ftz.All() {
		if l.Kind == ftz.KindPositive {
			continue
		}
		if ok, _ := ftz.Eligibility(l, w.ftz, w.city, ciioWord(w.ciio), rs.asOfTime); ok {
			return l
		}
	}
	return nil
}

// zoneUndecidable reports whether transfer i names an eligible list whose
// text cannot decide the route, with no statement from the processor: the
// statement is then a missing fact.
func (rs *ruleSet) zoneUndecidable(w *world, i int) bool {
	z := rs.zone(w, i)
	return z.rule == "ftz.undecided"
}

// zoneMatch is the match explanation a transfer result carries.
func zoneMatch(z zoneOutcome) *ZoneMatch {
	if z.match == nil {
		return nil
	}
	m := &ZoneMatch{List: z.list.Key, Citation: z.list.Citation(), Outcome: string(z.match.Outcome), Route: z.route,
		Reason: Text(z.match.Reason), Coverage: z.list.Coverage.Status, Items: []ZoneItem{}, Notes: []Text{}}
	for _, it := range z.match.Items {
		zi := ZoneItem{Row: it.Row, Item: it.ItemID, Route: it.Route, Holds: it.Holds, Why: Text(it.Why)}
		if it.Source != nil && it.Source.URL != nil {
			zi.Source = *it.Source.URL
		}
		m.Items = append(m.Items, zi)
	}
	for _, n := range z.match.Notes {
		m.Notes = append(m.Notes, Text(n))
	}
	return m
}

// zonesConsidered lists every zone list the transfers name, whether it
// applies and why, and says plainly when a list is only partly encoded.
func zonesConsidered(rs *ruleSet, w *world, j judgement) []ZoneConsidered {
	var out []ZoneConsidered
	seen := map[string]bool{}
	for i := range w.t {
		z := j.zones[i]
		if z.list == nil || seen[z.list.Key] {
			continue
		}
		seen[z.list.Key] = true
		text := Text(z.reason.Text)
		if z.match != nil {
			text = Text(z.match.Reason)
		}
		if z.list.Coverage.Status != "complete" {
			text.ZH += " 注意：该清单在本工具中仅部分编码。"
			text.EN += " Note: this list is only partly encoded in chujing."
		}
		out = append(out, ZoneConsidered{Key: z.list.Citation(), Applies: z.applies, Text: text})
	}
	return out
}

// gbaOffers adds the Greater Bay Area standard contract where it is an
// alternative to the national route, and notes where its volume question
// is open (gba.md; provisions-2024 art.7).
func gbaOffers(rs *ruleSet, req *Request, w *world, j judgement, d *Decision) (filing []string) {
	if rs.id != "provisions-2024" || w.city == "" {
		return nil
	}
	seen := map[string]bool{}
	for i, t := range req.Transfers {
		f := &w.t[i]
		region := ""
		if t.Recipient != nil && t.Recipient.Region != nil {
			region = *t.Recipient.Region
		}
		g, ok := ftz.GBAForRegion(region)
		if !ok || !f.hasPI() || j.zones[i].applies || j.routes[i] == RouteNone {
			continue
		}
		important := IDNone
		if f.important {
			important = IDNotified
		}
		overNational := j.routes[i] == RouteSecurityAssessment && !f.important && !w.ciio
		avail, reason := ftz.GBAAvailable(g, w.city, region, important, ciioWord(w.ciio), overNational, rs.asOfTime)
		key := g.Citation()
		switch {
		case avail && j.routes[i] == RouteContractOrCertify:
			d.Transfers[i].Alternatives = append(d.Transfers[i].Alternatives, "gba_contract")
			filing = append(filing, t.ID)
		case reason.Code == ftz.GBAVolumeOpenQuestion:
			n := rs.d.note("gba_volume_open")
			d.Notes = append(d.Notes, Note{ID: n.ID, Citations: append([]string{key}, n.Citations...), Text: n.Text, Transfers: []string{t.ID}})
		}
		if !seen[key] && g.InBayArea(w.city) {
			seen[key] = true
			d.Zones = append(d.Zones, ZoneConsidered{Key: key, Applies: avail && j.routes[i] == RouteContractOrCertify, Text: Text(reason.Text)})
		}
	}
	return filing
}

// gbaRegionUnknown reports whether transfer i's recipient region is not
// known while the processor is in the Bay Area and the answer would change
// what the decision offers.
func gbaRegionUnknown(req *Request, w *world, j judgement, i int) bool {
	t := req.Transfers[i]
	if t.Recipient != nil && t.Recipient.Region != nil && *t.Recipient.Region != Unknown {
		return false
	}
	if !w.t[i].hasPI() || j.routes[i] == RouteNone {
		return false
	}
	for _, g := range ftz.GBAContracts() {
		if g.InBayArea(w.city) {
			return true
		}
	}
	return false
}

func asOfTime(s string) time.Time {
	t, _ := parseDate(s)
	return t
}
