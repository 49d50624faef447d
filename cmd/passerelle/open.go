package main

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/secure"
	"github.com/passerelle-org/passerelle/internal/store"
)

// masterKey finds the master key: the environment first, then the key file.
// With create, a missing key file means a new key (the demo and first start):
// it is returned with fresh true and not yet written, so that nothing is
// written before the database has answered (see open).
func (c *config) masterKey(create bool) (k secure.MasterKey, fresh bool, err error) {
	if k, ok, err := secure.MasterKeyFromEnv(); err != nil {
		return k, false, err
	} else if ok && c.masterKeyFile == "" {
		return k, false, nil
	}
	path := c.keyFile()
	k, err = secure.LoadMasterKey(path)
	if err == nil || !create || !errors.Is(err, fs.ErrNotExist) {
		if err != nil {
			return k, false, failure("cli.error.master_key", map[string]any{"File": path}, err)
		}
		return k, false, nil
	}
	k, err = secure.GenerateMasterKey()
	return k, err == nil, err
}

// open opens (and migrates) the database of the configured data folder. A
// new master key is written to its file only once the database has opened
// and is known to hold no data sealed with another key: a command run against
// an unreachable database, or one whose key file is missing, leaves no key
// behind that would not match the data.
func (c *config) open(ctx context.Context, create bool) (*store.DB, error) {
	if create {
		if err := os.MkdirAll(c.dataDir, 0o700); err != nil {
			return nil, err
		}
	} else if c.databaseURL == "" {
		if _, err := os.Stat(c.dataDir); err != nil {
			return nil, failure("cli.error.data_folder", map[string]any{"Dir": c.dataDir}, err)
		}
	}
	k, fresh, err := c.masterKey(create)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, c.storeConfig(), k)
	if err != nil || !fresh {
		return db, err
	}
	if n, err := db.ForeignDataKeys(ctx); err != nil || n > 0 {
		db.Close()
		if err == nil {
			err = fault.New(fault.Internal, "cli.error.master_key_foreign", map[string]any{"File": c.keyFile()})
		}
		return nil, err
	}
	if err := secure.WriteMasterKeyFile(c.keyFile(), k); err != nil {
		db.Close()
		return nil, failure("cli.error.master_key", map[string]any{"File": c.keyFile()}, err)
	}
	return db, nil
}

func (c *config) storeConfig() store.Config {
	return store.Config{DataDir: c.dataDir, DatabaseURL: c.databaseURL, AuditCheckpointDir: c.auditDir}
}
