package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	Y = true
	N = false
)

// permissionTable is written out by hand, on purpose: it is the specification
// the map in permission.go must match, cell by cell.
var permissionTable = []struct {
	perm Permission
	// caseworker, supervisor, org_admin, coordinator, analyst, admin
	want [6]bool
}{
	//                       cw sup oa coo ana adm
	{PermAccountSelf, [6]bool{Y, Y, Y, Y, Y, Y}},
	{PermOrgView, [6]bool{Y, Y, Y, Y, Y, Y}},
	{PermOrgEdit, [6]bool{N, N, Y, N, N, Y}},
	{PermOrgCreate, [6]bool{N, N, N, N, N, Y}},
	{PermOrgListAll, [6]bool{N, N, N, N, N, Y}},
	{PermDirectory, [6]bool{Y, Y, Y, Y, Y, Y}},
	{PermUserView, [6]bool{N, Y, Y, N, N, Y}},
	{PermUserManage, [6]bool{N, N, Y, N, N, Y}},
	{PermAuditView, [6]bool{N, N, Y, N, N, Y}},
	{PermCaseRead, [6]bool{Y, Y, N, N, N, N}},
	{PermCaseWrite, [6]bool{Y, Y, N, N, N, N}},
	{PermCaseApprove, [6]bool{N, Y, N, N, N, N}},
	{PermCaseErase, [6]bool{N, N, Y, N, N, N}},
	{PermCaseExport, [6]bool{N, Y, N, N, N, N}},
	{PermLinkageRun, [6]bool{N, N, N, Y, N, N}},
	{PermLinkageApprove, [6]bool{N, N, Y, N, N, N}},
	{PermEstimate, [6]bool{N, N, N, Y, Y, N}},
	{PermProgrammeView, [6]bool{N, Y, Y, Y, Y, N}},
	{PermProgrammeEdit, [6]bool{N, N, N, Y, N, N}},
	{PermProgrammeOwn, [6]bool{N, Y, Y, Y, N, N}},
	{PermDirectoryEdit, [6]bool{N, N, Y, N, N, N}},
	{PermDirectoryCurate, [6]bool{N, N, N, Y, N, Y}},
	{PermNotifyWebhooks, [6]bool{N, N, Y, N, N, N}},
	{PermNotifyOutbox, [6]bool{N, N, N, N, N, Y}},
	{PermPrivacyBudget, [6]bool{N, N, N, Y, N, Y}},
	{PermReport, [6]bool{N, Y, N, Y, Y, N}},
	{PermReportNetwork, [6]bool{N, N, N, Y, Y, N}},
	{PermDatasetManage, [6]bool{N, N, N, Y, N, N}},
	{PermStatistics, [6]bool{N, N, N, Y, Y, N}},
	{PermCaseStatistics, [6]bool{N, Y, N, Y, Y, N}},
	{PermStatisticsNetwork, [6]bool{N, N, N, Y, Y, N}},
}

var tableRoles = [6]Role{Caseworker, Supervisor, OrgAdmin, Coordinator, Analyst, Admin}

func TestPermissionTable(t *testing.T) {
	for _, row := range permissionTable {
		for i, r := range tableRoles {
			if got := Allowed(r, row.perm); got != row.want[i] {
				t.Errorf("Allowed(%s, %s) = %v, want %v", r, row.perm, got, row.want[i])
			}
			if got := (Actor{Role: r}).Can(row.perm); got != row.want[i] {
				t.Errorf("Actor{%s}.Can(%s) = %v, want %v", r, row.perm, got, row.want[i])
			}
		}
	}
}

// TestPermissionTableComplete: the literal table covers every role and every
// permission the map grants, so a new permission or role cannot slip past it.
func TestPermissionTableComplete(t *testing.T) {
	inTable := map[Permission]bool{}
	for _, row := range permissionTable {
		if inTable[row.perm] {
			t.Errorf("permission %s twice in the table", row.perm)
		}
		inTable[row.perm] = true
	}
	if len(Roles) != len(tableRoles) {
		t.Fatalf("auth.Roles has %d roles, the table %d", len(Roles), len(tableRoles))
	}
	for i, r := range Roles {
		if tableRoles[i] != r {
			t.Errorf("role %d is %s, table has %s", i, r, tableRoles[i])
		}
		for _, p := range Permissions(r) {
			if !inTable[p] {
				t.Errorf("role %s has permission %s, missing from the table", r, p)
			}
		}
	}
}

func TestPermissionRules(t *testing.T) {
	for _, row := range permissionTable {
		for _, r := range []Role{"", "root", "Admin", "caseworker ", "superuser"} {
			if Allowed(r, row.perm) {
				t.Errorf("unknown role %q may %s", r, row.perm)
			}
		}
		isCase := len(row.perm) > 5 && row.perm[:5] == "case."
		if isCase && Allowed(Analyst, row.perm) {
			t.Errorf("analyst has case permission %s", row.perm)
		}
		if row.perm != PermOrgCreate {
			continue
		}
		for _, r := range Roles {
			if Allowed(r, PermOrgCreate) != (r == Admin) {
				t.Errorf("org.create for %s = %v; only admin may create organisations", r, Allowed(r, PermOrgCreate))
			}
		}
	}
	if Allowed(Coordinator, PermCaseRead) {
		t.Error("coordinator can read cases")
	}
	if Allowed(Admin, PermCaseRead) || Allowed(Admin, PermCaseExport) {
		t.Error("platform admin can read or export cases")
	}
	if !(Actor{System: true}).Can(PermOrgCreate) || (Actor{}).Can(PermAccountSelf) {
		t.Error("system actor must do anything; a zero actor nothing")
	}
	// Permissions returns a copy.
	p := Permissions(Caseworker)
	p[0] = PermOrgCreate
	if Allowed(Caseworker, PermOrgCreate) {
		t.Error("changing the result of Permissions changed the table")
	}
}

// permNames maps each permission of the table to its constant's name.
func permNames(t *testing.T) map[Permission]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "permission.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[Permission]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && len(vs.Values) == 1 {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok && strings.HasPrefix(vs.Names[0].Name, "Perm") {
				names[Permission(strings.Trim(lit.Value, `"`))] = vs.Names[0].Name
			}
		}
		return true
	})
	return names
}

// TestEveryPermissionChecked: each permission is checked somewhere outside
// this package (auth.PermX in Go code, or can "x" in a template), so the
// table holds no permission that guards nothing.
func TestEveryPermissionChecked(t *testing.T) {
	names := permNames(t)
	if len(names) != len(permissionTable) {
		t.Fatalf("permission.go declares %d permissions, the table has %d rows", len(names), len(permissionTable))
	}
	var src strings.Builder
	for _, root := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path == filepath.Join("../../internal", "auth") {
				return filepath.SkipDir
			}
			if d.IsDir() || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
				return nil
			}
			b, err := os.ReadFile(path)
			src.Write(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all := src.String()
	for _, row := range permissionTable {
		name := names[row.perm]
		if !strings.Contains(all, "auth."+name) && !strings.Contains(all, `can "`+string(row.perm)+`"`) {
			t.Errorf("%s (%s) is checked nowhere: remove it or check it", name, row.perm)
		}
	}
}
