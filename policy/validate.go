package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/chujing/chujing/schemas"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// requestSchema is the compiled request schema with its raw JSON, used to
// word messages from the schema's own titles and enums.
type compiledSchema struct {
	id     string
	schema *jsonschema.Schema
	raw    map[string]any
}

// requestSchema compiles the request schema on first use, so that a
// module instance starts (and a page can draw its form) before it.
var requestSchema = sync.OnceValue(func() *compiledSchema { return mustCompile("request") })

func mustCompile(name string) *compiledSchema {
	c, err := compileSchema(name)
	if err != nil {
		panic(err)
	}
	return c
}

func compileSchema(name string) (*compiledSchema, error) {
	b, ok := schemas.Get(name)
	if !ok {
		return nil, fmt.Errorf("no schema %q", name)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	id, _ := raw["$id"].(string)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(id, bytes.NewReader(b)); err != nil {
		return nil, err
	}
	s, err := c.Compile(id)
	if err != nil {
		return nil, err
	}
	return &compiledSchema{id: id, schema: s, raw: raw}, nil
}

// Validate checks a request document without evaluating it. It returns nil
// or an *Error listing every problem found.
func Validate(b []byte) error {
	_, err := decodeRequest(b)
	return err
}

// decodeRequest parses, validates and decodes a request, returning every
// problem found as an *Error.
func decodeRequest(b []byte) (*Request, error) {
	tree, probs := parseTree(b)
	if probs != nil {
		return nil, &Error{probs}
	}
	probs = append(probs, integerProblems(tree, "")...)
	probs = append(probs, refsOfTree(tree).check()...)
	probs = append(probs, requestSchema().problems(tree, probs)...)
	if len(probs) > 0 {
		sortProblems(probs)
		return nil, &Error{probs}
	}
	return requestFromTree(tree), nil
}

// integerProblems flags numbers written with a fraction or an exponent:
// every number in a request is a whole number, and 1.0 would otherwise be
// changed silently to 1.
func integerProblems(v any, ptr string) []Problem {
	switch t := v.(type) {
	case map[string]any:
		var out []Problem
		for k, c := range t {
			out = append(out, integerProblems(c, ptr+"/"+escapePointer(k))...)
		}
		return out
	case []any:
		var out []Problem
		for i, c := range t {
			out = append(out, integerProblems(c, ptr+"/"+strconv.Itoa(i))...)
		}
		return out
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return []Problem{problem(ptr, CodeNotInteger, Text{ZH: ptr, EN: ptr})}
		}
	}
	return nil
}

// problems validates a parsed document against the schema. Locations that
// already have a problem are not reported twice.
func (c *compiledSchema) problems(tree any, known []Problem) []Problem {
	err := c.schema.Validate(tree)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{problem("", CodeInternal, err.Error())}
	}
	seen := map[string]bool{}
	for _, p := range known {
		seen[p.Pointer] = true
	}
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, ch := range e.Causes {
				walk(ch)
			}
			return
		}
		for _, p := range c.describe(tree, e) {
			key := p.Pointer + " " + p.Code
			if seen[p.Pointer] || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, p)
		}
	}
	walk(ve)
	return out
}

// describe turns one leaf validation error into problems worded from the
// schema: the field's title, its enum, its limits.
func (c *compiledSchema) describe(tree any, e *jsonschema.ValidationError) []Problem {
	kwPath := strings.Split(e.KeywordLocation, "/")
	keyword := kwPath[len(kwPath)-1]
	node := c.resolve(e.AbsoluteKeywordLocation)
	label := c.label(e.KeywordLocation, e.InstanceLocation)
	ptr := e.InstanceLocation
	switch keyword {
	case "required":
		obj, _ := lookup(tree, ptr).(map[string]any)
		var out []Problem
		for _, name := range stringList(node["required"]) {
			if _, ok := obj[name]; !ok {
				child := ptr + "/" + escapePointer(name)
				out = append(out, problem(child, CodeRequired, c.propertyLabel(node, name, child)))
			}
		}
		return out
	case "additionalProperties":
		obj, _ := lookup(tree, ptr).(map[string]any)
		props, _ := node["properties"].(map[string]any)
		var names []string
		for name := range obj {
			if _, ok := props[name]; !ok {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		var out []Problem
		for _, name := range names {
			out = append(out, problem(ptr+"/"+escapePointer(name), CodeUnknownProperty, name))
		}
		return out
	case "type":
		if n, ok := lookup(tree, ptr).(json.Number); ok && contains(stringList(node["type"]), "integer") {
			_ = n
			return []Problem{problem(ptr, CodeNotInteger, label)}
		}
		return []Problem{problem(ptr, CodeType, label, typeNames(node["type"]))}
	case "enum":
		return []Problem{problem(ptr, CodeEnum, label, enumList(node["enum"]))}
	case "const":
		v, _ := json.Marshal(node["const"])
		return []Problem{problem(ptr, CodeConst, label, string(v))}
	case "minimum":
		return []Problem{problem(ptr, CodeMinimum, label, node["minimum"])}
	case "maximum":
		return []Problem{problem(ptr, CodeMaximum, label, node["maximum"])}
	case "pattern":
		return []Problem{problem(ptr, CodePattern, label)}
	case "format":
		return []Problem{problem(ptr, CodeFormat, label, formatName(node["format"]))}
	case "maxLength":
		return []Problem{problem(ptr, CodeTooLong, label, node["maxLength"])}
	case "minLength":
		return []Problem{problem(ptr, CodeTooShort, label, node["minLength"])}
	case "maxItems":
		return []Problem{problem(ptr, CodeTooMany, label, node["maxItems"])}
	case "minItems":
		return []Problem{problem(ptr, CodeTooFew, label, node["minItems"])}
	}
	return []Problem{problem(ptr, CodeInvalid, label, e.Message)}
}

// resolve returns the schema object holding the keyword at an absolute
// keyword location ("<id>#/$defs/x/enum" → the object at /$defs/x).
func (c *compiledSchema) resolve(abs string) map[string]any {
	frag := abs
	if i := strings.IndexByte(abs, '#'); i >= 0 {
		frag = abs[i+1:]
	}
	segs := strings.Split(frag, "/")
	if len(segs) > 0 {
		segs = segs[:len(segs)-1] // drop the keyword
	}
	node, _ := lookupSegments(c.raw, segs).(map[string]any)
	return node
}

// label finds the title of the field an error concerns by walking the
// keyword location through the schema; a property's own title wins over
// the title of the definition it refers to.
func (c *compiledSchema) label(kwLoc, instance string) Text {
	segs := strings.Split(strings.TrimPrefix(kwLoc, "/"), "/")
	if len(segs) > 0 {
		segs = segs[:len(segs)-1]
	}
	var node any = c.raw
	label := Text{}
	viaRef := false
	for _, s := range segs {
		if s == "" {
			continue
		}
		m, _ := node.(map[string]any)
		if s == "$ref" {
			ref, _ := m["$ref"].(string)
			node = lookupSegments(c.raw, strings.Split(strings.TrimPrefix(ref, "#"), "/"))
			viaRef = true
		} else {
			node = lookupSegments(node, []string{unescapePointer(s)})
			viaRef = false
		}
		if t, ok := titleOf(node); ok && (!viaRef || label.EN == "") {
			label = t
		}
	}
	if label.EN == "" {
		return Text{ZH: instance, EN: instance}
	}
	return label
}

func (c *compiledSchema) propertyLabel(node map[string]any, name, ptr string) Text {
	props, _ := node["properties"].(map[string]any)
	prop := props[name]
	if t, ok := titleOf(prop); ok {
		return t
	}
	if m, ok := prop.(map[string]any); ok {
		if ref, ok := m["$ref"].(string); ok {
			if t, ok := titleOf(lookupSegments(c.raw, strings.Split(strings.TrimPrefix(ref, "#"), "/"))); ok {
				return t
			}
		}
	}
	return Text{ZH: name, EN: name}
}

func titleOf(node any) (Text, bool) {
	m, ok := node.(map[string]any)
	if !ok {
		return Text{}, false
	}
	en, _ := m["title"].(string)
	if en == "" {
		return Text{}, false
	}
	zh := en
	if x, ok := m["x-zh"].(map[string]any); ok {
		if s, ok := x["title"].(string); ok {
			zh = s
		}
	}
	return Text{ZH: zh, EN: en}, true
}

func lookup(tree any, ptr string) any {
	if ptr == "" {
		return tree
	}
	return lookupSegments(tree, strings.Split(strings.TrimPrefix(ptr, "/"), "/"))
}

func lookupSegments(node any, segs []string) any {
	for _, s := range segs {
		if s == "" {
			continue
		}
		s = unescapePointer(s)
		switch t := node.(type) {
		case map[string]any:
			node = t[s]
		case []any:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(t) {
				return nil
			}
			node = t[i]
		default:
			return nil
		}
	}
	return node
}

func unescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var typeWords = map[string]Text{
	"integer": {ZH: "整数", EN: "a whole number"},
	"number":  {ZH: "数字", EN: "a number"},
	"string":  {ZH: "文本", EN: "a string"},
	"object":  {ZH: "对象", EN: "an object"},
	"array":   {ZH: "数组", EN: "an array"},
	"boolean": {ZH: "布尔值", EN: "true or false"},
	"null":    {ZH: "null", EN: "null"},
}

func typeNames(v any) Text {
	var zh, en []string
	for _, t := range stringList(v) {
		w := typeWords[t]
		zh, en = append(zh, w.ZH), append(en, w.EN)
	}
	return Text{ZH: strings.Join(zh, "或"), EN: strings.Join(en, " or ")}
}

func enumList(v any) Text {
	var parts []string
	list, _ := v.([]any)
	for _, x := range list {
		if x == nil {
			parts = append(parts, "null")
			continue
		}
		parts = append(parts, fmt.Sprint(x))
	}
	return Text{ZH: strings.Join(parts, "、"), EN: strings.Join(parts, ", ")}
}

func formatName(v any) Text {
	if v == "date" {
		return Text{ZH: "日期（YYYY-MM-DD）", EN: "date (YYYY-MM-DD)"}
	}
	s := fmt.Sprint(v)
	return Text{ZH: s, EN: s}
}

// DecodeRequest parses and validates a request document and returns it
// typed, or an *Error listing every problem found.
func DecodeRequest(b []byte) (*Request, error) { return decodeRequest(b) }
