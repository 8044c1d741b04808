package ftz

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Outcome is what an edition says about a transfer's data.
type Outcome string

// Outcomes of Match.
const (
	// OnList: a named row's condition holds; the data follows Route.
	OnList Outcome = "on_list"
	// OffList: within a sector and scenario the negative list names, no
	// named row's condition holds (or no row covers the data): no CAC
	// procedure (provisions-2024 art.6), but the zone's filing applies.
	OffList Outcome = "off_list"
	// NotGoverned: the list does not name the sector or scenario, so it
	// says nothing about this data; the national rules apply (the data is
	// never free for that reason).
	NotGoverned Outcome = "not_governed"
	// Undecidable: what decides the outcome is not encoded or not given;
	// see Questions.
	Undecidable Outcome = "undecidable"
	// OnPositiveList: a general data list covers the data; it may flow
	// after the zone's filing (Route none).
	OnPositiveList Outcome = "on_positive_list"
	// NotOnPositiveList: a general data list does not cover the data; the
	// national rules apply.
	NotOnPositiveList Outcome = "not_on_positive_list"
)

// ItemMatch is one named row and whether its condition holds for the
// counts given, with the reason and the row's source.
type ItemMatch struct {
	Row     int       `json:"row"`
	ItemID  string    `json:"item"`
	Route   string    `json:"route"`
	Holds   bool      `json:"holds"`
	Decided bool      `json:"decided"`
	Why     Text      `json:"why"`
	Ref     SourceRef `json:"ref"`
	Source  *Source   `json:"source"`
	Item    *Item     `json:"-"`
}

// Question is a fact the outcome needs, as a request field path and a
// question to ask.
type Question struct {
	Field string `json:"field"`
	Text  Text   `json:"text"`
}

// MatchResult is what an edition says about one transfer's data. Route is
// the route the list gives (none for OffList and OnPositiveList) and empty
// where the national rules apply or the outcome is undecidable.
type MatchResult struct {
	List       string      `json:"list"`
	Citation   string      `json:"citation"`
	Outcome    Outcome     `json:"outcome"`
	Route      string      `json:"route"`
	ZoneFiling bool        `json:"zone_filing"`
	Items      []ItemMatch `json:"items"`
	Reason     Text        `json:"reason"`
	Questions  []Question  `json:"questions,omitempty"`
	Notes      []Text      `json:"notes,omitempty"`
}

// Match applies edition l to a transfer's data described in the list's own
// numbering: sector (一 = 1), scenario as printed (nil where the list has
// no scenario column or it is not known), and rows, the sector's printed
// row numbers whose data description covers the data whatever their volume
// condition (nil = not known, empty = none). individuals and sensitive are
// the counts the rows' conditions are judged on: individuals whose
// non-sensitive and sensitive PI is provided abroad since 1 January,
// counted as the list's counting rule says.
//
// The named rows' volume conditions decide: a row whose condition holds
// puts the data on the list with that row's route (the strictest where
// several hold). Where PI is provided, the sector's catch-all rows
// (除第N项以外的个人信息) are applied too unless a named row is one they
// exclude, with a note. None holding, or no rows, puts the data off a negative
// list within a named scenario. A sector or scenario the list does not
// name leaves the national rules in force. Rows or conditions not encoded
// make the outcome undecidable, with the question to ask. Match does not
// check eligibility: call Eligibility first.
func Match(l *List, sector int, scenario *string, rows []int, individuals, sensitive int64) MatchResult {
	if l == nil {
		return MatchResult{Outcome: Undecidable, Reason: Text{"未指明清单。", "No list was given."},
			Questions: []Question{{"zone_list.list", Text{"适用哪一份清单？", "Which list applies?"}}}}
	}
	res := MatchResult{List: l.Key, Citation: l.Citation(), Items: []ItemMatch{}}
	name := listName(l)
	sec, ok := l.Sector(sector)
	if !ok {
		if l.Coverage.Status == CoverageComplete {
			return notGoverned(l, res, Text{
				fmt.Sprintf("%s没有第%d个领域：该清单不调整此数据，适用国家规定。", name.ZH, sector),
				fmt.Sprintf("%s has no sector %d: it does not govern this data, and the national rules apply.", name.EN, sector)})
		}
		res.Outcome = Undecidable
		res.Reason = Text{
			fmt.Sprintf("%s的领域编号未完整编码，无法确定第%d个领域。", name.ZH, sector),
			fmt.Sprintf("The sectors of %s are not fully encoded, so sector %d cannot be identified.", name.EN, sector)}
		res.Questions = append(res.Questions, question("zone_list.stated_route", l))
		res.Notes = coverageNotes(l.Coverage)
		return res
	}
	secName := Text{fmt.Sprintf("%s第%d个领域（%s）", name.ZH, sector, sec.Name.ZH), fmt.Sprintf("sector %d of %s (%s)", sector, name.EN, sec.Name.EN)}
	if sec.ScenarioColumn {
		switch {
		case scenario == nil:
			res.Outcome = Undecidable
			res.Reason = Text{secName.ZH + "按场景列明数据，未说明场景。", secName.EN + " lists data by scenario, and no scenario was given."}
			res.Questions = append(res.Questions, Question{"zone_list.scenario", Text{"该数据属于清单列明的哪个场景（按清单原文）？", "Which of the list's scenarios (as printed) does the data belong to?"}})
			return res
		case !hasScenario(sec, *scenario):
			if sec.Coverage.Status == CoverageComplete && len(sec.Scenarios) > 0 {
				return notGoverned(l, res, Text{
					secName.ZH + "未列明“" + *scenario + "”场景：该清单不调整此数据，适用国家规定（不因此免于程序）。",
					secName.EN + " does not name the scenario \"" + *scenario + "\": the list does not govern this data and the national rules apply (it is not exempt for that reason)."})
			}
			res.Outcome = Undecidable
			res.Reason = Text{secName.ZH + "的场景未完整编码，无法确定“" + *scenario + "”是否为清单场景。", "The scenarios of " + secName.EN + " are not fully encoded, so it cannot be said whether \"" + *scenario + "\" is one of them."}
			res.Questions = append(res.Questions, question("zone_list.stated_route", l))
			res.Notes = coverageNotes(sec.Coverage)
			return res
		}
	}
	if rows == nil {
		res.Outcome = Undecidable
		res.Reason = Text{"未说明清单中哪些条目涵盖该数据。", "It was not said which of the list's rows cover the data."}
		res.Questions = append(res.Questions, Question{"zone_list.rows", Text{"清单该领域中哪些条目（按序号）的数据描述涵盖该数据？没有则填 []。", "Which rows of the sector (by printed number) describe this data? [] if none."}})
		return res
	}
	rows, added := withCatchAll(sec, scenario, rows, individuals, sensitive)
	for _, r := range added {
		res.Notes = append(res.Notes, Text{
			fmt.Sprintf("所述条目未涵盖的个人信息属于第%d项（“除第…项以外的个人信息”），已一并判断。", r),
			fmt.Sprintf("Personal information not described by the rows named falls under row %d (\"personal information other than items …\"), which is applied too.", r)})
	}
	// undecided is the strictest route an undecided row could give: its own
	// route, or security assessment where the row itself is unknown.
	undecided := ""
	for _, r := range rows {
		m := ItemMatch{Row: r}
		it, found := sec.Row(r)
		if !found {
			m.Why = Text{fmt.Sprintf("第%d项未编码。", r), fmt.Sprintf("Row %d is not encoded.", r)}
			if sec.Coverage.Status == CoverageComplete {
				m.Why = Text{fmt.Sprintf("该领域没有第%d项。", r), fmt.Sprintf("The sector has no row %d.", r)}
			}
			res.Items = append(res.Items, m)
			undecided = RouteSecurityAssessment
			continue
		}
		m.ItemID, m.Route, m.Item, m.Ref = it.ID, it.Route, it, it.Source
		m.Source, _ = l.Source(it.Source)
		if scenario != nil && len(it.Scenarios) > 0 && !slices.ContainsFunc(it.Scenarios, func(s string) bool { return sameScenario(s, *scenario) }) {
			m.Why = Text{fmt.Sprintf("第%d项只适用于%s，不适用于“%s”。", r, strings.Join(it.Scenarios, "、"), *scenario),
				fmt.Sprintf("Row %d applies only to %s, not to \"%s\".", r, strings.Join(it.Scenarios, ", "), *scenario)}
			res.Items = append(res.Items, m)
			undecided = RouteSecurityAssessment
			continue
		}
		m.Holds, m.Decided, m.Why = evaluate(it, r, individuals, sensitive)
		if !m.Decided {
			undecided = stricter(undecided, it.Route)
		}
		res.Items = append(res.Items, m)
	}
	route := ""
	for _, m := range res.Items {
		if m.Holds {
			route = stricter(route, m.Route)
		}
	}
	positive := l.Kind == KindPositive
	switch {
	case route != "" && stricter(route, undecided) == route:
		if positive {
			res.Outcome, res.Route, res.ZoneFiling = OnPositiveList, RouteNone, true
			res.Reason = Text{"数据在" + secName.ZH + "的一般数据清单内：完成区内备案后可出境。", "The data is on the general data list in " + secName.EN + ": it may flow after the zone's filing."}
			return res
		}
		res.Outcome, res.Route, res.ZoneFiling = OnList, route, true
		res.Reason = Text{"数据在负面清单内（" + secName.ZH + "），按清单路径：" + routeZH(route) + "。", "The data is on the negative list (" + secName.EN + ") and follows its route: " + route + "."}
	case undecided != "":
		res.Outcome = Undecidable
		res.Reason = Text{"所列条目的条件未完整编码或与场景不符，无法判断。", "The named rows' conditions are not fully encoded or do not fit the scenario, so the outcome cannot be decided."}
		res.Questions = append(res.Questions, question("zone_list.stated_route", l))
		res.Notes = coverageNotes(sec.Coverage)
	case positive:
		res.Outcome = NotOnPositiveList
		res.Reason = Text{"数据不在一般数据清单内：适用国家规定。", "The data is not on the general data list: the national rules apply."}
	default:
		res.Outcome, res.Route, res.ZoneFiling = OffList, RouteNone, true
		if len(rows) == 0 {
			res.Reason = Text{"在" + secName.ZH + "列明的场景内，该数据不属于任何条目：属于负面清单外数据，免予申报安全评估、订立标准合同、通过认证（《规定》第六条），但须按区内规定备案或报告。",
				"Within a scenario " + secName.EN + " names, no row covers the data: it is off the negative list and needs no assessment, contract or certification (provisions-2024 art.6), though the zone's filing or reporting applies."}
		} else {
			res.Reason = Text{"所列条目的数量条件均不成立：属于负面清单外数据，免予申报安全评估、订立标准合同、通过认证（《规定》第六条），但须按区内规定备案或报告。",
				"None of the named rows' volume conditions holds: the data is off the negative list and needs no assessment, contract or certification (provisions-2024 art.6), though the zone's filing or reporting applies."}
		}
	}
	return res
}

// withCatchAll adds the sector's catch-all PI rows (除第N项以外的个人信息)
// where personal information is provided and no named row is one of the
// rows the catch-all excludes: such PI is "other PI" and the catch-all row
// describes it, whether or not the caller named it.
func withCatchAll(sec *Sector, scenario *string, rows []int, individuals, sensitive int64) (all, added []int) {
	all = append([]int(nil), rows...)
	if individuals <= 0 && sensitive <= 0 {
		return all, nil
	}
	for i := range sec.Items {
		it := &sec.Items[i]
		if len(it.ExcludesRows) == 0 || it.Row == nil || slices.Contains(all, *it.Row) {
			continue
		}
		if scenario != nil && len(it.Scenarios) > 0 && !slices.ContainsFunc(it.Scenarios, func(s string) bool { return sameScenario(s, *scenario) }) {
			continue
		}
		if slices.ContainsFunc(rows, func(r int) bool { return slices.Contains(it.ExcludesRows, r) }) {
			continue
		}
		all = append(all, *it.Row)
		added = append(added, *it.Row)
	}
	return all, added
}

func notGoverned(l *List, res MatchResult, why Text) MatchResult {
	res.Outcome, res.Reason = NotGoverned, why
	if l.Kind == KindPositive {
		res.Outcome = NotOnPositiveList
	}
	return res
}

func question(field string, l *List) Question {
	return Question{field, Text{
		"清单 " + l.Key + " 的相关条目尚未编码：按清单原文，该数据在清单外，还是在清单内需标准合同/认证或安全评估？",
		"The list " + l.Key + "'s relevant rows are not encoded: by the list's text, is the data off the list, or on it with standard contract/certification or security assessment?"}}
}

func coverageNotes(c Coverage) []Text { return append([]Text(nil), c.Missing...) }

// hasScenario reports whether the sector names the scenario.
func hasScenario(s *Sector, name string) bool {
	return slices.ContainsFunc(s.Scenarios, func(sc Scenario) bool { return sameScenario(sc.Name, name) })
}

// sameScenario compares scenario names as printed, ignoring spaces and a
// trailing 场景 (sources quote names with and without it).
func sameScenario(a, b string) bool {
	norm := func(s string) string {
		s = strings.Join(strings.Fields(s), "")
		return strings.TrimSuffix(s, "场景")
	}
	return norm(a) == norm(b)
}

// evaluate judges one row's volume condition.
func evaluate(it *Item, row int, individuals, sensitive int64) (holds, decided bool, why Text) {
	if it.Thresholds == nil {
		return false, false, Text{fmt.Sprintf("第%d项的数量条件未完整编码（来源截断或未载明）。", row), fmt.Sprintf("Row %d's volume condition is not fully encoded (cut off or not given by the source).", row)}
	}
	if len(it.Thresholds) == 0 {
		return true, true, Text{fmt.Sprintf("第%d项不设数量条件，只要数据属于该项即在清单内（%s）。", row, routeZH(it.Route)), fmt.Sprintf("Row %d has no volume condition: data it describes is on the list (%s).", row, it.Route)}
	}
	var zh, en []string
	decided = true
	for _, t := range it.Thresholds {
		h, d, z, e := evalThreshold(t, individuals, sensitive)
		holds = holds || h
		decided = decided && (d || h)
		zh, en = append(zh, z), append(en, e)
	}
	if holds {
		decided = true
	}
	verdictZH, verdictEN := "不成立", "does not hold"
	switch {
	case holds:
		verdictZH, verdictEN = "成立："+routeZH(it.Route), "holds: "+it.Route
	case !decided:
		verdictZH, verdictEN = "无法判断", "cannot be decided"
	}
	return holds, decided, Text{
		fmt.Sprintf("第%d项（%s）%s。", row, strings.Join(zh, "；"), verdictZH),
		fmt.Sprintf("Row %d (%s) %s.", row, strings.Join(en, "; or "), verdictEN)}
}

func evalThreshold(t Threshold, individuals, sensitive int64) (holds, decided bool, zh, en string) {
	in := func(n int64) bool {
		lo := int64(1)
		if t.AtLeast != nil && *t.AtLeast > lo {
			lo = *t.AtLeast
		}
		return n >= lo && (t.Below == nil || n < *t.Below)
	}
	var n int64
	var kindZH, kindEN string
	switch t.PI {
	case CountSensitive:
		n, kindZH, kindEN = sensitive, "敏感个人信息", "sensitive PI"
	case CountNonSensitive:
		n, kindZH, kindEN = individuals, "个人信息（不含敏感个人信息）", "non-sensitive PI"
	default: // persons: at least the larger count, at most their sum
		n, kindZH, kindEN = max(individuals, sensitive), "群体人数", "persons in the group"
		if !in(n) && in(individuals+sensitive) {
			return false, false, fmt.Sprintf("“%s”：群体人数在%s至%s之间，取决于两类个人是否重合", t.Printed, fmtN(n), fmtN(individuals+sensitive)),
				fmt.Sprintf("%q: the group has between %s and %s persons, depending on overlap", t.Printed, fmtN(n), fmtN(individuals+sensitive))
		}
	}
	holds = in(n)
	return holds, true, fmt.Sprintf("“%s”：%s %s人", t.Printed, kindZH, fmtN(n)), fmt.Sprintf("%q: %s of %s individuals", t.Printed, kindEN, fmtN(n))
}

func fmtN(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// stricter returns the stricter of two routes ("" is no route).
func stricter(a, b string) string {
	rank := map[string]int{"": 0, RouteNone: 1, RouteContractOrCertify: 2, RouteSecurityAssessment: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func routeZH(route string) string {
	switch route {
	case RouteSecurityAssessment:
		return "数据出境安全评估"
	case RouteContractOrCertify:
		return "个人信息出境标准合同备案或个人信息保护认证"
	case RouteNone:
		return "经区内备案后出境"
	}
	return route
}

// FieldMatch is a data field found among a list's example fields: in an
// item (ItemID and Row set) or among the sector's example fields not tied
// to a row (ItemID empty). Exact is false where the field only appears
// inside a longer printed example (e.g. 姓名 in 去标识化后的姓名).
type FieldMatch struct {
	Field   string `json:"field"`
	Example string `json:"example"`
	ItemID  string `json:"item,omitempty"`
	Row     *int   `json:"row,omitempty"`
	Exact   bool   `json:"exact"`
}

// MatchFields looks up data field names among the example fields of the
// sector's items (and of the sector itself) in edition l, restricted to
// items that apply to scenario where one is given. A field may match
// several items (the same field is printed under the assessment and the
// contract rows of one datum). It never decides a route: pass the rows it
// finds to Match, or use MatchWithFields.
func MatchFields(l *List, sector int, scenario *string, fields []string) []FieldMatch {
	var out []FieldMatch
	if l == nil {
		return out
	}
	sec, ok := l.Sector(sector)
	if !ok {
		return out
	}
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		for i := range sec.Items {
			it := &sec.Items[i]
			if scenario != nil && len(it.Scenarios) > 0 && !slices.ContainsFunc(it.Scenarios, func(s string) bool { return sameScenario(s, *scenario) }) {
				continue
			}
			for _, ex := range it.ExampleFields {
				if exact, hit := fieldHit(f, ex); hit {
					out = append(out, FieldMatch{Field: f, Example: ex, ItemID: it.ID, Row: it.Row, Exact: exact})
				}
			}
		}
		for _, ex := range sec.ExampleFields {
			if exact, hit := fieldHit(f, ex); hit {
				out = append(out, FieldMatch{Field: f, Example: ex, Exact: exact})
			}
		}
	}
	return out
}

// fieldHit compares a field with a printed example: equal, equal without
// a bracketed qualifier, or contained in it (not exact).
func fieldHit(field, example string) (exact, hit bool) {
	if field == example {
		return true, true
	}
	if i := strings.Index(example, "（"); i > 0 && example[:i] == field {
		return true, true
	}
	return false, strings.Contains(example, field)
}

// MatchWithFields is Match for a request that names data fields instead
// of rows (rows nil): the rows are those whose example fields the fields
// match exactly. On a general data (positive) list, a field printed among
// the sector's examples puts the data on the list even without a row. A
// field matching nothing leaves the rows unknown; given rows win over
// fields.
func MatchWithFields(l *List, sector int, scenario *string, rows []int, fields []string, individuals, sensitive int64) MatchResult {
	if rows != nil || len(fields) == 0 || l == nil {
		return Match(l, sector, scenario, rows, individuals, sensitive)
	}
	want, found := map[string]bool{}, map[string]bool{}
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			want[f] = true
		}
	}
	sectorHit := false
	for _, m := range MatchFields(l, sector, scenario, fields) {
		if !m.Exact {
			continue
		}
		found[m.Field] = true
		if m.Row != nil && !slices.Contains(rows, *m.Row) {
			rows = append(rows, *m.Row)
		}
		if m.ItemID == "" {
			sectorHit = true
		}
	}
	if len(found) < len(want) {
		res := Match(l, sector, scenario, nil, individuals, sensitive)
		if res.Outcome == Undecidable {
			res.Notes = append(res.Notes, Text{"部分数据字段未在清单的示例字段中找到。", "Some data fields were not found among the list's example fields."})
		}
		return res
	}
	if l.Kind == KindPositive && sectorHit && len(rows) == 0 && sectorGoverns(l, sector, scenario) {
		res := MatchResult{List: l.Key, Citation: l.Citation(), Items: []ItemMatch{}}
		if individuals > 0 || sensitive > 0 {
			res.Outcome = Undecidable
			res.Reason = Text{"字段见于一般数据清单，但本次出境含个人信息：清单是否涵盖这些个人信息需确认。", "The fields are on the general data list, but the transfer includes personal information: whether the list covers it must be confirmed."}
			res.Questions = []Question{{"zone_list.rows", Text{"一般数据清单是否涵盖本次出境的个人信息？", "Does the general data list cover the personal information in this transfer?"}}}
			return res
		}
		res.Outcome, res.Route, res.ZoneFiling = OnPositiveList, RouteNone, true
		res.Reason = Text{"数据字段见于一般数据清单的示例字段：完成区内备案后可出境。", "The data fields are among the general data list's example fields: the data may flow after the zone's filing."}
		return res
	}
	return Match(l, sector, scenario, rows, individuals, sensitive)
}

// sectorGoverns reports whether the sector exists and, where it has a
// scenario column, names the scenario.
func sectorGoverns(l *List, sector int, scenario *string) bool {
	sec, ok := l.Sector(sector)
	if !ok {
		return false
	}
	return !sec.ScenarioColumn || (scenario != nil && hasScenario(sec, *scenario))
}
