package store

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/secure"
)

func TestKeyStore(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		kr := db.Keys()
		org := w.orgA.ID
		aad := []byte("person.name|0192")
		ct, err := kr.Seal(ctx, org, []byte("Blessing Okafor"), aad)
		must(t, err)
		if bytes.Contains(ct, []byte("Blessing")) {
			t.Fatal("plaintext in ciphertext")
		}
		pt, err := kr.Open(ctx, org, ct, aad)
		must(t, err)
		if string(pt) != "Blessing Okafor" {
			t.Fatalf("opened %q", pt)
		}
		if e := lastAudit(t, db, org); e.Action != "key.create" || e.RecordID != "1" || e.ActorID != w.caseA.ID {
			t.Fatalf("audit %+v", e)
		}
		ks := keyStore{db}
		keys, err := ks.DataKeys(ctx, org)
		must(t, err)
		if len(keys) != 1 || keys[0].Version != 1 || keys[0].MasterID != testMaster.ID() || keys[0].OrgID != org {
			t.Fatalf("keys %+v", keys)
		}
		if err := ks.AddDataKey(ctx, keys[0]); !errors.Is(err, secure.ErrKeyExists) {
			t.Fatalf("duplicate key: %v", err)
		}
		if none, err := ks.DataKeys(ctx, w.orgB.ID); err != nil || len(none) != 0 {
			t.Fatalf("B keys %v %v", none, err)
		}

		// Rotation: new data uses version 2, old data still opens.
		v, err := kr.RotateDataKey(ctx, org)
		must(t, err)
		if v != 2 {
			t.Fatalf("version %d", v)
		}
		if pt, err := kr.Open(ctx, org, ct, aad); err != nil || string(pt) != "Blessing Okafor" {
			t.Fatalf("old data after rotation: %v", err)
		}

		// Subject keys: single creation, shredding leaves a tombstone.
		subj := uuid.Must(uuid.NewV7())
		_, err = ks.SubjectKey(ctx, org, subj)
		wantErr(t, err, secure.ErrNoKey)
		sct, err := kr.SealSubject(ctx, org, subj, []byte("né le 3 mars 2004 à Benin City"), aad)
		must(t, err)
		if err := ks.PutSubjectKey(ctx, org, subj, []byte("other")); !errors.Is(err, secure.ErrKeyExists) {
			t.Fatalf("overwrite: %v", err)
		}
		if _, err := kr.OpenSubject(ctx, org, subj, sct, aad); err != nil {
			t.Fatal(err)
		}
		must(t, kr.Shred(ctx, org, subj))
		if e := lastAudit(t, db, org); e.Action != "subject.shred" || e.RecordID != subj.String() {
			t.Fatalf("audit %+v", e)
		}
		var wrapped []byte
		must(t, db.w.QueryRow(`SELECT wrapped FROM subject_keys WHERE organisation_id = $1 AND subject_id = $2`, org, subj).Scan(&wrapped))
		if wrapped != nil {
			t.Fatal("key material kept after shredding")
		}
		_, err = kr.OpenSubject(ctx, org, subj, sct, aad)
		wantErr(t, err, secure.ErrKeyShredded)
		wantErr(t, ks.PutSubjectKey(ctx, org, subj, []byte("again")), secure.ErrKeyShredded)
		before := snapshot(t, db)
		must(t, ks.ShredSubjectKey(ctx, org, subj)) // twice: nothing more
		sameSnapshot(t, before, snapshot(t, db))
		never := uuid.Must(uuid.NewV7())
		must(t, ks.ShredSubjectKey(ctx, org, never))
		_, err = ks.SubjectKey(ctx, org, never)
		wantErr(t, err, secure.ErrKeyShredded)

		// Master rotation rewraps every key; a ring with the new master reads
		// the old data.
		newMaster, err := secure.GenerateMasterKey()
		must(t, err)
		must(t, kr.RotateMasterKey(ctx, newMaster))
		all, err := ks.AllDataKeys(ctx)
		must(t, err)
		for _, k := range all {
			if k.MasterID != newMaster.ID() {
				t.Fatalf("key %s/%d still wrapped by the old master", k.OrgID, k.Version)
			}
		}
		fresh := secure.NewKeyRing(newMaster, keyStore{db})
		if pt, err := fresh.Open(context.Background(), org, ct, aad); err != nil || string(pt) != "Blessing Okafor" {
			t.Fatalf("after master rotation: %v", err)
		}
		wantErr(t, ks.ReplaceDataKeys(ctx, []secure.WrappedKey{{OrgID: w.orgB.ID, Version: 9, Wrapped: []byte("x")}}), secure.ErrNoKey)
		_, err = db.VerifyAudit(w.sys)
		must(t, err)
	})
}
