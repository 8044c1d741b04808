package ftz

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func list(t *testing.T, key string) *List {
	t.Helper()
	l, ok := ByKey(key)
	if !ok {
		t.Fatalf("no list %s", key)
	}
	return l
}

func TestEligibility(t *testing.T) {
	tests := []struct {
		name, list, zone, city, ciio, asOf string
		ok                                 bool
		code                               string
		mention                            string
	}{
		{"Shanghai FTZ processor on the 2024 list", "shanghai-2024", "shanghai", "shanghai", "no", "2026-03-01", true, ReasonEligible, ""},
		{"Lingang processor on the Shanghai 2024 list", "shanghai-2024", "lingang", "shanghai", "no", "2026-03-01", true, ReasonEligible, ""},
		{"Shanghai processor outside the FTZ before the city-wide edition", "shanghai-2024", "", "shanghai", "no", "2026-03-01", false, ReasonOutsideArea, ""},
		{"Hangzhou processor naming Shanghai's list", "shanghai-2024", "zhejiang", "hangzhou", "no", "2026-03-01", false, ReasonOutsideArea, ""},
		{"before the Shanghai 2024 list", "shanghai-2024", "shanghai", "shanghai", "no", "2025-02-07", false, ReasonBeforeList, "2025-02-08"},
		{"first day of the Shanghai 2024 list", "shanghai-2024", "shanghai", "shanghai", "no", "2025-02-08", true, ReasonEligible, ""},
		{"Shanghai 2024 replaced by 2025", "shanghai-2024", "shanghai", "shanghai", "no", "2026-04-24", false, ReasonReplaced, "shanghai-2025"},
		{"Shanghai 2025 is city-wide", "shanghai-2025", "", "shanghai", "no", "2026-04-24", true, ReasonEligible, ""},
		{"CIIO excluded from Shanghai 2024", "shanghai-2024", "shanghai", "shanghai", "yes", "2026-03-01", false, ReasonCIIOExcluded, ""},
		{"unknown CIIO under Shanghai 2024: it depends", "shanghai-2024", "shanghai", "shanghai", "unknown", "2026-03-01", false, ReasonCIIOUnknown, "取决于"},
		{"CIIO under a list silent on CIIOs", "chongqing-2025", "chongqing", "chongqing", "yes", "2026-03-01", true, ReasonEligibleCIIONotStated, ""},
		{"CIIO under Zhejiang 2024: its PI goes to assessment", "zhejiang-2024", "zhejiang", "hangzhou", "yes", "2026-03-01", false, ReasonCIIOAssessment, "安全评估"},
		{"unknown CIIO under Zhejiang 2024: it depends", "zhejiang-2024", "zhejiang", "hangzhou", "unknown", "2026-03-01", false, ReasonCIIOUnknown, "depends"},
		{"Beijing 2024 the day before 2026-05-11", "beijing-2024", "beijing", "beijing", "no", "2026-05-10", true, ReasonEligible, ""},
		{"Beijing 2024 on 2026-05-11 is replaced", "beijing-2024", "beijing", "beijing", "no", "2026-05-11", false, ReasonReplaced, "beijing-2025"},
		{"Beijing 2025 the day before 2026-05-11", "beijing-2025", "beijing", "beijing", "no", "2026-05-10", false, ReasonBeforeList, ""},
		{"Beijing 2025 on 2026-05-11, processor outside the FTZ", "beijing-2025", "", "beijing", "no", "2026-05-11", true, ReasonEligible, ""},
		{"Beijing 2024, processor outside the FTZ", "beijing-2024", "", "beijing", "no", "2026-05-10", false, ReasonOutsideArea, ""},
		{"Lingang ICV general data list in its trial year", "lingang-icv-2024", "lingang", "shanghai", "no", "2024-10-01", true, ReasonEligible, ""},
		{"Lingang ICV general data list after its trial year", "lingang-icv-2024", "lingang", "shanghai", "no", "2025-06-01", false, ReasonLapsed, "2025-05-17"},
		{"ICV CIIO excluded from the Lingang general data list", "lingang-icv-2024", "lingang", "shanghai", "yes", "2024-10-01", false, ReasonCIIOExcluded, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, r := Eligibility(list(t, tc.list), tc.zone, tc.city, tc.ciio, day(tc.asOf))
			if ok != tc.ok || r.Code != tc.code {
				t.Fatalf("Eligibility = %v, %s (%s); want %v, %s", ok, r.Code, r.Text.EN, tc.ok, tc.code)
			}
			if r.Text.ZH == "" || r.Text.EN == "" {
				t.Error("reason text missing")
			}
			if tc.mention != "" && !strings.Contains(r.Text.ZH+r.Text.EN, tc.mention) {
				t.Errorf("reason %q does not mention %q", r.Text.EN+" / "+r.Text.ZH, tc.mention)
			}
		})
	}
	if ok, r := Eligibility(nil, "shanghai", "", "no", day("2026-01-01")); ok || r.Code != ReasonNoList {
		t.Errorf("nil list: %v %s", ok, r.Code)
	}
}

func sp(s string) *string { return &s }

func TestMatch(t *testing.T) {
	tests := []struct {
		name         string
		list         string
		sector       int
		scenario     *string
		rows         []int
		ind, sens    int64
		outcome      Outcome
		route        string
		holding      []int // rows whose condition holds
		wantQuestion string
	}{
		{"on the list above its threshold: 5,000,000 members", "shanghai-2024", 3, sp("会员管理场景"), []int{1, 4}, 5_000_000, 0, OnList, RouteContractOrCertify, []int{4}, ""},
		{"on the list at its top band: 12,000,000 members", "shanghai-2024", 3, sp("会员管理场景"), []int{1, 4}, 12_000_000, 0, OnList, RouteSecurityAssessment, []int{1}, ""},
		{"at exactly the band's floor (以上 includes it)", "shanghai-2024", 3, sp("会员管理场景"), []int{1, 4}, 1_000_000, 0, OnList, RouteContractOrCertify, []int{4}, ""},
		{"below its threshold: 500,000 members are off the list", "shanghai-2024", 3, sp("会员管理场景"), []int{1, 4}, 500_000, 0, OffList, RouteNone, nil, ""},
		{"sensitive-PI item in its contract band", "shanghai-2024", 3, sp("会员管理场景"), []int{2, 5}, 0, 200_000, OnList, RouteContractOrCertify, []int{5}, ""},
		{"sensitive-PI item below its band (national would be assessment)", "shanghai-2024", 3, sp("会员管理场景"), []int{2, 5}, 0, 50_000, OffList, RouteNone, nil, ""},
		{"catch-all row: any sensitive PI under 10,000 needs a contract", "shanghai-2024", 1, sp("人身险再保险场景"), []int{7, 10}, 0, 500, OnList, RouteContractOrCertify, []int{10}, ""},
		{"off the list within a named scenario: de-identified reinsurance PI", "shanghai-2024", 1, sp("人身险再保险场景"), []int{5, 8}, 500_000, 0, OffList, RouteNone, nil, ""},
		{"no row covers the data in a named scenario (no PI)", "shanghai-2024", 2, sp("水路运输服务和港口作业生产相关场景"), []int{}, 0, 0, OffList, RouteNone, nil, ""},
		{"PI no specific row describes falls under the catch-all rows", "shanghai-2024", 2, sp("船员管理场景"), []int{}, 2_000_000, 0, OnList, RouteSecurityAssessment, []int{8}, ""},
		{"catch-all rows: other PI below 100,000 is off the list", "shanghai-2024", 3, sp("会员管理场景"), []int{}, 50_000, 0, OffList, RouteNone, nil, ""},
		{"named specific rows exclude the catch-all rows", "shanghai-2024", 1, sp("财产险再保险场景"), []int{6, 9}, 0, 500, OffList, RouteNone, nil, ""},
		{"important-data row holds whatever the volume", "shanghai-2024", 2, sp("水路运输服务和港口作业生产相关场景"), []int{4}, 0, 0, OnList, RouteSecurityAssessment, []int{4}, ""},
		{"crew sensitive PI at 150,000 goes to assessment", "shanghai-2024", 2, sp("船员管理场景"), []int{7, 10}, 0, 150_000, OnList, RouteSecurityAssessment, []int{7}, ""},
		{"an unnamed sector: national rules", "shanghai-2024", 4, nil, []int{}, 500_000, 0, NotGoverned, "", nil, ""},
		{"an unnamed scenario: national rules", "shanghai-2024", 2, sp("客户关系管理场景"), []int{}, 500_000, 0, NotGoverned, "", nil, ""},
		{"scenario missing where the list has a scenario column", "shanghai-2024", 3, nil, []int{1, 4}, 500_000, 0, Undecidable, "", nil, "zone_list.scenario"},
		{"row outside its scenario", "shanghai-2024", 2, sp("船员管理场景"), []int{1}, 0, 0, Undecidable, "", nil, "zone_list.stated_route"},
		{"rows not given", "shanghai-2024", 3, sp("会员管理场景"), nil, 500_000, 0, Undecidable, "", nil, "zone_list.rows"},
		{"Zhejiang has no scenario column: merchants' PI below its band", "zhejiang-2024", 1, nil, []int{1, 4}, 800_000, 0, OffList, RouteNone, nil, ""},
		{"Zhejiang merchants' PI at 1,000,000", "zhejiang-2024", 1, nil, []int{1, 4}, 1_000_000, 0, OnList, RouteContractOrCertify, []int{4}, ""},
		{"Zhejiang clearing sensitive PI at 600,000 (nationally an assessment)", "zhejiang-2024", 2, nil, []int{4, 7}, 0, 600_000, OnList, RouteContractOrCertify, []int{7}, ""},
		{"Zhejiang clearing important data", "zhejiang-2024", 2, nil, []int{2}, 0, 0, OnList, RouteSecurityAssessment, []int{2}, ""},
		{"partial list: Beijing 2024 sectors have no encoded numbers", "beijing-2024", 2, sp("临床试验"), []int{}, 30_000, 0, Undecidable, "", nil, "zone_list.stated_route"},
		{"partial list: Chongqing rows have no printed numbers", "chongqing-2025", 1, nil, []int{1}, 50_000, 0, Undecidable, "", nil, "zone_list.stated_route"},
		{"partial list: a list with no encoded sectors", "guangxi-2025", 1, nil, []int{}, 50_000, 0, Undecidable, "", nil, "zone_list.stated_route"},
		{"positive list: scenario not encoded in full", "lingang-biomed-2024", 1, sp("临床试验和研究"), []int{}, 0, 0, Undecidable, "", nil, "zone_list.stated_route"},
		{"positive list: nothing named in a named scenario", "lingang-icv-2024", 1, sp("全球研发测试"), []int{}, 0, 0, NotOnPositiveList, "", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := list(t, tc.list)
			r := Match(l, tc.sector, tc.scenario, tc.rows, tc.ind, tc.sens)
			if r.Outcome != tc.outcome || r.Route != tc.route {
				t.Fatalf("Match = %s %q (%s); want %s %q", r.Outcome, r.Route, r.Reason.EN, tc.outcome, tc.route)
			}
			if r.Citation != "ftz-"+tc.list || r.Reason.ZH == "" || r.Reason.EN == "" {
				t.Errorf("citation %q, reason %+v", r.Citation, r.Reason)
			}
			var holding []int
			for _, m := range r.Items {
				if m.Holds {
					holding = append(holding, m.Row)
				}
				if m.Why.ZH == "" || m.Why.EN == "" {
					t.Errorf("row %d: no explanation", m.Row)
				}
				if m.Item != nil && (m.Source == nil || m.Source.Title == "") {
					t.Errorf("row %d: no source", m.Row)
				}
			}
			if !equalInts(holding, tc.holding) {
				t.Errorf("rows holding = %v, want %v", holding, tc.holding)
			}
			if (r.Outcome == OffList || r.Outcome == OnList) != r.ZoneFiling {
				t.Errorf("zone filing = %v for %s", r.ZoneFiling, r.Outcome)
			}
			if tc.wantQuestion != "" {
				found := false
				for _, q := range r.Questions {
					found = found || q.Field == tc.wantQuestion
				}
				if !found {
					t.Errorf("questions %+v lack %s", r.Questions, tc.wantQuestion)
				}
			}
			if r.Outcome == NotGoverned && r.Route != "" {
				t.Error("a list that does not govern must not give a route")
			}
		})
	}
}

func TestMatchRowTextsAndSources(t *testing.T) {
	r := Match(list(t, "shanghai-2024"), 3, sp("会员管理场景"), []int{1, 4}, 5_000_000, 0)
	m := r.Items[1]
	if m.ItemID != "shanghai-2024/3/4" || !strings.Contains(m.Why.EN, "5,000,000") || !strings.Contains(m.Why.ZH, "100万人以上且不满1000万人") {
		t.Errorf("item match %+v", m)
	}
	if m.Source.Kind != "full_text_reprint" || m.Ref.Marking != "verbatim" {
		t.Errorf("source %+v %+v", m.Source, m.Ref)
	}
}

func TestMatchFieldsAndPositiveHit(t *testing.T) {
	sh := list(t, "shanghai-2024")
	ms := MatchFields(sh, 3, sp("会员管理场景"), []string{"姓名", "会员登录验证信息"})
	rows := map[int]bool{}
	for _, m := range ms {
		if m.Row != nil && m.Exact {
			rows[*m.Row] = true
		}
	}
	if !rows[1] || !rows[4] || !rows[2] || !rows[5] || rows[3] || rows[6] {
		t.Errorf("field rows = %v", rows)
	}
	r := MatchWithFields(sh, 3, sp("会员管理场景"), nil, []string{"姓名", "订单编号"}, 5_000_000, 0)
	if r.Outcome != OnList || r.Route != RouteContractOrCertify {
		t.Errorf("MatchWithFields = %s %s", r.Outcome, r.Route)
	}
	icv := list(t, "lingang-icv-2024")
	hit := MatchWithFields(icv, 1, sp("全球研发测试"), nil, []string{"车辆底盘图纸"}, 0, 0)
	if hit.Outcome != OnPositiveList || hit.Route != RouteNone || !hit.ZoneFiling {
		t.Errorf("positive hit = %+v", hit)
	}
	withPI := MatchWithFields(icv, 1, sp("全球研发测试"), nil, []string{"车辆底盘图纸"}, 10, 0)
	if withPI.Outcome != Undecidable {
		t.Errorf("positive hit with PI = %s", withPI.Outcome)
	}
	if dup := MatchWithFields(icv, 1, sp("全球研发测试"), nil, []string{"车辆底盘图纸", "车辆底盘图纸"}, 0, 0); dup.Outcome != OnPositiveList {
		t.Errorf("repeated field = %s", dup.Outcome)
	}
	miss := MatchWithFields(icv, 1, sp("全球研发测试"), nil, []string{"车主身份证号"}, 0, 0)
	if miss.Outcome != Undecidable {
		t.Errorf("unknown field = %s", miss.Outcome)
	}
}

func TestMatchPersonsThreshold(t *testing.T) {
	// A fixture, not data: a sector whose important-data row counts persons
	// in a group, as Beijing's pharmaceutical row does (10万人以上).
	n, row, at := 1, 1, int64(100_000)
	l := &List{Key: "fixture-2024", Kind: KindNegative, Coverage: Coverage{Status: CoverageComplete},
		Sectors: []Sector{{Number: &n, Key: "pharma", Name: Text{"医药", "Pharma"}, Coverage: Coverage{Status: CoverageComplete},
			Items: []Item{{ID: "fixture-2024/1/1", Row: &row, Category: CategoryImportantData, Route: RouteSecurityAssessment, Scenarios: []string{},
				Thresholds: []Threshold{{PI: CountPersons, AtLeast: &at, Printed: "10万人以上"}}}}}}}
	for _, tc := range []struct {
		ind, sens int64
		want      Outcome
	}{{150_000, 0, OnList}, {60_000, 60_000, Undecidable}, {50_000, 40_000, OffList}} {
		if r := Match(l, 1, nil, []int{1}, tc.ind, tc.sens); r.Outcome != tc.want {
			t.Errorf("%d+%d persons: %s, want %s", tc.ind, tc.sens, r.Outcome, tc.want)
		}
	}
}

func TestMatchUndecidedRowsOnlyMatterWhenStricter(t *testing.T) {
	n, r1, r2, at := 1, 1, 2, int64(1_000)
	mk := func(route1, route2 string) *List {
		return &List{Key: "fixture-2025", Kind: KindNegative, Coverage: Coverage{Status: CoveragePartial, Missing: []Text{{"x", "x"}}},
			Sectors: []Sector{{Number: &n, Key: "s", Coverage: Coverage{Status: CoveragePartial},
				Items: []Item{
					{ID: "fixture-2025/1/1", Row: &r1, Category: CategoryPersonalInformation, Route: route1, Scenarios: []string{}, Thresholds: []Threshold{{PI: CountNonSensitive, AtLeast: &at, Printed: "1000人以上"}}},
					{ID: "fixture-2025/1/2", Row: &r2, Category: CategoryPersonalInformation, Route: route2, Scenarios: []string{}, Thresholds: nil},
				}}}}
	}
	if r := Match(mk(RouteSecurityAssessment, RouteContractOrCertify), 1, nil, []int{1, 2}, 5_000, 0); r.Outcome != OnList || r.Route != RouteSecurityAssessment {
		t.Errorf("assessment row holds, contract row unknown: %s %s", r.Outcome, r.Route)
	}
	if r := Match(mk(RouteContractOrCertify, RouteSecurityAssessment), 1, nil, []int{1, 2}, 5_000, 0); r.Outcome != Undecidable {
		t.Errorf("contract row holds, assessment row unknown: %s %s", r.Outcome, r.Route)
	}
	if r := Match(mk(RouteContractOrCertify, RouteSecurityAssessment), 1, nil, []int{1, 3}, 5_000, 0); r.Outcome != Undecidable {
		t.Errorf("contract row holds, row 3 not encoded: %s %s", r.Outcome, r.Route)
	}
}

func TestGBAAvailable(t *testing.T) {
	hk, _ := GBAByKey("gba-hk-2023")
	mo, _ := GBAByKey("gba-macao-2024")
	tests := []struct {
		name                   string
		g                      *GBAContract
		city, region, id, ciio string
		over                   bool
		asOf                   string
		ok                     bool
		code                   string
	}{
		{"Shenzhen to a Hong Kong affiliate, 200,000 individuals", hk, "shenzhen", RegionHongKong, "none", "no", false, "2026-06-01", true, GBAAvailableCode},
		{"2,000,000 individuals: open question", hk, "shenzhen", RegionHongKong, "none", "no", true, "2026-06-01", false, GBAVolumeOpenQuestion},
		{"Singapore recipient", hk, "shenzhen", "other", "none", "no", false, "2026-06-01", false, GBARecipientElsewhere},
		{"important data", hk, "shenzhen", RegionHongKong, "notified", "no", false, "2026-06-01", false, GBAImportantData},
		{"Beijing processor", hk, "beijing", RegionHongKong, "none", "no", false, "2026-06-01", false, GBANotBayAreaCity},
		{"pilot period", hk, "guangzhou", RegionHongKong, "none", "no", false, "2024-06-01", false, GBAPilotSectorsOnly},
		{"all sectors from 2024-11-01", hk, "guangzhou", RegionHongKong, "none", "no", false, "2024-11-01", true, GBAAvailableCode},
		{"Macao contract before 2024-09-10", mo, "zhuhai", RegionMacao, "none", "no", false, "2024-09-09", false, GBABeforeDate},
		{"Macao contract", mo, "zhuhai", RegionMacao, "none", "no", false, "2024-09-10", true, GBAAvailableCode},
		{"CIIO", hk, "shenzhen", RegionHongKong, "none", "yes", false, "2026-06-01", false, GBACIIO},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, r := GBAAvailable(tc.g, tc.city, tc.region, tc.id, tc.ciio, tc.over, day(tc.asOf))
			if ok != tc.ok || r.Code != tc.code {
				t.Errorf("GBAAvailable = %v %s (%s); want %v %s", ok, r.Code, r.Text.EN, tc.ok, tc.code)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOtherListAllowed(t *testing.T) {
	bj25, sh24, zj24, bj24 := list(t, "beijing-2025"), list(t, "shanghai-2024"), list(t, "zhejiang-2024"), list(t, "beijing-2024")
	for _, tc := range []struct {
		home, other *List
		asOf        string
		code        string
	}{
		{bj25, zj24, "2026-06-01", ReasonOtherListAllowed},
		{bj25, sh24, "2026-06-01", ReasonOtherListNotInForce}, // replaced on 2026-04-24
		{bj24, zj24, "2026-03-01", ReasonOtherListNotAllowed}, // no source for the 2024 edition
		{bj25, list(t, "lingang-icv-2024"), "2026-06-01", ReasonOtherListNotAllowed},
	} {
		ok, r := OtherListAllowed(tc.home, tc.other, day(tc.asOf))
		if r.Code != tc.code || ok != (tc.code == ReasonOtherListAllowed) {
			t.Errorf("%s applying %s on %s: %v %s", tc.home.Key, tc.other.Key, tc.asOf, ok, r.Code)
		}
	}
}

func TestParsedOnce(t *testing.T) {
	a, b := All(), All()
	if len(a) == 0 || a[0] != b[0] {
		t.Error("All should return the same parsed values on every call")
	}
	a[0] = nil
	if All()[0] == nil {
		t.Error("All must return a fresh slice")
	}
}
