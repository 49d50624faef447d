package store

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// ErrCodeMismatch means the case code typed to confirm an erasure is not the
// code of the case named: nothing was erased.
var ErrCodeMismatch = errors.New("store: the code typed is not this case's code; nothing was erased")

// EraseCaseConfirmed erases the case only when code (as typed by the
// person erasing, case and spaces ignored) is the case's own code. The
// comparison is against the stored code, so a wrong or forged link cannot
// erase another case. Another organisation's case is ErrNotFound.
func (db *DB) EraseCaseConfirmed(ctx context.Context, id uuid.UUID, code string) error {
	a, err := caseActor(ctx, auth.PermCaseErase)
	if err != nil {
		return err
	}
	// Codes never change, so reading it before the erasing transaction is safe.
	c, _, err := db.loadCase(ctx, db.r, scopeOrg(a), id, false)
	if err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(code), c.Code) {
		return ErrCodeMismatch
	}
	return db.EraseCase(ctx, id)
}
