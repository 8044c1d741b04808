package ftz

import (
	"slices"
	"time"
)

// Reason is a stable code with the same explanation in Chinese and
// English.
type Reason struct {
	Code string `json:"code"`
	Text Text   `json:"text"`
}

// Reason codes of Eligibility.
const (
	// ReasonEligible: the processor may use the edition on the date.
	ReasonEligible = "eligible"
	// ReasonEligibleCIIONotStated: eligible, but the processor is or may
	// be a CIIO and no source says whether the edition admits CIIOs.
	ReasonEligibleCIIONotStated = "eligible_ciio_not_stated"
	// ReasonNoList: no edition was given.
	ReasonNoList = "no_list"
	// ReasonBeforeList: the date is before the edition took effect.
	ReasonBeforeList = "before_list"
	// ReasonReplaced: a later edition replaced this one on or before the
	// date.
	ReasonReplaced = "replaced"
	// ReasonLapsed: the edition's stated trial period ended before the date.
	ReasonLapsed = "lapsed"
	// ReasonOutsideArea: the processor is not registered in the edition's
	// area.
	ReasonOutsideArea = "outside_area"
	// ReasonCIIOExcluded: the edition does not apply to CIIOs and the
	// processor is one.
	ReasonCIIOExcluded = "ciio_excluded"
	// ReasonCIIOUnknown: the edition does not apply to CIIOs and whether the
	// processor is one is not known: it depends on that answer.
	ReasonCIIOUnknown = "ciio_unknown"
)

// Eligibility reports whether a processor registered in zone
// (processor.ftz, "" if none) and city (processor.city, "" if not given),
// whose CIIO status is ciio ("yes", "no" or "unknown"), may use the
// edition l on asOf. The checks run in this order and the first that
// fails is the reason: the edition's date, its replacement, a lapsed
// trial period, the area, CIIOs. An unknown CIIO status under an edition
// that excludes CIIOs answers false (the strict way) with the code
// ciio_unknown, whose text says it depends on the answer.
func Eligibility(l *List, zone, city string, ciio string, asOf time.Time) (ok bool, reason Reason) {
	if l == nil {
		return false, Reason{ReasonNoList, Text{"未指明清单。", "No list was given."}}
	}
	day := asOf.Format(time.DateOnly)
	name := listName(l)
	if day < l.Dates.InForce.Date {
		return false, Reason{ReasonBeforeList, Text{
			name.ZH + "自" + l.Dates.InForce.Date + "起适用，" + day + "尚未适用：适用国家规定。",
			name.EN + " applies from " + l.Dates.InForce.Date + "; on " + day + " it does not yet apply, so the national rules apply."}}
	}
	if r := l.ReplacedBy; r != nil && day >= r.Date {
		return false, Reason{ReasonReplaced, Text{
			name.ZH + "已自" + r.Date + "起由 " + r.Key + " 替代：请按新版本（" + r.Key + "）重新对照。",
			name.EN + " was replaced by " + r.Key + " from " + r.Date + ": describe the data against the new edition (" + r.Key + ")."}}
	}
	if v := l.Dates.ValidUntil; v != nil && day > v.Date {
		return false, Reason{ReasonLapsed, Text{
			name.ZH + "的试行期至" + v.Date + "届满，未找到延期的依据：适用国家规定。",
			name.EN + "'s trial period ended on " + v.Date + " and no extension was found: the national rules apply."}}
	}
	inArea := (zone != "" && slices.Contains(l.Area.Zones, zone)) || (city != "" && slices.Contains(l.Area.Cities, city))
	if !inArea {
		return false, Reason{ReasonOutsideArea, Text{
			"处理者未注册于" + name.ZH + "的适用区域（" + l.Area.Text.ZH + "）：不能适用该清单，适用国家规定。",
			"The processor is not registered in the area of " + name.EN + " (" + l.Area.Text.EN + "): it cannot use the list, and the national rules apply."}}
	}
	switch {
	case l.CIIO.Rule == "excluded" && ciio == "yes":
		return false, Reason{ReasonCIIOExcluded, Text{
			name.ZH + "不适用于关键信息基础设施运营者：适用国家规定（《规定》第七条第一项）。",
			name.EN + " does not apply to critical information infrastructure operators: the national rules apply (provisions-2024 art.7(1))."}}
	case l.CIIO.Rule == "excluded" && ciio != "no":
		return false, Reason{ReasonCIIOUnknown, Text{
			"取决于处理者是否为关键信息基础设施运营者：" + name.ZH + "不适用于关键信息基础设施运营者。在确认之前按不能适用处理。",
			"It depends on whether the processor is a critical information infrastructure operator: " + name.EN + " does not apply to CIIOs. Until that is known, it is treated as not applicable."}}
	case l.CIIO.Rule != "excluded" && ciio != "no":
		return true, Reason{ReasonEligibleCIIONotStated, Text{
			"处理者可适用" + name.ZH + "；但未找到该版本是否适用于关键信息基础设施运营者的规定，关键信息基础设施运营者请先向发布机关确认。",
			"The processor may use " + name.EN + "; no source says whether this edition admits CIIOs, so a CIIO should confirm with the issuers first."}}
	}
	return true, Reason{ReasonEligible, Text{
		"处理者可适用" + name.ZH + "（" + l.Area.Text.ZH + "）。",
		"The processor may use " + name.EN + " (" + l.Area.Text.EN + ")."}}
}

// listName is how texts name an edition: its title, or its key where the
// Chinese title is not known.
func listName(l *List) Text {
	zh := "清单 " + l.Key
	if l.Title.ZH != nil {
		zh = "《" + *l.Title.ZH + "》"
	}
	return Text{ZH: zh, EN: "the list " + l.Key}
}
