package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: opening PostgreSQL: %w", err)
	}
	p.SetMaxOpenConns(25)
	p.SetMaxIdleConns(10)
	p.SetConnMaxIdleTime(5 * time.Minute)
	p.SetConnMaxLifetime(time.Hour)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		// The driver's message may contain the URL's host and user but never
		// its password.
		return nil, fmt.Errorf("store: connecting to PostgreSQL: %w", err)
	}
	return &DB{dialect: Postgres, w: p, r: p}, nil
}
