package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserPortalLegalBooking: on a phone, a member opens legal help in
// the portal, picks a free slot of the adviser's office hours, books it
// with a topic and sees the booking; the page fits the screen.
func TestBrowserPortalLegalBooking(t *testing.T) {
	e := legalEnv(t)
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "东莞明理律师事务所"}), 201, &law)
	date := workday(3).Format("2006-01-02")
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", map[string]any{"adviser_contact_id": law.ID, "adviser_person": "李律师",
		"date": date, "start": "14:00", "end": "15:00", "slot_minutes": 30, "place": "商会三楼"}), 201, nil)
	ctx := newBrowser(t, 390, 844)
	step(t, ctx,
		chromedp.Navigate(e.srv.URL+"/login?next=/portal/legal%3Ffrom%3D"+date+"%26to%3D"+date),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "member"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`.slots details summary`),
		chromedp.Click(`.slots details summary`),
		chromedp.WaitVisible(`.slots details textarea[name=topic]`),
		chromedp.SendKeys(`.slots details textarea[name=topic]`, "劳动合同解除补偿咨询"),
		chromedp.Click(`.slots details button[type=submit]`),
		chromedp.WaitVisible(`.bookings li[data-booking]`),
	)
	if flash := textOf(t, ctx, `p.flash`); !strings.Contains(flash, "预约成功") && !strings.Contains(flash, "Booked") {
		t.Fatalf("flash: %q", flash)
	}
	if b := textOf(t, ctx, `.bookings li[data-booking]`); !strings.Contains(b, "14:00–14:30") || !strings.Contains(b, "劳动合同解除补偿咨询") {
		t.Fatalf("booking: %q", b)
	}
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`))
	if err != nil || !fits {
		t.Fatalf("the portal page is wider than the phone: %v", err)
	}
	if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(dir+"/portal-legal-phone.png", png, 0o644)
		}
	}
	var lst struct{ Items []chamber.Consultation }
	decodeInto(t, e.do("fawu", "GET", "/api/v1/legal-consultations", nil), 200, &lst)
	if len(lst.Items) != 1 || lst.Items[0].MemberID != 1 || lst.Items[0].Start != "14:00" {
		t.Fatalf("bookings: %+v", lst.Items)
	}
}
