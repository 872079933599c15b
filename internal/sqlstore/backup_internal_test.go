package sqlstore

import (
	"slices"
	"testing"
)

func TestLibpqTarget(t *testing.T) {
	got, err := libpqTarget("postgres://chamber:s3cret@db.example:5433/chamber?sslmode=require&search_path=t_abc&pool_max_conns=10&application_name=x")
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgres://chamber@db.example:5433/chamber?application_name=x&sslmode=require"; got.conn != want {
		t.Errorf("conn = %q, want %q", got.conn, want)
	}
	if got.schema != "t_abc" || !slices.Equal(got.env, []string{"PGPASSWORD=s3cret"}) {
		t.Errorf("schema %q env %q", got.schema, got.env)
	}
	got, _ = libpqTarget("postgres://u@h/db?password=pw")
	if got.conn != "postgres://u@h/db" || !slices.Equal(got.env, []string{"PGPASSWORD=pw"}) || got.schema != "" {
		t.Errorf("password parameter: %+v", got)
	}
}

func TestFirstSchema(t *testing.T) {
	for in, want := range map[string]string{
		"t_abc":                "t_abc",
		"MySchema, public":     "myschema",
		`"$user", public`:      "public",
		`"Odd ""Name""",x`:     `Odd "Name"`,
		` , "$user" ,  ledger`: "ledger",
		"":                     "",
	} {
		if got := firstSchema(in); got != want {
			t.Errorf("firstSchema(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackupSchema(t *testing.T) {
	list := `;
; Archive created at 2026-11-26 09:00:00 CST
;
6; 2615 18595 SCHEMA - t_x postgres
218; 1255 18611 FUNCTION t_x chamber_append_only() postgres
215; 1259 18596 TABLE t_x schema_migrations postgres
3350; 0 18596 TABLE DATA t_x schema_migrations postgres
`
	if s, created, ok := backupSchema(list); s != "t_x" || !created || !ok {
		t.Errorf("schema dump: %q %v %v", s, created, ok)
	}
	whole := "214; 1259 18614 TABLE public schema_migrations postgres\n3338; 0 18614 TABLE DATA public schema_migrations postgres\n"
	if s, created, ok := backupSchema(whole); s != "public" || created || !ok {
		t.Errorf("whole-database dump: %q %v %v", s, created, ok)
	}
	if _, _, ok := backupSchema("3338; 0 18614 TABLE DATA public other postgres\n"); ok {
		t.Error("a dump without schema_migrations passed for a chamber backup")
	}
}
