package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/passerelle-org/passerelle/internal/secure"
	"github.com/passerelle-org/passerelle/internal/store"
)

// masterKey finds the master key: the environment first, then the key file.
// With create, a missing key file is generated (the demo and first start).
func (c *config) masterKey(create bool) (secure.MasterKey, error) {
	if k, ok, err := secure.MasterKeyFromEnv(); err != nil {
		return k, err
	} else if ok && c.masterKeyFile == "" {
		return k, nil
	}
	path := c.keyFile()
	k, err := secure.LoadMasterKey(path)
	if err == nil || !create || !errors.Is(err, fs.ErrNotExist) {
		if err != nil {
			return k, fmt.Errorf("master key %s: %w", path, err)
		}
		return k, nil
	}
	if k, err = secure.GenerateMasterKey(); err != nil {
		return k, err
	}
	if err := secure.WriteMasterKeyFile(path, k); err != nil {
		return k, fmt.Errorf("master key %s: %w", path, err)
	}
	return k, nil
}

// open opens (and migrates) the database of the configured data folder.
func (c *config) open(ctx context.Context, create bool) (*store.DB, error) {
	if create {
		if err := os.MkdirAll(c.dataDir, 0o700); err != nil {
			return nil, err
		}
	} else if c.databaseURL == "" {
		if _, err := os.Stat(c.dataDir); err != nil {
			return nil, fmt.Errorf("data folder %s: %w (run 'passerelle serve' or 'passerelle demo' first, or pass --data)", c.dataDir, err)
		}
	}
	k, err := c.masterKey(create)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, store.Config{DataDir: c.dataDir, DatabaseURL: c.databaseURL}, k)
}
