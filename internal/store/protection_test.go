package store

import (
	"flag"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

var updateDoc = flag.Bool("update-doc", false, "rewrite the column table of docs/data-protection.md")

// dataProtectionDoc is the design document listing each column.
const dataProtectionDoc = "../../docs/data-protection.md"

// Markers around the generated table in the document.
const (
	docBegin = "<!-- columns:begin (generated from store.ColumnProtections: go test ./internal/store -run TestDataProtectionDoc -update-doc) -->\n"
	docEnd   = "<!-- columns:end -->"
)

// schemaColumns lists table.column -> declared type of the migrated schema.
func schemaColumns(t *testing.T, db *DB) map[string]string {
	t.Helper()
	q := `SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	if db.dialect == Postgres {
		q = `SELECT table_name, column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`
	}
	rows, err := db.r.Query(q)
	must(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var table, column, typ string
		must(t, rows.Scan(&table, &column, &typ))
		out[table+"."+column] = strings.ToUpper(typ)
	}
	must(t, rows.Err())
	if len(out) < 100 {
		t.Fatalf("only %d columns: the schema query is wrong", len(out))
	}
	return out
}

// TestEveryColumnIsClassified fails when a migration adds a column that
// ColumnProtections does not classify (sealed, keyed, hashed, staff or
// non-personal, with a reason), when the list names a column that no longer
// exists, and when a column said to be sealed cannot hold ciphertext.
func TestEveryColumnIsClassified(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		cols := schemaColumns(t, db)
		listed := map[string]ColumnProtection{}
		for _, c := range ColumnProtections {
			k := c.Table + "." + c.Column
			if _, dup := listed[k]; dup {
				t.Errorf("%s is listed twice", k)
			}
			if c.Why == "" || c.Protection == "" {
				t.Errorf("%s has no protection or reason", k)
			}
			listed[k] = c
		}
		for _, k := range slices.Sorted(maps.Keys(cols)) {
			typ := cols[k]
			c, ok := listed[k]
			if !ok {
				t.Errorf("column %s (%s) is not in store.ColumnProtections: seal it, or list it as non-personal "+
					"with the reason, then run go test ./internal/store -run TestDataProtectionDoc -update-doc", k, typ)
				continue
			}
			if c.Protection.sealed() && typ != "BLOB" && typ != "BYTEA" {
				t.Errorf("%s is listed as %s but is %s, not a BLOB", k, c.Protection, typ)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(listed)) {
			if _, ok := cols[k]; !ok {
				t.Errorf("store.ColumnProtections lists %s, which the schema does not have", k)
			}
		}
	})
}

// TestDataProtectionDoc checks that docs/data-protection.md holds the table
// generated from ColumnProtections (-update-doc rewrites it).
func TestDataProtectionDoc(t *testing.T) {
	b, err := os.ReadFile(dataProtectionDoc)
	must(t, err)
	doc := string(b)
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no generated table between %q and %q", dataProtectionDoc, docBegin, docEnd)
	}
	want := doc[:i+len(docBegin)] + DataProtectionTable() + doc[j:]
	if want == doc {
		return
	}
	if *updateDoc {
		must(t, os.WriteFile(dataProtectionDoc, []byte(want), 0o644))
		return
	}
	t.Fatalf("%s and store.ColumnProtections differ: run go test ./internal/store -run TestDataProtectionDoc -update-doc", dataProtectionDoc)
}
