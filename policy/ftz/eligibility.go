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
	// ReasonCIIOAssessment: the edition sends a CIIO's personal information
	// and important data to security assessment (Zhejiang Measures art.8),
	// so it offers a CIIO nothing beyond provisions-2024 art.7(1).
	ReasonCIIOAssessment = "ciio_security_assessment"
	// ReasonCIIOUnknown: the edition does not apply to CIIOs, or sends them
	// to assessment, and whether the processor is one is not known: it
	// depends on that answer.
	ReasonCIIOUnknown = "ciio_unknown"
)

// Eligibility reports whether a processor registered in zone
// (processor.ftz, "" if none) and city (processor.city, "" if not given),
// whose CIIO status is ciio ("yes", "no" or "unknown"), may use the
// edition l on asOf. The checks run in this order and the first that
// fails is the reason: the edition's date, its replacement, a lapsed
// trial period, the area, CIIOs (excluded, or sent to assessment). An
// unknown CIIO status under an edition that restricts CIIOs answers false
// (the strict way) with the code ciio_unknown, whose text says it depends
// on the answer.
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
	restricts := l.CIIO.Rule == "excluded" || l.CIIO.Rule == "security_assessment"
	switch {
	case l.CIIO.Rule == "security_assessment" && ciio == "yes":
		return false, Reason{ReasonCIIOAssessment, Text{
			name.ZH + "将关键信息基础设施运营者向境外提供个人信息或者重要数据列入需要通过数据出境安全评估的数据清单：须申报安全评估。",
			name.EN + " puts a critical information infrastructure operator's provision of personal information or important data abroad on its security assessment list: a security assessment is needed."}}
	case l.CIIO.Rule == "excluded" && ciio == "yes":
		return false, Reason{ReasonCIIOExcluded, Text{
			name.ZH + "不适用于关键信息基础设施运营者：适用国家规定（《规定》第七条第一项）。",
			name.EN + " does not apply to critical information infrastructure operators: the national rules apply (provisions-2024 art.7(1))."}}
	case restricts && ciio != "no":
		return false, Reason{ReasonCIIOUnknown, Text{
			"取决于处理者是否为关键信息基础设施运营者：" + name.ZH + "不为关键信息基础设施运营者提供便利。在确认之前按不能适用处理。",
			"It depends on whether the processor is a critical information infrastructure operator: " + name.EN + " gives CIIOs no relief. Until that is known, it is treated as not applicable."}}
	case !restricts && ciio != "no":
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

// Reason codes of OtherListAllowed.
const (
	// ReasonOtherListAllowed: the home edition lets its processors apply
	// the other edition.
	ReasonOtherListAllowed = "other_list_allowed"
	// ReasonOtherListNotAllowed: the home edition does not allow it, or no
	// source says it does.
	ReasonOtherListNotAllowed = "other_list_not_allowed"
	// ReasonOtherListNotInForce: the other edition does not apply on the
	// date (not yet in force, replaced or lapsed).
	ReasonOtherListNotInForce = "other_list_not_in_force"
)

// OtherListAllowed reports whether a processor under the home edition
// (its own zone's, which it is eligible for) may apply the other edition
// on asOf, as processor.other_lists asks. It needs a home edition whose
// sources say other provinces' lists may be applied, and an other edition
// that is a negative list in force on the date; the home edition's stated
// conditions are returned in the reason and must still be met.
func OtherListAllowed(home, other *List, asOf time.Time) (ok bool, reason Reason) {
	if home == nil || other == nil || home.OtherLists.Allowed == nil || !*home.OtherLists.Allowed || other.Kind != KindNegative {
		return false, Reason{ReasonOtherListNotAllowed, Text{
			"未找到允许参照适用其他省市清单的依据。",
			"No source found that lets this zone's processors apply the other list."}}
	}
	day := asOf.Format(time.DateOnly)
	if day < other.Dates.InForce.Date || (other.ReplacedBy != nil && day >= other.ReplacedBy.Date) || (other.Dates.ValidUntil != nil && day > other.Dates.ValidUntil.Date) {
		return false, Reason{ReasonOtherListNotInForce, Text{
			"清单 " + other.Key + " 在" + day + "不适用（尚未生效、已被替代或试行期届满）。",
			"The list " + other.Key + " does not apply on " + day + " (not yet in force, replaced or lapsed)."}}
	}
	return true, Reason{ReasonOtherListAllowed, Text{
		"可参照适用清单 " + other.Key + "；条件：" + home.OtherLists.Conditions.ZH,
		"The list " + other.Key + " may be applied; conditions: " + home.OtherLists.Conditions.EN}}
}
