package sqlstore_test

import (
	"os"
	"testing"

	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestMain drops the seeded sets (the demo chamber the tests copy) once
// the tests have run.
func TestMain(m *testing.M) {
	code := m.Run()
	sqlstoretest.DropSeeded()
	os.Exit(code)
}
