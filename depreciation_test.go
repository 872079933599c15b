package chamber

import "testing"

// TestMonthlyDepreciation: the months of a life sum exactly to cost less
// residual, nothing past the life or once all is charged.
func TestMonthlyDepreciation(t *testing.T) {
	for _, c := range []struct {
		cost, residual int64
		life           int
	}{{600000, 0, 60}, {100003, 0, 60}, {100003, 5000, 36}, {7, 0, 12}, {1, 0, 1}} {
		var sum int64
		for k := 0; k < c.life+3; k++ {
			m := MonthlyDepreciation(c.cost, c.residual, c.life, k, sum)
			if m < 0 || (k >= c.life && m != 0) {
				t.Fatalf("%+v month %d: %d", c, k, m)
			}
			sum += m
		}
		if sum != c.cost-c.residual {
			t.Fatalf("%+v: charged %d, want %d", c, sum, c.cost-c.residual)
		}
	}
	if m := MonthlyDepreciation(600000, 0, 60, 3, 600000); m != 0 {
		t.Fatalf("fully charged: %d", m)
	}
	if m := MonthlyDepreciation(600000, 0, 0, 0, 0); m != 0 {
		t.Fatalf("no life: %d", m)
	}
}
