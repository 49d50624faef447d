package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestExclusiveJobRunsOnce: while one server process runs a job, another on
// the same database skips it; once the first is done, the job can run again.
// Two handles on one database stand for two server processes.
func TestExclusiveJobRunsOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		other := db
		if db.dialect == Postgres {
			other = reopenPostgres(t, db)
		}
		ctx := context.Background()
		started, release := make(chan struct{}), make(chan struct{})
		var runs atomic.Int32
		done := make(chan error, 1)
		go func() {
			_, err := db.Exclusive(ctx, "retention", func(context.Context) error {
				runs.Add(1)
				close(started)
				<-release
				return nil
			})
			done <- err
		}()
		select {
		case <-started:
		case <-time.After(30 * time.Second):
			t.Fatal("the first holder never started")
		}
		ran, err := other.Exclusive(ctx, "retention", func(context.Context) error { runs.Add(1); return nil })
		if err != nil || ran {
			t.Fatalf("second holder ran=%v err=%v while the first held the job", ran, err)
		}
		// Another job is not blocked by this one.
		if ran, err := other.Exclusive(ctx, "linkage-expiry", func(context.Context) error { return nil }); err != nil || !ran {
			t.Fatalf("another job: ran=%v err=%v", ran, err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		ran, err = other.Exclusive(ctx, "retention", func(context.Context) error { runs.Add(1); return nil })
		if err != nil || !ran {
			t.Fatalf("after release: ran=%v err=%v", ran, err)
		}
		if n := runs.Load(); n != 2 {
			t.Fatalf("job ran %d times, want 2", n)
		}
	})
}

// reopenPostgres opens a second handle on db's PostgreSQL database, as a
// second server process would.
func reopenPostgres(t *testing.T, db *DB) *DB {
	t.Helper()
	return reopen(t, db)
}
