package api

import (
	"slices"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestRouteScopeEnum: the document's route scope lists the domain's scopes,
// unknown among them.
func TestRouteScopeEnum(t *testing.T) {
	got := loadDoc(t).Components.Schemas["CaseRoute"].Properties["scope"].Enum
	if !slices.Equal(got, casework.RouteScopes) || !slices.Contains(got, "unknown") {
		t.Fatalf("CaseRoute.scope enum %q, want %q", got, casework.RouteScopes)
	}
}
