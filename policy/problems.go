package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a request: where (a JSON pointer), a
// stable code, and a message in Chinese and English
// (schemas/error.schema.json).
type Problem struct {
	Pointer string `json:"pointer"`
	Code    string `json:"code"`
	Message Text   `json:"message"`
}

// ErrorDoc is the document returned instead of a decision when a request
// cannot be evaluated.
type ErrorDoc struct {
	Kind   string    `json:"kind"`
	Errors []Problem `json:"errors"`
}

// Error makes a list of problems an error value.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var parts []string
	for _, p := range e.Problems {
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", displayPointer(p.Pointer), p.Message.EN, p.Code))
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

func displayPointer(p string) string {
	if p == "" {
		return "(request)"
	}
	return p
}

// Stable error codes (the enum in schemas/error.schema.json).
const (
	CodeEmpty            = "empty"
	CodeTooLarge         = "too_large"
	CodeInvalidUTF8      = "invalid_utf8"
	CodeSyntax           = "syntax"
	CodeTooDeep          = "too_deep"
	CodeDuplicateKey     = "duplicate_key"
	CodeNumberTooLarge   = "number_too_large"
	CodeTrailingData     = "trailing_data"
	CodeType             = "type"
	CodeRequired         = "required"
	CodeUnknownProperty  = "unknown_property"
	CodeEnum             = "enum"
	CodeConst            = "const"
	CodeMinimum          = "minimum"
	CodeMaximum          = "maximum"
	CodeNotInteger       = "not_integer"
	CodePattern          = "pattern"
	CodeFormat           = "format"
	CodeTooLong          = "too_long"
	CodeTooShort         = "too_short"
	CodeTooMany          = "too_many"
	CodeTooFew           = "too_few"
	CodeDuplicateID      = "duplicate_id"
	CodeUnknownReference = "unknown_reference"
	CodeDateOutOfRange   = "date_out_of_range"
	CodeInvalid          = "invalid"
	CodeInternal         = "internal"
)

// messages holds the zh/en templates of each code; %v verbs take the
// arguments given to problem.
var messages = map[string]Text{
	CodeEmpty:            {ZH: "请求为空。", EN: "The request is empty."},
	CodeTooLarge:         {ZH: "请求有 %v 字节，超过上限 %v 字节。", EN: "The request has %v bytes, over the limit of %v bytes."},
	CodeInvalidUTF8:      {ZH: "请求不是有效的 UTF-8 文本（第 %v 字节）。", EN: "The request is not valid UTF-8 (byte %v)."},
	CodeSyntax:           {ZH: "JSON 语法错误，位于第 %v 处（行:列）：%v。", EN: "JSON syntax error at %v (line:column): %v."},
	CodeTooDeep:          {ZH: "嵌套层级超过 %v 层。", EN: "Nesting is deeper than %v levels."},
	CodeDuplicateKey:     {ZH: "字段“%v”重复出现。", EN: "The key %q appears twice."},
	CodeNumberTooLarge:   {ZH: "数字 %v 超出可精确表示的范围（±2^53-1）。", EN: "The number %v is beyond the range every host reads exactly (±2^53-1)."},
	CodeTrailingData:     {ZH: "JSON 文档结束后还有多余内容（%v）。", EN: "There is more data after the JSON document (%v)."},
	CodeType:             {ZH: "“%v”的类型应为%v。", EN: "%v must be %v."},
	CodeRequired:         {ZH: "缺少必填项“%v”。", EN: "%v is required."},
	CodeUnknownProperty:  {ZH: "不认识的字段“%v”。", EN: "Unknown property %q."},
	CodeEnum:             {ZH: "“%v”的取值无效，应为以下之一：%v。", EN: "%v must be one of: %v."},
	CodeConst:            {ZH: "“%v”的取值应为 %v。", EN: "%v must be %v."},
	CodeMinimum:          {ZH: "“%v”不得小于 %v。", EN: "%v must be at least %v."},
	CodeMaximum:          {ZH: "“%v”不得大于 %v。", EN: "%v must be at most %v."},
	CodeNotInteger:       {ZH: "“%v”应为整数。", EN: "%v must be a whole number."},
	CodePattern:          {ZH: "“%v”的格式无效。", EN: "%v has an invalid format."},
	CodeFormat:           {ZH: "“%v”不是有效的%v。", EN: "%v is not a valid %v."},
	CodeTooLong:          {ZH: "“%v”过长（最多 %v 个字符）。", EN: "%v is too long (at most %v characters)."},
	CodeTooShort:         {ZH: "“%v”过短（至少 %v 个字符）。", EN: "%v is too short (at least %v characters)."},
	CodeTooMany:          {ZH: "“%v”的条目过多（最多 %v 项）。", EN: "%v has too many items (at most %v)."},
	CodeTooFew:           {ZH: "“%v”的条目过少（至少 %v 项）。", EN: "%v has too few items (at least %v)."},
	CodeDuplicateID:      {ZH: "编号“%v”重复，已在 %v 使用。", EN: "The id %q is used twice; first at %v."},
	CodeUnknownReference: {ZH: "引用的“%v”不存在。", EN: "%q refers to nothing in the request."},
	CodeDateOutOfRange:   {ZH: "日期 %v 不在任何规则集的有效期内（最早 %v）。", EN: "The date %v is outside every rule set (the earliest begins %v)."},
	CodeInvalid:          {ZH: "“%v”无效：%v", EN: "%v is invalid: %v"},
	CodeInternal:         {ZH: "内部错误：%v", EN: "Internal error: %v"},
}

// problem builds a Problem from a code and its message arguments. Text
// arguments may be given as Text to use the matching language.
func problem(ptr, code string, args ...any) Problem {
	m := messages[code]
	return Problem{Pointer: ptr, Code: code, Message: Text{
		ZH: fmt.Sprintf(m.ZH, pick(args, true)...),
		EN: fmt.Sprintf(m.EN, pick(args, false)...),
	}}
}

func pick(args []any, zh bool) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(Text); ok {
			if zh {
				out[i] = t.ZH
			} else {
				out[i] = t.EN
			}
			continue
		}
		out[i] = a
	}
	return out
}

// sortProblems orders problems by pointer, array indexes compared as
// numbers, so that they read in document order.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		return pointerLess(ps[i].Pointer, ps[j].Pointer)
	})
}

func pointerLess(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for k := 0; k < len(as) && k < len(bs); k++ {
		if as[k] == bs[k] {
			continue
		}
		ai, aerr := strconv.Atoi(as[k])
		bi, berr := strconv.Atoi(bs[k])
		if aerr == nil && berr == nil {
			return ai < bi
		}
		return as[k] < bs[k]
	}
	return len(as) < len(bs)
}
