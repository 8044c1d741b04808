package policy

import "github.com/chujing/chujing/policy/ftz"

// ZoneInfo summarises a zone list edition for hosts and the page: what it
// is, when it applies, how much of it is encoded, and its sectors,
// scenarios and items for a picker. The full sourced data is in
// policy/ftz/lists.
type ZoneInfo struct {
	Key        string       `json:"key"`
	Citation   string       `json:"citation"`
	Zone       string       `json:"zone"`
	Kind       string       `json:"kind"`
	Title      ftz.Title    `json:"title"`
	InForce    string       `json:"in_force"`
	ReplacedBy *string      `json:"replaced_by"`
	Area       ftz.Area     `json:"area"`
	Coverage   ftz.Coverage `json:"coverage"`
	Sectors    []ZoneSector `json:"sectors"`
}

// ZoneSector is a sector of a list with its scenarios and items.
type ZoneSector struct {
	Number    *int      `json:"number"`
	Name      ftz.Text  `json:"name"`
	Scenarios []string  `json:"scenarios"`
	Items     []ZoneRow `json:"items"`
	Coverage  string    `json:"coverage"`
}

// ZoneRow is one printed row of a list.
type ZoneRow struct {
	ID            string    `json:"id"`
	Row           *int      `json:"row"`
	Category      string    `json:"category"`
	Description   *ftz.Text `json:"description"`
	ExampleFields []string  `json:"example_fields"`
	Route         string    `json:"route"`
}

// GBAInfo summarises a Greater Bay Area standard contract.
type GBAInfo struct {
	Key         string     `json:"key"`
	Counterpart string     `json:"counterpart"`
	From        string     `json:"from"`
	Cities      []ftz.City `json:"cities"`
}

func zonesInfo() []ZoneInfo {
	var out []ZoneInfo
	for _, l := range ftz.All() {
		z := ZoneInfo{Key: l.Key, Citation: l.Citation(), Zone: l.Zone, Kind: l.Kind, Title: l.Title,
			InForce: l.Dates.InForce.Date, Area: l.Area, Coverage: l.Coverage, Sectors: []ZoneSector{}}
		if l.ReplacedBy != nil {
			k := l.ReplacedBy.Key
			z.ReplacedBy = &k
		}
		for _, s := range l.Sectors {
			zs := ZoneSector{Number: s.Number, Name: s.Name, Scenarios: []string{}, Items: []ZoneRow{}, Coverage: s.Coverage.Status}
			for _, sc := range s.Scenarios {
				zs.Scenarios = append(zs.Scenarios, sc.Name)
			}
			for _, it := range s.Items {
				zs.Items = append(zs.Items, ZoneRow{ID: it.ID, Row: it.Row, Category: it.Category, Description: it.Description, ExampleFields: it.ExampleFields, Route: it.Route})
			}
			z.Sectors = append(z.Sectors, zs)
		}
		out = append(out, z)
	}
	return out
}

func gbaInfo() []GBAInfo {
	var out []GBAInfo
	for _, g := range ftz.GBAContracts() {
		out = append(out, GBAInfo{Key: g.Key, Counterpart: g.Counterpart, From: g.AvailableFrom.Date, Cities: g.MainlandCities})
	}
	return out
}
