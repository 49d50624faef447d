// Package hsds reads and writes the directory in the Open Referral Human
// Services Data Specification 3.0 (HSDS), in the JSON form of its API: a page
// of organizations ({"total_items", ..., "contents": [...]}), each with its
// phones, its location (address, languages, opening hours as weekly
// schedules) and its services nested, as the specification's examples and
// compiled schemas (schema/compiled/organization.json) have them.
//
// Passerelle's vocabulary travels as HSDS attributes whose taxonomy_term is a
// term of one taxonomy, Taxonomy ("passerelle"): codes "service:<code>" on
// each service and "population:<code>" for whom; on the organization
// "org_type:<type>", "role:<role>" with the country (ISO 3166-1 alpha-3) as
// value, "capacity:places" and "capacity:available" with a number, and
// "referrals:accepting" with "true" or "false". Only the directory's public
// fields are written: no address line, no contact person.
//
// Reading is strict where a value would be guessed: a service without a term
// of the service vocabulary, an unknown code, a country or a language that is
// not a code, a schedule that is not weekly is an error naming the record and
// the field (valid.Errors, fields "records[i]...."); fields Passerelle does
// not keep (descriptions, contacts, funding) are ignored. Nothing is written
// here: the store imports the listings all or nothing.
package hsds

// Page is the HSDS API's paginated list, holding every organization.
type Page struct {
	TotalItems int            `json:"total_items"`
	TotalPages int            `json:"total_pages"`
	PageNumber int            `json:"page_number"`
	Size       int            `json:"size"`
	FirstPage  bool           `json:"first_page"`
	LastPage   bool           `json:"last_page"`
	Empty      bool           `json:"empty"`
	Contents   []Organization `json:"contents"`
}

// Organization is HSDS's organization with what Passerelle reads and writes.
type Organization struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Email       string      `json:"email,omitempty"`
	Website     string      `json:"website,omitempty"`
	Phones      []Phone     `json:"phones,omitempty"`
	Locations   []Location  `json:"locations,omitempty"`
	Services    []Service   `json:"services,omitempty"`
	Attributes  []Attribute `json:"attributes,omitempty"`
}

// Phone is a phone number.
type Phone struct {
	ID     string `json:"id"`
	Number string `json:"number"`
}

// Location is where the organization receives people.
type Location struct {
	ID           string     `json:"id"`
	LocationType string     `json:"location_type"`
	Name         string     `json:"name,omitempty"`
	Addresses    []Address  `json:"addresses,omitempty"`
	Languages    []Language `json:"languages,omitempty"`
	Schedules    []Schedule `json:"schedules,omitempty"`
}

// Address is a location's address; only the city and the country are kept.
type Address struct {
	ID            string `json:"id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Language is a language spoken (ISO 639 code).
type Language struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Code string `json:"code"`
}

// Schedule is a weekly opening: days (iCalendar BYDAY) and times.
type Schedule struct {
	ID       string `json:"id"`
	Freq     string `json:"freq,omitempty"`
	Wkst     string `json:"wkst,omitempty"`
	Byday    string `json:"byday,omitempty"`
	OpensAt  string `json:"opens_at,omitempty"`
	ClosesAt string `json:"closes_at,omitempty"`
}

// Service is one service of the organization.
type Service struct {
	ID                 string              `json:"id"`
	OrganizationID     string              `json:"organization_id,omitempty"`
	Name               string              `json:"name"`
	AlternateName      string              `json:"alternate_name,omitempty"`
	Description        string              `json:"description,omitempty"`
	Status             string              `json:"status"`
	Languages          []Language          `json:"languages,omitempty"`
	Schedules          []Schedule          `json:"schedules,omitempty"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Attributes         []Attribute         `json:"attributes,omitempty"`
	// Organization is set when a service is read on its own (the API's
	// /services/{id}); it is not written.
	Organization *Organization `json:"organization,omitempty"`
}

// ServiceAtLocation says a service is given at a location.
type ServiceAtLocation struct {
	ID         string `json:"id"`
	ServiceID  string `json:"service_id,omitempty"`
	LocationID string `json:"location_id,omitempty"`
}

// Attribute links a record to a taxonomy term, with an optional value.
type Attribute struct {
	ID           string        `json:"id"`
	LinkID       string        `json:"link_id,omitempty"`
	LinkEntity   string        `json:"link_entity,omitempty"`
	Value        string        `json:"value,omitempty"`
	TaxonomyTerm *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// TaxonomyTerm is a term of a taxonomy.
type TaxonomyTerm struct {
	ID             string          `json:"id"`
	Code           string          `json:"code,omitempty"`
	Name           string          `json:"name"`
	Description    string          `json:"description"`
	Taxonomy       string          `json:"taxonomy,omitempty"`
	TaxonomyDetail *TaxonomyDetail `json:"taxonomy_detail,omitempty"`
	Language       string          `json:"language,omitempty"`
}

// TaxonomyDetail describes a taxonomy.
type TaxonomyDetail struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}
