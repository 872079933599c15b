package web_test

import (
	"testing"
)

// A yes/no query parameter spelled otherwise is refused, not read as "no";
// a setting replaced by PUT must name every switch, not reset the missing
// ones to off.
func TestFlagsAndFullSettings(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/v1/events?upcoming=yes", "/api/v1/tickets?mine=1", "/api/v1/leave?to_me=zz", "/api/v1/action-items?open=TRUE"} {
		resp := e.do("admin", "GET", path, nil)
		if resp.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", path, resp.StatusCode)
		}
		if er := decodeErr(t, resp); er.Error.Details["fields"] == nil {
			t.Errorf("%s: no field named: %+v", path, er.Error)
		}
	}
	for _, path := range []string{"/api/v1/events?upcoming=true", "/api/v1/events?upcoming=false", "/api/v1/events"} {
		if resp := e.do("admin", "GET", path, nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}

	decodeInto(t, e.do("admin", "PUT", "/api/v1/finance/settings", map[string]bool{"review": true, "leaf_only": true, "no_overdraft": true}), 200, nil)
	resp := e.do("admin", "PUT", "/api/v1/finance/settings", map[string]bool{"review": false})
	if resp.StatusCode != 422 {
		t.Fatalf("partial settings: %d", resp.StatusCode)
	}
	fields, _ := decodeErr(t, resp).Error.Details["fields"].(map[string]any)
	if fields["leaf_only"] == nil || fields["no_overdraft"] == nil || fields["review"] != nil {
		t.Fatalf("fields: %v", fields)
	}
	var fs map[string]bool
	decodeInto(t, e.do("admin", "GET", "/api/v1/finance/settings", nil), 200, &fs)
	if !fs["review"] || !fs["leaf_only"] || !fs["no_overdraft"] {
		t.Fatalf("the refused PUT changed the settings: %v", fs)
	}
}
