package api

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestSchemaLimitsMatchDomain: the limits the OpenAPI document states are
// the ones the domain enforces, named here by hand for the organisation and
// user bodies (TestLimitsFromDomain walks the whole table).
func TestSchemaLimitsMatchDomain(t *testing.T) {
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					MaxLength *int     `json:"maxLength"`
					Maximum   *float64 `json:"maximum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"name": account.MaxOrgName, "city": account.MaxCity, "phone": account.MaxPhone, "website": account.MaxWebsite,
		"address": account.MaxAddress, "email": valid.MaxEmail, "country": 3,
	}
	for _, schema := range []string{"OrgCreateBody", "OrgPatchBody"} {
		props := doc.Components.Schemas[schema].Properties
		for field, n := range want {
			if p := props[field]; p.MaxLength == nil || *p.MaxLength != n {
				t.Errorf("%s.%s maxLength %v, domain says %d", schema, field, p.MaxLength, n)
			}
		}
		if p := props["retention_days"]; p.Maximum == nil || int(*p.Maximum) != account.MaxRetentionDays {
			t.Errorf("%s.retention_days maximum %v, domain says %d", schema, p.Maximum, account.MaxRetentionDays)
		}
	}
	u := doc.Components.Schemas["UserCreateBody"].Properties
	if p := u["display_name"]; p.MaxLength == nil || *p.MaxLength != account.MaxDisplayName {
		t.Errorf("display_name maxLength %v, domain says %d", p.MaxLength, account.MaxDisplayName)
	}
	if p := u["email"]; p.MaxLength == nil || *p.MaxLength != valid.MaxEmail {
		t.Errorf("email maxLength %v, domain says %d", p.MaxLength, valid.MaxEmail)
	}
	if p := doc.Components.Schemas["TokenCreateBody"].Properties["name"]; p.MaxLength == nil || *p.MaxLength != store.MaxTokenName {
		t.Errorf("token name maxLength %v, store says %d", p.MaxLength, store.MaxTokenName)
	}
}
