package policy

import (
	"github.com/chujing/chujing/policy/calendar"
	"github.com/chujing/chujing/schemas"
)

// Version is the version of chujing's rules and module.
const Version = "0.1.0"

// Info describes what an engine carries: its version, ABI, rule sets,
// instruments and schemas.
type Info struct {
	Kind        string       `json:"kind"`
	Module      string       `json:"module"`
	Version     string       `json:"version"`
	ABI         ABIVersion   `json:"abi"`
	RuleSets    []RuleSet    `json:"rule_sets"`
	Instruments []Instrument `json:"instruments"`
	Schemas     []string     `json:"schemas"`
	// Calendar lists the years of the working-day calendar loaded, each
	// with the State Council notice that set it.
	Calendar []calendar.Year `json:"calendar"`
	// Zones lists every zone list edition carried, with coverage and dates.
	Zones []ZoneInfo `json:"zones"`
	// GBA lists the Greater Bay Area standard contracts.
	GBA []GBAInfo `json:"gba"`
}

// ABIVersion is the module ABI's version; hosts refuse an unknown major.
type ABIVersion struct {
	Major int `json:"major"`
	Minor int `json:"minor"`
}

// GetInfo returns what this engine carries, for the given ABI version.
func GetInfo(major, minor int) Info {
	return Info{
		Kind:        "info",
		Module:      "chujing",
		Version:     Version,
		ABI:         ABIVersion{major, minor},
		RuleSets:    rules.RuleSets,
		Instruments: rules.Instruments,
		Schemas:     schemas.Names(),
		Calendar:    calendar.Default().Years(),
		Zones:       zonesInfo(),
		GBA:         gbaInfo(),
	}
}

// InfoJSON is GetInfo as JSON.
func InfoJSON(major, minor int) []byte { return marshal(GetInfo(major, minor)) }

// UnknownSchemaJSON is the error document for a schema name that does not
// exist.
func UnknownSchemaJSON(name string) []byte {
	return errorJSON([]Problem{problem("", CodeUnknownReference, name)})
}

// BadBufferJSON is the error document for input the host did not place in
// a buffer from alloc.
func BadBufferJSON() []byte {
	return errorJSON([]Problem{problem("", CodeInternal, "input is not inside a buffer from alloc")})
}

// TooLarge is the problem of a request of n bytes, over MaxRequestBytes.
// Hosts use it for input too large to hand to the module at all.
func TooLarge(n int) Problem { return problem("", CodeTooLarge, n, MaxRequestBytes) }

// ErrorDocJSON encodes problems as an error document, byte for byte as the
// module would.
func ErrorDocJSON(ps []Problem) []byte { return errorJSON(ps) }
