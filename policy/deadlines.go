package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chujing/chujing/policy/calendar"
)

// Names from schemas/request.schema.json and schemas/decision.schema.json
// used by computeDeadlines. They are unexported so that this file adds no
// API to package policy.
const (
	filingStandardContract   = "standard_contract"
	filingSecurityAssessment = "security_assessment"
	filingCertification      = "certification"
	filingGBAContract        = "gba_contract"

	deadlineFilingDue         = "filing_due"
	deadlineValidUntil        = "valid_until"
	deadlineExtensionOpens    = "extension_window_opens"
	deadlineRecertifyBy       = "recertify_by"
	deadlineCompletenessCheck = "completeness_check_due"
	deadlineAcceptance        = "acceptance_due"
	deadlineAssessment        = "assessment_due"
	deadlineRecordsUntil      = "records_until"

	statusFiled   = "filed"
	statusLate    = "filed_late"
	statusPending = "pending"
	statusOverdue = "overdue"
	statusInForce = "in_force"
	statusExpired = "expired"
	statusNotOpen = "not_open"
	statusOpen    = "open"
	statusClosed  = "closed"
	statusDone    = "done"

	changeExpired          = "expired"
	changeNewRecipient     = "new_recipient"
	changeNewDataCategory  = "new_data_category"
	changeMoreIndividuals  = "more_individuals"
	changeMoreSensitive    = "more_sensitive_individuals"
	changeDifferentPurpose = "different_purpose"

	actionRedeclare   = "redeclare"
	actionRefile      = "refile"
	actionNewContract = "new_contract"
	actionRecertify   = "recertify"

	provisions2024InForce = "2024-03-22"
	periodWorkingDays     = "%d working days"
	periodYears           = "%d years"
	periodMonths          = "%d months"
)

// extensionChecklist is the six conditions for extending a security
// assessment result, from the SA filing guide, 3rd edition (2025-06-27), as
// quoted by the CAC's July 2026 Q&A (question 2); shared/rules/sources.md Q3.
var extensionChecklist = [...]Text{
	{ZH: "数据出境的目的、范围等未发生变化", EN: "The purpose, scope etc. of the export have not changed."},
	{ZH: "数据处理者和境外接收方等未发生变化", EN: "The data processor and the overseas recipient etc. have not changed."},
	{ZH: "出境个人信息的，未来三年涉及自然人数量增幅不超过原评估结果准予过去三年出境数量的20%", EN: "Personal information: growth in the number of individuals over the next 3 years is at most 20% of the number approved for the past 3 years."},
	{ZH: "出境重要数据的，未来三年出境数据规模增幅不超过原评估结果准予过去三年出境数据规模的20%", EN: "Important data: growth in the volume exported over the next 3 years is at most 20% of the volume approved for the past 3 years."},
	{ZH: "与境外接收方订立的法律文件符合《数据出境安全评估办法》第九条规定", EN: "The legal documents agreed with the overseas recipient meet art. 9 of the Security Assessment Measures."},
	{ZH: "过去三年数据出境活动严格按照评估结果通知书合规开展，且未发生重大数据安全事件", EN: "Over the past 3 years the export followed the result notice strictly and no major data security incident occurred."},
}

// computeDeadlines derives, for each filing in req.Processor.Filings, the
// deadlines that follow from it on cal (calendar.Default() if nil), their
// status on asOf, the deadlines that cannot be computed, the transfers that
// go beyond the scope of the filing they rely on, and notes qualifying the
// dates. It is pure: the same arguments give the same result.
//
// Readings chosen where the texts leave room (shared/rules/README.md,
// "Deadlines: how chujing counts"):
//
//   - Working-day periods end on the nth working day after the event, the
//     event day not counted (Civil Code art. 201). A period that reaches a
//     year with no State Council notice loaded gives a NoDeadline, never a
//     guessed date.
//   - Validity in years ends on the same month and day (Civil Code art. 202,
//     calendar.AddYears). Civil Code art. 203 (a last day on a holiday moves
//     to the next working day) is not applied to administrative validity;
//     a Note says so where the last day is not a working day.
//   - A security assessment result issued before 2024-03-22 is computed with
//     the 2 years it was issued with (sa-measures-2022 art.14) and gets a
//     Note; from 2024-03-22, 3 years (provisions-2024 art.9). A printed
//     valid_until always wins and is reported with Computed false.
//   - A security assessment filing whose date is on or after
//     declared.submitted (and with no printed valid_until) is read as a
//     first declaration still pending: there is no result yet, so no
//     validity, extension window or records. Where the date is before
//     declared.submitted, the date is the result held and the declaration
//     (a re-declaration) is pending beside it.
//     Declaration deadlines bind the authorities: completeness_check_due and
//     acceptance_due are "done" once declared.accepted is given.
//   - records_until (pipl art.56): the impact-assessment report behind the
//     filing and the records of processing are kept at least 3 years. The
//     report is made before the filing's date, so 3 years from the filing's
//     date (the contract's effect, the result's or the certificate's issue)
//     is the earliest day the report may be discarded; the records of each
//     later transfer run 3 years from that transfer, as the deadline's text
//     says. Status is pending until that day, done after it.
//   - Scope: a transfer is compared with the scope of the filing its
//     `filing` names. Names, categories and purposes are compared after
//     trimming spaces, ignoring case. Individuals are summed over the
//     transfers relying on the same filing in request order (individuals in
//     different transfers are different people); a transfer is flagged when
//     the running sum exceeds the scope. An expired approval covers nothing:
//     only "expired" is reported for it. Transfers naming an unknown filing
//     are skipped (a request error for the caller).
func computeDeadlines(req *Request, asOf time.Time, cal *calendar.Calendar) (deadlines []Deadline, missing []NoDeadline, changes []ScopeChange, notes []Note) {
	if cal == nil {
		cal = calendar.Default()
	}
	c := &deadlineRun{req: req, asOf: civilDate(asOf), cal: cal, validUntil: map[string]time.Time{}}
	for i := range req.Processor.Filings {
		c.filing(i)
	}
	c.scope()
	return nonNil(c.deadlines), nonNil(c.missing), nonNil(c.changes), nonNil(c.notes)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return calendar.Date(y, m, d)
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// deadlineRun collects the results of one computeDeadlines call.
type deadlineRun struct {
	req        *Request
	asOf       time.Time
	cal        *calendar.Calendar
	deadlines  []Deadline
	missing    []NoDeadline
	changes    []ScopeChange
	notes      []Note
	validUntil map[string]time.Time // filing id -> last day of validity (SA, certification)
	vuPointer  map[string]string    // filing id -> pointer to the fact it came from
	noteSeen   map[string]bool
}

func (c *deadlineRun) note(n Note) {
	if c.noteSeen == nil {
		c.noteSeen = map[string]bool{}
	}
	if c.noteSeen[n.ID] {
		return
	}
	c.noteSeen[n.ID] = true
	if n.Transfers == nil {
		n.Transfers = []string{}
	}
	c.notes = append(c.notes, n)
}

// filingPointer is the JSON pointer of filing i, or of one of its fields.
func filingPointer(i int, field ...string) string {
	p := "/processor/filings/" + strconv.Itoa(i)
	for _, f := range field {
		p += "/" + f
	}
	return p
}

func (c *deadlineRun) filing(i int) {
	f := &c.req.Processor.Filings[i]
	date, err := calendar.ParseDate(f.Date)
	if err != nil {
		c.missing = append(c.missing, NoDeadline{
			Filing: f.ID, Kind: "*",
			Reason: Text{ZH: fmt.Sprintf("备案或批准日期“%s”不是有效日期（YYYY-MM-DD）。", f.Date), EN: fmt.Sprintf("The filing's date %q is not a valid date (YYYY-MM-DD).", f.Date)},
			Settle: Text{ZH: "填写有效日期。", EN: "Give a valid date."},
		})
		return
	}
	switch f.Kind {
	case filingStandardContract, filingGBAContract:
		c.contract(i, f, date)
	case filingSecurityAssessment:
		c.assessment(i, f, date)
	case filingCertification:
		c.certification(i, f, date)
	default:
		return
	}
	if f.Kind == filingSecurityAssessment && c.pendingFirstDeclaration(f, date) {
		return // no result yet: nothing to keep records of beyond the declaration
	}
	c.records(f, date)
}

// workingDays adds n working days to from, or records a NoDeadline for kind
// and reports false.
func (c *deadlineRun) workingDays(f *Filing, kind string, from time.Time, n int) (time.Time, bool) {
	due, err := c.cal.AddWorkingDays(from, n)
	if err == nil {
		return due, true
	}
	var nn *calendar.NoNoticeError
	if !errors.As(err, &nn) {
		panic(err) // AddWorkingDays returns no other error
	}
	dir, dirZH := "after", "之后"
	if n < 0 {
		dir, dirZH, n = "before", "之前", -n
	}
	c.missing = append(c.missing, NoDeadline{
		Filing: f.ID, Kind: kind,
		Reason: Text{
			ZH: fmt.Sprintf("需要计算%s%s第%d个工作日，但尚未载入国务院办公厅%d年部分节假日安排的通知，无法确定%d年的工作日；不按周一至周五推算。", iso(from), dirZH, n, nn.Year, nn.Year),
			EN: fmt.Sprintf("This needs the %s working day %s %s, but no State Council notice on the %d holiday arrangements is loaded, so the working days of %d are unknown; chujing does not assume Monday to Friday.", ordinal(n), dir, iso(from), nn.Year, nn.Year),
		},
		Settle: Text{
			ZH: fmt.Sprintf("国务院办公厅关于%d年部分节假日安排的通知（载入 policy/calendar/years/%d.json 后即可计算）。", nn.Year, nn.Year),
			EN: fmt.Sprintf("The State Council General Office's notice on the %d holiday arrangements (add policy/calendar/years/%d.json).", nn.Year, nn.Year),
		},
	})
	return time.Time{}, false
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// pendingOrOverdue is the status of a deadline someone must meet by due.
func (c *deadlineRun) pendingOrOverdue(due time.Time) string {
	if c.asOf.After(due) {
		return statusOverdue
	}
	return statusPending
}

// gbaCitation picks the Greater Bay Area guideline: Macao where a transfer
// relying on the filing goes to Macao, else Hong Kong.
func (c *deadlineRun) gbaCitation(f *Filing) string {
	for _, t := range c.req.Transfers {
		if t.Filing != nil && *t.Filing == f.ID && t.Recipient != nil && t.Recipient.Region != nil && *t.Recipient.Region == "macao" {
			return "gba-macao-2024"
		}
	}
	return "gba-hk-2023"
}

func (c *deadlineRun) contract(i int, f *Filing, date time.Time) {
	citation := "scc-measures-2023 art.7"
	nameZH, nameEN := "标准合同", "standard contract"
	office := Text{ZH: "所在地省级网信部门", EN: "the provincial cyberspace office"}
	if f.Kind == filingGBAContract {
		citation = c.gbaCitation(f)
		nameZH, nameEN = "大湾区标准合同", "Greater Bay Area standard contract"
		office = Text{ZH: "广东省网信办或港澳方备案机构", EN: "the Guangdong cyberspace office or the Hong Kong / Macao filing body"}
		if citation == "gba-macao-2024" {
			c.note(Note{
				ID: "gba-macao-filing-period", Citations: []string{"gba-macao-2024"},
				Text: Text{
					ZH: "澳门版大湾区标准合同的10个工作日备案期限系按香港版实施指引的对应条款推定，所见澳门官方材料未载明期限。",
					EN: "The 10-working-day filing period for the Macao Greater Bay Area contract is inferred from the parallel Hong Kong guideline; the Macao texts read state no period.",
				},
			})
		}
	}
	due, ok := c.workingDays(f, deadlineFilingDue, date, 10)
	if !ok {
		return
	}
	from := map[string]string{"date": iso(date), "period": fmt.Sprintf(periodWorkingDays, 10)}
	var status string
	var filedZH, filedEN string
	if f.Filed != nil && *f.Filed != "" {
		filed, err := calendar.ParseDate(*f.Filed)
		if err != nil {
			c.missing = append(c.missing, NoDeadline{
				Filing: f.ID, Kind: deadlineFilingDue,
				Reason: Text{ZH: fmt.Sprintf("备案日期“%s”不是有效日期。", *f.Filed), EN: fmt.Sprintf("The filed date %q is not a valid date.", *f.Filed)},
				Settle: Text{ZH: "填写有效的备案日期。", EN: "Give a valid filing date."},
			})
			return
		}
		from["filed"] = iso(filed)
		status = statusFiled
		filedZH, filedEN = fmt.Sprintf("已于%s备案，在期限内。", iso(filed)), fmt.Sprintf(" Filed on %s, in time.", iso(filed))
		if filed.After(due) {
			status = statusLate
			filedZH, filedEN = fmt.Sprintf("已于%s备案，晚于期限。", iso(filed)), fmt.Sprintf(" Filed on %s, after the deadline.", iso(filed))
		}
	} else {
		status = c.pendingOrOverdue(due)
		if status == statusOverdue {
			filedZH, filedEN = "尚未备案，已逾期。", " Not filed; the deadline has passed."
		} else {
			filedZH, filedEN = "尚未备案。", " Not filed yet."
		}
	}
	c.deadlines = append(c.deadlines, Deadline{
		Filing: f.ID, Kind: deadlineFilingDue, Date: iso(due), Status: status,
		Citation: citation, Computed: true, ComputedFrom: from,
		Text: Text{
			ZH: fmt.Sprintf("%s于%s生效，应当自生效之日起10个工作日内（不含生效当日，按国务院节假日安排计算）向%s备案，最后一日为%s。%s", nameZH, iso(date), office.ZH, iso(due), filedZH),
			EN: fmt.Sprintf("The %s took effect on %s; it must be filed with %s within 10 working days (the day of effect not counted, on the State Council's holiday calendar), by %s.%s", nameEN, iso(date), office.EN, iso(due), filedEN),
		},
	})
}

// pendingFirstDeclaration reports whether a security assessment filing is a
// first declaration still pending (its date on or after declared.submitted).
func (c *deadlineRun) pendingFirstDeclaration(f *Filing, date time.Time) bool {
	if f.Declared == nil || f.Declared.Submitted == "" || (f.ValidUntil != nil && *f.ValidUntil != "") {
		return false
	}
	sub, err := calendar.ParseDate(f.Declared.Submitted)
	return err == nil && !date.Before(sub)
}

func (c *deadlineRun) assessment(i int, f *Filing, date time.Time) {
	c.declaration(i, f)
	if c.pendingFirstDeclaration(f, date) {
		return
	}
	from2024 := !date.Before(mustDate(provisions2024InForce))
	vu, computed, ok := c.validity(i, f, date, from2024)
	if !ok {
		return
	}
	status := statusInForce
	if c.asOf.After(vu) {
		status = statusExpired
	}
	var d Deadline
	switch {
	case !computed:
		d = Deadline{
			Citation:     "provisions-2024 art.9",
			ComputedFrom: map[string]string{"valid_until": iso(vu), "source": "printed on the result notice"},
			Text: Text{
				ZH: fmt.Sprintf("评估结果通知书载明有效期至%s（以证载日期为准）。", iso(vu)),
				EN: fmt.Sprintf("The result notice states it is valid until %s (the printed date is used).", iso(vu)),
			},
		}
		if !from2024 {
			d.Citation = "sa-measures-2022 art.14"
		}
	case from2024:
		d = Deadline{
			Citation:     "provisions-2024 art.9",
			ComputedFrom: map[string]string{"date": iso(date), "period": fmt.Sprintf(periodYears, 3)},
			Text: Text{
				ZH: fmt.Sprintf("评估结果于%s出具，有效期3年，自出具之日起计算，计算至%s（计算所得；以评估结果通知书载明的日期为准）。", iso(date), iso(vu)),
				EN: fmt.Sprintf("The result was issued on %s and is valid for 3 years from its issue: computed to end on %s (the date printed on the result notice prevails).", iso(date), iso(vu)),
			},
		}
	default:
		d = Deadline{
			Citation:     "sa-measures-2022 art.14",
			ComputedFrom: map[string]string{"date": iso(date), "period": fmt.Sprintf(periodYears, 2)},
			Text: Text{
				ZH: fmt.Sprintf("评估结果于%s出具，早于2024年3月22日，按出具时的2年有效期计算至%s（计算所得；以评估结果通知书载明的日期为准）。", iso(date), iso(vu)),
				EN: fmt.Sprintf("The result was issued on %s, before 2024-03-22; computed with the 2-year validity it was issued with, it ends on %s (the date printed on the result notice prevails).", iso(date), iso(vu)),
			},
		}
		c.note(Note{
			ID: "sa-result-before-2024", Citations: []string{"sa-measures-2022 art.14", "provisions-2024 art.9", "cac-qa-2024 q.14"},
			Text: Text{
				ZH: "2024年3月22日前通过的评估结果按出具时的2年有效期计算。《促进和规范数据跨境流动规定》将有效期延长为3年，但未见国家网信办文件明确此前的结果是否随之变为3年（答记者问第14问仅称可以根据申报事项继续开展）。请以评估结果通知书为准。",
				EN: "Results issued before 2024-03-22 are computed with the 2-year validity they were issued with. The 2024 Provisions made results valid for 3 years, but no CAC text settles whether earlier results became 3 years (the CAC's 2024 Q&A, question 14, says only that such exports may continue as declared). The result notice decides.",
			},
		})
	}
	d.Filing, d.Kind, d.Date, d.Status, d.Computed = f.ID, deadlineValidUntil, iso(vu), status, computed
	c.deadlines = append(c.deadlines, d)
	c.holidayNote(vu)

	if !from2024 {
		return
	}
	opens, ok := c.workingDays(f, deadlineExtensionOpens, vu, -60)
	if !ok {
		return
	}
	st := statusNotOpen
	switch {
	case c.asOf.After(vu):
		st = statusClosed
	case !c.asOf.Before(opens):
		st = statusOpen
	}
	c.deadlines = append(c.deadlines, Deadline{
		Filing: f.ID, Kind: deadlineExtensionOpens, Date: iso(opens), Status: st,
		Citation: "provisions-2024 art.9", Computed: true,
		ComputedFrom: map[string]string{"valid_until": iso(vu), "period": fmt.Sprintf(periodWorkingDays, 60) + " before"},
		Text: Text{
			ZH: fmt.Sprintf("需要继续出境且未发生需重新申报情形的，可以在有效期届满前60个工作日内申请延长有效期3年：自%s起（有效期最后一日%s前第60个工作日，不含最后一日）至%s可以申请，须同时符合申报指南（第三版）的六项条件。", iso(opens), iso(vu), iso(vu)),
			EN: fmt.Sprintf("To continue the export with nothing requiring a new declaration, an extension of 3 years may be applied for within the 60 working days before expiry: from %s (the 60th working day before the last day of validity, %s, that day not counted) to %s, meeting all six conditions of the filing guide, 3rd edition.", iso(opens), iso(vu), iso(vu)),
		},
		Checklist: extensionChecklist[:],
	})
}

// validity returns the last day of validity of filing i: the printed
// valid_until, else the issue date plus 3 years (2 for a security assessment
// issued before 2024-03-22). computed is false for a printed date.
func (c *deadlineRun) validity(i int, f *Filing, date time.Time, threeYears bool) (vu time.Time, computed, ok bool) {
	if c.vuPointer == nil {
		c.vuPointer = map[string]string{}
	}
	if f.ValidUntil != nil && *f.ValidUntil != "" {
		v, err := calendar.ParseDate(*f.ValidUntil)
		if err != nil {
			c.missing = append(c.missing, NoDeadline{
				Filing: f.ID, Kind: deadlineValidUntil,
				Reason: Text{ZH: fmt.Sprintf("证载有效期“%s”不是有效日期。", *f.ValidUntil), EN: fmt.Sprintf("The printed valid_until %q is not a valid date.", *f.ValidUntil)},
				Settle: Text{ZH: "填写证载有效期届满日。", EN: "Give the expiry printed on the document."},
			})
			return time.Time{}, false, false
		}
		c.validUntil[f.ID], c.vuPointer[f.ID] = v, filingPointer(i, "valid_until")
		return v, false, true
	}
	years := 3
	if !threeYears {
		years = 2
	}
	v := calendar.AddYears(date, years)
	c.validUntil[f.ID], c.vuPointer[f.ID] = v, filingPointer(i, "date")
	return v, true, true
}

// holidayNote adds the Civil Code art. 203 note where a last day of
// validity is not a working day.
func (c *deadlineRun) holidayNote(vu time.Time) {
	if work, err := c.cal.IsWorkingDay(vu); err != nil || work {
		return
	}
	c.note(Note{
		ID: "validity-end-on-holiday", Citations: []string{"civil-code art.203"},
		Text: Text{
			ZH: "有效期最后一日为休息日或法定节假日的，本结果不予顺延：《民法典》第二百零三条关于期间最后一日为法定休假日时顺延至休假日结束次日的规定，是否适用于行政许可、评估结果或认证证书的有效期尚无定论。请以有关部门的意见为准，并在该日之前办妥。",
			EN: "Where the last day of validity is a rest day or a holiday it is not moved here: whether Civil Code art. 203 (a period ending on a statutory holiday ends on the day after the holiday) applies to the validity of an assessment result or certificate is not settled. Ask the authority, and act before that day.",
		},
	})
}

func (c *deadlineRun) declaration(i int, f *Filing) {
	if f.Declared == nil || f.Declared.Submitted == "" {
		return
	}
	sub, err := calendar.ParseDate(f.Declared.Submitted)
	if err != nil {
		return // the schema requires a date; nothing sensible to add
	}
	var acc time.Time
	accepted := false
	if f.Declared.Accepted != "" {
		if a, err := calendar.ParseDate(f.Declared.Accepted); err == nil {
			acc, accepted = a, true
		}
	}
	status := func(due time.Time) string {
		if accepted {
			return statusDone
		}
		return c.pendingOrOverdue(due)
	}
	if due, ok := c.workingDays(f, deadlineCompletenessCheck, sub, 5); ok {
		c.deadlines = append(c.deadlines, Deadline{
			Filing: f.ID, Kind: deadlineCompletenessCheck, Date: iso(due), Status: status(due),
			Citation: "sa-measures-2022 art.7", Computed: true,
			ComputedFrom: map[string]string{"date": iso(sub), "period": fmt.Sprintf(periodWorkingDays, 5)},
			Text: Text{
				ZH: fmt.Sprintf("省级网信部门应当自%s收到申报材料之日起5个工作日内完成完备性查验，即不晚于%s。", iso(sub), iso(due)),
				EN: fmt.Sprintf("The provincial cyberspace office checks the declaration received on %s for completeness within 5 working days, by %s.", iso(sub), iso(due)),
			},
		})
	}
	if due, ok := c.workingDays(f, deadlineAcceptance, sub, 7); ok {
		c.deadlines = append(c.deadlines, Deadline{
			Filing: f.ID, Kind: deadlineAcceptance, Date: iso(due), Status: status(due),
			Citation: "sa-measures-2022 art.7", Computed: true,
			ComputedFrom: map[string]string{"date": iso(sub), "period": fmt.Sprintf(periodWorkingDays, 7)},
			Text: Text{
				ZH: fmt.Sprintf("国家网信部门应当自收到申报材料之日起7个工作日内确定是否受理并书面通知；自省级网信部门%s收到材料起算，为%s。国家网信部门收到材料之日可能晚于该日，见说明。", iso(sub), iso(due)),
				EN: fmt.Sprintf("The CAC decides whether to accept a declaration, and says so in writing, within 7 working days of receiving it; counted from the provincial office's receipt on %s, that is %s. The CAC's own receipt may be later: see the note.", iso(sub), iso(due)),
			},
		})
	}
	c.note(Note{
		ID: "acceptance-counted-from-provincial-receipt", Citations: []string{"sa-measures-2022 art.7"},
		Text: Text{
			ZH: "《数据出境安全评估办法》第七条规定国家网信部门自其收到申报材料之日起7个工作日内确定是否受理；材料须先经省级网信部门5个工作日内的完备性查验后报送。本结果自省级网信部门收到材料之日起算，是最早可能的期限；国家网信部门的期限最迟可在省级收到材料后第12个工作日届满。",
			EN: "sa-measures-2022 art.7 gives the CAC 7 working days from its own receipt of the declaration, which reaches it only after the provincial office's completeness check (up to 5 working days). acceptance_due is counted from the provincial office's receipt, so it is the earliest possible date; the CAC's period may end as late as the 12th working day after that receipt.",
		},
	})
	if !accepted {
		return
	}
	if due, ok := c.workingDays(f, deadlineAssessment, acc, 45); ok {
		c.deadlines = append(c.deadlines, Deadline{
			Filing: f.ID, Kind: deadlineAssessment, Date: iso(due), Status: c.pendingOrOverdue(due),
			Citation: "sa-measures-2022 art.12", Computed: true,
			ComputedFrom: map[string]string{"date": iso(acc), "period": fmt.Sprintf(periodWorkingDays, 45)},
			Text: Text{
				ZH: fmt.Sprintf("国家网信部门应当自%s发出书面受理通知书之日起45个工作日内完成评估，即不晚于%s；情况复杂或者需要补充、更正材料的，可以适当延长并告知预计延长的时间。", iso(acc), iso(due)),
				EN: fmt.Sprintf("The CAC completes the assessment within 45 working days of the acceptance notice of %s, by %s; it may extend the period, saying for how long, where the case is complex or materials must be supplemented or corrected.", iso(acc), iso(due)),
			},
		})
	}
}

func (c *deadlineRun) certification(i int, f *Filing, date time.Time) {
	vu, computed, ok := c.validity(i, f, date, true)
	if !ok {
		return
	}
	status := statusInForce
	if c.asOf.After(vu) {
		status = statusExpired
	}
	d := Deadline{
		Filing: f.ID, Kind: deadlineValidUntil, Date: iso(vu), Status: status,
		Citation: "cert-measures-2025 art.8", Computed: computed,
		ComputedFrom: map[string]string{"date": iso(date), "period": fmt.Sprintf(periodYears, 3)},
		Text: Text{
			ZH: fmt.Sprintf("认证证书于%s颁发，有效期3年，计算至%s（计算所得；以证书载明的日期为准）。", iso(date), iso(vu)),
			EN: fmt.Sprintf("The certificate was issued on %s and is valid for 3 years: computed to end on %s (the date printed on the certificate prevails).", iso(date), iso(vu)),
		},
	}
	if !computed {
		d.ComputedFrom = map[string]string{"valid_until": iso(vu), "source": "printed on the certificate"}
		d.Text = Text{
			ZH: fmt.Sprintf("证书载明有效期至%s（以证载日期为准）。", iso(vu)),
			EN: fmt.Sprintf("The certificate states it is valid until %s (the printed date is used).", iso(vu)),
		}
	}
	c.deadlines = append(c.deadlines, d)
	c.holidayNote(vu)

	by := calendar.AddMonths(vu, -6)
	c.deadlines = append(c.deadlines, Deadline{
		Filing: f.ID, Kind: deadlineRecertifyBy, Date: iso(by), Status: c.pendingOrOverdue(by),
		Citation: "cert-measures-2025 art.8", Computed: true,
		ComputedFrom: map[string]string{"valid_until": iso(vu), "period": fmt.Sprintf(periodMonths, 6) + " before"},
		Text: Text{
			ZH: fmt.Sprintf("证书到期需继续使用的，应当在有效期届满前6个月提出认证申请：有效期最后一日为%s，最迟于%s提出。", iso(vu), iso(by)),
			EN: fmt.Sprintf("To keep using the certificate, apply for certification 6 months before expiry: the last day of validity is %s, so apply by %s.", iso(vu), iso(by)),
		},
	})
}

func (c *deadlineRun) records(f *Filing, date time.Time) {
	until := calendar.AddYears(date, 3)
	status := statusPending
	if c.asOf.After(until) {
		status = statusDone
	}
	c.deadlines = append(c.deadlines, Deadline{
		Filing: f.ID, Kind: deadlineRecordsUntil, Date: iso(until), Status: status,
		Citation: "pipl art.56", Computed: true,
		ComputedFrom: map[string]string{"date": iso(date), "period": fmt.Sprintf(periodYears, 3)},
		Text: Text{
			ZH: fmt.Sprintf("个人信息保护影响评估报告和处理情况记录应当至少保存3年：该报告在%s之前作出，至少保存至%s；此后每次出境的处理记录自该次出境起另计3年。", iso(date), iso(until)),
			EN: fmt.Sprintf("The personal information protection impact assessment report and the processing records must be kept at least 3 years: the report, made before %s, at least until %s; the records of each later transfer for 3 years from that transfer.", iso(date), iso(until)),
		},
	})
}

func mustDate(s string) time.Time {
	t, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// scope compares each transfer with the scope of the filing it names.
func (c *deadlineRun) scope() {
	index := map[string]int{}
	for i, f := range c.req.Processor.Filings {
		if _, dup := index[f.ID]; !dup {
			index[f.ID] = i
		}
	}
	type running struct {
		individuals, sensitive int64
		facts, sfacts          []string
	}
	sums := map[string]*running{}
	for ti, t := range c.req.Transfers {
		if t.Filing == nil {
			continue
		}
		fi, ok := index[*t.Filing]
		if !ok {
			continue // unknown filing id: a request error the caller reports
		}
		f := &c.req.Processor.Filings[fi]
		tp := "/transfers/" + strconv.Itoa(ti)
		action, citation, other := c.scopeAction(f)
		if other == "" {
			continue
		}
		add := func(change, act string, facts []string, zh, en string) {
			c.changes = append(c.changes, ScopeChange{
				Transfer: t.ID, Filing: f.ID, Change: change, Action: act, Citation: citation,
				Text: Text{ZH: zh, EN: en}, Facts: append([]string{tp + "/filing"}, facts...),
			})
		}
		newContract := action
		if action == actionRefile {
			newContract = actionNewContract
		}

		if vu, ok := c.validUntil[f.ID]; ok && (f.Kind == filingSecurityAssessment || f.Kind == filingCertification) && c.asOf.After(vu) {
			add(changeExpired, action, []string{c.vuPointer[f.ID]},
				fmt.Sprintf("所依据的%s已于%s届满，不再覆盖任何出境活动；继续出境须%s。", other, iso(vu), actionZH(action)),
				fmt.Sprintf("The %s this transfer relies on expired on %s and covers nothing; to continue, %s.", kindEN(f.Kind), iso(vu), actionEN(action)))
			continue
		}
		s := f.Scope
		if s == nil {
			continue
		}
		fp := filingPointer(fi, "scope")
		if t.Recipient != nil && strings.TrimSpace(t.Recipient.Name) != "" && len(s.Recipients) > 0 && !containsFold(s.Recipients, t.Recipient.Name) {
			add(changeNewRecipient, newContract, []string{tp + "/recipient/name", fp + "/recipients"},
				fmt.Sprintf("接收方“%s”不在%s覆盖的接收方之列；须%s。", t.Recipient.Name, other, actionZH(newContract)),
				fmt.Sprintf("The recipient %q is not among the recipients the %s covers; %s.", t.Recipient.Name, kindEN(f.Kind), actionEN(newContract)))
		}
		if len(s.DataCategories) > 0 {
			var facts, names []string
			for ci, cat := range t.DataCategories {
				if strings.TrimSpace(cat) != "" && !containsFold(s.DataCategories, cat) {
					facts = append(facts, tp+"/data_categories/"+strconv.Itoa(ci))
					names = append(names, cat)
				}
			}
			if len(facts) > 0 {
				add(changeNewDataCategory, action, append(facts, fp+"/data_categories"),
					fmt.Sprintf("数据类别“%s”不在%s覆盖的范围内；须%s。", strings.Join(names, "”“"), other, actionZH(action)),
					fmt.Sprintf("The data categories %q are outside the %s's scope; %s.", names, kindEN(f.Kind), actionEN(action)))
			}
		}
		r := sums[f.ID]
		if r == nil {
			r = &running{}
			sums[f.ID] = r
		}
		if pi := t.PersonalInformation; pi != nil {
			if pi.Individuals != nil && *pi.Individuals > 0 {
				r.individuals += *pi.Individuals
				r.facts = append(r.facts, tp+"/personal_information/individuals")
				if s.Individuals != nil && r.individuals > *s.Individuals {
					add(changeMoreIndividuals, action, append(append([]string{}, r.facts...), fp+"/individuals"),
						fmt.Sprintf("依据该%s的出境活动合计涉及%d人的个人信息（不含敏感个人信息），超过覆盖的%d人；须%s。", other, r.individuals, *s.Individuals, actionZH(action)),
						fmt.Sprintf("The transfers relying on this %s together cover %d individuals (non-sensitive PI), more than the %d covered; %s.", kindEN(f.Kind), r.individuals, *s.Individuals, actionEN(action)))
				}
			}
			if pi.SensitiveIndividuals != nil && *pi.SensitiveIndividuals > 0 {
				r.sensitive += *pi.SensitiveIndividuals
				r.sfacts = append(r.sfacts, tp+"/personal_information/sensitive_individuals")
				if s.SensitiveIndividuals != nil && r.sensitive > *s.SensitiveIndividuals {
					add(changeMoreSensitive, action, append(append([]string{}, r.sfacts...), fp+"/sensitive_individuals"),
						fmt.Sprintf("依据该%s的出境活动合计涉及%d人的敏感个人信息，超过覆盖的%d人；须%s。", other, r.sensitive, *s.SensitiveIndividuals, actionZH(action)),
						fmt.Sprintf("The transfers relying on this %s together cover %d individuals' sensitive PI, more than the %d covered; %s.", kindEN(f.Kind), r.sensitive, *s.SensitiveIndividuals, actionEN(action)))
				}
			}
		}
		if strings.TrimSpace(t.Purpose) != "" && strings.TrimSpace(s.Purpose) != "" && !strings.EqualFold(strings.TrimSpace(t.Purpose), strings.TrimSpace(s.Purpose)) {
			add(changeDifferentPurpose, action, []string{tp + "/purpose", fp + "/purpose"},
				fmt.Sprintf("出境目的“%s”不同于%s载明的目的“%s”；须%s。", t.Purpose, other, s.Purpose, actionZH(action)),
				fmt.Sprintf("The purpose %q differs from the purpose %q of the %s; %s.", t.Purpose, s.Purpose, kindEN(f.Kind), actionEN(action)))
		}
	}
}

// scopeAction gives the action and citation for a change under filing f,
// and the filing's name in Chinese ("" for an unknown kind).
func (c *deadlineRun) scopeAction(f *Filing) (action, citation, nameZH string) {
	switch f.Kind {
	case filingSecurityAssessment:
		return actionRedeclare, "sa-measures-2022 art.14", "安全评估结果"
	case filingCertification:
		return actionRecertify, "cert-measures-2025 art.10", "认证证书"
	case filingStandardContract:
		return actionRefile, "scc-measures-2023 art.8", "标准合同"
	case filingGBAContract:
		return actionRefile, c.gbaCitation(f), "大湾区标准合同"
	}
	return "", "", ""
}

func kindEN(kind string) string {
	switch kind {
	case filingSecurityAssessment:
		return "security assessment result"
	case filingCertification:
		return "certificate"
	case filingGBAContract:
		return "Greater Bay Area standard contract"
	}
	return "standard contract"
}

func actionZH(a string) string {
	switch a {
	case actionRedeclare:
		return "重新申报数据出境安全评估"
	case actionRecertify:
		return "重新申请个人信息出境认证"
	case actionNewContract:
		return "与该接收方另行订立标准合同并备案"
	}
	return "补充或者重新订立标准合同并重新备案"
}

func actionEN(a string) string {
	switch a {
	case actionRedeclare:
		return "declare a new security assessment"
	case actionRecertify:
		return "apply for certification again"
	case actionNewContract:
		return "sign a new standard contract with that recipient and file it"
	}
	return "supplement or re-sign the standard contract and file it again"
}

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}
