package ftz

import "time"

// Greater Bay Area recipient regions (request recipient.region).
const (
	// RegionHongKong is a recipient in Hong Kong (gba-hk-2023).
	RegionHongKong = "hong_kong"
	// RegionMacao is a recipient in Macao (gba-macao-2024).
	RegionMacao = "macao"
)

// Fact is one statement with its source.
type Fact struct {
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// IDFact is a fact with a short id (ciio, pipia, consent, counting).
type IDFact struct {
	ID     string    `json:"id"`
	Text   Text      `json:"text"`
	Source SourceRef `json:"source"`
}

// City is one of the nine Guangdong cities of the Greater Bay Area; ID is
// the request's processor.city value.
type City struct {
	ID string `json:"id"`
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// SectorPhase is a period in which the contract was open to some sectors
// only (Sectors non-empty) or to all (Sectors empty). Until is inclusive;
// nil means open-ended.
type SectorPhase struct {
	From    string    `json:"from"`
	Until   *string   `json:"until"`
	Sectors []string  `json:"sectors"`
	Text    Text      `json:"text"`
	Source  SourceRef `json:"source"`
}

// Exclusion says whether important data is excluded from a contract.
type Exclusion struct {
	Excluded bool      `json:"excluded"`
	Text     Text      `json:"text"`
	Source   SourceRef `json:"source"`
}

// OnwardTransfer says whether onward transfer outside the Bay Area is
// barred.
type OnwardTransfer struct {
	Barred  bool        `json:"barred"`
	Text    Text        `json:"text"`
	Sources []SourceRef `json:"sources"`
}

// GBAFiling is the filing of a signed contract: within WorkingDays working
// days from From, with the Authorities listed.
type GBAFiling struct {
	WorkingDays int         `json:"working_days"`
	From        string      `json:"from"`
	Text        Text        `json:"text"`
	Authorities []Text      `json:"authorities"`
	Documents   []Text      `json:"documents"`
	Sources     []SourceRef `json:"sources"`
}

// Volume records what is known about volume limits: Status is
// "open_question" where the CAC has not spoken.
type Volume struct {
	Status     string      `json:"status"`
	Text       Text        `json:"text"`
	Statements []Fact      `json:"statements"`
	Sources    []SourceRef `json:"sources"`
}

// GBAContract is one Greater Bay Area standard contract (gba-hk-2023 or
// gba-macao-2024) with its conditions, each with its source.
type GBAContract struct {
	Key                  string         `json:"key"`
	Counterpart          string         `json:"counterpart"`
	Title                Text           `json:"title"`
	Announcement         Fact           `json:"announcement"`
	Signed               Dated          `json:"signed"`
	AvailableFrom        Dated          `json:"available_from"`
	MainlandCities       []City         `json:"mainland_cities"`
	MainlandCitiesSource SourceRef      `json:"mainland_cities_source"`
	Parties              Fact           `json:"parties"`
	SectorPhases         []SectorPhase  `json:"sector_phases"`
	ImportantData        Exclusion      `json:"important_data"`
	OnwardTransfer       OnwardTransfer `json:"onward_transfer"`
	Filing               GBAFiling      `json:"filing"`
	Volume               Volume         `json:"volume"`
	Facts                []IDFact       `json:"facts"`
	sources              []Source
}

type gbaFile struct {
	Contracts []GBAContract `json:"contracts"`
	Sources   []Source      `json:"sources"`
}

// Citation is the key decisions cite the contract by (its Key).
func (g *GBAContract) Citation() string { return g.Key }

// Source returns the source a reference points at, and false if there is
// none with that id.
func (g *GBAContract) Source(r SourceRef) (*Source, bool) {
	for i := range g.sources {
		if g.sources[i].ID == r.Ref {
			return &g.sources[i], true
		}
	}
	return nil, false
}

// InBayArea reports whether city (a processor.city value) is one of the
// nine Guangdong cities of the Greater Bay Area.
func (g *GBAContract) InBayArea(city string) bool {
	for _, c := range g.MainlandCities {
		if c.ID == city {
			return true
		}
	}
	return false
}

// GBAContracts returns both Greater Bay Area contracts, Hong Kong first.
// The slice is the caller's; the contracts are shared and must not be
// modified.
func GBAContracts() []*GBAContract {
	return append([]*GBAContract(nil), mustLoad().gba...)
}

// GBAByKey returns the contract with the key ("gba-hk-2023",
// "gba-macao-2024"), and false if there is none.
func GBAByKey(key string) (*GBAContract, bool) {
	g, ok := mustLoad().gbaBy[key]
	return g, ok
}

// GBAForRegion returns the contract whose counterpart is the recipient
// region (hong_kong or macao), and false for any other region.
func GBAForRegion(region string) (*GBAContract, bool) {
	for _, g := range mustLoad().gba {
		if g.Counterpart == region {
			return g, true
		}
	}
	return nil, false
}

// Reason codes of GBAAvailable.
const (
	// GBAAvailableCode: the contract may be used as an alternative route.
	GBAAvailableCode = "gba_available"
	// GBANotBayAreaCity: the processor is not in one of the nine cities.
	GBANotBayAreaCity = "gba_processor_outside_bay_area"
	// GBARecipientElsewhere: the recipient is not in Hong Kong or Macao.
	GBARecipientElsewhere = "gba_recipient_outside_bay_area"
	// GBABeforeDate: the date is before the contract was available.
	GBABeforeDate = "gba_before_date"
	// GBAPilotSectorsOnly: on the date only pilot sectors were admitted.
	GBAPilotSectorsOnly = "gba_pilot_sectors_only"
	// GBAImportantData: important data is excluded from the contract.
	GBAImportantData = "gba_important_data"
	// GBAImportantDataUnk: whether important data is included is unknown.
	GBAImportantDataUnk = "gba_important_data_unknown"
	// GBACIIO: a CIIO is routed to security assessment.
	GBACIIO = "gba_ciio"
	// GBACIIOUnknown: whether the processor is a CIIO is unknown.
	GBACIIOUnknown = "gba_ciio_unknown"
	// GBAVolumeOpenQuestion: above the national assessment thresholds the
	// contract is an open question, not a route.
	GBAVolumeOpenQuestion = "gba_volume_open_question"
)

// GBAAvailable reports whether a Greater Bay Area contract may serve a
// Mainland processor registered in city (processor.city) sending personal
// information to a recipient in region (hong_kong, macao, other) on asOf.
// importantData and ciio are "none"/"notified"/"unknown" and
// "yes"/"no"/"unknown"; unknown is taken the strict way. overNational
// says whether the volume reaches the national security-assessment
// thresholds (provisions-2024 art.7(2)): the contract is then not a route
// but an open question (ok false, code gba_volume_open_question).
// Recipient "other" (including onward transfer outside the Bay Area)
// never qualifies. Before 2024-11-01 the Hong Kong contract was open only
// to banking, credit referencing and healthcare, which this function
// cannot check: it answers false with that reason.
func GBAAvailable(g *GBAContract, city, region, importantData, ciio string, overNational bool, asOf time.Time) (ok bool, reason Reason) {
	day := asOf.Format(time.DateOnly)
	switch {
	case g == nil || region != g.Counterpart:
		return false, Reason{GBARecipientElsewhere, Text{
			"接收方不在香港或澳门（或将向大湾区以外提供）：大湾区标准合同只适用于大湾区内的流动，适用国家规定。",
			"The recipient is not in Hong Kong or Macao (or the data goes on outside the Bay Area): the GBA contracts cover flows within the Bay Area only; the national rules apply."}}
	case !g.InBayArea(city):
		return false, Reason{GBANotBayAreaCity, Text{
			"处理者未注册于大湾区内地九市，不能使用大湾区标准合同。",
			"The processor is not registered in one of the nine Guangdong cities of the Bay Area, so the GBA contract is not available."}}
	case day < g.AvailableFrom.Date:
		return false, Reason{GBABeforeDate, Text{
			g.Key + " 自 " + g.AvailableFrom.Date + " 起方可使用。",
			g.Key + " is available from " + g.AvailableFrom.Date + "."}}
	case importantData == "notified":
		return false, Reason{GBAImportantData, Text{
			"被告知或公开发布为重要数据的个人信息不适用大湾区标准合同：须申报安全评估。",
			"PI notified or published as important data is excluded from the GBA contracts: a security assessment is needed."}}
	case importantData != "none":
		return false, Reason{GBAImportantDataUnk, Text{
			"是否涉及重要数据不明：涉及的，不适用大湾区标准合同。",
			"Whether the data includes important data is not known; if it does, the GBA contract is not available."}}
	case ciio == "yes":
		return false, Reason{GBACIIO, Text{
			"实施指引未提及关键信息基础设施运营者；关键信息基础设施运营者向境外提供个人信息仍须申报安全评估（保守处理）。",
			"The Guideline is silent on CIIOs; a CIIO providing PI abroad still needs a security assessment (conservative reading)."}}
	case ciio != "no":
		return false, Reason{GBACIIOUnknown, Text{
			"是否为关键信息基础设施运营者不明：是的话，须申报安全评估，不能只依靠大湾区标准合同。",
			"Whether the processor is a CIIO is not known; if it is, a security assessment is needed and the GBA contract is not enough."}}
	}
	for _, p := range g.SectorPhases {
		if len(p.Sectors) > 0 && day >= p.From && (p.Until == nil || day <= *p.Until) {
			return false, Reason{GBAPilotSectorsOnly, Text{
				"该日期处于试点期，仅银行、征信、医疗行业可参与。",
				"On this date the contract was in its pilot, open only to the banking, credit referencing and healthcare sectors."}}
		}
	}
	if overNational {
		return false, Reason{GBAVolumeOpenQuestion, Text{
			"数量已达国家安全评估门槛：港澳特区政府称大湾区标准合同取消数量限制，但国家网信办未作表态；不能视为替代安全评估的路径，属待决问题。",
			"The volume reaches the national assessment thresholds: the Hong Kong and Macao governments say the GBA contract lifts the volume limits, but the CAC has said nothing, so it is an open question, not a route replacing the security assessment."}}
	}
	return true, Reason{GBAAvailableCode, Text{
		"可选用大湾区标准合同（" + g.Key + "）：合同生效之日起10个工作日内备案；不得向大湾区以外提供。",
		"The GBA standard contract (" + g.Key + ") is available as an alternative: file within 10 working days of its effect; no onward transfer outside the Bay Area."}}
}
