package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserPortalLegalAidRequest: on a phone, a member files a legal-aid
// request and adds a photo; staff answer it (with an internal note the
// member never sees) and refer it to a law firm; the member sees the
// answer, and once it is resolved rates it, once.
func TestBrowserPortalLegalAidRequest(t *testing.T) {
	e := newEnv(t)
	e.createMembers(1) // member 1: the portal login "member"'s own
	photo := filepath.Join(t.TempDir(), "合同照片.png")
	// A 1×1 PNG: what a phone camera would send, only smaller.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	if err := os.WriteFile(photo, png, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 390, 844)
	step(t, ctx,
		chromedp.Navigate(e.srv.URL+"/login?next=/portal/tickets"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "member"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`form[action="/portal/tickets"]`),
		chromedp.SetValue(`form[action="/portal/tickets"] select[name=kind]`, string(chamber.TicketLegalAid)),
		// Chinese text goes in as an input method would put it, not key by key.
		chromedp.SetValue(`form[action="/portal/tickets"] input[name=subject]`, "拖欠货款纠纷"),
		chromedp.SetValue(`form[action="/portal/tickets"] textarea[name=body]`, "客户拖欠货款三十万元，合同照片附后，请求法律援助。"),
		chromedp.Submit(`form[action="/portal/tickets"]`),
	)
	// Filed: the list says so; the request's page takes the photo.
	step(t, ctx,
		chromedp.WaitVisible(`.tickets li[data-ticket] a`),
		chromedp.Click(`.tickets li[data-ticket] a`),
		chromedp.WaitVisible(`#attachments input[type=file]`),
		chromedp.SetUploadFiles(`#attachments input[type=file]`, []string{photo}),
		chromedp.Submit(`#attachments form`),
		chromedp.WaitVisible(`#attachments .attachment-list li`),
	)
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if _, err := fmt.Sscanf(url[strings.LastIndex(url, "/")+1:], "%d", &id); err != nil || id == 0 {
		t.Fatalf("not on the request's page: %s", url)
	}
	if att := textOf(t, ctx, `#attachments .attachment-list li`); !strings.Contains(att, "合同照片.png") {
		t.Fatalf("attachment: %q", att)
	}
	var law chamber.Contact
	decodeInto(t, e.do("admin", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "明理律师事务所"}), 201, &law)
	base := fmt.Sprintf("/api/v1/tickets/%d", id)
	for _, r := range []map[string]any{
		{"body": "已收悉，法律顾问将于三个工作日内与您联系。", "internal": false},
		{"body": "内部：对方系老会员，注意调解优先。", "internal": true},
	} {
		if resp := e.do("admin", "POST", base+"/replies", r); resp.StatusCode != 201 {
			t.Fatalf("reply: %d %s", resp.StatusCode, readBody(t, resp))
		}
	}
	if resp := e.do("admin", "POST", base+"/refer", map[string]any{"contact_id": law.ID, "note": "转明理律所"}); resp.StatusCode != 200 && resp.StatusCode != 201 {
		t.Fatalf("refer: %d %s", resp.StatusCode, readBody(t, resp))
	}
	step(t, ctx, chromedp.Reload(), chromedp.WaitVisible(`.replies article.reply`))
	replies := textOf(t, ctx, `.replies`)
	if !strings.Contains(replies, "三个工作日内") || strings.Contains(replies, "调解优先") {
		t.Fatalf("the member's view of the replies: %q", replies)
	}
	if resp := e.do("admin", "POST", base+"/resolve", map[string]any{"outcome": "经律师函催告，对方已付清货款。"}); resp.StatusCode != 200 {
		t.Fatalf("resolve: %d %s", resp.StatusCode, readBody(t, resp))
	}
	step(t, ctx, chromedp.Reload(), chromedp.WaitVisible(`form[action$="/satisfaction"]`),
		chromedp.Click(`form[action$="/satisfaction"] input[name=rating][value="5"]`),
		chromedp.SetValue(`form[action$="/satisfaction"] textarea[name=comment]`, "非常及时"),
		chromedp.Submit(`form[action$="/satisfaction"]`),
		chromedp.WaitVisible(`dd[data-rating="5"]`))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/satisfaction"]').length`)); err != nil || n != 0 {
		t.Fatalf("the rating form is still offered after rating: %d %v", n, err)
	}
	if resp := e.do("member", "POST", base+"/satisfaction", map[string]any{"rating": 1}); resp.StatusCode != 409 {
		t.Fatalf("a second rating: %d", resp.StatusCode)
	}
	if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(dir+"/portal-ticket-phone.png", png, 0o644)
		}
	}
}
