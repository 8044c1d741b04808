// Package report renders a decision as plain text for a terminal, in
// Chinese or English.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/chujing/chujing/policy"
)

// Lang picks the language of a report.
type Lang string

// Languages a report can be written in.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

func (l Lang) pick(t policy.Text) string {
	if l == ZH {
		return t.ZH
	}
	return t.EN
}

func (l Lang) say(zh, en string) string {
	if l == ZH {
		return zh
	}
	return en
}

var routeNames = map[string]policy.Text{
	policy.RouteNone:               {ZH: "无需办理出境程序", EN: "no procedure"},
	policy.RouteContractOrCertify:  {ZH: "订立标准合同或通过个人信息保护认证", EN: "standard contract or certification"},
	policy.RouteSecurityAssessment: {ZH: "申报数据出境安全评估", EN: "CAC security assessment"},
}

// RouteName is the plain name of a route in a language.
func RouteName(route string, l Lang) string { return l.pick(routeNames[route]) }

// Decision writes a readable report of a decision.
func Decision(w io.Writer, d *policy.Decision, l Lang) {
	fmt.Fprintf(w, "%s: %s\n", l.say("结论", "Route"), RouteName(d.Route, l))
	if d.Provisional {
		fmt.Fprintf(w, "%s\n", l.say("（暂定：以下事实未知，已按从严方式假定）", "(provisional: the facts below are unknown and were assumed the strict way)"))
	}
	fmt.Fprintf(w, "%s: %s (%s %s)\n", l.say("适用规则", "Rules applied"), l.pick(d.RuleSet.Title), l.say("适用日期", "as of"), d.AsOf)
	if d.Counted.Individuals != nil {
		fmt.Fprintf(w, "%s: %d / %d\n", l.say("计入累计数量的个人（一般/敏感）", "Individuals counted (non-sensitive/sensitive)"), *d.Counted.Individuals, *d.Counted.SensitiveIndividuals)
	}
	section(w, l.say("出境活动", "Transfers"))
	for _, t := range d.Transfers {
		fmt.Fprintf(w, "  %-12s %s  [%s]\n", t.ID, RouteName(t.Route, l), strings.Join(t.Basis, "; "))
	}
	section(w, l.say("理由", "Reasons"))
	for _, r := range d.Reasons {
		fmt.Fprintf(w, "  %s (%s)\n    %s\n", r.Citation, strings.Join(r.Transfers, ", "), l.pick(r.Summary))
	}
	if len(d.Missing) > 0 {
		section(w, l.say("需要补充的事实", "Missing facts"))
		for _, m := range d.Missing {
			fmt.Fprintf(w, "  %s\n    %s (%s: %v)\n", m.Field, l.pick(m.Question), l.say("假定", "assumed"), m.Assumed)
		}
	}
	section(w, l.say("义务", "Obligations"))
	for _, o := range d.Obligations {
		fmt.Fprintf(w, "  [%s] %s (%s)\n", strings.Join(o.Citations, "; "), l.pick(o.Summary), strings.Join(o.Transfers, ", "))
	}
	if len(d.Notes) > 0 {
		section(w, l.say("说明", "Notes"))
		for _, n := range d.Notes {
			fmt.Fprintf(w, "  [%s] %s\n", strings.Join(n.Citations, "; "), l.pick(n.Text))
		}
	}
	if len(d.Deadlines) > 0 || len(d.NoDeadline) > 0 {
		section(w, l.say("期限", "Deadlines"))
		for _, dl := range d.Deadlines {
			fmt.Fprintf(w, "  %s  %-24s %-10s %s [%s]\n", dl.Date, dl.Kind, dl.Status, dl.Filing, dl.Citation)
		}
		for _, n := range d.NoDeadline {
			fmt.Fprintf(w, "  %s %s: %s %s\n", n.Filing, n.Kind, l.pick(n.Reason), l.pick(n.Settle))
		}
	}
	if len(d.ScopeChanges) > 0 {
		section(w, l.say("超出备案或批准范围", "Outside the scope of approvals"))
		for _, s := range d.ScopeChanges {
			fmt.Fprintf(w, "  %s → %s: %s [%s]\n", s.Transfer, s.Filing, l.pick(s.Text), s.Citation)
		}
	}
	if len(d.Zones) > 0 {
		section(w, l.say("自贸试验区清单和区域合同", "Zone lists and regional contracts"))
		for _, z := range d.Zones {
			fmt.Fprintf(w, "  %s: %s\n", z.Key, l.pick(z.Text))
		}
	}
}

// Problems writes the problems of a rejected request, one a line.
func Problems(w io.Writer, ps []policy.Problem, l Lang) {
	fmt.Fprintln(w, l.say("请求无效：", "Invalid request:"))
	for _, p := range ps {
		ptr := p.Pointer
		if ptr == "" {
			ptr = "(" + l.say("整个请求", "request") + ")"
		}
		fmt.Fprintf(w, "  %s: %s [%s]\n", ptr, l.pick(p.Message), p.Code)
	}
}

func section(w io.Writer, title string) { fmt.Fprintf(w, "\n%s\n", title) }
