package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/passerelle-org/passerelle/internal/audit"
)

// TestBackupWhileWriting copies the database while another goroutine keeps
// writing; the copy opens, its audit chains verify and it holds the world.
func TestBackupWhileWriting(t *testing.T) {
	db := openTestSQLite(t)
	w := newWorld(t, db)
	ctx := context.Background()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.Audit(w.asCaseA(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i)}); err != nil {
				writeErr = err
				return
			}
		}
	}()
	dirs := make([]string, 3)
	for i := range dirs {
		dirs[i] = t.TempDir()
		must(t, db.Backup(ctx, filepath.Join(dirs[i], FileName)))
	}
	close(stop)
	wg.Wait()
	must(t, writeErr)

	for _, dir := range dirs {
		path := filepath.Join(dir, FileName)
		st, err := os.Stat(path)
		must(t, err)
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("backup mode %v, want 0600", st.Mode().Perm())
		}
		cp, err := Open(ctx, Config{DataDir: dir}, testMaster)
		must(t, err)
		n, err := cp.VerifyAudit(sysCtx())
		if err != nil || n == 0 {
			t.Fatalf("copy: %d entries, %v", n, err)
		}
		if u, err := cp.UserForLogin(ctx, w.caseA.Email); err != nil || u.ID != w.caseA.ID {
			t.Fatalf("copy lacks users: %v", err)
		}
		must(t, cp.Close())
	}
	// The copy is never written over.
	if err := db.Backup(ctx, filepath.Join(dirs[0], FileName)); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestBackupPostgresSaysPgDump(t *testing.T) {
	db := openTestPostgres(t)
	err := db.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if !errors.Is(err, ErrBackupPostgres) {
		t.Fatalf("got %v", err)
	}
}
