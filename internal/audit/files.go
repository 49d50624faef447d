package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CheckpointDir is the folder of the data folder the server writes its
// checkpoints to; another folder (beside the backups) may be configured too.
const CheckpointDir = "audit-checkpoints"

// PublicKeyFile is the file of the data folder that holds the verifier keys.
const PublicKeyFile = "audit.pub"

// checkpointExt ends every checkpoint file's name.
const checkpointExt = ".checkpoint"

// CopyCheckpointExt is added to a backup copy's name to name the checkpoint
// written beside it.
const CopyCheckpointExt = checkpointExt

// WriteCheckpointFile writes signed (the note of c) to dir as the file of
// c's hour, replacing the hour's earlier one: the folder keeps the last
// checkpoint of every hour, the newest being the current hour's. The file is
// written beside and renamed, so a reader never sees half of one.
func WriteCheckpointFile(dir string, c Checkpoint, signed []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("audit: checkpoint folder: %w", err)
	}
	name := filepath.Join(dir, c.At.UTC().Format("2006-01-02T15")+checkpointExt)
	f, err := os.CreateTemp(dir, ".checkpoint-*")
	if err != nil {
		return fmt.Errorf("audit: checkpoint file: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(signed)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("audit: checkpoint file: %w", err)
	}
	return nil
}

// CheckpointFile is a checkpoint file as read, not yet checked.
type CheckpointFile struct {
	Path string
	Data []byte
}

// ReadCheckpointFiles reads every checkpoint file of dirs, in name order; a
// folder that does not exist holds none.
func ReadCheckpointFiles(dirs ...string) ([]CheckpointFile, error) {
	var out []CheckpointFile
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("audit: checkpoint folder: %w", err)
		}
		for _, e := range ents {
			if e.IsDir() || !strings.HasSuffix(e.Name(), checkpointExt) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("audit: checkpoint file: %w", err)
			}
			out = append(out, CheckpointFile{Path: p, Data: b})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// EnsurePublicKey adds vkey to the key file at path unless it is there
// already, creating the file. Older keys stay: they check older checkpoints.
func EnsurePublicKey(path, vkey string) error {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("audit: public key file: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == vkey {
			return nil
		}
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		vkey = "\n" + vkey
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("audit: public key file: %w", err)
	}
	_, err = f.WriteString(vkey + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit: public key file: %w", err)
	}
	return nil
}
